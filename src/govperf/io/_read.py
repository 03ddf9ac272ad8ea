"""Read one year's evaluation from a folder of files, a workbook or a JSON file.

Order of work:

1. every file is read into raw tables (:mod:`._tables`): a folder's ``*.csv``,
   ``*.xlsx`` and ``*.json`` files, or the one workbook or JSON file given;
2. each table is given its kind: ``units`` and ``splits`` by name, records by a
   ``sub_indicator`` column, events by a ``rule`` column; headers are mapped to
   column names and checked against the scheme's evaluators and rules;
3. every row is checked and parsed (numbers, text, empty cells, unknown units,
   sub-indicators and rules); rows left empty from a template are "not submitted";
4. rows are grouped into :class:`~govperf.EvaluationData` tables, each row keeping
   its origin (``file.csv:12``) for the engine's messages.

Every problem found is collected; :func:`read_data` raises them all at once.
Files are opened read-only and never changed.
"""

from __future__ import annotations

import csv
import difflib
import gc
import io
import itertools
import json
import operator
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
from attrs import define, field, frozen

from .. import _labels
from .._labels import LABELS
from .._limits import DEFAULT_LIMITS, Limits
from .._text import identifier_problem, nfc
from ..data._data import EvaluationData, Origins, Table, Units
from ..exceptions import DataError, Message, Problem, msg
from ..scheme._model import Scheme
from ..scoring._compile import CompiledScheme, compile_scheme
from ..scoring._missing import _missing_problem
from ._tables import (
    ALIASES,
    INFO_COLUMNS,
    Cell,
    RawTable,
    _decode,
    canonical_header,
    is_empty,
    over_limit,
    parse_number,
    parse_text,
    read_csv,
)
from ._workbook import WORKBOOK_SUFFIXES, is_note, read_workbook

__all__ = ["check_path", "read_data", "read_units"]

Kind = Literal["units", "splits", "records", "events"]
KEY_COLUMNS = frozenset({"category"})
"""Record columns a template fills in beforehand (survey categories): not values."""

SUFFIXES = (".csv", *WORKBOOK_SUFFIXES, ".json")
"""The files a data folder's reader reads: CSV, workbooks (.xlsx, .xls, .et) and JSON."""


@frozen(kw_only=True)
class _Row:
    """One data row: where it came from and its cells by column name."""

    origin: str
    file: str
    line: int | None
    path: tuple[str | int, ...]
    cells: Mapping[str, Cell]

    def problem(self, message: str | Message, code: str, column: str | None = None) -> Problem:
        path = self.path if column is None else (*self.path, column)
        return Problem(
            msg=message if isinstance(message, Message) else None,
            message=message if isinstance(message, str) else message.text("zh"),
            file=self.file,
            line=self.line,
            path=path,
            code=code,
            unit=self.text("unit"),
            node=self.text("sub_indicator"),
            rule=self.text("rule"),
        )

    def text(self, column: str) -> str | None:
        return parse_text(self.cells.get(column))


@frozen(kw_only=True)
class _Sheet:
    kind: Kind
    source: str
    rows: tuple[_Row, ...]
    columns: tuple[str, ...] | None = None
    """The table's column names (``None`` for JSON rows, whose keys vary by row)."""


@frozen
class _Words:
    """What a text column may say: each word and the id it stands for (an id stands for
    itself and wins over a name that happens to equal it); names of several ids."""

    ids: Mapping[str, str]
    shared: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> _Words:
        by_text: dict[str, list[str]] = {}
        own = set()
        for text, ident in pairs:
            own.add(ident)
            found = by_text.setdefault(nfc(text).strip(), [])
            if ident not in found:
                found.append(ident)
        ids = {t: (t if t in own else found[0]) for t, found in by_text.items()}
        shared = {t: tuple(f) for t, f in by_text.items() if len(f) > 1 and t not in own}
        return cls({t: i for t, i in ids.items() if t not in shared}, shared)

    def resolve(self, text: str, what: str, label: str | None) -> tuple[str | None, Message | None]:
        """The id ``text`` stands for, or why it stands for none (unknown or ambiguous)."""
        ident = self.ids.get(text)
        if ident is not None:
            return ident, None
        head = msg("problem.read.in", label=label) if label else ""
        if text in self.shared:
            return None, msg(
                "problem.read.shared_name",
                head=head,
                what=_what(what),
                text=text,
                ids=self.shared[text],
            )
        hint = did_you_mean(text, self.ids, cutoff=0.5)
        known = tuple(dict.fromkeys(self.ids.values()))
        shown = (*known[:20], "…") if len(known) > 20 else known
        return None, msg(
            "problem.read.unknown_word",
            head=head,
            what=_what(what),
            text=text,
            hint=hint,
            known=shown,
        )


def did_you_mean(text: str, choices: Iterable[str], cutoff: float = 0.6) -> Message | str:
    """``; did you mean 'value'?`` for the (up to three) choices nearest to ``text``, or
    ``""``: the near-miss hint of every unknown name in data files (ids, names, unit ids,
    column headers, table names), as the scheme loader gives for unknown keys."""
    close = difflib.get_close_matches(text, list(dict.fromkeys(choices)), n=3, cutoff=cutoff)
    return msg("problem.did_you_mean", names=tuple(close)) if close else ""


def _what(name: str) -> Message | str:
    """A column or a kind of thing as a message names it (类别 for ``category``)."""
    key = f"problem.what.{name}"
    return msg(key) if key in LABELS else name


def _vocabulary(plugin: Any, params: Any) -> dict[str, _Words]:
    """The words of the plugin's text columns (a plugin without ``vocabulary``: none)."""
    get = getattr(plugin, "vocabulary", None)
    if get is None:
        return {}
    return {column: _Words.of(pairs) for column, pairs in get(params).items()}


def _names(things: Iterable[Any]) -> _Words:
    """Scheme objects (nodes, rules) by id, name and English name."""
    pairs: list[tuple[str, str]] = []
    for thing in things:
        pairs.append((thing.id, thing.id))
        pairs.extend((n, thing.id) for n in (thing.name, thing.name_en) if n)
    return _Words.of(pairs)


@frozen(kw_only=True)
class _Spec:
    """The columns one sub-indicator's evaluator or one rule reads, and the words its
    text columns may hold (names resolved to ids at reading time)."""

    label: str
    required: Mapping[str, str]
    optional: Mapping[str, str]
    words: Mapping[str, _Words] = field(factory=dict)

    @property
    def all(self) -> dict[str, str]:
        return {**self.required, **self.optional}


class _Context:
    """What the scheme says about the tables: columns per sub-indicator and rule."""

    def __init__(self, compiled: CompiledScheme) -> None:
        self.compiled = compiled
        self.leaves = {
            leaf.sub.id: _Spec(
                label=f"{leaf.sub.name} [{leaf.sub.id}]",
                required=dict(leaf.plugin.columns),
                optional=dict(leaf.plugin.optional_columns),
                words=_vocabulary(leaf.plugin, leaf.params),
            )
            for leaf in compiled.leaves
        }
        self.leaf_names = _names(leaf.sub for leaf in compiled.leaves)
        self.rule_names = _names(compiled.scheme.rule(step.id) for step in compiled.rules)
        self.rules = {
            step.id: _Spec(
                label=f"{compiled.scheme.rule(step.id).name} [{step.id}]",
                required=dict(step.plugin.columns),
                optional=dict(step.plugin.optional_columns),
                words=_vocabulary(step.plugin, step.params),
            )
            for step in compiled.rules
        }
        info = set(INFO_COLUMNS)
        self.allowed: dict[Kind, list[str]] = {
            "units": ["unit", "name", "group", *INFO_COLUMNS],
            "splits": ["unit", "sub_indicator", "points", "note", *INFO_COLUMNS],
            "records": _ordered(
                ["unit", "sub_indicator"], (c for s in self.leaves.values() for c in s.all), info
            ),
            "events": _ordered(
                ["unit", "rule"], (c for s in self.rules.values() for c in s.all), info
            ),
        }


