"""The ``efficacy_coefficient`` evaluator (功效系数法): ``base + range × (x − min)/(max − min)``.

Among the units compared (every unit with a value, or each unit group's under
``scoring.within_groups``; see ``within_groups``), the worst value scores ``base`` and
the best ``base + range`` on a scale of ``out_of``; the points are that score's share
of the sub-indicator's points::

    t = (x − min) / (max − min)        ((max − x) / (max − min) when lower is better)
    score = base + range × t           (60 + 40 × t by default)
    points = score / out_of × max points

min and max are taken over the units that have a value only (a unit without data takes
no part; its points come from the missing-data policy).  When every unit compared has
the same value (or only one has a value), ``all_equal`` decides: ``best`` scores all at
``base + range``, ``worst`` at ``base``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import numpy as np
from attrs import field, frozen

from .._checks import non_negative, positive
from ..plugin import Records
from ._relative import Direction, InputRange, ValueEvaluator, population
from .min_max import _explained, min_max_position

__all__ = ["EfficacyCoefficient", "EfficacyCoefficientParams"]


@frozen(kw_only=True)
class EfficacyCoefficientParams:
    """Parameters of ``efficacy_coefficient``."""

    direction: Direction = "higher"
    """Whether a higher or a lower value is better."""
    base: float = field(default=60.0, validator=non_negative)
    """Score of the worst value (on the scale ``out_of``)."""
    span: float = field(default=40.0, validator=positive, alias="range")
    """Score added from the worst to the best value (written ``range``)."""
    out_of: float = field(default=100.0, validator=positive)
    """Scale of the score: ``points = score / out_of × max points``."""
    all_equal: Literal["best", "worst"] = "best"
    """When every unit compared has the same value: all score ``base + range`` or ``base``."""
    within_groups: bool | None = None
    """Compare within each unit group; absent: as ``scoring.within_groups`` says."""
    input_range: InputRange | None = None
    """Values allowed in the data; a value outside is an error naming its row."""

    def __attrs_post_init__(self) -> None:
        if self.base + self.span > self.out_of:
            raise ValueError(
                f"base {self.base:g} + range {self.span:g} is above out_of {self.out_of:g}"
            )


def _score(params: EfficacyCoefficientParams, records: Records) -> tuple[np.ndarray, Any]:
    codes = population(records, params.within_groups)
    values = records.per_unit("value")
    t, stats = min_max_position(values, params.direction, params.all_equal, codes)
    return params.base + params.span * t, (values, t, stats)


class EfficacyCoefficient(ValueEvaluator):
    """功效系数法: worst scores ``base``, best ``base + range``, linear in between."""

    Params: ClassVar[type[EfficacyCoefficientParams]] = EfficacyCoefficientParams
    formula: ClassVar[Mapping[str, str]] = {
        "en": "score = base + range × (value − min)/(max − min) among the units compared "
        "((max − value)/(max − min) when lower is better); points = score / out_of × max",
        "zh": "功效系数法:分数 = base + range × (数值 − 最小值)/(最大值 − 最小值)(越低越好时为 "
        "(最大值 − 数值)/(最大值 − 最小值));得分 = 分数 ÷ out_of × 满分",
    }

    @staticmethod
    def score(
        params: EfficacyCoefficientParams, records: Records, max_points: np.ndarray
    ) -> np.ndarray:
        """The score's share of the points."""
        score, _ = _score(params, records)
        return score / params.out_of * max_points

    @staticmethod
    def explain(
        params: EfficacyCoefficientParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The value, the worst and best values compared, the position and the score."""
        score, (values, t, stats) = _score(params, records)
        return {
            **_explained(values, t, stats, params.direction, unit),
            "score": float(score[unit]),
            "out_of": params.out_of,
        }
