"""Compile a scheme into arrays once, then score all units at once.

Order of work, for every unit together:

1. each sub-indicator's evaluator turns its records into points (pooled
   sub-indicators get their maximum from each unit's split);
2. missing (unit, sub-indicator) pairs are handled by the chosen policy;
3. points are summed up the tree into indicators, levels and the base total;
4. ``adjust`` rules (bonus, deduction, veto, exclude) run in the order the scheme
   declares them;
5. units in the ranking are ranked on the published total (rounded half up), then
   on the scheme's tie-break nodes; equal keys share a rank (1, 2, 2, 4);
6. ``classify`` rules (grades) run in declared order.

No I/O and no printing happen here.
"""

from __future__ import annotations

import math
import os
import re
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from attrs import field, frozen

from ._arrays import category_codes
from ._data import EvaluationData, Table
from ._model import Scheme, SubIndicator
from ._plugins import evaluators as evaluator_registry
from ._plugins import rules as rule_registry
from ._rounding import round_half_up
from ._validate import plugin_params
from .exceptions import DataError, PluginError, Problem, SchemeError
from .plugin import Records, RuleState

if TYPE_CHECKING:
    from ._results import Results

__all__ = ["CompiledScheme", "MissingPolicy", "check_data", "compile_scheme", "score"]

TOL = 1e-9
_ORIGIN = re.compile(r"^(.+):(\d+)$")


@frozen(kw_only=True)
class MissingPolicy:
    """What to do with a (unit, sub-indicator) pair that has no records.

    - ``error`` (default): stop with one error listing every missing pair;
    - ``zero``: the pair scores 0 points;
    - ``redistribute``: the sub-indicator is not applicable to the unit and its
      parent's points are shared by the other children in proportion to their
      maximum points (up the tree if a whole indicator is missing);
    - ``carry``: the pair gets a given number of points, from ``values``
      (``{sub_id: points}`` or ``{sub_id: {unit_id: points}}``).
    """

    kind: Literal["error", "zero", "redistribute", "carry"] = "error"
    values: Mapping[str, Any] = field(factory=dict)

    def value_for(self, sub_id: str, unit_id: str) -> float | None:
        """The carried points of one pair, if given."""
        entry = self.values.get(sub_id)
        if isinstance(entry, Mapping):
            entry = entry.get(unit_id)
        return None if entry is None else float(entry)


@frozen(kw_only=True)
class _Leaf:
    sub: SubIndicator
    plugin: Any
    params: Any
    indicator: int
    pooled: bool


@frozen(kw_only=True)
class _RuleStep:
    id: str
    kind: str
    plugin: Any
    params: Any
    stage: str
    index: int


@frozen(kw_only=True, eq=False)
class CompiledScheme:
    """A scheme turned into arrays and resolved plugins; reuse it across scorings."""

    scheme: Scheme
    leaves: tuple[_Leaf, ...]
    leaf_max: np.ndarray
    leaf_indicator: np.ndarray
    indicator_level: np.ndarray
    indicator_points: np.ndarray
    level_points: np.ndarray
    rules: tuple[_RuleStep, ...]

    @property
    def leaf_ids(self) -> tuple[str, ...]:
        """Sub-indicator ids in tree order."""
        return tuple(leaf.sub.id for leaf in self.leaves)


_CACHE: dict[int, tuple[weakref.ref[Scheme], CompiledScheme]] = {}


