"""Shopee ``shop_penalty`` snapshots (and their cross-check) and ``get_shop_performance``."""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalties import InvalidEventError, Violation, get_policy
from penalties.errors import InvalidPayloadError
from penalties.io.performance import WarningCode
from penalties.io.shopee import (
    CheckOutcome,
    ShopPenalty,
    check_shop_penalty,
    parse_shop_penalty,
    parse_shop_performance,
)
from tests.helpers import examples

MNL = "Asia/Manila"
PH = get_policy("shopee", market="PH")


def at(day: int, hour: int = 10) -> pendulum.DateTime:
    return pendulum.datetime(2024, 4, 1, hour, tz=MNL).add(days=day)


def penalty(overall: int = 5, ongoing: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "error": "",
        "request_id": "r",
        "response": {
            "penalty_points": {
                "overall_penalty_points": overall,
                "late_shipment_rate": 3,
                "listing_violations": 2,
            },
            "ongoing_punishment": ongoing
            if ongoing is not None
            else [{"punishment_tier": 1, "days_left": 20, "punishment_name": "no campaigns"}],
        },
    }


EVENTS = [
    Violation("lsr", "high_late_shipment_rate", at(0), points=3),
    Violation("spam", "spam_listings", at(2), points=2),
]


class TestShopPenalty:
    def test_parse(self) -> None:
        snap = parse_shop_penalty(penalty(), market="PH")
        assert (snap.market, snap.overall_points, dict(snap.categories)) == (
            "PH",
            5,
            {"late_shipment_rate": 3, "listing_violations": 2},
        )
        assert pickle.loads(pickle.dumps(snap)) == snap
        assert isinstance(snap, ShopPenalty)
        assert snap.request_id == "r"

    def test_agrees_with_a_matching_replay(self) -> None:
        # tier 1 from day 0 for 28 days; at day 8 there are 20 days left.
        check = check_shop_penalty(parse_shop_penalty(penalty()), PH.standing(EVENTS, at(8)))
        assert check.agrees, check.explain()
        assert [p.subject for p in check.points] == [
            "overall_penalty_points",
            "late_shipment_rate",
            "listing_violations",
        ]
        assert check.points[2].violations == ("spam",)
        assert check.explain().splitlines()[0].endswith("everything agrees")

    def test_points_and_days_that_differ(self) -> None:
        snap = parse_shop_penalty(
            penalty(
                overall=6,
                ongoing=[
                    {"punishment_tier": 1, "days_left": 25, "punishment_name": "no campaigns"},
                    {"punishment_tier": 2, "days_left": 3, "punishment_name": "deboost"},
                ],
            )
        )
        check = check_shop_penalty(snap, PH.standing(EVENTS, at(8)))
        assert [(p.subject, p.outcome) for p in check.differences if hasattr(p, "subject")] == [
            ("overall_penalty_points", CheckOutcome.DIFFERS)
        ]
        assert [(c.tier, c.outcome) for c in check.punishments] == [
            (1, CheckOutcome.DIFFERS),
            (2, CheckOutcome.UNEXPECTED),
        ]
        assert "Shopee counts 6, the replay 5 (+1 on Shopee's side)" in check.points[0].message
        assert check.punishments[0].predicted_end is not None
        text = check.explain()
        assert "3 difference(s)" in text
        assert text.count("\n! ") == 3
        assert "3 处不一致" in check.explain("zh")

    def test_a_wider_tolerance_and_a_missing_tier(self) -> None:
        snap = parse_shop_penalty(
            penalty(ongoing=[{"punishment_tier": 1, "days_left": 22, "punishment_name": "x"}])
        )
        standing = PH.standing(EVENTS, at(8))
        assert not check_shop_penalty(snap, standing).agrees
        assert check_shop_penalty(snap, standing, days_tolerance=2).agrees
        empty = parse_shop_penalty(penalty(ongoing=[]))
        (tier,) = check_shop_penalty(empty, standing).punishments
        assert (tier.tier, tier.outcome) == (1, CheckOutcome.MISSING)

    def test_categories_can_be_replaced(self) -> None:
        snap = parse_shop_penalty(penalty())
        check = check_shop_penalty(
            snap, PH.standing(EVENTS, at(8)), categories={"listing_violations": ()}
        )
        assert [(p.subject, p.replayed) for p in check.points][1:] == [
            ("late_shipment_rate", 0),
            ("listing_violations", 0),
        ]

    def test_bad_arguments(self) -> None:
        snap = parse_shop_penalty(penalty())
        with pytest.raises(TypeError, match="not a ShopPenalty"):
            check_shop_penalty(penalty(), PH.standing(EVENTS, at(8)))  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="not a Standing"):
            check_shop_penalty(snap, EVENTS)  # type: ignore[arg-type]
        with pytest.raises(InvalidEventError, match="days_tolerance"):
            check_shop_penalty(snap, PH.standing(EVENTS, at(8)), days_tolerance=-1)
        with pytest.raises(InvalidEventError, match="no 'points' ledger"):
            check_shop_penalty(snap, get_policy("aliexpress").standing([], at(8)))

    @pytest.mark.parametrize(
        ("edit", "fragment"),
        [
            (
                lambda r: r["penalty_points"].update(overall_penalty_points=-1),
                "$.response.penalty_points.overall_penalty_points: expected a number >= 0",
            ),
            (
                lambda r: r["penalty_points"].update(others="2"),
                "$.response.penalty_points.others: expected a whole number",
            ),
            (
                lambda r: r["penalty_points"].pop("overall_penalty_points"),
                "$.response.penalty_points.overall_penalty_points: missing",
            ),
            (
                lambda r: r["ongoing_punishment"][0].update(punishment_tier=6),
                "$.response.ongoing_punishment[0].punishment_tier: tier 6",
            ),
            (
                lambda r: r["ongoing_punishment"][0].pop("days_left"),
                "$.response.ongoing_punishment[0].days_left: missing",
            ),
            (lambda r: r.pop("ongoing_punishment"), "$.response.ongoing_punishment: missing"),
        ],
    )
    def test_bad_fields(self, edit: Any, fragment: str) -> None:
        data = copy.deepcopy(penalty())
        edit(data["response"])
        with pytest.raises(InvalidPayloadError) as info:
            parse_shop_penalty(data)
        assert fragment in str(info.value)

    def test_other_responses_are_refused_naming_their_reader(self) -> None:
        with pytest.raises(InvalidPayloadError, match=r"parse_penalty_point_history\(\)"):
            parse_shop_penalty({"response": {"penalty_point_list": []}})
        with pytest.raises(InvalidPayloadError, match="error 'error_auth'"):
            parse_shop_penalty({"error": "error_auth", "response": {}})


