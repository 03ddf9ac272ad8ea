"""A hand-computed scoring of four units on the bundled Xicheng 2013 scheme.

The data is :func:`samples.xicheng_data` (figures computed by hand in its docstring).
"""

from __future__ import annotations

from typing import Any

import pytest

import govperf
from samples import XICHENG_UNITS, xicheng_data


def test_totals_bonus_cap_and_rounding(xicheng: govperf.Scheme) -> None:
    r = govperf.score(xicheng, xicheng_data())
    a = r.unit("a")
    assert a.base == 97.53  # 97.525 half up
    assert a.bonus == 5.0  # 3 + 4 = 7 claimed, capped at 5
    assert a.total == 102.53  # 102.525 half up (not banker's 102.52)
    assert r.total[0] == pytest.approx(102.525)
    assert a.points["leadership_rating"] == 4.13  # 4.125 half up
    assert r.unit("d").total == 85.9


def test_veto_keeps_score_and_removes_award(xicheng: govperf.Scheme) -> None:
    r = govperf.score(xicheng, xicheng_data())
    b = r.unit("b")
    assert b.total == 92.65  # unchanged by exclude_from_awards
    assert b.base == 92.65
    assert b.award_eligible is False
    assert b.vetoes == ("work_safety_accident",)
    assert b.rank == 2  # still ranked
    assert r.unit("c").award_eligible is True
    assert r.unit("c").vetoes == ()


def test_pooled_splits_differ_by_unit(xicheng: govperf.Scheme) -> None:
    r = govperf.score(xicheng, xicheng_data())
    assert list(r.max_points("key_tasks")) == [35.0, 30.0, 25.0, 30.0]
    assert list(r.max_points("main_duties")) == [10.0, 15.0, 20.0, 15.0]
    # key_tasks: a 35 × 1; b 30 × 0.825; c 25 × 1 (actual beyond challenge); d 30 × 0.8
    assert list(r.points("key_tasks")) == pytest.approx([35.0, 24.75, 25.0, 24.0])
    # duties = key_tasks + main_duties
    assert list(r.points("duties")) == pytest.approx([45.0, 39.75, 39.75, 34.0])


def test_tie_shares_rank(xicheng: govperf.Scheme) -> None:
    r = govperf.score(xicheng, xicheng_data())
    assert [(u.unit, u.rank) for u in r.ranking()] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]
    assert r.unit("b").total == r.unit("c").total == 92.65


def _messages(exc: govperf.DataError) -> list[str]:
    return [p.text("en") for p in exc.problems]


def test_split_not_adding_up(xicheng: govperf.Scheme) -> None:
    data = xicheng_data()
    data["splits"][1]["points"] = 15  # a: 35 + 15 = 50, not 45
    with pytest.raises(govperf.DataError) as info:
        govperf.score(xicheng, data)
    (msg,) = _messages(info.value)
    assert "unit a" in msg
    assert "[duties]" in msg
    assert "50" in msg


def test_split_missing(xicheng: govperf.Scheme) -> None:
    data = xicheng_data()
    del data["splits"][5]  # c's main_duties split
    with pytest.raises(govperf.DataError) as info:
        govperf.score(xicheng, data)
    (msg,) = _messages(info.value)
    assert "unit c" in msg
    assert "main_duties" in msg
    assert "[duties]" in msg


def test_direct_value_above_max(xicheng: govperf.Scheme) -> None:
    data = xicheng_data()
    data["records"]["petitions"][3]["value"] = 2.5  # d, max 2
    data["records"]["main_duties"][0]["value"] = 12  # a, split max 10
    with pytest.raises(govperf.DataError) as info:
        govperf.score(xicheng, data)
    msgs = sorted(_messages(info.value))
    assert len(msgs) == 2
    assert any("unit d" in m and "[petitions]" in m and "2.5" in m for m in msgs)
    assert any("unit a" in m and "[main_duties]" in m and "12" in m for m in msgs)


def _without_d_petitions() -> dict[str, Any]:
    data = xicheng_data()
    data["records"]["petitions"] = data["records"]["petitions"][:3]
    return data


