"""Lazada scenarios taken from the rule text (xeeger 14222, the training deck, the SG
Direct-Return-to-Merchant page)."""

from __future__ import annotations

import pytest
from pendulum import DateTime

import penalties
import penalties.platforms.lazada  # registers "lazada"
from penalties import (
    Appeal,
    AppealOutcome,
    Event,
    InvalidEventError,
    PolicyDefinitionError,
    SanctionKind,
    SanctionSpec,
    Stacking,
    Status,
    UnknownPolicyError,
    Violation,
)
from penalties.platforms.lazada import MARKETS
from tests.helpers import t

MNL = "Asia/Manila"
PH = penalties.get_policy("lazada", market="PH")


def m(*args: int) -> DateTime:
    return t(*args, tz=MNL)


def nc(vid: str, at: DateTime, points: int, kind: str = "non_compliance") -> Violation:
    return Violation(vid, kind, at, points=points)


class TestLadder:
    def test_12_points_block_new_listings_for_7_days(self) -> None:
        tl = PH.evaluate([nc("a", m(2024, 3, 1, 10), 11), nc("b", m(2024, 3, 2, 10), 1)])
        assert tl.at(m(2024, 3, 2, 9, 59, 59)).status is Status.GOOD
        s = tl.at(m(2024, 3, 2, 10))
        assert s.points["non_compliance"] == 12
        assert s.status is Status.RESTRICTED
        (block,) = s.sanctions
        assert block.kind is SanctionKind.RESTRICTION
        assert "no new listings" in block.reason
        assert block.end == m(2024, 3, 9, 10)
        assert tl.at(m(2024, 3, 9, 9, 59, 59)).status is Status.RESTRICTED
        assert tl.at(m(2024, 3, 9, 10)).status is Status.GOOD

    def test_11_points_do_nothing(self) -> None:
        assert PH.evaluate([nc("a", m(2024, 3, 1), 11)]).sanctions == ()

    def test_24_points_block_14_days_and_hide_from_search(self) -> None:
        tl = PH.evaluate([nc("a", m(2024, 3, 1, 10), 23), nc("b", m(2024, 3, 20, 10), 1)])
        assert [s.threshold for s in tl.sanctions if s.start < m(2024, 3, 20)] == [12]
        assert tl.at(m(2024, 3, 20, 9, 59, 59)).status is Status.GOOD
        at24 = tl.at(m(2024, 3, 20, 10))
        reasons = sorted(s.reason for s in at24.sanctions)
        assert all(s.kind is SanctionKind.RESTRICTION for s in at24.sanctions)
        assert any("no new listings" in r for r in reasons)
        assert any("hidden from search" in r for r in reasons)
        assert {s.end for s in at24.sanctions} == {m(2024, 4, 3, 10)}
        assert tl.at(m(2024, 4, 3, 9, 59, 59)).status is Status.RESTRICTED
        assert tl.at(m(2024, 4, 3, 10)).sanctions == ()

    def test_36_points_block_21_days_hide_and_take_all_products_offline(self) -> None:
        tl = PH.evaluate([nc("a", m(2024, 5, 1, 8), 35), nc("b", m(2024, 6, 1, 8), 1)])
        assert tl.at(m(2024, 6, 1, 7, 59, 59)).status is Status.GOOD
        s = tl.at(m(2024, 6, 1, 8))
        assert s.status is Status.RESTRICTED
        got = sorted(x.kind.name for x in s.sanctions)
        assert got == ["LISTING_REMOVAL", "RESTRICTION", "RESTRICTION"]
        removal = next(x for x in s.sanctions if x.kind is SanctionKind.LISTING_REMOVAL)
        assert "all products taken offline" in removal.reason
        assert {x.end for x in s.sanctions} == {m(2024, 6, 22, 8)}
        assert tl.at(m(2024, 6, 22, 7, 59, 59)).status is Status.RESTRICTED
        assert tl.at(m(2024, 6, 22, 8)).status is Status.GOOD

    def test_48_points_close_the_shop_for_good(self) -> None:
        tl = PH.evaluate([nc("a", m(2024, 1, 1), 47), nc("b", m(2024, 2, 1, 12), 1)])
        assert tl.at(m(2024, 2, 1, 11, 59, 59)).status is Status.GOOD
        s = tl.at(m(2024, 2, 1, 12))
        assert s.closed
        closure = next(x for x in s.sanctions if x.kind is SanctionKind.CLOSURE)
        assert closure.end is None
        assert "not appealable" in closure.reason

    def test_closure_survives_expiry_and_appeals(self) -> None:
        events: list[Event] = [
            nc("a", m(2024, 1, 1), 48),
            Appeal("a", m(2024, 1, 2), m(2024, 1, 10), AppealOutcome.GRANTED),
        ]
        tl = PH.evaluate(events)
        assert tl.at(m(2024, 1, 10)).points["non_compliance"] == 0
        assert tl.at(m(2024, 1, 10)).status is Status.CLOSED
        assert tl.at(m(2026, 1, 1)).status is Status.CLOSED

    def test_no_sanction_after_closure(self) -> None:
        tl = PH.evaluate([nc("a", m(2024, 1, 1), 48), nc("b", m(2025, 6, 1), 12)])
        assert all(x.start == m(2024, 1, 1) for x in tl.sanctions)
        assert tl.sanctions[-1].kind is SanctionKind.CLOSURE
        assert any("not applied" in n for n in tl.notes)

    def test_one_big_record_passes_every_node(self) -> None:
        tl = PH.evaluate([nc("a", m(2024, 1, 1), 40)])
        assert sorted({s.threshold for s in tl.sanctions if s.threshold}) == [12, 24, 36]
        assert tl.at(m(2024, 1, 1)).status is Status.RESTRICTED


