"""The ``grade`` rule: group quotas, bottom shares, purely relative grades, 不定等次,
tie-breaks by a data column; hand-computed at each boundary.

The scheme has one 100-point leaf ``s`` (``direct``), so a unit's total is its value.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import govperf
from govperf.rules.grade import Quota, count_of

SCHEME = """\
schema_version: 1
id: g
title: 等次测试
total_points: 100
{groups}tiers:
  - {{name: 指标}}
nodes:
  - {{id: s, name: 工作, points: 100, evaluator: {{kind: direct}}}}
rules:
{rules}"""

GROUPS = """\
groups:
  - {id: x, name: 甲类}
  - {id: y, name: 乙类}
scoring:
  within_groups: true
"""


def scheme(rules: str, *, groups: bool = False) -> govperf.Scheme:
    return govperf.loads_scheme(SCHEME.format(rules=rules, groups=GROUPS if groups else ""))


def data(
    totals: Mapping[str, float],
    *,
    groups: Mapping[str, str] | None = None,
    events: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    units: list[Any] = (
        [{"id": u, "name": u, "group": groups[u]} for u in totals] if groups else list(totals)
    )
    return {
        "units": units,
        "records": {"s": [{"unit": u, "value": v} for u, v in totals.items()]},
        "events": events or {},
    }


def grades(results: govperf.Results, units: str) -> list[str | None]:
    return [results.unit(u).grade for u in units]


def rule(params: str, extra: str = "") -> str:
    return f"  - id: g\n    kind: grade\n    name: 等次\n    params:\n{params}{extra}"


RELATIVE = """\
      bands: [{grade: 优秀}, {grade: 良好}, {grade: 需改进}]
      quotas:
        - {grade: 优秀, max_share: 0.3}
        - {grade: 需改进, min_share: 0.3}
"""

TEN = {c: float(100 - 5 * i) for i, c in enumerate("abcdefghij")}  # 100, 95, …, 55


# -- shares and rounding -----------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "n", "rounding", "expected"),
    [
        (0.3, 10, "floor", 3),  # 0.3 × 10 is 3 in every rounding despite 2.9999…
        (0.3, 10, "ceil", 3),
        (0.3, 10, "round", 3),
        (0.3, 11, "floor", 3),  # 3.3
        (0.3, 11, "ceil", 4),
        (0.3, 11, "round", 3),
        (0.25, 10, "round", 3),  # 2.5 rounds half up
        (0.25, 10, "floor", 2),
        (0.2, 4, "floor", 0),  # 0.8
        (0.2, 4, "round", 1),
    ],
)
def test_count_of(share: float, n: int, rounding: Any, expected: int) -> None:
    assert count_of(share, n, rounding) == expected


def test_purely_relative_grades_top_middle_bottom() -> None:
    r = govperf.score(scheme(rule(RELATIVE)), data(TEN))
    # 10 ranked units: top floor(0.3 × 10) = 3 优秀, bottom 3 需改进, the middle 4 良好
    assert grades(r, "abcdefghij") == ["优秀"] * 3 + ["良好"] * 4 + ["需改进"] * 3


def test_purely_relative_rounding_floor_and_ceil() -> None:
    eleven = {**TEN, "k": 50.0}
    r = govperf.score(scheme(rule(RELATIVE)), data(eleven))
    # 11 units: 3.3 → floor 3 at each end; the middle 5
    assert grades(r, "abcdefghijk") == ["优秀"] * 3 + ["良好"] * 5 + ["需改进"] * 3
    ceil = RELATIVE.replace("0.3}", "0.3, rounding: ceil}")
    r = govperf.score(scheme(rule(ceil)), data(eleven))
    # ceil(3.3) = 4 at each end; the middle 3
    assert grades(r, "abcdefghijk") == ["优秀"] * 4 + ["良好"] * 3 + ["需改进"] * 4


def test_bottom_share_ties_keep_by_default_and_demote() -> None:
    tied = {**TEN, "h": 50.0, "i": 50.0, "j": 45.0}  # h and i share rank 8
    r = govperf.score(scheme(rule(RELATIVE)), data(tied))
    # bottom 3: j (10th) and the pair h, i (8th = 9th from the bottom, 2nd from it):
    # j is the worst, then h and i together would make 3 → exactly 3, all in
    assert grades(r, "hij") == ["需改进"] * 3
    tied = {**TEN, "g": 50.0, "h": 50.0, "i": 50.0}  # g, h, i share rank 7; j 55 is 10th
    tied["j"] = 40.0
    r = govperf.score(scheme(rule(RELATIVE)), data(tied))
    # bottom 3 would take j and two of g, h, i: by default (keep) the tied three stay
    # 良好 and only j is 需改进 — the share is never exceeded
    assert grades(r, "ghij") == ["良好", "良好", "良好", "需改进"]
    demote = RELATIVE.replace("min_share: 0.3}", "min_share: 0.3, ties: demote}")
    r = govperf.score(scheme(rule(demote)), data(tied))
    # demote: all three go down with j: 4 需改进
    assert grades(r, "ghij") == ["需改进"] * 4


def test_bottom_share_over_absolute_bands() -> None:
    params = """\
      bands: [{grade: 优秀, min: 90}, {grade: 合格, min: 60}, {grade: 需改进}]
      quotas: [{grade: 需改进, min_share: 0.2}]
