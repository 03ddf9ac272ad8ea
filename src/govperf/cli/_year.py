"""The subcommands of the annual evaluation: template → check → score → explain → report.

    govperf template xicheng_2013 --units units.csv -o blank/      # files for every assessor
    govperf check xicheng_2013 examples/xicheng_2013                # who has not submitted what
    govperf score xicheng_2013 examples/xicheng_2013                # the ranking in the terminal
    govperf score xicheng_2013 examples/xicheng_2013 -o results.xlsx  # format from the name
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
from typing import TYPE_CHECKING, Any, Literal

from .._labels import Lang, label
from ..exceptions import DataError, GovperfError, Problem
from ..output._text import format_table
from ..scheme._load import load_scheme
from ..scheme._model import Scheme
from ._output import add_force, file_format, folder_output
from ._problems import MAX_PRINTED, add_limits, limits_of
from ._taskbook import add_taskbook_option, apply_taskbook

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

_POLICIES = ("error", "zero", "redistribute")


def _out(text: str = "") -> None:
    print(text, file=sys.stdout)


def _add_scheme_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scheme", metavar="SCHEME", help="cli.opt.scheme")
    parser.add_argument("data", metavar="DATA", help="cli.opt.data")
    parser.add_argument("--params", metavar="FILE", help="cli.opt.params")
    add_limits(parser)


def _scheme(args: argparse.Namespace) -> Scheme:
    """The scheme, with the year's ``--params`` merged in when given."""
    scheme = load_scheme(args.scheme, limits=limits_of(args))
    if args.params is None:
        return scheme
    from ..scheme._params import with_params

    return with_params(scheme, args.params)


def _add_missing(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--missing",
        choices=_POLICIES,
        default="error",
        help="cli.opt.missing",
    )


def _load(args: argparse.Namespace) -> tuple[Scheme, Results]:
    from ..io import read_data
    from ..scoring._missing import MissingPolicy
    from ..scoring._score import score

    scheme = _scheme(args)
    data = apply_taskbook(scheme, read_data(scheme, args.data, limits=limits_of(args)), args)
    results = score(scheme, data, missing=MissingPolicy(kind=args.missing))
    notice = results.missing_notice()
    if notice is not None:  # a policy other than error changed figures: say so
        print(notice.text(args.lang), file=sys.stderr)
    return scheme, results


# -- score --------------------------------------------------------------------------


def add_score(parser: argparse.ArgumentParser) -> None:
    _add_scheme_data(parser)
    add_taskbook_option(parser)
    parser.add_argument(
        "--format",
        choices=tuple(_SCORE_FORMATS),
        default=None,
        help="cli.score.format",
    )
    parser.add_argument("-o", "--output", metavar="PATH", help="cli.score.output")
    add_force(parser)
    _add_missing(parser)
    parser.add_argument("--full", action="store_true", help="cli.score.full")


_SCORE_FORMATS = {"table": ".txt", "json": ".json", "csv": ".csv", "xlsx": ".xlsx"}
"""What ``govperf score`` writes, and the extension of each."""

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


def run_score(args: argparse.Namespace) -> int:
    """Score and write the ranking: to stdout, or to ``-o`` in the format its extension names.

    The format and an existing output are checked before anything is scored.
    """
    from ..output._atomic import refuse_existing, write_text
    from ..output._export import write_csv

    out: str | None = args.output
    fmt = file_format(
        "score",
        out,
        args.format,
        _SCORE_FORMATS,
        default="table",
        lang=args.lang,
        stdout=frozenset({"table", "json", "csv"}),
    )
    if args.full and fmt != "json":
        raise GovperfError(label("file.full_json", args.lang))
    if out is not None:
        refuse_existing([out], args.force)
    _scheme, results = _load(args)
    if args.full:
        from ._yearly import full_json

        if out is None:
            _out(full_json(results))
        else:
            write_text(out, full_json(results) + "\n", overwrite=args.force)
            _out(label("file.wrote", args.lang, path=out))
        return 0
    if out is None:
        if fmt == "table":
            _out(ranking_table(results, args.lang))
        elif fmt == "json":
            _out(results.to_json())
        else:
            write_csv(results, sys.stdout, lang=args.lang)
        return 0
    if fmt == "table":
        write_text(out, ranking_table(results, args.lang) + "\n", overwrite=args.force)
    elif fmt == "json":
        results.to_json(out, overwrite=args.force)
    elif fmt == "csv":
        results.to_csv(out, lang=args.lang, overwrite=args.force)
    else:
        results.to_excel(out, lang=args.lang, overwrite=args.force)
    _out(label("file.wrote", args.lang, path=out))
    return 0


# -- explain ------------------------------------------------------------------------


def add_explain(parser: argparse.ArgumentParser) -> None:
    _add_scheme_data(parser)
    add_taskbook_option(parser)
    parser.add_argument("unit", metavar="UNIT", help="cli.explain.unit")
    parser.add_argument("--json", action="store_true", help="cli.explain.json")
    _add_missing(parser)


