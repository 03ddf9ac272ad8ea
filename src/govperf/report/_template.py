"""A district's own report templates (letterhead, wording), rendered with Jinja2.

A template folder holds ``feedback.html`` (each unit's feedback report),
``summary.html`` (the summary for the leading group) or both; a report without its
template keeps govperf's built-in page.  Templates are Jinja2 (the optional extra
``govperf[templates]``, imported only when a template is asked for), rendered in a
sandbox with **autoescaping on**: every text from the scheme or the data (a unit
named ``<script>``) is escaped, and only govperf's own markup (``content``, ``chart``,
``head``, ``css``) is inserted as it is.  An undefined variable is an error, not an
empty string, so a misspelt name does not print a blank.  See "District templates"
in docs/reports.md for the variables a template gets.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from .._labels import Lang, label
from ..exceptions import GovperfError

__all__ = ["TEMPLATE_NAMES", "Templates", "load_templates"]

TEMPLATE_NAMES = ("feedback.html", "summary.html")
"""The files a template folder may hold, one per kind of report."""


def _jinja2() -> Any:
    try:
        import jinja2
        import jinja2.sandbox
    except ImportError as exc:
        raise ImportError(label("report.template_missing", "en")) from exc
    return jinja2


@frozen
class Templates:
    """The templates of one folder, loaded and checked (see :func:`load_templates`)."""

    folder: Path
    lang: Lang
    compiled: Mapping[str, Any]
    """File name → compiled Jinja2 template, for the files the folder holds."""

    def has(self, kind: str) -> bool:
        """Whether the folder has a template for ``kind`` (``"feedback"``, ``"summary"``)."""
        return f"{kind}.html" in self.compiled

    def render(self, kind: str, context: Mapping[str, Any]) -> str:
        """Render the template of ``kind`` with ``context``; errors are located."""
        jinja2 = _jinja2()
        name = f"{kind}.html"
        try:
            text: str = self.compiled[name].render(**context)
        except jinja2.TemplateError as exc:
            raise _located(self.folder / name, exc, self.lang) from None
        return text if text.endswith("\n") else text + "\n"


def _located(path: Path, exc: Exception, lang: Lang) -> GovperfError:
    line = getattr(exc, "lineno", None)
    if line is None:  # a render error: the template's line from the traceback
        tb = exc.__traceback__
        wanted = os.path.normpath(str(path))
        while tb is not None:
            if os.path.normpath(tb.tb_frame.f_code.co_filename) == wanted:
                line = tb.tb_lineno
            tb = tb.tb_next
    message = getattr(exc, "message", None) or str(exc)
    return GovperfError(
        label("report.template_error", lang, path=path, line=line or 1, message=message)
    )


def load_templates(folder: str | os.PathLike[str], lang: Lang = "zh") -> Templates:
    """Load and compile the templates of ``folder``: ``feedback.html``, ``summary.html``.

    Raises :class:`ImportError` naming the extra ``govperf[templates]`` when Jinja2 is
    not installed, and :class:`govperf.GovperfError` for a folder that does not exist,
    holds neither template, or holds one that does not compile (``file:line:
    message``), before any report is written.
    """
    jinja2 = _jinja2()
    path = Path(folder)
    if not path.is_dir():
        raise GovperfError(label("report.template_folder", lang, path=path))
    present = [name for name in TEMPLATE_NAMES if (path / name).is_file()]
    if not present:
        raise GovperfError(label("report.template_none", lang, path=path))
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(path), encoding="utf-8"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    compiled: dict[str, Any] = {}
    for name in present:
        try:
            compiled[name] = env.get_template(name)
        except jinja2.TemplateError as exc:
            raise _located(path / name, exc, lang) from None
    return Templates(folder=path, lang=lang, compiled=compiled)


def markup(text: str) -> Any:
    """``text`` marked safe: govperf's own escaped HTML, inserted as it is."""
    import markupsafe  # a dependency of Jinja2

    return markupsafe.Markup(text)