"""
    totals = {"a": 95.0, "b": 92.0, "c": 80.0, "d": 70.0, "e": 50.0, "f": 65.0}
    r = govperf.score(scheme(rule(params)), data(totals))
    # bands: a, b 优秀; c, d, f 合格; e 需改进 (below 60).  Bottom floor(0.2 × 6) = 1: e,
    # already 需改进; nobody else moves
    assert grades(r, "abcdef") == ["优秀", "优秀", "合格", "合格", "需改进", "合格"]
    params = params.replace("0.2}", "0.5}")
    r = govperf.score(scheme(rule(params)), data(totals))
    # bottom 3: e (50), f (65), d (70) → 需改进; c stays 合格
    assert grades(r, "abcdef") == ["优秀", "优秀", "合格", "需改进", "需改进", "需改进"]


def test_top_quota_with_ceil_and_round() -> None:
    params = """\
      bands: [{grade: 优秀, min: 60}, {grade: 合格}]
      quotas: [{grade: 优秀, max_share: 0.25, rounding: ROUNDING}]
"""
    six = dict(list(TEN.items())[:6])  # 100 … 75, all reach 优秀
    counts = {}
    for rounding in ("floor", "round", "ceil"):
        r = govperf.score(scheme(rule(params.replace("ROUNDING", rounding))), data(six))
        counts[rounding] = grades(r, "abcdef").count("优秀")
    # 0.25 × 6 = 1.5 → floor 1, round (half up) 2, ceil 2
    assert counts == {"floor": 1, "round": 2, "ceil": 2}


# -- quotas per unit group ---------------------------------------------------------


GROUP_UNITS = {
    "x1": 98.0,
    "x2": 96.0,
    "x3": 94.0,
    "x4": 92.0,
    "y1": 99.0,
    "y2": 97.0,
    "y3": 91.0,
    "y4": 90.0,
}
GROUP_OF = {u: u[0] for u in GROUP_UNITS}


def test_quota_share_by_group() -> None:
    params = """\
      bands: [{grade: 优秀, min: 90}, {grade: 良好}]
      quotas: [{grade: 优秀, max_share: 0.25, by_group: {y: 0.5}}]
"""
    r = govperf.score(scheme(rule(params), groups=True), data(GROUP_UNITS, groups=GROUP_OF))
    # all reach 优秀 (≥ 90); x: floor(0.25 × 4) = 1 (x1); y: floor(0.5 × 4) = 2 (y1, y2)
    assert [r.unit(u).grade for u in GROUP_UNITS] == [
        "优秀",
        "良好",
        "良好",
        "良好",
        "优秀",
        "优秀",
        "良好",
        "良好",
    ]


def test_bottom_share_by_group() -> None:
    params = """\
      bands: [{grade: 合格}, {grade: 需改进}]
      quotas: [{grade: 需改进, min_share: 0.25, by_group: {x: 0.5}}]
