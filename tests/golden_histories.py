"""The canonical account history of every registered policy, and its golden snapshot.

One place builds both, so ``scripts/regenerate_golden.py`` (which writes the files) and
``tests/test_golden.py`` (which compares them) can never drift apart.

The history is built from the policy's own data, so a new policy or market gets a snapshot
without code here. For each ledger, in two phases (from 2024-07-08 and from 2026-01-06, local
time; ledger ``i`` starts ``3 * i`` days later):

- a *climb*: violations of the ledger's kinds, taken in catalogue order (the ledger's generic
  kind last), each with its computed points or, where the catalogue states none, explicit points
  (a third of the widest gap between threshold levels). Phase 1 climbs to the highest level that
  does not close the account, phase 2 to the highest level of all. The climb fits inside one
  validity period (half the expiry, or before the next calendar reset), so its points pile up;
  the gap between the phases lets them lapse or reset;
- phase 1 only: a granted appeal on the violation that first reaches the lowest threshold, a
  reduced appeal (to half) on the climb's last violation, and one same-day pair per daily cap
  and one pair per merge window, to show the counting rules;
- the kinds that apply sanctions directly, once per phase after the climb (one that closes the
  account only in phase 2, two weeks before the window ends). Phase 1: an open-ended direct
  sanction is appealed and granted. Phase 2: an open-ended funds hold is appealed and denied,
  then the funds are released; another open-ended sanction is retracted (listing removals) or
  reversed;
- phase 2, score-down ledgers (``Ledger.score_base``): the climb's last violation is resolved on
  the platform (``Revocation`` ``RESOLVED``).

The snapshot samples :meth:`penalties.Timeline.at` at 12:00 local time on every day of the
window (2024-07-01 to 2026-06-30) and keeps a row for the first day and for each day whose
standing differs from the day before: points per ledger, scores, status and the kinds of the
active sanctions. It also lists the events and every sanction of the timeline.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pendulum
from pendulum import DateTime

import penalties
from penalties import (
    Appeal,
    AppealOutcome,
    CalendarReset,
    DailyCap,
    Event,
    ExpiresAfter,
    FundsDecision,
    FundsOutcome,
    Ledger,
    MergeWindow,
    Policy,
    Revocation,
    RevocationReason,
    SanctionKind,
    SanctionSpec,
    Violation,
)

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
WINDOW_FIRST = dt.date(2024, 7, 1)
WINDOW_LAST = dt.date(2026, 6, 30)
PHASE_STARTS = (dt.date(2024, 7, 8), dt.date(2026, 1, 6))
SAMPLE_HOUR = 12
EVENT_HOUR = 10
LEDGER_OFFSET_DAYS = 3
MAX_SPAN_DAYS = 150
REGENERATE = "PYTHONPATH=. python scripts/regenerate_golden.py"


# --------------------------------------------------------------------------- registry


def golden_name(policy: Policy) -> str:
    """The snapshot's name: ``code`` or ``code-MARKET``."""
    return policy.code + (f"-{policy.market}" if policy.market else "")


def golden_policies() -> list[Policy]:
    """Every registered policy, once per registered market (or once without one)."""
    return [
        penalties.get_policy(code, market=market)
        for code in penalties.list_policies()
        for market in (penalties.list_markets(code) or (None,))
    ]


def golden_path(name: str) -> Path:
    """Where the snapshot ``name`` lives."""
    return GOLDEN_DIR / f"{name}.json"


# --------------------------------------------------------------------------- history


@attrs.frozen
class _Item:
    """A (kind, severity) of the catalogue that books to one ledger."""

    kind: str
    severity: str | None
    computed: int | None
    sanctions: tuple[SanctionSpec, ...]


