"""``govperf rectify``, ``compare`` and ``trend``: the year after, and several years::

    govperf rectify plan 2013.json -o 整改-2013.yaml          # weak points → items
    govperf rectify check 整改-2013.yaml 2014.json             # improved or not, by how much
    govperf compare 2013.json 2014.json                        # also across scheme versions
    govperf trend 2012.json 2013.json 2014.json --unit u03 -o u03.png

A year is a saved results file (the full JSON form: ``govperf score --full -o
2013.json``, ``govperf appeal apply -o``, or :meth:`govperf.Results.to_dict`), shown
under its file's stem or under ``LABEL=FILE``; or ``--year LABEL SCHEME DATA`` scores
one on the fly.  Years are taken in the order given, oldest first.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from .._labels import label
from ..exceptions import GovperfError
from ._output import add_force, file_format

if TYPE_CHECKING:
    from ..yearly import Year

__all__ = [
    "add_compare",
    "add_rectify",
    "add_trend",
    "full_json",
    "run_compare",
    "run_rectify",
    "run_trend",
]

_TABLES = {"json": ".json", "csv": ".csv", "markdown": ".md", "table": ".txt"}


def full_json(results: Any) -> str:
    """``govperf score --full``: the results in the form :func:`govperf.yearly.load_year`
    reads (:meth:`govperf.Results.to_dict`), as indented JSON."""
    import json

    return json.dumps(results.to_dict(), ensure_ascii=False, indent=2)


def _add_years(parser: argparse.ArgumentParser, nargs: str, help: str) -> None:
    parser.add_argument("years", nargs=nargs, metavar="YEAR", help=help)
    parser.add_argument(
        "--year",
        nargs=3,
        action="append",
        default=[],
        metavar=("LABEL", "SCHEME", "DATA"),
        help="cli.yearly.year",
    )


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(  # --lang is global, but accepted after the action too
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="cli.opt.lang"
    )


def _add_common(parser: argparse.ArgumentParser, out_help: str) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help=out_help)
    add_force(parser)


def _years(args: argparse.Namespace) -> list[Year]:
    from ..io import read_data
    from ..scheme._load import load_scheme
    from ..scoring._score import score
    from ..yearly import Year, load_year

    out: list[Year] = []
    given = args.years
    tokens = [] if given is None else [given] if isinstance(given, str) else list(given)
    for token in tokens:
        name, sep, path = token.partition("=")
        if sep and name and "/" not in name and "\\" not in name:
            out.append(load_year(path, name))
        else:
            out.append(load_year(token))
    for name, scheme_source, data_source in args.year:
        scheme = load_scheme(scheme_source)
        out.append(Year(label=name, results=score(scheme, read_data(scheme, data_source))))
    return out


def _write_rows(
    rows: list[list[str]], doc: Any, args: argparse.Namespace, command: str, text: str
) -> None:
    """Print ``text``, or write ``-o`` as JSON (``doc``), CSV or Markdown (``rows``), or text."""
    import csv
    import io
    import json

    from ..output._atomic import write_text

    if args.output is None:
        print(text)
        return
    fmt = file_format(command, args.output, None, _TABLES, default="table", lang=args.lang)
    if fmt == "json":
        body = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        write_text(args.output, body, overwrite=args.force)
    elif fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        write_text(
            args.output, buffer.getvalue(), encoding="utf-8-sig", newline="", overwrite=args.force
        )
    elif fmt == "markdown":
        lines = ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
        lines.insert(1, "|" + " --- |" * len(rows[0]))
        write_text(args.output, "\n".join(lines) + "\n", overwrite=args.force)
    else:
        write_text(args.output, text + "\n", overwrite=args.force)
    print(label("file.wrote", args.lang, path=args.output))


def _check_output(args: argparse.Namespace, command: str, formats: dict[str, str]) -> None:
    from ..output._atomic import refuse_existing

    if args.output is not None:
        file_format(command, args.output, None, formats, default="table", lang=args.lang)
        refuse_existing([args.output], args.force)


# -- compare --------------------------------------------------------------------------


def add_compare(parser: argparse.ArgumentParser) -> None:
    _add_years(parser, "*", "cli.compare.years")
    parser.add_argument("--unit", help="cli.compare.unit")
    _add_common(parser, "cli.compare.output")


def run_compare(args: argparse.Namespace) -> int:
    from ..yearly import compare

    _check_output(args, "compare", _TABLES)
    years = _years(args)
    if len(years) != 2:
        raise GovperfError(label("compare.two_years", args.lang, n=len(years)))
    result = compare(*years)
    if args.unit is not None and args.unit not in {u.unit for u in result.units}:
        raise GovperfError(label("compare.no_unit", args.lang, unit=args.unit))
    text = result.to_text(args.lang, unit=args.unit)
    rows = _compare_rows(result, args.lang)
    _write_rows(rows, result.to_dict(), args, "compare", text)
    return 0


def _compare_rows(result: Any, lang: str) -> list[list[str]]:
    """One row per unit and node (tidy), for CSV and Markdown."""
    import math

    def num(v: float) -> str:
        return "" if math.isnan(v) else f"{v:.6g}"

    keys = (
        "unit",
        "node",
        "name",
        "points_before",
        "max_before",
        "share_before",
        "points_after",
        "max_after",
        "share_after",
        "change",
        "status",
    )
    rows = [[label(f"compare.csv_{k}", lang) for k in keys]]
    for n in result.nodes:
        rows.append(
            [
                n.unit,
                n.node,
                n.name,
                num(n.points[0]),
                num(n.max_points[0]),
                num(n.share[0]),
                num(n.points[1]),
                num(n.max_points[1]),
                num(n.share[1]),
                num(n.change),
                n.status,
            ]
        )
    return rows


# -- trend ----------------------------------------------------------------------------

_TREND = {**_TABLES, "png": ".png", "svg": ".svg"}


def add_trend(parser: argparse.ArgumentParser) -> None:
    _add_years(parser, "*", "cli.trend.years")
    parser.add_argument("--unit", help="cli.trend.unit")
    parser.add_argument("--node", default="total", help="cli.trend.node")
    _add_common(parser, "cli.trend.output")


def run_trend(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..output._atomic import refuse_existing
    from ..yearly import plot_trend, trend

    lang = args.lang
    if args.output is not None:
        suffix = Path(args.output).suffix.lower()
        if suffix not in (".png", ".svg"):
            _check_output(args, "trend", _TABLES)
        else:
            refuse_existing([args.output], args.force)
    years = _years(args)
    if not years:
        raise GovperfError(label("trend.no_years", lang))
    data = trend(years)
    if args.output is not None and Path(args.output).suffix.lower() in (".png", ".svg"):
        from ..output._atomic import atomic_path

        fig = plot_trend(data, unit=args.unit, node=args.node, lang=lang)
        with atomic_path(args.output, overwrite=args.force) as tmp:
            fig.savefig(tmp, format=Path(args.output).suffix[1:])
        print(label("file.wrote", lang, path=args.output))
        return 0
    rows = data.table(unit=args.unit, node=args.node, lang=lang)
    if len(rows) == 1:
        raise GovperfError(label("trend.nothing", lang, what=args.unit or args.node))
    from ..output._text import format_table

    text = "\n".join(format_table(rows, [False, False, *([True] * len(data.years))]))
    _write_rows(rows, data.to_records(), args, "trend", text)
    return 0


# -- rectify --------------------------------------------------------------------------


def add_rectify(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="rectify_command", metavar="ACTION", required=True)
    plan = sub.add_parser("plan", help="cli.rectify.plan", description="cli.rectify.plan")
    _add_years(plan, "?", "cli.rectify.year")
    plan.add_argument("--weakest", type=int, default=3, help="cli.rectify.weakest")
    plan.add_argument("--target", default="median", help="cli.rectify.target")
    plan.add_argument(
        "-o", "--output", metavar="FILE.yaml", required=True, help="cli.rectify.items_out"
    )
    add_force(plan)
    _add_lang(plan)
    check = sub.add_parser("check", help="cli.rectify.check", description="cli.rectify.check")
    check.add_argument("items", metavar="ITEMS", help="cli.rectify.items")
    _add_years(check, "?", "cli.rectify.next_year")
    _add_common(check, "cli.rectify.status_out")
    _add_lang(check)


def _target(text: str, lang: str) -> Any:
    if text in ("median", "full"):
        return text
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise GovperfError(label("rectify.bad_target", lang, value=text))
    return value


def run_rectify(args: argparse.Namespace) -> int:
    from ..yearly import (
        read_items,
        rectification_items,
        rectification_status,
        write_items,
    )

    lang = args.lang
    if args.rectify_command == "plan":
        from pathlib import Path

        from ..output._atomic import refuse_existing

        if Path(args.output).suffix.lower() not in (".yaml", ".yml"):
            raise GovperfError(label("rectify.yaml_only", lang, path=args.output))
        refuse_existing([args.output], args.force)
        target = _target(args.target, lang)
        if args.weakest < 1:
            raise GovperfError(label("rectify.bad_weakest", lang))
        years = _years(args)
        if len(years) != 1:
            raise GovperfError(label("rectify.one_year", lang, n=len(years)))
        items = rectification_items(years[0], weakest=args.weakest, target=target)
        write_items(items, args.output, overwrite=args.force)
        units = len({i.unit for i in items})
        print(label("rectify.planned", lang, n=len(items), units=units, path=args.output))
        return 0
    _check_output(args, "rectify", _TABLES)
    items = read_items(args.items)
    years = _years(args)
    if len(years) != 1:
        raise GovperfError(label("rectify.one_year", lang, n=len(years)))
    statuses = rectification_status(items, years[0])
    rows = status_rows(statuses, lang)
    from ..output._text import format_table

    text = "\n".join(format_table(rows, [False, False, False, True, True, True, True, False]))
    _write_rows(rows, [s.to_dict() for s in statuses], args, "rectify", text)
    return 0


def status_rows(statuses: Any, lang: str) -> list[list[str]]:
    """The status of each item as text rows, the header first."""
    import math

    def pct(v: float) -> str:
        return "-" if math.isnan(v) else f"{v * 100:.1f}%"

    keys = ("unit", "name", "node", "share", "target", "next_share", "change", "status")
    rows = [[label(f"rectify.col_{k}", lang) for k in keys]]
    for s in statuses:
        i = s.item
        change = (
            "-"
            if math.isnan(s.change)
            else label("compare.pp", lang, value=f"{s.change * 100:+.1f}")
        )
        rows.append(
            [
                i.unit,
                i.unit_name,
                f"{i.node_name} [{i.node}]",
                pct(i.share),
                pct(i.target),
                pct(s.share),
                change,
                label(f"rectify.status.{s.status}", lang),
            ]
        )
    return rows


def _stderr(text: str) -> None:
    print(text, file=sys.stderr)
