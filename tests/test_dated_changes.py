"""Dated-change audit: every dated rule change in every registered policy's data really changes
what the library does on that date.

The cases are generated from the policy data, so a new dated rule is audited as soon as it is
written: ``Schedule`` changes of a kind's or severity's points, of ``appeal_window_days`` and
of ``ExpiresAfter.days``; ``Threshold`` and threshold ``SanctionSpec`` dates (grouped per ledger
and date: which thresholds and sanctions fire); direct ``SanctionSpec`` dates (per kind and
severity); ``DatedResetCalendar`` versions; ``CalendarReset.carry_over_since``.

Each case observes the rule through the public API at a probe in the last half hour of the local
day before the change (``before``), in the first half hour of the day it takes effect
(``after``) and at noon on the day after that (``next_day``), all in the policy's zone. The rule
must differ between ``before`` and ``after`` and hold from ``after`` to ``next_day``. Probes so
close to local midnight also catch a date taken in UTC instead of the policy's zone.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from typing import Any

import attrs
import pendulum
import pytest
from pendulum import DateTime

from penalties import (
    CalendarReset,
    DatedResetCalendar,
    ExpiresAfter,
    Ledger,
    Policy,
    Sanction,
    Schedule,
    Timeline,
    Violation,
    ViolationKind,
)
from penalties.errors import PointsMismatchWarning
from tests.helpers import registered_policies, small_policy

Observe = Callable[[DateTime], Any]


@attrs.frozen
class DatedChange:
    """One dated rule change found in a policy's data, and how to observe the rule."""

    id: str
    policy: Policy = attrs.field(repr=False)
    date: dt.date
    observe: Observe = attrs.field(repr=False)
    check: Callable[[DateTime, DateTime], None] | None = attrs.field(default=None, repr=False)
    """An extra check on the ``before`` and ``after`` probes (reset calendars)."""


def _name(policy: Policy) -> str:
    return policy.code + (f"-{policy.market}" if policy.market else "")


def _local(policy: Policy, day: dt.date, hour: int, minute: int = 0) -> DateTime:
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=policy.tz)


def _days(policy: Policy, start: DateTime, end: DateTime | None) -> int | None:
    """Calendar days from ``start`` to ``end`` in the policy's zone."""
    if end is None:
        return None
    return (end.in_timezone(policy.tz).date() - start.in_timezone(policy.tz).date()).days


def _evaluate(policy: Policy, events: list[Violation]) -> Timeline:
    return policy.evaluate(events)


def _probe(policy: Policy, kind: str, severity: str | None, at: DateTime) -> Violation:
    """A violation of ``kind`` at ``at``: computed points where the catalogue has them, else 1."""
    stated = Violation("probe", kind, at, severity=severity, points=1)
    points = None if policy.resolve(stated).computed is not None else 1
    return Violation("probe", kind, at, severity=severity, points=points)


def _describe(policy: Policy, s: Sanction) -> tuple[Any, ...]:
    appealable = _days(policy, s.start, s.appealable_from) if s.appealable_from else None
    return (
        s.kind.value,
        s.ledger,
        s.threshold,
        _days(policy, s.start, s.end),
        appealable,
        None if s.amount is None else str(s.amount),
    )


# --------------------------------------------------------------------------- observers


def _points(policy: Policy, kind: str, severity: str | None, ledger: str) -> Observe:
    def observe(at: DateTime) -> tuple[int | None, int | None]:
        computed = policy.resolve(Violation("probe", kind, at, severity=severity, points=1))
        if computed.computed is None:
            return None, None
        timeline = _evaluate(policy, [Violation("probe", kind, at, severity=severity)])
        return computed.computed, timeline.balance(ledger, at)

    return observe


def _appeal_window(policy: Policy, kind: str, severity: str | None) -> Observe:
    def observe(at: DateTime) -> tuple[int | None, int | None]:
        v = _probe(policy, kind, severity, at)
        deadline = policy.appeal_deadline(v)
        windows = _evaluate(policy, [v]).at(at).appeal_windows
        shown = windows[0].deadline if windows else None
        return _days(policy, at, deadline), _days(policy, at, shown)

    return observe


