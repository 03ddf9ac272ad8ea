"""The cattrs converter between plain data (YAML/JSON) and the model, with strict types.

cattrs' defaults are lenient (``str(2013)``, ``float("5")``, ``bool("false")``); a
scheme file must not be, so every scalar type gets a strict hook.  Structuring
errors are turned into :class:`~govperf.exceptions.Problem` records with the path
of the offending value (the same walk as ``cattrs.transform_error``).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ..exceptions import PathElement
from ._model import XICHENG_TIERS, Level, Node, Scheme

__all__ = ["converter", "describe", "errors_to_paths", "structure_params", "unstructure_plain"]

T = TypeVar("T")
Path = tuple[PathElement, ...]
Found = tuple[Path, str, str]  # path, message, code


def describe(value: Any) -> str:
    """A short rendering of a bad value for messages."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Strict(TypeError):
    """A value of the wrong type (message says what was expected)."""


def _str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise _Strict(f"expected text, got {describe(value)}")
    return value


def _float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Strict(f"expected a number, got {describe(value)}")
    try:
        result = float(value)
    except OverflowError:  # an integer with hundreds of digits
        raise _Strict(f"expected a finite number, got {describe(value)}") from None
    if not math.isfinite(result):
        raise _Strict(f"expected a finite number, got {value!r}")
    return result


def _int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Strict(f"expected a whole number, got {describe(value)}")
    return value


def _bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise _Strict(f"expected true or false, got {describe(value)}")
    return value


def _date(value: Any, _: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Strict(f"expected a date like 2013-06-21, got {describe(value)}")


def _any(value: Any, _: Any) -> Any:
    return value


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _add_note(exc: Exception, note: Any) -> None:
    """Attach a cattrs note (``__notes__`` is 3.11+; cattrs reads it on 3.10 too)."""
    exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]


def _make_tuple_hook(conv: cattrs.Converter, tp: Any) -> Any:
    item_type = get_args(tp)[0]

    def hook(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise _Strict(f"expected a list, got {describe(value)}")
        items: list[Any] = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                items.append(conv.structure(item, item_type))
            except Exception as exc:  # collected and reported with its path
                _add_note(exc, IterableValidationNote(f"item {i}", i, item_type))
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"while structuring {tp!r}", errors, tp)
        return tuple(items)

    return hook


def _is_literal(tp: Any) -> bool:
    return get_origin(tp) is Literal


def _make_literal_hook(tp: Any) -> Any:
    allowed = get_args(tp)

    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, bool) or value not in allowed:
            choices = ", ".join(repr(a) for a in allowed)
            raise _Strict(f"expected one of {choices}, got {describe(value)}")
        return value

    return hook


def _is_str_mapping(tp: Any) -> bool:
    return get_origin(tp) in (Mapping, dict) and get_args(tp)[:1] == (str,)


def _make_mapping_hook(conv: cattrs.Converter, tp: Any) -> Any:
    value_type = get_args(tp)[1]

    def hook(value: Any, _: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _Strict(f"expected a mapping, got {describe(value)}")
        result: dict[str, Any] = {}
        errors: list[Exception] = []
        for key, item in value.items():
            try:
                if not isinstance(key, str):
                    raise _Strict(f"expected text keys, got {describe(key)}")
                result[key] = conv.structure(item, value_type)
            except Exception as exc:  # collected and reported with its path
                _add_note(exc, IterableValidationNote(f"key {key!r}", key, value_type))
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"while structuring {tp!r}", errors, tp)
        return result

    return hook


def _make_attrs_hook(conv: cattrs.Converter, cl: type) -> Any:
    overrides = {
        a.name: override(rename=a.alias) for a in attrs.fields(cl) if a.alias != a.name and a.init
    }
    inner: Any = make_dict_structure_fn(
        cl,
        conv,
        _cattrs_forbid_extra_keys=True,
        **overrides,  # type: ignore[arg-type]
    )

    def hook(value: Any, tp: Any) -> Any:
        if not isinstance(value, dict):
            raise _Strict(f"expected a mapping of keys to values, got {describe(value)}")
        return inner(value, tp)

    return hook


