"""Reports a leading group can read: options, the summary's appendix, the profile chart,
pooled nodes compared by share, SVG charts and the print layout.

The small scheme and its five units are :data:`samples.REPORT_SCHEME` (figures in its
docstring); the Xicheng figures are those of :func:`samples.xicheng_data` and of the
sample year (examples/xicheng_2013).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest

import govperf
from govperf.report import feedback, render_feedback, render_summary, summary, write_reports
from samples import REPORT_NAMES, report_data, xicheng_data

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xicheng_2013"

OPTIONS: dict[str, str] = {
    "title": "西城区2025年度政府工作部门绩效考评",
    "period": "2025年度",
    "office": "北京市西城区人民政府绩效管理办公室",
}


def _opts() -> dict[str, Any]:
    return dict(OPTIONS)


def _rows(svg: str) -> dict[str, tuple[str, str]]:
    """node id → (share, median) of every row of a profile chart, from its data attributes."""
    return {
        m[1]: (m[2], m[3])
        for m in re.finditer(
            r'<g class="node" data-node="([^"]*)" data-share="([^"]*)" '
            r'data-median="([^"]*)">',
            svg,
        )
    }


def _chart(html: str) -> str:
    start = html.index('<svg class="profile"')
    return html[start : html.index("</svg>", start) + 6]


# -- options ----------------------------------------------------------------------------


def test_title_period_and_office_on_every_report(
    report_results: govperf.Results, tmp_path: Path
) -> None:
    written = write_reports(report_results, tmp_path / "out", plots=False, **_opts())
    assert len(written) == 7  # 5 units, summary, index
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert '<div class="office">北京市西城区人民政府绩效管理办公室</div>' in text, path.name
        assert '<div class="doc-title">西城区2025年度政府工作部门绩效考评</div>' in text
        assert "<li>考评期间:2025年度</li>" in text
        # the printed page's footer: office, title and period, then the page number
        footer = re.search(r"@bottom-center \{ content: ([^;]*);", text)
        assert footer is not None
        assert r"\5317 \4eac " in footer[1]  # 北京, escaped as CSS
        assert "counter(page)" in footer[1]
    md = render_feedback(feedback(report_results, "d"), format="markdown", **_opts())
    assert md.splitlines()[:5] == [
        "**北京市西城区人民政府绩效管理办公室**",
        "",
        "**西城区2025年度政府工作部门绩效考评**",
        "",
        "# 丁局绩效考评反馈报告",
    ]
    assert "- 考评期间:2025年度" in md.splitlines()
    en = render_summary(summary(report_results), format="markdown", lang="en", period="2025")
    assert "- Period: 2025" in en.splitlines()


def test_without_options_nothing_is_added(report_results: govperf.Results) -> None:
    text = render_feedback(feedback(report_results, "d"))
    assert "masthead" not in text.split("</style>")[1]
    assert "考评期间" not in text
    assert render_feedback(feedback(report_results, "d"), format="markdown").startswith("# 丁局")


def test_options_are_escaped(report_results: govperf.Results) -> None:
    hostile = '</style><script>alert("x")</script>'
    text = render_summary(summary(report_results), plots=False, office=hostile, title=hostile)
    assert "<script" not in text
    assert text.count("</style>") == 1  # the footer's CSS string cannot end the style
    assert "&lt;/style&gt;&lt;script&gt;" in text


# -- appendix -----------------------------------------------------------------------------


def test_method_notes_in_the_summary_appendix_only(report_results: govperf.Results) -> None:
    lines = render_summary(summary(report_results), format="markdown", plots=False).splitlines()
    start = lines.index("## 附录:评分方法说明")
    appendix = lines[start:]
    assert "- 任务:govperf default: the assessor gives 0-4." in appendix
    assert "- 公文:由文件规定的打分方法。" in appendix
    assert "govperf default" not in "\n".join(lines[:start])
    html = render_summary(summary(report_results), plots=False)
    assert '<h2 class="appendix">附录:评分方法说明</h2>' in html  # starts a printed page
    off = render_summary(summary(report_results), format="markdown", appendix=False)
    assert "附录" not in off
    assert "govperf default" not in off
    assert "## 说明" in off  # how figures are published stays


def test_xicheng_feedback_carries_no_developer_note(xicheng: govperf.Scheme) -> None:
    r = govperf.score(xicheng, xicheng_data())
    for unit in r.units:
        for lang in ("zh", "en"):
            text = render_feedback(feedback(r, unit), format="markdown", lang=lang)
            assert "govperf" not in text, (unit, lang)
            assert "默认" not in text
    zh = render_feedback(feedback(r, "a"), format="markdown")
    assert not re.search(r"[A-Za-z]{4,}", zh.replace("xicheng", "")), "English in zh report"
    appendix = render_summary(summary(r), format="markdown", plots=False).split("## 附录")[1]
    assert appendix.count("govperf 默认设置") == 16  # every Xicheng evaluator note


# -- profile chart ------------------------------------------------------------------------


def test_profile_chart_top_tier_by_default(report_results: govperf.Results) -> None:
    html = render_feedback(feedback(report_results, "d"))
    svg = _chart(html)
    # d: 工作 5 of 6 = 83.33 %, median of [6, 4, 4, 5, 3] = 4 → 4 / 6 = 66.67 %;
    #    公众 2 of 4 = 50.00 %, median of [4, 4, 2, 2, 4] = 4 → 100.00 %
    assert _rows(svg) == {"w": ("0.833333", "0.666667"), "p": ("0.500000", "1.000000")}
    texts = re.findall(r">([^<>]+)</text>", svg)
    assert texts[-6:] == ["工作", "83.33%", "66.67%", "公众", "50.00%", "100.00%"]
    # below the median: red; above: blue
    bars = re.findall(r'<rect class="bar" [^>]*fill="(#[0-9a-f]+)"', svg)
    assert bars == ["#4e79a7", "#c0392b"]
    assert "<h2>得分率概况</h2>" in html
    assert "丁局各评价层面得分率与全体单位中位数得分率" in html
    assert "<svg" not in render_feedback(feedback(report_results, "d"), plots=False)


def test_profile_chart_other_tier_by_name_or_depth(report_results: govperf.Results) -> None:
    fb = feedback(report_results, "d")
    by_name = _chart(render_feedback(fb, profile_tier="二级指标"))
    # s1 4/4 against 3/4; s2 1/2 against 2/2; s3 2/4 against 4/4
    assert _rows(by_name) == {
        "s1": ("1.000000", "0.750000"),
        "s2": ("0.500000", "1.000000"),
        "s3": ("0.500000", "1.000000"),
    }
    assert _chart(render_feedback(fb, profile_tier=2)) == by_name
    assert _chart(render_feedback(fb, profile_tier="sub-indicator")) == by_name
    with pytest.raises(ValueError, match=r"no tier '三级'; the scheme's tiers are 0 评价层面"):
        render_feedback(fb, profile_tier="三级")
    with pytest.raises(ValueError, match="no tier 3"):
        write_reports(report_results, "never", profile_tier=3)
    assert not Path("never").exists()


def test_profile_chart_compares_a_pooled_node_by_share(xicheng: govperf.Scheme) -> None:
    r = govperf.score(xicheng, xicheng_data())
    fb = feedback(r, "b")
    svg = _chart(render_feedback(fb, profile_tier="二级指标"))
    # key_tasks: b has 24.75 of its split 30 = 82.50 %; the shares of a, b, c, d are
    # 1, 0.825, 1, 0.8 → median (0.825 + 1) / 2 = 91.25 %
    assert _rows(svg)["key_tasks"] == ("0.825000", "0.912500")
    assert ">82.50%</text>" in svg
    assert ">91.25%</text>" in svg


def test_hostile_unit_name_in_the_chart_is_escaped(report_scheme: govperf.Scheme) -> None:
    r = govperf.score(report_scheme, report_data({**REPORT_NAMES, "a": "<script>x</script>"}))
    html = render_feedback(feedback(r, "a"))
    assert "<script" not in html
    assert "<title>&lt;script&gt;x&lt;/script&gt;各评价层面得分率" in _chart(html)


def test_sample_year_profile_and_pooled_rows(xicheng: govperf.Scheme) -> None:
    if not SAMPLE.is_dir():
        pytest.skip("needs the repository's examples/")
    r = govperf.score(xicheng, govperf.read_data(xicheng, SAMPLE))
    fb = feedback(r, "u01")
    text = render_feedback(fb)
    rows = _rows(_chart(text))
    assert list(rows) == ["efficiency", "effectiveness", "service"]
    # 履职效率: 35.57 of 50 = 71.14 %; the median of the 40 published figures is 37.77
    # (the table's median column) → 37.77 / 50 = 75.54 %
    lines = render_feedback(fb, format="markdown").splitlines()
    assert "| 履职效率 | 评价层面 | 50.00 | 35.57 | 71.14% | 37.77 | -2.20 |" in lines
    assert ">71.14%</text>" in text
    assert ">75.54%</text>" in text
    # the pooled 重点任务完成效率: 18.39 of u01's split 30 = 61.30 %, against the median
    # share 70.00 %: compared by share, the difference in percentage points
    pooled = [line for line in lines if line.startswith("| \u3000\u3000重点任务完成效率")]
    assert pooled == [
        "| \u3000\u3000重点任务完成效率 \\* | 二级指标 | 30.00 | 18.39 | 61.30% | 70.00% | -8.70% |"
    ]


# -- SVG charts and warnings ------------------------------------------------------------------


def test_summary_charts_are_svg_with_text_and_no_font_warning(
    report_results: govperf.Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("matplotlib")
    import base64

    import govperf.plot

    monkeypatch.setattr(govperf.plot, "_find_cjk_font", lambda: None)  # no CJK font here
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning fails the test
        html = render_summary(summary(report_results))
    uris = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(uris) == 2
    ranking = base64.b64decode(uris[0]).decode("utf-8")
    assert ">1. 甲局</text>" in ranking  # text kept as text, not glyph outlines
    assert "font-family: 'Noto Sans CJK SC', 'Noto Sans SC'" in ranking
    assert 'id="DejaVuSans-' not in ranking  # no glyph outlines (svg.fonttype: path)


def test_cli_report_prints_no_warning(
    capfd: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("matplotlib")
    import govperf.plot
    from govperf.cli import main

    monkeypatch.setattr(govperf.plot, "_find_cjk_font", lambda: None)
    args = [
        "report",
        "xicheng_2013",
        str(SAMPLE),
        "-o",
        str(tmp_path / "r"),
        *(arg for k, v in OPTIONS.items() for arg in (f"--{k}", v)),
        "--profile-tier",
        "一级指标",
        "--no-appendix",
    ]
    assert main(args) == 0
    out, err = capfd.readouterr()
    assert err == ""
    assert out == f"已写入 42 个文件:{tmp_path / 'r'}\n"
    summary_html = (tmp_path / "r" / "summary.html").read_text(encoding="utf-8")
    assert "附录" not in summary_html
    assert "西城区2025年度政府工作部门绩效考评" in summary_html
    u01 = (tmp_path / "r" / "u01.html").read_text(encoding="utf-8")
    assert len(_rows(_chart(u01))) == 9  # the nine 一级指标


def test_cli_refuses_an_unknown_profile_tier(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from govperf.cli import main

    out = tmp_path / "r"
    status = main(["report", "xicheng_2013", str(SAMPLE), "-o", str(out), "--profile-tier", "9"])
    assert status == 1
    err = capsys.readouterr().err
    assert "--profile-tier: 没有层级 '9';本方案的层级为 0 评价层面, 1 一级指标, 2 二级指标" in err
    assert not out.exists()


def test_chart_labels_wrap_between_cjk_characters_or_at_spaces() -> None:
    from govperf.report._svg import _wrap

    # 12 px per CJK character, 0.56 × 12 = 6.72 px per other character
    assert _wrap("服务效果", 48) == ["服务效果"]  # 4 × 12 = 48 fits
    assert _wrap("行政服务满意度 (Satisfaction with administrative services)", 240) == [
        "行政服务满意度 (Satisfaction with",  # 7 × 12 + 19 × 6.72 = 211.7
        "administrative services)",
    ]
    assert _wrap("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑", 60) == [
        "一二三四五",
        "六七八九…",  # the second line cut with an ellipsis
    ]


def test_summary_distribution_of_a_pooled_node_by_share(xicheng: govperf.Scheme) -> None:
    r = govperf.score(xicheng, xicheng_data())
    key = next(d for d in summary(r).distribution if d.id == "key_tasks")
    assert key.pooled
    # shares of a, b, c, d: 1, 0.825, 1, 0.8 (sorted 0.8, 0.825, 1, 1)
    assert key.share_min == pytest.approx(0.8)
    assert key.share_q1 == pytest.approx(0.81875)  # 0.8 + 0.75 × 0.025
    assert key.share_median == pytest.approx(0.9125)
    assert key.share_mean == pytest.approx(0.90625)
    assert key.share_q3 == pytest.approx(1.0)
    lines = render_summary(summary(r), format="markdown", plots=False).splitlines()
    (row,) = [line for line in lines if line.startswith("| \u3000\u3000重点任务完成效率 \\*")]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[3:] == [
        "4",
        "80.00%",
        "81.88%",
        "91.25%",
        "90.63%",
        "100.00%",
        "100.00%",
        "50.00%",
    ]
    assert any(line.startswith("- \\* 该项满分为各单位在共享分值中的分配数") for line in lines)
    # a node outside a pool keeps its points
    assert not next(d for d in summary(r).distribution if d.id == "efficiency").pooled
