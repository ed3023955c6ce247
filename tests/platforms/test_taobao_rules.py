"""Taobao/Tmall rules of issue 15's second pass, each from its rule text: Tmall's store
supervision (cymth 40771: dishonesty and spam-listing rules, cumulative 24 → store under
supervision 7 days, 48 → 28 days)."""

from __future__ import annotations

import penalties
from penalties import Appeal, AppealOutcome, SanctionKind, Status, Violation
from tests.helpers import t

TM = penalties.get_policy("tmall", exam_required=False)  # supervision does not wait anyway


def v(vid: str, kind: str, at: object, points: int) -> Violation:
    return Violation(vid, kind, at, points=points)  # type: ignore[arg-type]


def supervision(tl: penalties.Timeline, at: object) -> list[penalties.Sanction]:
    return [s for s in tl.at(at).sanctions if s.ledger == "supervision"]  # type: ignore[arg-type]


class TestStoreSupervision:
    def test_24_points_of_those_rules_7_days_one_second_either_side(self) -> None:
        at = t(2024, 3, 5, 10)
        events = [v("d", "dishonesty", t(2024, 3, 1, 10), 12), v("s", "spam_listing", at, 12)]
        tl = TM.evaluate(events)
        assert supervision(tl, at.subtract(seconds=1)) == []
        (node,) = supervision(tl, at)
        assert (node.kind, node.threshold, node.end) == (
            SanctionKind.RESTRICTION,
            24,
            t(2024, 3, 12, 10),
        )
        assert supervision(tl, t(2024, 3, 12, 9, 59, 59)) == [node]
        assert supervision(tl, t(2024, 3, 12, 10)) == []

    def test_the_points_count_on_general_too(self) -> None:
        tl = TM.evaluate([v("d", "dishonesty", t(2024, 3, 1), 24)])
        s = tl.at(t(2024, 3, 1))
        assert (s.points["general"], s.points["supervision"]) == (24, 24)
        assert {x.ledger for x in s.sanctions} == {"general", "supervision"}

    def test_other_general_points_do_not_count_towards_supervision(self) -> None:
        events = [
            v("d", "dishonesty", t(2024, 3, 1), 12),
            Violation("g", "general_violation", t(2024, 3, 2), severity="serious"),
        ]
        tl = TM.evaluate(events)
        s = tl.at(t(2024, 3, 2))
        assert (s.points["general"], s.points["supervision"]) == (24, 12)
        assert supervision(tl, t(2024, 3, 2)) == []

    def test_48_points_28_days(self) -> None:
        at = t(2024, 3, 1, 10)
        tl = TM.evaluate([v("d", "dishonesty", at, 24), v("s", "spam_listing", t(2024, 5, 1), 24)])
        (node,) = supervision(tl, t(2024, 5, 1))
        assert (node.threshold, node.end) == (48, t(2024, 5, 29))
        assert supervision(tl, t(2024, 5, 28, 23, 59, 59)) == [node]
        assert supervision(tl, t(2024, 5, 29)) == []

    def test_48_while_24_runs_counts_from_its_start(self) -> None:
        at = t(2024, 3, 1, 10)
        tl = TM.evaluate([v("d", "dishonesty", at, 24), v("s", "spam_listing", t(2024, 3, 3), 24)])
        (node,) = supervision(tl, t(2024, 3, 3))
        assert (node.threshold, node.end) == (48, t(2024, 3, 29, 10))  # 28 days from 1 Mar

    def test_an_appeal_takes_the_points_off_both_ledgers(self) -> None:
        events = [
            v("d", "dishonesty", t(2024, 3, 1), 12),
            v("s", "spam_listing", t(2024, 3, 2), 12),
            Appeal("s", t(2024, 3, 3), t(2024, 3, 4), AppealOutcome.GRANTED),
        ]
        tl = TM.evaluate(events)
        before, after = tl.at(t(2024, 3, 3, 23, 59, 59)), tl.at(t(2024, 3, 4))
        assert (before.points["general"], before.points["supervision"]) == (24, 24)
        assert (after.points["general"], after.points["supervision"]) == (12, 12)
        assert supervision(tl, t(2024, 3, 4)) == []
        reduced = TM.evaluate(
            [
                *events[:2],
                Appeal("s", t(2024, 3, 3), t(2024, 3, 4), AppealOutcome.REDUCED, points_after=2),
            ]
        )
        assert reduced.at(t(2024, 3, 4)).points["supervision"] == 14

    def test_cleared_at_the_year_end(self) -> None:
        tl = TM.evaluate([v("d", "dishonesty", t(2024, 12, 30), 24)])
        assert tl.balance("supervision", t(2024, 12, 31, 23, 59, 59)) == 24
        assert tl.balance("supervision", t(2025, 1, 1)) == 0
        assert tl.at(t(2025, 1, 1)).status is not Status.GOOD  # the 7 days still run

    def test_the_option_leaves_it_out(self) -> None:
        p = penalties.get_policy("tmall", store_supervision=False)
        assert "supervision" not in {lg.code for lg in p.ledgers}
        assert p.kind("dishonesty").also_counts_on == ()
        tl = p.evaluate([v("d", "dishonesty", t(2024, 3, 1), 24)])
        assert {s.ledger for s in tl.sanctions} == {"general"}
