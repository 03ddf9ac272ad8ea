"""Helpers shared by the test files: plain data as JSON carries it, and reading the HTML
that ``_repr_html_`` writes (table cells, tags and attributes)."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

__all__ = ["jsonable", "parse_html", "self_contained"]


def jsonable(value: Any) -> Any:
    """Plain data as JSON would carry it: tuples become lists, dates ISO text."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


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


def parse_html(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    parser.close()
    return parser


def self_contained(html: str) -> bool:
    parsed = parse_html(html)
    return (
        not parsed.tags & {"script", "link", "img", "iframe", "style"}
        and not parsed.attrs & {"src", "href"}
        and "http" not in html
    )
