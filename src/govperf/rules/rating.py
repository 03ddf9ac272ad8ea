"""The ``rating`` rule: a grade looked up from several node results (星级评定).

Some schemes do not band a total: they rate a unit by conditions on several results
at once, e.g. 4 stars when the corporate score is 4 and no level-1 service is below 3
and no level-2 service below 2, then 3, 2 and 1 stars by similar conditions.  The
ratings are listed best first, each with the conditions (``when``) that must all
hold; a unit gets the first rating whose conditions it meets, and the last rating
(with no conditions) takes every other unit.

A condition names one node (``node``) or several (``nodes``) and bounds their
*published* points (rounded half up to the scheme's precision) with ``min`` and/or
``max``, both inclusive: every named node must be within the bounds.  A node without
points (no data, under a missing-data policy that leaves it empty) meets no condition.

``caps`` limit the rating by one result: a cap whose conditions hold lowers the unit
to at most its ``grade_cap`` (e.g. at most 2 stars when the corporate score is 1).
A veto with ``effect: cap_grade`` caps the rating in the same way.

The rating is the unit's grade (the rule declares ``grades``), shown in results,
workbooks and reports.  Units outside the ranking get no rating (不定等次) unless
``outside_ranking: rate``.  This rule runs after the ranking (stage ``classify``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import ClassVar, Literal

import numpy as np
from attrs import evolve, field, frozen

from .._checks import non_empty_text
from ..exceptions import Message
from ..plugin import BaseRule, ColumnKind, Note, Records, Reference, RuleState
from ._common import published_node

__all__ = ["Condition", "Rating", "RatingCap", "RatingParams", "RatingStep"]


@frozen(kw_only=True)
class Condition:
    """Bounds on the published points of one node or of several (every one)."""

    node: str | None = None
    """The node whose points are bounded."""
    nodes: tuple[str, ...] = ()
    """Several nodes, each of which must be within the bounds (no service below 3)."""
    min: float | None = None
    """The least published points allowed (inclusive)."""
    max: float | None = None
    """The most published points allowed (inclusive)."""

    def __attrs_post_init__(self) -> None:
        if (self.node is None) == (not self.nodes):
            raise ValueError("a condition names one 'node' or a list of 'nodes', not both")
        if self.min is None and self.max is None:
            raise ValueError("a condition needs 'min', 'max' or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        if len(set(self.nodes)) != len(self.nodes):
            raise ValueError("'nodes' lists a node twice")

    @property
    def node_ids(self) -> tuple[str, ...]:
        """The nodes the condition reads."""
        return (self.node,) if self.node is not None else self.nodes

    def holds(self, published: Mapping[str, np.ndarray]) -> np.ndarray:
        """Per unit, whether every named node is within the bounds."""
        out: np.ndarray | None = None
        for node_id in self.node_ids:
            pts = published[node_id]
            ok = ~np.isnan(pts)
            if self.min is not None:
                ok &= pts >= self.min
            if self.max is not None:
                ok &= pts <= self.max
            out = ok if out is None else out & ok
        assert out is not None
        return out

    def describe(self, published: Mapping[str, np.ndarray], unit: int) -> tuple[str, str]:
        """The condition with the unit's figures, in Chinese and English."""
        figures = ", ".join(f"{n} {_fmt(float(published[n][unit]))}" for n in self.node_ids)
        if self.min is not None and self.max is not None:
            bound_zh, bound_en = f"{self.min:g}–{self.max:g}", f"within {self.min:g}–{self.max:g}"
        elif self.min is not None:
            bound_zh, bound_en = f"≥ {self.min:g}", f"≥ {self.min:g}"
        else:
            assert self.max is not None
            bound_zh, bound_en = f"≤ {self.max:g}", f"≤ {self.max:g}"
        return f"{figures}(须 {bound_zh})", f"{figures} (needs {bound_en})"


def _fmt(value: float) -> str:
    return "无" if math.isnan(value) else f"{value:g}"


@frozen(kw_only=True)
class RatingStep:
    """A rating and the conditions that must all hold for it."""

    grade: str = field(validator=non_empty_text)
    """The rating as published (4星)."""
    when: tuple[Condition, ...] = ()
    """All must hold; the last rating has none."""


@frozen(kw_only=True)
class RatingCap:
    """At most ``grade_cap`` for a unit whose conditions all hold."""

    when: tuple[Condition, ...]
    """All must hold for the cap to apply."""
    grade_cap: str = field(validator=non_empty_text)
    """The best rating a unit so capped keeps."""

    def __attrs_post_init__(self) -> None:
        if not self.when:
            raise ValueError("a cap needs at least one condition in 'when'")


@frozen(kw_only=True)
class RatingParams:
    """Parameters of the ``rating`` rule."""

    ratings: tuple[RatingStep, ...]
    """The ratings, best first; the last has no conditions and takes the rest."""
    caps: tuple[RatingCap, ...] = ()
    """Caps on the rating by one result."""
    outside_ranking: Literal["none", "rate"] = "none"
    """Units outside the ranking: ``none`` (不定等次, no rating) or ``rate``."""

    def __attrs_post_init__(self) -> None:
        if len(self.ratings) < 2:
            raise ValueError("list at least two ratings, best first")
        names = [r.grade for r in self.ratings]
        if len(set(names)) != len(names):
            raise ValueError("rating names must be unique")
        if self.ratings[-1].when:
            raise ValueError("the last rating must have no 'when' (it takes every other unit)")
        blank = [r.grade for r in self.ratings[:-1] if not r.when]
        if blank:
            raise ValueError(
                f"rating {blank[0]!r} needs conditions in 'when' (only the last has none)"
            )
        for cap in self.caps:
            if cap.grade_cap not in names:
                raise ValueError(
                    f"grade_cap {cap.grade_cap!r} is not a rating (ratings: {', '.join(names)})"
                )

    @property
    def conditions(self) -> tuple[tuple[tuple[str | int, ...], Condition], ...]:
        """Every condition with its path below ``params``."""
        out: list[tuple[tuple[str | int, ...], Condition]] = []
        for i, rating in enumerate(self.ratings):
            out += [(("ratings", i, "when", j), c) for j, c in enumerate(rating.when)]
        for i, cap in enumerate(self.caps):
            out += [(("caps", i, "when", j), c) for j, c in enumerate(cap.when)]
        return tuple(out)


