"""Amazon seller performance report (``GET_V2_SELLER_PERFORMANCE_REPORT``): typed records, and
listing-level violation counts as events for the ``amazon`` policy.

The report (schema ``accountHealthReport-2020-11-18.json`` in amzn/selling-partner-api-models)
has ``accountStatuses[]`` (per marketplace: ``NORMAL``, ``AT_RISK`` or ``DEACTIVATED``) and
``performanceMetrics[]`` (per marketplace): the Account Health Rating status, rate metrics
(order defect rate for MFN and AFN, late shipment, pre-fulfilment cancellation, valid tracking,
on-time delivery, invoice defects), each with ``reportingDateRange``, ``status`` (``GOOD``,
``BAD``, ``NONE``), ``rate``, ``targetValue`` and ``targetCondition``, and listing-level
violation *counts* (``defectsCount``) over a reporting range. :func:`parse_performance_report`
reads it into :class:`SellerPerformanceReport`.

Two spellings. The schema names some fields two ways: its examples write
``prefulfillmentCancelRate``, ``warningState``, ``documentRequest`` and ``accountHealthRating.
ahrStatus`` and an account status ``SUSPENDED``, while its required lists and properties write
``preFulfillmentCancellationRate``, ``warningStates``, ``documentRequests``,
``accountHealthRatingStatus`` and the enum ``DEACTIVATED``. Both are accepted (see
:data:`ALIASES`), and so is the snake_case form of every field (``marketplace_id``) that some
tools write. Two spellings of one field with different values are refused as ambiguous.
Reports seen in the wild also carry fields the 2020 schema lacks (``ahrScore``,
``customerProductReviewsPolicyViolations``, ``policyViolationWarnings``,
``lateShipmentRateList``): they are read when present. A metric a report leaves out is absent
from the record; fields the adapter does not read are ignored.

What the report does not contain: per-violation instants, ids or ASINs, and any points. It
counts listing-level violations over a rolling reporting range (about 180 days) and nothing
more. :func:`report_to_events` therefore needs the caller to say when the violations are booked
(``at=``, typically the report's date: the real instants are unknown and lie within each
reporting range) and their points (``points=``, an int or a per-kind mapping: Amazon does not
publish AHR deductions), and books one violation per counted defect. Converting several
reports of one account double-counts: each report is a rolling-window snapshot. Without points
the violations carry ``points=None``, which only an ``amazon`` policy configured with severity
weights can evaluate; the counts alone are in :attr:`MarketplaceMetrics.listing_violations`.

References:
    - https://github.com/amzn/selling-partner-api-models/blob/main/schemas/reports/accountHealthReport-2020-11-18.json
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs
from pendulum import DateTime

from penalties._payload import (
    child,
    enum_member,
    get,
    integer,
    iso_instant,
    load_json,
    obj,
    seq,
    snake,
    string,
)
from penalties._time import InstantLike, to_instant
from penalties.errors import InvalidEventError, InvalidPayloadError, close_matches
from penalties.events import Violation
from penalties.io._source import DEFAULT_MAX_BYTES
from penalties.io.performance import Comparator, PerformanceWarning, WarningCode, decimal

__all__ = [
    "ALIASES",
    "LISTING_VIOLATION_KINDS",
    "RATE_METRICS",
    "SEVERITIES",
    "AccountHealthRating",
    "AccountStatus",
    "DefectCount",
    "ListingViolationCount",
    "MarketplaceMetrics",
    "MarketplaceStatus",
    "MetricStatus",
    "PolicyViolationWarnings",
    "RateMetric",
    "ReportingRange",
    "SellerPerformanceReport",
    "TargetCondition",
    "WarningState",
    "parse_performance_report",
    "report_to_events",
]

LISTING_VIOLATION_KINDS: Mapping[str, str] = MappingProxyType(
    {
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
)
"""Report field of a listing-level violation count → ``amazon`` policy kind (the one table)."""

_DOCUMENT_REQUESTS = "documentRequests"
_LISTING_FIELDS = (*LISTING_VIOLATION_KINDS, _DOCUMENT_REQUESTS)

SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low")
"""The severities of the ``amazon`` policy's kinds (AHR weights them; weights unpublished)."""

ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "preFulfillmentCancellationRate": ("prefulfillmentCancelRate",),
        "warningStates": ("warningState",),
        "documentRequests": ("documentRequest",),
        "ahrStatus": ("accountHealthRatingStatus",),
    }
)
"""Canonical field → the schema's other spellings (snake_case forms are accepted as well)."""

