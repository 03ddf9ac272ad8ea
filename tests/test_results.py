"""Results: published figures, JSON round trip, explanations, read-only arrays."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given

import govperf
from govperf.output._text import display_width
from samples import SMALL_SCHEME, small_data
from strategies import Evaluation, evaluations

SCHEME = """\
schema_version: 1
id: r
title: 结果测试
total_points: 20
levels:
  - id: l
    name: 层面
    points: 20
    indicators:
      - id: i
        name: 指标
        points: 20
        sub_indicators:
          - id: lead
            name: 领导考评
            points: 10
            evaluator: {kind: raters, params: {combine: mean, scale: 100}}
          - id: law
            name: 法治建设
            points: 10
            evaluator: {kind: direct}
rules:
  - {id: bonus, kind: bonus, name: 创新创优, params: {cap: 1}}
  - id: veto
    kind: veto
    name: 行政问责
    params:
      effect: exclude_from_awards
      triggers: [{id: accident, name: 安全生产责任事故, name_en: Work-safety accident}]
  - id: grade
    kind: grade
    name: 等次
    params:
      bands: [{grade: 优秀, min: 18}, {grade: 合格}]
"""


def _data() -> dict[str, Any]:
    return {
        "units": [{"id": "a", "name": "区甲局"}, {"id": "b", "name": "区乙委"}],
        "records": {
            # a: mean(85, 90) = 87.5 → 8.75; b: 70 → 7
            "lead": [
                {"unit": "a", "rater": "L1", "score": 85},
                {"unit": "a", "rater": "L2", "score": 90},
                {"unit": "b", "rater": "L1", "score": 70},
            ],
            "law": [{"unit": "a", "value": 9.5}, {"unit": "b", "value": 6.25}],
        },
        "events": {
            "bonus": [{"unit": "a", "item": "创新", "points": 2}],
            "veto": [{"unit": "b", "trigger": "accident"}],
        },
    }


@pytest.fixture
def results() -> govperf.Results:
    r: govperf.Results = govperf.score(govperf.loads_scheme(SCHEME), _data())
    return r


def test_figures(results: govperf.Results) -> None:
    a, b = results.unit("a"), results.unit("b")
    # a: 8.75 + 9.5 = 18.25, bonus min(2, 1) = 1 → 19.25, 优秀
    assert (a.base, a.bonus, a.total, a.rank, a.grade) == (18.25, 1.0, 19.25, 1, "优秀")
    # b: 7 + 6.25 = 13.25 → 合格, vetoed
    assert (b.total, b.rank, b.grade, b.award_eligible) == (13.25, 2, "合格", False)
    assert b.vetoes == ("accident",)


def test_json_round_trip(results: govperf.Results) -> None:
    text = json.dumps(results.to_dict(), ensure_ascii=False)
    again = govperf.results_from_dict(json.loads(text))
    for uid in ("a", "b"):
        assert again.unit(uid) == results.unit(uid)
    assert [u.unit for u in again.ranking()] == ["a", "b"]


def test_json_round_trip_with_pairs_left_out(small: govperf.Scheme) -> None:
    # a pair left out under "redistribute" has NaN points: to_dict stored the NaN (not
    # valid JSON), and from_dict then found "the stored figures do not match"
    data = small_data()
    data["records"]["tasks"] = data["records"]["tasks"][1:]  # a has no tasks
    results = govperf.score(small, data, missing="redistribute")
    # a: survey 6 of 6 is all its data, scaled to the 10 points of the scheme
    assert results.unit("a").total == 10.0
    text = json.dumps(results.to_dict(), allow_nan=False)  # strict JSON
    assert json.loads(text)["units"][0]["points"]["tasks"] is None
    again = govperf.results_from_dict(json.loads(text))
    assert (again.unit("a").total, again.unit("b").total) == (10.0, 6.0)


def test_from_dict_detects_tampering(results: govperf.Results) -> None:
    stored = json.loads(json.dumps(results.to_dict()))
    stored["units"][0]["total"] = 99.0
    with pytest.raises(govperf.DataError, match="do not match"):
        govperf.results_from_dict(stored)


EXPLAIN_A_ZH = """\
区甲局(a)得分说明
总分 19.25 = 基础分 18.25 + 加分 1 − 扣分 0。
排名第 1 名,等次为优秀,具备评先评优资格。

各层得分:
  层级      指标    编号   得分  满分  得分率
  评价层面  层面    l     18.25    20   91.3%
  一级指标    指标  i     18.25    20   91.3%

二级指标:
1. 领导考评 [lead]:得 8.75 分,满分 10 分(评分方法 raters)。
   公式:得分 = 评分汇总值 ÷ 分制 × 满分(汇总:平均、中位数,或
   去掉最高和最低各 trim 个后平均)
   参数:combine = mean;scale = 100
   输入数据:
     评分人  评分
     L1        85
     L2        90
   中间值:trim = 0;combined = 87.5
     scores:L1 = 85;L2 = 90
2. 法治建设 [law]:得 9.5 分,满分 10 分(评分方法 direct)。
   公式:得分 = 考评主体给分(0至满分);设定分制时:得分 = 分数
   ÷ 分制 × 满分
   输入数据:分值 = 9.5

规则:
- 创新创优 [bonus]:加分项 1 项,申报合计 2 分,计入 1 分(累计
  加分上限 1 分)
- 等次 [grade]:总分 19.25 达到“优秀”档,最终等次“优秀”"""

EXPLAIN_B_EN = """\
Score of 区乙委 (b)
Total 13.25 = base 13.25 + bonus 0 − deductions 0.
Ranked 2, grade 合格, not eligible for awards.

