"""Progress during the year: quarterly values per task, and the July self-assessment.

The source document (五(二) 过程管理) asks each unit to analyse its tasks every quarter
and to hand in a self-assessment of the first half-year by the end of July; the
performance office analyses progress every quarter too.  A :class:`Progress` holds
those reports: per task, a value as of the end of a period.

Periods and the share of the year each stands for:

=========  =========================  ==========
period     中文                        share
=========  =========================  ==========
``Q1``     一季度 (to 31 March)        0.25
``Q2``     二季度 (to 30 June)         0.5
``H1``     上半年自评 (to 30 June,     0.5
           handed in by 31 July)
``Q3``     三季度 (to 30 September)    0.75
``Q4``     四季度 (to 31 December)     1
=========  =========================  ==========

``H1`` values are the unit's own (self-reported); at the half-year the office's ``Q2``
value is used where both exist, and the self-assessed value is shown beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from attrs import field, frozen

__all__ = ["PERIODS", "Period", "Progress", "ProgressEntry", "period_share"]

Period = Literal["Q1", "Q2", "H1", "Q3", "Q4"]
"""A reporting period: a quarter, or the half-year self-assessment ``H1``."""

PERIODS: Mapping[Period, float] = {"Q1": 0.25, "Q2": 0.5, "H1": 0.5, "Q3": 0.75, "Q4": 1.0}
"""Each period and the share of the year elapsed at its end."""


def period_share(period: Period) -> float:
    """The share of the year elapsed at the end of ``period`` (``Q3`` → 0.75)."""
    return PERIODS[period]


@frozen(kw_only=True)
class ProgressEntry:
    """One task's value as of the end of one period."""

    unit: str
    task: str
    """The task's id in the task book."""
    period: Period
    value: float
    """The task's result so far, in the task's own measure (as its target)."""
    node: str | None = None
    """The task's node, needed only where a unit has the same task id on two nodes."""
    note: str | None = None
    origin: str | None = field(default=None, eq=False)
    """Where it was read (``progress.csv:7``), for messages."""

    @property
    def self_reported(self) -> bool:
        """True for the half-year self-assessment (自评)."""
        return self.period == "H1"


def _entries(value: Iterable[ProgressEntry]) -> tuple[ProgressEntry, ...]:
    return tuple(value)


@frozen(kw_only=True)
class Progress:
    """The year's progress reports: quarterly values and the self-assessment."""

    entries: tuple[ProgressEntry, ...] = field(default=(), converter=_entries)
    source: str | None = field(default=None, eq=False)

    @property
    def periods(self) -> tuple[Period, ...]:
        """The periods reported, in the order of the year."""
        given = {e.period for e in self.entries}
        return tuple(p for p in PERIODS if p in given)

    @property
    def latest(self) -> Period | None:
        """The latest period reported (``Q2`` rather than ``H1`` at the half-year)."""
        periods = self.periods
        if not periods:
            return None
        top = max(PERIODS[p] for p in periods)
        return next(p for p in PERIODS if p in periods and PERIODS[p] == top)

    def value(self, unit: str, task: str, period: Period, node: str | None = None) -> float | None:
        """The value reported for the task in ``period``, or ``None``."""
        for e in self.entries:
            if (
                e.unit == unit
                and e.task == task
                and e.period == period
                and (e.node is None or node is None or e.node == node)
            ):
                return e.value
        return None

    def __len__(self) -> int:
        return len(self.entries)
