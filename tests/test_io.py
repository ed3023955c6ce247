"""penalties.io: versioned JSON documents, the events schema, and CSV / JSONL event files.

Event strategies are looked up per class of ``EVENT_TYPES``; a class without a hand-written
strategy gets one derived from its attrs fields, so a new event class is covered by every test
here once it has an entry in ``EVENT_TYPES``.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pendulum
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pendulum import DateTime

from penalties import (
    Appeal,
    AppealOutcome,
    InvalidEventError,
    Ledger,
    PenaltiesError,
    PlanOfAction,
    PolicyDefinitionError,
    SanctionKind,
    SanctionSpec,
    Threshold,
    Violation,
    get_policy,
)
from penalties.demo import demo_history
from penalties.errors import InvalidDocumentError, InvalidEventFileError, InvalidPolicyFileError
from penalties.events import MAX_POINTS
from penalties.io import (
    EVENT_TYPES,
    converter,
    dump_policy,
    dumps,
    dumps_csv,
    dumps_jsonl,
    event_from_data,
    event_to_data,
    events_schema,
    load_policy,
    loads,
    loads_csv,
    loads_events,
    loads_jsonl,
    read_csv,
    read_events,
    read_jsonl,
)
from penalties.io.documents import resolve_annotations
from penalties.io.schema import shipped_events_schema
from tests.helpers import examples, histories, probe_instants, registered_policies, small_policy

# --------------------------------------------------------------------------- strategies

ZONES = st.one_of(
    st.timezones(),
    st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda m: dt.timezone(dt.timedelta(minutes=m))),
    st.integers(-86399, 86399).map(lambda s: dt.timezone(dt.timedelta(seconds=s))),
)


def instants() -> st.SearchStrategy[dt.datetime]:
    """Aware instants in named zones and odd fixed offsets, to the microsecond."""
    return st.datetimes(
        min_value=dt.datetime(1971, 1, 1),
        max_value=dt.datetime(2199, 12, 30),
        timezones=ZONES,
        allow_imaginary=False,
    )


TEXT = st.text(min_size=1, max_size=12).filter(lambda s: s.strip() == s and s.strip() != "")
"""Texts a CSV cell holds unchanged (no surrounding blanks)."""


def _ordered(a: dt.datetime, b: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return (a, b) if a <= b else (b, a)


@st.composite
def violations(draw: Any) -> Violation:
    a, b = draw(instants()), draw(instants())
    occurred, at = _ordered(a, b)
    return Violation(
        draw(TEXT),
        draw(TEXT),
        at,
        severity=draw(st.none() | TEXT),
        points=draw(st.none() | st.integers(0, 10**12)),
        occurred_at=draw(st.none() | st.just(occurred)),
        reference=draw(st.none() | TEXT),
        note=draw(st.just("") | TEXT),
    )


def plans() -> st.SearchStrategy[PlanOfAction]:
    part = st.lists(TEXT, min_size=1, max_size=2)
    return st.builds(
        PlanOfAction,
        part,
        part,
        part,
        forward_plan=st.lists(TEXT, max_size=1),
        evidence=st.lists(TEXT, max_size=1),
        reference=st.none() | TEXT,
    )


@st.composite
def appeals(draw: Any, *, with_plan: bool = True) -> Appeal:
    a, b = draw(instants()), draw(instants())
    filed, decided = _ordered(a, b)
    outcome = draw(st.sampled_from(AppealOutcome))
    return Appeal(
        draw(TEXT),
        filed,
        None if outcome is AppealOutcome.PENDING else decided,
        outcome,
        draw(st.integers(0, 100)) if outcome is AppealOutcome.REDUCED else None,
        draw(st.none() | plans()) if with_plan else None,
    )


def _field_strategy(hint: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([_field_strategy(a) for a in typing.get_args(hint)])
    if hint is type(None):
        return st.none()
    if origin is tuple:
        return st.lists(_field_strategy(typing.get_args(hint)[0]), max_size=2).map(tuple)
    if hint is str:
        return TEXT
    if hint is int:
        return st.integers(0, 10**6)
    if hint is Decimal:
        return st.decimals(allow_nan=False, allow_infinity=False, places=2)
    if isinstance(hint, type) and issubclass(hint, DateTime):
        return instants()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(hint)
    if isinstance(hint, type) and attrs.has(hint):
        return generic(hint)
    raise AssertionError(f"teach tests/test_io.py a strategy for {hint!r}")


def generic(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Instances of the attrs class ``cls``, built field by field (invalid draws rejected)."""
    resolve_annotations(cls)
    fields = {f.name: _field_strategy(f.type) for f in attrs.fields(cls) if f.init}

    @st.composite
    def build(draw: Any) -> Any:
        kwargs = {name: draw(s) for name, s in fields.items()}
        try:
            return cls(**kwargs)
        except PenaltiesError:
            assume(False)

    return build()


STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    Violation: violations(),
    Appeal: appeals(),
}


def events_of(cls: type[Any]) -> st.SearchStrategy[Any]:
    return STRATEGIES[cls] if cls in STRATEGIES else generic(cls)


ANY_EVENT = st.one_of([events_of(cls) for cls in EVENT_TYPES.values()])


