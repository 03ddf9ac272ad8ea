"""Batched scoring: the totals of K point sets (re-weightings of the leaves) at once.

For robustness analysis: how would the totals (and so the ranking) move if the
sub-indicators were worth other points?  The data is bound and every evaluator runs
once (:func:`~govperf.score`); each leaf's points are then read as the unit's
*earned share* of that leaf's maximum, and each point set rescales the maxima:

    base[k, u] = Σ_leaf  points[u, leaf] / max[leaf] × set_k[leaf]

which is one matrix product of the (units × leaves) points with a (leaves × K)
matrix of factors.  The rules that change a total (bonus, deduction, a veto with
``zero_total``) then run in the scheme's order on (K × units) arrays, each with its
caps, so that every set gets exactly what a single scoring would.

What is supported, and what is refused (with a clear error):

- every evaluator; its share of the scheme's maximum is kept.  For evaluators whose
  points are a share times the maximum (``rank``, ``raters``, ``survey``,
  ``target_challenge``, ``direct`` with a ``scale``, ``bands`` and ``piecewise``
  given in shares) this is exactly a single scoring of the re-pointed scheme.  For
  evaluators that read points (``direct`` without a scale, the ``deduction``
  evaluator, ``bands`` or ``piecewise`` given in points) the share is kept: 8 of 10
  points stays 80 % when the leaf is worth 12;
- pooled leaves keep each unit's split (the pool's points are its parent's budget,
  which every set keeps), so their entries must be NaN;
- the rules ``bonus`` (with ``cap``, ``item_cap`` and ``within_total``),
  ``deduction``, ``veto`` (every effect) and ``exclude``; ``classify`` rules (grades)
  do not change a total and are not run.  Other ``adjust`` rules are refused: a
  plugin's effect on many point sets at once is not known;
- the missing-data policies ``error`` and ``zero``; ``redistribute`` and ``carry``
  are refused (their points are not a share of the maximum);
- schemes with unit groups whose points differ by group are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..data._data import EvaluationData
from ..exceptions import DataError, Problem
from ..plugin import RuleState
from ..scheme._model import Scheme
from ._compile import CompiledScheme, compile_scheme
from ._missing import MissingPolicy
from ._score import score

__all__ = ["score_batch"]

_TOL = 1e-6


def score_batch(
    scheme: Scheme | CompiledScheme,
    data: EvaluationData | Mapping[str, Any],
    points: Any,
    *,
    missing: str | MissingPolicy = "error",
) -> np.ndarray:
    """Exact totals of every unit under each of K point sets: shape (K, units).

    ``points`` is a (K × leaves) array: row ``k`` gives every leaf (sub-indicator,
    in :attr:`CompiledScheme.leaf_ids` order) its points in set ``k``, NaN for the
    leaves of a pool.  Each set must keep every parent's budget (the points of a
    node's children add up to the node's points, the top tier to the total), so a
    set moves points between siblings and nothing else.  ``missing`` is ``"error"``
    or ``"zero"``.  Totals are exact (round them half up to publish).

    Raises :class:`~govperf.DataError` for data that :func:`~govperf.score` refuses,
    and for point sets that break a budget (naming the set and the node), and
    :class:`ValueError` for what batched scoring does not support (see
    the "Performance and batched scoring" page of the docs).
    """
    compiled = scheme if isinstance(scheme, CompiledScheme) else compile_scheme(scheme)
    policy = missing if isinstance(missing, MissingPolicy) else MissingPolicy(kind=missing)  # type: ignore[arg-type]
    _refuse(compiled, policy)
    sets = _point_sets(compiled, points)
    results = score(compiled, data, missing=policy)
    factors = _factors(compiled, sets)  # (leaves, K)
    leaf_pts = np.asarray(results.leaf_points)
    base = np.ascontiguousarray((leaf_pts @ factors).T)  # (K, units)
    final = results.state
    state = RuleState.start(base, final.groups, final.unit_ids, final.total_points, final.precision)
    for step in compiled.rules:
        if step.stage == "adjust":
            state = step.plugin.apply(step.params, state, results.events[step.id])
    return np.array(np.broadcast_to(state.total, base.shape))


def _refuse(compiled: CompiledScheme, policy: MissingPolicy) -> None:
    """What batched scoring does not support, as a clear error before any work."""
    if policy.kind not in ("error", "zero"):
        raise ValueError(
            f"score_batch supports the missing-data policies 'error' and 'zero', not "
            f"{policy.kind!r}: its points are not a share of each leaf's maximum"
        )
    if len(compiled.group_ids) and not np.allclose(
        compiled.group_max, compiled.node_max, equal_nan=True
    ):
        raise ValueError("score_batch does not support schemes whose points differ by unit group")
    if compiled.combined:
        node = next(compiled.node_ids[k] for k in np.flatnonzero(compiled.node_combine))
        raise ValueError(
            f"score_batch does not support combining children by min, max or mean (node "
            f"{node}): a total is then not a weighted sum of the leaves' points"
        )
    from ..rules.adjustment_cap import AdjustmentCap
    from ..rules.bonus import Bonus
    from ..rules.deduction import Deduction
    from ..rules.exclude import Exclude
    from ..rules.veto import Veto

    known = (
        Bonus,
        Deduction,
        Veto,
        Exclude,
        AdjustmentCap,
    )  # their effect on (K × units) totals is known
    for step in compiled.rules:
        cls = step.plugin if isinstance(step.plugin, type) else type(step.plugin)
        if issubclass(cls, Veto) and step.params.conditions:
            raise ValueError(
                f"score_batch does not support the veto {step.id}: its conditions read the "
                "scores, which differ by point set"
            )
        if step.stage == "adjust" and not issubclass(cls, known):
            raise ValueError(
                f"score_batch does not support the rule {step.id} (kind {step.kind}): "
                "only bonus, deduction, adjustment_cap, veto and exclude rules change "
                "totals in a batch"
            )


def _point_sets(compiled: CompiledScheme, points: Any) -> np.ndarray:
    """The point sets as a (K × leaves) float array, every budget checked."""
    sets = np.asarray(points, dtype=float)
    n_leaves = len(compiled.leaves)
    if sets.ndim == 1 and len(sets) == n_leaves:
        sets = sets[None, :]
    if sets.ndim != 2 or sets.shape[1] != n_leaves:
        raise ValueError(
            f"points must have shape (K, {n_leaves}): one row per point set, one column "
            f"per leaf of scheme {compiled.scheme.id} ({', '.join(compiled.leaf_ids)}); "
            f"got shape {sets.shape}"
        )
    problems: list[Problem] = []
    pooled = np.array([leaf.pooled for leaf in compiled.leaves], dtype=bool)
    for j, leaf in enumerate(compiled.leaves):
        col = sets[:, j]
        if pooled[j]:
            bad = ~np.isnan(col)
            why = "is pooled (its points come from each unit's split): give NaN"
        else:
            bad = ~(np.isfinite(col) & (col >= 0))
            if compiled.leaf_max[j] == 0:
                bad |= col != 0
                why = "has 0 points in the scheme (no share to rescale): give 0"
            else:
                why = "needs a finite number of at least 0"
        for k in np.flatnonzero(bad):
            problems.append(
                Problem(
                    message=f"{leaf.sub.name} [{leaf.sub.id}] {why}, got {col[k]:g}",
                    path=("points", int(k), leaf.sub.id),
                    code="invalid-points",
                    file="point sets",
                )
            )
    if problems:
        raise DataError(problems, source="point sets")
    # every parent's budget: sum bottom-up (children come after their parent)
    n_nodes = len(compiled.node_ids)
    sums = np.zeros((len(sets), n_nodes))
    sums[:, compiled.leaf_nodes] = np.where(pooled, 0.0, sets)
    pools = set(compiled.pools)
    inner = set(compiled.node_parent[compiled.node_parent >= 0].tolist())
    for i in range(n_nodes - 1, -1, -1):
        if i in pools:
            sums[:, i] = compiled.node_max[i]
        elif i in inner:
            wrong = np.abs(sums[:, i] - compiled.node_max[i]) > _TOL
            node = compiled.scheme.node(compiled.node_ids[i])
            for k in np.flatnonzero(wrong):
                problems.append(
                    Problem(
                        message=f"the children of {node.name} [{node.id}] add "
                        f"up to {sums[k, i]:g}, the node has {compiled.node_max[i]:g}",
                        path=("points", int(k), node.id),
                        code="budget",
                        file="point sets",
                    )
                )
            sums[:, i] = compiled.node_max[i]  # report the lowest broken node only
        parent = int(compiled.node_parent[i])
        if parent >= 0:
            sums[:, parent] += sums[:, i]
    total = sums[:, compiled.top_nodes].sum(axis=1)
    for k in np.flatnonzero(np.abs(total - compiled.scheme.total_points) > _TOL):
        problems.append(
            Problem(
                message=f"the top tier adds up to {total[k]:g}, the scheme "
                f"has {compiled.scheme.total_points:g}",
                path=("points", int(k)),
                code="budget",
                file="point sets",
            )
        )
    if problems:
        raise DataError(problems, source="point sets")
    return sets


def _factors(compiled: CompiledScheme, sets: np.ndarray) -> np.ndarray:
    """(leaves × K): each set's points over the scheme's (1 for pooled leaves)."""
    top = np.asarray(compiled.leaf_max, dtype=float)
    pooled = np.array([leaf.pooled for leaf in compiled.leaves], dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(pooled | (top == 0), 1.0, sets / np.where(top == 0, 1.0, top))
    return np.ascontiguousarray(out.T)
