"""Feedback reports, the summary for the leading group, their rendering and writing.

The scheme and its five units are :data:`samples.REPORT_SCHEME` and
:func:`samples.report_data` (figures in its docstring), given by the fixtures
``report_scheme`` and ``report_results``.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

import govperf
from govperf.report import (
    Feedback,
    Summary,
    feedback,
    render_feedback,
    render_summary,
    summary,
    write_reports,
)
from samples import REPORT_NAMES, REPORT_POINTS, REPORT_SCHEME, report_data, xicheng_data


@pytest.fixture
def no_plot_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """A CJK font "found" (DejaVu Sans, always there): plots draw without the font warning."""
    import govperf.plot

    monkeypatch.setattr(govperf.plot, "_find_cjk_font", lambda: "DejaVu Sans")


def _lines(text: str) -> list[str]:
    return text.splitlines()


# -- feedback data ---------------------------------------------------------------------


def test_feedback_figures_against_maximum_and_median(report_results: govperf.Results) -> None:
    fb = feedback(report_results, "d")
    assert isinstance(fb, Feedback)
    s2 = fb.node("s2")
    assert (s2.points, s2.max_points, s2.median) == (1.0, 2.0, 2.0)
    assert s2.share == 0.5  # 1 / 2
    assert s2.gap == 1.0  # median 2 − 1
    assert fb.node("s3").median == 4.0  # [2, 2, 4, 4, 4]
    assert fb.node("i1").points == 5.0  # 4 + 1
    assert fb.node("i1").median == 4.0  # [6, 4, 4, 5, 3]
    assert fb.node("w").max_points == 6.0
    assert fb.node("s1").full
    assert [n.id for n in fb.nodes] == ["w", "i1", "s1", "s2", "p", "i2", "s3"]
    assert [n.depth for n in fb.nodes] == [0, 1, 2, 2, 0, 1, 2]
    assert fb.node("s2").assessors == ("办公室", "档案局")


def test_feedback_result_rank_grade_awards(report_results: govperf.Results) -> None:
    fb = feedback(report_results, "d")
    assert (fb.total, fb.base, fb.bonus, fb.deductions) == (7.0, 7.0, 0.0, 0.0)
    assert (fb.rank, fb.ranked_units, fb.n_units) == (3, 4, 5)  # c and d tie on 7; e unranked
    assert fb.grade == "合格"
    assert fb.award_eligible
    assert fb.vetoes == ()
    c = feedback(report_results, "c")
    assert (c.total, c.base, c.bonus) == (7.0, 6.0, 1.0)  # 2 claimed, cap 1
    assert [t.kind for t in c.rules] == ["bonus", "grade"]
    e = feedback(report_results, "e")
    assert e.rank is None
    assert not e.award_eligible


def test_feedback_veto_events(report_results: govperf.Results) -> None:
    fb = feedback(report_results, "b")
    (event,) = fb.vetoes
    assert (event.rule, event.trigger, event.name, event.effect) == (
        "veto",
        "安全事故",
        "安全事故",
        "exclude_from_awards",
    )
    assert fb.total == 8.0  # the score stays
    assert not fb.award_eligible


def test_weakest_lowest_share_then_larger_gap(report_results: govperf.Results) -> None:
    # d: s1 4/4 full (left out); s2 1/2 = 0.5, gap 2 − 1 = 1; s3 2/4 = 0.5, gap 4 − 2 = 2.
    # Equal shares: the larger gap below the median first, although s2 comes first in
    # the tree.
    assert [n.id for n in feedback(report_results, "d").weakest] == ["s3", "s2"]
    assert [n.id for n in feedback(report_results, "d", weakest=1).weakest] == ["s3"]
    assert feedback(report_results, "d", weakest=0).weakest == ()
    # b: s1 3/4 = 0.75, s2 1/2 = 0.5 (s3 full): the lower share first
    assert [n.id for n in feedback(report_results, "b").weakest] == ["s2", "s1"]
    # a has full points everywhere: nothing to rectify
    assert feedback(report_results, "a").weakest == ()


def test_feedback_bad_arguments(report_results: govperf.Results) -> None:
    with pytest.raises(KeyError, match="zz"):
        feedback(report_results, "zz")
    with pytest.raises(ValueError, match="weakest"):
        feedback(report_results, "a", weakest=-1)


def test_pooled_maximum_is_per_unit(xicheng: govperf.Scheme) -> None:
    r = govperf.score(xicheng, xicheng_data())
    fb = feedback(r, "b")
    key = fb.node("key_tasks")
    assert key.pooled
    assert key.max_points == 30.0  # b's split 30/15
    assert key.points == pytest.approx(24.75)  # 30 × 0.825
    # key_tasks points of a, b, c, d: 35, 24.75, 25, 24 → median (24.75 + 25) / 2
    assert key.median == pytest.approx(24.875)
    # shares: 1, 0.825, 1, 0.8 → median (0.825 + 1) / 2
    assert key.median_share == pytest.approx(0.9125)
    assert feedback(r, "a").node("key_tasks").max_points == 35.0
    assert fb.scheme.document_number == "西政办发〔2013〕15号"
    # every Xicheng evaluator note says it is a govperf default
    assert len(fb.scheme.method_notes) == 16
    assert all(m.default for m in fb.scheme.method_notes)


def test_method_notes_marked_default_only_where_the_scheme_says_so(
    report_results: govperf.Results,
) -> None:
    notes = feedback(report_results, "a").scheme.method_notes
    assert [(m.sub_indicator, m.default) for m in notes] == [("s1", True), ("s2", False)]


# -- summary data -----------------------------------------------------------------------


def test_summary_grades_exclusions_and_ranking(report_results: govperf.Results) -> None:
    sm = summary(report_results)
    assert isinstance(sm, Summary)
    assert [(r.unit, r.rank) for r in sm.ranking] == [
        ("a", 1),
        ("b", 2),
        ("c", 3),
        ("d", 3),
        ("e", None),
    ]
    # a, b ≥ 8; c, d 7; e is outside the ranking: not graded (不定等次), not counted
    assert dict(sm.grade_counts or {}) == {"优秀": 2, "合格": 2}
    assert list(sm.grade_counts or {}) == ["优秀", "合格"]  # best first
    excluded = {u.unit: [(t.id, t.kind) for t in u.reasons] for u in sm.excluded_from_awards}
    assert excluded == {"b": [("veto", "veto")], "e": [("out", "exclude")]}
    assert [(u.unit, [t.id for t in u.reasons]) for u in sm.outside_ranking] == [("e", ["out"])]


def test_summary_distribution(report_results: govperf.Results) -> None:
    dist = {d.id: d for d in summary(report_results).distribution}
    assert list(dist) == ["w", "i1", "s1", "s2", "p", "i2", "s3"]
    s1 = dist["s1"]
    # s1 = [4, 3, 2, 4, 1], sorted [1, 2, 3, 4, 4]: linear quartiles at positions 1 and 3
    assert (s1.min, s1.q1, s1.median, s1.q3, s1.max) == (1.0, 2.0, 3.0, 4.0, 4.0)
    assert s1.mean == pytest.approx(2.8)  # 14 / 5
    assert s1.full_share == pytest.approx(0.4)  # a and d
    s3 = dist["s3"]  # [2, 2, 4, 4, 4]
    assert (s3.q1, s3.median, s3.full_share) == (2.0, 4.0, 0.6)
    assert s3.mean == pytest.approx(3.2)  # 16 / 5
    assert dist["i1"].median == 4.0
    assert (dist["s1"].max_points_low, dist["s1"].max_points_high) == (4.0, 4.0)


def test_summary_without_grade_rule(xicheng: govperf.Scheme) -> None:
    sm = summary(govperf.score(xicheng, xicheng_data()))
    assert sm.grade_counts is None
    assert "本方案未设等次规则。" in _lines(render_summary(sm, format="markdown"))
    assert "The scheme has no grade rule." in _lines(
        render_summary(sm, format="markdown", lang="en")
    )
    key = {d.id: d for d in sm.distribution}["key_tasks"]
    assert (key.max_points_low, key.max_points_high) == (25.0, 35.0)  # splits differ


# -- rendering -------------------------------------------------------------------------


def test_feedback_markdown_lines(report_results: govperf.Results) -> None:
    lines = _lines(render_feedback(feedback(report_results, "d"), format="markdown"))
    assert lines[0] == "# 丁局绩效考评反馈报告"
    assert "- 考评方案:小型测试方案" in lines
    assert "- 文号:测试〔2024〕1号" in lines
    assert "- 考评对象:丁局(d)" in lines
    assert "| 总分 | 7.00 |" in lines
    assert "| 名次 | 第 3 名(共 4 个排名单位) |" in lines
    assert "| 等次 | 合格 |" in lines
    assert "| 评先评优资格 | 是 |" in lines
    # name | tier | max | points | share | median | difference (1 − 2)
    assert "| \u3000\u3000公文 | 二级指标 | 2.00 | 1.00 | 50.00% | 2.00 | -1.00 |" in lines
    assert "| 工作 | 评价层面 | 6.00 | 5.00 | 83.33% | 4.00 | +1.00 |" in lines  # 5 / 6; median 4
    weak = lines.index("## 薄弱环节")
    table = [line for line in lines[weak:] if line.startswith("| ")]
    assert table[2:4] == [
        "| 满意 | 4.00 | 2.00 | 50.00% | 4.00 | — |",
        "| 公文 | 2.00 | 1.00 | 50.00% | 2.00 | 办公室、档案局 |",
    ]
    # scoring methods and govperf's defaults are for the summary's appendix only
    assert not any("govperf" in line for line in lines)
    assert not any("公文:由文件规定的打分方法" in line for line in lines)
    assert lines[-3:-1] == ["## 说明", ""]  # one note: how figures are published
    assert lines[-1].startswith("- 末级指标得分按四舍五入保留 2 位小数公布")


def test_feedback_markdown_veto_and_all_full(report_results: govperf.Results) -> None:
    lines = _lines(render_feedback(feedback(report_results, "b"), format="markdown"))
    assert "| 安全事故 | 行政问责 | — |" in lines
    assert "- 行政问责:一票否决(安全事故):不列入年度评先评优范围,得分不变" in lines
    assert "| 评先评优资格 | 否 |" in lines
    assert "各二级指标均得满分。" in _lines(
        render_feedback(feedback(report_results, "a"), format="markdown")
    )


def test_feedback_english(report_results: govperf.Results) -> None:
    text = render_feedback(feedback(report_results, "d"), format="html", lang="en")
    assert '<html lang="en">' in text
    assert "<td>Total</td>" in text
    assert "任务 (Tasks)" in text  # the Chinese name stays, with the scheme's English name
    assert "Small test scheme (小型测试方案)" in text
    lines = _lines(render_feedback(feedback(report_results, "d"), format="markdown", lang="en"))
    assert "| Rank | 3 of 4 ranked units |" in lines


def test_summary_markdown_lines(report_results: govperf.Results) -> None:
    lines = _lines(render_summary(summary(report_results), format="markdown"))
    assert lines[0] == "# 绩效考评结果汇总(报领导小组)"
    assert "- 文号:测试〔2024〕1号" in lines
    # rank | unit | 工作 | 公众 | base | bonus | deductions | total | grade | awards
    assert "| 3 | 丙局(c) | 4.00 | 2.00 | 6.00 | 1.00 | 0.00 | 7.00 | 合格 | 是 |" in lines
    assert (
        "| 2 | 乙委(b) | 4.00 | 4.00 | 8.00 | 0.00 | 0.00 | 8.00 | 优秀 | 否(一票否决) |" in lines
    )
    assert "| — | 戊办(e) | 3.00 | 4.00 | 7.00 | 0.00 | 0.00 | 7.00 | 不定等次 | 否 |" in lines
    assert "| 优秀 | 2 | 50.00% |" in lines  # 2 of the 4 graded units
    assert "| 合格 | 2 | 50.00% |" in lines
    assert "| 不定等次 | 1 | — |" in lines  # e, outside the ranking
    assert "| 戊办(e) | 不参评:不参加排名和评先评优(得分照常计算) |" in lines
    # s1: max, n, min, q1, median, mean, q3, max, at full points
    row = "| \u3000\u3000任务 | 二级指标 | 4.00 | 5 | 1.00 | 2.00 | 3.00 | 2.80 | 4.00 | 4.00 | 40.00% |"  # noqa: E501
    assert row in lines
    assert not any("data:image" in line for line in lines)


def test_published_figures_round_half_up() -> None:
    sch = govperf.loads_scheme(
        "schema_version: 1\nid: t\ntitle: T\ntotal_points: 2\nlevels:\n"
        "  - {id: l, name: 层, points: 2, indicators: [{id: i, name: 指, points: 2, "
        "sub_indicators: [{id: s, name: 子, points: 2, evaluator: {kind: direct}}]}]}\n"
    )
    r = govperf.score(sch, {"units": ["u", "v"], "records": {"s": {"value": [1.125, 2.0]}}})
    lines = _lines(render_feedback(feedback(r, "u"), format="markdown"))
    # 1.125 is exact in binary: half up gives 1.13 where Python's format gives 1.12;
    # the median is of the published figures, (1.13 + 2) / 2 = 1.565 → 1.57; the share
    # and the difference are of the printed figures: 1.13 / 2 = 56.50%, 1.13 − 1.57
    assert "| \u3000\u3000子 | 二级指标 | 2.00 | 1.13 | 56.50% | 1.57 | -0.44 |" in lines
    assert "| 总分 | 1.13 |" in lines


def test_html_is_escaped_self_contained_and_printable(report_scheme: govperf.Scheme) -> None:
    evil = {**REPORT_NAMES, "a": "<script>alert('x')</script>&|*"}
    r = govperf.score(report_scheme, report_data(evil))
    for text in (
        render_feedback(feedback(r, "a")),
        render_summary(summary(r), plots=False),
    ):
        assert text.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
        assert "<script" not in text
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;|*" in text
        assert "size: A4" in text
        assert "break-inside: avoid" in text
        assert "http://" not in text
        assert "https://" not in text
        assert "<link" not in text
        assert "小型测试方案" in text
        assert "测试〔2024〕1号" in text
    md = render_feedback(feedback(r, "a"), format="markdown")
    assert "# \\<script\\>alert('x')\\</script\\>\\&\\|\\*绩效考评反馈报告" in _lines(md)


@pytest.mark.usefixtures("no_plot_font")
def test_summary_html_embeds_plots(report_results: govperf.Results) -> None:
    text = render_summary(summary(report_results), plots=True)
    # two SVGs ("<?xml" in base64), their text kept as text for the reader's fonts
    assert text.count('src="data:image/svg+xml;base64,PD94bWwg') == 2
    assert "data:image" not in render_summary(summary(report_results), plots=False)


def test_bad_format_and_lang(report_results: govperf.Results) -> None:
    fb = feedback(report_results, "a")
    with pytest.raises(ValueError, match="format"):
        render_feedback(fb, format="pdf")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang"):
        render_feedback(fb, lang="fr")  # type: ignore[arg-type]


# -- writing ----------------------------------------------------------------------------


def test_write_reports_html(report_results: govperf.Results, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "2013"
    written = write_reports(report_results, out, plots=False)
    assert [p.name for p in written] == [
        "a.html",
        "b.html",
        "c.html",
        "d.html",
        "e.html",
        "summary.html",
        "index.html",
    ]
    assert all(p.parent == out and p.stat().st_size > 0 for p in written)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="summary.html">' in index
    assert '<a href="d.html">' in index
    assert "丁局" in (out / "d.html").read_text(encoding="utf-8")


def test_write_reports_refuses_a_non_empty_folder(
    report_results: govperf.Results, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not empty"):
        write_reports(report_results, tmp_path, plots=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing written
    written = write_reports(
        report_results, tmp_path, format="markdown", plots=False, overwrite=True
    )
    assert [p.name for p in written][-1] == "summary.md"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "index.html").exists()  # only HTML gets an index


def test_write_reports_safe_file_names(report_scheme: govperf.Scheme, tmp_path: Path) -> None:
    data = report_data()
    ids = {"a": "../evil", "b": "summary", "c": "x/y", "d": "x_y", "e": "单位 5"}
    for rows in data["records"].values():
        for row in rows:
            row["unit"] = ids[row["unit"]]
    for rows in data["events"].values():
        for row in rows:
            row["unit"] = ids[row["unit"]]
    data["units"] = [{"id": ids[u], "name": REPORT_NAMES[u]} for u in REPORT_POINTS]
    sch = govperf.loads_scheme(
        REPORT_SCHEME.replace("units: [e]", "units: ['单位 5']"), "small.yaml"
    )
    r = govperf.score(sch, data)
    written = write_reports(r, tmp_path / "out", format="markdown", plots=False)
    assert [p.name for p in written] == [
        "evil.md",
        "unit_summary.md",
        "x_y.md",
        "x_y-2.md",
        "单位_5.md",
        "summary.md",
    ]
    assert all(p.parent == tmp_path / "out" for p in written)


@pytest.mark.usefixtures("no_plot_font")
def test_write_reports_markdown_plots(report_results: govperf.Results, tmp_path: Path) -> None:
    written = write_reports(report_results, tmp_path, format="markdown")
    names = [p.name for p in written]
    assert names[-2:] == ["ranking.svg", "distribution.svg"]
    assert "d-profile.svg" in names  # each unit's profile chart
    ranking = (tmp_path / "ranking.svg").read_text(encoding="utf-8")
    assert ranking.startswith("<?xml")
    assert ">甲局</text>" in ranking.replace("1. 甲局", "甲局")  # text, not glyph paths
    summary_md = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "(<ranking.svg>)" in summary_md
    assert "(<d-profile.svg>)" in (tmp_path / "d.md").read_text(encoding="utf-8")


def test_report_does_not_import_matplotlib() -> None:
    code = (
        "import sys, govperf, govperf.report, govperf.plot; "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'; "
        "assert 'pandas' not in sys.modules, 'pandas imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_nan_median_when_no_unit_has_the_node(report_scheme: govperf.Scheme) -> None:
    data = report_data()
    data["records"]["s2"] = data["records"]["s2"][:4]  # e has no s2
    r = govperf.score(report_scheme, data, missing="redistribute")
    fb = feedback(r, "e")
    assert math.isnan(fb.node("s2").points)
    assert fb.node("s2").missing == "redistribute"
    assert fb.node("s2").median == 1.5  # a 2, b 1, c 2, d 1 → (1 + 2) / 2
    assert "s2" not in [n.id for n in fb.weakest]  # not applicable, not weak
    lines = _lines(render_feedback(fb, format="markdown"))
    assert any(line.startswith("| \u3000\u3000公文(无数据,按“") for line in lines)
