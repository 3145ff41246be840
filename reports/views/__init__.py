"""Pages of the reports app: rounds and status forms (rounds.py), the report and its documents (documents.py)."""
