"""Check a task book against a scheme (``govperf taskbook check``).

Every problem at once, each at the task's or split's file and line:

- a task's node is a node of the scheme whose evaluator scores tasks (it reads
  ``task``, ``target`` and ``challenge``: ``target_challenge``);
- a task's assessor is one of its node's assessors;
- a split is for a child of a pooled node;
- every unit has a split for every child of every pooled node, and each unit's split
  adds up to the pooled node's points (for the unit's group);
- every unit has at least one task on every node that scores tasks (unless its split
  gives that node 0 points);
- with a list of units, every unit the book names is one of them.

Unknown units, nodes and assessors are reported with the nearest known name.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence

from .._labels import Lang, label
from ..data._data import Units
from ..exceptions import Problem
from ..scheme._model import Node, Scheme
from ..scoring._compile import compile_scheme
from ._model import TaskBook

__all__ = ["check_taskbook", "task_nodes"]

_TASK_COLUMNS = frozenset({"task", "target", "challenge"})


def task_nodes(scheme: Scheme) -> tuple[str, ...]:
    """The ids of the scheme's leaves whose evaluator scores tasks, in tree order."""
    compiled = compile_scheme(scheme)
    return tuple(
        leaf.sub.id for leaf in compiled.leaves if set(leaf.plugin.columns) >= _TASK_COLUMNS
    )


def _at(origin: str | None) -> tuple[str | None, int | None]:
    """``file.csv:12`` → ``("file.csv", 12)``."""
    if origin is None:
        return None, None
    file, _, line = origin.rpartition(":")
    return (file, int(line)) if line.isdigit() and file else (origin, None)


def _hint(name: str, known: Sequence[str], lang: Lang) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return label("taskbook.did_you_mean", lang, name=close[0]) if close else ""


def check_taskbook(
    scheme: Scheme,
    book: TaskBook,
    units: Units | Sequence[str] | None = None,
    *,
    lang: Lang = "zh",
) -> list[Problem]:
    """Every problem of ``book`` for ``scheme`` (an empty list when it fits).

    ``units`` (a :class:`~govperf.Units`, e.g. from :func:`govperf.io.read_units`, or unit
    ids) is the year's list of units; without it, the units the book names are checked.
    With unit groups, a unit's pooled points are those of its group.
    """
    problems: list[Problem] = []

    def add(
        origin: str | None,
        key: str,
        code: str,
        *,
        unit: str | None = None,
        node: str | None = None,
        **values: object,
    ) -> None:
        file, line = _at(origin)
        problems.append(
            Problem(
                message=label(f"taskbook.{key}", lang, **values),
                file=file or book.source,
                line=line,
                code=code,
                unit=unit,
                node=node,
            )
        )

    groups: dict[str, str | None]
    if units is None:
        ids: tuple[str, ...] = book.units
        groups = {}
    elif isinstance(units, Units):
        ids = units.ids
        groups = dict(zip(units.ids, units.groups, strict=True))
    else:
        ids = tuple(units)
        groups = {}
    known_units = set(ids)
    scoring_tasks = task_nodes(scheme)
    leaves = {leaf.id for leaf in scheme.leaves}
    pools: list[Node] = [n for n in scheme.iter_nodes() if n.pooled]
    pooled_children = {c.id: pool for pool in pools for c in pool.children}

    unknown_reported: set[str] = set()

    def check_unit(uid: str, origin: str | None) -> None:
        if units is not None and uid not in known_units and uid not in unknown_reported:
            unknown_reported.add(uid)
            add(
                origin, "unknown_unit", "unknown-unit", unit=uid, id=uid, hint=_hint(uid, ids, lang)
            )

    for task in book.tasks:
        check_unit(task.unit, task.origin)
        if task.node not in leaves:
            hint = _hint(task.node, scoring_tasks or sorted(leaves), lang)
            add(
                task.origin,
                "unknown_node",
                "unknown-id",
                unit=task.unit,
                node=task.node,
                id=task.node,
                hint=hint,
            )
            continue
        node = scheme.node(task.node)
        if task.node not in scoring_tasks:
            kind = node.evaluator.kind if node.evaluator is not None else "-"
            add(
                task.origin,
                "not_a_task_node",
                "not-a-task-node",
                unit=task.unit,
                node=task.node,
                id=task.node,
                name=node.name,
                kind=kind,
                nodes=label("list_sep", lang).join(scoring_tasks) or "-",
            )
            continue
        names = [a.name for a in node.assessors]
        if task.assessor is not None and names and task.assessor not in names:
            add(
                task.origin,
                "unknown_assessor",
                "unknown-assessor",
                unit=task.unit,
                node=task.node,
                assessor=task.assessor,
                name=node.name,
                known=label("list_sep", lang).join(names),
                hint=_hint(task.assessor, names, lang),
            )
    for split in book.splits:
        check_unit(split.unit, split.origin)
        if split.node not in pooled_children:
            hint = _hint(split.node, sorted(pooled_children), lang)
            add(
                split.origin,
                "not_pooled",
                "invalid-split",
                unit=split.unit,
                node=split.node,
                id=split.node,
                hint=hint,
            )

    # per unit: every pooled child split, the split adding up, tasks on every task node
    for uid in ids:
        group = groups.get(uid)
        for pool in pools:
            total = pool.points_for(group)
            given = {c.id: book.split(uid, c.id) for c in pool.children}
            lacking = [cid for cid, pts in given.items() if pts is None]
            if lacking:
                add(
                    None,
                    "missing_split",
                    "missing-split",
                    unit=uid,
                    node=pool.id,
                    unit_id=uid,
                    children=label("list_sep", lang).join(lacking),
                    name=pool.name,
                    id=pool.id,
                )
                continue
            sums = math.fsum(p for p in given.values() if p is not None)
            if total is not None and not math.isclose(sums, total, rel_tol=0.0, abs_tol=1e-6):
                first = next(s for s in book.splits if s.unit == uid and s.node in given)
                parts = label("list_sep", lang).join(f"{cid} {p:g}" for cid, p in given.items())
                add(
                    first.origin,
                    "split_sum",
                    "split-sum",
                    unit=uid,
                    node=pool.id,
                    unit_id=uid,
                    name=pool.name,
                    id=pool.id,
                    sum=f"{sums:g}",
                    parts=parts,
                    total=f"{total:g}",
                )
        for nid in scoring_tasks:
            if book.split(uid, nid) == 0:
                continue
            if not book.tasks_of(uid, nid):
                node = scheme.node(nid)
                add(
                    None,
                    "no_tasks",
                    "missing-task",
                    unit=uid,
                    node=nid,
                    unit_id=uid,
                    name=node.name,
                    id=nid,
                )
    return problems
