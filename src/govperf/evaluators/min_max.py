"""The ``min_max`` evaluator: a value scaled between the population's worst and best.

Among the units compared (every unit with a value, or each unit group's under
``scoring.within_groups``; see ``within_groups``), the best value gets full points and
the worst ``floor`` of them, linear in between::

    t = (x − min) / (max − min)        (higher is better)
    t = (max − x) / (max − min)        (lower is better)
    points = (floor + (1 − floor) × t) × max points

min, max are the population's over the units that have a value: a unit without data
takes no part (its points come from the missing-data policy).  When every unit of a
population has the same value (or only one has a value), ``all_equal`` decides:
``best`` gives every one full points, ``worst`` the ``floor``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import numpy as np
from attrs import field, frozen

from .._checks import fraction
from ..plugin import Records
from ._relative import (
    Direction,
    InputRange,
    PopulationStats,
    ValueEvaluator,
    oriented,
    population,
    population_stats,
)

__all__ = ["MinMax", "MinMaxParams", "min_max_position"]


@frozen(kw_only=True)
class MinMaxParams:
    """Parameters of ``min_max``."""

    direction: Direction = "higher"
    """Whether a higher or a lower value is better."""
    floor: float = field(default=0.0, validator=fraction)
    """Share of the points that the population's worst value gets."""
    all_equal: Literal["best", "worst"] = "best"
    """When every unit compared has the same value: all get the best's or the worst's points."""
    within_groups: bool | None = None
    """Compare within each unit group; absent: as ``scoring.within_groups`` says."""
    input_range: InputRange | None = None
    """Values allowed in the data; a value outside is an error naming its row."""


def min_max_position(
    values: np.ndarray,
    direction: Direction,
    all_equal: Literal["best", "worst"],
    codes: np.ndarray,
) -> tuple[np.ndarray, PopulationStats]:
    """Each unit's position ``t`` in ``[0, 1]`` between its population's worst (0) and
    best (1) value; NaN for a unit without a value.  Also the population figures (of
    the values turned so that higher is better)."""
    x = oriented(values, direction)
    stats = population_stats(x, codes)
    span = stats.high - stats.low
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(span > 0, (x - stats.low) / np.where(span > 0, span, 1.0), np.nan)
    equal = 1.0 if all_equal == "best" else 0.0
    t = np.where(~np.isnan(x) & ~(span > 0), equal, t)
    return t, stats


class MinMax(ValueEvaluator):
    """A value scaled between the worst and the best unit (极值法)."""

    Params: ClassVar[type[MinMaxParams]] = MinMaxParams
    formula: ClassVar[Mapping[str, str]] = {
        "en": "t = (value − min)/(max − min) among the units compared ((max − value)/(max − "
        "min) when lower is better); points = (floor + (1 − floor) × t) × max",
        "zh": "t = (数值 − 最小值)/(最大值 − 最小值)(越低越好时为 (最大值 − 数值)/(最大值 − "
        "最小值));得分 = (floor + (1 − floor) × t) × 满分",
    }

    @staticmethod
    def score(params: MinMaxParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """Floor plus the scaled position, times the points."""
        codes = population(records, params.within_groups)
        t, _ = min_max_position(
            records.per_unit("value"), params.direction, params.all_equal, codes
        )
        return (params.floor + (1.0 - params.floor) * t) * max_points

    @staticmethod
    def explain(
        params: MinMaxParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The value, the population's worst and best values and the position."""
        values = records.per_unit("value")
        codes = population(records, params.within_groups)
        t, stats = min_max_position(values, params.direction, params.all_equal, codes)
        return _explained(values, t, stats, params.direction, unit)


def _explained(
    values: np.ndarray, t: np.ndarray, stats: PopulationStats, direction: Direction, unit: int
) -> dict[str, Any]:
    worst, best = float(stats.low[unit]), float(stats.high[unit])
    if direction == "lower":
        worst, best = -worst, -best
    return {
        "value": float(values[unit]),
        "worst": worst,
        "best": best,
        "compared": int(stats.count[unit]),
        "position": float(t[unit]),
    }
