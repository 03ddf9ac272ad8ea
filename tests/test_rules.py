"""The built-in rules on a 100-point scheme of two direct sub-indicators (s1 60, s2 40)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import govperf
from govperf.cli import main
from samples import two_leaves


def scheme(rules: str, scoring: str = "") -> govperf.Scheme:
    return govperf.loads_scheme(two_leaves(rules, scoring=scoring))


def data(
    points: Mapping[str, tuple[float, float]], events: dict[str, list[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    """Units with (s1, s2) points; base total = s1 + s2."""
    return {
        "units": list(points),
        "records": {
            "s1": [{"unit": u, "value": p[0]} for u, p in points.items()],
            "s2": [{"unit": u, "value": p[1]} for u, p in points.items()],
        },
        "events": events or {},
    }


# -- bonus -------------------------------------------------------------------------


def test_bonus_item_cap_and_cap() -> None:
    sch = scheme("  - {id: b, kind: bonus, name: 加分, params: {cap: 5, item_cap: 2}}")
    ev = {
        "b": [
            {"unit": "a", "item": "x", "points": 3},
            {"unit": "a", "item": "y", "points": 1},
            {"unit": "b", "item": "x", "points": 3},
            {"unit": "b", "item": "y", "points": 3},
            {"unit": "b", "item": "z", "points": 3},
        ]
    }
    r = govperf.score(sch, data({"a": (50, 30), "b": (50, 30), "c": (50, 30)}, ev))
    # a: min(3, 2) + 1 = 3; b: 2 + 2 + 2 = 6 → cap 5; c: no items → 0
    assert [r.unit(u).bonus for u in "abc"] == [3.0, 5.0, 0.0]
    assert [r.unit(u).total for u in "abc"] == [83.0, 85.0, 80.0]
    assert [r.unit(u).base for u in "abc"] == [80.0, 80.0, 80.0]


def test_bonus_within_total() -> None:
    sch = scheme("  - {id: b, kind: bonus, name: 加分, params: {cap: 5, within_total: true}}")
    ev = {"b": [{"unit": "a", "item": "x", "points": 3}, {"unit": "b", "item": "x", "points": 7}]}
    r = govperf.score(sch, data({"a": (60, 38), "b": (50, 40)}, ev))
    # a: base 98, bonus 3 but total capped at 100 → bonus 2; b: 90 + min(7, 5) = 95
    assert (r.unit("a").bonus, r.unit("a").total) == (2.0, 100.0)
    assert (r.unit("b").bonus, r.unit("b").total) == (5.0, 95.0)


def test_bonus_non_positive_points_error() -> None:
    sch = scheme("  - {id: b, kind: bonus, name: 加分, params: {cap: 5}}")
    ev = {"b": [{"unit": "a", "item": "x", "points": 0}]}
    with pytest.raises(govperf.DataError, match="规则 b,单位 a"):
        govperf.score(sch, data({"a": (50, 30)}, ev))


@pytest.mark.parametrize("value", [float("inf"), float("-inf")])
def test_bonus_infinite_points_are_refused(value: float) -> None:
    # a bonus of inf was silently capped
    sch = scheme("  - {id: b, kind: bonus, name: 加分, params: {cap: 5}}")
    d = data({"a": (50, 30)}, {"b": [{"unit": "a", "item": "x", "points": value}]})
    with pytest.raises(govperf.DataError) as info:
        govperf.score(sch, d)
    (problem,) = info.value.problems
    assert problem.message == f"规则 b 的事件:points {value:g} 不是有限数"
    assert problem.text("en") == f"events of rule b: points {value:g} is not a finite number"
    assert govperf.check_data(sch, d) != []


# -- deduction ---------------------------------------------------------------------


def test_deduction_rule_cap() -> None:
    sch = scheme("  - {id: d, kind: deduction, name: 扣分, params: {cap: 4}}")
    ev = {
        "d": [{"unit": "a", "points": 3}, {"unit": "a", "points": 2}, {"unit": "b", "points": 1.5}]
    }
    r = govperf.score(sch, data({"a": (50, 30), "b": (50, 30)}, ev))
    # a: 3 + 2 = 5 → cap 4 → 76; b: 1.5 → 78.5
    assert (r.unit("a").deductions, r.unit("a").total) == (4.0, 76.0)
    assert (r.unit("b").deductions, r.unit("b").total) == (1.5, 78.5)


def test_deduction_rule_types() -> None:
    rule = """\
  - id: d
    kind: deduction
    name: 扣分
    params:
      types:
        late: {points: 1, cap: 2}
        error: {points: 3}
