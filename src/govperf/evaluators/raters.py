"""The ``raters`` evaluator: several raters' scores combined, then rescaled to points.

Used for the leadership rating (领导考评) and ratings by street offices (服务基层).
``combine`` is ``mean``, ``median`` or ``trimmed_mean`` (drop the ``trim`` highest
and the ``trim`` lowest scores of each unit, then the mean).  Scores are on
``0 … scale``; ``points = combined / scale × max``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from attrs import field, frozen

from .._checks import positive
from .._lazy import lazy_numpy
from ..exceptions import Message
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._common import duplicate_rows, grouped_order, number_problems

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())

__all__ = ["Raters", "RatersParams"]


@frozen(kw_only=True)
class RatersParams:
    """Parameters of ``raters``."""

    combine: Literal["mean", "median", "trimmed_mean"] = "mean"
    """How a unit's scores are combined: mean, median, or trimmed mean."""
    trim: int = 0
    """Scores dropped at each end with ``trimmed_mean``."""
    scale: float = field(default=100.0, validator=positive)
    """The raters' score scale."""
    min_raters: int = 1
    """Fewest raters a unit must have (after nothing is dropped)."""

    def __attrs_post_init__(self) -> None:
        if self.combine == "trimmed_mean" and self.trim < 1:
            raise ValueError("combine 'trimmed_mean' needs 'trim' of at least 1")
        if self.combine != "trimmed_mean" and self.trim != 0:
            raise ValueError("'trim' is only used with combine 'trimmed_mean'")
        if self.min_raters < 1:
            raise ValueError("min_raters must be at least 1")


def _needed(params: RatersParams) -> int:
    return max(params.min_raters, 2 * params.trim + 1)


def _combined(params: RatersParams, records: Records) -> np.ndarray:
    scores = np.asarray(records.columns["score"], dtype=float)
    counts = records.count()
    with np.errstate(invalid="ignore", divide="ignore"):
        if params.combine == "mean":
            return records.sum(scores) / counts
        order, position, size = grouped_order(records, scores)
        sorted_scores = scores[order]
        units = records.unit[order]
        if params.combine == "median":
            keep = (position == (size - 1) // 2) | (position == size // 2)
            kept = np.bincount(units[keep], minlength=records.n_units)
            return (
                np.bincount(units[keep], weights=sorted_scores[keep], minlength=records.n_units)
                / kept
            )
        keep = (position >= params.trim) & (position < size - params.trim)
        kept = np.bincount(units[keep], minlength=records.n_units)
        return (
            np.bincount(units[keep], weights=sorted_scores[keep], minlength=records.n_units) / kept
        )


class Raters(BaseEvaluator):
    """Raters' scores combined by mean, median or trimmed mean."""

    Params: ClassVar[type[RatersParams]] = RatersParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {"rater": "text", "score": "number"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    one_row_per_unit: ClassVar[bool] = False
    formula: ClassVar[Mapping[str, str]] = {
        "en": "points = combine(rater scores) / scale × max (combine: mean, median, or "
        "trimmed mean dropping the `trim` highest and lowest)",
        "zh": "得分 = 评分汇总值 ÷ 分制 × 满分(汇总:平均、中位数,或去掉最高和最低各 trim 个后平均)",
    }

    @staticmethod
    def check(
        params: RatersParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str | Message]]:
        """Scores in ``[0, scale]``, one score per rater, enough raters per unit."""
        out = number_problems(
            np.asarray(records.columns["score"], dtype=float), "score", 0.0, params.scale
        )
        out += duplicate_rows(records, records.columns["rater"], "rater")
        counts = records.count()
        needed = _needed(params)
        short = np.flatnonzero((counts > 0) & (counts < needed))
        for unit in short:
            first = int(records.rows_of(int(unit))[0])
            out.append(
                (
                    first,
                    f"{counts[unit]} rater(s) for this unit; "
                    f"{params.combine} needs at least {needed}",
                )
            )
        return out

    @staticmethod
    def score(params: RatersParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """Combined score rescaled to points."""
        return _combined(params, records) / params.scale * max_points

    @staticmethod
    def explain(
        params: RatersParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """Every rater's score, the combination and the combined value."""
        rows = records.rows_of(unit)
        scores = {
            str(records.columns["rater"][r]): float(records.columns["score"][r]) for r in rows
        }
        return {
            "scores": scores,
            "combine": params.combine,
            "trim": params.trim,
            "combined": float(_combined(params, records)[unit]),
            "scale": params.scale,
        }
