"""The ``goalposts`` evaluator: a value scaled between two fixed goalposts.

Unlike ``min_max``, the goalposts are fixed in the scheme (the human development
index's method), so a unit's points do not depend on the other units::

    share = clip((x − lower) / (upper − lower), 0, 1)     (higher is better)
    share = clip((upper − x) / (upper − lower), 0, 1)     (lower is better)
    points = share × max points

A value beyond a goalpost counts as at it; declare an ``input_range`` to make values
outside a plausible range errors instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
from attrs import frozen

from ..plugin import Records
from ._relative import Direction, InputRange, ValueEvaluator

__all__ = ["Goalposts", "GoalpostsParams"]


@frozen(kw_only=True)
class GoalpostsParams:
    """Parameters of ``goalposts``."""

    lower: float
    """The lower goalpost: no points (higher is better) or full points (lower is better)."""
    upper: float
    """The upper goalpost: full points (higher is better) or no points (lower is better)."""
    direction: Direction = "higher"
    """Whether a higher or a lower value is better."""
    input_range: InputRange | None = None
    """Values allowed in the data; a value outside is an error naming its row."""

    def __attrs_post_init__(self) -> None:
        if not self.lower < self.upper:
            raise ValueError(f"lower {self.lower:g} must be below upper {self.upper:g}")


def _share(params: GoalpostsParams, values: np.ndarray) -> np.ndarray:
    t = (values - params.lower) / (params.upper - params.lower)
    if params.direction == "lower":
        t = 1.0 - t
    return np.clip(t, 0.0, 1.0)


class Goalposts(ValueEvaluator):
    """A value scaled between fixed goalposts."""

    Params: ClassVar[type[GoalpostsParams]] = GoalpostsParams
    formula: ClassVar[Mapping[str, str]] = {
        "en": "share = clip((value − lower)/(upper − lower), 0, 1) ((upper − value)/(upper − "
        "lower) when lower is better); points = share × max",
        "zh": "比例 = (数值 − lower)/(upper − lower)(越低越好时为 (upper − 数值)/(upper − "
        "lower)),限定在0至1;得分 = 比例 × 满分",
    }

    @staticmethod
    def score(params: GoalpostsParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """The share between the goalposts times the points."""
        return _share(params, records.per_unit("value")) * max_points

    @staticmethod
    def explain(
        params: GoalpostsParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The value and its share."""
        value = records.per_unit("value")[unit : unit + 1]
        return {"value": float(value[0]), "share": float(_share(params, value)[0])}