def _key(event: object) -> object:
    """Violations are unique by id in one account's events."""
    return ("violation", event.id) if isinstance(event, Violation) else id(event)


def event_lists(events: st.SearchStrategy[Any] = ANY_EVENT) -> st.SearchStrategy[list[Any]]:
    return st.lists(events, max_size=6, unique_by=_key)


SCHEMA = shipped_events_schema()


def _instant_fields(event: object) -> list[str]:
    return [
        f.name for f in attrs.fields(type(event)) if isinstance(getattr(event, f.name), dt.datetime)
    ]


# --------------------------------------------------------------------------- JSON events


@given(event_lists())
def test_events_round_trip_equal_with_offsets(events: list[Any]) -> None:
    text = dumps(events)
    back = loads(text)
    assert back == events
    for before, after in zip(events, back, strict=True):
        assert type(after) is type(before)
        for name in _instant_fields(before):
            assert getattr(after, name).utcoffset() == getattr(before, name).utcoffset()
            assert getattr(after, name).isoformat() == getattr(before, name).isoformat()


@pytest.mark.parametrize("tag", list(EVENT_TYPES))
@given(data=st.data())
@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
def test_every_event_type_round_trips_and_fits_the_schema(tag: str, data: st.DataObject) -> None:
    event = data.draw(events_of(EVENT_TYPES[tag]))
    doc = json.loads(dumps([event]))
    assert doc["events"][0]["type"] == tag
    assert next(iter(doc["events"][0])) == "type"
    jsonschema.validate(doc, SCHEMA)
    assert loads_events(json.dumps(doc)) == [event]
    assert event_from_data(event_to_data(event)) == event


@pytest.mark.parametrize("cls", [Violation, Appeal])
@given(data=st.data())
@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
def test_the_derived_strategy_covers_real_event_classes(cls: type[Any], data: Any) -> None:
    # What a new event class gets when it has no hand-written strategy.
    event = data.draw(generic(cls))
    assert loads(dumps([event])) == [event]


def test_dumps_writes_a_versioned_envelope_and_keeps_defaults_out() -> None:
    v = Violation("v1", "unfair_competition", "2024-03-01T10:00:00+08:00", severity="serious")
    doc = json.loads(dumps([v]))
    assert doc == {
        "format": "penalties.events",
        "version": 1,
        "events": [
            {
                "type": "violation",
                "id": "v1",
                "kind": "unfair_competition",
                "at": "2024-03-01T10:00:00+08:00",
                "severity": "serious",
            }
        ],
    }


def test_the_demo_history_round_trips_and_fits_the_schema() -> None:
    events = demo_history()
    text = dumps(events, indent=2)
    jsonschema.validate(json.loads(text), SCHEMA)
    assert loads(text) == list(events)


def test_a_tuple_of_events_is_dumped_and_comes_back_as_a_list() -> None:
    events = tuple(demo_history()[:3])
    assert loads(dumps(events)) == list(events)


def test_dumps_refuses_what_it_cannot_write() -> None:
    v = Violation("v1", "k", "2024-03-01T10:00:00+08:00")
    with pytest.raises(InvalidDocumentError, match=r"wrap it: dumps\(\[event\]\)"):
        dumps(v)
    with pytest.raises(InvalidDocumentError, match="not int"):
        dumps(3)
    with pytest.raises(InvalidDocumentError, match="not an event the JSON format knows"):
        dumps([v, "not an event"])
    with pytest.raises(InvalidDocumentError, match="event #1 repeats the violation id 'v1'"):
        dumps([v, v])
    for write in (dumps_csv, dumps_jsonl):
        with pytest.raises(InvalidDocumentError, match="repeats the violation id"):
            write([v, v])


def test_a_document_gives_each_violation_its_own_id() -> None:
    doc = _doc(GOOD, GOOD | {"id": "v2"}, GOOD)
    with pytest.raises(
        InvalidEventError,
        match=r"events\[2\]\.id: duplicate violation id 'v1' "
        r"\(first at events\[0\]\)",
    ):
        loads(json.dumps(doc))


# --------------------------------------------------------------------------- the schema


def test_the_shipped_schema_is_the_generated_one() -> None:
    # After adding an event class: python -m penalties.io.schema
    assert shipped_events_schema() == events_schema()
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


GOOD = {"type": "violation", "id": "v1", "kind": "k", "at": "2024-03-01T10:00:00+08:00"}


def _doc(*events: dict[str, Any], **envelope: Any) -> dict[str, Any]:
    return {"format": "penalties.events", "version": 1, "events": list(events)} | envelope


