"""govperf: government performance indicator systems.

Load a scheme (指标体系) from a YAML file or by bundled name, validate it with every
problem reported at once, and score units against it::

    >>> import govperf
    >>> scheme = govperf.load_scheme("xicheng_2013")
    >>> len(scheme.levels), len(scheme.sub_indicators), scheme.total_points
    (3, 16, 100.0)

``import govperf`` imports nothing else: each name below is imported on first use
(attrs, cattrs, PyYAML and numpy then; pandas, openpyxl and matplotlib only for the
features that need them), and plugins are imported when a scheme names them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._api import check_data
    from ._limits import Limits
    from .data._data import EvaluationData, Table, Units
    from .exceptions import (
        DataError,
        GovperfError,
        PluginError,
        PluginLoadError,
        Problem,
        SchemeError,
    )
    from .io import data_from_frames, read_data, write_template
    from .results._notice import MissingItem, MissingNotice
    from .results._results import (
        Explanation,
        NodeTrail,
        Results,
        RuleTrail,
        SubTrail,
        UnitResult,
    )
    from .scheme._diff import SchemeDiff, scheme_diff
    from .scheme._jsonschema import scheme_json_schema
    from .scheme._load import (
        bundled_scheme_text,
        bundled_schemes,
        dump_scheme,
        load_scheme,
        loads_scheme,
        scheme_from_dict,
        scheme_to_dict,
        validate_scheme,
    )
    from .scheme._model import (
        Assessor,
        EvaluatorSpec,
        Indicator,
        Level,
        Metadata,
        Node,
        RuleSpec,
        Scheme,
        Scoring,
        SubIndicator,
        Tier,
        UnitGroup,
    )
    from .scheme._params import with_params
    from .scoring._batch import score_batch
    from .scoring._compile import CompiledScheme, compile_scheme
    from .scoring._missing import MissingPolicy
    from .scoring._restore import results_from_dict
    from .scoring._score import score

__all__ = [
    "Assessor",
    "CompiledScheme",
    "DataError",
    "EvaluationData",
    "EvaluatorSpec",
    "Explanation",
    "GovperfError",
    "Indicator",
    "Level",
    "Limits",
    "Metadata",
    "MissingItem",
    "MissingNotice",
    "MissingPolicy",
    "Node",
    "NodeTrail",
    "PluginError",
    "PluginLoadError",
    "Problem",
    "Results",
    "RuleSpec",
    "RuleTrail",
    "Scheme",
    "SchemeDiff",
    "SchemeError",
    "Scoring",
    "SubIndicator",
    "SubTrail",
    "Table",
    "Tier",
    "UnitGroup",
    "UnitResult",
    "Units",
    "bundled_scheme_text",
    "bundled_schemes",
    "check_data",
    "compile_scheme",
    "data_from_frames",
    "dump_scheme",
    "load_scheme",
    "loads_scheme",
    "read_data",
    "results_from_dict",
    "scheme_diff",
    "scheme_from_dict",
    "scheme_json_schema",
    "scheme_to_dict",
    "score",
    "score_batch",
    "validate_scheme",
    "with_params",
    "write_template",
]

_LAZY: dict[str, str] = {
    "Assessor": ".scheme._model",
    "CompiledScheme": ".scoring._compile",
    "DataError": ".exceptions",
    "EvaluationData": ".data._data",
    "EvaluatorSpec": ".scheme._model",
    "Explanation": ".results._results",
    "GovperfError": ".exceptions",
    "Indicator": ".scheme._model",
    "Level": ".scheme._model",
    "Limits": "._limits",
    "Metadata": ".scheme._model",
    "MissingPolicy": ".scoring._missing",
    "Node": ".scheme._model",
    "NodeTrail": ".results._results",
    "MissingItem": ".results._notice",
    "MissingNotice": ".results._notice",
    "PluginError": ".exceptions",
    "PluginLoadError": ".exceptions",
    "Problem": ".exceptions",
    "Results": ".results._results",
    "RuleSpec": ".scheme._model",
    "RuleTrail": ".results._results",
    "Scheme": ".scheme._model",
    "SchemeError": ".exceptions",
    "Scoring": ".scheme._model",
    "SubIndicator": ".scheme._model",
    "SubTrail": ".results._results",
    "Table": ".data._data",
    "Tier": ".scheme._model",
    "UnitGroup": ".scheme._model",
    "UnitResult": ".results._results",
    "Units": ".data._data",
    "bundled_scheme_text": ".scheme._load",
    "bundled_schemes": ".scheme._load",
    "check_data": "._api",
    "compile_scheme": ".scoring._compile",
    "data_from_frames": ".io",
    "dump_scheme": ".scheme._load",
    "load_scheme": ".scheme._load",
    "loads_scheme": ".scheme._load",
    "read_data": ".io",
    "results_from_dict": ".scoring._restore",
    "scheme_from_dict": ".scheme._load",
    "scheme_json_schema": ".scheme._jsonschema",
    "scheme_to_dict": ".scheme._load",
    "score": ".scoring._score",
    "score_batch": ".scoring._batch",
    "validate_scheme": ".scheme._load",
    "with_params": ".scheme._params",
    "SchemeDiff": ".scheme._diff",
    "scheme_diff": ".scheme._diff",
    "write_template": ".io",
}
"""Where each public name lives: imported on first use, so ``import govperf`` is cheap."""


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("govperf")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govperf' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
