"""Compile a scheme into arrays once, then score all units at once.

Order of work, for every unit together:

1. each sub-indicator's evaluator turns its records into points (pooled
   sub-indicators get their maximum from each unit's split);
2. missing (unit, sub-indicator) pairs are handled by the chosen policy;
3. points are summed up the tree, at any depth, into every inner node and the base
   total;
4. ``adjust`` rules (bonus, deduction, veto, exclude) run in the order the scheme
   declares them;
5. units in the ranking are ranked on the published total (rounded half up), then
   on the scheme's tie-break nodes; equal keys share a rank (1, 2, 2, 4); under
   ``scoring.within_groups`` each unit group is ranked on its own;
6. ``classify`` rules (grades) run in declared order.

No I/O and no printing happen here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from attrs import evolve

from .._rounding import half_up_units
from ..data._data import EvaluationData
from ..exceptions import DataError, Problem, msg
from ..plugin import Records, RuleState
from ..scheme._model import Scheme
from ..scheme._sums import cents, leaf_cents_sum, published_base, published_sums, tree_sums
from ._bind import _Binder, _label
from ._compile import CompiledScheme, compile_scheme
from ._groups import _group_codes, _leaf_maxima
from ._missing import TOL, MissingPolicy, _apply_missing, _missing_problem
from ._rank import _rank
from ._splits import _bind_splits
from ._tree import _redistribute

if TYPE_CHECKING:
    from ..results._results import Results


__all__ = ["check_data", "score"]


class _NodeView(Mapping[str, np.ndarray]):
    """Every node's points by id, one value per unit, the whole matrix made on first access.

    ``tree`` is the (units × nodes) matrix when it is already known; otherwise ``make``
    builds it (the published sums, say), or by default the exact sums of ``leaf_pts``
    up the tree.  A scoring whose rules never read a node never pays for it.
    """

    def __init__(
        self,
        compiled: CompiledScheme,
        tree: np.ndarray | None,
        leaf_pts: np.ndarray,
        make: Callable[[], np.ndarray] | None = None,
    ):
        self._compiled = compiled
        self._tree = tree
        self._leaf_pts = leaf_pts
        self._make = make

    def __getitem__(self, node_id: str) -> np.ndarray:
        if self._tree is None:
            make = self._make
            self._tree = make() if make else tree_sums(self._compiled, self._leaf_pts)
        return self._tree[:, self._compiled.node_index[node_id]]

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._compiled.node_index

    def __iter__(self) -> Iterator[str]:
        return iter(self._compiled.node_ids)

    def __len__(self) -> int:
        return len(self._compiled.node_ids)


def _bind_all(
    compiled: CompiledScheme, data: EvaluationData
) -> tuple[_Binder, list[Records | None], dict[str, Records], list[np.ndarray]]:
    """Bind every table to the units and run every plugin's checks (no scoring)."""
    sch = compiled.scheme
    binder = _Binder(data)
    names = data.units.names

    leaf_ids = set(compiled.leaf_ids)
    for key in data.records:
        if key not in leaf_ids:
            binder.add(
                "records",
                msg("problem.score.records_unknown", id=key, scheme=sch.id),
                (key,),
                "unknown-sub-indicator",
                node=key,
            )
    rule_ids = {r.id for r in compiled.rules}
    for key in data.events:
        if key not in rule_ids:
            binder.add(
                "events",
                msg("problem.score.events_unknown", id=key, scheme=sch.id),
                (key,),
                "unknown-rule",
                rule=key,
            )

    # maximum points per unit and leaf (pooled leaves from the splits)
    # one array per leaf: a zero-copy broadcast for fixed points, real arrays in pools
    codes = _group_codes(compiled, data, binder)
    max_pts = _leaf_maxima(compiled, codes)
    if any(leaf.pooled for leaf in compiled.leaves):
        _bind_splits(compiled, data, binder, max_pts, codes)
    elif data.splits is not None and data.splits.n_rows:
        binder.add(
            "splits",
            msg("problem.score.no_pools", scheme=sch.id),
            ("splits",),
            "invalid-split",
        )

    bound: list[Records | None] = []
    for j, leaf in enumerate(compiled.leaves):
        what = msg("problem.score.records_of", node=_label(leaf.sub))
        rec = binder.bind(
            data.records.get(leaf.sub.id),
            leaf.sub.id,
            leaf.plugin.columns,
            leaf.plugin.optional_columns,
            what,
            node=leaf.sub.id,
        )
        if rec is not None and compiled.group_ids:  # relative evaluators compare by group
            rec = evolve(rec, groups=codes, within_groups=compiled.within_groups)
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
                        table.where(int(r)) if table else what.text("en"),
                        msg(
                            "problem.score.duplicate_row",
                            what=what,
                            unit=data.units.ids[dup],
                            name=names[dup],
                            first=first,
                        ),
                        (leaf.sub.id,),
                        "duplicate-row",
                        row=int(r),
                        unit=data.units.ids[dup],
                        node=leaf.sub.id,
                    )
        if leaf.pooled and np.isnan(max_pts[j]).any():
            continue  # split problems are already reported
        for row, message in leaf.plugin.check(leaf.params, rec, max_pts[j]):
            u = int(rec.unit[row])
            where = table.where(row) if table is not None else what.text("en")
            binder.add(
                where,
                msg(
                    "problem.score.leaf_check",
                    node=_label(leaf.sub),
                    unit=data.units.ids[u],
                    name=names[u],
                    message=message,
                ),
                (leaf.sub.id,),
                "out-of-range",
                row=int(row),
                unit=data.units.ids[u],
                node=leaf.sub.id,
            )

    events: dict[str, Records] = {}
    for step in compiled.rules:
        rec = binder.bind(
            data.events.get(step.id),
            step.id,
            step.plugin.columns,
            step.plugin.optional_columns,
            msg("problem.score.events_of", rule=step.id),
            rule=step.id,
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
                msg(
                    "problem.score.rule_check",
                    rule=step.id,
                    unit=data.units.ids[u],
                    name=names[u],
                    message=message,
                ),
                (step.id,),
                "invalid-event",
                row=int(row),
                unit=data.units.ids[u],
                rule=step.id,
            )
    _reference_problems(compiled, data, binder)
    return binder, bound, events, max_pts


