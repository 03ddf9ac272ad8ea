"""The profile chart of a feedback report, drawn as SVG by hand (no matplotlib needed).

One row per node of the chosen tier: a bar for the unit's share of the maximum, a
black tick at the median share of the units it is compared with, and both figures
printed at the right, as the tables print them.  Text stays text (``<text>``
elements with a font-family list naming common CJK fonts), so a reader's own fonts
render the Chinese names, in a browser, a PDF engine or an office suite.  Every text
is XML-escaped; each row carries its figures as ``data-`` attributes.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Sequence

from attrs import frozen

from ..plot import CJK_FONTS

__all__ = ["FONT_FAMILY", "ProfileRow", "profile_svg"]

FONT_FAMILY = ", ".join(f'"{name}"' for name in CJK_FONTS) + ', "DejaVu Sans", Arial, sans-serif'
"""The CSS font-family list of the reports and their charts: common CJK fonts first."""

_BLUE = "#4e79a7"
_RED = "#c0392b"
_TRACK = "#efebe6"
_GRID = "#d9d4cd"
_SIZE = 12.0  # px
_ROW = 26.0
_BAR = 14.0
_WIDTH = 680.0
_VALUES = 128.0  # the two columns of figures at the right
_MAX_LABEL = 240.0


@frozen(kw_only=True)
class ProfileRow:
    """One row of the profile chart: a node, the unit's share and the median share.

    ``share`` and ``median`` are fractions (NaN: not applicable); ``share_text`` and
    ``median_text`` are the figures as the report prints them, and ``below`` says
    whether the printed share is below the printed median (the bar is then red).
    """

    id: str
    label: str
    share: float
    median: float
    share_text: str
    median_text: str
    below: bool


def _text_width(text: str) -> float:
    """Estimated width in px at :data:`_SIZE`: wide (CJK) characters 1 em, others 0.56 em."""
    return sum(_SIZE if unicodedata.east_asian_width(ch) in "WF" else 0.56 * _SIZE for ch in text)


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between: each wide (CJK) character, each word, each space."""
    return re.findall(
        r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+",
        text,
    )


def _wrap(text: str, width: float) -> list[str]:
    """``text`` in at most two lines of ``width`` px, broken between CJK characters or
    at spaces (the second line cut with an ellipsis when it is still too long)."""
    if _text_width(text) <= width:
        return [text]
    first = ""
    pieces = _tokens(text)
    k = 0
    while k < len(pieces) and _text_width(first + pieces[k]) <= width:
        first += pieces[k]
        k += 1
    if not first.strip():  # one word longer than the line: cut it
        first, rest = "", text
        for ch in text:
            if _text_width(first + ch) > width:
                break
            first += ch
        rest = text[len(first) :]
    else:
        rest = "".join(pieces[k:])
    first, rest = first.rstrip(), rest.lstrip()
    if _text_width(rest) > width:
        while rest and _text_width(rest + "…") > width:
            rest = rest[:-1]
        rest = rest.rstrip() + "…"
    return [first, rest]


