"""Plain-words explanations of a :class:`~penalties.results.Standing` (and of a
:class:`~penalties.results.WhatIf` and a SAFE-T :class:`~penalties.claims.Assessment`), in
English (``"en"``) and Simplified Chinese (``"zh"``).

One walk over the result builds the text; the words come from one table of message templates
per locale (:data:`MESSAGES`), so both languages always say the same things.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from pendulum import DateTime

from penalties.errors import UnsupportedLocaleError
from penalties.events import AppealOutcome
from penalties.results import Sanction, Status
from penalties.rules import (
    CalendarReset,
    ExpiresAfter,
    Ledger,
    SanctionKind,
    SanctionSpec,
    Threshold,
    Unit,
)

if TYPE_CHECKING:
    from penalties.claims import Assessment
    from penalties.policy import Policy
    from penalties.results import Standing, WhatIf

__all__ = [
    "LOCALES",
    "MESSAGES",
    "check_locale",
    "explain_assessment",
    "explain_standing",
    "explain_what_if",
    "sanction_kind_text",
    "severity_text",
    "spec_text",
    "status_text",
    "threshold_text",
    "unit_text",
    "validity_text",
]

LOCALES = ("en", "zh")
"""The languages explanations are written in: English and Simplified Chinese."""

MESSAGES: Mapping[str, Mapping[str, str]] = {
    "en": {
        "open_ended": "open-ended",
        "header": "{policy} — standing at {at} ({tz}): {status}{until}",
        "until": " until {t}",
        "ledger": "{code} ({title}): {amount}{rating}",
        "rating": " (score {score})",
        "carry_over": "  - {counted} carried over from before {t}",
        "contribution": "  - {vid}: {what}, {counted} since {t}{lapses}",
        "lapses": ", lapses {t}",
        "partly_counted": "{counted} of {total} counted",
        "severity": "{kind} ({severity})",
        "sanctions": "Active sanctions:",
        "no_sanctions": "Active sanctions: none.",
        "sanction": "  - {kind}{amount} from {start} to {end}: {reason} [cause: {cause}]",
        "amount": " {amount} {currency}",
        "appealable_from": "    may be appealed from {t}",
        "appealable_since": "    may be appealed since {t}",
        "closed": "The account is closed; closure is terminal.",
        "first_seen": "Note: rule {code} is known only from {t} (its earliest source, not an "
        "effective date); it is applied here as written.",
        "next": "Next threshold on {ledger}: {points} ({label}) -> {actions}; {remaining} to go.",
        "expiring": "Coming off if nothing new happens:",
        "expiry": "  - {t}: -{points} on {ledger} ({cause})",
        "more": "  - … and {n} more",
        "appeal_pending": "Appeal on {vid} filed {t}: pending.",
        "appeal_decided": "Appeal on {vid}: {outcome} on {t}.",
        "appeal_problem": "  ! {problem}",
        "window": "Appeal window on {vid} ({kind}): open until {t}{left}.",
        "appeals_left": "; {n} left",
        "if_granted": "  If the appeal on {vid} were granted now: {what}",
        "change": "{code} {before} -> {after}",
        "lifts": "lifts {kinds}",
        "status_change": "status {before} -> {after}",
        "nothing_changes": "nothing changes at this instant.",
        "sep": ", ",
        "parts": "; ",
        "end": ".",
        # what-if
        "what_if": "What adding {events} would change at {at} ({tz}):",
        "delta": "  {ledger}: {delta:+d} {unit}",
        "no_delta": "  points: no change",
        "new_sanction": "  new sanction: {kind} {start} -> {end} ({reason})",
        "status_line": "  status: {before} -> {after}",
        # claims
        "claim": "SAFE-T claim for order {order} on Amazon {market}: {verdict}",
        "eligible": "eligible",
        "not_eligible": "not eligible",
        "file_window": "  file from {start} to {end}",
        "at_most": "  at most {currency} {amount}",
        "claim_status": "  status: {status}",
        "reply_by": "  reply by {t}",
        "appeal_by": "  appeal by {t}",
        "granted": "  granted {currency} {amount}",
        "problem": "  - {code} ({kind}): {message}",
        "blocking": "blocking",
        "advisory": "advisory",
    },
    "zh": {
        "open_ended": "无期限",
        "header": "{policy} — {at}（{tz}）的账户状态：{status}{until}",
        "until": "，至 {t}",
        "ledger": "{code}（{title}）：{amount}{rating}",
        "rating": "（评分 {score}）",
        "carry_over": "  - {counted}，结转自 {t} 之前",
        "contribution": "  - {vid}：{what}，自 {t} 起计 {counted}{lapses}",
        "lapses": "，{t} 失效",
        "partly_counted": "{total}中计入 {counted}",
        "severity": "{kind}（{severity}）",
        "sanctions": "当前处罚：",
        "no_sanctions": "当前处罚：无。",
        "sanction": "  - {kind}{amount}，自 {start} 至 {end}：{reason}［原因：{cause}］",
        "amount": " {amount} {currency}",
        "appealable_from": "    可自 {t} 起申诉",
        "appealable_since": "    自 {t} 起已可申诉",
        "closed": "账户已关闭；关闭为终局处罚，不会恢复。",
        "first_seen": "注意：规则 {code} 最早见于 {t}（最早的来源日期，并非生效日期）；"
        "此处照常适用。",
        "next": "{ledger}的下一门槛：{points} → {actions}；还差 {remaining}。",
        "expiring": "若无新的违规，以下扣分将失效：",
        "expiry": "  - {t}：{ledger}减 {points}（{cause}）",
        "more": "  - ……另有 {n} 项",
        "appeal_pending": "对 {vid} 的申诉于 {t} 提交：处理中。",
        "appeal_decided": "对 {vid} 的申诉：{t} {outcome}。",
        "appeal_problem": "  ！{problem}",
        "window": "{vid}（{kind}）可申诉，截止 {t}{left}。",
        "appeals_left": "；剩余 {n} 次申诉机会",
        "if_granted": "  若对 {vid} 的申诉现在获批：{what}",
        "change": "{code} {before} → {after}",
        "lifts": "解除{kinds}",
        "status_change": "状态 {before} → {after}",
        "nothing_changes": "此刻没有变化。",
        "sep": "、",
        "parts": "；",
        "end": "。",
        "what_if": "若在 {at}（{tz}）新增 {events}，将发生以下变化：",
        "delta": "  {ledger}：{delta:+d} {unit}",
        "no_delta": "  扣分：无变化",
        "new_sanction": "  新处罚：{kind} {start} → {end}（{reason}）",
        "status_line": "  状态：{before} → {after}",
        "claim": "亚马逊 {market} 订单 {order} 的 SAFE-T 索赔：{verdict}",
        "eligible": "符合条件",
        "not_eligible": "不符合条件",
        "file_window": "  提交期限：{start} 至 {end}",
        "at_most": "  最高赔付 {currency} {amount}",
        "claim_status": "  状态：{status}",
        "reply_by": "  请于 {t} 前回复",
        "appeal_by": "  请于 {t} 前申诉",
        "granted": "  已赔付 {currency} {amount}",
        "problem": "  - {code}（{kind}）：{message}",
        "blocking": "阻止",
        "advisory": "提示",
    },
}
"""The message templates of each locale, by key; :func:`explain_standing` fills them in."""

_STATUS_ZH = {
    Status.GOOD: "正常",
    Status.WARNED: "警告",
    Status.RESTRICTED: "受限",
    Status.FROZEN: "冻结",
    Status.SUSPENDED: "暂停",
    Status.CLOSED: "关闭",
}
_SANCTION_ZH = {
    SanctionKind.WARNING: "警告",
    SanctionKind.RESTRICTION: "限制经营",
    SanctionKind.LISTING_REMOVAL: "商品下架",
    SanctionKind.FUNDS_HOLD: "资金冻结",
    SanctionKind.FINE: "罚款",
    SanctionKind.FREEZE: "店铺冻结",
    SanctionKind.SUSPENSION: "账户暂停",
    SanctionKind.CLOSURE: "关闭账户",
}
_UNIT_ZH = {
    Unit.POINTS: "{n} 分",
    Unit.STRIKES: "{n} 次",
    Unit.COMPLAINTS: "{n} 次投诉",
    Unit.RECORDS: "{n} 条记录",
}
_SEVERITY_ZH = {
    "general": "一般",
    "serious": "严重",
    "especially_serious": "特别严重",
    "minor": "轻微",
    "major": "重大",
    "critical": "极其严重",
}
_OUTCOME_ZH = {
    AppealOutcome.PENDING: "处理中",
    AppealOutcome.GRANTED: "已通过",
    AppealOutcome.DENIED: "已驳回",
    AppealOutcome.REDUCED: "已减轻",
}
_CLAIM_STATUS_ZH = {
    "under_investigation": "调查中",
    "awaiting_seller_response": "等待卖家回复",
    "resolved_granted": "已解决：已赔付",
    "resolved_denied": "已解决：未赔付",
}
_PROBLEM_ZH = {
    "reason_not_covered": "该原因不在 SAFE-T 的受理范围内",
    "refund_not_issued_by_amazon": "退款不是亚马逊代卖家发放的",
    "automatic_refund_excluded": "因卖家未及时处理退货而自动退款的订单不予赔付",
    "fba_order": "亚马逊物流（FBA）订单不适用 SAFE-T",
    "chargeback": "该订单有信用卡拒付",
    "a_to_z_claim": "该订单有亚马逊商城交易保障索赔",
    "return_rejected": "卖家拒绝了退货",
    "lost_or_damaged_in_transit": "商品在运输途中丢失或损坏",
    "apparel_return_label": "服装、鞋类和箱包的退货标签费不予赔付",
    "duplicate_order_claim": "该订单已提交过索赔",
    "too_early": "提交过早，请在可提交日期之后再提交",
    "filing_window_closed": "提交期限已过",
    "referral_fee_not_reimbursed": "销售佣金不予赔付",
    "outbound_label_not_reimbursed": "发货运费不予赔付",
    "buyer_damage_capped": "买家损坏的商品按货值的一定比例封顶赔付",
    "above_item_cap": "超出单件赔付上限",
    "above_order_cap": "超出单笔订单赔付上限",
    "reply_late": "回复晚于期限",
    "appeal_window_closed": "申诉期限已过",
    "second_appeal": "每项索赔只能申诉一次",
    "appeal_without_new_evidence": "申诉没有提供新的证据",
}
_WHAT_IF_LIMIT = 5
_EXPIRY_LIMIT = 10


def check_locale(locale: str) -> Mapping[str, str]:
    """The templates of ``locale``, or :class:`UnsupportedLocaleError` naming the choices."""
    if locale not in MESSAGES:
        raise UnsupportedLocaleError(
            f"explanations are written in {', '.join(LOCALES)}, not {locale!r}; pass "
            "locale='en' (English) or locale='zh' (Simplified Chinese)."
        )
    return MESSAGES[locale]


def status_text(status: Status, locale: str = "en") -> str:
    """The status as a word: ``FROZEN`` in English, ``冻结`` in Chinese."""
    check_locale(locale)
    return _STATUS_ZH[status] if locale == "zh" else status.name


def sanction_kind_text(kind: SanctionKind, locale: str = "en") -> str:
    """The sanction kind as a word: ``FREEZE`` in English, ``店铺冻结`` in Chinese."""
    check_locale(locale)
    return _SANCTION_ZH[kind] if locale == "zh" else kind.name


class _Words:
    """The words of one locale for one policy: instants in its zone, counts in units."""

    def __init__(self, policy: Policy | None, tz: str, locale: str) -> None:
        self.m = check_locale(locale)
        self.zh = locale == "zh"
        self.locale = locale
        self.policy = policy
        self.tz = tz

    def __call__(self, key: str, **values: object) -> str:
        return self.m[key].format(**values)

    def t(self, t: DateTime | None) -> str:
        if t is None:
            return self.m["open_ended"]
        return t.in_timezone(self.tz).format("YYYY-MM-DD HH:mm")

    def n(self, count: int, unit: Unit) -> str:
        if self.zh:
            return _UNIT_ZH[unit].format(n=count)
        return _plural(count, unit.value)

    def unit_of(self, ledger: str) -> Unit:
        if self.policy is None:
            return Unit.POINTS
        return self.policy.ledger(ledger).unit

    def ledger_name(self, code: str) -> str:
        """In Chinese, the ledger's Chinese title (its code if it has none)."""
        if not self.zh or self.policy is None:
            return code
        return self.policy.ledger(code).title_zh or code

    def status(self, status: Status) -> str:
        return _STATUS_ZH[status] if self.zh else status.name

    def kind(self, kind: SanctionKind) -> str:
        return _SANCTION_ZH[kind] if self.zh else kind.name

    def violation(self, kind: str, severity: str | None) -> str:
        """A violation kind (and severity): its code in English, its Chinese title in Chinese."""
        title = kind
        if self.zh and self.policy is not None:
            try:
                title = self.policy.kind(kind).title_zh or kind
            except LookupError:
                title = kind
        if severity is None:
            return title
        shown = _SEVERITY_ZH.get(severity, severity) if self.zh else severity
        return self("severity", kind=title, severity=shown)

    def join(self, items: Iterable[str]) -> str:
        return self.m["sep"].join(items)

    def spec(self, spec: SanctionSpec) -> str:
        """A sanction a rule applies, as a short phrase ('7-day freeze', '店铺冻结 7 天')."""
        if not self.zh:
            return spec.describe()
        name = _SANCTION_ZH[spec.kind]
        if spec.amount is not None:
            name = f"{name} {spec.amount} {spec.currency}"
        if spec.kind is SanctionKind.CLOSURE:
            text = name
        elif spec.days is None:
            text = f"无期限{name}"
        else:
            text = f"{name} {spec.days} 天"
        return text + ("（保持在该水平期间）" if spec.while_reached else "")

    def reason(self, s: Sanction) -> str:
        """Why a sanction runs: the engine's words in English; in Chinese, the threshold reached
        (or the violations behind it), with the engine's notes on later changes kept."""
        if not self.zh:
            return s.reason
        if s.ledger is not None and s.threshold is not None:
            text = f"{self.ledger_name(s.ledger)}达到 {self.n(s.threshold, self.unit_of(s.ledger))}"
        else:
            text = "违规直接处罚"
        notes = s.reason.split("; ")[1:]
        if notes:
            text += "（记录：" + "; ".join(notes) + "）"
        return text

    def outcome(self, outcome: AppealOutcome) -> str:
        return _OUTCOME_ZH[outcome] if self.zh else outcome.name.lower()


