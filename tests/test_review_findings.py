"""Regression tests for bugs found by probing the public API and CLI with hostile input.

Scheme ``SMALL`` (hand-computed figures below): one direct sub-indicator ``tasks`` of 4
points, one survey ``survey`` of 6 points (satisfied weight 1), a bonus capped at 1 and a
veto that caps the grade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import govperf
from govperf.cli import main

SMALL = """\
schema_version: 1
id: small
title: 示例
total_points: 10
levels:
  - id: work
    name: 履职效率
    points: 10
    indicators:
      - id: duties
        name: 职责任务
        points: 10
        sub_indicators:
          - {id: tasks, name: 重点任务, points: 4, evaluator: {kind: direct}}
          - id: survey
            name: 满意度
            points: 6
            evaluator:
              kind: survey
              params:
                categories: [{id: satisfied, weight: 1}, {id: fair, weight: 0.5}]
rules:
  - {id: bonus, kind: bonus, name: 创新创优, params: {cap: 1}}
"""


@pytest.fixture
def small() -> govperf.Scheme:
    return govperf.loads_scheme(SMALL, "small.yaml")


def _data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "units": ["a", "b"],
        "records": {
            "tasks": [{"unit": "a", "value": 4}, {"unit": "b", "value": 3}],
            "survey": [
                {"unit": "a", "category": "satisfied", "count": 8},
                {"unit": "b", "category": "fair", "count": 4},
            ],
        },
        "events": {},
    }
    data.update(overrides)
    return data


def test_small_scheme_hand_computed(small: govperf.Scheme) -> None:
    # a: 4 + 6 × 8/8 = 10; b: 3 + 6 × 0.5 = 6
    r = govperf.score(small, _data())
    assert (r.unit("a").total, r.unit("b").total) == (10.0, 6.0)


# -- infinite numbers ------------------------------------------------------------------
# The data format says numbers are finite ("inf" in a number column is an error), but
# "1e400" overflowed to inf and was accepted, and inf given through the Python/JSON API
# was accepted by every number column: a bonus of inf was silently capped, a survey
# count of inf became "the evaluator survey gave nan points".


def test_csv_number_overflowing_to_inf_is_refused(small: govperf.Scheme, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text("unit,name\na,甲\nb,乙\n", encoding="utf-8")
    (tmp_path / "v.csv").write_text(
        "unit,sub_indicator,value\na,tasks,4\nb,tasks,3\n", encoding="utf-8"
    )
    (tmp_path / "s.csv").write_text(
        "unit,sub_indicator,category,count\na,survey,satisfied,8\nb,survey,fair,1e400\n",
        encoding="utf-8",
    )
    with pytest.raises(govperf.DataError) as info:
        govperf.read_data(small, tmp_path)
    assert [str(p) for p in info.value.problems] == [
        "s.csv:3: count: 满意度 [survey]: '1e400' is not a finite number"
    ]
    assert govperf.check_data(small, tmp_path) != []


@pytest.mark.parametrize("value", [float("inf"), float("-inf")])
def test_infinite_bonus_points_are_refused(small: govperf.Scheme, value: float) -> None:
    data = _data(events={"bonus": [{"unit": "a", "item": "x", "points": value}]})
    with pytest.raises(govperf.DataError) as info:
        govperf.score(small, data)
    (problem,) = info.value.problems
    assert "not a finite number" in problem.message
    assert govperf.check_data(small, data) != []


def test_infinite_survey_count_is_refused(small: govperf.Scheme) -> None:
    data = _data()
    data["records"]["survey"][1]["count"] = float("inf")
    with pytest.raises(govperf.DataError) as info:
        govperf.score(small, data)
    (problem,) = info.value.problems
    assert "count inf is not a finite number" in problem.message
    assert [p.message for p in govperf.check_data(small, data)] == [problem.message]


# -- veto grade_cap: validate said "valid", scoring then refused the scheme ----------

CAPPED = SMALL + (
    "  - id: veto\n"
    "    kind: veto\n"
    "    name: 一票否决\n"
    "    params: {effect: cap_grade, grade_cap: 特优, open_triggers: true}\n"
)


def test_validate_reports_grade_cap_that_is_no_grade(tmp_path: Path) -> None:
    path = tmp_path / "capped.yaml"
    path.write_text(CAPPED, encoding="utf-8")
    problems = govperf.validate_scheme(path)
    assert [(p.path, p.code) for p in problems] == [
        (("rules", 1, "params", "grade_cap"), "unknown-grade")
    ]
    assert main(["validate", str(path)]) == 1


def test_validate_accepts_grade_cap_of_a_grade_rule(tmp_path: Path) -> None:
    path = tmp_path / "capped.yaml"
    path.write_text(
        CAPPED.replace("特优", "合格") + "  - id: grades\n    kind: grade\n    name: 等次\n"
        "    params: {bands: [{grade: 优秀, min: 9}, {grade: 合格}]}\n",
        encoding="utf-8",
    )
    assert govperf.validate_scheme(path) == []
    scheme = govperf.load_scheme(path)
    data = _data(events={"veto": [{"unit": "a", "trigger": "事故"}]})
    r = govperf.score(scheme, data)
    assert (r.unit("a").total, r.unit("a").grade) == (10.0, "合格")  # capped from 优秀


# -- Results.to_dict / from_dict under "redistribute" ----------------------------------
# A pair left out under "redistribute" has NaN points.  to_dict stored the NaN (not
# valid JSON), and from_dict compared it with the fresh figures turned to None, so the
# round trip the docs promise failed with "the stored figures do not match".


def test_results_round_trip_under_redistribute(small: govperf.Scheme) -> None:
    import json

    data = _data()
    data["records"]["tasks"] = data["records"]["tasks"][1:]  # a has no tasks
    results = govperf.score(small, data, missing="redistribute")
    # a: survey 6 of 6 is all its data, scaled to the 10 points of the scheme
    assert results.unit("a").total == 10.0
    text = json.dumps(results.to_dict(), allow_nan=False)  # strict JSON
    again = govperf.results_from_dict(json.loads(text))
    assert again.unit("a").total == 10.0
    assert again.unit("b").total == 6.0
    assert json.loads(text)["units"][0]["points"]["tasks"] is None


# -- malformed units and tables through the dict API -----------------------------------
# {"units": "abc"} silently scored three units a, b and c; a unit given as a number or
# None, or a list in place of the records mapping, raised an unclear message or a bare
# AttributeError instead of one DataError; an empty unit id was accepted (the file
# reader refuses it).


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"units": "abc"}, "units must be a list of ids or of mappings, got 'abc'"),
        ({"units": [None]}, "a unit is an id (text) or a mapping with an 'id', got None"),
        ({"units": [{"name": "甲"}]}, "unit {'name': '甲'} has no 'id'"),
        ({"units": [""]}, "empty unit id in ''"),
        ({"units": ["a"], "records": [1]}, "expected a mapping from id to table, got list"),
    ],
)
def test_malformed_units_are_one_data_error(
    small: govperf.Scheme, data: dict[str, Any], message: str
) -> None:
    with pytest.raises(govperf.DataError) as info:
        govperf.score(small, data)
    (problem,) = info.value.problems
    assert problem.message == f"malformed evaluation data: {message}"


# -- govperf check: template rows left empty were not grouped by assessor ------------
# The not-submitted problems (code "missing", at the template row) have no path, so
# the check report listed them one by one as "other problems" instead of under
# "missing data ... by assessor", the view an office uses to chase submissions.


def test_check_groups_not_submitted_template_rows_by_assessor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scheme_file = tmp_path / "small.yaml"
    scheme_file.write_text(
        SMALL.replace(
            "{id: tasks, name: 重点任务, points: 4, evaluator: {kind: direct}}",
            "{id: tasks, name: 重点任务, points: 4, evaluator: {kind: direct}, "
            "assessors: [{name: 区监察局}]}",
        ),
        encoding="utf-8",
    )
    year = tmp_path / "year"
    year.mkdir()
    (year / "units.csv").write_text("unit,name\na,甲\nb,乙\n", encoding="utf-8")
    (year / "v.csv").write_text("unit,sub_indicator,value\na,tasks,4\nb,tasks,\n", encoding="utf-8")
    (year / "s.csv").write_text(
        "unit,sub_indicator,category,count\na,survey,satisfied,8\nb,survey,fair,4\n",
        encoding="utf-8",
    )
    assert main(["check", str(scheme_file), str(year)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "missing data: 1 (unit, sub-indicator) pairs, by assessor",
        "  区监察局",
        "    重点任务 [tasks]: 1 unit(s): b (乙)",
    ]


# -- explanation of a unit whose total a veto set to 0 ----------------------------------
# The headline read "total 0 = base 9.8 + bonus 1 − deductions 0", a false equation in
# the trail that feedback reports are built from.

ZEROED = SMALL + (
    "  - id: veto\n"
    "    kind: veto\n"
    "    name: 一票否决\n"
    "    params: {effect: zero_total, open_triggers: true}\n"
)


def test_explanation_of_zero_total_veto_says_why() -> None:
    scheme = govperf.loads_scheme(ZEROED, "zeroed.yaml")
    data = _data(
        events={
            "bonus": [{"unit": "a", "item": "x", "points": 1}],
            "veto": [{"unit": "b", "trigger": "事故"}],
        }
    )
    r = govperf.score(scheme, data)
    assert (r.unit("b").total, r.unit("b").base) == (0.0, 6.0)
    assert r.explain("b").to_text("en").splitlines()[1] == (
        "total 0 (vetoed: total set to 0; base 6 + bonus 0 − deductions 0)"
    )
    assert r.explain("b").to_text("zh").splitlines()[1] == (
        "总分 0(一票否决,总分记为0;基础分 6 + 加分 0 − 扣分 0)"
    )
    # a unit without a veto keeps the equation: 10 + 1 = 11
    assert r.explain("a").to_text("en").splitlines()[1] == (
        "total 11 = base 10 + bonus 1 − deductions 0"
    )


# -- out-of-range messages rounded the value to 6 digits --------------------------------
# "value 4 is above the maximum 4" (the value was 4.0000001) and "value 100 is in no
# band (…, [90, 100])" (it was 100.0001) contradicted themselves.


def test_out_of_range_message_shows_the_value_given(small: govperf.Scheme) -> None:
    data = _data()
    data["records"]["tasks"][0]["value"] = 4.0000001
    with pytest.raises(govperf.DataError) as info:
        govperf.score(small, data)
    (problem,) = info.value.problems
    assert problem.message.endswith("value 4.0000001 is above the maximum 4")


def test_value_in_no_band_message_shows_the_value_given() -> None:
    scheme = govperf.loads_scheme(
        SMALL.replace(
            "evaluator: {kind: direct}",
            "evaluator: {kind: bands, params: {bands: [{min: 0, max: 4, max_inclusive: true, "
            "share: 1}]}}",
        ),
        "bands.yaml",
    )
    data = _data()
    data["records"]["tasks"][0]["value"] = 4.0000001
    with pytest.raises(govperf.DataError) as info:
        govperf.score(scheme, data)
    (problem,) = info.value.problems
    assert problem.message.endswith("value 4.0000001 is in no band ([0, 4])")


# -- EvaluationData.to_dict with dense splits -------------------------------------------
# Splits in the documented dense form ({"key_tasks": [...], "main_duties": [...]}) came
# out of to_dict as rows {"key_tasks": 35, "main_duties": 10, "unit": "a"}: neither form,
# so from_dict + score, and Results.from_dict, failed on "records lack the column
# 'sub_indicator'".

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


def test_dense_splits_survive_to_dict_and_results_round_trip() -> None:
    import json

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


# -- CLI advice named the Python argument ------------------------------------------------
# "govperf report … -o DIR" into a non-empty folder said "pass overwrite=True", which a
# command-line user cannot do; the flag is --overwrite.


def test_cli_refusal_to_overwrite_names_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scheme_file = tmp_path / "small.yaml"
    scheme_file.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "blank"
    assert main(["template", str(scheme_file), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["template", str(scheme_file), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "pass --overwrite to replace" in err
    assert "overwrite=True" not in err