def _make_unstructure(conv: cattrs.Converter, cl: type) -> Any:
    inner: Any = make_dict_unstructure_fn(
        cl,
        conv,
        _cattrs_omit_if_default=True,
        _cattrs_use_alias=True,  # file keys: a Level's children are its 'indicators'
    )
    order = {a.alias: i for i, a in enumerate(attrs.fields(cl))}

    def hook(value: Any) -> dict[str, Any]:
        if type(value) is not cl:  # a subclass (a Level where a Node is declared)
            result: dict[str, Any] = conv.unstructure(value, unstructure_as=type(value))
            return result
        # cattrs puts omittable fields after the required ones; keep the declared order
        # so that a dumped file reads like a hand-written one (title_en after title).
        data = inner(value)
        return dict(sorted(data.items(), key=lambda kv: order.get(kv[0], len(order))))

    return hook


def _levels_form(scheme: Scheme) -> bool:
    """Whether ``scheme`` is written in the 3-tier ``levels:`` form (it is built of Levels)."""
    if not scheme.children:
        return scheme.tiers == XICHENG_TIERS
    return all(type(node) is Level for node in scheme.children)


def _make_scheme_unstructure(conv: cattrs.Converter) -> Any:
    inner = _make_unstructure(conv, Scheme)

    def hook(scheme: Scheme) -> dict[str, Any]:
        data: dict[str, Any] = inner(scheme)
        if _levels_form(scheme):
            return data
        # The generic form: the tiers are always written, the top tier is 'nodes'.
        tiers = data.get("tiers", [conv.unstructure(t) for t in scheme.tiers])
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key == "levels":
                if "tiers" not in out:
                    out["tiers"] = tiers
                out["nodes"] = value
            else:
                out[key] = value
        if "nodes" not in out:
            out["tiers"] = tiers
            out["nodes"] = []
        return out

    return hook


class _SchemeHook:
    """Structures a scheme in either file form: ``tiers`` + ``nodes``, or ``levels``.

    The two forms differ only in the key of the top tier and in the node classes
    (plain nodes with ``children``, or levels, indicators and sub-indicators).  A
    file with both keys is structured in the generic form; the validator says why
    ``levels`` is not read there.
    """

    def __init__(self, conv: cattrs.Converter) -> None:
        self.fns: dict[str, Any] = {}
        for key, tp in (("levels", tuple[Level, ...]), ("nodes", tuple[Node, ...])):
            top: Any = override(rename=key, struct_hook=self._top(conv, tp))
            self.fns[key] = make_dict_structure_fn(
                Scheme, conv, _cattrs_forbid_extra_keys=True, children=top
            )

    @staticmethod
    def _top(conv: cattrs.Converter, tp: Any) -> Any:
        def hook(value: Any, _: Any) -> Any:
            return conv.structure(value, tp)

        return hook

    def __call__(self, value: Any, tp: Any) -> Scheme:
        if not isinstance(value, dict):
            raise _Strict(f"expected a mapping of keys to values, got {describe(value)}")
        if "levels" in value and "nodes" not in value:
            result: Scheme = self.fns["levels"](value, tp)
            return result
        value = {k: v for k, v in value.items() if k != "levels"}
        try:
            result = self.fns["nodes"](value, tp)
        except ClassValidationError as exc:
            _rename_note(exc, "children", "nodes")
            raise
        return result


def _rename_note(exc: ClassValidationError, name: str, key: str) -> None:
    """Make the errors of attribute ``name`` report the file key ``key``."""
    for sub in exc.exceptions:
        notes = getattr(sub, "__notes__", [])
        for i, note in enumerate(notes):
            if isinstance(note, AttributeValidationNote) and note.name == name:
                notes[i] = AttributeValidationNote(str(note), key, note.type)


