"""Shared helpers for the tests: instants, small policies, and Hypothesis histories."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
from hypothesis import settings
from hypothesis import strategies as st
from pendulum import DateTime

from penalties import (
    Appeal,
    AppealOutcome,
    Event,
    FundsDecision,
    FundsOutcome,
    Ledger,
    Policy,
    Revocation,
    RevocationReason,
    SanctionKind,
    SanctionSpec,
    Threshold,
    Violation,
    ViolationKind,
)

SH = "Asia/Shanghai"
BERLIN = "Europe/Berlin"


def t(*args: int, tz: str = SH) -> DateTime:
    """An aware instant in ``tz`` (Shanghai by default)."""
    return pendulum.datetime(*args, tz=tz)


def small_policy(*ledgers: Ledger, tz: str = SH, kinds: tuple[ViolationKind, ...] = ()) -> Policy:
    """A test policy made of ``ledgers``, with one kind 'v' booking to the first ledger."""
    default = kinds if kinds else (ViolationKind("v", "test violation", ledgers[0].code),)
    return Policy("test", "Test", tz, tuple(ledgers), default, ("test",))


def freeze(days: int | None = 7) -> SanctionSpec:
    return SanctionSpec(SanctionKind.FREEZE, days)


CLOSE = SanctionSpec(SanctionKind.CLOSURE)


def th(points: int, *sanctions: SanctionSpec, every: bool = False) -> Threshold:
    return Threshold(points, tuple(sanctions) or (freeze(),), every=every)


EPOCH = pendulum.datetime(2023, 1, 1, tz="UTC")


def instants(days: int = 900) -> st.SearchStrategy[DateTime]:
    """Instants within ``days`` after 2023-01-01, on a minute grid, in a few zones."""
    return st.builds(
        lambda minutes, tz: EPOCH.add(minutes=minutes).in_timezone(tz),
        st.integers(0, days * 24 * 60),
        st.sampled_from(["UTC", SH, BERLIN, "America/New_York"]),
    )


def _violation_for(policy: Policy, draw: Any, vid: str) -> Violation:
    kinds = list(policy.all_kinds)
    kind = draw(st.sampled_from(kinds))
    at = draw(instants())
    severity = None
    if kind.severities:
        severity = draw(st.sampled_from([s.code for s in kind.severities]))
    probe = Violation(vid, kind.code, at, severity=severity, points=1)
    schedule = policy.resolve(probe)
    needs_points = schedule.computed is None
    points = draw(st.integers(0, 20)) if needs_points else None
    return Violation(vid, kind.code, at, severity=severity, points=points)


@st.composite
def histories(draw: Any, policy: Policy, max_violations: int = 12) -> list[Event]:
    """Valid histories for ``policy``: unique ids, appeals against real violations."""
    n = draw(st.integers(0, max_violations))
    events: list[Event] = []
    violations = [_violation_for(policy, draw, f"v{i}") for i in range(n)]
    events.extend(violations)
    for v in violations:
        if not draw(st.booleans()):
            continue
        filed = v.at.add(minutes=draw(st.integers(0, 60 * 24 * 30)))
        deadline = policy.appeal_deadline(v)
        if deadline is not None and filed > deadline:
            filed = deadline
        outcome = draw(st.sampled_from(list(AppealOutcome)))
        decided = (
            None
            if outcome is AppealOutcome.PENDING
            else filed.add(minutes=draw(st.integers(0, 60 * 24 * 30)))
        )
        points_after = None
        if outcome is AppealOutcome.REDUCED:
            points_after = draw(st.integers(0, policy.resolve(v).points))
        events.append(Appeal(v.id, filed, decided, outcome, points_after))
    for v in violations:
        if draw(st.integers(0, 5)) == 0:
            at = v.at.add(minutes=draw(st.integers(0, 60 * 24 * 200)))
            reason = draw(st.sampled_from(list(RevocationReason)))
            events.append(Revocation(v.id, at, reason))
    for _ in range(draw(st.integers(0, 2 if violations else 0))):
        target = draw(st.sampled_from([None, *violations]))
        outcome = draw(st.sampled_from(list(FundsOutcome)))
        if target is None:
            events.append(FundsDecision(draw(instants()), outcome))
        else:
            at = target.at.add(minutes=draw(st.integers(0, 60 * 24 * 200)))
            events.append(FundsDecision(at, outcome, target.id))
    return events


def probe_instants(events: list[Event]) -> list[DateTime]:
    """Instants around every event, plus a few far later (after every validity window)."""
    out: list[DateTime] = []
    for e in events:
        at = e.at
        out += [at.subtract(seconds=1), at, at.add(seconds=1), at.add(days=3)]
        if isinstance(e, Violation):
            out += [at.add(days=365), at.add(days=366)]
    out.append(EPOCH.add(days=2000))
    return out


def registered_policies() -> list[Policy]:
    """Every registered policy, once per registered market (or once without one)."""
    import penalties

    return [
        penalties.get_policy(code, market=market)
        for code in penalties.list_policies()
        for market in (penalties.list_markets(code) or (None,))
    ]


def day(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


def examples(quick: int) -> int:
    """A test's own ``max_examples``: ``quick`` under the quick profile (tests/conftest.py), scaled
    in proportion under another (the thorough profile runs ten times as many)."""
    scale = settings.default.max_examples / settings.get_profile("quick").max_examples
    return max(1, round(quick * scale))
