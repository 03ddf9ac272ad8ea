"""Stored results back into :class:`~govperf.Results`, by scoring the stored inputs again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..data._data import EvaluationData
from ..exceptions import DataError, Problem
from ..results._results import RESULTS_FORMAT, Results, _plain
from ..scheme._load import scheme_from_dict

__all__ = ["results_from_dict"]


def results_from_dict(data: Mapping[str, Any]) -> Results:
    """Rebuild results from :meth:`Results.to_dict` output: score again, then compare.

    The stored figures must equal a fresh scoring of the stored scheme and data under
    the stored missing-data policy; :class:`~govperf.DataError` names the units that
    differ.  This lives with the engine, since it scores.
    """
    from ..scoring._missing import MissingPolicy
    from ..scoring._score import score

    if data.get("format") != RESULTS_FORMAT:
        raise DataError(
            [Problem(message=f"unsupported results format {data.get('format')!r}", code="format")]
        )
    scheme = scheme_from_dict(data["scheme"], "results scheme")
    policy = MissingPolicy(
        kind=data["missing_policy"]["kind"], values=data["missing_policy"].get("values") or {}
    )
    results: Results = score(scheme, EvaluationData.from_dict(data["data"]), missing=policy)
    stored = {row["unit"]: row for row in data.get("units", [])}
    mismatched = [
        uid
        for uid in results.units
        if uid in stored and stored[uid] != _plain(results.unit(uid).to_dict())
    ]
    if mismatched or set(stored) != set(results.units):
        raise DataError(
            [
                Problem(
                    message=f"the stored figures do not match a fresh scoring for units "
                    f"{', '.join(sorted(mismatched or set(stored) ^ set(results.units)))}",
                    code="mismatch",
                )
            ]
        )
    return results
