"""penalties._query: the query side in integers says what the rule objects and the public
values say.

``Timeline.at`` builds its attrs values from :class:`penalties._query.Moment`, and
``Timeline._row_cells`` gives ``evaluate_many``'s cells without a standing: each is checked
here against what the rules give and against the cells ``penalties.frames`` built from a
standing, for every registered policy and market, on the canonical histories and on Hypothesis
histories.
"""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalties import (
    ExpiresAfter,
    Ledger,
    Policy,
    SanctionKind,
    SanctionSpec,
    Standing,
    Status,
    Threshold,
    Violation,
    ViolationKind,
)
from penalties._bookings import Bookings
from penalties._query import RANK, Level, SanctionRecord, facts, levels
from penalties._time import date_of_day, exact, zone
from penalties.errors import PenaltiesError
from penalties.results import _STATUS_OF, Timeline, _SanctionRecord
from penalties.strategies import histories
from tests.golden_histories import canonical_history
from tests.helpers import (
    CLOSE,
    examples,
    freeze,
    probe_instants,
    registered_policies,
    small_policy,
    t,
    th,
)

POLICIES = registered_policies()
_EPOCH = dt.date(1970, 1, 1).toordinal()


def _policy_id(policy: Policy) -> str:
    return f"{policy.code}-{policy.market}" if policy.market else policy.code


# --------------------------------------------------------------------------- thresholds


def _days_around(th: Threshold) -> list[int]:
    out = {-40_000, 0, 60_000}
    for date in (th.effective_from, th.effective_until):
        if date is not None:
            day = date.toordinal() - _EPOCH
            out.update((day - 1, day, day + 1))
    return sorted(out)


@pytest.mark.parametrize("policy", POLICIES, ids=_policy_id)
def test_levels_say_what_each_threshold_says_on_every_day(policy: Policy) -> None:
    lowered = levels(policy)
    assert lowered is levels(policy), "built once per policy"
    assert len(lowered) == len(policy.ledgers)
    for ledger, rows in zip(policy.ledgers, lowered, strict=True):
        assert [row.rule for row in rows] == list(ledger.thresholds)
        for index, (row, rule) in enumerate(zip(rows, ledger.thresholds, strict=True)):
            assert (row.ledger, row.index, row.title) == (ledger.code, index, rule.title)
            for day in _days_around(rule):
                assert row.in_force(day) is rule.in_force(date_of_day(day)), (rule, day)
            top = rule.points * 3 + 2
            for balance in [*range(top), 10**9]:
                expected = rule.next_level(balance)
                assert row.next_level(balance) == (-1 if expected is None else expected)


def test_a_level_pickles() -> None:
    policy = next(p for p in POLICIES if any(ledger.thresholds for ledger in p.ledgers))
    row = next(rows[0] for rows in levels(policy) if rows)
    back = pickle.loads(pickle.dumps(row))
    assert (back.ledger, back.index, back.rule, back.since, back.until) == (
        row.ledger,
        row.index,
        row.rule,
        row.since,
        row.until,
    )
    assert isinstance(back, Level)


def test_ranks_are_the_statuses_of_the_kinds() -> None:
    assert {kind: Status(rank) for kind, rank in RANK.items()} == _STATUS_OF
    assert set(RANK) == set(SanctionKind)


# --------------------------------------------------------------------------- sanction records


def _record(**changes: Any) -> SanctionRecord:
    fields: dict[str, Any] = {
        "kind": SanctionKind.FREEZE,
        "start": 1_000,
        "end": 5_000,
        "ledger": "A",
        "cause": ("v1",),
        "reason": "12 points",
        "threshold": 12,
        "amount": Decimal("10.5"),
        "currency": "CNY",
        "appealable": 2_000,
        "first_end": 5_000,
        "days": 7,
    }
    fields.update(changes)
    return SanctionRecord(**fields)


def test_the_engine_names_the_record_class_it_always_did() -> None:
    assert _SanctionRecord is SanctionRecord


def test_a_record_runs_and_is_revised() -> None:
    r = _record()
    assert [r.running(t) for t in (999, 1_000, 4_999, 5_000)] == [False, True, True, False]
    r.revise(3_000, 9_000, "extended", ("v2",))
    r.revise(4_000, None, "made permanent")
    assert r.end is None
    assert r.running(10**12)
    assert r.added == {"v2"}
    assert [r.end_as_of(t) for t in (2_999, 3_000, 3_999, 4_000)] == [5_000, 9_000, 9_000, None]
    assert r.first_end == 5_000


