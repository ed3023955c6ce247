"""AliExpress scenarios taken from the rule text (seed 004, ssopdot 16374, the 2020 notice)."""

from __future__ import annotations

import pytest

import penalties
from penalties import (
    Appeal,
    AppealNotAllowedError,
    AppealOutcome,
    AppealUnavailableWarning,
    InvalidEventError,
    SanctionKind,
    SanctionSpec,
    Stacking,
    Status,
    UnknownPolicyError,
    Violation,
)
from tests.helpers import t

AE = penalties.get_policy("aliexpress")


def uc(vid: str, at: object, severity: str) -> Violation:
    return Violation(vid, "unfair_competition", at, severity=severity)  # type: ignore[arg-type]


def ip(vid: str, at: object, severity: str, points: int | None = None) -> Violation:
    return Violation(vid, "ip_infringement", at, severity=severity, points=points)  # type: ignore[arg-type]


class TestUnfairCompetition2017:
    @pytest.mark.parametrize(
        ("severity", "before", "after"),
        [("general", 1, 3), ("serious", 3, 12)],
    )
    def test_points_change_on_2017_11_22(self, severity: str, before: int, after: int) -> None:
        day_before = uc("a", t(2017, 11, 21, 23, 59, 59), severity)
        day_of = uc("a", t(2017, 11, 22, 0, 0, 0), severity)
        assert AE.resolve(day_before).points == before
        assert AE.resolve(day_of).points == after

    def test_change_is_a_shanghai_calendar_date(self) -> None:
        # 2017-11-21 16:30 UTC is already 2017-11-22 00:30 in Shanghai.
        v = uc("a", "2017-11-21T16:30:00+00:00", "serious")
        assert AE.resolve(v).points == 12

    def test_especially_serious_did_not_exist_before(self) -> None:
        with pytest.raises(InvalidEventError, match="2017-11-22"):
            AE.resolve(uc("a", t(2017, 11, 21), "especially_serious"))
        assert AE.resolve(uc("a", t(2017, 11, 22), "especially_serious")).points == 48


class TestTradeThresholds:
    def test_12_points_freeze_for_7_days_boundaries(self) -> None:
        events = [
            uc("a", t(2024, 3, 1, 10), "general"),
            uc("b", t(2024, 3, 2, 10), "general"),
            uc("c", t(2024, 3, 3, 10), "general"),
            uc("d", t(2024, 3, 4, 10), "general"),
        ]
        tl = AE.evaluate(events)
        assert tl.at(t(2024, 3, 4, 9, 59, 59)).status is Status.GOOD
        s = tl.at(t(2024, 3, 4, 10))
        assert s.points["trade"] == 12
        assert s.status is Status.FROZEN
        assert s.frozen_until == t(2024, 3, 11, 10)
        assert tl.at(t(2024, 3, 11, 9, 59, 59)).status is Status.FROZEN
        assert tl.at(t(2024, 3, 11, 10)).status is Status.GOOD

    def test_one_serious_violation_freezes_by_itself(self) -> None:
        s = AE.standing([uc("a", t(2024, 1, 1), "serious")], t(2024, 1, 1))
        assert s.status is Status.FROZEN

    def test_48_points_close_the_account(self) -> None:
        events = [uc(f"s{i}", t(2024, 1, 1 + 10 * i), "serious") for i in range(4)]
        tl = AE.evaluate(events)
        just_before = tl.at(t(2024, 1, 30, 23, 59, 59))
        assert just_before.points["trade"] == 36
        assert just_before.status is Status.GOOD
        assert tl.at(t(2024, 1, 31)).points["trade"] == 48
        assert tl.at(t(2024, 1, 31)).status is Status.CLOSED

    def test_one_especially_serious_violation_closes(self) -> None:
        s = AE.standing([uc("a", t(2024, 1, 1), "especially_serious")], t(2024, 1, 2))
        assert s.closed

    def test_closure_stays_after_points_expire(self) -> None:
        tl = AE.evaluate([uc("a", t(2024, 1, 1), "especially_serious")])
        s = tl.at(t(2026, 1, 1))
        assert s.points["trade"] == 0
        assert s.status is Status.CLOSED

    def test_intermediate_nodes_are_an_option(self) -> None:
        assert [th.points for th in AE.ledger("trade").thresholds] == [12, 48]
        strict = penalties.get_policy(
            "aliexpress", trade_nodes={24: (SanctionSpec(SanctionKind.FREEZE, 14),)}
        )
        tl = strict.evaluate([uc("a", t(2024, 1, 1), "serious"), uc("b", t(2024, 2, 1), "serious")])
        assert [s.threshold for s in tl.sanctions] == [12, 24]
        assert tl.sanctions[1].end == t(2024, 2, 15)


