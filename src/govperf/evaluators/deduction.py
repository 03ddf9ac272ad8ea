"""The ``deduction`` evaluator: start at full points and deduct per incident, floored at 0.

Each incident type has ``points`` deducted per incident and an optional ``cap`` on
that type's deduction.  ``points = max(0, max − Σ_type min(cap, per_incident ×
count))``.  A unit with no incident rows has had no incidents and keeps full points
(rows are optional for this evaluator).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import numpy as np
from attrs import field, frozen

from .._checks import positive, positive_or_none
from ..exceptions import Message
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._common import category_codes, number_problems

__all__ = ["Deduction", "DeductionParams", "IncidentType"]


@frozen(kw_only=True)
class IncidentType:
    """Points deducted per incident of one type."""

    points: float = field(validator=positive)
    """Points deducted per incident."""
    cap: float | None = field(default=None, validator=positive_or_none)
    """Most points deducted for this type; absent: no cap."""
    name: str | None = None
    """The type's printed name, e.g. 逾期办理."""


@frozen(kw_only=True)
class DeductionParams:
    """Parameters of ``deduction``."""

    types: Mapping[str, IncidentType]
    """Incident types by id, each with its points per incident."""

    def __attrs_post_init__(self) -> None:
        if not self.types:
            raise ValueError("list at least one incident type under 'types'")


def _per_row(params: DeductionParams, records: Records) -> tuple[np.ndarray, np.ndarray]:
    names = list(params.types)
    codes = category_codes(records.columns["type"], names)
    per = np.array([params.types[n].points for n in names])
    counts = np.nan_to_num(np.asarray(records.columns["count"], dtype=float))
    valid = codes >= 0
    return np.where(valid, per[np.where(valid, codes, 0)] * counts, 0.0), codes


def _deducted(params: DeductionParams, records: Records) -> np.ndarray:
    raw, codes = _per_row(params, records)
    total = np.zeros(records.n_units)
    for i, (_name, itype) in enumerate(params.types.items()):
        by_type = records.sum(np.where(codes == i, raw, 0.0))
        total += by_type if itype.cap is None else np.minimum(by_type, itype.cap)
    return total


class Deduction(BaseEvaluator):
    """Full points less capped per-incident deductions."""

    Params: ClassVar[type[DeductionParams]] = DeductionParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {"type": "text", "count": "number"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    one_row_per_unit: ClassVar[bool] = False
    rows_optional: ClassVar[bool] = True
    formula: ClassVar[Mapping[str, str]] = {
        "en": "points = max(0, max − Σ over types of min(cap, points per incident × count))",
        "zh": "得分 = 满分 − Σ各类(每次扣分 × 次数,不超过该类上限),最低为0",
    }

    @staticmethod
    def vocabulary(params: DeductionParams) -> Mapping[str, Sequence[tuple[str, str]]]:
        """An incident type by its id or its printed name (逾期办理)."""
        words = [(tid, tid) for tid in params.types]
        words += [(t.name, tid) for tid, t in params.types.items() if t.name]
        return {"type": words}

    @staticmethod
    def check(
        params: DeductionParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str | Message]]:
        """Known incident types and whole, non-negative counts."""
        types = records.columns["type"]
        codes = category_codes(types, list(params.types))
        known = ", ".join(params.types)
        out: list[tuple[int, str | Message]] = [
            (int(r), f"unknown incident type {types[r]!r} (known: {known})")
            for r in np.flatnonzero(codes < 0)
        ]
        counts = np.asarray(records.columns["count"], dtype=float)
        out += number_problems(counts, "count", 0.0)
        out += [
            (int(r), f"count {counts[r]:g} is not a whole number")
            for r in np.flatnonzero(~np.isnan(counts) & (counts != np.floor(counts)))
        ]
        return out

    @staticmethod
    def score(params: DeductionParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """Full points less the deductions."""
        return np.maximum(0.0, max_points - _deducted(params, records))

    @staticmethod
    def explain(
        params: DeductionParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """Incidents by type and the points deducted."""
        rows = records.rows_of(unit)
        incidents = {
            str(records.columns["type"][r]): float(records.columns["count"][r]) for r in rows
        }
        return {"incidents": incidents, "deducted": float(_deducted(params, records)[unit])}
