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
from ..output._atomic import atomic_folder, refuse_existing
from ._feedback import Feedback, NodeFigure, SchemeInfo, build_feedback, prepare
from ._summary import Distribution, Summary, UnitReasons, summary

if TYPE_CHECKING:
    from ..results._results import Results, RuleTrail, UnitResult

__all__ = ["render_feedback", "render_summary", "write_reports"]

Format = Literal["html", "markdown"]

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


@frozen
class _Para:
    text: str


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


@frozen
class _Image:
    alt: str
    src: str


_Block = _Heading | _Para | _Items | _Table | _Image


@frozen
class _Document:
    title: str
    lang: Lang
    blocks: tuple[_Block, ...]


# -- HTML ------------------------------------------------------------------------------

_CSS = (
    """
:root { color-scheme: light; }
body {
  margin: 0; background: #f3f1ee; color: #1d1d1d; line-height: 1.55;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
    "Microsoft YaHei", "WenQuanYi Zen Hei", "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 62rem; margin: 1.5rem auto; padding: 1.5rem 2.5rem 2.5rem;
  background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, .12); }
h1 { font-size: 1.55rem; margin: .4rem 0 1rem; padding-bottom: .4rem;
  border-bottom: 3px solid #a61b1b; }
h2 { font-size: 1.18rem; margin: 1.8rem 0 .6rem; color: #7d1414; }
p, li { font-size: .95rem; }
ul { padding-left: 1.3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #c9c4bd; padding: .28rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #efe9e2; font-weight: 600; }
table.compact { width: auto; min-width: 24rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.depth-0 td { background: #faf6f1; font-weight: 600; }
"""
    + "".join(
        f"tr.depth-{d} td:first-child {{ padding-left: {0.2 + 1.2 * d:.1f}rem; }}\n"
        for d in range(1, 10)
    )
    + """figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #e2ddd6; }
figcaption { font-size: .85rem; color: #555; }
a { color: #7d1414; }
@media print {
  @page { size: A4; margin: 15mm 12mm; }
  body { background: #fff; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  tr, img, figure { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h1, h2 { break-after: avoid; page-break-after: avoid; }
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
        return f"<h{block.level}>{_h(block.text)}</h{block.level}>"
    if isinstance(block, _Para):
        return f"<p>{_h(block.text)}</p>"
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
    rows = []
    for r, row in enumerate(block.rows):
        tr = "<tr>" if block.depths is None else f'<tr class="depth-{block.depths[r]}">'
        cells = "".join(f"<td{c}>{_html_cell(x)}</td>" for c, x in zip(cls, row, strict=True))
        rows.append(f"    {tr}{cells}</tr>")
    table = '<table class="compact">' if block.compact else "<table>"
    return (
        f"{table}\n  <thead><tr>{head}</tr></thead>\n  <tbody>\n"
        + "\n".join(rows)
        + "\n  </tbody>\n</table>"
    )


def _to_html(doc: _Document) -> str:
    lang = "zh-CN" if doc.lang == "zh" else "en"
    body = "\n".join(_html_block(b) for b in doc.blocks)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_h(doc.title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n<h1>{_h(doc.title)}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )


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
    parts = [f"# {_md(doc.title)}"] + [_md_block(b) for b in doc.blocks]
    return "\n\n".join(parts) + "\n"


def _render(doc: _Document, format: Format) -> str:
    if format == "html":
        return _to_html(doc)
    if format == "markdown":
        return _to_markdown(doc)
    raise ValueError(f"format must be 'html' or 'markdown', got {format!r}")


def _check_lang(lang: str) -> Lang:
    return check_lang(lang)


# -- shared blocks -----------------------------------------------------------------------


def _scheme_items(info: SchemeInfo, lang: Lang) -> list[str]:
    title = info.title
    if lang == "en" and info.title_en:
        title = f"{info.title_en} ({info.title})"
    items = [f"{_t('scheme', lang)}{label('colon', lang)}{title}"]
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
        blocks.append(_Para(_t("defaults_intro", lang, leaf=_leaf(info, lang))))
        blocks.append(
            _Items(tuple(f"{_node_name(m.name, m.name_en, lang)}{sep}{m.note}" for m in defaults))
        )
    if others:
        blocks.append(_Para(_t("other_notes", lang)))
        blocks.append(
            _Items(tuple(f"{_node_name(m.name, m.name_en, lang)}{sep}{m.note}" for m in others))
        )
    return blocks


def _trail_text(trail: RuleTrail, lang: Lang) -> str:
    sep = label("colon", lang)
    name = trail.name
    return f"{name}{sep}{trail.zh if lang == 'zh' else trail.en}"


# -- feedback ----------------------------------------------------------------------------


def _feedback_doc(fb: Feedback, lang: Lang) -> _Document:
    p = fb.scheme.precision
    sep = label("colon", lang)
    head = _scheme_items(fb.scheme, lang)
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

    rows = tuple(
        (
            row_label(fig),
            fig.tier if lang == "zh" else fig.tier_en,
            _num(fig.max_points, p),
            _num(fig.points, p),
            _share(fig.points, fig.max_points, p),
            _num(fig.median, p),
            _diff(fig.points, fig.median, p),
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
        ),
    ]

    subs = [fig for fig in fb.nodes if fig.leaf]
    all_full = all(fig.full for fig in subs)
    if fb.weakest or all_full:
        blocks.append(_Heading(2, _t("weakest", lang)))
        if fb.weakest:
            blocks.append(_Para(_t("weakest_intro", lang, leaf=_leaf(fb.scheme, lang))))
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
                            _num(fig.median, p),
                            sep_a.join(fig.assessors) or "—",
                        )
                        for fig in fb.weakest
                    ),
                    numeric=frozenset({1, 2, 3, 4}),
                )
            )
        else:
            blocks.append(_Para(_t("all_full", lang, leaf=_leaf(fb.scheme, lang))))

    notes = [_rounding_note(fb.scheme, fb.group, fb.compared_units, lang)]
    if any(fig.pooled for fig in fb.nodes):
        notes.append(_t("note_pooled", lang))
    blocks += [
        _Heading(2, _t("notes", lang)),
        _Items(tuple(notes)),
        *_method_blocks(fb.scheme, lang),
    ]
    return _Document(
        title=_t("feedback_title", lang, name=fb.name), lang=lang, blocks=tuple(blocks)
    )


def render_feedback(
    fb: Feedback,
    *,
    format: Literal["html", "markdown"] = "html",
    lang: Literal["zh", "en"] = "zh",
) -> str:
    """Render a unit's feedback report as one HTML page or one Markdown document.

    The report states the scheme's title and document number; the unit's total,
    base, bonus, deductions, rank, grade and award eligibility; its veto events and
    what every rule did; its points at every node against the maximum and the median
    of all units; its weakest sub-indicators (薄弱环节); and which scoring methods the
    scheme marks as govperf defaults.  Figures are rounded half up to the scheme's
    precision.  ``lang="en"`` switches every label to English (node names stay
    Chinese, with the English name where the scheme gives one).
    """
    return _render(_feedback_doc(fb, _check_lang(lang)), format)


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


def _summary_doc(sm: Summary, lang: Lang, images: Sequence[tuple[str, str]]) -> _Document:
    p = sm.scheme.precision
    sep = label("colon", lang)
    head = _scheme_items(sm.scheme, lang)
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
                _Table(tuple(headers), members, numeric=numeric),
            ]
    else:
        blocks += [
            _Heading(2, _t("ranking", lang)),
            _Table(tuple(headers), tuple(ranking_row(r) for r in sm.ranking), numeric=numeric),
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

    dist_rows = tuple(
        (
            _node_name(d.name, d.name_en, lang),
            d.tier if lang == "zh" else d.tier_en,
            _max_range(d, p),
            str(d.n),
            _num(d.min, p),
            _num(d.q1, p),
            _num(d.median, p),
            _num(d.mean, p),
            _num(d.q3, p),
            _num(d.max, p),
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
        ),
    ]

    if images:
        blocks.append(_Heading(2, _t("figures", lang)))
        blocks += [_Image(alt, src) for alt, src in images]

    notes = [
        _t("note_rounding", lang, p=p, n=sm.n_units),
        _t("note_quartiles", lang),
    ]
    blocks += [
        _Heading(2, _t("notes", lang)),
        _Items(tuple(notes)),
        *_method_blocks(sm.scheme, lang),
    ]
    return _Document(title=_t("summary_title", lang), lang=lang, blocks=tuple(blocks))


def _plot_pngs(results: Results, lang: Lang) -> list[tuple[str, bytes]]:
    """The summary's figures as PNG bytes, or none when matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return []
    from ..plot import _summary_pngs

    pngs = _summary_pngs(results, lang=lang)
    info = SchemeInfo.of(results.scheme)
    return [
        (_t("fig_ranking", lang, top=info.tier(0, lang)), pngs["ranking"]),
        (_t("fig_distribution", lang, leaf=_leaf(info, lang)), pngs["distribution"]),
    ]


def render_summary(
    summary: Summary,
    *,
    format: Literal["html", "markdown"] = "html",
    lang: Literal["zh", "en"] = "zh",
    plots: bool = True,
) -> str:
    """Render the summary for the leading group as one HTML page or one Markdown document.

    It states the scheme's title and document number, then the ranking (with each
    level's points), the grade distribution, the units excluded from awards and those
    outside the ranking with the rules responsible, the distribution of every node's
    points across units, and which scoring methods are govperf defaults.  In HTML,
    ``plots=True`` embeds the ranking and distribution plots as PNG data URIs when
    matplotlib is installed (silently left out when it is not).  Markdown holds no
    plots (data URIs do not show on most Markdown hosts); :func:`write_reports` writes
    them as PNG files beside ``summary.md`` and links them.
    """
    lang = _check_lang(lang)
    images: list[tuple[str, str]] = []
    if plots and format == "html":
        images = [
            (alt, "data:image/png;base64," + base64.b64encode(png).decode("ascii"))
            for alt, png in _plot_pngs(summary.results, lang)
        ]
    return _render(_summary_doc(summary, lang, images), format)


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
    results: Results, links: Mapping[str, str], summary_href: str, lang: Lang
) -> _Document:
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
        _Items(tuple(_scheme_items(info, lang))),
        _Items((_Link(_t("summary_link", lang), summary_href),)),
        _Heading(2, _t("feedback_reports", lang)),
        _Table(
            (_t("rank", lang), _t("unit", lang), _t("total", lang), _t("report", lang)),
            rows,
            numeric=frozenset({2}),
        ),
    ]
    return _Document(title=_t("index_title", lang), lang=lang, blocks=tuple(blocks))


