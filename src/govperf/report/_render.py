"""Render feedback and summary reports as HTML or Markdown, and write a folder of them.

Both formats are built from one small document model (headings, paragraphs, lists,
tables, images), so they always say the same thing.  HTML pages are single,
self-contained files: inline CSS with a print stylesheet (A4, no page break inside a
table row), no external resources (a Content-Security-Policy forbids them), plots as
base64 PNG data URIs, every text HTML-escaped.  Markdown uses GitHub-flavoured
tables, with characters that Markdown would read as markup escaped.

Every report states the scheme's title and document number, publishes figures rounded
half up to the scheme's precision, and says which scoring methods the scheme file
marks as govperf defaults rather than the document's.  No scoring date is printed:
the results do not know it.
"""

from __future__ import annotations

import base64
import errno
import html
import math
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from attrs import frozen

from .._labels import LABELS, Lang, check_lang, label
from .._rounding import round_half_up
from ..output._atomic import atomic_folder, refuse_existing, write_bytes
from ._feedback import Feedback, NodeFigure, SchemeInfo, build_feedback, prepare
from ._summary import Distribution, Summary, UnitReasons, summary
from ._svg import FONT_FAMILY, ProfileRow, profile_svg
from ._template import Templates, load_templates, markup

if TYPE_CHECKING:
    from ..results._results import Results, RuleTrail, UnitResult

__all__ = ["Section", "render_feedback", "render_summary", "write_pdf", "write_reports"]

Format = Literal["html", "markdown"]


@frozen(kw_only=True)
class Section:
    """A section a caller adds to a report, placed before its notes.

    For what a report does not know by itself: last year's rectification items and
    how each fared (``govperf.yearly``), a local remark.  A heading, paragraphs,
    then a table when ``header`` is given (``numeric``: the columns of figures,
    right-aligned).  Every text is escaped like the report's own.
    """

    title: str
    paragraphs: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    numeric: frozenset[int] = frozenset()


def _section_blocks(sections: Sequence[Section]) -> list[_Block]:
    blocks: list[_Block] = []
    for section in sections:
        blocks.append(_Heading(2, section.title))
        blocks += [_Para(text) for text in section.paragraphs]
        if section.header:
            blocks.append(_Table(section.header, section.rows, numeric=section.numeric))
    return blocks


@frozen(kw_only=True)
class _Options:
    """What an office sets for every report of a year (see :func:`write_reports`)."""

    title: str | None = None
    period: str | None = None
    office: str | None = None
    appendix: bool = True
    profile_tier: int | str | None = None
    plots: bool = True
    unit_sections: Mapping[str, Sequence[Section]] = {}
    """Sections added to each unit's feedback report, by unit id."""
    summary_sections: Sequence[Section] = ()


def _text_option(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, got {type(value).__name__}")
    text = " ".join(value.split())
    return text or None


def _options(
    title: str | None,
    period: str | None,
    office: str | None,
    *,
    appendix: bool = True,
    profile_tier: int | str | None = None,
    plots: bool = True,
    unit_sections: Mapping[str, Sequence[Section]] | None = None,
    summary_sections: Sequence[Section] = (),
) -> _Options:
    return _Options(
        unit_sections=dict(unit_sections or {}),
        summary_sections=tuple(summary_sections),
        title=_text_option(title, "title"),
        period=_text_option(period, "period"),
        office=_text_option(office, "office"),
        appendix=bool(appendix),
        profile_tier=profile_tier,
        plots=bool(plots),
    )


def profile_depth(info: SchemeInfo, tier: int | str | None, lang: Lang = "en") -> int:
    """The depth of the profile chart's tier: a depth, a tier name (Chinese or English), or 0.

    ``None`` is the top tier (depth 0: the tier just below the total, 评价层面 in
    Xicheng).  An unknown tier raises :class:`ValueError` naming the scheme's tiers.
    """
    n = len(info.tiers)
    if tier is None:
        return 0
    if isinstance(tier, int) and not isinstance(tier, bool):
        if 0 <= tier < n:
            return tier
    elif isinstance(tier, str):
        text = tier.strip()
        if text.isdigit() and int(text) < n:
            return int(text)
        for depth in range(n):
            if text in (info.tiers[depth], info.tiers_en[depth]):
                return depth
    raise ValueError(
        label(
            "report.profile_tier_unknown",
            lang,
            tier=tier,
            tiers=", ".join(f"{d} {info.tiers[d]}" for d in range(n)),
            last=n - 1,
        )
    )


# -- labels ---------------------------------------------------------------------------

_SHARED = {
    "yes": "yes",
    "no": "no",
    "not_ranked": "not_ranked",
    "median": "median_all",
    "n_applicable": "report.count",
}


def _t(key: str, lang: Lang, **values: object) -> str:
    return label(_SHARED.get(key, f"report.{key}"), lang, **values)


def _node_name(name: str, name_en: str | None, lang: Lang) -> str:
    if lang == "en" and name_en:
        return f"{name} ({name_en})"
    return name


def _unit_label(name: str, unit: str, lang: Lang) -> str:
    if name == unit:
        return name
    return f"{name}({unit})" if lang == "zh" else f"{name} ({unit})"


def _num(value: float | None, precision: int) -> str:
    if value is None or math.isnan(value):
        return "—"
    rounded = float(round_half_up(value, precision)) + 0.0  # + 0.0 turns −0.0 into 0.0
    return f"{rounded:.{precision}f}"


def _signed(value: float, precision: int) -> str:
    text = _num(value, precision)
    if text != "—" and not text.startswith("-") and float(text) != 0.0:
        return "+" + text
    return text


def _printed(value: float, precision: int) -> float:
    """The figure as printed by :func:`_num`, in whole cents (NaN stays NaN)."""
    return float(np.rint(round_half_up(value, precision) * 10.0**precision))


def _diff(a: float, b: float, precision: int) -> str:
    """``a − b`` from the printed figures: exactly the difference a reader computes."""
    if math.isnan(a) or math.isnan(b):
        return "—"
    return _signed((_printed(a, precision) - _printed(b, precision)) / 10.0**precision, precision)


def _share(points: float, top: float, precision: int) -> str:
    """Printed points as a share of the printed maximum."""
    if math.isnan(points) or math.isnan(top):
        return "—"
    shown = _printed(top, precision)
    return _pct(_printed(points, precision) / shown if shown else math.nan, precision)


def _pct(share: float, precision: int) -> str:
    if math.isnan(share):
        return "—"
    return _num(share * 100.0, precision) + "%"


def _policy(kind: str, lang: Lang) -> str:
    key = f"policy.{kind}"
    return label(key, lang) if key in LABELS else kind


# -- the document model ---------------------------------------------------------------


@frozen
class _Link:
    text: str
    href: str


_Cell = str | _Link


@frozen
class _Heading:
    level: int
    text: str
    cls: str = ""
    """An HTML class (``appendix`` starts a new printed page)."""


@frozen
class _Para:
    text: str
    lead: bool = False
    """It introduces the block after it (kept on the same printed page)."""


@frozen
class _Items:
    items: tuple[_Cell, ...]


@frozen
class _Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[_Cell, ...], ...]
    numeric: frozenset[int] = frozenset()
    """Columns of figures (right-aligned)."""
    depths: tuple[int, ...] | None = None
    """Tree depth of each row, to indent the first column."""
    compact: bool = False
    """As narrow as its contents (a short key–value table)."""
    nowrap: frozenset[int] = frozenset()
    """Columns of short words kept on one line (a tier name, a unit name)."""


