"""TikTok Shop SEA scenarios from the rule text (TH points table, PH milestones and expiry)."""

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
    Stacking,
    Status,
    UnknownPolicyError,
    Violation,
)
from penalties.platforms.tiktok_shop import MARKETS
from tests.helpers import t

MNL = "Asia/Manila"
BKK = "Asia/Bangkok"
PH = penalties.get_policy("tiktok_shop", market="PH")
TH = penalties.get_policy("tiktok_shop", market="TH")


def pts(vid: str, at: DateTime | str, points: int) -> Violation:
    return Violation(vid, "points", at, points=points)


class TestMilestones:
    @pytest.mark.parametrize(
        ("level", "kinds", "days"),
        [
            (12, {SanctionKind.RESTRICTION}, {7}),
            (24, {SanctionKind.RESTRICTION}, {14}),
            (36, {SanctionKind.SUSPENSION, SanctionKind.RESTRICTION}, {28, 60}),
        ],
    )
    def test_milestone_boundaries_and_durations(
        self, level: int, kinds: set[SanctionKind], days: set[int]
    ) -> None:
        at = t(2025, 8, 4, 10, tz=MNL)
        tl = PH.evaluate([pts("a", at.subtract(days=1), level - 1), pts("b", at, 1)])
        before, after = tl.at(at.subtract(seconds=1)), tl.at(at)
        assert before.points["points"] == level - 1
        new = [s for s in after.sanctions if s.start == at]
        assert {s.kind for s in new} == kinds
        assert {(s.end - at).in_days() for s in new} == days  # type: ignore[operator]

    def test_36_points_suspend_the_shop_for_28_days(self) -> None:
        at = t(2025, 8, 4, 10, tz=MNL)
        tl = PH.evaluate([pts("a", at, 36)])
        assert tl.at(at.add(days=28).subtract(seconds=1)).status is Status.SUSPENDED
        assert tl.at(at.add(days=28)).status is Status.RESTRICTED  # no benefits for 60 days
        assert tl.at(at.add(days=60)).status is Status.GOOD

    def test_48_points_close_the_shop_for_good(self) -> None:
        at = t(2025, 8, 4, 10, tz=MNL)
        events: list[Event] = [
            pts("a", at, 47),
            pts("b", at.add(days=1), 1),
            Appeal("b", at.add(days=2), at.add(days=3), AppealOutcome.GRANTED),
        ]
        tl = PH.evaluate(events)
        assert tl.at(at.add(days=1).subtract(seconds=1)).status is Status.SUSPENDED
        assert tl.at(at.add(days=1)).closed
        assert tl.at(at.add(years=2)).closed

    @pytest.mark.parametrize("level", [12, 24, 36, 48])
    def test_warning_5_points_before_each_milestone(self, level: int) -> None:
        at = t(2025, 8, 4, 10, tz=MNL)
        tl = PH.evaluate([pts("a", at.subtract(days=1), level - 6), pts("b", at, 1)])
        warnings = [s for s in tl.at(at).sanctions if s.kind is SanctionKind.WARNING]
        assert [s.reason for s in warnings if s.start == at] == [f"{level}-point warning"]
        assert warnings[-1].end == at.add(days=7)

    def test_warning_options(self) -> None:
        quiet = penalties.get_policy("tiktok_shop", market="PH", warning_margin=0)
        assert [th.points for th in quiet.ledger("points").thresholds] == [12, 24, 36, 48]
        with pytest.raises(penalties.PolicyDefinitionError, match="warning_margin"):
            penalties.get_policy("tiktok_shop", warning_margin=12)

    def test_stacking_option(self) -> None:
        heavy = penalties.get_policy("tiktok_shop", market="PH", stacking=Stacking.heaviest())
        assert heavy.ledger("points").stacking == Stacking.heaviest()


class TestExpiry:
    @pytest.mark.parametrize(("day", "days"), [((2025, 6, 16), 180), ((2025, 6, 17), 90)])
    def test_ph_expiry_changes_on_2025_06_17(self, day: tuple[int, int, int], days: int) -> None:
        at = t(*day, 12, tz=MNL)
        tl = PH.evaluate([pts("a", at, 5)])
        assert tl.balance("points", at.add(days=days).subtract(seconds=1)) == 5
        assert tl.balance("points", at.add(days=days)) == 0

    def test_other_markets_keep_180_days(self) -> None:
        at = t(2025, 8, 1, tz=BKK)
        tl = TH.evaluate([pts("a", at, 5)])
        assert tl.balance("points", at.add(days=90)) == 5
        assert tl.balance("points", at.add(days=180)) == 0

    def test_expiry_option(self) -> None:
        p = penalties.get_policy("tiktok_shop", market="TH", expiry_days=90)
        at = t(2025, 8, 1, tz=BKK)
        assert p.evaluate([pts("a", at, 5)]).balance("points", at.add(days=90)) == 0

    def test_milestone_reached_again_after_points_lapse(self) -> None:
        at = t(2025, 8, 1, tz=MNL)
        tl = PH.evaluate([pts("a", at, 12), pts("b", at.add(days=100), 12)])
        starts = [s.start for s in tl.sanctions if s.kind is SanctionKind.RESTRICTION]
        assert starts == [at, at.add(days=100)]


