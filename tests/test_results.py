"""Results as values: the lazy views of a standing (``ChangeLog``, ``Expiries``,
``Contributions``) behave as the tuples and mappings they stand for, and timelines, standings
and what-ifs pickle, copy, compare and hash."""

from __future__ import annotations

import copy
import pickle

import pendulum
import pytest
from immutabledict import immutabledict

import penalties
from penalties import Appeal, AppealOutcome, Violation
from penalties.events import Event
from penalties.results import ChangeLog, Contributions, DeferredEvents, Expiries

SH = "Asia/Shanghai"
POLICY = penalties.get_policy("aliexpress")


def _history() -> list[penalties.Event]:
    t = pendulum.datetime(2024, 3, 1, 10, tz=SH)
    return [
        Violation("v1", "unfair_competition", t, severity="serious"),
        Violation("v2", "unfair_competition", t.add(days=2), severity="general"),
        Violation("ip1", "ip_infringement", t.add(days=3), severity="general", points=2),
        Violation("ip2", "ip_infringement", t.add(days=3, hours=1), severity="general", points=6),
        Appeal("v1", t.add(days=1), t.add(days=4), AppealOutcome.REDUCED, points_after=3),
    ]


@pytest.fixture
def standing() -> penalties.Standing:
    return POLICY.standing(_history(), at=pendulum.datetime(2024, 3, 10, tz=SH))


def test_the_change_log_is_a_sequence_of_the_changes_up_to_the_instant(
    standing: penalties.Standing,
) -> None:
    log = standing.changes
    assert isinstance(log, ChangeLog)
    timeline = POLICY.evaluate(_history())
    whole = timeline.changes[: len(log)]  # the rest are the lapses of 2025
    assert len(log) == 5
    assert len(timeline.changes) == 9  # ip1 and ip2 each lapse with what they counted
    assert tuple(log) == whole
    assert log[0] == whole[0]
    assert log[-1] == whole[-1]
    assert log[1:3] == whole[1:3]
    assert log == whole
    assert log == list(whole)
    assert log != whole[:-1]
    assert (log == "text") is False
    assert hash(log) == hash(whole)
    assert repr(log) == f"ChangeLog({len(whole)} changes)"
    with pytest.raises(IndexError):
        log[len(whole)]
    with pytest.raises(IndexError):
        log[-len(whole) - 1]
    again = pickle.loads(pickle.dumps(log))
    assert type(again) is tuple
    assert again == log
    # two logs of one timeline compare by their length
    early = timeline.at(pendulum.datetime(2024, 3, 2, 10, tz=SH)).changes
    assert early != log
    assert early == timeline.at(pendulum.datetime(2024, 3, 2, 11, tz=SH)).changes


def test_the_reasons_and_causes_are_written_from_the_bookings(
    standing: penalties.Standing,
) -> None:
    reasons = [(c.cause, c.reason) for c in standing.changes]
    assert (("v1",), "unfair_competition (serious)") in reasons
    assert (("ip1",), "ip_infringement (general)") in reasons
    # the day's cap of 6 IP points counts 4 of the second deduction
    (capped,) = [c for c in standing.changes if c.cause == ("ip2",)]
    assert capped.delta == 4
    assert capped.reason.startswith("ip_infringement (general): 4 of 6 counted (")
    assert (("v1",), "v1 reduced to 3 by an appeal") in reasons


def test_expiries_and_contributions_are_built_when_read(standing: penalties.Standing) -> None:
    expiring, contributions = standing.expiring, standing.contributions
    assert isinstance(expiring, Expiries)
    assert isinstance(contributions, Contributions)
    # v1, v2, ip1 and ip2 lapse; under the day's cap each takes off what it counted (ip1 2,
    # ip2 4): the day is not counted again when ip1 lapses
    assert [e.cause for e in expiring] == [("v1",), ("v2",), ("ip1",), ("ip2",)]
    assert [e.points for e in expiring][2:] == [2, 4]
    assert expiring[0] == next(iter(expiring))
    assert expiring[:2] == tuple(expiring)[:2]
    assert list(iter(expiring)) == list(expiring)
    assert expiring == tuple(expiring)
    assert (expiring == 3) is False
    assert hash(expiring) == hash(tuple(expiring))
    assert repr(expiring) == repr(tuple(expiring))
    assert type(pickle.loads(pickle.dumps(expiring))) is tuple
    assert set(contributions) == {"trade", "ip", "ip_serious", "product_info"}
    assert len(contributions) == 4
    assert [c.violation_id for c in contributions["trade"]] == ["v1", "v2"]
    assert [c.points for c in contributions["trade"]] == [3, 3]
    assert [(c.points, c.counted) for c in contributions["ip"]] == [(2, 2), (6, 4)]
    assert contributions == dict(contributions)
    assert (contributions == 3) is False
    assert hash(contributions) == hash(immutabledict(dict(contributions)))
    assert repr(contributions) == repr(dict(contributions))
    assert type(pickle.loads(pickle.dumps(contributions))) is immutabledict


@pytest.mark.parametrize(
    "clone", [lambda v: pickle.loads(pickle.dumps(v)), copy.deepcopy], ids=["pickle", "deepcopy"]
)
def test_results_pickle_copy_and_compare(standing: penalties.Standing, clone: object) -> None:
    timeline = POLICY.evaluate(_history())
    what_if = POLICY.what_if(
        _history()[:2], _history()[2:], at=pendulum.datetime(2024, 3, 10, tz=SH)
    )
    for value in (standing, timeline, what_if, POLICY):
        again = clone(value)  # type: ignore[operator]
        assert again == value
        assert hash(again) == hash(value)
    again = clone(timeline)  # type: ignore[operator]
    assert again.changes == timeline.changes
    assert again.sanctions == timeline.sanctions
    at = pendulum.datetime(2024, 3, 5, tz=SH)
    assert again.at(at) == timeline.at(at)


def test_a_standing_read_from_its_document_equals_it(standing: penalties.Standing) -> None:
    from penalties.io import dumps, loads

    back = loads(dumps(standing))
    assert isinstance(back, penalties.Standing)
    assert back == standing
    assert hash(back) == hash(standing)
    assert type(back.changes) is tuple
    assert type(back.expiring) is tuple


def test_a_timeline_equals_another_of_the_same_policy_and_events() -> None:
    events = _history()
    assert POLICY.evaluate(events) == POLICY.evaluate(list(reversed(events)))
    assert POLICY.evaluate(events) != POLICY.evaluate(events[:-1])
    assert (POLICY.evaluate(events) == "timeline") is False


def test_deferred_events_read_the_callers_rows_in_canonical_order() -> None:
    rows: list[tuple[int, str, str, str | None, int | None]] = [
        (30, "c", "fraud", None, 3),
        (10, "a", "spam", "minor", None),
        (20, "b", "fraud", None, None),
    ]
    made: list[list[int]] = []

    def make(order: list[int]) -> tuple[Event, ...]:
        made.append(order)
        return ()

    deferred = DeferredEvents(make, [1, 2, 0], rows)
    assert deferred.of_kinds(frozenset({"spam", "fraud"})) == [
        (10, "a", "spam"),
        (20, "b", "fraud"),
        (30, "c", "fraud"),
    ]
    assert deferred.of_kinds(frozenset({"fraud"})) == [(20, "b", "fraud"), (30, "c", "fraud")]
    assert deferred.of_kinds(frozenset()) == []
    assert made == []
    assert deferred.build() == ()
    assert made == [[1, 2, 0]]
