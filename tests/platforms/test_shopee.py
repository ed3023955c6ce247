"""Shopee scenarios taken from the rule text (2019 deck, BigSeller PH 2025-12, tukigroup VN)."""

from __future__ import annotations

import pytest
from pendulum import DateTime

import penalties
from penalties import (
    Appeal,
    AppealOutcome,
    Event,
    InvalidEventError,
    SanctionKind,
    SanctionSpec,
    Stacking,
    Status,
    UnknownPolicyError,
    UnknownViolationKindError,
    Violation,
)
from penalties.platforms.shopee import API_VIOLATION_TYPES, MARKETS
from tests.helpers import t

SG = "Asia/Singapore"
MNL = "Asia/Manila"
HCM = "Asia/Ho_Chi_Minh"

SHOPEE = penalties.get_policy("shopee", market="SG")
PH = penalties.get_policy("shopee", market="PH")
VN = penalties.get_policy("shopee", market="VN")


def pts(vid: str, at: DateTime | str, points: int) -> Violation:
    return Violation(vid, "points", at, points=points)


def reasons(tl: penalties.Timeline) -> list[str]:
    return [s.reason for s in tl.sanctions]


class TestTiers:
    @pytest.mark.parametrize(
        ("level", "added"),
        [
            (3, {"no marketing campaigns"}),
            (6, {"free shipping / shipping rebates removed", "listings deboosted (moderate)"}),
            (9, {"listings deboosted (severe)"}),
            (12, {"no listing creation or editing"}),
            (15, {"account frozen"}),
        ],
    )
    def test_each_tier_fires_at_its_level(self, level: int, added: set[str]) -> None:
        events = [
            pts("a", t(2024, 5, 6, 10, tz=SG), level - 1),
            pts("b", t(2024, 5, 7, 10, tz=SG), 1),
        ]
        tl = SHOPEE.evaluate(events)
        before = tl.at(t(2024, 5, 7, 9, 59, 59, tz=SG))
        at = tl.at(t(2024, 5, 7, 10, tz=SG))
        assert before.points["points"] == level - 1
        assert at.points["points"] == level
        new = {s.reason for s in at.sanctions} - {s.reason for s in before.sanctions}
        assert new == added

    def test_sanctions_last_28_days(self) -> None:
        tl = SHOPEE.evaluate([pts("a", t(2024, 5, 6, 10, tz=SG), 6)])
        assert tl.at(t(2024, 6, 3, 9, 59, 59, tz=SG)).status is Status.RESTRICTED
        assert tl.at(t(2024, 6, 3, 10, tz=SG)).status is Status.GOOD
        assert {s.end for s in tl.sanctions} == {t(2024, 6, 3, 10, tz=SG)}

    def test_fifteen_points_freeze_for_28_days(self) -> None:
        tl = SHOPEE.evaluate([pts("a", t(2024, 5, 6, 10, tz=SG), 15)])
        s = tl.at(t(2024, 5, 6, 10, tz=SG))
        assert s.status is Status.FROZEN
        assert s.frozen_until == t(2024, 6, 3, 10, tz=SG)
        # Passing every tier at once gives exactly the tier-5 column, once each.
        assert len(tl.sanctions) == 6

    def test_lower_tier_sanctions_keep_their_own_term(self) -> None:
        tl = SHOPEE.evaluate(
            [pts("a", t(2024, 5, 6, 10, tz=SG), 3), pts("b", t(2024, 5, 20, 10, tz=SG), 3)]
        )
        ends = {s.reason: s.end for s in tl.sanctions}
        assert ends["no marketing campaigns"] == t(2024, 6, 3, 10, tz=SG)
        assert ends["listings deboosted (moderate)"] == t(2024, 6, 17, 10, tz=SG)

    def test_cumulative_option_renews_lower_tiers(self) -> None:
        p = penalties.get_policy("shopee", market="SG", cumulative_tiers=True)
        tl = p.evaluate(
            [pts("a", t(2024, 5, 6, 10, tz=SG), 3), pts("b", t(2024, 5, 20, 10, tz=SG), 3)]
        )
        s = tl.at(t(2024, 6, 10, tz=SG))
        assert "no marketing campaigns" in {x.reason for x in s.sanctions}

    def test_sanctions_outlive_the_reset(self) -> None:
        # 2024-07-01 is the first Monday of July: the points go, the sanctions stay.
        tl = SHOPEE.evaluate([pts("a", t(2024, 6, 20, 10, tz=SG), 9)])
        s = tl.at(t(2024, 7, 1, tz=SG))
        assert s.points["points"] == 0
        assert s.status is Status.RESTRICTED


