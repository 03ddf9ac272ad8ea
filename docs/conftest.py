"""Run the code examples in the docs (MyST ```python blocks) as tests, with Sybil.

Each page runs in its own temporary directory, so examples may write files
(``district.yaml``, ``my_district.yaml``) without touching the source tree.  The
directory holds a copy of the repository's ``examples/`` folder, so pages can use
``examples/xicheng_2013`` as a user in the repository root would.
"""

from __future__ import annotations

import doctest
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser

# The HTML build copies the sources into _build; never collect those.
collect_ignore_glob = ["_build/*"]


def _enter_tmpdir(namespace: dict[str, Any]) -> None:
    namespace["_old_cwd"] = os.getcwd()
    namespace["_tmpdir"] = tempfile.mkdtemp(prefix="govperf-docs-")
    os.chdir(namespace["_tmpdir"])
    examples = Path(__file__).resolve().parent.parent / "examples"
    if examples.is_dir():
        shutil.copytree(examples, Path(namespace["_tmpdir"]) / "examples")


def _leave_tmpdir(namespace: dict[str, Any]) -> None:
    os.chdir(namespace.pop("_old_cwd"))
    shutil.rmtree(namespace.pop("_tmpdir"), ignore_errors=True)


pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=doctest.ELLIPSIS),
        SkipParser(),
    ],
    patterns=["*.md"],
    excludes=["_build/*"],
    setup=_enter_tmpdir,
    teardown=_leave_tmpdir,
).pytest()