def _ordered(first: list[str], more: Iterable[str], last: set[str]) -> list[str]:
    out = list(first)
    for name in more:
        if name not in out:
            out.append(name)
    return out + [c for c in INFO_COLUMNS if c in last and c not in out]


@define
class ReadResult:
    """What reading found: the data (if it could be built) and every problem.

    ``not_submitted`` maps (unit, sub-indicator) pairs left empty from a template to
    the first such row; ``reported`` holds pairs whose rows had errors (the
    completeness check does not report them again).
    """

    label: str
    data: EvaluationData | None = None
    problems: list[Problem] = field(factory=list)
    not_submitted: dict[tuple[str, str], _Row] = field(factory=dict)
    reported: set[tuple[str, str]] = field(factory=set)
    ignored: list[str] = field(factory=list)
    """Note sheets and files skipped (``book.xlsx[说明]``, ``#草稿.csv``)."""


# -- collecting tables ---------------------------------------------------------------


def _data_files(folder: Path, ignore: Sequence[str]) -> tuple[list[Path], list[Path]]:
    """The data files of a folder by name, and the note files among them (skipped).

    Hidden files and Excel's lock files (``~$book.xlsx``) are no files at all.
    """
    files = [
        f
        for f in sorted(folder.iterdir(), key=lambda p: p.name)
        if f.is_file() and not f.name.startswith((".", "~$")) and f.suffix.lower() in SUFFIXES
    ]
    notes = [f for f in files if is_note(f.stem, ignore)]
    return [f for f in files if f not in notes], notes


def _collect(
    ctx: _Context,
    source: Path,
    result: ReadResult,
    limits: Limits = DEFAULT_LIMITS,
    ignore: Sequence[str] = (),
) -> list[_Sheet]:
    sheets: list[_Sheet] = []
    if source.is_dir():
        files, notes = _data_files(source, ignore)
        result.ignored += [f.name for f in notes]
        if not files:
            result.problems.append(
                Problem(
                    msg=msg(
                        "problem.read.no_files",
                        besides=msg("problem.read.besides_notes") if notes else "",
                    ),
                    file=result.label,
                    code="no-files",
                )
            )
        outside = [f for f in files if _leaves(source, f)]
        for f in outside:
            result.problems.append(
                Problem(
                    msg=msg("problem.read.outside_link"),
                    file=f.name,
                    code="outside-link",
                )
            )
        files = [f for f in files if f not in outside]
    elif source.is_file():
        if source.suffix.lower() not in (*WORKBOOK_SUFFIXES, ".json"):
            result.problems.append(
                Problem(
                    msg=msg("problem.read.give_folder"),
                    file=result.label,
                    code="unsupported-file",
                )
            )
            return sheets
        files = [source]
    else:
        result.problems.append(
            Problem(msg=msg("problem.read.not_found"), file=result.label, code="not-found")
        )
        return sheets
    for path in files:
        label = path.name
        suffix = path.suffix.lower()
        try:
            if (big := _too_big(path, label, limits)) is not None:
                result.problems.append(big)
                continue
            if suffix == ".json":
                sheets += _json_sheets(ctx.allowed, path, label, result.problems, limits=limits)
                continue
            if suffix == ".csv":
                table, found = read_csv(path, label, limits)
                raws = [] if table is None else [table]
            else:
                raws, found = read_workbook(path, label, limits)
                result.ignored += [r.source for r in raws if is_note(r.name, ignore)]
                raws = [r for r in raws if not is_note(r.name, ignore)]
                if raws and all(r.is_blank for r in raws):
                    found = [
                        Problem(
                            msg=msg("problem.read.empty_book"),
                            file=label,
                            code="empty-file",
                        )
                    ]
        except OSError as exc:
            result.problems.append(
                Problem(
                    msg=msg("problem.read.cannot_read", why=exc.strerror or str(exc)),
                    file=label,
                    code="io",
                )
            )
            continue
        except Exception as exc:  # a failure no reader foresaw: still the file's problem
            result.problems.append(_unreadable(label, exc))
            continue
        result.problems += found
        for raw in raws:
            sheet = _sheet(ctx.allowed, raw, result.problems)
            if sheet is not None:
                sheets.append(sheet)
    return sheets


def _too_big(path: Path, label: str, limits: Limits) -> Problem | None:
    """A problem when the file is larger than ``limits.data_file_bytes``, found before
    any parsing so that an oversized file is refused at once."""
    size = path.stat().st_size
    limit = limits.data_file_bytes
    if size <= limit:
        return None
    return Problem(
        message=f"the file is {size:,} bytes, over the limit of {limit:,} bytes for "
        "a data file; refused before reading (split it into several files, or raise the "
        "limit with Limits(data_file_bytes=…) or --limit data_file=…)",
        file=label,
        code="too-large",
    )


def _leaves(folder: Path, file: Path) -> bool:
    """Whether ``file`` in ``folder`` is a link (or under one) whose target is outside it."""
    try:
        return not file.resolve(strict=True).is_relative_to(folder.resolve(strict=True))
    except (OSError, RuntimeError):  # a broken or looping link
        return True


def _unreadable(label: str, exc: BaseException) -> Problem:
    """A problem for a file whose reading failed in a way no reader foresaw."""
    text = " ".join(str(exc).split())[:200] or type(exc).__name__
    return Problem(msg=msg("problem.read.cannot_read", why=text), file=label, code="io")


def _sheet(
    allowed_by_kind: Mapping[Kind, list[str]],
    raw: RawTable,
    problems: list[Problem],
    force: Kind | None = None,
) -> _Sheet | None:
    """Give a raw table its kind and column names; check the header."""
    if raw.is_blank:
        return None
    found = _header(allowed_by_kind, raw, problems, force)
    if found is None:
        return None
    kind, columns, headers = found
    rows: list[_Row] = []
    for line, cells in raw.rows:
        if all(is_empty(c) for c in cells):
            continue
        row = _Row(
            origin=f"{raw.source}:{line}",
            file=raw.source,
            line=line,
            path=(),
            cells={col: cells[i] if i < len(cells) else None for i, col in columns.items()},
        )
        stray = [
            i + 1
            for i, c in enumerate(cells)
            if not is_empty(c) and (i >= len(headers) or headers[i] is None)
        ]
        if stray:
            problems.append(
                row.problem(
                    f"a value in column {', '.join(map(str, stray))}, which has no header",
                    "no-header",
                )
            )
        rows.append(row)
    return _Sheet(kind=kind, source=raw.source, rows=tuple(rows), columns=tuple(columns.values()))