def _reference_problems(compiled: CompiledScheme, data: EvaluationData, binder: _Binder) -> None:
    """Units (and, without declared groups, unit groups) that a rule names must be in
    the data: a typo in an exclusion must never let a unit compete."""
    refs = [(step, ref) for step in compiled.rules for ref in step.plugin.references(step.params)]
    if not refs:
        return
    ids = data.units.index() if any(ref.kind == "unit" for _, ref in refs) else {}
    declared = bool(compiled.group_ids)
    groups: set[object] = set()
    if not declared and any(ref.kind == "group" for _, ref in refs):
        groups = {g for g in data.units.group_array.tolist() if g is not None}
    for step, ref in refs:
        if ref.kind == "unit" and ref.id not in ids:
            key = "problem.score.unknown_unit_ref"
        elif ref.kind == "group" and not declared and ref.id not in groups:
            key = "problem.score.unknown_group_ref"
        else:
            continue
        binder.add(
            "rules",
            msg(key, rule=step.id, id=ref.id),
            ("rules", step.index, "params", *ref.param),
            "unknown-reference",
            rule=step.id,
        )


def _within(pts: np.ndarray, top: np.ndarray) -> bool:
    """Every point in ``[-TOL, top + TOL]`` (false for NaN), by reductions only."""
    if not len(pts):
        return True
    low = float(pts.min())
    if not low >= -TOL:  # NaN too
        return False
    if top.strides == (0,):  # one maximum for every unit (a broadcast scalar)
        return float(pts.max()) <= float(top[0]) + TOL
    return float(np.subtract(pts, top).max()) <= TOL


