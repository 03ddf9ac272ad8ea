"""Binding data tables to unit positions, with their column checks."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from ..data._data import EvaluationData, Table
from ..exceptions import Message, Problem, msg
from ..plugin import Records
from ..scheme._model import Node

if TYPE_CHECKING:
    pass


_ORIGIN = re.compile(r"^(.+):(\d+)$")


class _Binder:
    def __init__(self, data: EvaluationData) -> None:
        self.data = data
        self.n = len(data.units)
        self._positions: np.ndarray | None = None
        self.problems: list[Problem] = []

    @property
    def positions(self) -> np.ndarray:
        """``0 … n - 1``, shared (read-only) by every dense table."""
        if self._positions is None:
            self._positions = np.arange(self.n)
            self._positions.flags.writeable = False
        return self._positions

    def add(
        self,
        where: str,
        message: str | Message,
        path: tuple[str | int, ...] = (),
        code: str = "invalid",
        *,
        row: int | None = None,
        unit: str | None = None,
        node: str | None = None,
        rule: str | None = None,
    ) -> None:
        """Record a problem, with the row, unit, node and rule it concerns where known.

        ``message`` is a catalogue message (rendered in either language) or, for a
        plugin's own check, a plain string."""
        # a row origin such as "leaders.csv:12" is split into its file and line, so that
        # problems sort by line number and render as file:line: path: message
        match = _ORIGIN.match(where)
        file, line = (match.group(1), int(match.group(2))) if match else (where, None)
        self.problems.append(
            Problem(
                **({"msg": message} if isinstance(message, Message) else {"message": message}),
                path=path,
                file=file,
                line=line,
                code=code,
                row=row,
                unit=unit,
                node=node,
                rule=rule,
            )
        )

    def _unit_of(self, table: Table, row: int) -> str | None:
        """The unit id of a row, where the table names it."""
        if table.unit is not None:
            return str(table.unit[row])
        if table.is_dense:
            return str(self.data.units.ids[row]) if row < self.n else None
        pos = table.positions
        if pos is not None and 0 <= int(pos[row]) < self.n:
            return str(self.data.units.ids[int(pos[row])])
        return None

    def bind(
        self,
        table: Table | None,
        name: str,
        columns: Mapping[str, str],
        optional: Mapping[str, str],
        what: str | Message,
        *,
        node: str | None = None,
        rule: str | None = None,
    ) -> Records | None:
        """Check a table's columns and units; return it bound to unit positions.

        ``node`` or ``rule`` names what the table belongs to, for the problems; ``what``
        (a catalogue message, or a plain string) heads each message, and in English is the
        problem's file when the table has no origin of its own."""
        if table is None or (table.n_rows == 0 and not table.columns):  # no rows at all
            return Records(
                unit=np.zeros(0, dtype=np.int64),
                columns={
                    c: np.zeros(0, dtype=float if k == "number" else object)
                    for c, k in {**columns}.items()
                },
                n_units=self.n,
            )
        ok = True
        for col in columns:
            if col not in table.columns:
                self.add(
                    _origin(what),
                    msg(
                        "problem.bind.lacks_column",
                        col=col,
                        required=tuple(columns) or msg("problem.bind.none"),
                    ),
                    (name,),
                    "missing-column",
                    node=node,
                    rule=rule,
                )
                ok = False
        allowed = {**columns, **optional}
        for col in table.columns:
            if col not in allowed:
                self.add(
                    _origin(what),
                    msg(
                        "problem.bind.unknown_column",
                        col=col,
                        allowed=tuple(allowed) or msg("problem.bind.none"),
                    ),
                    (name,),
                    "unknown-column",
                    node=node,
                    rule=rule,
                )
                ok = False
        cols: dict[str, np.ndarray] = {}
        for col, arr in table.columns.items():
            if allowed.get(col) == "number":
                num = _as_float(arr)
                if num is None:
                    for r, value in enumerate(arr):
                        if _as_float(np.array([value], dtype=object)) is None:
                            self.add(
                                table.where(r),
                                msg(
                                    "problem.bind.not_number", what=what, col=col, value=repr(value)
                                ),
                                (name,),
                                "type",
                                row=r,
                                unit=self._unit_of(table, r),
                                node=node,
                                rule=rule,
                            )
                    ok = False
                    continue
                if not _all_finite(num):
                    for inf_row in np.flatnonzero(np.isinf(num)):
                        # NaN is an empty cell; an infinite number is never a fact
                        self.add(
                            table.where(int(inf_row)),
                            msg(
                                "problem.bind.not_finite",
                                what=what,
                                col=col,
                                value=f"{num[inf_row]:g}",
                            ),
                            (name,),
                            "type",
                            row=int(inf_row),
                            unit=self._unit_of(table, int(inf_row)),
                            node=node,
                            rule=rule,
                        )
                        ok = False
                cols[col] = num
            else:
                cols[col] = arr
        if table.is_dense:
            if table.n_rows != self.n:
                self.add(
                    _origin(what),
                    msg("problem.bind.shape", n=self.n, rows=table.n_rows),
                    (name,),
                    "shape",
                    node=node,
                    rule=rule,
                )
                return None
            return (
                Records(unit=self.positions, columns=cols, n_units=self.n, dense=True)
                if ok
                else None
            )
        codes = table.positions
        if codes is None:  # a table bound outside EvaluationData
            assert table.unit is not None
            codes = self.data.units.positions(table.unit)
        # one reduction; messages only when it fails
        if len(codes) and not (int(codes.min()) >= 0 and int(codes.max()) < self.n):
            for bad_row in np.flatnonzero((codes < 0) | (codes >= self.n)):
                self.add(
                    table.where(int(bad_row)),
                    msg("problem.bind.unknown_unit", what=what, unit=repr(table.unit[bad_row]))
                    if table.unit is not None
                    else msg("problem.bind.unknown_unit_at", what=what, pos=int(codes[bad_row])),
                    (name,),
                    "unknown-unit",
                    row=int(bad_row),
                    unit=None if table.unit is None else str(table.unit[bad_row]),
                    node=node,
                    rule=rule,
                )
            ok = False
        if not ok:
            return None
        return Records(unit=codes, columns=cols, n_units=self.n)


def _origin(what: str | Message) -> str:
    """The problem's file for a table without an origin: ``what`` in English (stable)."""
    return what if isinstance(what, str) else what.text("en")


def _all_finite(values: np.ndarray) -> bool:
    """No infinity (and no NaN): one reduction, no temporary array.

    A NaN or an infinity makes the sum non-finite; so may an overflow of huge finite
    values, which only sends the caller to the exact row-by-row check.
    """
    return bool(np.isfinite(np.add.reduce(values))) if len(values) else True


def _as_float(arr: np.ndarray) -> np.ndarray | None:
    if arr.dtype.kind in "fiu":
        return np.asarray(arr, dtype=float)  # no copy for float columns
    try:
        out = np.array([math.nan if v is None else v for v in arr], dtype=float)
    except (TypeError, ValueError):
        return None
    if any(isinstance(v, (str, bool)) for v in arr):
        return None
    return out


def _label(sub: Node) -> str:
    return f"{sub.name} [{sub.id}]"
