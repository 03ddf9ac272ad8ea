"""Batched outcomes: totals, ranks, grades and award eligibility of many point sets at once.

:func:`~govperf.score_batch` gives the exact totals of K point sets; robustness
analysis needs what a unit *gets* under each set: its published total, its rank, its
grade and whether it stays eligible for awards.  :class:`BatchScorer` binds the data
and runs every evaluator once (one :func:`~govperf.score`), then answers any number of
chunks of point sets from arrays:

- each set is given as *factors*, shape (K × leaves): a leaf's points in the set over
  its points in the scheme (for a pooled leaf: the pool's points in the set over the
  pool's points, each unit's split kept pro rata).  A unit's points of a leaf are its
  earned share of the leaf's maximum, so a factor rescales them;
- the adjust rules (bonus, deduction, veto, exclude) run on (K × units) arrays, as
  in :func:`~govperf.score_batch`;
- published figures are the leaves' points rounded half up, parents their sums (as a
  single scoring publishes them; ``rounding="total"`` rounds only each exact total,
  which is faster and differs by at most half a cent per leaf);
- ranks are competition ranks (1, 2, 2, 4) of the published totals, per set, by
  counting (the totals are whole cents in a narrow range); the scheme's tie-break
  nodes, when it has them, are ranked set by set;
- a ``grade`` rule without tie-break keys grades all sets at once (bands, caps,
  ``max_share`` and ``min_share`` quotas with their tie rules); any other
  ``classify`` rule runs set by set on a state built for that set, so every rule is
  supported, the fast path only where it is known.

What :func:`~govperf.score_batch` refuses (redistribute and carry policies, points
that differ by unit group, min/max/mean branches, plugin adjust rules, vetoes with
conditions) is refused here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from attrs import evolve, frozen

from ..data._data import EvaluationData
from ..plugin import RuleState
from ..scheme._model import Scheme
from ..scheme._sums import cents, published_sums
from ._batch import _refuse
from ._compile import CompiledScheme, compile_scheme
from ._missing import MissingPolicy
from ._rank import _rank_members
from ._score import _NodeView, score

__all__ = ["BatchOutcome", "BatchScorer"]

Rounding = Literal["leaves", "total"]


@frozen(kw_only=True)
class BatchOutcome:
    """What every unit gets under each of K point sets (arrays of shape (K, units)).

    ``grade`` holds grade positions (0 = the best grade of :attr:`BatchScorer.grades`,
    −1 = no grade: outside the ranking, or a scheme without grades); ``rank`` is NaN
    for units outside the ranking.  ``award_eligible`` and ``ranked`` may be of shape
    (units,) when they are the same in every set.
    """

    total: np.ndarray
    """Exact totals."""
    published: np.ndarray
    """Published totals (whole cents of the scheme's precision)."""
    rank: np.ndarray
    """Competition ranks of the published totals, NaN outside the ranking."""
    grade: np.ndarray
    """Grade positions (int8), −1 for no grade."""
    award_eligible: np.ndarray
    """Whether the unit stays eligible for awards (评先评优)."""
    ranked: np.ndarray
    """Whether the unit is in the ranking."""


def _fused_cents(values: np.ndarray, precision: int) -> np.ndarray:
    """:func:`govperf.scheme._sums.cents` of non-negative values, in place, fewer passes.

    The same steps as :func:`govperf._rounding.round_half_up` (scale, round to 9
    significant decimals, add a half, floor), for values that are at least 0.
    """
    scale = 10.0**precision
    fine = 10.0 ** (9 - precision)
    values *= scale
    values *= fine
    np.rint(values, out=values)
    values /= fine
    values += 0.5
    np.floor(values, out=values)
    return values


def _count_ranks(keys: np.ndarray) -> np.ndarray:
    """Competition ranks (1, 2, 2, 4) of every row of integer ``keys``, higher first.

    One histogram per row (offset so that all rows share one :func:`numpy.bincount`),
    its cumulative sum counts the units strictly above each value.
    """
    k, n = keys.shape
    if not k or not n:
        return np.zeros(keys.shape)
    low = keys.min(axis=1, keepdims=True)
    codes = keys - low
    span = int(codes.max()) + 1
    if span * k > 4 * k * n + 4_000_000:  # too wide for a histogram: sort each row
        out = np.empty(keys.shape)
        for row in range(k):
            s = np.sort(keys[row])
            out[row] = n - np.searchsorted(s, keys[row], side="right") + 1
        return out
    offset = codes + (np.arange(k, dtype=np.int64) * span)[:, None]
    counts = np.bincount(offset.ravel(), minlength=k * span).reshape(k, span)
    above = n - np.cumsum(counts, axis=1)  # units strictly above each value
    return (np.take_along_axis(above, codes, axis=1) + 1).astype(float)


def _row_partition(values: np.ndarray, kth: np.ndarray) -> np.ndarray:
    """The ``kth[row]``-th smallest value of every row (0-based), rows with ``kth < 0`` NaN."""
    out = np.full(len(values), np.nan)
    for k in np.unique(kth[kth >= 0]).tolist():
        rows = np.flatnonzero(kth == k)
        out[rows] = np.partition(values[rows], k, axis=1)[:, k]
    return out


def _take_rows(
    pos: np.ndarray, here: np.ndarray, count: int, ties: str, into_top: bool
) -> np.ndarray:
    """:func:`govperf.rules.grade._take` for every row: which of the ``here`` units at
    positions ``pos`` fall among the first ``count`` (ties at the boundary by ``ties``)."""
    if count <= 0:
        return np.zeros(pos.shape, dtype=bool)
    masked = np.where(here, pos, np.inf)
    n_here = here.sum(axis=1)
    full = n_here <= count
    boundary = _row_partition(masked, np.where(full, -1, count - 1))
    bound = boundary[:, None]
    inside = masked <= bound
    generous = ties == "keep" if into_top else ties == "demote"
    if not generous:
        over = inside.sum(axis=1) > count
        inside = np.where(over[:, None], masked < bound, inside)
    return np.where(full[:, None], here, inside & here)


class BatchScorer:
    """Score once, then answer many chunks of point sets with totals, ranks and grades.

    ``scheme`` and ``data`` as for :func:`~govperf.score`; ``missing`` is ``"error"``
    or ``"zero"``.  The scoring of the declared points is :attr:`results`.  Raises
    :class:`ValueError` for what batched scoring does not support (see
    :func:`~govperf.score_batch`) and :class:`~govperf.DataError` for bad data.
    """

    def __init__(
        self,
        scheme: Scheme | CompiledScheme,
        data: EvaluationData | Mapping[str, Any],
        *,
        missing: str | MissingPolicy = "error",
    ) -> None:
        compiled = scheme if isinstance(scheme, CompiledScheme) else compile_scheme(scheme)
        policy = missing if isinstance(missing, MissingPolicy) else MissingPolicy(kind=missing)  # type: ignore[arg-type]
        _refuse(compiled, policy)
        self.compiled = compiled
        self.results = score(compiled, data, missing=policy)
        self.leaf_points = np.ascontiguousarray(self.results.leaf_points)
        self.precision = int(compiled.scheme.scoring.precision)
        self._leaf_cents = cents(self.leaf_points, self.precision)  # (units, leaves)
        self._fixed_cents = self._leaf_cents.sum(axis=1)
        self._classify = [s for s in compiled.rules if s.stage == "classify"]
        self._adjust = [s for s in compiled.rules if s.stage == "adjust"]
        self._grade_step: Any = None
        from ..rules.grade import Grade

        grading = [s for s in self._classify if getattr(s.plugin, "grades", False)]
        names: tuple[str, ...] = ()
        if grading:
            names = tuple(grading[-1].plugin.grade_names(grading[-1].params))
        self.grades: tuple[str, ...] = names
        """The grades of the scheme's last grading rule, best first (empty: no grades)."""
        only = len(self._classify) == 1 and self._classify[0] in grading
        if only:
            step = self._classify[0]
            cls = step.plugin if isinstance(step.plugin, type) else type(step.plugin)
            p = step.params
            if issubclass(cls, Grade) and not p.tie_break and p.tie_break_value is None:
                self._grade_step = step
        self._tie_break = tuple(compiled.scheme.scoring.tie_break)
        # the state after the adjust rules of the declared points, with its ranks
        self._state0 = (
            next(
                (
                    before
                    for k, before, _after in self.results.history
                    if compiled.rules[k] is self._classify[0]
                ),
                self.results.state,
            )
            if self._classify
            else self.results.state
        )

    @property
    def n_units(self) -> int:
        """The number of units."""
        return int(self.leaf_points.shape[0])

    @property
    def leaf_ids(self) -> tuple[str, ...]:
        """The leaves, in the order of a factor row's columns."""
        return tuple(self.compiled.leaf_ids)

    def published_base(self, factors: np.ndarray, rounding: Rounding = "leaves") -> np.ndarray:
        """The published base of every set, shape (K, units), in whole cents / scale."""
        scale = 10.0**self.precision
        factors = np.asarray(factors, dtype=float)
        if rounding == "total":
            exact = factors @ self.leaf_points.T
            return cents(exact, self.precision) / scale
        moved = np.flatnonzero((factors != 1.0).any(axis=0))
        out = np.broadcast_to(self._fixed_cents, (len(factors), self.n_units)).copy()
        for j in moved.tolist():
            col = self.leaf_points[:, j]
            out -= self._leaf_cents[:, j]
            out += _fused_cents(np.multiply.outer(factors[:, j], col), self.precision)
        out /= scale
        return out

    def totals(self, factors: np.ndarray) -> tuple[RuleState, np.ndarray]:
        """The state after the adjust rules for every set, and the exact base (K, units)."""
        factors = np.asarray(factors, dtype=float)
        base = factors @ self.leaf_points.T
        n = self.n_units
        final = self.results.state
        state = RuleState(
            base=base,
            bonus=np.zeros(n),
            deductions=np.zeros(n),
            total=base.copy(),
            award_eligible=np.ones(n, dtype=bool),
            ranked=np.ones(n, dtype=bool),
            vetoed=np.zeros(n, dtype=bool),
            grade=np.empty(n, dtype=object),
            grade_cap=np.empty(n, dtype=object),
            rank=np.full(n, np.nan),
            groups=final.groups,
            unit_ids=final.unit_ids,
            total_points=final.total_points,
            precision=final.precision,
            within_groups=final.within_groups,
        )
        events = self.results.events
        for step in self._adjust:
            state = step.plugin.apply(step.params, state, events[step.id])
        return state, base

    def outcome(self, factors: Any, *, rounding: Rounding = "leaves") -> BatchOutcome:
        """Totals, published totals, ranks, grades and award eligibility of every set.

        ``factors`` is (K × leaves): each leaf's points in the set over its points in
        the scheme (a row of ones is the declared scheme, whose outcome equals
        :attr:`results`).
        """
        factors = np.atleast_2d(np.asarray(factors, dtype=float))
        if factors.shape[1] != len(self.compiled.leaves):
            raise ValueError(
                f"factors must have one column per leaf ({len(self.compiled.leaves)}), "
                f"got shape {factors.shape}"
            )
        state, _base = self.totals(factors)
        state = evolve(state, published_base=self.published_base(factors, rounding))
        k = len(factors)
        published = np.broadcast_to(state.published_total(), (k, self.n_units))
        total = np.broadcast_to(state.total, (k, self.n_units))
        ranked = np.asarray(state.ranked, dtype=bool)
        rank = self._ranks(published, ranked, factors)
        grade = self._grades(state, published, rank, factors, ranked)
        return BatchOutcome(
            total=np.array(total),
            published=np.array(published),
            rank=rank,
            grade=grade,
            award_eligible=np.asarray(state.award_eligible, dtype=bool),
            ranked=ranked,
        )

    # -- ranks ----------------------------------------------------------------------

    def _ranks(self, published: np.ndarray, ranked: np.ndarray, factors: np.ndarray) -> np.ndarray:
        k, n = published.shape
        rank = np.full((k, n), np.nan)
        keys = np.rint(published * 10.0**self.precision).astype(np.int64)
        if ranked.ndim == 2:  # ranked differs by set: one set at a time
            for row in range(k):
                members = np.flatnonzero(ranked[row])
                if len(members):
                    rank[row, members] = _count_ranks(keys[row : row + 1, members])[0]
            return rank
        pools: list[np.ndarray]
        if self.compiled.within_groups:
            codes = self.compiled.group_codes(self.results.state.groups)
            pools = [
                np.flatnonzero(ranked & (codes == g)) for g in range(len(self.compiled.group_ids))
            ]
        else:
            pools = [np.flatnonzero(ranked)]
        if self._tie_break:
            node_keys = self._tie_break_keys(factors)
            for members in pools:
                for row in range(k):
                    out = np.full(n, np.nan)
                    _rank_members(
                        out,
                        [published[row], *(nk[row] for nk in node_keys)],
                        members,
                        self.precision,
                    )
                    rank[row, members] = out[members]
            return rank
        for members in pools:
            if len(members):
                rank[:, members] = _count_ranks(keys[:, members])
        return rank

    def _tie_break_keys(self, factors: np.ndarray) -> list[np.ndarray]:
        """Published points of the tie-break nodes per set, shape (K, units) each."""
        out = []
        compiled = self.compiled
        for node_id in self._tie_break:
            node = compiled.node_index[node_id]
            leaves = [
                j for j, pos in enumerate(compiled.leaf_nodes.tolist()) if self._under(pos, node)
            ]
            acc = np.zeros((len(factors), self.n_units))
            for j in leaves:
                acc += _fused_cents(
                    np.multiply.outer(factors[:, j], self.leaf_points[:, j]), self.precision
                )
            out.append(acc / 10.0**self.precision)
        return out

    def _under(self, pos: int, node: int) -> bool:
        parent = self.compiled.node_parent
        while pos >= 0:
            if pos == node:
                return True
            pos = int(parent[pos])
        return False

    # -- grades ---------------------------------------------------------------------

    def _grades(
        self,
        state: RuleState,
        published: np.ndarray,
        rank: np.ndarray,
        factors: np.ndarray,
        ranked: np.ndarray,
    ) -> np.ndarray:
        k, n = published.shape
        if not self._classify:
            return np.full((k, n), -1, dtype=np.int8)
        if self._grade_step is not None and ranked.ndim == 1:
            return self._fast_grades(state, published, rank, ranked)
        return self._slow_grades(state, rank, factors)

    def _fast_grades(
        self, state: RuleState, published: np.ndarray, rank: np.ndarray, ranked: np.ndarray
    ) -> np.ndarray:
        from ..rules.grade import _band_index, _cap_index, _quota_pools

        step = self._grade_step
        params = step.params
        idx = _band_index(params, published)
        idx = np.maximum(idx, _cap_index(params, state)[None, :])
        quotas = {q.grade: q for q in params.quotas}
        last = len(params.bands) - 1
        if quotas:
            pos_all = np.nan_to_num(rank, nan=np.inf)
            one = evolve(self.results.state, ranked=ranked)
            for pool in _quota_pools(one):
                n_graded = len(pool)
                if not n_graded:
                    continue
                from ..rules.grade import _pool_group

                group = _pool_group(one, pool)
                pos = pos_all[:, pool]
                sub = idx[:, pool]
                for i, band in enumerate(params.bands):
                    quota = quotas.get(band.grade)
                    if quota is None or quota.bottom:
                        continue
                    here = sub == i
                    keep = _take_rows(
                        pos, here, quota.allowed(n_graded, group), quota.tie_rule, True
                    )
                    sub[here & ~keep] = i + 1
                bottom = quotas.get(params.bands[last].grade)
                if bottom is not None:
                    from_bottom = n_graded + 1 - _worst_first_rows(pos)
                    everyone = np.ones(pos.shape, dtype=bool)
                    hit = _take_rows(
                        from_bottom,
                        everyone,
                        bottom.allowed(n_graded, group),
                        bottom.tie_rule,
                        False,
                    )
                    sub[hit] = last
                idx[:, pool] = sub
        out = idx.astype(np.int8)
        if params.outside_ranking == "none":
            out[:, ~ranked] = -1
        return out

    def _slow_grades(self, state: RuleState, rank: np.ndarray, factors: np.ndarray) -> np.ndarray:
        """Every classify rule, one set at a time, on a state built for that set."""
        k, n = rank.shape
        names = {g: i for i, g in enumerate(self.grades)}
        out = np.full((k, n), -1, dtype=np.int8)
        events = self.results.events

        def row(a: Any, r: int) -> Any:
            arr = np.asarray(a)
            return arr[r] if arr.ndim == 2 else arr

        for r in range(k):
            leaf = self.leaf_points * factors[r]
            one = evolve(
                self._state0,
                base=row(state.base, r),
                bonus=row(state.bonus, r),
                deductions=row(state.deductions, r),
                total=row(state.total, r),
                published_base=row(state.published_base, r),
                award_eligible=row(state.award_eligible, r),
                ranked=row(state.ranked, r),
                vetoed=row(state.vetoed, r),
                grade_cap=state.grade_cap,
                rank=rank[r],
                nodes=_NodeView(self.compiled, None, leaf),
                published_nodes=_NodeView(
                    self.compiled, published_sums(self.compiled, leaf, self.precision), leaf
                ),
            )
            for step in self._classify:
                one = step.plugin.apply(step.params, one, events[step.id])
            out[r] = [names.get(g, -1) if g is not None else -1 for g in one.grade]
        return out


def _worst_first_rows(pos: np.ndarray) -> np.ndarray:
    """:func:`govperf.rules.grade._worst_first` for every row: how many units of the row
    are at a position at most each unit's (ties count the whole tie)."""
    k, n = pos.shape
    if not k or not n:
        return np.zeros(pos.shape, dtype=np.int64)
    ints = np.asarray(pos, dtype=np.int64)
    span = int(ints.max()) + 2
    offset = (np.arange(k, dtype=np.int64) * span)[:, None]
    flat = np.sort(ints, axis=1) + offset
    found = np.searchsorted(flat.ravel(), (ints + offset).ravel(), side="right")
    return found.reshape(k, n) - (np.arange(k) * n)[:, None]
