"""How the commands print problems, and the ``--limit`` option of the readers.

A command stopped by bad input prints at most :data:`MAX_PRINTED` problems, then the
count of the others (``……以及另外 50 个问题``); with ``--format json`` it prints the full
list instead, on stdout, as :func:`govperf.exceptions.problems_to_dict` shapes it
(``{"count": N, "problems": [...]}``), so that a program never parses a message.

``--limit KEY=VALUE`` (repeatable) raises one of the readers' :class:`~govperf.Limits`
for the run: ``--limit data_file=200MiB --limit rows=5000000``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from .._labels import label
from .._limits import Limits
from ..exceptions import GovperfError, Problem, problems_to_dict

__all__ = ["MAX_PRINTED", "add_limits", "limits_of", "print_problems", "wants_json"]

MAX_PRINTED = 100
"""The most problems a command prints as text; the rest are counted."""


def add_limits(parser: argparse.ArgumentParser) -> None:
    """``--limit KEY=VALUE``, repeatable."""
    parser.add_argument(
        "--limit",
        dest="limits",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="limits.help",
    )


def limits_of(args: argparse.Namespace) -> Limits | None:
    """The limits the command line asks for (``None``: the defaults)."""
    items: list[str] = getattr(args, "limits", None) or []
    if not items:
        return None
    try:
        return Limits.parse(items)
    except ValueError as exc:
        lang = "en" if getattr(args, "lang", "zh") == "en" else "zh"
        raise GovperfError(label("limits.bad", lang, item=" ".join(items), why=exc)) from None


def wants_json(args: argparse.Namespace) -> bool:
    """Whether the command was asked for JSON output (``--format json`` or ``--json``)."""
    return getattr(args, "format", None) == "json" or getattr(args, "json", False) is True


def print_problems(problems: Iterable[Problem], text: str, args: argparse.Namespace | None) -> None:
    """Problems as the command prints them: the JSON document on stdout when asked for
    JSON, else ``text`` (the capped rendering) on stderr."""
    if args is not None and wants_json(args):
        doc = problems_to_dict(problems, getattr(args, "lang", "zh"))
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        print(text, file=sys.stderr)
