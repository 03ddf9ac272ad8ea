"""docs/evaluators.md documents every built-in evaluator and every one of its parameters."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import attrs
import pytest

from govperf._plugins import evaluators

DOC = (Path(__file__).parent.parent / "docs" / "evaluators.md").read_text(encoding="utf-8")
BUILT_IN = sorted(
    ep.name
    for ep in entry_points(group="govperf.evaluators")
    if ep.value.startswith("govperf.evaluators.")
)


def section(kind: str) -> str:
    match = re.search(rf"^## `{kind}`\n(.*?)(?=^## |\Z)", DOC, flags=re.M | re.S)
    assert match is not None, f"docs/evaluators.md has no section '## `{kind}`'"
    return match.group(1)


def test_every_built_in_is_listed() -> None:
    assert len(BUILT_IN) >= 13
    for kind in BUILT_IN:
        assert f"| [`{kind}`](#{kind}) |" in DOC, kind


@pytest.mark.parametrize("kind", BUILT_IN)
def test_every_parameter_has_a_row_and_there_is_a_worked_example(kind: str) -> None:
    text = section(kind)
    params = evaluators.get(kind).Params
    for a in attrs.fields(params):
        assert f"| `{a.alias}` |" in text, (kind, a.alias)
    assert f"kind: {kind}" in text, kind
    assert ">>> points(" in text, kind