def compile_scheme(scheme: Scheme) -> CompiledScheme:
    """Resolve plugins and build the arrays of ``scheme`` (cached per scheme object).

    Raises :class:`SchemeError` if a sub-indicator has no evaluator, a plugin is
    missing, or parameters do not fit the plugin.
    """
    cached = _CACHE.get(id(scheme))
    if cached is not None and cached[0]() is scheme:
        return cached[1]
    problems: list[Problem] = []

    def problem(path: tuple[str | int, ...], message: str, code: str) -> None:
        problems.append(Problem(message=message, path=path, file=f"scheme {scheme.id}", code=code))

    leaves: list[_Leaf] = []
    leaf_max: list[float] = []
    leaf_ind: list[int] = []
    ind_level: list[int] = []
    ind_points: list[float] = []
    ind_index = 0
    for li, level in enumerate(scheme.levels):
        for ii, ind in enumerate(level.indicators):
            ind_level.append(li)
            ind_points.append(ind.points)
            for si, sub in enumerate(ind.sub_indicators):
                path: tuple[str | int, ...] = ("levels", li, "indicators", ii, "sub_indicators", si)
                leaf_max.append(math.nan if sub.points is None else sub.points)
                leaf_ind.append(ind_index)
                if sub.evaluator is None:
                    problem(
                        path,
                        f"sub-indicator {sub.name} [{sub.id}] has no evaluator; "
                        "name one to score it",
                        "no-evaluator",
                    )
                    continue
                plugin, params = _resolve(
                    evaluator_registry,
                    sub.evaluator.kind,
                    sub.evaluator.params,
                    (*path, "evaluator"),
                    problem,
                )
                leaves.append(
                    _Leaf(
                        sub=sub,
                        plugin=plugin,
                        params=params,
                        indicator=ind_index,
                        pooled=ind.pooled,
                    )
                )
            ind_index += 1
    steps: list[_RuleStep] = []
    grades: set[str] = set()
    for ri, rule in enumerate(scheme.rules):
        plugin, params = _resolve(rule_registry, rule.kind, rule.params, ("rules", ri), problem)
        if plugin is None:
            continue
        steps.append(
            _RuleStep(
                id=rule.id,
                kind=rule.kind,
                plugin=plugin,
                params=params,
                stage=getattr(plugin, "stage", "adjust"),
                index=ri,
            )
        )
        grades.update(b.grade for b in getattr(params, "bands", ()) if hasattr(b, "grade"))
    for step in steps:
        cap = getattr(step.params, "grade_cap", None)
        if cap is not None and cap not in grades:
            problem(
                ("rules", step.index, "params", "grade_cap"),
                f"grade_cap {cap!r} is not a grade of any grade rule in this scheme",
                "unknown-grade",
            )
    if problems:
        raise SchemeError(problems, f"scheme {scheme.id}")
    compiled = CompiledScheme(
        scheme=scheme,
        leaves=tuple(leaves),
        leaf_max=np.array(leaf_max),
        leaf_indicator=np.array(leaf_ind, dtype=np.int64),
        indicator_level=np.array(ind_level, dtype=np.int64),
        indicator_points=np.array(ind_points),
        level_points=np.array([lv.points for lv in scheme.levels]),
        rules=tuple(steps),
    )
    key = id(scheme)
    cache = _CACHE  # held by the callback: module globals may be gone at interpreter exit

    def forget(_ref: weakref.ref[Scheme]) -> None:
        cache.pop(key, None)

    _CACHE[key] = (weakref.ref(scheme, forget), compiled)
    return compiled


def _resolve(
    registry: Any, kind: str, raw: Mapping[str, Any], path: tuple[str | int, ...], problem: Any
) -> tuple[Any, Any]:
    try:
        plugin = registry.get(kind)
    except PluginError as exc:
        problem((*path, "kind"), str(exc), "unknown-plugin")
        return None, None
    params, found = plugin_params(plugin, dict(raw))
    for rel, message, code in found:
        problem((*path, "params", *rel), message, code)
    return plugin, params


# -- binding data -------------------------------------------------------------------


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
        self, where: str, message: str, path: tuple[str | int, ...] = (), code: str = "invalid"
    ) -> None:
        # a row origin such as "leaders.csv:12" is split into its file and line, so that
        # problems sort by line number and render as file:line: path: message
        match = _ORIGIN.match(where)
        file, line = (match.group(1), int(match.group(2))) if match else (where, None)
        self.problems.append(Problem(message=message, path=path, file=file, line=line, code=code))

    def bind(
        self,
        table: Table | None,
        name: str,
        columns: Mapping[str, str],
        optional: Mapping[str, str],
        what: str,
    ) -> Records | None:
        """Check a table's columns and units; return it bound to unit positions."""
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
                    what,
                    f"records lack the column {col!r} (required: {', '.join(columns) or 'none'})",
                    (name,),
                    "missing-column",
                )
                ok = False
        allowed = {**columns, **optional}
        for col in table.columns:
            if col not in allowed:
                self.add(
                    what,
                    f"unknown column {col!r} (allowed: {', '.join(allowed) or 'none'})",
                    (name,),
                    "unknown-column",
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
                                f"{what}: {col} {value!r} is not a number",
                                (name,),
                                "type",
                            )
                    ok = False
                    continue
                for inf_row in np.flatnonzero(np.isinf(num)):
                    # NaN is an empty cell; an infinite number is never a fact
                    self.add(
                        table.where(int(inf_row)),
                        f"{what}: {col} {num[inf_row]:g} is not a finite number",
                        (name,),
                        "type",
                    )
                    ok = False
                cols[col] = num
            else:
                cols[col] = arr
        if table.unit is None:
            if table.n_rows != self.n:
                self.add(
                    what,
                    f"records without a 'unit' column must have one row per unit "
                    f"({self.n}), got {table.n_rows}",
                    (name,),
                    "shape",
                )
                return None
            return (
                Records(unit=self.positions, columns=cols, n_units=self.n, dense=True)
                if ok
                else None
            )
        codes = self.data.units.codes(table.unit)
        for bad_row in np.flatnonzero(codes < 0):
            self.add(
                table.where(int(bad_row)),
                f"{what}: unknown unit {table.unit[bad_row]!r}",
                (name,),
                "unknown-unit",
            )
            ok = False
        if not ok:
            return None
        return Records(unit=codes, columns=cols, n_units=self.n)


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


