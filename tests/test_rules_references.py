"""References in rules that match nothing are errors: units, groups, nodes, triggers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import govperf

BASE = """\
schema_version: 1
id: t
title: 测试
total_points: 100
tiers: [{{name: 指标}}]
{groups}
nodes:
  - {{id: s1, name: 甲, points: 60, evaluator: {{kind: direct}}}}
  - {{id: s2, name: 乙, points: 40, evaluator: {{kind: direct}}}}
rules:
{rules}
"""

GROUPS = "groups: [{id: district, name: 区属}, {id: branch, name: 垂直}]"


def _text(rules: str, groups: str = "") -> str:
    return BASE.format(rules=rules, groups=groups)


def _data(units: list[Any]) -> dict[str, Any]:
    ids = [u if isinstance(u, str) else u["id"] for u in units]
    return {
        "units": units,
        "records": {s: [{"unit": u, "value": 30} for u in ids] for s in ("s1", "s2")},
    }


def test_excluded_unit_not_in_the_data_is_a_data_error() -> None:
    sch = govperf.loads_scheme(
        _text("  - {id: x, kind: exclude, name: 不排名, params: {units: [a, bb]}}")
    )
    d = _data(["a", "b"])
    problems = govperf.check_data(sch, d)
    assert [(p.code, p.rule, p.path) for p in problems] == [
        ("unknown-reference", "x", ("rules", 0, "params", "units", 1))
    ]
    assert problems[0].text("en") == (
        "rule x names unit 'bb', which is not among the units of the data"
    )
    assert problems[0].message == "规则 x 指定的单位 'bb' 不在数据的单位之中"
    with pytest.raises(govperf.DataError, match="'bb'"):
        govperf.score(sch, d)


def test_excluded_group_not_declared_is_a_scheme_error(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    rules = "  - {id: x, kind: exclude, name: 不排名, params: {groups: [distrct]}}"
    path.write_text(_text(rules, GROUPS), encoding="utf-8")
    problems = govperf.validate_scheme(path)
    assert [(p.path, p.code) for p in problems] == [
        (("rules", 0, "params", "groups", 0), "unknown-group")
    ]
    assert "'distrct' is not a unit group of this scheme (declared: branch, district)" in (
        problems[0].message
    )


def test_excluded_group_without_declared_groups_must_match_a_unit() -> None:
    sch = govperf.loads_scheme(
        _text("  - {id: x, kind: exclude, name: 不排名, params: {groups: [g1, g2]}}")
    )
    d = _data([{"id": "a", "group": "g1"}, "b"])
    problems = govperf.check_data(sch, d)
    assert [p.path for p in problems] == [("rules", 0, "params", "groups", 1)]
    assert "'g2', which no unit of the data belongs to" in problems[0].text("en")
    assert problems[0].message == "规则 x 指定的单位分组 'g2' 在数据中没有任何单位"


def test_matching_references_pass() -> None:
    sch = govperf.loads_scheme(
        _text(
            "  - {id: x, kind: exclude, name: 不排名, params: {units: [b], groups: [branch]}}",
            GROUPS,
        )
    )
    d = _data([{"id": "a", "group": "district"}, {"id": "b", "group": "district"}])
    r = govperf.score(sch, d)
    assert (r.unit("a").rank, r.unit("b").rank) == (1, None)
