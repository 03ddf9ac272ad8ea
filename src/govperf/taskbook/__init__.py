"""The task book (任务书): each unit's tasks with target and challenge values, and splits.

- :class:`TaskBook`, :class:`Task`, :class:`Split`: the typed task book;
- :func:`read_taskbook` reads it from YAML, CSV or xlsx files, every problem located;
- :func:`check_taskbook` checks it against a scheme (``govperf taskbook check``);
- :func:`taskbook_data` turns it into the records of ``target_challenge`` and the
  pooled splits, alone or merged into a year's data (``govperf score --taskbook``);
- :func:`write_taskbook_template` writes a blank task book for a scheme and its units.

See the task book page of the docs (``docs/taskbook.md``).
"""

from __future__ import annotations

from ._check import check_taskbook, task_nodes
from ._data import splits_table, task_records, taskbook_data
from ._model import Direction, Split, Task, TaskBook
from ._read import COLUMNS, read_taskbook
from ._template import write_taskbook_template

__all__ = [
    "COLUMNS",
    "Direction",
    "Split",
    "Task",
    "TaskBook",
    "check_taskbook",
    "read_taskbook",
    "splits_table",
    "task_nodes",
    "task_records",
    "taskbook_data",
    "write_taskbook_template",
]
