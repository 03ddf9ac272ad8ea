"""Hypothesis strategies that build valid :class:`govperf.Scheme` objects, and test data.

Leaf points are drawn as multiples of 0.5 (exact in binary, so sums are exact) and
summed upward: every indicator, level and the scheme total add up by construction.
Some indicators are pooled (their sub-indicators carry no points).  Names are
Chinese; other text mixes in strings that YAML would read as something else
(``yes``, ``null``, dates, ``#`` …) to exercise the dumper's quoting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs
from hypothesis import strategies as st

from govperf import (
    Assessor,
    EvaluatorSpec,
    Indicator,
    Level,
    Metadata,
    Node,
    RuleSpec,
    Scheme,
    Scoring,
    SubIndicator,
    Tier,
    UnitGroup,
)

__all__ = ["Evaluation", "Leaf", "evaluations", "point_sets", "schemes", "tree_schemes"]

MARKER = "△"

_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_punct = st.sampled_from(list("“”〔〕、,。:()《》"))
chinese = st.text(alphabet=st.one_of(_cjk, _cjk, _cjk, _punct), min_size=1, max_size=10)
"""Chinese names: mostly CJK ideographs, some full-width punctuation."""

_tricky = st.sampled_from(
    [
        "yes",
        "no",
        "on",
        "null",
        "~",
        "true",
        "2013-06-21",
        "1e3",
        "0x1F",
        "12",
        "- a",
        "a: b",
        "#c",
        "'",
        '"',
        "@x",
        "%x",
        "!x",
        "&a",
        "*a",
        "[",
        "{",
        " lead",
        "trail ",
        "x\ny",
        "多行\n文本\n",
        "西城区 “5+2”机构",
    ]
)
_ascii = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20)
text = st.one_of(chinese, _tricky, _ascii.filter(bool))
"""Free text (content, notes, English names)."""


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


assessors = st.lists(
    st.builds(Assessor, name=chinese, name_en=_opt(text), role=_opt(text)), max_size=2
)
half_points = st.integers(min_value=1, max_value=40).map(lambda k: k / 2)


@st.composite
def schemes(draw: st.DrawFn) -> Scheme:
    """A valid scheme: 1-3 levels, 1-3 indicators each, 1-3 sub-indicators each."""
    shape = draw(
        st.lists(
            st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=3),
            min_size=1,
            max_size=3,
        )
    )
    n_nodes = sum(1 + len(inds) + sum(inds) for inds in shape)
    n_rules = draw(st.integers(min_value=0, max_value=2))
    ids = iter(
        draw(
            st.lists(
                st.from_regex(r"[a-z][a-z0-9_\-]{0,7}", fullmatch=True),
                min_size=n_nodes + n_rules + 1,
                max_size=n_nodes + n_rules + 1,
                unique=True,
            )
        )
    )
    use_marker = draw(st.booleans())
    levels = []
    for inds in shape:
        level_id = next(ids)
        indicators = []
        for n_subs in inds:
            ind_id = next(ids)
            pooled = draw(st.booleans()) and n_subs > 1
            subs = [
                SubIndicator(
                    id=next(ids),
                    name=draw(chinese),
                    name_en=draw(_opt(text)),
                    points=None if pooled else draw(half_points),
                    marker=MARKER if use_marker and draw(st.booleans()) else None,
                    content=draw(_opt(text)),
                    assessors=draw(assessors),
                    note=draw(_opt(text)),
                )
                for _ in range(n_subs)
            ]
            points = (
                draw(half_points) if pooled else sum(s.points for s in subs if s.points is not None)
            )
            indicators.append(
                Indicator(
                    id=ind_id,
                    name=draw(chinese),
                    name_en=draw(_opt(text)),
                    points=points,
                    pooled=pooled,
                    note=draw(_opt(text)),
                    sub_indicators=subs,
                )
            )
        levels.append(
            Level(
                id=level_id,
                name=draw(chinese),
                name_en=draw(_opt(text)),
                points=sum(i.points for i in indicators),
                note=draw(_opt(text)),
                indicators=indicators,
            )
        )
    rules = []
    for i in range(n_rules):
        if i == 0:
            params: dict[str, Any] = {"cap": draw(half_points)}
            kind = "bonus"
        else:
            params = {
                "effect": draw(st.sampled_from(["exclude_from_awards", "zero_total"])),
                "open_triggers": True,
            }
            kind = "veto"
        rules.append(
            RuleSpec(
                id=next(ids),
                name=draw(chinese),
                kind=kind,
                content=draw(_opt(text)),
                assessors=draw(assessors),
                params=params,
            )
        )
    scheme_id = next(ids)
    node_ids = [n.id for n in Scheme(id="x", title="x", total_points=1, levels=levels).iter_nodes()]
    dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
    return Scheme(
        id=scheme_id,
        title=draw(chinese),
        title_en=draw(_opt(text)),
        total_points=sum(level.points for level in levels),
        metadata=Metadata(
            jurisdiction=draw(_opt(chinese)),
            document_number=draw(_opt(text)),
            issue_date=draw(_opt(dates)),
            notes=draw(st.lists(text, max_size=2)),
        ),
        markers={MARKER: draw(chinese)} if use_marker else {},
        scoring=Scoring(
            precision=draw(st.integers(min_value=0, max_value=6)),
            tie_break=draw(st.lists(st.sampled_from(node_ids), max_size=2, unique=True)),
        ),
        levels=levels,
        rules=rules,
    )


# -- evaluations: a scheme with evaluators and rules, and one year's data for it -------

_SURVEY_CATEGORIES = [
    {"id": "sat", "weight": 1},
    {"id": "fair", "weight": 0.5},
    {"id": "dis", "weight": 0},
    {"id": "unk", "abstain": True},
]
_EVALUATORS: dict[str, dict[str, Any]] = {
    "direct": {"kind": "direct"},
    "direct100": {"kind": "direct", "params": {"scale": 100}},
    "raters": {"kind": "raters", "params": {"combine": "mean", "scale": 100}},
    "median": {"kind": "raters", "params": {"combine": "median", "scale": 100}},
    "survey": {"kind": "survey", "params": {"categories": _SURVEY_CATEGORIES}},
    "bands": {
        "kind": "bands",
        "params": {
            "bands": [
                {"min": 90, "share": 1},
                {"min": 60, "max": 90, "share": 0.5},
                {"min": 0, "max": 60, "share": 0},
            ]
        },
    },
}
"""Evaluator forms a leaf may take (bands: 90 and over full points, [60, 90) half, else 0)."""


@attrs.frozen
class Leaf:
    """A leaf of an :class:`Evaluation` and the rows each unit gives it."""

    id: str
    form: str
    """A key of ``_EVALUATORS``."""
    parent: str | None
    """The parent node's id (``None`` for a top-tier leaf)."""
    points: float | None
    """``None`` for the leaf of a pool (its points are each unit's split)."""
    rows: Mapping[str, tuple[Mapping[str, Any], ...]]
    """Per unit id, the unit's rows (without the ``unit`` column); absent = missing."""
    points_by_group: Mapping[str, float] = attrs.field(factory=dict)
    """The leaf's points for the units of a group, where they differ."""

    @property
    def pooled(self) -> bool:
        return self.points is None

    def points_for(self, group: str | None) -> float | None:
        """The leaf's points for a unit of ``group`` (``None`` for a pool's leaf)."""
        if group is not None and group in self.points_by_group:
            return self.points_by_group[group]
        return self.points