def test_missing_records_error_policy(xicheng: govperf.Scheme) -> None:
    with pytest.raises(govperf.DataError) as info:
        govperf.score(xicheng, _without_d_petitions())
    (problem,) = info.value.problems
    assert problem.path == ("petitions",)
    assert "unit d" in problem.text("en")
    assert "[petitions]" in problem.text("en")
    assert problem.message.startswith("单位 d(单位d)缺少 信访办理 [petitions] 的数据")


def test_missing_zero(xicheng: govperf.Scheme) -> None:
    r = govperf.score(xicheng, _without_d_petitions(), missing="zero")
    assert r.unit("d").total == 83.9  # 85.9 − 2
    assert r.unit("a").total == 102.53
    assert r.filled == (("d", "petitions"),)


def test_missing_carry(xicheng: govperf.Scheme) -> None:
    policy = govperf.MissingPolicy(kind="carry", values={"petitions": {"d": 0.5}})
    r = govperf.score(xicheng, _without_d_petitions(), missing=policy)
    assert r.unit("d").total == 84.4  # 85.9 − 2 + 0.5
    assert r.unit("d").points["petitions"] == 0.5


def test_missing_carry_without_value(xicheng: govperf.Scheme) -> None:
    policy = govperf.MissingPolicy(kind="carry", values={"petitions": {"a": 0.5}})
    with pytest.raises(govperf.DataError) as info:
        govperf.score(xicheng, _without_d_petitions(), missing=policy)
    assert _messages(info.value) == [
        "no data and no carried value for unit d (单位d) on 信访办理 [petitions]"
    ]
    assert info.value.problems[0].message == (
        "单位 d(单位d)缺少 信访办理 [petitions] 的数据,也没有给定沿用分值"
    )


def test_missing_redistribute(xicheng: govperf.Scheme) -> None:
    r = govperf.score(xicheng, _without_d_petitions(), missing="redistribute")
    d = r.unit("d")
    # lawful_admin (6): rule_of_law 1 + disclosure 2 of the 4 points available
    # → 3 × 6 / 4 = 4.5 instead of 5; total 85.9 − 5 + 4.5 = 85.4
    assert d.points["lawful_admin"] == 4.5
    assert d.total == 85.4
    assert r.unit("c").total == 92.65  # complete units unchanged


def test_unknown_unit_in_records(xicheng: govperf.Scheme) -> None:
    data = xicheng_data()
    data["records"]["budget"].append({"unit": "zz", "value": 1})
    with pytest.raises(govperf.DataError) as info:
        govperf.score(xicheng, data)
    (msg,) = _messages(info.value)
    assert "unknown unit 'zz'" in msg
    assert "[budget]" in msg


def test_unknown_sub_indicator(xicheng: govperf.Scheme) -> None:
    data = xicheng_data()
    data["records"]["no_such_sub"] = [{"unit": "a", "value": 1}]
    with pytest.raises(govperf.DataError) as info:
        govperf.score(xicheng, data)
    (problem,) = info.value.problems
    assert "'no_such_sub'" in problem.text("en")
    assert problem.code == "unknown-sub-indicator"


def _dense_splits(key_tasks: list[float], main_duties: list[float]) -> dict[str, list[float]]:
    return {"key_tasks": key_tasks, "main_duties": main_duties}


def test_dense_splits_score_like_tidy_ones(xicheng: govperf.Scheme) -> None:
    data = xicheng_data()
    # the same splits as xicheng_data, one column per pooled sub-indicator, units in order
    data["splits"] = _dense_splits([35, 30, 25, 30], [10, 15, 20, 15])
    r = govperf.score(xicheng, data)
    assert [r.unit(u).total for u in XICHENG_UNITS] == [102.53, 92.65, 92.65, 85.9]
    assert r.max_points("key_tasks").tolist() == [35, 30, 25, 30]


