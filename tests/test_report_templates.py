"""A district's own report templates (Jinja2) and PDF output (WeasyPrint).

Template tests skip without Jinja2 (``govperf[templates]``), PDF tests without
WeasyPrint or the system's Pango (``govperf[pdf]``); what is said when an extra is
missing is tested by hiding it.  The scheme and units are :data:`samples.REPORT_SCHEME`.
"""

from __future__ import annotations

import builtins
import re
import sys
from pathlib import Path
from typing import Any

import pytest

import govperf
from govperf.report import (
    feedback,
    load_templates,
    render_feedback,
    render_summary,
    summary,
    write_pdf,
    write_reports,
)
from samples import REPORT_NAMES, REPORT_SCHEME, report_data

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xicheng_2013"

FEEDBACK = """\
<!DOCTYPE html>
<html lang="{{ html_lang }}">
<head>{{ head }}</head>
<body><main>
<div class="letterhead">{{ office or "示例区绩效管理办公室" }}</div>
<h1>{{ report.name }}{{ period }}绩效考评结果通知</h1>
<p>{{ report.name }}:现将你单位{{ period }}绩效考评结果反馈如下。总分 {{ num(report.total) }} 分,\
{{ label("report.rank") }}第 {{ report.rank }} 名。</p>
{% for node in report.weakest %}<p class="weak">{{ node.name }} {{ pct(node.share) }}</p>
{% endfor %}{{ chart }}
{{ content }}
</main></body>
</html>
"""


def _jinja() -> None:
    pytest.importorskip("jinja2")


def _weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: no Pango on this machine
        pytest.skip(
            f"WeasyPrint cannot run here ({type(exc).__name__}: {exc}); pip install govperf[pdf]"
        )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "letterhead"
    path.mkdir()
    (path / "feedback.html").write_text(FEEDBACK, encoding="utf-8")
    return path


