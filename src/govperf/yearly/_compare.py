"""Two years side by side, also when the scheme changed between them.

Nodes are matched by id.  A node only in the later scheme is *added*, one only in
the earlier *removed*; a node in both whose points (its maximum, for any unit group)
changed is *re-weighted*, as is one whose parent changed (*moved*).  Every unit's
points on every node of either year are compared by **share of the maximum**
(points ÷ maximum points), which stays comparable when the points change; where the
maximum did not change the points are compared too.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from attrs import asdict, frozen

from .._labels import label
from ._years import Year

if TYPE_CHECKING:
    import pandas

    from ..scheme._model import Node, Scheme

__all__ = ["NodeChangeKind", "NodeShift", "SchemeChange", "UnitShift", "YearComparison", "compare"]

NodeChangeKind = Literal["added", "removed", "reweighted", "moved", "renamed"]

TOL = 1e-9


@frozen(kw_only=True)
class SchemeChange:
    """One node that differs between the two schemes."""

    node: str
    name: str
    kind: NodeChangeKind
    points: tuple[float | None, float | None]
    """The node's points in the earlier and the later scheme (``None``: absent, or pooled)."""
    weight: tuple[float | None, float | None]
    """Its weight in its parent (points ÷ parent's points), earlier and later."""
    parent: tuple[str | None, str | None]
    name_en: str | None = None


@frozen(kw_only=True)
class NodeShift:
    """One unit on one node in both years: points, maxima and shares of the maximum."""

    unit: str
    node: str
    name: str
    points: tuple[float, float]
    """Published points, earlier and later (NaN where the node or the unit is absent)."""
    max_points: tuple[float, float]
    share: tuple[float, float]
    status: Literal["same", "added", "removed", "reweighted", "moved"]
    name_en: str | None = None

    @property
    def change(self) -> float:
        """Later share − earlier share (NaN if either is absent)."""
        return self.share[1] - self.share[0]

    @property
    def points_change(self) -> float:
        """Later points − earlier points, where the maximum is the same (else NaN)."""
        if abs(self.max_points[0] - self.max_points[1]) > TOL:
            return math.nan
        return self.points[1] - self.points[0]


@frozen(kw_only=True)
class UnitShift:
    """One unit's total, rank, grade and award eligibility in both years."""

    unit: str
    name: str
    total: tuple[float, float]
    total_share: tuple[float, float]
    """The total ÷ the scheme's total points, earlier and later."""
    rank: tuple[int | None, int | None]
    grade: tuple[str | None, str | None]
    award_eligible: tuple[bool | None, bool | None]

    @property
    def change(self) -> float:
        """Later total share − earlier total share."""
        return self.total_share[1] - self.total_share[0]


