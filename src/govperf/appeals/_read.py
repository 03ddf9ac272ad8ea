"""Reading an appeals file (YAML or CSV) into an :class:`AppealSet`, every problem located.

YAML is read with the scheme files' safe, position-keeping loader, so a problem says
``appeals.yaml:14:9: appeals[0].review.decision: ...``.  A CSV file holds one row per
amendment (an appeal without amendments is one row): the columns ``id``, ``unit``,
``node``, ``reason``, ``filed_by``, ``filed``, ``reviewer``, ``decision``, ``decided``,
``note``, ``action``, ``table``, ``amend_unit``, ``match``, ``column``, ``value`` (Chinese
headers too: 编号, 单位编号, 指标, 申诉理由, 申诉单位, 申诉日期, 复核人, 复核结论, 复核日期,
复核意见, 处理, 数据表, 更正单位, 匹配, 列, 新值); rows of one appeal repeat its id, and
its own columns may be left empty after the first.  ``match`` is ``column=value``
pairs separated by ``;``.  A CSV amendment cannot ``add`` a row (use YAML).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..exceptions import DataError, Message, Problem, msg
from ._model import DECISIONS, Amendment, Appeal, AppealSet, Review, Where

__all__ = ["appeals_from_dict", "read_appeals"]

MAX_BYTES = 4 * 1024 * 1024
"""The largest appeals file read (4 MiB), checked before parsing."""

_APPEAL_KEYS = {"id", "unit", "node", "reason", "filed_by", "filed", "review"}
_REVIEW_KEYS = {"reviewer", "decision", "decided", "note", "amendments"}
_AMEND_KEYS = {"action", "table", "unit", "match", "column", "value", "row"}

Report = Callable[[Where, Message, str], None]


def _text(value: Any) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (str, int, float)):
        text = str(value).strip()
        return text or None
    return None


def _keys(value: Mapping[str, Any], allowed: set[str], where: Where, report: Report) -> None:
    for key in value:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            report((*where, key), msg("appeal.p.unknown_key", name=key, known=known), "unknown-key")


def _required(
    value: Mapping[str, Any], key: str, where: Where, report: Report, what: str
) -> str | None:
    if key not in value or value[key] is None:
        report(where, msg(f"appeal.p.needs_{what}", name=key), "missing-key")
        return None
    text = _text(value[key])
    if text is None:
        report((*where, key), msg("appeal.p.text", value=repr(value[key])), "type")
    return text


def _optional(value: Mapping[str, Any], key: str, where: Where, report: Report) -> str | None:
    if value.get(key) is None:
        return None
    text = _text(value[key])
    if text is None:
        report((*where, key), msg("appeal.p.text", value=repr(value[key])), "type")
    return text


def _amendment(value: Any, unit: str, where: Where, report: Report) -> Amendment | None:
    if not isinstance(value, Mapping):
        report(where, msg("appeal.p.amendment_type"), "type")
        return None
    _keys(value, _AMEND_KEYS, where, report)
    action = _required(value, "action", where, report, "amendment")
    table = _required(value, "table", where, report, "amendment")
    own_unit = _optional(value, "unit", where, report) or unit
    if action is not None and action not in ("set", "remove", "add"):
        report((*where, "action"), msg("appeal.p.action", action=action), "value")
        return None
    match = value.get("match") or {}
    if not isinstance(match, Mapping):
        report((*where, "match"), msg("appeal.p.mapping"), "type")
        return None
    row = value.get("row") or {}
    if not isinstance(row, Mapping):
        report((*where, "row"), msg("appeal.p.mapping"), "type")
        return None
    column = _optional(value, "column", where, report)
    if action == "set":
        if column is None:
            report(where, msg("appeal.p.set_column"), "missing-key")
        if "value" not in value:
            report(where, msg("appeal.p.set_value"), "missing-key")
    if action == "add":
        if not row:
            report(where, msg("appeal.p.add_row"), "missing-key")
        elif "unit" in row:
            report((*where, "row", "unit"), msg("appeal.p.row_unit"), "value")
    for key in ("column", "value") if action != "set" else ():
        if key in value:
            report((*where, key), msg("appeal.p.only_set", name=key), "unknown-key")
    if "row" in value and action != "add":
        report((*where, "row"), msg("appeal.p.only_add"), "unknown-key")
    if action is None or table is None:
        return None
    return Amendment(
        action=action,  # type: ignore[arg-type]
        table=table,
        unit=own_unit,
        match=dict(match),
        column=column,
        value=value.get("value"),
        row=dict(row),
        where=where,
    )


def _review(value: Any, unit: str, where: Where, report: Report) -> Review | None:
    if not isinstance(value, Mapping):
        report(where, msg("appeal.p.review_type"), "type")
        return None
    _keys(value, _REVIEW_KEYS, where, report)
    reviewer = _required(value, "reviewer", where, report, "review")
    decision_text = _required(value, "decision", where, report, "review")
    decision = DECISIONS.get(decision_text or "")
    if decision_text is not None and decision is None:
        report(
            (*where, "decision"),
            msg("appeal.p.decision", decision=decision_text),
            "value",
        )
    raw = value.get("amendments") or []
    if not isinstance(raw, list):
        report((*where, "amendments"), msg("appeal.p.amendments_list"), "type")
        raw = []
    amendments = [
        _amendment(item, unit, (*where, "amendments", i), report) for i, item in enumerate(raw)
    ]
    if decision == "rejected" and raw:
        report((*where, "amendments"), msg("appeal.p.rejected"), "value")
    if reviewer is None or decision is None or any(a is None for a in amendments):
        return None
    return Review(
        reviewer=reviewer,
        decision=decision,
        decided=_optional(value, "decided", where, report),
        note=_optional(value, "note", where, report) or "",
        amendments=tuple(a for a in amendments if a is not None),
    )


def _appeals(data: Any, report: Report) -> list[Appeal]:
    if not isinstance(data, Mapping) or "appeals" not in data:
        report((), msg("appeal.p.top"), "type")
        return []
    _keys(data, {"appeals"}, (), report)
    items = data["appeals"]
    if not isinstance(items, list):
        report(("appeals",), msg("appeal.p.appeals_list"), "type")
        return []
    out: list[Appeal] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        where: Where = ("appeals", i)
        if not isinstance(item, Mapping):
            report(where, msg("appeal.p.appeal_type"), "type")
            continue
        _keys(item, _APPEAL_KEYS, where, report)
        ident = _required(item, "id", where, report, "appeal")
        unit = _required(item, "unit", where, report, "appeal")
        node = _required(item, "node", where, report, "appeal")
        reason = _required(item, "reason", where, report, "appeal")
        if ident is not None:
            if ident in seen:
                report((*where, "id"), msg("appeal.p.dupe", id=ident, first=seen[ident]), "dupe")
            seen.setdefault(ident, i)
        review = None
        if item.get("review") is not None and unit is not None:
            review = _review(item["review"], unit, (*where, "review"), report)
        if ident is None or unit is None or node is None or reason is None:
            continue
        out.append(
            Appeal(
                id=ident,
                unit=unit,
                node=node,
                reason=reason,
                filed_by=_optional(item, "filed_by", where, report),
                filed=_optional(item, "filed", where, report),
                review=review,
                where=where,
            )
        )
    return out


def appeals_from_dict(
    data: Mapping[str, Any],
    file: str = "<appeals>",
    marks: Mapping[Where, tuple[int, int]] | None = None,
    key_marks: Mapping[Where, tuple[int, int]] | None = None,
) -> AppealSet:
    """An :class:`AppealSet` from plain data (``{"appeals": [...]}``, the YAML form).

    Raises :class:`~govperf.DataError` listing every problem, located with ``marks``
    (path → line, column) where given.
    """
    marks = dict(marks or {})
    keys = dict(key_marks or {})
    found = AppealSet(appeals=(), file=file, marks=marks, key_marks=keys)
    problems: list[Problem] = []

    def report(where: Where, message: Message, code: str) -> None:
        pos = found.position(where, key=code == "unknown-key")
        problems.append(
            Problem(
                msg=message,
                path=where,
                file=file,
                line=pos[0] if pos else None,
                column=pos[1] if pos else None,
                code=code,
            )
        )

    appeals = _appeals(data, report)
    if problems:
        raise DataError(problems, file)
    return AppealSet(appeals=tuple(appeals), file=file, marks=marks, key_marks=keys)


def _read_bytes(path: Path, display: str) -> bytes:
    def fail(message: Message, code: str) -> DataError:
        return DataError([Problem(msg=message, file=display, code=code)], display)

    if not path.exists():
        raise fail(msg("appeal.p.not_found"), "not-found")
    if path.is_dir():
        raise fail(msg("appeal.p.folder"), "not-found")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise fail(msg("appeal.p.too_large", size=f"{size:,}", limit=f"{MAX_BYTES:,}"), "too-large")
    return path.read_bytes()


def read_appeals(path: str | os.PathLike[str]) -> AppealSet:
    """Read an appeals file: YAML (``.yaml``, ``.yml``) or CSV (``.csv``).

    Raises :class:`~govperf.DataError` listing every problem with its line and column.
    The file is only read.
    """
    source = Path(path)
    display = str(path)
    raw = _read_bytes(source, display)
    if source.suffix.lower() == ".csv":
        return _read_csv(source, display)
    from ..scheme._yaml import load_yaml

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(
            [Problem(msg=msg("appeal.p.encoding"), file=display, code="encoding")],
            display,
        ) from None
    loaded = load_yaml(text, display)
    if loaded.problems:
        raise DataError(loaded.problems, display)
    return appeals_from_dict(loaded.data, display, loaded.marks, loaded.key_marks)


_CSV_HEADERS = {
    "编号": "id",
    "单位编号": "unit",
    "指标": "node",
    "申诉理由": "reason",
    "申诉单位": "filed_by",
    "申诉日期": "filed",
    "复核人": "reviewer",
    "复核结论": "decision",
    "复核日期": "decided",
    "复核意见": "note",
    "处理": "action",
    "数据表": "table",
    "更正单位": "amend_unit",
    "匹配": "match",
    "列": "column",
    "新值": "value",
}
_CSV_COLUMNS = set(_CSV_HEADERS.values())
_APPEAL_COLUMNS = ("unit", "node", "reason", "filed_by", "filed")
_REVIEW_COLUMNS = ("reviewer", "decision", "decided", "note")


def _read_csv(source: Path, display: str) -> AppealSet:
    """The CSV form (one row per amendment) turned into the YAML form, then read."""
    import unicodedata

    from ..io._tables import is_empty, parse_number, parse_text, read_csv

    table, problems = read_csv(source, display)
    if table is None:
        raise DataError(problems, display)
    names: list[str | None] = []
    for k, cell in enumerate(table.header):
        text = unicodedata.normalize("NFKC", str(cell or "")).strip()
        name: str | None = _CSV_HEADERS.get(text, text.lower())
        if name not in _CSV_COLUMNS:
            known = ", ".join(sorted(_CSV_COLUMNS))
            problems.append(
                Problem(
                    msg=msg("appeal.p.column", column=text, known=known),
                    file=display,
                    line=1,
                    column=k + 1,
                    code="unknown-column",
                )
            )
            name = None
        names.append(name)
    if "id" not in names:
        problems.append(
            Problem(msg=msg("appeal.p.no_id_column"), file=display, line=1, code="missing")
        )
    if problems:
        raise DataError(problems, display)
    appeals: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    marks: dict[Where, tuple[int, int]] = {}

    def mark(where: Where, line: int, column: int, *, keep: bool = False) -> None:
        if not (keep and where in marks):
            marks[where] = (line, column)

    for line, cells in table.rows:
        row = {n: c for n, c in zip(names, cells, strict=False) if n and not is_empty(c)}
        col = {n: k + 1 for k, n in enumerate(names) if n}
        if not row:
            continue
        ident = parse_text(row.get("id"))
        if ident is None:
            problems.append(Problem(msg=msg("appeal.p.no_id"), file=display, line=line))
            continue
        if ident not in index:
            index[ident] = len(appeals)
            appeals.append({"id": ident})
        i = index[ident]
        appeal = appeals[i]
        base: Where = ("appeals", i)
        marks.setdefault(base, (line, 1))
        for key in _APPEAL_COLUMNS:
            if key in row and key not in appeal:
                appeal[key] = parse_text(row[key])
                mark((*base, key), line, col[key])
        if any(k in row for k in (*_REVIEW_COLUMNS, "action")):
            review = appeal.setdefault("review", {})
            mark((*base, "review"), line, 1, keep=True)
            for key in _REVIEW_COLUMNS:
                if key in row and key not in review:
                    review[key] = parse_text(row[key])
                    mark((*base, "review", key), line, col[key])
        if "action" in row:
            amendments = appeal["review"].setdefault("amendments", [])
            where: Where = (*base, "review", "amendments", len(amendments))
            marks[where] = (line, col["action"])
            amend: dict[str, Any] = {"action": parse_text(row["action"])}
            for key, target in (("table", "table"), ("amend_unit", "unit"), ("column", "column")):
                if key in row:
                    amend[target] = parse_text(row[key])
                    mark((*where, target), line, col[key])
            if "value" in row:
                number, _why = parse_number(row["value"])
                amend["value"] = number if number is not None else parse_text(row["value"])
                mark((*where, "value"), line, col["value"])
            if "match" in row:
                pairs: dict[str, Any] = {}
                for part in str(row["match"]).split(";"):
                    key, sep, value = part.partition("=")
                    if not sep or not key.strip():
                        problems.append(
                            Problem(
                                msg=msg("appeal.p.match", value=repr(row["match"])),
                                file=display,
                                line=line,
                                column=col["match"],
                                code="value",
                            )
                        )
                        continue
                    number, _why = parse_number(value)
                    pairs[key.strip()] = number if number is not None else value.strip()
                amend["match"] = pairs
                mark((*where, "match"), line, col["match"])
            if amend.get("action") == "add":
                problems.append(
                    Problem(
                        msg=msg("appeal.p.csv_add"),
                        file=display,
                        line=line,
                        column=col["action"],
                        code="value",
                    )
                )
            amendments.append(amend)
    if problems:
        raise DataError(problems, display)
    return appeals_from_dict({"appeals": appeals}, display, marks)
