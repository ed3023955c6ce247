"""Tests for penalties.appeals: PlanOfAction, its letter in two languages, and its checklist."""

from __future__ import annotations

import datetime
import doctest
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import penalties
from penalties.appeals import (
    ADVICE_CODES,
    THIN_PART_WORDS,
    Advice,
    InvalidPlanError,
    PlanOfAction,
)
from penalties.errors import PenaltiesError, UnsupportedLocaleError

DOCS_PAGE = Path(__file__).resolve().parents[1] / "docs" / "howto" / "appeal-letter.md"
PARTS = ("root_causes", "corrective_actions", "preventive_measures")

ROOT = "Our listing used the brand name of another company without a licence from 1 March 2024."
FIXED = "On 2 May 2024 we deleted the brand name from all 14 affected listings."
PREVENTED = "Since 3 May 2024 our compliance lead checks every new listing for brand names."


def good_plan(**changes: Any) -> PlanOfAction:
    """A plan that passes the checklist; ``changes`` replace its fields."""
    fields: dict[str, Any] = {
        "root_causes": [ROOT],
        "corrective_actions": [FIXED],
        "preventive_measures": [PREVENTED],
        "evidence": ["Screenshot of the corrected listings (2 May 2024)"],
    }
    fields.update(changes)
    return PlanOfAction(**fields)


def codes(plan: PlanOfAction) -> list[str]:
    return [advice.code for advice in plan.checklist()]


# --------------------------------------------------------------------------- construction


def test_contract_constructor_is_positional() -> None:
    plan = PlanOfAction([ROOT], [FIXED], [PREVENTED])
    assert plan.root_causes == (ROOT,)
    assert plan.corrective_actions == (FIXED,)
    assert plan.preventive_measures == (PREVENTED,)
    assert plan.forward_plan == ()
    assert plan.evidence == ()
    assert plan.reference is None
    assert plan.subject is None


def test_parts_accept_any_iterable_and_are_stored_as_stripped_tuples() -> None:
    def generate() -> Iterator[str]:
        yield "  Stock came from an unauthorised wholesaler.  "

    plan = PlanOfAction(
        generate(),
        ("  On 2 May 2024 we\n removed   the listing. ",),
        ["\tSince 3 May 2024 we buy from the brand owner only."],
        forward_plan=[" Monthly supplier audit. "],
        evidence=(" Invoice 2024-117 ",),
        reference="  Case 42 ",
        subject=" the removal of ASIN B000TEST ",
    )
    assert plan.root_causes == ("Stock came from an unauthorised wholesaler.",)
    assert plan.corrective_actions == ("On 2 May 2024 we removed the listing.",)
    assert plan.preventive_measures == ("Since 3 May 2024 we buy from the brand owner only.",)
    assert plan.forward_plan == ("Monthly supplier audit.",)
    assert plan.evidence == ("Invoice 2024-117",)
    assert plan.reference == "Case 42"
    assert plan.subject == "the removal of ASIN B000TEST"


def test_plan_is_frozen_slotted_and_hashable() -> None:
    plan = good_plan()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        plan.root_causes = ("changed",)  # type: ignore[misc]
    assert not hasattr(plan, "__dict__")
    assert plan == good_plan()
    assert hash(plan) == hash(good_plan())
    assert len({plan, good_plan()}) == 1


def test_evolve_validates_like_the_constructor() -> None:
    plan = good_plan()
    assert attrs.evolve(plan, root_causes=["a", "b "]).root_causes == ("a", "b")
    with pytest.raises(InvalidPlanError, match="root_causes is empty"):
        attrs.evolve(plan, root_causes=[])


def test_advice_is_a_frozen_value() -> None:
    advice = Advice("no_dates", "plan", "say when")
    assert (advice.code, advice.part, advice.message) == ("no_dates", "plan", "say when")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        advice.code = "other"  # type: ignore[misc]


# --------------------------------------------------------------------------- bad plans


def test_invalid_plan_error_is_a_penalties_error_and_a_value_error() -> None:
    assert issubclass(InvalidPlanError, PenaltiesError)
    assert issubclass(InvalidPlanError, ValueError)


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("empty", [[], (), iter(())], ids=["list", "tuple", "iterator"])
def test_empty_required_part_is_refused(part: str, empty: Any) -> None:
    with pytest.raises(InvalidPlanError, match=rf"^{part} is empty; .*at least one statement"):
        good_plan(**{part: empty})


