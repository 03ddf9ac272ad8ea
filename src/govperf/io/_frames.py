"""pandas DataFrames in the tidy file layout → :class:`~govperf.EvaluationData`.

pandas is imported only when :func:`data_from_frames` is called.  The frames have the
columns of the data files (see the input format reference): ``units`` has ``unit``,
``name`` and optional ``group``; a single ``records`` frame has a ``sub_indicator``
column and the columns of every evaluator it feeds; a single ``events`` frame has a
``rule`` column.  Chinese header names are accepted as in files.  Each row keeps its
origin (``records[12]``, the frame's index label) for the engine's messages.

The frames are read by column (a few array passes per column, no Python object per
row), and unit ids become positions through one hash table of the units, as
``pandas.factorize`` does; origins are formatted only when a message names a row.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..data._data import EvaluationData, Origins, Table, Units
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


def _factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize`` of a column, with the same codes and uniques.

    A key column (sub-indicator, rule) usually comes in long runs of one value, as
    files list a sub-indicator's rows together; then only the first cell of each run
    is hashed, after one comparison of neighbouring cells.
    """
    import pandas as pd

    values = series.to_numpy() if series.dtype == object else None
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "python":
        values = series.to_numpy(dtype=object)
    if values is not None and len(values) > 64:
        try:
            head = values[:1025]
            if int(np.count_nonzero(head[1:] != head[:-1])) <= len(head) // 16:
                change = np.flatnonzero(values[1:] != values[:-1]) + 1
                if len(change) <= len(values) // 16:
                    starts = np.concatenate(([0], change))
                    run_codes, run_uniques = pd.factorize(values[starts], use_na_sentinel=True)
                    lengths = np.diff(np.append(starts, len(values)))
                    codes = np.repeat(np.asarray(run_codes, dtype=np.int64), lengths)
                    return codes, np.asarray(run_uniques, dtype=object)
        except (TypeError, ValueError):  # cells that do not compare (pd.NA): hash them all
            pass
    all_codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return np.asarray(all_codes), np.asarray(uniques, dtype=object)


