"""penalties.frames: event tables in and out, and evaluate_many over many accounts."""

from __future__ import annotations

import datetime as dt
import pickle
import random
import sys
import warnings
from typing import Any

import pandas as pd
import pendulum
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from penalties import (
    Appeal,
    AppealOutcome,
    FundsDecision,
    FundsOutcome,
    MissingExtraError,
    Revocation,
    RevocationReason,
    SanctionKind,
    Violation,
    frames,
    get_policy,
)
from penalties._time import exact
from penalties.demo import demo_history
from penalties.errors import InvalidDocumentError
from penalties.events import Event
from penalties.frames import InvalidTableError
from penalties.io import dumps_csv, loads_csv
from penalties.strategies import histories
from tests.helpers import examples

POLICY = get_policy("aliexpress")
AT = "2025-01-01T00:00:00+08:00"


def _t(day: int, hour: int = 10, tz: str = "Asia/Shanghai") -> pendulum.DateTime:
    return pendulum.datetime(2024, 1, 1, hour, tz=tz).add(days=day)


def every_type() -> list[Event]:
    """One history holding every event type, with several offsets."""
    return [
        Violation("v1", "unfair_competition", _t(0), "serious", reference="C-1", note="first"),
        Violation("v2", "unfair_competition", _t(1, tz="Europe/Berlin"), "general", points=3),
        Violation("v3", "ip_infringement", _t(2), "general", 2, occurred_at=_t(1)),
        Appeal("v1", _t(3), _t(5), AppealOutcome.REDUCED, points_after=3),
        Appeal("v3", _t(4), None, AppealOutcome.PENDING),
        Revocation("v2", "2024-01-20T08:00:00-05:00", RevocationReason.RESOLVED, note="ok"),
        FundsDecision(_t(30), FundsOutcome.RELEASED),
        FundsDecision(_t(31), FundsOutcome.WITHHELD, violation_id="v1"),
    ]


def mixed_histories(accounts: int, seed: int = 3) -> dict[str, list[Event]]:
    """``accounts`` generated histories over every event type (shared with test_spark)."""
    rng = random.Random(seed)
    kinds = [
        ("unfair_competition", "general", None),
        ("unfair_competition", "serious", None),
        ("ip_infringement", "general", 2),
        ("ip_infringement", "serious", None),
    ]
    out: dict[str, list[Event]] = {}
    for a in range(accounts):
        start = pendulum.datetime(2023, 6, 1, tz=rng.choice(["Asia/Shanghai", "UTC"]))
        events: list[Event] = []
        for j in range(rng.randrange(0, 8)):
            kind, severity, points = rng.choice(kinds)
            at = start.add(days=rng.randrange(500), hours=rng.randrange(24))
            events.append(Violation(f"v{j}", kind, at, severity, points))
            roll = rng.random()
            if roll < 0.2:
                outcome = rng.choice([AppealOutcome.GRANTED, AppealOutcome.DENIED])
                events.append(Appeal(f"v{j}", at.add(days=1), at.add(days=4), outcome))
            elif roll < 0.3:
                events.append(Revocation(f"v{j}", at.add(days=2), RevocationReason.RETRACTED))
        if rng.random() < 0.2:
            events.append(FundsDecision(start.add(days=300), FundsOutcome.RELEASED))
        out[f"acct{a:04d}"] = events
    return out


def _offsets(events: list[Event]) -> list[object]:
    out: list[object] = []
    for e in events:
        for name in ("at", "filed_at", "decided_at", "occurred_at"):
            value = getattr(e, name, None)
            out.append(None if value is None else value.utcoffset())
    return out


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("library", ["pandas", "pyarrow"])
def test_round_trip_every_event_type_keeps_offsets(library: Any) -> None:
    events = every_type()
    table = frames.events_to_frame(events, library=library)
    back = frames.events_from_frame(table)
    assert back == events
    assert _offsets(back) == _offsets(events)
    assert {type(e) for e in back} == {Violation, Appeal, Revocation, FundsDecision}


def test_table_columns_are_the_csv_columns_and_agree_with_csv() -> None:
    events = every_type()
    table = frames.events_to_frame(events)
    header = dumps_csv(events).splitlines()[0].split(",")
    assert list(table.columns) == header
    assert table["at"][0] == "2024-01-01T10:00:00+08:00"
    assert str(table["points"].dtype) == "Int64"
    # The same table written as CSV text reads back to the same events.
    text = table.astype(object).where(table.notna(), "").to_csv(index=False)
    assert loads_csv(text) == frames.events_from_frame(table) == events


def test_many_accounts_round_trip_pandas_and_pyarrow() -> None:
    data = mixed_histories(20)
    for library in ("pandas", "pyarrow"):
        table = frames.events_to_frame(data, library=library)
        assert frames.events_from_frame(table, account="account") == {
            k: v for k, v in data.items() if v
        }


