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
    from ..data._data import Units
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
    parser.add_argument(
        "--ignore", metavar="NAME", action="append", default=[], help="folder.opt.ignore"
    )
    add_limits(parser)


def ignore_of(args: argparse.Namespace) -> list[str]:
    """The note sheets and files to skip besides the usual ones (``--ignore``)."""
    return list(getattr(args, "ignore", None) or [])


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
    data = read_data(scheme, args.data, limits=limits_of(args), ignore=ignore_of(args))
    data = apply_taskbook(scheme, data, args)
    try:
        results = score(scheme, data, missing=MissingPolicy(kind=args.missing))
    except DataError as exc:  # missing data: say how to list it, and how to score anyway
        if not any(p.code == "missing" for p in exc.problems):
            raise
        hint = label("check.missing_hint", args.lang, scheme=args.scheme, data=args.data)
        raise _Hinted(exc.problems, exc.source, hint) from None
    notice = results.missing_notice()
    if notice is not None:  # a policy other than error changed figures: say so
        print(notice.text(args.lang), file=sys.stderr)
    return scheme, results


class _Hinted(DataError):
    """A data error whose list ends with a hint line (what to run next)."""

    def __init__(self, problems: Any, source: str | None, hint: str) -> None:
        self.hint = hint
        super().__init__(problems, source=source)

    def render(self, limit: int | None = None, lang: Lang | str = "zh") -> str:
        return super().render(limit, lang) + "\n" + self.hint


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


_CHECK_FORMATS = ("text", "json", "csv")


def add_check(parser: argparse.ArgumentParser) -> None:
    _add_scheme_data(parser)
    add_taskbook_option(parser)
    parser.add_argument("--format", choices=_CHECK_FORMATS, default="text", help="check.opt.format")


def compact_units(
    units: list[str],
    order: Mapping[str, int] | None = None,
    names: Mapping[str, str] | None = None,
    lang: Lang = "zh",
) -> str:
    """A list of unit ids, short: runs of consecutive units (in the units table's
    ``order``) as ``u01–u05``, at most :data:`_SHOWN_RUNS` runs then ``… (共 N 个单位)``;
    up to three units are shown with their ``names``: ``b (乙)``."""
    order = order or {}
    names = names or {}
    sep = label("list_sep", lang)
    unique = list(dict.fromkeys(units))
    if len(unique) <= 3:
        return sep.join(f"{u} ({names[u]})" if u in names else u for u in unique)
    known = sorted((u for u in unique if u in order), key=order.__getitem__)
    runs: list[list[str]] = []
    for u in known:
        if runs and order[u] == order[runs[-1][-1]] + 1:
            runs[-1].append(u)
        else:
            runs.append([u])
    runs += [[u] for u in unique if u not in order]
    parts = [f"{run[0]}–{run[-1]}" if len(run) > 2 else sep.join(run) for run in runs[:_SHOWN_RUNS]]
    text = sep.join(parts)
    if len(runs) > _SHOWN_RUNS:
        text = label("check.more_units", lang, units=text, n=len(unique))
    return text


_SHOWN_RUNS = 8
"""How many runs of units a line of ``govperf check`` shows."""


def compact_rows(problems: list[Problem]) -> str:
    """Where problems sit, short: ``v.csv:2–4, 9; book.xlsx[区财政局]:3``."""
    by_file: dict[str, list[int]] = defaultdict(list)
    for p in problems:
        if p.file is not None and p.line is not None:
            by_file[p.file].append(p.line)
    parts = []
    for file, lines in by_file.items():
        ordered = sorted(set(lines))
        runs: list[list[int]] = []
        for line in ordered:
            if runs and line == runs[-1][-1] + 1:
                runs[-1].append(line)
            else:
                runs.append([line])
        shown = ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
        parts.append(f"{file}:{shown}")
    return "; ".join(parts)


def _missing_groups(
    scheme: Scheme, problems: list[Problem], lang: Lang
) -> tuple[dict[str, dict[str, list[Problem]]], list[Problem]]:
    """Missing pairs by assessor and sub-indicator label, and the other problems."""
    sep = label("list_sep", lang)
    missing: dict[str, dict[str, list[Problem]]] = defaultdict(lambda: defaultdict(list))
    others: list[Problem] = []
    for p in problems:
        known = p.code == "missing" and p.node is not None and p.node in scheme
        sub = scheme.node(p.node) if known and p.node is not None else None
        if sub is not None and sub.is_leaf and p.unit is not None:
            owners = [_name(a, lang) for a in sub.assessors] or [
                label("cli.check_no_assessor", lang)
            ]
            missing[sep.join(owners)][f"{_name(sub, lang)} [{sub.id}]"].append(p)
        else:
            others.append(p)
    return missing, others