def check_data(
    scheme: Scheme | CompiledScheme,
    data: EvaluationData | Mapping[str, Any],
) -> list[Problem]:
    """Every problem that would stop :func:`score` under the default policy, without scoring.

    Lists unknown units, sub-indicators and rules, malformed or out-of-range values,
    splits that do not add up, and every (unit, sub-indicator) pair without records
    (naming the sub-indicator's assessors, so an office can see who has not submitted
    what).  An empty list means the data scores as it is.

    :func:`govperf.check_data` also takes a path; it reads the files first.
    """
    compiled = scheme if isinstance(scheme, CompiledScheme) else compile_scheme(scheme)
    if not isinstance(data, EvaluationData):
        data = EvaluationData.from_dict(data)
    binder, bound, _events, _max = _bind_all(compiled, data)
    problems = list(binder.problems)
    for j, leaf in enumerate(compiled.leaves):
        rec = bound[j]
        if rec is None or rec.dense or leaf.plugin.rows_optional:
            continue
        for u in np.flatnonzero(~rec.present):
            problems.append(_missing_problem(compiled, data, int(u), j))
    return problems


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
    from ..results._results import Results

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
                    msg=msg("problem.score.carry_unknown", id=key, scheme=compiled.scheme.id),
                    path=("missing", "values", key),
                    code="unknown-sub-indicator",
                    node=key,
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

    # evaluators: each leaf's points are checked by two reductions and written once
    # into its column; a row-level message is built only when a reduction fails
    n_leaves = len(compiled.leaves)
    leaf_pts = np.empty((n, n_leaves), order="F")
    given: np.ndarray | None = None  # (units × leaves) present mask, when a unit lacks rows
    problems: list[Problem] = []
    base = np.zeros(n)
    precision = sch.scoring.precision
    pub_cents, scratch = np.zeros(n), np.empty(n)
    for j, leaf in enumerate(compiled.leaves):
        rec = bound[j]
        assert rec is not None
        top = max_pts[j]
        pts = np.asarray(leaf.plugin.score(leaf.params, rec, top), dtype=float)
        here: np.ndarray | bool = True
        if not leaf.plugin.rows_optional and not rec.dense:
            here = rec.present
            if given is None and not here.all():
                given = np.ones((n, n_leaves), dtype=bool, order="F")
            if given is not None:
                given[:, j] = here
        col = leaf_pts[:, j]
        if _within(pts, top):
            col[...] = pts
        else:
            bad = ~((pts >= -TOL) & (pts <= top + TOL)) & here  # NaN is outside
            for bad_unit in np.flatnonzero(bad):
                u = int(bad_unit)
                kind = leaf.sub.evaluator.kind if leaf.sub.evaluator else ""
                problems.append(
                    Problem(
                        msg=msg(
                            "problem.score.out_of_range",
                            node=_label(leaf.sub),
                            unit=data.units.ids[u],
                            name=names[u],
                            kind=kind,
                            points=f"{pts[u]:g}",
                            max=f"{top[u]:g}",
                        ),
                        path=(leaf.sub.id,),
                        file="scoring",
                        code="out-of-range",
                        unit=data.units.ids[u],
                        node=leaf.sub.id,
                    )
                )
            np.minimum(np.maximum(pts, 0.0, out=col), top, out=col)
        base += col
        # each published leaf in cents while its column is at hand (used as the
        # published base when no missing data changes the leaves below)
        pub_cents += half_up_units(col, precision, out=scratch)
    if problems:
        raise DataError(problems)

    present = np.broadcast_to(np.True_, (n, n_leaves)) if given is None else given
    filled: list[tuple[str, str]] = []
    if given is not None:
        missing_pairs = np.argwhere(~present)
        leaf_pts, filled = _apply_missing(
            policy, compiled, data, leaf_pts, present, missing_pairs, max_pts
        )

    tree: np.ndarray | None = None
    if policy.kind == "redistribute" and given is not None:
        tree, base, contribution = _redistribute(compiled, leaf_pts, present, max_pts, data.units)
    elif given is not None:
        # node sums are derived on demand (Results); the base was summed column by
        # column above, again here after the missing-data policy filled gaps
        base = leaf_pts.sum(axis=1)
    if compiled.combined and tree is None:
        # a min/max/mean branch is not a sum of its leaves: the tree gives the base
        unit_max = np.array(compiled.node_max_for(compiled.group_codes(data.units.groups)))
        unit_max[:, compiled.leaf_nodes] = np.column_stack(max_pts) if max_pts else 0.0
        tree = tree_sums(compiled, leaf_pts, unit_max)
        base = tree[:, compiled.top_nodes].sum(axis=1)

    # the published base: the sum of the published top-tier nodes, whose leaves are
    # rounded half up (so published parents add up); rules and ranks use it
    if policy.kind == "redistribute" and given is not None:
        # each top-tier node's published contribution to the total (a leaf in the top
        # tier counts scaled to the total, as the exact base does)
        pub_base = cents(contribution, precision).sum(axis=1) / 10.0**precision
    elif tree is None:
        # parents publish as the exact sums of their children's cents, so the
        # published base is the sum of every published leaf, without the node matrix
        pub_base = pub_cents if given is None else leaf_cents_sum(leaf_pts, precision)
        pub_base /= 10.0**precision
    else:
        pub_base = published_base(
            compiled, published_sums(compiled, leaf_pts, precision, tree), precision
        )
    exact_tree = tree
    state = RuleState.start(
        base,
        data.units.group_array,
        data.units.id_array,
        sch.total_points,
        sch.scoring.precision,
        compiled.within_groups,
        published_base=pub_base,
        nodes=_NodeView(compiled, tree, leaf_pts),
        published_nodes=_NodeView(
            compiled,
            None,
            leaf_pts,
            lambda: published_sums(compiled, leaf_pts, precision, exact_tree),
        ),
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
