"""The input model of one year's evaluation: units and tidy, columnar record tables.

Everything is columnar (numpy arrays), so a million units cost a few arrays, not a
million Python objects.  A :class:`Table` holds one sub-indicator's records (or one
rule's events): one row per fact, a ``unit`` column naming the unit, and the columns
the evaluator needs.  When ``unit`` is omitted the table has exactly one row per unit
in the order of :attr:`EvaluationData.units` (the fast, dense form).

Bind once, score many: :class:`EvaluationData` resolves every table's unit ids to
integer positions when it is built (one hash lookup per row), and readers may give
the positions directly (``Table(positions=...)``), so scoring never looks at a text
id again.  Columns are kept as given: a float column is not copied.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, overload

import numpy as np
from attrs import evolve, field, frozen

from ..exceptions import DataError, Problem

__all__ = ["EvaluationData", "Table", "Units"]


def _column(values: Any) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.ndim == 1 and values.dtype.kind not in "US":
        return values  # as given: no copy
    arr = np.asarray(values)
    if arr.dtype.kind in "US":
        arr = arr.astype(object)
    if arr.ndim != 1:
        raise ValueError(f"a column must be one-dimensional, got shape {arr.shape}")
    return arr


def _opt_column(value: Any) -> np.ndarray | None:
    return None if value is None else _column(value)


def _opt_positions(value: Any) -> np.ndarray | None:
    if value is None:
        return None
    arr = np.asarray(value)
    if arr.ndim != 1 or (arr.dtype.kind not in "iu" and len(arr)):
        raise ValueError("positions must be a one-dimensional array of integers")
    return arr.astype(np.int64, copy=False)


class Origins(Sequence[str]):
    """Row origins formatted only when asked for: ``template.format(label)`` per row.

    A reader of a million rows keeps one array of labels (line numbers, index labels)
    instead of a million strings; a message names its row by formatting one.
    """

    def __init__(self, template: str, labels: np.ndarray) -> None:
        self.template = template
        self.labels = labels

    def __len__(self) -> int:
        return len(self.labels)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return Origins(self.template, self.labels[i])
        return self.template.format(self.labels[i])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Origins({self.template!r}, {len(self)} rows)"


def _opt_origins(value: Any) -> Sequence[str] | None:
    if value is None or (isinstance(value, Sequence) and not isinstance(value, (list, str))):
        # a tuple, or a reader's sequence that formats each origin when it is asked
        # for one, is kept as is
        return value
    return tuple(str(v) for v in value)


def _columns(value: Mapping[str, Any]) -> dict[str, np.ndarray]:
    return {str(k): _column(v) for k, v in value.items()}


@frozen(kw_only=True)
class Table:
    """Tidy records: named columns of equal length, one row per fact.

    ``unit`` holds each row's unit id; ``positions`` each row's unit position
    (``0 … n_units - 1`` in the order of the data's units, ``-1`` for an id that is
    not a unit).  A table may give either or both: readers give positions,
    people give ids and :class:`EvaluationData` adds the positions once.  With neither
    the table is *dense*: one row per unit, in unit order.  ``origin`` optionally says
    where each row came from (``"leaders.csv:12"``), and is used in error messages.
    """

    columns: Mapping[str, np.ndarray] = field(converter=_columns)
    unit: np.ndarray | None = field(default=None, converter=_opt_column)
    origin: Sequence[str] | None = field(default=None, converter=_opt_origins)
    positions: np.ndarray | None = field(default=None, converter=_opt_positions)

    def __attrs_post_init__(self) -> None:
        lengths = {name: len(col) for name, col in self.columns.items()}
        if self.unit is not None:
            lengths["unit"] = len(self.unit)
        if self.positions is not None:
            lengths["positions"] = len(self.positions)
        if len(set(lengths.values())) > 1:
            sizes = ", ".join(f"{k}={v}" for k, v in lengths.items())
            raise ValueError(f"table columns have different lengths: {sizes}")
        if self.origin is not None and lengths and len(self.origin) != next(iter(lengths.values())):
            raise ValueError("origin must name one place per row")

    @property
    def n_rows(self) -> int:
        """The number of rows."""
        if self.positions is not None:
            return len(self.positions)
        if self.unit is not None:
            return len(self.unit)
        return len(next(iter(self.columns.values()))) if self.columns else 0

    @property
    def is_dense(self) -> bool:
        """True when the table names no units: one row per unit, in unit order."""
        return self.unit is None and self.positions is None

    def where(self, row: int) -> str:
        """Where row ``row`` came from, for messages."""
        if self.origin is not None:
            return self.origin[row]
        return f"row {row + 1}"

    @classmethod
    def from_records(
        cls, rows: Iterable[Mapping[str, Any]], origin: Sequence[str] | None = None
    ) -> Table:
        """Build a table from dict rows (``[{"unit": "u1", "value": 1.5}, ...]``).

        A key missing from a row is read as ``None`` (reported by the checks when the
        column is required); numbers become float columns, text stays text.
        """
        rows = list(rows)
        names: list[str] = []
        for row in rows:
            for key in row:
                if key not in names:
                    names.append(str(key))
        columns: dict[str, Any] = {}
        for name in names:
            values = [row.get(name) for row in rows]
            columns[name] = _coerce(values)
        unit = columns.pop("unit", None)
        return cls(columns=columns, unit=unit, origin=origin)

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as plain dicts (JSON-friendly)."""
        out: list[dict[str, Any]] = []
        for i in range(self.n_rows):
            row: dict[str, Any] = {}
            if self.unit is not None:
                row["unit"] = _plain(self.unit[i])
            for name, col in self.columns.items():
                row[name] = _plain(col[i])
            out.append(row)
        return out


