"""Hostile and broken data files: each ends in a located DataError, never a traceback.

Every file is built in ``tmp_path``; each test asserts the exact problems.  The scheme
is tests/data/years/demo.yaml (d1 direct, b1 bands, r1 raters, s1 survey, a bonus rule).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import govperf
import govperf.io

UNITS = "unit,name\na,甲局\nb,乙委\n"


def _problems(scheme: govperf.Scheme, source: Path) -> list[str]:
    with pytest.raises(govperf.DataError) as info:
        govperf.read_data(scheme, source)
    return [p.render("en") for p in info.value.problems]  # English, as worded here


def _book(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "units"
    for row in (["unit", "name"], ["a", "甲局"], ["b", "乙委"]):
        ws.append(row)
    values = wb.create_sheet("v")
    values.append(["unit", "sub_indicator", "value"])
    values.append(["a", "d1", 5])
    wb.save(path)
    return path


def _patch(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    items[member] = change(items[member])
    with zipfile.ZipFile(path, "w") as z:
        for name, data in items.items():
            z.writestr(name, data)
    return path


def test_broken_sheet_xml(demo: govperf.Scheme, tmp_path: Path) -> None:
    book = _patch(_book(tmp_path / "b.xlsx"), "xl/worksheets/sheet2.xml", lambda d: d[:300])
    [problem] = _problems(demo, book)
    assert problem.startswith("b.xlsx[v]:1: the sheet cannot be read at row 1: ")


def test_invalid_styles_part(demo: govperf.Scheme, tmp_path: Path) -> None:
    book = _patch(_book(tmp_path / "s.xlsx"), "xl/styles.xml", lambda d: b"<styleSheet><<")
    assert _problems(demo, book) == [
        "s.xlsx: not a readable .xlsx workbook: not well-formed (invalid token): line 1, column 13"
    ]


def test_nan_typed_into_a_number_cell(demo: govperf.Scheme, tmp_path: Path) -> None:
    book = _patch(
        _book(tmp_path / "n.xlsx"),
        "xl/worksheets/sheet2.xml",
        lambda d: d.replace(b"<v>5</v>", b"<v>NaN</v>"),
    )
    assert _problems(demo, book) == [
        "n.xlsx[v]:2:3: cell C2 is stored as a number but holds 'NaN', which is not a number "
        "(type the number again, or clear the cell)"
    ]


def _json(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "year.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_json_integer_too_large_for_a_float(demo: govperf.Scheme, tmp_path: Path) -> None:
    big = "1" + "0" * 400
    path = _json(
        tmp_path, f'{{"units": ["a"], "records": {{"d1": [{{"unit": "a", "value": {big}}}]}}}}'
    )
    assert _problems(demo, path) == [
        "year.json: records.d1[0].value: 依法行政 [d1]: a 401-digit integer is too large a number"
    ]


def test_json_integer_of_5000_digits(demo: govperf.Scheme, tmp_path: Path) -> None:
    big = "1" * 5000
    path = _json(
        tmp_path, f'{{"units": ["a"], "records": {{"d1": [{{"unit": "a", "value": {big}}}]}}}}'
    )
    assert _problems(demo, path) == [
        "year.json: records.d1[0].value: 依法行政 [d1]: "
        f"'{'1' * 39}… (5002 characters) is not a finite number"
    ]


def test_json_nested_deeply(demo: govperf.Scheme, tmp_path: Path) -> None:
    path = _json(tmp_path, '{"units": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert _problems(demo, path) == [
        "year.json: not readable: the JSON nests arrays or objects too deeply"
    ]
    with pytest.raises(govperf.DataError, match="nests arrays or objects too deeply"):
        govperf.io.read_units(path)


def test_json_duplicate_keys_are_errors(demo: govperf.Scheme, tmp_path: Path) -> None:
    path = _json(
        tmp_path,
        '{"units": ["a"], "records": {"d1": [{"unit": "a", "value": 1, "value": 2}]}}',
    )
    assert _problems(demo, path) == [
        "year.json: records.d1[0].value: duplicate key 'value' (JSON objects must not repeat a key)"
    ]


def test_empty_files_are_named(demo: govperf.Scheme, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "v.csv").write_text(" \n", encoding="utf-8")
    (tmp_path / "w.json").write_text("", encoding="utf-8")
    assert _problems(demo, tmp_path) == [
        "v.csv: the file is empty (no header, no rows)",
        "w.json: the file is empty (no JSON value)",
    ]


def test_a_file_without_its_value_column_is_named(demo: govperf.Scheme, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "v.csv").write_text("unit,sub_indicator\na,d1\nb,d1\n", encoding="utf-8")
    problems = [str(p) for p in govperf.check_data(demo, tmp_path)]
    assert "v.csv:1: 依法行政 [d1]: the table has no value column (the evaluator reads value)" in (
        problems
    )
    assert not [p for p in problems if "[d1]" in p and "no data" in p]  # said once, at the file


def test_an_empty_units_table_says_so_once(demo: govperf.Scheme, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text("unit,name\n", encoding="utf-8")
    rows = "".join(f"u{i},d1,1\n" for i in range(500))
    (tmp_path / "v.csv").write_text("unit,sub_indicator,value\n" + rows, encoding="utf-8")
    assert _problems(demo, tmp_path) == [
        "units.csv:1: the units table has no rows (list every unit evaluated)"
    ]


def test_csv_fields_longer_than_the_csv_module_default(
    demo: govperf.Scheme, tmp_path: Path
) -> None:
    remark = "长" * 200_000
    (tmp_path / "units.csv").write_text(f'unit,name,remark\na,甲局,"{remark}"\n', encoding="utf-8")
    assert govperf.io.read_units(tmp_path / "units.csv").ids == ("a",)
    assert govperf.read_data(demo, tmp_path).units.ids == ("a",)


def test_points_null_is_reported_at_the_null(demo: govperf.Scheme) -> None:
    from samples import YEARS

    text = (YEARS / "demo.yaml").read_text(encoding="utf-8").replace("points: 2", "points: null", 1)
    with pytest.raises(govperf.SchemeError) as info:
        govperf.loads_scheme(text, "demo.yaml")
    assert [str(p) for p in info.value.problems] == [
        "demo.yaml:18:21: levels[0].indicators[0].sub_indicators[0].points: sub-indicator 依法行政 "
        "has no points (points: null) (only sub-indicators of a pooled indicator may omit them)"
    ]


def test_unit_ids_with_invisible_or_full_width_characters_are_refused(
    demo: govperf.Scheme, tmp_path: Path
) -> None:
    (tmp_path / "units.csv").write_text(
        "unit,name\na,甲局\na\u200b,甲局二\n１０１,丙办\nc,丁\x1b[31m局\n", encoding="utf-8"
    )
    assert _problems(demo, tmp_path) == [
        "units.csv:3: unit: the unit id contains the invisible character U+200B (zero width space)",
        "units.csv:4: unit: the unit id contains the full-width character '１' (U+FF11); "
        "write '1' instead",
        "units.csv:5: name: the unit name contains the invisible character U+001B "
        "(a control character)",
    ]


def test_text_is_read_in_nfc(demo: govperf.Scheme, tmp_path: Path) -> None:
    decomposed = "e\u0301"  # é as e and a combining accent
    (tmp_path / "units.csv").write_text(f"unit,name\n{decomposed},甲局\n", encoding="utf-8")
    assert govperf.read_data(demo, tmp_path).units.ids == ("\u00e9",)


def test_scheme_ids_with_invisible_or_full_width_characters_are_refused() -> None:
    from samples import YEARS

    text = (YEARS / "demo.yaml").read_text(encoding="utf-8")
    with pytest.raises(govperf.SchemeError) as info:
        govperf.loads_scheme(
            text.replace("id: io_demo", 'id: "io\\u200bdemo"').replace("id: b1", "id: b１"),
            "demo.yaml",
        )
    assert [str(p) for p in info.value.problems] == [
        "demo.yaml:4:5: id: the id contains the invisible character U+200B (zero width space)",
        "demo.yaml:21:17: levels[0].indicators[0].sub_indicators[1].id: id 'b１' must start "
        "with a letter and use only letters, digits, '_' and '-'",
    ]


def test_a_file_name_cannot_forge_a_second_problem_line(
    demo: govperf.Scheme, tmp_path: Path
) -> None:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "x\n伪造.csv:2: \x1b[31mfake.csv").write_text(
        "unit,rule\na,nosuch\n", encoding="utf-8"
    )
    with pytest.raises(govperf.DataError) as info:
        govperf.read_data(demo, tmp_path)
    assert str(info.value).splitlines()[1:] == [
        "x\\n伪造.csv:2: \\x1b[31mfake.csv:2: rule: 无法识别的规则 'nosuch'(可用:bonus)"
    ]
    assert info.value.render(lang="en").splitlines()[1:] == [
        "x\\n伪造.csv:2: \\x1b[31mfake.csv:2: rule: unknown rule 'nosuch' (known: bonus)"
    ]


def test_links_that_leave_the_data_folder_are_refused(demo: govperf.Scheme, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("root:x:0:0:SECRET-LINE\n", encoding="utf-8")
    folder = tmp_path / "year"
    folder.mkdir()
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    (folder / "v.csv").symlink_to(secret)
    (folder / "inside.csv").symlink_to(folder / "units.csv")  # stays inside: not refused
    with pytest.raises(govperf.DataError) as info:
        govperf.read_data(demo, folder)
    assert "SECRET" not in str(info.value)
    assert (
        "v.csv: the file is a link to a file outside the data folder; refused (links that "
        "leave the folder are never followed: copy the file in)"
    ) in [p.render("en") for p in info.value.problems]
    # the link inside the folder is read (and is not a table of a known kind)
    assert [p.code for p in info.value.problems] == ["table-kind", "outside-link"]


def test_oversized_files_are_refused_before_reading(demo: govperf.Scheme, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    with (tmp_path / "v.csv").open("wb") as f:
        f.truncate(64 * 1024 * 1024 + 1)  # sparse: one byte over the limit, no disk used
    assert _problems(demo, tmp_path) == [
        "v.csv: the file is 67,108,865 bytes, over the limit of 67,108,864 bytes for a data "
        "file; refused before reading (split it into several files, or raise the limit with "
        "Limits(data_file_bytes=…) or --limit data_file=…)"
    ]
    scheme = tmp_path / "big.yaml"
    with scheme.open("wb") as f:
        f.truncate(4 * 1024 * 1024 + 1)
    with pytest.raises(govperf.SchemeError) as info:
        govperf.load_scheme(scheme)
    assert [p.message for p in info.value.problems] == [
        "the file is 4,194,305 bytes, over the limit of 4,194,304 bytes for a scheme file; "
        "refused before parsing (raise it with Limits(scheme_file_bytes=…) or --limit "
        "scheme_file=…)"
    ]


def test_printed_problems_are_capped(
    capsys: pytest.CaptureFixture[str], demo: govperf.Scheme, tmp_path: Path
) -> None:
    from govperf import cli
    from samples import YEARS

    (tmp_path / "units.csv").write_text(
        "unit,name\n" + "".join(f"u{i},x\u200b\n" for i in range(150)), encoding="utf-8"
    )
    assert cli.main(["score", str(YEARS / "demo.yaml"), str(tmp_path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"{tmp_path} 中有 150 个问题"
    assert len(lines) == 1 + 100 + 1
    assert lines[-1] == "……以及另外 50 个问题"
    assert cli.main(["score", str(YEARS / "demo.yaml"), str(tmp_path), "--lang", "en"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert (lines[0], lines[-1]) == (f"150 problems in {tmp_path}", "… and 50 more")
    with pytest.raises(govperf.DataError) as info:
        govperf.read_data(demo, tmp_path)
    assert len(info.value.problems) == 150  # the full list, as data
