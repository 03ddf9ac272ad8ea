"""Write a scheme diff for a leading group: terminal text, Markdown or HTML.

The document says first how much changed, then the re-weighted nodes (points and
weights before and after), the nodes added and removed, the other changes (names,
moves, scoring methods, assessors, pools), the rules and the scheme's own facts, each
in plain words.  The same document model as the feedback reports, so HTML and Markdown
say the same thing; the text form is for ``govperf diff`` in a terminal.
"""

from __future__ import annotations

from typing import Literal

from .._labels import Lang, check_lang, label
from ..output._text import format_table
from ..scheme._diff import NodeChange, SchemeDiff
from ._render import _Block, _Document, _Heading, _Items, _Para, _render, _Table

__all__ = ["render_diff"]

Format = Literal["text", "markdown", "html"]


def _t(key: str, lang: Lang, **values: object) -> str:
    return label(f"diff.{key}", lang, **values)


def _pts(value: float | None, lang: Lang) -> str:
    return _t("pooled", lang) if value is None else f"{value:g}"


def _delta(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "—"
    d = b - a
    return f"{d:+g}" if d else "0"


def _w(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100, 1):g}%"


def _who(c: NodeChange) -> str:
    return f"{c.name} [{c.node}]"


def _other(c: NodeChange, lang: Lang) -> list[str]:
    out: list[str] = []
    sep = label("list_sep", lang)
    if "renamed" in c.kinds:
        out.append(_t("renamed", lang, node=c.node, before=c.names[0], after=c.names[1]))
    if "moved" in c.kinds:
        out.append(
            _t(
                "moved",
                lang,
                who=_who(c),
                before=c.parent_names[0] or "-",
                after=c.parent_names[1] or "-",
            )
        )
    if "evaluator" in c.kinds:
        out.append(
            _t(
                "evaluator",
                lang,
                who=_who(c),
                before=c.evaluator[0] or "-",
                after=c.evaluator[1] or "-",
            )
        )
    if "assessors" in c.kinds:
        out.append(
            _t(
                "assessors",
                lang,
                who=_who(c),
                before=sep.join(c.assessors[0]) or "-",
                after=sep.join(c.assessors[1]) or "-",
            )
        )
    if "pooled" in c.kinds:
        out.append(_t("pooled_now" if c.points[1] is None else "pooled_no_more", lang, who=_who(c)))
    return out


def _document(diff: SchemeDiff, lang: Lang) -> _Document:
    title = (
        _t("title", lang, before=diff.before_title, after=diff.after_title)
        if diff.before_title != diff.after_title
        else _t("title", lang, before=diff.before, after=diff.after)
    )
    blocks: list[_Block] = []
    added, removed = diff.of_kind("added"), diff.of_kind("removed")
    points = diff.of_kind("points")
    others = [
        line
        for c in diff.nodes
        if "added" not in c.kinds and "removed" not in c.kinds
        for line in _other(c, lang)
    ]
    if diff.empty:
        blocks.append(_Para(_t("same", lang)))
        return _Document(title=title, lang=lang, blocks=tuple(blocks))
    blocks.append(
        _Para(
            _t(
                "summary",
                lang,
                points=len(points),
                added=len(added),
                removed=len(removed),
                other=len(others),
                rules=len(diff.rules),
            )
        )
    )
    if points:
        blocks.append(_Heading(2, _t("points_heading", lang)))
        rows: list[tuple[str, ...]] = []
        for c in points:
            if c.points[0] != c.points[1] or not c.group_points:
                rows.append(
                    (
                        _who(c),
                        _pts(c.points[0], lang),
                        _pts(c.points[1], lang),
                        _delta(c.points[0], c.points[1]),
                        _w(c.weight[0]),
                        _w(c.weight[1]),
                    )
                )
            for gid, (x, y) in c.group_points.items():
                rows.append(
                    (
                        _t("for_group", lang, who=_who(c), group=gid),
                        _pts(x, lang),
                        _pts(y, lang),
                        _delta(x, y),
                        "—",
                        "—",
                    )
                )
        heads = tuple(
            _t(f"col_{k}", lang)
            for k in ("node", "before", "after", "change", "weight_before", "weight_after")
        )
        blocks.append(_Table(heads, tuple(rows), frozenset({1, 2, 3, 4, 5})))
    if added:
        blocks.append(_Heading(2, _t("added_heading", lang)))
        heads = tuple(
            _t(f"col_{k}", lang)
            for k in ("node", "parent", "points", "weight", "method", "assessors")
        )
        sep = label("list_sep", lang)
        rows = [
            (
                _who(c),
                c.parent_names[1] or "-",
                _pts(c.points[1], lang),
                _w(c.weight[1]),
                c.evaluator[1] or "-",
                sep.join(c.assessors[1]) or "-",
            )
            for c in added
        ]
        blocks.append(_Table(heads, tuple(rows), frozenset({2, 3})))
    if removed:
        blocks.append(_Heading(2, _t("removed_heading", lang)))
        heads = tuple(_t(f"col_{k}", lang) for k in ("node", "parent", "points", "weight"))
        rows = [
            (_who(c), c.parent_names[0] or "-", _pts(c.points[0], lang), _w(c.weight[0]))
            for c in removed
        ]
        blocks.append(_Table(heads, tuple(rows), frozenset({2, 3})))
    if others:
        blocks.append(_Heading(2, _t("other_heading", lang)))
        blocks.append(_Items(tuple(others)))
    if diff.rules:
        blocks.append(_Heading(2, _t("rules_heading", lang)))
        items = []
        for r in diff.rules:
            who = f"{r.name} [{r.rule}]"
            if r.kind == "added":
                items.append(_t("rule_added", lang, who=who, after=r.after))
            elif r.kind == "removed":
                items.append(_t("rule_removed", lang, who=who, before=r.before))
            else:
                items.append(_t("rule_changed", lang, who=who, before=r.before, after=r.after))
        blocks.append(_Items(tuple(items)))
    if diff.facts:
        blocks.append(_Heading(2, _t("facts_heading", lang)))
        heads = tuple(_t(f"col_{k}", lang) for k in ("fact", "before", "after"))
        rows = [(_t(f"fact_{f.fact}", lang), f.before, f.after) for f in diff.facts]
        blocks.append(_Table(heads, tuple(rows)))
    return _Document(title=title, lang=lang, blocks=tuple(blocks))


def _to_text(doc: _Document) -> str:
    lines = [doc.title, ""]
    for block in doc.blocks:
        if isinstance(block, _Heading):
            lines += ["", block.text]
        elif isinstance(block, _Para):
            lines.append(block.text)
        elif isinstance(block, _Items):
            lines += [f"  - {item}" for item in block.items]
        elif isinstance(block, _Table):
            right = [i in block.numeric for i in range(len(block.headers))]
            table = [list(block.headers), *([str(c) for c in row] for row in block.rows)]
            lines += ["  " + line for line in format_table(table, right)]
    return "\n".join(lines).rstrip() + "\n"


def render_diff(diff: SchemeDiff, format: Format = "text", lang: str = "zh") -> str:
    """The diff for a leading group: terminal ``text``, ``markdown`` or ``html``."""
    doc = _document(diff, check_lang(lang))
    if format == "text":
        return _to_text(doc)
    return _render(doc, format)
