"""The engine on trees of any depth: compiled arrays, node sums, Results' node API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pytest

import govperf
from govperf.scheme._sums import sum_plan
from samples import SCHEMES, TREE, tree_data

NODES = ("l1", "i1", "s1", "i2", "s2", "s3", "l2", "i3", "s4")


def test_compiled_arrays(tree: govperf.Scheme) -> None:
    c = govperf.compile_scheme(tree)
    assert c.node_ids == NODES
    assert c.node_parent.tolist() == [-1, 0, 1, 0, 3, 3, -1, 6, 7]
    assert c.node_depth.tolist() == [0, 1, 2, 1, 2, 2, 0, 1, 2]
    assert c.leaf_nodes.tolist() == [2, 4, 5, 8]
    assert c.node_max.tolist() == [60, 30, 30, 30, 20, 10, 40, 40, 40]
    assert c.top_nodes.tolist() == [0, 6]
    assert c.n_tiers == 3
    assert c.node_index["i3"] == 7


def test_sum_plan_adds_kth_children_per_tier() -> None:
    parent = np.array([-1, 0, 1, 0, 3, 3, -1, 6, 7])
    depth = np.array([0, 1, 2, 1, 2, 2, 0, 1, 2])
    plan = sum_plan(parent, depth)
    # deepest tier first: first children s1→i1, s2→i2, s4→i3; then s3→i2
    as_lists = [[(p.tolist(), k.tolist()) for p, k in tier] for tier in plan]
    assert as_lists == [
        [([1, 3, 7], [2, 4, 8]), ([3], [5])],
        [([0, 6], [1, 7]), ([0], [3])],
    ]


def test_node_points_at_every_node(tree: govperf.Scheme) -> None:
    r = govperf.score(
        tree,
        tree_data(
            {
                "a": {"s1": 25, "s2": 10, "s3": 5, "s4": 20},
                "b": {"s1": 1, "s2": 2, "s3": 3, "s4": 4},
            }
        ),
    )
    assert r.node_ids == NODES
    # a: l1 = 25 + 15 = 40, i1 25, i2 15, l2 = i3 = 20; b: l1 = 1 + 5 = 6, i2 5, l2 4
    assert r.node_points.tolist() == [
        [40, 25, 25, 15, 10, 5, 20, 20, 20],
        [6, 1, 1, 5, 2, 3, 4, 4, 4],
    ]
    assert r.node_points.shape == (2, 9)
    assert not r.node_points.flags.writeable
    assert r.points("i2").tolist() == [15, 5]
    assert np.shares_memory(r.points("i2"), r.node_points)  # a view, not a copy
    assert r.level_points.tolist() == [[40, 20], [6, 4]]
    assert r.indicator_points.tolist() == [[25, 15, 20], [1, 5, 4]]
    assert r.max_points("l1").tolist() == [60, 60]
    assert r.max_points("s3").tolist() == [10, 10]
    assert list(r.unit("a").points) == ["l1", "l2", "i1", "i2", "i3", "s1", "s2", "s3", "s4"]
    with pytest.raises(KeyError, match="no node with id 'zz'"):
        r.points("zz")


def test_group_median_without_groups(tree: govperf.Scheme) -> None:
    r = govperf.score(
        tree,
        tree_data(
            {
                "a": {"s1": 30, "s2": 20, "s3": 10, "s4": 40},
                "b": {"s1": 10, "s2": 10, "s3": 0, "s4": 20},
                "c": {"s1": 0, "s2": 0, "s3": 10, "s4": 0},
            }
        ),
    )
    # totals 100, 40, 10 → median 40; i2: 30, 10, 10 → 10; shares of 30: 1/3
    assert r.group_median().tolist() == [40, 40, 40]
    assert r.group_median("i2").tolist() == [10, 10, 10]
    assert r.group_median("i2", share=True).tolist() == pytest.approx([1 / 3] * 3)


def test_redistribute_node_points(tree: govperf.Scheme) -> None:
    data = tree_data({"a": {"s2": 10, "s3": 5, "s4": 20}})
    r = govperf.score(tree, data, missing="redistribute")
    # i1 has no data: NaN; i2 15; l1 = 15 × 60 / 30 = 30; l2 20; total 50
    pts = dict(zip(r.node_ids, r.node_points[0].tolist(), strict=True))
    assert np.isnan(pts.pop("i1"))
    assert np.isnan(pts.pop("s1"))
    assert pts == {"l1": 30, "i2": 15, "s2": 10, "s3": 5, "l2": 20, "i3": 20, "s4": 20}
    assert r.base.tolist() == [50]


def test_tie_break_on_an_inner_node() -> None:
    # a and b both total 60; b has more on i2 (30 against 10) and ranks first
    tree = govperf.loads_scheme(TREE.replace("levels:", "scoring:\n  tie_break: [i2]\nlevels:", 1))
    data = tree_data(
        {
            "a": {"s1": 30, "s2": 10, "s3": 0, "s4": 20},
            "b": {"s1": 10, "s2": 20, "s3": 10, "s4": 20},
        }
    )
    r = govperf.score(tree, data)
    assert r.rank.tolist() == [2, 1]


# -- a 2-tier scheme: indicators straight under the total ------------------------------

TWO = """\
schema_version: 1
id: two
title: 两级
total_points: 100
tiers:
  - {name: 一级指标, name_en: indicator}
  - {name: 二级指标, name_en: sub-indicator}