class TestFreezeExtension:
    def test_points_during_the_freeze_restart_28_days(self) -> None:
        events = [pts("a", t(2024, 5, 6, 10, tz=SG), 15), pts("b", t(2024, 5, 16, 8, tz=SG), 1)]
        tl = SHOPEE.evaluate(events)
        assert tl.at(t(2024, 5, 16, 7, 59, 59, tz=SG)).frozen_until == t(2024, 6, 3, 10, tz=SG)
        assert tl.at(t(2024, 5, 16, 8, tz=SG)).frozen_until == t(2024, 6, 13, 8, tz=SG)
        assert tl.at(t(2024, 6, 13, 7, 59, 59, tz=SG)).status is Status.FROZEN
        assert tl.at(t(2024, 6, 13, 8, tz=SG)).status is Status.GOOD

    def test_restrictions_are_not_extended(self) -> None:
        events = [pts("a", t(2024, 5, 6, 10, tz=SG), 15), pts("b", t(2024, 5, 16, 8, tz=SG), 1)]
        tl = SHOPEE.evaluate(events)
        restriction_ends = {s.end for s in tl.sanctions if s.kind is SanctionKind.RESTRICTION}
        assert restriction_ends == {t(2024, 6, 3, 10, tz=SG)}

    def test_points_after_the_freeze_ended_do_not_extend(self) -> None:
        events = [pts("a", t(2024, 4, 8, 10, tz=SG), 15), pts("b", t(2024, 5, 6, 10, tz=SG), 1)]
        s = SHOPEE.standing(events, t(2024, 5, 6, 10, tz=SG))
        assert s.status is Status.GOOD

    def test_parallel_option_keeps_the_first_term(self) -> None:
        p = penalties.get_policy("shopee", market="SG", stacking=Stacking.parallel())
        events = [pts("a", t(2024, 5, 6, 10, tz=SG), 15), pts("b", t(2024, 5, 16, 8, tz=SG), 1)]
        assert p.standing(events, t(2024, 5, 20, tz=SG)).frozen_until == t(2024, 6, 3, 10, tz=SG)


class TestAppealedExtension:
    """Issue 15, item 2: an approved appeal "removes the points and restores privileges"
    (BigSeller, Dec 2025), so the extension that an appealed point gave the freeze goes too."""

    def events(self, decided: DateTime) -> list[Event]:
        return [
            pts("a", t(2024, 5, 6, 10, tz=SG), 15),
            pts("b", t(2024, 5, 16, 10, tz=SG), 1),
            Appeal("b", t(2024, 5, 17, tz=SG), decided, AppealOutcome.GRANTED),
        ]

    def test_granted_appeal_takes_the_extension_back(self) -> None:
        tl = SHOPEE.evaluate(self.events(t(2024, 5, 20, 10, tz=SG)))
        assert tl.at(t(2024, 5, 20, 9, 59, 59, tz=SG)).frozen_until == t(2024, 6, 13, 10, tz=SG)
        after = tl.at(t(2024, 5, 20, 10, tz=SG))
        assert after.frozen_until == t(2024, 6, 3, 10, tz=SG)
        assert after.points["points"] == 15
        assert tl.at(t(2024, 6, 3, 9, 59, 59, tz=SG)).status is Status.FROZEN
        assert tl.at(t(2024, 6, 3, 10, tz=SG)).status is Status.GOOD
        (freeze,) = [s for s in tl.sanctions if s.kind is SanctionKind.FREEZE]
        assert "extension by b was withdrawn" in freeze.reason

    def test_appeal_granted_after_the_first_term_unfreezes_at_the_decision(self) -> None:
        tl = SHOPEE.evaluate(self.events(t(2024, 6, 5, 10, tz=SG)))
        assert tl.at(t(2024, 6, 5, 9, 59, 59, tz=SG)).status is Status.FROZEN
        assert tl.at(t(2024, 6, 5, 10, tz=SG)).status is Status.GOOD