def _label(sub: SubIndicator) -> str:
    return f"{sub.name} [{sub.id}]"


# -- scoring -------------------------------------------------------------------------


def _bind_all(
    compiled: CompiledScheme, data: EvaluationData
) -> tuple[_Binder, list[Records | None], dict[str, Records], list[np.ndarray]]:
    """Bind every table to the units and run every plugin's checks (no scoring)."""
    sch = compiled.scheme
    binder = _Binder(data)
    n = binder.n
    names = data.units.names

    leaf_ids = set(compiled.leaf_ids)
    for key in data.records:
        if key not in leaf_ids:
            binder.add(
                "records",
                f"records for {key!r}, which is not a sub-indicator of scheme {sch.id}",
                (key,),
                "unknown-sub-indicator",
            )
    rule_ids = {r.id for r in compiled.rules}
    for key in data.events:
        if key not in rule_ids:
            binder.add(
                "events",
                f"events for {key!r}, which is not a rule of scheme {sch.id}",
                (key,),
                "unknown-rule",
            )

    # maximum points per unit and leaf (pooled leaves from the splits)
    # one array per leaf: a zero-copy broadcast for fixed points, real arrays in pools
    max_pts = [np.broadcast_to(np.float64(m), (n,)) for m in compiled.leaf_max]
    if any(leaf.pooled for leaf in compiled.leaves):
        _bind_splits(compiled, data, binder, max_pts)
    elif data.splits is not None and data.splits.n_rows:
        binder.add(
            "splits",
            f"the data gives splits, but scheme {sch.id} pools no points",
            ("splits",),
            "invalid-split",
        )

    bound: list[Records | None] = []
    for j, leaf in enumerate(compiled.leaves):
        what = f"records of {_label(leaf.sub)}"
        rec = binder.bind(
            data.records.get(leaf.sub.id),
            leaf.sub.id,
            leaf.plugin.columns,
            getattr(leaf.plugin, "optional_columns", {}),
            what,
        )
        bound.append(rec)
        if rec is None:
            continue
        table = data.records.get(leaf.sub.id)
        if leaf.plugin.one_row_per_unit and not rec.dense and rec.n_rows:
            for dup in np.flatnonzero(rec.count() > 1):
                rows = rec.rows_of(int(dup))
                first = table.where(int(rows[0])) if table else what
                for r in rows[1:]:
                    binder.add(
                        table.where(int(r)) if table else what,
                        f"{what}: unit {data.units.ids[dup]} ({names[dup]}) has more than one "
                        f"row (first at {first})",
                        (leaf.sub.id,),
                        "duplicate-row",
                    )
        if leaf.pooled and np.isnan(max_pts[j]).any():
            continue  # split problems are already reported
        for row, message in leaf.plugin.check(leaf.params, rec, max_pts[j]):
            u = int(rec.unit[row])
            where = table.where(row) if table is not None else what
            binder.add(
                where,
                f"{_label(leaf.sub)}, unit {data.units.ids[u]} ({names[u]}): {message}",
                (leaf.sub.id,),
                "out-of-range",
            )

    events: dict[str, Records] = {}
    for step in compiled.rules:
        rec = binder.bind(
            data.events.get(step.id),
            step.id,
            step.plugin.columns,
            getattr(step.plugin, "optional_columns", {}),
            f"events of rule {step.id}",
        )
        if rec is None:
            continue
        events[step.id] = rec
        table = data.events.get(step.id)
        for row, message in step.plugin.check(step.params, rec):
            u = int(rec.unit[row])
            where = table.where(row) if table is not None else step.id
            binder.add(
                where,
                f"rule {step.id}, unit {data.units.ids[u]} ({names[u]}): {message}",
                (step.id,),
                "invalid-event",
            )
    return binder, bound, events, max_pts


