"""The fast calendar helpers of ``penalties._time`` agree exactly with pendulum's own arithmetic.

``add_days``, ``local_date`` and ``local_midnight`` skip pendulum's intermediate objects for
speed; these tests pin them to the pendulum expressions they replace, offsets and ``fold``
included, on DST gaps and repeated hours of several zones.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pendulum import DateTime

from penalties._time import add_days, exact, local_date, local_midnight, to_instant

ZONES = [
    "Asia/Shanghai",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "America/Sao_Paulo",  # DST abolished in 2019
    "UTC",
]
START = pendulum.datetime(2015, 1, 1, tz="UTC")


def _same(got: DateTime, want: DateTime) -> None:
    assert type(got) is DateTime
    assert got == want
    assert got.isoformat() == want.isoformat()
    assert exact(got) == exact(want)  # the same instant, whatever ``fold`` says of it
    assert got.tzinfo == want.tzinfo


@st.composite
def instants(draw: st.DrawFn) -> DateTime:
    """Instants over 12 years, often right next to a DST change, in zones or fixed offsets."""
    seconds = draw(st.integers(0, 12 * 366 * 86400))
    instant = START.add(seconds=seconds)
    where = draw(st.sampled_from([*ZONES, "+08:00", "-03:30", "+00:00"]))
    if where.startswith(("+", "-")):
        sign = 1 if where[0] == "+" else -1
        hours, minutes = map(int, where[1:].split(":"))
        return instant.in_timezone(pendulum.fixed_timezone(sign * (hours * 3600 + minutes * 60)))
    return instant.in_timezone(where)


def _near_transitions(zone: str) -> list[DateTime]:
    """Instants a few minutes around every DST change of ``zone`` in 2015-2026."""
    tz = pendulum.timezone(zone)
    out = []
    probe = START
    while probe.year < 2027:
        later = probe.add(hours=1)
        if probe.in_timezone(tz).utcoffset() != later.in_timezone(tz).utcoffset():
            out.extend(probe.add(minutes=m).in_timezone(tz) for m in range(-90, 151, 30))
        probe = later
    return out


@given(instants(), st.sampled_from(ZONES), st.integers(-400, 400))
def test_add_days_matches_pendulum(instant: DateTime, zone: str, days: int) -> None:
    tz = pendulum.timezone(zone)
    _same(add_days(instant, days, tz), instant.in_timezone(tz).add(days=days))


@given(instants(), st.sampled_from(ZONES))
def test_local_date_matches_pendulum(instant: DateTime, zone: str) -> None:
    tz = pendulum.timezone(zone)
    got = local_date(instant, tz)
    assert got == instant.in_timezone(tz).date()
    assert isinstance(got, dt.date)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])
def test_add_days_across_every_transition(zone: str) -> None:
    tz = pendulum.timezone(zone)
    probes = _near_transitions(zone)
    assert len(probes) > 100
    for instant in probes:
        for days in (1, 7, 30, 90, 180, 365, -1, -7):
            _same(add_days(instant, days, tz), instant.in_timezone(tz).add(days=days))


@pytest.mark.parametrize("zone", ZONES)
def test_local_midnight_matches_pendulum(zone: str) -> None:
    day = dt.date(2015, 1, 1)
    while day.year < 2027:
        _same(
            local_midnight(day, pendulum.timezone(zone)),
            pendulum.datetime(day.year, day.month, day.day, tz=zone),
        )
        day += dt.timedelta(days=3)


def test_gap_and_repeated_wall_times() -> None:
    berlin = pendulum.timezone("Europe/Berlin")
    # 2024-03-30 02:30 + 1 day lands in the spring gap (02:00-03:00 does not exist on 31 March).
    before_gap = pendulum.datetime(2024, 3, 30, 2, 30, tz=berlin)
    _same(add_days(before_gap, 1, berlin), before_gap.add(days=1))
    assert add_days(before_gap, 1, berlin).isoformat() == "2024-03-31T03:30:00+02:00"
    # 2024-10-26 02:30 + 1 day is the repeated hour of 27 October: pendulum takes the second.
    before_repeat = pendulum.datetime(2024, 10, 26, 2, 30, tz=berlin)
    _same(add_days(before_repeat, 1, berlin), before_repeat.add(days=1))
    assert add_days(before_repeat, 1, berlin).isoformat() == "2024-10-27T02:30:00+01:00"


@given(instants(), st.sampled_from(["T", " "]), st.booleans())
def test_to_instant_of_a_string_matches_pendulum_instance(
    instant: DateTime, sep: str, zulu: bool
) -> None:
    text = instant.isoformat(sep=sep)
    if zulu and instant.utcoffset() == dt.timedelta(0):
        text = text[: -len("+00:00")] + "Z"
    want = pendulum.instance(dt.datetime.fromisoformat(text))
    for _ in range(2):  # the second call uses the cached zone of the offset
        _same(to_instant(text), want)
