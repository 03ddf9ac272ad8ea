"""The ``piecewise`` evaluator: a value to points along piecewise-linear breakpoints.

Breakpoints are listed by strictly increasing ``value``; each gives absolute
``points`` or a ``share`` of the maximum.  Between breakpoints the points are
linear; below the first and above the last they stay at the end values.  Example:
"≥ 90 % full 2 points, −1 per percentage point below" is ``[{value: 88, points: 0},
{value: 90, points: 2}]``.  Absolute points are capped at the sub-indicator's maximum.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
from attrs import frozen

from ..exceptions import Message
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._common import number_problems
from ._levels import one_of
from ._relative import InputRange, input_problems

__all__ = ["Breakpoint", "Piecewise", "PiecewiseParams"]


@frozen(kw_only=True)
class Breakpoint:
    """A point of the curve."""

    value: float
    """The value of the breakpoint; values increase strictly."""
    points: float | None = None
    """Points at this value; or give ``share`` (the same on every breakpoint)."""
    share: float | None = None
    """Share of the leaf's points at this value (0 to 1); or give ``points``."""

    def __attrs_post_init__(self) -> None:
        one_of(self.points, self.share, "a breakpoint")
        if self.share is not None and not 0 <= self.share <= 1:
            raise ValueError(f"a breakpoint's share must be between 0 and 1, got {self.share:g}")
        if self.points is not None and self.points < 0:
            raise ValueError(f"a breakpoint's points must not be negative, got {self.points:g}")


@frozen(kw_only=True)
class PiecewiseParams:
    """Parameters of ``piecewise``."""

    breakpoints: tuple[Breakpoint, ...]
    """At least two points of the curve, by strictly increasing value."""
    input_range: InputRange | None = None
    """Values allowed in the data; a value outside is an error naming its row."""

    def __attrs_post_init__(self) -> None:
        if len(self.breakpoints) < 2:
            raise ValueError("give at least two breakpoints")
        values = [b.value for b in self.breakpoints]
        if any(b <= a for a, b in itertools.pairwise(values)):
            raise ValueError("breakpoint values must increase strictly")
        kinds = {b.share is not None for b in self.breakpoints}
        if len(kinds) > 1:
            raise ValueError("use 'points' on every breakpoint or 'share' on every breakpoint")


def _curve(params: PiecewiseParams, values: np.ndarray, max_points: np.ndarray) -> np.ndarray:
    xs = np.array([b.value for b in params.breakpoints])
    if params.breakpoints[0].share is not None:
        ys = np.array([b.share or 0.0 for b in params.breakpoints])
        return np.interp(values, xs, ys) * max_points
    ys = np.array([b.points or 0.0 for b in params.breakpoints])
    return np.minimum(np.interp(values, xs, ys), max_points)


class Piecewise(BaseEvaluator):
    """A value to points by linear interpolation between breakpoints."""

    Params: ClassVar[type[PiecewiseParams]] = PiecewiseParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {"value": "number"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    one_row_per_unit: ClassVar[bool] = True
    formula: ClassVar[Mapping[str, str]] = {
        "en": "points = linear interpolation of the value between breakpoints (held at the "
        "end values outside them), at most max",
        "zh": "得分 = 按分段线性折算(两端之外取端点值),不超过满分",
    }

    @staticmethod
    def check(
        params: PiecewiseParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str | Message]]:
        """Values must be present and inside the input range."""
        values = np.asarray(records.columns["value"], dtype=float)
        return number_problems(values, "value") + input_problems(values, params.input_range)

    @staticmethod
    def score(params: PiecewiseParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """Interpolated points."""
        return _curve(params, records.per_unit("value"), max_points)

    @staticmethod
    def explain(
        params: PiecewiseParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The value."""
        return {"value": float(records.per_unit("value")[unit])}
