"""The subcommands of the annual evaluation: template → check → score → explain → report.

    govperf template xicheng_2013 --units units.csv -o blank/      # files for every assessor
    govperf check xicheng_2013 examples/xicheng_2013                # who has not submitted what
    govperf score xicheng_2013 examples/xicheng_2013                # the ranking in the terminal
    govperf score xicheng_2013 examples/xicheng_2013 --format xlsx -o results.xlsx
    govperf explain xicheng_2013 examples/xicheng_2013 u03          # every number of one unit
    govperf report xicheng_2013 examples/xicheng_2013 -o reports/   # feedback and summary

Each ``add_*`` adds a subcommand's arguments and each ``run_*`` runs it; they are
registered in :data:`govperf.cli.COMMANDS` like the scheme subcommands.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .._labels import label
from ..exceptions import DataError, GovperfError, Problem
from ..output._text import format_table
from ..scheme._load import load_scheme
from ..scheme._model import Scheme

if TYPE_CHECKING:  # the engine is imported by the commands that score, not by validate
    from ..results._results import Results

__all__ = [
    "add_check",
    "add_explain",
    "add_report",
    "add_score",
    "add_template",
    "check_report",
    "ranking_table",
    "run_check",
    "run_explain",
    "run_report",
    "run_score",
    "run_template",
]

Lang = Literal["zh", "en"]

_POLICIES = ("error", "zero", "redistribute")


def _out(text: str = "") -> None:
    print(text, file=sys.stdout)


def _add_scheme_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scheme", metavar="SCHEME", help="scheme file or bundled scheme name")
    parser.add_argument(
        "data", metavar="DATA", help="the year's data: a folder of files, an .xlsx or a .json"
    )
    parser.add_argument(
        "--params",
        metavar="FILE",
        help="the year's parameters: a YAML file of {rule or node id: {parameter: value}} "
        "merged into the scheme's (e.g. a quota's share for this year)",
    )


def _scheme(args: argparse.Namespace) -> Scheme:
    """The scheme, with the year's ``--params`` merged in when given."""
    scheme = load_scheme(args.scheme)
    if args.params is None:
        return scheme
    from ..scheme._params import with_params

    return with_params(scheme, args.params)


def _add_missing(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--missing",
        choices=_POLICIES,
        default="error",
        help="what to do with missing (unit, sub-indicator) data: stop with a list (default), "
        "score 0, or redistribute the weight within the parent",
    )


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of labels")


def _load(args: argparse.Namespace) -> tuple[Scheme, Results]:
    from ..io import read_data
    from ..scoring._missing import MissingPolicy
    from ..scoring._score import score

    scheme = _scheme(args)
    data = read_data(scheme, args.data)
    results = score(scheme, data, missing=MissingPolicy(kind=args.missing))
    notice = results.missing_notice()
    if notice is not None:  # a policy other than error changed figures: say so
        print(notice.text(getattr(args, "lang", "zh")), file=sys.stderr)
    return scheme, results


# -- score --------------------------------------------------------------------------


def add_score(parser: argparse.ArgumentParser) -> None:
    _add_scheme_data(parser)
    parser.add_argument(
        "--format",
        choices=("table", "json", "csv", "xlsx"),
        default=None,
        help="table (terminal, default), json, csv or xlsx (needs -o); without it, "
        "-o x.xlsx, x.csv or x.json chooses by the file's suffix",
    )
    parser.add_argument("-o", "--output", metavar="PATH", help="write to this file")
    _add_missing(parser)
    _add_lang(parser)


_HEAD = {"award": "cli.award", "unit": "col.unit", "name": "col.name"}


def ranking_table(results: Results, lang: Lang = "zh") -> str:
    """The ranking as an aligned text table (Chinese names padded by display width).

    A scheme with unit groups gets a 分组 column after the name, with each group's name:
    under ``scoring.within_groups`` every group has its own rank 1, and the ranks alone
    do not say which ranking a row belongs to.
    """
    p = results.precision
    groups = {
        g.id: (g.name_en if lang == "en" and g.name_en else g.name) for g in results.scheme.groups
    }
    keys = ["rank", "unit", "name", "total", "base", "bonus", "deductions", "grade", "award"]
    if groups:
        keys.insert(3, "group")
    rows = [[label(_HEAD.get(k, f"col.{k}"), lang) for k in keys]]
    yes, no = label("yes", lang), label("no", lang)
    for r in results.ranking():
        award = yes if r.award_eligible else no
        if r.vetoes:
            award += label("vetoed_mark", lang)
        row = [
            "-" if r.rank is None else str(r.rank),
            r.unit,
            r.name,
            f"{r.total:.{p}f}",
            f"{r.base:.{p}f}",
            f"{r.bonus:.{p}f}",
            f"{r.deductions:.{p}f}",
            r.grade or "-",
            award,
        ]
        if groups:
            row.insert(3, "-" if r.group is None else groups.get(r.group, r.group))
        rows.append(row)
    right = [True, False, False, True, True, True, True, False, False]
    if groups:
        right.insert(3, False)
    lines = format_table(rows, right)
    return "\n".join(lines)


_SUFFIX_FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".json": "json"}


def _format_from_suffix(output: str | None) -> str:
    """The format ``-o`` implies when ``--format`` is not given: by suffix, else the table.

    Without it, ``-o results.xlsx`` wrote the terminal table as text into a file that
    Excel then refuses to open.
    """
    if output is None:
        return "table"
    return _SUFFIX_FORMATS.get(Path(output).suffix.lower(), "table")


