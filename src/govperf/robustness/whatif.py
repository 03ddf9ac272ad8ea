"""What-if: re-score under an alternative scheme, rules or parameters; rank and grade changes.

:func:`what_if` scores the data twice, under the scheme as it is and under the
alternative (another scheme with the same units' data, or the same scheme with
parameters changed through :func:`govperf.with_params`, or another missing-data
policy), and lists per unit the totals, ranks and grades before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from attrs import frozen

from .._labels import check_lang, label
from ..data._data import EvaluationData
from ..results._results import Results
from ..scheme._model import Scheme
from ..scoring._compile import CompiledScheme, compile_scheme
from ..scoring._score import score

if TYPE_CHECKING:
    import pandas

__all__ = ["WhatIf", "compare", "what_if"]


@frozen(kw_only=True)
class WhatIf:
    """Per unit: published totals, ranks and grades before and after (data order)."""

    units: tuple[str, ...]
    """Unit ids."""
    names: tuple[str, ...]
    """Unit names."""
    total_before: np.ndarray
    """Published totals under the scheme as it is."""
    total_after: np.ndarray
    """Published totals under the alternative."""
    rank_before: np.ndarray
    """Ranks before (NaN: outside the ranking)."""
    rank_after: np.ndarray
    """Ranks after."""
    grade_before: tuple[str | None, ...]
    """Grades before."""
    grade_after: tuple[str | None, ...]
    """Grades after."""

    @property
    def rank_change(self) -> np.ndarray:
        """Places gained (positive: moved up), NaN where a unit is unranked either way."""
        return self.rank_before - self.rank_after

    @property
    def changed(self) -> tuple[str, ...]:
        """Units whose rank or grade changed."""
        moved = ~np.isclose(self.rank_before, self.rank_after, equal_nan=True)
        return tuple(
            u
            for i, u in enumerate(self.units)
            if moved[i] or self.grade_before[i] != self.grade_after[i]
        )

    def columns(self, lang: str = "zh") -> list[str]:
        """The headers of :meth:`rows`."""
        lg = check_lang(lang)
        keys = ["total_before", "total_after", "rank_before", "rank_after", "rank_change"]
        keys += ["grade_before", "grade_after"]
        return [label("col.unit", lg), label("col.name", lg)] + [
            label(f"robust.col.{k}", lg) for k in keys
        ]

    def rows(self) -> list[list[Any]]:
        """One row per unit; NaN as ``None``."""

        def num(v: float) -> float | None:
            return None if v != v else float(v)

        change = self.rank_change
        return [
            [
                u,
                self.names[i],
                float(self.total_before[i]),
                float(self.total_after[i]),
                num(self.rank_before[i]),
                num(self.rank_after[i]),
                num(change[i]),
                self.grade_before[i],
                self.grade_after[i],
            ]
            for i, u in enumerate(self.units)
        ]

    def to_dict(self) -> dict[str, Any]:
        """Plain data (English keys), for JSON."""
        keys = self.columns("en")
        return {"units": [dict(zip(keys, row, strict=True)) for row in self.rows()]}

    def to_frame(self, lang: str = "zh") -> pandas.DataFrame:
        """The table as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=self.columns(lang))


def compare(before: Results, after: Results) -> WhatIf:
    """Rank and grade changes between two scorings of the same units.

    Raises :class:`ValueError` when the two scorings have different units.
    """
    if tuple(before.units) != tuple(after.units):
        raise ValueError("the two scorings must have the same units, in the same order")

    def grades(res: Results) -> tuple[str | None, ...]:
        return tuple(None if g is None else str(g) for g in res.grade)

    return WhatIf(
        units=tuple(before.units),
        names=tuple(before.data.units.names),
        total_before=np.asarray(before.published_total, dtype=float),
        total_after=np.asarray(after.published_total, dtype=float),
        rank_before=np.asarray(before.rank, dtype=float),
        rank_after=np.asarray(after.rank, dtype=float),
        grade_before=grades(before),
        grade_after=grades(after),
    )


def what_if(
    scheme: Scheme | CompiledScheme,
    data: EvaluationData | Mapping[str, Any],
    *,
    alternative: Scheme | CompiledScheme | None = None,
    params: Mapping[str, Any] | None = None,
    missing: str = "error",
    alternative_missing: str | None = None,
) -> WhatIf:
    """Score ``data`` under ``scheme`` and under the alternative; compare.

    The alternative is ``alternative`` (another scheme; default ``scheme``) with
    ``params`` merged in (:func:`govperf.with_params`: ``{rule_or_node_id: {param:
    value}}``), scored under ``alternative_missing`` (default ``missing``).
    """
    compiled = scheme if isinstance(scheme, CompiledScheme) else compile_scheme(scheme)
    if not isinstance(data, EvaluationData):
        data = EvaluationData.from_dict(data)
    other = alternative if alternative is not None else compiled
    if params:
        from ..scheme._params import with_params

        base = other.scheme if isinstance(other, CompiledScheme) else other
        other = with_params(base, params)
    before = score(compiled, data, missing=missing)
    after = score(other, data, missing=alternative_missing or missing)
    return compare(before, after)
