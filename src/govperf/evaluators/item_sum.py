"""``item_sum``: a leaf whose points are the sum of item rows, capped at its budget.

For a bonus inside the total (加分 counted within the 100 points): an indicator worth,
say, 5 points whose points come from the items a unit reports, e.g. commendations at
city / province / national level worth 1 / 3 / 5.  A unit with no rows scores 0 on
the leaf (it has data: nothing to add), never "missing".

Records: one row per item, column ``item`` and either ``points`` or, when the
evaluator declares ``tiers``, a ``tier`` (its id or printed name); optional ``note``.
``same_item: highest`` counts each item once at its highest points; an exact
duplicate row is an error unless ``duplicates: once``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
from attrs import field, frozen

from .._checks import positive_or_none
from ..exceptions import Message
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._items import (
    Duplicates,
    ItemTier,
    SameItem,
    counted_rows,
    item_problems,
    row_points,
    tiers_problem,
)

__all__ = ["ItemSum", "ItemSumParams"]


@frozen(kw_only=True)
class ItemSumParams:
    """Parameters of ``item_sum``."""

    tiers: Mapping[str, ItemTier] = field(factory=dict)
    """Tiers by id, each with its points; a row names its tier instead of points."""
    item_cap: float | None = field(default=None, validator=positive_or_none)
    """Cap on each single item, if any."""
    same_item: SameItem = "add"
    """``add``: every row counts; ``highest``: each item of a unit counts once, at the
    highest points among its rows."""
    duplicates: Duplicates = "error"
    """``error``: an exact duplicate row is a data error; ``once``: it counts once."""

    def __attrs_post_init__(self) -> None:
        why = tiers_problem(self.tiers)
        if why is not None:
            raise ValueError(why)


def _rows(params: ItemSumParams, records: Records) -> np.ndarray:
    points = row_points(records, params.tiers)
    if params.item_cap is not None:
        points = np.minimum(points, params.item_cap)
    return counted_rows(records, points, params.same_item, params.duplicates)


class ItemSum(BaseEvaluator):
    """The sum of a unit's item rows, at most the leaf's points; 0 without rows."""

    Params: ClassVar[type[ItemSumParams]] = ItemSumParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {"item": "text"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {
        "points": "number",
        "tier": "text",
        "note": "text",
    }
    one_row_per_unit: ClassVar[bool] = False
    rows_optional: ClassVar[bool] = True
    formula: ClassVar[Mapping[str, str]] = {
        "en": "points = min(max, Σ item points); 0 without items",
        "zh": "得分 = Σ各项分值,不超过本项分值;无申报项目得0分",
    }

    @staticmethod
    def check(
        params: ItemSumParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str | Message]]:
        """Each row gives positive points or a declared tier; no exact duplicates."""
        return item_problems(records, params.tiers, params.duplicates, "item")

    @staticmethod
    def score(params: ItemSumParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """The sum of the counted rows, capped at the leaf's points."""
        return np.minimum(records.sum(_rows(params, records)), max_points)

    @staticmethod
    def explain(
        params: ItemSumParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The items, what each counted, the sum claimed and whether the cap applied."""
        counted = _rows(params, records)
        rows = records.rows_of(unit)
        items = [
            {"item": str(records.columns["item"][r]), "counted": float(counted[r])} for r in rows
        ]
        claimed = float(counted[rows].sum())
        return {
            "items": items,
            "claimed": claimed,
            "capped": bool(claimed > float(max_points[unit]) + 1e-12),
        }