def check_data(
    scheme: Scheme | CompiledScheme,
    data: EvaluationData | Mapping[str, Any] | str | os.PathLike[str],
) -> list[Problem]:
    """Every problem that would stop :func:`score` under the default policy, without scoring.

    Lists unknown units, sub-indicators and rules, malformed or out-of-range values,
    splits that do not add up, and every (unit, sub-indicator) pair without records
    (naming the sub-indicator's assessors, so an office can see who has not submitted
    what).  An empty list means the data scores as it is.

    ``data`` may also be a path (a folder of data files, a workbook or a JSON file):
    it is read with :func:`~govperf.read_data` and the problems found while reading
    come first, each with its file and row; a pair whose template row was left empty
    is reported at that row as not submitted.
    """
    compiled = scheme if isinstance(scheme, CompiledScheme) else compile_scheme(scheme)
    if isinstance(data, (str, os.PathLike)):
        from .io._read import check_path

        return check_path(compiled, data)
    if not isinstance(data, EvaluationData):
        data = EvaluationData.from_dict(data)
    binder, bound, _events, _max = _bind_all(compiled, data)
    problems = list(binder.problems)
    for j, leaf in enumerate(compiled.leaves):
        rec = bound[j]
        if rec is None or rec.dense or getattr(leaf.plugin, "rows_optional", False):
            continue
        for u in np.flatnonzero(~rec.present):
            problems.append(_missing_problem(compiled, data, int(u), j))
    return problems


def _missing_problem(compiled: CompiledScheme, data: EvaluationData, u: int, j: int) -> Problem:
    sub = compiled.leaves[j].sub
    assessors = "、".join(a.name for a in sub.assessors) or "-"
    return Problem(
        message=f"no data for unit {data.units.ids[u]} ({data.units.names[u]}) on "
        f"{_label(sub)} (assessors: {assessors})",
        path=(sub.id,),
        file="records",
        code="missing",
    )