BAD_DOCUMENTS = {
    "no type": _doc({k: v for k, v in GOOD.items() if k != "type"}),
    "unknown type": _doc(GOOD | {"type": "violaton"}),
    "naive instant": _doc(GOOD | {"at": "2024-03-01T10:00:00"}),
    "a date, not an instant": _doc(GOOD | {"at": "2024-03-01"}),
    "unknown key": _doc(GOOD | {"pionts": 3}),
    "points as text": _doc(GOOD | {"points": "3"}),
    "negative points": _doc(GOOD | {"points": -3}),
    "points as a fraction": _doc(GOOD | {"points": 1.5}),
    "missing at": _doc({k: v for k, v in GOOD.items() if k != "at"}),
    "blank id": _doc(GOOD | {"id": " "}),
    "unknown outcome": _doc(
        {"type": "appeal", "violation_id": "v1", "filed_at": GOOD["at"], "outcome": "won"}
    ),
    "plan as text": _doc(
        {"type": "appeal", "violation_id": "v1", "filed_at": GOOD["at"], "plan": "sorry"}
    ),
    "version 2": _doc(GOOD, version=2),
    "another format": _doc(GOOD, format="penalties.event"),
    "events not a list": _doc() | {"events": GOOD},
    "extra envelope key": _doc(GOOD, account="a1"),
}


@pytest.mark.parametrize("name", list(BAD_DOCUMENTS))
def test_bad_documents_fail_the_schema_and_loads(name: str) -> None:
    doc = BAD_DOCUMENTS[name]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)
    with pytest.raises(PenaltiesError):
        loads(json.dumps(doc))