class TestExpiry:
    def test_points_valid_365_days_from_receipt(self) -> None:
        tl = PH.evaluate([nc("a", m(2024, 3, 1, 10), 5)])
        assert tl.balance("non_compliance", m(2025, 3, 1, 9, 59, 59)) == 5
        assert tl.balance("non_compliance", m(2025, 3, 1, 10)) == 0

    def test_each_violation_lapses_on_its_own(self) -> None:
        tl = PH.evaluate([nc("a", m(2024, 1, 10), 6), nc("b", m(2024, 6, 10), 4)])
        assert tl.balance("non_compliance", m(2025, 1, 8)) == 10
        assert tl.balance("non_compliance", m(2025, 1, 9)) == 4
        assert tl.balance("non_compliance", m(2025, 6, 10)) == 0

    def test_block_again_after_points_lapse(self) -> None:
        tl = PH.evaluate([nc("a", m(2023, 1, 1), 12), nc("b", m(2024, 1, 2), 12)])
        assert [s.threshold for s in tl.sanctions] == [12, 12]

    def test_days_are_counted_in_the_market_zone(self) -> None:
        vn = penalties.get_policy("lazada", market="VN")
        # 2024-03-01 00:30 in Ho Chi Minh City is still 2024-02-29 in UTC.
        v = Violation("a", "non_compliance", t(2024, 3, 1, 0, 30, tz="Asia/Ho_Chi_Minh"), points=3)
        tl = vn.evaluate([v])
        assert tl.balance("non_compliance", t(2025, 3, 1, 0, 29, tz="Asia/Ho_Chi_Minh")) == 3
        assert tl.balance("non_compliance", t(2025, 3, 1, 0, 30, tz="Asia/Ho_Chi_Minh")) == 0

    def test_calendar_year_reading_resets_on_1_january(self) -> None:
        p = penalties.get_policy("lazada", market="PH", validity="calendar_year")
        tl = p.evaluate([nc("a", m(2024, 12, 30), 7)])
        assert tl.balance("non_compliance", m(2024, 12, 31, 23, 59, 59)) == 7
        assert tl.balance("non_compliance", m(2025, 1, 1)) == 0

    def test_expiry_days_option(self) -> None:
        p = penalties.get_policy("lazada", expiry_days=180)
        tl = p.evaluate(
            [Violation("a", "non_compliance", t(2024, 1, 1, tz="Asia/Singapore"), points=2)]
        )
        assert tl.balance("non_compliance", t(2024, 6, 28, 23, tz="Asia/Singapore")) == 2
        assert tl.balance("non_compliance", t(2024, 6, 29, tz="Asia/Singapore")) == 0

    def test_bad_validity_option(self) -> None:
        with pytest.raises(PolicyDefinitionError, match="calendar_year"):
            penalties.get_policy("lazada", validity="first_deduction")