"""
    r = govperf.score(scheme(rule(params), groups=True), data(GROUP_UNITS, groups=GROUP_OF))
    # x: bottom floor(0.5 × 4) = 2 (x3, x4); y: bottom 1 (y4)
    assert [r.unit(u).grade for u in GROUP_UNITS] == [
        "合格",
        "合格",
        "需改进",
        "需改进",
        "合格",
        "合格",
        "合格",
        "需改进",
    ]


# -- units outside the competition: 不定等次 -----------------------------------------


EXCLUDE = (
    "  - {id: out, kind: exclude, name: 不参加, params: {units: [a, c], exclude_from: ranking}}\n"
)


def test_units_outside_the_ranking_get_no_grade_and_do_not_count() -> None:
    r = govperf.score(scheme(EXCLUDE + rule(RELATIVE)), data(TEN))
    # a and c are not graded; the 8 graded units: floor(0.3 × 8) = 2 at each end
    assert grades(r, "abcdefghij") == [
        None,
        "优秀",
        None,
        "优秀",
        "良好",
        "良好",
        "良好",
        "良好",
        "需改进",
        "需改进",
    ]
    trail = next(t for t in r.explain("a").rules if t.id == "g")
    assert trail.zh == "总分 100;未参加排名,不定等次"


def test_outside_ranking_band_gives_the_band() -> None:
    params = """\
      bands: [{grade: 优秀, min: 90}, {grade: 良好}]
      quotas: [{grade: 优秀, max_share: 0.5}]
      outside_ranking: band
"""
    r = govperf.score(scheme(EXCLUDE + rule(params)), data(TEN))
    # a (100) and c (90) get their band 优秀 and do not count: 8 graded, b (95) and d
    # (85, below 90) …: only b reaches 优秀 among them, within the quota of 4
    assert grades(r, "abcd") == ["优秀", "优秀", "优秀", "良好"]


def test_summary_counts_and_shares_over_graded_units() -> None:
    from govperf.report import render_summary, summary

    r = govperf.score(scheme(EXCLUDE + rule(RELATIVE)), data(TEN))
    sm = summary(r)
    assert sm.grade_counts == {"优秀": 2, "良好": 4, "需改进": 2}
    text = render_summary(sm, format="markdown", plots=False)
    # shares of the 8 graded units (2 decimals: the scheme's precision); a and c apart
    for row in ("| 优秀 | 2 | 25.00% |", "| 良好 | 4 | 50.00% |", "| 不定等次 | 2 | — |"):
        assert row in text
    ranking = [line for line in text.splitlines() if line.startswith("| — |")]
    assert len(ranking) == 2
    assert all("不定等次" in line for line in ranking)


# -- ties broken by a data column --------------------------------------------------


TIES = """\
      bands: [{grade: 优秀, min: 60}, {grade: 合格}]
      quotas: [{grade: 优秀, max_share: 0.25}]
