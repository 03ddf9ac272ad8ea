"""Write empty, correctly headed data files for a scheme: one per assessor and kind.

A performance office sends each assessor (考评主体) its files, prefilled with one row
per unit and sub-indicator (and per answer category for surveys); the assessor fills
the value cells and sends them back; :func:`~govperf.read_data` reads the folder.
A row left empty is "not submitted", and the completeness check reports it.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from attrs import evolve, frozen

from .._labels import LABELS, Lang, check_lang, label
from ..data._data import EvaluationData, Units
from ..output._atomic import atomic_open, atomic_path, refuse_existing
from ..output._sheet import as_text, borders, csv_cell_text, print_setup
from ..output._text import display_width
from ..scheme._model import Scheme
from ..scoring._compile import compile_scheme

__all__ = ["UnitsSource", "write_template"]

UnitsSource = (
    Units
    | EvaluationData
    | Sequence[tuple[str, str] | tuple[str, str, str | None] | Mapping[str, Any] | str]
)
"""Units to prefill: (id, name) or (id, name, group) tuples, ``{"id", "name", "group"}``
mappings, plain ids, :class:`~govperf.Units` or the units of an
:class:`~govperf.EvaluationData`."""

UNASSIGNED = label("template.unassigned")
"""The file-name prefix of leaves and rules whose scheme names no assessor (未指定考评主体)."""

_UNSAFE_FILE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?", re.IGNORECASE)
_UNSAFE_SHEET = re.compile(r"[\[\]:*?/\\]")


@frozen(kw_only=True)
class _Plan:
    """One file or sheet to write: its base name, header (column names), the header as
    written (Chinese by default), rows and the assessor who fills it in (none for the
    units and splits tables)."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    shown: tuple[str, ...] = ()
    assessor: str | None = None


def _shown(p: _Plan, scheme: Scheme, lang: Lang) -> tuple[str, ...]:
    """The header as written: Chinese headers (``template.col.`` labels, by the table's
    kind where a column's Chinese name depends on it; each one an alias the readers
    accept, see :data:`govperf.io._tables.ALIASES`), or the column names in English."""
    if lang == "en":
        return p.header
    generic = scheme.tier_name(scheme.n_tiers - 1) != label("template.col.sub_indicator")
    header = set(p.header)
    out = []
    for name in p.header:
        key = f"template.col.{name}"
        if name == "name" and p.name == "units":
            key = "template.col.unit_name"
        elif name == "points" and p.name == "splits":
            key = "template.col.split_points"
        elif name == "points" and "rule" in header and _deducts(scheme, p):
            key = "template.col.deduction_points"
        elif name == "count" and "type" in header:
            key = "template.col.incidents"
        elif name in ("sub_indicator", "sub_indicator_name") and generic:
            key = f"template.col.generic_{name}"
        out.append(label(key, lang) if key in LABELS else name)
    return tuple(out)


def _deducts(scheme: Scheme, p: _Plan) -> bool:
    rule_id = p.name.rpartition("-")[2]
    return rule_id in {r.id for r in scheme.rules} and scheme.rule(rule_id).kind == "deduction"


def _unit_rows(units: UnitsSource | None) -> list[tuple[str, str, str | None]]:
    if units is None:
        return []
    if isinstance(units, EvaluationData):
        units = units.units
    if isinstance(units, Units):
        return list(zip(units.ids, units.names, units.groups, strict=True))
    out: list[tuple[str, str, str | None]] = []
    for item in units:
        if isinstance(item, str):
            out.append((item, item, None))
        elif isinstance(item, Mapping):
            uid = str(item.get("id", item.get("unit")))
            out.append((uid, str(item.get("name") or uid), item.get("group")))
        elif len(item) == 2:
            out.append((str(item[0]), str(item[1]), None))
        else:
            out.append((str(item[0]), str(item[1]), None if item[2] is None else str(item[2])))
    return out


def _kind_name(columns: Mapping[str, str], optional: Mapping[str, str], evaluator: str) -> str:
    """``value`` for every one-value evaluator (direct, bands, piecewise, rank)."""
    if list(columns) == ["value"] and not optional:
        return "value"
    return evaluator


