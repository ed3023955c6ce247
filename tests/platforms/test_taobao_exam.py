"""The Taobao/Tmall rules exam (考试) as an event: a node penalty ends only when its term has
passed and the seller has passed the exam (taobao_tmall.md, annual reset: running node
penalties "continue until they expire and the seller passes the rules exam"; modelling
note 5: "exam passed" is an external event, with a policy flag to ignore it)."""

from __future__ import annotations

import pytest

import penalties
import penalties.io
from penalties import (
    Appeal,
    AppealOutcome,
    ExamPassed,
    InvalidEventError,
    SanctionKind,
    Status,
    Violation,
)
from tests.helpers import t

TB = penalties.get_policy("taobao")
TM = penalties.get_policy("tmall")


def v(vid: str, ledger: str, at: object, points: int) -> Violation:
    return Violation(vid, ledger, at, points=points)  # type: ignore[arg-type]


NODE = v("s1", "serious", t(2024, 3, 1, 10), 12)  # the 12 node: 7 days, to 8 Mar 10:00
TERM_END = t(2024, 3, 8, 10)


class TestWithoutAnExam:
    def test_the_node_stays_active_past_its_term_and_the_reset(self) -> None:
        tl = TB.evaluate([NODE])
        for at in (TERM_END, t(2024, 12, 31, 23, 59, 59), t(2025, 1, 1), t(2026, 6, 1)):
            assert tl.at(at).status is Status.RESTRICTED
        assert tl.at(t(2025, 1, 1)).points["serious"] == 0  # the reset clears the points only
        assert all(s.end is None for s in tl.sanctions)

    def test_the_explanation_says_it_ends_when_the_exam_is_passed(self) -> None:
        text = TB.standing([NODE], TERM_END).explain()
        assert "ends when its term has passed (2024-03-08 10:00) and the rules exam is passed" in (
            text
        )

    def test_the_option_turns_the_exam_off(self) -> None:
        p = penalties.get_policy("taobao", exam_required=False)
        tl = p.evaluate([NODE])
        assert tl.at(TERM_END.subtract(seconds=1)).status is Status.RESTRICTED
        assert tl.at(TERM_END).status is Status.GOOD
        assert not any(lg.exam_required for lg in p.ledgers)
        families = [lg for lg in TB.ledgers + TM.ledgers if lg.code != "supervision"]
        assert all(lg.exam_required for lg in families)
        assert not TM.ledger("supervision").exam_required  # supervision is not a node penalty


