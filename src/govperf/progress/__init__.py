"""Progress during the year (过程管理): quarterly values, the July self-assessment, projections.

- :class:`Progress` and :class:`ProgressEntry`: per task, a value as of the end of a
  quarter (``Q1``…``Q4``) or of the half-year self-assessment (``H1``, 自评);
- :func:`read_progress` reads them from CSV or xlsx files, every problem located;
- :func:`progress_view` judges every task of a task book against a pro-rata path to its
  target (on track / at risk / behind, :class:`Thresholds`) and projects the year-end
  points at the current pace (预测);
- :func:`render_progress` writes the performance office's progress report (HTML or
  Markdown) listing the tasks that need attention by assessor.

See the progress page of the docs (``docs/progress.md``).
"""

from __future__ import annotations

from ._model import PERIODS, Period, Progress, ProgressEntry, period_share
from ._read import PROGRESS_COLUMNS, parse_period, read_progress
from ._render import progress_table, render_progress
from ._view import (
    STATUSES,
    TASK_COLUMNS,
    ProgressView,
    Status,
    TaskProgress,
    Thresholds,
    UnitProgress,
    progress_view,
)

__all__ = [
    "PERIODS",
    "PROGRESS_COLUMNS",
    "STATUSES",
    "TASK_COLUMNS",
    "Period",
    "Progress",
    "ProgressEntry",
    "ProgressView",
    "Status",
    "TaskProgress",
    "Thresholds",
    "UnitProgress",
    "parse_period",
    "period_share",
    "progress_table",
    "progress_view",
    "read_progress",
    "render_progress",
]
