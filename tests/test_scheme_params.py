"""A year's parameters without copying the scheme (``with_params``, ``--params``).

Ten units score 100, 95, …, 55 on one 100-point leaf; every one reaches the 优秀 band
(min 50), so the 优秀 quota alone decides how many keep it: 20 % of 10 is 2; 25 % of 10
is 2.5, which is 2 under floor rounding and 3 under ceil.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govperf

SCHEME = """\
schema_version: 1
id: g
title: 等次测试
total_points: 100
tiers:
  - {name: 指标}
nodes:
  - {id: s, name: 工作, points: 100, evaluator: {kind: direct}}
rules:
  - id: grades
    kind: grade
    name: 等次
    params:
      bands: [{grade: 优秀, min: 50}, {grade: 合格}]
      quotas:
        - {grade: 优秀, max_share: 0.2}
"""

UNITS = "abcdefghij"
DATA = {
    "units": list(UNITS),
    "records": {"s": [{"unit": u, "value": float(100 - 5 * i)} for i, u in enumerate(UNITS)]},
}


def top(scheme: govperf.Scheme) -> str:
    results = govperf.score(scheme, DATA)
    return "".join(u for u in UNITS if results.unit(u).grade == "优秀")


def test_the_scheme_quota_gives_two() -> None:
    assert top(govperf.loads_scheme(SCHEME)) == "ab"


@pytest.mark.parametrize(("rounding", "expected"), [("floor", "ab"), ("ceil", "abc")])
def test_an_override_of_the_share(rounding: str, expected: str) -> None:
    scheme = govperf.loads_scheme(SCHEME)
    quota = {"grade": "优秀", "max_share": 0.25, "rounding": rounding}
    year = govperf.with_params(scheme, {"grades": {"quotas": [quota]}})
    assert top(year) == expected
    assert top(scheme) == "ab"  # the scheme itself is unchanged
    assert year.rules[0].params["bands"] == scheme.rules[0].params["bands"]  # kept


def test_an_evaluator_override() -> None:
    # scale 200: points = value / 200 × 100, so 100 → 50 and 55 → 27.5
    year = govperf.with_params(govperf.loads_scheme(SCHEME), {"s": {"scale": 200}})
    results = govperf.score(year, DATA)
    assert (results.unit("a").total, results.unit("j").total) == (50.0, 27.5)


def test_a_wrong_evaluator_parameter_from_python() -> None:
    with pytest.raises(govperf.SchemeError) as exc:
        govperf.with_params(govperf.loads_scheme(SCHEME), {"s": {"max": 80}}, "2025 overrides")
    assert [str(p) for p in exc.value.problems] == [
        "2025 overrides: s.max: unknown key 'max' (known keys: scale, input_range)"
    ]


def test_a_file_of_overrides(tmp_path: Path) -> None:
    path = tmp_path / "2025-params.yaml"
    path.write_text("grades:\n  quotas:\n    - {grade: 优秀, max_share: 0.3}\n", encoding="utf-8")
    year = govperf.with_params(govperf.loads_scheme(SCHEME), path)
    assert top(year) == "abc"  # 0.3 × 10 = 3


def test_a_misspelt_parameter_is_located_in_the_overrides(tmp_path: Path) -> None:
    path = tmp_path / "2025-params.yaml"
    path.write_text("grades:\n  quotas:\n    - {grade: 优秀, max_sharee: 0.25}\n", encoding="utf-8")
    with pytest.raises(govperf.SchemeError) as exc:
        govperf.with_params(govperf.loads_scheme(SCHEME), path)
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:3:19: grades.quotas[0].max_sharee: unknown key 'max_sharee'; "
        "did you mean 'max_share'?"
    ]


def test_an_unknown_id_names_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "2025-params.yaml"
    path.write_text("grade:\n  max_share: 0.25\n", encoding="utf-8")
    with pytest.raises(govperf.SchemeError) as exc:
        govperf.with_params(govperf.loads_scheme(SCHEME), path)
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:1:1: grade: no rule or evaluator with the id 'grade' (known: grades, s)"
    ]


def test_every_problem_at_once(tmp_path: Path) -> None:
    path = tmp_path / "2025-params.yaml"
    path.write_text("nope: {}\ns:\n  scalee: 200\n", encoding="utf-8")
    with pytest.raises(govperf.SchemeError) as exc:
        govperf.with_params(govperf.loads_scheme(SCHEME), path)
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:1:1: nope: no rule or evaluator with the id 'nope' (known: grades, s)",
        f"{path}:3:3: s.scalee: unknown key 'scalee'; did you mean 'scale'?",
    ]


def test_cli_params(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from govperf.cli import main

    scheme = tmp_path / "g.yaml"
    scheme.write_text(SCHEME, encoding="utf-8")
    data = tmp_path / "data.json"
    data.write_text(json.dumps(DATA), encoding="utf-8")
    params = tmp_path / "2025-params.yaml"
    params.write_text("s: {scale: 200}\n", encoding="utf-8")
    assert main(["score", str(scheme), str(data), "--params", str(params)]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert [(row[1], row[3]) for row in rows[:2]] == [("a", "50.00"), ("b", "47.50")]
    params.write_text("s: {scalee: 200}\n", encoding="utf-8")
    assert main(["check", str(scheme), str(data), "--params", str(params)]) != 0
    assert f"{params}:1:5: s.scalee: unknown key 'scalee'" in capsys.readouterr().err