# --------------------------------------------------------------------------- loads errors


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("", InvalidDocumentError, "not valid JSON"),
        (
            '{"format": "penalties.events", "version": 1, "events": [',
            InvalidDocumentError,
            r"not valid JSON: Expecting value \(column 57\)",
        ),
        ("[]", InvalidDocumentError, 'JSON object with "format"'),
        ('{"version": 1}', InvalidDocumentError, 'has no "format"'),
        (
            '{"format": "penalties.events", "version": 1, "events": [], "events": []}',
            InvalidDocumentError,
            "repeats the key 'events'",
        ),
        (
            '{"format": "penalties.events", "version": NaN, "events": []}',
            InvalidDocumentError,
            "NaN",
        ),
        (
            '{"format": "penalties.events", "version": true, "events": []}',
            InvalidDocumentError,
            "version true",
        ),
        (
            '{"format": "penalties.events", "version": 1}',
            InvalidDocumentError,
            "'events' is missing",
        ),
        ("[" * 100_000, InvalidDocumentError, "nested too deeply"),
        ('{"format": [{"type": "x"}]}', InvalidDocumentError, "unknown document format an array"),
        (
            '{"format": "penalties.events", "version": 1, "events": [{"type": "violation", '
            '"id": "v1", "kind": "k", "at": "2024-03-01T10:00:00"}]}',
            InvalidEventError,
            r"^events\[0\]: Violation.at '2024-03-01T10:00:00' has no time zone",
        ),
        (
            '{"format": "penalties.events", "version": 1, "events": [{"type": "violation", '
            '"id": "v1", "kind": "k", "at": "2024-03-01T10:00:00Z", "points": "3"}]}',
            InvalidEventError,
            r'^events\[0\]\.points: must be a whole number, got "3"\.$',
        ),
        (
            '{"format": "penalties.events", "version": 1, "events": [{"type": "appeal", '
            '"violation_id": "v1", "filed_at": "2024-03-01T10:00:00Z", "outcome": "reduced", '
            '"decided_at": "2024-03-02T10:00:00Z"}]}',
            InvalidEventError,
            "has no points_after",
        ),
        (
            '{"format": "penalties.events", "version": 1, "events": [{"type": "appeal", '
            '"violation_id": "v1", "filed_at": "2024-03-01T10:00:00Z", "plan": {"root_causes": '
            "[]}}]}",
            InvalidEventError,
            r"events\[0\]\.plan\.corrective_actions: missing",
        ),
        (
            '{"format": "penalties.events", "version": 1, "events": [{"type": "violation", '
            '"id": "v1", "kind": "k", "at": "2024-03-01T10:00:00Z", "pionts": 3}]}',
            InvalidEventError,
            "unknown key 'pionts' for Violation; did you mean 'points'",
        ),
    ],
)
def test_loads_errors_say_what_and_where(text: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        loads(text)


@pytest.mark.parametrize(
    "at",
    [
        "1899-12-31T23:59:59Z",
        "2200-01-01T00:00:00Z",
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-05:00",
    ],
)
def test_instants_outside_the_supported_years_are_refused(at: str) -> None:
    # Far from the ends of the calendar, every rule's arithmetic stays in range.
    doc = _doc(GOOD | {"at": at})
    with pytest.raises(
        InvalidEventError,
        match=r"events\[0\].* outside the years",
    ):
        loads(json.dumps(doc))
    # Years the library itself refuses (outside 1000-8999) fail in the event constructor.
    with pytest.raises(InvalidEventError, match="outside the years"):
        loads_csv(f"id,kind,at\nv1,k,{at}\n")
    with pytest.raises(InvalidEventError, match="outside the years"):
        loads_jsonl(json.dumps(GOOD | {"at": at}))
    with pytest.raises((InvalidDocumentError, InvalidEventError), match="outside the years"):
        dumps([Violation("v1", "k", at)])
    ok = "1900-01-01T00:00:00Z"
    assert loads_csv(f"id,kind,at\nv1,k,{ok}\n")[0].at.year == 1900


def test_loads_takes_bytes_with_a_bom_and_refuses_other_encodings() -> None:
    events = demo_history()[:2]
    assert loads(b"\xef\xbb\xbf" + dumps(events).encode()) == list(events)
    assert loads("\ufeff" + dumps(events)) == list(events)
    with pytest.raises(InvalidDocumentError, match="not UTF-8"):
        loads(dumps(events).encode("utf-16"))


def test_loads_events_refuses_other_formats() -> None:
    with pytest.raises(InvalidDocumentError, match=r"expected a penalties\.events document"):
        loads_events(dumps(get_policy("aliexpress")))


# --------------------------------------------------------------------------- decimals


def fine_policy() -> Any:
    fine = SanctionSpec(SanctionKind.FINE, 30, "fine", Decimal("12.50"), "EUR")
    return small_policy(Ledger("main", "Main", thresholds=(Threshold(3, (fine,)),)))


def test_money_stays_decimal_as_a_string_never_a_float() -> None:
    policy = fine_policy()
    events = [Violation("v1", "v", "2024-03-01T10:00:00+01:00", points=3)]
    standing = policy.standing(events, "2024-03-02T00:00:00+01:00")
    text = dumps(standing)
    assert '"amount": "12.50"' in text
    back = loads(text)
    assert back == standing
    assert back.sanctions[0].amount == Decimal("12.50")
    assert str(back.sanctions[0].amount) == "12.50"
    assert loads(dumps(policy)) == policy


def test_the_converter_refuses_float_money_and_accepts_exact_forms() -> None:
    assert converter.structure("0.10", Decimal) == Decimal("0.10")
    assert converter.structure(Decimal("1E+2"), Decimal) == Decimal("100")
    for bad in (0.1, True, "ten", "NaN", "Infinity", None):
        with pytest.raises(ValueError):  # noqa: PT011 - the converter's own type errors
            converter.structure(bad, Decimal)


def test_the_converter_is_strict_about_types() -> None:
    with pytest.raises(ValueError, match="whole number"):  # no silent "3" -> 3
        converter.structure("3", int)
    with pytest.raises(ValueError, match="whole number"):  # nor True -> 1
        converter.structure(True, int)
    with pytest.raises(ValueError, match="string"):
        converter.structure(5, str)


# --------------------------------------------------------------------------- results

POLICIES = registered_policies()


@given(data=st.data())
@settings(max_examples=examples(30))
def test_standings_round_trip_equal(data: st.DataObject) -> None:
    policy = data.draw(st.sampled_from(POLICIES))
    events = data.draw(histories(policy, max_violations=6))
    at = data.draw(st.sampled_from(probe_instants(events)))
    standing = policy.standing(events, at)
    back = loads(dumps(standing))
    assert back == standing
    assert back.at.utcoffset() == standing.at.utcoffset()
    # A loaded standing has no timeline to ask what a granted appeal would change.
    assert back.explain() == "\n".join(
        line for line in standing.explain().splitlines() if "If the appeal" not in line
    )


@given(data=st.data())
@settings(max_examples=examples(20))
def test_timelines_and_what_ifs_round_trip_equal(data: st.DataObject) -> None:
    policy = data.draw(st.sampled_from(POLICIES))
    events = data.draw(histories(policy, max_violations=6))
    assert loads(dumps(policy.evaluate(events))) == policy.evaluate(events)
    violations = [e for e in events if isinstance(e, Violation)]
    appeals = [e for e in events if isinstance(e, Appeal)]
    result = policy.what_if(violations, appeals, data.draw(st.sampled_from(probe_instants(events))))
    assert loads(dumps(result)) == result


def test_a_tampered_timeline_is_refused_unless_verify_is_off() -> None:
    policy = get_policy("aliexpress")
    timeline = policy.evaluate(demo_history())
    doc = json.loads(dumps(timeline))
    doc["timeline"]["changes"][0]["delta"] += 1
    with pytest.raises(InvalidDocumentError, match=r"stored timeline\.changes differ"):
        loads(json.dumps(doc))
    assert loads(json.dumps(doc), verify=False) == timeline


def test_a_standing_document_names_the_bad_key() -> None:
    policy = get_policy("aliexpress")
    doc = json.loads(dumps(policy.standing(demo_history(), "2024-06-01T00:00:00+08:00")))
    doc["standing"]["status"] = "fine"
    with pytest.raises(InvalidDocumentError, match=r"standing\.status: \"fine\" is not one of"):
        loads(json.dumps(doc))
    doc["standing"]["status"] = "good"
    doc["policy"]["ledgers"][0]["thresholds"][0]["points"] = 0
    with pytest.raises(PolicyDefinitionError, match=r"ledgers\[0\]\.thresholds\[0\]\.points"):
        loads(json.dumps(doc))


# --------------------------------------------------------------------------- CSV

CSV_EVENTS = event_lists(st.one_of(violations(), appeals(with_plan=False)))


@given(CSV_EVENTS)
def test_csv_round_trip(events: list[Any]) -> None:
    text = dumps_csv(events)
    assert loads_csv(text) == events
    for before, after in zip(events, loads_csv(text), strict=True):
        for name in _instant_fields(before):
            assert getattr(after, name).utcoffset() == getattr(before, name).utcoffset()


@given(CSV_EVENTS)
def test_jsonl_round_trip(events: list[Any]) -> None:
    assert loads_jsonl(dumps_jsonl(events)) == events


def test_csv_of_violations_needs_no_type_column() -> None:
    text = (
        "id,kind,at,severity,points,reference\n"
        "v1,unfair_competition,2024-03-01T10:00:00+08:00,serious,,order 1\n"
        "v2,unfair_competition,2024-03-02T10:00:00Z,general,3,\n"
    )
    events = loads_csv(text)
    assert events == [
        Violation(
            "v1", "unfair_competition", "2024-03-01T10:00:00+08:00", "serious", reference="order 1"
        ),
        Violation("v2", "unfair_competition", "2024-03-02T10:00:00Z", "general", 3),
    ]


def test_csv_handles_a_bom_blank_rows_crlf_and_quoted_cells() -> None:
    text = (
        "\ufeffid,kind,at,note\r\n"
        "\r\n"
        'v1,k,2024-03-01T10:00:00+08:00,"a note, with a comma\nand a line break"\r\n'
        ",,,\r\n"
        "v2,k,2024-03-01T11:00:00+08:00,\r\n"
    )
    events = loads_csv(text)
    assert [e.id for e in events] == ["v1", "v2"]
    assert events[0].note == "a note, with a comma\nand a line break"
    assert loads_csv(b"\xef\xbb\xbf" + text[1:].encode()) == events
    assert loads_csv("") == []
    assert loads_csv("\n\n") == []


def test_csv_semicolons() -> None:
    text = "id;kind;at\nv1;k;2024-03-01T10:00:00+08:00\n"
    assert loads_csv(text, delimiter=";")[0].id == "v1"


TYPED = "type,id,kind,at,violation_id,filed_at,decided_at,outcome,points_after\n"
V1 = "violation,v1,k,2024-03-01T10:00:00+08:00,,,,,\n"


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "id,kind,att\nv1,k,2024-03-01T10:00:00+08:00\n",
            1,
            "att",
            r"unknown column \(without a 'type' column every row is a violation\).*"
            "Did you mean 'at'",
        ),
        ("id,kind,at,at\n", 1, "at", "repeats this column"),
        ("id,,at\n", 1, None, "empty column name"),
        ("id,kind,at,plan\n", 1, "plan", "unknown column"),
        (
            TYPED.replace("points_after", "plan"),
            1,
            "plan",
            "no CSV form; write such events as JSONL",
        ),
        ("id,kind,at\nv1,k,2024-03-01T10:00:00\n", 2, "at", "has no time zone"),
        ("id,kind,at\nv1,k,2024-03-01\n", 2, "at", "is a date, not an instant"),
        ("id,kind,at\nv1,k,yesterday\n", 2, "at", "not an ISO-8601 date-time"),
        (
            "id,kind,at,points\nv1,k,2024-03-01T10:00:00Z,1.5\n",
            2,
            "points",
            '"1.5" is not a whole number',
        ),
        ("id,kind,at,points\nv1,k,2024-03-01T10:00:00Z,-2\n", 2, None, "never negative"),
        ("id,kind,at\nv1,k\n", 2, None, "the row has 2 cells, the header 3"),
        ('id,kind,at\nv1,"k,2024-03-01T10:00:00Z\n', 2, None, "not valid CSV"),
        (
            "id,kind,at\nv1,k,2024-03-01T10:00:00Z\nv1,k,2024-03-02T10:00:00Z\n",
            3,
            "id",
            r"duplicate violation id 'v1' \(first on line 2\)",
        ),
        ("id,kind,at\n,k,2024-03-01T10:00:00Z\n", 2, "id", "missing; a violation needs its id"),
        (
            TYPED + V1 + "appeal,,,,v1,2024-03-02T10:00:00+08:00,,grantd,\n",
            3,
            "outcome",
            "\"grantd\" is not one of pending, granted, denied, reduced. Did you mean 'granted'",
        ),
        (
            TYPED + V1 + "appeal,,,,v1,2024-03-02T10:00:00+08:00,,granted,\n",
            3,
            None,
            "has outcome GRANTED but no decided_at",
        ),
        (
            TYPED + V1 + "appeal,x,,,v1,2024-03-02T10:00:00+08:00,,,\n",
            3,
            "id",
            "an appeal has no id; leave the cell empty",
        ),
        (
            TYPED + "credit,v1,k,2024-03-01T10:00:00+08:00,,,,,\n",
            2,
            "type",
            '"credit" is not an event type',
        ),
        (TYPED + ",v1,k,2024-03-01T10:00:00+08:00,,,,,\n", 2, "type", "empty; give one of"),
        ("id,kind,at\nv1,k,2024-03-01T10:00:00Z,extra\n", 2, None, "the row has 4 cells"),
    ],
)
def test_csv_errors_name_the_file_line_and_column(
    tmp_path: Path, text: str, line: int, column: str | None, message: str
) -> None:
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.raises(InvalidEventFileError, match=message) as info:
        read_events(path)
    error = info.value
    assert str(error).startswith(f"{path}, line {line}")
    assert (error.file, error.line, error.column) == (str(path), line, column)
    if column:
        assert f"column {column!r}" in str(error)
    assert isinstance(error, InvalidEventError)


