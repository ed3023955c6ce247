"""Robustness in python-stdnum's manner: every public constructor and loader, fed junk, raises a
`PenaltiesError` or a `TypeError`; never another exception, never a hang. Below the junk suite,
regression tests for each failure this suite and the conformance suite found."""

from __future__ import annotations

import datetime as dt

import pytest

from penalties import (
    ExpiresAfter,
    PolicyDefinitionError,
    Schedule,
)

# --------------------------------------------------------------------------- regressions


def test_expiry_schedule_must_cover_every_date() -> None:
    # Found by policies(): a validity that starts on a date left earlier violations without
    # an expiry, and the engine failed an internal assertion instead of a clear error.
    with pytest.raises(PolicyDefinitionError, match=r"start its Schedule with \(None, days\)"):
        ExpiresAfter(Schedule.dated((dt.date(2020, 1, 1), 365)))
    assert ExpiresAfter(Schedule.dated((None, 365), (dt.date(2020, 1, 1), 180)))