def test_account_value_for_one_history() -> None:
    table = frames.events_to_frame(every_type()[:2], account="A1")
    assert list(table["account"]) == ["A1", "A1"]
    assert frames.events_from_frame(table, account="account") == {"A1": every_type()[:2]}


def test_aware_timestamp_columns_are_read() -> None:
    table = pd.DataFrame(
        {
            "id": ["v1"],
            "kind": ["unfair_competition"],
            "severity": ["general"],
            "at": pd.to_datetime(["2024-03-01T10:00:00"]).tz_localize("Asia/Shanghai"),
        }
    )
    (event,) = frames.events_from_frame(table)
    assert event.at == pendulum.datetime(2024, 3, 1, 10, tz="Asia/Shanghai")
    arrow = pa.table(
        {
            "id": ["v1"],
            "kind": ["unfair_competition"],
            "at": pa.array(
                [dt.datetime(2024, 3, 1, 2, tzinfo=dt.UTC)], type=pa.timestamp("us", tz="UTC")
            ),
        }
    )
    (event,) = frames.events_from_frame(arrow)
    assert event.at == pendulum.datetime(2024, 3, 1, 2, tz="UTC")


def test_events_with_no_table_form_are_refused() -> None:
    from penalties.appeals import PlanOfAction

    plan = PlanOfAction(("cause",), ("fixed",), ("checks",))
    events = [
        Violation("v1", "unfair_competition", _t(0), "general"),
        Appeal("v1", _t(1), plan=plan),
    ]
    with pytest.raises(InvalidDocumentError, match="plan"):
        frames.events_to_frame(events)


# --------------------------------------------------------------------------- bad tables


def _violations(**columns: list[Any]) -> pd.DataFrame:
    base: dict[str, list[Any]] = {
        "id": ["v1", "v2"],
        "kind": ["unfair_competition", "unfair_competition"],
        "at": ["2024-03-01T10:00:00+08:00", "2024-03-02T10:00:00+08:00"],
        "severity": ["general", "serious"],
    }
    base.update(columns)
    return pd.DataFrame({k: v for k, v in base.items() if v})


@pytest.mark.parametrize(
    ("table", "row", "column", "words"),
    [
        (_violations(id=[]), 0, "id", "missing; a violation needs its id"),
        (_violations(at=["2024-03-01T10:00:00", None]), 0, "at", "no time zone"),
        (_violations(at=["2024-03-01T10:00:00+08:00", "soon"]), 1, "at", "not an ISO-8601"),
        (_violations(points=[3, "abc"]), 1, "points", "not a whole number"),
        (_violations(points=[3.0, 2.5]), 1, "points", "not a whole number"),
        (_violations(points=[-1, 2]), 0, None, "never negative"),
        (_violations(id=["v1", 7]), 1, "id", "not text"),
        (_violations(id=["v1", "v1"]), 1, "id", "duplicate violation id 'v1'"),
        (_violations(type=["violation", "apeal"]), 1, "type", "Did you mean 'appeal'"),
        (_violations(type=["violation", "appeal"]), 1, "id", "an appeal has no id"),
        (
            pd.DataFrame(
                {
                    "type": ["revocation"],
                    "violation_id": ["v1"],
                    "at": ["2024-03-01T10:00:00+08:00"],
                    "reason": ["gone"],
                }
            ),
            0,
            "reason",
            "not one of retracted, resolved, reversed",
        ),
    ],
)
def test_bad_cells_name_row_and_column(
    table: pd.DataFrame, row: int, column: str | None, words: str
) -> None:
    with pytest.raises(InvalidTableError, match=words) as info:
        frames.events_from_frame(table)
    assert info.value.row == row
    assert info.value.column == column
    assert f"row {row}" in str(info.value)
    if column:
        assert f"column {column!r}" in str(info.value)


def test_naive_timestamp_column_is_refused() -> None:
    table = _violations(at=list(pd.to_datetime(["2024-03-01", "2024-03-02"])))
    with pytest.raises(InvalidTableError, match="without a time zone") as info:
        frames.events_from_frame(table)
    assert info.value.column == "at"
    arrow = pa.table({"id": ["v1"], "kind": ["x"], "at": pa.array([dt.datetime(2024, 1, 1)])})
    with pytest.raises(InvalidTableError, match="tz_localize"):
        frames.events_from_frame(arrow)


