"""Re-scoring after re-review: amend the year's data, score again, say what changed and why.

Nothing is modified: the original data and results stay as they are, the amended data
is a new :class:`~govperf.EvaluationData`, and the new results a new
:class:`~govperf.Results`.  :class:`AppealDiff` lists every unit whose published
total, rank, grade, award eligibility, vetoes or node points changed, with the
amendments that touched the unit (or ``indirect`` when its figures moved because
other units' did: ranks, quotas and relative scoring compare units with each other).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from attrs import frozen

from .._labels import label
from ..data._data import EvaluationData, Table
from ..exceptions import DataError, Message, Problem, msg
from ._model import Amendment, Appeal, AppealSet

if TYPE_CHECKING:
    from ..results._results import Results, UnitResult
    from ..scheme._model import Scheme
    from ..scoring._missing import MissingPolicy

__all__ = [
    "INDIRECT",
    "AppealDiff",
    "Applied",
    "NodeChange",
    "Rescored",
    "UnitChange",
    "amend",
    "diff_results",
    "rescore",
]

INDIRECT = "indirect"
"""The cause of a change in a unit no amendment touched."""

TOL = 1e-9


@frozen(kw_only=True)
class Applied:
    """One amendment as applied: the rows before and after, and where they came from."""

    ref: str
    """``A1#1``: the appeal's id and the amendment's number in its review."""
    appeal: str
    amendment: Amendment
    before: tuple[Mapping[str, Any], ...]
    """The rows as they were (none for ``add``)."""
    after: tuple[Mapping[str, Any], ...]
    """The rows as they are now (none for ``remove``)."""
    origins: tuple[str, ...]
    """Where the rows changed came from (``区信访办.csv:5``), for ``set`` and ``remove``."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data (what the ``review.decided`` audit entry records)."""
        return {
            "ref": self.ref,
            **self.amendment.to_dict(),
            "before": [dict(r) for r in self.before],
            "after": [dict(r) for r in self.after],
            "origins": list(self.origins),
        }


@frozen(kw_only=True)
class NodeChange:
    """One node whose published points changed for a unit."""

    node: str
    name: str
    before: float
    after: float
    name_en: str | None = None


