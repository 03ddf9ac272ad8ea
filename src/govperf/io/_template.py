"""Write empty, correctly headed data files for a scheme: one per assessor and kind.

A performance office sends each assessor (考评主体) its files, prefilled with one row
per unit and sub-indicator (and per answer category for surveys); the assessor fills
the value cells and sends them back; :func:`~govperf.read_data` reads the folder.
A row left empty is "not submitted", and the completeness check reports it.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from attrs import frozen

from .._labels import label
from ..data._data import EvaluationData, Units
from ..scheme._model import Scheme
from ..scoring._compile import compile_scheme

__all__ = ["UnitsSource", "write_template"]

UnitsSource = (
    Units
    | EvaluationData
    | Sequence[tuple[str, str] | tuple[str, str, str | None] | Mapping[str, Any] | str]
)
"""Units to prefill: (id, name) or (id, name, group) tuples, ``{"id", "name", "group"}``
mappings, plain ids, :class:`~govperf.Units` or the units of an
:class:`~govperf.EvaluationData`."""

UNASSIGNED = label("template.unassigned")
"""The file-name prefix of leaves and rules whose scheme names no assessor (未指定考评主体)."""

_UNSAFE_FILE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_UNSAFE_SHEET = re.compile(r"[\[\]:*?/\\]")


@frozen(kw_only=True)
class _Plan:
    """One file or sheet to write: its base name, header and rows."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]


def _unit_rows(units: UnitsSource | None) -> list[tuple[str, str, str | None]]:
    if units is None:
        return []
    if isinstance(units, EvaluationData):
        units = units.units
    if isinstance(units, Units):
        return list(zip(units.ids, units.names, units.groups, strict=True))
    out: list[tuple[str, str, str | None]] = []
    for item in units:
        if isinstance(item, str):
            out.append((item, item, None))
        elif isinstance(item, Mapping):
            uid = str(item.get("id", item.get("unit")))
            out.append((uid, str(item.get("name") or uid), item.get("group")))
        elif len(item) == 2:
            out.append((str(item[0]), str(item[1]), None))
        else:
            out.append((str(item[0]), str(item[1]), None if item[2] is None else str(item[2])))
    return out


def _kind_name(columns: Mapping[str, str], optional: Mapping[str, str], evaluator: str) -> str:
    """``value`` for every one-value evaluator (direct, bands, piecewise, rank)."""
    if list(columns) == ["value"] and not optional:
        return "value"
    return evaluator


def plan(scheme: Scheme, units: UnitsSource | None) -> list[_Plan]:
    """The tables a template holds, in writing order."""
    compiled = compile_scheme(scheme)
    unit_rows = _unit_rows(units)
    plans = [
        _Plan(
            name="units",
            header=("unit", "name", "group"),
            rows=tuple((u, n, g) for u, n, g in unit_rows),
        )
    ]
    pooled = [leaf.sub for leaf in compiled.leaves if leaf.pooled]
    if pooled:
        plans.append(
            _Plan(
                name="splits",
                header=(
                    "unit",
                    "unit_name",
                    "sub_indicator",
                    "sub_indicator_name",
                    "points",
                    "remark",
                ),
                rows=tuple(
                    (u, n, sub.id, sub.name, None, None) for sub in pooled for u, n, _ in unit_rows
                ),
            )
        )
    groups: dict[tuple[str, str], list[Any]] = {}
    for leaf in compiled.leaves:
        columns = dict(leaf.plugin.columns)
        optional = dict(leaf.plugin.optional_columns)
        kind = _kind_name(columns, optional, leaf.sub.evaluator.kind if leaf.sub.evaluator else "")
        for assessor in [a.name for a in leaf.sub.assessors] or [UNASSIGNED]:
            groups.setdefault((assessor, kind), []).append(leaf)
    for (assessor, kind), leaves in groups.items():
        value_cols: list[str] = []
        for leaf in leaves:
            for col in (*leaf.plugin.columns, *leaf.plugin.optional_columns):
                if col not in value_cols:
                    value_cols.append(col)
        header = ("unit", "unit_name", "sub_indicator", "sub_indicator_name", *value_cols, "remark")
        rows: list[tuple[str | None, ...]] = []
        for leaf in leaves:
            prefill: tuple[Mapping[str, str | None], ...] = leaf.plugin.template_rows(
                leaf.params
            ) or ({},)
            for u, n, _ in unit_rows:
                for given in prefill:
                    cells: dict[str, str | None] = {
                        "unit": u,
                        "unit_name": n,
                        "sub_indicator": leaf.sub.id,
                        "sub_indicator_name": leaf.sub.name,
                        **given,
                    }
                    rows.append(tuple(cells.get(h) for h in header))
        plans.append(_Plan(name=f"{assessor}-{kind}", header=header, rows=tuple(rows)))
    for step in compiled.rules:
        cols = step.plugin.template_columns(step.params)
        if not cols:
            continue  # grades and exclusions read no events
        rule = scheme.rule(step.id)
        assessor = rule.assessors[0].name if rule.assessors else UNASSIGNED
        plans.append(
            _Plan(
                name=f"{assessor}-{rule.id}",
                header=("unit", "unit_name", "rule", "rule_name", *cols, "remark"),
                rows=(),
            )
        )
    return plans


