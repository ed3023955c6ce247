"""penalties._columns and engine.replay_rows: the column entry gives what the object path gives.

Two guarantees, each checked against the object path (``Violation`` per row, then
``Policy.evaluate``) rather than against fixed answers:
- the same timeline (events, changes, sanctions, standings) for every policy's histories;
- the same output table, error messages included, for tables of junk cells, whichever path
  each account takes.
"""

from __future__ import annotations

import datetime as dt
import pickle
import warnings
from typing import Any
from unittest import mock

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalties import Violation, frames, get_policy, list_policies
from penalties._columns import vouch
from penalties._time import exact
from penalties.engine import replay_rows
from penalties.errors import PenaltiesError
from penalties.events import MAX_POINTS, Event
from penalties.strategies import violations
from tests.helpers import examples

POLICIES = [get_policy(code) for code in list_policies()]


def _rows(events: list[Violation]) -> list[tuple[int, str, str, str | None, int | None]]:
    return [(exact(v.at), v.id, v.kind, v.severity, v.points) for v in events]


def _replayed(policy: Any, events: list[Violation]) -> Any:
    def build(order: list[int]) -> tuple[Event, ...]:
        return tuple(events[i] for i in order)

    return replay_rows(policy, _rows(events), build)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.code)
@settings(max_examples=examples(15))
@given(data=st.data())
def test_replay_rows_gives_the_timeline_of_evaluate(policy: Any, data: st.DataObject) -> None:
    events = data.draw(
        st.lists(violations(policy), max_size=12, unique_by=lambda v: v.id), label="events"
    )
    with warnings.catch_warnings(record=True) as slow_log:
        warnings.simplefilter("always")
        slow = policy.evaluate(events)
    with warnings.catch_warnings(record=True) as fast_log:
        warnings.simplefilter("always")
        fast = _replayed(policy, events)
    assert [str(w.message) for w in fast_log] == [str(w.message) for w in slow_log]
    assert fast.notes == slow.notes
    assert fast.changes == slow.changes
    assert fast.sanctions == slow.sanctions
    probes = [v.at for v in events] + [v.at.add(days=d) for v in events[:3] for d in (7, 90, 366)]
    for at in probes:
        assert fast.at(at) == slow.at(at)
    assert fast.events == slow.events
    assert fast == slow
    assert pickle.loads(pickle.dumps(fast)) == slow


def test_errors_are_the_object_paths() -> None:
    policy = get_policy("aliexpress")
    at = "2024-03-01T10:00:00+08:00"
    for bad in (
        [Violation("a", "no_such_kind", at, points=3)],
        [Violation("a", "unfair_competition", at, severity="huge")],
        [Violation("a", "unfair_competition", at)],
    ):
        with pytest.raises(PenaltiesError) as slow:
            policy.evaluate(bad)
        with pytest.raises(PenaltiesError) as fast:
            _replayed(policy, bad)
        assert type(fast.value) is type(slow.value)
        assert str(fast.value) == str(slow.value)


def test_events_are_built_only_when_read() -> None:
    policy = get_policy("aliexpress")
    events = [
        Violation("b", "unfair_competition", "2024-03-02T10:00:00+08:00", "serious"),
        Violation("a", "unfair_competition", "2024-03-01T10:00:00+08:00", "general"),
    ]
    calls: list[list[int]] = []

    def build(order: list[int]) -> tuple[Event, ...]:
        calls.append(order)
        return tuple(events[i] for i in order)

    timeline = replay_rows(policy, _rows(events), build)
    standing = timeline.at("2024-03-03T00:00:00+08:00")
    assert standing.points["trade"] == 15
    assert calls == []
    assert [e.id for e in timeline.events] == ["a", "b"]  # canonical order
    assert calls == [[1, 0]]
    assert timeline.events is timeline.events  # built once


# ---------------------------------------------------------------------- tables of junk cells

