"""Results: the replayed history (:class:`Timeline`) and the account at one instant
(:class:`Standing`), each able to say why its numbers are what they are."""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
from pendulum import DateTime

from penalties._time import InstantLike, add_days, instant_key, local_date, to_instant
from penalties.errors import PenaltiesError
from penalties.events import Appeal, AppealOutcome, Event, Violation
from penalties.rules import (
    CalendarReset,
    CountingRule,
    ExpiresAfter,
    SanctionKind,
    SanctionSpec,
)

if TYPE_CHECKING:
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


def status_of(kind: SanctionKind) -> Status:
    """The status a sanction of ``kind`` implies."""
    return _STATUS_OF[kind]


@attrs.frozen(weakref_slot=False)
class Sanction:
    """A sanction on the account: ``[start, end)``, ``end=None`` when open-ended (contract).

    ``cause`` names the violations behind it; ``ledger`` is ``None`` for a sanction a violation
    applied directly rather than through a threshold.
    """

    kind: SanctionKind
    start: DateTime
    end: DateTime | None
    ledger: str | None
    cause: tuple[str, ...]
    reason: str
    threshold: int | None = None
    amount: Decimal | None = None
    currency: str | None = None
    appealable_from: DateTime | None = None
    """The earliest instant the seller may ask for it to be lifted, where a rule sets one
    (Amazon US: a funds appeal 60 days after deactivation)."""

    def active_at(self, instant: DateTime) -> bool:
        """Whether the sanction runs at ``instant``."""
        return self.start <= instant and (self.end is None or instant < self.end)

    @property
    def status(self) -> Status:
        """The account status this sanction implies."""
        return status_of(self.kind)


@attrs.frozen(weakref_slot=False)
class BalanceChange:
    """One change of a ledger's balance: when, by how much, the balance after, and why."""

    at: DateTime
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


@attrs.frozen(weakref_slot=False)
class Expiry:
    """Points that will leave a ledger at ``at`` if nothing else happens."""

    at: DateTime
    ledger: str
    points: int
    cause: tuple[str, ...]
    reason: str


@attrs.frozen(weakref_slot=False)
class Contribution:
    """One violation's part in a ledger's balance: its deduction and what of it counts."""

    violation_id: str
    kind: str
    severity: str | None
    booked_at: DateTime
    points: int
    counted: int
    expires_at: DateTime | None


@attrs.frozen
class AppealState:
    """An appeal as known at an instant: pending or decided, the window it was filed in
    (``deadline``, where the platform states one) and what the platform's rules say against it
    (``problems``: filed late, over the limit of appeals per record)."""

    violation_id: str
    filed_at: DateTime
    outcome: AppealOutcome
    decided_at: DateTime | None
    deadline: DateTime | None = None
    problems: tuple[str, ...] = ()


@attrs.frozen
class AppealWindow:
    """A penalty that can still be appealed at an instant: its deadline and the appeals left
    (``None``: the platform sets no limit)."""

    violation_id: str
    kind: str
    deadline: DateTime
    appeals_used: int
    appeals_left: int | None


# --------------------------------------------------------------------------- engine records


@attrs.frozen(weakref_slot=False)
class _Booking:
    """One violation's (or one carried-over balance's) life in a ledger, as the engine saw it."""

    ledger: str
    group: int
    violation_id: str | None
    cause: tuple[str, ...]
    kind: str
    severity: str | None
    booked_at: DateTime
    points: tuple[tuple[DateTime, int], ...]
    ended_at: DateTime | None
    end_reason: str | None
    expires_at: DateTime | None

    def active_at(self, t: DateTime) -> bool:
        return self.booked_at <= t and (self.ended_at is None or t < self.ended_at)

    def points_at(self, t: DateTime) -> int:
        value = self.points[0][1]
        for since, p in self.points:
            if since <= t:
                value = p
        return value