def test_unknown_and_misspelt_columns() -> None:
    with pytest.raises(InvalidTableError, match="Did you mean 'severity'") as info:
        frames.events_from_frame(_violations(severty=["general", "general"]))
    assert info.value.column == "severty"
    with pytest.raises(InvalidTableError, match="without a 'type' column"):
        frames.events_from_frame(_violations(filed_at=["2024-03-01T10:00:00+08:00", None]))
    with pytest.raises(InvalidTableError, match="no such column"):
        frames.evaluate_many(POLICY, _violations(), at=AT)
    with pytest.raises(InvalidTableError, match="not list"):
        frames.events_from_frame([1, 2])


def test_missing_account_cell() -> None:
    table = _violations(account=["a", None])
    with pytest.raises(InvalidTableError, match="account is empty") as info:
        frames.evaluate_many(POLICY, table, at=AT)
    assert (info.value.row, info.value.column) == (1, "account")


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"penalties\[pandas\]"):
        frames.events_to_frame(every_type())


# --------------------------------------------------------------------------- evaluate_many


def _direct(policy: Any, data: dict[str, list[Event]], at: str) -> list[tuple[Any, ...]]:
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, events in data.items():
            s = policy.standing(events, at)
            rows.append(
                (
                    key,
                    s.status.name.lower(),
                    None if s.frozen_until is None else (exact(s.frozen_until), policy.timezone),
                    *(s.points[ledger.code] for ledger in policy.ledgers),
                    len(s.sanctions),
                )
            )
    return sorted(rows, key=lambda r: str(r[0]))


def _rows(result: pd.DataFrame, policy: Any) -> list[tuple[Any, ...]]:
    points = [f"points_{ledger.code}" for ledger in policy.ledgers]
    cols = ["account", "status", "frozen_until", *points, "sanctions"]
    out = []
    for rec in result[cols].itertuples(index=False):
        out.append(tuple(_plain(v) for v in rec))
    return sorted(out, key=lambda r: str(r[0]))


def _plain(value: Any) -> Any:
    """A frame cell as the test compares it: an instant as (epoch microseconds, zone name)."""
    if isinstance(value, pd.Timestamp):
        return (exact(pendulum.instance(value.to_pydatetime())), str(value.tz))
    if value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return value


def _table(data: dict[str, list[Event]]) -> pd.DataFrame:
    """The events of ``data``, and a row with its account alone for each empty history."""
    table = frames.events_to_frame(data)
    for key, events in data.items():
        if not events:
            table.loc[len(table), "account"] = key
    return table


def test_evaluate_many_matches_policy_standing() -> None:
    data = mixed_histories(60)
    table = _table(data)
    assert any(not events for events in data.values())
    result = frames.evaluate_many(POLICY, table, at=AT)
    assert list(result.columns[:4]) == ["account", "at", "status", "frozen_until"]
    assert _rows(result, POLICY) == _direct(POLICY, data, AT)
    assert set(result["at"]) == {pd.Timestamp(AT)}
    assert result["status"].isin(["good", "warned", "restricted", "frozen", "closed"]).all()


def test_pyarrow_in_pyarrow_out() -> None:
    table = pa.Table.from_pandas(_table(mixed_histories(10)), preserve_index=False)
    result = frames.evaluate_many(POLICY, table, at=AT)
    assert isinstance(result, pa.Table)
    expected = frames.evaluate_many(POLICY, table.to_pandas(), at=AT)
    assert result.to_pylist() == [
        {k: (None if v is pd.NA else v) for k, v in r.items()}
        for r in expected.astype(object).where(expected.notna(), None).to_dict("records")
    ]


def test_processes_give_identical_results(monkeypatch: pytest.MonkeyPatch) -> None:
    table = _table(mixed_histories(120, seed=9))
    one = frames.evaluate_many(POLICY, table, at=AT, processes=1)
    used: list[object] = []
    original = frames._policy_payload

    def spy(policy: Any) -> Any:
        used.append(policy)
        return original(policy)

    monkeypatch.setattr(frames, "PROCESS_THRESHOLD", 10)
    monkeypatch.setattr(frames, "_policy_payload", spy)
    calls: list[tuple[int, int]] = []
    two = frames.evaluate_many(
        POLICY, table, at=AT, processes=2, chunk_size=25, progress=lambda d, t: calls.append((d, t))
    )
    assert used == [POLICY]  # the pool ran
    pd.testing.assert_frame_equal(one, two)
    assert calls == [(25, 120), (50, 120), (75, 120), (100, 120), (120, 120)]


