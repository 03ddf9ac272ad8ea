"""Small schemes and their data, shared by the test files, with hand-computed figures.

Each scheme is kept as its YAML text (tests vary it with ``str.replace``) beside a
function that returns fresh data for it (tests edit the copy they get).
``conftest.py`` turns the common ones into fixtures.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import govperf

__all__ = [
    "MINI",
    "OUTPUT_NODE_IDS",
    "OUTPUT_SCHEME",
    "REPORT_NAMES",
    "REPORT_POINTS",
    "REPORT_SCHEME",
    "SCHEMES",
    "SMALL_SCHEME",
    "TREE",
    "TWO_LEAVES",
    "XICHENG_FULL_DIRECT",
    "XICHENG_UNITS",
    "YEARS",
    "output_data",
    "report_data",
    "score_output",
    "small_data",
    "tree_data",
    "two_leaves",
    "xicheng_data",
]

YEARS = Path(__file__).parent / "data" / "years"
"""Evaluation-year folders read by the io tests (scheme ``demo.yaml``)."""

SCHEMES = Path(__file__).parent / "data" / "schemes"
"""Example schemes of 1, 2 (with and without unit groups) and 5 tiers."""

MINI = """\
schema_version: 1
id: mini
title: 测试方案
total_points: 10
markers:
  "△": 含义未说明
levels:
  - id: work
    name: 履职效率
    points: 6
    indicators:
      - id: tasks
        name: 职责任务
        points: 6
        sub_indicators:
          - id: key_tasks
            name: 重点任务
            points: 4
            marker: "△"
          - id: duties
            name: 主要职责
            points: 2
  - id: service
    name: 服务效果
    points: 4
    indicators:
      - id: public
        name: 公众评价
        points: 4
        sub_indicators:
          - id: survey
            name: 千家评政府
            points: 4
"""
"""A small valid scheme file (10 points); every file under ``data/invalid`` varies it."""


SMALL_SCHEME = """\
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
"""Two leaves under one indicator (10 points): ``tasks`` (direct, 4 points) and
``survey`` (6 points; satisfied weight 1, fair 0.5); a bonus capped at 1.

:func:`small_data`: a = 4 + 6 × 8/8 = 10; b = 3 + 6 × (4 × 0.5)/4 = 6.
"""


def small_data(**overrides: Any) -> dict[str, Any]:
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


TREE = """\
schema_version: 1
id: e
title: 引擎测试
total_points: 100
levels:
  - id: l1
    name: 层面一
    points: 60
    indicators:
      - id: i1
        name: 指标一
        points: 30
        sub_indicators:
          - {id: s1, name: 甲, points: 30, evaluator: {kind: direct}}
      - id: i2
        name: 指标二
        points: 30
        sub_indicators:
          - {id: s2, name: 乙, points: 20, evaluator: {kind: direct}}
          - {id: s3, name: 丙, points: 10, evaluator: {kind: direct}}
  - id: l2
    name: 层面二
    points: 40
    indicators:
      - id: i3
        name: 指标三
        points: 40
        sub_indicators:
          - {id: s4, name: 丁, points: 40, evaluator: {kind: direct}}
"""
"""The engine tests' tree (100 points), all leaves ``direct``::

    l1 (60): i1 (30: s1 30), i2 (30: s2 20, s3 10); l2 (40): i3 (40: s4 40)

Data: :func:`tree_data`; fixture ``tree``.
"""


def tree_data(values: Mapping[str, Mapping[str, float]]) -> dict[str, Any]:
    """Data for :data:`TREE`: ``values[unit][leaf]``; a leaf left out has no record."""
    subs = ["s1", "s2", "s3", "s4"]
    return {
        "units": list(values),
        "records": {
            s: [{"unit": u, "value": v[s]} for u, v in values.items() if s in v] for s in subs
        },
    }


TWO_LEAVES = """\
schema_version: 1
id: t
title: 测试
total_points: 100
{scoring}levels:
  - id: l
    name: 层面
    points: 100
    indicators:
      - id: i
        name: 指标
        points: 100
        sub_indicators:
          - id: s1
            name: 甲
            points: 60
            evaluator: {{kind: {evaluator}}}
          - id: s2
            name: 乙
            points: 40
            evaluator: {{kind: direct}}
rules:
{rules}
"""
"""The rule tests' scheme (100 points): ``s1`` 60 and ``s2`` 40 under one indicator;
a template for :func:`two_leaves`."""


