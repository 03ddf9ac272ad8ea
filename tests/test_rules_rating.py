"""The ``rating`` rule: a star rating looked up from several node results, with caps.

A council-style scheme: a corporate assessment (4 points, one leaf) and four services scored
1–4, two of level 1 (``a``, ``b``) and two of level 2 (``c``, ``d``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import govperf

SCHEME = """\
schema_version: 1
id: stars
title: 星级评定
total_points: 20
tiers:
  - {name: 方面}
  - {name: 服务}
nodes:
  - id: corporate
    name: 综合评估
    points: 4
    children: [{id: corp, name: 综合评估得分, points: 4, evaluator: {kind: direct}}]
  - id: level1
    name: 一级服务
    points: 8
    children:
      - {id: a, name: 服务甲, points: 4, evaluator: {kind: direct}}
      - {id: b, name: 服务乙, points: 4, evaluator: {kind: direct}}
  - id: level2
    name: 二级服务
    points: 8
    children:
      - {id: c, name: 服务丙, points: 4, evaluator: {kind: direct}}
      - {id: d, name: 服务丁, points: 4, evaluator: {kind: direct}}
rules:
{rules}  - id: stars
    kind: rating
    name: 星级
    params:
      ratings:
        - grade: 4星
          when:
            - {node: corporate, min: 4}
            - {nodes: [a, b], min: 3}
            - {nodes: [c, d], min: 2}
        - grade: 3星
          when:
            - {node: corporate, min: 3}
            - {nodes: [a, b, c, d], min: 2}
        - grade: 2星
          when: [{node: corporate, min: 2}]
        - grade: 1星
      caps:
        - when: [{node: level2, max: 4}]
          grade_cap: 2星
"""

# unit: corporate, a, b, c, d
UNITS = {
    "u1": (4, 3, 4, 2, 3),  # every 4星 condition; level2 5 → 4星
    "u2": (4, 2.995, 4, 2, 3),  # a publishes as 3.00 → 4星
    "u3": (4, 2.99, 4, 4, 4),  # a 2.99 < 3: not 4星; 3星
    "u4": (3, 4, 4, 1, 4),  # c 1 < 2: not 3星; corporate 3 ≥ 2 → 2星
    "u5": (4, 4, 4, 2, 2),  # 4星 by its conditions, level2 2 + 2 = 4 ≤ 4 → capped at 2星
    "u6": (1, 4, 4, 4, 4),  # corporate 1 → 1星
}


def scheme(rules: str = "") -> govperf.Scheme:
    return govperf.loads_scheme(SCHEME.replace("{rules}", rules))


def data(events: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    leaves = ("corp", "a", "b", "c", "d")
    return {
        "units": list(UNITS),
        "records": {
            leaf: [{"unit": u, "value": v[k]} for u, v in UNITS.items()]
            for k, leaf in enumerate(leaves)
        },
        "events": events or {},
    }


def test_ratings_from_several_results_with_a_cap() -> None:
    r = govperf.score(scheme(), data())
    assert [r.unit(u).grade for u in UNITS] == ["4星", "4星", "3星", "2星", "2星", "1星"]


def test_the_rating_is_a_grade_in_reports() -> None:
    from govperf.report import render_summary, summary

    r = govperf.score(scheme(), data())
    sm = summary(r)
    assert sm.grade_counts == {"4星": 2, "3星": 1, "2星": 2, "1星": 1}
    text = render_summary(sm, format="markdown", plots=False)
    assert "| 4星 | 2 | 33.33% |" in text  # 2 of 6


def test_explain_names_the_unmet_condition_and_the_cap() -> None:
    r = govperf.score(scheme(), data())
    trail = next(t for t in r.explain("u3").rules if t.id == "stars")
    assert trail.zh == "未达到“4星”:a 2.99, b 4(须 ≥ 3);达到“3星”;最终等次“3星”"
    trail = next(t for t in r.explain("u5").rules if t.id == "stars")
    assert trail.zh == "达到“4星”;level2 4(须 ≤ 4),等次不高于“2星”;最终等次“2星”"
    assert trail.data["by_conditions"] == "4星"


def test_a_veto_caps_the_rating_and_units_outside_the_ranking_are_not_rated() -> None:
    rules = (
        "  - {id: v, kind: veto, name: 否决, params: {effect: cap_grade, grade_cap: 3星, "
        "open_triggers: true}}\n"
        "  - {id: out, kind: exclude, name: 不参评, params: {units: [u6], exclude_from: ranking}}\n"
    )
    r = govperf.score(scheme(rules), data({"v": [{"unit": "u1", "trigger": "事故"}]}))
    assert [r.unit(u).grade for u in UNITS] == ["3星", "4星", "3星", "2星", "2星", None]


def test_outside_ranking_rate() -> None:
    rules = (
        "  - {id: out, kind: exclude, name: 不参评, params: {units: [u6], exclude_from: ranking}}\n"
    )
    text = SCHEME.replace("{rules}", rules).replace(
        "      caps:", "      outside_ranking: rate\n      caps:"
    )
    r = govperf.score(govperf.loads_scheme(text), data())
    assert r.unit("u6").grade == "1星"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{node: corporate, min: 4}", "{node: corporate}", "needs 'min', 'max' or both"),
        ("{node: corporate, min: 4}", "{node: corporate, min: 4, max: 3}", "min 4 is above max 3"),
        ("{node: corporate, min: 4}", "{node: corporate, nodes: [a], min: 4}", "not both"),
        ("grade_cap: 2星", "grade_cap: 5星", "grade_cap '5星' is not a rating"),
        (
            "        - grade: 1星\n",
            "        - grade: 1星\n          when: [{node: a, min: 1}]\n",
            "the last rating must have no 'when'",
        ),
    ],
)
def test_rating_params_errors(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = tmp_path / "stars.yaml"
    path.write_text(SCHEME.replace("{rules}", "").replace(old, new, 1), "utf-8")
    problems = govperf.validate_scheme(path)
    assert len(problems) == 1
    assert problems[0].path[:3] == ("rules", 0, "params")
    assert message in problems[0].message


def test_a_node_that_does_not_exist_is_an_error_at_its_value(tmp_path: Path) -> None:
    path = tmp_path / "stars.yaml"
    path.write_text(
        SCHEME.replace("{rules}", "").replace("nodes: [a, b, c, d]", "nodes: [a, b, x, d]"), "utf-8"
    )
    problems = govperf.validate_scheme(path)
    assert [p.path for p in problems] == [
        ("rules", 0, "params", "ratings", 1, "when", 1, "nodes", 2)
    ]
    assert "'x'" in problems[0].message