@pytest.mark.parametrize("part", ["forward_plan", "evidence"])
def test_optional_parts_may_be_empty(part: str) -> None:
    assert getattr(good_plan(**{part: []}), part) == ()


@pytest.mark.parametrize("part", [*PARTS, "forward_plan", "evidence"])
def test_a_bare_string_part_is_refused(part: str) -> None:
    with pytest.raises(InvalidPlanError) as info:
        good_plan(**{part: "We removed the listing."})
    message = str(info.value)
    assert message.startswith(f"{part} must be a list of statements, not a single str")
    assert f"{part}=['We removed the listing.']" in message


def test_bytes_part_is_refused_like_a_string() -> None:
    with pytest.raises(InvalidPlanError, match=r"root_causes .* not a single bytes"):
        good_plan(root_causes=b"raw bytes")


def test_dict_part_is_refused() -> None:
    with pytest.raises(InvalidPlanError, match=r"corrective_actions .* not a dict"):
        good_plan(corrective_actions={"step": "We removed the listing."})


def test_set_part_is_refused_because_it_has_no_order() -> None:
    with pytest.raises(InvalidPlanError, match=r"preventive_measures .* not a set.*no order"):
        good_plan(preventive_measures={"a", "b"})


@pytest.mark.parametrize("value", [None, 5, 2.5])
def test_non_iterable_part_is_refused(value: object) -> None:
    with pytest.raises(InvalidPlanError, match=r"^root_causes must be a list or tuple"):
        good_plan(root_causes=value)


@pytest.mark.parametrize("item", [None, 7, b"bytes", ["nested"]])
def test_non_string_statement_is_refused(item: object) -> None:
    with pytest.raises(InvalidPlanError) as info:
        good_plan(corrective_actions=[FIXED, item])
    message = str(info.value)
    assert message.startswith(f"corrective_actions item 2 is {type(item).__name__}")
    assert "not a string" in message


@pytest.mark.parametrize("part", [*PARTS, "forward_plan", "evidence"])
@pytest.mark.parametrize("blank", ["", "   ", "\n\t", "\u3000"])
def test_blank_statement_is_refused(part: str, blank: str) -> None:
    with pytest.raises(InvalidPlanError, match=rf"^{part} item 2 is blank; remove it"):
        good_plan(**{part: ["A real statement about 2 May 2024.", blank]})


@pytest.mark.parametrize("field", ["reference", "subject"])
def test_blank_or_non_string_reference_and_subject_are_refused(field: str) -> None:
    with pytest.raises(InvalidPlanError, match=rf"^{field} is blank; pass None"):
        good_plan(**{field: "  "})
    with pytest.raises(InvalidPlanError, match=rf"^{field} must be a string or None, not int"):
        good_plan(**{field: 12})


# --------------------------------------------------------------------------- English letter


def test_english_letter_has_every_section_in_order() -> None:
    plan = good_plan(
        root_causes=[ROOT, "Nobody checked listings against trademark records."],
        forward_plan=["Every quarter we review the brand registry for new trademarks."],
        reference="Case 77",
        subject="the removal of our listings",
    )
    letter = plan.render("Acme Home", signer="Ana Ruiz, owner", date=datetime.date(2024, 5, 6))
    assert letter.splitlines()[:3] == ["Date: 6 May 2024", "", "Dear Seller Performance Team,"]
    assert (
        'on behalf of the store "Acme Home" to appeal the removal of our listings '
        "(reference: Case 77)."
    ) in letter
    sections = [
        f"Root causes\n1. {ROOT}\n2. Nobody checked listings against trademark records.",
        f"Corrective action taken\n1. {FIXED}",
        f"Preventive measure\n1. {PREVENTED}",
        "Plan for ongoing operation\n1. Every quarter we review the brand registry",
        "Supporting document attached\n1. Screenshot of the corrected listings (2 May 2024)",
        "review this plan of action and to reinstate our selling privileges",
        "Yours sincerely,\nAna Ruiz, owner\nAcme Home",
    ]
    positions = [letter.index(section) for section in sections]
    assert positions == sorted(positions)
    assert letter.endswith("Yours sincerely,\nAna Ruiz, owner\nAcme Home")


