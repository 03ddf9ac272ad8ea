"""Properties of the engine on generated schemes and data (``strategies.evaluations``).

Each property is a claim the engine must keep on every scheme and every year's data,
checked on hypothesis examples: points stay within their bounds, the tree adds up,
the order of units and rows does not matter, the dense and tidy forms of the same
data score alike, and batched scoring of K point sets gives what K single scorings
give.  The number of examples comes from the hypothesis profile
(``conftest.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import govperf
from strategies import Evaluation, evaluations, point_sets

TOL = 1e-9
"""Sums computed in another order than the engine's may differ in the last bits."""


def _score(ev: Evaluation, data: dict[str, Any] | None = None) -> govperf.Results:
    return govperf.score(ev.scheme, ev.data() if data is None else data, missing=ev.missing)


def _per_unit(r: govperf.Results) -> dict[str, tuple[list[float], str]]:
    """Per unit id: its exact node points, and the rest scored about it as text.

    The text (a ``repr``, in which NaN equals NaN) holds each node's maximum, the exact
    base and total, the rank, grade and award eligibility, and the published figures.
    """
    return {
        u: (
            r.node_points[k].tolist(),
            repr(
                (
                    r.node_max[k].tolist(),
                    float(r.base[k]),
                    float(r.total[k]),
                    float(r.rank[k]),
                    r.grade[k],
                    bool(r.award_eligible[k]),
                    r.unit(u),
                )
            ),
        )
        for k, u in enumerate(r.units)
    }


def _has_data(scheme: govperf.Scheme, ev: Evaluation) -> dict[str, np.ndarray]:
    """Per node id, which units (in ``ev.units`` order) have data on a leaf below it."""
    by_leaf = {
        leaf.id: np.array([u in leaf.rows for u in ev.units], dtype=bool) for leaf in ev.leaves
    }

    def below(node: govperf.Node) -> np.ndarray:
        if not node.children:
            return by_leaf[node.id]
        out: np.ndarray = np.logical_or.reduce([below(c) for c in node.children])
        return out

    return {node.id: below(node) for node in scheme.iter_nodes()}


@given(evaluations())
def test_every_node_lies_within_zero_and_its_maximum(ev: Evaluation) -> None:
    r = _score(ev)
    scheme = r.scheme
    points, most = r.node_points, r.node_max
    has_data = _has_data(scheme, ev)
    # under "redistribute" the top-tier points with data are scaled up to the scheme
    # total, and every inner node with them (docs/scoring.md)
    factor = np.ones(len(ev.units))
    if ev.missing == "redistribute":
        available = sum(np.where(has_data[lv.id], lv.points, 0.0) for lv in scheme.children)
        factor = scheme.total_points / available
    top = {node.id for node in scheme.children}
    for k, node in enumerate(scheme.iter_nodes()):
        p = points[:, k]
        ok = has_data[node.id] | (ev.missing != "redistribute")
        # under "redistribute" a node without data below it is NaN, but a top-tier
        # inner node shows 0 (a leaf is NaN wherever it sits, top tier included);
        # there is no NaN under the other policies
        shows_zero = node.id in top and bool(node.children)
        assert np.isnan(p).tolist() == (~ok & (not shows_zero)).tolist(), node.id
        bound = most[:, k] * (factor if node.children else 1.0)
        assert (p[~np.isnan(p)] >= -TOL).all(), (node.id, p, bound)
        assert (p[ok] <= bound[ok] + TOL).all(), (node.id, p, bound)
    assert (r.base <= scheme.total_points + TOL).all()


@given(evaluations())
def test_the_tree_adds_up(ev: Evaluation) -> None:
    r = _score(ev)
    scheme = r.scheme
    col = {node_id: k for k, node_id in enumerate(r.node_ids)}
    points = r.node_points
    if ev.missing != "redistribute":  # which re-weights the children on purpose
        for node in scheme.iter_nodes():
            if node.children:
                children = sum(points[:, col[c.id]] for c in node.children)
                np.testing.assert_allclose(points[:, col[node.id]], children, rtol=0, atol=TOL)
    if ev.missing == "redistribute" and scheme.n_tiers == 1:
        # the top-tier points with data are scaled up to the scheme total in the
        # base; in a one-tier tree the top tier is the leaves, which keep their own
        # points, so there the base is not their sum
        return
    top = sum(np.nan_to_num(points[:, col[node.id]]) for node in scheme.children)
    np.testing.assert_allclose(r.base, top, rtol=0, atol=TOL)


@given(evaluations(), st.data())
def test_unit_and_row_order_do_not_matter(ev: Evaluation, data: st.DataObject) -> None:
    order = data.draw(st.permutations(range(len(ev.units))), label="unit order")
    row_key = data.draw(st.integers(0, 2**32), label="row shuffle")
    before = _per_unit(_score(ev))
    after = _per_unit(_score(ev.permuted(list(order), row_key)))
    assert after.keys() == before.keys()
    for u in before:
        np.testing.assert_allclose(after[u][0], before[u][0], rtol=0, atol=TOL)
        assert after[u][1] == before[u][1], u


@given(evaluations(dense=True))
def test_dense_and_tidy_data_score_alike(ev: Evaluation) -> None:
    tidy = _per_unit(_score(ev, ev.data()))
    dense = _per_unit(_score(ev, ev.dense()))
    assert repr(dense) == repr(tidy)


@given(evaluations(policies=("error", "zero")), st.data())
def test_k_point_sets_score_as_k_single_scorings(ev: Evaluation, data: st.DataObject) -> None:
    sets = data.draw(st.lists(point_sets(ev), min_size=1, max_size=4), label="point sets")
    leaf_ids = govperf.compile_scheme(ev.scheme).leaf_ids
    matrix = np.array([[s.get(leaf, np.nan) for leaf in leaf_ids] for s in sets])
    totals = govperf.score_batch(ev.scheme, ev.data(), matrix, missing=ev.missing)
    assert totals.shape == (len(sets), len(ev.units))
    for k, points in enumerate(sets):
        single = _score(ev.repointed(points))
        np.testing.assert_allclose(totals[k], single.total, rtol=0, atol=TOL, err_msg=f"set {k}")