@frozen
class _Image:
    alt: str
    src: str


@frozen
class _Chart:
    """A chart drawn by govperf as SVG markup (escaped), inlined in HTML.

    Markdown links ``src`` (a file written beside the report) or leaves it out.
    """

    alt: str
    svg: str
    src: str = ""


_Block = _Heading | _Para | _Items | _Table | _Image | _Chart


@frozen
class _Document:
    title: str
    lang: Lang
    blocks: tuple[_Block, ...]
    masthead: tuple[str, ...] = ()
    """The issuing office and the title (报头), above the heading."""
    running: str = ""
    """The running text of the printed page's footer (office, period)."""


# -- HTML ------------------------------------------------------------------------------

_CSS = (
    """
:root { color-scheme: light; }
body {
  margin: 0; background: #f3f1ee; color: #1d1d1d; line-height: 1.55;
  font-family: FONTS;
}
main { max-width: 62rem; margin: 1.5rem auto; padding: 1.5rem 2.5rem 2.5rem;
  background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, .12); }
header.masthead { text-align: center; border-bottom: 3px solid #a61b1b;
  padding-bottom: .5rem; margin-bottom: .8rem; }
header.masthead .office { color: #a61b1b; font-size: 1.7rem; font-weight: 700;
  letter-spacing: .12em; }
header.masthead .doc-title { font-size: 1.15rem; font-weight: 600; margin-top: .2rem; }
h1 { font-size: 1.55rem; margin: .4rem 0 1rem; padding-bottom: .4rem;
  border-bottom: 3px solid #a61b1b; }
header.masthead + h1 { border-bottom: none; text-align: center; font-size: 1.35rem; }
h2 { font-size: 1.18rem; margin: 1.8rem 0 .6rem; color: #7d1414; }
p, li { font-size: .95rem; }
ul { padding-left: 1.3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #c9c4bd; padding: .28rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #efe9e2; font-weight: 600; }
table.compact { width: auto; min-width: 24rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
td.name { min-width: 8em; }
tr.depth-0 td { background: #faf6f1; font-weight: 600; }
"""
    + "".join(
        f"tr.depth-{d} td:first-child {{ padding-left: {0.2 + 1.2 * d:.1f}rem; }}\n"
        for d in range(1, 10)
    )
    + """figure { margin: 1rem 0; }
figure img, figure svg { max-width: 100%; height: auto; border: 1px solid #e2ddd6; }
figcaption { font-size: .85rem; color: #555; }
a { color: #7d1414; }
@page {
  size: A4; margin: 14mm 13mm 16mm;
  @bottom-center { content: RUNNING; font-size: 8pt; color: #666; font-family: FONTS; }
}
@media print {
  html { font-size: 10pt; }
  body { background: #fff; line-height: 1.4; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  h1 { font-size: 16pt; margin: 0 0 .6rem; }
  h2 { font-size: 12pt; margin: 1rem 0 .35rem; }
  p, li { font-size: 9.5pt; }
  table { font-size: 8.5pt; margin: .3rem 0 .6rem; }
  th, td { padding: .12rem .3rem; }
  tr, img, svg, figure { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  p.lead { break-after: avoid; page-break-after: avoid; }
  figure img, figure svg { max-height: 235mm; width: auto; border: none; }
  h2.appendix { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
}
"""
)

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _html_cell(cell: _Cell) -> str:
    if isinstance(cell, _Link):
        return f'<a href="{_h(cell.href)}">{_h(cell.text)}</a>'
    return _h(cell)


def _html_block(block: _Block) -> str:
    if isinstance(block, _Heading):
        attr = f' class="{_h(block.cls)}"' if block.cls else ""
        return f"<h{block.level}{attr}>{_h(block.text)}</h{block.level}>"
    if isinstance(block, _Para):
        return f'<p class="lead">{_h(block.text)}</p>' if block.lead else f"<p>{_h(block.text)}</p>"
    if isinstance(block, _Chart):  # govperf's own SVG: its texts are escaped
        return f"<figure>{block.svg}<figcaption>{_h(block.alt)}</figcaption></figure>"
    if isinstance(block, _Items):
        items = "\n".join(f"  <li>{_html_cell(i)}</li>" for i in block.items)
        return f"<ul>\n{items}\n</ul>"
    if isinstance(block, _Image):
        return (
            f'<figure><img src="{_h(block.src)}" alt="{_h(block.alt)}">'
            f"<figcaption>{_h(block.alt)}</figcaption></figure>"
        )
    cls = [' class="num"' if i in block.numeric else "" for i in range(len(block.headers))]
    head = "".join(f"<th{c}>{_h(h)}</th>" for c, h in zip(cls, block.headers, strict=True))
    td = [
        ' class="num"'
        if i in block.numeric
        else ' class="nowrap"'
        if i in block.nowrap
        else ' class="name"'
        if i == 0 and block.depths is not None
        else ""
        for i in range(len(block.headers))
    ]
    rows = []
    for r, row in enumerate(block.rows):
        tr = "<tr>" if block.depths is None else f'<tr class="depth-{block.depths[r]}">'
        cells = "".join(f"<td{c}>{_html_cell(x)}</td>" for c, x in zip(td, row, strict=True))
        rows.append(f"    {tr}{cells}</tr>")
    table = '<table class="compact">' if block.compact else "<table>"
    return (
        f"{table}\n  <thead><tr>{head}</tr></thead>\n  <tbody>\n"
        + "\n".join(rows)
        + "\n  </tbody>\n</table>"
    )


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal: every character but letters, digits and space
    escaped (``\\4e2d `` …), so that nothing in it can end the string or the style."""
    out = []
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch == " "):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


def _page_css(running: str, lang: Lang) -> str:
    """The stylesheet with the page footer: the running text and the page number."""
    page = label("report.page", lang, page="\0").split("\0")
    parts = [_css_string(running + "\u3000")] if running else []
    parts += [_css_string(page[0]), "counter(page)", _css_string(page[1])]
    return _CSS.replace("FONTS", FONT_FAMILY).replace("RUNNING", " ".join(parts))


def _masthead_html(doc: _Document) -> str:
    if not doc.masthead:
        return ""
    office, title = doc.masthead
    lines = [f'<div class="office">{_h(office)}</div>'] if office else []
    if title:
        lines.append(f'<div class="doc-title">{_h(title)}</div>')
    return '<header class="masthead">' + "".join(lines) + "</header>\n"


def _html_title(doc: _Document) -> str:
    title = doc.masthead[1] if doc.masthead else ""
    return f"{title} · {doc.title}" if title else doc.title


def _content_html(doc: _Document) -> str:
    """The report's blocks, without masthead and heading."""
    return "\n".join(_html_block(b) for b in doc.blocks)


