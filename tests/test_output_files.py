"""Output files: format from the extension of ``-o``, one overwrite policy, atomic writes,
print layout of the workbooks, and text that looks like a formula kept as text.

Print-layout page counts are not tested here (they need LibreOffice); the page setup is
checked through the properties openpyxl reads back.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import govperf
from govperf import cli
from govperf.io import read_units
from govperf.output._atomic import atomic_folder, atomic_open, write_text
from govperf.output._sheet import csv_cell_plain, csv_cell_text, looks_like_formula
from samples import output_data, score_output, xicheng_data

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xicheng_2013"
needs_sample = pytest.mark.skipif(not SAMPLE.is_dir(), reason="needs the repository's examples/")

FORMULA = '=HYPERLINK("http://example.com","点我")'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _no_temporaries(folder: Path) -> bool:
    return not [p.name for p in folder.iterdir() if p.name.startswith(".~")]


# -- the format follows the extension ---------------------------------------------------


@needs_sample
@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("out.xlsx", lambda p: openpyxl.load_workbook(p).sheetnames[0] == "排名"),
        ("out.csv", lambda p: p.read_text(encoding="utf-8-sig").startswith("单位,单位名称,分组")),
        ("out.json", lambda p: len(json.loads(p.read_text(encoding="utf-8"))) == 40),
        ("out.txt", lambda p: p.read_text(encoding="utf-8").split()[:2] == ["名次", "单位"]),
    ],
)
def test_score_format_follows_the_extension(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, check: Any
) -> None:
    target = tmp_path / "new" / "folder" / name  # parent folders are created
    status, out, err = run(capsys, "score", "xicheng_2013", str(SAMPLE), "-o", str(target))
    assert (status, err) == (0, "")
    assert out == f"已写入 {target}\n"
    assert check(target)
    assert _no_temporaries(target.parent)


@needs_sample
def test_score_refuses_a_format_the_extension_contradicts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "out.xlsx"
    argv = ("score", "xicheng_2013", str(SAMPLE), "--format", "csv", "-o", str(target))
    status, out, err = run(capsys, *argv)
    assert (status, out) == (1, "")
    assert err == (
        f"govperf: 错误:--format csv 与输出文件 {target} 的扩展名不符;"
        "请改用 .csv 结尾的文件名或去掉 --format\n"
    )
    status, _, err = run(capsys, *argv, "--lang", "en")
    assert err == (
        f"govperf: error: --format csv does not match the extension of {target}; "
        "use a name ending in .csv or leave out --format\n"
    )
    assert not target.exists()


@needs_sample
@pytest.mark.parametrize("name", ["out.pdf", "out", "out.html", "out.xls"])
def test_score_refuses_an_unknown_extension(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    status, out, err = run(capsys, "score", "xicheng_2013", str(SAMPLE), "-o", str(target))
    assert (status, out) == (1, "")
    assert err == (
        f"govperf: 错误:无法识别输出文件 {target} 的类型;score 可写:.txt .json .csv .xlsx\n"
    )
    assert not target.exists()


@needs_sample
def test_score_csv_and_json_go_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "score", "xicheng_2013", str(SAMPLE), "--format", "csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["单位", "单位名称", "分组"]  # no byte-order mark on stdout
    assert len(rows) == 1 + 40
    status, out, _ = run(capsys, "score", "xicheng_2013", str(SAMPLE), "--format", "json")
    assert len(json.loads(out)) == 40


# -- one overwrite policy -------------------------------------------------------------


@needs_sample
def test_score_refuses_an_existing_file_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"earlier")
    status, out, err = run(capsys, "score", "xicheng_2013", str(SAMPLE), "-o", str(target))
    assert (status, out) == (1, "")
    assert err == f"govperf: 错误:{target} 已存在;如需替换,请加 --force\n"
    assert target.read_bytes() == b"earlier"
    argv = ("score", "xicheng_2013", str(SAMPLE), "-o", str(target), "--force")
    assert run(capsys, *argv)[0] == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "排名"


@needs_sample
def test_report_folder_policy(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "report", "xicheng_2013", str(SAMPLE), "-o", "x.html")
    assert status == 1
    assert err == "govperf: 错误:report 写出的是一个文件夹,x.html 是文件名;请给出文件夹名\n"
    out = tmp_path / "reports"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    argv = ("report", "xicheng_2013", str(SAMPLE), "-o", str(out), "--no-plots")
    status, _, err = run(capsys, *argv)
    assert status == 1
    assert err == f"govperf: 错误:{out} 已存在;如需替换,请加 --force\n"
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert run(capsys, *argv, "--force")[0] == 0
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 40 + 3  # 40 feedback reports, summary, index, and the user's notes
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert _no_temporaries(tmp_path)


def test_template_format_from_the_extension(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = tmp_path / "blank.xlsx"
    assert run(capsys, "template", "xicheng_2013", "-o", str(book)) == (0, f"{book}\n", "")
    assert "units" in openpyxl.load_workbook(book).sheetnames
    status, _, err = run(capsys, "template", "xicheng_2013", "-o", str(book))
    assert err == f"govperf: 错误:{book} 已存在;如需替换,请加 --force\n"
    assert run(capsys, "template", "xicheng_2013", "-o", str(book), "--force")[0] == 0
    other = tmp_path / "other.xlsx"
    status, _, err = run(capsys, "template", "xicheng_2013", "-o", str(other), "--format", "csv")
    assert status == 1
    assert "--format csv 与输出文件" in err
    status, _, err = run(capsys, "template", "xicheng_2013", "-o", str(tmp_path / "t.csv"))
    assert status == 1
    assert "template 写出的是一个文件夹" in err
    assert not other.exists()


def test_template_xlsx_into_a_folder_one_workbook_per_assessor(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "blank"
    status, out, err = run(
        capsys, "template", "xicheng_2013", "--format", "xlsx", "-o", str(folder)
    )
    assert (status, err) == (0, "")
    # the splits workbook and 15 assessors (区监察局 has values, a survey and the veto)
    assert out.splitlines()[:2] == [
        str(folder / "分值分配.xlsx"),
        str(folder / "区政府督查室.xlsx"),
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(Path(p).name for p in out.split())
    assert len(out.splitlines()) == 16
    assert openpyxl.load_workbook(folder / "区监察局.xlsx").sheetnames == [
        "units",
        "区监察局-value",
        "区监察局-survey",
        "区监察局-accountability_veto",
    ]
    status, _, err = run(capsys, "template", "xicheng_2013", "--format", "xlsx", "-o", str(folder))
    assert status == 1
    assert (
        err
        == f"govperf: 错误:{folder / '分值分配.xlsx'} 等 16 个文件已存在;如需替换,请加 --force\n"
    )
    args = ("template", "xicheng_2013", "--format", "xlsx", "-o", str(folder), "--force")
    assert run(capsys, *args)[0] == 0
    assert _no_temporaries(folder)


# -- atomic writes ----------------------------------------------------------------------


def test_a_failed_workbook_leaves_the_earlier_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = score_output()
    target = tmp_path / "r.xlsx"
    results.to_excel(target)
    earlier = target.read_bytes()

    def broken_save(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"PK half a workbook")
        raise RuntimeError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(RuntimeError, match="disk full"):
        results.to_excel(target, overwrite=True)
    assert target.read_bytes() == earlier
    assert _no_temporaries(tmp_path)
    with pytest.raises(RuntimeError, match="disk full"):
        results.to_excel(tmp_path / "new.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]  # no half new file


def test_a_failed_csv_leaves_the_earlier_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govperf.output import _export

    results = score_output()
    target = tmp_path / "r.csv"
    results.to_csv(target)
    earlier = target.read_text(encoding="utf-8-sig")
    calls = {"n": 0}
    real = _export._csv_cell

    def fail_later(value: Any, lang: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > 5:  # after the header and part of the first row
            raise RuntimeError("killed")
        return real(value, lang)

    monkeypatch.setattr(_export, "_csv_cell", fail_later)
    with pytest.raises(RuntimeError, match="killed"):
        results.to_csv(target, overwrite=True)
    assert target.read_text(encoding="utf-8-sig") == earlier
    assert _no_temporaries(tmp_path)


def test_a_failed_report_run_leaves_the_earlier_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govperf.report import write_reports

    results = score_output()
    out = tmp_path / "reports"
    write_reports(results, out, plots=False)
    earlier = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    real = Path.write_text
    calls = {"n": 0}

    def fail_on_second(self: Path, *args: Any, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", fail_on_second)
    with pytest.raises(OSError, match="No space"):
        write_reports(results, out, plots=False, overwrite=True)
    monkeypatch.undo()
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_a_killed_writer_leaves_no_partial_file(tmp_path: Path) -> None:
    """SIGKILL during a large write: the earlier file is intact, no half target exists."""
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL on this platform")
    target = tmp_path / "big.csv"
    target.write_text("earlier\n", encoding="utf-8")
    new = tmp_path / "new.csv"
    script = textwrap.dedent(
        f"""
        import sys
        from govperf.output._atomic import atomic_open
        row = "u01,区甲局," + "9" * 200 + "\\n"
        with atomic_open({str(new)!r}) as b, atomic_open({str(target)!r}) as fh:
            for i in range(10_000_000):  # about 2 GB: far more than is written before the kill
                fh.write(row)
                b.write(row)
                if i == 20_000:
                    fh.flush()
                    print("writing", flush=True)
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "writing\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == "earlier\n"
    assert not new.exists()
    # what a killed writer can leave is its hidden temporary file, never a half target
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".~"))
    assert all(name.endswith(".tmp") for name in left)


