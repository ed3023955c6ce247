"""The exact-instant core of ``penalties._time``: integer instants, the per-zone offset table and
calendar arithmetic on it, checked against the zones' own answers (stdlib ``zoneinfo``)."""

from __future__ import annotations

import datetime as dt
import pickle
import random
import zoneinfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import penalties
from penalties._time import DAY_US, US, exact, instant_eq, to_instant, zone

UTC = dt.UTC


def _policy_zones() -> list[str]:
    names = set()
    for code in penalties.list_policies():
        for market in (None, *penalties.list_markets(code)):
            names.add(penalties.get_policy(code, market=market).timezone)
    return sorted(names)


POLICY_ZONES = _policy_zones()
ODD_ZONES = [
    "Europe/Berlin",
    "America/Los_Angeles",
    "Australia/Lord_Howe",  # a 30-minute shift
    "Asia/Kathmandu",  # +05:45
    "Pacific/Kiritimati",  # +14:00, skipped a whole day in 1994
    "Europe/Kaliningrad",
    "America/Dawson",
    "Africa/Freetown",  # the two closest transitions of the database (1939, 95 hours)
]
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)


def _utc(key: int) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=key)


def _expected_utc_of_local(name: str, local: int) -> int:
    """pendulum's rule for a wall-clock reading: a fold takes the later instant (fold=1), a gap
    moves forward by the gap (the instant of the reading with the offset before the gap)."""
    naive = dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=local)
    tz = zoneinfo.ZoneInfo(name)
    early, late = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    gap = late.utcoffset() > early.utcoffset()  # type: ignore[operator]
    return exact(early) if gap else exact(late)


@pytest.mark.parametrize("name", sorted(set(POLICY_ZONES) | set(ODD_ZONES)))
def test_the_offset_table_agrees_with_the_zone(name: str) -> None:
    z = zone(name)
    tz = zoneinfo.ZoneInfo(name)
    rng = random.Random(name)
    lo, hi = exact(dt.datetime(1880, 1, 1, tzinfo=UTC)), exact(dt.datetime(2060, 1, 1, tzinfo=UTC))
    keys = [rng.randrange(lo, hi) for _ in range(150)]
    # and every transition between 2015 and 2030, one microsecond either side
    t = exact(dt.datetime(2015, 1, 1, tzinfo=UTC))
    end = exact(dt.datetime(2030, 1, 1, tzinfo=UTC))
    while t < end:
        if z.offset(t) != z.offset(t + DAY_US):
            low, high = t, t + DAY_US
            while high - low > 1:
                mid = (low + high) // 2
                low, high = (mid, high) if z.offset(mid) == z.offset(t) else (low, mid)
            keys += [high - 1, high, high + 1]
        t += DAY_US
    for key in keys:
        want = _utc(key).astimezone(tz)
        assert z.offset(key) == exact(want.replace(tzinfo=UTC)) - key
        got = z.datetime(key)
        assert exact(got) == key
        assert (got.year, got.month, got.day, got.hour, got.minute, got.fold) == (
            want.year,
            want.month,
            want.day,
            want.hour,
            want.minute,
            want.fold,
        )
        local = z.local(key)
        assert z.utc(local) == _expected_utc_of_local(name, local)
        # readings that fall in gaps, every 15 minutes for an hour either side
        for step in range(-4, 5):
            reading = local + step * 15 * 60 * US
            assert z.utc(reading) == _expected_utc_of_local(name, reading)


def test_add_days_keeps_the_wall_clock_across_a_change() -> None:
    z = zone("Europe/Berlin")
    before = exact(pendulum.datetime(2024, 3, 30, 10, tz="Europe/Berlin"))
    after = z.add_days(before, 1)
    assert z.datetime(after).isoformat() == "2024-03-31T10:00:00+02:00"
    assert after - before == 23 * 3600 * US


