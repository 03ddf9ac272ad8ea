"""The engine on trees of any depth: compiled arrays, node sums, Results' node API."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import govperf
from govperf.scheme._sums import sum_plan

# l1 (60): i1 (30: s1 30), i2 (30: s2 20, s3 10); l2 (40): i3 (40: s4 40)
TREE = """\
schema_version: 1
id: e
title: 引擎测试
total_points: 100
scoring:
  tie_break: [i2]
levels:
  - id: l1
    name: 层面一
    points: 60
    indicators:
      - id: i1
        name: 指标一
        points: 30
        sub_indicators:
          - {id: s1, name: 甲, points: 30, evaluator: {kind: direct}}
      - id: i2
        name: 指标二
        points: 30
        sub_indicators:
          - {id: s2, name: 乙, points: 20, evaluator: {kind: direct}}
          - {id: s3, name: 丙, points: 10, evaluator: {kind: direct}}
  - id: l2
    name: 层面二
    points: 40
    indicators:
      - id: i3
        name: 指标三
        points: 40
        sub_indicators:
          - {id: s4, name: 丁, points: 40, evaluator: {kind: direct}}
"""
NODES = ("l1", "i1", "s1", "i2", "s2", "s3", "l2", "i3", "s4")


@pytest.fixture(scope="module")
def tree() -> govperf.Scheme:
    return govperf.loads_scheme(TREE)


def _data(values: dict[str, dict[str, float]]) -> dict[str, Any]:
    subs = ["s1", "s2", "s3", "s4"]
    return {
        "units": list(values),
        "records": {
            s: [{"unit": u, "value": v[s]} for u, v in values.items() if s in v] for s in subs
        },
    }


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
        _data(
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
        _data(
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
    data = _data({"a": {"s2": 10, "s3": 5, "s4": 20}})
    r = govperf.score(tree, data, missing="redistribute")
    # i1 has no data: NaN; i2 15; l1 = 15 × 60 / 30 = 30; l2 20; total 50
    pts = dict(zip(r.node_ids, r.node_points[0].tolist(), strict=True))
    assert np.isnan(pts.pop("i1"))
    assert np.isnan(pts.pop("s1"))
    assert pts == {"l1": 30, "i2": 15, "s2": 10, "s3": 5, "l2": 20, "i3": 20, "s4": 20}
    assert r.base.tolist() == [50]


def test_tie_break_on_an_inner_node(tree: govperf.Scheme) -> None:
    # a and b both total 60; b has more on i2 (30 against 10) and ranks first
    data = _data(
        {
            "a": {"s1": 30, "s2": 10, "s3": 0, "s4": 20},
            "b": {"s1": 10, "s2": 20, "s3": 10, "s4": 20},
        }
    )
    r = govperf.score(tree, data)
    assert r.rank.tolist() == [2, 1]
