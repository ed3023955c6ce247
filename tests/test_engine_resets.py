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