RATE_METRICS: Mapping[str, tuple[str, str, tuple[str, ...]]] = MappingProxyType(
    {
        "orderDefectRate.mfn": (
            "orderCount",
            "orderWithDefects",
            ("orderWithDefects", "claims", "chargebacks", "negativeFeedback"),
        ),
        "orderDefectRate.afn": (
            "orderCount",
            "orderWithDefects",
            ("orderWithDefects", "claims", "chargebacks", "negativeFeedback"),
        ),
        "lateShipmentRate": ("orderCount", "lateShipmentCount", ()),
        "preFulfillmentCancellationRate": ("orderCount", "cancellationCount", ()),
        "validTrackingRate": ("shipmentCount", "validTrackingCount", ()),
        "onTimeDeliveryRate": ("shipmentCountWithValidTracking", "onTimeDeliveryCount", ()),
        "unitOnTimeDeliveryRate": ("totalUnitCount", "unitOnTimeDeliveryCount", ()),
        "invoiceDefectRate": (
            "orderCount",
            "invoiceDefect",
            ("invoiceDefect", "missingInvoice", "lateInvoice"),
        ),
    }
)
"""Rate metric → (field of its total, field of its count, fields of its ``{count, status}``
parts). ``orderDefectRate`` holds one metric per fulfilment channel (``mfn``, ``afn``)."""


class AccountStatus(enum.Enum):
    """A marketplace's account status (``accountStatuses[].status``)."""

    NORMAL = "NORMAL"
    AT_RISK = "AT_RISK"
    DEACTIVATED = "DEACTIVATED"


_ACCOUNT_ALIASES = {"SUSPENDED": AccountStatus.DEACTIVATED}


class MetricStatus(enum.Enum):
    """A metric's status against its target."""

    GOOD = "GOOD"
    BAD = "BAD"
    NONE = "NONE"


class TargetCondition(enum.Enum):
    """How a metric's value must compare with ``targetValue`` to be good."""

    GREATER_THAN = "GREATER_THAN"
    LESS_THAN = "LESS_THAN"
    EQUALS = "EQUALS"

    @property
    def comparator(self) -> Comparator:
        """The same condition as a :class:`~penalties.io.performance.Comparator`."""
        return _COMPARATORS[self]

    def holds(self, value: Decimal, target: Decimal) -> bool:
        """Whether ``value`` meets ``target`` under this condition (exact comparison)."""
        return self.comparator.holds(value, target)


_COMPARATORS = {
    TargetCondition.GREATER_THAN: Comparator.GT,
    TargetCondition.LESS_THAN: Comparator.LT,
    TargetCondition.EQUALS: Comparator.EQ,
}


@attrs.frozen
class ReportingRange:
    """``reportingDateRange``: the window a metric covers (UTC instants, as the report gives)."""

    start: DateTime
    end: DateTime


@attrs.frozen
class MarketplaceStatus:
    """The account status in one marketplace."""

    marketplace_id: str
    status: AccountStatus


@attrs.frozen
class AccountHealthRating:
    """``accountHealthRating``: its status (the schema lists ``GREAT`` and ``WARNED``; other
    values are kept as given) and, when the report has it, the 0-1,000 score."""

    status: str
    reporting_range: ReportingRange
    score: int | None = None


@attrs.frozen
class DefectCount:
    """A ``{count, status}`` part of a rate metric (e.g. ``claims`` of the order defect rate)."""

    name: str
    count: int
    status: MetricStatus
    rate: Decimal | None = None
    """The part's own rate, when the source gives one (LingXing does; the report does not)."""


