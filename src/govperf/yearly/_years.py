"""A year of results with its label, and reading saved years back."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import numpy as np
from attrs import frozen

from ..exceptions import DataError, Problem, msg

if TYPE_CHECKING:
    from ..results._results import Results

__all__ = ["Year", "load_year"]


@frozen(kw_only=True)
class Year:
    """One year's results and the label it is shown under (``"2013"``)."""

    label: str
    results: Results

    def share(self, node: str | None, unit: str) -> float:
        """``unit``'s published points on ``node`` (the total if ``None``) ÷ its maximum.

        NaN where the scheme has no such node, the unit is not in the year, or the
        maximum is 0.
        """
        points, top = self.figures(node, unit)
        if math.isnan(points) or not top or math.isnan(top):
            return math.nan
        return points / top

    def figures(self, node: str | None, unit: str) -> tuple[float, float]:
        """``(points, maximum)`` of ``unit`` on ``node`` (the total if ``None``); NaN if absent."""
        r = self.results
        if unit not in r.data.units.index():
            return math.nan, math.nan
        u = r.data.units.index()[unit]
        if node is None:
            return float(r.published_total[u]), float(r.scheme.total_points)
        k = r.compiled.node_index.get(node)
        if k is None:
            return math.nan, math.nan
        return float(r.published_points[u, k]), float(np.asarray(r.node_max)[u, k])


def load_year(path: str | os.PathLike[str], label: str | None = None) -> Year:
    """A year saved as results JSON (the :meth:`govperf.Results.to_dict` form).

    The file is read, scored again from the scheme and data it holds and checked
    against its stored figures (:func:`govperf.results_from_dict`).  ``label``
    defaults to the file's stem (``2013`` for ``2013.json``).  Raises
    :class:`~govperf.DataError` naming the file when it is not such a file.
    """
    from ..scoring._restore import results_from_dict

    source = Path(path)
    display = str(path)
    try:
        doc = json.loads(source.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise DataError(
            [Problem(msg=msg("rectify.p.json", why=str(exc)), file=display, code="json")],
            display,
        ) from None
    if not isinstance(doc, dict) or "scheme" not in doc or "data" not in doc:
        problem = Problem(msg=msg("rectify.p.not_year"), file=display, code="format")
        raise DataError([problem], display)
    try:
        results = results_from_dict(doc)
    except DataError as exc:
        raise DataError(
            [attrs.evolve(p, file=display) for p in exc.problems],
            display,
        ) from None
    return Year(label=label or source.stem, results=results)
