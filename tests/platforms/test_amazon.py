"""Amazon: scenarios from the seeds (000 review manipulation, 001 IP complaints) and the AHR."""

from __future__ import annotations

import pendulum
import pytest

from penalties import (
    Appeal,
    AppealLimitWarning,
    AppealNotAllowedError,
    AppealOutcome,
    FundsDecision,
    FundsOutcome,
    InvalidEventError,
    LateAppealWarning,
    PolicyDefinitionError,
    Revocation,
    RevocationReason,
    SanctionKind,
    Status,
    UnknownPolicyError,
    Violation,
    get_policy,
    list_markets,
)
from penalties.platforms.amazon import AHR_INTRODUCED

LA = "America/Los_Angeles"


def la(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=LA)


def kinds(standing: object) -> set[SanctionKind]:
    return {s.kind for s in standing.sanctions}  # type: ignore[attr-defined]


US = get_policy("amazon", market="US")
RM = Violation("rm-1", "review_manipulation", la(2021, 5, 10, 9))


class TestReviewManipulation:
    """Seed 000: the 2021 wave — suspension with funds held, reinstated on a granted appeal."""

    def test_suspension_and_funds_hold_at_once(self) -> None:
        s = US.standing([RM], la(2021, 5, 10, 9))
        assert s.status is Status.SUSPENDED
        assert kinds(s) == {SanctionKind.SUSPENSION, SanctionKind.FUNDS_HOLD}
        assert s.funds_held
        assert all(x.end is None for x in s.sanctions)
        assert US.standing([RM], la(2021, 5, 10, 8, 59)).status is Status.GOOD

    def test_granted_appeal_reinstates_and_lifts_the_hold_at_the_decision(self) -> None:
        decided = la(2021, 6, 1, 10)
        events = [RM, Appeal("rm-1", la(2021, 5, 20, 9), decided, AppealOutcome.GRANTED)]
        tl = US.evaluate(events)
        before = tl.at(decided.subtract(seconds=1))
        assert before.status is Status.SUSPENDED
        assert before.funds_held
        after = tl.at(decided)
        assert after.status is Status.GOOD
        assert not after.funds_held
        assert after.points["conduct"] == 0
        ends = {s.kind: s.end for s in tl.sanctions}
        assert ends[SanctionKind.SUSPENSION] == decided
        assert ends[SanctionKind.FUNDS_HOLD] == decided

    def test_denied_appeal_leaves_the_suspension(self) -> None:
        events = [RM, Appeal("rm-1", la(2021, 5, 20), la(2021, 5, 22), AppealOutcome.DENIED)]
        assert US.standing(events, la(2022, 1, 1)).status is Status.SUSPENDED

    def test_appeal_deadline_is_17_days_from_the_notice(self) -> None:
        assert US.appeal_deadline(RM) == la(2021, 5, 27, 9)
        assert get_policy("amazon", appeal_window_days=30).appeal_deadline(RM) == la(2021, 6, 9, 9)

    def test_late_appeal_is_refused_before_filing_and_warned_in_a_history(self) -> None:
        late = Appeal("rm-1", la(2021, 5, 27, 9, 1))
        with pytest.raises(AppealNotAllowedError, match="after the deadline 2021-05-27 09:00"):
            US.check_appeal([RM], late)
        US.check_appeal([RM], Appeal("rm-1", la(2021, 5, 27, 9)))
        with pytest.warns(LateAppealWarning, match="will not consider it"):
            tl = US.evaluate([RM, late])
        state = tl.at(la(2021, 6, 1)).appeals[0]
        assert state.deadline == la(2021, 5, 27, 9)
        assert state.problems
        assert "after the deadline" in state.problems[0]

    def test_two_unsuccessful_appeals_end_the_path(self) -> None:
        first = Appeal("rm-1", la(2021, 5, 11), la(2021, 5, 12), AppealOutcome.DENIED)
        second = Appeal("rm-1", la(2021, 5, 13), la(2021, 5, 14), AppealOutcome.DENIED)
        third = Appeal("rm-1", la(2021, 5, 15))
        with pytest.raises(AppealNotAllowedError, match="appeal number 3"):
            US.check_appeal([RM, first, second], third)
        with pytest.warns(AppealLimitWarning):
            US.evaluate([RM, first, second, third])
        standing = US.standing([RM, first, second], la(2021, 5, 14, 12))
        assert standing.appeal_windows == ()
        one_left = US.standing([RM, first], la(2021, 5, 12, 12)).appeal_windows
        assert [(w.violation_id, w.appeals_left) for w in one_left] == [("rm-1", 1)]
        unlimited = get_policy("amazon", max_appeals=None)
        unlimited.check_appeal([RM, first, second], third)

    def test_open_window_and_what_a_granted_appeal_would_change(self) -> None:
        s = US.standing([RM], la(2021, 5, 12))
        (window,) = s.appeal_windows
        assert window.deadline == la(2021, 5, 27, 9)
        w = s.if_granted("rm-1")
        assert w.after.status is Status.GOOD
        assert w.before.status is Status.SUSPENDED
        assert w.points_delta["conduct"] == -1
        text = s.explain()
        assert "open until 2021-05-27 09:00" in text
        assert "lifts SUSPENSION, FUNDS_HOLD; status SUSPENDED -> GOOD" in text

    def test_window_closes_after_the_deadline(self) -> None:
        assert US.standing([RM], la(2021, 5, 27, 9, 1)).appeal_windows == ()