class TestListingLimitVariant:
    """Shopee's own get_punishment_history sample (a Q4 2024 shop): punishment 1109 at 5 points,
    1110 at 10, and the whole tier-3 set at 9, each for 28 days."""

    POLICY = penalties.get_policy("shopee", market="SG", listing_limits=True, cumulative_tiers=True)

    def test_listing_limits_at_5_and_10_points_for_28_days(self) -> None:
        at = t(2024, 10, 10, 17, tz=SG)
        tl = self.POLICY.evaluate([pts("a", at, 4), pts("b", at.add(hours=1), 1)])
        (limit,) = [s for s in tl.sanctions if s.threshold == 5]
        assert limit.reason.startswith("listing limit reduced (punishment 1109)")
        assert limit.end == at.add(hours=1).add(days=28)
        assert tl.at(at.add(hours=1, seconds=-1)).sanctions[0].threshold == 3
        tl = self.POLICY.evaluate([pts("a", at, 9), pts("b", at.add(hours=1), 1)])
        assert any("punishment 1110" in s.reason for s in tl.at(at.add(hours=1)).sanctions)
        assert not any("punishment 1110" in s.reason for s in tl.at(at).sanctions)

    def test_whole_tier_3_set_at_9_points(self) -> None:
        at = t(2024, 10, 11, 16, tz=SG)
        tl = self.POLICY.evaluate([pts("a", at, 9)])
        reasons = {s.reason.split(";")[0] for s in tl.sanctions if s.threshold == 9}
        assert {"no marketing campaigns", "free shipping / shipping rebates removed"} <= reasons

    def test_off_by_default(self) -> None:
        assert all(th.points % 3 == 0 for th in SHOPEE.ledger("points").thresholds)

    def test_first_seen_only_when_on(self) -> None:
        at = t(2024, 10, 1, tz=SG)
        events = [pts("a", at, 1)]
        assert (
            "listing_limits_2024_sample is known only" in self.POLICY.standing(events, at).explain()
        )
        assert "listing_limits_2024_sample" not in SHOPEE.standing(events, at).explain()


class TestQuarterlyReset:
    @pytest.mark.parametrize(
        "monday",
        [(2024, 4, 1), (2024, 7, 1), (2024, 10, 7), (2025, 1, 6), (2026, 1, 5)],
    )
    def test_first_monday_of_the_quarter_at_midnight(self, monday: tuple[int, int, int]) -> None:
        y, m, d = monday
        tl = SHOPEE.evaluate([pts("a", t(y, m, d, tz=SG).subtract(days=10), 2)])
        assert tl.balance("points", t(y, m, d, tz=SG).subtract(seconds=1)) == 2
        assert tl.balance("points", t(y, m, d, tz=SG)) == 0

    def test_reset_is_local_midnight(self) -> None:
        tl = SHOPEE.evaluate([pts("a", t(2024, 3, 20, tz=SG), 2)])
        assert tl.balance("points", "2024-03-31T15:59:59+00:00") == 2
        assert tl.balance("points", "2024-03-31T16:00:00+00:00") == 0

    def test_tiers_fire_again_after_a_reset(self) -> None:
        events = [pts("a", t(2024, 3, 4, tz=SG), 3), pts("b", t(2024, 4, 1, 9, tz=SG), 3)]
        assert [s.start for s in SHOPEE.evaluate(events).sanctions] == [
            t(2024, 3, 4, tz=SG),
            t(2024, 4, 1, 9, tz=SG),
        ]

    def test_reset_option(self) -> None:
        p = penalties.get_policy("shopee", market="SG", reset=penalties.QuarterlyReset(0, "last"))
        tl = p.evaluate([pts("a", t(2024, 3, 20, tz=SG), 2)])
        assert tl.balance("points", t(2024, 3, 25, tz=SG)) == 0