ZONE = dt.timezone(dt.timedelta(hours=8))
_IDS = st.sampled_from(["v1", "v2", "v3", "", " ", "é1", "a\x00", None]) | st.integers(0, 3)
_KINDS = st.sampled_from(
    ["unfair_competition", "ip_infringement", "trade", "product_info", "nope", "", None, "Trade"]
)
_ATS = st.sampled_from(
    [
        "2024-03-01T10:00:00+08:00",
        "2024-03-01T10:00:00.123456+08:00",
        "2024-03-01 10:00+05:45",
        "2024-03-01T02:00:00Z",
        "2024-02-30T10:00:00+08:00",
        "2024-03-01T10:00:00",
        "2024-03-01",
        " 2024-03-01T10:00:00+08:00",
        "2024-03-01T10:00:00+05:45:30",
        "1800-03-01T10:00:00+08:00",
        "2024-03-01T10:00:00.1234567+08:00",
        "",
        None,
    ]
) | st.sampled_from(
    [
        dt.datetime(2024, 3, 2, 9, tzinfo=ZONE),
        dt.datetime(2024, 3, 2, 9),
        pendulum.datetime(2024, 11, 3, 1, 30, tz="America/Los_Angeles").replace(fold=1),
        1.5,
    ]
)
_SEVERITIES = st.sampled_from(["general", "serious", "especially_serious", "huge", "", None, 3])
_POINTS = st.sampled_from([None, 0, 3, 12, -1, MAX_POINTS, MAX_POINTS + 1, 3.0, 3.5, "3", True])


@st.composite
def junk_tables(draw: st.DrawFn) -> dict[str, list[Any]]:
    n = draw(st.integers(1, 14))
    columns: dict[str, list[Any]] = {
        "account": draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n)),
        "id": [draw(_IDS) for _ in range(n)],
        "kind": [draw(_KINDS) for _ in range(n)],
        "at": [draw(_ATS) for _ in range(n)],
        "severity": [draw(_SEVERITIES) for _ in range(n)],
        "points": [draw(_POINTS) for _ in range(n)],
    }
    if draw(st.booleans()):
        columns["note"] = [draw(st.sampled_from([None, "", "x"])) for _ in range(n)]
    if draw(st.booleans()):
        columns["type"] = [
            draw(st.sampled_from(["violation", " violation", "appeal", None])) for _ in range(n)
        ]
    # Mixed cell types: each column as Python objects (a pandas object column's view).
    return columns


def _outcome(columns: dict[str, list[Any]], fast: bool) -> tuple[Any, ...]:
    """evaluate_many's rows (or its error) with the column entry on or off."""
    import pandas as pd

    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})
    with (
        mock.patch.object(frames, "_COLUMN_ENTRY", fast),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        try:
            out = frames.evaluate_many(
                get_policy("aliexpress"),
                frame,
                at="2024-06-01T00:00:00+08:00",
                processes=1,
                errors="collect",
            )
        except frames.InvalidTableError as exc:
            return ("error", str(exc))
    return ("rows", out.to_dict("records"))


@settings(max_examples=examples(150))
@given(columns=junk_tables())
def test_junk_tables_give_the_object_paths_table(columns: dict[str, list[Any]]) -> None:
    assert _outcome(columns, True) == _outcome(columns, False)


def test_vouch_takes_plain_violations_and_leaves_the_rest() -> None:
    names = ("id", "kind", "at", "severity", "points")
    good = ("v1", "unfair_competition", "2024-03-01T10:00:00+08:00", "general", None)
    assert vouch(names, [good], None, [0]) == (
        [(exact(pendulum.parse(good[2])), "v1", "unfair_competition", "general", None)],
        [0],
    )
    for cell, at in (("2024-03-01T10:00:00+05:45:30", 2), ("2024-03-01", 2), (" v1", 0)):
        row = list(good)
        row[at] = cell
        if at == 0:
            assert vouch(names, [tuple(row)], None, [0]) is not None  # " v1" is valid text
        else:
            assert vouch(names, [tuple(row)], None, [0]) is None
    assert vouch(names, [good, good], None, [0, 1]) is None  # a duplicate id
    assert vouch(names, [(None,) * 5, good], None, [0, 1]) == (
        vouch(names, [good], None, [0])[0],  # type: ignore[index]
        [1],
    )