nodes:
  - id: a
    name: 重点工作
    points: 70
    children:
      - {id: a1, name: 甲, points: 40, evaluator: {kind: direct}}
      - {id: a2, name: 乙, points: 30, evaluator: {kind: direct}}
  - id: b
    name: 依法行政
    points: 30
    children:
      - {id: b1, name: 丙, points: 30, evaluator: {kind: direct}}
"""


def _records(values: Mapping[str, Mapping[str, float]], leaves: list[str]) -> dict[str, Any]:
    return {s: [{"unit": u, "value": v[s]} for u, v in values.items() if s in v] for s in leaves}


def test_two_tier_scheme() -> None:
    sch = govperf.loads_scheme(TWO)
    values = {"x": {"a1": 35, "a2": 20, "b1": 25}, "y": {"a1": 10, "a2": 30, "b1": 5}}
    r = govperf.score(sch, {"units": ["x", "y"], "records": _records(values, ["a1", "a2", "b1"])})
    assert r.node_ids == ("a", "a1", "a2", "b", "b1")
    # x: a = 55, b = 25, total 80; y: a = 40, b = 5, total 45
    assert r.node_points.tolist() == [[55, 35, 20, 25, 25], [40, 10, 30, 5, 5]]
    assert r.total.tolist() == [80, 45]
    assert r.level_points.tolist() == [[55, 25], [40, 5]]  # the top tier
    assert r.rank.tolist() == [1, 2]
    assert r.unit("x").points == {"a": 55, "b": 25, "a1": 35, "a2": 20, "b1": 25}
    text = r.explain("x").to_text("en")
    assert "  indicator  重点工作  a       55   70  78.6%" in text  # 55 / 70
    assert "Scores by sub-indicator:" in text


# -- a 5-tier scheme with a pool at depth 3 and a tie-break on a depth-3 node ---------
#
# d1 60: m1 60: x1 40: y1 25 (z1 15, z2 10), y2 15 pooled (z3, z4)
#                x2 20: y3 20 (z5 20)
# d2 40: m2 40: x3 40: y4 40 (z6 40)

FIVE = """\
schema_version: 1
id: five
title: 五级
total_points: 100
scoring:
  tie_break: [y1]
tiers:
  - {name: 领域, name_en: domain}
  - {name: 维度, name_en: dimension}
  - {name: 指标, name_en: indicator}
  - {name: 子指标, name_en: sub-indicator}
  - {name: 细项, name_en: item}
nodes:
  - id: d1
    name: 领域一
    points: 60
    children:
      - id: m1
        name: 维度一
        points: 60
        children:
          - id: x1
            name: 指标一
            points: 40
            children:
              - id: y1
                name: 子指标一
                points: 25
                children:
                  - {id: z1, name: 细项一, points: 15, evaluator: {kind: direct}}
                  - {id: z2, name: 细项二, points: 10, evaluator: {kind: direct}}
              - id: y2
                name: 子指标二
                points: 15
                pooled: true
                children:
                  - {id: z3, name: 细项三, evaluator: {kind: direct}}
                  - {id: z4, name: 细项四, evaluator: {kind: direct}}
          - id: x2
            name: 指标二
            points: 20
            children:
              - id: y3
                name: 子指标三
                points: 20
                children:
                  - {id: z5, name: 细项五, points: 20, evaluator: {kind: direct}}
  - id: d2
    name: 领域二
    points: 40
    children:
      - id: m2
        name: 维度二
        points: 40
        children:
          - id: x3
            name: 指标三
            points: 40
            children:
              - id: y4
                name: 子指标四
                points: 40
                children:
                  - {id: z6, name: 细项六, points: 40, evaluator: {kind: direct}}
