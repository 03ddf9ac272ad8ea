"""The audit trail of an appeals round: which steps a re-scoring adds to the log.

Each run of ``govperf appeal apply`` records what the log does not hold yet:

- ``appeal.filed`` for every appeal not filed before (subject: appeal, unit, node;
  after: the appeal as filed);
- ``review.decided`` for every decision not recorded before (subject: appeal, unit,
  reviewer, decision, date, note; before and after: the rows each amendment changed,
  with the file and line they came from);
- ``rescored`` once (subject: the scheme, the SHA-256 of the original data, of the
  appeals file's decisions and of the new results' published figures; before and
  after: total, rank, grade and award eligibility of every unit that changed).

An appeal or a decision that the log records differently from the appeals file is
refused: what was filed or decided is not rewritten, it is appealed again under a
new id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._labels import label
from ..audit import AuditError, Entry, Step
from ._apply import Applied, Rescored, digest

__all__ = ["audit_steps", "check_results", "figures_digest"]


def figures_digest(rescored: Rescored) -> str:
    """The SHA-256 of the new results' published figures (every unit, ranking order).

    Of the same plain data as the ``units`` of the results file (a missing figure as
    ``null``), so that :func:`check_results` can recompute it from the file.
    """
    from ..results._results import _plain as published

    return digest([published(r.to_dict()) for r in rescored.results.ranking()])


def check_results(doc: Mapping[str, Any], entries: Sequence[Entry]) -> tuple[str, str] | None:
    """Whether a re-scored results file (``govperf appeal apply -o FILE.json``, read as
    ``doc``) is the one the log records: ``None`` if it is, else the reason (Chinese,
    English).

    The file's ``appeals.head`` must be the hash of the log's entry number
    ``appeals.entries``, a ``rescored`` entry whose ``results`` digest is that of the
    file's published figures (``units``).
    """
    block = doc.get("appeals")
    if not isinstance(block, Mapping) or "head" not in block or "entries" not in block:
        return _pair("audit.results_none")
    seq, head = block["entries"], block["head"]
    entry = next((e for e in entries if e.seq == seq), None)
    if entry is None or entry.hash != head:
        return _pair("audit.results_head", seq=seq)
    if entry.action != "rescored" or entry.subject.get("results") != digest(doc.get("units")):
        return _pair("audit.results_figures", seq=seq)
    return None


def _pair(key: str, **values: object) -> tuple[str, str]:
    return label(key, "zh", **values), label(key, "en", **values)


def _standing(change_side: int, rescored: Rescored) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in rescored.diff.changes:
        out[c.unit] = {
            "total": c.total[change_side],
            "rank": c.rank[change_side],
            "grade": c.grade[change_side],
            "award_eligible": c.award_eligible[change_side],
        }
    return out


def audit_steps(rescored: Rescored, entries: Sequence[Entry]) -> list[Step]:
    """The steps to append to a log holding ``entries`` (see the module docstring).

    Raises :class:`~govperf.audit.AuditError` when the log records an appeal or a
    decision differently from the appeals file.
    """
    filed = {e.subject.get("appeal"): e for e in entries if e.action == "appeal.filed"}
    decided = {e.subject.get("appeal"): e for e in entries if e.action == "review.decided"}
    by_appeal: dict[str, list[Applied]] = {}
    for item in rescored.applied:
        by_appeal.setdefault(item.appeal, []).append(item)
    steps: list[Step] = []
    conflicts: list[str] = []
    for appeal in rescored.appeals.appeals:
        as_filed = _plain(appeal.to_dict())
        earlier = filed.get(appeal.id)
        if earlier is None:
            steps.append(
                Step(
                    action="appeal.filed",
                    subject={"appeal": appeal.id, "unit": appeal.unit, "node": appeal.node},
                    after=as_filed,
                )
            )
        elif earlier.after != as_filed:
            conflicts.append(_both("appeal.refiled", appeal=appeal.id, seq=earlier.seq))
        review = appeal.review
        if review is None:
            continue
        items = by_appeal.get(appeal.id, [])
        subject = _plain(
            {
                "appeal": appeal.id,
                "unit": appeal.unit,
                "reviewer": review.reviewer,
                "decision": review.decision,
                "decided": review.decided,
                "note": review.note,
            }
        )
        before = _plain(
            [
                {
                    "ref": i.ref,
                    **i.amendment.to_dict(),
                    "rows": list(i.before),
                    "origins": list(i.origins),
                }
                for i in items
            ]
        )
        after = _plain([{"ref": i.ref, "rows": list(i.after)} for i in items])
        earlier = decided.get(appeal.id)
        if earlier is None:
            steps.append(Step(action="review.decided", subject=subject, before=before, after=after))
        elif (earlier.subject, earlier.before, earlier.after) != (subject, before, after):
            conflicts.append(_both("appeal.redecided", appeal=appeal.id, seq=earlier.seq))
    if conflicts:
        raise AuditError("; ".join(conflicts))
    original = rescored.original
    steps.append(
        Step(
            action="rescored",
            subject={
                "scheme": original.scheme.id,
                "data": digest(original.data.to_dict()),
                "appeals": [a.id for a in rescored.decided],
                "decisions": digest(
                    [a.review.to_dict() for a in rescored.decided if a.review is not None]
                ),
                "results": figures_digest(rescored),
                "changed": [c.unit for c in rescored.diff.changes],
            },
            before=_plain(_standing(0, rescored)),
            after=_plain(_standing(1, rescored)),
        )
    )
    return steps


def _both(key: str, **values: object) -> str:
    return f"{label(key, 'zh', **values)} / {label(key, 'en', **values)}"


def _plain(value: Any) -> Any:
    """``value`` as the log stores it (JSON round trip), so comparisons are like for like."""
    import json

    from ..audit import canonical_json

    return json.loads(canonical_json(value))
