"""The engine's rules, each exercised through a small policy built from data."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalties import (
    Appeal,
    AppealOutcome,
    CalendarReset,
    CarryOver,
    DailyCap,
    ExpiresAfter,
    InvalidEventError,
    Ledger,
    MergeWindow,
    PointsMismatchWarning,
    QuarterlyReset,
    SanctionKind,
    SanctionSpec,
    Schedule,
    Severity,
    Stacking,
    Status,
    UnknownViolationKindError,
    Violation,
    ViolationKind,
    YearlyReset,
    get_policy,
    list_policies,
)
from penalties.events import Event
from tests.helpers import BERLIN, CLOSE, day, examples, freeze, small_policy, t, th


def V(vid: str, at: object, points: int | None = None, kind: str = "v", **kw: object) -> Violation:
    return Violation(vid, kind, at, points=points, **kw)  # type: ignore[arg-type]


POINTS = ViolationKind("v", "test", "main", points=3)


class TestExpiry:
    def test_points_lapse_after_n_calendar_days_across_dst(self) -> None:
        policy = small_policy(Ledger("main", "Main", validity=ExpiresAfter(7)), tz=BERLIN)
        # 2024-03-31 is the change to summer time in Berlin: 7 calendar days keep 10:00 local.
        tl = policy.evaluate([V("a", t(2024, 3, 28, 10, tz=BERLIN), 5)])
        assert tl.balance("main", t(2024, 4, 4, 9, 59, 59, tz=BERLIN)) == 5
        assert tl.balance("main", t(2024, 4, 4, 10, tz=BERLIN)) == 0
        assert tl.changes[-1].at == t(2024, 4, 4, 10, tz=BERLIN)

    def test_expiry_days_follow_rule_versions(self) -> None:
        validity = ExpiresAfter(Schedule.dated((None, 180), (day(2025, 6, 17), 90)))
        policy = small_policy(Ledger("main", "Main", validity=validity))
        tl = policy.evaluate([V("old", t(2025, 6, 16, 12), 1), V("new", t(2025, 6, 17, 12), 1)])
        old, new = (b for b in tl.at(t(2025, 6, 18)).contributions["main"])
        assert old.expires_at == t(2025, 12, 13, 12)
        assert new.expires_at == t(2025, 9, 15, 12)

    def test_booking_at_the_expiry_instant_sees_the_old_points_gone(self) -> None:
        ledger = Ledger("main", "Main", validity=ExpiresAfter(10), thresholds=(th(10),))
        policy = small_policy(ledger)
        tl = policy.evaluate([V("a", t(2024, 1, 1), 6), V("b", t(2024, 1, 11), 6)])
        assert tl.balance("main", t(2024, 1, 11)) == 6
        assert tl.sanctions == ()


class TestResets:
    def test_yearly_reset_at_31_december_24_00(self) -> None:
        ledger = Ledger("main", "Main", validity=CalendarReset(YearlyReset()))
        tl = small_policy(ledger).evaluate([V("a", t(2024, 6, 1), 11)])
        assert tl.balance("main", t(2024, 12, 31, 23, 59, 59)) == 11
        assert tl.balance("main", t(2025, 1, 1)) == 0

    def test_carry_over_keeps_and_caps(self) -> None:
        validity = CalendarReset(
            YearlyReset(),
            carry_over=(CarryOver(48), CarryOver(24, 47, keep=24, basis="added")),
            carry_over_since=day(2013, 1, 1),
        )
        policy = small_policy(Ledger("main", "Main", validity=validity))
        assert policy.evaluate([V("a", t(2024, 6, 1), 30)]).balance("main", t(2025, 1, 2)) == 24
        assert policy.evaluate([V("a", t(2024, 6, 1), 50)]).balance("main", t(2025, 1, 2)) == 50
        assert policy.evaluate([V("a", t(2024, 6, 1), 23)]).balance("main", t(2025, 1, 2)) == 0
        # A carried 24 plus fewer than 24 new points is cleared at the next year end.
        tl = policy.evaluate([V("a", t(2024, 6, 1), 30), V("b", t(2025, 3, 1), 10)])
        assert tl.balance("main", t(2025, 12, 31)) == 34
        assert tl.balance("main", t(2026, 1, 1)) == 0
        # Before the carry-over rule existed everything was cleared.
        assert policy.evaluate([V("a", t(2011, 6, 1), 30)]).balance("main", t(2012, 1, 2)) == 0

    def test_reset_appears_in_expiring(self) -> None:
        validity = CalendarReset(QuarterlyReset(weekday=0, which="first"))
        tl = small_policy(Ledger("main", "Main", validity=validity)).evaluate(
            [V("a", t(2024, 2, 10), 4)]
        )
        (expiry,) = tl.at(t(2024, 2, 11)).expiring
        assert expiry.at == t(2024, 4, 1)
        assert expiry.points == 4
        assert tl.balance("main", t(2024, 4, 1)) == 0

    def test_running_sanctions_continue_past_a_reset(self) -> None:
        ledger = Ledger(
            "main", "Main", validity=CalendarReset(YearlyReset()), thresholds=(th(12, freeze(7)),)
        )
        tl = small_policy(ledger).evaluate([V("a", t(2024, 12, 30), 12)])
        s = tl.at(t(2025, 1, 2))
        assert s.points["main"] == 0
        assert s.status is Status.FROZEN


class TestThresholds:
    def test_fires_at_exactly_n_and_not_before(self) -> None:
        policy = small_policy(Ledger("main", "Main", thresholds=(th(12),)))
        assert policy.evaluate([V("a", t(2024, 1, 1), 11)]).sanctions == ()
        (s,) = policy.evaluate([V("a", t(2024, 1, 1), 12)]).sanctions
        assert s.start == t(2024, 1, 1)
        assert s.end == t(2024, 1, 8)
        assert s.threshold == 12

    def test_every_n_points(self) -> None:
        policy = small_policy(Ledger("main", "Main", thresholds=(th(12, every=True),)))
        tl = policy.evaluate(
            [
                V("a", t(2024, 1, 1), 12),
                V("b", t(2024, 2, 1), 11),
                V("c", t(2024, 2, 2), 1),
                V("d", t(2024, 3, 1), 30),
            ]
        )
        assert [s.threshold for s in tl.sanctions] == [12, 24, 36, 48]  # 54 points in all

    def test_open_ended_and_closure_is_terminal(self) -> None:
        ledger = Ledger(
            "main", "Main", validity=ExpiresAfter(30), thresholds=(th(12), th(48, CLOSE))
        )
        policy = small_policy(ledger)
        events = [V("a", t(2024, 1, 1), 48), V("b", t(2024, 6, 1), 12)]
        tl = policy.evaluate(events)
        assert [s.kind for s in tl.sanctions] == [SanctionKind.FREEZE, SanctionKind.CLOSURE]
        later = tl.at(t(2025, 1, 1))
        assert later.points["main"] == 0
        assert later.status is Status.CLOSED
        assert later.next_thresholds == ()
        assert any("closed" in n for n in tl.notes)

    def test_refires_after_points_lapse(self) -> None:
        ledger = Ledger("main", "Main", validity=ExpiresAfter(30), thresholds=(th(12),))
        tl = small_policy(ledger).evaluate([V("a", t(2024, 1, 1), 12), V("b", t(2024, 3, 1), 12)])
        assert len(tl.sanctions) == 2

    def test_dated_threshold_versions(self) -> None:
        from penalties import Threshold

        ledger = Ledger(
            "main",
            "Main",
            thresholds=(
                Threshold(3, (freeze(28),), effective_until=day(2025, 10, 6)),
                Threshold(3, (freeze(7),), effective_from=day(2025, 10, 6)),
            ),
        )
        policy = small_policy(ledger)
        (before,) = policy.evaluate([V("a", t(2025, 10, 5, 23, 59, 59), 3)]).sanctions
        (after,) = policy.evaluate([V("a", t(2025, 10, 6), 3)]).sanctions
        assert before.end == t(2025, 11, 2, 23, 59, 59)
        assert after.end == t(2025, 10, 13)


class TestStacking:
    def nodes(self, stacking: Stacking) -> Ledger:
        restrict = SanctionSpec(SanctionKind.RESTRICTION, 7)
        return Ledger(
            "main",
            "Main",
            stacking=stacking,
            thresholds=(
                th(12, restrict),
                th(24, SanctionSpec(SanctionKind.RESTRICTION, 14)),
                th(36, SanctionSpec(SanctionKind.FREEZE, 21)),
                th(48, CLOSE),
            ),
        )

    def test_heaviest_replaces_counted_from_first_start(self) -> None:
        tl = small_policy(self.nodes(Stacking.heaviest())).evaluate(
            [V("a", t(2024, 1, 1), 12), V("b", t(2024, 1, 4), 12)]
        )
        first, second = tl.sanctions
        assert (first.start, first.end) == (t(2024, 1, 1), t(2024, 1, 4))
        assert (second.start, second.end) == (t(2024, 1, 4), t(2024, 1, 15))
        # Before the second node the first one showed its full term.
        assert tl.at(t(2024, 1, 2)).sanctions[0].end == t(2024, 1, 8)

    def test_heaviest_when_one_deduction_passes_several_nodes(self) -> None:
        tl = small_policy(self.nodes(Stacking.heaviest())).evaluate([V("a", t(2024, 1, 1), 40)])
        (only,) = tl.sanctions
        assert only.kind is SanctionKind.FREEZE
        assert only.threshold == 36
        assert any("only the heaviest" in n for n in tl.notes)

    def test_parallel_runs_each(self) -> None:
        tl = small_policy(self.nodes(Stacking.parallel())).evaluate([V("a", t(2024, 1, 1), 40)])
        assert [s.threshold for s in tl.sanctions] == [12, 24, 36]

    def test_extend_restarts_on_new_points(self) -> None:
        ledger = Ledger(
            "main",
            "Main",
            stacking=Stacking.extend(SanctionKind.FREEZE),
            thresholds=(th(15, freeze(28)),),
        )
        tl = small_policy(ledger).evaluate([V("a", t(2024, 1, 1), 15), V("b", t(2024, 1, 20), 1)])
        (s,) = tl.sanctions
        assert s.end == t(2024, 2, 17)
        assert s.cause == ("a", "b")
        assert tl.at(t(2024, 1, 10)).frozen_until == t(2024, 1, 29)
        assert tl.at(t(2024, 1, 21)).frozen_until == t(2024, 2, 17)


class TestAppealRederivesStackedSanctions:
    """An appeal that lowers a balance re-derives what the remaining points still reach, in
    every stacking mode (issue 15, items 1 and 2)."""

    nodes = TestStacking.nodes

    def events(self) -> list[object]:
        return [
            V("a", t(2024, 1, 1, 10), 12),
            V("b", t(2024, 1, 3, 10), 12),
            Appeal("b", t(2024, 1, 3, 11), t(2024, 1, 5, 10), AppealOutcome.GRANTED),
        ]

    def test_heaviest_restores_the_lower_node_from_the_first_start(self) -> None:
        tl = small_policy(self.nodes(Stacking.heaviest())).evaluate(self.events())
        before = tl.at(t(2024, 1, 5, 9, 59, 59))
        assert [s.threshold for s in before.sanctions] == [24]
        at = tl.at(t(2024, 1, 5, 10))
        (restored,) = at.sanctions
        assert restored.threshold == 12
        # 7 days from the first node's start (1 Jan 10:00), not from the decision.
        assert restored.end == t(2024, 1, 8, 10)
        assert restored.cause == ("a",)
        assert "counted from the first node's start" in restored.reason
        assert tl.at(t(2024, 1, 8, 9, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 1, 8, 10)).status is Status.GOOD

    def test_heaviest_lower_node_already_over_is_not_restored(self) -> None:
        events = self.events()
        events[2] = Appeal("b", t(2024, 1, 3, 11), t(2024, 1, 8, 10), AppealOutcome.GRANTED)
        tl = small_policy(self.nodes(Stacking.heaviest())).evaluate(events)
        assert tl.at(t(2024, 1, 8, 9, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 1, 8, 10)).status is Status.GOOD
        assert any("already over" in n for n in tl.notes)
        events[2] = Appeal("b", t(2024, 1, 3, 11), t(2024, 1, 8, 9, 59, 59), AppealOutcome.GRANTED)
        tl = small_policy(self.nodes(Stacking.heaviest())).evaluate(events)
        assert tl.at(t(2024, 1, 8, 9, 59, 59)).sanctions[0].threshold == 12
        assert tl.at(t(2024, 1, 8, 10)).status is Status.GOOD

    def test_heaviest_one_deduction_reduced_under_the_node_it_reached(self) -> None:
        events = [
            V("a", t(2024, 1, 1, 10), 24),
            Appeal("a", t(2024, 1, 2), t(2024, 1, 3, 10), AppealOutcome.REDUCED, 12),
        ]
        tl = small_policy(self.nodes(Stacking.heaviest())).evaluate(events)
        (restored,) = tl.at(t(2024, 1, 3, 10)).sanctions
        assert (restored.threshold, restored.end) == (12, t(2024, 1, 8, 10))

    def test_heaviest_nothing_reached_stays_lifted(self) -> None:
        events = [
            V("a", t(2024, 1, 1, 10), 12),
            Appeal("a", t(2024, 1, 2), t(2024, 1, 3, 10), AppealOutcome.GRANTED),
        ]
        tl = small_policy(self.nodes(Stacking.heaviest())).evaluate(events)
        assert tl.at(t(2024, 1, 3, 10)).status is Status.GOOD

    def test_parallel_lower_node_keeps_its_own_term(self) -> None:
        tl = small_policy(self.nodes(Stacking.parallel())).evaluate(self.events())
        (kept,) = tl.at(t(2024, 1, 5, 10)).sanctions
        assert (kept.threshold, kept.end) == (12, t(2024, 1, 8, 10))
        assert tl.at(t(2024, 1, 8, 10)).status is Status.GOOD

    def extend_ledger(self) -> Ledger:
        return Ledger(
            "main",
            "Main",
            stacking=Stacking.extend(SanctionKind.FREEZE),
            thresholds=(th(15, freeze(28)),),
        )

    def test_extend_withdrawn_extension_goes_with_the_point(self) -> None:
        events = [
            V("a", t(2024, 1, 1, 10), 15),
            V("b", t(2024, 1, 11, 10), 1),
            Appeal("b", t(2024, 1, 12), t(2024, 1, 15, 10), AppealOutcome.GRANTED),
        ]
        tl = small_policy(self.extend_ledger()).evaluate(events)
        assert tl.at(t(2024, 1, 15, 9, 59, 59)).frozen_until == t(2024, 2, 8, 10)
        assert tl.at(t(2024, 1, 15, 10)).frozen_until == t(2024, 1, 29, 10)
        assert tl.at(t(2024, 1, 29, 9, 59, 59)).status is Status.FROZEN
        assert tl.at(t(2024, 1, 29, 10)).status is Status.GOOD

    def test_extend_other_extensions_stay(self) -> None:
        events = [
            V("a", t(2024, 1, 1, 10), 15),
            V("b", t(2024, 1, 11, 10), 1),
            V("c", t(2024, 1, 13, 10), 1),
            Appeal("b", t(2024, 1, 12), t(2024, 1, 15, 10), AppealOutcome.GRANTED),
        ]
        tl = small_policy(self.extend_ledger()).evaluate(events)
        assert tl.at(t(2024, 1, 15, 10)).frozen_until == t(2024, 2, 10, 10)

    def test_extend_withdrawn_after_the_first_term_ends_at_the_decision(self) -> None:
        events = [
            V("a", t(2024, 1, 1, 10), 15),
            V("b", t(2024, 1, 11, 10), 1),
            Appeal("b", t(2024, 1, 12), t(2024, 2, 1, 10), AppealOutcome.GRANTED),
        ]
        tl = small_policy(self.extend_ledger()).evaluate(events)
        assert tl.at(t(2024, 2, 1, 9, 59, 59)).status is Status.FROZEN
        assert tl.at(t(2024, 2, 1, 10)).status is Status.GOOD

    def test_extend_reduced_point_that_still_counts_keeps_the_extension(self) -> None:
        events = [
            V("a", t(2024, 1, 1, 10), 15),
            V("b", t(2024, 1, 11, 10), 2),
            Appeal("b", t(2024, 1, 12), t(2024, 1, 15, 10), AppealOutcome.REDUCED, 1),
        ]
        tl = small_policy(self.extend_ledger()).evaluate(events)
        assert tl.at(t(2024, 1, 15, 10)).frozen_until == t(2024, 2, 8, 10)

    def test_no_rederivation_when_appeals_do_not_lift(self) -> None:
        ledger = attrs.evolve(self.nodes(Stacking.heaviest()), appeal_lifts_sanctions=False)
        tl = small_policy(ledger).evaluate(self.events())
        assert [s.threshold for s in tl.at(t(2024, 1, 5, 10)).sanctions] == [24]


class TestCounting:
    def test_daily_cap_in_local_days(self) -> None:
        ledger = Ledger("main", "Main", counting=(DailyCap(6),))
        policy = small_policy(ledger)
        events = [
            V("a", t(2024, 5, 6, 1), 4),
            V("b", t(2024, 5, 6, 23, 59), 4),
            V("c", t(2024, 5, 7, 0), 4),
        ]
        assert policy.evaluate(events).balance("main", t(2024, 5, 8)) == 10

    def test_cap_is_recounted_when_a_member_is_revoked(self) -> None:
        policy = small_policy(Ledger("main", "Main", counting=(DailyCap(6),)))
        events = [
            V("a", t(2024, 5, 6, 1), 4),
            V("b", t(2024, 5, 6, 2), 4),
            Appeal("a", t(2024, 5, 7), t(2024, 5, 8), AppealOutcome.GRANTED),
        ]
        tl = policy.evaluate(events)
        assert tl.balance("main", t(2024, 5, 7)) == 6
        assert tl.balance("main", t(2024, 5, 8)) == 4

    def test_a_capped_lapse_takes_off_exactly_what_it_counted(self) -> None:
        # Cap 6 a day: a counts 4, b 2 (of its 4). When a lapses it takes off its 4 and b
        # still counts its 2 (the day is not counted again), until b lapses one hour later.
        ledger = Ledger("main", "Main", validity=ExpiresAfter(10), counting=(DailyCap(6),))
        tl = small_policy(ledger).evaluate(
            [V("a", t(2024, 5, 6, 1), 4), V("b", t(2024, 5, 6, 2), 4)]
        )
        assert tl.balance("main", t(2024, 5, 16, 0, 59, 59)) == 6
        assert tl.balance("main", t(2024, 5, 16, 1)) == 2
        assert tl.balance("main", t(2024, 5, 16, 1, 59, 59)) == 2
        assert tl.balance("main", t(2024, 5, 16, 2)) == 0
        assert [c.delta for c in tl.changes] == [4, 2, -4, -2]
        assert all(c.balance >= 0 for c in tl.changes)

    def test_a_capped_lapse_then_an_appeal_does_not_count_the_day_again(self) -> None:
        # a lapses first and keeps its room under the cap; b's granted appeal frees b's room,
        # which passes to c (2 of its 3), not the lapsed a's 4.
        ledger = Ledger("main", "Main", validity=ExpiresAfter(10), counting=(DailyCap(6),))
        events = [
            V("a", t(2024, 5, 6, 1), 4),
            V("b", t(2024, 5, 6, 2), 4),
            V("c", t(2024, 5, 6, 3), 3),
            Appeal("b", t(2024, 5, 16, 1), t(2024, 5, 16, 1, 30), AppealOutcome.GRANTED),
        ]
        tl = small_policy(ledger).evaluate(events)
        assert tl.balance("main", t(2024, 5, 16, 1)) == 2  # b's 2; c counted nothing
        assert tl.balance("main", t(2024, 5, 16, 1, 29, 59)) == 2
        assert tl.balance("main", t(2024, 5, 16, 1, 30)) == 2  # now c's 2
        assert tl.balance("main", t(2024, 5, 16, 2, 59, 59)) == 2
        assert tl.balance("main", t(2024, 5, 16, 3)) == 0
        assert min(c.balance for c in tl.changes) == 0
        assert sum(c.delta for c in tl.changes) == 0

    def test_merge_window_counts_once(self) -> None:
        policy = small_policy(Ledger("main", "Main", counting=(MergeWindow(3),)))
        events = [
            V("a", t(2024, 6, 1, 9), 1),
            V("b", t(2024, 6, 4, 8, 59), 1),
            V("c", t(2024, 6, 4, 9), 1),
        ]
        tl = policy.evaluate(events)
        assert tl.balance("main", t(2024, 6, 4, 8, 59)) == 1
        assert tl.balance("main", t(2024, 6, 4, 9)) == 2


class TestAppeals:
    def policy(self) -> object:
        return small_policy(
            Ledger("main", "Main", validity=ExpiresAfter(365), thresholds=(th(12),))
        )

    def test_granted_revokes_at_decision_and_lifts(self) -> None:
        events = [
            V("a", t(2024, 1, 1), 6),
            V("b", t(2024, 1, 2), 6),
            Appeal("b", t(2024, 1, 3), t(2024, 1, 4, 12), AppealOutcome.GRANTED),
        ]
        tl = self.policy().evaluate(events)  # type: ignore[attr-defined]
        assert tl.balance("main", t(2024, 1, 4, 11)) == 12
        assert tl.balance("main", t(2024, 1, 4, 12)) == 6
        (s,) = tl.sanctions
        assert s.end == t(2024, 1, 4, 12)
        assert "lifted" in s.reason

    def test_denied_changes_nothing(self) -> None:
        events = [V("a", t(2024, 1, 1), 12)]
        denied = [*events, Appeal("a", t(2024, 1, 2), t(2024, 1, 3), AppealOutcome.DENIED)]
        p = self.policy()
        assert p.evaluate(denied).changes == p.evaluate(events).changes  # type: ignore[attr-defined]
        assert p.evaluate(denied).sanctions == p.evaluate(events).sanctions  # type: ignore[attr-defined]

    def test_reduced_sets_new_points(self) -> None:
        events = [
            V("a", t(2024, 1, 1), 12),
            Appeal("a", t(2024, 1, 2), t(2024, 1, 3), AppealOutcome.REDUCED, points_after=3),
        ]
        tl = self.policy().evaluate(events)  # type: ignore[attr-defined]
        assert tl.balance("main", t(2024, 1, 3)) == 3
        assert tl.sanctions[0].end == t(2024, 1, 3)

    def test_pending_appeal_is_reported(self) -> None:
        events = [V("a", t(2024, 1, 1), 3), Appeal("a", t(2024, 1, 2))]
        s = self.policy().standing(events, t(2024, 1, 3))  # type: ignore[attr-defined]
        assert s.appeals[0].outcome is AppealOutcome.PENDING
        assert "pending" in s.explain()

    def test_direct_sanctions_lifted_by_granted_appeal(self) -> None:
        kind = ViolationKind(
            "v",
            "t",
            "main",
            points=0,
            sanctions=(
                SanctionSpec(SanctionKind.SUSPENSION),
                SanctionSpec(SanctionKind.FUNDS_HOLD),
            ),
        )
        policy = small_policy(Ledger("main", "Main"), kinds=(kind,))
        events = [
            V("a", t(2021, 5, 10)),
            Appeal("a", t(2021, 5, 12), t(2021, 6, 1), AppealOutcome.GRANTED),
        ]
        tl = policy.evaluate(events)
        assert tl.at(t(2021, 5, 20)).status is Status.SUSPENDED
        assert tl.at(t(2021, 6, 1)).status is Status.GOOD
        assert {s.end for s in tl.sanctions} == {t(2021, 6, 1)}

    def test_closure_survives_a_granted_appeal(self) -> None:
        policy = small_policy(Ledger("main", "Main", thresholds=(th(48, CLOSE),)))
        events = [
            V("a", t(2024, 1, 1), 48),
            Appeal("a", t(2024, 1, 2), t(2024, 1, 3), AppealOutcome.GRANTED),
        ]
        s = policy.standing(events, t(2024, 2, 1))
        assert s.points["main"] == 0
        assert s.status is Status.CLOSED


class TestResolution:
    def test_severity_and_rule_versions(self) -> None:
        kind = ViolationKind(
            "uc",
            "t",
            "main",
            severities=(
                Severity("general", Schedule.dated((None, 1), (day(2017, 11, 22), 3))),
                Severity("huge", Schedule.dated((day(2017, 11, 22), 48))),
            ),
        )
        policy = small_policy(Ledger("main", "Main"), kinds=(kind,))
        assert (
            policy.resolve(V("a", t(2017, 11, 21, 23, 59), kind="uc", severity="general")).points
            == 1
        )
        assert policy.resolve(V("a", t(2017, 11, 22), kind="uc", severity="general")).points == 3
        with pytest.raises(InvalidEventError, match="rule starts on 2017-11-22"):
            policy.resolve(V("a", t(2017, 11, 21), kind="uc", severity="huge"))
        with pytest.raises(UnknownViolationKindError, match="Did you mean 'general'"):
            policy.resolve(V("a", t(2018, 1, 1), kind="uc", severity="generl"))
        with pytest.raises(InvalidEventError, match="needs a severity"):
            policy.resolve(V("a", t(2018, 1, 1), kind="uc"))

    def test_stated_points_win_with_a_warning(self) -> None:
        policy = small_policy(Ledger("main", "Main"), kinds=(POINTS,))
        with pytest.warns(PointsMismatchWarning, match="states 5 points but test gives 3"):
            tl = policy.evaluate([V("a", t(2024, 1, 1), 5)])
        assert tl.balance("main", t(2024, 1, 2)) == 5
        assert "stated points are used" in tl.notes[0]

    def test_generic_ledger_kind_needs_points(self) -> None:
        policy = small_policy(Ledger("main", "Main"), kinds=(POINTS,))
        assert (
            policy.standing([V("a", t(2024, 1, 1), 7, kind="main")], t(2024, 1, 2)).points["main"]
            == 7
        )
        with pytest.raises(InvalidEventError, match="needs explicit points"):
            policy.evaluate([V("a", t(2024, 1, 1), kind="main")])

    def test_unknown_kind_names_close_matches(self) -> None:
        policy = small_policy(Ledger("main", "Main"), kinds=(POINTS,))
        with pytest.raises(UnknownViolationKindError, match="Did you mean 'main'"):
            policy.evaluate([V("a", t(2024, 1, 1), 1, kind="mian")])


class TestBadHistories:
    policy = small_policy(Ledger("main", "Main"), kinds=(POINTS,))

    def test_duplicate_ids(self) -> None:
        with pytest.raises(InvalidEventError, match="duplicate violation id 'a'"):
            self.policy.evaluate([V("a", t(2024, 1, 1)), V("a", t(2024, 1, 2))])

    def test_appeal_for_unknown_violation(self) -> None:
        with pytest.raises(InvalidEventError, match=r"no violation has that id.*Did you mean 'a1'"):
            self.policy.evaluate([V("a1", t(2024, 1, 1)), Appeal("a2", t(2024, 1, 2))])

    def test_appeal_before_penalty(self) -> None:
        with pytest.raises(InvalidEventError, match="before the penalty"):
            self.policy.evaluate([V("a", t(2024, 1, 2)), Appeal("a", t(2024, 1, 1))])

    def test_reduction_above_original(self) -> None:
        with pytest.raises(InvalidEventError, match="more than the 3"):
            self.policy.evaluate(
                [
                    V("a", t(2024, 1, 1)),
                    Appeal(
                        "a", t(2024, 1, 2), t(2024, 1, 3), AppealOutcome.REDUCED, points_after=4
                    ),
                ]
            )

    def test_not_events(self) -> None:
        with pytest.raises(InvalidEventError, match="event #0 is a dict"):
            self.policy.evaluate([{"id": "a"}])  # type: ignore[list-item]
        with pytest.raises(InvalidEventError, match="wrap a single event"):
            self.policy.evaluate(V("a", t(2024, 1, 1)))  # type: ignore[arg-type]

    def test_naive_at_for_standing(self) -> None:
        with pytest.raises(InvalidEventError, match="no time zone"):
            self.policy.standing([], "2024-01-01T00:00:00")


def test_what_if_reports_new_sanctions_and_deltas() -> None:
    policy = small_policy(Ledger("main", "Main", thresholds=(th(12),)), kinds=(POINTS,))
    events = [V("a", t(2024, 1, 1), 9, kind="main")]
    result = policy.what_if(events, V("b", t(2024, 2, 1)), at=t(2024, 2, 1))
    assert result.points_delta == {"main": 3}
    assert [s.kind for s in result.new_sanctions] == [SanctionKind.FREEZE]
    assert result.status_change == (Status.GOOD, Status.FROZEN)


def _canonical_by_the_full_key(events: list[Event], keys: dict[str, int]) -> list[Event]:
    """The canonical order as it was defined before the fast path: every event sorted by its
    full key (:func:`penalties.engine._primary`), then runs equal in it by ``repr`` and offsets."""
    from penalties.engine import _offsets, _primary

    keyed = sorted(((_primary(e, keys), e) for e in events), key=lambda pe: pe[0])
    out: list[Event] = []
    i = 0
    while i < len(keyed):
        j = i + 1
        while j < len(keyed) and keyed[j][0] == keyed[i][0]:
            j += 1
        run = (
            keyed[i:j]
            if j - i == 1
            else sorted(keyed[i:j], key=lambda pe: (repr(pe[1]), _offsets(pe[1])))
        )
        out.extend(pe[1] for pe in run)
        i = j
    return out


@given(data=st.data())
@settings(max_examples=examples(30), deadline=None)
def test_canonical_order_is_the_order_of_the_full_key(data: st.DataObject) -> None:
    """Sorting by the instant alone and ordering only events at one instant by their full key
    gives the very order the full key gives (ties drawn on purpose by `histories`)."""
    from penalties import strategies
    from penalties._time import exact
    from penalties.engine import canonical

    policy = data.draw(st.sampled_from([get_policy(c) for c in list_policies()]))
    events = data.draw(
        strategies.histories(policy, max_size=8, revocations=True, funds=True, order="shuffled")
    )
    keys = {e.id: exact(e.at) for e in events if isinstance(e, Violation)}
    instants, ordered = canonical(events, keys)
    expected = _canonical_by_the_full_key(events, keys)
    assert [id(e) for e in ordered] == [id(e) for e in expected]
    assert instants == sorted(instants)


def test_canonical_order_of_violations_at_one_instant_is_by_id() -> None:
    """The all-violations case (every event a violation, ids unique): (instant, id)."""
    from penalties._time import exact
    from penalties.engine import canonical

    at = "2024-03-01T10:00:00+08:00"
    events: list[Event] = [
        Violation("b", "x", at),
        Violation("c", "x", "2024-03-01T09:00:00+08:00"),
        Violation("a", "x", at),
    ]
    keys = {e.id: exact(e.at) for e in events if isinstance(e, Violation)}
    assert [e.id for e in canonical(events, keys)[1]] == ["c", "a", "b"]  # type: ignore[union-attr]