def two_leaves(rules: str, *, scoring: str = "", evaluator: str = "direct") -> str:
    """The text of :data:`TWO_LEAVES` with ``rules`` (YAML list items), a ``scoring:``
    block holding the lines ``scoring`` (none if empty) and the evaluator kind of ``s1``.
    """
    block = f"scoring:\n{scoring}\n" if scoring else ""
    return TWO_LEAVES.format(rules=rules, scoring=block, evaluator=evaluator)


OUTPUT_SCHEME = """\
schema_version: 1
id: out
title: 输出测试
total_points: 20
levels:
  - id: eff
    name: 履职效率
    points: 12
    indicators:
      - id: duties
        name: 职责任务
        points: 8
        pooled: true
        sub_indicators:
          - {id: tasks, name: 重点任务完成效率, evaluator: {kind: direct}}
          - {id: main, name: 主要职责履行效率, evaluator: {kind: direct}}
      - id: lead
        name: 领导考评
        points: 4
        sub_indicators:
          - id: lead_rating
            name: 领导考评
            name_en: Leadership rating
            points: 4
            evaluator: {kind: raters, params: {combine: mean, scale: 100}}
  - id: svc
    name: 服务效果
    points: 8
    indicators:
      - id: law_ind
        name: 依法行政
        points: 8
        sub_indicators:
          - {id: law, name: 法治建设, points: 8, evaluator: {kind: direct}}
rules:
  - {id: bonus, kind: bonus, name: 创新创优, params: {cap: 1}}
  - id: veto
    kind: veto
    name: 行政问责
    params:
      effect: exclude_from_awards
      triggers: [{id: accident, name: 安全生产责任事故}]
  - id: grade
    kind: grade
    name: 等次
    params:
      bands: [{grade: 优秀, min: 18}, {grade: 合格}]
"""
"""The output tests' scheme (20 points), with a pool, raters, a bonus, a veto and grades.

Hand computation of the two units of :func:`output_data`:

a (区甲局): split tasks 5 / main 3.  tasks 4.125 → 4.13 (an exact binary half: Python's
   round() gives 4.12); main 3; duties 4.125 + 3 = 7.125 → 7.13 (round() gives 7.12);
   leaders mean(81, 81.25) = 81.125 → 81.125 / 100 × 4 = 3.245 → 3.25;
   published parents are the sums of published children: 履职效率 7.13 + 3.25 = 10.38
   (exact 10.37, which rounding each node on its own would publish); law 6.5; base
   10.38 + 6.5 = 16.88; bonus 0.335 (cap 1) → 0.34; total 16.88 + 0.34 = 17.22 (exact
   17.205); grade 合格 (< 18); rank 2.
b (区乙委): split tasks 4 / main 4.  tasks 3.5; main 4; duties 7.5; leaders 90 → 3.6;
   履职效率 11.1; law 7.005 → 7.01 (the float 7.005 is 7.00499…: round() gives 7.0);
   base and total 3.5 + 4 + 3.6 + 7.005 = 18.105 → 18.11; grade 优秀 (≥ 18); rank 1;
   vetoed (安全生产责任事故) → not eligible for awards.
"""

OUTPUT_NODE_IDS = ["eff", "duties", "tasks", "main", "lead", "lead_rating", "svc", "law_ind", "law"]


def output_data() -> dict[str, Any]:
    """The two units of :data:`OUTPUT_SCHEME`, computed by hand in the module docstring."""
    return {
        "units": [
            {"id": "a", "name": "区甲局", "group": "委办"},
            {"id": "b", "name": "区乙委", "group": "局"},
        ],
        "splits": [
            {"unit": "a", "sub_indicator": "tasks", "points": 5},
            {"unit": "a", "sub_indicator": "main", "points": 3},
            {"unit": "b", "sub_indicator": "tasks", "points": 4},
            {"unit": "b", "sub_indicator": "main", "points": 4},
        ],
        "records": {
            "tasks": [{"unit": "a", "value": 4.125}, {"unit": "b", "value": 3.5}],
            "main": [{"unit": "a", "value": 3}, {"unit": "b", "value": 4}],
            "lead_rating": [
                {"unit": "a", "rater": "L1", "score": 81},
                {"unit": "a", "rater": "L2", "score": 81.25},
                {"unit": "b", "rater": "L1", "score": 90},
            ],
            "law": [{"unit": "a", "value": 6.5}, {"unit": "b", "value": 7.005}],
        },
        "events": {
            "bonus": [{"unit": "a", "item": "创新", "points": 0.335}],
            "veto": [{"unit": "b", "trigger": "accident"}],
        },
    }