class TestPhilippines:
    def test_first_monday_before_the_change(self) -> None:
        tl = PH.evaluate([pts("a", t(2025, 9, 20, tz=MNL), 2)])
        assert tl.balance("points", t(2025, 9, 29, tz=MNL)) == 2  # last Monday of September
        assert tl.balance("points", t(2025, 10, 5, 23, 59, 59, tz=MNL)) == 2
        assert tl.balance("points", t(2025, 10, 6, tz=MNL)) == 0

    def test_last_monday_from_2025_12_29(self) -> None:
        tl = PH.evaluate([pts("a", t(2025, 12, 1, tz=MNL), 2)])
        assert tl.balance("points", t(2025, 12, 28, 23, 59, 59, tz=MNL)) == 2
        assert tl.balance("points", t(2025, 12, 29, tz=MNL)) == 0

    def test_no_first_monday_reset_after_the_change(self) -> None:
        tl = PH.evaluate([pts("a", t(2025, 12, 30, tz=MNL), 2)])
        assert tl.balance("points", t(2026, 1, 5, tz=MNL)) == 2
        assert tl.balance("points", t(2026, 3, 29, 23, 59, 59, tz=MNL)) == 2
        assert tl.balance("points", t(2026, 3, 30, tz=MNL)) == 0

    def test_other_markets_keep_the_first_monday(self) -> None:
        tl = SHOPEE.evaluate([pts("a", t(2025, 12, 1, tz=SG), 2)])
        assert tl.balance("points", t(2025, 12, 29, tz=SG)) == 2
        assert tl.balance("points", t(2026, 1, 5, tz=SG)) == 0


class TestVietnam:
    @pytest.mark.parametrize(
        ("day", "tier1_days", "tier2_days"),
        [((2025, 10, 5), 28, 28), ((2025, 10, 6), 7, 14)],
    )
    def test_tier_durations_change_on_2025_10_06(
        self, day: tuple[int, int, int], tier1_days: int, tier2_days: int
    ) -> None:
        at = t(*day, 23, 59, 59, tz=HCM) if tier1_days == 28 else t(*day, tz=HCM)
        tl = VN.evaluate([pts("a", at, 6)])
        ends = {s.reason: s.end for s in tl.sanctions}
        assert ends["no marketing campaigns"] == at.add(days=tier1_days)
        assert ends["listings deboosted (moderate)"] == at.add(days=tier2_days)

    def test_tiers_3_to_5_stay_28_days(self) -> None:
        at = t(2025, 11, 3, 9, tz=HCM)
        tl = VN.evaluate([pts("a", at, 15)])
        ends = {s.reason: s.end for s in tl.sanctions}
        assert ends["listings deboosted (severe)"] == at.add(days=28)
        assert ends["account frozen"] == at.add(days=28)
        assert ends["no marketing campaigns"] == at.add(days=7)

    def test_tier_days_option_replaces_the_table(self) -> None:
        p = penalties.get_policy(
            "shopee", market="SG", tier_days={3: 7, 6: 14, 9: 21, 12: 28, 15: 35}
        )
        at = t(2024, 5, 6, tz=SG)
        assert p.standing([pts("a", at, 15)], at).frozen_until == at.add(days=35)
        with pytest.raises(penalties.PolicyDefinitionError, match="each tier level"):
            penalties.get_policy("shopee", market="SG", tier_days={3: 7})


