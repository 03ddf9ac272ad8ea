"""Bonus and deduction items: tiers by id or name, one count per item, exact duplicates."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import govperf

BASE = """\
schema_version: 1
id: t
title: 测试
total_points: 100
scoring:
  precision: 2
tiers: [{name: 指标}]
nodes:
  - {id: s1, name: 甲, points: 60, evaluator: {kind: direct}}
  - {id: s2, name: 乙, points: 40, evaluator: {kind: direct}}
rules:
"""


def scheme(rules: str) -> govperf.Scheme:
    return govperf.loads_scheme(BASE + rules)


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


TIERED = """\
  - id: b
    kind: bonus
    name: 表彰加分
    params:
      cap: 6
      tiers:
        city: {name: 市级, points: 1}
        province: {name: 省级, name_en: provincial, points: 3}
        national: {name: 国家级, points: 5}
"""


def _bonus(rows: list[dict[str, Any]], rules: str = TIERED) -> govperf.Results:
    return govperf.score(scheme(rules), data({"a": (50, 30), "b": (50, 30)}, {"b": rows}))


def test_bonus_tier_by_id_printed_name_and_english_name() -> None:
    r = _bonus(
        [
            {"unit": "a", "item": "x", "tier": "city"},
            {"unit": "a", "item": "y", "tier": " 省级 "},
            {"unit": "b", "item": "x", "tier": "provincial"},
        ]
    )
    # a: 1 + 3 = 4; b: 3
    assert (r.unit("a").bonus, r.unit("b").bonus) == (4.0, 3.0)
    assert r.unit("a").total == 84.0


def test_bonus_tiers_then_cumulative_cap() -> None:
    r = _bonus(
        [
            {"unit": "a", "item": "x", "tier": "national"},
            {"unit": "a", "item": "y", "tier": "city"},
            {"unit": "b", "item": "x", "tier": "national"},
            {"unit": "b", "item": "y", "tier": "province"},
        ]
    )
    # a: 5 + 1 = 6 = cap (kept); b: 5 + 3 = 8 → 6
    assert (r.unit("a").bonus, r.unit("b").bonus) == (6.0, 6.0)


def test_bonus_row_may_give_points_beside_tiered_rows() -> None:
    r = _bonus(
        [{"unit": "a", "item": "x", "tier": "city"}, {"unit": "a", "item": "z", "points": 2}]
    )
    assert r.unit("a").bonus == 3.0


def test_bonus_unknown_tier_and_points_with_tier_are_errors() -> None:
    sch = scheme(TIERED)
    ev: dict[str, list[dict[str, Any]]] = {
        "b": [
            {"unit": "a", "item": "x", "tier": "区级"},
            {"unit": "a", "item": "y", "tier": "city", "points": 1},
        ]
    }
    problems = govperf.check_data(sch, data({"a": (50, 30)}, ev))
    messages = [p.message for p in problems]
    assert len(messages) == 2
    assert (
        "unknown tier '区级' (declared: city (市级), province (省级), national (国家级))"
        in (messages[0])
    )
    assert "give either 'points' or a 'tier', not both" in messages[1]


def test_bonus_tier_column_without_tiers_is_an_error() -> None:
    sch = scheme("  - {id: b, kind: bonus, name: 加分, params: {cap: 5}}")
    ev = {"b": [{"unit": "a", "item": "x", "tier": "city"}]}
    with pytest.raises(govperf.DataError, match="declares no tiers"):
        govperf.score(sch, data({"a": (50, 30)}, ev))


def test_ambiguous_tier_names_are_a_scheme_error() -> None:
    rules = (
        "  - {id: b, kind: bonus, name: 加分, params: {cap: 5, tiers: "
        "{city: {name: 市级, points: 1}, 市级: {points: 2}}}}"
    )
    with pytest.raises(govperf.SchemeError) as info:
        scheme(rules)
    (problem,) = info.value.problems
    assert "'市级'" in problem.message
    assert problem.path[:3] == ("rules", 0, "params")


def test_same_item_counts_once_at_its_highest_tier() -> None:
    rules = TIERED + "      same_item: highest\n"
    r = _bonus(
        [
            {"unit": "a", "item": "创新案例", "tier": "city"},
            {"unit": "a", "item": "创新案例", "tier": "national"},
            {"unit": "a", "item": "创新案例", "tier": "province"},
            {"unit": "a", "item": "另一项", "tier": "city"},
            {"unit": "b", "item": "创新案例", "tier": "province"},
        ],
        rules,
    )
    # a: 创新案例 once at 国家级 (5) + 另一项 1 = 6; b is another unit: its own 3
    assert (r.unit("a").bonus, r.unit("b").bonus) == (6.0, 3.0)
    (trail,) = [t for t in r.explain("a").rules if t.id == "b"]
    assert [it["counted"] for it in trail.data["items"]] == [0.0, 5.0, 0.0, 1.0]
    assert "2 行未计" in trail.zh


def test_same_item_add_is_the_default() -> None:
    r = _bonus(
        [
            {"unit": "a", "item": "创新案例", "tier": "city"},
            {"unit": "a", "item": "创新案例", "tier": "province"},
        ]
    )
    assert r.unit("a").bonus == 4.0


def test_exact_duplicate_bonus_row_is_an_error() -> None:
    sch = scheme(TIERED)
    ev: dict[str, list[dict[str, Any]]] = {
        "b": [
            {"unit": "a", "item": "x", "tier": "city", "note": "文件1"},
            {"unit": "a", "item": "x", "tier": "city", "note": "文件2"},  # not exact
            {"unit": "b", "item": "x", "tier": "city", "note": "文件1"},  # another unit
            {"unit": "a", "item": "x", "tier": "city", "note": "文件1"},  # exact repeat
        ]
    }
    problems = govperf.check_data(sch, data({"a": (50, 30), "b": (50, 30)}, ev))
    assert [(p.row, p.unit, p.rule) for p in problems] == [(3, "a", "b")]
    assert "repeats an earlier row of the same unit exactly (item 'x', tier 'city')" in (
        problems[0].message
    )


def test_duplicate_rows_once_counts_them_once() -> None:
    rules = TIERED + "      duplicates: once\n"
    row = {"unit": "a", "item": "x", "tier": "province"}
    r = _bonus([row, dict(row), {"unit": "a", "item": "y", "points": 1}], rules)
    assert r.unit("a").bonus == 4.0


def test_deduction_type_by_printed_name_count_defaults_to_one() -> None:
    sch = scheme(
        "  - {id: d, kind: deduction, name: 扣分, params: {types: "
        "{city: {name: 市级通报, points: 1}, province: {name: 省级通报, points: 2}}}}"
    )
    ev: dict[str, list[dict[str, Any]]] = {
        "d": [
            {"unit": "a", "type": "市级通报"},
            {"unit": "a", "type": "province", "count": 2},
            {"unit": "b", "type": "省级通报", "count": 0},
        ]
    }
    r = govperf.score(sch, data({"a": (50, 30), "b": (50, 30)}, ev))
    # a: 1 × 1 + 2 × 2 = 5; b: 0 incidents
    assert (r.unit("a").deductions, r.unit("b").deductions) == (5.0, 0.0)


def test_deduction_same_item_highest_and_duplicates() -> None:
    sch = scheme(
        "  - {id: d, kind: deduction, name: 扣分, params: {same_item: highest, types: "
        "{city: {name: 市级通报, points: 1}, province: {name: 省级通报, points: 2}}}}"
    )
    ev: dict[str, list[dict[str, Any]]] = {
        "d": [
            {"unit": "a", "item": "同一事件", "type": "市级通报"},
            {"unit": "a", "item": "同一事件", "type": "省级通报"},
            {"unit": "a", "item": "另一事件", "points": 0.5},
        ]
    }
    r = govperf.score(sch, data({"a": (50, 30)}, ev))
    assert r.unit("a").deductions == 2.5  # 同一事件 once at 2, plus 0.5
    dup = {"d": [{"unit": "a", "points": 1}, {"unit": "a", "points": 1}]}
    problems = govperf.check_data(sch, data({"a": (50, 30)}, dup))
    assert [(p.row, "repeats an earlier row" in p.message) for p in problems] == [(1, True)]


NET = """\
  - {id: b, kind: bonus, name: 加分, params: {cap: 10}}
  - {id: d, kind: deduction, name: 扣分, params: {cap: 10}}
  - {id: n, kind: adjustment_cap, name: 加减分合计, params: {max_gain: 6, max_loss: 4}}
