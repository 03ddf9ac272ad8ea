"""A year's parameters without copying the scheme: overrides merged into rules and evaluators.

An overrides mapping (or YAML file) is keyed by the id of a rule or of a leaf with an
evaluator, and gives parameters that replace the scheme's for that year::

    grades:
      quotas:
        - {grade: 优秀, max_share: 0.25}

Each given parameter replaces the scheme's parameter of that name as a whole (a list
such as ``quotas`` is written out in full); parameters not given keep the scheme's
values.  The merged scheme is validated again, and every problem is located in the
overrides: ``2025-params.yaml:3:7: grades.quotas[0].max_sharee: ...``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..exceptions import PathElement, Problem, SchemeError
from ._load import SchemeSource, _parse, _read, scheme_to_dict
from ._model import Scheme
from ._yaml import Loaded, load_yaml

__all__ = ["with_params"]

_Path = tuple[PathElement, ...]


def _load_params(source: SchemeSource) -> Loaded:
    """Read an overrides YAML file with the scheme loader (safe, positions kept).

    Raises :class:`~govperf.exceptions.SchemeError` for a file that cannot be read or
    is not YAML, located in that file.
    """
    text, display = _read(Path(source))
    loaded = load_yaml(text, display)
    if loaded.problems:
        raise SchemeError(loaded.problems, display)
    return loaded


def _targets(data: dict[str, Any]) -> dict[str, _Path]:
    """Where the params of each rule and each leaf's evaluator are, by id."""
    found: dict[str, _Path] = {}
    for i, rule in enumerate(data.get("rules") or ()):
        if isinstance(rule, dict) and isinstance(rule.get("id"), str):
            found[rule["id"]] = ("rules", i, "params")

    def walk(value: Any, path: _Path) -> Iterator[tuple[str, _Path]]:
        if isinstance(value, dict):
            if isinstance(value.get("id"), str) and isinstance(value.get("evaluator"), dict):
                yield value["id"], (*path, "evaluator", "params")
            for key, child in value.items():
                if key not in ("rules", "evaluator"):
                    yield from walk(child, (*path, key))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                yield from walk(child, (*path, i))

    for ident, path in walk(data, ()):
        found.setdefault(ident, path)
    return found


def with_params(
    scheme: Scheme,
    overrides: Mapping[str, Any] | SchemeSource,
    source: str = "<overrides>",
) -> Scheme:
    """A new scheme with ``overrides`` (``{rule_or_node_id: {param: value}}``) merged in.

    ``overrides`` is a mapping, or the path of a YAML file of one (read with the same
    safe loader as scheme files, so problems carry its line and column).

    An id names a rule or a leaf that has an evaluator; each parameter given replaces
    the scheme's parameter of that name.  The result is validated as a whole, so a
    misspelt parameter, a wrong value or an unknown id raises
    :class:`~govperf.exceptions.SchemeError` listing every problem, each located in the
    overrides (the file, or ``source`` for a mapping) with the path
    ``id.param``.  ``scheme`` itself is not changed.
    """
    if isinstance(overrides, Mapping):
        given = Loaded(dict(overrides), source)
    else:
        given = _load_params(overrides)
    data = scheme_to_dict(scheme)
    targets = _targets(data)
    problems: list[Problem] = []
    if not isinstance(given.data, dict):
        problems.append(
            given.problem((), "an overrides file must map rule or node ids to parameters", "type")
        )
        raise SchemeError(problems, given.file)
    # Positions of the overrides, re-keyed to where each value lands in the scheme.
    merged = Loaded(data=data, file=given.file)
    back: dict[_Path, _Path] = {}
    for ident, params in given.data.items():
        where = targets.get(ident)
        if where is None:
            known = ", ".join(sorted(targets)) or "none"
            problems.append(
                given.problem(
                    (ident,),
                    f"no rule or evaluator with the id {ident!r} (known: {known})",
                    "unknown-id",
                    key=True,
                )
            )
            continue
        if not isinstance(params, dict):
            problems.append(
                given.problem((ident,), "expected a mapping of parameters to values", "type")
            )
            continue
        spec: dict[str, Any] = data
        for step in where[:-1]:
            spec = spec[step]  # type: ignore[index]
        spec["params"] = {**(spec.get("params") or {}), **params}
        back[where] = (ident,)
        for table, mine in ((given.marks, merged.marks), (given.key_marks, merged.key_marks)):
            for path, pos in table.items():
                if path[:1] == (ident,) and len(path) > 1:
                    mine[where + path[1:]] = pos
        mine_pos = given.mark((ident,))
        if mine_pos is not None:
            merged.marks[where] = mine_pos
    result, found = _parse(merged)
    problems.extend(_relocate(p, back, given.file) for p in found)
    if problems or result is None:
        raise SchemeError(problems, given.file)
    return result


def _relocate(problem: Problem, back: Mapping[_Path, _Path], file: str) -> Problem:
    """The problem with its path given from the overrides (``id.param``) when it is in one."""
    for where, ident in back.items():
        if problem.path[: len(where)] == where:
            return attrs.evolve(problem, path=(*ident, *problem.path[len(where) :]), file=file)
    return problem