@attrs.define
class _Builder:
    policy: Policy
    events: list[Event] = attrs.Factory(list)
    cursors: dict[str, int] = attrs.Factory(dict)

    def at(self, day: dt.date, hour: int = EVENT_HOUR) -> DateTime:
        return pendulum.datetime(day.year, day.month, day.day, hour, tz=self.policy.tz)

    def violation(
        self, vid: str, item: _Item, day: dt.date, points: int, hour: int = EVENT_HOUR
    ) -> Violation:
        stated = None if item.computed is not None else points
        v = Violation(vid, item.kind, self.at(day, hour), severity=item.severity, points=stated)
        self.events.append(v)
        return v

    def appeal(
        self,
        v: Violation,
        filed_days: int,
        decided_days: int,
        outcome: AppealOutcome,
        points_after: int | None = None,
    ) -> None:
        """File an appeal on ``v`` where the platform allows it (within its window)."""
        filed = v.at.add(days=filed_days)
        deadline = self.policy.appeal_deadline(v)
        if deadline is not None and filed > deadline:
            return
        decided = v.at.add(days=decided_days)
        self.events.append(Appeal(v.id, filed, decided, outcome, points_after))


def _items(policy: Policy, ledger: Ledger, day: dt.date) -> list[_Item]:
    out = []
    for kind in policy.kinds:
        for sev in kind.severities or (None,):
            code = sev.ledger if sev is not None and sev.ledger else kind.ledger
            if code != ledger.code:
                continue
            severity = sev.code if sev is not None else None
            probe = Violation("probe", kind.code, _noon(policy, day), severity=severity, points=0)
            res = policy.resolve(probe)
            out.append(_Item(kind.code, severity, res.computed, res.sanctions))
    out.append(_Item(ledger.code, None, None, ()))
    return out


def _noon(policy: Policy, day: dt.date) -> DateTime:
    return pendulum.datetime(day.year, day.month, day.day, SAMPLE_HOUR, tz=policy.tz)


def _levels(ledger: Ledger) -> tuple[list[int], set[int]]:
    """Every threshold level of the ledger (``every`` thresholds: three multiples) and the
    levels at which the account closes."""
    levels: set[int] = set()
    closing: set[int] = set()
    for th in ledger.thresholds:
        reached = [th.points * k for k in (1, 2, 3)] if th.every else [th.points]
        levels.update(reached)
        if any(s.kind is SanctionKind.CLOSURE for s in th.sanctions):
            closing.update(reached)
    return sorted(levels), closing


