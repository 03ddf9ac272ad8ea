"""Raw tables from data files: CSV files and workbook sheets, cells untouched.

A :class:`RawTable` is what a file says, before any meaning is given to it: a name
(the file stem or the sheet name), a header row and the data rows, each with the
line or row number people see in a spreadsheet program.  Header names are mapped to
govperf's column names (English identifiers, or the Chinese aliases of
:data:`ALIASES`) and cells are parsed by :func:`parse_number` and :func:`parse_text`.

Files are only ever opened for reading.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

from attrs import frozen

from .._limits import DEFAULT_LIMITS, Limits
from .._text import nfc
from ..exceptions import Problem
from ..output._sheet import csv_cell_plain

__all__ = [
    "ALIASES",
    "INFO_COLUMNS",
    "Cell",
    "RawTable",
    "canonical_header",
    "is_empty",
    "parse_number",
    "parse_text",
    "read_csv",
    "read_xlsx",
]

Cell = Any
"""A cell as read: ``str``, ``int``, ``float``, ``bool``, a date or ``None``."""

INFO_COLUMNS = ("unit_name", "sub_indicator_name", "rule_name", "assessor", "remark")
"""Columns allowed in every table and ignored: names and notes for people."""

ALIASES: dict[str, str] = {
    "单位编号": "unit",
    "单位名称": "unit_name",
    "分组": "group",
    "二级指标": "sub_indicator",
    "二级指标名称": "sub_indicator_name",
    "规则": "rule",
    "分值": "value",
    "得分": "value",
    "评分人": "rater",
    "评分": "score",
    "类别": "category",
    "人数": "count",
    "任务": "task",
    "权重": "weight",
    "方向": "direction",
    "目标值": "target",
    "挑战值": "challenge",
    "实际值": "actual",
    "类型": "type",
    "次数": "count",
    "事项": "item",
    "加分": "points",
    "触发": "trigger",
    "说明": "note",
    "分配分值": "points",
    "考评主体": "assessor",
    "备注": "remark",
    "规则名称": "rule_name",
    "指标编号": "sub_indicator",
    "指标名称": "sub_indicator_name",
    "扣分": "points",
    "级别": "tier",
    "否决事由": "trigger",
    "分子": "numerator",
    "分母": "denominator",
}
"""Chinese header names and the column each stands for.

