"""Workbooks of every kind an office sends: .xlsx, .xls and .et (WPS), and what is not data.

Which reader reads a workbook:

* ``.xls`` (Excel 97–2003) and ``.et`` (WPS Spreadsheets) are read through
  python-calamine (the ``excel`` or ``calamine`` extra).  Without it the file is
  reported with the advice to install it or to save the file as ``.xlsx``
  (文件 → 另存为 → Excel 工作簿 .xlsx).
* ``.xlsx`` is read through python-calamine when it is installed (several times
  faster than openpyxl), else through openpyxl.  Both give the same cells: whole
  numbers are ``int``, a date is a ``datetime``, an empty cell is ``None``.  A
  workbook whose cells use a percentage number format is read by openpyxl, which
  sees the format (``95%`` shown, ``0.95`` stored, is read as 95); so is a workbook
  calamine cannot read, so that its problem is worded the same either way.

What a data folder may hold besides data, and how it is told apart:

* note sheets (:func:`is_note`): a sheet or CSV file named 说明, 填表说明, 汇总 or
  目录, or whose name starts with ``#``, or that matches a name given to
  :func:`~govperf.read_data` (``ignore=``, ``--ignore`` on the command line), is
  skipped; ``govperf check`` lists what it skipped;
* govperf's own results workbook (written by ``govperf score -o results.xlsx``) is
  refused (:func:`results_workbook`): it carries the custom document property
  ``govperf`` = ``results``, and a copy re-saved without it is still known by its
  sheets (排名 first, then 规则, or Ranking and Rules).
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from importlib.util import find_spec
from pathlib import Path

from .._limits import DEFAULT_LIMITS, Limits
from ..exceptions import Problem, msg
from ._tables import Cell, RawTable, _failure, _unpacked_size, over_limit, read_xlsx

__all__ = [
    "CALAMINE_SUFFIXES",
    "NOTE_NAMES",
    "RESULTS_MARKER",
    "WORKBOOK_SUFFIXES",
    "has_calamine",
    "is_note",
    "read_workbook",
    "results_workbook",
]

WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".et")
"""The workbook file types read."""

CALAMINE_SUFFIXES = (".xls", ".et")
"""The workbook file types only python-calamine reads."""

NOTE_NAMES = ("说明", "填表说明", "汇总", "目录")
"""Sheet and file names that hold notes for people, never data (besides ``#…``)."""

RESULTS_MARKER = ("govperf", "results")
"""The custom document property (name, value) of govperf's results workbook."""


def has_calamine() -> bool:
    """Whether python-calamine is installed (checked without importing it)."""
    return find_spec("python_calamine") is not None


def _plain(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip()


def is_note(name: str, ignore: Iterable[str] = ()) -> bool:
    """Whether the sheet or file stem ``name`` is a note to skip, not data.

    A note is named 说明, 填表说明, 汇总 or 目录 (:data:`NOTE_NAMES`), starts with
    ``#``, or matches one of ``ignore``: names or shell patterns (``备注*``), compared
    after Unicode NFKC and without surrounding spaces, English letters in any case.
    """
    text = _plain(name)
    if text.startswith("#") or text in NOTE_NAMES:
        return True
    folded = text.casefold()
    return any(fnmatch.fnmatchcase(folded, _plain(p).casefold()) for p in ignore)


def results_workbook(path: Path, names: list[str]) -> bool:
    """Whether the workbook at ``path`` with sheets ``names`` is govperf's results workbook.

    Known by the custom document property :data:`RESULTS_MARKER` (an ``.xlsx``), or
    by its sheets: the ranking first (排名 / Ranking) and a rules sheet (规则 / Rules).
    """
    if names:
        first = names[0].strip().casefold()
        rest = {n.strip().casefold() for n in names[1:]}
        if (first == "排名" and "规则" in rest) or (first == "ranking" and "rules" in rest):
            return True
    return _has_marker(path)


_PROPERTY = re.compile(
    r'<property\b[^>]*\bname="([^"]*)"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', re.DOTALL
)


def _has_marker(path: Path) -> bool:
    """Whether an ``.xlsx`` carries the results marker in ``docProps/custom.xml``."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/custom.xml")
            if info.file_size > 1_000_000:
                return False
            text = z.read(info).decode("utf-8", errors="replace")
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return any((n, v.strip()) == RESULTS_MARKER for n, v in _PROPERTY.findall(text))


def read_workbook(
    path: Path, label_: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[RawTable], list[Problem]]:
    """Every sheet of an ``.xlsx``, ``.xls`` or ``.et`` workbook, through the reader that fits.

    The same limits hold whichever reader reads (:class:`~govperf.Limits`: rows,
    columns and cell length; an ``.xlsx``'s unpacked size, checked by openpyxl's
    reader before anything is unpacked).  govperf's own results workbook is refused
    with one problem.
    """
    suffix = path.suffix.lower()
    if suffix in CALAMINE_SUFFIXES:
        if not has_calamine():
            return [], [
                Problem(
                    msg=msg("folder.needs_calamine", ext=suffix),
                    file=label_,
                    code="dependency",
                )
            ]
        tables, problems = _read_calamine(path, label_, limits)
    elif has_calamine() and _calamine_fits(path, limits):
        tables, problems = _read_calamine(path, label_, limits, exact=True)
        if problems:  # openpyxl words the problem of a broken or oversized .xlsx
            tables, problems = read_xlsx(path, label_, limits)
    else:
        tables, problems = read_xlsx(path, label_, limits)
    if not problems and results_workbook(path, [t.name for t in tables]):
        return [], [Problem(msg=msg("folder.results_book"), file=label_, code="results")]
    return tables, problems


_NUM_FMT = re.compile(r'<numFmt\b[^>]*\bnumFmtId="(\d+)"[^>]*\bformatCode="([^"]*)"')
_XFS = re.compile(r"<cellXfs\b.*?</cellXfs>", re.DOTALL)
_XF_FMT = re.compile(r'<xf\b[^>]*\bnumFmtId="(\d+)"')
_PERCENT_IDS = {"9", "10"}
"""The built-in number formats 0% and 0.00%."""


def _calamine_fits(path: Path, limits: Limits) -> bool:
    """Whether calamine reads this ``.xlsx`` as openpyxl would: no percentage styles, and
    an unpacked size within the limit (else openpyxl's reader reports it)."""
    unpacked = _unpacked_size(path)
    if unpacked is not None and unpacked > limits.workbook_unpacked_bytes:
        return False
    return not _percent_styles(path) and _compact_sheets(path, limits)


_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_WIDE = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{2,3})\d+"')
_CELL = re.compile(rb"<(?:\w+:)?c[ >]")


def _compact_sheets(path: Path, limits: Limits) -> bool:
    """Whether every sheet's used range is within the row and column limits and not much
    larger than the cells it holds.

    calamine holds a sheet as a dense range: a cell numbered far away (row 99,999,999
    in a small file) would make it allocate that many rows.  Such a sheet is left to
    openpyxl's streaming reader, which reports the limit it goes over.
    """
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                data = z.read(name)
                rows = max((int(r) for r in _ROW.findall(data)), default=0)
                rows = max(rows, data.count(b"<row"))
                cols = max((_col(c) for c in _WIDE.findall(data)), default=1)
                cells = len(_CELL.findall(data))
                if rows > limits.rows + 1 or cols > limits.columns:
                    return False
                if rows * cols > 4 * cells + 65_536:  # columns A to Z count as one
                    return False
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return False
    return True


def _col(letters: bytes) -> int:
    """The 1-based column of ``b"AB"``."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _percent_styles(path: Path) -> bool:
    """Whether a cell style of the ``.xlsx`` uses a percentage number format.

    Such a workbook is read by openpyxl, which applies the format per cell; a file
    whose styles cannot be read at all counts as having them (openpyxl decides).
    """
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.lower() == "xl/styles.xml"]
            if not names:
                return False
            if z.getinfo(names[0]).file_size > 16_000_000:
                return True
            text = z.read(names[0]).decode("utf-8", errors="replace")
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return True
    percent = set(_PERCENT_IDS)
    for fid, code in _NUM_FMT.findall(text):
        if "%" in re.sub(r'"[^"]*"|\\.', "", code.replace("&quot;", '"')):
            percent.add(fid)
    xfs = _XFS.search(text)
    return xfs is not None and any(f in percent for f in _XF_FMT.findall(xfs.group(0)))


def _read_calamine(
    path: Path, label_: str, limits: Limits, *, exact: bool = False
) -> tuple[list[RawTable], list[Problem]]:
    """Every worksheet through python-calamine (chart and macro sheets are not tables).

    A sheet's size is checked against the row and column limits before its cells are
    read, and cell lengths after.  With ``exact``, a cell that openpyxl would read
    otherwise (a number cell holding ``NaN``, which openpyxl refuses) is a problem, so
    that the caller reads the file with openpyxl instead.
    """
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    data = path.read_bytes()
    kind = path.suffix.lower()
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # not a workbook, encrypted, broken: whatever calamine raises
        why = msg("folder.unreadable_book", ext=kind, why=_failure(exc))
        return [], [Problem(msg=why, file=label_, code="xlsx")]
    tables: list[RawTable] = []
    try:
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            source = f"{label_}[{meta.name}]"
            try:
                sheet = book.get_sheet_by_name(meta.name)
                over = _size_limits(sheet.end, source, limits)
                if over is not None:
                    return [], [over]
                cells = sheet.to_python(skip_empty_area=False)
            except Exception as exc:  # a broken sheet
                why = msg("folder.unreadable_sheet", why=_failure(exc))
                return [], [Problem(msg=why, file=source, code="xlsx")]
            rows = [tuple(_cell(c) for c in row) for row in cells]
            over = _field_limit(rows, source, limits)
            if over is not None:
                return [], [over]
            if exact and any(
                isinstance(c, float) and not math.isfinite(c) for r in rows for c in r
            ):
                return [], [
                    Problem(message="a number cell is not finite", file=source, code="xlsx")
                ]
            tables.append(
                RawTable(
                    source=source,
                    name=meta.name,
                    header=rows[0] if rows else (),
                    rows=tuple((i, row) for i, row in enumerate(rows[1:], start=2)),
                )
            )
    finally:
        book.close()
    return tables, []


def _size_limits(end: tuple[int, int] | None, source: str, limits: Limits) -> Problem | None:
    """The problem when a sheet's used range (0-based last row and column) is too large,
    worded as openpyxl's reader words it."""
    if end is None:
        return None
    last_row, last_col = end[0] + 1, end[1] + 1
    if last_row > limits.rows + 1:
        return over_limit(
            f"the sheet has more than the limit of {limits.rows:,} data rows",
            "rows",
            file=source,
            line=limits.rows + 2,
        )
    if last_col > limits.columns:
        return over_limit(
            f"the sheet has cells beyond the limit of {limits.columns:,} columns",
            "columns",
            file=source,
        )
    return None


def _field_limit(rows: list[tuple[Cell, ...]], source: str, limits: Limits) -> Problem | None:
    """The problem when a cell holds more characters than the limit."""
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, str) and len(value) > limits.field_chars:
                return over_limit(
                    f"cell {_ref(col, number)} is longer than the limit of "
                    f"{limits.field_chars:,} characters",
                    "field_chars",
                    file=source,
                    line=number,
                )
    return None


def _ref(col: int, row: int) -> str:
    """``B7`` for the 0-based column 1 of row 7."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


_EXACT = 2**53


def _cell(value: Cell) -> Cell:
    """A calamine cell as openpyxl gives it: ``None`` for empty, whole numbers as ``int``,
    a date as a ``datetime`` at midnight."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT:
        return int(value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return _dt.datetime(value.year, value.month, value.day)
    return value