class TestNoLapseAt48:
    """tiktok_shop.md (PH): points lapse 90 days after issue, but "the lapse does not happen once
    the total has reached 48" (issue 15, item 8)."""

    def test_points_stop_lapsing_once_the_total_reaches_48(self) -> None:
        at = t(2025, 8, 1, 10, tz=MNL)
        tl = PH.evaluate([pts("a", at, 40), pts("b", at.add(days=10), 8)])
        s = tl.at(at.add(years=1))
        assert (s.points["points"], s.status) == (48, Status.CLOSED)
        assert s.expiring == ()
        assert all(c.expires_at is None for c in s.contributions["points"])

    def test_points_lapse_until_the_total_reaches_48(self) -> None:
        at = t(2025, 8, 1, 10, tz=MNL)
        # "a" lapses at day 90 (10:00); "b" on day 90 at 10:00:01 would have made 48.
        late = PH.evaluate([pts("a", at, 40), pts("b", at.add(days=90, seconds=1), 8)])
        assert late.balance("points", at.add(days=90)) == 0
        assert late.at(at.add(days=90, seconds=1)).points["points"] == 8
        early = PH.evaluate([pts("a", at, 40), pts("b", at.add(days=90, seconds=-1), 8)])
        assert early.balance("points", at.add(days=90)) == 48
        assert early.at(at.add(days=90)).closed

    def test_expiries_before_48_are_still_shown(self) -> None:
        at = t(2025, 8, 1, 10, tz=MNL)
        tl = PH.evaluate([pts("a", at, 40), pts("b", at.add(days=10), 8)])
        (expiry,) = tl.at(at.add(days=1)).expiring
        assert expiry.at == at.add(days=90)


class TestKinds:
    def test_low_response_rate_outside_ph_is_an_option(self) -> None:
        assert TH.kind("low_response_rate").points is not None
        only_ph = penalties.get_policy(
            "tiktok_shop", market="TH", low_response_rate_outside_ph=False
        )
        assert "low_response_rate" not in {k.code for k in only_ph.kinds}
        ph = penalties.get_policy("tiktok_shop", market="PH", low_response_rate_outside_ph=False)
        assert "low_response_rate" in {k.code for k in ph.kinds}

    def test_ranges_need_the_issued_points(self) -> None:
        at = t(2025, 8, 1, tz=BKK)
        with pytest.raises(InvalidEventError, match="state the deduction"):
            TH.resolve(Violation("a", "ip_infringement", at))
        assert TH.resolve(Violation("a", "ip_infringement", at, points=6)).points == 6
        assert "1-48" in TH.kind("ip_infringement").title
        assert "2-4" in TH.kind("high_late_dispatch_rate").title

    @pytest.mark.parametrize(
        ("kind", "points"),
        [
            ("high_return_refund_rate", 2),
            ("reproduced_content", 48),
            ("illegal_activities", 48),
            ("low_response_rate", 1),
        ],
    )
    def test_fixed_points(self, kind: str, points: int) -> None:
        assert TH.resolve(Violation("a", kind, t(2025, 8, 1, tz=BKK))).points == points

    def test_reproduced_content_closes_the_shop(self) -> None:
        at = t(2025, 8, 1, tz=BKK)
        assert TH.standing([Violation("a", "reproduced_content", at)], at).closed

    def test_granted_appeal_lifts_the_milestone_sanction(self) -> None:
        at = t(2025, 8, 1, tz=MNL)
        events: list[Event] = [
            Violation("a", "ip_infringement", at, points=12),
            Appeal("a", at.add(days=1), at.add(days=2), AppealOutcome.GRANTED),
        ]
        tl = PH.evaluate(events)
        assert tl.at(at.add(days=1)).status is Status.RESTRICTED
        assert tl.at(at.add(days=2)).status is Status.GOOD


class TestMarkets:
    def test_market_zones(self) -> None:
        for code, zone in MARKETS.items():
            p = penalties.get_policy("tiktok_shop", market=code.lower())
            assert (p.market, p.timezone) == (code, zone)

    def test_default_market_is_ph(self) -> None:
        assert penalties.get_policy("tiktok_shop").market == "PH"

    def test_us_points_to_the_unmodelled_score(self) -> None:
        with pytest.raises(UnknownPolicyError, match="tiktok_shop_us"):
            penalties.get_policy("tiktok_shop", market="US")

    def test_unknown_market(self) -> None:
        with pytest.raises(UnknownPolicyError, match="known markets: PH, TH"):
            penalties.get_policy("tiktok_shop", market="XX")
