"""The replay engine: events -> :class:`~penalties.results.Timeline`.

One sorted sweep over a heap of timed actions (bookings, appeal decisions, expiries, resets),
O(n log n) in events. Same-instant actions run in a fixed order: resets, then expiries, then
new bookings, then appeal decisions, each group ordered by id, so the result never depends on
the order the events were given in. Every rule comes from the policy's data; nothing here knows
a platform.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import heapq
import threading
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, cast

import attrs
from pendulum import DateTime

from penalties._time import add_days, local_date, wall_clock
from penalties._time import instant_key as _key
from penalties.errors import (
    InvalidEventError,
    PointsMismatchWarning,
    close_matches,
)
from penalties.events import (
    EVENT_TYPES,
    Appeal,
    AppealOutcome,
    Event,
    FundsDecision,
    FundsOutcome,
    Revocation,
    Violation,
)
from penalties.results import (
    BalanceChange,
    Sanction,
    Timeline,
    _Booking,
    _SanctionRecord,
)
from penalties.rules import (
    CalendarReset,
    CountingRule,
    DailyCap,
    ExpiresAfter,
    Ledger,
    MergeWindow,
    SanctionKind,
    SanctionSpec,
    StackingMode,
    Threshold,
)

if TYPE_CHECKING:
    from penalties.policy import Policy, Resolved

__all__ = ["replay"]

_GC_PAUSE_FROM = 1_000
"""Replays of at least this many events pause the cyclic garbage collector (see
:func:`_gc_paused`)."""
_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a long replay runs, as Mercurial does when it
    builds large containers.

    A replay allocates millions of container objects that all stay alive, and each allocation
    burst makes the collector walk everything allocated so far: a third of a 100k-event replay
    went there. The replay makes no reference cycles, so reference counting frees its garbage
    as usual. Re-entrant and thread-safe: the first replay in pauses, the last one out restores
    the collector's previous state.
    """
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()

_RESET, _EXPIRE, _BOOK, _DECIDE, _FUNDS = range(5)


@attrs.define
class _MBooking:
    ledger: str
    group: int
    violation_id: str | None
    cause: tuple[str, ...]
    kind: str
    severity: str | None
    booked_at: DateTime
    points: list[tuple[DateTime, int]]
    ended_at: DateTime | None = None
    end_reason: str | None = None
    expires_at: DateTime | None = None

    @property
    def current(self) -> int:
        return self.points[-1][1]

    def freeze(self) -> _Booking:
        return _Booking(
            self.ledger,
            self.group,
            self.violation_id,
            self.cause,
            self.kind,
            self.severity,
            self.booked_at,
            tuple(self.points),
            self.ended_at,
            self.end_reason,
            self.expires_at,
        )


@attrs.define
class _MGroup:
    ledger: str
    rule: CountingRule | None
    members: list[int] = attrs.Factory(list)
    total: int = 0


@attrs.define
class _MSanction:
    base: Sanction
    end: DateTime | None
    level: int | None
    days: int | None
    while_reached: bool = False
    permanent: bool = False
    revisions: list[tuple[DateTime, DateTime | None, str, tuple[str, ...]]] = attrs.Factory(list)
    cause: set[str] = attrs.Factory(set)

    def running(self, t: DateTime) -> bool:
        return self.base.start <= t and (self.end is None or t < self.end)

    def revise(
        self, t: DateTime, end: DateTime | None, note: str, added: tuple[str, ...] = ()
    ) -> None:
        self.end = end
        fresh = tuple(c for c in added if c not in self.cause)
        self.cause.update(fresh)
        self.revisions.append((t, end, note, fresh))


@attrs.define
class _Episode:
    first_start: DateTime
    level: int
    records: list[int]