@attrs.frozen
class RateMetric:
    """A rate metric: ``rate`` over ``reporting_range`` against ``target_value``.

    ``name`` is its place in the report (``lateShipmentRate``, ``orderDefectRate.mfn``,
    ``lateShipmentRateList[0]``); ``total`` and ``count`` are its denominator and numerator
    fields when present (see :data:`RATE_METRICS`). ``rate`` and ``target_value`` are exact
    decimals, ratios from 0 to 1 (``0.04`` is 4 %), as the report writes them.
    """

    name: str
    reporting_range: ReportingRange
    status: MetricStatus
    rate: Decimal
    target_value: Decimal
    target_condition: TargetCondition
    total: int | None = None
    count: int | None = None
    parts: tuple[DefectCount, ...] = ()
    fulfillment_type: str | None = None

    @property
    def meets_target(self) -> bool:
        """Whether ``rate`` meets the target by ``target_condition`` (the report's own verdict
        is ``status``)."""
        return self.target_condition.holds(self.rate, self.target_value)


@attrs.frozen
class ListingViolationCount:
    """A listing-level violation count: ``count`` defects of ``name`` within the range."""

    name: str
    reporting_range: ReportingRange
    count: int
    status: MetricStatus
    target_value: Decimal
    target_condition: TargetCondition

    @property
    def kind(self) -> str | None:
        """The ``amazon`` policy kind (:data:`LISTING_VIOLATION_KINDS`); None for
        ``documentRequests``, which are requests for documents, not violations."""
        return LISTING_VIOLATION_KINDS.get(self.name)


@attrs.frozen
class WarningState:
    """``warningStates[]``: a warning type and its status."""

    warning_type: str
    status: MetricStatus


@attrs.frozen
class PolicyViolationWarnings:
    """``policyViolationWarnings``: how many policy warnings the account got in the range."""

    count: int
    reporting_range: ReportingRange


@attrs.frozen
class MarketplaceMetrics:
    """``performanceMetrics[]``: everything the report says about one marketplace."""

    marketplace_id: str
    account_health_rating: AccountHealthRating | None
    rate_metrics: tuple[RateMetric, ...]
    listing_violations: tuple[ListingViolationCount, ...]
    warning_states: tuple[WarningState, ...] = ()
    policy_violation_warnings: PolicyViolationWarnings | None = None

    def rate_metric(self, name: str) -> RateMetric:
        """The rate metric ``name`` (e.g. ``lateShipmentRate``, ``orderDefectRate.mfn``)."""
        for m in self.rate_metrics:
            if m.name == name:
                return m
        names = [m.name for m in self.rate_metrics]
        raise LookupError(
            f"marketplace {self.marketplace_id} has no rate metric {name!r}; it has: "
            f"{', '.join(names) or 'none'}.{close_matches(name, names)}"
        )

    def warnings(self) -> tuple[PerformanceWarning, ...]:
        """A warning per metric that fails: the report marks it ``BAD``
        (:attr:`~penalties.io.performance.WarningCode.METRIC_FAILED`), it has no verdict
        (``NONE``) and misses its target (``TARGET_MISSED``), or it is marked ``GOOD`` yet
        misses its target (``VERDICT_DISAGREES``, as in Amazon's own example); and one per
        warning state marked ``BAD``. Report order, rate metrics first."""
        out: list[PerformanceWarning] = []
        for name, status, value, target, condition, unit in (
            *(
                (m.name, m.status, m.rate, m.target_value, m.target_condition, "ratio")
                for m in self.rate_metrics
            ),
            *(
                (v.name, v.status, Decimal(v.count), v.target_value, v.target_condition, "number")
                for v in self.listing_violations
            ),
        ):
            meets = condition.holds(value, target)
            if status is MetricStatus.BAD:
                code = WarningCode.METRIC_FAILED
            elif meets:
                continue
            elif status is MetricStatus.GOOD:
                code = WarningCode.VERDICT_DISAGREES
            else:
                code = WarningCode.TARGET_MISSED
            out.append(
                PerformanceWarning(
                    code,
                    "amazon",
                    self.marketplace_id,
                    name,
                    value,
                    target,
                    condition.comparator,
                    unit,
                )
            )
        for w in self.warning_states:
            if w.status is MetricStatus.BAD:
                out.append(
                    PerformanceWarning(
                        WarningCode.WARNING_STATE,
                        "amazon",
                        self.marketplace_id,
                        w.warning_type,
                        detail=w.status.value,
                    )
                )
        return tuple(out)

    def listing_violation(self, name: str) -> ListingViolationCount:
        """The listing-level count ``name`` (e.g. ``receivedIntellectualPropertyComplaints``)."""
        for v in self.listing_violations:
            if name in (v.name, v.kind):
                return v
        names = [v.name for v in self.listing_violations]
        raise LookupError(
            f"marketplace {self.marketplace_id} has no listing-level count {name!r}; it has: "
            f"{', '.join(names) or 'none'}.{close_matches(name, names)}"
        )


