"""Taobao (淘宝) and Tmall (天猫) seller violation points.

Three separate accumulators per seller on both platforms: general violations (``general``,
一般违规), serious violations (``serious``, 严重违规) and selling counterfeit goods
(``counterfeit``, 出售假冒商品). Points reach *nodes* (节点) that apply a node penalty; the
families run in parallel. Times are counted in Asia/Shanghai. No official Taobao rule page is
cited: the rules are known from many consistent third-party copies (confidence "3rd-party").

Rules encoded for ``taobao``, with their sources:

- Three separate accumulators (2875.com.cn copy of a 2014 official announcement).
- ``serious``: 12 points → shop blocked (店铺屏蔽), listing, shop creation, site messages and
  community restricted, public warning, 7 days; 24 → the same plus all goods delisted
  (下架店铺内所有商品), 14 days; 36 → shop closed (关闭店铺), messages and community restricted,
  public warning, 21 days; 48 → account sealed (查封账户) for good (hishop 9912, agoow 48225,
  35cyw 11117).
- ``general``: every 12 points (12, 24, 36, …) → shop blocked, listing restricted, public
  warning, 7 days per 12 points: the worked examples (kexiaomei 130605, shyaki 17556) give
  12 points on 1 Jan plus 12 on 4 Jan → 14 days from 1 Jan, and 24 points at once → one
  14-day penalty, so the node at 12k points lasts 7k days (``Threshold(scale_days=True)``);
  general points never lead to sealing (agoow 48225, kexiaomei 130605 of 2020-12-22,
  shyaki 17556).
- Stacking, per family: when one deduction passes several nodes, or a node is reached while an
  earlier node penalty of the same family still runs, only the heaviest node penalty is carried
  out (仅执行最重的节点处理), counted from the start of the running penalty
  (``Stacking.heaviest()``; hishop / agoow / 35cyw, with worked examples on kexiaomei 130605
  and shyaki 17556). Different families run in parallel.
- Reset at 31 December 24:00 (= 1 January 00:00, Asia/Shanghai): general points cleared;
  serious points under 48 cleared, 48 or more kept (the account stays sealed); counterfeit
  points of 24–47 carried into the next year as exactly 24 (24 carried plus fewer than 24 new
  points is cleared at the next year end; 24 carried plus 24 new is 48 and seals), 48 or more
  kept. The carry-over is effective 2013-01-01: the reset at 2013-01-01 00:00 (31 Dec 2012
  24:00) is the first that carries points over (2875.com.cn; wztg 204067 of 2018; awiex 9179,
  Ebrun 2014-12-18; 35cyw 11117; hb2b 198296).
- Improper use of others' rights (不当使用他人权利, kind ``improper_use_of_rights``): 2 points
  per violation; complaints by the same rights holder against the same seller within 3 days
  count as one (``MergeWindow(3, per_rights_holder=True)``, the holder in
  ``Violation.rights_holder``; a violation naming none merges with nothing); with no appeal,
  or a failed one, the penalty is applied within 3 working days of the complaint
  (:func:`ip_penalty_due`). Source quality is **low**: wodefinance does not name the platform
  (its wording matches Taobao's rule). The appeal comes before the penalty: a successful one
  means no ``Violation`` at all, so the kind has no appeal window.
- Running node penalties are not ended by the reset; they continue until they expire **and**
  the seller passes the rules exam (考试) (same sources). The exam is the event
  :class:`~penalties.events.ExamPassed`; every ledger has ``exam_required``: a node penalty
  (not a fine) ends when its term has passed and an exam came after it started. With no exam
  event it stays active (its end open, "ends when … the rules exam is passed").

Rules encoded for ``tmall`` (cymth 40771, a traditional-Chinese copy of 天猫规则; shxuanming
3361): the same families, stacking and year-end reset (48 or more not cleared), plus marketing
bans and liquidated damages (违约金, ``SanctionKind.FINE`` in CNY) at the nodes:

- ``general``: every 12 points → barred from Tmall marketing activities 7 days and RMB 10,000.
  The money is due at every 12 points however they arrive (``Threshold(parallel=True)``):
  12 + 12 points three days apart and 24 points in one deduction both cost RMB 20,000; the
  heaviest-node rule (a Taobao worked example) governs only the node's other measures.
- ``serious``: 12 → shop blocked, listing, shop creation, messages and community restricted,
  public warning, 7 days; marketing ban 30 days; RMB 20,000. 24 → blocked and all goods
  delisted, restrictions 14 days; marketing ban 60 days; RMB 30,000. Each node's money is due
  when the node is reached however the points arrive (``parallel=True``, as the general
  fines): 12 + 12 points and 24 in one deduction both cost RMB 50,000 (an assumption, below).
  36 → shop closed (the rest of the node is not stated: no marketing ban, no fine). 48: no
  source (see assumptions).
- Store supervision (dishonesty and spam-listing rules): **24** general points of those rules →
  store under supervision 7 days, **48** → 28 days. The kinds ``dishonesty`` and
  ``spam_listing`` book to ``general`` and their points also count on the ``supervision``
  ledger (``ViolationKind.also_counts_on``), which holds only those points; it resets with
  the general points. Their points per case are not sourced (state them).
- A typical general violation costs 2 points per ordinary case and 12 per serious case; an
  especially serious case clears the store out (清退); an upheld consumer complaint costs
  RMB 1,000 paid to the consumer per time.

Modelling notes: a fine is due once, but every sanction has an interval in this library. A
node's fine spans the node's longest term (from when the node is reached), so that it never
lengthens the node; a fine applied directly by a violation spans one day. The node fines are
outside the heaviest-node rule (``Threshold(parallel=True)``): each node reached charges its
own, and a heavier node replacing a running one leaves the earlier fine as it was.

Assumptions (the sources are silent or disagree; each is an option of :func:`taobao` or
:func:`tmall`):

- ``general_node_days=7`` (taobao): 7 days per general node; mudaan 85254 and qwyd (2020-07-09)
  report a "revised" rule with 12 days.
- ``general_scaled=True`` (taobao): ``general_node_days`` per 12 points, the reading of the
  worked examples (24 points → 14 days). ``general_scaled=False`` gives every node
  ``general_node_days`` whatever its level (the library's default before 0.x; no source says
  so). ``general_thresholds`` replaces the ladder.
- ``serious_24_delists=True`` (taobao): the 24 node delists all goods (two of three copies).
- ``counterfeit_thresholds=None``: no source lists the counterfeit nodes; by default the
  counterfeit family uses Taobao's serious ladder (12/24/36/48, no fines on Tmall).
- ``counterfeit_carry_over_since=2013-01-01``: the first reset that carries over is the one at
  2013-01-01 00:00. The date bounds every carry-over rule of the counterfeit ledger (also
  "48 or more kept", which is moot: 48 seals the account).
- ``serious_36_days=21`` (tmall): the Tmall 36 node's duration is not stated; Taobao's 21 days.
- ``serious_48_closes=True`` (tmall): no source for the Tmall 48 node; sealing as on Taobao.
- ``serious_fines_per_node=True`` (tmall): the source gives each serious node its fine and
  says nothing of points that pass two nodes at once; Taobao's heaviest-node rule (a worked
  example about restrictions) would charge 12 + 12 points RMB 50,000 but 24 at once only
  RMB 30,000. By default each node reached charges its fine, so both cost 50,000 (as issue 15
  item 6 did for the general fines); ``False`` puts the fines under the heaviest-node rule
  (the former reading: the two cases disagree).
- ``store_supervision=True`` (tmall): the supervision ledger above; on it the 48 node
  replaces a running 24 node, counted from its start (the family's heaviest-node rule; the
  source says nothing of overlap), its points are cleared at the year end as general points
  are, and supervision does not wait for the rules exam. ``False`` leaves it out.
- ``direct_fine_days=1`` (tmall): a fine a violation applies directly (the consumer
  complaint's RMB 1,000) is a one-day ``FINE`` sanction, so the account reads WARNED that day.
- ``exam_required=True``: a node penalty waits for an ``ExamPassed`` after its start; the
  exam's rules are not sourced. ``False`` ends a node with its term, as if the exam were
  passed in time. Fines do not wait.
- ``ip_ledger="general"`` (taobao): no source says which family the IP points book to; 2 points
  per case is a general-violation figure. ``ip_merge_days=3``: the 3 days are calendar days
  from the first complaint of a window. Working days in :func:`ip_penalty_due` are Monday to
  Friday; the public-holiday calendar is not sourced (pass ``holidays``).
- ``appeal_lifts_sanctions=True``: a granted appeal revokes the deduction at the decision and
  lifts a running node the remaining points would not reach (a low-confidence page says the
  effect is removed 3 days after the appeal succeeds). Sealing is never lifted.
- Tmall keeps a counterfeit ledger as Taobao does (the Tmall sources name only general and
  serious).
- Points of malicious reviews, bidding without buying, consumer complaints and the especially
  serious tier are not sourced: those violations must state their points.

Not modelled: the exam's own rules (when it may be taken, what failing it does: not
sourced); the buyer-side restrictions a general node adds when its points came from malicious
reviews or bidding without buying; the 730-day counterfeit look-back of some activities
(Juhuasuan 聚划算); appeal windows of ordinary penalties (none sourced); the IP figure
"revocation effective after 3 days" (low confidence; a granted appeal revokes at the decision).

References:
    - https://2875.com.cn/EpqKQo85
    - http://hishop.com.cn/ecschool/taobaojingyan/show_9912.html
    - https://www.agoow.cn/taobaodian/48225.html
    - http://m.35cyw.com/article/11117.html
    - https://kexiaomei.com/article/130605.htm
    - https://shyaki.com/tbjy/show_17556.html
    - http://wztg.net/wenda/204067.html
    - http://awiex.com/news/hyxw/2015/0101/9179.html
    - https://en.hb2b.com/ask/198296.html
    - https://www.mudaan.com/wikiid/85254.html (named alternative only)
    - https://www.qwyd.net/tiku/1VX5l9Tmx4GIy2agB9Gr58j968MlT6.html (named alternative only)
    - https://wodefinance.com/Trademarkinquiry/xsktugwhjh.html (IP rules; low confidence: the
      page does not name the platform)
    - http://www.cymth.com/post/40771.html (Tmall)
    - http://en.shxuanming.net/industry/3361.html (Tmall)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs
from pendulum import DateTime

from penalties._time import InstantLike, exact, to_instant, zone
from penalties.errors import InvalidEventError
from penalties.policy import Policy, register_policy, resolve_market
from penalties.rules import (
    Assumption,
    CalendarReset,
    CarryOver,
    Ledger,
    MergeWindow,
    SanctionKind,
    SanctionSpec,
    Severity,
    Stacking,
    Threshold,
    ViolationKind,
    YearlyReset,
)

__all__ = [
    "COUNTERFEIT_CARRY_OVER_SINCE",
    "IP_KIND",
    "IP_WORKING_DAYS",
    "MARKETS",
    "ip_penalty_due",
    "taobao",
    "tmall",
]

COUNTERFEIT_CARRY_OVER_SINCE = dt.date(2013, 1, 1)
"""Counterfeit points of 24–47 carried into the next year as 24 (2875.com.cn)."""

MARKETS = ("CN",)
"""Both platforms are mainland-China marketplaces: ``market="CN"`` or no market."""

TIMEZONE = "Asia/Shanghai"

_HISHOP = "http://hishop.com.cn/ecschool/taobaojingyan/show_9912.html"
_AGOOW = "https://www.agoow.cn/taobaodian/48225.html"
_CYMTH = "http://www.cymth.com/post/40771.html"
_WODE_IP = "https://wodefinance.com/Trademarkinquiry/xsktugwhjh.html"
"""Low confidence: the page does not name the platform; its wording matches Taobao's rule."""