def plan(scheme: Scheme, units: UnitsSource | None) -> list[_Plan]:
    """The tables a template holds, in writing order."""
    compiled = compile_scheme(scheme)
    unit_rows = _unit_rows(units)
    plans = [
        _Plan(
            name="units",
            header=("unit", "name", "group"),
            rows=tuple((u, n, g) for u, n, g in unit_rows),
        )
    ]
    pooled = [leaf.sub for leaf in compiled.leaves if leaf.pooled]
    if pooled:
        plans.append(
            _Plan(
                name="splits",
                header=(
                    "unit",
                    "unit_name",
                    "sub_indicator",
                    "sub_indicator_name",
                    "points",
                    "remark",
                ),
                rows=tuple(
                    (u, n, sub.id, sub.name, None, None) for sub in pooled for u, n, _ in unit_rows
                ),
            )
        )
    groups: dict[tuple[str, str], list[Any]] = {}
    for leaf in compiled.leaves:
        columns = dict(leaf.plugin.columns)
        optional = dict(leaf.plugin.optional_columns)
        kind = _kind_name(columns, optional, leaf.sub.evaluator.kind if leaf.sub.evaluator else "")
        for assessor in [a.name for a in leaf.sub.assessors] or [UNASSIGNED]:
            groups.setdefault((assessor, kind), []).append(leaf)
    for (assessor, kind), leaves in groups.items():
        value_cols: list[str] = []
        for leaf in leaves:
            for col in (*leaf.plugin.columns, *leaf.plugin.optional_columns):
                if col not in value_cols:
                    value_cols.append(col)
        header = ("unit", "unit_name", "sub_indicator", "sub_indicator_name", *value_cols, "remark")
        rows: list[tuple[str | None, ...]] = []
        for leaf in leaves:
            prefill: tuple[Mapping[str, str | None], ...] = leaf.plugin.template_rows(
                leaf.params
            ) or ({},)
            for u, n, _ in unit_rows:
                for given in prefill:
                    cells: dict[str, str | None] = {
                        "unit": u,
                        "unit_name": n,
                        "sub_indicator": leaf.sub.id,
                        "sub_indicator_name": leaf.sub.name,
                        **given,
                    }
                    rows.append(tuple(cells.get(h) for h in header))
        plans.append(
            _Plan(name=f"{assessor}-{kind}", header=header, rows=tuple(rows), assessor=assessor)
        )
    for step in compiled.rules:
        cols = step.plugin.template_columns(step.params)
        if not cols:
            continue  # grades and exclusions read no events
        rule = scheme.rule(step.id)
        assessor = rule.assessors[0].name if rule.assessors else UNASSIGNED
        plans.append(
            _Plan(
                name=f"{assessor}-{rule.id}",
                header=("unit", "unit_name", "rule", "rule_name", *cols, "remark"),
                rows=(),
                assessor=assessor,
            )
        )
    return plans


def _file_name(name: str) -> str:
    """``name`` as a file name that Windows accepts too: the characters it forbids and
    control characters as ``_``, no trailing dot or space, a device name (``CON``,
    ``NUL``, ``COM1`` …) followed by ``_``."""
    safe = _UNSAFE_FILE.sub("_", name).rstrip(" .") or "_"
    return f"{safe}_" if _RESERVED.fullmatch(safe) else safe


def _books(plans: list[_Plan]) -> list[tuple[str, list[_Plan]]]:
    """The workbooks of a per-assessor template: (file stem, sheets), each assessor's
    in the order the scheme names them, every one led by the units sheet.  The splits
    sheet (when the scheme pools points) is a workbook of its own, so that the copies
    read together hold it once."""
    units = plans[0]
    books: dict[str, list[_Plan]] = {}
    for p in plans[1:]:
        owner = p.assessor or label("template.splits_book")
        books.setdefault(owner, [units]).append(p)
    stems = _unique([_file_name(owner) for owner in books], fold=True, limit=None)
    return list(zip(stems, books.values(), strict=True))


def _unique(names: list[str], fold: bool, limit: int | None) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        base = name if limit is None else name[:limit]
        candidate, k = base, 2
        while (candidate.casefold() if fold else candidate) in seen:
            suffix = f"~{k}"
            candidate = (base if limit is None else base[: limit - len(suffix)]) + suffix
            k += 1
        seen.add(candidate.casefold() if fold else candidate)
        out.append(candidate)
    return out


