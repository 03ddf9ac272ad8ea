"""Sums up the tree: indicator and level points from leaf points, for all units at once.

Pure arithmetic over the scheme's structure, shared by the engine (tie-breaks) and
by results (node points on demand), so neither calls the other.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

__all__ = ["TreeArrays", "tree_sums"]


class TreeArrays(Protocol):
    """The structure arrays :func:`tree_sums` needs (a compiled scheme has them)."""

    @property
    def leaf_indicator(self) -> np.ndarray: ...
    @property
    def indicator_level(self) -> np.ndarray: ...
    @property
    def indicator_points(self) -> np.ndarray: ...
    @property
    def level_points(self) -> np.ndarray: ...


def tree_sums(compiled: TreeArrays, leaf_pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indicator and level points as plain sums of the leaves (no redistribution)."""
    n = leaf_pts.shape[0]
    ind = np.zeros((n, len(compiled.indicator_points)), order="F")
    for j, i in enumerate(compiled.leaf_indicator):
        ind[:, i] += leaf_pts[:, j]
    lvl = np.zeros((n, len(compiled.level_points)), order="F")
    for i, k in enumerate(compiled.indicator_level):
        lvl[:, k] += ind[:, i]
    return ind, lvl