def html_body(doc: _Document) -> str:
    """The page's content: masthead, heading and blocks."""
    return f"{_masthead_html(doc)}<h1>{_h(doc.title)}</h1>\n{_content_html(doc)}"


def _head_html(doc: _Document) -> str:
    """What the page's ``<head>`` holds: charset, CSP, viewport, title and stylesheet."""
    return (
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_h(_html_title(doc))}</title>\n"
        f"<style>{_page_css(doc.running, doc.lang)}</style>\n"
    )


def _to_html(doc: _Document) -> str:
    lang = "zh-CN" if doc.lang == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n{_head_html(doc)}</head>\n'
        f"<body>\n<main>\n{html_body(doc)}\n</main>\n</body>\n</html>\n"
    )


def _templates(template: str | os.PathLike[str] | Templates | None, lang: Lang) -> Templates | None:
    if template is None or isinstance(template, Templates):
        return template
    return load_templates(template, lang)


def _page(
    doc: _Document,
    format: Format,
    templates: Templates | None,
    kind: str,
    report: Feedback | Summary,
    options: _Options,
) -> str:
    """The report as text: a district's template when it has one for ``kind``, else
    govperf's own page."""
    if templates is None or not templates.has(kind):
        return _render(doc, format)
    if format != "html":
        raise ValueError(f"report templates are HTML; format {format!r} has none")
    precision = report.scheme.precision
    lang = doc.lang
    charts = _charts(doc)

    def say(key: str, **values: object) -> str:
        return label(key, lang, **values)

    def num(value: float) -> str:
        return _num(value, precision)

    def pct(share: float) -> str:
        return _pct(share, precision)

    context = {
        "kind": kind,
        "lang": lang,
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "title": options.title or "",  # "" when not given: {{ period }} prints nothing
        "period": options.period or "",
        "office": options.office or "",
        "heading": doc.title,
        "head": markup(_head_html(doc)),
        "css": markup(_page_css(doc.running, lang)),
        "masthead": markup(_masthead_html(doc)),
        "content": markup(_content_html(doc)),
        "body": markup(html_body(doc)),
        "chart": markup(charts[0].svg) if charts else None,
        "report": report,
        "scheme": report.scheme,
        "num": num,
        "pct": pct,
        "label": say,
    }
    return templates.render(kind, context)


# -- Markdown --------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>~&#])")


def _md(text: str) -> str:
    """Escape what Markdown would read as markup; one line, no HTML."""
    flat = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _md_cell(cell: _Cell) -> str:
    if isinstance(cell, _Link):
        return f"[{_md(cell.text)}](<{cell.href.replace('>', '%3E')}>)"
    return _md(cell)


def _md_block(block: _Block) -> str:
    if isinstance(block, _Heading):
        return f"{'#' * block.level} {_md(block.text)}"
    if isinstance(block, _Para):
        return _md(block.text)
    if isinstance(block, _Items):
        return "\n".join(f"- {_md_cell(i)}" for i in block.items)
    if isinstance(block, _Image):
        return f"![{_md(block.alt)}](<{block.src}>)"
    if isinstance(block, _Chart):
        return f"![{_md(block.alt)}](<{block.src}>)" if block.src else ""
    n = len(block.headers)
    align = ["---:" if i in block.numeric else "---" for i in range(n)]
    lines = [
        "| " + " | ".join(_md(h) for h in block.headers) + " |",
        "| " + " | ".join(align) + " |",
    ]
    for r, row in enumerate(block.rows):
        cells = [_md_cell(c) for c in row]
        if block.depths is not None and block.depths[r]:
            cells[0] = "\u3000" * block.depths[r] + cells[0]  # ideographic spaces indent
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _to_markdown(doc: _Document) -> str:
    masthead = [f"**{_md(line)}**" for line in doc.masthead if line]
    parts = [*masthead, f"# {_md(doc.title)}"] + [_md_block(b) for b in doc.blocks]
    return "\n\n".join(p for p in parts if p) + "\n"


def _render(doc: _Document, format: Format) -> str:
    if format == "html":
        return _to_html(doc)
    if format == "markdown":
        return _to_markdown(doc)
    raise ValueError(f"format must be 'html' or 'markdown', got {format!r}")


def _check_lang(lang: str) -> Lang:
    return check_lang(lang)


# -- shared blocks -----------------------------------------------------------------------


def _scheme_items(info: SchemeInfo, lang: Lang, options: _Options | None = None) -> list[str]:
    title = info.title
    if lang == "en" and info.title_en:
        title = f"{info.title_en} ({info.title})"
    items = []
    if options is not None and options.period:
        items.append(f"{_t('period', lang)}{label('colon', lang)}{options.period}")
    items.append(f"{_t('scheme', lang)}{label('colon', lang)}{title}")
    if info.document_number:
        sep = label("colon", lang)
        items.append(f"{_t('document_number', lang)}{sep}{info.document_number}")
    return items