"""
FIVE_NODES = (
    "d1", "m1", "x1", "y1", "z1", "z2", "y2", "z3", "z4", "x2", "y3", "z5",
    "d2", "m2", "x3", "y4", "z6",
)  # fmt: skip
FIVE_LEAVES = ["z1", "z2", "z3", "z4", "z5", "z6"]


@pytest.fixture(scope="module")
def five() -> govperf.Scheme:
    return govperf.loads_scheme(FIVE)


def _fivetree_data(
    values: Mapping[str, Mapping[str, float]], splits: dict[str, tuple[float, float]]
) -> dict[str, Any]:
    return {
        "units": list(values),
        "records": _records(values, FIVE_LEAVES),
        "splits": [
            {"unit": u, "sub_indicator": s, "points": p}
            for u, (p3, p4) in splits.items()
            for s, p in (("z3", p3), ("z4", p4))
        ],
    }


def test_five_tier_compiled(five: govperf.Scheme) -> None:
    c = govperf.compile_scheme(five)
    assert c.node_ids == FIVE_NODES
    assert c.node_depth.tolist() == [0, 1, 2, 3, 4, 4, 3, 4, 4, 2, 3, 4, 0, 1, 2, 3, 4]
    assert c.node_parent.tolist() == [-1, 0, 1, 2, 3, 3, 2, 6, 6, 1, 9, 10, -1, 12, 13, 14, 15]
    assert c.pools == (6,)
    assert [leaf.pooled for leaf in c.leaves] == [False, False, True, True, False, False]
    assert c.n_tiers == 5


def test_five_tier_sums_pool_and_tie_break(five: govperf.Scheme) -> None:
    values = {
        "a": {"z1": 10, "z2": 5, "z3": 5, "z4": 10, "z5": 10, "z6": 20},
        "b": {"z1": 15, "z2": 5, "z3": 10, "z4": 0, "z5": 10, "z6": 20},
    }
    # a's split of y2 (15): z3 5, z4 10; b's: z3 10, z4 5
    r = govperf.score(five, _fivetree_data(values, {"a": (5, 10), "b": (10, 5)}))
    # a: y1 15, y2 15, x1 30, y3 = x2 10, m1 = d1 40, y4 = x3 = m2 = d2 20; total 60
    # b: y1 20, y2 10, x1 30, x2 10, d1 40, d2 20; total 60
    assert r.node_points.tolist() == [
        [40, 40, 30, 15, 10, 5, 15, 5, 10, 10, 10, 10, 20, 20, 20, 20, 20],
        [40, 40, 30, 20, 15, 5, 10, 10, 0, 10, 10, 10, 20, 20, 20, 20, 20],
    ]
    assert r.total.tolist() == [60, 60]
    # equal totals: the tie-break y1 (15 against 20) puts b first
    assert r.rank.tolist() == [2, 1]
    assert r.max_points("z3").tolist() == [5, 10]
    assert r.max_points("y2").tolist() == [15, 15]
    assert r.max_points("m1").tolist() == [60, 60]
    # every published node at any depth
    assert r.unit("b").points["y1"] == 20
    trail = {t.id: t for t in r.explain("b").tree}
    assert (trail["y2"].depth, trail["y2"].tier, trail["y2"].points) == (3, "子指标", 10)
    assert trail["z4"].max_points == 5
    assert trail["z4"].is_leaf
    assert "细项:" in r.explain("b").to_text("zh")


def test_five_tier_split_sums_checked_against_the_pooled_node(five: govperf.Scheme) -> None:
    values = {"a": {"z1": 10, "z2": 5, "z3": 5, "z4": 8, "z5": 10, "z6": 20}}
    with pytest.raises(govperf.DataError) as info:
        govperf.score(five, _fivetree_data(values, {"a": (5, 9)}))
    (problem,) = info.value.problems
    assert problem.code == "split-sum"
    assert problem.message == (
        "unit a (a): the split of 子指标二 [y2] adds up to 14 (z3 5, z4 9), the node has 15"
    )


def test_five_tier_redistribute_at_depth_four(five: govperf.Scheme) -> None:
    values = {"c": {"z1": 12, "z3": 5, "z4": 10, "z5": 20, "z6": 40}}  # no z2
    r = govperf.score(five, _fivetree_data(values, {"c": (5, 10)}), missing="redistribute")
    # y1 = 12 × 25 / 15 = 20; x1 = 20 + 15 = 35; m1 = d1 = 35 + 20 = 55; d2 40; total 95
    pts = dict(zip(r.node_ids, r.node_points[0].tolist(), strict=True))
    assert np.isnan(pts["z2"])
    assert [pts[k] for k in ("y1", "x1", "m1", "d1", "d2")] == pytest.approx([20, 35, 55, 55, 40])
    assert r.total.tolist() == pytest.approx([95])


# -- the example schemes of tests/data/schemes -------------------------------------------


def test_one_tier_scheme_scores_and_redistributes() -> None:
    sch = govperf.load_scheme(SCHEMES / "one_tier.yaml")
    leaves = ["key_work", "lawful", "satisfaction"]
    values = {"a": {"key_work": 50, "lawful": 15, "satisfaction": 18}, "b": {"lawful": 15}}
    r = govperf.score(
        sch, {"units": ["a", "b"], "records": _records(values, leaves)}, missing="zero"
    )
    assert r.node_ids == tuple(leaves)
    assert r.total.tolist() == [83, 15]
    assert r.level_points.tolist() == [[50, 15, 18], [0, 15, 0]]  # the only tier
    values["b"]["satisfaction"] = 18
    r = govperf.score(
        sch, {"units": ["a", "b"], "records": _records(values, leaves)}, missing="redistribute"
    )
    # b: 15 + 18 of the 40 points with data, scaled to 100: 33 × 100 / 40 = 82.5
    assert r.total.tolist() == [83, 82.5]


def test_two_tier_groups_example() -> None:
    sch = govperf.load_scheme(SCHEMES / "two_tier_groups.yaml")
    units = [
        {"id": "d1", "group": "departments"},
        {"id": "d2", "group": "departments"},
        {"id": "s1", "group": "streets"},
    ]
    # d1 45 + 20 + 10 + 15 = 90; d2 50 + 10 + 10 + 10 = 80; s1 40 + 20 + 10 + 30 = 100
    values = {
        "d1": {"tasks": 45, "projects": 20, "law": 10, "survey": 15},
        "d2": {"tasks": 50, "projects": 10, "law": 10, "survey": 10},
        "s1": {"tasks": 40, "projects": 20, "law": 10, "survey": 30},
    }
    records = _records(values, ["tasks", "projects", "law", "survey"])
    r = govperf.score(sch, {"units": units, "records": records})
    assert r.total.tolist() == [90, 80, 100]
    assert r.rank.tolist() == [1, 2, 1]
    assert r.max_points("key_work").tolist() == [70, 70, 60]
    assert r.max_points("satisfaction").tolist() == [20, 20, 30]
    assert r.group_median().tolist() == [85, 85, 100]


def test_redistribute_in_a_flat_scheme_publishes_the_scaled_share() -> None:
    """Top-tier leaves under ``redistribute``: a unit without data for one leaf has the
    other's points scaled to the total, and the published base says the same (it was
    NaN when a top-tier leaf lacked data)."""
    scheme = govperf.loads_scheme(
        "schema_version: 1\nid: flat\ntitle: 平\ntotal_points: 10\n"
        "tiers: [{name: 指标}]\n"
        "nodes:\n"
        "  - {id: a, name: 甲, points: 4, evaluator: {kind: direct}}\n"
        "  - {id: b, name: 乙, points: 6, evaluator: {kind: direct}}\n"
    )
    data = {
        "units": ["u", "v"],
        "records": {
            "a": [{"unit": "u", "value": 3.333}, {"unit": "v", "value": 2}],
            "b": [{"unit": "v", "value": 5}],
        },
    }
    r = govperf.score(scheme, data, missing="redistribute")
    # u: 3.333 of the 4 available points, scaled by 10 / 4: 8.3325, published 8.33
    assert r.base.tolist() == pytest.approx([8.3325, 7.0])
    assert r.published_total.tolist() == [8.33, 7.0]
    assert r.state.published_base is not None
    assert r.state.published_base.tolist() == [8.33, 7.0]
