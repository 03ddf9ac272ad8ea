"""Jupyter display of results: Results._repr_html_ (ranking, escaped, self-contained)."""

from __future__ import annotations

import govperf
from helpers import parse_html, self_contained
from samples import output_data, score_output


def test_results_html_ranking() -> None:
    html = score_output()._repr_html_()
    rows = parse_html(html).rows
    assert rows[0] == [
        *("名次", "单位", "单位名称", "分组", "总分", "基础分", "加分", "扣分"),
        *("等次", "评先评优资格", "一票否决"),
    ]
    # b 18.105 → 18.11 (rank 1, vetoed); a 16.88 + 0.34 = 17.22 (published base: 10.38 + 6.50)
    assert rows[1] == [
        *("1", "b", "区乙委", "局", "18.11", "18.11", "0.00", "0.00"),
        *("优秀", "否", "安全生产责任事故"),
    ]
    assert rows[2] == [
        "2",
        "a",
        "区甲局",
        "委办",
        "17.22",
        "16.88",
        "0.34",
        "0.00",
        "合格",
        "是",
        "",
    ]
    assert "未显示" not in html
    assert self_contained(html)


def test_results_html_escapes_names() -> None:
    data = output_data()
    data["units"][0]["name"] = "<script>alert('区')</script>"
    data["units"][1]["group"] = 'a"b&c'
    html = score_output(data)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;区&#x27;)&lt;/script&gt;" in html
    assert "a&quot;b&amp;c" in html
    rows = parse_html(html).rows
    assert rows[2][2] == "<script>alert('区')</script>"  # shown as text
    assert self_contained(html)


def test_results_html_shows_first_50() -> None:
    n = 53
    units = [{"id": f"u{i:02d}", "name": f"单位{i}"} for i in range(n)]
    sch = govperf.loads_scheme(
        "schema_version: 1\nid: t\ntitle: 五十三个单位\ntotal_points: 100\nlevels:\n"
        "  - {id: l, name: 层, points: 100, indicators: [{id: i, name: 指, points: 100, "
        "sub_indicators: [{id: s, name: 子, points: 100, evaluator: {kind: direct}}]}]}\n"
    )
    # unit i scores i points: u52 is first, u03 is the 50th, u02 … u00 are not shown
    data = {"units": units, "records": {"s": {"value": [float(i) for i in range(n)]}}}
    html = govperf.score(sch, data)._repr_html_()
    rows = parse_html(html).rows[1:]
    assert len(rows) == 50
    assert (rows[0][0], rows[0][1], rows[0][4]) == ("1", "u52", "52.00")
    assert (rows[-1][0], rows[-1][1]) == ("50", "u03")
    assert "<p>另有 3 个单位未显示(共 53 个)。</p>" in html
