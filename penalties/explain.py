"""Plain-words explanations of a :class:`~penalties.results.Standing` (and of a
:class:`~penalties.results.WhatIf` and a SAFE-T :class:`~penalties.claims.Assessment`), in
English (``"en"``) and Simplified Chinese (``"zh"``).

One walk over the result builds the text; the words come from one table of message templates
per locale (:data:`MESSAGES`), so both languages always say the same things.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from pendulum import DateTime

from penalties.errors import UnsupportedLocaleError
from penalties.events import AppealOutcome
from penalties.results import Sanction, Standing, Status, Timeline, WhatIf
from penalties.rules import (
    CalendarReset,
    DatedResetCalendar,
    ExpiresAfter,
    Ledger,
    QuarterlyReset,
    ResetCalendar,
    SanctionKind,
    SanctionSpec,
    Threshold,
    Unit,
    ViolationKind,
    YearlyReset,
)

if TYPE_CHECKING:
    from penalties.appeals import Advice
    from penalties.claims import Assessment
    from penalties.policy import Policy

__all__ = [
    "LOCALES",
    "MESSAGES",
    "advice_text",
    "calendar_text",
    "change_texts",
    "check_locale",
    "explain_assessment",
    "explain_standing",
    "explain_what_if",
    "ledger_text",
    "note_text",
    "reason_text",
    "sanction_kind_text",
    "severity_text",
    "spec_text",
    "status_text",
    "threshold_text",
    "title_text",
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
        "default_market": "Market {market}: the default for {code!r} when no market is given; "
        "pass market= for another ({markets}).",
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
        "expiry_more": "  - {t}: -{points} on {ledger} ({cause}; it counts {points} by then: "
        "{counted} now, the rest once the violations capped or merged with it have lapsed)",
        "expiry_less": "  - {t}: -{points} on {ledger} ({cause}; it counted {counted}: the rest "
        "passes to the violations capped or merged with it)",
        "expiry_held": "  - {t}: {cause} lapses; no change on {ledger}: the violations merged "
        "or capped with it keep its {counted}",
        "more": "  - … and {n} more",
        "booked": "{what}",
        "booked_capped": "{what}: {counted} of {total} counted ({rule})",
        "lapsed": "{vid} lapsed ({validity})",
        "lapsed_more": "{vid} lapsed ({validity}); it counted {counted}, and takes off {taken}: "
        "what the violations capped or merged with it counted passed to it as they lapsed",
        "lapsed_less": "{vid} lapsed ({validity}); it counted {counted}: the other {rest} pass to "
        "the violations capped or merged with it",
        "revoked": "{vid} revoked: {why}",
        "reduced": "{vid} reduced to {points} by an appeal",
        "reset": "calendar reset ({calendar})",
        "carried": "; {points} carried over",
        "daily_cap": "at most {limit} points a day",
        "merge_window": "violations within {days} days count once",
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
        "default_market": "市场 {market}：未指定市场时 {code} 的默认市场；"
        "如需其他市场，请传入 market=（{markets}）。",
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
        "expiry_more": "  - {t}：{ledger}减 {points}（{cause}；届时计 {points}：目前计 {counted}，"
        "与其合并或同受上限约束的违规失效后计入其余部分）",
        "expiry_less": "  - {t}：{ledger}减 {points}（{cause}；其计入 {counted}，"
        "其余部分转由与其合并或同受上限约束的违规计入）",
        "expiry_held": "  - {t}：{cause} 失效；{ledger}不变：与其合并或同受上限约束的违规继续计入"
        "其 {counted}",
        "more": "  - ……另有 {n} 项",
        "booked": "{what}",
        "booked_capped": "{what}：{total}中计入 {counted}（{rule}）",
        "lapsed": "{vid} 失效（{validity}）",
        "lapsed_more": "{vid} 失效（{validity}）；其计入 {counted}，失效时减 {taken}："
        "与其合并或同受上限约束的违规失效时，其分数转由它计入",
        "lapsed_less": "{vid} 失效（{validity}）；其计入 {counted}：其余 {rest}"
        "转由与其合并或同受上限约束的违规计入",
        "revoked": "{vid} 已撤销：{why}",
        "reduced": "{vid} 经申诉减至 {points}",
        "reset": "按日历清零（{calendar}）",
        "carried": "；结转 {points}",
        "daily_cap": "每日最多计 {limit} 分",
        "merge_window": "{days} 天内的违规只计一次",
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
_KIND_ZH: Mapping[str, str] = {
    # Chinese names for catalogue codes whose policy gives no ``title_zh`` (translations of the
    # English titles, without their notes on points).
    "account_ban": "封禁账户（梯度外措施）",
    "account_under_review": "自配送账户审核中（配送验证），最长 30 天；本身不扣分",
    "inform_act_unverified": "INFORM 消费者法案：通知后 10 天内未完成验证；本身不扣分",
    "ams_overdue_invoice": "AMS 账单逾期未付",
    "asking_buyer_to_cancel": "要求买家取消订单",
    "bought_counterfeit_from_mall": "在商城店铺购得假货",
    "brushing": "刷单/虚假订单",
    "chat_spam": "聊天骚扰信息",
    "content_and_catalogue": "违反内容与类目政策",
    "copied_images": "盗用图片",
    "counterfeit_caught_by_shopee": "被 Shopee 查获假货",
    "counterfeit_ip_infringement": "假冒/知识产权侵权",
    "counterfeit_ip_test": "假冒/知识产权侵权检测",
    "counterfeit_listings_graded": "假冒商品（分级）",
    "counterfeit_products": "假冒商品",
    "direct_return_to_merchant": "直接退货给商家政策（SG）",
    "empty_or_incomplete_parcel": "寄送空包或缺件包裹",
    "expired_qualifications": "资质过期",
    "extremely_high_non_fulfilment_rate": "订单未完成率极高",
    "fake_return_address": "虚假退货地址",
    "feed_violation": "Shopee Feed 严重违规",
    "food_product_safety_issue": "食品和商品安全问题",
    "fraud_attempts": "确认的欺诈行为",
    "government_related_listing": "政府相关商品",
    "high_cancellation_rate": "卖家原因取消率过高",
    "high_late_dispatch_rate": "延迟发货率过高",
    "high_late_shipment_rate": "延迟发货率过高",
    "high_late_shipment_rate_ndd": "延迟发货率过高（次日达）",
    "high_late_shipped_orders": "延迟发货订单过多",
    "high_non_fulfilled_orders": "未完成订单过多",
    "high_non_fulfilment_rate": "订单未完成率过高",
    "high_non_fulfilment_rate_ndd": "订单未完成率过高（次日达）",
    "high_non_responded_chat": "未回复聊天比例过高",
    "high_overseas_return_refund_rate": "海外退货退款率过高",
    "high_pre_order_listings": "预售商品比例过高",
    "high_return_refund_rate": "卖家原因退货退款率过高",
    "illegal_activities": "法律法规禁止的活动",
    "inappropriate_category": "商品类目不当",
    "inappropriate_communication": "不当或违规的客户沟通",
    "inauthentic_qualifications": "资质不实",
    "inconsistent_product_promotion": "商品推广与实际不符",
    "indefinite_freeze": "无限期冻结（梯度外措施）",
    "invalid_gifted_items": "发布无效赠品",
    "ip_complaint": "权利人知识产权投诉",
    "ip_infringement": "知识产权侵权",
    "knockoff_products": "仿冒商品",
    "listing_guideline_non_compliance": "不符合商品发布规范",
    "listing_policy_violation": "违反商品发布政策",
    "live_animal_sales": "销售活体动物",
    "live_violation": "Shopee LIVE 严重违规",
    "local_vendor_tag_misuse": "滥用本地卖家标签",
    "low_response_rate": "24 小时客服响应率过低（PH）",
    "misleading_shop_tag": "商品图片中使用误导性店铺标签",
    "missing_qualifications": "缺少资质",
    "misuse_of_shopee_ip": "滥用 Shopee 的知识产权",
    "off_platform_transaction": "站外直接交易",
    "off_platform_transaction_chat": "通过聊天进行站外直接交易",
    "opfr_violation": "准时揽收失败率违规",
    "order_brushing": "刷单",
    "order_volume_limit": "高风险卖家 7 天订单量管控",
    "other_policy_violation": "其他政策违规",
    "performance_standard": "未达绩效标准",
    "policy_violation": "政策违规",
    "poor_product_quality": "商品质量差",
    "porn_image": "色情图片",
    "privacy_breach_in_reply": "回复买家时泄露隐私",
    "product_authenticity_complaint": "商品真伪客户投诉",
    "product_condition_complaint": "商品状况客户投诉",
    "product_safety_complaint": "商品安全客户投诉",
    "prohibited_listings": "违禁商品",
    "prohibited_listings_graded": "违禁商品（分级）",
    "prohibited_product_promotion": "推广违禁或不支持的商品",
    "prohibited_products": "发布或寄送违禁商品",
    "repeat_ip_offender": "知识产权侵权累犯",
    "reproduced_content": "搬运内容",
    "restricted_product_violation": "违反限售商品政策",
    "return_refund_policy_violation": "违反退货退款政策",
    "return_refund_rate_non_integrated": "退货退款率（非集成渠道）",
    "reuploading_deleted_listings": "重新上传已删除的商品",
    "review_manipulation": "操纵评论",
    "review_policy_violation": "违反商品评论政策",
    "rude_chat_replies": "聊天回复粗鲁",
    "rude_review_reply": "粗鲁回复买家评价",
    "severe_listing_violations": "严重商品发布违规",
    "shipping_fraud": "物流欺诈或滥用",
    "shop_name_violation": "违反店铺名称规定",
    "snad_items": "寄送与描述严重不符的商品",
    "spam_listings": "垃圾商品",
    "spam_listings_graded": "垃圾商品（分级）",
    "suspected_ip_violation": "涉嫌知识产权侵权",
    "unsupported_products": "发布或寄送不支持的商品",
    "voucher_fraud": "优惠券欺诈",
    "wrong_category": "商品类目错误",
}
"""Chinese names of violation kinds whose policy gives none (by code)."""
_LEDGER_ZH: Mapping[str, str] = {
    # Chinese titles of ledgers whose policy gives none (by English title).
    "Account Health Rating deductions": "账户健康评级扣分",
    "Fraud, deception and review abuse (immediate deactivation)": (
        "欺诈、欺骗与评论滥用（立即停用）"
    ),
    "Intellectual property complaints on record": "知识产权投诉记录",
    "Direct-Return-to-Merchant offences (SG)": "直接退货给商家违规（SG）",
    "Non-Compliance Points": "违规积分",
    "Penalty points (overall)": "扣分（总计）",
    "Violation points": "违规分",
}
"""Chinese titles of ledgers whose policy gives none (by English title)."""
_SEVERITY_ZH_MORE = {
    "low": "低",
    "medium": "中",
    "mid": "中",
    "high": "高",
    "extreme": "极高",
    "very_serious": "非常严重",
    "unrated": "未评级",
    "offence": "违规记录",
    "points": "计分",
    "listing_ban": "禁止发布商品",
    "account_freeze": "冻结账户及支付账户",
    "closure": "关闭账户",
}
_WHY_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^appeal on (?P<v>.+) granted$"), "对 {v} 的申诉获批"),
    (re.compile(r"^the complaint behind (?P<v>.+) was retracted$"), "{v} 所涉投诉已撤回"),
    (re.compile(r"^(?P<v>.+) was resolved$"), "{v} 已解决"),
    (re.compile(r"^the platform reversed (?P<v>.+)$"), "平台撤销了 {v}"),
)
_NOTE_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^extended to (?P<t>.+?) by new points \((?P<v>.+)\)$"),
        "因新扣分（{v}）延长至 {t}",
    ),
    (
        re.compile(
            r"^lifted at (?P<t>.+?): after the appeal on (?P<v>.+) (?P<l>\S+) is (?P<b>-?\d+), "
            r"under (?P<n>\d+)$"
        ),
        "{t} 解除：对 {v} 的申诉后，{l}为 {b}，低于 {n}",
    ),
    (re.compile(r"^lifted at (?P<t>.+?): (?P<why>.+)$"), "{t} 解除：{why}"),
    (
        re.compile(r"^ended at (?P<t>.+?): (?P<l>\S+) fell to (?P<b>-?\d+), under (?P<n>\d+)$"),
        "{t} 结束：{l}降至 {b}，低于 {n}",
    ),
    (
        re.compile(r"^replaced at (?P<t>.+?) by the heavier (?P<n>\d+)-(?P<u>\w+) node$"),
        "{t} 被更重的 {n} {u}节点取代",
    ),
    (re.compile(r"^funds released at (?P<t>.+)$"), "{t} 资金已释放"),
    (re.compile(r"^funds withheld permanently at (?P<t>.+)$"), "{t} 资金被永久扣留"),
)
"""The engine's notes on a running sanction (after ``; `` in its reason), in Chinese."""
_BOOKED = re.compile(
    r"^(?P<kind>[\w.-]+)(?: \((?P<severity>[\w.-]+)\))?"
    r"(?:: (?P<counted>\d+) of (?P<total>\d+) counted \((?P<rule>.+)\))?$"
)
_LAPSED = re.compile(r"^(?P<vid>.+) lapsed \((?P<validity>.*)\)$")
_REVOKED = re.compile(r"^(?P<vid>.+?) revoked: (?P<why>.+)$")
_REDUCED = re.compile(r"^(?P<vid>.+) reduced to (?P<points>\d+) by an appeal$")
_RESET = re.compile(r"^calendar reset \((?P<calendar>.*?)\)(?:; (?P<kept>\d+) carried over)?$")
_DAILY_CAP = re.compile(r"^at most (?P<limit>\d+) points a day$")
_MERGE_WINDOW = re.compile(r"^violations within (?P<days>\d+) days count once$")
_TIMELINE_NOTE_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^(?P<t>[\d-]+ [\d:]+): (?P<spec>.+) not applied; the account was closed on "
                   r"(?P<closed>.+)$"),
        "{t}：账户已于 {closed} 关闭，未执行{spec}",
    ),
    (
        re.compile(r"^(?P<t>[\d-]+ [\d:]+): (?P<spec>.+) already over when applied$"),
        "{t}：{spec}在执行时已结束",
    ),
    (
        re.compile(r"^(?P<t>[\d-]+ [\d:]+): (?P<l>\S+) node (?P<a>\d+) passed in the same "
                   r"deduction as (?P<b>\d+); only the heaviest node applies$"),
        "{t}：{l}的 {a} 节点与 {b} 节点在同一次扣分中达到；只执行最重的节点",
    ),
    (
        re.compile(r"^(?P<t>[\d-]+ [\d:]+): (?P<l>\S+) node (?P<a>\d+) reached while the "
                   r"heavier node (?P<b>\d+) runs; only the heaviest node applies$"),
        "{t}：{l}在更重的 {b} 节点执行期间达到 {a} 节点；只执行最重的节点",
    ),
    (
        re.compile(r"^(?P<t>[\d-]+ [\d:]+): appeal on (?P<v>.+) decided after it was revoked$"),
        "{t}：对 {v} 的申诉在其撤销后才有决定",
    ),
    (
        re.compile(r"^(?P<t>[\d-]+ [\d:]+): (?P<v>.+) (?P<why>retracted|resolved|reversed) "
                   r"after it was revoked$"),
        "{t}：{v} 撤销后又记为{why}",
    ),
    (
        re.compile(r"^(?P<t>[\d-]+ [\d:]+): funds (?P<o>released|withheld)(?: behind (?P<f>.+?))?, "
                   r"but no funds hold ran$"),
        "{t}：{f}资金{o}，但当时没有资金冻结",
    ),
    (
        re.compile(r"^(?P<t>[\d-]+ [\d:]+): funds (?P<o>released|withheld)(?: behind (?P<f>.+?))?, "
                   r"but they were already withheld permanently$"),
        "{t}：{f}资金{o}，但资金已被永久扣留",
    ),
)  # fmt: skip
"""The engine's notes on a timeline (:attr:`~penalties.Timeline.notes`), in Chinese."""
_NOTE_WORDS_ZH = {
    "retracted": "投诉撤回",
    "resolved": "已解决",
    "reversed": "平台撤销",
    "released": "已释放",
    "withheld": "被扣留",
}
_REACHED = re.compile(r"^(?P<ledger>\S+) reached (?P<n>\d+) (?P<unit>\w+)(?P<rest>.*)$")
_COUNTED_FROM = re.compile(r", counted from the first node's start (?P<t>[\d-]+ [\d:]+)")
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
        return _ledger_zh(self.policy.ledger(code)) or code

    def status(self, status: Status) -> str:
        return _STATUS_ZH[status] if self.zh else status.name

    def kind(self, kind: SanctionKind) -> str:
        return _SANCTION_ZH[kind] if self.zh else kind.name

    def violation(self, kind: str, severity: str | None) -> str:
        """A violation kind (and severity): its code in English, its Chinese title in Chinese."""
        title = kind
        if self.zh:
            title = _KIND_ZH.get(kind, kind)
            if self.policy is not None:
                with contextlib.suppress(LookupError):
                    found = self.policy.kind(kind)
                    if found.generic and not found.title_zh:
                        ledger = _ledger_zh(self.policy.ledger(found.ledger)) or found.ledger
                        title = f"{ledger}（通用记录）"
                    title = found.title_zh or title
        if severity is None:
            return title
        shown = _severity_zh(severity) if self.zh else severity
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
        """Why a sanction runs: the engine's words in English (with its counts in the ledger's
        unit: "1 strike"); in Chinese, the threshold reached (or the violations behind it),
        with the engine's notes on later changes (extended, lifted, ended) translated."""
        parts = _top_level(s.reason)
        notes: list[str] = []
        while len(parts) > 1 and any(p.match(parts[-1]) for p, _ in _NOTE_ZH):
            notes.insert(0, parts.pop())
        first = "; ".join(parts)  # the reason itself: a threshold's label may hold "; " too
        if not self.zh:
            found = _REACHED.match(first)
            if found is not None:
                count = int(found["n"])
                first = f"{found['ledger']} reached {_plural(count, found['unit'])}{found['rest']}"
            return "; ".join([first, *notes])
        if s.ledger is not None and s.threshold is not None:
            text = f"{self.ledger_name(s.ledger)}达到 {self.n(s.threshold, self.unit_of(s.ledger))}"
            since = _COUNTED_FROM.search(first)
            if since is not None:
                text += f"，自首个节点开始时间 {since['t']} 起计"
        else:
            text = "违规直接处罚"
        if notes:
            text += "（记录：" + "；".join(self.note(n) for n in notes) + "）"
        return text

    def note(self, note: str) -> str:
        """An engine note on a sanction, in Chinese (as written when its form is unknown)."""
        for pattern, template in _NOTE_ZH:
            found = pattern.match(note)
            if found is None:
                continue
            values = found.groupdict()
            if "why" in values:
                values["why"] = next(
                    (
                        t.format(**m.groupdict())
                        for p, t in _WHY_ZH
                        if (m := p.match(values["why"]))
                    ),
                    values["why"],
                )
            if "l" in values:
                values["l"] = self.ledger_name(values["l"])
            if "u" in values:
                values["u"] = _unit_word_zh(values["u"])
            return template.format(**values)
        return note

    def outcome(self, outcome: AppealOutcome) -> str:
        return _OUTCOME_ZH[outcome] if self.zh else outcome.name.lower()