def test_pyarrow_tables_in_worker_processes_give_identical_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pyarrow table's rows reach the workers as Arrow IPC (rows of accounts interleaved);
    the rows, their order and the row numbers of errors are those of one process."""
    import random

    table = frames.events_to_frame(mixed_histories(60, seed=4), library="pyarrow")
    order = list(range(table.num_rows))
    random.Random(5).shuffle(order)
    rows = table.take(pa.array(order)).to_pylist()
    bad = next(i for i, r in enumerate(rows) if r["type"] == "violation")
    rows[bad]["at"] = "2024-02-30T10:00:00+08:00"  # no such day: the row and column named
    table = pa.Table.from_pylist(rows, schema=table.schema)
    monkeypatch.setattr(frames, "_VECTOR_ROWS", 16)
    one = frames.evaluate_many(POLICY, table, at=AT, processes=1, errors="collect")
    monkeypatch.setattr(frames, "PROCESS_THRESHOLD", 10)
    two = frames.evaluate_many(POLICY, table, at=AT, processes=2, chunk_size=7, errors="collect")
    assert one.equals(two)
    errors = [e for e in two.column("error").to_pylist() if e is not None]
    assert len(errors) == 1
    assert f"row {bad}, column 'at'" in errors[0]
    assert two.column("account").to_pylist() == list(dict.fromkeys(r["account"] for r in rows))


def test_errors_raise_names_the_account_or_collect(monkeypatch: pytest.MonkeyPatch) -> None:
    data = mixed_histories(30)
    table = _table(data)
    first, second = [k for k, v in data.items() if any(type(e) is Violation for e in v)][3:5]
    violations = table["type"] == "violation"
    bad = table.index[(table["account"] == first) & violations][0]
    table.loc[bad, "kind"] = "no_such_kind"
    bad_points = table.index[(table["account"] == second) & violations][0]
    table["points"] = table["points"].astype(object)
    table.loc[bad_points, "points"] = "many"
    with pytest.raises(InvalidTableError, match=f"account '{first}'.*UnknownViolationKind") as info:
        frames.evaluate_many(POLICY, table, at=AT)
    assert info.value.account == first
    for processes in (1, 2):
        monkeypatch.setattr(frames, "PROCESS_THRESHOLD", 1 if processes == 2 else 10**9)
        result = frames.evaluate_many(POLICY, table, at=AT, errors="collect", processes=processes)
        errors = dict(zip(result["account"], result["error"], strict=True))
        assert "no_such_kind" in errors[first]
        assert f"row {bad_points}, column 'points'" in errors[second]
        assert result["error"].notna().sum() == 2
        row = result[result["account"] == first].iloc[0]
        assert pd.isna(row["status"])
        assert row["points_trade"] is pd.NA
        good = {k: v for k, v in data.items() if k not in (first, second)}
        kept = result[result["error"].isna()]
        assert _rows(kept, POLICY) == _direct(POLICY, good, AT)


def test_at_column_per_account() -> None:
    data = mixed_histories(8)
    table = frames.events_to_frame(data)
    instants = {k: f"2024-{i + 1:02d}-15T00:00:00+08:00" for i, k in enumerate(data)}
    table["as_of"] = [instants[a] for a in table["account"]]
    result = frames.evaluate_many(POLICY, table, at="as_of")
    for key, events in data.items():
        if events:
            expected = _direct(POLICY, {key: events}, instants[key])
            assert _rows(result[result["account"] == key], POLICY) == expected
    table.loc[table.index[1], "as_of"] = "2030-01-01T00:00:00+00:00"
    with pytest.raises(InvalidTableError, match="one account is evaluated at one instant"):
        frames.evaluate_many(POLICY, table, at="as_of")
    with pytest.raises(InvalidTableError, match="event column"):
        frames.evaluate_many(POLICY, table, at="at")


def test_warnings_are_kept_per_account() -> None:
    table = pd.DataFrame(
        {
            "account": ["a", "b"],
            "id": ["v1", "v1"],
            "kind": ["unfair_competition"] * 2,
            "severity": ["general"] * 2,
            "points": [3, 7],  # 7 is not what the policy gives: a PointsMismatchWarning
            "at": ["2024-03-01T10:00:00+08:00"] * 2,
        }
    )
    result = frames.evaluate_many(POLICY, table, at=AT)
    assert pd.isna(result["warnings"][0])
    assert "7" in result["warnings"][1]


def test_bad_arguments() -> None:
    table = frames.events_to_frame(mixed_histories(2))
    with pytest.raises(InvalidTableError, match="processes=0"):
        frames.evaluate_many(POLICY, table, at=AT, processes=0)
    with pytest.raises(InvalidTableError, match="errors='ignore'"):
        frames.evaluate_many(POLICY, table, at=AT, errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(InvalidTableError, match="chunk_size"):
        frames.evaluate_many(POLICY, table, at=AT, chunk_size=0)


def test_sanctions_frame() -> None:
    timeline = POLICY.evaluate(every_type())
    frame = frames.sanctions_frame(timeline)
    assert list(frame["kind"]) == [s.kind.value for s in timeline.sanctions]
    assert list(frame.columns) == ["kind", "start", "end", "ledger", "cause", "reason", "threshold"]


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(histories(POLICY, max_size=6), min_size=1, max_size=4))
def test_evaluate_many_agrees_with_standing(accounts: list[list[Event]]) -> None:
    data = {f"a{i}": events for i, events in enumerate(accounts)}
    try:
        table = _table(data)
    except InvalidDocumentError:  # blank notes have no table form
        reject()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = _direct(POLICY, data, AT)
        except Exception:  # a history the policy refuses is not this test's subject
            reject()
    assert _rows(frames.evaluate_many(POLICY, table, at=AT), POLICY) == expected


# --------------------------------------------------------------------------- typed results


def _zone_dtype(zone: str) -> str:
    return f"datetime64[us, {zone}]"


def test_timeline_to_frame_has_timestamps_in_the_policy_zone() -> None:
    events = [
        Violation("v1", "unfair_competition", "2024-03-01T10:00:00.123456+01:00", "general"),
        Violation("v2", "unfair_competition", _t(100), "serious"),
    ]
    timeline = POLICY.evaluate(events)
    frame = timeline.to_frame()
    assert str(frame["at"].dtype) == _zone_dtype("Asia/Shanghai")
    # Exact to the microsecond, and the same instants as the changes.
    assert [_plain(t)[0] for t in frame["at"]] == [exact(c.at) for c in timeline.changes]
    assert frame["at"][0].isoformat() == "2024-03-01T17:00:00.123456+08:00"
    # What failed with pendulum objects: time-series operations.
    monthly = frame.set_index("at")["delta"].resample("MS").sum()
    assert monthly.index[0].isoformat() == "2024-03-01T00:00:00+08:00"
    assert frame["delta"].dtype == "int64"
    assert list(frame.columns) == ["at", "ledger", "delta", "balance", "cause", "reason"]
    assert frame.equals(frames.changes_frame(timeline))


def test_an_empty_timeline_frame_keeps_its_dtypes() -> None:
    frame = POLICY.evaluate([]).to_frame()
    assert len(frame) == 0
    assert str(frame["at"].dtype) == _zone_dtype("Asia/Shanghai")
    sanctions = frames.sanctions_frame(POLICY.evaluate([]))
    assert str(sanctions["start"].dtype) == _zone_dtype("Asia/Shanghai")
    assert isinstance(sanctions["kind"].dtype, pd.CategoricalDtype)


def test_sanctions_frame_dtypes() -> None:
    events = [
        Violation(f"v{i}", "unfair_competition", _t(30 * i, tz="Europe/Berlin"), "serious")
        for i in range(4)
    ]
    timeline = POLICY.evaluate(events)
    frame = frames.sanctions_frame(timeline)
    # start and end in one zone, the policy's (start was in a fixed offset before).
    assert str(frame["start"].dtype) == str(frame["end"].dtype) == _zone_dtype("Asia/Shanghai")
    closure = frame[frame["kind"] == "closure"].iloc[0]
    assert closure["end"] is pd.NaT  # open-ended
    kinds = frame["kind"].dtype
    assert isinstance(kinds, pd.CategoricalDtype)
    assert list(kinds.categories) == [k.value for k in SanctionKind]
    assert not kinds.ordered
    for row, sanction in zip(frame.itertuples(), timeline.sanctions, strict=True):
        assert _plain(row.start) == (exact(sanction.start), "Asia/Shanghai")
    assert (frame["end"] - frame["start"]).dropna().min() == pd.Timedelta(days=7)


def test_evaluate_many_dtypes_pandas() -> None:
    table = _table(mixed_histories(30))
    result = frames.evaluate_many(POLICY, table, at=AT)
    for column in ("at", "frozen_until"):
        assert str(result[column].dtype) == _zone_dtype("Asia/Shanghai"), column
    status = result["status"].dtype
    assert isinstance(status, pd.CategoricalDtype)
    assert status.ordered
    assert list(status.categories) == [
        "good",
        "warned",
        "restricted",
        "frozen",
        "suspended",
        "closed",
    ]
    # Ordered: "frozen or worse" is a comparison.
    worse = result[result["status"] >= "frozen"]
    assert set(worse["status"]) <= {"frozen", "suspended", "closed"}
    assert result["points_trade"].dtype == "int64"
    # The demo account on 12 March 2024: frozen until the 18th, 11:00 in Shanghai.
    demo = frames.events_to_frame({"demo": demo_history()})
    (row,) = frames.evaluate_many(POLICY, demo, at="2024-03-12T12:00:00+08:00").itertuples()
    assert row.status == "frozen"
    assert row.frozen_until.isoformat() == "2024-03-18T11:00:00+08:00"
    assert row.frozen_until - row.at == pd.Timedelta(days=5, hours=23)


def test_evaluate_many_collect_leaves_instants_empty() -> None:
    table = _violations()
    table.loc[1, "kind"] = "no_such_kind"
    table["account"] = ["a", "b"]
    result = frames.evaluate_many(POLICY, table, at=AT, errors="collect")
    assert str(result["at"].dtype) == _zone_dtype("Asia/Shanghai")
    assert result["at"][1] is pd.NaT
    assert pd.isna(result["status"][1])


def test_evaluate_many_dtypes_pyarrow() -> None:
    table = pa.Table.from_pandas(_table(mixed_histories(10)), preserve_index=False)
    result = frames.evaluate_many(POLICY, table, at=AT)
    assert result.schema.field("at").type == pa.timestamp("us", tz="Asia/Shanghai")
    assert result.schema.field("frozen_until").type == pa.timestamp("us", tz="Asia/Shanghai")
    status = result.schema.field("status").type
    assert pa.types.is_dictionary(status)
    assert status.ordered
    as_pandas = result.to_pandas()
    assert isinstance(as_pandas["status"].dtype, pd.CategoricalDtype)
    assert as_pandas["status"].dtype.ordered


# ------------------------------------------------------------------ polars and Arrow streams


pl = pytest.importorskip("polars")


def test_polars_round_trip_and_evaluation() -> None:
    events = every_type()
    table = frames.events_to_frame(events, library="polars")
    assert isinstance(table, pl.DataFrame)
    assert frames.events_from_frame(table) == events
    assert _offsets(frames.events_from_frame(table)) == _offsets(events)

    data = mixed_histories(12)
    many = frames.events_to_frame(data, library="polars")
    assert frames.events_from_frame(many, account="account") == {k: v for k, v in data.items() if v}
    result = frames.evaluate_many(POLICY, many, at=AT)
    assert isinstance(result, pl.DataFrame)
    assert result.schema["at"] == pl.Datetime("us", "Asia/Shanghai")
    assert result.schema["frozen_until"] == pl.Datetime("us", "Asia/Shanghai")
    assert result.schema["status"] == pl.Categorical
    expected = frames.evaluate_many(POLICY, frames.events_to_frame(data), at=AT)
    assert result["status"].to_list() == [str(s) for s in expected["status"]]
    assert result["points_trade"].to_list() == expected["points_trade"].tolist()


def test_polars_timestamps_are_read_and_naive_ones_refused() -> None:
    aware = pl.DataFrame(
        {
            "id": ["v1"],
            "kind": ["unfair_competition"],
            "severity": ["general"],
            "at": [dt.datetime(2024, 3, 1, 10)],
        }
    )
    with pytest.raises(InvalidTableError, match="without a time zone") as info:
        frames.events_from_frame(aware)
    assert info.value.column == "at"
    aware = aware.with_columns(pl.col("at").dt.replace_time_zone("Asia/Shanghai"))
    (event,) = frames.events_from_frame(aware)
    assert exact(event.at) == exact(pendulum.datetime(2024, 3, 1, 10, tz="Asia/Shanghai"))


class _Stream:
    """A table known only by the Arrow PyCapsule stream interface (as DuckDB, Polars, ... give)."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._table.__arrow_c_stream__(requested_schema)


