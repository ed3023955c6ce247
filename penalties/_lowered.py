"""A policy lowered to the integers and plain classes the replay loop reads (compiled with it).

The rules stay where they are (:mod:`penalties.rules`, :mod:`penalties.policy`); this module only
reads them once per policy and keeps what every booking asks for as ints: a ledger's number, its
kind of validity, its fixed number of expiry days, the lowest balance any of its thresholds can
fire at, its stacking mode. A violation's reading against the catalogue (kind, severity, stated
points, local day) becomes a :class:`Reading` with its ledger's number. Nothing here decides a
rule: whatever is dated or rare (a dated expiry, a threshold crossing) is still answered by the
rule objects, which each table keeps (``rule``).
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import TYPE_CHECKING, Final, final

from penalties.rules import CalendarReset, ExpiresAfter, Ledger, StackingMode

if TYPE_CHECKING:
    from penalties.policy import Policy, Resolved
    from penalties.rules import SanctionSpec, ViolationKind

_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()

__all__ = [
    "EXTEND",
    "HEAVIEST",
    "LAPSES_AFTER",
    "LAPSES_AT_RESET",
    "LAPSES_NEVER",
    "PARALLEL",
    "LedgerTable",
    "Lowered",
    "Reading",
    "lowered",
]

LAPSES_NEVER: Final = 0
LAPSES_AFTER: Final = 1
LAPSES_AT_RESET: Final = 2
"""A ledger's kind of validity (``Never``, ``ExpiresAfter``, ``CalendarReset``)."""

PARALLEL: Final = 0
HEAVIEST: Final = 1
EXTEND: Final = 2
"""A ledger's stacking mode."""

_NO_LEVEL: Final = (1 << 62) - 1
"""``first_level`` of a ledger without thresholds: no balance reaches it."""

_BEFORE: Final = -(1 << 40)
_AFTER: Final = 1 << 40
"""Day numbers before and after every date (an open end of a dated period)."""


def _day(date: dt.date | None, open_end: int) -> int:
    """``date`` as days since 1970-01-01, or ``open_end`` when there is none."""
    return open_end if date is None else date.toordinal() - _EPOCH_ORDINAL


@final
class LedgerTable:
    """One ledger as the replay reads it at every booking: ints and flags, and the rule."""

    def __init__(self, index: int, rule: Ledger) -> None:
        self.index: int = index
        self.code: str = rule.code
        self.rule: Ledger = rule
        validity = rule.validity
        self.validity: int = LAPSES_NEVER
        self.days: int = -1
        """The expiry in calendar days when it is not dated (-1: ask ``rule.validity.days``)."""
        self.stops_at: int = -1
        """The balance at which points stop lapsing (-1: never)."""
        if isinstance(validity, ExpiresAfter):
            self.validity = LAPSES_AFTER
            entries = validity.days.entries
            if len(entries) == 1 and entries[0][0] is None:
                self.days = entries[0][1]
            if validity.stops_at is not None:
                self.stops_at = validity.stops_at
        elif isinstance(validity, CalendarReset):
            self.validity = LAPSES_AT_RESET
        self.counting: bool = bool(rule.counting)
        self.has_thresholds: bool = bool(rule.thresholds)
        self.first_level: int = min((th.points for th in rule.thresholds), default=_NO_LEVEL)
        """The lowest balance any threshold fires at (each fires at its points or a multiple):
        a balance that stays under it crosses nothing, whatever the day."""
        self.levels: list[int] = [th.points for th in rule.thresholds]
        self.every: list[bool] = [th.every for th in rule.thresholds]
        self.from_day: list[int] = [_day(th.effective_from, _BEFORE) for th in rule.thresholds]
        self.until_day: list[int] = [_day(th.effective_until, _AFTER) for th in rule.thresholds]
        """Per threshold, in the rule's order: its points, whether every multiple fires, and
        the local days ``[from_day, until_day)`` it is in force (see :meth:`crosses`)."""
        self.titles: list[str] = [th.title for th in rule.thresholds]
        self.unit: str = rule.unit.value
        """What a reason says: each threshold's title, the ledger's unit ('points')."""
        mode = rule.stacking.mode
        self.stacking: int = (
            HEAVIEST
            if mode is StackingMode.HEAVIEST
            else EXTEND
            if mode is StackingMode.EXTEND
            else PARALLEL
        )

    def __reduce__(self) -> tuple[object, tuple[int, Ledger]]:
        # A compiled class is rebuilt from its arguments (it has no instance dict to restore).
        return (LedgerTable, (self.index, self.rule))

    def crosses(self, old: int, new: int, day: int) -> bool:
        """Whether a rise from ``old`` to ``new`` on local ``day`` reaches a level of a
        threshold in force that day (:meth:`~penalties.rules.Threshold.levels_crossed` and
        :meth:`~penalties.rules.Threshold.in_force`, in ints). Only then are the rule objects
        asked which levels, and which of their sanctions are in force."""
        if new <= old:
            return False
        levels, every = self.levels, self.every
        from_day, until_day = self.from_day, self.until_day
        for i in range(len(levels)):
            if day < from_day[i] or day >= until_day[i]:
                continue
            points = levels[i]
            if every[i]:
                if new // points > old // points:
                    return True
            elif old < points <= new:
                return True
        return False


