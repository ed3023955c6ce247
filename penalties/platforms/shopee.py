"""Shopee seller penalty points (Southeast Asia and Taiwan).

One overall penalty-point total per shop (ledger ``points``). Points come from event violations
(prohibited, counterfeit or spam listings, fraud, chat misconduct, …) and from a weekly metric
evaluation every Monday over the previous week (non-fulfilment rate, late shipment rate, …).
Times are counted in the market's zone; markets: SG, MY, PH, VN, TW, TH, ID.

Rules encoded, with their sources:

- Five cumulative tiers at 3 / 6 / 9 / 12 / 15 points; each tier adds sanctions to those below
  it: 3 → no marketing campaigns; 6 → also free shipping / shipping rebates removed and
  listings moderately deboosted; 9 → also listings severely deboosted; 12 → also no listing
  creation or editing; 15 → also the account frozen. Every sanction lasts 28 days and is
  independent of the points (copy of the Shopee training deck "Understanding Penalty Points",
  edited 2019-01-23, scribd 727749950; freeze at 15 confirmed by Ginee PH). A newer
  "Consequences of Penalty Points" table effective 2025-04-07 exists (Exabytes MY) but its
  contents are not sourced: the 2019 table is the default and may be superseded.
- Reaching 15 freezes the account for 28 days, "possibly extended if further points
  accumulate" (Ginee PH). Encoded as ``Stacking.extend(SanctionKind.FREEZE)``: points booked
  while the freeze runs restart its 28 days (the mechanics are an assumption, see below).
- Points reset to 0 on the first Monday of January, April, July and October (scribd deck;
  shopee-sdk ``PenaltyPoints`` doc; Exabytes MY "start of each quarter").
- PH from 2025-12-29: the reset moves to the last Monday of March, June, September and
  December (BigSeller, Dec 2025); 2025-12-29 is itself the last Monday of December 2025.
- VN from 2025-10-06: tier 1 sanctions last 7 days, tier 2 sanctions 14 days, tiers 3 to 5
  still 28 days (tukigroup.vn, quoting the Shopee VN announcement).
- A variant from Shopee's own Open Platform sample response of
  ``v2.account_health.get_punishment_history`` (a Q4 2024 shop, first seen 2024-10-10, market
  not named): listing-limit punishments 1109 at 5 points and 1110 at 10 points, 28 days each,
  and the whole tier-3 set at 9 points. Off by default: ``listing_limits=True`` (with
  ``cumulative_tiers=True`` for the tier-3 set).
- Severe listing violations (many spam, prohibited or counterfeit listings): 2 points
  (BigSeller 2022).
- High non-fulfilment rate (NFR above 10 % over 7 days): up to 4 points a week depending on
  rate and count (cross-border notice effective 2024-01-29, sellerby 392). The caller states
  the issued points; NFR points penalised on one local day (the Monday evaluation) count for at
  most 4 together.
- An approved appeal removes the points and restores the privileges (BigSeller, Dec 2025): a
  granted appeal lifts running tier sanctions that the remaining points would not have reached
  and takes back the freeze extension its point gave;
  a reduced appeal books ``latest_point_num`` (Appeal ``REDUCED`` with ``points_after``).
- Violation kinds follow the Open Platform ``account_health`` ``violation_type`` enum as
  mirrored by shopee-sdk (:data:`API_VIOLATION_TYPES` maps each number to a kind). Their point
  values are not sourced (they probably differ by market): those violations must state their
  points, as in ``penalty_point_list[].latest_point_num``. Unknown or new types book to the
  generic kind ``points`` with explicit points.
- The weekly evaluation: "performance of the previous week is evaluated every Monday", points
  issued when a target is missed (the 2019 deck; BigSeller Dec 2025). The points, and the tiers
  they reach, apply at the evaluation: :func:`weekly_evaluation` gives its instant (00:00 local
  on the Monday after the Monday-to-Sunday week, an assumption) and
  :func:`at_weekly_evaluation` moves the metric violations of a history (NFR and LSR,
  :data:`WEEKLY_METRIC_KINDS`) there, keeping the occurrence in ``occurred_at``. The engine
  books a violation at its own instant, so the move happens before evaluation.
- VN: shops with high points for product or content violations are limited to at most 50
  products (tukigroup.vn, quoting the 2025-10-06 Shopee VN announcement). The trigger is not
  stated, so the limit is a measure record (``product_limit_50``, VN only, no points of its
  own) booked when Shopee applies it.
- Outside the ladder: fraud and severe persistent offences can bring an indefinite freeze or a
  ban (Ginee PH; BigSeller "recover your banned Shopee account"); high-risk sellers can have
  their order volume capped for 7 days before points pile up (amz10 18151). These are kinds
  whose direct sanction is the platform's measure (``indefinite_freeze``, ``account_ban``,
  ``order_volume_limit``); they carry no points of their own.

Assumptions (the sources are silent; each is an option of :func:`shopee` or named here):

- ``market=None`` means ``"SG"`` (the classic rules, Asia/Singapore); pass a market to be sure.
- Resets happen at 00:00 local time of the market (not stated; no option, the calendar's time).
- ``stacking=Stacking.extend(SanctionKind.FREEZE)``: each point booked during the freeze
  restarts its 28 days ("add 28 days" or "until under 15" are the alternatives, not
  expressible as data today).
- ``cumulative_tiers=False``: reaching a tier applies the sanctions that tier adds, for the
  tier's duration from the moment it is reached; lower-tier sanctions keep their own term. A
  total that passes several tiers at once gets exactly the highest tier's column. ``True``
  applies the tier's whole column again (lower-tier sanctions are renewed; several tiers
  passed at once then give duplicate sanctions). With the VN durations the default gives a
  campaign ban of 7 days even when tier 2 is reached at once.
- ``tier_days=None``: the duration table (28 days for every tier; VN from 2025-10-06 7/14/28/28/28).
  A mapping ``{3: 7, 6: 14, ...}`` replaces it for every date.
- ``tiers=None``: the 2019 tier table; a mapping ``{level: (SanctionSpec, ...)}`` replaces the
  whole ladder (for the unsourced 2025-04-07 table, say).
- ``reset=None``: first Monday of the quarter except PH (last Monday from 2025-12-29); other
  markets have no market-specific source. Any ``ResetCalendar`` replaces it.
- ``vn_product_limit_days=None``: VN's 50-product limit lasts until Shopee lifts it (a
  ``Revocation`` of the record, reason ``RESOLVED``); an int gives it that many days.
- The Monday evaluation runs at 00:00 local time (not stated); only NFR and LSR points are
  placed there (``at_weekly_evaluation(kinds=...)`` takes others).
- ``nfr_weekly_cap=4``: the cross-border scale gives up to 4 NFR points a week (a PH anecdote
  says 3).

Not modelled: points arriving after a
freeze has ended while the total is still 15 or more (the engine fires a tier only when the
total rises to it from below; the source is silent); the per-grade points of graded listing
violations; appeal windows (no source).

References:
    - https://www.scribd.com/document/727749950/02-Understanding-Penalty-Points-Student-Copy
    - https://open.shopee.com/documents/v2/v2.account_health.get_punishment_history?module=103&type=1
      (its response sample; mirrored in shopee-sdk schemas/)
    - http://congminh1254.github.io/shopee-sdk/interfaces/schemas_account-health.PenaltyPoints.html
    - https://github.com/congminh1254/shopee-sdk/blob/main/src/schemas/account-health.ts
    - https://www.exabytes.my/blog/shopee-penalty-points-guide/
    - https://www.bigseller.com/blog/articleDetails/4172/shopee-philippines-issues-latest-penalty-point-reminder.htm
    - https://tukigroup.vn/?p=14325
    - https://startupvn.vn/nhung-truong-hop-nao-tren-san-shopee-thi-bi-dinh-diem-sao-qua-ta
    - https://ginee.com/ph/insights/shopee-philippines-penalty-system/
    - https://bigseller.com/blog/articleDetails/1267/recover-your-banned-shopee-account-in-minutes.htm
    - https://www.sellerby.com/p/392.html
    - https://www.amz10.com/p/18151.html
    - https://reddit.mailt.ovh/r/ShopeePH/comments/1ieyv1l/end_game_na_guys/mabuj2v/ (low
      confidence, NFR "at most 3" a week)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs
import pendulum
from pendulum import DateTime

from penalties._time import InstantLike, exact, local_date, local_midnight, to_instant, to_timezone
from penalties.errors import InvalidEventError, PolicyDefinitionError, close_matches
from penalties.events import Event, Violation
from penalties.policy import Policy, register_policy, resolve_market
from penalties.rules import (
    Assumption,
    CalendarReset,
    DailyCap,
    DatedResetCalendar,
    Ledger,
    QuarterlyReset,
    ResetCalendar,
    SanctionKind,
    SanctionSpec,
    Schedule,
    Severity,
    Stacking,
    Threshold,
    ViolationKind,
)

__all__ = [
    "API_VIOLATION_TYPES",
    "MARKETS",
    "PH_LAST_MONDAY_RESET",
    "VN_PRODUCT_LIMIT",
    "VN_SHORT_TIERS",
    "WEEKLY_METRIC_KINDS",
    "at_weekly_evaluation",
    "shopee",
    "weekly_evaluation",
]

MARKETS: Mapping[str, str] = MappingProxyType(
    {
        "SG": "Asia/Singapore",
        "MY": "Asia/Kuala_Lumpur",
        "PH": "Asia/Manila",
        "VN": "Asia/Ho_Chi_Minh",
        "TW": "Asia/Taipei",
        "TH": "Asia/Bangkok",
        "ID": "Asia/Jakarta",
    }
)
"""Markets and their zones."""

DEFAULT_MARKET = "SG"
PH_LAST_MONDAY_RESET = dt.date(2025, 12, 29)
"""PH: reset on the last Monday of each quarter from this date (BigSeller, Dec 2025)."""
VN_SHORT_TIERS = dt.date(2025, 10, 6)
"""VN: tier 1 and 2 sanctions last 7 and 14 days from this date (tukigroup.vn)."""
SAMPLE_2024 = dt.date(2024, 10, 10)
"""The issue date of Shopee's own get_punishment_history sample (a Q4 2024 shop)."""
NFR_SCALE_FROM = dt.date(2024, 1, 29)
"""Cross-border NFR scale: up to 4 points a week (sellerby 392)."""

