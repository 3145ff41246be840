"""Demo and reference data: the real landscape of the source documents (`tables`, `digdir`, `organisations`), the
default scoring rubric for the demo (`criteria`), and clearly flagged illustrative data (`illustrative`). Loaded by
`manage.py load_demo`."""
