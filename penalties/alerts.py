"""Alerts: every notable transition of an account in a window of time, for an ERP that watches
many shops (:func:`alerts`, also :meth:`Policy.alerts`), and the deadlines of SAFE-T claims
(:func:`claim_alerts`).

Each :class:`Alert` is derived from the whole replayed history (one engine run), never from the
window, and kept when its instant lies in ``[since, until)`` (exact instants): so running over
consecutive windows gives every alert exactly once, the same as one window over all of them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs
from pendulum import DateTime

from penalties._time import InstantLike, exact, fold_safe, instant_eq, to_instant, zone
from penalties.errors import InvalidEventError
from penalties.events import Event, Violation
from penalties.explain import _Words, check_locale
from penalties.rules import CalendarReset, SanctionKind, Unit

if TYPE_CHECKING:
    from penalties.claims import ClaimPolicy, SafeTClaim
    from penalties.policy import Policy
    from penalties.results import Timeline

__all__ = ["Alert", "AlertCode", "alerts", "claim_alerts"]


class AlertCode(enum.StrEnum):
    """The stable codes of every :class:`Alert`, in the order alerts at one instant sort."""

    SANCTION_ENDED = "sanction_ended"
    POINTS_LAPSED = "points_lapsed"
    POINTS_RESET = "points_reset"
    SANCTION_STARTED = "sanction_started"
    THRESHOLD_NEAR = "threshold_near"
    SANCTION_APPEALABLE = "sanction_appealable"
    APPEAL_WINDOW_OPENED = "appeal_window_opened"
    APPEAL_WINDOW_CLOSING = "appeal_window_closing"
    CLAIM_FILING_OPENS = "claim_filing_opens"
    CLAIM_FILE_BY_CLOSING = "claim_file_by_closing"
    CLAIM_REPLY_BY_CLOSING = "claim_reply_by_closing"
    CLAIM_APPEAL_BY_CLOSING = "claim_appeal_by_closing"


_ORDER = {code: i for i, code in enumerate(AlertCode)}


@fold_safe
@attrs.frozen
class Alert:
    """One notable transition: its stable ``code``, the instant ``at`` (in the policy's zone),
    the ``ledger`` it is about (``None`` for an account-wide one), the violations (or the order)
    behind it (``cause``), and the facts its text needs: the sanction kind, the points (lapsed,
    or still to go to a threshold), the threshold level, the ledger's balance after, and the
    ``deadline`` a closing alert warns of."""

    code: AlertCode
    at: DateTime = attrs.field(eq=instant_eq)
    policy_code: str
    ledger: str | None
    cause: tuple[str, ...]
    sanction: SanctionKind | None = None
    points: int | None = None
    threshold: int | None = None
    balance: int | None = None
    deadline: DateTime | None = attrs.field(default=None, eq=instant_eq)
    reason: str = ""
    """For a sanction's alerts: what the rule applies (its reason, without the later notes)."""
    policy: Policy | None = attrs.field(default=None, eq=False, repr=False)
    """The policy, for ledger names and units in :meth:`explain` (``None`` for claim alerts)."""

    @property
    def key(self) -> str:
        """A stable identity: the same alert has the same key in every run (for de-duplicating
        and for calendar UIDs)."""
        parts = [self.code.value, self.policy_code, self.ledger or "", ",".join(self.cause)]
        if self.sanction is not None:
            parts.append(self.sanction.value)
        if self.threshold is not None:
            parts.append(str(self.threshold))
        if self.reason:
            parts.append(self.reason)
        parts.append(str(exact(self.at)))
        return "|".join(parts)

    def explain(self, locale: str = "en") -> str:
        """One line in English (``"en"``) or Simplified Chinese (``"zh"``)."""
        check_locale(locale)
        tz = self.at.timezone_name or "UTC"
        w = _Words(self.policy, tz, locale)
        texts = _TEXTS[locale]
        unit = w.unit_of(self.ledger) if self.ledger is not None else Unit.POINTS
        values: dict[str, object] = {
            "t": w.t(self.at),
            "ledger": w.ledger_name(self.ledger) if self.ledger else "",
            "cause": w.join(self.cause) or "-",
            "kind": w.kind(self.sanction) if self.sanction is not None else "",
            "points": w.n(self.points or 0, unit),
            "threshold": w.n(self.threshold or 0, unit),
            "balance": w.n(self.balance or 0, unit),
            "deadline": w.t(self.deadline),
            "reason": f": {self.reason}" if self.reason and locale == "en" else "",
        }
        return texts[self.code.value].format(**values)


_TEXTS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "sanction_started": "{t}: {kind} starts{reason} ({cause}).",
        "sanction_ended": "{t}: {kind} ends{reason} ({cause}).",
        "sanction_appealable": "{t}: the {kind} may now be appealed{reason} ({cause}).",
        "threshold_near": "{t}: {ledger} is at {balance}, {points} short of the threshold at "
        "{threshold} ({cause}).",
        "points_lapsed": "{t}: {points} on {ledger} lapsed, {balance} left ({cause}).",
        "points_reset": "{t}: {ledger} reset, {points} removed, {balance} left ({cause}).",
        "appeal_window_opened": "{t}: appeal window on {cause} opens, until {deadline}.",
        "appeal_window_closing": "{t}: appeal window on {cause} closes {deadline}.",
        "claim_filing_opens": "{t}: the SAFE-T claim for order {cause} may be filed, until "
        "{deadline}.",
        "claim_file_by_closing": "{t}: file the SAFE-T claim for order {cause} by {deadline}.",
        "claim_reply_by_closing": "{t}: reply on the SAFE-T claim for order {cause} by {deadline}.",
        "claim_appeal_by_closing": "{t}: appeal the SAFE-T decision on order {cause} by "
        "{deadline}.",
    },
    "zh": {
        "sanction_started": "{t}：{kind}开始（{cause}）。",
        "sanction_ended": "{t}：{kind}结束（{cause}）。",
        "sanction_appealable": "{t}：{kind}现可申诉（{cause}）。",
        "threshold_near": "{t}：{ledger}为 {balance}，距处罚节点 {threshold} 还差 {points}"
        "（{cause}）。",
        "points_lapsed": "{t}：{ledger}有 {points} 失效，剩余 {balance}（{cause}）。",
        "points_reset": "{t}：{ledger}清零 {points}，剩余 {balance}（{cause}）。",
        "appeal_window_opened": "{t}：{cause} 的申诉期开始，至 {deadline}。",
        "appeal_window_closing": "{t}：{cause} 的申诉期将于 {deadline} 截止。",
        "claim_filing_opens": "{t}：订单 {cause} 的 SAFE-T 索赔可以提交，截止 {deadline}。",
        "claim_file_by_closing": "{t}：订单 {cause} 的 SAFE-T 索赔须在 {deadline} 前提交。",
        "claim_reply_by_closing": "{t}：订单 {cause} 的 SAFE-T 索赔须在 {deadline} 前回复。",
        "claim_appeal_by_closing": "{t}：订单 {cause} 的 SAFE-T 决定须在 {deadline} 前申诉。",
    },
}


