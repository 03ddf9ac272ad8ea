"""Entry points that span stages: data given as a path is read by :mod:`govperf.io` first.

The core (:mod:`govperf.scoring`) never imports the readers; these functions sit
above both, as the package facade.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from ._limits import Limits
from .data._data import EvaluationData
from .exceptions import Problem
from .scheme._model import Scheme
from .scoring._compile import CompiledScheme, compile_scheme
from .scoring._score import check_data as _check_data

__all__ = ["check_data"]


def check_data(
    scheme: Scheme | CompiledScheme,
    data: EvaluationData | Mapping[str, Any] | str | os.PathLike[str],
    *,
    limits: Limits | None = None,
    ignore: Sequence[str] = (),
) -> list[Problem]:
    """Every problem that would stop :func:`~govperf.score` under the default policy.

    Lists unknown units, sub-indicators and rules, malformed or out-of-range values,
    splits that do not add up, and every (unit, sub-indicator) pair without records
    (naming the sub-indicator's assessors, so an office can see who has not submitted
    what).  An empty list means the data scores as it is.

    ``data`` may also be a path (a folder of data files, a workbook or a JSON file):
    it is read with :func:`~govperf.read_data` and the problems found while reading
    come first, each with its file and row; a pair whose template row was left empty
    is reported at that row as not submitted.  ``limits`` bounds what is read and
    ``ignore`` names more note sheets and files to skip, as for :func:`~govperf.read_data`.
    """
    compiled = scheme if isinstance(scheme, CompiledScheme) else compile_scheme(scheme)
    if isinstance(data, (str, os.PathLike)):
        from .io._read import check_path

        return check_path(compiled, data, limits, ignore)
    return _check_data(compiled, data)
