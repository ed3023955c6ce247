"""Fuzz targets for the loaders of :mod:`penalties.io`, and a mutation-based smoke run.

Each target takes raw bytes. Loading may fail only with a :class:`~penalties.PenaltiesError`;
whatever loads must survive the round trip back to the same format, and events are evaluated
under a policy. Any other exception (or a failed assertion) is a bug.

The targets need neither atheris nor a network: ``fuzz/run.py`` drives them with atheris, and
:func:`smoke` (used by the tests and by ``fuzz/run.py --smoke``) drives them with deterministic
mutations of :func:`seeds`.
"""

from __future__ import annotations

import random
import traceback
import warnings
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Literal

import penalties
from penalties import Appeal, AppealOutcome, PenaltiesError, Policy, Violation
from penalties.demo import demo_history
from penalties.io import (
    dump_policy,
    dumps,
    dumps_csv,
    dumps_jsonl,
    load_policy,
    loads,
    loads_csv,
    loads_jsonl,
)

__all__ = ["TARGETS", "inputs", "mutate", "run_one", "seeds", "smoke"]

Target = Callable[[bytes], None]

ALIEXPRESS = penalties.get_policy("aliexpress")


def _evaluate(policy: Policy, events: list[penalties.Event]) -> None:
    """Evaluate ``events`` and query a few instants; only PenaltiesError may escape."""
    try:
        timeline = policy.evaluate(events)
        for event in events[:3]:
            timeline.at(event.at).explain()
    except PenaltiesError:
        pass


def _events_round_trip(events: list[penalties.Event]) -> None:
    assert loads(dumps(events)) == events
    assert loads_jsonl(dumps_jsonl(events)) == events
    try:
        text = dumps_csv(events)
    except PenaltiesError:  # plans and blank texts have no CSV form
        return
    assert loads_csv(text) == events


def json_document(data: bytes) -> None:
    """``loads`` (every document format), then the round trip of what it read."""
    try:
        result = loads(data)
    except PenaltiesError:
        return
    assert loads(dumps(result)) == result
    if isinstance(result, list):
        _events_round_trip(result)
        _evaluate(ALIEXPRESS, result)


def csv_events(data: bytes) -> None:
    """``loads_csv``, then the round trip of the events it read."""
    try:
        events = loads_csv(data)
    except PenaltiesError:
        return
    _events_round_trip(events)
    _evaluate(ALIEXPRESS, events)


def jsonl_events(data: bytes) -> None:
    """``loads_jsonl``, then the round trip of the events it read."""
    try:
        events = loads_jsonl(data)
    except PenaltiesError:
        return
    _events_round_trip(events)
    _evaluate(ALIEXPRESS, events)


def _probe_history(policy: Policy) -> list[penalties.Event]:
    """A small history booking to every ledger (its generic kind, explicit points)."""
    events: list[penalties.Event] = []
    for i, ledger in enumerate(policy.ledgers[:4]):
        for j, points in enumerate((3, 12, 40)):
            at = f"2024-0{1 + j}-1{i}T10:00:00+08:00"
            events.append(Violation(f"v{i}-{j}", ledger.code, at, points=points))
        decided = f"2024-04-1{i}T10:00:00+08:00"
        events.append(
            Appeal(f"v{i}-1", f"2024-03-1{i}T10:00:00+08:00", decided, AppealOutcome.GRANTED)
        )
    return events


def policy_file(data: bytes) -> None:
    """``load_policy`` as TOML and as JSON, the round trip, and an evaluation."""
    formats: tuple[Literal["toml", "json"], ...] = ("toml", "json")
    for fmt in formats:
        try:
            policy = load_policy(data, format=fmt, allow_file_extends=False)
        except PenaltiesError:
            continue
        assert load_policy(dump_policy(policy)) == policy
        assert loads(dumps(policy)) == policy
        _evaluate(policy, _probe_history(policy))


TARGETS: dict[str, Target] = {
    "json": json_document,
    "csv": csv_events,
    "jsonl": jsonl_events,
    "policy": policy_file,
}
"""Every fuzz target by name."""


# --------------------------------------------------------------------------- seeds


def _lazada_toml() -> bytes:
    return (resources.files("penalties.platforms") / "data" / "lazada.toml").read_bytes()