class TestExamPassed:
    def test_passed_within_the_term_the_node_ends_with_its_term(self) -> None:
        tl = TB.evaluate([NODE, ExamPassed(t(2024, 3, 3, 9))])
        assert tl.at(TERM_END.subtract(seconds=1)).status is Status.RESTRICTED
        assert tl.at(TERM_END).status is Status.GOOD
        assert {s.end for s in tl.sanctions} == {TERM_END}
        # as known before the exam, the end was open
        assert all(s.end is None for s in tl.at(t(2024, 3, 3, 8, 59, 59)).sanctions)

    def test_passed_after_the_term_the_node_ends_at_the_exam(self) -> None:
        exam = t(2024, 3, 20, 15)
        tl = TB.evaluate([NODE, ExamPassed(exam)])
        assert tl.at(exam.subtract(seconds=1)).status is Status.RESTRICTED
        assert tl.at(exam).status is Status.GOOD
        assert {s.end for s in tl.sanctions} == {exam}

    def test_passed_at_the_node_instant_counts_for_it(self) -> None:
        tl = TB.evaluate([NODE, ExamPassed(NODE.at)])
        assert {s.end for s in tl.sanctions} == {TERM_END}

    def test_an_exam_before_the_node_does_not_count(self) -> None:
        tl = TB.evaluate([NODE, ExamPassed(NODE.at.subtract(seconds=1))])
        assert tl.at(t(2024, 4, 1)).status is Status.RESTRICTED
        assert any("no node penalty waited for it" in n for n in tl.notes)

    def test_a_later_node_waits_for_the_next_exam(self) -> None:
        events = [
            NODE,
            ExamPassed(t(2024, 3, 2)),
            v("g1", "general", t(2024, 3, 10), 12),
            ExamPassed(t(2024, 3, 30)),
        ]
        tl = TB.evaluate(events)
        assert tl.at(t(2024, 3, 17, 10)).status is Status.RESTRICTED  # general term over
        assert tl.at(t(2024, 3, 29, 23, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 3, 30)).status is Status.GOOD

    def test_the_heavier_node_counted_from_the_first_start_still_waits(self) -> None:
        # 12 on 1 Jan, 12 more on 1 Mar with no exam between: the 12 node has not ended, so the
        # 24 node replaces it, its 14 days counted from 1 Jan (over), and it waits for the exam.
        events = [v("a", "serious", t(2024, 1, 1), 12), v("b", "serious", t(2024, 3, 1), 12)]
        tl = TB.evaluate(events)
        now = tl.at(t(2024, 3, 1))
        assert {s.threshold for s in now.sanctions} == {24}
        assert SanctionKind.LISTING_REMOVAL in {s.kind for s in now.sanctions}
        tl = TB.evaluate([*events, ExamPassed(t(2024, 3, 2, 12))])
        assert tl.at(t(2024, 3, 2, 11, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 3, 2, 12)).status is Status.GOOD

    def test_an_appeal_still_lifts_a_waiting_node(self) -> None:
        events = [NODE, Appeal("s1", t(2024, 3, 2), t(2024, 3, 4), AppealOutcome.GRANTED)]
        tl = TB.evaluate(events)
        assert tl.at(t(2024, 3, 3, 23, 59, 59)).status is Status.RESTRICTED
        assert tl.at(t(2024, 3, 4)).status is Status.GOOD

    def test_tmall_fines_do_not_wait_for_the_exam(self) -> None:
        tl = TM.evaluate([NODE])
        fine = next(s for s in tl.sanctions if s.kind is SanctionKind.FINE)
        assert fine.end == t(2024, 3, 31, 10)  # 30 days, its own span
        assert all(s.end is None for s in tl.sanctions if s.kind is not SanctionKind.FINE)


class TestTheEvent:
    def test_checks_its_input(self) -> None:
        with pytest.raises(InvalidEventError, match=r"ExamPassed\.at"):
            ExamPassed("2024-03-01T10:00:00")  # naive
        with pytest.raises(InvalidEventError, match="note must be a str"):
            ExamPassed(t(2024, 3, 1), note=3)  # type: ignore[arg-type]

    @pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
    def test_documents_and_event_files_read_it_back(self, fmt: str) -> None:
        events = [NODE, ExamPassed(t(2024, 3, 3, 9), note="passed online")]
        dump, load = {
            "json": (penalties.io.dumps, penalties.io.loads),
            "jsonl": (penalties.io.dumps_jsonl, penalties.io.loads_jsonl),
            "csv": (penalties.io.dumps_csv, penalties.io.loads_csv),
        }[fmt]
        back = load(dump(events))
        assert back == events
        assert TB.evaluate(back).sanctions == TB.evaluate(events).sanctions

    def test_a_history_with_the_exam_renders_everywhere(self) -> None:
        events = [NODE, ExamPassed(t(2024, 3, 3, 9))]
        tl = TB.evaluate(events)
        assert "rules exam passed" in tl._repr_html_()
        s = TB.standing(events, t(2024, 3, 5))
        assert s.status is Status.RESTRICTED
        assert "the rules exam was passed at 2024-03-03 09:00" in s.explain()
        # what is known on 2 Mar leaves the exam out; on 3 Mar 09:00 it is in
        from penalties.forecast import known_events

        assert known_events(events, t(2024, 3, 3, 8, 59, 59)) == (NODE,)
        assert known_events(events, t(2024, 3, 3, 9)) == tuple(events)
