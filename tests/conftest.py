"""Shared test configuration: Hypothesis profiles and warnings as errors.

Two Hypothesis profiles, the same for everyone (with or without ``CI`` set):

``quick`` (the default: the README's test command and CI)
    Derandomized, so every run draws the same examples and a failure reproduces by running the
    same command again; no example database (``database=None``), so nothing a past run found
    makes a later run differ; no deadline; few examples, so the whole suite stays within a few
    minutes on two cores.
``thorough``
    Random, with many more examples, for a long search (``.ci/run`` runs the property and
    conformance suites under it). Still ``database=None``: each run is a fresh search, and a
    failure prints the ``@reproduce_failure`` blob and the seed to replay it
    (``--hypothesis-seed=N``). Select it with ``--hypothesis-profile=thorough`` (Hypothesis'
    pytest option) or ``HYPOTHESIS_PROFILE=thorough``.

A test that sets its own ``max_examples`` states its quick count through
:func:`tests.helpers.examples`, which scales it with the loaded profile.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

QUICK_EXAMPLES = 20
THOROUGH_EXAMPLES = 200

settings.register_profile(
    "quick",
    max_examples=QUICK_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=THOROUGH_EXAMPLES,
    deadline=None,
    derandomize=False,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# The pytest option --hypothesis-profile, when given, loads its profile after this one.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "quick")


def pytest_configure(config: pytest.Config) -> None:
    # Every library warning fails the test that triggers it unless the test expects it. The
    # filter is added here rather than in pyproject.toml's `filterwarnings` because pytest
    # imports a warning category named there while it reads its configuration, before
    # pytest-cov starts measuring, and every module-level line would count as missed.
    config.addinivalue_line("filterwarnings", "error::penalties.errors.PenaltiesWarning")


def pytest_report_header(config: pytest.Config) -> str:
    current = settings.default
    return (
        f"hypothesis examples per test: {current.max_examples}, "
        f"derandomize={current.derandomize}, database={current.database}"
    )