IP_KIND = "improper_use_of_rights"
"""Taobao's improper use of others' rights (不当使用他人权利): 2 points per violation."""

IP_WORKING_DAYS = 3
"""An IP complaint with no appeal, or a failed one, is penalised within 3 working days."""

TAOBAO_REFERENCES = (
    "https://2875.com.cn/EpqKQo85",
    _HISHOP,
    _AGOOW,
    "http://m.35cyw.com/article/11117.html",
    "https://kexiaomei.com/article/130605.htm",
    "https://shyaki.com/tbjy/show_17556.html",
    "http://wztg.net/wenda/204067.html",
    "http://awiex.com/news/hyxw/2015/0101/9179.html",
    "https://en.hb2b.com/ask/198296.html",
    "https://www.mudaan.com/wikiid/85254.html",
    "https://www.qwyd.net/tiku/1VX5l9Tmx4GIy2agB9Gr58j968MlT6.html",
    _WODE_IP,
)

TMALL_REFERENCES = (
    _CYMTH,
    "http://en.shxuanming.net/industry/3361.html",
    *TAOBAO_REFERENCES,
)

_COMMON_ASSUMPTIONS = (
    Assumption(
        "counterfeit_nodes",
        "No source lists the counterfeit family's nodes; it uses Taobao's serious ladder "
        "(12 → 7 days, 24 → 14 days, 36 → 21-day shop closure, 48 → sealed), without fines.",
        "counterfeit_thresholds",
    ),
    Assumption(
        "counterfeit_carry_over_since",
        "'Effective 2013-01-01' is read as: the reset at 2013-01-01 00:00 (31 Dec 2012 24:00) "
        "is the first that carries counterfeit points over.",
        "counterfeit_carry_over_since",
    ),
    Assumption(
        "reset_instant",
        "The year-end reset '31 Dec 24:00' is 1 January 00:00 in China Standard Time "
        "(Asia/Shanghai); the sources do not name the zone.",
    ),
    Assumption(
        "appeal_effect",
        "A granted appeal revokes the deduction at the decision and lifts a running node the "
        "remaining points would not reach; sealing stays (a low-confidence page says the "
        "effect is removed 3 days after the appeal succeeds).",
        "appeal_lifts_sanctions",
    ),
    Assumption(
        "exam",
        "A node penalty (not a fine) ends when its term has passed and an ExamPassed event "
        "came after it started; without one it stays active, past the year-end reset. A node "
        "reached after an exam waits for the next. When the exam may be taken and what failing "
        "it does are not sourced.",
        "exam_required",
    ),
)

