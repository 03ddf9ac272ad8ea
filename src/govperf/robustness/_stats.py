"""Per-unit statistics of rank matrices: quantiles, grade and award counts (shared by the
in-memory and the dask paths)."""

from __future__ import annotations

import numpy as np

QUANTILES = (0.05, 0.5, 0.95)
"""The 5 %, 50 % and 95 % quantiles."""


def _quantiles(ranks: np.ndarray, cells: int = 4_000_000) -> np.ndarray:
    """(3, units): the 5 %, 50 % and 95 % quantiles of each unit's ranks over the sets
    in which it is ranked (0 = unranked), by linear interpolation between order
    statistics (numpy's default method), NaN for a unit never ranked.

    Each block of units is transposed and sorted along its rows (contiguous), the
    unranked zeros first; the order statistics of the ranked sets follow them.
    """
    k, n = ranks.shape
    if n * (n + 1) <= cells:
        return _histogram_quantiles(ranks)
    out = np.full((len(QUANTILES), n), np.nan)
    block = max(1, cells // max(k, 1))
    for s in range(0, n, block):
        part = np.sort(np.ascontiguousarray(ranks[:, s : s + block].T), axis=1)
        zeros = np.count_nonzero(part == 0, axis=1)
        m = k - zeros  # ranked sets per unit
        live = m > 0
        rows = np.flatnonzero(live)
        for qi, q in enumerate(QUANTILES):
            h = (m[rows] - 1) * q
            lo = np.floor(h).astype(np.int64)
            hi = np.minimum(lo + 1, m[rows] - 1)
            a = part[rows, zeros[rows] + lo].astype(float)
            b = part[rows, zeros[rows] + hi].astype(float)
            out[qi, s + rows] = a + (h - lo) * (b - a)
    return out


def _histogram_quantiles(ranks: np.ndarray) -> np.ndarray:
    """:func:`_quantiles` from each unit's histogram of ranks (for up to a few thousand
    units): one count over all sets, then the order statistics from cumulative counts."""
    k, n = ranks.shape
    out = np.full((len(QUANTILES), n), np.nan)
    counts = np.zeros(n * (n + 1), dtype=np.int64)
    shift = (np.arange(n, dtype=np.int64) * (n + 1))[None, :]
    block = max(1, 1_000_000 // max(n, 1))
    for s in range(0, k, block):  # a block of sets at a time: memory stays small
        counts += np.bincount((ranks[s : s + block] + shift).ravel(), minlength=len(counts))
    counts = counts.reshape(n, n + 1)
    m = k - counts[:, 0]  # ranked sets per unit
    cum = np.cumsum(counts[:, 1:], axis=1)  # cum[u, r - 1]: sets with rank ≤ r
    rows = np.flatnonzero(m > 0)
    if not len(rows):
        return out
    offset = (rows * (k + 1))[:, None]
    table = (cum[rows] + offset).ravel()  # every row non-decreasing, rows apart

    def stat(j: np.ndarray) -> np.ndarray:
        """The rank at order statistic ``j`` (0-based) of each live unit."""
        at = np.searchsorted(table, j + offset[:, 0], side="right")
        return (at - np.arange(len(rows)) * n + 1).astype(float)

    for qi, q in enumerate(QUANTILES):
        h = (m[rows] - 1) * q
        lo = np.floor(h).astype(np.int64)
        hi = np.minimum(lo + 1, m[rows] - 1)
        a, b = stat(lo), stat(hi)
        out[qi, rows] = a + (h - lo) * (b - a)
    return out


def _award_counts(award: np.ndarray, k: int) -> np.ndarray:
    """How many of ``k`` sets leave each unit eligible for awards."""
    if award.ndim == 1:
        return award.astype(np.int64) * k
    return award.sum(axis=0)


def _grade_counts(grade: np.ndarray, n_grades: int) -> np.ndarray:
    """(units, grades + 1): how many sets gave each unit each grade (last: none).

    One count of ``grade + 1`` (none first, so no pass maps −1 away) in each unit's
    own stretch of bins, then the none column moved last.
    """
    n = grade.shape[1]
    if not n_grades:
        return np.concatenate([np.zeros((n, 0), np.int64), np.full((n, 1), len(grade))], axis=1)
    width = n_grades + 1
    flat = grade.astype(np.intp)
    flat += (np.arange(n, dtype=np.intp) * width + 1)[None, :]
    counts = np.bincount(flat.ravel(), minlength=n * width).reshape(n, width)
    return np.roll(counts, -1, axis=1)