def run_explain(args: argparse.Namespace) -> int:
    import json

    _scheme, results = _load(args)
    unit = _unit_id(results, args.unit, args.data, args.lang)
    explanation = results.explain(unit)
    if args.json:
        _out(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2))
    else:
        _out(explanation.to_text(args.lang, width=_terminal_width()))
    return 0


def _terminal_width() -> int:
    """The terminal's width (``COLUMNS`` where set), kept between 60 and 120 columns."""
    import shutil

    return max(60, min(120, shutil.get_terminal_size((100, 24)).columns))


def _unit_id(results: Results, given: str, data: str, lang: Lang) -> str:
    """The unit that ``given`` names: a unit id, or a unit's name when exactly one has it.

    Refused with the nearest ids and names (did you mean) when none fits, and with the
    ids when a name is shared by several units.
    """
    import difflib

    ids = results.units
    if given in ids:
        return given
    names = results.data.units.names
    by_name = [uid for uid, name in zip(ids, names, strict=True) if name == given]
    if len(by_name) == 1:
        return by_name[0]
    sep = label("list_sep", lang)
    if by_name:
        raise GovperfError(label("cli.ambiguous_unit", lang, unit=given, ids=sep.join(by_name)))
    close = difflib.get_close_matches(given, [*ids, *names], n=3)
    hint = label("cli.did_you_mean", lang, names=sep.join(close)) if close else ""
    raise GovperfError(label("cli.no_unit", lang, unit=given, data=data, hint=hint))


# -- check --------------------------------------------------------------------------


def add_check(parser: argparse.ArgumentParser) -> None:
    _add_scheme_data(parser)
    add_taskbook_option(parser)


def check_report(
    scheme: Scheme,
    problems: list[Problem],
    names: Mapping[str, str] | None = None,
    lang: Lang = "zh",
) -> str:
    """Problems grouped for an office: missing data by assessor and sub-indicator, then the rest.

    Missing pairs are grouped by the problems' ``node`` and ``unit`` fields; ``names``
    (unit id → name) shows each unit with its name.  In Chinese unless ``lang="en"``.
    """
    names = names or {}
    sep = label("list_sep", lang)
    missing: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    others: list[Problem] = []
    for p in problems:
        known = p.code == "missing" and p.node is not None and p.node in scheme
        sub = scheme.node(p.node) if known and p.node is not None else None
        if sub is not None and sub.is_leaf and p.unit is not None:
            owners = [_name(a, lang) for a in sub.assessors] or [
                label("cli.check_no_assessor", lang)
            ]
            unit = f"{p.unit} ({names[p.unit]})" if p.unit in names else p.unit
            missing[sep.join(owners)][f"{_name(sub, lang)} [{sub.id}]"].append(unit)
        else:
            others.append(p)
    lines: list[str] = []
    if missing:
        count = sum(len(units) for subs in missing.values() for units in subs.values())
        leaf = scheme.tier_name(scheme.n_tiers - 1, lang)
        lines.append(label("cli.check_missing", lang, n=count, leaf=leaf))
        for owner in sorted(missing):
            lines.append(f"  {owner}")
            for sub_label, units in missing[owner].items():
                text = label(
                    "cli.check_node", lang, node=sub_label, n=len(units), units=sep.join(units)
                )
                lines.append(f"    {text}")
    if others:
        key = "cli.check_other" if len(others) == 1 else "cli.check_others"
        lines.append(label(key, lang, n=len(others)))
        listed = DataError(others).problems
        lines.extend(f"  {p.render(lang)}" for p in listed[:MAX_PRINTED])
        if len(listed) > MAX_PRINTED:
            lines.append("  " + label("problems.more", lang, n=len(listed) - MAX_PRINTED))
    return "\n".join(lines)


def _name(thing: Any, lang: Lang) -> str:
    """A scheme object's name in ``lang`` (its ``name_en`` in English, where given)."""
    if lang == "en" and getattr(thing, "name_en", None):
        return str(thing.name_en)
    return str(thing.name)


def run_check(args: argparse.Namespace) -> int:
    from .._api import check_data

    scheme = _scheme(args)
    if getattr(args, "taskbook", None):  # the task book's records and splits first
        from ..io import read_data

        data = apply_taskbook(scheme, read_data(scheme, args.data, limits=limits_of(args)), args)
        problems = check_data(scheme, data)
    else:
        problems = check_data(scheme, args.data, limits=limits_of(args))
    if not problems:
        _out(label("cli.check_complete", args.lang, data=args.data))
        return 0
    names = _unit_names(scheme, args.data, args)
    print(check_report(scheme, problems, names, lang=args.lang), file=sys.stderr)
    return 1


def _unit_names(scheme: Scheme, source: str, args: argparse.Namespace) -> dict[str, str]:
    """Unit id → name, when the data reads (missing pairs are no reading problem)."""
    from ..io import read_data

    try:
        units = read_data(scheme, source, limits=limits_of(args)).units
    except GovperfError:
        return {}
    return dict(zip(units.ids, units.names, strict=True))


# -- template -----------------------------------------------------------------------


