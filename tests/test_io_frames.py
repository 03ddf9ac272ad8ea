"""data_from_frames: tidy DataFrames (the file layout) to EvaluationData.

Scheme tests/data/years/demo.yaml; the same figures as demo_ok (see test_io_read.py):
a 1.9 + 2 + 1.7 + 3.68 = 9.28, bonus 0.5 → 9.78; b 1.6 + 1 + 1.3 + 3.2 = 7.1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import govperf


def _records() -> pd.DataFrame:
    rows = [
        ("a", "d1", 95.0, None, np.nan, None, np.nan),
        ("b", "d1", 80.0, None, np.nan, None, np.nan),
        ("a", "b1", 92.0, None, np.nan, None, np.nan),
        ("b", "b1", 75.0, None, np.nan, None, np.nan),
        ("a", "r1", np.nan, "L1", 80.0, None, np.nan),
        ("a", "r1", np.nan, "L2", 90.0, None, np.nan),
        ("b", "r1", np.nan, "L1", 60.0, None, np.nan),
        ("b", "r1", np.nan, "L2", 70.0, None, np.nan),
        ("a", "s1", np.nan, None, np.nan, "satisfied", 8.0),
        ("a", "s1", np.nan, None, np.nan, "fair", 2.0),
        ("a", "s1", np.nan, None, np.nan, "unknown", 5.0),
        ("b", "s1", np.nan, None, np.nan, "satisfied", 5.0),
        ("b", "s1", np.nan, None, np.nan, "fair", 5.0),
        ("b", "s1", np.nan, None, np.nan, "unknown", 0.0),
    ]
    frame: pd.DataFrame = pd.DataFrame(
        rows, columns=["unit", "sub_indicator", "value", "rater", "score", "category", "count"]
    )
    return frame


def test_one_tidy_frame(demo: govperf.Scheme) -> None:
    data = govperf.data_from_frames(
        units=pd.DataFrame({"单位编号": ["a", "b"], "单位名称": ["甲局", "乙委"]}),
        records=_records(),
        events=pd.DataFrame({"unit": ["a"], "rule": ["bonus"], "item": ["x"], "points": [0.5]}),
    )
    # each sub-indicator keeps only the columns with a value in its rows
    assert set(data.records["d1"].columns) == {"value"}
    assert set(data.records["s1"].columns) == {"category", "count"}
    assert data.records["r1"].origin == ("records[4]", "records[5]", "records[6]", "records[7]")
    r = govperf.score(demo, data)
    assert r.unit("a").total == 9.78
    assert r.unit("b").total == 7.1


def test_mapping_of_frames_and_origins_in_problems(demo: govperf.Scheme) -> None:
    records: dict[str, pd.DataFrame] = {
        str(sub): frame.drop(columns=["sub_indicator"]).reset_index(drop=True)
        for sub, frame in _records().groupby("sub_indicator", sort=False)
    }
    records["d1"] = pd.DataFrame({"unit": ["a", "b", "zz"], "value": [95.0, 80.0, 10.0]})
    data = govperf.data_from_frames(
        units=pd.DataFrame({"unit": ["a", "b"], "name": ["甲局", "乙委"], "remark": ["", ""]}),
        records=records,
    )
    problems = [p.render("en") for p in govperf.check_data(demo, data)]
    assert problems == ["records['d1'][2]: d1: records of 依法行政 [d1]: unknown unit 'zz'"]


def test_rows_with_only_keys_are_not_submitted(demo: govperf.Scheme) -> None:
    frame = _records()
    b = frame["unit"] == "b"
    frame.loc[b, ["value", "score"]] = np.nan
    frame.loc[b, "rater"] = None
    frame.loc[frame["unit"].eq("a") & frame["sub_indicator"].eq("s1"), "count"] = np.nan
    frame.loc[b & frame["category"].eq("fair"), "count"] = np.nan  # row 12
    data = govperf.data_from_frames(
        units=pd.DataFrame({"unit": ["a", "b"], "name": ["甲局", "乙委"]}), records=frame
    )
    d1, r1, s1 = (data.records[k].unit for k in ("d1", "r1", "s1"))
    assert d1 is not None
    assert r1 is not None
    assert s1 is not None
    assert list(d1) == ["a"]
    assert list(r1) == ["a", "a"]
    # a's survey rows only name categories: not submitted; b gave two counts, so its
    # category without a count is kept and reported, not read as 0
    assert list(s1) == ["b", "b", "b"]
    problems = [p.render("en") for p in govperf.check_data(demo, data)]
    assert problems == [
        "records[12]: s1: 满意度 [s1], unit b (乙委): count is missing (empty or NaN)",
        "records: d1: no data for unit b (乙委) on 依法行政 [d1] (assessors: 甲办)",
        "records: b1: no data for unit b (乙委) on 按时办结率 [b1] (assessors: 甲办)",
        "records: r1: no data for unit b (乙委) on 领导考评 [r1] (assessors: 丙办)",
        "records: s1: no data for unit a (甲局) on 满意度 [s1] (assessors: 乙办)",
    ]


def test_frame_problems(demo: govperf.Scheme) -> None:
    with pytest.raises(govperf.DataError) as info:
        govperf.data_from_frames(
            units=pd.DataFrame({"unit": ["a", "a", "b"], "name": ["甲局", "甲局", None]}),
            records=pd.DataFrame({"unit": ["a"], "sub_indicator": [None], "value": [1.0]}),
            events={"bonus": pd.DataFrame({"unit": ["a"], "rule": ["other"], "item": ["x"]})},
        )
    assert [str(p) for p in info.value.problems] == [
        "events['bonus'][0]: the row says rule 'other' but is listed under 'bonus'",
        "records[0]: the sub_indicator cell is empty",
        "units[1]: unit 'a' is listed twice: here and at units[0]",
        "units[2]: empty name",
    ]
    with pytest.raises(govperf.DataError, match="needs the columns unit and name"):
        govperf.data_from_frames(units=pd.DataFrame({"id": ["a"]}))
    with pytest.raises(govperf.DataError, match="needs a 'sub_indicator' column"):
        govperf.data_from_frames(
            units=pd.DataFrame({"unit": ["a"], "name": ["甲"]}),
            records=pd.DataFrame({"unit": ["a"], "value": [1.0]}),
        )


def test_splits_frame(xicheng: govperf.Scheme) -> None:
    splits = pd.DataFrame(
        {
            "unit": ["a", "a"],
            "sub_indicator": ["key_tasks", "main_duties"],
            "points": [35.0, np.nan],  # main_duties left empty: not submitted
        }
    )
    data = govperf.data_from_frames(
        units=pd.DataFrame({"unit": ["a"], "name": ["甲局"]}), splits=splits
    )
    assert data.splits is not None
    assert list(data.splits.columns["points"]) == [35.0]
    assert data.splits.origin == ("splits[0]",)
    problems = [p for p in govperf.check_data(xicheng, data) if p.code == "missing-split"]
    assert [p.message for p in problems] == [
        "unit a (甲局) has no split for main_duties (pool 职责任务 [duties], 45 points)"
    ]


def test_unit_ids_typed_as_numbers_and_blank_text(demo: govperf.Scheme) -> None:
    data = govperf.data_from_frames(
        units=pd.DataFrame({"unit": [101, 102], "name": [" 甲局 ", "乙委"]}),
        records=pd.DataFrame(
            {
                "unit": [101.0, 102.0, np.nan],
                "sub_indicator": ["d1", "d1", " "],  # a row of empty cells is no row
                "value": [95.0, 80.0, np.nan],
            }
        ),
    )
    assert data.units.ids == ("101", "102")
    assert data.units.names == ("甲局", "乙委")
    table = data.records["d1"]
    assert table.unit is not None
    assert table.unit.tolist() == ["101", "102"]
    assert table.positions is not None
    assert table.positions.tolist() == [0, 1]
    assert list(table.origin or ()) == ["records[0]", "records[1]"]


def test_an_empty_key_cell_is_reported() -> None:
    with pytest.raises(govperf.DataError) as info:
        govperf.data_from_frames(
            units=pd.DataFrame({"unit": ["a"], "name": ["甲局"]}),
            records=pd.DataFrame({"unit": ["a"], "sub_indicator": ["  "], "value": [1.0]}),
        )
    assert [str(p) for p in info.value.problems] == ["records[0]: the sub_indicator cell is empty"]


def test_key_runs_and_spaced_ids_bind_like_every_cell_read_alone() -> None:
    """Long runs of one sub-indicator (the run shortcut of the factorisation), ids with
    spaces around them and a blank unit cell: the tables and positions are those of
    reading every cell on its own."""
    from govperf.io._frames import _factorize

    n = 200
    units = pd.DataFrame({"unit": [f"u{i}" for i in range(n)], "name": ["名"] * n})
    ids = [f" u{i}" if i % 7 == 0 else f"u{i}" for i in range(n)]
    records = pd.DataFrame(
        {
            "unit": ids * 2,
            "sub_indicator": ["s1"] * n + [" s2"] * (n - 1) + ["s1"],
            "value": np.arange(2 * n, dtype=float),
        }
    )
    data = govperf.data_from_frames(units=units, records=records)
    assert list(data.records) == ["s1", "s2"]
    s1, s2 = data.records["s1"], data.records["s2"]
    assert s1.positions is not None
    assert s2.positions is not None
    assert s1.positions.tolist() == [*range(n), n - 1]
    assert s2.positions.tolist() == list(range(n - 1))
    assert s1.columns["value"].tolist()[-2:] == [n - 1.0, 2 * n - 1.0]
    assert s1.unit is not None
    assert s1.unit[0] == "u0"  # stripped
    codes, uniques = _factorize(records["sub_indicator"])
    assert list(uniques) == ["s1", " s2"]
    assert codes.tolist() == [0] * n + [1] * (n - 1) + [0]
