"""Branches that combine their children by min, max or weighted mean (``combine``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import govperf

# A 60 = min(a1 10, a2 20), each scaled to 60; B 40 = mean of B1 30 and b3 10 weighted
# by their points, B1 = max(b1 10, b2 5) each scaled to 30.  Children's points need
# not add up to the parent's.
SCHEME = """\
schema_version: 1
id: combined
title: 组合
total_points: 100
tiers: [{name: 领域}, {name: 指标}, {name: 子指标}]
nodes:
  - id: A
    name: 甲
    points: 60
    combine: min
    children:
      - id: a1
        name: a1
        points: 10
        children: [{id: a1x, name: a1x, points: 10, evaluator: {kind: direct}}]
      - id: a2
        name: a2
        points: 20
        children: [{id: a2x, name: a2x, points: 20, evaluator: {kind: direct}}]
  - id: B
    name: 乙
    points: 40
    combine: mean
    children:
      - id: B1
        name: 乙一
        points: 30
        combine: max
        children:
          - {id: b1, name: b1, points: 10, evaluator: {kind: direct}}
          - {id: b2, name: b2, points: 5, evaluator: {kind: direct}}
      - id: b3
        name: b3
        points: 10
        children: [{id: b3x, name: b3x, points: 10, evaluator: {kind: direct}}]
"""

LEAVES = ("a1x", "a2x", "b1", "b2", "b3x")


def _data(values: dict[str, tuple[float | None, ...]]) -> dict[str, Any]:
    return {
        "units": [{"id": u, "name": u} for u in values],
        "records": {
            leaf: [{"unit": u, "value": v[k]} for u, v in values.items() if v[k] is not None]
            for k, leaf in enumerate(LEAVES)
        },
    }


def _scheme() -> govperf.Scheme:
    return govperf.loads_scheme(SCHEME)


def test_min_max_and_mean_by_hand() -> None:
    # u1: A = min(8×6, 10×3) = 30; B1 = max(6×3, 4×6) = 24; B = (24 + 5) × 40/40 = 29
    # u2: A = min(60, 60) = 60; B1 = max(30, 0) = 30; B = (30 + 10) × 40/40 = 40
    r = govperf.score(_scheme(), _data({"u1": (8, 10, 6, 4, 5), "u2": (10, 20, 10, 0, 10)}))
    assert r.total.tolist() == pytest.approx([59, 100])
    assert r.points("A").tolist() == pytest.approx([30, 60])
    assert r.points("B1").tolist() == pytest.approx([24, 30])
    assert r.points("B").tolist() == pytest.approx([29, 40])
    assert r.points("a1").tolist() == pytest.approx([8, 10])  # sums stay sums


def test_a_tie_inside_min_takes_either() -> None:
    # both children at 50 % of their points: A is 50 % of 60
    r = govperf.score(_scheme(), _data({"u1": (5, 10, 0, 0, 0)}))
    assert r.points("A").tolist() == pytest.approx([30])
    assert r.total.tolist() == pytest.approx([30])


def test_redistribute_takes_min_of_the_children_with_data() -> None:
    # u3 lacks a2x and b2: A = min over a1 alone = 5 × 6 = 30; B1 = b1 2 × 3 = 6;
    # B = (6 + 10) × 40 / (30 + 10) = 16; every top node has data, so no rescaling
    data = _data({"u3": (5, None, 2, None, 10), "u4": (10, 20, 10, 5, 10)})
    r = govperf.score(_scheme(), data, missing="redistribute")
    assert r.points("A").tolist() == pytest.approx([30, 60])
    assert r.points("B1").tolist() == pytest.approx([6, 30])
    assert r.total.tolist() == pytest.approx([46, 100])


def test_score_batch_refuses_combined_branches() -> None:
    points = np.array([[10, 20, 10, 5, 10]], dtype=float)
    with pytest.raises(ValueError, match="node A"):
        govperf.score_batch(_scheme(), _data({"u1": (1, 1, 1, 1, 1)}), points)


def test_validate_locates_combine_on_a_leaf_or_a_pool() -> None:
    bad = SCHEME.replace(
        "{id: b2, name: b2, points: 5, evaluator",
        "{id: b2, name: b2, points: 5, combine: max, evaluator",
    ).replace("    combine: mean\n", "    combine: mean\n    pooled: false\n")
    bad = bad.replace(
        "        points: 10\n        children: [{id: b3x, name: b3x, points: 10,",
        "        points: 10\n        pooled: true\n        combine: min\n"
        "        children: [{id: b3x, name: b3x,",
    )
    with pytest.raises(govperf.SchemeError) as info:
        govperf.loads_scheme(bad)
    text = str(info.value)
    assert "children[0].children[1].combine: 子指标 b2 has no children to combine" in text
    assert "nodes[1].children[1].combine: 指标 乙" not in text
    assert "children[1].combine:" in text
    assert "is pooled" in text
    assert "<string>:32:43:" in text  # b2's combine key


def test_a_sum_branch_still_checks_its_budget() -> None:
    bad = SCHEME.replace("    combine: min\n", "")
    with pytest.raises(govperf.SchemeError, match="add up to 30 but"):
        govperf.loads_scheme(bad)


def test_published_figures_round_each_combined_node() -> None:
    # u1: A = min(7.777 × 6, 20 × 3) = 46.662 → 46.66; B1 = max(0, 0) = 0;
    # B = (0 + 10) × 40/40 = 10; published base 46.66 + 10 = 56.66
    r = govperf.score(_scheme(), _data({"u1": (7.777, 20, 0, 0, 10)}))
    col = r.node_ids.index("A")
    assert r.published_points[:, col].tolist() == pytest.approx([46.66])
    assert r.published_base.tolist() == pytest.approx([56.66])
    assert r.total.tolist() == pytest.approx([56.662])
