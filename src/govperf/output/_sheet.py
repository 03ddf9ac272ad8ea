"""What every govperf worksheet and CSV file shares: print layout, borders, text that is only text.

- :func:`print_setup` makes a worksheet print the way a performance office hands it
  out: A4 landscape, fitted to the page width (as many pages tall as needed), the
  title and header rows repeated on every page, the scheme's title and period in the
  page header, the sheet name and "第 N 页,共 M 页" in the footer.
- :func:`as_text` and :func:`csv_cell_text` keep a cell that merely *looks* like a
  formula (a unit named ``=HYPERLINK(…)``: text starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return) from ever running as one, in the workbook (the
  cell is stored as a string, with Excel's quote prefix) and in CSV (a single quote
  is put in front, as OWASP advises against CSV injection).  Readers of govperf's own
  CSV files drop that quote again (:func:`csv_cell_plain`).

Used by the results workbook (:mod:`govperf.output._export`) and the data templates
(:mod:`govperf.io._template`); openpyxl is imported only by the functions that need it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._labels import Lang, label

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "FORMULA_START",
    "as_text",
    "borders",
    "csv_cell_plain",
    "csv_cell_text",
    "looks_like_formula",
    "print_setup",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP's list)."""

_HEADER_LIMIT = 250  # Excel refuses a page header or footer of more than 255 characters


def looks_like_formula(value: object) -> bool:
    """Whether ``value`` is text that a spreadsheet would run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell_text(value: Any) -> Any:
    """``value`` for a CSV cell: text that looks like a formula gets a leading ``'``."""
    return "'" + value if looks_like_formula(value) else value


def csv_cell_plain(value: str) -> str:
    """Undo :func:`csv_cell_text`: ``'=A1`` → ``=A1``; any other text is returned as is."""
    if value.startswith("'") and looks_like_formula(value[1:]):
        return value[1:]
    return value


def as_text(cells: Iterable[Cell | MergedCell]) -> None:
    """Store every cell of ``cells`` whose text looks like a formula as a plain string.

    openpyxl turns a string starting with ``=`` into a formula; this sets the cell's
    data type back to string and sets Excel's quote prefix, so neither opening the
    file nor editing the cell runs it.
    """
    for cell in cells:
        if looks_like_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def _header_text(text: str) -> str:
    """Text for a page header or footer: ``&`` starts a code there, so it is doubled."""
    text = " ".join(text.split()).replace("&", "&&")
    return text if len(text) <= _HEADER_LIMIT else text[: _HEADER_LIMIT - 1] + "…"


def print_setup(
    ws: Worksheet,
    *,
    title: str,
    period: str | None,
    repeat_rows: int,
    lang: Lang = "zh",
) -> None:
    """Page setup for printing ``ws``: A4 landscape, one page wide, repeated header rows.

    ``repeat_rows`` rows from the top (a title row and the table header) are printed
    on every page; the page header shows ``title`` (centre) and ``period`` (right);
    the footer shows the sheet name (left) and the page number of the count (centre).
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if repeat_rows > 0:
        ws.print_title_rows = f"1:{repeat_rows}"
    for header in (ws.oddHeader, ws.evenHeader):
        if header is None:  # pragma: no cover - openpyxl always makes them
            continue
        header.center.text = _header_text(title)
        header.center.size = 10
        if period:
            header.right.text = _header_text(period)
            header.right.size = 9
    for footer in (ws.oddFooter, ws.evenFooter):
        if footer is None:  # pragma: no cover - openpyxl always makes them
            continue
        footer.left.text = "&A"  # the sheet name
        footer.left.size = 9
        footer.center.text = label("book.page", lang)
        footer.center.size = 9


def borders(ws: Worksheet, *, skip: Iterable[int] = ()) -> None:
    """Thin borders round every cell of each non-empty row, up to the row's last value.

    Rows ``skip`` (a title row) get none; empty rows (between tables) stay empty.
    """
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    skip_rows = set(skip)
    for row in ws.iter_rows():
        if not row or row[0].row in skip_rows:
            continue
        last = max((i for i, c in enumerate(row) if c.value is not None), default=-1)
        for cell in row[: last + 1]:
            cell.border = box
