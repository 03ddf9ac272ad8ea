"""Sums up the tree: every node's points from leaf points, for all units at once.

Pure arithmetic over the scheme's structure, shared by the engine (tie-breaks) and
by results (node points on demand), so neither calls the other.

A tree of any depth is summed bottom-up, one tier at a time, deepest first.  Within
a tier the ``k``-th children of all parents are added into their parents in one
array operation, for ``k = 0, 1, …``; so each node is ``0 + child₀ + child₁ + …`` in
tree order, exactly as a hand-written loop would add them, for every unit together.

A branch whose ``combine`` is ``min``, ``max`` or ``mean`` takes, in the same pass,
the lowest, the highest or the points-weighted mean of its children's results, each
scaled to the branch's own points (``result × node points / child points``).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from .._rounding import half_up_units, round_half_up

__all__ = [
    "COMBINE_CODES",
    "SumPlan",
    "TopArrays",
    "TreeArrays",
    "cents",
    "leaf_cents_sum",
    "published_base",
    "published_sums",
    "sum_plan",
    "tree_sums",
]

COMBINE_CODES = {"sum": 0, "min": 1, "max": 2, "mean": 3}
"""``Node.combine`` as the small integers of a compiled scheme's ``node_combine``."""

SumPlan = tuple[tuple[tuple[np.ndarray, np.ndarray], ...], ...]
"""Per tier, deepest first: ``(parents, children)`` position pairs, one per sibling rank."""


class TreeArrays(Protocol):
    """The structure arrays :func:`tree_sums` needs (a compiled scheme has them)."""

    @property
    def node_ids(self) -> tuple[str, ...]: ...
    @property
    def leaf_nodes(self) -> np.ndarray: ...
    @property
    def sum_plan(self) -> SumPlan: ...
    @property
    def node_max(self) -> np.ndarray: ...
    @property
    def node_combine(self) -> np.ndarray: ...


class TopArrays(Protocol):
    """The top tier's node positions (a compiled scheme has them)."""

    @property
    def top_nodes(self) -> np.ndarray: ...


def sum_plan(parent: np.ndarray, depth: np.ndarray) -> SumPlan:
    """The bottom-up order of additions for a tree given as parent positions.

    ``parent[k]`` is the position of node ``k``'s parent (``-1`` for the top tier) and
    ``depth[k]`` its depth; nodes are in tree order (depth first, parents first).
    """
    plan: list[tuple[tuple[np.ndarray, np.ndarray], ...]] = []
    max_depth = int(depth.max()) if len(depth) else 0
    for d in range(max_depth, 0, -1):
        kids = np.flatnonzero(depth == d)
        parents = parent[kids]
        # sibling rank: how many earlier nodes of this tier share the parent
        rank = np.zeros(len(kids), dtype=np.int64)
        seen: dict[int, int] = {}
        for i, p in enumerate(parents.tolist()):
            rank[i] = seen.get(p, 0)
            seen[p] = rank[i] + 1
        steps = []
        for k in range(int(rank.max()) + 1 if len(rank) else 0):
            mine = rank == k
            steps.append((parents[mine], kids[mine]))
        plan.append(tuple(steps))
    return tuple(plan)


