"""Exceptions raised by govperf, and the :class:`Problem` record they carry.

Every error about a scheme or a data file carries its problems as data
(file, line, column, path, message, code, and where known the data row, unit, node and
rule) so that a web application can show each one beside the field it concerns, and
no caller ever parses a message; each renders as one clickable line::

    district.yaml 中有 3 个问题
    district.yaml:14:9: levels[0].indicators[2].points: 应为数字,实际为 '两分'

Chinese first: govperf's own messages are a key of the label catalogue with its values
(a :class:`Message`), so each renders in Chinese (the default) or English:
``problem.text("en")``, ``problem.render("en")``, ``error.render(lang="en")``.
:attr:`Problem.message` is the Chinese text; a plugin may give a plain ``message`` string
instead, which reads the same in both languages.  The ``code`` never depends on the
language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from attrs import Factory, field, frozen

from ._labels import Lang, label
from ._text import escape

__all__ = [
    "DataError",
    "GovperfError",
    "Message",
    "PluginError",
    "PluginLoadError",
    "Problem",
    "SchemeError",
    "format_path",
    "msg",
    "problems_to_dict",
]

PathElement = str | int


def _path(value: Iterable[PathElement]) -> tuple[PathElement, ...]:
    return tuple(value)


def format_path(path: Sequence[PathElement]) -> str:
    """Render a path tuple as ``levels[0].indicators[2].points``.

    Keys that are not plain identifiers are quoted: ``markers['△']``.
    """
    out = ""
    for element in path:
        if isinstance(element, int):
            out += f"[{element}]"
        elif element.isidentifier() and element.isascii():
            out += f".{element}" if out else element
        else:
            out += f"[{element!r}]"
    return out


def _frozen_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_frozen_value(v) for v in value)
    return value


@frozen
class Message:
    """A message of the label catalogue: its ``key`` and the ``values`` of its placeholders.

    Made by :func:`msg`; :meth:`text` renders it in either language.  A value may itself
    be a :class:`Message` (rendered in the same language, e.g. a "did you mean" hint) or a
    tuple (its items joined by the language's list separator, ``"、"`` or ``", "``).
    """

    key: str
    values: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: Lang | str = "zh") -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``)."""
        sep = label("list_sep", lang)

        def one(value: Any) -> Any:
            if isinstance(value, Message):
                return value.text(lang)
            if isinstance(value, tuple):
                return sep.join(str(one(v)) for v in value)
            return value

        return label(self.key, lang, **{k: one(v) for k, v in self.values})


def msg(key: str, /, **values: Any) -> Message:
    """The catalogue message ``key`` with ``values``: ``msg("problem.data.no_unit", unit="u9")``."""
    return Message(key, tuple((k, _frozen_value(v)) for k, v in values.items()))


def _chinese(problem: Problem) -> str:
    return problem.msg.text("zh") if problem.msg is not None else ""


@frozen(kw_only=True)
class Problem:
    """One problem found in a file or an object.

    ``line`` and ``column`` are 1-based and ``None`` where no position is known
    (for example, a scheme built in Python).  ``path`` locates the value inside the
    document as a tuple of keys and indexes; ``code`` is a stable machine-readable
    name of the kind of problem (``"unknown-key"``, ``"points-sum"``, …).

    Problems with evaluation data also say what they concern, where known: ``row``
    (the row's 0-based position in its data table), ``unit`` (a unit id), ``node`` (a
    node id of the scheme, such as the sub-indicator of a record) and ``rule`` (a rule
    id).  These fields are for programs; the message says the same for people.

    ``msg`` is the message as a catalogue key with values (see
    :func:`~govperf.exceptions.msg`), which
    :meth:`text` renders in Chinese or English; ``message`` is its Chinese text (filled
    from ``msg``), or, for a problem made with a plain ``message`` string (a plugin's),
    that string in either language.
    """

    msg: Message | None = None
    message: str = field(default=Factory(_chinese, takes_self=True))
    path: tuple[PathElement, ...] = field(default=(), converter=_path)
    file: str | None = None
    line: int | None = None
    column: int | None = None
    code: str = "invalid"
    row: int | None = None
    """The 0-based position of the row in its data table."""
    unit: str | None = None
    """The id of the unit concerned."""
    node: str | None = None
    """The id of the scheme node concerned (a sub-indicator, an indicator…)."""
    rule: str | None = None
    """The id of the rule concerned."""

    @property
    def location(self) -> str:
        """``file:line:column`` as far as known."""
        parts = [self.file or "<scheme>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def to_dict(self, lang: Lang | str = "zh") -> dict[str, Any]:
        """The problem as plain data (JSON-ready): every field, the path as a list and as
        ``where`` text, and ``text``, the one line :meth:`render` gives; ``message`` and
        ``text`` in ``lang`` (Chinese by default)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": list(self.path),
            "where": format_path(self.path),
            "code": self.code,
            "message": self.text(lang),
            "row": self.row,
            "unit": self.unit,
            "node": self.node,
            "rule": self.rule,
            "text": self.render(lang),
        }

    def text(self, lang: Lang | str = "zh") -> str:
        """The message alone, in ``lang`` (``"zh"``, the default, or ``"en"``)."""
        return self.msg.text(lang) if self.msg is not None else self.message

    def render(self, lang: Lang | str = "zh") -> str:
        """One line in ``lang``: ``file:line:col: path: message``.  Control and invisible
        characters (a line break or an ANSI escape in a file name or a cell) are written
        as escapes (``\\n``, ``\\x1b``), so that no problem can pose as a second line."""
        where = format_path(self.path)
        if where:
            return escape(f"{self.location}: {where}: {self.text(lang)}")
        return escape(f"{self.location}: {self.text(lang)}")

    def __str__(self) -> str:
        """:meth:`render` in Chinese."""
        return self.render("zh")


def problems_to_dict(problems: Iterable[Problem], lang: Lang | str = "zh") -> dict[str, Any]:
    """A list of problems as one JSON-ready document, the shape every command's
    ``--format json`` prints for problems: ``{"count": N, "problems": [...]}``, each
    problem as :meth:`govperf.Problem.to_dict` gives it, sorted by file and line.

    >>> doc = problems_to_dict([Problem(message="bad", file="f.yaml", line=3)])
    >>> doc["count"], doc["problems"][0]["text"]
    (1, 'f.yaml:3: bad')
    """
    listed = sorted(problems, key=_sort_key)
    return {"count": len(listed), "problems": [p.to_dict(lang) for p in listed]}


def _sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file or "", problem.line or 0, problem.column or 0, format_path(problem.path))


class GovperfError(Exception):
    """Base class of every error govperf raises on purpose."""


class _ProblemsError(GovperfError):
    """An error that lists problems, sorted by file and line."""

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems, key=_sort_key))
        self.source = source
        super().__init__(self.render())

    def render(self, limit: int | None = None, lang: Lang | str = "zh") -> str:
        """The count header and one line per problem, in ``lang`` (Chinese by default);
        with ``limit``, at most that many lines, then ``……另有 N 个问题`` (``… and N
        more``; the full list stays in ``problems``)."""
        n = len(self.problems)
        key = "problems.header_one" if n == 1 else "problems.header"
        if self.source:
            header = label(key + "_in", lang, n=n, source=escape(self.source))
        else:
            header = label(key, lang, n=n)
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [header, *(p.render(lang) for p in shown)]
        if len(shown) < n:
            lines.append(label("problems.more", lang, n=n - len(shown)))
        return "\n".join(lines)


class SchemeError(_ProblemsError):
    """A scheme file or object is invalid; ``problems`` lists every problem found."""


class DataError(_ProblemsError):
    """Evaluation data does not fit the scheme; ``problems`` lists every problem found."""


class PluginError(GovperfError):
    """A plugin name cannot be resolved: unknown, or claimed by two distributions."""


class PluginLoadError(PluginError):
    """A registered plugin failed to import; the message names the plugin, its
    distribution and its target."""