In the ``units`` table 单位名称 is the unit's ``name``; everywhere else it is the
informational ``unit_name``.
"""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


@frozen(kw_only=True)
class RawTable:
    """One table as read from a file.

    ``source`` names it in messages (``units.csv``, ``book.xlsx[区监察局-value]``);
    ``name`` is the file stem or sheet name (it picks the ``units`` and ``splits``
    tables); ``header`` holds the header cells as read (line 1); ``rows`` holds
    ``(line, cells)`` pairs for every data row, cells in header order.
    """

    source: str
    name: str
    header: tuple[Cell, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]

    @property
    def is_blank(self) -> bool:
        """True when the table has no non-empty cell at all (an unused sheet)."""
        return all(is_empty(c) for c in self.header) and all(
            is_empty(c) for _, cells in self.rows for c in cells
        )


def is_empty(cell: Cell) -> bool:
    """``None`` and text of only whitespace are empty cells."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def canonical_header(raw: str, kind: str, allowed: frozenset[str] | set[str]) -> str | None:
    """The column name a header stands for, or ``None`` if it is not allowed in ``kind``.

    Headers are compared after stripping whitespace; English names ignore case and
    Chinese names go through :data:`ALIASES` (单位名称 is ``name`` in ``units``).
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    name = "name" if kind == "units" and text == "单位名称" else ALIASES.get(text, text.lower())
    return name if name in allowed else None


def parse_number(cell: Cell) -> tuple[float | None, str | None]:
    """A number cell: ``(value, None)``, ``(None, None)`` when empty, or ``(None, why)``.

    Numbers are read from numeric cells or from text such as ``"1.5"``, ``" 2 "`` or
    ``"95%"`` (the ``%`` is dropped and the number stays in percent: 95).  Full-width
    digits are read as digits.  ``NaN``, ``inf`` and any other text are refused.
    """
    if cell is None:
        return None, None
    if isinstance(cell, bool):
        return None, f"{cell!r} is not a number"
    if isinstance(cell, (int, float)):
        try:
            value = float(cell)
        except OverflowError:  # an integer beyond the range of a float
            return None, f"{_shown(cell)} is too large a number"
        if not math.isfinite(value):
            return None, f"{_shown(cell)} is not a finite number"
        return value, None
    if isinstance(cell, str):
        text = unicodedata.normalize("NFKC", cell).strip()
        if not text:
            return None, None
        body = text[:-1].rstrip() if text.endswith("%") else text
        if not _NUMBER.fullmatch(body):
            return None, f"{_shown(cell.strip())} is not a number"
        value = float(body)
        if not math.isfinite(value):  # "1e400" overflows to inf
            return None, f"{_shown(cell.strip())} is not a finite number"
        return value, None
    return None, f"{_shown(cell)} is not a number"


_SHOWN = 40
"""How many characters of a cell a message quotes."""


def _shown(cell: Cell) -> str:
    """The cell as quoted in a message: its repr, cut to a few dozen characters."""
    if isinstance(cell, int) and not isinstance(cell, bool) and cell.bit_length() > 128:
        return f"a {len(str(cell)) if cell.bit_length() < 14_000 else 'many'}-digit integer"
    text = repr(cell) if isinstance(cell, str) else str(cell)
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}… ({len(text)} characters)"


def parse_text(cell: Cell) -> str | None:
    """A text cell: stripped text in Unicode NFC, or ``None`` when empty.

    Whole numbers from a spreadsheet (a unit id ``101`` typed as a number) become
    ``"101"``, not ``"101.0"``.
    """
    if cell is None:
        return None
    if isinstance(cell, str):
        text = nfc(cell.strip())
        return text or None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (_dt.datetime, _dt.date)):
        return cell.isoformat()
    return str(cell)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else GB18030 (what Excel on Chinese Windows saves)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def over_limit(what: str, key: str, **where: Any) -> Problem:
    """The problem of an input over one of its :class:`~govperf.Limits`, naming how to
    raise the limit (the ``Limits`` field and the command line's ``--limit`` key)."""
    return Problem(
        message=f"{what}; reading stopped here (raise the limit with Limits({key}=…) or "
        f"--limit {key.removesuffix('_bytes')}=…)",
        code="too-large",
        **where,
    )


def read_csv(
    path: Path, label: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[RawTable | None, list[Problem]]:
    """Read a comma-separated file; the header is line 1.

    A file with nothing but whitespace is reported empty.  The limits on rows, columns
    and the length of a field (:class:`~govperf.Limits`) are checked record by record:
    the first record over one is reported at its line and reading stops there.

    Line numbers are the lines of the file where each record starts, so a cell with
    a quoted line break does not shift the numbers of the rows after it.
    """
    data = path.read_bytes()
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                message=f"the file is neither UTF-8 nor GB18030 text ({exc.reason} at byte "
                f"{exc.start})",
                file=label,
                code="encoding",
            )
        ]
    del data
    if not text.strip():
        return None, [
            Problem(message="the file is empty (no header, no rows)", file=label, code="empty-file")
        ]
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    header: tuple[Cell, ...] | None = None
    start = 1
    before = csv.field_size_limit(limits.field_chars)
    try:
        for record in reader:
            line = start
            start = reader.line_num + 1
            if len(record) > limits.columns:
                return None, [
                    over_limit(
                        f"the {'header' if header is None else 'row'} has {len(record):,} "
                        f"cells, over the limit of {limits.columns:,} columns",
                        "columns",
                        file=label,
                        line=line,
                    )
                ]
            if header is None:
                header = tuple(record)
                continue
            if len(rows) == limits.rows:
                return None, [
                    over_limit(
                        f"the table has more than the limit of {limits.rows:,} data rows",
                        "rows",
                        file=label,
                        line=line,
                    )
                ]
            rows.append((line, tuple(csv_cell_plain(c) for c in record)))  # '=x → =x
    except csv.Error as exc:
        why = str(exc)
        if "field larger than field limit" in why:
            return None, [
                over_limit(
                    f"a cell is longer than the limit of {limits.field_chars:,} characters",
                    "field_chars",
                    file=label,
                    line=start,
                )
            ]
        return None, [
            Problem(
                message=f"not a readable CSV file: {_failure(why)}",
                file=label,
                line=start,
                code="csv",
            )
        ]
    finally:
        csv.field_size_limit(before)
    return RawTable(source=label, name=path.stem, header=header or (), rows=tuple(rows)), []


def read_xlsx(
    path: Path, label: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[RawTable], list[Problem]]:
    """Read every sheet of a workbook (values as last saved, read-only).

    A numeric cell formatted as a percentage (Excel shows ``95%``, stores ``0.95``)
    is read as 95, the number shown, exactly as the text ``"95%"`` is.

    The workbook's unpacked size is checked before it is parsed; rows, columns and
    cell lengths (:class:`~govperf.Limits`) while each sheet is read.  The size a sheet
    declares for itself is ignored (a hostile one would make every row 16,384 cells
    wide), and empty rows are not kept.
    """
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - depends on the environment
        return [], [
            Problem(
                message="reading .xlsx files needs openpyxl: pip install 'govperf[excel]'",
                file=label,
                code="dependency",
            )
        ]
    unpacked = _unpacked_size(path)
    if unpacked is not None and unpacked > limits.workbook_unpacked_bytes:
        return [], [
            over_limit(
                f"the workbook unpacks to {unpacked:,} bytes, over the limit of "
                f"{limits.workbook_unpacked_bytes:,} bytes",
                "workbook_unpacked_bytes",
                file=label,
            )
        ]
    # opened here, so that it is closed however openpyxl fails (it leaves its own open)
    with path.open("rb") as stream:
        return _read_book(load_workbook, stream, label, limits)