def metric(**fields: Any) -> dict[str, Any]:
    item = {
        "current_period": 12.5,
        "last_period": 8,
        "metric_id": 1,
        "metric_name": "late_shipment_rate",
        "metric_type": 1,
        "parent_metric_id": 0,
        "target": {"comparator": "<", "value": 10},
        "unit": 2,
    }
    item.update(fields)
    return item


def performance(*metrics: dict[str, Any], rating: int = 2) -> dict[str, Any]:
    return {
        "error": "",
        "response": {
            "metric_list": list(metrics),
            "overall_performance": {
                "rating": rating,
                "fulfillment_failed": 1,
                "listing_failed": 0,
                "custom_service_failed": 0,
            },
        },
    }


class TestShopPerformance:
    def test_metrics_warnings_and_the_rating(self) -> None:
        perf = parse_shop_performance(
            performance(metric(), metric(metric_id=-1, metric_name="group", current_period=None)),
            market="PH",
        )
        late = perf.metric(1)
        assert (late.current_period, late.last_period, late.passed, late.unit_name) == (
            Decimal("12.5"),
            Decimal(8),
            False,
            "percent",
        )
        assert perf.metric("group").is_group
        assert perf.metric("group").passed is None
        warnings = perf.warnings()
        assert [(w.code, w.metric) for w in warnings] == [
            (WarningCode.TARGET_MISSED, "late_shipment_rate"),
            (WarningCode.OVERALL_RATING, "overall_performance"),
        ]
        assert warnings[0].explain() == "late_shipment_rate is 12.5%, target < 10%: missed [PH]"
        assert warnings[1].explain() == "shopee overall performance: ImprovementNeeded [PH]"
        assert warnings[0].explain("zh") == "late_shipment_rate 为 12.5%，目标 < 10%：未达标［PH］"
        assert pickle.loads(pickle.dumps(perf)) == perf

    def test_every_comparator_and_unit(self) -> None:
        cases = [
            ("<", 9, True),
            ("<=", 10, True),
            (">", 10, False),
            (">=", 10, True),
            ("=", 10, True),
        ]
        for sign, value, passed in cases:
            perf = parse_shop_performance(
                performance(metric(current_period=value, target={"comparator": sign, "value": 10}))
            )
            assert perf.metrics[0].passed is passed, sign
        days = parse_shop_performance(
            performance(metric(unit=4, current_period=3, target={"comparator": "<", "value": 2}))
        )
        assert (
            days.warnings()[0].explain()
            == "late_shipment_rate is 3 days, target < 2 days: missed [SG]"
        )
        assert parse_shop_performance(performance(metric(unit=9))).metrics[0].unit_name == "unit 9"

    def test_an_exemption_is_named(self) -> None:
        perf = parse_shop_performance(
            performance(metric(metric_id=12, exemption_end_date="2025-03-31"), rating=3)
        )
        (warning,) = perf.warnings()
        assert warning.detail == "exempt until 2025-03-31"
        assert warning.explain().endswith("missed (exempt until 2025-03-31) [SG]")

    @pytest.mark.parametrize(
        ("fields", "fragment"),
        [
            (
                {"target": {"comparator": "!=", "value": 1}},
                "$.response.metric_list[0].target.comparator: '!=' is not one of",
            ),
            ({"target": {"comparator": "<"}}, "$.response.metric_list[0].target.value: missing"),
            (
                {"current_period": "12"},
                "$.response.metric_list[0].current_period: expected a number",
            ),
            ({"current_period": float("nan")}, "expected a finite number"),
            ({"metric_name": ""}, "$.response.metric_list[0].metric_name: expected a non-empty"),
            ({"unit": -1}, "$.response.metric_list[0].unit: expected a number >= 0"),
        ],
    )
    def test_bad_fields(self, fields: dict[str, Any], fragment: str) -> None:
        with pytest.raises(InvalidPayloadError) as info:
            parse_shop_performance(performance(metric(**fields)))
        assert fragment in str(info.value)

    def test_lookups_name_what_exists(self) -> None:
        perf = parse_shop_performance(performance(metric()))
        with pytest.raises(LookupError, match="late_shipment_rate"):
            perf.metric("late_shipment_rat")


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


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths(v, (*prefix, i))
    return out


