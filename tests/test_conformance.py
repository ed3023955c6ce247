"""The conformance suite: invariants every policy keeps, built-in or generated.

`tests/test_properties.py` checks order independence, non-negative balances, granted appeals,
closure, return to zero, prefix agreement and threads over the registered policies. This suite
adds the invariants it does not cover, and runs them over one policy per registered platform
*and* over random policies from :func:`penalties.strategies.policies`, with histories from
:func:`penalties.strategies.histories` (which land on expiries, resets and shared instants).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import penalties
from penalties import (
    Appeal,
    AppealOutcome,
    CalendarReset,
    Event,
    ExpiresAfter,
    Policy,
    SanctionKind,
    Schedule,
    StackingMode,
    Status,
    Timeline,
    Violation,
)
from penalties._time import exact
from penalties.strategies import histories, policies, violations

# One policy per registered platform (market variants share their engine rules), plus random
# policies drawn per example.
REPRESENTATIVES: dict[str, Policy] = {}
for _code in penalties.list_policies():
    _markets = penalties.list_markets(_code)
    # Prefer a market with the most ledgers (Lazada SG has the direct-return ledger).
    _candidates = [penalties.get_policy(_code, market=m) for m in (_markets or (None,))]
    REPRESENTATIVES[_code] = max(_candidates, key=lambda p: len(p.ledgers))

# Examples per invariant: fewer per registered policy (tests/test_properties.py runs those
# too), more for generated ones, whose space of rulebooks is far larger. Scaled to the profile.
BUDGET = settings.default.max_examples
REGISTERED_EXAMPLES = max(10, BUDGET // 4)
GENERATED_EXAMPLES = BUDGET
FAR = pendulum.datetime(2045, 1, 1, tz="UTC")

Check = Callable[[Policy, st.DataObject], None]


def invariant(check: Check) -> Check:
    """Turn ``check(policy, data)`` into two tests: ``test_<name>[<platform>]`` over one policy
    per registered platform, and ``test_<name>[generated]`` over random policies."""
    name = f"test_{check.__name__}"

    def registered(policy: Policy, data: st.DataObject) -> None:
        check(policy, data)

    def generated(data: st.DataObject) -> None:
        check(data.draw(policies(), label="policy"), data)

    for fn, suffix in ((registered, ""), (generated, "_generated")):
        fn.__name__ = fn.__qualname__ = name + suffix
        fn.__doc__ = check.__doc__
    globals()[name] = pytest.mark.parametrize(
        "policy", list(REPRESENTATIVES.values()), ids=list(REPRESENTATIVES)
    )(settings(max_examples=REGISTERED_EXAMPLES)(given(data=st.data())(registered)))
    globals()[name + "_generated"] = settings(max_examples=GENERATED_EXAMPLES)(
        given(data=st.data())(generated)
    )
    return check


def _breakpoints(*timelines: Timeline) -> list[pendulum.DateTime]:
    """Every instant where a balance or a sanction of these timelines changes, and just before
    each: balances are step functions, so comparing there compares them everywhere."""
    out: set[pendulum.DateTime] = set()
    for tl in timelines:
        for c in tl.changes:
            out.update((c.at, c.at.subtract(microseconds=1)))
        for s in tl.sanctions:
            out.update((s.start, s.start.subtract(microseconds=1)))
            if s.end is not None:
                out.update((s.end, s.end.subtract(microseconds=1)))
        for e in tl.events:
            out.add(e.at)
    return sorted(out)


def _replacing(policy: Policy) -> set[str]:
    """Ledgers whose rules replace rather than add: heaviest-only stacking ends a running
    sanction for a heavier one, and a carry-over that keeps a fixed amount or tests the points
    added in a year can keep less after more points (Taobao counterfeit, on purpose)."""
    out = set()
    for ledger in policy.ledgers:
        validity = ledger.validity
        if ledger.stacking.mode is StackingMode.HEAVIEST or (
            isinstance(validity, CalendarReset)
            and any(r.keep is not None or r.basis == "added" for r in validity.carry_over)
        ):
            out.add(ledger.code)
    return out


def _end(s: penalties.Sanction) -> pendulum.DateTime:
    return FAR if s.end is None else s.end


def _key(s: penalties.Sanction) -> tuple[Any, ...]:
    """What identifies a sanction across two evaluations: a direct one by its violation, a
    threshold one by its ledger, level and start."""
    return (s.kind, s.ledger, s.start, s.threshold, s.cause[:1] if s.ledger is None else ())


def _ends(sanctions: Iterable[penalties.Sanction]) -> dict[tuple[Any, ...], list[Any]]:
    out: dict[tuple[Any, ...], list[Any]] = {}
    for s in sanctions:
        out.setdefault(_key(s), []).append(_end(s))
    return {k: sorted(v, reverse=True) for k, v in out.items()}


# --------------------------------------------------------------------------- adding events


@invariant
def adding_a_violation_never_lowers_a_ledger_nor_ends_a_sanction_early(
    policy: Policy, data: st.DataObject
) -> None:
    events = data.draw(histories(policy, max_size=8), label="events")
    extra = data.draw(violations(policy, ids=st.just("added-violation")), label="extra")
    before, after = policy.evaluate(events), policy.evaluate([*events, extra])
    replacing = _replacing(policy)
    for t in _breakpoints(before, after):
        for ledger in policy.ledgers:
            if ledger.code in replacing:
                continue
            assert after.balance(ledger.code, t) >= before.balance(ledger.code, t), (
                ledger.code,
                t,
            )
    if replacing:
        return
    later = _ends(after.sanctions)
    for key, ends in _ends(before.sanctions).items():
        for old, new in zip(ends, later.get(key, []), strict=False):
            assert new >= old, key


@invariant
def denied_and_pending_appeals_change_nothing(policy: Policy, data: st.DataObject) -> None:
    outcomes = st.sampled_from([AppealOutcome.DENIED, AppealOutcome.PENDING])
    events = data.draw(histories(policy, max_size=8, outcomes=outcomes), label="events")
    bare = [e for e in events if isinstance(e, Violation)]
    a, b = policy.evaluate(bare), policy.evaluate(events)
    assert a.changes == b.changes
    assert a.sanctions == b.sanctions


@invariant
def a_reduced_appeal_never_raises_points(policy: Policy, data: st.DataObject) -> None:
    events = data.draw(
        histories(policy, max_size=8, outcomes=st.just(AppealOutcome.REDUCED)), label="events"
    )
    bare = [e for e in events if isinstance(e, Violation)]
    with_, without = policy.evaluate(events), policy.evaluate(bare)
    for t in _breakpoints(with_, without):
        for ledger in policy.ledgers:
            assert with_.balance(ledger.code, t) <= without.balance(ledger.code, t), (ledger, t)


# --------------------------------------------------------------------------- rules


def _shorter(validity: ExpiresAfter, cut: int) -> ExpiresAfter:
    return ExpiresAfter(
        Schedule(tuple((d, max(1, days - cut)) for d, days in validity.days.entries))
    )


@invariant
def a_shorter_validity_never_raises_points(policy: Policy, data: st.DataObject) -> None:
    expiring = [lg for lg in policy.ledgers if isinstance(lg.validity, ExpiresAfter)]
    if not expiring:
        return
    ledger = data.draw(st.sampled_from(expiring), label="ledger")
    assert isinstance(ledger.validity, ExpiresAfter)
    cut = data.draw(st.integers(1, 400), label="cut")
    shorter = policy.evolve_ledger(ledger.code, validity=_shorter(ledger.validity, cut))
    events = data.draw(histories(policy, max_size=8), label="events")
    a, b = policy.evaluate(events), shorter.evaluate(events)
    for t in _breakpoints(a, b):
        assert b.balance(ledger.code, t) <= a.balance(ledger.code, t), t


@invariant
def offsets_never_matter_only_instants(policy: Policy, data: st.DataObject) -> None:
    events = data.draw(histories(policy, max_size=8), label="events")
    zones = st.sampled_from(["UTC", "Pacific/Kiritimati", "America/Adak", "Europe/London"])
    moved = [_in_zone(e, data.draw(zones, label="zone")) for e in events]
    a, b = policy.evaluate(events), policy.evaluate(moved)
    assert _utc(a.changes) == _utc(b.changes)
    assert _utc(a.sanctions) == _utc(b.sanctions)
    assert a.notes == b.notes


def _utc(values: Iterable[Any]) -> list[Any]:
    """``values`` with every instant in UTC. Python never finds an instant in a repeated DST
    hour (01:30 on the night clocks go back) equal to the same instant in another zone (PEP
    495), so instants are compared in one zone."""

    def norm(v: Any) -> Any:
        return v.in_timezone("UTC") if isinstance(v, pendulum.DateTime) else v

    return [
        attrs.evolve(v, **{f.name: norm(getattr(v, f.name)) for f in attrs.fields(type(v))})
        for v in values
    ]


def _in_zone(event: Event, zone: str) -> Event:
    if isinstance(event, Violation):
        occurred = None if event.occurred_at is None else event.occurred_at.in_timezone(zone)
        return attrs.evolve(event, at=event.at.in_timezone(zone), occurred_at=occurred)
    decided = None if event.decided_at is None else event.decided_at.in_timezone(zone)
    return attrs.evolve(event, filed_at=event.filed_at.in_timezone(zone), decided_at=decided)


# --------------------------------------------------------------------------- results


def _known_at(events: Iterable[Event], t: pendulum.DateTime) -> list[Event]:
    """The events as known at ``t``: violations booked by then, appeals filed by then (still
    pending when decided later)."""
    out: list[Event] = []
    for e in events:
        if isinstance(e, Violation) and exact(e.at) <= exact(t):
            out.append(e)
        elif isinstance(e, Appeal) and exact(e.filed_at) <= exact(t):
            if e.decided_at is not None and exact(e.decided_at) > exact(t):
                e = Appeal(e.violation_id, e.filed_at)
            out.append(e)
    return out


def _check_standing(policy: Policy, tl: Timeline, t: pendulum.DateTime) -> None:
    s = tl.at(t)
    assert set(s.points) == {lg.code for lg in policy.ledgers}
    assert s.status == max((x.status for x in s.sanctions), default=Status.GOOD)
    assert all(x.active_at(t) for x in s.sanctions)
    freezes = [x for x in s.sanctions if x.kind is SanctionKind.FREEZE]
    if freezes and all(x.end is not None for x in freezes):
        assert s.frozen_until == max((x.end for x in freezes if x.end is not None), key=exact)
    else:
        assert s.frozen_until is None
    for ledger in policy.ledgers:
        code = ledger.code
        assert sum(c.counted for c in s.contributions[code]) == s.points[code], code
        assert all(0 <= c.counted <= c.points for c in s.contributions[code])
    for nxt in s.next_thresholds:
        assert nxt.remaining > 0
        assert nxt.points == s.points[nxt.ledger] + nxt.remaining
    assert all(exact(e.at) > exact(t) and e.points > 0 for e in s.expiring)
    text = s.explain()
    assert isinstance(text, str)
    assert s.status.name in text


@settings(max_examples=40)
@invariant
def a_standing_agrees_with_itself(policy: Policy, data: st.DataObject) -> None:
    events = data.draw(histories(policy, max_size=8), label="events")
    tl = policy.evaluate(events)
    assert tl == policy.evaluate(events)  # deterministic, and equal as a value
    for t in _breakpoints(tl)[:16]:
        _check_standing(policy, tl, t)


@settings(max_examples=40)
@invariant
def expiring_says_what_lapses_when_nothing_new_happens(policy: Policy, data: st.DataObject) -> None:
    events = data.draw(histories(policy, max_size=8), label="events")
    instants = sorted({e.at for e in events})
    if not instants:
        return
    t = data.draw(st.sampled_from(instants), label="t")
    # Only what was known at t, so nothing new happens after it.
    known = policy.evaluate(_known_at(events, t))
    standing = known.at(t)
    for ledger in policy.ledgers:
        code = ledger.code
        lapses = [e for e in standing.expiring if e.ledger == code]
        validity = ledger.validity
        stopped = (
            isinstance(validity, ExpiresAfter)
            and validity.stops_at is not None
            and any(c.ledger == code and c.balance >= validity.stops_at for c in known.changes)
        )
        if stopped:  # the points stopped lapsing (ExpiresAfter.stops_at): none is to lapse
            assert lapses == [], code
        elif isinstance(validity, ExpiresAfter):
            assert sum(e.points for e in lapses) == standing.points[code], code
        for e in lapses:
            gone = sum(x.points for x in lapses if exact(x.at) <= exact(e.at))
            assert known.balance(code, e.at) == standing.points[code] - gone, (code, e)


@settings(max_examples=40)
@invariant
def what_if_is_the_difference_of_two_evaluations(policy: Policy, data: st.DataObject) -> None:
    events = data.draw(histories(policy, max_size=6), label="events")
    extra = data.draw(violations(policy, ids=st.just("what-if")), label="extra")
    at = extra.at.add(days=data.draw(st.integers(0, 400), label="days"))
    result = policy.what_if(events, extra, at)
    before, after = policy.standing(events, at), policy.standing([*events, extra], at)
    assert dict(result.before.points) == dict(before.points)
    assert dict(result.after.points) == dict(after.points)
    assert result.after.sanctions == after.sanctions
    assert result.status_change == (before.status, after.status)
    for code, delta in result.points_delta.items():
        assert delta == after.points[code] - before.points[code]
    assert set(result.new_sanctions) <= set(result.timeline_after.sanctions)


# --------------------------------------------------------------------------- generated only
# (test_properties.py checks these for the registered policies)


@settings(max_examples=2 * GENERATED_EXAMPLES)
@given(data=st.data())
def test_generated_policies_keep_the_core_invariants(data: st.DataObject) -> None:
    """The invariants test_properties checks for registered policies, over random rulebooks:
    order never matters, balances never go negative, closure is terminal, and the standing at
    an instant uses only what was known then."""
    policy = data.draw(policies(), label="policy")
    events = data.draw(histories(policy, max_size=8), label="events")
    tl = policy.evaluate(events)
    shuffled = list(events)
    random.Random(data.draw(st.integers(0, 2**32), label="seed")).shuffle(shuffled)
    other = policy.evaluate(shuffled)
    assert tl.changes == other.changes
    assert tl.sanctions == other.sanctions
    assert all(c.balance >= 0 for c in tl.changes)
    closed = False
    for t in _breakpoints(tl):
        status = tl.at(t).status
        assert not closed or status is Status.CLOSED, t
        closed = closed or status is Status.CLOSED
    for t in _breakpoints(tl)[:12]:
        prefix = policy.evaluate(_known_at(events, t)).at(t)
        now = tl.at(t)
        assert dict(now.points) == dict(prefix.points), t
        assert now.sanctions == prefix.sanctions, t
        assert now.expiring == prefix.expiring, t
