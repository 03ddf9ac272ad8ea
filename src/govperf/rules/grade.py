"""The ``grade`` rule: grades (优秀/良好/合格/不合格) from bands, quotas and shares.

Bands are listed best first.  A band with a ``min`` is reached by a *published* total
(rounded half up to the scheme's precision) of at least ``min`` (more than ``min``
with ``min_inclusive: false``); a band without ``min`` is reached by every unit that
reaches no earlier band, so the bands after it are given by shares alone: listing no
``min`` at all gives purely relative grades (top 30 % / middle / bottom 30 %).  A veto
with ``effect: cap_grade`` lowers a unit to at most its cap.

Quotas count the graded units of a *pool*: all units in the ranking, or under the
scheme's ``scoring.within_groups`` the ranked units of one unit group.  A ``max_share``
quota lets at most ``rounding(max_share × n)`` units of a pool keep a grade; the rest
move down one band, where that band's quota applies in turn.  A ``min_share`` quota,
on the lowest grade only, gives the lowest grade to the bottom ``rounding(min_share ×
n)`` units of a pool whatever their band (units whose band is already the lowest keep
it).  ``rounding`` is ``floor`` (default), ``round`` (half up) or ``ceil``.
``by_group`` sets the share of a unit group instead of the default share.

Units are ordered within a pool by their rank (the scheme's ``scoring.tie_break``
nodes already order equal totals), then by the rule's ``tie_break`` nodes (published
points, higher first), then by the ``tie_break`` column of the rule's events when
``tie_break_value`` says which way is better.  Units still equal at a
quota's boundary follow ``ties``: ``demote`` moves all of them to the lower grade,
``keep`` leaves all of them in the higher one.  By default a share is never exceeded:
``demote`` for ``max_share``, ``keep`` for ``min_share``.

Units outside the ranking get no grade (不定等次) and do not count; with
``outside_ranking: band`` they get their band's grade (and still do not count).

This rule runs after the ranking (stage ``classify``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import ClassVar, Literal

import numpy as np
from attrs import evolve, field, frozen

from .._checks import fraction_or_none, non_empty_text
from ..exceptions import Message
from ..plugin import BaseRule, ColumnKind, Note, Records, Reference, RuleState
from ._common import published_node, published_total

__all__ = ["Grade", "GradeBand", "GradeParams", "Quota"]

Rounding = Literal["floor", "round", "ceil"]


def _shares(_inst: object, _attribute: object, value: Mapping[str, float]) -> None:
    for group, share in value.items():
        if not 0 <= share <= 1 or math.isnan(share):
            raise ValueError(
                f"by_group: the share of {group!r} must be between 0 and 1, got {share:g}"
            )


def count_of(share: float, n: int, rounding: Rounding) -> int:
    """How many of ``n`` units a share gives: ``floor``, ``round`` (half up) or ``ceil``
    of ``share × n`` (to within 1e-9, so that 0.3 × 10 is 3 in every rounding)."""
    exact = share * n
    if rounding == "ceil":
        return math.ceil(exact - 1e-9)
    if rounding == "round":
        return math.floor(exact + 0.5 + 1e-9)
    return math.floor(exact + 1e-9)


@frozen(kw_only=True)
class GradeBand:
    """A grade and the least published total that reaches it (none: reached by all)."""

    grade: str = field(validator=non_empty_text)
    """The grade's name as published (优秀)."""
    min: float | None = None
    """The least published total that reaches the band; ``None``: every unit that
    reaches no earlier band."""
    min_inclusive: bool = True
    """Whether a total equal to ``min`` reaches the band."""


