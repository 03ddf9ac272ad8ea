"""Properties of rules and published figures on generated schemes and data.

Each claim holds for every scheme of :func:`strategies.evaluations` (1 to 4 tiers, pools
split by unit, unit groups with their own points, every evaluator form, a capped
bonus, a veto and a grade rule) and every year's data for it:

* the total lies within the bounds the rules allow: base in [0, total points], total
  in [base, base + the bonus cap];
* the cumulative bonus is exactly ``min(cap, Σ items)``, never more than the cap;
* a veto's effect is exactly the declared one, and touches no other unit;
* raising an input of a higher-is-better evaluator never lowers the leaf, the base or
  the total;
* scoring twice gives identical results;
* published figures equal exact decimal arithmetic on the same inputs: each leaf's
  exact points (computed here with fractions, from the data) rounded half up to cents,
  every parent the sum of its children's cents, the total base + bonus in cents.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import govperf
from strategies import Evaluation, Leaf, evaluations

TOL = 1e-9

_WEIGHTS = {"sat": Fraction(1), "fair": Fraction(1, 2), "dis": Fraction(0)}


def _score(ev: Evaluation, data: dict[str, Any] | None = None) -> govperf.Results:
    return govperf.score(ev.scheme, ev.data() if data is None else data, missing=ev.missing)


def _exact_leaf(leaf: Leaf, ev: Evaluation, unit: str) -> Fraction:
    """The exact points of ``leaf`` for ``unit``, from its rows (0 when it has none)."""
    rows = leaf.rows.get(unit)
    if not rows:
        return Fraction(0)  # missing under "zero"
    if leaf.pooled:
        return Fraction(rows[0]["value"])  # a pool's leaf: direct, the value is the points
    most = Fraction(leaf.points_for(ev.groups.get(unit)) or 0)
    if leaf.form == "direct":
        return Fraction(rows[0]["value"])
    if leaf.form == "direct100":
        return Fraction(rows[0]["value"]) / 100 * most
    if leaf.form == "bands":
        v = rows[0]["value"]
        return most if v >= 90 else most / 2 if v >= 60 else Fraction(0)
    scores = sorted(Fraction(r["score"]) for r in rows) if leaf.form != "survey" else []
    if leaf.form == "raters":
        return sum(scores, Fraction(0)) / len(scores) / 100 * most
    if leaf.form == "median":
        n = len(scores)
        mid = scores[n // 2] if n % 2 else (scores[n // 2 - 1] + scores[n // 2]) / 2
        return mid / 100 * most
    counts = {r["category"]: Fraction(r["count"]) for r in rows}
    answered = sum((n for c, n in counts.items() if c != "unk"), Fraction(0))
    index = sum((_WEIGHTS[c] * n for c, n in counts.items() if c != "unk"), Fraction(0))
    return index / answered * most


def _cents(value: Fraction) -> int:
    """Half up to whole cents (values are never negative here)."""
    return math.floor(value * 100 + Fraction(1, 2))


def _bonus(ev: Evaluation, unit: str) -> Fraction:
    cap = Fraction(_rule(ev, "bonus")["params"]["cap"])
    items = sum(
        (Fraction(e["points"]) for e in ev.events["bonus"] if e["unit"] == unit), Fraction(0)
    )
    return min(cap, items)


def _rule(ev: Evaluation, rule_id: str) -> dict[str, Any]:
    rule: dict[str, Any] = next(r for r in ev.scheme_dict["rules"] if r["id"] == rule_id)
    return rule


def _with(ev: Evaluation, **changes: Any) -> dict[str, Any]:
    """The evaluation's data with some event tables replaced."""
    data = ev.data()
    data["events"] = {**data["events"], **changes}
    return data


@given(evaluations(groups=True))
def test_the_total_and_the_bonus_stay_within_the_rules(ev: Evaluation) -> None:
    r = _score(ev)
    cap = _rule(ev, "bonus")["params"]["cap"]
    assert (r.base >= -TOL).all()
    assert (r.base <= ev.scheme.total_points + TOL).all()
    assert (r.total >= r.base - TOL).all()  # no deduction rule: nothing takes away
    assert (r.total <= r.base + cap + TOL).all()
    assert (r.published_total <= ev.scheme.total_points + cap + TOL).all()
    for k, u in enumerate(r.units):  # the bonus is exactly min(cap, Σ items)
        assert Fraction(float(r.state.bonus[k])) == _bonus(ev, u), u
        assert r.state.bonus[k] <= cap
        np.testing.assert_allclose(r.total[k] - r.base[k], float(_bonus(ev, u)), atol=TOL)


@given(evaluations(groups=True), st.sampled_from(["exclude_from_awards", "zero_total"]))
def test_a_veto_has_exactly_its_declared_effect(ev: Evaluation, effect: str) -> None:
    raw = json.loads(json.dumps(ev.scheme_dict))
    next(r for r in raw["rules"] if r["id"] == "veto")["params"]["effect"] = effect
    scheme = govperf.scheme_from_dict(raw)
    vetoed = {e["unit"] for e in ev.events["veto"]}
    free = govperf.score(scheme, _with(ev, veto=[]), missing=ev.missing)
    r = govperf.score(scheme, ev.data(), missing=ev.missing)
    np.testing.assert_array_equal(r.base, free.base)  # a veto never changes the tree
    for k, u in enumerate(r.units):
        if u in vetoed:
            assert not r.award_eligible[k], u
            expected = 0.0 if effect == "zero_total" else free.total[k]
            assert r.total[k] == expected, u
            assert r.unit(u).vetoes == ("事故",)  # the trigger that vetoed it
        else:
            assert r.total[k] == free.total[k], u
            assert r.award_eligible[k] == free.award_eligible[k], u
            assert r.unit(u).vetoes == ()


