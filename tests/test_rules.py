"""penalties.rules: the checks each rule makes when it is built, and the small queries
(levels crossed, score levels, validity in words) the engine and explanations rely on."""

from __future__ import annotations

import datetime as dt

import pytest

from penalties import (
    CalendarReset,
    ExpiresAfter,
    InvalidEventError,
    Ledger,
    Never,
    PolicyDefinitionError,
    SanctionKind,
    SanctionSpec,
    Schedule,
    Severity,
    Threshold,
    Violation,
    ViolationKind,
    YearlyReset,
    get_policy,
)
from penalties.rules import MAX_LEVELS_CROSSED

FREEZE = (SanctionSpec(SanctionKind.FREEZE, 7),)


def test_a_threshold_version_must_end_after_it_starts() -> None:
    day = dt.date(2024, 1, 1)
    with pytest.raises(PolicyDefinitionError, match="effective_until 2024-01-01 is not after"):
        Threshold(12, FREEZE, effective_from=day, effective_until=day)
    version = Threshold(12, FREEZE, effective_from=day, effective_until=dt.date(2025, 1, 1))
    assert [version.in_force(d) for d in (dt.date(2023, 12, 31), day, dt.date(2025, 1, 1))] == [
        False,
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("every", "old", "new", "crossed"),
    [
        (False, 5, 5, []),
        (False, 12, 3, []),  # a falling balance reaches nothing
        (False, 11, 12, [12]),
        (False, 12, 30, []),  # already past the level
        (True, 12, 5, []),
        (True, 5, 37, [12, 24, 36]),
    ],
)
def test_levels_crossed_only_when_the_balance_rises(
    every: bool, old: int, new: int, crossed: list[int]
) -> None:
    assert Threshold(12, FREEZE, every=every).levels_crossed(old, new) == crossed


def test_levels_crossed_are_counted_before_they_are_listed() -> None:
    # Issue 17: an "every N" threshold listed one level per multiple of N, so points=10**9
    # ran for hours. The count is checked arithmetically first and bounded.
    every = Threshold(1, FREEZE, every=True)
    assert every.levels_crossed(5, 5 + MAX_LEVELS_CROSSED) == list(range(6, 6 + MAX_LEVELS_CROSSED))
    with pytest.raises(InvalidEventError, match=r"crosses 1,001 levels .* at most 1,000"):
        every.levels_crossed(5, 6 + MAX_LEVELS_CROSSED)
    with pytest.raises(InvalidEventError, match="crosses 1,000,000,000,000 levels"):
        every.levels_crossed(0, 10**12)
    assert Threshold(12, FREEZE).levels_crossed(0, 10**12) == [12]


def test_an_event_crossing_too_many_levels_is_refused_by_name() -> None:
    policy = get_policy("taobao")
    huge = Violation("v1", "malicious_review", "2024-03-01T10:00:00+08:00", points=10**12)
    with pytest.raises(InvalidEventError, match=r"violation 'v1' on general: .* 83,333,333,333"):
        policy.evaluate([huge])
    fine = Violation("v1", "malicious_review", "2024-03-01T10:00:00+08:00", points=12_000)
    assert len(policy.evaluate([fine]).sanctions) == 2  # heaviest-only: the top node


def test_score_levels_belong_to_score_down_ledgers() -> None:
    health = Ledger("health", "Account health", score_base=1000)
    assert health.score_level(200) == 800
    assert health.score(850) == 150
    assert health.score(1200) == 0
    points = Ledger("trade", "Trade")
    assert points.score(3) is None
    with pytest.raises(PolicyDefinitionError, match="'trade' is not a score-down ledger"):
        points.score_level(200)


@pytest.mark.parametrize("base", [0, -5, True, 2.5])
def test_a_score_base_is_a_positive_whole_number(base: object) -> None:
    with pytest.raises(PolicyDefinitionError, match="score_base must be a positive whole number"):
        Ledger("health", "Account health", score_base=base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("validity", "text"),
    [
        (ExpiresAfter(Schedule.dated((None, 365), (dt.date(2024, 1, 1), 180))), "valid 180 or 365"),
        (CalendarReset(YearlyReset(1, 1)), "reset "),
        (Never(), "never lapse"),
    ],
)
def test_a_ledger_says_how_its_points_leave(validity: object, text: str) -> None:
    ledger = Ledger("main", "Main", validity=validity)  # type: ignore[arg-type]
    assert ledger.validity_text.startswith(text)


def test_the_yearly_reset_text_names_its_day() -> None:
    ledger = Ledger("main", "Main", validity=CalendarReset(YearlyReset(1, 1)))
    assert ledger.validity_text == f"reset {YearlyReset(1, 1).describe()}"
    assert "1" in ledger.validity_text


@pytest.mark.parametrize("limit", [0, -1, True, 1.0])
def test_max_appeals_is_a_whole_number_of_at_least_one(limit: object) -> None:
    with pytest.raises(PolicyDefinitionError, match="max_appeals must be a whole number >= 1"):
        ViolationKind("late", "Late", "main", points=1, max_appeals=limit)  # type: ignore[arg-type]


def test_a_kind_names_each_severity_once() -> None:
    with pytest.raises(PolicyDefinitionError, match="repeats a severity code"):
        ViolationKind(
            "fake",
            "Fake goods",
            "main",
            severities=(Severity("general", 2), Severity("general", 4)),
        )


def test_scale_days_multiplies_the_days_of_each_multiple() -> None:
    th = Threshold(
        12, (SanctionSpec(SanctionKind.RESTRICTION, 7), CLOSED), every=True, scale_days=True
    )
    assert [s.days for s in th.sanctions_at(12)] == [7, None]
    assert [s.days for s in th.sanctions_at(36)] == [21, None]
    plain = Threshold(12, FREEZE, every=True)
    assert plain.sanctions_at(36) == FREEZE


def test_scale_days_needs_every() -> None:
    with pytest.raises(PolicyDefinitionError, match="scale_days, which needs every=True"):
        Threshold(12, FREEZE, scale_days=True)


CLOSED = SanctionSpec(SanctionKind.CLOSURE)
