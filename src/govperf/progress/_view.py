"""The progress view: each task against a pro-rata path to its target, and a projection.

For a task with baseline ``b`` (基期值, 0 by default) and target ``t``, at the end of a
period that closes a share ``f`` of the year (Q1 0.25, Q2 and H1 0.5, Q3 0.75, Q4 1):

- the **pro-rata path** expects ``p = b + f × (t − b)``;
- the **shortfall** is how far the reported value ``v`` is behind that path, as a share
  of the way the path has come: ``s × (p − v) / |p − b|`` with ``s`` = 1 when higher is
  better and −1 when lower is better (for a task that holds a level, ``t = b``, the
  denominator is ``|t|``); negative when ahead;
- the **status**: on track (正常推进) when the shortfall is at most
  :attr:`Thresholds.at_risk` (default 0.10), at risk (存在风险) up to
  :attr:`Thresholds.behind` (default 0.25), behind (进度滞后) beyond; no report
  (未报送) without a value;
- the **projection** (预测) at the current pace: ``b + (v − b) / f`` (``v`` itself for a
  level task and at year end), scored with the node's own evaluator (``target_challenge``)
  and the unit's points for the node, as the year-end points would be if the pace held.

A projection is not a result: every output marks it 预测 / projection.  A unit is
behind when any of its tasks is behind, at risk when any is at risk or not reported.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
from attrs import field, frozen

from .._labels import Lang, label
from .._plugins import Records
from ..data._data import Units
from ..exceptions import DataError, Problem
from ..scheme._model import Scheme
from ..scoring._compile import compile_scheme
from ..taskbook._check import _at, check_taskbook
from ..taskbook._model import Task, TaskBook
from ._model import PERIODS, Period, Progress

__all__ = [
    "STATUSES",
    "ProgressView",
    "Status",
    "TaskProgress",
    "Thresholds",
    "UnitProgress",
    "progress_view",
]

Status = Literal["on_track", "at_risk", "behind", "no_report"]
STATUSES: tuple[Status, ...] = ("on_track", "at_risk", "behind", "no_report")
"""The statuses, from best to the ones that need attention."""


def _share(instance: Any, attribute: Any, value: float) -> None:
    if not (isinstance(value, (int, float)) and value >= 0 and math.isfinite(value)):
        raise ValueError(f"{attribute.name} must be a number of at least 0, got {value!r}")


@frozen(kw_only=True)
class Thresholds:
    """How far behind the pro-rata path a task may be (as a share of the path so far)."""

    at_risk: float = field(default=0.10, validator=_share)
    """Beyond this shortfall a task is at risk (default 0.10: 10 % behind the path)."""
    behind: float = field(default=0.25, validator=_share)
    """Beyond this shortfall a task is behind (default 0.25)."""

    def __attrs_post_init__(self) -> None:
        if self.behind < self.at_risk:
            raise ValueError(
                f"behind ({self.behind:g}) must be at least at_risk ({self.at_risk:g})"
            )

    def status(self, shortfall: float | None) -> Status:
        """The status of a task with this shortfall (``None``: no report)."""
        if shortfall is None:
            return "no_report"
        if shortfall <= self.at_risk + 1e-12:
            return "on_track"
        if shortfall <= self.behind + 1e-12:
            return "at_risk"
        return "behind"


TASK_COLUMNS: tuple[str, ...] = (
    "unit",
    "task",
    "direction",
    "target",
    "expected",
    "value",
    "self_value",
    "shortfall",
    "status",
    "projected",
    "deadline",
)
"""The columns of a task's progress, in the order every output shows them (the report's
task tables and ``govperf progress --format csv``; labels ``progress.col_<column>``)."""


@frozen(kw_only=True)
class TaskProgress:
    """One task at the end of one period."""

    unit: str
    unit_name: str
    node: str
    task: str
    name: str | None
    assessor: str | None
    deadline: _dt.date | None
    direction: str
    baseline: float
    target: float
    challenge: float
    period: Period
    value: float | None
    """The value used: the period's report (at the half-year, the office's Q2 value where
    both it and the self-assessment exist)."""
    self_value: float | None
    """The July self-assessment's value (H1), shown beside the office's at the half-year."""
    expected: float
    """Where the pro-rata path expects the task at the end of the period."""
    shortfall: float | None
    """How far behind the path, as a share of the way the path has come (negative: ahead)."""
    status: Status
    projected: float | None
    """预测: the year-end value at the current pace (a projection, not a result)."""
    projected_share: float | None
    """预测: the share of the task's points the projected value would earn."""


@frozen(kw_only=True)
class UnitProgress:
    """One unit's tasks summed up, with the projected points of each task node."""

    unit: str
    name: str
    status: Status
    counts: Mapping[Status, int]
    projected_points: Mapping[str, float | None]
    """预测: per node, the points at the current pace (``None`` when a task has no report)."""
    max_points: Mapping[str, float]
    """Per node, the unit's points for it (its split of a pool, or the node's points)."""


