"""Fuzzing of every reader: mutated valid files end in govperf's own errors, or read.

Hypothesis draws a valid file from a seed corpus (the bundled Xicheng scheme, the test
schemes, the data files of tests/data/years/demo_ok and the Xicheng example year, a
JSON data file, a workbook) and mutates its bytes: inserts, deletes, duplicates,
flips, splices in another seed and drops in tokens known to trouble parsers (quotes,
NUL, an invalid UTF-8 byte, ``NaN``, ``1e400``, YAML tags and aliases, deep brackets,
a zero-width space, a full-width digit).  A workbook is fuzzed inside: its XML parts are
mutated and the zip rebuilt, and its zip bytes are mutated too.  Each reader must
either read the file or raise :class:`~govperf.GovperfError`; every problem must be one
line.  Any other exception is a bug.

The run is bounded for CI (``FUZZ_EXAMPLES`` examples per reader, 30 by default);
a longer run is::

    GOVPERF_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py -x

Every failure found is kept below as an explicit ``@example``.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import govperf
import govperf.io
from govperf.exceptions import GovperfError

HERE = Path(__file__).parent
ROOT = HERE.parent
YEAR = HERE / "data" / "years"
FUZZ_EXAMPLES = int(os.environ.get("GOVPERF_FUZZ_EXAMPLES", "30"))

fuzz = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TOKENS = [
    b'"',
    b"'",
    b"\n",
    b"\r",
    b"\r\n",
    b",",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"NaN",
    b"nan",
    b"inf",
    b"-0",
    b"1e400",
    b"9" * 400,
    b"{",
    b"}",
    b"[" * 200,
    b"]",
    b": ",
    b"- ",
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"!!binary ",
    b"<<: ",
    b"? ",
    b"%YAML 1.1\n",
    b"---\n",
    b"\t",
    "\u200b".encode(),
    "１".encode(),
    "\u2028".encode(),
    b"\x1b[31m",
    b"=cmd|' /C calc'!A0",
    b"null",
    b"true",
    b"<v>NaN</v>",
    b'<c r="ZZZZ99999999">',
    b"&#0;",
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>',
]


def _text_seeds() -> dict[str, list[bytes]]:
    """Valid files by the reader they are for."""
    schemes = [
        (ROOT / "schemes" / "xicheng_2013.yaml").read_bytes(),
        (YEAR / "demo.yaml").read_bytes(),
    ]
    schemes += [p.read_bytes() for p in sorted((HERE / "data" / "schemes").glob("*.yaml"))]
    tables = [p.read_bytes() for p in sorted((YEAR / "demo_ok").glob("*.csv"))]
    tables += [p.read_bytes() for p in sorted((ROOT / "examples" / "xicheng_2013").glob("*.csv"))]
    demo = govperf.load_scheme(YEAR / "demo.yaml")
    data = govperf.read_data(demo, YEAR / "demo_ok")
    doc = json.dumps(data.to_dict(), ensure_ascii=False, indent=1).encode()
    units = [(YEAR / "demo_ok" / "units.csv").read_bytes()]
    units += [(ROOT / "examples" / "xicheng_2013" / "units.csv").read_bytes()]
    return {"scheme": schemes, "csv": tables, "json": [doc], "units": units}


SEEDS = _text_seeds()


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes], max_edits: int = 6) -> bytes:
    """A seed with up to ``max_edits`` byte-level edits."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, max_edits))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "token", "delete", "duplicate", "flip", "splice"]))
        if op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "duplicate":
            piece = data[at : at + draw(st.integers(1, 256))]
            data[at:at] = piece * draw(st.integers(1, 4))
        elif op == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "splice":
            other = draw(st.sampled_from(seeds))
            start = draw(st.integers(0, len(other)))
            data[at:at] = other[start : start + draw(st.integers(1, 200))]
    return bytes(data)


def _clean(call: Callable[[], Any]) -> None:
    """Run a reader: it reads, or raises govperf's own error with one-line problems."""
    try:
        call()
    except GovperfError as exc:
        for problem in getattr(exc, "problems", ()):
            assert "\n" not in str(problem), str(problem)
            assert problem.file is not None or problem.path, problem


# -- scheme files ----------------------------------------------------------------------