class _Column:
    """One column: empty cells, and its cells as text, found once per distinct value.

    Text columns (ids, categories) repeat a few values over many rows, so the column is
    factorised once with a hash table (``pandas.factorize``); stripping, blank checks
    and number parsing then run on the distinct values only.
    """

    def __init__(self, series: pd.Series, distinct: bool = False) -> None:
        """``distinct``: the cells are expected to differ (a units frame), so factorising
        them would only cost time; each cell is read on its own."""
        import pandas as pd

        self.series = series
        self.numeric = series.dtype.kind in "iuf"
        self.codes: np.ndarray | None = None
        self._floats: np.ndarray | None = None
        self._positions: tuple[int, np.ndarray] | None = None
        if self.numeric:
            self.empty = np.array(series.isna().to_numpy(), dtype=bool)
            return
        try:
            if distinct:
                raise TypeError("read cell by cell")
            codes, uniques = _factorize(series)
            self.codes = np.asarray(codes, dtype=np.int64)
            self.uniques = np.asarray(uniques, dtype=object)
        except TypeError:  # distinct or unhashable cells: cell by cell
            self.uniques = series.to_numpy(dtype=object)
            self.codes = np.arange(len(self.uniques), dtype=np.int64)
        # a sentinel at the end: code -1 (a missing cell) picks it
        self.text_u = np.empty(len(self.uniques) + 1, dtype=object)
        if pd.api.types.infer_dtype(self.uniques, skipna=False) == "string":
            stripped = [v.strip() for v in self.uniques]  # all text: the common case
            self.text_u[:-1] = [t or None for t in stripped]
        else:
            self.text_u[:-1] = [parse_text(_cell(v)) for v in self.uniques]
        self.empty_u = np.array([t is None for t in self.text_u], dtype=bool)
        self.empty = self.empty_u[self.codes]

    def texts(self, rows: np.ndarray) -> np.ndarray:
        if self.codes is None:  # numbers (ids typed as numbers): 101.0 is "101"
            out = np.empty(len(rows), dtype=object)
            out[:] = [parse_text(_cell(v)) for v in self.series.to_numpy(dtype=object)[rows]]
            return out
        return np.asarray(self.text_u[self.codes[rows]])

    def positions(self, units: pd.Index, rows: np.ndarray) -> np.ndarray:
        """The unit position of each of ``rows`` (``-1`` for an id that is not a unit).

        Each distinct id is looked up once in the units' hash table, and the rows pick
        their id's position: the same positions as looking up every row's text.
        """
        import pandas as pd

        if self.codes is None:
            return np.asarray(
                units.get_indexer(pd.Index(self.texts(rows), dtype=object)), dtype=np.int64
            )
        if self._positions is None or self._positions[0] != id(units):
            found = np.full(len(self.text_u), -1, dtype=np.int64)  # the sentinel: -1
            # as an object Index: an array of text would be read as pandas' string
            # dtype first, which makes the lookup several times slower
            found[:-1] = units.get_indexer(pd.Index(self.text_u[:-1], dtype=object))
            self._positions = (id(units), found)
        return np.asarray(self._positions[1][self.codes[rows]])

    def floats(self) -> np.ndarray:
        """A number column as floats, NaN where empty (converted once)."""
        if self._floats is None:
            self._floats = self.series.to_numpy(dtype=float, na_value=np.nan)
        return self._floats

    def values(self, rows: np.ndarray) -> np.ndarray:
        import pandas as pd

        empty = self.empty[rows]
        if self.numeric:
            out: np.ndarray = self.floats()[rows]
            if empty.any():
                out[empty] = np.nan
            return out
        assert self.codes is not None
        used = np.unique(self.codes[rows][~empty]) if (~empty).any() else np.zeros(0, np.int64)
        kind = pd.api.types.infer_dtype(self.uniques[used], skipna=True) if len(used) else "empty"
        if kind in ("floating", "integer", "mixed-integer-float", "empty"):
            num_u = np.array(
                [
                    *(
                        float(v) if not self.empty_u[i] else np.nan
                        for i, v in enumerate(self.uniques)
                    ),
                    np.nan,
                ]
            )
            return np.asarray(num_u[self.codes[rows]])
        cells_u = np.empty(len(self.uniques) + 1, dtype=object)
        cells_u[:-1] = [None if self.empty_u[i] else _cell(v) for i, v in enumerate(self.uniques)]
        return np.asarray(cells_u[self.codes[rows]])


