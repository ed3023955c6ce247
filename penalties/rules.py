"""The building blocks of a rulebook: rule versions, sanctions, thresholds, validity, counting
and stacking rules, ledgers and violation kinds.

Everything here is plain data. The engine (:mod:`penalties.engine`) gives it meaning, so a new
platform is a new arrangement of these values, never a new special case in the engine.
"""

from __future__ import annotations

import abc
import calendar
import datetime as dt
import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import Generic, Literal, TypeAlias, TypeVar

import attrs
import pendulum
from pendulum import DateTime

from penalties._time import Zone, exact, zone
from penalties.errors import InvalidEventError, PolicyDefinitionError

__all__ = [
    "MAX_LEVELS_CROSSED",
    "Assumption",
    "CalendarReset",
    "CarryOver",
    "CountingRule",
    "DailyCap",
    "DatedResetCalendar",
    "ExpiresAfter",
    "Ledger",
    "MergeWindow",
    "Never",
    "QuarterlyReset",
    "ResetCalendar",
    "SanctionKind",
    "SanctionSpec",
    "Schedule",
    "Severity",
    "Stacking",
    "StackingMode",
    "Threshold",
    "Unit",
    "Validity",
    "ViolationKind",
    "YearlyReset",
]

T = TypeVar("T")


# --------------------------------------------------------------------------- rule versions


@attrs.frozen
class Schedule(Generic[T]):
    """A value that changes with dated rule versions.

    ``entries`` are ``(effective_from, value)`` pairs in date order; ``effective_from`` is a
    calendar date in the policy's zone, or ``None`` for "since always". Before the first dated
    entry (when there is no ``None`` entry) the schedule has no value: the rule did not exist.
    """

    entries: tuple[tuple[dt.date | None, T], ...]

    def __attrs_post_init__(self) -> None:
        if not self.entries:
            raise PolicyDefinitionError("a Schedule needs at least one (effective_from, value).")
        if not isinstance(self.entries, tuple) or not all(
            isinstance(e, tuple) and len(e) == 2 for e in self.entries
        ):
            raise PolicyDefinitionError(
                f"Schedule entries must be a tuple of (effective_from, value) pairs, not "
                f"{self.entries!r}."
            )
        dates = [d for d, _ in self.entries]
        if None in dates[1:]:
            raise PolicyDefinitionError(
                "only the first entry of a Schedule may have effective_from=None."
            )
        dated = [d for d in dates if d is not None]
        if dated != sorted(dated) or len(set(dated)) != len(dated):
            raise PolicyDefinitionError(f"Schedule dates must be strictly increasing, got {dated}.")

    @classmethod
    def fixed(cls, value: T) -> Schedule[T]:
        """A value that never changed."""
        return cls(((None, value),))

    @classmethod
    def dated(cls, *entries: tuple[dt.date | None, T]) -> Schedule[T]:
        """A value with versions: ``Schedule.dated((None, 1), (date(2017, 11, 22), 3))``."""
        return cls(tuple(entries))

    def at(self, day: dt.date) -> T | None:
        """The value in force on ``day``, or ``None`` before the rule existed."""
        value: T | None = None
        for since, v in self.entries:
            if since is None or since <= day:
                value = v
            else:
                break
        return value

    @property
    def changes(self) -> tuple[dt.date, ...]:
        """The dates on which the value changed."""
        return tuple(d for d, _ in self.entries if d is not None)


def _int_schedule(value: int | Schedule[int]) -> Schedule[int]:
    if isinstance(value, Schedule):
        return value
    return Schedule.fixed(value)


def _opt_int_schedule(value: int | Schedule[int] | None) -> Schedule[int] | None:
    return None if value is None else _int_schedule(value)


