"""Read progress reports (quarterly values, the self-assessment) from CSV or xlsx.

One row per task and period: 单位编号 ``unit``, 任务编号 ``task``, 期间 ``period``
(``Q1``…``Q4``, 一季度…四季度, or ``H1``/上半年自评 for the July self-assessment),
完成值 ``value`` (the result so far), optionally 指标编号 ``node`` and 说明 ``note``;
单位名称, 任务名称 and 备注 are read past.  Every problem at its file, line and column.
"""

from __future__ import annotations

import difflib
import os
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .._labels import Lang, label
from ..exceptions import DataError, Problem
from ..io._tables import is_empty, parse_number, parse_text, read_csv, read_xlsx
from ._model import PERIODS, Period, Progress, ProgressEntry

__all__ = ["PROGRESS_COLUMNS", "parse_period", "read_progress"]

PROGRESS_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "unit": ("unit", "单位编号", "单位"),
    "unit_name": ("unit_name", "单位名称"),
    "node": ("node", "sub_indicator", "指标编号", "二级指标"),
    "task": ("task", "任务编号", "任务"),
    "task_name": ("task_name", "name", "任务名称"),
    "period": ("period", "期间", "季度", "报告期"),
    "value": ("value", "完成值", "进度值", "累计完成值"),
    "note": ("note", "说明"),
    "remark": ("remark", "备注"),
}
"""Each column of a progress table and the headers that stand for it."""

_INFO = frozenset({"unit_name", "task_name", "remark"})
_HEADERS = {
    unicodedata.normalize("NFKC", alias).lower(): name
    for name, aliases in PROGRESS_COLUMNS.items()
    for alias in aliases
}
_PERIOD_NAMES: Mapping[str, Period] = {
    **{p.lower(): p for p in PERIODS},
    "一季度": "Q1",
    "第一季度": "Q1",
    "二季度": "Q2",
    "第二季度": "Q2",
    "三季度": "Q3",
    "第三季度": "Q3",
    "四季度": "Q4",
    "第四季度": "Q4",
    "年终": "Q4",
    "上半年": "H1",
    "自评": "H1",
    "上半年自评": "H1",
}


def parse_period(text: str) -> Period | None:
    """``"Q2"``, ``"二季度"``, ``"上半年自评"`` … → the period, or ``None``."""
    return _PERIOD_NAMES.get(unicodedata.normalize("NFKC", text).strip().lower())


def _table(
    source: str,
    header: Sequence[Any],
    rows: Sequence[tuple[int, Sequence[Any]]],
    lang: Lang,
    problems: list[Problem],
    out: list[ProgressEntry],
    seen: dict[tuple[str, str | None, str, str], str],
) -> None:
    names: list[str | None] = []
    for col, cell in enumerate(header, start=1):
        text = parse_text(cell)
        name = None if text is None else _HEADERS.get(unicodedata.normalize("NFKC", text).lower())
        if text is not None and name is None:
            close = difflib.get_close_matches(text.lower(), list(_HEADERS), n=1)
            hint = label("progress.did_you_mean", lang, name=close[0]) if close else ""
            problems.append(
                Problem(
                    message=label("progress.unknown_column", lang, name=text, hint=hint),
                    file=source,
                    line=1,
                    column=col,
                    code="unknown-column",
                )
            )
        names.append(name)
    columns = {n: i for i, n in enumerate(names, start=1) if n is not None}
    for line, cells in rows:
        values = {
            n: c for n, c in zip(names, cells, strict=False) if n is not None and n not in _INFO
        }
        if all(is_empty(v) for v in values.values()):
            continue
        before = len(problems)

        def add(
            col: str,
            key: str,
            code: str,
            line: int = line,
            row: Mapping[str, Any] = values,
            **extra: object,
        ) -> None:
            problems.append(
                Problem(
                    message=label(f"progress.{key}", lang, col=col, **extra),
                    file=source,
                    line=line,
                    column=columns.get(col),
                    path=(col,),
                    code=code,
                    unit=parse_text(row.get("unit")),
                )
            )

        texts: dict[str, str | None] = {}
        for needed in ("unit", "task", "period"):
            texts[needed] = parse_text(values.get(needed))
            if texts[needed] is None:
                add(needed, "empty", "empty-cell")
        node = parse_text(values.get("node"))
        note = parse_text(values.get("note"))
        period = parse_period(texts["period"]) if texts["period"] is not None else None
        if texts["period"] is not None and period is None:
            add("period", "bad_period", "invalid", value=texts["period"])
        number, why = parse_number(values.get("value"))
        if why is not None:
            add("value", "not_number", "not-a-number", why=why)
        elif number is None:
            add("value", "empty", "empty-cell")
        if len(problems) > before:
            continue
        unit, task = texts["unit"], texts["task"]
        assert unit is not None
        assert task is not None
        assert period is not None
        assert number is not None
        key = (unit, node, task, period)
        if key in seen:
            add(
                "task",
                "duplicate",
                "duplicate-row",
                task=task,
                unit=unit,
                period=period,
                first=seen[key],
            )
            continue
        seen[key] = f"{source}:{line}"
        out.append(
            ProgressEntry(
                unit=unit,
                task=task,
                period=period,
                value=number,
                node=node,
                note=note,
                origin=f"{source}:{line}",
            )
        )


def read_progress(*sources: str | os.PathLike[str], lang: Lang = "zh") -> Progress:
    """Read progress reports from one or more ``.csv`` or ``.xlsx`` files (every sheet).

    A (unit, task, period) given twice is an error naming both rows.  Raises
    :class:`~govperf.DataError` listing every problem, each at its file, line and column.
    """
    if not sources:
        raise ValueError("read_progress needs at least one file")
    problems: list[Problem] = []
    entries: list[ProgressEntry] = []
    seen: dict[tuple[str, str | None, str, str], str] = {}
    for source in sources:
        path = Path(source)
        display = str(source)
        suffix = path.suffix.lower()
        if not path.is_file():
            problems.append(
                Problem(message=label("taskbook.not_found", lang), file=display, code="not-found")
            )
            continue
        if suffix not in (".csv", ".xlsx"):
            problems.append(
                Problem(message=label("progress.suffix", lang), file=display, code="unsupported")
            )
            continue
        try:
            if suffix == ".csv":
                table, found = read_csv(path, display)
                problems.extend(found)
                tables = [] if table is None else [table]
            else:
                tables, found = read_xlsx(path, display)
                problems.extend(found)
            for t in tables:
                if not t.is_blank:
                    _table(t.source, t.header, t.rows, lang, problems, entries, seen)
        except OSError as exc:
            message = label("taskbook.io", lang, why=exc.strerror or str(exc))
            problems.append(Problem(message=message, file=display, code="io"))
    where = ", ".join(str(s) for s in sources)
    if problems:
        raise DataError(problems, source=where)
    return Progress(entries=entries, source=where)
