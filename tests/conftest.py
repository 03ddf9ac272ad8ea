"""Shared fixtures and the hypothesis profiles.

Two profiles, as cattrs does: ``fast`` (few examples, for a quick local run) and ``ci``
(more examples, no deadline).  ``ci`` is chosen when the ``CI`` environment variable is
set; ``GOVPERF_HYPOTHESIS_PROFILE=fast|ci`` chooses either explicitly (it wins over
``CI``), and so does ``pytest --hypothesis-profile=NAME``.

The schemes and data behind the fixtures are in ``samples.py`` (with their
hand-computed figures), so that a test can also vary their text or data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import govperf

# Test helpers (``samples``, ``strategies``) are imported by plain name: the tests
# folder is not a package, and ``--import-mode=importlib`` does not put it on
# ``sys.path``.
sys.path.insert(0, str(Path(__file__).parent))

import samples

settings.register_profile(
    "ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fast", max_examples=10, deadline=None)
settings.load_profile(
    os.environ.get("GOVPERF_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "fast")
)


@pytest.fixture(scope="session")
def xicheng() -> govperf.Scheme:
    """The bundled Xicheng 2013 scheme (immutable, so shared)."""
    return govperf.load_scheme("xicheng_2013")


@pytest.fixture(scope="session")
def small() -> govperf.Scheme:
    """:data:`samples.SMALL_SCHEME` (data: :func:`samples.small_data`)."""
    return govperf.loads_scheme(samples.SMALL_SCHEME, "small.yaml")


@pytest.fixture(scope="session")
def demo() -> govperf.Scheme:
    """``data/years/demo.yaml``, the scheme of the evaluation-year folders beside it."""
    return govperf.load_scheme(samples.YEARS / "demo.yaml")


@pytest.fixture(scope="session")
def output_results() -> govperf.Results:
    """:data:`samples.OUTPUT_SCHEME` scored on :func:`samples.output_data`."""
    return samples.score_output()


@pytest.fixture(scope="session")
def report_scheme() -> govperf.Scheme:
    """:data:`samples.REPORT_SCHEME`."""
    return govperf.loads_scheme(samples.REPORT_SCHEME, "small.yaml")


@pytest.fixture(scope="session")
def report_results(report_scheme: govperf.Scheme) -> govperf.Results:
    """:data:`samples.REPORT_SCHEME` scored on :func:`samples.report_data`."""
    return govperf.score(report_scheme, samples.report_data())


@pytest.fixture(scope="session")
def tree() -> govperf.Scheme:
    """:data:`samples.TREE`, the engine tests' tree (data: :func:`samples.tree_data`)."""
    return govperf.loads_scheme(samples.TREE)