TAOBAO_ASSUMPTIONS = (
    Assumption(
        "general_node_days",
        "A general node lasts 7 days (most and most recent copies); a 'revised' rule with "
        "12 days is reported by mudaan 85254 and qwyd (2020-07-09).",
        "general_node_days",
    ),
    Assumption(
        "general_nodes",
        "The general node at 12k points lasts k × general_node_days, the reading of the "
        "kexiaomei/shyaki worked examples (12 + 12 points → 14 days from the first node; 24 at "
        "once → one 14-day node); general_scaled=False gives every node general_node_days.",
        "general_scaled",
    ),
    Assumption(
        "ip_ledger",
        "Improper use of others' rights (2 points; the same rights holder's complaints within "
        "3 calendar days count once) books to the general family: no source names the family. "
        "The source is of low confidence (it does not name the platform). Working days are "
        "Monday to Friday, without the unsourced public-holiday calendar.",
        "ip_ledger",
    ),
    Assumption(
        "serious_24_delists",
        "The serious 24-point node delists all goods (two of three copies; the third omits it).",
        "serious_24_delists",
    ),
    *_COMMON_ASSUMPTIONS,
)

TMALL_ASSUMPTIONS = (
    Assumption(
        "serious_36_days",
        "The Tmall 36-point node closes the shop for Taobao's 21 days; the source states no "
        "duration, marketing ban or fine for it.",
        "serious_36_days",
    ),
    Assumption(
        "serious_48_closes",
        "No source for the Tmall 48-point node: the account is sealed, as on Taobao.",
        "serious_48_closes",
    ),
    Assumption(
        "serious_fines_per_node",
        "Each Tmall serious node's liquidated damages (12: RMB 20,000; 24: RMB 30,000) are due "
        "when the node is reached, however the points arrive: 12 + 12 points and 24 at once "
        "both cost RMB 50,000. The source does not say what one deduction passing two nodes "
        "costs; the heaviest-node rule (False) charges 24 at once only RMB 30,000.",
        "serious_fines_per_node",
    ),
    Assumption(
        "store_supervision",
        "Tmall's store supervision (24 points of dishonesty and spam listing → 7 days, 48 → "
        "28 days) counts those kinds' general points on a ledger of their own, cleared at the "
        "year end as general points are; its 48 node replaces a running 24 node, counted from "
        "its start (the family's heaviest-node rule), and it does not wait for the rules exam. "
        "The kinds' points per case are not sourced.",
        "store_supervision",
    ),
    Assumption(
        "direct_fine_days",
        "A fine a violation applies directly (RMB 1,000 to the consumer) shows as a one-day "
        "FINE sanction (status WARNED for that day); a fine is due once, and no source gives "
        "it a duration.",
        "direct_fine_days",
    ),
    Assumption(
        "counterfeit_ledger",
        "Tmall keeps a counterfeit ledger as Taobao does; the Tmall sources name only the "
        "general and serious families.",
    ),
    *_COMMON_ASSUMPTIONS,
)