def test_any_arrow_stream_is_accepted() -> None:
    events = every_type()
    arrow = frames.events_to_frame(events, library="pyarrow")
    assert frames.events_from_frame(_Stream(arrow)) == events
    many = frames.events_to_frame(mixed_histories(5), library="pyarrow")
    result = frames.evaluate_many(POLICY, _Stream(many), at=AT)
    assert isinstance(result, pa.Table)
    assert result.equals(frames.evaluate_many(POLICY, many, at=AT))


def test_missing_polars_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(MissingExtraError, match=r"penalties\[polars\]"):
        frames.events_to_frame(every_type(), library="polars")


# -- many policies in one table


def _shops() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account": ["ae-1", "sp-1", "ae-1", "sp-1", "lz-1", "bad"],
            "platform": ["aliexpress", "shopee", "aliexpress", "shopee", "lazada", "nosuch"],
            "market": [None, "PH", None, "PH", None, None],
            "id": ["v1", "s1", "v2", "s2", "l1", "x"],
            "kind": ["unfair_competition", "points", "unfair_competition", "points", "x", "y"],
            "at": ["2024-03-01T10:00:00+08:00"] * 6,
            "severity": ["serious", None, "general", None, None, None],
            "points": [None, 3, None, 12, None, None],
        }
    )


