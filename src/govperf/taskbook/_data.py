"""Turn a task book into what scoring reads: task records and splits.

:func:`taskbook_data` gives the ``target_challenge`` nodes their records (task,
weight, direction, target, challenge and the year-end ``actual``) and the pooled
nodes their per-unit splits, from the task book alone or merged into a year's
:class:`~govperf.EvaluationData`.  The figures come from one place: data that also
holds splits, or records of a node the task book has tasks for, is an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from attrs import evolve

from .._labels import Lang, label
from ..data._data import EvaluationData, Table, Units
from ..exceptions import DataError, Problem
from ..scheme._model import Scheme
from ._check import _at, check_taskbook
from ._model import Task, TaskBook

__all__ = ["splits_table", "task_records", "taskbook_data"]


def _column(values: Sequence[object]) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = list(values)
    return arr


def splits_table(book: TaskBook) -> Table:
    """The book's splits as the tidy ``splits`` table (unit, sub_indicator, points)."""
    return Table(
        columns={
            "sub_indicator": _column([s.node for s in book.splits]),
            "points": np.array([s.points for s in book.splits], dtype=float),
        },
        unit=_column([s.unit for s in book.splits]),
        origin=[s.origin or f"{book.source}" for s in book.splits],
    )


def task_records(
    book: TaskBook,
    actuals: Mapping[tuple[str, str], float] | None = None,
    *,
    lang: Lang = "zh",
) -> dict[str, Table]:
    """The records of each node the book has tasks on, in ``target_challenge``'s columns.

    ``actual`` is each task's year-end result from the book, or from ``actuals``
    (``{(unit, task id): value}``, which wins) — a projection, for example.  A task
    with neither is a :class:`~govperf.DataError` at the task's row.
    """
    actuals = actuals or {}
    problems: list[Problem] = []
    out: dict[str, Table] = {}
    for node in book.task_nodes():
        tasks = [t for t in book.tasks if t.node == node]
        values = []
        for task in tasks:
            value = actuals.get((task.unit, task.id), task.actual)
            if value is None:
                file, line = _at(task.origin)
                problems.append(
                    Problem(
                        message=label("taskbook.no_actual", lang, task=task.id, unit=task.unit),
                        file=file or book.source,
                        line=line,
                        code="missing-actual",
                        unit=task.unit,
                        node=node,
                    )
                )
            values.append(np.nan if value is None else value)
        out[node] = _records(tasks, values)
    if problems:
        raise DataError(problems, source=book.source)
    return out


def _records(tasks: Sequence[Task], actual: Sequence[float]) -> Table:
    return Table(
        columns={
            "task": _column([t.id for t in tasks]),
            "weight": np.array([t.weight for t in tasks], dtype=float),
            "direction": _column([t.direction for t in tasks]),
            "target": np.array([t.target for t in tasks], dtype=float),
            "challenge": np.array([t.challenge for t in tasks], dtype=float),
            "actual": np.array(actual, dtype=float),
        },
        unit=_column([t.unit for t in tasks]),
        origin=[t.origin or "" for t in tasks],
    )


def taskbook_data(
    scheme: Scheme,
    book: TaskBook,
    data: EvaluationData | None = None,
    *,
    actuals: Mapping[tuple[str, str], float] | None = None,
    lang: Lang = "zh",
) -> EvaluationData:
    """The year's data with the task book's records and splits.

    With ``data``, its units are the year's units and the book's records and splits are
    added to it (it must hold neither splits nor records of a task node itself);
    without, the units are those the book names.  The book is checked against the
    scheme first (:func:`check_taskbook`); every problem raises one
    :class:`~govperf.DataError`.
    """
    units: Units | Sequence[str] = data.units if data is not None else book.units
    problems = check_taskbook(scheme, book, units, lang=lang)
    if data is not None:
        where = book.source
        if data.splits is not None and book.splits:
            problems.append(
                Problem(message=label("taskbook.splits_twice", lang), file=where, code="conflict")
            )
        for node in book.task_nodes():
            if node in data.records:
                problems.append(
                    Problem(
                        message=label("taskbook.records_twice", lang, id=node),
                        file=where,
                        code="conflict",
                        node=node,
                    )
                )
    if problems:
        raise DataError(problems, source=book.source)
    records = task_records(book, actuals, lang=lang)
    splits = splits_table(book) if book.splits else None
    if data is None:
        return EvaluationData(units=list(book.units), records=records, splits=splits)
    return evolve(
        data,
        records={**data.records, **records},
        splits=splits if splits is not None else data.splits,
    )