@frozen(kw_only=True)
class UnitChange:
    """What changed for one unit between the original and the new results, and why."""

    unit: str
    name: str
    total: tuple[float, float]
    rank: tuple[int | None, int | None]
    grade: tuple[str | None, str | None]
    award_eligible: tuple[bool, bool]
    vetoes: tuple[tuple[str, ...], tuple[str, ...]]
    nodes: tuple[NodeChange, ...]
    causes: tuple[str, ...]
    """The refs of the amendments of this unit (``A1#1``), or ``("indirect",)``."""

    @property
    def fields(self) -> tuple[str, ...]:
        """Which of ``total``, ``rank``, ``grade``, ``award_eligible``, ``vetoes`` changed."""
        out = []
        for name in ("total", "rank", "grade", "award_eligible", "vetoes"):
            a, b = getattr(self, name)
            if (abs(a - b) > TOL) if name == "total" else a != b:
                out.append(name)
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: each figure as ``{"before": …, "after": …}``."""

        def pair(value: tuple[Any, Any]) -> dict[str, Any]:
            a, b = value
            return {
                "before": list(a) if isinstance(a, tuple) else a,
                "after": list(b) if isinstance(b, tuple) else b,
            }

        return {
            "unit": self.unit,
            "name": self.name,
            "total": pair(self.total),
            "rank": pair(self.rank),
            "grade": pair(self.grade),
            "award_eligible": pair(self.award_eligible),
            "vetoes": pair(self.vetoes),
            "nodes": [
                {
                    "node": n.node,
                    "name": n.name,
                    "name_en": n.name_en,
                    "before": n.before,
                    "after": n.after,
                }
                for n in self.nodes
            ],
            "changed": list(self.fields),
            "causes": list(self.causes),
        }


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= TOL


@frozen(kw_only=True)
class AppealDiff:
    """Every unit whose published figures changed, in the new ranking's order."""

    changes: tuple[UnitChange, ...]
    precision: int = 2

    def __len__(self) -> int:
        return len(self.changes)

    def unit(self, unit: str) -> UnitChange:
        """The change of one unit (:class:`KeyError` if it did not change)."""
        for change in self.changes:
            if change.unit == unit:
                return change
        raise KeyError(f"unit {unit!r} did not change")

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-serialisable data (a missing figure as ``None``)."""
        from ..results._results import _plain

        return {"changes": [_plain(c.to_dict()) for c in self.changes]}

    def to_rows(self, lang: str = "zh") -> list[list[str]]:
        """The diff as text rows, the header first (for a table, CSV or Markdown)."""
        p = self.precision
        keys = ("unit", "name", "total", "rank", "grade", "award", "nodes", "causes")
        rows = [[label(f"appeal.col_{k}", lang) for k in keys]]

        def arrow(a: Any, b: Any, fmt: str = "") -> str:
            def shown(v: Any) -> str:
                if v is None:
                    return "-"
                if isinstance(v, bool):
                    return label("yes" if v else "no", lang)
                return format(v, fmt) if fmt else str(v)

            return shown(a) if a == b else f"{shown(a)} → {shown(b)}"

        sep = label("list_sep", lang)
        for c in self.changes:
            nodes = sep.join(
                f"{n.name_en if lang == 'en' and n.name_en else n.name} "
                f"{n.before:.{p}f} → {n.after:.{p}f}"
                for n in c.nodes
            )
            causes = sep.join(
                label("appeal.indirect", lang) if x == INDIRECT else x for x in c.causes
            )
            rows.append(
                [
                    c.unit,
                    c.name,
                    arrow(c.total[0], c.total[1], f".{p}f"),
                    arrow(*c.rank),
                    arrow(*c.grade),
                    arrow(*c.award_eligible),
                    nodes or "-",
                    causes,
                ]
            )
        return rows

    def to_text(self, lang: str = "zh") -> str:
        """An aligned text table (``govperf appeal apply`` prints it)."""
        from ..output._text import format_table

        if not self.changes:
            return label("appeal.no_change", lang)
        rows = self.to_rows(lang)
        return "\n".join(format_table(rows, [False] * len(rows[0])))


@frozen(kw_only=True)
class Rescored:
    """The outcome of re-scoring: original and new results, the amendments, the diff."""

    original: Results
    results: Results
    appeals: AppealSet
    applied: tuple[Applied, ...]
    diff: AppealDiff

    @property
    def pending(self) -> tuple[str, ...]:
        """Appeals still waiting for their re-review."""
        return tuple(a.id for a in self.appeals.appeals if a.review is None)

    @property
    def decided(self) -> tuple[Appeal, ...]:
        """Appeals with a re-review decision (upheld, partly upheld or rejected)."""
        return tuple(a for a in self.appeals.appeals if a.review is not None)


# -- amending -------------------------------------------------------------------------


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    return a == b or (a is not None and b is not None and str(a) == str(b))


def _tables(data: EvaluationData) -> dict[tuple[str, str], tuple[list[dict[str, Any]], list[str]]]:
    """Every table's rows (plain dicts) and origins, keyed by (kind, id)."""
    plain = data.to_dict()
    out: dict[tuple[str, str], tuple[list[dict[str, Any]], list[str]]] = {}

    def origins(table: Table | None, n: int) -> list[str]:
        if table is None or table.origin is None:
            return [f"row {i + 1}" for i in range(n)]
        return [table.origin[i] for i in range(n)]

    for kind in ("records", "events"):
        source: Mapping[str, Table] = getattr(data, kind)
        for key, rows in plain[kind].items():
            out[(kind, key)] = (rows, origins(source.get(key), len(rows)))
    if "splits" in plain:
        rows = plain["splits"]
        out[("splits", "splits")] = (rows, origins(data.splits, len(rows)))
    return out