@frozen(kw_only=True)
class Quota:
    """A share of a pool's graded units: at most (``max_share``) or, on the lowest
    grade, at least (``min_share``, the bottom units) with ``grade``."""

    grade: str = field(validator=non_empty_text)
    """The grade the quota is on."""
    max_share: float | None = field(default=None, validator=fraction_or_none)
    """At most this share of a pool keeps the grade (any grade but the lowest)."""
    min_share: float | None = field(default=None, validator=fraction_or_none)
    """The bottom this share of a pool gets the grade (the lowest grade only)."""
    by_group: Mapping[str, float] = field(factory=dict, validator=_shares)
    """The share of a unit group instead (the pool is the group under
    ``scoring.within_groups``; without it, the share of the group of the pool's units)."""
    rounding: Rounding = "floor"
    """How ``share × n`` becomes a number of units: ``floor``, ``round`` (half up), ``ceil``."""
    ties: Literal["demote", "keep"] | None = None
    """Units equal at the boundary: ``demote`` all or ``keep`` all in the higher grade;
    default: the share is never exceeded (``demote`` for ``max_share``, ``keep`` for
    ``min_share``)."""

    def __attrs_post_init__(self) -> None:
        if (self.max_share is None) == (self.min_share is None):
            raise ValueError(
                f"quota of {self.grade!r}: give exactly one of max_share (at most this share "
                "keeps the grade) and min_share (the bottom share gets the lowest grade)"
            )

    @property
    def bottom(self) -> bool:
        """Whether this is a ``min_share`` quota (the bottom units get the grade)."""
        return self.min_share is not None

    @property
    def tie_rule(self) -> Literal["demote", "keep"]:
        """``ties`` with its default resolved."""
        if self.ties is not None:
            return self.ties
        return "keep" if self.bottom else "demote"

    def share(self, group: str | None = None) -> float:
        """The share for a pool of ``group`` (the default share for other groups)."""
        if group is not None and group in self.by_group:
            return self.by_group[group]
        base = self.min_share if self.min_share is not None else self.max_share
        assert base is not None
        return base

    def allowed(self, n: int, group: str | None = None) -> int:
        """How many of ``n`` graded units the quota gives (at most, or at the bottom)."""
        return count_of(self.share(group), n, self.rounding)


@frozen(kw_only=True)
class GradeParams:
    """Parameters of the ``grade`` rule."""

    bands: tuple[GradeBand, ...]
    """The grades, best first; the last has no ``min``."""
    quotas: tuple[Quota, ...] = ()
    """At most one quota per grade."""
    tie_break: tuple[str, ...] = ()
    """Nodes whose published points order units of equal rank at a quota boundary,
    higher first, in turn (after the ranking's own ``scoring.tie_break``)."""
    tie_break_value: Literal["higher", "lower"] | None = None
    """Order equal units by the ``tie_break`` column of the rule's events: ``higher``
    first (votes) or ``lower`` first (a committee's order 1, 2, 3); units without a row
    come after those with one."""
    outside_ranking: Literal["none", "band"] = "none"
    """Units outside the ranking: ``none`` (不定等次, no grade) or ``band`` (their band's
    grade); either way they do not count toward quotas."""

    def __attrs_post_init__(self) -> None:
        if len(self.bands) < 2:
            raise ValueError("list at least two grade bands, best first")
        names = [b.grade for b in self.bands]
        if len(set(names)) != len(names):
            raise ValueError("grade names must be unique")
        if self.bands[-1].min is not None:
            raise ValueError("the last band must have no 'min' (it takes every other unit)")
        open_at = next(i for i, b in enumerate(self.bands) if b.min is None)
        after = [b.grade for b in self.bands[open_at + 1 :] if b.min is not None]
        if after:
            raise ValueError(
                f"band {after[0]!r} has a 'min' below band {self.bands[open_at].grade!r}, "
                "which has none and so takes every unit below the earlier bands"
            )
        values = [b.min for b in self.bands[:open_at] if b.min is not None]
        if any(b >= a for a, b in itertools.pairwise(values)):
            raise ValueError("band minimums must decrease from the best grade down")
        quotas = {q.grade: q for q in self.quotas}
        for q in self.quotas:
            if q.grade not in names:
                raise ValueError(
                    f"quota for unknown grade {q.grade!r} (grades: {', '.join(names)})"
                )
            if q.grade == names[-1] and not q.bottom:
                raise ValueError(
                    f"the lowest grade {q.grade!r} cannot have a max_share (give min_share: "
                    "the bottom share of units gets it)"
                )
            if q.bottom and q.grade != names[-1]:
                raise ValueError(
                    f"min_share is for the lowest grade ({names[-1]!r}), not {q.grade!r}"
                )
        if len(set(self.tie_break)) != len(self.tie_break):
            raise ValueError("tie_break lists a node twice")
        if len(quotas) != len(self.quotas):
            raise ValueError("one quota per grade")
        for j in range(open_at + 1, len(self.bands)):
            above = quotas.get(names[j - 1])
            last = j == len(names) - 1 and names[j] in quotas
            if (above is None or above.bottom) and not last:
                raise ValueError(
                    f"no unit can get {names[j]!r}: the band above it has no 'min' and "
                    f"{names[j - 1]!r} has no max_share quota to move units down"
                )


def _band_index(params: GradeParams, pub: np.ndarray) -> np.ndarray:
    idx = np.full(pub.shape, len(params.bands) - 1, dtype=np.int64)
    assigned = np.zeros(pub.shape, dtype=bool)
    for i, band in enumerate(params.bands[:-1]):
        if band.min is None:
            reach = np.ones(pub.shape, dtype=bool)
        else:
            reach = pub >= band.min if band.min_inclusive else pub > band.min
        hit = ~assigned & reach
        idx[hit] = i
        assigned |= hit
    return idx