class TestKinds:
    def test_severe_listing_violations_are_2_points(self) -> None:
        v = Violation("a", "severe_listing_violations", t(2024, 5, 6, tz=SG))
        assert SHOPEE.resolve(v).points == 2

    def test_unsourced_kinds_need_points(self) -> None:
        with pytest.raises(InvalidEventError, match="no points in shopee's sources"):
            SHOPEE.evaluate([Violation("a", "order_brushing", t(2024, 5, 6, tz=SG))])
        v = Violation("a", "order_brushing", t(2024, 5, 6, tz=SG), points=3)
        assert SHOPEE.resolve(v).points == 3

    def test_graded_listings_need_a_grade_and_points(self) -> None:
        v = Violation(
            "a", "prohibited_listings_graded", t(2024, 5, 6, tz=SG), severity="mid", points=1
        )
        assert SHOPEE.resolve(v).severity == "mid"
        with pytest.raises(InvalidEventError, match="needs a severity"):
            SHOPEE.resolve(Violation("a", "spam_listings_graded", t(2024, 5, 6, tz=SG), points=1))

    def test_nfr_counts_at_most_4_on_one_evaluation_day(self) -> None:
        monday = t(2024, 5, 6, 2, tz=SG)
        events = [
            Violation("a", "high_non_fulfilment_rate", monday, points=3),
            Violation("b", "high_non_fulfilment_rate", monday.add(hours=1), points=3),
            Violation("c", "high_non_fulfilment_rate", t(2024, 5, 13, 2, tz=SG), points=3),
        ]
        tl = SHOPEE.evaluate(events)
        assert tl.balance("points", t(2024, 5, 12, tz=SG)) == 4
        assert tl.balance("points", t(2024, 5, 13, 2, tz=SG)) == 7
        lenient = penalties.get_policy("shopee", market="SG", nfr_weekly_cap=3)
        assert lenient.evaluate(events).balance("points", t(2024, 5, 12, tz=SG)) == 3
        uncapped = penalties.get_policy("shopee", market="SG", nfr_weekly_cap=None)
        assert uncapped.evaluate(events).balance("points", t(2024, 5, 12, tz=SG)) == 6

    def test_nfr_cap_is_first_seen_on_2024_01_29(self) -> None:
        # The cross-border scale is known from 2024-01-29; applied before it, the explanation
        # says the rule is only known from then.
        before = t(2024, 1, 28, 12, tz=SG)
        events = [Violation("a", "high_non_fulfilment_rate", before, points=3)]
        assert (
            "nfr_weekly_cap is known only from 2024-01-29"
            in SHOPEE.standing(events, before).explain()
        )
        after = t(2024, 1, 29, tz=SG)
        assert "known only from" not in SHOPEE.standing(events, after).explain()

    def test_api_violation_types_map_to_kinds(self) -> None:
        assert API_VIOLATION_TYPES[6] == ("high_non_fulfilment_rate", None)
        assert API_VIOLATION_TYPES[3092] == ("prohibited_listings_graded", "mid")
        assert API_VIOLATION_TYPES[4130] == ("poor_product_quality", None)
        for code, severity in API_VIOLATION_TYPES.values():
            kind = SHOPEE.kind(code)
            assert (severity is None) == (not kind.severities)

    def test_unknown_type_books_to_the_generic_kind(self) -> None:
        with pytest.raises(UnknownViolationKindError, match="points"):
            SHOPEE.kind("tier_reason")
        assert (
            SHOPEE.standing([pts("a", t(2024, 5, 6, tz=SG), 2)], t(2024, 5, 7, tz=SG)).points[
                "points"
            ]
            == 2
        )

    def test_measures_outside_the_ladder(self) -> None:
        at = t(2024, 5, 6, tz=SG)
        frozen = SHOPEE.standing([Violation("f", "indefinite_freeze", at)], at.add(years=1))
        assert frozen.status is Status.FROZEN
        assert frozen.points["points"] == 0
        banned = SHOPEE.standing([Violation("b", "account_ban", at)], at.add(days=1))
        assert banned.status is Status.SUSPENDED
        tl = SHOPEE.evaluate([Violation("o", "order_volume_limit", at)])
        assert tl.at(at.add(days=7).subtract(seconds=1)).status is Status.RESTRICTED
        assert tl.at(at.add(days=7)).status is Status.GOOD


class TestAppeals:
    def test_granted_appeal_removes_points_and_restores_privileges(self) -> None:
        events: list[Event] = [
            pts("a", t(2024, 5, 6, 10, tz=SG), 1),
            pts("b", t(2024, 5, 7, 10, tz=SG), 2),
            Appeal("b", t(2024, 5, 8, tz=SG), t(2024, 5, 10, tz=SG), AppealOutcome.GRANTED),
        ]
        tl = SHOPEE.evaluate(events)
        assert tl.at(t(2024, 5, 9, 23, tz=SG)).status is Status.RESTRICTED
        after = tl.at(t(2024, 5, 10, tz=SG))
        assert (after.points["points"], after.status) == (1, Status.GOOD)

    def test_reduced_appeal_books_the_latest_point_num(self) -> None:
        events: list[Event] = [
            pts("a", t(2024, 5, 6, 10, tz=SG), 4),
            Appeal("a", t(2024, 5, 7, tz=SG), t(2024, 5, 8, tz=SG), AppealOutcome.REDUCED, 2),
        ]
        assert SHOPEE.standing(events, t(2024, 5, 8, tz=SG)).points["points"] == 2


