"""A YAML loader that keeps positions, and a dumper that keeps Chinese readable.

The text is *composed* (never constructed) with PyYAML's safe loader, then the node
graph is walked into plain data: dicts, lists, strings, numbers, booleans, ``None``
and dates, text in Unicode NFC.  The walk records the line and column of every value
and key under its path, rejects tags outside YAML's core schema (``!!python/object`` and friends are
never constructed), rejects duplicate keys, and stops a file full of aliases from
expanding without bound.
"""

from __future__ import annotations

from typing import Any

import yaml
from attrs import define, field

from .._text import nfc
from ..exceptions import PathElement, Problem

__all__ = ["Loaded", "dump_yaml", "load_yaml"]

MAX_NODES = 200_000
"""Upper bound on the values one document may expand to (aliases included)."""

MAX_DEPTH = 100
"""Upper bound on how deeply collections may nest (a scheme needs about ten levels)."""

_TOO_DEEP = f"the document is nested more than {MAX_DEPTH} levels deep; refusing to load it"


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__()
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing deep nesting before Python's recursion limit is reached
    (which is slow to reach and to unwind)."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_CLoader: type | None = getattr(yaml, "CSafeLoader", None)
"""libyaml's C loader (keeps line and column marks), when PyYAML was built with it."""


def _compose(text: str) -> yaml.Node | None:
    """Compose with the C loader when it is there and the file is well formed and not
    too deep; otherwise with the pure-Python loader, whose errors are the ones reported
    (so a broken file gives the same located message with or without libyaml)."""
    if _CLoader is not None:
        try:
            depth = 0
            for event in yaml.parse(text, Loader=_CLoader):  # flat events: no recursion
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    depth += 1
                    if depth > MAX_DEPTH:
                        break
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    depth -= 1
            else:
                return yaml.compose(text, Loader=_CLoader)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_Loader)


_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

Path = tuple[PathElement, ...]


