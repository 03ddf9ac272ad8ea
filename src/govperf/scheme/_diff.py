"""What changed between two schemes (``govperf diff A B``), node by node and rule by rule.

Nodes and rules are matched by id.  A node is **added** or **removed**; a node in both
may have changed its **points** (or a group's points), its **parent** (moved), its
**name**, its scoring method (**evaluator**: kind or parameters), its **assessors**,
or whether it is **pooled**.  Its weight (points ÷ parent's points) is given before and
after.  Rules are
added, removed or changed (kind, parameters, name).  The scheme's own facts (title,
total points, tiers, unit groups) are compared too.

The diff is data (:class:`SchemeDiff`); :func:`govperf.report.render_diff` writes it for
a leading group (text, Markdown, HTML), ``to_dict`` as JSON.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

from attrs import frozen

from ._model import EvaluatorSpec, Node, RuleSpec, Scheme

__all__ = ["FactChange", "NodeChange", "RuleChange", "SchemeDiff", "scheme_diff"]

NodeChangeKind = Literal[
    "added", "removed", "points", "moved", "renamed", "evaluator", "assessors", "pooled"
]


@frozen(kw_only=True)
class NodeChange:
    """One node that differs: how, and its figures in both schemes."""

    node: str
    name: str
    """The node's name in the later scheme (the earlier one's if it was removed)."""
    kinds: tuple[NodeChangeKind, ...]
    points: tuple[float | None, float | None]
    """Its points before and after (``None``: absent, or the child of a pool)."""
    weight: tuple[float | None, float | None]
    """Its weight in its parent before and after."""
    parent: tuple[str | None, str | None]
    """Its parent's id before and after (``None``: top tier, or absent)."""
    parent_names: tuple[str | None, str | None]
    """Its parent's name before and after."""
    names: tuple[str | None, str | None]
    group_points: Mapping[str, tuple[float | None, float | None]]
    """Per unit group whose points for the node changed: before and after."""
    evaluator: tuple[str | None, str | None]
    """The scoring method before and after, as ``kind(param=value, …)``."""
    assessors: tuple[tuple[str, ...], tuple[str, ...]]
    depth: int
    """Its depth in the later scheme (the earlier one's if removed)."""


@frozen(kw_only=True)
class RuleChange:
    """One rule added, removed or changed."""

    rule: str
    name: str
    kind: Literal["added", "removed", "changed"]
    before: str | None
    """The rule as ``kind(param=value, …)`` before (``None``: absent)."""
    after: str | None
    changed: tuple[str, ...] = ()
    """What changed of a rule in both: ``kind``, ``name``, and parameter names."""


@frozen(kw_only=True)
class FactChange:
    """A fact of the scheme that changed (title, total points, tiers, unit groups)."""

    fact: Literal["id", "title", "total_points", "tiers", "groups"]
    before: str
    after: str


