"""Shopee account_health payloads: parsing, events for the shopee policy, punishment checks."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from penalties import (
    Appeal,
    AppealOutcome,
    InvalidEventError,
    PolicyDefinitionError,
    SanctionKind,
    SanctionSpec,
    Status,
    UnknownPolicyError,
    Violation,
    get_policy,
)
from penalties.errors import InvalidPayloadError
from penalties.io.shopee import (
    AT_ISSUE,
    PUNISHMENT_TYPES,
    DifferenceKind,
    PenaltyPointHistory,
    PenaltyPointRecord,
    PunishmentHistory,
    PunishmentRecord,
    compare_punishments,
    parse_penalty_point_history,
    parse_punishment_history,
    penalty_points_to_events,
)
from penalties.platforms.shopee import API_VIOLATION_TYPES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "payloads"
MNL = "Asia/Manila"
FETCHED = pendulum.datetime(2024, 5, 20, 13, tz=MNL)
PH = get_policy("shopee", market="PH")


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def manila(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=MNL)


def unix(*args: int) -> int:
    return int(manila(*args).timestamp())


@pytest.fixture
def history() -> PenaltyPointHistory:
    return parse_penalty_point_history(fixture("shopee_penalty_point_history.json"), market="PH")


def punishments() -> tuple[PunishmentRecord, ...]:
    ongoing = parse_punishment_history(
        (FIXTURES / "shopee_punishment_history_ongoing.json").read_bytes(), market="PH"
    )
    ended = parse_punishment_history(
        (FIXTURES / "shopee_punishment_history_ended.json").read_text(encoding="utf-8"),
        market="PH",
    )
    return ongoing.records + ended.records


def record_payload(**fields: Any) -> dict[str, Any]:
    item = {
        "issue_time": unix(2024, 4, 8, 10),
        "original_point_num": 2,
        "latest_point_num": 2,
        "reference_id": 1,
        "violation_type": 3054,
    }
    item.update(fields)
    return {"error": "", "response": {"penalty_point_list": [item], "total_count": 1}}


def expect_payload_error(payload: object, *fragments: str) -> str:
    with pytest.raises(InvalidPayloadError) as info:
        parse_penalty_point_history(payload, market="PH")
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message
    return message


class TestPenaltyPointHistory:
    def test_fixture_parses_into_typed_records(self, history: PenaltyPointHistory) -> None:
        assert history.market == "PH"
        assert history.total_count == 5
        assert history.complete
        assert history.request_id == "b6f0c2a4e1d94f3a8c7e5d2b1a0f9e8d"
        assert [r.violation_type for r in history.records] == [3054, 6, 3091, 3190, 22]
        first = history.records[0]
        assert first == PenaltyPointRecord(
            issue_time=manila(2024, 4, 8, 10, 12, 5),
            original_point_num=2,
            latest_point_num=2,
            reference_id="240408001",
            violation_type=3054,
        )

    def test_unix_times_are_aware_instants_in_the_market_zone(
        self, history: PenaltyPointHistory
    ) -> None:
        for record in history.records:
            assert record.issue_time.timezone_name == MNL
            assert record.issue_time.utcoffset() == dt.timedelta(hours=8)
        raw = fixture("shopee_penalty_point_history.json")["response"]["penalty_point_list"][2]
        assert history.records[2].issue_time.timestamp() == raw["issue_time"]
        assert history.records[2].issue_time == manila(2024, 4, 22, 14, 30)

    def test_default_market_is_singapore_and_unknown_markets_fail(self) -> None:
        sg = parse_penalty_point_history(fixture("shopee_penalty_point_history.json"))
        assert sg.market == "SG"
        assert sg.records[0].issue_time.timezone_name == "Asia/Singapore"
        vn = parse_penalty_point_history(fixture("shopee_penalty_point_history.json"), market="vn")
        assert vn.records[0].issue_time.timezone_name == "Asia/Ho_Chi_Minh"
        # Same instants, whatever the zone.
        assert [r.issue_time for r in sg.records] == [r.issue_time for r in vn.records]
        with pytest.raises(UnknownPolicyError, match="known markets"):
            parse_penalty_point_history(fixture("shopee_penalty_point_history.json"), market="XX")

    def test_kinds_follow_the_api_table_and_unknown_types_are_generic(
        self, history: PenaltyPointHistory
    ) -> None:
        kinds = [(r.kind, r.severity, r.known_type) for r in history.records]
        assert kinds == [
            ("order_brushing", None, True),
            ("high_non_fulfilment_rate", None, True),
            ("prohibited_listings_graded", "high", True),
            ("points", None, False),
            ("rude_chat_replies", None, True),
        ]
        assert 3190 not in API_VIOLATION_TYPES
        assert [r.reduced for r in history.records] == [False, False, True, False, False]

    def test_text_bytes_bare_response_and_dict_give_the_same_history(
        self, history: PenaltyPointHistory
    ) -> None:
        text = (FIXTURES / "shopee_penalty_point_history.json").read_text(encoding="utf-8")
        bare = fixture("shopee_penalty_point_history.json")["response"]
        for payload in (text, text.encode(), b"\xef\xbb\xbf" + text.encode(), bare):
            parsed = parse_penalty_point_history(payload, market="PH")
            assert parsed.records == history.records
            assert parsed.total_count == 5

    def test_a_partial_page_is_not_complete(self) -> None:
        payload = record_payload()
        payload["response"]["total_count"] = 12
        parsed = parse_penalty_point_history(payload, market="PH")
        assert not parsed.complete
        del payload["response"]["total_count"]
        assert parse_penalty_point_history(payload, market="PH").total_count is None

    def test_string_reference_ids_are_kept(self) -> None:
        parsed = parse_penalty_point_history(record_payload(reference_id="REF-77"), market="PH")
        assert parsed.records[0].reference_id == "REF-77"

    def test_error_response_is_refused(self) -> None:
        message = expect_payload_error(
            fixture("shopee_error_response.json"), "$.error", "error_auth", "Invalid access_token"
        )
        assert "9a8b7c6d5e4f30211203f4e5d6c7b8a9" in message
        with pytest.raises(InvalidPayloadError, match="error_auth"):
            parse_punishment_history(fixture("shopee_error_response.json"))

    def test_bad_field_names_its_json_path(self) -> None:
        expect_payload_error(
            fixture("shopee_penalty_point_history_bad_field.json"),
            "$.response.penalty_point_list[2].latest_point_num",
            "whole number",
            "'1'",
        )

    def test_truncated_payload_is_refused(self) -> None:
        text = (FIXTURES / "shopee_penalty_point_history_truncated.json").read_text()
        expect_payload_error(text, "not valid JSON", "line", "truncated")

    @pytest.mark.parametrize(
        ("fields", "fragments"),
        [
            ({"latest_point_num": 5}, ("latest_point_num", "more than original_point_num 2")),
            ({"original_point_num": -1}, ("original_point_num", ">= 0")),
            ({"latest_point_num": True}, ("latest_point_num", "boolean")),
            ({"latest_point_num": 1.5}, ("latest_point_num", "whole number")),
            ({"latest_point_num": None}, ("latest_point_num", "null")),
            ({"violation_type": "3054"}, ("violation_type", "whole number")),
            ({"reference_id": ""}, ("reference_id", "non-empty string")),
            ({"reference_id": [1]}, ("reference_id", "array")),
            ({"issue_time": -5}, ("issue_time", ">= 0")),
            ({"issue_time": 10**15}, ("issue_time", "not a usable Unix time")),
            ({"issue_time": "2024-04-08"}, ("issue_time", "whole number")),
        ],
    )
    def test_bad_record_fields(self, fields: dict[str, Any], fragments: tuple[str, ...]) -> None:
        expect_payload_error(
            record_payload(**fields), "$.response.penalty_point_list[0].", *fragments
        )

    def test_missing_field_names_the_path_and_close_matches(self) -> None:
        payload = record_payload()
        item = payload["response"]["penalty_point_list"][0]
        item["latest_points"] = item.pop("latest_point_num")
        message = expect_payload_error(
            payload, "$.response.penalty_point_list[0].latest_point_num", "missing field"
        )
        assert "latest_points" in message

    @pytest.mark.parametrize(
        ("payload", "fragments"),
        [
            ([], ("$:", "expected an object")),
            ("", ("$:", "not valid JSON")),
            (b"\xff\xfe\x00", ("$:", "UTF-8")),
            ({"error": ""}, ("$.response", "missing")),
            ({"response": []}, ("$.response", "object")),
            ({"response": {"penalty_point_list": {}}}, ("penalty_point_list", "array")),
            ({"response": {"penalty_point_list": "x"}}, ("penalty_point_list", "array")),
            ({"response": {"penalty_point_list": [3]}}, ("penalty_point_list[0]", "object")),
            ({"response": {"penalty_point_list": [], "total_count": -1}}, ("total_count",)),
            ({"response": {"total_count": 0}}, ("penalty_point_list", "missing")),
        ],
    )
    def test_malformed_envelopes(self, payload: object, fragments: tuple[str, ...]) -> None:
        expect_payload_error(payload, *fragments)


class TestPenaltyPointEvents:
    def test_one_violation_per_record_and_a_reduced_appeal(
        self, history: PenaltyPointHistory
    ) -> None:
        events = penalty_points_to_events(history, reduced_at=FETCHED)
        violations = [e for e in events if isinstance(e, Violation)]
        appeals = [e for e in events if isinstance(e, Appeal)]
        assert len(violations) == 5
        assert [v.points for v in violations] == [2, 2, 3, 1, 1]
        assert [v.at for v in violations] == [r.issue_time for r in history.records]
        assert [v.reference for v in violations] == [r.reference_id for r in history.records]
        assert len({v.id for v in violations}) == 5
        assert appeals == [
            Appeal(
                violations[2].id,
                FETCHED,
                FETCHED,
                AppealOutcome.REDUCED,
                points_after=1,
            )
        ]
        # The appeal follows its violation.
        assert events[3] is appeals[0]
        assert "lowered on appeal from 3 to 1" in violations[2].note
        assert violations[2].severity == "high"

    def test_unknown_type_books_to_the_generic_kind_with_a_note(
        self, history: PenaltyPointHistory
    ) -> None:
        events = penalty_points_to_events(history, reduced_at=FETCHED)
        unknown = next(e for e in events if isinstance(e, Violation) and e.reference == "240506004")
        assert unknown.kind == "points"
        assert unknown.points == 1
        assert "3190 is not in API_VIOLATION_TYPES" in unknown.note
        assert "generic kind 'points'" in unknown.note

    def test_evaluated_with_the_shopee_policy(self, history: PenaltyPointHistory) -> None:
        events = penalty_points_to_events(history, reduced_at=FETCHED)
        timeline = PH.evaluate(events)
        # 2 + 2 (tier 1 at 4) + 3 (tier 2 at 7) + 1 + 1 (tier 3 at 9).
        assert timeline.balance("points", manila(2024, 4, 15, 3)) == 4
        assert timeline.balance("points", manila(2024, 4, 22, 14, 30)) == 7
        before = timeline.at(manila(2024, 5, 14))
        assert before.points == {"points": 9}
        assert before.status is Status.RESTRICTED
        assert {s.reason for s in before.sanctions} == {
            "free shipping / shipping rebates removed",
            "listings deboosted (moderate)",
            "listings deboosted (severe)",
        }
        # The appeal lowers 3 to 1 when the history is fetched: 7 points, under tier 3.
        after = timeline.at(FETCHED)
        assert after.points == {"points": 7}
        assert "listings deboosted (severe)" not in {s.reason for s in after.sanctions}
        assert {s.reason for s in after.sanctions} == {
            "free shipping / shipping rebates removed",
            "listings deboosted (moderate)",
        }
        # The quarterly reset (first Monday of July 2024) clears the points.
        assert timeline.at(manila(2024, 7, 1)).points == {"points": 0}

    def test_reduced_at_issue_time_books_the_lowered_points_from_the_start(
        self, history: PenaltyPointHistory
    ) -> None:
        events = penalty_points_to_events(history, reduced_at=AT_ISSUE)
        assert all(isinstance(e, Violation) for e in events)
        assert [e.points for e in events if isinstance(e, Violation)] == [2, 2, 1, 1, 1]
        reduced = events[2]
        assert isinstance(reduced, Violation)
        assert "reduced_at='issue_time'" in reduced.note
        timeline = PH.evaluate(events)
        assert timeline.at(manila(2024, 5, 14)).points == {"points": 7}
        assert 9 not in {s.threshold for s in timeline.sanctions}

    def test_records_iterable_and_iso_string_are_accepted(
        self, history: PenaltyPointHistory
    ) -> None:
        events = penalty_points_to_events(
            list(history.records), reduced_at="2024-05-20T13:00:00+08:00"
        )
        assert events == penalty_points_to_events(history, reduced_at=FETCHED)

    def test_reduced_at_is_required(self, history: PenaltyPointHistory) -> None:
        with pytest.raises(TypeError):
            penalty_points_to_events(history)  # type: ignore[call-arg]

    def test_reduced_at_before_the_penalty_is_refused(self, history: PenaltyPointHistory) -> None:
        with pytest.raises(InvalidEventError, match="before record 2 was issued"):
            penalty_points_to_events(history, reduced_at=manila(2024, 4, 22))

    def test_naive_reduced_at_is_refused(self, history: PenaltyPointHistory) -> None:
        with pytest.raises(InvalidEventError, match="no time zone"):
            penalty_points_to_events(history, reduced_at="2024-05-20T13:00:00")

    def test_repeated_records_are_refused(self, history: PenaltyPointHistory) -> None:
        pages = history.records + history.records[1:2]
        with pytest.raises(InvalidEventError, match="record 5 repeats record 1"):
            penalty_points_to_events(pages, reduced_at=FETCHED)

    def test_other_values_are_refused(self) -> None:
        with pytest.raises(InvalidEventError, match="parse_penalty_point_history"):
            penalty_points_to_events([{"issue_time": 1}], reduced_at=FETCHED)  # type: ignore[list-item]

    def test_points_reduced_to_zero_give_a_zero_point_appeal(self) -> None:
        parsed = parse_penalty_point_history(record_payload(latest_point_num=0), market="PH")
        events = penalty_points_to_events(parsed, reduced_at=FETCHED)
        assert isinstance(events[1], Appeal)
        assert events[1].points_after == 0
        timeline = PH.evaluate(events)
        assert timeline.at(FETCHED).points == {"points": 0}
        assert timeline.at(manila(2024, 4, 9)).points == {"points": 2}


class TestPunishmentHistory:
    def test_fixtures_parse_into_typed_records(self) -> None:
        records = punishments()
        assert [(r.punishment_type, r.reason, r.tier) for r in records] == [
            (108, 2, 2),
            (104, 2, 2),
            (1109, 1109, None),
            (107, 1, 1),
            (602, 3, 3),
        ]
        assert records[2].listing_limit == 500
        assert records[0].order_limit is None
        assert records[3].start_time == manila(2024, 4, 15, 3)
        assert records[3].end_time == manila(2024, 5, 13, 3)
        assert records[3].description == "unable to join marketing campaigns"
        assert records[3].description == PUNISHMENT_TYPES[107]
        assert records[0].start_time.timezone_name == MNL

    def test_order_limit_and_unknown_types(self) -> None:
        item = {
            "issue_time": unix(2024, 5, 1),
            "start_time": unix(2024, 5, 1),
            "end_time": unix(2024, 5, 8),
            "punishment_type": 2008,
            "reason": 7,
            "reference_id": 5,
            "order_limit": "50%",
        }
        other = dict(item, punishment_type=4242, order_limit=30)
        parsed = parse_punishment_history(
            {"response": {"punishment_list": [item, other], "total_count": 4}}, market="PH"
        )
        assert isinstance(parsed, PunishmentHistory)
        assert not parsed.complete
        first, second = parsed.records
        assert first.order_limit == "50%"
        assert first.tier is None
        assert second.order_limit == "30"
        assert second.description == "punishment_type 4242 (not in the table)"

    def test_a_punishment_ending_before_it_starts_is_refused(self) -> None:
        item = {
            "issue_time": unix(2024, 5, 1),
            "start_time": unix(2024, 5, 8),
            "end_time": unix(2024, 5, 1),
            "punishment_type": 107,
            "reason": 1,
            "reference_id": 5,
        }
        with pytest.raises(InvalidPayloadError, match=r"punishment_list\[0\]\.end_time"):
            parse_punishment_history({"response": {"punishment_list": [item]}})

    def test_missing_list(self) -> None:
        with pytest.raises(InvalidPayloadError, match=r"\$\.response\.punishment_list: missing"):
            parse_punishment_history({"error": "", "response": {"total_count": 0}})


def fixture_timeline() -> Any:
    history = parse_penalty_point_history(fixture("shopee_penalty_point_history.json"), market="PH")
    return PH.evaluate(penalty_points_to_events(history, reduced_at=FETCHED))


class TestComparePunishments:
    def test_the_fixture_agrees_with_the_policy(self) -> None:
        differences = compare_punishments(fixture_timeline(), punishments())
        assert [d.kind for d in differences] == [DifferenceKind.NOT_MODELLED]
        assert differences[0].punishments[0].punishment_type == 1109
        assert "outside the tier ladder" in differences[0].message

    def test_histories_and_sanction_lists_are_accepted(self) -> None:
        timeline = fixture_timeline()
        ongoing = parse_punishment_history(fixture("shopee_punishment_history_ongoing.json"))
        ended = parse_punishment_history(fixture("shopee_punishment_history_ended.json"))
        joined = compare_punishments(timeline.sanctions, [*ongoing.records, *ended.records])
        assert joined == compare_punishments(timeline, punishments())
        only_ongoing = compare_punishments(timeline, ongoing)
        assert {(d.kind, d.tier) for d in only_ongoing} == {
            (DifferenceKind.MISSING, 1),
            (DifferenceKind.MISSING, 3),
            (DifferenceKind.NOT_MODELLED, None),
        }

    def test_missing_tier_is_reported(self) -> None:
        records = [r for r in punishments() if r.tier != 1]
        differences = compare_punishments(fixture_timeline(), records)
        missing = [d for d in differences if d.kind is DifferenceKind.MISSING]
        assert len(missing) == 1
        assert missing[0].tier == 1
        assert missing[0].start == manila(2024, 4, 15, 3)
        assert missing[0].predicted_end == manila(2024, 5, 13, 3)
        assert [s.reason for s in missing[0].sanctions] == ["no marketing campaigns"]
        assert "no tier-1 punishment" in missing[0].message

    def test_unexpected_tier_is_reported(self) -> None:
        extra = PunishmentRecord(
            manila(2024, 5, 15),
            manila(2024, 5, 15),
            manila(2024, 6, 12),
            105,
            4,
            "77",
        )
        differences = compare_punishments(fixture_timeline(), [*punishments(), extra])
        unexpected = [d for d in differences if d.kind is DifferenceKind.UNEXPECTED]
        assert len(unexpected) == 1
        assert unexpected[0].tier == 4
        assert unexpected[0].punishments == (extra,)
        assert unexpected[0].actual_end == manila(2024, 6, 12)
        assert "unable to create new listings" in unexpected[0].message

    def test_a_different_end_is_reported(self) -> None:
        records = [
            attrs_evolve(r, end_time=r.end_time.add(days=3)) if r.tier == 2 else r
            for r in punishments()
        ]
        differences = compare_punishments(fixture_timeline(), records)
        ends = [d for d in differences if d.kind is DifferenceKind.END_DIFFERS]
        assert len(ends) == 1
        assert ends[0].tier == 2
        assert ends[0].predicted_end == manila(2024, 5, 20, 14, 30)
        assert ends[0].actual_end == manila(2024, 5, 23, 14, 30)

    def test_tolerance_decides_what_counts_as_equal(self) -> None:
        # Tier 3 ends at 12:00 on Shopee's side, at the 13:00 appeal in the policy.
        strict = compare_punishments(fixture_timeline(), punishments(), tolerance=dt.timedelta(0))
        assert [(d.kind, d.tier) for d in strict if d.tier is not None] == [
            (DifferenceKind.END_DIFFERS, 3)
        ]
        hour = compare_punishments(
            fixture_timeline(), punishments(), tolerance=dt.timedelta(hours=1)
        )
        assert all(d.kind is DifferenceKind.NOT_MODELLED for d in hour)
        with pytest.raises(InvalidEventError, match="non-negative"):
            compare_punishments(fixture_timeline(), punishments(), tolerance=dt.timedelta(-1))

    def test_a_start_outside_the_tolerance_does_not_match(self) -> None:
        records = [
            attrs_evolve(r, start_time=r.start_time.add(days=2)) if r.tier == 1 else r
            for r in punishments()
        ]
        kinds = {(d.kind, d.tier) for d in compare_punishments(fixture_timeline(), records)}
        assert (DifferenceKind.MISSING, 1) in kinds
        assert (DifferenceKind.UNEXPECTED, 1) in kinds

    def test_since_limits_both_sides(self) -> None:
        differences = compare_punishments(fixture_timeline(), [], since="2024-05-01T00:00:00+08:00")
        assert [(d.kind, d.tier) for d in differences] == [(DifferenceKind.MISSING, 3)]
        assert (
            compare_punishments(fixture_timeline(), punishments(), since=manila(2024, 7, 1)) == ()
        )

    def test_custom_ladders_need_their_tier_levels(self) -> None:
        policy = get_policy(
            "shopee",
            market="PH",
            tiers={4: (SanctionSpec(SanctionKind.RESTRICTION, 14, "custom"),)},
        )
        history = parse_penalty_point_history(
            fixture("shopee_penalty_point_history.json"), market="PH"
        )
        timeline = policy.evaluate(penalty_points_to_events(history, reduced_at=FETCHED))
        with pytest.raises(PolicyDefinitionError, match="tier_levels"):
            compare_punishments(timeline, punishments())
        differences = compare_punishments(timeline, punishments(), tier_levels=(4,))
        tier_one = [d for d in differences if d.tier == 1]
        assert [d.kind for d in tier_one] == [DifferenceKind.END_DIFFERS]
        assert tier_one[0].predicted_end == manila(2024, 4, 29, 3)


def attrs_evolve(record: PunishmentRecord, **changes: Any) -> PunishmentRecord:
    import attrs

    return attrs.evolve(record, **changes)


# --------------------------------------------------------------------------- robustness

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _replace(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return doc


POINTS = fixture("shopee_penalty_point_history.json")
PUNISHMENTS = fixture("shopee_punishment_history_ongoing.json")


@given(st.data())
def test_mutated_point_histories_parse_or_fail_cleanly(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(_paths(POINTS)))
    doc = _replace(POINTS, path, data.draw(json_values))
    error: InvalidPayloadError | None = None
    try:
        parsed = parse_penalty_point_history(doc, market="PH")
    except InvalidPayloadError as exc:
        error = exc
    if error is not None:
        assert str(error).startswith("$")
        return
    try:
        events = penalty_points_to_events(parsed, reduced_at=manila(2100, 1, 1))
    except InvalidEventError:
        return
    PH.evaluate(events)


@given(st.data())
def test_mutated_punishment_histories_parse_or_fail_cleanly(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(_paths(PUNISHMENTS)))
    doc = _replace(PUNISHMENTS, path, data.draw(json_values))
    error: InvalidPayloadError | None = None
    try:
        parsed = parse_punishment_history(doc, market="PH")
    except InvalidPayloadError as exc:
        error = exc
    if error is not None:
        assert str(error).startswith("$")
        return
    compare_punishments(fixture_timeline(), parsed)


@given(st.text(max_size=40) | st.binary(max_size=40))
def test_junk_text_fails_cleanly(junk: str | bytes) -> None:
    with pytest.raises(InvalidPayloadError):
        parse_penalty_point_history(junk)


# ---------------------------------------------------------------------------
# Shopee payloads, value types: integral JSON floats are whole numbers, and values no JSON parser
# gives (a payload passed in already parsed) are named by their Python type.


def test_integral_floats_are_whole_numbers() -> None:
    history = parse_penalty_point_history(
        record_payload(original_point_num=3.0, latest_point_num=2.0), market="PH"
    )
    (record,) = history.records
    assert (record.original_point_num, record.latest_point_num) == (3, 2)
    assert type(record.original_point_num) is int


def test_a_value_of_another_python_type_is_named_by_its_type() -> None:
    with pytest.raises(InvalidPayloadError) as info:
        parse_penalty_point_history(record_payload(reference_id={1}), market="PH")
    assert str(info.value).startswith("$.response.penalty_point_list[0].reference_id: ")
    assert "got a set" in str(info.value)


# ---------------------------------------------------------------------------
# Issue 17: what a payload may not hold, and where it may come from.


def test_a_float_reference_id_is_refused_not_rounded() -> None:
    # Shopee's own document shows 764539404640322244 as 764539404640322300: parsed with floats.
    parsed_with_floats = json.loads(json.dumps(record_payload(reference_id=764539404640322244)))
    parsed_with_floats["response"]["penalty_point_list"][0]["reference_id"] = float(
        764539404640322244
    )
    expect_payload_error(
        parsed_with_floats, "reference_id: 7.645394046403223e+17 is a float", "64-bit"
    )
    expect_payload_error(record_payload(reference_id=5.0), "reference_id: 5.0 is a float")
    text = json.dumps(record_payload(reference_id=764539404640322244))
    (record,) = parse_penalty_point_history(text, market="PH").records
    assert record.reference_id == "764539404640322244"  # text keeps the exact digits


def test_a_float_whole_number_beyond_two_to_the_53_is_refused() -> None:
    expect_payload_error(
        record_payload(violation_type=float(2**60)), "violation_type", "float beyond 2**53"
    )


def test_unix_times_in_milliseconds_are_refused_as_such() -> None:
    ms = unix(2024, 4, 8, 10) * 1000
    expect_payload_error(
        record_payload(issue_time=ms), "issue_time", "looks like milliseconds", "2024-04-08"
    )
    # Year 5138: beyond what files hold, refused although a datetime could hold it.
    expect_payload_error(record_payload(issue_time=10**11), "issue_time", "not a usable Unix")


@pytest.mark.parametrize(
    "text",
    [
        '{"response": {"penalty_point_list": [], "penalty_point_list": []}}',
        '{"error": "", "error": "x", "response": {"penalty_point_list": []}}',
    ],
)
def test_a_repeated_key_is_refused(text: str) -> None:
    expect_payload_error(text, "repeats the key")
    with pytest.raises(InvalidPayloadError, match="repeats the key"):
        parse_punishment_history(text.replace("penalty_point_list", "punishment_list"))


def test_an_integer_too_long_to_convert_gives_the_payload_error() -> None:
    text = '{"response": {"penalty_point_list": [], "total_count": ' + "9" * 5000 + "}}"
    expect_payload_error(text, "more than 4,300 digits")


def test_another_endpoints_response_names_the_reader_that_reads_it() -> None:
    shop_penalty = {
        "request_id": "r",
        "error": "",
        "message": "",
        "response": {
            "penalty_points": {"overall_penalty_points": 10, "others": 2},
            "ongoing_punishment": [{"punishment_tier": 2, "days_left": 15}],
        },
    }
    message = expect_payload_error(
        shop_penalty,
        "response of v2.account_health.shop_penalty",
        "read it with parse_shop_penalty()",
        "fetch v2.account_health.get_penalty_point_history",
    )
    assert "Did you mean" not in message
    with pytest.raises(InvalidPayloadError, match=r"read it with parse_shop_penalty\(\)"):
        parse_punishment_history(shop_penalty["response"])
    performance = {"response": {"metric_list": [], "overall_performance": {}}}
    expect_payload_error(performance, "read it with parse_shop_performance()")


def test_a_payload_file_is_read_as_a_regular_file_within_a_cap(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "points.json"
    path.write_text(json.dumps(record_payload()))
    assert len(parse_penalty_point_history(path, market="PH").records) == 1
    with pytest.raises(InvalidPayloadError, match="larger than 10 bytes"):
        parse_penalty_point_history(path, max_bytes=10)
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    expect_payload_error(link, "not a regular file")
    bomb = gzip.compress(json.dumps(record_payload()).encode() + b" " * 10**6)
    with pytest.raises(InvalidPayloadError, match=r"\(decompressed\) is larger than 1,000 bytes"):
        parse_penalty_point_history(bomb, max_bytes=1000)
    with pytest.raises(InvalidPayloadError, match="larger than 10 bytes"):
        parse_punishment_history('{"punishment_list": []}', max_bytes=10)
