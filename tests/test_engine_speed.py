"""The speed-ups keep results identical: the garbage-collector pause of long replays, and the
epoch keys the engine hands to the Timeline's query indices."""

from __future__ import annotations

import gc
import random
import threading
from collections.abc import Iterator

import attrs
import pendulum
import pytest

import penalties
import penalties.engine as engine
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


@pytest.fixture
def gc_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


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


def test_a_long_replay_pauses_the_collector_and_gives_the_same_result(
    monkeypatch: pytest.MonkeyPatch, gc_restored: None
) -> None:
    policy = penalties.get_policy("aliexpress")
    events = history(engine._GC_PAUSE_FROM + 200)
    seen: list[bool] = []
    run = engine._Replay.run

    def spy(self: engine._Replay) -> None:
        seen.append(gc.isenabled())
        run(self)

    monkeypatch.setattr(engine._Replay, "run", spy)
    gc.enable()
    paused = policy.evaluate(events)
    assert seen == [False]
    assert gc.isenabled()
    monkeypatch.setattr(engine, "_GC_PAUSE_FROM", 10**9)
    unpaused = policy.evaluate(events)
    assert seen == [False, True]
    assert snapshot(paused) == snapshot(unpaused)


def test_a_disabled_collector_stays_disabled(gc_restored: None) -> None:
    gc.disable()
    penalties.get_policy("aliexpress").evaluate(history(engine._GC_PAUSE_FROM))
    assert not gc.isenabled()


def test_the_collector_comes_back_after_a_failed_replay(
    monkeypatch: pytest.MonkeyPatch, gc_restored: None
) -> None:
    def boom(self: engine._Replay) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine._Replay, "run", boom)
    gc.enable()
    with pytest.raises(RuntimeError, match="boom"):
        penalties.get_policy("aliexpress").evaluate(history(engine._GC_PAUSE_FROM))
    assert gc.isenabled()


def test_replays_on_several_threads_restore_the_collector_once_all_are_done(
    gc_restored: None,
) -> None:
    policy = penalties.get_policy("aliexpress")
    events = history(engine._GC_PAUSE_FROM + 50, seed=2)
    expected = snapshot(policy.evaluate(events))
    gc.enable()
    results: list[tuple[object, ...]] = []
    barrier = threading.Barrier(3)

    def work() -> None:
        barrier.wait()
        results.append(snapshot(policy.evaluate(events)))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 3
    assert gc.isenabled()
    assert engine._gc_pausers == 0


def test_a_timeline_without_the_engine_keys_answers_the_same() -> None:
    policy = penalties.get_policy("aliexpress")
    events = history(300, seed=3)
    timeline = policy.evaluate(events)
    rebuilt = attrs.evolve(timeline, keys=None)
    for event in events[::17]:
        for at in (event.at, event.at.add(days=200), event.at.subtract(seconds=1)):
            a, b = timeline.at(at), rebuilt.at(at)
            assert (a.points, a.sanctions, a.expiring, a.appeal_windows) == (
                b.points,
                b.sanctions,
                b.expiring,
                b.appeal_windows,
            )
