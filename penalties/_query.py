"""The query side of a timeline in integers (compiled with the engine; no attrs class here).

A replay leaves columns of exact instants (:class:`~penalties.results._Replayed`). This module
builds the indices a query needs from them once per timeline (:class:`Query`) and answers the
integer part of ``Timeline.at(key)`` (:class:`Moment`): the points of each ledger, which
sanction records run at ``key`` and their end as known then, the status, the ``frozen_until``
key, the range of live bookings and each ledger's next threshold. :mod:`penalties.results`
builds the public attrs values from these integers, so both builds give the same results.

The sanction records the engine appends while it replays (:class:`SanctionRecord`) live here
too, as a plain class the compiled engine reads and writes without attrs.

Thresholds are lowered once per policy (:func:`levels`) into :class:`Level` rows whose in-force
days are day numbers: the same comparisons as :meth:`penalties.rules.Threshold.in_force` on
dates, and the same arithmetic as :meth:`~penalties.rules.Threshold.next_level`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import MutableSequence, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final, final

from penalties._bookings import NONE, REVOKED, Bookings
from penalties._time import DAY_US, Zone, exact
from penalties.events import Appeal, Event, Violation
from penalties.rules import SanctionKind

if TYPE_CHECKING:
    from penalties.policy import Policy
    from penalties.results import Sanction
    from penalties.rules import Threshold

__all__ = ["RANK", "Facts", "Level", "Moment", "Query", "SanctionRecord", "facts", "levels", "scan"]

_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_MADE: Final = 64
_NO_DAY: Final = (1 << 62) - 1  # the greatest unboxed int of the compiled build
_NO_INTS: Final[tuple[int, ...]] = ()
"""Shared by every index that is empty (most ledgers have no change, most timelines no
open-ended sanction), so a timeline keeps no empty list for them."""
"""An unbounded end of a threshold's in-force days."""

RANK: Final[dict[SanctionKind, int]] = {
    SanctionKind.WARNING: 1,
    SanctionKind.FINE: 1,
    SanctionKind.RESTRICTION: 2,
    SanctionKind.LISTING_REMOVAL: 2,
    SanctionKind.FUNDS_HOLD: 2,
    SanctionKind.FREEZE: 3,
    SanctionKind.SUSPENSION: 4,
    SanctionKind.CLOSURE: 5,
}
"""The account status (``penalties.Status`` value) each kind of sanction implies."""
_CLOSED: Final = 5

Revision = tuple[int, "int | None", str, tuple[str, ...]]


