"""Compact HTML for notebooks: the ``_repr_html_`` of :class:`~penalties.results.Standing`,
:class:`~penalties.results.Timeline`, :class:`~penalties.results.WhatIf` and
:class:`~penalties.claims.Assessment`.

Every text value goes through :func:`html.escape` (notes, reasons and ids come from users and
platforms), and instants are shown in the policy's (or marketplace's) zone. Long lists are cut
with an explicit "… N more" row, never silently.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pendulum import DateTime

from penalties._time import exact
from penalties.events import Event, FundsDecision, Revocation, Violation
from penalties.results import Sanction

if TYPE_CHECKING:
    from penalties.claims.policy import Assessment
    from penalties.policy import Policy
    from penalties.results import Standing, Timeline, WhatIf

__all__ = ["render_assessment", "render_standing", "render_timeline", "render_what_if"]

MAX_ROWS = 40
"""Rows shown per table; the rest are counted in a last row."""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _t(instant: DateTime | None, tz: str | None = None, *, open_ended: str = "—") -> str:
    if instant is None:
        return open_ended
    if tz is None:
        return instant.format("YYYY-MM-DD HH:mm Z")
    return instant.in_timezone(tz).format("YYYY-MM-DD HH:mm")


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, more: str = "rows") -> str:
    """An escaped table; rows past :data:`MAX_ROWS` are replaced by one row counting them."""
    all_rows = list(rows)
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = [
        "<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>"
        for row in all_rows[:MAX_ROWS]
    ]
    if len(all_rows) > MAX_ROWS:
        body.append(
            f'<tr><td colspan="{len(headers)}"><em>… {len(all_rows) - MAX_ROWS} more '
            f"{_e(more)}</em></td></tr>"
        )
    return (
        '<table class="penalties-table"><thead><tr>'
        + head
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def _facts(rows: Iterable[tuple[str, str]]) -> str:
    """A two-column table of labelled values."""
    body = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f'<table class="penalties-table"><tbody>{body}</tbody></table>'


def _wrap(kind: str, parts: Iterable[str]) -> str:
    return f'<div class="penalties penalties-{kind}">' + "".join(parts) + "</div>"


def _kind(s: Sanction) -> str:
    name = s.kind.name.lower().replace("_", " ")
    if s.amount is not None:
        name += f" ({s.amount:,} {s.currency})"
    return name


def _sanctions(sanctions: Sequence[Sanction], tz: str) -> str:
    return _table(
        ["sanction", "from", "until", "ledger", "cause", "reason"],
        (
            (
                _kind(s),
                _t(s.start, tz),
                _t(s.end, tz, open_ended="open-ended"),
                s.ledger or "(direct)",
                ", ".join(s.cause),
                s.reason,
            )
            for s in sanctions
        ),
        more="sanctions",
    )


def _n(count: int, policy: Policy, ledger: str) -> str:
    """'1 strike', '3 points': a count in the ledger's unit."""
    unit = policy.ledger(ledger).unit.value
    return f"{count} {unit[:-1] if count == 1 and unit.endswith('s') else unit}"


def render_standing(standing: Standing) -> str:
    """The account at one instant: status, points per ledger with the next threshold, active
    sanctions, upcoming expiries and appeals."""
    policy, tz = standing.policy, standing.policy.timezone
    header = (
        f"<p><strong>{_e(policy.name)}</strong> ({_e(policy.code)}) — standing at "
        f"{_e(_t(standing.at, tz))} ({_e(tz)}): <strong>{_e(standing.status.name)}</strong>"
    )
    if standing.frozen_until is not None:
        header += f" until {_e(_t(standing.frozen_until, tz))}"
    parts = [header + "</p>"]
    nexts = {n.ledger: n for n in standing.next_thresholds}
    rows = []
    for ledger in policy.ledgers:
        n = nexts.get(ledger.code)
        rows.append(
            (
                ledger.code,
                ledger.title,
                _n(standing.points[ledger.code], policy, ledger.code),
                n.label if n else "—",
                n.remaining if n else "—",
            )
        )
    parts.append(_table(["ledger", "title", "balance", "next threshold", "to go"], rows))
    if standing.sanctions:
        parts.append("<p>Active sanctions</p>" + _sanctions(standing.sanctions, tz))
    if standing.expiring:
        parts.append(
            "<p>Upcoming expiries</p>"
            + _table(
                ["at", "ledger", "lapsing", "reason"],
                (
                    (_t(x.at, tz), x.ledger, _n(x.points, policy, x.ledger), x.reason)
                    for x in standing.expiring
                ),
                more="expiries",
            )
        )
    if standing.appeals:
        parts.append(
            "<p>Appeals</p>"
            + _table(
                ["violation", "filed", "outcome", "decided"],
                (
                    (a.violation_id, _t(a.filed_at, tz), a.outcome.name, _t(a.decided_at, tz))
                    for a in standing.appeals
                ),
                more="appeals",
            )
        )
    return _wrap("standing", parts)