def seeds(target: str) -> list[bytes]:
    """A small seed corpus for ``target``: valid inputs of every shape, and a few broken ones."""
    history = list(demo_history())
    policy = penalties.get_policy("aliexpress")
    timeline = policy.evaluate(history)
    if target == "json":
        standing = timeline.at("2024-06-01T00:00:00+08:00")
        what_if = policy.what_if(history[:4], history[4:6], "2024-06-01T00:00:00+08:00")
        texts = [
            dumps(history),
            dumps(history[:1]),
            dumps(penalties.get_policy("shopee", market="PH")),
            dumps(standing),
            dumps(timeline),
            dumps(what_if),
            '{"format": "penalties.events", "version": 1, "events": []}',
        ]
    elif target == "csv":
        texts = [
            dumps_csv(history),
            "id,kind,at,severity,points\nv1,unfair_competition,2024-03-01T10:00:00+08:00,"
            "serious,\nv2,ip_infringement,2024-03-02T10:00:00Z,general,2\n",
            '\ufeffid,kind,at,note\r\nv1,k,2024-03-01T10:00:00+08:00,"a, b"\r\n',
        ]
    elif target == "jsonl":
        texts = [
            dumps_jsonl(history),
            '{"type": "violation", "id": "v1", "kind": "unfair_competition", '
            '"at": "2024-03-01T10:00:00+08:00", "severity": "serious"}\n',
        ]
    elif target == "policy":
        texts = [
            _lazada_toml().decode("utf-8"),
            dump_policy(penalties.get_policy("shopee", market="PH")),
            dump_policy(penalties.get_policy("taobao")),
            dump_policy(penalties.get_policy("aliexpress"), format="json"),
            'version = 1\nextends = {policy = "lazada", market = "SG"}\nname = "x"\n',
        ]
    else:
        raise KeyError(f"unknown fuzz target {target!r}; targets: {', '.join(TARGETS)}")
    return [t.encode("utf-8") for t in texts]


# --------------------------------------------------------------------------- smoke mode

_TOKENS = [
    *(
        b'"|{|}|[|]|,|:|\n|\r\n|\x00|\xef\xbb\xbf|\xff|null|true|-1|0|1e999|1.5|NaN|T|Z|+14:00|-23:59'
        b"|24:00|0000-01-01T00:00:00+01:00|9999-12-31T23:59:59-01:00|2024-02-30|=|[[ledgers]]|type"
        b"|every = true|points = 1|days = 99999999|\\u0000|\\ud800|\t| |;"
    ).split(b"|"),
    b"9" * 400,
    b"[" * 50,
]


def mutate(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    """One random edit of ``data``: flip, insert, delete, duplicate, truncate or splice."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        pos = rng.randint(0, len(buf))
        if op == 0 and buf:
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos:pos] = rng.choice(_TOKENS)
        elif op == 2 and buf:
            del buf[pos : pos + rng.randint(1, 16)]
        elif op == 3 and buf:
            chunk = buf[pos : pos + rng.randint(1, 64)]
            buf[pos:pos] = chunk
        elif op == 4:
            del buf[pos:]
        elif op == 5 and others:
            other = rng.choice(others)
            cut = rng.randint(0, len(other))
            buf[pos:] = other[cut:]
        else:
            i = rng.randrange(len(buf) + 1)
            buf[i:i] = bytes([rng.randrange(256)])
    return bytes(buf)


def inputs(target: str, runs: int, seed: int) -> Iterator[bytes]:
    """The seeds of ``target``, then ``runs`` deterministic mutations of them."""
    corpus = seeds(target)
    yield from corpus
    rng = random.Random(f"{target}:{seed}")
    for _ in range(runs):
        yield mutate(rng, rng.choice(corpus), corpus)


def run_one(target: str, data: bytes) -> None:
    """Run ``target`` on ``data`` with the library's warnings silenced (a points mismatch in a
    fuzzed history is expected, not a bug)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", penalties.PenaltiesWarning)
        TARGETS[target](data)


def smoke(target: str, *, runs: int = 500, seed: int = 0) -> list[tuple[bytes, str]]:
    """Feed ``target`` its seeds and ``runs`` mutations; return ``(input, traceback)`` for
    every input that raised anything but a PenaltiesError (an empty list: no bug found)."""
    failures: list[tuple[bytes, str]] = []
    for data in inputs(target, runs, seed):
        try:
            run_one(target, data)
        except Exception:
            failures.append((data, traceback.format_exc()))
    return failures