SCRIBD = "https://www.scribd.com/document/727749950/02-Understanding-Penalty-Points-Student-Copy"
SDK = "https://github.com/congminh1254/shopee-sdk/blob/main/src/schemas/account-health.ts"
BIGSELLER_BAN = "https://bigseller.com/blog/articleDetails/1267/recover-your-banned-shopee-account-in-minutes.htm"
GINEE = "https://ginee.com/ph/insights/shopee-philippines-penalty-system/"

REFERENCES = (
    SCRIBD,
    "https://open.shopee.com/documents/v2/v2.account_health.get_punishment_history?module=103&type=1",
    "http://congminh1254.github.io/shopee-sdk/interfaces/schemas_account-health.PenaltyPoints.html",
    SDK,
    "https://www.exabytes.my/blog/shopee-penalty-points-guide/",
    "https://www.bigseller.com/blog/articleDetails/4172/"
    "shopee-philippines-issues-latest-penalty-point-reminder.htm",
    "https://tukigroup.vn/?p=14325",
    "https://startupvn.vn/nhung-truong-hop-nao-tren-san-shopee-thi-bi-dinh-diem-sao-qua-ta",
    GINEE,
    BIGSELLER_BAN,
    "https://www.sellerby.com/p/392.html",
    "https://www.amz10.com/p/18151.html",
    "https://reddit.mailt.ovh/r/ShopeePH/comments/1ieyv1l/end_game_na_guys/mabuj2v/",
)

