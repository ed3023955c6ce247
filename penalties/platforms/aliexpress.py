"""AliExpress (速卖通) seller penalty points.

Four independent accumulators per seller account: trade violations and other (``trade``,
交易违规及其他), IP and prohibited/restricted goods (``ip``, 知识产权禁限售违规), serious IP
infringement strikes (``ip_serious``, 知识产权严重违规) and product-information quality
(``product_info``, 商品信息质量违规). Times are counted in Asia/Shanghai.

Rules encoded, with their sources:

- ``trade``: reaching 12 points freezes the account for 7 days; reaching 48 closes it
  (seed ``004_0afa246c26f4f888.txt``, 2017-11-22).
- Unfair competition (不正当竞争), booked to ``trade``: general 1 point, serious 3 before
  2017-11-22; general 3, serious 12, especially serious 48 from that date (seed 004).
- ``ip``: general IP violations established on one day count for at most 6 points together;
  each violation lapses 365 days after its penalty (ssopdot 16374, an English rendering of the
  AliExpress IP rules).
- ``ip_serious``: serious IP violations within 3 days count as one strike; strike 1 freezes for
  1 day, strike 2 for 7 days, strike 3 closes the account (ssopdot 16374; christinasbeautyjourney
  2022-02 "if product is removed from shelves"). That source closes the store at the third
  strike only with "no successful appeal": a granted appeal on one of the strikes lifts the
  closure at the decision (``Ledger.appeal_lifts_closure``), an exception to "closure is
  terminal" for this ledger only; the trade ledger's closure at 48 stays terminal.
- ``product_info``: each multiple of 12 points freezes the store for 7 days, never closure
  (christinasbeautyjourney 2022-02).
- Prohibited goods listed against the 2020 notice: 2 points; wrong category: 2 points;
  fraudulent qualifications (CE/FDA/NIOSH): 6 points (sell.aliexpress.com NcSVmV99nP, official).
  Severe cases fall under serious disruption of platform order: 12 points (same notice).
- The same notice's side measures of fraudulent qualifications: "possibly" a listing ban, a
  freeze of the AliExpress account and of the payment account, or closure with a bar on
  re-registering. AliExpress decides which: kind ``fraudulent_qualification_measure``, no points
  of its own, one severity per measure (``listing_ban`` → ``RESTRICTION``; ``account_freeze``
  → ``FREEZE`` and ``FUNDS_HOLD``; ``closure`` → ``CLOSURE``), booked next to the 6-point record
  when the measure is applied; the appeal window is the prohibited-goods one.
- False shipment (虚假发货): general 2 points (christinasbeautyjourney 2022-01, ssopdot 34226).
- Transaction non-fulfilment (成交不卖): general 2, serious 12; the very serious tier's points are
  not stated (christinasbeautyjourney 2022-02 "penalties"; rule of 2020-08-25 on
  sell.aliexpress.com -rulesEN).
- Especially serious IP evasion (wrong category, variant spellings, covered trademarks): the
  account may be closed and related funds frozen for 2 years (hb2b 192682): kind
  ``ip_evasion``, no points of its own, a direct ``FUNDS_HOLD`` of ``ip_evasion_funds_days``
  (730) and a ``CLOSURE``.
- Appeals of prohibited/restricted-goods penalties: 7 days from the record, one per record, for
  penalties from 2020-10-14 (christinasbeautyjourney 2022-02 prohibition-and-restriction-appeal).
  Penalties applied before that date "cannot be appealed": an appeal on one is refused
  (``check_appeal`` raises, a recorded one warns ``AppealUnavailableWarning``).

Dates that are only *first seen* (the earliest source, not an effective date; the rule is
applied at every date and an explanation before the date says so): the non-fulfilment points
(rule of 2020-08-25) and the 2020 notice's points (month not stated).

Assumptions (the sources are silent; each is an option of :func:`aliexpress`):

- ``non_ip_expiry_days=365``: points outside IP lapse 365 days after the penalty, like IP points.
  The alternative ("cleared after a violation-free year", en.xiaoniucw.com) is low-confidence.
- ``trade_nodes=None``: no trade thresholds between 12 and 48 (none is sourced).
- ``ip_thresholds=()``: the ``ip`` ledger has no thresholds (none is sourced).
- ``stacking=Stacking.parallel()``: a freeze fired while another runs runs in parallel.
- ``false_shipment_serious_points=12``: "probably 12, unconfirmed".
- ``ip_evasion_funds_days=730``: the "2 years" of frozen funds for IP evasion, in calendar
  days (two years with a 29 February last 731 days; the source does not count days).
- ``qualification_measure_days=None``: a listing ban or freeze for fraudulent qualifications
  lasts until AliExpress lifts it (``Revocation`` of the measure record, reason ``RESOLVED``);
  the notice gives no term. An int gives every such measure that many days.
- ``appeal_lifts_sanctions=True``: a granted appeal voids the record at the decision; a freeze
  that the remaining points would not have reached is lifted then. Closure is never lifted,
  except the third-strike closure (``ip_strike_appeal_lifts_closure=True``, above).
- Points of general IP violations, of goods not as described, credit and sales hype, inducing
  early confirmation, breach of promise, malicious harassment and illegal profit are not sourced:
  those violations must state their points.

Not modelled: image-theft complaints (6 points with a 5-day merge, source garbled), search
cheating (measures without points), the monthly non-fulfilment assessment (book its result as
a violation at the assessment instant).

References:
    - seed 004_0afa246c26f4f888.txt (2017-11-22 unfair-competition notice)
    - https://ssopdot.com/blog/16374.html
    - https://christinasbeautyjourney.blogspot.com/2022/02/if-product-is-removed-from-shelves-by.html
    - https://sell.aliexpress.com/__pc/NcSVmV99nP.htm
    - https://sell.aliexpress.com/__pc/-rulesEN.htm
    - https://christinasbeautyjourney.blogspot.com/2022/01/aliexpress-false-delivery.html
    - https://ssopdot.com/blog/34226.html
    - https://christinasbeautyjourney.blogspot.com/2022/02/penalties.html
    - https://christinasbeautyjourney.blogspot.com/2022/02/prohibition-and-restriction-appeal-some.html
    - https://ssopdot.com/blog/34856.html
    - https://ssopdot.com/blog/99469.html
    - http://activities.aliexpress.com/adcms/help-aliexpress-com/ipr_penalty.php
    - https://en.xiaoniucw.com/article/50579 (low confidence, named alternative only)
    - https://en.hb2b.com/ask/192682.html (IP evasion: closure, funds frozen 2 years)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from penalties.errors import UnknownPolicyError
from penalties.policy import Policy, register_policy
from penalties.rules import (
    Assumption,
    DailyCap,
    ExpiresAfter,
    Ledger,
    MergeWindow,
    SanctionKind,
    SanctionSpec,
    Schedule,
    Severity,
    Stacking,
    Threshold,
    Unit,
    ViolationKind,
)

__all__ = ["QUALIFICATION_MEASURE", "RULE_CHANGE_2017", "aliexpress"]

RULE_CHANGE_2017 = dt.date(2017, 11, 22)
"""Unfair competition points raised (seed 004)."""
NON_FULFILMENT_RULE = dt.date(2020, 8, 25)
"""The transaction non-fulfilment rule's date (sell.aliexpress.com -rulesEN): first seen."""
NOTICE_2020 = dt.date(2020, 1, 1)
"""The 2020 prohibited-goods notice (month not stated): its points are first seen in 2020."""
QUALIFICATION_MEASURE = "fraudulent_qualification_measure"
"""The kind that records a side measure of a fraudulent qualification (no points)."""
APPEALS_FROM = dt.date(2020, 10, 14)
"""Prohibited/restricted-goods penalties become appealable (7 days, one appeal per record)."""

