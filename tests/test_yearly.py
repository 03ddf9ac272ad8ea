"""Year over year: two schemes compared, rectification items and their status, trends."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest

import govperf
from govperf.cli import main
from govperf.yearly import (
    RectificationItem,
    Year,
    compare,
    load_year,
    plot_trend,
    read_items,
    rectification_items,
    rectification_status,
    scheme_changes,
    trend,
    write_items,
)

S2013 = """\
schema_version: 1
id: demo_2013
title: 示例2013
total_points: 100
tiers: [{name: 指标}]
nodes:
  - {id: s1, name: 甲, points: 60, evaluator: {kind: direct}}
  - {id: s2, name: 乙, points: 40, evaluator: {kind: direct}}
"""

S2014 = """\
schema_version: 1
id: demo_2014
title: 示例2014
total_points: 100
tiers: [{name: 指标}]
nodes:
  - {id: s1, name: 甲, points: 50, evaluator: {kind: direct}}
  - {id: s2, name: 乙, points: 40, evaluator: {kind: direct}}
  - {id: s3, name: 丙, points: 10, evaluator: {kind: direct}}
"""
"""2014: s1 re-weighted 60 → 50, s3 added (10 points)."""

V2013 = {"a": (30, 40), "b": (54, 20), "c": (45, 30)}
"""Totals a 70, b 74, c 75 (ranks c, b, a); shares s1 .5 .9 .75, s2 1 .5 .75."""
V2014 = {"a": (40, 36, 5), "b": (45, 24, 10), "c": (30, 30, 8), "d": (50, 40, 10)}
"""Totals a 81, b 79, c 68, d 100 (ranks d, a, b, c); s1 shares .8 .9 .6 1."""


def year(label: str, text: str, values: Mapping[str, tuple[int, ...]]) -> Year:
    scheme = govperf.loads_scheme(text)
    subs = [s.id for s in scheme.iter_sub_indicators()]
    data = {
        "units": list(values),
        "records": {
            sub: [{"unit": u, "value": float(v[k])} for u, v in values.items()]
            for k, sub in enumerate(subs)
        },
    }
    return Year(label=label, results=govperf.score(scheme, data))


def y2013() -> Year:
    return year("2013", S2013, V2013)


def y2014() -> Year:
    return year("2014", S2014, V2014)


def test_scheme_changes_by_node_id() -> None:
    changes = scheme_changes(govperf.loads_scheme(S2013), govperf.loads_scheme(S2014))
    assert [(c.node, c.kind, c.points) for c in changes] == [
        ("s1", "reweighted", (60.0, 50.0)),
        ("s3", "added", (None, 10.0)),
    ]
    assert changes[0].weight == (0.6, 0.5)
    removed = scheme_changes(govperf.loads_scheme(S2014), govperf.loads_scheme(S2013))
    assert [(c.node, c.kind) for c in removed] == [("s1", "reweighted"), ("s3", "removed")]


def test_two_years_under_two_schemes() -> None:
    cmp = compare(y2013(), y2014())
    assert cmp.changes("added") == ("s3",)
    assert cmp.changes("reweighted") == ("s1",)
    assert cmp.only_after == ("d",)
    assert cmp.only_before == ()
    assert [u.unit for u in cmp.units] == ["a", "b", "c"]  # 2014 ranking order
    a = cmp.unit("a")
    assert (a.total, a.rank) == ((70.0, 81.0), (3, 2))
    assert a.total_share == (0.7, 0.81)
    assert math.isclose(a.change, 0.11)
    s1 = cmp.node("a", "s1")  # re-weighted: compared by share, not points
    assert (s1.points, s1.max_points, s1.share) == ((30.0, 40.0), (60.0, 50.0), (0.5, 0.8))
    assert s1.status == "reweighted"
    assert math.isclose(s1.change, 0.3)
    assert math.isnan(s1.points_change)
    s2 = cmp.node("a", "s2")  # same points: the points compare too
    assert (s2.share, s2.points_change, s2.status) == ((1.0, 0.9), -4.0, "same")
    s3 = cmp.node("a", "s3")
    assert s3.status == "added"
    assert math.isnan(s3.share[0])
    assert s3.share[1] == 0.5
    assert math.isnan(s3.change)
    c = cmp.unit("c")
    assert (c.total, c.rank) == ((75.0, 68.0), (1, 4))
    doc = cmp.to_dict()
    json.dumps(doc, allow_nan=False)  # strict JSON: NaN as null
    row = next(r for r in doc["nodes"] if r["unit"] == "a" and r["node"] == "s3")
    assert row["share"] == [None, 0.5]
    text = cmp.to_text("en")
    assert "  - re-weighted: 甲 [s1] 60.00 → 50.00" in text
    assert "  - added: 丙 [s3] 10.00" in text
    assert "units only in the later year: d" in text


def test_rectification_items_from_the_weak_points() -> None:
    items = rectification_items(y2013(), weakest=1)
    got = [(i.unit, i.node, i.share, i.median_share, i.target) for i in items]
    assert got == [
        ("a", "s1", 0.5, 0.75, 0.75),  # below the median: reach the median
        ("b", "s2", 0.5, 0.75, 0.75),
        ("c", "s1", 0.75, 0.75, 1.0),  # at the median: full points (s1 first in tree order)
    ]
    assert items[0].gap == 0.25
    assert items[0].points == 30.0
    assert items[0].max_points == 60.0
    assert [i.target for i in rectification_items(y2013(), weakest=1, target=0.9)] == [0.9] * 3
    full = rectification_items(y2013(), weakest=2, target="full")
    assert [(i.unit, i.node) for i in full] == [
        ("a", "s1"),
        ("b", "s2"),
        ("b", "s1"),
        ("c", "s1"),
        ("c", "s2"),
    ]
    assert {i.target for i in full} == {1.0}


def test_status_next_year_by_share() -> None:
    items = rectification_items(y2013(), weakest=1)
    extra = (
        RectificationItem(
            unit="a",
            unit_name="甲",
            node="gone",
            node_name="旧指标",
            year="2013",
            points=1,
            max_points=2,
            share=0.5,
            median_share=0.6,
            gap=0.1,
            target=0.6,
        ),
        RectificationItem(
            unit="zz",
            unit_name="撤并",
            node="s1",
            node_name="甲",
            year="2013",
            points=1,
            max_points=2,
            share=0.5,
            median_share=0.6,
            gap=0.1,
            target=0.6,
        ),
    )
    status = rectification_status((*items, *extra), y2014())
    got = [(s.item.unit, s.item.node, s.share, s.status) for s in status]
    assert got[:3] == [
        ("a", "s1", 0.8, "met"),  # 40/50 = .8 ≥ .75 (s1 re-weighted: compared by share)
        ("b", "s2", 0.6, "improved"),  # 24/40 = .6: up from .5, below .75
        ("c", "s1", 0.6, "not_improved"),  # 30/50 = .6: down from .75
    ]
    assert [s.status for s in status[3:]] == ["node_removed", "unit_absent"]
    assert math.isclose(status[0].change, 0.3)
    assert math.isclose(status[2].change, -0.15)
    assert status[0].improved
    assert not status[2].improved
    assert status[1].to_dict()["next_points"] == 24.0


def test_items_file_round_trip_and_problems(tmp_path: Path) -> None:
    items = rectification_items(y2013(), weakest=1)
    path = tmp_path / "items.yaml"
    write_items(items, path)
    assert read_items(path) == items
    with pytest.raises(FileExistsError):
        write_items(items, path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("target: 0.75", "target: 高", 1).replace("measures: ''", "measure: x", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(govperf.DataError) as info:
        read_items(path)
    lines = info.value.render(lang="en").splitlines()
    assert lines[0] == f"2 problems in {path}"
    assert lines[1].startswith(f"{path}:")
    assert "rectification[0].target: expected a number" in lines[1]
    assert "rectification[0].measure: unknown key 'measure'" in lines[2]


def test_trend_over_years() -> None:
    data = trend([y2013(), y2014()])
    assert data.years == ("2013", "2014")
    assert data.series("a") == (0.7, 0.81)
    assert data.series("a", "s1") == (0.5, 0.8)
    s3 = data.series("a", "s3")
    assert math.isnan(s3[0])
    assert s3[1] == 0.5
    d = data.series("d")
    assert math.isnan(d[0])
    assert d[1] == 1.0
    assert data.table(lang="en") == [
        ["unit", "name", "2013", "2014"],
        ["a", "a", "70.0%", "81.0%"],
        ["b", "b", "74.0%", "79.0%"],
        ["c", "c", "75.0%", "68.0%"],
        ["d", "d", "-", "100.0%"],
    ]
    rows = data.table(unit="a", lang="en")
    assert rows[0] == ["node", "name", "2013", "2014"]
    assert rows[1:] == [
        ["total", "总分", "70.0%", "81.0%"],
        ["s1", "甲", "50.0%", "80.0%"],
        ["s2", "乙", "100.0%", "90.0%"],
        ["s3", "丙", "-", "50.0%"],
    ]
    total_a = [r for r in data.rows if r.unit == "a" and r.node == "total"]
    assert [r.rank for r in total_a] == [3, 2]
    frame = data.to_frame()
    assert len(frame) == 3 * 3 + 4 * 4
    assert json.dumps(data.to_records(), allow_nan=False)


def test_trend_plot() -> None:
    pytest.importorskip("matplotlib")
    data = trend([y2013(), y2014()])
    fig = plot_trend(data, unit="a", lang="en")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2013", "2014"]
    assert [line.get_label() for line in ax.get_lines()] == ["总分", "甲", "乙", "丙"]
    assert np.asarray(ax.get_lines()[0].get_ydata(), dtype=float).tolist() == [70.0, 81.0]
    fig = plot_trend(data, node="s1", units=["b", "c"])
    ys = [np.asarray(ln.get_ydata(), dtype=float).tolist() for ln in fig.axes[0].get_lines()]
    assert ys == [[90.0, 90.0], [75.0, 60.0]]


def save(y: Year, path: Path) -> Path:
    path.write_text(json.dumps(y.results.to_dict(), ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_compare_rectify_trend(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = save(y2013(), tmp_path / "2013.json")
    b = save(y2014(), tmp_path / "2014.json")
    assert load_year(a).label == "2013"
    assert main(["compare", str(a), str(b), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "re-weighted: 甲 [s1] 60.00 → 50.00" in out
    assert main(["compare", str(a), f"next={b}", "--unit", "a", "-o", str(tmp_path / "c.csv")]) == 0
    rows = (tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()
    assert (
        rows[0] == "单位,指标编号,指标名称,前一年得分,前一年满分,前一年得分率,"
        "后一年得分,后一年满分,后一年得分率,得分率变化,指标变化"
    )
    assert "a,s1,甲,30,60,0.5,40,50,0.8,0.3,reweighted" in rows
    items = tmp_path / "items.yaml"
    assert main(["rectify", "plan", str(a), "-o", str(items), "--weakest", "1"]) == 0
    assert "3 项整改事项" in capsys.readouterr().out
    assert main(["rectify", "check", str(items), str(b), "-o", str(tmp_path / "s.json")]) == 0
    status = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [(s["unit"], s["status"]) for s in status] == [
        ("a", "met"),
        ("b", "improved"),
        ("c", "not_improved"),
    ]
    capsys.readouterr()
    assert main(["rectify", "check", str(items), str(b), "--lang", "en"]) == 0
    assert "improved, target not met" in capsys.readouterr().out
    assert main(["trend", str(a), str(b), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split() == ["a", "a", "70.0%", "81.0%"]
    assert main(["compare", str(a)]) == 1
    assert "需要两个年度,给出了 1 个" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert main(["trend", str(bad)]) == 1
    assert "不是保存的年度" in capsys.readouterr().err


def test_cli_year_on_the_fly_and_score_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = Path(__file__).parent.parent / "examples" / "xicheng_2013"
    saved = tmp_path / "2013.json"
    assert main(["score", "xicheng_2013", str(examples), "--full", "-o", str(saved)]) == 0
    assert load_year(saved).results.unit("u03").total == 91.62
    assert (
        main(["score", "xicheng_2013", str(examples), "--full", "-o", str(tmp_path / "x.csv")]) == 1
    )
    assert "--full" in capsys.readouterr().err
    code = main(
        ["compare", str(saved), "--year", "again", "xicheng_2013", str(examples), "--lang", "en"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "none (the same scheme)" in out
    assert "91.62 → 91.62" in out


def test_rectification_in_next_years_reports(tmp_path: Path) -> None:
    from govperf.report import feedback, render_feedback, write_reports
    from govperf.yearly import rectification_sections

    items = rectification_items(y2013(), weakest=1)
    this = y2014()
    units, summary = rectification_sections(rectification_status(items, this), "en")
    assert set(units) == {"a", "b", "c"}
    section = units["a"][0]
    assert section.header == (
        "node",
        "share in 2013",
        "target",
        "share this year",
        "change",
        "status",
    )
    assert section.rows == (("甲 [s1]", "50.0%", "75.0%", "80.0%", "+30.0 pp", "target met"),)
    assert summary[0].paragraphs[1] == (
        "3 items: 1 met the target, 1 improved, 1 did not improve, 0 not comparable."
    )
    text = render_feedback(
        feedback(this.results, "a"), format="markdown", lang="en", sections=units["a"]
    )
    assert "## Rectification of last year's weak points" in text
    assert "| 甲 \\[s1\\] | 50.0% | 75.0% | 80.0% | +30.0 pp | target met |" in text
    units, summary = rectification_sections(rectification_status(items, this))
    written = write_reports(
        this.results,
        tmp_path / "rep",
        format="markdown",
        plots=False,
        unit_sections=units,
        summary_sections=summary,
    )
    pages = {p.name: p.read_text(encoding="utf-8") for p in written}
    assert "上年整改事项落实情况" not in pages["d.md"]  # d had no items
    assert "上年整改事项落实情况" in pages["b.md"]
    assert (
        "| b(b) | 乙 \\[s2\\] | 50.0% | 75.0% | 60.0% | +10.0 个百分点 | 有改进,未达目标 |"
        in (pages["summary.md"])
    )