def test_one_table_of_many_platforms_evaluates_each_shop_under_its_own_policy() -> None:
    table = _shops()
    at = "2024-03-05T00:00:00+08:00"
    out = frames.evaluate_many("platform", table, market="market", at=at, errors="collect")
    assert list(out["account"]) == ["ae-1", "sp-1", "lz-1", "bad"]  # first appearance
    assert list(out.columns[:6]) == ["account", "policy", "market", "at", "status", "frozen_until"]
    assert list(out["policy"][:2]) == ["aliexpress", "shopee"]
    assert out["market"][1] == "PH"
    # Each row is what its own policy gives for its rows alone.
    for i, (code, market) in enumerate([("aliexpress", None), ("shopee", "PH")]):
        policy = get_policy(code, market=market)
        rows = table[table["account"] == out["account"][i]].drop(columns=["platform", "market"])
        alone = frames.evaluate_many(policy, rows, at=at)
        assert out["status"][i] == alone["status"][0]
        for ledger in policy.ledgers:
            assert out[f"points_{ledger.code}"][i] == alone[f"points_{ledger.code}"][0]
        assert exact(out["at"][i].to_pydatetime()) == exact(alone["at"][0].to_pydatetime())
    assert pd.isna(out["points_points"][0])  # AliExpress has no Shopee ledger
    assert str(out["at"].dtype) == "datetime64[us, UTC]"  # the zones differ
    assert "UnknownViolationKindError" in out["error"][2]  # Lazada has no kind 'x'
    assert "UnknownPolicyError" in out["error"][3]
    assert "column 'platform'" in out["error"][3]


