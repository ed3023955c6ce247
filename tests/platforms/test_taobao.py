"""Taobao and Tmall scenarios taken from the rule text (third-party copies: hishop 9912, agoow
48225, 35cyw 11117, kexiaomei 130605, 2875.com.cn; Tmall: cymth 40771, shxuanming 3361)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import penalties
import penalties.platforms.taobao
from penalties import (
    Appeal,
    AppealOutcome,
    InvalidEventError,
    SanctionKind,
    SanctionSpec,
    Status,
    Threshold,
    UnknownPolicyError,
    Violation,
)
from penalties.platforms.taobao import COUNTERFEIT_CARRY_OVER_SINCE
from tests.helpers import t

# The node terms, as if the rules exam were passed in time (exam_required=False): the exam
# itself (on by default) has its own tests in test_taobao_exam.py.
TB = penalties.get_policy("taobao", exam_required=False)
TM = penalties.get_policy("tmall", exam_required=False)

NEW_YEAR_2025 = t(2025, 1, 1)
JUST_BEFORE = t(2024, 12, 31, 23, 59, 59)


def v(vid: str, ledger: str, at: object, points: int) -> Violation:
    return Violation(vid, ledger, at, points=points)  # type: ignore[arg-type]


def kinds_at(tl: penalties.Timeline, at: object) -> set[SanctionKind]:
    return {s.kind for s in tl.at(at).sanctions}  # type: ignore[arg-type]


def test_registered_with_contract_ledgers() -> None:
    assert {"taobao", "tmall"} <= set(penalties.list_policies())
    for policy in (TB, TM):
        assert [lg.code for lg in policy.ledgers][:3] == ["general", "serious", "counterfeit"]
        assert policy.timezone == "Asia/Shanghai"
        assert policy.assumptions
    assert [lg.code for lg in TB.ledgers] == ["general", "serious", "counterfeit"]
    assert [lg.code for lg in TM.ledgers][3:] == ["supervision"]  # store supervision


class TestSeriousNodes:
    @pytest.mark.parametrize(
        ("level", "days", "kinds"),
        [
            (12, 7, {SanctionKind.RESTRICTION, SanctionKind.WARNING}),
            (
                24,
                14,
                {SanctionKind.RESTRICTION, SanctionKind.WARNING, SanctionKind.LISTING_REMOVAL},
            ),
            (
                36,
                21,
                {SanctionKind.SUSPENSION, SanctionKind.RESTRICTION, SanctionKind.WARNING},
            ),
        ],
    )
    def test_node_fires_at_level_and_lasts(
        self, level: int, days: int, kinds: set[SanctionKind]
    ) -> None:
        # Reach the level one point at a time, a month apart, so no earlier node still runs.
        events = [v("a", "serious", t(2024, 1, 1, 10), level - 1)]
        events.append(v("b", "serious", t(2024, 3, 1, 10), 1))
        tl = TB.evaluate(events)
        assert tl.at(t(2024, 3, 1, 9, 59, 59)).points["serious"] == level - 1
        node = [s for s in tl.sanctions if s.threshold == level]
        assert {s.kind for s in node} == kinds
        assert all(s.start == t(2024, 3, 1, 10) for s in node)
        assert all(s.end == t(2024, 3, 1 + days, 10) for s in node)
        assert kinds_at(tl, t(2024, 3, 1, 10)) == kinds
        assert kinds_at(tl, t(2024, 3, days, 9, 59, 59)) == kinds
        assert kinds_at(tl, t(2024, 3, 1 + days, 9, 59, 59)) == kinds
        assert kinds_at(tl, t(2024, 3, 1 + days, 10)) == set()

    def test_12_points_one_second_either_side(self) -> None:
        events = [v("a", "serious", t(2024, 5, 1), 6), v("b", "serious", t(2024, 5, 2, 8), 6)]
        tl = TB.evaluate(events)
        assert tl.at(t(2024, 5, 2, 7, 59, 59)).status is Status.GOOD
        assert tl.at(t(2024, 5, 2, 8)).status is Status.RESTRICTED
        assert tl.at(t(2024, 5, 9, 7, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 5, 9, 8)).status is Status.GOOD

    def test_36_closes_the_shop_for_21_days(self) -> None:
        tl = TB.evaluate([v("a", "serious", t(2024, 5, 1, 8), 36)])
        s = tl.at(t(2024, 5, 1, 8))
        assert s.status is Status.SUSPENDED
        assert tl.at(t(2024, 5, 22, 7, 59, 59)).status is Status.SUSPENDED
        assert tl.at(t(2024, 5, 22, 8)).status is Status.GOOD

    def test_48_seals_the_account_one_second_either_side(self) -> None:
        events = [v("a", "serious", t(2024, 1, 1), 47), v("b", "serious", t(2024, 6, 1, 12), 1)]
        tl = TB.evaluate(events)
        assert tl.at(t(2024, 6, 1, 11, 59, 59)).status is not Status.CLOSED
        assert tl.at(t(2024, 6, 1, 12)).status is Status.CLOSED

    def test_sealing_is_terminal_and_kept_over_the_reset(self) -> None:
        events = [v("a", "serious", t(2024, 6, 1), 48), v("b", "general", t(2025, 3, 1), 12)]
        tl = TB.evaluate(events)
        later = tl.at(t(2026, 6, 1))
        assert later.status is Status.CLOSED
        assert later.points["serious"] == 48
        assert not [s for s in tl.sanctions if s.ledger == "general"]


class TestHeaviestNode:
    def test_12_then_24_three_days_later_counts_from_the_first_start(self) -> None:
        tl = TB.evaluate(
            [v("a", "serious", t(2024, 3, 1, 10), 12), v("b", "serious", t(2024, 3, 4, 10), 12)]
        )
        first = [s for s in tl.sanctions if s.threshold == 12]
        assert all(s.end == t(2024, 3, 4, 10) for s in first)  # replaced, not run in parallel
        heavy = [s for s in tl.sanctions if s.threshold == 24]
        assert all(s.end == t(2024, 3, 15, 10) for s in heavy)  # 14 days from 1 March
        assert SanctionKind.LISTING_REMOVAL in kinds_at(tl, t(2024, 3, 15, 9, 59, 59))
        assert kinds_at(tl, t(2024, 3, 15, 10)) == set()

    def test_one_deduction_passing_several_nodes_applies_only_the_heaviest(self) -> None:
        tl = TB.evaluate([v("a", "serious", t(2024, 3, 1, 10), 30)])
        assert {s.threshold for s in tl.sanctions} == {24}
        assert tl.sanctions[0].end == t(2024, 3, 15, 10)
        assert any("only the heaviest node applies" in n for n in tl.notes)

    def test_passing_36_and_48_at_once_only_seals(self) -> None:
        tl = TB.evaluate(
            [v("a", "serious", t(2024, 3, 1), 24), v("b", "serious", t(2024, 5, 1), 24)]
        )
        assert [s.kind for s in tl.sanctions if s.threshold != 24] == [SanctionKind.CLOSURE]

    def test_lighter_node_while_heavier_runs_adds_nothing(self) -> None:
        # 24 reached on 28 Dec runs 14 days into January; the points are cleared at the
        # reset, and 12 new points on 2 Jan reach a lighter node while the 24-node still runs.
        events = [v("a", "serious", t(2024, 12, 28), 24), v("b", "serious", t(2025, 1, 2), 12)]
        tl = TB.evaluate(events)
        assert {s.threshold for s in tl.sanctions} == {24}
        assert tl.at(t(2025, 1, 10)).status is Status.RESTRICTED
        assert any("while the heavier node 24 runs" in n for n in tl.notes)

    def test_families_run_in_parallel(self) -> None:
        events = [v("s", "serious", t(2024, 1, 15), 12), v("g", "general", t(2024, 1, 15), 12)]
        tl = TB.evaluate(events)
        by_ledger = {s.ledger for s in tl.sanctions if s.kind is SanctionKind.RESTRICTION}
        assert by_ledger == {"general", "serious"}
        assert all(s.end == t(2024, 1, 22) for s in tl.sanctions)


class TestAppealOnTheHeavierNode:
    """Issue 15, item 1: 12 serious points on 1 Mar, 12 more on 3 Mar (the 24 node replaces the
    12 node), the 3 Mar record granted on appeal on 5 Mar: the remaining 12 points still reach
    node 12, whose 7 days count from its first start (1 Mar)."""

    def events(self, decided: object) -> list[object]:
        return [
            v("a", "serious", t(2025, 3, 1, 10), 12),
            v("b", "serious", t(2025, 3, 3, 10), 12),
            Appeal("b", t(2025, 3, 3, 11), decided, AppealOutcome.GRANTED),  # type: ignore[arg-type]
        ]

    def test_the_12_node_still_runs_to_its_first_term(self) -> None:
        tl = TB.evaluate(self.events(t(2025, 3, 5, 10)))
        assert SanctionKind.LISTING_REMOVAL in kinds_at(tl, t(2025, 3, 5, 9, 59, 59))
        at = tl.at(t(2025, 3, 5, 10))
        assert at.status is Status.RESTRICTED
        assert {s.kind for s in at.sanctions} == {SanctionKind.RESTRICTION, SanctionKind.WARNING}
        assert {s.threshold for s in at.sanctions} == {12}
        assert all(s.end == t(2025, 3, 8, 10) for s in at.sanctions)
        assert tl.at(t(2025, 3, 8, 9, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2025, 3, 8, 10)).status is Status.GOOD

    def test_decided_after_the_12_node_would_have_ended(self) -> None:
        tl = TB.evaluate(self.events(t(2025, 3, 8, 10)))
        assert tl.at(t(2025, 3, 8, 9, 59, 59)).status is Status.RESTRICTED  # the 24 node
        assert tl.at(t(2025, 3, 8, 10)).status is Status.GOOD

    def test_appeal_on_the_first_record_keeps_node_12_of_the_second(self) -> None:
        events = self.events(t(2025, 3, 5, 10))
        events[2] = Appeal("a", t(2025, 3, 3, 11), t(2025, 3, 5, 10), AppealOutcome.GRANTED)
        tl = TB.evaluate(events)
        (restriction,) = [
            s for s in tl.at(t(2025, 3, 5, 10)).sanctions if s.kind is SanctionKind.RESTRICTION
        ]
        assert (restriction.threshold, restriction.cause) == (12, ("b",))
        assert restriction.end == t(2025, 3, 8, 10)

    def test_tmall_node_12_money_is_not_charged_again(self) -> None:
        tl = TM.evaluate(self.events(t(2025, 3, 5, 10)))
        at = tl.at(t(2025, 3, 5, 10))
        assert {s.threshold for s in at.sanctions} == {12}
        bans = [s for s in at.sanctions if s.reason.startswith("barred")]
        assert [b.end for b in bans] == [t(2025, 3, 31, 10)]  # 30 days from 1 March


class TestGeneralNodes:
    def test_every_12_points_7_days_each_never_sealing(self) -> None:
        events = [v(f"g{i}", "general", t(2024, 1 + i, 1), 12) for i in range(6)]
        tl = TB.evaluate(events)
        assert sorted(s.threshold for s in tl.sanctions if s.threshold) == [
            12, 12, 24, 24, 36, 36, 48, 48, 60, 60, 72, 72
        ]  # fmt: skip
        assert all(s.kind is not SanctionKind.CLOSURE for s in tl.sanctions)
        # The node at 60 points (1 May) lasts 5 × 7 = 35 days; the 72 node (6 × 7 = 42 days)
        # reached on 1 June while it runs replaces it, counted from 1 May.
        assert {s.end for s in tl.sanctions if s.threshold == 36} == {t(2024, 3, 22)}
        assert tl.at(t(2024, 6, 11, 23, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 6, 12)).status is Status.GOOD

    def test_worked_example_12_on_1_jan_and_12_on_4_jan_run_14_days_from_1_jan(self) -> None:
        # taobao_tmall.md, Stacking: "the penalty is now 14 days starting 1 Jan (ends 14 Jan)".
        tl = TB.evaluate(
            [v("a", "general", t(2024, 1, 1), 12), v("b", "general", t(2024, 1, 4), 12)]
        )
        assert tl.at(t(2024, 1, 14, 23, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 1, 15)).status is Status.GOOD
        heavy = [s for s in tl.sanctions if s.threshold == 24]
        assert {s.end for s in heavy} == {t(2024, 1, 15)}

    def test_worked_example_24_at_once_is_one_14_day_penalty(self) -> None:
        tl = TB.evaluate([v("a", "general", t(2024, 1, 1, 10), 24)])
        assert {(s.threshold, s.end) for s in tl.sanctions} == {(24, t(2024, 1, 15, 10))}
        assert tl.at(t(2024, 1, 15, 9, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 1, 15, 10)).status is Status.GOOD

    def test_unscaled_reading_is_an_option(self) -> None:
        p = penalties.get_policy("taobao", general_scaled=False, exam_required=False)
        for events in (
            [v("a", "general", t(2024, 1, 1), 12), v("b", "general", t(2024, 1, 4), 12)],
            [v("a", "general", t(2024, 1, 1), 24)],
        ):
            tl = p.evaluate(events)
            assert tl.at(t(2024, 1, 7, 23, 59, 59)).status is Status.RESTRICTED
            assert tl.at(t(2024, 1, 8)).status is Status.GOOD

    def test_twelve_day_alternative_is_an_option(self) -> None:
        p = penalties.get_policy("taobao", general_node_days=12, exam_required=False)
        tl = p.evaluate([v("a", "general", t(2024, 1, 1), 12)])
        assert tl.at(t(2024, 1, 12, 23, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 1, 13)).status is Status.GOOD

    def test_worked_example_reading_through_explicit_thresholds(self) -> None:
        ladder = tuple(
            Threshold(12 * k, (SanctionSpec(SanctionKind.RESTRICTION, 7 * k),)) for k in range(1, 9)
        )
        p = penalties.get_policy("taobao", general_thresholds=ladder, exam_required=False)
        tl = p.evaluate(
            [v("a", "general", t(2024, 1, 1), 12), v("b", "general", t(2024, 1, 4), 12)]
        )
        assert tl.at(t(2024, 1, 14, 23, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 1, 15)).status is Status.GOOD

    @pytest.mark.parametrize("kind", ["malicious_review", "bidding_without_buying"])
    def test_unsourced_kinds_need_points(self, kind: str) -> None:
        with pytest.raises(InvalidEventError, match="no points in taobao's sources"):
            TB.evaluate([Violation("a", kind, t(2024, 1, 1))])
        tl = TB.evaluate([Violation("a", kind, t(2024, 1, 1), points=12)])
        assert tl.at(t(2024, 1, 2)).points["general"] == 12


class TestYearEndReset:
    def test_general_cleared_at_exactly_1_january_00_00_shanghai(self) -> None:
        tl = TB.evaluate([v("a", "general", t(2024, 6, 1), 10)])
        assert tl.balance("general", JUST_BEFORE) == 10
        assert tl.balance("general", NEW_YEAR_2025) == 0
        assert tl.balance("general", "2024-12-31T23:59:59+08:00") == 10
        assert tl.balance("general", "2025-01-01T00:00:00+08:00") == 0
        assert tl.balance("general", "2024-12-31T15:59:59+00:00") == 10
        assert tl.balance("general", "2024-12-31T16:00:00+00:00") == 0

    def test_serious_under_48_cleared(self) -> None:
        tl = TB.evaluate([v("a", "serious", t(2024, 6, 1), 47)])
        assert tl.balance("serious", JUST_BEFORE) == 47
        assert tl.balance("serious", NEW_YEAR_2025) == 0

    def test_running_node_continues_past_the_reset(self) -> None:
        tl = TB.evaluate([v("a", "serious", t(2024, 12, 28, 9), 12)])
        s = tl.at(NEW_YEAR_2025)
        assert s.points["serious"] == 0
        assert s.status is Status.RESTRICTED
        assert tl.at(t(2025, 1, 4, 8, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2025, 1, 4, 9)).status is Status.GOOD

    def test_counterfeit_30_carried_as_24(self) -> None:
        tl = TB.evaluate([v("a", "counterfeit", t(2024, 6, 1), 30)])
        assert tl.balance("counterfeit", JUST_BEFORE) == 30
        assert tl.balance("counterfeit", NEW_YEAR_2025) == 24

    @pytest.mark.parametrize(("points", "kept"), [(23, 0), (24, 24), (47, 24), (48, 48)])
    def test_counterfeit_carry_over_bounds(self, points: int, kept: int) -> None:
        tl = TB.evaluate([v("a", "counterfeit", t(2024, 6, 1), points)])
        assert tl.balance("counterfeit", NEW_YEAR_2025) == kept

    def test_carried_24_plus_10_new_is_cleared_next_year(self) -> None:
        events = [
            v("a", "counterfeit", t(2024, 6, 1), 24),
            v("b", "counterfeit", t(2025, 3, 1), 10),
        ]
        tl = TB.evaluate(events)
        assert tl.balance("counterfeit", t(2025, 12, 31, 23, 59, 59)) == 34
        assert tl.balance("counterfeit", t(2026, 1, 1)) == 0

    def test_carried_24_plus_24_new_seals(self) -> None:
        events = [
            v("a", "counterfeit", t(2024, 6, 1), 24),
            v("b", "counterfeit", t(2025, 3, 1), 24),
        ]
        tl = TB.evaluate(events)
        assert tl.at(t(2025, 2, 28, 23, 59, 59)).status is Status.GOOD
        assert tl.at(t(2025, 3, 1)).status is Status.CLOSED
        assert tl.balance("counterfeit", t(2026, 1, 1)) == 48

    def test_carried_24_does_not_fire_a_node_by_itself(self) -> None:
        tl = TB.evaluate([v("a", "counterfeit", t(2024, 12, 1), 24)])
        assert {s.start for s in tl.sanctions} == {t(2024, 12, 1)}
        assert tl.at(t(2024, 12, 14, 23, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 12, 15)).status is Status.GOOD
        assert tl.at(t(2025, 1, 1)).points["counterfeit"] == 24
        assert tl.at(t(2025, 1, 1)).status is Status.GOOD

    def test_serious_carry_over_has_no_24_rule(self) -> None:
        tl = TB.evaluate([v("a", "serious", t(2024, 6, 1), 30)])
        assert tl.balance("serious", NEW_YEAR_2025) == 0


class TestCarryOverEffectiveDate:
    def test_first_carry_over_is_the_reset_of_2013_01_01(self) -> None:
        assert dt.date(2013, 1, 1) == COUNTERFEIT_CARRY_OVER_SINCE
        old = TB.evaluate([v("a", "counterfeit", t(2011, 6, 1), 30)])
        assert old.balance("counterfeit", t(2011, 12, 31, 23, 59, 59)) == 30
        assert old.balance("counterfeit", t(2012, 1, 1)) == 0
        new = TB.evaluate([v("a", "counterfeit", t(2012, 6, 1), 30)])
        assert new.balance("counterfeit", t(2012, 12, 31, 23, 59, 59)) == 30
        assert new.balance("counterfeit", t(2013, 1, 1)) == 24

    def test_other_reading_is_an_option(self) -> None:
        p = penalties.get_policy(
            "taobao", counterfeit_carry_over_since=dt.date(2013, 1, 2), exam_required=False
        )
        tl = p.evaluate(
            [v("a", "counterfeit", t(2012, 6, 1), 30), v("b", "counterfeit", t(2013, 6, 1), 30)]
        )
        assert tl.balance("counterfeit", t(2013, 1, 1)) == 0
        assert tl.balance("counterfeit", t(2014, 1, 1)) == 24


class TestOptionsAndMarkets:
    def test_cn_market_and_unknown_market(self) -> None:
        assert penalties.list_markets("taobao") == penalties.list_markets("tmall") == ("CN",)
        assert penalties.get_policy("taobao", market="CN").market == "CN"
        assert penalties.get_policy("tmall", market="cn").market == "CN"
        with pytest.raises(UnknownPolicyError, match="known markets: CN"):
            penalties.get_policy("taobao", market="HK")
        with pytest.raises(UnknownPolicyError, match="known markets: CN"):
            penalties.get_policy("tmall", market="TW")

    def test_unknown_option(self) -> None:
        with pytest.raises(penalties.PolicyDefinitionError, match="does not take that option"):
            penalties.get_policy("taobao", node_days=3)

    def test_24_node_without_delisting(self) -> None:
        p = penalties.get_policy("taobao", serious_24_delists=False, exam_required=False)
        tl = p.evaluate([v("a", "serious", t(2024, 3, 1), 24)])
        assert SanctionKind.LISTING_REMOVAL not in {s.kind for s in tl.sanctions}

    def test_counterfeit_thresholds_override(self) -> None:
        only_48 = (Threshold(48, (SanctionSpec(SanctionKind.CLOSURE),)),)
        p = penalties.get_policy("taobao", counterfeit_thresholds=only_48, exam_required=False)
        assert p.evaluate([v("a", "counterfeit", t(2024, 3, 1), 30)]).sanctions == ()


class TestTmall:
    def test_general_node_marketing_ban_and_10000(self) -> None:
        tl = TM.evaluate([v("a", "general", t(2024, 3, 1, 10), 12)])
        fines = [s for s in tl.sanctions if s.kind is SanctionKind.FINE]
        assert [(f.amount, f.currency) for f in fines] == [(Decimal("10000"), "CNY")]
        assert isinstance(fines[0].amount, Decimal)
        assert tl.at(t(2024, 3, 8, 9, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 3, 8, 10)).status is Status.GOOD

    @pytest.mark.parametrize(
        "events",
        [
            [("a", t(2024, 3, 1, 10), 12), ("b", t(2024, 3, 4, 10), 12)],
            [("a", t(2024, 3, 1, 10), 24)],
        ],
    )
    def test_general_fines_once_per_12_points_however_they_arrive(
        self, events: list[tuple[str, object, int]]
    ) -> None:
        # cymth 40771: every 12 general points → RMB 10,000; 24 points cost 20,000 whether they
        # came in one deduction or two (issue 15, item 6).
        tl = TM.evaluate([v(vid, "general", at, p) for vid, at, p in events])
        fines = [s.amount for s in tl.sanctions if s.kind is SanctionKind.FINE]
        assert fines == [Decimal(10_000), Decimal(10_000)]
        # The marketing ban still follows the heaviest-node rule: one ban, 7 days from 1 March.
        bans = [s for s in tl.sanctions if s.reason.startswith("barred")]
        assert max(b.end for b in bans) == t(2024, 3, 8, 10)

    def test_general_fine_of_an_appealed_deduction_is_lifted_the_other_stays(self) -> None:
        events = [
            v("a", "general", t(2024, 3, 1, 10), 12),
            v("b", "general", t(2024, 3, 4, 10), 12),
            Appeal("b", t(2024, 3, 4, 11), t(2024, 3, 5, 10), AppealOutcome.GRANTED),
        ]
        tl = TM.evaluate(events)
        fines = {s.threshold: s for s in tl.sanctions if s.kind is SanctionKind.FINE}
        assert fines[24].end == t(2024, 3, 5, 10)
        assert fines[12].end == t(2024, 3, 8, 10)

    def test_serious_12_node(self) -> None:
        tl = TM.evaluate([v("a", "serious", t(2024, 3, 1, 10), 12)])
        ends = {(s.kind, s.reason.split(" (")[0]): s.end for s in tl.sanctions}
        assert ends[(SanctionKind.WARNING, "public warning")] == t(2024, 3, 8, 10)
        assert ends[(SanctionKind.RESTRICTION, "barred from Tmall marketing activities")] == t(
            2024, 3, 31, 10
        )
        (fine,) = [s for s in tl.sanctions if s.kind is SanctionKind.FINE]
        assert fine.amount == Decimal(20_000)

    def test_12_then_24_three_days_later(self) -> None:
        tl = TM.evaluate(
            [v("a", "serious", t(2024, 3, 1, 10), 12), v("b", "serious", t(2024, 3, 4, 10), 12)]
        )
        heavy = {
            s.kind: s
            for s in tl.sanctions
            if s.threshold == 24 and s.kind is not SanctionKind.RESTRICTION
        }
        assert heavy[SanctionKind.LISTING_REMOVAL].end == t(2024, 3, 15, 10)
        assert heavy[SanctionKind.FINE].amount == Decimal(30_000)
        bans = [s for s in tl.sanctions if s.threshold == 24 and s.reason.startswith("barred")]
        assert [b.end for b in bans] == [t(2024, 4, 30, 10)]  # 60 days from 1 March
        # The 12-node's fine stays on record, outside the heaviest-node rule.
        assert [f.amount for f in tl.sanctions if f.kind is SanctionKind.FINE] == [
            Decimal(20_000),
            Decimal(30_000),
        ]

    @pytest.mark.parametrize(
        "events",
        [
            [v("a", "serious", t(2024, 3, 1, 10), 24)],
            [v("a", "serious", t(2024, 3, 1, 10), 12), v("b", "serious", t(2024, 3, 4, 10), 12)],
            [v("a", "serious", t(2024, 3, 1, 10), 18), v("b", "serious", t(2024, 3, 1, 11), 6)],
        ],
        ids=["24-at-once", "12-then-12", "18-then-6"],
    )
    def test_serious_fines_once_per_node_however_the_points_arrive(
        self, events: list[Violation]
    ) -> None:
        # cymth 40771: serious 12 → RMB 20,000, 24 → RMB 30,000. Each node reached charges its
        # fine (serious_fines_per_node, an assumption): 50,000 in every case.
        tl = TM.evaluate(events)
        fines = [f for f in tl.sanctions if f.kind is SanctionKind.FINE]
        assert sorted(f.amount for f in fines) == [Decimal(20_000), Decimal(30_000)]
        assert all(f.end is not None for f in fines)  # money does not wait for the exam

    def test_serious_24_fine_one_second_either_side(self) -> None:
        at = t(2024, 3, 1, 10)
        events = [v("a", "serious", at, 12), v("b", "serious", t(2024, 3, 4, 10), 12)]
        tl = TM.evaluate(events)
        fines = lambda when: sorted(  # noqa: E731
            s.amount for s in tl.at(when).sanctions if s.kind is SanctionKind.FINE
        )
        assert fines(t(2024, 3, 4, 9, 59, 59)) == [Decimal(20_000)]
        assert fines(t(2024, 3, 4, 10)) == [Decimal(20_000), Decimal(30_000)]

    def test_heaviest_node_fines_are_the_option(self) -> None:
        p = penalties.get_policy("tmall", serious_fines_per_node=False, exam_required=False)
        once = p.evaluate([v("a", "serious", t(2024, 3, 1), 24)])
        assert [f.amount for f in once.sanctions if f.kind is SanctionKind.FINE] == [
            Decimal(30_000)
        ]
        twice = p.evaluate(
            [v("a", "serious", t(2024, 3, 1), 12), v("b", "serious", t(2024, 3, 4), 12)]
        )
        assert [f.amount for f in twice.sanctions if f.kind is SanctionKind.FINE] == [
            Decimal(20_000),
            Decimal(30_000),
        ]

    def test_36_shop_closed_without_its_own_fine_and_48_sealed(self) -> None:
        tl = TM.evaluate([v("a", "serious", t(2024, 3, 1), 36)])
        (closed,) = [s for s in tl.sanctions if s.threshold == 36]
        assert closed.kind is SanctionKind.SUSPENSION
        assert closed.end == t(2024, 3, 22)
        # the 36 node has no fine; passing 12 and 24 on the way charges theirs
        assert sorted(s.amount for s in tl.sanctions if s.kind is SanctionKind.FINE) == [
            Decimal(20_000),
            Decimal(30_000),
        ]
        sealed = TM.evaluate([v("a", "serious", t(2024, 3, 1), 48)])
        assert sealed.at(t(2024, 3, 1)).status is Status.CLOSED

    def test_assumed_nodes_are_options(self) -> None:
        p = penalties.get_policy(
            "tmall", serious_36_days=30, serious_48_closes=False, exam_required=False
        )
        nodes = [th.points for th in p.ledger("serious").thresholds if not th.parallel]
        assert nodes == [12, 24, 36]
        tl = p.evaluate([v("a", "serious", t(2024, 3, 1), 36)])
        assert [s.end for s in tl.sanctions if s.threshold == 36] == [t(2024, 3, 31)]

    def test_reset_48_kept(self) -> None:
        tl = TM.evaluate(
            [v("a", "serious", t(2024, 6, 1), 48), v("g", "general", t(2024, 6, 1), 5)]
        )
        s = tl.at(NEW_YEAR_2025)
        assert (s.points["serious"], s.points["general"]) == (48, 0)
        assert tl.balance("general", JUST_BEFORE) == 5

    def test_general_violation_points_and_especially_serious(self) -> None:
        assert (
            TM.resolve(
                Violation("a", "general_violation", t(2024, 1, 1), severity="general")
            ).points
            == 2
        )
        assert (
            TM.resolve(
                Violation("a", "general_violation", t(2024, 1, 1), severity="serious")
            ).points
            == 12
        )
        with pytest.raises(InvalidEventError, match="no points in tmall's sources"):
            TM.evaluate(
                [Violation("a", "general_violation", t(2024, 1, 1), severity="especially_serious")]
            )
        tl = TM.evaluate(
            [
                Violation(
                    "a", "general_violation", t(2024, 1, 1), severity="especially_serious", points=0
                )
            ]
        )
        assert tl.at(t(2024, 1, 1)).status is Status.CLOSED

    def test_consumer_complaint_pays_1000(self) -> None:
        tl = TM.evaluate([Violation("c", "consumer_complaint", t(2024, 1, 1), points=2)])
        (fine,) = tl.sanctions
        assert (fine.kind, fine.amount, fine.currency, fine.ledger) == (
            SanctionKind.FINE,
            Decimal(1000),
            "CNY",
            None,
        )
        assert fine.end == t(2024, 1, 2)

    def test_direct_fine_duration_is_an_option(self) -> None:
        at = t(2024, 1, 1, 10)
        tl = TM.evaluate([Violation("c", "consumer_complaint", at, points=2)])
        assert tl.at(t(2024, 1, 2, 9, 59, 59)).status is Status.WARNED
        assert tl.at(t(2024, 1, 2, 10)).status is Status.GOOD
        p = penalties.get_policy("tmall", direct_fine_days=3, exam_required=False)
        (fine,) = p.evaluate([Violation("c", "consumer_complaint", at, points=2)]).sanctions
        assert fine.end == t(2024, 1, 4, 10)

    def test_counterfeit_carry_over_as_taobao(self) -> None:
        tl = TM.evaluate([v("a", "counterfeit", t(2024, 6, 1), 30)])
        assert tl.balance("counterfeit", NEW_YEAR_2025) == 24