ASSUMPTIONS = (
    Assumption(
        "default_market",
        "Without a market the policy is Shopee Singapore (classic rules, Asia/Singapore).",
        "market",
    ),
    Assumption(
        "reset_time",
        "Quarterly resets happen at 00:00 local time of the market; no source states the hour.",
    ),
    Assumption(
        "freeze_extension",
        "Points booked while the 15-point freeze runs restart its 28 days; the source says "
        "only that the freeze may be extended.",
        "stacking",
    ),
    Assumption(
        "cumulative_tiers",
        "Reaching a tier applies the sanctions it adds for the tier's duration from that "
        "moment; lower-tier sanctions keep their own term (not renewed).",
        "cumulative_tiers",
    ),
    Assumption(
        "tier_table_2019",
        "The 2019 tier table applies; a table effective 2025-04-07 exists but its contents "
        "are not sourced.",
        "tiers",
    ),
    Assumption(
        "durations",
        "Tier sanctions last 28 days (VN from 2025-10-06: 7/14/28/28/28); an override table "
        "applies to every date.",
        "tier_days",
    ),
    Assumption(
        "reset_day",
        "Markets other than PH reset on the first Monday of the quarter (the classic rule); "
        "no market-specific source.",
        "reset",
    ),
    Assumption(
        "listing_limits_2024_sample",
        "Shopee's own get_punishment_history sample (a shop in Q4 2024, market not named) shows "
        "listing-limit punishments 1109 at 5 points and 1110 at 10 points and the whole tier-3 "
        "set (107, 108, 602) at 9 points, each for 28 days. It is a variant, off by default "
        "(listing_limits=True, with cumulative_tiers=True for the tier-3 set); unknown: its "
        "market, its start date (2024-10-10 is only when it was first seen), the limit itself, "
        "and whether tiers 1 and 2 still exist there.",
        "listing_limits",
    ),
    Assumption(
        "weekly_evaluation_time",
        "The Monday evaluation runs at 00:00 local time of the market and covers the Monday "
        "to Sunday before it; the sources say only 'every Monday' and 'the previous week'. "
        "Metric points are placed there by at_weekly_evaluation (WEEKLY_METRIC_KINDS: NFR and "
        "LSR); Shopee's own 2024 API sample shows other points issued on other weekdays, so "
        "event violations keep their instant.",
    ),
    Assumption(
        "vn_product_limit",
        "VN: the 50-product limit for shops with high product/content violation points lasts "
        "until Shopee lifts it (a Revocation of the measure record); the source (tukigroup, "
        "quoting the 2025-10-06 announcement) gives neither the points that trigger it nor a "
        "term, so it is a measure record, not a threshold.",
        "vn_product_limit_days",
    ),
    Assumption(
        "nfr_weekly_cap",
        "Non-fulfilment-rate points count for at most 4 a week: the cross-border scale "
        "effective 2024-01-29 (a PH anecdote says 3), applied in every market and at every "
        "date, to the points of one local evaluation day (the Monday run); nfr_weekly_cap=None "
        "drops the cap.",
        "nfr_weekly_cap",
        first_seen=NFR_SCALE_FROM,
    ),
)

