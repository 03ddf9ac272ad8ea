"""The reports hold on A4: printed to PDF by headless Chromium, pages counted.

Skipped, with the reason, when no Chromium is on PATH (Debian: ``apt-get install
chromium``) or no CJK font is installed (``fonts-noto-cjk``): the number of pages
depends on the widths of the Chinese glyphs, so it is stated for a machine with a CJK
font.  docs/reports.md ("Printing") states the same numbers.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import govperf
from govperf.report import write_reports

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xicheng_2013"

SUMMARY_PAGES = 5
"""A4 pages of the sample year's summary (with its charts and the appendix)."""
SUMMARY_PAGES_WITHOUT_APPENDIX = 4
FEEDBACK_PAGES = 2
"""A4 pages of a sample-year feedback report."""

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser() -> str:
    for name in _BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no headless Chromium on PATH (Debian: apt-get install chromium)")


def _cjk_font() -> None:
    fc = shutil.which("fc-list")
    listed = (
        subprocess.run(
            [fc, ":lang=zh", "family"], capture_output=True, text=True, check=False
        ).stdout
        if fc
        else ""
    )
    if not listed.strip():
        pytest.skip(
            "no CJK font: page counts depend on glyph widths (apt-get install fonts-noto-cjk)"
        )


def _pages(browser: str, page: Path, tmp_path: Path) -> int:
    pdf = tmp_path / (page.stem + ".pdf")
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf.read_bytes()))


@pytest.fixture(scope="module")
def year(xicheng: govperf.Scheme) -> govperf.Results:
    if not SAMPLE.is_dir():
        pytest.skip("needs the repository's examples/")
    return govperf.score(xicheng, govperf.read_data(xicheng, SAMPLE))


OPTIONS = {
    "title": "西城区2025年度政府工作部门绩效考评",
    "period": "2025年度",
    "office": "北京市西城区人民政府绩效管理办公室",
}


def test_sample_year_prints_on_the_stated_number_of_a4_pages(
    year: govperf.Results, tmp_path: Path
) -> None:
    browser = _browser()
    _cjk_font()
    pytest.importorskip("matplotlib")  # the summary's two charts
    out = tmp_path / "reports"
    write_reports(year, out, **OPTIONS)  # type: ignore[arg-type]
    assert _pages(browser, out / "summary.html", tmp_path) == SUMMARY_PAGES
    assert _pages(browser, out / "u01.html", tmp_path) == FEEDBACK_PAGES


def test_weasyprint_prints_the_same_pages(year: govperf.Results) -> None:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        pytest.skip(f"WeasyPrint cannot run here ({type(exc).__name__}); pip install govperf[pdf]")
    _cjk_font()
    pytest.importorskip("matplotlib")
    from govperf.report import feedback, render_feedback, render_summary, summary

    def pages(html: str) -> int:
        return len(weasyprint.HTML(string=html).render().pages)

    assert pages(render_summary(summary(year), **OPTIONS)) == SUMMARY_PAGES  # type: ignore[arg-type]
    no_appendix = render_summary(summary(year), appendix=False, **OPTIONS)  # type: ignore[arg-type]
    assert pages(no_appendix) == SUMMARY_PAGES_WITHOUT_APPENDIX
    assert pages(render_feedback(feedback(year, "u01"), **OPTIONS)) == FEEDBACK_PAGES  # type: ignore[arg-type]
