"""Rectification (整改): weak points of one year become items, checked the next year.

The Xicheng notice (六(一)) has each department analyse its feedback report, find its
weak points (薄弱环节) and draw up rectification measures, which the leading group
includes in the next year's evaluation.  :func:`rectification_items` takes the weak
points of every unit's feedback report (:func:`govperf.report.feedback`: the leaves
with the lowest share of the maximum, not at full points) and makes each an item
with the year's share, its gap to the comparison median and a target share;
:func:`write_items` saves them as YAML, where the office may edit targets and write
the measures, and :func:`read_items` reads them back (every problem located).
:func:`rectification_status` checks each item against the next year: improved or not,
and by how much, by share of the maximum (so a node whose points changed in the new
scheme still compares).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from attrs import asdict, frozen

from ..exceptions import DataError, Message, Problem, msg
from ._years import Year

if TYPE_CHECKING:
    from ..report._render import Section

__all__ = [
    "RectificationItem",
    "RectificationStatus",
    "Status",
    "read_items",
    "rectification_items",
    "rectification_sections",
    "rectification_status",
    "write_items",
]

Status = Literal["met", "improved", "not_improved", "node_removed", "unit_absent"]

TOL = 1e-6
"""Shares closer than this are equal (the items file keeps shares to 6 decimals)."""


@frozen(kw_only=True)
class RectificationItem:
    """One weak point of one unit in one year, to be rectified (整改事项)."""

    unit: str
    unit_name: str
    node: str
    node_name: str
    year: str
    points: float
    max_points: float
    share: float
    """Points ÷ maximum points in that year."""
    median_share: float
    """The comparison median's share (all units, or the unit's group)."""
    gap: float
    """How far below the median share the unit was (median share − share)."""
    target: float
    """The share to reach next year."""
    measures: str = ""
    """The rectification measures (整改措施), written by the unit or the office."""
    responsible: str | None = None
    deadline: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data (one item of the saved file)."""
        return asdict(self)


