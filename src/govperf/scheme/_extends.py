"""Scheme variants: a scheme file that ``extends:`` another and says only what differs.

A variant names its parent (a bundled scheme by name, or a file by a path relative to
the variant) and changes it in four ways, applied in this order::

    extends: xicheng_2013          # or: extends: ../base/district.yaml
    id: fengtai_2014               # a top-level key replaces the parent's value
    title: 丰台区2014年绩效管理指标体系
    remove: [disclosure]           # node or rule ids, removed with their children
    override:                      # by node or rule id: each key replaces the parent's
      lawful_admin: {points: 6}
      petitions: {points: 4}
    add:                           # new nodes (under a node id; no ``under``: top tier)
      - under: efficient_admin
        after: informatization     # optional: placed after this sibling (default: last)
        node: {id: ..., name: ..., points: ..., evaluator: ..., assessors: ...}
      - rule: {id: ..., kind: deduction, ...}   # a new rule, after the parent's rules

A key given in ``override`` replaces that key of the node or rule as a whole (a rule's
``params`` is written out in full); ``null`` removes the key.  The merged document is
validated as a whole, like any scheme file, and every problem is located in the file
its content came from: the variant's own lines for what it says, the parent's for what
it inherits.  A budget that no longer adds up because the variant removed or added a
child is located at that ``remove``/``add`` entry.  ``extends`` may chain (a variant
of a variant); a cycle is an error.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
from attrs import define, field

from ..exceptions import Message, Problem, msg
from ._yaml import Loaded
from ._yaml import Path as DocPath

__all__ = ["MAX_EXTENDS_DEPTH", "VARIANT_KEYS", "Merged", "resolve_extends"]

VARIANT_KEYS = ("extends", "override", "remove", "add")
"""The keys of a variant that are instructions, not scheme content."""

MAX_EXTENDS_DEPTH = 16
"""The longest chain of ``extends`` followed (a variant of a variant of …)."""

_TOP_KEYS = ("levels", "nodes")
_CHILD_KEYS = ("indicators", "sub_indicators", "children")

Reader = Callable[[str, "Path | None"], tuple[str, str, str, "Path | None"]]
"""Reads a parent: ``(reference, folder of the child) → (text, display, key, folder)``;
``key`` identifies the file for cycle detection.  Raises ``SchemeError``."""

Parser = Callable[[str, str], Loaded]
"""Parses text into a :class:`Loaded` (positions kept)."""


@define
class Merged(Loaded):
    """A merged document whose values come from several files.

    ``files`` gives, per path, the file its value came from (paths not listed came
    from :attr:`file`, the variant).
    """

    files: dict[DocPath, str] = field(factory=dict)
    several_files = True

    def file_of(self, path: DocPath) -> str:
        """The file the value at ``path`` (or its nearest placed ancestor) came from."""
        probe = tuple(path)
        while probe not in self.marks and probe:
            probe = probe[:-1]
        return self.files.get(probe, self.file)

    def problem(self, path: DocPath, message: str, code: str, *, key: bool = False) -> Problem:
        """A problem located at ``path`` in the file the value came from."""
        probe = tuple(path)
        table = self.key_marks if key and probe in self.key_marks else self.marks
        while probe not in table and probe:
            probe = probe[:-1]
            table = self.marks
        pos = table.get(probe)
        return Problem(
            message=message,
            path=path,
            file=self.files.get(probe, self.file),
            line=pos[0] if pos else None,
            column=pos[1] if pos else None,
            code=code,
        )


def _problem(
    loaded: Loaded, path: DocPath, key: str, code: str, *, at_key: bool = False, **values: Any
) -> Problem:
    """A problem at ``path`` whose message is the catalogue's ``extends.<key>``, so that it
    renders in Chinese (the default) or English."""
    message = msg(f"extends.{key}", **values)
    found = loaded.problem(path, message.text("zh"), code, key=at_key)
    return attrs.evolve(found, msg=message)


def _file_of(loaded: Loaded, path: DocPath) -> str:
    return loaded.files.get(path, loaded.file) if isinstance(loaded, Merged) else loaded.file


_Source = tuple[Loaded, DocPath]


class _Builder:
    """The merge, with the origin (file and path) of every value it places."""

    def __init__(self, child: Loaded) -> None:
        self.child = child
        self.problems: list[Problem] = []
        self.containers: dict[int, _Source] = {}
        self.keys: dict[tuple[int, str], _Source] = {}
        self.budget: dict[int, _Source] = {}
        """Nodes (or the document) whose children the variant changed: their points."""
        self._alive: list[Any] = []

    # -- copying with origins -------------------------------------------------------

    def copy(self, value: Any, loaded: Loaded, path: DocPath) -> Any:
        if isinstance(value, dict):
            out: Any = {k: self.copy(v, loaded, (*path, k)) for k, v in value.items()}
        elif isinstance(value, list):
            out = [self.copy(v, loaded, (*path, i)) for i, v in enumerate(value)]
        else:
            return value
        self.containers[id(out)] = (loaded, path)
        self._alive.append(out)
        return out

    def put(self, target: dict[str, Any], key: str, value: Any, path: DocPath) -> None:
        """Set ``target[key]`` to the variant's ``value`` found at ``path``."""
        target[key] = self.copy(value, self.child, path)
        self.keys[(id(target), key)] = (self.child, path)

    def add(
        self, path: DocPath, what: str, code: str, *, at_key: bool = False, **values: object
    ) -> None:
        """A problem of the variant at ``path``: the catalogue message ``extends.<what>``."""
        self.problems.append(_problem(self.child, path, what, code, at_key=at_key, **values))

    # -- placing: the marks of the merged document -----------------------------------

    def place(self, data: Any, origin: _Source) -> Merged:
        out = Merged(data=data, file=self.child.file)
        self._place(data, (), origin, out)
        return out

    def _place(self, value: Any, path: DocPath, origin: _Source, out: Merged) -> None:
        loaded, src = origin
        pos = loaded.marks.get(src)
        if pos is not None:
            out.marks[path] = pos
            out.files[path] = _file_of(loaded, src)
        kpos = loaded.key_marks.get(src)
        if kpos is not None:
            out.key_marks[path] = kpos
        if isinstance(value, dict):
            for key, child in value.items():
                where = self.keys.get((id(value), key)) or self.containers.get(id(child))
                self._place(child, (*path, key), where or (loaded, (*src, key)), out)
            moved = self.budget.get(id(value))
            if moved is not None:  # its children changed: a budget problem is the variant's
                for key in ("points", "total_points", "points_by_group"):
                    if key in value and (id(value), key) not in self.keys:
                        op_loaded, op_path = moved
                        at = op_loaded.marks.get(op_path)
                        if at is not None:
                            here = (*path, key)
                            out.marks[here] = at
                            out.files[here] = _file_of(op_loaded, op_path)
        elif isinstance(value, list):
            for i, child in enumerate(value):
                where = self.containers.get(id(child))
                self._place(child, (*path, i), where or (loaded, (*src, i)), out)


