"""The scheme's tree as an HTML table, for :meth:`govperf.Scheme._repr_html_` in Jupyter.

Self-contained HTML (inline styles only, no scripts, stylesheets, fonts or images
from elsewhere); every text from the scheme is HTML-escaped.  The small cell helpers
here are shared with the results table in :mod:`govperf.output`.
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING

from .._labels import Lang, label

if TYPE_CHECKING:
    from ._model import Assessor, Node, RuleSpec, Scheme, UnitGroup

__all__ = ["scheme_html"]

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


def _assessors(assessors: tuple[Assessor, ...], lang: Lang = "zh") -> str:
    names = (a.name_en or a.name if lang == "en" else a.name for a in assessors)
    return label("list_sep", lang).join(_e(n) for n in names)


def scheme_html(scheme: Scheme, lang: Lang = "zh") -> str:
    """The scheme's tree as one HTML table: tier, id, name, points, weight, assessors.

    The tier is named as the scheme names it (``scheme.tiers``), at any depth.  The
    weight is the node's share of its parent's points (a top-tier node's share of the
    total); a child of a pooled node has neither points nor weight, its split coming
    with each year's data.  With unit groups, one more column per group gives the
    points of that group's units.  Rules follow the tree.  Labels come from the
    catalogue, in Chinese (the default) or English.
    """
    en = lang == "en"

    def name(item: Node | UnitGroup | RuleSpec) -> str:
        return item.name_en or item.name if en else item.name

    by_year = label("scheme.by_year", lang)
    group_heads = [_e(label("scheme.col_group_points", lang, group=name(g))) for g in scheme.groups]
    title = scheme.title_en or scheme.title if en else scheme.title
    caption = label(
        "scheme.caption", lang, title=title, id=scheme.id, total=_num(scheme.total_points)
    )
    heads = [
        *(label(f"scheme.col_{key}", lang) for key in ("tier", "id", "name", "points")),
        *group_heads,
        *(label(f"scheme.col_{key}", lang) for key in ("weight", "assessors")),
    ]
    parts = [
        _TABLE,
        f"<caption>{_e(caption)}</caption>",
        "<thead>",
        _row(heads, header=True),
        "</thead><tbody>",
    ]
    for node in scheme.iter_nodes():
        depth = scheme.depth(node.id)
        weight = scheme.weight(node.id)
        points = by_year if node.points is None else _num(node.points)
        group_points = [
            by_year if (p := node.points_for(g.id)) is None else _num(p) for g in scheme.groups
        ]
        pooled = label("show.pooled_mark", lang) if node.pooled else ""
        parts.append(
            _row(
                [
                    _e(scheme.tier_name(depth, lang)),
                    f"<code>{_e(node.id)}</code>",
                    _e(name(node)) + _e(pooled),
                    _e(points),
                    *(_e(p) for p in group_points),
                    _e(by_year) if weight is None else f"{weight:.1%}",
                    _assessors(node.assessors, lang),
                ],
                indent=depth,
            )
        )
    blank = [""] * len(scheme.groups)
    for rule in scheme.rules:
        parts.append(
            _row(
                [
                    _e(label("scheme.rule", lang, kind=rule.kind)),
                    f"<code>{_e(rule.id)}</code>",
                    _e(name(rule)),
                    "",
                    *blank,
                    "",
                    _assessors(rule.assessors, lang),
                ]
            )
        )
    parts.append("</tbody></table>")
    return "\n".join(parts)