_CHILD_KEYS = ("nodes", "children", "levels", "indicators", "sub_indicators")


def _repoint(node: Mapping[str, Any], points: Mapping[str, float]) -> dict[str, Any]:
    """A copy of a scheme or node dict whose leaves listed in ``points`` have new points."""
    out = dict(node)
    if out.get("id") in points:
        out["points"] = points[out["id"]]
    for key in _CHILD_KEYS:
        if key in out:
            out[key] = [_repoint(child, points) for child in out[key]]
    return out


@attrs.frozen
class Evaluation:
    """A valid scheme (as plain data), its units and their data, and a missing policy.

    :meth:`data` gives the tidy form (lists of rows with a ``unit``), :meth:`dense` the
    form of one row per unit in unit order (only where :attr:`dense_able`),
    :meth:`permuted` the same evaluation with units and rows in another order, and
    :meth:`repointed` the evaluation of the same performance under other leaf points.
    """

    scheme_dict: Mapping[str, Any]
    units: tuple[str, ...]
    leaves: tuple[Leaf, ...]
    splits: Mapping[str, Mapping[str, float]]
    """Per unit, per pooled leaf, its share of the pool's points."""
    events: Mapping[str, tuple[Mapping[str, Any], ...]]
    missing: str
    groups: Mapping[str, str] = attrs.field(factory=dict)
    """Per unit id, its unit group, when the scheme declares groups (else empty)."""

    @property
    def scheme(self) -> Scheme:
        from govperf import scheme_from_dict

        return scheme_from_dict(dict(self.scheme_dict))

    @property
    def dense_able(self) -> bool:
        """Every unit gives every leaf exactly one row (no missing pair, one rater)."""
        return all(
            len(leaf.rows.get(u, ())) == 1 and leaf.form != "survey"
            for leaf in self.leaves
            for u in self.units
        )

    def data(self) -> dict[str, Any]:
        """The tidy form: every table a list of rows naming their unit."""
        out: dict[str, Any] = {
            "units": [
                {"id": u, "name": f"单位{u}", **({"group": self.groups[u]} if self.groups else {})}
                for u in self.units
            ],
            "records": {
                leaf.id: [{"unit": u, **row} for u in self.units for row in leaf.rows.get(u, ())]
                for leaf in self.leaves
            },
            "events": {rule: [dict(e) for e in rows] for rule, rows in self.events.items()},
        }
        if self.splits:
            out["splits"] = [
                {"unit": u, "sub_indicator": sub, "points": pts}
                for u in self.units
                for sub, pts in self.splits[u].items()
            ]
        return out

    def dense(self) -> dict[str, Any]:
        """The dense form: columns with one value per unit, in unit order, and no unit."""
        assert self.dense_able
        out = self.data()
        out["records"] = {
            leaf.id: {
                col: [leaf.rows[u][0][col] for u in self.units]
                for col in leaf.rows[self.units[0]][0]
            }
            for leaf in self.leaves
        }
        if self.splits:
            subs = list(self.splits[self.units[0]])
            out["splits"] = {s: [self.splits[u][s] for u in self.units] for s in subs}
        return out

    def permuted(self, unit_order: list[int], row_key: int) -> Evaluation:
        """The units in ``unit_order``; every table's rows shuffled by ``row_key``."""
        import random

        rng = random.Random(row_key)
        units = tuple(self.units[i] for i in unit_order)

        def shuffled(rows: tuple[Mapping[str, Any], ...]) -> tuple[Mapping[str, Any], ...]:
            out = list(rows)
            rng.shuffle(out)
            return tuple(out)

        leaves = tuple(
            attrs.evolve(leaf, rows={u: shuffled(leaf.rows[u]) for u in units if u in leaf.rows})
            for leaf in self.leaves
        )
        events = {rule: shuffled(rows) for rule, rows in self.events.items()}
        return attrs.evolve(self, units=units, leaves=leaves, events=events)

    def repointed(self, points: Mapping[str, float]) -> Evaluation:
        """The same performance with the leaves of ``points`` worth those points.

        Every unit keeps its share of each leaf: a ``direct`` leaf (which reads
        points) gets its values rescaled; every other form gives a share already.
        """

        def rescaled(leaf: Leaf) -> Leaf:
            if leaf.id not in points or leaf.form != "direct" or leaf.points is None:
                return attrs.evolve(leaf, points=points.get(leaf.id, leaf.points))
            factor = points[leaf.id] / leaf.points
            rows = {
                u: tuple({**row, "value": row["value"] * factor} for row in rs)
                for u, rs in leaf.rows.items()
            }
            return attrs.evolve(leaf, points=points[leaf.id], rows=rows)

        return attrs.evolve(
            self,
            scheme_dict=_repoint(self.scheme_dict, points),
            leaves=tuple(rescaled(leaf) for leaf in self.leaves),
        )


