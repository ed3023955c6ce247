"""Taobao/Tmall rules of issue 15's second pass, each from its rule text: Tmall's store
supervision (cymth 40771: dishonesty and spam-listing rules, cumulative 24 → store under
supervision 7 days, 48 → 28 days) and Taobao's IP rules (wodefinance, low confidence)."""

from __future__ import annotations

import datetime as dt

import pytest

import penalties
import penalties.io
from penalties import Appeal, AppealOutcome, InvalidEventError, SanctionKind, Status, Violation
from penalties.platforms.taobao import IP_KIND, ip_penalty_due
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


class TestImproperUseOfRights:
    """wodefinance (low confidence, platform not named): improper use of others' rights =
    2 points per violation; the same rights holder's complaints within 3 days count as one;
    penalty within 3 working days of the complaint if no appeal succeeds."""

    TB = penalties.get_policy("taobao", exam_required=False)

    def ip(self, vid: str, at: object, holder: str | None = "Brand A") -> Violation:
        return Violation(vid, IP_KIND, at, rights_holder=holder)  # type: ignore[arg-type]

    def test_2_points_per_violation_on_general(self) -> None:
        tl = self.TB.evaluate([self.ip("a", t(2024, 3, 1, 10))])
        assert tl.at(t(2024, 3, 1, 10)).points["general"] == 2
        assert self.TB.kind(IP_KIND).title_zh == "不当使用他人权利"

    def test_same_holder_within_3_days_counts_once_one_second_either_side(self) -> None:
        first = t(2024, 3, 1, 10)
        events = [
            self.ip("a", first),
            self.ip("b", t(2024, 3, 4, 9, 59, 59)),
            self.ip("c", t(2024, 3, 4, 10)),
        ]
        tl = self.TB.evaluate(events)
        assert tl.balance("general", t(2024, 3, 4, 9, 59, 59)) == 2  # b merged into a
        assert tl.balance("general", t(2024, 3, 4, 10)) == 4  # c opens a new window

    def test_other_holders_and_unnamed_holders_count_separately(self) -> None:
        at = t(2024, 3, 1, 10)
        events = [
            self.ip("a", at),
            self.ip("b", at.add(hours=1), "Brand B"),
            self.ip("c", at.add(hours=2), None),
            self.ip("d", at.add(hours=3), None),
        ]
        assert self.TB.evaluate(events).balance("general", at.add(hours=3)) == 8

    def test_six_complaints_of_one_holder_a_day_apart_reach_no_node(self) -> None:
        events = [self.ip(f"x{i}", t(2024, 3, 1 + i)) for i in range(6)]
        tl = self.TB.evaluate(events)
        assert tl.balance("general", t(2024, 3, 7)) == 4  # windows 1-3 Mar and 4-6 Mar
        assert tl.sanctions == ()

    def test_a_granted_appeal_on_the_counted_complaint_passes_to_the_merged_one(self) -> None:
        events = [
            self.ip("a", t(2024, 3, 1, 10)),
            self.ip("b", t(2024, 3, 2, 10)),
            Appeal("a", t(2024, 3, 2, 11), t(2024, 3, 3), AppealOutcome.GRANTED),
        ]
        assert self.TB.evaluate(events).balance("general", t(2024, 3, 3)) == 2

    def test_options(self) -> None:
        p = penalties.get_policy("taobao", ip_ledger="serious", ip_merge_days=1)
        assert p.kind(IP_KIND).ledger == "serious"
        events = [self.ip("a", t(2024, 3, 1, 10)), self.ip("b", t(2024, 3, 2, 10))]
        assert p.evaluate(events).balance("serious", t(2024, 3, 2, 10)) == 4

    def test_the_rights_holder_is_checked_and_read_back(self) -> None:
        with pytest.raises(InvalidEventError, match="rights_holder must be None or a non-empty"):
            Violation("a", IP_KIND, t(2024, 3, 1), rights_holder=" ")
        events = [self.ip("a", t(2024, 3, 1, 10))]
        assert penalties.io.loads_jsonl(penalties.io.dumps_jsonl(events)) == events
        assert penalties.io.loads(penalties.io.dumps(events)) == events
        assert penalties.io.loads_csv(penalties.io.dumps_csv(events)) == events


class TestIpPenaltyDue:
    def test_3_working_days_after_the_complaint(self) -> None:
        # Friday 1 Mar 2024 10:00 → Mon 4, Tue 5, Wed 6 Mar 10:00
        assert ip_penalty_due(t(2024, 3, 1, 10)) == t(2024, 3, 6, 10)
        # Saturday and Sunday complaints: the same Wednesday
        assert ip_penalty_due(t(2024, 3, 2, 10)) == t(2024, 3, 6, 10)
        assert ip_penalty_due(t(2024, 3, 3, 23, 59, 59)) == t(2024, 3, 6, 23, 59, 59)
        # Monday → Thursday
        assert ip_penalty_due(t(2024, 3, 4, 0)) == t(2024, 3, 7, 0)

    def test_holidays_given_are_skipped(self) -> None:
        assert ip_penalty_due(t(2024, 3, 1, 10), holidays=[dt.date(2024, 3, 5)]) == t(
            2024, 3, 7, 10
        )
        with pytest.raises(InvalidEventError, match="local dates"):
            ip_penalty_due(t(2024, 3, 1), holidays=[t(2024, 3, 5)])