class TestStacking:
    EVENTS = (nc("a", m(2024, 3, 1, 10), 12), nc("b", m(2024, 3, 5, 10), 12))

    def test_default_runs_nodes_in_parallel(self) -> None:
        assert PH.ledger("non_compliance").stacking == Stacking.parallel()
        tl = PH.evaluate(self.EVENTS)
        blocks = [s for s in tl.sanctions if "no new listings" in s.reason]
        assert [(s.start, s.end) for s in blocks] == [
            (m(2024, 3, 1, 10), m(2024, 3, 8, 10)),
            (m(2024, 3, 5, 10), m(2024, 3, 19, 10)),
        ]
        # Same restricted period as "the 24 node runs from the moment reached and replaces".
        assert tl.at(m(2024, 3, 19, 9, 59, 59)).status is Status.RESTRICTED
        assert tl.at(m(2024, 3, 19, 10)).status is Status.GOOD

    def test_heaviest_counts_from_the_first_node(self) -> None:
        p = penalties.get_policy("lazada", market="PH", stacking=Stacking.heaviest())
        tl = p.evaluate(self.EVENTS)
        assert tl.at(m(2024, 3, 15, 9, 59, 59)).status is Status.RESTRICTED
        assert tl.at(m(2024, 3, 15, 10)).status is Status.GOOD

    def test_extend_restarts_running_blocks(self) -> None:
        p = penalties.get_policy(
            "lazada", market="PH", stacking=Stacking.extend(SanctionKind.RESTRICTION)
        )
        tl = p.evaluate([nc("a", m(2024, 3, 1, 10), 12), nc("b", m(2024, 3, 5, 10), 1)])
        assert tl.at(m(2024, 3, 12, 9, 59, 59)).status is Status.RESTRICTED
        assert tl.at(m(2024, 3, 12, 10)).status is Status.GOOD


class TestKinds:
    def test_brushing_needs_the_points_issued(self) -> None:
        with pytest.raises(InvalidEventError, match="state the deduction"):
            PH.evaluate([Violation("a", "brushing", m(2024, 1, 1))])
        assert "1-16" in PH.kind("brushing").title

    @pytest.mark.parametrize("day", [(2022, 4, 1), (2022, 4, 3)])
    def test_brushing_around_2022_04_02_books_the_stated_points(
        self, day: tuple[int, int, int]
    ) -> None:
        # The 2022-04-02 rule caps brushing at 16 points; the points issued are always stated,
        # so nothing computed changes on that date.
        v = Violation("a", "brushing", m(*day), points=16)
        assert PH.resolve(v).points == 16
        assert PH.resolve(v).computed is None

    def test_content_and_catalogue_needs_points(self) -> None:
        v = Violation("a", "content_and_catalogue", m(2024, 1, 1), points=4)
        assert PH.standing([v], m(2024, 1, 2)).points["non_compliance"] == 4
        with pytest.raises(InvalidEventError):
            PH.evaluate([Violation("b", "content_and_catalogue", m(2024, 1, 1))])

    def test_direct_return_is_singapore_only(self) -> None:
        with pytest.raises(penalties.UnknownViolationKindError):
            PH.kind("direct_return_to_merchant")
        assert [lg.code for lg in PH.ledgers] == ["non_compliance"]


SGT = "Asia/Singapore"
SG = penalties.get_policy("lazada", market="SG")


def s(*args: int) -> DateTime:
    return t(*args, tz=SGT)


def offence(vid: str, at: DateTime) -> Violation:
    return Violation(vid, "direct_return_to_merchant", at, severity="offence")


class TestDirectReturnToMerchantSG:
    def test_points_go_to_the_shared_total(self) -> None:
        v = Violation("p", "direct_return_to_merchant", s(2024, 1, 1), severity="points", points=6)
        st = SG.standing([v], s(2024, 1, 1))
        assert st.points == {"non_compliance": 6, "direct_return": 0}

    def test_offence_ladder_1_2_3_months(self) -> None:
        events: list[Event] = [
            offence("o1", s(2024, 1, 1, 9)),
            offence("o2", s(2024, 6, 1, 9)),
            offence("o3", s(2024, 11, 1, 9)),
        ]
        tl = SG.evaluate(events)
        ends = [(x.threshold, x.end) for x in tl.sanctions]
        assert ends == [
            (1, s(2024, 1, 31, 9)),
            (2, s(2024, 7, 31, 9)),
            (3, s(2025, 1, 30, 9)),
        ]
        assert all("automatic return approval" in x.reason for x in tl.sanctions)
        assert tl.at(s(2024, 1, 31, 8, 59, 59)).status is Status.RESTRICTED
        assert tl.at(s(2024, 1, 31, 9)).status is Status.GOOD

    def test_second_offence_after_a_year_is_a_first_again(self) -> None:
        # 2024 is a leap year: 365 days after 2024-01-01 is 2024-12-31.
        tl = SG.evaluate([offence("o1", s(2024, 1, 1, 9)), offence("o2", s(2024, 12, 31, 9))])
        assert [x.threshold for x in tl.sanctions] == [1, 1]
        tl = SG.evaluate([offence("o1", s(2024, 1, 1, 9)), offence("o2", s(2024, 12, 30, 9))])
        assert [x.threshold for x in tl.sanctions] == [1, 2]

    def test_validity_option(self) -> None:
        p = penalties.get_policy("lazada", market="SG", direct_return_validity_days=180)
        events = [offence("o1", s(2024, 1, 1, 9)), offence("o2", s(2024, 6, 29, 9))]
        assert [x.threshold for x in p.evaluate(events).sanctions] == [1, 1]  # 180 days later
        events[1] = offence("o2", s(2024, 6, 28, 9))
        assert [x.threshold for x in p.evaluate(events).sanctions] == [1, 2]
        assert "direct_return_validity" in {a.code for a in SG.assumptions}

    def test_month_option(self) -> None:
        p = penalties.get_policy("lazada", market="SG", direct_return_month_days=31)
        (x,) = p.evaluate([offence("o1", s(2024, 1, 1))]).sanctions
        assert x.end == s(2024, 2, 1)


