"""Loading, validating and writing scheme files."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._limits import DEFAULT_LIMITS, Limits
from .._text import identifier_problem
from ..exceptions import Problem, SchemeError, _sort_key
from ._convert import converter, errors_to_paths, unstructure_plain
from ._extends import resolve_extends
from ._model import Scheme
from ._validate import check_plain, concerns
from ._yaml import Loaded, dump_yaml, load_yaml

__all__ = [
    "bundled_scheme_text",
    "bundled_schemes",
    "dump_scheme",
    "load_scheme",
    "scheme_to_dict",
    "validate_scheme",
]
if TYPE_CHECKING:
    from importlib.abc import Traversable

SchemeSource = str | os.PathLike[str]

_UNREAD = frozenset({"yaml-tag", "yaml-value", "alias-cycle"})
"""Codes of YAML problems after which the value is read as null."""


def _bundled_folder() -> Traversable:
    """The folder of bundled schemes: ``govperf/schemes`` in the wheel.

    The repository keeps one copy, at its top-level ``schemes/``; the wheel build
    copies it into the package.  A source checkout on ``sys.path`` (an editable
    install) reads the top-level folder directly.
    """
    here = Path(__file__).resolve()
    for folder in (here.parents[1] / "schemes", here.parents[3] / "schemes"):
        if folder.is_dir():  # an installed package, then a source checkout
            return folder
    from importlib import resources  # a package imported from an archive

    return resources.files("govperf") / "schemes"


def bundled_schemes() -> list[str]:
    """Names of the schemes shipped with govperf (usable with :func:`load_scheme`)."""
    folder = _bundled_folder()
    if not folder.is_dir():
        return []
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


def bundled_scheme_text(name: str) -> str:
    """The text of a bundled scheme file, comments included: the start of a district's own.

    ``KeyError`` names the bundled schemes when ``name`` is not one of them.
    """
    if name not in bundled_schemes():
        raise KeyError(f"no bundled scheme {name!r} (bundled: {', '.join(bundled_schemes())})")
    return (_bundled_folder() / f"{name}.yaml").read_text(encoding="utf-8")


def _read(source: SchemeSource, limits: Limits | None = None) -> tuple[str, str]:
    """Return ``(text, display name)`` for a bundled name or a path."""
    limit = (limits or DEFAULT_LIMITS).scheme_file_bytes
    if isinstance(source, str) and source in bundled_schemes():
        entry = _bundled_folder() / f"{source}.yaml"
        return entry.read_text(encoding="utf-8"), f"{source}.yaml"
    path = Path(source)
    display = str(source)
    if not path.exists():
        hint = ""
        if (
            isinstance(source, str)
            and os.sep not in source
            and not source.endswith((".yaml", ".yml"))
        ):
            hint = f" and is not a bundled scheme (bundled: {', '.join(bundled_schemes())})"
        raise SchemeError(
            [Problem(message=f"no such file{hint}", file=display, code="not-found")], display
        )
    if path.is_dir():
        raise SchemeError(
            [Problem(message="is a directory, not a scheme file", file=display, code="not-found")],
            display,
        )
    try:
        size = path.stat().st_size
        if size > limit:
            message = (
                f"the file is {size:,} bytes, over the limit of {limit:,} bytes "
                "for a scheme file; refused before parsing (raise it with "
                "Limits(scheme_file_bytes=…) or --limit scheme_file=…)"
            )
            raise SchemeError([Problem(message=message, file=display, code="too-large")], display)
        raw = path.read_bytes()
    except OSError as exc:
        raise SchemeError(
            [Problem(message=f"cannot read the file: {exc.strerror}", file=display, code="io")],
            display,
        ) from None
    try:
        return raw.decode("utf-8-sig"), display
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SchemeError(
            [
                Problem(
                    message="the file is not UTF-8 text (save it as UTF-8)",
                    file=display,
                    line=line,
                    code="encoding",
                )
            ],
            display,
        ) from None


def _read_parent(ref: str, folder: Path | None) -> tuple[str, str, str, Path | None]:
    """Read the scheme a variant extends: a bundled name, or a path relative to
    ``folder`` (the variant's folder); also the file's key (for cycles) and folder."""
    if ref in bundled_schemes() and not ref.endswith((".yaml", ".yml")):
        text, display = _read(ref)
        return text, display, f"<bundled>/{ref}", None
    path = Path(ref)
    if not path.is_absolute() and folder is not None:
        path = Path(os.path.normpath(folder / path))
    text, display = _read(path)
    return text, display, str(path.resolve()), path.parent


def _load_text(text: str, display: str, folder: Path | None, key: str) -> Loaded:
    """Parse ``text`` and resolve its ``extends`` (see :mod:`govperf.scheme._extends`)."""
    loaded = load_yaml(text, display)
    merged = resolve_extends(loaded, folder, _read_parent, load_yaml, ((key, display),))
    if merged is loaded and isinstance(loaded.data, dict) and "extends" in loaded.data:
        # the parent could not be used: its problems only, not the variant's content
        # judged as a whole scheme
        return Loaded(data=None, file=display, problems=loaded.problems)
    return merged


def _source_key(source: SchemeSource) -> tuple[Path | None, str]:
    """The folder a variant's relative ``extends`` is read from, and the file's key."""
    if isinstance(source, str) and source in bundled_schemes():
        return None, f"<bundled>/{source}"
    path = Path(source)
    return path.parent, str(path.resolve())


def _parse(loaded: Loaded) -> tuple[Scheme | None, list[Problem]]:
    problems = list(loaded.problems)
    if loaded.data is None:
        return None, problems
    if not isinstance(loaded.data, dict):
        problems.append(
            loaded.problem(
                (), "a scheme file must be a mapping of keys to values at the top level", "type"
            )
        )
        return None, problems
    scheme: Scheme | None = None
    try:
        scheme = converter.structure(loaded.data, Scheme)
    except Exception as exc:  # every structuring error becomes a problem
        for path, message, code in errors_to_paths(exc):
            problems.append(loaded.problem(path, message, code, key=code == "unknown-key"))
    problems.extend(check_plain(loaded))
    taken = {p.path for p in problems}  # an id the pattern refuses is not refused twice
    problems.extend(p for p in _identifier_problems(loaded) if p.path not in taken)
    # A value the YAML layer could not read became null; do not report it again as
    # "expected text, got nothing" at the same place.
    unread = [p.path for p in loaded.problems if p.code in _UNREAD]
    if unread:
        problems = [
            p
            for p in problems
            if p.code in _UNREAD or not any(p.path[: len(u)] == u for u in unread)
        ]
    return (scheme if not problems else None), [_with_concerns(loaded, p) for p in problems]


def _identifier_problems(loaded: Loaded) -> list[Problem]:
    """Every ``id`` and ``name`` in the document that breaks the identifier rule
    (:mod:`govperf._text`): invisible characters, or full-width forms in an id."""
    found: list[Problem] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), loaded.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                here = (*path, key)
                if key in ("id", "name") and isinstance(child, str):
                    why = identifier_problem(child, is_id=key == "id")
                    if why is not None:
                        found.append(loaded.problem(here, f"the {key} {why}", "identifier"))
                elif isinstance(child, (dict, list)):
                    stack.append((here, child))
        elif isinstance(value, list):
            stack += [((*path, i), v) for i, v in enumerate(value) if isinstance(v, (dict, list))]
    return found


def _with_concerns(loaded: Loaded, problem: Problem) -> Problem:
    """The problem with the ids of the node or rule it is about, for programs."""
    node, rule = concerns(loaded.data, problem.path)
    if node is None and rule is None:
        return problem
    return attrs.evolve(problem, node=node, rule=rule)


def load_scheme(source: SchemeSource, *, limits: Limits | None = None) -> Scheme:
    """Load a scheme by bundled name (``"xicheng_2013"``) or from a YAML file path.

    Raises :class:`~govperf.exceptions.SchemeError` listing every problem in the
    file, each with its line, column and path.  A file larger than
    ``limits.scheme_file_bytes`` (4 MiB by default, see :class:`~govperf.Limits`) is
    refused before it is parsed.

    A scheme file may ``extends:`` another (a variant, see :doc:`/scheme-format`);
    the merged scheme is validated as a whole and each problem is located in the file
    its content came from.
    """
    text, display = _read(source, limits)
    folder, key = _source_key(source)
    scheme, problems = _parse(_load_text(text, display, folder, key))
    if problems or scheme is None:
        raise SchemeError(problems, display)
    return scheme


def loads_scheme(
    text: str, filename: str = "<string>", folder: str | os.PathLike[str] | None = None
) -> Scheme:
    """Load a scheme from YAML text; ``filename`` is used in error messages.

    A variant's relative ``extends`` path is read from ``folder`` (default: the
    current directory).
    """
    where = Path(folder) if folder is not None else Path()
    scheme, problems = _parse(_load_text(text, filename, where, filename))
    if problems or scheme is None:
        raise SchemeError(problems, filename)
    return scheme


def scheme_from_dict(data: Mapping[str, Any], source: str = "<dict>") -> Scheme:
    """Build a scheme from plain data (parsed JSON, or YAML loaded elsewhere)."""
    scheme, problems = _parse(Loaded(data=dict(data), file=source))
    if problems or scheme is None:
        raise SchemeError(problems, source)
    return scheme


def validate_scheme(
    source: SchemeSource | Scheme | Mapping[str, Any], *, limits: Limits | None = None
) -> list[Problem]:
    """Every problem in a scheme file, bundled scheme, plain mapping or :class:`Scheme`.

    Returns an empty list when the scheme is valid.  Unlike :func:`load_scheme` it
    does not raise for an invalid scheme, which suits editors and web forms.
    ``limits`` as for :func:`load_scheme`.
    """
    if isinstance(source, Scheme):
        loaded = Loaded(data=scheme_to_dict(source), file=f"scheme {source.id}")
    elif isinstance(source, Mapping):
        loaded = Loaded(data=dict(source), file="<dict>")
    else:
        try:
            text, display = _read(source, limits)
        except SchemeError as exc:
            return list(exc.problems)
        folder, key = _source_key(source)
        loaded = _load_text(text, display, folder, key)
    return sorted(_parse(loaded)[1], key=_sort_key)


def scheme_to_dict(scheme: Scheme) -> dict[str, Any]:
    """The scheme as plain data in file form (``schema_version`` first, defaults omitted)."""
    data = unstructure_plain(scheme)
    assert isinstance(data, dict)
    return {"schema_version": scheme.schema_version, **data}


def dump_scheme(scheme: Scheme, path: SchemeSource | None = None) -> str:
    """Write ``scheme`` as YAML (to ``path`` when given) and return the text.

    The output loads back to an equal scheme; Chinese text is written as is.  The file
    is written atomically: a crash leaves the earlier file or none, never half a scheme.
    """
    text = "# govperf scheme file: see the scheme file format reference in the docs\n"
    text += dump_yaml(scheme_to_dict(scheme))
    if path is not None:
        _write_atomically(Path(path), text)
    return text


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, sync it and rename it over
    ``path`` (the scheme stage's own copy of what :mod:`govperf.output` does for every
    output, which the core may not import)."""
    import contextlib
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f".~{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        mask = os.umask(0)
        os.umask(mask)
        with contextlib.suppress(OSError):
            os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
