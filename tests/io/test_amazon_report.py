"""Amazon seller performance report: typed records, both spellings, events for the amazon kinds."""

from __future__ import annotations

import copy
import gzip
import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from penalties import InvalidEventError, Violation
from penalties.errors import InvalidPayloadError
from penalties.io.amazon import (
    ALIASES,
    LISTING_VIOLATION_KINDS,
    SEVERITIES,
    AccountHealthRating,
    AccountStatus,
    DefectCount,
    MetricStatus,
    PolicyViolationWarnings,
    ReportingRange,
    SellerPerformanceReport,
    TargetCondition,
    WarningState,
    parse_performance_report,
    report_to_events,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "payloads"
US = "ATVPDKIKX0DER"
DE = "A1PA6795UKMFR9"
UK = "A1F83G8C2ARO7P"
REPORT_DATE = pendulum.datetime(2024, 5, 22, 8, tz="UTC")
US_COUNTS = {
    "ip_complaint": 2,
    "suspected_ip_violation": 1,
    "product_authenticity_complaint": 1,
    "product_condition_complaint": 3,
    "listing_policy_violation": 2,
    "restricted_product_violation": 1,
    "review_policy_violation": 1,
}


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def utc(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="UTC")


@pytest.fixture
def report() -> SellerPerformanceReport:
    return parse_performance_report(fixture("amazon_performance_report.json"))


def expect_error(payload: object, *fragments: str) -> str:
    with pytest.raises(InvalidPayloadError) as info:
        parse_performance_report(payload)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message
    return message


def snake_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", k).lower(): snake_keys(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [snake_keys(v) for v in value]
    return value


class TestKindTable:
    def test_the_fixed_kind_codes(self) -> None:
        assert dict(LISTING_VIOLATION_KINDS) == {
            "receivedIntellectualPropertyComplaints": "ip_complaint",
            "suspectedIntellectualPropertyViolations": "suspected_ip_violation",
            "productAuthenticityCustomerComplaints": "product_authenticity_complaint",
            "productConditionCustomerComplaints": "product_condition_complaint",
            "productSafetyCustomerComplaints": "product_safety_complaint",
            "foodAndProductSafetyIssues": "food_product_safety_issue",
            "listingPolicyViolations": "listing_policy_violation",
            "restrictedProductPolicyViolations": "restricted_product_violation",
            "customerProductReviewsPolicyViolations": "review_policy_violation",
            "otherPolicyViolations": "other_policy_violation",
        }
        assert SEVERITIES == ("critical", "high", "medium", "low")


class TestParse:
    def test_account_statuses(self, report: SellerPerformanceReport) -> None:
        assert report.marketplace_ids == (US, DE)
        assert report.status(US) is AccountStatus.AT_RISK
        assert report.status(DE) is AccountStatus.NORMAL
        assert report.status(UK) is None

    def test_account_health_rating(self, report: SellerPerformanceReport) -> None:
        ahr = report.marketplace(US).account_health_rating
        assert ahr == AccountHealthRating(
            "WARNED", ReportingRange(utc(2023, 11, 23), utc(2024, 5, 21, 23, 59)), score=164
        )
        assert ahr.reporting_range.start.utcoffset() is not None

    def test_rate_metrics(self, report: SellerPerformanceReport) -> None:
        us = report.marketplace(US)
        lsr = us.rate_metric("lateShipmentRate")
        assert lsr.reporting_range == ReportingRange(utc(2024, 4, 22), utc(2024, 5, 21, 23, 59))
        assert (lsr.status, lsr.rate, lsr.target_value) == (
            MetricStatus.BAD,
            Decimal("0.04389"),
            Decimal("0.04"),
        )
        assert lsr.target_condition is TargetCondition.LESS_THAN
        assert (lsr.total, lsr.count) == (2210, 97)
        assert not lsr.meets_target
        vtr = us.rate_metric("validTrackingRate")
        assert (vtr.total, vtr.count, vtr.meets_target) == (2198, 2131, True)
        otd = us.rate_metric("onTimeDeliveryRate")
        assert (otd.total, otd.count, otd.status, otd.meets_target) == (
            2087,
            1868,
            MetricStatus.BAD,
            False,
        )
        unit = us.rate_metric("unitOnTimeDeliveryRate")
        assert (unit.total, unit.count) == (2611, 2402)
        pfc = us.rate_metric("preFulfillmentCancellationRate")
        assert (pfc.total, pfc.count, pfc.rate) == (512, 4, Decimal("0.00781"))
        # The report's own verdict agrees with the target everywhere in the fixture.
        for metric in us.rate_metrics:
            assert metric.meets_target is (metric.status is MetricStatus.GOOD), metric.name

    def test_order_defect_rate_per_channel_with_its_parts(
        self, report: SellerPerformanceReport
    ) -> None:
        mfn = report.marketplace(US).rate_metric("orderDefectRate.mfn")
        assert mfn.fulfillment_type == "mfn"
        assert (mfn.total, mfn.count, mfn.rate) == (4120, 37, Decimal("0.00898"))
        assert mfn.parts == (
            DefectCount("orderWithDefects", 37, MetricStatus.GOOD),
            DefectCount("claims", 12, MetricStatus.NONE),
            DefectCount("chargebacks", 3, MetricStatus.NONE),
            DefectCount("negativeFeedback", 22, MetricStatus.NONE),
        )
        afn = report.marketplace(US).rate_metric("orderDefectRate.afn")
        assert (afn.total, afn.count) == (9630, 41)
        idr = report.marketplace(US).rate_metric("invoiceDefectRate")
        assert [(p.name, p.count) for p in idr.parts] == [
            ("invoiceDefect", 6),
            ("missingInvoice", 4),
            ("lateInvoice", 2),
        ]
        assert idr.count == 6

    def test_late_shipment_rate_list(self, report: SellerPerformanceReport) -> None:
        us = report.marketplace(US)
        first = us.rate_metric("lateShipmentRateList[0]")
        assert (first.total, first.count, first.rate) == (731, 35, Decimal("0.04788"))
        assert first.reporting_range.start == utc(2024, 5, 12)
        assert us.rate_metric("lateShipmentRateList[1]").count == 97

    def test_listing_level_counts(self, report: SellerPerformanceReport) -> None:
        us = report.marketplace(US)
        counts = {v.kind: v.count for v in us.listing_violations if v.count}
        assert counts == {**US_COUNTS, None: 1}
        ip = us.listing_violation("receivedIntellectualPropertyComplaints")
        assert ip is us.listing_violation("ip_complaint")
        assert (ip.status, ip.target_value, ip.target_condition) == (
            MetricStatus.BAD,
            0.0,
            TargetCondition.EQUALS,
        )
        assert ip.reporting_range == ReportingRange(utc(2023, 11, 24), utc(2024, 5, 21, 23, 59))
        docs = us.listing_violation("documentRequests")
        assert (docs.kind, docs.count, docs.status) == (None, 1, MetricStatus.GOOD)
        assert all(v.count == 0 for v in report.marketplace(DE).listing_violations)
        assert len(report.marketplace(DE).listing_violations) == 11

    def test_warnings(self, report: SellerPerformanceReport) -> None:
        us = report.marketplace(US)
        assert us.warning_states == (WarningState("spammingSellerMessaging", MetricStatus.BAD),)
        assert us.policy_violation_warnings == PolicyViolationWarnings(
            3, ReportingRange(utc(2023, 11, 24), utc(2024, 5, 21, 23, 59))
        )
        de = report.marketplace(DE)
        assert de.warning_states == ()
        assert de.policy_violation_warnings is None
        assert {m.name for m in de.rate_metrics} == {
            "orderDefectRate.mfn",
            "orderDefectRate.afn",
            "lateShipmentRate",
            "preFulfillmentCancellationRate",
            "validTrackingRate",
        }

    def test_lookups_name_what_exists(self, report: SellerPerformanceReport) -> None:
        with pytest.raises(LookupError, match="covers 2 marketplaces"):
            report.marketplace()
        with pytest.raises(LookupError, match=f"Did you mean '{US}'"):
            report.marketplace("ATVPDKIKX0DEX")
        with pytest.raises(LookupError, match="Did you mean 'lateShipmentRate'"):
            report.marketplace(US).rate_metric("lateShipmentRat")
        with pytest.raises(LookupError, match="no listing-level count"):
            report.marketplace(US).listing_violation("counterfeit")

    def test_text_bytes_and_gzip_give_the_same_report(
        self, report: SellerPerformanceReport
    ) -> None:
        raw = (FIXTURES / "amazon_performance_report.json").read_bytes()
        for payload in (raw.decode(), raw, gzip.compress(raw), bytearray(raw)):
            assert parse_performance_report(payload) == report


class TestSpellings:
    def test_the_schema_examples_spellings(self) -> None:
        report = parse_performance_report(
            fixture("amazon_performance_report_example_spelling.json")
        )
        # accountStatuses[].status "SUSPENDED" (the example) is the enum's "DEACTIVATED".
        assert report.status(UK) is AccountStatus.DEACTIVATED
        uk = report.marketplace()
        assert uk.account_health_rating is not None
        assert uk.account_health_rating.status == "WARNED"
        assert uk.account_health_rating.score is None
        pfc = uk.rate_metric("preFulfillmentCancellationRate")
        assert (pfc.total, pfc.count, pfc.status) == (240, 9, MetricStatus.BAD)
        assert uk.warning_states == (WarningState("spammingSellerMessaging", MetricStatus.GOOD),)
        assert uk.listing_violation("documentRequests").count == 2
        assert uk.listing_violation("ip_complaint").count == 4

    def test_aliases_table(self) -> None:
        assert ALIASES["preFulfillmentCancellationRate"] == ("prefulfillmentCancelRate",)
        assert ALIASES["ahrStatus"] == ("accountHealthRatingStatus",)

    def test_snake_case_reports_read_the_same(self, report: SellerPerformanceReport) -> None:
        snaked = snake_keys(fixture("amazon_performance_report.json"))
        assert "performance_metrics" in snaked
        assert "late_shipment_rate" in snaked["performance_metrics"][0]
        assert parse_performance_report(snaked) == report

    def test_both_spellings_with_one_value_are_fine(self, report: SellerPerformanceReport) -> None:
        doc = fixture("amazon_performance_report.json")
        us = doc["performanceMetrics"][0]
        us["prefulfillmentCancelRate"] = copy.deepcopy(us["preFulfillmentCancellationRate"])
        assert parse_performance_report(doc) == report

    def test_two_spellings_with_different_values_are_ambiguous(self) -> None:
        doc = fixture("amazon_performance_report.json")
        ahr = doc["performanceMetrics"][0]["accountHealthRating"]
        ahr["accountHealthRatingStatus"] = "GREAT"
        expect_error(
            doc,
            "$.performanceMetrics[0].accountHealthRating:",
            "'ahrStatus' and 'accountHealthRatingStatus'",
            "different values",
        )

    def test_an_unknown_account_status_lists_both_spellings(self) -> None:
        doc = fixture("amazon_performance_report.json")
        doc["accountStatuses"][1]["status"] = "DEACTIVATE"
        message = expect_error(doc, "$.accountStatuses[1].status", "'DEACTIVATE'")
        assert "NORMAL, AT_RISK, DEACTIVATED, SUSPENDED" in message
        assert "Did you mean 'DEACTIVATED'" in message


class TestBadReports:
    def test_truncated_report(self) -> None:
        text = (FIXTURES / "amazon_performance_report_truncated.json").read_text()
        expect_error(text, "$:", "not valid JSON", "truncated")

    def test_bad_field_names_its_path(self) -> None:
        expect_error(
            fixture("amazon_performance_report_bad_field.json"),
            "$.performanceMetrics[0].lateShipmentRate.targetCondition:",
            "'AT_MOST'",
            "GREATER_THAN, LESS_THAN, EQUALS",
        )

    @pytest.mark.parametrize(
        ("edit", "fragments"),
        [
            (
                lambda d: d["performanceMetrics"][0]["lateShipmentRate"].pop("rate"),
                ("$.performanceMetrics[0].lateShipmentRate.rate: missing field",),
            ),
            (
                lambda d: d["performanceMetrics"][0]["lateShipmentRate"].update(rate="4%"),
                ("lateShipmentRate.rate", "expected a number"),
            ),
            (
                lambda d: d["performanceMetrics"][0]["validTrackingRate"].update(status="MEDIOCRE"),
                ("validTrackingRate.status", "'MEDIOCRE'", "GOOD, BAD, NONE"),
            ),
            (
                lambda d: d["performanceMetrics"][0]["listingPolicyViolations"].update(
                    defectsCount=-2
                ),
                ("listingPolicyViolations.defectsCount", ">= 0"),
            ),
            (
                lambda d: d["performanceMetrics"][0]["listingPolicyViolations"][
                    "reportingDateRange"
                ].update(reportingDateTo="2024-05-21T23:59"),
                ("listingPolicyViolations.reportingDateRange.reportingDateTo", "no time zone"),
            ),
            (
                lambda d: d["performanceMetrics"][0]["listingPolicyViolations"][
                    "reportingDateRange"
                ].update(reportingDateFrom="2023-11-24"),
                ("reportingDateRange.reportingDateFrom", "a date, not an instant"),
            ),
            (
                lambda d: d["performanceMetrics"][0]["accountHealthRating"].update(ahrScore=1200),
                ("accountHealthRating.ahrScore", "0-1000"),
            ),
            (
                lambda d: d["performanceMetrics"][0]["orderDefectRate"]["mfn"]["claims"].update(
                    count=None
                ),
                ("orderDefectRate.mfn.claims.count", "null"),
            ),
            (
                lambda d: d["performanceMetrics"][0].update(warningStates={"x": 1}),
                ("$.performanceMetrics[0].warningStates", "array"),
            ),
            (
                lambda d: d["performanceMetrics"][1].update(marketplaceId=US),
                ("$.performanceMetrics[1].marketplaceId", "appears twice"),
            ),
            (
                lambda d: d["accountStatuses"].append({"marketplaceId": DE, "status": "NORMAL"}),
                ("$.accountStatuses[2].marketplaceId", "appears twice"),
            ),
            (lambda d: d.pop("accountStatuses"), ("$.accountStatuses: missing field",)),
            (
                lambda d: d["performanceMetrics"][0].pop("marketplaceId"),
                ("$.performanceMetrics[0].marketplaceId: missing field",),
            ),
        ],
    )
    def test_bad_fields(self, edit: Any, fragments: tuple[str, ...]) -> None:
        doc = fixture("amazon_performance_report.json")
        edit(doc)
        expect_error(doc, *fragments)

    @pytest.mark.parametrize(
        ("payload", "fragment"),
        [
            ([], "$: expected an object"),
            ("null", "$: expected an object"),
            (b"\x1f\x8b not gzip", "gzip"),
            (b"\xc3\x28", "UTF-8"),
            ("[" * 100_000, "$:"),
        ],
    )
    def test_junk_documents(self, payload: object, fragment: str) -> None:
        expect_error(payload, fragment)


class TestEvents:
    def test_one_violation_per_counted_defect(self, report: SellerPerformanceReport) -> None:
        events = report_to_events(report, at=REPORT_DATE, points=5, marketplace=US)
        assert all(isinstance(e, Violation) for e in events)
        counted: dict[str, int] = {}
        for e in events:
            counted[e.kind] = counted.get(e.kind, 0) + 1
        assert counted == US_COUNTS
        assert len({e.id for e in events}) == len(events) == 11
        assert {e.at for e in events} == {REPORT_DATE}
        assert {e.points for e in events if e.kind != "ip_complaint"} == {5}
        assert {e.points for e in events if e.kind == "ip_complaint"} == {None}
        assert {e.severity for e in events} == {None}
        assert all(e.reference is None and e.occurred_at is None for e in events)
        first = events[0]
        assert first.id == f"amazon:{US}:ip_complaint:2024-05-21:1"
        assert "1 of 2 receivedIntellectualPropertyComplaints" in first.note
        assert "2023-11-24 00:00:00+00:00 to 2024-05-21 23:59:00+00:00" in first.note
        assert "booked at the report date" in first.note

    def test_per_kind_points_and_severities(self, report: SellerPerformanceReport) -> None:
        points = {kind: n * 10 for n, kind in enumerate(LISTING_VIOLATION_KINDS.values(), 1)}
        severity = {"ip_complaint": "high", "product_condition_complaint": "medium"}
        events = report_to_events(
            report, at="2024-05-22T10:00:00+02:00", points=points, severity=severity, marketplace=US
        )
        for e in events:
            if e.kind == "ip_complaint":  # a record: the policy counts it, no points
                assert (e.points, e.severity) == (None, None)
            else:
                assert e.points == points[e.kind]
                assert e.severity == severity.get(e.kind)
        assert events[0].at == REPORT_DATE

    def test_a_points_mapping_must_cover_every_counted_kind(
        self, report: SellerPerformanceReport
    ) -> None:
        with pytest.raises(InvalidEventError, match="no entry for 'suspected_ip_violation'"):
            report_to_events(report, at=REPORT_DATE, points={"ip_complaint": 3}, marketplace=US)
        # Kinds without defects need no entry.
        only = dict.fromkeys(US_COUNTS, 1)
        assert len(report_to_events(report, at=REPORT_DATE, points=only, marketplace=US)) == 11

    def test_without_points_the_violations_leave_them_to_the_policy(
        self, report: SellerPerformanceReport
    ) -> None:
        events = report_to_events(report, at=REPORT_DATE, marketplace=US)
        assert len(events) == 11
        assert {e.points for e in events} == {None}

    @pytest.mark.parametrize(
        ("options", "pattern"),
        [
            ({"points": -1}, "points must be a whole number of points >= 0"),
            ({"points": True}, "points must be a whole number"),
            ({"points": 2.5}, "points must be a whole number"),
            ({"points": {"ip_complaints": 3}}, "Did you mean 'ip_complaint'"),
            ({"points": dict.fromkeys(US_COUNTS, -1)}, r"points\['suspected_ip_violation'\]"),
            ({"severity": "severe"}, "critical, high, medium, low"),
            (
                {"severity": {"listing_policy_violation": "High"}},
                r"severity\['listing_policy_violation'\]",
            ),
            ({"severity": {"ipcomplaint": "high"}}, "not an amazon listing-level kind"),
            ({"at": "2024-05-22T08:00:00"}, "no time zone"),
        ],
    )
    def test_bad_options(
        self, report: SellerPerformanceReport, options: dict[str, Any], pattern: str
    ) -> None:
        kwargs: dict[str, Any] = {"at": REPORT_DATE, "marketplace": US, **options}
        with pytest.raises(InvalidEventError, match=pattern):
            report_to_events(report, **kwargs)

    def test_marketplace_must_be_chosen_when_several(self, report: SellerPerformanceReport) -> None:
        with pytest.raises(InvalidEventError, match=r"covers 2 marketplaces.*marketplace="):
            report_to_events(report, at=REPORT_DATE, points=1)
        with pytest.raises(InvalidEventError, match="no metrics for marketplace 'XX'"):
            report_to_events(report, at=REPORT_DATE, points=1, marketplace="XX")
        assert report_to_events(report, at=REPORT_DATE, points=1, marketplace=DE) == ()

    def test_implausible_counts_are_refused(self) -> None:
        doc = fixture("amazon_performance_report.json")
        doc["performanceMetrics"][0]["otherPolicyViolations"]["defectsCount"] = 10**12
        with pytest.raises(InvalidEventError, match="max_events=10000"):
            report_to_events(doc, at=REPORT_DATE, points=1, marketplace=US)
        with pytest.raises(
            InvalidEventError, match="counts 11 listing-level violations, more than max_events=10;"
        ):
            report_to_events(REPORT, at=REPORT_DATE, points=1, marketplace=US, max_events=10)
        events = report_to_events(REPORT, at=REPORT_DATE, points=1, marketplace=US, max_events=11)
        assert len(events) == 11

    def test_raw_documents_are_parsed_first(self) -> None:
        doc = fixture("amazon_performance_report_example_spelling.json")
        events = report_to_events(json.dumps(doc), at=REPORT_DATE, points=4)
        assert [e.kind for e in events] == ["ip_complaint"] * 4 + ["product_safety_complaint"]
        assert events[-1].id == f"amazon:{UK}:product_safety_complaint:2024-05-19:1"
        with pytest.raises(InvalidPayloadError):
            report_to_events("{", at=REPORT_DATE, points=4)


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
REPORT = fixture("amazon_performance_report.json")


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


PATHS = _paths(REPORT)


@given(st.data())
def test_mutated_reports_parse_or_fail_cleanly(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(PATHS))
    doc = copy.deepcopy(REPORT)
    if path:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = data.draw(json_values)
    else:
        doc = data.draw(json_values)
    error: InvalidPayloadError | None = None
    try:
        parsed = parse_performance_report(doc)
    except InvalidPayloadError as exc:
        error = exc
    if error is not None:
        assert str(error).startswith("$")
        return
    for mp in parsed.marketplace_ids:
        events = report_to_events(parsed, at=REPORT_DATE, points=1, marketplace=mp)
        assert all(e.points == 1 for e in events if e.kind != "ip_complaint")


# Issue 17: repeated keys, overlong integers, files and size caps.


def test_report_input_refusals(tmp_path: Path) -> None:
    text = (FIXTURES / "amazon_performance_report.json").read_text()
    expect_error(text.replace("{", '{"accountStatuses": [], ', 1), "repeats the key")
    expect_error(text.replace("{", '{"x": ' + "9" * 5000 + ", ", 1), "more than 4,300 digits")
    path = tmp_path / "report.json"
    path.write_text(text)
    assert parse_performance_report(path) == parse_performance_report(text)
    with pytest.raises(InvalidPayloadError, match="larger than 100 bytes"):
        parse_performance_report(path, max_bytes=100)
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    expect_error(fifo, "a FIFO or pipe")
