"""A trend across several years: every unit's share of the maximum per node and year."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from attrs import asdict, frozen

from .._labels import label
from ._years import Year

if TYPE_CHECKING:
    import pandas
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["Trend", "TrendRow", "plot_trend", "trend"]

TOTAL = "total"
"""The node id under which a unit's total is listed."""


@frozen(kw_only=True)
class TrendRow:
    """One unit on one node in one year (``node`` is ``"total"`` for the total)."""

    year: str
    unit: str
    unit_name: str
    node: str
    node_name: str
    points: float
    max_points: float
    share: float
    rank: int | None = None
    """The unit's rank that year (on the total's rows only)."""
    depth: int = -1
    """The node's tier (0 for the top tier; -1 for the total)."""


@frozen(kw_only=True)
class Trend:
    """Rows for every year, unit and node (the top tiers and leaves of each year's
    scheme, matched by id across years), plus each unit's total."""

    years: tuple[str, ...]
    rows: tuple[TrendRow, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as plain dicts (NaN as ``None``), for JSON."""
        out = []
        for row in self.rows:
            d = asdict(row)
            for key in ("points", "max_points", "share"):
                if isinstance(d[key], float) and math.isnan(d[key]):
                    d[key] = None
            out.append(d)
        return out

    def to_frame(self) -> pandas.DataFrame:
        """The rows as a tidy DataFrame (needs pandas)."""
        import pandas as pd

        frame: pandas.DataFrame = pd.DataFrame([asdict(r) for r in self.rows])
        return frame

    def series(self, unit: str, node: str = TOTAL) -> tuple[float, ...]:
        """The share of one unit on one node, year by year (NaN for a year without it)."""
        found = {r.year: r.share for r in self.rows if r.unit == unit and r.node == node}
        return tuple(found.get(y, math.nan) for y in self.years)

    def table(
        self, *, unit: str | None = None, node: str = TOTAL, lang: str = "zh"
    ) -> list[list[str]]:
        """Text rows, the header first: one row per unit for ``node`` (years as
        columns), or with ``unit``, one row per node of that unit."""
        head = [label("trend.col_unit" if unit is None else "trend.col_node", lang)]
        head.append(label("trend.col_name", lang))
        rows = [head + list(self.years)]
        keys: list[tuple[str, str]] = []
        names: dict[tuple[str, str], str] = {}
        for r in self.rows:
            if (unit is None and r.node == node) or (unit is not None and r.unit == unit):
                key = (r.unit, r.node)
                if key not in names:
                    keys.append(key)
                names[key] = r.unit_name if unit is None else r.node_name
        for key in keys:
            shares = self.series(*key)
            cells = ["-" if math.isnan(s) else f"{s * 100:.1f}%" for s in shares]
            rows.append([key[0] if unit is None else key[1], names[key], *cells])
        return rows


def trend(years: Sequence[Year]) -> Trend:
    """The trend over ``years`` (in the order given, oldest first).

    For every unit and year: its total, and its points, maximum and share on every
    node of that year's scheme; nodes are matched across years by id, so a node a
    scheme added or removed has no share in the other years.
    """
    rows: list[TrendRow] = []
    for year in years:
        r = year.results
        ranks = {row.unit: row for row in r.ranking()}
        for uid, name in zip(r.units, r.data.units.names, strict=True):
            points, top = year.figures(None, uid)
            rows.append(
                TrendRow(
                    year=year.label,
                    unit=uid,
                    unit_name=name,
                    node=TOTAL,
                    node_name=label("col.total", "zh"),
                    points=points,
                    max_points=top,
                    share=year.share(None, uid),
                    rank=ranks[uid].rank,
                )
            )
            for node in r.scheme.iter_nodes():
                points, top = year.figures(node.id, uid)
                rows.append(
                    TrendRow(
                        year=year.label,
                        unit=uid,
                        unit_name=name,
                        node=node.id,
                        node_name=node.name,
                        points=points,
                        max_points=top,
                        share=year.share(node.id, uid),
                        depth=r.scheme.depth(node.id),
                    )
                )
    return Trend(years=tuple(y.label for y in years), rows=tuple(rows))


def plot_trend(
    data: Trend,
    *,
    unit: str | None = None,
    node: str = TOTAL,
    units: Sequence[str] | None = None,
    lang: str = "zh",
    ax: Axes | None = None,
) -> Figure:
    """A line chart of shares of the maximum, year by year (needs matplotlib).

    With ``unit``: that unit's total and its top-tier nodes (or only ``node`` when it
    is not the total).  Without: ``node`` (the total by default) for every unit, or for
    ``units``.  A year without the node leaves a gap.  Draws on ``ax`` when given;
    returns the figure, built without pyplot (save it with ``fig.savefig``).
    """
    from ..plot import _apply_family, _new_axes, _text_style

    lines: list[tuple[str, tuple[float, ...]]] = []
    if unit is not None:
        chosen = [node] if node != TOTAL else [TOTAL]
        if node == TOTAL:
            chosen += list(
                dict.fromkeys(r.node for r in data.rows if r.unit == unit and r.depth == 0)
            )
        for n in chosen:
            name = next((r.node_name for r in data.rows if r.node == n), n)
            lines.append((name, data.series(unit, n)))
        unit_name = next((r.unit_name for r in data.rows if r.unit == unit), unit)
        title = label("trend.title_unit", lang, unit=unit_name)
    else:
        members = (
            list(units)
            if units is not None
            else list(dict.fromkeys(r.unit for r in data.rows if r.node == node))
        )
        for u in members:
            name = next((r.unit_name for r in data.rows if r.unit == u), u)
            lines.append((name, data.series(u, node)))
        node_name = next((r.node_name for r in data.rows if r.node == node), node)
        title = label("trend.title_node", lang, node=node_name)
    texts = [title, *(name for name, _ in lines)]
    with _text_style(texts) as families:
        fig, axes = _new_axes(ax, (7.0, 4.0))
        x = list(range(len(data.years)))
        for name, shares in lines:
            axes.plot(x, [s * 100 for s in shares], marker="o", label=name)
        axes.set_xticks(x, list(data.years))
        axes.set_ylabel(label("trend.axis_share", lang))
        axes.set_title(title)
        if lines:
            axes.legend(fontsize="small")
        _apply_family(axes, families)
    return fig