_RESULT_COLUMNS = tuple(
    frozenset(_labels.label(k, lang).casefold() for k in ("col.rank", "col.total", "col.unit"))
    for lang in ("zh", "en")
)
"""The columns every results table of ``govperf score`` has (rank, total, unit), by language."""


def _kind_hint(name: str, headers: list[str | None]) -> Message | str:
    """Why a table of unknown kind may be a units or splits table by another name."""
    canon = {canonical_header(h, "units", {"unit", "name"}) for h in headers if h}
    if {"unit", "name"} <= canon:
        return msg("folder.units_by_name", name=name)
    return did_you_mean(name.strip().lower(), ("units", "splits"))


def _results_header(headers: list[str | None]) -> bool:
    """Whether a header row is that of govperf's own results (``score -o results.csv``)."""
    given = {h.strip().casefold() for h in headers if h}
    return any(cols <= given for cols in _RESULT_COLUMNS)


def _header(
    allowed_by_kind: Mapping[Kind, list[str]],
    raw: RawTable,
    problems: list[Problem],
    force: Kind | None = None,
) -> tuple[Kind, dict[int, str], list[str | None]] | None:
    """The table's kind, its column names by position and its header cells; or ``None``
    (with the problems) when the header does not say what the table is."""
    where = {"file": raw.source, "line": 1}
    name = raw.name.strip().lower()
    headers = [None if is_empty(h) else str(h) for h in raw.header]
    kind: Kind
    if force is not None:
        kind = force
    elif name in ("units", "splits"):
        kind = "units" if name == "units" else "splits"
    else:
        marks = {canonical_header(h, "records", {"sub_indicator", "rule"}) for h in headers if h}
        if "sub_indicator" in marks and "rule" in marks:
            problems.append(
                Problem(
                    message="the table has both a sub_indicator and a rule column; put "
                    "records and events in separate tables",
                    code="table-kind",
                    **where,  # type: ignore[arg-type]
                )
            )
            return None
        if not marks - {None} and _results_header(headers):
            problems.append(
                Problem(
                    msg=msg("folder.results_table"),
                    code="results",
                    **where,  # type: ignore[arg-type]
                )
            )
            return None
        if not marks - {None}:
            problems.append(
                Problem(
                    msg=msg("folder.table_kind", hint=_kind_hint(raw.name, headers)),
                    code="table-kind",
                    **where,  # type: ignore[arg-type]
                )
            )
            return None
        kind = "records" if "sub_indicator" in marks else "events"
    allowed = allowed_by_kind[kind]
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for i, h in enumerate(headers):
        if h is None:
            continue
        canon = canonical_header(h, kind, set(allowed))
        if canon is None:
            unknown.append(h.strip())
        elif canon in columns.values():
            problems.append(
                Problem(
                    msg=msg("problem.read.two_columns", column=canon, header=h.strip()),
                    code="duplicate-column",
                    **where,  # type: ignore[arg-type]
                )
            )
        else:
            columns[i] = canon
    if unknown:
        headers_known = [*allowed, *(a for a, c in ALIASES.items() if c in allowed)]
        near = (difflib.get_close_matches(u, headers_known, n=1) for u in unknown)
        names = tuple(dict.fromkeys(c[0] for c in near if c))
        problems.append(
            Problem(
                msg=msg(
                    "problem.read.unknown_column" + ("s" if len(unknown) > 1 else ""),
                    columns=tuple(repr(u) for u in unknown),
                    kind=msg(f"problem.kind.{kind}"),
                    allowed=tuple(allowed),
                    hint=msg("problem.did_you_mean", names=names) if names else "",
                ),
                code="unknown-column",
                **where,  # type: ignore[arg-type]
            )
        )
    needed = {
        "units": ["unit", "name"],
        "splits": ["unit", "sub_indicator", "points"],
        "records": ["unit", "sub_indicator"],
        "events": ["unit", "rule"],
    }[kind]
    lacking = [c for c in needed if c not in columns.values()]
    if lacking:
        problems.append(
            Problem(
                msg=msg(
                    "problem.read.lacks_column" + ("s" if len(lacking) > 1 else ""),
                    kind=msg(f"problem.kind.{kind}"),
                    columns=tuple(lacking),
                ),
                code="missing-column",
                **where,  # type: ignore[arg-type]
            )
        )
        return None
    return kind, columns, headers


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers the keys it repeats (``json`` keeps the last)."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.repeated: list[str] = []
        if len(self) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen and key not in self.repeated:
                    self.repeated.append(key)
                seen.add(key)


def _json_int(text: str) -> int | str:
    """A JSON integer; one too long for Python's int conversion stays text (a cell
    the number parser then reports as too large)."""
    return int(text) if len(text) <= 4000 else text


def _json_duplicates(doc: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Every repeated key in the document, with the path of its object (no recursion)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), doc)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, _JsonObject):
            found += [(where, key) for key in value.repeated]
            stack += [((*where, k), v) for k, v in value.items() if isinstance(v, (dict, list))]
        elif isinstance(value, list):
            stack += [((*where, i), v) for i, v in enumerate(value) if isinstance(v, (dict, list))]
    return sorted(found, key=lambda f: str(f))