@attrs.frozen
class SellerPerformanceReport:
    """A parsed ``GET_V2_SELLER_PERFORMANCE_REPORT`` document."""

    account_statuses: tuple[MarketplaceStatus, ...]
    performance: tuple[MarketplaceMetrics, ...]

    @property
    def marketplace_ids(self) -> tuple[str, ...]:
        """The marketplaces the report has metrics for, in report order."""
        return tuple(m.marketplace_id for m in self.performance)

    def marketplace(self, marketplace_id: str | None = None) -> MarketplaceMetrics:
        """The metrics of ``marketplace_id``; None works when the report has exactly one."""
        if marketplace_id is None:
            if len(self.performance) == 1:
                return self.performance[0]
            raise LookupError(
                f"the report covers {len(self.performance)} marketplaces "
                f"({', '.join(self.marketplace_ids) or 'none'}); name one."
            )
        for m in self.performance:
            if m.marketplace_id == marketplace_id:
                return m
        raise LookupError(
            f"the report has no metrics for marketplace {marketplace_id!r}; it has: "
            f"{', '.join(self.marketplace_ids) or 'none'}."
            f"{close_matches(marketplace_id, self.marketplace_ids)}"
        )

    def warnings(self, marketplace_id: str | None = None) -> tuple[PerformanceWarning, ...]:
        """The warnings of every marketplace (or of ``marketplace_id``): an account status
        other than ``NORMAL`` (:attr:`~penalties.io.performance.WarningCode.ACCOUNT_STATUS`),
        then each marketplace's :meth:`MarketplaceMetrics.warnings`."""
        chosen = self.performance if marketplace_id is None else (self.marketplace(marketplace_id),)
        wanted = {m.marketplace_id for m in chosen}
        out = [
            PerformanceWarning(
                WarningCode.ACCOUNT_STATUS,
                "amazon",
                s.marketplace_id,
                "status",
                detail=s.status.value,
            )
            for s in self.account_statuses
            if s.status is not AccountStatus.NORMAL
            and (marketplace_id is None or s.marketplace_id in wanted)
        ]
        for m in chosen:
            out.extend(m.warnings())
        return tuple(out)

    def status(self, marketplace_id: str) -> AccountStatus | None:
        """The account status in ``marketplace_id`` (None when the report does not list it)."""
        for s in self.account_statuses:
            if s.marketplace_id == marketplace_id:
                return s.status
        return None


# --------------------------------------------------------------------------- parsing


def _names(name: str) -> tuple[str, ...]:
    spellings = (name, *ALIASES.get(name, ()))
    out: list[str] = []
    for s in (*spellings, *(snake(s) for s in spellings)):
        if s not in out:
            out.append(s)
    return tuple(out)


def _get(
    mapping: Mapping[str, object], path: str, name: str, *, required: bool = True
) -> tuple[object, str]:
    return get(mapping, path, *_names(name), required=required)


