"""Shared test configuration: Hypothesis profiles (a bounded one for CI) and warnings as errors."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_configure(config: pytest.Config) -> None:
    # Every library warning fails the test that triggers it unless the test expects it. The
    # filter is added here rather than in pyproject.toml's `filterwarnings` because pytest
    # imports a warning category named there while it reads its configuration, before
    # pytest-cov starts measuring, and every module-level line would count as missed.
    config.addinivalue_line("filterwarnings", "error::penalties.errors.PenaltiesWarning")
