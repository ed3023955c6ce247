"""Instants, zones and calendar arithmetic: the one place that parses times and touches pendulum.

Every public instant is a timezone-aware :class:`pendulum.DateTime`; inside, each is one exact
integer (:func:`exact`: microseconds since the epoch), which every comparison uses. Calendar
arithmetic ("7 days", "365 days after the penalty", "1 January 00:00") happens in a policy's own
zone through a :class:`Zone`'s table of offsets, so a 7-day freeze that spans a change to summer
time still ends at the same wall-clock time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from typing import TYPE_CHECKING, Final, TypeAlias, TypeVar, final

import pendulum
from pendulum import DateTime

from penalties.errors import InvalidEventError, PenaltiesError, PolicyDefinitionError

if TYPE_CHECKING:
    from mypy_extensions import i64

__all__ = [
    "DAY_US",
    "US",
    "DateTime",
    "InstantLike",
    "Zone",
    "add_days",
    "date_of_day",
    "exact",
    "instant_eq",
    "local_date",
    "local_midnight",
    "to_instant",
    "to_timezone",
    "zone",
]

InstantLike: TypeAlias = dt.datetime | str
"""What every ``at=`` accepts: an aware datetime (pendulum or stdlib) or an ISO-8601 string with
an offset."""

MIN_YEAR: Final = 1000
MAX_YEAR: Final = 8999
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
    if type(value) is DateTime and isinstance(
        value.tzinfo, (pendulum.Timezone, pendulum.FixedTimezone)
    ):
        if value.utcoffset() is None:  # pragma: no cover - pendulum zones always have one
            raise error(_naive_message(what, value))
        _check_year(value, what, error)
        return value
    if isinstance(value, dt.datetime):
        off = value.utcoffset()
        if value.tzinfo is None or off is None:
            raise error(_naive_message(what, value))
        if off.microseconds:
            raise error(_fraction_message(what, value, off))
        _check_year(value, what, error)
        return _exact_pendulum(value)
    if isinstance(value, str):
        text = value.strip()
        # fromisoformat ignores some trailing junk (a NUL); an ISO date-time is printable ASCII.
        if not (text.isascii() and text.isprintable()):
            raise error(
                f"{what} {value!r} holds a character no ISO-8601 date-time has (a control "
                "character or non-ASCII text); write it like '2024-03-01T10:00:00+08:00'."
            )
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            raise error(
                f"{what} {value!r} is not an ISO-8601 date-time; write it like "
                "'2024-03-01T10:00:00+08:00' (with an offset or 'Z')."
            ) from None
        off = parsed.utcoffset()
        if off is not None and off.microseconds:
            raise error(_fraction_message(what, value, off))
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


US: Final = 1_000_000
"""Microseconds in a second: an exact instant inside is a whole number of microseconds."""
DAY_US: Final = 86_400 * US
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_EPOCH_NAIVE: Final = dt.datetime(1970, 1, 1)
_NO_OFFSET: Final = -(1 << 62)
_FIXED_OFFSETS: Final[dict[int, tuple[dt.tzinfo, int]]] = {}
"""The offset of each fixed-offset zone met, by the zone's ``id`` (the entry keeps the zone
alive, so the id is not reused; pendulum's ``FixedTimezone`` hashes in Python)."""
_FIXED_OFFSETS_KEPT: Final = 64


def exact(t: dt.datetime) -> int:
    """The exact instant of the aware ``t``: microseconds since 1970-01-01T00:00Z.

    It reads ``t.utcoffset()``, which honours ``fold``, so the two 01:30s of a fall-back night
    give two keys an hour apart (the offset of a fixed-offset pendulum zone is kept per zone).
    Every comparison, sort, heap and index of the library uses these keys, never ``<``/``==``
    on datetimes (which compare by wall clock when they share a zone).
    """
    tz = t.tzinfo
    offset: i64 = _NO_OFFSET
    if tz is not None:
        known = _FIXED_OFFSETS.get(id(tz))
        if known is not None and known[0] is tz:
            offset = known[1]
    if offset == _NO_OFFSET:
        off = t.utcoffset()
        if off is None:
            raise InvalidEventError(_naive_message("instant", t))
        offset = (off.days * 86_400 + off.seconds) * US + off.microseconds
        # The offset of a pendulum FixedTimezone or of pendulum's UTC never depends on the
        # datetime, and asking for it costs more than the rest of this function (a Python call;
        # zoneinfo reads a pendulum DateTime's fields by name): it is kept, for plain and
        # pendulum datetimes only (a subclass could answer utcoffset() its own way). The C
        # datetime.timezone answers fast, and one is often made per datetime.
        if (
            tz is not None
            and (type(tz) is pendulum.FixedTimezone or tz is pendulum.UTC)
            and (type(t) is DateTime or type(t) is dt.datetime)
        ):
            if len(_FIXED_OFFSETS) >= _FIXED_OFFSETS_KEPT:
                _FIXED_OFFSETS.clear()
            _FIXED_OFFSETS[id(tz)] = (tz, offset)
    elif type(t) is not DateTime and type(t) is not dt.datetime:
        off = t.utcoffset()
        assert off is not None
        offset = (off.days * 86_400 + off.seconds) * US + off.microseconds
    # Native 64-bit arithmetic in the compiled build: every instant of years 1-9999 fits.
    days: i64 = t.toordinal() - _EPOCH_ORDINAL
    hour: i64 = t.hour
    minute: i64 = t.minute
    second: i64 = t.second
    micro: i64 = t.microsecond
    return (days * 86_400 + hour * 3_600 + minute * 60 + second) * US + micro - offset