@fuzz
@given(mutated(SEEDS["scheme"]))
@example(b"id: x\nlevels: [" + b"[" * 5000)
@example(b"\xef\xbb\xbf\xff")
@example(b"a: &a [*a, *a]\nb: *a\n")
def test_scheme_files(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "scheme.yaml"
        path.write_bytes(data)
        _clean(lambda: govperf.load_scheme(path))
        _clean(lambda: govperf.validate_scheme(path))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return
        _clean(lambda: govperf.loads_scheme(text, "scheme.yaml"))


@fuzz
@given(mutated([b"bonus: {cap: 2}\nd1: {scale: 10}\n", b"grade:\n  bands: [{grade: A}]\n"]))
def test_parameter_files(data: bytes) -> None:
    demo = govperf.load_scheme(YEAR / "demo.yaml")
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "params.yaml"
        path.write_bytes(data)
        _clean(lambda: govperf.with_params(demo, path))


# -- data files ------------------------------------------------------------------------


def _folder_with(name: str, data: bytes, folder: Path) -> Path:
    """The demo_ok year with one file replaced by ``data``."""
    for src in (YEAR / "demo_ok").iterdir():
        if src.suffix == ".csv":
            (folder / src.name).write_bytes(src.read_bytes())
    (folder / name).write_bytes(data)
    return folder


@fuzz
@given(mutated(SEEDS["csv"]), st.sampled_from(["甲办-value.csv", "丙办-raters.csv", "new.csv"]))
@example(b'unit,sub_indicator,value\na,d1,"' + b"x" * 140_000 + b'"\n', "new.csv")
@example(b"unit,sub_indicator,value\na,d1,NaN\n", "new.csv")
@example(b"unit,sub_indicator,value\r\na,d1,5\rb,d1,6\n", "new.csv")
def test_csv_data_files(data: bytes, name: str) -> None:
    demo = govperf.load_scheme(YEAR / "demo.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        folder = _folder_with(name, data, Path(tmp))
        _clean(lambda: govperf.read_data(demo, folder))
        _clean(lambda: govperf.check_data(demo, folder))


@fuzz
@given(mutated(SEEDS["units"]), st.sampled_from(["units.csv", "splits.csv"]))
@example(b"unit,name\n", "units.csv")
@example(b"unit,sub_indicator,points\na,d1,1\na,d1,\n", "splits.csv")
def test_units_and_splits_tables(data: bytes, name: str) -> None:
    demo = govperf.load_scheme(YEAR / "demo.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        folder = _folder_with(name, data, Path(tmp))
        _clean(lambda: govperf.read_data(demo, folder))
        _clean(lambda: govperf.io.read_units(folder / name))


@fuzz
@given(mutated(SEEDS["json"]))
@example(b'{"units": ["a"], "records": {"d1": [{"unit": "a", "value": 1e999}]}}')
@example(b'{"units": [' + b"[" * 3000 + b"]" * 3000 + b"]}")
@example(b'{"units": ["a", "a"], "units": []}')
def test_json_data_files(data: bytes) -> None:
    demo = govperf.load_scheme(YEAR / "demo.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "year.json"
        path.write_bytes(data)
        _clean(lambda: govperf.read_data(demo, path))
        _clean(lambda: govperf.check_data(demo, path))
        _clean(lambda: govperf.io.read_units(path))


# -- workbooks -------------------------------------------------------------------------


def _workbook() -> dict[str, bytes]:
    """The parts of a small valid workbook: the units and d1 values of the demo year."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "units"
    for row in (["unit", "name"], ["a", "甲局"], ["b", "乙委"]):
        ws.append(row)
    values = wb.create_sheet("甲办-value")
    for cells in (["unit", "sub_indicator", "value"], ["a", "d1", 95], ["b", "d1", 80.5]):
        values.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def workbook() -> dict[str, bytes]:
    pytest.importorskip("openpyxl")
    return _workbook()


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _read_book(data: bytes) -> None:
    demo = govperf.load_scheme(YEAR / "demo.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        path.write_bytes(data)
        _clean(lambda: govperf.read_data(demo, path))
        _clean(lambda: govperf.io.read_units(path))


@fuzz
@given(st.data())
def test_workbook_parts(workbook: dict[str, bytes], data: st.DataObject) -> None:
    parts = dict(workbook)
    names = sorted(n for n in parts if n.endswith((".xml", ".rels")))
    for name in data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True)):
        parts[name] = data.draw(mutated([parts[name]], max_edits=4))
    if data.draw(st.booleans()):
        del parts[data.draw(st.sampled_from(sorted(parts)))]
    _read_book(_zip(parts))


@fuzz
@given(st.data())
def test_workbook_bytes(workbook: dict[str, bytes], data: st.DataObject) -> None:
    _read_book(data.draw(mutated([_zip(workbook)], max_edits=3)))


# -- what fuzzing found ------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files in /proc")
@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml"])
def test_a_workbook_that_fails_to_open_is_closed_at_once(
    workbook: dict[str, bytes], part: str
) -> None:
    """openpyxl could leave the file open when a part was broken (``test_workbook_parts``
    reported unclosed files): on Windows the input stays locked until collected.  The
    reader now opens and closes the file itself; checked with the collector off."""
    import gc

    demo = govperf.load_scheme(YEAR / "demo.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        path.write_bytes(_zip({**workbook, part: b"<<"}))
        fds = Path("/proc/self/fd")
        enabled = gc.isenabled()
        gc.collect()
        gc.disable()
        try:
            before = len(list(fds.iterdir()))
            with pytest.raises(govperf.DataError, match=r"not a readable \.xlsx workbook"):
                govperf.read_data(demo, path)
            assert len(list(fds.iterdir())) == before
        finally:
            if enabled:
                gc.enable()
