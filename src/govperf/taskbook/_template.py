"""A blank task book for a scheme and its units (``govperf taskbook template``).

One CSV file (UTF-8 with a BOM, which Excel opens with Chinese intact), headers in
Chinese (or English): for every unit, one split row per child of every pooled node
(分配分值 to fill in) and one task row ``T1`` per node that scores tasks, with the
node's first assessor.  Copy a task row for each further task.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence

from .._labels import Lang
from ..data._data import Units
from ..output._atomic import write_text
from ..output._sheet import csv_cell_text
from ..scheme._model import Scheme
from ._check import task_nodes
from ._read import COLUMNS

__all__ = ["template_columns", "write_taskbook_template"]

_ORDER = (
    "unit",
    "unit_name",
    "node",
    "node_name",
    "task",
    "name",
    "weight",
    "direction",
    "target",
    "challenge",
    "baseline",
    "assessor",
    "deadline",
    "points",
    "actual",
    "remark",
)

# the Chinese header of each column (the first Chinese alias)
_ZH = {name: next(a for a in COLUMNS[name] if not a.isascii()) for name in _ORDER}


def template_columns(lang: Lang = "zh") -> tuple[str, ...]:
    """The headers of a task book template, in ``lang`` (both are read back)."""
    return tuple(_ZH[c] if lang == "zh" else c for c in _ORDER)


def write_taskbook_template(
    scheme: Scheme,
    units: Units | Sequence[str],
    path: str | os.PathLike[str],
    *,
    year: int | None = None,
    lang: Lang = "zh",
    overwrite: bool = False,
) -> None:
    """Write a blank task book (CSV) for ``scheme`` and ``units`` to ``path``.

    Written atomically; an existing file is refused unless ``overwrite``.  ``year``
    fills the deadline column with 31 December of that year.
    """
    ids = units.ids if isinstance(units, Units) else tuple(units)
    names = units.names if isinstance(units, Units) else tuple(units)
    pools = [n for n in scheme.iter_nodes() if n.pooled]
    tasks = task_nodes(scheme)
    deadline = f"{year}-12-31" if year is not None else ""
    higher = "正向" if lang == "zh" else "higher"
    rows: list[list[str]] = []
    for uid, uname in zip(ids, names, strict=True):
        for pool in pools:
            for child in pool.children:
                row = dict.fromkeys(_ORDER, "")
                row.update(unit=uid, unit_name=uname, node=child.id, node_name=child.name)
                rows.append([row[c] for c in _ORDER])
        for nid in tasks:
            node = scheme.node(nid)
            row = dict.fromkeys(_ORDER, "")
            row.update(
                unit=uid,
                unit_name=uname,
                node=nid,
                node_name=node.name,
                task="T1",
                weight="1",
                direction=higher,
                assessor=node.assessors[0].name if node.assessors else "",
                deadline=deadline,
            )
            rows.append([row[c] for c in _ORDER])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(template_columns(lang))
    writer.writerows([csv_cell_text(c) for c in row] for row in rows)
    write_text(path, buffer.getvalue(), encoding="utf-8-sig", newline="", overwrite=overwrite)
