"""The one rule for identifiers and names, and the escaping of text in messages.

Ids and names come from files that people type and paste, so two that look the same
must be the same, and what a message quotes must not be able to pose as another line.

The rule, applied by the scheme loader and by every data reader:

* all text is normalised to Unicode NFC (a precomposed and a decomposed character are
  one character);
* an id or a name must not contain a control character (category ``Cc``: line breaks,
  tabs, ESC…) or a format character (category ``Cf``: zero-width space and joiners,
  the byte order mark, bidirectional controls), nor a line or paragraph separator;
* an id must not contain full-width forms (U+FF01–U+FF5E, such as the full-width digit
  ``１``, a look-alike of ``1``) or the ideographic space U+3000.

A message renders every control, format and separator character of what it quotes as
an escape (``\\n``, ``\\x1b``, ``\\u200b``), see :func:`escape`.
"""

from __future__ import annotations

import unicodedata

__all__ = ["escape", "identifier_problem", "nfc"]

_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _hidden(ch: str) -> bool:
    return unicodedata.category(ch) in _HIDDEN


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def identifier_problem(text: str, *, is_id: bool) -> str | None:
    """Why ``text`` is not acceptable as an id (``is_id``) or a name, or ``None``."""
    if text.isascii() and text.isprintable():
        return None
    for ch in text:
        if _hidden(ch):
            name = unicodedata.name(ch, "a control character")
            return f"contains the invisible character {_code(ch)} ({name.lower()})"
        if is_id and ("\uff01" <= ch <= "\uff5e" or ch == "\u3000"):
            plain = unicodedata.normalize("NFKC", ch)
            return (
                f"contains the full-width character {ch!r} ({_code(ch)}); write {plain!r} instead"
            )
    return None


def escape(text: str) -> str:
    """``text`` with every control, format and separator character written as an escape,
    so that a file name or cell cannot break a message into lines or colour a terminal."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if _hidden(ch):
            code = ord(ch)
            if ch == "\n":
                out.append("\\n")
            elif ch == "\r":
                out.append("\\r")
            elif ch == "\t":
                out.append("\\t")
            elif code < 0x100:
                out.append(f"\\x{code:02x}")
            else:
                out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