def explain_standing(standing: Standing, locale: str = "en") -> str:
    """Say what the standing is and why: balances with the violations behind them, active
    sanctions with their causes, the next thresholds, upcoming expiries and appeals."""
    policy = standing.policy
    w = _Words(policy, policy.timezone, locale)
    until = w("until", t=w.t(standing.frozen_until)) if standing.frozen_until else ""
    lines = [
        w(
            "header",
            policy=policy.name,
            at=w.t(standing.at),
            tz=policy.timezone,
            status=w.status(standing.status),
            until=until,
        )
    ]
    for ledger in policy.ledgers:
        points = standing.points[ledger.code]
        unit = ledger.unit
        if w.zh:
            title = ledger.title_zh or ledger.title
        else:
            title = ledger.title + (f" / {ledger.title_zh}" if ledger.title_zh else "")
        score = standing.scores.get(ledger.code)
        rating = w("rating", score=score) if score is not None else ""
        lines.append(
            w("ledger", code=ledger.code, title=title, amount=w.n(points, unit), rating=rating)
        )
        for c in standing.contributions[ledger.code]:
            counted = (
                w.n(c.counted, unit)
                if c.counted == c.points
                else w(
                    "partly_counted",
                    counted=w.n(c.counted, unit) if w.zh else c.counted,
                    total=w.n(c.points, unit),
                )
            )
            if c.kind == "carry_over":
                lines.append(w("carry_over", counted=counted, t=w.t(c.booked_at)))
                continue
            lapses = w("lapses", t=w.t(c.expires_at)) if c.expires_at else ""
            lines.append(
                w(
                    "contribution",
                    vid=c.violation_id,
                    what=w.violation(c.kind, c.severity),
                    counted=counted,
                    t=w.t(c.booked_at),
                    lapses=lapses,
                )
            )
    if standing.sanctions:
        lines.append(w("sanctions"))
        for s in standing.sanctions:
            amount = ""
            if s.amount is not None:
                amount = w("amount", amount=s.amount, currency=s.currency)
            lines.append(
                w(
                    "sanction",
                    kind=w.kind(s.kind),
                    amount=amount,
                    start=w.t(s.start),
                    end=w.t(s.end),
                    reason=w.reason(s),
                    cause=", ".join(s.cause),
                )
            )
            if s.appealable_from is not None:
                key = "appealable_from" if s.appealable_from > standing.at else "appealable_since"
                lines.append(w(key, t=w.t(s.appealable_from)))
    else:
        lines.append(w("no_sanctions"))
    if standing.closed:
        lines.append(w("closed"))
    day = standing.at.in_timezone(policy.timezone).date()
    for rule in policy.assumptions:  # rules known only from their earliest source
        if rule.first_seen is not None and day < rule.first_seen:
            lines.append(w("first_seen", code=rule.code, t=rule.first_seen.isoformat()))
    for n in standing.next_thresholds:
        unit = w.unit_of(n.ledger)
        lines.append(
            w(
                "next",
                ledger=w.ledger_name(n.ledger),
                points=n.points if not w.zh else w.n(n.points, unit),
                label=n.label,
                actions=w.join(w.spec(spec) for spec in n.sanctions),
                remaining=n.remaining if not w.zh else w.n(n.remaining, unit),
            )
        )
    if standing.expiring:
        lines.append(w("expiring"))
        for e in standing.expiring[:_EXPIRY_LIMIT]:
            lines.append(
                w(
                    "expiry",
                    t=w.t(e.at),
                    points=e.points if not w.zh else w.n(e.points, w.unit_of(e.ledger)),
                    ledger=w.ledger_name(e.ledger),
                    cause=", ".join(e.cause),
                )
            )
        if len(standing.expiring) > _EXPIRY_LIMIT:
            lines.append(w("more", n=len(standing.expiring) - _EXPIRY_LIMIT))
    asked: list[str] = []
    for a in standing.appeals:
        if a.outcome is AppealOutcome.PENDING:
            lines.append(w("appeal_pending", vid=a.violation_id, t=w.t(a.filed_at)))
            asked.append(a.violation_id)
        else:
            lines.append(
                w(
                    "appeal_decided",
                    vid=a.violation_id,
                    outcome=w.outcome(a.outcome),
                    t=w.t(a.decided_at),
                )
            )
        for problem in a.problems:
            lines.append(w("appeal_problem", problem=problem))
    for aw in standing.appeal_windows:
        left = ""
        if aw.appeals_left is not None:
            count = str(aw.appeals_left) if w.zh else _plural(aw.appeals_left, "appeals")
            left = w("appeals_left", n=count)
        lines.append(
            w(
                "window",
                vid=aw.violation_id,
                kind=w.violation(aw.kind, None),
                t=w.t(aw.deadline),
                left=left,
            )
        )
        asked.append(aw.violation_id)
    if standing.timeline is not None and not standing.closed:
        for vid in dict.fromkeys(asked[:_WHAT_IF_LIMIT]):
            lines.append(w("if_granted", vid=vid, what=_granted(standing, vid, w)))
    return "\n".join(lines)


