"""The registry and the marketplace variants: US, JP, AE, SA next to Amazon.de."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest

from penalties.claims import (
    ClaimPolicy,
    ClaimReason,
    FilingAnchor,
    FilingRule,
    InformationRequested,
    RefundIssuer,
    SafeTClaim,
    Window,
    amazon_csba_ae,
    amazon_csba_de,
    amazon_csba_jp,
    amazon_csba_sa,
    amazon_csba_us,
    get_claim_policy,
    list_claim_markets,
    list_claim_policies,
)
from penalties.errors import PolicyDefinitionError, UnknownPolicyError

FACTORIES: dict[str, Callable[[], ClaimPolicy]] = {
    "DE": amazon_csba_de,
    "US": amazon_csba_us,
    "JP": amazon_csba_jp,
    "AE": amazon_csba_ae,
    "SA": amazon_csba_sa,
}
LA = "America/Los_Angeles"


def claim(currency: str, refund: pendulum.DateTime, **overrides: Any) -> SafeTClaim:
    fields: dict[str, Any] = {
        "order_id": "111-1234567-1234567",
        "reason": ClaimReason.NOT_RETURNED,
        "refund_amount": Decimal(100),
        "order_value": Decimal(100),
        "currency": currency,
        "refund_charged_at": refund,
        "filed_at": refund,
    }
    fields.update(overrides)
    return SafeTClaim(**fields)


# --- registry ---------------------------------------------------------------------------------


def test_registry_lists_codes_and_markets() -> None:
    assert list_claim_policies() == ("amazon_csba",)
    assert list_claim_markets() == ("AE", "DE", "JP", "SA", "US")
    assert list_claim_markets("amazon_csba") == tuple(sorted(FACTORIES))


@pytest.mark.parametrize("market", ["DE", "de", " De "])
def test_market_is_case_insensitive(market: str) -> None:
    assert get_claim_policy("amazon_csba", market=market) == amazon_csba_de()


def test_unknown_code_and_market_name_close_matches() -> None:
    with pytest.raises(UnknownPolicyError, match="Did you mean 'amazon_csba'"):
        get_claim_policy("amazon_cbsa", market="DE")
    with pytest.raises(UnknownPolicyError, match="no market 'UK'; known: AE, DE, JP, SA, US"):
        get_claim_policy("amazon_csba", market="UK")
    with pytest.raises(UnknownPolicyError, match="no claim policy"):
        list_claim_markets("amazon")
    with pytest.raises(LookupError):
        get_claim_policy("amazon_csba", market="XX")


def test_overrides_are_fields_and_are_validated() -> None:
    policy = get_claim_policy(
        "amazon_csba", market="DE", item_cap="5000", reply_window=10, filing_rules=30
    )
    assert policy.item_cap == Decimal(5000)
    assert policy.reply_window == Window(10)
    assert policy.filing_rules == (FilingRule(Window(30)),)
    assert attrs.evolve(amazon_csba_de(), item_cap=None).item_cap is None
    with pytest.raises(PolicyDefinitionError, match="Did you mean 'item_cap'"):
        get_claim_policy("amazon_csba", market="DE", itemcap=Decimal(1))


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"item_cap": 4000.0}, "float"),
        ({"order_cap": "-1"}, "negative"),
        ({"buyer_damage_share": "1.5"}, r"\(0, 1\]"),
        ({"reply_window": "7"}, "Window or a number"),
        ({"reply_window": -1}, "0 or more"),
        ({"timezone": "Europe/Berlinn"}, "unknown time zone"),
        ({"currency": "euro"}, "ISO 4217"),
        ({"filing_rules": ()}, "must start with a rule without 'since'"),
        (
            {
                "filing_rules": (
                    FilingRule(60),
                    FilingRule(30, since=pendulum.date(2026, 2, 16)),
                    FilingRule(20, since=pendulum.date(2025, 1, 1)),
                )
            },
            "in order",
        ),
        ({"filing_rules": (FilingRule(60), "30")}, "not a FilingRule"),
        ({"weekend": frozenset(range(1, 8))}, "not all"),
        ({"weekend": frozenset({0})}, "ISO weekdays"),
        ({"max_appeals": -1}, "0 or more"),
        ({"reasons": frozenset({"not_returned"})}, "ClaimReason"),
    ],
)
def test_invalid_overrides_raise_policy_definition_error(
    override: dict[str, Any], message: str
) -> None:
    with pytest.raises(PolicyDefinitionError, match=message):
        get_claim_policy("amazon_csba", market="DE", **override)


@pytest.mark.parametrize("market", sorted(FACTORIES))
def test_every_variant_cites_its_sources(market: str) -> None:
    factory = FACTORIES[market]
    policy = get_claim_policy("amazon_csba", market=market)
    assert policy == factory()
    assert policy.market == market
    assert policy.code == "amazon_csba"
    assert policy.version
    doc = factory.__doc__ or ""
    assert "References:" in doc
    assert "Assumptions" in doc
    assert policy.references
    for url in policy.references:
        assert url.startswith("https://")
        assert url in doc, url
    assert hash(policy) == hash(factory())


@pytest.mark.parametrize(
    ("market", "zone", "currency"),
    [
        ("DE", "Europe/Berlin", "EUR"),
        ("US", LA, "USD"),
        ("JP", "Asia/Tokyo", "JPY"),
        ("AE", "Asia/Dubai", "AED"),
        ("SA", "Asia/Riyadh", "SAR"),
    ],
)
def test_zone_and_currency(market: str, zone: str, currency: str) -> None:
    policy = get_claim_policy("amazon_csba", market=market)
    assert (policy.timezone, policy.currency) == (zone, currency)
    result = policy.assess(claim(currency, pendulum.datetime(2024, 5, 1, 12, tz=zone)))
    assert result.eligible
    assert result.file_by.timezone_name == zone


# --- United States ----------------------------------------------------------------------------

US = amazon_csba_us()


def test_us_sixty_days_until_the_2026_change_across_summer_time() -> None:
    # 60 days counted from the next calendar day, to the end of the 60th (PDT by then).
    refund = pendulum.datetime(2026, 1, 10, 10, tz=LA)  # PST; clocks change on 8 March 2026
    result = US.assess(claim("USD", refund))
    assert result.file_by.isoformat() == "2026-03-11T23:59:59.999999-07:00"
    last_second = pendulum.datetime(2026, 3, 11, 23, 59, 59, tz=LA)
    assert US.assess(claim("USD", refund, filed_at=last_second)).codes == ()
    midnight = pendulum.datetime(2026, 3, 12, tz=LA)
    assert US.assess(claim("USD", refund, filed_at=midnight)).codes == ("filing_window_closed",)


@pytest.mark.parametrize(
    ("filed", "codes"),
    [
        (pendulum.datetime(2025, 7, 31, 10, tz=LA), ()),  # the refund's wall-clock time, day 60
        (pendulum.datetime(2025, 7, 31, 23, 59, 59, tz=LA), ()),
        (pendulum.datetime(2025, 8, 1, 0, 0, 0, tz=LA), ("filing_window_closed",)),
        (pendulum.datetime(2025, 8, 1, 0, 0, 1, tz=LA), ("filing_window_closed",)),
    ],
)
def test_us_sixty_days_count_from_the_next_calendar_day(
    filed: pendulum.DateTime, codes: tuple[str, ...]
) -> None:
    # safe_t_claims.md (US): "60 calendar days from the refund charge, counted from the next
    # calendar day": a refund charged 1 Jun 2025 10:00 can be claimed until the end of 31 Jul.
    refund = pendulum.datetime(2025, 6, 1, 10, tz=LA)
    assert US.assess(claim("USD", refund, filed_at=filed)).codes == codes


def test_us_thirty_days_from_the_later_of_return_scan_and_refund_from_16_feb_2026() -> None:
    last_old = pendulum.datetime(2026, 2, 15, 23, 59, 59, tz=LA)
    assert US.filing_rule(last_old).window == Window(60, to_end_of_day=True)
    assert US.assess(claim("USD", last_old)).file_by == pendulum.datetime(
        2026, 4, 17, tz=LA
    ).subtract(microseconds=1)  # the end of 16 April, day 60 from 16 February
    first_new = pendulum.datetime(2026, 2, 16, tz=LA)
    rule = US.filing_rule(first_new)
    assert (rule.window, rule.anchor) == (
        Window(30),
        FilingAnchor.LATER_OF_RETURN_DELIVERY_AND_REFUND,
    )
    assert US.assess(claim("USD", first_new)).file_by == first_new.add(days=30)
    scanned = pendulum.datetime(2026, 2, 20, 12, tz=LA)
    later_scan = US.assess(claim("USD", first_new, return_delivered_at=scanned))
    assert later_scan.file_by.isoformat() == "2026-03-22T12:00:00-07:00"
    closed = US.assess(
        claim(
            "USD", first_new, return_delivered_at=scanned, filed_at=later_scan.file_by.add(days=1)
        )
    )
    assert closed.codes == ("filing_window_closed",)
    assert "30 calendar days after the later of the return delivery and the refund charge" in (
        closed.problems[0].message
    )
    earlier_scan = pendulum.datetime(2026, 2, 10, tz=LA)
    assert US.assess(claim("USD", first_new, return_delivered_at=earlier_scan)).file_by == (
        first_new.add(days=30)
    )


def test_us_rule_is_picked_by_the_local_date_of_the_refund() -> None:
    # 05:00 UTC on 16 Feb 2026 is still 15 Feb in Los Angeles: the 60-day rule.
    refund = pendulum.datetime(2026, 2, 16, 5, tz="UTC")
    assert US.filing_rule(refund).window == Window(60, to_end_of_day=True)


def test_us_cap_is_per_order_not_per_item() -> None:
    several: dict[str, Any] = {"quantity": 3, "refund_amount": "6000", "order_value": "6000"}
    start = pendulum.datetime(2024, 5, 1, tz=LA)
    us = US.assess(claim("USD", start, **several))
    assert us.max_reimbursement == Decimal("5000.00")
    assert us.codes == ("above_order_cap",)
    assert "USD 5,000.00 per order" in us.problems[0].message
    de = amazon_csba_de().assess(
        claim("EUR", pendulum.datetime(2024, 5, 1, tz="Europe/Berlin"), **several)
    )
    assert de.max_reimbursement == Decimal("6000.00")  # 3 x EUR 4,000 is more
    assert US.assess(claim("USD", start, refund_amount="5000", order_value="6000")).codes == ()


def test_us_buyer_damage_is_half_the_order_value() -> None:
    result = US.assess(
        claim(
            "USD",
            pendulum.datetime(2024, 5, 1, tz=LA),
            reason=ClaimReason.RETURNED_DAMAGED_BY_BUYER,
            refund_amount="300",
            order_value="300",
        )
    )
    assert result.max_reimbursement == Decimal("150.00")


def test_us_excludes_automatic_refunds_after_seller_delay() -> None:
    start = pendulum.datetime(2024, 5, 1, tz=LA)
    result = US.assess(claim("USD", start, refunded_by=RefundIssuer.AMAZON_AFTER_SELLER_DELAY))
    assert result.codes == ("automatic_refund_excluded",)
    assert "Guided Refund Workflow" in result.problems[0].message
    assert US.assess(claim("USD", start)).codes == ()


def test_us_reply_and_appeal_windows_are_unsourced_until_overridden() -> None:
    start = pendulum.datetime(2024, 5, 1, tz=LA)
    requested = claim("USD", start, history=[InformationRequested(start.add(days=1))])
    assert US.reply_window is None
    assert US.assess(requested).reply_by is None
    overridden = attrs.evolve(US, reply_window=Window(7))
    assert overridden.assess(requested).reply_by == start.add(days=8)


# --- Japan ------------------------------------------------------------------------------------


def test_jp_thirty_days_and_jpy_500000_per_item() -> None:
    jp = amazon_csba_jp()
    refund = pendulum.datetime(2024, 5, 1, 18, tz="Asia/Tokyo")
    assert jp.assess(claim("JPY", refund)).file_by.isoformat() == "2024-05-31T18:00:00+09:00"
    late = jp.assess(claim("JPY", refund, filed_at=refund.add(days=30, seconds=1)))
    assert late.codes == ("filing_window_closed",)
    result = jp.assess(
        claim("JPY", refund, quantity=2, refund_amount=1_200_000, order_value=1_200_000)
    )
    assert result.max_reimbursement == Decimal(1_000_000)
    assert str(result.max_reimbursement) == "1000000"
    assert result.codes == ("above_item_cap",)
    assert "JPY 500,000 per item" in result.problems[0].message
    assert jp.assess(claim("JPY", refund, chargeback=True)).codes == ("chargeback",)


# --- UAE and Saudi Arabia: 7 calendar days from the return being delivered -----------------------


@pytest.mark.parametrize(
    ("market", "zone", "currency"), [("AE", "Asia/Dubai", "AED"), ("SA", "Asia/Riyadh", "SAR")]
)
def test_gulf_seven_days_from_the_return_delivery(market: str, zone: str, currency: str) -> None:
    policy = get_claim_policy("amazon_csba", market=market)
    refund = pendulum.datetime(2024, 3, 4, 10, tz=zone)
    delivered = pendulum.datetime(2024, 3, 10, 16, tz=zone)
    with_return = policy.assess(claim(currency, refund, return_delivered_at=delivered))
    assert with_return.file_by == pendulum.datetime(2024, 3, 17, 16, tz=zone)
    # A return delivered before the refund: the window runs from the refund charge.
    early = policy.assess(claim(currency, refund, return_delivered_at=refund.subtract(days=9)))
    assert early.file_by == refund.add(days=7)
    for filed, closed in [
        (delivered.add(days=6), False),
        (delivered.add(days=7), False),
        (delivered.add(days=7, seconds=1), True),
        (delivered.add(days=8), True),
    ]:
        result = policy.assess(
            claim(currency, refund, return_delivered_at=delivered, filed_at=filed)
        )
        assert (result.codes == ("filing_window_closed",)) is closed
    # No return delivered (e.g. not returned): the window runs from the refund charge.
    assert policy.assess(claim(currency, refund)).file_by == refund.add(days=7)