def test_english_letter_without_optional_parts() -> None:
    letter = PlanOfAction([ROOT], [FIXED, "On 3 May 2024 we retrained staff."], [PREVENTED]).render(
        "Acme Home"
    )
    assert letter.startswith("Dear Seller Performance Team,\n\n")
    assert "to appeal the action taken on our account. Below" in letter
    assert "(reference:" not in letter
    assert "Corrective actions taken\n1. " in letter
    assert "Plan for ongoing operation" not in letter
    assert "Supporting document" not in letter
    assert letter.endswith("Yours sincerely,\nAcme Home")


def test_render_reference_overrides_the_plans_own() -> None:
    plan = good_plan(reference="Case 1")
    assert "(reference: Case 1)" in plan.render("Acme")
    assert "(reference: Case 2)" in plan.render("Acme", reference="Case 2")
    assert "Case 1" not in plan.render("Acme", reference="Case 2")
    assert "（编号：Case 2）" in plan.render("Acme", "zh", reference="Case 2")


def test_no_date_line_unless_a_date_is_given() -> None:
    plan = good_plan()
    for language in ("en", "zh"):
        letter = plan.render("Acme", language)  # type: ignore[arg-type]
        assert "Date:" not in letter
        assert "日期" not in letter
        assert letter == plan.render("Acme", language)  # type: ignore[arg-type]


def test_a_datetime_is_accepted_as_the_letters_date() -> None:
    letter = good_plan().render("Acme", date=datetime.datetime(2024, 12, 31, 23, 0))
    assert letter.startswith("Date: 31 December 2024\n")


# --------------------------------------------------------------------------- Chinese letter


def test_chinese_letter_has_every_section_in_order() -> None:
    plan = PlanOfAction(
        ["2024年3月起，商品页面使用了未经授权的品牌名称。"],
        [
            "2024年5月2日，我们删除了14个商品页面中的品牌名称。",
            "2024年5月3日，我们培训了全部员工。",
        ],
        ["自2024年5月3日起，合规负责人审核每一个新商品页面。"],
        forward_plan=["每季度核查一次商标数据库。"],
        evidence=["修改后的页面截图（2024年5月2日）"],
        subject="商品页面被移除一事",
    )
    letter = plan.render("Acme Home", "zh", signer="王芳", date=datetime.date(2024, 5, 6))
    assert letter.startswith("尊敬的亚马逊卖家绩效团队：\n\n")
    assert "我们谨代表店铺“Acme Home”，就商品页面被移除一事提出申诉。" in letter
    sections = [
        "一、问题的根本原因\n1. 2024年3月起",
        "二、已采取的纠正措施\n1. 2024年5月2日，我们删除了14个商品页面中的品牌名称。\n2. ",
        "三、预防措施\n1. ",
        "四、后续运营计划\n1. 每季度核查一次商标数据库。",
        "五、随附证明材料\n1. 修改后的页面截图（2024年5月2日）",
        "恢复我们店铺的销售权限",
        "此致\n敬礼",
        "店铺：Acme Home\n负责人：王芳\n日期：2024年5月6日",
    ]
    positions = [letter.index(section) for section in sections]
    assert positions == sorted(positions)
    assert letter.endswith("日期：2024年5月6日")


def test_chinese_headings_are_numbered_without_gaps() -> None:
    letter = good_plan(evidence=[]).render("Acme", "zh", reference="A-1")
    assert "一、问题的根本原因" in letter
    assert "三、预防措施" in letter
    assert "四、" not in letter
    assert "就本店铺所受的处理（编号：A-1）提出申诉" in letter
    assert letter.endswith("店铺：Acme")


# --------------------------------------------------------------------------- render errors


@pytest.mark.parametrize("language", ["fr", "EN", "zh-CN", "", None])
def test_unknown_language_is_refused(language: Any) -> None:
    with pytest.raises(UnsupportedLocaleError) as info:
        good_plan().render("Acme", language)
    assert isinstance(info.value, PenaltiesError)
    assert isinstance(info.value, ValueError)
    assert f"in language {language!r}" in str(info.value)
    assert "'en' (English) and 'zh'" in str(info.value)


