"""``govperf diff A B``: what changed between two schemes, for a leading group.

    govperf diff xicheng_2013 district_2014.yaml
    govperf diff xicheng_2013 district_2014.yaml -o changes.html

Nodes and rules are matched by id.  The diff code is imported when the command runs.
"""

from __future__ import annotations

import argparse
import sys

from .._labels import label
from ._output import add_force, file_format

__all__ = ["add_diff", "run_diff"]

_FORMATS = {"text": ".txt", "markdown": ".md", "html": ".html", "json": ".json"}


def add_diff(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("before", metavar="A", help="diff.help_before")
    parser.add_argument("after", metavar="B", help="diff.help_after")
    parser.add_argument("--format", choices=tuple(_FORMATS), default=None, help="diff.help_format")
    parser.add_argument("-o", "--output", metavar="FILE", help="diff.help_output")
    add_force(parser)


def run_diff(args: argparse.Namespace) -> int:
    """Print or write the diff of two schemes."""
    import json

    from ..output._atomic import write_text
    from ..report._diff import render_diff
    from ..scheme._diff import scheme_diff
    from ..scheme._load import load_scheme

    fmt = file_format(
        "diff",
        args.output,
        args.format,
        _FORMATS,
        default="text",
        lang=args.lang,
        stdout=frozenset({"text", "markdown", "json"}),
    )
    diff = scheme_diff(load_scheme(args.before), load_scheme(args.after))
    if fmt == "json":
        text = json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_diff(diff, "text" if fmt == "text" else fmt, args.lang)  # type: ignore[arg-type]
    if args.output is None:
        sys.stdout.write(text)
        return 0
    write_text(args.output, text, overwrite=args.force)
    print(label("file.wrote", args.lang, path=args.output), file=sys.stdout)
    return 0
