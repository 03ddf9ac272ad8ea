"""Unit groups (分类考核) in the engine: maxima, ranks, quotas and medians per group."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import govperf

# bureaus: a 70 (a1 40, a2 30), b 30 (b1 30); streets: a 50 (a1 30, a2 20), b 50 (b1 50)
GROUPED = """\
schema_version: 1
id: grouped
title: 分类考核
total_points: 100
groups:
  - {id: bureau, name: 委办局}
  - {id: street, name: 街道}
scoring:
  within_groups: {within}
tiers:
  - {name: 一级指标, name_en: indicator}
  - {name: 二级指标, name_en: sub-indicator}
nodes:
  - id: a
    name: 重点工作
    points: 70
    points_by_group: {street: 50}
    children:
      - {id: a1, name: 甲, points: 40, points_by_group: {street: 30}, evaluator: {kind: direct}}
      - {id: a2, name: 乙, points: 30, points_by_group: {street: 20}, evaluator: {kind: direct}}
  - id: b
    name: 依法行政
    points: 30
    points_by_group: {street: 50}
    children:
      - {id: b1, name: 丙, points: 30, points_by_group: {street: 50}, evaluator: {kind: direct}}
rules:
  - id: grades
    kind: grade
    name: 等次
    params:
      bands: [{grade: 优秀, min: 90}, {grade: 良好, min: 80}, {grade: 合格}]
      quotas: [{grade: 优秀, max_share: 0.5}]
"""

# unit: (group, a1, a2, b1) → total
UNITS = {
    "u1": ("bureau", 40, 30, 25),  # 95
    "u2": ("bureau", 38, 28, 26),  # 92
    "u3": ("bureau", 30, 20, 20),  # 70
    "s1": ("street", 30, 20, 45),  # 95
    "s2": ("street", 28, 18, 40),  # 86
    "s3": ("street", 25, 15, 50),  # 90
    "s4": ("street", 30, 20, 41),  # 91
}


def _scheme(within: bool) -> govperf.Scheme:
    return govperf.loads_scheme(GROUPED.replace("{within}", "true" if within else "false"))


def _data(units: dict[str, tuple[Any, ...]] = UNITS) -> dict[str, Any]:
    return {
        "units": [
            {"id": u, "name": u, **({"group": g} if g is not None else {})}
            for u, (g, *_v) in units.items()
        ],
        "records": {
            leaf: [{"unit": u, "value": v[k + 1]} for u, v in units.items()]
            for k, leaf in enumerate(("a1", "a2", "b1"))
        },
    }


def test_maxima_come_from_the_units_group() -> None:
    r = govperf.score(_scheme(True), _data())
    assert r.total.tolist() == [95, 92, 70, 95, 86, 90, 91]
    assert r.max_points("a").tolist() == [70, 70, 70, 50, 50, 50, 50]
    assert r.max_points("a2").tolist() == [30, 30, 30, 20, 20, 20, 20]
    assert r.max_points("b1").tolist() == [30, 30, 30, 50, 50, 50, 50]
    assert r.node_max[3].tolist() == [50, 30, 20, 50, 50]  # s1: a, a1, a2, b, b1


def test_a_value_over_the_groups_maximum_is_an_error() -> None:
    units = {**UNITS, "s1": ("street", 35, 20, 45)}  # a1 is 30 for streets
    with pytest.raises(govperf.DataError) as info:
        govperf.score(_scheme(True), _data(units))
    (problem,) = info.value.problems
    assert "unit s1" in problem.text("en")
    assert "单位 s1" in problem.message
    assert problem.code == "out-of-range"


def test_ranks_and_grade_quotas_within_groups() -> None:
    r = govperf.score(_scheme(True), _data())
    # bureaus: u1 95, u2 92, u3 70; streets: s1 95, s4 91, s3 90, s2 86
    assert r.rank.tolist() == [1, 2, 3, 1, 4, 3, 2]
    # 优秀 (≥ 90) for at most half of each group: floor(1.5) = 1 bureau, floor(2) = 2
    # streets; u2 and s3 reach it but move down to 良好
    assert r.grade.tolist() == ["优秀", "良好", "合格", "优秀", "良好", "良好", "优秀"]


def test_ranks_and_grade_quotas_over_all_units_without_within_groups() -> None:
    r = govperf.score(_scheme(False), _data())
    # one ranking: u1 = s1 95 (1), u2 92 (3), s4 91 (4), s3 90 (5), s2 86 (6), u3 70 (7)
    assert r.rank.tolist() == [1, 3, 7, 1, 6, 5, 4]
    # floor(0.5 × 7) = 3 may be 优秀: ranks 1, 1, 3 keep it; s4 and s3 move to 良好
    assert r.grade.tolist() == ["优秀", "优秀", "合格", "优秀", "良好", "良好", "良好"]


def test_group_medians() -> None:
    r = govperf.score(_scheme(True), _data())
    # bureaus' totals 95, 92, 70 → 92; streets' 95, 86, 90, 91 → 90.5
    assert r.group_median().tolist() == [92, 92, 92, 90.5, 90.5, 90.5, 90.5]
    # shares of b: bureaus 25/30, 26/30, 20/30 → 25/30; streets .9, .8, 1, .82 → .86
    assert r.group_median("b", share=True).tolist() == pytest.approx([25 / 30] * 3 + [0.86] * 4)
    everyone = govperf.score(_scheme(False), _data())
    assert everyone.group_median().tolist() == [91] * 7  # 70 86 90 91 92 95 95


def test_undeclared_or_missing_group_is_an_error_naming_the_unit() -> None:
    units = {**UNITS, "v1": ("village", 1, 1, 1), "n1": (None, 1, 1, 1)}
    with pytest.raises(govperf.DataError) as info:
        govperf.score(_scheme(True), _data(units))
    messages = [p.message for p in info.value.problems]
    assert messages == [  # problems sort by message
        "unit n1 (n1) has no group; scheme grouped scores units by group (groups: bureau, street)",
        "unit v1 (v1) is in group 'village', which scheme grouped does not declare "
        "(groups: bureau, street)",
    ]
    assert {p.code for p in info.value.problems} == {"unknown-group"}
    assert sorted(p.message for p in govperf.check_data(_scheme(True), _data(units))) == messages


def test_redistribute_uses_the_groups_points() -> None:
    units = {"s1": ("street", 30, 20, 45)}
    data = _data(units)
    data["records"]["a2"] = []
    r = govperf.score(_scheme(True), data, missing="redistribute")
    # street a: a1 30 of 30 available → 30 × 50 / 30 = 50; total 50 + 45 = 95
    assert r.points("a").tolist() == [50]
    assert r.total.tolist() == [95]
    assert np.isnan(r.points("a2")[0])
