"""Writers of results: CSV, JSON and an Excel workbook.

- CSV (:func:`write_csv`) and JSON (:func:`results_json`) need nothing beyond
  govperf's own dependencies; the JSON array is the output of
  ``govperf score --format json``.
- The Excel workbook (:func:`write_excel`) needs openpyxl (``pip install
  govperf[excel]``), imported when it is called.

Every figure written is the published one (rounded half up to the scheme's
precision), as :meth:`govperf.Results.unit` gives it; Chinese text is written as
it is (UTF-8, ``ensure_ascii=False``).
"""

from __future__ import annotations

import csv
import json
import math
import os
import unicodedata
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from .._labels import check_lang, label, snake
from .._rounding import round_half_up
from ._atomic import atomic_open, atomic_path, write_text
from ._frames import (
    FIXED_HEADERS,
    Kind,
    Lang,
    node_labels,
    node_points,
    ranking_order,
    tidy_table,
    unit_figures,
    veto_text,
    vetoes_of,
    wide_table,
)
from ._sheet import as_text, borders, csv_cell_text, print_setup
from ._tree import group_names, leaf_tier_name

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ..results._results import Explanation, Results, SubTrail
    from ..scheme._model import Node

__all__ = ["JSON_KEYS", "display_width", "results_json", "write_csv", "write_excel"]

PathLike = str | os.PathLike[str]

JSON_KEYS = (
    "unit",
    "name",
    "total",
    "base",
    "bonus",
    "deductions",
    "rank",
    "grade",
    "award_eligible",
    "vetoes",
    "points",
)
"""The keys of every unit's object in :func:`results_json`, in order."""


# -- CSV -------------------------------------------------------------------------------


def _csv_cell(value: Any, lang: Lang) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):  # award eligibility: 是/否 for the office
        return label("yes" if value else "no", lang) if lang == "zh" else str(bool(value)).lower()
    return csv_cell_text(value)


def write_csv(
    results: Results,
    path: PathLike | IO[str],
    kind: Kind = "wide",
    lang: Lang = "zh",
    *,
    overwrite: bool = False,
) -> None:
    """:meth:`govperf.Results.to_csv`: the wide or tidy table as CSV, UTF-8 with a BOM.

    The byte-order mark lets Excel on Chinese Windows open the file as UTF-8 (without
    it Excel guesses the local code page, GBK, and garbles the Chinese text); Python,
    pandas (``encoding="utf-8-sig"``) and LibreOffice read it either way.  Figures are
    published ones; a missing figure is an empty cell; award eligibility is 是/否
    (``lang="zh"``) or true/false (``lang="en"``); text that looks like a formula
    (``=``, ``+``, ``-``, ``@``, tab or CR first) gets a leading ``'`` so a spreadsheet
    shows it as text.  pandas is not needed.

    ``path`` may also be an open text stream (``sys.stdout``), written without a BOM.
    A file is written atomically (a temporary file renamed into place) and an existing
    one is refused with :class:`FileExistsError` unless ``overwrite=True``.
    """
    if kind == "wide":
        index_name, index, cols = wide_table(results, lang=lang, published=True)
    elif kind == "tidy":
        index_name, index, cols = tidy_table(results, lang=lang, published=True)
    else:
        raise ValueError(f"kind must be 'wide' or 'tidy', got {kind!r}")
    header = ([index_name] if index_name is not None else []) + list(cols)
    columns = [cols[c] for c in cols]
    n_rows = len(columns[0]) if columns else len(index)

    def write(fh: IO[str]) -> None:
        writer = csv.writer(fh)
        writer.writerow([csv_cell_text(h) for h in header])
        for r in range(n_rows):
            row = [csv_cell_text(index[r])] if index_name is not None else []
            writer.writerow(row + [_csv_cell(col[r], lang) for col in columns])

    if not isinstance(path, (str, os.PathLike)):  # an open stream: stdout
        write(path)
        return
    with atomic_open(path, encoding="utf-8-sig", newline="", overwrite=overwrite) as fh:
        write(fh)


# -- JSON ------------------------------------------------------------------------------


