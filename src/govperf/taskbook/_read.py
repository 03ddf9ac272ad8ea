"""Read a task book from YAML, CSV or xlsx files, with every problem located.

Tables (CSV files, every sheet of a workbook) hold one row per task or per split: a
row with a ``task`` is a task, a row with ``points`` and no ``task`` is the unit's
split of a pooled node's child.  Headers are English column names or their Chinese
forms (:data:`COLUMNS`).  A YAML file maps each unit to its ``splits`` and ``tasks``::

    year: 2013
    units:
      u01:
        name: 区产业促进局
        splits: {key_tasks: 30, main_duties: 15}
        tasks:
          - {id: T1, node: key_tasks, weight: 2, direction: 正向, target: 63,
             challenge: 68, assessor: 区政府督查室, deadline: 2013-12-31}

Problems carry ``file:line:column`` (YAML) or ``file:line:column`` of the row and cell
(CSV, ``book.xlsx[sheet]`` for a workbook); all are raised at once as a
:class:`~govperf.DataError`.  Several files may make one task book (the tasks in one,
the splits in another).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from .._labels import Lang, label
from ..exceptions import DataError, Problem
from ..io._tables import is_empty, parse_number, parse_text, read_csv, read_xlsx
from ..scheme._yaml import load_yaml
from ._model import Direction, Split, Task, TaskBook

__all__ = ["COLUMNS", "MAX_TASKBOOK_BYTES", "read_taskbook"]

MAX_TASKBOOK_BYTES = 64 * 1024 * 1024
"""The largest task book file read, in bytes (as for data files), checked before reading."""

COLUMNS: Mapping[str, tuple[str, ...]] = {
    "unit": ("unit", "单位编号", "单位"),
    "unit_name": ("unit_name", "单位名称"),
    "node": ("node", "sub_indicator", "指标编号", "二级指标", "指标"),
    "node_name": ("node_name", "sub_indicator_name", "二级指标名称", "指标名称"),
    "task": ("task", "id", "任务编号", "任务"),
    "name": ("name", "任务名称", "任务内容"),
    "weight": ("weight", "权重"),
    "direction": ("direction", "方向", "指标方向"),
    "target": ("target", "目标值"),
    "challenge": ("challenge", "挑战值"),
    "baseline": ("baseline", "基期值", "基数"),
    "assessor": ("assessor", "考评主体", "责任考评主体"),
    "deadline": ("deadline", "完成时限", "截止日期"),
    "actual": ("actual", "实际值", "完成值"),
    "points": ("points", "分配分值", "分值"),
    "note": ("note", "说明"),
    "remark": ("remark", "备注"),
}
"""Each column of a task book table and the headers that stand for it (English
names ignore case)."""

_INFO = frozenset({"unit_name", "node_name", "remark"})
"""Columns for people: read past, never used."""

_HEADERS = {
    unicodedata.normalize("NFKC", alias).lower(): name
    for name, aliases in COLUMNS.items()
    for alias in aliases
}

_DIRECTIONS: Mapping[str, Direction] = {
    "higher": "higher",
    "lower": "lower",
    "正向": "higher",
    "负向": "lower",
    "正": "higher",
    "负": "lower",
}

_TASK_KEYS = (
    "id",
    "node",
    "name",
    "weight",
    "direction",
    "target",
    "challenge",
    "baseline",
    "assessor",
    "deadline",
    "actual",
    "note",
)
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@frozen
class _Item:
    """One task or split as read: cells by column, and how to locate a problem in it."""

    cells: Mapping[str, Any]
    origin: str
    where: Callable[[str | None, str, str], Problem]
    """``where(column, message, code)``: a problem at that cell (the row without one)."""


class _Reader:
    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.problems: list[Problem] = []
        self.tasks: list[Task] = []
        self.splits: list[Split] = []
        self.seen_tasks: dict[tuple[str, str, str], str] = {}
        self.seen_splits: dict[tuple[str, str], str] = {}
        self.names: dict[str, str] = {}
        self.year: int | None = None
        self.title: str | None = None

    def t(self, key: str, **values: object) -> str:
        return label(f"taskbook.{key}", self.lang, **values)

    # -- cells -------------------------------------------------------------------------

    def text(self, item: _Item, col: str, *, required: bool = False) -> str | None:
        cell = item.cells.get(col)
        if isinstance(cell, (dict, list)):
            self.problems.append(item.where(col, self.t("not_text", col=col), "type"))
            return None
        value = parse_text(cell)
        if value is None and required:
            self.problems.append(item.where(col, self.t("empty", col=col), "empty-cell"))
        return value

    def number(self, item: _Item, col: str, *, required: bool = False) -> float | None:
        cell = item.cells.get(col)
        if (
            isinstance(cell, str)
            or cell is None
            or (isinstance(cell, (int, float)) and not isinstance(cell, bool))
        ):
            value, why = parse_number(cell)
        else:
            value, why = None, self.t("not_number_value", value=repr(cell))
        if why is not None:
            self.problems.append(
                item.where(col, self.t("not_number", col=col, why=why), "not-a-number")
            )
            return None
        if value is None and required:
            self.problems.append(item.where(col, self.t("empty", col=col), "empty-cell"))
        return value

    def direction(self, item: _Item) -> Direction | None:
        text = self.text(item, "direction", required=True)
        if text is None:
            return None
        found = _DIRECTIONS.get(text.lower())
        if found is None:
            message = self.t("bad_direction", value=text)
            self.problems.append(item.where("direction", message, "invalid"))
        return found

    def deadline(self, item: _Item) -> _dt.date | None:
        cell = item.cells.get("deadline")
        if isinstance(cell, _dt.datetime):
            return cell.date()
        if isinstance(cell, _dt.date):
            return cell
        text = self.text(item, "deadline")
        if text is None:
            return None
        match = _DATE.match(unicodedata.normalize("NFKC", text))
        try:
            if match is None:
                raise ValueError(text)
            return _dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            message = self.t("bad_date", value=text)
            self.problems.append(item.where("deadline", message, "invalid"))
            return None

    # -- rows --------------------------------------------------------------------------

    def item(self, item: _Item) -> None:
        """A task (it has a task id) or a split (points and no task id)."""
        if not is_empty(item.cells.get("task")):
            if not is_empty(item.cells.get("points")):
                self.problems.append(item.where("points", self.t("task_and_points"), "invalid"))
            self.task(item)
        elif not is_empty(item.cells.get("points")):
            self.split(item)
        elif any(not is_empty(v) for k, v in item.cells.items() if k not in _INFO | {"unit"}):
            self.problems.append(item.where("task", self.t("neither"), "empty-cell"))

    def task(self, item: _Item) -> None:
        before = len(self.problems)
        unit = self.text(item, "unit", required=True)
        node = self.text(item, "node", required=True)
        ident = self.text(item, "task", required=True)
        weight = self.number(item, "weight")
        direction = self.direction(item)
        target = self.number(item, "target", required=True)
        challenge = self.number(item, "challenge", required=True)
        baseline = self.number(item, "baseline")
        actual = self.number(item, "actual")
        deadline = self.deadline(item)
        name = self.text(item, "name")
        assessor = self.text(item, "assessor")
        note = self.text(item, "note")
        if weight is not None and weight <= 0:
            message = self.t("weight", value=f"{weight:g}")
            self.problems.append(item.where("weight", message, "invalid"))
        if direction is not None and target is not None and challenge is not None:
            beyond = challenge >= target if direction == "higher" else challenge <= target
            if not beyond:
                message = self.t(
                    "challenge_" + direction, challenge=f"{challenge:g}", target=f"{target:g}"
                )
                self.problems.append(item.where("challenge", message, "invalid"))
        if len(self.problems) > before:
            return
        assert unit is not None
        assert node is not None
        assert ident is not None
        assert direction is not None
        assert target is not None
        assert challenge is not None
        key = (unit, node, ident)
        if key in self.seen_tasks:
            message = self.t("duplicate_task", task=ident, unit=unit, first=self.seen_tasks[key])
            self.problems.append(item.where("task", message, "duplicate-row"))
            return
        self.seen_tasks[key] = item.origin
        self.tasks.append(
            Task(
                unit=unit,
                node=node,
                id=ident,
                name=name,
                weight=1.0 if weight is None else weight,
                direction=direction,
                target=target,
                challenge=challenge,
                baseline=0.0 if baseline is None else baseline,
                assessor=assessor,
                deadline=deadline,
                actual=actual,
                note=note,
                origin=item.origin,
            )
        )

    def split(self, item: _Item) -> None:
        before = len(self.problems)
        unit = self.text(item, "unit", required=True)
        node = self.text(item, "node", required=True)
        points = self.number(item, "points", required=True)
        if points is not None and points < 0:
            message = self.t("negative_points", value=f"{points:g}")
            self.problems.append(item.where("points", message, "invalid"))
        if len(self.problems) > before:
            return
        assert unit is not None
        assert node is not None
        assert points is not None
        key = (unit, node)
        if key in self.seen_splits:
            message = self.t("duplicate_split", node=node, unit=unit, first=self.seen_splits[key])
            self.problems.append(item.where("points", message, "duplicate-row"))
            return
        self.seen_splits[key] = item.origin
        self.splits.append(Split(unit=unit, node=node, points=points, origin=item.origin))

    # -- tables ------------------------------------------------------------------------

    def table(
        self, source: str, header: Sequence[Any], rows: Sequence[tuple[int, Sequence[Any]]]
    ) -> None:
        names: list[str | None] = []
        for col, cell in enumerate(header, start=1):
            text = parse_text(cell)
            if text is None:
                names.append(None)
                continue
            name = _HEADERS.get(unicodedata.normalize("NFKC", text).lower())
            if name is None:
                close = difflib.get_close_matches(text.lower(), list(_HEADERS), n=1)
                hint = self.t("did_you_mean", name=close[0]) if close else ""
                self.problems.append(
                    Problem(
                        message=self.t("unknown_column", name=text, hint=hint),
                        file=source,
                        line=1,
                        column=col,
                        code="unknown-column",
                    )
                )
            names.append(name)
        for line, cells in rows:
            values = {
                name: cell
                for name, cell in zip(names, cells, strict=False)
                if name is not None and name not in _INFO
            }
            if all(is_empty(v) for v in values.values()):
                continue
            at = names.index("unit_name") if "unit_name" in names else len(cells)
            uid = parse_text(values.get("unit"))
            uname = parse_text(cells[at]) if at < len(cells) else None
            if uid is not None and uname is not None:
                self.names.setdefault(uid, uname)
            self.item(_Item(values, f"{source}:{line}", _at_cell(source, line, names, values)))

    def yaml(self, text: str, source: str) -> None:
        loaded = load_yaml(text, source)
        self.problems.extend(loaded.problems)
        data = loaded.data
        if loaded.problems:
            return
        if not isinstance(data, dict):
            self.problems.append(loaded.problem((), self.t("yaml_top"), "type"))
            return
        for key in data:
            if key not in ("year", "title", "units"):
                hint = _hint(str(key), ["year", "title", "units"], self)
                message = self.t("unknown_key", name=key, hint=hint)
                self.problems.append(loaded.problem((key,), message, "unknown-key", key=True))
        year = data.get("year")
        if year is not None:
            if isinstance(year, int) and not isinstance(year, bool):
                self.year = year
            else:
                self.problems.append(loaded.problem(("year",), self.t("year"), "type"))
        title = data.get("title")
        self.title = title if isinstance(title, str) else self.title
        units = data.get("units")
        if not isinstance(units, dict):
            self.problems.append(loaded.problem(("units",), self.t("yaml_units"), "type"))
            return

        def where(path: tuple[str | int, ...]) -> Callable[[str | None, str, str], Problem]:
            def locate(col: str | None, message: str, code: str) -> Problem:
                key = {"task": "id"}.get(col or "", col)
                here = path if key is None or key == "unit" else (*path, key)
                return loaded.problem(here, message, code)

            return locate

        for uid, body in units.items():
            base: tuple[str | int, ...] = ("units", uid)
            if not isinstance(body, dict):
                self.problems.append(loaded.problem(base, self.t("yaml_unit"), "type"))
                continue
            if isinstance(body.get("name"), str):
                self.names[str(uid)] = body["name"]
            for key in body:
                if key not in ("name", "splits", "tasks"):
                    hint = _hint(str(key), ["name", "splits", "tasks"], self)
                    message = self.t("unknown_key", name=key, hint=hint)
                    self.problems.append(
                        loaded.problem((*base, key), message, "unknown-key", key=True)
                    )
            splits = body.get("splits") or {}
            if not isinstance(splits, dict):
                message = self.t("yaml_splits")
                self.problems.append(loaded.problem((*base, "splits"), message, "type"))
                splits = {}
            for node, points in splits.items():
                here = (*base, "splits", node)
                cells = {"unit": uid, "node": node, "points": points}
                line = (loaded.mark(here) or (0, 0))[0]
                self.split(_Item(cells, f"{source}:{line}", where(here)))
            tasks = body.get("tasks") or []
            if not isinstance(tasks, list):
                message = self.t("yaml_tasks")
                self.problems.append(loaded.problem((*base, "tasks"), message, "type"))
                tasks = []
            for i, task in enumerate(tasks):
                here = (*base, "tasks", i)
                if not isinstance(task, dict):
                    self.problems.append(loaded.problem(here, self.t("yaml_task"), "type"))
                    continue
                for key in task:
                    if key not in _TASK_KEYS:
                        hint = _hint(str(key), list(_TASK_KEYS), self)
                        message = self.t("unknown_key", name=key, hint=hint)
                        self.problems.append(
                            loaded.problem((*here, key), message, "unknown-key", key=True)
                        )
                cells = {k: v for k, v in task.items() if k != "id"}
                cells["task"] = task.get("id")
                cells["unit"] = uid
                line = (loaded.mark(here) or (0, 0))[0]
                if cells["task"] is None:
                    message = self.t("empty", col="id")
                    self.problems.append(loaded.problem(here, message, "empty-cell"))
                    continue
                self.task(_Item(cells, f"{source}:{line}", where(here)))


def _hint(name: str, known: list[str], reader: _Reader) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return reader.t("did_you_mean", name=close[0]) if close else ""


def _at_cell(
    source: str, line: int, names: Sequence[str | None], values: Mapping[str, Any]
) -> Callable[[str | None, str, str], Problem]:
    columns = {name: i for i, name in enumerate(names, start=1) if name is not None}

    def locate(col: str | None, message: str, code: str) -> Problem:
        return Problem(
            message=message,
            file=source,
            line=line,
            column=columns.get(col) if col is not None else None,
            path=(col,) if col is not None else (),
            code=code,
            unit=parse_text(values.get("unit"))
            if not isinstance(values.get("unit"), (dict, list))
            else None,
            node=parse_text(values.get("node"))
            if not isinstance(values.get("node"), (dict, list))
            else None,
        )

    return locate


def read_taskbook(*sources: str | os.PathLike[str], lang: Lang = "zh") -> TaskBook:
    """Read a task book from one or more files (``.yaml``/``.yml``, ``.csv``, ``.xlsx``).

    Every sheet of a workbook is read.  Tasks and splits of all the files make one
    book; a task (unit, node, task id) or a split (unit, node) given twice is an
    error naming both places.  Raises :class:`~govperf.DataError` listing every
    problem, each at its file, line and column.
    """
    reader = _Reader(lang)
    if not sources:
        raise ValueError("read_taskbook needs at least one file")
    for source in sources:
        path = Path(source)
        display = str(source)
        suffix = path.suffix.lower()
        if not path.is_file():
            reader.problems.append(
                Problem(message=reader.t("not_found"), file=display, code="not-found")
            )
            continue
        if suffix not in (".yaml", ".yml", ".csv", ".xlsx"):
            reader.problems.append(
                Problem(message=reader.t("suffix"), file=display, code="unsupported")
            )
            continue
        try:
            size = path.stat().st_size
            if size > MAX_TASKBOOK_BYTES:
                message = reader.t("too_large", size=f"{size:,}", limit=f"{MAX_TASKBOOK_BYTES:,}")
                reader.problems.append(Problem(message=message, file=display, code="too-large"))
                continue
            if suffix in (".yaml", ".yml"):
                raw = path.read_bytes()
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    message = reader.t("encoding")
                    reader.problems.append(Problem(message=message, file=display, code="encoding"))
                    continue
                reader.yaml(text, display)
            elif suffix == ".csv":
                table, problems = read_csv(path, display)
                reader.problems.extend(problems)
                if table is not None:
                    reader.table(table.source, table.header, table.rows)
            else:
                tables, problems = read_xlsx(path, display)
                reader.problems.extend(problems)
                for table in tables:
                    if not table.is_blank:
                        reader.table(table.source, table.header, table.rows)
        except OSError as exc:
            message = reader.t("io", why=exc.strerror or str(exc))
            reader.problems.append(Problem(message=message, file=display, code="io"))
    label_ = ", ".join(str(s) for s in sources)
    if reader.problems:
        raise DataError(reader.problems, source=label_)
    return TaskBook(
        tasks=reader.tasks,
        splits=reader.splits,
        year=reader.year,
        title=reader.title,
        names=reader.names,
        source=label_,
    )
