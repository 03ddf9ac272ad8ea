"""The ``grade`` rule: grade bands (优秀/良好/合格/不合格) with optional quotas.

Bands are listed best first; each has a ``min`` on the *published* total (rounded
half up to the scheme's precision), inclusive unless ``min_inclusive: false``; the
last band has no ``min`` and catches the rest.  A veto with ``effect: cap_grade``
lowers a unit to at most its cap.

A quota limits a grade to ``max_share`` of the ranked units (``floor(max_share × n)``
units; ``rounding`` may be ``round`` or ``ceil`` instead).  When more units reach the
grade, the best-ranked keep it and the rest move down one band (where that band's
quota applies in turn).  Ties at the quota boundary follow ``ties``: ``demote``
(default) moves every unit sharing the boundary rank down, so the quota is never
exceeded; ``keep`` lets them all keep the grade.  Units outside the ranking get
their band's grade and do not count toward quotas.  Under the scheme's
``scoring.within_groups`` quotas apply within each unit group: ``max_share`` of the
group's ranked units, by their rank within the group.

This rule runs after the ranking (stage ``classify``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import ClassVar, Literal

import numpy as np
from attrs import evolve, field, frozen

from .._checks import fraction, non_empty_text
from ..plugin import BaseRule, ColumnKind, Note, Records, RuleState
from ._common import published_total

__all__ = ["Grade", "GradeBand", "GradeParams", "Quota"]


@frozen(kw_only=True)
class GradeBand:
    """A grade and the least published total that reaches it."""

    grade: str = field(validator=non_empty_text)
    min: float | None = None
    min_inclusive: bool = True


@frozen(kw_only=True)
class Quota:
    """At most ``max_share`` of the ranked units may get ``grade``."""

    grade: str = field(validator=non_empty_text)
    max_share: float = field(validator=fraction)
    ties: Literal["demote", "keep"] = "demote"
    rounding: Literal["floor", "round", "ceil"] = "floor"

    def allowed(self, n: int) -> int:
        """How many units may have the grade out of ``n`` ranked units."""
        exact = self.max_share * n
        if self.rounding == "ceil":
            return math.ceil(exact - 1e-9)
        if self.rounding == "round":
            return math.floor(exact + 0.5)
        return math.floor(exact + 1e-9)


@frozen(kw_only=True)
class GradeParams:
    """Parameters of the ``grade`` rule."""

    bands: tuple[GradeBand, ...]
    quotas: tuple[Quota, ...] = ()

    def __attrs_post_init__(self) -> None:
        if len(self.bands) < 2:
            raise ValueError("list at least two grade bands, best first")
        names = [b.grade for b in self.bands]
        if len(set(names)) != len(names):
            raise ValueError("grade names must be unique")
        if self.bands[-1].min is not None:
            raise ValueError("the last band must have no 'min' (it takes every other unit)")
        mins = [b.min for b in self.bands[:-1]]
        if any(m is None for m in mins):
            raise ValueError("every band but the last needs a 'min'")
        values = [m for m in mins if m is not None]
        if any(b >= a for a, b in itertools.pairwise(values)):
            raise ValueError("band minimums must decrease from the best grade down")
        for q in self.quotas:
            if q.grade not in names:
                raise ValueError(
                    f"quota for unknown grade {q.grade!r} (grades: {', '.join(names)})"
                )
            if q.grade == names[-1]:
                raise ValueError(f"the lowest grade {q.grade!r} cannot have a quota")
        qnames = [q.grade for q in self.quotas]
        if len(set(qnames)) != len(qnames):
            raise ValueError("one quota per grade")


def _band_index(params: GradeParams, pub: np.ndarray) -> np.ndarray:
    idx = np.full(pub.shape, len(params.bands) - 1, dtype=np.int64)
    assigned = np.zeros(pub.shape, dtype=bool)
    for i, band in enumerate(params.bands[:-1]):
        assert band.min is not None
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


def _cap_index(params: GradeParams, state: RuleState) -> np.ndarray:
    names = {b.grade: i for i, b in enumerate(params.bands)}
    return np.array(
        [names.get(c, -1) if c is not None else -1 for c in state.grade_cap], dtype=np.int64
    )


class Grade(BaseRule):
    """Assigns grades from bands, caps and quotas."""

    Params: ClassVar[type[GradeParams]] = GradeParams
    stage: ClassVar[Literal["adjust", "classify"]] = "classify"
    columns: ClassVar[Mapping[str, ColumnKind]] = {}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    grades: ClassVar[bool] = True

    @staticmethod
    def check(params: GradeParams, events: Records) -> list[tuple[int, str]]:
        """This rule reads no events."""
        return [(r, "the grade rule takes no event rows") for r in range(events.n_rows)]

    @staticmethod
    def apply(params: GradeParams, state: RuleState, events: Records) -> RuleState:
        """Grade every unit."""
        pub = published_total(state)
        idx = np.maximum(_band_index(params, pub), _cap_index(params, state))
        quotas = {q.grade: q for q in params.quotas}
        if not quotas:
            return evolve(state, grade=np.array([b.grade for b in params.bands], dtype=object)[idx])
        for pool in _quota_pools(state):
            n_ranked = len(pool)
            for i, band in enumerate(params.bands):
                quota = quotas.get(band.grade)
                if quota is None:
                    continue
                members = pool[idx[pool] == i]
                allowed = quota.allowed(n_ranked)
                if len(members) <= allowed:
                    continue
                ranks = state.rank[members]
                if allowed == 0:
                    keep = np.zeros(len(members), dtype=bool)
                else:
                    boundary = np.sort(ranks)[allowed - 1]
                    keep = ranks <= boundary
                    if quota.ties == "demote" and np.count_nonzero(keep) > allowed:
                        keep = ranks < boundary
                idx[members[~keep]] = i + 1
        grades = np.array([b.grade for b in params.bands], dtype=object)[idx]
        return evolve(state, grade=grades)

    @staticmethod
    def grade_names(params: GradeParams) -> tuple[str, ...]:
        """The grades of the bands, best first."""
        return tuple(b.grade for b in params.bands)

    @staticmethod
    def explain(
        params: GradeParams, before: RuleState, after: RuleState, events: Records, unit: int
    ) -> Note | None:
        """The band reached, any cap, any quota demotion."""
        pub = float(published_total(before)[unit])
        band = int(_band_index(params, np.array([pub]))[0])
        final = str(after.grade[unit])
        by_band = params.bands[band].grade
        zh = f"总分 {pub:g} 达到“{by_band}”档"
        en = f"published total {pub:g} reaches band {by_band!r}"
        cap = before.grade_cap[unit]
        if cap is not None and final != by_band:
            zh += f";因一票否决等次不高于“{cap}”"
            en += f"; capped at {cap!r} by a veto"
        if final != by_band and (cap is None or final != cap):
            zh += f";超出名额,调为“{final}”"
            en += f"; over the quota, moved to {final!r}"
        zh += f",最终等次“{final}”"
        en += f"; grade {final!r}"
        return Note(
            zh=zh,
            en=en,
            data={"published_total": pub, "band": by_band, "grade": final, "grade_cap": cap},
        )
