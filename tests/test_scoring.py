"""The engine: compiling, binding data, missing-data policies up the tree, ranking."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import govperf
from samples import TREE, small_data, tree_data


def _error_messages(scheme: govperf.Scheme, data: Any, **kw: Any) -> list[str]:
    with pytest.raises(govperf.DataError) as info:
        govperf.score(scheme, data, **kw)
    return [p.text("en") for p in info.value.problems]


def test_sums_up_the_tree(tree: govperf.Scheme) -> None:
    r = govperf.score(tree, tree_data({"a": {"s1": 25, "s2": 10, "s3": 5, "s4": 20}}))
    # i1 25; i2 10 + 5 = 15; l1 40; i3 = l2 = 20; total 60
    assert [float(r.points(n)[0]) for n in ("i1", "i2", "l1", "i3", "l2")] == [
        25.0, 15.0, 40.0, 20.0, 20.0,
    ]  # fmt: skip
    assert r.unit("a").total == 60.0


def test_leaves_of_different_evaluators_add_up(small: govperf.Scheme) -> None:
    # a: 4 + 6 × 8/8 = 10; b: 3 + 6 × (4 × 0.5)/4 = 6
    r = govperf.score(small, small_data())
    assert (r.unit("a").total, r.unit("b").total) == (10.0, 6.0)


def test_compile_is_cached_and_reusable(tree: govperf.Scheme) -> None:
    compiled = govperf.compile_scheme(tree)
    assert govperf.compile_scheme(tree) is compiled
    assert compiled.leaf_ids == ("s1", "s2", "s3", "s4")
    r = govperf.score(compiled, tree_data({"a": {"s1": 1, "s2": 1, "s3": 1, "s4": 1}}))
    assert r.unit("a").total == 4.0


def test_unknown_policy(tree: govperf.Scheme) -> None:
    with pytest.raises(ValueError, match="unknown missing-data policy 'guess'"):
        govperf.score(tree, tree_data({"a": {"s1": 1, "s2": 1, "s3": 1, "s4": 1}}), missing="guess")


def test_sub_indicator_without_evaluator() -> None:
    sch = govperf.loads_scheme(
        TREE.replace(
            "{id: s3, name: 丙, points: 10, evaluator: {kind: direct}}",
            "{id: s3, name: 丙, points: 10}",
        )
    )
    with pytest.raises(govperf.SchemeError, match=r"丙 \[s3\] has no evaluator"):
        govperf.compile_scheme(sch)


def test_redistribute_missing_indicator(tree: govperf.Scheme) -> None:
    data = tree_data({"a": {"s2": 10, "s3": 5, "s4": 20}, "b": {"s1": 30, "s2": 20, "s4": 40}})
    r = govperf.score(tree, data, missing="redistribute")
    # a: i1 has no data at all → l1 = i2 × 60 / 30 = 15 × 2 = 30; l2 20; total 50
    # b: s3 missing → i2 = 20 × 30 / 20 = 30; l1 = 60; l2 40; total 100
    assert [r.unit(u).total for u in "ab"] == [50.0, 100.0]
    assert r.unit("a").points["l1"] == 30.0
    assert r.unit("b").points["i2"] == 30.0


def test_redistribute_missing_level(tree: govperf.Scheme) -> None:
    r = govperf.score(tree, tree_data({"a": {"s4": 30}}), missing="redistribute")
    # only l2 has data: total = 30 × 100 / 40 = 75
    assert r.unit("a").total == 75.0


def test_redistribute_nothing_at_all(tree: govperf.Scheme) -> None:
    data = tree_data({"a": {"s4": 30}, "b": {}})
    (msg,) = _error_messages(tree, data, missing="redistribute")
    assert "no data at all" in msg


def test_carry_plain_values(tree: govperf.Scheme) -> None:
    policy = govperf.MissingPolicy(kind="carry", values={"s1": 12.5})
    r = govperf.score(tree, tree_data({"a": {"s2": 10, "s3": 5, "s4": 20}}), missing=policy)
    assert r.unit("a").total == 47.5  # 12.5 + 10 + 5 + 20


def test_missing_error_lists_every_pair(tree: govperf.Scheme) -> None:
    msgs = _error_messages(tree, tree_data({"a": {"s1": 1, "s4": 1}, "b": {"s2": 1, "s3": 1}}))
    # a lacks s2, s3; b lacks s1, s4
    assert len(msgs) == 4
    for unit, sub in (("a", "s2"), ("a", "s3"), ("b", "s1"), ("b", "s4")):
        assert any(f"unit {unit}" in m and f"[{sub}]" in m for m in msgs)


def test_dense_columns() -> None:
    sch = govperf.loads_scheme(TREE)
    data = {
        "units": ["a", "b"],
        "records": {s: {"value": [1.0, 2.0]} for s in ("s1", "s2", "s3", "s4")},
    }
    r = govperf.score(sch, data)
    assert list(r.total) == [4.0, 8.0]


def test_dense_columns_wrong_length(tree: govperf.Scheme) -> None:
    data: dict[str, Any] = {
        "units": ["a", "b"],
        "records": {s: {"value": [1.0, 2.0]} for s in ("s1", "s2", "s3")},
    }
    data["records"]["s4"] = {"value": [1.0, 2.0, 3.0]}
    (msg,) = _error_messages(tree, data)
    assert "one row per unit (2), got 3" in msg


def test_table_problems(tree: govperf.Scheme) -> None:
    data = tree_data({"a": {"s1": 1, "s2": 1, "s3": 1, "s4": 1}})
    data["records"]["s1"].append({"unit": "a", "value": 2})  # duplicate for direct
    data["records"]["s2"][0]["extra"] = "x"  # unknown column
    data["records"]["s3"][0]["value"] = "many"  # not a number
    data["events"] = {"nope": [{"unit": "a"}]}  # not a rule
    msgs = _error_messages(tree, data)
    assert len(msgs) == 4
    assert any("unit a" in m and "more than one row" in m for m in msgs)
    assert any("unknown column 'extra'" in m for m in msgs)
    assert any("'many' is not a number" in m for m in msgs)
    assert any("'nope', which is not a rule" in m for m in msgs)


def test_rank_on_published_total(tree: govperf.Scheme) -> None:
    # a: 0.1 + 0.2 + 0 + 0 = 0.30000000000000004; b: 0.3 exactly; c: 0.31
    data = tree_data(
        {
            "a": {"s1": 0.1, "s2": 0.2, "s3": 0, "s4": 0},
            "b": {"s1": 0.3, "s2": 0, "s3": 0, "s4": 0},
            "c": {"s1": 0.31, "s2": 0, "s3": 0, "s4": 0},
        }
    )
    r = govperf.score(tree, data)
    assert r.total[0] != r.total[1]  # exact totals differ in the last bit
    assert [r.unit(u).rank for u in "abc"] == [2, 2, 1]  # published 0.30 = 0.30


def test_results_are_numpy(tree: govperf.Scheme) -> None:
    r = govperf.score(tree, tree_data({"a": {"s1": 1, "s2": 2, "s3": 3, "s4": 4}}))
    assert isinstance(r.total, np.ndarray)
    assert r.leaf_points.shape == (1, 4)
    assert list(r.max_points("s2")) == [20.0]