"""


@pytest.mark.parametrize(
    ("claimed", "deducted", "bonus", "deductions"),
    [
        (8, 1, 7, 1),  # +7 → +6: 1 comes off the bonus
        (7, 1, 7, 1),  # exactly +6: kept
        (2, 6, 2, 6),  # exactly −4: kept
        (1, 7, 1, 5),  # −6 → −4: 2 given back from the deductions
        (3, 1, 3, 1),  # within the limits
    ],
)
def test_adjustment_cap_keeps_the_net_within_limits(
    claimed: float, deducted: float, bonus: float, deductions: float
) -> None:
    ev: dict[str, list[dict[str, Any]]] = {
        "b": [{"unit": "a", "item": "x", "points": claimed}],
        "d": [{"unit": "a", "points": deducted}],
    }
    r = govperf.score(scheme(NET), data({"a": (50, 30)}, ev))
    a = r.unit("a")
    assert (a.base, a.bonus, a.deductions) == (80.0, bonus, deductions)
    assert a.total == 80.0 + bonus - deductions


def test_adjustment_cap_explains_what_it_took() -> None:
    ev = {"b": [{"unit": "a", "item": "x", "points": 9}], "d": [{"unit": "a", "points": 1}]}
    r = govperf.score(scheme(NET), data({"a": (50, 30)}, ev))
    (trail,) = [t for t in r.explain("a").rules if t.id == "n"]
    assert trail.zh == "加减分合计 +8 分,超过上限 6 分,计 +6 分"
    assert (trail.data["net"], trail.data["counted"]) == (8.0, 6.0)


def test_adjustment_cap_needs_a_limit() -> None:
    with pytest.raises(govperf.SchemeError, match="max_gain"):
        scheme("  - {id: n, kind: adjustment_cap, name: 合计, params: {}}")


def test_adjustment_cap_one_sided() -> None:
    rules = NET.replace("max_gain: 6, max_loss: 4", "max_gain: 6")
    ev = {"b": [{"unit": "a", "item": "x", "points": 1}], "d": [{"unit": "a", "points": 9}]}
    r = govperf.score(scheme(rules), data({"a": (50, 30)}, ev))
    assert r.unit("a").total == 72.0  # −8 is not limited


def test_adjustment_cap_before_a_bonus_is_refused() -> None:
    rules = (
        "  - {id: n, kind: adjustment_cap, name: 合计, params: {max_gain: 6}}\n"
        "  - {id: b, kind: bonus, name: 加分, params: {cap: 10}}\n"
    )
    with pytest.raises(govperf.SchemeError) as info:
        scheme(rules)
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("rule-order", ("rules", 0, "params", "max_gain"))
    assert "rules[1] 'b' (bonus)" in problem.message


def test_zero_total_veto_before_adjustment_cap_is_refused() -> None:
    rules = (
        "  - {id: v, kind: veto, name: 否决, params: {effect: zero_total, open_triggers: true}}\n"
        "  - {id: n, kind: adjustment_cap, name: 合计, params: {max_loss: 6}}\n"
    )
    with pytest.raises(govperf.SchemeError) as info:
        scheme(rules)
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("rule-order", ("rules", 0, "params", "effect"))


def test_csv_events_with_tiers_and_a_repeated_row_are_located(tmp_path: Path) -> None:
    sch = scheme(TIERED)
    folder = tmp_path / "year"
    folder.mkdir()
    (folder / "units.csv").write_text("unit,name\na,甲\nb,乙\n", encoding="utf-8")
    (folder / "s.csv").write_text(
        "unit,sub_indicator,value\na,s1,50\na,s2,30\nb,s1,50\nb,s2,30\n", encoding="utf-8"
    )
    (folder / "bonus.csv").write_text(
        "unit,rule,item,tier,points,note\n"
        "a,b,创新案例,市级,,\n"
        "a,b,政务公开,,2,\n"
        "b,b,创新案例,国家级,,\n"
        "a,b,创新案例,市级,,\n",  # line 5: repeats line 2
        encoding="utf-8",
    )
    data_ = govperf.read_data(sch, folder)
    problems = govperf.check_data(sch, data_)
    assert [(p.file, p.line, p.unit, p.rule) for p in problems] == [("bonus.csv", 5, "a", "b")]
    (folder / "bonus.csv").write_text(
        "unit,rule,item,tier,points,note\na,b,创新案例,市级,,\na,b,政务公开,,2,\nb,b,x,国家级,,\n",
        encoding="utf-8",
    )
    r = govperf.score(sch, govperf.read_data(sch, folder))
    assert (r.unit("a").bonus, r.unit("b").bonus) == (3.0, 5.0)


def test_duplicates_of_units_with_two_rows_unsorted_spaces_and_blanks() -> None:
    """Units with two rows are compared as pairs, in any row order; text cells as the
    scheme reads them (spaces around ignored, blank equal to none), numbers exactly."""
    import numpy as np

    from govperf.evaluators._items import duplicate_of
    from govperf.plugin import Records

    nan = float("nan")
    rec = Records(
        unit=np.array([2, 0, 1, 0, 2, 1, 3, 3, 3]),
        columns={
            "item": np.array(["x", "x ", "y", " x", "x", "z", "w", "w", "w"], dtype=object),
            "points": np.array([1.0, 2.0, nan, 2.0, 1.5, nan, 1.0, 1.0, 2.0]),
            "note": np.array([None, "", "n", None, None, "n", "a", "a", "a"], dtype=object),
        },
        n_units=4,
    )
    # unit 0: rows 1 and 3 match once spaces and blanks are read as the scheme reads them;
    # unit 1: rows 2 and 5 differ in item; unit 2: rows 0 and 4 differ in points;
    # unit 3 (three rows): row 7 repeats row 6, row 8 differs in points
    assert duplicate_of(rec).tolist() == [-1, -1, -1, 1, -1, -1, -1, 6, -1]
    same_nan = Records(
        unit=np.array([0, 0]),
        columns={"item": np.array(["a", "a"], dtype=object), "points": np.array([nan, nan])},
        n_units=1,
    )
    assert duplicate_of(same_nan).tolist() == [-1, 0]  # two blank numbers are equal
