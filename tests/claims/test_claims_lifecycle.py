"""The investigation: requests for information, decisions, one appeal, and their deadlines."""

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
    InformationRequested,
    SafeTClaim,
    SellerReplied,
    Window,
    get_claim_policy,
)

DE = get_claim_policy("amazon_csba", market="DE")
BERLIN = "Europe/Berlin"
REFUND = pendulum.datetime(2024, 2, 1, 10, tz=BERLIN)
FILED = pendulum.datetime(2024, 3, 1, 10, tz=BERLIN)


def berlin(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> pendulum.DateTime:
    return pendulum.datetime(year, month, day, hour, minute, second, tz=BERLIN)


def claim(*history: Any, **overrides: Any) -> SafeTClaim:
    fields: dict[str, Any] = {
        "order_id": "302-1234567-1234567",
        "reason": ClaimReason.RETURNED_WRONG_OR_INCOMPLETE,
        "refund_amount": Decimal("80.00"),
        "order_value": Decimal("80.00"),
        "currency": "EUR",
        "refund_charged_at": REFUND,
        "filed_at": FILED,
        "history": history,
    }
    fields.update(overrides)
    return SafeTClaim(**fields)


def test_just_filed_is_under_investigation_without_deadlines() -> None:
    result = DE.assess(claim())
    assert result.status is ClaimStatus.UNDER_INVESTIGATION
    assert (result.reply_by, result.appeal_by) == (None, None)


def test_request_for_information_sets_reply_by_across_summer_time() -> None:
    result = DE.assess(claim(InformationRequested(berlin(2024, 3, 28, 10))))
    assert result.status is ClaimStatus.AWAITING_SELLER_RESPONSE
    assert result.reply_by is not None
    assert result.reply_by.isoformat() == "2024-04-04T10:00:00+02:00"
    assert result.eligible
    assert "reply by 2024-04-04T10:00:00+02:00" in result.explain()


@pytest.mark.parametrize(
    ("replied", "late"),
    [
        (berlin(2024, 4, 3, 10), False),  # one day before
        (berlin(2024, 4, 4, 10), False),  # at the reply-by time
        (berlin(2024, 4, 4, 10, 0, 1), True),  # one second after
        (berlin(2024, 4, 5, 10), True),  # one day after
    ],
)
def test_reply_within_seven_calendar_days(replied: pendulum.DateTime, late: bool) -> None:
    result = DE.assess(claim(InformationRequested(berlin(2024, 3, 28, 10)), SellerReplied(replied)))
    assert result.status is ClaimStatus.UNDER_INVESTIGATION
    assert result.reply_by is None  # nothing awaited any more
    assert (result.codes == ("reply_late",)) is late
    assert result.eligible  # a late reply may lead to denial; it does not block by itself
    if late:
        assert not result.problems[0].blocking
        assert "may lead to denial" in result.problems[0].message


def test_decision_after_an_unanswered_request_reports_the_missing_reply() -> None:
    request = InformationRequested(berlin(2024, 3, 5, 10))
    denied_late = ClaimDecided(berlin(2024, 3, 13, 10), ClaimOutcome.DENIED)
    result = DE.assess(claim(request, denied_late))
    assert result.status is ClaimStatus.RESOLVED_DENIED
    assert result.codes == ("reply_late",)
    assert "No reply reached Amazon" in result.problems[0].message
    decided_in_time = ClaimDecided(berlin(2024, 3, 12, 10), ClaimOutcome.DENIED)
    assert DE.assess(claim(request, decided_in_time)).codes == ()


def test_a_second_request_reopens_the_reply_window() -> None:
    result = DE.assess(
        claim(
            InformationRequested(berlin(2024, 3, 5, 10)),
            SellerReplied(berlin(2024, 3, 6, 10)),
            InformationRequested(berlin(2024, 3, 20, 10)),
        )
    )
    assert result.status is ClaimStatus.AWAITING_SELLER_RESPONSE
    assert result.reply_by == berlin(2024, 3, 27, 10)


@pytest.mark.parametrize(
    ("outcome", "amount", "status"),
    [
        (ClaimOutcome.GRANTED, "80.00", ClaimStatus.RESOLVED_GRANTED),
        (ClaimOutcome.GRANTED, None, ClaimStatus.RESOLVED_GRANTED),
        (ClaimOutcome.DENIED, None, ClaimStatus.RESOLVED_DENIED),
    ],
)
def test_resolved_claims_can_be_appealed_for_seven_days(
    outcome: ClaimOutcome, amount: str | None, status: ClaimStatus
) -> None:
    result = DE.assess(claim(ClaimDecided(berlin(2024, 3, 27, 15), outcome, amount)))
    assert result.status is status
    assert result.appeal_by is not None
    assert result.appeal_by.isoformat() == "2024-04-03T15:00:00+02:00"
    assert result.granted_amount == (None if amount is None else Decimal(amount))
    assert result.max_reimbursement == Decimal("80.00")  # the cap, not the grant


@pytest.mark.parametrize(
    ("appealed", "late"),
    [
        (berlin(2024, 4, 2, 15), False),
        (berlin(2024, 4, 3, 15), False),
        (berlin(2024, 4, 3, 15, 0, 1), True),
        (berlin(2024, 4, 4, 15), True),
    ],
)
def test_appeal_window_one_day_and_one_second_either_side(
    appealed: pendulum.DateTime, late: bool
) -> None:
    result = DE.assess(
        claim(ClaimDecided(berlin(2024, 3, 27, 15), "denied"), ClaimAppealed(appealed))
    )
    assert result.status is ClaimStatus.UNDER_INVESTIGATION
    assert result.appeal_by is None  # the one appeal is used
    assert (result.codes == ("appeal_window_closed",)) is late
    assert result.eligible


def test_only_one_appeal() -> None:
    history = [
        ClaimDecided(berlin(2024, 3, 10, 10), "denied"),
        ClaimAppealed(berlin(2024, 3, 12, 10)),
        ClaimDecided(berlin(2024, 3, 20, 10), "granted", "40.00"),
    ]
    decided = DE.assess(claim(*history))
    assert decided.status is ClaimStatus.RESOLVED_GRANTED
    assert decided.granted_amount == Decimal("40.00")
    assert decided.appeal_by is None  # no appeal left
    assert decided.codes == ()
    again = DE.assess(claim(*history, ClaimAppealed(berlin(2024, 3, 21, 10))))
    assert again.codes == ("second_appeal",)
    assert "abuse" in again.problems[0].message
    assert not again.problems[0].blocking


def test_appeal_without_new_evidence_is_reported() -> None:
    result = DE.assess(
        claim(
            ClaimDecided(berlin(2024, 3, 10, 10), "denied"),
            ClaimAppealed(berlin(2024, 3, 11, 10), new_evidence=False),
        )
    )
    assert result.codes == ("appeal_without_new_evidence",)


def test_max_appeals_is_overridable() -> None:
    policy = get_claim_policy("amazon_csba", market="DE", max_appeals=2)
    history = [
        ClaimDecided(berlin(2024, 3, 10, 10), "denied"),
        ClaimAppealed(berlin(2024, 3, 12, 10)),
        ClaimDecided(berlin(2024, 3, 20, 10), "denied"),
    ]
    result = policy.assess(claim(*history))
    assert result.appeal_by == berlin(2024, 3, 27, 10)
    assert policy.assess(claim(*history, ClaimAppealed(berlin(2024, 3, 21, 10)))).codes == ()


def test_late_reply_and_late_appeal_are_reported_together_with_filing_problems() -> None:
    result = DE.assess(
        claim(
            InformationRequested(berlin(2024, 4, 10, 10)),
            SellerReplied(berlin(2024, 4, 20, 10)),
            ClaimDecided(berlin(2024, 4, 25, 10), "denied"),
            ClaimAppealed(berlin(2024, 5, 5, 10)),
            filed_at=berlin(2024, 4, 9, 10),
            chargeback=True,
        )
    )
    assert result.codes == (
        "chargeback",
        "filing_window_closed",
        "reply_late",
        "appeal_window_closed",
    )
    assert not result.eligible


def test_overridden_reply_window() -> None:
    policy = get_claim_policy("amazon_csba", market="DE", reply_window=Window(10))
    result = policy.assess(claim(InformationRequested(berlin(2024, 3, 5, 10))))
    assert result.reply_by == berlin(2024, 3, 15, 10)


# --- business days: the UAE and Saudi Arabia --------------------------------------------------


def gulf_claim(market: str, *history: Any, **overrides: Any) -> SafeTClaim:
    zone = {"AE": "Asia/Dubai", "SA": "Asia/Riyadh"}[market]
    currency = {"AE": "AED", "SA": "SAR"}[market]
    refund = pendulum.datetime(2024, 3, 4, 10, tz=zone)  # a Monday
    fields: dict[str, Any] = {
        "order_id": "402-1234567-1234567",
        "reason": ClaimReason.RETURNED_DAMAGED_BY_BUYER,
        "refund_amount": Decimal("150.00"),
        "order_value": Decimal("150.00"),
        "currency": currency,
        "refund_charged_at": refund,
        "filed_at": refund.add(days=1),
        "history": history,
    }
    fields.update(overrides)
    return SafeTClaim(**fields)


@pytest.mark.parametrize(
    ("market", "requested", "reply_by"),
    [
        # Wednesday 6 March 2024: Thu, Fri, Sat count in the UAE (Sunday is off) ...
        ("AE", dt.date(2024, 3, 6), dt.date(2024, 3, 9)),
        # ... and Thu, Sat, Sun in Saudi Arabia (Friday is off).
        ("SA", dt.date(2024, 3, 6), dt.date(2024, 3, 10)),
        # Saturday: Mon, Tue, Wed in the UAE; Sun, Mon, Tue in Saudi Arabia.
        ("AE", dt.date(2024, 3, 9), dt.date(2024, 3, 13)),
        ("SA", dt.date(2024, 3, 9), dt.date(2024, 3, 12)),
    ],
)
def test_reply_within_three_business_days(
    market: str, requested: dt.date, reply_by: dt.date
) -> None:
    policy = get_claim_policy("amazon_csba", market=market)
    zone = policy.timezone
    at = pendulum.datetime(requested.year, requested.month, requested.day, 14, tz=zone)
    result = policy.assess(gulf_claim(market, InformationRequested(at)))
    expected = pendulum.datetime(reply_by.year, reply_by.month, reply_by.day, 14, tz=zone)
    assert result.reply_by == expected
    on_time = policy.assess(gulf_claim(market, InformationRequested(at), SellerReplied(expected)))
    assert on_time.codes == ()
    late = policy.assess(
        gulf_claim(market, InformationRequested(at), SellerReplied(expected.add(seconds=1)))
    )
    assert late.codes == ("reply_late",)
    assert "3 business days" in late.problems[0].message


@pytest.mark.parametrize(
    ("market", "appeal_by"),
    [("AE", dt.date(2024, 3, 15)), ("SA", dt.date(2024, 3, 16))],
)
def test_appeal_within_five_business_days(market: str, appeal_by: dt.date) -> None:
    policy = get_claim_policy("amazon_csba", market=market)
    decided = pendulum.datetime(2024, 3, 10, 9, tz=policy.timezone)  # a Sunday
    result = policy.assess(gulf_claim(market, ClaimDecided(decided, "granted", "75.00")))
    assert result.appeal_by == pendulum.datetime(
        appeal_by.year, appeal_by.month, appeal_by.day, 9, tz=policy.timezone
    )
    late = policy.assess(
        gulf_claim(
            market,
            ClaimDecided(decided, "granted", "75.00"),
            ClaimAppealed(result.appeal_by.add(seconds=1)),
        )
    )
    assert late.codes == ("appeal_window_closed",)


def test_public_holidays_are_not_business_days() -> None:
    policy = get_claim_policy(
        "amazon_csba", market="AE", public_holidays=frozenset({dt.date(2024, 3, 7)})
    )
    at = pendulum.datetime(2024, 3, 6, 14, tz="Asia/Dubai")
    result = policy.assess(gulf_claim("AE", InformationRequested(at)))
    assert result.reply_by == pendulum.datetime(2024, 3, 11, 14, tz="Asia/Dubai")


def test_business_days_across_a_dst_gap_keep_the_wall_clock_time() -> None:
    # 02:30 does not exist in Berlin on Sunday 31 March 2024; counting over it must not drift.
    policy = get_claim_policy(
        "amazon_csba",
        market="DE",
        reply_window=Window(3, business=True),
        weekend=frozenset({6, 7}),
    )
    result = policy.assess(claim(InformationRequested(berlin(2024, 3, 8, 2, 30))))
    assert result.reply_by == berlin(2024, 3, 13, 2, 30)
    across = policy.assess(
        claim(InformationRequested(berlin(2024, 3, 29, 2, 30)), filed_at=berlin(2024, 3, 29))
    )
    assert across.reply_by is not None
    assert across.reply_by.isoformat() == "2024-04-03T02:30:00+02:00"
