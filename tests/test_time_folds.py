"""Instants in DST folds and gaps, odd offsets and ties: every instant is one exact point in time.

Python compares two datetimes that share a tzinfo by their wall-clock reading and ignores
``fold`` (PEP 495), and a datetime in a fold never compares equal to one in another zone. These
tests state what the library must do anyway: the same instant written in UTC, as an ISO string
with its offset, or in a named zone with the right ``fold`` is the same instant everywhere
(standings, sanctions, appeals, JSON), and results never depend on the order of the input.

Every expected instant is written by hand in UTC and checked against ``astimezone(UTC)``.

America/Los_Angeles, 2023-11-05: at 09:00Z clocks go back from 02:00 PDT (-07:00) to 01:00 PST
(-08:00); 01:00-02:00 happens twice (fold=0: 08:00Z-09:00Z, fold=1: 09:00Z-10:00Z).
Europe/Berlin, 2023-10-29: at 01:00Z from 03:00 CEST (+02:00) to 02:00 CET (+01:00); 02:00-03:00
happens twice (fold=0: 00:00Z-01:00Z, fold=1: 01:00Z-02:00Z).
Europe/Berlin, 2024-03-31: at 01:00Z from 02:00 CET to 03:00 CEST; 02:00-03:00 never happens.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import pickle
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from pendulum import DateTime

import penalties
import penalties.io
from penalties import (
    Appeal,
    AppealOutcome,
    FundsDecision,
    FundsOutcome,
    InvalidEventError,
    Policy,
    Revocation,
    RevocationReason,
    SanctionKind,
    Status,
    Violation,
    get_policy,
)
from penalties.strategies import histories, instants
from tests.helpers import registered_policies

UTC = dt.UTC
LA = pendulum.timezone("America/Los_Angeles")
BERLIN = pendulum.timezone("Europe/Berlin")


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def la(*args: int, fold: int) -> DateTime:
    return DateTime(*args, tzinfo=LA, fold=fold)


def berlin(*args: int, fold: int) -> DateTime:
    return DateTime(*args, tzinfo=BERLIN, fold=fold)


def exact(t: dt.datetime | None) -> dt.datetime | None:
    """``t`` as a stdlib UTC datetime: compares by instant, whatever zone ``t`` is shown in."""
    return None if t is None else t.astimezone(UTC)


def aliexpress_in(zone: str) -> Policy:
    """The AliExpress rules (12 trade points freeze 7 days, 48 close) counted in ``zone``."""
    return attrs.evolve(get_policy("aliexpress"), timezone=zone)


ALIEXPRESS_LA = aliexpress_in("America/Los_Angeles")
ALIEXPRESS_BERLIN = aliexpress_in("Europe/Berlin")


def test_the_hand_computed_instants() -> None:
    # The fixtures below rely on these readings; pendulum agrees with the stdlib's zoneinfo.
    assert exact(la(2023, 11, 5, 1, 20, fold=0)) == utc(2023, 11, 5, 8, 20)
    assert exact(la(2023, 11, 5, 1, 10, fold=1)) == utc(2023, 11, 5, 9, 10)
    assert exact(la(2023, 10, 29, 1, 10, fold=0)) == utc(2023, 10, 29, 8, 10)
    assert exact(berlin(2023, 10, 29, 2, 30, fold=0)) == utc(2023, 10, 29, 0, 30)
    assert exact(berlin(2023, 10, 29, 2, 10, fold=1)) == utc(2023, 10, 29, 1, 10)
    assert exact(berlin(2024, 3, 31, 2, 30, fold=0)) == utc(2024, 3, 31, 1, 30)
    assert exact(berlin(2024, 3, 31, 2, 30, fold=1)) == utc(2024, 3, 31, 0, 30)


# ------------------------------------------------------------------------- a freeze ends in a fold


def _la_freeze() -> list[penalties.Event]:
    # 12 trade points at 2023-10-29 01:10 PDT (08:10Z) freeze the account for 7 calendar days
    # in Los Angeles: until 2023-11-05 01:10, the *second* 01:10 (PST, 09:10Z), as the engine
    # resolves a repeated wall-clock time.
    return [Violation("v1", "unfair_competition", "2023-10-29T01:10:00-07:00", severity="serious")]


def test_the_freeze_ends_at_the_second_one_ten() -> None:
    timeline = ALIEXPRESS_LA.evaluate(_la_freeze())
    (freeze,) = [s for s in timeline.sanctions if s.kind is SanctionKind.FREEZE]
    assert exact(freeze.start) == utc(2023, 10, 29, 8, 10)
    assert exact(freeze.end) == utc(2023, 11, 5, 9, 10)


@pytest.mark.parametrize(
    "at",
    [
        la(2023, 11, 5, 1, 20, fold=0),  # 01:20 PDT, 50 minutes before the end
        pendulum.datetime(2023, 11, 5, 8, 20, tz="UTC"),
        "2023-11-05T08:20:00Z",
        "2023-11-05T01:20:00-07:00",
        dt.datetime(2023, 11, 5, 8, 20, tzinfo=UTC).astimezone(LA),  # fold=0 from astimezone
    ],
    ids=["LA-fold0", "pendulum-UTC", "iso-Z", "iso-offset", "stdlib-astimezone"],
)
def test_a_freeze_ending_in_a_fold_is_still_running_before_its_end(at: Any) -> None:
    events = _la_freeze()
    standing = ALIEXPRESS_LA.standing(events, at=at)
    assert standing.status is Status.FROZEN
    assert exact(standing.frozen_until) == utc(2023, 11, 5, 9, 10)
    (freeze,) = [
        s for s in ALIEXPRESS_LA.evaluate(events).sanctions if s.kind is SanctionKind.FREEZE
    ]
    assert freeze.active_at(at if isinstance(at, DateTime) else pendulum.parse(str(at)))


@pytest.mark.parametrize(
    "at",
    [la(2023, 11, 5, 1, 10, fold=1), "2023-11-05T09:10:00Z", la(2023, 11, 5, 1, 30, fold=1)],
    ids=["LA-end-fold1", "iso-end", "LA-fold1-after"],
)
def test_a_freeze_ending_in_a_fold_is_over_at_its_end(at: Any) -> None:
    standing = ALIEXPRESS_LA.standing(_la_freeze(), at=at)
    assert standing.status is Status.GOOD
    assert standing.frozen_until is None


# --------------------------------------------------------------------------- closure in a fold


@pytest.mark.parametrize(
    "at",
    [
        berlin(2023, 10, 29, 2, 30, fold=0),  # the closure itself (00:30Z)
        "2023-10-29T00:45:00Z",
        berlin(2023, 10, 29, 2, 10, fold=1),  # 02:10 CET, 01:10Z
        berlin(2023, 10, 29, 2, 40, fold=0),  # 02:40 CEST, 00:40Z
        "2023-10-29T02:00:00Z",
        "2023-10-29T02:10:00+01:00",
        berlin(2023, 11, 5, 0, 0, fold=0),
        "2030-01-01T00:00:00Z",
    ],
)
def test_closure_in_a_fold_is_terminal(at: Any) -> None:
    events = [
        Violation(
            "v1",
            "unfair_competition",
            berlin(2023, 10, 29, 2, 30, fold=0),  # 02:30 CEST = 00:30Z
            severity="especially_serious",  # 48 points: the account is closed
        )
    ]
    assert ALIEXPRESS_BERLIN.standing(events, at=at).status is Status.CLOSED


def test_before_a_closure_in_a_fold_the_account_is_open() -> None:
    events = [
        Violation(
            "v1",
            "unfair_competition",
            berlin(2023, 10, 29, 2, 30, fold=1),  # 02:30 CET = 01:30Z
            severity="especially_serious",
        )
    ]
    # 02:40 CEST (fold=0) is 00:40Z, fifty minutes before the closure.
    assert ALIEXPRESS_BERLIN.standing(events, at=berlin(2023, 10, 29, 2, 40, fold=0)).status < (
        Status.CLOSED
    )
    assert ALIEXPRESS_BERLIN.standing(events, at="2023-10-29T01:30:00Z").status is Status.CLOSED


# --------------------------------------------------------------------------- appeals in a fold


def test_an_appeal_decided_44_minutes_after_filing_in_a_fold_is_accepted() -> None:
    filed = la(2023, 11, 5, 1, 30, fold=0)  # 08:30Z
    decided = la(2023, 11, 5, 1, 14, fold=1)  # 09:14Z, 44 minutes later
    assert exact(decided) - exact(filed) == dt.timedelta(minutes=44)
    appeal = Appeal("v1", filed, decided, AppealOutcome.DENIED)
    assert exact(appeal.decided_at) == utc(2023, 11, 5, 9, 14)


def test_an_appeal_decided_20_minutes_before_filing_in_a_fold_is_refused() -> None:
    filed = la(2023, 11, 5, 1, 10, fold=1)  # 09:10Z
    decided = la(2023, 11, 5, 1, 50, fold=0)  # 08:50Z, 20 minutes earlier
    assert exact(filed) - exact(decided) == dt.timedelta(minutes=20)
    with pytest.raises(InvalidEventError):
        Appeal("v1", filed, decided, AppealOutcome.DENIED)


def test_an_appeal_filed_34_minutes_after_its_violation_in_a_fold_is_accepted() -> None:
    violation = Violation(
        "v1", "unfair_competition", la(2023, 11, 5, 1, 50, fold=0), severity="serious"
    )  # 08:50Z
    appeal = Appeal("v1", la(2023, 11, 5, 1, 24, fold=1))  # 09:24Z, 34 minutes later
    assert exact(appeal.filed_at) - exact(violation.at) == dt.timedelta(minutes=34)
    timeline = ALIEXPRESS_LA.evaluate([violation, appeal])
    ALIEXPRESS_LA.check_appeal([violation], appeal)
    standing = timeline.at("2023-11-05T09:30:00Z")
    assert [(a.violation_id, exact(a.filed_at)) for a in standing.appeals] == [
        ("v1", exact(appeal.filed_at))
    ]


# --------------------------------------------------------------------------- extend in a fold

SHOPEE_PH = get_policy("shopee", market="PH")  # Asia/Manila; a freeze at 15 points, extended


def _extended() -> list[penalties.Event]:
    # 15 points at 02:30 CEST (00:30Z) freeze the shop for 28 days; one more point an hour
    # later, 02:30 CET (01:30Z), inside the freeze, restarts its 28 days (counted in Manila).
    return [
        Violation("a", "points", berlin(2023, 10, 29, 2, 30, fold=0), points=15),
        Violation("b", "points", berlin(2023, 10, 29, 2, 30, fold=1), points=1),
    ]


def _utc_sanctions(timeline: penalties.Timeline) -> list[tuple[Any, ...]]:
    return sorted(
        (s.kind.value, exact(s.start), exact(s.end), s.ledger, s.cause) for s in timeline.sanctions
    )


def test_an_extend_ledger_extends_a_freeze_for_a_violation_an_hour_later_in_the_fold() -> None:
    events = _extended()
    timeline = SHOPEE_PH.evaluate(events)
    freezes = [s for s in timeline.sanctions if s.kind is SanctionKind.FREEZE]
    assert len(freezes) == 1
    (freeze,) = freezes
    assert exact(freeze.start) == utc(2023, 10, 29, 0, 30)
    # 01:30Z is 09:30 in Manila; 28 days later, 2023-11-26 09:30 +08:00.
    assert exact(freeze.end) == utc(2023, 11, 26, 1, 30)
    assert "b" in freeze.cause
    round_tripped = SHOPEE_PH.evaluate(penalties.io.loads(penalties.io.dumps(events)))
    assert _utc_sanctions(timeline) == _utc_sanctions(round_tripped)
    in_utc = SHOPEE_PH.evaluate(
        [attrs.evolve(v, at=v.at.in_timezone("UTC")) for v in events if isinstance(v, Violation)]
    )
    assert _utc_sanctions(timeline) == _utc_sanctions(in_utc)


def test_a_timeline_with_fold_instants_survives_a_json_round_trip() -> None:
    timeline = SHOPEE_PH.evaluate(_extended())
    loaded = penalties.io.loads(penalties.io.dumps(timeline))
    assert isinstance(loaded, penalties.Timeline)
    assert loaded == timeline
    assert penalties.io.dumps(loaded) == penalties.io.dumps(timeline)


# --------------------------------------------------------------------------- JSON round trips

_FOLD_INSTANTS = {
    "LA-fold0": la(2023, 11, 5, 1, 20, fold=0),
    "LA-fold1": la(2023, 11, 5, 1, 20, fold=1),
    "Berlin-fold0": berlin(2023, 10, 29, 2, 30, fold=0),
    "Berlin-fold1": berlin(2023, 10, 29, 2, 30, fold=1),
}


def _every_event_type(t: DateTime) -> list[penalties.Event]:
    # Instants chosen so that the events build today too (the wall clock agrees with the
    # instants): this test is about the round trip only.
    later = t.add(hours=2)
    return [
        Violation(
            "v1",
            "review_manipulation",
            t,
            occurred_at=t.in_timezone("UTC").subtract(minutes=30),
            reference="r",
        ),
        Appeal("v1", t, later, AppealOutcome.GRANTED),
        Appeal("v1", later),
        Revocation("v1", later, RevocationReason.REVERSED, note="n"),
        FundsDecision(later, FundsOutcome.RELEASED, "v1", note="n"),
        FundsDecision(t, FundsOutcome.WITHHELD),
    ]


@pytest.mark.parametrize("name", list(_FOLD_INSTANTS))
def test_events_with_fold_instants_survive_a_json_round_trip(name: str) -> None:
    events = _every_event_type(_FOLD_INSTANTS[name])
    for event in events:
        loaded = penalties.io.loads(penalties.io.dumps([event]))
        assert loaded == [event], type(event).__name__
        assert loaded[0].at.utcoffset() == event.at.utcoffset()
    assert penalties.io.loads(penalties.io.dumps(events)) == events


# --------------------------------------------------------------------------- ties

ALIEXPRESS = get_policy("aliexpress")
AMAZON_DE = get_policy("amazon", market="DE")


def _tie_cases() -> dict[str, tuple[Policy, list[penalties.Event]]]:
    serious = Violation("v1", "unfair_competition", "2024-03-01T10:00:00+08:00", severity="serious")
    filed, decided = "2024-03-02T10:00:00+08:00", "2024-03-05T10:00:00+08:00"
    review = Violation("r1", "review_manipulation", "2024-03-01T10:00:00+01:00")
    at = "2024-03-04T10:00:00+01:00"
    return {
        "two-reduced-appeals": (
            ALIEXPRESS,
            [
                serious,
                Appeal("v1", filed, decided, AppealOutcome.REDUCED, points_after=3),
                Appeal("v1", filed, decided, AppealOutcome.REDUCED, points_after=6),
            ],
        ),
        "pending-and-granted": (
            ALIEXPRESS,
            [serious, Appeal("v1", filed), Appeal("v1", filed, decided, AppealOutcome.GRANTED)],
        ),
        "revocations-by-note": (
            ALIEXPRESS,
            [
                serious,
                Revocation("v1", decided, RevocationReason.RETRACTED, note="first"),
                Revocation("v1", decided, RevocationReason.RETRACTED, note="second"),
            ],
        ),
        "funds-by-note": (
            AMAZON_DE,
            [
                review,
                FundsDecision(at, FundsOutcome.RELEASED, "r1", note="first"),
                FundsDecision(at, FundsOutcome.RELEASED, "r1", note="second"),
            ],
        ),
        "funds-withheld-and-released-by-note": (
            AMAZON_DE,
            [
                review,
                FundsDecision(at, FundsOutcome.WITHHELD, None, note="a"),
                FundsDecision(at, FundsOutcome.WITHHELD, None, note="b"),
                FundsDecision(at, FundsOutcome.RELEASED, "r1"),
            ],
        ),
    }


def _results(policy: Policy, events: list[penalties.Event], at: Any) -> tuple[Any, ...]:
    timeline = policy.evaluate(events)
    standing = timeline.at(at)
    return (timeline.changes, timeline.sanctions, standing.appeals, penalties.io.dumps(timeline))


@pytest.mark.parametrize("case", list(_tie_cases()))
def test_ties_never_depend_on_the_order_of_the_input(case: str) -> None:
    policy, events = _tie_cases()[case]
    queries = ["2024-03-05T03:00:00Z", "2024-03-10T00:00:00Z"]
    for at in queries:
        expected = _results(policy, events, at)
        for order in itertools.permutations(events):
            assert _results(policy, list(order), at) == expected, order


# --------------------------------------------------------------------------- plain values


def _values() -> dict[str, Any]:
    events = _extended()
    timeline = SHOPEE_PH.evaluate(events)
    standing = timeline.at("2023-11-01T00:00:00Z")
    what_if = SHOPEE_PH.what_if(
        events[:1], events[1:], at=pendulum.datetime(2023, 11, 1, tz="Europe/Berlin")
    )
    return {"standing": standing, "timeline": timeline, "policy": SHOPEE_PH, "what_if": what_if}


@pytest.mark.parametrize("name", ["standing", "timeline", "policy", "what_if"])
@pytest.mark.parametrize(
    "clone",
    [lambda v: pickle.loads(pickle.dumps(v)), copy.deepcopy, copy.copy],
    ids=["pickle", "deepcopy", "copy"],
)
def test_results_are_plain_values(name: str, clone: Callable[[Any], Any]) -> None:
    value = _values()[name]
    again = clone(value)
    assert again == value
    assert type(again) is type(value)


@pytest.mark.parametrize("name", ["standing", "what_if"])
def test_results_hash(name: str) -> None:
    value, twin = _values()[name], _values()[name]
    assert value == twin
    assert hash(value) == hash(twin)
    assert len({value, twin}) == 1


# --------------------------------------------------------------------------- gaps


def test_a_wall_clock_reading_in_a_gap_is_the_instant_its_utcoffset_says() -> None:
    # 2024-03-31 02:30 never happens in Berlin. pendulum builds DateTime(2024, 3, 31, 2, 30,
    # tzinfo=Europe/Berlin, fold=0) anyway and keeps the reading (only pendulum.datetime()
    # moves it to 03:30): utcoffset() is +01:00 (the offset before the gap), so it stands for
    # 01:30Z, which is 03:30 CEST; fold=1 takes +02:00 and stands for 00:30Z (01:30 CET).
    # Violation(at=...) keeps the object unchanged (to_instant passes pendulum DateTimes
    # through), so the engine sees the non-existent reading; any wall-clock arithmetic on it
    # (add 7 calendar days) starts from 02:30 instead of 03:30.
    for fold, instant in ((0, "2024-03-31T01:30:00Z"), (1, "2024-03-31T00:30:00Z")):
        reading = berlin(2024, 3, 31, 2, 30, fold=fold)
        violation = Violation("v1", "unfair_competition", reading, severity="serious")
        assert violation.at.utcoffset() == dt.timedelta(hours=1 + fold)
        plain = Violation("v1", "unfair_competition", instant, severity="serious")
        for policy in (ALIEXPRESS_BERLIN, ALIEXPRESS):
            got, want = policy.evaluate([violation]), policy.evaluate([plain])
            assert _utc_sanctions(got) == _utc_sanctions(want), (fold, policy.timezone)
            assert [(exact(c.at), c.delta) for c in got.changes] == [
                (exact(c.at), c.delta) for c in want.changes
            ]
            just_before = pendulum.parse(instant).subtract(seconds=1)
            assert got.at(just_before).points["trade"] == 0
            assert got.at(instant).points["trade"] == 12
    # In Berlin's own calendar, 7 days after 03:30 CEST is 2024-04-07 03:30 CEST (01:30Z).
    got = ALIEXPRESS_BERLIN.evaluate(
        [
            Violation(
                "v1", "unfair_competition", berlin(2024, 3, 31, 2, 30, fold=0), severity="serious"
            )
        ]
    )
    (freeze,) = [s for s in got.sanctions if s.kind is SanctionKind.FREEZE]
    assert exact(freeze.end) == utc(2024, 4, 7, 1, 30)


# --------------------------------------------------------------------------- properties

REGISTERED = registered_policies()
PROPERTY = settings(max_examples=40, deadline=None)
"""One test per property with the policy drawn from every registered one (a parametrized test
per policy would shrink a failure 33 times over)."""


def _rewrite(event: penalties.Event, how: Callable[[DateTime], Any]) -> penalties.Event:
    """``event`` with every instant rewritten by ``how`` (the same instant, another form)."""
    fields = {
        f.name: how(getattr(event, f.name))
        for f in attrs.fields(type(event))
        if isinstance(getattr(event, f.name), dt.datetime)
    }
    return attrs.evolve(event, **fields)


def _iso(t: DateTime) -> str:
    text = t.isoformat()
    return text.replace("+00:00", "Z") if t.utcoffset() == dt.timedelta(0) else text


def _forms(policy: Policy) -> dict[str, Callable[[DateTime], Any]]:
    return {
        "utc": lambda t: t.in_timezone("UTC"),
        "policy-zone": lambda t: pendulum.instance(t.astimezone(policy.tz)),
        "berlin": lambda t: pendulum.instance(t.astimezone(BERLIN)),
        "iso": _iso,
    }


def _summary(standing: penalties.Standing) -> tuple[Any, ...]:
    return (
        standing.status,
        dict(standing.points),
        exact(standing.frozen_until),
        sorted(
            (s.kind.value, exact(s.start), exact(s.end), s.ledger, s.cause)
            for s in standing.sanctions
        ),
        sorted((exact(e.at), e.ledger, e.points) for e in standing.expiring),
    )


def _queries(timeline: penalties.Timeline, events: Iterable[penalties.Event]) -> list[DateTime]:
    """Instants worth asking about: each event's and each sanction's edges, and a second either
    side, in UTC. (Built from epoch seconds: pendulum's ``add`` on a DateTime whose tzinfo is
    the stdlib's ``timezone.utc`` returns a naive DateTime.)"""
    seconds: set[int] = set()
    for e in events:
        seconds.add(round(e.at.timestamp()))
    for s in timeline.sanctions:
        seconds.add(round(s.start.timestamp()))
        if s.end is not None:
            seconds.add(round(s.end.timestamp()))
    return [
        pendulum.from_timestamp(p + delta, tz="UTC")
        for p in sorted(seconds)[:10]
        for delta in (-1, 0, 1)
    ]


def _drawn(policy: Policy, data: st.DataObject) -> list[penalties.Event]:
    return data.draw(
        histories(policy, max_size=5, revocations=True, funds=True),
        label="events",
    )


@PROPERTY
@given(policy=st.sampled_from(REGISTERED), data=st.data())
def test_the_form_of_an_instant_never_matters(policy: Policy, data: st.DataObject) -> None:
    events = _drawn(policy, data)
    base = policy.evaluate(events)
    queries = _queries(base, events)
    forms = _forms(policy)
    expected = [_summary(base.at(q)) for q in queries]
    for name, how in forms.items():
        rewritten = [_rewrite(e, how) for e in events]
        timeline = policy.evaluate(rewritten)
        for q, want in zip(queries, expected, strict=True):
            for query_name, query in forms.items():
                assert _summary(timeline.at(query(q))) == want, (name, query_name, q)


@PROPERTY
@given(policy=st.sampled_from(REGISTERED), data=st.data())
def test_json_round_trips_give_equal_values(policy: Policy, data: st.DataObject) -> None:
    events = _drawn(policy, data)
    assert penalties.io.loads(penalties.io.dumps(events)) == events
    timeline = policy.evaluate(events)
    assert penalties.io.loads(penalties.io.dumps(timeline)) == timeline


@PROPERTY
@given(policy=st.sampled_from(REGISTERED), data=st.data())
def test_results_never_depend_on_input_order(policy: Policy, data: st.DataObject) -> None:
    events = _drawn(policy, data)
    shuffled = data.draw(st.permutations(events), label="shuffled")
    a, b = policy.evaluate(events), policy.evaluate(shuffled)
    assert a.changes == b.changes
    assert a.sanctions == b.sanctions
    assert a.notes == b.notes
    assert penalties.io.dumps(a) == penalties.io.dumps(b)
    for q in _queries(a, events)[::3]:
        assert a.at(q).appeals == b.at(q).appeals, q


def _shape(at: DateTime) -> str:
    shown = at.astimezone(UTC).astimezone(at.tzinfo)
    if (shown.hour, shown.minute, shown.utcoffset()) != (at.hour, at.minute, at.utcoffset()):
        return f"gap-fold{at.fold}"
    if at.replace(fold=1 - at.fold).utcoffset() != at.utcoffset():
        return f"fold{at.fold}"
    return "plain"


@pytest.mark.parametrize("shape", ["plain", "fold0", "fold1", "gap-fold0", "gap-fold1"])
def test_the_strategies_reach_folds_and_gaps(shape: str) -> None:
    quick = settings(max_examples=200, phases=[Phase.generate], database=None, derandomize=True)
    strategy = instants(
        "2023-01-01T00:00:00Z", "2024-12-31T00:00:00Z", timezones=st.just("Europe/Berlin")
    )
    find(strategy, lambda t: _shape(t) == shape, settings=quick)