_R = SanctionKind.RESTRICTION
_TIER_ADDS: Mapping[int, tuple[tuple[SanctionKind, str], ...]] = MappingProxyType(
    {
        3: ((_R, "no marketing campaigns"),),
        6: (
            (_R, "free shipping / shipping rebates removed"),
            (_R, "listings deboosted (moderate)"),
        ),
        9: ((_R, "listings deboosted (severe)"),),
        12: ((_R, "no listing creation or editing"),),
        15: ((SanctionKind.FREEZE, "account frozen"),),
    }
)
"""What each tier adds to the tiers below it (2019 deck)."""

_CLASSIC_DAYS: Mapping[int, int] = MappingProxyType({3: 28, 6: 28, 9: 28, 12: 28, 15: 28})
_VN_NEW_DAYS: Mapping[int, int] = MappingProxyType({3: 7, 6: 14, 9: 28, 12: 28, 15: 28})

NFR_KIND = "high_non_fulfilment_rate"
VN_PRODUCT_LIMIT = "product_limit_50"
"""VN: the kind that records the 50-product listing limit (a measure, no points of its own)."""

WEEKLY_METRIC_KINDS: frozenset[str] = frozenset({NFR_KIND, "high_late_shipment_rate"})
"""The metrics whose points the Monday evaluation issues for the previous week: the
non-fulfilment rate (sellerby 392: "past 7 days"; the 2019 deck) and the late shipment rate
(startupvn: "LSR has a similar rule")."""