def test_a_table_of_many_platforms_raises_its_first_problem_in_table_order() -> None:
    with pytest.raises(InvalidTableError, match="lz-1"):
        frames.evaluate_many("platform", _shops(), market="market", at=AT)


def test_an_account_follows_one_policy() -> None:
    table = _shops()
    table.loc[2, "platform"] = "shopee"
    out = frames.evaluate_many("platform", table, market="market", at=AT, errors="collect")
    assert "one account follows one policy" in out["error"][0]
    assert "row 2, column 'platform'" in out["error"][0]
    with pytest.raises(InvalidTableError, match="the name of the column naming each row's policy"):
        frames.evaluate_many(42, table, at=AT)  # type: ignore[arg-type]
    with pytest.raises(InvalidTableError, match="market= names the market column"):
        frames.evaluate_many(POLICY, table, market="market", at=AT)


def test_many_platforms_with_pyarrow_and_one_zone() -> None:
    table = pa.table(
        {
            "account": ["a", "b"],
            "platform": ["aliexpress", "taobao"],
            "id": ["v1", "t1"],
            "kind": ["unfair_competition", "general"],
            "at": ["2024-03-01T10:00:00+08:00"] * 2,
            "severity": ["serious", None],
            "points": [None, 12],
        }
    )
    out = frames.evaluate_many("platform", table, at=AT)
    assert out.column("policy").to_pylist() == ["aliexpress", "taobao"]
    assert str(out.schema.field("at").type) == "timestamp[us, tz=Asia/Shanghai]"
    assert out.column("points_trade").to_pylist() == [12, None]


ERP_AT = "2024-03-05T00:00:00+08:00"


def erp_shops() -> pd.DataFrame:
    """An ERP's table of shops on five platforms (shared with test_spark): one frozen, one
    restricted on each of two platforms, one with a sanction its own later event brings, one
    without events."""
    rows = [
        # account, platform, market, id, kind, at, severity, points
        (
            "ae-frozen",
            "aliexpress",
            None,
            "a1",
            "unfair_competition",
            "2024-03-01T10:00:00+08:00",
            "serious",
            None,
        ),
        (
            "ae-clean",
            "aliexpress",
            None,
            "a2",
            "false_shipment",
            "2024-03-02T10:00:00+08:00",
            "general",
            None,
        ),
        (
            "ae-later",
            "aliexpress",
            None,
            "a3",
            "unfair_competition",
            "2024-03-20T10:00:00+08:00",
            "serious",
            None,
        ),
        ("sp-ph", "shopee", "PH", "s1", "points", "2024-03-01T10:00:00+08:00", None, 3),
        ("sp-ph", "shopee", "PH", "s2", "points", "2024-03-02T10:00:00+08:00", None, 4),
        ("lz-1", "lazada", None, "l1", "brushing", "2024-03-01T10:00:00+08:00", None, 12),
        (
            "tt-th",
            "tiktok_shop",
            "TH",
            "t1",
            "ip_infringement",
            "2024-03-01T10:00:00+07:00",
            None,
            4,
        ),
        (
            "amz-de",
            "amazon",
            "DE",
            "z1",
            "suspected_ip_violation",
            "2024-03-01T10:00:00+01:00",
            "high",
            100,
        ),
        ("quiet", "shopee", "PH", None, None, None, None, None),
    ]
    names = ["account", "platform", "market", "id", "kind", "at", "severity", "points"]
    frame = pd.DataFrame(rows, columns=names)
    frame["points"] = frame["points"].astype("Int64")
    return frame


