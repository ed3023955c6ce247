"""Compact HTML for notebooks: the ``_repr_html_`` of :class:`~penalties.results.Standing`,
:class:`~penalties.results.Timeline`, :class:`~penalties.results.WhatIf`,
:class:`~penalties.results.Sanction`, :class:`~penalties.policy.Policy`,
:class:`~penalties.claims.ClaimPolicy` and :class:`~penalties.claims.Assessment`.

Every text value goes through :func:`html.escape` (notes, reasons and ids come from users and
platforms), and instants are shown in the policy's (or marketplace's) zone. Long lists are cut
with an explicit "… N more" row, never silently. Each fragment starts with a small ``<style>``
block (:data:`CSS`) whose rules all sit under the ``penalties`` class, so they style these
tables in any notebook theme, light or dark, and nothing else on the page.
"""

from __future__ import annotations

import calendar
import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pendulum import DateTime

from penalties._time import exact
from penalties.events import Event, ExamPassed, FundsDecision, Revocation, Violation
from penalties.explain import change_texts, reason_text
from penalties.results import Sanction

if TYPE_CHECKING:
    from penalties.claims.policy import Assessment, ClaimPolicy
    from penalties.policy import Policy
    from penalties.results import Standing, Timeline, WhatIf
    from penalties.rules import Schedule

__all__ = [
    "CSS",
    "RISK_CSS",
    "render_assessment",
    "render_claim_policy",
    "render_policy",
    "render_sanction",
    "render_standing",
    "render_timeline",
    "render_what_if",
]

MAX_ROWS = 40
"""Rows shown per table; the rest are counted in a last row."""

CSS = (
    ".penalties{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "font-size:13px;line-height:1.45;max-width:100%;overflow-x:auto}"
    ".penalties p{margin:.5em 0 .25em}"
    ".penalties details>summary{cursor:pointer;margin:.4em 0}"
    ".penalties table.penalties-table{border-collapse:collapse;margin:.2em 0 .7em;"
    "font-size:12px;font-variant-numeric:tabular-nums}"
    ".penalties .penalties-table th,.penalties .penalties-table td{padding:3px 9px;"
    "border:1px solid rgba(127,127,127,.3);text-align:left;vertical-align:top}"
    ".penalties .penalties-table thead th,.penalties .penalties-table tbody th{"
    "background:rgba(127,127,127,.12);font-weight:600}"
    ".penalties .penalties-table tbody tr:nth-child(even) td{background:rgba(127,127,127,.05)}"
    ".penalties ul{margin:.2em 0 .6em;padding-left:1.4em}"
)
"""The style every fragment carries: compact bordered tables, theme-neutral colours (greys
with transparency, so dark themes keep their text colour), scoped to ``.penalties``."""

RISK_CSS = (
    ".penalties .penalties-table td.penalties-status{font-weight:600}"
    ".penalties tr.penalties-risk-error td.penalties-status{background:rgba(127,127,127,.3)}"
    ".penalties tr.penalties-risk-warned td.penalties-status{background:rgba(230,180,0,.22)}"
    ".penalties tr.penalties-risk-restricted td.penalties-status{background:rgba(240,130,0,.28)}"
    ".penalties tr.penalties-risk-frozen td.penalties-status,"
    ".penalties tr.penalties-risk-suspended td.penalties-status{background:rgba(220,50,30,.3)}"
    ".penalties tr.penalties-risk-closed td.penalties-status{background:rgba(150,0,0,.45)}"
)
"""The risk summary's extra style (:class:`penalties.frames.RiskSummary`): the status cell of
each row tinted by how bad it is, translucent so that light and dark themes keep their text
colour; scoped to ``.penalties`` like :data:`CSS`."""


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
    return (
        f'<div class="penalties penalties-{kind}"><style>{CSS}</style>' + "".join(parts) + "</div>"
    )


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
                reason_text(s),
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
    if isinstance(event, ExamPassed):
        return ("rules exam passed", _t(event.at, tz), "exam passed", "", "", "", event.note)
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
                        why,
                    )
                    for c, why in zip(timeline.changes, change_texts(timeline), strict=True)
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


