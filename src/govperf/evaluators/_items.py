"""Item rows worth points: tiers declared in the scheme, one count per item, duplicates.

Shared by the ``item_sum`` evaluator and the ``bonus`` and ``deduction`` rules.  A row
gives its ``points`` directly or names a ``tier`` (by id or by its printed name) whose
points the scheme declares; ``same_item: highest`` counts each item of a unit once, at
its highest points; an exact duplicate row (the same unit and the same value in every
column) is an error unless ``duplicates: once`` says to count it once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from attrs import field, frozen

from .._checks import positive
from .._lazy import lazy_numpy
from ..exceptions import Message
from ..plugin import Records

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())

__all__ = [
    "Duplicates",
    "ItemTier",
    "SameItem",
    "counted_rows",
    "duplicate_of",
    "item_problems",
    "row_points",
    "tier_codes",
    "tiers_problem",
]

SameItem = Literal["add", "highest"]
Duplicates = Literal["error", "once"]


@frozen(kw_only=True)
class ItemTier:
    """One tier of items (e.g. recognition at 市级 level) and the points it is worth."""

    points: float = field(validator=positive)
    """Points of one item at this tier."""
    name: str | None = None
    """The printed name (市级), which the data may give instead of the id."""
    name_en: str | None = None
    """The English name, also accepted in the data."""


def _text(value: object) -> str | None:
    if value is None or value != value:  # None or NaN
        return None
    text = str(value).strip()
    return text or None


def tiers_problem(tiers: Mapping[str, object]) -> str | None:
    """Why the tiers cannot be told apart in the data (a name used twice), or ``None``."""
    seen: dict[str, str] = {}
    for tid, tier in tiers.items():
        keys = (tid, getattr(tier, "name", None), getattr(tier, "name_en", None))
        for key in dict.fromkeys(k for k in keys if k):
            if key in seen:
                return f"tier {tid!r} and tier {seen[key]!r} are both called {key!r}"
            seen[key] = tid
    return None


def tier_codes(values: np.ndarray, tiers: Mapping[str, object]) -> np.ndarray:
    """Each row's tier position: ``-1`` for a blank cell, ``-2`` for an unknown tier.

    A cell matches a tier by its id, its ``name`` or its ``name_en`` (surrounding
    spaces ignored).
    """
    lookup: dict[str, int] = {}
    for i, (tid, tier) in enumerate(tiers.items()):
        for key in (tid, getattr(tier, "name", None), getattr(tier, "name_en", None)):
            if key:
                lookup.setdefault(key, i)
    out = np.full(len(values), -1, dtype=np.int64)
    for r, value in enumerate(values):
        text = _text(value)
        if text is not None:
            out[r] = lookup.get(text, -2)
    return out


def row_points(records: Records, tiers: Mapping[str, ItemTier]) -> np.ndarray:
    """Each row's points: its tier's points, else its ``points`` cell (NaN if neither)."""
    cols = records.columns
    pts = (
        np.asarray(cols["points"], dtype=float)
        if "points" in cols
        else np.full(records.n_rows, np.nan)
    )
    if tiers and "tier" in cols:
        codes = tier_codes(cols["tier"], tiers)
        per = np.array([t.points for t in tiers.values()])
        pts = np.where(codes >= 0, per[np.maximum(codes, 0)], pts)
    return pts


def duplicate_of(records: Records) -> np.ndarray:
    """For each row, the position of an earlier identical row (same unit, same value in
    every column), or ``-1``.

    Array passes do the work: a unit with one row repeats nothing; the rows of a unit
    with exactly two (the common case of items per unit) are compared pair by pair,
    number columns as arrays and text cells only where every number matched; units
    with more rows are sorted by their number cells first.  Text cells compare as
    the scheme reads them (surrounding spaces ignored, a blank cell equal to none).
    """
    n_rows = records.n_rows
    out = np.full(n_rows, -1, dtype=np.int64)
    if records.dense or n_rows < 2:
        return out
    unit = np.asarray(records.unit, dtype=np.int64)
    counts = np.bincount(unit, minlength=records.n_units)
    if int(counts.max()) < 2:
        return out
    size = counts[unit]
    paired = size == 2
    if int(counts.max()) == 2 and bool(paired.all()):
        _pair_duplicates(records, None, out)
        return out
    if paired.any():
        _pair_duplicates(records, np.flatnonzero(paired), out)
    _group_duplicates(records, np.flatnonzero(size > 2), out)
    return out


def _numeric(column: np.ndarray) -> bool:
    return column.dtype.kind in "fiub"


def _pair_duplicates(records: Records, rows: np.ndarray | None, out: np.ndarray) -> None:
    """Duplicates among ``rows`` (all rows if ``None``), each of whose units has two rows."""
    unit = records.unit if rows is None else records.unit[rows]
    if len(unit) > 1 and not bool((unit[1:] >= unit[:-1]).all()):
        order = np.argsort(unit, kind="stable")
        rows = order if rows is None else rows[order]
    # sorted by unit (stable), the two rows of a unit are neighbours: 2k and 2k + 1
    first: np.ndarray | slice = slice(0, None, 2) if rows is None else rows[0::2]
    second: np.ndarray | slice = slice(1, None, 2) if rows is None else rows[1::2]
    names = sorted(records.columns)
    same: np.ndarray | None = None
    for name in names:
        column = records.columns[name]
        if not _numeric(column):
            continue
        a, b = column[first], column[second]
        equal = a == b
        if column.dtype.kind == "f" and not bool(np.isfinite(np.add.reduce(a))):
            equal |= np.isnan(a) & np.isnan(b)  # two blank cells are equal
        same = equal if same is None else np.logical_and(same, equal, out=same)
    cand = np.flatnonzero(same) if same is not None else np.arange(len(unit) // 2)
    if not len(cand):
        return
    if rows is None:
        lo, hi = 2 * cand, 2 * cand + 1
    else:
        lo, hi = rows[0::2][cand], rows[1::2][cand]
    text = [records.columns[c] for c in names if not _numeric(records.columns[c])]
    if text:
        keep = np.ones(len(cand), dtype=bool)
        for column in text:
            keep &= np.array(
                [
                    _same_text(x, y)
                    for x, y in zip(column[lo].tolist(), column[hi].tolist(), strict=True)
                ],
                dtype=bool,
            )
        lo, hi = lo[keep], hi[keep]
    out[hi] = lo


def _same_text(x: object, y: object) -> bool:
    if type(x) is str and type(y) is str:
        return x.strip() == y.strip()
    return _cell(x) == _cell(y)


def _group_duplicates(records: Records, rows: np.ndarray, out: np.ndarray) -> None:
    """Duplicates among ``rows``: sorted by unit and number cells, compared cell by cell
    only where all of those match a neighbour."""
    names = sorted(records.columns)
    keys = [np.asarray(records.unit[rows], dtype=np.int64)]
    for name in names:
        column = records.columns[name]
        if _numeric(column):
            values = np.asarray(column[rows], dtype=float)
            nan = np.isnan(values)
            _, inverse = np.unique(np.where(nan, 0.0, values), return_inverse=True)
            keys.append(np.where(nan, -1, inverse.reshape(-1)))
    order = np.lexsort(tuple(reversed(keys)))
    ordered = np.stack([k[order] for k in keys])
    same = np.all(ordered[:, 1:] == ordered[:, :-1], axis=0)
    candidate = np.zeros(len(rows), dtype=bool)
    candidate[order[1:][same]] = True
    candidate[order[:-1][same]] = True
    seen: dict[tuple[object, ...], int] = {}
    for r in np.sort(rows[candidate]).tolist():
        key = (int(records.unit[r]), *(_cell(records.columns[c][r]) for c in names))
        first = seen.setdefault(key, r)
        if first != r:
            out[r] = first


def _cell(value: object) -> object:
    if isinstance(value, (float, np.floating)):
        return None if value != value else float(value)
    return _text(value)


def item_problems(
    records: Records,
    tiers: Mapping[str, ItemTier],
    duplicates: Duplicates,
    what: str,
) -> list[tuple[int, str | Message]]:
    """Rows that give neither points nor a known tier, or both; duplicate rows."""
    cols = records.columns
    out: list[tuple[int, str | Message]] = []
    points = (
        np.asarray(cols["points"], dtype=float)
        if "points" in cols
        else np.full(records.n_rows, np.nan)
    )
    if "tier" not in cols and (not len(points) or float(points.min()) > 0):
        # every row gives positive points and none a tier (NaN fails the minimum)
        return _duplicate_problems(records) if duplicates == "error" else out
    codes = tier_codes(cols["tier"], tiers) if "tier" in cols else np.full(records.n_rows, -1)
    has_tier = codes != -1
    if has_tier.any() and not tiers:
        out += [
            (int(r), "this rule declares no tiers; give 'points' instead")
            for r in np.flatnonzero(has_tier)
        ]
    elif has_tier.any():
        known = ", ".join(f"{tid} ({t.name})" if t.name else tid for tid, t in tiers.items())
        out += [
            (int(r), f"unknown tier {str(cols['tier'][r]).strip()!r} (declared: {known})")
            for r in np.flatnonzero(codes == -2)
        ]
    given = ~np.isnan(points)
    out += [
        (int(r), "give either 'points' or a 'tier', not both")
        for r in np.flatnonzero(given & has_tier)
    ]
    need = "'points' or a 'tier'" if tiers else "'points'"
    out += [(int(r), f"give {need}") for r in np.flatnonzero(~given & ~has_tier)]
    out += [
        (int(r), f"{what} points {points[r]:g} must be positive")
        for r in np.flatnonzero(given & ~(points > 0))
    ]
    if duplicates == "error":
        out += _duplicate_problems(records)
    return out


def _duplicate_problems(records: Records) -> list[tuple[int, str | Message]]:
    first = duplicate_of(records)
    return [
        (
            int(r),
            f"this row repeats an earlier row of the same unit exactly "
            f"({_summary(records, int(r))}); remove it, or set 'duplicates: once' "
            "to count such rows once",
        )
        for r in np.flatnonzero(first >= 0)
    ]


def _summary(records: Records, row: int) -> str:
    parts = []
    for name in ("item", "tier", "points", "type", "count"):
        if name in records.columns:
            value = _cell(records.columns[name][row])
            if value is not None:
                parts.append(
                    f"{name} {value:g}" if isinstance(value, float) else f"{name} {value!r}"
                )
    return ", ".join(parts) or "every cell blank"


def counted_rows(
    records: Records,
    points: np.ndarray,
    same_item: SameItem,
    duplicates: Duplicates,
) -> np.ndarray:
    """Each row's points as counted: 0 for a repeated duplicate row (``duplicates:
    once``), and under ``same_item: highest`` for every row of an item but the one
    with the highest points (the first of equals)."""
    pts = np.asarray(points, dtype=float)
    if records.dense or not np.isfinite(np.add.reduce(pts)):  # blank cells count nothing
        pts = np.nan_to_num(pts)
    if duplicates == "once":
        pts = np.where(duplicate_of(records) >= 0, 0.0, pts)
    if same_item == "highest" and "item" in records.columns and records.n_rows:
        best: dict[tuple[int, str], int] = {}
        items = records.columns["item"]
        for r in range(records.n_rows):
            text = _text(items[r])
            if text is None:  # a row without an item name is an item of its own
                best[(int(records.unit[r]), f"\0{r}")] = r
                continue
            key = (int(records.unit[r]), text)
            b = best.get(key)
            if b is None or pts[r] > pts[b]:
                best[key] = r
        keep = np.zeros(records.n_rows, dtype=bool)
        keep[list(best.values())] = True
        pts = np.where(keep, pts, 0.0)
    return pts
