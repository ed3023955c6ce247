"""Amazon seller account health: the Account Health Rating, IP complaints, and immediate
deactivation for review manipulation, with funds holds and appeals.

Amazon has no penalty-point total with published thresholds. This policy models its four
mechanisms on three ledgers:

- ``account_health`` — the **Account Health Rating** (AHR), a score-down ledger
  (``Ledger.score_base``): the score is ``starting_rating - live deductions`` on a 0-1,000
  scale. Each policy violation deducts points weighted by severity (``critical``, ``high``,
  ``medium``, ``low``); the deduction stays for **180 days** (the AHR reflects the last 180
  days) unless the violation is **resolved** on the Account Health page, which restores its
  points (``Revocation(..., reason=RevocationReason.RESOLVED)``; deleting the listing does not).
  Bands: Healthy 200-1,000, **At Risk 100-199**, **Unhealthy 99 or lower** (eligible for
  deactivation); each band is a ``WARNING`` that lasts while the score stays in it
  (``SanctionSpec.while_reached``). New sellers start at 200, and a low order count never pulls
  the rating under 200 without policy violations, so ``starting_rating`` is at least 200.
- ``ip_complaints`` — confirmed **IP complaints** from rights owners (``ip_complaint``): each one
  removes the listing (``LISTING_REMOVAL``, open-ended until it is retracted or an appeal is
  granted), warns the seller and stays on record. Repeated complaints lead to deactivation, but
  Amazon publishes no count: deactivation is off unless ``ip_deactivation_count`` is given. A
  rights owner's **retraction** is ``Revocation(..., reason=RevocationReason.RETRACTED)``.
- ``conduct`` — **immediate deactivation** regardless of the AHR for review manipulation
  (``review_manipulation``, zero tolerance): selling privileges removed (``SUSPENSION``) and
  funds held (``FUNDS_HOLD``), both open-ended; a granted appeal reinstates the account and
  lifts both at the decision instant (seed 000: accounts restored where the finding was wrong
  or the violation temporary or unintentional, funds returned after identity verification).

Funds: a deactivation holds the account's funds. Older notices lift the hold after **90 days**
(``funds_hold_days``; Japan's help page also says 90 days, extendable). In the **US from
2024-10-25** the hold has no fixed end ("funds disbursement eligibility") and the seller may
appeal for the funds **60 days** after deactivation (``Sanction.appealable_from``). Funds held
for review manipulation, fraud or counterfeits may be withheld for good. Record what Amazon did
with ``FundsDecision(at, FundsOutcome.RELEASED | FundsOutcome.WITHHELD, violation_id)``; a
permanent withholding is terminal for those funds.

Appeals: the notices give **17 days** to send an acceptable Plan of Action, and a January 2020
variant ends the appeal path after **two unsuccessful appeals** — both are third-party copies of
notices, so both are overridable defaults on the deactivating kind (``review_manipulation``).
``penalties.appeals.PlanOfAction`` writes the three-part letter.

AHR deductions per severity are not published: every AHR kind needs its stated ``points``
(the Account Health page shows them) unless ``severity_points`` supplies weights. The kinds are
the listing-level categories of the seller performance report
(``GET_V2_SELLER_PERFORMANCE_REPORT``); a violation whose severity is not stated takes the
``unrated`` severity.

Assumptions (the sources are silent or disagree; each is an option of :func:`amazon`):

- ``market=None`` means ``"US"`` (Amazon.com, counted in America/Los_Angeles).
- ``starting_rating=200``: the AHR with none of the history's deductions (200 for a new seller;
  pass the account's rating before the history for an older one).
- ``unhealthy_at=99``: the Unhealthy band starts at 99 (most sources); one source says 100.
- ``window_days=180``: each deduction counts for 180 days.
- ``severity_points=None``: no invented weights; each violation states its points.
- ``deactivate_when_unhealthy=False``: reaching Unhealthy only warns ("eligible for
  deactivation"); ``True`` also deactivates (a ``SUSPENSION`` with a funds hold) while the score
  stays there. ``account_health_assurance=True`` (the seller is AHA-eligible: AHR >= 250 for 6
  months) turns that deactivation off again, as AHA promises.
- ``ip_deactivation_count=None``: no automatic deactivation for repeated IP complaints (Amazon
  names no number; the "5 IP complaints in 180 days" claim is unverified). An int N deactivates
  at the N-th complaint on record.
- ``ip_window_days=180``: an IP complaint stays on record for 180 days, the AHR window; ``None``
  keeps it for ever.
- ``funds_hold_days=90``: a deactivation's funds hold ends after 90 days where no later rule
  applies (outside the US, and in the US before 2024-10-25).
- ``us_funds_appeal_days=60``: the US funds appeal opens 60 days after deactivation, from
  2024-10-25.
- ``appeal_window_days=17`` and ``max_appeals=2`` on deactivating kinds; the two-appeal limit
  is known from a January 2020 notice (a *first seen* date) and applies at every date.
- ``ahr_bands_from=None``: the AHR bands apply at every date. 2022-07-21 (EcommerceBytes) is
  the date they were first seen, not an effective date: Amazon's own 2020-11-18 account-health
  report example already reports AT_RISK and WARNED. Pass ``AHR_INTRODUCED`` for the dated
  reading.
- Review manipulation deactivates at every date; the incentivised-review ban is known from
  2016-10-03 (huntonretailindustryblog), so a record before it is flagged in explanations.
- ``orders_fulfilled=0`` and ``order_credit_rate=(4, 200)``: no order credit unless the
  caller gives the orders fulfilled in the history's window; the credit counts once, from the
  start of the history, and the rating never passes 1,000.
- ``timezone=None``: each marketplace's zone as in :data:`MARKETS` (no source names one; CA is
  counted in America/Los_Angeles like the US).

Holds outside the ledgers' thresholds, as kinds with direct sanctions and no points of their own
(a ``Revocation(..., reason=RevocationReason.RESOLVED)`` lifts them when Amazon does):

- ``account_under_review``: a seller-fulfilled account "under review" (delivery validation)
  for at most 30 days: offers suspended and disbursements limited, reactivated automatically
  once delivery is confirmed (Amazon.it help 200320980, official).
- ``inform_act_unverified`` (US, from 2023-07-07): disbursements held when the INFORM Consumers
  Act verification is not given within 10 days of the notice; book it when the hold starts
  (EcommerceBytes 2023-06-26).

Orders and repeats (third-party figures; amazon.md asks for caller-supplied parameters):
fulfilled orders add **4 points per 200 orders** (EcommerceBytes 2022-07-21;
sipranshecommgrowth): ``orders_fulfilled=N`` raises the rating the history starts from by
:func:`order_credit` (capped at 1,000), once for the whole evaluation, since the engine has no
dated credit event. Repeated violations of the same policy carry more points (amzwizard), by a
factor Amazon does not publish: ``repeat_multiplier=`` (with ``severity_points``) adds a
``<severity>_repeat`` variant weighing ``weight x multiplier``, and :func:`mark_repeats` gives
the repeats of a history that variant before it is evaluated.

Reinstatement grounds (seed 000, Amazon's Cindy Tai, 17 Sept 2021) as data,
:data:`REINSTATEMENT_GROUNDS`: an account is restored when the seller shows that Amazon's
finding was wrong, or that the violation was temporary or an unintentional mistake (a
``PlanOfAction(grounds=...)`` names them in the letter); the frozen funds are returned after
identity verification when no other violation stands (:func:`funds_release` checks both).

Not modelled: performance-target rates (ODR, cancellation, late
shipment, valid tracking), which are rates, not events; an IP complaint's own AHR deduction
(book it as a separate ``account_health`` violation with its points); permanent deactivation
when the 17 days pass without an acceptable plan (the policy reports the deadline; record
Amazon's decision as a denied appeal or a closure); the 7-day preview.

References:
    - https://www.ecommercebytes.com/2022/07/21/amazon-gives-sellers-new-holistic-metric-to-check-account-health/
    - https://seller-union.com/understanding-amazons-new-account-health-rating
    - https://sellercentral.amazon.co.uk/forums/t/upcoming-changes-to-valid-tracking-rate-for-royal-mail-stamps-and-franking/577933
    - https://sipranshecommgrowth.com/maintain-a-good-account-health-rating-during-the-holiday-season
    - https://sellercentral.amazon.it/gp/help/external/GYRKB5RU3FS5TURN?language=en_IT
    - https://sellercentral.amazon.sg/gp/help/external/201361070?language=en-US
    - https://sellercentral.amazon.com/gp/help/external/help.html?itemID=202017130
    - https://88bfru.com/forum.php?action=printable&mod=viewthread&tid=17689
    - https://seller-forum.com/t/update-to-the-funds-withholding-policy-page/6534
    - https://sellercentral.amazon.co.jp/gp/help/external/help.html?itemID=9RA9LYBJ3QP27M6&language=en_JP
    - https://wearesellers.com/question/10216
    - https://www.ecommercechris.com/how-long-does-it-take-to-appeal-an-amazon-seller-suspension/
    - https://sellercentral.amazon.nl/gp/help/external/help.html?itemID=201623610&language=en_GB
    - https://www.valueaddedresource.net/amazon-account-health-assurance/
    - https://github.com/amzn/selling-partner-api-models/blob/main/schemas/reports/accountHealthReport-2020-11-18.json
    - seed 000_55a57646086acac2.txt (2021 review-manipulation suspensions, funds frozen)
    - seed 001_b9a6fa8150c7d015.txt (IP complaints, retraction, deactivation)
    - https://en-test.56ok.com/topic/detail-815117-amazon-updates-seller-account-health-policy-for-compliance.html
    - https://www.huntonretailindustryblog.com/2016/10/articles/consumer-protection/online-retailer-will-eliminate-incentivized-reviews/
    - https://sellercentral.amazon.it/gp/help/external/help.html?itemID=200320980&language=en_IT
    - https://www.ecommercebytes.com/2023/06/26/amazon-to-hold-funds-of-unverified-sellers-starting-july-7/
    - https://www.amzwizard.net/amazon-has-updated-its-account-rating-policy-and-existing-seller-accounts-have-been-blocked/
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

import attrs

from penalties._time import InstantLike, add_days, exact, to_instant, to_timezone
from penalties.errors import PolicyDefinitionError
from penalties.events import Event, Violation
from penalties.policy import Policy, register_policy, resolve_market
from penalties.rules import (
    Assumption,
    ExpiresAfter,
    Ledger,
    Never,
    SanctionKind,
    SanctionSpec,
    Severity,
    Threshold,
    Unit,
    Validity,
    ViolationKind,
)

__all__ = [
    "AHR_KINDS",
    "MARKETS",
    "REINSTATEMENT_GROUNDS",
    "REPEAT_SUFFIX",
    "SEVERITIES",
    "FundsRelease",
    "ReinstatementGround",
    "amazon",
    "funds_release",
    "mark_repeats",
    "order_credit",
]

MARKETS: Mapping[str, str] = {
    "US": "America/Los_Angeles",
    "CA": "America/Los_Angeles",
    "UK": "Europe/London",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "IT": "Europe/Rome",
    "ES": "Europe/Madrid",
    "JP": "Asia/Tokyo",
}
"""Marketplaces and the zone their calendar days are counted in."""

SEVERITIES = ("critical", "high", "medium", "low")
"""The four AHR severity levels Amazon names (weights unpublished)."""

AHR_INTRODUCED = dt.date(2022, 7, 21)
"""The first dated source of the AHR (EcommerceBytes, 21 Jul 2022): a *first seen* date, not an
effective one (Amazon's 2020-11-18 report schema and its example already show AT_RISK and
WARNED), so the bands apply at every date unless ``ahr_bands_from`` is given."""
INCENTIVISED_REVIEWS_BANNED = dt.date(2016, 10, 3)
"""Community Guidelines ban incentivised reviews (huntonretailindustryblog, 3 Oct 2016)."""
INFORM_ACT_HOLD = dt.date(2023, 7, 7)
"""US: disbursements held for sellers not verified within 10 days (INFORM Consumers Act)."""
TWO_APPEALS_NOTICE = dt.date(2020, 1, 1)
"""January 2020: the notice variant with "17 days or two unsuccessful appeals" (ecommercechris)."""

US_FUNDS_RULE = dt.date(2024, 10, 25)
"""US "funds disbursement eligibility": funds appeal after 60 days, no fixed release."""

AHR_KINDS: Mapping[str, tuple[str, str]] = {
    "suspected_ip_violation": (
        "Suspected intellectual property violation",
        "suspectedIntellectualPropertyViolations",
    ),
    "product_authenticity_complaint": (
        "Product authenticity customer complaint",
        "productAuthenticityCustomerComplaints",
    ),
    "product_condition_complaint": (
        "Product condition customer complaint",
        "productConditionCustomerComplaints",
    ),
    "product_safety_complaint": (
        "Product safety customer complaint",
        "productSafetyCustomerComplaints",
    ),
    "food_product_safety_issue": ("Food and product safety issue", "foodAndProductSafetyIssues"),
    "listing_policy_violation": ("Listing policy violation", "listingPolicyViolations"),
    "restricted_product_violation": (
        "Restricted product policy violation",
        "restrictedProductPolicyViolations",
    ),
    "review_policy_violation": (
        "Customer product reviews policy violation",
        "customerProductReviewsPolicyViolations",
    ),
    "other_policy_violation": ("Other policy violation", "otherPolicyViolations"),
}
"""AHR kinds: code -> (title, the seller performance report's listing-level field)."""

REFERENCES = tuple(
    line.strip()[2:]
    for line in (__doc__ or "").split("References:")[1].splitlines()
    if line.strip().startswith("- ")
)

ASSUMPTIONS = (
    Assumption(
        "order_credit",
        "Fulfilled orders add 4 points per 200 orders (third-party); the caller gives the "
        "orders of the history's window (orders_fulfilled, default 0) and the credit counts "
        "once, from the start of the history, up to the 1,000 ceiling.",
        "orders_fulfilled",
    ),
    Assumption(
        "repeat_multiplier",
        "Repeated violations of the same policy carry more points, by a factor Amazon does "
        "not publish: none is applied unless the caller passes repeat_multiplier (with "
        "severity_points) and marks the repeats with mark_repeats.",
        "repeat_multiplier",
    ),
    Assumption("default_market", "Without a market the policy is Amazon.com (US).", "market"),
    Assumption(
        "starting_rating",
        "The AHR without the history's deductions is 200 (a new seller); at least 200.",
        "starting_rating",
    ),
    Assumption("unhealthy_at", "Unhealthy starts at 99 (one source says 100).", "unhealthy_at"),
    Assumption("window_days", "A deduction counts for 180 days.", "window_days"),
    Assumption(
        "severity_points",
        "No AHR weights are published; each violation states its points.",
        "severity_points",
    ),
    Assumption(
        "deactivate_when_unhealthy",
        "Unhealthy only warns (eligible for deactivation); it does not deactivate by itself.",
        "deactivate_when_unhealthy",
    ),
    Assumption(
        "ip_deactivation_count",
        "No number of IP complaints deactivates automatically (Amazon publishes none).",
        "ip_deactivation_count",
    ),
    Assumption(
        "ip_window_days",
        "An IP complaint stays on record for 180 days (the AHR window).",
        "ip_window_days",
    ),
    Assumption(
        "funds_hold_days",
        "A deactivation's funds hold lasts 90 days (older notices; JP help page).",
        "funds_hold_days",
    ),
    Assumption(
        "appeal_window_days",
        "Deactivation appeals: 17 days from the notice (notice texts).",
        "appeal_window_days",
    ),
    Assumption(
        "max_appeals",
        "Two unsuccessful appeals end the appeal path (January 2020 notice variant), applied "
        "at every date: January 2020 is the notice's date, not an effective date.",
        "max_appeals",
        first_seen=TWO_APPEALS_NOTICE,
    ),
    Assumption(
        "ahr_bands_first_seen",
        "The Account Health Rating bands (At Risk under 200, Unhealthy from 99) are known from "
        "2022-07-21 (EcommerceBytes), their earliest dated source, not an effective date; "
        "Amazon's own 2020-11-18 report example already shows AT_RISK and WARNED, so the "
        "bands apply at every date.",
        "ahr_bands_from",
        first_seen=AHR_INTRODUCED,
    ),
    Assumption(
        "review_manipulation_before_2016",
        "Review manipulation deactivates at every date; the ban on incentivised reviews it "
        "rests on is known from 2016-10-03 (before it, disclosed incentivised reviews were "
        "allowed): book such older records only if Amazon did act on them.",
        None,
        first_seen=INCENTIVISED_REVIEWS_BANNED,
    ),
    Assumption(
        "marketplace_zones",
        "Calendar days are counted in one zone per marketplace; no source names it: "
        "America/Los_Angeles for US and CA (Amazon.ca shares the US seller tools), the "
        "capital's zone elsewhere.",
        "timezone",
    ),
)


def _positive(name: str, value: object, *, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise PolicyDefinitionError(
            f"amazon: {name} must be a positive whole number"
            + (" or None" if allow_none else "")
            + f", got {value!r}."
        )


def _funds_holds(
    market: str, hold_days: int, us_appeal_days: int, *, open_ended: bool
) -> tuple[SanctionSpec, ...]:
    """The funds hold of a deactivation, by market and date."""
    days = None if open_ended else hold_days
    reason = "funds held" + ("" if open_ended else f"; released after {hold_days} days")
    if market != "US":
        return (SanctionSpec(SanctionKind.FUNDS_HOLD, days, reason),)
    return (
        SanctionSpec(SanctionKind.FUNDS_HOLD, days, reason, effective_until=US_FUNDS_RULE),
        SanctionSpec(
            SanctionKind.FUNDS_HOLD,
            None,
            "funds held until Amazon confirms eligibility (funds disbursement eligibility); "
            f"a funds appeal is possible {us_appeal_days} days after deactivation",
            appealable_after_days=us_appeal_days,
            effective_from=US_FUNDS_RULE,
        ),
    )


def _ahr_severities(
    weights: Mapping[str, int] | None, multiplier: Fraction | None, shown: object = None
) -> tuple[Severity, ...]:
    rated = [
        Severity(code, weights.get(code) if weights else None, title=f"{code} severity")
        for code in SEVERITIES
    ]
    if multiplier is not None and weights:
        for code in SEVERITIES:
            if code not in weights:
                continue
            heavier = weights[code] * multiplier
            if heavier.denominator != 1:
                raise PolicyDefinitionError(
                    f"amazon: severity_points[{code!r}] = {weights[code]} x repeat_multiplier "
                    f"{shown} is {heavier}, not a whole number of points; pass a "
                    "multiplier that gives whole points (nothing is rounded)."
                )
            rated.append(
                Severity(
                    code + REPEAT_SUFFIX,
                    int(heavier),
                    title=f"{code} severity, repeated (x {shown}, caller-supplied)",
                )
            )
    return (*rated, Severity("unrated", None, title="severity not stated"))


def amazon(
    market: str | None = None,
    *,
    starting_rating: int = 200,
    unhealthy_at: int = 99,
    window_days: int = 180,
    severity_points: Mapping[str, int] | None = None,
    deactivate_when_unhealthy: bool = False,
    account_health_assurance: bool = False,
    ip_deactivation_count: int | None = None,
    ip_window_days: int | None = 180,
    funds_hold_days: int = 90,
    us_funds_appeal_days: int = 60,
    appeal_window_days: int = 17,
    max_appeals: int | None = 2,
    ahr_bands_from: dt.date | None = None,
    timezone: str | None = None,
    orders_fulfilled: int = 0,
    order_credit_rate: tuple[int, int] = (4, 200),
    repeat_multiplier: int | Decimal | Fraction | str | None = None,
) -> Policy:
    """The Amazon policy for ``market`` (``None`` = ``"US"``); keyword options override the
    documented assumptions (see the module docstring). ``ahr_bands_from`` applies the AHR
    bands only from that date (``AHR_INTRODUCED`` for the first-seen reading); ``timezone``
    replaces the marketplace's zone (e.g. ``"America/Toronto"`` for CA). ``orders_fulfilled``
    (with ``order_credit_rate``, points per orders) raises the starting rating by
    :func:`order_credit`. ``repeat_multiplier`` (with ``severity_points``) adds a
    ``<severity>_repeat`` variant of each weighted severity, ``weight x multiplier`` points;
    :func:`mark_repeats` gives it to the repeats of a history."""
    market = resolve_market("amazon", market, MARKETS, default="US")
    assert market is not None
    if ahr_bands_from is not None and not isinstance(ahr_bands_from, dt.date):
        raise PolicyDefinitionError(
            f"amazon: ahr_bands_from must be a datetime.date or None, got {ahr_bands_from!r}."
        )
    if (
        isinstance(starting_rating, bool)
        or not isinstance(starting_rating, int)
        or not 200 <= starting_rating <= 1000
    ):
        raise PolicyDefinitionError(
            f"amazon: starting_rating must be a whole number from 200 to 1000, got "
            f"{starting_rating!r}; without policy violations the AHR never falls under 200."
        )
    if unhealthy_at not in (99, 100):
        raise PolicyDefinitionError(
            f"amazon: unhealthy_at must be 99 (most sources) or 100 (one source), got "
            f"{unhealthy_at!r}."
        )
    for name, value in (
        ("window_days", window_days),
        ("funds_hold_days", funds_hold_days),
        ("us_funds_appeal_days", us_funds_appeal_days),
        ("appeal_window_days", appeal_window_days),
    ):
        _positive(name, value)
    credit = order_credit(orders_fulfilled, *_credit_rate(order_credit_rate))
    starting_rating = min(1000, starting_rating + credit)
    _positive("ip_deactivation_count", ip_deactivation_count, allow_none=True)
    _positive("ip_window_days", ip_window_days, allow_none=True)
    _positive("max_appeals", max_appeals, allow_none=True)
    if severity_points is not None:
        unknown = set(severity_points) - set(SEVERITIES)
        if unknown:
            raise PolicyDefinitionError(
                f"amazon: severity_points has unknown severities {sorted(unknown)}; use "
                f"{', '.join(SEVERITIES)}."
            )
        for code, value in severity_points.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise PolicyDefinitionError(
                    f"amazon: severity_points[{code!r}] must be a whole number >= 0, got {value!r}."
                )

    ahr_bands: list[Threshold] = [
        Threshold(
            starting_rating - 199,
            (
                SanctionSpec(
                    SanctionKind.WARNING,
                    None,
                    "At Risk (AHR 100-199): act within the 7-day preview",
                    while_reached=True,
                ),
            ),
            label="At Risk: AHR under 200",
            effective_from=ahr_bands_from,
        ),
    ]
    unhealthy: list[SanctionSpec] = [
        SanctionSpec(
            SanctionKind.WARNING,
            None,
            f"Unhealthy (AHR {unhealthy_at} or lower): eligible for deactivation",
            while_reached=True,
        )
    ]
    if deactivate_when_unhealthy and not account_health_assurance:
        unhealthy.append(
            SanctionSpec(
                SanctionKind.SUSPENSION,
                None,
                "deactivated: AHR Unhealthy",
                while_reached=True,
            )
        )
        unhealthy.extend(
            _funds_holds(market, funds_hold_days, us_funds_appeal_days, open_ended=False)
        )
    ahr_bands.append(
        Threshold(
            starting_rating - unhealthy_at,
            tuple(unhealthy),
            label=f"Unhealthy: AHR {unhealthy_at} or lower",
            effective_from=ahr_bands_from,
        )
    )
    ip_thresholds = [
        Threshold(
            1,
            (
                SanctionSpec(
                    SanctionKind.WARNING,
                    None,
                    "IP complaint on record: warning",
                    while_reached=True,
                ),
            ),
            label="IP complaint on record",
        )
    ]
    if ip_deactivation_count is not None:
        ip_thresholds.append(
            Threshold(
                ip_deactivation_count,
                (
                    SanctionSpec(
                        SanctionKind.SUSPENSION,
                        None,
                        "deactivated: repeated IP complaints from rights owners",
                    ),
                    *_funds_holds(market, funds_hold_days, us_funds_appeal_days, open_ended=False),
                ),
                label=f"{ip_deactivation_count} IP complaints (assumed count)",
            )
        )
    ip_validity: Validity = Never() if ip_window_days is None else ExpiresAfter(ip_window_days)
    ledgers = (
        Ledger(
            "account_health",
            "Account Health Rating deductions",
            unit=Unit.POINTS,
            validity=ExpiresAfter(window_days),
            thresholds=tuple(ahr_bands),
            score_base=starting_rating,
        ),
        Ledger(
            "ip_complaints",
            "Intellectual property complaints on record",
            unit=Unit.COMPLAINTS,
            validity=ip_validity,
            thresholds=tuple(ip_thresholds),
        ),
        Ledger(
            "conduct",
            "Fraud, deception and review abuse (immediate deactivation)",
            unit=Unit.RECORDS,
            validity=Never(),
        ),
    )
    factor = None if repeat_multiplier is None else _multiplier(repeat_multiplier)
    if factor is not None and not severity_points:
        raise PolicyDefinitionError(
            "amazon: repeat_multiplier needs severity_points: it multiplies a severity's weight, "
            "and with stated points the repeats already carry what Amazon showed."
        )
    ahr_severities = _ahr_severities(severity_points, factor, repeat_multiplier)
    kinds = [
        ViolationKind(
            code,
            title,
            "account_health",
            severities=ahr_severities,
            default_severity="unrated",
            source="https://sellercentral.amazon.co.uk/forums/t/upcoming-changes-to-valid-"
            "tracking-rate-for-royal-mail-stamps-and-franking/577933",
        )
        for code, (title, _field) in AHR_KINDS.items()
    ]
    kinds.append(
        ViolationKind(
            "ip_complaint",
            "Intellectual property complaint from a rights owner",
            "ip_complaints",
            points=1,
            sanctions=(
                SanctionSpec(
                    SanctionKind.LISTING_REMOVAL,
                    None,
                    "listing deactivated after a rights owner's IP complaint",
                ),
            ),
            source="seed 001_b9a6fa8150c7d015.txt; "
            "https://sellercentral.amazon.sg/gp/help/external/201361070?language=en-US",
        )
    )
    kinds.append(
        ViolationKind(
            "review_manipulation",
            "Review manipulation (customer product reviews policy, zero tolerance)",
            "conduct",
            points=1,
            sanctions=(
                SanctionSpec(
                    SanctionKind.SUSPENSION,
                    None,
                    "selling privileges removed for review manipulation",
                ),
                *_funds_holds(market, funds_hold_days, us_funds_appeal_days, open_ended=True),
            ),
            appeal_window_days=appeal_window_days,
            max_appeals=max_appeals,
            source="https://sellercentral.amazon.it/gp/help/external/GYRKB5RU3FS5TURN; seed 000",
        )
    )
    kinds.append(
        ViolationKind(
            "account_under_review",
            "Seller-fulfilled account under review (delivery validation), at most 30 days; "
            "no points of its own",
            "conduct",
            points=0,
            sanctions=(
                SanctionSpec(SanctionKind.RESTRICTION, 30, "offers suspended while under review"),
                SanctionSpec(
                    SanctionKind.FUNDS_HOLD, 30, "disbursements limited while under review"
                ),
            ),
            source="https://sellercentral.amazon.it/gp/help/external/help.html?itemID=200320980",
        )
    )
    if market == "US":
        kinds.append(
            ViolationKind(
                "inform_act_unverified",
                "INFORM Consumers Act: verification not given within 10 days of the notice; "
                "no points of its own",
                "conduct",
                points=0,
                sanctions=(
                    SanctionSpec(
                        SanctionKind.FUNDS_HOLD,
                        None,
                        "disbursements held until the seller is verified (INFORM Consumers Act)",
                        effective_from=INFORM_ACT_HOLD,
                    ),
                ),
                source="https://www.ecommercebytes.com/2023/06/26/"
                "amazon-to-hold-funds-of-unverified-sellers-starting-july-7/",
            )
        )
    return Policy(
        code="amazon",
        name=f"Amazon {market}",
        timezone=timezone if timezone is not None else MARKETS[market],
        ledgers=ledgers,
        kinds=tuple(kinds),
        references=REFERENCES,
        market=market,
        version="AHR bands (first seen 2022-07-21); US funds rule of 2024-10-25",
        # With ahr_bands_from given the bands are dated: their first-seen note no longer holds.
        assumptions=tuple(
            Assumption(a.code, a.text, a.option)
            if ahr_bands_from is not None and a.code == "ahr_bands_first_seen"
            else a
            for a in ASSUMPTIONS
        ),
    )


@attrs.frozen
class ReinstatementGround:
    """A ground on which Amazon said it restores an account or returns its funds (seed 000).

    ``subject`` is what it restores (``"account"`` or ``"funds"``); ``text`` what the seller has
    to show; ``letter_en`` / ``letter_zh`` the clause a plan of action states it with.
    """

    code: str
    subject: Literal["account", "funds"]
    text: str
    letter_en: str
    letter_zh: str
    source: str = "seed 000_55a57646086acac2.txt (Amazon's Cindy Tai, 17 Sept 2021)"


REINSTATEMENT_GROUNDS: Mapping[str, ReinstatementGround] = MappingProxyType(
    {
        g.code: g
        for g in (
            ReinstatementGround(
                "finding_wrong",
                "account",
                "Show that Amazon's finding against the account was wrong.",
                "Amazon's finding against our account was mistaken",
                "亚马逊对本店铺的认定有误",
            ),
            ReinstatementGround(
                "temporary_or_unintentional",
                "account",
                "Show that the violation was temporary, or an unintentional mistake.",
                "the violation was temporary and unintentional, and it has been corrected",
                "该违规属暂时性、非故意的失误，且已纠正",
            ),
            ReinstatementGround(
                "identity_verified",
                "funds",
                "Pass identity verification, with no other violation standing on the account.",
                "we have passed identity verification and no other violation stands against "
                "our account",
                "我们已通过身份验证，且本店铺没有其他违规",
            ),
        )
    }
)
"""Seed 000's grounds: an account is restored where the finding was wrong or the violation
temporary or unintentional; frozen funds are returned after identity verification to a seller
not involved in other illegal conduct."""


@attrs.frozen
class FundsRelease:
    """Whether seed 000's ground for returning held funds is met (:func:`funds_release`).

    ``blockers`` say what is missing (empty when ``eligible``); ``other_violations`` are the ids
    of other violations whose sanctions still run at ``at``. Amazon decides; this is the ground.
    """

    violation_id: str
    at: dt.datetime
    eligible: bool
    blockers: tuple[str, ...]
    other_violations: tuple[str, ...]


def funds_release(
    policy: Policy,
    events: Iterable[Event],
    violation_id: str,
    at: InstantLike,
    *,
    identity_verified: bool,
) -> FundsRelease:
    """Check seed 000's ground for returning the funds that ``violation_id`` holds, at ``at``.

    Amazon returns frozen funds after identity verification to a seller not involved in other
    illegal conduct (seed 000). The ground is met when a funds hold of ``violation_id`` runs at
    ``at``, ``identity_verified`` is true, and no sanction other than a warning caused by
    another violation still runs then (an assumption: any such sanction counts as another
    violation standing). Record Amazon's answer as a ``FundsDecision``.
    """
    if not isinstance(policy, Policy):
        raise TypeError(f"funds_release() needs a Policy, not {type(policy).__name__}.")
    if policy.code != "amazon":
        raise PolicyDefinitionError(
            f"funds_release() applies seed 000's Amazon ground; {policy.name} is not an Amazon "
            "policy (get_policy('amazon', market=...))."
        )
    if not isinstance(identity_verified, bool):
        raise PolicyDefinitionError(
            f"identity_verified must be True or False, got {identity_verified!r}."
        )
    held = tuple(events)
    if not any(isinstance(e, Violation) and e.id == violation_id for e in held):
        raise PolicyDefinitionError(
            f"funds_release(): no violation {violation_id!r} in the events; pass the id of the "
            "violation whose funds hold you ask about."
        )
    instant = to_instant(at, what="funds_release(at)", error=PolicyDefinitionError)
    standing = policy.standing(held, instant)
    blockers: list[str] = []
    own = [
        s
        for s in standing.sanctions
        if s.kind is SanctionKind.FUNDS_HOLD and violation_id in s.cause
    ]
    if not own:
        blockers.append(
            f"no funds hold of violation {violation_id!r} runs at {instant.isoformat()}; there "
            "is nothing to release."
        )
    if not identity_verified:
        blockers.append(
            "identity verification has not been passed; Amazon returns frozen funds only after it."
        )
    others = sorted(
        {
            cause
            for s in standing.sanctions
            if s.kind is not SanctionKind.WARNING
            for cause in s.cause
            if cause != violation_id
        }
    )
    if others:
        blockers.append(
            f"other violations still stand ({', '.join(others)}); the funds are returned only "
            "to a seller not involved in other violations."
        )
    return FundsRelease(
        violation_id=violation_id,
        at=instant,
        eligible=not blockers,
        blockers=tuple(blockers),
        other_violations=tuple(others),
    )


def _credit_rate(value: object) -> tuple[int, int]:
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or any(isinstance(n, bool) or not isinstance(n, int) or n <= 0 for n in value)
    ):
        raise PolicyDefinitionError(
            f"amazon: order_credit_rate must be (points, orders), two positive whole numbers "
            f"such as (4, 200), got {value!r}."
        )
    return value[0], value[1]


def order_credit(orders_fulfilled: int, points: int = 4, per_orders: int = 200) -> int:
    """AHR points that ``orders_fulfilled`` orders add: ``points`` per whole ``per_orders``
    (4 per 200, EcommerceBytes 2022-07-21 and sipranshecommgrowth; a partial block adds
    nothing, as no source counts one)."""
    if (
        isinstance(orders_fulfilled, bool)
        or not isinstance(orders_fulfilled, int)
        or orders_fulfilled < 0
    ):
        raise PolicyDefinitionError(
            f"amazon: orders_fulfilled must be a whole number of orders, 0 or more, got "
            f"{orders_fulfilled!r}."
        )
    points, per_orders = _credit_rate((points, per_orders))
    return orders_fulfilled // per_orders * points


def _multiplier(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction | str):
        raise PolicyDefinitionError(
            "amazon: repeat_multiplier must be an int, a Decimal, a Fraction or a decimal "
            f"string such as '1.5' (never a float), got {type(value).__name__} {value!r}."
        )
    try:
        factor = Fraction(value)
    except (ValueError, ArithmeticError):
        raise PolicyDefinitionError(
            f"amazon: repeat_multiplier {value!r} is not a number; write e.g. 2 or '1.5'."
        ) from None
    if factor < 1:
        raise PolicyDefinitionError(
            f"amazon: repeat_multiplier must be at least 1 (repeats weigh more, never less), "
            f"got {value!r}."
        )
    return factor


REPEAT_SUFFIX = "_repeat"
"""A severity code plus this suffix is its repeat variant (``high_repeat``), weighted by the
policy's ``repeat_multiplier``."""


def mark_repeats(
    events: Iterable[Event], policy: Policy, *, window_days: int = 180
) -> tuple[Event, ...]:
    """``events`` with each repeated AHR violation given its severity's repeat variant.

    Repeated violations of the same policy carry more points (amzwizard), by a factor Amazon
    does not publish: ``get_policy("amazon", severity_points=..., repeat_multiplier=...)``
    adds a ``<severity>_repeat`` variant weighing ``weight x multiplier``. A violation of an
    ``account_health`` kind is a repeat when another violation of the same kind was applied
    within the ``window_days`` before it (the AHR's 180 days); if its points are not stated
    and its severity has a repeat variant, it gets that severity. A violation that states its
    points keeps them (the points Amazon showed). Other events are returned as they are, in
    the same order; evaluate the result with the same policy.
    """
    if not isinstance(policy, Policy):
        raise TypeError(f"mark_repeats() needs a Policy, not {type(policy).__name__}.")
    if policy.code != "amazon":
        raise PolicyDefinitionError(
            f"mark_repeats() applies to Amazon's AHR; {policy.name} is not an Amazon policy "
            "(get_policy('amazon', market=...))."
        )
    _positive("window_days", window_days)
    kind = policy.kind(next(iter(AHR_KINDS)))
    variants = {s.code for s in kind.severities if s.code.endswith(REPEAT_SUFFIX)}
    if not variants:
        raise PolicyDefinitionError(
            "mark_repeats(): the policy has no repeat weights; build it with "
            "get_policy('amazon', severity_points={...}, repeat_multiplier=...) (Amazon "
            "publishes no multiplier, so none is assumed)."
        )
    zone = to_timezone(policy.timezone)
    held = tuple(events)
    ahr = sorted(
        (
            (exact(e.at), i, e)
            for i, e in enumerate(held)
            if isinstance(e, Violation) and e.kind in AHR_KINDS
        ),
        key=lambda item: (item[0], item[1]),
    )
    seen: dict[str, list[Violation]] = {}
    out = list(held)
    for key, i, v in ahr:
        before = seen.setdefault(v.kind, [])
        repeat = any(exact(add_days(e.at, window_days, zone)) > key for e in before)
        before.append(v)
        severity = v.severity if v.severity is not None else "unrated"
        variant = severity + REPEAT_SUFFIX
        if repeat and v.points is None and variant in variants:
            out[i] = attrs.evolve(v, severity=variant)
    return tuple(out)


register_policy("amazon", amazon, replace=True, markets=tuple(MARKETS))