def tree_sums(
    compiled: TreeArrays, leaf_pts: np.ndarray, node_max: np.ndarray | None = None
) -> np.ndarray:
    """Every node's points from the leaves (no redistribution), each branch by its ``combine``.

    Returns shape (units, nodes) in node order, column-major so that one node's
    points are a contiguous view.  A NaN leaf makes its ancestors NaN, nothing else.
    ``node_max`` (units × nodes) gives each unit's maxima for the scaling of
    ``min``/``max``/``mean`` branches (its group's points, its pool split); by
    default every unit has the scheme's points.  Plain sums do not use it.
    """
    n = leaf_pts.shape[0]
    out = np.zeros((n, len(compiled.node_ids)), order="F")
    for j, k in enumerate(compiled.leaf_nodes.tolist()):
        out[:, k] = leaf_pts[:, j]
    code = compiled.node_combine
    if not code.any():
        # one contiguous column at a time (a fancy-indexed block would gather and
        # scatter the whole tier): the same additions in the same order
        for tier in compiled.sum_plan:
            for parents, kids in tier:
                for p, k in zip(parents.tolist(), kids.tolist(), strict=True):
                    column = out[:, p]
                    column += out[:, k]
        return out
    top = np.broadcast_to(compiled.node_max, out.shape) if node_max is None else node_max
    out[:, code == COMBINE_CODES["min"]] = np.inf
    out[:, code == COMBINE_CODES["max"]] = -np.inf
    weight = np.zeros(out.shape, order="F")  # a mean node's summed child maxima
    for tier in compiled.sum_plan:
        for parents, kids in tier:
            how = code[parents]
            plain = (how == 0) | (how == COMBINE_CODES["mean"])
            p, k = parents[plain], kids[plain]
            out[:, p] += out[:, k]
            weight[:, p] += top[:, k]
            for c, pick in ((COMBINE_CODES["min"], np.fmin), (COMBINE_CODES["max"], np.fmax)):
                sel = how == c
                if sel.any():
                    p, k = parents[sel], kids[sel]
                    with np.errstate(invalid="ignore", divide="ignore"):
                        scaled = out[:, k] * top[:, p] / top[:, k]
                    nan = np.isnan(out[:, p]) | np.isnan(scaled)
                    out[:, p] = np.where(nan, np.nan, pick(out[:, p], scaled))
        cols = np.concatenate([parents for parents, _ in tier])
        mean = cols[code[cols] == COMBINE_CODES["mean"]]
        if len(mean):
            with np.errstate(invalid="ignore", divide="ignore"):
                out[:, mean] = out[:, mean] * top[:, mean] / weight[:, mean]
    return out


def cents(values: np.ndarray | float, precision: int) -> np.ndarray:
    """Published figures as whole units of ``10 ** -precision`` (NaN stays NaN).

    Rounded half up first (:func:`govperf._rounding.round_half_up`); the result holds
    exact integers in floats, so that sums of them are exact.
    """
    return half_up_units(values, precision)


def leaf_cents_sum(leaf_pts: np.ndarray, precision: int) -> np.ndarray:
    """Each unit's published leaves added up, in whole units of ``10 ** -precision``.

    For a tree of plain sums this is the published base in cents: every published
    parent is the exact sum of its children's cents, so the top tier adds up to the
    sum of all published leaves.  One column at a time through one scratch array.
    """
    n, n_leaves = leaf_pts.shape
    total = np.zeros(n)
    scratch = np.empty(n)
    for j in range(n_leaves):
        total += half_up_units(leaf_pts[:, j], precision, out=scratch)
    return total


def published_sums(
    compiled: TreeArrays,
    leaf_pts: np.ndarray,
    precision: int,
    tree: np.ndarray | None = None,
) -> np.ndarray:
    """Every node's published points: leaves rounded half up, parents the sums of those.

    Each leaf is rounded half up to ``precision`` decimals; every inner node, at any
    depth, is the exact sum of its children's published figures (added as whole
    cents, so no float error creeps in).  So a published parent always equals the sum
    of its published children, which rounding every node on its own does not give
    (43.225 + 17.655 + 24.785 = 85.665 publishes as 85.67, while the rounded children
    43.23 + 17.66 + 24.79 add up to 85.68).  ``tree`` holds the nodes' exact points
    when they are not plain sums of the leaves (the ``redistribute`` policy, whose
    inner nodes are re-weighted, or a branch that combines its children by min, max
    or mean): then each node is rounded on its own.  Shape
    (units, nodes), like :func:`tree_sums`.
    """
    if tree is not None:
        return np.asfortranarray(round_half_up(tree, precision))
    return tree_sums(compiled, cents(leaf_pts, precision)) / 10.0**precision


def published_base(
    compiled: TopArrays, nodes: np.ndarray, precision: int, exact: np.ndarray | None = None
) -> np.ndarray:
    """The published base of every unit: the sum of its published top-tier nodes.

    A unit with a top-tier node that has no figure (under the ``redistribute`` policy, a
    top-tier node without any data, whose weight went to the others) publishes its
    ``exact`` base rounded half up instead, when given.
    """
    top = cents(nodes[:, compiled.top_nodes], precision)
    result: np.ndarray = top.sum(axis=1) / 10.0**precision
    if exact is not None:
        gaps = np.isnan(result)
        if gaps.any():
            result[gaps] = round_half_up(exact[gaps], precision)
    return result