@final
class SanctionRecord:
    """A sanction as first applied and the later revisions of its end (extensions, replacements,
    lifts, each ``(at, new_end, note, added_cause)``), in exact instants. ``end`` follows the
    revisions while the engine replays; ``first_end`` is the end it was applied with.

    A replay makes thousands of them, so it holds no container it does not need: ``revisions``
    is ``None`` until the first revision and the live rows of a threshold's sanction are three
    plain fields (``live`` gives them as a tuple), which keeps the cyclic GC's work down."""

    def __init__(
        self,
        kind: SanctionKind,
        start: int,
        end: int | None,
        ledger: str | None,
        cause: tuple[str, ...],
        reason: str,
        threshold: int | None,
        amount: Decimal | None,
        currency: str | None,
        appealable: int | None,
        first_end: int | None,
        days: int | None,
        permanent: bool = False,
        revisions: list[Revision] | None = None,
        added: set[str] | None = None,
        live: tuple[str, int, int] | None = None,
    ) -> None:
        self.kind: SanctionKind = kind
        self.start: int = start
        self.end: int | None = end
        self.ledger: str | None = ledger
        self.cause: tuple[str, ...] = cause
        self.reason: str = reason
        self.threshold: int | None = threshold
        self.amount: Decimal | None = amount
        self.currency: str | None = currency
        self.appealable: int | None = appealable
        self.first_end: int | None = first_end
        self.days: int | None = days
        self.permanent: bool = permanent
        self.revisions: list[Revision] | None = revisions if revisions else None
        """The revisions in order, or ``None`` while there is none."""
        self.added: set[str] | None = added
        self.live_ledger: str | None = None
        """For a threshold's sanction: the ledger whose rows live at action ``live_seq`` (up to
        row ``live_row``) are its causes (``cause`` is then empty; :meth:`Bookings.causes_at`
        writes them when read); ``None`` otherwise."""
        self.live_seq: int = 0
        self.live_row: int = 0
        if live is not None:
            self.live_ledger, self.live_seq, self.live_row = live
        self.rank: int = RANK[kind]
        """The status value its kind implies."""

    @property
    def live(self) -> tuple[str, int, int] | None:
        """``(ledger, action, row)`` of a threshold's sanction (see :attr:`live_ledger`)."""
        ledger = self.live_ledger
        return None if ledger is None else (ledger, self.live_seq, self.live_row)

    def _fields(self) -> tuple[object, ...]:
        return (
            self.kind, self.start, self.end, self.ledger, self.cause, self.reason,
            self.threshold, self.amount, self.currency, self.appealable, self.first_end,
            self.days, self.permanent, self.revisions, self.added, self.live,
        )  # fmt: skip

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # A compiled class is rebuilt from its arguments (it has no instance dict to restore).
        return (SanctionRecord, self._fields())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SanctionRecord):
            return NotImplemented
        return self._fields() == other._fields()

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, SanctionRecord):
            return NotImplemented
        return self._fields() != other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable while the engine replays

    def __repr__(self) -> str:
        end = "open" if self.end is None else str(self.end)
        return f"SanctionRecord({self.kind.value}, {self.start}..{end}, {self.reason!r})"

    def running(self, t: int) -> bool:
        end = self.end
        return self.start <= t and (end is None or t < end)

    def revise(self, t: int, end: int | None, note: str, added: tuple[str, ...] = ()) -> None:
        """Change the end at ``t``; ``added`` names causes it did not have yet."""
        self.end = end
        if added:
            found = self.added
            if found is None:
                found = self.added = set()
            found.update(added)
        revision: Revision = (t, end, note, added)
        revisions = self.revisions
        if revisions is None:
            self.revisions = [revision]
        else:
            revisions.append(revision)

    def causes(self, table: Bookings) -> tuple[str, ...]:
        """The violations behind it as first applied."""
        ledger = self.live_ledger
        if ledger is None:
            return self.cause
        return table.causes_at(ledger, self.live_seq, self.live_row)

    def end_as_of(self, t: int) -> int | None:
        """The end as known at ``t``."""
        end = self.first_end
        revisions = self.revisions
        if revisions is None:
            return end
        for at, new_end, _, _ in revisions:
            if at > t:
                break
            end = new_end
        return end

    def as_of(self, t: int | None, zone: Zone, table: Bookings) -> Sanction:
        """The sanction as known at ``t`` (``None``: after every revision)."""
        from penalties.results import Sanction

        end, reason, cause = self.first_end, self.reason, self.causes(table)
        revisions = self.revisions
        if revisions is not None and (t is None or revisions[0][0] <= t):
            extra: list[str] = []
            for at, new_end, note, added in revisions:
                if t is None or at <= t:
                    end = new_end
                    reason += f"; {note}"
                    extra.extend(added)
            if extra:
                cause = cause + tuple(extra)
        appealable = self.appealable
        return Sanction(
            self.kind,
            zone.datetime(self.start),
            None if end is None else zone.datetime(end),
            self.ledger,
            cause,
            reason,
            self.threshold,
            self.amount,
            self.currency,
            None if appealable is None else zone.datetime(appealable),
        )


# --------------------------------------------------------------------------- thresholds


