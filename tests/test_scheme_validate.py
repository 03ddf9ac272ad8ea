"""validate_scheme on objects built in Python and on mappings, and single checks."""

from __future__ import annotations

import attrs
import pytest

import govperf
from govperf import Level, Problem, Scheme
from samples import MINI


def test_valid_scheme_has_no_problems(xicheng: Scheme) -> None:
    assert govperf.validate_scheme(xicheng) == []
    assert govperf.validate_scheme("xicheng_2013") == []
    assert govperf.validate_scheme(govperf.scheme_to_dict(xicheng)) == []


def test_evolved_level_points(xicheng: Scheme) -> None:
    service = attrs.evolve(xicheng.levels[2], points=31)
    broken = attrs.evolve(xicheng, levels=(*xicheng.levels[:2], service))
    problems = govperf.validate_scheme(broken)
    # without lines, problems are sorted by path
    assert [(p.path, p.code) for p in problems] == [
        (("levels", 2, "points"), "points-sum"),
        (("total_points",), "points-sum"),
    ]
    assert all(p.line is None and p.column is None for p in problems)
    assert problems[0].message == (
        "indicators add up to 30 but level 服务效果 has 31 points: "
        "serve_central 5, serve_grassroots 5, public_rating 10, admin_service 10"
    )
    assert problems[1].message == (
        "levels add up to 101 but total_points is 100: efficiency 50, effectiveness 20, service 31"
    )
    assert str(problems[0]).startswith("scheme xicheng_2013: levels[2].points: indicators add up")
    with pytest.raises(govperf.SchemeError):
        govperf.scheme_from_dict(govperf.scheme_to_dict(broken))


def test_evolved_pooled_sub_with_points(xicheng: Scheme) -> None:
    efficiency = xicheng.levels[0]
    assert isinstance(efficiency, Level)  # the 3-tier form: levels, indicators, sub-indicators
    duties = efficiency.indicators[0]
    key_tasks = attrs.evolve(duties.sub_indicators[0], points=20)
    new_duties = attrs.evolve(duties, sub_indicators=(key_tasks, duties.sub_indicators[1]))
    level = attrs.evolve(efficiency, indicators=(new_duties, efficiency.indicators[1]))
    broken = attrs.evolve(xicheng, levels=(level, *xicheng.levels[1:]))
    (problem,) = govperf.validate_scheme(broken)
    assert problem.code == "pooled-points"
    assert problem.path == ("levels", 0, "indicators", 0, "sub_indicators", 0, "points")
    assert problem.line is None


def _problems_of(text: str) -> list[Problem]:
    data = govperf.loads_scheme(MINI)
    assert govperf.validate_scheme(data) == []
    with pytest.raises(govperf.SchemeError) as info:
        govperf.loads_scheme(text, "t.yaml")
    return list(info.value.problems)


def test_id_with_trailing_newline_is_rejected() -> None:
    (problem,) = _problems_of(MINI.replace("id: duties", 'id: "duties\\n"'))
    assert problem.code == "bad-id"
    assert problem.path == ("levels", 0, "indicators", 0, "sub_indicators", 1, "id")


@pytest.mark.parametrize("bad", ["1abc", "重点", "a b", "a.b", "_a"])
def test_bad_ids(bad: str) -> None:
    (problem,) = _problems_of(MINI.replace("id: duties", f'id: "{bad}"'))
    assert problem.code == "bad-id"
    assert repr(bad) in problem.message


def test_missing_levels_is_reported() -> None:
    text = MINI[: MINI.index("levels:")]
    (problem,) = _problems_of(text)
    assert problem.code == "missing-key"
    assert problem.path == ()
    assert "levels" in problem.message


def test_empty_levels() -> None:
    (problem,) = _problems_of(MINI[: MINI.index("levels:")] + "levels: []\n")
    assert problem.code == "empty"
    assert problem.path == ("levels",)


def test_level_without_indicators() -> None:
    start = MINI.index("    indicators:\n      - id: public")
    text = MINI[:start]
    (problem,) = _problems_of(text)
    assert problem.code == "empty"
    assert problem.path == ("levels", 1)
    assert problem.message == "level 服务效果 needs at least one entry under 'indicators'"


def test_marker_checked_on_pooled_sub_with_points_too() -> None:
    text = MINI.replace(
        "        points: 6\n        sub_indicators:",
        "        points: 6\n        pooled: true\n        sub_indicators:",
    )
    text = text.replace('marker: "△"', 'marker: "★"')
    problems = _problems_of(text)
    assert sorted(p.code for p in problems) == ["pooled-points", "pooled-points", "unknown-marker"]


def test_tie_break_must_name_a_node_not_a_rule() -> None:
    text = MINI.replace("markers:", "scoring:\n  tie_break: [work, bonus, nowhere]\nmarkers:")
    text += "rules:\n  - id: bonus\n    kind: bonus\n    name: 加分\n    params:\n      cap: 5\n"
    problems = _problems_of(text)
    assert [(p.path, p.code) for p in problems] == [
        (("scoring", "tie_break", 1), "unknown-id"),
        (("scoring", "tie_break", 2), "unknown-id"),
    ]


@pytest.mark.parametrize("precision", [-1, 7])
def test_precision_range(precision: int) -> None:
    text = MINI.replace("markers:", f"scoring:\n  precision: {precision}\nmarkers:")
    (problem,) = _problems_of(text)
    assert problem.code == "range"
    assert problem.path == ("scoring", "precision")


def test_validate_mapping_has_no_lines() -> None:
    data = govperf.scheme_to_dict(govperf.loads_scheme(MINI))
    data["levels"][1]["indicators"][0]["sub_indicators"][0]["points"] = 3
    problems = govperf.validate_scheme(data)
    assert [(p.path, p.code, p.line, p.file) for p in problems] == [
        (("levels", 1, "indicators", 0, "points"), "points-sum", None, "<dict>"),
    ]


def test_validate_returns_sorted_and_does_not_raise() -> None:
    text = MINI.replace("schema_version: 1", "schema_version: 2").replace(
        "            points: 2", "            points: -2"
    )
    problems = _problems_of(text)
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)


def test_bool_is_not_a_number() -> None:
    (problem,) = _problems_of(MINI.replace("            points: 2", "            points: yes"))
    assert problem.message == "expected a number, got True"
    assert problem.code == "type"