def _num(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def results_json(results: Results, path: PathLike | None = None, *, overwrite: bool = False) -> str:
    """:meth:`govperf.Results.to_json`: the published figures as a JSON array, best first.

    One object per unit in the order of :meth:`govperf.Results.ranking`, with exactly
    the keys :data:`JSON_KEYS`; ``points`` maps every node id (tree order) to its
    published points.  A missing figure is ``null``.  Written to ``path`` (UTF-8,
    atomically; an existing file only with ``overwrite=True``) when one is given; the
    text is returned either way.  Needs no pandas.
    """
    st = results.state
    units = results.data.units
    points = node_points(results, published=True)
    figures = {key: unit_figures(results, key) for key in ("total", "base", "bonus", "deductions")}
    vetoes = vetoes_of(results)
    rows: list[dict[str, Any]] = []
    for pos in ranking_order(results):
        u = int(pos)
        rank = float(st.rank[u])
        grade = st.grade[u]
        rows.append(
            {
                "unit": units.ids[u],
                "name": units.names[u],
                "total": _num(figures["total"][u]),
                "base": _num(figures["base"][u]),
                "bonus": _num(figures["bonus"][u]),
                "deductions": _num(figures["deductions"][u]),
                "rank": None if math.isnan(rank) else int(rank),
                "grade": None if grade is None else str(grade),
                "award_eligible": bool(st.award_eligible[u]),
                "vetoes": list(vetoes[u]),
                "points": {nid: _num(values[u]) for nid, values in points.items()},
            }
        )
    text = json.dumps(rows, ensure_ascii=False, indent=2)
    if path is not None:
        write_text(path, text + "\n", overwrite=overwrite)
    return text


# -- Excel -----------------------------------------------------------------------------

_BOOK_KEYS = {
    "ranking": "book.ranking",
    "rules": "rules",
    "max": "max",
    "unit_max": "book.unit_max",
    "pooled": "book.pooled",
    "by_group": "book.by_group",
    "yes": "yes",
    "no": "no",
    "not_ranked": "not_ranked",
    "rule_id": "book.rule_id",
    "rule_name": "book.rule_name",
    "rule_kind": "book.rule_kind",
    "note": "note",
    "policy": "book.policy",
    "filled": "book.filled",
    "filled_none": "book.filled_none",
    "filled_points": "book.filled_points",
    "evaluator": "book.evaluator",
    "inputs": "book.inputs",
    "formula": "book.formula",
}


def _book_text(scheme: Any, lang: Lang) -> dict[str, str]:
    """The workbook's labels in ``lang``; the leaf headers use the scheme's leaf tier name."""
    text = {key: label(ref, lang) for key, ref in _BOOK_KEYS.items()}
    leaf = leaf_tier_name(scheme, lang)
    if lang == "en":
        leaf = snake(leaf)
    text["sub_id"] = label("book.leaf_id", lang, leaf=leaf)
    text["sub_name"] = label("book.leaf_name", lang, leaf=leaf)
    return text


_MAX_INPUT_ROWS = 20
_MAX_WIDTH = 60
_INVALID_SHEET_CHARS = set("[]:*?/\\")


def _policy_text(kind: str, lang: Lang) -> str:
    key = f"policy_long.{kind}"
    try:
        return label(key, lang)
    except KeyError:
        return kind


def display_width(text: str) -> int:
    """Width of ``text`` in a fixed-width font: wide (CJK) characters count as 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _require_openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as exc:
        raise ImportError(
            "Results.to_excel needs openpyxl, an optional dependency of govperf: "
            "pip install govperf[excel]"
        ) from exc
    return openpyxl


class _SheetNames:
    """Unique, valid worksheet names (≤ 31 characters, none of ``[]:*?/\\``)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    @staticmethod
    def _valid(name: str) -> bool:
        return (
            0 < len(name) <= 31
            and not (set(name) & _INVALID_SHEET_CHARS)
            and not name.startswith("'")
            and not name.endswith("'")
            and name.casefold() != "history"
        )

    def take(self, preferred: str, fallback: str) -> str:
        """``preferred`` if it is valid and free, else a valid, free form of ``fallback``."""
        if self._valid(preferred) and preferred.casefold() not in self.used:
            return self._use(preferred)
        base = "".join("_" if ch in _INVALID_SHEET_CHARS else ch for ch in fallback).strip("'")
        base = base[:31] or "sheet"
        if base.casefold() == "history":
            base = "history_"
        name, k = base, 1
        while name.casefold() in self.used:
            k += 1
            suffix = f"~{k}"
            name = base[: 31 - len(suffix)] + suffix
        return self._use(name)

    def _use(self, name: str) -> str:
        self.used.add(name.casefold())
        return name


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _format_value(value: Any) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:g}"
    if value is None:
        return ""
    return str(value)