def explain_standing(standing: Standing, locale: str = "en") -> str:
    """Say what the standing is and why: balances with the violations behind them, active
    sanctions with their causes, the next thresholds, upcoming expiries and appeals."""
    if not isinstance(standing, Standing):
        raise TypeError(
            f"explain_standing() needs a Standing (policy.standing(...)), not "
            f"{type(standing).__name__}."
        )
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
    default = _default_market(policy)
    if default is not None:
        lines.append(w("default_market", market=policy.market, code=policy.code, markets=default))
    for ledger in policy.ledgers:
        points = standing.points[ledger.code]
        unit = ledger.unit
        if w.zh:
            title = _ledger_zh(ledger) or ledger.title
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
    coming = _coming_off(standing, w)
    if coming:
        lines.append(w("expiring"))
        lines += coming[:_EXPIRY_LIMIT]
        if len(coming) > _EXPIRY_LIMIT:
            lines.append(w("more", n=len(coming) - _EXPIRY_LIMIT))
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


def _top_level(text: str) -> list[str]:
    """``text`` split at each "; " outside brackets."""
    parts: list[str] = []
    depth = start = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        elif ch == ";" and depth == 0 and text.startswith("; ", i):
            parts.append(text[start:i])
            start = i + 2
    parts.append(text[start:])
    return parts