_percent = st.one_of(st.sampled_from([0, 60, 90, 100]), st.integers(0, 100))
"""Scores out of 100, often at the bounds and at the ``bands`` limits."""


def _rows(draw: st.DrawFn, form: str, points: float, dense: bool) -> tuple[dict[str, Any], ...]:
    """One unit's rows for a leaf of ``form`` worth at most ``points`` (one if ``dense``)."""
    if form == "direct":
        # multiples of points / 8: exact in binary, as ``points`` is a multiple of 0.5
        return ({"value": draw(st.one_of(st.just(8), st.integers(0, 8))) * points / 8},)
    if form in ("direct100", "bands"):
        return ({"value": float(draw(_percent))},)
    if form in ("raters", "median"):
        scores = draw(st.lists(_percent, min_size=1, max_size=1 if dense else 3))
        return tuple({"rater": f"R{i}", "score": float(s)} for i, s in enumerate(scores))
    counts = draw(st.fixed_dictionaries({c["id"]: st.integers(0, 9) for c in _SURVEY_CATEGORIES}))
    if not any(n for c, n in counts.items() if c != "unk"):
        counts["sat"] = 1
    return tuple({"category": c, "count": float(n)} for c, n in counts.items() if n)


@st.composite
def evaluations(
    draw: st.DrawFn,
    *,
    complete: bool = False,
    dense: bool = False,
    policies: tuple[str, ...] = ("error", "zero", "redistribute"),
    max_tiers: int = 4,
    max_units: int = 6,
    groups: bool = False,
) -> Evaluation:
    """A scheme of 1 to ``max_tiers`` tiers (three of them sometimes in the Xicheng
    ``levels:`` form), with evaluators of every form, pools split by unit, a bonus, a
    veto, a grade rule and ties broken by nodes; 1 to ``max_units`` units with data.

    Unless ``complete``, the missing policy is one of ``policies`` and, under ``zero``
    or ``redistribute``, some (unit, leaf) pairs outside pools have no data.  With
    ``dense``, the data is complete and has one row per unit in every table (no survey,
    one rater), so that :meth:`Evaluation.dense` can give it.

    With ``groups``, the scheme declares one or two unit groups (each unit in one,
    drawn), sometimes ranks within them, and sibling leaves whose forms score out of
    100 (not ``direct``, whose values are points) move points between them for a
    group (``points_by_group``), so every branch adds up for every group.
    """
    n_tiers = draw(st.integers(1, max_tiers))
    units = tuple(f"u{i}" for i in range(draw(st.integers(1, max_units))))
    complete = complete or dense
    forms = sorted(f for f in _EVALUATORS if not (dense and f == "survey"))
    missing = "error" if complete else draw(st.sampled_from(policies))
    leaves: list[Leaf] = []
    splits: dict[str, dict[str, float]] = {u: {} for u in units}
    counter = iter(range(10**6))
    group_ids = (
        draw(st.lists(st.sampled_from(["streets", "depts"]), min_size=1, unique=True))
        if groups
        else []
    )
    unit_groups = {u: draw(st.sampled_from(group_ids)) for u in units} if group_ids else {}

    def shift(children: list[dict[str, Any]]) -> None:
        """For each group, maybe move points between two sibling leaves scored out of 100."""
        movable = [
            c for c in children if "children" not in c and c["evaluator"] != _EVALUATORS["direct"]
        ]
        for g in group_ids:
            if len(movable) < 2 or not draw(st.booleans()):
                continue
            i, j = draw(st.permutations(range(len(movable))))[:2]
            taker, giver = movable[i], movable[j]
            have = taker.setdefault("points_by_group", {})
            give = giver.setdefault("points_by_group", {})
            giver_points = give.get(g, giver["points"])
            if giver_points <= 0.5:
                continue
            delta = draw(st.integers(1, int(giver_points * 2) - 1)) / 2
            have[g] = have.get(g, taker["points"]) + delta
            give[g] = giver_points - delta
        for c in movable:
            if c.get("points_by_group"):
                k = next(n for n, lf in enumerate(leaves) if lf.id == c["id"])
                leaves[k] = attrs.evolve(leaves[k], points_by_group=dict(c["points_by_group"]))
            else:
                c.pop("points_by_group", None)

    def leaf(parent: str | None, split: Mapping[str, float] | None) -> dict[str, Any]:
        """A leaf worth drawn points, or each unit's ``split`` of a pool."""
        k = len(leaves)
        sid = f"s{k}"
        form = "direct" if split is not None else draw(st.sampled_from(forms))
        points = None if split is not None else draw(half_points)
        rows: dict[str, tuple[dict[str, Any], ...]] = {}
        for u in units:
            most = points if split is None else split[u]
            assert most is not None
            # the first leaf has data for every unit: a unit with none at all cannot
            # be scored under "redistribute"
            if k and split is None and missing != "error" and draw(st.integers(0, 4)) == 0:
                continue  # this pair has no data
            rows[u] = _rows(draw, form, most, dense)
        leaves.append(Leaf(id=sid, form=form, parent=parent, points=points, rows=rows))
        node: dict[str, Any] = {"id": sid, "name": f"叶{k}", "evaluator": _EVALUATORS[form]}
        if points is not None:
            node["points"] = points
        return node

    def inner(depth: int, parent: str | None) -> dict[str, Any]:
        if depth == n_tiers - 1:
            return leaf(parent, None)
        nid = f"n{next(counter)}"
        n_children = draw(st.integers(1, 3 if depth < 2 else 2))
        if depth == n_tiers - 2 and n_children > 1 and draw(st.booleans()):
            # a pool: each unit splits its points among the leaves, in multiples of 0.5
            pool = draw(half_points)
            shares: list[dict[str, float]] = [{} for _ in range(n_children)]
            for u in units:
                cuts = sorted(
                    draw(
                        st.lists(
                            st.integers(0, int(pool * 2)),
                            min_size=n_children - 1,
                            max_size=n_children - 1,
                        )
                    )
                )
                bounds = [0, *cuts, int(pool * 2)]
                for c in range(n_children):
                    shares[c][u] = (bounds[c + 1] - bounds[c]) / 2
            children = [leaf(nid, share) for share in shares]
            for u in units:
                for child, share in zip(children, shares, strict=True):
                    splits[u][child["id"]] = share[u]
            return {
                "id": nid,
                "name": f"池{nid}",
                "points": pool,
                "pooled": True,
                "children": children,
            }
        children = [inner(depth + 1, nid) for _ in range(n_children)]
        shift(children)
        return {
            "id": nid,
            "name": f"节点{nid}",
            "points": sum(c["points"] for c in children),
            "children": children,
        }

    top = [inner(0, None) for _ in range(draw(st.integers(1, 3)))]
    shift(top)
    total = sum(node["points"] for node in top)
    node_ids = [leaf.id for leaf in leaves] + [node["id"] for node in top]
    rules: list[dict[str, Any]] = [
        {"id": "bonus", "kind": "bonus", "name": "加分", "params": {"cap": draw(half_points)}},
        {
            "id": "veto",
            "kind": "veto",
            "name": "否决",
            "params": {"effect": "exclude_from_awards", "open_triggers": True},
        },
        {
            "id": "grade",
            "kind": "grade",
            "name": "等次",
            "params": {"bands": [{"grade": "优秀", "min": total * 0.9}, {"grade": "合格"}]},
        },
    ]
    bonus = draw(st.lists(st.tuples(st.sampled_from(units), half_points), max_size=4))
    vetoed = draw(st.lists(st.sampled_from(units), max_size=2, unique=True))
    events: dict[str, tuple[Mapping[str, Any], ...]] = {
        "bonus": tuple({"unit": u, "item": f"x{k}", "points": p} for k, (u, p) in enumerate(bonus)),
        "veto": tuple({"unit": u, "trigger": "事故"} for u in vetoed),
    }
    scheme_dict: dict[str, Any] = {
        "schema_version": 1,
        "id": "prop",
        "title": "性质测试",
        "total_points": total,
        "scoring": {
            "tie_break": draw(st.lists(st.sampled_from(node_ids), max_size=2, unique=True))
        },
    }
    if group_ids:
        scheme_dict["groups"] = [{"id": g, "name": f"组{g}"} for g in group_ids]
        scheme_dict["scoring"]["within_groups"] = draw(st.booleans())
    if n_tiers == 3 and draw(st.booleans()):
        scheme_dict["levels"] = [_xicheng_form(node, 0) for node in top]
    else:
        scheme_dict["tiers"] = [
            {"name": f"第{d + 1}级", "name_en": f"tier {d + 1}"} for d in range(n_tiers)
        ]
        scheme_dict["nodes"] = top
    scheme_dict["rules"] = rules
    return Evaluation(
        scheme_dict=scheme_dict,
        units=units,
        leaves=tuple(leaves),
        splits={u: s for u, s in splits.items() if s},
        events=events,
        missing=missing,
        groups=unit_groups,
    )


