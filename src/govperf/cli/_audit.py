"""``govperf audit``: verify and show an audit log of appeals and re-reviews::

    govperf audit verify audit.jsonl             # exit 1 naming the first broken entry
    govperf audit verify audit.jsonl --head HASH # and check it ends at a recorded head
    govperf audit show audit.jsonl               # the entries as a table

The log format is :mod:`govperf.audit`'s; the appeals that write it are ``govperf appeal``.
"""

from __future__ import annotations

import argparse
import sys

from .._labels import label

__all__ = ["add_audit", "run_audit"]


def add_audit(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    check = sub.add_parser("verify", help="cli.audit.verify", description="cli.audit.verify")
    check.add_argument("log", metavar="LOG", help="cli.audit.log")
    check.add_argument("--head", metavar="HASH", help="cli.audit.head")
    check.add_argument("--results", metavar="FILE.json", help="cli.audit.results")
    show = sub.add_parser("show", help="cli.audit.show", description="cli.audit.show")
    show.add_argument("log", metavar="LOG", help="cli.audit.log")
    show.add_argument("--json", action="store_true", help="cli.audit.json")
    for p in (check, show):  # --lang is global, but accepted after the action too
        p.add_argument(
            "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="cli.opt.lang"
        )


def _short(value: object) -> str:
    """A subject value for the table: hashes cut to 12 digits, lists joined, None as -."""
    if value is None:
        return "-"
    if isinstance(value, list):
        return "[" + " ".join(_short(v) for v in value) + "]"
    text = str(value)
    if len(text) == 64 and all(c in "0123456789abcdef" for c in text):
        return text[:12] + "…"
    return " ".join(text.split())


def run_audit(args: argparse.Namespace) -> int:
    from ..audit import read_log, verify

    lang = args.lang
    if args.audit_command == "verify":
        broken = verify(args.log, head=args.head)
        if broken is not None:
            print(
                label("audit.broken", lang, path=args.log, why=broken.text(lang)), file=sys.stderr
            )
            return 1
        entries = read_log(args.log)
        head = entries[-1].hash if entries else "-"
        print(label("audit.intact", lang, path=args.log, n=len(entries), head=head))
        if args.results is not None:
            import json
            from pathlib import Path

            from ..appeals import check_results

            doc = json.loads(Path(args.results).read_text(encoding="utf-8"))
            wrong = check_results(doc if isinstance(doc, dict) else {}, entries)
            if wrong is not None:
                why = wrong[0] if lang == "zh" else wrong[1]
                print(label("audit.broken", lang, path=args.results, why=why), file=sys.stderr)
                return 1
            seq = doc["appeals"]["entries"]
            print(label("audit.results_ok", lang, path=args.results, seq=seq))
        return 0
    entries = read_log(args.log)
    if args.json:
        import json

        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
        return 0
    from ..output._text import format_table

    keys = ("seq", "time", "user", "action", "subject")
    rows = [[label(f"audit.col_{k}", lang) for k in keys]]
    for e in entries:
        key = f"audit.action.{e.action}"
        try:
            action = label(key, lang)
        except KeyError:
            action = e.action
        subject = ", ".join(f"{k}={_short(v)}" for k, v in e.subject.items())
        rows.append([str(e.seq), e.time, e.user, action, subject])
    print("\n".join(format_table(rows, [True, False, False, False, False])))
    return 0
