"""penalties.plot, continued: ranges that end before the history, appeals on violations that
booked nothing or lie outside the range, and thresholds not in force in the range."""

from __future__ import annotations

import datetime as dt
from typing import Any

import matplotlib.dates as mdates
import pendulum
import pytest

from penalties import (
    Appeal,
    AppealOutcome,
    Ledger,
    Policy,
    SanctionKind,
    SanctionSpec,
    Threshold,
    Violation,
    ViolationKind,
    get_policy,
)
from penalties.plot import plot_timeline

pytest.importorskip("matplotlib")

SHANGHAI = "Asia/Shanghai"


def _legend_labels(fig: Any) -> list[str]:
    return [t.get_text() for t in fig.legends[0].get_texts()]


def _xlim(fig: Any) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    lo, hi = fig.axes[0].get_xlim()
    a, b = mdates.num2date(lo), mdates.num2date(hi)
    return pendulum.instance(a), pendulum.instance(b)


def test_an_end_before_the_history_moves_the_start_back() -> None:
    ali = get_policy("aliexpress")
    timeline = ali.evaluate(
        [Violation("v1", "unfair_competition", "2024-06-01T10:00:00+08:00", severity="serious")]
    )
    end = pendulum.datetime(2024, 1, 1, tz=SHANGHAI)
    x0, x1 = _xlim(plot_timeline(timeline, end=end))
    assert abs((x1 - end).total_seconds()) < 1
    assert x0 < x1
    # The margin is 4 % of the history, which runs to the points' expiry 365 days later.
    assert (x1 - x0).total_seconds() == pytest.approx(0.04 * 365 * 86400, abs=1)


def test_an_appeal_on_a_violation_that_booked_nothing_is_still_marked() -> None:
    shopee = get_policy("shopee", market="MY")
    events = [
        Violation("a", "points", "2024-05-01T10:00:00+08:00", points=0),
        Appeal("a", "2024-05-02T10:00:00+08:00", "2024-05-09T10:00:00+08:00", AppealOutcome.DENIED),
    ]
    timeline = shopee.evaluate(events)
    assert not any("a" in c.cause for c in timeline.changes)
    fig = plot_timeline(timeline, ledgers=["points"])
    assert "appeal denied" in _legend_labels(fig)


def test_appeals_filed_before_the_range_show_only_their_decision() -> None:
    shopee = get_policy("shopee", market="MY")
    events = [
        Violation("a", "points", "2024-05-01T10:00:00+08:00", points=4),
        Appeal(
            "a", "2024-05-02T10:00:00+08:00", "2024-06-09T10:00:00+08:00", AppealOutcome.GRANTED
        ),
        Violation("b", "points", "2024-05-03T10:00:00+08:00", points=2),
        Appeal("b", "2024-05-04T10:00:00+08:00", "2024-05-10T10:00:00+08:00", AppealOutcome.DENIED),
    ]
    start = pendulum.datetime(2024, 6, 1, tz=SHANGHAI)
    end = pendulum.datetime(2024, 7, 1, tz=SHANGHAI)
    fig = plot_timeline(shopee.evaluate(events), start=start, end=end)
    labels = _legend_labels(fig)
    assert "appeal granted" in labels  # decided inside the range
    assert "appeal denied" not in labels  # filed and decided before it
    assert "appeal filed" not in labels


def test_a_threshold_not_in_force_in_the_range_is_not_drawn() -> None:
    old = Threshold(2, (SanctionSpec(SanctionKind.FREEZE, 7),), effective_until=dt.date(2020, 1, 1))
    policy = Policy(
        "old",
        "Old rules",
        "UTC",
        (Ledger("main", "Main", thresholds=(old,)),),
        (ViolationKind("late", "Late", "main", points=1),),
        ("https://example.com/old",),
    )
    timeline = policy.evaluate([Violation("v1", "late", "2024-03-01T10:00:00Z")])
    labels = _legend_labels(plot_timeline(timeline))
    assert "balance" in labels
    assert "threshold" not in labels
