"""The ``veto`` rule (一票否决): events or scores that veto a unit, with declared effects.

Effects (one, or several at once under ``effects``): ``exclude_from_awards`` (the score
stays and the unit may not be commended: Xicheng's 被否决单位不列入年度评先评优范围),
``exclude_from_ranking`` (the unit is scored but not ranked), ``zero_total`` (the total
becomes 0 and the unit may not be commended; it stays in the ranking, at the bottom),
and ``cap_grade`` (the grade is at most ``grade_cap``; needs a ``grade`` rule).  Only
``exclude_from_ranking`` takes a unit out of the ranking.

A unit is vetoed by an event row whose ``trigger`` names a listed trigger, by its id or
its printed name (any text when ``open_triggers`` is true), or by a ``condition`` on
the scores themselves: the published total, or a node's published points, below a
threshold (``below``) or at most one (``at_most``).  Conditions read the total as it
stands when the rule runs, after the rules declared before it.

Rules run in the order the scheme declares them, so a ``zero_total`` veto must be
declared after the bonus and deduction rules (validation reports it otherwise): a
bonus declared after it would add to the zeroed total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from attrs import evolve, field, frozen

from .._arrays import category_codes
from .._checks import non_empty_text
from .._lazy import lazy_numpy
from ..exceptions import Message
from ..plugin import BaseRule, ColumnKind, Note, Records, Reference, RuleState, VetoCause
from ._common import published_node, published_total

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())

__all__ = ["Condition", "Effect", "Trigger", "Veto", "VetoParams"]

Effect = Literal["exclude_from_awards", "exclude_from_ranking", "zero_total", "cap_grade"]


@frozen(kw_only=True)
class Trigger:
    """One listed cause of a veto, matched in the data by its id or printed name."""

    id: str = field(validator=non_empty_text)
    name: str = field(validator=non_empty_text)
    name_en: str | None = None


@frozen(kw_only=True)
class Condition:
    """A veto triggered by the scores: the total (or a node) below a threshold."""

    id: str = field(validator=non_empty_text)
    """Short name of the cause, listed in the unit's vetoes."""
    name: str = field(validator=non_empty_text)
    """The cause as printed, e.g. ``综合得分低于80分``."""
    name_en: str | None = None
    node: str | None = None
    """The node whose published points are tested; ``None``: the published total."""
    below: float | None = None
    """Met when the value is less than this."""
    at_most: float | None = None
    """Met when the value is at most this."""

    def __attrs_post_init__(self) -> None:
        if (self.below is None) == (self.at_most is None):
            raise ValueError(f"condition {self.id!r}: give exactly one of 'below' and 'at_most'")


@frozen(kw_only=True)
class VetoParams:
    """Parameters of the ``veto`` rule."""

    effect: Effect | None = None
    """The veto's effect; or list several under ``effects``."""
    effects: tuple[Effect, ...] = ()
    """Several effects at once, e.g. ``[cap_grade, exclude_from_awards]``."""
    triggers: tuple[Trigger, ...] = ()
    open_triggers: bool = False
    """Accept events whose trigger is not listed (the document's list ends in 等)."""
    grade_cap: str | None = None
    """The best grade a vetoed unit may get, with the ``cap_grade`` effect."""
    conditions: tuple[Condition, ...] = ()
    """Vetoes triggered by the scores themselves."""

    def __attrs_post_init__(self) -> None:
        if (self.effect is None) == (not self.effects):
            raise ValueError("give 'effect' (one) or 'effects' (a list), exactly one of them")
        effects = self.all_effects
        if len(set(effects)) != len(effects):
            raise ValueError("an effect is listed twice under 'effects'")
        if "cap_grade" in effects and not self.grade_cap:
            raise ValueError("effect 'cap_grade' needs 'grade_cap' (the best grade allowed)")
        if "cap_grade" not in effects and self.grade_cap is not None:
            raise ValueError("'grade_cap' is only used with effect 'cap_grade'")
        if not self.triggers and not self.open_triggers and not self.conditions:
            raise ValueError("list the triggers or conditions, or set 'open_triggers: true'")
        ids = [t.id for t in self.triggers] + [c.id for c in self.conditions]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate trigger ids: {', '.join(dupes)}")
        seen: dict[str, str] = {}
        for t in self.triggers:
            for key in dict.fromkeys(k for k in (t.id, t.name, t.name_en) if k):
                if key in seen:
                    raise ValueError(
                        f"triggers {seen[key]!r} and {t.id!r} are both called {key!r}, so the "
                        "data cannot tell them apart"
                    )
                seen[key] = t.id

    @property
    def all_effects(self) -> tuple[Effect, ...]:
        """The effects, whether given as ``effect`` or ``effects``."""
        return self.effects if self.effect is None else (self.effect,)