def test_dumps_csv_refuses_what_a_cell_cannot_hold() -> None:
    plan = PlanOfAction(["a cause that is long enough"], ["a fix"], ["a prevention"])
    appeal = Appeal("v1", "2024-03-01T10:00:00Z", plan=plan)
    with pytest.raises(InvalidDocumentError, match="plan, which has no CSV form"):
        dumps_csv([appeal])
    blank = Violation("v1", "k", "2024-03-01T10:00:00Z", reference=" ")
    with pytest.raises(InvalidDocumentError, match="blank"):
        dumps_csv([blank])
    assert loads_jsonl(dumps_jsonl([appeal, blank])) == [appeal, blank]


# --------------------------------------------------------------------------- JSONL

LINE = '{"type": "violation", "id": "ID", "kind": "k", "at": "2024-03-01T10:00:00+08:00"}'


def test_jsonl_skips_blank_lines_and_reads_a_header_and_a_bom() -> None:
    text = (
        '\ufeff{"format": "penalties.events", "version": 1}\n\n'
        + LINE.replace("ID", "v1")
        + "\r\n   \n"
        + LINE.replace("ID", "v2")
    )
    assert [e.id for e in loads_jsonl(text)] == ["v1", "v2"]
    assert [e.id for e in loads_jsonl(LINE.replace("ID", "v1"))] == ["v1"]
    assert loads_jsonl("") == []


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            LINE.replace("ID", "v1") + "\n" + LINE[:40],
            2,
            None,
            r"the line is not valid JSON: .* \(column 41\)",
        ),
        # A line may leave out its type where its keys tell it (issue 16: as a JSON list
        # may); keys that tell no single type ask for one.
        (
            '{"violation_id": "ID", "filed_a": "2024-03-01T10:00:00+08:00"}\n',
            1,
            "type",
            r"type: missing, and the keys \('violation_id', 'filed_a'\) do not tell",
        ),
        (LINE.replace("violation", "violaton"), 1, "type", "Did you mean 'violation'"),
        (LINE.replace("+08:00", ""), 1, None, "has no time zone"),
        (LINE.replace('"kind"', '"points": "2", "kind"'), 1, "points", "must be a whole number"),
        ("\n\n[1, 2]", 3, None, "an event must be an object, got an array"),
        ('{"format": "penalties.events", "version": 2}', 1, "version", "version 2 is not one"),
        ('{"format": "penalties.policy", "version": 1}', 1, "format", "a header line is"),
        (
            LINE.replace("ID", "v1") + "\n" + LINE.replace("ID", "v1"),
            2,
            "id",
            "duplicate violation id 'v1'",
        ),
        ('{"type": "violation", "type": "appeal"}', 1, None, "repeats the key 'type'"),
    ],
)
def test_jsonl_errors_name_the_file_line_and_key(
    tmp_path: Path, text: str, line: int, column: str | None, message: str
) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.raises(InvalidEventFileError, match=message) as info:
        read_jsonl(path)
    assert str(info.value).startswith(f"{path}, line {line}")
    assert (info.value.file, info.value.line, info.value.column) == (str(path), line, column)