def test_atomic_helpers_refuse_and_create(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "x.txt"
    write_text(target, "one", overwrite=False)
    with pytest.raises(FileExistsError, match="not overwriting existing file"):
        write_text(target, "two", overwrite=False)
    write_text(target, "two")
    assert target.read_text(encoding="utf-8") == "two"
    with pytest.raises(IsADirectoryError), atomic_open(tmp_path / "a"):
        pass
    folder = tmp_path / "f"
    with atomic_folder(folder) as tmp:
        (tmp / "x.txt").write_text("1", encoding="utf-8")
    assert [p.name for p in folder.iterdir()] == ["x.txt"]
    with pytest.raises(FileExistsError, match="is not empty"), atomic_folder(folder):
        pass


# -- text that looks like a formula -----------------------------------------------------


def test_formula_text_rules() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert looks_like_formula(text)
        assert csv_cell_text(text) == "'" + text
        assert csv_cell_plain(csv_cell_text(text)) == text
    assert csv_cell_text("区甲局") == "区甲局"
    assert csv_cell_text(-1.5) == -1.5  # numbers are numbers
    assert csv_cell_plain("'quoted") == "'quoted"  # only a quote before a formula is dropped


def _formula_results() -> govperf.Results:
    data = output_data()
    data["units"][0]["name"] = FORMULA
    return score_output(data)


def test_a_formula_unit_name_is_text_in_the_workbook(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    _formula_results().to_excel(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["排名"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == FORMULA]
    assert [c.coordinate for c in cells] == ["C4"]  # a ranked second: row 4 after title, header
    assert cells[0].data_type == "s"
    assert cells[0].quotePrefix
    for sheet in wb.worksheets:  # nowhere a formula
        assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_a_formula_unit_name_is_text_in_the_csv(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    _formula_results().to_csv(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[1] for r in rows[1:]] == ["'" + FORMULA, "区乙委"]  # a, b


def test_a_formula_unit_name_in_templates_reads_back(tmp_path: Path) -> None:
    scheme = govperf.load_scheme("xicheng_2013")
    govperf.write_template(scheme, tmp_path / "csv", units=[("a", FORMULA)])
    text = (tmp_path / "csv" / "units.csv").read_text(encoding="utf-8-sig")
    quoted = FORMULA.replace('"', '""')
    assert text.splitlines()[1] == "a,\"'" + quoted + '",'
    assert read_units(tmp_path / "csv" / "units.csv").names == (FORMULA,)
    [book] = govperf.write_template(
        scheme, tmp_path / "t.xlsx", units=[("a", FORMULA)], format="xlsx"
    )
    cell = openpyxl.load_workbook(book)["units"]["B2"]
    assert (cell.value, cell.data_type) == (FORMULA, "s")


# -- print layout -----------------------------------------------------------------------


def _assert_print_setup(ws: Any, repeat: str, title: str, period: str | None) -> None:
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == repeat
    assert ws.oddHeader.center.text == title
    assert ws.oddHeader.right.text == period
    assert ws.oddFooter.left.text == "&A"
    assert ws.oddFooter.center.text == "第 &P 页,共 &N 页"


def test_results_workbook_prints_on_a4(xicheng: govperf.Scheme, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    govperf.score(xicheng, xicheng_data()).to_excel(path)
    wb = openpyxl.load_workbook(path)
    title, period = xicheng.title, xicheng.metadata.period
    assert period == "“十二五”期间,自2013年起(指标体系为2013年试行)"
    repeats = {"排名": "$1:$2", "履职效率": "$1:$3", "规则": "$1:$2", "单位a": "$1:$1"}
    for name, repeat in repeats.items():
        _assert_print_setup(wb[name], repeat, title, period)
    ws = wb["排名"]
    assert ws["A1"].value == f"{title}:排名"
    assert ws["A1"].font.b
    assert ws["A1"].font.sz == 13
    assert ws["A1"].border.left.style is None  # the title has no box
    assert ws["E3"].border.left.style == "thin"
    assert ws["E3"].number_format == "0.00"
    assert ws["A2"].font.b


def test_template_workbook_prints_on_a4(tmp_path: Path) -> None:
    scheme = govperf.load_scheme("xicheng_2013")
    [book] = govperf.write_template(
        scheme, tmp_path / "t.xlsx", units=[("a", "甲局")], format="xlsx"
    )
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets:
        _assert_print_setup(ws, "$1:$1", scheme.title, scheme.metadata.period)
        assert ws["A1"].font.b
        assert ws["A1"].border.left.style == "thin"
    splits = wb["splits"]
    points = list(next(splits.iter_rows(max_row=1, values_only=True))).index("分配分值") + 1
    assert splits.cell(row=2, column=points).number_format == "0.00"
