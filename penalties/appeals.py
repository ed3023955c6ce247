"""Appeal letters: a seller's Plan of Action (root cause, corrective actions, prevention).

A marketplace that suspends an account or removes a listing usually asks for a *Plan of Action*
(POA) before it reinstates anything. Amazon's guidance asks it to answer three questions: what
caused the problem, what the seller has already done to fix it, and what now stops it happening
again; it should be concise and factual, free of emotive language, cover every root cause and
name the evidence attached. :class:`PlanOfAction` holds those three parts (plus an optional plan
for ongoing operation and the list of attachments), :meth:`PlanOfAction.render` writes the letter
in English or Chinese with wording of our own, and :meth:`PlanOfAction.checklist` points out what
reviewers commonly reject, as advice rather than errors.

The library never reads the clock: a letter carries a date only when the caller passes one.

References:
    - Seed ``002_f8c777ebb6d1ff35.txt``: a seller's appeal-letter template with the same three
      parts (root cause, corrective measures, preventive measures), an optional plan for good
      operation from then on, and a close signed with the store name.
    - Amazon Seller Central help on the Plan of Action (three questions; concise and factual,
      no emotive language; cover every root cause; evidence for all ASINs under review):
      https://sellercentral.amazon.nl/gp/help/external/help.html?itemID=201623610&language=en_GB
    - Amazon Seller Central, reactivating an account from Account Health:
      https://sellercentral.amazon.com/gp/help/external/G200370560
    - Seed ``000_55a57646086acac2.txt``: the grounds on which Amazon said it restores an account
      (its finding was wrong; the violation was temporary or unintentional) and returns frozen
      funds (identity verified, no other violation):
      :data:`penalties.platforms.amazon.REINSTATEMENT_GROUNDS`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Set
from typing import Literal

import attrs

from penalties.errors import PenaltiesError, UnsupportedLocaleError, close_matches

__all__ = [
    "ADDRESSEES",
    "ADVICE_CODES",
    "THIN_PART_WORDS",
    "Advice",
    "InvalidPlanError",
    "PlanOfAction",
]

Language = Literal["en", "zh"]

ADDRESSEES: Mapping[str, tuple[str, str]] = {
    "amazon": ("Seller Performance Team", "亚马逊卖家绩效团队"),
    "aliexpress": ("AliExpress review team", "全球速卖通平台审核团队"),
    "taobao": ("Taobao review team", "淘宝平台审核团队"),
    "tmall": ("Tmall review team", "天猫平台审核团队"),
    "shopee": ("Shopee review team", "Shopee 平台审核团队"),
    "lazada": ("Lazada review team", "Lazada 平台审核团队"),
    "tiktok_shop": ("TikTok Shop review team", "TikTok Shop 平台审核团队"),
    "tiktok_shop_us": ("TikTok Shop review team", "TikTok Shop 平台审核团队"),
}
"""Whom the letter greets, per platform (a ``get_policy`` code), in English and Chinese. Amazon's
Plan of Action goes to its Seller Performance team (the References above); for the other
platforms no source names a team, so the letter addresses the platform's review team."""

THIN_PART_WORDS = 8
"""A part made of one statement shorter than this many words gets ``thin_part`` advice.

Chinese has no spaces between words, so two Chinese characters count as one word: a lone Chinese
statement of 14 characters or fewer is thin."""

ADVICE_CODES: tuple[str, ...] = (
    "thin_part",
    "corrective_in_future_tense",
    "vague_wording",
    "emotive_language",
    "blames_others",
    "no_dates",
    "no_evidence",
)
"""Every :attr:`Advice.code` that :meth:`PlanOfAction.checklist` can return, in checking order."""


class InvalidPlanError(PenaltiesError, ValueError):
    """A plan of action, or an argument to render it, is malformed (empty part, blank statement)."""


# --------------------------------------------------------------------------- statements

_REQUIRED_HINT = {
    "root_causes": "state what caused the problem",
    "corrective_actions": "state what you have already done to fix it",
    "preventive_measures": "state what you have put in place so that it does not happen again",
}


