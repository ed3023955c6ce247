"""Golden snapshots: every registered policy and market replays its canonical history exactly
as recorded under ``tests/golden/`` (the ``holidays`` library's model).

A failure means a change altered results. If the change is intended, regenerate the files with
``PYTHONPATH=. python scripts/regenerate_golden.py`` and review ``git diff tests/golden``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json

import pendulum
import pytest

from penalties import Appeal, AppealOutcome, Policy, Violation
from tests.golden_histories import (
    GOLDEN_DIR,
    PHASE_STARTS,
    REGENERATE,
    canonical_history,
    golden_name,
    golden_path,
    golden_policies,
    render,
    snapshot,
)

POLICIES = golden_policies()
MAX_DIFF_LINES = 80


@pytest.mark.parametrize("policy", POLICIES, ids=golden_name)
def test_snapshot_matches(policy: Policy) -> None:
    name = golden_name(policy)
    path = golden_path(name)
    assert path.exists(), (
        f"no golden snapshot for {name}; create it with: {REGENERATE} {name} "
        "and review the new file before committing it."
    )
    expected = path.read_text(encoding="utf-8")
    actual = render(snapshot(policy))
    if actual == expected:
        return
    diff = list(
        difflib.unified_diff(
            expected.splitlines(),
            actual.splitlines(),
            f"tests/golden/{name}.json (recorded)",
            f"{name} (computed now)",
            lineterm="",
            n=2,
        )
    )
    shown = "\n".join(diff[:MAX_DIFF_LINES])
    hidden = len(diff) - MAX_DIFF_LINES
    more = f"\n... {hidden} more diff lines" if hidden > 0 else ""
    pytest.fail(
        f"{name}: the replayed history differs from its golden snapshot.\n{shown}{more}\n"
        f"If this change is intended, regenerate with: {REGENERATE} {name}\n"
        "then review `git diff tests/golden` and commit the files with the change.",
        pytrace=False,
    )


def test_every_registered_policy_has_exactly_one_snapshot() -> None:
    names = {golden_name(p) for p in POLICIES}
    files = {p.stem for p in GOLDEN_DIR.glob("*.json")}
    assert not names - files, f"missing snapshots {sorted(names - files)}; run {REGENERATE}"
    assert not files - names, (
        f"snapshots of unregistered policies {sorted(files - names)}; run {REGENERATE} "
        "(it deletes them)"
    )


def test_snapshot_files_are_stable_json() -> None:
    for path in sorted(GOLDEN_DIR.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert render(data) == text, f"{path.name} is not in canonical form; run {REGENERATE}"
        for event in data["events"]:
            for key in ("at", "filed_at", "decided_at"):
                value = event.get(key)
                if value is not None:
                    assert dt.datetime.fromisoformat(value).tzinfo is not None, (path, value)


@pytest.mark.parametrize("policy", POLICIES, ids=golden_name)
def test_history_exercises_the_rules(policy: Policy) -> None:
    """The canonical history does what its docstring promises, for every policy: each ledger
    with thresholds fires one, everything lapses or resets between the phases, and appeals of
    both kinds are decided."""
    events = canonical_history(policy)
    assert canonical_history(policy) == events, "the history must be deterministic"
    timeline = policy.evaluate(events)
    fired = {s.ledger for s in timeline.sanctions}
    for ledger in policy.ledgers:
        if ledger.thresholds:
            assert ledger.code in fired, f"{ledger.code}: no threshold fired"
    start = PHASE_STARTS[1]
    between = pendulum.datetime(start.year, start.month, start.day, tz=policy.tz)
    assert all(v == 0 for v in timeline.at(between).points.values()), (
        "phase 1 points must all lapse or reset before phase 2"
    )
    outcomes = {e.outcome for e in events if isinstance(e, Appeal)}
    assert {AppealOutcome.GRANTED, AppealOutcome.REDUCED} <= outcomes
    for e in events:
        if isinstance(e, Appeal):
            target = next(v for v in events if isinstance(v, Violation) and v.id == e.violation_id)
            deadline = policy.appeal_deadline(target)
            assert deadline is None or e.filed_at <= deadline