class TestExpiry:
    def test_points_valid_365_days_from_the_penalty(self) -> None:
        tl = AE.evaluate([uc("a", t(2024, 3, 1, 10), "general")])
        assert tl.balance("trade", t(2025, 3, 1, 9, 59, 59)) == 3
        assert tl.balance("trade", t(2025, 3, 1, 10)) == 0

    def test_expiry_across_a_leap_year_is_365_calendar_days(self) -> None:
        tl = AE.evaluate([uc("a", t(2023, 6, 1), "general")])
        assert tl.balance("trade", t(2024, 5, 30, 23)) == 3
        assert tl.balance("trade", t(2024, 5, 31)) == 0

    def test_non_ip_expiry_is_an_option(self) -> None:
        p = penalties.get_policy("aliexpress", non_ip_expiry_days=180)
        tl = p.evaluate([uc("a", t(2024, 1, 1), "general")])
        assert tl.balance("trade", t(2024, 6, 29)) == 0

    def test_freeze_again_after_lapse(self) -> None:
        events = [uc("a", t(2023, 1, 1), "serious"), uc("b", t(2024, 1, 2), "serious")]
        assert len(AE.evaluate(events).sanctions) == 2


class TestIntellectualProperty:
    def test_general_ip_capped_at_6_points_per_shanghai_day(self) -> None:
        events = [
            ip("a", t(2024, 5, 6, 0, 0), "general", 4),
            ip("b", t(2024, 5, 6, 23, 59, 59), "general", 4),
            ip("c", t(2024, 5, 7, 0, 0), "general", 4),
        ]
        tl = AE.evaluate(events)
        assert tl.balance("ip", t(2024, 5, 6, 23, 59, 59)) == 6
        assert tl.balance("ip", t(2024, 5, 7)) == 10

    def test_prohibited_goods_are_not_capped(self) -> None:
        events = [
            ip("a", t(2024, 5, 6, 1), "general", 6),
            Violation("q", "fraudulent_qualification", t(2024, 5, 6, 2)),
        ]
        assert AE.standing(events, t(2024, 5, 7)).points["ip"] == 12

    def test_serious_strikes_within_3_days_count_once(self) -> None:
        events = [
            ip("a", t(2024, 6, 1, 9), "serious"),
            ip("b", t(2024, 6, 4, 8, 59, 59), "serious"),
        ]
        s = AE.standing(events, t(2024, 6, 5))
        assert s.points["ip_serious"] == 1
        events.append(ip("c", t(2024, 6, 4, 9), "serious"))
        assert AE.standing(events, t(2024, 6, 5)).points["ip_serious"] == 2

    def test_strike_ladder(self) -> None:
        events = [
            ip("a", t(2024, 1, 1), "serious"),
            ip("b", t(2024, 2, 1), "serious"),
            ip("c", t(2024, 3, 1), "serious"),
        ]
        tl = AE.evaluate(events)
        first, second, third = tl.sanctions
        assert (first.kind, first.end) == (SanctionKind.FREEZE, t(2024, 1, 2))
        assert (second.kind, second.end) == (SanctionKind.FREEZE, t(2024, 2, 8))
        assert third.kind is SanctionKind.CLOSURE
        assert tl.at(t(2024, 3, 1)).status is Status.CLOSED

    def strikes(self, appealed: str, decided: object) -> list[object]:
        return [
            ip("a", t(2024, 1, 1), "serious"),
            ip("b", t(2024, 2, 1), "serious"),
            ip("c", t(2024, 3, 1, 10), "serious"),
            Appeal(appealed, t(2024, 3, 1, 11), decided, AppealOutcome.GRANTED),  # type: ignore[arg-type]
        ]

    def test_third_strike_with_a_successful_appeal_does_not_close(self) -> None:
        # aliexpress.md: "3rd (no successful appeal) → store closed".
        tl = AE.evaluate(self.strikes("c", t(2024, 3, 2, 10)))
        assert tl.at(t(2024, 3, 2, 9, 59, 59)).status is Status.CLOSED
        after = tl.at(t(2024, 3, 2, 10))
        assert (after.points["ip_serious"], after.status) == (2, Status.GOOD)
        assert any("closure was lifted by the appeal on c" in n for n in tl.notes)

    def test_appeal_on_an_earlier_strike_also_lifts_the_closure(self) -> None:
        tl = AE.evaluate(self.strikes("b", t(2024, 3, 2, 10)))
        assert tl.at(t(2024, 3, 2, 10)).status is Status.GOOD

    def test_account_open_again_takes_new_sanctions(self) -> None:
        events = [*self.strikes("c", t(2024, 3, 2, 10)), ip("d", t(2024, 4, 1), "serious")]
        tl = AE.evaluate(events)
        assert tl.at(t(2024, 4, 1)).status is Status.CLOSED  # a third strike again

    def test_trade_closure_stays_terminal(self) -> None:
        events = [
            uc("a", t(2024, 3, 1, 10), "especially_serious"),
            Appeal("a", t(2024, 3, 1, 11), t(2024, 3, 2), AppealOutcome.GRANTED),
        ]
        assert AE.standing(events, t(2024, 3, 3)).status is Status.CLOSED

    def test_option_keeps_the_strike_closure_terminal(self) -> None:
        p = penalties.get_policy("aliexpress", ip_strike_appeal_lifts_closure=False)
        s = p.standing(self.strikes("c", t(2024, 3, 2, 10)), t(2024, 3, 3))
        assert (s.points["ip_serious"], s.status) == (2, Status.CLOSED)

    def test_general_ip_needs_stated_points(self) -> None:
        with pytest.raises(InvalidEventError, match="no points in aliexpress's sources"):
            AE.evaluate([ip("a", t(2024, 1, 1), "general")])


