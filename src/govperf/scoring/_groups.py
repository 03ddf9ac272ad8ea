"""Unit groups (分类考核): each unit's group, and the maxima it brings."""

from __future__ import annotations

import numpy as np

from ..data._data import EvaluationData
from ._bind import _Binder
from ._compile import CompiledScheme


def _group_codes(compiled: CompiledScheme, data: EvaluationData, binder: _Binder) -> np.ndarray:
    """Each unit's group code; with groups declared, a unit without one is a problem."""
    units = data.units
    codes = compiled.group_codes(units.groups)
    if compiled.group_ids:
        declared = ", ".join(compiled.group_ids)
        for bad in np.flatnonzero(codes < 0):
            u = int(bad)
            group = units.groups[u]
            who = f"unit {units.ids[u]} ({units.names[u]})"
            message = (
                f"{who} has no group; scheme {compiled.scheme.id} scores units by group "
                f"(groups: {declared})"
                if group is None
                else f"{who} is in group {group!r}, which scheme {compiled.scheme.id} does "
                f"not declare (groups: {declared})"
            )
            binder.add(
                "units",
                message,
                (units.ids[u], "group"),
                "unknown-group",
                unit=units.ids[u],
            )
    return codes


def _leaf_maxima(compiled: CompiledScheme, codes: np.ndarray) -> list[np.ndarray]:
    """Each leaf's maximum per unit: a zero-copy broadcast where all units share it."""
    n = len(codes)
    if not compiled.group_ids:
        return [np.broadcast_to(np.float64(m), (n,)) for m in compiled.leaf_max]
    out: list[np.ndarray] = []
    by_unit = compiled.node_max_for(codes)
    for j, k in enumerate(compiled.leaf_nodes):
        column = compiled.group_max[:, k]
        if np.array_equal(column, np.full_like(column, compiled.leaf_max[j]), equal_nan=True):
            out.append(np.broadcast_to(np.float64(compiled.leaf_max[j]), (n,)))
        else:
            out.append(np.ascontiguousarray(by_unit[:, k]))
    return out