class TestFunds:
    def test_us_funds_appeal_opens_60_days_after_deactivation_from_2024_10_25(self) -> None:
        before = Violation("rm", "review_manipulation", la(2024, 10, 24, 12))
        after = Violation("rm", "review_manipulation", la(2024, 10, 25, 12))
        (hold_before,) = [
            s for s in US.evaluate([before]).sanctions if s.kind is SanctionKind.FUNDS_HOLD
        ]
        (hold_after,) = [
            s for s in US.evaluate([after]).sanctions if s.kind is SanctionKind.FUNDS_HOLD
        ]
        assert hold_before.appealable_from is None
        assert hold_after.appealable_from == la(2024, 12, 24, 12)
        assert (
            "may be appealed from 2024-12-24 12:00"
            in US.standing([after], la(2024, 11, 1)).explain()
        )

    def test_de_has_no_us_funds_rule(self) -> None:
        de = get_policy("amazon", market="de")
        v = Violation(
            "rm", "review_manipulation", pendulum.datetime(2025, 3, 1, tz="Europe/Berlin")
        )
        (hold,) = [s for s in de.evaluate([v]).sanctions if s.kind is SanctionKind.FUNDS_HOLD]
        assert hold.appealable_from is None
        assert hold.end is None

    def test_release_ends_the_hold_but_not_the_suspension(self) -> None:
        released = FundsDecision(la(2021, 8, 8), FundsOutcome.RELEASED, "rm-1")
        s = US.standing([RM, released], la(2021, 8, 8))
        assert s.status is Status.SUSPENDED
        assert not s.funds_held
        assert US.standing([RM, released], la(2021, 8, 7, 23)).funds_held

    def test_permanent_withholding_survives_a_granted_appeal(self) -> None:
        withheld = FundsDecision(la(2021, 5, 30), FundsOutcome.WITHHELD)
        granted = Appeal("rm-1", la(2021, 5, 20), la(2021, 6, 1), AppealOutcome.GRANTED)
        tl = US.evaluate([RM, withheld, granted])
        s = tl.at(la(2022, 1, 1))
        assert kinds(s) == {SanctionKind.FUNDS_HOLD}
        assert s.status is Status.RESTRICTED
        (hold,) = [x for x in s.sanctions if x.kind is SanctionKind.FUNDS_HOLD]
        assert hold.end is None
        assert "withheld permanently" in hold.reason
        later = FundsDecision(la(2022, 2, 1), FundsOutcome.RELEASED)
        tl2 = US.evaluate([RM, withheld, granted, later])
        assert tl2.at(la(2022, 3, 1)).funds_held
        assert any("already withheld permanently" in n for n in tl2.notes)

    def test_decision_without_a_hold_is_noted(self) -> None:
        tl = US.evaluate([FundsDecision(la(2021, 1, 1), FundsOutcome.RELEASED)])
        assert any("no funds hold ran" in n for n in tl.notes)

    def test_decision_on_an_unknown_violation_is_an_error(self) -> None:
        with pytest.raises(InvalidEventError, match="no violation has that id"):
            US.evaluate([RM, FundsDecision(la(2021, 6, 1), "released", "rm-2")])


