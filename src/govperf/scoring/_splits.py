"""Each unit's split of pooled points: tidy rows or one column per sub-indicator.

A pool may sit at any inner node; its direct children are leaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._arrays import category_codes
from ..data._data import EvaluationData, Table
from ._bind import _as_float, _Binder
from ._compile import CompiledScheme

if TYPE_CHECKING:
    pass


def _bind_splits(
    compiled: CompiledScheme,
    data: EvaluationData,
    binder: _Binder,
    max_pts: list[np.ndarray],
    codes: np.ndarray,
) -> None:
    """Fill the maxima of pooled leaves from the splits; check each pool adds up.

    A pool may sit at any inner node; each unit's split gives every direct child its
    points, which must add up to the pooled node's points for the unit's group.
    ``codes`` are the units' group codes (:meth:`CompiledScheme.group_codes`).
    """
    pooled = [j for j, leaf in enumerate(compiled.leaves) if leaf.pooled]
    table = data.splits
    if table is None:
        if pooled:
            subs = ", ".join(compiled.leaves[j].sub.id for j in pooled)
            binder.add(
                "splits",
                f"the scheme pools points ({subs}) but the data has no "
                "splits: give each unit's split (unit, sub_indicator, points)",
                ("splits",),
                "missing-split",
            )
        return
    n = binder.n
    for j in pooled:
        max_pts[j] = np.full(n, np.nan)
    rows: dict[tuple[int, int], list[int]] = {}
    if table.is_dense:
        _dense_splits(compiled, data, binder, table, pooled, max_pts)
    else:
        rows = _tidy_splits(compiled, data, binder, table, pooled, max_pts)
    ids, names = data.units.ids, data.units.names
    node_max = compiled.node_max_for(codes)
    for pool in compiled.pools:
        cols = [j for j in pooled if compiled.leaves[j].parent == pool]
        total = node_max[:, pool]
        node = compiled.scheme.node(compiled.node_ids[pool])
        # one pass decides when every split is given and adds up (NaN fails it);
        # the unit-by-unit search below runs only when it does not
        summed = np.array(max_pts[cols[0]], dtype=float) if cols else np.zeros(n)
        for j in cols[1:]:
            summed += max_pts[j]
        summed -= total
        np.abs(summed, out=summed)
        if len(summed) and float(summed.max()) <= 1e-6:
            continue
        # a split is given where its maximum is no longer NaN
        complete = np.logical_and.reduce([~np.isnan(max_pts[j]) for j in cols])
        sums = np.sum([max_pts[j] for j in cols], axis=0)
        wrong = complete & ~np.isclose(sums, total, rtol=0.0, atol=1e-6)
        what = "the indicator" if compiled.node_depth[pool] == 1 else "the node"
        for bad in np.flatnonzero(~complete | wrong):
            u = int(bad)
            uid = f"unit {ids[u]} ({names[u]})"
            # the unit's split rows of this pool: the problem is located at the first
            given = sorted(r for j in cols for r in rows.get((u, j), ()))
            where = table.where(given[0]) if given else "splits"
            path: tuple[str | int, ...] = () if given else ("splits",)
            if not complete[u]:
                lacking = [compiled.leaves[j].sub.id for j in cols if np.isnan(max_pts[j][u])]
                binder.add(
                    where,
                    f"{uid} has no split for {', '.join(lacking)} (pool "
                    f"{node.name} [{node.id}], {total[u]:g} points)",
                    path,
                    "missing-split",
                    unit=ids[u],
                    node=node.id,
                )
            else:
                parts = ", ".join(f"{compiled.leaves[j].sub.id} {max_pts[j][u]:g}" for j in cols)
                binder.add(
                    where,
                    f"{uid}: the split of {node.name} [{node.id}] adds up to "
                    f"{sums[u]:g} ({parts}), {what} has {total[u]:g}" + _other_rows(table, given),
                    path,
                    "split-sum",
                    unit=ids[u],
                    node=node.id,
                )


def _tidy_splits(
    compiled: CompiledScheme,
    data: EvaluationData,
    binder: _Binder,
    table: Table,
    pooled: list[int],
    max_pts: list[np.ndarray],
) -> dict[tuple[int, int], list[int]]:
    """Splits as rows ``(unit, sub_indicator, points)``; returns the rows used by
    (unit position, leaf position), to locate a split that does not add up."""
    rec = binder.bind(
        table, "splits", {"sub_indicator": "text", "points": "number"}, {"note": "text"}, "splits"
    )
    if rec is None:
        return {}
    ids, names = data.units.ids, data.units.names
    n_leaves = len(max_pts)
    col = {leaf.sub.id: j for j, leaf in enumerate(compiled.leaves) if leaf.pooled}
    sids = rec.columns["sub_indicator"]
    known = list(col)
    codes = np.array([col[k] for k in known] + [-1], dtype=np.int64)[category_codes(sids, known)]
    values = rec.columns["points"]
    pair = rec.unit * n_leaves + np.where(codes >= 0, codes, 0)
    order = np.argsort(pair, kind="stable")
    repeat = np.zeros(rec.n_rows, dtype=bool)
    repeat[order[1:]] = (pair[order[1:]] == pair[order[:-1]]) & (codes[order[1:]] >= 0)
    valid = np.isfinite(values) & (values >= 0)
    for r in np.flatnonzero((codes < 0) | repeat | ~valid):
        u = int(rec.unit[r])
        uid = f"unit {ids[u]} ({names[u]})"
        if codes[r] < 0:
            message, code = (
                f"splits: {sids[r]!r} is not a pooled sub-indicator ({uid})",
                "invalid-split",
            )
        elif repeat[r]:
            message, code = f"splits: {uid} has two splits for {sids[r]}", "duplicate-row"
        else:
            message = f"splits: {uid}, {sids[r]}: points must be a number of at least 0"
            message += f", got {values[r]:g}"
            code = "invalid-split"
        binder.add(
            table.where(int(r)),
            message,
            ("splits",),
            code,
            row=int(r),
            unit=ids[u],
            node=str(sids[r]) if codes[r] >= 0 else None,
        )
    use = (codes >= 0) & ~repeat & valid
    for j in pooled:
        mine = use & (codes == j)
        max_pts[j][rec.unit[mine]] = values[mine]
    used: dict[tuple[int, int], list[int]] = {}
    for r in np.flatnonzero(use).tolist():
        used.setdefault((int(rec.unit[r]), int(codes[r])), []).append(r)
    return used


def _other_rows(table: Table, rows: list[int]) -> str:
    """`` (with splits.csv:4, splits.csv:5)``: the other rows of a split, after the first."""
    if len(rows) < 2 or table.origin is None:
        return ""
    return f" (with {', '.join(table.where(r) for r in rows[1:])})"


def _dense_splits(
    compiled: CompiledScheme,
    data: EvaluationData,
    binder: _Binder,
    table: Table,
    pooled: list[int],
    max_pts: list[np.ndarray],
) -> None:
    """Splits without a unit column: one column per pooled sub-indicator, one row per unit."""
    col = {compiled.leaves[j].sub.id: j for j in pooled}
    if table.n_rows != binder.n:
        binder.add(
            "splits",
            f"splits without a 'unit' column must have one row per unit ({binder.n}), "
            f"got {table.n_rows}",
            ("splits",),
            "shape",
        )
        return
    for name, arr in table.columns.items():
        j = col.get(name)
        values = _as_float(arr)
        if j is None or values is None:
            why = (
                "is not a pooled sub-indicator"
                if j is None
                else "holds values that are not numbers"
            )
            binder.add("splits", f"splits: column {name!r} {why}", ("splits",), "invalid-split")
            continue
        if len(values) and float(values.min()) >= 0.0 and np.isfinite(float(values.max())):
            max_pts[j] = values.view()  # all numbers of at least 0 (NaN fails the test)
            continue
        valid = np.isfinite(values) & (values >= 0)
        for u in np.flatnonzero(~valid):
            binder.add(
                table.where(int(u)),
                f"splits: unit {data.units.ids[u]} ({data.units.names[u]}), {name}: points must "
                f"be a number of at least 0, got {values[u]:g}",
                ("splits",),
                "invalid-split",
                row=int(u),
                unit=data.units.ids[u],
                node=name,
            )
        max_pts[j] = np.where(valid, values, np.nan)