class TestIpEvasion:
    def test_closure_and_funds_frozen_for_two_years(self) -> None:
        # hb2b 192682: the account may be closed and related funds frozen for 2 years.
        at = t(2024, 1, 1, 10)
        tl = AE.evaluate([Violation("e", "ip_evasion", at)])
        hold = next(s for s in tl.sanctions if s.kind is SanctionKind.FUNDS_HOLD)
        assert hold.end == t(2025, 12, 31, 10)  # 730 calendar days (2024 is a leap year)
        assert tl.at(at).status is Status.CLOSED
        assert tl.at(at).points["ip"] == 0
        p = penalties.get_policy("aliexpress", ip_evasion_funds_days=731)
        (hold,) = [
            s
            for s in p.evaluate([Violation("e", "ip_evasion", at)]).sanctions
            if s.kind is SanctionKind.FUNDS_HOLD
        ]
        assert hold.end == t(2026, 1, 1, 10)


class TestProductInfo:
    def test_every_12_points_freeze_never_closure(self) -> None:
        events = [
            Violation(f"p{i}", "product_info", t(2024, 1, 1 + i), points=12) for i in range(5)
        ]
        tl = AE.evaluate(events)
        assert [s.kind for s in tl.sanctions] == [SanctionKind.FREEZE] * 5
        assert tl.at(t(2024, 1, 6)).points["product_info"] == 60