class TestIpComplaints:
    """Seed 001: listing removed and a warning on record; a retraction revokes the complaint."""

    def complaint(self, vid: str, *args: int) -> Violation:
        return Violation(vid, "ip_complaint", la(*args), reference="TM-123")

    def test_listing_removed_and_warning(self) -> None:
        s = US.standing([self.complaint("ip1", 2023, 3, 1)], la(2023, 3, 2))
        assert kinds(s) == {SanctionKind.LISTING_REMOVAL, SanctionKind.WARNING}
        assert s.status is Status.RESTRICTED
        assert s.points["ip_complaints"] == 1

    def test_retraction_by_the_rights_owner(self) -> None:
        retracted = Revocation("ip1", la(2023, 3, 10), RevocationReason.RETRACTED)
        tl = US.evaluate([self.complaint("ip1", 2023, 3, 1), retracted])
        s = tl.at(la(2023, 3, 10))
        assert s.status is Status.GOOD
        assert s.points["ip_complaints"] == 0
        assert tl.at(la(2023, 3, 9, 23)).status is Status.RESTRICTED
        assert any("retracted" in c.reason for c in tl.changes)

    def test_record_lapses_after_the_window(self) -> None:
        tl = US.evaluate([self.complaint("ip1", 2023, 3, 1)])
        assert tl.at(la(2023, 8, 28)).points["ip_complaints"] == 0
        s = tl.at(la(2023, 8, 28))
        assert kinds(s) == {SanctionKind.LISTING_REMOVAL}
        never = get_policy("amazon", ip_window_days=None).evaluate(
            [self.complaint("ip1", 2023, 3, 1)]
        )
        assert never.at(la(2030, 1, 1)).points["ip_complaints"] == 1

    def test_no_deactivation_without_a_stated_count(self) -> None:
        events = [self.complaint(f"ip{i}", 2023, 3, 1 + i) for i in range(10)]
        assert US.standing(events, la(2023, 4, 1)).status is Status.RESTRICTED

    def test_repeated_complaints_deactivate_at_the_assumed_count(self) -> None:
        policy = get_policy("amazon", market="US", ip_deactivation_count=3)
        events = [self.complaint(f"ip{i}", 2023, 3, 1 + i) for i in range(3)]
        tl = policy.evaluate(events)
        assert tl.at(la(2023, 3, 2, 23)).status is Status.RESTRICTED
        s = tl.at(la(2023, 3, 3))
        assert s.status is Status.SUSPENDED
        assert s.funds_held
        (hold,) = [x for x in s.sanctions if x.kind is SanctionKind.FUNDS_HOLD]
        assert hold.end == la(2023, 6, 1)  # 90 days, before the 2024-10-25 US rule
        retracted = Revocation("ip0", la(2023, 3, 20))
        s2 = policy.standing([*events, retracted], la(2023, 3, 20))
        assert s2.status is Status.RESTRICTED
        assert s2.points["ip_complaints"] == 2