# (API violation_type, kind code, title)
_API_KINDS: tuple[tuple[int, str, str], ...] = (
    (5, "high_late_shipment_rate", "High late shipment rate"),
    (7, "high_non_fulfilled_orders", "High number of non-fulfilled orders"),
    (8, "high_late_shipped_orders", "High number of late-shipped orders"),
    (9, "prohibited_listings", "Prohibited listings"),
    (10, "counterfeit_ip_infringement", "Counterfeit / IP infringement"),
    (11, "spam_listings", "Spam listings"),
    (12, "copied_images", "Copying or stealing images"),
    (13, "reuploading_deleted_listings", "Re-uploading deleted listings"),
    (14, "bought_counterfeit_from_mall", "Bought counterfeit from a Mall shop"),
    (15, "counterfeit_caught_by_shopee", "Counterfeit caught by Shopee"),
    (16, "high_pre_order_listings", "High percentage of pre-order listings"),
    (17, "fraud_attempts", "Confirmed fraud attempts"),
    (18, "voucher_fraud", "Confirmed fraud attempts with vouchers"),
    (19, "fake_return_address", "Fake return address"),
    (20, "shipping_fraud", "Shipping fraud or abuse"),
    (21, "high_non_responded_chat", "High rate of non-responded chats"),
    (22, "rude_chat_replies", "Rude chat replies"),
    (23, "asking_buyer_to_cancel", "Asking the buyer to cancel"),
    (24, "rude_review_reply", "Rude reply to a buyer's review"),
    (25, "return_refund_policy_violation", "Violating the return/refund policy"),
    (3026, "misuse_of_shopee_ip", "Misuse of Shopee's IP"),
    (3028, "shop_name_violation", "Violating shop-name regulations"),
    (3030, "off_platform_transaction", "Direct transactions outside the platform"),
    (3032, "empty_or_incomplete_parcel", "Shipping empty or incomplete parcels"),
    (3034, "feed_violation", "Severe violations on Shopee Feed"),
    (3036, "live_violation", "Severe violations on Shopee LIVE"),
    (3038, "local_vendor_tag_misuse", "Misuse of the local vendor tag"),
    (3040, "misleading_shop_tag", "Misleading shop tag in a listing image"),
    (3042, "counterfeit_ip_test", "Counterfeit / IP infringement test"),
    (3044, "repeat_ip_offender", "Repeat offender: IP infringement"),
    (3046, "live_animal_sales", "Selling live animals"),
    (3048, "chat_spam", "Chat spam"),
    (3050, "high_overseas_return_refund_rate", "High overseas return/refund rate"),
    (3052, "privacy_breach_in_reply", "Privacy breach in a buyer reply"),
    (3054, "order_brushing", "Order brushing"),
    (3056, "porn_image", "Pornographic image"),
    (3058, "wrong_category", "Incorrect product categories"),
    (3060, "extremely_high_non_fulfilment_rate", "Extremely high non-fulfilment rate"),
    (3062, "ams_overdue_invoice", "AMS overdue invoice payment"),
    (3064, "government_related_listing", "Government-related listing"),
    (3066, "invalid_gifted_items", "Listing invalid gifted items"),
    (3068, "high_non_fulfilment_rate_ndd", "High non-fulfilment rate (next-day delivery)"),
    (3070, "high_late_shipment_rate_ndd", "High late shipment rate (next-day delivery)"),
    (3072, "opfr_violation", "On-time pickup failure rate violation"),
    (3074, "off_platform_transaction_chat", "Direct transactions outside the platform via chat"),
    (3145, "return_refund_rate_non_integrated", "Return/refund rate (non-integrated channel)"),
    (4130, "poor_product_quality", "Poor product quality"),
)

_GRADES = ("extreme", "high", "mid", "low")
_GRADED: tuple[tuple[int, str, str], ...] = (
    (3090, "prohibited_listings_graded", "Prohibited listings (graded)"),
    (3094, "counterfeit_listings_graded", "Counterfeit listings (graded)"),
    (3098, "spam_listings_graded", "Spam listings (graded)"),
)


