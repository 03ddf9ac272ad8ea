"""The ``bonus`` rule (加分项): bonus items per unit with per-item and cumulative caps.

A unit's bonus is ``min(cap, Σ min(item_cap, item points))``.  By default the bonus
is added on top of the tree total (Xicheng: at most +5 on top of 100); with
``within_total: true`` the total after the bonus is capped at the scheme's
``total_points`` instead, and the bonus is what remains below that.

Events: one row per bonus item, column ``item`` (text) and either ``points`` (number)
or, when the rule declares ``tiers``, a ``tier`` (its id or printed name: the data
gives the tier, the scheme gives the points); optional ``note``.  With ``same_item:
highest`` an item claimed at several tiers counts once, at its highest.  An exact
duplicate row is an error unless ``duplicates: once``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from attrs import evolve, field, frozen

from .._checks import positive, positive_or_none
from .._lazy import lazy_numpy
from ..evaluators._items import (
    Duplicates,
    ItemTier,
    SameItem,
    counted_rows,
    item_problems,
    row_points,
    tiers_problem,
)
from ..exceptions import Message
from ..plugin import BaseRule, ColumnKind, Note, Records, RuleState

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())

__all__ = ["Bonus", "BonusParams"]


@frozen(kw_only=True)
class BonusParams:
    """Parameters of the ``bonus`` rule."""

    cap: float = field(validator=positive)
    """Cumulative cap per unit (Xicheng: 5)."""
    item_cap: float | None = field(default=None, validator=positive_or_none)
    """Cap on each single item, if any."""
    within_total: bool = False
    """Cap the total after the bonus at ``total_points`` instead of adding on top."""
    tiers: Mapping[str, ItemTier] = field(factory=dict)
    """Tiers by id, each with its points; a row names its tier instead of points."""
    same_item: SameItem = "add"
    """``add``: every row counts; ``highest``: each item of a unit counts once, at the
    highest points among its rows."""
    duplicates: Duplicates = "error"
    """``error``: an exact duplicate row is a data error; ``once``: it counts once."""

    def __attrs_post_init__(self) -> None:
        why = tiers_problem(self.tiers)
        if why is not None:
            raise ValueError(why)


def _rows(params: BonusParams, events: Records) -> np.ndarray:
    """Each row's points as counted (tiers, item cap, duplicates, same item)."""
    points = row_points(events, params.tiers)
    if params.item_cap is not None:
        points = np.minimum(points, params.item_cap)
    return counted_rows(events, points, params.same_item, params.duplicates)


def _claimed(params: BonusParams, events: Records) -> np.ndarray:
    return events.sum(_rows(params, events))


class Bonus(BaseRule):
    """Adds capped bonus items to each unit's total."""

    Params: ClassVar[type[BonusParams]] = BonusParams
    stage: ClassVar[Literal["adjust", "classify"]] = "adjust"
    columns: ClassVar[Mapping[str, ColumnKind]] = {"item": "text"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {
        "points": "number",
        "tier": "text",
        "note": "text",
    }
    changes_total: ClassVar[bool] = True

    @staticmethod
    def template_columns(params: BonusParams) -> tuple[str, ...]:
        """``item``, ``points`` (and ``tier`` first when tiers are declared), ``note``."""
        return ("item", "tier", "points", "note") if params.tiers else ("item", "points", "note")

    @staticmethod
    def check(params: BonusParams, events: Records) -> list[tuple[int, str | Message]]:
        """Each row gives positive points or a declared tier; no exact duplicates."""
        return item_problems(events, params.tiers, params.duplicates, "bonus")

    @staticmethod
    def apply(params: BonusParams, state: RuleState, events: Records) -> RuleState:
        """Add the capped bonus."""
        bonus = np.minimum(_claimed(params, events), params.cap)
        if params.within_total:
            room = np.maximum(0.0, state.total_points - state.total)
            bonus = np.minimum(bonus, room)
        new_bonus = state.bonus + bonus
        return evolve(state, bonus=new_bonus, total=state.total + bonus)

    @staticmethod
    def explain(
        params: BonusParams, before: RuleState, after: RuleState, events: Records, unit: int
    ) -> Note | None:
        """Items claimed, caps applied and the bonus given."""
        rows = events.rows_of(unit)
        if len(rows) == 0:
            return None
        claimed_pts = row_points(events, params.tiers)
        if params.item_cap is not None:
            claimed_pts = np.minimum(claimed_pts, params.item_cap)
        counted = _rows(params, events)
        tier = events.columns.get("tier")
        items: list[dict[str, Any]] = [
            {
                "item": str(events.columns["item"][r]),
                "tier": None if tier is None or tier[r] != tier[r] else str(tier[r]),
                "points": float(claimed_pts[r]),
                "counted": float(counted[r]),
            }
            for r in rows
        ]
        claimed = float(_claimed(params, events)[unit])
        given = float(after.bonus[unit] - before.bonus[unit])
        capped = given < claimed - 1e-12
        zh = f"加分项 {len(items)} 项,申报合计 {claimed:g} 分,计入 {given:g} 分"
        en = f"{len(items)} bonus item(s) claiming {claimed:g}; {given:g} counted"
        once = sum(1 for it in items if it["counted"] < it["points"] - 1e-12)
        if once:
            zh += f"(同一事项只计最高一档或重复行只计一次,{once} 行未计)"
            en += f" ({once} row(s) not counted: same item at a lower tier, or a repeat)"
        if capped:
            zh += f"(累计加分上限 {params.cap:g} 分)"
            en += f" (cumulative cap {params.cap:g})"
        return Note(
            zh=zh,
            en=en,
            data={
                "items": items,
                "claimed": claimed,
                "given": given,
                "cap": params.cap,
                "item_cap": params.item_cap,
                "capped": capped,
            },
        )
