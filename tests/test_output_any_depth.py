"""Tables, the workbook, reports, plots, templates and ``show`` for trees of two and five tiers.

The two-tier scheme (10 points; tiers 领域 area, 指标 indicator):

    A 工作 (6) ─ a1 任务 4, a2 公文 2
    B 公众 (4) ─ b1 满意 4

    unit   a1  a2  b1   A  B  total  rank
    u1      4   1   2   5  2      7     2
    u2      2   2   4   4  4      8     1
    u3      3   1   1   4  1      5     3

Medians: a1 [4, 2, 3] → 3; a2 [1, 2, 1] → 1; b1 [2, 4, 1] → 2; A [5, 4, 4] → 4;
B [2, 4, 1] → 2.

The five-tier scheme (15 points; tiers 领域, 维度, 指标, 子指标, 要点):

    D1 发展 (10) ─ M1 经济 (10) ─ I1 增长 (10) ─ S1 投资 (10) ─ t1 项目 6, t2 资金 4
    D2 民生 (5)  ─ M2 保障 (5)  ─ I2 就业 (5)  ─ S2 岗位 (5)  ─ x 新增岗位 5

    unit   t1  t2  x   S1..D1  total  rank
    u1      6   2  5        8     13     2
    u2      3   4  2        7      9     3
    u3      6   4  4       10     14     1

Medians: t1 [6, 3, 6] → 6; t2 [2, 4, 4] → 4; x..D2 [5, 2, 4] → 4; S1..D1 [8, 7, 10] → 8.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pytest

import govperf
from govperf.io import write_template
from govperf.output._frames import tidy_table, wide_table
from govperf.report import feedback, render_feedback, render_summary, summary

TWO_TIER = """\
schema_version: 1
id: two
title: 两级方案
total_points: 10
tiers:
  - {name: 领域, name_en: area}
  - {name: 指标, name_en: indicator}
nodes:
  - id: A
    name: 工作
    points: 6
    children:
      - {id: a1, name: 任务, points: 4, evaluator: {kind: direct}, assessors: [{name: 督查室}]}
      - {id: a2, name: 公文, points: 2, evaluator: {kind: direct}, assessors: [{name: 办公室}]}
  - id: B
    name: 公众
    points: 4
    children:
      - {id: b1, name: 满意, points: 4, evaluator: {kind: direct}, assessors: [{name: 督查室}]}
"""

FIVE_TIER = """\
schema_version: 1
id: five
title: 五级方案
total_points: 15
tiers:
  - {name: 领域, name_en: domain}
  - {name: 维度, name_en: dimension}
  - {name: 指标, name_en: indicator}
  - {name: 子指标, name_en: sub-indicator}
  - {name: 要点, name_en: item}
nodes:
  - id: D1
    name: 发展
    points: 10
    children:
      - id: M1
        name: 经济
        points: 10
        children:
          - id: I1
            name: 增长
            points: 10
            children:
              - id: S1
                name: 投资
                points: 10
                children:
                  - {id: t1, name: 项目, points: 6, evaluator: {kind: direct}}
                  - {id: t2, name: 资金, points: 4, evaluator: {kind: direct}}
  - id: D2
    name: 民生
    points: 5
    children:
      - id: M2
        name: 保障
        points: 5
        children:
          - id: I2
            name: 就业
            points: 5
            children:
              - id: S2
                name: 岗位
                points: 5
                children:
                  - {id: x, name: 新增岗位, points: 5, evaluator: {kind: direct}}
