"""Split by area: intake.py and harmonise.py, scoring.py, and lifecycle (decisions, measures, board)."""