@pytest.mark.parametrize("store", ["", "   ", None, 42])
def test_missing_store_is_refused(store: Any) -> None:
    with pytest.raises(InvalidPlanError, match=r"^store must be the store's name"):
        good_plan().render(store)


def test_blank_signer_or_reference_is_refused() -> None:
    with pytest.raises(InvalidPlanError, match=r"^signer is blank"):
        good_plan().render("Acme", signer=" ")
    with pytest.raises(InvalidPlanError, match=r"^reference is blank"):
        good_plan().render("Acme", "zh", reference="")


def test_date_must_be_a_date() -> None:
    with pytest.raises(InvalidPlanError, match=r"^date must be a datetime.date .* not str"):
        good_plan().render("Acme", date="2024-05-06")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- checklist


def test_a_good_plan_gets_no_advice() -> None:
    assert good_plan().checklist() == ()


def test_every_code_returned_is_documented() -> None:
    weak = PlanOfAction(["Competitor, unfair!"], ["We will try our best"], ["Sorry"])
    advice = weak.checklist()
    assert {a.code for a in advice} == set(ADVICE_CODES)
    assert all(isinstance(a, Advice) for a in advice)
    page = DOCS_PAGE.read_text(encoding="utf-8")
    for code in ADVICE_CODES:
        assert f"`{code}`" in page


def test_advice_comes_in_documented_order() -> None:
    weak = PlanOfAction(["Competitor, unfair!"], ["We will try our best"], ["Sorry"])
    order = [ADVICE_CODES.index(code) for code in codes(weak)]
    assert order == sorted(order)


@pytest.mark.parametrize(
    ("statement", "thin"),
    [
        ("Wrong brand name on listing.", True),  # 5 words
        ("one two three four five six seven", True),  # 7 words
        ("one two three four five six seven eight", False),  # 8 words
        ("商品页面品牌名称错误", True),  # 10 characters = 5 words
        ("一二三四五六七八九十一二三四", True),  # 14 characters = 7 words
        ("一二三四五六七八九十一二三四五", False),  # 15 characters = 8 words
    ],
)
def test_thin_part_threshold(statement: str, thin: bool) -> None:
    assert THIN_PART_WORDS == 8
    plan = good_plan(root_causes=[statement])
    thin_advice = [a for a in plan.checklist() if a.code == "thin_part"]
    assert bool(thin_advice) is thin
    if thin:
        assert thin_advice[0].part == "root_causes"
        assert repr(statement) in thin_advice[0].message


def test_thin_part_needs_a_single_statement() -> None:
    plan = good_plan(preventive_measures=["Weekly checks.", "Brand owner supplies only."])
    assert "thin_part" not in codes(plan)


@pytest.mark.parametrize(
    "statement",
    [
        "We will remove the listing.",
        "we'll remove the listing.",
        "We are going to remove the listing.",
        "We plan to remove the listing.",
        "Will remove the listing.",
        "我们将删除该商品页面。",
        "我们会删除该商品页面。",
        "计划删除该商品页面。",
        "将会删除该商品页面。",
    ],
)
def test_corrective_action_in_future_tense(statement: str) -> None:
    plan = good_plan(corrective_actions=[FIXED, statement])
    advice = [a for a in plan.checklist() if a.code == "corrective_in_future_tense"]
    assert len(advice) == 1
    assert advice[0].part == "corrective_actions"
    assert advice[0].message.startswith("corrective_actions item 2 is written as a plan")


@pytest.mark.parametrize(
    "statement",
    [
        "We have removed the listing.",
        "Willow Trading, our supplier, took back the stock on 2 May 2024.",
        "我们将全部卡片销毁了。",  # 将 marks the object; 了 marks it done
        "我们已将全部卡片销毁。",
        "将侵权商品全部下架。",
        "会计部门核对了全部订单。",
    ],
)
def test_completed_corrective_actions_are_not_called_future(statement: str) -> None:
    plan = good_plan(corrective_actions=[FIXED, statement])
    assert "corrective_in_future_tense" not in codes(plan)