class TestAppeals:
    def test_granted_appeal_lifts_the_block(self) -> None:
        events: list[Event] = [
            nc("a", m(2024, 3, 1, 10), 12),
            Appeal("a", m(2024, 3, 2), m(2024, 3, 3, 15), AppealOutcome.GRANTED),
        ]
        tl = PH.evaluate(events)
        assert tl.at(m(2024, 3, 3, 14, 59, 59)).status is Status.RESTRICTED
        after = tl.at(m(2024, 3, 3, 15))
        assert after.status is Status.GOOD
        assert after.points["non_compliance"] == 0

    def test_option_keeps_the_block(self) -> None:
        p = penalties.get_policy("lazada", market="PH", appeal_lifts_sanctions=False)
        events: list[Event] = [
            nc("a", m(2024, 3, 1, 10), 12),
            Appeal("a", m(2024, 3, 2), m(2024, 3, 3, 15), AppealOutcome.GRANTED),
        ]
        assert p.standing(events, m(2024, 3, 4)).status is Status.RESTRICTED

    def test_no_appeal_window_is_sourced(self) -> None:
        assert PH.appeal_deadline(nc("a", m(2024, 1, 1), 3)) is None


class TestMarkets:
    @pytest.mark.parametrize(("market", "zone"), sorted(MARKETS.items()))
    def test_each_market_has_its_zone_and_the_same_ladder(self, market: str, zone: str) -> None:
        p = penalties.get_policy("lazada", market=market)
        assert (p.code, p.market, p.timezone) == ("lazada", market, zone)
        levels = [th.points for th in p.ledger("non_compliance").thresholds]
        assert levels == [12, 24, 36, 48]

    def test_markets_are_registered(self) -> None:
        assert penalties.list_markets("lazada") == ("MY", "SG", "PH", "TH", "VN", "ID")

    def test_regional_rules(self) -> None:
        p = penalties.get_policy("lazada")
        assert (p.market, p.timezone) == (None, "Asia/Singapore")
        assert [lg.code for lg in p.ledgers] == ["non_compliance"]

    def test_market_code_is_case_insensitive(self) -> None:
        assert penalties.get_policy("lazada", market="my").market == "MY"

    def test_unknown_market(self) -> None:
        with pytest.raises(UnknownPolicyError, match="MY, SG, PH, TH, VN, ID"):
            penalties.get_policy("lazada", market="JP")

    def test_unknown_option(self) -> None:
        with pytest.raises(PolicyDefinitionError, match="does not take that option"):
            penalties.get_policy("lazada", freeze_days=3)

    def test_ladder_option_replaces_the_ladder(self) -> None:
        p = penalties.get_policy(
            "lazada",
            market="TH",
            ladder={
                10: (SanctionSpec(SanctionKind.RESTRICTION, 3),),
                30: (SanctionSpec(SanctionKind.CLOSURE),),
            },
        )
        bkk = "Asia/Bangkok"
        v = Violation("a", "non_compliance", t(2024, 1, 1, tz=bkk), points=10)
        (x,) = p.evaluate([v]).sanctions
        assert (x.threshold, x.end) == (10, t(2024, 1, 4, tz=bkk))
        assert any(a.option == "ladder" for a in p.assumptions)
