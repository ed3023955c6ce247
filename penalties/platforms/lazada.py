"""Lazada seller Non-Compliance Points.

Lazada keeps one point total per shop, "Non-Compliance Points" (ledger ``non_compliance``), and
issues points per case (no batch cadence is documented). Markets: ``MY``, ``SG``, ``PH``,
``TH``, ``VN`` and ``ID``, each counted in its own zone; ``market=None`` is the shared regional
rulebook, counted in Asia/Singapore. **Per-market differences are not sourced**: every market
gets the same ladder and expiry. The one market-specific rule that is sourced, the Singapore
Direct-Return-to-Merchant policy, adds a ``direct_return`` offence ledger to ``SG`` only.

Rules encoded, with their sources (no official Lazada page states the ladder; it comes from
Chinese third-party pages of 2022 that agree with each other):

- ``non_compliance``: reaching 12 points blocks new listings for 7 days; 24 points block new
  listings for 14 days and hide the shop's products from search (still visible inside the
  shop); 36 points block new listings for 21 days, hide the products from search and take all
  products offline; 48 points take the shop permanently offline, which cannot be restored
  (https://www.xeeger.com/article/14222, 2022; same text at
  http://m.usbusinessiraq.com/n1916304.htm). The 48-point closure cannot be appealed
  (http://www.scqike.com/n29859.htm).
- Each violation's points drop off 365 days after they were received (a copy of Lazada's
  training deck,
  https://fdocuments.us/document/lazadas-non-compliance-points-any-breach-of-lazadas-content-and-catalogpolicy.html;
  http://nnxtl.cn/news/174449.html).
- Sanctions: "no new listings" and "hidden from search" are ``RESTRICTION`` sanctions (their
  ``reason`` says which); "all products offline" is ``LISTING_REMOVAL``; "shop permanently
  offline" is ``CLOSURE`` (terminal).
- Brushing / fake orders: up to 16 points per case, plus removal of the related reviews,
  ratings and GMV and search demotion, from 2022-04-02 (http://njhsgm.com/news-flash/92477.html).
  Points vary by case (1-16): each record states the points issued.
- Breaches of the content and catalogue policy earn points (the training deck above); the
  points per case are not sourced: each record states them.
- Direct-Return-to-Merchant (SG, official:
  https://community.lazada.sg/article/direct-return-to-merchant-policy-1352800-hc): up to 6
  points and/or automatic return approval for up to 3 months; 1st offence 1 month, 2nd offence
  within a year of the 1st punishment 2 months, 3rd offence 3 months. Book the points as
  ``direct_return_to_merchant`` severity ``points`` (state 0-6) and the offence as severity
  ``offence`` (one strike on ``direct_return``, valid 365 days); automatic return approval is a
  ``RESTRICTION``.

Expiry readings (open question 1 of the domain notes): the default is rolling, 365 days per
violation (the training deck, the most authoritative source). Two other readings exist: (b) all
points reset 365 days after the shop's **first** deduction if 48 was not reached
(xeeger / usbusinessiraq pages) and (c) a calendar year, 1 Jan - 31 Dec
(https://www.xsunav.cn/article/75359). Reading (c) is ``validity="calendar_year"``; reading (b)
is not modelled (the engine has no reset anchored to a shop's first deduction).

Assumptions (the sources are silent; each is an option of :func:`lazada`):

- ``stacking=Stacking.parallel()``: whether a higher node restarts or extends the listing block
  is not documented. The domain notes' default is "each threshold's sanction runs from the
  moment it is reached and replaces the lower one". Each higher node holds every sanction of
  the lower one for a longer term, started later, so running them in parallel gives exactly the
  same restricted periods; only the lower node's record is not cut short at the higher node
  (the engine has no replace-from-now mode). ``Stacking.heaviest()`` counts the higher node
  from the lower one's start instead; ``Stacking.extend(SanctionKind.RESTRICTION)`` restarts
  running blocks on new points.
- ``ladder=None``: search hiding and taking products offline last as long as the node's
  listing block (the sources give one duration per node). Pass a mapping of levels to
  sanctions to replace the whole ladder.
- ``validity="rolling"``, ``expiry_days=365``: see the expiry readings above.
- ``appeal_lifts_sanctions=True``: no appeal window is sourced; a granted appeal voids the
  record at the decision and lifts a running block that the remaining points would not have
  reached. The 48-point closure is never lifted.
- ``direct_return_validity_days=365``: an SG direct-return offence counts for 365 days (the
  policy names a "2nd offence" but no validity; read as within a year).
- ``direct_return_month_days=30``: a "month" of automatic return approval is 30 days (1st
  offence 30, 2nd 60, 3rd 90).
- ``market=None`` is counted in Asia/Singapore (Lazada's regional seat); market zones are
  MY Asia/Kuala_Lumpur, SG Asia/Singapore, PH Asia/Manila, TH Asia/Bangkok,
  VN Asia/Ho_Chi_Minh, ID Asia/Jakarta.

Not modelled: expiry reading (b); the written warning for a Direct-Return case with one
affected buyer (no effect on standing) and offences after the third within a year (no sanction
sourced); the ≥ 5 buyers and ≥ 30 % seller-fault trigger (book the offence Lazada issues);
brushing's removal of reviews, ratings and GMV and its search demotion (no duration sourced);
the older per-item money penalties (MY: RM 50 per wrong or missing item; cancellation fee;
counterfeit fund freezes of up to $500, https://tr.scribd.com/document/335215727/MY-Penalties-002,
https://ssopdot.com/?p=26849), which are undated and outside the point total.

References:
    - https://www.xeeger.com/article/14222
    - http://m.usbusinessiraq.com/n1916304.htm
    - http://www.scqike.com/n29859.htm
    - https://fdocuments.us/document/lazadas-non-compliance-points-any-breach-of-lazadas-content-and-catalogpolicy.html
    - http://nnxtl.cn/news/174449.html
    - https://www.xsunav.cn/article/75359 (expiry reading c)
    - http://njhsgm.com/news-flash/92477.html
    - https://community.lazada.sg/article/direct-return-to-merchant-policy-1352800-hc
    - https://tr.scribd.com/document/335215727/MY-Penalties-002 (not modelled)
    - https://ssopdot.com/?p=26849 (not modelled)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from penalties.errors import PolicyDefinitionError
from penalties.policy import Policy, register_policy, resolve_market
from penalties.rules import (
    Assumption,
    CalendarReset,
    ExpiresAfter,
    Ledger,
    SanctionKind,
    SanctionSpec,
    Severity,
    Stacking,
    Threshold,
    Unit,
    Validity,
    ViolationKind,
    YearlyReset,
)

__all__ = ["BRUSHING_RULE", "MARKETS", "lazada"]

MARKETS: Mapping[str, str] = {
    "MY": "Asia/Kuala_Lumpur",
    "SG": "Asia/Singapore",
    "PH": "Asia/Manila",
    "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh",
    "ID": "Asia/Jakarta",
}
"""The markets accepted and their zones; ``market=None`` uses Asia/Singapore."""
REGIONAL_TIMEZONE = "Asia/Singapore"

BRUSHING_RULE = dt.date(2022, 4, 2)
"""Brushing / fake orders: up to 16 points per case, plus removal of reviews, ratings and GMV."""

XEEGER = "https://www.xeeger.com/article/14222"
DECK = (
    "https://fdocuments.us/document/"
    "lazadas-non-compliance-points-any-breach-of-lazadas-content-and-catalogpolicy.html"
)
DRM = "https://community.lazada.sg/article/direct-return-to-merchant-policy-1352800-hc"

REFERENCES = (
    XEEGER,
    "http://m.usbusinessiraq.com/n1916304.htm",
    "http://www.scqike.com/n29859.htm",
    DECK,
    "http://nnxtl.cn/news/174449.html",
    "https://www.xsunav.cn/article/75359",
    "http://njhsgm.com/news-flash/92477.html",
    DRM,
    "https://tr.scribd.com/document/335215727/MY-Penalties-002",
    "https://ssopdot.com/?p=26849",
)

ASSUMPTIONS = (
    Assumption(
        "stacking",
        "Whether a higher node restarts or extends the listing block is not documented; nodes "
        "run in parallel, which gives the same restricted periods as 'each node runs from the "
        "moment it is reached and replaces the lower one'.",
        "stacking",
    ),
    Assumption(
        "ladder_durations",
        "Search hiding and taking all products offline last as long as the node's listing "
        "block; the sources give one duration per node.",
        "ladder",
    ),
    Assumption(
        "expiry",
        "Points lapse 365 days after each violation (rolling, training deck); other readings: "
        "365 days after the first deduction (not modelled) or a calendar year "
        "(validity='calendar_year').",
        "validity",
    ),
    Assumption(
        "appeal_effect",
        "No appeal window is sourced; a granted appeal voids the record at the decision and "
        "lifts a running block the remaining points would not have reached; closure stays.",
        "appeal_lifts_sanctions",
    ),
    Assumption(
        "direct_return_month",
        "A month of automatic return approval (SG Direct-Return-to-Merchant) is 30 days.",
        "direct_return_month_days",
    ),
    Assumption(
        "direct_return_validity",
        "A Direct-Return-to-Merchant offence counts towards the next one for 365 days (the "
        "policy's '2nd offence' is read as within a year of the first; no validity is stated).",
        "direct_return_validity_days",
    ),
    Assumption(
        "regional_timezone",
        "market=None (the shared regional rules) counts calendar days in Asia/Singapore.",
        None,
    ),
    Assumption(
        "same_rules_per_market",
        "Per-market differences are not sourced: every market gets the same ladder and expiry.",
        None,
    ),
)


def _no_listing(days: int, level: int) -> SanctionSpec:
    return SanctionSpec(
        SanctionKind.RESTRICTION, days, reason=f"no new listings for {days} days ({level} points)"
    )


def _hidden(days: int, level: int) -> SanctionSpec:
    return SanctionSpec(
        SanctionKind.RESTRICTION,
        days,
        reason=f"products hidden from search, still visible in the shop ({level} points)",
    )


def _offline(days: int, level: int) -> SanctionSpec:
    return SanctionSpec(
        SanctionKind.LISTING_REMOVAL, days, reason=f"all products taken offline ({level} points)"
    )


_CLOSURE = SanctionSpec(
    SanctionKind.CLOSURE, reason="shop permanently taken offline (48 points, not appealable)"
)

DEFAULT_LADDER: Mapping[int, tuple[SanctionSpec, ...]] = {
    12: (_no_listing(7, 12),),
    24: (_no_listing(14, 24), _hidden(14, 24)),
    36: (_no_listing(21, 36), _hidden(21, 36), _offline(21, 36)),
    48: (_CLOSURE,),
}
"""The sourced ladder (xeeger 14222, 2022)."""

_LABELS = {
    12: "12 points: no new listings for 7 days",
    24: "24 points: no new listings for 14 days, hidden from search",
    36: "36 points: no new listings for 21 days, hidden from search, all products offline",
    48: "48 points: shop permanently offline",
}


def _kinds(direct_return: bool) -> tuple[ViolationKind, ...]:
    kinds = [
        ViolationKind(
            "brushing",
            "Brushing / fake orders (1-16 points per case; up to 16 from 2022-04-02)",
            "non_compliance",
            source="http://njhsgm.com/news-flash/92477.html (up to 16 points from 2022-04-02)",
        ),
        ViolationKind(
            "content_and_catalogue",
            "Breach of the content and catalogue policy (points per case not sourced)",
            "non_compliance",
            source=DECK,
        ),
    ]
    if direct_return:
        kinds.append(
            ViolationKind(
                "direct_return_to_merchant",
                "Direct-Return-to-Merchant policy (SG): points (0-6 per case) or an offence",
                "non_compliance",
                severities=(
                    Severity("points", None, title="non-compliance points issued, 0-6"),
                    Severity(
                        "offence",
                        1,
                        ledger="direct_return",
                        title="one offence: automatic return approval",
                    ),
                ),
                source=DRM,
            )
        )
    return tuple(kinds)


def _direct_return_ledger(
    month_days: int, validity_days: int, stacking: Stacking, lifts: bool
) -> Ledger:
    def auto_approval(months: int) -> SanctionSpec:
        return SanctionSpec(
            SanctionKind.RESTRICTION,
            months * month_days,
            reason=f"automatic return approval for {months} month(s)",
        )

    return Ledger(
        "direct_return",
        "Direct-Return-to-Merchant offences (SG)",
        unit=Unit.STRIKES,
        validity=ExpiresAfter(validity_days),
        thresholds=(
            Threshold(1, (auto_approval(1),), label="1st offence: 1 month of auto-approval"),
            Threshold(2, (auto_approval(2),), label="2nd offence within a year: 2 months"),
            Threshold(3, (auto_approval(3),), label="3rd offence within a year: 3 months"),
        ),
        stacking=stacking,
        appeal_lifts_sanctions=lifts,
    )


def lazada(
    market: str | None = None,
    *,
    stacking: Stacking | None = None,
    ladder: Mapping[int, tuple[SanctionSpec, ...]] | None = None,
    validity: Literal["rolling", "calendar_year"] = "rolling",
    expiry_days: int = 365,
    appeal_lifts_sanctions: bool = True,
    direct_return_month_days: int = 30,
    direct_return_validity_days: int = 365,
) -> Policy:
    """The Lazada policy for ``market`` (``None`` = the shared regional rules); keyword options
    override the documented assumptions.

    ``ladder`` replaces the whole threshold ladder (levels to sanctions), e.g.
    ``{12: (SanctionSpec(SanctionKind.RESTRICTION, 7),), 48: (_CLOSURE,)}``; ``validity``
    picks the expiry reading (``"rolling"`` or ``"calendar_year"``).
    """
    market = resolve_market(
        "lazada", market, MARKETS, hint="(or market=None for the shared regional rules)"
    )
    if validity not in ("rolling", "calendar_year"):
        raise PolicyDefinitionError(
            f"lazada: validity={validity!r}; use 'rolling' (365 days per violation) or "
            "'calendar_year' (reset every 1 January 00:00)."
        )
    stacking = stacking if stacking is not None else Stacking.parallel()
    nodes = DEFAULT_LADDER if ladder is None else ladder
    thresholds = tuple(
        Threshold(
            level,
            tuple(sanctions),
            label=_LABELS[level] if ladder is None else f"{level} points (option)",
        )
        for level, sanctions in sorted(nodes.items())
    )
    points_validity: Validity = (
        ExpiresAfter(expiry_days) if validity == "rolling" else CalendarReset(YearlyReset(1, 1))
    )
    ledgers = [
        Ledger(
            "non_compliance",
            "Non-Compliance Points",
            validity=points_validity,
            thresholds=thresholds,
            stacking=stacking,
            appeal_lifts_sanctions=appeal_lifts_sanctions,
        )
    ]
    direct_return = market == "SG"
    if direct_return:
        ledgers.append(
            _direct_return_ledger(
                direct_return_month_days,
                direct_return_validity_days,
                stacking,
                appeal_lifts_sanctions,
            )
        )
    return Policy(
        code="lazada",
        name="Lazada" + (f" {market}" if market else ""),
        timezone=MARKETS[market] if market is not None else REGIONAL_TIMEZONE,
        ledgers=tuple(ledgers),
        kinds=_kinds(direct_return),
        references=REFERENCES,
        market=market,
        version="ladder as sourced in 2022 (third-party); brushing rule of 2022-04-02",
        assumptions=ASSUMPTIONS,
    )


register_policy("lazada", lazada, replace=True, markets=tuple(MARKETS))