def _api_types() -> Mapping[int, tuple[str, str | None]]:
    table: dict[int, tuple[str, str | None]] = {6: (NFR_KIND, None)}
    table.update({number: (code, None) for number, code, _ in _API_KINDS})
    for first, code, _ in _GRADED:
        for offset, grade in enumerate(_GRADES):
            table[first + offset] = (code, grade)
    return MappingProxyType(dict(sorted(table.items())))


API_VIOLATION_TYPES: Mapping[int, tuple[str, str | None]] = _api_types()
"""Open Platform ``violation_type`` → (kind code, severity). Numbers not listed (101
"tier reason" and later additions) book to the generic kind ``points`` with explicit points."""


def _vn_kinds(days: int | None) -> tuple[ViolationKind, ...]:
    term = "until Shopee lifts it" if days is None else f"for {days} days (option)"
    return (
        ViolationKind(
            VN_PRODUCT_LIMIT,
            "VN: shop limited to at most 50 products for high product/content violation "
            "points; a record of the measure, no points of its own",
            "points",
            title_zh="商品数量限制为最多 50 件",
            points=0,
            sanctions=(
                SanctionSpec(SanctionKind.RESTRICTION, days, f"at most 50 products, {term}"),
            ),
            source="https://tukigroup.vn/?p=14325",
        ),
    )


def _kinds() -> tuple[ViolationKind, ...]:
    unsourced = "points not sourced: state them"
    return (
        ViolationKind(
            "severe_listing_violations",
            "Severe listing violations (many spam, prohibited or counterfeit listings)",
            "points",
            points=2,
            source=BIGSELLER_BAN,
        ),
        ViolationKind(
            NFR_KIND,
            "High non-fulfilment rate (NFR > 10 % over 7 days): 0-4 points a week, "
            "state the issued points",
            "points",
            source=f"https://www.sellerby.com/p/392.html (violation_type 6; from {NFR_SCALE_FROM})",
        ),
        *(
            ViolationKind(
                code, title, "points", source=f"{SDK} (violation_type {number}; {unsourced})"
            )
            for number, code, title in _API_KINDS
        ),
        *(
            ViolationKind(
                code,
                f"{title}: extreme, high, mid or low",
                "points",
                severities=tuple(
                    Severity(grade, title=f"violation_type {first + i}")
                    for i, grade in enumerate(_GRADES)
                ),
                source=f"{SDK} (violation_type {first}-{first + 3}; grade points not sourced)",
            )
            for first, code, title in _GRADED
        ),
        ViolationKind(
            "indefinite_freeze",
            "Indefinite freeze outside the tier ladder (fraud, severe persistent offences); "
            "a record of the measure, no points of its own",
            "points",
            points=0,
            sanctions=(SanctionSpec(SanctionKind.FREEZE, None, "indefinite freeze"),),
            source=GINEE,
        ),
        ViolationKind(
            "account_ban",
            "Account ban (no app or Seller Centre access) outside the tier ladder; a record "
            "of the measure, no points of its own",
            "points",
            points=0,
            sanctions=(SanctionSpec(SanctionKind.SUSPENSION, None, "account banned"),),
            source=f"{GINEE}; {BIGSELLER_BAN}",
        ),
        ViolationKind(
            "order_volume_limit",
            "7-day order-volume control for high-risk sellers (NFR or LSR of 10 % or more); "
            "no points of its own",
            "points",
            points=0,
            sanctions=(SanctionSpec(SanctionKind.RESTRICTION, 7, "order volume capped"),),
            source="https://www.amz10.com/p/18151.html",
        ),
    )


def _column(level: int, days: int, cumulative: bool) -> tuple[SanctionSpec, ...]:
    levels = [lv for lv in sorted(_TIER_ADDS) if lv <= level] if cumulative else [level]
    return tuple(
        SanctionSpec(kind, days, reason) for lv in levels for kind, reason in _TIER_ADDS[lv]
    )