@frozen(kw_only=True)
class RectificationStatus:
    """An item checked against the next year."""

    item: RectificationItem
    year: str
    points: float
    """Next year's published points on the node (NaN if absent)."""
    max_points: float
    share: float
    status: Status

    @property
    def change(self) -> float:
        """Next year's share − the item's share (NaN when not comparable)."""
        return self.share - self.item.share

    @property
    def improved(self) -> bool:
        """Whether the share rose."""
        return not math.isnan(self.change) and self.change > TOL

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the item's fields, then the next year's figures."""

        def plain(v: float) -> float | None:
            return None if math.isnan(v) else v

        return {
            **self.item.to_dict(),
            "next_year": self.year,
            "next_points": plain(self.points),
            "next_max_points": plain(self.max_points),
            "next_share": plain(self.share),
            "change": plain(self.change),
            "status": self.status,
        }


def _target(share: float, median: float, target: str | float) -> float:
    if isinstance(target, (int, float)):
        return float(target)
    if target == "full":
        return 1.0
    if target == "median":
        return median if not math.isnan(median) and median > share + TOL else 1.0
    raise ValueError(f"target must be 'median', 'full' or a share, got {target!r}")


def rectification_items(
    year: Year, *, weakest: int = 3, target: Literal["median", "full"] | float = "median"
) -> tuple[RectificationItem, ...]:
    """The weak points of every unit's feedback report, as rectification items.

    ``weakest`` leaves per unit, as the feedback report lists them.  ``target`` is the
    share to reach: ``"median"`` (the comparison median's share, or full points where
    the unit is already at or above the median), ``"full"`` (1.0) or a share between 0
    and 1.  Units in feedback order (the year's input order), weakest first.
    """
    from ..report._feedback import build_feedback, prepare

    if isinstance(target, (int, float)) and not 0 < target <= 1:
        raise ValueError(f"a target share must be in (0, 1], got {target}")
    results = year.results
    prep = prepare(results)
    items: list[RectificationItem] = []
    for uid in results.units:
        fb = build_feedback(prep, uid, weakest)
        for fig in fb.weakest:
            share = fig.share
            items.append(
                RectificationItem(
                    unit=uid,
                    unit_name=fb.name,
                    node=fig.id,
                    node_name=fig.name,
                    year=year.label,
                    points=fig.points,
                    max_points=fig.max_points,
                    share=share,
                    median_share=fig.median_share,
                    gap=fig.median_share - share,
                    target=_target(share, fig.median_share, target),
                )
            )
    return tuple(items)


def rectification_status(
    items: Sequence[RectificationItem], next_year: Year
) -> tuple[RectificationStatus, ...]:
    """Each item against ``next_year``: ``met`` (share at or above the target),
    ``improved`` (share rose, target not met), ``not_improved``, ``node_removed`` (the
    new scheme has no such node), ``unit_absent`` (the unit was not scored)."""
    out: list[RectificationStatus] = []
    results = next_year.results
    for item in items:
        points, top = next_year.figures(item.node, item.unit)
        share = next_year.share(item.node, item.unit)
        status: Status
        if item.unit not in results.data.units.index():
            status = "unit_absent"
        elif item.node not in results.compiled.node_index:
            status = "node_removed"
        elif not math.isnan(share) and share >= item.target - TOL:
            status = "met"
        elif not math.isnan(share) and share > item.share + TOL:
            status = "improved"
        else:
            status = "not_improved"
        out.append(
            RectificationStatus(
                item=item,
                year=next_year.label,
                points=points,
                max_points=top,
                share=share,
                status=status,
            )
        )
    return tuple(out)


# -- the file ------------------------------------------------------------------------

_FLOATS = ("points", "max_points", "share", "median_share", "gap", "target")
_TEXTS = ("unit", "unit_name", "node", "node_name", "year")
_OPTIONAL = ("measures", "responsible", "deadline")


def write_items(
    items: Sequence[RectificationItem],
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
) -> None:
    """Save items as YAML (``rectification: [...]``), atomically; an existing file is
    refused unless ``overwrite``.  Shares are kept to 6 decimals."""
    from ..output._atomic import write_text
    from ..scheme._yaml import dump_yaml

    rows = []
    for item in items:
        row = item.to_dict()
        for key in _FLOATS:
            row[key] = None if math.isnan(row[key]) else round(row[key], 6)
        rows.append(row)
    header = (
        "# 整改事项 (rectification items): edit target, measures, responsible and deadline;\n"
        "# govperf rectify check checks them against the next year.\n"
    )
    write_text(path, header + dump_yaml({"rectification": rows}), overwrite=overwrite)


def read_items(path: str | os.PathLike[str]) -> tuple[RectificationItem, ...]:
    """Read a rectification file written by :func:`write_items` (and perhaps edited).

    Raises :class:`~govperf.DataError` listing every problem with its line and column.
    """
    from ..scheme._yaml import load_yaml

    display = str(path)
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(
            [Problem(msg=msg("rectify.p.io", why=str(exc)), file=display, code="io")], display
        ) from None
    loaded = load_yaml(text, display)
    if loaded.problems:
        raise DataError(loaded.problems, display)
    data = loaded.data
    problems: list[Problem] = []

    def at(
        where: tuple[str | int, ...], message: Message, code: str, *, key: bool = False
    ) -> Problem:
        pos = loaded.mark(where, key=key)
        return Problem(
            msg=message,
            path=where,
            file=display,
            line=pos[0] if pos else None,
            column=pos[1] if pos else None,
            code=code,
        )

    if not isinstance(data, Mapping) or not isinstance(data.get("rectification"), list):
        raise DataError(
            [at((), msg("rectify.p.top"), "type")],
            display,
        )
    known = {*_FLOATS, *_TEXTS, *_OPTIONAL}
    items: list[RectificationItem] = []
    for i, row in enumerate(data["rectification"]):
        where: tuple[str | int, ...] = ("rectification", i)
        if not isinstance(row, Mapping):
            problems.append(at(where, msg("rectify.p.item"), "type"))
            continue
        bad = len(problems)
        for key in row:
            if key not in known:
                problems.append(
                    at(
                        (*where, key),
                        msg("rectify.p.unknown_key", name=key, known=", ".join(sorted(known))),
                        "unknown-key",
                        key=True,
                    )
                )
        values: dict[str, Any] = {}
        for key in _TEXTS:
            value = row.get(key)
            if value is None or isinstance(value, (bool, list, dict)):
                problems.append(at(where, msg("rectify.p.needs", name=key), "missing"))
            else:
                values[key] = str(value)
        for key in _FLOATS:
            value = row.get(key)
            if value is None:
                values[key] = math.nan
            elif isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append(
                    at((*where, key), msg("rectify.p.number", value=repr(value)), "type")
                )
            else:
                values[key] = float(value)
        target = values.get("target", math.nan)
        if "target" in values and not (0 < target <= 1):
            problems.append(at((*where, "target"), msg("rectify.p.target"), "value"))
        for key in _OPTIONAL:
            value = row.get(key)
            values[key] = None if value is None else str(value)
        if len(problems) == bad:
            values["measures"] = values["measures"] or ""
            items.append(RectificationItem(**values))
    if problems:
        raise DataError(problems, display)
    return tuple(items)


# -- in next year's reports ----------------------------------------------------------


def _pct(value: float) -> str:
    return "-" if math.isnan(value) else f"{value * 100:.1f}%"


def rectification_sections(
    statuses: Sequence[RectificationStatus], lang: str = "zh"
) -> tuple[dict[str, tuple[Section, ...]], tuple[Section, ...]]:
    """Report sections for next year's feedback reports (by unit) and summary.

    Each unit's feedback gets the status of its own items; the summary counts them
    and lists every item.  Pass them to :func:`govperf.report.write_reports` as
    ``unit_sections`` and ``summary_sections`` (``govperf report --rectification``).
    """
    from .._labels import label
    from ..report._render import Section

    def change(s: RectificationStatus) -> str:
        if math.isnan(s.change):
            return "-"
        return label("compare.pp", lang, value=f"{s.change * 100:+.1f}")

    years = sorted({s.item.year for s in statuses})
    year = "、".join(years) if lang == "zh" else ", ".join(years)
    title = label("rectify.section", lang)
    intro = label("rectify.section_intro", lang, year=year)
    head = (
        label("rectify.col_node", lang),
        label("rectify.col_last_share", lang, year=year),
        label("rectify.col_target", lang),
        label("rectify.col_this_share", lang),
        label("rectify.col_change", lang),
        label("rectify.col_status", lang),
    )

    def row(s: RectificationStatus) -> tuple[str, ...]:
        i = s.item
        return (
            f"{i.node_name} [{i.node}]",
            _pct(i.share),
            _pct(i.target),
            _pct(s.share),
            change(s),
            label(f"rectify.status.{s.status}", lang),
        )

    per_unit: dict[str, list[RectificationStatus]] = {}
    for s in statuses:
        per_unit.setdefault(s.item.unit, []).append(s)
    units: dict[str, tuple[Section, ...]] = {
        uid: (
            Section(
                title=title,
                paragraphs=(intro,),
                header=head,
                rows=tuple(row(s) for s in items),
                numeric=frozenset({1, 2, 3, 4}),
            ),
        )
        for uid, items in per_unit.items()
    }
    counts = {
        k: sum(1 for s in statuses if s.status == k) for k in ("met", "improved", "not_improved")
    }
    other = len(statuses) - sum(counts.values())
    summary = Section(
        title=title,
        paragraphs=(
            intro,
            label("rectify.summary_counts", lang, n=len(statuses), other=other, **counts),
        ),
        header=(label("rectify.col_name", lang), *head),
        rows=tuple((f"{s.item.unit_name}({s.item.unit})", *row(s)) for s in statuses),
        numeric=frozenset({2, 3, 4, 5}),
    )
    return units, (summary,)
