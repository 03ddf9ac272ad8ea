"""The ``veto`` rule (一票否决): events that veto a unit, with a declared effect.

Effects: ``exclude_from_awards`` (the unit's score stays, it may not be commended:
Xicheng's 不列入年度评先评优范围), ``zero_total`` (the total becomes 0), and
``cap_grade`` (the grade is at most ``grade_cap``).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from attrs import field, frozen

from .._checks import non_empty_text

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


class Veto:
    """Marks vetoed units and applies the declared effect."""

    Params: ClassVar[type[VetoParams]] = VetoParams