def _coerce(values: list[Any]) -> np.ndarray:
    if all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in values):
        return np.array([math.nan if v is None else float(v) for v in values], dtype=float)
    return np.array(values, dtype=object)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _str_tuple(values: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def _opt_str_tuple(values: Iterable[Any]) -> tuple[str | None, ...]:
    return tuple(None if v is None else str(v) for v in values)


@frozen(kw_only=True)
class Units:
    """The units (考评对象) of one evaluation: ids, Chinese names and optional groups."""

    ids: tuple[str, ...] = field(converter=_str_tuple)
    names: tuple[str, ...] = field(converter=_str_tuple)
    groups: tuple[str | None, ...] = field(converter=_opt_str_tuple)
    _sorted: tuple[np.ndarray, np.ndarray] | None = field(
        init=False, default=None, eq=False, repr=False
    )
    _arrays: dict[str, np.ndarray] = field(init=False, factory=dict, eq=False, repr=False)
    _index: dict[str, int] | None = field(init=False, default=None, eq=False, repr=False)

    @property
    def id_array(self) -> np.ndarray:
        """The ids as a read-only object array (built once)."""
        return self._array("ids", self.ids)

    @property
    def group_array(self) -> np.ndarray:
        """The groups as a read-only object array (built once)."""
        return self._array("groups", self.groups)

    def _array(self, key: str, values: tuple[Any, ...]) -> np.ndarray:
        if key not in self._arrays:
            arr = np.empty(len(values), dtype=object)
            arr[:] = values
            arr.flags.writeable = False
            self._arrays[key] = arr
        return self._arrays[key]

    def __len__(self) -> int:
        return len(self.ids)

    def index(self) -> dict[str, int]:
        """Map from unit id to position (built once; do not change it)."""
        if self._index is None:
            object.__setattr__(self, "_index", {uid: i for i, uid in enumerate(self.ids)})
        assert self._index is not None
        return self._index

    def positions(self, values: np.ndarray) -> np.ndarray:
        """The position of each unit id in ``values`` (``-1`` where it is not a unit).

        One hash lookup per row (the id index is built once per :class:`Units`), as
        ``pandas.factorize`` does; a value that is not text is never a unit.
        """
        get = self.index().get
        if values.dtype.kind == "U":
            values = values.astype(object)
        return np.fromiter(
            (get(v, -1) if type(v) is str else -1 for v in values),
            dtype=np.int64,
            count=len(values),
        )

    def codes(self, values: np.ndarray) -> np.ndarray:
        """The position of each unit id in ``values`` (``-1`` where it is not a unit).

        Vectorised: the ids are sorted once (cached) and looked up with a binary search.
        """
        if self._sorted is None:
            ids = np.array(self.ids, dtype=str)
            order = np.argsort(ids, kind="stable")
            object.__setattr__(self, "_sorted", (ids[order], order))
        assert self._sorted is not None
        sorted_ids, order = self._sorted
        out = np.full(len(values), -1, dtype=np.int64)
        if not len(sorted_ids) or not len(values):
            return out
        if values.dtype.kind == "U":
            is_text = np.ones(len(values), dtype=bool)
        else:
            is_text = np.array([isinstance(v, str) for v in values], dtype=bool)
        text = np.asarray(values[is_text], dtype=str)
        pos = np.minimum(np.searchsorted(sorted_ids, text), len(sorted_ids) - 1)
        found = sorted_ids[pos] == text
        out[np.flatnonzero(is_text)[found]] = order[pos[found]]
        return out


def _units(value: Any) -> Units:
    if isinstance(value, Units):
        return value
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        # a string is iterable: "abc" would silently become the units a, b and c
        raise TypeError(f"units must be a list of ids or of mappings, got {value!r}")
    ids: list[str] = []
    names: list[str] = []
    groups: list[str | None] = []
    for item in value:
        if isinstance(item, str):
            ids.append(item)
            names.append(item)
            groups.append(None)
        elif isinstance(item, Mapping):
            if "id" not in item:
                raise ValueError(f"unit {dict(item)!r} has no 'id'")
            ids.append(item["id"])
            names.append(item.get("name") or item["id"])
            groups.append(item.get("group"))
        else:
            raise TypeError(f"a unit is an id (text) or a mapping with an 'id', got {item!r}")
        if not str(ids[-1]).strip():
            raise ValueError(f"empty unit id in {item!r}")
    return Units(ids=ids, names=names, groups=groups)


def _table(value: Any) -> Table:
    if isinstance(value, Table):
        return value
    if isinstance(value, Mapping):
        cols = dict(value)
        unit = cols.pop("unit", None)
        return Table(columns=cols, unit=unit)
    return Table.from_records(value)


def _tables(value: Mapping[str, Any]) -> dict[str, Table]:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a mapping from id to table, got {type(value).__name__}")
    return {str(k): _table(v) for k, v in value.items()}


def _opt_table(value: Any) -> Table | None:
    return None if value is None else _table(value)


@frozen(kw_only=True)
class EvaluationData:
    """What one year's evaluation supplies for scoring.

    - ``units``: the units scored (:class:`Units`, or a list of ids or of
      ``{"id", "name", "group"}`` dicts);
    - ``records``: per sub-indicator id, the table its evaluator reads (see each
      evaluator's columns);
    - ``splits``: the per-unit split of pooled points, columns ``unit``,
      ``sub_indicator``, ``points``;
    - ``events``: per rule id, the table the rule reads (bonus items, deductions, veto
      events, …).

    Tables may be given as :class:`Table`, a mapping of columns, or a list of row dicts.
    """

    units: Units = field(converter=_units)
    records: Mapping[str, Table] = field(factory=dict, converter=_tables)
    splits: Table | None = field(default=None, converter=_opt_table)
    events: Mapping[str, Table] = field(factory=dict, converter=_tables)

    def __attrs_post_init__(self) -> None:
        index = self.units.index()
        dupes: list[str] = []
        if len(index) != len(self.units.ids):
            seen: set[str] = set()
            dupes = [u for u in self.units.ids if u in seen or seen.add(u)]  # type: ignore[func-returns-value]
        if dupes:
            raise DataError(
                [
                    Problem(
                        message=f"unit {u!r} is listed more than once",
                        path=("units",),
                        code="duplicate-unit",
                    )
                    for u in dupes
                ]
            )
        # bind once: every table with text ids gets its unit positions here
        units = self.units
        object.__setattr__(
            self, "records", {k: _with_positions(t, units) for k, t in self.records.items()}
        )
        object.__setattr__(
            self, "events", {k: _with_positions(t, units) for k, t in self.events.items()}
        )
        if self.splits is not None:
            object.__setattr__(self, "splits", _with_positions(self.splits, units))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EvaluationData:
        """Build from plain data (parsed JSON): the inverse of :meth:`to_dict`.

        ``{"units": [...], "records": {sub: [rows]}, "splits": [rows],
        "events": {rule: [rows]}}``.  Unknown top-level keys are an error.
        """
        known = {"units", "records", "splits", "events"}
        extra = sorted(set(data) - known)
        problems = [
            Problem(
                message=f"unknown key {k!r} (known: {', '.join(sorted(known))})",
                path=(k,),
                code="unknown-key",
            )
            for k in extra
        ]
        if "units" not in data:
            problems.append(Problem(message="missing required key 'units'", code="missing-key"))
        if problems:
            raise DataError(problems)
        try:
            return cls(
                units=data["units"],
                records=data.get("records") or {},
                splits=data.get("splits"),
                events=data.get("events") or {},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(
                [Problem(message=f"malformed evaluation data: {exc}", code="malformed")]
            ) from None

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-serialisable data that :meth:`from_dict` reads back."""
        units = [
            {"id": i, "name": n, **({"group": g} if g is not None else {})}
            for i, n, g in zip(self.units.ids, self.units.names, self.units.groups, strict=False)
        ]
        out: dict[str, Any] = {
            "units": units,
            "records": {k: self._rows(t) for k, t in self.records.items()},
            "events": {k: self._rows(t) for k, t in self.events.items()},
        }
        if self.splits is not None:
            out["splits"] = self._split_rows(self.splits)
        return out

    def _split_rows(self, table: Table) -> list[dict[str, Any]]:
        if not table.is_dense:
            return self._rows(table)
        # the dense form (one column per pooled sub-indicator, one row per unit) in the
        # tidy form: a dense row with a unit added would be neither form
        return [
            {"unit": uid, "sub_indicator": sub, "points": value}
            for uid, row in zip(self.units.ids, table.to_records(), strict=False)
            for sub, value in row.items()
        ]

    def _rows(self, table: Table) -> list[dict[str, Any]]:
        rows = table.to_records()
        if table.unit is None:
            ids = self.units.ids
            where = range(len(rows)) if table.positions is None else table.positions.tolist()
            for pos, row in zip(where, rows, strict=False):
                row["unit"] = ids[pos] if 0 <= pos < len(ids) else None
        return rows


def _with_positions(table: Table, units: Units) -> Table:
    """``table`` with its unit positions (resolved from its ids once, when missing)."""
    if table.positions is not None or table.unit is None:
        return table
    return evolve(table, positions=units.positions(table.unit))