def score(
    scheme: Scheme | CompiledScheme,
    data: EvaluationData | Mapping[str, Any],
    *,
    missing: str | MissingPolicy = "error",
) -> Results:
    """Score every unit of ``data`` against ``scheme``; return :class:`~govperf.Results`.

    ``data`` is :class:`~govperf.EvaluationData` or plain data accepted by
    :meth:`EvaluationData.from_dict`.  ``missing`` is a policy name or a
    :class:`MissingPolicy`.  Raises :class:`~govperf.DataError` listing every problem
    with the data (unknown units or sub-indicators, out-of-range values, splits that
    do not add up, missing data under the ``error`` policy), each naming the unit and
    sub-indicator.
    """
    from ._results import Results

    compiled = scheme if isinstance(scheme, CompiledScheme) else compile_scheme(scheme)
    if not isinstance(data, EvaluationData):
        data = EvaluationData.from_dict(data)
    policy = missing if isinstance(missing, MissingPolicy) else MissingPolicy(kind=missing)  # type: ignore[arg-type]
    if policy.kind not in ("error", "zero", "redistribute", "carry"):
        raise ValueError(f"unknown missing-data policy {policy.kind!r}")
    unknown_carry = sorted(set(policy.values) - set(compiled.leaf_ids))
    if unknown_carry:
        raise DataError(
            [
                Problem(
                    message=f"the carry policy names {key!r}, which is not a sub-indicator of "
                    f"scheme {compiled.scheme.id}",
                    path=("missing", "values", key),
                    code="unknown-sub-indicator",
                )
                for key in unknown_carry
            ]
        )
    sch = compiled.scheme
    binder, bound, events, max_pts = _bind_all(compiled, data)
    n = binder.n
    names = data.units.names
    if binder.problems:
        raise DataError(binder.problems)

    # evaluators
    leaf_pts = np.empty((n, len(compiled.leaves)), order="F")
    present = np.ones((n, len(compiled.leaves)), dtype=bool, order="F")
    problems: list[Problem] = []
    for j, leaf in enumerate(compiled.leaves):
        rec = bound[j]
        assert rec is not None
        top = max_pts[j]
        pts = np.asarray(leaf.plugin.score(leaf.params, rec, top), dtype=float)
        if not getattr(leaf.plugin, "rows_optional", False) and not rec.dense:
            present[:, j] = rec.present
        inside = (pts >= -TOL) & (pts <= top + TOL)  # false for NaN too
        if not inside.all():
            bad = ~inside & present[:, j]
            for bad_unit in np.flatnonzero(bad):
                u = int(bad_unit)
                kind = leaf.sub.evaluator.kind if leaf.sub.evaluator else ""
                problems.append(
                    Problem(
                        message=f"{_label(leaf.sub)}, unit {data.units.ids[u]} ({names[u]}): "
                        f"the evaluator {kind} gave {pts[u]:g} points, outside [0, {top[u]:g}]",
                        path=(leaf.sub.id,),
                        file="scoring",
                        code="out-of-range",
                    )
                )
        np.minimum(np.maximum(pts, 0.0, out=leaf_pts[:, j]), top, out=leaf_pts[:, j])
    if problems:
        raise DataError(problems)

    filled: list[tuple[str, str]] = []
    if not present.all():
        missing_pairs = np.argwhere(~present)
        leaf_pts, filled = _apply_missing(
            policy, compiled, data, leaf_pts, present, missing_pairs, max_pts
        )

    tree: tuple[np.ndarray, np.ndarray] | None = None
    if policy.kind == "redistribute" and not present.all():
        tree = _redistribute(compiled, leaf_pts, present, max_pts, data.units.ids)
        base = tree[1].sum(axis=1)
    else:
        # indicator and level sums are derived on demand (Results); the base is one
        # pass over the contiguous leaf columns
        base = np.zeros(n)
        for j in range(leaf_pts.shape[1]):
            base += leaf_pts[:, j]

    state = RuleState(
        base=base,
        bonus=np.zeros(n),
        deductions=np.zeros(n),
        total=base.copy(),
        award_eligible=np.ones(n, dtype=bool),
        ranked=np.ones(n, dtype=bool),
        vetoed=np.zeros(n, dtype=bool),
        grade=np.full(n, None, dtype=object),
        grade_cap=np.full(n, None, dtype=object),
        rank=np.full(n, np.nan),
        groups=data.units.group_array,
        unit_ids=data.units.id_array,
        total_points=sch.total_points,
        precision=sch.scoring.precision,
    )
    # adjust rules in declared order, then the ranking, then classify rules; every
    # rule has its (possibly empty) events table, bound in _bind_all
    history: list[tuple[int, RuleState, RuleState]] = []
    for classify in (False, True):
        if classify:
            state = _rank(state, compiled, tree, leaf_pts)
        for k, step in enumerate(compiled.rules):
            if (step.stage == "classify") == classify:
                after = step.plugin.apply(step.params, state, events[step.id])
                history.append((k, state, after))
                state = after
    return Results._create(
        compiled=compiled,
        data=data,
        policy=policy,
        leaf_points=leaf_pts,
        leaf_max=tuple(max_pts),
        present=present,
        tree=tree,
        state=state,
        history=tuple(history),
        records=tuple(bound),
        events=events,
        filled=tuple(filled),
    )


def _bind_splits(
    compiled: CompiledScheme, data: EvaluationData, binder: _Binder, max_pts: list[np.ndarray]
) -> None:
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
    if table.unit is None:
        _dense_splits(compiled, data, binder, table, pooled, max_pts)
    else:
        _tidy_splits(compiled, data, binder, table, pooled, max_pts)
    ids, names = data.units.ids, data.units.names
    for ind_index in sorted({compiled.leaves[j].indicator for j in pooled}):
        cols = [j for j in pooled if compiled.leaves[j].indicator == ind_index]
        total = compiled.indicator_points[ind_index]
        ind = compiled.scheme.indicators[ind_index]
        # a split is given where its maximum is no longer NaN
        complete = np.logical_and.reduce([~np.isnan(max_pts[j]) for j in cols])
        sums = np.sum([max_pts[j] for j in cols], axis=0)
        wrong = complete & ~np.isclose(sums, total, rtol=0.0, atol=1e-6)
        for bad in np.flatnonzero(~complete | wrong):
            u = int(bad)
            uid = f"unit {ids[u]} ({names[u]})"
            if not complete[u]:
                lacking = [compiled.leaves[j].sub.id for j in cols if np.isnan(max_pts[j][u])]
                binder.add(
                    "splits",
                    f"{uid} has no split for {', '.join(lacking)} (pool "
                    f"{ind.name} [{ind.id}], {total:g} points)",
                    ("splits",),
                    "missing-split",
                )
            else:
                parts = ", ".join(f"{compiled.leaves[j].sub.id} {max_pts[j][u]:g}" for j in cols)
                binder.add(
                    "splits",
                    f"{uid}: the split of {ind.name} [{ind.id}] adds up to "
                    f"{sums[u]:g} ({parts}), the indicator has {total:g}",
                    ("splits",),
                    "split-sum",
                )


