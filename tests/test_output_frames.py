"""Results.to_frame: wide and tidy DataFrames, published (half up) and exact figures.

The scheme and data are :data:`samples.OUTPUT_SCHEME` (figures computed by hand in
its docstring) and :func:`samples.xicheng_data`.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import pandas as pd
import pytest

import govperf
from samples import OUTPUT_NODE_IDS, output_data, score_output, xicheng_data


def test_wide_zh_columns_and_published_values(output_results: govperf.Results) -> None:
    df = output_results.to_frame()
    assert df.index.name == "单位"
    assert list(df.index) == ["a", "b"]  # input order
    assert list(df.columns) == [
        "单位名称",
        "分组",
        "履职效率",
        "职责任务",
        "重点任务完成效率",
        "主要职责履行效率",
        "领导考评 [lead]",  # the indicator and the sub-indicator share the name
        "领导考评 [lead_rating]",
        "服务效果",
        "依法行政",
        "法治建设",
        "基础分",
        "加分",
        "扣分",
        "总分",
        "名次",
        "等次",
        "评先评优资格",
        "一票否决",
    ]
    a, b = df.loc["a"], df.loc["b"]
    assert (a["单位名称"], a["分组"]) == ("区甲局", "委办")
    # half up: 7.125 → 7.13, 3.245 → 3.25, 0.335 → 0.34; parents are sums of the
    # published children: 履职效率 7.13 + 3.25 = 10.38, base 16.88, total 16.88 + 0.34
    assert a["职责任务"] == 7.13
    assert a["重点任务完成效率"] == 4.13
    assert a["领导考评 [lead_rating]"] == 3.25
    assert a["履职效率"] == 10.38
    assert (a["基础分"], a["加分"], a["扣分"], a["总分"]) == (16.88, 0.34, 0.0, 17.22)
    assert (a["名次"], a["等次"], a["评先评优资格"], a["一票否决"]) == (2, "合格", True, "")
    # b: 7.005 → 7.01 (not 7.0); 18.105 → 18.11
    assert b["法治建设"] == 7.01
    assert b["服务效果"] == 7.01
    assert b["总分"] == 18.11
    assert (b["名次"], b["等次"], b["评先评优资格"]) == (1, "优秀", False)
    assert b["一票否决"] == "安全生产责任事故"


def test_wide_dtypes(output_results: govperf.Results) -> None:
    df = output_results.to_frame()
    assert df["总分"].dtype == float
    assert df["名次"].dtype == "Int64"
    assert df["评先评优资格"].dtype == bool


def test_wide_exact_values(output_results: govperf.Results) -> None:
    df = output_results.to_frame(published=False)
    assert df.loc["a", "重点任务完成效率"] == 4.125
    assert df.loc["a", "领导考评 [lead_rating]"] == pytest.approx(3.245)
    assert df.loc["a", "总分"] == pytest.approx(17.205)  # 16.87 + 0.335
    assert df.loc["b", "法治建设"] == 7.005
    assert df.loc["b", "总分"] == pytest.approx(18.105)  # 3.5 + 4 + 3.6 + 7.005
    assert df.loc["b", "总分"] != 18.11


def test_wide_en_uses_ids(output_results: govperf.Results) -> None:
    df = output_results.to_frame(lang="en")
    assert df.index.name == "unit"
    assert list(df.columns) == [
        "name",
        "group",
        *OUTPUT_NODE_IDS,
        *("base", "bonus", "deductions", "total", "rank", "grade"),
        *("award_eligible", "vetoes"),
    ]
    assert df.loc["a", "lead_rating"] == 3.25
    assert df.loc["b", "vetoes"] == "accident"  # trigger ids in English
    assert df.loc["a", "name"] == "区甲局"  # unit names stay Chinese


def test_tidy_zh(output_results: govperf.Results) -> None:
    df = output_results.to_frame("tidy")
    assert list(df.columns) == [
        *("单位", "单位名称", "指标编号", "指标名称", "层级"),
        *("得分", "满分", "得分率"),
    ]
    assert len(df) == 2 * 9  # 2 units × 9 nodes
    assert list(df["指标编号"][:9]) == OUTPUT_NODE_IDS  # tree order
    tasks = df[(df["单位"] == "a") & (df["指标编号"] == "tasks")].iloc[0]
    # a's pooled maximum is its split, 5; share = 4.13 / 5 = 0.826
    assert (tasks["指标名称"], tasks["层级"]) == ("重点任务完成效率", "二级指标")
    assert (tasks["得分"], tasks["满分"]) == (4.13, 5.0)
    assert tasks["得分率"] == pytest.approx(0.826)
    b_tasks = df[(df["单位"] == "b") & (df["指标编号"] == "tasks")].iloc[0]
    assert (b_tasks["得分"], b_tasks["满分"]) == (3.5, 4.0)  # b's split is 4
    levels = df[df["单位"] == "a"].set_index("指标编号")["层级"]
    assert (levels["eff"], levels["duties"], levels["law"]) == ("评价层面", "一级指标", "二级指标")
    eff = df[(df["单位"] == "b") & (df["指标编号"] == "eff")].iloc[0]
    assert (eff["得分"], eff["满分"]) == (11.1, 12.0)  # 3.5 + 4 + 3.6


def test_tidy_en_exact(output_results: govperf.Results) -> None:
    df = output_results.to_frame("tidy", lang="en", published=False)
    assert list(df.columns) == [
        *("unit", "unit_name", "node", "node_name", "level"),
        *("points", "max_points", "share"),
    ]
    row = df[(df["unit"] == "a") & (df["node"] == "tasks")].iloc[0]
    assert row["share"] == pytest.approx(0.825)  # 4.125 / 5, exact
    lead = df[(df["unit"] == "a") & (df["node"] == "lead_rating")].iloc[0]
    assert (lead["node_name"], lead["level"]) == ("Leadership rating", "sub-indicator")
    law = df[(df["unit"] == "a") & (df["node"] == "law")].iloc[0]
    assert law["node_name"] == "法治建设"  # no name_en: the Chinese name


def test_missing_points_are_nan() -> None:
    data = output_data()
    data["records"]["law"] = data["records"]["law"][:1]  # b has no law record
    r = score_output(data, missing="redistribute")
    df = r.to_frame()
    assert df["法治建设"].isna().tolist() == [False, True]
    # 服务效果 is not applicable to b: its 8 points go to 履职效率 (12 → 20):
    # (3.5 + 4 + 3.6) × 20 / 12 = 18.5
    assert df.loc["b", "履职效率"] == 18.5
    tidy = r.to_frame("tidy")
    law = tidy[(tidy["单位"] == "b") & (tidy["指标编号"] == "law")].iloc[0]
    assert math.isnan(law["得分"])
    assert math.isnan(law["得分率"])


def test_bad_kind_and_lang(output_results: govperf.Results) -> None:
    with pytest.raises(ValueError, match="kind must be 'wide' or 'tidy'"):
        output_results.to_frame("long")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang must be 'zh' or 'en'"):
        output_results.to_frame(lang="fr")  # type: ignore[arg-type]


def test_without_pandas_names_the_extra(
    output_results: govperf.Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(ImportError, match=r"pip install govperf\[pandas\]"):
        output_results.to_frame()


def test_xicheng_wide(xicheng: govperf.Scheme) -> None:
    df = govperf.score(xicheng, xicheng_data()).to_frame()
    cols = list(df.columns)
    # tree order: 履职效率, 职责任务 and its two sub-indicators, then 领导考评 twice
    assert cols[2:8] == [
        "履职效率",
        "职责任务",
        "重点任务完成效率",
        "主要职责履行效率",
        "领导考评 [leadership]",
        "领导考评 [leadership_rating]",
    ]
    assert cols[-8:] == [
        "基础分",
        "加分",
        "扣分",
        "总分",
        "名次",
        "等次",
        "评先评优资格",
        "一票否决",
    ]
    assert len(cols) == 2 + 3 + 9 + 16 + 8
    a = df.loc["a"]
    # a: leaders mean(80, 85) = 82.5 → 4.125 → 4.13; base 97.525 → 97.53;
    # bonus 3 + 4 capped at 5; total 102.525 → 102.53
    assert a["领导考评 [leadership_rating]"] == 4.13
    assert (a["基础分"], a["加分"], a["总分"], a["名次"]) == (97.53, 5.0, 102.53, 1)
    # 履职效率 = 35 + 10 + 4.125 = 49.125 → 49.13
    assert a["履职效率"] == 49.13
    assert df.loc["b", "一票否决"] == "安全生产责任事故"
    assert list(df["名次"]) == [1, 2, 2, 4]  # b and c tie at 92.65


def test_frame_matches_unit_results(xicheng: govperf.Scheme) -> None:
    r = govperf.score(xicheng, xicheng_data())
    df = r.to_frame(lang="en")
    for uid in r.units:
        unit = r.unit(uid)
        row: pd.Series[Any] = df.loc[uid]
        assert {k: row[k] for k in unit.points} == dict(unit.points)
        assert row["total"] == unit.total