REFERENCES = (
    "seed 004_0afa246c26f4f888.txt",
    "https://ssopdot.com/blog/16374.html",
    "https://christinasbeautyjourney.blogspot.com/2022/02/if-product-is-removed-from-shelves-by.html",
    "https://sell.aliexpress.com/__pc/NcSVmV99nP.htm",
    "https://sell.aliexpress.com/__pc/-rulesEN.htm",
    "https://christinasbeautyjourney.blogspot.com/2022/01/aliexpress-false-delivery.html",
    "https://ssopdot.com/blog/34226.html",
    "https://christinasbeautyjourney.blogspot.com/2022/02/penalties.html",
    "https://christinasbeautyjourney.blogspot.com/2022/02/prohibition-and-restriction-appeal-some.html",
    "https://ssopdot.com/blog/34856.html",
    "https://ssopdot.com/blog/99469.html",
    "http://activities.aliexpress.com/adcms/help-aliexpress-com/ipr_penalty.php",
    "https://en.xiaoniucw.com/article/50579",
    "https://en.hb2b.com/ask/192682.html",
)

ASSUMPTIONS = (
    Assumption(
        "non_ip_expiry",
        "Points outside IP lapse 365 days after the penalty, as IP "
        "points do; no source states it (a low-confidence page says they clear after a "
        "violation-free year).",
        "non_ip_expiry_days",
    ),
    Assumption(
        "trade_nodes", "No trade thresholds between 12 and 48; none is sourced.", "trade_nodes"
    ),
    Assumption(
        "ip_thresholds",
        "The IP and prohibited-goods ledger has no thresholds; none is sourced.",
        "ip_thresholds",
    ),
    Assumption("stacking", "A freeze fired while another runs runs in parallel.", "stacking"),
    Assumption(
        "false_shipment_serious",
        "Serious false shipment is 12 points (probable, unconfirmed).",
        "false_shipment_serious_points",
    ),
    Assumption(
        "non_fulfilment_first_seen",
        "Transaction non-fulfilment points (general 2, serious 12) apply at every date; the "
        "rule is known from its 2020-08-25 version, not from an effective date.",
        None,
        first_seen=NON_FULFILMENT_RULE,
    ),
    Assumption(
        "notice_2020_first_seen",
        "The 2020 notice's points (prohibited goods 2, wrong category 2, fraudulent "
        "qualifications 6, serious disruption 12) apply at every date; the notice is dated "
        "only '2020' (read as from 2020-01-01), not an effective date.",
        None,
        first_seen=NOTICE_2020,
    ),
    Assumption(
        "ip_evasion_funds",
        "The '2 years' of frozen funds for especially serious IP evasion are 730 calendar days.",
        "ip_evasion_funds_days",
    ),
    Assumption(
        "qualification_measure_term",
        "The side measures of a fraudulent qualification (listing ban, account and payment "
        "account freeze) last until AliExpress lifts them (a Revocation of the measure "
        "record); the notice gives no term. Which measure applies is AliExpress's decision: "
        "book the one it applied as a fraudulent_qualification_measure record.",
        "qualification_measure_days",
    ),
    Assumption(
        "appeal_effect",
        "A granted appeal voids the record at the decision and lifts a "
        "running freeze the remaining points would not have reached; closure stays, except "
        "the third serious-IP strike's.",
        "appeal_lifts_sanctions",
    ),
    Assumption(
        "strike_closure_appeal",
        "The third serious-IP strike closes the store only with 'no successful appeal': the "
        "closure applies at the strike and a granted appeal on a strike lifts it at the "
        "decision (no appeal window for strikes is sourced, so closure is not held pending).",
        "ip_strike_appeal_lifts_closure",
    ),
)


