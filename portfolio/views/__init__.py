"""The portfolio's pages, thin and one module per area: intake and calls, proposals and harmonisation, scoring,
and the lifecycle (board, decisions, measures)."""