def _xicheng_form(node: Mapping[str, Any], depth: int) -> dict[str, Any]:
    """A node of a 3-tier generic tree in the ``levels:`` form (``children`` renamed)."""
    out = dict(node)
    if "children" in out:
        key = "indicators" if depth == 0 else "sub_indicators"
        out[key] = [_xicheng_form(child, depth + 1) for child in out.pop("children")]
    return out


@st.composite
def point_sets(draw: st.DrawFn, ev: Evaluation) -> dict[str, float]:
    """Other points for the leaves outside pools that keep every parent's budget.

    The leaves of each parent (the scheme total for top-tier leaves) share the points
    they had, in other multiples of 0.5 of at least 0.5 each.
    """
    by_parent: dict[str | None, list[Leaf]] = {}
    for lf in ev.leaves:
        if not lf.pooled:
            by_parent.setdefault(lf.parent, []).append(lf)
    out: dict[str, float] = {}
    for siblings in by_parent.values():
        halves = int(sum(lf.points or 0.0 for lf in siblings) * 2)
        n = len(siblings)
        cuts = (
            sorted(
                draw(
                    st.lists(
                        st.integers(1, halves - 1), min_size=n - 1, max_size=n - 1, unique=True
                    )
                )
            )
            if n > 1
            else []
        )
        bounds = [0, *cuts, halves]
        out.update({lf.id: (bounds[k + 1] - bounds[k]) / 2 for k, lf in enumerate(siblings)})
    return out