def _quota_pools(state: RuleState) -> list[np.ndarray]:
    """The ranked units that share quotas: each unit group on its own under
    ``scoring.within_groups``, else all ranked units together."""
    ranked = np.flatnonzero(state.ranked)
    if not state.within_groups:
        return [ranked]
    groups = state.groups[ranked]
    return [ranked[groups == g] for g in dict.fromkeys(groups.tolist())]


def _pool_group(state: RuleState, pool: np.ndarray) -> str | None:
    """The unit group of a pool when all its units share one (else ``None``)."""
    groups = set(state.groups[pool].tolist())
    if len(groups) == 1:
        only = groups.pop()
        return None if only is None else str(only)
    return None


def _cap_index(params: GradeParams, state: RuleState) -> np.ndarray:
    names = {b.grade: i for i, b in enumerate(params.bands)}
    return np.array(
        [names.get(c, -1) if c is not None else -1 for c in state.grade_cap], dtype=np.int64
    )


def _tie_values(params: GradeParams, events: Records) -> np.ndarray | None:
    """Per unit, the ``tie_break`` value turned so that higher is better (NaN: none)."""
    if params.tie_break_value is None or "tie_break" not in events.columns:
        return None
    values = np.full(events.n_units, np.nan)
    col = np.asarray(events.columns["tie_break"], dtype=float)
    values[events.unit] = col
    return values if params.tie_break_value == "higher" else -values


def _sort_keys(params: GradeParams, state: RuleState, events: Records) -> list[np.ndarray]:
    """Keys that order units best first, each lower-is-better, most significant first."""
    keys = [np.nan_to_num(state.rank, nan=np.inf)]
    for node_id in params.tie_break:
        pts = published_node(state, node_id)
        keys.append(-np.nan_to_num(pts, nan=-np.inf))
    tie = _tie_values(params, events)
    if tie is not None:
        keys.append(-np.nan_to_num(tie, nan=-np.inf))
    return keys


def _positions(keys: list[np.ndarray], members: np.ndarray) -> np.ndarray:
    """Competition positions (1, 2, 2, 4) of ``members`` on ``keys``, best first."""
    sub = [k[members] for k in keys]
    order = np.lexsort(tuple(reversed(sub)))
    differs = np.zeros(len(order), dtype=bool)
    if len(order):
        differs[0] = True
    for k in sub:
        ks = k[order]
        differs[1:] |= ks[1:] != ks[:-1]
    start = np.maximum.accumulate(np.where(differs, np.arange(len(order)), 0))
    pos = np.empty(len(order), dtype=np.int64)
    pos[order] = start + 1
    return pos


def _take(
    pos: np.ndarray, count: int, ties: Literal["demote", "keep"], into_top: bool
) -> np.ndarray:
    """Which of the units at positions ``pos`` fall among the first ``count``.

    Units sharing the boundary position are all in when that leaves the upper grade
    with them (``keep`` for a top quota, ``demote`` for a bottom share) and all out
    otherwise.
    """
    if count <= 0:
        return np.zeros(len(pos), dtype=bool)
    if count >= len(pos):
        return np.ones(len(pos), dtype=bool)
    boundary = np.sort(pos)[count - 1]
    inside = pos <= boundary
    generous = ties == "keep" if into_top else ties == "demote"
    if not generous and np.count_nonzero(inside) > count:
        inside = pos < boundary
    return inside


def _assign(params: GradeParams, state: RuleState, events: Records) -> np.ndarray:
    """The band position of every unit after caps and quotas."""
    pub = published_total(state)
    idx = np.maximum(_band_index(params, pub), _cap_index(params, state))
    quotas = {q.grade: q for q in params.quotas}
    if not quotas:
        return idx
    keys = _sort_keys(params, state, events)
    last = len(params.bands) - 1
    for pool in _quota_pools(state):
        n_graded = len(pool)
        if not n_graded:
            continue
        group = _pool_group(state, pool)
        pos = _positions(keys, pool)
        for i, band in enumerate(params.bands):
            quota = quotas.get(band.grade)
            if quota is None or quota.bottom:
                continue
            here = idx[pool] == i
            allowed = quota.allowed(n_graded, group)
            if np.count_nonzero(here) <= allowed:
                continue
            keep = _take(pos[here], allowed, quota.tie_rule, into_top=True)
            members = pool[here]
            idx[members[~keep]] = i + 1
        bottom = quotas.get(params.bands[last].grade)
        if bottom is not None:
            # the bottom units: positions counted from the worst (reversed keys)
            from_bottom = n_graded + 1 - _worst_first(pos)
            hit = _take(from_bottom, bottom.allowed(n_graded, group), bottom.tie_rule, False)
            idx[pool[hit]] = last
    return idx