def _whole(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} takes a whole number, not {type(value).__name__} {value!r}.")
    if value < 0:
        raise InvalidEventError(f"{name} is {value}; give 0 or more.")
    return value


def _window(since: InstantLike, until: InstantLike) -> tuple[int, int]:
    lo = exact(to_instant(since, what="since"))
    hi = exact(to_instant(until, what="until"))
    if hi < lo:
        raise InvalidEventError(
            f"until ({until}) is before since ({since}); alerts are read over [since, until)."
        )
    return lo, hi


def _sort_key(a: Alert) -> tuple[object, ...]:
    return (exact(a.at), _ORDER[a.code], a.ledger or "", a.cause, a.key)


def alerts(
    policy: Policy,
    events: Iterable[Event],
    since: InstantLike,
    until: InstantLike,
    *,
    within_points: int | Mapping[str, int] = 3,
    notice_days: int = 3,
) -> tuple[Alert, ...]:
    """Every notable transition of the account in ``[since, until)``, in time order.

    - ``sanction_started`` / ``sanction_ended``: a sanction's real interval (after every
      extension, replacement or lift); ``sanction_appealable`` when a rule lets it be appealed
      only from some day on.
    - ``threshold_near``: points arriving bring a ledger within ``within_points`` (one number,
      or one per ledger code; ledgers left out get no such alert) of its next threshold.
    - ``points_lapsed`` (a violation's validity ran out) and ``points_reset`` (a calendar
      reset).
    - ``appeal_window_opened`` when a penalty with a stated window is applied, and
      ``appeal_window_closing`` ``notice_days`` calendar days (in the policy's zone) before its
      deadline while the window is still unused.

    ``within_points=3`` and ``notice_days=3`` are this library's defaults for a seller's to-do
    list, not platform rules; set them to what your team needs.
    """
    lo, hi = _window(since, until)
    notice = _whole("notice_days", notice_days)
    if isinstance(within_points, Mapping):
        within = {policy.ledger(code).code: _whole(f"within_points[{code!r}]", v)
                  for code, v in within_points.items()}  # fmt: skip
    else:
        n = _whole("within_points", within_points)
        within = {ledger.code: n for ledger in policy.ledgers}
    items = list(events)
    timeline = policy.evaluate(items)
    found = _sanction_alerts(policy, timeline)
    found += _change_alerts(policy, timeline, within)
    found += _appeal_alerts(policy, timeline, items, notice)
    kept = [a for a in found if lo <= exact(a.at) < hi]
    kept.sort(key=_sort_key)
    return tuple(kept)