@st.composite
def tree_schemes(draw: st.DrawFn, *, max_tiers: int = 8, max_nodes: int = 40) -> Scheme:
    """A valid scheme in the generic form: 1 to ``max_tiers`` tiers, every branch reaching
    the last, some pools just above the leaves, and 0-2 unit groups.

    Points are summed upward.  A group's points differ from the default on sibling
    leaves only, by moving points from one to the other, so every branch and the top
    add up for every group too.
    """
    n_tiers = draw(st.integers(min_value=1, max_value=max_tiers))
    tiers = [Tier(draw(chinese), draw(_opt(text))) for _ in range(n_tiers)]
    group_ids = draw(st.lists(st.sampled_from(["departments", "streets"]), unique=True))
    count = [0]

    def next_id() -> str:
        count[0] += 1
        return f"n{count[0]}"

    def leaf(points: float | None) -> Node:
        return Node(
            id=next_id(),
            name=draw(chinese),
            points=points,
            content=draw(_opt(text)),
            assessors=draw(assessors),
            evaluator=EvaluatorSpec(kind="direct"),
        )

    def shifted(children: list[Node]) -> list[Node]:
        """Move some points between two sibling leaves for each of some groups."""
        by_group: list[dict[str, float]] = [{} for _ in children]
        for g in group_ids:
            if len(children) < 2 or not draw(st.booleans()):
                continue
            i, j = draw(st.permutations(range(len(children))))[:2]
            giver = children[j].points or 0.0
            delta = (
                draw(st.integers(min_value=1, max_value=int(giver * 2) - 1)) / 2
                if giver > 0.5
                else 0
            )
            if delta:
                by_group[i][g] = (children[i].points or 0.0) + delta
                by_group[j][g] = giver - delta
        return [attrs.evolve(c, points_by_group=b) for c, b in zip(children, by_group, strict=True)]

    def branch(depth: int) -> Node:
        if depth == n_tiers - 1:
            return leaf(draw(half_points))
        ident = next_id()
        n_children = draw(st.integers(min_value=1, max_value=3 if count[0] < max_nodes else 1))
        last_branch = depth == n_tiers - 2
        if last_branch and n_children > 1 and draw(st.booleans()):
            pool = [leaf(None) for _ in range(n_children)]
            return Node(
                id=ident, name=draw(chinese), points=draw(half_points), pooled=True, children=pool
            )
        children = [branch(depth + 1) for _ in range(n_children)]
        if last_branch:
            children = shifted(children)
        return Node(
            id=ident,
            name=draw(chinese),
            name_en=draw(_opt(text)),
            points=sum(c.points or 0.0 for c in children),
            note=draw(_opt(text)),
            children=children,
        )

    top = [branch(0) for _ in range(draw(st.integers(min_value=1, max_value=3)))]
    if n_tiers == 1:
        top = shifted(top)
    node_ids = [f"n{i + 1}" for i in range(count[0])]
    return Scheme(
        id="tree",
        title=draw(chinese),
        total_points=sum(n.points or 0.0 for n in top),
        tiers=tiers,
        groups=[UnitGroup(g, draw(chinese)) for g in group_ids],
        scoring=Scoring(
            tie_break=draw(st.lists(st.sampled_from(node_ids), max_size=2, unique=True)),
            within_groups=bool(group_ids) and draw(st.booleans()),
        ),
        levels=top,
    )