def _json_sheets(
    allowed_by_kind: Mapping[Kind, list[str]],
    path: Path,
    label: str,
    problems: list[Problem],
    only_units: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> list[_Sheet]:
    """The ``EvaluationData.to_dict()`` form, as tables whose rows know their path.

    The limits on rows (per list), columns (keys per row) and cell length are checked
    on each list and row; the first one over is reported at its path.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
        if not text.strip():
            problems.append(
                Problem(message="the file is empty (no JSON value)", file=label, code="empty-file")
            )
            return []
        doc = json.loads(text, object_pairs_hook=_JsonObject, parse_int=_json_int)
    except UnicodeDecodeError as exc:
        problems.append(Problem(message=f"not UTF-8 text: {exc.reason}", file=label, code="json"))
        return []
    except RecursionError:
        problems.append(
            Problem(
                message="not readable: the JSON nests arrays or objects too deeply",
                file=label,
                code="json",
            )
        )
        return []
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                message=f"not valid JSON: {exc.msg}",
                file=label,
                line=exc.lineno,
                column=exc.colno,
                code="json",
            )
        )
        return []
    duplicates = _json_duplicates(doc)
    if duplicates:
        problems += [
            Problem(
                message=f"duplicate key {key!r} (JSON objects must not repeat a key)",
                file=label,
                path=(*where, key),
                code="duplicate-key",
            )
            for where, key in duplicates
        ]
        return []
    if (
        isinstance(doc, list)
        and doc
        and all(isinstance(d, dict) and {"unit", "rank", "total"} <= d.keys() for d in doc)
    ):
        problems.append(Problem(msg=msg("folder.results_table"), file=label, code="results"))
        return []
    if not isinstance(doc, dict):
        problems.append(
            Problem(
                message="expected a JSON object with 'units', 'records', 'splits', 'events'",
                file=label,
                code="json",
            )
        )
        return []
    known = ("units", "records", "splits", "events")
    for key in [] if only_units else doc:
        if key not in known:
            problems.append(
                Problem(
                    message=f"unknown key (known: {', '.join(known)})",
                    file=label,
                    path=(str(key),),
                    code="unknown-key",
                )
            )
    sheets: list[_Sheet] = []

    def rows(items: Any, path: tuple[str | int, ...], kind: Kind, fixed: dict[str, str]) -> None:
        if not isinstance(items, list):
            problems.append(
                Problem(message="expected a list of rows", file=label, path=path, code="json")
            )
            return
        if len(items) > limits.rows:
            problems.append(
                over_limit(
                    f"the list has {len(items):,} rows, over the limit of {limits.rows:,}",
                    "rows",
                    file=label,
                    path=path,
                )
            )
            return
        allowed = set(allowed_by_kind[kind])
        shown = ", ".join(
            "id" if c == "unit" and kind == "units" else c for c in allowed_by_kind[kind]
        )
        out: list[_Row] = []
        for i, item in enumerate(items):
            here = (*path, i)
            dotted = ".".join(str(p) for p in path) + f"[{i}]"
            if kind == "units" and isinstance(item, str):
                item = {"id": item}
            if not isinstance(item, dict):
                problems.append(
                    Problem(
                        message="expected an object (a row)", file=label, path=here, code="json"
                    )
                )
                continue
            too_long = [
                k for k, v in item.items() if isinstance(v, str) and len(v) > limits.field_chars
            ]
            if len(item) > limits.columns or too_long:
                problems.append(
                    over_limit(
                        f"the row has {len(item):,} keys, over the limit of {limits.columns:,} "
                        "columns"
                        if not too_long
                        else f"the text is longer than the limit of {limits.field_chars:,} "
                        "characters",
                        "columns" if not too_long else "field_chars",
                        file=label,
                        path=here if not too_long else (*here, str(too_long[0])),
                    )
                )
                return
            cells: dict[str, Cell] = {}
            for key, value in item.items():
                col = (
                    "unit"
                    if kind == "units" and key == "id"
                    else canonical_header(str(key), kind, allowed)
                )
                if col is None or (kind == "units" and key == "unit"):
                    problems.append(
                        Problem(
                            message=f"unknown key {key!r} (allowed: {shown})",
                            file=label,
                            path=here,
                            code="unknown-column",
                        )
                    )
                    continue
                if isinstance(value, (dict, list)):
                    problems.append(
                        Problem(
                            message="expected a number or text, got a "
                            f"{'list' if isinstance(value, list) else 'mapping'}",
                            file=label,
                            path=(*here, str(key)),
                            code="type",
                        )
                    )
                    continue
                cells[col] = value
            for col, value in fixed.items():
                given = parse_text(cells.get(col))
                if given is not None and given != value:
                    problems.append(
                        Problem(
                            message=f"the row says {col} {given!r} but is listed under {value!r}",
                            file=label,
                            path=here,
                            code="mismatch",
                        )
                    )
                cells[col] = value
            if kind == "units" and is_empty(cells.get("name")):
                cells["name"] = cells.get("unit")
            out.append(
                _Row(origin=f"{label}:{dotted}", file=label, line=None, path=here, cells=cells)
            )
        sheets.append(_Sheet(kind=kind, source=label, rows=tuple(out)))

    if "units" in doc:
        rows(doc["units"], ("units",), "units", {})
    if only_units:
        return sheets
    if doc.get("splits") is not None:
        rows(doc["splits"], ("splits",), "splits", {})
    for key, kind, col in (("records", "records", "sub_indicator"), ("events", "events", "rule")):
        group = doc.get(key)
        if group is None:
            continue
        if not isinstance(group, dict):
            problems.append(
                Problem(
                    message=f"expected a mapping from {col} id to rows",
                    file=label,
                    path=(key,),
                    code="json",
                )
            )
            continue
        for name, items in group.items():
            rows(items, (key, str(name)), kind, {col: str(name)})  # type: ignore[arg-type]
    return sheets


# -- rows to data --------------------------------------------------------------------


def _units(sheets: list[_Sheet], result: ReadResult) -> Units | None:
    tables = [s for s in sheets if s.kind == "units"]
    unreadable = {"json", "encoding", "csv", "xlsx", "io", "dependency", "duplicate-key"}
    unreadable |= {"empty-file", "too-large"}
    if not tables and any(p.code in unreadable for p in result.problems):
        return None  # the units may be in the file that could not be read
    if not tables:
        result.problems.append(
            Problem(
                msg=msg("problem.read.no_units"),
                file=result.label,
                code="no-units",
            )
        )
        return None
    if len(tables) > 1:  # returned copies of a template each carry the units list
        filled = [t for t in tables if t.rows] or tables[:1]
        reference = _unit_rows(filled[0])
        differ = [t for t in filled[1:] if _unit_rows(t) != reference]
        for t in differ:
            other = _unit_rows(t)
            changed = sorted(u for u in reference.keys() & other.keys() if reference[u] != other[u])
            result.problems.append(
                Problem(
                    msg=msg(
                        "folder.units_differ",
                        first=filled[0].source,
                        lacking=tuple(u for u in reference if u not in other) or "-",
                        extra=tuple(u for u in other if u not in reference) or "-",
                        changed=tuple(changed) or "-",
                    ),
                    file=t.source,
                    code="duplicate-units",
                )
            )
        if differ:
            return None
        tables = filled[:1]
    if not tables[0].rows:
        result.problems.append(
            Problem(
                msg=msg("problem.read.units_empty"),
                file=tables[0].source,
                line=1 if tables[0].columns is not None else None,
                path=() if tables[0].columns is not None else ("units",),
                code="no-units",
            )
        )
        return None
    ids: list[str] = []
    names: list[str] = []
    groups: list[str | None] = []
    first: dict[str, _Row] = {}
    ok = True
    for row in tables[0].rows:
        uid, name = row.text("unit"), row.text("name")
        empty = [c for c, v in (("unit", uid), ("name", name)) if v is None]
        if empty:
            result.problems.append(
                row.problem(msg("problem.read.empty_cells", columns=tuple(empty)), "empty-cell")
            )
            ok = False
            continue
        assert uid is not None
        assert name is not None
        bad = [
            (column, why)
            for column, text, is_id in (("unit", uid, True), ("name", name, False))
            if (why := identifier_problem(text, is_id=is_id)) is not None
        ]
        if bad:
            for column, why in bad:
                result.problems.append(
                    row.problem(
                        msg(f"problem.read.unit_{'id' if column == 'unit' else 'name'}", why=why),
                        "identifier",
                        column,
                    )
                )
            ok = False
            continue
        if uid in first:
            before = first[uid]
            result.problems.append(
                row.problem(
                    msg("problem.read.unit_twice", unit=uid, before=before.origin),
                    "duplicate-unit",
                )
            )
            ok = False
            continue
        first[uid] = row
        ids.append(uid)
        names.append(name)
        groups.append(row.text("group"))
    return Units(ids=ids, names=names, groups=groups) if ok else None


def _unit_rows(table: _Sheet) -> dict[str, tuple[str | None, str | None]]:
    """A units table's (name, group) by unit id, to compare copies of it."""
    return {
        uid: (row.text("name"), row.text("group"))
        for row in table.rows
        if (uid := row.text("unit")) is not None
    }


def _check_unit(
    row: _Row, unit_ids: set[str] | None, result: ReadResult, units: Units | None = None
) -> str | None:
    """The row's unit id if it is given and known (else report and return None, with the
    nearest unit ids, or the id of the unit whose name the cell holds)."""
    uid = row.text("unit")
    if uid is None:
        result.problems.append(row.problem(msg("problem.read.unit_empty"), "empty-cell", "unit"))
        return None
    if unit_ids is not None and uid not in unit_ids:
        hint: Message | str = ""
        if units is not None:
            by_name = {n: i for i, n in zip(units.ids, units.names, strict=True)}
            if uid in by_name:
                hint = msg("folder.unit_by_name", unit=by_name[uid])
            else:
                hint = did_you_mean(uid, units.ids)
        result.problems.append(
            row.problem(
                msg("problem.read.unknown_unit", unit=uid, hint=hint), "unknown-unit", "unit"
            )
        )
        return None
    return uid


def _parse(row: _Row, spec: _Spec, present: list[str], result: ReadResult) -> dict[str, Any] | None:
    """The row's values by column, or ``None`` if a cell is wrong (reported)."""
    values: dict[str, Any] = {}
    ok = True
    empty = [c for c in spec.required if is_empty(row.cells.get(c))]
    if empty:
        result.problems.append(
            row.problem(
                msg(
                    "problem.read.row_empty_cell" + ("s" if len(empty) > 1 else ""),
                    label=spec.label,
                    columns=tuple(empty),
                ),
                "empty-cell",
            )
        )
        ok = False
    for col in present:
        kind = spec.all[col]
        cell = row.cells.get(col)
        if kind == "number":
            number, why = parse_number(cell)
            if why is not None:
                result.problems.append(row.problem(f"{spec.label}: {why}", "not-a-number", col))
                ok = False
            values[col] = number
        else:
            text = parse_text(cell)
            words = spec.words.get(col)
            if words is not None and text is not None:
                given = text
                text, wrong = words.resolve(given, col, spec.label)
                if wrong is not None:
                    code = "ambiguous-name" if given in words.shared else "unknown-value"
                    result.problems.append(row.problem(wrong, code, col))
                    ok = False
            values[col] = text
    return values if ok else None


def _table(rows: list[dict[str, Any]], origins: list[str], kinds: Mapping[str, str]) -> Table:
    """A tidy table with typed columns (NaN / None where a cell is empty)."""
    columns: dict[str, np.ndarray] = {}
    for col, kind in kinds.items():
        if kind == "number":
            columns[col] = np.array(
                [np.nan if r.get(col) is None else r[col] for r in rows], dtype=float
            )
        else:
            arr = np.empty(len(rows), dtype=object)
            arr[:] = [r.get(col) for r in rows]
            columns[col] = arr
    unit = np.empty(len(rows), dtype=object)
    unit[:] = [r["unit"] for r in rows]
    return Table(columns=columns, unit=unit, origin=origins)


def _lookup(
    row: _Row,
    key: str,
    specs: Mapping[str, _Spec],
    noun: str,
    result: ReadResult,
    names: _Words | None = None,
) -> tuple[str, _Spec] | None:
    """The id in the row's ``key`` cell (an id, or a name of ``names``) and its spec, or a
    problem when it is empty, unknown (with the nearest ids and names) or ambiguous."""
    given = row.text(key)
    if given is None:
        result.problems.append(
            row.problem(msg("problem.read.empty_key", column=key), f"unknown-{noun}", key)
        )
        return None
    ident: str | None = given
    if given not in specs and names is not None:
        ident, why = names.resolve(given, noun, None)
        if why is not None:
            result.problems.append(row.problem(why, f"unknown-{noun}", key))
            return None
    spec = specs.get(ident) if ident is not None else None
    if ident is None or spec is None:
        why = msg(
            "problem.read.unknown_id", what=_what(noun), text=given, known=tuple(specs) or "-"
        )
        result.problems.append(row.problem(why, f"unknown-{noun}", key))
        return None
    return ident, spec


def _stray(row: _Row, key: str, spec: _Spec, label: str, result: ReadResult) -> list[str]:
    """Filled cells in columns that ``spec`` does not read (reported, never dropped)."""
    stray = [
        c
        for c, v in row.cells.items()
        if c not in spec.all and c not in ("unit", key, *INFO_COLUMNS) and not is_empty(v)
    ]
    if stray:
        many = len(stray) > 1
        result.problems.append(
            row.problem(
                f"{label} does not read the column{'s' if many else ''} {', '.join(stray)} "
                f"(its columns: {', '.join(spec.all) or 'none'}); leave "
                f"{'them' if many else 'it'} empty or move the value",
                "unread-column",
            )
        )
    return stray


def _build(ctx: _Context, sheets: list[_Sheet], result: ReadResult) -> EvaluationData | None:
    units = _units(sheets, result)
    unit_ids = None if units is None else set(units.ids)

    records: dict[str, list[tuple[dict[str, Any], str]]] = {}
    keyed_blank: list[tuple[str, str, _Row]] = []
    submitted: set[tuple[str, str]] = set()
    for sheet in (s for s in sheets if s.kind == "records"):
        lacking: set[str] = set()
        for row in sheet.rows:
            found = _lookup(
                row, "sub_indicator", ctx.leaves, "sub-indicator", result, ctx.leaf_names
            )
            if found is None:
                continue
            sub, spec = found
            value_cols = [c for c in spec.all if c not in KEY_COLUMNS]
            if sheet.columns is not None and not set(value_cols) & set(sheet.columns):
                uid = row.text("unit")
                if uid is not None:
                    result.reported.add((uid, sub))  # not reported missing as well
                if sub in lacking:
                    continue
                lacking.add(sub)
                result.problems.append(
                    Problem(
                        message=f"{spec.label}: the table has no value column "
                        f"(the evaluator reads {', '.join(value_cols) or 'none'})",
                        file=sheet.source,
                        line=1,
                        node=sub,
                        code="missing-column",
                    )
                )
                continue
            stray = _stray(row, "sub_indicator", spec, spec.label, result)
            value_cols = [c for c in spec.all if c not in KEY_COLUMNS]
            if all(is_empty(row.cells.get(c)) for c in value_cols):
                uid = row.text("unit")
                if uid is not None and unit_ids is not None and uid not in unit_ids:
                    _check_unit(row, unit_ids, result, units)
                elif uid is not None:
                    result.not_submitted.setdefault((uid, sub), row)
                    if any(not is_empty(row.cells.get(c)) for c in spec.all):
                        keyed_blank.append((uid, sub, row))
                continue
            uid = _check_unit(row, unit_ids, result, units)
            if uid is None:
                continue
            present = [c for c in spec.all if not is_empty(row.cells.get(c))]
            values = _parse(row, spec, present, result)
            if values is None or stray:
                result.reported.add((uid, sub))
                continue
            values["unit"] = uid
            submitted.add((uid, sub))
            records.setdefault(sub, []).append((values, row.origin))
    for uid, sub, row in keyed_blank:
        if (uid, sub) in submitted:
            spec = ctx.leaves[sub]
            empty = [c for c in spec.all if c not in KEY_COLUMNS and is_empty(row.cells.get(c))]
            result.problems.append(
                row.problem(
                    f"{spec.label}: empty {', '.join(empty)} while other rows of unit {uid} "
                    "are filled (write 0 where there is nothing to count)",
                    "empty-cell",
                )
            )
            result.reported.add((uid, sub))
    for pair in submitted | result.reported:
        result.not_submitted.pop(pair, None)

    events: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for sheet in (s for s in sheets if s.kind == "events"):
        for row in sheet.rows:
            found = _lookup(row, "rule", ctx.rules, "rule", result, ctx.rule_names)
            if found is None:
                continue
            rid, rspec = found
            stray = _stray(row, "rule", rspec, f"rule {rspec.label}", result)
            present = [c for c in rspec.all if not is_empty(row.cells.get(c))]
            if not present and not stray:
                result.problems.append(
                    row.problem(
                        f"rule {rspec.label}: the row gives none of the rule's columns "
                        f"({', '.join(rspec.all) or 'the rule reads no events'})",
                        "empty-cell",
                    )
                )
                continue
            uid = _check_unit(row, unit_ids, result, units)
            if uid is None:
                continue
            values = _parse(row, rspec, present, result)
            if values is None or stray:
                continue
            values["unit"] = uid
            events.setdefault(rid, []).append((values, row.origin))

    split_rows: list[tuple[dict[str, Any], str]] = []
    split_tables = [s for s in sheets if s.kind == "splits"]
    split_spec = _Spec(
        label="splits",
        required={"sub_indicator": "text", "points": "number"},
        optional={"note": "text"},
    )
    for sheet in split_tables:
        for row in sheet.rows:
            if is_empty(row.cells.get("points")) and is_empty(row.cells.get("note")):
                if row.text("unit") is not None:
                    _check_unit(row, unit_ids, result, units)
                continue  # a template row left empty: the engine reports the missing split
            uid = _check_unit(row, unit_ids, result, units)
            if uid is None:
                continue
            present = [c for c in split_spec.all if not is_empty(row.cells.get(c))]
            values = _parse(row, split_spec, present, result)
            if values is None:
                continue
            values["unit"] = uid
            split_rows.append((values, row.origin))

    if units is None:
        return None
    splits = None
    if split_tables:
        kinds = {"sub_indicator": "text", "points": "number"}
        if any("note" in v for v, _ in split_rows):
            kinds["note"] = "text"
        splits = _table([v for v, _ in split_rows], [o for _, o in split_rows], kinds)
    return EvaluationData(
        units=units,
        records={sub: _grouped(rows, ctx.leaves[sub]) for sub, rows in records.items()},
        splits=splits,
        events={rid: _grouped(rows, ctx.rules[rid]) for rid, rows in events.items()},
    )


def _grouped(rows: list[tuple[dict[str, Any], str]], spec: _Spec) -> Table:
    """One sub-indicator's (or rule's) rows: required columns and the optional ones used."""
    kinds = dict(spec.required)
    for col, kind in spec.optional.items():
        if any(v.get(col) is not None for v, _ in rows):
            kinds[col] = kind
    return _table([v for v, _ in rows], [o for _, o in rows], kinds)


def _read(
    scheme: Scheme | CompiledScheme,
    source: str | os.PathLike[str],
    limits: Limits | None,
    ignore: Sequence[str] = (),
) -> ReadResult:
    compiled = scheme if isinstance(scheme, CompiledScheme) else compile_scheme(scheme)
    ctx = _Context(compiled)
    path = Path(source)
    limits = limits or DEFAULT_LIMITS
    result = ReadResult(label=str(source))
    # clean CSV files by column, else row by row
    result.data = _read_clean_csv(ctx, path, limits, ignore)
    if result.data is not None:
        result.ignored = [f.name for f in _data_files(path, ignore)[1]]
        return result
    sheets = _collect(ctx, path, result, limits, ignore)
    if any(p.code in ("not-found", "unsupported-file", "no-files") for p in result.problems):
        return result
    try:
        result.data = _build(ctx, sheets, result)
    except Exception as exc:  # a failure no check foresaw: reported, never a traceback
        result.problems.append(_unreadable(result.label, exc))
        result.data = None
    return result


def read_data(
    scheme: Scheme | CompiledScheme,
    source: str | os.PathLike[str],
    *,
    limits: Limits | None = None,
    ignore: Sequence[str] = (),
) -> EvaluationData:
    """Read one year's evaluation data for ``scheme`` from a folder, workbook or JSON file.

    ``source`` is a folder of ``*.csv``, ``*.xlsx``, ``*.xls``, ``*.et`` and ``*.json``
    files, one workbook (``.xlsx``; ``.xls`` and WPS ``.et`` need python-calamine), or
    one ``.json`` file in the :meth:`EvaluationData.to_dict` form (see the input
    format reference).  Every row keeps its origin (``file.csv:12``,
    ``book.xlsx[sheet]:12``) so that :func:`~govperf.score` and
    :func:`~govperf.check_data` name the file and row of each problem.

    Note sheets and files are skipped: those named 说明, 填表说明, 汇总 or 目录, those
    whose name starts with ``#``, and those matching a name or shell pattern in
    ``ignore`` (``["备注*"]``).  govperf's own results workbook is refused.

    Raises :class:`~govperf.DataError` listing every problem found while reading
    (unreadable files, unknown headers, cells that are not numbers, unknown units,
    sub-indicators and rules, duplicated units), each with its file and row.  Rows a
    template left empty are skipped as "not submitted"; the completeness check
    (:func:`~govperf.check_data` with the same path, or :func:`~govperf.score`)
    reports them.  Files are opened read-only and never changed.

    ``limits`` (:class:`~govperf.Limits`) bounds what is read: a data file's bytes
    (64 MiB by default, checked before the file is opened), a table's rows and
    columns and a cell's length (checked while reading: the first row over a limit is
    reported and reading stops there).  Pass larger limits for a larger evaluation.
    """
    result = _read(scheme, source, limits, ignore)
    if result.problems or result.data is None:
        raise DataError(result.problems, source=result.label)
    return result.data


def check_path(
    compiled: CompiledScheme,
    source: str | os.PathLike[str],
    limits: Limits | None = None,
    ignore: Sequence[str] = (),
) -> list[Problem]:
    """Every problem of the data at ``source``: reading problems, then the engine's.

    A (unit, sub-indicator) pair with no data whose template row was left empty is
    reported at that row, naming its assessors.  Pairs whose rows already had a
    reading problem are not reported missing again.
    """
    return check_read(compiled, source, limits, ignore)[0]


def check_read(
    compiled: CompiledScheme,
    source: str | os.PathLike[str],
    limits: Limits | None = None,
    ignore: Sequence[str] = (),
) -> tuple[list[Problem], ReadResult]:
    """:func:`check_path`'s problems and what reading found (the data, the notes skipped)."""
    from ..scoring._score import check_data

    result = _read(compiled, source, limits, ignore)
    problems = list(result.problems)
    data = result.data
    if data is None:
        return problems, result
    index = data.units.index()
    leaf_pos = {leaf.sub.id: j for j, leaf in enumerate(compiled.leaves)}
    replace: dict[Problem, Problem | None] = {}
    for (uid, sub), row in result.not_submitted.items():
        if uid in index and sub in leaf_pos:
            missing = _missing_problem(compiled, data, index[uid], leaf_pos[sub])
            replace[missing] = row.problem(
                msg("problem.read.not_submitted", missing=missing.msg or missing.message),
                "missing",
            )
    for uid, sub in result.reported:
        if uid in index and sub in leaf_pos:
            replace[_missing_problem(compiled, data, index[uid], leaf_pos[sub])] = None
    for problem in check_data(compiled, data):
        if problem in replace:
            new = replace[problem]
            if new is not None:
                problems.append(new)
        else:
            problems.append(problem)
    return problems, result


_UNITS_ONLY: dict[Kind, list[str]] = {"units": ["unit", "name", "group", *INFO_COLUMNS]}


def read_units(source: str | os.PathLike[str], *, limits: Limits | None = None) -> Units:
    """Read a units table alone: a CSV file, a workbook or a JSON file.

    The file has the columns of the ``units`` table (``unit``, ``name``, optional
    ``group``, or 单位编号, 单位名称, 分组), whatever its name.  In a workbook the sheet
    named ``units`` is read, or the only sheet; in a JSON file the ``units`` list.
    Useful to prefill a template (:func:`~govperf.write_template`) before any data exists.
    Raises :class:`~govperf.DataError` naming file and row of every problem.  ``limits``
    as for :func:`~govperf.read_data`.
    """
    path = Path(source)
    result = ReadResult(label=str(source))
    label = path.name
    sheets: list[_Sheet] = []
    suffix = path.suffix.lower()
    if not path.is_file():
        result.problems.append(Problem(message="no such file", file=result.label, code="not-found"))
    elif suffix not in SUFFIXES:
        result.problems.append(
            Problem(
                message="give a .csv, .xlsx, .xls, .et or .json file",
                file=result.label,
                code="unsupported",
            )
        )
    else:
        try:
            sheets = _units_sheets(path, label, suffix, result, limits or DEFAULT_LIMITS)
        except OSError as exc:
            result.problems.append(
                Problem(
                    msg=msg("problem.read.cannot_read", why=exc.strerror or str(exc)),
                    file=label,
                    code="io",
                )
            )
        except Exception as exc:  # a failure no reader foresaw: still the file's problem
            result.problems.append(_unreadable(label, exc))
    units = None if result.problems else _units(sheets, result)
    if result.problems or units is None:
        raise DataError(result.problems, source=result.label)
    return units


def _units_sheets(
    path: Path, label: str, suffix: str, result: ReadResult, limits: Limits
) -> list[_Sheet]:
    sheets: list[_Sheet] = []
    if (big := _too_big(path, label, limits)) is not None:
        result.problems.append(big)
        return sheets
    if suffix == ".json":
        sheets = _json_sheets(
            _UNITS_ONLY, path, label, result.problems, only_units=True, limits=limits
        )
    else:
        if suffix == ".csv":
            table, found = read_csv(path, label, limits)
            raws = [] if table is None else [table]
        else:
            raws, found = read_workbook(path, label, limits)
            named = [r for r in raws if r.name.strip().lower() == "units"]
            used = [r for r in raws if not r.is_blank and not is_note(r.name)]
            raws = named or (used if len(used) == 1 else [])
            if not raws and not found:
                found = [
                    Problem(
                        message="the workbook has no sheet named 'units' and more than one "
                        "sheet in use",
                        file=label,
                        code="no-units",
                    )
                ]
        result.problems += found
        for raw in raws:
            sheet = _sheet(_UNITS_ONLY, raw, result.problems, force="units")
            if sheet is not None:
                sheets.append(sheet)
    return sheets


# -- the fast path: a folder of clean CSV files, by column ---------------------------
#
# The fast path of :func:`~govperf.read_data` for a folder of clean CSV files.
#
# A year's files are usually clean: every row names a known unit and sub-indicator (or
# rule), fills the columns its evaluator reads, and holds plain numbers.  Such files are
# read by column: the csv module splits the text, columns are transposed in one step,
# number columns are checked against the number syntax by one regular expression over
# the whole column and converted by numpy, and unit ids become positions through one
# dictionary of the units.  Origins (``file.csv:12``) are formatted only when a message
# asks for one.
#
# Anything else (an xlsx or JSON file, a quoted line break, a row of another width, an
# empty or malformed cell, an unknown id, a stray value, a template row left empty)
# sends the whole read to the row-by-row reader of :mod:`._read`, whose messages are the
# reference; so the fast path gives exactly the data the row-by-row reader would, or
# nothing.


_BLANK_CELL = re.compile(r"\n[\t\x0b\x0c\r\x1c-\x1f ]*\n")
"""An empty or whitespace-only cell in a column of ASCII cells joined by line breaks."""

_SPLIT_SPEC = _Spec(
    label="splits",
    required={"sub_indicator": "text", "points": "number"},
    optional={"note": "text"},
)


class _Bail(Exception):
    """The files are not clean: read them row by row instead."""


def _split_csv(text: str, limits: Limits) -> tuple[list[str], list[Sequence[str]], int]:
    """Header, columns and row count of a CSV text with one record per line, or bail.

    Without a quote character the text is split on line breaks and commas directly (a
    few passes at C speed, no list per row); with quotes the csv module reads it.  A
    text that may go over a limit (rows, columns, the length of a field) bails: the
    row reader reports where.
    """
    if text.count("\n") > limits.rows + 1:  # the header, the rows, a last line break
        raise _Bail
    if '"' not in text:
        body = text.replace("\r\n", "\n")
        if "\r" in body:
            raise _Bail
        body = body.removesuffix("\n")
        lines = body.split("\n")
        width = lines[0].count(",") + 1
        if len(lines) < 2 or width < 2 or set(map(_commas, lines)) != {width - 1}:
            raise _Bail  # a blank line or a row of another width: the row reader tells
        if width > limits.columns:
            raise _Bail
        flat = body.replace("\n", ",").split(",")
        if len(text) > limits.field_chars and max(map(len, flat)) > limits.field_chars:
            raise _Bail
        return flat[:width], [flat[width + i :: width] for i in range(width)], len(lines) - 1
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        raise _Bail
    lines_count = text.count("\n") + (0 if text.endswith("\n") else 1)
    if len(records) != lines_count:  # a quoted line break: line numbers need the row reader
        raise _Bail
    header, rows = records[0], records[1:]
    if not rows or len(header) < 2 or set(map(len, rows)) != {len(header)}:
        raise _Bail
    if len(header) > limits.columns:
        raise _Bail
    return header, list(zip(*rows, strict=True)), len(rows)


_commas = operator.methodcaller("count", ",")


class _Csv:
    """One clean CSV file by column: kind, columns by name, line of each row."""

    def __init__(self, path: Path, ctx: _Context, limits: Limits) -> None:
        text = _decode(path.read_bytes())
        header, cells, n = _split_csv(text, limits)
        problems: list[Problem] = []
        raw = RawTable(source=path.name, name=path.stem, header=tuple(header), rows=())
        found = _header(ctx.allowed, raw, problems)
        if found is None or problems or any(h is None for h in found[2]):
            raise _Bail
        self.kind: Kind = found[0]
        self.source = path.name
        self.cols: dict[str, Sequence[str]] = {c: cells[i] for i, c in found[1].items()}
        self.lines = np.arange(2, n + 2, dtype=np.int64)
        self.n = n
        self._text: dict[str, np.ndarray] = {}
        self._filled: dict[str, np.ndarray] = {}

    def texts(self, col: str) -> np.ndarray:
        """Stripped text of every row (``None`` where empty)."""
        if col not in self._text:
            out = np.empty(self.n, dtype=object)
            cells = self.cols.get(col)
            out[:] = None if cells is None else [nfc(c.strip()) or None for c in cells]
            self._text[col] = out
        return self._text[col]

    def filled(self, col: str) -> np.ndarray:
        """Whether each row has a value in ``col``."""
        if col not in self._filled:
            if col not in self.cols:
                self._filled[col] = np.zeros(self.n, dtype=bool)
            else:
                cells = self.cols[col]
                joined = "\n" + "\n".join(cells) + "\n"
                if joined.isascii() and not _BLANK_CELL.search(joined):
                    self._filled[col] = np.ones(self.n, dtype=bool)  # one C scan
                else:
                    self._filled[col] = np.array([bool(c.strip()) for c in cells], dtype=bool)
        return self._filled[col]

    def numbers(self, col: str, rows: np.ndarray) -> np.ndarray:
        """Plain numbers of ``rows`` (every one filled), or bail."""
        cells = self.cols[col]
        picked = [cells[r] for r in rows.tolist()] if len(rows) != self.n else list(cells)
        # float() reads what parse_number reads from ASCII cells without underscores
        # (padding included); anything else, NaN and infinity go to the row reader
        joined = "\n".join(picked)
        if not joined.isascii() or "_" in joined:
            raise _Bail
        values = np.array(picked, dtype=float) if picked else np.zeros(0)  # ValueError: bail
        if not np.isfinite(values).all():  # "nan", "inf", "1e400"
            raise _Bail
        return values


def _read_clean_csv(
    ctx: _Context, source: Path, limits: Limits = DEFAULT_LIMITS, ignore: Sequence[str] = ()
) -> EvaluationData | None:
    """The data of a folder of clean CSV files, or ``None`` to read it row by row."""
    if not source.is_dir():
        return None
    files = _data_files(source, ignore)[0]
    if not files or any(f.suffix.lower() != ".csv" or _leaves(source, f) for f in files):
        return None
    if any(f.stat().st_size > limits.data_file_bytes for f in files):
        return None
    enabled = gc.isenabled()
    gc.disable()  # millions of new objects would trigger many useless collections
    try:
        sheets = [_Csv(f, ctx, limits) for f in files]
        return _clean_build(ctx, sheets)
    except Exception:  # _Bail, or any failure: the row reader reports it cleanly
        return None
    finally:
        if enabled:
            gc.enable()


def _clean_build(ctx: _Context, sheets: list[_Csv]) -> EvaluationData:
    units_sheets = [s for s in sheets if s.kind == "units"]
    if len(units_sheets) != 1:
        raise _Bail
    u = units_sheets[0]
    ids, names = u.texts("unit"), u.texts("name")
    if any(v is None for v in ids) or any(v is None for v in names):
        raise _Bail
    checked = itertools.chain(
        ((t, True) for t in ids.tolist()), ((t, False) for t in names.tolist())
    )
    if any(identifier_problem(t, is_id=is_id) is not None for t, is_id in checked):
        raise _Bail  # the row reader names the id or name that breaks the rule
    groups = u.texts("group")
    index = {uid: i for i, uid in enumerate(ids.tolist())}
    if len(index) != len(ids):
        raise _Bail
    units = Units(ids=ids, names=names, groups=groups)
    records = _clean_tables(ctx, sheets, "records", "sub_indicator", ctx.leaves, index)
    events = _clean_tables(ctx, sheets, "events", "rule", ctx.rules, index)
    split_sheets = [s for s in sheets if s.kind == "splits"]
    splits = None
    if split_sheets:
        parts = [
            _clean_table(s, np.arange(s.n), _SPLIT_SPEC, index, "sub_indicator")
            for s in split_sheets
        ]
        if any(not s.filled("points").all() for s in split_sheets):
            raise _Bail  # a split left empty: the row reader reports or skips it
        splits = _clean_concat(parts)
    return EvaluationData(units=units, records=records, splits=splits, events=events)


def _clean_tables(
    ctx: _Context,
    sheets: list[_Csv],
    kind: Kind,
    key: str,
    specs: dict[str, _Spec],
    index: dict[str, int],
) -> dict[str, Table]:
    parts: dict[str, list[Table]] = {}
    for sheet in (s for s in sheets if s.kind == kind):
        said = sheet.texts(key).tolist()
        seen: dict[str | None, int] = {}
        codes = np.array([seen.setdefault(v, len(seen)) for v in said], dtype=np.int64)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(seen) + 1))
        for g, ident in enumerate(seen):
            spec = specs.get(ident) if ident is not None else None
            if ident is None or spec is None:
                raise _Bail
            rows = order[bounds[g] : bounds[g + 1]]
            parts.setdefault(ident, []).append(_clean_table(sheet, rows, spec, index, key))
    return {ident: _clean_concat(tables) for ident, tables in parts.items()}