def _sanction_alerts(policy: Policy, timeline: Timeline) -> list[Alert]:
    out = []
    for s in timeline.sanctions:
        why = s.reason.split("; ")[0]
        out.append(
            Alert(AlertCode.SANCTION_STARTED, s.start, policy.code, s.ledger, s.cause, s.kind,
                  threshold=s.threshold, reason=why, policy=policy)
        )  # fmt: skip
        if s.end is not None:
            out.append(
                Alert(AlertCode.SANCTION_ENDED, s.end, policy.code, s.ledger, s.cause, s.kind,
                      threshold=s.threshold, reason=why, policy=policy)
            )  # fmt: skip
        if s.appealable_from is not None and (
            s.end is None or exact(s.appealable_from) < exact(s.end)
        ):
            out.append(
                Alert(AlertCode.SANCTION_APPEALABLE, s.appealable_from, policy.code, s.ledger,
                      s.cause, s.kind, threshold=s.threshold, reason=why, policy=policy)
            )  # fmt: skip
    return out


def _closed_from(timeline: Timeline) -> int | None:
    starts = [exact(s.start) for s in timeline.sanctions if s.kind is SanctionKind.CLOSURE]
    return min(starts) if starts else None


def _change_alerts(policy: Policy, timeline: Timeline, within: Mapping[str, int]) -> list[Alert]:
    out: list[Alert] = []
    data = timeline._data
    z = zone(policy.tz)
    closed = _closed_from(timeline)
    near: dict[str, int | None] = {}
    for i, change in enumerate(timeline.changes):
        key = exact(change.at)
        ledger = policy.ledger(change.ledger)
        ref = data.change_refs[i]
        if change.delta < 0:
            code = None
            if ref <= -2:
                code = AlertCode.POINTS_LAPSED
            elif (
                ref == -1
                and isinstance(ledger.validity, CalendarReset)
                and ledger.validity.calendar.next_key(key - 1, z) == key
            ):
                code = AlertCode.POINTS_RESET
            if code is not None:
                out.append(
                    Alert(code, change.at, policy.code, ledger.code, change.cause,
                          points=-change.delta, balance=change.balance, policy=policy)
                )  # fmt: skip
        limit = within.get(ledger.code)
        if limit is None or (closed is not None and key >= closed):
            continue
        day = z.date(key)
        best: int | None = None
        for th in ledger.thresholds:
            if th.in_force(day):
                level = th.next_level(change.balance)
                if level is not None and (best is None or level < best):
                    best = level
        is_near = best is not None and best - change.balance <= limit
        if is_near and change.delta > 0 and near.get(ledger.code) != best:
            assert best is not None
            out.append(
                Alert(AlertCode.THRESHOLD_NEAR, change.at, policy.code, ledger.code, change.cause,
                      points=best - change.balance, threshold=best, balance=change.balance,
                      policy=policy)
            )  # fmt: skip
        near[ledger.code] = best if is_near else None
    return out