def _leaf(info: SchemeInfo, lang: Lang) -> str:
    return info.leaf_tier if lang == "zh" else info.leaf_tier_en


def _median_label(info: SchemeInfo, lang: Lang) -> str:
    return label("median_group" if info.within_groups else "median_all", lang)


def _group_name(info: SchemeInfo, group: str, lang: Lang) -> str:
    """A declared group by its name (English where given, in ``"en"``), else its id."""
    name, name_en = info.groups.get(group, (group, None))
    return name_en if lang == "en" and name_en else name


def _rounding_note(info: SchemeInfo, group: str | None, n: int, lang: Lang) -> str:
    if info.within_groups and group is not None:
        shown = _group_name(info, group, lang)
        return _t("note_rounding_group", lang, p=info.precision, n=n, group=shown)
    return _t("note_rounding", lang, p=info.precision, n=n)


def _method_blocks(info: SchemeInfo, lang: Lang) -> list[_Block]:
    sep = label("colon", lang)
    defaults = [m for m in info.method_notes if m.default]
    others = [m for m in info.method_notes if not m.default]
    blocks: list[_Block] = []
    if defaults:
        blocks.append(_Para(_t("defaults_intro", lang, leaf=_leaf(info, lang)), lead=True))
        blocks.append(
            _Items(tuple(f"{_node_name(m.name, m.name_en, lang)}{sep}{m.note}" for m in defaults))
        )
    if others:
        blocks.append(_Para(_t("other_notes", lang), lead=True))
        blocks.append(
            _Items(tuple(f"{_node_name(m.name, m.name_en, lang)}{sep}{m.note}" for m in others))
        )
    return blocks


def _appendix_blocks(info: SchemeInfo, lang: Lang) -> list[_Block]:
    """The summary's appendix: the scheme file's notes on every scoring method."""
    blocks: list[_Block] = [_Heading(2, _t("appendix", lang), cls="appendix")]
    if not info.method_notes:
        return [*blocks, _Para(_t("appendix_none", lang, leaf=_leaf(info, lang)))]
    return [
        *blocks,
        _Para(_t("appendix_intro", lang, leaf=_leaf(info, lang))),
        *_method_blocks(info, lang),
    ]


def _masthead(options: _Options) -> tuple[str, ...]:
    if options.office or options.title:
        return (options.office or "", options.title or "")
    return ()


def _running(options: _Options) -> str:
    return "\u3000".join(x for x in (options.office, options.title, options.period) if x)


def _trail_text(trail: RuleTrail, lang: Lang) -> str:
    sep = label("colon", lang)
    name = trail.name
    return f"{name}{sep}{trail.zh if lang == 'zh' else trail.en}"


# -- feedback ----------------------------------------------------------------------------


def _profile_rows(fb: Feedback, depth: int, lang: Lang) -> list[ProfileRow]:
    p = fb.scheme.precision
    rows = []
    for fig in fb.nodes:
        if fig.depth != depth:
            continue
        share_text = _share(fig.points, fig.max_points, p)
        median_text = _pct(fig.median_share, p)
        # red where the printed share is below the printed median share
        below = "—" not in (share_text, median_text) and float(share_text[:-1]) < float(
            median_text[:-1]
        )
        rows.append(
            ProfileRow(
                id=fig.id,
                label=_node_name(fig.name, fig.name_en, lang),
                share=fig.share,
                median=fig.median_share,
                share_text=share_text,
                median_text=median_text,
                below=below,
            )
        )
    return rows


def _profile_chart(fb: Feedback, options: _Options, lang: Lang) -> _Chart | None:
    depth = profile_depth(fb.scheme, options.profile_tier)
    rows = _profile_rows(fb, depth, lang)
    if not rows:
        return None
    median = _median_label(fb.scheme, lang)
    caption = _t(
        "profile_caption",
        lang,
        name=fb.name,
        tier=fb.scheme.tier(depth, lang),
        median=median if lang == "zh" else median.lower(),
    )
    svg = profile_svg(
        rows,
        title=caption,
        unit_label=_t("profile_unit", lang),
        median_label=_t("profile_median", lang),
        columns=(_t("profile_col_unit", lang), _t("profile_col_median", lang)),
    )
    return _Chart(caption, svg)


