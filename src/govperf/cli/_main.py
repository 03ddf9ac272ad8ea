"""The ``govperf`` command line: schemes, and the annual evaluation.

Usage::

    govperf validate xicheng_2013 district.yaml   # exit 1 and list problems if any
    govperf show xicheng_2013                     # the indicator tree as a table
    govperf --lang en show xicheng_2013           # the same in English (or GOVPERF_LANG=en)
    govperf schema -o scheme.schema.json          # JSON Schema for editors
    govperf template xicheng_2013 -o blank/       # data files for every assessor
    govperf check xicheng_2013 DATA               # who has not submitted what
    govperf score xicheng_2013 DATA               # the ranking
    govperf explain xicheng_2013 DATA UNIT        # every number of one unit
    govperf report xicheng_2013 DATA -o reports/  # feedback reports and the summary

Each subcommand is a :class:`Command` in :data:`COMMANDS`: a function that adds its
arguments to an :mod:`argparse` sub-parser and a function that runs it and returns
the exit status.  To add a subcommand, write those two functions and append a
:class:`Command` to the table; :func:`main` takes care of streams, errors and the
language.

Chinese first: the command's help and every option's ``help=`` are keys of the one
catalogue (:data:`govperf._labels.LABELS`, ``cli.<command>.<option>``), which the parser
shows in the chosen language (see :mod:`govperf.cli._lang`); ``run`` finds the language
in ``args.lang`` (``"zh"`` or ``"en"``, always set) and looks its own messages up with
``label(key, args.lang)``.  ``--lang`` is global: every sub-parser accepts it, so a
command must not add its own.

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
from typing import Any, TextIO

from attrs import frozen

from .._labels import LABELS, Lang, label
from ..exceptions import DataError, GovperfError, Problem, SchemeError
from ..output._text import display_width, format_table, pad
from ..scheme._load import load_scheme
from ..scheme._model import Assessor, Node, RuleSpec, Scheme, UnitGroup
from . import _appeal, _audit, _diff, _progress, _robustness, _taskbook, _year, _yearly
from ._lang import HelpFormatter, argparse_words, choose_lang, translate
from ._output import add_force, file_format
from ._problems import MAX_PRINTED, add_limits, limits_of, print_problems

__all__ = ["COMMANDS", "Command", "build_parser", "main"]

PROG = "govperf"


@frozen
class Command:
    """One subcommand: its name, its one-line help, how to add its arguments, how to run it.

    ``help`` is a key of the label catalogue (``"cli.score.help"``), shown in the
    chosen language in ``govperf --help`` and as the sub-parser's description; so are
    the ``help=`` texts that ``add_arguments`` gives its options (``"cli.score.format"``).
    A text that is not a key is shown as it is.  ``run`` receives the parsed arguments
    (``args.lang`` is the chosen language) and returns the exit status; it writes to
    ``sys.stdout``/``sys.stderr`` and may raise :class:`~govperf.GovperfError` or
    :class:`OSError`, which :func:`main` reports in that language.
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
        help="cli.validate.sources",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="problems.format_help"
    )
    add_limits(parser)


def _summary(scheme: Scheme, lang: Lang = "zh") -> str:
    """``3 个评价层面、9 个一级指标、16 个二级指标,总分 100`` (``3 levels, 9 indicators,
    16 sub-indicators, 100 points``): one count per tier."""
    counts = [0] * scheme.n_tiers
    for node in scheme.iter_nodes():
        counts[min(scheme.depth(node.id), len(counts) - 1)] += 1
    if lang == "en":
        parts = [
            _plural(n, tier.name_en) if tier.name_en else f"{n} {tier.name}"
            for n, tier in zip(counts, scheme.tiers, strict=True)
        ]
    else:
        parts = [
            label("cli.tier_count", lang, n=n, tier=tier.name)
            for n, tier in zip(counts, scheme.tiers, strict=True)
        ]
    return label(
        "cli.valid_summary",
        lang,
        counts=label("list_sep", lang).join(parts),
        points=_fmt_points(scheme.total_points),
    )


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
                _err(exc.render(limit=MAX_PRINTED, lang=args.lang))
            status = 1
            continue
        if args.format != "json":
            _out(label("cli.valid", args.lang, source=source, summary=_summary(scheme, args.lang)))
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
    parser.add_argument("source", metavar="PATH|NAME", help="cli.show.source")
    add_limits(parser)


def _run_show(args: argparse.Namespace) -> int:
    """Print the scheme's metadata, tree and rules."""
    _out(render_scheme(load_scheme(args.source, limits=limits_of(args)), args.lang))
    return 0


# -- schema -------------------------------------------------------------------


def _add_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE.json", help="cli.schema.output")
    add_force(parser)


