"""Display width of text in a terminal, for aligning columns that hold Chinese.

``len()`` counts code points, but a terminal gives a Chinese character two columns
and a combining accent none, so tables padded with :meth:`str.ljust` come out
ragged as soon as a name is Chinese.  These helpers count columns the way terminals
do, from the Unicode East Asian Width property (UAX #11): Wide and Fullwidth
characters take two columns, combining marks and other zero-width characters none,
everything else one.  Ambiguous characters (curly quotes “”, △, box drawing) take
one column by default, as in most terminals outside CJK locales.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Literal

__all__ = ["char_width", "display_width", "format_table", "pad", "wrap"]

_ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc"})
"""Non-spacing and enclosing marks, format characters (ZWJ, ZWSP) and controls."""


def char_width(ch: str, *, ambiguous: Literal[1, 2] = 1) -> int:
    """Columns that the single character ``ch`` occupies in a terminal (0, 1 or 2)."""
    if unicodedata.category(ch) in _ZERO_WIDTH_CATEGORIES:
        return 0
    east_asian = unicodedata.east_asian_width(ch)
    if east_asian in ("W", "F"):
        return 2
    if east_asian == "A":
        return ambiguous
    return 1


def display_width(s: str, *, ambiguous: Literal[1, 2] = 1) -> int:
    """Columns that ``s`` occupies in a terminal: ``display_width("信访办理 2") == 10``."""
    return sum(char_width(ch, ambiguous=ambiguous) for ch in s)


def pad(
    s: str,
    width: int,
    align: Literal["left", "right"] = "left",
    *,
    ambiguous: Literal[1, 2] = 1,
) -> str:
    """``s`` padded with spaces to ``width`` terminal columns (left- or right-aligned).

    Text already as wide as ``width`` or wider is returned unchanged, never cut.
    """
    if align not in ("left", "right"):
        raise ValueError(f"align must be 'left' or 'right', got {align!r}")
    fill = " " * max(0, width - display_width(s, ambiguous=ambiguous))
    return s + fill if align == "left" else fill + s


def format_table(
    rows: Sequence[Sequence[str]], right: Sequence[bool], sep: str = "  "
) -> list[str]:
    """Rows padded to equal display widths per column (``right`` aligns a column right).

    The last column is not padded unless it is right-aligned, so lines carry no
    trailing blanks.
    """
    ncols = len(rows[0])
    widths = [max(display_width(row[c]) for row in rows) for c in range(ncols)]
    lines = []
    for row in rows:
        cells = [
            cell
            if c == ncols - 1 and not right[c]
            else pad(cell, widths[c], "right" if right[c] else "left")
            for c, cell in enumerate(row)
        ]
        lines.append(sep.join(cells).rstrip())
    return lines


_NO_LINE_START = frozenset(",。;:、!?)》」』】〕,.;:!?)]}%")
"""Punctuation that must not begin a line (it stays with the character before it)."""


def _tokens(text: str) -> list[str]:
    """Words, single wide characters and runs of blanks: the places a line may break."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch.isspace() or char_width(ch) == 2:
            if word:
                tokens.append(word)
                word = ""
            if ch.isspace() and tokens and tokens[-1] == " ":
                continue
            tokens.append(" " if ch.isspace() else ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    return tokens


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` terminal columns.

    Lines break at blanks and between Chinese characters (never inside a Latin word or
    a number, and never before closing punctuation such as ``,`` or ``)``, which may
    overhang by its own width); blanks are collapsed, and a word wider than ``width``
    gets a line of its own.
    """
    lines: list[str] = []
    line = ""
    used = 0
    for token in _tokens(text):
        if token == " ":
            if line:
                line += " "
                used += 1
            continue
        w = display_width(token)
        if line and used + w > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0
        line += token
        used += w
    if line.strip():
        lines.append(line.rstrip())
    return lines