@final
class Level:
    """One threshold of a ledger in integers: its points, ``every``, the day numbers it is in
    force on (``[since, until)``), its number in the ledger's ``thresholds`` and its title."""

    def __init__(self, ledger: str, index: int, rule: Threshold) -> None:
        self.ledger: str = ledger
        self.index: int = index
        self.rule: Threshold = rule
        self.points: int = rule.points
        self.every: bool = rule.every
        self.since: int = -_NO_DAY if rule.effective_from is None else _day(rule.effective_from)
        self.until: int = _NO_DAY if rule.effective_until is None else _day(rule.effective_until)
        self.title: str = rule.title
        self.made: dict[int, object] = {}
        """The ``NextThreshold`` values made for it, by balance (immutable, so shared by the
        standings that ask; at most :data:`_MADE` kept)."""

    def __reduce__(self) -> tuple[object, tuple[str, int, Threshold]]:
        return (Level, (self.ledger, self.index, self.rule))

    def keep(self, balance: int, value: object) -> None:
        """Keep the ``NextThreshold`` made at ``balance`` (see :attr:`made`)."""
        if len(self.made) < _MADE:
            self.made[balance] = value

    def in_force(self, day: int) -> bool:
        """:meth:`Threshold.in_force` on the local day number ``day``."""
        return self.since <= day < self.until

    def next_level(self, balance: int) -> int:
        """:meth:`Threshold.next_level`, with -1 for ``None``."""
        points = self.points
        if self.every:
            return (balance // points + 1) * points
        return points if points > balance else -1


def _day(date: dt.date) -> int:
    return date.toordinal() - _EPOCH_ORDINAL


@final
class Facts:
    """What every timeline of a policy needs to answer queries, derived once per policy: the
    ledgers' codes, their thresholds as :class:`Level` rows, the score-down ledgers, the kinds
    with an appeal window, and the days back a live booking can have been booked."""

    def __init__(
        self,
        codes: tuple[str, ...],
        levels: list[list[Level]],
        scored: list[int],
        windowed: frozenset[str],
        lookback: int | None,
    ) -> None:
        self.codes: tuple[str, ...] = codes
        self.levels: list[list[Level]] = levels
        self.scored: list[int] = scored
        """The numbers of the score-down ledgers (``Ledger.score_base``)."""
        self.windowed: frozenset[str] = windowed
        self.lookback: int | None = lookback

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # From its parts, not from the policy: a policy pickles what it keeps, and is not whole
        # yet when that is rebuilt (as for penalties._lowered.Lowered).
        return (Facts, (self.codes, self.levels, self.scored, self.windowed, self.lookback))


def facts(policy: Policy) -> Facts:
    """The policy's :class:`Facts`, built on first use and kept on the policy (immutable)."""
    found: Facts | None = policy._derived.get("query_facts")
    if found is None:
        windowed, lookback, _ = policy._query_facts()
        found = policy._derived["query_facts"] = Facts(
            tuple(ledger.code for ledger in policy.ledgers),
            [
                [Level(ledger.code, i, th) for i, th in enumerate(ledger.thresholds)]
                for ledger in policy.ledgers
            ],
            [i for i, ledger in enumerate(policy.ledgers) if ledger.score_base is not None],
            windowed,
            lookback,
        )
    return found


def levels(policy: Policy) -> list[list[Level]]:
    """Each ledger's thresholds as :class:`Level` rows (see :class:`Facts`)."""
    return facts(policy).levels


def scan(
    events: tuple[Event, ...], windowed: frozenset[str]
) -> tuple[list[tuple[int, str, str]], list[tuple[Appeal, int, int | None]]]:
    """The violations of ``events`` whose kind has an appeal window (exact instant, id, kind)
    and the appeals (the event, its filing and decision instants)."""
    opened: list[tuple[int, str, str]] = []
    appeals: list[tuple[Appeal, int, int | None]] = []
    for event in events:
        if isinstance(event, Violation):
            if windowed and event.kind in windowed:
                opened.append((exact(event.at), event.id, event.kind))
        elif isinstance(event, Appeal):
            decided = event.decided_at
            appeals.append(
                (event, exact(event.filed_at), None if decided is None else exact(decided))
            )
    return opened, appeals


# --------------------------------------------------------------------------- one instant


@final
class Moment:
    """The integer part of a standing at ``key`` (see :meth:`Query.at`)."""

    def __init__(self, key: int) -> None:
        self.key: int = key
        self.points: list[int] = []
        """Per ledger, in the policy's order."""
        self.active: list[int] = []
        """The sanction records running at ``key``, in record order."""
        self.status: int = 0
        self.frozen_until: int = NONE
        """The latest end of the freezes running, when each has one (``NONE``: none)."""
        self.first: int = 0
        self.last: int = 0
        """Bookings ``[first, last)`` are the only ones that can be alive at ``key``."""
        self.next_ledger: list[int] = []
        self.next_points: list[int] = []
        self.next_level: list[Level] = []
        """Each ledger's next threshold (ledgers without one left out): the ledger's number,
        the level and the threshold; none when the account is closed."""
        self.made: list[object] = []
        """The ``NextThreshold`` each threshold kept for its balance (``None``: not made yet;
        ``missing`` counts those)."""
        self.missing: int = 0


@final
class Query:
    """A timeline's query indices, built once from its columns (see the module docstring)."""

    def __init__(
        self,
        zone: Zone,
        facts: Facts,
        change_keys: MutableSequence[int],
        change_ledgers: MutableSequence[int],
        change_balances: MutableSequence[int],
        bookings: Bookings,
        records: list[SanctionRecord],
    ) -> None:
        self.zone: Zone = zone
        self.facts: Facts = facts
        self.thresholds: list[list[Level]] = facts.levels
        thresholds = self.thresholds
        lookback = facts.lookback
        n = len(thresholds)
        self.times: list[Sequence[int]] = []
        self.balances: list[Sequence[int]] = []
        if n == 1:
            self.times.append(change_keys)
            self.balances.append(change_balances)
        else:
            # Per ledger, its changes' instants and balances, as arrays (8 bytes a cell: a list
            # would hold an int object per cell). A ledger that has every change shares the
            # timeline's own columns.
            counts = [0] * n
            for code in change_ledgers:
                counts[code] += 1
            total = len(change_keys)
            if total and counts[change_ledgers[0]] == total:
                only = change_ledgers[0]
                for i in range(n):
                    self.times.append(change_keys if i == only else _NO_INTS)
                    self.balances.append(change_balances if i == only else _NO_INTS)
            else:
                times: list[list[int]] = [[] for _ in range(n)]
                balances: list[list[int]] = [[] for _ in range(n)]
                for i in range(total):
                    code = change_ledgers[i]
                    times[code].append(change_keys[i])
                    balances[code].append(change_balances[i])
                for i in range(n):
                    self.times.append(array("q", times[i]) if times[i] else _NO_INTS)
                    self.balances.append(array("q", balances[i]) if balances[i] else _NO_INTS)
        self.change_keys: MutableSequence[int] = change_keys
        self.bookings: Bookings = bookings
        self.records: list[SanctionRecord] = records
        starts: list[int] = []
        final_ends: list[int] = []
        open_ended: list[int] = []
        open_starts: list[int] = []
        shown: list[int] = []
        span = 0
        for i, r in enumerate(records):
            start = r.start
            starts.append(start)
            end = r.end
            if end is None:
                final_ends.append(NONE)
                open_ended.append(i)
                open_starts.append(start)
                shown.append(start)
            else:
                final_ends.append(end)
                if end - start > span:
                    span = end - start
                if end > start:
                    shown.append(start)
        shown.sort()
        self.record_starts: list[int] = starts
        self.final_ends: list[int] = final_ends
        """Each record's end after every revision (``NONE``: open-ended)."""
        self.span: int = span
        """The longest interval a sanction ever had."""
        self.open_ended: Sequence[int] = open_ended if open_ended else _NO_INTS
        self.open_starts: Sequence[int] = open_starts if open_starts else _NO_INTS
        self.shown_starts: list[int] = shown
        """The starts of the sanctions ``Timeline.sanctions`` lists, in order."""
        self.lookback: int = -1 if lookback is None else lookback
        """Every booking lapses within this many days (-1: some never do)."""

    def revoked_at(self) -> dict[str, int]:
        """When each revoked violation's booking was revoked."""
        b = self.bookings
        out: dict[str, int] = {}
        vids, codes, ended = b.vid, b.end_code, b.ended
        for i in range(len(vids)):
            vid = vids[i]
            if vid is not None and codes[i] == REVOKED:
                out[vid] = ended[i]
        return out

    def balance(self, ledger: int, key: int) -> int:
        """The balance of ledger number ``ledger`` at ``key``."""
        i = bisect.bisect_right(self.times[ledger], key)
        return self.balances[ledger][i - 1] if i else 0

    def changes_until(self, key: int) -> int:
        """How many balance changes happened by ``key``."""
        return bisect.bisect_right(self.change_keys, key)

    def next_start(self, key: int) -> int:
        """The start of the first sanction that starts after ``key`` (``NONE``: none)."""
        shown = self.shown_starts
        i = bisect.bisect_right(shown, key)
        return shown[i] if i < len(shown) else NONE

    def sanctions(self, m: Moment) -> tuple[Sanction, ...]:
        """The sanctions running at the moment's instant, as known then."""
        records, zone, table, key = self.records, self.zone, self.bookings, m.key
        return tuple([records[i].as_of(key, zone, table) for i in m.active])

    def alive(self, m: Moment) -> list[int]:
        """The bookings alive at the moment's instant."""
        b = self.bookings
        key = m.key
        booked, ended = b.booked, b.ended
        out: list[int] = []
        for i in range(m.first, m.last):
            e = ended[i]
            if booked[i] <= key and (e == NONE or key < e):
                out.append(i)
        return out

    def at(self, key: int) -> Moment:
        """The integer part of the standing at ``key``."""
        m = Moment(key)
        points = m.points
        for i in range(len(self.times)):
            points.append(self.balance(i, key))
        # A sanction active at `key` started at most `span` before it (the longest interval a
        # sanction ever had) or has no end at all; only those are looked at.
        starts = self.record_starts
        started = bisect.bisect_right(starts, key)
        lo = bisect.bisect_right(starts, key - self.span - 1)
        candidates: list[int] = list(range(lo, started))
        opened = bisect.bisect_right(self.open_starts, key)
        if opened:
            seen = set(candidates)
            extra = False
            for j in range(opened):
                i = self.open_ended[j]
                if i not in seen:
                    candidates.append(i)
                    extra = True
            if extra:
                candidates.sort()
        records, final_ends = self.records, self.final_ends
        status = 0
        freeze_end = NONE
        open_freeze = False
        for i in candidates:
            final = final_ends[i]
            if final != NONE and final <= key:
                continue  # over for good by ``key`` (a revision never ends a sanction early)
            record = records[i]
            end = record.end_as_of(key)
            if end is None or key < end:
                m.active.append(i)
                if record.rank > status:
                    status = record.rank
                if record.kind is SanctionKind.FREEZE:
                    if end is None:
                        open_freeze = True
                    elif freeze_end == NONE or end > freeze_end:
                        freeze_end = end
        m.status = status
        if not open_freeze:
            m.frozen_until = freeze_end
        b = self.bookings
        last = bisect.bisect_right(b.booked, key)
        first = 0
        if last:
            # A row alive at `key` was alive when the last row up to `key` was booked.
            first = b.alive_from[last - 1]
        if self.lookback >= 0:
            first = max(first, bisect.bisect_left(b.booked, key - (self.lookback + 1) * DAY_US))
        m.first, m.last = first, last
        if status != _CLOSED:
            day = self.zone.day(key)
            for ledger in range(len(self.thresholds)):
                balance = points[ledger]
                best = -1
                chosen: Level | None = None
                for th in self.thresholds[ledger]:
                    if not th.in_force(day):
                        continue
                    level = th.next_level(balance)
                    if level < 0 or (best >= 0 and level >= best):
                        continue
                    best, chosen = level, th
                if chosen is not None:
                    m.next_ledger.append(ledger)
                    m.next_points.append(best)
                    m.next_level.append(chosen)
                    made = chosen.made.get(balance)
                    if made is None:
                        m.missing += 1
                    m.made.append(made)
        return m

    def cells(self, key: int) -> tuple[object, ...]:
        """``penalties.frames``' cells of the standing at ``key`` (from its instant to the
        nearest next threshold), without building it: see ``Timeline._row_cells``."""
        m = self.at(key)
        kinds: set[int] = set()
        order = _KIND_ORDER
        for i in m.active:
            kinds.add(order[self.records[i].kind])
        names = _KIND_NAMES
        joined = ",".join([names[k] for k in sorted(kinds)]) if kinds else None
        coming = self.next_start(key)
        days: int | None = None
        if coming != NONE:
            days = self.zone.day(coming) - self.zone.day(key)
        remaining: int | None = None
        label: str | None = None
        for j in range(len(m.next_ledger)):
            r = m.next_points[j] - m.points[m.next_ledger[j]]
            if remaining is None or r < remaining:  # the first of the nearest, as min() does
                remaining = r
                level = m.next_level[j]
                label = f"{level.ledger}: {level.title}"
        return (
            key,
            _STATUS_NAMES[m.status],
            None if m.frozen_until == NONE else m.frozen_until,
            *m.points,
            len(m.active),
            joined,
            None if coming == NONE else coming,
            days,
            remaining,
            label,
        )


_KIND_ORDER: Final[dict[SanctionKind, int]] = {kind: i for i, kind in enumerate(SanctionKind)}
_KIND_NAMES: Final[list[str]] = [kind.value for kind in SanctionKind]
_STATUS_NAMES: Final[list[str]] = ["good", "warned", "restricted", "frozen", "suspended", "closed"]