def _x(value: float) -> str:
    return f"{value:.1f}"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def profile_svg(
    rows: Sequence[ProfileRow],
    *,
    title: str,
    unit_label: str,
    median_label: str,
    columns: tuple[str, str] = ("", ""),
) -> str:
    """The profile chart as one ``<svg>`` element to inline in HTML (no XML namespace
    nor declaration: the HTML parser gives it its namespace).

    ``unit_label`` and ``median_label`` name the bar and the tick in the legend;
    ``columns`` heads the two columns of figures at the right.
    """
    label_w = min(max((_text_width(r.label) for r in rows), default=0.0), _MAX_LABEL)
    wrapped = [_wrap(r.label, label_w) for r in rows]
    left = label_w + 14.0
    plot_w = _WIDTH - left - _VALUES - 12.0
    top = 34.0
    heights = [_ROW + (_SIZE + 2.0) * (len(lines) - 1) for lines in wrapped]
    height = top + sum(heights) + 30.0
    col1 = left + plot_w + 12.0 + 56.0  # right edges of the two columns of figures
    col2 = col1 + 66.0
    out = [
        f'<svg class="profile" role="img" '
        f'viewBox="0 0 {_x(_WIDTH)} {_x(height)}" width="{_x(_WIDTH)}" '
        f'height="{_x(height)}" font-family="{_e(FONT_FAMILY.replace(chr(34), chr(39)))}" '
        f'font-size="{_SIZE:g}">',
        f"<title>{_e(title)}</title>",
        # legend and the heads of the figure columns
        f'<rect x="{_x(left)}" y="8" width="14" height="10" fill="{_BLUE}"/>',
        f'<text x="{_x(left + 19)}" y="17">{_e(unit_label)}</text>',
        f'<line x1="{_x(left + 150)}" y1="6" x2="{_x(left + 150)}" y2="20" '
        'stroke="#000" stroke-width="2.5"/>',
        f'<text x="{_x(left + 157)}" y="17">{_e(median_label)}</text>',
        f'<text x="{_x(col1)}" y="17" text-anchor="end" fill="#555">{_e(columns[0])}</text>',
        f'<text x="{_x(col2)}" y="17" text-anchor="end" fill="#555">{_e(columns[1])}</text>',
    ]
    body_h = sum(heights)
    for tick in (0, 25, 50, 75, 100):
        x = left + plot_w * tick / 100.0
        out.append(
            f'<line x1="{_x(x)}" y1="{_x(top - 4)}" x2="{_x(x)}" y2="{_x(top + body_h)}" '
            f'stroke="{_GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_x(x)}" y="{_x(top + body_h + 16)}" text-anchor="middle" '
            f'fill="#555" font-size="10">{tick}%</text>'
        )
    y = top
    for row, lines, h in zip(rows, wrapped, heights, strict=True):
        mid = y + h / 2.0
        bar_y = mid - _BAR / 2.0
        share = "" if math.isnan(row.share) else f"{row.share:.6f}"
        median = "" if math.isnan(row.median) else f"{row.median:.6f}"
        out.append(
            f'<g class="node" data-node="{_e(row.id)}" data-share="{share}" data-median="{median}">'
        )
        first = mid - (len(lines) - 1) * (_SIZE + 2.0) / 2.0 + _SIZE * 0.36
        for k, line in enumerate(lines):
            out.append(
                f'<text x="{_x(left - 8)}" y="{_x(first + k * (_SIZE + 2.0))}" '
                f'text-anchor="end">{_e(line)}</text>'
            )
        out.append(
            f'<rect x="{_x(left)}" y="{_x(bar_y)}" width="{_x(plot_w)}" '
            f'height="{_x(_BAR)}" fill="{_TRACK}"/>'
        )
        if share:
            width = plot_w * min(max(row.share, 0.0), 1.0)
            colour = _RED if row.below else _BLUE
            out.append(
                f'<rect class="bar" x="{_x(left)}" y="{_x(bar_y)}" width="{_x(width)}" '
                f'height="{_x(_BAR)}" fill="{colour}"/>'
            )
        if median:
            x = left + plot_w * min(max(row.median, 0.0), 1.0)
            out.append(
                f'<line class="median" x1="{_x(x)}" y1="{_x(bar_y - 4)}" x2="{_x(x)}" '
                f'y2="{_x(bar_y + _BAR + 4)}" stroke="#000" stroke-width="2.5"/>'
            )
        base = _x(mid + _SIZE * 0.36)
        out.append(f'<text x="{_x(col1)}" y="{base}" text-anchor="end">{_e(row.share_text)}</text>')
        out.append(
            f'<text x="{_x(col2)}" y="{base}" text-anchor="end" fill="#555">'
            f"{_e(row.median_text)}</text>"
        )
        out.append("</g>")
        y += h
    out.append("</svg>")
    return "\n".join(out)
