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

_HISTOGRAM_CELLS = 1 << 17
"""Rows of a rank histogram are counted this many cells at a time: a block's counts
(int64) stay in the CPU cache, which makes counting faster than sorting (11 ms
against 15 ms for 1,000 sets × 1,000 units over 6,400 cents)."""


@frozen(kw_only=True)
class BatchOutcome:
    """What every unit gets under each of K point sets (arrays of shape (K, units)).

    ``grade`` holds grade positions (0 = the best grade of :attr:`BatchScorer.grades`,
    −1 = no grade: outside the ranking, or a scheme without grades); ``rank`` is 0
    for units outside the ranking.  ``total``, ``award_eligible`` and ``ranked`` may
    be read-only broadcasts, of shape (units,) when the same in every set.
    """

    total: np.ndarray
    """Exact totals."""
    cents: np.ndarray
    """Published totals in whole units of the last decimal (floats holding integers)."""
    precision: int
    """The scheme's number of decimals."""
    rank: np.ndarray
    """Competition ranks of the published totals (int32), 0 outside the ranking."""
    grade: np.ndarray
    """Grade positions (int8), −1 for no grade."""
    award_eligible: np.ndarray
    """Whether the unit stays eligible for awards (评先评优)."""
    ranked: np.ndarray
    """Whether the unit is in the ranking."""

    @property
    def published(self) -> np.ndarray:
        """Published totals (rounded half up to the scheme's precision)."""
        return self.cents / 10.0**self.precision


def _fused_cents(values: np.ndarray, precision: int, scaled: bool = False) -> np.ndarray:
    """:func:`govperf.scheme._sums.cents` of non-negative values, in place, fewer passes.

    The steps of :func:`govperf._rounding.round_half_up` (round to 9 decimals, then
    half up to ``precision``) on integers: ``N = rint(x × 10⁹)``, then
    ``floor((N + 10⁹⁻ᵖ / 2) / 10⁹⁻ᵖ)``, exact in floating point (``N`` is an exact
    integer, and a quotient that is a whole number is exact).  ``scaled``: the values
    are already multiplied by 10⁹.
    """
    fine = 10.0 ** (9 - precision)
    if not scaled:
        values *= 1e9
    np.rint(values, out=values)
    values += fine / 2
    values /= fine
    np.floor(values, out=values)
    return values


_TILE = 1 << 18
"""Multiply-adds per matrix-product tile: below OpenBLAS's threshold for threads."""


