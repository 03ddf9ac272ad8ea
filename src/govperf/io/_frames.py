"""pandas DataFrames in the tidy file layout → :class:`~govperf.EvaluationData`.

pandas is imported only when :func:`data_from_frames` is called.  The frames have the
columns of the data files (see the input format reference): ``units`` has ``unit``,
``name`` and optional ``group``; a single ``records`` frame has a ``sub_indicator``
column and the columns of every evaluator it feeds; a single ``events`` frame has a
``rule`` column.  Chinese header names are accepted as in files.  Each row keeps its
origin (``records[12]``, the frame's index label) for the engine's messages.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..data._data import EvaluationData, Table, Units
from ..exceptions import DataError, Problem
from ._tables import ALIASES, INFO_COLUMNS, parse_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["data_from_frames"]

_KEYS = ("unit", "sub_indicator", "rule", "category")
"""Columns that say whose and which a row is; a row with nothing else is empty."""


def _header(name: Hashable, kind: str) -> str:
    text = str(name).strip()
    if kind == "units" and text == "单位名称":
        return "name"
    return ALIASES.get(text, text)


def _cell(value: Any) -> Any:
    """A frame cell as plain Python: ``None`` for NaN, NA, NaT and blank text."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover - pandas is there if frames are
        pass
    return value


def _rows(frame: pd.DataFrame, name: str, kind: str) -> tuple[list[dict[str, Any]], list[str]]:
    columns = [_header(c, kind) for c in frame.columns]
    if len(set(columns)) != len(columns):
        seen: set[str] = set()
        dupes = sorted({c for c in columns if c in seen or seen.add(c)})  # type: ignore[func-returns-value]
        raise DataError(
            [
                Problem(message=f"two columns stand for {c!r}", file=name, code="duplicate-column")
                for c in dupes
            ]
        )
    rows: list[dict[str, Any]] = []
    origins: list[str] = []
    for label, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        cells = {c: _cell(v) for c, v in zip(columns, values, strict=True)}
        if all(v is None for v in cells.values()):
            continue
        rows.append(cells)
        origins.append(f"{name}[{label}]")
    return rows, origins


def _table(
    rows: list[dict[str, Any]], origins: list[str], drop: tuple[str, ...], partial: bool = True
) -> Table | None:
    """Keep the columns with a value; skip rows with nothing but keys (not submitted)."""
    keep = [
        c
        for c in dict.fromkeys(c for r in rows for c in r)
        if c not in drop and c not in INFO_COLUMNS and c != "unit"
    ]
    keep = [c for c in keep if any(r.get(c) is not None for r in rows)]
    filled = [any(r.get(c) is not None for c in keep if c not in _KEYS) for r in rows]
    # a key-only row of a unit that gave other rows is kept: the engine reports its
    # empty cells instead of reading them as nothing (a survey category without a count)
    active = {parse_text(r.get("unit")) for r, f in zip(rows, filled, strict=True) if f and partial}
    use = [
        i
        for i, r in enumerate(rows)
        if filled[i]
        or (parse_text(r.get("unit")) in active and any(r.get(c) is not None for c in keep))
    ]
    if not use:
        return None
    columns: dict[str, np.ndarray] = {}
    for c in keep:
        values = [rows[i].get(c) for i in use]
        if all(
            v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in values
        ):
            columns[c] = np.array([math.nan if v is None else float(v) for v in values])
        else:
            arr = np.empty(len(values), dtype=object)
            arr[:] = values
            columns[c] = arr
    unit = np.empty(len(use), dtype=object)
    unit[:] = [parse_text(rows[i].get("unit")) for i in use]
    return Table(columns=columns, unit=unit, origin=[origins[i] for i in use])