@define
class Loaded:
    """Plain data with the positions of its values and keys (1-based line, column)."""

    data: Any
    file: str
    marks: dict[Path, tuple[int, int]] = field(factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(factory=dict)
    problems: list[Problem] = field(factory=list)

    def mark(self, path: Path, *, key: bool = False) -> tuple[int, int] | None:
        """The position of ``path``, or of its nearest recorded ancestor."""
        table = self.key_marks if key else self.marks
        probe = tuple(path)
        if key and probe in table:
            return table[probe]
        while True:
            if probe in self.marks:
                return self.marks[probe]
            if not probe:
                return None
            probe = probe[:-1]

    several_files = False
    """True for a variant's merged document, whose values come from several files."""

    def file_of(self, path: Path) -> str:
        """The file the value at ``path`` came from (one file here; a variant's merged
        document has several)."""
        return self.file

    def problem(self, path: Path, message: str, code: str, *, key: bool = False) -> Problem:
        """A problem located at ``path`` in this file."""
        pos = self.mark(path, key=key)
        return Problem(
            message=message,
            path=path,
            file=self.file,
            line=pos[0] if pos else None,
            column=pos[1] if pos else None,
            code=code,
        )


class _TooBig(Exception):
    pass


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def load_yaml(text: str, file: str) -> Loaded:
    """Parse ``text`` into plain data, collecting problems instead of raising."""
    out = Loaded(data=None, file=file)
    try:
        root = _compose(text)
    except _TooDeep as exc:
        out.problems.append(
            Problem(
                message=_TOO_DEEP,
                file=file,
                line=exc.mark.line + 1 if exc.mark else None,
                column=exc.mark.column + 1 if exc.mark else None,
                code="too-large",
            )
        )
        return out
    except RecursionError:
        out.problems.append(
            Problem(message=_TOO_DEEP, file=file, line=1, column=1, code="too-large")
        )
        return out
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.problem.startswith("but "):
            message = f"{exc.context}, {exc.problem}"  # 'expected a single document, but ...'
        elif exc.problem and exc.context:
            message += f" ({exc.context}"
            if exc.context_mark is not None and exc.context_mark is not mark:
                message += (
                    f" started at line {exc.context_mark.line + 1}, "
                    f"column {exc.context_mark.column + 1}"
                )
            message += ")"
        out.problems.append(
            Problem(
                message=f"YAML syntax error: {message}",
                file=file,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
                code="yaml-syntax",
            )
        )
        return out
    except yaml.YAMLError as exc:
        out.problems.append(Problem(message=f"YAML error: {exc}", file=file, code="yaml-syntax"))
        return out
    if root is None:
        out.problems.append(
            Problem(message="the file is empty", file=file, line=1, column=1, code="empty")
        )
        return out
    walker = _Walker(out)
    try:
        # Measure the expanded size on the node graph first (each distinct node once),
        # so that a billion-laughs file is refused at once instead of being walked.
        if _expanded_size(root, MAX_NODES) > MAX_NODES:
            raise _TooBig
        out.data = walker.walk(root, ())
    except RecursionError:
        out.data = None
        out.problems.append(
            Problem(message=_TOO_DEEP, file=file, line=1, column=1, code="too-large")
        )
    except _TooBig:
        out.data = None
        out.problems.append(
            Problem(
                message=f"the document expands to more than {MAX_NODES} values "
                "(too many aliases); refusing to load it",
                file=file,
                line=1,
                column=1,
                code="too-large",
            )
        )
    return out


def _expanded_size(root: yaml.Node, limit: int) -> int:
    """How many values ``root`` expands to with aliases followed (capped at ``limit + 1``).

    Each distinct node is measured once, so this is linear in the size of the file.
    A node that contains itself counts once; the walk reports the cycle.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            return 1
        total = 1
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
            active.add(key)
            children = (
                node.value if isinstance(node, yaml.SequenceNode) else [v for _, v in node.value]
            )
            for child in children:
                total += size(child)
                if total > limit:
                    break
            active.discard(key)
        sizes[key] = min(total, limit + 1)
        return sizes[key]

    return size(root)


class _Walker:
    def __init__(self, out: Loaded) -> None:
        self.out = out
        self.count = 0
        self.active: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def _problem(self, node: yaml.Node, path: Path, message: str, code: str) -> None:
        line, col = _pos(node)
        self.out.problems.append(
            Problem(
                message=message, path=path, file=self.out.file, line=line, column=col, code=code
            )
        )

    def walk(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        self.out.marks.setdefault(path, _pos(node))
        if id(node) in self.active:
            self._problem(node, path, "an alias refers to a value that contains it", "alias-cycle")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                self._problem(
                    node, path, f"the tag {node.tag!r} is not allowed in a scheme file", "yaml-tag"
                )
                return None
            try:
                value = self.constructor.construct_object(node, deep=True)
                return nfc(value) if isinstance(value, str) else value
            except Exception as exc:  # e.g. '!!bool maybe', '!!int ""'
                self._problem(
                    node,
                    path,
                    f"cannot read the value {node.value!r}: {_reason(exc, node)}",
                    "yaml-value",
                )
                return None
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != _SEQ_TAG:
                    self._problem(
                        node,
                        path,
                        f"the tag {node.tag!r} is not allowed in a scheme file",
                        "yaml-tag",
                    )
                    return None
                return [self.walk(child, (*path, i)) for i, child in enumerate(node.value)]
            assert isinstance(node, yaml.MappingNode)
            if node.tag != _MAP_TAG:
                self._problem(
                    node, path, f"the tag {node.tag!r} is not allowed in a scheme file", "yaml-tag"
                )
                return None
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(
                    key_node,
                    path,
                    "merge keys ('<<') are not supported; write the keys out",
                    "yaml-merge",
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self._problem(key_node, path, "a mapping key must be plain text", "yaml-key")
                continue
            try:
                key = self.constructor.construct_object(key_node)
            except Exception as exc:  # e.g. a key '2013-13-45'
                self._problem(
                    key_node,
                    path,
                    f"cannot read the key {key_node.value!r}: {_reason(exc, key_node)}",
                    "yaml-key",
                )
                continue
            if not isinstance(key, str):
                self._problem(
                    key_node, path, f"a mapping key must be text, got {key!r}", "yaml-key"
                )
                continue
            key = nfc(key)
            kpath = (*path, key)
            if key in first:
                line, col = first[key]
                self._problem(
                    key_node,
                    kpath,
                    f"duplicate key {key!r} (first defined at line {line}, column {col})",
                    "duplicate-key",
                )
                continue
            first[key] = _pos(key_node)
            self.out.key_marks[kpath] = _pos(key_node)
            result[key] = self.walk(value_node, kpath)
        return result


def _reason(exc: Exception, node: yaml.Node) -> str:
    """Why a scalar could not be constructed, in a few words."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
        return exc.problem
    if isinstance(exc, ValueError) and str(exc):
        return str(exc)
    return f"not a valid value for the tag {node.tag!r}"


class _Dumper(yaml.SafeDumper):
    """Safe dumper with indented lists and block style for long or multi-line text."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(data: Any) -> str:
    """Dump plain data as block YAML, Chinese kept as written (not escaped)."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
