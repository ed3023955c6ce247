"""Every adapter against the real payloads others wrote (``../shared/realdata/``, see its README).

The samples are read where they are, never copied into the project; without that directory
(a checkout outside the workspace) the module is skipped with the reason. The expectations are
the facts its README lists, read off the files.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest

from penalties import Violation, get_policy
from penalties.errors import InvalidPayloadError
from penalties.io.amazon import MetricStatus, parse_performance_report
from penalties.io.lingxing import read_store_target
from penalties.io.performance import WarningCode, assess_health
from penalties.io.shopee import (
    CheckOutcome,
    DifferenceKind,
    check_shop_penalty,
    compare_punishments,
    parse_penalty_point_history,
    parse_punishment_history,
    parse_shop_penalty,
    parse_shop_performance,
    penalty_points_to_events,
)

REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata"
pytestmark = pytest.mark.skipif(
    not REALDATA.is_dir(), reason=f"the real samples are not here ({REALDATA} is absent)"
)
SG = "Asia/Singapore"


def sample(name: str) -> Path:
    return REALDATA / name


def mocks() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        sample("congminh1254_shopee-sdk__test-mocks.json").read_text(encoding="utf-8")
    )
    return data


def embedded(name: str) -> object:
    """The ``response_sample[0].value`` of a mirrored Shopee document."""
    doc = json.loads(sample(name).read_text(encoding="utf-8"))
    return doc["response_sample"][0]["value"]


POINTS = "shopee-open-platform__get_penalty_point_history__response_sample.json"
PUNISHMENTS = "shopee-open-platform__get_punishment_history__response_sample.json"
PERFORMANCE = "shopee-open-platform__get_shop_performance__response_sample.json"
LINGXING = "lingxing-erp-openapi__storeTarget-detail__response_example.json"
AMAZON = "amzn_selling-partner-api-models__accountHealthReport-2020-11-18__examples0.json"


class TestShopeePenaltyPoints:
    def test_every_record_of_shopees_sample(self) -> None:
        history = parse_penalty_point_history(sample(POINTS))
        assert (len(history.records), history.total_count, history.complete) == (8, 8, True)
        assert [r.original_point_num for r in history.records] == [1, 1, 1, 1, 1, 3, 1, 1]
        assert sum(r.latest_point_num for r in history.records) == 10
        first, last = (
            pendulum.datetime(2024, 10, 10, tz=SG),
            pendulum.datetime(2024, 10, 11, 16, 16, tz=SG),
        )
        assert all(
            first.timestamp() <= r.issue_time.timestamp() < last.timestamp()
            for r in history.records
        )
        # The sample's 18-digit ids went through a float64: they end in 00. The document's own
        # parameter sample gives the record of issue_time 1728552398 as 764539404640322244.
        long_ids = [r.reference_id for r in history.records if len(r.reference_id) == 18]
        assert len(long_ids) == 6
        assert all(i.endswith("00") for i in long_ids)
        (record,) = [r for r in history.records if r.issue_time.timestamp() == 1728552398]
        assert record.reference_id == "764539404640322300"

    def test_the_document_mirror_holds_the_same_sample(self) -> None:
        name = "congminh1254_shopee-sdk__v2.account_health.get_penalty_point_history.json"
        assert parse_penalty_point_history(embedded(name)) == parse_penalty_point_history(
            sample(POINTS)
        )

    def test_the_sdk_mocks(self) -> None:
        m = mocks()
        one = parse_penalty_point_history(m["manager_test.getPenaltyPointHistory.success"])
        assert [(r.latest_point_num, r.reference_id, r.kind) for r in one.records] == [
            (5, "123456789", "high_late_shipment_rate")
        ]
        assert (
            parse_penalty_point_history(m["manager_test.getPenaltyPointHistory.empty"]).records
            == ()
        )
        generated = parse_penalty_point_history(m["generated_test.getPenaltyPointHistory"])
        record = generated.records[0]
        assert (record.original_point_num, record.latest_point_num, record.reduced) == (1, 0, True)
        assert (generated.total_count, generated.complete) == (8, False)


class TestShopeePunishments:
    def test_every_record_of_shopees_sample(self) -> None:
        records = parse_punishment_history(sample(PUNISHMENTS)).records
        assert len(records) == 5
        tier3 = sorted(r.punishment_type for r in records if r.reason == 3)
        assert tier3 == [107, 108, 602]
        assert sorted(r.punishment_type for r in records if r.tier is None) == [1109, 1110]
        assert not [r for r in records if r.reason in (1, 2)]
        assert {int(r.end_time.timestamp() - r.start_time.timestamp()) for r in records} == {
            2_419_200
        }

    def test_the_document_mirror_holds_the_same_sample(self) -> None:
        name = "congminh1254_shopee-sdk__v2.account_health.get_punishment_history.json"
        assert parse_punishment_history(embedded(name)) == parse_punishment_history(
            sample(PUNISHMENTS)
        )

    def test_the_replay_of_the_points_against_the_punishments(self) -> None:
        events = penalty_points_to_events(
            parse_penalty_point_history(sample(POINTS)), reduced_at="issue_time"
        )
        timeline = get_policy("shopee").evaluate(events)
        differences = compare_punishments(timeline, parse_punishment_history(sample(PUNISHMENTS)))
        # Tier 3 agrees (the 9th point at 16:06:00, the punishments one second later); the
        # ongoing page lists no tier 1 or 2; the listing limits are outside the ladder.
        assert [(d.kind, d.tier) for d in differences] == [
            (DifferenceKind.MISSING, 1),
            (DifferenceKind.NOT_MODELLED, None),
            (DifferenceKind.MISSING, 2),
            (DifferenceKind.NOT_MODELLED, None),
        ]

    def test_the_sdk_mocks(self) -> None:
        m = mocks()
        ongoing = parse_punishment_history(m["manager_test.getPunishmentHistory.ongoing"]).records
        assert [(r.punishment_type, r.tier) for r in ongoing] == [(103, 1)]
        ended = parse_punishment_history(m["manager_test.getPunishmentHistory.ended"]).records
        assert [(r.punishment_type, r.listing_limit) for r in ended] == [(104, 100)]
        with pytest.raises(
            InvalidPayloadError, match=r"punishment_list\[0\]\.start_time: expected"
        ):
            parse_punishment_history(m["generated_test.getPunishmentHistory"])


class TestShopeeShopPenalty:
    def test_both_mocks(self) -> None:
        m = mocks()
        snap = parse_shop_penalty(m["pre_removal_manager_test.getShopPenalty.success"])
        assert snap.overall_points == 10
        assert dict(snap.categories) == {
            "non_fulfillment_rate": 2,
            "late_shipment_rate": 3,
            "listing_violations": 2,
            "opfr_violations": 1,
            "others": 2,
        }
        assert sum(snap.categories.values()) == snap.overall_points
        assert [(p.tier, p.days_left, p.name) for p in snap.ongoing] == [(2, 15, "deboost")]
        clean = parse_shop_penalty(m["pre_removal_manager_test.getShopPenalty.no_punishment"])
        assert (clean.overall_points, set(clean.categories.values()), clean.ongoing) == (0, {0}, ())

    def test_the_clean_mock_agrees_with_an_empty_history(self) -> None:
        snap = parse_shop_penalty(mocks()["pre_removal_manager_test.getShopPenalty.no_punishment"])
        check = check_shop_penalty(
            snap, get_policy("shopee").standing([], "2024-05-01T00:00:00+08:00")
        )
        assert check.agrees
        assert len(check.points) == 6
        assert check.punishments == ()

    def test_the_mock_against_a_replay_of_ten_points(self) -> None:
        snap = parse_shop_penalty(mocks()["pre_removal_manager_test.getShopPenalty.success"])

        def day(n: int) -> pendulum.DateTime:
            return pendulum.datetime(2024, 4, 1, 10, tz=SG).add(days=n)

        events = [
            Violation("nfr", "high_non_fulfilment_rate", day(0), points=2),
            Violation("lsr", "high_late_shipment_rate", day(1), points=3),
            Violation("pl", "prohibited_listings", day(14), points=2),
            Violation("op", "opfr_violation", day(14), points=1),
            Violation("ob", "order_brushing", day(14), points=2),
        ]
        check = check_shop_penalty(snap, get_policy("shopee").standing(events, day(27)))
        assert all(p.outcome is CheckOutcome.AGREES for p in check.points)
        assert [(c.tier, c.outcome) for c in check.punishments] == [
            (1, CheckOutcome.MISSING),
            (2, CheckOutcome.AGREES),
            (3, CheckOutcome.MISSING),
        ]
        assert "15.00 days left" in check.punishments[1].message
        assert not check.agrees
        assert len(check.differences) == 2


class TestShopeeShopPerformance:
    def test_every_metric_of_shopees_sample(self) -> None:
        perf = parse_shop_performance(sample(PERFORMANCE))
        assert len(perf.metrics) == 16
        rate = perf.metric("response_rate")
        assert (rate.current_period, rate.target_value, rate.comparator.value) == (
            Decimal(57),
            Decimal(70),
            ">=",
        )
        assert perf.metric(22).target_value == Decimal("4.5")
        assert [m.name for m in perf.failing] == ["response_rate"]
        assert sum(m.passed is None for m in perf.metrics) == 8
        # Shopee's own counts of failed metrics agree with the metrics.
        assert perf.overall is not None
        assert dict(perf.failed_counts()) == {1: 0, 2: 0, 3: 1}
        assert [perf.overall.failed(t) for t in (1, 2, 3)] == [0, 0, 1]
        assert perf.overall.rating_name == "Good"

    def test_the_document_mirror_holds_the_same_sample(self) -> None:
        name = "congminh1254_shopee-sdk__v2.account_health.get_shop_performance.json"
        assert parse_shop_performance(embedded(name)) == parse_shop_performance(sample(PERFORMANCE))

    def test_the_failing_metric_is_a_warning_the_standing_shows(self) -> None:
        (warning,) = parse_shop_performance(sample(PERFORMANCE)).warnings()
        assert (warning.code, warning.metric, warning.value, warning.unit) == (
            WarningCode.TARGET_MISSED,
            "response_rate",
            Decimal(57),
            "percent",
        )
        standing = get_policy("shopee").standing([], "2024-05-01T00:00:00+08:00")
        text = assess_health(standing, [warning]).explain()
        assert text.startswith(standing.explain())
        assert "response_rate is 57%, target >= 70%: missed [SG]" in text


class TestAmazon:
    def test_amazons_example_report(self) -> None:
        report = parse_performance_report(sample(AMAZON))
        assert [s.status.value for s in report.account_statuses] == [
            "AT_RISK",
            "NORMAL",
            "DEACTIVATED",
        ]
        metrics = report.marketplace()
        unit = metrics.rate_metric("unitOnTimeDeliveryRate")
        assert (unit.rate, unit.target_value, unit.status, unit.meets_target) == (
            Decimal("0.8848"),
            Decimal("0.9"),
            MetricStatus.GOOD,
            False,
        )
        listing = sum(v.count for v in metrics.listing_violations if v.kind is not None)
        assert listing == 998
        assert metrics.listing_violation("documentRequests").count == 8

    def test_the_schema_holds_the_same_example(self) -> None:
        schema = json.loads(
            sample(
                "amzn_selling-partner-api-models__accountHealthReport-2020-11-18.json"
            ).read_text()
        )
        assert parse_performance_report(schema["examples"][0]) == parse_performance_report(
            sample(AMAZON)
        )

    def test_its_warnings(self) -> None:
        warnings = parse_performance_report(sample(AMAZON)).warnings()
        codes = [(w.code, w.metric) for w in warnings]
        assert codes[:2] == [
            (WarningCode.ACCOUNT_STATUS, "status"),
            (WarningCode.ACCOUNT_STATUS, "status"),
        ]
        assert (WarningCode.VERDICT_DISAGREES, "unitOnTimeDeliveryRate") in codes
        assert (WarningCode.VERDICT_DISAGREES, "documentRequests") in codes
        assert (WarningCode.WARNING_STATE, "spammingSellerMessaging") in codes
        assert sum(c is WarningCode.METRIC_FAILED for c, _ in codes) == 7


class TestLingXing:
    def test_every_field_of_the_example(self) -> None:
        target = read_store_target(sample(LINGXING), marketplace_id="ATVPDKIKX0DER")
        m = target.marketplace
        late = m.rate_metric("lateShipmentRate")
        assert (late.rate, late.target_value, late.total, late.count) == (
            Decimal("0.025"),
            Decimal("0.04"),
            1250,
            31,
        )
        mfn = m.rate_metric("orderDefectRate.mfn")
        assert [(p.name, p.count, p.rate) for p in mfn.parts] == [
            ("orderWithDefects", 10, None),
            ("claims", 4, Decimal("0.003")),
            ("chargebacks", 1, Decimal("0.001")),
            ("negativeFeedback", 5, Decimal("0.004")),
        ]
        assert m.rate_metric("orderDefectRate.afn").rate == Decimal("0.008")
        assert m.rate_metric("validTrackingRate").target_value == Decimal("0.95")
        assert m.rate_metric("onTimeDeliveryRate").rate == Decimal("0.975")
        assert m.rate_metric("unitOnTimeDeliveryRate").count == 1187
        invoice = m.rate_metric("invoiceDefectRate")
        assert [(p.name, p.count) for p in invoice.parts] == [
            ("invoiceDefect", 5),
            ("missingInvoice", 2),
            ("lateInvoice", 3),
        ]
        assert m.rate_metric("preFulfillmentCancellationRate").target_value == Decimal("0.025")
        assert len(m.rate_metrics) == 8
        assert len(m.listing_violations) == 10
        assert {v.count for v in m.listing_violations} == {0}
        assert m.policy_violation_warnings is not None
        assert m.policy_violation_warnings.count == 0
        ahr = m.account_health_rating
        assert ahr is not None
        assert (ahr.status, ahr.score) == ("Healthy", 200)
        assert target.standards["returnDissatisfaction"] == Decimal("0.10")
        assert len(target.standards) == 10
        window = target.windows["lateShipment"]
        assert (str(window.start), str(window.end), window.days) == ("2024-10-01", "2024-11-01", 30)
        assert len(target.windows) == 10
        assert (str(target.pull_date), str(target.update_date)) == ("2024-11-01", "2024-11-12")
        assert (target.on_time_delivery_source, target.commodity_policy_total) == (1, 0)
        assert (target.request_id, target.response_time) == ("REQUEST_ID", "2024-11-12 10:30:00")
        assert target.warnings() == ()
