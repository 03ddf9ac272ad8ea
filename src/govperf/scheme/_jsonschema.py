"""A JSON Schema (draft 2020-12) of the scheme file format, generated from the model.

The schema is derived by walking the attrs classes of :mod:`govperf._model` (their
fields, resolved types and defaults), so it cannot drift from what
:func:`govperf.load_scheme` reads: a field added to the model appears in the schema,
and a field type the generator does not know raises :class:`TypeError` instead of
being silently left out.  Editors (VS Code's YAML extension, JetBrains IDEs) use the
schema for completion and inline errors while a scheme file is written.

The schema checks shape and types only.  What needs the whole document -- points
that add up, unique ids, markers that are explained -- is checked by
:func:`govperf.validate_scheme`, which remains the authority.

Every evaluator and rule available when the schema is generated -- the built-ins and
any installed or registered plugin -- contributes the schema of its ``Params`` class,
generated the same way: ``kind`` is one of their names, and ``params`` is checked
against the chosen kind's parameters (``if``/``then`` on ``kind``), so an editor
completes parameter names and flags a misspelt one.  Constraints come from the
validators of :mod:`govperf.plugin` on a field (``positive`` gives
``exclusiveMinimum: 0``, ``fraction`` ``minimum: 0, maximum: 1``), from a field's
``metadata={"json_schema": {...}}``, and descriptions from the docstring written
under a field (or ``metadata={"description": ...}``).  A plugin that fails to load,
or whose ``Params`` use a type the generator does not know, keeps free-form
``params`` with a description saying why.

The file format asks a little more than the model's defaults do, and the schema
follows the file format: ``schema_version`` is required (``const`` 1), and a scheme
gives its tree in one of two forms (``oneOf``): ``tiers`` and ``nodes``, each node
with ``children`` to any depth (one recursive ``Node`` definition), or the 3-tier
``levels`` form, where a level needs indicators and an indicator sub-indicators.
That every branch reaches the last tier is the validator's to check.  These
overrides, and the few value constraints the validator enforces (positive points,
the id pattern, the precision range), are listed in :data:`_FIELD_EXTRAS` and
:data:`_REQUIRED_EXTRAS` below.
"""

from __future__ import annotations

import ast
import datetime as _dt
import functools
import inspect
import itertools
import textwrap
import types
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from .. import _checks
from .._plugins import Registry
from .._plugins import evaluators as _evaluators
from .._plugins import rules as _rules
from ..exceptions import PluginError
from ._model import SCHEMA_VERSION, Level, Node, Scheme
from ._validate import ID_PATTERN