def _own_zone(instant: DateTime | None, *, open_ended: str = "—") -> str:
    """An instant in its own zone, named when it has a name (results are in the policy's)."""
    if instant is None:
        return open_ended
    name = instant.timezone_name
    if name and "/" in name:
        return f"{_t(instant, name)} ({name})"
    return _t(instant)


def _length(start: DateTime, end: DateTime | None) -> str:
    if end is None:
        return "open-ended"
    seconds = (exact(end) - exact(start)) // 1_000_000
    days, rest = divmod(seconds, 86400)
    if not rest:
        return f"{days} day" + ("" if days == 1 else "s")
    hours, rest = divmod(seconds, 3600)
    if not rest:
        return f"{hours} hour" + ("" if hours == 1 else "s")
    return f"{seconds / 86400:.2f} days"


def render_sanction(sanction: Sanction) -> str:
    """One sanction: its kind, interval and length, ledger, cause, reason and threshold."""
    s = sanction
    header = (
        f"<p><strong>{_e(_kind(s))}</strong> from {_e(_own_zone(s.start))} until "
        f"{_e(_own_zone(s.end, open_ended='open-ended'))}"
        + ("" if s.end is None else f" ({_e(_length(s.start, s.end))})")
        + "</p>"
    )
    facts: list[tuple[str, str]] = [
        ("status implied", s.status.name),
        ("ledger", s.ledger or "(direct: applied by a violation, no threshold)"),
        ("cause", ", ".join(s.cause) or "—"),
        ("reason", reason_text(s) or "—"),
    ]
    if s.threshold is not None:
        facts.append(("threshold", str(s.threshold)))
    if s.amount is not None:
        facts.append(("amount", f"{s.amount:,} {s.currency}"))
    if s.appealable_from is not None:
        facts.append(("appealable from", _own_zone(s.appealable_from)))
    return _wrap("sanction", [header, _facts(facts)])


def _schedule(schedule: Schedule[int] | None, unit: str = "") -> str:
    """A dated value as text: '3 points (1 before 2017-11-22)'; '—' when none is stated."""
    if schedule is None:
        return "— (each violation states its points)"
    entries = list(schedule.entries)
    latest = f"{entries[-1][1]}{unit}"
    if len(entries) == 1:
        return latest
    older = ", ".join(
        f"{value} before {entries[i + 1][0]}" for i, (_, value) in enumerate(entries[:-1])
    )
    return f"{latest} from {entries[-1][0]} ({older})"


