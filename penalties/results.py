"""Results: the replayed history (:class:`Timeline`) and the account at one instant
(:class:`Standing`), each able to say why its numbers are what they are."""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable, Container, Iterator, Mapping, MutableSequence, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast, overload

import attrs
from immutabledict import immutabledict
from pendulum import DateTime

from penalties._bookings import EXPIRED, NONE
from penalties._bookings import Bookings as _Bookings
from penalties._lowered import lowered
from penalties._query import Moment, Query, SanctionRecord, facts, scan
from penalties._time import InstantLike, Zone, exact, fold_safe, instant_eq, to_instant
from penalties.errors import PenaltiesError
from penalties.events import Appeal, AppealOutcome, Event
from penalties.rules import (
    CalendarReset,
    CountingRule,
    DailyCap,
    ExpiresAfter,
    SanctionKind,
    SanctionSpec,
)

if TYPE_CHECKING:
    from penalties.forecast import Headroom
    from penalties.policy import Policy

__all__ = [
    "AppealState",
    "AppealWindow",
    "BalanceChange",
    "Contribution",
    "Expiry",
    "MissingExtraError",
    "NextThreshold",
    "Sanction",
    "Standing",
    "Status",
    "Timeline",
    "WhatIf",
]


class MissingExtraError(PenaltiesError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""


class Status(enum.IntEnum):
    """An account's overall state, ordered from best to worst (contract)."""

    GOOD = 0
    WARNED = 1
    RESTRICTED = 2
    FROZEN = 3
    SUSPENDED = 4
    CLOSED = 5


_STATUS_OF: dict[SanctionKind, Status] = {
    SanctionKind.WARNING: Status.WARNED,
    SanctionKind.FINE: Status.WARNED,
    SanctionKind.RESTRICTION: Status.RESTRICTED,
    SanctionKind.LISTING_REMOVAL: Status.RESTRICTED,
    SanctionKind.FUNDS_HOLD: Status.RESTRICTED,
    SanctionKind.FREEZE: Status.FROZEN,
    SanctionKind.SUSPENSION: Status.SUSPENDED,
    SanctionKind.CLOSURE: Status.CLOSED,
}


_STATUSES: tuple[Status, ...] = tuple(Status)
"""Each status by its value (the integers :mod:`penalties._query` answers with)."""


def status_of(kind: SanctionKind) -> Status:
    """The status a sanction of ``kind`` implies."""
    return _STATUS_OF[kind]


@fold_safe
@attrs.frozen(weakref_slot=False)
class Sanction:
    """A sanction on the account: ``[start, end)``, ``end=None`` when open-ended (contract).

    ``cause`` names the violations behind it; ``ledger`` is ``None`` for a sanction a violation
    applied directly rather than through a threshold.
    """

    kind: SanctionKind
    start: DateTime = attrs.field(eq=instant_eq)
    end: DateTime | None = attrs.field(eq=instant_eq)
    ledger: str | None
    cause: tuple[str, ...]
    reason: str
    threshold: int | None = None
    amount: Decimal | None = None
    currency: str | None = None
    appealable_from: DateTime | None = attrs.field(default=None, eq=instant_eq)
    """The earliest instant the seller may ask for it to be lifted, where a rule sets one
    (Amazon US: a funds appeal 60 days after deactivation)."""

    def active_at(self, instant: InstantLike) -> bool:
        """Whether the sanction runs at ``instant`` (compared as exact instants)."""
        t = exact(to_instant(instant, what="at"))
        return exact(self.start) <= t and (self.end is None or t < exact(self.end))

    @property
    def status(self) -> Status:
        """The account status this sanction implies."""
        return status_of(self.kind)

    def _repr_html_(self) -> str:
        """An HTML summary for notebooks."""
        from penalties._html import render_sanction

        return render_sanction(self)


@fold_safe
@attrs.frozen(weakref_slot=False)
class BalanceChange:
    """One change of a ledger's balance: when, by how much, the balance after, and why."""

    at: DateTime = attrs.field(eq=instant_eq)
    ledger: str
    delta: int
    balance: int
    cause: tuple[str, ...]
    reason: str


@attrs.frozen
class NextThreshold:
    """The next threshold of a ledger: its level, the points still to go, what it applies."""

    ledger: str
    points: int
    remaining: int
    sanctions: tuple[SanctionSpec, ...]
    label: str


@fold_safe
@attrs.frozen(weakref_slot=False)
class Expiry:
    """Points that will leave a ledger at ``at`` if nothing else happens."""

    at: DateTime = attrs.field(eq=instant_eq)
    ledger: str
    points: int
    cause: tuple[str, ...]
    reason: str


@fold_safe
@attrs.frozen(weakref_slot=False)
class Contribution:
    """One violation's part in a ledger's balance: its deduction and what of it counts."""

    violation_id: str
    kind: str
    severity: str | None
    booked_at: DateTime = attrs.field(eq=instant_eq)
    points: int
    counted: int
    expires_at: DateTime | None = attrs.field(eq=instant_eq)


@fold_safe
@attrs.frozen
class AppealState:
    """An appeal as known at an instant: pending or decided, the window it was filed in
    (``deadline``, where the platform states one) and what the platform's rules say against it
    (``problems``: filed late, over the limit of appeals per record)."""

    violation_id: str
    filed_at: DateTime = attrs.field(eq=instant_eq)
    outcome: AppealOutcome
    decided_at: DateTime | None = attrs.field(eq=instant_eq)
    deadline: DateTime | None = attrs.field(default=None, eq=instant_eq)
    problems: tuple[str, ...] = ()


@fold_safe
@attrs.frozen
class AppealWindow:
    """A penalty that can still be appealed at an instant: its deadline and the appeals left
    (``None``: the platform sets no limit)."""

    violation_id: str
    kind: str
    deadline: DateTime = attrs.field(eq=instant_eq)
    appeals_used: int
    appeals_left: int | None


# --------------------------------------------------------------------------- engine records

_SanctionRecord = SanctionRecord
"""The engine's sanction records (a plain class of the compiled :mod:`penalties._query`)."""


@attrs.frozen(weakref_slot=False)
class _Row:
    """One booking read out of :class:`_Bookings` (made per query, for live records only)."""

    index: int
    table: _Bookings = attrs.field(repr=False)
    ledger: str
    group: int
    violation_id: str | None
    kind: str
    severity: str | None
    booked: int
    expires: int | None

    def points_at(self, t: int) -> int:
        return self.table.points_at(self.index, t)


def _row(self: _Bookings, i: int) -> _Row:
    """Booking ``i`` as one object, for the few rows a standing reads."""
    expires = self.expires[i]
    return _Row(
        i,
        self,
        self.ledger[i],
        self.group[i],
        self.vid[i],
        self.kind[i],
        self.severity[i],
        self.booked[i],
        None if expires == NONE else expires,
    )


@attrs.define(weakref_slot=False, eq=False)
class _Replayed:
    """What a replay leaves: the balance changes as columns, the bookings and the sanction
    records, all in exact instants; a :class:`Timeline` builds public values from it when read."""

    policy: Policy
    zone: Zone
    change_keys: MutableSequence[int]
    change_ledgers: MutableSequence[int]
    change_deltas: MutableSequence[int]
    change_balances: MutableSequence[int]
    change_refs: MutableSequence[int]
    """The booking a change is about: ``i`` when booking ``i`` was made, ``-2 - i`` when it
    expired, ``-1`` when ``change_texts`` holds the cause and reason. Causes and reasons are
    written from the booking when read (see :meth:`change`) rather than stored per change."""
    change_texts: dict[int, tuple[tuple[str, ...], str]]
    bookings: _Bookings
    groups: tuple[CountingRule | None, ...]
    records: list[_SanctionRecord]
    notes: tuple[str, ...]
    appeal_problems: dict[tuple[str, int], tuple[str, ...]]
    validity_texts: dict[str, str] = attrs.Factory(dict)
    lapse_stops: dict[str, int] = attrs.Factory(dict)
    """When each ledger's points stopped lapsing (``ExpiresAfter.stops_at`` reached)."""

    def change(self, i: int) -> BalanceChange:
        """The ``i``-th balance change as a public value: its cause and reason are written here,
        from the booking it is about, rather than stored for every change."""
        delta = self.change_deltas[i]
        ledger = self.policy.ledgers[self.change_ledgers[i]].code
        text = self.change_texts.get(i)
        if text is not None:
            cause, reason = text
        else:
            b = self.bookings
            ref = self.change_refs[i]
            if ref >= 0:  # the booking itself
                cause = b.cause(ref)
                gid = b.group[ref]
                reason = booking_reason(b, ref, delta, self.groups[gid] if gid >= 0 else None)
            else:  # its expiry, written -2 - ref
                ref = -2 - ref
                cause = b.cause(ref)
                reason = f"{b.vid[ref]} lapsed ({self.validity_text(ledger)})"
        return BalanceChange(
            self.zone.datetime(self.change_keys[i]),
            ledger,
            delta,
            self.change_balances[i],
            cause,
            reason,
        )

    def validity_text(self, code: str) -> str:
        text = self.validity_texts.get(code)
        if text is None:
            text = self.validity_texts[code] = self.policy.ledger(code).validity_text
        return text


def booking_reason(bookings: _Bookings, i: int, counted: int, rule: CountingRule | None) -> str:
    """Why booking ``i`` changed its ledger by ``counted`` when it was booked."""
    severity = bookings.severity[i]
    what = bookings.kind[i] + (f" ({severity})" if severity else "")
    nominal = bookings.history[i][0][1] if i in bookings.history else bookings.current[i]
    if counted != nominal:
        assert rule is not None
        what += f": {counted} of {nominal} counted ({rule.describe()})"
    return what


class ChangeLog(Sequence[BalanceChange]):
    """The balance changes of a timeline up to an instant (:attr:`Standing.changes`): a view of
    the timeline's columns whose items are built when read, so a standing copies no history.
    It compares equal to any sequence of the same changes and pickles as a tuple."""

    __slots__ = ("_data", "_n")

    def __init__(self, data: _Replayed, n: int) -> None:
        self._data = data
        self._n = n

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> BalanceChange: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[BalanceChange, ...]: ...

    def __getitem__(self, index: int | slice) -> BalanceChange | tuple[BalanceChange, ...]:
        if isinstance(index, slice):
            return tuple(self._data.change(i) for i in range(*index.indices(self._n)))
        i = index + self._n if index < 0 else index
        if not 0 <= i < self._n:
            raise IndexError("change index out of range")
        return self._data.change(i)

    def __iter__(self) -> Iterator[BalanceChange]:
        change = self._data.change
        for i in range(self._n):
            yield change(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ChangeLog) and other._data is self._data:
            return other._n == self._n
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(other) == self._n and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"ChangeLog({self._n} changes)"

    def __reduce__(self) -> tuple[object, tuple[tuple[BalanceChange, ...]]]:
        return (tuple, (tuple(self),))


class DeferredEvents:
    """A timeline's events not built yet: the column entry (:func:`penalties.engine.replay_rows`)
    replays rows, and the :class:`~penalties.events.Violation` objects are made only if the
    timeline's ``events`` are read. It keeps the caller's rows (exact instant, id, kind, ...)
    and their canonical ``order`` as they are, so a replay makes no tuple per row: queries read
    (exact instant, id, kind) from them when they need it (:meth:`of_kinds`)."""

    __slots__ = ("_make", "_order", "_rows")

    def __init__(
        self,
        make: Callable[[list[int]], tuple[Event, ...]],
        order: list[int],
        rows: Sequence[tuple[int, str, str, str | None, int | None]],
    ) -> None:
        self._make = make
        self._order = order
        self._rows = rows

    def build(self) -> tuple[Event, ...]:
        """The events, in canonical order."""
        return self._make(self._order)

    def of_kinds(self, kinds: Container[str]) -> list[tuple[int, str, str]]:
        """The violations whose kind is in ``kinds``, as (exact instant, id, kind), in canonical
        order."""
        rows = self._rows
        out: list[tuple[int, str, str]] = []
        for i in self._order:
            row = rows[i]
            if row[2] in kinds:
                out.append((row[0], row[1], row[2]))
        return out


class _Once:
    """A computation run once, when first needed, shared by the lazy views built on it."""

    __slots__ = ("_args", "_fn", "_value")

    def __init__(self, fn: Any, *args: Any) -> None:
        self._fn: Any = fn
        self._args: tuple[Any, ...] = args
        self._value: Any = None

    def get(self) -> Any:
        if self._value is None:
            self._value = self._fn(*self._args)
            self._fn, self._args = None, ()
        return self._value


class Expiries(Sequence[Expiry]):
    """A standing's upcoming expiries (:attr:`Standing.expiring`), computed when first read.
    It compares equal to any sequence of the same expiries and pickles as a tuple."""

    __slots__ = ("_once",)

    def __init__(self, once: _Once) -> None:
        self._once = once

    def _items(self) -> tuple[Expiry, ...]:
        items: tuple[Expiry, ...] = self._once.get()[1]
        return items

    def __len__(self) -> int:
        return len(self._items())

    @overload
    def __getitem__(self, index: int) -> Expiry: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Expiry, ...]: ...

    def __getitem__(self, index: int | slice) -> Expiry | tuple[Expiry, ...]:
        return self._items()[index]

    def __iter__(self) -> Iterator[Expiry]:
        return iter(self._items())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return self._items() == tuple(other)

    def __hash__(self) -> int:
        return hash(self._items())

    def __repr__(self) -> str:
        return repr(self._items())

    def __reduce__(self) -> tuple[object, tuple[tuple[Expiry, ...]]]:
        return (tuple, (self._items(),))


