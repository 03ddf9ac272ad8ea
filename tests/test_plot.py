"""Plots: bars and labels, the CJK-font paths, PNG output, no stray warnings.

The data is the five-unit evaluation of :data:`samples.REPORT_SCHEME` (see its docstring): two
levels (工作 6, 公众 4), three sub-indicators, c has a bonus of 1, b is vetoed, e is
kept out of the ranking.  Tests never depend on a CJK font being installed: the
font detection is replaced in every test.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

import govperf
import govperf.plot
from govperf.plot import distribution, profile, ranking

pytest.importorskip("matplotlib")

from matplotlib.patches import Rectangle

from samples import REPORT_SCHEME, report_data

if TYPE_CHECKING:
    from matplotlib.axes import Axes


@pytest.fixture
def font_found(monkeypatch: pytest.MonkeyPatch) -> str:
    """Pretend DejaVu Sans (shipped with matplotlib) is the CJK font."""
    monkeypatch.setattr(govperf.plot, "_find_cjk_font", lambda: "DejaVu Sans")
    return "DejaVu Sans"


@pytest.fixture
def no_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(govperf.plot, "_find_cjk_font", lambda: None)


def _widths(ax: Axes) -> list[float]:
    """The widths of the bars (rectangles) of ``ax``, in drawing order."""
    out = []
    for patch in ax.patches:
        assert isinstance(patch, Rectangle)
        out.append(float(patch.get_width()))
    return out


def _save_quietly(fig: object, path: Path) -> None:
    """Save with DejaVu standing in for a CJK font: its missing glyphs are expected here."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph", category=UserWarning)
        fig.savefig(path)  # type: ignore[attr-defined]


def test_ranking_bars_labels_and_veto_mark(
    report_results: govperf.Results, font_found: str
) -> None:
    fig = ranking(report_results)
    (ax,) = fig.axes
    # 5 units × (2 levels + the bonus segment); no deductions, so no deduction bars
    assert len(ax.patches) == 15
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["1. 甲局", "2. 乙委(一票否决)", "3. 丙局", "3. 丁局", "– 戊办"]
    colours = [t.get_color() for t in ax.get_yticklabels()]
    assert colours[1] == "#b22222"  # vetoed
    assert colours[0] != "#b22222"
    # bars run top to bottom in rank order: a's 工作 segment is 6 long, e's 3 (1 + 2)
    assert _widths(ax)[:5] == [6.0, 4.0, 4.0, 5.0, 3.0]
    assert _widths(ax)[10:15] == [0.0, 0.0, 1.0, 0.0, 0.0]  # c: 2 claimed, cap 1
    assert ax.get_yticklabels()[0].get_fontfamily()[0] == font_found


def test_ranking_english_labels_and_given_axes(
    report_results: govperf.Results, font_found: str
) -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert ranking(report_results, lang="en", ax=ax) is fig
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[1] == "2. 乙委 (vetoed)"
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["Work", "公众", "Bonus"]


def test_ranking_shows_deductions(font_found: str) -> None:
    sch = govperf.loads_scheme(
        REPORT_SCHEME.replace(
            "rules:\n", "rules:\n  - {id: minus, kind: deduction, name: 扣分项}\n", 1
        ),
        "small.yaml",
    )
    data = report_data()
    data["events"]["minus"] = [{"unit": "a", "points": 0.5}]
    fig = ranking(govperf.score(sch, data))
    assert len(fig.axes[0].patches) == 20  # 5 × (2 levels + bonus + deduction)


def test_no_cjk_font_warns_once_and_still_renders(
    report_results: govperf.Results, no_font: None, tmp_path: Path
) -> None:
    path = tmp_path / "ranking.png"
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fig = ranking(report_results)
        fig.savefig(path)  # draws 中文 without a CJK font: no per-glyph warning escapes
    (only,) = record  # exactly one warning, ours
    assert only.category is UserWarning
    assert "no CJK font" in str(only.message)
    assert "apt-get install fonts-noto-cjk" in str(only.message)
    assert path.read_bytes().startswith(b"\x89PNG")
    assert path.stat().st_size > 1000


def test_no_warning_without_chinese_text(no_font: None) -> None:
    sch = govperf.loads_scheme(
        "schema_version: 1\nid: t\ntitle: T\ntotal_points: 2\nlevels:\n"
        "  - {id: l, name: L, points: 2, indicators: [{id: i, name: I, points: 2, "
        "sub_indicators: [{id: s, name: S, points: 2, evaluator: {kind: direct}}]}]}\n"
    )
    r = govperf.score(sch, {"units": ["u", "v"], "records": {"s": {"value": [1.0, 2.0]}}})
    fig = ranking(r, lang="en")  # filterwarnings=error: any warning fails the test
    assert len(fig.axes[0].patches) == 4  # 2 units × (1 level + bonus)


def test_font_found_path_uses_the_font(
    report_results: govperf.Results, font_found: str, tmp_path: Path
) -> None:
    fig = profile(report_results, "d")
    (ax,) = fig.axes
    assert all(t.get_fontfamily()[0] == font_found for t in ax.get_yticklabels())
    assert ax.get_title() == "丁局:各二级指标得分率"
    _save_quietly(fig, tmp_path / "profile.png")
    assert (tmp_path / "profile.png").stat().st_size > 1000


def test_profile_bars_and_median_markers(report_results: govperf.Results, font_found: str) -> None:
    fig = profile(report_results, "d")
    (ax,) = fig.axes
    # d: s1 4/4 = 100 %, s2 1/2 = 50 %, s3 2/4 = 50 %
    assert _widths(ax) == [100.0, 50.0, 50.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["任务", "公文", "满意"]
    # median shares: s1 [1, .75, .5, 1, .25] → 75 %; s2 → 100 %; s3 [1, 1, .5, .5, 1] → 100 %
    (markers,) = ax.collections
    assert np.asarray(markers.get_offsets())[:, 0].tolist() == [75.0, 100.0, 100.0]
    with pytest.raises(KeyError, match="zz"):
        profile(report_results, "zz")


def test_distribution_boxes(
    report_results: govperf.Results, font_found: str, tmp_path: Path
) -> None:
    fig = distribution(report_results)
    (ax,) = fig.axes
    assert len(ax.patches) == 3  # one box per sub-indicator
    assert [t.get_text() for t in ax.get_yticklabels()] == ["任务", "公文", "满意"]
    assert len(distribution(report_results, "w").axes[0].patches) == 2  # s1, s2 under level w
    assert len(distribution(report_results, "i2").axes[0].patches) == 1
    english = distribution(report_results, "s1", lang="en")
    assert [t.get_text() for t in english.axes[0].get_yticklabels()] == ["Tasks"]
    _save_quietly(fig, tmp_path / "distribution.png")
    assert (tmp_path / "distribution.png").read_bytes().startswith(b"\x89PNG")
    with pytest.raises(KeyError, match="nope"):
        distribution(report_results, "nope")


def test_bad_lang(report_results: govperf.Results) -> None:
    with pytest.raises(ValueError, match="lang"):
        ranking(report_results, lang="de")  # type: ignore[arg-type]