"""
TIED = {"a": 95.0, "b": 90.0, "c": 90.0, "d": 80.0, "e": 70.0, "f": 70.0, "g": 65.0, "h": 60.0}


def test_ties_demoted_without_a_tie_break() -> None:
    r = govperf.score(scheme(rule(TIES)), data(TIED))
    # quota floor(0.25 × 8) = 2: a, then b and c tie for 2nd → both demoted
    assert grades(r, "abc") == ["优秀", "合格", "合格"]


def test_ties_broken_by_votes_higher_first() -> None:
    params = TIES + "      tie_break_value: higher\n"
    votes = {"g": [{"unit": "b", "tie_break": 12}, {"unit": "c", "tie_break": 15}]}
    r = govperf.score(scheme(rule(params)), data(TIED, events=votes))
    # c has more votes → c keeps 优秀 beside a
    assert grades(r, "abc") == ["优秀", "合格", "优秀"]
    assert [r.unit(u).rank for u in "abc"] == [1, 2, 2]  # the ranking itself is unchanged


def test_ties_broken_by_a_committee_order_lower_first() -> None:
    params = TIES + "      tie_break_value: lower\n"
    order = {"g": [{"unit": "b", "tie_break": 1}, {"unit": "c", "tie_break": 2}]}
    r = govperf.score(scheme(rule(params)), data(TIED, events=order))
    assert grades(r, "abc") == ["优秀", "优秀", "合格"]


def test_equal_tie_values_fall_back_to_ties() -> None:
    params = TIES + "      tie_break_value: higher\n"
    votes = {"g": [{"unit": "b", "tie_break": 3}, {"unit": "c", "tie_break": 3}]}
    r = govperf.score(scheme(rule(params)), data(TIED, events=votes))
    assert grades(r, "abc") == ["优秀", "合格", "合格"]
    keep = TIES.replace("0.25}", "0.25, ties: keep}") + "      tie_break_value: higher\n"
    r = govperf.score(scheme(rule(keep)), data(TIED, events=votes))
    assert grades(r, "abc") == ["优秀", "优秀", "优秀"]


def test_a_unit_without_a_tie_break_row_comes_after() -> None:
    params = TIES + "      tie_break_value: lower\n"
    order = {"g": [{"unit": "c", "tie_break": 5}]}
    r = govperf.score(scheme(rule(params)), data(TIED, events=order))
    assert grades(r, "abc") == ["优秀", "合格", "优秀"]


def test_tie_break_rows_need_tie_break_value_and_one_row_per_unit() -> None:
    votes = {"g": [{"unit": "b", "tie_break": 1}]}
    with pytest.raises(govperf.DataError, match="only when it sets tie_break_value"):
        govperf.score(scheme(rule(TIES)), data(TIED, events=votes))
    params = TIES + "      tie_break_value: higher\n"
    twice = {"g": [{"unit": "b", "tie_break": 1}, {"unit": "b", "tie_break": 2}]}
    with pytest.raises(govperf.DataError, match="a second tie_break row"):
        govperf.score(scheme(rule(params)), data(TIED, events=twice))


# -- scheme errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("      bands: [{grade: A}, {grade: B}]\n", "no unit can get 'B'"),
        (
            "      bands: [{grade: A}, {grade: B, min: 60}, {grade: C}]\n",
            "band 'B' has a 'min' below band 'A'",
        ),
        (
            "      bands: [{grade: A, min: 90}, {grade: B}]\n"
            "      quotas: [{grade: B, max_share: 0.3}]\n",
            "cannot have a max_share",
        ),
        (
            "      bands: [{grade: A, min: 90}, {grade: B}]\n"
            "      quotas: [{grade: A, min_share: 0.3}]\n",
            "min_share is for the lowest grade",
        ),
    ],
)
def test_grade_params_errors_are_located(tmp_path: Path, params: str, message: str) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(SCHEME.format(rules=rule(params), groups=""), "utf-8")
    problems = govperf.validate_scheme(path)
    assert [p.path[:3] for p in problems] == [("rules", 0, "params")]
    assert message in problems[0].message
    assert (problems[0].line, problems[0].column) == (14, 7)


def test_quota_needs_exactly_one_share() -> None:
    with pytest.raises(ValueError, match="exactly one of max_share"):
        Quota(grade="A")
    with pytest.raises(ValueError, match="exactly one of max_share"):
        Quota(grade="A", max_share=0.2, min_share=0.2)
    with pytest.raises(ValueError, match="between 0 and 1"):
        Quota(grade="A", max_share=1.5)
    with pytest.raises(ValueError, match="share of 'y'"):
        Quota(grade="A", max_share=0.2, by_group={"y": 2.0})


# -- ties broken by nodes; references ----------------------------------------------

NODES = """\
schema_version: 1
id: n
title: 节点决定名次
total_points: 100
tiers: [{name: 指标}]
nodes:
  - {id: work, name: 工作实绩, points: 60, evaluator: {kind: direct}}
  - {id: law, name: 依法行政, points: 40, evaluator: {kind: direct}}
