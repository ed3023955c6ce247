"""A replay leaves the process as it found it: the engine never touches the garbage collector
(it once paused it for long replays, which undid a user's own ``gc.disable()``), and long
replays give the same results on several threads at once."""

from __future__ import annotations

import gc
import random
import threading
from collections.abc import Iterator

import pendulum
import pytest

import penalties
from penalties import Timeline, Violation

KINDS = [
    ("unfair_competition", "general", None),
    ("false_shipment", "general", None),
    ("ip_infringement", "general", 2),
    ("ip_infringement", "serious", None),
    ("prohibited_goods", None, None),
    ("product_info", None, 1),
]


def history(n: int, seed: int = 1) -> list[Violation]:
    rng = random.Random(seed)
    start = pendulum.datetime(2018, 1, 1, tz="Asia/Shanghai")
    out = []
    for i in range(n):
        kind, severity, points = rng.choice(KINDS)
        at = start.add(seconds=rng.randrange(8 * 365 * 86400))
        out.append(Violation(f"v{i}", kind, at, severity=severity, points=points))
    return out


def snapshot(timeline: Timeline) -> tuple[object, ...]:
    probe = timeline.events[len(timeline.events) // 2].at
    standing = timeline.at(probe)
    return (
        timeline.changes,
        timeline.sanctions,
        timeline.notes,
        dict(standing.points),
        standing.status,
        standing.expiring,
    )


@pytest.fixture
def collector_untouchable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any call that changes the collector's state fails the test."""

    def refuse(*args: object) -> None:
        raise AssertionError("the engine changed the garbage collector's state")

    was = gc.isenabled()
    for name in ("disable", "enable", "freeze", "unfreeze", "set_threshold"):
        monkeypatch.setattr(gc, name, refuse)
    yield
    assert gc.isenabled() == was


def test_a_long_replay_never_touches_the_collector(collector_untouchable: None) -> None:
    policy = penalties.get_policy("aliexpress")
    timeline = policy.evaluate(history(3_000))
    assert snapshot(timeline)


def test_a_disabled_collector_stays_disabled() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        penalties.get_policy("aliexpress").evaluate(history(2_000))
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_replays_on_several_threads_give_the_same_results() -> None:
    policy = penalties.get_policy("aliexpress")
    events = history(1_200, seed=2)
    expected = snapshot(policy.evaluate(events))
    results: list[tuple[object, ...]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(snapshot(policy.evaluate(events)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == [expected] * 4
