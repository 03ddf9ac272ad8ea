"""``govperf robustness``: rank intervals, grade probabilities and sensitivity::

    govperf robustness xicheng_2013 examples/xicheng_2013 \\
        --dirichlet total=200 --dirichlet effectiveness=50 --vary petitions=1:3 \\
        --samples 2000 --seed 2013 --sensitivity --out robustness.csv

``--vary ID=LOW:HIGH`` (points) or ``--vary ID=±20%`` (the declared points ± 20 %) makes
a node's points uncertain; ``--dirichlet ID[=CONCENTRATION]`` re-splits a node's points
(``total`` for the top tier).  The analysis is :func:`govperf.robustness.uncertainty`
(and :func:`~govperf.robustness.sensitivity` with ``--sensitivity``); heavy modules are
imported inside :func:`run_robustness`, so the command line starts fast.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from .._labels import label
from ._output import add_force

__all__ = ["add_robustness", "run_robustness"]

_RANGE = re.compile(r"^(?P<low>[0-9.]+)\s*:\s*(?P<high>[0-9.]+)$")
_SHARE = re.compile(r"^(?:±|\+-|\+/-)?(?P<pct>[0-9.]+)\s*%$")


def add_robustness(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scheme", metavar="SCHEME", help="cli.opt.scheme")
    parser.add_argument("data", metavar="DATA", help="cli.opt.data")
    parser.add_argument("--params", metavar="FILE", help="cli.opt.params")
    parser.add_argument(
        "--vary", action="append", default=[], metavar="ID=LOW:HIGH", help="robust.cli.vary"
    )
    parser.add_argument(
        "--dirichlet", action="append", default=[], metavar="ID[=C]", help="robust.cli.dirichlet"
    )
    parser.add_argument("--samples", type=int, default=1000, help="robust.cli.samples")
    parser.add_argument("--seed", type=int, default=0, help="robust.cli.seed")
    parser.add_argument("--sensitivity", action="store_true", help="robust.cli.sensitivity")
    parser.add_argument("--out", metavar="FILE", help="robust.cli.out")
    parser.add_argument(
        "--missing", choices=("error", "zero"), default="error", help="robust.cli.missing"
    )
    add_force(parser)


def _perturbations(args: argparse.Namespace, scheme: Any) -> list[Any]:
    """The ``--vary`` and ``--dirichlet`` settings as perturbations; bad ones raise
    :class:`ValueError` with a message in the chosen language."""
    from ..robustness import Dirichlet, Range

    out: list[Any] = []
    lang = args.lang
    for value in args.vary:
        node, sep, spec = value.partition("=")
        node, spec = node.strip(), spec.strip()
        m, share = _RANGE.match(spec), _SHARE.match(spec)
        if not sep or not node or (m is None and share is None):
            why = "ID=LOW:HIGH, ID=±20%"
            raise ValueError(label("robust.cli.bad_vary", lang, value=value, why=why))
        if m is not None:
            out.append(Range(node, float(m["low"]), float(m["high"])))
        else:
            assert share is not None
            try:
                points = scheme.node(node).points or 0.0
            except KeyError:
                points = 0.0  # the sampler names the unknown node
            pct = float(share["pct"]) / 100
            out.append(Range(node, points * (1 - pct), points * (1 + pct)))
    for value in args.dirichlet:
        node, sep, spec = value.partition("=")
        node = node.strip()
        try:
            conc = float(spec) if sep else 100.0
        except ValueError:
            why = "ID=CONCENTRATION"
            raise ValueError(label("robust.cli.bad_vary", lang, value=value, why=why)) from None
        out.append(Dirichlet(None if node in ("total", "") else node, conc))
    return out


def run_robustness(args: argparse.Namespace) -> int:
    """Run the uncertainty (and sensitivity) analysis and print or write the table."""
    import json

    from ..io import read_data
    from ..output._atomic import refuse_existing, write_text
    from ..output._text import format_table
    from ..robustness import sensitivity, uncertainty
    from ..scheme._load import load_scheme

    lang = args.lang
    out = args.out
    if out is not None:
        if not out.endswith((".csv", ".json")):
            print(label("robust.cli.bad_vary", lang, value=out, why=".csv, .json"), file=sys.stderr)
            return 2
        refuse_existing([out], args.force)
    scheme = load_scheme(args.scheme)
    if args.params is not None:
        from ..scheme._params import with_params

        scheme = with_params(scheme, args.params)
    data = read_data(scheme, args.data)
    try:
        vary = _perturbations(args, scheme)
        result = uncertainty(
            scheme, data, vary, samples=args.samples, seed=args.seed, missing=args.missing
        )
        sens = (
            sensitivity(
                scheme,
                data,
                vary,
                samples=max(2, args.samples // 4),
                seed=args.seed,
                missing=args.missing,
            )
            if args.sensitivity and vary
            else None
        )
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    width = float((result.rank_high - result.rank_low).mean()) if result.units else 0.0
    header = label(
        "robust.cli.summary", lang, samples=result.samples, units=len(result.units), width=width
    )
    order = sorted(
        range(len(result.units)),
        key=lambda i: (result.nominal_rank[i] != result.nominal_rank[i], result.nominal_rank[i]),
    )

    def cell(v: Any) -> str:
        if v is None:
            return "-"
        if isinstance(v, float):
            return f"{v:g}" if v == int(v) else f"{v:.2f}"
        return str(v)

    rows = result.rows()
    table = [result.columns(lang)] + [[cell(v) for v in rows[i]] for i in order]
    text = header + "\n" + "\n".join(format_table(table, [False] * len(table[0])))
    if sens is not None:
        stable = [sens.columns(lang)] + [[cell(v) for v in r] for r in sens.rows(lang)]
        text += "\n\n" + "\n".join(format_table(stable, [False] * 3))
    if out is None:
        print(text)
        return 0
    if out.endswith(".json"):
        payload: dict[str, Any] = {"uncertainty": result.to_dict()}
        if sens is not None:
            payload["sensitivity"] = sens.to_dict()
        write_text(
            out, json.dumps(payload, ensure_ascii=False, indent=2) + "\n", overwrite=args.force
        )
    else:
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(result.columns(lang))
        writer.writerows([["" if v is None else v for v in rows[i]] for i in order])
        write_text(out, buf.getvalue(), overwrite=args.force)
    print(header)
    print(label("file.wrote", lang, path=out))
    return 0