_RAISABLE = ("direct", "direct100", "bands", "raters", "median")


@given(evaluations(groups=True), st.data())
def test_raising_an_input_never_lowers_a_score(ev: Evaluation, data: st.DataObject) -> None:
    candidates = [
        (leaf, u)
        for leaf in ev.leaves
        if leaf.form in _RAISABLE and not leaf.pooled
        for u in leaf.rows
    ]
    if not candidates:
        return
    leaf, unit = data.draw(st.sampled_from(candidates))
    most = leaf.points_for(ev.groups.get(unit))
    assert most is not None
    raised = ev.data()
    rows = [row for row in raised["records"][leaf.id] if row["unit"] == unit]
    for row in rows:
        if "value" in row:
            top = most if leaf.form == "direct" else 100.0
            row["value"] = data.draw(st.sampled_from([top, (row["value"] + top) / 2]))
        else:
            row["score"] = data.draw(st.sampled_from([100.0, (row["score"] + 100.0) / 2]))
    before, after = _score(ev), _score(ev, raised)
    k = before.units.index(unit)
    col = before.node_ids.index(leaf.id)
    assert after.node_points[k, col] >= before.node_points[k, col] - TOL
    assert after.base[k] >= before.base[k] - TOL
    assert after.total[k] >= before.total[k] - TOL
    assert after.published_total[k] >= before.published_total[k]


@given(evaluations(groups=True))
def test_scoring_twice_is_identical(ev: Evaluation) -> None:
    scheme, data = ev.scheme, ev.data()
    one = govperf.score(scheme, data, missing=ev.missing)
    two = govperf.score(govperf.compile_scheme(scheme), data, missing=ev.missing)
    np.testing.assert_array_equal(one.node_points, two.node_points)
    np.testing.assert_array_equal(one.published_points, two.published_points)
    np.testing.assert_array_equal(one.total, two.total)
    np.testing.assert_array_equal(one.rank, two.rank)
    assert [repr(one.unit(u)) for u in one.units] == [repr(two.unit(u)) for u in two.units]
    assert json.dumps(one.to_dict(), ensure_ascii=False) == json.dumps(
        two.to_dict(), ensure_ascii=False
    )


def _children(scheme: govperf.Scheme) -> Mapping[str, list[str]]:
    return {n.id: [c.id for c in n.children] for n in scheme.iter_nodes()}


@given(evaluations(groups=True, policies=("error", "zero")))
def test_published_figures_are_exact_decimal_sums(ev: Evaluation) -> None:
    r = _score(ev)
    scheme = ev.scheme
    kids = _children(scheme)
    leaves = {leaf.id: leaf for leaf in ev.leaves}
    col = {node_id: j for j, node_id in enumerate(r.node_ids)}
    for k, u in enumerate(r.units):
        cents: dict[str, int] = {}

        def published(node_id: str) -> int:
            if node_id in leaves:
                value = _cents(_exact_leaf(leaves[node_id], ev, u))  # noqa: B023
            else:
                value = sum(published(c) for c in kids[node_id])
            cents[node_id] = value  # noqa: B023
            return value

        base = sum(published(n.id) for n in scheme.levels)
        for node_id, expected in cents.items():
            got = r.published_points[k, col[node_id]]
            assert round(got * 100) == expected, (u, node_id, got, expected)
            assert abs(got * 100 - expected) < 1e-6  # the float is the cents' nearest
        assert round(r.published_base[k] * 100) == base, u
        total = base + _cents(_bonus(ev, u))
        assert round(r.published_total[k] * 100) == total, (u, r.published_total[k], total)
        assert r.unit(u).total == total / 100


def test_a_top_tier_node_without_data_under_redistribute_publishes_the_base() -> None:
    """Found by ``test_the_total_and_the_bonus_stay_within_the_rules``: under
    ``redistribute``, a top-tier node with no data for any unit made the published base
    and total NaN.  Its weight goes to the other top-tier node: a 0.5 of 0.5 there
    scores the whole 1 point."""
    scheme = govperf.scheme_from_dict(
        {
            "schema_version": 1,
            "id": "t",
            "title": "测试",
            "total_points": 1,
            "tiers": [{"name": "指标"}],
            "nodes": [
                {"id": "a", "name": "甲", "points": 0.5, "evaluator": {"kind": "direct"}},
                {"id": "b", "name": "乙", "points": 0.5, "evaluator": {"kind": "direct"}},
            ],
        }
    )
    rows = [{"unit": "u0", "value": 0.5}, {"unit": "u1", "value": 0.25}]
    r = govperf.score(
        scheme, {"units": ["u0", "u1"], "records": {"a": rows}}, missing="redistribute"
    )
    assert r.base.tolist() == [1.0, 0.5]
    assert r.published_base.tolist() == [1.0, 0.5]
    assert r.published_total.tolist() == [1.0, 0.5]
    assert [x.total for x in r.ranking()] == [1.0, 0.5]