def _freeze(days: int) -> SanctionSpec:
    return SanctionSpec(SanctionKind.FREEZE, days)


_CLOSURE = SanctionSpec(SanctionKind.CLOSURE)


def _kinds(
    false_shipment_serious_points: int, evasion_days: int, measure_days: int | None
) -> tuple[ViolationKind, ...]:
    appeal_window: Schedule[int] = Schedule.dated((APPEALS_FROM, 7))
    return (
        ViolationKind(
            "unfair_competition",
            "Unfair competition",
            "trade",
            title_zh="不正当竞争",
            severities=(
                Severity("general", Schedule.dated((None, 1), (RULE_CHANGE_2017, 3))),
                Severity("serious", Schedule.dated((None, 3), (RULE_CHANGE_2017, 12))),
                Severity("especially_serious", Schedule.dated((RULE_CHANGE_2017, 48))),
            ),
            source="seed 004_0afa246c26f4f888.txt",
        ),
        ViolationKind(
            "false_shipment",
            "False shipment",
            "trade",
            title_zh="虚假发货",
            severities=(
                Severity("general", 2),
                Severity(
                    "serious",
                    false_shipment_serious_points,
                    title="assumption: probably 12, unconfirmed",
                ),
            ),
            source="https://ssopdot.com/blog/34226.html",
        ),
        ViolationKind(
            "transaction_non_fulfilment",
            "Transaction non-fulfilment",
            "trade",
            title_zh="成交不卖",
            severities=(
                Severity("general", 2),
                Severity("serious", 12),
                Severity("very_serious"),
            ),
            source="https://christinasbeautyjourney.blogspot.com/2022/02/penalties.html",
        ),
        ViolationKind(
            "serious_disruption",
            "Serious disruption of platform order",
            "trade",
            title_zh="严重扰乱平台秩序",
            points=12,
            source="https://sell.aliexpress.com/__pc/NcSVmV99nP.htm",
        ),
        *(
            ViolationKind(
                code,
                title,
                "trade",
                title_zh=zh,
                source="https://ssopdot.com/blog/34856.html (points not sourced)",
            )
            for code, title, zh in (
                ("goods_not_as_described", "Goods not as described", "货不对版"),
                ("credit_sales_hype", "Credit and sales hype", "信用及销量炒作"),
                (
                    "inducing_early_confirmation",
                    "Inducing early receipt confirmation",
                    "诱导提前收货",
                ),
                ("breach_of_promise", "Breach of promise", "违背承诺"),
                ("malicious_harassment", "Malicious harassment", "恶意骚扰"),
                ("illegal_profit", "Illegal profit", "不法获利"),
            )
        ),
        ViolationKind(
            "ip_infringement",
            "Intellectual-property infringement",
            "ip",
            title_zh="知识产权侵权",
            severities=(
                Severity("general", None, ledger="ip"),
                Severity("serious", 1, ledger="ip_serious"),
            ),
            source="https://ssopdot.com/blog/16374.html",
        ),
        ViolationKind(
            "ip_evasion",
            "Especially serious IP evasion (wrong category, variant spellings, covered "
            "trademarks): account closed, related funds frozen 2 years; no points of its own",
            "ip",
            title_zh="恶意规避知识产权",
            points=0,
            # The hold comes first: once the closure starts, nothing new is applied.
            sanctions=(
                SanctionSpec(
                    SanctionKind.FUNDS_HOLD, evasion_days, "related funds frozen for 2 years"
                ),
                SanctionSpec(SanctionKind.CLOSURE, reason="account closed for IP evasion"),
            ),
            source="https://en.hb2b.com/ask/192682.html",
        ),
        ViolationKind(
            "prohibited_goods",
            "Prohibited or restricted goods listed",
            "ip",
            title_zh="禁限售商品",
            points=2,
            appeal_window_days=appeal_window,
            max_appeals=1,
            source="https://sell.aliexpress.com/__pc/NcSVmV99nP.htm",
        ),
        ViolationKind(
            "wrong_category",
            "Restricted goods in the wrong category",
            "ip",
            title_zh="错放类目",
            points=2,
            appeal_window_days=appeal_window,
            max_appeals=1,
            source="https://sell.aliexpress.com/__pc/NcSVmV99nP.htm",
        ),
        ViolationKind(
            "fraudulent_qualification",
            "Fraudulent qualification (CE/FDA/NIOSH …)",
            "ip",
            title_zh="资质造假",
            points=6,
            appeal_window_days=appeal_window,
            max_appeals=1,
            source="https://sell.aliexpress.com/__pc/NcSVmV99nP.htm",
        ),
        ViolationKind(
            QUALIFICATION_MEASURE,
            "Side measure of a fraudulent qualification (listing ban, account and payment "
            "account frozen, or closure); a record of the measure, no points of its own",
            "ip",
            title_zh="资质造假附加处罚",
            severities=_qualification_measures(measure_days),
            appeal_window_days=appeal_window,
            max_appeals=1,
            source="https://sell.aliexpress.com/__pc/NcSVmV99nP.htm",
        ),
    )