def _plural(count: int, name: str) -> str:
    """'1 point', '3 points' (English)."""
    return f"{count} {name[:-1] if count == 1 and name.endswith('s') else name}"


def _severity_zh(code: str) -> str:
    if code.endswith("_repeat") and code != "_repeat":  # Amazon's repeat weights
        base = code.removesuffix("_repeat")
        return f"{_SEVERITY_ZH.get(base) or _SEVERITY_ZH_MORE.get(base, base)}（重复）"
    return _SEVERITY_ZH.get(code) or _SEVERITY_ZH_MORE.get(code, code)


def _ledger_zh(ledger: Ledger) -> str:
    """A ledger's Chinese title: the policy's, else a translation of its English one."""
    return ledger.title_zh or _LEDGER_ZH.get(ledger.title, "")


def _unit_word_zh(unit: str) -> str:
    for u in Unit:
        if u.value == unit:
            return _UNIT_ZH[u].replace("{n} ", "")
    return unit


def _default_market(policy: Policy) -> str | None:
    """The markets to name when ``policy`` is the market its factory picks without one (it
    carries the ``default_market`` assumption), else None."""
    if policy.market is None or not any(a.code == "default_market" for a in policy.assumptions):
        return None
    from penalties.errors import PenaltiesError
    from penalties.policy import get_policy, list_markets

    try:
        if get_policy(policy.code).market != policy.market:
            return None
        return ", ".join(list_markets(policy.code))
    except PenaltiesError:  # a policy outside the registry
        return None


