"""The replay engine: events -> :class:`~penalties.results.Timeline`.

One sorted sweep over a heap of timed actions (bookings, appeal decisions, expiries, resets),
O(n log n) in events, on exact integer instants (see :mod:`penalties._time`). Same-instant
actions run in a fixed order: resets, then expiries, then new bookings, then appeal decisions,
each group in the events' canonical order (a total order on every field), so the result never
depends on the order the events were given in. Every rule comes from the policy's data; nothing
here knows a platform.
"""

from __future__ import annotations

import heapq
import warnings
from array import array
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Final, TypeAlias, cast

import attrs

from penalties._bookings import EXPIRED, NONE, PACK_FROM, RESET, REVOKED
from penalties._bookings import Bookings as _Bookings
from penalties._lowered import (
    EXTEND,
    HEAVIEST,
    LAPSES_AFTER,
    LAPSES_AT_RESET,
    LedgerTable,
    Reading,
    lowered,
)
from penalties._time import Zone, date_of_day, exact, zone
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
    ExamPassed,
    FundsDecision,
    FundsOutcome,
    Revocation,
    Violation,
)
from penalties.results import (
    DeferredEvents,
    Timeline,
    _Replayed,
    _SanctionRecord,
    booking_reason,
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
    from penalties.policy import Policy

__all__ = ["ViolationRow", "replay", "replay_rows"]

# The kinds of action, in the order they run at one instant (module constants are Final so
# that the compiled build reads them as C constants, not from the module's dict).
_RESET: Final = 0
_EXPIRE: Final = 1
_BOOK: Final = 2
_DECIDE: Final = 3
_FUNDS: Final = 4
_EXAM: Final = 5

_TIE_BITS: Final = 32
_ACTION_SHIFT: Final = 35
_TIE_MASK: Final = (1 << _TIE_BITS) - 1
_LOW_MASK: Final = (1 << _ACTION_SHIFT) - 1
"""An action of the replay is one int: its exact instant, then its kind (3 bits), then its
tie-break (32 bits), so that ints order as (instant, kind, tie-break) tuples would. The
instant's part makes it a big int (over 63 bits): each operation on it allocates, so the low
35 bits are put together, and taken apart, as a small int, with one big operation each way."""


def _action(key: int, priority: int, tie: int) -> int:
    """The int of an action: ``key`` may be negative (before 1970), the rest is not."""
    return (key << _ACTION_SHIFT) | ((priority << _TIE_BITS) | tie)


_RESOLVED_CACHE: Final = 4_096
"""How many violation readings a policy keeps for reuse (cleared when full): enough for the
kinds, severities and days of a batch of accounts, and under a megabyte."""


class _MGroup:
    """A counting group (a day's cap, a merge window): its rule, members and counted total."""

    def __init__(self, ledger: str, rule: CountingRule | None) -> None:
        self.ledger = ledger
        self.rule = rule
        self.members: list[int] = []
        self.total = 0


class _Episode:
    """A heaviest-node ledger's running node: when the first node started, its level, records."""

    def __init__(self, first_start: int, level: int, records: list[int]) -> None:
        self.first_start = first_start
        self.level = level
        self.records = records


class _Replay:
    """The mutable state of one replay. Used once, by :func:`replay`.

    Every instant here is an exact integer (microseconds since the epoch, see
    :func:`penalties._time.exact`); calendar arithmetic goes through the policy's
    :class:`~penalties._time.Zone`. Public datetimes are made by the :class:`Timeline` when read.
    """

    def __init__(
        self,
        policy: Policy,
        keys: list[int],
        items: list[Event] | list[str],
        resolved: dict[str, Reading],
    ) -> None:
        self.policy = policy
        self.zone: Zone = zone(policy.tz)
        self.resolved = resolved
        self.tables: list[LedgerTable] = lowered(policy).ledgers
        # Events known up front (bookings, decisions, funds) form one sorted stream; the heap
        # holds only what the replay schedules as it goes (expiries, resets). Both hold actions
        # as single ints, (instant, action, tie-break) packed by `_action`, so that they sort
        # and compare as ints and allocate no tuple; tie-breaks are unique per instant and
        # action, and name what the action is about: an event's rank in `items`, a booking's
        # row (expiry) or a ledger's number (reset). `run` merges the two.
        self.items = items
        self.stream: list[int] = []
        self.position = 0
        self.heap: list[int] = []
        low = lowered(policy)
        # Per-ledger state is kept in lists by the ledger's number (the policy's shared index
        # gives it from a code), not in dicts built for every replay.
        self.ledgers: dict[str, Ledger] = low.rules
        self.ledger_index: dict[str, int] = low.index
        self.balances: list[int] = [0] * len(self.tables)
        self.bookings = _Bookings()
        self.first_alive = 0
        """No row before this one is alive (see `_first_alive`)."""
        self.groups: list[_MGroup] = []
        self.active: list[dict[int, None]] = [{} for _ in self.tables]
        """Per ledger number, its live rows in booking order."""
        self.windows: dict[tuple[str, int, str | None], tuple[int, int]] = {}
        # The rights holder behind each violation that names one (MergeWindow per_rights_holder).
        self.holders: dict[str, str] = {}
        self.caps: dict[tuple[str, int, int], int] = {}
        self.change_keys: list[int] = []
        self.change_ledgers: list[int] = []
        self.change_deltas: list[int] = []
        self.change_balances: list[int] = []
        self.change_refs: list[int] = []
        self.change_texts: dict[int, tuple[tuple[str, ...], str]] = {}
        self.sanctions: list[_SanctionRecord] = []
        self.episodes: dict[str, _Episode] = {}
        # Per sanction record (EXTEND stacking): the (instant, violation) of each extension,
        # so that an appeal on the violation takes its extension back.
        self.extensions: dict[int, list[tuple[int, str]]] = {}
        # Ledgers whose points stopped lapsing (ExpiresAfter.stops_at reached), and when.
        self.lapse_stops: dict[str, int] = {}
        self.reset_pending: set[str] = set()
        self.closed_at: int | None = None
        # Sanctions not applied while the account was closed, with how they were asked for
        # (`_apply`'s arguments and whether a heaviest node), applied if a closure is lifted.
        self.skipped: list[
            tuple[
                int,
                SanctionSpec,
                str | None,
                tuple[str, ...],
                str,
                int | None,
                int | None,
                tuple[str, int, int] | None,
                bool,
            ]
        ] = []
        self.notes: list[str] = []
        self.booking_of: dict[str, int] = {}
        # (violation, ledger) -> its booking on a ledger its kind's points also count on.
        self.mirrors: dict[tuple[str, str], int] = {}
        self.revoked: set[str] = set()
        # Per ledger code, its sanctions that last while its balance stays at their level.
        self.held: dict[str, list[int]] = {}
        # Node penalties of `exam_required` ledgers waiting for an ExamPassed: record -> the
        # end of their term.
        self.awaiting_exam: dict[int, int] = {}
        # `items` are the events in their canonical order (a total order on every field), so
        # the rank of an event is its tie-break among actions at one instant.
        stream = self.stream
        if not keys or isinstance(items[0], str):  # violations given by their ids (columns)
            # already in (instant, rank) order, all bookings: the stream is sorted as built
            stream.extend([_action(key, _BOOK, rank) for rank, key in enumerate(keys)])
            return
        for rank, event in enumerate(items):
            key = keys[rank]
            if isinstance(event, Violation):
                stream.append(_action(key, _BOOK, rank))
                if event.rights_holder is not None:
                    self.holders[event.id] = event.rights_holder
            elif isinstance(event, Appeal):
                if event.decided_at is not None and event.outcome is not AppealOutcome.PENDING:
                    stream.append(_action(exact(event.decided_at), _DECIDE, rank))
            elif isinstance(event, Revocation):
                stream.append(_action(key, _DECIDE, rank))
            elif isinstance(event, ExamPassed):
                stream.append(_action(key, _EXAM, rank))
            else:
                stream.append(_action(key, _FUNDS, rank))
        stream.sort()

    # -- plumbing -------------------------------------------------------------------------

    def _push(self, key: int, priority: int, tie: int) -> None:
        heapq.heappush(self.heap, _action(key, priority, tie))

    def _pending(self) -> bool:
        """Whether anything but a calendar reset is still to come."""
        return self.position < len(self.stream) or any(
            (action & _LOW_MASK) >> _TIE_BITS != _RESET for action in self.heap
        )

    def run(self) -> None:
        stream, heap, size = self.stream, self.heap, len(self.stream)
        items = self.items
        heappop = heapq.heappop
        while True:
            if heap and (self.position >= size or heap[0] < stream[self.position]):
                action = heappop(heap)
            elif self.position < size:
                action = stream[self.position]
                self.position += 1
            else:
                return
            t = action >> _ACTION_SHIFT
            low = action & _LOW_MASK
            priority = low >> _TIE_BITS
            tie = low & _TIE_MASK
            self.bookings.seq += 1
            if priority == _BOOK:
                item = items[tie]
                self._book(t, item if isinstance(item, str) else cast(Violation, item).id)
            elif priority == _EXPIRE:
                self._expire(t, tie)
            elif priority == _DECIDE:
                payload = items[tie]
                if isinstance(payload, Revocation):
                    self._revocation(t, payload)
                else:
                    self._decide(t, cast(Appeal, payload))
            elif priority == _FUNDS:
                self._funds(t, cast(FundsDecision, items[tie]))
            elif priority == _EXAM:
                self._exam(t)
            else:
                self._reset(t, self.tables[tie].code)

    def _change(
        self,
        t: int,
        ledger: str,
        delta: int,
        ref: int,
        cause: tuple[str, ...] = (),
        reason: str = "",
    ) -> None:
        """Record a change of ``ledger`` by ``delta``: about booking ``ref`` (its booking, or
        ``-2 - ref`` its expiry), or with its own ``cause`` and ``reason`` when ``ref`` is -1."""
        if delta == 0:
            return
        number = self.ledger_index[ledger]
        balance = self.balances[number] + delta
        self.balances[number] = balance
        if ref == -1:
            self.change_texts[len(self.change_keys)] = (cause, reason)
        self.change_keys.append(t)
        self.change_ledgers.append(number)
        self.change_deltas.append(delta)
        self.change_balances.append(balance)
        self.change_refs.append(ref)
        held = self.held.get(ledger) if delta < 0 else None
        if held:
            kept = []
            for i in held:
                s = self.sanctions[i]
                if not s.running(t):
                    continue
                assert s.threshold is not None
                if balance < s.threshold:
                    s.revise(
                        t,
                        t,
                        f"ended at {self._fmt(t)}: {ledger} fell to {balance}, under {s.threshold}",
                    )
                else:
                    kept.append(i)
            self.held[ledger] = kept

    def _regroup(self, gid: int) -> int:
        """Recompute a group's counted total from its active members; return the change.
        (Bookings that no counting rule groups are alone, group -1, and never regrouped.)"""
        group = self.groups[gid]
        b = self.bookings
        if group.rule is None and len(group.members) == 1:
            only = group.members[0]
            total = b.current[only] if b.ended[only] == NONE else 0
            delta = total - group.total
            group.total = total
            return delta
        if isinstance(group.rule, DailyCap):
            # A lapsed member keeps the room it took under its day's cap: its lapse takes off
            # exactly what it counted, and the day is not counted again for the others. (A
            # revoked or appealed member frees its room: it should never have counted.)
            kept = [i for i in group.members if b.ended[i] == NONE or b.end_code[i] == EXPIRED]
            shares = group.rule.allocate([b.current[i] for i in kept])
            total = sum(p for i, p in zip(kept, shares, strict=True) if b.ended[i] == NONE)
        else:
            nominal = [b.current[i] for i in group.members if b.ended[i] == NONE]
            total = sum(group.rule.allocate(nominal)) if group.rule is not None else sum(nominal)
        delta = total - group.total
        group.total = total
        return delta

    def _fmt(self, t: int) -> str:
        return self.zone.format(t)

    # -- bookings ---------------------------------------------------------------------------

    def _group_for(
        self, ledger: Ledger, t: int, day: int, kind: str, severity: str | None, vid: str
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
            holder = None
            if rule.per_rights_holder:
                holder = self.holders.get(vid)
                if holder is None:  # no rights holder named: it merges with nothing
                    return self._new_group(ledger.code, rule)
            window = self.windows.get((ledger.code, index, holder))
            if window is not None and t < window[1]:
                return window[0]
            gid = self._new_group(ledger.code, rule)
            self.windows[(ledger.code, index, holder)] = (gid, self.zone.add_days(t, rule.days))
            return gid
        return -1

    def _new_group(self, ledger: str, rule: CountingRule | None) -> int:
        self.groups.append(_MGroup(ledger, rule))
        return len(self.groups) - 1

    def _book(self, t: int, vid: str, on: str | None = None) -> None:
        """Book ``vid`` on its ledger, then on each ledger its kind's points also count on
        (``on``: that ledger; such a booking applies no direct sanction)."""
        # The hot path: ledger facts come from the policy's lowered table (ints), and the
        # rule objects are asked only for what is dated or rare.
        res = self.resolved[vid]
        table = self.tables[res.ledger if on is None else self.ledger_index[on]]
        code = table.code
        kind = res.kind
        day_number = self.zone.day(t)
        gid = (
            self._group_for(table.rule, t, day_number, kind, res.severity, vid)
            if table.counting
            else -1
        )
        b = self.bookings
        index = b.add(code, gid, vid, kind, res.severity, t, res.points)
        if on is None:
            self.booking_of[vid] = index
        else:
            self.mirrors[(vid, on)] = index
        number = table.index
        self.active[number][index] = None
        b.alive_from.append(self._first_alive())
        old = self.balances[number]
        if gid < 0:
            delta = res.points
        else:
            self.groups[gid].members.append(index)
            delta = self._regroup(gid)
        self._change(t, code, delta, index)
        if table.validity == LAPSES_AFTER:
            days = table.days
            if days < 0:  # dated versions: the one in force on the local day
                dated = cast(ExpiresAfter, table.rule.validity).days.at(date_of_day(day_number))
                assert dated is not None
                days = dated
            expires = b.expires[index] = self.zone.add_days(t, days)
            self._push(expires, _EXPIRE, index)
            stop = table.stops_at
            if stop >= 0 and code not in self.lapse_stops and self.balances[number] >= stop:
                self.lapse_stops[code] = t
        elif table.validity == LAPSES_AT_RESET:
            self._schedule_reset(code, cast(CalendarReset, table.rule.validity), t)
        if res.sanctions and on is None:
            what = booking_reason(b, index, delta, self.groups[gid].rule if gid >= 0 else None)
            for spec in res.sanctions:
                self._apply(t, spec, None, (vid,), f"{what}: applied directly", None)
        if delta > 0:
            if table.stacking == EXTEND:
                self._extend(table.rule, t, vid)
            new = self.balances[number]
            # Every threshold fires at its points or a multiple: under the lowest, none can.
            if (
                table.has_thresholds
                and (new >= table.first_level or new < 0)
                and table.crosses(old, new, day_number)
            ):
                try:
                    self._thresholds(table, old, new, t, day_number)
                except InvalidEventError as exc:
                    raise InvalidEventError(f"violation {vid!r} on {code}: {exc}") from None
        if on is None:
            for also in res.also_counts_on:
                self._book(t, vid, also)

    def _rows(self, vid: str) -> list[int]:
        """The bookings of ``vid``: on its ledger, then on those its points also count on."""
        rows = [self.booking_of[vid]]
        if self.mirrors:
            also = self.resolved[vid].also_counts_on
            rows.extend(self.mirrors[(vid, code)] for code in also)
        return rows

    # -- sanctions --------------------------------------------------------------------------

    def _apply(
        self,
        t: int,
        spec: SanctionSpec,
        ledger: str | None,
        cause: tuple[str, ...],
        reason: str,
        level: int | None,
        start: int | None = None,
        live: tuple[str, int, int] | None = None,
        node: bool = False,
    ) -> int | None:
        if self.closed_at is not None:
            self.notes.append(
                f"{self._fmt(t)}: {spec.describe()} not applied; the account was closed on "
                f"{self._fmt(self.closed_at)}"
            )
            self.skipped.append((t, spec, ledger, cause, reason, level, start, live, node))
            return None
        origin = start if start is not None else t
        end = self.zone.add_days(origin, spec.days) if spec.days is not None else None
        # A node penalty of a ledger that requires the rules exam runs, open-ended, until an
        # ExamPassed ends it with its term (`awaiting_exam`), even when the term is over.
        exam = (
            end is not None
            and ledger is not None
            and level is not None
            and spec.kind is not SanctionKind.FINE
            and self.ledgers[ledger].exam_required
        )
        if end is not None and end <= t and not exam:
            self.notes.append(f"{self._fmt(t)}: {spec.describe()} already over when applied")
            return None
        appealable = (
            self.zone.add_days(t, spec.appealable_after_days)
            if spec.appealable_after_days is not None
            else None
        )
        held = spec.while_reached and ledger is not None and level is not None
        term = end
        if exam:
            assert end is not None
            reason = (spec.reason or reason) + (
                f"; ends when its term has passed ({self._fmt(end)}) and the rules exam is passed"
            )
            spec = attrs.evolve(spec, reason="")
            end = None
        self.sanctions.append(
            _SanctionRecord(
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
                end,
                spec.days,
                live=live,
            )
        )
        if exam:
            assert term is not None
            self.awaiting_exam[len(self.sanctions) - 1] = term
        if spec.kind is SanctionKind.CLOSURE:
            self.closed_at = t
        if held:
            assert ledger is not None
            self.held.setdefault(ledger, []).append(len(self.sanctions) - 1)
        return len(self.sanctions) - 1

    def _caused(self, s: _SanctionRecord, vid: str) -> bool:
        """Whether the violation ``vid`` is among the causes of sanction ``s``."""
        if s.added is not None and vid in s.added:
            return True
        ledger = s.live_ledger
        if ledger is None:
            return vid in s.cause
        seq, last = s.live_seq, s.live_row
        row = self.mirrors.get((vid, ledger)) if self.mirrors else None
        if row is None:
            row = self.booking_of.get(vid)
        return self.bookings.caused(ledger, seq, last, row, vid)

    def _first_alive(self) -> int:
        """The first booking still alive (called right after a booking, so there is one).

        A row is alive until it ends (``ended`` is set exactly when it leaves ``active``) and
        never comes back, so the first alive row only moves forward: one pointer, advanced
        past the rows that ended, instead of a look at every ledger per booking."""
        b = self.bookings
        ended = b.ended
        first = self.first_alive
        while ended[first] != NONE:
            first += 1
        self.first_alive = first
        return first

    def _ledger_cause(self, ledger: str) -> tuple[str, ...]:
        causes: dict[str, None] = {}
        cause_of = self.bookings.cause
        for i in self.active[self.ledger_index[ledger]]:
            causes.update(dict.fromkeys(cause_of(i)))
        return tuple(causes)

    def _thresholds(self, table: LedgerTable, old: int, new: int, t: int, day_number: int) -> None:
        """Apply what the rise from ``old`` to ``new`` reaches (:meth:`LedgerTable.crosses`
        said it reaches a level of a threshold in force): the thresholds say which levels."""
        ledger = table.rule
        day = date_of_day(day_number)
        crossings: list[tuple[int, int, Threshold]] = []
        from_day, until_day = table.from_day, table.until_day
        for i, th in enumerate(ledger.thresholds):
            if day_number < from_day[i] or day_number >= until_day[i]:  # th.in_force(day)
                continue
            levels = th.levels_crossed(old, new)
            if levels and any(spec.in_force(day) for spec in th.sanctions):
                crossings.extend((level, i, th) for level in levels)
        if not crossings:
            return
        if len(crossings) > 1:
            crossings.sort(key=lambda c: c[0])
        # The sanctions' causes are the ledger's live records now, written when read.
        live = (ledger.code, self.bookings.seq, len(self.bookings) - 1)
        cause: tuple[str, ...] = ()
        unit = table.unit
        heaviest = table.stacking == HEAVIEST
        nodes: list[tuple[int, Threshold]] = []
        for level, i, th in crossings:
            if heaviest and not th.parallel:
                nodes.append((level, th))
                continue
            for spec in th.sanctions_at(level):
                if not spec.in_force(day):
                    continue
                self._apply(
                    t,
                    spec,
                    ledger.code,
                    cause,
                    f"{ledger.code} reached {_count(level, unit)} ({table.titles[i]})",
                    level,
                    live=live,
                )
        if not nodes:
            return
        level, th = nodes[-1]
        for skipped, _ in nodes[:-1]:
            self.notes.append(
                f"{self._fmt(t)}: {ledger.code} node {skipped} passed in the same deduction as "
                f"{level}; only the heaviest node applies"
            )
        episode = self.episodes.get(ledger.code)
        running = episode is not None and any(self.sanctions[i].running(t) for i in episode.records)
        reason = f"{ledger.code} reached {_count(level, unit)} ({th.title})"
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
                    and self.sanctions[i].kind is not SanctionKind.CLOSURE
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
            for spec in th.sanctions_at(level)
            if (
                r := self._apply(
                    t, spec, ledger.code, cause, reason, level, start=first, live=live, node=True
                )
            )
            is not None
        ]
        self.episodes[ledger.code] = _Episode(first, level, records)

    def _extend(self, ledger: Ledger, t: int, vid: str) -> None:
        stacking = ledger.stacking
        if stacking.mode is not StackingMode.EXTEND:
            return
        for i, s in enumerate(self.sanctions):
            if (
                s.ledger != ledger.code
                or s.threshold is None
                or s.days is None
                or s.end is None
                or s.start == t
                or not s.running(t)
                or (stacking.kinds is not None and s.kind not in stacking.kinds)
            ):
                continue
            new_end = self.zone.add_days(t, s.days)
            if new_end > s.end:
                fresh = () if self._caused(s, vid) else (vid,)
                s.revise(
                    t, new_end, f"extended to {self._fmt(new_end)} by new points ({vid})", fresh
                )
                self.extensions.setdefault(i, []).append((t, vid))

    # -- expiry, appeals, resets --------------------------------------------------------------

    def _end_booking(self, index: int, t: int, code: int) -> int:
        b = self.bookings
        b.end(index, t, code)
        del self.active[self.ledger_index[b.ledger[index]]][index]
        gid = b.group[index]
        return -b.current[index] if gid < 0 else self._regroup(gid)

    def _expire(self, t: int, index: int) -> None:
        if self.bookings.ended[index] != NONE or self.bookings.ledger[index] in self.lapse_stops:
            return
        delta = self._end_booking(index, t, EXPIRED)
        self._change(t, self.bookings.ledger[index], delta, -2 - index)

    def _revoke(self, t: int, vid: str, why: str) -> None:
        """Withdraw ``vid``: its points leave, the sanctions it applied directly are lifted."""
        rows = self._rows(vid)
        self.revoked.add(vid)
        for index in rows:
            if self.bookings.ended[index] == NONE:
                delta = self._end_booking(index, t, REVOKED)
                self._change(
                    t, self.bookings.ledger[index], delta, -1, (vid,), f"{vid} revoked: {why}"
                )
        for s in self.sanctions:
            if (
                s.ledger is None
                and vid in s.cause
                and s.running(t)
                and s.kind is not SanctionKind.CLOSURE
                and not s.permanent
            ):
                s.revise(t, t, f"lifted at {self._fmt(t)}: {why}")
        for index in rows:
            self._lift(self.ledgers[self.bookings.ledger[index]], vid, t)

    def _revocation(self, t: int, revocation: Revocation) -> None:
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

    def _funds(self, t: int, decision: FundsDecision) -> None:
        vid = decision.violation_id
        holds = [
            s
            for s in self.sanctions
            if s.kind is SanctionKind.FUNDS_HOLD
            and s.running(t)
            and (vid is None or self._caused(s, vid))
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

    def _exam(self, t: int) -> None:
        """The rules exam was passed at ``t``: each node penalty waiting for it ends when its
        term has passed (now, if it already has)."""
        ended = False
        for i, term in list(self.awaiting_exam.items()):
            s = self.sanctions[i]
            del self.awaiting_exam[i]
            if not s.running(t):  # replaced by a heavier node or lifted meanwhile
                continue
            ended = True
            if term <= t:
                s.revise(t, t, f"ended at {self._fmt(t)}: the rules exam was passed")
            else:
                s.revise(
                    t,
                    term,
                    f"the rules exam was passed at {self._fmt(t)}; ends with its term at "
                    f"{self._fmt(term)}",
                )
        if not ended:
            self.notes.append(
                f"{self._fmt(t)}: the rules exam was passed, but no node penalty waited for it"
            )

    def _decide(self, t: int, appeal: Appeal) -> None:
        vid = appeal.violation_id
        if appeal.outcome is AppealOutcome.DENIED:
            return
        if vid in self.revoked:
            self.notes.append(f"{self._fmt(t)}: appeal on {vid} decided after it was revoked")
            return
        b = self.bookings
        if appeal.outcome is AppealOutcome.GRANTED:
            self._revoke(t, vid, f"appeal on {vid} granted")
            return
        assert appeal.points_after is not None
        for index in self._rows(vid):
            if b.ended[index] == NONE and appeal.points_after < b.current[index]:
                was = b.current[index]
                b.reduce(index, t, appeal.points_after)
                gid = b.group[index]
                delta = appeal.points_after - was if gid < 0 else self._regroup(gid)
                self._change(
                    t,
                    b.ledger[index],
                    delta,
                    -1,
                    (vid,),
                    f"{vid} reduced to {appeal.points_after} by an appeal",
                )
            self._lift(self.ledgers[b.ledger[index]], vid, t)

    def _lift(self, ledger: Ledger, vid: str, t: int) -> None:
        if not ledger.appeal_lifts_sanctions:
            return
        balance = self.balances[self.ledger_index[ledger.code]]
        lifted = False
        for s in self.sanctions:
            if (
                s.ledger == ledger.code
                and s.threshold is not None
                and s.running(t)
                and balance < s.threshold
                and (s.kind is not SanctionKind.CLOSURE or ledger.appeal_lifts_closure)
                and not s.permanent
                and self._caused(s, vid)
            ):
                s.revise(
                    t,
                    t,
                    f"lifted at {self._fmt(t)}: after the appeal on {vid} "
                    f"{ledger.code} is {balance}, under {s.threshold}",
                )
                lifted = True
                if s.kind is SanctionKind.CLOSURE:
                    self._reopen(t, vid)
        # What the remaining points still reach is re-derived. PARALLEL: each lower node runs
        # its own term already. HEAVIEST: the heaviest node still reached runs again, counted
        # from the first node's start. EXTEND: extensions by points that no longer count go.
        mode = ledger.stacking.mode
        if mode is StackingMode.HEAVIEST and lifted:
            self._rederive_heaviest(ledger, vid, t)
        elif mode is StackingMode.EXTEND and self.extensions:
            self._unextend(ledger, vid, t)

    def _reopen(self, t: int, vid: str) -> None:
        """A closure was lifted (a ledger's ``appeal_lifts_closure``): the account is open again
        unless another closure still runs, and the sanctions not applied while it was closed
        are applied now (:meth:`_reapply`)."""
        for s in self.sanctions:
            if s.kind is SanctionKind.CLOSURE and s.running(t):
                return
        self.closed_at = None
        self.notes.append(f"{self._fmt(t)}: the closure was lifted by the appeal on {vid}")
        self._reapply(t)

    def _reapply(self, t: int) -> None:
        """Apply the sanctions skipped while the account was closed, as if it had not been:
        each runs from ``t`` to the end its term gives from when it was due (one whose term is
        over by ``t`` stays unapplied, noted). Not those a revocation since would have lifted
        (a cause revoked, and for a threshold's sanction its ledger under the level), nor a
        score band (``while_reached``) its ledger no longer reaches."""
        skipped, self.skipped = self.skipped, []
        for due, spec, ledger, cause, reason, level, start, live, node in skipped:
            what = f"{spec.describe()} due {self._fmt(due)} while the account was closed"
            causes = cause if live is None else self.bookings.causes_at(*live)
            revoked = [v for v in causes if v in self.revoked]
            if revoked and (
                level is None or ledger is None or self.balances[self.ledger_index[ledger]] < level
            ):  # what a revocation would have lifted, had the sanction run
                self.notes.append(
                    f"{self._fmt(t)}: {what} not applied: {', '.join(revoked)} was revoked"
                )
                continue
            if (
                spec.while_reached
                and ledger is not None
                and level is not None
                and self.balances[self.ledger_index[ledger]] < level
            ):
                self.notes.append(f"{self._fmt(t)}: {what} not applied: {ledger} is under {level}")
                continue
            origin = start if start is not None else due
            r = self._apply(
                t, spec, ledger, cause, reason, level, start=origin, live=live, node=node
            )
            if r is None:
                continue
            self.sanctions[r].reason = (
                self.sanctions[r].reason + f"; {what}, applied when the closure was lifted"
            )
            episode = self.episodes.get(ledger) if node and ledger is not None else None
            if episode is not None and episode.level == level:
                episode.records.append(r)

    def _rederive_heaviest(self, ledger: Ledger, vid: str, t: int) -> None:
        """After an appeal lifted the running node of ``ledger``, apply the heaviest node the
        remaining balance still reaches, its term counted from the first node's start."""
        code = ledger.code
        episode = self.episodes.get(code)
        if episode is None:
            return
        for i in episode.records:
            if self.sanctions[i].running(t):
                return
        balance = self.balances[self.ledger_index[code]]
        first = episode.first_start
        day = self.zone.date(first)
        level = 0
        found: Threshold | None = None
        for th in ledger.thresholds:
            if th.parallel or not th.in_force(day):
                continue
            levels = th.levels_crossed(0, balance)
            if levels and levels[-1] > level:
                level = levels[-1]
                found = th
        if found is None:
            return
        unit = ledger.unit.value
        reason = (
            f"{code} still at {_count(balance, unit)} after the appeal on {vid}: node {level} "
            f"({found.title}), counted from the first node's start {self._fmt(first)}"
        )
        live = (code, self.bookings.seq, len(self.bookings) - 1)
        records: list[int] = []
        for spec in found.sanctions_at(level):
            if not spec.in_force(day):
                continue
            if spec.amount is not None and self._charged(code, level, spec, first):
                continue  # money is due once: the node's fine was charged when it first fired
            if spec.days is not None and self.zone.add_days(first, spec.days) <= t:
                self.notes.append(
                    f"{self._fmt(t)}: after the appeal on {vid} {code} still reaches node "
                    f"{level}, whose {spec.describe()} from {self._fmt(first)} is already over"
                )
                continue
            r = self._apply(t, spec, code, (), reason, level, start=first, live=live, node=True)
            if r is not None:
                records.append(r)
        self.episodes[code] = _Episode(first, level, records)

    def _charged(self, code: str, level: int, spec: SanctionSpec, since: int) -> bool:
        """Whether ``spec``'s money was charged at ``level`` of ``code`` since ``since``."""
        for s in self.sanctions:
            if (
                s.ledger == code
                and s.threshold == level
                and s.kind is spec.kind
                and s.amount == spec.amount
                and s.start >= since
            ):
                return True
        return False

    def _unextend(self, ledger: Ledger, vid: str, t: int) -> None:
        """Take back the extensions that ``vid`` gave running sanctions of ``ledger`` when its
        points no longer count: the end is the latest one the remaining extensions give."""
        index = self.booking_of[vid]
        b = self.bookings
        if b.ended[index] == NONE and b.current[index] > 0:
            return
        for i, pairs in self.extensions.items():
            s = self.sanctions[i]
            if s.ledger != ledger.code or not s.running(t) or s.permanent or s.days is None:
                continue
            kept: list[tuple[int, str]] = []
            for at, other in pairs:
                if other != vid:
                    kept.append((at, other))
            if len(kept) == len(pairs):
                continue
            self.extensions[i] = kept
            end = s.first_end
            assert end is not None
            for at, _ in kept:
                end = max(end, self.zone.add_days(at, s.days))
            if end == s.end:
                continue
            if end <= t:
                s.revise(t, t, f"ended at {self._fmt(t)}: the extension by {vid} was withdrawn")
            else:
                s.revise(
                    t,
                    end,
                    f"back to {self._fmt(end)} at {self._fmt(t)}: the extension by {vid} was "
                    "withdrawn",
                )

    def _schedule_reset(self, ledger: str, validity: CalendarReset, t: int) -> None:
        if ledger in self.reset_pending:
            return
        self.reset_pending.add(ledger)
        self._push(validity.calendar.next_key(t, self.zone), _RESET, self.ledger_index[ledger])

    def _reset(self, t: int, code: str) -> None:
        self.reset_pending.discard(code)
        ledger = self.ledgers[code]
        validity = ledger.validity
        assert isinstance(validity, CalendarReset)
        number = self.ledger_index[code]
        balance = self.balances[number]
        active = self.active[number]
        if balance == 0 and not active:
            return
        members = list(active)
        b = self.bookings
        carried_in = sum(b.current[i] for i in members if b.vid[i] is None)
        kept, rule = validity.carried(balance, balance - carried_in, self.zone.date(t))
        cause = self._ledger_cause(code)
        for i in members:
            b.end(i, t, RESET)
            if b.group[i] >= 0:
                self.groups[b.group[i]].total = 0
        active.clear()
        self.windows = {k: w for k, w in self.windows.items() if k[0] != code}
        reason = f"calendar reset ({validity.calendar.describe()})"
        if rule is not None:
            reason += f"; {kept} carried over"
        self._change(t, code, kept - balance, -1, cause, reason)
        if kept:
            index = b.add(code, -1, None, "carry_over", None, t, kept)
            b.carried[index] = cause
            active[index] = None
            b.alive_from.append(self._first_alive())
            # A kept balance that the next reset would keep again, with nothing else to come,
            # stays as it is for ever: stop scheduling resets. Other ledgers' pending resets do
            # not count as something to come (two stable ledgers would else reset each other
            # every year for ever).
            upcoming = validity.calendar.next_key(t, self.zone)
            stable = validity.carried(kept, 0, self.zone.date(upcoming))[0] == kept
            if not (stable and kept == balance and not self._pending()):
                self._schedule_reset(code, validity, t)

    # -- result -------------------------------------------------------------------------------

    def timeline(
        self,
        events: tuple[Event, ...] | DeferredEvents,
        problems: dict[tuple[str, int], tuple[str, ...]],
    ) -> Timeline:
        self.bookings.freeze()
        pack = len(self.change_keys) >= PACK_FROM  # short columns stay lists (see PACK_FROM)
        replayed = _Replayed(
            policy=self.policy,
            zone=self.zone,
            change_keys=array("q", self.change_keys) if pack else self.change_keys,
            change_ledgers=array("H", self.change_ledgers) if pack else self.change_ledgers,
            change_deltas=array("q", self.change_deltas) if pack else self.change_deltas,
            change_balances=array("q", self.change_balances) if pack else self.change_balances,
            change_refs=array("i", self.change_refs) if pack else self.change_refs,
            change_texts=self.change_texts,
            bookings=self.bookings,
            groups=tuple(g.rule for g in self.groups),
            records=self.sanctions,
            notes=tuple(self.notes),
            appeal_problems=problems,
            lapse_stops=self.lapse_stops,
        )
        return Timeline(self.policy, events, replayed)


def _count(n: int, unit: str) -> str:
    """'1 strike', '3 strikes': the count in reasons, which JSON and the golden files carry."""
    return f"{n} {unit[:-1] if n == 1 else unit}"


def _primary(event: Event, keys: dict[str, int]) -> tuple[int, int, str, int, str, int]:
    """The first part of an event's canonical order: its instant, its type, then its fields.
    ``keys`` holds the exact instants of the violations, already computed."""
    if isinstance(event, Violation):
        return (keys[event.id], 0, event.id, 0, "", 0)
    if isinstance(event, Appeal):
        decided = exact(event.decided_at) if event.decided_at is not None else -1
        after = event.points_after if event.points_after is not None else -1
        return (exact(event.filed_at), 1, event.violation_id, decided, event.outcome.value, after)
    if isinstance(event, Revocation):
        return (exact(event.at), 2, event.violation_id, 0, event.reason.value + "|" + event.note, 0)
    if isinstance(event, ExamPassed):
        return (exact(event.at), 4, "", 0, event.note, 0)
    return (
        exact(event.at),
        3,
        event.violation_id or "",
        0,
        event.outcome.value + "|" + event.note,
        0,
    )


def _instant(event: Event, keys: dict[str, int]) -> int:
    """The exact instant an event is ordered by (the first field of :func:`_primary`)."""
    if isinstance(event, Violation):
        return keys[event.id]
    if isinstance(event, Appeal):
        return exact(event.filed_at)
    return exact(event.at)


def canonical(events: list[Event], keys: dict[str, int]) -> tuple[list[int], list[Event]]:
    """``events`` in their canonical order, and the exact instant of each: a total order on
    every field (ties on the instant, the type and the ids are broken by the remaining fields
    and, last, by the event's full ``repr``), so that no result depends on the order of the
    input. Sorted by the instant alone (ints, no key tuple per event); only events that share an
    instant are ordered by their full key, which gives the order that key gives everywhere."""
    instants = [_instant(e, keys) for e in events]
    order = sorted(range(len(events)), key=instants.__getitem__)
    out_keys = [instants[i] for i in order]
    out = [events[i] for i in order]
    i, n = 0, len(out)
    while i < n:
        j = i + 1
        key = out_keys[i]
        while j < n and out_keys[j] == key:
            j += 1
        if j - i > 1:  # events at one instant: by their full key, in the input's order
            out[i:j] = _tied(out[i:j], keys)
        i = j
    return out_keys, out


def _tied(run: list[Event], keys: dict[str, int]) -> list[Event]:
    """Events at one instant (in the input's order) in their canonical order."""
    keyed = sorted(((_primary(e, keys), e) for e in run), key=lambda pe: pe[0])
    out: list[Event] = []
    i, n = 0, len(keyed)
    while i < n:
        j = i + 1
        while j < n and keyed[j][0] == keyed[i][0]:
            j += 1
        if j - i == 1:
            out.append(keyed[i][1])
        else:  # rare: events equal in every compared field; order them by all the rest
            same = sorted(keyed[i:j], key=lambda pe: (repr(pe[1]), _offsets(pe[1])))
            out.extend(pe[1] for pe in same)
        i = j
    return out


def _offsets(event: Event) -> tuple[int, ...]:
    from penalties._time import offset_us

    return tuple(
        offset_us(v)
        for v in attrs.astuple(event, recurse=False)
        if hasattr(v, "utcoffset") and v.utcoffset() is not None
    )


def replay(policy: Policy, events: Iterable[Event]) -> Timeline:
    """Replay ``events`` under ``policy``; see :meth:`penalties.Policy.evaluate`."""
    if isinstance(events, EVENT_TYPES):
        raise InvalidEventError(
            "evaluate() takes an iterable of events; wrap a single event in a list: [event]."
        )
    items = list(events)
    violations: list[Violation] = []
    appeals: list[Appeal] = []
    revocations: list[Revocation] = []
    funds: list[FundsDecision] = []
    for i, e in enumerate(items):
        if isinstance(e, ExamPassed):
            continue
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
                "penalties.Violation, Appeal, Revocation, FundsDecision or ExamPassed."
            )
    by_id: dict[str, Violation] = {}
    keys: dict[str, int] = {}
    rows: list[ViolationRow] = []
    for v in violations:  # each field read once (an attribute read is a generic look-up)
        vid = v.id
        if vid in by_id:
            raise InvalidEventError(_duplicate(vid))
        by_id[vid] = v
        key = keys[vid] = exact(v.at)
        rows.append((key, vid, v.kind, v.severity, v.points))
    resolved, mismatches = _resolve_all(policy, rows, shared=True)
    for a in appeals:
        target = _target(by_id, a.violation_id, "appeal against")
        if exact(a.filed_at) < exact(target.at):
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
        if exact(r.at) < exact(target.at):
            raise InvalidEventError(
                f"revocation of {r.violation_id!r} at {r.at}, before the penalty was applied at "
                f"{target.at}; a penalty can only be withdrawn once it exists."
            )
    for f in funds:
        if f.violation_id is not None:
            target = _target(by_id, f.violation_id, f"funds decision ({f.outcome.value}) on")
            if exact(f.at) < exact(target.at):
                raise InvalidEventError(
                    f"funds decision ({f.outcome.value}) on {f.violation_id!r} at {f.at}, before "
                    f"the penalty was applied at {target.at}; funds are held only once it exists."
                )
    for message in mismatches:
        warnings.warn(message, PointsMismatchWarning, stacklevel=4)
    instants, ordered = canonical(items, keys)
    problems: dict[tuple[str, int], tuple[str, ...]] = {}
    seen: dict[str, int] = {}
    for key, event in zip(instants, ordered, strict=True):
        if not isinstance(event, Appeal):
            continue
        a = event
        earlier = seen.get(a.violation_id, 0)
        seen[a.violation_id] = earlier + 1
        found = policy._appeal_checks(by_id[a.violation_id], a, earlier)
        if not found:
            continue
        problems[(a.violation_id, key)] = tuple(message for _, message in found)
        for category, message in found:
            what = (
                "it stays pending but the platform will not consider it"
                if a.outcome is AppealOutcome.PENDING
                else f"the recorded outcome ({a.outcome.value}) is used"
            )
            warnings.warn(f"{message}; {what}", category, stacklevel=4)
    state = _Replay(policy, instants, ordered, resolved)
    state.run()
    state.notes[:0] = mismatches + [m for found in problems.values() for m in found]
    return state.timeline(tuple(ordered), problems)


ViolationRow: TypeAlias = tuple[int, str, str, str | None, int | None]
"""A violation as the column entry gives it: (exact instant, id, kind, severity, points)."""


def replay_rows(
    policy: Policy, rows: list[ViolationRow], events: Callable[[list[int]], tuple[Event, ...]]
) -> Timeline:
    """:func:`replay` for an account of violations only, given as rows whose cells the caller
    checked as :class:`~penalties.events.Violation` does (the column entry of
    :mod:`penalties.frames`): the same replay, the same errors and warnings, without a
    ``Violation`` object per row. ``events(order)`` builds the events of the rows at the
    positions ``order`` (their canonical order); the timeline calls it only when its
    ``events`` are read. The timeline keeps ``rows`` as given (no copy, no tuple per row), so
    the caller must not change the list afterwards."""
    seen: set[str] = set()
    for _, vid, _, _, _ in rows:
        if vid in seen:
            raise InvalidEventError(_duplicate(vid))
        seen.add(vid)
    resolved, mismatches = _resolve_all(policy, rows, shared=True)
    for message in mismatches:
        warnings.warn(message, PointsMismatchWarning, stacklevel=3)
    # Ids are unique, so (instant, id) is the canonical order of violations (see `_primary`).
    keys = [row[0] for row in rows]
    order = sorted(range(len(rows)), key=keys.__getitem__)
    ordered_keys = [keys[i] for i in order]
    ordered = [rows[i][1] for i in order]
    i, n = 0, len(order)
    while i < n:  # rows at one instant: by id (stable sort: ids are unique)
        j = i + 1
        while j < n and ordered_keys[j] == ordered_keys[i]:
            j += 1
        if j - i > 1:
            order[i:j] = sorted(order[i:j], key=lambda r: rows[r][1])
            ordered[i:j] = [rows[r][1] for r in order[i:j]]
        i = j
    state = _Replay(policy, ordered_keys, ordered, resolved)
    state.run()
    state.notes[:0] = mismatches
    deferred = DeferredEvents(events, order, rows)
    return state.timeline(deferred, {})


def _duplicate(vid: str) -> str:
    return (
        f"duplicate violation id {vid!r}; ids must be unique within one account's events (the "
        "platform's record id, or a suffix such as '-2', works)."
    )


def _resolve_all(
    policy: Policy, rows: Iterable[ViolationRow], *, shared: bool
) -> tuple[dict[str, Reading], list[str]]:
    """Each violation read against the catalogue (in id order, so the first error is the same
    whatever the input order), and the notes on stated points that differ from the policy's.
    ``shared``: keep the readings on the policy for the next accounts (the column entry, where
    many accounts share kinds and days); otherwise they live with this replay only."""
    resolved: dict[str, Reading] = {}
    mismatches: list[str] = []
    tz_zone = zone(policy.tz)
    tables = lowered(policy)
    # A reading depends on the kind, severity, stated points and local day only (the id is in
    # error messages alone, and errors are not kept), so accounts can share them; and on the
    # day only through the kind's dated versions, so the key is the version's period.
    cache: dict[tuple[str, str | None, int | None, int], Reading] = (
        policy._derived.setdefault("resolved", {}) if shared else {}
    )
    for key, vid, kind, severity, points in sorted(rows, key=itemgetter(1)):
        day_number = tz_zone.day(key)
        memo = (kind, severity, points, tables.period(kind, day_number))
        res = cache.get(memo)
        if res is None:
            res = tables.reading(
                policy._resolve_fields(vid, kind, severity, points, date_of_day(day_number))
            )
            if len(cache) >= _RESOLVED_CACHE:
                cache.clear()
            cache[memo] = res
        resolved[vid] = res
        if res.computed is not None and points is not None and res.computed != points:
            mismatches.append(
                f"violation {vid!r} states {points} points but {policy.code} gives "
                f"{res.computed} for {kind}"
                + (f" ({res.severity})" if res.severity else "")
                + f" on {date_of_day(day_number)}; the stated points are used"
            )
    return resolved, mismatches


def _target(by_id: dict[str, Violation], vid: str, what: str) -> Violation:
    target = by_id.get(vid)
    if target is None:
        raise InvalidEventError(
            f"{what} {vid!r}, but no violation has that id in these events; add the violation "
            "or fix the id." + close_matches(vid, by_id)
        )
    return target
