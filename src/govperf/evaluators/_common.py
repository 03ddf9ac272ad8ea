"""Helpers shared by the built-in evaluators: vectorised checks and grouped statistics."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._arrays import category_codes
from .._lazy import lazy_numpy
from ..exceptions import Message, msg
from ..plugin import Records

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())

__all__ = [
    "bad_rows",
    "category_codes",
    "duplicate_rows",
    "grouped_order",
    "number_problems",
    "shown",
]


def shown(value: float) -> str:
    """A number in a message, with enough digits that 4.0000001 is not shown as 4."""
    return f"{value:.15g}"


def bad_rows(
    mask: np.ndarray, message: str | Message | Iterable[str | Message]
) -> list[tuple[int, str | Message]]:
    """``(row, message)`` for every true entry of ``mask``."""
    rows = np.flatnonzero(mask)
    if isinstance(message, (str, Message)):
        return [(int(r), message) for r in rows]
    messages = list(message)
    return [(int(r), messages[i]) for i, r in enumerate(rows)]


def number_problems(
    values: np.ndarray, name: str, low: float | None = None, high: np.ndarray | float | None = None
) -> list[tuple[int, str | Message]]:
    """Rows whose ``name`` is missing (NaN) or outside ``[low, high]``.

    Two reductions (a minimum and a maximum, NaN failing both) decide; the rows are
    searched only when one fails.
    """
    values = np.asarray(values, dtype=float)
    if not len(values):
        return []
    if _within_bounds(values, low, high):
        return []
    ok = ~np.isnan(values) if low is None else values >= low  # NaN compares false
    if high is not None:
        ok &= values <= np.asarray(high, dtype=float) + 1e-9
    if ok.all():
        return []
    out = bad_rows(np.isnan(values), msg("problem.check.missing", name=name))
    finite = ~np.isnan(values)
    if low is not None:
        below = finite & (values < low)
        out += [
            (int(r), msg("problem.check.below", name=name, value=shown(values[r]), low=f"{low:g}"))
            for r in np.flatnonzero(below)
        ]
    if high is not None:
        hi = np.broadcast_to(np.asarray(high, dtype=float), values.shape)
        above = finite & (values > hi + 1e-9)
        out += [
            (
                int(r),
                msg("problem.check.above", name=name, value=shown(values[r]), max=shown(hi[r])),
            )
            for r in np.flatnonzero(above)
        ]
    return out


def _within_bounds(values: np.ndarray, low: float | None, high: np.ndarray | float | None) -> bool:
    """No NaN and every value in ``[low, high + 1e-9]``, by reductions only."""
    smallest = float(values.min())
    if not (smallest >= low if low is not None else smallest == smallest):  # NaN too
        return False
    if high is None:
        return True
    top = np.asarray(high, dtype=float)
    if top.ndim == 0 or top.strides == (0,):  # one bound for every row
        return float(values.max()) <= float(top.reshape(-1)[0]) + 1e-9
    return bool(np.less_equal(values, top + 1e-9).all())


def duplicate_rows(records: Records, key: np.ndarray, what: str) -> list[tuple[int, str | Message]]:
    """Rows that repeat a (unit, key) pair already seen."""
    if records.n_rows == 0:
        return []
    _, codes = np.unique(key.astype(str), return_inverse=True)
    pair = records.unit.astype(np.int64) * (int(codes.max()) + 1) + codes
    order = np.argsort(pair, kind="stable")
    repeated = np.zeros(len(pair), dtype=bool)
    repeated[order[1:]] = pair[order[1:]] == pair[order[:-1]]
    return [
        (int(r), msg("problem.check.twice", what=what, value=repr(key[r])))
        for r in np.flatnonzero(repeated)
    ]


def grouped_order(
    records: Records, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows sorted by (unit, value): the order, each row's position in its unit's group,
    and the group size of each row (both in sorted order)."""
    order = np.lexsort((values, records.unit))
    units = records.unit[order]
    counts = np.bincount(records.unit, minlength=records.n_units)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    position = np.arange(len(order)) - starts[units]
    return order, position, counts[units]