def _clean_table(
    sheet: _Csv, rows: np.ndarray, spec: _Spec, index: dict[str, int], key: str
) -> Table:
    """The rows of one sub-indicator (or rule) of one file, or bail if any is not clean."""
    for col in sheet.cols:  # a value the spec does not read is reported by the row reader
        outside = col not in spec.all and col not in ("unit", key, *INFO_COLUMNS)
        if outside and sheet.filled(col)[rows].any():
            raise _Bail
    values = [c for c in spec.all if c not in KEY_COLUMNS]
    if not values:
        raise _Bail  # a rule that reads no events: each row is a problem
    if not np.logical_or.reduce([sheet.filled(c)[rows] for c in values]).all():
        raise _Bail  # a row left empty from a template: not submitted
    for col in spec.required:
        if not sheet.filled(col)[rows].all():
            raise _Bail
    uid = sheet.texts("unit")[rows]
    found = map(index.get, uid.tolist(), itertools.repeat(-1))
    positions = np.fromiter(found, dtype=np.int64, count=len(rows))
    if len(positions) and positions.min() < 0:
        raise _Bail
    kinds = dict(spec.required)
    for col, kind in spec.optional.items():
        if sheet.filled(col)[rows].any():
            kinds[col] = kind
    columns: dict[str, np.ndarray] = {}
    for col, kind in kinds.items():
        if kind == "number":
            filled = sheet.filled(col)[rows]
            out = np.full(len(rows), np.nan)
            out[filled] = sheet.numbers(col, rows[filled])
            columns[col] = out
        else:
            texts = sheet.texts(col)[rows]
            words = spec.words.get(col)
            if words is not None:  # names to ids; anything else is reported row by row
                resolved = [words.ids.get(t) for t in texts.tolist()]
                if None in resolved:
                    raise _Bail
                texts = np.array(resolved, dtype=object)
            columns[col] = texts
    return Table(
        columns=columns,
        unit=uid,
        positions=positions,
        origin=Origins(sheet.source + ":{}", sheet.lines[rows]),
    )


def _clean_concat(tables: list[Table]) -> Table:
    if len(tables) == 1:
        return tables[0]
    names = list(dict.fromkeys(c for t in tables for c in t.columns))

    def column(t: Table, c: str) -> np.ndarray:
        if c in t.columns:
            return t.columns[c]
        kind = next(x.columns[c].dtype for x in tables if c in x.columns)
        return np.full(t.n_rows, np.nan if kind.kind == "f" else None, dtype=kind)

    unit = np.concatenate([t.unit for t in tables if t.unit is not None])
    return Table(
        columns={c: np.concatenate([column(t, c) for t in tables]) for c in names},
        unit=unit,
        positions=np.concatenate([t.positions for t in tables if t.positions is not None]),
        origin=tuple(o for t in tables for o in (t.origin or ())),
    )
