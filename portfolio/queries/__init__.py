"""The portfolio's reads beyond a filter: the board, the proposal list and search, overlap suggestions,
intake helpers and the scoring matrix."""
