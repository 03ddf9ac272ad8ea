"""Robustness analysis: batched outcomes, point sampling, uncertainty and diagnostics."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import govperf
from govperf import robustness as rb
from govperf.scheme._sums import cents
from govperf.scoring._outcomes import BatchScorer, _count_ranks, _fused_cents

# two leaves of 5 points each (direct, 0 … 100); a grade rule 优秀 from 6 points
TWO = """\
schema_version: 1
id: two
title: 两项
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
          - {id: s1, name: 甲, points: 5, evaluator: {kind: direct, params: {scale: 100}}}
          - {id: s2, name: 乙, points: 5, evaluator: {kind: direct, params: {scale: 100}}}
rules:
  - id: g
    kind: grade
    name: 等次
    params:
      bands: [{grade: 优秀, min: 6}, {grade: 合格}]
"""

# unit a earns all of s1 and none of s2, unit b the other way round
TWO_DATA: dict[str, Any] = {
    "units": ["a", "b"],
    "records": {
        "s1": {"unit": ["a", "b"], "value": [100.0, 0.0]},
        "s2": {"unit": ["a", "b"], "value": [0.0, 100.0]},
    },
}


def _quota_scheme(tie: str = "", points: tuple[float, ...] = (4, 3, 2, 1)) -> str:
    leaves = "\n".join(
        f"          - {{id: s{j}, name: 项{j}, points: {p}, evaluator: "
        "{kind: direct, params: {scale: 100}}}"
        for j, p in enumerate(points)
    )
    return f"""\
schema_version: 1
id: quota
title: 名额
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
{leaves}
rules:
  - id: g
    kind: grade
    name: 等次
    params:
      bands: [{{grade: 优秀, min: 5}}, {{grade: 良好, min: 3}}, {{grade: 合格}}]
      quotas:
        - {{grade: 优秀, max_share: 0.3{tie}}}
        - {{grade: 良好, max_share: 0.4}}
        - {{grade: 合格, min_share: 0.2}}
"""


def _quota_data(n: int = 24, seed: int = 3) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    units = [f"u{i:02d}" for i in range(n)]
    # values in steps of 10 so that ties happen
    return {
        "units": units,
        "records": {
            f"s{j}": {"unit": units, "value": (rng.integers(0, 11, n) * 10.0).tolist()}
            for j in range(4)
        },
    }


@pytest.fixture(scope="module")
def two() -> govperf.Scheme:
    return govperf.loads_scheme(TWO)


# -- the batch engine -------------------------------------------------------------------


def test_fused_cents_equal_published_rounding() -> None:
    rng = np.random.default_rng(0)
    values = np.concatenate(
        [rng.uniform(0, 50, 10_000), np.array([2.675, 80.125, 0.005, 1.115, 43.225, 0.0])]
    )
    np.testing.assert_array_equal(_fused_cents(values.copy(), 2), cents(values, 2))


def test_count_ranks_are_competition_ranks() -> None:
    keys = np.array([[5, 7, 7, 1], [3, 3, 3, 3], [10, 0, 20, 10]])
    np.testing.assert_array_equal(_count_ranks(keys), [[3, 1, 1, 4], [1, 1, 1, 1], [2, 4, 1, 2]])


def test_declared_factors_give_the_single_scoring(xicheng: govperf.Scheme) -> None:
    data = govperf.read_data(xicheng, "examples/xicheng_2013")
    scorer = BatchScorer(xicheng, data)
    out = scorer.outcome(np.ones((2, len(scorer.leaf_ids))))
    res = govperf.score(xicheng, data)
    np.testing.assert_array_equal(out.rank, [res.rank, res.rank])
    np.testing.assert_array_equal(out.published, [res.published_total] * 2)
    np.testing.assert_array_equal(out.award_eligible, res.award_eligible)


def test_factors_equal_a_re_pointed_scheme() -> None:
    # s0..s3 worth 4, 3, 2, 1; the set (1, 1, 3, 5) over the same budget of 10
    data = _quota_data()
    scorer = BatchScorer(govperf.loads_scheme(_quota_scheme()), data)
    res = govperf.score(govperf.loads_scheme(_quota_scheme(points=(1, 1, 3, 5))), data)
    out = scorer.outcome([[1 / 4, 1 / 3, 3 / 2, 5.0]])
    np.testing.assert_array_equal(out.published[0], res.published_total)
    np.testing.assert_array_equal(out.rank[0], res.rank)
    grades = list(scorer.grades)
    assert [grades[g] for g in out.grade[0]] == list(res.grade)


@pytest.mark.parametrize("tie", ["", ", ties: keep"])
def test_vectorised_grades_equal_the_grade_rule_set_by_set(tie: str) -> None:
    data = _quota_data()
    fast = BatchScorer(govperf.loads_scheme(_quota_scheme(tie)), data)
    slow = BatchScorer(govperf.loads_scheme(_quota_scheme(tie)), data)
    slow._grade_step = None  # every set through Grade.apply on its own state
    rng = np.random.default_rng(7)
    factors = rng.uniform(0.5, 1.5, (40, 4))
    factors[0] = 1.0
    a, b = fast.outcome(factors), slow.outcome(factors)
    np.testing.assert_array_equal(a.grade, b.grade)
    assert set(np.unique(a.grade).tolist()) == {0, 1, 2}  # every grade occurs


# -- sampling ---------------------------------------------------------------------------

NESTED = """\
schema_version: 1
id: nested
title: 嵌套
total_points: 20
levels:
  - id: l1
    name: 甲层
    points: 10
    indicators:
      - id: i1
        name: 指标一
        points: 10
        sub_indicators:
          - {id: a, name: 子a, points: 5, evaluator: {kind: direct, params: {scale: 100}}}
          - {id: b, name: 子b, points: 3, evaluator: {kind: direct, params: {scale: 100}}}
          - {id: c, name: 子c, points: 2, evaluator: {kind: direct, params: {scale: 100}}}
  - id: l2
    name: 乙层
    points: 10
    indicators:
      - id: i2
        name: 指标二
        points: 10
        sub_indicators:
          - {id: d, name: 子d, points: 10, evaluator: {kind: direct, params: {scale: 100}}}
