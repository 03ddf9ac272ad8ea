"""``item_sum``: a bonus inside the total, from item rows, capped at the leaf's points."""

from __future__ import annotations

from typing import Any

import pytest

import govperf

SCHEME = """\
schema_version: 1
id: t
title: 测试
total_points: 100
tiers:
  - {name: 一级指标, name_en: indicator}
  - {name: 二级指标, name_en: sub-indicator}
nodes:
  - id: work
    name: 工作
    points: 95
    children:
      - {id: w1, name: 任务, points: 95, evaluator: {kind: direct}}
  - id: plus
    name: 加分
    points: 5
    children:
      - id: honours
        name: 表彰
        points: 5
        evaluator:
          kind: item_sum
          params:
            same_item: highest
            tiers:
              city: {name: 市级, points: 1}
              province: {name: 省级, points: 3}
              national: {name: 国家级, points: 5}
"""


def _data(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "units": ["a", "b", "c"],
        "records": {
            "w1": [{"unit": u, "value": 90} for u in "abc"],
            "honours": rows,
        },
    }


def test_sum_capped_at_the_budget_and_no_rows_is_zero() -> None:
    sch = govperf.loads_scheme(SCHEME)
    r = govperf.score(
        sch,
        _data(
            [
                {"unit": "a", "item": "x", "tier": "市级"},
                {"unit": "a", "item": "y", "tier": "province"},
                {"unit": "b", "item": "x", "tier": "national"},
                {"unit": "b", "item": "y", "tier": "city"},
            ]
        ),
    )
    # a: 1 + 3 = 4; b: 5 + 1 = 6 → the leaf's 5 points; c: no rows → 0, not missing
    assert [float(p) for p in r.points("honours")] == [4.0, 5.0, 0.0]
    assert [r.unit(u).total for u in "abc"] == [94.0, 95.0, 90.0]
    assert r.unit("c").bonus == 0.0  # inside the tree, not a rule's bonus


def test_same_item_highest_and_points_rows() -> None:
    sch = govperf.loads_scheme(SCHEME)
    r = govperf.score(
        sch,
        _data(
            [
                {"unit": "a", "item": "x", "tier": "city"},
                {"unit": "a", "item": "x", "tier": "province"},
                {"unit": "b", "item": "z", "points": 0.5},
            ]
        ),
    )
    assert [float(p) for p in r.points("honours")] == [3.0, 0.5, 0.0]


def test_duplicate_and_unknown_tier_rows_are_located() -> None:
    sch = govperf.loads_scheme(SCHEME)
    d = _data(
        [
            {"unit": "a", "item": "x", "tier": "city"},
            {"unit": "a", "item": "x", "tier": "city"},
            {"unit": "b", "item": "y", "tier": "区级"},
        ]
    )
    problems = govperf.check_data(sch, d)
    by_row = sorted(problems, key=lambda p: p.row or 0)
    assert [(p.node, p.unit, p.row) for p in by_row] == [("honours", "a", 1), ("honours", "b", 2)]
    assert "repeats an earlier row" in by_row[0].message
    assert "unknown tier '区级'" in by_row[1].message
    with pytest.raises(govperf.DataError):
        govperf.score(sch, d)


def test_item_cap() -> None:
    sch = govperf.loads_scheme(SCHEME.replace("same_item: highest", "item_cap: 2"))
    rows: list[dict[str, Any]] = [
        {"unit": "a", "item": "x", "tier": "national"},
        {"unit": "a", "item": "y", "points": 1},
    ]
    r = govperf.score(sch, _data(rows))
    assert float(r.points("honours")[0]) == 3.0  # min(5, 2) + 1