@frozen(kw_only=True)
class YearComparison:
    """Two years compared: scheme changes, units' totals, every unit on every node."""

    before: str
    after: str
    scheme_changes: tuple[SchemeChange, ...]
    units: tuple[UnitShift, ...]
    """The units of both years, in the later year's ranking order."""
    nodes: tuple[NodeShift, ...]
    """Every unit of both years on every node of either scheme."""
    only_before: tuple[str, ...]
    """Units scored only in the earlier year."""
    only_after: tuple[str, ...]
    precision: int = 2

    def unit(self, unit: str) -> UnitShift:
        """One unit's totals (:class:`KeyError` if it is not in both years)."""
        for row in self.units:
            if row.unit == unit:
                return row
        raise KeyError(f"unit {unit!r} is not in both years")

    def node(self, unit: str, node: str) -> NodeShift:
        """One unit on one node (:class:`KeyError` if neither scheme has the node)."""
        for row in self.nodes:
            if row.unit == unit and row.node == node:
                return row
        raise KeyError(f"no node {node!r} for unit {unit!r}")

    def changes(self, kind: NodeChangeKind) -> tuple[str, ...]:
        """The ids of the nodes changed in one way (``"added"``, ``"reweighted"``, …)."""
        return tuple(c.node for c in self.scheme_changes if c.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-serialisable data (NaN as ``None``)."""

        def plain(value: Any) -> Any:
            if isinstance(value, float) and math.isnan(value):
                return None
            if isinstance(value, tuple):
                return [plain(v) for v in value]
            return value

        def rows(items: tuple[Any, ...], extra: tuple[str, ...] = ()) -> list[dict[str, Any]]:
            out = []
            for item in items:
                d = {k: plain(v) for k, v in asdict(item, recurse=False).items()}
                d.update({k: plain(getattr(item, k)) for k in extra})
                out.append(d)
            return out

        return {
            "before": self.before,
            "after": self.after,
            "scheme_changes": rows(self.scheme_changes),
            "units": rows(self.units, ("change",)),
            "nodes": rows(self.nodes, ("change", "points_change")),
            "only_before": list(self.only_before),
            "only_after": list(self.only_after),
        }

    def to_frame(self) -> pandas.DataFrame:
        """Every unit on every node as a DataFrame (needs pandas): one row per pair."""
        import pandas as pd

        frame: pandas.DataFrame = pd.DataFrame(self.to_dict()["nodes"])
        return frame

    def to_text(self, lang: str = "zh", *, unit: str | None = None) -> str:
        """The comparison as text: scheme changes, then the units (or one unit's nodes)."""
        from ..output._text import format_table

        p = self.precision
        lines = [label("compare.title", lang, before=self.before, after=self.after), ""]
        lines.append(label("compare.scheme_changes", lang))
        if not self.scheme_changes:
            lines.append("  " + label("compare.no_scheme_change", lang))
        for c in self.scheme_changes:
            name = c.name_en if lang == "en" and c.name_en else c.name
            what = label(f"compare.kind.{c.kind}", lang)
            a, b = (_num(x, p) for x in c.points)
            detail = (
                f"{a} → {b}"
                if c.kind in ("reweighted", "moved")
                else (b if c.kind == "added" else a)
            )
            lines.append(f"  - {what}: {name} [{c.node}] {detail}")
        lines.append("")
        if unit is None:
            keys: tuple[str, ...] = ("unit", "name", "total", "share", "change", "rank", "grade")
            rows = [[label(f"compare.col_{k}", lang) for k in keys]]
            for u in self.units:
                rows.append(
                    [
                        u.unit,
                        u.name,
                        f"{_num(u.total[0], p)} → {_num(u.total[1], p)}",
                        f"{_pct(u.total_share[0])} → {_pct(u.total_share[1])}",
                        _pp(u.change, lang),
                        f"{_opt(u.rank[0])} → {_opt(u.rank[1])}",
                        f"{_opt(u.grade[0])} → {_opt(u.grade[1])}",
                    ]
                )
            lines += format_table(rows, [False, False, True, True, True, False, False])
        else:
            keys = ("node", "node_name", "points", "share", "change", "status")
            rows = [[label(f"compare.col_{k}", lang) for k in keys]]
            for n in self.nodes:
                if n.unit != unit:
                    continue
                rows.append(
                    [
                        n.node,
                        n.name_en if lang == "en" and n.name_en else n.name,
                        f"{_num(n.points[0], p)}/{_num(n.max_points[0], p)} → "
                        f"{_num(n.points[1], p)}/{_num(n.max_points[1], p)}",
                        f"{_pct(n.share[0])} → {_pct(n.share[1])}",
                        _pp(n.change, lang),
                        label(f"compare.status.{n.status}", lang),
                    ]
                )
            lines += format_table(rows, [False, False, True, True, True, False])
        if self.only_before or self.only_after:
            lines.append("")
            if self.only_before:
                lines.append(label("compare.only_before", lang, units=", ".join(self.only_before)))
            if self.only_after:
                lines.append(label("compare.only_after", lang, units=", ".join(self.only_after)))
        return "\n".join(lines)


def _num(value: float | None, p: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{p}f}"


def _pct(share: float) -> str:
    return "-" if math.isnan(share) else f"{share * 100:.1f}%"


def _pp(change: float, lang: str) -> str:
    if math.isnan(change):
        return "-"
    return label("compare.pp", lang, value=f"{change * 100:+.1f}")


def _opt(value: object) -> str:
    return "-" if value is None else str(value)


def _reweighted(earlier: Scheme, a: Node, later: Scheme, b: Node) -> bool:
    """Whether the node's points changed: overall, or for a unit group in both schemes."""
    if a.points != b.points:
        return True
    common = {g.id for g in earlier.groups} & {g.id for g in later.groups}
    return any(a.points_for(g) != b.points_for(g) for g in sorted(common))


def _parent(scheme: Scheme, node_id: str) -> str | None:
    parent = scheme.parent(node_id)
    return None if parent is None else parent.id


def scheme_changes(earlier: Scheme, later: Scheme) -> tuple[SchemeChange, ...]:
    """The nodes added, removed, re-weighted, moved or renamed from ``earlier`` to ``later``.

    In the later scheme's tree order, then the removed nodes in the earlier one's.
    A node whose points and parent both changed is reported as re-weighted.
    """
    old = {n.id: n for n in earlier.iter_nodes()}
    new = {n.id: n for n in later.iter_nodes()}
    out: list[SchemeChange] = []

    def change(node: Node, kind: NodeChangeKind) -> SchemeChange:
        a = old.get(node.id)
        b = new.get(node.id)
        return SchemeChange(
            node=node.id,
            name=node.name,
            name_en=node.name_en,
            kind=kind,
            points=(a.points if a else None, b.points if b else None),
            weight=(
                earlier.weight(node.id) if a else None,
                later.weight(node.id) if b else None,
            ),
            parent=(
                _parent(earlier, node.id) if a else None,
                _parent(later, node.id) if b else None,
            ),
        )

    for node_id, node in new.items():
        before = old.get(node_id)
        if before is None:
            out.append(change(node, "added"))
        elif _reweighted(earlier, before, later, node):
            out.append(change(node, "reweighted"))
        elif _parent(earlier, node_id) != _parent(later, node_id):
            out.append(change(node, "moved"))
        elif before.name != node.name:
            out.append(change(node, "renamed"))
    for node_id, node in old.items():
        if node_id not in new:
            out.append(change(node, "removed"))
    return tuple(out)


def _node_ids(earlier: Scheme, later: Scheme) -> Iterator[tuple[str, Node]]:
    seen: set[str] = set()
    for node in later.iter_nodes():
        seen.add(node.id)
        yield node.id, node
    for node in earlier.iter_nodes():
        if node.id not in seen:
            yield node.id, node


def compare(before: Year, after: Year) -> YearComparison:
    """Compare two years (the earlier first), whether or not the scheme changed.

    See the module docstring: scheme changes by node id, every unit's totals, and every
    unit on every node of either scheme by share of the maximum.  Units scored in one
    year only are listed apart.
    """
    ra, rb = before.results, after.results
    changes = scheme_changes(ra.scheme, rb.scheme)
    status: dict[str, Any] = {c.node: c.kind for c in changes}
    units_a, units_b = set(ra.units), set(rb.units)
    common = [u for u in rb.units if u in units_a]
    order = {r.unit: k for k, r in enumerate(rb.ranking())}
    common.sort(key=lambda u: order[u])
    unit_rows: list[UnitShift] = []
    node_rows: list[NodeShift] = []
    for uid in common:
        a, b = ra.unit(uid), rb.unit(uid)
        unit_rows.append(
            UnitShift(
                unit=uid,
                name=b.name,
                total=(a.total, b.total),
                total_share=(before.share(None, uid), after.share(None, uid)),
                rank=(a.rank, b.rank),
                grade=(a.grade, b.grade),
                award_eligible=(a.award_eligible, b.award_eligible),
            )
        )
        for node_id, node in _node_ids(ra.scheme, rb.scheme):
            pa, ma = before.figures(node_id, uid)
            pb, mb = after.figures(node_id, uid)
            kind = status.get(node_id, "same")
            node_rows.append(
                NodeShift(
                    unit=uid,
                    node=node_id,
                    name=node.name,
                    name_en=node.name_en,
                    points=(pa, pb),
                    max_points=(ma, mb),
                    share=(before.share(node_id, uid), after.share(node_id, uid)),
                    status="same" if kind == "renamed" else kind,
                )
            )
    return YearComparison(
        before=before.label,
        after=after.label,
        scheme_changes=changes,
        units=tuple(unit_rows),
        nodes=tuple(node_rows),
        only_before=tuple(u for u in ra.units if u not in units_b),
        only_after=tuple(u for u in rb.units if u not in units_a),
        precision=rb.precision,
    )
