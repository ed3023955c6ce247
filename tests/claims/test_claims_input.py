"""Bad claim input fails loudly: InvalidClaimError with a message that says what to do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pendulum
import pytest

from penalties.claims import (
    ClaimAppealed,
    ClaimDecided,
    ClaimOutcome,
    ClaimReason,
    ClaimStatus,
    Fulfillment,
    InformationRequested,
    RefundIssuer,
    SafeTClaim,
    SellerReplied,
    get_claim_policy,
)
from penalties.errors import InvalidClaimError, PenaltiesError

REFUND = "2024-02-01T10:00:00+01:00"
FILED = "2024-02-20T10:00:00+01:00"
DE = get_claim_policy("amazon_csba", market="DE")


def claim(**overrides: Any) -> SafeTClaim:
    fields: dict[str, Any] = {
        "order_id": "302-1234567-1234567",
        "reason": ClaimReason.NOT_RETURNED,
        "refund_amount": Decimal("49.90"),
        "order_value": Decimal("49.90"),
        "currency": "EUR",
        "refund_charged_at": REFUND,
        "filed_at": FILED,
    }
    fields.update(overrides)
    return SafeTClaim(**fields)


def test_contract_constructor_positional_and_defaults() -> None:
    c = SafeTClaim(
        "302-1234567-1234567", ClaimReason.NOT_RETURNED, "10", "20", "EUR", REFUND, FILED
    )
    assert c.refund_amount == Decimal("10")
    assert c.refunded_by is RefundIssuer.AMAZON
    assert c.fulfillment is Fulfillment.MERCHANT
    assert c.quantity == 1
    flags = (
        c.chargeback,
        c.a_to_z_claim,
        c.return_rejected_by_seller,
        c.lost_or_damaged_in_transit,
        c.valid_return_authorization,
        c.category_apparel_shoes_bags,
    )
    assert flags == (False,) * 6
    assert c.history == ()
    assert c.status is ClaimStatus.UNDER_INVESTIGATION
    assert isinstance(c.filed_at, pendulum.DateTime)


def test_accepts_aware_datetimes_ints_and_enum_values() -> None:
    berlin = dt.timezone(dt.timedelta(hours=1))
    c = claim(
        refund_charged_at=dt.datetime(2024, 2, 1, 10, tzinfo=berlin),
        filed_at=pendulum.datetime(2024, 2, 20, 10, tz="Europe/Berlin"),
        refund_amount=30,
        order_value="1_000.00",
        reason="returned_damaged_by_buyer",
        refunded_by="Amazon",
        fulfillment="merchant",
        currency="eur",
    )
    assert c.reason is ClaimReason.RETURNED_DAMAGED_BY_BUYER
    assert c.refund_amount == Decimal(30)
    assert c.order_value == Decimal("1000.00")
    assert c.currency == "EUR"
    assert c.refund_charged_at == pendulum.datetime(2024, 2, 1, 9, tz="UTC")


def test_invalid_claim_error_is_a_value_error_and_a_penalties_error() -> None:
    with pytest.raises(ValueError, match="float"):
        claim(refund_amount=1.5)
    assert issubclass(InvalidClaimError, PenaltiesError)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("refund_charged_at", "2024-02-01T10:00:00", "no time zone"),
        ("filed_at", dt.datetime(2024, 2, 20, 10), "no time zone"),
        ("filed_at", "2024-02-20", "is a date, not an instant"),
        ("filed_at", dt.date(2024, 2, 20), "is a date, not an instant"),
        ("refund_charged_at", "yesterday", "not an ISO-8601"),
        ("refund_amount", 19.99, "float"),
        ("order_value", 100.0, "float"),
        ("refund_amount", "-5", "negative"),
        ("order_value", Decimal("-1"), "negative"),
        ("refund_amount", "19,99", "not a decimal number"),
        ("refund_amount", "EUR 19.99", "not a decimal number"),
        ("refund_amount", "NaN", "not a finite amount"),
        ("refund_amount", Decimal("Infinity"), "not a finite amount"),
        ("refund_amount", True, "must be a Decimal"),
        ("refund_amount", None, "must be a Decimal"),
        ("referral_fee", 1.0, "float"),
        ("outbound_label_cost", "-0.01", "negative"),
        ("quantity", 0, "at least 1"),
        ("quantity", -2, "at least 1"),
        ("quantity", True, "at least 1"),
        ("quantity", 1.0, "at least 1"),
        ("currency", "EURO", "three-letter"),
        ("currency", 978, "three-letter"),
        ("order_id", "  ", "order id"),
        ("order_id", None, "order id"),
        ("reason", "not_retrned", "Did you mean 'not_returned'"),
        ("reason", 3, "must be a ClaimReason"),
        ("refunded_by", "buyer", "not a RefundIssuer"),
        ("fulfillment", "afn", "not a Fulfillment"),
        ("chargeback", "False", "must be True or False"),
        ("valid_return_authorization", 1, "must be True or False"),
        ("category_apparel_shoes_bags", None, "must be True or False"),
        ("return_delivered_at", "2024-02-10T10:00:00", "no time zone"),
        ("history", "requested", "sequence of claim events"),
        ("history", [pendulum.datetime(2024, 3, 1, tz="UTC")], "InformationRequested"),
    ],
)
def test_bad_fields_are_refused(field: str, value: object, message: str) -> None:
    with pytest.raises(InvalidClaimError, match=message):
        claim(**{field: value})


def test_refund_larger_than_order_value_is_refused() -> None:
    with pytest.raises(InvalidClaimError, match="larger than order_value"):
        claim(refund_amount="50.00", order_value="49.99")
    assert claim(refund_amount="49.99", order_value="49.99").refund_amount == Decimal("49.99")


def test_zero_refund_is_refused() -> None:
    with pytest.raises(InvalidClaimError, match="nothing to reimburse"):
        claim(refund_amount="0.00")


def test_fees_beyond_the_refund_are_refused() -> None:
    with pytest.raises(InvalidClaimError, match="cannot exceed"):
        claim(refund_amount="10", referral_fee="6", outbound_label_cost="4.01")


def test_filing_before_the_refund_is_refused_to_the_second() -> None:
    with pytest.raises(InvalidClaimError, match="before the refund was charged"):
        claim(filed_at="2024-02-01T09:59:59+01:00")
    # The same instant written in another offset is not "before".
    assert claim(filed_at="2024-02-01T09:00:00+00:00").filed_at == claim(filed_at=REFUND).filed_at


def test_event_before_filing_is_refused() -> None:
    with pytest.raises(InvalidClaimError, match="before the claim was filed"):
        claim(history=[InformationRequested("2024-02-19T10:00:00+01:00")])


@pytest.mark.parametrize(
    ("history", "message"),
    [
        ([SellerReplied("2024-03-01T10:00:00+01:00")], "record the InformationRequested"),
        ([ClaimAppealed("2024-03-01T10:00:00+01:00")], "record the decision"),
        (
            [
                ClaimDecided("2024-03-01T10:00:00+01:00", ClaimOutcome.DENIED),
                ClaimDecided("2024-03-02T10:00:00+01:00", ClaimOutcome.GRANTED),
            ],
            "already resolved",
        ),
        (
            [
                ClaimDecided("2024-03-01T10:00:00+01:00", ClaimOutcome.DENIED),
                InformationRequested("2024-03-02T10:00:00+01:00"),
            ],
            "needs an open claim",
        ),
    ],
)
def test_impossible_histories_are_refused(history: list[Any], message: str) -> None:
    with pytest.raises(InvalidClaimError, match=message):
        claim(history=history)


def test_denial_with_an_amount_and_bad_event_values_are_refused() -> None:
    with pytest.raises(InvalidClaimError, match="denied claim pays nothing"):
        ClaimDecided("2024-03-01T10:00:00+01:00", ClaimOutcome.DENIED, granted_amount="5")
    with pytest.raises(InvalidClaimError, match="float"):
        ClaimDecided("2024-03-01T10:00:00+01:00", "granted", granted_amount=5.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidClaimError, match="not a ClaimOutcome"):
        ClaimDecided("2024-03-01T10:00:00+01:00", "partial")
    with pytest.raises(InvalidClaimError, match="no time zone"):
        SellerReplied("2024-03-01T10:00:00")
    with pytest.raises(InvalidClaimError, match="True or False"):
        ClaimAppealed("2024-03-01T10:00:00+01:00", new_evidence="yes")  # type: ignore[arg-type]


def test_history_order_does_not_matter() -> None:
    events = [
        ClaimAppealed("2024-03-10T10:00:00+01:00"),
        ClaimDecided("2024-03-05T10:00:00+01:00", "denied"),
        SellerReplied("2024-03-02T10:00:00+01:00"),
        InformationRequested("2024-03-01T10:00:00+01:00"),
    ]
    forward = claim(history=events)
    backward = claim(history=list(reversed(events)))
    assert forward == backward
    assert [type(e).__name__ for e in forward.history] == [
        "InformationRequested",
        "SellerReplied",
        "ClaimDecided",
        "ClaimAppealed",
    ]
    assert forward.status is ClaimStatus.UNDER_INVESTIGATION


def test_claims_are_frozen_values() -> None:
    c = claim()
    with pytest.raises(AttributeError):
        c.refund_amount = Decimal(1)  # type: ignore[misc]
    assert c == claim()
    assert hash(c) == hash(claim())


@pytest.mark.parametrize(
    ("market", "currency", "amount", "message"),
    [
        ("DE", "USD", "10", "settles SAFE-T claims in EUR"),
        ("DE", "GBP", "10", "settles SAFE-T claims in EUR"),
        ("US", "EUR", "10", "settles SAFE-T claims in USD"),
        ("DE", "EUR", "10.005", "at most 2 decimals"),
        ("JP", "JPY", "1000.5", "no decimals"),
    ],
)
def test_assess_refuses_money_that_does_not_fit_the_market(
    market: str, currency: str, amount: str, message: str
) -> None:
    policy = get_claim_policy("amazon_csba", market=market)
    with pytest.raises(InvalidClaimError, match=message):
        policy.assess(claim(currency=currency, refund_amount=amount, order_value="2000"))


def test_trailing_zeros_beyond_the_minor_unit_are_fine() -> None:
    policy = get_claim_policy("amazon_csba", market="JP")
    result = policy.assess(claim(currency="JPY", refund_amount="1000.00", order_value="1000"))
    assert result.eligible
    assert result.max_reimbursement == Decimal(1000)
    assert str(result.max_reimbursement) == "1000"


def test_granted_amount_must_fit_the_currency() -> None:
    history = [ClaimDecided("2024-03-01T10:00:00+01:00", "granted", granted_amount="1.234")]
    policy = get_claim_policy("amazon_csba", market="DE")
    with pytest.raises(InvalidClaimError, match="granted_amount"):
        policy.assess(claim(history=history))


def test_assess_refuses_things_that_are_not_claims() -> None:
    policy = get_claim_policy("amazon_csba", market="DE")
    with pytest.raises(InvalidClaimError, match="needs a SafeTClaim"):
        policy.assess({"order_id": "x"})  # type: ignore[arg-type]
    with pytest.raises(InvalidClaimError, match="prior_claims"):
        policy.assess(claim(), prior_claims=["302-1234567-1234567"])  # type: ignore[list-item]


# Issue 17: money has its own decimal context and refuses what it cannot hold exactly.


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1e1000000", "more than 15 digits before the point"),  # was a bare decimal.Overflow
        ("1234567890123456789012345678901.23", "more than 15 digits"),  # was rounded to 28
        (10**5000, "an integer of about 5000 digits"),
        ("1e-1000000", "more than 12 decimals"),
        ("0.0000000000001", "more than 12 decimals"),
    ],
    ids=["1e1000000", "33 digits", "5000-digit int", "1e-1000000", "13 decimals"],
)
def test_amounts_money_cannot_hold_exactly_are_refused(amount: object, message: str) -> None:
    with pytest.raises(InvalidClaimError, match=message):
        claim(refund_amount=amount)
    with pytest.raises(InvalidClaimError, match=f"granted_amount .*{message}"):
        ClaimDecided("2024-03-01T10:00:00+01:00", ClaimOutcome.GRANTED, granted_amount=amount)


def test_the_largest_amounts_money_holds_are_kept_exactly() -> None:
    big = "999999999999999.999999999999"
    c = claim(refund_amount=big, order_value=big)
    assert str(c.refund_amount) == big
    assert claim(refund_amount="2E+1").refund_amount == Decimal(20)
    assert claim(refund_amount="49.900000000000000000000").refund_amount == Decimal("49.9")


def test_money_ignores_and_leaves_the_callers_decimal_context() -> None:
    import decimal

    expected = DE.assess(claim(referral_fee="1.23"))
    with decimal.localcontext(prec=2, rounding=decimal.ROUND_UP) as ctx:
        ctx.traps[decimal.Inexact] = True
        ctx.traps[decimal.Rounded] = True
        ctx.clear_flags()
        c = claim(referral_fee="1.23")  # was 50 (49.90 at two digits), then refused
        assert c.refund_amount == Decimal("49.90")
        assessment = DE.assess(c)
        assert assessment == expected
        assert assessment.max_reimbursement == Decimal("48.67")
        assessment.explain()
        assert not any(ctx.flags.values())  # nothing signalled in the caller's context