def run_score(args: argparse.Namespace) -> int:
    _scheme, results = _load(args)
    fmt = args.format or _format_from_suffix(args.output)
    if fmt == "table":
        text = ranking_table(results, args.lang)
        if args.output:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        else:
            _out(text)
        return 0
    if fmt == "json":
        text = results.to_json()
        if args.output:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        else:
            _out(text)
        return 0
    if not args.output:
        raise GovperfError(f"--format {fmt} needs an output file: add -o PATH")
    if fmt == "csv":
        results.to_csv(args.output, lang=args.lang)
    else:
        results.to_excel(args.output, lang=args.lang)
    _out(f"wrote {args.output}")
    return 0


# -- explain ------------------------------------------------------------------------


def add_explain(parser: argparse.ArgumentParser) -> None:
    _add_scheme_data(parser)
    parser.add_argument("unit", metavar="UNIT", help="the unit id")
    parser.add_argument("--json", action="store_true", help="the structured trail as JSON")
    _add_missing(parser)
    _add_lang(parser)


def run_explain(args: argparse.Namespace) -> int:
    import json

    _scheme, results = _load(args)
    if args.unit not in results.units:
        raise GovperfError(f"no unit {args.unit!r} in {args.data}")
    explanation = results.explain(args.unit)
    if args.json:
        _out(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2))
    else:
        _out(explanation.to_text(args.lang))
    return 0


# -- check --------------------------------------------------------------------------


def add_check(parser: argparse.ArgumentParser) -> None:
    _add_scheme_data(parser)


def check_report(
    scheme: Scheme, problems: list[Problem], names: Mapping[str, str] | None = None
) -> str:
    """Problems grouped for an office: missing data by assessor and sub-indicator, then the rest.

    Missing pairs are grouped by the problems' ``node`` and ``unit`` fields; ``names``
    (unit id → name) shows each unit with its name.
    """
    names = names or {}
    missing: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    others: list[Problem] = []
    for p in problems:
        known = p.code == "missing" and p.node is not None and p.node in scheme
        sub = scheme.node(p.node) if known and p.node is not None else None
        if sub is not None and sub.is_leaf and p.unit is not None:
            owners = [a.name for a in sub.assessors] or ["-"]
            unit = f"{p.unit} ({names[p.unit]})" if p.unit in names else p.unit
            missing["、".join(owners)][f"{sub.name} [{sub.id}]"].append(unit)
        else:
            others.append(p)
    lines: list[str] = []
    if missing:
        count = sum(len(units) for subs in missing.values() for units in subs.values())
        lines.append(f"missing data: {count} (unit, sub-indicator) pairs, by assessor")
        for owner in sorted(missing):
            lines.append(f"  {owner}")
            for sub_label, units in missing[owner].items():
                lines.append(f"    {sub_label}: {len(units)} unit(s): {', '.join(units)}")
    if others:
        lines.append(f"{len(others)} other problem{'s' if len(others) != 1 else ''}")
        lines.extend(f"  {p}" for p in DataError(others).problems)
    return "\n".join(lines)


def run_check(args: argparse.Namespace) -> int:
    from .._api import check_data

    scheme = _scheme(args)
    problems = check_data(scheme, args.data)
    if not problems:
        _out(f"{args.data}: complete, every value in range; ready to score")
        return 0
    print(check_report(scheme, problems, _unit_names(scheme, args.data)), file=sys.stderr)
    return 1


def _unit_names(scheme: Scheme, source: str) -> dict[str, str]:
    """Unit id → name, when the data reads (missing pairs are no reading problem)."""
    from ..io import read_data

    try:
        units = read_data(scheme, source).units
    except GovperfError:
        return {}
    return dict(zip(units.ids, units.names, strict=True))


# -- template -----------------------------------------------------------------------


def add_template(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scheme", metavar="SCHEME", help="scheme file or bundled scheme name")
    parser.add_argument("-o", "--output", metavar="DIR", required=True, help="folder to write")
    parser.add_argument(
        "--units", metavar="FILE", help="a units file (unit, name[, group]) to prefill rows"
    )
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--overwrite", action="store_true", help="replace existing files")


def run_template(args: argparse.Namespace) -> int:
    from ..io import read_units, write_template

    scheme = load_scheme(args.scheme)
    units = read_units(args.units) if args.units else None
    written = write_template(
        scheme, args.output, units=units, format=args.format, overwrite=args.overwrite
    )
    for path in written:
        _out(str(path))
    return 0


# -- report -------------------------------------------------------------------------


def add_report(parser: argparse.ArgumentParser) -> None:
    _add_scheme_data(parser)
    parser.add_argument("-o", "--output", metavar="DIR", required=True, help="folder to write")
    parser.add_argument("--format", choices=("html", "markdown"), default="html")
    parser.add_argument("--no-plots", action="store_true", help="leave plots out")
    parser.add_argument("--overwrite", action="store_true", help="write into a non-empty folder")
    _add_missing(parser)
    _add_lang(parser)


def run_report(args: argparse.Namespace) -> int:
    from importlib.util import find_spec

    from ..report import write_reports

    _scheme, results = _load(args)
    plots = not args.no_plots and find_spec("matplotlib") is not None
    written = write_reports(
        results,
        args.output,
        format=args.format,
        lang=args.lang,
        plots=plots,
        overwrite=args.overwrite,
    )
    _out(f"wrote {len(written)} files to {args.output}" + ("" if plots else " (no plots)"))
    return 0