Points by node:
  tier       node    id  points  max  share
  level      层面    l    13.25   20  66.3%
  indicator    指标  i    13.25   20  66.3%

Scores by sub-indicator:
1. 领导考评 [lead]: 7 of 10 points (raters).
   Formula: points = combine(rater scores) / scale × max
   (combine: mean, median, or trimmed mean dropping the
   `trim` highest and lowest)
   Parameters: combine = mean; scale = 100
   Input: rater = L1; score = 70
   Intermediate figures: trim = 0; combined = 70
     scores: L1 = 70
2. 法治建设 [law]: 6.25 of 10 points (direct).
   Formula: points = value (in [0, max]); with a scale:
   points = value / scale × max
   Input: value = 6.25

Rules:
- 行政问责 [veto]: vetoed (Work-safety accident): not
  eligible for annual awards; score unchanged
- 等次 [grade]: published total 13.25 reaches band '合格';
  grade '合格'"""


def test_explain_zh(results: govperf.Results) -> None:
    # sentences, tables and rules, wrapped at 60 columns (a Chinese character takes 2);
    # shares half up: 18.25 / 20 = 91.25 % → 91.3 %
    text = results.explain("a").to_text("zh", width=60)
    assert text == EXPLAIN_A_ZH
    assert max(display_width(line) for line in text.splitlines()) <= 62  # 、 may overhang


def test_explain_en(results: govperf.Results) -> None:
    text = results.explain("b").to_text("en", width=60)
    assert text == EXPLAIN_B_EN
    assert max(len(line) for line in text.splitlines()) <= 60


def test_explain_zero_total_veto_says_why_instead_of_an_equation(small: govperf.Scheme) -> None:
    # the headline read "total 0 = base 6 + bonus 0 − deductions 0", a false equation
    zeroed = SMALL_SCHEME + (
        "  - id: veto\n"
        "    kind: veto\n"
        "    name: 一票否决\n"
        "    params: {effect: zero_total, open_triggers: true}\n"
    )
    scheme = govperf.loads_scheme(zeroed, "zeroed.yaml")
    events = {
        "bonus": [{"unit": "a", "item": "x", "points": 1}],
        "veto": [{"unit": "b", "trigger": "事故"}],
    }
    r = govperf.score(scheme, small_data(events=events))
    assert (r.unit("b").total, r.unit("b").base) == (0.0, 6.0)
    assert r.explain("b").to_text("en").splitlines()[1] == (
        "Total 0 (vetoed: total set to 0; base 6 + bonus 0 − deductions 0)."
    )
    assert r.explain("b").to_text("zh").splitlines()[1] == (
        "总分 0(一票否决,总分记为0;基础分 6 + 加分 0 − 扣分 0)。"
    )
    # a unit without a veto keeps the equation: 10 + 1 = 11
    assert r.explain("a").to_text("en").splitlines()[1] == (
        "Total 11 = base 10 + bonus 1 − deductions 0."
    )


def test_explain_structured(results: govperf.Results) -> None:
    exp = results.explain("a")
    assert [s.id for s in exp.sub_indicators] == ["lead", "law"]
    assert exp.sub_indicators[0].points == 8.75
    assert [r.kind for r in exp.rules] == ["bonus", "grade"]  # no veto note for a
    json.dumps(exp.to_dict(), ensure_ascii=False)


def test_explain_unknown_unit(results: govperf.Results) -> None:
    with pytest.raises(KeyError, match="zz"):
        results.explain("zz")
    with pytest.raises(KeyError):
        results.unit("zz")


def test_arrays_are_read_only(results: govperf.Results) -> None:
    arrays = [
        results.total,
        results.base,
        results.rank,
        results.award_eligible,
        results.points("lead"),
        results.points("i"),
        results.leaf_points,
        results.indicator_points,
        results.level_points,
        results.max_points("lead"),
    ]
    for arr in arrays:
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 0
    assert np.allclose(results.total, [19.25, 13.25])


def test_english_trail_uses_english_names_where_the_scheme_gives_them() -> None:
    sch = govperf.loads_scheme(
        "schema_version: 1\nid: t\ntitle: T\ntotal_points: 2\nlevels:\n"
        "  - {id: l, name: 层, points: 2, indicators: [{id: i, name: 指, points: 2, "
        "sub_indicators: [{id: s, name: 信访办理, name_en: Handling of petitions, points: 2, "
        "evaluator: {kind: direct}}]}]}\n"
    )
    r = govperf.score(sch, {"units": ["a"], "records": {"s": [{"unit": "a", "value": 1.5}]}})
    en = r.explain("a").to_text("en")
    zh = r.explain("a").to_text("zh")
    assert "1. Handling of petitions (信访办理) [s]: 1.5 of 2 points (direct)." in en
    assert "1. 信访办理 [s]:得 1.5 分,满分 2 分(评分方法 direct)。" in zh
    assert r.explain("a").to_dict()["sub_indicators"][0]["name_en"] == "Handling of petitions"


@given(evaluations())
def test_results_round_trip_through_json_exactly(ev: Evaluation) -> None:
    r = govperf.score(ev.scheme, ev.data(), missing=ev.missing)
    text = json.dumps(r.to_dict(), ensure_ascii=False, allow_nan=False)  # strict JSON
    again = govperf.results_from_dict(json.loads(text))
    assert again.units == r.units
    assert again.node_ids == r.node_ids
    np.testing.assert_array_equal(again.node_points, r.node_points)
    np.testing.assert_array_equal(again.total, r.total)
    assert [repr(again.unit(u)) for u in r.units] == [repr(r.unit(u)) for u in r.units]
    assert json.dumps(again.to_dict(), ensure_ascii=False, allow_nan=False) == text
