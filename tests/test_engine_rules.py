"""Engine rules of issue 15's second pass, each from its rule text: sanctions skipped while an
account was closed, applied when the closure is lifted."""

from __future__ import annotations

import penalties
from penalties import Appeal, AppealOutcome, SanctionKind, Status, Violation
from tests.helpers import t

AE = penalties.get_policy("aliexpress")


def _closed_then_lifted(*more: Violation, decided: object = None) -> list[penalties.Event]:
    """Three serious IP strikes (the third closes the store at 1 Mar 10:00), the third granted
    on appeal at ``decided`` (aliexpress.md: closed only with "no successful appeal")."""
    return [
        Violation("a", "ip_infringement", t(2024, 1, 1), severity="serious"),
        Violation("b", "ip_infringement", t(2024, 2, 1), severity="serious"),
        Violation("c", "ip_infringement", t(2024, 3, 1, 10), severity="serious"),
        *more,
        Appeal("c", t(2024, 3, 1, 11), decided or t(2024, 3, 2, 10), AppealOutcome.GRANTED),
    ]


class TestSkippedWhileClosed:
    def test_a_node_skipped_while_closed_runs_once_the_closure_is_lifted(self) -> None:
        # 12 trade points at 1 Mar 12:00 reach the 7-day freeze while the store is closed; the
        # closure is lifted at 2 Mar 10:00, and the freeze runs to 8 Mar 12:00 (its term from
        # when it was due).
        tl = AE.evaluate(
            _closed_then_lifted(
                Violation("u", "unfair_competition", t(2024, 3, 1, 12), severity="serious")
            )
        )
        assert tl.at(t(2024, 3, 2, 9, 59, 59)).status is Status.CLOSED
        assert tl.at(t(2024, 3, 2, 10)).status is Status.FROZEN
        assert tl.at(t(2024, 3, 8, 11, 59, 59)).status is Status.FROZEN
        assert tl.at(t(2024, 3, 8, 12)).status is Status.GOOD
        (freeze,) = [s for s in tl.sanctions if s.ledger == "trade"]
        assert (freeze.kind, freeze.start, freeze.end) == (
            SanctionKind.FREEZE,
            t(2024, 3, 2, 10),
            t(2024, 3, 8, 12),
        )
        assert "applied when the closure was lifted" in freeze.reason
        # as known before the lift, the freeze was not there
        assert tl.at(t(2024, 3, 2, 9, 59, 59)).sanctions[-1].kind is SanctionKind.CLOSURE

    def test_a_skipped_sanction_whose_term_is_over_stays_unapplied(self) -> None:
        late = t(2024, 3, 8, 12)  # the freeze due 1 Mar 12:00 would have ended here
        for decided, applied in ((late.subtract(seconds=1), True), (late, False)):
            tl = AE.evaluate(
                _closed_then_lifted(
                    Violation("u", "unfair_competition", t(2024, 3, 1, 12), severity="serious"),
                    decided=decided,
                )
            )
            trade = [s for s in tl.sanctions if s.ledger == "trade"]
            assert bool(trade) is applied
            if not applied:
                assert any("already over when applied" in n for n in tl.notes)

    def test_a_skipped_sanction_whose_cause_was_revoked_is_not_applied(self) -> None:
        events = _closed_then_lifted(
            Violation("u", "unfair_competition", t(2024, 3, 1, 12), severity="serious"),
            Appeal("u", t(2024, 3, 1, 13), t(2024, 3, 1, 14), AppealOutcome.GRANTED),
        )
        tl = AE.evaluate(events)
        assert [s for s in tl.sanctions if s.ledger == "trade"] == []
        assert tl.at(t(2024, 3, 2, 10)).status is Status.GOOD

    def test_without_a_lift_the_skipped_sanction_stays_skipped(self) -> None:
        p = penalties.get_policy("aliexpress", ip_strike_appeal_lifts_closure=False)
        tl = p.evaluate(
            _closed_then_lifted(
                Violation("u", "unfair_competition", t(2024, 3, 1, 12), severity="serious")
            )
        )
        assert [s for s in tl.sanctions if s.ledger == "trade"] == []
        assert tl.at(t(2024, 3, 5)).status is Status.CLOSED
