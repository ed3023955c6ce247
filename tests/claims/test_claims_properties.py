"""Properties that hold for every claim in every marketplace variant."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from penalties.claims import (
    ClaimAppealed,
    ClaimDecided,
    ClaimPolicy,
    ClaimReason,
    Fulfillment,
    InformationRequested,
    RefundIssuer,
    SafeTClaim,
    SellerReplied,
    get_claim_policy,
    list_claim_markets,
)

POLICIES = [get_claim_policy("amazon_csba", market=m) for m in list_claim_markets()]
START = pendulum.datetime(2023, 1, 1, tz="UTC")
TWO_YEARS = 2 * 366 * 24 * 3600


@st.composite
def claims(draw: st.DrawFn) -> tuple[ClaimPolicy, SafeTClaim]:
    """A policy and a valid claim in its currency, with arbitrary flags, amounts and times."""
    policy = draw(st.sampled_from(POLICIES))
    step = Decimal(1).scaleb(-policy.minor_units)
    order_units = draw(st.integers(1, 10**9))
    refund_units = draw(st.integers(1, order_units))
    refund = refund_units * step
    fees = draw(st.integers(0, refund_units)) * step
    referral = draw(st.sampled_from([Decimal(0), fees]))
    charged = START.add(seconds=draw(st.integers(0, TWO_YEARS)))
    delivered = draw(
        st.none() | st.integers(-10 * 86400, 40 * 86400).map(lambda s: charged.add(seconds=s))
    )
    claim = SafeTClaim(
        order_id="111-1234567-1234567",
        reason=draw(st.sampled_from(ClaimReason)),
        refund_amount=refund,
        order_value=order_units * step,
        currency=policy.currency,
        refund_charged_at=charged,
        filed_at=charged.add(seconds=draw(st.integers(0, 120 * 86400))),
        refunded_by=draw(st.sampled_from(RefundIssuer)),
        fulfillment=draw(st.sampled_from(Fulfillment)),
        quantity=draw(st.integers(1, 20)),
        chargeback=draw(st.booleans()),
        a_to_z_claim=draw(st.booleans()),
        return_rejected_by_seller=draw(st.booleans()),
        lost_or_damaged_in_transit=draw(st.booleans()),
        valid_return_authorization=draw(st.booleans()),
        category_apparel_shoes_bags=draw(st.booleans()),
        referral_fee=referral,
        outbound_label_cost=draw(st.integers(0, refund_units)) * step
        if referral == 0
        else Decimal(0),
        return_delivered_at=delivered,
    )
    return policy, claim


@given(claims(), st.integers(0, 200 * 86400))
def test_filing_later_is_never_more_eligible(
    drawn: tuple[ClaimPolicy, SafeTClaim], delay: int
) -> None:
    policy, claim = drawn
    later = attrs.evolve(claim, filed_at=claim.filed_at.add(seconds=delay))
    earlier_result = policy.assess(claim)
    later_result = policy.assess(later)
    # Waiting can only cure "too early"; every other problem stays, and more may come.
    assert set(earlier_result.codes) - {"too_early"} <= set(later_result.codes)
    if claim.filed_at >= earlier_result.earliest_filing and later_result.eligible:
        assert earlier_result.eligible
    # The window and the wait do not depend on when the claim is filed.
    assert (later_result.earliest_filing, later_result.file_by) == (
        earlier_result.earliest_filing,
        earlier_result.file_by,
    )


@given(claims())
def test_the_cap_never_exceeds_the_refund_and_is_never_negative(
    drawn: tuple[ClaimPolicy, SafeTClaim],
) -> None:
    policy, claim = drawn
    result = policy.assess(claim)
    cap = result.max_reimbursement
    assert Decimal(0) <= cap <= claim.refund_amount - claim.referral_fee - claim.outbound_label_cost
    assert cap.as_tuple().exponent == -policy.minor_units
    if not result.eligible:
        assert cap == 0
    if policy.item_cap is not None:
        assert cap <= policy.item_cap * claim.quantity
    if policy.order_cap is not None:
        assert cap <= policy.order_cap
    if claim.reason is ClaimReason.RETURNED_DAMAGED_BY_BUYER and policy.buyer_damage_share:
        assert cap <= claim.order_value * policy.buyer_damage_share
    assert result.currency == claim.currency == policy.currency


@given(claims())
def test_eligibility_means_no_blocking_problem_and_codes_are_unique(
    drawn: tuple[ClaimPolicy, SafeTClaim],
) -> None:
    policy, claim = drawn
    result = policy.assess(claim)
    assert result.eligible == (not any(p.blocking for p in result.problems))
    assert len(set(result.codes)) == len(result.codes)
    assert all(p.message for p in result.problems)
    if not claim.valid_return_authorization:
        assert result.earliest_filing == claim.refund_charged_at <= result.file_by


@given(claims())
def test_filing_deadline_keeps_the_local_wall_clock_time(
    drawn: tuple[ClaimPolicy, SafeTClaim],
) -> None:
    policy, claim = drawn
    file_by = policy.assess(claim).file_by
    start = policy.window_start(claim)
    assert start >= claim.refund_charged_at
    assert file_by.timezone_name == start.timezone_name == policy.timezone
    window = policy.filing_rule(start).window
    assert (file_by.date() - start.date()).days == window.days
    if window.to_end_of_day:  # counted from the next day, to the end of the last one
        assert file_by.add(microseconds=1).in_timezone(policy.timezone).time() == dt.time(0)
    elif file_by.time() != start.time():  # only when that wall-clock time does not exist that day
        assert file_by.utcoffset() != start.utcoffset()


@given(
    st.permutations(
        [
            InformationRequested("2024-03-02T10:00:00+01:00"),
            SellerReplied("2024-03-04T10:00:00+01:00"),
            ClaimDecided("2024-03-08T10:00:00+01:00", "denied"),
            ClaimAppealed("2024-03-10T10:00:00+01:00"),
            ClaimDecided("2024-03-15T10:00:00+01:00", "granted", "10.00"),
        ]
    )
)
def test_the_order_events_are_listed_in_never_matters(events: list[object]) -> None:
    policy = POLICIES[list_claim_markets().index("DE")]
    claim = SafeTClaim(
        "302-1234567-1234567",
        ClaimReason.NOT_RETURNED,
        "10.00",
        "10.00",
        "EUR",
        "2024-02-01T10:00:00+01:00",
        "2024-03-01T10:00:00+01:00",
        history=events,  # type: ignore[arg-type]
    )
    result = policy.assess(claim)
    assert result.granted_amount == Decimal("10.00")
    assert result.codes == ()