# --------------------------------------------------------------------------- sanctions


def _restrict(days: int, reason: str = "") -> SanctionSpec:
    return SanctionSpec(SanctionKind.RESTRICTION, days, reason=reason)


def _warning(days: int) -> SanctionSpec:
    return SanctionSpec(SanctionKind.WARNING, days, reason="public warning (公示警告)")


def _delist(days: int) -> SanctionSpec:
    return SanctionSpec(
        SanctionKind.LISTING_REMOVAL, days, reason="all goods in the shop delisted (下架所有商品)"
    )


def _shop_closed(days: int) -> SanctionSpec:
    return SanctionSpec(SanctionKind.SUSPENSION, days, reason="shop closed (关闭店铺)")


def _marketing_ban(days: int) -> SanctionSpec:
    return _restrict(days, "barred from Tmall marketing activities (营销活动)")


def _fine(amount: int, days: int) -> SanctionSpec:
    return SanctionSpec(
        SanctionKind.FINE,
        days,
        reason="liquidated damages (违约金)",
        amount=Decimal(amount),
        currency="CNY",
    )


_SEALED = SanctionSpec(SanctionKind.CLOSURE, reason="account sealed (查封账户)")


def _taobao_serious_ladder(delists: bool) -> tuple[Threshold, ...]:
    return (
        Threshold(
            12,
            (_restrict(7), _warning(7)),
            label="12 points: shop blocked, listing, shop creation, messages and community "
            "restricted, public warning, 7 days",
        ),
        Threshold(
            24,
            (_restrict(14), _warning(14), *((_delist(14),) if delists else ())),
            label="24 points: as at 12"
            + (" plus all goods delisted" if delists else "")
            + ", 14 days",
        ),
        Threshold(
            36,
            (_shop_closed(21), _restrict(21), _warning(21)),
            label="36 points: shop closed, messages and community restricted, public warning, "
            "21 days",
        ),
        Threshold(48, (_SEALED,), label="48 points: account sealed"),
    )


