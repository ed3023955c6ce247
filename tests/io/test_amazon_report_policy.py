"""The Amazon report adapter's events evaluate under the ``amazon`` policy."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum

from penalties import SanctionKind, Status, get_policy
from penalties.io.amazon import parse_performance_report, report_to_events

FIXTURES = Path(__file__).parent.parent / "fixtures" / "payloads"
US = "ATVPDKIKX0DER"


def test_report_events_evaluate_under_the_amazon_policy() -> None:
    report = parse_performance_report(
        json.loads((FIXTURES / "amazon_performance_report.json").read_text(encoding="utf-8"))
    )
    at = pendulum.datetime(2024, 5, 22, 8, tz="UTC")
    events = report_to_events(report, at=at, points=10, severity="medium", marketplace=US)
    policy = get_policy("amazon", market="US")
    standing = policy.standing(events, at)
    assert standing.points["ip_complaints"] == 2
    assert standing.points["account_health"] == 10 * 9  # nine AHR defects in the fixture
    assert standing.scores["account_health"] == 110
    assert standing.status is Status.RESTRICTED
    kinds = [s.kind for s in standing.sanctions]
    assert kinds.count(SanctionKind.LISTING_REMOVAL) == 2
    weighted = get_policy("amazon", severity_points={"medium": 10})
    unstated = report_to_events(report, at=at, severity="medium", marketplace=US)
    assert weighted.standing(unstated, at).points == standing.points