def test_future_tense_is_only_checked_in_corrective_actions() -> None:
    plan = good_plan(
        corrective_actions=["We willingly removed all listings on 2 May 2024 after the notice."],
        preventive_measures=["We will check every listing before it goes live, from 3 May 2024."],
    )
    assert "corrective_in_future_tense" not in codes(plan)


@pytest.mark.parametrize(
    ("code", "statement", "found"),
    [
        ("vague_wording", "It was a mistake and we will do better from 2 May 2024.", "mistake"),
        ("vague_wording", "It was a mistake and we will do better from 2 May 2024.", "do better"),
        ("vague_wording", "We are truly SORRY about the listings we made.", "SORRY"),
        ("vague_wording", "这次是我们的失误，我们以后注意，保证不会再犯。", "失误"),
        ("vague_wording", "这次是我们的失误，我们以后注意，保证不会再犯。", "不会再犯"),
        ("emotive_language", "The suspension is unfair to a small family store.", "unfair"),
        (
            "emotive_language",
            "Please, please reinstate our account as soon as you can.",
            "Please, please",
        ),
        ("emotive_language", "We removed the listing at once!", "!"),
        ("emotive_language", "我们觉得非常冤枉，这个处罚不公平。", "冤枉"),
        ("emotive_language", "我们已删除该商品！", "！"),
        ("blames_others", "A competitor filed the complaint against our listings.", "competitor"),
        ("blames_others", "The complaint was malicious and had no basis at all.", "malicious"),
        ("blames_others", "这是同行的恶意投诉，不是我们的错。", "同行"),
        ("blames_others", "这是同行的恶意投诉，不是我们的错。", "不是我们的错"),
    ],
)
def test_wording_checks(code: str, statement: str, found: str) -> None:
    plan = good_plan(preventive_measures=[PREVENTED, statement])
    advice = [a for a in plan.checklist() if a.code == code]
    assert len(advice) == 1
    assert advice[0].part == "preventive_measures"
    assert advice[0].message.startswith("preventive_measures item 2 uses ")
    assert repr(found) in advice[0].message


def test_wording_checks_cover_every_part() -> None:
    plan = good_plan(
        forward_plan=["We are sorry for the delay."],
        evidence=["Letter from our angry supplier (2 May 2024)"],
    )
    advice = {(a.code, a.part) for a in plan.checklist()}
    assert ("vague_wording", "forward_plan") in advice
    assert ("emotive_language", "evidence") in advice


def test_plain_words_are_not_mistaken_for_flagged_ones() -> None:
    plan = good_plan(
        corrective_actions=[
            "On 2 May 2024 our team removed the listings that a rights owner reported.",
            "We may add extra checks; the fairness of pricing was reviewed on 3 May 2024.",
        ]
    )
    assert plan.checklist() == ()


@pytest.mark.parametrize(
    "dated",
    [
        "We removed it on 2024-05-02.",
        "We removed it on 2024/5/2.",
        "We removed it on 02/05/2024.",
        "We removed it on 2 May 2024.",
        "We removed it on the 2nd of May.",
        "We removed it on Sept. 2nd.",
        "We removed it in May 2024.",
        "我们于2024年删除了该商品。",
        "我们于5月2日删除了该商品。",
    ],
)
def test_recognised_dates(dated: str) -> None:
    undated = "We removed every listing that used the brand name without a licence."

    def plan_with(*corrective: str) -> PlanOfAction:
        return PlanOfAction(
            ["The listing used a brand name without a licence from the brand owner."],
            corrective,
            ["A compliance lead now checks every new listing for brand names."],
            evidence=["Screenshot of the corrected listings"],
        )

    assert codes(plan_with(undated)) == ["no_dates"]
    assert codes(plan_with(undated, dated)) == []


def test_no_dates_and_no_evidence_advice() -> None:
    plan = PlanOfAction(
        ["The listing used a brand name without a licence from the brand owner."],
        ["We removed every listing that used the brand name without a licence."],
        ["A compliance lead now checks every new listing for brand names."],
    )
    advice = plan.checklist()
    assert [(a.code, a.part) for a in advice] == [("no_dates", "plan"), ("no_evidence", "evidence")]
    assert "say when each corrective action was completed" in advice[0].message
    assert "name each attachment in evidence" in advice[1].message