def _inputs_summary(trail: SubTrail, lang: Lang) -> str:
    if trail.missing:
        return label("book.missing", lang, policy=trail.missing)
    if not trail.inputs:
        return label("book.no_input", lang)
    shown = [
        ", ".join(f"{k}={_format_value(v)}" for k, v in row.items())
        for row in trail.inputs[:_MAX_INPUT_ROWS]
    ]
    text = "; ".join(shown)
    if len(trail.inputs) > _MAX_INPUT_ROWS:
        text += label("book.rows", lang, n=len(trail.inputs))
    return text


class _Book:
    """Writes rows into worksheets with number formats, bold headers, widths and page setup."""

    def __init__(self, openpyxl: Any, results: Results, lang: Lang) -> None:
        from openpyxl.styles import Alignment, Font

        self.wb: Workbook = openpyxl.Workbook()
        self.wb.remove(self.wb.worksheets[0])  # every sheet is named and added below
        self.bold = Font(bold=True)
        self.big = Font(bold=True, size=13)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        precision = results.precision
        self.number_format = "0." + "0" * precision if precision > 0 else "0"
        sch = results.scheme
        self.lang = lang
        self.scheme_title = sch.title_en if lang == "en" and sch.title_en else sch.title
        self.period = sch.metadata.period

    def title(self, ws: Worksheet, text: str | None = None) -> None:
        """The sheet's title row (row 1): the scheme's title and the sheet's name by default."""
        if text is None:
            text = label("book.title", self.lang, title=self.scheme_title, sheet=ws.title)
        ws.append([text])
        ws.cell(row=ws.max_row, column=1).font = self.big
        as_text([ws.cell(row=ws.max_row, column=1)])

    def sheet(self, title: str) -> Worksheet:
        """A new worksheet at the end of the workbook."""
        ws: Worksheet = self.wb.create_sheet(title)
        return ws

    def row(
        self,
        ws: Worksheet,
        values: Sequence[Any],
        *,
        bold: bool = False,
        numbers: Iterable[int] | None = None,
    ) -> None:
        """Append a row; floats get the scheme's number format (all, or columns ``numbers``)."""
        ws.append([None if isinstance(v, float) and math.isnan(v) else v for v in values])
        r = ws.max_row
        only = None if numbers is None else set(numbers)
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            as_text([cell])  # a unit named "=HYPERLINK(…)" stays text
            if bold:
                cell.font = self.bold
            if (
                isinstance(value, float)
                and not math.isnan(value)
                and (only is None or c - 1 in only)
            ):
                cell.number_format = self.number_format

    def finish(self, ws: Worksheet, *, head: int, wrap: Iterable[int] = ()) -> None:
        """Column widths, borders and the page setup of a sheet whose ``head`` rows repeat.

        Row 1 is the title: it does not widen its column and has no border.  Widths
        come from the widest cell (wide characters count as 2); cells of the columns
        ``wrap`` below the ``head`` rows wrap their text.  The ``head`` rows (title and
        table header) are printed on every page.
        """
        from openpyxl.utils import get_column_letter

        wrap_cols = set(wrap)
        widths: dict[int, int] = {}
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.value is None:
                    continue
                col = int(cell.column)
                widths[col] = max(widths.get(col, 0), display_width(_cell_text(cell.value)))
                if col in wrap_cols and cell.row > head:
                    cell.alignment = self.wrap
        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), _MAX_WIDTH)
        borders(ws, skip=(1,))
        print_setup(
            ws, title=self.scheme_title, period=self.period, repeat_rows=head, lang=self.lang
        )