def add_template(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scheme", metavar="SCHEME", help="cli.opt.scheme")
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR|FILE.xlsx",
        required=True,
        help="cli.template.output",
    )
    add_limits(parser)
    parser.add_argument("--units", metavar="FILE", help="cli.template.units")
    parser.add_argument(
        "--format",
        choices=("csv", "xlsx"),
        default=None,
        help="cli.template.format",
    )
    add_force(parser)


def _template_format(args: argparse.Namespace) -> str:
    """xlsx for ``-o NAME.xlsx``, csv for a folder; any other file extension is refused."""
    suffix = Path(args.output).suffix.lower()
    if suffix == ".xlsx":
        return file_format(
            "template", args.output, args.format, {"xlsx": ".xlsx"}, default="", lang=args.lang
        )
    folder_output("template", args.output, lang=args.lang)
    return str(args.format or "csv")


def run_template(args: argparse.Namespace) -> int:
    from ..io import read_units, write_template

    fmt: Literal["csv", "xlsx"] = "xlsx" if _template_format(args) == "xlsx" else "csv"
    limits = limits_of(args)
    scheme = load_scheme(args.scheme, limits=limits)
    units = read_units(args.units, limits=limits) if args.units else None
    written = write_template(
        scheme, args.output, units=units, format=fmt, overwrite=args.force, lang=args.lang
    )
    for path in written:
        _out(str(path))
    return 0


# -- report -------------------------------------------------------------------------


def add_report(parser: argparse.ArgumentParser) -> None:
    _add_scheme_data(parser)
    add_taskbook_option(parser)
    parser.add_argument("-o", "--output", metavar="DIR", required=True, help="report.opt_output")
    parser.add_argument("--format", choices=("html", "markdown", "pdf"), help="report.opt_format")
    parser.add_argument("--no-plots", action="store_true", help="report.opt_no_plots")
    parser.add_argument("--title", metavar="TEXT", help="report.opt_title")
    parser.add_argument("--period", metavar="TEXT", help="report.opt_period")
    parser.add_argument("--office", metavar="TEXT", help="report.opt_office")
    parser.add_argument("--no-appendix", action="store_true", help="report.opt_no_appendix")
    parser.add_argument("--profile-tier", metavar="TIER", help="report.opt_profile_tier")
    parser.add_argument("--rectification", metavar="ITEMS", help="rectify.opt_report")
    parser.add_argument("--template", metavar="DIR", help="report.opt_template")
    add_force(parser)
    _add_missing(parser)


def run_report(args: argparse.Namespace) -> int:
    from importlib.util import find_spec

    from ..output._atomic import refuse_existing
    from ..report import SchemeInfo, load_templates, write_pdf, write_reports
    from ..report._render import profile_depth

    one_pdf = Path(args.output).suffix.lower() == ".pdf"
    if one_pdf and args.format not in (None, "pdf"):
        raise GovperfError(
            label("file.mismatch", args.lang, format=args.format, path=args.output, ext=".pdf")
        )
    if not one_pdf:
        folder_output("report", args.output, lang=args.lang)
    if args.template is not None and args.format == "markdown":
        raise GovperfError(label("report.template_markdown", args.lang))
    refuse_existing([args.output], args.force)
    try:  # a bad --profile-tier is refused before the year is scored
        profile_depth(SchemeInfo.of(_scheme(args)), args.profile_tier, args.lang)
    except ValueError as exc:
        raise GovperfError(f"--profile-tier: {exc}") from None
    items = None
    if args.rectification is not None:  # last year's items: read before scoring
        from ..yearly import read_items

        items = read_items(args.rectification)
    if one_pdf or args.format == "pdf":
        from ..report._pdf import _weasyprint

        _weasyprint()  # the extra is named before the year is scored
    # a missing extra, a missing folder or a template that does not compile: before scoring
    templates = None if args.template is None else load_templates(args.template, args.lang)
    _, results = _load(args)
    sections: tuple[Any, Any] = ({}, ())
    if items is not None:
        from ..yearly import Year, rectification_sections, rectification_status

        this_year = Year(label=label("rectify.this_year", args.lang), results=results)
        sections = rectification_sections(rectification_status(items, this_year), args.lang)
    plots = not args.no_plots
    options = {
        "lang": args.lang,
        "plots": plots,
        "overwrite": args.force,
        "title": args.title,
        "period": args.period,
        "office": args.office,
        "appendix": not args.no_appendix,
        "profile_tier": args.profile_tier,
        "template": templates,
        "unit_sections": sections[0],
        "summary_sections": sections[1],
    }
    charts = plots and find_spec("matplotlib") is not None
    if one_pdf:
        pages = write_pdf(results, args.output, **options)
        _out(label("report.wrote_pdf", args.lang, path=args.output, pages=pages))
        return 0
    written = write_reports(results, args.output, format=args.format or "html", **options)
    done = label("report.wrote", args.lang, n=len(written), path=args.output)
    _out(done + ("" if charts else label("report.no_plots", args.lang)))
    return 0