rules:
  - id: g
    kind: grade
    name: 等次
    params:
      bands: [{grade: 优秀, min: 60}, {grade: 合格}]
      quotas: [{grade: 优秀, max_share: 0.25, by_group: {}}]
      tie_break: [law]
"""


def test_ties_broken_by_a_declared_node() -> None:
    # totals a 95, b 90 (work 60, law 30), c 90 (work 55, law 35), then 5 units below
    values = {"a": (60, 35), "b": (60, 30), "c": (55, 35), "d": (50, 30)}
    values |= dict.fromkeys("efgh", (40, 25))
    d = {
        "units": list(values),
        "records": {
            "work": [{"unit": u, "value": v[0]} for u, v in values.items()],
            "law": [{"unit": u, "value": v[1]} for u, v in values.items()],
        },
    }
    r = govperf.score(govperf.loads_scheme(NODES), d)
    # quota 2: a, then c (law 35 > 30) keeps 优秀; b (same rank 2) moves down
    assert grades(r, "abc") == ["优秀", "合格", "优秀"]
    assert [r.unit(u).rank for u in "abc"] == [1, 2, 2]


def test_unknown_tie_break_node_and_group_are_errors_at_their_values(tmp_path: Path) -> None:
    path = tmp_path / "n.yaml"
    text = (
        NODES.replace("tie_break: [law]", "tie_break: [lwa]")
        .replace("by_group: {}", "by_group: {gx: 0.3}")
        .replace("tiers:", "groups: [{id: gy, name: 乙类}]\ntiers:")
    )
    path.write_text(text, "utf-8")
    problems = govperf.validate_scheme(path)
    assert sorted(p.path for p in problems) == [
        ("rules", 0, "params", "quotas", 0, "by_group", "gx"),
        ("rules", 0, "params", "tie_break", 0),
    ]


def test_workbook_shows_grades_and_ungraded_units(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    r = govperf.score(scheme(EXCLUDE + rule(RELATIVE)), data(TEN))
    path = tmp_path / "r.xlsx"
    r.to_excel(path)
    rows = list(
        openpyxl.load_workbook(path)["排名"].iter_rows(min_row=2, values_only=True)
    )  # below the title
    grade_col = rows[0].index("等次")
    by_unit = {row[1]: row[grade_col] for row in rows[1:]}
    assert (by_unit["b"], by_unit["a"], by_unit["j"]) == ("优秀", "不定等次", "需改进")
    unit_sheet = list(openpyxl.load_workbook(path)["a"].iter_rows(values_only=True))
    assert ("等次", "不定等次") in [row[:2] for row in unit_sheet]


def test_json_schema_describes_the_grade_and_rating_parameters() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = govperf.scheme_json_schema()
    share = schema["$defs"]["Quota"]["properties"]["min_share"]
    assert share["anyOf"][0] == {"type": "number", "minimum": 0, "maximum": 1}
    import yaml

    doc = yaml.safe_load(SCHEME.format(rules=rule(RELATIVE), groups=""))
    jsonschema.validate(doc, schema)
    doc["rules"][0]["params"]["quotas"][1]["min_shares"] = 0.3  # misspelt
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def test_template_offers_tie_break_only_with_tie_break_value() -> None:
    from govperf.io._template import plan

    plain = [p.name for p in plan(scheme(rule(TIES)), ["a", "b"])]
    voted = plan(scheme(rule(TIES + "      tie_break_value: higher\n")), ["a", "b"])
    assert not any(name.endswith("-g") for name in plain)
    (events,) = [p for p in voted if p.name.endswith("-g")]
    assert events.header == ("unit", "unit_name", "rule", "rule_name", "tie_break", "remark")