"""
    sch = scheme(rule)
    ev = {
        "d": [
            {"unit": "a", "type": "late", "count": 5},
            {"unit": "a", "type": "error", "count": 1},
            {"unit": "a", "points": 1.5},
        ]
    }
    r = govperf.score(sch, data({"a": (50, 30)}, ev))
    # late: min(5 × 1, 2) = 2; error: 3 × 1 = 3; direct row 1.5 → 6.5; 80 − 6.5 = 73.5
    assert r.unit("a").deductions == 6.5
    assert r.unit("a").total == 73.5


def test_deduction_rule_never_takes_a_total_below_zero() -> None:
    sch = scheme("  - {id: d, kind: deduction, name: 扣分, params: {cap: 20}}")
    ev = {"d": [{"unit": "a", "points": 15}, {"unit": "b", "points": 5}]}
    r = govperf.score(sch, data({"a": (6, 3), "b": (6, 3)}, ev))
    # a: base 9, 15 claimed (under the cap of 20) but only 9 can be taken → total 0
    assert (r.unit("a").deductions, r.unit("a").total) == (9.0, 0.0)
    # b: 5 of 9 → 4
    assert (r.unit("b").deductions, r.unit("b").total) == (5.0, 4.0)


def test_deduction_row_with_points_and_type_is_refused() -> None:
    sch = scheme("  - {id: d, kind: deduction, name: 扣分, params: {types: {late: {points: 1}}}}")
    ev = {"d": [{"unit": "a", "points": 2, "type": "late", "count": 1}]}
    with pytest.raises(govperf.DataError, match="not both"):
        govperf.score(sch, data({"a": (50, 30)}, ev))


def test_deduction_rule_unknown_type() -> None:
    sch = scheme("  - {id: d, kind: deduction, name: 扣分, params: {types: {late: {points: 1}}}}")
    ev = {"d": [{"unit": "a", "type": "other", "count": 1}]}
    with pytest.raises(govperf.DataError, match="unknown deduction type 'other'"):
        govperf.score(sch, data({"a": (50, 30)}, ev))


# -- veto --------------------------------------------------------------------------


def test_zero_total_veto_declared_before_a_bonus_is_refused() -> None:
    rules = (
        "  - {id: v, kind: veto, name: 否决, params: {effect: zero_total, "
        "triggers: [{id: acc, name: 事故}]}}\n"
        "  - {id: b, kind: bonus, name: 加分, params: {cap: 5}}"
    )
    with pytest.raises(govperf.SchemeError) as info:
        scheme(rules)
    (problem,) = info.value.problems
    assert problem.code == "rule-order"
    assert problem.path == ("rules", 0, "params", "effect")
    assert "rules[1] 'b' (bonus)" in problem.message


def test_veto_zero_total() -> None:
    sch = scheme(
        "  - {id: v, kind: veto, name: 否决, params: {effect: zero_total, "
        "triggers: [{id: acc, name: 事故}]}}"
    )
    ev = {"v": [{"unit": "a", "trigger": "acc"}]}
    r = govperf.score(sch, data({"a": (60, 40), "b": (50, 30)}, ev))
    a = r.unit("a")
    assert (a.total, a.base, a.award_eligible, a.vetoes) == (0.0, 100.0, False, ("acc",))
    assert (a.rank, r.unit("b").rank) == (2, 1)  # 0 < 80


def test_veto_unlisted_trigger_error() -> None:
    sch = scheme(
        "  - {id: v, kind: veto, name: 否决, params: {effect: zero_total, "
        "triggers: [{id: acc, name: 事故}]}}"
    )
    ev = {"v": [{"unit": "a", "trigger": "other"}]}
    with pytest.raises(govperf.DataError, match="unknown veto trigger 'other'"):
        govperf.score(sch, data({"a": (60, 40)}, ev))


GRADES = """\
  - id: g
    kind: grade
    name: 等次
    params:
      bands:
        - {grade: 优秀, min: 90}
        - {grade: 良好, min: 80, min_inclusive: false}
        - {grade: 合格, min: 60}
        - {grade: 不合格}
