"""The task book (任务书): each unit's tasks for the year and its splits of pooled points.

In January the performance office issues the year's task book: for every unit, the
tasks it answers for, each under a node of the scheme (重点任务完成效率 in Xicheng),
with a weight, a direction, a target value (目标值) and a challenge value (挑战值), the
responsible assessor and a deadline; and the unit's split of each pooled node's points
(职责任务 45 = 30 + 15).  The task book is the single source of those figures: it
feeds the ``target_challenge`` evaluator and the splits of the engine.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Literal

from attrs import field, frozen

__all__ = ["Direction", "Split", "Task", "TaskBook"]

Direction = Literal["higher", "lower"]
"""正向 (higher is better) or 负向 (lower is better)."""


@frozen(kw_only=True)
class Task:
    """One task of one unit: what it must reach by the deadline, and who assesses it."""

    unit: str
    """The unit's id."""
    node: str
    """The id of the scheme node (a leaf whose evaluator scores tasks) it belongs to."""
    id: str
    """The task's id, unique within the unit and node (``T1``)."""
    name: str | None = None
    """What the task is, in words."""
    weight: float = 1.0
    """Its weight among the unit's tasks on the node (relative; need not sum to 1)."""
    direction: Direction = "higher"
    """正向 ``higher`` or 负向 ``lower``: which way is better."""
    target: float
    """目标值: the expected result."""
    challenge: float
    """挑战值: the stretch result, beyond the target in the task's direction."""
    baseline: float = 0.0
    """基期值: where the task starts the year (0 for a quantity that accumulates over the
    year); the progress view's pro-rata path runs from it to the target."""
    assessor: str | None = None
    """The responsible assessor (考评主体), one of the node's assessors."""
    deadline: _dt.date | None = None
    """完成时限."""
    actual: float | None = None
    """The year-end result, once known (filled in by the assessor)."""
    note: str | None = None
    origin: str | None = field(default=None, eq=False)
    """Where the task was read (``taskbook.csv:12``), for messages."""


@frozen(kw_only=True)
class Split:
    """A unit's points for one child of a pooled node (职责任务 → 重点任务完成效率 30)."""

    unit: str
    node: str
    """The id of the pooled node's child."""
    points: float
    origin: str | None = field(default=None, eq=False)


def _tasks(value: Iterable[Task]) -> tuple[Task, ...]:
    return tuple(value)


def _splits(value: Iterable[Split]) -> tuple[Split, ...]:
    return tuple(value)


@frozen(kw_only=True)
class TaskBook:
    """The year's task book: tasks and splits of every unit.

    Build it with :func:`govperf.taskbook.read_taskbook` from YAML, CSV or xlsx files,
    or directly.  :func:`govperf.taskbook.check_taskbook` validates it against a
    scheme; :func:`govperf.taskbook.taskbook_data` turns it into the records and
    splits that scoring reads.
    """

    tasks: tuple[Task, ...] = field(default=(), converter=_tasks)
    splits: tuple[Split, ...] = field(default=(), converter=_splits)
    year: int | None = None
    title: str | None = None
    names: Mapping[str, str] = field(factory=dict)
    """Unit names by id, where the book gives them (YAML ``name``, CSV 单位名称)."""
    source: str | None = field(default=None, eq=False)
    """The file(s) it was read from, for messages."""

    @property
    def units(self) -> tuple[str, ...]:
        """The unit ids the book names, in the order first named."""
        seen: dict[str, None] = {}
        for split in self.splits:
            seen.setdefault(split.unit, None)
        for task in self.tasks:
            seen.setdefault(task.unit, None)
        return tuple(seen)

    def tasks_of(self, unit: str, node: str | None = None) -> tuple[Task, ...]:
        """The unit's tasks (on ``node`` when given), in book order."""
        return tuple(t for t in self.tasks if t.unit == unit and (node is None or t.node == node))

    def split(self, unit: str, node: str) -> float | None:
        """The unit's points for ``node`` (a pooled node's child), or ``None``."""
        for s in self.splits:
            if s.unit == unit and s.node == node:
                return s.points
        return None

    def task_nodes(self) -> tuple[str, ...]:
        """The node ids that have tasks, in the order first named."""
        return tuple(dict.fromkeys(t.node for t in self.tasks))

    def __iter__(self) -> Iterator[Task]:
        return iter(self.tasks)

    def __len__(self) -> int:
        return len(self.tasks)