def _plural(count: int, name: str) -> str:
    """'1 point', '3 points' (English)."""
    return f"{count} {name[:-1] if count == 1 and name.endswith('s') else name}"


def _granted(standing: Standing, vid: str, w: _Words) -> str:
    """What a granted appeal on ``vid`` would change, in one line."""
    result = standing.if_granted(vid)
    parts = [
        w(
            "change",
            code=w.ledger_name(code),
            before=result.before.points[code],
            after=result.after.points[code],
        )
        for code, delta in result.points_delta.items()
        if delta
    ]
    after_kinds = {s.kind for s in result.after.sanctions}
    ended = [
        w.kind(k)
        for k in dict.fromkeys(s.kind for s in result.before.sanctions)
        if k not in after_kinds
    ]
    if ended:
        parts.append(w("lifts", kinds=w.join(ended)))
    if result.after.status != result.before.status:
        parts.append(
            w(
                "status_change",
                before=w.status(result.before.status),
                after=w.status(result.after.status),
            )
        )
    return w.m["parts"].join(parts) + w.m["end"] if parts else w("nothing_changes")


def explain_what_if(result: WhatIf, locale: str = "en", *, added: str = "") -> str:
    """Say what adding events changes: points per ledger, new sanctions, the status before and
    after. ``added`` names what was added (default: the number of events)."""
    policy = result.before.policy
    w = _Words(policy, policy.timezone, locale)
    count = len(result.timeline_after.events) - len(result.timeline_before.events)
    if not added:
        added = f"{count} 个事件" if w.zh else f"{count} event{'s' if count != 1 else ''}"
    lines = [w("what_if", events=added, at=w.t(result.before.at), tz=policy.timezone)]
    deltas = [(code, d) for code, d in result.points_delta.items() if d]
    for code, delta in deltas:
        unit = w.unit_of(code)
        unit_name = _UNIT_ZH[unit].replace("{n} ", "") if w.zh else unit.value
        lines.append(w("delta", ledger=w.ledger_name(code), delta=delta, unit=unit_name))
    if not deltas:
        lines.append(w("no_delta"))
    for s in result.new_sanctions:
        lines.append(
            w(
                "new_sanction",
                kind=w.kind(s.kind),
                start=w.t(s.start),
                end=w.t(s.end),
                reason=w.reason(s),
            )
        )
    lines.append(
        w(
            "status_line",
            before=w.status(result.before.status),
            after=w.status(result.after.status),
        )
    )
    return "\n".join(lines)


