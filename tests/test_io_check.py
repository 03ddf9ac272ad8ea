"""check_data on a path: read problems and the engine's, every one with file and row.

The scheme is tests/data/years/demo.yaml: d1 direct (scale 100, 2 points) and b1 bands
(2 points) by 甲办, r1 raters by 丙办, s1 survey by 乙办.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import govperf
from samples import YEARS


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_every_problem_at_once_with_file_and_row(demo: govperf.Scheme) -> None:
    folder = YEARS / "demo_bad"
    before = _snapshot(folder)
    problems = govperf.check_data(demo, folder)
    rendered = sorted(p.render("en") for p in problems)
    assert rendered == sorted(
        [
            # a NaN cell: refused while reading, at its row and column
            "甲办-value.csv:3: value: 依法行政 [d1]: 'NaN' is not a number",
            # an unknown unit
            "甲办-value.csv:7: unit: unknown unit 'z' (not in the units table)",
            # 150% is 150 on the 0…100 scale of d1: the engine's range check
            "甲办-value.csv:2: d1: 依法行政 [d1], unit a (甲局): value 150 is above the "
            "maximum 100",
            # 120% is in none of the bands [0, 60), [60, 90), [90, 100]
            "甲办-value.csv:4: b1: 按时办结率 [b1], unit a (甲局): value 120 is in no band "
            "([0, 60), [60, 90), [90, 100])",
            # b1 given twice for unit b (rows 5 and 6): the second is reported, naming the first
            "甲办-value.csv:6: b1: records of 按时办结率 [b1]: unit b (乙委) has more than one row"
            " (first at 甲办-value.csv:5)",
            # 乙办 sent no file: every unit of its sub-indicator is missing, naming 乙办
            "records: s1: no data for unit a (甲局) on 满意度 [s1] (assessors: 乙办)",
            "records: s1: no data for unit b (乙委) on 满意度 [s1] (assessors: 乙办)",
        ]
    )
    # unit b's d1 row had a reading error: it is not reported missing a second time
    assert not any("unit b (乙委) on 依法行政" in r for r in rendered)
    assert _snapshot(folder) == before  # byte-identical, same modification times


def test_read_data_raises_reading_problems_only(demo: govperf.Scheme) -> None:
    folder = YEARS / "demo_bad"
    before = _snapshot(folder)
    with pytest.raises(govperf.DataError) as info:
        govperf.read_data(demo, folder)
    assert [(p.file, p.line, p.code) for p in info.value.problems] == [
        ("甲办-value.csv", 3, "not-a-number"),
        ("甲办-value.csv", 7, "unknown-unit"),
    ]
    assert str(info.value).startswith(f"{folder} 中有 2 个问题\n")
    assert info.value.render(lang="en").startswith(f"2 problems in {folder}\n")
    assert _snapshot(folder) == before


def test_complete_folder_has_no_problems(demo: govperf.Scheme) -> None:
    assert govperf.check_data(demo, YEARS / "demo_ok") == []
    assert govperf.check_data(demo, str(YEARS / "demo_ok")) == []


def _fill(path: Path, values: dict[tuple[str, str, str], str], column: str) -> None:
    """Fill ``column`` of the template rows keyed by (unit, sub_indicator, category)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        key = (row["unit"], row["sub_indicator"], row.get("category") or "")
        if key in values:
            row[column] = values[key]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_template_rows_left_empty_are_reported_as_not_submitted(
    demo: govperf.Scheme, tmp_path: Path
) -> None:
    govperf.write_template(demo, tmp_path, units=[("a", "甲局"), ("b", "乙委")], lang="en")
    # 甲办 fills d1 and b1 for a only; 乙办 fills a's survey and one category of b's.
    _fill(
        tmp_path / "甲办-value.csv",
        {("a", "d1", ""): "90", ("a", "b1", ""): "95"},
        "value",
    )
    _fill(
        tmp_path / "乙办-survey.csv",
        {
            ("a", "s1", "satisfied"): "3",
            ("a", "s1", "fair"): "1",
            ("a", "s1", "unknown"): "0",
            ("b", "s1", "satisfied"): "4",
        },
        "count",
    )
    problems = sorted(p.render("en") for p in govperf.check_data(demo, tmp_path))
    assert problems == sorted(
        [
            # template rows: a d1 (line 2), b d1 (3), a b1 (4), b b1 (5)
            "甲办-value.csv:3: no data for unit b (乙委) on 依法行政 [d1] (assessors: 甲办): "
            "not submitted (the template row is empty)",
            "甲办-value.csv:5: no data for unit b (乙委) on 按时办结率 [b1] (assessors: 甲办): "
            "not submitted (the template row is empty)",
            # 丙办 sent its template back untouched: one row per unit
            "丙办-raters.csv:2: no data for unit a (甲局) on 领导考评 [r1] (assessors: 丙办): "
            "not submitted (the template row is empty)",
            "丙办-raters.csv:3: no data for unit b (乙委) on 领导考评 [r1] (assessors: 丙办): "
            "not submitted (the template row is empty)",
            # survey rows: a satisfied/fair/unknown (2-4), b satisfied/fair/unknown (5-7);
            # b's other categories are empty while satisfied is filled: never read as 0
            "乙办-survey.csv:6: 满意度 [s1]: empty count while other rows of unit b are "
            "filled (write 0 where there is nothing to count)",
            "乙办-survey.csv:7: 满意度 [s1]: empty count while other rows of unit b are "
            "filled (write 0 where there is nothing to count)",
        ]
    )


def test_missing_path_and_wrong_file_kind(demo: govperf.Scheme, tmp_path: Path) -> None:
    [gone] = govperf.check_data(demo, tmp_path / "nowhere")
    assert (gone.code, gone.message) == ("not-found", "没有这个文件或文件夹")
    assert gone.text("en") == "no such file or folder"
    single = tmp_path / "units.csv"
    single.write_text("unit,name\na,甲局\n", encoding="utf-8")
    [kind] = govperf.check_data(demo, single)
    assert kind.code == "unsupported-file"
    (tmp_path / "empty").mkdir()
    [none] = govperf.check_data(demo, tmp_path / "empty")
    assert none.code == "no-files"


def test_check_data_still_takes_evaluation_data(demo: govperf.Scheme) -> None:
    data = govperf.read_data(demo, YEARS / "demo_ok")
    assert govperf.check_data(demo, data) == []
    assert govperf.check_data(demo, data.to_dict()) == []
