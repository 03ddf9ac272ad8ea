"""The stated size limits of the readers, and how to raise them.

Government data comes from many hands; a file hundreds of megabytes long, a table of
millions of rows or a cell of a million characters is far more often a mistake (an
export of the wrong query, a pasted log) than a year's evaluation.  Every reader
checks these limits as early as it can (the size of a file before opening it, a
table's width at its header, its length and each cell while reading) and stops with
a located problem naming the limit, so that an oversized input costs seconds and a
bounded amount of memory, never minutes and gigabytes.

The defaults fit the largest real evaluations with room to spare; a caller with a
larger one raises a limit explicitly::

    >>> from govperf import Limits
    >>> Limits().data_file_bytes
    67108864
    >>> Limits(rows=5_000_000).rows
    5000000
    >>> Limits.parse(["data_file=200MiB", "rows=5000000"]).data_file_bytes
    209715200

The command line takes the same keys: ``govperf score --limit data_file=200MiB …``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs
from attrs import frozen

__all__ = ["DEFAULT_LIMITS", "Limits", "parse_size"]


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"Limits.{attribute.name} must be a positive integer, got {value!r}")


@frozen(kw_only=True)
class Limits:
    """The largest input each reader accepts; every field can be raised (or lowered).

    Pass one to :func:`~govperf.read_data`, :func:`~govperf.check_data`,
    :func:`~govperf.load_scheme`, :func:`~govperf.validate_scheme` or
    :func:`govperf.io.read_units` (``limits=Limits(rows=5_000_000)``); on the command
    line, ``--limit KEY=VALUE`` (keys as the field names without ``_bytes``).
    """

    data_file_bytes: int = attrs.field(default=64 * 1024 * 1024, validator=_positive)
    """A data file (CSV, xlsx, JSON), in bytes: 64 MiB, checked before it is opened."""
    workbook_unpacked_bytes: int = attrs.field(default=512 * 1024 * 1024, validator=_positive)
    """The parts of an xlsx workbook once unpacked, in bytes: 512 MiB, checked before
    the workbook is parsed (a small zip can unpack to gigabytes of XML)."""
    scheme_file_bytes: int = attrs.field(default=4 * 1024 * 1024, validator=_positive)
    """A scheme file (and a year's parameter file), in bytes: 4 MiB, checked before parsing."""
    rows: int = attrs.field(default=1_048_576, validator=_positive)
    """Data rows in one table (a CSV file, a sheet, a JSON list): 1,048,576, a full
    Excel sheet; checked row by row, so reading stops at the first row over."""
    columns: int = attrs.field(default=256, validator=_positive)
    """Columns (cells) in one row or header: 256, far more than any table's columns."""
    field_chars: int = attrs.field(default=1_048_576, validator=_positive)
    """Characters in one cell: 1,048,576 (the csv module's own limit is 131,072)."""

    @classmethod
    def parse(cls, items: Iterable[str], base: Limits | None = None) -> Limits:
        """Limits from ``KEY=VALUE`` strings (the command line's ``--limit``).

        Keys are the field names, with or without ``_bytes`` (``data_file``,
        ``workbook_unpacked``, ``scheme_file``, ``rows``, ``columns``, ``field_chars``);
        sizes take the suffixes ``KiB``, ``MiB``, ``GiB`` (and ``K``, ``M``, ``G``, the
        same) or ``KB``, ``MB``, ``GB`` (powers of 1000).  :class:`ValueError` says what
        is wrong with an item.
        """
        fields = {f.name: f for f in attrs.fields(cls)}
        changes: dict[str, int] = {}
        for item in items:
            key, sep, value = item.partition("=")
            name = key.strip().lower().replace("-", "_")
            if name + "_bytes" in fields:
                name += "_bytes"
            if not sep or name not in fields:
                known = ", ".join(n.removesuffix("_bytes") for n in fields)
                raise ValueError(f"{item!r}: expected KEY=VALUE with KEY one of {known}")
            changes[name] = parse_size(value) if name.endswith("_bytes") else _count(value, item)
        return attrs.evolve(base or cls(), **changes)


DEFAULT_LIMITS = Limits()
"""The limits every reader applies unless given others."""

_SIZE = re.compile(r"\s*([0-9][0-9_,]*)\s*([kmg]i?b?|b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int:
    """A size in bytes from ``"67108864"``, ``"64MiB"``, ``"64M"`` or ``"64MB"``.

    ``K``/``M``/``G`` and ``KiB``/``MiB``/``GiB`` are powers of 1024, ``KB``/``MB``/``GB``
    powers of 1000 (as disk makers count).

    >>> parse_size("64MiB"), parse_size("1GB"), parse_size("200k")
    (67108864, 1000000000, 204800)
    """
    match = _SIZE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a size (write e.g. 200MiB or 209715200)")
    number = int(match.group(1).replace("_", "").replace(",", ""))
    suffix = (match.group(2) or "").lower()
    if suffix.endswith("b") and len(suffix) == 2 and suffix[0] != "b":  # KB, MB, GB
        size = number * {"k": 10**3, "m": 10**6, "g": 10**9}[suffix[0]]
    else:
        size = number * _UNITS[suffix[:1]]
    if size < 1:
        raise ValueError(f"{text!r}: a size must be at least one byte")
    return size


def _count(text: str, item: str) -> int:
    try:
        value = int(text.strip().replace("_", "").replace(",", ""))
    except ValueError:
        raise ValueError(f"{item!r}: expected a whole number") from None
    if value < 1:
        raise ValueError(f"{item!r}: a limit must be at least 1")
    return value