def replace(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return doc


@settings(max_examples=examples(40))
@given(st.data())
def test_mutated_shop_penalties_parse_or_fail_naming_a_path(data: st.DataObject) -> None:
    original = penalty()
    doc = replace(original, data.draw(st.sampled_from(paths(original))), data.draw(json_values))
    error: InvalidPayloadError | None = None
    try:
        snap = parse_shop_penalty(doc, market="PH")
    except InvalidPayloadError as exc:
        error = exc
    if error is not None:
        assert str(error).startswith("$"), str(error)
        return
    check = check_shop_penalty(snap, PH.standing(EVENTS, at(8)))
    assert check.explain()
    assert check.explain("zh")


@settings(max_examples=examples(40))
@given(st.data())
def test_mutated_shop_performances_parse_or_fail_naming_a_path(data: st.DataObject) -> None:
    original = performance(metric(), metric(metric_id=11, metric_type=3, current_period=57))
    doc = replace(original, data.draw(st.sampled_from(paths(original))), data.draw(json_values))
    error: InvalidPayloadError | None = None
    try:
        perf = parse_shop_performance(doc, market="PH")
    except InvalidPayloadError as exc:
        error = exc
    if error is not None:
        assert str(error).startswith("$"), str(error)
        return
    perf.failed_counts()
    for warning in perf.warnings():
        assert warning.explain()
        assert warning.explain("zh")