def _appeal_alerts(
    policy: Policy, timeline: Timeline, events: list[Event], notice: int
) -> list[Alert]:
    out = []
    z = zone(policy.tz)
    for v in events:
        if not isinstance(v, Violation):
            continue
        deadline = policy.appeal_deadline(v)
        if deadline is None:
            continue
        opened = z.datetime(exact(v.at))
        out.append(
            Alert(AlertCode.APPEAL_WINDOW_OPENED, opened, policy.code, None, (v.id,),
                  deadline=deadline, policy=policy)
        )  # fmt: skip
        warn = max(z.add_days(exact(deadline), -notice), exact(v.at))
        standing = timeline.at(z.datetime(warn))
        if any(w.violation_id == v.id for w in standing.appeal_windows):
            out.append(
                Alert(AlertCode.APPEAL_WINDOW_CLOSING, z.datetime(warn), policy.code, None,
                      (v.id,), deadline=deadline, policy=policy)
            )  # fmt: skip
    return out


def claim_alerts(
    policy: ClaimPolicy,
    claims: Iterable[SafeTClaim],
    since: InstantLike,
    until: InstantLike,
    *,
    notice_days: int = 3,
) -> tuple[Alert, ...]:
    """The SAFE-T deadlines of ``claims`` in ``[since, until)``: when a claim may first be
    filed (``claim_filing_opens``, unless it was filed before) and, ``notice_days`` calendar
    days before each deadline (in the marketplace's zone), ``claim_file_by_closing`` (while not
    yet filed), ``claim_reply_by_closing`` and ``claim_appeal_by_closing``. Each claim is
    assessed with the claims filed before it as its prior claims."""
    from penalties._time import add_days

    lo, hi = _window(since, until)
    notice = _whole("notice_days", notice_days)
    items = sorted(claims, key=lambda c: (exact(c.filed_at), c.order_id))
    tz = policy.zone
    code = f"{policy.code}:{policy.market}"
    out: list[Alert] = []
    for i, claim in enumerate(items):
        result = policy.assess(claim, prior_claims=items[:i])
        cause = (claim.order_id,)
        filed = exact(claim.filed_at)
        if filed > exact(result.earliest_filing):
            out.append(
                Alert(AlertCode.CLAIM_FILING_OPENS, result.earliest_filing, code, None, cause,
                      deadline=result.file_by)
            )  # fmt: skip
        for alert_code, deadline in (
            (AlertCode.CLAIM_FILE_BY_CLOSING, result.file_by),
            (AlertCode.CLAIM_REPLY_BY_CLOSING, result.reply_by),
            (AlertCode.CLAIM_APPEAL_BY_CLOSING, result.appeal_by),
        ):
            if deadline is None:
                continue
            warn = add_days(deadline, -notice, tz)
            if alert_code is AlertCode.CLAIM_FILE_BY_CLOSING and filed <= exact(warn):
                continue  # filed before the reminder would come
            out.append(Alert(alert_code, warn, code, None, cause, deadline=deadline))
    kept = [a for a in out if lo <= exact(a.at) < hi]
    kept.sort(key=_sort_key)
    return tuple(kept)