def _ladder(
    durations: list[tuple[dt.date | None, dt.date | None, Mapping[int, int]]], cumulative: bool
) -> tuple[Threshold, ...]:
    out = []
    for since, until, days in durations:
        for number, level in enumerate(sorted(_TIER_ADDS), start=1):
            d = days[level]
            out.append(
                Threshold(
                    level,
                    _column(level, d, cumulative),
                    label=f"tier {number} ({level} points): {d}-day sanctions",
                    effective_from=since,
                    effective_until=until,
                )
            )
    return tuple(out)


def _listing_limits() -> tuple[Threshold, ...]:
    """The listing-limit punishments of Shopee's API sample: type 1109 at 5 points, 1110 at
    10, each for 28 days (the sample's start and end times)."""
    return tuple(
        Threshold(
            level,
            (
                SanctionSpec(
                    SanctionKind.RESTRICTION, 28, f"listing limit reduced (punishment {number})"
                ),
            ),
            label=f"{level} points: listing limit reduced (punishment {number}, 2024 API sample)",
        )
        for level, number in ((5, 1109), (10, 1110))
    )


def shopee(
    market: str | None = None,
    *,
    stacking: Stacking | None = None,
    cumulative_tiers: bool = False,
    tier_days: Mapping[int, int] | None = None,
    tiers: Mapping[int, tuple[SanctionSpec, ...]] | None = None,
    reset: ResetCalendar | None = None,
    nfr_weekly_cap: int | None = 4,
    appeal_lifts_sanctions: bool = True,
    listing_limits: bool = False,
    vn_product_limit_days: int | None = None,
) -> Policy:
    """The Shopee policy for ``market`` (SG when ``None``); options override the assumptions.

    ``tier_days`` maps tier levels (3, 6, 9, 12, 15) to sanction days for every date;
    ``tiers`` replaces the whole ladder, e.g.
    ``{3: (SanctionSpec(SanctionKind.RESTRICTION, 14),)}``. ``listing_limits=True`` adds the
    listing-limit punishments of Shopee's own 2024 API sample (5 and 10 points, 28 days); with
    ``cumulative_tiers=True`` it reads that sample as a whole.
    """
    code = resolve_market("shopee", market, MARKETS, default=DEFAULT_MARKET)
    assert code is not None
    if vn_product_limit_days is not None and (
        isinstance(vn_product_limit_days, bool)
        or not isinstance(vn_product_limit_days, int)
        or vn_product_limit_days <= 0
    ):
        raise PolicyDefinitionError(
            f"shopee: vn_product_limit_days must be a positive whole number of days or None "
            f"(until Shopee lifts the limit), got {vn_product_limit_days!r}."
        )
    if tier_days is not None and set(tier_days) != set(_TIER_ADDS):
        raise PolicyDefinitionError(
            f"tier_days needs days for each tier level {sorted(_TIER_ADDS)}, "
            f"got {sorted(tier_days)}."
        )
    if tiers is not None:
        thresholds = tuple(
            Threshold(level, tuple(specs), label=f"{level} points (option)")
            for level, specs in sorted(tiers.items())
        )
    elif tier_days is not None:
        thresholds = _ladder([(None, None, tier_days)], cumulative_tiers)
    elif code == "VN":
        thresholds = _ladder(
            [(None, VN_SHORT_TIERS, _CLASSIC_DAYS), (VN_SHORT_TIERS, None, _VN_NEW_DAYS)],
            cumulative_tiers,
        )
    else:
        thresholds = _ladder([(None, None, _CLASSIC_DAYS)], cumulative_tiers)
    if listing_limits:
        thresholds = (*thresholds, *_listing_limits())
    if reset is None:
        first_monday = QuarterlyReset(0, "first")
        reset = (
            DatedResetCalendar(
                Schedule.dated(
                    (None, first_monday), (PH_LAST_MONDAY_RESET, QuarterlyReset(0, "last"))
                )
            )
            if code == "PH"
            else first_monday
        )
    ledger = Ledger(
        "points",
        "Penalty points (overall)",
        validity=CalendarReset(reset),
        counting=(
            (DailyCap(nfr_weekly_cap, kinds={NFR_KIND}),) if nfr_weekly_cap is not None else ()
        ),
        thresholds=thresholds,
        stacking=stacking if stacking is not None else Stacking.extend(SanctionKind.FREEZE),
        appeal_lifts_sanctions=appeal_lifts_sanctions,
    )
    return Policy(
        code="shopee",
        name=f"Shopee {code}",
        timezone=MARKETS[code],
        ledgers=(ledger,),
        kinds=(*_kinds(), *(_vn_kinds(vn_product_limit_days) if code == "VN" else ())),
        references=REFERENCES,
        market=code,
        version="2019 tier table; VN durations 2025-10-06; PH reset 2025-12-29",
        # The variant's start is only first seen: its explanations say so when it is on.
        assumptions=tuple(
            Assumption(a.code, a.text, a.option, SAMPLE_2024)
            if listing_limits and a.code == "listing_limits_2024_sample"
            else a
            for a in ASSUMPTIONS
        ),
    )