def _product(factors: np.ndarray, right: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``factors @ right`` (sets × units; ``right`` is leaves × units, contiguous) in
    tiles of at most :data:`_TILE` multiply-adds.

    A product this thin (a dozen leaves) gains nothing from BLAS threads, and on a
    busy machine their busy-waiting costs a hundredfold: (250 × 13)·(13 × 1000) took
    55 ms threaded against 0.6 ms in tiles on a loaded 2-core VM.  Tiles keep every
    call on one thread (and leave the cores to dask's workers).
    """
    k, inner = factors.shape
    n = right.shape[1]
    if out is None:
        out = np.empty((k, n))
    if not k or not n:
        return out
    if not inner:
        out[...] = 0.0
        return out
    rows = 16
    cols = max(1, _TILE // (rows * inner))
    for c in range(0, n, cols):
        block = right[:, c : c + cols]
        for r in range(0, k, rows):
            np.matmul(factors[r : r + rows], block, out=out[r : r + rows, c : c + cols])
    return out


def _sort_ranks(keys: np.ndarray) -> np.ndarray | None:
    """Competition ranks of every row of ``keys`` by one sort of packed int32 keys
    (``(max - key) << bits | column``), or ``None`` when they do not fit in 31 bits.

    The sorted rows give each value's first position (its rank, 1-based); one
    scatter puts the ranks back in column order.
    """
    k, n = keys.shape
    bits = max(1, int(n - 1).bit_length())
    high = int(keys.max())
    if (high - int(keys.min()) + 1) << bits >= 2**31:
        return None
    packed = np.subtract(high, keys, dtype=keys.dtype).astype(np.int32)
    packed <<= bits
    packed |= np.arange(n, dtype=np.int32)
    packed.sort(axis=1)
    column = (packed & np.int32((1 << bits) - 1)).astype(np.intp)
    packed >>= bits
    new = np.empty((k, n), dtype=bool)
    new[:, 0] = True
    np.not_equal(packed[:, 1:], packed[:, :-1], out=new[:, 1:])
    start = np.where(new, np.arange(1, n + 1, dtype=np.int32), np.int32(0))
    np.maximum.accumulate(start, axis=1, out=start)
    column += (np.arange(k, dtype=np.intp) * n)[:, None]
    out = np.empty((k, n), dtype=np.int32)
    out.ravel()[column.ravel()] = start.ravel()
    return out


def _count_ranks(keys: np.ndarray) -> np.ndarray:
    """Competition ranks (1, 2, 2, 4) of every row of ``keys`` (integers, possibly held
    in floats), higher first.

    By :func:`_sort_ranks` when the values spread over more than sixteen times as
    many cents as there are units (and the packed keys fit), else by
    :func:`_histogram_ranks`.
    """
    k, n = keys.shape
    out = np.empty(keys.shape, dtype=np.int32)
    if not k or not n:
        return out
    spread = float(keys.max() - keys.min()) + 1
    if spread > 16 * n:  # few units over a wide range: sorting beats counting
        by_sort = _sort_ranks(keys)
        if by_sort is not None:
            return by_sort
    keys = keys.astype(np.int64)
    low = keys.min(axis=1)
    span = int((keys.max(axis=1) - low).max()) + 1
    if span > 64 * n + 1_000_000:  # too wide for a histogram: sort each row
        for row in range(k):
            ordered = np.sort(keys[row])
            out[row] = n - np.searchsorted(ordered, keys[row], side="right") + 1
        return out
    block = max(1, _HISTOGRAM_CELLS // span)
    for s in range(0, k, block):
        _histogram_ranks(keys[s : s + block], low[s : s + block], span, out[s : s + block])
    return out


def _histogram_ranks(keys: np.ndarray, low: np.ndarray, span: int, out: np.ndarray) -> None:
    """Competition ranks of a block of rows of int64 ``keys`` (row minimums ``low``,
    every row within ``span`` values), into ``out``, by one histogram.

    Each row's values are moved into its own stretch of ``span`` bins, so one
    :func:`numpy.bincount` counts the whole block; its running sum over the flat
    bins, less the ``n`` values of each row before, counts the row's values at most
    each value, and the units strictly above are ``n`` less that.
    """
    rows, n = keys.shape
    shift = (np.arange(rows, dtype=np.int64) * span - low)[:, None]
    offset = (keys + shift).ravel()
    at_most = np.cumsum(np.bincount(offset, minlength=rows * span), dtype=np.int32)[offset]
    at_most = at_most.reshape(rows, n)
    at_most -= (np.arange(rows, dtype=np.int32) * np.int32(n))[:, None]
    np.subtract(n + 1, at_most, out=out)  # 1 + units above


def _take_rows(
    pos: np.ndarray, here: np.ndarray, count: int, ties: str, into_top: bool
) -> np.ndarray:
    """:func:`govperf.rules.grade._take` for every row: which of the ``here`` units at
    positions ``pos`` fall among the first ``count`` (ties at the boundary by ``ties``).

    The positions are partitioned as int16 when they fit (ranks of up to 32,766
    units): numpy's SIMD partition is then more than twice as fast as on int32.
    """
    if count <= 0:
        return np.zeros(pos.shape, dtype=bool)
    n_here = np.count_nonzero(here, axis=1)
    full = n_here <= count
    if full.all():
        return here
    small = np.iinfo(np.int16)
    narrow = int(pos.min()) >= small.min and int(pos.max()) < small.max
    kind = np.int16 if narrow else np.int32
    worst = np.iinfo(kind).max
    masked = np.where(here, pos.astype(kind, copy=False), kind(worst))
    rows = np.flatnonzero(~full)
    bound = np.full((len(pos), 1), worst, dtype=kind)
    bound[rows, 0] = np.partition(masked[rows], count - 1, axis=1)[:, count - 1]
    inside = masked <= bound
    generous = ties == "keep" if into_top else ties == "demote"
    if not generous:
        over = np.count_nonzero(inside, axis=1) > count
        if over.any():
            inside[over] = masked[over] < bound[over]
    inside &= here
    return inside


class BatchScorer:
    """Score once, then answer many chunks of point sets with totals, ranks and grades.

    ``scheme`` and ``data`` as for :func:`~govperf.score`; ``missing`` is ``"error"``
    or ``"zero"``.  The scoring of the declared points is ``results``.  Raises
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
        self._points_t = np.ascontiguousarray(self.leaf_points.T)  # (leaves, units)
        self._moved_t: tuple[tuple[int, ...], np.ndarray] = ((), self._points_t[:0])
        self._caps: np.ndarray | None = None
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
        """The published base of every set, shape (K, units), in whole cents (floats
        holding integers): the sum of each leaf's published points, or with
        ``rounding="total"`` the exact base rounded half up."""
        factors = np.asarray(factors, dtype=float)
        moved = np.flatnonzero((factors != 1.0).any(axis=0))
        still = np.setdiff1d(np.arange(factors.shape[1]), moved)
        fixed = self._leaf_cents[:, still].sum(axis=1)
        out = np.empty((len(factors), self.n_units))
        if rounding == "total" and len(moved):
            # the moved leaves' exact sum, rounded once; unmoved leaves as published
            key = tuple(moved.tolist())
            if self._moved_t[0] != key:  # the same leaves move in every chunk, usually
                self._moved_t = (key, np.ascontiguousarray(self._points_t[moved]))
            _product(factors[:, moved] * 1e9, self._moved_t[1], out)
            _fused_cents(out, self.precision, scaled=True)
            out += fixed
            return out
        out[...] = fixed
        scratch = np.empty_like(out)
        for j in moved.tolist():
            np.multiply.outer(factors[:, j] * 1e9, self.leaf_points[:, j], out=scratch)
            out += _fused_cents(scratch, self.precision, scaled=True)
        return out

    def _published_cents(self, state: RuleState, base_cents: np.ndarray) -> np.ndarray:
        """:meth:`RuleState.published_total` in whole cents, from the published base.

        Bonus and deductions are added as cents (cheaply where they are the same in
        every set); a total set otherwise (a veto's ``zero_total``, the only known rule
        that does) is looked for among the vetoed units only.
        """
        p = self.precision
        out = base_cents
        for part, sign in ((state.bonus, 1.0), (state.deductions, -1.0)):
            arr = np.asarray(part)
            if arr.any():
                c = cents(arr, p)
                if sign > 0:
                    out += c
                else:
                    out -= c
        vetoed = np.asarray(state.vetoed)
        if vetoed.ndim != 1:
            return np.rint(np.asarray(state.published_total()) * 10.0**p)
        cols = np.flatnonzero(vetoed)
        if len(cols):
            total = np.broadcast_to(state.total, out.shape)[:, cols]
            summed = (
                np.broadcast_to(state.base, out.shape)[:, cols]
                + np.broadcast_to(state.bonus, out.shape)[:, cols]
                - np.broadcast_to(state.deductions, out.shape)[:, cols]
            )
            same = np.abs(total - summed) <= 1e-9 * np.maximum(1.0, np.abs(total))
            out[:, cols] = np.where(same, out[:, cols], cents(total, p))
        return out

    def totals(self, factors: np.ndarray) -> tuple[RuleState, np.ndarray]:
        """The state after the adjust rules for every set, and the exact base (K, units)."""
        factors = np.asarray(factors, dtype=float)
        base = _product(factors, self._points_t)
        final = self.results.state
        state = RuleState.start(
            base,
            final.groups,
            final.unit_ids,
            final.total_points,
            final.precision,
            final.within_groups,
        )
        events = self.results.events
        for step in self._adjust:
            state = step.plugin.apply(step.params, state, events[step.id])
        return state, base

    def outcome(self, factors: Any, *, rounding: Rounding = "leaves") -> BatchOutcome:
        """Totals, published totals, ranks, grades and award eligibility of every set.

        ``factors`` is (K × leaves): each leaf's points in the set over its points in
        the scheme (a row of ones is the declared scheme, whose outcome equals
        ``results``).
        """
        factors = np.atleast_2d(np.asarray(factors, dtype=float))
        if factors.shape[1] != len(self.compiled.leaves):
            raise ValueError(
                f"factors must have one column per leaf ({len(self.compiled.leaves)}), "
                f"got shape {factors.shape}"
            )
        state, _base = self.totals(factors)
        k = len(factors)
        base_cents = self.published_base(factors, rounding)
        if self._classify and self._grade_step is None:  # the slow path reads it
            state = evolve(state, published_base=base_cents / 10.0**self.precision)
        keys = self._published_cents(state, base_cents)
        total = np.broadcast_to(state.total, (k, self.n_units))
        ranked = np.asarray(state.ranked, dtype=bool)
        rank = self._ranks(keys, ranked, factors)
        if self._classify:
            grade = self._grades(state, keys / 10.0**self.precision, rank, factors, ranked)
        else:
            grade = np.full((k, self.n_units), -1, dtype=np.int8)
        return BatchOutcome(
            total=total,
            cents=keys,
            precision=self.precision,
            rank=rank,
            grade=grade,
            award_eligible=np.asarray(state.award_eligible, dtype=bool),
            ranked=ranked,
        )

    # -- ranks ----------------------------------------------------------------------

    def _ranks(self, cents_: np.ndarray, ranked: np.ndarray, factors: np.ndarray) -> np.ndarray:
        k, n = cents_.shape
        published = cents_ / 10.0**self.precision if self._tie_break else cents_
        rank = np.zeros((k, n), dtype=np.int32)
        keys = cents_
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
            if len(members) == n:
                rank = _count_ranks(keys)
            elif len(members):
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
        from ..rules.grade import _cap_index, _quota_pools

        step = self._grade_step
        params = step.params
        idx = _bands(params, published)
        if self._caps is None:  # a veto's grade caps are the same in every set
            self._caps = _cap_index(params, state)
        caps = self._caps
        if (caps >= 0).any():
            np.maximum(idx, caps.astype(np.int8)[None, :], out=idx)
        quotas = {q.grade: q for q in params.quotas}
        last = len(params.bands) - 1
        n = published.shape[1]
        if quotas:
            one = evolve(self.results.state, ranked=ranked)
            for pool in _quota_pools(one):
                n_graded = len(pool)
                if not n_graded:
                    continue
                from ..rules.grade import _pool_group

                group = _pool_group(one, pool)
                whole = n_graded == n  # every unit: views, not copies
                pos = rank if whole else rank[:, pool]
                sub = idx if whole else idx[:, pool]
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
                if not whole:
                    idx[:, pool] = sub
        out = idx
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
                rank=np.where(rank[r] > 0, rank[r], np.nan).astype(float),
                nodes=_NodeView(self.compiled, None, leaf),
                published_nodes=_NodeView(
                    self.compiled, published_sums(self.compiled, leaf, self.precision), leaf
                ),
            )
            for step in self._classify:
                one = step.plugin.apply(step.params, one, events[step.id])
            out[r] = [names.get(g, -1) if g is not None else -1 for g in one.grade]
        return out


def _bands(params: Any, published: np.ndarray) -> np.ndarray:
    """:func:`govperf.rules.grade._band_index` as int8: the number of band minimums a
    total fails (the minimums decrease from the best band down, and the bands
    without a minimum come after them)."""
    idx = np.zeros(published.shape, dtype=np.int8)
    fail = np.empty(published.shape, dtype=bool)
    for band in params.bands:
        if band.min is None:
            break
        if band.min_inclusive:
            np.less(published, band.min, out=fail)
        else:
            np.less_equal(published, band.min, out=fail)
        idx += fail
    return idx


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
