"""Problems say what they concern (row, unit, node, rule) as fields, not only in the message.

The scheme has two direct sub-indicators (s1 60, s2 40), a bonus rule (cap 5) and a
veto with one listed trigger; units a (甲) and b (乙).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import govperf
from govperf import Problem
from govperf.cli._year import check_report

SCHEME = """\
schema_version: 1
id: t
title: 测试
total_points: 100
levels:
  - id: l
    name: 层面
    points: 100
    indicators:
      - id: i
        name: 指标
        points: 100
        sub_indicators:
          - id: s1
            name: 甲项
            points: 60
            evaluator: {kind: direct}
            assessors: [{name: 区监察局}]
          - id: s2
            name: 乙项
            points: 40
            evaluator: {kind: direct}
rules:
  - {id: b, kind: bonus, name: 加分, params: {cap: 5}}
  - id: v
    kind: veto
    name: 否决
    params: {effect: exclude_from_awards, triggers: [{id: acc, name: 事故}]}
"""


@pytest.fixture
def scheme() -> govperf.Scheme:
    return govperf.loads_scheme(SCHEME, "t.yaml")


def data(s1: list[dict[str, Any]], events: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "units": [{"id": "a", "name": "甲"}, {"id": "b", "name": "乙"}],
        "records": {"s1": s1, "s2": [{"unit": "a", "value": 30}, {"unit": "b", "value": 20}]},
        "events": events or {},
    }


def problems(scheme: govperf.Scheme, payload: dict[str, Any]) -> list[Problem]:
    with pytest.raises(govperf.DataError) as info:
        govperf.score(scheme, payload)
    return list(info.value.problems)


def fields(p: Problem) -> tuple[object, ...]:
    return (p.code, p.row, p.unit, p.node, p.rule)


def test_out_of_range_value(scheme: govperf.Scheme) -> None:
    (p,) = problems(scheme, data([{"unit": "a", "value": 50}, {"unit": "b", "value": 61}]))
    assert fields(p) == ("out-of-range", 1, "b", "s1", None)
    assert p.render("en") == "row 2: s1: 甲项 [s1], unit b (乙): value 61 is above the maximum 60"
    assert str(p) == "row 2: s1: 甲项 [s1],单位 b(乙):value 61 高于最大值 60"


def test_unknown_unit_and_duplicate_row(scheme: govperf.Scheme) -> None:
    found = problems(
        scheme,
        data([{"unit": "a", "value": 1}, {"unit": "a", "value": 2}, {"unit": "z", "value": 3}]),
    )
    assert sorted(fields(p) for p in found) == [("unknown-unit", 2, "z", "s1", None)]
    found = problems(scheme, data([{"unit": "a", "value": 1}, {"unit": "a", "value": 2}]))
    assert [fields(p) for p in found] == [("duplicate-row", 1, "a", "s1", None)]


def test_missing_pair(scheme: govperf.Scheme) -> None:
    (p,) = problems(scheme, data([{"unit": "a", "value": 50}]))
    assert fields(p) == ("missing", None, "b", "s1", None)
    assert p.message == "单位 b(乙)缺少 甲项 [s1] 的数据(考评主体:区监察局)"
    assert p.text("en") == "no data for unit b (乙) on 甲项 [s1] (assessors: 区监察局)"


def test_invalid_event_names_the_rule(scheme: govperf.Scheme) -> None:
    events = {"v": [{"unit": "a", "trigger": "acc"}, {"unit": "b", "trigger": "fire"}]}
    ok = [{"unit": "a", "value": 50}, {"unit": "b", "value": 40}]
    (p,) = problems(scheme, data(ok, events))
    assert fields(p) == ("invalid-event", 1, "b", None, "v")
    assert p.text("en") == "rule v, unit b (乙): unknown veto trigger 'fire' (listed: acc (事故))"


def test_unknown_table_keys(scheme: govperf.Scheme) -> None:
    ok = [{"unit": "a", "value": 50}, {"unit": "b", "value": 40}]
    payload = data(ok, {"nope": [{"unit": "a"}]})
    payload["records"]["s9"] = [{"unit": "a", "value": 1}]
    found = sorted(problems(scheme, payload), key=lambda p: p.code)
    assert [fields(p) for p in found] == [
        ("unknown-rule", None, None, None, "nope"),
        ("unknown-sub-indicator", None, None, "s9", None),
    ]
    assert [p.message for p in found] == [
        "事件所属的 'nope' 不是方案 t 的规则",
        "记录所属的 's9' 不是方案 t 的指标",
    ]
    assert [p.text("en") for p in found] == [
        "events for 'nope', which is not a rule of scheme t",
        "records for 's9', which is not a sub-indicator of scheme t",
    ]


def test_rows_read_from_files_carry_unit_and_node(scheme: govperf.Scheme, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text("unit,name\na,甲\nb,乙\n", encoding="utf-8")
    (tmp_path / "v.csv").write_text(
        "unit,sub_indicator,value\na,s1,50\nb,s1,\na,s2,30\nb,s2,x\nc,s2,1\n", encoding="utf-8"
    )
    found = govperf.check_data(scheme, tmp_path)
    by_line = {(p.file, p.line): p for p in found}
    not_submitted = by_line[("v.csv", 3)]
    assert fields(not_submitted) == ("missing", None, "b", "s1", None)
    assert not_submitted.message == (
        "单位 b(乙)缺少 甲项 [s1] 的数据(考评主体:区监察局):未提交(模板中的这一行是空的)"
    )
    assert not_submitted.text("en") == (
        "no data for unit b (乙) on 甲项 [s1] (assessors: 区监察局): "
        "not submitted (the template row is empty)"
    )
    assert fields(by_line[("v.csv", 5)])[2:4] == ("b", "s2")  # 'x' is not a number
    assert fields(by_line[("v.csv", 6)])[:4] == ("unknown-unit", None, "c", "s2")


def test_check_report_groups_by_fields(scheme: govperf.Scheme) -> None:
    found = [
        Problem(message="anything at all", code="missing", unit="b", node="s1"),
        Problem(message="no data", code="missing", unit="a", node="s1"),
        Problem(message="no such node", code="missing", unit="a", node="s9"),
    ]
    assert check_report(scheme, found, {"a": "甲"}).splitlines()[:3] == [
        "缺少数据:共 2 个(单位,二级指标)项,按考评主体列出",
        "  区监察局",
        "    甲项 [s1]:2 个单位:b、a (甲)",
    ]
    assert check_report(scheme, found, {"a": "甲"}, lang="en").splitlines() == [
        "missing data: 2 (unit, sub-indicator) pairs, by assessor",
        "  区监察局",
        "    甲项 [s1]: 2 unit(s): b, a (甲)",
        "1 other problem",
        "  <scheme>: no such node",
    ]


def test_fields_default_to_none() -> None:
    p = Problem(message="m")
    assert (p.row, p.unit, p.node, p.rule) == (None, None, None, None)
    assert str(p) == "<scheme>: m"


def test_frame_problems_carry_unit_and_rule() -> None:
    pd = pytest.importorskip("pandas")
    with pytest.raises(govperf.DataError) as info:
        govperf.data_from_frames(
            units=pd.DataFrame({"unit": ["a", "a"], "name": ["甲", "甲"]}),
            events={"bonus": pd.DataFrame({"unit": ["a"], "rule": ["other"], "item": ["x"]})},
        )
    assert [fields(p) for p in info.value.problems] == [
        ("mismatch", None, None, None, "bonus"),
        ("duplicate-unit", None, "a", None, None),
    ]
