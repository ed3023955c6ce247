"""The bookings of a replay as columns (compiled with the engine; no attrs class here).

Row ``i`` of :class:`Bookings` is one violation's (or carried-over balance's) life in a ledger.
The engine appends rows while it replays; a :class:`~penalties.results.Timeline` reads them.
"""

from __future__ import annotations

from array import array
from collections.abc import MutableSequence
from typing import Any, Final, final

__all__ = ["EXPIRED", "NONE", "PACK_FROM", "RESET", "REVOKED", "Bookings"]

NONE: Final = -(2**62)
"""The missing instant in an integer column (no end, no expiry): below every instant, and the
least int the compiled build keeps unboxed (63 bits), so comparing with it allocates nothing."""
PACK_FROM: Final = 32
"""Columns of at least this many values are packed into arrays when a replay ends; shorter ones
stay lists, which hold as little at that size, and building an array costs more than the
rest of a small account's bookkeeping."""
EXPIRED: Final = 1
REVOKED: Final = 2
RESET: Final = 3
"""Why a booking ended, in its ``end_code`` column (0: it has not)."""

_FIELDS: Final = (
    "alive_from",
    "booked",
    "carried",
    "current",
    "end_code",
    "end_seq",
    "ended",
    "expires",
    "group",
    "history",
    "kind",
    "ledger",
    "seq",
    "severity",
    "vid",
)


@final
class Bookings:
    """Every violation's (or carried-over balance's) life in a ledger, as columns.

    Row ``i`` is one booking: its ledger, counting group, violation id, kind, severity, the
    exact instant it was booked, its current points, when and why it ended and when it expires.
    The engine appends rows while it replays; :meth:`freeze` then packs the integer columns into
    arrays, and a :class:`Timeline` reads them without changing them.
    """

    __slots__ = (
        "alive_from",
        "booked",
        "carried",
        "current",
        "end_code",
        "end_seq",
        "ended",
        "expires",
        "group",
        "history",
        "kind",
        "ledger",
        "seq",
        "severity",
        "vid",
    )

    def __init__(self) -> None:
        self.ledger: list[str] = []
        self.group: MutableSequence[int] = []
        self.vid: list[str | None] = []
        self.kind: list[str] = []
        self.severity: list[str | None] = []
        self.booked: MutableSequence[int] = []
        self.current: MutableSequence[int] = []
        self.ended: MutableSequence[int] = []
        self.end_code: MutableSequence[int] = []
        self.expires: MutableSequence[int] = []
        self.seq = 0
        """The number of the action the engine is replaying (it counts them)."""
        self.end_seq: MutableSequence[int] = []
        """The action that ended each row (``NONE``: not ended): a sanction's causes are the
        rows of its ledger alive at the action that fired it (see :meth:`causes_at`); rows up
        to the one booked by that action were all booked by then."""
        self.alive_from: MutableSequence[int] = []
        """For each row, the first row still alive when it was booked: a query at any later
        instant before the next row's booking needs to look at rows from there on only."""
        self.history: dict[int, list[tuple[int, int]]] = {}
        """``(since, points)`` of each booking whose points an appeal reduced."""
        self.carried: dict[int, tuple[str, ...]] = {}
        """The violations behind each carried-over balance."""

    def __len__(self) -> int:
        return len(self.ledger)

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)

    def add(
        self,
        ledger: str,
        group: int,
        vid: str | None,
        kind: str,
        severity: str | None,
        t: int,
        points: int,
    ) -> int:
        self.ledger.append(ledger)
        self.group.append(group)
        self.vid.append(vid)
        self.kind.append(kind)
        self.severity.append(severity)
        self.booked.append(t)
        self.current.append(points)
        self.ended.append(NONE)
        self.end_code.append(0)
        self.expires.append(NONE)
        self.end_seq.append(NONE)
        return len(self.ledger) - 1

    def end(self, i: int, t: int, code: int) -> None:
        self.ended[i], self.end_code[i], self.end_seq[i] = t, code, self.seq

    def _alive_then(self, i: int, seq: int) -> bool:
        """Whether row ``i`` (booked by action ``seq`` or before) was alive after it."""
        end = self.end_seq[i]
        return end == NONE or end > seq

    def causes_at(self, ledger: str, seq: int, last: int) -> tuple[str, ...]:
        """The violations behind the rows of ``ledger`` alive at action ``seq``, when row
        ``last`` was the latest: a sanction's causes, written when read."""
        causes: dict[str, None] = {}
        for i in range(self.alive_from[last], last + 1):
            if self.ledger[i] == ledger and self._alive_then(i, seq):
                causes.update(dict.fromkeys(self.cause(i)))
        return tuple(causes)

    def caused(self, ledger: str, seq: int, last: int, row: int | None, vid: str) -> bool:
        """Whether ``vid`` (booked as ``row``) is among :meth:`causes_at`'s violations."""
        if (
            row is not None
            and row <= last
            and self.ledger[row] == ledger
            and self._alive_then(row, seq)
        ):
            return True
        return any(
            vid in carried and i <= last and self.ledger[i] == ledger and self._alive_then(i, seq)
            for i, carried in self.carried.items()
        )

    def freeze(self) -> None:
        """Pack the integer columns into arrays (8 bytes a value, no int objects), when long."""
        if len(self.ledger) < PACK_FROM:
            return
        # row numbers fit 32 bits (a history of two billion events is refused long before)
        self.group = array("i", self.group)
        self.booked = array("q", self.booked)
        self.current = array("q", self.current)
        self.ended = array("q", self.ended)
        self.expires = array("q", self.expires)
        self.alive_from = array("i", self.alive_from)
        self.end_seq = array("q", self.end_seq)
        self.end_code = array("b", self.end_code)

    def cause(self, i: int) -> tuple[str, ...]:
        vid = self.vid[i]
        return (vid,) if vid is not None else self.carried[i]

    def reduce(self, i: int, t: int, points: int) -> None:
        history = self.history.get(i)
        if history is None:
            history = self.history[i] = [(self.booked[i], self.current[i])]
        history.append((t, points))
        self.current[i] = points

    def active_at(self, i: int, t: int) -> bool:
        ended = self.ended[i]
        return self.booked[i] <= t and (ended == NONE or t < ended)

    def points_at(self, i: int, t: int) -> int:
        history = self.history.get(i)
        if history is None:
            return self.current[i]
        value = history[0][1]
        for since, p in history:
            if since <= t:
                value = p
        return value
