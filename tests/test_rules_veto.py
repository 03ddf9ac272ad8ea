"""Vetoes: several effects at once, conditions on the scores, triggers by id or name."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
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

GRADES = """\
  - id: g
    kind: grade
    name: 等次
    params:
      bands: [{grade: 优秀, min: 90}, {grade: 合格, min: 60}, {grade: 不合格}]
"""

TRIGGERS = "triggers: [{id: acc, name: 安全生产责任事故, name_en: safety accident}]"


def scheme(rules: str) -> govperf.Scheme:
    return govperf.loads_scheme(BASE + rules)


def data(
    points: Mapping[str, tuple[float, float]], events: dict[str, list[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    return {
        "units": list(points),
        "records": {
            "s1": [{"unit": u, "value": p[0]} for u, p in points.items()],
            "s2": [{"unit": u, "value": p[1]} for u, p in points.items()],
        },
        "events": events or {},
    }


def veto(params: str) -> str:
    return f"  - {{id: v, kind: veto, name: 一票否决, params: {{{params}}}}}\n"


def test_cap_grade_and_award_exclusion_at_once() -> None:
    sch = scheme(
        veto(f"effects: [cap_grade, exclude_from_awards], grade_cap: 合格, {TRIGGERS}") + GRADES
    )
    ev = {"v": [{"unit": "a", "trigger": "acc"}]}
    r = govperf.score(sch, data({"a": (60, 35), "b": (55, 30)}, ev))
    a = r.unit("a")
    # a: 95 would be 优秀; capped at 合格, not commended, still ranked first on its score
    assert (a.total, a.grade, a.award_eligible, a.rank, a.vetoes) == (
        95.0,
        "合格",
        False,
        1,
        ("acc",),
    )
    (cause,) = next(t for t in r.explain("a").rules if t.id == "v").veto_causes
    assert cause.effect == "cap_grade,exclude_from_awards"


def test_zero_total_keeps_the_unit_ranked_exclude_from_ranking_does_not() -> None:
    ev = {"v": [{"unit": "a", "trigger": "acc"}]}
    units = {"a": (60, 35), "b": (55, 30), "c": (40, 30)}
    zero = govperf.score(scheme(veto(f"effect: zero_total, {TRIGGERS}")), data(units, ev))
    assert [(u, zero.unit(u).total, zero.unit(u).rank) for u in "abc"] == [
        ("a", 0.0, 3),
        ("b", 85.0, 1),
        ("c", 70.0, 2),
    ]
    out = govperf.score(
        scheme(veto(f"effects: [zero_total, exclude_from_ranking], {TRIGGERS}")), data(units, ev)
    )
    assert [(u, out.unit(u).total, out.unit(u).rank) for u in "abc"] == [
        ("a", 0.0, None),
        ("b", 85.0, 1),
        ("c", 70.0, 2),
    ]
    assert out.unit("a").award_eligible is False


def test_exclude_from_ranking_alone_keeps_score_and_awards() -> None:
    sch = scheme(veto(f"effect: exclude_from_ranking, {TRIGGERS}"))
    r = govperf.score(
        sch, data({"a": (60, 35), "b": (55, 30)}, {"v": [{"unit": "a", "trigger": "acc"}]})
    )
    assert (r.unit("a").total, r.unit("a").rank, r.unit("a").award_eligible) == (95.0, None, True)
    assert r.unit("b").rank == 1


COND = "conditions: [{id: low, name: 综合得分低于80分, name_en: total below 80, below: 80}]"


@pytest.mark.parametrize(
    ("s1", "vetoed"),
    [
        (40, False),  # 80 exactly: not below
        (39.99, True),
        (39.995, False),  # 79.995 is published as 80.00
        (39.994, True),  # 79.994 → 79.99
    ],
)
def test_condition_total_below_threshold_on_the_published_total(s1: float, vetoed: bool) -> None:
    sch = scheme(veto(f"effect: exclude_from_awards, {COND}"))
    r = govperf.score(sch, data({"a": (s1, 40)}))
    assert r.unit("a").vetoes == (("low",) if vetoed else ())
    assert r.unit("a").award_eligible is not vetoed


def test_condition_at_most_includes_the_threshold() -> None:
    sch = scheme(
        veto("effect: exclude_from_awards, conditions: [{id: low, name: 低, at_most: 80}]")
    )
    r = govperf.score(sch, data({"a": (40, 40), "b": (40.01, 40)}))
    assert (r.unit("a").vetoes, r.unit("b").vetoes) == (("low",), ())


def test_condition_reads_the_total_after_the_rules_declared_before() -> None:
    rules = "  - {id: b, kind: bonus, name: 加分, params: {cap: 5}}\n" + veto(
        f"effect: zero_total, {COND}"
    )
    ev = {"b": [{"unit": "a", "item": "x", "points": 3}]}
    r = govperf.score(scheme(rules), data({"a": (38, 40), "c": (38, 40)}, ev))
    # a: 78 + 3 = 81 is not below 80; c: 78 is, and its total becomes 0
    assert [(u, r.unit(u).total, r.unit(u).vetoes) for u in "ac"] == [
        ("a", 81.0, ()),
        ("c", 0.0, ("low",)),
    ]


def test_condition_on_a_node_and_its_cause() -> None:
    cond = "conditions: [{id: weak, name: 甲项得分过低, node: s1, below: 30}]"
    sch = scheme(veto(f"effects: [cap_grade], grade_cap: 合格, {cond}") + GRADES)
    r = govperf.score(sch, data({"a": (29.99, 40), "b": (30, 40)}))
    assert [(u, r.unit(u).grade, r.unit(u).vetoes) for u in "ab"] == [
        ("a", "合格", ("weak",)),
        ("b", "合格", ()),  # 70: 合格 on its own
    ]
    trail = next(t for t in r.explain("a").rules if t.id == "v")
    (cause,) = trail.veto_causes
    assert (cause.trigger, cause.name, cause.note) == ("weak", "甲项得分过低", "s1 得分 29.99 < 30")
    assert trail.zh == "一票否决(甲项得分过低:s1 得分 29.99 < 30):等次不高于合格"


def test_condition_on_an_unknown_node_is_a_scheme_error(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        BASE + veto("effect: zero_total, conditions: [{id: w, name: 低, node: s9, below: 30}]"),
        encoding="utf-8",
    )
    problems = govperf.validate_scheme(path)
    assert [(p.path, p.code) for p in problems] == [
        (("rules", 0, "params", "conditions", 0, "node"), "unknown-id")
    ]
    assert "'s9' is not a node of this scheme" in problems[0].message


def test_trigger_by_printed_or_english_name() -> None:
    sch = scheme(veto(f"effect: exclude_from_awards, {TRIGGERS}"))
    ev = {
        "v": [
            {"unit": "a", "trigger": " 安全生产责任事故 "},
            {"unit": "b", "trigger": "safety accident"},
        ]
    }
    r = govperf.score(sch, data({"a": (50, 30), "b": (50, 30), "c": (50, 30)}, ev))
    assert [r.unit(u).vetoes for u in "abc"] == [("acc",), ("acc",), ()]
    (cause,) = next(t for t in r.explain("a").rules if t.id == "v").veto_causes
    assert (cause.trigger, cause.name) == ("acc", "安全生产责任事故")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (f"effect: zero_total, effects: [zero_total], {TRIGGERS}", "exactly one of them"),
        (TRIGGERS, "exactly one of them"),
        (f"effects: [zero_total, zero_total], {TRIGGERS}", "listed twice"),
        (f"effects: [exclude_from_awards], grade_cap: 合格, {TRIGGERS}", "only used with"),
        ("effect: zero_total", "list the triggers or conditions"),
        (
            "effect: zero_total, triggers: [{id: a, name: 事故}, {id: b, name: 事故}]",
            "both called '事故'",
        ),
        ("effect: zero_total, conditions: [{id: c, name: 低}]", "exactly one of 'below'"),
        (
            "effect: zero_total, triggers: [{id: c, name: x}], "
            "conditions: [{id: c, name: 低, below: 1}]",
            "duplicate trigger ids: c",
        ),
    ],
)
def test_bad_veto_params(params: str, message: str) -> None:
    with pytest.raises(govperf.SchemeError, match=message):
        scheme(veto(params))


def test_zero_total_in_effects_must_come_after_bonus() -> None:
    rules = veto(f"effects: [zero_total, exclude_from_ranking], {TRIGGERS}") + (
        "  - {id: b, kind: bonus, name: 加分, params: {cap: 5}}\n"
    )
    with pytest.raises(govperf.SchemeError) as info:
        scheme(rules)
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("rule-order", ("rules", 0, "params", "effects"))


def test_score_batch_refuses_conditions() -> None:
    sch = scheme(veto(f"effect: zero_total, {COND}"))
    with pytest.raises(ValueError, match="conditions read the scores"):
        govperf.score_batch(sch, data({"a": (50, 30)}), np.array([[60.0, 40.0]]))


def test_workbook_cells_and_feedback_show_a_condition_veto(tmp_path: Path) -> None:
    from govperf.output._frames import veto_text
    from govperf.report import feedback

    sch = scheme(veto(f"effects: [exclude_from_ranking, exclude_from_awards], {COND}"))
    r = govperf.score(sch, data({"a": (30, 40), "b": (50, 40)}))
    assert veto_text(sch, r.unit("a").vetoes) == "综合得分低于80分"
    fb = feedback(r, "a")
    assert [(v.trigger, v.name, v.note, v.effect) for v in fb.vetoes] == [
        ("low", "综合得分低于80分", "总分 70 < 80", "exclude_from_ranking,exclude_from_awards")
    ]
    assert (fb.rank, fb.award_eligible) == (None, False)


def test_json_schema_rejects_a_misspelt_condition_key() -> None:
    import jsonschema
    import yaml

    from govperf.scheme._jsonschema import scheme_json_schema

    doc = yaml.safe_load(
        BASE + veto("effect: zero_total, conditions: [{id: c, name: 低, belw: 80}]")
    )
    errors = [
        e.message for e in jsonschema.Draft202012Validator(scheme_json_schema()).iter_errors(doc)
    ]
    assert errors == ["Additional properties are not allowed ('belw' was unexpected)"]


def test_condition_explanation_in_english() -> None:
    sch = scheme(veto(f"effect: exclude_from_awards, {COND}"))
    r = govperf.score(sch, data({"a": (30, 40)}))
    trail = next(t for t in r.explain("a").rules if t.id == "v")
    assert trail.en == (
        "vetoed (total below 80: total 70 < 80): not eligible for annual awards; score unchanged"
    )