def test_a_fold_instant_is_one_exact_key_and_compares_as_such() -> None:
    la = pendulum.timezone("America/Los_Angeles")
    first = pendulum.DateTime(2023, 11, 5, 1, 20, tzinfo=la, fold=0)  # PDT
    second = pendulum.DateTime(2023, 11, 5, 1, 10, tzinfo=la, fold=1)  # PST, 50 min later
    assert exact(second) - exact(first) == 50 * 60 * US
    assert first > second  # Python's wall-clock comparison: wrong
    assert exact(first) < exact(second)  # the exact instants: right
    assert instant_eq(second) == instant_eq(to_instant(second.isoformat()))


def test_a_gap_time_keeps_the_instant_its_offset_states() -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    gap = dt.datetime(2024, 3, 31, 2, 30, tzinfo=berlin)  # does not exist; utcoffset() is +1
    instant = to_instant(gap)
    assert exact(instant) == exact(gap)
    assert instant.isoformat() == "2024-03-31T03:30:00+02:00"


def test_zones_pickle_by_name_and_are_shared() -> None:
    z = zone("Asia/Shanghai")
    assert pickle.loads(pickle.dumps(z)) is z
    assert zone(pendulum.timezone("Asia/Shanghai")) is z


def test_past_the_calendar_is_a_policy_error() -> None:
    z = zone("UTC")
    with pytest.raises(penalties.PolicyDefinitionError, match="end of the calendar"):
        z.add_days(exact(dt.datetime(8999, 1, 1, tzinfo=UTC)), 400_000)


@given(
    st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.sampled_from([zoneinfo.ZoneInfo(n) for n in ODD_ZONES]),
        allow_imaginary=False,
    ),
    st.integers(-800, 800),
)
def test_add_days_is_the_same_wall_clock_n_days_later(t: dt.datetime, days: int) -> None:
    assert t.tzinfo is not None
    z = zone(t.tzinfo.key)  # type: ignore[attr-defined]
    got = z.datetime(z.add_days(exact(t), days))
    wall = t.replace(tzinfo=None) + dt.timedelta(days=days)
    assert exact(got) == _expected_utc_of_local(z.name, exact(wall.replace(tzinfo=UTC)))


SANTIAGO_POLICY = {
    "version": 1,
    "code": "fold_bazaar",
    "name": "A policy file in a zone of its own",
    "timezone": "America/Santiago",  # falls back at 24:00 local time to 23:00
    "references": ["https://example.com/rules"],
    "ledgers": [
        {
            "code": "points",
            "title": "Points",
            "validity": {"type": "expires_after", "days": 30},
            "thresholds": [{"points": 6, "sanctions": [{"kind": "freeze", "days": 7}]}],
        }
    ],
    "kinds": [
        {
            "code": "late",
            "title": "Late shipment",
            "ledger": "points",
            "points": 6,
            "appeal_window_days": 3,
        }
    ],
}


def test_a_policy_file_zone_gives_one_answer_for_every_form_of_an_instant() -> None:
    from penalties.io import dumps, loads, policy_from_data

    policy = policy_from_data(SANTIAGO_POLICY)
    tz = pendulum.timezone("America/Santiago")
    # Chile left summer time on 2024-04-07 at 00:00 (-03:00), back to 23:00 (-04:00) on the 6th:
    # 23:30 happens twice. The freeze from 2024-03-30 23:30 (-03:00) ends 7 days later, at the
    # *second* 23:30 of 6 April (fold=1, -04:00).
    start = pendulum.DateTime(2024, 3, 30, 23, 30, tzinfo=tz)
    violation = penalties.Violation("v1", "late", start)
    timeline = policy.evaluate([violation])
    (freeze,) = timeline.sanctions
    assert freeze.end is not None
    assert freeze.end.isoformat() == "2024-04-06T23:30:00-04:00"
    first = pendulum.DateTime(2024, 4, 6, 23, 40, tzinfo=tz, fold=0)  # 02:40Z, before the end
    second = pendulum.DateTime(2024, 4, 6, 23, 40, tzinfo=tz, fold=1)  # 03:40Z, after it
    for before in (first, first.in_timezone("UTC"), first.isoformat(), "2024-04-07T02:40:00Z"):
        assert timeline.at(before).status is penalties.Status.FROZEN, before
    for after in (second, second.in_timezone("UTC"), second.isoformat(), "2024-04-07T03:40:00Z"):
        assert timeline.at(after).status is penalties.Status.GOOD, after
    # the appeal window (3 days) and its validation read the same instants exactly
    appeal = penalties.Appeal("v1", pendulum.DateTime(2024, 4, 2, 23, 30, tzinfo=tz))
    policy.check_appeal([violation], appeal)
    late = penalties.Appeal("v1", "2024-04-03T02:30:01Z")
    with pytest.raises(penalties.AppealNotAllowedError, match="after the deadline"):
        policy.check_appeal([violation], late)
    events = [violation, penalties.Appeal("v1", appeal.filed_at, second, "granted")]
    assert loads(dumps(events)) == events
    assert loads(dumps(policy.evaluate(events))) == policy.evaluate(events)