"""


def test_veto_cap_grade() -> None:
    veto = (
        "  - {id: v, kind: veto, name: 否决, params: {effect: cap_grade, grade_cap: 合格, "
        "open_triggers: true}}\n"
    )
    sch = scheme(veto + GRADES)
    ev = {"v": [{"unit": "a", "trigger": "anything"}, {"unit": "c", "trigger": "x"}]}
    r = govperf.score(sch, data({"a": (60, 35), "b": (60, 35), "c": (30, 20)}, ev))
    # a: 95 would be 优秀, capped at 合格; b: 95 → 优秀; c: 50 → 不合格 (already below cap)
    assert [r.unit(u).grade for u in "abc"] == ["合格", "优秀", "不合格"]
    assert r.unit("a").total == 95.0
    assert r.unit("a").award_eligible is True  # cap_grade leaves the award flag


def test_grade_cap_must_be_a_grade() -> None:
    veto = (
        "  - {id: v, kind: veto, name: 否决, params: {effect: cap_grade, grade_cap: 差, "
        "open_triggers: true}}\n"
    )
    with pytest.raises(govperf.SchemeError, match="grade_cap '差'"):
        govperf.compile_scheme(scheme(veto + GRADES))


def test_grade_cap_is_checked_by_validation(tmp_path: Path) -> None:
    # validate said "valid" and scoring then refused the scheme
    veto = (
        "  - {id: v, kind: veto, name: 否决, params: {effect: cap_grade, grade_cap: 差, "
        "open_triggers: true}}\n"
    )
    path = tmp_path / "capped.yaml"
    path.write_text(two_leaves(veto + GRADES), encoding="utf-8")
    assert [(p.path, p.code) for p in govperf.validate_scheme(path)] == [
        (("rules", 0, "params", "grade_cap"), "unknown-grade")
    ]
    assert main(["validate", str(path)]) == 1
    path.write_text(two_leaves(veto.replace("差", "合格") + GRADES), "utf-8")
    assert govperf.validate_scheme(path) == []


# -- grade -------------------------------------------------------------------------


def test_grade_band_bounds_on_published_total() -> None:
    sch = scheme(GRADES)
    units = {
        "a": (60, 30),
        "b": (60, 29.995),
        "c": (60, 29.99),
        "d": (60, 20),
        "e": (60, 20.001),
        "f": (40, 20),
        "g": (40, 19.99),
    }
    r = govperf.score(sch, data(units))
    # a 90 → 优秀 (min inclusive); b 89.995 publishes as 90.00 → 优秀;
    # c 89.99 → 良好; d 80 → 合格 (良好 min is exclusive); e 80.001 → 80.00 published → 合格;
    # f 60 → 合格 (inclusive); g 59.99 → 不合格
    assert [r.unit(u).grade for u in "abcdefg"] == [
        "优秀",
        "优秀",
        "良好",
        "合格",
        "合格",
        "合格",
        "不合格",
    ]


QUOTA_UNITS = {
    "a": (60, 39),
    "b": (60, 35),
    "c": (60, 35),
    "d": (60, 32),
    "e": (60, 25),
    "f": (40, 30),
    "g": (40, 20),
    "h": (30, 20),
}
# totals 99, 95, 95, 92, 85, 70, 60, 50 → ranks 1, 2, 2, 4, 5, 6, 7, 8


def _quota_scheme(ties: str) -> govperf.Scheme:
    return scheme(
        GRADES + f"      quotas:\n        - {{grade: 优秀, max_share: 0.25, ties: {ties}}}\n"
    )


def test_grade_quota_ties_demote() -> None:
    r = govperf.score(_quota_scheme("demote"), data(QUOTA_UNITS))
    # 优秀 allowed floor(0.25 × 8) = 2; reaching it: a (1), b (2), c (2), d (4).
    # The 2nd place is shared by b and c: keeping both would give 3 > 2, so demote
    # both; only a keeps 优秀.  b, c, d move to 良好.
    assert [r.unit(u).grade for u in "abcdefgh"] == [
        "优秀",
        "良好",
        "良好",
        "良好",
        "良好",
        "合格",
        "合格",
        "不合格",
    ]


def test_grade_quota_ties_keep() -> None:
    r = govperf.score(_quota_scheme("keep"), data(QUOTA_UNITS))
    # keep: a, b, c (ranks ≤ 2) keep 优秀 (3 units, over the quota of 2); d → 良好
    assert [r.unit(u).grade for u in "abcd"] == ["优秀", "优秀", "优秀", "良好"]


def test_grade_quota_ignores_units_outside_ranking() -> None:
    rules = (
        "  - {id: x, kind: exclude, name: 不排名, params: {units: [a, b, c, d], "
        "exclude_from: ranking}}\n"
        + GRADES
        + "      quotas:\n        - {grade: 优秀, max_share: 0.5}\n"
        + "      outside_ranking: band\n"
    )
    units = {
        "a": (60, 39),
        "b": (60, 39),
        "c": (60, 39),
        "d": (60, 39),
        "e": (60, 35),
        "f": (60, 34),
    }
    r = govperf.score(scheme(rules), data(units))
    # a–d are out of the ranking: with outside_ranking: band they get their band (优秀)
    # and do not count (by default they get no grade); e, f are
    # the 2 ranked units, floor(0.5 × 2) = 1 → e keeps 优秀 and f (94) → 良好
    assert [r.unit(u).grade for u in "abcdef"] == ["优秀"] * 5 + ["良好"]


# -- exclude -----------------------------------------------------------------------


def test_exclude_from_ranking_still_scored() -> None:
    sch = scheme(
        "  - {id: x, kind: exclude, name: 不排名, params: {units: [b], exclude_from: ranking}}"
    )
    r = govperf.score(sch, data({"a": (50, 40), "b": (60, 35), "c": (50, 30)}))
    # b (95) would be first; without it a (90) is 1 and c (80) is 2
    assert [(u.unit, u.rank, u.total) for u in r.ranking()] == [
        ("a", 1, 90.0),
        ("c", 2, 80.0),
        ("b", None, 95.0),
    ]
    assert r.unit("b").award_eligible is True


def test_exclude_by_group_from_awards() -> None:
    sch = scheme(
        "  - {id: x, kind: exclude, name: 不评优, params: {groups: [g1], exclude_from: awards}}"
    )
    d = data({"a": (50, 40), "b": (60, 35)})
    d["units"] = [{"id": "a", "group": "g1"}, {"id": "b"}]
    r = govperf.score(sch, d)
    assert (r.unit("a").award_eligible, r.unit("a").rank) == (False, 2)
    assert (r.unit("b").award_eligible, r.unit("b").rank) == (True, 1)


# -- tie_break ---------------------------------------------------------------------


def test_tie_break_node() -> None:
    units = {"a": (40, 40), "b": (50, 30), "c": (45, 35), "d": (30, 30)}
    # totals 80, 80, 80, 60
    plain = govperf.score(scheme("  []", ""), data(units))
    assert [plain.unit(u).rank for u in "abcd"] == [1, 1, 1, 4]
    broken = govperf.score(scheme("  []", "  tie_break: [s1]"), data(units))
    # s1 breaks the tie: b 50 > c 45 > a 40
    assert [broken.unit(u).rank for u in "abcd"] == [3, 1, 2, 4]


def test_exclude_from_key_is_checked() -> None:
    with pytest.raises(govperf.SchemeError) as info:
        scheme(
            "  - {id: x, kind: exclude, name: 不排名, params: {units: [a], exclude_from: nowhere}}"
        )
    (problem,) = info.value.problems
    assert problem.path == ("rules", 0, "params", "exclude_from")
    assert "'nowhere'" in problem.message