def write_reports(
    results: Results,
    out_dir: str | os.PathLike[str],
    *,
    format: Literal["html", "markdown"] = "html",
    lang: Literal["zh", "en"] = "zh",
    plots: bool = True,
    overwrite: bool = False,
) -> list[Path]:
    """Write one feedback report per unit, the summary, and (for HTML) an index page.

    Files: ``<unit id>.html`` (or ``.md``; the id made safe for file names, and
    distinct), ``summary.html``, ``index.html`` linking them all.  For Markdown with
    ``plots=True`` (and matplotlib installed) the plots are written as
    ``ranking.png`` and ``distribution.png`` and linked from ``summary.md``.  The
    folder is created if needed; a folder that already holds files is refused with
    :class:`FileExistsError` unless ``overwrite=True`` (which replaces the report
    files and leaves any others alone).  The files are written into a temporary
    sibling folder that then takes the folder's place, so a crash never leaves a
    half-written set of reports nor destroys an earlier one.  Returns the paths
    written, in order.
    """
    lang = _check_lang(lang)
    if format not in ("html", "markdown"):
        raise ValueError(f"format must be 'html' or 'markdown', got {format!r}")
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(folder))
    refuse_existing([folder], overwrite)
    ext = "html" if format == "html" else "md"
    prep = prepare(results)
    stems = _safe_stems(results.units)
    pages: list[tuple[str, str]] = []
    links: dict[str, str] = {}
    for uid, stem in zip(results.units, stems, strict=True):
        fb = build_feedback(prep, uid, 3)
        name = f"{stem}.{ext}"
        links[uid] = name
        pages.append((name, render_feedback(fb, format=format, lang=lang)))
    sm = summary(results)
    pngs: list[tuple[str, bytes]] = []
    if plots and format == "markdown":
        figures = _plot_pngs(results, lang)
        pngs = [
            (f"{key}.png", png)
            for key, (_, png) in zip(("ranking", "distribution"), figures, strict=False)
        ]
        images = [
            (alt, f"{key}.png")
            for key, (alt, _) in zip(("ranking", "distribution"), figures, strict=False)
        ]
        pages.append((f"summary.{ext}", _render(_summary_doc(sm, lang, images), format)))
    else:
        pages.append((f"summary.{ext}", render_summary(sm, format=format, lang=lang, plots=plots)))
    if format == "html":
        pages.append(("index.html", _to_html(_index_doc(results, links, "summary.html", lang))))
    with atomic_folder(folder, overwrite=overwrite) as tmp:
        for name, text in pages:
            (tmp / name).write_text(text, encoding="utf-8", newline="\n")
        for name, png in pngs:
            (tmp / name).write_bytes(png)
    return [folder / name for name, _ in pages] + [folder / name for name, _ in pngs]
