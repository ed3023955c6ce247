"""Explanations in English and Simplified Chinese, checked against real scenarios."""

from __future__ import annotations

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