class TestAccountHealthRating:
    def ahr(self, vid: str, points: int, *args: int, severity: str = "high") -> Violation:
        return Violation(vid, "listing_policy_violation", la(*args), severity, points)

    def test_bands_at_their_boundaries(self) -> None:
        for points, status, score in [(0, Status.GOOD, 200), (1, Status.WARNED, 199)]:
            events = [self.ahr("a", points, 2023, 1, 10)] if points else []
            s = US.standing(events, la(2023, 1, 11))
            assert (s.status, s.scores["account_health"]) == (status, score)
        s100 = US.standing([self.ahr("a", 100, 2023, 1, 10)], la(2023, 1, 11))
        assert s100.scores["account_health"] == 100
        assert [x.reason.split(":")[0] for x in s100.sanctions] == ["At Risk (AHR 100-199)"]
        s99 = US.standing([self.ahr("a", 101, 2023, 1, 10)], la(2023, 1, 11))
        assert len(s99.sanctions) == 2
        assert s99.scores["account_health"] == 99
        alt = get_policy("amazon", unhealthy_at=100)
        assert len(alt.standing([self.ahr("a", 100, 2023, 1, 10)], la(2023, 1, 11)).sanctions) == 2

    def test_resolving_restores_the_points_and_ends_the_band(self) -> None:
        events = [
            self.ahr("a", 80, 2023, 1, 10),
            self.ahr("b", 50, 2023, 2, 1),
            Revocation("b", la(2023, 2, 15), RevocationReason.RESOLVED),
        ]
        tl = US.evaluate(events)
        assert tl.at(la(2023, 2, 2)).scores["account_health"] == 70
        assert len(tl.at(la(2023, 2, 2)).sanctions) == 2
        s = tl.at(la(2023, 2, 15))
        assert s.scores["account_health"] == 120
        assert [x.reason.split(":")[0] for x in s.sanctions] == ["At Risk (AHR 100-199)"]

    def test_deductions_leave_after_180_days(self) -> None:
        tl = US.evaluate([self.ahr("a", 30, 2023, 1, 10, 12)])
        assert tl.at(la(2023, 7, 9, 11)).scores["account_health"] == 170
        s = tl.at(la(2023, 7, 9, 12))
        assert s.scores["account_health"] == 200
        assert s.status is Status.GOOD

    def test_bands_apply_before_their_first_dated_source(self) -> None:
        # 2022-07-21 is when the AHR was first seen (EcommerceBytes), not an effective date:
        # Amazon's own 2020-11-18 report example already says WARNED and AT_RISK.
        for day in ((2020, 11, 18), (2022, 7, 20), (2022, 7, 21)):
            s = US.standing([self.ahr("a", 30, *day)], la(*day).add(hours=1))
            assert s.status is Status.WARNED, day
        old = US.standing([self.ahr("a", 30, 2020, 11, 18)], la(2020, 11, 18, 1))
        assert "known only from 2022-07-21" in old.explain()
        assert "ahr_bands_first_seen" not in US.standing([], la(2022, 7, 21)).explain()

    def test_first_seen_reading_is_an_option(self) -> None:
        dated = get_policy("amazon", ahr_bands_from=AHR_INTRODUCED)
        before = dated.standing([self.ahr("a", 30, 2022, 7, 20)], la(2022, 7, 21))
        assert before.status is Status.GOOD
        after = dated.standing([self.ahr("a", 30, 2022, 7, 21)], la(2022, 7, 21))
        assert after.status is Status.WARNED
        assert "ahr_bands_first_seen" not in before.explain()

    def test_zone_is_an_option(self) -> None:
        ca = get_policy("amazon", market="CA", timezone="America/Toronto")
        assert ca.timezone == "America/Toronto"
        assert get_policy("amazon", market="CA").timezone == "America/Los_Angeles"

    def test_weights_are_never_invented(self) -> None:
        with pytest.raises(InvalidEventError, match="state the deduction"):
            US.evaluate([Violation("a", "listing_policy_violation", la(2023, 1, 1), "high")])
        with pytest.raises(InvalidEventError, match="state the deduction"):
            US.evaluate([Violation("a", "other_policy_violation", la(2023, 1, 1))])
        weighted = get_policy("amazon", severity_points={"high": 40})
        s = weighted.standing(
            [Violation("a", "listing_policy_violation", la(2023, 1, 1), "high")], la(2023, 1, 2)
        )
        assert s.scores["account_health"] == 160

    def test_starting_rating_of_an_older_account(self) -> None:
        policy = get_policy("amazon", starting_rating=350)
        s = policy.standing([self.ahr("a", 150, 2023, 1, 10)], la(2023, 1, 11))
        assert s.scores["account_health"] == 200
        assert s.status is Status.GOOD
        s = policy.standing([self.ahr("a", 151, 2023, 1, 10)], la(2023, 1, 11))
        assert s.status is Status.WARNED

    def test_deactivation_when_unhealthy_is_an_option(self) -> None:
        policy = get_policy("amazon", deactivate_when_unhealthy=True)
        events = [self.ahr("a", 120, 2023, 1, 10), Revocation("a", la(2023, 2, 1), "resolved")]
        tl = policy.evaluate(events)
        assert tl.at(la(2023, 1, 11)).status is Status.SUSPENDED
        assert tl.at(la(2023, 2, 1)).status is Status.GOOD
        aha = get_policy("amazon", deactivate_when_unhealthy=True, account_health_assurance=True)
        assert aha.standing(events[:1], la(2023, 1, 11)).status is Status.WARNED

    @pytest.mark.parametrize(
        ("option", "value"),
        [
            ("starting_rating", 199),
            ("starting_rating", 1001),
            ("unhealthy_at", 98),
            ("window_days", 0),
            ("ip_deactivation_count", 0),
            ("severity_points", {"severe": 3}),
            ("severity_points", {"high": -1}),
            ("max_appeals", 0),
        ],
    )
    def test_bad_options(self, option: str, value: object) -> None:
        with pytest.raises(PolicyDefinitionError, match=option.split("_")[0]):
            get_policy("amazon", **{option: value})