def _grouped(
    given: pd.DataFrame | Mapping[str, pd.DataFrame] | None, name: str, key: str
) -> tuple[dict[str, Table], list[Problem]]:
    """Tables per sub-indicator (or rule) from one tidy frame or a mapping of frames."""
    out: dict[str, Table] = {}
    problems: list[Problem] = []
    if given is None:
        return out, problems
    parts: dict[str, tuple[list[dict[str, Any]], list[str]]] = {}
    if isinstance(given, Mapping):
        for group, frame in given.items():
            rows, origins = _rows(frame, f"{name}[{group!r}]", name)
            for row, origin in zip(rows, origins, strict=True):
                said = parse_text(row.get(key))
                if said is not None and said != str(group):
                    problems.append(
                        Problem(
                            message=f"the row says {key} {said!r} but is listed under {group!r}",
                            file=origin,
                            code="mismatch",
                        )
                    )
                    continue
                part = parts.setdefault(str(group), ([], []))
                part[0].append(row)
                part[1].append(origin)
    else:
        rows, origins = _rows(given, name, name)
        if rows and key not in rows[0]:
            raise DataError(
                [
                    Problem(
                        message=f"a single {name} frame needs a {key!r} column (or pass a "
                        f"mapping from {key} id to frame)",
                        file=name,
                        code="missing-column",
                    )
                ]
            )
        for row, origin in zip(rows, origins, strict=True):
            said_group = parse_text(row.get(key))
            if said_group is None:
                problems.append(
                    Problem(message=f"the {key} cell is empty", file=origin, code="empty-cell")
                )
                continue
            part = parts.setdefault(said_group, ([], []))
            part[0].append(row)
            part[1].append(origin)
    for group, (rows, origins) in parts.items():
        table = _table(rows, origins, (key,))
        if table is not None:
            out[group] = table
    return out, problems


def _units(frame: pd.DataFrame) -> tuple[Units | None, list[Problem]]:
    rows, origins = _rows(frame, "units", "units")
    problems: list[Problem] = []
    if rows and ("unit" not in rows[0] or "name" not in rows[0]):
        return None, [
            Problem(
                message="the units frame needs the columns unit and name (optional: group)",
                file="units",
                code="missing-column",
            )
        ]
    ids: list[str] = []
    names: list[str] = []
    groups: list[str | None] = []
    first: dict[str, str] = {}
    for row, origin in zip(rows, origins, strict=True):
        uid, name = parse_text(row.get("unit")), parse_text(row.get("name"))
        if uid is None or name is None:
            empty = ", ".join(c for c, v in (("unit", uid), ("name", name)) if v is None)
            problems.append(Problem(message=f"empty {empty}", file=origin, code="empty-cell"))
            continue
        if uid in first:
            problems.append(
                Problem(
                    message=f"unit {uid!r} is listed twice: here and at {first[uid]}",
                    file=origin,
                    code="duplicate-unit",
                )
            )
            continue
        first[uid] = origin
        ids.append(uid)
        names.append(name)
        groups.append(parse_text(row.get("group")))
    return Units(ids=ids, names=names, groups=groups), problems


def data_from_frames(
    *,
    units: pd.DataFrame,
    records: pd.DataFrame | Mapping[str, pd.DataFrame] | None = None,
    splits: pd.DataFrame | None = None,
    events: pd.DataFrame | Mapping[str, pd.DataFrame] | None = None,
) -> EvaluationData:
    """Build :class:`~govperf.EvaluationData` from pandas DataFrames in the file layout.

    ``records`` is one tidy frame with a ``sub_indicator`` column (rows of several
    sub-indicators; each keeps the columns that have a value in its rows) or a
    mapping from sub-indicator id to frame; ``events`` likewise with ``rule``.
    Empty cells (NaN, ``None``, ``pd.NA``, blank text) are missing; rows with nothing
    besides their keys (unit, sub-indicator, category) are skipped as not submitted,
    exactly as in files, unless the same unit gives other rows of that sub-indicator
    (a survey category left without a count is then reported, never read as 0).
    Informational columns (``unit_name``, ``remark``, …) are dropped.  Columns an
    evaluator does not read, unknown units and out-of-range values are reported by
    :func:`~govperf.score` and :func:`~govperf.check_data`, naming each row as
    ``records[<index label>]``.

    Raises :class:`~govperf.DataError` for a units frame without ``unit``/``name``,
    a unit listed twice, or rows without a sub-indicator or rule.
    """
    unit_table, problems = _units(units)
    recs, found = _grouped(records, "records", "sub_indicator")
    problems += found
    evs, found = _grouped(events, "events", "rule")
    problems += found
    split_table = None
    if splits is not None:
        rows, origins = _rows(splits, "splits", "splits")
        split_table = _table(rows, origins, (), partial=False)
        if split_table is None:
            split_table = Table(
                columns={
                    "sub_indicator": np.empty(0, dtype=object),
                    "points": np.empty(0, dtype=float),
                },
                unit=np.empty(0, dtype=object),
                origin=(),
            )
    if problems or unit_table is None:
        raise DataError(problems, source="DataFrames")
    return EvaluationData(units=unit_table, records=recs, splits=split_table, events=evs)