def _statements(value: object, part: str, *, required: bool) -> tuple[str, ...]:
    """``value`` as a tuple of statements with whitespace collapsed, or InvalidPlanError."""
    if isinstance(value, str | bytes):
        shown = value if isinstance(value, str) else value.decode(errors="replace")
        raise InvalidPlanError(
            f"{part} must be a list of statements, not a single {type(value).__name__} (it "
            f"would be read one character at a time); wrap it in a list: {part}=[{shown!r}]."
        )
    if isinstance(value, Mapping):
        raise InvalidPlanError(
            f"{part} must be a list of statements, not a {type(value).__name__}; pass the "
            f"statements themselves as a list: {part}=['...', '...']."
        )
    if isinstance(value, Set):
        raise InvalidPlanError(
            f"{part} must be a list or tuple of statements, not a {type(value).__name__}: a set "
            "has no order, so the letter would change from run to run; pass a list."
        )
    if not isinstance(value, Iterable):
        raise InvalidPlanError(
            f"{part} must be a list or tuple of statements (strings), not "
            f"{type(value).__name__} {value!r}."
        )
    statements: list[str] = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, str):
            raise InvalidPlanError(
                f"{part} item {number} is {type(item).__name__} {item!r}, not a string; write "
                "each statement as text."
            )
        text = " ".join(item.split())
        if not text:
            raise InvalidPlanError(
                f"{part} item {number} is blank; remove it or write the statement out."
            )
        statements.append(text)
    if required and not statements:
        raise InvalidPlanError(
            f"{part} is empty; a plan of action needs at least one statement in each of "
            f"root_causes, corrective_actions and preventive_measures: {_REQUIRED_HINT[part]}."
        )
    return tuple(statements)


