"""What the value-taking and population-relative evaluators share.

- :class:`InputRange`: the range a value must lie in (a rate declared as 0–100 %:
  105 is an error naming the row, not a score);
- :class:`ValueEvaluator`: the base of evaluators that take one ``value`` per unit,
  checked to be a number inside the input range;
- :func:`population`: which units are compared with each other (all units with a
  value, or each unit group's under ``scoring.within_groups``);
- :func:`population_stats`: the min, max, mean, standard deviation and count of each
  unit's population, over the units that have a value only, so a unit without data
  never shifts the figures of the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from attrs import frozen

from .._lazy import lazy_numpy
from ..exceptions import Message
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._common import number_problems, shown

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())

__all__ = [
    "Direction",
    "InputRange",
    "PopulationStats",
    "ValueEvaluator",
    "input_problems",
    "oriented",
    "population",
    "population_stats",
]

Direction = Literal["higher", "lower"]


@frozen(kw_only=True)
class InputRange:
    """The values a sub-indicator's data may take, e.g. a rate in per cent: ``{min: 0,
    max: 100, unit: "%"}``.  A value outside it is an error naming the row."""

    min: float | None = None
    """Lowest value allowed (inclusive); absent: no lower bound."""
    max: float | None = None
    """Highest value allowed (inclusive); absent: no upper bound."""
    unit: str | None = None
    """The values' unit as shown in messages, e.g. ``%`` or ``万元``."""

    def __attrs_post_init__(self) -> None:
        if self.min is None and self.max is None:
            raise ValueError("an input range needs 'min', 'max' or both")
        if self.min is not None and self.max is not None and not self.min < self.max:
            raise ValueError(
                f"the input range's min {self.min:g} must be below its max {self.max:g}"
            )

    def label(self) -> str:
        """The range as people read it, e.g. ``[0, 100] %``."""
        lo = "-∞" if self.min is None else shown(self.min)
        hi = "+∞" if self.max is None else shown(self.max)
        return f"[{lo}, {hi}]" + (f" {self.unit}" if self.unit else "")


def input_problems(
    values: np.ndarray, declared: InputRange | None, name: str = "value"
) -> list[tuple[int, str | Message]]:
    """Rows whose ``name`` is outside the declared input range (NaN rows are not
    reported here)."""
    if declared is None:
        return []
    with np.errstate(invalid="ignore"):
        bad = np.zeros(values.shape, dtype=bool)
        if declared.min is not None:
            bad |= values < declared.min
        if declared.max is not None:
            bad |= values > declared.max
    unit = f" {declared.unit}" if declared.unit else ""
    return [
        (
            int(r),
            f"{name} {shown(values[r])}{unit} is outside the declared input range "
            f"{declared.label()}; is it on another scale?",
        )
        for r in np.flatnonzero(bad)
    ]


class ValueEvaluator(BaseEvaluator):
    """The base of the evaluators that take one ``value`` per unit in a declared range.

    It carries their shared column, one-row-per-unit flag and check; a subclass's
    ``Params`` has an ``input_range`` (``InputRange | None``).
    """

    columns: ClassVar[Mapping[str, ColumnKind]] = {"value": "number"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    one_row_per_unit: ClassVar[bool] = True

    @staticmethod
    def check(
        params: Any, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str | Message]]:
        """Values present and inside the input range."""
        values = np.asarray(records.columns["value"], dtype=float)
        return number_problems(values, "value") + input_problems(values, params.input_range)


def oriented(values: np.ndarray, direction: Direction) -> np.ndarray:
    """Values turned so that higher is better (negated when lower is better)."""
    return values if direction == "higher" else -values


def population(records: Records, within_groups: bool | None) -> np.ndarray:
    """Each unit's population code: its unit group when comparing within groups, else 0.

    ``within_groups`` ``None`` follows the scheme (``scoring.within_groups``); ``True``
    compares within groups whenever the scheme declares groups; ``False`` compares
    all units.
    """
    use = records.within_groups if within_groups is None else within_groups
    if use and records.groups is not None:
        return np.asarray(records.groups, dtype=np.int64)
    return np.zeros(records.n_units, dtype=np.int64)


@frozen(kw_only=True)
class PopulationStats:
    """Per unit: figures of its population over the units that have a value."""

    low: np.ndarray
    high: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    count: np.ndarray


def population_stats(values: np.ndarray, codes: np.ndarray) -> PopulationStats:
    """The min, max, mean, population standard deviation (divisor n) and count of each
    unit's population, leaving out units whose value is NaN (no data)."""
    n = len(values)
    low, high, mean, sd = (np.full(n, np.nan) for _ in range(4))
    count = np.zeros(n, dtype=np.int64)
    has = ~np.isnan(values)
    for code in np.unique(codes):
        members = codes == code
        v = values[members & has]
        count[members] = v.size
        if v.size:
            low[members] = v.min()
            high[members] = v.max()
            mean[members] = v.mean()
            sd[members] = v.std()
    return PopulationStats(low=low, high=high, mean=mean, sd=sd, count=count)