_EFFECT_TEXT = {
    "exclude_from_awards": (
        "不列入年度评先评优范围,得分不变",
        "not eligible for annual awards; score unchanged",
    ),
    "exclude_from_ranking": ("不参加排名", "not ranked"),
    "zero_total": ("总分计为0", "total set to 0"),
    "cap_grade": ("等次不高于{cap}", "grade at most {cap}"),
}


def _lookup(params: VetoParams) -> dict[str, Trigger]:
    out: dict[str, Trigger] = {}
    for t in params.triggers:
        for key in (t.id, t.name, t.name_en):
            if key:
                out.setdefault(key, t)
    return out


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value).strip()


def _events(params: VetoParams, events: Records, unit: int) -> list[dict[str, str | None]]:
    """The unit's events: trigger id, its names and the event's note."""
    names = _lookup(params)
    found: list[dict[str, str | None]] = []
    for r in events.rows_of(unit):
        given = _text(events.columns["trigger"][r])
        trig = names.get(given)
        found.append(
            {
                "trigger": trig.id if trig else given,
                "name": trig.name if trig else given,
                "name_en": trig.name_en if trig and trig.name_en else (trig.id if trig else given),
                "note": (str(events.columns["note"][r]) if "note" in events.columns else None),
            }
        )
    return found


def _value(cond: Condition, state: RuleState) -> np.ndarray:
    if cond.node is None:
        return published_total(state)
    return published_node(state, cond.node)


def _met(cond: Condition, state: RuleState) -> np.ndarray:
    value = _value(cond, state)
    with np.errstate(invalid="ignore"):
        return value < cond.below if cond.below is not None else value <= cond.at_most


def _met_text(cond: Condition, value: float, lang: str) -> str:
    """``总分 79 < 80`` / ``total 79 < 80``: the value that met the condition."""
    if lang == "zh":
        what = "总分" if cond.node is None else f"{cond.node} 得分"
    else:
        what = "total" if cond.node is None else cond.node
    op, limit = ("<", cond.below) if cond.below is not None else ("≤", cond.at_most)
    assert limit is not None
    return f"{what} {value:g} {op} {limit:g}"


def _effect_text(params: VetoParams) -> tuple[str, str]:
    cap = params.grade_cap or ""
    zh = ";".join(_EFFECT_TEXT[e][0].format(cap=cap) for e in params.all_effects)
    en = "; ".join(_EFFECT_TEXT[e][1].format(cap=cap) for e in params.all_effects)
    return zh, en


