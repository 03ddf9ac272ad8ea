"""Development sessions for govperf: ``nox`` runs tests, lint, typing and docs.

Modelled on nox's own noxfile and the scientific-python cookie.  Everything the
sessions install comes from ``pyproject.toml``: the Python matrix from the
classifiers and the tools from the PEP 735 dependency groups, so this file never
repeats a version.

    nox                 # tests (every Python found), lint, typing, docs
    nox -s tests-3.12   # one interpreter
    nox -s tests -- -k yaml -x   # arguments after -- go to pytest
    nox -s build        # sdist + wheel, then smoke-test the wheel in a fresh venv
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nox

nox.needs_version = ">=2025.2"
nox.options.default_venv_backend = "uv|virtualenv"
# A machine (or CI runner) without one of the interpreters in the matrix skips that
# session instead of failing; nox would otherwise fail whenever CI is set.
nox.options.error_on_missing_interpreters = False
nox.options.sessions = ["tests", "lint", "typing", "docs"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
PYTHONS = nox.project.python_versions(PYPROJECT)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite (tests/ and the examples in docs/) against the installed package.

    The project is installed as a wheel, not in editable mode, so the tests see what
    a user gets: the bundled scheme files and the entry points of the built package.
    """
    session.install(".")
    session.install(*nox.project.dependency_groups(PYPROJECT, "test"))
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff, and the import layers with import-linter.

    Nothing is rewritten.  ``lint-imports`` reads the contracts in ``pyproject.toml``
    and needs the package importable, so it is installed (without dependencies).
    """
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.install("--no-deps", ".")
    session.run("lint-imports")


@nox.session
def typing(session: nox.Session) -> None:
    """Type-check src and tests with mypy (configured in pyproject.toml)."""
    session.install(".")
    session.install(*nox.project.dependency_groups(PYPROJECT, "typing"))
    session.run("mypy", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML docs; broken references and warnings fail the build.

    ``nox -s docs -- -b linkcheck`` and similar extra arguments go to sphinx-build.
    """
    session.install(".")
    session.install(*nox.project.dependency_groups(PYPROJECT, "docs"))
    shutil.rmtree(ROOT / "docs" / "_build", ignore_errors=True)
    session.run(
        "sphinx-build",
        "-n",
        "-W",
        "--keep-going",
        "-b",
        "html",
        *session.posargs,
        "docs",
        "docs/_build/html",
    )


@nox.session(default=False)
def build(session: nox.Session) -> None:
    """Build the sdist and the wheel, then check the wheel works in a fresh venv.

    The smoke test installs the wheel alone (no source tree on ``sys.path``) and
    loads the bundled scheme, which catches package data missing from the wheel.
    """
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    # uv may be on PATH or only beside the Python running nox (pip install nox uv).
    uv = shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))
    if uv:
        session.run(uv, "build", "--out-dir", str(dist), external=True)
    else:
        session.install("build")
        session.run("python", "-m", "build", "--outdir", str(dist))
    wheels = sorted(dist.glob("govperf-*.whl"))
    sdists = sorted(dist.glob("govperf-*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        session.error(f"expected one wheel and one sdist in {dist}, found {wheels + sdists}")

    smoke = Path(session.create_tmp()).resolve() / "smoke-venv"
    shutil.rmtree(smoke, ignore_errors=True)
    session.run(sys.executable, "-m", "venv", str(smoke), external=True)
    bindir = smoke / ("Scripts" if sys.platform == "win32" else "bin")
    python = str(bindir / "python")
    session.run(python, "-m", "pip", "install", "--quiet", str(wheels[0]), external=True)
    # Run from inside the fresh venv so that the source tree cannot be imported by accident.
    with session.chdir(smoke):
        session.run(
            python,
            "-c",
            "import sys, govperf; s = govperf.load_scheme('xicheng_2013'); "
            "assert len(s.sub_indicators) == 16 and s.total_points == 100, s; "
            "assert govperf.__file__.startswith(sys.prefix), govperf.__file__; "
            "print('wheel OK:', govperf.__version__, s.id, len(s.sub_indicators), "
            "'sub-indicators')",
            external=True,
        )