def write_excel(
    results: Results, path: PathLike, *, lang: Lang = "zh", overwrite: bool = False
) -> None:
    """:meth:`govperf.Results.to_excel`: a workbook for the performance office.

    Sheets: the ranking (排名); one sheet per top-tier node (a level in Xicheng;
    one sheet named after the tier for a one-tier scheme) with the points of every
    node under it per unit, depth first, and the maximum points in a second header
    row (a column of each unit's maximum beside a node whose maximum differs by unit:
    inside a pool, or by unit group); the rules
    (规则) every unit met, with the missing-data policy and the pairs it filled; and
    one sheet per unit with its explanation.  Sheet names are unique and at most 31
    characters; a unit sheet is named by the unit id when the name would clash, be
    too long or hold a character Excel forbids.  Figures are published numbers with
    the scheme's number of decimals; header rows are frozen.

    Every sheet is laid out for print: a title row (the scheme's title and the
    sheet's name), thin borders round the tables, A4 landscape fitted to the page
    width, the title and header rows repeated on each page, the scheme's title and
    period (``metadata.period``) in the page header, the sheet name and page number
    in the footer.  Text that looks like a formula (a unit named ``=HYPERLINK(…)``) is
    stored as text, never as a formula.

    The workbook is written atomically (to a temporary file renamed into place), so a
    crash leaves an earlier file intact; an existing file is refused with
    :class:`FileExistsError` unless ``overwrite=True``.
    """
    check_lang(lang)
    openpyxl = _require_openpyxl()
    book = _Book(openpyxl, results, lang)
    names = _SheetNames()
    t = _book_text(results.scheme, lang)
    order = [int(u) for u in ranking_order(results)]
    explanations = [results.explain(results.units[u]) for u in order]

    _ranking_sheet(book, names.take(t["ranking"], "ranking"), results, order, lang)
    sch = results.scheme
    if sch.n_tiers == 1:  # one sheet for the whole (flat) tree, named after its tier
        title = sch.tier_name(0, lang)
        _level_sheet(book, names.take(title, "nodes"), results, order, sch.levels, lang)
    else:  # one sheet per top-tier node
        for top in sch.levels:
            title = top.name if lang == "zh" else top.id
            _level_sheet(book, names.take(title, top.id), results, order, (top,), lang)
    _rules_sheet(book, names.take(t["rules"], "rules"), results, explanations, lang)
    for ex in explanations:
        _unit_sheet(book, names.take(ex.name, ex.unit), results, ex, lang)
    _mark_results(book.wb)
    with atomic_path(path, overwrite=overwrite) as tmp:
        book.wb.save(tmp)


def _mark_results(wb: Workbook) -> None:
    """The custom document property ``govperf`` = ``results``: a data folder's reader
    refuses the workbook as data (and an office sees in 属性 what wrote it)."""
    from openpyxl.packaging.custom import StringProperty

    props = wb.custom_doc_props  # type: ignore[attr-defined]  # openpyxl >= 3.1, not in the stubs
    props.append(StringProperty(name="govperf", value="results"))
    wb.properties.creator = "govperf"


def _grade_cell(results: Results, grade: str | None, lang: Lang) -> str | None:
    """A grade as the workbook shows it: 不定等次 for a unit without one when the
    scheme grades units (a rule declares ``grades``), else blank."""
    if grade is not None:
        return grade
    if any(step.plugin.grades for step in results.compiled.rules):
        return label("report.ungraded", lang)
    return None


def _ranking_sheet(book: _Book, title: str, results: Results, order: list[int], lang: Lang) -> None:
    t, h = _book_text(results.scheme, lang), FIXED_HEADERS[lang]
    ws = book.sheet(title)
    keys = ("rank", "unit", "name", "group", "total", "base", "bonus", "deductions")
    keys2 = ("grade", "award_eligible", "vetoes")
    book.title(ws)
    book.row(ws, [h[k] for k in (*keys, *keys2)], bold=True)
    groups = group_names(results.scheme, lang)  # a declared group by its name, not its id
    for ex_unit in order:
        r = results.unit(results.units[ex_unit])
        book.row(
            ws,
            [
                r.rank if r.rank is not None else t["not_ranked"],
                r.unit,
                r.name,
                None if r.group is None else groups.get(r.group, r.group),
                r.total,
                r.base,
                r.bonus,
                r.deductions,
                _grade_cell(results, r.grade, lang),
                t["yes"] if r.award_eligible else t["no"],
                veto_text(results.scheme, r.vetoes, lang),
            ],
        )
    notice = results.missing_notice()
    if notice is not None:  # below the table: the figures above depend on it
        book.row(ws, [])
        book.row(ws, [notice.text(lang)], bold=True)
    ws.freeze_panes = "A3"
    book.finish(ws, head=2)


