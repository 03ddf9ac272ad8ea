"""The ``z_score`` evaluator: a value's standard score among the units, rescaled.

Among the units compared (every unit with a value, or each unit group's under
``scoring.within_groups``; see ``within_groups``)::

    z = (x − mean) / sd                (negated when lower is better)
    score = clip(center + spread × z, 0, out_of)
    points = score / out_of × max points

``sd`` is the population standard deviation (divisor n, not n − 1).  mean and sd are
taken over the units that have a value only (a unit without data takes no part; its
points come from the missing-data policy).  When every unit compared has the same
value (sd 0, or only one unit has a value), z is 0 and every one scores ``center``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
from attrs import field, frozen

from .._checks import non_negative, positive
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

__all__ = ["ZScore", "ZScoreParams"]


@frozen(kw_only=True)
class ZScoreParams:
    """Parameters of ``z_score``."""

    center: float = field(validator=non_negative)
    """Score of the mean value (z = 0), on the scale ``out_of``; e.g. 80."""
    spread: float = field(validator=positive)
    """Score added per standard deviation above the mean; e.g. 10."""
    direction: Direction = "higher"
    """Whether a higher or a lower value is better."""
    out_of: float = field(default=100.0, validator=positive)
    """Scale of the score; scores are clipped to ``[0, out_of]``."""
    within_groups: bool | None = None
    """Compare within each unit group; absent: as ``scoring.within_groups`` says."""
    input_range: InputRange | None = None
    """Values allowed in the data; a value outside is an error naming its row."""

    def __attrs_post_init__(self) -> None:
        if self.center > self.out_of:
            raise ValueError(f"center {self.center:g} is above out_of {self.out_of:g}")


def _z(params: ZScoreParams, records: Records) -> tuple[np.ndarray, np.ndarray, PopulationStats]:
    values = records.per_unit("value")
    x = oriented(values, params.direction)
    stats = population_stats(x, population(records, params.within_groups))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(stats.sd > 0, (x - stats.mean) / np.where(stats.sd > 0, stats.sd, 1.0), 0.0)
    z = np.where(np.isnan(x), np.nan, z)
    return values, z, stats


def _rescaled(params: ZScoreParams, z: np.ndarray) -> np.ndarray:
    return np.clip(params.center + params.spread * z, 0.0, params.out_of)


class ZScore(ValueEvaluator):
    """A standard score among the units, rescaled to points (标准分)."""

    Params: ClassVar[type[ZScoreParams]] = ZScoreParams
    formula: ClassVar[Mapping[str, str]] = {
        "en": "z = (value − mean)/sd among the units compared (negated when lower is better); "
        "score = clip(center + spread × z, 0, out_of); points = score / out_of × max",
        "zh": "z = (数值 − 平均值)/标准差(越低越好时取相反数);分数 = center + spread × z,"
        "限定在0至 out_of;得分 = 分数 ÷ out_of × 满分",
    }

    @staticmethod
    def score(params: ZScoreParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """The rescaled standard score's share of the points."""
        _, z, _ = _z(params, records)
        return _rescaled(params, z) / params.out_of * max_points

    @staticmethod
    def explain(
        params: ZScoreParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The value, the mean and sd compared, z and the score."""
        values, z, stats = _z(params, records)
        sign = 1.0 if params.direction == "higher" else -1.0
        return {
            "value": float(values[unit]),
            "mean": sign * float(stats.mean[unit]),
            "sd": float(stats.sd[unit]),
            "compared": int(stats.count[unit]),
            "z": float(z[unit]),
            "score": float(_rescaled(params, z[unit : unit + 1])[0]),
            "out_of": params.out_of,
        }