# --------------------------------------------------------------------------- read_events


def test_read_events_picks_the_reader_from_the_suffix(tmp_path: Path) -> None:
    events = list(demo_history())
    (tmp_path / "a.csv").write_text(dumps_csv(events), encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(dumps_jsonl(events), encoding="utf-8")
    (tmp_path / "a.ndjson").write_text(dumps_jsonl(events), encoding="utf-8")
    (tmp_path / "a.json").write_text(dumps(events), encoding="utf-8")
    (tmp_path / "a.txt").write_text(dumps_csv(events), encoding="utf-8")
    for name in ("a.csv", "a.jsonl", "a.ndjson", "a.json"):
        assert read_events(tmp_path / name) == events
    assert read_events(str(tmp_path / "a.txt"), format="csv") == events
    assert read_csv(tmp_path / "a.csv") == events
    with pytest.raises(InvalidEventFileError, match=r"cannot tell the format from the suffix"):
        read_events(tmp_path / "a.txt")
    with pytest.raises(InvalidEventFileError, match="format='xml'"):
        read_events(tmp_path / "a.txt", format="xml")  # type: ignore[arg-type]
    with pytest.raises(InvalidEventFileError, match=r"cannot read the event file .*missing\.csv"):
        read_events(tmp_path / "missing.csv")


def test_read_events_names_the_file_of_a_bad_json_document(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text('{"format": "penalties.events", "version": 1, "events": [{}]}')
    with pytest.raises(InvalidEventFileError, match=r"events\.json: events\[0\]\.type: missing"):
        read_events(path)
    path.write_text(dumps(get_policy("lazada")))
    with pytest.raises(InvalidEventFileError, match=r"expected a penalties\.events document"):
        read_events(path)


def test_files_read_by_the_io_edge_evaluate_like_the_originals(tmp_path: Path) -> None:
    policy = get_policy("aliexpress")
    events = list(demo_history())
    path = tmp_path / "history.jsonl"
    path.write_text(dumps_jsonl(events), encoding="utf-8")
    at = pendulum.datetime(2024, 6, 1, tz="Asia/Shanghai")
    assert policy.standing(read_events(path), at) == policy.standing(events, at)


def test_the_schema_command_checks_the_shipped_file() -> None:
    from penalties.io.schema import main

    assert main(["--check"]) == 0


def test_numbers_a_decimal_cannot_hold_are_refused() -> None:
    # Found by atheris: an exponent beyond Decimal's range raised decimal.InvalidOperation.
    huge = "1" * 30 + "e" + "1" * 30
    with pytest.raises(InvalidDocumentError, match="out of range"):
        loads('{"format": "penalties.events", "version": ' + huge + ', "events": []}')
    with pytest.raises(InvalidEventFileError, match="line 1: the line contains the number"):
        loads_jsonl('{"type": "violation", "points": ' + huge + "}")
    from penalties.io import load_policy

    with pytest.raises(PolicyDefinitionError, match="out of range"):
        load_policy("version = 1\namount = " + huge + "\n")


def test_big_whole_numbers_read_the_same_in_every_format() -> None:
    # Found by atheris: CSV refused long numbers that JSON and JSONL accept.
    big = Violation("v1", "k", "2024-03-01T10:00:00Z", points=MAX_POINTS)
    assert loads_csv(dumps_csv([big])) == [big]
    assert loads_jsonl(dumps_jsonl([big])) == [big]
    # Past the bound every format refuses the same number, naming the bound.
    huge = str(4 * 10**80)
    with pytest.raises(InvalidEventFileError, match="1,000,000,000,000 points"):
        loads_csv("id,kind,at,points\nv1,k,2024-03-01T10:00:00Z," + huge + "\n")
    with pytest.raises(InvalidEventFileError, match="1,000,000,000,000 points"):
        loads_jsonl(
            '{"type": "violation", "id": "v1", "kind": "k", "at": "2024-03-01T10:00:00Z", '
            '"points": ' + huge + "}"
        )
    with pytest.raises(InvalidEventFileError, match="too many digits"):
        loads_csv("id,kind,at,points\nv1,k,2024-03-01T10:00:00Z," + "9" * 5000 + "\n")


# --------------------------------------------------------------------------- a new event class


def _credit_at(value: Any) -> DateTime:
    from penalties._time import to_instant

    return to_instant(value, what="Credit.at")


@attrs.frozen
class Credit:
    """A stand-in for an event class the library may add (a score credit with money)."""

    id: str
    at: DateTime = attrs.field(converter=_credit_at)
    amount: Decimal | None = None
    outcome: AppealOutcome = AppealOutcome.PENDING
    note: str = ""


def test_a_new_event_class_needs_only_an_entry_in_event_types(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from penalties.io import documents, schema

    monkeypatch.setattr(documents, "EVENT_TYPES", {**EVENT_TYPES, "credit": Credit})
    credit = Credit("c1", "2024-03-01T10:00:00+08:00", Decimal("12.50"), AppealOutcome.GRANTED)
    events = [Violation("v1", "k", "2024-03-01T10:00:00+08:00"), credit]
    doc = json.loads(dumps(events))
    assert doc["events"][1] == {
        "type": "credit",
        "id": "c1",
        "at": "2024-03-01T10:00:00+08:00",
        "amount": "12.50",
        "outcome": "granted",
    }
    assert loads(dumps(events)) == events
    assert loads_jsonl(dumps_jsonl(events)) == events
    assert loads_csv(dumps_csv(events)) == events
    generated = schema.events_schema()
    assert "credit" in generated["$defs"]
    jsonschema.validate(doc, generated)
    doc["events"][1]["amount"] = True
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, generated)
    with pytest.raises(InvalidEventError, match=r"events\[1\]\.amount: must be an amount"):
        loads(json.dumps(doc))
    # A JSON number is read from its text, exactly (never through a float); dumps writes a string.
    text = dumps(events).replace('"12.50"', "12.10")
    assert loads(text)[1].amount == Decimal("12.10")


# ---------------------------------------------------------------------------
# penalties.io documents, malformed parts: each malformed part of a standing, timeline or what-if
# document is refused with its key path, and the stored results are checked only when asked.


ALI = get_policy("aliexpress")
AT = "2024-06-01T00:00:00+08:00"


def _standing_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dumps(ALI.standing(demo_history(), AT)))
    return doc


def _first_spec(doc: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = doc["standing"]["next_thresholds"][0]["sanctions"][0]
    return spec


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-02-30", 'must be a calendar date such as "2024-03-01", got "2024-02-30"'),
        ("2024-03-01T00:00:00+08:00", "must be a calendar date"),
        (20240301, 'must be a calendar date such as "2024-03-01", got 20240301'),
    ],
)
def test_a_bad_date_in_a_standing_is_refused_at_its_key(value: object, message: str) -> None:
    doc = _standing_doc()
    _first_spec(doc)["effective_from"] = value
    with pytest.raises(InvalidDocumentError) as info:
        loads(json.dumps(doc))
    assert "standing.next_thresholds[0].sanctions[0].effective_from" in str(info.value)
    assert message in str(info.value)