def offset_us(t: dt.datetime) -> int:
    """``t``'s UTC offset in microseconds."""
    off = t.utcoffset()
    assert off is not None
    return (off.days * 86_400 + off.seconds) * US + off.microseconds


def instant_eq(t: dt.datetime | None) -> tuple[int, int] | None:
    """The equality key of an instant field: the exact instant and its offset.

    Used as the ``eq`` key of every instant attribute, so that two values are equal when they
    hold the same instant written with the same offset: a fold time in a named zone equals its
    JSON round trip, which Python's own datetime ``==`` denies (PEP 495).
    """
    return None if t is None else (exact(t), offset_us(t))


def _check_year(value: dt.datetime, what: str, error: type[PenaltiesError]) -> None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise error(
            f"{what} {value!r} lies outside the years {MIN_YEAR}-{MAX_YEAR} the library computes "
            "with (rules add days and years to every instant, and the calendar ends in 9999); "
            "check the date."
        )


_FIXED_ZONES: Final[dict[dt.tzinfo, dt.tzinfo]] = {}
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


def _exact_pendulum(value: dt.datetime) -> DateTime:
    """``value`` as a pendulum DateTime holding exactly the instant ``value.utcoffset()`` states.

    ``pendulum.instance`` moves a wall time in a DST gap by the gap, which changes the instant;
    here the instant is kept, written as the zone writes it (02:30 in Berlin's spring gap,
    offset +01:00, is 01:30Z and reads 03:30+02:00).
    """
    instant = pendulum.instance(value)
    key = exact(value)
    if exact(instant) == key and offset_us(instant) == offset_us(value):
        return instant
    # Only a named zone has gaps, so only a named zone's reading can have moved.
    assert isinstance(instant.tzinfo, pendulum.Timezone)
    return zone(instant.tzinfo).datetime(key)