def _event_row(event: Event, tz: str) -> tuple[str, ...]:
    if isinstance(event, Violation):
        return (
            event.id,
            _t(event.at, tz),
            event.kind,
            event.severity or "",
            "" if event.points is None else str(event.points),
            event.reference or "",
            event.note,
        )
    if isinstance(event, Revocation):
        return (
            f"{event.reason.value}: {event.violation_id}",
            _t(event.at, tz),
            f"revocation ({event.reason.value})",
            "",
            "",
            "",
            event.note,
        )
    if isinstance(event, FundsDecision):
        return (
            f"funds {event.outcome.value}",
            _t(event.at, tz),
            f"funds decision ({event.outcome.value})",
            "",
            "",
            event.violation_id or "",
            event.note,
        )
    decided = f", decided {_t(event.decided_at, tz)}" if event.decided_at else ""
    points = "" if event.points_after is None else f"→ {event.points_after}"
    return (
        f"appeal on {event.violation_id}",
        _t(event.filed_at, tz),
        f"appeal {event.outcome.name.lower()}{decided}",
        "",
        points,
        "",
        "",
    )


def render_timeline(timeline: Timeline) -> str:
    """The replayed history: every balance change with its cause, every sanction, the notes."""
    policy, tz = timeline.policy, timeline.policy.timezone
    parts = [
        f"<p><strong>{_e(policy.name)}</strong> ({_e(policy.code)}) — timeline of "
        f"{len(timeline.events)} events: {len(timeline.changes)} balance changes, "
        f"{len(timeline.sanctions)} sanctions; times in {_e(tz)}</p>"
    ]
    if timeline.changes:
        parts.append(
            _table(
                ["at", "ledger", "change", "balance", "cause", "reason"],
                (
                    (
                        _t(c.at, tz),
                        c.ledger,
                        f"{c.delta:+d}",
                        c.balance,
                        ", ".join(c.cause),
                        c.reason,
                    )
                    for c in timeline.changes
                ),
                more="changes",
            )
        )
    if timeline.sanctions:
        parts.append("<p>Sanctions</p>" + _sanctions(timeline.sanctions, tz))
    if timeline.events:
        parts.append(
            f"<details><summary>Events ({len(timeline.events)})</summary>"
            + _table(
                ["event", "at", "kind", "severity", "points", "reference", "note"],
                (_event_row(e, tz) for e in sorted(timeline.events, key=lambda e: exact(e.at))),
                more="events",
            )
            + "</details>"
        )
    if timeline.notes:
        parts.append(
            "<p>Notes</p><ul>" + "".join(f"<li>{_e(n)}</li>" for n in timeline.notes) + "</ul>"
        )
    return _wrap("timeline", parts)


def render_what_if(what_if: WhatIf) -> str:
    """Before and after at one instant: status, points per ledger, the new sanctions."""
    before, after = what_if.before, what_if.after
    policy, tz = before.policy, before.policy.timezone
    parts = [
        f"<p><strong>{_e(policy.name)}</strong> ({_e(policy.code)}) — what if, at "
        f"{_e(_t(before.at, tz))} ({_e(tz)}): <strong>{_e(before.status.name)}</strong> → "
        f"<strong>{_e(after.status.name)}</strong></p>",
        _table(
            ["ledger", "before", "after", "change"],
            (
                (
                    ledger.code,
                    before.points[ledger.code],
                    after.points[ledger.code],
                    f"{what_if.points_delta[ledger.code]:+d}",
                )
                for ledger in policy.ledgers
            ),
        ),
    ]
    if what_if.new_sanctions:
        parts.append("<p>New sanctions</p>" + _sanctions(what_if.new_sanctions, tz))
    else:
        parts.append("<p>No new sanctions.</p>")
    return _wrap("what-if", parts)


def render_assessment(assessment: Assessment) -> str:
    """A SAFE-T claim verdict: eligibility, the filing window, the cap, deadlines, problems."""
    a = assessment
    verdict = "eligible" if a.eligible else "not eligible"
    facts: list[tuple[str, str]] = [
        ("status", a.status.value.replace("_", " ")),
        ("file from", _t(a.earliest_filing)),
        ("file by", _t(a.file_by)),
        ("at most", f"{a.currency} {a.max_reimbursement:,}"),
    ]
    if a.reply_by is not None:
        facts.append(("reply by", _t(a.reply_by)))
    if a.appeal_by is not None:
        facts.append(("appeal by", _t(a.appeal_by)))
    if a.granted_amount is not None:
        facts.append(("granted", f"{a.currency} {a.granted_amount:,}"))
    parts = [
        f"<p>SAFE-T claim for order <strong>{_e(a.order_id)}</strong> on Amazon "
        f"{_e(a.market)}: <strong>{_e(verdict)}</strong></p>",
        _facts(facts),
    ]
    if a.problems:
        parts.append(
            "<p>Problems</p>"
            + _table(
                ["code", "kind", "message"],
                ((p.code, "blocking" if p.blocking else "advisory", p.message) for p in a.problems),
                more="problems",
            )
        )
    if a.evidence:
        parts.append(f"<p>Evidence to attach: {_e(a.evidence)}</p>")
    return _wrap("assessment", parts)
