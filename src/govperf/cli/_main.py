"""The ``govperf`` command line: schemes, and the annual evaluation.

Usage::

    govperf validate xicheng_2013 district.yaml   # exit 1 and list problems if any
    govperf show xicheng_2013 --lang en           # the indicator tree as a table
    govperf schema -o scheme.schema.json          # JSON Schema for editors
    govperf template xicheng_2013 -o blank/       # data files for every assessor
    govperf check xicheng_2013 DATA               # who has not submitted what
    govperf score xicheng_2013 DATA               # the ranking
    govperf explain xicheng_2013 DATA UNIT        # every number of one unit
    govperf report xicheng_2013 DATA -o reports/  # feedback reports and the summary

Each subcommand is a :class:`Command` in :data:`COMMANDS`: a function that adds its
arguments to an :mod:`argparse` sub-parser and a function that runs it and returns
the exit status.  To add a subcommand, write those two functions and append a
:class:`Command` to the table; :func:`main` takes care of streams and errors.

Errors that govperf raises on purpose (:class:`~govperf.GovperfError`) and errors
reading or writing files (:class:`OSError`) become a message on stderr and exit
status 1, never a traceback; a usage error exits with status 2 (argparse's
convention).  Output never fails on a terminal that cannot encode Chinese: characters
it cannot show are written as escapes instead.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, Literal, TextIO

from attrs import frozen

from .._labels import label
from ..exceptions import DataError, GovperfError, Problem, SchemeError
from ..output._text import display_width, format_table, pad
from ..scheme._load import load_scheme
from ..scheme._model import Assessor, Node, RuleSpec, Scheme, UnitGroup
from . import _audit, _year
from ._output import add_force, file_format
from ._problems import MAX_PRINTED, add_limits, limits_of, print_problems

__all__ = ["COMMANDS", "Command", "build_parser", "main"]

PROG = "govperf"

Lang = Literal["zh", "en"]


@frozen
class Command:
    """One subcommand: its name, a one-line help, how to add its arguments, how to run it.

    ``run`` receives the parsed arguments and returns the exit status; it writes to
    ``sys.stdout``/``sys.stderr`` and may raise :class:`~govperf.GovperfError` or
    :class:`OSError`, which :func:`main` reports.
    """

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# -- helpers ------------------------------------------------------------------


def _out(text: str = "") -> None:
    print(text, file=sys.stdout)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _fmt_points(points: float) -> str:
    return f"{points:g}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# -- validate -----------------------------------------------------------------


def _add_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="PATH|NAME",
        help="scheme files, or names of bundled schemes (e.g. xicheng_2013)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help=label("problems.format_help")
    )
    add_limits(parser)


def _summary(scheme: Scheme) -> str:
    """``3 levels, 9 indicators, 16 sub-indicators, 100 points``: one count per tier."""
    counts = [0] * scheme.n_tiers
    for node in scheme.iter_nodes():
        counts[min(scheme.depth(node.id), len(counts) - 1)] += 1
    parts = [
        _plural(n, tier.name_en) if tier.name_en else f"{n} {tier.name}"
        for n, tier in zip(counts, scheme.tiers, strict=True)
    ]
    return ", ".join([*parts, f"{_fmt_points(scheme.total_points)} points"])


def _run_validate(args: argparse.Namespace) -> int:
    """Check each scheme; print one line per valid file and every problem of the others
    (with ``--format json``, one document listing every problem of every file)."""
    status = 0
    limits = limits_of(args)
    found: list[Problem] = []
    for source in args.sources:
        try:
            scheme = load_scheme(source, limits=limits)
        except SchemeError as exc:
            found += exc.problems
            if args.format != "json":
                _err(exc.render(limit=MAX_PRINTED, lang=getattr(args, "lang", "zh")))
            status = 1
            continue
        if args.format != "json":
            _out(f"{source}: valid ({_summary(scheme)})")
    if args.format == "json":
        print_problems(found, "", args)
    return status


# -- show ---------------------------------------------------------------------

_INDENT = "  "


def _label(key: str, lang: Lang) -> str:
    return label(f"show.{key}", lang)


def _name(node: Node | RuleSpec | Assessor | UnitGroup, lang: Lang) -> str:
    if lang == "en" and node.name_en:
        return node.name_en
    return node.name


def _one_line(text: str) -> str:
    """Text for a table cell: line breaks and tabs would break the columns."""
    return " ".join(text.split())


def _weight(scheme: Scheme, node_id: str) -> str:
    weight = scheme.weight(node_id)
    if weight is None:
        return "-"
    return f"{round(weight * 100, 1):g}%"


def _assessors(assessors: Sequence[Assessor], lang: Lang) -> str:
    return label("list_sep", lang).join(_name(a, lang) for a in assessors)


def _tree_rows(scheme: Scheme, lang: Lang) -> list[list[str]]:
    rows: list[list[str]] = []
    for node in scheme.iter_nodes():
        depth = scheme.depth(node.id)
        name = _name(node, lang)
        if node.pooled:
            name += _label("pooled_mark", lang)
        points = [
            _label("pooled_points", lang) if p is None else _fmt_points(p)
            for p in (node.points, *(node.points_for(g.id) for g in scheme.groups))
        ]
        assessors = _assessors(node.assessors, lang)
        rows.append(
            [
                _INDENT * depth + _one_line(name),
                node.id,
                *points,
                _weight(scheme, node.id),
                _one_line(assessors),
            ]
        )
    return rows


def _param_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return f"[{len(value)} item{'' if len(value) == 1 else 's'}]"
    if isinstance(value, dict):
        return "{" + ", ".join(str(k) for k in value) + "}"
    if value is None:
        return "null"
    return _one_line(str(value))


def _params(rule: RuleSpec) -> str:
    return ", ".join(f"{key}={_param_value(value)}" for key, value in rule.params.items())


def _header(scheme: Scheme, lang: Lang) -> list[str]:
    meta = scheme.metadata
    title = scheme.title_en if lang == "en" and scheme.title_en else scheme.title
    lines = [_one_line(title)]
    facts: list[tuple[str, str | None]] = [
        ("id", scheme.id),
        ("total", _fmt_points(scheme.total_points)),
        ("document_number", meta.document_number),
        (
            "jurisdiction",
            meta.jurisdiction_en if lang == "en" and meta.jurisdiction_en else meta.jurisdiction,
        ),
        ("issue_date", meta.issue_date.isoformat() if meta.issue_date else None),
        ("tiers", " > ".join(scheme.tier_name(d, lang) for d in range(scheme.n_tiers))),
    ]
    present = [(_label(key, lang), value) for key, value in facts if value]
    width = max(display_width(label) for label, _ in present)
    lines.extend(f"{pad(label, width)}  {_one_line(value)}" for label, value in present if value)
    return lines


def _rule_lines(scheme: Scheme, lang: Lang) -> list[str]:
    if not scheme.rules:
        return []
    rows = [[_label(k, lang) for k in ("rule", "id", "kind", "params")]]
    rows.extend(
        [_one_line(_name(rule, lang)), rule.id, rule.kind, _params(rule)] for rule in scheme.rules
    )
    return [_label("rules", lang) + ":"] + [
        _INDENT + line for line in format_table(rows, [False] * 4)
    ]


def render_scheme(scheme: Scheme, lang: Lang = "zh") -> str:
    """The text that ``govperf show`` prints: metadata, the tree as a table, the rules."""
    lines = _header(scheme, lang)
    lines.append("")
    # with unit groups, one more points column per group (分值(街道))
    groups = [label("scheme.col_group_points", lang, group=_name(g, lang)) for g in scheme.groups]
    heads = [_label("tree", lang), _label("id", lang), _label("points", lang), *groups]
    heads += [_label("weight", lang), _label("assessors", lang)]
    rows = [heads, *_tree_rows(scheme, lang)]
    right = [False, False, True, *(True for _ in groups), True, False]
    lines.extend(format_table(rows, right))
    pools = sorted({scheme.depth(n.id) + 1 for n in scheme.iter_nodes() if n.pooled})
    if pools:
        names = [scheme.tier_name(d, lang) for d in pools]
        if lang == "en":  # the split among the sub-indicators
            names = [name if name.endswith("s") else name + "s" for name in names]
        lines.append("")
        lines.append(label("show.pooled_note", lang, tiers=label("list_sep", lang).join(names)))
    rules = _rule_lines(scheme, lang)
    if rules:
        lines.append("")
        lines.extend(rules)
    return "\n".join(lines)


def _add_show(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source", metavar="PATH|NAME", help="a scheme file, or the name of a bundled scheme"
    )
    add_limits(parser)
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        default="zh",
        help="language of names and labels (default: zh; en uses name_en where given)",
    )


def _run_show(args: argparse.Namespace) -> int:
    """Print the scheme's metadata, tree and rules."""
    _out(render_scheme(load_scheme(args.source, limits=limits_of(args)), args.lang))
    return 0


