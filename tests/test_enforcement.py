"""Revocations, funds decisions, while-reached sanctions, dated direct sanctions and appeal
validation, on small policies and on AliExpress's appeal rule."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from penalties import (
    Appeal,
    AppealLimitWarning,
    AppealNotAllowedError,
    AppealOutcome,
    ExpiresAfter,
    FundsDecision,
    FundsOutcome,
    InvalidEventError,
    LateAppealWarning,
    Ledger,
    PolicyDefinitionError,
    Revocation,
    RevocationReason,
    SanctionKind,
    SanctionSpec,
    Status,
    Threshold,
    Violation,
    ViolationKind,
    get_policy,
)
from tests.helpers import small_policy, t

WARN_WHILE = SanctionSpec(SanctionKind.WARNING, None, "band", while_reached=True)


def banded() -> Ledger:
    return Ledger("p", "P", validity=ExpiresAfter(10), thresholds=(Threshold(5, (WARN_WHILE,)),))


class TestRevocation:
    policy = small_policy(banded())

    def test_revocation_gives_points_back(self) -> None:
        events = [Violation("a", "v", t(2024, 1, 1), points=6), Revocation("a", t(2024, 1, 3))]
        tl = self.policy.evaluate(events)
        assert tl.at(t(2024, 1, 2)).points["p"] == 6
        assert tl.at(t(2024, 1, 3)).points["p"] == 0
        assert tl.at(t(2024, 1, 3)).status is Status.GOOD

    def test_unknown_target_and_too_early(self) -> None:
        with pytest.raises(InvalidEventError, match="Did you mean 'ord-1'"):
            self.policy.evaluate(
                [
                    Violation("ord-1", "v", t(2024, 1, 1), points=1),
                    Revocation("ord-2", t(2024, 1, 2)),
                ]
            )
        with pytest.raises(InvalidEventError, match="before the penalty"):
            self.policy.evaluate(
                [Violation("a", "v", t(2024, 1, 2), points=1), Revocation("a", t(2024, 1, 1))]
            )

    def test_second_revocation_is_noted(self) -> None:
        events = [
            Violation("a", "v", t(2024, 1, 1), points=1),
            Revocation("a", t(2024, 1, 2), RevocationReason.RESOLVED),
            Revocation("a", t(2024, 1, 3), RevocationReason.REVERSED),
        ]
        tl = self.policy.evaluate(events)
        assert any("after it was revoked" in n for n in tl.notes)
        assert [c.delta for c in tl.changes] == [1, -1]

    def test_bad_values(self) -> None:
        with pytest.raises(InvalidEventError, match="not one of: retracted"):
            Revocation("a", t(2024, 1, 1), "withdrawn")  # type: ignore[arg-type]
        with pytest.raises(InvalidEventError, match="no time zone"):
            Revocation("a", dt.datetime(2024, 1, 1))
        with pytest.raises(InvalidEventError, match="not one of: released"):
            FundsDecision(t(2024, 1, 1), "kept")  # type: ignore[arg-type]
        with pytest.raises(InvalidEventError, match="empty"):
            FundsDecision(t(2024, 1, 1), FundsOutcome.RELEASED, " ")


class TestWhileReached:
    policy = small_policy(banded())

    def test_band_ends_when_the_balance_falls_under_the_level(self) -> None:
        events = [
            Violation("a", "v", t(2024, 1, 1), points=3),
            Violation("b", "v", t(2024, 1, 5), points=3),
        ]
        tl = self.policy.evaluate(events)
        (band,) = tl.sanctions
        assert band.start == t(2024, 1, 5)
        assert band.end == t(2024, 1, 11)  # 'a' lapses after 10 days: 3 < 5
        assert tl.at(t(2024, 1, 11)).status is Status.GOOD

    def test_band_fires_again_on_a_new_rise(self) -> None:
        events = [
            Violation("a", "v", t(2024, 1, 1), points=5),
            Violation("b", "v", t(2024, 1, 20), points=5),
        ]
        assert [s.start for s in self.policy.evaluate(events).sanctions] == [
            t(2024, 1, 1),
            t(2024, 1, 20),
        ]

    def test_only_on_single_level_thresholds(self) -> None:
        with pytest.raises(PolicyDefinitionError, match="single level"):
            Ledger("p", "P", thresholds=(Threshold(5, (WARN_WHILE,), every=True),))
        with pytest.raises(PolicyDefinitionError, match="threshold's sanction"):
            ViolationKind("v", "V", "p", sanctions=(WARN_WHILE,))


def test_dated_direct_sanctions() -> None:
    hold = SanctionSpec(SanctionKind.FUNDS_HOLD, None, effective_from=dt.date(2024, 6, 1))
    kind = ViolationKind("v", "V", "p", points=1, sanctions=(hold,))
    policy = small_policy(Ledger("p", "P"), kinds=(kind,))
    assert policy.evaluate([Violation("a", "v", t(2024, 5, 31, 23))]).sanctions == ()
    assert len(policy.evaluate([Violation("a", "v", t(2024, 6, 1))]).sanctions) == 1
    with pytest.raises(PolicyDefinitionError, match="effective_until"):
        SanctionSpec(
            SanctionKind.FUNDS_HOLD,
            effective_from=dt.date(2024, 6, 1),
            effective_until=dt.date(2024, 6, 1),
        )
    with pytest.raises(PolicyDefinitionError, match="appealable_after_days"):
        SanctionSpec(SanctionKind.FUNDS_HOLD, appealable_after_days=-1)


def test_funds_decision_on_every_hold() -> None:
    hold = SanctionSpec(SanctionKind.FUNDS_HOLD, None)
    kind = ViolationKind("v", "V", "p", points=1, sanctions=(hold,))
    policy = small_policy(Ledger("p", "P"), kinds=(kind,))
    events = [
        Violation("a", "v", t(2024, 1, 1)),
        Violation("b", "v", t(2024, 1, 2)),
        FundsDecision(t(2024, 3, 1), FundsOutcome.RELEASED),
    ]
    tl = policy.evaluate(events)
    assert [s.end for s in tl.sanctions] == [t(2024, 3, 1), t(2024, 3, 1)]
    assert not tl.at(t(2024, 3, 1)).funds_held


class TestAliExpressAppealRule:
    """Prohibited goods: one appeal per record within 7 days from 2020-10-14 (5 before)."""

    policy = get_policy("aliexpress")
    v = Violation("p1", "prohibited_goods", t(2021, 3, 1, 10))

    def test_deadline(self) -> None:
        assert self.policy.appeal_deadline(self.v) == t(2021, 3, 8, 10)

    def test_late_appeal_refused(self) -> None:
        with pytest.raises(AppealNotAllowedError, match="after the deadline 2021-03-08 10:00"):
            self.policy.check_appeal([self.v], Appeal("p1", t(2021, 3, 9)))
        with pytest.warns(LateAppealWarning):
            self.policy.evaluate([self.v, Appeal("p1", t(2021, 3, 9))])

    def test_one_appeal_per_record(self) -> None:
        first = Appeal("p1", t(2021, 3, 2), t(2021, 3, 3), AppealOutcome.DENIED)
        with pytest.raises(AppealNotAllowedError, match="allows 1 per record"):
            self.policy.check_appeal([self.v, first], Appeal("p1", t(2021, 3, 4)))
        with pytest.warns(AppealLimitWarning):
            self.policy.evaluate([self.v, first, Appeal("p1", t(2021, 3, 4))])
        assert self.policy.standing([self.v, first], t(2021, 3, 4)).appeal_windows == ()

    def test_granted_late_appeal_still_counts_as_recorded(self) -> None:
        late = Appeal("p1", t(2021, 3, 9), t(2021, 3, 10), AppealOutcome.GRANTED)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LateAppealWarning)
            s = self.policy.standing([self.v, late], t(2021, 3, 10))
        assert s.points["ip"] == 0

    def test_unknown_and_early(self) -> None:
        with pytest.raises(AppealNotAllowedError, match="no violation 'p2'"):
            self.policy.check_appeal([self.v], Appeal("p2", t(2021, 3, 2)))
        with pytest.raises(AppealNotAllowedError, match="before the penalty"):
            self.policy.check_appeal([self.v], Appeal("p1", t(2021, 2, 2)))

    def test_no_window_no_check(self) -> None:
        v = Violation("u1", "unfair_competition", t(2021, 3, 1), "general")
        self.policy.check_appeal([v], Appeal("u1", t(2022, 3, 1)))


def test_if_granted_takes_the_pending_appeal() -> None:
    policy = get_policy("aliexpress")
    v = Violation("u1", "unfair_competition", t(2021, 3, 1), "serious")
    pending = Appeal("u1", t(2021, 3, 2))
    w = policy.if_granted([v, pending], "u1", t(2021, 3, 3))
    assert w.before.status is Status.FROZEN
    assert w.after.status is Status.GOOD
    assert w.points_delta["trade"] == -12
    with pytest.raises(InvalidEventError, match="no violation 'u2'"):
        policy.if_granted([v], "u2", t(2021, 3, 3))


def test_what_if_accepts_one_new_event_of_any_type() -> None:
    policy = get_policy("aliexpress")
    v = Violation("u1", "unfair_competition", t(2021, 3, 1), "serious")
    w = policy.what_if([v], Revocation("u1", t(2021, 3, 2)), t(2021, 3, 3))
    assert w.points_delta["trade"] == -12