def _feedback_doc(fb: Feedback, lang: Lang, options: _Options | None = None) -> _Document:
    options = options or _Options()
    p = fb.scheme.precision
    sep = label("colon", lang)
    head = _scheme_items(fb.scheme, lang, options)
    head.append(f"{_t('unit', lang)}{sep}{_unit_label(fb.name, fb.unit, lang)}")
    if fb.group is not None:
        head.append(f"{_t('group', lang)}{sep}{_group_name(fb.scheme, fb.group, lang)}")
    head.append(f"{_t('n_units', lang)}{sep}{_t('n_units_value', lang, n=fb.n_units)}")
    blocks: list[_Block] = [_Items(tuple(head))]
    if fb.missing_notice is not None:
        blocks.append(_Para(fb.missing_notice.text(lang)))

    if fb.rank is None:
        rank = _t("not_ranked", lang)
    else:
        key = "rank_in_group" if fb.scheme.within_groups else "rank_of"
        rank = _t(key, lang, rank=fb.rank, n=fb.ranked_units)
    grade = (fb.grade or _t("ungraded", lang)) if fb.has_grades else _t("no_grade_rule", lang)
    overall = (
        (_t("total", lang), _num(fb.total, p)),
        (_t("base", lang), _num(fb.base, p)),
        (_t("bonus", lang), _num(fb.bonus, p)),
        (_t("deductions", lang), _num(fb.deductions, p)),
        (_t("rank", lang), rank),
        (_t("grade", lang), grade),
        (_t("award", lang), _t("yes" if fb.award_eligible else "no", lang)),
    )
    blocks += [
        _Heading(2, _t("overall", lang)),
        _Table((_t("item", lang), _t("value", lang)), overall, compact=True),
    ]
    chart = _profile_chart(fb, options, lang) if options.plots else None
    if chart is not None:
        blocks += [_Heading(2, _t("profile", lang)), chart]

    blocks.append(_Heading(2, _t("veto", lang)))
    if fb.vetoes:
        veto_rows = tuple(
            (
                _node_name(v.name, v.name_en, lang),
                v.rule_name,
                v.note or "—",
            )
            for v in fb.vetoes
        )
        blocks.append(
            _Table(
                (_t("veto_trigger", lang), _t("veto_rule", lang), _t("veto_note", lang)), veto_rows
            )
        )
        blocks.append(_Items(tuple(_trail_text(t, lang) for t in fb.rules if t.vetoes)))
    else:
        blocks.append(_Para(_t("none", lang)))

    other_rules = [t for t in fb.rules if not t.vetoes]
    blocks.append(_Heading(2, _t("rules", lang)))
    if other_rules:
        blocks.append(_Items(tuple(_trail_text(t, lang) for t in other_rules)))
    else:
        blocks.append(_Para(_t("none", lang)))

    def row_label(fig: NodeFigure) -> str:
        text = _node_name(fig.name, fig.name_en, lang)
        if fig.pooled:
            text += " *"
        if fig.missing:
            text += _t("missing_mark", lang, policy=_policy(fig.missing, lang))
        return text

    def median_cell(fig: NodeFigure) -> str:
        # a pooled node's maximum differs by unit: compare shares, not points
        return _pct(fig.median_share, p) if fig.pooled else _num(fig.median, p)

    def diff_cell(fig: NodeFigure) -> str:
        if not fig.pooled:
            return _diff(fig.points, fig.median, p)
        share = _share(fig.points, fig.max_points, p)
        median = _pct(fig.median_share, p)
        if "—" in (share, median):
            return "—"
        return _signed(float(share[:-1]) - float(median[:-1]), p) + "%"

    rows = tuple(
        (
            row_label(fig),
            fig.tier if lang == "zh" else fig.tier_en,
            _num(fig.max_points, p),
            _num(fig.points, p),
            _share(fig.points, fig.max_points, p),
            median_cell(fig),
            diff_cell(fig),
        )
        for fig in fb.nodes
    )
    blocks += [
        _Heading(2, _t("nodes", lang)),
        _Table(
            (
                _t("node", lang),
                _t("tier", lang),
                _t("max", lang),
                _t("points", lang),
                _t("share", lang),
                _median_label(fb.scheme, lang),
                _t("vs_median", lang),
            ),
            rows,
            numeric=frozenset({2, 3, 4, 5, 6}),
            depths=tuple(fig.depth for fig in fb.nodes),
            nowrap=frozenset({1}),
        ),
    ]

    subs = [fig for fig in fb.nodes if fig.leaf]
    all_full = all(fig.full for fig in subs)
    if fb.weakest or all_full:
        blocks.append(_Heading(2, _t("weakest", lang)))
        if fb.weakest:
            blocks.append(_Para(_t("weakest_intro", lang, leaf=_leaf(fb.scheme, lang)), lead=True))
            sep_a = label("list_sep", lang)
            blocks.append(
                _Table(
                    (
                        _t("node", lang),
                        _t("max", lang),
                        _t("points", lang),
                        _t("share", lang),
                        _median_label(fb.scheme, lang),
                        _t("assessors", lang),
                    ),
                    tuple(
                        (
                            row_label(fig),
                            _num(fig.max_points, p),
                            _num(fig.points, p),
                            _share(fig.points, fig.max_points, p),
                            median_cell(fig),
                            sep_a.join(fig.assessors) or "—",
                        )
                        for fig in fb.weakest
                    ),
                    numeric=frozenset({1, 2, 3, 4}),
                )
            )
        else:
            blocks.append(_Para(_t("all_full", lang, leaf=_leaf(fb.scheme, lang))))

    # what a reader needs to read the figures; the scoring methods and govperf's
    # defaults are for the leading group (the summary's appendix), not for each unit
    notes = [_rounding_note(fb.scheme, fb.group, fb.compared_units, lang)]
    if any(fig.pooled for fig in fb.nodes):
        notes.append(_t("note_pooled_share", lang))
    blocks += _section_blocks(options.unit_sections.get(fb.unit, ()))
    blocks += [_Heading(2, _t("notes", lang)), _Items(tuple(notes))]
    return _Document(
        title=_t("feedback_title", lang, name=fb.name),
        lang=lang,
        blocks=tuple(blocks),
        masthead=_masthead(options),
        running=_running(options),
    )


def render_feedback(
    fb: Feedback,
    *,
    format: Literal["html", "markdown"] = "html",
    lang: Literal["zh", "en"] = "zh",
    title: str | None = None,
    period: str | None = None,
    office: str | None = None,
    profile_tier: int | str | None = None,
    plots: bool = True,
    sections: Sequence[Section] = (),
    template: str | os.PathLike[str] | Templates | None = None,
) -> str:
    """Render a unit's feedback report as one HTML page or one Markdown document.

    The report states the period, the scheme's title and document number; the
    unit's total, base, bonus, deductions, rank, grade and award eligibility; in HTML
    a profile chart (its share of the maximum on every node of one tier against the
    median share of the units it is compared with); its veto events and what every
    rule did; its points at every node against the maximum and the median (pooled
    nodes, whose maximum differs by unit, by share); its weakest leaves (薄弱环节);
    and how the figures are published.  Scoring methods and govperf's defaults are
    not repeated here: they are in the summary's appendix.

    ``title``, ``period`` and ``office`` (the evaluation's title, e.g. 2025年度, and the
    issuing office) are printed on the report: office and title as a masthead
    (报头), the period in its head, all three in the printed page's footer.
    ``profile_tier`` chooses the chart's tier: a depth (``0``, the top tier, by
    default) or a tier name of the scheme (``"一级指标"``); ``plots=False`` leaves the
    chart out.  ``sections`` (:class:`govperf.report.Section`) are added before the
    notes.  ``template`` is a folder of a district's own templates (see
    :func:`write_reports`); its ``feedback.html``, if any, renders the page.
    Figures are rounded half up to the scheme's precision.  ``lang="en"`` switches
    every label to English (node names stay Chinese, with the English name where
    the scheme gives one).
    """
    lang = _check_lang(lang)
    options = _options(
        title,
        period,
        office,
        profile_tier=profile_tier,
        plots=plots,
        unit_sections={fb.unit: tuple(sections)},
    )
    doc = _feedback_doc(fb, lang, options)
    return _page(doc, format, _templates(template, lang), "feedback", fb, options)


# -- summary ------------------------------------------------------------------------------


