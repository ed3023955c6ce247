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
        mock.patch.object(frames, "_VECTOR_ROWS", 0),
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


# ------------------------------------------------- instants and accounts read by pyarrow

_DIGITS = st.text("0123456789", min_size=1, max_size=3)
_ISO_CELLS = st.builds(
    lambda y, mo, d, sep, h, mi, sec, frac, off: (
        f"{y:04d}-{mo:02d}-{d:02d}{sep}{h:02d}:{mi:02d}{sec}{frac if sec else ''}{off}"
    ),
    st.sampled_from([1800, 1900, 1901, 1970, 2023, 2024, 2100, 2198, 2199]),
    st.integers(0, 13),
    st.integers(0, 32),
    st.sampled_from(["T", " ", "t"]),
    st.integers(0, 25),
    st.integers(0, 60),
    st.sampled_from(["", ":00", ":59", ":60", ":7"]),
    st.sampled_from(["", ".5", ".123456", ".1234567"]) | _DIGITS.map(lambda d: "." + d),
    st.sampled_from(["Z", "z", "+08:00", "-23:59", "+24:00", "+05:45", "+0800", "", "+08"]),
)


@settings(max_examples=examples(200))
@given(cells=st.lists(_ISO_CELLS | st.none() | st.sampled_from(["", " x"]), max_size=12))
def test_pyarrow_instants_are_the_entrys_own(cells: list[str | None]) -> None:
    """Each instant pyarrow proves is the one ``_key`` reads; a cell ``_key`` takes is proved
    whenever every cell of the column parses."""
    import pyarrow as pa

    from penalties._columns import _key

    for values in (cells, pa.chunked_array([pa.array(cells, pa.string())])):
        keys = frames._instant_keys(values)
        if keys is None:
            continue
        assert len(keys) == len(cells)
        for key, cell in zip(keys, cells, strict=True):
            assert key is None or key == _key(cell)
    readable = [
        _key(c) is not None
        for c in cells
        if c and frames._ISO.fullmatch(c) and 1900 < int(c[:4]) < 2199
    ]
    if all(readable):  # pyarrow parses every candidate: each cell gets _key's instant
        expected = [_key(c) for c in cells]
        keys = frames._instant_keys(cells)
        assert keys == (None if all(k is None for k in expected) else expected)


def test_pyarrow_timestamps_are_read_as_microseconds() -> None:
    import pyarrow as pa

    from penalties._columns import _key

    stamps = [
        dt.datetime(2024, 3, 1, 10, 0, 0, 123456, tzinfo=ZONE),
        None,
        dt.datetime(1901, 1, 1, 0, 30, tzinfo=dt.UTC),
        dt.datetime(2198, 12, 31, 23, tzinfo=dt.UTC),
    ]
    assert (
        exact(dt.datetime(1901, 1, 2, tzinfo=dt.UTC)),
        exact(dt.datetime(2198, 12, 30, tzinfo=dt.UTC)),
    ) == (frames._EARLIEST, frames._LATEST)
    array = pa.array(stamps, pa.timestamp("us", tz="Asia/Shanghai"))
    keys = frames._instant_keys(array)
    assert keys == [_key(array[0].as_py()), None, None, None]  # the edges go to _key
    assert frames._instant_keys(pa.array(stamps, pa.timestamp("ns", tz="UTC"))) is None
    assert frames._instant_keys(pa.array(stamps, pa.timestamp("us"))) is None  # naive


@settings(max_examples=examples(100))
@given(
    accounts=st.lists(st.sampled_from(["b", "a", "c", "é"]), min_size=1, max_size=12)
    | st.lists(st.integers(-3, 3), min_size=1, max_size=12)
)
def test_pyarrow_groups_accounts_as_the_dict_does(accounts: list[Any]) -> None:
    import pyarrow as pa

    for array in (pa.array(accounts), pa.chunked_array([accounts[:2], accounts[2:]])):
        groups = frames._group_arrow(array)
        assert groups == list(frames._group(accounts, "account").items())
    assert frames._group_arrow(pa.array([*accounts, None])) is None  # _group names the row
    assert frames._group_arrow(pa.array([1.5, 2.5])) is None


_TYPED_ATS = st.sampled_from(
    [
        "2024-03-01T10:00:00+08:00",
        "2024-03-01 10:00+05:45",
        "2024-03-01T02:00:00.5Z",
        "2024-02-30T10:00:00+08:00",
        "1800-03-01T10:00:00+08:00",
        "2024-03-01T10:00:00",
        "",
        None,
    ]
)


@st.composite
def typed_tables(draw: st.DrawFn) -> dict[str, list[Any]]:
    """Junk tables whose columns each hold one type of cell (what a pyarrow table holds)."""
    n = draw(st.integers(1, 14))

    def column(cells: st.SearchStrategy[Any]) -> list[Any]:
        return draw(st.lists(cells, min_size=n, max_size=n))

    return {
        "account": column(st.sampled_from(["a", "b", "c"])),
        "id": column(st.sampled_from(["v1", "v2", "v3", "", " ", "é1", None])),
        "kind": column(st.sampled_from(["unfair_competition", "product_info", "nope", None])),
        "at": column(_TYPED_ATS),
        "severity": column(st.sampled_from(["general", "serious", "huge", None])),
        "points": column(st.sampled_from([None, 0, 3, 12, -1, MAX_POINTS + 1])),
    }


def _arrow_outcome(columns: dict[str, list[Any]], fast: bool) -> tuple[Any, ...]:
    """evaluate_many's rows (or its error) for a pyarrow table, the column entry on or off."""
    import pyarrow as pa

    table = pa.table(
        {k: pa.array(v, pa.int64() if k == "points" else pa.string()) for k, v in columns.items()}
    )
    with (
        mock.patch.object(frames, "_COLUMN_ENTRY", fast),
        mock.patch.object(frames, "_VECTOR_ROWS", 0),  # pyarrow reads even these small tables
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        try:
            out = frames.evaluate_many(
                get_policy("aliexpress"),
                table,
                at="2024-06-01T00:00:00+08:00",
                processes=1,
                errors="collect",
            )
        except frames.InvalidTableError as exc:
            return ("error", str(exc))
    return ("rows", out.to_pylist())


@settings(max_examples=examples(100))
@given(columns=typed_tables())
def test_pyarrow_tables_give_the_object_paths_table(columns: dict[str, list[Any]]) -> None:
    assert _arrow_outcome(columns, True) == _arrow_outcome(columns, False)
