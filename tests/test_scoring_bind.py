"""Bind once: unit ids become positions when the data is built; tables may give positions."""

from __future__ import annotations

import numpy as np
import pytest

import govperf

SCHEME = """\
schema_version: 1
id: b
title: 绑定测试
total_points: 10
levels:
  - id: l1
    name: 层面
    points: 10
    indicators:
      - id: i1
        name: 指标
        points: 10
        sub_indicators:
          - {id: s1, name: 甲, points: 6, evaluator: {kind: direct}}
          - {id: s2, name: 乙, points: 4, evaluator: {kind: direct}}
rules:
  - {id: plus, kind: bonus, name: 加分, params: {cap: 1}}
"""


@pytest.fixture(scope="module")
def scheme() -> govperf.Scheme:
    return govperf.loads_scheme(SCHEME)


def test_ids_become_positions_once_when_the_data_is_built() -> None:
    data = govperf.EvaluationData(
        units=["a", "b", "c"],
        records={"s1": {"unit": ["c", "a", "zz"], "value": [1.0, 2.0, 3.0]}},
    )
    table = data.records["s1"]
    assert table.positions is not None
    assert table.positions.tolist() == [2, 0, -1]  # -1: not a unit (reported when scored)
    assert table.unit is not None
    assert table.unit.tolist() == ["c", "a", "zz"]


def test_float_columns_are_not_copied() -> None:
    values = np.array([1.0, 2.0])
    data = govperf.EvaluationData(units=["a", "b"], records={"s1": {"value": values}})
    assert data.records["s1"].columns["value"] is values


def test_a_table_of_positions_scores_like_one_of_ids(scheme: govperf.Scheme) -> None:
    by_id = govperf.EvaluationData(
        units=["a", "b"],
        records={
            "s1": {"unit": ["b", "a"], "value": [5.0, 6.0]},
            "s2": {"unit": ["a", "b"], "value": [1.0, 4.0]},
        },
        events={"plus": {"unit": ["b", "b"], "item": ["x", "y"], "points": [0.75, 0.5]}},
    )
    by_pos = govperf.EvaluationData(
        units=["a", "b"],
        records={
            "s1": govperf.Table(columns={"value": [5.0, 6.0]}, positions=[1, 0]),
            "s2": govperf.Table(columns={"value": [1.0, 4.0]}, positions=[0, 1]),
        },
        events={
            "plus": govperf.Table(
                columns={"item": ["x", "y"], "points": [0.75, 0.5]}, positions=[1, 1]
            )
        },
    )
    # a: 6 + 1 = 7; b: 5 + 4 + min(1, 0.75 + 0.5) = 10
    for data in (by_id, by_pos):
        results = govperf.score(scheme, data)
        assert results.total.tolist() == [7.0, 10.0]
    assert by_pos.to_dict()["records"]["s1"] == [
        {"unit": "b", "value": 5.0},
        {"unit": "a", "value": 6.0},
    ]


def test_a_position_outside_the_units_is_reported(scheme: govperf.Scheme) -> None:
    data = govperf.EvaluationData(
        units=["a", "b"],
        records={
            "s1": govperf.Table(columns={"value": [5.0, 6.0]}, positions=[1, 2]),
            "s2": {"value": [1.0, 4.0]},
        },
    )
    with pytest.raises(govperf.DataError) as err:
        govperf.score(scheme, data)
    [problem] = err.value.problems
    assert problem.message == "甲 [s1] 的记录:位置 2 上的单位无法识别"
    assert problem.text("en") == "records of 甲 [s1]: unknown unit at position 2"
    assert problem.line is None
    assert problem.file == "row 2"


def test_an_infinite_value_is_reported_at_its_row(scheme: govperf.Scheme) -> None:
    data = govperf.EvaluationData(
        units=["a", "b"],
        records={"s1": {"value": [5.0, np.inf]}, "s2": {"value": [1.0, 4.0]}},
    )
    with pytest.raises(govperf.DataError) as err:
        govperf.score(scheme, data)
    assert [p.message for p in err.value.problems] == ["甲 [s1] 的记录:value inf 不是有限数"]
    assert [p.text("en") for p in err.value.problems] == [
        "records of 甲 [s1]: value inf is not a finite number"
    ]


def test_positions_must_be_integers() -> None:
    with pytest.raises(ValueError, match="positions must be"):
        govperf.Table(columns={"value": [1.0]}, positions=[0.5])