def _tidy_splits(
    compiled: CompiledScheme,
    data: EvaluationData,
    binder: _Binder,
    table: Table,
    pooled: list[int],
    max_pts: list[np.ndarray],
) -> None:
    """Splits as rows ``(unit, sub_indicator, points)``."""
    rec = binder.bind(
        table, "splits", {"sub_indicator": "text", "points": "number"}, {"note": "text"}, "splits"
    )
    if rec is None:
        return
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
        binder.add(table.where(int(r)), message, ("splits",), code)
    use = (codes >= 0) & ~repeat & valid
    for j in pooled:
        mine = use & (codes == j)
        max_pts[j][rec.unit[mine]] = values[mine]


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
        valid = np.isfinite(values) & (values >= 0)
        for u in np.flatnonzero(~valid):
            binder.add(
                table.where(int(u)),
                f"splits: unit {data.units.ids[u]} ({data.units.names[u]}), {name}: points must "
                f"be a number of at least 0, got {values[u]:g}",
                ("splits",),
                "invalid-split",
            )
        max_pts[j] = np.where(valid, values, np.nan)


def _apply_missing(
    policy: MissingPolicy,
    compiled: CompiledScheme,
    data: EvaluationData,
    leaf_pts: np.ndarray,
    present: np.ndarray,
    pairs: np.ndarray,
    max_pts: list[np.ndarray],
) -> tuple[np.ndarray, list[tuple[str, str]]]:
    ids = data.units.ids
    names = data.units.names
    filled = [(ids[u], compiled.leaves[j].sub.id) for u, j in pairs]
    if policy.kind == "error":
        raise DataError([_missing_problem(compiled, data, int(u), int(j)) for u, j in pairs])
    out = leaf_pts.copy()
    if policy.kind == "zero":
        out[~present] = 0.0
    elif policy.kind == "carry":
        problems = []
        for u, j in pairs:
            sub = compiled.leaves[j].sub
            value = policy.value_for(sub.id, ids[u])
            if value is None:
                problems.append(
                    Problem(
                        message=f"no data and no carried value for unit {ids[u]}"
                        f" ({names[u]}) on {_label(sub)}",
                        path=(sub.id,),
                        file="records",
                        code="missing",
                    )
                )
            elif not 0.0 <= value <= max_pts[j][u] + TOL:
                problems.append(
                    Problem(
                        message=f"the carried value {value:g} for unit {ids[u]} ({names[u]}) on "
                        f"{_label(sub)} is outside [0, {max_pts[j][u]:g}]",
                        path=(sub.id,),
                        file="records",
                        code="out-of-range",
                    )
                )
            else:
                out[u, j] = value
        if problems:
            raise DataError(problems)
    else:
        out[~present] = np.nan
    return out, filled


