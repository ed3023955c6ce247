"""TikTok Shop violation points (Southeast Asia).

One point total per shop (ledger ``points``). Each violation reason carries a severity range of
points; the total reaches milestones at 12, 24, 36 and 48. Each violation's points lapse on a
rolling basis after they were issued. Times are counted in the market's zone; markets: PH, TH,
MY, SG, VN, ID. The US Account Health Rating (0-1000 score) is a different model: see
:mod:`penalties.platforms.tiktok_shop_us` (code ``tiktok_shop_us``).

Rules encoded, with their sources:

- Points by violation reason, as ranges by severity (TikTok Shop Thailand Seller University,
  official): missing qualifications 6-48, expired qualifications 4-48, inauthentic
  qualifications 12-48, IP infringement 1-48, counterfeit products 4-48, knockoff products 0-4,
  inappropriate product category 0-48, prohibited products 6-48, unsupported products 0-48,
  listing-guideline non-compliance 0-48, inappropriate customer communication 1-12, high
  seller-fault cancellation rate 2-4, high late dispatch rate 2-4, high seller-fault
  return/refund rate 2, shipping SNAD items 1-48, reproduced content 48, prohibited/unsupported
  product promotion 6-48, inconsistent product promotion 1-48, activities prohibited by law 48.
  Where the source gives a range, the caller states the issued points (the range is in the
  kind's title); single values are the kind's points.
- Low 24-hour customer-service response rate (PH): 1 point (beglobalecommercecorp).
- Milestones (PH, tt123 Jun 2025; BigSeller PH): 12 → not eligible for big campaigns and the
  affiliate programme for 7 days; 24 → new-listing and live-traffic restrictions and no
  Shopping Center recommendation for 14 days; 36 → shop suspended for 28 days and no platform
  benefits for 60 days; 48 → shop permanently closed. A warning comes about 5 points before
  each milestone (BigSeller PH; tt123). A variant ladder (sellerops.io, low confidence) is not
  encoded.
- Expiry: each violation's points lapse 90 calendar days after issue in PH from 2025-06-17,
  180 days before (BigSeller PH; tkfff 166258). Other SEA markets: 180 days (the pre-change PH
  value, unconfirmed per market).
- A successful appeal or correction removes the enforcement and restores privileges (Seller
  Enforcement Policy, seller-us.tiktok.com knowledge_id 2380042836166443; the domain notes say
  it holds in both regimes): ``appeal_lifts_sanctions=True``.

Assumptions (the sources are silent; each is an option of :func:`tiktok_shop`):

- ``market=None`` means ``"PH"``, the market whose milestones and expiry are sourced.
- ``expiry_days=None``: PH 180 → 90 days from 2025-06-17, other markets 180 days; an int or a
  ``Schedule`` replaces it.
- ``warning_margin=5``: the warning comes 5 points before each milestone ("about 5").
- ``warning_days=7``: a warning shows for 7 days (no source gives a duration).
- ``low_response_rate_outside_ph=True``: the 1-point low response rate, sourced for PH only,
  is a kind in every market; ``False`` offers it in PH only.
- ``stacking=Stacking.parallel()``: milestones passed at once each apply from the crossing, so
  the heaviest one reached governs; crossing during a running sanction adds the new one.

- Points stop lapsing once the total has reached 48 (BigSeller PH: the lapse "does not happen
  once the total has reached 48"): ``ExpiresAfter(stops_at=48)``, so a closed shop keeps its 48.

Not modelled: joint penalties with linked creator accounts (book a
creator's violation on the shop when the platform does); non-point actions (listing removal,
traffic suppression, fund measures) that act outside the milestones; appeal deadlines (not
stated). The claim that 24-point violations never expire (tokhq.io, low confidence) is
rejected.

References:
    - https://seller-th.tiktok.com/university/essay?knowledge_id=2491464556136208&lang=en
    - https://alpha-0642981a63c.bigseller.com/blog/articleDetails/3429/tiktok-shop-ph-violation-points.htm
    - https://www.tt123.com/ask/ZBksRu0G
    - https://www.tkfff.com/166258.html
    - https://newsroom.tiktok.com/fil-PH/tiktok-shop-reinforces-commitment-to-user-safety-with-proactive-measures
    - https://beglobalecommercecorp.com/tiktok-shop-violation-points-for-sellers-what-they-are-how-to-avoid
    - https://seller-us.tiktok.com/university/essay?knowledge_id=2380042836166443&lang=en
    - sellerops.io (variant ladder, low confidence, named only)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from penalties.errors import PolicyDefinitionError, UnknownPolicyError
from penalties.policy import Policy, register_policy, resolve_market
from penalties.rules import (
    Assumption,
    ExpiresAfter,
    Ledger,
    SanctionKind,
    SanctionSpec,
    Schedule,
    Stacking,
    Threshold,
    ViolationKind,
)

__all__ = ["MARKETS", "PH_EXPIRY_CHANGE", "tiktok_shop"]

MARKETS: Mapping[str, str] = MappingProxyType(
    {
        "PH": "Asia/Manila",
        "TH": "Asia/Bangkok",
        "MY": "Asia/Kuala_Lumpur",
        "SG": "Asia/Singapore",
        "VN": "Asia/Ho_Chi_Minh",
        "ID": "Asia/Jakarta",
    }
)
"""Markets and their zones."""

DEFAULT_MARKET = "PH"
PH_EXPIRY_CHANGE = dt.date(2025, 6, 17)
"""PH: points lapse 90 days after issue from this date (180 before)."""

TH_TABLE = "https://seller-th.tiktok.com/university/essay?knowledge_id=2491464556136208&lang=en"
BIGSELLER_PH = (
    "https://alpha-0642981a63c.bigseller.com/blog/articleDetails/3429/"
    "tiktok-shop-ph-violation-points.htm"
)
TT123 = "https://www.tt123.com/ask/ZBksRu0G"

REFERENCES = (
    TH_TABLE,
    BIGSELLER_PH,
    TT123,
    "https://www.tkfff.com/166258.html",
    "https://newsroom.tiktok.com/fil-PH/"
    "tiktok-shop-reinforces-commitment-to-user-safety-with-proactive-measures",
    "https://beglobalecommercecorp.com/"
    "tiktok-shop-violation-points-for-sellers-what-they-are-how-to-avoid",
    "sellerops.io (variant ladder, low confidence)",
)

ASSUMPTIONS = (
    Assumption(
        "default_market",
        "Without a market the policy is TikTok Shop Philippines, whose milestones and expiry "
        "are sourced.",
        "market",
    ),
    Assumption(
        "expiry_outside_ph",
        "Outside PH points lapse 180 days after issue (the pre-change PH value).",
        "expiry_days",
    ),
    Assumption(
        "warning_margin", "The warning comes 5 points before each milestone.", "warning_margin"
    ),
    Assumption("warning_days", "A warning shows for 7 days (not stated).", "warning_days"),
    Assumption(
        "low_response_rate_markets",
        "The 1-point low response rate is sourced for PH only; the kind is offered in every "
        "market (low_response_rate_outside_ph=False keeps it to PH).",
        "low_response_rate_outside_ph",
    ),
    Assumption(
        "stacking",
        "Milestones passed at once each apply from the crossing (the heaviest governs).",
        "stacking",
    ),
)

_RANGED: tuple[tuple[str, str, int, int], ...] = (
    ("missing_qualifications", "Missing qualifications", 6, 48),
    ("expired_qualifications", "Expired qualifications", 4, 48),
    ("inauthentic_qualifications", "Inauthentic qualifications", 12, 48),
    ("ip_infringement", "IP infringement", 1, 48),
    ("counterfeit_products", "Counterfeit products", 4, 48),
    ("knockoff_products", "Knockoff products", 0, 4),
    ("inappropriate_category", "Inappropriate product category", 0, 48),
    ("prohibited_products", "Listing/shipping prohibited products", 6, 48),
    ("unsupported_products", "Listing/shipping unsupported products", 0, 48),
    ("listing_guideline_non_compliance", "Non-compliance with listing guidelines", 0, 48),
    ("inappropriate_communication", "Inappropriate or prohibited customer communication", 1, 12),
    ("high_cancellation_rate", "High seller-fault cancellation rate (SFCR)", 2, 4),
    ("high_late_dispatch_rate", "High late dispatch rate (LDR)", 2, 4),
    ("snad_items", "Shipping significantly-not-as-described items", 1, 48),
    ("prohibited_product_promotion", "Prohibited/unsupported product promotion", 6, 48),
    ("inconsistent_product_promotion", "Inconsistent product promotion", 1, 48),
)

_FIXED: tuple[tuple[str, str, int, str], ...] = (
    ("high_return_refund_rate", "High seller-fault return/refund rate", 2, TH_TABLE),
    ("reproduced_content", "Reproduced content", 48, TH_TABLE),
    ("illegal_activities", "Activities prohibited by laws and regulations", 48, TH_TABLE),
    (
        "low_response_rate",
        "Low 24-hour customer-service response rate (PH)",
        1,
        "https://beglobalecommercecorp.com/"
        "tiktok-shop-violation-points-for-sellers-what-they-are-how-to-avoid",
    ),
)


def _kinds(low_response_rate: bool) -> tuple[ViolationKind, ...]:
    return (
        *(
            ViolationKind(
                code,
                f"{title} ({low}-{high} points by severity: state the issued points)",
                "points",
                source=f"{TH_TABLE} ({low}-{high})",
            )
            for code, title, low, high in _RANGED
        ),
        *(
            ViolationKind(code, title, "points", points=points, source=source)
            for code, title, points, source in _FIXED
            if low_response_rate or code != "low_response_rate"
        ),
    )


_MILESTONES: tuple[tuple[int, tuple[SanctionSpec, ...]], ...] = (
    (
        12,
        (
            SanctionSpec(
                SanctionKind.RESTRICTION, 7, "no big platform campaigns, no affiliate programme"
            ),
        ),
    ),
    (
        24,
        (
            SanctionSpec(
                SanctionKind.RESTRICTION,
                14,
                "new-listing and live-traffic restrictions, no Shopping Center recommendation",
            ),
        ),
    ),
    (
        36,
        (
            SanctionSpec(SanctionKind.SUSPENSION, 28, "shop suspended"),
            SanctionSpec(SanctionKind.RESTRICTION, 60, "no platform benefits"),
        ),
    ),
    (48, (SanctionSpec(SanctionKind.CLOSURE, None, "shop permanently closed"),)),
)


def _thresholds(warning_margin: int, warning_days: int) -> tuple[Threshold, ...]:
    out: list[Threshold] = []
    for level, specs in _MILESTONES:
        if warning_margin > 0:
            out.append(
                Threshold(
                    level - warning_margin,
                    (SanctionSpec(SanctionKind.WARNING, warning_days, f"{level}-point warning"),),
                    label=f"{level - warning_margin} points: warning before {level}",
                )
            )
        out.append(Threshold(level, specs, label=f"{level}-point milestone"))
    return tuple(out)


def tiktok_shop(
    market: str | None = None,
    *,
    expiry_days: int | Schedule[int] | None = None,
    warning_margin: int = 5,
    warning_days: int = 7,
    stacking: Stacking | None = None,
    appeal_lifts_sanctions: bool = True,
    low_response_rate_outside_ph: bool = True,
) -> Policy:
    """The TikTok Shop SEA policy for ``market`` (PH when ``None``); options override the
    documented assumptions. ``warning_margin=0`` drops the warnings."""
    if isinstance(market, str) and market.strip().upper() in ("US", "UK", "GB"):
        raise UnknownPolicyError(
            f"tiktok_shop covers the SEA violation-point markets ({', '.join(MARKETS)}); "
            f"market {market!r} uses the Account Health Rating (0-1000 score, code "
            "'tiktok_shop_us'): use get_policy('tiktok_shop_us')."
        )
    code = resolve_market("tiktok_shop", market, MARKETS, default=DEFAULT_MARKET)
    assert code is not None
    if not 0 <= warning_margin < 12:
        raise PolicyDefinitionError(
            f"warning_margin {warning_margin!r} must be 0 (no warnings) to 11 points."
        )
    if expiry_days is None:
        expiry_days = Schedule.dated((None, 180), (PH_EXPIRY_CHANGE, 90)) if code == "PH" else 180
    ledger = Ledger(
        "points",
        "Violation points",
        validity=ExpiresAfter(expiry_days, stops_at=48),
        thresholds=_thresholds(warning_margin, warning_days),
        stacking=stacking if stacking is not None else Stacking.parallel(),
        appeal_lifts_sanctions=appeal_lifts_sanctions,
    )
    return Policy(
        code="tiktok_shop",
        name=f"TikTok Shop {code}",
        timezone=MARKETS[code],
        ledgers=(ledger,),
        kinds=_kinds(code == "PH" or low_response_rate_outside_ph),
        references=REFERENCES,
        market=code,
        version="TH points table; PH milestones (Jun 2025); PH expiry 90 days from 2025-06-17",
        assumptions=ASSUMPTIONS,
    )


register_policy("tiktok_shop", tiktok_shop, replace=True, markets=tuple(MARKETS))
