"""The account side of SAFE-T (seed 003 §3, §4, §7): who may file, the 24-hour status lag, and
suspension and claw-back after abuse or misrepresentation."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest

from penalties.claims import (
    AbuseFinding,
    AbuseKind,
    ClaimAppealed,
    ClaimDecided,
    ClaimOutcome,
    ClaimReason,
    ClaimStatus,
    Clawback,
    InformationRequested,
    ProblemCode,
    ReimbursementClawedBack,
    SafeTClaim,
    SellerReplied,
    get_claim_policy,
)
from penalties.errors import InvalidClaimError, PolicyDefinitionError

DE = get_claim_policy("amazon_csba", market="DE")
US = get_claim_policy("amazon_csba", market="US")
AE = get_claim_policy("amazon_csba", market="AE")
BERLIN = "Europe/Berlin"
SECOND = dt.timedelta(seconds=1)


def berlin(month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> Any:
    return pendulum.datetime(2024, month, day, hour, minute, second, tz=BERLIN)


REFUND = berlin(2, 1, 10)
FILED = berlin(2, 20, 9)
GRANTED = berlin(3, 1, 12)


def claim(*history: Any, **overrides: Any) -> SafeTClaim:
    fields: dict[str, Any] = {
        "order_id": "302-1234567-1234567",
        "reason": ClaimReason.NOT_RETURNED,
        "refund_amount": Decimal("80.00"),
        "order_value": Decimal("80.00"),
        "currency": "EUR",
        "refund_charged_at": REFUND,
        "filed_at": FILED,
        "history": history,
    }
    fields.update(overrides)
    return SafeTClaim(**fields)


def granted(amount: str | None = "80.00", **overrides: Any) -> SafeTClaim:
    return claim(ClaimDecided(GRANTED, ClaimOutcome.GRANTED, amount), **overrides)


# --- registered users (seed 003 §3) -------------------------------------------------------


def test_a_claim_filed_by_an_unregistered_user_is_not_processed_on_amazon_de() -> None:
    result = DE.assess(claim(filed_by_registered_user=False))
    assert result.codes == (ProblemCode.FILER_NOT_REGISTERED,)
    assert not result.eligible
    assert result.max_reimbursement == 0
    assert "registered-user list" in result.problems[0].message
    assert DE.assess(claim()).eligible  # registered is the default


def test_the_registered_user_rule_is_off_where_no_source_states_it() -> None:
    us_claim = claim(currency="USD", filed_by_registered_user=False)
    assert US.assess(us_claim).eligible
    strict = attrs.evolve(US, registered_users_only=True)
    assert strict.assess(us_claim).codes == (ProblemCode.FILER_NOT_REGISTERED,)


def test_filed_by_registered_user_must_be_a_bool() -> None:
    with pytest.raises(InvalidClaimError, match="filed_by_registered_user must be True or False"):
        claim(filed_by_registered_user="no")


# --- the 24-hour status lag (seed 003 §4) --------------------------------------------------


def test_after_a_reply_the_status_should_update_within_24_hours() -> None:
    replied = berlin(2, 25, 18, 30)
    result = DE.assess(claim(InformationRequested(berlin(2, 22, 9)), SellerReplied(replied)))
    assert result.status is ClaimStatus.UNDER_INVESTIGATION
    assert result.status_update_by == replied.add(hours=24)
    assert result.status_update_by.timezone_name == BERLIN
    assert "status should update by 2024-02-26T18:30:00+01:00" in result.explain()


def test_the_24_hours_are_elapsed_hours_across_a_dst_change() -> None:
    # Berlin springs forward on 31 March 2024 at 02:00: 24 hours after 30 March 12:00 CET is
    # 31 March 13:00 CEST, not 12:00.
    replied = berlin(3, 30, 12)
    result = DE.assess(claim(InformationRequested(berlin(3, 29, 9)), SellerReplied(replied)))
    assert result.status_update_by is not None
    assert result.status_update_by.isoformat() == "2024-03-31T13:00:00+02:00"


def test_a_status_seen_to_change_ends_the_wait_and_late_ones_are_reported() -> None:
    replied = berlin(2, 25, 18, 30)
    due = replied.add(hours=24)
    on_time = SellerReplied(replied, status_updated_at=due)
    result = DE.assess(claim(InformationRequested(berlin(2, 22, 9)), on_time))
    assert result.status_update_by is None
    assert result.codes == ()
    late = SellerReplied(replied, status_updated_at=due + SECOND)
    result = DE.assess(claim(InformationRequested(berlin(2, 22, 9)), late))
    assert result.codes == (ProblemCode.STATUS_LAG_EXCEEDED,)
    assert result.eligible  # advisory only
    assert "24 hours" in result.problems[0].message


def test_the_wait_ends_with_the_next_event() -> None:
    history = (
        InformationRequested(berlin(2, 22, 9)),
        SellerReplied(berlin(2, 23, 9)),
        ClaimDecided(berlin(2, 23, 20), ClaimOutcome.DENIED),
    )
    assert DE.assess(claim(*history)).status_update_by is None


def test_no_status_lag_where_no_source_gives_one_and_24_hours_in_the_gulf() -> None:
    replied = pendulum.datetime(2024, 2, 25, 18, tz="America/Los_Angeles")
    us_claim = claim(
        InformationRequested(replied.subtract(days=1)),
        SellerReplied(replied),
        currency="USD",
    )
    assert US.status_lag is None
    assert US.assess(us_claim).status_update_by is None
    assert AE.status_lag == dt.timedelta(hours=24)
    assert get_claim_policy("amazon_csba", market="SA").status_lag == dt.timedelta(hours=24)


def test_a_status_cannot_change_before_the_reply() -> None:
    with pytest.raises(InvalidClaimError, match=r"status_updated_at .* is before the reply"):
        SellerReplied(berlin(2, 25, 18), status_updated_at=berlin(2, 25, 18) - SECOND)


def test_a_negative_status_lag_is_refused() -> None:
    with pytest.raises(PolicyDefinitionError, match="status_lag must be a duration of 0 or more"):
        attrs.evolve(DE, status_lag=dt.timedelta(hours=-1))
    with pytest.raises(PolicyDefinitionError, match="status_lag"):
        attrs.evolve(DE, status_lag=24)  # type: ignore[arg-type]


# --- suspension for abuse or misrepresentation (seed 003 §7) --------------------------------


def test_no_claim_can_be_filed_while_a_suspension_for_abuse_stands() -> None:
    finding = AbuseFinding(FILED, AbuseKind.SAFE_T_ABUSE)
    assert DE.assess(claim(), findings=[finding]).codes == (ProblemCode.FILING_SUSPENDED_FOR_ABUSE,)
    # One second before the finding the claim was still filed normally.
    later = AbuseFinding(FILED + SECOND, AbuseKind.SAFE_T_ABUSE)
    assert DE.assess(claim(), findings=[later]).eligible


def test_a_lifted_suspension_no_longer_blocks_filing() -> None:
    finding = AbuseFinding(berlin(2, 10), lifted_at=FILED)
    assert DE.assess(claim(), findings=[finding]).eligible
    still = AbuseFinding(berlin(2, 10), lifted_at=FILED + SECOND)
    result = DE.assess(claim(), findings=[still])
    assert result.codes == (ProblemCode.FILING_SUSPENDED_FOR_ABUSE,)
    assert "misrepresentation" in result.problems[0].message


def test_the_suspension_is_off_where_no_source_states_it() -> None:
    us_claim = claim(currency="USD")
    finding = AbuseFinding(REFUND)
    assert US.assess(us_claim, findings=[finding]).eligible
    strict = attrs.evolve(US, abuse_suspends_filing=True)
    assert strict.assess(us_claim, findings=[finding]).codes == (
        ProblemCode.FILING_SUSPENDED_FOR_ABUSE,
    )


def test_findings_are_validated() -> None:
    with pytest.raises(InvalidClaimError, match=r"lifted_at .* is not after the finding"):
        AbuseFinding(FILED, lifted_at=FILED)
    with pytest.raises(InvalidClaimError, match=r"AbuseFinding\.kind .fraud. is not a AbuseKind"):
        AbuseFinding(FILED, "fraud")
    with pytest.raises(InvalidClaimError, match="findings must hold AbuseFinding values"):
        DE.assess(claim(), findings=[FILED])
    with pytest.raises(InvalidClaimError, match="findings must be a sequence"):
        DE.assess(claim(), findings="abuse")  # type: ignore[arg-type]
    with pytest.raises(InvalidClaimError, match=r"AbuseFinding\.at"):
        AbuseFinding(dt.datetime(2024, 2, 20, 9))  # naive


# --- claw-back of earlier reimbursements (seed 003 §7) --------------------------------------


def test_a_finding_after_a_grant_puts_the_reimbursement_at_risk() -> None:
    finding = AbuseFinding(GRANTED, AbuseKind.MISREPRESENTATION)
    result = DE.assess(granted(), findings=[finding])
    assert result.codes == (ProblemCode.CLAWBACK_EXPECTED,)
    assert result.eligible  # advisory: the claim itself was fine
    assert result.clawback_exposure == Decimal("80.00")
    assert "EUR 80.00 is at risk" in result.problems[0].message
    # A finding one second before the grant is not after it: that grant is not "earlier".
    before = AbuseFinding(GRANTED - SECOND)
    result = DE.assess(granted(), findings=[before])
    assert result.codes == ()
    assert result.clawback_exposure is None


def test_a_clawed_back_claim_is_final_and_records_the_amount() -> None:
    history = (
        ClaimDecided(GRANTED, ClaimOutcome.GRANTED, "80.00"),
        ReimbursementClawedBack(berlin(4, 2, 8), "80.00"),
    )
    result = DE.assess(claim(*history), findings=[AbuseFinding(berlin(4, 1))])
    assert result.status is ClaimStatus.CLAWED_BACK
    assert result.clawed_back_amount == Decimal("80.00")
    assert result.granted_amount == Decimal("80.00")
    assert result.appeal_by is None
    assert result.clawback_exposure is None  # already taken
    assert "clawed back EUR 80.00" in result.explain()
    with pytest.raises(InvalidClaimError, match="follows a claw-back, which is final"):
        claim(*history, ClaimAppealed(berlin(4, 3)))


def test_only_a_granted_reimbursement_can_be_clawed_back() -> None:
    with pytest.raises(InvalidClaimError, match="only a granted reimbursement can be clawed back"):
        claim(ClaimDecided(GRANTED, ClaimOutcome.DENIED), ReimbursementClawedBack(berlin(4, 2)))
    with pytest.raises(InvalidClaimError, match="only a granted reimbursement"):
        claim(ReimbursementClawedBack(berlin(4, 2)))


def test_a_claw_back_cannot_take_more_than_was_granted() -> None:
    with pytest.raises(InvalidClaimError, match=r"takes back 80\.01, more than the 80\.00 granted"):
        claim(
            ClaimDecided(GRANTED, ClaimOutcome.GRANTED, "80.00"),
            ReimbursementClawedBack(berlin(4, 2), "80.01"),
        )
    with pytest.raises(InvalidClaimError, match="clawed-back amount"):
        DE.assess(
            claim(
                ClaimDecided(GRANTED, ClaimOutcome.GRANTED),
                ReimbursementClawedBack(berlin(4, 2), "1.001"),
            )
        )


def test_clawback_sums_every_earlier_reimbursement_of_the_account() -> None:
    finding = AbuseFinding(berlin(4, 1))
    account = [
        granted("80.00", order_id="302-0000001-0000001"),
        granted(None, order_id="302-0000002-0000002"),
        claim(
            ClaimDecided(berlin(4, 1) + SECOND, ClaimOutcome.GRANTED, "50.00"),
            order_id="302-0000003-0000003",
        ),
        claim(ClaimDecided(GRANTED, ClaimOutcome.DENIED), order_id="302-0000004-0000004"),
        claim(
            ClaimDecided(GRANTED, ClaimOutcome.GRANTED, "30.00"),
            ReimbursementClawedBack(berlin(4, 2), "30.00"),
            order_id="302-0000005-0000005",
        ),
    ]
    result = DE.clawback(account, [finding])
    assert result == Clawback(
        currency="EUR",
        at_risk=Decimal("80.00"),
        order_ids=("302-0000001-0000001", "302-0000002-0000002"),
        unknown_amounts=("302-0000002-0000002",),
        clawed_back=Decimal("30.00"),
    )
    assert DE.clawback(account, []).order_ids == ()


def test_clawback_is_off_where_no_source_states_it() -> None:
    us_claim = granted(currency="USD")
    finding = AbuseFinding(berlin(4, 1))
    assert US.assess(us_claim, findings=[finding]).codes == ()
    assert US.clawback([us_claim], [finding]).at_risk == 0
    on = attrs.evolve(US, clawback_on_abuse=True)
    assert on.clawback([us_claim], [finding]).at_risk == Decimal("80.00")


def test_clawback_refuses_what_is_not_a_claim_of_the_marketplace() -> None:
    with pytest.raises(InvalidClaimError, match="clawback\\(\\) needs SafeTClaim values"):
        DE.clawback(["claim"], [])  # type: ignore[list-item]
    with pytest.raises(InvalidClaimError, match="settles SAFE-T claims in EUR"):
        DE.clawback([granted(currency="USD")], [])


def test_new_values_are_frozen_comparable_and_pickle() -> None:
    values = [
        AbuseFinding(FILED, AbuseKind.SAFE_T_ABUSE, lifted_at=berlin(3, 1)),
        ReimbursementClawedBack(berlin(4, 2), "80.00"),
        SellerReplied(FILED, status_updated_at=berlin(2, 21)),
        granted(filed_by_registered_user=False),
        DE.clawback([granted()], [AbuseFinding(berlin(4, 1))]),
    ]
    for value in values:
        assert pickle.loads(pickle.dumps(value)) == value
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            value.at = FILED  # type: ignore[attr-defined]
    assert AbuseFinding(FILED, "safe_t_abuse").kind is AbuseKind.SAFE_T_ABUSE


def test_a_claim_file_can_say_who_filed_it(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from penalties.cli import main

    fields = {
        "order_id": "302-1234567-1234567",
        "reason": "not_returned",
        "refund_amount": "49.90",
        "order_value": "49.90",
        "currency": "EUR",
        "refund_charged_at": "2024-02-01T10:00:00+01:00",
        "filed_at": "2024-02-20T09:00:00+01:00",
    }
    path = tmp_path / "claim.json"
    for registered, codes in ((True, []), (False, ["filer_not_registered"])):
        path.write_text(json.dumps({**fields, "filed_by_registered_user": registered}))
        assert main(["claim", "check", "--file", str(path), "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert [p["code"] for p in data["problems"]] == codes