def _published(params: RatingParams, state: RuleState) -> dict[str, np.ndarray]:
    ids = dict.fromkeys(n for _, c in params.conditions for n in c.node_ids)
    return {n: published_node(state, n) for n in ids}


def _index(
    params: RatingParams, state: RuleState, published: Mapping[str, np.ndarray]
) -> np.ndarray:
    """Each unit's rating position: the first met, then lowered by caps."""
    last = len(params.ratings) - 1
    idx = np.full(state.n_units, last, dtype=np.int64)
    assigned = np.zeros(state.n_units, dtype=bool)
    for i, rating in enumerate(params.ratings[:-1]):
        met = ~assigned
        for cond in rating.when:
            met &= cond.holds(published)
        idx[met] = i
        assigned |= met
    names = {r.grade: i for i, r in enumerate(params.ratings)}
    for cap in params.caps:
        hit = np.ones(state.n_units, dtype=bool)
        for cond in cap.when:
            hit &= cond.holds(published)
        idx[hit] = np.maximum(idx[hit], names[cap.grade_cap])
    veto = np.array([names.get(c, -1) if c is not None else -1 for c in state.grade_cap])
    return np.maximum(idx, veto.astype(np.int64))


class Rating(BaseRule):
    """Rates every unit by conditions on several node results, with caps."""

    Params: ClassVar[type[RatingParams]] = RatingParams
    stage: ClassVar[Literal["adjust", "classify"]] = "classify"
    columns: ClassVar[Mapping[str, ColumnKind]] = {}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    grades: ClassVar[bool] = True

    @staticmethod
    def check(params: RatingParams, events: Records) -> list[tuple[int, str | Message]]:
        """This rule reads no events."""
        return [(r, "the rating rule takes no event rows") for r in range(events.n_rows)]

    @staticmethod
    def references(params: RatingParams) -> tuple[Reference, ...]:
        """Every node a condition names, located at its value."""
        out: list[Reference] = []
        for path, cond in params.conditions:
            if cond.node is not None:
                out.append(Reference(kind="node", id=cond.node, param=(*path, "node")))
            out += [
                Reference(kind="node", id=n, param=(*path, "nodes", k))
                for k, n in enumerate(cond.nodes)
            ]
        return tuple(out)

    @staticmethod
    def apply(params: RatingParams, state: RuleState, events: Records) -> RuleState:
        """Rate every unit."""
        idx = _index(params, state, _published(params, state))
        grades = np.array([r.grade for r in params.ratings], dtype=object)[idx]
        if params.outside_ranking == "none":
            grades[~np.asarray(state.ranked, dtype=bool)] = None
        return evolve(state, grade=grades)

    @staticmethod
    def grade_names(params: RatingParams) -> tuple[str, ...]:
        """The ratings, best first."""
        return tuple(r.grade for r in params.ratings)

    @staticmethod
    def explain(
        params: RatingParams, before: RuleState, after: RuleState, events: Records, unit: int
    ) -> Note | None:
        """The rating met, the conditions of better ratings not met, any cap."""
        published = _published(params, before)
        final = after.grade[unit]
        if final is None:
            return Note(
                zh="未参加排名,不定等次",
                en="outside the ranking, not rated",
                data={"grade": None},
            )
        zh: list[str] = []
        en: list[str] = []
        met = len(params.ratings) - 1
        for i, rating in enumerate(params.ratings[:-1]):
            failed = [c for c in rating.when if not c.holds(published)[unit]]
            if not failed:
                met = i
                break
            z, e = failed[0].describe(published, unit)
            zh.append(f"未达到“{rating.grade}”:{z}")
            en.append(f"not {rating.grade!r}: {e}")
        by_conditions = params.ratings[met].grade
        zh.append(f"达到“{by_conditions}”")
        en.append(f"meets {by_conditions!r}")
        for cap in params.caps:
            if all(c.holds(published)[unit] for c in cap.when):
                z, e = cap.when[0].describe(published, unit)
                zh.append(f"{z},等次不高于“{cap.grade_cap}”")
                en.append(f"{e}: at most {cap.grade_cap!r}")
        veto = before.grade_cap[unit]
        if veto is not None and veto in {r.grade for r in params.ratings}:
            zh.append(f"因一票否决等次不高于“{veto}”")
            en.append(f"capped at {veto!r} by a veto")
        zh.append(f"最终等次“{final}”")
        en.append(f"rating {str(final)!r}")
        return Note(
            zh=";".join(zh),
            en="; ".join(en),
            data={
                "by_conditions": by_conditions,
                "grade": str(final),
                "grade_cap": veto,
                "points": {n: float(v[unit]) for n, v in published.items()},
            },
        )
