"""The ``deduction`` rule (扣分项): points taken off the total, outside the tree, with caps.

Events: one row per deduction.  A row gives its ``points`` directly, or, when the
rule declares incident ``types`` (the deduction's tiers), a ``type`` by id or printed
``name`` and a ``count`` (``points per incident × count``, capped per type; a blank
count is one incident), never both.  With ``same_item: highest`` an ``item`` listed
several times counts once, at its highest points; an exact duplicate row is an error
unless ``duplicates: once``.  A unit's deduction is at most ``cap`` when
one is set, and never more than its total: a total does not go below zero.
Optional columns: ``item``, ``note``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

import numpy as np
from attrs import evolve, field, frozen

from .._checks import positive_or_none
from ..evaluators._items import (
    Duplicates,
    SameItem,
    counted_rows,
    duplicate_of,
    tier_codes,
    tiers_problem,
)
from ..evaluators.deduction import IncidentType
from ..exceptions import Message
from ..plugin import BaseRule, ColumnKind, Note, Records, RuleState

__all__ = ["Deduction", "DeductionRuleParams"]


@frozen(kw_only=True)
class DeductionRuleParams:
    """Parameters of the ``deduction`` rule."""

    cap: float | None = field(default=None, validator=positive_or_none)
    """Most points one unit can lose under this rule."""
    types: Mapping[str, IncidentType] = field(factory=dict)
    """Incident types with points per incident (and an optional cap per type)."""
    same_item: SameItem = "add"
    """``add``: every row counts; ``highest``: each ``item`` of a unit counts once, at
    the highest points among its rows."""
    duplicates: Duplicates = "error"
    """``error``: an exact duplicate row is a data error; ``once``: it counts once."""

    def __attrs_post_init__(self) -> None:
        why = tiers_problem(self.types)
        if why is not None:
            raise ValueError(why.replace("tier", "type"))


def _codes(params: DeductionRuleParams, events: Records) -> np.ndarray:
    """Each row's type position (``-1`` blank, ``-2`` unknown), by id or name."""
    if "type" not in events.columns:
        return np.full(events.n_rows, -1, dtype=np.int64)
    return tier_codes(events.columns["type"], params.types)


def _row_points(params: DeductionRuleParams, events: Records) -> np.ndarray:
    cols = events.columns
    direct = cols["points"].astype(float) if "points" in cols else np.full(events.n_rows, np.nan)
    if not params.types or "type" not in cols:
        return np.nan_to_num(direct)
    codes = _codes(params, events)
    per = np.array([t.points for t in params.types.values()])
    counts = cols["count"].astype(float) if "count" in cols else np.ones(events.n_rows)
    counts = np.where(np.isnan(counts), 1.0, counts)  # a blank count: one incident
    typed = np.where(codes >= 0, per[np.maximum(codes, 0)] * counts, 0.0)
    return np.where(np.isnan(direct), typed, direct)


def _counted(params: DeductionRuleParams, events: Records) -> np.ndarray:
    return counted_rows(events, _row_points(params, events), params.same_item, params.duplicates)


def _deducted(params: DeductionRuleParams, events: Records) -> np.ndarray:
    pts = _counted(params, events)
    if params.types and "type" in events.columns:
        codes = _codes(params, events)
        total = events.sum(np.where(codes < 0, pts, 0.0))
        for i, itype in enumerate(params.types.values()):
            by_type = events.sum(np.where(codes == i, pts, 0.0))
            total += by_type if itype.cap is None else np.minimum(by_type, itype.cap)
    else:
        total = events.sum(pts)
    return total if params.cap is None else np.minimum(total, params.cap)


class Deduction(BaseRule):
    """Takes capped deductions off each unit's total."""

    Params: ClassVar[type[DeductionRuleParams]] = DeductionRuleParams
    stage: ClassVar[Literal["adjust", "classify"]] = "adjust"
    columns: ClassVar[Mapping[str, ColumnKind]] = {}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {
        "item": "text",
        "points": "number",
        "type": "text",
        "count": "number",
        "note": "text",
    }
    changes_total: ClassVar[bool] = True

    @staticmethod
    def check(params: DeductionRuleParams, events: Records) -> list[tuple[int, str | Message]]:
        """Each row gives positive points, or a known type and a whole count."""
        cols = events.columns
        out: list[tuple[int, str | Message]] = []
        points = (
            cols["points"].astype(float) if "points" in cols else np.full(events.n_rows, np.nan)
        )
        codes = _codes(params, events)
        has_type = codes != -1
        if params.types and "type" in cols:
            known = ", ".join(f"{k} ({t.name})" if t.name else k for k, t in params.types.items())
            out += [
                (
                    int(r),
                    f"unknown deduction type {str(cols['type'][r]).strip()!r} (known: {known})",
                )
                for r in np.flatnonzero(codes == -2)
            ]
            counts = cols["count"].astype(float) if "count" in cols else np.ones(events.n_rows)
            counts = np.where(np.isnan(counts), 1.0, counts)
            bad = has_type & ((counts < 0) | (counts != np.floor(counts)))
            out += [
                (int(r), "count must be a whole number of at least 0") for r in np.flatnonzero(bad)
            ]
        elif has_type.any():
            out += [
                (int(r), "this rule declares no incident types; give 'points' instead")
                for r in np.flatnonzero(has_type)
            ]
        both = ~np.isnan(points) & has_type
        out += [
            (int(r), "give either 'points' or a 'type' and 'count', not both")
            for r in np.flatnonzero(both)
        ]
        neither = np.isnan(points) & ~has_type
        out += [
            (int(r), "give 'points' (or a 'type' and 'count')") for r in np.flatnonzero(neither)
        ]
        out += [
            (int(r), f"deduction points {points[r]:g} must be positive")
            for r in np.flatnonzero(~np.isnan(points) & (points <= 0))
        ]
        if params.duplicates == "error":
            out += [
                (
                    int(r),
                    "this row repeats an earlier row of the same unit exactly; remove it, "
                    "or set 'duplicates: once' to count such rows once",
                )
                for r in np.flatnonzero(duplicate_of(events) >= 0)
            ]
        return out

    @staticmethod
    def apply(params: DeductionRuleParams, state: RuleState, events: Records) -> RuleState:
        """Subtract the capped deductions."""
        # a unit's total never goes below zero: deductions beyond it are not taken
        taken = np.minimum(_deducted(params, events), np.maximum(state.total, 0.0))
        return evolve(state, deductions=state.deductions + taken, total=state.total - taken)

    @staticmethod
    def explain(
        params: DeductionRuleParams, before: RuleState, after: RuleState, events: Records, unit: int
    ) -> Note | None:
        """Rows and the points deducted."""
        rows = events.rows_of(unit)
        if len(rows) == 0:
            return None
        pts = _row_points(params, events)
        counted = _counted(params, events)
        items = [
            {
                "item": str(events.columns["item"][r]) if "item" in events.columns else None,
                "type": str(events.columns["type"][r]) if "type" in events.columns else None,
                "points": float(pts[r]),
                "counted": float(counted[r]),
            }
            for r in rows
        ]
        taken = float(after.deductions[unit] - before.deductions[unit])
        return Note(
            zh=f"扣分 {len(items)} 项,计扣 {taken:g} 分",
            en=f"{len(items)} deduction(s); {taken:g} deducted",
            data={"items": items, "deducted": taken, "cap": params.cap},
        )