def test_next_sanction_columns_read_the_accounts_own_later_events() -> None:
    out = frames.evaluate_many("platform", erp_shops(), market="market", at=ERP_AT)
    row = out.set_index("account").loc["ae-later"]
    # Its serious violation on 20 March (15 local days after 5 March) freezes it then.
    assert row["days_to_next_sanction"] == 15
    assert row["next_sanction_at"].isoformat() == "2024-03-20T02:00:00+00:00"
    assert row["status"] == "good"
    frozen = out.set_index("account").loc["ae-frozen"]
    assert pd.isna(frozen["days_to_next_sanction"])  # nothing is guessed
    assert frozen["to_next_threshold"] == 1
    assert frozen["next_threshold"] == "ip_serious: strike 1: 1-day freeze"
    assert str(out["days_to_next_sanction"].dtype) == "Int64"
    # Calendar days in the policy's zone: 23:30 to 00:30 the next local day is one day.
    late = frames.events_to_frame(
        {
            "a": [
                Violation(
                    "v1", "unfair_competition", "2024-03-02T00:30:00+08:00", severity="serious"
                )
            ]
        }
    )
    one = frames.evaluate_many(POLICY, late, at="2024-03-01T23:30:00+08:00")
    assert one["days_to_next_sanction"].tolist() == [1]


def test_risk_summary_sorts_worst_first_then_by_days_and_points_to_go() -> None:
    shops = erp_shops()
    bad = pd.DataFrame({"account": ["bad"], "platform": ["nosuch"], "id": ["x"], "kind": ["y"],
                        "at": ["2024-03-01T10:00:00+08:00"]})  # fmt: skip
    out = frames.evaluate_many(
        "platform", pd.concat([shops, bad], ignore_index=True), market="market", at=ERP_AT,
        errors="collect",
    )  # fmt: skip
    summary = frames.risk_summary(out)
    frame = summary.frame
    assert list(frame["account"]) == [
        "bad",  # not evaluated: first, to be looked at
        "ae-frozen",
        "sp-ph",  # restricted, 2 points to go
        "lz-1",  # restricted, 12 to go
        "amz-de",  # warned
        "ae-later",  # good, a sanction in 15 days
        "ae-clean",  # good, 1 strike to go, before those 3 points to go
        "tt-th",
        "quiet",
    ]
    assert list(frame.columns) == [
        "account", "policy", "market", "status", "sanction_kinds", "frozen_until",
        "days_to_next_sanction", "next_sanction_at", "to_next_threshold", "next_threshold",
        "error",
    ]  # fmt: skip
    assert summary.counts() == {"error": 1, "frozen": 1, "restricted": 2, "warned": 1, "good": 4}
    assert len(summary) == 9
    assert pickle.loads(pickle.dumps(summary)) == summary
    assert summary != frames.risk_summary(out.iloc[:3])
    html = summary._repr_html_()
    assert html.startswith('<div class="penalties penalties-risk"><style>')
    assert "penalties-risk-frozen" in html
    assert html.index(">ae-frozen<") < html.index(">sp-ph<") < html.index(">quiet<")
    assert "9 accounts</strong> by risk: 1 error, 1 frozen, 2 restricted" in html
    # Instants in each account's own zone: AliExpress's is Asia/Shanghai.
    assert "2024-03-08 10:00+08:00" in html
    assert "2024-03-20 10:00+08:00" in html


def test_risk_summary_of_arrow_and_one_policy_and_bad_tables() -> None:
    shops = erp_shops()
    one = frames.evaluate_many(POLICY, shops[shops["platform"] == "aliexpress"].drop(
        columns=["platform", "market"]), at=ERP_AT)  # fmt: skip
    summary = frames.risk_summary(pa.Table.from_pandas(one, preserve_index=False))
    assert list(summary.frame["account"]) == ["ae-frozen", "ae-later", "ae-clean"]
    assert "policy" not in summary.frame.columns
    assert "error" not in summary.frame.columns
    assert str(summary.frame["days_to_next_sanction"].dtype) == "Int64"
    with pytest.raises(InvalidTableError, match="no column 'days_to_next_sanction'"):
        frames.risk_summary(one.drop(columns=["days_to_next_sanction"]))
    with pytest.raises(InvalidTableError, match="account='shop'"):
        frames.risk_summary(one, account="shop")
    wrong = one.astype({"status": object})
    wrong.loc[1, "status"] = "doomed"
    with pytest.raises(
        InvalidTableError, match=r"row 1, column 'status': 'doomed' is not a status"
    ):
        frames.risk_summary(wrong)
    big = pd.concat([one] * 20, ignore_index=True)
    assert "… 20 more accounts" in frames.risk_summary(big)._repr_html_()