def test_dates_and_flags_in_a_standing_are_read_back() -> None:
    doc = _standing_doc()
    _first_spec(doc)["effective_from"] = "2024-01-01"
    _first_spec(doc)["while_reached"] = True
    standing = loads(json.dumps(doc))
    spec = standing.next_thresholds[0].sanctions[0]  # type: ignore[union-attr]
    assert spec.effective_from == dt.date(2024, 1, 1)
    assert spec.while_reached is True


@pytest.mark.parametrize(
    ("edit", "key", "message"),
    [
        (
            lambda d: _first_spec(d).update(while_reached="yes"),
            "standing.next_thresholds[0].sanctions[0].while_reached",
            'must be true or false, got "yes"',
        ),
        (
            lambda d: d["standing"]["next_thresholds"][0].update(sanctions="closure"),
            "standing.next_thresholds[0].sanctions",
            'must be an array, got "closure"',
        ),
        (
            lambda d: d["standing"].update(points=[1, 2]),
            "standing.points",
            "must be an object, got",
        ),
        (
            lambda d: d.update(standing=["not", "an", "object"]),
            "standing",
            "must be an object, got",
        ),
        (
            lambda d: d["standing"].update(policy="aliexpress"),
            "standing.policy",
            "the policy goes at the top of the document",
        ),
    ],
)
def test_a_malformed_standing_names_the_key(edit: Any, key: str, message: str) -> None:
    doc = _standing_doc()
    edit(doc)
    with pytest.raises(InvalidDocumentError) as info:
        loads(json.dumps(doc))
    assert f"{key}: " in str(info.value)
    assert message in str(info.value)