def _reset(*carry: CarryOver, since: dt.date | None = None) -> CalendarReset:
    return CalendarReset(YearlyReset(1, 1), carry_over=carry, carry_over_since=since)


def _ledgers(
    general: tuple[Threshold, ...],
    serious: tuple[Threshold, ...],
    counterfeit: tuple[Threshold, ...],
    carry_over_since: dt.date,
    appeal_lifts_sanctions: bool,
    exam_required: bool,
) -> tuple[Ledger, ...]:
    heaviest = Stacking.heaviest()
    return (
        Ledger(
            "general",
            "General violations",
            "一般违规",
            validity=_reset(),
            thresholds=general,
            stacking=heaviest,
            appeal_lifts_sanctions=appeal_lifts_sanctions,
            exam_required=exam_required,
        ),
        Ledger(
            "serious",
            "Serious violations",
            "严重违规",
            validity=_reset(CarryOver(48)),
            thresholds=serious,
            stacking=heaviest,
            appeal_lifts_sanctions=appeal_lifts_sanctions,
            exam_required=exam_required,
        ),
        Ledger(
            "counterfeit",
            "Selling counterfeit goods",
            "出售假冒商品",
            # First match wins: 48 or more is kept whole before the 24–47 rule is tried.
            validity=_reset(
                CarryOver(48),
                CarryOver(24, 47, keep=24, basis="added"),
                since=carry_over_since,
            ),
            thresholds=counterfeit,
            stacking=heaviest,
            appeal_lifts_sanctions=appeal_lifts_sanctions,
            exam_required=exam_required,
        ),
    )