def _unique(names: list[str], fold: bool, limit: int | None) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        base = name if limit is None else name[:limit]
        candidate, k = base, 2
        while (candidate.casefold() if fold else candidate) in seen:
            suffix = f"~{k}"
            candidate = (base if limit is None else base[: limit - len(suffix)]) + suffix
            k += 1
        seen.add(candidate.casefold() if fold else candidate)
        out.append(candidate)
    return out


def write_template(
    scheme: Scheme,
    out: str | os.PathLike[str],
    *,
    units: UnitsSource | None = None,
    format: Literal["csv", "xlsx"] = "csv",
    overwrite: bool = False,
) -> list[Path]:
    """Write empty data files for every assessor of ``scheme``; return the paths written.

    With ``format="csv"`` ``out`` is a folder (created if needed) that receives
    ``units.csv``, ``splits.csv`` (when the scheme pools points), one file per
    assessor and kind of table named with the assessor's Chinese name
    (``区监察局-value.csv``, ``区监察局-survey.csv``) and one events file per rule that
    reads events (``区政府绩效办-innovation_bonus.csv``).  CSV files are written as UTF-8
    with a BOM, which Excel opens with Chinese intact.  With ``format="xlsx"`` the same
    tables are the sheets of one workbook: ``out`` itself when it ends in ``.xlsx``,
    else ``<out>/<scheme id>.xlsx``.

    When ``units`` are given, records files get one row per unit and sub-indicator
    (one per answer category for surveys) with ``unit``, ``unit_name``,
    ``sub_indicator`` and ``sub_indicator_name`` filled, and ``units.csv`` lists
    them; otherwise the files hold headers only.  An existing file is never
    overwritten unless ``overwrite=True``: :class:`FileExistsError` names it first.
    """
    if format not in ("csv", "xlsx"):
        raise ValueError(f"format must be 'csv' or 'xlsx', got {format!r}")
    plans = plan(scheme, units)
    target = Path(out)
    if format == "xlsx":
        book = target if target.suffix.lower() == ".xlsx" else target / f"{scheme.id}.xlsx"
        _refuse_existing([book], overwrite)
        _write_xlsx(book, plans)
        return [book]
    names = _unique([_UNSAFE_FILE.sub("_", p.name) for p in plans], fold=True, limit=None)
    paths = [target / f"{n}.csv" for n in names]
    _refuse_existing(paths, overwrite)
    target.mkdir(parents=True, exist_ok=True)
    for path, p in zip(paths, plans, strict=True):
        with path.open("w" if overwrite else "x", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(p.header)
            writer.writerows(["" if c is None else c for c in row] for row in p.rows)
    return paths


def _refuse_existing(paths: list[Path], overwrite: bool) -> None:
    if overwrite:
        return
    existing = [p for p in paths if p.exists()]
    if existing:
        listed = ", ".join(str(p) for p in existing)
        raise FileExistsError(
            17,
            f"not overwriting existing file{'s' if len(existing) > 1 else ''} {listed} "
            "(pass overwrite=True to replace)",
            str(existing[0]),
        )


def _write_xlsx(book: Path, plans: list[_Plan]) -> None:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "writing .xlsx templates needs openpyxl: pip install 'govperf[excel]'"
        ) from exc
    titles = _unique([_UNSAFE_SHEET.sub("_", p.name) for p in plans], fold=True, limit=31)
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    text_columns = {"unit", "sub_indicator", "category", "rule", "rater", "task", "item"}
    bold = Font(bold=True)
    for title, p in zip(titles, plans, strict=True):
        ws = wb.create_sheet(title)
        ws.append(list(p.header))
        for cell in ws[1]:
            cell.font = bold
        for row in p.rows:
            ws.append(list(row))
        for j, name in enumerate(p.header, start=1):
            if name in text_columns:  # keep ids such as 001 as text
                for r in range(2, len(p.rows) + 2):
                    ws.cell(row=r, column=j).number_format = "@"
        ws.freeze_panes = "A2"
    book.parent.mkdir(parents=True, exist_ok=True)
    wb.save(book)
