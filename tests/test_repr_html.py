"""Jupyter display: Scheme._repr_html_ and Results._repr_html_ (escaped, self-contained)."""

from __future__ import annotations

from html.parser import HTMLParser

import govperf
from test_frames_out import SCHEME, make_data, make_results


class _Cells(HTMLParser):
    """Collects the text of every table row, and every tag and attribute seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    parser.close()
    return parser


def _self_contained(html: str) -> bool:
    parsed = _parse(html)
    return (
        not parsed.tags & {"script", "link", "img", "iframe", "style"}
        and not parsed.attrs & {"src", "href"}
        and "http" not in html
    )


def test_scheme_html_tree() -> None:
    html = govperf.loads_scheme(SCHEME)._repr_html_()
    rows = _parse(html).rows
    assert rows[0] == ["层级", "编号", "名称", "分值", "权重", "考评主体"]
    by_id = {r[1]: r for r in rows[1:]}
    # 履职效率 12 of 20 = 60.0 %; 职责任务 8 of 12 = 66.7 %; 领导考评 4 of 12 = 33.3 %
    assert by_id["eff"] == ["评价层面", "eff", "履职效率", "12", "60.0%", ""]
    assert by_id["duties"] == ["一级指标", "duties", "职责任务 (pooled)", "8", "66.7%", ""]
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
    assert _self_contained(html)


def test_xicheng_scheme_html_assessors(xicheng: govperf.Scheme) -> None:
    html = xicheng._repr_html_()
    by_id = {r[1]: r for r in _parse(html).rows[1:]}
    assert len(by_id) == 3 + 9 + 16 + 2  # nodes and rules
    # 预算执行 2 of 高效行政 6 = 33.3 %
    assert by_id["budget"][2:] == ["预算执行", "2", "33.3%", "区财政局、区审计局"]
    # 履职效率 50 of 100; 服务效果 30 of 100, implied by its indicators
    assert by_id["efficiency"][3:5] == ["50", "50.0%"]
    assert by_id["service"][3:5] == ["30", "30.0%"]
    assert "西政办发" not in html  # metadata is not part of the table
    assert "“十二五”期间西城区政府工作部门绩效管理指标体系" in html


def test_results_html_ranking() -> None:
    html = make_results()._repr_html_()
    rows = _parse(html).rows
    assert rows[0] == [
        *("名次", "单位", "单位名称", "分组", "总分", "基础分", "加分", "扣分"),
        *("等次", "评先评优资格", "一票否决"),
    ]
    # b 18.105 → 18.11 (rank 1, vetoed); a 17.205 → 17.21 with bonus 0.335 → 0.34
    assert rows[1] == [
        *("1", "b", "区乙委", "局", "18.11", "18.11", "0.00", "0.00"),
        *("优秀", "否", "安全生产责任事故"),
    ]
    assert rows[2] == [
        "2",
        "a",
        "区甲局",
        "委办",
        "17.21",
        "16.87",
        "0.34",
        "0.00",
        "合格",
        "是",
        "",
    ]
    assert "未显示" not in html
    assert _self_contained(html)


def test_results_html_escapes_names() -> None:
    data = make_data()
    data["units"][0]["name"] = "<script>alert('区')</script>"
    data["units"][1]["group"] = 'a"b&c'
    html = make_results(data)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;区&#x27;)&lt;/script&gt;" in html
    assert "a&quot;b&amp;c" in html
    rows = _parse(html).rows
    assert rows[2][2] == "<script>alert('区')</script>"  # shown as text
    assert _self_contained(html)


def test_scheme_html_escapes_names() -> None:
    text = SCHEME.replace("name: 法治建设", 'name: "<b>法治</b>"')
    html = govperf.loads_scheme(text)._repr_html_()
    assert "<b>" not in html
    assert "&lt;b&gt;法治&lt;/b&gt;" in html


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
    rows = _parse(html).rows[1:]
    assert len(rows) == 50
    assert (rows[0][0], rows[0][1], rows[0][4]) == ("1", "u52", "52.00")
    assert (rows[-1][0], rows[-1][1]) == ("50", "u03")
    assert "<p>另有 3 个单位未显示(共 53 个)。</p>" in html