def _timeline_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dumps(ALI.evaluate(demo_history())))
    return doc


def test_a_timeline_document_names_a_missing_or_unknown_key() -> None:
    doc = _timeline_doc()
    del doc["timeline"]["notes"]
    with pytest.raises(InvalidDocumentError, match=r"^timeline\.notes: missing\.$"):
        loads(json.dumps(doc))
    doc = _timeline_doc()
    doc["timeline"]["note"] = []
    with pytest.raises(
        InvalidDocumentError, match=r"^timeline\.note: unknown key; .* Did you mean 'notes'\?"
    ):
        loads(json.dumps(doc))


def _whatif_doc() -> dict[str, Any]:
    add = [Violation("new", "unfair_competition", "2024-05-20T10:00:00+08:00", severity="serious")]
    doc: dict[str, Any] = json.loads(dumps(ALI.what_if(demo_history(), add, AT)))
    return doc


def test_a_what_if_document_is_verified_only_when_asked() -> None:
    doc = _whatif_doc()
    expected = loads(json.dumps(doc))
    doc["what_if"]["points_delta"] = {"trade": 999}
    with pytest.raises(InvalidDocumentError, match=r"stored what_if\.points_delta differ"):
        loads(json.dumps(doc))
    assert loads(json.dumps(doc), verify=False) == expected


def test_a_what_if_document_needs_an_aware_instant() -> None:
    doc = _whatif_doc()
    doc["what_if"]["at"] = "2024-06-01T00:00:00"
    with pytest.raises(InvalidDocumentError, match=r"^what_if\.at: instant .* has no time zone"):
        loads(json.dumps(doc))


def test_the_converter_passes_values_that_are_already_structured() -> None:
    violation = demo_history()[0]
    assert converter.structure(violation, type(violation)) is violation
    assert converter.structure(ALI, type(ALI)) is ALI


# --------------------------------------------------------------------------- parsing text


def test_a_document_must_be_text_or_bytes() -> None:
    with pytest.raises(InvalidDocumentError, match=r"^the document must be str or bytes, not int"):
        loads(123)  # type: ignore[arg-type]


def test_numbers_too_long_to_convert_are_refused_not_crashed_on() -> None:
    with pytest.raises(InvalidDocumentError, match=r"is not valid JSON: Exceeds the limit"):
        loads('{"format": ' + "9" * 5000 + "}")
    with pytest.raises(InvalidPolicyFileError, match=r"is not valid TOML: Exceeds the limit"):
        load_policy("version = 1\ncode = " + "9" * 5000 + "\n")


def test_deeply_nested_policy_text_is_refused() -> None:
    with pytest.raises(InvalidPolicyFileError, match=r"nested too deeply to be a policy file"):
        load_policy("version = 1\nx = " + "[" * 200_000 + "\n")


def test_control_characters_and_quotes_survive_a_toml_round_trip() -> None:
    name = 'Tab\there, "quoted", back\\slash, bell\x07 and delete\x7f'
    policy = attrs.evolve(get_policy("aliexpress"), name=name)
    text = dump_policy(policy)
    # TOML lets a tab stand in a basic string; the other control characters are escaped.
    assert "\\u0007" in text.lower()
    assert "\\u007f" in text.lower()
    assert "\x07" not in text
    assert "\x7f" not in text
    assert load_policy(text).name == name


@pytest.mark.parametrize("delimiter", ["", ";;", "\n", '"', 1])
def test_csv_delimiters_are_one_plain_character(delimiter: object) -> None:
    with pytest.raises(InvalidEventFileError, match=r"give one character such as ','"):
        loads_csv("id,kind,at\n", delimiter=delimiter)  # type: ignore[arg-type]
