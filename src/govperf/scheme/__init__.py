"""The scheme stage: the model, the position-keeping YAML loader, validation, JSON Schema.

A scheme file becomes a frozen :class:`Scheme` here, or a list of located problems.
Nothing in this package scores, reads data or writes output.
"""

from ._load import (
    bundled_scheme_text,
    bundled_schemes,
    dump_scheme,
    load_scheme,
    loads_scheme,
    scheme_from_dict,
    scheme_to_dict,
    validate_scheme,
)
from ._model import (
    XICHENG_TIERS,
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

__all__ = [
    "XICHENG_TIERS",
    "Assessor",
    "EvaluatorSpec",
    "Indicator",
    "Level",
    "Metadata",
    "Node",
    "RuleSpec",
    "Scheme",
    "Scoring",
    "SubIndicator",
    "Tier",
    "UnitGroup",
    "bundled_scheme_text",
    "bundled_schemes",
    "dump_scheme",
    "load_scheme",
    "loads_scheme",
    "scheme_from_dict",
    "scheme_to_dict",
    "validate_scheme",
]