def _optional_text(value: object, what: str) -> str | None:
    """``value`` stripped, None kept; a blank or non-string value raises InvalidPlanError."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidPlanError(
            f"{what} must be a string or None, not {type(value).__name__} {value!r}."
        )
    text = " ".join(value.split())
    if not text:
        raise InvalidPlanError(f"{what} is blank; pass None to leave it out, or write it out.")
    return text


# attrs' mypy plugin needs named converters; one per field so that errors name the field.
def _root_causes(value: Iterable[str]) -> tuple[str, ...]:
    return _statements(value, "root_causes", required=True)


def _corrective_actions(value: Iterable[str]) -> tuple[str, ...]:
    return _statements(value, "corrective_actions", required=True)


def _preventive_measures(value: Iterable[str]) -> tuple[str, ...]:
    return _statements(value, "preventive_measures", required=True)


def _forward_plan(value: Iterable[str]) -> tuple[str, ...]:
    return _statements(value, "forward_plan", required=False)


def _evidence(value: Iterable[str]) -> tuple[str, ...]:
    return _statements(value, "evidence", required=False)


def _reference(value: str | None) -> str | None:
    return _optional_text(value, "reference")


def _subject(value: str | None) -> str | None:
    return _optional_text(value, "subject")


def _grounds(value: Iterable[str]) -> tuple[str, ...]:
    codes = _statements(value, "grounds", required=False)
    if len(set(codes)) != len(codes):
        raise InvalidPlanError(f"grounds repeats a ground: {list(codes)}; name each once.")
    return codes


# --------------------------------------------------------------------------- advice


@attrs.frozen
class Advice:
    """One thing a reviewer would likely object to in a plan, and how to improve it.

    ``code`` is stable (one of :data:`ADVICE_CODES`); ``part`` is the plan field concerned
    (``"root_causes"``, ``"corrective_actions"``, …, or ``"plan"`` for the whole plan);
    ``message`` says what to change.
    """

    code: str
    part: str
    message: str


def _phrases(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


# Word patterns start at a word boundary so that "mistake" also finds "mistakes"/"mistaken".
_VAGUE = _phrases(
    r"\bdo better\b",
    r"\btry our best\b",
    r"\bdo our best\b",
    r"\bbe more careful\b",
    r"\bmistake",
    r"\boversight",
    r"\bsorry\b",
    r"\bapologi[sz]e",
    r"\b(?:won't|will not|never) happen again\b",
    r"下次注意",
    r"以后注意",
    r"不会再犯",
    r"尽力",
    r"失误",
    r"疏忽",
    r"抱歉",
    r"对不起",
)
_EMOTIVE = _phrases(
    r"\bunfair",
    r"\bunjust",
    r"\bangry\b",
    r"\boutrageous\b",
    r"\bridiculous\b",
    r"\bdesperate",
    r"\bbeg(?:ging)?\b",
    r"\bplease[\s,.!]*please\b",
    r"!",
    r"！",
    r"不公平",
    r"不公正",
    r"冤枉",
    r"委屈",
    r"愤怒",
    r"气愤",
    r"求求",
)
_BLAMING = _phrases(
    r"\bcompetitor",
    r"\bmalicious",
    r"\bsabotag",
    r"\b(?:not our|your|amazon's) fault\b",
    r"\b(?:false|fake) (?:complaint|claim|report)",
    r"竞争对手",
    r"同行",
    r"恶意",
    r"陷害",
    r"诬告",
    r"不是我们的错",
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = re.compile(
    "|".join(
        (
            r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b",  # 2024-05-02, 2024/5/2
            r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b",  # 02/05/2024, 2.5.24
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b",  # 2 May, 2nd of May
            rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b",  # May 2, Sept. 2nd
            rf"\b{_MONTH}\s+\d{{4}}\b",  # May 2024
            r"\d{4}\s*年",  # 2024年
            r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]",  # 5月2日
        )
    ),
    re.IGNORECASE,
)
_FUTURE_EN = re.compile(
    r"^(?:(?:we|i)(?:'ll|’ll|\s+(?:will|shall|are going to|am going to|plan to|intend to)\b)"
    r"|will\b)",
    re.IGNORECASE,
)
# 将 and 会 count only after a subject (将 alone also marks an object: 将商品下架 = "took the
# goods down"; 会 alone starts 会计), and a statement with 已 or 了 reads as done.
_FUTURE_ZH = re.compile(r"^(?:(?:我们|我司|本店|本公司)(?:将|会)|将会|计划|打算|即将)")
_DONE_ZH = re.compile(r"[已了]")


def _is_future(statement: str) -> bool:
    """Whether ``statement`` is written as an intention ("We will …", "我们将…")."""
    if _FUTURE_EN.match(statement):
        return True
    return bool(_FUTURE_ZH.match(statement)) and not _DONE_ZH.search(statement)


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w+")


def _word_count(statement: str) -> int:
    """Words in ``statement``, counting every two Chinese characters as one word."""
    cjk = len(_CJK.findall(statement))
    words = len(_WORD.findall(_CJK.sub(" ", statement)))
    return words + (cjk + 1) // 2


def _found(patterns: tuple[re.Pattern[str], ...], statement: str) -> list[str]:
    """The distinct matches of ``patterns`` in ``statement``, in pattern order."""
    found: list[str] = []
    for pattern in patterns:
        match = pattern.search(statement)
        if match and match.group(0) not in found:
            found.append(match.group(0))
    return found


def _quoted(found: list[str]) -> str:
    return ", ".join(repr(f) for f in found)


# --------------------------------------------------------------------------- the plan


@attrs.frozen
class PlanOfAction:
    """A three-part appeal (root causes, corrective actions taken, preventive measures).

    Each part is a list or tuple of statements, stored as a tuple of strings with surrounding
    and repeated whitespace removed; each of the three must hold at least one statement.
    ``forward_plan`` (how the store will operate from now on) and ``evidence`` (one description
    per attached document) are optional; ``reference`` names the notice or case the appeal
    answers and ``subject`` what is appealed (e.g. "the deactivation of our selling account"),
    both written in the language of the letter. ``grounds`` names the platform's reinstatement
    grounds the appeal rests on, by code (Amazon: ``finding_wrong``,
    ``temporary_or_unintentional``, ``identity_verified``, seed 000); the letter states them,
    and a platform without sourced grounds refuses them. Bad input raises
    :class:`InvalidPlanError`.

    >>> plan = PlanOfAction(
    ...     ["Our supplier's invoices did not match the brand on the listing."],
    ...     ["On 2 May 2024 we removed the listing and returned the stock."],
    ...     ["Since 3 May 2024 we buy only from authorised distributors."],
    ... )
    >>> plan.root_causes
    ("Our supplier's invoices did not match the brand on the listing.",)
    >>> [advice.code for advice in plan.checklist()]
    ['no_evidence']
    """

    root_causes: tuple[str, ...] = attrs.field(converter=_root_causes)
    corrective_actions: tuple[str, ...] = attrs.field(converter=_corrective_actions)
    preventive_measures: tuple[str, ...] = attrs.field(converter=_preventive_measures)
    forward_plan: tuple[str, ...] = attrs.field(default=(), converter=_forward_plan, kw_only=True)
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_evidence, kw_only=True)
    reference: str | None = attrs.field(default=None, converter=_reference, kw_only=True)
    subject: str | None = attrs.field(default=None, converter=_subject, kw_only=True)
    grounds: tuple[str, ...] = attrs.field(default=(), converter=_grounds, kw_only=True)

    def _parts(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(field name, statements) for every part, in letter order."""
        return (
            ("root_causes", self.root_causes),
            ("corrective_actions", self.corrective_actions),
            ("preventive_measures", self.preventive_measures),
            ("forward_plan", self.forward_plan),
            ("evidence", self.evidence),
        )

    def render(
        self,
        store: str,
        language: Language = "en",
        *,
        signer: str | None = None,
        reference: str | None = None,
        date: dt.date | None = None,
        platform: str = "amazon",
    ) -> str:
        """Write the appeal letter as plain text, in English (``"en"``) or Chinese (``"zh"``).

        ``platform`` (a ``get_policy`` code: ``amazon``, ``aliexpress``, ``taobao``, ``tmall``,
        ``shopee``, ``lazada``, ``tiktok_shop``, ``tiktok_shop_us``) is whom the letter is
        for: its greeting names that platform's team (:data:`ADDRESSEES`); an unknown one
        raises :class:`InvalidPlanError` naming the choices.

        The letter has a greeting, a purpose line naming ``store`` (and ``reference``, which
        overrides the plan's own), numbered statements under a heading for each part, a list
        of attachments when ``evidence`` is set, a closing that asks for review and
        reinstatement, and a signature with ``signer`` (if given) and the store. The statements
        are used as written, so write them in the letter's language. A date line appears only
        when ``date`` is given. An unknown language raises
        :class:`~penalties.errors.UnsupportedLocaleError`; a blank store raises
        :class:`InvalidPlanError`.
        """
        if language not in ("en", "zh"):
            raise UnsupportedLocaleError(
                f"cannot write an appeal letter in language {language!r}; supported languages "
                "are 'en' (English) and 'zh' (Simplified Chinese)."
            )
        if not isinstance(store, str) or not store.strip():
            raise InvalidPlanError(
                f"store must be the store's name, not {store!r}: the letter is written and "
                "signed in its name."
            )
        store_name = " ".join(store.split())
        signer_name = _optional_text(signer, "signer")
        ref = _optional_text(reference, "reference") or self.reference
        if date is not None and not isinstance(date, dt.date):
            raise InvalidPlanError(
                f"date must be a datetime.date (the letter's date) or None, not "
                f"{type(date).__name__} {date!r}."
            )
        if not isinstance(platform, str) or platform not in ADDRESSEES:
            raise InvalidPlanError(
                f"platform must be one of {', '.join(ADDRESSEES)} (whom the letter is for), "
                f"not {platform!r}." + close_matches(str(platform), ADDRESSEES)
            )
        english, chinese = ADDRESSEES[platform]
        clauses = self._ground_clauses(platform, language)
        if language == "zh":
            return self._render_zh(store_name, signer_name, ref, date, chinese, clauses)
        return self._render_en(store_name, signer_name, ref, date, english, clauses)

    def _ground_clauses(self, platform: str, language: Language) -> tuple[str, ...]:
        """The letter's clause for each of :attr:`grounds`, checked against ``platform``'s."""
        if not self.grounds:
            return ()
        if platform != "amazon":
            raise InvalidPlanError(
                f"grounds {list(self.grounds)} are Amazon's reinstatement grounds (seed 000); "
                f"no source names grounds for {platform}, so drop grounds= for this letter."
            )
        from penalties.platforms.amazon import REINSTATEMENT_GROUNDS

        clauses = []
        for code in self.grounds:
            ground = REINSTATEMENT_GROUNDS.get(code)
            if ground is None:
                raise InvalidPlanError(
                    f"unknown ground {code!r}; Amazon's are "
                    f"{', '.join(REINSTATEMENT_GROUNDS)}."
                    + close_matches(code, REINSTATEMENT_GROUNDS)
                )
            clauses.append(ground.letter_zh if language == "zh" else ground.letter_en)
        return tuple(clauses)

    def _render_en(
        self,
        store: str,
        signer: str | None,
        ref: str | None,
        date: dt.date | None,
        addressee: str = "Seller Performance Team",
        grounds: tuple[str, ...] = (),
    ) -> str:
        subject = self.subject or "the action taken on our account"
        reference = f" (reference: {ref})" if ref else ""
        blocks: list[str] = []
        if date is not None:
            blocks.append(f"Date: {date.day} {_MONTHS_EN[date.month - 1]} {date.year}")
        blocks.append(f"Dear {addressee},")
        blocks.append(
            f'We are writing on behalf of the store "{store}" to appeal {subject}{reference}. '
            "Below we set out the root cause of the problem, the corrective actions we have "
            "already taken and the preventive measures now in place."
        )
        headings = (
            ("Root cause", "Root causes", self.root_causes),
            ("Corrective action taken", "Corrective actions taken", self.corrective_actions),
            ("Preventive measure", "Preventive measures", self.preventive_measures),
            ("Plan for ongoing operation", "Plan for ongoing operation", self.forward_plan),
            ("Supporting document attached", "Supporting documents attached", self.evidence),
        )
        for one, many, statements in headings:
            if statements:
                blocks.append(_section(one if len(statements) == 1 else many, statements))
        if grounds:
            blocks.append(
                _section(
                    "We ask for reinstatement on these grounds", tuple(g + "." for g in grounds)
                )
            )
        blocks.append(
            "We respectfully ask you to review this plan of action and to reinstate our selling "
            "privileges. We are ready to provide any further information you need."
        )
        blocks.append("\n".join(["Yours sincerely,", *([signer] if signer else []), store]))
        return "\n\n".join(blocks)

    def _render_zh(
        self,
        store: str,
        signer: str | None,
        ref: str | None,
        date: dt.date | None,
        addressee: str = "亚马逊卖家绩效团队",
        grounds: tuple[str, ...] = (),
    ) -> str:
        subject = self.subject or "本店铺所受的处理"
        reference = f"（编号：{ref}）" if ref else ""
        blocks = [
            f"尊敬的{' ' if addressee[:1].isascii() else ''}{addressee}：",
            f"我们谨代表店铺“{store}”，就{subject}{reference}提出申诉。下文依次说明问题的根本原因、"
            "我们已经采取的纠正措施，以及为防止问题再次发生而落实的预防措施。",
        ]
        headings = (
            ("问题的根本原因", self.root_causes),
            ("已采取的纠正措施", self.corrective_actions),
            ("预防措施", self.preventive_measures),
            ("后续运营计划", self.forward_plan),
            ("随附证明材料", self.evidence),
            ("申请恢复的依据", tuple(g + "。" for g in grounds)),
        )
        present = [(title, statements) for title, statements in headings if statements]
        for number, (title, statements) in enumerate(present):
            blocks.append(_section(f"{_NUMERALS_ZH[number]}、{title}", statements))
        blocks.append(
            "恳请贵团队审核本行动计划，并恢复我们店铺的销售权限。如需补充任何信息，我们将及时提供。"
        )
        blocks.append("此致\n敬礼")
        signature = [f"店铺：{store}"]
        if signer:
            signature.append(f"负责人：{signer}")
        if date is not None:
            signature.append(f"日期：{date.year}年{date.month}月{date.day}日")
        blocks.append("\n".join(signature))
        return "\n\n".join(blocks)

    def checklist(self) -> tuple[Advice, ...]:
        """What a reviewer would likely reject in this plan, as advice; an empty tuple is clean.

        Checks, in this order (codes in :data:`ADVICE_CODES`): a required part made of a single
        statement of fewer than :data:`THIN_PART_WORDS` words (``thin_part``); a corrective
        action written as a plan, e.g. starting "We will" or "我们将"
        (``corrective_in_future_tense``); vague phrases such as "do better", "mistake", "sorry",
        "下次注意" (``vague_wording``); emotive words or exclamation marks (``emotive_language``);
        blaming others, e.g. "competitor", "malicious", "同行" (``blames_others``); no date in any
        statement (``no_dates``); no attachment listed in ``evidence`` (``no_evidence``). The
        word lists are heuristics: advice never raises and never blocks rendering.
        """
        advice: list[Advice] = []
        for part, statements in self._parts()[:3]:
            if len(statements) == 1 and _word_count(statements[0]) < THIN_PART_WORDS:
                advice.append(
                    Advice(
                        "thin_part",
                        part,
                        f"{part} is a single short statement ({statements[0]!r}); reviewers "
                        "look for specifics: say what happened or what was done, to which "
                        "listings or orders, how many and when, and list each point separately.",
                    )
                )
        for number, statement in enumerate(self.corrective_actions, start=1):
            if _is_future(statement):
                advice.append(
                    Advice(
                        "corrective_in_future_tense",
                        "corrective_actions",
                        f"corrective_actions item {number} is written as a plan ({statement!r}); "
                        "corrective actions are steps already taken: say what you did and when, "
                        "and move intentions to preventive_measures or forward_plan.",
                    )
                )
        wording = (
            (
                "vague_wording",
                _VAGUE,
                "vague wording",
                "replace it with the concrete fact or action it stands for.",
            ),
            (
                "emotive_language",
                _EMOTIVE,
                "emotive wording",
                "keep the letter calm and factual; reviewers reject emotional appeals.",
            ),
            (
                "blames_others",
                _BLAMING,
                "wording that blames others",
                "describe the cause within your control and what you changed, not who is at fault.",
            ),
        )
        for code, patterns, what, fix in wording:
            for part, statements in self._parts():
                for number, statement in enumerate(statements, start=1):
                    found = _found(patterns, statement)
                    if found:
                        advice.append(
                            Advice(
                                code,
                                part,
                                f"{part} item {number} uses {what} ({_quoted(found)}); {fix}",
                            )
                        )
        if not any(_DATE.search(s) for _, statements in self._parts() for s in statements):
            advice.append(
                Advice(
                    "no_dates",
                    "plan",
                    "no statement names a date; say when each corrective action was completed "
                    "and when each preventive measure started (e.g. 'On 2024-05-02 we ...').",
                )
            )
        if not self.evidence:
            advice.append(
                Advice(
                    "no_evidence",
                    "evidence",
                    "no supporting document is listed; name each attachment in evidence "
                    "(invoices, screenshots, training records) so the reviewer can check the "
                    "statements.",
                )
            )
        return tuple(advice)


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_NUMERALS_ZH = "一二三四五六"


def _section(heading: str, statements: tuple[str, ...]) -> str:
    """A heading line followed by the statements numbered from 1."""
    lines = [heading]
    lines.extend(f"{number}. {statement}" for number, statement in enumerate(statements, start=1))
    return "\n".join(lines)
