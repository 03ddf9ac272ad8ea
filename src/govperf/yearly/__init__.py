"""Year over year: rectification (整改), two years compared, trends over several years.

- :class:`Year` is a year's :class:`~govperf.Results` with its label;
  :func:`load_year` reads one saved as results JSON;
- :func:`rectification_items` turns the weak points of one year's feedback into
  rectification items (:func:`write_items`, :func:`read_items`), and
  :func:`rectification_status` checks them against the next year;
- :func:`compare` puts two years side by side, also across scheme versions (nodes
  matched by id; added, removed, re-weighted and moved nodes reported; shares of the
  maximum compared);
- :func:`trend` tabulates every unit's shares over several years, and
  :func:`plot_trend` draws them (matplotlib).
"""

from __future__ import annotations

from ._compare import NodeShift, SchemeChange, UnitShift, YearComparison, compare, scheme_changes
from ._rectify import (
    RectificationItem,
    RectificationStatus,
    Status,
    read_items,
    rectification_items,
    rectification_sections,
    rectification_status,
    write_items,
)
from ._trend import TOTAL, Trend, TrendRow, plot_trend, trend
from ._years import Year, load_year

__all__ = [
    "TOTAL",
    "NodeShift",
    "RectificationItem",
    "RectificationStatus",
    "SchemeChange",
    "Status",
    "Trend",
    "TrendRow",
    "UnitShift",
    "Year",
    "YearComparison",
    "compare",
    "load_year",
    "plot_trend",
    "read_items",
    "rectification_items",
    "rectification_sections",
    "rectification_status",
    "scheme_changes",
    "trend",
    "write_items",
]
