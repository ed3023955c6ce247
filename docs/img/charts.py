"""Draw the charts shown in the docs (``docs/img/*.png``) with :mod:`penalties.plot`.

Run ``python docs/img/charts.py`` after changing the chart or the histories below. Needs the
``plot`` extra (matplotlib). ``tests/test_plot.py`` checks that each image is there and has
the size its chart has today.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import penalties
from penalties import Appeal, AppealOutcome, Timeline, Violation
from penalties.demo import demo_history
from penalties.plot import save_timeline

HERE = Path(__file__).resolve().parent
DPI = 100


def demo() -> Timeline:
    """The bundled AliExpress demo account."""
    return penalties.get_policy("aliexpress").evaluate(demo_history())


def shopee() -> Timeline:
    """A Shopee MY shop through the tiers to a freeze, with a denied, a reduced and a pending
    appeal and two quarterly resets."""
    events: list[penalties.Event] = [
        Violation("s1", "severe_listing_violations", "2024-04-10T10:00:00+08:00"),
        Violation("s2", "high_non_fulfilment_rate", "2024-04-15T02:00:00+08:00", points=3),
        Violation("s3", "prohibited_listings", "2024-05-02T10:00:00+08:00", points=2),
        Appeal(
            "s3", "2024-05-03T10:00:00+08:00", "2024-05-10T10:00:00+08:00", AppealOutcome.DENIED
        ),
        Violation("s4", "points", "2024-05-20T10:00:00+08:00", points=4),
        Violation("s5", "points", "2024-06-03T10:00:00+08:00", points=5),
        Violation("s6", "spam_listings", "2024-06-10T10:00:00+08:00", points=2),
        Appeal(
            "s6",
            "2024-06-11T10:00:00+08:00",
            "2024-06-20T10:00:00+08:00",
            AppealOutcome.REDUCED,
            points_after=1,
        ),
        Violation("s7", "severe_listing_violations", "2024-07-15T10:00:00+08:00"),
        Violation("s8", "points", "2024-08-01T10:00:00+08:00", points=3),
        Appeal("s8", "2024-08-02T10:00:00+08:00"),
    ]
    return penalties.get_policy("shopee", market="MY").evaluate(events)


CHARTS: dict[str, tuple[Callable[[], Timeline], str]] = {
    "demo-timeline.png": (demo, "demo store"),
    "shopee-timeline.png": (shopee, "MY shop"),
}
"""File name: (the timeline, the account named in the title)."""


def main() -> int:
    for name, (timeline, account) in CHARTS.items():
        path = save_timeline(timeline(), HERE / name, dpi=DPI, account=account)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