def score_output(data: dict[str, Any] | None = None, missing: str = "error") -> govperf.Results:
    """Score :data:`OUTPUT_SCHEME` (``data`` defaults to :func:`output_data`)."""
    scheme = govperf.loads_scheme(OUTPUT_SCHEME)
    r: govperf.Results = govperf.score(scheme, data or output_data(), missing=missing)
    return r


REPORT_SCHEME = """\
schema_version: 1
id: small
title: 小型测试方案
title_en: Small test scheme
total_points: 10
metadata:
  document_number: 测试〔2024〕1号
levels:
  - id: w
    name: 工作
    name_en: Work
    points: 6
    indicators:
      - id: i1
        name: 职责
        points: 6
        sub_indicators:
          - id: s1
            name: 任务
            name_en: Tasks
            points: 4
            assessors: [{name: 督查室}]
            evaluator: {kind: direct, note: "govperf default: the assessor gives 0-4."}
          - id: s2
            name: 公文
            points: 2
            assessors: [{name: 办公室}, {name: 档案局}]
            evaluator: {kind: direct, note: 由文件规定的打分方法。}
  - id: p
    name: 公众
    points: 4
    indicators:
      - id: i2
        name: 评价
        points: 4
        sub_indicators:
          - id: s3
            name: 满意
            points: 4
            evaluator: {kind: direct}
rules:
  - {id: bonus, kind: bonus, name: 创新创优, params: {cap: 1}}
  - id: veto
    kind: veto
    name: 行政问责
    params: {effect: exclude_from_awards, open_triggers: true}
  - {id: out, kind: exclude, name: 不参评, params: {units: [e], exclude_from: both}}
  - id: grades
    kind: grade
    name: 等次
    params: {bands: [{grade: 优秀, min: 8}, {grade: 合格}]}
"""
"""The report and plot tests' scheme (10 points):

    w 工作 (6) ─ i1 职责 (6) ─ s1 任务 4, s2 公文 2
    p 公众 (4) ─ i2 评价 (4) ─ s3 满意 4

Units and points of :func:`report_data` (all ``direct``):

    unit       s1  s2  s3   base  rule                         total  rank  grade
    a 甲局      4   2   4    10                                   10     1   优秀
    b 乙委      3   1   4     8   veto (安全事故)                   8     2   优秀
    c 丙局      2   2   2     6   bonus 2 claimed, cap 1 → +1     7     3   合格
    d 丁局      4   1   2     7                                    7     3   合格
    e 戊办      1   2   4     7   excluded (ranking and awards)     7     –   合格

Medians over the five units: s1 [1, 2, 3, 4, 4] → 3; s2 [1, 1, 2, 2, 2] → 2;
s3 [2, 2, 4, 4, 4] → 4; i1 = s1 + s2 = [6, 4, 4, 5, 3] → 4; i2 = s3 → 4.
"""

REPORT_POINTS = {
    "a": (4, 2, 4),
    "b": (3, 1, 4),
    "c": (2, 2, 2),
    "d": (4, 1, 2),
    "e": (1, 2, 4),
}
REPORT_NAMES = {"a": "甲局", "b": "乙委", "c": "丙局", "d": "丁局", "e": "戊办"}


def report_data(names: dict[str, str] | None = None) -> dict[str, Any]:
    """The five units of :data:`REPORT_SCHEME` (module docstring)."""
    names = names or REPORT_NAMES
    records = {
        sid: [{"unit": u, "value": float(p[k])} for u, p in REPORT_POINTS.items()]
        for k, sid in enumerate(("s1", "s2", "s3"))
    }
    return {
        "units": [{"id": u, "name": names[u]} for u in REPORT_POINTS],
        "records": records,
        "events": {
            "bonus": [{"unit": "c", "item": "改革", "points": 2}],
            "veto": [{"unit": "b", "trigger": "安全事故"}],
        },
    }


XICHENG_UNITS = ["a", "b", "c", "d"]
XICHENG_FULL_DIRECT = {
    "rule_of_law": 2.0,
    "petitions": 2.0,
    "disclosure": 2.0,
    "integrity": 2.0,
    "capacity": 2.0,
    "civil_service": 4.0,
    "informatization": 2.0,
    "info_adoption": 2.0,
    "budget": 2.0,
    "central_units": 5.0,
}


def _task(
    unit: str,
    task: str,
    weight: float,
    direction: str,
    target: float,
    challenge: float,
    actual: float,
) -> dict[str, Any]:
    return {
        "unit": unit,
        "task": task,
        "weight": weight,
        "direction": direction,
        "target": target,
        "challenge": challenge,
        "actual": actual,
    }


