"""Sums up the tree, and the redistribute policy's re-weighted sums."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..exceptions import DataError, Problem
from ._compile import CompiledScheme

if TYPE_CHECKING:
    pass


def _redistribute(
    compiled: CompiledScheme,
    leaf_pts: np.ndarray,
    present: np.ndarray,
    max_pts: list[np.ndarray],
    unit_ids: tuple[str, ...],
) -> tuple[np.ndarray, np.ndarray]:
    n = leaf_pts.shape[0]
    n_ind = len(compiled.indicator_points)
    n_lvl = len(compiled.level_points)
    ind = np.full((n, n_ind), np.nan)
    for i in range(n_ind):
        cols = np.flatnonzero(compiled.leaf_indicator == i)
        tops = np.column_stack([max_pts[j] for j in cols])
        avail = np.where(present[:, cols], tops, 0.0).sum(axis=1)
        got = np.where(present[:, cols], leaf_pts[:, cols], 0.0).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            ind[:, i] = np.where(avail > 0, got * compiled.indicator_points[i] / avail, np.nan)
    lvl = np.full((n, n_lvl), np.nan)
    for k in range(n_lvl):
        cols = np.flatnonzero(compiled.indicator_level == k)
        ok = ~np.isnan(ind[:, cols])
        avail = np.where(ok, compiled.indicator_points[cols], 0.0).sum(axis=1)
        got = np.where(ok, ind[:, cols], 0.0).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            lvl[:, k] = np.where(avail > 0, got * compiled.level_points[k] / avail, np.nan)
    ok = ~np.isnan(lvl)
    avail = np.where(ok, compiled.level_points, 0.0).sum(axis=1)
    empty = np.flatnonzero(avail == 0)
    if len(empty):
        raise DataError(
            [
                Problem(
                    message=f"unit {unit_ids[u]} has no data at all; nothing to redistribute",
                    path=(unit_ids[u],),
                    code="missing",
                )
                for u in empty
            ]
        )
    scale = compiled.scheme.total_points / avail
    return ind * scale[:, None], np.where(ok, lvl, 0.0) * scale[:, None]