class Veto(BaseRule):
    """Marks vetoed units and applies the declared effects."""

    Params: ClassVar[type[VetoParams]] = VetoParams
    stage: ClassVar[Literal["adjust", "classify"]] = "adjust"
    columns: ClassVar[Mapping[str, ColumnKind]] = {"trigger": "text"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {"note": "text"}
    vetoes: ClassVar[bool] = True
    excludes: ClassVar[bool] = True

    @staticmethod
    def vocabulary(params: VetoParams) -> Mapping[str, Sequence[tuple[str, str]]]:
        """A listed trigger by its id, its name or its English name (any text when the
        list is open)."""
        if params.open_triggers:
            return {}
        words = [(t.id, t.id) for t in params.triggers]
        words += [(name, t.id) for t in params.triggers for name in (t.name, t.name_en) if name]
        return {"trigger": words}

    @staticmethod
    def check(params: VetoParams, events: Records) -> list[tuple[int, str | Message]]:
        """Triggers must be listed (by id or name) unless the list is open."""
        if params.open_triggers:
            return []
        known = _lookup(params)
        trig = events.columns["trigger"]
        listed = ", ".join(f"{t.id} ({t.name})" for t in params.triggers) or "none"
        # rows that name a trigger exactly are found by array comparisons; only the
        # others are read cell by cell (spaces around a name are allowed)
        unmatched = category_codes(trig, list(known)) < 0 if len(trig) else np.zeros(0, bool)
        return [
            (r, f"unknown veto trigger {_text(trig[r])!r} (listed: {listed})")
            for r in np.flatnonzero(unmatched).tolist()
            if _text(trig[r]) not in known
        ]

    @staticmethod
    def references(params: VetoParams) -> tuple[Reference, ...]:
        """The nodes the conditions test."""
        return tuple(
            Reference(kind="node", id=c.node, param=("conditions", i, "node"))
            for i, c in enumerate(params.conditions)
            if c.node is not None
        )

    @staticmethod
    def apply(params: VetoParams, state: RuleState, events: Records) -> RuleState:
        """Apply every effect to every unit with an event or a condition met."""
        hit = events.count() > 0
        for cond in params.conditions:
            hit = hit | _met(cond, state)
        state = evolve(state, vetoed=state.vetoed | hit)
        for effect in params.all_effects:
            if effect == "exclude_from_awards":
                state = evolve(state, award_eligible=state.award_eligible & ~hit)
            elif effect == "exclude_from_ranking":
                state = evolve(state, ranked=state.ranked & ~hit)
            elif effect == "zero_total":
                state = evolve(
                    state,
                    total=np.where(hit, 0.0, state.total),
                    award_eligible=state.award_eligible & ~hit,
                )
            else:
                cap = state.grade_cap.copy()
                cap[hit] = params.grade_cap
                state = evolve(state, grade_cap=cap)
        return state

    @staticmethod
    def grade_cap(params: VetoParams) -> str | None:
        """The best grade a vetoed unit keeps, with the ``cap_grade`` effect."""
        return params.grade_cap

    @staticmethod
    def sets_total(params: VetoParams) -> str | None:
        """With the ``zero_total`` effect the total of a vetoed unit becomes 0."""
        if "zero_total" not in params.all_effects:
            return None
        return "effect" if params.effect is not None else "effects"

    @staticmethod
    def veto_causes(params: VetoParams, events: Records, unit: int) -> tuple[VetoCause, ...]:
        """The unit's events, named by their listed triggers."""
        effect = ",".join(params.all_effects)
        return tuple(
            VetoCause(
                trigger=str(f["trigger"]),
                name=str(f["name"]),
                name_en=None if f["name_en"] is None else str(f["name_en"]),
                note=None if f["note"] is None else str(f["note"]),
                effect=effect,
            )
            for f in _events(params, events, unit)
        )

    @staticmethod
    def condition_causes(params: VetoParams, state: RuleState, unit: int) -> tuple[VetoCause, ...]:
        """The conditions the unit's scores meet, each with the value that met it."""
        effect = ",".join(params.all_effects)
        out = []
        for cond in params.conditions:
            if not _met(cond, state)[unit]:
                continue
            out.append(
                VetoCause(
                    trigger=cond.id,
                    name=cond.name,
                    name_en=cond.name_en,
                    note=_met_text(cond, float(_value(cond, state)[unit]), "zh"),
                    effect=effect,
                )
            )
        return tuple(out)

    @staticmethod
    def explain(
        params: VetoParams, before: RuleState, after: RuleState, events: Records, unit: int
    ) -> Note | None:
        """Which events or conditions vetoed the unit, and the effects."""
        found = _events(params, events, unit)
        conds = Veto.condition_causes(params, before, unit)
        if not found and not conds:
            return None
        zh_eff, en_eff = _effect_text(params)
        zh_names = [str(f["name"]) for f in found] + [f"{c.name}:{c.note}" for c in conds]
        met = [(cond, float(_value(cond, before)[unit])) for cond in params.conditions]
        en_notes = {cond.id: _met_text(cond, value, "en") for cond, value in met}
        en_names = [str(f["name_en"]) for f in found] + [
            f"{c.name_en or c.trigger}: {en_notes[c.trigger]}" for c in conds
        ]
        zh = f"一票否决({'、'.join(zh_names)}):{zh_eff}"
        en = f"vetoed ({', '.join(en_names)}): {en_eff}"
        return Note(
            zh=zh,
            en=en,
            data={
                "events": found,
                "conditions": [{"trigger": c.trigger, "value": c.note} for c in conds],
                "effect": ",".join(params.all_effects),
                "effects": list(params.all_effects),
                "grade_cap": params.grade_cap,
                "ranked": bool(after.ranked[unit]),
            },
        )