def test_markets() -> None:
    assert set(list_markets("amazon")) >= {"US", "DE", "JP", "UK"}
    assert get_policy("amazon").market == "US"
    assert get_policy("amazon", market="jp").timezone == "Asia/Tokyo"
    with pytest.raises(UnknownPolicyError, match="known markets"):
        get_policy("amazon", market="XX")


class TestHolds:
    """Amazon.it help 200320980 (under review, at most 30 days) and the INFORM Consumers Act
    hold (EcommerceBytes 2023-06-26, from 7 Jul 2023)."""

    def test_under_review_lasts_at_most_30_days(self) -> None:
        tl = US.evaluate([Violation("r", "account_under_review", la(2024, 1, 1, 10))])
        assert kinds(tl.at(la(2024, 1, 31, 9, 59, 59))) == {
            SanctionKind.RESTRICTION,
            SanctionKind.FUNDS_HOLD,
        }
        assert tl.at(la(2024, 1, 31, 10)).status is Status.GOOD

    def test_under_review_ends_when_delivery_is_confirmed(self) -> None:
        events = [
            Violation("r", "account_under_review", la(2024, 1, 1, 10)),
            Revocation("r", la(2024, 1, 5, 10), RevocationReason.RESOLVED),
        ]
        tl = US.evaluate(events)
        assert tl.at(la(2024, 1, 5, 9, 59, 59)).sanctions
        assert tl.at(la(2024, 1, 5, 10)).status is Status.GOOD

    def test_inform_act_hold_from_7_july_2023_until_verified(self) -> None:
        before = US.evaluate([Violation("i", "inform_act_unverified", la(2023, 7, 6, 23, 59, 59))])
        assert before.sanctions == ()
        events = [
            Violation("i", "inform_act_unverified", la(2023, 7, 7)),
            Revocation("i", la(2023, 8, 1), RevocationReason.RESOLVED),
        ]
        tl = US.evaluate(events)
        assert kinds(tl.at(la(2023, 7, 31, 23, 59, 59))) == {SanctionKind.FUNDS_HOLD}
        assert tl.at(la(2023, 8, 1)).sanctions == ()

    def test_inform_act_is_us_only(self) -> None:
        assert "inform_act_unverified" not in {
            k.code for k in get_policy("amazon", market="DE").kinds
        }