def test_a_date_in_the_evidence_counts() -> None:
    plan = PlanOfAction(
        ["The listing used a brand name without a licence from the brand owner."],
        ["We removed every listing that used the brand name without a licence."],
        ["A compliance lead now checks every new listing for brand names."],
        evidence=["Invoice dated 2024-04-30"],
    )
    assert plan.checklist() == ()


# --------------------------------------------------------------------------- properties

statement = st.text(min_size=1, max_size=60).filter(lambda s: s.strip() != "")
part = st.lists(statement, min_size=1, max_size=4)


@given(
    root=part,
    corrective=part,
    preventive=part,
    forward=st.lists(statement, max_size=3),
    evidence=st.lists(statement, max_size=3),
    store=statement,
)
def test_any_valid_plan_renders_every_statement_in_both_languages(
    root: list[str],
    corrective: list[str],
    preventive: list[str],
    forward: list[str],
    evidence: list[str],
    store: str,
) -> None:
    plan = PlanOfAction(root, corrective, preventive, forward_plan=forward, evidence=evidence)
    for language in ("en", "zh"):
        letter = plan.render(store, language)  # type: ignore[arg-type]
        for statements in (
            plan.root_causes,
            plan.corrective_actions,
            plan.preventive_measures,
            plan.forward_plan,
            plan.evidence,
        ):
            for number, text in enumerate(statements, start=1):
                assert f"{number}. {text}" in letter
        assert " ".join(store.split()) in letter


@given(root=part, corrective=part, preventive=part, evidence=st.lists(statement, max_size=2))
def test_checklist_never_raises_and_uses_known_codes(
    root: list[str], corrective: list[str], preventive: list[str], evidence: list[str]
) -> None:
    plan = PlanOfAction(root, corrective, preventive, evidence=evidence)
    advice = plan.checklist()
    assert isinstance(advice, tuple)
    known_parts = {*PARTS, "forward_plan", "evidence", "plan"}
    for item in advice:
        assert item.code in ADVICE_CODES
        assert item.part in known_parts
        assert item.message


@given(st.lists(st.one_of(st.text(max_size=20), st.integers(), st.none(), st.binary(max_size=5))))
def test_any_junk_part_builds_or_raises_invalid_plan_error(items: list[object]) -> None:
    valid = bool(items) and all(isinstance(item, str) and item.split() for item in items)
    if not valid:
        with pytest.raises(InvalidPlanError, match=r"^root_causes "):
            PlanOfAction(items, [FIXED], [PREVENTED])
        return
    plan = PlanOfAction(items, [FIXED], [PREVENTED])
    assert len(plan.root_causes) == len(items)
    assert all(s == " ".join(s.split()) and s for s in plan.root_causes)


# --------------------------------------------------------------------------- the docs page