class TestMarkets:
    def test_market_zones(self) -> None:
        for code, zone in MARKETS.items():
            p = penalties.get_policy("shopee", market=code)
            assert (p.market, p.timezone) == (code, zone)
        assert {"SG", "MY", "PH", "VN", "TW"} <= set(MARKETS)

    def test_default_market_is_singapore(self) -> None:
        p = penalties.get_policy("shopee")
        assert (p.market, p.timezone) == ("SG", SG)

    def test_market_code_is_case_insensitive(self) -> None:
        assert penalties.get_policy("shopee", market="ph").timezone == MNL

    def test_unknown_market(self) -> None:
        with pytest.raises(UnknownPolicyError, match="known markets: SG, MY, PH"):
            penalties.get_policy("shopee", market="BR")

    def test_unknown_option(self) -> None:
        with pytest.raises(penalties.PolicyDefinitionError, match="does not take that option"):
            penalties.get_policy("shopee", freeze_days=3)


def test_tiers_option_with_closure_is_terminal() -> None:
    p = penalties.get_policy(
        "shopee",
        market="SG",
        tiers={
            3: (SanctionSpec(SanctionKind.RESTRICTION, 14),),
            15: (SanctionSpec(SanctionKind.CLOSURE),),
        },
    )
    assert [th.points for th in p.ledger("points").thresholds] == [3, 15]
    events: list[Event] = [
        pts("a", t(2024, 5, 6, tz=SG), 15),
        Appeal("a", t(2024, 5, 7, tz=SG), t(2024, 5, 8, tz=SG), AppealOutcome.GRANTED),
        pts("b", t(2024, 6, 1, tz=SG), 3),
    ]
    tl = p.evaluate(events)
    assert tl.at(t(2025, 1, 1, tz=SG)).status is Status.CLOSED


class TestWeeklyEvaluation:
    """The 2019 deck: "performance of the previous week is evaluated every Monday", points
    issued when a target is missed (NFR: the past 7 days, sellerby 392)."""

    def test_the_evaluation_is_the_monday_after_the_week_in_the_market_zone(self) -> None:
        from penalties.platforms.shopee import weekly_evaluation

        monday = t(2024, 5, 13, tz=SG)
        assert weekly_evaluation(t(2024, 5, 8, 10, tz=SG), SHOPEE) == monday
        assert weekly_evaluation(t(2024, 5, 6, tz=SG), SHOPEE) == monday  # Monday 00:00 of the week
        # Sunday 23:59:59 in Singapore is still last week; Monday 00:00:00 starts the next.
        assert weekly_evaluation("2024-05-12T15:59:59+00:00", SHOPEE) == monday
        assert weekly_evaluation("2024-05-12T16:00:00+00:00", SHOPEE) == t(2024, 5, 20, tz=SG)
        assert weekly_evaluation(t(2024, 5, 8, 10, tz=SG), SHOPEE).timezone_name == SG
        # The same instant in Manila time is counted in Manila's week.
        assert weekly_evaluation(t(2024, 5, 8, 10, tz=MNL), PH) == t(2024, 5, 13, tz=MNL)

    def test_metric_points_and_their_tier_apply_at_the_evaluation(self) -> None:
        from penalties.platforms.shopee import at_weekly_evaluation

        tuesday = t(2024, 5, 7, 9, tz=SG)
        thursday = t(2024, 5, 9, 18, tz=SG)
        events = [
            Violation("n1", "high_non_fulfilment_rate", tuesday, points=3),
            Violation("n2", "high_non_fulfilment_rate", thursday, points=2),
        ]
        moved = at_weekly_evaluation(events, SHOPEE)
        monday = t(2024, 5, 13, tz=SG)
        assert [v.at for v in moved] == [monday, monday]  # type: ignore[union-attr]
        assert [v.occurred_at for v in moved] == [tuesday, thursday]  # type: ignore[union-attr]
        tl = SHOPEE.evaluate(moved)
        assert tl.at(monday.subtract(seconds=1)).points["points"] == 0
        at_monday = tl.at(monday)
        # One week's NFR points count for at most 4 together (nfr_weekly_cap).
        assert at_monday.points["points"] == 4
        assert at_monday.status is Status.RESTRICTED
        assert all(s.start == monday for s in tl.sanctions)
        # Booked at their own instants, the points would have counted 5 and tier 1 on Tuesday.
        assert SHOPEE.evaluate(events).at(thursday).points["points"] == 5

    def test_other_events_and_records_already_at_the_evaluation_stay(self) -> None:
        from penalties.platforms.shopee import at_weekly_evaluation

        monday = t(2024, 5, 13, tz=SG)
        listing = Violation("l1", "severe_listing_violations", t(2024, 5, 8, 10, tz=SG))
        on_time = Violation("n1", "high_non_fulfilment_rate", monday, points=2)
        late = Violation(
            "s1",
            "high_late_shipment_rate",
            monday.add(seconds=1),
            points=1,
            occurred_at=t(2024, 5, 10, tz=SG),
        )
        appeal = Appeal("l1", t(2024, 5, 9, tz=SG))
        out = at_weekly_evaluation([listing, on_time, late, appeal], SHOPEE)
        assert out[:2] == (listing, on_time)
        assert out[2].at == t(2024, 5, 20, tz=SG)  # type: ignore[union-attr]
        assert out[2].occurred_at == t(2024, 5, 10, tz=SG)  # type: ignore[union-attr]
        assert out[3] is appeal
        chat = at_weekly_evaluation([listing], SHOPEE, kinds={"severe_listing_violations"})
        assert chat[0].at == monday  # type: ignore[union-attr]

    def test_bad_arguments_are_refused(self) -> None:
        from penalties.platforms.shopee import at_weekly_evaluation, weekly_evaluation

        with pytest.raises(penalties.PolicyDefinitionError, match="not a Shopee policy"):
            weekly_evaluation(t(2024, 5, 8, tz=SG), penalties.get_policy("aliexpress"))
        with pytest.raises(TypeError, match="needs a Policy"):
            at_weekly_evaluation([], "shopee")  # type: ignore[arg-type]
        with pytest.raises(penalties.PolicyDefinitionError, match="does not know"):
            at_weekly_evaluation([], SHOPEE, kinds={"high_non_fulfilment_rat"})
        with pytest.raises(penalties.PolicyDefinitionError, match="collection of kind codes"):
            at_weekly_evaluation([], SHOPEE, kinds="high_non_fulfilment_rate")
        with pytest.raises(InvalidEventError, match="weekly_evaluation"):
            weekly_evaluation("2024-05-08T10:00:00", SHOPEE)  # naive