def tree_sums(compiled: CompiledScheme, leaf_pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indicator and level points as plain sums of the leaves (no redistribution)."""
    n = leaf_pts.shape[0]
    ind = np.zeros((n, len(compiled.indicator_points)), order="F")
    for j, i in enumerate(compiled.leaf_indicator):
        ind[:, i] += leaf_pts[:, j]
    lvl = np.zeros((n, len(compiled.level_points)), order="F")
    for i, k in enumerate(compiled.indicator_level):
        lvl[:, k] += ind[:, i]
    return ind, lvl


def _redistribute(
    compiled: CompiledScheme,
    leaf_pts: np.ndarray,
    present: np.ndarray,
    max_pts: list[np.ndarray],
    unit_ids: tuple[str, ...],
) -> tuple[np.ndarray, np.ndarray]:
    n = leaf_pts.shape[0]
    n_ind = len(compiled.indicator_points)
    n_lvl = len(compiled.level_points)
    ind = np.full((n, n_ind), np.nan)
    for i in range(n_ind):
        cols = np.flatnonzero(compiled.leaf_indicator == i)
        tops = np.column_stack([max_pts[j] for j in cols])
        avail = np.where(present[:, cols], tops, 0.0).sum(axis=1)
        got = np.where(present[:, cols], leaf_pts[:, cols], 0.0).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            ind[:, i] = np.where(avail > 0, got * compiled.indicator_points[i] / avail, np.nan)
    lvl = np.full((n, n_lvl), np.nan)
    for k in range(n_lvl):
        cols = np.flatnonzero(compiled.indicator_level == k)
        ok = ~np.isnan(ind[:, cols])
        avail = np.where(ok, compiled.indicator_points[cols], 0.0).sum(axis=1)
        got = np.where(ok, ind[:, cols], 0.0).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            lvl[:, k] = np.where(avail > 0, got * compiled.level_points[k] / avail, np.nan)
    ok = ~np.isnan(lvl)
    avail = np.where(ok, compiled.level_points, 0.0).sum(axis=1)
    empty = np.flatnonzero(avail == 0)
    if len(empty):
        raise DataError(
            [
                Problem(
                    message=f"unit {unit_ids[u]} has no data at all; nothing to redistribute",
                    path=(unit_ids[u],),
                    code="missing",
                )
                for u in empty
            ]
        )
    scale = compiled.scheme.total_points / avail
    return ind * scale[:, None], np.where(ok, lvl, 0.0) * scale[:, None]


def _counting_rank(published: np.ndarray, precision: int) -> np.ndarray | None:
    """Competition ranks (1, 2, 2, 4) of published totals by counting, in O(n + range).

    Published totals are whole multiples of ``10 ** -precision``; as integers their
    range is small (a 100-point scheme at 2 decimals spans about 10,000 values), so a
    histogram replaces the sort.  Returns ``None`` when the range is too wide.
    """
    keys = np.rint(published * 10.0**precision)
    if not np.isfinite(keys).all():
        return None
    low, high = keys.min(), keys.max()
    span = int(high - low) + 1
    if span > 4 * len(keys) + 1_000_000:
        return None
    codes = (keys - low).astype(np.int64)
    counts = np.bincount(codes, minlength=span)
    above = len(keys) - np.cumsum(counts)  # units strictly above each key value
    return (above[codes] + 1).astype(float)


def _rank(
    state: RuleState,
    compiled: CompiledScheme,
    tree: tuple[np.ndarray, np.ndarray] | None,
    leaf: np.ndarray,
) -> RuleState:
    from attrs import evolve

    prec = state.precision
    keys = [round_half_up(state.total, prec)]
    sch = compiled.scheme
    level_ids = [lv.id for lv in sch.levels]
    ind_ids = [i.id for i in sch.indicators]
    if sch.scoring.tie_break and tree is None:
        tree = tree_sums(compiled, leaf)
    for node_id in sch.scoring.tie_break:
        assert tree is not None
        ind, lvl = tree
        if node_id in level_ids:
            keys.append(round_half_up(lvl[:, level_ids.index(node_id)], prec))
        elif node_id in ind_ids:
            keys.append(round_half_up(ind[:, ind_ids.index(node_id)], prec))
        else:
            keys.append(round_half_up(leaf[:, compiled.leaf_ids.index(node_id)], prec))
    rank = np.full(state.n_units, np.nan)
    all_ranked = bool(state.ranked.all())
    members = None if all_ranked else np.flatnonzero(state.ranked)
    count = state.n_units if members is None else len(members)
    if count and len(keys) == 1:
        rank_values = keys[0] if members is None else keys[0][members]
        ranks = _counting_rank(rank_values, prec)
        if ranks is not None:
            if members is None:
                rank = ranks
            else:
                rank[members] = ranks
            return evolve(state, rank=rank)
    if count:
        idx = np.arange(state.n_units) if members is None else members
        sub = [np.nan_to_num(k[idx], nan=-np.inf) for k in keys]
        order = np.lexsort(tuple(-k for k in reversed(sub)))
        differs = np.zeros(len(order), dtype=bool)
        differs[0] = True
        for k in sub:
            ks = k[order]
            differs[1:] |= ks[1:] != ks[:-1]
        start = np.where(differs, np.arange(len(order)), 0)
        start = np.maximum.accumulate(start)
        r = np.empty(len(order))
        r[order] = start + 1
        rank[idx] = r
    return evolve(state, rank=rank)
