"""Missing (unit, sub-indicator) pairs: the policies and their problems."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from attrs import field, frozen

from ..data._data import EvaluationData
from ..exceptions import DataError, Problem, msg
from ._bind import _label
from ._compile import CompiledScheme

if TYPE_CHECKING:
    pass


TOL = 1e-9


@frozen(kw_only=True)
class MissingPolicy:
    """What to do with a (unit, sub-indicator) pair that has no records.

    - ``error`` (default): stop with one error listing every missing pair;
    - ``zero``: the pair scores 0 points;
    - ``redistribute``: the sub-indicator is not applicable to the unit and its
      parent's points are shared by the other children in proportion to their
      maximum points (up the tree if a whole indicator is missing);
    - ``carry``: the pair gets a given number of points, from ``values``
      (``{sub_id: points}`` or ``{sub_id: {unit_id: points}}``).
    """

    kind: Literal["error", "zero", "redistribute", "carry"] = "error"
    values: Mapping[str, Any] = field(factory=dict)

    def value_for(self, sub_id: str, unit_id: str) -> float | None:
        """The carried points of one pair, if given."""
        entry = self.values.get(sub_id)
        if isinstance(entry, Mapping):
            entry = entry.get(unit_id)
        return None if entry is None else float(entry)


def _missing_problem(compiled: CompiledScheme, data: EvaluationData, u: int, j: int) -> Problem:
    sub = compiled.leaves[j].sub
    assessors = tuple(a.name for a in sub.assessors) or "-"
    return Problem(
        msg=msg(
            "problem.missing.no_data",
            unit=data.units.ids[u],
            name=data.units.names[u],
            node=_label(sub),
            assessors=assessors,
        ),
        path=(sub.id,),
        file="records",
        code="missing",
        unit=data.units.ids[u],
        node=sub.id,
    )


def _apply_missing(
    policy: MissingPolicy,
    compiled: CompiledScheme,
    data: EvaluationData,
    leaf_pts: np.ndarray,
    present: np.ndarray,
    pairs: np.ndarray,
    max_pts: list[np.ndarray],
) -> tuple[np.ndarray, list[tuple[str, str]]]:
    ids = data.units.ids
    names = data.units.names
    filled = [(ids[u], compiled.leaves[j].sub.id) for u, j in pairs]
    if policy.kind == "error":
        raise DataError([_missing_problem(compiled, data, int(u), int(j)) for u, j in pairs])
    out = leaf_pts.copy()
    if policy.kind == "zero":
        out[~present] = 0.0
    elif policy.kind == "carry":
        problems = []
        for u, j in pairs:
            sub = compiled.leaves[j].sub
            value = policy.value_for(sub.id, ids[u])
            if value is None:
                problems.append(
                    Problem(
                        msg=msg(
                            "problem.missing.no_carry", unit=ids[u], name=names[u], node=_label(sub)
                        ),
                        path=(sub.id,),
                        file="records",
                        code="missing",
                        unit=ids[u],
                        node=sub.id,
                    )
                )
            elif not 0.0 <= value <= max_pts[j][u] + TOL:
                problems.append(
                    Problem(
                        msg=msg(
                            "problem.missing.carry_range",
                            value=f"{value:g}",
                            unit=ids[u],
                            name=names[u],
                            node=_label(sub),
                            max=f"{max_pts[j][u]:g}",
                        ),
                        path=(sub.id,),
                        file="records",
                        code="out-of-range",
                        unit=ids[u],
                        node=sub.id,
                    )
                )
            else:
                out[u, j] = value
        if problems:
            raise DataError(problems)
    else:
        out[~present] = np.nan
    return out, filled
