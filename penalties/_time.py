"""Instants, zones and calendar arithmetic: the one place that parses times and touches pendulum.

Every instant in the library is a timezone-aware :class:`pendulum.DateTime`. Calendar arithmetic
("7 days", "365 days after the penalty", "1 January 00:00") happens in a policy's own zone, so a
7-day freeze that spans a change to summer time still ends at the same wall-clock time.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeAlias

import pendulum
from pendulum import DateTime

from penalties.errors import InvalidEventError, PenaltiesError, PolicyDefinitionError

__all__ = [
    "DateTime",
    "InstantLike",
    "add_days",
    "instant_key",
    "local_date",
    "local_midnight",
    "to_instant",
    "to_timezone",
    "wall_clock",
]

InstantLike: TypeAlias = dt.datetime | str
"""What every ``at=`` accepts: an aware datetime (pendulum or stdlib) or an ISO-8601 string with
an offset."""

MIN_YEAR, MAX_YEAR = 1000, 8999
"""The years an instant may fall in: rules add days and years to instants (expiries, resets,
sanctions, appeal windows), and Python's calendar ends in 9999."""


def to_instant(
    value: object,
    *,
    what: str = "instant",
    error: type[PenaltiesError] = InvalidEventError,
) -> DateTime:
    """Return ``value`` as an aware :class:`pendulum.DateTime`, keeping its offset.

    Accepts an aware :class:`datetime.datetime` (pendulum's included) or an ISO-8601 string with
    an offset (``"2024-03-01T10:00:00+08:00"`` or ``"...Z"``). Anything naive, a bare date, an
    instant outside the years :data:`MIN_YEAR`-:data:`MAX_YEAR`, or another type raises ``error``
    with a message naming ``what``.
    """
    if isinstance(value, DateTime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise error(_naive_message(what, value))
        _check_year(value, what, error)
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise error(_naive_message(what, value))
        _check_year(value, what, error)
        return pendulum.instance(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            raise error(
                f"{what} {value!r} is not an ISO-8601 date-time; write it like "
                "'2024-03-01T10:00:00+08:00' (with an offset or 'Z')."
            ) from None
        if "T" not in text.upper() and " " not in text:
            raise error(
                f"{what} {value!r} is a date, not an instant; add a time and an offset, "
                f"e.g. '{text}T00:00:00+08:00'."
            )
        if parsed.tzinfo is None:
            raise error(_naive_message(what, value))
        _check_year(parsed, what, error)
        return _from_parsed(parsed)
    if isinstance(value, dt.date):
        raise error(
            f"{what} {value!r} is a date, not an instant; pass an aware datetime such as "
            f"pendulum.datetime({value.year}, {value.month}, {value.day}, tz='Asia/Shanghai')."
        )
    raise error(
        f"{what} must be an aware datetime or an ISO-8601 string with an offset, "
        f"not {type(value).__name__} {value!r}."
    )


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_since = dt.datetime.__sub__  # the stdlib's exact aware subtraction (pendulum's builds a period)


def instant_key(t: dt.datetime) -> dt.timedelta:
    """An exact, fast sort key for an aware instant: the time since the Unix epoch.

    Comparing two pendulum instants in different zones asks both zones for their offsets;
    comparing two keys does not, so sorted indices and heaps hold keys.
    """
    return _since(t, _EPOCH)


def _check_year(value: dt.datetime, what: str, error: type[PenaltiesError]) -> None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise error(
            f"{what} {value!r} lies outside the years {MIN_YEAR}-{MAX_YEAR} the library computes "
            "with (rules add days and years to every instant, and the calendar ends in 9999); "
            "check the date."
        )


_FIXED_ZONES: dict[dt.tzinfo, dt.tzinfo] = {}
"""pendulum's zone for each fixed offset ``fromisoformat`` returned (a handful at most)."""


def _from_parsed(parsed: dt.datetime) -> DateTime:
    """``pendulum.instance(parsed)`` for a parsed ISO string, without its per-call zone look-up:
    a fixed offset always maps to the same pendulum zone, and ``fold`` is 0 there."""
    tzinfo = parsed.tzinfo
    zone = _FIXED_ZONES.get(tzinfo) if type(tzinfo) is dt.timezone else None
    if zone is None:
        instant = pendulum.instance(parsed)
        if type(tzinfo) is dt.timezone and instant.fold == 0 and instant.tzinfo is not None:
            _FIXED_ZONES[tzinfo] = instant.tzinfo
        return instant
    return DateTime(
        parsed.year,
        parsed.month,
        parsed.day,
        parsed.hour,
        parsed.minute,
        parsed.second,
        parsed.microsecond,
        tzinfo=zone,
    )


def _naive_message(what: str, value: object) -> str:
    return (
        f"{what} {value!r} has no time zone; the library never guesses one. Pass an aware "
        "datetime (e.g. pendulum.datetime(2024, 3, 1, 10, tz='Asia/Shanghai')) or an ISO "
        "string with an offset (e.g. '2024-03-01T10:00:00+08:00')."
    )


def to_timezone(name: str) -> pendulum.Timezone:
    """Return the IANA zone ``name`` or raise :class:`PolicyDefinitionError`."""
    try:
        return pendulum.timezone(name)
    except Exception:
        raise PolicyDefinitionError(
            f"unknown time zone {name!r}; use an IANA name such as 'Asia/Shanghai' or "
            "'Europe/Berlin'."
        ) from None


def _wall(instant: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """``instant`` on the wall clock of ``tz`` (the same instant; a plain datetime is enough).

    pendulum's ``in_timezone`` builds several intermediate objects; the replay asks this
    question for every booking, so it goes straight to ``tz.fromutc`` (what ``astimezone`` does).
    """
    if instant.tzinfo is tz:
        return instant
    offset = instant.utcoffset()
    if offset is None:
        raise InvalidEventError(_naive_message("instant", instant))
    utc = (
        dt.datetime(
            instant.year,
            instant.month,
            instant.day,
            instant.hour,
            instant.minute,
            instant.second,
            instant.microsecond,
            tzinfo=tz,
        )
        - offset
    )
    return tz.fromutc(utc)


def _localize(naive: dt.datetime, tz: pendulum.Timezone) -> DateTime:
    """The wall-clock time ``naive`` in ``tz``, resolved as pendulum resolves it (``fold=1``):
    a repeated time takes its second occurrence, a time in a gap moves forward by the gap."""
    y, mo, d = naive.year, naive.month, naive.day
    h, mi, s, us = naive.hour, naive.minute, naive.second, naive.microsecond
    late = dt.datetime(y, mo, d, h, mi, s, us, fold=1)
    early_offset = tz.utcoffset(dt.datetime(y, mo, d, h, mi, s, us))
    late_offset = tz.utcoffset(late)
    if early_offset is not None and late_offset is not None and late_offset > early_offset:
        moved = late + (late_offset - early_offset)
        return DateTime(
            moved.year,
            moved.month,
            moved.day,
            moved.hour,
            moved.minute,
            moved.second,
            moved.microsecond,
            tzinfo=tz,
            fold=moved.fold,
        )
    return DateTime(y, mo, d, h, mi, s, us, tzinfo=tz, fold=1)


def local_date(instant: DateTime, tz: pendulum.Timezone) -> dt.date:
    """The calendar date of ``instant`` in zone ``tz``."""
    return dt.datetime.date(_wall(instant, tz))


def local_midnight(day: dt.date, tz: pendulum.Timezone) -> DateTime:
    """00:00 of ``day`` in zone ``tz`` (the first instant of that calendar day)."""
    return _localize(dt.datetime(day.year, day.month, day.day), tz)


def add_days(
    instant: DateTime, days: int, tz: pendulum.Timezone, wall: dt.datetime | None = None
) -> DateTime:
    """``instant`` plus ``days`` calendar days in zone ``tz`` (same wall-clock time, DST-safe).

    Equal, offset and ``fold`` included, to ``instant.in_timezone(tz).add(days=days)``. A caller
    that already holds ``instant``'s :func:`wall_clock` reading passes it as ``wall``. Raises
    :class:`PolicyDefinitionError` when the result lies past the end of the calendar (a rule's
    number of days too large to compute with).
    """
    if days == 0:  # pendulum converts through UTC then, which sets ``fold`` its own way
        return instant.in_timezone(tz).add(days=0)
    if wall is None:
        wall = _wall(instant, tz)
    try:
        naive = dt.datetime(
            wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.microsecond
        )
        return _localize(naive + dt.timedelta(days=days), tz)
    except (OverflowError, ValueError):
        raise PolicyDefinitionError(
            f"{days} calendar days after {instant} lies past the end of the calendar (year "
            "9999); check the rule's number of days."
        ) from None


def wall_clock(instant: dt.datetime, tz: pendulum.Timezone) -> dt.datetime:
    """``instant`` on the wall clock of ``tz``: its ``.date()`` is :func:`local_date`, and
    :func:`add_days` takes it as ``wall``, so a caller that needs both converts once."""
    return _wall(instant, tz)
