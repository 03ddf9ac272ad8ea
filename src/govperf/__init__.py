"""govperf: government performance indicator systems.

Load a scheme (指标体系) from a YAML file or by bundled name, validate it with every
problem reported at once, and score units against it::

    >>> import govperf
    >>> scheme = govperf.load_scheme("xicheng_2013")
    >>> len(scheme.levels), len(scheme.sub_indicators), scheme.total_points
    (3, 16, 100.0)

``import govperf`` imports only attrs, cattrs, PyYAML and numpy; pandas, openpyxl and
matplotlib are imported when a feature that needs them is used, and plugins are
imported when a scheme names them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._api import check_data
from .data._data import EvaluationData, Table, Units
from .exceptions import (
    DataError,
    GovperfError,
    PluginError,
    PluginLoadError,
    Problem,
    SchemeError,
)
from .results._results import Explanation, Results, RuleTrail, SubTrail, UnitResult
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
from .scoring._batch import score_batch
from .scoring._compile import CompiledScheme, compile_scheme
from .scoring._missing import MissingPolicy
from .scoring._restore import results_from_dict
from .scoring._score import score

if TYPE_CHECKING:  # imported lazily by __getattr__ below
    from .io import data_from_frames, read_data, write_template

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
    "Metadata",
    "MissingPolicy",
    "Node",
    "PluginError",
    "PluginLoadError",
    "Problem",
    "Results",
    "RuleSpec",
    "RuleTrail",
    "Scheme",
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
    "scheme_from_dict",
    "scheme_json_schema",
    "scheme_to_dict",
    "score",
    "score_batch",
    "validate_scheme",
    "write_template",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("govperf")
    if name == "scheme_json_schema":
        from .scheme._jsonschema import scheme_json_schema

        return scheme_json_schema
    if name in ("read_data", "write_template", "data_from_frames"):
        from . import io

        return getattr(io, name)
    raise AttributeError(f"module 'govperf' has no attribute {name!r}")