class _Frame:
    """One frame by column: canonical names, empty masks, rows in use.

    Rows with every cell empty are dropped (``rows`` holds the frame positions kept);
    nothing is converted row by row, so a frame of millions of rows costs a few array
    passes per column.
    """

    def __init__(self, frame: pd.DataFrame, name: str, kind: str) -> None:
        columns = [_header(c, kind) for c in frame.columns]
        if len(set(columns)) != len(columns):
            seen: set[str] = set()
            dupes = sorted({c for c in columns if c in seen or seen.add(c)})  # type: ignore[func-returns-value]
            raise DataError(
                [
                    Problem(
                        message=f"two columns stand for {c!r}", file=name, code="duplicate-column"
                    )
                    for c in dupes
                ]
            )
        self.name = name
        distinct = kind == "units"  # one row per unit: nothing repeats
        self.cols = {c: _Column(frame.iloc[:, i], distinct) for i, c in enumerate(columns)}
        n = len(frame)
        if columns:
            blank = np.logical_and.reduce([col.empty for col in self.cols.values()])
        else:
            blank = np.ones(n, dtype=bool)
        self.rows = np.flatnonzero(~blank)
        self.labels = frame.index.to_numpy()

    @property
    def columns(self) -> list[str]:
        return list(self.cols)

    def has(self, column: str) -> bool:
        return column in self.cols

    def filled(self, column: str, rows: np.ndarray) -> np.ndarray:
        """Whether ``column`` has a value in each of ``rows`` (frame positions)."""
        if column not in self.cols:
            return np.zeros(len(rows), dtype=bool)
        return np.asarray(~self.cols[column].empty[rows])

    def texts(self, column: str, rows: np.ndarray) -> np.ndarray:
        """The column's cells at ``rows`` as stripped text (``None`` where empty)."""
        if column not in self.cols:
            return np.full(len(rows), None, dtype=object)
        return self.cols[column].texts(rows)

    def values(self, column: str, rows: np.ndarray) -> np.ndarray:
        """The column at ``rows``: floats (NaN where empty) when every value is a number,
        else an object array of the cells (``None`` where empty)."""
        return self.cols[column].values(rows)

    def positions(self, column: str, units: pd.Index, rows: np.ndarray) -> np.ndarray:
        """The unit positions of ``rows`` from the id column ``column``."""
        if column not in self.cols:
            return np.full(len(rows), -1, dtype=np.int64)
        return self.cols[column].positions(units, rows)

    def empty(self, column: str, rows: np.ndarray) -> np.ndarray:
        """Whether ``column`` is empty in each of ``rows``."""
        return ~self.filled(column, rows)

    def groups(self, column: str, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """Each of ``rows``' group in ``column`` by its text (rows must be filled there):
        codes into the distinct texts, in order of first appearance."""
        col = self.cols[column]
        if col.codes is None:
            import pandas as pd

            codes, uniques = pd.factorize(col.texts(rows))
            return np.asarray(codes, dtype=np.int64), [str(u) for u in uniques]
        # texts of the distinct cells, then one code per text (" s1" and "s1" are one);
        # factorised codes follow first appearance, and rows are in frame order, so
        # ascending codes are the order in which the texts first appear in ``rows``
        used = col.codes[rows]
        canon: dict[str, int] = {}
        per_unique = np.full(len(col.text_u), -1, dtype=np.int64)
        seen = np.zeros(len(col.text_u), dtype=bool)
        seen[used] = True
        for u in np.flatnonzero(seen).tolist():
            per_unique[u] = canon.setdefault(str(col.text_u[u]), len(canon))
        return per_unique[used], list(canon)

    def origins(self, rows: np.ndarray) -> Origins:
        return Origins(self.name + "[{}]", self.labels[rows])


def _table(
    frame: _Frame,
    rows: np.ndarray,
    drop: tuple[str, ...],
    units: pd.Index | None,
    partial: bool = True,
) -> Table | None:
    """Keep the columns with a value; skip rows with nothing but keys (not submitted)."""
    keep = [
        c
        for c in frame.columns
        if c not in drop and c not in INFO_COLUMNS and c != "unit" and frame.filled(c, rows).any()
    ]
    has = {c: frame.filled(c, rows) for c in keep}
    none = np.zeros(len(rows), dtype=bool)
    filled = np.logical_or.reduce([has[c] for c in keep if c not in _KEYS] or [none])
    any_value = np.logical_or.reduce([has[c] for c in keep] or [none])
    unit_text = frame.texts("unit", rows)
    # a key-only row of a unit that gave other rows is kept: the engine reports its
    # empty cells instead of reading them as nothing (a survey category without a count)
    use = filled.copy()
    if partial and not filled.all():
        active = set(unit_text[filled].tolist()) - {None}
        rest = ~filled & any_value
        if rest.any() and active:
            use[rest] = [u in active for u in unit_text[rest]]
    if not use.any():
        return None
    picked = rows[use]
    columns = {c: frame.values(c, picked) for c in keep}
    unit = unit_text[use]
    # the unit ids' hash table, built once for all tables (as pandas.factorize uses)
    positions = None if units is None else frame.positions("unit", units, picked)
    return Table(columns=columns, unit=unit, origin=frame.origins(picked), positions=positions)


def _grouped(
    given: pd.DataFrame | Mapping[str, pd.DataFrame] | None,
    name: str,
    key: str,
    units: pd.Index | None,
) -> tuple[dict[str, Table], list[Problem]]:
    """Tables per sub-indicator (or rule) from one tidy frame or a mapping of frames."""
    out: dict[str, Table] = {}
    problems: list[Problem] = []
    if given is None:
        return out, problems
    if isinstance(given, Mapping):
        for group, df in given.items():
            frame = _Frame(df, f"{name}[{group!r}]", name)
            said = frame.texts(key, frame.rows)
            wrong = np.array([s is not None and s != str(group) for s in said], dtype=bool)
            for r in np.flatnonzero(wrong):
                problems.append(
                    Problem(
                        message=f"the row says {key} {said[r]!r} but is listed under {group!r}",
                        file=frame.origins(frame.rows)[int(r)],
                        code="mismatch",
                        node=str(group) if key == "sub_indicator" else None,
                        rule=str(group) if key == "rule" else None,
                    )
                )
            table = _table(frame, frame.rows[~wrong], (key,), units)
            if table is not None:
                out[str(group)] = table
        return out, problems
    frame = _Frame(given, name, name)
    if len(frame.rows) and not frame.has(key):
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
    empty = frame.empty(key, frame.rows)
    for r in np.flatnonzero(empty):
        problems.append(
            Problem(
                message=f"the {key} cell is empty",
                file=frame.origins(frame.rows)[int(r)],
                code="empty-cell",
            )
        )
    rows = frame.rows[~empty] if empty.any() else frame.rows
    codes, uniques = frame.groups(key, rows) if len(rows) else (np.zeros(0, np.int64), [])
    # a stable counting sort when the groups are few (numpy sorts small integers by radix)
    small = codes.astype(np.int16) if len(uniques) < 2**15 else codes
    order = np.argsort(small, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    for g, group in enumerate(uniques):
        table = _table(frame, rows[order[bounds[g] : bounds[g + 1]]], (key,), units)
        if table is not None:
            out[str(group)] = table
    return out, problems


def _units(df: pd.DataFrame) -> tuple[Units | None, list[Problem]]:
    frame = _Frame(df, "units", "units")
    problems: list[Problem] = []
    if len(frame.rows) and (not frame.has("unit") or not frame.has("name")):
        return None, [
            Problem(
                message="the units frame needs the columns unit and name (optional: group)",
                file="units",
                code="missing-column",
            )
        ]
    rows = frame.rows
    uids, names = frame.texts("unit", rows), frame.texts("name", rows)
    groups = frame.texts("group", rows)
    bad = frame.empty("unit", rows) | frame.empty("name", rows)
    ok = np.flatnonzero(~bad)
    if len(set(uids[ok].tolist())) < len(ok) or bad.any():  # report row by row
        origins = frame.origins(rows)
        first: dict[str, int] = {}
        keep: list[int] = []
        for r in range(len(rows)):
            uid, name = uids[r], names[r]
            if uid is None or name is None:
                empty = ", ".join(c for c, v in (("unit", uid), ("name", name)) if v is None)
                problems.append(
                    Problem(message=f"empty {empty}", file=origins[r], code="empty-cell")
                )
            elif uid in first:
                problems.append(
                    Problem(
                        message=f"unit {uid!r} is listed twice: here and at {origins[first[uid]]}",
                        file=origins[r],
                        code="duplicate-unit",
                        unit=uid,
                    )
                )
            else:
                first[uid] = r
                keep.append(r)
        ok = np.array(keep, dtype=np.int64)
    return Units(ids=uids[ok], names=names[ok], groups=groups[ok]), problems


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
    import pandas as pd

    unit_table, problems = _units(units)
    index = None if unit_table is None else pd.Index(unit_table.ids, dtype=object)
    recs, found = _grouped(records, "records", "sub_indicator", index)
    problems += found
    evs, found = _grouped(events, "events", "rule", index)
    problems += found
    split_table = None
    if splits is not None:
        frame = _Frame(splits, "splits", "splits")
        split_table = _table(frame, frame.rows, (), index, partial=False)
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
