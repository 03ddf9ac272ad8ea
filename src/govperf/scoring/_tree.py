"""The redistribute policy's re-weighted tree sums, at any depth."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..data._data import Units
from ..exceptions import DataError, Problem
from ..scheme._sums import COMBINE_CODES
from ._compile import CompiledScheme


def _redistribute(
    compiled: CompiledScheme,
    leaf_pts: np.ndarray,
    present: np.ndarray,
    max_pts: Sequence[np.ndarray],
    units: Units,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every node's points when missing leaves are left out, the base totals, and each
    top-tier node's contribution to the base.

    Node points have shape (units, nodes); contributions (units, top-tier nodes).  A
    top-tier node's contribution is its points scaled to the scheme's total: the same
    as its points for an inner node (already scaled), but not for a leaf in the top
    tier, which keeps its own points (never above its maximum) while the total counts
    it scaled.  The published base is the sum of the published contributions.

    Bottom-up, tier by tier: an inner node gets the points of its children that have
    data, scaled to its own maximum by the maximum those children could reach
    (``got × points / available``); a node none of whose children has data has no
    data itself (NaN), and its parent shares its points out the same way.  At the top
    the available top-tier points are scaled to the scheme's total, and that factor
    is applied to every inner node; a top-tier node without data then shows 0.
    ``max_pts`` are each leaf's maxima per unit; inner nodes' come from the unit's
    group.  A ``mean`` branch is shared out exactly like a sum (the points-weighted
    mean of the children with data is ``got × points / available``); a ``min`` or
    ``max`` branch takes the lowest or highest of those children, scaled to it.
    """
    unit_ids = units.ids
    node_max = np.array(compiled.node_max_for(compiled.group_codes(units.groups)), order="F")
    node_max[:, compiled.leaf_nodes] = np.column_stack(max_pts) if max_pts else 0.0
    n = leaf_pts.shape[0]
    n_nodes = len(compiled.node_ids)
    leaves = compiled.leaf_nodes
    value = np.zeros((n, n_nodes), order="F")
    ok = np.zeros((n, n_nodes), dtype=bool, order="F")
    value[:, leaves] = np.where(present, leaf_pts, 0.0)
    ok[:, leaves] = present
    got = np.zeros((n, n_nodes), order="F")
    avail = np.zeros((n, n_nodes), order="F")
    code = compiled.node_combine
    # a min/max branch: the lowest/highest of its children with data, each scaled to
    # it (NaN until one is seen); sum and mean branches share their points as above
    extreme = np.full((n, n_nodes), np.nan, order="F") if compiled.combined else None
    for tier in compiled.sum_plan:
        done = []
        for parents, kids in tier:
            got[:, parents] += np.where(ok[:, kids], value[:, kids], 0.0)
            avail[:, parents] += np.where(ok[:, kids], node_max[:, kids], 0.0)
            done.append(parents)
            if extreme is None:
                continue
            for c, pick in ((COMBINE_CODES["min"], np.fmin), (COMBINE_CODES["max"], np.fmax)):
                sel = code[parents] == c
                if sel.any():
                    p, k = parents[sel], kids[sel]
                    with np.errstate(invalid="ignore", divide="ignore"):
                        scaled = value[:, k] * node_max[:, p] / node_max[:, k]
                    extreme[:, p] = pick(extreme[:, p], np.where(ok[:, k], scaled, np.nan))
        cols = np.concatenate(done)
        has = avail[:, cols] > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            value[:, cols] = np.where(has, got[:, cols] * node_max[:, cols] / avail[:, cols], 0.0)
            if extreme is not None:
                mm = (code[cols] == COMBINE_CODES["min"]) | (code[cols] == COMBINE_CODES["max"])
                value[:, cols[mm]] = np.where(has[:, mm], extreme[:, cols[mm]], 0.0)
        ok[:, cols] = has
    top = compiled.top_nodes
    avail_top = np.where(ok[:, top], node_max[:, top], 0.0).sum(axis=1)
    empty = np.flatnonzero(avail_top == 0)
    if len(empty):
        raise DataError(
            [
                Problem(
                    message=f"unit {unit_ids[u]} has no data at all; nothing to redistribute",
                    path=(unit_ids[u],),
                    code="missing",
                    unit=unit_ids[u],
                )
                for u in empty
            ]
        )
    scale = compiled.scheme.total_points / avail_top
    inner = np.ones(n_nodes, dtype=bool)
    inner[leaves] = False
    out = np.where(ok, value, np.nan)
    out[:, top] = np.where(ok[:, top], value[:, top], 0.0)
    contribution = out[:, top] * scale[:, None]
    base = contribution.sum(axis=1)
    out[:, inner] *= scale[:, None]
    out[:, leaves] = leaf_pts
    return np.asfortranarray(out), base, contribution
