"""Sphinx configuration for the govperf documentation (MyST Markdown pages, furo theme).

Build with ``nox -s docs`` (``sphinx-build -n -W --keep-going -b html docs docs/_build/html``):
warnings and unresolved references fail the build.
"""

from __future__ import annotations

import os
from importlib.metadata import version as _version

project = "govperf"
author = "govperf developers"
copyright = "govperf developers"  # noqa: A001 - Sphinx's name for it
release = _version("govperf")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "conftest.py", "Thumbs.db", ".DS_Store"]
language = "en"

# -- MyST ---------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- autodoc ------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autodoc_default_options = {"members": True}
# napoleon is loaded but both styles are OFF on purpose.  govperf's docstrings are
# reST prose with no Google or NumPy sections, and napoleon reads the first line of
# every attribute or property docstring that contains a colon -- "Score scale of the
# assessor (e.g. 100); absent: the value is the points." -- as "type: description",
# which mangles the text and breaks the -n build.  Turn a style on only together with
# docstrings written for it.
napoleon_google_docstring = False
napoleon_numpy_docstring = False

# -- intersphinx --------------------------------------------------------------
# The extension stays loaded so that ``:external:`` roles keep working, but the
# mapping is empty ON PURPOSE: the docs must build with ``-n -W`` on machines that
# reach a package index but not the internet (our CI among them).  With a mapping
# to docs.python.org, numpy.org, attrs and cattrs, every unreachable inventory is a
# warning and ``-W`` turns it into a failed build.  Set GOVPERF_DOCS_INTERSPHINX=1
# where the internet is reachable (for example in the Read the Docs project's
# environment variables) to link them.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
if os.environ.get("GOVPERF_DOCS_INTERSPHINX") == "1":
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "attrs": ("https://www.attrs.org/en/stable", None),
        "cattrs": ("https://catt.rs/en/stable", None),
    }
intersphinx_timeout = 10

# Types from outside govperf that cannot be linked without intersphinx.  Only
# genuinely external names belong here; a govperf name that fails to resolve is a
# bug in the docs.
nitpick_ignore = [
    ("py:class", "collections.abc.Iterator"),
    ("py:class", "collections.abc.Mapping"),
    ("py:class", "datetime.date"),
    ("py:class", "datetime.datetime"),
    ("py:class", "collections.abc.Callable"),
    ("py:class", "os.PathLike"),
    ("py:class", "pathlib.Path"),
    ("py:class", "collections.abc.Iterable"),
    ("py:class", "collections.abc.Sequence"),
    ("py:class", "numpy.ndarray"),
    ("py:class", "np.ndarray"),
    ("py:class", "pandas.DataFrame"),
    ("py:class", "matplotlib.figure.Figure"),
    ("py:class", "numpy.random._generator.Generator"),
    ("py:class", "Axes"),  # matplotlib's, in govperf.yearly.plot_trend
    ("py:class", "Figure"),
    ("py:func", "attrs.evolve"),
    ("py:exc", "attrs.exceptions.NotAnAttrsClassError"),
    # Private classes that appear in the fields of govperf.CompiledScheme; they are
    # internal on purpose and not documented.
    ("py:class", "govperf.scoring._compile._Leaf"),
    ("py:class", "govperf.scoring._compile._RuleStep"),
]

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_title = f"govperf {release}"
html_static_path: list[str] = []
