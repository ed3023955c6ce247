"""Explanations in English and Simplified Chinese, checked against real scenarios."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import penalties
from penalties.claims import ClaimReason, SafeTClaim, get_claim_policy
from penalties.demo import DEMO_WHAT_IF_AT, demo_history, demo_what_if
from penalties.explain import (
    LOCALES,
    MESSAGES,
    explain_assessment,
    explain_standing,
    explain_what_if,
)

ALI = penalties.get_policy("aliexpress")
FREEZE_AT = "2024-03-02T00:00:00+08:00"
TWELVE = [
    penalties.Violation("v1", "unfair_competition", "2024-03-01T10:00:00+08:00", severity="serious")
]


def test_locales() -> None:
    assert LOCALES == ("en", "zh")
    assert set(MESSAGES) == set(LOCALES)


def test_every_locale_has_the_same_templates_and_fields() -> None:
    fields = re.compile(r"{(\w+)")
    en, zh = MESSAGES["en"], MESSAGES["zh"]
    assert set(en) == set(zh)
    for key in en:
        assert set(fields.findall(en[key])) >= set(fields.findall(zh[key])), key


def test_twelve_points_freeze_seven_days_in_english() -> None:
    text = ALI.standing(TWELVE, FREEZE_AT).explain()
    assert text.splitlines()[0] == (
        "AliExpress — standing at 2024-03-02 00:00 (Asia/Shanghai): FROZEN until 2024-03-08 10:00"
    )
    assert "trade (Trade violations and other / 交易违规及其他): 12 points" in text
    assert "  - v1: unfair_competition (serious), 12 points since 2024-03-01 10:00" in text
    assert "  - FREEZE from 2024-03-01 10:00 to 2024-03-08 10:00" in text
    assert "[cause: v1]" in text
    assert "Next threshold on trade: 48 (48 points: account closed) -> closure; 36 to go." in text
    assert "  - 2025-03-01 10:00: -12 on trade (v1)" in text


def test_twelve_points_freeze_seven_days_in_chinese() -> None:
    text = ALI.standing(TWELVE, FREEZE_AT).explain(locale="zh")
    lines = text.splitlines()
    assert lines[0] == (
        "AliExpress — 2024-03-02 00:00（Asia/Shanghai）的账户状态：冻结，至 2024-03-08 10:00"
    )
    assert "trade（交易违规及其他）：12 分" in lines
    assert (
        "  - v1：不正当竞争（严重），自 2024-03-01 10:00 起计 12 分，2025-03-01 10:00 失效" in lines
    )
    assert (
        "  - 店铺冻结，自 2024-03-01 10:00 至 2024-03-08 10:00："
        "交易违规及其他达到 12 分［原因：v1］" in lines
    )
    assert "交易违规及其他的下一门槛：48 分 → 关闭账户；还差 36 分。" in lines
    assert "知识产权严重违规的下一门槛：1 次 → 店铺冻结 1 天；还差 1 次。" in lines
    assert "若无新的违规，以下扣分将失效：" in lines
    assert "  - 2025-03-01 10:00：交易违规及其他减 12 分（v1）" in lines
    assert not re.search(r"\b(points|freeze|standing|Next)\b", text)


def test_both_locales_say_the_same_number_of_things() -> None:
    timeline = ALI.evaluate(demo_history())
    for at in (
        "2024-03-12T12:00:00+08:00",
        "2024-06-03T12:00:00+08:00",
        "2025-03-01T12:00:00+08:00",
    ):
        s = timeline.at(at)
        assert len(s.explain("en").splitlines()) == len(s.explain("zh").splitlines())


def test_partly_counted_and_appeals_in_chinese() -> None:
    timeline = ALI.evaluate(demo_history())
    text = timeline.at("2024-09-01T12:00:00+08:00").explain("zh")
    assert "AE-2024-007：知识产权侵权（一般），自 2024-05-06 15:00 起计 4 分中计入 2 分" in text
    assert "AE-2024-009：知识产权侵权（严重），自 2024-06-02 18:00 起计 1 次中计入 0 次" in text
    assert "对 AE-2024-010 的申诉：2024-07-10 17:00 已通过。" in text
    assert "AE-2024-011：资质造假，自 2024-08-19 10:00 起计 6 分" in text


def test_pending_appeal_and_what_a_grant_would_change() -> None:
    events = [
        *TWELVE,
        penalties.Appeal("v1", "2024-03-01T12:00:00+08:00"),
    ]
    s = ALI.standing(events, FREEZE_AT)
    en, zh = s.explain("en"), s.explain("zh")
    assert "Appeal on v1 filed 2024-03-01 12:00: pending." in en
    assert (
        "If the appeal on v1 were granted now: trade 12 -> 0; lifts FREEZE; status FROZEN -> GOOD."
        in en
    )
    assert "对 v1 的申诉于 2024-03-01 12:00 提交：处理中。" in zh
    assert "若对 v1 的申诉现在获批：交易违规及其他 12 → 0；解除店铺冻结；状态 冻结 → 正常。" in zh


def test_closed_account_in_both_locales() -> None:
    events = [
        penalties.Violation(
            "x", "unfair_competition", "2024-03-01T10:00:00+08:00", severity="especially_serious"
        )
    ]
    s = ALI.standing(events, FREEZE_AT)
    assert "The account is closed; closure is terminal." in s.explain("en")
    assert "账户已关闭；关闭为终局处罚，不会恢复。" in s.explain("zh")
    assert "关闭账户" in s.explain("zh")


def test_score_ledgers_in_chinese() -> None:
    amazon = penalties.get_policy("amazon")
    text = amazon.standing([], "2024-03-01T00:00:00-08:00").explain("zh")
    assert "（评分" in text


def test_what_if_in_both_locales() -> None:
    result = ALI.what_if(demo_history(), demo_what_if(), at=DEMO_WHAT_IF_AT)
    en = explain_what_if(result)
    zh = explain_what_if(result, "zh")
    assert "  trade: +12 points" in en
    assert "  status: GOOD -> FROZEN" in en
    assert "  交易违规及其他：+12 分" in zh
    assert (
        "  新处罚：店铺冻结 2025-03-01 12:00 → 2025-03-08 12:00（交易违规及其他达到 12 分）" in zh
    )
    assert "  状态：正常 → 冻结" in zh


def test_assessment_in_both_locales() -> None:
    policy = get_claim_policy("amazon_csba", market="DE")
    claim = SafeTClaim(
        "302-1234567-1234567",
        ClaimReason.NOT_RETURNED,
        "49.90",
        "49.90",
        "EUR",
        "2024-02-01T10:00:00+01:00",
        "2024-09-20T09:00:00+01:00",
    )
    assessment = policy.assess(claim)
    assert explain_assessment(assessment) == assessment.explain()
    zh = explain_assessment(assessment, "zh")
    assert "亚马逊 DE 订单 302-1234567-1234567 的 SAFE-T 索赔：不符合条件" in zh
    assert "  - filing_window_closed（阻止）：提交期限已过" in zh
    assert "  最高赔付 EUR 0.00" in zh


@pytest.mark.parametrize("locale", ["fr", "EN", "zh-TW", ""])
def test_other_locales_are_refused(locale: str) -> None:
    s = ALI.standing(TWELVE, FREEZE_AT)
    with pytest.raises(penalties.UnsupportedLocaleError, match="locale='zh'"):
        s.explain(locale)
    with pytest.raises(penalties.UnsupportedLocaleError):
        explain_standing(s, locale)


# --------------------------------------------------------------------------- issue 16: wording


def _demo(at: str, locale: str = "en") -> str:
    return ALI.standing(demo_history(), at).explain(locale)


def test_one_strike_is_singular_in_a_sanction_reason() -> None:
    text = _demo("2024-06-01T12:00:00+08:00")
    assert "ip_serious reached 1 strike (strike 1: 1-day freeze)" in text
    assert "1 strikes" not in text
    # The same reason in the notebook tables.
    timeline = ALI.evaluate(demo_history())
    assert "reached 1 strike (" in timeline._repr_html_()
    assert "1 strikes" not in timeline.sanctions[1]._repr_html_()


def test_reason_text_keeps_plurals_and_notes() -> None:
    from penalties.explain import reason_text

    s = penalties.Sanction(
        penalties.SanctionKind.FREEZE,
        penalties.Violation("x", "trade", "2024-06-01T09:00:00+08:00", points=1).at,
        None,
        "trade",
        ("v1",),
        "trade reached 12 points (12 points: 7-day freeze); extended to 2024-06-20 09:00 by "
        "new points (v2)",
        threshold=12,
    )
    assert reason_text(s, ALI) == s.reason  # nothing singular to fix


def test_a_capped_violations_lapse_says_what_it_counted() -> None:
    text = _demo("2024-08-20T12:00:00+08:00")
    assert "AE-2024-007: ip_infringement (general), 2 of 4 points counted" in text
    # Under the daily cap AE-2024-007 counted 2 of its 4 points, AE-2024-006 all its 4. Each
    # lapse takes off exactly what it counted: the day is not counted again when AE-2024-006
    # lapses first (it did, taking 2 off and 4 off AE-2024-007's lapse, before 0.x).
    assert "  - 2025-05-06 10:00: -4 on ip (AE-2024-006)\n" in text
    assert "  - 2025-05-06 15:00: -2 on ip (AE-2024-007)\n" in text
    later = _demo("2025-05-06T12:00:00+08:00")
    assert "AE-2024-007: ip_infringement (general), 2 of 4 points counted" in later
    assert "  - 2025-05-06 15:00: -2 on ip (AE-2024-007)\n" in later


def test_a_merged_strike_shows_under_coming_off() -> None:
    text = _demo("2024-08-20T12:00:00+08:00")
    coming = text.split("Coming off if nothing new happens:")[1]
    # AE-2024-009 merged into AE-2024-008's strike: AE-2024-008's lapse changes nothing, the
    # strike goes when AE-2024-009 lapses. Both are listed, in time order.
    held = (
        "2025-06-01 09:00: AE-2024-008 lapses; no change on ip_serious: the violations merged "
        "or capped with it keep its 1 strike"
    )
    assert held in coming
    assert "2025-06-02 18:00: -1 on ip_serious (AE-2024-009" in coming
    assert coming.index(held) < coming.index("2025-06-02 18:00")
    assert "AE-2024-008 失效；知识产权严重违规不变" in _demo("2024-08-20T12:00:00+08:00", "zh")


@pytest.mark.parametrize(
    ("code", "market"), [("shopee", "SG"), ("tiktok_shop", "PH"), ("amazon", "US")]
)
def test_a_default_market_says_so(code: str, market: str) -> None:
    policy = penalties.get_policy(code)
    assert policy.market == market
    text = policy.standing([], "2024-06-01T00:00:00+00:00").explain()
    line = text.splitlines()[1]
    assert line.startswith(f"Market {market}: the default for '{code}' when no market is given")
    assert all(m in line for m in penalties.list_markets(code))
    zh = policy.standing([], "2024-06-01T00:00:00+00:00").explain("zh")
    assert f"市场 {market}：未指定市场时 {code} 的默认市场" in zh


@pytest.mark.parametrize(("code", "market"), [("shopee", "MY"), ("aliexpress", None)])
def test_other_markets_do_not_mention_a_default(code: str, market: str | None) -> None:
    policy = penalties.get_policy(code, market=market)
    assert "the default for" not in policy.standing([], "2024-06-01T00:00:00+00:00").explain()


def test_chinese_translates_the_engines_notes() -> None:
    from penalties.explain import reason_text

    start = penalties.Violation("x", "trade", "2024-06-01T09:00:00+08:00", points=1).at
    reason = (
        "ip_serious reached 1 strikes (strike 1: 1-day freeze); extended to 2024-06-09 09:00 by "
        "new points (v2); lifted at 2024-06-05 10:00: appeal on v2 granted; lifted at "
        "2024-06-06 10:00: after the appeal on v3 ip_serious is 0, under 1; ended at "
        "2024-06-07 10:00: ip_serious fell to 0, under 1; lifted at 2024-06-08 10:00: the "
        "complaint behind v4 was retracted; funds released at 2024-06-09 10:00"
    )
    s = penalties.Sanction(
        penalties.SanctionKind.FREEZE, start, None, "ip_serious", ("v1",), reason, threshold=1
    )
    zh = reason_text(s, ALI, "zh")
    assert zh == (
        "知识产权严重违规达到 1 次（记录：因新扣分（v2）延长至 2024-06-09 09:00；"
        "2024-06-05 10:00 解除：对 v2 的申诉获批；"
        "2024-06-06 10:00 解除：对 v3 的申诉后，知识产权严重违规为 0，低于 1；"
        "2024-06-07 10:00 结束：知识产权严重违规降至 0，低于 1；"
        "2024-06-08 10:00 解除：v4 所涉投诉已撤回；2024-06-09 10:00 资金已释放）"
    )
    assert reason_text(s, ALI).startswith("ip_serious reached 1 strike (strike 1")


def test_an_extended_freeze_reads_in_chinese() -> None:
    # Shopee extends a running freeze when new points arrive: the note is the engine's.
    shopee = penalties.get_policy("shopee", market="MY")
    events = [
        penalties.Violation(f"v{i}", "points", f"2024-05-{1 + i:02d}T10:00:00+08:00", points=3)
        for i in range(6)
    ]
    timeline = shopee.evaluate(events)
    extended = [s for s in timeline.sanctions if "extended to" in s.reason]
    assert extended, [s.reason for s in timeline.sanctions]
    standing = timeline.at(extended[0].start.add(days=6))
    zh = standing.explain("zh")
    assert "extended to" not in zh
    assert "延长至" in zh


def test_chinese_names_every_code_of_every_builtin_policy() -> None:
    from penalties.explain import _KIND_ZH, _ledger_zh, _severity_zh

    for code in penalties.list_policies():
        for market in (None, *penalties.list_markets(code)):
            policy = penalties.get_policy(code, market=market)
            for ledger in policy.ledgers:
                assert _ledger_zh(ledger), (code, market, ledger.code)
            for kind in policy.kinds:
                if not kind.generic:
                    assert kind.title_zh or kind.code in _KIND_ZH, (code, kind.code)
                for severity in kind.severities:
                    assert _severity_zh(severity.code) != severity.code, (code, severity.code)


def test_chinese_explanations_print_no_untranslated_code() -> None:
    shopee = penalties.get_policy("shopee", market="MY")
    events = [
        penalties.Violation("a", "voucher_fraud", "2024-05-01T10:00:00+08:00", points=3),
        penalties.Violation("b", "points", "2024-05-02T10:00:00+08:00", points=1),
    ]
    zh = shopee.standing(events, "2024-05-03T00:00:00+08:00").explain("zh")
    body = zh.split("\n", 1)[1]  # the header names the zone (Asia/Kuala_Lumpur)
    assert "优惠券欺诈" in body
    assert "扣分（总计）" in body
    # Only the ledger's code (beside its Chinese title) and ids are in Latin letters.
    words = set(re.findall(r"[A-Za-z_]{3,}", body))
    assert words <= {"points"}, words
    assert "points（扣分（总计））" in body


# --------------------------------------------------------------------------- timeline texts


def test_timeline_change_texts_say_what_a_lapse_really_counted() -> None:
    from penalties.explain import change_texts

    timeline = ALI.evaluate(demo_history())
    keys = [c.cause[0] + str(c.delta) for c in timeline.changes]
    en = dict(zip(keys, change_texts(timeline), strict=True))
    # AE-2024-006 and -007 fell on one day under the 6-point cap: 4 and 2 of 4 counted. The
    # engine takes 2 off at -006's lapse and 4 at -007's (it counts the day again); the texts
    # say what each counted, so no row claims a count the violation did not have.
    assert en["AE-2024-0072"] == (
        "ip_infringement (general): 2 of 4 counted (at most 6 points a day)"
    )
    assert en["AE-2024-006-2"] == (
        "AE-2024-006 lapsed (valid 365 days from the penalty); it counted 4 points: the other "
        "2 points pass to the violations capped or merged with it"
    )
    assert en["AE-2024-007-4"] == (
        "AE-2024-007 lapsed (valid 365 days from the penalty); it counted 2 points, and takes "
        "off 4 points: what the violations capped or merged with it counted passed to it as "
        "they lapsed"
    )
    # The strike AE-2024-009 merged into AE-2024-008's counted nothing itself.
    assert en["AE-2024-009-1"].endswith("it counted 0 strikes, and takes off 1 strike: what "
                                        "the violations capped or merged with it counted passed "
                                        "to it as they lapsed")  # fmt: skip
    # A lapse of what the violation counted says only that it lapsed.
    assert en["AE-2024-001-2"] == "AE-2024-001 lapsed (valid 365 days from the penalty)"
    zh = "\n".join(change_texts(timeline, "zh"))
    assert "AE-2024-007 失效（自处罚起 365 天内有效）；其计入 2 分，失效时减 4 分" in zh
    assert "\n知识产权侵权（一般）：4 分中计入 2 分（每日最多计 6 分）\n" in zh
    assert "\nAE-2024-010 已撤销：对 AE-2024-010 的申诉获批\n" in zh
    # The notebook's timeline table says it too.
    assert "it counted 2 points, and takes off 4 points" in timeline._repr_html_()
    with pytest.raises(TypeError, match="needs a Timeline"):
        change_texts(timeline.at("2024-06-01T00:00:00+08:00"))  # type: ignore[arg-type]


def _golden() -> list[tuple[penalties.Policy, penalties.Timeline, set[str]]]:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from golden_histories import canonical_history, golden_policies

    found = []
    for policy in golden_policies():
        events = canonical_history(policy)
        ids = {getattr(e, "id", None) or getattr(e, "violation_id", None) for e in events}
        found.append((policy, policy.evaluate(events), {i for i in ids if i}))
    return found


def test_chinese_timeline_texts_translate_every_engine_word() -> None:
    """Every balance change, sanction reason and timeline note of every built-in policy's
    canonical history, in Chinese: no English left but ids, product names and currencies."""
    from penalties.explain import change_texts, note_text, reason_text

    allowed = {"Shopee", "Feed", "LIVE", "CNY", "RMB", "USD", "INFORM", "AMS", "FBA", "SAFE"}
    seen_notes = 0
    for policy, timeline, ids in _golden():
        texts = change_texts(timeline, "zh")
        texts += [reason_text(s, policy, "zh") for s in timeline.sanctions]
        texts += [note_text(n, policy, "zh") for n in timeline.notes]
        seen_notes += len(timeline.notes)
        for text in texts:
            for vid in sorted(ids, key=len, reverse=True):
                text = text.replace(vid, "")
            left = set(re.findall(r"[A-Za-z_]{3,}", text)) - allowed
            assert not left, (policy.code, policy.market, text)
        # English keeps the engine's words, plurals fixed.
        for s in timeline.sanctions:
            assert not re.search(r"\b1 (points|strikes)\b", reason_text(s, policy))
    assert seen_notes  # the histories do produce notes, so the note patterns are exercised


def test_note_text_translates_each_engine_note_form() -> None:
    from penalties.explain import note_text

    tmall = penalties.get_policy("tmall")
    cases = {
        "2024-06-01 10:00: appeal on v1 decided after it was revoked":
            "2024-06-01 10:00：对 v1 的申诉在其撤销后才有决定",
        "2024-06-01 10:00: v1 retracted after it was revoked":
            "2024-06-01 10:00：v1 撤销后又记为投诉撤回",
        "2024-06-01 10:00: funds released behind v2, but no funds hold ran":
            "2024-06-01 10:00：v2 所涉资金已释放，但当时没有资金冻结",
        "2024-06-01 10:00: funds withheld, but they were already withheld permanently":
            "2024-06-01 10:00：资金被扣留，但资金已被永久扣留",
        "2024-06-01 10:00: serious node 12 reached while the heavier node 24 runs; only the "
        "heaviest node applies":
            "2024-06-01 10:00：严重违规在更重的 24 节点执行期间达到 12 节点；"
            "只执行最重的节点",
        "2024-06-01 10:00: serious node 12 passed in the same deduction as 24; only the heaviest "
        "node applies":
            "2024-06-01 10:00：严重违规的 12 节点与 24 节点在同一次扣分中达到；"
            "只执行最重的节点",
    }  # fmt: skip
    for note, zh in cases.items():
        assert note_text(note, tmall, "zh") == zh
        assert note_text(note, tmall) == note
    assert note_text("something new", tmall, "zh") == "something new"  # unknown: as written


def test_reset_calendars_in_chinese() -> None:
    from penalties.explain import calendar_text
    from penalties.rules import DatedResetCalendar, QuarterlyReset, Schedule, YearlyReset

    assert calendar_text(YearlyReset()) == "every 1 January 00:00"
    assert calendar_text(YearlyReset(4, 1), "zh") == "每年 4 月 1 日 00:00"
    assert calendar_text(QuarterlyReset(), "zh") == "1 月、4 月、7 月和 10 月的第一个星期一 00:00"
    dated = DatedResetCalendar(
        Schedule.dated((None, QuarterlyReset()), (dt.date(2025, 12, 29), QuarterlyReset(0, "last")))
    )
    assert calendar_text(dated, "zh") == (
        "1 月、4 月、7 月和 10 月的第一个星期一 00:00；"
        "3 月、6 月、9 月和 12 月的最后一个星期一 00:00（自 2025-12-29 起）"
    )


def test_a_threshold_label_with_semicolons_is_not_read_as_notes_in_chinese() -> None:
    from penalties.explain import reason_text

    tmall = penalties.get_policy("tmall")
    start = penalties.Violation("x", "serious", "2024-06-01T09:00:00+08:00", points=1).at
    s = penalties.Sanction(
        penalties.SanctionKind.FREEZE, start, None, "serious", ("v1",),
        "serious reached 12 points (12 points: shop blocked, 7 days; marketing ban 30 days; "
        "RMB 20,000); lifted at 2024-08-16 10:00: after the appeal on v1 serious is 8, under 12",
        threshold=12,
    )  # fmt: skip
    assert reason_text(s, tmall, "zh") == (
        "严重违规达到 12 分（记录：2024-08-16 10:00 解除：对 v1 的申诉后，严重违规为 8，低于 12）"
    )
    assert reason_text(s, tmall) == s.reason


def test_appeal_advice_in_chinese_covers_every_code() -> None:
    from penalties.appeals import ADVICE_CODES, PlanOfAction
    from penalties.explain import advice_text

    plans = [
        PlanOfAction(
            root_causes=("我们的失误，竞争对手恶意投诉！",),
            corrective_actions=("我们将下架商品",),
            preventive_measures=("只从授权经销商采购",),
        ),
        PlanOfAction(
            root_causes=("It was our mistake, a competitor was unfair!",),
            corrective_actions=("We will remove the listing",),
            preventive_measures=("buy better",),
        ),
    ]
    seen: set[str] = set()
    for plan in plans:
        for advice in plan.checklist():
            seen.add(advice.code)
            zh = advice_text(advice, "zh")
            assert zh != advice.message
            quotes = [] if advice.code == "no_dates" else re.findall(r"'[^']*'", advice.message)
            for quoted in quotes:  # the statements and words quoted: kept as written
                assert quoted in zh, (advice.code, zh)
                zh = zh.replace(quoted, "")
            assert set(re.findall(r"[A-Za-z_]{3,}", zh)) <= {"evidence"}, zh
            assert advice_text(advice) == advice.message
    assert seen == set(ADVICE_CODES)