def test_a_record_holds_no_container_until_it_needs_one() -> None:
    z = zone("Asia/Shanghai")
    r = _record(cause=(), live=("A", 3, 0))
    assert (r.revisions, r.added) == (None, None)
    assert (r.live_ledger, r.live_seq, r.live_row, r.live) == ("A", 3, 0, ("A", 3, 0))
    assert r.end_as_of(10**12) == 5_000
    table = Bookings()
    table.add("A", 0, "v7", "spam", None, 1_000, 4)
    table.alive_from.append(0)
    assert r.causes(table) == ("v7",)
    assert exact(r.as_of(None, z, table).end) == 5_000
    plain = _record()
    assert (plain.live_ledger, plain.live) == (None, None)
    assert plain.causes(table) == ("v1",)
    assert _record(revisions=[]) == plain  # an empty list is no revision
    r.revise(3_000, 9_000, "extended")
    assert r.revisions == [(3_000, 9_000, "extended", ())]
    assert r.added is None


def test_a_record_as_of_an_instant_is_the_sanction_known_then() -> None:
    z = zone("Asia/Shanghai")
    r = _record()
    r.revise(3_000, 9_000, "extended", ("v2",))
    table = Bookings()
    before, after, final = (
        r.as_of(2_999, z, table),
        r.as_of(3_000, z, table),
        r.as_of(None, z, table),
    )
    assert before.end is not None
    assert after.end is not None
    assert after.appealable_from is not None
    assert (exact(before.end), before.cause, before.reason) == (5_000, ("v1",), "12 points")
    assert (exact(after.end), after.cause) == (9_000, ("v1", "v2"))
    assert after.reason == "12 points; extended"
    assert final == after
    assert (exact(after.start), exact(after.appealable_from)) == (1_000, 2_000)
    assert (after.kind, after.ledger, after.threshold, after.amount, after.currency) == (
        SanctionKind.FREEZE,
        "A",
        12,
        Decimal("10.5"),
        "CNY",
    )


def test_a_record_pickles_and_compares_by_its_fields() -> None:
    r = _record(live=("A", 3, 0), permanent=True)
    r.revise(3_000, 9_000, "extended", ("v2",))
    back = pickle.loads(pickle.dumps(r))
    assert back == r
    assert not back != r  # noqa: SIM202  # __ne__ is its own method
    assert (back.revisions, back.added, back.live, back.permanent, back.rank) == (
        [(3_000, 9_000, "extended", ("v2",))],
        {"v2"},
        ("A", 3, 0),
        True,
        3,
    )
    assert back != _record()
    assert r != "a record"
    with pytest.raises(TypeError):
        hash(r)
    assert "freeze" in repr(r)


# --------------------------------------------------------------------------- row cells


def _keys(timeline: Timeline, events: list[Any]) -> list[int]:
    keys = {exact(t) for t in probe_instants(events)}
    for s in timeline.sanctions:  # either side of every start and end
        for edge in (s.start, s.end):
            if edge is not None:
                keys.update((exact(edge) - 1, exact(edge), exact(edge) + 1))
    return sorted(keys)


def _brute_force(policy: Policy, timeline: Timeline, key: int) -> tuple[Any, ...]:
    """The integer facts of the standing at ``key``, from the rule objects and the records
    one by one (no index): what ``Query.at`` must give."""
    points = {ledger.code: 0 for ledger in policy.ledgers}
    for change in timeline.changes:
        if exact(change.at) <= key:
            points[change.ledger] = change.balance
    data = timeline._data
    active = []
    for record in data.records:
        end = record.end_as_of(key)
        if record.start <= key and (end is None or key < end):
            active.append(record.as_of(key, data.zone, data.bookings))
    status = max((s.status for s in active), default=Status.GOOD)
    freezes = [s.end for s in active if s.kind is SanctionKind.FREEZE]
    frozen = None if not freezes or None in freezes else max(exact(e) for e in freezes if e)
    nexts = []
    if status is not Status.CLOSED:
        day = data.zone.date(key)
        for ledger in policy.ledgers:
            found = [
                (level, i, rule)
                for i, rule in enumerate(ledger.thresholds)
                if rule.in_force(day)
                and (level := rule.next_level(points[ledger.code])) is not None
            ]
            if found:
                level, _, rule = min(found, key=lambda f: (f[0], f[1]))
                nexts.append((ledger.code, level, level - points[ledger.code], rule.title))
    return points, tuple(active), status, frozen, nexts


def _cells_of(standing: Standing, timeline: Timeline, codes: list[str]) -> tuple[Any, ...]:
    """The cells ``penalties.frames`` built from a standing and its timeline (before
    ``_row_cells``), from the instant to the nearest next threshold's label."""
    order = {kind: i for i, kind in enumerate(SanctionKind)}
    kinds = sorted({s.kind for s in standing.sanctions}, key=order.__getitem__)
    at = exact(standing.at)
    later = [exact(s.start) for s in timeline.sanctions if exact(s.start) > at]
    coming = min(later) if later else None
    days = None
    if coming is not None:
        local = zone(standing.policy.timezone)
        days = local.day(coming) - local.day(at)
    nearest = min(standing.next_thresholds, key=lambda n: n.remaining, default=None)
    return (
        at,
        standing.status.name.lower(),
        None if standing.frozen_until is None else exact(standing.frozen_until),
        *(standing.points[c] for c in codes),
        len(standing.sanctions),
        ",".join(k.value for k in kinds) or None,
        coming,
        days,
        None if nearest is None else nearest.remaining,
        None if nearest is None else f"{nearest.ledger}: {nearest.label}",
    )