# --------------------------------------------------------------------------- taobao


def ip_penalty_due(complaint_at: InstantLike, *, holidays: Iterable[dt.date] = ()) -> DateTime:
    """When Taobao applies the penalty of an IP complaint that is not appealed, or whose appeal
    fails: 3 working days after the complaint (wodefinance, low confidence), at the same local
    time in Asia/Shanghai. Working days are Monday to Friday; no source gives the public-holiday
    calendar, so only the ``holidays`` given (local dates) are skipped."""
    z = zone(TIMEZONE)
    off = set(holidays)
    for day in off:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidEventError(
                f"ip_penalty_due holidays are local dates (datetime.date), not {day!r}."
            )
    key = exact(to_instant(complaint_at, what="complaint_at"))
    counted = 0
    while counted < IP_WORKING_DAYS:
        key = z.add_days(key, 1)
        day = z.date(key)
        if day.weekday() < 5 and day not in off:
            counted += 1
    return z.datetime(key)


def _taobao_kinds(ip_ledger: str) -> tuple[ViolationKind, ...]:
    return (
        ViolationKind(
            IP_KIND,
            "Improper use of others' rights (IP complaint; low-confidence source)",
            ip_ledger,
            title_zh="不当使用他人权利",
            points=2,
            source=f"{_WODE_IP} (low confidence: platform not named; 2 points per violation; "
            "the same rights holder's complaints within 3 days count as one)",
        ),
        ViolationKind(
            "malicious_review",
            "Malicious review (points not sourced)",
            "general",
            title_zh="恶意评价",
            source=f"{_AGOOW} (general violation; points not sourced)",
        ),
        ViolationKind(
            "bidding_without_buying",
            "Bidding without buying (points not sourced)",
            "general",
            title_zh="竞拍不买",
            source=f"{_AGOOW} (general violation; points not sourced)",
        ),
    )