def _coming_off(standing: Standing, w: _Words) -> list[str]:
    """The "coming off" lines: each expiry with the points it takes off, saying so where that
    differs from what its violation counts now (a daily cap or merge window regroups the
    violations it grouped), and each violation whose lapse changes nothing because the ones
    merged or capped with it keep its points."""
    counted = {
        c.violation_id: c
        for contributions in standing.contributions.values()
        for c in contributions
        if c.kind != "carry_over"
    }
    ledger_of = {
        c.violation_id: code
        for code, contributions in standing.contributions.items()
        for c in contributions
    }
    rows: list[tuple[int, str]] = []
    listed: set[tuple[str, int]] = set()
    for e in standing.expiring:
        unit = w.unit_of(e.ledger)
        values = {
            "t": w.t(e.at),
            "points": w.n(e.points, unit) if w.zh else e.points,
            "ledger": w.ledger_name(e.ledger),
            "cause": ", ".join(e.cause),
        }
        key = "expiry"
        if len(e.cause) == 1 and e.cause[0] in counted:
            c = counted[e.cause[0]]
            listed.add((c.violation_id, _key(e.at)))
            if c.counted != e.points:
                key = "expiry_more" if e.points > c.counted else "expiry_less"
                values["counted"] = w.n(c.counted, unit)
        rows.append((_key(e.at), w(key, **values)))
    for c in counted.values():
        if c.expires_at is None or not c.counted or (c.violation_id, _key(c.expires_at)) in listed:
            continue
        if _key(c.expires_at) <= _key(standing.at):
            continue
        if any(c.violation_id in e.cause for e in standing.expiring):
            continue
        code = ledger_of[c.violation_id]
        unit = w.unit_of(code)
        rows.append(
            (
                _key(c.expires_at),
                w(
                    "expiry_held",
                    t=w.t(c.expires_at),
                    cause=c.violation_id,
                    ledger=w.ledger_name(code),
                    counted=w.n(c.counted, unit),
                ),
            )
        )
    rows.sort(key=lambda row: row[0])
    return [text for _, text in rows]


