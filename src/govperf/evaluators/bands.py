"""The ``bands`` evaluator: a value (a rate, an amount) to points by thresholds.

Each band has explicit bounds: ``min`` (inclusive unless ``min_inclusive: false``)
and ``max`` (exclusive unless ``max_inclusive: true``); either may be omitted for an
open end.  A band gives absolute ``points`` (capped at the sub-indicator's maximum)
or a ``share`` of the maximum.  Bands must not overlap; a value in no band is an
error naming the unit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
from attrs import field, frozen

from .._checks import fraction, non_negative
from ..exceptions import Message
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._common import number_problems, shown
from ._levels import one_of, resolve
from ._relative import InputRange, input_problems

__all__ = ["Band", "Bands", "BandsParams"]


def _opt_fraction(inst: Any, attribute: Any, value: float | None) -> None:
    if value is not None:
        fraction(inst, attribute, value)


def _opt_non_negative(inst: Any, attribute: Any, value: float | None) -> None:
    if value is not None:
        non_negative(inst, attribute, value)


@frozen(kw_only=True)
class Band:
    """One band: its bounds and what it gives."""

    min: float | None = None
    """Lower bound of the band; absent: open below."""
    max: float | None = None
    """Upper bound of the band; absent: open above."""
    min_inclusive: bool = True
    """Whether a value equal to ``min`` is in the band."""
    max_inclusive: bool = False
    """Whether a value equal to ``max`` is in the band."""
    points: float | None = field(default=None, validator=_opt_non_negative)
    """Points of the band (at most the leaf's points); or give ``share``."""
    share: float | None = field(default=None, validator=_opt_fraction)
    """Share of the leaf's points (0 to 1); or give ``points``."""

    def __attrs_post_init__(self) -> None:
        one_of(self.points, self.share, "a band")
        if (
            self.min is not None
            and self.max is not None
            and (
                self.min > self.max
                or (self.min == self.max and not (self.min_inclusive and self.max_inclusive))
            )
        ):
            raise ValueError(f"a band's min {self.min:g} must be below its max {self.max:g}")

    def contains(self, values: np.ndarray) -> np.ndarray:
        """Which values fall in the band."""
        inside = np.ones(values.shape, dtype=bool)
        if self.min is not None:
            inside &= values >= self.min if self.min_inclusive else values > self.min
        if self.max is not None:
            inside &= values <= self.max if self.max_inclusive else values < self.max
        return inside

    def label(self) -> str:
        """The band as an interval, e.g. ``[90, 100)``."""
        lo = "(-∞" if self.min is None else ("[" if self.min_inclusive else "(") + f"{self.min:g}"
        hi = "+∞)" if self.max is None else f"{self.max:g}" + ("]" if self.max_inclusive else ")")
        return f"{lo}, {hi}"


def _overlap(a: Band, b: Band) -> bool:
    lo_a = -math.inf if a.min is None else a.min
    hi_a = math.inf if a.max is None else a.max
    lo_b = -math.inf if b.min is None else b.min
    hi_b = math.inf if b.max is None else b.max
    if hi_a < lo_b or hi_b < lo_a:
        return False
    if hi_a == lo_b:
        return a.max_inclusive and b.min_inclusive
    if hi_b == lo_a:
        return b.max_inclusive and a.min_inclusive
    return True


@frozen(kw_only=True)
class BandsParams:
    """Parameters of ``bands``."""

    bands: tuple[Band, ...]
    """The bands, each with its bounds and its points or share; they must not overlap."""
    input_range: InputRange | None = None
    """Values allowed in the data; a value outside is an error naming its row."""

    def __attrs_post_init__(self) -> None:
        if not self.bands:
            raise ValueError("list at least one band")
        for i, a in enumerate(self.bands):
            for j in range(i + 1, len(self.bands)):
                if _overlap(a, self.bands[j]):
                    raise ValueError(
                        f"bands {i} {a.label()} and {j} {self.bands[j].label()} overlap"
                    )


def _band_of(params: BandsParams, values: np.ndarray) -> np.ndarray:
    which = np.full(values.shape, -1, dtype=np.int64)
    for i, band in enumerate(params.bands):
        which[band.contains(values)] = i
    return which


class Bands(BaseEvaluator):
    """A value to points by thresholds."""

    Params: ClassVar[type[BandsParams]] = BandsParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {"value": "number"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    one_row_per_unit: ClassVar[bool] = True
    formula: ClassVar[Mapping[str, str]] = {
        "en": "points = the band containing the value: its points (at most max) or share × max",
        "zh": "得分 = 数值所在档次的分值(不超过满分)或 比例 × 满分",
    }

    @staticmethod
    def check(
        params: BandsParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str | Message]]:
        """Values present and inside some band."""
        values = np.asarray(records.columns["value"], dtype=float)
        out = number_problems(values, "value") + input_problems(values, params.input_range)
        outside = ~np.isnan(values) & (_band_of(params, values) < 0)
        labels = ", ".join(b.label() for b in params.bands)
        out += [
            (int(r), f"value {shown(values[r])} is in no band ({labels})")
            for r in np.flatnonzero(outside)
        ]
        return out

    @staticmethod
    def score(params: BandsParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """Points of each unit's band."""
        values = records.per_unit("value")
        which = _band_of(params, values)
        pts = np.array([b.points if b.points is not None else 0.0 for b in params.bands])
        shares = np.array([b.share if b.share is not None else 0.0 for b in params.bands])
        uses = np.array([b.share is not None for b in params.bands])
        idx = np.where(which >= 0, which, 0)
        out = resolve(pts[idx], shares[idx], uses[idx], max_points)
        return np.where(which >= 0, out, np.nan)

    @staticmethod
    def explain(
        params: BandsParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The value and its band."""
        value = float(records.per_unit("value")[unit])
        which = int(_band_of(params, np.array([value]))[0])
        return {"value": value, "band": params.bands[which].label() if which >= 0 else None}