def _range(item: Mapping[str, object], path: str) -> ReportingRange:
    value, at = _get(item, path, "reportingDateRange")
    rng = obj(value, at)
    return ReportingRange(
        start=iso_instant(*_get(rng, at, "reportingDateFrom")),
        end=iso_instant(*_get(rng, at, "reportingDateTo")),
    )


def _status(item: Mapping[str, object], path: str) -> MetricStatus:
    return enum_member(*_get(item, path, "status"), MetricStatus)


def _target(item: Mapping[str, object], path: str) -> tuple[Decimal, TargetCondition]:
    return (
        decimal(*_get(item, path, "targetValue")),
        enum_member(*_get(item, path, "targetCondition"), TargetCondition),
    )


def _opt_int(item: Mapping[str, object], path: str, name: str) -> int | None:
    value, at = _get(item, path, name, required=False)
    return None if value is None else integer(value, at)


def _rate_metric(name: str, value: object, path: str, spec: str | None = None) -> RateMetric:
    item = obj(value, path)
    total_field, count_field, part_fields = RATE_METRICS[spec or name]
    parts = []
    for part in part_fields:
        part_value, part_path = _get(item, path, part, required=False)
        if part_value is None:
            continue
        p = obj(part_value, part_path)
        parts.append(
            DefectCount(part, integer(*_get(p, part_path, "count")), _status(p, part_path))
        )
    count = (
        next((p.count for p in parts if p.name == count_field), None)
        if count_field in part_fields
        else _opt_int(item, path, count_field)
    )
    target_value, condition = _target(item, path)
    fulfilment, fulfilment_path = _get(item, path, "fulfillmentType", required=False)
    return RateMetric(
        name=name,
        reporting_range=_range(item, path),
        status=_status(item, path),
        rate=decimal(*_get(item, path, "rate")),
        target_value=target_value,
        target_condition=condition,
        total=_opt_int(item, path, total_field),
        count=count,
        parts=tuple(parts),
        fulfillment_type=None if fulfilment is None else string(fulfilment, fulfilment_path),
    )


def _rate_metrics(item: Mapping[str, object], path: str) -> list[RateMetric]:
    out = []
    odr, odr_path = _get(item, path, "orderDefectRate", required=False)
    if odr is not None:
        channels = obj(odr, odr_path)
        for channel in ("mfn", "afn"):
            value, at = _get(channels, odr_path, channel, required=False)
            if value is not None:
                out.append(_rate_metric(f"orderDefectRate.{channel}", value, at))
    for name in RATE_METRICS:
        if name.startswith("orderDefectRate."):
            continue
        value, at = _get(item, path, name, required=False)
        if value is not None:
            out.append(_rate_metric(name, value, at))
    history, history_path = _get(item, path, "lateShipmentRateList", required=False)
    if history is not None:
        for i, value in enumerate(seq(history, history_path)):
            out.append(
                _rate_metric(
                    f"lateShipmentRateList[{i}]",
                    value,
                    child(history_path, i),
                    spec="lateShipmentRate",
                )
            )
    return out


def _listing_violation(name: str, value: object, path: str) -> ListingViolationCount:
    item = obj(value, path)
    target_value, condition = _target(item, path)
    return ListingViolationCount(
        name=name,
        reporting_range=_range(item, path),
        count=integer(*_get(item, path, "defectsCount")),
        status=_status(item, path),
        target_value=target_value,
        target_condition=condition,
    )


def _ahr(item: Mapping[str, object], path: str) -> AccountHealthRating | None:
    value, at = _get(item, path, "accountHealthRating", required=False)
    if value is None:
        return None
    ahr = obj(value, at)
    score = _opt_int(ahr, at, "ahrScore")
    if score is not None and score > 1000:
        raise InvalidPayloadError(
            f"{child(at, 'ahrScore')}: {score} is outside the Account Health Rating scale 0-1000."
        )
    return AccountHealthRating(
        status=string(*_get(ahr, at, "ahrStatus")),
        reporting_range=_range(ahr, at),
        score=score,
    )