def _tree(
    data: dict[str, Any],
) -> Iterator[tuple[dict[str, Any], list[Any], dict[str, Any] | None, int]]:
    """Every node of the document: ``(node, the list holding it, its parent, depth)``."""
    stack: list[tuple[list[Any], dict[str, Any] | None, int]] = []
    for key in _TOP_KEYS:
        if isinstance(data.get(key), list):
            stack.append((data[key], None, 0))
    while stack:
        items, parent, depth = stack.pop()
        for item in items:
            if not isinstance(item, dict):
                continue
            yield item, items, parent, depth
            for key in _CHILD_KEYS:
                if isinstance(item.get(key), list):
                    stack.append((item[key], item, depth + 1))


def _index(
    data: dict[str, Any],
) -> tuple[
    dict[str, tuple[dict[str, Any], list[Any], dict[str, Any] | None, int]],
    dict[str, tuple[dict[str, Any], list[Any]]],
]:
    nodes: dict[str, tuple[dict[str, Any], list[Any], dict[str, Any] | None, int]] = {}
    for node, items, parent, depth in _tree(data):
        if isinstance(node.get("id"), str):
            nodes.setdefault(node["id"], (node, items, parent, depth))
    rules: dict[str, tuple[dict[str, Any], list[Any]]] = {}
    if isinstance(data.get("rules"), list):
        for rule in data["rules"]:
            if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                rules.setdefault(rule["id"], (rule, data["rules"]))
    return nodes, rules


