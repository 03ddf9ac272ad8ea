"""Run the code examples in the docs (MyST ```python blocks) as tests, with Sybil.

Each page runs in its own empty temporary directory, so examples may write files
(``district.yaml``, ``my_district.yaml``) without touching the source tree.
"""

from __future__ import annotations

import doctest
import os
import shutil
import tempfile
from typing import Any

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser

# The HTML build copies the sources into _build; never collect those.
collect_ignore_glob = ["_build/*"]


def _enter_tmpdir(namespace: dict[str, Any]) -> None:
    namespace["_old_cwd"] = os.getcwd()
    namespace["_tmpdir"] = tempfile.mkdtemp(prefix="govperf-docs-")
    os.chdir(namespace["_tmpdir"])


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