def _key(t: DateTime) -> int:
    from penalties._time import exact

    return exact(t)


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
    if not isinstance(result, WhatIf):
        raise TypeError(
            f"explain_what_if() needs a WhatIf (policy.what_if(...)), not {type(result).__name__}."
        )
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
    return _severity_zh(code) if locale == "zh" else code


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
        return f"按日历清零（{calendar_text(validity.calendar, 'zh')}）"
    return "永不失效"


_WEEKDAY_ZH = "一二三四五六日"


def calendar_text(calendar: ResetCalendar, locale: str = "en") -> str:
    """When a reset calendar clears its ledger, in words ('every 1 January 00:00', '每年 1 月
    1 日 00:00')."""
    check_locale(locale)
    if locale != "zh":
        return calendar.describe()
    if isinstance(calendar, YearlyReset):
        return f"每年 {calendar.month} 月 {calendar.day} 日 00:00"
    if isinstance(calendar, QuarterlyReset):
        first = calendar.which == "first"
        months = "1 月、4 月、7 月和 10 月" if first else "3 月、6 月、9 月和 12 月"
        which = "第一个" if first else "最后一个"
        return f"{months}的{which}星期{_WEEKDAY_ZH[calendar.weekday]} 00:00"
    if isinstance(calendar, DatedResetCalendar):
        return "；".join(
            calendar_text(version, "zh") + (f"（自 {since} 起）" if since else "")
            for since, version in calendar.versions.entries
        )
    return calendar.describe()


