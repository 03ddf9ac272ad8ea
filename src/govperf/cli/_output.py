"""How the commands pick an output format: the extension of ``-o``, checked against ``--format``.

One rule for every command that writes a file: the format follows the extension of
``-o`` (``.xlsx``, ``.csv``, ``.json``, ``.html``, ``.md``, ``.txt``); a ``--format``
that disagrees with it, or an extension the command cannot write, is refused with a
message in the command's language before anything is computed or written.  Without
``-o`` a text format (the terminal table, CSV, JSON) goes to stdout.  An existing
output is refused unless ``--force`` (the writers' ``overwrite=True``).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path

from .._labels import Lang, label
from ..exceptions import GovperfError

__all__ = ["EXTENSIONS", "add_force", "file_format", "folder_output"]

EXTENSIONS: Mapping[str, str] = {
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".txt": "table",
    ".pdf": "pdf",
}
"""Output file extensions and the format each one means."""


def add_force(parser: argparse.ArgumentParser) -> None:
    """``--force`` (also spelled ``--overwrite``): replace an existing output."""
    parser.add_argument(
        "--force",
        "--overwrite",
        dest="force",
        action="store_true",
        help="cli.opt.force",
    )


def _allowed(formats: Mapping[str, str]) -> str:
    return " ".join(formats.values())


def file_format(
    command: str,
    output: str | None,
    given: str | None,
    formats: Mapping[str, str],
    *,
    default: str,
    lang: Lang = "zh",
    stdout: frozenset[str] = frozenset(),
) -> str:
    """The format to write: from the extension of ``output``, checked against ``given``.

    ``formats`` maps each format the command writes to its extension (``{"xlsx":
    ".xlsx", "csv": ".csv"}``); ``stdout`` are the formats that may go to stdout when
    there is no ``output`` (``default`` is used when neither ``output`` nor ``given``
    says).  Raises :class:`~govperf.GovperfError` with the reason otherwise.
    """
    if output is None:
        fmt = given or default
        if fmt not in stdout:
            raise GovperfError(
                label("file.needs_output", lang, format=fmt, ext=formats.get(fmt, ""))
            )
        return fmt
    suffix = Path(output).suffix.lower()
    from_ext = EXTENSIONS.get(suffix)
    if from_ext is None or from_ext not in formats:
        raise GovperfError(
            label("file.unknown_ext", lang, path=output, command=command, allowed=_allowed(formats))
        )
    if given is not None and given != from_ext:
        raise GovperfError(
            label("file.mismatch", lang, format=given, path=output, ext=formats.get(given, ""))
        )
    return from_ext


def folder_output(command: str, output: str, *, lang: Lang = "zh") -> None:
    """Refuse a file name (one with an output file's extension) where a folder is written."""
    if Path(output).suffix.lower() in EXTENSIONS:
        raise GovperfError(label("file.folder_expected", lang, command=command, path=output))
