"""The missing-data notice: what a policy other than ``error`` changed, for people to read.

When the ``zero``, ``redistribute`` or ``carry`` policy fills (unit, sub-indicator)
pairs that had no data, every figure above them changes.  An office must say so
wherever it publishes figures: ``govperf score``, ``report`` and ``explain`` print the
notice on stderr, and every report and the workbook carry it.  The notice names how
many pairs were filled, for how many units, and for each sub-indicator its assessors
(考评主体) and the files its data came from (or that no file was received).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrs import frozen

from .._labels import check_lang, label

if TYPE_CHECKING:
    from ._results import Results

__all__ = ["MissingItem", "MissingNotice", "missing_notice"]


@frozen(kw_only=True)
class MissingItem:
    """One sub-indicator with pairs filled by the policy."""

    sub_indicator: str
    name: str
    name_en: str | None
    units: tuple[str, ...]
    """The units whose pair was filled, in the data's unit order."""
    assessors: tuple[str, ...]
    """The assessors (考评主体) the scheme names for the sub-indicator."""
    files: tuple[str, ...]
    """The files the sub-indicator's rows came from (empty for data given in Python)."""
    received: bool = True
    """Whether any row of the sub-indicator was received at all (a whole file missing:
    ``False``)."""


@frozen(kw_only=True)
class MissingNotice:
    """What the missing-data policy changed: see :meth:`govperf.Results.missing_notice`."""

    policy: str
    pairs: int
    """The (unit, sub-indicator) pairs filled."""
    units: int
    """The units with at least one pair filled."""
    items: tuple[MissingItem, ...]
    n_units: int = 0
    """All units of the year (so that "all units" can be said instead of a list)."""

    def text(self, lang: str = "zh") -> str:
        """The notice as one sentence, in Chinese (``"zh"``) or English (``"en"``)."""
        lang = check_lang(lang)
        sep = label("list_sep", lang)
        parts = []
        for item in self.items:
            name = item.name_en if lang == "en" and item.name_en else item.name
            parts.append(
                label(
                    "notice.item",
                    lang,
                    name=f"{name} [{item.sub_indicator}]",
                    count=len(item.units),
                    units=self._units(item.units, lang),
                    assessors=sep.join(item.assessors) or "—",
                    files=(sep.join(item.files) or "—")
                    if item.received
                    else label("notice.no_file", lang),
                )
            )
        policy_key = f"policy.{self.policy}"
        return label(
            "notice.missing",
            lang,
            policy=label(policy_key, lang),
            n=self.pairs,
            units=self.units,
            items=label("notice.item_sep", lang).join(parts),
        )

    def _units(self, units: tuple[str, ...], lang: str) -> str:
        """The units of one item: all of them, up to ten by id, or the first ten and more."""
        if len(units) == self.n_units:
            return label("notice.all_units", lang)
        sep = label("list_sep", lang)
        if len(units) <= _SHOWN:
            return sep.join(units)
        return label("notice.more_units", lang, units=sep.join(units[:_SHOWN]))


_SHOWN = 10
"""Units listed by id in one item of the notice."""


def _file(origin: str) -> str:
    """The file of a row origin: ``"leaders.csv:12"`` → ``"leaders.csv"``."""
    head, _, tail = origin.rpartition(":")
    return head if head and tail.isdigit() else origin


def _files(origins: Sequence[str] | None) -> tuple[str, ...]:
    if origins is None:
        return ()
    return tuple(dict.fromkeys(_file(str(o)) for o in origins))


def missing_notice(results: Results) -> MissingNotice | None:
    """The notice of what the missing-data policy filled; ``None`` when it filled nothing.

    Under the ``error`` policy nothing is ever filled (missing data stops scoring), so
    this is ``None`` then too.
    """
    if not results.filled or results.policy.kind == "error":
        return None
    by_sub: dict[str, list[str]] = {}
    for uid, sid in results.filled:
        by_sub.setdefault(sid, []).append(uid)
    sch = results.scheme
    items = []
    for sid in results.compiled.leaf_ids:
        if sid not in by_sub:
            continue
        node = sch.node(sid)
        table = results.data.records.get(sid)
        items.append(
            MissingItem(
                sub_indicator=sid,
                name=node.name,
                name_en=node.name_en,
                units=tuple(by_sub[sid]),
                assessors=tuple(a.name for a in node.assessors),
                files=_files(None if table is None else table.origin),
                received=table is not None and table.n_rows > 0,
            )
        )
    return MissingNotice(
        policy=results.policy.kind,
        pairs=len(results.filled),
        units=len({uid for uid, _ in results.filled}),
        items=tuple(items),
        n_units=len(results),
    )
