"""Shared fixtures and the hypothesis profiles.

Two profiles, as cattrs does: ``fast`` (the default, for a quick local run) and ``ci``
(more examples, no deadline), chosen when the ``CI`` environment variable is set.
Select one explicitly with ``pytest --hypothesis-profile=ci``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import govperf

# Test helpers (``strategies``) are imported by plain name: the tests folder is not a
# package, and ``--import-mode=importlib`` does not put it on ``sys.path``.
sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile(
    "ci", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fast", max_examples=10, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "fast")


@pytest.fixture(scope="session")
def xicheng() -> govperf.Scheme:
    """The bundled Xicheng 2013 scheme (immutable, so shared)."""
    return govperf.load_scheme("xicheng_2013")
