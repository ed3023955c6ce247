"""TikTok Shop US: the Account Health Rating (AHR), a 0-1000 score.

One score-down ledger, ``account_health`` (``Ledger.score_base``): a new shop starts at
**200**; violations and failed performance standards deduct points; the rating reflects the
**past 180 days**, so each deduction lapses 180 days after it was issued. Enforcement comes at
milestones when the rating drops to **150, 100, 50 and 0** (Seller Enforcement Policy,
14 Oct 2025, official): losing listing privileges for **7 days at 150, 14 days at 100, 28 days
at 50**, and **permanent deactivation at 0** (durations from tokhq.io, third-party).
A successful appeal or correction removes the related enforcement and restores privileges
(same official page): a granted appeal, or ``Revocation(..., reason=RevocationReason.RESOLVED)``
for a correction, gives the points back and lifts running milestone sanctions the remaining
deductions would not have reached. Deactivation at 0 is a ``CLOSURE`` (terminal).

The deduction per violation is not published: every violation states its ``points`` (the
Seller Center shows them). Kinds: ``policy_violation`` and ``performance_standard`` (the two
sources of deductions the sources name), and the generic ``account_health``.

Dated rules: the milestones apply to ratings reached from 2025-10-14 (the policy's first dated
source); the AHR's launch date ("end of March", year not stated) is unknown, so deductions
before that date count but trigger nothing.

Assumptions (options of :func:`tiktok_shop_us`):

- ``starting_rating=200``: the rating without the history's deductions (a new shop). Points
  gained for orders or passed rule tests are not modelled (numbers unsourced): pass the rating
  the shop had before the history instead.
- ``window_days=180``: each deduction counts for 180 days.
- ``milestone_days={150: 7, 100: 14, 50: 28}``: third-party durations of the listing-privilege
  restriction at each milestone.

Not modelled: points gained for fulfilled orders and passed tests; the enforcement menu's
other actions (deferred settlement, fund-withdrawal suspension, balance deductions), which
TikTok applies case by case; the UK (its regime is unconfirmed); appeal deadlines (the sources
say "strict timelines" without a number).

References:
    - https://seller-us.tiktok.com/university/essay?knowledge_id=2380042836166443&lang=en
    - http://tokhq.io/account-health
    - https://www.tktk.com/de/news/2959.html
    - https://warptok.com/en/blog/tiktok-shop-account-health-rating-violation-appeal-guide-2026
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from penalties.errors import PolicyDefinitionError
from penalties.policy import Policy, register_policy, resolve_market
from penalties.rules import (
    Assumption,
    ExpiresAfter,
    Ledger,
    SanctionKind,
    SanctionSpec,
    Threshold,
    ViolationKind,
)

__all__ = ["MILESTONES_FROM", "tiktok_shop_us"]

MILESTONES_FROM = dt.date(2025, 10, 14)
"""The Seller Enforcement Policy that names the 150/100/50/0 milestones."""

DEFAULT_MILESTONE_DAYS: Mapping[int, int] = {150: 7, 100: 14, 50: 28}

REFERENCES = tuple(
    line.strip()[2:]
    for line in (__doc__ or "").split("References:")[1].splitlines()
    if line.strip().startswith("- ")
)

ASSUMPTIONS = (
    Assumption(
        "starting_rating",
        "The rating without the history's deductions is 200 (a new shop).",
        "starting_rating",
    ),
    Assumption("window_days", "A deduction counts for 180 days.", "window_days"),
    Assumption(
        "milestone_days",
        "Listing privileges are lost for 7 / 14 / 28 days at 150 / 100 / 50 (third-party).",
        "milestone_days",
    ),
)


def tiktok_shop_us(
    market: str | None = None,
    *,
    starting_rating: int = 200,
    window_days: int = 180,
    milestone_days: Mapping[int, int] | None = None,
) -> Policy:
    """The TikTok Shop US policy (the only market: ``"US"``, or ``None``); options override the
    documented assumptions."""
    code = resolve_market("tiktok_shop_us", market, ("US",), default="US")
    assert code is not None
    if (
        isinstance(starting_rating, bool)
        or not isinstance(starting_rating, int)
        or not 150 < starting_rating <= 1000
    ):
        raise PolicyDefinitionError(
            f"tiktok_shop_us: starting_rating must be a whole number above 150 and at most "
            f"1000, got {starting_rating!r}."
        )
    if isinstance(window_days, bool) or not isinstance(window_days, int) or window_days <= 0:
        raise PolicyDefinitionError(
            f"tiktok_shop_us: window_days must be a positive whole number, got {window_days!r}."
        )
    days = dict(DEFAULT_MILESTONE_DAYS if milestone_days is None else milestone_days)
    if set(days) != set(DEFAULT_MILESTONE_DAYS):
        raise PolicyDefinitionError(
            f"tiktok_shop_us: milestone_days needs the milestones 150, 100 and 50, got "
            f"{sorted(days)}."
        )
    thresholds = [
        Threshold(
            starting_rating - score,
            (
                SanctionSpec(
                    SanctionKind.RESTRICTION,
                    days[score],
                    f"listing privileges lost for {days[score]} days (AHR {score})",
                ),
            ),
            label=f"AHR {score}",
            effective_from=MILESTONES_FROM,
        )
        for score in sorted(days, reverse=True)
    ]
    thresholds.append(
        Threshold(
            starting_rating,
            (SanctionSpec(SanctionKind.CLOSURE, None, "permanent deactivation (AHR 0)"),),
            label="AHR 0",
            effective_from=MILESTONES_FROM,
        )
    )
    ledger = Ledger(
        "account_health",
        "Account Health Rating deductions",
        validity=ExpiresAfter(window_days),
        thresholds=tuple(thresholds),
        score_base=starting_rating,
    )
    source = "https://seller-us.tiktok.com/university/essay?knowledge_id=2380042836166443&lang=en"
    kinds = (
        ViolationKind(
            "policy_violation",
            "Policy violation (deduction as shown in Seller Center)",
            "account_health",
            source=source,
        ),
        ViolationKind(
            "performance_standard",
            "Failed performance standard (deduction as shown in Seller Center)",
            "account_health",
            source=source,
        ),
    )
    return Policy(
        code="tiktok_shop_us",
        name="TikTok Shop US",
        timezone="America/Los_Angeles",
        ledgers=(ledger,),
        kinds=kinds,
        references=REFERENCES,
        market=code,
        version="Seller Enforcement Policy of 2025-10-14",
        assumptions=ASSUMPTIONS,
    )


register_policy("tiktok_shop_us", tiktok_shop_us, replace=True, markets=("US",))