class TestOrdersAndRepeats:
    """+4 AHR points per 200 orders fulfilled (EcommerceBytes 2022-07-21, sipranshecommgrowth)
    and heavier repeats of the same policy (amzwizard), both with caller-supplied numbers."""

    def ahr(self, vid: str, at: pendulum.DateTime, points: int | None = None) -> Violation:
        return Violation(vid, "listing_policy_violation", at, "high", points)

    def test_order_credit_counts_whole_blocks_of_200(self) -> None:
        from penalties.platforms.amazon import order_credit

        assert [order_credit(n) for n in (0, 199, 200, 399, 400, 1000)] == [0, 0, 4, 4, 8, 20]
        assert order_credit(300, 5, 100) == 15
        for bad in (-1, True, 2.5):
            with pytest.raises(PolicyDefinitionError, match="orders_fulfilled"):
                order_credit(bad)  # type: ignore[arg-type]
        with pytest.raises(PolicyDefinitionError, match="order_credit_rate"):
            order_credit(200, 0, 200)

    def test_orders_raise_the_rating_the_history_starts_from(self) -> None:
        at = la(2023, 1, 10)
        credited = get_policy("amazon", orders_fulfilled=400)  # +8
        s = credited.standing([self.ahr("a", at, 8)], at)
        assert (s.scores["account_health"], s.status) == (200, Status.GOOD)
        s = credited.standing([self.ahr("a", at, 9)], at)
        assert (s.scores["account_health"], s.status) == (199, Status.WARNED)
        assert US.standing([self.ahr("a", at, 8)], at).status is Status.WARNED
        top = get_policy("amazon", starting_rating=996, orders_fulfilled=1000)
        assert top.standing([], at).scores["account_health"] == 1000  # the scale's ceiling
        assert "order_credit" in {a.code for a in US.assumptions}
        with pytest.raises(PolicyDefinitionError, match="order_credit_rate"):
            get_policy("amazon", order_credit_rate=(4,))

    def test_repeats_of_the_same_policy_weigh_the_given_multiplier_more(self) -> None:
        from penalties.platforms.amazon import mark_repeats

        weighted = get_policy("amazon", severity_points={"high": 20}, repeat_multiplier="1.5")
        heavy = Violation("x", "listing_policy_violation", la(2023, 1, 1), "high_repeat")
        assert weighted.resolve(heavy).points == 30
        events = [
            self.ahr("a", la(2023, 1, 10, 9)),
            self.ahr("b", la(2023, 3, 1)),
            Violation("c", "other_policy_violation", la(2023, 3, 2), "high"),
            # Stated points are what Amazon showed: kept (an unrated repeat has no variant).
            Violation("d", "listing_policy_violation", la(2023, 4, 1), points=7),
        ]
        out = mark_repeats(events, weighted)
        assert [getattr(e, "severity", None) for e in out] == [
            "high",
            "high_repeat",
            "high",
            None,
        ]
        assert out[0] is events[0]
        assert out[2] is events[2]  # another policy: not a repeat
        assert out[3] is events[3]
        s = weighted.standing(out, la(2023, 4, 2))
        assert s.scores["account_health"] == 200 - 20 - 30 - 20 - 7

    def test_a_repeat_counts_only_within_the_180_days(self) -> None:
        from penalties.platforms.amazon import mark_repeats

        weighted = get_policy("amazon", severity_points={"high": 20}, repeat_multiplier=2)
        first = la(2023, 1, 10, 9)
        window_end = first.add(days=180)  # 2023-07-09 09:00, when the first one's points leave
        inside = mark_repeats(
            [self.ahr("a", first), self.ahr("b", window_end.subtract(seconds=1))], weighted
        )
        assert inside[1].severity == "high_repeat"  # type: ignore[union-attr]
        outside = mark_repeats([self.ahr("a", first), self.ahr("b", window_end)], weighted)
        assert outside[1].severity == "high"  # type: ignore[union-attr]

    def test_no_multiplier_is_invented_or_rounded(self) -> None:
        from penalties.platforms.amazon import mark_repeats

        events = [self.ahr("a", la(2023, 1, 10)), self.ahr("b", la(2023, 2, 10))]
        with pytest.raises(PolicyDefinitionError, match="no repeat weights"):
            mark_repeats(events, get_policy("amazon", severity_points={"high": 20}))
        with pytest.raises(PolicyDefinitionError, match="not a whole number of points"):
            get_policy("amazon", severity_points={"high": 15}, repeat_multiplier="1.5")
        with pytest.raises(PolicyDefinitionError, match="needs severity_points"):
            get_policy("amazon", repeat_multiplier=2)
        for bad, message in ((1.5, "never a float"), ("0.5", "at least 1"), ("x", "not a number")):
            with pytest.raises(PolicyDefinitionError, match=message):
                get_policy("amazon", severity_points={"high": 20}, repeat_multiplier=bad)
        with pytest.raises(PolicyDefinitionError, match="not an Amazon policy"):
            mark_repeats(events, get_policy("aliexpress"))
        with pytest.raises(TypeError, match="needs a Policy"):
            mark_repeats(events, "amazon")  # type: ignore[arg-type]
        assert "repeat_multiplier" in {a.code for a in US.assumptions}