# -- schema -------------------------------------------------------------------


def _add_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", metavar="FILE.json", help="write the schema to FILE instead of stdout"
    )
    add_force(parser)


def _run_schema(args: argparse.Namespace) -> int:
    """Print or write the JSON Schema of the scheme file format."""
    from ..output._atomic import write_text
    from ..scheme._jsonschema import scheme_json_schema

    file_format("schema", args.output, None, {"json": ".json"}, default="json", stdout=_JSON)
    text = json.dumps(scheme_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_text(args.output, text, overwrite=args.force)
    return 0


_JSON = frozenset({"json"})


# -- the command table and main -------------------------------------------------

COMMANDS: list[Command] = [
    Command("validate", "check scheme files and list every problem", _add_validate, _run_validate),
    Command("show", "show a scheme's tree, points, weights and rules", _add_show, _run_show),
    Command("schema", "print the JSON Schema of scheme files", _add_schema, _run_schema),
    Command(
        "template",
        "write blank data files for every assessor",
        _year.add_template,
        _year.run_template,
    ),
    Command(
        "check",
        "list missing, out-of-range and unknown data",
        _year.add_check,
        _year.run_check,
    ),
    Command(
        "score",
        "score a year's data and rank the units",
        _year.add_score,
        _year.run_score,
    ),
    Command("explain", "explain every number of one unit", _year.add_explain, _year.run_explain),
    Command("report", "write feedback reports and the summary", _year.add_report, _year.run_report),
    Command("audit", "verify or show an audit log of appeals", _audit.add_audit, _audit.run_audit),
]
"""The subcommands, in the order ``govperf --help`` lists them."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("govperf")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-parser per entry of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Government performance indicator systems: schemes, data, scores, reports.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub_parser = sub.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(sub_parser)
        sub_parser.set_defaults(_run=command.run)
    return parser


def _tolerant(stream: TextIO) -> None:
    """Make ``stream`` write characters it cannot encode as escapes instead of failing."""
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        with contextlib.suppress(ValueError, OSError):  # a closed or unusual stream
            stream.reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """After a broken pipe (``govperf show x | head``), keep the exit-time flush from failing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    _tolerant(sys.stdout)
    _tolerant(sys.stderr)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    run: Callable[[argparse.Namespace], int] = args._run
    try:
        return run(args)
    except (SchemeError, DataError) as exc:
        lang = "en" if getattr(args, "lang", "zh") == "en" else "zh"
        print_problems(exc.problems, exc.render(limit=MAX_PRINTED, lang=lang), args)
        return 1
    except GovperfError as exc:
        _err(f"{PROG}: error: {exc}")
        return 1
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except FileExistsError as exc:  # the library's advice names its Python argument
        lang = "en" if getattr(args, "lang", "zh") == "en" else "zh"
        paths = str(exc.filename or "").split(", ")
        text = (
            label("file.exists", lang, path=paths[0])
            if len(paths) == 1
            else label("file.exists_many", lang, path=paths[0], n=len(paths))
        )
        _err(f"{PROG}: error: {text}")
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename is not None else ""
        _err(f"{PROG}: error: {where}{exc.strerror or exc}")
        return 1
    except ImportError as exc:  # an optional extra is not installed
        _err(f"{PROG}: error: {exc}")
        return 1
    except KeyboardInterrupt:
        _err(f"{PROG}: interrupted")
        return 130
