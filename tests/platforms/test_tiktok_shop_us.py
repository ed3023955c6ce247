"""TikTok Shop US: the 0-1000 Account Health Rating and its 150/100/50/0 milestones."""

from __future__ import annotations

import pendulum
import pytest

from penalties import (
    Appeal,
    AppealOutcome,
    InvalidEventError,
    PolicyDefinitionError,
    Revocation,
    RevocationReason,
    SanctionKind,
    Status,
    UnknownPolicyError,
    Violation,
    get_policy,
)

US = get_policy("tiktok_shop_us")


def la(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="America/Los_Angeles")


def v(vid: str, points: int, *args: int, kind: str = "policy_violation") -> Violation:
    return Violation(vid, kind, la(*args), points=points)


def test_new_shop_starts_at_200() -> None:
    s = US.standing([], la(2026, 1, 1))
    assert s.scores == {"account_health": 200}
    assert s.status is Status.GOOD


def test_milestone_150_restricts_listing_for_7_days() -> None:
    tl = US.evaluate([v("a", 49, 2026, 1, 5, 10)])
    assert tl.at(la(2026, 1, 6)).status is Status.GOOD
    tl = US.evaluate([v("a", 50, 2026, 1, 5, 10)])
    (r,) = tl.sanctions
    assert (r.kind, r.start, r.end) == (
        SanctionKind.RESTRICTION,
        la(2026, 1, 5, 10),
        la(2026, 1, 12, 10),
    )
    assert tl.at(la(2026, 1, 6)).scores["account_health"] == 150


def test_deeper_milestones_and_deactivation_at_zero() -> None:
    events = [v("a", 60, 2026, 1, 5), v("b", 100, 2026, 1, 20), v("c", 40, 2026, 2, 1)]
    tl = US.evaluate(events)
    s = tl.at(la(2026, 1, 21))
    assert s.scores["account_health"] == 40
    ends = sorted((x.threshold, x.end) for x in s.sanctions)
    assert ends == [(100, la(2026, 2, 3)), (150, la(2026, 2, 17))]
    final = tl.at(la(2026, 2, 1))
    assert final.status is Status.CLOSED
    assert final.scores["account_health"] == 0
    assert tl.at(la(2027, 1, 1)).status is Status.CLOSED


def test_milestones_apply_from_2025_10_14() -> None:
    assert US.evaluate([v("a", 50, 2025, 10, 13, 12)]).sanctions == ()
    assert len(US.evaluate([v("a", 50, 2025, 10, 14, 12)]).sanctions) == 1


def test_deductions_lapse_after_180_days_and_milestones_fire_again() -> None:
    events = [v("a", 50, 2026, 1, 5, 10), v("b", 50, 2026, 9, 1)]
    tl = US.evaluate(events)
    assert tl.at(la(2026, 7, 4, 10)).scores["account_health"] == 200
    assert [s.threshold for s in tl.sanctions] == [50, 50]


def test_correction_restores_points_and_lifts_the_restriction() -> None:
    events = [
        v("a", 60, 2026, 1, 5),
        Revocation("a", la(2026, 1, 7), RevocationReason.RESOLVED),
    ]
    s = US.standing(events, la(2026, 1, 7))
    assert s.status is Status.GOOD
    assert s.scores["account_health"] == 200
    granted = [
        v("a", 60, 2026, 1, 5),
        Appeal("a", la(2026, 1, 6), la(2026, 1, 7), AppealOutcome.GRANTED),
    ]
    assert US.standing(granted, la(2026, 1, 7)).status is Status.GOOD


def test_points_must_be_stated() -> None:
    with pytest.raises(InvalidEventError, match="points="):
        US.evaluate([Violation("a", "performance_standard", la(2026, 1, 1))])


def test_options() -> None:
    older = get_policy("tiktok_shop_us", starting_rating=300)
    assert older.standing([v("a", 149, 2026, 1, 5)], la(2026, 1, 6)).status is Status.GOOD
    assert older.standing([v("a", 150, 2026, 1, 5)], la(2026, 1, 6)).status is Status.RESTRICTED
    longer = get_policy("tiktok_shop_us", milestone_days={150: 10, 100: 20, 50: 30})
    (r,) = longer.evaluate([v("a", 50, 2026, 1, 5)]).sanctions
    assert r.end == la(2026, 1, 15)
    for bad in ({"starting_rating": 150}, {"window_days": 0}, {"milestone_days": {150: 7}}):
        with pytest.raises(PolicyDefinitionError):
            get_policy("tiktok_shop_us", **bad)


def test_sea_code_points_us_sellers_here() -> None:
    with pytest.raises(UnknownPolicyError, match="tiktok_shop_us"):
        get_policy("tiktok_shop", market="US")
    with pytest.raises(UnknownPolicyError):
        get_policy("tiktok_shop_us", market="PH")