def _first_lapse(policy: Policy, ledger: str, at: DateTime) -> DateTime | None:
    """When points booked at ``at`` leave the ledger (expiry or calendar reset)."""
    timeline = _evaluate(policy, [Violation("probe", ledger, at, points=1)])
    return next((c.at for c in timeline.changes if c.delta < 0), None)


def _lapse(policy: Policy, ledger: str) -> Observe:
    def observe(at: DateTime) -> str | None:
        when = _first_lapse(policy, ledger, at)
        return None if when is None else when.in_timezone(policy.tz).isoformat()

    return observe


def _expiry(policy: Policy, ledger: str) -> Observe:
    def observe(at: DateTime) -> int | None:
        return _days(policy, at, _first_lapse(policy, ledger, at))

    return observe


def _thresholds(policy: Policy, ledger: Ledger) -> Observe:
    """For each level of the ledger, the sanctions that reaching it at the probe applies."""
    levels = sorted({th.points for th in ledger.thresholds})

    def observe(at: DateTime) -> tuple[tuple[int, tuple[tuple[Any, ...], ...]], ...]:
        out = []
        for level in levels:
            timeline = _evaluate(policy, [Violation("probe", ledger.code, at, points=level)])
            fired = tuple(_describe(policy, s) for s in timeline.sanctions if s.ledger)
            out.append((level, fired))
        return tuple(out)

    return observe


def _direct(policy: Policy, kind: str, severity: str | None) -> Observe:
    """The sanctions a violation at the probe applies by itself."""

    def observe(at: DateTime) -> tuple[tuple[Any, ...], ...]:
        timeline = _evaluate(policy, [_probe(policy, kind, severity, at)])
        return tuple(_describe(policy, s) for s in timeline.sanctions if s.ledger is None)

    return observe


def _carried(policy: Policy, validity: CalendarReset) -> Observe:
    """What a reset on the probe's local day keeps of each carry-over rule's smallest balance."""
    balances = sorted({rule.min_points for rule in validity.carry_over})

    def observe(at: DateTime) -> tuple[int, ...]:
        day = at.in_timezone(policy.tz).date()
        return tuple(validity.carried(b, b, day)[0] for b in balances)

    return observe


def _reset_check(policy: Policy, calendar: DatedResetCalendar, change: dt.date) -> Any:
    previous = calendar.versions.at(change - dt.timedelta(days=1))

    def check(before: DateTime, after: DateTime) -> None:
        # The earlier version alone resets at the same instant for both probes: the difference
        # comes from the new version, not from a reset falling between the probes.
        if previous is not None:
            assert previous.next_after(before, policy.tz) == previous.next_after(after, policy.tz)

    return check


# --------------------------------------------------------------------------- enumeration


def _changes(schedule: Schedule[Any] | None) -> tuple[dt.date, ...]:
    return () if schedule is None else schedule.changes


def _spec_dates(specs: Any) -> set[dt.date]:
    return {d for s in specs for d in (s.effective_from, s.effective_until) if d is not None}


def _kind_changes(policy: Policy, name: str, kind: ViolationKind) -> list[DatedChange]:
    out = []
    severities = kind.severities or (None,)
    probe_severity = kind.default_severity or (kind.severities[0].code if kind.severities else None)
    for sev in severities:
        code = sev.code if sev is not None else None
        ledger = sev.ledger if sev is not None and sev.ledger else kind.ledger
        prefix = f"{name}-{ledger}-{kind.code}" + (f"-{code}" if code else "")
        points = sev.points if sev is not None else kind.points
        for d in _changes(points):
            out.append(
                DatedChange(f"{prefix}-{d}", policy, d, _points(policy, kind.code, code, ledger))
            )
        direct = _spec_dates(kind.sanctions) | _spec_dates(sev.sanctions if sev else ())
        for d in sorted(direct):
            out.append(
                DatedChange(f"{prefix}-sanctions-{d}", policy, d, _direct(policy, kind.code, code))
            )
    for d in _changes(kind.appeal_window_days):
        out.append(
            DatedChange(
                f"{name}-{kind.ledger}-{kind.code}-appeal_window-{d}",
                policy,
                d,
                _appeal_window(policy, kind.code, probe_severity),
            )
        )
    return out