class Contributions(Mapping[str, tuple[Contribution, ...]]):
    """Each ledger's contributions at a standing's instant (:attr:`Standing.contributions`),
    computed when first read. It compares equal to any mapping of the same items and pickles as
    an ``immutabledict``."""

    __slots__ = ("_codes", "_once")

    def __init__(self, once: _Once, codes: tuple[str, ...]) -> None:
        self._once, self._codes = once, codes

    def _items(self) -> dict[str, tuple[Contribution, ...]]:
        items: dict[str, tuple[Contribution, ...]] = self._once.get()[0]
        return items

    def __getitem__(self, code: str) -> tuple[Contribution, ...]:
        return self._items()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return self._items() == dict(other)

    def __hash__(self) -> int:
        return hash(immutabledict(self._items()))

    def __repr__(self) -> str:
        return repr(self._items())

    def __reduce__(self) -> tuple[object, tuple[dict[str, tuple[Contribution, ...]]]]:
        return (immutabledict, (self._items(),))


def _frozen_map(value: Mapping[str, Any]) -> immutabledict[str, Any]:
    return value if isinstance(value, immutabledict) else immutabledict(value)


# --------------------------------------------------------------------------- standing


@fold_safe
@attrs.frozen
class Standing:
    """The account at one instant (contract): points per ledger, status, active sanctions,
    what comes next, and the causes behind each number. A plain value: it pickles, copies,
    compares and hashes."""

    at: DateTime = attrs.field(eq=instant_eq)
    policy: Policy = attrs.field(repr=False)
    points: Mapping[str, int]
    status: Status
    sanctions: tuple[Sanction, ...]
    frozen_until: DateTime | None = attrs.field(eq=instant_eq)
    next_thresholds: tuple[NextThreshold, ...]
    expiring: Sequence[Expiry]
    """Upcoming expiries, soonest first (built when first read)."""
    contributions: Mapping[str, tuple[Contribution, ...]] = attrs.field(repr=False)
    """Each ledger's live records and what of them counts (built when first read)."""
    appeals: tuple[AppealState, ...] = attrs.field(repr=False)
    changes: Sequence[BalanceChange] = attrs.field(repr=False)
    """Every balance change up to ``at``, oldest first."""
    scores: Mapping[str, int] = attrs.field(factory=immutabledict)
    """The score of each score-down ledger (``Ledger.score_base``), e.g. Amazon's AHR."""
    appeal_windows: tuple[AppealWindow, ...] = attrs.field(default=(), repr=False)
    """Penalties that can still be appealed at ``at``, with their deadlines."""
    timeline: Timeline | None = attrs.field(default=None, repr=False, eq=False)
    """The timeline this standing was read from, for :meth:`if_granted`."""

    def __attrs_post_init__(self) -> None:
        # Mappings are frozen here rather than by attrs converters, so that cattrs structures
        # their values first (documents read standings back).
        # (Checked one by one: this runs for every standing.)
        if type(self.points) is not immutabledict:
            object.__setattr__(self, "points", _frozen_map(self.points))
        if type(self.scores) is not immutabledict:
            object.__setattr__(self, "scores", _frozen_map(self.scores))
        if not isinstance(self.contributions, Contributions):
            object.__setattr__(self, "contributions", _frozen_map(self.contributions))
        if not isinstance(self.changes, (tuple, ChangeLog)):
            object.__setattr__(self, "changes", tuple(self.changes))
        if not isinstance(self.expiring, (tuple, Expiries)):
            object.__setattr__(self, "expiring", tuple(self.expiring))

    @property
    def closed(self) -> bool:
        """Whether the account is closed (terminal)."""
        return self.status is Status.CLOSED

    @property
    def funds_held(self) -> bool:
        """Whether a funds hold runs at ``at``."""
        return any(s.kind is SanctionKind.FUNDS_HOLD for s in self.sanctions)

    @property
    def clean_at(self) -> DateTime | None:
        """When every ledger is back at zero if nothing new happens (contract); ``None`` when
        never (a closure, points that never lapse). Computed when read, from the timeline."""
        from penalties.forecast import clean_at

        return clean_at(self)

    @property
    def headroom(self) -> Mapping[str, tuple[Headroom, ...]]:
        """Per ledger, per violation kind and severity: how many more such violations before
        the next sanction, and which one (contract; see :class:`penalties.Headroom`).
        Computed when read, by replaying hypothetical violations through the engine."""
        from penalties.forecast import headroom

        return headroom(self)

    def if_granted(self, violation_id: str) -> WhatIf:
        """What a granted appeal on ``violation_id``, decided at ``at``, would change."""
        if self.timeline is None:
            raise PenaltiesError(
                "this Standing was built by hand; use Policy.if_granted(events, ...) instead."
            )
        return self.timeline.if_granted(violation_id, self.at)

    def explain(self, locale: str = "en") -> str:
        """A plain-words account of this standing: the numbers and what caused them."""
        from penalties.explain import explain_standing

        return explain_standing(self, locale)

    def _repr_html_(self) -> str:
        """An HTML summary for notebooks."""
        from penalties._html import render_standing

        return render_standing(self)