def unit_text(unit: Unit, locale: str = "en") -> str:
    """A ledger's unit in words: 'points' in English, '分' in Chinese."""
    check_locale(locale)
    return _UNIT_ZH[unit].replace("{n} ", "") if locale == "zh" else unit.value


def change_texts(timeline: Timeline, locale: str = "en") -> list[str]:
    """Why each of ``timeline.changes`` happened, in words, in order: the engine's reasons, in
    Chinese translated. A lapse whose points differ from what its violation counted (a daily
    cap or merge window regroups what it grouped) says what it counted and where the
    difference went, so the table never shows a count the violation did not have."""
    if not isinstance(timeline, Timeline):
        raise TypeError(
            f"change_texts() needs a Timeline (policy.evaluate(...)), not "
            f"{type(timeline).__name__}."
        )
    policy = timeline.policy
    w = _Words(policy, policy.timezone, locale)
    counted: dict[tuple[str, str], int] = {}  # what each violation counts so far, per ledger
    texts: list[str] = []
    for c in timeline.changes:
        key = (c.ledger, c.cause[0]) if len(c.cause) == 1 else None
        before = counted.get(key, 0) if key is not None else 0
        texts.append(_change_text(c.reason, c.ledger, c.delta, before, w))
        if _RESET.match(c.reason):
            counted = {k: v for k, v in counted.items() if k[0] != c.ledger}
        elif key is not None:
            counted[key] = before + c.delta
    return texts