def _links(references: Sequence[str]) -> str:
    """The sources as a list, web addresses as links."""
    items = []
    for ref in references:
        text = _e(ref)
        if ref.startswith(("https://", "http://")):
            items.append(f'<li><a href="{text}" target="_blank" rel="noopener">{text}</a></li>')
        else:
            items.append(f"<li>{text}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def render_policy(policy: Policy) -> str:
    """A policy: its zone and version, each ledger's validity, counting and thresholds, the
    violation catalogue, its assumptions and its sources."""
    where = f" {policy.market}" if policy.market else ""
    version = f", version {policy.version}" if policy.version else ""
    parts = [
        f"<p><strong>{_e(policy.name)}</strong> ({_e(policy.code)}{_e(where)}) — "
        f"{len(policy.ledgers)} ledgers, {sum(1 for k in policy.kinds if not k.generic)} "
        f"violation kinds; days counted in {_e(policy.timezone)}{_e(version)}</p>",
        _table(
            ["ledger", "title", "unit", "validity", "counting", "thresholds", "stacking"],
            (
                (
                    ledger.code,
                    ledger.title + (f" ({ledger.title_zh})" if ledger.title_zh else ""),
                    ledger.unit.value,
                    ledger.validity_text,
                    "; ".join(rule.describe() for rule in ledger.counting) or "—",
                    "; ".join(
                        f"{th.title}: " + ", ".join(spec.describe() for spec in th.sanctions)
                        for th in ledger.thresholds
                    )
                    or "none",
                    ledger.stacking.mode.value,
                )
                for ledger in policy.ledgers
            ),
            more="ledgers",
        ),
    ]
    kinds = [k for k in policy.kinds if not k.generic]
    if kinds:
        rows = []
        for kind in kinds:
            unit = " " + policy.ledger(kind.ledger).unit.value
            if kind.severities:
                points = "; ".join(
                    f"{sev.code}: {_schedule(sev.points, unit)}"
                    + (f" → {sev.ledger}" if sev.ledger and sev.ledger != kind.ledger else "")
                    for sev in kind.severities
                )
            else:
                points = _schedule(kind.points, unit)
            direct = [spec.describe() for spec in kind.sanctions]
            direct += [
                f"{sev.code}: {spec.describe()}"
                for sev in kind.severities
                for spec in sev.sanctions
            ]
            rows.append((kind.code, kind.title, kind.ledger, points, "; ".join(direct) or "—"))
        parts.append(
            "<p>Violation kinds</p>"
            + _table(["kind", "title", "ledger", "points", "direct sanctions"], rows, more="kinds")
        )
    if policy.assumptions:
        parts.append(
            "<p>Assumptions (where the sources are silent)</p>"
            + _table(
                ["code", "assumption", "override"],
                ((a.code, a.text, a.option or "—") for a in policy.assumptions),
                more="assumptions",
            )
        )
    if policy.references:
        parts.append(f"<details><summary>References ({len(policy.references)})</summary>")
        parts.append(_links(policy.references) + "</details>")
    return _wrap("policy", parts)


def _money(policy: ClaimPolicy, amount: object) -> str:
    return "no cap stated" if amount is None else f"{policy.currency} {amount:,}"


def _window(window: object) -> str:
    return "not stated" if window is None else str(window)


def render_claim_policy(policy: ClaimPolicy) -> str:
    """A SAFE-T claim policy: its filing windows, caps, reply and appeal windows, business
    days, the reasons it covers and its sources."""
    p = policy
    facts: list[tuple[str, str]] = []
    for rule in p.filing_rules:
        since = "" if rule.since is None else f" (from {rule.since})"
        facts.append(("file within", f"{rule.window} after {rule.anchor.describe()}{since}"))
    facts += [
        ("wait, with a return authorisation", _window(p.wait_with_return_authorization)),
        ("reply within", _window(p.reply_window)),
        ("appeal within", _window(p.appeal_window)),
        ("appeals allowed", str(p.max_appeals)),
        ("cap per item", _money(p, p.item_cap)),
        ("cap per order", _money(p, p.order_cap)),
        (
            "buyer damage",
            "no share stated"
            if p.buyer_damage_share is None
            else f"{p.buyer_damage_share:.0%} of the order value",
        ),
        ("automatic refunds", "eligible" if p.automatic_refunds_eligible else "not eligible"),
    ]
    if p.weekend or p.public_holidays:
        days = ", ".join(calendar.day_abbr[d - 1] for d in sorted(p.weekend)) or "none"
        facts.append(("business days", f"weekend {days}; {len(p.public_holidays)} public holidays"))
    parts = [
        f"<p><strong>{_e(p.name)}</strong> ({_e(p.code)}, {_e(p.market)}) — SAFE-T claims; "
        f"days counted in {_e(p.timezone)}, amounts in {_e(p.currency)}"
        + (f", version {_e(p.version)}" if p.version else "")
        + "</p>",
        _facts(facts),
        "<p>Reasons covered</p>"
        + _table(
            ["reason"],
            ((r.value,) for r in sorted(p.reasons, key=lambda r: r.value)),
            more="reasons",
        ),
    ]
    if p.references:
        parts.append(f"<details><summary>References ({len(p.references)})</summary>")
        parts.append(_links(p.references) + "</details>")
    return _wrap("claim-policy", parts)