def check_report(
    scheme: Scheme,
    problems: list[Problem],
    names: Mapping[str, str] | None = None,
    lang: Lang = "zh",
    *,
    order: Mapping[str, int] | None = None,
    ignored: list[str] | tuple[str, ...] = (),
) -> str:
    """Problems grouped for an office: missing data by assessor and sub-indicator, then the rest.

    Missing pairs are grouped by the problems' ``node`` and ``unit`` fields; each
    sub-indicator's units are listed compactly (runs in the units table's ``order``:
    ``u01–u05、u09``; up to three units with their ``names``), followed by the rows of
    a template that were left empty (``v.csv:2–4``).  ``ignored`` names the note
    sheets and files that were skipped.  In Chinese unless ``lang="en"``.
    """
    missing, others = _missing_groups(scheme, problems, lang)
    lines: list[str] = []
    if missing:
        count = sum(len(units) for subs in missing.values() for units in subs.values())
        leaf = scheme.tier_name(scheme.n_tiers - 1, lang)
        lines.append(label("cli.check_missing", lang, n=count, leaf=leaf))
        for owner in sorted(missing):
            lines.append(f"  {owner}")
            for sub_label, found in missing[owner].items():
                units = [p.unit for p in found if p.unit is not None]
                text = label(
                    "cli.check_node",
                    lang,
                    node=sub_label,
                    n=len(set(units)),
                    units=compact_units(units, order, names, lang),
                )
                rows = compact_rows(found)
                if rows:
                    text += label("check.rows", lang, rows=rows)
                lines.append(f"    {text}")
    if others:
        key = "cli.check_other" if len(others) == 1 else "cli.check_others"
        lines.append(label(key, lang, n=len(others)))
        listed = DataError(others).problems
        lines.extend(f"  {p.render(lang)}" for p in listed[:MAX_PRINTED])
        if len(listed) > MAX_PRINTED:
            lines.append("  " + label("problems.more", lang, n=len(listed) - MAX_PRINTED))
    if ignored:
        lines.append(label("check.ignored", lang, names=label("list_sep", lang).join(ignored)))
    return "\n".join(lines)


def _name(thing: Any, lang: Lang) -> str:
    """A scheme object's name in ``lang`` (its ``name_en`` in English, where given)."""
    if lang == "en" and getattr(thing, "name_en", None):
        return str(thing.name_en)
    return str(thing.name)


def check_json(
    scheme: Scheme, source: str, problems: list[Problem], ignored: list[str], lang: Lang = "zh"
) -> str:
    """``govperf check --format json``: every problem as data, each missing pair with its
    sub-indicator's assessors, and the note sheets skipped."""
    import json

    missing, others = _missing_groups(scheme, problems, lang)
    items = []
    for p in DataError(problems).problems:
        item = p.to_dict(lang)
        if p.code == "missing" and p.node is not None and p.node in scheme:
            item["assessors"] = [_name(a, lang) for a in scheme.node(p.node).assessors]
        items.append(item)
    doc = {
        "data": source,
        "complete": not problems,
        "missing": sum(len(v) for subs in missing.values() for v in subs.values()),
        "other": len(others),
        "problems": items,
        "ignored": list(ignored),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


_CHECK_COLUMNS = (
    "file",
    "line",
    "column",
    "where",
    "code",
    "unit",
    "node",
    "rule",
    "assessors",
    "message",
)


def write_check_csv(scheme: Scheme, problems: list[Problem], lang: Lang, out: Any) -> None:
    """``govperf check --format csv``: one row per problem, headed in ``lang``; a cell
    that looks like a formula is written as text."""
    import csv

    from ..output._sheet import csv_cell_text

    writer = csv.writer(out)
    writer.writerow([label(f"check.col.{c}", lang) for c in _CHECK_COLUMNS])
    sep = label("list_sep", lang)
    for p in DataError(problems).problems:
        item = p.to_dict(lang)
        owners = ""
        if p.code == "missing" and p.node is not None and p.node in scheme:
            owners = sep.join(_name(a, lang) for a in scheme.node(p.node).assessors)
        item["assessors"] = owners
        writer.writerow(["" if item[c] is None else csv_cell_text(item[c]) for c in _CHECK_COLUMNS])


def run_check(args: argparse.Namespace) -> int:
    """Check the data and print what is missing or wrong to stdout; exit 1 if anything is."""
    from ..io._read import check_read
    from ..scoring._compile import compile_scheme

    scheme = _scheme(args)
    ignored: list[str] = []
    units: Units | None
    if getattr(args, "taskbook", None):  # the task book's records and splits first
        from .._api import check_data
        from ..io import read_data

        read = read_data(scheme, args.data, limits=limits_of(args), ignore=ignore_of(args))
        data = apply_taskbook(scheme, read, args)
        problems, units = check_data(scheme, data), data.units
    else:
        problems, result = check_read(
            compile_scheme(scheme), args.data, limits_of(args), ignore_of(args)
        )
        units = result.data.units if result.data is not None else None
        ignored = result.ignored
    if args.format == "json":
        _out(check_json(scheme, args.data, problems, ignored, args.lang))
    elif args.format == "csv":
        write_check_csv(scheme, problems, args.lang, sys.stdout)
    elif not problems:
        text = label("cli.check_complete", args.lang, data=args.data)
        if ignored:
            sep = label("list_sep", args.lang)
            text += "\n" + label("check.ignored", args.lang, names=sep.join(ignored))
        _out(text)
    else:
        names = {} if units is None else dict(zip(units.ids, units.names, strict=True))
        order = {} if units is None else {u: i for i, u in enumerate(units.ids)}
        report = check_report(scheme, problems, names, lang=args.lang, order=order, ignored=ignored)
        _out(report)
    return 1 if problems else 0


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