class _Replay:
    """The mutable state of one replay. Used once, by :func:`replay`."""

    def __init__(
        self,
        policy: Policy,
        violations: list[tuple[dt.timedelta, Violation]],
        appeals: list[Appeal],
        resolved: dict[str, Resolved],
        revocations: list[Revocation],
        funds: list[FundsDecision],
    ) -> None:
        self.policy = policy
        self.tz = policy.tz
        self.resolved = resolved
        # Events known up front (bookings, decisions, funds) form one sorted stream; the heap
        # holds only what the replay schedules as it goes (expiries, resets). Both are ordered
        # by (instant, action, tie-break), and `run` merges them.
        self.stream: list[tuple[dt.timedelta, int, str, int]] = []
        self.position = 0
        self.heap: list[tuple[dt.timedelta, int, str, int]] = []
        # The key of the action being replayed: every change, booking and sanction it makes
        # starts then, and the Timeline's query indices are these keys.
        self.key = dt.timedelta(0)
        self.change_keys: list[dt.timedelta] = []
        self.booking_keys: list[dt.timedelta] = []
        self.sanction_keys: list[dt.timedelta] = []
        self.payload: list[tuple[DateTime, object]] = []
        self.ledgers = {ledger.code: ledger for ledger in policy.ledgers}
        self.validity_text: dict[str, str] = {}
        self.balances = {ledger.code: 0 for ledger in policy.ledgers}
        self.bookings: list[_MBooking] = []
        self.groups: list[_MGroup] = []
        self.active: dict[str, dict[int, None]] = {ledger.code: {} for ledger in policy.ledgers}
        self.windows: dict[tuple[str, int], tuple[int, DateTime]] = {}
        self.caps: dict[tuple[str, int, dt.date], int] = {}
        self.changes: list[BalanceChange] = []
        self.sanctions: list[_MSanction] = []
        self.episodes: dict[str, _Episode] = {}
        self.reset_pending: set[str] = set()
        self.closed_at: DateTime | None = None
        self.notes: list[str] = []
        self.booking_of: dict[str, int] = {}
        self.revoked: set[str] = set()
        for key, v in violations:
            self._add(key, v.at, _BOOK, v.id, v)
        self.held: dict[str, list[int]] = {ledger.code: [] for ledger in policy.ledgers}
        for a in appeals:
            if a.decided_at is not None and a.outcome is not AppealOutcome.PENDING:
                tie = a.violation_id + "|" + a.filed_at.isoformat()
                self._add(_key(a.decided_at), a.decided_at, _DECIDE, tie, a)
        for r in revocations:
            self._add(_key(r.at), r.at, _DECIDE, r.violation_id + "|~" + r.reason.value, r)
        for f in funds:
            tie = f.outcome.value + "|" + (f.violation_id or "")
            self._add(_key(f.at), f.at, _FUNDS, tie, f)
        self.stream.sort()

    # -- plumbing -------------------------------------------------------------------------

    def _add(
        self, key: dt.timedelta, t: DateTime, priority: int, tie: str, payload: object
    ) -> None:
        self.payload.append((t, payload))
        self.stream.append((key, priority, tie, len(self.payload) - 1))

    def _push(self, t: DateTime, priority: int, tie: str, payload: object) -> None:
        self.payload.append((t, payload))
        heapq.heappush(self.heap, (_key(t), priority, tie, len(self.payload) - 1))

    def _pending(self) -> bool:
        """Whether anything but a calendar reset is still to come."""
        return self.position < len(self.stream) or any(
            priority != _RESET for _, priority, _, _ in self.heap
        )

    def run(self) -> None:
        stream, heap, size = self.stream, self.heap, len(self.stream)
        heappop = heapq.heappop
        while True:
            if heap and (self.position >= size or heap[0] < stream[self.position]):
                self.key, priority, _, index = heappop(heap)
            elif self.position < size:
                self.key, priority, _, index = stream[self.position]
                self.position += 1
            else:
                return
            t, payload = self.payload[index]
            if priority == _BOOK:
                self._book(t, cast(Violation, payload))
            elif priority == _DECIDE:
                if isinstance(payload, Revocation):
                    self._revocation(t, payload)
                else:
                    self._decide(t, cast(Appeal, payload))
            elif priority == _FUNDS:
                self._funds(t, cast(FundsDecision, payload))
            elif priority == _EXPIRE:
                self._expire(t, cast(int, payload))
            else:
                self._reset(t, cast(str, payload))

    def _change(
        self, t: DateTime, ledger: str, delta: int, cause: tuple[str, ...], reason: str
    ) -> None:
        if delta == 0:
            return
        self.balances[ledger] += delta
        balance = self.balances[ledger]
        self.changes.append(BalanceChange(t, ledger, delta, balance, cause, reason))
        self.change_keys.append(self.key)
        if delta < 0 and self.held[ledger]:
            kept = []
            for i in self.held[ledger]:
                s = self.sanctions[i]
                if not s.running(t):
                    continue
                assert s.level is not None
                if balance < s.level:
                    s.revise(
                        t,
                        t,
                        f"ended at {self._fmt(t)}: {ledger} fell to {balance}, under {s.level}",
                    )
                else:
                    kept.append(i)
            self.held[ledger] = kept

    def _regroup(self, gid: int) -> int:
        """Recompute a group's counted total from its active members; return the change."""
        group = self.groups[gid]
        if group.rule is None and len(group.members) == 1:
            only = self.bookings[group.members[0]]
            total = only.current if only.ended_at is None else 0
            delta = total - group.total
            group.total = total
            return delta
        members = [self.bookings[i] for i in group.members if self.bookings[i].ended_at is None]
        nominal = [m.current for m in members]
        total = sum(group.rule.allocate(nominal)) if group.rule is not None else sum(nominal)
        delta = total - group.total
        group.total = total
        return delta

    def _validity_text(self, code: str) -> str:
        text = self.validity_text.get(code)
        if text is None:
            text = self.validity_text[code] = self.ledgers[code].validity_text
        return text

    def _fmt(self, t: DateTime) -> str:
        return t.in_timezone(self.tz).format("YYYY-MM-DD HH:mm")

    # -- bookings ---------------------------------------------------------------------------

    def _group_for(
        self, ledger: Ledger, t: DateTime, day: dt.date, kind: str, severity: str | None
    ) -> int:
        for index, rule in enumerate(ledger.counting):
            if not rule.applies(kind, severity):
                continue
            if isinstance(rule, DailyCap):
                key = (ledger.code, index, day)
                if key not in self.caps:
                    self.caps[key] = self._new_group(ledger.code, rule)
                return self.caps[key]
            assert isinstance(rule, MergeWindow)
            window = self.windows.get((ledger.code, index))
            if window is not None and t < window[1]:
                return window[0]
            gid = self._new_group(ledger.code, rule)
            self.windows[(ledger.code, index)] = (gid, add_days(t, rule.days, self.tz))
            return gid
        return self._new_group(ledger.code, None)

    def _new_group(self, ledger: str, rule: CountingRule | None) -> int:
        self.groups.append(_MGroup(ledger, rule))
        return len(self.groups) - 1

    def _book(self, t: DateTime, v: Violation) -> None:
        res = self.resolved[v.id]
        ledger = self.ledgers[res.ledger]
        wall = wall_clock(t, self.tz)
        day = wall.date()
        gid = self._group_for(ledger, t, day, v.kind, res.severity)
        booking = _MBooking(
            ledger.code, gid, v.id, (v.id,), v.kind, res.severity, t, [(t, res.points)]
        )
        self.bookings.append(booking)
        self.booking_keys.append(self.key)
        index = len(self.bookings) - 1
        self.booking_of[v.id] = index
        self.groups[gid].members.append(index)
        self.active[ledger.code][index] = None
        old = self.balances[ledger.code]
        delta = self._regroup(gid)
        what = f"{v.kind}" + (f" ({res.severity})" if res.severity else "")
        if delta != res.points:
            rule = self.groups[gid].rule
            assert rule is not None
            what += f": {delta} of {res.points} counted ({rule.describe()})"
        self._change(t, ledger.code, delta, (v.id,), what)
        validity = ledger.validity
        if isinstance(validity, ExpiresAfter):
            days = validity.days.at(day)
            assert days is not None
            booking.expires_at = add_days(t, days, self.tz, wall)
            self._push(booking.expires_at, _EXPIRE, f"{index:012d}", index)
        elif isinstance(validity, CalendarReset):
            self._schedule_reset(ledger.code, validity, t)
        for spec in res.sanctions:
            self._apply(t, spec, None, (v.id,), f"{what}: applied directly", None)
        if delta > 0:
            self._extend(ledger, t, v.id)
            self._thresholds(ledger, old, self.balances[ledger.code], t, day)

    # -- sanctions --------------------------------------------------------------------------

    def _apply(
        self,
        t: DateTime,
        spec: SanctionSpec,
        ledger: str | None,
        cause: tuple[str, ...],
        reason: str,
        level: int | None,
        start: DateTime | None = None,
    ) -> int | None:
        if self.closed_at is not None:
            self.notes.append(
                f"{self._fmt(t)}: {spec.describe()} not applied; the account was closed on "
                f"{self._fmt(self.closed_at)}"
            )
            return None
        origin = start if start is not None else t
        end = add_days(origin, spec.days, self.tz) if spec.days is not None else None
        if end is not None and end <= t:
            self.notes.append(f"{self._fmt(t)}: {spec.describe()} already over when applied")
            return None
        appealable = (
            add_days(t, spec.appealable_after_days, self.tz)
            if spec.appealable_after_days is not None
            else None
        )
        base = Sanction(
            spec.kind,
            t,
            end,
            ledger,
            cause,
            spec.reason or reason,
            level,
            spec.amount,
            spec.currency,
            appealable,
        )
        held = spec.while_reached and ledger is not None and level is not None
        self.sanctions.append(_MSanction(base, end, level, spec.days, held, cause=set(cause)))
        self.sanction_keys.append(self.key)
        if spec.kind is SanctionKind.CLOSURE:
            self.closed_at = t
        if held:
            assert ledger is not None
            self.held[ledger].append(len(self.sanctions) - 1)
        return len(self.sanctions) - 1

    def _ledger_cause(self, ledger: str) -> tuple[str, ...]:
        causes: dict[str, None] = {}
        for i in self.active[ledger]:
            causes.update(dict.fromkeys(self.bookings[i].cause))
        return tuple(causes)

    def _thresholds(self, ledger: Ledger, old: int, new: int, t: DateTime, day: dt.date) -> None:
        crossings: list[tuple[int, Threshold]] = []
        for th in ledger.thresholds:
            levels = th.levels_crossed(old, new)
            if levels and th.in_force(day) and any(spec.in_force(day) for spec in th.sanctions):
                crossings.extend((level, th) for level in levels)
        if not crossings:
            return
        crossings.sort(key=lambda c: c[0])
        cause = self._ledger_cause(ledger.code)
        unit = ledger.unit.value
        if ledger.stacking.mode is not StackingMode.HEAVIEST:
            for level, th in crossings:
                for spec in th.sanctions:
                    if not spec.in_force(day):
                        continue
                    self._apply(
                        t,
                        spec,
                        ledger.code,
                        cause,
                        f"{ledger.code} reached {level} {unit} ({th.title})",
                        level,
                    )
            return
        level, th = crossings[-1]
        for skipped, _ in crossings[:-1]:
            self.notes.append(
                f"{self._fmt(t)}: {ledger.code} node {skipped} passed in the same deduction as "
                f"{level}; only the heaviest node applies"
            )
        episode = self.episodes.get(ledger.code)
        running = episode is not None and any(self.sanctions[i].running(t) for i in episode.records)
        reason = f"{ledger.code} reached {level} {unit} ({th.title})"
        if running:
            assert episode is not None
            if level <= episode.level:
                self.notes.append(
                    f"{self._fmt(t)}: {ledger.code} node {level} reached while the heavier node "
                    f"{episode.level} runs; only the heaviest node applies"
                )
                return
            for i in episode.records:
                if (
                    self.sanctions[i].running(t)
                    and self.sanctions[i].base.kind is not SanctionKind.CLOSURE
                ):
                    self.sanctions[i].revise(
                        t, t, f"replaced at {self._fmt(t)} by the heavier {level}-{unit} node"
                    )
            first = episode.first_start
            reason += f", counted from the first node's start {self._fmt(first)}"
        else:
            first = t
        records = [
            r
            for spec in th.sanctions
            if (r := self._apply(t, spec, ledger.code, cause, reason, level, start=first))
            is not None
        ]
        self.episodes[ledger.code] = _Episode(first, level, records)

    def _extend(self, ledger: Ledger, t: DateTime, vid: str) -> None:
        stacking = ledger.stacking
        if stacking.mode is not StackingMode.EXTEND:
            return
        for s in self.sanctions:
            if (
                s.base.ledger != ledger.code
                or s.level is None
                or s.days is None
                or s.end is None
                or s.base.start == t
                or not s.running(t)
                or (stacking.kinds is not None and s.base.kind not in stacking.kinds)
            ):
                continue
            new_end = add_days(t, s.days, self.tz)
            if new_end > s.end:
                s.revise(
                    t, new_end, f"extended to {self._fmt(new_end)} by new points ({vid})", (vid,)
                )

    # -- expiry, appeals, resets --------------------------------------------------------------

    def _end_booking(self, index: int, t: DateTime, reason: str) -> int:
        booking = self.bookings[index]
        booking.ended_at, booking.end_reason = t, reason
        del self.active[booking.ledger][index]
        return self._regroup(booking.group)

    def _expire(self, t: DateTime, index: int) -> None:
        booking = self.bookings[index]
        if booking.ended_at is not None:
            return
        delta = self._end_booking(index, t, "expired")
        self._change(
            t,
            booking.ledger,
            delta,
            booking.cause,
            f"{booking.violation_id} lapsed ({self._validity_text(booking.ledger)})",
        )

    def _revoke(self, t: DateTime, vid: str, why: str) -> None:
        """Withdraw ``vid``: its points leave, the sanctions it applied directly are lifted."""
        index = self.booking_of[vid]
        booking = self.bookings[index]
        self.revoked.add(vid)
        if booking.ended_at is None:
            delta = self._end_booking(index, t, "revoked")
            self._change(t, booking.ledger, delta, (vid,), f"{vid} revoked: {why}")
        for s in self.sanctions:
            if (
                s.base.ledger is None
                and vid in s.base.cause
                and s.running(t)
                and s.base.kind is not SanctionKind.CLOSURE
                and not s.permanent
            ):
                s.revise(t, t, f"lifted at {self._fmt(t)}: {why}")
        self._lift(self.policy.ledger(booking.ledger), vid, t)

    def _revocation(self, t: DateTime, revocation: Revocation) -> None:
        vid = revocation.violation_id
        if vid in self.revoked:
            self.notes.append(
                f"{self._fmt(t)}: {vid} {revocation.reason.value} after it was revoked"
            )
            return
        why = {
            "retracted": f"the complaint behind {vid} was retracted",
            "resolved": f"{vid} was resolved",
            "reversed": f"the platform reversed {vid}",
        }[revocation.reason.value]
        self._revoke(t, vid, why)

    def _funds(self, t: DateTime, decision: FundsDecision) -> None:
        vid = decision.violation_id
        holds = [
            s
            for s in self.sanctions
            if s.base.kind is SanctionKind.FUNDS_HOLD
            and s.running(t)
            and (vid is None or vid in s.cause)
        ]
        scope = f" behind {vid}" if vid else ""
        if not holds:
            self.notes.append(
                f"{self._fmt(t)}: funds {decision.outcome.value}{scope}, but no funds hold ran"
            )
            return
        for s in holds:
            if s.permanent:
                self.notes.append(
                    f"{self._fmt(t)}: funds {decision.outcome.value}{scope}, but they were "
                    "already withheld permanently"
                )
            elif decision.outcome is FundsOutcome.RELEASED:
                s.revise(t, t, f"funds released at {self._fmt(t)}")
            else:
                s.permanent = True
                s.revise(t, None, f"funds withheld permanently at {self._fmt(t)}")

    def _decide(self, t: DateTime, appeal: Appeal) -> None:
        vid = appeal.violation_id
        if appeal.outcome is AppealOutcome.DENIED:
            return
        if vid in self.revoked:
            self.notes.append(f"{self._fmt(t)}: appeal on {vid} decided after it was revoked")
            return
        index = self.booking_of[vid]
        booking = self.bookings[index]
        if appeal.outcome is AppealOutcome.GRANTED:
            self._revoke(t, vid, f"appeal on {vid} granted")
            return
        assert appeal.points_after is not None
        if booking.ended_at is None and appeal.points_after < booking.current:
            booking.points.append((t, appeal.points_after))
            delta = self._regroup(booking.group)
            self._change(
                t,
                booking.ledger,
                delta,
                (vid,),
                f"{vid} reduced to {appeal.points_after} by an appeal",
            )
        self._lift(self.policy.ledger(booking.ledger), vid, t)

    def _lift(self, ledger: Ledger, vid: str, t: DateTime) -> None:
        if not ledger.appeal_lifts_sanctions:
            return
        balance = self.balances[ledger.code]
        for s in self.sanctions:
            if (
                s.base.ledger == ledger.code
                and s.level is not None
                and vid in s.cause
                and s.running(t)
                and balance < s.level
                and s.base.kind is not SanctionKind.CLOSURE
                and not s.permanent
            ):
                s.revise(
                    t,
                    t,
                    f"lifted at {self._fmt(t)}: after the appeal on {vid} "
                    f"{ledger.code} is {balance}, under {s.level}",
                )

    def _schedule_reset(self, ledger: str, validity: CalendarReset, t: DateTime) -> None:
        if ledger in self.reset_pending:
            return
        self.reset_pending.add(ledger)
        self._push(validity.calendar.next_after(t, self.tz), _RESET, ledger, ledger)

    def _reset(self, t: DateTime, code: str) -> None:
        self.reset_pending.discard(code)
        ledger = self.policy.ledger(code)
        validity = ledger.validity
        assert isinstance(validity, CalendarReset)
        balance = self.balances[code]
        if balance == 0 and not self.active[code]:
            return
        members = list(self.active[code])
        carried_in = sum(
            self.bookings[i].current for i in members if self.bookings[i].violation_id is None
        )
        kept, rule = validity.carried(balance, balance - carried_in, local_date(t, self.tz))
        cause = self._ledger_cause(code)
        for i in members:
            booking = self.bookings[i]
            booking.ended_at, booking.end_reason = t, "reset"
            self.groups[booking.group].total = 0
        self.active[code].clear()
        self.windows = {k: w for k, w in self.windows.items() if k[0] != code}
        reason = f"calendar reset ({validity.calendar.describe()})"
        if rule is not None:
            reason += f"; {kept} carried over"
        self._change(t, code, kept - balance, cause, reason)
        if kept:
            gid = self._new_group(code, None)
            self.bookings.append(
                _MBooking(code, gid, None, cause, "carry_over", None, t, [(t, kept)])
            )
            self.booking_keys.append(self.key)
            index = len(self.bookings) - 1
            self.groups[gid].members.append(index)
            self.groups[gid].total = kept
            self.active[code][index] = None
            # A kept balance that the next reset would keep again, with nothing else to come,
            # stays as it is for ever: stop scheduling resets. Other ledgers' pending resets do
            # not count as something to come (two stable ledgers would else reset each other
            # every year for ever).
            upcoming = validity.calendar.next_after(t, self.tz)
            stable = validity.carried(kept, 0, local_date(upcoming, self.tz))[0] == kept
            if not (stable and kept == balance and not self._pending()):
                self._schedule_reset(code, validity, t)

    # -- result -------------------------------------------------------------------------------

    def timeline(
        self,
        events: tuple[Event, ...],
        problems: dict[tuple[str, DateTime], tuple[str, ...]],
    ) -> Timeline:
        records = []
        final = []
        for s in self.sanctions:
            record = _SanctionRecord(s.base, tuple(s.revisions))
            records.append(record)
            sanction = record.as_of(None)
            if sanction.end is None or sanction.end > sanction.start:
                final.append(sanction)
        return Timeline(
            policy=self.policy,
            events=events,
            changes=tuple(self.changes),
            sanctions=tuple(final),
            notes=tuple(self.notes),
            bookings=tuple(b.freeze() for b in self.bookings),
            groups=tuple(g.rule for g in self.groups),
            records=tuple(records),
            appeal_problems=problems,
            keys=(self.change_keys, self.booking_keys, self.sanction_keys),
        )


