"""penalties._lowered: the policy's ledger tables and readings say what the rule objects say.

The replay reads these instead of the rules at every booking, so each lowered fact is checked
against the rule it comes from, for every built-in policy: a reading keyed by its kind's period
equals the reading of that very day, and no threshold fires under a ledger's ``first_level``.
"""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalties import get_policy, list_policies
from penalties._lowered import (
    EXTEND,
    HEAVIEST,
    LAPSES_AFTER,
    LAPSES_AT_RESET,
    LAPSES_NEVER,
    PARALLEL,
    lowered,
)
from penalties._time import date_of_day
from penalties.errors import PenaltiesError
from penalties.rules import CalendarReset, ExpiresAfter, StackingMode
from tests.helpers import examples

POLICIES = [get_policy(code) for code in list_policies()]
_EPOCH = dt.date(1970, 1, 1).toordinal()


def _days_around(changes: list[int]) -> list[int]:
    """Days on and either side of each change, and one far before and after."""
    out = {-40_000, 60_000}
    for day in changes:
        out.update((day - 1, day, day + 1))
    return sorted(out)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.code)
def test_one_reading_per_period_equals_each_days_reading(policy: object) -> None:
    low = lowered(policy)  # type: ignore[arg-type]
    for code, kind in policy._kinds.items():  # type: ignore[attr-defined]
        severities = [s.code for s in kind.severities] or [None]
        for severity in severities:
            for stated in (None, 5):
                by_period: dict[int, object] = {}
                for day in _days_around(low.changes[code]):
                    try:
                        res = policy._resolve_fields(  # type: ignore[attr-defined]
                            "v", code, severity, stated, date_of_day(day)
                        )
                    except PenaltiesError as exc:
                        res = type(exc)
                    period = low.period(code, day)
                    # the same period gives the same reading (or the same kind of error)
                    assert by_period.setdefault(period, res) == res, (code, severity, day)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.code)
def test_ledger_tables_match_the_rules(policy: object) -> None:
    low = lowered(policy)  # type: ignore[arg-type]
    assert [t.code for t in low.ledgers] == [x.code for x in policy.ledgers]  # type: ignore[attr-defined]
    for table, ledger in zip(low.ledgers, policy.ledgers, strict=True):  # type: ignore[attr-defined]
        assert table.rule is ledger
        assert low.index[ledger.code] == table.index
        validity = ledger.validity
        if isinstance(validity, ExpiresAfter):
            assert table.validity == LAPSES_AFTER
            for day in _days_around([d.toordinal() - _EPOCH for d in validity.days.changes]):
                if table.days >= 0:
                    assert validity.days.at(date_of_day(day)) == table.days
            assert table.stops_at == (-1 if validity.stops_at is None else validity.stops_at)
        elif isinstance(validity, CalendarReset):
            assert table.validity == LAPSES_AT_RESET
        else:
            assert table.validity == LAPSES_NEVER
        mode = {StackingMode.HEAVIEST: HEAVIEST, StackingMode.EXTEND: EXTEND}
        assert table.stacking == mode.get(ledger.stacking.mode, PARALLEL)
        assert table.counting == bool(ledger.counting)
        assert table.has_thresholds == bool(ledger.thresholds)


@given(data=st.data())
@settings(max_examples=examples(60))
def test_no_threshold_fires_under_first_level(data: st.DataObject) -> None:
    policy = data.draw(st.sampled_from(POLICIES))
    low = lowered(policy)
    table = data.draw(st.sampled_from(low.ledgers))
    if not table.has_thresholds:
        return
    new = data.draw(st.integers(0, table.first_level - 1))
    old = data.draw(st.integers(0, new))
    for th in table.rule.thresholds:
        assert th.levels_crossed(old, new) == []
    # and at first_level itself some threshold does fire from 0
    assert any(th.levels_crossed(0, table.first_level) for th in table.rule.thresholds)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.code)
def test_tables_are_built_once_and_pickle_with_the_policy(policy: object) -> None:
    low = lowered(policy)  # type: ignore[arg-type]
    assert lowered(policy) is low  # type: ignore[arg-type]
    kind = next(iter(policy._kinds))  # type: ignore[attr-defined]
    policy.evaluate([])  # type: ignore[attr-defined]
    back = pickle.loads(pickle.dumps(policy))
    assert back == policy
    again = lowered(back)
    assert again.changes == low.changes
    assert again.index == low.index
    assert [(t.code, t.days, t.first_level, t.stacking) for t in again.ledgers] == [
        (t.code, t.days, t.first_level, t.stacking) for t in low.ledgers
    ]
    assert again.period(kind, 20_000) == low.period(kind, 20_000)


def _threshold_days(table: object) -> list[int]:
    """Days on and either side of each threshold's effective_from/until (and far off)."""
    dates = [
        d
        for th in table.rule.thresholds  # type: ignore[attr-defined]
        for d in (th.effective_from, th.effective_until)
        if d is not None
    ]
    return _days_around([d.toordinal() - _EPOCH for d in dates])


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.code)
def test_threshold_levels_match_the_rules(policy: object) -> None:
    """The lowered crossing test says what the thresholds say, for every ledger of every
    policy, on and either side of every dated change, for every rise among small balances
    and around each level and its multiples."""
    for table in lowered(policy).ledgers:  # type: ignore[arg-type]
        thresholds = table.rule.thresholds
        assert table.levels == [th.points for th in thresholds]
        assert table.every == [th.every for th in thresholds]
        assert table.titles == [th.title for th in thresholds]
        assert table.unit == table.rule.unit.value
        balances = set(range(-3, 16))
        for th in thresholds:
            for k in (1, 2, 3):
                balances.update((k * th.points - 1, k * th.points, k * th.points + 1))
        ordered = sorted(balances)
        for day in _threshold_days(table):
            date = date_of_day(day)
            for old in ordered:
                for new in ordered:
                    expected = any(
                        th.levels_crossed(old, new) and th.in_force(date) for th in thresholds
                    )
                    assert table.crosses(old, new, day) == expected, (table.code, old, new, day)


@given(data=st.data())
@settings(max_examples=examples(60))
def test_threshold_levels_match_the_rules_on_any_rise(data: st.DataObject) -> None:
    policy = data.draw(st.sampled_from(POLICIES))
    table = data.draw(st.sampled_from(lowered(policy).ledgers))
    old = data.draw(st.integers(-200, 2_000))
    new = data.draw(st.integers(old - 5, old + 200))
    day = data.draw(st.sampled_from(_threshold_days(table)) | st.integers(-40_000, 60_000))
    expected = any(
        th.levels_crossed(old, new) and th.in_force(date_of_day(day))
        for th in table.rule.thresholds
    )
    assert table.crosses(old, new, day) == expected
