"""Rich display in Jupyter: HTML tables of a scheme and of results.

:meth:`govperf.Results._repr_html_` calls this (the scheme's table is in :mod:`govperf.scheme`).
The HTML is self-contained (inline styles only, no scripts, stylesheets, fonts or
images from elsewhere) and every text from a scheme or the data is HTML-escaped, so a
unit named ``<script>`` shows as text.  Headers are Chinese, the language of the
schemes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._labels import label
from ..scheme._html import _TABLE, _e, _num, _row
from ._frames import FIXED_HEADERS, ranking_order, veto_text

if TYPE_CHECKING:
    from ..results._results import Results

__all__ = ["RESULTS_ROWS", "results_html"]

RESULTS_ROWS = 50
"""How many units :func:`results_html` shows (the best ranked)."""


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
        "<caption>"
        + label(
            "html.caption",
            title=_e(results.scheme.title),
            id=_e(results.scheme.id),
            n=n,
            policy=_e(results.policy.kind),
        )
        + "</caption>",
        "<thead>",
        _row([_e(h[k]) for k in keys], header=True),
        "</thead><tbody>",
    ]
    for pos in order:
        r = results.unit(results.units[int(pos)])
        parts.append(
            _row(
                [
                    label("not_ranked") if r.rank is None else str(r.rank),
                    _e(r.unit),
                    _e(r.name),
                    _e(r.group),
                    _num(r.total, p),
                    _num(r.base, p),
                    _num(r.bonus, p),
                    _num(r.deductions, p),
                    _e(r.grade),
                    label("yes" if r.award_eligible else "no"),
                    _e(veto_text(results.scheme, r.vetoes, "zh")),
                ]
            )
        )
    parts.append("</tbody></table>")
    if n > limit:
        parts.append(f"<p>{label('html.more', more=n - limit, n=n)}</p>")
    return "\n".join(parts)