def _change_text(reason: str, ledger: str, delta: int, counted: int, w: _Words) -> str:
    """One change's reason in ``w``'s words; ``counted`` is what its violation counted before."""
    unit = w.unit_of(ledger)
    if (m := _LAPSED.match(reason)) is not None:
        values = {"vid": m["vid"], "validity": m["validity"]}
        if w.zh:
            values["validity"] = validity_text(w.policy.ledger(ledger), "zh") if w.policy else ""
        taken = -delta
        if taken == counted or taken < 0:
            return w("lapsed", **values)
        if taken > counted:
            return w("lapsed_more", counted=w.n(counted, unit), taken=w.n(taken, unit), **values)
        return w(
            "lapsed_less", counted=w.n(counted, unit), rest=w.n(counted - taken, unit), **values
        )
    if not w.zh:
        return reason
    if (m := _REVOKED.match(reason)) is not None:
        why = next(
            (t.format(**f.groupdict()) for p, t in _WHY_ZH if (f := p.match(m["why"]))), m["why"]
        )
        return w("revoked", vid=m["vid"], why=why)
    if (m := _REDUCED.match(reason)) is not None:
        return w("reduced", vid=m["vid"], points=w.n(int(m["points"]), unit))
    if (m := _RESET.match(reason)) is not None:
        ledger_rule = w.policy.ledger(ledger).validity if w.policy is not None else None
        calendar = (
            calendar_text(ledger_rule.calendar, "zh")
            if isinstance(ledger_rule, CalendarReset)
            else m["calendar"]
        )
        text = w("reset", calendar=calendar)
        return text + (w("carried", points=w.n(int(m["kept"]), unit)) if m["kept"] else "")
    if (m := _BOOKED.match(reason)) is not None:
        what = w.violation(m["kind"], m["severity"])
        if m["counted"] is None:
            return w("booked", what=what)
        rule = m["rule"]
        if (r := _DAILY_CAP.match(rule)) is not None:
            rule = w("daily_cap", limit=r["limit"])
        elif (r := _MERGE_WINDOW.match(rule)) is not None:
            rule = w("merge_window", days=r["days"])
        return w(
            "booked_capped",
            what=what,
            counted=w.n(int(m["counted"]), unit),
            total=w.n(int(m["total"]), unit),
            rule=rule,
        )
    return reason


def title_text(item: Ledger | ViolationKind, locale: str = "en") -> str:
    """A ledger's or a violation kind's title in words: its English title, or in Chinese its
    Chinese one (the policy's, else a translation; the English one when there is none)."""
    check_locale(locale)
    if locale != "zh":
        return item.title
    if isinstance(item, Ledger):
        return _ledger_zh(item) or item.title
    return item.title_zh or _KIND_ZH.get(item.code) or item.title


def ledger_text(policy: Policy, code: str, locale: str = "en") -> str:
    """A ledger named in words: its code in English, its Chinese title in Chinese (the code
    when it has none)."""
    return _Words(policy, policy.timezone, locale).ledger_name(code)