__all__ = ["scheme_json_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the generated schema."""

_ID = {"type": "string", "pattern": ID_PATTERN.pattern}
_POSITIVE = {"exclusiveMinimum": 0}

_OPTIONAL_POSITIVE = {"anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "null"}]}
_GROUP_POINTS = {"type": "object", "additionalProperties": {"type": "number", **_POSITIVE}}

_FIELD_EXTRAS: dict[str, dict[str, Any]] = {
    "Scheme.schema_version": {"const": SCHEMA_VERSION},
    "Scheme.total_points": _POSITIVE,
    "Scheme.tiers": {"minItems": 1},
    "Scheme.children": {"minItems": 1},
    "Node.id": _ID,
    "Node.points": _OPTIONAL_POSITIVE,
    "Node.points_by_group": _GROUP_POINTS,
    "Level.id": _ID,
    "Level.points": _POSITIVE,
    "Level.points_by_group": _GROUP_POINTS,
    "Level.children": {"minItems": 1},
    "Indicator.id": _ID,
    "Indicator.points": _POSITIVE,
    "Indicator.points_by_group": _GROUP_POINTS,
    "Indicator.children": {"minItems": 1},
    "SubIndicator.id": _ID,
    "SubIndicator.points": _OPTIONAL_POSITIVE,
    "SubIndicator.points_by_group": _GROUP_POINTS,
    "UnitGroup.id": _ID,
    "RuleSpec.id": _ID,
    "Scoring.precision": {"minimum": 0, "maximum": 6},
}
"""Constraints merged into a field's generated schema (``Class.field``), mirroring
checks that :mod:`govperf._validate` makes; ``anyOf`` replaces the generated one."""

_REQUIRED_EXTRAS: dict[str, tuple[str, ...]] = {
    "Scheme": ("schema_version",),
    "Level": ("children",),
    "Indicator": ("children",),
}
"""Fields the file format requires although the model gives them a default (by name)."""

_POINTS = "Maximum points; the children's points add up to it."
_GROUPS = (
    "Points that differ for a unit group, keyed by group id; a group not listed uses "
    "'points'. Each group's points add up like the points do."
)
_DESCRIPTIONS: dict[str, str] = {
    "Scheme.schema_version": "Version of the scheme file format; this release reads 1.",
    "Scheme.id": "Short identifier of the scheme, e.g. xicheng_2013.",
    "Scheme.title": "Title of the indicator system as printed (指标体系).",
    "Scheme.title_en": "English title.",
    "Scheme.total_points": "Points of the whole tree; the top tier's points add up to it.",
    "Scheme.metadata": "Where the scheme comes from and whom it covers.",
    "Scheme.markers": "Marks printed before node names (such as △), each with what it means.",
    "Scheme.tiers": (
        "The tiers of the tree, one per depth, top first (e.g. 一级指标, 二级指标); "
        "required with 'nodes'. The 3-tier 'levels' form defaults to 评价层面, 一级指标, 二级指标."
    ),
    "Scheme.groups": "Unit groups (分类考核) whose units may have their own points.",
    "Scheme.scoring": "Scheme-wide scoring settings.",
    "Scheme.rules": "Bonus, deduction, veto, grade and exclusion rules, applied in this order.",
    "Node.id": "Identifier unique within the scheme.",
    "Node.points": (
        "Maximum points; the children's points add up to it. Omitted only for the "
        "children of a pooled node."
    ),
    "Node.points_by_group": _GROUPS,
    "Node.pooled": (
        "True when the points are shared by the children (all leaves) in a split that comes "
        "with each year's data; the children then have no points."
    ),
    "Node.combine": (
        "How a branch combines its children: sum (default; their points add up to the "
        "node's), or min, max or mean (weighted by the children's points) of the children's "
        "results each scaled to the node's points; then their points need not add up."
    ),
    "Node.marker": "A mark printed before the name of a leaf; explained under 'markers'.",
    "Node.content": "What is assessed (考评内容); leaves only.",
    "Node.assessors": "Offices that score this leaf (考评主体).",
    "Node.evaluator": "How raw facts become points on this leaf (考评细则).",
    "Node.children": "The nodes of the next tier; a node without children is a leaf.",
    "Level.id": "Identifier unique within the scheme.",
    "Level.points": "Maximum points; the indicators' points add up to it.",
    "Level.points_by_group": _GROUPS,
    "Level.children": "The indicators (一级指标) of this level.",
    "Level.combine": (
        "How the level combines its indicators: sum (default), min, max or mean "
        "(weighted by their points), each scaled to the level's points."
    ),
    "Indicator.id": "Identifier unique within the scheme.",
    "Indicator.points": "Maximum points; the sub-indicators' points add up to it unless pooled.",
    "Indicator.points_by_group": _GROUPS,
    "Indicator.pooled": (
        "True when the points are shared by the sub-indicators in a split that comes with "
        "each year's data; the sub-indicators then have no points."
    ),
    "Indicator.children": "The sub-indicators (二级指标) of this indicator.",
    "Indicator.combine": (
        "How the indicator combines its sub-indicators: sum (default), min, max or mean "
        "(weighted by their points), each scaled to the indicator's points."
    ),
    "SubIndicator.id": "Identifier unique within the scheme.",
    "SubIndicator.points": "Maximum points; omitted when the parent indicator is pooled.",
    "SubIndicator.points_by_group": _GROUPS,
    "SubIndicator.marker": "A mark printed before the name; explained under 'markers'.",
    "SubIndicator.content": "What is assessed (考评内容).",
    "SubIndicator.assessors": "Offices that score this sub-indicator (考评主体).",
    "SubIndicator.evaluator": "How raw facts become points (考评细则).",
    "Tier.name": "Name of the tier as the scheme calls it, e.g. 一级指标.",
    "Tier.name_en": "English name of the tier, e.g. indicator.",
    "UnitGroup.id": "Identifier of the group, as units name it in the data's 'group' column.",
    "UnitGroup.name": "Name of the group as printed, e.g. 街道.",
    "EvaluatorSpec.kind": "Name of an evaluator plugin (entry-point group govperf.evaluators).",
    "EvaluatorSpec.params": "Parameters of the evaluator; checked by the plugin.",
    "RuleSpec.id": "Identifier unique within the scheme.",
    "RuleSpec.kind": "Name of a rule plugin (entry-point group govperf.rules).",
    "RuleSpec.params": "Parameters of the rule; checked by the plugin.",
    "Assessor.name": "Name of the office as printed.",
    "Assessor.role": "How the office takes part, as the document says.",
    "Metadata.document_number": "Number of the issuing document, e.g. 西政办发〔2013〕15号.",
    "Metadata.issue_date": "Date the document was signed (YYYY-MM-DD).",
    "Metadata.publication_date": "Date the document was published (YYYY-MM-DD).",
    "Scoring.precision": "Decimals of published figures (rounded half up).",
    "Scoring.tie_break": "Node ids (of any tier) whose points break ties in the ranking, in order.",
    "Scoring.within_groups": (
        "Rank units, apply grade quotas and take medians within each unit group."
    ),
}
"""Field descriptions (attrs fields carry no docstrings), keyed by ``Class.field``."""

_NULL: dict[str, Any] = {"type": "null"}
_JSON_SCALARS = (str, int, float, bool, type(None))


class _Generator:
    """Turns attrs classes into JSON Schema objects, collecting nested classes in ``defs``."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.names: dict[type, str] = {}

    def def_name(self, cls: type) -> str:
        """The ``$defs`` key of ``cls``: its name, qualified by its module when two
        classes (a plugin's and the model's, say) share a name."""
        if cls not in self.names:
            name = cls.__name__
            if name in self.defs:
                name = f"{cls.__module__}.{cls.__qualname__}"
            self.names[cls] = name
        return self.names[cls]

    def ref(self, cls: type) -> dict[str, Any]:
        """A ``$ref`` to ``cls`` under ``$defs``, generating its definition once."""
        name = self.def_name(cls)
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: stops recursion on self-referencing classes
            try:
                self.defs[name] = self.object_schema(cls)
            except TypeError:
                del self.defs[name]
                del self.names[cls]
                raise
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(self, cls: type) -> dict[str, Any]:
        """The schema of one attrs class: its init fields, keyed by their aliases."""
        attrs.resolve_types(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        extra_required = _REQUIRED_EXTRAS.get(cls.__name__, ())
        docs = _attribute_docs(cls)
        for a in attrs.fields(cls):
            if not a.init:
                continue
            key = f"{cls.__name__}.{a.name}"
            prop = _constrain(self.type_schema(a.type), _validator_constraints(a.validator))
            extras = {**_FIELD_EXTRAS.get(key, {}), **a.metadata.get("json_schema", {})}
            if "anyOf" in extras or "const" in extras:
                prop = {}
            prop.update(extras)
            description = (
                _DESCRIPTIONS.get(key) or a.metadata.get("description") or docs.get(a.name)
            )
            if description:
                prop = {"description": description, **prop}
            default = _json_default(a)
            if default is not _NO_DEFAULT and a.name not in extra_required:
                prop["default"] = default
            properties[a.alias] = prop
            if a.default is attrs.NOTHING or a.name in extra_required:
                required.append(a.alias)
        schema: dict[str, Any] = {"type": "object"}
        doc = inspect.getdoc(cls)
        if doc:
            schema["description"] = " ".join(doc.split("\n\n")[0].split())
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def type_schema(self, tp: Any) -> dict[str, Any]:
        """The schema of a resolved type annotation."""
        if tp is Any:
            return {}
        if tp is type(None):
            return dict(_NULL)
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is str:
            return {"type": "string"}
        if tp is _dt.datetime:
            return {"type": "string", "format": "date-time"}
        if tp is _dt.date:
            return {"type": "string", "format": "date"}
        if isinstance(tp, type) and attrs.has(tp):
            return self.ref(tp)
        origin = get_origin(tp)
        args = get_args(tp)
        if origin is Union or origin is types.UnionType:
            return {"anyOf": [self.type_schema(arg) for arg in args]}
        if origin is Literal:
            return {"enum": list(args)}
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.type_schema(args[0])}
            if args == ((),) or not args:
                return {"type": "array", "maxItems": 0}
            return {
                "type": "array",
                "prefixItems": [self.type_schema(arg) for arg in args],
                "minItems": len(args),
                "maxItems": len(args),
            }
        if origin in (list, Sequence, frozenset, set):
            return {"type": "array", "items": self.type_schema(args[0]) if args else {}}
        if origin in (dict, Mapping):
            if args and args[0] is not str:
                raise TypeError(f"mapping keys must be text in a scheme file, not {args[0]!r}")
            values = self.type_schema(args[1]) if args else {}
            schema: dict[str, Any] = {"type": "object"}
            if values:
                schema["additionalProperties"] = values
            return schema
        raise TypeError(f"no JSON Schema for the type {tp!r}; teach govperf._jsonschema it")


@functools.cache
def _attribute_docs(cls: type) -> dict[str, str]:
    """The docstrings written under a class's fields (``x: int`` then ``\"\"\"…\"\"\"``),
    joined into one line each; empty when the source cannot be read."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    out: dict[str, str] = {}
    for stmt, after in itertools.pairwise(body):
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            out[stmt.target.id] = " ".join(after.value.value.split())
    return out


_VALIDATOR_CONSTRAINTS: dict[Any, dict[str, Any]] = {
    _checks.positive: {"exclusiveMinimum": 0},
    _checks.positive_or_none: {"exclusiveMinimum": 0},
    _checks.non_negative: {"minimum": 0},
    _checks.fraction: {"minimum": 0, "maximum": 1},
    _checks.fraction_or_none: {"minimum": 0, "maximum": 1},
    _checks.non_empty_text: {"minLength": 1, "pattern": r"\S"},
}
"""What govperf's shared validators (:mod:`govperf.plugin`) require, as JSON Schema."""


def _validator_constraints(validator: Any) -> dict[str, Any]:
    """The constraints of a field's validators (known ones; an ``and_`` of them too)."""
    if validator is None:
        return {}
    inner = getattr(validator, "_validators", None)  # attrs.validators.and_
    if inner is not None:
        out: dict[str, Any] = {}
        for v in inner:
            out.update(_validator_constraints(v))
        return out
    try:
        return dict(_VALIDATOR_CONSTRAINTS.get(validator, {}))
    except TypeError:  # an unhashable validator object
        return {}


def _constrain(schema: dict[str, Any], constraints: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with numeric or text ``constraints`` added where they apply (into the
    number or string branch of an ``anyOf``, so ``null`` stays allowed)."""
    if not constraints:
        return schema
    kind = "string" if "minLength" in constraints else ("number", "integer")
    if "anyOf" in schema:
        return {**schema, "anyOf": [_constrain(branch, constraints) for branch in schema["anyOf"]]}
    if schema.get("type") in kind or schema.get("type") == kind:
        return {**schema, **constraints}
    return schema


class _NoDefault:
    """Marks a field whose default has no JSON form (an attrs class made by a factory)."""


_NO_DEFAULT: Any = _NoDefault()


def _json_default(a: attrs.Attribute[Any]) -> Any:
    """The field's default as JSON, or :data:`_NO_DEFAULT` when it has none that is plain."""
    default: Any = a.default
    if default is attrs.NOTHING:
        return _NO_DEFAULT
    factory = getattr(default, "factory", None)
    if callable(factory) and hasattr(default, "takes_self"):  # an attrs.Factory
        if default.takes_self:
            return _NO_DEFAULT
        default = factory()
    if isinstance(default, _JSON_SCALARS):
        return default
    if isinstance(default, (tuple, list)) and all(isinstance(x, _JSON_SCALARS) for x in default):
        return list(default)
    if isinstance(default, dict) and not default:
        return {}
    return _NO_DEFAULT


def _plugin_params(gen: _Generator, registry: Registry, name: str) -> dict[str, Any]:
    """The schema of one plugin's ``params``; free-form, saying why, when it cannot be made."""
    try:
        plugin = registry.get(name)
    except PluginError as exc:  # PluginLoadError too
        return {"type": "object", "description": f"Not described: {exc}"}
    params_cls = plugin.Params
    if params_cls is None:
        return {"type": "object", "maxProperties": 0, "description": "No parameters."}
    try:
        return gen.ref(params_cls)
    except TypeError as exc:
        return {"type": "object", "description": f"Not described: {exc}"}


def _by_kind(gen: _Generator, spec: dict[str, Any], registry: Registry, what: str) -> None:
    """Make ``spec`` (EvaluatorSpec or RuleSpec) check ``params`` against its ``kind``."""
    names = registry.names()
    if not names:
        return
    props = spec["properties"]
    props["kind"] = {**props["kind"], "enum": names}
    branches = []
    for name in names:
        params = _plugin_params(gen, registry, name)
        described = {**params}
        if "$ref" in params:
            described = {"$ref": params["$ref"], "description": f"Parameters of the {what} {name}."}
        branches.append(
            {
                "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                "then": {"properties": {"params": described}},
            }
        )
    spec["allOf"] = branches


def scheme_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scheme file, as a new dict on every call.

    Validate a scheme file with any JSON Schema validator after loading the YAML
    (dates written as ``YYYY-MM-DD`` text), or point an editor at the schema written
    by ``govperf schema -o scheme.schema.json``.  A file that passes the schema may
    still fail :func:`govperf.validate_scheme`, which also checks that points add up,
    that ids are unique and what a plugin checks across its parameters.

    Every evaluator and rule available in this process (built-in, installed or
    registered) is loaded to describe its parameters; ``kind`` must be one of them.
    """
    gen = _Generator()
    root = gen.object_schema(Scheme)
    # The two forms of the tree: 'nodes' (with 'tiers') at any depth, or the 3-tier
    # 'levels'.  The model's one field is 'levels' to its constructor.
    properties = root["properties"]
    levels = properties.pop("levels")
    nodes = {
        **levels,
        "description": "The top tier of the tree, each node with its children (any depth).",
        "items": gen.ref(Node),
    }
    levels = {
        **levels,
        "description": "The top tier of the 3-tier form (评价层面), in place of 'tiers' + 'nodes'.",
        "items": gen.ref(Level),
    }
    rules = properties.pop("rules")
    # The file format puts the version first; keep that order for readers of the schema.
    root["properties"] = {
        "schema_version": properties.pop("schema_version"),
        **properties,
        "nodes": nodes,
        "levels": levels,
        "rules": rules,
    }
    root["required"] = ["schema_version", *(r for r in root["required"] if r != "schema_version")]
    root["oneOf"] = [
        {"required": ["tiers", "nodes"], "not": {"required": ["levels"]}},
        {"required": ["levels"], "not": {"required": ["nodes"]}},
    ]
    # every plugin's parameters, from its Params class; loading a plugin imports it
    _by_kind(gen, gen.defs["EvaluatorSpec"], _evaluators, "evaluator")
    _by_kind(gen, gen.defs["RuleSpec"], _rules, "rule")
    return {
        "$schema": DRAFT,
        "title": "govperf scheme file",
        **root,
        "description": (
            "A govperf scheme file (指标体系): a tree of nodes with their points, tiers of any "
            "depth ('tiers' and 'nodes', or the 3-tier 'levels' form), assessors and "
            "evaluators on the leaves, unit groups, plus bonus, veto and other rules. "
            + root.get("description", "")
        ).strip(),
        "$defs": dict(sorted(gen.defs.items())),
    }
