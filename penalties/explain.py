"""Plain-words explanations of a :class:`~penalties.results.Standing`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pendulum import DateTime

from penalties.errors import UnsupportedLocaleError
from penalties.events import AppealOutcome

if TYPE_CHECKING:
    from penalties.results import Standing

__all__ = ["LOCALES", "explain_standing"]

LOCALES = ("en",)


def _t(t: DateTime | None, tz: str) -> str:
    return "open-ended" if t is None else t.in_timezone(tz).format("YYYY-MM-DD HH:mm")


def _n(count: int, unit: str) -> str:
    return f"{count} {unit[:-1] if count == 1 and unit.endswith('s') else unit}"


def explain_standing(standing: Standing, locale: str = "en") -> str:
    """Say what the standing is and why: balances with the violations behind them, active
    sanctions with their causes, the next thresholds, upcoming expiries and appeals."""
    if locale not in LOCALES:
        raise UnsupportedLocaleError(
            f"explain() speaks {', '.join(LOCALES)}, not {locale!r}; pass locale='en'."
        )
    policy = standing.policy
    tz = policy.timezone
    lines = [
        f"{policy.name} — standing at {_t(standing.at, tz)} ({tz}): {standing.status.name}"
        + (f" until {_t(standing.frozen_until, tz)}" if standing.frozen_until else "")
    ]
    for ledger in policy.ledgers:
        points = standing.points[ledger.code]
        unit = ledger.unit.value
        title = f"{ledger.title}" + (f" / {ledger.title_zh}" if ledger.title_zh else "")
        score = standing.scores.get(ledger.code)
        rating = f" (score {score})" if score is not None else ""
        lines.append(f"{ledger.code} ({title}): {_n(points, unit)}{rating}")
        for c in standing.contributions[ledger.code]:
            what = c.kind + (f" ({c.severity})" if c.severity else "")
            counted = (
                _n(c.counted, unit)
                if c.counted == c.points
                else (f"{c.counted} of {_n(c.points, unit)} counted")
            )
            if c.kind == "carry_over":
                lines.append(f"  - {counted} carried over from before {_t(c.booked_at, tz)}")
                continue
            until = f", lapses {_t(c.expires_at, tz)}" if c.expires_at else ""
            lines.append(
                f"  - {c.violation_id}: {what}, {counted} since {_t(c.booked_at, tz)}{until}"
            )
    if standing.sanctions:
        lines.append("Active sanctions:")
        for s in standing.sanctions:
            amount = f" {s.amount} {s.currency}" if s.amount is not None else ""
            lines.append(
                f"  - {s.kind.name}{amount} from {_t(s.start, tz)} to {_t(s.end, tz)}: {s.reason}"
                f" [cause: {', '.join(s.cause)}]"
            )
            if s.appealable_from is not None:
                when = "from" if s.appealable_from > standing.at else "since"
                lines.append(f"    may be appealed {when} {_t(s.appealable_from, tz)}")
    else:
        lines.append("Active sanctions: none.")
    if standing.closed:
        lines.append("The account is closed; closure is terminal.")
    for n in standing.next_thresholds:
        actions = ", ".join(spec.describe() for spec in n.sanctions)
        lines.append(
            f"Next threshold on {n.ledger}: {n.points} ({n.label}) -> {actions}; "
            f"{n.remaining} to go."
        )
    if standing.expiring:
        lines.append("Coming off if nothing new happens:")
        for e in standing.expiring[:10]:
            lines.append(f"  - {_t(e.at, tz)}: -{e.points} on {e.ledger} ({', '.join(e.cause)})")
        if len(standing.expiring) > 10:
            lines.append(f"  - … and {len(standing.expiring) - 10} more")
    asked: list[str] = []
    for a in standing.appeals:
        if a.outcome is AppealOutcome.PENDING:
            lines.append(f"Appeal on {a.violation_id} filed {_t(a.filed_at, tz)}: pending.")
            asked.append(a.violation_id)
        else:
            lines.append(
                f"Appeal on {a.violation_id}: {a.outcome.name.lower()} on {_t(a.decided_at, tz)}."
            )
        for problem in a.problems:
            lines.append(f"  ! {problem}")
    for w in standing.appeal_windows:
        left = "" if w.appeals_left is None else f"; {_n(w.appeals_left, 'appeals')} left"
        lines.append(
            f"Appeal window on {w.violation_id} ({w.kind}): open until {_t(w.deadline, tz)}{left}."
        )
        asked.append(w.violation_id)
    if standing.timeline is not None and not standing.closed:
        for vid in dict.fromkeys(asked[:_WHAT_IF_LIMIT]):
            lines.append(f"  If the appeal on {vid} were granted now: {_granted(standing, vid)}")
    return "\n".join(lines)


_WHAT_IF_LIMIT = 5


def _granted(standing: Standing, vid: str) -> str:
    """What a granted appeal on ``vid`` would change, in one line."""
    w = standing.if_granted(vid)
    parts = [
        f"{code} {w.before.points[code]} -> {w.after.points[code]}"
        for code, delta in w.points_delta.items()
        if delta
    ]
    after_kinds = {s.kind for s in w.after.sanctions}
    ended = [
        k.name for k in dict.fromkeys(s.kind for s in w.before.sanctions) if k not in after_kinds
    ]
    if ended:
        parts.append("lifts " + ", ".join(ended))
    if w.after.status != w.before.status:
        parts.append(f"status {w.before.status.name} -> {w.after.status.name}")
    return "; ".join(parts) + "." if parts else "nothing changes at this instant."