def _reference_exact(t: dt.datetime) -> int:
    """The exact instant by datetime's own C subtraction (which reads ``utcoffset()`` once)."""
    since = dt.datetime.__sub__(t, EPOCH)
    return (since.days * 86_400 + since.seconds) * US + since.microseconds


class _Shifted(dt.datetime):
    """A datetime subclass that answers ``utcoffset()`` its own way (an hour more)."""

    def utcoffset(self) -> dt.timedelta | None:
        off = super().utcoffset()
        return None if off is None else off + dt.timedelta(hours=1)


@given(
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    st.integers(-(14 * 60), 14 * 60),
    st.sampled_from(["fixed", "fixed-fresh", "stdlib", "utc", "named"]),
    st.booleans(),
)
def test_exact_matches_the_datetime_subtraction_for_every_kind_of_zone(
    wall: dt.datetime, minutes: int, kind: str, fold: bool
) -> None:
    # A fixed-offset zone's offset is kept per zone object: shared zones (as the ISO reader
    # gives), a fresh zone per datetime, the stdlib's, pendulum's UTC and a named zone all agree
    # with datetime's own arithmetic, fold included.
    tz: dt.tzinfo = {
        "fixed": pendulum.FixedTimezone(minutes * 60),
        "fixed-fresh": pendulum.FixedTimezone(minutes * 60),
        "stdlib": dt.timezone(dt.timedelta(minutes=minutes)),
        "utc": pendulum.UTC,
        "named": pendulum.timezone("Europe/Berlin"),
    }[kind]
    t = pendulum.instance(wall.replace(fold=int(fold)), tz=None).replace(tzinfo=tz)
    plain = wall.replace(tzinfo=tz, fold=int(fold))
    assert exact(t) == _reference_exact(t)
    assert exact(plain) == _reference_exact(plain)
    assert exact(t) == exact(plain)


def test_exact_asks_a_datetime_subclass_for_its_own_offset() -> None:
    tz = pendulum.FixedTimezone(8 * 3600)
    plain = pendulum.datetime(2024, 5, 1, 12, tz=tz)
    assert exact(plain) == _reference_exact(plain)  # the zone's offset is now kept
    shifted = _Shifted(2024, 5, 1, 12, tzinfo=tz)
    assert exact(shifted) == exact(plain) - 3600 * US  # its utcoffset(), not the zone's


def test_exact_keeps_a_bounded_number_of_zones_and_stays_right() -> None:
    stamps = [
        pendulum.datetime(2024, 5, 1, 12, tz=pendulum.FixedTimezone(minutes * 60))
        for minutes in range(-700, 700, 7)
    ]
    for _ in range(2):
        assert [exact(t) for t in stamps] == [_reference_exact(t) for t in stamps]
    from penalties import _time

    assert len(_time._FIXED_OFFSETS) <= _time._FIXED_OFFSETS_KEPT


def test_exact_of_a_naive_datetime_names_the_fix() -> None:
    with pytest.raises(penalties.InvalidEventError, match=r"naive|offset"):
        exact(dt.datetime(2024, 5, 1, 12))
