"""Rich display in Jupyter: HTML tables of a scheme and of results.

:meth:`govperf.Scheme._repr_html_` and :meth:`govperf.Results._repr_html_` call these.
The HTML is self-contained (inline styles only, no scripts, stylesheets, fonts or
images from elsewhere) and every text from a scheme or the data is HTML-escaped, so a
unit named ``<script>`` shows as text.  Headers are Chinese, the language of the
schemes.
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING

from ._frames_out import FIXED_HEADERS, LEVEL_NAMES, node_depth, ranking_order, veto_text
from ._model import Assessor, Scheme

if TYPE_CHECKING:
    from ._results import Results

__all__ = ["RESULTS_ROWS", "results_html", "scheme_html"]

RESULTS_ROWS = 50
"""How many units :func:`results_html` shows (the best ranked)."""

_TABLE = '<table class="govperf" style="border-collapse: collapse; text-align: left;">'
_CELL = "padding: 2px 8px; border-bottom: 1px solid #ddd;"


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _row(cells: list[str], *, header: bool = False, indent: int | None = None) -> str:
    tag = "th" if header else "td"
    out = []
    for i, cell in enumerate(cells):
        style = _CELL
        if indent is not None and i == 2:
            style += f" padding-left: {0.5 + 1.5 * indent:g}em;"
        out.append(f'<{tag} style="{style}">{cell}</{tag}>')
    return "<tr>" + "".join(out) + "</tr>"


def _num(value: float | None, precision: int | None = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if precision is None:
        return f"{value:g}"
    return f"{value:.{precision}f}"


def _assessors(assessors: tuple[Assessor, ...]) -> str:
    return "、".join(_e(a.name) for a in assessors)


def scheme_html(scheme: Scheme) -> str:
    """The scheme's tree as one HTML table: tier, id, name, points, weight, assessors.

    The weight is the node's share of its parent's points (a level's share of the
    total); a sub-indicator of a pooled indicator has neither points nor weight, its
    split coming with each year's data.  Rules follow the tree.
    """
    tiers = LEVEL_NAMES["zh"]
    parts = [
        _TABLE,
        f"<caption>{_e(scheme.title)} [{_e(scheme.id)}],总分 {_num(scheme.total_points)}</caption>",
        "<thead>",
        _row(["层级", "编号", "名称", "分值", "权重", "考评主体"], header=True),
        "</thead><tbody>",
    ]
    for node in scheme.iter_nodes():
        depth = node_depth(node)
        weight = scheme.weight(node.id)
        points = "随年度数据" if node.points is None else _num(node.points)
        pooled = " (pooled)" if getattr(node, "pooled", False) else ""
        assessors = getattr(node, "assessors", ())
        parts.append(
            _row(
                [
                    _e(tiers[depth]),
                    f"<code>{_e(node.id)}</code>",
                    _e(node.name) + _e(pooled),
                    points,
                    "随年度数据" if weight is None else f"{weight:.1%}",
                    _assessors(assessors),
                ],
                indent=depth,
            )
        )
    for rule in scheme.rules:
        parts.append(
            _row(
                [
                    f"规则 ({_e(rule.kind)})",
                    f"<code>{_e(rule.id)}</code>",
                    _e(rule.name),
                    "",
                    "",
                    _assessors(rule.assessors),
                ]
            )
        )
    parts.append("</tbody></table>")
    return "\n".join(parts)


def results_html(results: Results, limit: int = RESULTS_ROWS) -> str:
    """The ranking as an HTML table: the first ``limit`` units, then how many more there are."""
    h = FIXED_HEADERS["zh"]
    keys = (
        *("rank", "unit", "name", "group", "total", "base", "bonus", "deductions"),
        *("grade", "award_eligible", "vetoes"),
    )
    n = len(results)
    order = ranking_order(results)[:limit]
    p = results.precision
    parts = [
        _TABLE,
        f"<caption>{_e(results.scheme.title)} [{_e(results.scheme.id)}]:{n} 个单位,"
        f"缺失数据策略 {_e(results.policy.kind)}</caption>",
        "<thead>",
        _row([_e(h[k]) for k in keys], header=True),
        "</thead><tbody>",
    ]
    for pos in order:
        r = results.unit(results.units[int(pos)])
        parts.append(
            _row(
                [
                    "不参加排名" if r.rank is None else str(r.rank),
                    _e(r.unit),
                    _e(r.name),
                    _e(r.group),
                    _num(r.total, p),
                    _num(r.base, p),
                    _num(r.bonus, p),
                    _num(r.deductions, p),
                    _e(r.grade),
                    "是" if r.award_eligible else "否",
                    _e(veto_text(results.scheme, r.vetoes, "zh")),
                ]
            )
        )
    parts.append("</tbody></table>")
    if n > limit:
        parts.append(f"<p>另有 {n - limit} 个单位未显示(共 {n} 个)。</p>")
    return "\n".join(parts)