def xicheng_data() -> dict[str, Any]:
    """Four units on the bundled Xicheng 2013 scheme, computed by hand.

    Every unit gets full points on the nine 2-point / 4-point direct sub-indicators of
    行政效能 (20) and on 服务中央 (5): 25 points, unless a test says otherwise.  Both
    surveys are 8 满意, 2 基本满意, 5 不了解: index = (8 × 1 + 2 × 0.6) / 10 = 0.92 → 9.2
    of 10.

    a: split 35/10.  key_tasks at challenge → share 1 → 35; main_duties 10;
       leadership mean(80, 85) = 82.5 → 82.5 / 100 × 5 = 4.125; grassroots 100 → 5;
       surveys 9.2 + 9.2; direct 25.
       base = 35 + 10 + 4.125 + 5 + 18.4 + 25 = 97.525; bonus 3 + 4 = 7 → cap 5;
       total 102.525 → published 102.53 (half up).
    b: split 30/15.  t1 w1 higher 10→20 actual 15: 0.8 + 0.2 × 5/10 = 0.9;
       t2 w3 lower 10→5 actual 10 (at target): 0.8;
       share (0.9 + 3 × 0.8) / 4 = 0.825 → 30 × 0.825 = 24.75; main_duties 15;
       leadership 90, 90 → 4.5; grassroots 5; surveys 18.4; direct 25.
       base = 24.75 + 15 + 4.5 + 5 + 18.4 + 25 = 92.65; vetoed (awards only).
    c: split 25/20.  key_tasks share 1 → 25; main_duties 14.75; leadership 4.5;
       grassroots 5; surveys 18.4; direct 25.
       base = 25 + 14.75 + 4.5 + 5 + 18.4 + 25 = 92.65 (ties b).
    d: split 30/15.  key_tasks at target → 0.8 × 30 = 24; main_duties 10;
       leadership 4.5; grassroots 5; surveys 18.4; direct 25 − 1 (rule_of_law 1 of 2).
       base = 24 + 10 + 4.5 + 5 + 18.4 + 24 = 85.9.
    """
    records: dict[str, list[dict[str, Any]]] = {}
    for sid, full in XICHENG_FULL_DIRECT.items():
        records[sid] = [{"unit": u, "value": full} for u in XICHENG_UNITS]
    records["rule_of_law"][3]["value"] = 1.0
    records["main_duties"] = [
        {"unit": "a", "value": 10},
        {"unit": "b", "value": 15},
        {"unit": "c", "value": 14.75},
        {"unit": "d", "value": 10},
    ]
    records["key_tasks"] = [
        _task("a", "t1", 1, "higher", 10, 12, 12),
        _task("b", "t1", 1, "higher", 10, 20, 15),
        _task("b", "t2", 3, "lower", 10, 5, 10),
        _task("c", "t1", 2, "higher", 50, 60, 70),
        _task("d", "t1", 1, "higher", 10, 12, 10),
    ]
    leaders = {"a": (80, 85), "b": (90, 90), "c": (90, 90), "d": (90, 90)}
    records["leadership_rating"] = [
        {"unit": u, "rater": f"L{i}", "score": s}
        for u in XICHENG_UNITS
        for i, s in enumerate(leaders[u])
    ]
    records["grassroots"] = [{"unit": u, "rater": "S1", "score": 100} for u in XICHENG_UNITS]
    survey = [
        {"unit": u, "category": c, "count": n}
        for u in XICHENG_UNITS
        for c, n in (("satisfied", 8), ("fairly_satisfied", 2), ("unknown", 5))
    ]
    records["thousand_families"] = survey
    records["service_users"] = copy.deepcopy(survey)
    splits = [
        {"unit": u, "sub_indicator": sid, "points": pts}
        for u, (k, m) in {"a": (35, 10), "b": (30, 15), "c": (25, 20), "d": (30, 15)}.items()
        for sid, pts in (("key_tasks", k), ("main_duties", m))
    ]
    events = {
        "innovation_bonus": [
            {"unit": "a", "item": "x", "points": 3},
            {"unit": "a", "item": "y", "points": 4},
        ],
        "accountability_veto": [{"unit": "b", "trigger": "work_safety_accident"}],
    }
    return {
        "units": [{"id": u, "name": f"单位{u}"} for u in XICHENG_UNITS],
        "records": records,
        "splits": splits,
        "events": events,
    }