@frozen(kw_only=True)
class SchemeDiff:
    """Everything that differs from ``before`` to ``after`` (:func:`scheme_diff`)."""

    before: str
    """The earlier scheme's id."""
    after: str
    before_title: str
    after_title: str
    facts: tuple[FactChange, ...]
    nodes: tuple[NodeChange, ...]
    rules: tuple[RuleChange, ...]

    @property
    def empty(self) -> bool:
        """True when the two schemes have nothing that differs."""
        return not (self.facts or self.nodes or self.rules)

    def of_kind(self, kind: NodeChangeKind) -> tuple[NodeChange, ...]:
        """The node changes that include ``kind``."""
        return tuple(c for c in self.nodes if kind in c.kinds)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data."""
        return {
            "before": self.before,
            "after": self.after,
            "facts": [{"fact": f.fact, "before": f.before, "after": f.after} for f in self.facts],
            "nodes": [
                {
                    "node": c.node,
                    "name": c.name,
                    "kinds": list(c.kinds),
                    "points": list(c.points),
                    "weight": list(c.weight),
                    "parent": list(c.parent),
                    "names": list(c.names),
                    "group_points": {g: list(v) for g, v in c.group_points.items()},
                    "evaluator": list(c.evaluator),
                    "assessors": [list(c.assessors[0]), list(c.assessors[1])],
                }
                for c in self.nodes
            ],
            "rules": [
                {
                    "rule": r.rule,
                    "name": r.name,
                    "kind": r.kind,
                    "before": r.before,
                    "after": r.after,
                    "changed": list(r.changed),
                }
                for r in self.rules
            ],
        }


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def _call(kind: str, params: Mapping[str, Any]) -> str:
    inner = ", ".join(f"{k}={_value(v)}" for k, v in params.items())
    return f"{kind}({inner})"


def _method(spec: EvaluatorSpec | None) -> str | None:
    return None if spec is None else _call(spec.kind, spec.params)


def _rule(spec: RuleSpec) -> str:
    return _call(spec.kind, spec.params)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=0.0, abs_tol=1e-9)


def _parent(scheme: Scheme, node_id: str) -> str | None:
    parent = scheme.parent(node_id)
    return None if parent is None else parent.id


def _parent_name(scheme: Scheme, node: Node | None) -> str | None:
    if node is None:
        return None
    parent = scheme.parent(node.id)
    return None if parent is None else parent.name


def _node_change(a: Scheme, b: Scheme, old: Node | None, new: Node | None) -> NodeChange | None:
    node = new or old
    assert node is not None
    kinds: list[NodeChangeKind] = []
    groups: dict[str, tuple[float | None, float | None]] = {}
    if old is None:
        kinds.append("added")
    elif new is None:
        kinds.append("removed")
    else:
        common = sorted({g.id for g in a.groups} | {g.id for g in b.groups})
        for gid in common:
            before, after = old.points_for(gid), new.points_for(gid)
            given = gid in old.points_by_group or gid in new.points_by_group
            if given and not _same(before, after):
                groups[gid] = (before, after)
        if not _same(old.points, new.points) or groups:
            kinds.append("points")
        if _parent(a, old.id) != _parent(b, new.id):
            kinds.append("moved")
        if old.name != new.name:
            kinds.append("renamed")
        if _method(old.evaluator) != _method(new.evaluator):
            kinds.append("evaluator")
        if tuple(x.name for x in old.assessors) != tuple(x.name for x in new.assessors):
            kinds.append("assessors")
        if old.pooled != new.pooled:
            kinds.append("pooled")
    weight = (
        a.weight(old.id) if old is not None else None,
        b.weight(new.id) if new is not None else None,
    )
    if not kinds:
        return None
    return NodeChange(
        node=node.id,
        name=node.name,
        kinds=tuple(kinds),
        points=(old.points if old else None, new.points if new else None),
        weight=weight,
        parent=(
            _parent(a, old.id) if old is not None else None,
            _parent(b, new.id) if new is not None else None,
        ),
        parent_names=(_parent_name(a, old), _parent_name(b, new)),
        names=(old.name if old else None, new.name if new else None),
        group_points=groups,
        evaluator=(
            _method(old.evaluator) if old is not None else None,
            _method(new.evaluator) if new is not None else None,
        ),
        assessors=(
            tuple(x.name for x in old.assessors) if old is not None else (),
            tuple(x.name for x in new.assessors) if new is not None else (),
        ),
        depth=(b.depth(new.id) if new is not None else a.depth(node.id)),
    )


def scheme_diff(before: Scheme, after: Scheme) -> SchemeDiff:
    """What changed from ``before`` to ``after``: facts, nodes (by id) and rules (by id).

    Nodes come in the later scheme's tree order, then the removed ones in the earlier
    one's; rules likewise.
    """
    facts: list[FactChange] = []
    pairs: list[tuple[Literal["id", "title", "total_points", "tiers", "groups"], str, str]] = [
        ("id", before.id, after.id),
        ("title", before.title, after.title),
        ("total_points", f"{before.total_points:g}", f"{after.total_points:g}"),
        (
            "tiers",
            " > ".join(t.name for t in before.tiers),
            " > ".join(t.name for t in after.tiers),
        ),
        (
            "groups",
            ", ".join(f"{g.name} [{g.id}]" for g in before.groups) or "-",
            ", ".join(f"{g.name} [{g.id}]" for g in after.groups) or "-",
        ),
    ]
    facts = [FactChange(fact=k, before=x, after=y) for k, x, y in pairs if x != y]
    old = {n.id: n for n in before.iter_nodes()}
    new = {n.id: n for n in after.iter_nodes()}
    nodes: list[NodeChange] = []
    for nid, node in new.items():
        change = _node_change(before, after, old.get(nid), node)
        if change is not None:
            nodes.append(change)
    for nid, node in old.items():
        if nid not in new:
            change = _node_change(before, after, node, None)
            assert change is not None
            nodes.append(change)
    old_rules = {r.id: r for r in before.rules}
    new_rules = {r.id: r for r in after.rules}
    rules: list[RuleChange] = []
    for rid, rule in new_rules.items():
        prior = old_rules.get(rid)
        if prior is None:
            rules.append(
                RuleChange(rule=rid, name=rule.name, kind="added", before=None, after=_rule(rule))
            )
            continue
        changed = [k for k in ("kind", "name") if getattr(prior, k) != getattr(rule, k)]
        keys = list(dict.fromkeys([*prior.params, *rule.params]))
        changed += [k for k in keys if prior.params.get(k) != rule.params.get(k)]
        if changed:
            rules.append(
                RuleChange(
                    rule=rid,
                    name=rule.name,
                    kind="changed",
                    before=_rule(prior),
                    after=_rule(rule),
                    changed=tuple(changed),
                )
            )
    for rid, rule in old_rules.items():
        if rid not in new_rules:
            rules.append(
                RuleChange(rule=rid, name=rule.name, kind="removed", before=_rule(rule), after=None)
            )
    return SchemeDiff(
        before=before.id,
        after=after.id,
        before_title=before.title,
        after_title=after.title,
        facts=tuple(facts),
        nodes=tuple(nodes),
        rules=tuple(rules),
    )
