"""Amazon.de (seed 003_1d71ca8d445864b1.txt): every reason, every limit, the deadlines and caps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest

from penalties.claims import (
    ClaimReason,
    Fulfillment,
    ProblemCode,
    RefundIssuer,
    SafeTClaim,
    get_claim_policy,
)

DE = get_claim_policy("amazon_csba", market="DE")
BERLIN = "Europe/Berlin"
REFUND = pendulum.datetime(2024, 2, 1, 10, tz=BERLIN)


def claim(**overrides: Any) -> SafeTClaim:
    fields: dict[str, Any] = {
        "order_id": "302-1234567-1234567",
        "reason": ClaimReason.NOT_RETURNED,
        "refund_amount": Decimal("49.90"),
        "order_value": Decimal("49.90"),
        "currency": "EUR",
        "refund_charged_at": REFUND,
        "filed_at": REFUND.add(days=20),
    }
    fields.update(overrides)
    return SafeTClaim(**fields)


def codes(c: SafeTClaim, **kwargs: Any) -> tuple[str, ...]:
    return DE.assess(c, **kwargs).codes


# --- reasons --------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", list(ClaimReason))
def test_every_seed_reason_is_eligible(reason: ClaimReason) -> None:
    # A partial refund of half the order value: below every cap, even the buyer-damage one.
    result = DE.assess(claim(reason=reason, order_value="99.80"))
    assert result.eligible
    assert result.problems == ()
    assert result.max_reimbursement == Decimal("49.90")
    assert result.evidence == reason.evidence


@pytest.mark.parametrize("reason", list(ClaimReason))
def test_a_reason_the_marketplace_does_not_cover_blocks(reason: ClaimReason) -> None:
    policy = get_claim_policy("amazon_csba", market="DE", reasons=frozenset(ClaimReason) - {reason})
    result = policy.assess(claim(reason=reason, order_value="99.80"))
    assert result.codes == (ProblemCode.REASON_NOT_COVERED,)
    assert not result.eligible
    assert reason.value in result.problems[0].message


def test_seed_has_nine_reasons_with_evidence() -> None:
    assert len(ClaimReason) == 9
    assert "proof of delivery" in ClaimReason.NOT_RECEIVED_BUT_DELIVERED.evidence.lower()
    assert "tracking number" in ClaimReason.REPLACEMENT_PROVIDED.evidence
    assert "non-returnable" in ClaimReason.NOT_RETURNED.evidence


def test_return_label_reason_is_excluded_for_apparel_shoes_and_bags() -> None:
    label = ClaimReason.RETURN_LABEL_BUYER_LIABLE
    assert codes(claim(reason=label)) == ()
    assert codes(claim(reason=label, category_apparel_shoes_bags=True)) == ("apparel_return_label",)
    # Apparel can still be claimed for other reasons.
    assert codes(claim(reason=ClaimReason.NOT_RETURNED, category_apparel_shoes_bags=True)) == ()


# --- limits ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "bad", "code"),
    [
        ("refunded_by", RefundIssuer.SELLER, "refund_not_issued_by_amazon"),
        ("fulfillment", Fulfillment.FBA, "fba_order"),
        ("chargeback", True, "chargeback"),
        ("a_to_z_claim", True, "a_to_z_claim"),
        ("return_rejected_by_seller", True, "return_rejected"),
        ("lost_or_damaged_in_transit", True, "lost_or_damaged_in_transit"),
    ],
)
def test_each_restriction_passes_by_default_and_blocks_when_hit(
    field: str, bad: object, code: str
) -> None:
    assert DE.assess(claim()).eligible
    result = DE.assess(claim(**{field: bad}))
    assert result.codes == (code,)
    assert not result.eligible
    assert result.max_reimbursement == Decimal("0.00")
    assert result.problems[0].blocking


def test_restriction_messages_say_what_to_do() -> None:
    messages = {
        p.code: p.message
        for p in DE.assess(
            claim(
                fulfillment="fba",
                a_to_z_claim=True,
                lost_or_damaged_in_transit=True,
                chargeback=True,
            )
        ).problems
    }
    assert "FBA customer-returns" in messages["fba_order"]
    assert "appeal the A-to-z claim" in messages["a_to_z_claim"]
    assert "carrier" in messages["lost_or_damaged_in_transit"]
    assert "chargeback process" in messages["chargeback"]


def test_amazon_refund_after_seller_delay_counts_on_amazon_de() -> None:
    # The DE page is silent; the variant assumes such refunds are still Amazon's.
    assert codes(claim(refunded_by=RefundIssuer.AMAZON_AFTER_SELLER_DELAY)) == ()


def test_one_claim_per_order_id() -> None:
    mine = claim(filed_at=REFUND.add(days=20))
    earlier_same_order = claim(filed_at=REFUND.add(days=5), reason="returned_late")
    later_same_order = claim(filed_at=REFUND.add(days=30))
    other_order = claim(order_id="302-7654321-7654321", filed_at=REFUND.add(days=5))
    assert codes(mine, prior_claims=[other_order, later_same_order, mine]) == ()
    # An older snapshot of the same claim (same order, same filing instant) is not a duplicate.
    snapshot = claim(filed_at=REFUND.add(days=20).in_timezone("UTC"), quantity=2)
    assert codes(mine, prior_claims=[snapshot]) == ()
    result = DE.assess(mine, prior_claims=[other_order, earlier_same_order])
    assert result.codes == ("duplicate_order_claim",)
    assert "2024-02-06T10:00:00+01:00" in result.problems[0].message
    # Two earlier claims still give one problem.
    assert codes(mine, prior_claims=[earlier_same_order, earlier_same_order]) == (
        "duplicate_order_claim",
    )


# --- the filing window: 60 calendar days from the refund charge, in Berlin -------------------


def test_file_by_crosses_the_change_to_summer_time() -> None:
    # 2024-02-01 10:00 CET + 60 days = 2024-04-01 10:00 CEST (clocks changed on 31 March).
    result = DE.assess(claim())
    assert result.file_by == pendulum.datetime(2024, 4, 1, 10, tz=BERLIN)
    assert result.file_by.isoformat() == "2024-04-01T10:00:00+02:00"
    assert result.earliest_filing == REFUND
    # Not 60 x 24 hours, which would end at 11:00 local time.
    assert result.file_by == REFUND.add(hours=60 * 24 - 1)


@pytest.mark.parametrize(
    ("filed", "closed"),
    [
        (pendulum.datetime(2024, 3, 31, 10, tz=BERLIN), False),  # one day before
        (pendulum.datetime(2024, 4, 1, 9, 59, 59, tz=BERLIN), False),  # one second before
        (pendulum.datetime(2024, 4, 1, 10, tz=BERLIN), False),  # the deadline itself
        (pendulum.datetime(2024, 4, 1, 10, 0, 1, tz=BERLIN), True),  # one second after
        (pendulum.datetime(2024, 4, 2, 10, tz=BERLIN), True),  # one day after
        (pendulum.datetime(2024, 4, 1, 8, 0, 1, tz="UTC"), True),  # same, written in UTC
    ],
)
def test_filing_window_one_day_and_one_second_either_side(
    filed: pendulum.DateTime, closed: bool
) -> None:
    result = DE.assess(claim(filed_at=filed))
    assert (result.codes == ("filing_window_closed",)) is closed
    assert result.eligible is not closed


def test_filing_window_crossing_the_change_to_winter_time() -> None:
    refund = pendulum.datetime(2024, 9, 15, 23, 30, tz=BERLIN)  # CEST
    result = DE.assess(claim(refund_charged_at=refund, filed_at=refund))
    assert result.file_by.isoformat() == "2024-11-14T23:30:00+01:00"
    late = DE.assess(claim(refund_charged_at=refund, filed_at=result.file_by.add(seconds=1)))
    assert late.codes == ("filing_window_closed",)
    assert "60 calendar days" in late.problems[0].message


def test_a_refund_late_in_the_evening_is_counted_in_berlin_not_utc() -> None:
    refund = pendulum.datetime(2024, 2, 1, 23, 30, tz=BERLIN)  # 22:30 UTC, same calendar day
    result = DE.assess(claim(refund_charged_at=refund, filed_at=refund))
    assert result.file_by.isoformat() == "2024-04-01T23:30:00+02:00"


def test_filing_at_the_refund_instant_is_allowed() -> None:
    assert codes(claim(filed_at=REFUND)) == ()


# --- the 15-day wait when the order has a valid return authorisation -------------------------


@pytest.mark.parametrize(
    ("filed", "too_early"),
    [
        (REFUND.add(days=14), True),  # one day before
        (pendulum.datetime(2024, 2, 16, 9, 59, 59, tz=BERLIN), True),  # one second before
        (pendulum.datetime(2024, 2, 16, 10, tz=BERLIN), False),  # the first allowed instant
        (REFUND.add(days=16), False),  # one day after
        (REFUND, True),
    ],
)
def test_wait_fifteen_days_with_a_valid_return_authorisation(
    filed: pendulum.DateTime, too_early: bool
) -> None:
    result = DE.assess(claim(valid_return_authorization=True, filed_at=filed))
    assert result.earliest_filing == pendulum.datetime(2024, 2, 16, 10, tz=BERLIN)
    assert (result.codes == ("too_early",)) is too_early
    if too_early:
        assert "2024-02-16T10:00:00+01:00" in result.problems[0].message
    # Without a return authorisation there is nothing to wait for.
    assert codes(claim(filed_at=filed)) == ()


def test_the_wait_does_not_move_the_end_of_the_window() -> None:
    result = DE.assess(claim(valid_return_authorization=True))
    assert result.file_by == pendulum.datetime(2024, 4, 1, 10, tz=BERLIN)


def test_wait_across_the_change_to_summer_time() -> None:
    refund = pendulum.datetime(2024, 3, 20, 2, 30, tz=BERLIN)
    result = DE.assess(
        claim(
            refund_charged_at=refund, filed_at=refund.add(days=20), valid_return_authorization=True
        )
    )
    assert result.earliest_filing.isoformat() == "2024-04-04T02:30:00+02:00"


# --- caps: EUR 4,000 per item, 50% of the order value for buyer damage, never above the refund -


@pytest.mark.parametrize(
    ("quantity", "refund", "expected", "capped"),
    [
        (1, "4000.00", "4000.00", False),
        (1, "4000.01", "4000.00", True),
        (2, "7999.99", "7999.99", False),
        (2, "8000.01", "8000.00", True),
        (3, "12500.00", "12000.00", True),
        (5, "100.00", "100.00", False),
    ],
)
def test_item_cap_applies_per_unit(quantity: int, refund: str, expected: str, capped: bool) -> None:
    result = DE.assess(claim(quantity=quantity, refund_amount=refund, order_value="20000"))
    assert result.max_reimbursement == Decimal(expected)
    assert result.eligible
    assert (result.codes == ("above_item_cap",)) is capped
    if capped:
        assert not result.problems[0].blocking
        assert "EUR 4,000.00 per item" in result.problems[0].message


def test_buyer_damage_is_capped_at_half_the_order_value() -> None:
    damaged = ClaimReason.RETURNED_DAMAGED_BY_BUYER
    result = DE.assess(claim(reason=damaged, refund_amount="59.99", order_value="59.99"))
    assert result.max_reimbursement == Decimal("29.99")  # 29.995 rounded down
    assert result.codes == ("buyer_damage_capped",)
    assert "50% of the order value" in result.problems[0].message
    assert result.eligible
    # A partial refund below half the value is not cut further.
    small = DE.assess(claim(reason=damaged, refund_amount="20.00", order_value="59.99"))
    assert small.max_reimbursement == Decimal("20.00")
    assert small.codes == ()
    # Other reasons are not halved.
    assert DE.assess(claim(refund_amount="59.99", order_value="59.99")).max_reimbursement == (
        Decimal("59.99")
    )


def test_buyer_damage_and_item_cap_with_several_items() -> None:
    result = DE.assess(
        claim(
            reason=ClaimReason.RETURNED_DAMAGED_BY_BUYER,
            quantity=2,
            refund_amount="20000",
            order_value="20000",
        )
    )
    assert result.max_reimbursement == Decimal("8000.00")
    assert result.codes == ("buyer_damage_capped", "above_item_cap")


def test_referral_fee_and_outbound_label_are_left_out() -> None:
    result = DE.assess(
        claim(refund_amount="49.90", referral_fee="7.49", outbound_label_cost="4.99")
    )
    assert result.max_reimbursement == Decimal("37.42")
    assert result.codes == ("referral_fee_not_reimbursed", "outbound_label_not_reimbursed")
    assert result.eligible
    assert "EUR 7.49" in result.problems[0].message


# --- everything at once ----------------------------------------------------------------------


def test_every_problem_is_reported_at_once() -> None:
    bad = claim(
        reason=ClaimReason.RETURN_LABEL_BUYER_LIABLE,
        refund_amount="9000",
        order_value="9000",
        quantity=2,
        refunded_by=RefundIssuer.SELLER,
        fulfillment=Fulfillment.FBA,
        chargeback=True,
        a_to_z_claim=True,
        return_rejected_by_seller=True,
        lost_or_damaged_in_transit=True,
        valid_return_authorization=True,
        category_apparel_shoes_bags=True,
        referral_fee="100",
        outbound_label_cost="10",
        filed_at=REFUND.add(days=70),
    )
    prior = claim(filed_at=REFUND.add(days=1))
    result = DE.assess(bad, prior_claims=[prior])
    assert result.codes == (
        "refund_not_issued_by_amazon",
        "fba_order",
        "chargeback",
        "a_to_z_claim",
        "return_rejected",
        "lost_or_damaged_in_transit",
        "apparel_return_label",
        "duplicate_order_claim",
        "filing_window_closed",
        "referral_fee_not_reimbursed",
        "outbound_label_not_reimbursed",
        "above_item_cap",
    )
    assert not result.eligible
    assert result.max_reimbursement == Decimal("0.00")
    assert all(p.message.endswith(".") or p.message.endswith(")") for p in result.problems)
    assert set(result.codes) <= {code.value for code in ProblemCode}
    text = result.explain()
    assert "not eligible" in text
    assert "- filing_window_closed (blocking)" in text
    assert "- above_item_cap (advisory)" in text


def test_too_early_and_window_closed_together_with_overridden_windows() -> None:
    policy = get_claim_policy("amazon_csba", market="DE", filing_rules=10)
    result = policy.assess(claim(valid_return_authorization=True, filed_at=REFUND.add(days=12)))
    assert result.codes == ("too_early", "filing_window_closed")


def test_assessment_reports_the_marketplace_and_currency() -> None:
    result = DE.assess(claim())
    assert (result.market, result.currency, result.order_id) == (
        "DE",
        "EUR",
        "302-1234567-1234567",
    )
    assert result.file_by.timezone_name == BERLIN
    assert result.reply_by is None
    assert result.appeal_by is None
    assert result.granted_amount is None
    assert result.explain().splitlines()[0] == (
        "SAFE-T claim for order 302-1234567-1234567 on Amazon DE: eligible"
    )