def _unit(levels: list[int]) -> int:
    """Explicit points per violation: a third of the widest gap between levels."""
    if not levels:
        return 2
    gaps = [b - a for a, b in zip([0, *levels], levels, strict=False)]
    return max(1, max(gaps) // 3)


def _span(policy: Policy, ledger: Ledger, start: dt.date) -> int:
    """Days a climb may take so that its points are all still there at its end."""
    validity = ledger.validity
    if isinstance(validity, ExpiresAfter):
        days = validity.days.at(start)
        assert days is not None
        return max(1, min(MAX_SPAN_DAYS, days // 2))
    if isinstance(validity, CalendarReset):
        midnight = pendulum.datetime(start.year, start.month, start.day, tz=policy.tz)
        reset = validity.calendar.next_after(midnight, policy.tz)
        local = reset.in_timezone(policy.tz)
        until = (dt.date(local.year, local.month, local.day) - start).days - 14
        return max(7, min(MAX_SPAN_DAYS, until))
    return MAX_SPAN_DAYS


def _climb(
    items: list[_Item], cursor: int, target: int, unit: int, lowest: int | None
) -> tuple[list[tuple[_Item, int]], int, int | None]:
    """Violations whose points reach ``target`` exactly, cycling through ``items`` from
    ``cursor`` and preferring steps that do not finish the climb (so the biggest deductions
    never come first). ``lowest`` given: the violation that first reaches it is set aside (its
    appeal is granted) and the climb goes on. Returns the steps, the new cursor and the index
    of the set-aside step."""
    steps: list[tuple[_Item, int]] = []
    balance = 0
    granted: int | None = None
    while balance < target:
        remaining = target - balance
        order = [(cursor + k) % len(items) for k in range(len(items))]
        options = []
        for index in order:
            item = items[index]
            points = item.computed if item.computed is not None else min(unit, remaining)
            if points > 0:
                options.append((index, points))
        pick = next(((i, p) for i, p in options if p < remaining), None)
        if pick is None:
            pick = next((i, p) for i, p in options if p == remaining)
        index, points = pick
        cursor = (index + 1) % len(items)
        steps.append((items[index], points))
        balance += points
        if lowest is not None and granted is None and balance >= lowest:
            granted = len(steps) - 1
            balance -= points
    return steps, cursor, granted


def _open_ended(item: _Item) -> list[SanctionSpec]:
    return [s for s in item.sanctions if s.days is None and s.kind is not SanctionKind.CLOSURE]


def _ledger_phase(b: _Builder, index: int, ledger: Ledger, phase: int) -> None:
    policy = b.policy
    start = PHASE_STARTS[phase - 1] + dt.timedelta(days=LEDGER_OFFSET_DAYS * index)
    items = _items(policy, ledger, start)
    plain = [i for i in items if not i.sanctions]
    direct = [i for i in items if i.sanctions]
    levels, closing = _levels(ledger)
    unit = _unit(levels)
    tag = f"{ledger.code}-p{phase}"
    if levels:
        safe = [lv for lv in levels if lv not in closing]
        target = (max(safe) if safe else max(levels) // 2) if phase == 1 else max(levels)
        steps, cursor, granted = _climb(
            plain,
            b.cursors.get(ledger.code, 0),
            target,
            unit,
            levels[0] if phase == 1 else None,
        )
        b.cursors[ledger.code] = cursor
    else:
        steps = [(i, i.computed or unit) for i in plain if i.kind != ledger.code]
        granted = 0 if steps and phase == 1 else None
    span = _span(policy, ledger, start)
    step_days = max(1.0, span / max(len(steps) - 1, 1))
    booked: list[Violation] = []
    for k, (item, points) in enumerate(steps):
        day = start + dt.timedelta(days=round(k * step_days))
        booked.append(b.violation(f"{tag}-{k + 1:02d}", item, day, points))
    last_day = start + dt.timedelta(days=round((len(steps) - 1) * step_days)) if steps else start
    if phase == 1 and booked:
        if granted is not None:
            b.appeal(booked[granted], 1, 3, AppealOutcome.GRANTED)
        last = len(booked) - 1
        if last != granted:
            points = policy.resolve(booked[last]).points
            b.appeal(booked[last], 1, 5, AppealOutcome.REDUCED, points // 2)
    if phase == 2 and booked and ledger.score_base is not None:
        v = booked[-1]
        b.events.append(Revocation(v.id, v.at.add(days=10), RevocationReason.RESOLVED))
    day = last_day + dt.timedelta(days=7)
    if phase == 1:
        for n, rule in enumerate(ledger.counting):
            match = next((i for i in plain if rule.applies(i.kind, i.severity)), None)
            if match is None:
                continue
            if isinstance(rule, DailyCap):
                points = match.computed or max(1, rule.limit - 1)
                b.violation(f"{tag}-cap{n + 1}-a", match, day, points)
                b.violation(f"{tag}-cap{n + 1}-b", match, day, points, hour=EVENT_HOUR + 5)
            else:
                assert isinstance(rule, MergeWindow)
                points = match.computed or unit
                second = day + dt.timedelta(days=min(1, rule.days - 1))
                b.violation(f"{tag}-merge{n + 1}-a", match, day, points)
                b.violation(f"{tag}-merge{n + 1}-b", match, second, points, hour=EVENT_HOUR + 1)
            day += dt.timedelta(days=7)
    for n, item in enumerate(direct):
        closes = any(s.kind is SanctionKind.CLOSURE for s in item.sanctions)
        if closes and phase == 1:
            continue
        when = WINDOW_LAST - dt.timedelta(days=14) if closes else day
        v = b.violation(f"{tag}-direct{n + 1}", item, when, item.computed or unit)
        day += dt.timedelta(days=7)
        open_ended = _open_ended(item)
        if not open_ended:
            continue
        if phase == 1:
            b.appeal(v, 2, 14, AppealOutcome.GRANTED)
        elif any(s.kind is SanctionKind.FUNDS_HOLD for s in open_ended):
            b.appeal(v, 2, 16, AppealOutcome.DENIED)
            b.events.append(FundsDecision(v.at.add(days=90), FundsOutcome.RELEASED, v.id))
        else:
            listing = any(s.kind is SanctionKind.LISTING_REMOVAL for s in open_ended)
            reason = RevocationReason.RETRACTED if listing else RevocationReason.REVERSED
            b.events.append(Revocation(v.id, v.at.add(days=30), reason))


def canonical_history(policy: Policy) -> list[Event]:
    """The canonical account history of ``policy`` (see the module docstring)."""
    b = _Builder(policy)
    for phase in (1, 2):
        for index, ledger in enumerate(policy.ledgers):
            _ledger_phase(b, index, ledger, phase)
    return b.events


# --------------------------------------------------------------------------- snapshot


def _iso(t: DateTime | None, policy: Policy) -> str | None:
    return None if t is None else t.in_timezone(policy.tz).isoformat()


def _event(e: Event, policy: Policy) -> dict[str, Any]:
    if isinstance(e, Violation):
        return {
            "type": "violation",
            "id": e.id,
            "kind": e.kind,
            "severity": e.severity,
            "at": _iso(e.at, policy),
            "stated_points": e.points,
            "booked_points": policy.resolve(e).points,
        }
    if isinstance(e, Appeal):
        return {
            "type": "appeal",
            "violation_id": e.violation_id,
            "filed_at": _iso(e.filed_at, policy),
            "decided_at": _iso(e.decided_at, policy),
            "outcome": e.outcome.value,
            "points_after": e.points_after,
        }
    if isinstance(e, Revocation):
        return {
            "type": "revocation",
            "violation_id": e.violation_id,
            "at": _iso(e.at, policy),
            "reason": e.reason.value,
        }
    return {
        "type": "funds_decision",
        "violation_id": e.violation_id,
        "at": _iso(e.at, policy),
        "outcome": e.outcome.value,
    }


def _days() -> Iterator[dt.date]:
    day = WINDOW_FIRST
    while day <= WINDOW_LAST:
        yield day
        day += dt.timedelta(days=1)


def snapshot(policy: Policy) -> dict[str, Any]:
    """The golden snapshot of ``policy``'s canonical history, as plain JSON data."""
    events = canonical_history(policy)
    timeline = policy.evaluate(events)
    rows: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for day in _days():
        standing = timeline.at(_noon(policy, day))
        state = {
            "points": dict(standing.points),
            "scores": dict(standing.scores),
            "status": standing.status.name,
            "sanctions": sorted(s.kind.value for s in standing.sanctions),
        }
        if state != previous:
            rows.append({"date": day.isoformat(), **state})
            previous = state
    sanctions = []
    for s in timeline.sanctions:
        row: dict[str, Any] = {
            "kind": s.kind.value,
            "start": _iso(s.start, policy),
            "end": _iso(s.end, policy),
            "cause": list(s.cause),
            "ledger": s.ledger,
            "threshold": s.threshold,
        }
        if s.appealable_from is not None:
            row["appealable_from"] = _iso(s.appealable_from, policy)
        if s.amount is not None:
            row["amount"] = str(s.amount)
            row["currency"] = s.currency
        sanctions.append(row)
    return {
        "policy": policy.code,
        "market": policy.market,
        "timezone": policy.timezone,
        "window": {
            "first": WINDOW_FIRST.isoformat(),
            "last": WINDOW_LAST.isoformat(),
            "sampled_at": f"{SAMPLE_HOUR:02d}:00 local time",
            "rows": "the first day, then each day whose standing differs from the day before",
        },
        "events": [_event(e, policy) for e in events],
        "days": rows,
        "sanctions": sanctions,
        "regenerate": REGENERATE,
    }


def render(data: dict[str, Any]) -> str:
    """The snapshot as stable JSON text (sorted keys, indent 1, trailing newline)."""
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