def _check_cells(policy: Policy, timeline: Timeline, keys: list[int]) -> None:
    codes = [ledger.code for ledger in policy.ledgers]
    z = zone(policy.timezone)
    for key in keys:
        standing = timeline.at(z.datetime(key))
        frozen = None if standing.frozen_until is None else exact(standing.frozen_until)
        nexts = [(n.ledger, n.points, n.remaining, n.label) for n in standing.next_thresholds]
        mine = (dict(standing.points), standing.sanctions, standing.status, frozen, nexts)
        assert mine == _brute_force(policy, timeline, key), (policy.code, key)
        assert timeline._row_cells(key) == _cells_of(standing, timeline, codes), (policy.code, key)


@pytest.mark.parametrize("policy", POLICIES, ids=_policy_id)
def test_row_cells_are_the_cells_of_the_standing_on_the_canonical_history(
    policy: Policy,
) -> None:
    events = canonical_history(policy)
    timeline = policy.evaluate(events)
    assert timeline.sanctions, "the canonical history applies sanctions"
    _check_cells(policy, timeline, _keys(timeline, events))


@settings(max_examples=examples(40), deadline=None)
@given(data=st.data())
def test_row_cells_are_the_cells_of_the_standing_on_any_history(data: st.DataObject) -> None:
    policy = data.draw(st.sampled_from(POLICIES))
    events = data.draw(histories(policy, max_size=10, revocations=True, funds=True))
    try:
        timeline = policy.evaluate(events)
    except PenaltiesError:  # a history the engine refuses (it says why): nothing to query
        return
    _check_cells(policy, timeline, _keys(timeline, events))


@pytest.mark.parametrize("policy", POLICIES[:3], ids=_policy_id)
def test_a_timeline_pickles_with_its_records_and_answers_the_same(policy: Policy) -> None:
    events = canonical_history(policy)
    timeline = policy.evaluate(events)
    back = pickle.loads(pickle.dumps(timeline))
    assert back == timeline
    assert back.sanctions == timeline.sanctions
    for key in _keys(timeline, events)[::7]:
        assert back._row_cells(key) == timeline._row_cells(key)
        t = zone(policy.timezone).datetime(key)
        assert back.at(t) == timeline.at(t)


# --------------------------------------------------------------------------- small policies

_FREEZES = small_policy(
    Ledger(
        "main",
        "Main",
        validity=ExpiresAfter(30),
        thresholds=(
            th(2, freeze(7)),
            th(4, freeze(None)),
            th(6, freeze(3), SanctionSpec(SanctionKind.WARNING, 1)),
            Threshold(3, (freeze(2),), every=True, effective_from=dt.date(2024, 3, 10)),
        ),
    ),
    Ledger("side", "Side", validity=ExpiresAfter(5), thresholds=(th(1, CLOSE),)),
    kinds=(ViolationKind("v", "test violation", "main", points=1),),
)


@settings(max_examples=examples(40), deadline=None)
@given(days=st.lists(st.integers(0, 40), min_size=1, max_size=9))
def test_row_cells_with_open_ended_and_timed_freezes_together(days: list[int]) -> None:
    """An open-ended freeze leaves no ``frozen_until``; timed ones the latest end; a dated
    "every" threshold starts on its day."""
    events = [
        Violation(f"v{i}", "v", t(2024, 3, 1).add(days=d, hours=i)) for i, d in enumerate(days)
    ]
    timeline = _FREEZES.evaluate(events)
    _check_cells(_FREEZES, timeline, _keys(timeline, events))


@pytest.mark.parametrize("policy", POLICIES[:2], ids=_policy_id)
def test_a_policy_that_answered_queries_pickles_with_its_facts(policy: Policy) -> None:
    timeline = policy.evaluate(canonical_history(policy))
    timeline.at(timeline.sanctions[0].start)  # fills the policy's query facts and caches
    assert "query_facts" in policy._derived
    back = pickle.loads(pickle.dumps(policy))
    assert back == policy
    mine, theirs = facts(policy), facts(back)
    assert (theirs.codes, theirs.scored, theirs.windowed, theirs.lookback) == (
        mine.codes,
        mine.scored,
        mine.windowed,
        mine.lookback,
    )
    assert [[r.rule for r in rows] for rows in theirs.levels] == [
        [r.rule for r in rows] for rows in mine.levels
    ]
    again = back.evaluate(canonical_history(policy))
    start = timeline.sanctions[0].start
    assert again._row_cells(exact(start)) == timeline._row_cells(exact(start))