def weekly_evaluation(when: InstantLike, policy: Policy) -> DateTime:
    """The Monday evaluation that counts ``when``: 00:00 local time, in the policy's zone, on the
    Monday after the Monday-to-Sunday week ``when`` falls in (a Monday 10:00 is counted a week
    later; the previous week's performance is evaluated every Monday, 2019 deck)."""
    zone = _shopee_zone(policy, "weekly_evaluation")
    instant = to_instant(when, what="weekly_evaluation(when)", error=InvalidEventError)
    day = local_date(instant, zone)
    return local_midnight(day + dt.timedelta(days=7 - day.weekday()), zone)


def at_weekly_evaluation(
    events: Iterable[Event], policy: Policy, *, kinds: Iterable[str] = WEEKLY_METRIC_KINDS
) -> tuple[Event, ...]:
    """``events`` with each violation of a weekly metric kind booked at its Monday evaluation.

    A violation of one of ``kinds`` (default :data:`WEEKLY_METRIC_KINDS`) that is not already
    at an evaluation instant (00:00 local on a Monday) moves to :func:`weekly_evaluation` of its
    instant; its ``occurred_at`` keeps when it happened (its old ``at`` unless already set).
    Every other event is returned as it is, in the same order. Evaluate the result as usual:
    the points and the tiers they reach then start at the evaluation, and the weekly NFR cap
    (``nfr_weekly_cap``, per local day) counts one week's points together. An appeal filed
    before the evaluation it answers is refused there, like any appeal before its penalty.
    """
    zone = _shopee_zone(policy, "at_weekly_evaluation")
    if isinstance(kinds, str) or not isinstance(kinds, Iterable):
        raise PolicyDefinitionError(
            f"kinds must be a collection of kind codes, not {type(kinds).__name__} {kinds!r}."
        )
    metric = frozenset(kinds)
    known = {k.code for k in policy.kinds}
    for code in sorted(metric):
        if code not in known:
            raise PolicyDefinitionError(
                f"kinds names {code!r}, which {policy.name} does not know."
                + close_matches(str(code), known)
            )
    out: list[Event] = []
    for event in events:
        if isinstance(event, Violation) and event.kind in metric:
            day = local_date(event.at, zone)
            on_monday = day.weekday() == 0 and exact(local_midnight(day, zone)) == exact(event.at)
            if not on_monday:
                moved = weekly_evaluation(event.at, policy)
                seen = event.occurred_at if event.occurred_at is not None else event.at
                event = attrs.evolve(event, at=moved, occurred_at=seen)
        out.append(event)
    return tuple(out)


def _shopee_zone(policy: Policy, what: str) -> pendulum.Timezone:
    if not isinstance(policy, Policy):
        raise TypeError(f"{what}() needs a Policy, not {type(policy).__name__}.")
    if policy.code != "shopee":
        raise PolicyDefinitionError(
            f"{what}() applies Shopee's Monday evaluation; {policy.name} is not a Shopee "
            "policy (get_policy('shopee', market=...))."
        )
    return to_timezone(policy.timezone)


register_policy("shopee", shopee, replace=True, markets=tuple(MARKETS))