def _frozenset_or_none(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


def _sorted_codes(value: Iterable[str]) -> tuple[str, ...]:
    """Ledger codes in a canonical order (sorted, once each)."""
    if isinstance(value, str):
        raise PolicyDefinitionError(
            f"give a list of ledger codes such as ('supervision',), not the string {value!r}."
        )
    return tuple(sorted(set(value)))


def _check_whole(what: str, *values: object) -> None:
    """Raise :class:`PolicyDefinitionError` unless every value is an int (or None)."""
    for value in values:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise PolicyDefinitionError(
                f"{what} takes whole numbers (int), not {type(value).__name__} {value!r}."
            )


# --------------------------------------------------------------------------- sanctions


class SanctionKind(enum.Enum):
    """What a platform does to an account (contract)."""

    WARNING = "warning"
    RESTRICTION = "restriction"
    LISTING_REMOVAL = "listing_removal"
    FUNDS_HOLD = "funds_hold"
    FINE = "fine"
    FREEZE = "freeze"
    SUSPENSION = "suspension"
    CLOSURE = "closure"


@attrs.frozen
class SanctionSpec:
    """A sanction a rule applies: its kind, how many calendar days it lasts (``None`` =
    open-ended) and, for fines, an amount of money.

    ``while_reached`` (threshold sanctions only): the sanction also ends as soon as the ledger
    falls back under the threshold's level, as a score band does (Amazon's "At Risk").
    ``appealable_after_days``: the seller may ask for it to be lifted only that many days after
    it starts (Amazon US funds appeal). ``effective_from``/``effective_until`` (local dates, the
    latter exclusive) bound the rule version for sanctions a violation applies directly.
    """

    kind: SanctionKind
    days: int | None = None
    reason: str = ""
    amount: Decimal | None = None
    currency: str | None = None
    while_reached: bool = False
    appealable_after_days: int | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None

    def in_force(self, day: dt.date) -> bool:
        """Whether this version of the sanction applies on ``day``."""
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_until is None or day < self.effective_until

    def __attrs_post_init__(self) -> None:
        # A kind of the wrong type is refused by the Policy, which names its key path; the
        # messages here must not fail on it meanwhile.
        name = self.kind.name if isinstance(self.kind, SanctionKind) else repr(self.kind)
        if self.appealable_after_days is not None and (
            isinstance(self.appealable_after_days, bool)
            or not isinstance(self.appealable_after_days, int)
            or self.appealable_after_days < 0
        ):
            raise PolicyDefinitionError(
                f"sanction {name}: appealable_after_days must be a whole number >= 0 "
                f"or None, got {self.appealable_after_days!r}."
            )
        if (
            self.effective_from is not None
            and self.effective_until is not None
            and self.effective_until <= self.effective_from
        ):
            raise PolicyDefinitionError(
                f"sanction {name}: effective_until {self.effective_until} is not "
                f"after effective_from {self.effective_from}."
            )
        if self.days is not None and (
            isinstance(self.days, bool) or not isinstance(self.days, int) or self.days <= 0
        ):
            raise PolicyDefinitionError(
                f"sanction {name} lasts {self.days!r} days; give a positive whole "
                "number of days, or None for an open-ended sanction."
            )
        if self.kind is SanctionKind.CLOSURE and self.days is not None:
            raise PolicyDefinitionError("a CLOSURE is terminal: it takes no duration (days=None).")
        if self.amount is not None:
            if (
                not isinstance(self.amount, Decimal)
                or not self.amount.is_finite()
                or self.amount < 0
            ):
                raise PolicyDefinitionError(
                    f"sanction amount {self.amount!r} must be a non-negative Decimal."
                )
            if not self.currency:
                raise PolicyDefinitionError("a sanction with an amount needs its currency.")

    def describe(self) -> str:
        """A short phrase such as '7-day freeze' or 'closure'."""
        name = self.kind.name.lower().replace("_", " ")
        if self.amount is not None:
            name = f"{name} of {self.amount} {self.currency}"
        if self.days is None:
            text = name if self.kind is SanctionKind.CLOSURE else f"open-ended {name}"
        else:
            text = f"{self.days}-day {name}"
        return text + (" while the level is held" if self.while_reached else "")


# --------------------------------------------------------------------------- thresholds


MAX_LEVELS_CROSSED = 1000
"""The most levels of one "every N" threshold a single rise of a balance may cross. Each level
applies its sanctions, so an unbounded count lets one large deduction (``points=10**9`` against
"every 1 point") build millions of sanctions; no platform's notice comes near 1,000 levels at
once (AliExpress and Taobao step every 12 points and close an account by 48)."""


@attrs.frozen
class Threshold:
    """Reaching ``points`` on a ledger applies ``sanctions``; with ``every=True`` each multiple
    of ``points`` does. ``effective_from``/``effective_until`` (local dates, the latter
    exclusive) bound the rule version in force when the threshold is reached.

    ``scale_days`` (with ``every=True``): the k-th multiple's sanctions last k times their days
    (Taobao general points: 7 days per 12 points, so 24 points are a 14-day node).
    ``parallel``: the sanctions run their own course whatever the ledger's stacking, one set
    per level reached (Tmall's liquidated damages: due at every 12 general points, however
    the points arrive, while the node's other measures follow the heaviest-node rule).
    """

    points: int
    sanctions: tuple[SanctionSpec, ...]
    every: bool = False
    label: str = ""
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    scale_days: bool = False
    parallel: bool = False

    def __attrs_post_init__(self) -> None:
        if isinstance(self.points, bool) or not isinstance(self.points, int) or self.points <= 0:
            raise PolicyDefinitionError(
                f"threshold points must be a positive whole number, got {self.points!r}."
            )
        if not self.sanctions:
            raise PolicyDefinitionError(f"the threshold at {self.points} applies no sanction.")
        if self.scale_days and not self.every:
            raise PolicyDefinitionError(
                f"the threshold at {self.points} has scale_days, which needs every=True (the days "
                "grow with each multiple of the level)."
            )
        if (
            self.effective_from is not None
            and self.effective_until is not None
            and self.effective_until <= self.effective_from
        ):
            raise PolicyDefinitionError(
                f"threshold at {self.points}: effective_until {self.effective_until} is not "
                f"after effective_from {self.effective_from}."
            )

    def sanctions_at(self, level: int) -> tuple[SanctionSpec, ...]:
        """The sanctions applied at ``level`` (a multiple of ``points``): ``sanctions``, with
        their days multiplied by ``level // points`` with ``scale_days``."""
        k = level // self.points
        if not self.scale_days or k <= 1:
            return self.sanctions
        return tuple(
            spec if spec.days is None else attrs.evolve(spec, days=spec.days * k)
            for spec in self.sanctions
        )

    def in_force(self, day: dt.date) -> bool:
        """Whether this version of the threshold applies on ``day``."""
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_until is None or day < self.effective_until

    def levels_crossed(self, old: int, new: int) -> list[int]:
        """The levels this threshold reaches when a balance rises from ``old`` to ``new``.

        The engine applies each level's sanctions, so one rise may cross at most
        :data:`MAX_LEVELS_CROSSED` levels of an "every N" threshold; more is refused with
        :class:`~penalties.errors.InvalidEventError` (counted, never enumerated, first)."""
        if new <= old:
            return []
        if not self.every:
            return [self.points] if old < self.points <= new else []
        first = old // self.points + 1
        last = new // self.points
        if last - first >= MAX_LEVELS_CROSSED:
            raise InvalidEventError(
                f"a balance rising from {old:,} to {new:,} crosses {last - first + 1:,} levels "
                f"of the threshold '{self.title}', and one event may cross at most "
                f"{MAX_LEVELS_CROSSED:,} levels of one threshold (each applies its sanctions); "
                "check the event's points, or use a larger step (every=True at more points)."
            )
        return [k * self.points for k in range(first, last + 1)]

    def next_level(self, balance: int) -> int | None:
        """The next level above ``balance`` this threshold would fire at."""
        if self.every:
            return (balance // self.points + 1) * self.points
        return self.points if self.points > balance else None

    @property
    def title(self) -> str:
        """The label, or 'every N points' / 'N points'."""
        if self.label:
            return self.label
        return f"every {self.points} points" if self.every else f"{self.points} points"


# --------------------------------------------------------------------------- validity


@attrs.frozen
class ExpiresAfter:
    """Each violation's points lapse ``days`` calendar days after the penalty, in the policy's
    zone (a rolling window is the same rule). The number may change with rule versions, chosen
    by the date the penalty was applied.

    ``stops_at``: once the ledger's balance has reached this many points, none of its points
    lapse any more (TikTok Shop: the lapse "does not happen once the total has reached 48").
    """

    days: Schedule[int] = attrs.field(converter=_int_schedule)
    stops_at: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.stops_at is not None and (
            isinstance(self.stops_at, bool)
            or not isinstance(self.stops_at, int)
            or self.stops_at <= 0
        ):
            raise PolicyDefinitionError(
                f"ExpiresAfter stops_at must be a positive whole number or None, got "
                f"{self.stops_at!r}."
            )
        for _, d in self.days.entries:
            if isinstance(d, bool) or not isinstance(d, int) or d <= 0:
                raise PolicyDefinitionError(f"ExpiresAfter needs positive days, got {d!r}.")
        if self.days.entries[0][0] is not None:
            raise PolicyDefinitionError(
                "ExpiresAfter needs a number of days for every date: start its Schedule with "
                "(None, days), e.g. Schedule.dated((None, 365), (date(2025, 1, 1), 180))."
            )


@attrs.frozen
class Never:
    """Points never lapse by themselves (only appeals remove them)."""


class ResetCalendar(abc.ABC):
    """Base of calendars that say when a ledger resets."""

    __slots__ = ()

    def next_after(self, instant: DateTime, tz: pendulum.Timezone) -> DateTime:
        """The first reset strictly after ``instant`` (an exact comparison), in ``tz``.

        A calendar of your own overrides this method or :meth:`next_key` (the engine's form,
        on exact integer instants); each defaults to the other."""
        z = zone(tz)
        return z.datetime(self.next_key(exact(instant), z))

    def next_key(self, key: int, zone: Zone) -> int:
        """The first reset strictly after the exact instant ``key``, as an exact instant."""
        if type(self).next_after is ResetCalendar.next_after:
            raise NotImplementedError(
                f"{type(self).__name__} must define next_after() or next_key()."
            )
        found = exact(self.next_after(zone.datetime(key), zone.tz))
        if found <= key:
            raise PolicyDefinitionError(
                f"{type(self).__name__}.next_after() returned an instant that is not after the "
                "one it was given; a reset calendar must move forward."
            )
        return found

    @abc.abstractmethod
    def describe(self) -> str:
        """A phrase such as 'every 1 January 00:00'."""


@attrs.frozen
class YearlyReset(ResetCalendar):
    """Reset at 00:00 local time on ``month``/``day`` each year (Taobao: 1 January 00:00, which
    is 31 December 24:00)."""

    month: int = 1
    day: int = 1

    def __attrs_post_init__(self) -> None:
        try:
            dt.date(2001, self.month, self.day)
        except (TypeError, ValueError, OverflowError):
            raise PolicyDefinitionError(
                f"YearlyReset({self.month!r}, {self.day!r}) is not a calendar day of every year."
            ) from None

    def next_key(self, key: int, zone: Zone) -> int:
        year = zone.date(key).year
        while True:
            candidate = zone.midnight(_calendar_day(year, self.month, self.day))
            if candidate > key:
                return candidate
            year += 1

    def describe(self) -> str:
        return f"every {self.day} {calendar.month_name[self.month]} 00:00"


def _calendar_day(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PolicyDefinitionError(
            f"a calendar reset after {year - 1} lies past the end of the calendar (year 9999)."
        ) from None


@attrs.frozen
class QuarterlyReset(ResetCalendar):
    """Reset at 00:00 local time on the first (or last) given weekday of each quarter: the first
    ``weekday`` of January, April, July and October, or the last one of March, June, September
    and December. ``weekday`` counts from Monday = 0."""

    weekday: int = 0
    which: Literal["first", "last"] = "first"

    def __attrs_post_init__(self) -> None:
        _check_whole("QuarterlyReset weekday", self.weekday)
        if self.weekday not in range(7) or self.which not in ("first", "last"):
            raise PolicyDefinitionError(
                f"QuarterlyReset(weekday={self.weekday!r}, which={self.which!r}): weekday is "
                "0 (Monday) to 6, which is 'first' or 'last'."
            )

    def _day_in(self, year: int, quarter: int) -> dt.date:
        if self.which == "first":
            month = 3 * quarter + 1
            day = _calendar_day(year, month, 1)
            return day + dt.timedelta(days=(self.weekday - day.weekday()) % 7)
        month = 3 * quarter + 3
        day = _calendar_day(year, month, calendar.monthrange(year, month)[1])
        return day - dt.timedelta(days=(day.weekday() - self.weekday) % 7)

    def next_key(self, key: int, zone: Zone) -> int:
        today = zone.date(key)
        year, quarter = today.year, (today.month - 1) // 3
        while True:
            candidate = zone.midnight(self._day_in(year, quarter))
            if candidate > key:
                return candidate
            quarter += 1
            if quarter == 4:
                year, quarter = year + 1, 0

    def describe(self) -> str:
        name = calendar.day_name[self.weekday]
        months = (
            "January, April, July and October"
            if self.which == "first"
            else ("March, June, September and December")
        )
        return f"the {self.which} {name} of {months}, 00:00"


@attrs.frozen
class DatedResetCalendar(ResetCalendar):
    """A reset calendar that changed on dated rule versions (Shopee PH: first Monday of the
    quarter, then the last Monday from 29 Dec 2025)."""

    versions: Schedule[ResetCalendar]

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.versions, Schedule):
            raise TypeError(
                "DatedResetCalendar.versions must be a Schedule of reset calendars, e.g. "
                "Schedule.dated((None, QuarterlyReset()), (date(2025, 12, 29), ...)), not "
                f"{type(self.versions).__name__}."
            )
        for _, version in self.versions.entries:
            if not isinstance(version, ResetCalendar):
                raise TypeError(
                    "DatedResetCalendar.versions must hold reset calendars (YearlyReset, "
                    f"QuarterlyReset, ...), not {type(version).__name__} {version!r}."
                )

    def next_key(self, key: int, zone: Zone) -> int:
        today = zone.date(key)
        current = self.versions.at(today)
        later = [d for d in self.versions.changes if d > today]
        candidate = current.next_key(key, zone) if current is not None else None
        for change in later:
            if candidate is not None and zone.date(candidate) < change:
                return candidate
            version = self.versions.at(change)
            assert version is not None
            start = zone.midnight(change) - 1
            candidate = version.next_key(max(start, key), zone)
        if candidate is None:  # pragma: no cover - guarded by Schedule validation
            raise PolicyDefinitionError("DatedResetCalendar has no version in force.")
        return candidate

    def describe(self) -> str:
        parts = []
        for since, cal in self.versions.entries:
            parts.append(cal.describe() + (f" (from {since})" if since else ""))
        return "; ".join(parts)


@attrs.frozen
class CarryOver:
    """At a reset, a balance in ``[min_points, max_points]`` is kept (``keep=None``) or becomes
    ``keep`` points instead of zero. ``basis="added"`` tests the points added since the last
    reset rather than the whole balance (Taobao counterfeit: 24–47 added in a year carry over as
    24, but a carried 24 plus fewer than 24 new points is cleared)."""

    min_points: int
    max_points: int | None = None
    keep: int | None = None
    basis: Literal["balance", "added"] = "balance"

    def __attrs_post_init__(self) -> None:
        _check_whole("CarryOver", self.min_points, self.max_points, self.keep)
        empty = self.max_points is not None and self.max_points < self.min_points
        if self.min_points < 0 or empty:
            raise PolicyDefinitionError(
                f"CarryOver range [{self.min_points}, {self.max_points}] is empty or negative."
            )
        if self.keep is not None and self.keep < 0:
            raise PolicyDefinitionError(f"CarryOver keeps {self.keep} points; must be >= 0.")
        if self.basis not in ("balance", "added"):
            raise PolicyDefinitionError(f"CarryOver basis {self.basis!r}: 'balance' or 'added'.")

    def matches(self, balance: int, added: int) -> bool:
        """Whether this rule applies to a ledger about to reset."""
        value = balance if self.basis == "balance" else added
        return value >= self.min_points and (self.max_points is None or value <= self.max_points)


@attrs.frozen
class CalendarReset:
    """Balances return to zero on a calendar (``calendar``), except what ``carry_over`` rules
    keep; those rules apply from ``carry_over_since`` (a local date) when given."""

    calendar: ResetCalendar
    carry_over: tuple[CarryOver, ...] = ()
    carry_over_since: dt.date | None = None

    def carried(self, balance: int, added: int, day: dt.date) -> tuple[int, CarryOver | None]:
        """Points kept at a reset on ``day`` and the rule that kept them (first match wins)."""
        if self.carry_over_since is not None and day < self.carry_over_since:
            return 0, None
        for rule in self.carry_over:
            if rule.matches(balance, added):
                kept = balance if rule.keep is None else min(rule.keep, balance)
                return kept, rule
        return 0, None


Validity: TypeAlias = ExpiresAfter | CalendarReset | Never


# --------------------------------------------------------------------------- counting rules


@attrs.frozen
class DailyCap:
    """All matching violations penalised on one local calendar day count for at most ``limit``
    points together (AliExpress general IP: 6 a day)."""

    limit: int
    kinds: frozenset[str] | None = attrs.field(default=None, converter=_frozenset_or_none)
    severities: frozenset[str] | None = attrs.field(default=None, converter=_frozenset_or_none)

    def __attrs_post_init__(self) -> None:
        _check_whole("DailyCap limit", self.limit)
        if self.limit <= 0:
            raise PolicyDefinitionError(f"DailyCap limit must be positive, got {self.limit}.")

    def applies(self, kind: str, severity: str | None) -> bool:
        """Whether a violation of ``kind``/``severity`` is counted under this rule."""
        return _applies(self.kinds, self.severities, kind, severity)

    def allocate(self, points: list[int]) -> list[int]:
        """Points each member counts for, in booking order: greedily up to the cap."""
        room = self.limit
        out = []
        for p in points:
            take = min(p, room)
            out.append(take)
            room -= take
        return out

    def describe(self) -> str:
        return f"at most {self.limit} points a day"


@attrs.frozen
class MergeWindow:
    """Matching violations within ``days`` calendar days of the first one of a window count as
    one (AliExpress serious IP: 3 days). The window opens at the first violation; the merged
    group counts for the largest single deduction in it.

    ``per_rights_holder``: one window per rights holder (``Violation.rights_holder``), so only
    complaints by the same holder merge (Taobao improper use of others' rights); a violation
    that names no holder merges with nothing.
    """

    days: int
    kinds: frozenset[str] | None = attrs.field(default=None, converter=_frozenset_or_none)
    severities: frozenset[str] | None = attrs.field(default=None, converter=_frozenset_or_none)
    per_rights_holder: bool = False

    def __attrs_post_init__(self) -> None:
        _check_whole("MergeWindow days", self.days)
        if self.days <= 0:
            raise PolicyDefinitionError(f"MergeWindow days must be positive, got {self.days}.")

    def applies(self, kind: str, severity: str | None) -> bool:
        """Whether a violation of ``kind``/``severity`` is counted under this rule."""
        return _applies(self.kinds, self.severities, kind, severity)

    def allocate(self, points: list[int]) -> list[int]:
        """The member with the largest deduction (the earliest on ties) counts; others don't."""
        out = [0] * len(points)
        if points:
            best = max(range(len(points)), key=lambda i: (points[i], -i))
            out[best] = points[best]
        return out

    def describe(self) -> str:
        who = " of one rights holder" if self.per_rights_holder else ""
        return f"violations{who} within {self.days} days count once"


def _applies(
    kinds: frozenset[str] | None, severities: frozenset[str] | None, kind: str, sev: str | None
) -> bool:
    if kinds is not None and kind not in kinds:
        return False
    return severities is None or sev in severities


CountingRule: TypeAlias = DailyCap | MergeWindow


# --------------------------------------------------------------------------- stacking


class StackingMode(enum.Enum):
    """What happens when a threshold fires while an earlier threshold's sanction still runs."""

    PARALLEL = "parallel"
    """Each sanction runs its own course."""
    HEAVIEST = "heaviest"
    """Only the heaviest node applies, its term counted from the first node's start (Taobao)."""
    EXTEND = "extend"
    """Points that arrive while a sanction runs restart its term from that moment (Shopee)."""


@attrs.frozen
class Stacking:
    """A ledger's stacking rule; for ``EXTEND``, ``kinds`` limits which sanctions extend."""

    mode: StackingMode = StackingMode.PARALLEL
    kinds: frozenset[SanctionKind] | None = None

    @classmethod
    def parallel(cls) -> Stacking:
        """Every sanction runs its own term."""
        return cls(StackingMode.PARALLEL)

    @classmethod
    def heaviest(cls) -> Stacking:
        """Heaviest node only, counted from the first start."""
        return cls(StackingMode.HEAVIEST)

    @classmethod
    def extend(cls, *kinds: SanctionKind) -> Stacking:
        """New points restart running sanctions of ``kinds`` (all kinds when none given)."""
        return cls(StackingMode.EXTEND, frozenset(kinds) if kinds else None)


# --------------------------------------------------------------------------- ledgers, kinds


class Unit(enum.Enum):
    """What a ledger counts."""

    POINTS = "points"
    STRIKES = "strikes"
    COMPLAINTS = "complaints"
    RECORDS = "records"


@attrs.frozen
class Ledger:
    """An accumulator of points (or strikes) with its validity, counting, thresholds and
    stacking rules. ``appeal_lifts_sanctions``: a granted or reducing appeal that takes the
    balance back under a running threshold sanction's level ends that sanction.

    ``score_base`` makes the ledger a score-down rating (Amazon's and TikTok Shop US's account
    health): the engine still counts deductions as points, and the score shown is
    ``max(0, score_base - points)``; thresholds stay in deduction points (see :meth:`score_level`).

    ``appeal_lifts_closure``: an exception to "closure is terminal" for this ledger only: a
    granted appeal that takes the balance under a running closure's level lifts it too
    (AliExpress serious IP: the third strike closes the store only with no successful appeal).

    ``exam_required``: a node penalty (a threshold's sanction that lasts a number of days, but
    not a fine) ends only when its term has passed **and** an
    :class:`~penalties.events.ExamPassed` event came after it started; until one arrives it
    stays active (Taobao's rules exam, 考试).
    """

    code: str
    title: str
    title_zh: str = ""
    unit: Unit = Unit.POINTS
    validity: Validity = attrs.field(factory=Never)
    counting: tuple[CountingRule, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    stacking: Stacking = attrs.field(factory=Stacking)
    appeal_lifts_sanctions: bool = True
    score_base: int | None = None
    appeal_lifts_closure: bool = False
    exam_required: bool = False

    def score(self, points: int) -> int | None:
        """The score shown for ``points`` of deductions, for a score-down ledger."""
        return None if self.score_base is None else max(0, self.score_base - points)

    def score_level(self, score: int) -> int:
        """The deduction at which the score falls to ``score`` (a threshold's ``points``)."""
        if self.score_base is None:
            raise PolicyDefinitionError(f"ledger {self.code!r} is not a score-down ledger.")
        return self.score_base - score

    @property
    def validity_text(self) -> str:
        """How points leave this ledger, in words."""
        validity = self.validity
        if isinstance(validity, ExpiresAfter):
            days = sorted({d for _, d in validity.days.entries})
            return "valid " + " or ".join(str(d) for d in days) + " days from the penalty"
        if isinstance(validity, CalendarReset):
            return f"reset {validity.calendar.describe()}"
        return "never lapse"

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code.isidentifier():
            raise PolicyDefinitionError(
                f"ledger code {self.code!r} must be a non-empty identifier such as 'trade'."
            )
        if self.score_base is not None and (
            isinstance(self.score_base, bool)
            or not isinstance(self.score_base, int)
            or self.score_base <= 0
        ):
            raise PolicyDefinitionError(
                f"ledger {self.code!r}: score_base must be a positive whole number or None, "
                f"got {self.score_base!r}."
            )
        for th in self.thresholds if isinstance(self.thresholds, tuple) else ():
            if not isinstance(th, Threshold) or not isinstance(th.sanctions, tuple):
                continue  # wrong types are reported by Policy's type check
            if th.every and any(
                isinstance(spec, SanctionSpec) and spec.while_reached for spec in th.sanctions
            ):
                raise PolicyDefinitionError(
                    f"ledger {self.code!r}: a while_reached sanction needs a single level, not "
                    f"'every {th.points}'."
                )


@attrs.frozen
class Severity:
    """One severity tier of a violation kind: its points (with rule versions), the ledger it
    books to when not the kind's own, and sanctions it applies directly."""

    code: str
    points: Schedule[int] | None = attrs.field(default=None, converter=_opt_int_schedule)
    ledger: str | None = None
    sanctions: tuple[SanctionSpec, ...] = ()
    title: str = ""


@attrs.frozen
class ViolationKind:
    """A code of a platform's violation catalogue.

    ``points`` (kinds without severities) or each :class:`Severity`'s points give the deduction
    by the date the penalty was applied; ``None`` means no source states it, so each violation
    must state its points. ``sanctions`` act directly, without a threshold. ``appeal_window_days``
    is the platform's appeal window, when it states one; ``max_appeals`` how many appeals one
    record allows (AliExpress: one), when the platform limits them. ``also_counts_on``: other
    ledgers the same points count on as well, each with its own thresholds (Tmall's store
    supervision counts the general points of dishonesty and spam listing).
    """

    code: str
    title: str
    ledger: str
    title_zh: str = ""
    points: Schedule[int] | None = attrs.field(default=None, converter=_opt_int_schedule)
    severities: tuple[Severity, ...] = ()
    default_severity: str | None = None
    sanctions: tuple[SanctionSpec, ...] = ()
    appeal_window_days: Schedule[int] | None = attrs.field(
        default=None, converter=_opt_int_schedule
    )
    source: str = ""
    generic: bool = False
    max_appeals: int | None = None
    also_counts_on: tuple[str, ...] = attrs.field(default=(), converter=_sorted_codes)

    def __attrs_post_init__(self) -> None:
        if self.max_appeals is not None and (
            isinstance(self.max_appeals, bool)
            or not isinstance(self.max_appeals, int)
            or self.max_appeals < 1
        ):
            raise PolicyDefinitionError(
                f"kind {self.code!r}: max_appeals must be a whole number >= 1 or None, got "
                f"{self.max_appeals!r}."
            )
        direct = list(self.sanctions) if isinstance(self.sanctions, tuple) else []
        for sev in self.severities if isinstance(self.severities, tuple) else ():
            if isinstance(sev, Severity) and isinstance(sev.sanctions, tuple):
                direct.extend(sev.sanctions)
        for spec in direct:
            if isinstance(spec, SanctionSpec) and spec.while_reached:
                raise PolicyDefinitionError(
                    f"kind {self.code!r}: while_reached only makes sense on a threshold's "
                    "sanction (a direct sanction has no level to fall under)."
                )
        if self.severities and self.points is not None:
            raise PolicyDefinitionError(
                f"kind {self.code!r} has severities; give points per Severity, not on the kind."
            )
        own = {self.ledger} | {
            s.ledger for s in self.severities if isinstance(s, Severity) and s.ledger
        }
        twice = sorted(str(code) for code in own & set(self.also_counts_on))
        if twice:
            raise PolicyDefinitionError(
                f"kind {self.code!r} also counts on {twice}, a ledger it books to already; "
                "also_counts_on names other ledgers."
            )
        codes = [s.code for s in self.severities]
        if len(set(codes)) != len(codes):
            raise PolicyDefinitionError(f"kind {self.code!r} repeats a severity code: {codes}.")
        if self.default_severity is not None and self.default_severity not in codes:
            raise PolicyDefinitionError(
                f"kind {self.code!r}: default_severity {self.default_severity!r} is not one of "
                f"{codes}."
            )

    def severity(self, code: str) -> Severity | None:
        """The severity ``code`` of this kind, if any."""
        for s in self.severities:
            if s.code == code:
                return s
        return None

    def ledgers(self) -> set[str]:
        """Every ledger this kind can book to (or count its points on)."""
        return (
            {self.ledger}
            | {s.ledger for s in self.severities if s.ledger}
            | set(self.also_counts_on)
        )


@attrs.frozen
class Assumption:
    """A documented choice a policy makes where its sources are silent, and how to override it.

    ``first_seen``: the rule's start is only *known from* this local date (its earliest source),
    not an effective date; a standing before it says so in its explanation.
    """

    code: str
    text: str
    option: str | None = None
    first_seen: dt.date | None = None