"""


def test_a_range_is_absorbed_by_its_siblings_pro_rata() -> None:
    compiled = govperf.compile_scheme(govperf.loads_scheme(NESTED))
    sampler = rb.PointSampler(compiled, [rb.Range("a", 7, 7)])
    draws = sampler.draw(np.random.default_rng(0), 2)
    pts = sampler.node_points(draws)
    pos = {n: compiled.node_index[n] for n in "abcd"}
    # a takes 7 of i1's 10; b and c share the remaining 3 as 3 : 2
    np.testing.assert_allclose(pts[:, [pos[n] for n in "abcd"]], [[7, 1.8, 1.2, 10]] * 2)
    np.testing.assert_allclose(sampler.factors(draws)[0], [7 / 5, 0.6, 0.6, 1])


def test_a_level_range_scales_its_subtree_and_keeps_the_total() -> None:
    compiled = govperf.compile_scheme(govperf.loads_scheme(NESTED))
    sampler = rb.PointSampler(compiled, [rb.Range("l1", 12, 12)])
    f = sampler.factors(sampler.draw(np.random.default_rng(0), 1))
    # l1 worth 12 (every leaf under it × 1.2), l2 worth the remaining 8
    np.testing.assert_allclose(f[0], [1.2, 1.2, 1.2, 0.8])


def test_dirichlet_draws_keep_every_budget_and_centre_on_the_split() -> None:
    compiled = govperf.compile_scheme(govperf.loads_scheme(NESTED))
    sampler = rb.PointSampler(compiled, [rb.Dirichlet("i1", 200.0), rb.Dirichlet(None, 50.0)])
    draws = sampler.draw(np.random.default_rng(1), 20_000)
    pts = sampler.node_points(draws)
    idx = compiled.node_index
    np.testing.assert_allclose(pts[:, idx["l1"]] + pts[:, idx["l2"]], 20)
    np.testing.assert_allclose(pts[:, [idx[n] for n in "abc"]].sum(axis=1), pts[:, idx["i1"]])
    shares = pts[:, [idx[n] for n in "abc"]] / pts[:, [idx["i1"]]]
    np.testing.assert_allclose(shares.mean(axis=0), [0.5, 0.3, 0.2], atol=0.005)
    # Dirichlet(200 × 0.5, …): sd of the first share sqrt(0.5 × 0.5 / 201)
    assert shares[:, 0].std() == pytest.approx(np.sqrt(0.25 / 201), rel=0.05)


def test_bad_perturbations_are_reported_together(xicheng: govperf.Scheme) -> None:
    compiled = govperf.compile_scheme(xicheng)
    with pytest.raises(govperf.DataError) as err:
        rb.PointSampler(
            compiled,
            [
                rb.Range("nope", 1, 2),
                rb.Range("key_tasks", 1, 2),
                rb.Range("petitions", 3, 1),
                rb.Range("petitions", 1, 9),
                rb.Dirichlet("duties"),
                rb.Dirichlet("efficiency", 0),
            ],
        )
    assert [p.render("zh") for p in err.value.problems][:2] == [
        "robustness: perturbations[0].node: 方案 xicheng_2013 中没有指标 'nope'",
        "robustness: perturbations[1].node: 重点任务完成效率 [key_tasks] 属于共享分值的指标,"
        "其分值来自各单位的分配",
    ]
    assert [p.render("en") for p in err.value.problems] == [
        "robustness: perturbations[0].node: no node 'nope' in scheme xicheng_2013",
        "robustness: perturbations[1].node: 重点任务完成效率 [key_tasks] is a child of a pool: "
        "its points come from each unit's split",
        "robustness: perturbations[2].low: 信访办理 [petitions]: the range needs 0 ≤ low ≤ high, "
        "got 3 … 1",
        "robustness: perturbations[3].high: 信访办理 [petitions]: high 9 exceeds the parent's "
        "6 points",
        "robustness: perturbations[4].node: 职责任务 [duties] is a pool: each unit's split is "
        "given by the data",
        "robustness: perturbations[5].concentration: 履职效率 [efficiency]: the concentration "
        "must be above 0",
    ]


# -- uncertainty ------------------------------------------------------------------------


def test_two_units_rank_and_grade_probabilities(two: govperf.Scheme) -> None:
    # s1 worth p ~ U(4, 8), s2 worth 10 - p: a has p points, b has 10 - p.
    # a ranks first iff p > 5: probability 3/4; a is 优秀 iff p ≥ 6: 1/2; b never
    u = rb.uncertainty(two, TWO_DATA, [rb.Range("s1", 4, 8)], samples=40_000, seed=11)
    first = (u.ranks == 1).mean(axis=0)
    assert first[0] == pytest.approx(0.75, abs=0.01)
    assert first[1] == pytest.approx(0.25, abs=0.01)
    assert u.grades == ("优秀", "合格")
    np.testing.assert_allclose(u.grade_probability[:, 0], [0.5, 0.0], atol=0.01)
    np.testing.assert_allclose(u.grade_probability.sum(axis=1), 1.0)
    np.testing.assert_array_equal(u.award_probability, [1.0, 1.0])
    # a is first in 3/4 of the sets, b in 1/4: sorted, a's ranks are 75 % ones then
    # twos, b's 25 % ones then twos
    np.testing.assert_array_equal(u.rank_median, [1, 2])
    np.testing.assert_array_equal(u.rank_low, [1, 1])
    np.testing.assert_array_equal(u.rank_high, [2, 2])


def test_zero_width_collapses_to_the_plain_ranking(xicheng: govperf.Scheme) -> None:
    data = govperf.read_data(xicheng, "examples/xicheng_2013")
    res = govperf.score(xicheng, data)
    u = rb.uncertainty(
        xicheng, data, [rb.Range("petitions", 2, 2), rb.Range("budget", 2, 2)], samples=30
    )
    for arr in (u.rank_low, u.rank_median, u.rank_high):
        np.testing.assert_array_equal(arr, res.rank)
    assert (u.ranks == res.rank.astype(np.int32)).all()


def test_seed_reproduces_whatever_the_chunk_size(xicheng: govperf.Scheme) -> None:
    data = govperf.read_data(xicheng, "examples/xicheng_2013")
    vary: list[rb.Perturbation] = [rb.Range("petitions", 1, 3), rb.Dirichlet("effectiveness", 30)]
    a = rb.uncertainty(xicheng, data, vary, samples=200, seed=5)
    b = rb.uncertainty(xicheng, data, vary, samples=200, seed=5, chunk_size=7)
    c = rb.uncertainty(xicheng, data, vary, samples=200, seed=6)
    np.testing.assert_array_equal(a.ranks, b.ranks)
    assert a.to_dict() == b.to_dict()
    assert not np.array_equal(a.ranks, c.ranks)


def test_alternatives_are_scored_once_each(two: govperf.Scheme) -> None:
    # a second choice that lowers 优秀 to 4 points: then both units reach it always
    # in that choice; half the sets use it
    lower = govperf.with_params(
        two, {"g": {"bands": [{"grade": "优秀", "min": 4}, {"grade": "合格"}]}}
    )
    u = rb.uncertainty(
        two,
        TWO_DATA,
        [rb.Range("s1", 4, 8)],
        samples=40_000,
        seed=2,
        alternatives=[rb.Alternative("原规则"), rb.Alternative("放宽", scheme=lower)],
    )
    # a: 1/2 × 1/2 + 1/2 × 1 (p ≥ 4 always); b: 1/2 × 0 + 1/2 × P(10 - p ≥ 4) = 1/2 × 1/2
    np.testing.assert_allclose(u.grade_probability[:, 0], [0.75, 0.25], atol=0.01)


def test_margins_to_the_next_grade_by_hand() -> None:
    # quota scheme on 10 units with totals 9.5, 9, …, 5: bands 优秀 ≥ 5, 良好 ≥ 3;
    # 30 % 优秀 = 3 units (9.5, 9, 8.5), 40 % 良好 = 4 units (8 … 6.5), the bottom
    # 20 % 合格 = 2 units (5.5, 5) and so 6 (the 8th) is 合格 too (moved out of 良好)
    scheme = govperf.loads_scheme(_quota_scheme())
    values = [95.0 - 5 * i for i in range(10)]
    units = [f"u{i}" for i in range(10)]
    data = {
        "units": units,
        "records": {f"s{j}": {"unit": units, "value": values} for j in range(4)},
    }
    scorer = BatchScorer(scheme, data)
    assert list(scorer.results.grade) == ["优秀"] * 3 + ["良好"] * 4 + ["合格"] * 3
    up, down = rb.margins(scorer)
    # up: 良好 units need 8.5 (the last 优秀); 合格 units need 6.5 (the last 良好)
    np.testing.assert_allclose(up, [np.nan] * 3 + [0.5, 1, 1.5, 2] + [0.5, 1, 1.5])
    # down: 优秀 may fall to 8 (the best 良好 moved out), 良好 to 6 (best of 合格)
    np.testing.assert_allclose(down, [1.5, 1, 0.5, 2, 1.5, 1, 0.5] + [np.nan] * 3)


def test_table_in_both_languages(two: govperf.Scheme) -> None:
    u = rb.uncertainty(two, TWO_DATA, [rb.Range("s1", 4, 8)], samples=100, seed=1)
    assert u.columns()[:4] == ["单位", "单位名称", "原方案总分", "原方案名次"]
    assert "p_优秀" in u.columns("en")
    frame = u.to_frame("en")
    assert list(frame["unit"]) == ["a", "b"]
    assert frame["nominal_rank"].tolist() == [1.0, 1.0]  # 5 and 5: a tie


# -- diagnostics ------------------------------------------------------------------------


def test_diagnostics_of_a_tiny_matrix_by_hand() -> None:
    # three units on NESTED: a 5, 3, 1 of 5 (100 %, 60 %, 20 %), b 3, 3, 0 of 3,
    # c 2, 1, 2 of 2, d 10, 5, 0 of 10
    scheme = govperf.loads_scheme(NESTED)
    units = ["x", "y", "z"]
    share = {"a": [100, 60, 20], "b": [100, 100, 0], "c": [100, 50, 100], "d": [100, 50, 0]}
    data = {
        "units": units,
        "records": {k: {"unit": units, "value": [float(v) for v in vs]} for k, vs in share.items()},
    }
    d = rb.diagnostics(govperf.score(scheme, data))
    i = {n: k for k, n in enumerate(d.node_ids)}
    # a: 5, 3, 1 → mean 3, population sd sqrt(8/3); full share 1/3
    assert d.mean[i["a"]] == pytest.approx(3.0)
    assert d.std[i["a"]] == pytest.approx(np.sqrt(8 / 3))
    assert d.full_share[i["a"]] == pytest.approx(1 / 3)
    assert d.full_share[i["b"]] == pytest.approx(2 / 3)
    # b: 3, 3, 0; c: 2, 1, 2; d: 10, 5, 0 → base 20, 12, 3
    base = np.array([20.0, 12.0, 3.0])
    var = base.var()
    for node, pts in {"a": [5, 3, 1], "b": [3, 3, 0], "c": [2, 1, 2], "d": [10, 5, 0]}.items():
        p = np.array(pts, dtype=float)
        cov = ((p - p.mean()) * (base - base.mean())).mean()
        assert d.effective_weight[i[node]] == pytest.approx(cov / var)
        assert d.corr_total[i[node]] == pytest.approx(np.corrcoef(p, base)[0, 1])
    # a's siblings b and c: corr(a, b) = 0.866…, corr(a, c) = 0
    assert d.corr_siblings[i["a"]] == pytest.approx((np.sqrt(3) / 2 + 0.0) / 2)
    np.testing.assert_allclose(
        d.effective_weight[[i["l1"], i["l2"]]].sum(), 1.0
    )  # one tier adds up to 1
    np.testing.assert_allclose(d.nominal_weight[[i["a"], i["d"]]], [0.25, 0.5])
    assert np.isnan(d.corr_siblings[i["d"]])  # no sibling
    assert d.to_dict()["nodes"][0]["node_id"] == "l1"


# -- sensitivity ------------------------------------------------------------------------


def _saltelli(model: Any, d: int, n: int, low: float, high: float, seed: int) -> Any:
    rng = np.random.default_rng(seed)
    a = rng.uniform(low, high, (n, d))
    b = rng.uniform(low, high, (n, d))
    ab = []
    for i in range(d):
        m = a.copy()
        m[:, i] = b[:, i]
        ab.append(model(m))
    return rb.sobol_indices(model(a), model(b), np.stack(ab))


def test_sobol_estimators_on_a_linear_model() -> None:
    # Y = 1 X1 + 2 X2 + 3 X3, X ~ U(0, 1) independent: S_i = ST_i = a_i² / Σ a² = 1, 4, 9 / 14
    coef = np.array([1.0, 2.0, 3.0])
    first, total = _saltelli(lambda x: x @ coef, 3, 50_000, 0.0, 1.0, seed=1)
    np.testing.assert_allclose(first, coef**2 / 14, atol=0.02)
    np.testing.assert_allclose(total, coef**2 / 14, atol=0.02)


def test_sobol_estimators_on_the_ishigami_function() -> None:
    # Ishigami (a = 7, b = 0.1) on U(-π, π)³; analytic indices from Saltelli et al. (2008)
    def ishigami(x: np.ndarray) -> np.ndarray:
        s = np.sin(x[:, 0])
        out: np.ndarray = s + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * s
        return out

    first, total = _saltelli(ishigami, 3, 100_000, -np.pi, np.pi, seed=2)
    np.testing.assert_allclose(first, [0.3139, 0.4424, 0.0], atol=0.03)
    np.testing.assert_allclose(total, [0.5576, 0.4424, 0.2437], atol=0.03)


def test_the_node_that_decides_the_ranking_has_the_highest_sensitivity() -> None:
    # x earns all of a, y all of b; c and d alike: the order of x and y is the sign of
    # a's points minus b's; scaling level l1 against l2 never changes it
    scheme = govperf.loads_scheme(NESTED)
    units = ["x", "y"]
    share = {"a": [100, 0], "b": [0, 100], "c": [50, 50], "d": [50, 50]}
    data = {
        "units": units,
        "records": {k: {"unit": units, "value": [float(v) for v in vs]} for k, vs in share.items()},
    }
    s = rb.sensitivity(
        scheme, data, [rb.Range("l1", 8, 12), rb.Range("a", 1, 9)], samples=4000, seed=3
    )
    assert s.total_order[1] == pytest.approx(1.0, abs=0.05)  # the only factor moving a rank
    assert s.total_order[0] < 0.005  # only through the rounding of near ties
    assert s.first_order[0] == pytest.approx(0.0, abs=0.05)
    assert s.first_order[1] == pytest.approx(1.0, abs=0.05)
    assert [r[0] for r in s.rows()] == ["甲层分值(8–12分)", "子a分值(1–9分)"]
    assert s.to_dict()["factors"][1]["factor"] == "points of 子a (1–9)"


def test_one_at_a_time_by_hand(two: govperf.Scheme) -> None:
    oat = rb.one_at_a_time(two, TWO_DATA, "s1", [4, 5, 6])
    # a has s1's points, b the rest
    np.testing.assert_array_equal(oat.totals, [[4, 6], [5, 5], [6, 4]])
    np.testing.assert_array_equal(oat.ranks, [[2, 1], [1, 1], [1, 2]])
    default = rb.one_at_a_time(two, TWO_DATA, "s1")
    np.testing.assert_allclose(default.values, np.linspace(2.5, 7.5, 11))


def test_remove_one_node_by_hand(two: govperf.Scheme) -> None:
    out = rb.remove_one(two, TWO_DATA)
    # without s1, s2 is worth 10: a 0, b 10; without s2 the other way round
    assert out.nodes == ("s1", "s2")
    np.testing.assert_array_equal(out.ranks, [[2, 1], [1, 2]])
    np.testing.assert_array_equal(out.mean_shift, [0.5, 0.5])
    np.testing.assert_array_equal(out.max_shift, [1, 1])
    assert out.rows()[0] == ["s1", "甲", 0.5, 1.0]


def test_rank_quantiles_by_histogram_and_by_sorting_equal_numpy() -> None:
    from govperf.robustness._stats import _quantiles

    rng = np.random.default_rng(4)
    ranks = rng.integers(1, 31, (501, 30)).astype(np.int32)
    ranks[:40, 3] = 0  # unit 3 unranked in 40 sets
    ranks[:, 7] = 0  # unit 7 never ranked
    want = np.full((3, 30), np.nan)
    for u in range(30):
        col = ranks[:, u][ranks[:, u] > 0]
        if len(col):
            want[:, u] = np.quantile(col, [0.05, 0.5, 0.95])
    np.testing.assert_allclose(_quantiles(ranks), want)  # histogram (30 units)
    np.testing.assert_allclose(_quantiles(ranks, cells=100), want)  # sorted, in blocks


def test_ranks_by_sorting_and_by_histogram_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    from govperf.scoring import _outcomes
    from govperf.scoring._outcomes import _sort_ranks

    rng = np.random.default_rng(9)
    keys = rng.integers(0, 50, (201, 37))  # many ties
    by_sort = _sort_ranks(keys)
    assert by_sort is not None
    want = 1 + (keys[:, None, :] > keys[:, :, None]).sum(axis=2)
    np.testing.assert_array_equal(by_sort, want)
    np.testing.assert_array_equal(_count_ranks(keys), want)  # one histogram block
    monkeypatch.setattr(_outcomes, "_HISTOGRAM_CELLS", 100)  # blocks of 2 rows, 1 left over
    np.testing.assert_array_equal(_count_ranks(keys), want)
    monkeypatch.undo()
    wide = keys * 10**8  # too wide to pack into 31 bits: the histogram path
    assert _sort_ranks(wide) is None
    np.testing.assert_array_equal(_count_ranks(wide), want)
    # 70,000 columns and a span of 40,000: too wide to pack, narrow enough to count
    many = rng.integers(0, 40_000, (3, 70_000))
    assert _sort_ranks(many) is None
    want = np.stack([len(r) - np.searchsorted(np.sort(r), r, side="right") + 1 for r in many])
    np.testing.assert_array_equal(_count_ranks(many), want)


# -- what-if and plots ------------------------------------------------------------------


def test_what_if_lists_rank_and_grade_changes(two: govperf.Scheme) -> None:
    data = {
        "units": ["a", "b"],
        "records": {
            "s1": {"unit": ["a", "b"], "value": [100.0, 20.0]},
            "s2": {"unit": ["a", "b"], "value": [20.0, 100.0]},
        },
    }
    # a 5 + 1 = 6 (优秀), b 1 + 5 = 6 (优秀): a tie; raising 优秀 to 6.5 grades both 合格
    bands = [{"grade": "优秀", "min": 6.5}, {"grade": "合格"}]
    w = rb.what_if(two, data, params={"g": {"bands": bands}})
    assert w.grade_before == ("优秀", "优秀")
    assert w.grade_after == ("合格", "合格")
    assert w.changed == ("a", "b")
    # another scheme: s1 worth 8, s2 worth 2 → a 8 + 0.4, b 1.6 + 2
    other = govperf.loads_scheme(
        TWO.replace("points: 5, evaluator", "points: 8, evaluator", 1).replace(
            "points: 5, evaluator", "points: 2, evaluator", 1
        )
    )
    w = rb.what_if(two, data, alternative=other)
    np.testing.assert_allclose(w.total_after, [8.4, 3.6])
    np.testing.assert_array_equal(w.rank_change, [0, -1])
    assert w.rows()[1] == ["b", "b", 6.0, 3.6, 1.0, 2.0, -1.0, "优秀", "合格"]
    assert w.columns("en")[2:5] == ["total_before", "total_after", "rank_before"]


def test_plots_draw_with_chinese_labels(two: govperf.Scheme, xicheng: govperf.Scheme) -> None:
    pytest.importorskip("matplotlib")
    import warnings

    from govperf.robustness import plots

    u = rb.uncertainty(two, TWO_DATA, [rb.Range("s1", 4, 8)], samples=200, seed=1)
    s = rb.sensitivity(two, TWO_DATA, [rb.Range("s1", 4, 8)], samples=64, seed=1)
    d = rb.diagnostics(govperf.score(xicheng, govperf.read_data(xicheng, "examples/xicheng_2013")))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # no CJK font on a bare machine
        fig = plots.rank_intervals(u)
        assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["a", "b"]
        assert fig.axes[0].get_title() == "名次区间(5%–95%)"
        fig = plots.sensitivity_bars(s, lang="en")
        assert fig.axes[0].get_yticklabels()[0].get_text() == "points of 甲 (4–8)"
        fig = plots.correlation_heatmap(d)
        assert len(fig.axes[0].get_xticklabels()) == 16  # the sub-indicators
        assert fig.axes[0].get_yticklabels()[0].get_text() == "重点任务完成效率"


# -- the command line -------------------------------------------------------------------


def test_cli_prints_and_writes_the_table(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    import csv

    from govperf.cli import _main as cli

    argv = ["robustness", "xicheng_2013", "examples/xicheng_2013", "--samples", "50"]
    argv += ["--dirichlet", "total=200", "--vary", "petitions=±50%", "--seed", "3"]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "50组扰动分值,40个单位;名次区间平均宽度 " + out[0].split("宽度 ")[1]
    assert out[1].split()[:4] == ["单位", "单位名称", "原方案总分", "原方案名次"]
    assert out[2].split()[:4] == ["u03", "区文旅融合局", "91.62", "1"]  # best first
    target = tmp_path / "r.csv"
    assert cli.main([*argv, "--out", str(target), "--lang", "en"]) == 0
    with target.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["unit", "name", "nominal_total"]
    assert len(rows) == 41
    assert cli.main([*argv, "--out", str(target)]) == 1  # exists: refused without --force
    assert "--force" in capsys.readouterr().err


def test_cli_bad_settings_are_messages(capsys: pytest.CaptureFixture[str]) -> None:
    from govperf.cli import _main as cli

    base = ["robustness", "xicheng_2013", "examples/xicheng_2013", "--samples", "5"]
    assert cli.main([*base, "--vary", "petitions"]) == 1
    assert "无法识别的扰动设置 'petitions'" in capsys.readouterr().err
    assert cli.main([*base, "--vary", "nope=1:2"]) == 1
    assert "没有指标 'nope'" in capsys.readouterr().err


def test_progress_bar_on_request_and_none_by_default(
    two: govperf.Scheme, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tqdm")
    rb.uncertainty(two, TWO_DATA, [rb.Range("s1", 4, 8)], samples=20, seed=1, progress=True)
    assert "稳健性分析" in capsys.readouterr().err
    rb.uncertainty(two, TWO_DATA, [rb.Range("s1", 4, 8)], samples=20, seed=1)
    assert capsys.readouterr().err == ""  # stderr is not a terminal here


# -- dask -------------------------------------------------------------------------------


def test_dask_path_equals_the_in_memory_path(xicheng: govperf.Scheme) -> None:
    pytest.importorskip("dask", reason="dask is not installed (extra 'dask')")
    distributed = pytest.importorskip("distributed", reason="distributed is not installed")
    data = govperf.read_data(xicheng, "examples/xicheng_2013")
    vary: list[rb.Perturbation] = [rb.Dirichlet(None, 100), rb.Range("petitions", 1, 3)]
    here = rb.uncertainty(xicheng, data, vary, samples=300, seed=8, chunk_size=64)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        there = rb.uncertainty(
            xicheng, data, vary, samples=300, seed=8, chunk_size=64, scheduler=client
        )
        np.testing.assert_array_equal(there.ranks.compute(scheduler=client), here.ranks)
    assert there.to_dict() == here.to_dict()
    assert there.ranks.numblocks == (5, 1)  # 300 sets in chunks of 64


def test_report_section_in_the_summary(two: govperf.Scheme) -> None:
    from govperf.report import render_summary, summary

    u = rb.uncertainty(two, TWO_DATA, [rb.Range("s1", 4, 8)], samples=4000, seed=11)
    s = rb.sensitivity(two, TWO_DATA, [rb.Range("s1", 4, 8)], samples=4000, seed=1)
    section = rb.report_section(u, s, factors=("甲 4–8 分",))
    assert section.title == "排名稳健性"
    assert section.paragraphs[0] == "在4000组扰动分值下重新评分(随机种子 11):"
    assert section.paragraphs[1] == "扰动的分值:甲 4–8 分。"
    assert section.paragraphs[2].startswith("2个单位(共2个)的名次5%–95%区间不超过2名")
    start = "对排名影响最大的扰动因素:甲分值(4–8分)(总敏感度 "
    assert section.paragraphs[3].startswith(start)
    assert float(section.paragraphs[3][len(start) : -2]) == pytest.approx(1.0, abs=0.1)
    assert section.header[-3:] == ("“优秀”概率", "“合格”概率", "可评先评优概率")
    # a: ranks 1–2, 优秀 in half the sets; b never 优秀
    assert section.rows[0][:4] == ("a", "1", "1", "1–2")
    assert section.rows[0][4] in ("49%", "50%", "51%")  # P(优秀) = 1/2
    assert section.rows[1][4] == "0%"
    html = render_summary(summary(govperf.score(two, TWO_DATA)), sections=[section], plots=False)
    assert "排名稳健性" in html
    assert "可评先评优概率" in html
    en = rb.report_section(u, lang="en")
    assert en.title == "How robust is the ranking"


def test_take_rows_ties_at_the_boundary_with_narrow_and_wide_positions() -> None:
    from govperf.scoring._outcomes import _take_rows

    pos = np.array([[1, 2, 2, 4, 5], [3, 1, 2, 2, 5]])
    here = np.array([[True, True, True, True, False], [True, True, True, True, True]])
    keep = [[True, True, True, False, False], [False, True, True, True, False]]
    demote = [[True, False, False, False, False], [False, True, False, False, False]]
    for shift in (0, 40_000):  # int16 positions, and positions too large for int16
        np.testing.assert_array_equal(_take_rows(pos + shift, here, 2, "keep", True), keep)
        np.testing.assert_array_equal(_take_rows(pos + shift, here, 2, "demote", True), demote)
        np.testing.assert_array_equal(_take_rows(pos + shift, here, 2, "demote", False), keep)


def test_grade_counts_put_no_grade_last() -> None:
    from govperf.robustness._stats import _grade_counts

    grade = np.array([[0, -1], [2, -1], [0, 1]], dtype=np.int8)
    np.testing.assert_array_equal(_grade_counts(grade, 3), [[2, 0, 1, 0], [0, 1, 0, 2]])
    np.testing.assert_array_equal(_grade_counts(grade[:, :0], 3), np.zeros((0, 4)))
    np.testing.assert_array_equal(_grade_counts(np.full((3, 2), -1, np.int8), 0), [[3], [3]])