def test_dense_splits_not_adding_up(xicheng: govperf.Scheme) -> None:
    data = xicheng_data()
    data["splits"] = _dense_splits([35, 30, 25, 30], [10, 15, 20, 14])  # d: 30 + 14 = 44
    with pytest.raises(govperf.DataError) as info:
        govperf.score(xicheng, data)
    (msg,) = _messages(info.value)
    assert "unit d" in msg
    assert "adds up to 44" in msg
    assert "职责任务 [duties]" in msg


def test_dense_splits_wrong_column_and_negative(xicheng: govperf.Scheme) -> None:
    data = xicheng_data()
    data["splits"] = {
        "key_tasks": [35, 30, 25, -1],
        "main_duties": [10, 15, 20, 15],
        "leadership_rating": [0, 0, 0, 0],
    }
    with pytest.raises(govperf.DataError) as info:
        govperf.score(xicheng, data)
    text = "\n".join(_messages(info.value))
    assert "'leadership_rating' is not a pooled sub-indicator" in text
    assert "unit d (单位d), key_tasks: points must be a number of at least 0, got -1" in text


def test_carry_value_above_the_maximum(xicheng: govperf.Scheme) -> None:
    policy = govperf.MissingPolicy(kind="carry", values={"petitions": 3})  # max is 2
    with pytest.raises(govperf.DataError) as info:
        govperf.score(xicheng, _without_d_petitions(), missing=policy)
    (msg,) = _messages(info.value)
    assert "carried value 3 for unit d" in msg
    assert "outside [0, 2]" in msg


def test_redistribute_names_a_unit_without_any_data() -> None:
    sch = govperf.loads_scheme(
        "schema_version: 1\nid: t\ntitle: T\ntotal_points: 2\nlevels:\n"
        "  - {id: l, name: 层, points: 2, indicators: [{id: i, name: 指, points: 2, "
        "sub_indicators: [{id: s, name: 子, points: 2, evaluator: {kind: direct}}]}]}\n"
    )
    data = {"units": ["a", "b"], "records": {"s": [{"unit": "a", "value": 1}]}}
    with pytest.raises(govperf.DataError, match="unit b has no data at all"):
        govperf.score(sch, data, missing="redistribute")


def test_splits_for_a_scheme_without_pools() -> None:
    sch = govperf.loads_scheme(
        "schema_version: 1\nid: t\ntitle: T\ntotal_points: 2\nlevels:\n"
        "  - {id: l, name: 层, points: 2, indicators: [{id: i, name: 指, points: 2, "
        "sub_indicators: [{id: s, name: 子, points: 2, evaluator: {kind: direct}}]}]}\n"
    )
    data = {
        "units": ["a"],
        "records": {"s": [{"unit": "a", "value": 1}]},
        "splits": [{"unit": "a", "sub_indicator": "s", "points": 2}],
    }
    with pytest.raises(govperf.DataError, match="但方案 t 没有待分配的分值"):
        govperf.score(sch, data)


def test_check_data_lists_everything_without_scoring(xicheng: govperf.Scheme) -> None:
    assert govperf.check_data(xicheng, xicheng_data()) == []
    data = _without_d_petitions()
    data["records"]["budget"].append({"unit": "zz", "value": 1})
    data["records"]["rule_of_law"][0]["value"] = 2.5  # above the 2-point maximum
    codes = sorted(p.code for p in govperf.check_data(xicheng, data))
    assert codes == ["missing", "out-of-range", "unknown-unit"]
    (missing,) = [p for p in govperf.check_data(xicheng, data) if p.code == "missing"]
    assert "unit d (单位d)" in missing.text("en")
    assert "assessors: 区信访办" in missing.text("en")


def test_carry_policy_with_an_unknown_sub_indicator(xicheng: govperf.Scheme) -> None:
    policy = govperf.MissingPolicy(kind="carry", values={"petitionz": 1})
    with pytest.raises(govperf.DataError) as info:
        govperf.score(xicheng, _without_d_petitions(), missing=policy)
    (problem,) = info.value.problems
    assert problem.message == "沿用策略指定的 'petitionz' 不是方案 xicheng_2013 的指标"
    assert problem.text("en") == (
        "the carry policy names 'petitionz', which is not a sub-indicator of scheme xicheng_2013"
    )
