"""Progress during the year: pro-rata status, projections, the report and the command.

Hand-computed at the end of Q2 (half the year, f = 0.5), thresholds 0.10 / 0.25:

- a.T1 (higher, baseline 0, target 100): path 50; value 55 is ahead, shortfall
  (50 − 55)/50 = −0.10: on track.  Projected 55 / 0.5 = 110, between target and
  challenge 120: share 0.8 + 0.2 × 10/20 = 0.9.
- a.T2 (lower, baseline 50, target 30): path 50 + 0.5 × (30 − 50) = 40; value 43,
  shortfall −(40 − 43)/10 = 0.30: behind.  Projected 50 + (43 − 50)/0.5 = 36, short of
  30: share 0.  a's projected key_tasks points: 30 × (0.9 + 0)/2 = 13.5.
- b.T1: value 45, shortfall (50 − 45)/50 = 0.10 exactly: still on track (the boundary
  belongs to the better status).  b.T2: value 42.5, shortfall −(40 − 42.5)/10 = 0.25
  exactly: at risk.  Projected 90 and 35: shares 0; b's projected points 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import govperf
from govperf.cli import _main as cli
from govperf.progress import (
    Progress,
    ProgressEntry,
    Thresholds,
    parse_period,
    progress_view,
    read_progress,
    render_progress,
)
from govperf.taskbook import read_taskbook
from test_taskbook import SCHEME

BOOK = """\
year: 2014
units:
  a:
    name: 甲局
    splits: {key_tasks: 30, main_duties: 15}
    tasks:
      - {id: T1, node: key_tasks, direction: 正向, baseline: 0, target: 100, challenge: 120,
         assessor: 区政府督查室}
      - {id: T2, node: key_tasks, direction: 负向, baseline: 50, target: 30, challenge: 20,
         assessor: 区政府督查室}
  b:
    name: 乙局
    splits: {key_tasks: 25, main_duties: 20}
    tasks:
      - {id: T1, node: key_tasks, direction: 正向, target: 100, challenge: 120}
      - {id: T2, node: key_tasks, direction: 负向, baseline: 50, target: 30, challenge: 20,
         assessor: 区政府绩效办}
"""

PROGRESS = """\
单位编号,任务编号,期间,完成值,说明
a,T1,Q1,20,
a,T1,Q2,55,
a,T1,H1,60,上半年自评
a,T2,Q2,43,
b,T1,Q2,45,
b,T2,Q2,42.5,
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    book = tmp_path / "taskbook.yaml"
    book.write_text(BOOK, encoding="utf-8")
    progress = tmp_path / "progress.csv"
    progress.write_text(PROGRESS, encoding="utf-8")
    return book, progress


def view_of(files: tuple[Path, Path], **kwargs: object) -> govperf.progress.ProgressView:
    book, progress = files
    return progress_view(SCHEME, read_taskbook(book), read_progress(progress), **kwargs)  # type: ignore[arg-type]


def test_status_against_the_pro_rata_path_at_a_quarter_boundary(files: tuple[Path, Path]) -> None:
    view = view_of(files)
    assert (view.period, view.share_of_year) == ("Q2", 0.5)
    got = {(t.unit, t.task): t for t in view.tasks}
    assert got["a", "T1"].expected == 50
    assert got["a", "T1"].shortfall == pytest.approx(-0.10)
    assert got["a", "T2"].expected == 40
    assert got["a", "T2"].shortfall == pytest.approx(0.30)
    assert got["b", "T1"].shortfall == pytest.approx(0.10)
    assert got["b", "T2"].shortfall == pytest.approx(0.25)
    assert [got[k].status for k in sorted(got)] == ["on_track", "behind", "on_track", "at_risk"]
    assert got["a", "T1"].self_value == 60  # the July self-assessment, beside the office's 55
    assert got["a", "T1"].value == 55
    assert [(u.unit, u.status) for u in view.units] == [("a", "behind"), ("b", "at_risk")]
    assert view.units[0].counts == {"on_track": 1, "at_risk": 0, "behind": 1, "no_report": 0}


def test_projection_at_the_current_pace(files: tuple[Path, Path]) -> None:
    view = view_of(files)
    got = {(t.unit, t.task): t for t in view.tasks}
    assert got["a", "T1"].projected == pytest.approx(110)
    assert got["a", "T1"].projected_share == pytest.approx(0.9)
    assert got["a", "T2"].projected == pytest.approx(36)
    assert got["a", "T2"].projected_share == 0
    a, b = view.units
    assert a.projected_points == {"key_tasks": pytest.approx(13.5)}
    assert a.max_points == {"key_tasks": 30}
    assert b.projected_points == {"key_tasks": pytest.approx(0.0)}


