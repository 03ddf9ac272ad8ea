"""The ``veto`` rule (一票否决): events that veto a unit, with a declared effect.

Effects: ``exclude_from_awards`` (the score stays and the unit may not be commended:
Xicheng's 被否决单位不列入年度评先评优范围), ``zero_total`` (the total becomes 0),
and ``cap_grade`` (the grade is at most ``grade_cap``; needs a ``grade`` rule).

Events: one row per veto event, column ``trigger`` (a listed trigger id, or any text
when ``open_triggers`` is true), optional ``note``.

Rules run in the order the scheme declares them, so a ``zero_total`` veto must be
declared after the bonus and deduction rules (validation reports it otherwise): a
bonus declared after it would add to the zeroed total.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

import numpy as np
from attrs import evolve, field, frozen

from .._checks import non_empty_text
from ..plugin import BaseRule, ColumnKind, Note, Records, RuleState, VetoCause

__all__ = ["Trigger", "Veto", "VetoParams"]


@frozen(kw_only=True)
class Trigger:
    """One listed cause of a veto."""

    id: str = field(validator=non_empty_text)
    name: str = field(validator=non_empty_text)
    name_en: str | None = None


@frozen(kw_only=True)
class VetoParams:
    """Parameters of the ``veto`` rule."""

    effect: Literal["exclude_from_awards", "zero_total", "cap_grade"]
    triggers: tuple[Trigger, ...] = ()
    open_triggers: bool = False
    """Accept events whose trigger is not listed (the document's list ends in 等)."""
    grade_cap: str | None = None
    """The best grade a vetoed unit may get, with ``effect: cap_grade``."""

    def __attrs_post_init__(self) -> None:
        if self.effect == "cap_grade" and not self.grade_cap:
            raise ValueError("effect 'cap_grade' needs 'grade_cap' (the best grade allowed)")
        if self.effect != "cap_grade" and self.grade_cap is not None:
            raise ValueError("'grade_cap' is only used with effect 'cap_grade'")
        if not self.triggers and not self.open_triggers:
            raise ValueError("list the triggers, or set 'open_triggers: true'")
        ids = [t.id for t in self.triggers]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate trigger ids: {', '.join(dupes)}")


_EFFECT_TEXT = {
    "exclude_from_awards": (
        "不列入年度评先评优范围,得分不变",
        "not eligible for annual awards; score unchanged",
    ),
    "zero_total": ("总分计为0", "total set to 0"),
    "cap_grade": ("等次不高于{cap}", "grade at most {cap}"),
}


def _events(params: VetoParams, events: Records, unit: int) -> list[dict[str, str | None]]:
    """The unit's events: trigger id, its names and the event's note."""
    names = {t.id: t for t in params.triggers}
    found: list[dict[str, str | None]] = []
    for r in events.rows_of(unit):
        tid = str(events.columns["trigger"][r])
        trig = names.get(tid)
        found.append(
            {
                "trigger": tid,
                "name": trig.name if trig else tid,
                "name_en": trig.name_en if trig and trig.name_en else tid,
                "note": (str(events.columns["note"][r]) if "note" in events.columns else None),
            }
        )
    return found


class Veto(BaseRule):
    """Marks vetoed units and applies the declared effect."""

    Params: ClassVar[type[VetoParams]] = VetoParams
    stage: ClassVar[Literal["adjust", "classify"]] = "adjust"
    columns: ClassVar[Mapping[str, ColumnKind]] = {"trigger": "text"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {"note": "text"}
    vetoes: ClassVar[bool] = True
    excludes: ClassVar[bool] = True

    @staticmethod
    def check(params: VetoParams, events: Records) -> list[tuple[int, str]]:
        """Triggers must be listed unless the list is open."""
        if params.open_triggers:
            return []
        known = {t.id for t in params.triggers}
        trig = events.columns["trigger"]
        listed = ", ".join(sorted(known))
        return [
            (r, f"unknown veto trigger {trig[r]!r} (listed: {listed})")
            for r in range(events.n_rows)
            if str(trig[r]) not in known
        ]

    @staticmethod
    def apply(params: VetoParams, state: RuleState, events: Records) -> RuleState:
        """Apply the effect to every unit with an event."""
        hit = events.count() > 0
        vetoed = state.vetoed | hit
        if params.effect == "exclude_from_awards":
            return evolve(state, vetoed=vetoed, award_eligible=state.award_eligible & ~hit)
        if params.effect == "zero_total":
            return evolve(
                state,
                vetoed=vetoed,
                total=np.where(hit, 0.0, state.total),
                award_eligible=state.award_eligible & ~hit,
            )
        cap = state.grade_cap.copy()
        cap[hit] = params.grade_cap
        return evolve(state, vetoed=vetoed, grade_cap=cap)

    @staticmethod
    def grade_cap(params: VetoParams) -> str | None:
        """The best grade a vetoed unit keeps, with ``effect: cap_grade``."""
        return params.grade_cap

    @staticmethod
    def sets_total(params: VetoParams) -> str | None:
        """With ``effect: zero_total`` the total of a vetoed unit becomes 0."""
        return "effect" if params.effect == "zero_total" else None

    @staticmethod
    def veto_causes(params: VetoParams, events: Records, unit: int) -> tuple[VetoCause, ...]:
        """The unit's events, named by their listed triggers."""
        return tuple(
            VetoCause(
                trigger=str(f["trigger"]),
                name=str(f["name"]),
                name_en=None if f["name_en"] is None else str(f["name_en"]),
                note=None if f["note"] is None else str(f["note"]),
                effect=params.effect,
            )
            for f in _events(params, events, unit)
        )

    @staticmethod
    def explain(
        params: VetoParams, before: RuleState, after: RuleState, events: Records, unit: int
    ) -> Note | None:
        """Which events vetoed the unit and the effect."""
        found = _events(params, events, unit)
        if not found:
            return None
        zh_eff, en_eff = _EFFECT_TEXT[params.effect]
        cap = params.grade_cap or ""
        zh = f"一票否决({'、'.join(str(f['name']) for f in found)}):{zh_eff.format(cap=cap)}"
        en = f"vetoed ({', '.join(str(f['name_en']) for f in found)}): {en_eff.format(cap=cap)}"
        return Note(
            zh=zh,
            en=en,
            data={"events": found, "effect": params.effect, "grade_cap": params.grade_cap},
        )