@attrs.frozen(weakref_slot=False)
class _SanctionRecord:
    """A sanction as first applied (``base``) and the later revisions of its end: extensions,
    replacements and lifts, each ``(at, new_end, note, added_cause)``."""

    base: Sanction
    revisions: tuple[tuple[DateTime, DateTime | None, str, tuple[str, ...]], ...]

    def as_of(self, t: DateTime | None) -> Sanction:
        """The sanction as known at ``t`` (``None``: after every revision)."""
        if not self.revisions or (t is not None and self.revisions[0][0] > t):
            return self.base
        end, reason, cause = self.base.end, self.base.reason, list(self.base.cause)
        for at, new_end, note, added in self.revisions:
            if t is None or at <= t:
                end = new_end
                reason += f"; {note}"
                cause.extend(c for c in added if c not in cause)
        return attrs.evolve(self.base, end=end, reason=reason, cause=tuple(cause))


# --------------------------------------------------------------------------- standing


@attrs.frozen
class Standing:
    """The account at one instant (contract): points per ledger, status, active sanctions,
    what comes next, and the causes behind each number."""

    at: DateTime
    policy: Policy = attrs.field(repr=False)
    points: Mapping[str, int]
    status: Status
    sanctions: tuple[Sanction, ...]
    frozen_until: DateTime | None
    next_thresholds: tuple[NextThreshold, ...]
    expiring: tuple[Expiry, ...]
    contributions: Mapping[str, tuple[Contribution, ...]] = attrs.field(repr=False)
    appeals: tuple[AppealState, ...] = attrs.field(repr=False)
    changes: tuple[BalanceChange, ...] = attrs.field(repr=False)
    scores: Mapping[str, int] = attrs.field(factory=lambda: MappingProxyType({}))
    """The score of each score-down ledger (``Ledger.score_base``), e.g. Amazon's AHR."""
    appeal_windows: tuple[AppealWindow, ...] = attrs.field(default=(), repr=False)
    """Penalties that can still be appealed at ``at``, with their deadlines."""
    timeline: Timeline | None = attrs.field(default=None, repr=False, eq=False)
    """The timeline this standing was read from, for :meth:`if_granted`."""

    @property
    def closed(self) -> bool:
        """Whether the account is closed (terminal)."""
        return self.status is Status.CLOSED

    @property
    def funds_held(self) -> bool:
        """Whether a funds hold runs at ``at``."""
        return any(s.kind is SanctionKind.FUNDS_HOLD for s in self.sanctions)

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

    @property
    def status_change(self) -> tuple[Status, Status]:
        """The status before and after."""
        return self.before.status, self.after.status

    def _repr_html_(self) -> str:
        """An HTML summary for notebooks."""
        from penalties._html import render_what_if

        return render_what_if(self)


# --------------------------------------------------------------------------- timeline


