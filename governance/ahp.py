"""The analytic hierarchy process (Saaty): weights of the strategic drivers from pairwise comparisons.

Pure functions on numbers (no ORM): the principal eigenvector of the reciprocal comparison matrix, normalised to
sum to 1, and the consistency ratio CR = CI / RI with CI = (λmax − n) / (n − 1) and Saaty's random index RI. A CR
above 0.1 means the comparisons contradict each other enough that they should be revisited (Saaty 1980).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Saaty's random consistency index by matrix size (1..10); sizes 1 and 2 are always consistent.
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}
CR_LIMIT = 0.1
SCALE = (1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9)  # the values a comparison may take


@dataclass(frozen=True)
class Weights:
    weights: tuple[float, ...]
    lambda_max: float
    ci: float
    cr: float

    @property
    def consistent(self) -> bool:
        return self.cr <= CR_LIMIT


def matrix_from_pairs(n: int, pairs: dict[tuple[int, int], float]) -> np.ndarray:
    """The reciprocal matrix of `n` items from the upper triangle: pairs[(i, j)] (i < j) says how many times more
    important item i is than item j (1/9 … 9); a missing pair counts as equal."""
    if n > max(RANDOM_INDEX):
        raise ValueError(f"at most {max(RANDOM_INDEX)} items can be compared")
    m = np.ones((n, n))
    for (i, j), value in pairs.items():
        if not (0 <= i < j < n) or value <= 0:
            raise ValueError(f"bad comparison {(i, j)}: {value}")
        m[i, j], m[j, i] = value, 1 / value
    return m


def weights_from_matrix(m: np.ndarray) -> Weights:
    """The principal (Perron) eigenvector of a positive reciprocal matrix, normalised, and its consistency."""
    n = m.shape[0]
    if n == 0:
        return Weights((), 0.0, 0.0, 0.0)
    values, vectors = np.linalg.eig(m)
    k = int(np.argmax(values.real))
    vector = np.abs(vectors[:, k].real)
    weights = vector / vector.sum()
    lambda_max = float(values[k].real)
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX.get(n, RANDOM_INDEX[10])
    cr = ci / ri if ri else 0.0
    return Weights(tuple(float(w) for w in weights), lambda_max, max(ci, 0.0), max(cr, 0.0))


def weights_from_pairs(n: int, pairs: dict[tuple[int, int], float]) -> Weights:
    return weights_from_matrix(matrix_from_pairs(n, pairs))


def normalise(values: list[float]) -> tuple[float, ...]:
    """Directly set weights, scaled to sum to 1 (all zero: equal weights)."""
    total = sum(values)
    if not values:
        return ()
    if total <= 0:
        return tuple(1 / len(values) for _ in values)
    return tuple(v / total for v in values)