def _worst_first(pos: np.ndarray) -> np.ndarray:
    """Competition positions counted from the best end, for the order worst first:
    ``n + 1 -`` the result is a unit's position from the bottom (ties share the worst)."""
    # units strictly better than each, plus the unit and those equal to it
    order = np.sort(pos)
    return np.searchsorted(order, pos, side="right")


class Grade(BaseRule):
    """Assigns grades from bands, caps, quotas and shares."""

    Params: ClassVar[type[GradeParams]] = GradeParams
    stage: ClassVar[Literal["adjust", "classify"]] = "classify"
    columns: ClassVar[Mapping[str, ColumnKind]] = {}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {"tie_break": "number"}
    grades: ClassVar[bool] = True

    @staticmethod
    def check(params: GradeParams, events: Records) -> list[tuple[int, str | Message]]:
        """Rows are ``tie_break`` values, one per unit, read only with ``tie_break_value``."""
        if params.tie_break_value is None:
            return [
                (r, "the grade rule reads tie_break rows only when it sets tie_break_value")
                for r in range(events.n_rows)
            ]
        out: list[tuple[int, str | Message]] = []
        seen: set[int] = set()
        col = events.columns.get("tie_break")
        for r in range(events.n_rows):
            unit = int(events.unit[r])
            value = None if col is None else float(col[r])
            if value is None or math.isnan(value):
                out.append((r, "give the unit's tie_break value"))
            if unit in seen:
                out.append((r, "a second tie_break row for this unit"))
            seen.add(unit)
        return out

    @staticmethod
    def template_columns(params: GradeParams) -> tuple[str, ...]:
        """A blank template offers the ``tie_break`` column only with ``tie_break_value``."""
        return ("tie_break",) if params.tie_break_value is not None else ()

    @staticmethod
    def references(params: GradeParams) -> tuple[Reference, ...]:
        """The ``tie_break`` nodes and the groups of ``by_group``, located at their values."""
        out = [
            Reference(kind="node", id=n, param=("tie_break", k))
            for k, n in enumerate(params.tie_break)
        ]
        for i, quota in enumerate(params.quotas):
            out += [
                Reference(kind="group", id=g, param=("quotas", i, "by_group", g))
                for g in quota.by_group
            ]
        return tuple(out)

    @staticmethod
    def apply(params: GradeParams, state: RuleState, events: Records) -> RuleState:
        """Grade every unit."""
        idx = _assign(params, state, events)
        grades = np.array([b.grade for b in params.bands], dtype=object)[idx]
        if params.outside_ranking == "none":
            grades[~np.asarray(state.ranked, dtype=bool)] = None
        return evolve(state, grade=grades)

    @staticmethod
    def grade_names(params: GradeParams) -> tuple[str, ...]:
        """The grades of the bands, best first."""
        return tuple(b.grade for b in params.bands)

    @staticmethod
    def explain(
        params: GradeParams, before: RuleState, after: RuleState, events: Records, unit: int
    ) -> Note | None:
        """The band reached, any cap, any quota or share that moved the unit."""
        pub = float(published_total(before)[unit])
        band = int(_band_index(params, np.array([pub]))[0])
        by_band = params.bands[band].grade
        final = after.grade[unit]
        cap = before.grade_cap[unit]
        data = {"published_total": pub, "band": by_band, "grade": final, "grade_cap": cap}
        if final is None:
            return Note(
                zh=f"总分 {pub:g};未参加排名,不定等次",
                en=f"published total {pub:g}; outside the ranking, not graded",
                data=data,
            )
        final = str(final)
        zh = f"总分 {pub:g} 达到“{by_band}”档"
        en = f"published total {pub:g} reaches band {by_band!r}"
        if params.bands[band].min is None and band < len(params.bands) - 1:
            zh = f"总分 {pub:g},按名次比例定等次"
            en = f"published total {pub:g}, graded by shares of the ranking"
        if cap is not None and final != by_band:
            zh += f";因一票否决等次不高于“{cap}”"
            en += f"; capped at {cap!r} by a veto"
        if final != by_band and (cap is None or final != cap):
            names = [b.grade for b in params.bands]
            lower = names.index(final) > names.index(by_band)
            if lower and final == names[-1] and any(q.bottom for q in params.quotas):
                zh += f";位于末位比例内,定为“{final}”"
                en += f"; within the bottom share, graded {final!r}"
            else:
                zh += f";超出名额,调为“{final}”"
                en += f"; over the quota, moved to {final!r}"
        zh += f",最终等次“{final}”"
        en += f"; grade {final!r}"
        return Note(zh=zh, en=en, data=data)