@attrs.frozen
class WhatIf:
    """What adding events would change at an instant: both standings and timelines, the new
    sanctions and the points difference per ledger."""

    before: Standing
    after: Standing
    timeline_before: Timeline = attrs.field(repr=False)
    timeline_after: Timeline = attrs.field(repr=False)
    new_sanctions: tuple[Sanction, ...]
    points_delta: Mapping[str, int]

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "points_delta", _frozen_map(self.points_delta))

    @property
    def status_change(self) -> tuple[Status, Status]:
        """The status before and after."""
        return self.before.status, self.after.status

    def _repr_html_(self) -> str:
        """An HTML summary for notebooks."""
        from penalties._html import render_what_if

        return render_what_if(self)


# --------------------------------------------------------------------------- timeline


class _Appeals:
    """A timeline's appeals and appeal windows, indexed once (most histories have neither:
    they share :data:`_NO_APPEALS`)."""

    __slots__ = ("appeals", "deadlines", "revoked_at", "window_keys", "window_span", "windows")

    def __init__(
        self,
        appeals: tuple[tuple[Appeal, int, int | None], ...],
        deadlines: dict[str, int],
        windows: list[tuple[int, str, str, int, int | None]],
        span: int,
        revoked_at: dict[str, int],
    ) -> None:
        self.appeals = appeals
        self.deadlines = deadlines
        self.windows = windows
        self.window_keys = [w[0] for w in windows]
        self.window_span = span
        self.revoked_at = revoked_at