@attrs.frozen
class Timeline:
    """A whole account history replayed under a policy (contract).

    ``sanctions`` holds every sanction with its real interval; ``changes`` every balance change
    with its cause. ``at(instant)`` gives the :class:`Standing` at any instant, using only what
    was known then.
    """

    policy: Policy = attrs.field(repr=False)
    events: tuple[Event, ...] = attrs.field(repr=False)
    changes: tuple[BalanceChange, ...]
    sanctions: tuple[Sanction, ...]
    notes: tuple[str, ...]
    _bookings: tuple[_Booking, ...] = attrs.field(repr=False, alias="bookings")
    _groups: tuple[CountingRule | None, ...] = attrs.field(repr=False, alias="groups")
    _records: tuple[_SanctionRecord, ...] = attrs.field(repr=False, alias="records")
    _index: Mapping[str, tuple[list[dt.timedelta], list[int]]] = attrs.field(
        init=False, repr=False, eq=False
    )
    _change_times: list[dt.timedelta] = attrs.field(init=False, repr=False, eq=False)
    _booking_starts: list[dt.timedelta] = attrs.field(init=False, repr=False, eq=False)
    _lookback: int | None = attrs.field(init=False, repr=False, eq=False)
    _record_starts: list[dt.timedelta] = attrs.field(init=False, repr=False, eq=False)
    _final_ends: list[DateTime | None] = attrs.field(init=False, repr=False, eq=False)
    _appeal_problems: Mapping[tuple[str, DateTime], tuple[str, ...]] = attrs.field(
        factory=dict, repr=False, eq=False, alias="appeal_problems"
    )
    _deadlines: dict[str, DateTime] = attrs.field(init=False, repr=False, eq=False)
    _windows: list[tuple[dt.timedelta, str, str, DateTime, int | None]] = attrs.field(
        init=False, repr=False, eq=False
    )
    """Appeal windows (opening key, violation id, kind, deadline, appeal limit), by opening."""
    _window_keys: list[dt.timedelta] = attrs.field(init=False, repr=False, eq=False)
    _window_span: dt.timedelta = attrs.field(init=False, repr=False, eq=False)
    _revoked_at: dict[str, DateTime] = attrs.field(init=False, repr=False, eq=False)

    _keys: tuple[list[dt.timedelta], list[dt.timedelta], list[dt.timedelta]] | None = attrs.field(
        default=None, repr=False, eq=False, alias="keys"
    )
    """The epoch keys of the changes, bookings and records, when the engine has them."""
    _appeals: tuple[Appeal, ...] = attrs.field(init=False, repr=False, eq=False)
    _expires: Mapping[str, bool] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        deadlines: dict[str, DateTime] = {}
        windows: list[tuple[dt.timedelta, str, str, DateTime, int | None]] = []
        span = dt.timedelta(0)
        windowed = {k.code for k in self.policy.all_kinds if k.appeal_window_days is not None}
        for event in self.events:
            if isinstance(event, Violation) and event.kind in windowed:
                deadline = self.policy.appeal_deadline(event)
                if deadline is not None:
                    deadlines[event.id] = deadline
                    limit = self.policy.kind(event.kind).max_appeals
                    opens = instant_key(event.at)
                    windows.append((opens, event.id, event.kind, deadline, limit))
                    span = max(span, instant_key(deadline) - opens)
        windows.sort(key=lambda w: (w[0], w[1]))
        object.__setattr__(self, "_deadlines", deadlines)
        object.__setattr__(self, "_windows", windows)
        object.__setattr__(self, "_window_keys", [w[0] for w in windows])
        object.__setattr__(self, "_window_span", span)
        object.__setattr__(
            self,
            "_revoked_at",
            {
                b.violation_id: b.ended_at
                for b in self._bookings
                if b.violation_id is not None
                and b.end_reason == "revoked"
                and b.ended_at is not None
            },
        )
        # Query indices. The engine emits changes, bookings and sanction records in time order,
        # so each is a sorted list that a query bisects instead of scanning the whole history.
        index: dict[str, tuple[list[dt.timedelta], list[int]]] = {
            ledger.code: ([], []) for ledger in self.policy.ledgers
        }
        if self._keys is None:
            change_times = [instant_key(c.at) for c in self.changes]
            booking_starts = [instant_key(b.booked_at) for b in self._bookings]
            record_starts = [instant_key(r.base.start) for r in self._records]
        else:
            change_times, booking_starts, record_starts = self._keys
        for change, key in zip(self.changes, change_times, strict=True):
            times, balances = index[change.ledger]
            times.append(key)
            balances.append(change.balance)
        object.__setattr__(self, "_index", MappingProxyType(index))
        object.__setattr__(self, "_change_times", change_times)
        object.__setattr__(self, "_booking_starts", booking_starts)
        # Every booking lapses within `_lookback` days when all ledgers expire per violation:
        # queries then scan only the recent bookings.
        days = [
            max(d for _, d in ledger.validity.days.entries)
            if isinstance(ledger.validity, ExpiresAfter)
            else None
            for ledger in self.policy.ledgers
        ]
        lookback = None if None in days else max(d for d in days if d is not None) + 2
        object.__setattr__(
            self,
            "_expires",
            {
                ledger.code: d is not None
                for ledger, d in zip(self.policy.ledgers, days, strict=True)
            },
        )
        object.__setattr__(self, "_lookback", lookback)
        object.__setattr__(self, "_record_starts", record_starts)
        object.__setattr__(
            self,
            "_final_ends",
            [r.revisions[-1][1] if r.revisions else r.base.end for r in self._records],
        )
        object.__setattr__(self, "_appeals", tuple(e for e in self.events if isinstance(e, Appeal)))

    def balance(self, ledger: str, instant: InstantLike) -> int:
        """The balance of ``ledger`` at ``instant``."""
        t = to_instant(instant, what="at")
        return self._balance(self.policy.ledger(ledger).code, t)

    def _balance(self, code: str, t: DateTime) -> int:
        times, balances = self._index[code]
        i = bisect.bisect_right(times, instant_key(t))
        return balances[i - 1] if i else 0

    def at(self, instant: InstantLike) -> Standing:
        """The account at ``instant`` (an aware datetime or ISO string with offset)."""
        t = to_instant(instant, what="at")
        policy = self.policy
        key = instant_key(t)
        points = {}
        for code, (times, balances) in self._index.items():
            i = bisect.bisect_right(times, key)
            points[code] = balances[i - 1] if i else 0
        started = bisect.bisect_right(self._record_starts, key)
        sanctions = tuple(
            s
            for s in (
                r.as_of(t)
                for r, end in zip(self._records[:started], self._final_ends, strict=False)
                if end is None or end > t
            )
            if s.active_at(t)
        )
        status = max((s.status for s in sanctions), default=Status.GOOD)
        freezes = [s for s in sanctions if s.kind is SanctionKind.FREEZE]
        frozen_until = None
        if freezes and all(s.end is not None for s in freezes):
            frozen_until = max(s.end for s in freezes if s.end is not None)
        closed = status is Status.CLOSED
        first = 0
        if self._lookback is not None:
            first = bisect.bisect_left(
                self._booking_starts, instant_key(add_days(t, -self._lookback, policy.tz))
            )
        last = bisect.bisect_right(self._booking_starts, key)
        active = [b for b in self._bookings[first:last] if b.active_at(t)]
        contributions, expiring = self._contributions_and_expiries(active, t, points)
        next_thresholds: list[NextThreshold] = []
        if not closed:
            day = local_date(t, policy.tz)
            for ledger in policy.ledgers:
                best: NextThreshold | None = None
                for th in ledger.thresholds:
                    if not th.in_force(day):
                        continue
                    level = th.next_level(points[ledger.code])
                    if level is None or (best is not None and level >= best.points):
                        continue
                    best = NextThreshold(
                        ledger.code, level, level - points[ledger.code], th.sanctions, th.title
                    )
                if best is not None:
                    next_thresholds.append(best)
        appeals = []
        used: dict[str, int] = {}
        open_appeal: set[str] = set()
        for event in self._appeals:
            if event.filed_at <= t:
                decided = event.decided_at is not None and event.decided_at <= t
                vid = event.violation_id
                used[vid] = used.get(vid, 0) + 1
                if not decided:
                    open_appeal.add(vid)
                appeals.append(
                    AppealState(
                        vid,
                        event.filed_at,
                        event.outcome if decided else AppealOutcome.PENDING,
                        event.decided_at if decided else None,
                        self._deadlines.get(vid),
                        self._appeal_problems.get((vid, event.filed_at), ()),
                    )
                )
        windows = []
        # Only windows opened within the longest window's span before `t` can still be open.
        first = bisect.bisect_left(self._window_keys, key - self._window_span)
        last = bisect.bisect_right(self._window_keys, key)
        for _, vid, kind, deadline, limit in self._windows[first:last]:
            revoked = self._revoked_at.get(vid)
            if t > deadline or vid in open_appeal or (revoked is not None and revoked <= t):
                continue
            left = None if limit is None else limit - used.get(vid, 0)
            if left is None or left > 0:
                windows.append(AppealWindow(vid, kind, deadline, used.get(vid, 0), left))
        scores = {
            ledger.code: score
            for ledger in policy.ledgers
            if (score := ledger.score(points[ledger.code])) is not None
        }
        changes = self.changes[: bisect.bisect_right(self._change_times, key)]
        return Standing(
            at=t,
            policy=policy,
            points=MappingProxyType(points),
            status=status,
            sanctions=sanctions,
            frozen_until=frozen_until,
            next_thresholds=tuple(next_thresholds),
            expiring=expiring,
            contributions=MappingProxyType(contributions),
            appeals=tuple(appeals),
            changes=changes,
            scores=MappingProxyType(scores),
            appeal_windows=tuple(sorted(windows, key=lambda w: (w.deadline, w.violation_id))),
            timeline=self,
        )

    def if_granted(self, violation_id: str, instant: InstantLike) -> WhatIf:
        """What a granted appeal on ``violation_id``, decided at ``instant``, would change.

        A pending appeal on it (as known at ``instant``) is taken as the one granted; otherwise
        a new appeal filed and granted at ``instant`` is assumed.
        """
        return self.policy.if_granted(self.events, violation_id, instant)

    def _contributions_and_expiries(
        self, active: list[_Booking], t: DateTime, points: Mapping[str, int]
    ) -> tuple[dict[str, tuple[Contribution, ...]], tuple[Expiry, ...]]:
        by_group: dict[int, list[_Booking]] = {}
        for b in active:
            by_group.setdefault(b.group, []).append(b)
        contributions: dict[str, list[Contribution]] = {
            ledger.code: [] for ledger in self.policy.ledgers
        }
        expiring: list[Expiry] = []
        for gid, members in by_group.items():
            rule = self._groups[gid]
            if rule is None and len(members) == 1:  # the common case, in short
                m = members[0]
                p = m.points_at(t)
                vid = m.violation_id or "carry-over"
                contributions[m.ledger].append(
                    Contribution(vid, m.kind, m.severity, m.booked_at, p, p, m.expires_at)
                )
                if p and m.expires_at is not None and self._expires[m.ledger]:
                    expiring.append(
                        Expiry(
                            m.expires_at,
                            m.ledger,
                            p,
                            (vid,),
                            f"{m.ledger}: {m.violation_id} lapses",
                        )
                    )
                continue
            nominal = [m.points_at(t) for m in members]
            counted = rule.allocate(nominal) if rule is not None else nominal
            for m, p, c in zip(members, nominal, counted, strict=True):
                contributions[m.ledger].append(
                    Contribution(
                        m.violation_id or "carry-over",
                        m.kind,
                        m.severity,
                        m.booked_at,
                        p,
                        c,
                        m.expires_at,
                    )
                )
            ledger = self.policy.ledger(members[0].ledger)
            if isinstance(ledger.validity, ExpiresAfter):
                remaining = list(zip(members, nominal, strict=True))
                total = sum(counted)
                for m in sorted(members, key=lambda b: (b.expires_at, b.booked_at)):
                    remaining = [(b, p) for b, p in remaining if b is not m]
                    ps = [p for _, p in remaining]
                    new_total = sum(rule.allocate(ps)) if rule is not None else sum(ps)
                    if total - new_total and m.expires_at is not None:
                        expiring.append(
                            Expiry(
                                m.expires_at,
                                m.ledger,
                                total - new_total,
                                (m.violation_id or "carry-over",),
                                f"{ledger.code}: {m.violation_id} lapses",
                            )
                        )
                    total = new_total
        for ledger in self.policy.ledgers:
            validity = ledger.validity
            if isinstance(validity, CalendarReset) and points[ledger.code]:
                tz = self.policy.tz
                reset = validity.calendar.next_after(t, tz)
                carried_in = sum(
                    b.points_at(t)
                    for b in active
                    if b.ledger == ledger.code and b.violation_id is None
                )
                balance = points[ledger.code]
                kept, _ = validity.carried(
                    balance, balance - carried_in, reset.in_timezone(tz).date()
                )
                if balance - kept:
                    cause = tuple(
                        b.violation_id
                        for b in active
                        if b.ledger == ledger.code and b.violation_id is not None
                    )
                    expiring.append(
                        Expiry(
                            reset,
                            ledger.code,
                            balance - kept,
                            cause,
                            f"{ledger.code}: calendar reset ({validity.calendar.describe()})",
                        )
                    )
        expiring.sort(key=lambda e: (e.at, e.ledger))
        return {k: tuple(v) for k, v in contributions.items()}, tuple(expiring)

    def to_frame(self) -> Any:
        """The balance changes as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas as pd  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            raise MissingExtraError(
                "Timeline.to_frame() needs pandas; install it with pip install 'penalties[pandas]'."
            ) from None
        return pd.DataFrame(
            {
                "at": [c.at for c in self.changes],
                "ledger": [c.ledger for c in self.changes],
                "delta": [c.delta for c in self.changes],
                "balance": [c.balance for c in self.changes],
                "cause": [",".join(c.cause) for c in self.changes],
                "reason": [c.reason for c in self.changes],
            }
        )

    def _repr_html_(self) -> str:
        """An HTML table of the changes and sanctions, for notebooks."""
        from penalties._html import render_timeline

        return render_timeline(self)
