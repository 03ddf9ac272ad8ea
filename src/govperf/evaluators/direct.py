"""The ``direct`` evaluator: the assessor awards the points.

``points = value`` with ``value`` in ``[0, max]``; with ``scale: 100`` the assessor
scores on ``0 … 100`` and ``points = value / scale × max``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from attrs import field, frozen

from .._checks import positive_or_none
from .._lazy import lazy_numpy
from ..exceptions import Message
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._common import number_problems
from ._relative import InputRange, input_problems

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())

__all__ = ["Direct", "DirectParams"]


@frozen(kw_only=True)
class DirectParams:
    """Parameters of ``direct``."""

    scale: float | None = field(default=None, validator=positive_or_none)
    """Score scale of the assessor (e.g. 100); absent: the value is the points."""
    input_range: InputRange | None = None
    """Values allowed in the data; a value outside is an error naming its row."""


class Direct(BaseEvaluator):
    """Points awarded directly by the assessor."""

    Params: ClassVar[type[DirectParams]] = DirectParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {"value": "number"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    one_row_per_unit: ClassVar[bool] = True
    formula: ClassVar[Mapping[str, str]] = {
        "en": "points = value (in [0, max]); with a scale: points = value / scale × max",
        "zh": "得分 = 考评主体给分(0至满分);设定分制时:得分 = 分数 ÷ 分制 × 满分",
    }

    @staticmethod
    def check(
        params: DirectParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str | Message]]:
        """Values must be present, within ``[0, scale or max]`` and the input range."""
        high = params.scale if params.scale is not None else max_points[records.unit]
        values = records.columns["value"]
        out = number_problems(values, "value", 0.0, high)
        seen = {row for row, _ in out}  # one message per value
        return out + [
            (row, message)
            for row, message in input_problems(np.asarray(values, dtype=float), params.input_range)
            if row not in seen
        ]

    @staticmethod
    def score(params: DirectParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """The value, rescaled when a scale is set."""
        value = records.per_unit("value")
        if params.scale is None:
            return value
        return value / params.scale * max_points

    @staticmethod
    def explain(
        params: DirectParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The value and the scale."""
        out: dict[str, Any] = {"value": float(records.per_unit("value")[unit])}
        if params.scale is not None:
            out["scale"] = params.scale
        return out