_NO_APPEALS = _Appeals((), {}, [], 0, {})
_NO_SCORES: immutabledict[str, int] = immutabledict()


@attrs.frozen(eq=False, getstate_setstate=False)
class Timeline:
    """A whole account history replayed under a policy (contract).

    ``sanctions`` holds every sanction with its real interval; ``changes`` every balance change
    with its cause. ``at(instant)`` gives the :class:`Standing` at any instant, using only what
    was known then. Inside it is columns of exact instants; the public values are built when
    read. Two timelines are equal when their policy and events are (evaluation is pure).
    """

    policy: Policy = attrs.field(repr=False)
    _events: tuple[Event, ...] | DeferredEvents = attrs.field(repr=False, alias="events")
    _data: _Replayed = attrs.field(repr=False, alias="data")
    _ix: Query = attrs.field(init=False, repr=False)
    _ax: _Appeals = attrs.field(init=False, repr=False)
    _cache: dict[str, Any] = attrs.field(init=False, repr=False, factory=dict)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        return self.policy == other.policy and self.events == other.events

    def __hash__(self) -> int:
        return hash((self.policy, self.events))

    @property
    def events(self) -> tuple[Event, ...]:
        """The events replayed, in their canonical order (the order of the input never
        matters)."""
        source = self._events
        if isinstance(source, DeferredEvents):
            built = self._cache.get("events")
            if built is None:
                built = self._cache["events"] = source.build()
            return cast("tuple[Event, ...]", built)
        return source

    def __attrs_post_init__(self) -> None:
        data = self._data
        policy = self.policy
        known = facts(policy)
        ix = Query(
            data.zone,
            known,
            data.change_keys,
            data.change_ledgers,
            data.change_balances,
            data.bookings,
            data.records,
        )
        object.__setattr__(self, "_ix", ix)
        source = self._events
        windowed = known.windowed
        opened: list[tuple[int, str, str]]
        appeals: list[tuple[Appeal, int, int | None]]
        if isinstance(source, DeferredEvents):  # violations only, as columns
            appeals = []
            opened = source.of_kinds(windowed) if windowed else []
        else:
            opened, appeals = scan(source, windowed)
        if not opened and not appeals:
            object.__setattr__(self, "_ax", _NO_APPEALS)
            return
        deadlines: dict[str, int] = {}
        windows: list[tuple[int, str, str, int, int | None]] = []
        span = 0
        for opens, vid, kind_code in opened:
            kind = policy.kind(kind_code)
            closes = policy._deadline_key(kind, opens)
            if closes is not None:
                deadlines[vid] = closes
                windows.append((opens, vid, kind_code, closes, kind.max_appeals))
                span = max(span, closes - opens)
        windows.sort(key=lambda w: (w[0], w[1]))
        ax = _Appeals(tuple(appeals), deadlines, windows, span, ix.revoked_at())
        object.__setattr__(self, "_ax", ax)

    # -- the whole history ----------------------------------------------------------------

    @property
    def changes(self) -> tuple[BalanceChange, ...]:
        """Every balance change, in time order, with its cause."""
        found = self._cache.get("changes")
        if found is None:
            found = self._cache["changes"] = tuple(
                ChangeLog(self._data, len(self._data.change_keys))
            )
        return found

    @property
    def sanctions(self) -> tuple[Sanction, ...]:
        """Every sanction that ran, with its real interval (after every revision)."""
        found = self._cache.get("sanctions")
        if found is None:
            z = self._data.zone
            found = tuple(
                r.as_of(None, z, self._data.bookings)
                for r in self._data.records
                if r.end is None or r.end > r.start
            )
            self._cache["sanctions"] = found
        return found

    @property
    def notes(self) -> tuple[str, ...]:
        """What the replay noticed: stated points that differ, late appeals, sanctions not
        applied because the account was closed, nodes passed over."""
        return self._data.notes

    def __getstate__(self) -> dict[str, Any]:
        return {"policy": self.policy, "events": self.events, "data": self._data}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["policy"], state["events"], state["data"])  # type: ignore[misc]

    # -- one instant ------------------------------------------------------------------------

    def balance(self, ledger: str, instant: InstantLike) -> int:
        """The balance of ``ledger`` at ``instant``."""
        key = exact(to_instant(instant, what="at"))
        return self._ix.balance(lowered(self.policy).index[self.policy.ledger(ledger).code], key)

    def _row_cells(self, key: int) -> tuple[object, ...]:
        """The cells of :func:`penalties.frames.evaluate_many`'s row of the standing at the
        exact instant ``key``, from its instant to the nearest next threshold: ``key``, the
        status name, the ``frozen_until`` key, the points per ledger (policy order), the number
        of active sanctions, their kinds joined by ``,`` (``SanctionKind`` order), the next
        sanction's start key and the local days to it, and the points remaining to the nearest
        next threshold with its ``"ledger: label"``. Computed from the integers alone: no
        :class:`Standing` is built."""
        return self._ix.cells(key)

    def at(self, instant: InstantLike) -> Standing:
        """The account at ``instant`` (an aware datetime or ISO string with offset)."""
        t = to_instant(instant, what="at")
        policy = self.policy
        data, ix = self._data, self._ix
        z = data.zone
        key = exact(t)
        m = ix.at(key)
        numbers = m.points
        known = ix.facts
        codes = known.codes
        points = dict(zip(codes, numbers, strict=True))
        sanctions = ix.sanctions(m)
        frozen_until = None if m.frozen_until == NONE else z.datetime(m.frozen_until)
        once = _Once(self._contributions_and_expiries, ix, m, points)
        made = m.made
        if m.missing:  # make those not kept yet
            for j, level in enumerate(m.next_level):
                if made[j] is None:
                    balance, reached = numbers[m.next_ledger[j]], m.next_points[j]
                    made[j] = value = NextThreshold(
                        level.ledger,
                        reached,
                        reached - balance,
                        level.rule.sanctions_at(reached),
                        level.title,
                    )
                    level.keep(balance, value)
        ax = self._ax
        appeal_states: tuple[AppealState, ...] = ()
        appeal_windows: tuple[AppealWindow, ...] = ()
        if ax is not _NO_APPEALS:
            appeal_states, appeal_windows = self._appeals_at(ax, key)
        scores = _NO_SCORES
        if known.scored:
            found = {}
            for i in known.scored:
                score = policy.ledgers[i].score(numbers[i])
                if score is not None:
                    found[codes[i]] = score
            scores = immutabledict(found)
        changes = ChangeLog(data, ix.changes_until(key))
        return Standing(
            at=t,
            policy=policy,
            points=immutabledict(points),
            status=_STATUSES[m.status],
            sanctions=sanctions,
            frozen_until=frozen_until,
            next_thresholds=cast("tuple[NextThreshold, ...]", tuple(made)),
            expiring=Expiries(once),
            contributions=Contributions(once, codes),
            appeals=appeal_states,
            changes=changes,
            scores=scores,
            appeal_windows=appeal_windows,
            timeline=self,
        )

    def _appeals_at(
        self, ax: _Appeals, key: int
    ) -> tuple[tuple[AppealState, ...], tuple[AppealWindow, ...]]:
        """The appeals known at ``key`` and the appeal windows still open then."""
        z = self._data.zone
        data = self._data
        appeals: list[AppealState] = []
        used: dict[str, int] = {}
        open_appeal: set[str] = set()
        for event, filed, decided_key in ax.appeals:
            if filed <= key:
                decided = decided_key is not None and decided_key <= key
                vid = event.violation_id
                used[vid] = used.get(vid, 0) + 1
                if not decided:
                    open_appeal.add(vid)
                deadline = ax.deadlines.get(vid)
                appeals.append(
                    AppealState(
                        vid,
                        event.filed_at,
                        event.outcome if decided else AppealOutcome.PENDING,
                        event.decided_at if decided else None,
                        None if deadline is None else z.datetime(deadline),
                        data.appeal_problems.get((vid, filed), ()),
                    )
                )
        windows = []
        # Only windows opened within the longest window's span before `t` can still be open.
        lo = bisect.bisect_left(ax.window_keys, key - ax.window_span)
        hi = bisect.bisect_right(ax.window_keys, key)
        for _, vid, kind, deadline_key, limit in ax.windows[lo:hi]:
            revoked = ax.revoked_at.get(vid)
            if key > deadline_key or vid in open_appeal or (revoked is not None and revoked <= key):
                continue
            left = None if limit is None else limit - used.get(vid, 0)
            if left is None or left > 0:
                windows.append(
                    (deadline_key, vid, AppealWindow(
                        vid, kind, z.datetime(deadline_key), used.get(vid, 0), left
                    ))
                )  # fmt: skip
        windows.sort(key=lambda w: (w[0], w[1]))
        return tuple(appeals), tuple(w for _, _, w in windows)

    def if_granted(self, violation_id: str, instant: InstantLike) -> WhatIf:
        """What a granted appeal on ``violation_id``, decided at ``instant``, would change.

        A pending appeal on it (as known at ``instant``) is taken as the one granted; otherwise
        a new appeal filed and granted at ``instant`` is assumed.
        """
        return self.policy.if_granted(self.events, violation_id, instant)

    def _lapsed_in_day(self, members: list[_Row], t: int) -> list[int]:
        """The points of the members of a daily-cap group (``members`` are its live ones)
        that lapsed by ``t``, in booking order. A group is one local day, and bookings are
        kept in time order, so they are the rows of that day before its first live member."""
        table = self._data.bookings
        z = self._data.zone
        first = min(m.index for m in members)
        since = z.midnight(z.date(table.booked[first]))
        group = members[0].group
        out: list[int] = []
        i = first - 1
        while i >= 0 and table.booked[i] >= since:
            if table.group[i] == group and table.end_code[i] == EXPIRED and table.ended[i] <= t:
                out.append(table.current[i])
            i -= 1
        out.reverse()
        return out

    def _contributions_and_expiries(
        self, ix: Query, moment: Moment, points: Mapping[str, int]
    ) -> tuple[dict[str, tuple[Contribution, ...]], tuple[Expiry, ...]]:
        table = self._data.bookings
        t = moment.key
        active = [_row(table, i) for i in ix.alive(moment)]
        z = self._data.zone
        dt_of = z.datetime
        expires = self.policy._query_facts()[2]
        stops = self._data.lapse_stops
        if stops:  # points of a ledger that stopped lapsing by `t` have no expiry to come
            expires = {
                code: e and not (code in stops and stops[code] <= t) for code, e in expires.items()
            }
        by_group: dict[int, list[_Row]] = {}
        for b in active:
            # a booking no counting rule groups (group -1) is a group of its own
            by_group.setdefault(b.group if b.group >= 0 else -2 - b.index, []).append(b)
        contributions: dict[str, list[Contribution]] = {
            ledger.code: [] for ledger in self.policy.ledgers
        }
        expiring: list[tuple[int, str, Expiry]] = []
        for gid, members in by_group.items():
            rule = self._data.groups[gid] if gid >= 0 else None
            if rule is None and len(members) == 1:  # the common case, in short
                m = members[0]
                p = m.points_at(t)
                vid = m.violation_id or "carry-over"
                ends = None if m.expires is None or not expires[m.ledger] else dt_of(m.expires)
                contributions[m.ledger].append(
                    Contribution(vid, m.kind, m.severity, dt_of(m.booked), p, p, ends)
                )
                if p and m.expires is not None and ends is not None and expires[m.ledger]:
                    expiring.append(
                        (
                            m.expires,
                            m.ledger,
                            Expiry(
                                ends, m.ledger, p, (vid,), f"{m.ledger}: {m.violation_id} lapses"
                            ),
                        )
                    )
                continue
            nominal = [m.points_at(t) for m in members]
            capped = isinstance(rule, DailyCap)
            if isinstance(rule, DailyCap):
                # Members of the day that lapsed keep the room they took under its cap (the
                # engine does not count the day again): allocate after them.
                lapsed = self._lapsed_in_day(members, t)
                counted = rule.allocate(lapsed + nominal)[len(lapsed) :]
            else:
                counted = rule.allocate(nominal) if rule is not None else nominal
            for m, p, c in zip(members, nominal, counted, strict=True):
                contributions[m.ledger].append(
                    Contribution(
                        m.violation_id or "carry-over",
                        m.kind,
                        m.severity,
                        dt_of(m.booked),
                        p,
                        c,
                        None if m.expires is None or not expires[m.ledger] else dt_of(m.expires),
                    )
                )
            ledger = self.policy.ledger(members[0].ledger)
            if capped and isinstance(ledger.validity, ExpiresAfter) and expires[ledger.code]:
                # Under a daily cap each lapse takes off what its violation counts.
                for m, c in zip(members, counted, strict=True):
                    if c and m.expires is not None:
                        expiring.append(
                            (
                                m.expires,
                                m.ledger,
                                Expiry(
                                    dt_of(m.expires),
                                    m.ledger,
                                    c,
                                    (m.violation_id or "carry-over",),
                                    f"{ledger.code}: {m.violation_id} lapses",
                                ),
                            )
                        )
            elif isinstance(ledger.validity, ExpiresAfter) and expires[ledger.code]:
                remaining = list(zip(members, nominal, strict=True))
                total = sum(counted)
                for m in sorted(members, key=lambda b: (b.expires or 0, b.booked)):
                    remaining = [(b, p) for b, p in remaining if b is not m]
                    ps = [p for _, p in remaining]
                    new_total = sum(rule.allocate(ps)) if rule is not None else sum(ps)
                    if total - new_total and m.expires is not None:
                        expiring.append(
                            (
                                m.expires,
                                m.ledger,
                                Expiry(
                                    dt_of(m.expires),
                                    m.ledger,
                                    total - new_total,
                                    (m.violation_id or "carry-over",),
                                    f"{ledger.code}: {m.violation_id} lapses",
                                ),
                            )
                        )
                    total = new_total
        for ledger in self.policy.ledgers:
            validity = ledger.validity
            if isinstance(validity, CalendarReset) and points[ledger.code]:
                reset = validity.calendar.next_key(t, z)
                carried_in = sum(
                    b.points_at(t)
                    for b in active
                    if b.ledger == ledger.code and b.violation_id is None
                )
                balance = points[ledger.code]
                kept, _ = validity.carried(balance, balance - carried_in, z.date(reset))
                if balance - kept:
                    cause = tuple(
                        b.violation_id
                        for b in active
                        if b.ledger == ledger.code and b.violation_id is not None
                    )
                    expiring.append(
                        (
                            reset,
                            ledger.code,
                            Expiry(
                                dt_of(reset),
                                ledger.code,
                                balance - kept,
                                cause,
                                f"{ledger.code}: calendar reset ({validity.calendar.describe()})",
                            ),
                        )
                    )
        expiring.sort(key=lambda e: (e[0], e[1]))
        return {k: tuple(v) for k, v in contributions.items()}, tuple(e for _, _, e in expiring)

    def to_frame(self) -> Any:
        """The balance changes as a pandas DataFrame (needs the ``pandas`` extra): ``at`` is a
        ``datetime64[us, <policy zone>]`` column (see :func:`penalties.frames.changes_frame`)."""
        try:
            import pandas  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
        except ImportError:
            raise MissingExtraError(
                "Timeline.to_frame() needs pandas; install it with pip install 'penalties[pandas]'."
            ) from None
        from penalties.frames import changes_frame

        return changes_frame(self)

    def _repr_html_(self) -> str:
        """An HTML table of the changes and sanctions, for notebooks."""
        from penalties._html import render_timeline

        return render_timeline(self)
