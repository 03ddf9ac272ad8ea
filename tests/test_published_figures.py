"""Published figures add up, on the sample year (examples/xicheng_2013) and at any depth.

The method ("Rounding and published figures" in docs/scoring.md): leaves are rounded
half up to the scheme's precision, every parent is the sum of its published children
(added as whole cents), and the total is the published base + bonus − deductions.
Rounding every node on its own, as govperf did before, left 13 of the sample year's
520 parent sums (480 inner nodes and 40 bases) off by 0.01 (e.g. u34: 43.23 + 17.66 +
24.78 = 85.67 while the base showed 85.66), and in the 1,120 rows of the feedback
reports' node tables 246 differences (与中位数之差) and 280 shares that did not follow
from the printed figures.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest

import govperf
from govperf._rounding import round_half_up
from govperf.report import feedback, render_feedback

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xicheng_2013"

pytestmark = pytest.mark.skipif(not SAMPLE.is_dir(), reason="needs the repository's examples/")


@pytest.fixture(scope="module")
def year(xicheng: govperf.Scheme) -> govperf.Results:
    return govperf.score(xicheng, govperf.read_data(xicheng, SAMPLE))


def cents(value: float) -> int:
    return round(value * 100)


def parent_sums(results: govperf.Results, table: np.ndarray) -> tuple[int, int]:
    """(parent/child sums, sums off): every inner node, and the base over the levels."""
    sch = results.scheme
    ids = list(results.node_ids)
    col = {nid: k for k, nid in enumerate(ids)}
    n = off = 0
    for u, unit in enumerate(results.units):
        for node in sch.iter_nodes():
            if node.is_leaf:
                continue
            n += 1
            kids = sum(cents(table[u, col[c.id]]) for c in node.children)
            off += cents(table[u, col[node.id]]) != kids
        n += 1
        levels = sum(cents(table[u, col[lv.id]]) for lv in sch.levels)
        off += cents(results.unit(unit).base) != levels
    return n, off


def test_every_published_parent_is_the_sum_of_its_children(year: govperf.Results) -> None:
    assert parent_sums(year, year.published_points) == (520, 0)
    # the data exercise the case: rounding each node on its own leaves 11 of the 480
    # inner nodes off the sum of their rounded children
    alone = round_half_up(np.asarray(year.node_points), 2)
    n = off = 0
    sch = year.scheme
    col = {nid: k for k, nid in enumerate(year.node_ids)}
    for u in range(len(year)):
        for node in sch.iter_nodes():
            if not node.is_leaf:
                n += 1
                kids = sum(cents(alone[u, col[c.id]]) for c in node.children)
                off += cents(alone[u, col[node.id]]) != kids
    assert (n, off) == (480, 11)


def test_hand_checked_sums(year: govperf.Results) -> None:
    u34 = year.unit("u34")
    p = u34.points
    # 服务效果: 4.77 + 4.31 + 8.53 + 7.16 = 24.77 (each rounded on its own: 24.78)
    assert [p[k] for k in ("serve_central", "serve_grassroots", "public_rating")] == [
        4.77,
        4.31,
        8.53,
    ]
    assert p["admin_service"] == 7.16
    assert p["service"] == 24.77
    # base 43.23 + 17.66 + 24.77 = 85.66; no bonus, no deductions
    assert (p["efficiency"], p["effectiveness"]) == (43.23, 17.66)
    assert (u34.base, u34.total) == (85.66, 85.66)
    u03 = year.unit("u03")
    # 职责任务 26.97 + 11.84 = 38.81; 履职效率 38.81 + 4.28 = 43.09;
    # total 86.62 + 5 (bonus claimed 6.5, cumulative cap 5) = 91.62
    assert (u03.points["key_tasks"], u03.points["main_duties"]) == (26.97, 11.84)
    assert u03.points["duties"] == 38.81
    assert u03.points["efficiency"] == 43.09
    assert (u03.base, u03.bonus, u03.deductions, u03.total) == (86.62, 5.0, 0.0, 91.62)


def test_total_is_base_plus_bonus_minus_deductions(year: govperf.Results) -> None:
    for r in year.ranking():
        assert cents(r.total) == cents(r.base) + cents(r.bonus) - cents(r.deductions)
    # ranks follow the published totals: equal totals share a rank, a lower one ranks below
    rows = year.ranking()
    for a, b in itertools.pairwise(rows):
        assert a.rank is not None
        assert b.rank is not None
        assert (a.rank == b.rank) == (a.total == b.total)
        assert a.total >= b.total


_ROW = re.compile(r"^\| (.+?) \| (\S+) \| (\S+) \| (\S+) \| (\S+) \| (\S+) \| (\S+) \|$")


def _node_rows(md: str) -> list[tuple[str, ...]]:
    body = md.split("## 各项指标得分", 1)[1].split("## ", 1)[0]
    return [m.groups() for line in body.splitlines() if (m := _ROW.match(line))][2:]


def test_every_printed_difference_is_the_difference_of_printed_figures(
    year: govperf.Results,
) -> None:
    n = off = 0
    for unit in year.units:
        for _, _, top, points, share, median, diff in _node_rows(
            render_feedback(feedback(year, unit), format="markdown")
        ):
            n += 1
            if median.endswith("%"):  # a pooled node: compared by share, not by points
                off += cents(float(diff[:-1])) != cents(float(share[:-1])) - cents(
                    float(median[:-1])
                )
            else:
                off += cents(float(diff)) != cents(float(points)) - cents(float(median))
            # the share is of the printed figures too
            off += share != f"{float(round_half_up(float(points) / float(top) * 100, 2)):.2f}%"
    assert (n, off) == (1120, 0)


def test_hand_checked_feedback_rows(year: govperf.Results) -> None:
    rows = {
        r[0].strip("\u3000 *\\"): r
        for r in _node_rows(render_feedback(feedback(year, "u34"), format="markdown"))
    }
    # 服务效果 24.77 of 30 = 82.57 %; the median is of the 40 published figures
    row = rows["服务效果"]
    assert row[2:5] == ("30.00", "24.77", "82.57%")
    assert cents(float(row[6])) == cents(24.77) - cents(float(row[5]))
