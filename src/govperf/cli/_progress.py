"""``govperf progress``: every task against its pro-rata path, and the projected points.

    govperf progress xicheng_2013 progress.csv --taskbook taskbook.yaml
    govperf progress xicheng_2013 progress.csv --taskbook taskbook.yaml --period Q2 \\
        -o progress-Q2.html

The terminal table has one row per unit; ``-o`` writes the progress report (``.html``,
``.md``) or the task rows (``.json``, ``.csv``).  Projected figures are marked 预测 /
projection in every output.  The progress code is imported when the command runs.
"""

from __future__ import annotations

import argparse
import sys

from .._labels import Lang, label
from ._output import add_force, file_format

__all__ = ["add_progress", "run_progress"]

_FORMATS = {
    "table": ".txt",
    "json": ".json",
    "csv": ".csv",
    "html": ".html",
    "markdown": ".md",
}


def _help(key: str) -> str:
    """A help text: a catalogue key, translated when the parser is built."""
    return f"progress.help_{key}"


def add_progress(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scheme", metavar="SCHEME", help=_help("scheme"))
    parser.add_argument("progress", metavar="PROGRESS", nargs="+", help=_help("progress"))
    parser.add_argument(
        "--taskbook", metavar="FILE", action="append", required=True, help=_help("taskbook")
    )
    parser.add_argument("--units", metavar="FILE", help="taskbook.help_units")
    parser.add_argument(
        "--period", choices=("Q1", "Q2", "H1", "Q3", "Q4"), default=None, help=_help("period")
    )
    parser.add_argument("--at-risk", type=float, default=0.10, help=_help("at_risk"))
    parser.add_argument("--behind", type=float, default=0.25, help=_help("behind"))
    parser.add_argument("--format", choices=tuple(_FORMATS), default=None, help=_help("format"))
    parser.add_argument("-o", "--output", metavar="FILE", help=_help("output"))
    add_force(parser)


def _csv(view: object, lang: Lang) -> str:
    import csv
    import io

    from ..output._sheet import csv_cell_text
    from ..progress import TASK_COLUMNS, ProgressView

    assert isinstance(view, ProgressView)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [label(f"progress.col_{k}", lang) for k in TASK_COLUMNS]
        + [label("progress.col_projected_share", lang)]
    )
    for t in view.tasks:
        writer.writerow(
            [
                csv_cell_text(x)
                for x in (
                    t.unit,
                    t.task,
                    label(f"progress.direction_{t.direction}", lang),
                    t.target,
                    round(t.expected, 6),
                    "" if t.value is None else t.value,
                    "" if t.self_value is None else t.self_value,
                    "" if t.shortfall is None else round(t.shortfall, 6),
                    label(f"progress.status_{t.status}", lang),
                    "" if t.projected is None else round(t.projected, 6),
                    t.deadline.isoformat() if t.deadline else "",
                    "" if t.projected_share is None else round(t.projected_share, 6),
                )
            ]
        )
    return buffer.getvalue()


def run_progress(args: argparse.Namespace) -> int:
    """Judge the tasks at the period and print or write the result."""
    import json

    from ..exceptions import GovperfError
    from ..io import read_units
    from ..output._atomic import write_text
    from ..progress import Thresholds, progress_table, progress_view, read_progress, render_progress
    from ..scheme._load import load_scheme
    from ..taskbook import read_taskbook

    lang: Lang = "en" if args.lang == "en" else "zh"
    fmt = file_format(
        "progress",
        args.output,
        args.format,
        _FORMATS,
        default="table",
        lang=lang,
        stdout=frozenset({"table", "json", "csv"}),
    )
    try:
        thresholds = Thresholds(at_risk=args.at_risk, behind=args.behind)
    except ValueError as exc:
        raise GovperfError(str(exc)) from None
    scheme = load_scheme(args.scheme)
    book = read_taskbook(*args.taskbook, lang=lang)
    progress = read_progress(*args.progress, lang=lang)
    units = read_units(args.units) if args.units else None
    view = progress_view(
        scheme, book, progress, period=args.period, thresholds=thresholds, units=units, lang=lang
    )
    if fmt == "table":
        text = progress_table(view, lang) + "\n"
    elif fmt == "json":
        text = json.dumps(view.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = _csv(view, lang)
    else:
        text = render_progress(view, "html" if fmt == "html" else "markdown", lang)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    write_text(
        args.output,
        text,
        encoding=encoding,
        newline="" if fmt == "csv" else None,
        overwrite=args.force,
    )
    print(label("file.wrote", lang, path=args.output), file=sys.stdout)
    return 0