def _reasons_table(units: Sequence[UnitReasons], lang: Lang) -> _Block:
    if not units:
        return _Para(_t("none", lang))
    sep = label("clause_sep", lang)
    return _Table(
        (_t("unit", lang), _t("reasons", lang)),
        tuple(
            (
                _unit_label(u.name, u.unit, lang),
                sep.join(_trail_text(t, lang) for t in u.reasons) or "—",
            )
            for u in units
        ),
    )


def _max_range(d: Distribution, p: int) -> str:
    low, high = _num(d.max_points_low, p), _num(d.max_points_high, p)
    return low if low == high else f"{low}–{high}"


def _summary_doc(
    sm: Summary,
    lang: Lang,
    images: Sequence[tuple[str, str]],
    options: _Options | None = None,
) -> _Document:
    options = options or _Options()
    p = sm.scheme.precision
    sep = label("colon", lang)
    head = _scheme_items(sm.scheme, lang, options)
    head.append(f"{_t('n_units', lang)}{sep}{_t('n_units_value', lang, n=sm.n_units)}")
    blocks: list[_Block] = [_Items(tuple(head))]
    notice = sm.results.missing_notice()
    if notice is not None:
        blocks.append(_Para(notice.text(lang)))

    has_grades = sm.grade_counts is not None
    info = sm.scheme
    grouped = bool(info.groups)
    level_names = [_node_name(name, name_en, lang) for _, name, name_en in sm.levels]
    headers = [
        _t("rank", lang),
        _t("unit", lang),
        *([_t("group", lang)] if grouped else []),
        *level_names,
        _t("base", lang),
        _t("bonus", lang),
        _t("deductions", lang),
        _t("total", lang),
    ]
    if has_grades:
        headers.append(_t("grade", lang))
    headers.append(_t("award", lang))
    first_num = 3 if grouped else 2
    numeric = frozenset(range(first_num, first_num + len(level_names) + 4))

    def ranking_row(r: UnitResult) -> tuple[_Cell, ...]:
        row: list[_Cell] = [
            "—" if r.rank is None else str(r.rank),
            _unit_label(r.name, r.unit, lang),
            *([_group_name(info, r.group, lang) if r.group else "—"] if grouped else []),
            *(_num(r.points[lid], p) for lid, _, _ in sm.levels),
            _num(r.base, p),
            _num(r.bonus, p),
            _num(r.deductions, p),
            _num(r.total, p),
        ]
        if has_grades:
            row.append(r.grade or _t("ungraded", lang))
        award = _t("yes" if r.award_eligible else "no", lang)
        if r.vetoes:
            award += label("vetoed_mark", lang)
        row.append(award)
        return tuple(row)

    if info.within_groups:  # ranked within each group: one table per group
        for gid in info.groups:
            members = tuple(ranking_row(r) for r in sm.ranking if r.group == gid)
            blocks += [
                _Heading(2, _t("ranking_group", lang, group=_group_name(info, gid, lang))),
                _Table(tuple(headers), members, numeric=numeric, nowrap=frozenset({1})),
            ]
    else:
        blocks += [
            _Heading(2, _t("ranking", lang)),
            _Table(
                tuple(headers),
                tuple(ranking_row(r) for r in sm.ranking),
                numeric=numeric,
                nowrap=frozenset({1}),
            ),
        ]

    blocks.append(_Heading(2, _t("grades", lang)))
    if sm.grade_counts is None:
        blocks.append(_Para(_t("no_grade_rule_sentence", lang)))
    else:
        # shares of the graded units; units without a grade (不定等次) apart, no share
        graded = sum(sm.grade_counts.values())
        rows: list[tuple[_Cell, ...]] = [
            (grade, str(n), _pct(n / graded if graded else math.nan, p))
            for grade, n in sm.grade_counts.items()
        ]
        if graded < sm.n_units:
            rows.append((_t("ungraded", lang), str(sm.n_units - graded), "—"))
        blocks.append(
            _Table(
                (_t("grade", lang), _t("count", lang), _t("count_share", lang)),
                tuple(rows),
                numeric=frozenset({1, 2}),
            )
        )

    blocks += [
        _Heading(2, _t("excluded", lang)),
        _reasons_table(sm.excluded_from_awards, lang),
        _Heading(2, _t("outside", lang)),
        _reasons_table(sm.outside_ranking, lang),
    ]

    def stats(d: Distribution) -> tuple[str, ...]:
        if d.pooled:  # maxima differ by unit: the spread of shares, not of points
            values = (d.share_min, d.share_q1, d.share_median, d.share_mean, d.share_q3)
            return (*(_pct(v, p) for v in values), _pct(d.share_max, p))
        values = (d.min, d.q1, d.median, d.mean, d.q3)
        return (*(_num(v, p) for v in values), _num(d.max, p))

    dist_rows = tuple(
        (
            _node_name(d.name, d.name_en, lang) + (" *" if d.pooled else ""),
            d.tier if lang == "zh" else d.tier_en,
            _max_range(d, p),
            str(d.n),
            *stats(d),
            _pct(d.full_share, p),
        )
        for d in sm.distribution
    )
    blocks += [
        _Heading(2, _t("distribution", lang)),
        _Table(
            (
                _t("node", lang),
                _t("tier", lang),
                _t("max", lang),
                _t("n_applicable", lang),
                _t("min", lang),
                _t("q1", lang),
                _t("median_short", lang),
                _t("mean", lang),
                _t("q3", lang),
                _t("highest", lang),
                _t("full_share", lang),
            ),
            dist_rows,
            numeric=frozenset(range(2, 11)),
            depths=tuple(d.depth for d in sm.distribution),
            nowrap=frozenset({1}),
        ),
    ]

    if images:
        blocks.append(_Heading(2, _t("figures", lang)))
        blocks += [_Image(alt, src) for alt, src in images]

    notes = [
        _t("note_rounding", lang, p=p, n=sm.n_units),
        _t("note_quartiles", lang),
    ]
    if any(d.pooled for d in sm.distribution):
        notes.append(_t("note_pooled_distribution", lang))
    blocks += _section_blocks(options.summary_sections)
    blocks += [_Heading(2, _t("notes", lang)), _Items(tuple(notes))]
    if options.appendix:
        blocks += _appendix_blocks(sm.scheme, lang)
    return _Document(
        title=_t("summary_title", lang),
        lang=lang,
        blocks=tuple(blocks),
        masthead=_masthead(options),
        running=_running(options),
    )


