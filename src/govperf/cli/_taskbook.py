"""``govperf taskbook``: check a task book against a scheme, or write a blank one.

    govperf taskbook check xicheng_2013 taskbook.yaml --units units.csv
    govperf taskbook template xicheng_2013 --units units.csv -o taskbook.csv

and ``--taskbook FILE`` for ``check``, ``score``, ``explain`` and ``report``: the task book gives
the records of the nodes that score tasks and the splits of pooled points.  The task
book code is imported when a command runs, never at start-up.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .._labels import Lang, label
from ._output import add_force

if TYPE_CHECKING:
    from ..data._data import EvaluationData
    from ..scheme._model import Scheme

__all__ = ["add_taskbook", "add_taskbook_option", "apply_taskbook", "run_taskbook"]


def _help(key: str) -> str:
    """A help text of the command: a catalogue key, translated when the parser is built
    (:func:`govperf.cli._lang.translate`)."""
    return f"taskbook.help_{key}"


def add_taskbook_option(parser: argparse.ArgumentParser) -> None:
    """``--taskbook FILE`` (repeatable) on the commands that score."""
    parser.add_argument(
        "--taskbook",
        metavar="FILE",
        action="append",
        default=None,
        help=_help("option"),
    )


def apply_taskbook(
    scheme: Scheme, data: EvaluationData, args: argparse.Namespace
) -> EvaluationData:
    """``data`` with the records and splits of ``--taskbook`` when given."""
    files = getattr(args, "taskbook", None)
    if not files:
        return data
    from ..taskbook import read_taskbook, taskbook_data

    lang: Lang = "en" if getattr(args, "lang", "zh") == "en" else "zh"
    book = read_taskbook(*files, lang=lang)
    return taskbook_data(scheme, book, data, lang=lang)


def add_taskbook(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="taskbook_action", metavar="ACTION", required=True)
    check = sub.add_parser("check", help=_help("check"), description=_help("check"))
    check.add_argument("scheme", metavar="SCHEME", help=_help("scheme"))
    check.add_argument("files", metavar="TASKBOOK", nargs="+", help=_help("files"))
    check.add_argument("--units", metavar="FILE", help=_help("units"))
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="problems.format_help"
    )
    check.add_argument(
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="cli.opt.lang"
    )
    template = sub.add_parser("template", help=_help("template"), description=_help("template"))
    template.add_argument("scheme", metavar="SCHEME", help=_help("scheme"))
    template.add_argument("--units", metavar="FILE", required=True, help=_help("units"))
    template.add_argument("-o", "--output", metavar="FILE.csv", required=True, help=_help("output"))
    template.add_argument("--year", type=int, default=None, help=_help("year"))
    template.add_argument(
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="cli.opt.lang"
    )
    add_force(template)


def run_taskbook(args: argparse.Namespace) -> int:
    """Run ``taskbook check`` or ``taskbook template``."""
    from ..exceptions import DataError
    from ..io import read_units
    from ..scheme._load import load_scheme
    from ..taskbook import check_taskbook, read_taskbook, write_taskbook_template

    scheme = load_scheme(args.scheme)
    units = read_units(args.units) if args.units else None
    if args.taskbook_action == "template":
        from ._output import file_format

        file_format(
            "taskbook template", args.output, None, {"csv": ".csv"}, default="csv", lang=args.lang
        )
        assert units is not None
        write_taskbook_template(
            scheme, units, args.output, year=args.year, lang=args.lang, overwrite=args.force
        )
        print(label("file.wrote", args.lang, path=args.output), file=sys.stdout)
        return 0
    book = read_taskbook(*args.files, lang=args.lang)
    problems = check_taskbook(scheme, book, units, lang=args.lang)
    if problems:
        raise DataError(problems, source=book.source)
    n_units = len(units) if units is not None else len(book.units)
    if args.format == "json":
        import json

        summary = {
            "count": 0,
            "problems": [],
            "units": n_units,
            "tasks": len(book.tasks),
            "splits": len(book.splits),
        }
        print(json.dumps(summary, ensure_ascii=False, indent=2), file=sys.stdout)
        return 0
    print(
        label(
            "taskbook.valid",
            args.lang,
            source=book.source,
            units=n_units,
            tasks=len(book.tasks),
            splits=len(book.splits),
        ),
        file=sys.stdout,
    )
    return 0