class TestAppeals:
    def test_granted_appeal_lifts_the_freeze_it_caused(self) -> None:
        events = [
            uc("a", t(2024, 3, 1, 10), "serious"),
            Appeal("a", t(2024, 3, 2), t(2024, 3, 3, 15), AppealOutcome.GRANTED),
        ]
        tl = AE.evaluate(events)
        assert tl.at(t(2024, 3, 3, 14)).frozen_until == t(2024, 3, 8, 10)
        after = tl.at(t(2024, 3, 3, 15))
        assert after.status is Status.GOOD
        assert after.points["trade"] == 0

    def test_option_keeps_the_freeze(self) -> None:
        p = penalties.get_policy("aliexpress", appeal_lifts_sanctions=False)
        events = [
            uc("a", t(2024, 3, 1, 10), "serious"),
            Appeal("a", t(2024, 3, 2), t(2024, 3, 3, 15), AppealOutcome.GRANTED),
        ]
        assert p.standing(events, t(2024, 3, 4)).status is Status.FROZEN

    @pytest.mark.parametrize(
        "kind", ["prohibited_goods", "wrong_category", "fraudulent_qualification"]
    )
    def test_prohibited_goods_window_from_2020_10_14(self, kind: str) -> None:
        before = Violation("a", kind, t(2020, 10, 13, 23, 59))
        after = Violation("a", kind, t(2020, 10, 14, 9))
        assert AE.appeal_deadline(before) is None
        assert AE.appeal_deadline(after) == t(2020, 10, 21, 9)

    @pytest.mark.parametrize(
        "kind", ["prohibited_goods", "wrong_category", "fraudulent_qualification"]
    )
    def test_penalties_before_2020_10_14_cannot_be_appealed(self, kind: str) -> None:
        before = Violation("a", kind, t(2020, 10, 13, 23, 59, 59))
        appeal = Appeal("a", t(2020, 10, 14, 9))
        with pytest.raises(
            AppealNotAllowedError, match="only for penalties applied from 2020-10-14"
        ):
            AE.check_appeal([before], appeal)
        with pytest.warns(AppealUnavailableWarning, match="applied on 2020-10-13"):
            AE.evaluate([before, appeal])
        after = Violation("a", kind, t(2020, 10, 14, 0, 0, 0))
        assert (AE.appealable(before), AE.appealable(after)) == (False, True)
        AE.check_appeal([after], appeal)  # accepted
        AE.check_appeal([after], Appeal("a", t(2020, 10, 21)))  # the last instant of the window
        with pytest.raises(AppealNotAllowedError, match="after the deadline"):
            AE.check_appeal([after], Appeal("a", t(2020, 10, 21, 0, 0, 1)))

    def test_first_seen_dates_are_named_in_explanations(self) -> None:
        v = Violation("n", "transaction_non_fulfilment", t(2020, 8, 24, 12), severity="general")
        text = AE.standing([v], t(2020, 8, 24, 12)).explain()
        assert "non_fulfilment_first_seen is known only from 2020-08-25" in text
        assert "non_fulfilment_first_seen" not in AE.standing([v], t(2020, 8, 25)).explain()

    def test_no_window_for_other_kinds(self) -> None:
        assert AE.appeal_deadline(uc("a", t(2024, 1, 1), "general")) is None


def test_options_and_markets() -> None:
    with pytest.raises(UnknownPolicyError, match="no market variants"):
        penalties.get_policy("aliexpress", market="ES")
    with pytest.raises(penalties.PolicyDefinitionError, match="does not take that option"):
        penalties.get_policy("aliexpress", freeze_days=3)
    heavy = penalties.get_policy("aliexpress", stacking=Stacking.heaviest())
    assert heavy.ledger("trade").stacking == Stacking.heaviest()


