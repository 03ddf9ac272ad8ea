"""``govperf appeal``: re-score after re-review, with a diff and the audit log::

    govperf appeal check SCHEME DATA APPEALS                 # the diff; nothing written
    govperf appeal apply SCHEME DATA APPEALS --log audit.jsonl -o results-rereview.json

``apply`` writes the new results (``.json``: the full, restorable form of
:meth:`govperf.Results.to_dict` with the audit log's head; ``.csv``, ``.xlsx``: the
tables of ``govperf score``) and appends the round's steps to the log; the data
files, the appeals file and any earlier output are only read.  Who records it comes
from ``--user`` or ``GOVPERF_USER``.
"""

from __future__ import annotations

import argparse
import os
import sys

from .._labels import label
from ..exceptions import GovperfError
from ._output import add_force, file_format

__all__ = ["add_appeal", "run_appeal"]

_OUT = {"json": ".json", "csv": ".csv", "xlsx": ".xlsx"}
_DIFF = {"json": ".json", "csv": ".csv", "markdown": ".md", "table": ".txt"}


def add_appeal(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="appeal_command", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="cli.appeal.check", description="cli.appeal.check")
    apply = sub.add_parser("apply", help="cli.appeal.apply", description="cli.appeal.apply")
    for p in (check, apply):
        p.add_argument("scheme", metavar="SCHEME", help="cli.opt.scheme")
        p.add_argument("data", metavar="DATA", help="cli.opt.data")
        p.add_argument("appeals", metavar="APPEALS", help="cli.appeal.file")
        p.add_argument("--params", metavar="FILE", help="cli.opt.params")
        p.add_argument(
            "--missing",
            choices=("error", "zero", "redistribute"),
            default="error",
            help="cli.opt.missing",
        )
        p.add_argument("--diff", metavar="FILE", help="cli.appeal.diff")
        p.add_argument(  # --lang is global, but accepted after the action too
            "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="cli.opt.lang"
        )
    apply.add_argument("--log", metavar="LOG", required=True, help="cli.appeal.log")
    apply.add_argument("-o", "--output", metavar="FILE", required=True, help="cli.appeal.output")
    apply.add_argument("--user", help="cli.appeal.user")
    add_force(apply)


def _write_diff(path: str, diff: object, lang: str, force: bool) -> None:
    import csv
    import io
    import json

    from ..appeals import AppealDiff
    from ..output._atomic import write_text

    assert isinstance(diff, AppealDiff)
    fmt = file_format("appeal", path, None, _DIFF, default="table", lang=lang)  # type: ignore[arg-type]
    if fmt == "json":
        text = json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
        write_text(path, text, overwrite=force)
    elif fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(diff.to_rows(lang))
        write_text(path, buffer.getvalue(), encoding="utf-8-sig", newline="", overwrite=force)
    elif fmt == "markdown":
        rows = diff.to_rows(lang)
        lines = ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        lines.insert(1, "|" + " --- |" * len(rows[0]))
        write_text(path, "\n".join(lines) + "\n", overwrite=force)
    else:
        write_text(path, diff.to_text(lang) + "\n", overwrite=force)


def run_appeal(args: argparse.Namespace) -> int:
    from ..appeals import read_appeals, rescore
    from ..io import read_data
    from ..output._atomic import refuse_existing
    from ..scheme._load import load_scheme
    from ..scoring._missing import MissingPolicy

    lang = args.lang
    applying = args.appeal_command == "apply"
    user = None
    if applying:
        user = (args.user or os.environ.get("GOVPERF_USER") or "").strip()
        if not user:
            raise GovperfError(label("audit.no_user", lang))
        file_format("appeal", args.output, None, _OUT, default="json", lang=lang)
        refuse_existing([args.output], args.force)
    if args.diff is not None:
        file_format("appeal", args.diff, None, _DIFF, default="table", lang=lang)
        refuse_existing([args.diff], getattr(args, "force", False))
    scheme = load_scheme(args.scheme)
    if args.params is not None:
        from ..scheme._params import with_params

        scheme = with_params(scheme, args.params)
    appeals = read_appeals(args.appeals)
    data = read_data(scheme, args.data)
    done = rescore(scheme, data, appeals, missing=MissingPolicy(kind=args.missing))
    print(done.diff.to_text(lang))
    if done.pending:
        print(label("appeal.pending", lang, ids=", ".join(done.pending)), file=sys.stderr)
    if not applying:
        if args.diff is not None:
            _write_diff(args.diff, done.diff, lang, False)
        return 0
    assert user is not None
    return _apply(args, done, user)


def _apply(args: argparse.Namespace, done: object, user: str) -> int:
    import json

    from ..appeals import Rescored, audit_steps
    from ..audit import append_entries, chain, read_log, utc_now
    from ..output._atomic import write_text

    assert isinstance(done, Rescored)
    lang = args.lang
    entries = read_log(args.log)
    steps = audit_steps(done, entries)
    new = chain(entries, steps, user=user, clock=utc_now)
    head = new[-1].hash
    out: str = args.output
    fmt = file_format("appeal", out, None, _OUT, default="json", lang=lang)
    if fmt == "json":
        doc = done.results.to_dict()
        doc["appeals"] = {
            "log": os.fspath(args.log),
            "head": head,
            "entries": new[-1].seq,
            "applied": [a.to_dict() for a in done.applied],
            "diff": done.diff.to_dict(),
        }
        write_text(out, json.dumps(doc, ensure_ascii=False, indent=2) + "\n", overwrite=args.force)
    elif fmt == "csv":
        done.results.to_csv(out, lang=lang, overwrite=args.force)
    else:
        done.results.to_excel(out, lang=lang, overwrite=args.force)
    if args.diff is not None:
        _write_diff(args.diff, done.diff, lang, args.force)
    append_entries(args.log, new)
    print(label("file.wrote", lang, path=out))
    print(label("audit.head_is", lang, path=args.log, head=head))
    return 0
