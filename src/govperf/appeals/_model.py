"""Appeals (申诉) and their re-review (复核) outcomes, as data, and the file that holds them.

An appeals file is YAML (or CSV, one row per amendment; see the docs)::

    appeals:
      - id: A1
        unit: u03                  # the unit that appeals
        node: s1_2                 # the node (or rule) it contests
        reason: 信访办理漏计一件已办结事项
        filed_by: 区民政局
        filed: 2014-01-20
        review:                    # absent while the appeal is pending
          reviewer: 区政府绩效办
          decided: 2014-02-10
          decision: upheld         # upheld 支持 | partly_upheld 部分支持 | rejected 驳回
          note: 经核实,记录有误
          amendments:
            - {action: set, table: s1_2, column: value, value: 1.8}
            - {action: remove, table: veto, match: {trigger: accountability}}
            - {action: add, table: bonus, row: {item: 创新, points: 1}}

An amendment changes one table of the year's data: ``table`` is a sub-indicator id
(its records), a rule id (its events) or ``splits``; ``unit`` is the appeal's unit
unless given; ``match`` narrows the rows by further columns.  ``set`` replaces one
column of exactly one row, ``remove`` deletes every matching row (at least one),
``add`` appends ``row`` for the unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from attrs import field, frozen

from ..exceptions import PathElement

__all__ = ["DECISIONS", "Action", "Amendment", "Appeal", "AppealSet", "Decision", "Review"]

Action = Literal["set", "remove", "add"]
Decision = Literal["upheld", "partly_upheld", "rejected"]

DECISIONS: Mapping[str, Decision] = {
    "upheld": "upheld",
    "partly_upheld": "partly_upheld",
    "rejected": "rejected",
    "支持": "upheld",
    "部分支持": "partly_upheld",
    "驳回": "rejected",
}
"""The decisions of a re-review, and the Chinese words read as each."""

Where = tuple[PathElement, ...]


def _mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value or {})


@frozen(kw_only=True)
class Amendment:
    """One change of the year's data decided by a re-review."""

    action: Action
    table: str
    """A sub-indicator id (records), a rule id (events) or ``"splits"``."""
    unit: str
    match: Mapping[str, Any] = field(factory=dict, converter=_mapping)
    """Further column values the rows must have (``{"rater": "李"}``)."""
    column: str | None = None
    """``set``: the column to change."""
    value: Any = None
    """``set``: the new value."""
    row: Mapping[str, Any] = field(factory=dict, converter=_mapping)
    """``add``: the new row's columns (its unit is the amendment's ``unit``)."""
    where: Where = ()
    """Where the amendment is in the appeals file (a path, for messages)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the form of the appeals file)."""
        out: dict[str, Any] = {"action": self.action, "table": self.table, "unit": self.unit}
        if self.match:
            out["match"] = dict(self.match)
        if self.action == "set":
            out["column"] = self.column
            out["value"] = self.value
        if self.action == "add":
            out["row"] = dict(self.row)
        return out


@frozen(kw_only=True)
class Review:
    """The outcome of a re-review (复核): who decided what, and the amendments."""

    reviewer: str
    decision: Decision
    decided: str | None = None
    """The date of the decision (ISO), when given."""
    note: str = ""
    amendments: tuple[Amendment, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the form of the appeals file)."""
        return {
            "reviewer": self.reviewer,
            "decision": self.decision,
            "decided": self.decided,
            "note": self.note,
            "amendments": [a.to_dict() for a in self.amendments],
        }


@frozen(kw_only=True)
class Appeal:
    """A written appeal (书面申诉): a unit contests a node's result, with a reason."""

    id: str
    unit: str
    node: str
    """The node (or rule) contested."""
    reason: str
    filed_by: str | None = None
    filed: str | None = None
    """The date it was filed (ISO), when given."""
    review: Review | None = None
    """``None`` while the appeal waits for its re-review."""
    where: Where = ()

    def to_dict(self) -> dict[str, Any]:
        """The appeal without its review, as plain data (what ``appeal.filed`` records)."""
        return {
            "id": self.id,
            "unit": self.unit,
            "node": self.node,
            "reason": self.reason,
            "filed_by": self.filed_by,
            "filed": self.filed,
        }


@frozen(kw_only=True)
class AppealSet:
    """The appeals of one file, with the positions of their values for messages."""

    appeals: tuple[Appeal, ...]
    file: str = "<appeals>"
    marks: Mapping[Where, tuple[int, int]] = field(factory=dict)
    key_marks: Mapping[Where, tuple[int, int]] = field(factory=dict)

    def position(self, where: Where, *, key: bool = False) -> tuple[int, int] | None:
        """The line and column of ``where`` (or of its nearest ancestor) in the file;
        with ``key=True`` of the key itself where known (an unknown key)."""
        probe = tuple(where)
        if key and probe in self.key_marks:
            return self.key_marks[probe]
        while True:
            if probe in self.marks:
                return self.marks[probe]
            if not probe:
                return None
            probe = probe[:-1]