def write_template(
    scheme: Scheme,
    out: str | os.PathLike[str],
    *,
    units: UnitsSource | None = None,
    format: Literal["csv", "xlsx"] = "csv",
    overwrite: bool = False,
    lang: Lang = "zh",
) -> list[Path]:
    """Write empty data files for every assessor of ``scheme``; return the paths written.

    With ``format="csv"`` ``out`` is a folder (created if needed) that receives
    ``units.csv``, ``splits.csv`` (when the scheme pools points), one file per
    assessor and kind of table named with the assessor's Chinese name
    (``区监察局-value.csv``, ``区监察局-survey.csv``) and one events file per rule that
    reads events (``区政府绩效办-innovation_bonus.csv``).  CSV files are written as UTF-8
    with a BOM, which Excel opens with Chinese intact.  With ``format="xlsx"`` the same
    tables are sheets of workbooks: with ``out`` a folder, one workbook per assessor
    (``<out>/区监察局.xlsx``) holding that assessor's sheets, each led by the ``units``
    sheet, and ``分值分配.xlsx`` with the ``splits`` sheet when the scheme pools points;
    with ``out`` ending in ``.xlsx``, every sheet in that one workbook.  The returned
    copies of a per-assessor template read together as a data folder (their units
    sheets, when they agree, as one units list).

    File names are the assessor's name, made safe for Windows too: ``\\ / : * ? " < >
    |`` and control characters become ``_``, a trailing dot or space is dropped, a
    device name such as ``CON`` gets a ``_``, and names that would clash (also
    case-insensitively) get ``~2``, ``~3`` ….

    When ``units`` are given, records files get one row per unit and sub-indicator
    (one per answer category for surveys) with ``unit``, ``unit_name``,
    ``sub_indicator`` and ``sub_indicator_name`` filled, and ``units.csv`` lists
    them; otherwise the files hold headers only.  An existing file is never
    overwritten unless ``overwrite=True``: :class:`FileExistsError` names every one
    before anything is written.  Each file is written atomically (a temporary file
    renamed into place), so a crash never leaves half a file.

    Text that looks like a formula (a unit named ``=HYPERLINK(…)``) is written as
    text: with a leading ``'`` in CSV (which :func:`~govperf.read_data` drops again),
    as a string cell in the workbook.  The workbook's sheets print on A4 landscape,
    fitted to the width, with the header row repeated on every page and the scheme's
    title and period in the page header; the header row is the first row, so a
    returned copy reads back as it is.

    Headers are Chinese (单位编号, 单位名称, 二级指标, 类别, 人数, 备注 …), each one an
    alias that the readers accept; ``lang="en"`` writes the column names instead
    (``unit``, ``unit_name``, ``sub_indicator`` …).
    """
    if format not in ("csv", "xlsx"):
        raise ValueError(f"format must be 'csv' or 'xlsx', got {format!r}")
    lang = check_lang(lang)
    plans = [evolve(p, shown=_shown(p, scheme, lang)) for p in plan(scheme, units)]
    target = Path(out)
    if format == "xlsx":
        if target.suffix.lower() == ".xlsx":
            refuse_existing([target], overwrite)
            _write_xlsx(target, plans, scheme, overwrite)
            return [target]
        books = [(target / f"{stem}.xlsx", sheets) for stem, sheets in _books(plans)]
        refuse_existing([book for book, _ in books], overwrite)
        for book, sheets in books:
            _write_xlsx(book, sheets, scheme, overwrite)
        return [book for book, _ in books]
    names = _unique([_file_name(p.name) for p in plans], fold=True, limit=None)
    paths = [target / f"{n}.csv" for n in names]
    refuse_existing(paths, overwrite)
    target.mkdir(parents=True, exist_ok=True)
    for path, p in zip(paths, plans, strict=True):
        with atomic_open(path, encoding="utf-8-sig", newline="", overwrite=overwrite) as fh:
            writer = csv.writer(fh)
            writer.writerow(p.shown)
            writer.writerows(["" if c is None else csv_cell_text(c) for c in row] for row in p.rows)
    return paths


def _write_xlsx(book: Path, plans: list[_Plan], scheme: Scheme, overwrite: bool) -> None:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "writing .xlsx templates needs openpyxl: pip install 'govperf[excel]'"
        ) from exc
    titles = _unique([_UNSAFE_SHEET.sub("_", p.name) for p in plans], fold=True, limit=31)
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    text_columns = {"unit", "sub_indicator", "category", "rule", "rater", "task", "item"}
    bold = Font(bold=True)
    precision = scheme.scoring.precision
    points_format = "0." + "0" * precision if precision > 0 else "0"
    scheme_title = scheme.title
    for title, p in zip(titles, plans, strict=True):
        ws = wb.create_sheet(title)
        ws.append(list(p.shown))
        for cell in ws[1]:
            cell.font = bold
        for row in p.rows:
            ws.append(list(row))
            as_text(ws[ws.max_row])  # a unit named "=HYPERLINK(…)" stays text
        for j, name in enumerate(p.header, start=1):
            if name in text_columns:  # keep ids such as 001 as text
                fmt: str | None = "@"
            elif name == "points":  # a split, to the scheme's precision
                fmt = points_format
            else:
                fmt = None
            if fmt is not None:
                for r in range(2, len(p.rows) + 2):
                    ws.cell(row=r, column=j).number_format = fmt
        _widths(ws, p)
        borders(ws)
        ws.freeze_panes = "A2"
        print_setup(ws, title=scheme_title, period=scheme.metadata.period, repeat_rows=1)
    with atomic_path(book, overwrite=overwrite) as tmp:
        wb.save(tmp)


def _widths(ws: Any, p: _Plan) -> None:
    """Columns as wide as their widest cell (wide characters count as 2), at most 50."""
    from openpyxl.utils import get_column_letter

    for j, name in enumerate(p.shown or p.header):
        cells = [name, *("" if row[j] is None else str(row[j]) for row in p.rows)]
        width = max(display_width(c) for c in cells)
        ws.column_dimensions[get_column_letter(j + 1)].width = min(max(width + 2, 8), 50)