def _run_schema(args: argparse.Namespace) -> int:
    """Print or write the JSON Schema of the scheme file format."""
    from ..output._atomic import write_text
    from ..scheme._jsonschema import scheme_json_schema

    file_format(
        "schema",
        args.output,
        None,
        {"json": ".json"},
        default="json",
        lang=args.lang,
        stdout=_JSON,
    )
    text = json.dumps(scheme_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_text(args.output, text, overwrite=args.force)
    return 0


_JSON = frozenset({"json"})


# -- the command table and main -------------------------------------------------

COMMANDS: list[Command] = [
    Command("validate", "cli.validate.help", _add_validate, _run_validate),
    Command("show", "cli.show.help", _add_show, _run_show),
    Command("schema", "cli.schema.help", _add_schema, _run_schema),
    Command("template", "cli.template.help", _year.add_template, _year.run_template),
    Command("check", "cli.check.help", _year.add_check, _year.run_check),
    Command("score", "cli.score.help", _year.add_score, _year.run_score),
    Command("explain", "cli.explain.help", _year.add_explain, _year.run_explain),
    Command("report", "cli.report.help", _year.add_report, _year.run_report),
    Command("appeal", "cli.appeal.help", _appeal.add_appeal, _appeal.run_appeal),
    Command("audit", "cli.audit.help", _audit.add_audit, _audit.run_audit),
    Command("taskbook", "taskbook.help_command", _taskbook.add_taskbook, _taskbook.run_taskbook),
    Command("progress", "progress.help_command", _progress.add_progress, _progress.run_progress),
    Command("rectify", "cli.rectify.help", _yearly.add_rectify, _yearly.run_rectify),
    Command("compare", "cli.compare.help", _yearly.add_compare, _yearly.run_compare),
    Command("trend", "cli.trend.help", _yearly.add_trend, _yearly.run_trend),
    Command("diff", "diff.help_command", _diff.add_diff, _diff.run_diff),
    Command(
        "robustness", "robust.cli.help", _robustness.add_robustness, _robustness.run_robustness
    ),
]
"""The subcommands, in the order ``govperf --help`` lists them."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("govperf")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "unknown"


def _add_lang(parser: argparse.ArgumentParser, default: str | None) -> None:
    parser.add_argument("--lang", choices=("zh", "en"), default=default, help="cli.opt.lang")


class _Version(argparse.Action):
    """``--version``: the version is read from the package metadata only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show program's version number and exit")
        super().__init__(
            option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, **kwargs
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        parser._print_message(f"{PROG} {_version()}\n", sys.stdout)
        parser.exit()


def build_parser(lang: Lang = "zh") -> argparse.ArgumentParser:
    """The argument parser in ``lang``, with one sub-parser per entry of :data:`COMMANDS`.

    ``--lang`` is accepted before the command and after it (each sub-parser has it too,
    without a default, so that one given before is not overwritten).  argparse's own
    words (``usage:``, ``options``) are in ``lang`` when the parser is built and used
    inside :func:`~govperf.cli._lang.argparse_words`, as :func:`main` does.
    """
    with argparse_words(lang):
        parser = argparse.ArgumentParser(
            prog=PROG,
            description="cli.description",
            epilog="cli.epilog",
            add_help=False,
            formatter_class=HelpFormatter,
        )
        parser.add_argument("-h", "--help", action="help", help="cli.opt.help")
        parser.add_argument("--version", action=_Version, nargs=0, help="cli.opt.version")
        _add_lang(parser, None)
        sub = parser.add_subparsers(
            dest="command", metavar="COMMAND", required=True, title="cli.commands"
        )
        for command in COMMANDS:
            sub_parser = sub.add_parser(
                command.name,
                help=command.help,
                description=command.help,
                add_help=False,
                formatter_class=HelpFormatter,
            )
            sub_parser.add_argument("-h", "--help", action="help", help="cli.opt.help")
            command.add_arguments(sub_parser)
            if "--lang" not in sub_parser._option_string_actions:
                _add_lang(sub_parser, argparse.SUPPRESS)
            sub_parser.set_defaults(_run=command.run)
        translate(parser, lang)
        for group in parser._action_groups:
            if group.title == "cli.commands":
                group.title = label("cli.commands", lang)
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


def _os_message(exc: OSError, lang: Lang) -> str:
    """The operating system's reason, in ``lang`` for the common ones."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    key = f"cli.os.{name}"
    if name and key in LABELS:
        return label(key, lang)
    return str(exc.strerror or exc)


def _error(text: str, lang: Lang) -> None:
    _err(label("cli.error", lang, prog=PROG, message=text))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status.

    The language is ``--lang`` where given, else the environment variable
    ``GOVPERF_LANG``, else Chinese.
    """
    _tolerant(sys.stdout)
    _tolerant(sys.stderr)
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        lang = choose_lang(argv)
    except ValueError as exc:
        for each in ("zh", "en"):
            _error(label("cli.bad_env", each, value=str(exc)), "zh" if each == "zh" else "en")
        return 2
    with argparse_words(lang):
        parser = build_parser(lang)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version and usage errors
            return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    args.lang = lang  # also where a nested parser has a --lang of its own with a default
    run: Callable[[argparse.Namespace], int] = args._run
    try:
        return run(args)
    except (SchemeError, DataError) as exc:
        print_problems(exc.problems, exc.render(limit=MAX_PRINTED, lang=lang), args)
        return 1
    except GovperfError as exc:
        _error(str(exc), lang)
        return 1
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except FileExistsError as exc:  # the library's advice names its Python argument
        paths = str(exc.filename or "").split(", ")
        text = (
            label("file.exists", lang, path=paths[0])
            if len(paths) == 1
            else label("file.exists_many", lang, path=paths[0], n=len(paths))
        )
        _error(text, lang)
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename is not None else ""
        _error(f"{where}{_os_message(exc, lang)}", lang)
        return 1
    except ImportError as exc:  # an optional extra is not installed
        _error(str(exc), lang)
        return 1
    except KeyboardInterrupt:
        _err(label("cli.interrupted", lang, prog=PROG))
        return 130