def explain_assessment(assessment: Assessment, locale: str = "en") -> str:
    """Say what a SAFE-T assessment found: the verdict, the filing window, the cap, the status,
    the deadlines and every problem (in Chinese, each problem's code with a Chinese summary)."""
    w = _Words(None, "UTC", locale)
    a = assessment
    lines = [
        w(
            "claim",
            order=a.order_id,
            market=a.market,
            verdict=w("eligible") if a.eligible else w("not_eligible"),
        ),
        w("file_window", start=a.earliest_filing.isoformat(), end=a.file_by.isoformat()),
        w("at_most", currency=a.currency, amount=f"{a.max_reimbursement:,}"),
        w(
            "claim_status",
            status=_CLAIM_STATUS_ZH.get(a.status.value, a.status.value)
            if w.zh
            else a.status.value.replace("_", " "),
        ),
    ]
    if a.reply_by is not None:
        lines.append(w("reply_by", t=a.reply_by.isoformat()))
    if a.appeal_by is not None:
        lines.append(w("appeal_by", t=a.appeal_by.isoformat()))
    if a.granted_amount is not None:
        lines.append(w("granted", currency=a.currency, amount=f"{a.granted_amount:,}"))
    for problem in a.problems:
        message = _PROBLEM_ZH.get(problem.code, problem.message) if w.zh else problem.message
        lines.append(
            w(
                "problem",
                code=problem.code,
                kind=w("blocking") if problem.blocking else w("advisory"),
                message=message,
            )
        )
    return "\n".join(lines)