"""

UNITS = [{"id": "u1", "name": "一局"}, {"id": "u2", "name": "二局"}, {"id": "u3", "name": "三局"}]


def _data(points: Mapping[str, Sequence[float]], leaves: tuple[str, ...]) -> dict[str, Any]:
    return {
        "units": UNITS,
        "records": {
            leaf: [{"unit": u, "value": float(p[k])} for u, p in points.items()]
            for k, leaf in enumerate(leaves)
        },
    }


@pytest.fixture(scope="module")
def two() -> govperf.Results:
    scheme = govperf.loads_scheme(TWO_TIER, "two.yaml")
    points = {"u1": (4, 1, 2), "u2": (2, 2, 4), "u3": (3, 1, 1)}
    return govperf.score(scheme, _data(points, ("a1", "a2", "b1")))


@pytest.fixture(scope="module")
def five() -> govperf.Results:
    scheme = govperf.loads_scheme(FIVE_TIER, "five.yaml")
    points = {"u1": (6, 2, 5), "u2": (3, 4, 2), "u3": (6, 4, 4)}
    return govperf.score(scheme, _data(points, ("t1", "t2", "x")))


def _lines(text: str) -> list[str]:
    return text.splitlines()


# -- tables ------------------------------------------------------------------------------


def test_tidy_table_names_every_node_by_its_own_tier(two: govperf.Results) -> None:
    _, _, cols = tidy_table(two)
    rows = list(zip(cols["单位"], cols["指标编号"], cols["层级"], cols["得分"], strict=True))
    assert rows[:5] == [
        ("u1", "A", "领域", 5.0),
        ("u1", "a1", "指标", 4.0),
        ("u1", "a2", "指标", 1.0),
        ("u1", "B", "领域", 2.0),
        ("u1", "b1", "指标", 2.0),
    ]
    _, _, en = tidy_table(two, lang="en")
    assert en["level"][:2] == ["area", "indicator"]


def test_five_tier_tables_hold_every_node(five: govperf.Results) -> None:
    _, _, cols = tidy_table(five)
    tiers = ["领域", "维度", "指标", "子指标", "要点"]
    assert cols["层级"][:11] == [*tiers, "要点", *tiers]
    assert cols["指标编号"][:11] == [
        "D1",
        "M1",
        "I1",
        "S1",
        "t1",
        "t2",
        "D2",
        "M2",
        "I2",
        "S2",
        "x",
    ]
    index_name, index, wide = wide_table(five)
    assert index_name == "单位"
    assert index == ["u1", "u2", "u3"]
    for name, values in [("发展", [8, 7, 10]), ("资金", [2, 4, 4]), ("新增岗位", [5, 2, 4])]:
        assert wide[name] == values
    assert wide["总分"] == [13, 9, 14]
    assert wide["名次"] == [2, 3, 1]


def test_json_and_csv_have_every_node(five: govperf.Results, tmp_path: Path) -> None:
    import json

    rows = json.loads(five.to_json())
    assert [r["unit"] for r in rows] == ["u3", "u1", "u2"]
    assert rows[0]["points"] == {
        "D1": 10.0, "M1": 10.0, "I1": 10.0, "S1": 10.0, "t1": 6.0, "t2": 4.0,
        "D2": 4.0, "M2": 4.0, "I2": 4.0, "S2": 4.0, "x": 4.0,
    }  # fmt: skip
    five.to_csv(tmp_path / "tidy.csv", kind="tidy")
    lines = (tmp_path / "tidy.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "单位,单位名称,指标编号,指标名称,层级,得分,满分,得分率"
    assert lines[4] == "u1,一局,S1,投资,子指标,8.0,10.0,0.8"
    assert len(lines) == 1 + 3 * 11


# -- the workbook --------------------------------------------------------------------------


def _sheet(path: Path, title: str) -> list[tuple[Any, ...]]:
    import openpyxl

    return list(openpyxl.load_workbook(path)[title].iter_rows(values_only=True))[1:]  # no title


def test_workbook_has_a_sheet_per_top_node_with_every_node_under_it(
    five: govperf.Results, tmp_path: Path
) -> None:
    pytest.importorskip("openpyxl")
    import openpyxl

    path = tmp_path / "five.xlsx"
    five.to_excel(path)
    assert openpyxl.load_workbook(path).sheetnames == [
        "排名",
        "发展",
        "民生",
        "规则",
        "三局",
        "一局",
        "二局",
    ]
    rows = _sheet(path, "发展")
    assert rows[0] == ("单位", "单位名称", "发展", "经济", "增长", "投资", "项目", "资金")
    assert rows[1] == (None, "满分", 10, 10, 10, 10, 6, 4)
    assert rows[2] == ("u3", "三局", 10, 10, 10, 10, 6, 4)  # best first
    assert _sheet(path, "民生")[:3] == [
        ("单位", "单位名称", "民生", "保障", "就业", "岗位", "新增岗位"),
        (None, "满分", 5, 5, 5, 5, 5),
        ("u3", "三局", 4, 4, 4, 4, 4),
    ]
    unit = _sheet(path, "一局")
    header = next(r for r in unit if r and r[0] == "要点编号")  # the leaf tier's name
    assert header[:4] == ("要点编号", "要点", "得分", "满分")
    assert [r[0] for r in unit[unit.index(header) + 1 :][:3]] == ["t1", "t2", "x"]


def test_workbook_leaf_headers_use_the_leaf_tier(two: govperf.Results, tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / "two.xlsx"
    two.to_excel(path)
    unit = _sheet(path, "一局")
    assert any(r[:2] == ("指标编号", "指标") for r in unit)
    two.to_excel(path, lang="en", overwrite=True)
    unit = _sheet(path, "一局")
    assert any(r[:2] == ("indicator", "indicator_name") for r in unit)


# -- reports -------------------------------------------------------------------------------


def test_feedback_covers_every_node_with_its_tier(five: govperf.Results) -> None:
    fb = feedback(five, "u1")
    assert [(n.id, n.depth, n.tier, n.leaf) for n in fb.nodes] == [
        ("D1", 0, "领域", False),
        ("M1", 1, "维度", False),
        ("I1", 2, "指标", False),
        ("S1", 3, "子指标", False),
        ("t1", 4, "要点", True),
        ("t2", 4, "要点", True),
        ("D2", 0, "领域", False),
        ("M2", 1, "维度", False),
        ("I2", 2, "指标", False),
        ("S2", 3, "子指标", False),
        ("x", 4, "要点", True),
    ]
    inner = ["indicator"] * 3
    leaf = "sub_indicator"
    assert [n.kind for n in fb.nodes] == ["level", *inner, leaf, leaf, "level", *inner, leaf]
    assert fb.scheme.tiers == ("领域", "维度", "指标", "子指标", "要点")
    assert fb.scheme.leaf_tier == "要点"
    s1 = fb.node("S1")
    assert (s1.points, s1.max_points, s1.median) == (8.0, 10.0, 8.0)
    # u1: t2 2/4 = 0.5 (median 4), x 5/5 full, t1 6/6 full
    assert [n.id for n in fb.weakest] == ["t2"]
    assert (fb.rank, fb.ranked_units, fb.compared_units) == (2, 3, 3)


def test_feedback_markdown_five_tiers(five: govperf.Results) -> None:
    lines = _lines(render_feedback(feedback(five, "u1"), format="markdown"))
    indent = "\u3000"
    assert "| 指标 | 层级 | 满分 | 得分 | 得分率 | 全体单位中位数 | 与中位数之差 |" in lines
    assert "| 发展 | 领域 | 10.00 | 8.00 | 80.00% | 8.00 | 0.00 |" in lines
    assert f"| {indent * 3}投资 | 子指标 | 10.00 | 8.00 | 80.00% | 8.00 | 0.00 |" in lines
    assert f"| {indent * 4}资金 | 要点 | 4.00 | 2.00 | 50.00% | 4.00 | -2.00 |" in lines
    assert f"| {indent * 4}新增岗位 | 要点 | 5.00 | 5.00 | 100.00% | 4.00 | +1.00 |" in lines
    assert "以下是得分率(得分占满分的比例)最低的要点,得满分的不列入;请对照整改。" in lines
    html = render_feedback(feedback(five, "u1"))
    assert '<tr class="depth-4">' in html
    assert "tr.depth-4 td:first-child { padding-left: 5.0rem; }" in html


def test_feedback_two_tiers_speaks_of_its_leaf_tier(two: govperf.Results) -> None:
    fb = feedback(two, "u2")  # 2/4, 2/2, 4/4
    assert [n.tier for n in fb.nodes] == ["领域", "指标", "指标", "领域", "指标"]
    assert [n.id for n in fb.weakest] == ["a1"]
    assert fb.node("A").median == 4.0
    lines = _lines(render_feedback(fb, format="markdown"))
    assert "| 工作 | 领域 | 6.00 | 4.00 | 66.67% | 4.00 | 0.00 |" in lines
    assert "| \u3000任务 | 指标 | 4.00 | 2.00 | 50.00% | 3.00 | -1.00 |" in lines
    assert "以下是得分率(得分占满分的比例)最低的指标,得满分的不列入;请对照整改。" in lines
    en = render_feedback(fb, format="markdown", lang="en")
    assert "| 工作 | area | 6.00 | 4.00 | 66.67% | 4.00 | 0.00 |" in _lines(en)
    assert "Each indicator below has one of the lowest shares" in en


def test_summary_five_tiers(five: govperf.Results) -> None:
    sm = summary(five)
    assert [(d.id, d.tier, d.median) for d in sm.distribution] == [
        ("D1", "领域", 8.0),
        ("M1", "维度", 8.0),
        ("I1", "指标", 8.0),
        ("S1", "子指标", 8.0),
        ("t1", "要点", 6.0),
        ("t2", "要点", 4.0),
        ("D2", "领域", 4.0),
        ("M2", "维度", 4.0),
        ("I2", "指标", 4.0),
        ("S2", "子指标", 4.0),
        ("x", "要点", 4.0),
    ]
    assert [lid for lid, _, _ in sm.levels] == ["D1", "D2"]
    lines = _lines(render_summary(sm, format="markdown", plots=False))
    # rank | unit | 发展 | 民生 | base | bonus | deductions | total | awards
    assert "| 名次 | 考评对象 | 发展 | 民生 | 基础分 | 加分 | 扣分 | 总分 | 评先评优资格 |" in lines
    assert "| 1 | 三局(u3) | 10.00 | 4.00 | 14.00 | 0.00 | 0.00 | 14.00 | 是 |" in lines
    # t1 [6, 3, 6]: n, min, q1, median, mean, q3, max, at full points
    stats = "| 3 | 3.00 | 4.50 | 6.00 | 5.00 | 6.00 | 6.00 | 66.67% |"
    assert "| \u3000\u3000\u3000\u3000项目 | 要点 | 6.00 " + stats in lines


# -- plots -----------------------------------------------------------------------------------


@pytest.fixture
def no_plot_font(monkeypatch: pytest.MonkeyPatch) -> None:
    import govperf.plot

    monkeypatch.setattr(govperf.plot, "_find_cjk_font", lambda: "DejaVu Sans")


@pytest.mark.usefixtures("no_plot_font")
def test_plots_use_the_top_tier_and_the_leaves(five: govperf.Results) -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.patches import Rectangle

    from govperf import plot

    def widths(patches: Any) -> list[float]:
        return [round(p.get_width(), 6) for p in patches if isinstance(p, Rectangle)]

    fig = plot.ranking(five)
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()][:2] == ["发展", "民生"]
    # the bars of 发展 (first segment) are the units' D1 points, best first
    bars = fig.axes[0].patches
    assert widths(bars)[:3] == [10.0, 8.0, 7.0]
    fig = plot.distribution(five)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["项目", "资金", "新增岗位"]
    assert ax.get_title() == "各要点得分率分布"
    fig = plot.distribution(five, "M1")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["项目", "资金"]
    fig = plot.profile(five, "u2")
    ax = fig.axes[0]
    assert ax.get_title() == "二局:各要点得分率"
    assert widths(ax.patches) == [50.0, 100.0, 40.0]


@pytest.mark.usefixtures("no_plot_font")
def test_two_tier_plot_titles_name_the_leaf_tier(two: govperf.Results) -> None:
    pytest.importorskip("matplotlib")
    from govperf import plot

    assert plot.distribution(two).axes[0].get_title() == "各指标得分率分布"
    assert plot.distribution(two, lang="en").axes[0].get_title() == (
        "Share of maximum per indicator across units"
    )


# -- explanation, template and show ------------------------------------------------------------


def test_explanation_names_the_leaf_tier(two: govperf.Results, five: govperf.Results) -> None:
    assert "指标:" in two.explain("u1").to_text().splitlines()
    assert "要点:" in five.explain("u1").to_text().splitlines()
    assert "Scores by item:" in five.explain("u1").to_text("en").splitlines()


def test_template_lists_every_leaf(five: govperf.Results, tmp_path: Path) -> None:
    paths = write_template(five.scheme, tmp_path, units=UNITS)
    by_name = {p.name: p.read_text(encoding="utf-8-sig").splitlines() for p in paths}
    rows = by_name["未指定考评主体-value.csv"]
    assert [r.split(",")[2] for r in rows[1:]] == ["t1"] * 3 + ["t2"] * 3 + ["x"] * 3


def test_show_prints_the_tiers_and_every_node() -> None:
    from govperf.cli._main import render_scheme

    lines = render_scheme(govperf.loads_scheme(FIVE_TIER, "five.yaml")).splitlines()
    assert "层级  领域 > 维度 > 指标 > 子指标 > 要点" in lines
    rows = {line.split()[1]: line for line in lines[lines.index("") + 2 :] if line.strip()}
    assert list(rows) == ["D1", "M1", "I1", "S1", "t1", "t2", "D2", "M2", "I2", "S2", "x"]
    assert rows["t1"].startswith("        项目")  # depth 4
    assert rows["t1"].split()[2:] == ["6", "60%"]


def test_summary_shows_the_group_of_each_unit_when_groups_are_declared() -> None:
    scheme = govperf.loads_scheme(
        TWO_TIER.replace(
            "total_points: 10\n",
            "total_points: 10\ngroups:\n  - {id: g1, name: 委办局}\n  - {id: g2, name: 街道}\n",
        ),
        "groups.yaml",
    )
    data = _data({"u1": (4, 1, 2), "u2": (2, 2, 4), "u3": (3, 1, 1)}, ("a1", "a2", "b1"))
    data["units"] = [
        {"id": "u1", "name": "一局", "group": "g1"},
        {"id": "u2", "name": "二局", "group": "g1"},
        {"id": "u3", "name": "三街", "group": "g2"},
    ]
    results = govperf.score(scheme, data)
    lines = _lines(render_summary(summary(results), format="markdown", plots=False))
    assert (
        "| 名次 | 考评对象 | 分组 | 工作 | 公众 | 基础分 | 加分 | 扣分 | 总分 | 评先评优资格 |"
        in lines
    )
    assert "| 3 | 三街(u3) | 街道 | 4.00 | 1.00 | 5.00 | 0.00 | 0.00 | 5.00 | 是 |" in lines
    fb = _lines(render_feedback(feedback(results, "u3"), format="markdown"))
    assert "- 分组:街道" in fb
    assert "| 名次 | 第 3 名(共 3 个排名单位) |" in fb  # compared with all units


def test_one_tier_workbook_has_one_sheet_for_the_tree(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    import openpyxl

    scheme = govperf.loads_scheme(
        "schema_version: 1\nid: one\ntitle: 一级\ntotal_points: 6\n"
        "tiers: [{name: 考核项目, name_en: item}]\nnodes:\n"
        "  - {id: k1, name: 甲项, points: 4, evaluator: {kind: direct}}\n"
        "  - {id: k2, name: 乙项, points: 2, evaluator: {kind: direct}}\n",
        "one.yaml",
    )
    results = govperf.score(scheme, _data({"u1": (3, 2), "u2": (4, 1), "u3": (1, 1)}, ("k1", "k2")))
    path = tmp_path / "one.xlsx"
    results.to_excel(path)
    assert openpyxl.load_workbook(path).sheetnames[:3] == ["排名", "考核项目", "规则"]
    assert _sheet(path, "考核项目")[:3] == [
        ("单位", "单位名称", "甲项", "乙项"),
        (None, "满分", 4, 2),
        ("u1", "一局", 3, 2),  # 5 points, tied with u2, first by id
    ]
    fb = feedback(results, "u3")
    assert [(n.id, n.kind, n.tier) for n in fb.nodes] == [
        ("k1", "sub_indicator", "考核项目"),
        ("k2", "sub_indicator", "考核项目"),
    ]


# -- unit groups ---------------------------------------------------------------------------

GROUPED = TWO_TIER.replace(
    "total_points: 10\n",
    "total_points: 10\n"
    "groups:\n  - {id: g1, name: 委办局}\n  - {id: g2, name: 街道, name_en: Streets}\n"
    "scoring: {within_groups: true}\n",
)


@pytest.fixture(scope="module")
def grouped() -> govperf.Results:
    """Two units per group: g1 u1 (4, 1, 2) and u2 (2, 2, 4); g2 u3 (3, 1, 1), u4 (1, 2, 3).

    Group medians: g1 a1 [4, 2] → 3, A [5, 4] → 4.5; g2 a1 [3, 1] → 2, A [4, 3] → 3.5.
    Totals: u1 7, u2 8 (g1: u2 first); u3 5, u4 6 (g2: u4 first).
    """
    scheme = govperf.loads_scheme(GROUPED, "grouped.yaml")
    points = {"u1": (4, 1, 2), "u2": (2, 2, 4), "u3": (3, 1, 1), "u4": (1, 2, 3)}
    data = _data(points, ("a1", "a2", "b1"))
    data["units"] = [
        {"id": "u1", "name": "一局", "group": "g1"},
        {"id": "u2", "name": "二局", "group": "g1"},
        {"id": "u3", "name": "三街", "group": "g2"},
        {"id": "u4", "name": "四街", "group": "g2"},
    ]
    return govperf.score(scheme, data)


def test_feedback_compares_a_unit_with_its_own_group(grouped: govperf.Results) -> None:
    fb = feedback(grouped, "u3")
    assert fb.scheme.within_groups
    assert (fb.rank, fb.ranked_units, fb.compared_units) == (2, 2, 2)
    assert fb.node("a1").median == 2.0
    assert fb.node("A").median == 3.5
    assert fb.node("a1").median_share == 0.5  # 3/4 and 1/4
    assert feedback(grouped, "u1").node("A").median == 4.5
    lines = _lines(render_feedback(fb, format="markdown"))
    assert "| 名次 | 组内第 2 名(本组共 2 个排名单位) |" in lines
    assert "| 工作 | 领域 | 6.00 | 4.00 | 66.67% | 3.50 | +0.50 |" in lines
    assert "- 分组:街道" in lines
    assert any("中位数为本组(街道)2 个参评单位在该项公布得分的中位数" in line for line in lines)
    assert "本组单位中位数" in lines[lines.index("## 各项指标得分") + 2]
    en = render_feedback(fb, format="markdown", lang="en")
    assert "of the 2 units of the unit's group (Streets)" in en


@pytest.mark.usefixtures("no_plot_font")
def test_profile_marks_the_group_median(grouped: govperf.Results) -> None:
    pytest.importorskip("matplotlib")
    from govperf import plot

    ax = plot.profile(grouped, "u3").axes[0]
    medians = [float(x) for x, _ in np.asarray(ax.collections[0].get_offsets())]
    assert medians == [50.0, 75.0, 50.0]  # a1 3/4, 1/4; a2 1/2, 2/2; b1 1/4, 3/4
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["本组单位中位数"]


def test_summary_ranks_each_group_in_its_own_table(grouped: govperf.Results) -> None:
    lines = _lines(render_summary(summary(grouped), format="markdown", plots=False))
    assert "## 排名:委办局" in lines
    assert "## 排名:街道" in lines
    streets = lines[lines.index("## 排名:街道") :]
    rows = [line for line in streets[4:] if line.startswith("| ")][:2]
    assert [row.split(" | ")[:3] for row in rows] == [
        ["| 1", "四街(u4)", "街道"],
        ["| 2", "三街(u3)", "街道"],
    ]


def test_workbook_ranking_names_each_declared_group(
    grouped: govperf.Results, tmp_path: Path
) -> None:
    """The ranking sheet's 分组 column gives a declared group's name, as the reports do."""
    openpyxl = pytest.importorskip("openpyxl")
    cases: tuple[tuple[Literal["zh", "en"], str], ...] = (("zh", "街道"), ("en", "Streets"))
    for lang, g2 in cases:
        path = tmp_path / f"r-{lang}.xlsx"
        grouped.to_excel(path, lang=lang)
        ws = openpyxl.load_workbook(path).worksheets[0]
        rows = list(ws.iter_rows(min_row=2, values_only=True))  # below the title
        col = 3  # rank, unit, name, group
        got = {row[1]: (row[0], row[col]) for row in rows[1:] if row[1]}
        # totals u1 7, u2 8 (g1); u3 5, u4 6 (g2): ranked within groups
        assert got == {"u2": (1, "委办局"), "u1": (2, "委办局"), "u4": (1, g2), "u3": (2, g2)}