def test_demo_history_has_a_freeze_and_a_granted_appeal() -> None:
    from penalties.demo import demo_history

    tl = AE.evaluate(demo_history())
    assert any(s.kind is SanctionKind.FREEZE and s.ledger == "trade" for s in tl.sanctions)
    assert any(isinstance(e, Appeal) and e.outcome is AppealOutcome.GRANTED for e in tl.events)


class TestFraudulentQualificationMeasures:
    """The 2020 notice (sell.aliexpress.com NcSVmV99nP): fraudulent qualifications are removed
    with 6 points, and "possibly" a listing ban, a freeze of the AliExpress account and the
    payment account, or closure with a bar on re-registering."""

    def measure(self, severity: str, at: object = None) -> Violation:
        when = t(2024, 3, 1, 10) if at is None else at
        return Violation("m", "fraudulent_qualification_measure", when, severity=severity)  # type: ignore[arg-type]

    def test_account_freeze_freezes_the_account_and_the_payment_account(self) -> None:
        at = t(2024, 3, 1, 10)
        tl = AE.evaluate(
            [Violation("q", "fraudulent_qualification", at), self.measure("account_freeze")]
        )
        kinds = sorted(s.kind.value for s in tl.sanctions)
        assert kinds == ["freeze", "funds_hold"]
        assert all(s.end is None and s.cause == ("m",) for s in tl.sanctions)
        assert tl.at(at.subtract(seconds=1)).status is Status.GOOD
        assert tl.at(at).status is Status.FROZEN
        assert tl.at(at).points["ip"] == 6  # the measure adds no points of its own

    def test_a_measure_lasts_until_aliexpress_lifts_it(self) -> None:
        at = t(2024, 3, 1, 10)
        lifted = t(2024, 3, 20, 9)
        events = [
            Violation("q", "fraudulent_qualification", at),
            self.measure("account_freeze"),
            penalties.Revocation("m", lifted, reason="resolved"),
        ]
        tl = AE.evaluate(events)
        assert tl.at(lifted.subtract(seconds=1)).status is Status.FROZEN
        after = tl.at(lifted)
        assert after.status is Status.GOOD
        assert after.points["ip"] == 6  # the 6-point record stays

    def test_listing_ban_is_a_restriction(self) -> None:
        tl = AE.evaluate([self.measure("listing_ban")])
        (ban,) = tl.sanctions
        assert ban.kind is SanctionKind.RESTRICTION
        assert "listing ban" in ban.reason
        assert tl.at(t(2024, 3, 1, 10)).status is Status.RESTRICTED

    def test_closure_bars_re_registering(self) -> None:
        tl = AE.evaluate([self.measure("closure")])
        (closure,) = tl.sanctions
        assert closure.kind is SanctionKind.CLOSURE
        assert "re-registering barred" in closure.reason
        assert tl.at(t(2024, 3, 1, 10)).status is Status.CLOSED

    def test_the_measure_must_be_named(self) -> None:
        with pytest.raises(InvalidEventError, match="listing_ban, account_freeze, closure"):
            AE.evaluate([Violation("m", "fraudulent_qualification_measure", t(2024, 3, 1))])

    def test_a_term_can_be_given_as_an_option(self) -> None:
        p = penalties.get_policy("aliexpress", qualification_measure_days=30)
        tl = p.evaluate([self.measure("listing_ban")])
        (ban,) = tl.sanctions
        assert ban.end == t(2024, 3, 31, 10)
        assert tl.at(t(2024, 3, 31, 10)).status is Status.GOOD
        assert tl.at(t(2024, 3, 31, 9, 59, 59)).status is Status.RESTRICTED

    def test_the_measure_shares_the_prohibited_goods_appeal_window(self) -> None:
        kind = AE.kind("fraudulent_qualification_measure")
        assert kind.max_appeals == 1
        assert kind.appeal_window_days == AE.kind("fraudulent_qualification").appeal_window_days
        assert "qualification_measure_term" in {a.code for a in AE.assumptions}