def severity_text(code: str, locale: str = "en") -> str:
    """A severity code in words: the code in English, its Chinese name (一般, 严重, …) in
    Chinese where one is known."""
    check_locale(locale)
    return _SEVERITY_ZH.get(code, code) if locale == "zh" else code


def spec_text(spec: SanctionSpec, locale: str = "en") -> str:
    """A sanction a rule applies, as a short phrase: '7-day freeze', '店铺冻结 7 天'."""
    return _Words(None, "UTC", locale).spec(spec)


def threshold_text(ledger: Ledger, threshold: Threshold, locale: str = "en") -> str:
    """A threshold and what it applies: '12 points: 7-day freeze -> 7-day freeze' in English
    (its label first), '12 分 → 店铺冻结 7 天' in Chinese."""
    w = _Words(None, "UTC", locale)
    actions = w.join(w.spec(spec) for spec in threshold.sanctions)
    if not w.zh:
        return f"{threshold.title} -> {actions}"
    level = w.n(threshold.points, ledger.unit)
    return f"{'每 ' if threshold.every else ''}{level} → {actions}"


def validity_text(ledger: Ledger, locale: str = "en") -> str:
    """How points leave ``ledger``, in words."""
    check_locale(locale)
    if locale != "zh":
        return ledger.validity_text
    validity = ledger.validity
    if isinstance(validity, ExpiresAfter):
        days = sorted({d for _, d in validity.days.entries})
        return "自处罚起 " + " 或 ".join(str(d) for d in days) + " 天内有效"
    if isinstance(validity, CalendarReset):
        return f"按日历清零（{validity.calendar.describe()}）"
    return "永不失效"


def unit_text(unit: Unit, locale: str = "en") -> str:
    """A ledger's unit in words: 'points' in English, '分' in Chinese."""
    check_locale(locale)
    return _UNIT_ZH[unit].replace("{n} ", "") if locale == "zh" else unit.value
