"""The ``bonus`` rule (加分项): bonus items per unit with per-item and cumulative caps.

A unit's bonus is ``min(cap, Σ min(item_cap, item points))``.  By default the bonus
is added on top of the tree total (Xicheng: at most +5 on top of 100); with
``within_total: true`` the total after the bonus is capped at the scheme's
``total_points`` instead, and the bonus is what remains below that.

Events: one row per bonus item, columns ``item`` (text) and ``points`` (number),
optional ``note``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

import numpy as np
from attrs import evolve, field, frozen

from .._checks import positive, positive_or_none
from ..evaluators._common import number_problems
from ..plugin import BaseRule, ColumnKind, Note, Records, RuleState

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


def _claimed(params: BonusParams, events: Records) -> np.ndarray:
    points = np.asarray(events.columns["points"], dtype=float)
    if params.item_cap is not None:
        points = np.minimum(points, params.item_cap)
    return events.sum(points)


class Bonus(BaseRule):
    """Adds capped bonus items to each unit's total."""

    Params: ClassVar[type[BonusParams]] = BonusParams
    stage: ClassVar[Literal["adjust", "classify"]] = "adjust"
    columns: ClassVar[Mapping[str, ColumnKind]] = {"item": "text", "points": "number"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {"note": "text"}
    changes_total: ClassVar[bool] = True

    @staticmethod
    def check(params: BonusParams, events: Records) -> list[tuple[int, str]]:
        """Item points must be present and positive."""
        points = np.asarray(events.columns["points"], dtype=float)
        out = number_problems(points, "points")
        out += [
            (int(r), f"bonus points {points[r]:g} must be positive")
            for r in np.flatnonzero(~np.isnan(points) & (points <= 0))
        ]
        return out

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
        items = [
            {"item": str(events.columns["item"][r]), "points": float(events.columns["points"][r])}
            for r in rows
        ]
        claimed = float(_claimed(params, events)[unit])
        given = float(after.bonus[unit] - before.bonus[unit])
        capped = given < claimed - 1e-12
        zh = f"加分项 {len(items)} 项,申报合计 {claimed:g} 分,计入 {given:g} 分"
        en = f"{len(items)} bonus item(s) claiming {claimed:g}; {given:g} counted"
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
