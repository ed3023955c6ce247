"""Amazon account health as LingXing ERP returns it (``storeTarget/detail``), read into the
same objects as the SP-API seller performance report.

LingXing (领星) ERP mirrors each Amazon store's performance page in
``POST /basicOpen/customerService/storeTarget/detail`` (查询店铺绩效详情): ``data`` holds one
object per metric (``orderWithDefect`` FBM, ``fbaOrderWithDefect`` FBA, ``lateShipment``,
``preFulfillmentCancellation``, ``validTracking``, ``onTimeDelivery``, ``unitOnTimeDelivery``,
``invoiceDefect``), the listing-level counts in ``commodityPolicyCompliance``, the Account
Health Rating, and the targets in ``standard``. Almost every number is a **string** (``"1250"``,
``"2.5"``), and rates and targets are **percentages** (``"0.8"`` is 0.8 %).

:func:`read_store_target` gives a :class:`StoreTarget` whose ``report`` is a
:class:`~penalties.io.amazon.SellerPerformanceReport` with one marketplace, so everything
written for the SP-API report (``report_to_events``, ``warnings()``) works on it:

- strings are parsed exactly: counts as whole numbers, rates and targets as
  :class:`~decimal.Decimal` percentages turned into the report's 0-1 ratios by moving the
  decimal point (``"2.5"`` → ``Decimal("0.025")``), never through a float; a JSON number is
  accepted where a string is documented (LingXing's own example writes ``validTracking: 95``);
- the target of each metric is its ``standard`` entry; LingXing gives no comparator, so the
  condition is the one Amazon's report schema states for that metric (:data:`METRICS`: rates of
  defects ``LESS_THAN``, tracking and delivery ``GREATER_THAN``, listing counts ``EQUALS``);
- LingXing gives no per-metric verdict: every status is ``NONE``, and warnings compare the
  value with its target (``TARGET_MISSED``);
- the response names no marketplace (it is asked for by store id ``sid``) and no account
  status: the caller passes ``marketplace_id=``, and ``account_statuses`` is empty;
- windows are dates without a zone (``windowTimeStart``, ``windowTimeEnd``, and a
  ``windowDayCount`` that matches neither reading of them). Assumption, overridable with
  ``zone=``: the reporting range runs from 00:00 of the first date to 23:59 of the last, in UTC,
  as the SP-API report writes its ranges. The dates and day counts themselves are kept in
  :attr:`StoreTarget.windows`.

Fields the reader does not map are kept on :class:`StoreTarget` (``standards``,
``on_time_delivery_source``, ``commodity_policy_total``, ``pull_date``, ``update_date``); fields
it does not know are ignored. Bad input raises
:class:`~penalties.errors.InvalidPayloadError` naming the key path (``$.data.lateShipment.rate``).

References:
    - https://apidoc.lingxing.com (查询店铺绩效详情,
      ``POST /basicOpen/customerService/storeTarget/detail``)
    - https://github.com/amzn/selling-partner-api-models/blob/main/schemas/reports/accountHealthReport-2020-11-18.json
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs
import pendulum
from immutabledict import immutabledict

from penalties._payload import child, get, integer, load_json, obj, string
from penalties._time import to_timezone
from penalties.errors import InvalidPayloadError
from penalties.io._source import DEFAULT_MAX_BYTES
from penalties.io.amazon import (
    AccountHealthRating,
    DefectCount,
    ListingViolationCount,
    MarketplaceMetrics,
    MetricStatus,
    PolicyViolationWarnings,
    RateMetric,
    ReportingRange,
    SellerPerformanceReport,
    TargetCondition,
)
from penalties.io.performance import PerformanceWarning, decimal, percent_to_ratio

__all__ = [
    "COMMODITY_FIELDS",
    "METRICS",
    "StoreTarget",
    "StoreTargetWindow",
    "read_store_target",
]

_LT, _GT, _EQ = TargetCondition.LESS_THAN, TargetCondition.GREATER_THAN, TargetCondition.EQUALS

METRICS: Mapping[str, tuple[str, TargetCondition, tuple[tuple[str, str], ...]]] = MappingProxyType(
    {
        "orderWithDefect": (
            "orderDefectRate.mfn",
            _LT,
            (
                ("aZClaim", "claims"),
                ("chargeback", "chargebacks"),
                ("negativeFeedback", "negativeFeedback"),
            ),
        ),
        "fbaOrderWithDefect": (
            "orderDefectRate.afn",
            _LT,
            (
                ("aZClaim", "claims"),
                ("chargeback", "chargebacks"),
                ("negativeFeedback", "negativeFeedback"),
            ),
        ),
        "lateShipment": ("lateShipmentRate", _LT, ()),
        "preFulfillmentCancellation": ("preFulfillmentCancellationRate", _LT, ()),
        "validTracking": ("validTrackingRate", _GT, ()),
        "onTimeDelivery": ("onTimeDeliveryRate", _GT, ()),
        "unitOnTimeDelivery": ("unitOnTimeDeliveryRate", _GT, ()),
        "invoiceDefect": (
            "invoiceDefectRate",
            _LT,
            (
                ("invoiceDefectCount", "invoiceDefect"),
                ("missingInvoiceCount", "missingInvoice"),
                ("lateInvoiceCount", "lateInvoice"),
            ),
        ),
    }
)
"""LingXing metric object → (SP-API rate metric, the condition Amazon's schema gives it, the
parts: LingXing field → SP-API part). Its ``standard`` entry has the same key."""

COMMODITY_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "intellectualPropertyData": "receivedIntellectualPropertyComplaints",
        "suspectedIntellectualPropertyViolations": "suspectedIntellectualPropertyViolations",
        "productAuthenticityData": "productAuthenticityCustomerComplaints",
        "productConditionCustomerComplaints": "productConditionCustomerComplaints",
        "productSafetyData": "productSafetyCustomerComplaints",
        "foodAndProductSafetyIssues": "foodAndProductSafetyIssues",
        "listingPolicyData": "listingPolicyViolations",
        "restrictedProductPolicyViolations": "restrictedProductPolicyViolations",
        "customerProductReviewsPolicyViolations": "customerProductReviewsPolicyViolations",
        "otherPolicyViolations": "otherPolicyViolations",
    }
)
"""``commodityPolicyCompliance`` field → SP-API listing-level count (``policyViolationWarnings``
becomes :class:`~penalties.io.amazon.PolicyViolationWarnings`, ``count`` the total)."""

_COMMODITY = "commodityPolicyCompliance"
_AHR = "accountHealthRating"
_DIGITS = re.compile(r"^\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@attrs.frozen
class StoreTargetWindow:
    """A LingXing window as given: first and last date and the stated number of days."""

    start: dt.date
    end: dt.date
    days: int


@attrs.frozen
class StoreTarget:
    """A parsed ``storeTarget/detail`` response: the report in SP-API objects, and what LingXing
    adds (the dates of each window, every ``standard`` entry as a ratio, the data's dates)."""

    report: SellerPerformanceReport
    pull_date: dt.date
    update_date: dt.date | None
    windows: Mapping[str, StoreTargetWindow]
    """Per LingXing object (``lateShipment``, ``accountHealthRating``, ...): its window."""
    standards: Mapping[str, Decimal]
    """Every ``standard`` entry as a 0-1 ratio (``returnDissatisfaction`` has no metric)."""
    on_time_delivery_source: int | None = None
    """Which on-time delivery metric Amazon grades by: 1 ``onTimeDelivery``, 2
    ``unitOnTimeDelivery`` (LingXing's ``onTimeDeliverySource``)."""
    commodity_policy_total: int | None = None
    """``commodityPolicyCompliance.count``: LingXing's total of the listing-level counts."""
    request_id: str = ""
    response_time: str = ""

    @property
    def marketplace(self) -> MarketplaceMetrics:
        """The store's metrics (the report has exactly one marketplace)."""
        return self.report.performance[0]

    def warnings(self) -> tuple[PerformanceWarning, ...]:
        """The report's warnings: each metric whose value misses its target."""
        return self.report.warnings()


def _count(value: object, path: str) -> int:
    if isinstance(value, str):
        if not _DIGITS.match(value):
            raise InvalidPayloadError(
                f"{path}: {value!r} is not a whole number; expected digits such as '1250'."
            )
        return int(value)
    return integer(value, path)


def _percent_value(value: object, path: str) -> Decimal:
    number = decimal(value, path, strings=True)
    if number < 0:
        raise InvalidPayloadError(f"{path}: {value!r} is a negative percentage.")
    return number


def _percent(value: object, path: str) -> Decimal:
    return percent_to_ratio(_percent_value(value, path))


def _date(value: object, path: str) -> dt.date:
    text = string(value, path)
    try:
        if not _DATE.match(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidPayloadError(
            f"{path}: {text!r} is not a date; expected yyyy-MM-dd, such as '2024-11-01'."
        ) from None


def _window(item: Mapping[str, object], path: str) -> StoreTargetWindow:
    start_value, start_path = get(item, path, "windowTimeStart")
    end_value, end_path = get(item, path, "windowTimeEnd")
    start, end = _date(start_value, start_path), _date(end_value, end_path)
    if end < start:
        raise InvalidPayloadError(
            f"{end_path}: the window ends ({end}) before it starts ({start}); check the record."
        )
    return StoreTargetWindow(start, end, _count(*get(item, path, "windowDayCount")))


def _range(window: StoreTargetWindow, tz: pendulum.Timezone) -> ReportingRange:
    return ReportingRange(
        pendulum.datetime(window.start.year, window.start.month, window.start.day, tz=tz),
        pendulum.datetime(window.end.year, window.end.month, window.end.day, 23, 59, tz=tz),
    )


def _standard(standards: Mapping[str, Decimal], key: str, path: str) -> Decimal:
    if key not in standards:
        raise InvalidPayloadError(
            f"{child(path, key)}: missing field; the target of data.{key} is its standard entry."
        )
    return standards[key]


def read_store_target(
    payload: object,
    *,
    marketplace_id: str,
    zone: str = "UTC",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> StoreTarget:
    """Read a LingXing ``storeTarget/detail`` response (dict, JSON text or bytes, or a
    ``pathlib.Path``) into a :class:`StoreTarget` (see the module docstring).

    ``marketplace_id`` names the store's Amazon marketplace (the response does not);
    ``zone`` is the zone of the window dates (UTC by default: an assumption). A response
    whose ``code`` is not 0 is refused, as is any malformed field, naming its key path.
    """
    if not isinstance(marketplace_id, str) or not marketplace_id.strip():
        raise TypeError(
            f"marketplace_id must be the store's Amazon marketplace id (e.g. 'ATVPDKIKX0DER'), "
            f"not {marketplace_id!r}."
        )
    tz = to_timezone(zone)
    data = obj(load_json(payload, "a LingXing store target response", max_bytes=max_bytes), "$")
    code_value, code_path = get(data, "$", "code", required=False)
    if code_value is not None and code_value != 0:
        message = data.get("message")
        detail = f": {message}" if isinstance(message, str) and message else ""
        raise InvalidPayloadError(
            f"{code_path}: LingXing answered with code {code_value!r}{detail}; this is an "
            "error response, not a store's performance. Fix the request (sid, pullDate, "
            "token) and fetch again."
        )
    body_value, path = get(data, "$", "data")
    body = obj(body_value, path)
    std_value, std_path = get(body, path, "standard")
    std = obj(std_value, std_path)
    raw = {
        key: _percent_value(value, child(std_path, key))
        for key, value in std.items()
        if value is not None
    }
    standards = {key: percent_to_ratio(value) for key, value in raw.items()}
    windows: dict[str, StoreTargetWindow] = {}

    def window_of(key: str, item: Mapping[str, object], at: str) -> ReportingRange:
        windows[key] = _window(item, at)
        return _range(windows[key], tz)

    rates: list[RateMetric] = []
    for key, (name, condition, part_fields) in METRICS.items():
        value, at = get(body, path, key, required=False)
        if value is None:
            continue
        item = obj(value, at)
        count = _count(*get(item, at, "count"))
        parts: list[DefectCount] = []
        if key in ("orderWithDefect", "fbaOrderWithDefect"):
            parts.append(DefectCount("orderWithDefects", count, MetricStatus.NONE))
            kids_value, kids_path = get(item, at, "child")
            kids = obj(kids_value, kids_path)
            for field, part in part_fields:
                kid_value, kid_path = get(kids, kids_path, field)
                kid = obj(kid_value, kid_path)
                parts.append(
                    DefectCount(
                        part,
                        _count(*get(kid, kid_path, "count")),
                        MetricStatus.NONE,
                        rate=_percent(*get(kid, kid_path, "rate")),
                    )
                )
        else:
            for field, part in part_fields:
                parts.append(DefectCount(part, _count(*get(item, at, field)), MetricStatus.NONE))
        rates.append(
            RateMetric(
                name=name,
                reporting_range=window_of(key, item, at),
                status=MetricStatus.NONE,
                rate=_percent(*get(item, at, "rate")),
                target_value=_standard(standards, key, std_path),
                target_condition=condition,
                total=_count(*get(item, at, "orderCount")),
                count=count,
                parts=tuple(parts),
            )
        )

    listing: list[ListingViolationCount] = []
    pvw = None
    total = None
    cpc_value, cpc_path = get(body, path, _COMMODITY, required=False)
    if cpc_value is not None:
        cpc = obj(cpc_value, cpc_path)
        rng = window_of(_COMMODITY, cpc, cpc_path)
        # Its standard ("0") is the number of listing-level defects allowed, not a ratio.
        count_target = _standard(raw, _COMMODITY, std_path)
        for field, name in COMMODITY_FIELDS.items():
            value, at = get(cpc, cpc_path, field, required=False)
            if value is not None:
                listing.append(
                    ListingViolationCount(
                        name, rng, _count(value, at), MetricStatus.NONE, count_target, _EQ
                    )
                )
        warn_value, warn_path = get(cpc, cpc_path, "policyViolationWarnings", required=False)
        if warn_value is not None:
            pvw = PolicyViolationWarnings(_count(warn_value, warn_path), rng)
        total_value, total_path = get(cpc, cpc_path, "count", required=False)
        total = None if total_value is None else _count(total_value, total_path)

    ahr = None
    ahr_value, ahr_path = get(body, path, _AHR, required=False)
    if ahr_value is not None:
        item = obj(ahr_value, ahr_path)
        score_value, score_path = get(item, ahr_path, "ahrScore", required=False)
        score = None if score_value is None else _count(score_value, score_path)
        if score is not None and score > 1000:
            raise InvalidPayloadError(
                f"{score_path}: {score} is outside the Account Health Rating scale 0-1000."
            )
        ahr = AccountHealthRating(
            string(*get(item, ahr_path, "ahrStatus")), window_of(_AHR, item, ahr_path), score
        )

    source_value, source_path = get(body, path, "onTimeDeliverySource", required=False)
    source = None if source_value is None else integer(source_value, source_path)
    update_value, update_path = get(body, path, "updateDate", required=False)
    metrics = MarketplaceMetrics(
        marketplace_id=marketplace_id,
        account_health_rating=ahr,
        rate_metrics=tuple(rates),
        listing_violations=tuple(listing),
        policy_violation_warnings=pvw,
    )
    rid = data.get("request_id")
    when = data.get("response_time")
    return StoreTarget(
        report=SellerPerformanceReport((), (metrics,)),
        pull_date=_date(*get(body, path, "pullDate")),
        update_date=None if update_value is None else _date(update_value, update_path),
        windows=immutabledict(windows),
        standards=immutabledict(standards),
        on_time_delivery_source=source,
        commodity_policy_total=total,
        request_id=rid if isinstance(rid, str) else "",
        response_time=when if isinstance(when, str) else "",
    )
