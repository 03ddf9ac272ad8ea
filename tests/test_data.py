"""Evaluation data as Python values: EvaluationData.from_dict, to_dict, malformed input."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given

import govperf
from strategies import Evaluation, evaluations

POOLED = """\
schema_version: 1
id: pooled
title: 池
total_points: 100
levels:
  - id: work
    name: 履职效率
    points: 100
    indicators:
      - id: duties
        name: 职责任务
        points: 45
        pooled: true
        sub_indicators:
          - {id: key_tasks, name: 重点任务, evaluator: {kind: direct}}
          - {id: main_duties, name: 主要职责, evaluator: {kind: direct, params: {scale: 100}}}
      - id: other
        name: 其他
        points: 55
        sub_indicators:
          - {id: integrity, name: 廉政, points: 55, evaluator: {kind: direct}}
"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # a string was read as the list of its characters: three units a, b and c
        ({"units": "abc"}, "units must be a list of ids or of mappings, got 'abc'"),
        ({"units": [None]}, "a unit is an id (text) or a mapping with an 'id', got None"),
        ({"units": [{"name": "甲"}]}, "unit {'name': '甲'} has no 'id'"),
        ({"units": [""]}, "empty unit id in ''"),  # the file reader refuses it too
        ({"units": ["a"], "records": [1]}, "expected a mapping from id to table, got list"),
    ],
)
def test_malformed_units_and_tables_are_one_data_error(
    small: govperf.Scheme, data: dict[str, Any], message: str
) -> None:
    with pytest.raises(govperf.DataError) as info:
        govperf.score(small, data)
    (problem,) = info.value.problems
    assert problem.message == f"malformed evaluation data: {message}"


def test_dense_splits_come_out_of_to_dict_as_rows() -> None:
    # they came out as {"key_tasks": 35, "main_duties": 10, "unit": "a"}: neither form
    scheme = govperf.loads_scheme(POOLED, "pooled.yaml")
    data = {
        "units": ["a", "b"],
        "splits": {"key_tasks": [35, 40], "main_duties": [10, 5]},
        "records": {
            "key_tasks": {"value": [30, 40]},
            "main_duties": {"value": [90, 90]},
            "integrity": {"value": [50, 50]},
        },
    }
    # a: 30 + 90/100 × 10 + 50 = 89; b: 40 + 90/100 × 5 + 50 = 94.5
    results = govperf.score(scheme, data)
    assert (results.unit("a").total, results.unit("b").total) == (89.0, 94.5)
    plain = govperf.EvaluationData.from_dict(data).to_dict()
    assert plain["splits"] == [
        {"unit": "a", "sub_indicator": "key_tasks", "points": 35},
        {"unit": "a", "sub_indicator": "main_duties", "points": 10},
        {"unit": "b", "sub_indicator": "key_tasks", "points": 40},
        {"unit": "b", "sub_indicator": "main_duties", "points": 5},
    ]
    assert govperf.score(scheme, plain).unit("b").total == 94.5
    again = govperf.results_from_dict(json.loads(json.dumps(results.to_dict())))
    assert again.unit("b").total == 94.5


@given(evaluations())
def test_to_dict_and_from_dict_round_trip_exactly(ev: Evaluation) -> None:
    for form in (ev.data(), *([ev.dense()] if ev.dense_able else [])):
        plain = govperf.EvaluationData.from_dict(form).to_dict()
        text = json.dumps(plain, ensure_ascii=False, allow_nan=False)
        again = govperf.EvaluationData.from_dict(json.loads(text)).to_dict()
        assert again == plain
        # and it is the same data: it scores the same
        first = govperf.score(ev.scheme, form, missing=ev.missing)
        second = govperf.score(ev.scheme, json.loads(text), missing=ev.missing)
        np.testing.assert_array_equal(second.node_points, first.node_points)
        assert [repr(second.unit(u)) for u in ev.units] == [repr(first.unit(u)) for u in ev.units]