@final
class Reading:
    """A violation read against the catalogue (:class:`~penalties.policy.Resolved`), with its
    ledger's number: what a booking needs without asking the attrs value again."""

    def __init__(self, resolved: Resolved, ledger: int) -> None:
        self.resolved: Resolved = resolved
        self.ledger: int = ledger
        self.points: int = resolved.points
        self.computed: int | None = resolved.computed
        self.kind: str = resolved.kind.code
        self.severity: str | None = resolved.severity
        self.sanctions: tuple[SanctionSpec, ...] = resolved.sanctions
        self.also_counts_on: tuple[str, ...] = resolved.kind.also_counts_on
        """The ledgers the kind's points also count on (each booked there too)."""

    def __reduce__(self) -> tuple[object, tuple[Resolved, int]]:
        return (Reading, (self.resolved, self.ledger))


@final
class Lowered:
    """A policy's ledgers as :class:`LedgerTable` rows, in the policy's order."""

    def __init__(self, ledgers: list[LedgerTable], changes: dict[str, list[int]]) -> None:
        self.ledgers: list[LedgerTable] = ledgers
        self.index: dict[str, int] = {t.code: t.index for t in ledgers}
        self.rules: dict[str, Ledger] = {t.code: t.rule for t in ledgers}
        """Each ledger's rule by its code (shared by every replay of the policy)."""
        self.changes: dict[str, list[int]] = changes
        """Per kind, the local days (days since 1970-01-01) on which any dated part of its
        reading changes: points of the kind or a severity, a direct sanction's version."""

    def __reduce__(self) -> tuple[object, tuple[list[LedgerTable], dict[str, list[int]]]]:
        # From its parts, not from the policy: a policy pickles the tables it keeps, and is not
        # whole yet when they are rebuilt.
        return (Lowered, (self.ledgers, self.changes))

    def period(self, kind: str, day: int) -> int:
        """Which of ``kind``'s dated versions is in force on local ``day``: readings of the same
        kind, severity and stated points agree on every day of one period. A kind the catalogue
        does not know gives ``day`` itself (its reading is an error, never kept)."""
        changes = self.changes.get(kind)
        if changes is None:
            return day
        return bisect.bisect_right(changes, day) if changes else 0

    def reading(self, resolved: Resolved) -> Reading:
        return Reading(resolved, self.index[resolved.ledger])


def lowered(policy: Policy) -> Lowered:
    """The policy's tables, built on first use and kept on the policy (it is immutable)."""
    found: Lowered | None = policy._derived.get("lowered")
    if found is None:
        found = policy._derived["lowered"] = Lowered(
            [LedgerTable(i, ledger) for i, ledger in enumerate(policy.ledgers)],
            {code: _change_days(kind) for code, kind in policy._kinds.items()},
        )
    return found


def _change_days(kind: ViolationKind) -> list[int]:
    dates: set[dt.date] = set()
    specs = list(kind.sanctions)
    if kind.points is not None:
        dates.update(kind.points.changes)
    for level in kind.severities:
        if level.points is not None:
            dates.update(level.points.changes)
        specs.extend(level.sanctions)
    for spec in specs:
        for date in (spec.effective_from, spec.effective_until):
            if date is not None:
                dates.add(date)
    return sorted(d.toordinal() - _EPOCH_ORDINAL for d in dates)
