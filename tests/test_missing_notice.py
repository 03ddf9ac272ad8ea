"""The missing-data notice: a policy other than ``error`` that changes figures says so.

On a copy of the sample year without the petitions office's file (区信访办.csv, the
40 pairs of 信访办理) and without u02's row in 区编办.csv (主要职责履行效率): 41 pairs
for 40 units.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import govperf
from govperf import cli
from govperf.report import feedback, render_feedback, render_summary, summary

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xicheng_2013"

pytestmark = pytest.mark.skipif(not SAMPLE.is_dir(), reason="needs the repository's examples/")

ZH = (
    "缺失数据提示:按“计 0 分”方式处理了 41 个缺少数据的(单位,指标)项,涉及 40 个单位,"
    "相关得分因此改变:主要职责履行效率 [main_duties] 1 个单位(u02),考评主体 区编办,"
    "数据文件 区编办.csv;信访办理 [petitions] 40 个单位(全部单位),考评主体 区信访办,"
    "数据文件 未收到。"
)


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("year") / "xicheng"
    shutil.copytree(SAMPLE, folder)
    (folder / "区信访办.csv").unlink()
    path = folder / "区编办.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    assert lines[2].startswith("u02,")
    path.write_text("".join(lines[:2] + lines[3:]), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def zeroed(xicheng: govperf.Scheme, year: Path) -> govperf.Results:
    return govperf.score(xicheng, govperf.read_data(xicheng, year), missing="zero")


def test_notice_names_pairs_units_assessors_and_files(zeroed: govperf.Results) -> None:
    notice = zeroed.missing_notice()
    assert notice is not None
    assert (notice.policy, notice.pairs, notice.units, notice.n_units) == ("zero", 41, 40, 40)
    main, petitions = notice.items
    assert (main.sub_indicator, main.units, main.assessors) == (
        "main_duties",
        ("u02",),
        ("区编办",),
    )
    assert (main.files, main.received) == (("区编办.csv",), True)
    assert (petitions.sub_indicator, len(petitions.units), petitions.assessors) == (
        "petitions",
        40,
        ("区信访办",),
    )
    assert (petitions.files, petitions.received) == ((), False)
    assert notice.text() == ZH
    en = notice.text("en")
    assert en.startswith("Missing-data notice: the zero policy filled 41 (unit, sub-indicator)")
    assert "[main_duties]: u02 (units: 1), assessors 区编办, files 区编办.csv" in en
    assert "[petitions]: all units (units: 40), assessors 区信访办, files none received." in en


def test_no_notice_when_nothing_was_filled(xicheng: govperf.Scheme) -> None:
    data = govperf.read_data(xicheng, SAMPLE)
    assert govperf.score(xicheng, data).missing_notice() is None
    assert govperf.score(xicheng, data, missing="zero").missing_notice() is None


def test_a_long_unit_list_is_cut_after_ten(xicheng: govperf.Scheme) -> None:
    data = govperf.read_data(xicheng, SAMPLE).to_dict()
    rows = data["records"]["petitions"]
    keep = [r for r in rows if r["unit"] not in {f"u{i:02d}" for i in range(1, 13)}]
    data["records"]["petitions"] = keep  # 12 units without data
    notice = govperf.score(xicheng, data, missing="zero").missing_notice()
    assert notice is not None
    assert notice.pairs == 12
    assert "(u01、u02、u03、u04、u05、u06、u07、u08、u09、u10等)" in notice.text()


def test_every_report_carries_the_notice(zeroed: govperf.Results) -> None:
    for unit in ("u01", "u40"):  # Markdown escapes the brackets: \[main_duties\]
        md = render_feedback(feedback(zeroed, unit), format="markdown")
        assert ZH in md.replace("\\", "")
    assert ZH in render_summary(summary(zeroed), format="markdown").replace("\\", "")
    en = render_feedback(feedback(zeroed, "u02"), format="html", lang="en")
    assert "Missing-data notice: the zero policy filled 41" in en


def test_the_workbook_carries_the_notice(zeroed: govperf.Results, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    zeroed.to_excel(tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "book.xlsx")
    ranking = [c.value for row in wb["排名"].iter_rows() for c in row if c.value]
    rules = [c.value for row in wb["规则"].iter_rows() for c in row if c.value]
    assert ZH in ranking
    assert ZH in rules


@pytest.mark.parametrize(
    "argv",
    [
        ["score"],
        ["explain", "u01"],
        ["report", "-o", "{tmp}/reports", "--format", "markdown", "--no-plots"],
    ],
)
def test_commands_say_so_on_stderr(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    cmd, *rest = (a.replace("{tmp}", str(tmp_path)) for a in argv)
    assert cli.main([cmd, "xicheng_2013", str(year), *rest, "--missing", "zero"]) == 0
    out, err = capsys.readouterr()
    assert err.strip() == ZH
    assert ZH not in out


def test_no_notice_on_stderr_when_nothing_was_filled(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["score", "xicheng_2013", str(SAMPLE), "--missing", "zero"]) == 0
    assert capsys.readouterr().err == ""