def _ledger_changes(policy: Policy, name: str, ledger: Ledger) -> list[DatedChange]:
    out = []
    prefix = f"{name}-{ledger.code}"
    validity = ledger.validity
    if isinstance(validity, ExpiresAfter):
        for d in validity.days.changes:
            out.append(DatedChange(f"{prefix}-expiry-{d}", policy, d, _expiry(policy, ledger.code)))
    if isinstance(validity, CalendarReset):
        calendar = validity.calendar
        if isinstance(calendar, DatedResetCalendar):
            for d in calendar.versions.changes:
                out.append(
                    DatedChange(
                        f"{prefix}-reset-{d}",
                        policy,
                        d,
                        _lapse(policy, ledger.code),
                        _reset_check(policy, calendar, d),
                    )
                )
        if validity.carry_over_since is not None:
            d = validity.carry_over_since
            out.append(
                DatedChange(f"{prefix}-carry_over-{d}", policy, d, _carried(policy, validity))
            )
    dates: set[dt.date] = set()
    for th in ledger.thresholds:
        dates |= {x for x in (th.effective_from, th.effective_until) if x is not None}
        dates |= _spec_dates(th.sanctions)
    for d in sorted(dates):
        out.append(DatedChange(f"{prefix}-thresholds-{d}", policy, d, _thresholds(policy, ledger)))
    return out


def dated_changes(policy: Policy) -> list[DatedChange]:
    """Every dated rule change in ``policy``'s data, as auditable cases."""
    name = _name(policy)
    out: list[DatedChange] = []
    for kind in policy.kinds:
        out += _kind_changes(policy, name, kind)
    for ledger in policy.ledgers:
        out += _ledger_changes(policy, name, ledger)
    return out


CASES = [case for policy in registered_policies() for case in dated_changes(policy)]

KNOWN = {
    # AliExpress: unfair competition 1/3 -> 3/12, new 48 tier (seed 004).
    "aliexpress-trade-unfair_competition-general-2017-11-22",
    "aliexpress-trade-unfair_competition-serious-2017-11-22",
    "aliexpress-trade-unfair_competition-especially_serious-2017-11-22",
    # AliExpress: prohibited/restricted penalties appealable within 7 days.
    "aliexpress-ip-prohibited_goods-appeal_window-2020-10-14",
    "aliexpress-ip-wrong_category-appeal_window-2020-10-14",
    "aliexpress-ip-fraudulent_qualification-appeal_window-2020-10-14",
    # TikTok Shop PH: points lapse after 90 days instead of 180.
    "tiktok_shop-PH-points-expiry-2025-06-17",
    # Shopee PH: reset on the last Monday of the quarter; VN: 7/14-day tier sanctions.
    "shopee-PH-points-reset-2025-12-29",
    "shopee-VN-points-thresholds-2025-10-06",
    # Taobao and Tmall: counterfeit points of 24-47 carried over as 24.
    "taobao-CN-counterfeit-carry_over-2013-01-01",
    "tmall-CN-counterfeit-carry_over-2013-01-01",
    # Amazon: US funds appeal after 60 days. (The AHR bands' 2022-07-21 is a first-seen date,
    # not an effective one: the bands apply at every date, issue 15.)
    "amazon-US-conduct-review_manipulation-sanctions-2024-10-25",
    # Amazon US: the INFORM Consumers Act disbursement hold from 2023-07-07.
    "amazon-US-conduct-inform_act_unverified-sanctions-2023-07-07",
    # TikTok Shop US: AHR milestones of the Seller Enforcement Policy.
    "tiktok_shop_us-US-account_health-thresholds-2025-10-14",
}