_PART_ZH = {
    "root_causes": "根本原因",
    "corrective_actions": "纠正措施",
    "preventive_measures": "预防措施",
    "forward_plan": "后续计划",
    "evidence": "证明材料",
    "plan": "行动计划",
}
_WORDING_ZH = {
    "vague_wording": ("含糊的措辞", "请改为它所指的具体事实或行动。"),
    "emotive_language": ("情绪化的措辞", "请保持冷静、客观；审核人员会拒绝情绪化的申诉。"),
    "blames_others": (
        "归咎他人的措辞",
        "请说明在您控制范围内的原因和您做出的改变，而不是谁的过错。",
    ),
}
_ADVICE_ZH = {
    "thin_part": "{part}只有一条简短陈述（{q}）；审核人员希望看到具体内容：发生了什么或做了什么、"
    "涉及哪些商品或订单、数量和时间，并逐条列出。",
    "corrective_in_future_tense": "纠正措施第 {n} 条写成了计划（{q}）；纠正措施是已经采取的"
    "步骤：请说明做了什么、何时完成，并把打算移到预防措施或后续计划中。",
    "wording": "{part}第 {n} 条使用了{what}（{q}）；{fix}",
    "no_dates": "没有任何陈述写明日期；请说明每项纠正措施的完成时间和每项预防措施的开始时间"
    "（例如“2024-05-02 我们……”）。",
    "no_evidence": "未列出任何证明材料；请在证明材料（evidence）中逐一列出附件"
    "（发票、截图、培训记录），以便审核人员核实所述内容。",
}
_ADVICE_EN = (
    re.compile(r"^(?P<part>\w+) is a single short statement \((?P<q>.*)\); reviewers"),
    re.compile(r"^(?P<part>\w+) item (?P<n>\d+) is written as a plan \((?P<q>.*)\); "),
    re.compile(r"^(?P<part>\w+) item (?P<n>\d+) uses .+? \((?P<q>.*)\); "),
)


def advice_text(advice: Advice, locale: str = "en") -> str:
    """One piece of appeal-letter advice (:meth:`~penalties.appeals.PlanOfAction.checklist`)
    in words: its message in English; in Chinese a translation, the quoted statements and words
    kept as written (the English message when its form is unknown)."""
    check_locale(locale)
    if locale != "zh":
        return advice.message
    if advice.code in ("no_dates", "no_evidence"):
        return _ADVICE_ZH[advice.code]
    found = next((m for p in _ADVICE_EN if (m := p.match(advice.message))), None)
    if found is None:
        return advice.message
    values = {k: v for k, v in found.groupdict().items() if v is not None}
    values["part"] = _PART_ZH.get(values["part"], values["part"])
    if advice.code in _WORDING_ZH:
        what, fix = _WORDING_ZH[advice.code]
        return _ADVICE_ZH["wording"].format(what=what, fix=fix, **values)
    template = _ADVICE_ZH.get(advice.code)
    return template.format(**values) if template else advice.message


def note_text(note: str, policy: Policy | None = None, locale: str = "en") -> str:
    """One of a timeline's notes (:attr:`~penalties.Timeline.notes`) in words: as the engine
    wrote it in English, translated in Chinese (as written when its form is unknown)."""
    w = _Words(policy, policy.timezone if policy is not None else "UTC", locale)
    if not w.zh:
        return note
    for pattern, template in _TIMELINE_NOTE_ZH:
        found = pattern.match(note)
        if found is None:
            continue
        values = {k: v or "" for k, v in found.groupdict().items()}
        if "spec" in values:
            values["spec"] = _spec_zh(values["spec"], policy, w)
        if "l" in values:
            values["l"] = w.ledger_name(values["l"])
        for key in ("why", "o"):
            if key in values:
                values[key] = _NOTE_WORDS_ZH.get(values[key], values[key])
        if values.get("f"):
            values["f"] += " 所涉"  # the funds behind a violation
        return template.format(**values)
    return note


def _spec_zh(text: str, policy: Policy | None, w: _Words) -> str:
    """A sanction the engine described in English (``SanctionSpec.describe``), in Chinese: the
    policy's own spec of that description, in ``w``'s words."""
    if policy is not None:
        for ledger in policy.ledgers:
            for threshold in ledger.thresholds:
                for spec in threshold.sanctions:
                    if spec.describe() == text:
                        return w.spec(spec)
        for kind in policy.all_kinds:
            specs = list(kind.sanctions) + [x for s in kind.severities for x in s.sanctions]
            for spec in specs:
                if spec.describe() == text:
                    return w.spec(spec)
    return text


def reason_text(sanction: Sanction, policy: Policy | None = None, locale: str = "en") -> str:
    """Why ``sanction`` runs, in words: in English the engine's reason with its counts in the
    ledger's unit ("reached 1 strike"); in Chinese a translation, notes on later changes
    (extended, lifted, ended) included."""
    tz = policy.timezone if policy is not None else "UTC"
    return _Words(policy, tz, locale).reason(sanction)