def _pycon_blocks(text: str) -> list[str]:
    return re.findall(r"^```pycon\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


def test_docs_page_examples_run() -> None:
    """Every pycon block of the how-to page runs, in one shared namespace, with doctest rules."""
    text = DOCS_PAGE.read_text(encoding="utf-8")
    blocks = _pycon_blocks(text)
    assert len(blocks) >= 4
    assert any('"zh"' in block and "print(" in block for block in blocks)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    namespace: dict[str, Any] = {}
    for number, block in enumerate(blocks, start=1):
        test = parser.get_doctest(block, namespace, f"{DOCS_PAGE.name} block {number}", None, 0)
        runner.run(test, clear_globs=False)
        namespace = test.globs
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_docs_page_shows_both_letters() -> None:
    text = DOCS_PAGE.read_text(encoding="utf-8")
    assert "Dear Seller Performance Team," in text
    assert "尊敬的亚马逊卖家绩效团队：" in text


@pytest.mark.parametrize(
    ("platform", "english", "chinese"),
    [
        ("amazon", "Dear Seller Performance Team,", "尊敬的亚马逊卖家绩效团队："),
        ("aliexpress", "Dear AliExpress review team,", "尊敬的全球速卖通平台审核团队："),
        ("shopee", "Dear Shopee review team,", "尊敬的 Shopee 平台审核团队："),
        ("tiktok_shop", "Dear TikTok Shop review team,", "尊敬的 TikTok Shop 平台审核团队："),
    ],
)
def test_the_letter_is_addressed_to_its_platform(platform: str, english: str, chinese: str) -> None:
    plan = PlanOfAction([ROOT], [FIXED], [PREVENTED])
    assert plan.render("Blue", platform=platform).splitlines()[0] == english
    zh = plan.render("Blue", "zh", platform=platform)
    assert zh.splitlines()[0] == chinese
    if platform != "amazon":
        assert "亚马逊" not in zh
        assert "Amazon" not in plan.render("Blue", platform=platform)


def test_every_registered_platform_has_an_addressee() -> None:
    from penalties.appeals import ADDRESSEES

    assert set(penalties.list_policies()) <= set(ADDRESSEES)
    assert (
        PlanOfAction([ROOT], [FIXED], [PREVENTED])
        .render("Blue")
        .startswith("Dear Seller Performance Team,")
    )  # the default is unchanged: Amazon


def test_an_unknown_platform_is_refused() -> None:
    plan = PlanOfAction([ROOT], [FIXED], [PREVENTED])
    with pytest.raises(InvalidPlanError, match="Did you mean 'tmall'"):
        plan.render("Blue", platform="tmal")
    with pytest.raises(InvalidPlanError, match="platform must be one of amazon"):
        plan.render("Blue", platform=None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- grounds (seed 000)


def test_an_amazon_letter_states_its_reinstatement_grounds_in_both_languages() -> None:
    plan = good_plan(grounds=["finding_wrong", "temporary_or_unintentional"])
    assert plan.grounds == ("finding_wrong", "temporary_or_unintentional")
    letter = plan.render("Acme")
    assert (
        "We ask for reinstatement on these grounds\n"
        "1. Amazon's finding against our account was mistaken.\n"
        "2. the violation was temporary and unintentional, and it has been corrected."
    ) in letter
    assert letter.index("on these grounds") < letter.index("We respectfully ask")
    zh = plan.render("Acme", "zh")
    assert "申请恢复的依据\n1. 亚马逊对本店铺的认定有误。" in zh
    headings = re.findall(r"^([一二三四五六])、", zh, flags=re.MULTILINE)
    assert headings == [
        "一",
        "二",
        "三",
        "四",
        "五",
    ]  # root, actions, prevention, evidence, grounds
    assert "grounds" not in good_plan().render("Acme")


def test_grounds_are_checked_against_the_platform() -> None:
    with pytest.raises(InvalidPlanError, match=r"unknown ground .finding_wrongg.*finding_wrong"):
        good_plan(grounds=["finding_wrongg"]).render("Acme")
    with pytest.raises(InvalidPlanError, match="no source names grounds for shopee"):
        good_plan(grounds=["finding_wrong"]).render("Acme", platform="shopee")
    with pytest.raises(InvalidPlanError, match="grounds repeats a ground"):
        good_plan(grounds=["finding_wrong", "finding_wrong"])
    with pytest.raises(InvalidPlanError, match="grounds must be a list"):
        good_plan(grounds="finding_wrong")
    assert (
        good_plan(grounds=["identity_verified"]).render("Acme").count("identity verification") == 1
    )


def test_a_plan_file_can_name_grounds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from penalties.cli import main

    path = tmp_path / "plan.json"
    plan = {
        "root_causes": [ROOT],
        "corrective_actions": [FIXED],
        "preventive_measures": [PREVENTED],
        "grounds": ["temporary_or_unintentional"],
    }
    path.write_text(json.dumps(plan))
    assert main(["appeal", "letter", "--store", "Acme", "--file", str(path), "--json"]) == 0
    letter = json.loads(capsys.readouterr().out)["letter"]
    assert "1. the violation was temporary and unintentional" in letter


def test_grounds_survive_a_json_round_trip_of_the_appeal() -> None:
    from penalties.io import dumps, loads_events

    plan = good_plan(grounds=["finding_wrong"])
    appeal = penalties.Appeal("rm-1", "2024-05-03T10:00:00-07:00", plan=plan)
    (back,) = loads_events(dumps([appeal]))
    assert isinstance(back, penalties.Appeal)
    assert back.plan == plan
    assert back.plan is not None
    assert back.plan.grounds == ("finding_wrong",)