def amend(
    scheme: Scheme, data: EvaluationData, appeals: AppealSet
) -> tuple[EvaluationData, tuple[Applied, ...]]:
    """The data with every upheld or partly upheld appeal's amendments applied, in order.

    Checked against the scheme and the data first: each appeal's unit is a unit, its
    node a node or rule of the scheme; each amendment's table a sub-indicator, a rule
    or ``splits``, its unit a unit, and its rows there (exactly one for ``set``, at
    least one for ``remove``).  :class:`~govperf.DataError` lists every problem, located
    in the appeals file.  ``data`` is not changed.
    """
    units = set(data.units.ids)
    leaves = {s.id for s in scheme.iter_sub_indicators()}
    nodes = {n.id for n in scheme.iter_nodes()}
    rules = {r.id for r in scheme.rules}
    tables = _tables(data)
    problems: list[Problem] = []

    def report(where: tuple[Any, ...], message: Message, code: str) -> None:
        pos = appeals.position(where)
        problems.append(
            Problem(
                msg=message,
                path=where,
                file=appeals.file,
                line=pos[0] if pos else None,
                column=pos[1] if pos else None,
                code=code,
            )
        )

    applied: list[Applied] = []
    for appeal in appeals.appeals:
        if appeal.unit not in units:
            report((*appeal.where, "unit"), msg("appeal.p.no_unit", unit=appeal.unit), "unit")
        if appeal.node not in nodes and appeal.node not in rules:
            report(
                (*appeal.where, "node"),
                msg("appeal.p.no_node", node=appeal.node, scheme=scheme.id),
                "node",
            )
        review = appeal.review
        if review is None or review.decision == "rejected":
            continue
        for k, am in enumerate(review.amendments, start=1):
            ref = f"{appeal.id}#{k}"
            if am.table == "splits":
                key = ("splits", "splits")
            elif am.table in leaves:
                key = ("records", am.table)
            elif am.table in rules:
                key = ("events", am.table)
            else:
                report(
                    (*am.where, "table"),
                    msg("appeal.p.no_table", table=am.table, scheme=scheme.id),
                    "table",
                )
                continue
            if am.unit not in units:
                report((*am.where, "unit"), msg("appeal.p.no_unit", unit=am.unit), "unit")
                continue
            rows, origins = tables.setdefault(key, ([], []))
            hits = [
                i
                for i, row in enumerate(rows)
                if row.get("unit") == am.unit
                and all(_equal(row.get(c), v) for c, v in am.match.items())
            ]
            what = f"{am.table} / {am.unit}" + "".join(f", {c}={v}" for c, v in am.match.items())
            if am.action == "add":
                row = {"unit": am.unit, **am.row}
                pos = appeals.position(am.where)
                rows.append(row)
                origins.append(f"{appeals.file}:{pos[0] if pos else '?'} ({ref})")
                applied.append(
                    Applied(
                        ref=ref,
                        appeal=appeal.id,
                        amendment=am,
                        before=(),
                        after=(dict(row),),
                        origins=(),
                    )
                )
                continue
            if not hits:
                report(am.where, msg("appeal.p.no_row", what=what), "no-row")
                continue
            if am.action == "set":
                if len(hits) > 1:
                    report(
                        am.where,
                        msg(
                            "appeal.p.many_rows",
                            n=len(hits),
                            what=what,
                            rows=tuple(origins[i] for i in hits),
                        ),
                        "many-rows",
                    )
                    continue
                i = hits[0]
                assert am.column is not None
                columns = {c for r in rows for c in r} - {"unit"}
                if am.column not in columns:
                    report(
                        (*am.where, "column"),
                        msg(
                            "appeal.p.no_column",
                            table=am.table,
                            column=am.column,
                            columns=", ".join(sorted(columns)),
                        ),
                        "column",
                    )
                    continue
                before = dict(rows[i])
                rows[i] = {**rows[i], am.column: am.value}
                applied.append(
                    Applied(
                        ref=ref,
                        appeal=appeal.id,
                        amendment=am,
                        before=(before,),
                        after=(dict(rows[i]),),
                        origins=(origins[i],),
                    )
                )
            else:  # remove
                gone = tuple(dict(rows[i]) for i in hits)
                where = tuple(origins[i] for i in hits)
                for i in reversed(hits):
                    del rows[i]
                    del origins[i]
                applied.append(
                    Applied(
                        ref=ref,
                        appeal=appeal.id,
                        amendment=am,
                        before=gone,
                        after=(),
                        origins=where,
                    )
                )
    if problems:
        raise DataError(problems, appeals.file)

    def table(key: tuple[str, str]) -> Table:
        rows, origins = tables[key]
        return Table.from_records(rows, origin=origins)

    amended = EvaluationData(
        units=data.units,
        records={k: table(("records", k)) for kind, k in tables if kind == "records"},
        events={k: table(("events", k)) for kind, k in tables if kind == "events"},
        splits=table(("splits", "splits")) if ("splits", "splits") in tables else None,
    )
    return amended, tuple(applied)


