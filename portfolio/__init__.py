"""Steps 1-3 and 5 of dynamic benefit management: proposals and their workflow (`workflow.py`), harmonising, scoring,
the measures, their benefits and the missions with their targets."""
