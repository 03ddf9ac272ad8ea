"""Hypothesis strategies that build valid :class:`govperf.Scheme` objects, and test data.

Leaf points are drawn as multiples of 0.5 (exact in binary, so sums are exact) and
summed upward: every indicator, level and the scheme total add up by construction.
Some indicators are pooled (their sub-indicators carry no points).  Names are
Chinese; other text mixes in strings that YAML would read as something else
(``yes``, ``null``, dates, ``#`` …) to exercise the dumper's quoting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from govperf import (
    Assessor,
    Indicator,
    Level,
    Metadata,
    RuleSpec,
    Scheme,
    Scoring,
    SubIndicator,
)

__all__ = ["schemes"]

MARKER = "△"

_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_punct = st.sampled_from(list("“”〔〕、,。:()《》"))
chinese = st.text(alphabet=st.one_of(_cjk, _cjk, _cjk, _punct), min_size=1, max_size=10)
"""Chinese names: mostly CJK ideographs, some full-width punctuation."""

_tricky = st.sampled_from(
    [
        "yes",
        "no",
        "on",
        "null",
        "~",
        "true",
        "2013-06-21",
        "1e3",
        "0x1F",
        "12",
        "- a",
        "a: b",
        "#c",
        "'",
        '"',
        "@x",
        "%x",
        "!x",
        "&a",
        "*a",
        "[",
        "{",
        " lead",
        "trail ",
        "x\ny",
        "多行\n文本\n",
        "西城区 “5+2”机构",
    ]
)
_ascii = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20)
text = st.one_of(chinese, _tricky, _ascii.filter(bool))
"""Free text (content, notes, English names)."""


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


assessors = st.lists(
    st.builds(Assessor, name=chinese, name_en=_opt(text), role=_opt(text)), max_size=2
)
half_points = st.integers(min_value=1, max_value=40).map(lambda k: k / 2)


@st.composite
def schemes(draw: st.DrawFn) -> Scheme:
    """A valid scheme: 1-3 levels, 1-3 indicators each, 1-3 sub-indicators each."""
    shape = draw(
        st.lists(
            st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=3),
            min_size=1,
            max_size=3,
        )
    )
    n_nodes = sum(1 + len(inds) + sum(inds) for inds in shape)
    n_rules = draw(st.integers(min_value=0, max_value=2))
    ids = iter(
        draw(
            st.lists(
                st.from_regex(r"[a-z][a-z0-9_\-]{0,7}", fullmatch=True),
                min_size=n_nodes + n_rules + 1,
                max_size=n_nodes + n_rules + 1,
                unique=True,
            )
        )
    )
    use_marker = draw(st.booleans())
    levels = []
    for inds in shape:
        level_id = next(ids)
        indicators = []
        for n_subs in inds:
            ind_id = next(ids)
            pooled = draw(st.booleans()) and n_subs > 1
            subs = [
                SubIndicator(
                    id=next(ids),
                    name=draw(chinese),
                    name_en=draw(_opt(text)),
                    points=None if pooled else draw(half_points),
                    marker=MARKER if use_marker and draw(st.booleans()) else None,
                    content=draw(_opt(text)),
                    assessors=draw(assessors),
                    note=draw(_opt(text)),
                )
                for _ in range(n_subs)
            ]
            points = (
                draw(half_points) if pooled else sum(s.points for s in subs if s.points is not None)
            )
            indicators.append(
                Indicator(
                    id=ind_id,
                    name=draw(chinese),
                    name_en=draw(_opt(text)),
                    points=points,
                    pooled=pooled,
                    note=draw(_opt(text)),
                    sub_indicators=subs,
                )
            )
        levels.append(
            Level(
                id=level_id,
                name=draw(chinese),
                name_en=draw(_opt(text)),
                points=sum(i.points for i in indicators),
                note=draw(_opt(text)),
                indicators=indicators,
            )
        )
    rules = []
    for i in range(n_rules):
        if i == 0:
            params: dict[str, Any] = {"cap": draw(half_points)}
            kind = "bonus"
        else:
            params = {
                "effect": draw(st.sampled_from(["exclude_from_awards", "zero_total"])),
                "open_triggers": True,
            }
            kind = "veto"
        rules.append(
            RuleSpec(
                id=next(ids),
                name=draw(chinese),
                kind=kind,
                content=draw(_opt(text)),
                assessors=draw(assessors),
                params=params,
            )
        )
    scheme_id = next(ids)
    node_ids = [n.id for n in Scheme(id="x", title="x", total_points=1, levels=levels).iter_nodes()]
    dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
    return Scheme(
        id=scheme_id,
        title=draw(chinese),
        title_en=draw(_opt(text)),
        total_points=sum(level.points for level in levels),
        metadata=Metadata(
            jurisdiction=draw(_opt(chinese)),
            document_number=draw(_opt(text)),
            issue_date=draw(_opt(dates)),
            notes=draw(st.lists(text, max_size=2)),
        ),
        markers={MARKER: draw(chinese)} if use_marker else {},
        scoring=Scoring(
            precision=draw(st.integers(min_value=0, max_value=6)),
            tie_break=draw(st.lists(st.sampled_from(node_ids), max_size=2, unique=True)),
        ),
        levels=levels,
        rules=rules,
    )
