"""The ``deduction`` rule (扣分项): points taken off the total, outside the tree, with caps.

Events: one row per deduction.  A row gives its ``points`` directly, or, when the
rule declares incident ``types``, a ``type`` and a ``count`` (``points per incident ×
count``, capped per type), never both.  A unit's deduction is at most ``cap`` when
one is set, and never more than its total: a total does not go below zero.
Optional columns: ``item``, ``note``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

import numpy as np
from attrs import evolve, field, frozen

from .._checks import positive_or_none
from ..evaluators._common import category_codes
from ..evaluators.deduction import IncidentType
from ..plugin import BaseRule, ColumnKind, Note, Records, RuleState

__all__ = ["Deduction", "DeductionRuleParams"]


@frozen(kw_only=True)
class DeductionRuleParams:
    """Parameters of the ``deduction`` rule."""

    cap: float | None = field(default=None, validator=positive_or_none)
    """Most points one unit can lose under this rule."""
    types: Mapping[str, IncidentType] = field(factory=dict)
    """Incident types with points per incident (and an optional cap per type)."""


def _row_points(params: DeductionRuleParams, events: Records) -> np.ndarray:
    cols = events.columns
    direct = cols["points"].astype(float) if "points" in cols else np.full(events.n_rows, np.nan)
    if not params.types or "type" not in cols:
        return np.nan_to_num(direct)
    names = list(params.types)
    codes = category_codes(cols["type"], names)
    per = np.array([params.types[n].points for n in names])
    counts = (
        np.nan_to_num(cols["count"].astype(float)) if "count" in cols else np.zeros(events.n_rows)
    )
    typed = np.where(codes >= 0, per[np.where(codes >= 0, codes, 0)] * counts, 0.0)
    return np.where(np.isnan(direct), typed, direct)


def _deducted(params: DeductionRuleParams, events: Records) -> np.ndarray:
    pts = _row_points(params, events)
    cols = events.columns
    if params.types and "type" in cols:
        codes = category_codes(cols["type"], list(params.types))
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
    def check(params: DeductionRuleParams, events: Records) -> list[tuple[int, str]]:
        """Each row gives positive points, or a known type and a whole count."""
        cols = events.columns
        out: list[tuple[int, str]] = []
        points = (
            cols["points"].astype(float) if "points" in cols else np.full(events.n_rows, np.nan)
        )
        has_type = np.zeros(events.n_rows, dtype=bool)
        if "type" in cols:
            has_type = np.array(
                [t is not None and t == t and str(t) != "" for t in cols["type"]], dtype=bool
            )
        if params.types and "type" in cols:
            codes = category_codes(cols["type"], list(params.types))
            known = ", ".join(params.types)
            out += [
                (int(r), f"unknown deduction type {cols['type'][r]!r} (known: {known})")
                for r in np.flatnonzero(has_type & (codes < 0))
            ]
            counts = (
                cols["count"].astype(float) if "count" in cols else np.full(events.n_rows, np.nan)
            )
            bad = has_type & (np.isnan(counts) | (counts < 0) | (counts != np.floor(counts)))
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
        items = [
            {
                "item": str(events.columns["item"][r]) if "item" in events.columns else None,
                "type": str(events.columns["type"][r]) if "type" in events.columns else None,
                "points": float(pts[r]),
            }
            for r in rows
        ]
        taken = float(after.deductions[unit] - before.deductions[unit])
        return Note(
            zh=f"扣分 {len(items)} 项,计扣 {taken:g} 分",
            en=f"{len(items)} deduction(s); {taken:g} deducted",
            data={"items": items, "deducted": taken, "cap": params.cap},
        )