def taobao(
    market: str | None = None,
    *,
    general_node_days: int = 7,
    general_scaled: bool = True,
    general_thresholds: tuple[Threshold, ...] | None = None,
    serious_24_delists: bool = True,
    counterfeit_thresholds: tuple[Threshold, ...] | None = None,
    counterfeit_carry_over_since: dt.date = COUNTERFEIT_CARRY_OVER_SINCE,
    appeal_lifts_sanctions: bool = True,
    exam_required: bool = True,
    ip_ledger: str = "general",
    ip_merge_days: int = 3,
) -> Policy:
    """The Taobao policy; keyword options override the documented assumptions.

    ``general_scaled=False`` makes every general node last ``general_node_days`` whatever its
    level (24 points: 7 days); ``general_thresholds`` replaces the general ladder.
    """
    market = resolve_market("taobao", market, MARKETS, hint="(or no market=)")
    each = (
        f"{general_node_days} days per 12 points"
        if general_scaled
        else (f"{general_node_days} days")
    )
    general = (
        general_thresholds
        if general_thresholds is not None
        else (
            Threshold(
                12,
                (_restrict(general_node_days), _warning(general_node_days)),
                every=True,
                label=f"every 12 points: shop blocked, listing restricted, public warning, {each}",
                scale_days=general_scaled,
            ),
        )
    )
    serious = _taobao_serious_ladder(serious_24_delists)
    counterfeit = (
        counterfeit_thresholds
        if counterfeit_thresholds is not None
        else _taobao_serious_ladder(serious_24_delists)
    )
    ledgers = _ledgers(
        general,
        serious,
        counterfeit,
        counterfeit_carry_over_since,
        appeal_lifts_sanctions,
        exam_required,
    )
    # The same rights holder's complaints within 3 days count as one (wodefinance, low).
    merge = MergeWindow(ip_merge_days, kinds={IP_KIND}, per_rights_holder=True)
    ledgers = tuple(
        attrs.evolve(lg, counting=(*lg.counting, merge)) if lg.code == ip_ledger else lg
        for lg in ledgers
    )
    return Policy(
        code="taobao",
        name="Taobao",
        timezone=TIMEZONE,
        ledgers=ledgers,
        kinds=_taobao_kinds(ip_ledger),
        references=TAOBAO_REFERENCES,
        market=market,
        version="rules as copied by third parties, 2013-2020 (counterfeit carry-over 2013-01-01)",
        assumptions=TAOBAO_ASSUMPTIONS,
    )


# --------------------------------------------------------------------------- tmall


SUPERVISION_KINDS = ("dishonesty", "spam_listing")
"""The Tmall general-violation kinds whose points also count towards store supervision."""


def _supervision_ledger(appeal_lifts_sanctions: bool) -> Ledger:
    return Ledger(
        "supervision",
        "Store supervision count (general points of dishonesty and spam listing)",
        # The Chinese names of the supervision ledger and kinds translate the domain notes'
        # English; the source's own wording was not at hand.
        "店铺监管计分（不诚信、滥发信息）",
        validity=_reset(),
        thresholds=(
            Threshold(
                24,
                (_restrict(7, "store under supervision"),),
                label="24 points of dishonesty and spam listing: store under supervision 7 days",
            ),
            Threshold(
                48,
                (_restrict(28, "store under supervision"),),
                label="48 points of dishonesty and spam listing: store under supervision 28 days",
            ),
        ),
        stacking=Stacking.heaviest(),
        appeal_lifts_sanctions=appeal_lifts_sanctions,
    )


def _tmall_kinds(direct_fine_days: int, supervision: bool) -> tuple[ViolationKind, ...]:
    also = ("supervision",) if supervision else ()
    return (
        ViolationKind(
            "dishonesty",
            "Dishonest conduct (general violation; points not sourced)",
            "general",
            title_zh="不诚信行为",
            also_counts_on=also,
            source=f"{_CYMTH} (general points; 24 → supervision 7 days, 48 → 28 days)",
        ),
        ViolationKind(
            "spam_listing",
            "Spam listing (general violation; points not sourced)",
            "general",
            title_zh="滥发信息",
            also_counts_on=also,
            source=f"{_CYMTH} (general points; 24 → supervision 7 days, 48 → 28 days)",
        ),
        ViolationKind(
            "general_violation",
            "General violation (typical case: 2 points ordinary, 12 serious)",
            "general",
            title_zh="一般违规",
            severities=(
                Severity("general", 2),
                Severity("serious", 12),
                Severity(
                    "especially_serious",
                    None,
                    sanctions=(
                        SanctionSpec(SanctionKind.CLOSURE, reason="store cleared out (清退)"),
                    ),
                    title="store cleared out; points not sourced",
                ),
            ),
            source=_CYMTH,
        ),
        ViolationKind(
            "consumer_complaint",
            "Upheld consumer complaint (RMB 1,000 to the consumer; points not sourced)",
            "general",
            title_zh="消费者投诉成立",
            sanctions=(
                SanctionSpec(
                    SanctionKind.FINE,
                    direct_fine_days,
                    reason="RMB 1,000 paid to the consumer (赔付消费者)",
                    amount=Decimal(1000),
                    currency="CNY",
                ),
            ),
            source=_CYMTH,
        ),
    )