class TestReinstatementGrounds:
    """Seed 000 (Amazon's Cindy Tai, 17 Sept 2021): accounts restored where the finding was
    wrong or the violation temporary or unintentional; funds returned after identity
    verification to a seller not involved in other illegal conduct."""

    def test_the_grounds_are_data(self) -> None:
        from penalties.platforms.amazon import REINSTATEMENT_GROUNDS

        assert {g.code: g.subject for g in REINSTATEMENT_GROUNDS.values()} == {
            "finding_wrong": "account",
            "temporary_or_unintentional": "account",
            "identity_verified": "funds",
        }
        assert all("seed 000" in g.source for g in REINSTATEMENT_GROUNDS.values())

    def test_funds_are_released_after_identity_verification_with_no_other_violation(
        self,
    ) -> None:
        from penalties.platforms.amazon import funds_release

        at = la(2021, 7, 1)
        ok = funds_release(US, [RM], "rm-1", at, identity_verified=True)
        assert ok.eligible
        assert ok.blockers == ()
        assert ok.other_violations == ()
        unverified = funds_release(US, [RM], "rm-1", at, identity_verified=False)
        assert not unverified.eligible
        assert "identity verification" in unverified.blockers[0]

    def test_another_violation_standing_blocks_the_release(self) -> None:
        from penalties.platforms.amazon import funds_release

        ip = Violation("ip-1", "ip_complaint", la(2021, 6, 1))
        events = [RM, ip, Revocation("ip-1", la(2021, 6, 20), RevocationReason.RETRACTED)]
        during = funds_release(US, events, "rm-1", la(2021, 6, 19), identity_verified=True)
        assert during.other_violations == ("ip-1",)
        assert not during.eligible
        after = funds_release(US, events, "rm-1", la(2021, 6, 20), identity_verified=True)
        assert after.eligible

    def test_nothing_to_release_without_a_running_hold(self) -> None:
        from penalties.platforms.amazon import funds_release

        released = [RM, FundsDecision(la(2021, 6, 1), FundsOutcome.RELEASED, "rm-1")]
        r = funds_release(US, released, "rm-1", la(2021, 6, 2), identity_verified=True)
        assert not r.eligible
        assert "no funds hold" in r.blockers[0]
        with pytest.raises(PolicyDefinitionError, match="no violation 'rm-2'"):
            funds_release(US, [RM], "rm-2", la(2021, 6, 2), identity_verified=True)
        with pytest.raises(PolicyDefinitionError, match="identity_verified"):
            funds_release(US, [RM], "rm-1", la(2021, 6, 2), identity_verified="yes")  # type: ignore[arg-type]
