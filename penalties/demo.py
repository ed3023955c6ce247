"""A bundled example: a year in the life of an AliExpress seller, used by ``penalties demo``."""

from __future__ import annotations

from penalties.events import Appeal, AppealOutcome, Event, Violation

__all__ = ["DEMO_INSTANTS", "DEMO_WHAT_IF_AT", "demo_history", "demo_what_if"]

DEMO_INSTANTS = (
    "2024-03-12T12:00:00+08:00",
    "2024-06-03T12:00:00+08:00",
    "2024-09-01T12:00:00+08:00",
    "2025-03-01T12:00:00+08:00",
)
"""Instants at which the demo explains the account (Asia/Shanghai)."""

DEMO_WHAT_IF_AT = "2025-03-01T12:00:00+08:00"
"""The instant of the demo's what-if: one more serious unfair-competition penalty."""


def demo_what_if() -> Violation:
    """The violation the demo's what-if adds: a serious unfair-competition penalty (12 points,
    enough on its own to freeze the store for 7 days)."""
    return Violation("what-if", "unfair_competition", DEMO_WHAT_IF_AT, severity="serious")


def demo_history() -> list[Event]:
    """Twelve months of an AliExpress store: a trade freeze at 12 points, IP complaints capped
    at 6 points a day, two serious IP strikes merged into one, and a granted appeal."""
    return [
        Violation(
            "AE-2024-001",
            "false_shipment",
            "2024-01-15T09:30:00+08:00",
            severity="general",
            reference="order 8123",
        ),
        Violation(
            "AE-2024-002",
            "unfair_competition",
            "2024-02-20T14:00:00+08:00",
            severity="general",
            note="malicious review against a competitor",
        ),
        Violation(
            "AE-2024-003",
            "transaction_non_fulfilment",
            "2024-03-08T10:00:00+08:00",
            severity="general",
        ),
        Violation(
            "AE-2024-004",
            "false_shipment",
            "2024-03-10T16:45:00+08:00",
            severity="general",
            reference="order 9410",
        ),
        Violation(
            "AE-2024-005", "unfair_competition", "2024-03-11T11:00:00+08:00", severity="general"
        ),
        Violation(
            "AE-2024-006",
            "ip_infringement",
            "2024-05-06T10:00:00+08:00",
            severity="general",
            points=4,
            reference="complaint IPR-77",
        ),
        Violation(
            "AE-2024-007",
            "ip_infringement",
            "2024-05-06T15:00:00+08:00",
            severity="general",
            points=4,
            reference="complaint IPR-78",
        ),
        Violation(
            "AE-2024-008",
            "ip_infringement",
            "2024-06-01T09:00:00+08:00",
            severity="serious",
            reference="complaint IPR-90",
        ),
        Violation(
            "AE-2024-009",
            "ip_infringement",
            "2024-06-02T18:00:00+08:00",
            severity="serious",
            reference="complaint IPR-91",
        ),
        Violation("AE-2024-010", "prohibited_goods", "2024-07-01T08:00:00+08:00"),
        Appeal(
            "AE-2024-010",
            "2024-07-03T09:00:00+08:00",
            "2024-07-10T17:00:00+08:00",
            AppealOutcome.GRANTED,
        ),
        Violation("AE-2024-011", "fraudulent_qualification", "2024-08-19T10:00:00+08:00"),
    ]