def test_thresholds_are_configurable(files: tuple[Path, Path]) -> None:
    view = view_of(files, thresholds=Thresholds(at_risk=0.05, behind=0.35))
    got = {(t.unit, t.task): t.status for t in view.tasks}
    assert got == {
        ("a", "T1"): "on_track",
        ("a", "T2"): "at_risk",
        ("b", "T1"): "at_risk",
        ("b", "T2"): "at_risk",
    }
    with pytest.raises(ValueError, match="behind"):
        Thresholds(at_risk=0.3, behind=0.2)


def test_earlier_quarter_and_missing_reports(files: tuple[Path, Path]) -> None:
    view = view_of(files, period="Q1")
    got = {(t.unit, t.task): t for t in view.tasks}
    # Q1: path 25, value 20: shortfall 5/25 = 0.2, at risk; projected 20 / 0.25 = 80
    assert got["a", "T1"].shortfall == pytest.approx(0.2)
    assert got["a", "T1"].status == "at_risk"
    assert got["a", "T1"].projected == pytest.approx(80)
    assert got["a", "T2"].status == "no_report"
    assert view.units[0].projected_points == {"key_tasks": None}  # not every task reported
    half = view_of(files, period="H1")
    assert {(t.unit, t.task): t.value for t in half.tasks}["a", "T1"] == 60


def test_attention_by_assessor(files: tuple[Path, Path]) -> None:
    view = view_of(files)
    groups = view.by_assessor()
    assert {k: [(t.unit, t.task) for t in v] for k, v in groups.items()} == {
        "区政府督查室": [("a", "T2")],
        "区政府绩效办": [("b", "T2")],
    }


def test_the_report_marks_projections(files: tuple[Path, Path]) -> None:
    view = view_of(files)
    md = render_progress(view, "markdown")
    assert md.startswith("# 2014年第二季度绩效任务进度报告")
    assert "“预测”为按当前进度推算的年终值和得分,不是考评结果。" in md
    assert "| 重点任务得分(预测) |" in md
    assert "13.50 / 30.00" in md
    assert "### 区政府督查室(1 项)" in md
    page = render_progress(view, "html", "en")
    assert "points (projection)" in page
    assert "year end (projection)" in page
    assert view.to_dict()["tasks"][0]["projected_value"] == pytest.approx(110)


def test_progress_file_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("单位编号,任务编号,期间,完成值\na,T1,五季度,3\na,T1,Q1,三\n", encoding="utf-8")
    with pytest.raises(govperf.DataError) as info:
        read_progress(path)
    where = {(p.line, p.column, p.code) for p in info.value.problems}
    assert where == {(2, 3, "invalid"), (3, 4, "not-a-number")}
    assert parse_period("第三季度") == "Q3"
    assert parse_period("上半年自评") == "H1"


def test_unknown_task_in_progress(files: tuple[Path, Path]) -> None:
    book, _ = files
    progress = Progress(entries=[ProgressEntry(unit="a", task="T22", period="Q1", value=1)])
    with pytest.raises(govperf.DataError) as info:
        progress_view(SCHEME, read_taskbook(book), progress)
    (problem,) = info.value.problems
    assert problem.code == "unknown-task"
    assert "'T2'" in problem.message


def test_cli_progress(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book, progress = files
    scheme = tmp_path / "s.yaml"
    scheme.write_text(govperf.dump_scheme(SCHEME), encoding="utf-8")
    args = ["progress", str(scheme), str(progress), "--taskbook", str(book)]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "预测" in out
    assert "13.50 / 30.00" in out
    report = tmp_path / "p.html"
    assert cli.main([*args, "-o", str(report)]) == 0
    assert "预测" in report.read_text(encoding="utf-8")
    assert cli.main([*args, "-o", str(report)]) == 1  # refused without --force
    capsys.readouterr()
    assert cli.main([*args, "--at-risk", "0.3", "--behind", "0.2"]) == 1
    assert "behind" in capsys.readouterr().err


def test_the_sample_year(capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(__file__).parent.parent / "examples" / "xicheng_2013_year"
    args = ["progress", "xicheng_2013", str(folder / "progress.csv")]
    assert cli.main([*args, "--taskbook", str(folder / "taskbook.yaml"), "--period", "Q2"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "2013年第二季度绩效任务进度报告"
    assert len(out.splitlines()) == 3 + 1 + 40