# -- the diff ---------------------------------------------------------------------------


def _changed_nodes(a: UnitResult, b: UnitResult) -> list[tuple[str, float, float]]:
    return [
        (k, a.points[k], b.points.get(k, math.nan))
        for k in a.points
        if not _same(a.points[k], b.points.get(k, math.nan))
    ]


def diff_results(original: Results, new: Results, applied: Sequence[Applied] = ()) -> AppealDiff:
    """Every unit whose published figures differ between ``original`` and ``new``.

    Compared per unit: the total, rank, grade, award eligibility, vetoes and the
    points of every node (published figures, as the reports print them).  Each change
    names the amendments of its unit in ``applied``, or ``indirect``.  The units must
    be the same in both.
    """
    scheme = new.scheme
    by_unit: dict[str, list[str]] = {}
    for item in applied:
        by_unit.setdefault(item.amendment.unit, []).append(item.ref)
    changes = []
    for row in new.ranking():
        before = original.unit(row.unit)
        nodes = tuple(
            NodeChange(
                node=k,
                name=scheme.node(k).name,
                name_en=scheme.node(k).name_en,
                before=a,
                after=b,
            )
            for k, a, b in _changed_nodes(before, row)
        )
        change = UnitChange(
            unit=row.unit,
            name=row.name,
            total=(before.total, row.total),
            rank=(before.rank, row.rank),
            grade=(before.grade, row.grade),
            award_eligible=(before.award_eligible, row.award_eligible),
            vetoes=(tuple(before.vetoes), tuple(row.vetoes)),
            nodes=nodes,
            causes=tuple(by_unit.get(row.unit, [INDIRECT])),
        )
        if nodes or change.fields:
            changes.append(change)
    return AppealDiff(changes=tuple(changes), precision=new.precision)


def rescore(
    scheme: Scheme,
    data: EvaluationData,
    appeals: AppealSet,
    *,
    missing: str | MissingPolicy = "error",
    original: Results | None = None,
) -> Rescored:
    """Apply the decided appeals to ``data``, score again, and compare with the original.

    ``original`` is the year's published results (scored here from ``data`` when not
    given).  Pending and rejected appeals change nothing; upheld and partly upheld ones
    apply their amendments in file order (:func:`amend`).  Neither ``data`` nor
    ``original`` is changed: the new results are scored from a new
    :class:`~govperf.EvaluationData`.
    """
    from ..scoring._score import score

    if original is None:
        original = score(scheme, data, missing=missing)
    amended, applied = amend(scheme, data, appeals)
    new = score(scheme, amended, missing=missing)
    return Rescored(
        original=original,
        results=new,
        appeals=appeals,
        applied=applied,
        diff=diff_results(original, new, applied),
    )


def digest(value: Any) -> str:
    """The SHA-256 (hex) of ``value``'s canonical JSON (what the audit log records)."""
    from ..audit import canonical_json

    return hashlib.sha256(canonical_json(value)).hexdigest()