def _read_book(
    load_workbook: Any, stream: Any, label: str, limits: Limits
) -> tuple[list[RawTable], list[Problem]]:
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except OSError:
        raise  # the caller names the file that cannot be opened
    except Exception as exc:  # a broken zip, XML or styles part: whatever openpyxl raises
        return [], [
            Problem(
                message=f"not a readable .xlsx workbook: {_failure(exc)}", file=label, code="xlsx"
            )
        ]
    tables: list[RawTable] = []
    try:
        for sheet in book.worksheets:
            source = f"{label}[{sheet.title}]"
            header: tuple[Cell, ...] = ()
            rows: list[tuple[int, tuple[Cell, ...]]] = []
            number = 0
            try:
                reset = getattr(sheet, "reset_dimensions", None)
                if reset is not None:
                    reset()  # read what the sheet holds, not what its header claims
                for number, row in enumerate(sheet.iter_rows(), start=1):
                    over = _xlsx_limits(row, number, source, limits)
                    if over is not None:
                        return [], [over]
                    cells = tuple(_xlsx_value(c) for c in row)
                    if number == 1:
                        header = cells
                    elif any(c is not None for c in cells):
                        rows.append((number, cells))
            except Exception as exc:  # broken sheet XML, a cell that is not what it says
                where = number + 1
                bad = _bad_number_cell(book, sheet, where)
                if bad is None:
                    message = f"the sheet cannot be read at row {where}: {_failure(exc)}"
                    return [], [Problem(message=message, file=source, line=where, code="xlsx")]
                ref, text = bad
                letters = ref.rstrip("0123456789")
                column = sum(
                    (ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letters.upper()))
                )
                message = (
                    f"cell {ref} is stored as a number but holds {text!r}, which is not a "
                    "number (type the number again, or clear the cell)"
                )
                return [], [
                    Problem(
                        message=message,
                        file=source,
                        line=where,
                        column=column or None,
                        code="xlsx",
                    )
                ]
            tables.append(
                RawTable(source=source, name=sheet.title, header=header, rows=tuple(rows))
            )
    finally:
        book.close()
    return tables, []


def _unpacked_size(path: Path) -> int | None:
    """The declared unpacked size of a zip file's members (``None`` if not a zip: the
    workbook reader then says what is wrong)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _xlsx_limits(row: tuple[Any, ...], number: int, source: str, limits: Limits) -> Problem | None:
    """The problem when row ``number`` of a sheet goes over a limit."""
    if number > limits.rows + 1:
        return over_limit(
            f"the sheet has more than the limit of {limits.rows:,} data rows",
            "rows",
            file=source,
            line=number,
        )
    if len(row) > limits.columns and any(c.value is not None for c in row[limits.columns :]):
        return over_limit(
            f"the row has cells beyond the limit of {limits.columns:,} columns",
            "columns",
            file=source,
            line=number,
        )
    for cell in row:
        value = cell.value
        if isinstance(value, str) and len(value) > limits.field_chars:
            return over_limit(
                f"cell {getattr(cell, 'coordinate', '?')} is longer than the limit of "
                f"{limits.field_chars:,} characters",
                "field_chars",
                file=source,
                line=number,
            )
    return None


def _bad_number_cell(book: Any, sheet: Any, number: int) -> tuple[str, str] | None:
    """The reference and text of a cell in row ``number`` stored as a number that is
    not one (``<v>NaN</v>``), found in the sheet's XML; ``None`` if there is none."""
    from xml.etree.ElementTree import iterparse

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    try:
        with book._archive.open(sheet._worksheet_path) as src:
            for _event, elem in iterparse(src):
                if elem.tag != f"{ns}row":
                    continue
                if elem.get("r") == str(number):
                    for c in elem.iter(f"{ns}c"):
                        v = c.find(f"{ns}v")
                        text = None if v is None else v.text
                        numeric = c.get("t", "n") == "n"
                        if numeric and text is not None and not _NUMBER.fullmatch(text.strip()):
                            return c.get("r") or "?", text
                    return None
                elem.clear()
    except Exception:  # the XML itself is broken: the caller says so
        return None
    return None


def _failure(exc: BaseException | str) -> str:
    """What a library's exception says, in one short line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def _xlsx_value(cell: Any) -> Cell:
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        fmt = getattr(cell, "number_format", None) or ""
        if "%" in fmt:
            return round(float(value) * 100.0, 9)
    return value