class TestVietnamProductLimit:
    """tukigroup.vn (quoting the Shopee VN announcement): shops with high points for product or
    content violations are limited to at most 50 products."""

    def test_the_limit_is_a_vn_measure_without_points(self) -> None:
        at = t(2025, 11, 3, 9, tz=HCM)
        tl = VN.evaluate([Violation("lim", "product_limit_50", at)])
        (limit,) = tl.sanctions
        assert limit.kind is SanctionKind.RESTRICTION
        assert "at most 50 products" in limit.reason
        assert limit.end is None
        assert tl.at(at).points["points"] == 0
        assert tl.at(at.subtract(seconds=1)).status is Status.GOOD
        assert tl.at(at).status is Status.RESTRICTED
        with pytest.raises(UnknownViolationKindError):
            SHOPEE.evaluate([Violation("lim", "product_limit_50", t(2025, 11, 3, tz=SG))])

    def test_it_lasts_until_shopee_lifts_it_or_for_the_days_given(self) -> None:
        at = t(2025, 11, 3, 9, tz=HCM)
        lifted = t(2025, 12, 1, 9, tz=HCM)
        events: list[Event] = [
            Violation("lim", "product_limit_50", at),
            penalties.Revocation("lim", lifted, reason="resolved"),
        ]
        tl = VN.evaluate(events)
        assert tl.at(lifted.subtract(seconds=1)).status is Status.RESTRICTED
        assert tl.at(lifted).status is Status.GOOD
        p = penalties.get_policy("shopee", market="VN", vn_product_limit_days=28)
        (limit,) = p.evaluate(events[:1]).sanctions
        assert limit.end == t(2025, 12, 1, 9, tz=HCM)
        with pytest.raises(penalties.PolicyDefinitionError, match="vn_product_limit_days"):
            penalties.get_policy("shopee", market="VN", vn_product_limit_days=0)
