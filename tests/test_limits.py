"""The stated limits (govperf.Limits): each checked early, located, and raisable.

The scheme is tests/data/years/demo.yaml (d1 direct out of 100, b1 bands, r1 raters,
s1 survey, a bonus rule); each test builds its files in ``tmp_path``.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

import govperf
import govperf.io
from govperf import Limits
from govperf._limits import parse_size

UNITS = "unit,name\na,甲局\nb,乙委\n"
STOP = "; reading stopped here (raise the limit with Limits({key}=…) or --limit {flag}=…)"


def _problems(scheme: govperf.Scheme, source: Path, limits: Limits | None = None) -> list[str]:
    with pytest.raises(govperf.DataError) as info:
        govperf.read_data(scheme, source, limits=limits)
    return [str(p) for p in info.value.problems]


def _folder(tmp_path: Path, rows: int, extra: str = "") -> Path:
    """A folder with the units and ``rows`` rows of d1 for unit a (one valid)."""
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    body = "".join(f"a,d1,{50 + i % 50}{extra}\n" for i in range(rows))
    (tmp_path / "v.csv").write_text("unit,sub_indicator,value\n" + body, encoding="utf-8")
    return tmp_path


# -- Limits itself ---------------------------------------------------------------------


def test_defaults_are_the_stated_ones() -> None:
    limits = Limits()
    assert (limits.data_file_bytes, limits.scheme_file_bytes) == (64 * 2**20, 4 * 2**20)
    assert (limits.rows, limits.columns, limits.field_chars) == (1_048_576, 256, 1_048_576)
    assert limits.workbook_unpacked_bytes == 512 * 2**20


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("67108864", 67_108_864),
        ("64MiB", 64 * 2**20),
        ("64M", 64 * 2**20),
        ("64 mib", 64 * 2**20),
        ("64MB", 64_000_000),
        ("2GiB", 2 * 2**30),
        ("1G", 2**30),
        ("3KB", 3000),
        ("3k", 3072),
        ("200_000", 200_000),
        ("10B", 10),
    ],
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "MiB", "-1", "1.5G", "0", "12 parsecs"])
def test_bad_sizes(text: str) -> None:
    with pytest.raises(ValueError, match="size"):
        parse_size(text)


def test_parse_key_value_items() -> None:
    limits = Limits.parse(["data_file=200MiB", "rows=5,000,000", "field-chars=10", "columns=9"])
    assert limits == Limits(data_file_bytes=200 * 2**20, rows=5_000_000, field_chars=10, columns=9)
    assert Limits.parse(["scheme_file_bytes=8M"]).scheme_file_bytes == 8 * 2**20
    assert Limits.parse([], base=Limits(rows=3)).rows == 3


@pytest.mark.parametrize(
    ("item", "why"),
    [
        ("rows", "expected KEY=VALUE"),
        ("lines=5", "expected KEY=VALUE with KEY one of data_file, workbook_unpacked"),
        ("rows=many", "expected a whole number"),
        ("rows=0", "at least 1"),
        ("data_file=lots", "is not a size"),
    ],
)
def test_bad_items(item: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        Limits.parse([item])


@pytest.mark.parametrize("value", [0, -5, 2.5, True])
def test_limits_are_positive_integers(value: object) -> None:
    with pytest.raises(ValueError, match="must be a positive integer"):
        Limits(rows=value)  # type: ignore[arg-type]


# -- bytes -----------------------------------------------------------------------------


def test_the_data_file_limit_can_be_lowered_and_raised(
    demo: govperf.Scheme, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, 3)
    size = (folder / "v.csv").stat().st_size
    assert _problems(demo, folder, Limits(data_file_bytes=size - 1)) == [
        f"v.csv: the file is {size:,} bytes, over the limit of {size - 1:,} bytes for a data "
        "file; refused before reading (split it into several files, or raise the limit with "
        "Limits(data_file_bytes=…) or --limit data_file=…)"
    ]
    assert govperf.check_data(demo, folder, limits=Limits(data_file_bytes=size)) != []
    # one byte over the default: one cell of 64 MiB (not NUL bytes, which Python 3.10's
    # csv module refuses before any limit is checked)
    (tmp_path / "big.csv").write_bytes(b"x" * (64 * 2**20 + 1))
    problems = _problems(demo, folder)
    assert problems[0].startswith("big.csv: the file is 67,108,865 bytes, over the limit")
    # raised, the file is read (and is 64 MiB in one cell: too long)
    raised = Limits(data_file_bytes=65 * 2**20)
    assert _problems(demo, folder, raised)[0] == (
        "big.csv:1: a cell is longer than the limit of 1,048,576 characters"
        + STOP.format(key="field_chars", flag="field_chars")
    )


def test_the_scheme_file_limit_can_be_raised(tmp_path: Path) -> None:
    from samples import YEARS

    text = (YEARS / "demo.yaml").read_text(encoding="utf-8")
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    size = path.stat().st_size
    small = Limits(scheme_file_bytes=size - 1)
    with pytest.raises(govperf.SchemeError, match="over the limit of"):
        govperf.load_scheme(path, limits=small)
    [problem] = govperf.validate_scheme(path, limits=small)
    assert problem.code == "too-large"
    assert govperf.load_scheme(path, limits=Limits(scheme_file_bytes=size)).id == "io_demo"


# -- rows, columns and cell length in CSV ----------------------------------------------


def test_csv_rows_over_the_limit_stop_at_the_first_row_over(
    demo: govperf.Scheme, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, 6)
    assert _problems(demo, folder, Limits(rows=5)) == [
        "v.csv:7: the table has more than the limit of 5 data rows"
        + STOP.format(key="rows", flag="rows")
    ]
    # at the limit, the file is read (the rows are then duplicates of one unit: not a limit)
    problems = govperf.check_data(demo, folder, limits=Limits(rows=6))
    assert all(p.code != "too-large" for p in problems)


def test_csv_columns_over_the_limit(demo: govperf.Scheme, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "v.csv").write_text(
        "unit,sub_indicator,value\na,d1,5\nb,d1,6,,,,,\n", encoding="utf-8"
    )
    assert _problems(demo, tmp_path, Limits(columns=4)) == [
        "v.csv:3: the row has 8 cells, over the limit of 4 columns"
        + STOP.format(key="columns", flag="columns")
    ]
    assert _problems(demo, tmp_path, Limits(columns=2)) == [
        "v.csv:1: the header has 3 cells, over the limit of 2 columns"
        + STOP.format(key="columns", flag="columns")
    ]


def test_a_csv_field_over_the_limit_is_reported_at_its_row(
    demo: govperf.Scheme, tmp_path: Path
) -> None:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    long = "长" * 200_000  # over the csv module's own 131,072, under govperf's limit
    (tmp_path / "v.csv").write_text(
        f'unit,sub_indicator,value,remark\na,d1,5,"{long}"\nb,d1,6,"x{long}"\n',
        encoding="utf-8",
    )
    data = govperf.read_data(demo, tmp_path, limits=Limits(field_chars=200_001))
    assert data.records["d1"].columns["value"].tolist() == [5.0, 6.0]
    assert _problems(demo, tmp_path, Limits(field_chars=200_000)) == [
        "v.csv:3: a cell is longer than the limit of 200,000 characters"
        + STOP.format(key="field_chars", flag="field_chars")
    ]


# -- workbooks -------------------------------------------------------------------------


def _book(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "units"
    for row in (["unit", "name"], ["a", "甲局"], ["b", "乙委"]):
        ws.append(row)
    values = wb.create_sheet("v")
    for cells in rows:
        values.append(list(cells))
    wb.save(path)
    return path


def test_workbook_limits(demo: govperf.Scheme, tmp_path: Path) -> None:
    head = ["unit", "sub_indicator", "value"]
    book = _book(tmp_path / "b.xlsx", [head, ["a", "d1", 5], ["b", "d1", 6], ["b", "d1", 7]])
    assert _problems(demo, book, Limits(rows=2)) == [
        "b.xlsx[v]:4: the sheet has more than the limit of 2 data rows"
        + STOP.format(key="rows", flag="rows")
    ]
    wide = _book(tmp_path / "w.xlsx", [head, ["a", "d1", 5, None, "x"]])
    assert _problems(demo, wide, Limits(columns=4)) == [
        "w.xlsx[v]:2: the row has cells beyond the limit of 4 columns"
        + STOP.format(key="columns", flag="columns")
    ]
    long = _book(tmp_path / "l.xlsx", [[*head, "remark"], ["a", "d1", 5, "长" * 20]])
    assert _problems(demo, long, Limits(field_chars=15)) == [
        "l.xlsx[v]:2: cell D2 is longer than the limit of 15 characters"
        + STOP.format(key="field_chars", flag="field_chars")
    ]
    with zipfile.ZipFile(book) as z:
        unpacked = sum(i.file_size for i in z.infolist())
    assert _problems(demo, book, Limits(workbook_unpacked_bytes=unpacked - 1)) == [
        f"b.xlsx: the workbook unpacks to {unpacked:,} bytes, over the limit of "
        f"{unpacked - 1:,} bytes"
        + STOP.format(key="workbook_unpacked_bytes", flag="workbook_unpacked")
    ]


def _rewrite(path: Path, member: str, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    assert old in items[member]
    items[member] = items[member].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)


def test_a_sheet_claiming_to_be_huge_is_read_for_what_it_holds(
    demo: govperf.Scheme, tmp_path: Path
) -> None:
    head = ["unit", "sub_indicator", "value"]
    book = _book(tmp_path / "b.xlsx", [head, ["a", "d1", 5], ["b", "d1", 6]])
    # the sheet says it spans every cell of a sheet; a naive reader pads 17 billion cells
    _rewrite(book, "xl/worksheets/sheet2.xml", b'ref="A1:C3"', b'ref="A1:XFD1048576"')
    started = time.perf_counter()
    data = govperf.read_data(demo, book)
    assert time.perf_counter() - started < 5
    assert data.records["d1"].columns["value"].tolist() == [5.0, 6.0]


def test_a_row_numbered_far_away_stops_at_the_row_limit(
    demo: govperf.Scheme, tmp_path: Path
) -> None:
    head = ["unit", "sub_indicator", "value"]
    book = _book(tmp_path / "b.xlsx", [head, ["a", "d1", 5], ["b", "d1", 6]])
    _rewrite(book, "xl/worksheets/sheet2.xml", b'<row r="3"', b'<row r="99999999"')
    _rewrite(book, "xl/worksheets/sheet2.xml", b'r="A3"', b'r="A99999999"')
    started = time.perf_counter()
    problems = _problems(demo, book, Limits(rows=1000))
    assert time.perf_counter() - started < 5
    assert problems == [
        "b.xlsx[v]:1002: the sheet has more than the limit of 1,000 data rows"
        + STOP.format(key="rows", flag="rows")
    ]


# -- JSON ------------------------------------------------------------------------------


def test_json_limits(demo: govperf.Scheme, tmp_path: Path) -> None:
    path = tmp_path / "year.json"
    rows = [{"unit": "a", "value": 5}, {"unit": "b", "value": 6}, {"unit": "b", "value": 7}]
    doc = {"units": ["a", "b"], "records": {"d1": rows}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert _problems(demo, path, Limits(rows=2)) == [
        "year.json: records.d1: the list has 3 rows, over the limit of 2"
        + STOP.format(key="rows", flag="rows")
    ]
    doc = {"units": ["a"], "records": {"d1": [{"unit": "a", "value": 5, "remark": "长" * 11}]}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert _problems(demo, path, Limits(field_chars=10)) == [
        "year.json: records.d1[0].remark: the text is longer than the limit of 10 characters"
        + STOP.format(key="field_chars", flag="field_chars")
    ]
    assert _problems(demo, path, Limits(columns=2)) == [
        "year.json: records.d1[0]: the row has 3 keys, over the limit of 2 columns"
        + STOP.format(key="columns", flag="columns")
    ]


def test_read_units_takes_limits(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    assert govperf.io.read_units(path, limits=Limits(rows=2)).ids == ("a", "b")
    with pytest.raises(govperf.DataError, match="more than the limit of 1 data rows"):
        govperf.io.read_units(path, limits=Limits(rows=1))


# -- the command line ------------------------------------------------------------------


def test_the_limit_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from govperf import cli
    from samples import YEARS

    folder = _folder(tmp_path, 6)
    scheme = str(YEARS / "demo.yaml")
    assert cli.main(["check", scheme, str(folder), "--limit", "rows=5"]) == 1
    assert (
        "v.csv:7: the table has more than the limit of 5 data rows" in capsys.readouterr().out
    )  # check: stdout
    assert cli.main(["score", scheme, str(folder), "--limit", "rows=lots"]) == 1
    assert "--limit rows=lots:" in capsys.readouterr().err
    size = (YEARS / "demo.yaml").stat().st_size
    assert cli.main(["validate", scheme, "--limit", f"scheme_file={size - 1}"]) == 1
    assert "over the limit of" in capsys.readouterr().err
    assert cli.main(["validate", scheme, "--limit", f"scheme_file={size}B"]) == 0


def test_the_by_column_reader_keeps_to_the_limits(demo: govperf.Scheme, tmp_path: Path) -> None:
    from govperf.io._read import _Context, _read_clean_csv

    folder = _folder(tmp_path, 50)
    ctx = _Context(govperf.compile_scheme(demo))
    # a file longer than the cell limit, with short cells: still read by column
    assert _read_clean_csv(ctx, folder, Limits(field_chars=20)) is not None
    assert _read_clean_csv(ctx, folder, Limits(rows=50)) is not None
    # over a limit: left to the row reader, which says where
    assert _read_clean_csv(ctx, folder, Limits(rows=49)) is None
    assert _read_clean_csv(ctx, folder, Limits(columns=2)) is None
    assert _read_clean_csv(ctx, folder, Limits(field_chars=2)) is None