def _hint(name: str, known: list[str]) -> Message | str:
    close = difflib.get_close_matches(name, known, n=1)
    return msg("extends.did_you_mean", id=close[0]) if close else ""


def _child_key(node: dict[str, Any], depth: int, generic: bool) -> str:
    for key in _CHILD_KEYS:
        if isinstance(node.get(key), list):
            return key
    if generic:
        return "children"
    return _CHILD_KEYS[min(depth, 2)]


def _merge(b: _Builder, parent: Loaded, child: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = b.copy(parent.data, parent, ())
    # 1. top-level keys replace the parent's
    for key, value in child.items():
        if key in VARIANT_KEYS:
            continue
        if key in _TOP_KEYS:
            for other in _TOP_KEYS:
                data.pop(other, None)
        b.put(data, key, value, (key,))
    # 2. remove
    removed: dict[str, int] = {}
    gone = child.get("remove")
    if gone is not None and not isinstance(gone, list):
        b.add(("remove",), "remove_type", "type")
        gone = []
    for i, ident in enumerate(gone or ()):
        nodes, rules = _index(data)
        if not isinstance(ident, str):
            b.add(("remove", i), "id_type", "type")
            continue
        if ident in nodes:
            node, items, owner, _ = nodes[ident]
            items.remove(node)
            b.budget[id(owner if owner is not None else data)] = (b.child, ("remove", i))
        elif ident in rules:
            rule, items = rules[ident]
            items.remove(rule)
        else:
            b.add(
                ("remove", i),
                "unknown_id",
                "unknown-id",
                id=ident,
                hint=_hint(ident, [*nodes, *rules]),
            )
            continue
        removed[ident] = i
    # 3. override
    over = child.get("override")
    if over is not None and not isinstance(over, dict):
        b.add(("override",), "override_type", "type")
        over = {}
    nodes, rules = _index(data)
    for ident, changes in (over or {}).items():
        if ident in nodes:
            target: dict[str, Any] = nodes[ident][0]
        elif ident in rules:
            target = rules[ident][0]
        elif ident in removed:
            b.add(
                ("override", ident),
                "override_removed",
                "unknown-id",
                at_key=True,
                id=ident,
                i=removed[ident],
            )
            continue
        else:
            hint = _hint(str(ident), [*nodes, *rules])
            b.add(("override", ident), "unknown_id", "unknown-id", at_key=True, id=ident, hint=hint)
            continue
        if not isinstance(changes, dict):
            b.add(("override", ident), "changes_type", "type")
            continue
        for key, value in changes.items():
            if value is None:
                target.pop(key, None)
                continue
            if key in _CHILD_KEYS:
                for other in _CHILD_KEYS:
                    target.pop(other, None)
            b.put(target, key, value, ("override", ident, key))
    # 4. add
    new = child.get("add")
    if new is not None and not isinstance(new, list):
        b.add(("add",), "add_type", "type")
        new = []
    generic = "nodes" in data
    for i, entry in enumerate(new or ()):
        _add_one(b, data, entry, i, generic)
    return data


def _add_one(b: _Builder, data: dict[str, Any], entry: Any, i: int, generic: bool) -> None:
    where = ("add", i)
    if not isinstance(entry, dict) or ("node" in entry) == ("rule" in entry):
        b.add(where, "add_entry", "type")
        return
    extra = sorted(set(entry) - {"under", "after", "node", "rule"})
    for key in extra:
        b.add((*where, key), "add_key", "unknown-key", at_key=True, name=key)
    if extra:
        return
    nodes, rules = _index(data)
    if "rule" in entry:
        rule = entry["rule"]
        ident = rule.get("id") if isinstance(rule, dict) else None
        if isinstance(ident, str) and ident in rules:
            b.add((*where, "rule", "id"), "add_exists", "duplicate-id", id=ident)
            return
        if not isinstance(data.get("rules"), list):
            b.put(data, "rules", [], (*where, "rule"))
        data["rules"].append(b.copy(rule, b.child, (*where, "rule")))
        return
    node = entry["node"]
    ident = node.get("id") if isinstance(node, dict) else None
    if isinstance(ident, str) and ident in nodes:
        b.add((*where, "node", "id"), "add_exists", "duplicate-id", id=ident)
        return
    under = entry.get("under")
    if under is None:
        key = "nodes" if generic else "levels"
        if not isinstance(data.get(key), list):
            b.put(data, key, [], (*where, "node"))
        items: list[Any] = data[key]
        owner: dict[str, Any] = data
    elif isinstance(under, str) and under in nodes:
        owner, _, _, depth = nodes[under]
        key = _child_key(owner, depth, generic)
        if not isinstance(owner.get(key), list):
            b.put(owner, key, [], (*where, "node"))
        items = owner[key]
    else:
        hint = _hint(str(under), list(nodes))
        b.add((*where, "under"), "unknown_node", "unknown-id", id=under, hint=hint)
        return
    at = len(items)
    after = entry.get("after")
    if after is not None:
        siblings = [n.get("id") for n in items if isinstance(n, dict)]
        if after not in siblings:
            known = [s for s in siblings if isinstance(s, str)]
            hint = _hint(str(after), known)
            b.add((*where, "after"), "unknown_sibling", "unknown-id", id=after, hint=hint)
            return
        at = siblings.index(after) + 1
    items.insert(at, b.copy(node, b.child, (*where, "node")))
    b.budget[id(owner)] = (b.child, where)


def resolve_extends(
    loaded: Loaded,
    folder: Path | None,
    read: Reader,
    parse: Parser,
    chain: tuple[tuple[str, str], ...] = (),
) -> Loaded:
    """The document of ``loaded`` with its ``extends`` resolved (``loaded`` itself when it
    extends nothing).

    ``folder`` is where a relative parent path is looked up (the variant's own folder);
    ``chain`` holds ``(key, display)`` of the files that led here, the variant's own
    first, for finding cycles.  Problems of the merge are in ``problems`` of the
    result, located in the file that caused them; the result is not yet validated.
    """
    data = loaded.data
    if not isinstance(data, dict):
        return loaded
    if "extends" not in data:
        for key in [k for k in VARIANT_KEYS if k in data]:
            loaded.problems.append(
                _problem(loaded, (key,), "without_extends", "unknown-key", at_key=True, name=key)
            )
            del data[key]
        return loaded
    ref = data["extends"]
    if not isinstance(ref, str) or not ref.strip():
        loaded.problems.append(_problem(loaded, ("extends",), "ref_type", "type"))
        return loaded
    from ..exceptions import SchemeError

    try:
        text, display, key, parent_folder = read(ref, folder)
    except SchemeError as exc:
        why = "; ".join(p.message for p in exc.problems)
        loaded.problems.append(
            _problem(loaded, ("extends",), "unreadable", "not-found", ref=ref, why=why)
        )
        return loaded
    here = chain or ((loaded.file, loaded.file),)
    if any(key == k for k, _ in here):
        names = " → ".join([*(d for _, d in here), display])
        loaded.problems.append(
            _problem(loaded, ("extends",), "cycle", "extends-cycle", chain=names)
        )
        return loaded
    if len(here) >= MAX_EXTENDS_DEPTH:
        loaded.problems.append(
            _problem(loaded, ("extends",), "too_deep", "too-large", n=MAX_EXTENDS_DEPTH)
        )
        return loaded
    parent = resolve_extends(
        parse(text, display), parent_folder, read, parse, (*here, (key, display))
    )
    if parent.problems:  # the parent cannot be used: its own problems, where they are
        loaded.problems.extend(parent.problems)
        return loaded
    if not isinstance(parent.data, dict):
        loaded.problems.append(_problem(loaded, ("extends",), "not_mapping", "type", ref=ref))
        return loaded
    builder = _Builder(loaded)
    merged_data = _merge(builder, parent, data)
    merged = builder.place(merged_data, (parent, ()))
    merged.problems.extend(loaded.problems)
    merged.problems.extend(builder.problems)
    return merged