def _plot_svgs(results: Results, lang: Lang) -> list[tuple[str, str, bytes]]:
    """The summary's figures as ``(key, caption, SVG bytes)``; none without matplotlib.

    The SVG keeps its text as text (matplotlib's ``svg.fonttype: none``) with a font
    list naming common CJK fonts, so the reader's own fonts draw the Chinese: no
    font is needed here, and govperf's warning about a missing CJK font does not
    apply (it is not raised).
    """
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return []
    from ..plot import _summary_svgs

    svgs = _summary_svgs(results, lang=lang)
    info = SchemeInfo.of(results.scheme)
    return [
        ("ranking", _t("fig_ranking", lang, top=info.tier(0, lang)), svgs["ranking"]),
        (
            "distribution",
            _t("fig_distribution", lang, leaf=_leaf(info, lang)),
            svgs["distribution"],
        ),
    ]


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def render_summary(
    summary: Summary,
    *,
    format: Literal["html", "markdown"] = "html",
    lang: Literal["zh", "en"] = "zh",
    plots: bool = True,
    title: str | None = None,
    period: str | None = None,
    office: str | None = None,
    appendix: bool = True,
    sections: Sequence[Section] = (),
    template: str | os.PathLike[str] | Templates | None = None,
) -> str:
    """Render the summary for the leading group as one HTML page or one Markdown document.

    It states the period, the scheme's title and document number, then the ranking
    (with each top-tier node's points), the grade distribution, the units excluded
    from awards and those outside the ranking with the rules responsible, the
    distribution of every node's points across units, how figures are published,
    and (``appendix=True``, the default) an appendix with the scheme file's notes on
    every scoring method, saying which are govperf defaults rather than the
    document's; ``appendix=False`` leaves it out.  ``title``, ``period`` and
    ``office`` are printed as in :func:`render_feedback`; ``sections``
    (:class:`Section`) are added before the notes.

    In HTML, ``plots=True`` embeds the ranking and distribution charts as SVG (text
    kept as text, so the reader's CJK fonts render it) when matplotlib is installed
    (silently left out when it is not).  Markdown holds no charts;
    :func:`write_reports` writes them as SVG files beside ``summary.md`` and links
    them.  ``template`` is as in :func:`render_feedback` (its ``summary.html``).
    """
    lang = _check_lang(lang)
    options = _options(
        title, period, office, appendix=appendix, plots=plots, summary_sections=sections
    )
    images: list[tuple[str, str]] = []
    if plots and format == "html":
        images = [(alt, _data_uri(svg)) for _, alt, svg in _plot_svgs(summary.results, lang)]
    doc = _summary_doc(summary, lang, images, options)
    return _page(doc, format, _templates(template, lang), "summary", summary, options)


# -- writing a folder -------------------------------------------------------------------

_RESERVED = {"con", "prn", "aux", "nul", "summary", "index", "ranking", "distribution"} | {
    f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10)
}


def _safe_stems(units: Sequence[str]) -> list[str]:
    """A distinct, portable file stem per unit id (case-insensitively distinct)."""
    taken: set[str] = set()
    out: list[str] = []
    for uid in units:
        stem = unicodedata.normalize("NFC", uid)
        stem = re.sub(r"[^\w.-]+", "_", stem).strip("._-")[:80] or "unit"
        if stem.lower() in _RESERVED:
            stem = f"unit_{stem}"
        candidate, k = stem, 2
        while candidate.lower() in taken:
            candidate, k = f"{stem}-{k}", k + 1
        taken.add(candidate.lower())
        out.append(candidate)
    return out


def _index_doc(
    results: Results,
    links: Mapping[str, str],
    summary_href: str,
    lang: Lang,
    options: _Options | None = None,
) -> _Document:
    options = options or _Options()
    info = SchemeInfo.of(results.scheme)
    p = info.precision
    rows = tuple(
        (
            "—" if r.rank is None else str(r.rank),
            _unit_label(r.name, r.unit, lang),
            _num(r.total, p),
            _Link(_t("report", lang), links[r.unit]),
        )
        for r in results.ranking()
    )
    blocks: list[_Block] = [
        _Items(tuple(_scheme_items(info, lang, options))),
        _Items((_Link(_t("summary_link", lang), summary_href),)),
        _Heading(2, _t("feedback_reports", lang)),
        _Table(
            (_t("rank", lang), _t("unit", lang), _t("total", lang), _t("report", lang)),
            rows,
            numeric=frozenset({2}),
        ),
    ]
    return _Document(
        title=_t("index_title", lang),
        lang=lang,
        blocks=tuple(blocks),
        masthead=_masthead(options),
        running=_running(options),
    )


def _linked(doc: _Document, src: str) -> _Document:
    """``doc`` with its charts linked to the file ``src`` (for Markdown)."""
    blocks = tuple(_Chart(b.alt, b.svg, src) if isinstance(b, _Chart) else b for b in doc.blocks)
    return _Document(doc.title, doc.lang, blocks, doc.masthead, doc.running)


def _charts(doc: _Document) -> list[_Chart]:
    return [b for b in doc.blocks if isinstance(b, _Chart)]


def _pages(
    results: Results,
    format: Format,
    lang: Lang,
    options: _Options,
    templates: Templates | None,
    *,
    index: bool,
) -> tuple[list[tuple[str, str]], list[tuple[str, bytes]]]:
    """Every report's file name and text, and the chart files (Markdown) beside them.

    The feedback reports in the order of the units, then the summary, then (with
    ``index``) the HTML index.
    """
    ext = "md" if format == "markdown" else "html"
    prep = prepare(results)
    stems = _safe_stems(results.units)
    pages: list[tuple[str, str]] = []
    files: list[tuple[str, bytes]] = []
    links: dict[str, str] = {}
    for uid, stem in zip(results.units, stems, strict=True):
        fb = build_feedback(prep, uid, 3)
        doc = _feedback_doc(fb, lang, options)
        name = f"{stem}.{ext}"
        links[uid] = name
        if format == "markdown" and _charts(doc):
            svg_name = f"{stem}-profile.svg"
            doc = _linked(doc, svg_name)
            files.append((svg_name, _svg_file(_charts(doc)[0].svg)))
        pages.append((name, _page(doc, format, templates, "feedback", fb, options)))
    sm = summary(results)
    figures = _plot_svgs(results, lang) if options.plots else []
    if format == "markdown":
        files += [(f"{key}.svg", svg) for key, _, svg in figures]
        images = [(alt, f"{key}.svg") for key, alt, _ in figures]
    else:
        images = [(alt, _data_uri(svg)) for _, alt, svg in figures]
    doc = _summary_doc(sm, lang, images, options)
    pages.append((f"summary.{ext}", _page(doc, format, templates, "summary", sm, options)))
    if index and format == "html":
        index_doc = _index_doc(results, links, "summary.html", lang, options)
        pages.append(("index.html", _to_html(index_doc)))
    return pages, files