def _fraction_message(what: str, value: object, off: dt.timedelta) -> str:
    return (
        f"{what} {value!r} has a UTC offset with a fraction of a second ({off}), which an "
        "instant cannot keep exactly (its zone would drop the fraction and move the instant); "
        "no zone uses one: write the offset in whole seconds at most, e.g. +05:45."
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


_Entry: TypeAlias = tuple[int, int, tuple[int, ...], tuple[int, ...]]

_BUCKET_BITS: Final = 45
"""A zone's offsets are tabulated lazily in buckets of 2**45 microseconds (about 407 days)."""
_REACH_US: Final = 16 * 3_600 * US
"""More than any UTC offset a zone has ever used (the tz database stays within ±15:56)."""


@final
class Zone:
    """A time zone as a table of exact UTC offsets: calendar arithmetic on integer instants.

    The table is built once per zone, lazily per bucket of about 407 days, by reading the zone's
    offset once a day and bisecting each change to the second. That finds every change because
    tz database transitions fall on whole seconds and lie days apart (the closest pair in the
    whole database, Africa/Freetown 1939, is 95 hours apart; ``tests/test_time.py`` checks the
    zones of every built-in policy against the zone's own answers). After that, the local
    reading of an instant, the instant of a local reading (folds take the later occurrence,
    gaps move forward by the gap, as pendulum does) and "N calendar days later" are integer
    arithmetic and one look-up. Use :func:`zone` to get one; instances are shared and pickle
    by name.
    """

    __slots__ = ("_buckets", "_last", "_lock", "name", "tz")

    def __init__(self, tz: pendulum.Timezone) -> None:
        self.tz = tz
        self.name: str = tz.name
        self._buckets: dict[int, _Entry] = {}
        """Per bucket number, its entry: (the number, the offset at its start, the instants
        where the offset changes in it, the offsets from there)."""
        self._last: _Entry = (-(2**62), 0, (), ())
        """The entry of the last look-up: a replay's instants cluster, so most look-ups hit it
        (one tuple, the bucket's own, replaced whole: threads never see half of it, and a
        look-up that moves to another bucket allocates nothing)."""
        self._lock = threading.Lock()

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (_zone_named, (self.name,))

    def __repr__(self) -> str:
        return f"Zone({self.name!r})"

    # -- the table ------------------------------------------------------------------------

    def _read(self, key: int) -> int:
        """The zone's offset at ``key``, asked of the zone itself (clamped to the calendar)."""
        key = min(max(key, _MIN_LOCAL), _MAX_LOCAL)
        utc = (_EPOCH_NAIVE + dt.timedelta(microseconds=key)).replace(tzinfo=self.tz)
        return offset_us(self.tz.fromutc(utc))

    def _bucket(self, b: int) -> _Entry:
        found = self._buckets.get(b)
        if found is not None:
            return found
        lo = b << _BUCKET_BITS
        hi = lo + (1 << _BUCKET_BITS)
        first = self._read(lo)
        starts: list[int] = []
        offsets: list[int] = []
        previous, key = first, lo
        while key < hi:
            step = min(DAY_US, hi - key)
            now = self._read(key + step)
            if now != previous:
                # The change lies in (key, key + step]: bisect it to the second.
                low, high = key // US, (key + step + US - 1) // US
                while high - low > 1:
                    mid = (low + high) // 2
                    if self._read(mid * US) == previous:
                        low = mid
                    else:
                        high = mid
                change = max(high * US, key + 1)
                if change < hi:
                    starts.append(change)
                    offsets.append(self._read(change))
                previous = now
            key += step
        entry = (b, first, tuple(starts), tuple(offsets))
        with self._lock:
            self._buckets[b] = entry
        return entry

    def offset(self, key: int) -> int:
        """The UTC offset, in microseconds, in force at the exact instant ``key``."""
        b = key >> _BUCKET_BITS
        last = self._last
        if last[0] == b:
            _, first, starts, offsets = last
        else:
            last = self._last = self._bucket(b)
            _, first, starts, offsets = last
        if not starts or key < starts[0]:
            return first
        return offsets[bisect.bisect_right(starts, key) - 1]

    def _segments(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The (start, offset) segments of the table covering ``[lo, hi]``."""
        out = [(lo, self.offset(lo))]
        for b in range(lo >> _BUCKET_BITS, (hi >> _BUCKET_BITS) + 1):
            _, _, starts, offsets = self._bucket(b)
            out.extend((s, o) for s, o in zip(starts, offsets, strict=True) if lo < s <= hi)
        return out

    # -- arithmetic -------------------------------------------------------------------------

    def local(self, key: int) -> int:
        """The wall-clock reading of ``key`` in this zone, as microseconds since 1970-01-01."""
        return key + self.offset(key)

    def utc(self, local: int) -> int:
        """The instant whose wall-clock reading here is ``local``.

        A reading that occurs twice (a fold) gives the later instant; a reading that never
        occurs (a gap) gives the instant the reading names with the offset before the gap, which
        the zone writes that much later on the wall clock (pendulum's rule, ``fold=1``).
        """
        lo, hi = local - _REACH_US, local + _REACH_US
        b = lo >> _BUCKET_BITS
        if b == hi >> _BUCKET_BITS:
            last = self._last
            if last[0] == b:  # the bucket of the last look-up (a replay's instants cluster)
                first, starts = last[1], last[2]
            else:
                _, first, starts, _ = self._bucket(b)
            if not starts:
                return local - first  # no change of offset anywhere near: the common case
        segments = self._segments(lo, hi)
        found: list[int] = []
        for i, (start, off) in enumerate(segments):
            end = segments[i + 1][0] if i + 1 < len(segments) else None
            u = local - off
            if (i == 0 or u >= start) and (end is None or u < end):
                found.append(u)
        if found:
            return max(found)
        # A gap: take the offset of the segment before the change the reading falls into.
        for i in range(len(segments) - 1, 0, -1):
            start, off = segments[i]
            before = segments[i - 1][1]
            if off > before and start + before <= local < start + off:
                return local - before
        raise AssertionError(f"no instant for local reading {local} in {self.name}")

    def day(self, key: int) -> int:
        """The local calendar day of ``key``, as days since 1970-01-01."""
        return (key + self.offset(key)) // DAY_US

    def date(self, key: int) -> dt.date:
        """The local calendar date of ``key``."""
        return date_of_day(self.day(key))

    def midnight(self, day: dt.date) -> int:
        """The first instant of the local calendar day ``day``."""
        return self.utc((day.toordinal() - _EPOCH_ORDINAL) * DAY_US)

    def add_days(self, key: int, days: int) -> int:
        """``key`` plus ``days`` calendar days here: the same wall-clock time, DST-safe."""
        local = key + self.offset(key) + days * DAY_US
        if not _MIN_LOCAL <= local <= _MAX_LOCAL:
            raise PolicyDefinitionError(
                f"{days} calendar days after {self.datetime(key)} lies past the end of the "
                "calendar (year 9999); check the rule's number of days."
            )
        return self.utc(local)

    def datetime(self, key: int) -> DateTime:
        """The pendulum DateTime of ``key`` in this zone, with the right ``fold``."""
        utc = (_EPOCH_NAIVE + dt.timedelta(microseconds=key)).replace(tzinfo=self.tz)
        w = self.tz.fromutc(utc)
        return DateTime(
            w.year, w.month, w.day, w.hour, w.minute, w.second, w.microsecond,
            tzinfo=self.tz, fold=w.fold,
        )  # fmt: skip

    def format(self, key: int) -> str:
        """``YYYY-MM-DD HH:mm`` on this zone's wall clock, for notes and messages."""
        w = _EPOCH_NAIVE + dt.timedelta(microseconds=self.local(key))
        return f"{w.year:04d}-{w.month:02d}-{w.day:02d} {w.hour:02d}:{w.minute:02d}"


_MIN_LOCAL: Final = (dt.date(1, 1, 2).toordinal() - _EPOCH_ORDINAL) * DAY_US
_MAX_LOCAL: Final = (dt.date(9999, 12, 30).toordinal() - _EPOCH_ORDINAL) * DAY_US
"""The range of instants (and wall-clock readings) the calendar arithmetic works in: a day
inside either end of Python's calendar, so that offsets can still be read there."""


def date_of_day(day: int) -> dt.date:
    """The calendar date of a day number (days since 1970-01-01)."""
    return dt.date.fromordinal(day + _EPOCH_ORDINAL)


_ZONES: Final[dict[str, Zone]] = {}
_ZONES_LOCK: Final = threading.Lock()


def zone(tz: pendulum.Timezone | str) -> Zone:
    """The shared :class:`Zone` of ``tz`` (a pendulum Timezone or an IANA name)."""
    name = tz if isinstance(tz, str) else tz.name
    found = _ZONES.get(name)
    if found is None:
        with _ZONES_LOCK:
            found = _ZONES.get(name)
            if found is None:
                found = _ZONES[name] = Zone(tz if not isinstance(tz, str) else to_timezone(tz))
    return found


def _zone_named(name: str) -> Zone:
    return zone(name)


def local_date(instant: dt.datetime, tz: pendulum.Timezone) -> dt.date:
    """The calendar date of ``instant`` in zone ``tz``."""
    return zone(tz).date(exact(instant))


def local_midnight(day: dt.date, tz: pendulum.Timezone) -> DateTime:
    """00:00 of ``day`` in zone ``tz`` (the first instant of that calendar day)."""
    z = zone(tz)
    return z.datetime(z.midnight(day))


def add_days(instant: dt.datetime, days: int, tz: pendulum.Timezone) -> DateTime:
    """``instant`` plus ``days`` calendar days in zone ``tz`` (same wall-clock time, DST-safe),
    in ``tz``. Raises :class:`PolicyDefinitionError` when the result lies past the end of the
    calendar (a rule's number of days too large to compute with)."""
    z = zone(tz)
    return z.datetime(z.add_days(exact(instant), days))


def _rebuild(
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    microsecond: int,
    tzinfo: dt.tzinfo | None,
    fold: int,
) -> DateTime:
    return DateTime(year, month, day, hour, minute, second, microsecond, tzinfo=tzinfo, fold=fold)


class _FoldedInstant:
    """Pickles a DateTime with its ``fold``, which pendulum's own ``__reduce__`` drops (so an
    instant in a DST fold would come back an hour away)."""

    __slots__ = ("t",)

    def __init__(self, t: dt.datetime) -> None:
        self.t = t

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        t = self.t
        return (
            _rebuild,
            (t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, t.tzinfo, t.fold),
        )


_T = TypeVar("_T")


def fold_safe(cls: type[_T]) -> type[_T]:
    """Make the attrs class ``cls`` pickle its instant fields with their ``fold``."""
    original = cls.__getstate__

    def __getstate__(self: _T) -> object:
        state = original(self)
        if isinstance(state, dict):
            return {
                k: _FoldedInstant(v) if isinstance(v, dt.datetime) and v.fold else v
                for k, v in state.items()
            }
        return state  # pragma: no cover - attrs gives a dict

    cls.__getstate__ = __getstate__  # type: ignore[method-assign,assignment]
    return cls