def _marketplace_metrics(value: object, path: str) -> MarketplaceMetrics:
    item = obj(value, path)
    warnings = []
    states, states_path = _get(item, path, "warningStates", required=False)
    if states is not None:
        for i, state in enumerate(seq(states, states_path)):
            at = child(states_path, i)
            w = obj(state, at)
            warnings.append(WarningState(string(*_get(w, at, "warningType")), _status(w, at)))
    pvw_value, pvw_path = _get(item, path, "policyViolationWarnings", required=False)
    pvw = None
    if pvw_value is not None:
        p = obj(pvw_value, pvw_path)
        pvw = PolicyViolationWarnings(
            integer(*_get(p, pvw_path, "warningsCount")), _range(p, pvw_path)
        )
    listing = []
    for name in _LISTING_FIELDS:
        lv, lv_path = _get(item, path, name, required=False)
        if lv is not None:
            listing.append(_listing_violation(name, lv, lv_path))
    return MarketplaceMetrics(
        marketplace_id=string(*_get(item, path, "marketplaceId")),
        account_health_rating=_ahr(item, path),
        rate_metrics=tuple(_rate_metrics(item, path)),
        listing_violations=tuple(listing),
        warning_states=tuple(warnings),
        policy_violation_warnings=pvw,
    )


def parse_performance_report(
    payload: object, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> SellerPerformanceReport:
    """Parse a ``GET_V2_SELLER_PERFORMANCE_REPORT`` document (dict, JSON text, bytes, gzip
    allowed, or the path of a file holding it, as a ``pathlib.Path``). Raises
    :class:`~penalties.errors.InvalidPayloadError` naming the JSON path of the first bad field;
    a marketplace listed twice, a key repeated in one object, or more than ``max_bytes`` of
    file or (decompressed) text is refused."""
    data = obj(load_json(payload, "a seller performance report", max_bytes=max_bytes), "$")
    statuses_value, statuses_path = _get(data, "$", "accountStatuses")
    statuses = []
    for i, value in enumerate(seq(statuses_value, statuses_path)):
        at = child(statuses_path, i)
        s = obj(value, at)
        statuses.append(
            MarketplaceStatus(
                string(*_get(s, at, "marketplaceId")),
                enum_member(*_get(s, at, "status"), AccountStatus, _ACCOUNT_ALIASES),
            )
        )
    metrics_value, metrics_path = _get(data, "$", "performanceMetrics")
    metrics = [
        _marketplace_metrics(v, child(metrics_path, i))
        for i, v in enumerate(seq(metrics_value, metrics_path))
    ]
    for what, ids, path in (
        ("accountStatuses", [s.marketplace_id for s in statuses], statuses_path),
        ("performanceMetrics", [m.marketplace_id for m in metrics], metrics_path),
    ):
        for i, mp in enumerate(ids):
            if mp in ids[:i]:
                raise InvalidPayloadError(
                    f"{child(child(path, i), 'marketplaceId')}: marketplace {mp} appears twice "
                    f"in {what}; a report lists each marketplace once."
                )
    return SellerPerformanceReport(tuple(statuses), tuple(metrics))


# --------------------------------------------------------------------------- events


def _per_kind(value: object, what: str) -> Mapping[str, object] | None:
    """A per-kind mapping (validated keys) or None when ``value`` is a single value."""
    if not isinstance(value, Mapping):
        return None
    kinds = tuple(LISTING_VIOLATION_KINDS.values())
    for key in value:
        if key not in kinds:
            raise InvalidEventError(
                f"{what} names {key!r}, which is not an amazon listing-level kind; kinds: "
                f"{', '.join(kinds)}.{close_matches(str(key), kinds)}"
            )
    return value


def _points(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidEventError(
            f"{what} must be a whole number of points >= 0, not {value!r}; Amazon does not "
            "publish AHR deductions, so state the points you book (e.g. points=10)."
        )
    return value


def _severity(value: object, what: str) -> str:
    if value not in SEVERITIES:
        raise InvalidEventError(
            f"{what} must be one of {', '.join(SEVERITIES)}, not {value!r}."
            f"{close_matches(str(value), SEVERITIES)}"
        )
    assert isinstance(value, str)
    return value


RECORD_KINDS = frozenset({"ip_complaint"})
"""Kinds the ``amazon`` policy counts as records (fixed points, no severity)."""


def report_to_events(
    report: SellerPerformanceReport | object,
    *,
    at: InstantLike,
    points: int | Mapping[str, int] | None = None,
    severity: str | Mapping[str, str] | None = None,
    marketplace: str | None = None,
    max_events: int = 10_000,
) -> tuple[Violation, ...]:
    """One ``amazon`` violation per listing-level defect the report counts (``documentRequests``
    are not violations and give none).

    The report has no per-violation instants, ids or points, so the caller states them:
    ``at`` is when the violations are booked (pass the report's date; the real instants are
    unknown and lie within each reporting range, which the violation's ``note`` names);
    ``points`` is one number for every kind or a mapping kind → points that must cover each
    kind with a non-zero count (None: leave ``points=None`` for a policy with configured
    weights); ``severity`` likewise, from :data:`SEVERITIES`. ``marketplace`` picks one
    marketplace of a multi-marketplace report. Ids are
    ``amazon:<marketplace>:<kind>:<range end date>:<n>``. More than ``max_events`` violations
    (a corrupt count, or a huge account: raise it) raise instead of filling memory.

    ``ip_complaint`` is a record the ``amazon`` policy counts one by one (its own ledger, no
    severity): it never takes ``points`` or ``severity``, and a mapping need not name it.
    """
    parsed = (
        report if isinstance(report, SellerPerformanceReport) else parse_performance_report(report)
    )
    try:
        metrics = parsed.marketplace(marketplace)
    except LookupError as exc:
        raise InvalidEventError(f"{exc} Pass marketplace= (one of the report's).") from None
    booked = to_instant(at, what="at")
    points_map = _per_kind(points, "points")
    severity_map = _per_kind(severity, "severity")
    total = sum(lv.count for lv in metrics.listing_violations if lv.kind is not None)
    if total > max_events:
        raise InvalidEventError(
            f"marketplace {metrics.marketplace_id} counts {total} listing-level violations, "
            f"more than max_events={max_events}; check the report, or pass a larger max_events "
            "if the counts are right."
        )
    events: list[Violation] = []
    for lv in metrics.listing_violations:
        kind = lv.kind
        if kind is None or lv.count == 0:
            continue
        if kind in RECORD_KINDS:
            p, sev = None, None
        elif points_map is None:
            p = None if points is None else _points(points, "points")
        elif kind in points_map:
            p = _points(points_map[kind], f"points[{kind!r}]")
        else:
            raise InvalidEventError(
                f"points has no entry for {kind!r} ({lv.name}: {lv.count} counted in "
                f"marketplace {metrics.marketplace_id}); add one, or pass points=None to let "
                "the policy's configured weights decide."
            )
        if kind in RECORD_KINDS:
            pass
        elif severity_map is None:
            sev = None if severity is None else _severity(severity, "severity")
        else:
            raw = severity_map.get(kind)
            sev = None if raw is None else _severity(raw, f"severity[{kind!r}]")
        rng = lv.reporting_range
        day = rng.end.format("YYYY-MM-DD")
        for n in range(1, lv.count + 1):
            events.append(
                Violation(
                    f"amazon:{metrics.marketplace_id}:{kind}:{day}:{n}",
                    kind,
                    booked,
                    severity=sev,
                    points=p,
                    note=(
                        f"{n} of {lv.count} {lv.name} counted in marketplace "
                        f"{metrics.marketplace_id} from {rng.start} to {rng.end}; the report "
                        "gives no per-violation instant, booked at the report date (at=)"
                    ),
                )
            )
    return tuple(events)