def _hide(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Make ``import name`` fail as if the package were not installed."""
    real = builtins.__import__

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in names:
            raise ImportError(f"No module named {name!r}")
        return real(name, *args, **kwargs)

    for name in list(sys.modules):
        if name.split(".")[0] in names:
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(builtins, "__import__", fake)


# -- templates ------------------------------------------------------------------------


def test_template_renders_a_districts_wording(
    report_results: govperf.Results, folder: Path
) -> None:
    _jinja()
    text = render_feedback(feedback(report_results, "d"), template=folder, period="2025年度")
    assert '<html lang="zh-CN">' in text
    assert '<div class="letterhead">示例区绩效管理办公室</div>' in text
    assert "<h1>丁局2025年度绩效考评结果通知</h1>" in text
    # d: total 7, rank 3 (c and d tie); weakest s3 then s2, both 50 %
    assert "丁局:现将你单位2025年度绩效考评结果反馈如下。总分 7.00 分,名次第 3 名。" in text
    assert re.findall(r'<p class="weak">([^<]*)</p>', text) == ["满意 50.00%", "公文 50.00%"]
    assert '<svg class="profile"' in text  # govperf's own markup, not escaped
    assert "<h2>各项指标得分</h2>" in text  # {{ content }}: the built-in report
    assert "Content-Security-Policy" in text  # {{ head }}
    # the summary has no template in this folder: govperf's own page
    summary_html = render_summary(summary(report_results), plots=False, template=folder)
    assert "<h1>绩效考评结果汇总(报领导小组)</h1>" in summary_html


def test_template_autoescapes_a_hostile_unit_name(
    report_scheme: govperf.Scheme, folder: Path
) -> None:
    _jinja()
    r = govperf.score(
        report_scheme, report_data({**REPORT_NAMES, "a": "<script>alert(1)</script>"})
    )
    text = render_feedback(feedback(r, "a"), template=folder)
    assert "<script" not in text
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;绩效考评结果通知</h1>" in text


def test_write_reports_with_a_template(
    report_results: govperf.Results, folder: Path, tmp_path: Path
) -> None:
    _jinja()
    written = write_reports(
        report_results, tmp_path / "out", template=folder, plots=False, office="西城区绩效办"
    )
    assert [p.name for p in written][-2:] == ["summary.html", "index.html"]
    text = (tmp_path / "out" / "c.html").read_text(encoding="utf-8")
    assert '<div class="letterhead">西城区绩效办</div>' in text
    assert "总分 7.00 分" in text  # c: 6 + bonus 1
    with pytest.raises(ValueError, match="templates are HTML"):
        write_reports(report_results, tmp_path / "md", format="markdown", template=folder)


def test_bad_templates_are_located(
    folder: Path, tmp_path: Path, report_results: govperf.Results
) -> None:
    _jinja()
    (folder / "summary.html").write_text("<p>\n{% if %}\n</p>\n", encoding="utf-8")
    with pytest.raises(govperf.GovperfError, match=r"summary\.html:2:报告模板有误:"):
        load_templates(folder)
    with pytest.raises(govperf.GovperfError, match="报告模板文件夹不存在"):
        load_templates(tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(govperf.GovperfError, match=r"neither feedback\.html nor summary\.html"):
        load_templates(empty, "en")
    (folder / "summary.html").unlink()
    (folder / "feedback.html").write_text("<p>{{ no_such_name }}</p>\n", encoding="utf-8")
    with pytest.raises(
        govperf.GovperfError, match=r"feedback\.html:1:.*'no_such_name' is undefined"
    ):
        render_feedback(feedback(report_results, "a"), template=folder)


def test_template_without_jinja2_names_the_extra(
    report_results: govperf.Results, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hide(monkeypatch, "jinja2")
    with pytest.raises(ImportError, match=r"govperf\[templates\]"):
        render_feedback(feedback(report_results, "a"), template=folder)
    # the built-in reports need no Jinja2
    assert render_feedback(feedback(report_results, "a")).startswith("<!DOCTYPE html>")


def test_cli_template(capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path) -> None:
    _jinja()
    from govperf.cli import main

    out = tmp_path / "r"
    args = ["report", "xicheng_2013", str(SAMPLE), "-o", str(out), "--no-plots"]
    assert main([*args, "--template", str(folder), "--period", "2025年度"]) == 0
    text = (out / "u01.html").read_text(encoding="utf-8")
    assert "区产业促进局:现将你单位2025年度绩效考评结果反馈如下。总分 79.49 分" in text
    capsys.readouterr()
    assert main([*args, "--template", str(tmp_path / "none"), "--force"]) == 1
    assert "报告模板文件夹不存在或不是文件夹" in capsys.readouterr().err


# -- PDF --------------------------------------------------------------------------------


def _pages(html: str) -> int:
    """Pages of one HTML report laid out by WeasyPrint."""
    import weasyprint

    return len(weasyprint.HTML(string=html).render().pages)


def test_write_reports_pdf_one_file_per_report(
    report_results: govperf.Results, tmp_path: Path
) -> None:
    _weasyprint()
    written = write_reports(report_results, tmp_path / "pdf", format="pdf", plots=False)
    assert [p.name for p in written] == ["a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf", "summary.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF-") for p in written)


def test_write_pdf_one_file_summary_first(report_results: govperf.Results, tmp_path: Path) -> None:
    _weasyprint()
    target = tmp_path / "deep" / "reports.pdf"  # parent folders are created
    pages = write_pdf(report_results, target, plots=False, period="2025年度")
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    # the summary, then the five feedback reports, each from a new page
    expected = _pages(render_summary(summary(report_results), plots=False, period="2025年度"))
    expected += sum(
        _pages(render_feedback(feedback(report_results, u), plots=False, period="2025年度"))
        for u in "abcde"
    )
    assert pages == expected
    assert pages >= 6
    with pytest.raises(FileExistsError):
        write_pdf(report_results, target)
    assert target.read_bytes() == data  # the earlier file intact


def test_pdf_without_weasyprint_names_the_extra(
    report_results: govperf.Results, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hide(monkeypatch, "weasyprint")
    with pytest.raises(ImportError, match=r"govperf\[pdf\].*Pango"):
        write_pdf(report_results, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(ImportError, match=r"govperf\[pdf\]"):
        write_reports(report_results, tmp_path / "x", format="pdf")
    assert not (tmp_path / "x").exists()


def test_cli_pdf_from_the_extension(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import json

    from govperf.cli import main

    (tmp_path / "small.yaml").write_text(REPORT_SCHEME, encoding="utf-8")
    (tmp_path / "year.json").write_text(json.dumps(report_data()), encoding="utf-8")
    args = ["report", str(tmp_path / "small.yaml"), str(tmp_path / "year.json"), "--no-plots"]
    assert main([*args, "-o", str(tmp_path / "a.pdf"), "--format", "html"]) == 1
    assert "--format html 与输出文件" in capsys.readouterr().err
    _weasyprint()
    target = tmp_path / "year.pdf"
    assert main([*args, "-o", str(target), "--period", "2025年度"]) == 0
    out = capsys.readouterr().out
    match = re.fullmatch(rf"已写入 {re.escape(str(target))}（共 (\d+) 页）\n", out)
    assert match is not None
    assert int(match[1]) >= 6  # the summary and 5 feedback reports, each from a new page
    assert target.read_bytes().startswith(b"%PDF-")
    # a folder of PDFs, one per report
    assert main([*args, "-o", str(tmp_path / "pdfs"), "--format", "pdf"]) == 0
    assert len(list((tmp_path / "pdfs").glob("*.pdf"))) == 6


def test_pdf_with_charts_and_nothing_fetched_but_data(
    report_results: govperf.Results, tmp_path: Path
) -> None:
    _weasyprint()
    pytest.importorskip("matplotlib")
    import weasyprint

    from govperf.report._pdf import _data_only

    # the summary's charts are data: URIs, and the PDF engine fetches them
    pages = write_pdf(report_results, tmp_path / "charts.pdf")
    assert pages >= 6
    fetcher = _data_only(weasyprint)
    fetch = getattr(fetcher, "fetch", fetcher)
    with pytest.raises(ValueError, match=r"protocol|nothing from elsewhere"):
        fetch((tmp_path / "charts.pdf").as_uri())
    assert fetch("data:text/plain;base64,eA==") is not None