def _qualification_measures(days: int | None) -> tuple[Severity, ...]:
    """The measures the 2020 notice names for fraudulent qualifications ("possibly listing ban,
    freeze of the AliExpress account and payment account, or closure with a bar on
    re-registering"), one severity each, as the measure AliExpress applied."""
    term = "until AliExpress lifts it" if days is None else f"for {days} days (option)"
    return (
        Severity(
            "listing_ban",
            0,
            sanctions=(SanctionSpec(SanctionKind.RESTRICTION, days, f"listing ban, {term}"),),
            title="listing ban",
        ),
        Severity(
            "account_freeze",
            0,
            sanctions=(
                SanctionSpec(SanctionKind.FREEZE, days, f"AliExpress account frozen, {term}"),
                SanctionSpec(SanctionKind.FUNDS_HOLD, days, f"payment account frozen, {term}"),
            ),
            title="AliExpress account and payment account frozen",
        ),
        Severity(
            "closure",
            0,
            sanctions=(
                SanctionSpec(
                    SanctionKind.CLOSURE,
                    reason="account closed for fraudulent qualifications; re-registering barred",
                ),
            ),
            title="closure, re-registering barred",
        ),
    )


def aliexpress(
    market: str | None = None,
    *,
    non_ip_expiry_days: int = 365,
    trade_nodes: Mapping[int, tuple[SanctionSpec, ...]] | None = None,
    ip_thresholds: tuple[Threshold, ...] = (),
    stacking: Stacking | None = None,
    false_shipment_serious_points: int = 12,
    ip_daily_cap: int = 6,
    ip_merge_days: int = 3,
    appeal_lifts_sanctions: bool = True,
    ip_strike_appeal_lifts_closure: bool = True,
    ip_evasion_funds_days: int = 730,
    qualification_measure_days: int | None = None,
) -> Policy:
    """The AliExpress policy; keyword options override the documented assumptions.

    ``trade_nodes`` adds trade thresholds between 12 and 48, e.g.
    ``{24: (SanctionSpec(SanctionKind.FREEZE, 14),)}``.
    """
    if market is not None:
        raise UnknownPolicyError(
            f"aliexpress has no market variants (got market={market!r}); drop market=."
        )
    stacking = stacking if stacking is not None else Stacking.parallel()
    trade_thresholds = [
        Threshold(12, (_freeze(7),), label="12 points: 7-day freeze"),
        Threshold(48, (_CLOSURE,), label="48 points: account closed"),
    ]
    for level, sanctions in sorted((trade_nodes or {}).items()):
        trade_thresholds.append(
            Threshold(level, tuple(sanctions), label=f"{level} points (option)")
        )
    trade_thresholds.sort(key=lambda t: t.points)
    ip_expiry = ExpiresAfter(365)
    other_expiry = ExpiresAfter(non_ip_expiry_days)
    ledgers = (
        Ledger(
            "trade",
            "Trade violations and other",
            "交易违规及其他",
            validity=other_expiry,
            thresholds=tuple(trade_thresholds),
            stacking=stacking,
            appeal_lifts_sanctions=appeal_lifts_sanctions,
        ),
        Ledger(
            "ip",
            "IP and prohibited/restricted goods",
            "知识产权禁限售违规",
            validity=ip_expiry,
            counting=(DailyCap(ip_daily_cap, kinds={"ip_infringement"}, severities={"general"}),),
            thresholds=ip_thresholds,
            stacking=stacking,
            appeal_lifts_sanctions=appeal_lifts_sanctions,
        ),
        Ledger(
            "ip_serious",
            "Serious IP infringement",
            "知识产权严重违规",
            unit=Unit.STRIKES,
            validity=ip_expiry,
            counting=(MergeWindow(ip_merge_days, kinds={"ip_infringement"}),),
            thresholds=(
                Threshold(1, (_freeze(1),), label="strike 1: 1-day freeze"),
                Threshold(2, (_freeze(7),), label="strike 2: 7-day freeze"),
                Threshold(
                    3, (_CLOSURE,), label="strike 3: account closed (unless appealed successfully)"
                ),
            ),
            stacking=stacking,
            appeal_lifts_sanctions=appeal_lifts_sanctions,
            appeal_lifts_closure=appeal_lifts_sanctions and ip_strike_appeal_lifts_closure,
        ),
        Ledger(
            "product_info",
            "Product-information quality",
            "商品信息质量违规",
            validity=other_expiry,
            thresholds=(
                Threshold(12, (_freeze(7),), every=True, label="every 12 points: 7-day freeze"),
            ),
            stacking=stacking,
            appeal_lifts_sanctions=appeal_lifts_sanctions,
        ),
    )
    return Policy(
        code="aliexpress",
        name="AliExpress",
        timezone="Asia/Shanghai",
        ledgers=ledgers,
        kinds=_kinds(
            false_shipment_serious_points, ip_evasion_funds_days, qualification_measure_days
        ),
        references=REFERENCES,
        version="rules as sourced up to 2022 (unfair competition: 2017-11-22 notice)",
        assumptions=ASSUMPTIONS,
    )


register_policy("aliexpress", aliexpress, replace=True)
