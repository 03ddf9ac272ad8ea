"""Jupyter display of a scheme: Scheme._repr_html_ (the tree, weights, escaped, self-contained)."""

from __future__ import annotations

import govperf
from helpers import parse_html, self_contained
from samples import OUTPUT_SCHEME as SCHEME


def test_scheme_html_tree() -> None:
    html = govperf.loads_scheme(SCHEME)._repr_html_()
    rows = parse_html(html).rows
    assert rows[0] == ["层级", "编号", "名称", "分值", "权重", "考评主体"]
    by_id = {r[1]: r for r in rows[1:]}
    # 履职效率 12 of 20 = 60.0 %; 职责任务 8 of 12 = 66.7 %; 领导考评 4 of 12 = 33.3 %
    assert by_id["eff"] == ["评价层面", "eff", "履职效率", "12", "60.0%", ""]
    assert by_id["duties"] == ["一级指标", "duties", "职责任务(共享分值)", "8", "66.7%", ""]
    assert by_id["lead"][3:5] == ["4", "33.3%"]
    # pooled sub-indicators: points and weight come with each year's data
    assert by_id["tasks"][:5] == [
        "二级指标",
        "tasks",
        "重点任务完成效率",
        "随年度数据",
        "随年度数据",
    ]
    assert by_id["law"][3:5] == ["8", "100.0%"]
    assert [r[1] for r in rows[1:10]] == [
        *("eff", "duties", "tasks", "main", "lead", "lead_rating"),
        *("svc", "law_ind", "law"),
    ]
    assert by_id["veto"][:3] == ["规则 (veto)", "veto", "行政问责"]
    assert self_contained(html)


def test_xicheng_scheme_html_assessors(xicheng: govperf.Scheme) -> None:
    html = xicheng._repr_html_()
    by_id = {r[1]: r for r in parse_html(html).rows[1:]}
    assert len(by_id) == 3 + 9 + 16 + 2  # nodes and rules
    # 预算执行 2 of 高效行政 6 = 33.3 %
    assert by_id["budget"][2:] == ["预算执行", "2", "33.3%", "区财政局、区审计局"]
    # 履职效率 50 of 100; 服务效果 30 of 100, implied by its indicators
    assert by_id["efficiency"][3:5] == ["50", "50.0%"]
    assert by_id["service"][3:5] == ["30", "30.0%"]
    assert "西政办发" not in html  # metadata is not part of the table
    assert "“十二五”期间西城区政府工作部门绩效管理指标体系" in html


def test_scheme_html_escapes_names() -> None:
    text = SCHEME.replace("name: 法治建设", 'name: "<b>法治</b>"')
    html = govperf.loads_scheme(text)._repr_html_()
    assert "<b>" not in html
    assert "&lt;b&gt;法治&lt;/b&gt;" in html
