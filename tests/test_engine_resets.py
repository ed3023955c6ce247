"""Regression: ledgers whose carried balances are stable stop resetting, together."""

from __future__ import annotations

import penalties
from penalties import Violation
from tests.helpers import t


def test_two_stable_carried_ledgers_do_not_reset_for_ever() -> None:
    # Taobao keeps 48+ serious and 48+ counterfeit points at every year end. Each ledger's
    # pending reset used to count as "something still to come" for the other, so both reset
    # every year until the year 10000 raised ValueError.
    policy = penalties.get_policy("taobao")
    events = [
        Violation("s", "serious", t(2024, 3, 1, 10), points=48),
        Violation("c", "counterfeit", t(2024, 3, 1, 10), points=48),
    ]
    timeline = policy.evaluate(events)
    assert timeline.balance("serious", t(2030, 6, 1)) == 48
    assert timeline.balance("counterfeit", t(2030, 6, 1)) == 48
    assert timeline.at(t(2030, 6, 1)).status is penalties.Status.CLOSED


def test_a_reset_also_clears_zero_point_records() -> None:
    # A zero-point record (Shopee's 7-day order-volume control) booked on a ledger whose balance
    # is 0 at the next reset used to stay active for ever, so it was named as a cause of tier
    # sanctions quarters later.
    policy = penalties.get_policy("shopee", market="SG")
    sg = "Asia/Singapore"
    events = [
        Violation("control", "order_volume_limit", t(2024, 10, 21, 10, tz=sg)),
        *(
            Violation(f"v{i}", "severe_listing_violations", t(2025, 1, 6 + i, 10, tz=sg))
            for i in range(2)
        ),
    ]
    timeline = policy.evaluate(events)
    (tier,) = [s for s in timeline.sanctions if s.threshold == 3]
    assert tier.cause == ("v0", "v1")
    standing = timeline.at(t(2025, 1, 10, tz=sg))
    assert [c.violation_id for c in standing.contributions["points"]] == ["v0", "v1"]