def _level_sheet(
    book: _Book,
    title: str,
    results: Results,
    order: list[int],
    tops: Sequence[Node],
    lang: Lang,
) -> None:
    t, h = _book_text(results.scheme, lang), FIXED_HEADERS[lang]
    labels = node_labels(results.scheme, lang)
    points = node_points(results, published=True)
    head1: list[Any] = [h["unit"], h["name"]]
    head2: list[Any] = [None, t["max"]]
    columns: list[tuple[str, bool]] = []  # (node id, is unit max)

    def add(node: Node) -> None:  # the node, then its descendants depth first
        head1.append(labels[node.id])
        columns.append((node.id, False))
        if node.points is None or node.points_by_group:
            # a child of a pool (its maximum is the unit's split), or points that
            # differ by unit group: a column with each unit's maximum
            head2.append(t["pooled"] if node.points is None else t["by_group"])
            head1.append(f"{labels[node.id]} {t['unit_max']}")
            head2.append(None)
            columns.append((node.id, True))
        else:
            head2.append(float(node.points))
        if not node.is_leaf:
            for child in node.children:
                add(child)

    for top in tops:
        add(top)
    maxima = {nid: results.max_points(nid) for nid, is_max in columns if is_max}
    ws = book.sheet(title)
    book.title(ws)
    book.row(ws, head1, bold=True)
    book.row(ws, head2, bold=True)
    units = results.data.units
    for u in order:
        values: list[Any] = [units.ids[u], units.names[u]]
        for nid, is_max in columns:
            values.append(float(maxima[nid][u]) if is_max else float(points[nid][u]))
        book.row(ws, values)
    ws.freeze_panes = "C4"
    book.finish(ws, head=3)


def _rules_sheet(
    book: _Book, title: str, results: Results, explanations: list[Explanation], lang: Lang
) -> None:
    t, h = _book_text(results.scheme, lang), FIXED_HEADERS[lang]
    ws = book.sheet(title)
    book.title(ws)
    book.row(
        ws,
        [h["unit"], h["name"], t["rule_id"], t["rule_name"], t["rule_kind"], t["note"]],
        bold=True,
    )
    for ex in explanations:
        for rule in ex.rules:
            book.row(
                ws,
                [
                    ex.unit,
                    ex.name,
                    rule.id,
                    rule.name,
                    rule.kind,
                    rule.zh if lang == "zh" else rule.en,
                ],
            )
    book.row(ws, [])
    book.row(ws, [t["policy"], _policy_text(results.policy.kind, lang)], bold=True)
    notice = results.missing_notice()
    if notice is not None:
        book.row(ws, [notice.text(lang)])
    book.row(ws, [t["filled"]], bold=True)
    if results.filled:
        book.row(
            ws,
            [h["unit"], h["name"], t["sub_id"], t["sub_name"], t["filled_points"]],
            bold=True,
        )
        units = results.data.units
        index = units.index()
        for uid, sid in results.filled:
            u = index[uid]
            pts = float(
                round_half_up(
                    results.leaf_points[u, results.compiled.leaf_ids.index(sid)], results.precision
                )
            )
            book.row(ws, [uid, units.names[u], sid, results.scheme.node(sid).name, pts])
    else:
        book.row(ws, [t["filled_none"]])
    ws.freeze_panes = "A3"
    book.finish(ws, head=2, wrap=(6,))


def _unit_sheet(book: _Book, title: str, results: Results, ex: Explanation, lang: Lang) -> None:
    t, h = _book_text(results.scheme, lang), FIXED_HEADERS[lang]
    r = ex.result
    ws = book.sheet(title)
    book.title(ws, label("score_title", lang, name=ex.name, unit=ex.unit))
    summary: list[tuple[str, Any]] = [
        (h["total"], r.total),
        (h["base"], r.base),
        (h["bonus"], r.bonus),
        (h["deductions"], r.deductions),
        (h["rank"], r.rank if r.rank is not None else t["not_ranked"]),
        (h["grade"], _grade_cell(results, r.grade, lang)),
        (h["award_eligible"], t["yes"] if r.award_eligible else t["no"]),
        (h["vetoes"], veto_text(results.scheme, r.vetoes, lang)),
    ]
    for key, value in summary:
        book.row(ws, [key, value])
    book.row(ws, [])
    book.row(
        ws,
        [
            t["sub_id"],
            t["sub_name"],
            h["points"],
            h["max_points"],
            t["evaluator"],
            t["inputs"],
            t["formula"],
        ],
        bold=True,
    )
    for s in ex.sub_indicators:
        book.row(
            ws,
            [
                s.id,
                s.name,
                s.points,
                s.max_points,
                s.evaluator,
                _inputs_summary(s, lang),
                s.formula.get(lang) or s.formula.get("en", ""),
            ],
        )
    if ex.rules:
        book.row(ws, [])
        book.row(ws, [t["rules"], t["note"]], bold=True)
        for rule in ex.rules:
            book.row(ws, [f"{rule.name} [{rule.id}]", rule.zh if lang == "zh" else rule.en])
    ws.freeze_panes = "A2"
    book.finish(ws, head=1, wrap=(6, 7))