def write_reports(
    results: Results,
    out_dir: str | os.PathLike[str],
    *,
    format: Literal["html", "markdown", "pdf"] = "html",
    lang: Literal["zh", "en"] = "zh",
    plots: bool = True,
    overwrite: bool = False,
    title: str | None = None,
    period: str | None = None,
    office: str | None = None,
    appendix: bool = True,
    profile_tier: int | str | None = None,
    unit_sections: Mapping[str, Sequence[Section]] | None = None,
    summary_sections: Sequence[Section] = (),
    template: str | os.PathLike[str] | Templates | None = None,
) -> list[Path]:
    """Write one feedback report per unit, the summary, and (for HTML) an index page.

    Files: ``<unit id>.html`` (``.md``, ``.pdf``; the id made safe for file names,
    and distinct), ``summary.html``, and for HTML ``index.html`` linking them all.
    For Markdown with ``plots=True`` the charts are written as SVG files and linked:
    each unit's profile as ``<unit id>-profile.svg`` and, when matplotlib is
    installed, the summary's ``ranking.svg`` and ``distribution.svg``.
    ``format="pdf"`` prints every HTML report to its own PDF with WeasyPrint (the
    extra ``govperf[pdf]``; :func:`write_pdf` makes one PDF of them all).

    ``title``, ``period``, ``office``, ``appendix`` and ``profile_tier`` are as in
    :func:`render_feedback` and :func:`render_summary`; ``unit_sections`` (unit id →
    :class:`Section` objects) and ``summary_sections`` add sections before the notes
    of those reports.  ``template`` is a folder with a district's own
    ``feedback.html`` and/or ``summary.html`` (Jinja2, the extra
    ``govperf[templates]``; see "District templates" in the documentation); a report
    without its template keeps govperf's page.  Templates are HTML, so they are
    refused with Markdown.

    The folder is created if needed; a folder that already holds files is refused
    with :class:`FileExistsError` unless ``overwrite=True`` (which replaces the
    report files and leaves any others alone).  The files are written into a
    temporary sibling folder that then takes the folder's place, so a crash never
    leaves a half-written set of reports nor destroys an earlier one.  Returns the
    paths written, in order.
    """
    lang = _check_lang(lang)
    if format not in ("html", "markdown", "pdf"):
        raise ValueError(f"format must be 'html', 'markdown' or 'pdf', got {format!r}")
    options = _options(
        title,
        period,
        office,
        appendix=appendix,
        profile_tier=profile_tier,
        plots=plots,
        unit_sections=unit_sections,
        summary_sections=summary_sections,
    )
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(folder))
    refuse_existing([folder], overwrite)
    profile_depth(SchemeInfo.of(results.scheme), profile_tier)  # refuse a bad tier first
    if template is not None and format == "markdown":
        raise ValueError("report templates are HTML; format 'markdown' has none")
    templates = _templates(template, lang)  # a bad template is refused before any work
    if format == "pdf":
        from ._pdf import _weasyprint, pdf_bytes

        _weasyprint()  # the extra, before anything is rendered
        pages, _ = _pages(results, "html", lang, options, templates, index=False)
        out = [(name[: -len(".html")] + ".pdf", pdf_bytes([text])[0]) for name, text in pages]
        with atomic_folder(folder, overwrite=overwrite) as tmp:
            for name, data in out:
                (tmp / name).write_bytes(data)
        return [folder / name for name, _ in out]
    pages, files = _pages(results, format, lang, options, templates, index=True)
    with atomic_folder(folder, overwrite=overwrite) as tmp:
        for name, text in pages:
            (tmp / name).write_text(text, encoding="utf-8", newline="\n")
        for name, data in files:
            (tmp / name).write_bytes(data)
    return [folder / name for name, _ in pages] + [folder / name for name, _ in files]


def write_pdf(
    results: Results,
    path: str | os.PathLike[str],
    *,
    lang: Literal["zh", "en"] = "zh",
    plots: bool = True,
    overwrite: bool = False,
    title: str | None = None,
    period: str | None = None,
    office: str | None = None,
    appendix: bool = True,
    profile_tier: int | str | None = None,
    template: str | os.PathLike[str] | Templates | None = None,
    unit_sections: Mapping[str, Sequence[Section]] | None = None,
    summary_sections: Sequence[Section] = (),
) -> int:
    """Write the summary and every unit's feedback report as one PDF file; return its pages.

    The summary comes first, then the feedback reports in the order of the units,
    each starting on a new page and numbering its own pages.  Printed with
    WeasyPrint (the extra ``govperf[pdf]``; an :class:`ImportError` names it when
    it is missing) from the HTML reports, with the same options as
    :func:`write_reports`.  The file is written atomically (a temporary file renamed
    into place) and an existing file is refused with :class:`FileExistsError`
    unless ``overwrite=True``.
    """
    lang = _check_lang(lang)
    options = _options(
        title,
        period,
        office,
        appendix=appendix,
        profile_tier=profile_tier,
        plots=plots,
        unit_sections=unit_sections,
        summary_sections=summary_sections,
    )
    target = Path(path)
    refuse_existing([target], overwrite)
    profile_depth(SchemeInfo.of(results.scheme), profile_tier)
    templates = _templates(template, lang)
    from ._pdf import _weasyprint, pdf_bytes

    _weasyprint()
    pages, _ = _pages(results, "html", lang, options, templates, index=False)
    ordered = [pages[-1][1], *(text for _, text in pages[:-1])]  # the summary first
    data, n_pages = pdf_bytes(ordered)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(target, data, overwrite=overwrite)
    return n_pages


def _svg_file(svg: str) -> bytes:
    """An inline ``<svg>`` as a standalone SVG file."""
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + svg + "\n").encode("utf-8")