def _sort_key(event: Event) -> tuple[dt.timedelta, int, str]:
    if isinstance(event, Violation):
        return (_key(event.at), 0, event.id)
    if isinstance(event, Appeal):
        return (_key(event.filed_at), 1, event.violation_id)
    if isinstance(event, Revocation):
        return (_key(event.at), 2, event.violation_id + "|" + event.reason.value)
    return (_key(event.at), 3, event.outcome.value + "|" + (event.violation_id or ""))


def replay(policy: Policy, events: Iterable[Event]) -> Timeline:
    """Replay ``events`` under ``policy``; see :meth:`penalties.Policy.evaluate`."""
    if isinstance(events, EVENT_TYPES):
        raise InvalidEventError(
            "evaluate() takes an iterable of events; wrap a single event in a list: [event]."
        )
    items = list(events)
    with _gc_paused() if len(items) >= _GC_PAUSE_FROM else contextlib.nullcontext():
        return _replay(policy, items)


def _replay(policy: Policy, items: list[Event]) -> Timeline:
    violations: list[Violation] = []
    appeals: list[Appeal] = []
    revocations: list[Revocation] = []
    funds: list[FundsDecision] = []
    for i, e in enumerate(items):
        if isinstance(e, Violation):
            violations.append(e)
        elif isinstance(e, Appeal):
            appeals.append(e)
        elif isinstance(e, Revocation):
            revocations.append(e)
        elif isinstance(e, FundsDecision):
            funds.append(e)
        else:
            raise InvalidEventError(
                f"event #{i} is a {type(e).__name__}, not an event; build events with "
                "penalties.Violation, Appeal, Revocation or FundsDecision."
            )
    by_id: dict[str, Violation] = {}
    for v in violations:
        if v.id in by_id:
            raise InvalidEventError(
                f"duplicate violation id {v.id!r}; ids must be unique within one account's "
                "events (the platform's record id, or a suffix such as '-2', works)."
            )
        by_id[v.id] = v
    resolved: dict[str, Resolved] = {}
    mismatches: list[str] = []
    for v in sorted(violations, key=lambda v: v.id):
        res = policy.resolve(v)
        resolved[v.id] = res
        if res.computed is not None and v.points is not None and res.computed != v.points:
            mismatches.append(
                f"violation {v.id!r} states {v.points} points but {policy.code} gives "
                f"{res.computed} for {v.kind}"
                + (f" ({res.severity})" if res.severity else "")
                + f" on {local_date(v.at, policy.tz)}; the stated points are used"
            )
    for a in appeals:
        target = _target(by_id, a.violation_id, "appeal against")
        if a.filed_at < target.at:
            raise InvalidEventError(
                f"appeal against {a.violation_id!r} filed at {a.filed_at}, before the penalty "
                f"was applied at {target.at}; an appeal answers a penalty that exists."
            )
        if (
            a.outcome is AppealOutcome.REDUCED
            and a.points_after is not None
            and a.points_after > resolved[a.violation_id].points
        ):
            raise InvalidEventError(
                f"appeal against {a.violation_id!r} is REDUCED to {a.points_after} points, more "
                f"than the {resolved[a.violation_id].points} it started with; a reduction "
                "lowers points (use points_after < original)."
            )
    for r in revocations:
        target = _target(by_id, r.violation_id, f"revocation ({r.reason.value}) of")
        if r.at < target.at:
            raise InvalidEventError(
                f"revocation of {r.violation_id!r} at {r.at}, before the penalty was applied at "
                f"{target.at}; a penalty can only be withdrawn once it exists."
            )
    for f in funds:
        if f.violation_id is not None:
            _target(by_id, f.violation_id, f"funds decision ({f.outcome.value}) on")
    for message in mismatches:
        warnings.warn(message, PointsMismatchWarning, stacklevel=5)
    keys = {id(v): _key(v.at) for v in violations}
    keyed = sorted(((keys[id(v)], v) for v in violations), key=lambda kv: (kv[0], kv[1].id))
    appeals.sort(key=lambda a: (_key(a.filed_at), a.violation_id, _key(a.at), a.outcome.value))
    problems: dict[tuple[str, DateTime], tuple[str, ...]] = {}
    seen: dict[str, int] = {}
    for a in appeals:
        earlier = seen.get(a.violation_id, 0)
        seen[a.violation_id] = earlier + 1
        found = policy._appeal_checks(by_id[a.violation_id], a, earlier)
        if not found:
            continue
        problems[(a.violation_id, a.filed_at)] = tuple(message for _, message in found)
        for category, message in found:
            what = (
                "it stays pending but the platform will not consider it"
                if a.outcome is AppealOutcome.PENDING
                else f"the recorded outcome ({a.outcome.value}) is used"
            )
            warnings.warn(f"{message}; {what}", category, stacklevel=5)

    def sort_key(event: Event) -> tuple[dt.timedelta, int, str]:
        key = keys.get(id(event))
        if key is not None:
            return (key, 0, cast(Violation, event).id)
        return _sort_key(event)

    state = _Replay(policy, keyed, appeals, resolved, revocations, funds)
    state.run()
    state.notes[:0] = mismatches + [m for found in problems.values() for m in found]
    return state.timeline(tuple(sorted(items, key=sort_key)), problems)


def _target(by_id: dict[str, Violation], vid: str, what: str) -> Violation:
    target = by_id.get(vid)
    if target is None:
        raise InvalidEventError(
            f"{what} {vid!r}, but no violation has that id in these events; add the violation "
            "or fix the id." + close_matches(vid, by_id)
        )
    return target