def _points_out(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(float, _float)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(_dt.date, _date)
    conv.register_structure_hook_func(lambda tp: tp is Any, _any)
    conv.register_structure_hook_factory(_is_literal, _make_literal_hook)
    conv.register_structure_hook_factory(
        _is_homogeneous_tuple, lambda tp: _make_tuple_hook(conv, tp)
    )
    conv.register_structure_hook_factory(_is_str_mapping, lambda tp: _make_mapping_hook(conv, tp))
    conv.register_structure_hook_factory(attrs.has, lambda cl: _make_attrs_hook(conv, cl))
    conv.register_unstructure_hook(float, _points_out)
    conv.register_unstructure_hook(_dt.date, lambda d: d)
    conv.register_unstructure_hook_factory(attrs.has, lambda cl: _make_unstructure(conv, cl))
    conv.register_structure_hook(Scheme, _SchemeHook(conv))
    conv.register_unstructure_hook(Scheme, _make_scheme_unstructure(conv))
    return conv


converter = _make_converter()
"""The converter for scheme files and params (strict, detailed, no extra keys)."""


def unstructure_plain(value: Any) -> Any:
    """Unstructure to plain data; attrs defaults are omitted so files stay tidy."""
    return converter.unstructure(value)


def _field_names(cl: Any) -> list[str]:
    try:
        names = [a.alias for a in attrs.fields(cl) if a.init]
    except (TypeError, attrs.exceptions.NotAnAttrsClassError):
        return []
    if cl is Scheme:  # the top tier is 'nodes' in the generic form, 'levels' in the other
        names.insert(names.index("levels"), "nodes")
    return names


def _unknown_key_message(key: str, cl: Any) -> str:
    names = _field_names(cl)
    close = difflib.get_close_matches(key, names, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    known = f" (known keys: {', '.join(names)})" if names and not close else ""
    return f"unknown key {key!r}{hint}{known}"


def errors_to_paths(exc: BaseException, path: Path = (), cl: Any = None) -> list[Found]:
    """Flatten a cattrs exception tree into ``(path, message, code)`` triples."""
    found: list[Found] = []
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                sub_path: Path = (*path, _alias(exc.cl, note.name))
            else:
                assert isinstance(note, IterableValidationNote)
                sub_path = (*path, note.index)
            if isinstance(sub, KeyError):
                found.append((sub_path, f"missing required key {sub_path[-1]!r}", "missing-key"))
            else:
                found.extend(errors_to_paths(sub, sub_path, note.type))
        for sub in without:
            found.extend(errors_to_paths(sub, path, getattr(exc, "cl", cl)))
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            found.append(((*path, key), _unknown_key_message(key, exc.cl), "unknown-key"))
    elif isinstance(exc, _Strict):
        found.append((path, str(exc), "type"))
    elif isinstance(exc, (ValueError, TypeError)):
        found.append((path, str(exc) or type(exc).__name__, "invalid"))
    else:
        found.append((path, f"{type(exc).__name__}: {exc}", "invalid"))
    return found


def _alias(cl: Any, name: str) -> str:
    try:
        for a in attrs.fields(cl):
            if a.name == name:
                return str(a.alias)
    except (TypeError, attrs.exceptions.NotAnAttrsClassError):
        pass
    return name


def structure_params(cl: type[T], raw: Any) -> tuple[T | None, list[Found]]:
    """Structure a plugin's ``params`` mapping into its attrs ``Params`` class.

    Unlike plain cattrs structuring, each field's attrs validators run one by one, so
    that a bad value is reported at its own path (``params.cap``) with its own line.
    Cross-field checks in ``__attrs_post_init__`` are reported at ``params`` itself.
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return None, [((), f"expected a mapping of parameters, got {describe(raw)}", "type")]
    found: list[Found] = []
    attrs.resolve_types(cl)  # type: ignore[type-var]
    fields = [a for a in attrs.fields(cl) if a.init]  # type: ignore[arg-type]
    known = {a.alias for a in fields}
    for key in raw:
        if key not in known:
            found.append(((key,), _unknown_key_message(key, cl), "unknown-key"))
    kwargs: dict[str, Any] = {}
    for a in fields:
        if a.alias not in raw:
            if a.default is attrs.NOTHING:
                found.append(((a.alias,), f"missing required parameter {a.alias!r}", "missing-key"))
            continue
        try:
            value = converter.structure(raw[a.alias], a.type)
        except Exception as exc:  # reported with its path
            found.extend(errors_to_paths(exc, (a.alias,), a.type))
            continue
        if a.validator is not None:
            try:
                a.validator(None, a, value)
            except (ValueError, TypeError) as exc:
                found.append(((a.alias,), _validator_message(exc), "invalid"))
                continue
        kwargs[a.alias] = value
    if found:
        return None, found
    try:
        return cl(**kwargs), []
    except (ValueError, TypeError) as exc:
        return None, [((), _validator_message(exc), "invalid")]


def _validator_message(exc: BaseException) -> str:
    if exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)
