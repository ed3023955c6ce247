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
    "local_date",
    "local_midnight",
    "to_instant",
    "to_timezone",
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
        return pendulum.instance(parsed)
    if isinstance(value, dt.date):
        raise error(
            f"{what} {value!r} is a date, not an instant; pass an aware datetime such as "
            f"pendulum.datetime({value.year}, {value.month}, {value.day}, tz='Asia/Shanghai')."
        )
    raise error(
        f"{what} must be an aware datetime or an ISO-8601 string with an offset, "
        f"not {type(value).__name__} {value!r}."
    )


def _check_year(value: dt.datetime, what: str, error: type[PenaltiesError]) -> None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise error(
            f"{what} {value!r} lies outside the years {MIN_YEAR}-{MAX_YEAR} the library computes "
            "with (rules add days and years to every instant, and the calendar ends in 9999); "
            "check the date."
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


def local_date(instant: DateTime, tz: pendulum.Timezone) -> dt.date:
    """The calendar date of ``instant`` in zone ``tz``."""
    return instant.in_timezone(tz).date()


def local_midnight(day: dt.date, tz: pendulum.Timezone) -> DateTime:
    """00:00 of ``day`` in zone ``tz`` (the first instant of that calendar day)."""
    return pendulum.datetime(day.year, day.month, day.day, tz=tz)


def add_days(instant: DateTime, days: int, tz: pendulum.Timezone) -> DateTime:
    """``instant`` plus ``days`` calendar days in zone ``tz`` (same wall-clock time, DST-safe).

    Raises :class:`PolicyDefinitionError` when the result lies past the end of the calendar
    (a rule's number of days too large to compute with).
    """
    try:
        return instant.in_timezone(tz).add(days=days)
    except (OverflowError, ValueError):
        raise PolicyDefinitionError(
            f"{days} calendar days after {instant} lies past the end of the calendar (year "
            "9999); check the rule's number of days."
        ) from None