@frozen(kw_only=True)
class ProgressView:
    """Every task and unit at the end of one period (:func:`progress_view`)."""

    period: Period
    share_of_year: float
    thresholds: Thresholds
    tasks: tuple[TaskProgress, ...]
    units: tuple[UnitProgress, ...]
    node_names: Mapping[str, str]
    scheme_title: str
    title: str | None = None
    """The task book's title."""
    year: int | None = None

    def attention(self) -> tuple[TaskProgress, ...]:
        """The tasks at risk, behind or not reported, worst first."""
        order = {"behind": 0, "no_report": 1, "at_risk": 2}
        found = [t for t in self.tasks if t.status != "on_track"]
        return tuple(
            sorted(
                found,
                key=lambda t: (order[t.status], -(t.shortfall or 0.0), t.unit, t.task),
            )
        )

    def by_assessor(self, lang: Lang = "zh") -> dict[str, tuple[TaskProgress, ...]]:
        """The tasks that need attention, grouped by responsible assessor (sorted)."""
        out: dict[str, list[TaskProgress]] = {}
        none = label("progress.no_assessor", lang)
        for task in self.attention():
            out.setdefault(task.assessor or none, []).append(task)
        return {k: tuple(out[k]) for k in sorted(out)}

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data; projected figures sit under keys that say so."""
        return {
            "period": self.period,
            "share_of_year": self.share_of_year,
            "thresholds": {"at_risk": self.thresholds.at_risk, "behind": self.thresholds.behind},
            "projection_note": label("progress.projection_note", "en"),
            "tasks": [
                {
                    "unit": t.unit,
                    "node": t.node,
                    "task": t.task,
                    "name": t.name,
                    "assessor": t.assessor,
                    "deadline": t.deadline.isoformat() if t.deadline else None,
                    "direction": t.direction,
                    "baseline": t.baseline,
                    "target": t.target,
                    "challenge": t.challenge,
                    "value": t.value,
                    "self_value": t.self_value,
                    "expected": t.expected,
                    "shortfall": t.shortfall,
                    "status": t.status,
                    "projected_value": t.projected,
                    "projected_share": t.projected_share,
                }
                for t in self.tasks
            ],
            "units": [
                {
                    "unit": u.unit,
                    "name": u.name,
                    "status": u.status,
                    "counts": dict(u.counts),
                    "projected_points": dict(u.projected_points),
                    "max_points": dict(u.max_points),
                }
                for u in self.units
            ],
        }


def _shortfall(task: Task, value: float, share: float) -> tuple[float, float]:
    """``(expected, shortfall)`` of ``value`` at ``share`` of the year."""
    sign = 1.0 if task.direction == "higher" else -1.0
    expected = task.baseline + share * (task.target - task.baseline)
    way = abs(expected - task.baseline)
    if way == 0:
        way = abs(task.target) or 1.0
    return expected, sign * (expected - value) / way


def _projected(task: Task, value: float, share: float) -> float:
    if share >= 1 or task.target == task.baseline:
        return value
    return task.baseline + (value - task.baseline) / share


def _value(progress: Progress, task: Task, period: Period) -> tuple[float | None, float | None]:
    """The value used at ``period`` and the self-assessed (H1) value."""
    mine = progress.value(task.unit, task.id, period, task.node)
    own = None
    if period in ("Q2", "H1"):
        own = progress.value(task.unit, task.id, "H1", task.node)
        other = progress.value(task.unit, task.id, "Q2" if period == "H1" else "H1", task.node)
        mine = other if mine is None else mine
    return mine, own


def progress_view(
    scheme: Scheme,
    book: TaskBook,
    progress: Progress,
    *,
    period: Period | None = None,
    thresholds: Thresholds | None = None,
    units: Units | Sequence[str] | None = None,
    lang: Lang = "zh",
) -> ProgressView:
    """Every task of ``book`` at the end of ``period`` (default: the latest reported).

    The task book is checked against the scheme first; a progress entry for a task
    the book does not have is an error (with the nearest task id).  Raises
    :class:`~govperf.DataError` listing every problem.
    """
    thresholds = thresholds or Thresholds()
    problems = check_taskbook(scheme, book, units, lang=lang)
    known = {(t.unit, t.id) for t in book.tasks}
    for entry in progress.entries:
        if (entry.unit, entry.task) not in known:
            theirs = [t.id for t in book.tasks if t.unit == entry.unit]
            close = difflib.get_close_matches(entry.task, theirs, n=1)
            hint = label("progress.did_you_mean", lang, name=close[0]) if close else ""
            file, line = _at(entry.origin)
            problems.append(
                Problem(
                    message=label(
                        "progress.unknown_task", lang, task=entry.task, unit=entry.unit, hint=hint
                    ),
                    file=file or progress.source,
                    line=line,
                    code="unknown-task",
                    unit=entry.unit,
                )
            )
    chosen = period or progress.latest
    if chosen is None:
        problems.append(
            Problem(message=label("progress.empty_file", lang), file=progress.source, code="empty")
        )
    if problems:
        raise DataError(problems, source=progress.source)
    assert chosen is not None
    share = PERIODS[chosen]

    ids: tuple[str, ...]
    names: dict[str, str]
    groups: dict[str, str | None]
    if isinstance(units, Units):
        ids, names = units.ids, dict(zip(units.ids, units.names, strict=True))
        groups = dict(zip(units.ids, units.groups, strict=True))
    else:
        ids = tuple(units) if units is not None else book.units
        names, groups = dict(book.names), {}
    compiled = compile_scheme(scheme)
    leaves = {leaf.sub.id: leaf for leaf in compiled.leaves}
    nodes = [n for n in book.task_nodes() if n in leaves]

    rows: list[TaskProgress] = []
    unit_points: dict[str, dict[str, float | None]] = {u: {} for u in ids}
    unit_max: dict[str, dict[str, float]] = {u: {} for u in ids}
    for nid in nodes:
        leaf = leaves[nid]
        tasks = [t for t in book.tasks if t.node == nid and t.unit in unit_points]
        values = [_value(progress, t, chosen) for t in tasks]
        projected = [
            None if v is None else _projected(t, v, share)
            for t, (v, _) in zip(tasks, values, strict=True)
        ]
        actual = np.array([np.nan if p is None else p for p in projected], dtype=float)
        columns = {
            "task": np.array([t.id for t in tasks], dtype=object),
            "weight": np.array([t.weight for t in tasks], dtype=float),
            "direction": np.array([t.direction for t in tasks], dtype=object),
            "target": np.array([t.target for t in tasks], dtype=float),
            "challenge": np.array([t.challenge for t in tasks], dtype=float),
            "actual": actual,
        }
        n = len(tasks)
        each = Records(unit=np.arange(n), columns=columns, n_units=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = np.asarray(leaf.plugin.score(leaf.params, each, np.ones(n)), dtype=float)
        position = {u: i for i, u in enumerate(ids)}
        maxima = np.array(
            [
                book.split(u, nid) if leaf.pooled else scheme.node(nid).points_for(groups.get(u))
                for u in ids
            ],
            dtype=float,
        )
        per_unit = Records(
            unit=np.array([position[t.unit] for t in tasks], dtype=np.int64),
            columns=columns,
            n_units=len(ids),
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            points = np.asarray(leaf.plugin.score(leaf.params, per_unit, maxima), dtype=float)
        for i, uid in enumerate(ids):
            mine = [j for j, t in enumerate(tasks) if t.unit == uid]
            complete = bool(mine) and all(projected[j] is not None for j in mine)
            unit_points[uid][nid] = float(points[i]) if complete else None
            unit_max[uid][nid] = float(maxima[i])
        for j, task in enumerate(tasks):
            value, own = values[j]
            expected, short = (
                _shortfall(task, value, share)
                if value is not None
                else (task.baseline + share * (task.target - task.baseline), None)
            )
            rows.append(
                TaskProgress(
                    unit=task.unit,
                    unit_name=names.get(task.unit, task.unit),
                    node=nid,
                    task=task.id,
                    name=task.name,
                    assessor=task.assessor,
                    deadline=task.deadline,
                    direction=task.direction,
                    baseline=task.baseline,
                    target=task.target,
                    challenge=task.challenge,
                    period=chosen,
                    value=value,
                    self_value=own,
                    expected=expected,
                    shortfall=short,
                    status=thresholds.status(short),
                    projected=projected[j],
                    projected_share=None if projected[j] is None else float(shares[j]),
                )
            )
    order = {u: i for i, u in enumerate(ids)}
    rows.sort(key=lambda r: (order[r.unit], nodes.index(r.node)))
    summaries = []
    for uid in ids:
        mine_rows = [r for r in rows if r.unit == uid]
        counts = {s: sum(1 for r in mine_rows if r.status == s) for s in STATUSES}
        if counts["behind"]:
            status: Status = "behind"
        elif counts["at_risk"] or counts["no_report"]:
            status = "at_risk"
        else:
            status = "on_track"
        summaries.append(
            UnitProgress(
                unit=uid,
                name=names.get(uid, uid),
                status=status,
                counts=counts,
                projected_points=unit_points[uid],
                max_points=unit_max[uid],
            )
        )
    return ProgressView(
        period=chosen,
        share_of_year=share,
        thresholds=thresholds,
        tasks=tuple(rows),
        units=tuple(summaries),
        node_names={nid: scheme.node(nid).name for nid in nodes},
        scheme_title=scheme.title,
        title=book.title,
        year=book.year,
    )