def tmall(
    market: str | None = None,
    *,
    serious_36_days: int = 21,
    serious_48_closes: bool = True,
    counterfeit_thresholds: tuple[Threshold, ...] | None = None,
    counterfeit_carry_over_since: dt.date = COUNTERFEIT_CARRY_OVER_SINCE,
    appeal_lifts_sanctions: bool = True,
    direct_fine_days: int = 1,
    exam_required: bool = True,
    serious_fines_per_node: bool = True,
    store_supervision: bool = True,
) -> Policy:
    """The Tmall policy: Taobao's families, stacking and reset with Tmall's node penalties
    (marketing bans, liquidated damages in CNY); keyword options override the assumptions.

    ``serious_48_closes=False`` drops the unsourced 48-point node.
    """
    market = resolve_market("tmall", market, MARKETS, hint="(or no market=)")
    general = (
        Threshold(
            12,
            (_marketing_ban(7),),
            every=True,
            label="every 12 points: marketing ban 7 days",
        ),
        # Liquidated damages are due at every 12 points however they arrive (cymth 40771):
        # outside the heaviest-node rule, so 12 + 12 points and 24 at once both cost 20,000.
        Threshold(
            12,
            (_fine(10_000, 7),),
            every=True,
            label="every 12 points: RMB 10,000",
            parallel=True,
        ),
    )
    # Each serious node's liquidated damages are due when the node is reached, however the
    # points arrive (as the general fines are): 12 + 12 points and 24 at once both cost
    # RMB 50,000. serious_fines_per_node=False puts them under the heaviest-node rule.
    fine_12, fine_24 = _fine(20_000, 30), _fine(30_000, 60)
    node_fines = not serious_fines_per_node
    serious = [
        Threshold(
            12,
            (
                _restrict(7),
                _warning(7),
                _marketing_ban(30),
                *((fine_12,) if node_fines else ()),
            ),
            label="12 points: shop blocked, listing, shop creation, messages and community "
            "restricted, public warning, 7 days; marketing ban 30 days"
            + ("; RMB 20,000" if node_fines else ""),
        ),
        Threshold(
            24,
            (_restrict(14), _delist(14), _marketing_ban(60), *((fine_24,) if node_fines else ())),
            label="24 points: shop blocked and all goods delisted, 14 days; marketing ban "
            "60 days" + ("; RMB 30,000" if node_fines else ""),
        ),
        Threshold(
            36,
            (_shop_closed(serious_36_days),),
            label=f"36 points: shop closed, {serious_36_days} days (duration assumed)",
        ),
    ]
    if serious_fines_per_node:
        serious += [
            Threshold(12, (fine_12,), label="12 points: RMB 20,000", parallel=True),
            Threshold(24, (fine_24,), label="24 points: RMB 30,000", parallel=True),
        ]
    if serious_48_closes:
        serious.append(Threshold(48, (_SEALED,), label="48 points: account sealed (assumed)"))
    counterfeit = (
        counterfeit_thresholds
        if counterfeit_thresholds is not None
        else _taobao_serious_ladder(True)
    )
    ledgers = _ledgers(
        general,
        tuple(serious),
        counterfeit,
        counterfeit_carry_over_since,
        appeal_lifts_sanctions,
        exam_required,
    )
    if store_supervision:
        ledgers += (_supervision_ledger(appeal_lifts_sanctions),)
    return Policy(
        code="tmall",
        name="Tmall",
        timezone=TIMEZONE,
        ledgers=ledgers,
        kinds=_tmall_kinds(direct_fine_days, store_supervision),
        references=TMALL_REFERENCES,
        market=market,
        version="天猫规则 as copied by third parties (cymth 40771)",
        assumptions=TMALL_ASSUMPTIONS,
    )


register_policy("taobao", taobao, replace=True, markets=MARKETS)
register_policy("tmall", tmall, replace=True, markets=MARKETS)