def test_the_enumeration_finds_the_known_changes() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "two dated changes share an id"
    missing = KNOWN - set(ids)
    assert not missing, f"dated changes not found in the policy data: {sorted(missing)}"


def test_the_enumeration_finds_no_change_where_there_is_none() -> None:
    ids = {case.id for case in CASES}
    # The US funds rule is US-only; other Shopee markets keep the first-Monday reset.
    assert "amazon-DE-conduct-review_manipulation-sanctions-2024-10-25" not in ids
    assert not any(i.startswith("shopee-SG-") for i in ids)
    assert not any(i.startswith("tiktok_shop-TH-") for i in ids)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_dated_change_is_observable(case: DatedChange) -> None:
    policy = case.policy
    before = _local(policy, case.date - dt.timedelta(days=1), 23, 30)
    after = _local(policy, case.date, 0, 30)
    next_day = _local(policy, case.date + dt.timedelta(days=1), 12)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PointsMismatchWarning)
        old, new, later = case.observe(before), case.observe(after), case.observe(next_day)
    assert old != new, (
        f"{case.id}: the rule observed at {before} and at {after} is the same ({old!r}); the "
        "dated version changes nothing observable. Merge it with the previous version or fix "
        "the date."
    )
    assert new == later, (
        f"{case.id}: the new rule seen at {after} ({new!r}) does not hold on the next day "
        f"({later!r})."
    )
    if case.check is not None:
        case.check(before, after)


CARRY_OVER = [case for case in CASES if "-carry_over-" in case.id]


@pytest.mark.parametrize("case", CARRY_OVER, ids=lambda c: c.id)
def test_carry_over_starts_with_the_first_reset_on_its_date(case: DatedChange) -> None:
    """End to end: the last reset before the date clears a balance the first reset on or after
    it carries over."""
    policy = case.policy
    ledger = next(lg for lg in policy.ledgers if case.id.startswith(f"{_name(policy)}-{lg.code}-"))
    validity = ledger.validity
    assert isinstance(validity, CalendarReset)
    rule = min(validity.carry_over, key=lambda r: r.min_points)
    day_start = _local(policy, case.date, 0)
    first = validity.calendar.next_after(day_start.subtract(microseconds=1), policy.tz)
    previous = validity.calendar.next_after(first.subtract(days=400), policy.tz)
    assert previous < first
    kept = []
    for reset in (previous, first):
        booked = reset.subtract(days=30)
        timeline = _evaluate(policy, [Violation("v", ledger.code, booked, points=rule.min_points)])
        kept.append(timeline.balance(ledger.code, reset.add(hours=1)))
    assert kept[0] == 0
    assert kept[1] == validity.carried(rule.min_points, rule.min_points, case.date)[0] > 0


def test_the_audit_finds_new_dated_rules_and_flags_versions_that_change_nothing() -> None:
    change = dt.date(2020, 1, 1)
    real = ViolationKind("v", "test violation", "a", points=Schedule.dated((None, 2), (change, 5)))
    noop = ViolationKind("w", "test violation", "a", points=Schedule.dated((None, 3), (change, 3)))
    policy = small_policy(Ledger("a", "A"), kinds=(real, noop))
    cases = {c.id: c for c in dated_changes(policy)}
    assert set(cases) == {"test-a-v-2020-01-01", "test-a-w-2020-01-01"}
    before = _local(policy, change - dt.timedelta(days=1), 23, 30)
    after = _local(policy, change, 0, 30)
    assert cases["test-a-v-2020-01-01"].observe(before) == (2, 2)
    assert cases["test-a-v-2020-01-01"].observe(after) == (5, 5)
    # The redundant version is observed as the same rule: test_dated_change_is_observable
    # would fail on it.
    noop_case = cases["test-a-w-2020-01-01"]
    assert noop_case.observe(before) == noop_case.observe(after)
