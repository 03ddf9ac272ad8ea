"""Batched scoring: K point sets at once agree with K single scorings of re-pointed schemes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import govperf

# l1 (10): i1 (10: s1 6, s2 4); every value on a 0 … 100 scale (points = share × max)
SMALL = """\
schema_version: 1
id: batch
title: 批量测试
total_points: 10
levels:
  - id: l1
    name: 层面
    points: 10
    indicators:
      - id: i1
        name: 指标
        points: 10
        sub_indicators:
          - {id: s1, name: 甲, points: 6, evaluator: {kind: direct, params: {scale: 100}}}
          - {id: s2, name: 乙, points: 4, evaluator: {kind: direct, params: {scale: 100}}}
rules:
  - {id: plus, kind: bonus, name: 加分, params: {cap: 1, within_total: true}}
  - id: stop
    kind: veto
    name: 否决
    params: {effect: zero_total, open_triggers: true}
"""

SMALL_DATA: dict[str, Any] = {
    "units": ["a", "b", "c", "d"],
    "records": {
        "s1": {"unit": ["a", "b", "c", "d"], "value": [50.0, 100.0, 80.0, 100.0]},
        "s2": {"unit": ["a", "b", "c", "d"], "value": [100.0, 0.0, 50.0, 100.0]},
    },
    "events": {
        "plus": {"unit": ["b", "b", "d"], "item": ["x", "y", "z"], "points": [0.75, 0.5, 1.0]},
        "stop": {"unit": ["a"], "trigger": ["t"]},
    },
}


@pytest.fixture(scope="module")
def small() -> govperf.Scheme:
    return govperf.loads_scheme(SMALL)


def test_three_point_sets_by_hand(small: govperf.Scheme) -> None:
    totals = govperf.score_batch(small, SMALL_DATA, [[6, 4], [8, 2], [5, 5]])
    # shares (s1, s2): a 0.5, 1; b 1, 0; c 0.8, 0.5; d 1, 1
    # a is vetoed (total 0); b claims 1.25, capped at 1 and at the room below 10;
    # d has 10 and no room for its bonus
    assert totals.shape == (3, 4)
    np.testing.assert_allclose(
        totals,
        [
            [0.0, 6 + 1, 4.8 + 2, 10],
            [0.0, 8 + 1, 6.4 + 1, 10],
            [0.0, 5 + 1, 4 + 2.5, 10],
        ],
        rtol=0,
        atol=1e-12,
    )


def test_a_set_that_breaks_a_budget_is_refused(small: govperf.Scheme) -> None:
    with pytest.raises(govperf.DataError) as err:
        govperf.score_batch(small, SMALL_DATA, [[6, 4], [6, 5], [-1, 11]])
    assert [str(p) for p in err.value.problems] == [
        "point sets: points[2].s1: 甲 [s1] needs a finite number of at least 0, got -1",
    ]
    with pytest.raises(govperf.DataError) as err:
        govperf.score_batch(small, SMALL_DATA, [[6, 4], [6, 5]])
    assert [(p.message, p.path) for p in err.value.problems] == [
        (
            "the children of 指标 [i1] add up to 11, the node has 10",
            ("points", 1, "i1"),
        )
    ]


def test_what_is_not_supported_is_refused(small: govperf.Scheme) -> None:
    with pytest.raises(ValueError, match="missing-data policies 'error' and 'zero'"):
        govperf.score_batch(small, SMALL_DATA, [[6, 4]], missing="redistribute")
    with pytest.raises(ValueError, match=r"shape \(K, 2\)"):
        govperf.score_batch(small, SMALL_DATA, [[6, 4, 0]])


def _proportional(xicheng: govperf.Scheme) -> govperf.Scheme:
    """Xicheng's structure, rules and pool with every leaf ``direct`` on a 0 … 1 scale."""
    raw = govperf.scheme_to_dict(xicheng)
    for level in raw["levels"]:
        for ind in level["indicators"]:
            for sub in ind["sub_indicators"]:
                sub["evaluator"] = {"kind": "direct", "params": {"scale": 1}}
    return govperf.scheme_from_dict(raw, "batch scheme")


def _repointed(scheme: govperf.Scheme, points: dict[str, float]) -> govperf.Scheme:
    raw = govperf.scheme_to_dict(scheme)
    for level in raw["levels"]:
        for ind in level["indicators"]:
            for sub in ind["sub_indicators"]:
                if sub["id"] in points:
                    sub["points"] = points[sub["id"]]
    return govperf.scheme_from_dict(raw, "re-pointed")


def test_point_sets_agree_with_single_scorings_of_re_pointed_schemes(
    xicheng: govperf.Scheme,
) -> None:
    scheme = _proportional(xicheng)
    compiled = govperf.compile_scheme(scheme)
    rng = np.random.default_rng(7)
    n = 40
    ids = [f"u{i}" for i in range(n)]
    first = rng.integers(25, 36, size=n).astype(float)
    data = govperf.EvaluationData(
        units=ids,
        records={sid: {"unit": ids, "value": rng.uniform(0, 1, n)} for sid in compiled.leaf_ids},
        splits={
            "unit": ids * 2,
            "sub_indicator": ["key_tasks"] * n + ["main_duties"] * n,
            "points": np.concatenate([first, 45 - first]),
        },
        events={
            "innovation_bonus": {
                "unit": ids[:10] * 2,
                "item": ["创新"] * 20,
                "points": rng.uniform(0.5, 4, 20).round(1),
            },
            "accountability_veto": {"unit": ids[5:8], "trigger": ["integrity_violation"] * 3},
        },
    )
    # random sets that keep every budget: each indicator's points spread over its leaves
    sets = np.full((6, len(compiled.leaf_ids)), np.nan)
    for ind in scheme.indicators:
        cols = [compiled.leaf_ids.index(s.id) for s in ind.sub_indicators]
        if ind.pooled:
            continue
        assert ind.points is not None
        sets[:, cols] = rng.dirichlet(np.ones(len(cols)), size=6) * ind.points
    totals = govperf.score_batch(compiled, data, sets)
    for k in range(len(sets)):
        given = {
            sid: float(sets[k, j])
            for j, sid in enumerate(compiled.leaf_ids)
            if sets[k, j] == sets[k, j]
        }
        single = govperf.score(_repointed(scheme, given), data)
        np.testing.assert_allclose(totals[k], single.total, rtol=0, atol=1e-9)
    # the scheme's own points give the scheme's own totals
    own = np.where(np.isnan(sets[0]), np.nan, compiled.leaf_max)
    np.testing.assert_allclose(
        govperf.score_batch(compiled, data, own)[0], govperf.score(compiled, data).total, atol=1e-12
    )
