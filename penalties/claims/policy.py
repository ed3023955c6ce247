"""Claim policies as data, and the assessment of a claim against one.

A :class:`ClaimPolicy` holds one marketplace's numbers (windows, caps, the currency, the time zone,
dated changes and sources); :meth:`ClaimPolicy.assess` applies them to a :class:`SafeTClaim` and
returns an :class:`Assessment` that reports every problem at once.

Deadline convention: a window of N days runs from its anchor instant to the **same local
wall-clock time N days later** in the marketplace's zone, inclusive (a refund charged on 1 Feb
2024 at 10:00 in Berlin can be claimed until 1 Apr 2024 at 10:00 Berlin summer time, one second
later it cannot). It never gives more time than an "until the end of day N" reading would.
Business-day windows count only days that are neither weekend days of the policy nor its public
holidays, and end at the same wall-clock time on the Nth such day.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from decimal import Decimal

import attrs
import pendulum
from pendulum import DateTime

from penalties._time import InstantLike, add_days, exact, to_instant, to_timezone
from penalties._time import zone as zone_table
from penalties._validate import check_types
from penalties.claims._money import (
    MoneyLike,
    check_minor_units,
    format_money,
    money_context,
    round_down,
    to_money,
)
from penalties.claims.model import (
    AbuseFinding,
    ClaimAppealed,
    ClaimDecided,
    ClaimOutcome,
    ClaimReason,
    ClaimStatus,
    Fulfillment,
    InformationRequested,
    Problem,
    ProblemCode,
    RefundIssuer,
    ReimbursementClawedBack,
    SafeTClaim,
    SellerReplied,
    final_status,
    next_status,
)
from penalties.errors import InvalidClaimError, PolicyDefinitionError

__all__ = ["Assessment", "ClaimPolicy", "Clawback", "FilingAnchor", "FilingRule", "Window"]

_ISO_WEEKDAYS = frozenset(range(1, 8))


@attrs.frozen
class Window:
    """A length of time: ``days`` calendar days, or business days when ``business`` is true.

    ``to_end_of_day``: the days count from the next calendar day and the window runs to the end
    of the last one (Amazon.com: 60 days "counted from the next calendar day", so a refund
    charged 1 June at 10:00 can be claimed until the end of 31 July); otherwise it ends at the
    start's wall-clock time on the last day.
    """

    days: int
    business: bool = False
    to_end_of_day: bool = False

    def __attrs_post_init__(self) -> None:
        if isinstance(self.days, bool) or not isinstance(self.days, int) or self.days < 0:
            raise PolicyDefinitionError(
                f"Window.days must be a whole number of days, 0 or more, not {self.days!r}."
            )

    def __str__(self) -> str:
        kind = "business" if self.business else "calendar"
        text = f"{self.days} {kind} day{'' if self.days == 1 else 's'}"
        return text + (" (from the next day, to the end of the last)" if self.to_end_of_day else "")


def _window(value: Window | int) -> Window:
    if isinstance(value, Window):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise PolicyDefinitionError(
            f"a window must be a Window or a number of calendar days (int), not {value!r}."
        )
    return Window(value)


def _optional_window(value: Window | int | None) -> Window | None:
    return None if value is None else _window(value)


class FilingAnchor(enum.Enum):
    """The event the filing window counts from."""

    REFUND_CHARGED = "refund_charged"
    """The refund being charged to the seller account."""
    LATER_OF_RETURN_DELIVERY_AND_REFUND = "later_of_return_delivery_and_refund"
    """The later of the return's delivery to the seller and the refund charge (the refund charge
    when no return was delivered)."""

    def describe(self) -> str:
        """How a message names the anchor."""
        if self is FilingAnchor.REFUND_CHARGED:
            return "the refund was charged"
        return "the later of the return delivery and the refund charge"


@attrs.frozen
class FilingRule:
    """A filing window in force for refunds charged on or after ``since`` (a local date).

    ``since=None`` means "from the start": the first rule of a policy has it, later dated rules
    replace it for refunds charged from their date on.
    """

    window: Window = attrs.field(converter=_window)
    anchor: FilingAnchor = FilingAnchor.REFUND_CHARGED
    since: dt.date | None = None


def _filing_rules(
    value: Iterable[FilingRule] | FilingRule | Window | int,
) -> tuple[FilingRule, ...]:
    if isinstance(value, FilingRule):
        return (value,)
    if isinstance(value, Window | int):
        return (FilingRule(_window(value)),)
    return tuple(value)


def _cap(value: MoneyLike | None) -> Decimal | None:
    if value is None:
        return None
    return to_money(value, what="a claim cap", error=PolicyDefinitionError)


def _share(value: MoneyLike | None) -> Decimal | None:
    if value is None:
        return None
    share = to_money(value, what="buyer_damage_share", error=PolicyDefinitionError)
    if not 0 < share <= 1:
        raise PolicyDefinitionError(
            f"buyer_damage_share {share} must be a fraction of the order value in (0, 1], "
            "e.g. Decimal('0.5') for 50%."
        )
    return share


def _reasons(value: Iterable[ClaimReason]) -> frozenset[ClaimReason]:
    return frozenset(value)


def _weekdays(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


def _dates(value: Iterable[dt.date]) -> frozenset[dt.date]:
    return frozenset(value)


@attrs.frozen(kw_only=True)
class ClaimPolicy:
    """One marketplace's SAFE-T / CSBA reimbursement rules, as data.

    Every window and cap is a field: override any of them with ``attrs.evolve(policy, ...)`` or
    ``get_claim_policy(code, market=..., **overrides)``. ``None`` means the sources give no
    number (no deadline is computed, no cap applied); each variant's docstring says which.

    Fields: ``filing_rules`` (dated filing windows, picked by the refund charge's local date),
    ``wait_with_return_authorization`` (how long to wait after the refund when the order has a
    valid return authorisation), ``reply_window`` and ``appeal_window`` (from Amazon's request or
    decision), ``max_appeals``, ``item_cap`` (per unit), ``order_cap``, ``buyer_damage_share``
    (cap for :attr:`ClaimReason.RETURNED_DAMAGED_BY_BUYER` as a share of the order value),
    ``reasons`` the marketplace covers, ``automatic_refunds_eligible`` (refunds Amazon issued
    because the seller was late), and the business-day calendar (``weekend`` as ISO weekdays,
    ``public_holidays``).

    The account side (seed 003 §3, §4 and §7 for Amazon.de): ``registered_users_only`` (only a
    registered user of the seller account may file), ``status_lag`` (how long the status may
    take to change after a reply), ``abuse_suspends_filing`` (an :class:`AbuseFinding` stops
    claims filed while its suspension stands) and ``clawback_on_abuse`` (a finding puts every
    earlier reimbursement at risk of claw-back). Off where the marketplace's sources are silent.

    References:
        Each variant lists its sources in :attr:`references` and its docstring; see
        :mod:`penalties.claims.markets`.
    """

    code: str
    market: str
    name: str
    version: str
    timezone: str
    currency: str
    minor_units: int = 2
    filing_rules: tuple[FilingRule, ...] = attrs.field(converter=_filing_rules)
    wait_with_return_authorization: Window | None = attrs.field(
        default=None, converter=_optional_window
    )
    reply_window: Window | None = attrs.field(default=None, converter=_optional_window)
    appeal_window: Window | None = attrs.field(default=None, converter=_optional_window)
    max_appeals: int = 1
    item_cap: Decimal | None = attrs.field(default=None, converter=_cap)
    order_cap: Decimal | None = attrs.field(default=None, converter=_cap)
    buyer_damage_share: Decimal | None = attrs.field(default=None, converter=_share)
    reasons: frozenset[ClaimReason] = attrs.field(
        default=frozenset(ClaimReason), converter=_reasons
    )
    automatic_refunds_eligible: bool = True
    weekend: frozenset[int] = attrs.field(default=frozenset(), converter=_weekdays)
    public_holidays: frozenset[dt.date] = attrs.field(default=frozenset(), converter=_dates)
    registered_users_only: bool = False
    status_lag: dt.timedelta | None = None
    abuse_suspends_filing: bool = False
    clawback_on_abuse: bool = False
    references: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        where = f"claim policy {self.code!r} ({self.market})"
        to_timezone(self.timezone)
        if not (len(self.currency) == 3 and self.currency.isalpha() and self.currency.isupper()):
            raise PolicyDefinitionError(f"{where}: currency {self.currency!r} is not ISO 4217.")
        for rule in self.filing_rules:
            if not isinstance(rule, FilingRule):
                raise PolicyDefinitionError(f"{where}: {rule!r} is not a FilingRule.")
        if not self.filing_rules or self.filing_rules[0].since is not None:
            raise PolicyDefinitionError(
                f"{where}: filing_rules must start with a rule without 'since' (in force from "
                "the start), followed by dated changes."
            )
        dates = [r.since for r in self.filing_rules[1:] if r.since is not None]
        if len(dates) != len(self.filing_rules) - 1 or dates != sorted(set(dates)):
            raise PolicyDefinitionError(
                f"{where}: the dated filing rules need distinct 'since' dates in order."
            )
        for what, number in (("minor_units", self.minor_units), ("max_appeals", self.max_appeals)):
            if isinstance(number, bool) or not isinstance(number, int) or number < 0:
                raise PolicyDefinitionError(
                    f"{where}: {what} must be a whole number, 0 or more, not {number!r}."
                )
        if not self.weekend <= _ISO_WEEKDAYS or self.weekend == _ISO_WEEKDAYS:
            raise PolicyDefinitionError(
                f"{where}: weekend must hold ISO weekdays (1 = Monday … 7 = Sunday), not all "
                f"seven; got {sorted(self.weekend)}."
            )
        if not all(isinstance(reason, ClaimReason) for reason in self.reasons):
            raise PolicyDefinitionError(f"{where}: reasons must be ClaimReason members.")
        check_types(self, where)
        if self.status_lag is not None and self.status_lag < dt.timedelta(0):
            raise PolicyDefinitionError(
                f"{where}: status_lag must be a duration of 0 or more (e.g. "
                f"datetime.timedelta(hours=24)) or None, not {self.status_lag!r}."
            )

    @property
    def zone(self) -> pendulum.Timezone:
        """The marketplace's time zone, in which every day is counted."""
        return to_timezone(self.timezone)

    def _repr_html_(self) -> str:
        """An HTML summary for notebooks: windows, caps, reasons, sources."""
        from penalties._html import render_claim_policy

        return render_claim_policy(self)

    def deadline(self, start: InstantLike, window: Window) -> DateTime:
        """The last instant of ``window`` counted from ``start``, in the marketplace's zone."""
        instant = to_instant(start, what="start", error=InvalidClaimError)
        window = _window(window)
        zone = self.zone
        if not window.business and not window.to_end_of_day:
            return add_days(instant, window.days, zone)
        first = day = instant.in_timezone(zone).date()
        if not window.business:
            day = first + dt.timedelta(days=window.days)
        counted = 0
        while window.business and counted < window.days:
            day += dt.timedelta(days=1)
            if day.isoweekday() not in self.weekend and day not in self.public_holidays:
                counted += 1
        if window.to_end_of_day:
            # The last microsecond before the next local midnight (exact, so right in DST).
            z = zone_table(zone)
            return z.datetime(z.midnight(day + dt.timedelta(days=1)) - 1)
        # Counted from the start instant, so a DST gap on a day in between does not shift it.
        return add_days(instant, (day - first).days, zone)

    def filing_rule(self, refund_charged_at: InstantLike) -> FilingRule:
        """The filing rule in force for a refund charged at ``refund_charged_at``."""
        instant = to_instant(refund_charged_at, what="refund_charged_at", error=InvalidClaimError)
        day = instant.in_timezone(self.zone).date()
        in_force = self.filing_rules[0]
        for rule in self.filing_rules[1:]:
            if rule.since is not None and rule.since <= day:
                in_force = rule
        return in_force

    def assess(
        self,
        claim: SafeTClaim,
        prior_claims: Iterable[SafeTClaim] = (),
        findings: Iterable[AbuseFinding] = (),
    ) -> Assessment:
        """Check ``claim`` against every rule and report all problems, deadlines and the cap.

        ``prior_claims`` are the account's other claims: one for the same order filed before
        ``claim`` makes it a duplicate. A claim for the same order filed at the same instant is
        taken as ``claim`` itself (an older snapshot of it, say), so passing every claim of the
        account is fine. ``findings`` are the account's :class:`AbuseFinding` records: where the
        policy says so, one whose suspension stands when the claim is filed blocks it, and one
        made at or after the claim's grant puts the reimbursement at risk of claw-back. Raises
        :class:`InvalidClaimError` when the claim does not fit the marketplace (currency,
        decimals).
        """
        if not isinstance(claim, SafeTClaim):
            raise InvalidClaimError(f"assess() needs a SafeTClaim, not {type(claim).__name__}.")
        priors = tuple(prior_claims)
        for prior in priors:
            if not isinstance(prior, SafeTClaim):
                raise InvalidClaimError(
                    f"prior_claims must hold SafeTClaim values, not {type(prior).__name__}."
                )
        account = _findings(findings)
        self._check_money(claim)
        problems: list[Problem] = []
        earliest, file_by = self._filing_problems(claim, priors, problems)
        self._account_problems(claim, account, problems)
        with money_context():  # the library's decimal context, whatever the caller's
            limit = self._amount_problems(claim, problems)
        reply_by, appeal_by, granted = self._history_problems(claim, problems)
        status_update_by = self._status_lag(claim, problems)
        exposure = self._clawback_problems(claim, account, problems)
        eligible = not any(p.blocking for p in problems)
        return Assessment(
            order_id=claim.order_id,
            market=self.market,
            problems=tuple(problems),
            max_reimbursement=round_down(limit if eligible else Decimal(0), self.minor_units),
            currency=self.currency,
            earliest_filing=earliest,
            file_by=file_by,
            status=final_status(claim.history),
            reply_by=reply_by,
            appeal_by=appeal_by,
            granted_amount=granted,
            evidence=claim.reason.evidence,
            status_update_by=status_update_by,
            clawed_back_amount=_clawed_back(claim),
            clawback_exposure=exposure,
        )

    def clawback(self, claims: Iterable[SafeTClaim], findings: Iterable[AbuseFinding]) -> Clawback:
        """What a finding of abuse or misrepresentation puts at risk across the account.

        Seed 003 §7: Amazon may "claw back all earlier reimbursements". Every claim granted at or
        before a finding, and not clawed back yet, counts; its granted amount is summed when
        known, and named in ``unknown_amounts`` when not. Nothing counts when the policy's
        ``clawback_on_abuse`` is off. Amazon decides what it takes back; this is the most.
        """
        account = _findings(findings)
        held = tuple(claims)
        for claim in held:
            if not isinstance(claim, SafeTClaim):
                raise InvalidClaimError(
                    f"clawback() needs SafeTClaim values, not {type(claim).__name__}."
                )
            self._check_money(claim)
        at_risk: list[str] = []
        unknown: list[str] = []
        total = Decimal(0)
        taken = Decimal(0)
        with money_context():
            for claim in held:
                clawed = _clawed_back(claim)
                if clawed is not None:
                    taken += clawed
                if not self.clawback_on_abuse or claim.status is ClaimStatus.CLAWED_BACK:
                    continue
                granted = _grant(claim)
                if granted is None or not any(exact(granted.at) <= exact(f.at) for f in account):
                    continue
                at_risk.append(claim.order_id)
                if granted.granted_amount is None:
                    unknown.append(claim.order_id)
                else:
                    total += granted.granted_amount
        return Clawback(
            currency=self.currency,
            at_risk=total,
            order_ids=tuple(at_risk),
            unknown_amounts=tuple(unknown),
            clawed_back=taken,
        )

    # --- the parts of an assessment ---------------------------------------------------------

    def _money(self, amount: Decimal) -> str:
        return format_money(amount, self.currency, self.minor_units)

    def _check_money(self, claim: SafeTClaim) -> None:
        if claim.currency != self.currency:
            raise InvalidClaimError(
                f"claim {claim.order_id!r} is in {claim.currency}, but Amazon {self.market} "
                f"settles SAFE-T claims in {self.currency}; pass the amounts in "
                f"{self.currency}, or assess the claim with the policy of the marketplace the "
                "order belongs to."
            )
        amounts = [
            ("refund_amount", claim.refund_amount),
            ("order_value", claim.order_value),
            ("referral_fee", claim.referral_fee),
            ("outbound_label_cost", claim.outbound_label_cost),
        ]
        for event in claim.history:
            if isinstance(event, ClaimDecided) and event.granted_amount is not None:
                amounts.append(("granted_amount", event.granted_amount))
            if isinstance(event, ReimbursementClawedBack) and event.amount is not None:
                amounts.append(("clawed-back amount", event.amount))
        for what, amount in amounts:
            check_minor_units(
                amount,
                self.minor_units,
                what=f"claim {claim.order_id!r}: {what}",
                currency=self.currency,
            )

    def _filing_problems(
        self, claim: SafeTClaim, priors: tuple[SafeTClaim, ...], problems: list[Problem]
    ) -> tuple[DateTime, DateTime]:
        def block(code: ProblemCode, message: str) -> None:
            problems.append(Problem(code.value, message))

        if claim.reason not in self.reasons:
            block(
                ProblemCode.REASON_NOT_COVERED,
                f"Amazon {self.market} does not reimburse {claim.reason.value!r}; pick the "
                "reason that fits among "
                f"{', '.join(sorted(r.value for r in self.reasons))}.",
            )
        if claim.refunded_by is RefundIssuer.SELLER:
            block(
                ProblemCode.REFUND_NOT_ISSUED_BY_AMAZON,
                "You issued this refund yourself; only refunds Amazon customer service issued "
                "on your behalf can be claimed. There is no SAFE-T remedy for it.",
            )
        if (
            claim.refunded_by is RefundIssuer.AMAZON_AFTER_SELLER_DELAY
            and not self.automatic_refunds_eligible
        ):
            block(
                ProblemCode.AUTOMATIC_REFUND_EXCLUDED,
                f"Amazon {self.market} refunded automatically because the return was not "
                "processed in time; such refunds are not reimbursed. Process returns through "
                "the Guided Refund Workflow in time to keep future ones claimable.",
            )
        if claim.fulfillment is Fulfillment.FBA:
            block(
                ProblemCode.FBA_ORDER,
                "FBA orders are not covered by SAFE-T; file an FBA customer-returns "
                "reimbursement claim instead.",
            )
        if claim.chargeback:
            block(
                ProblemCode.CHARGEBACK,
                "Chargebacks are not covered by SAFE-T; respond to the chargeback through the "
                "chargeback process instead.",
            )
        if claim.a_to_z_claim:
            block(
                ProblemCode.A_TO_Z_CLAIM,
                "The order has an A-to-z Guarantee claim, which SAFE-T does not cover; appeal "
                "the A-to-z claim instead.",
            )
        if claim.return_rejected_by_seller:
            block(
                ProblemCode.RETURN_REJECTED,
                "You refused the return shipment, which makes the order ineligible whatever the "
                "reason; accept returns to keep future claims possible.",
            )
        if claim.lost_or_damaged_in_transit:
            block(
                ProblemCode.LOST_OR_DAMAGED_IN_TRANSIT,
                "Goods lost or damaged in transit (outbound or on return) are not covered; "
                "claim from the carrier (Seller Fulfilled Prime: the Prime carrier-issues "
                "process; other carriers: under their own terms).",
            )
        if claim.reason is ClaimReason.RETURN_LABEL_BUYER_LIABLE and (
            claim.category_apparel_shoes_bags
        ):
            block(
                ProblemCode.APPAREL_RETURN_LABEL,
                "Apparel, shoes and bags have free buyer returns, so their return labels are "
                "never reimbursed; claim only if another reason applies.",
            )
        for prior in priors:
            if prior.order_id == claim.order_id and exact(prior.filed_at) < exact(claim.filed_at):
                block(
                    ProblemCode.DUPLICATE_ORDER_CLAIM,
                    f"Order {claim.order_id} already has a SAFE-T claim (filed "
                    f"{prior.filed_at.in_timezone(self.zone).isoformat()}); only one claim per "
                    "order id is allowed. Add information to that claim through 'View "
                    "messages' instead of filing another.",
                )
                break

        charged = claim.refund_charged_at.in_timezone(self.zone)
        earliest = charged
        wait = self.wait_with_return_authorization
        if claim.valid_return_authorization and wait is not None:
            earliest = self.deadline(charged, wait)
            if exact(claim.filed_at) < exact(earliest):
                block(
                    ProblemCode.TOO_EARLY,
                    f"The order has a valid return authorisation, so wait {wait} after the "
                    f"refund before filing: file on or after {earliest.isoformat()}.",
                )
        rule = self.filing_rule(charged)
        file_by = self.deadline(self.window_start(claim), rule.window)
        if exact(claim.filed_at) > exact(file_by):
            block(
                ProblemCode.FILING_WINDOW_CLOSED,
                f"Claims must be filed within {rule.window} after {rule.anchor.describe()}; "
                f"that window closed at {file_by.isoformat()}, so this claim can no longer be "
                "filed.",
            )
        return earliest, file_by

    def _account_problems(
        self, claim: SafeTClaim, account: tuple[AbuseFinding, ...], problems: list[Problem]
    ) -> None:
        if self.registered_users_only and not claim.filed_by_registered_user:
            problems.append(
                Problem(
                    ProblemCode.FILER_NOT_REGISTERED.value,
                    f"Amazon {self.market} processes only claims filed by registered users of "
                    "the seller account; ask the account administrator to add your email "
                    "address to the registered-user list, then file the claim again.",
                )
            )
        if not self.abuse_suspends_filing:
            return
        for finding in account:
            if finding.suspends(claim.filed_at):
                problems.append(
                    Problem(
                        ProblemCode.FILING_SUSPENDED_FOR_ABUSE.value,
                        f"Amazon found {finding.kind.value.replace('_', ' ')} on the account "
                        f"({self._local(finding.at)}) and the suspension it brought still "
                        "stood when this claim was filed; no claim can be filed until Amazon "
                        "reinstates the account (record it as AbuseFinding.lifted_at).",
                    )
                )
                break

    def _status_lag(self, claim: SafeTClaim, problems: list[Problem]) -> DateTime | None:
        lag = self.status_lag
        if lag is None:
            return None
        by: DateTime | None = None
        for event in claim.history:
            by = None
            if not isinstance(event, SellerReplied):
                continue
            due = (event.at + lag).in_timezone(self.zone)
            seen = event.status_updated_at
            if seen is None:
                by = due
            elif exact(seen) > exact(due):
                problems.append(
                    Problem(
                        ProblemCode.STATUS_LAG_EXCEEDED.value,
                        f"The status changed at {self._local(seen)}, later than the "
                        f"{_hours(lag)} Amazon {self.market} states after the reply of "
                        f"{self._local(event.at)} (due {due.isoformat()}); if it happens again, "
                        "ask the SAFE-T team through 'View messages'.",
                        blocking=False,
                    )
                )
        return by

    def _clawback_problems(
        self, claim: SafeTClaim, account: tuple[AbuseFinding, ...], problems: list[Problem]
    ) -> Decimal | None:
        if not self.clawback_on_abuse or claim.status is not ClaimStatus.RESOLVED_GRANTED:
            return None
        granted = _grant(claim)
        assert granted is not None  # a granted status has its decision
        later = [f for f in account if exact(granted.at) <= exact(f.at)]
        if not later:
            return None
        amount = granted.granted_amount
        what = "its reimbursement" if amount is None else self._money(amount)
        problems.append(
            Problem(
                ProblemCode.CLAWBACK_EXPECTED.value,
                f"Amazon found {later[0].kind.value.replace('_', ' ')} on the account "
                f"({self._local(later[0].at)}), after this claim was granted; it may claw back "
                f"all earlier reimbursements, so {what} is at risk. Record what it takes back "
                "as ReimbursementClawedBack.",
                blocking=False,
            )
        )
        return amount

    def window_start(self, claim: SafeTClaim) -> DateTime:
        """The instant the claim's filing window counts from (see :class:`FilingAnchor`)."""
        anchor = self.filing_rule(claim.refund_charged_at).anchor
        delivered = claim.return_delivered_at
        if anchor is FilingAnchor.REFUND_CHARGED or delivered is None:
            return claim.refund_charged_at.in_timezone(self.zone)
        return max(claim.refund_charged_at, delivered, key=exact).in_timezone(self.zone)

    def _amount_problems(self, claim: SafeTClaim, problems: list[Problem]) -> Decimal:
        def advise(code: ProblemCode, message: str) -> None:
            problems.append(Problem(code.value, message, blocking=False))

        claimable = claim.refund_amount - claim.referral_fee - claim.outbound_label_cost
        if claim.referral_fee:
            advise(
                ProblemCode.REFERRAL_FEE_NOT_REIMBURSED,
                f"Referral fees are not reimbursed through SAFE-T; "
                f"{self._money(claim.referral_fee)} is left out of the maximum.",
            )
        if claim.outbound_label_cost:
            advise(
                ProblemCode.OUTBOUND_LABEL_NOT_REIMBURSED,
                f"Outbound shipping labels are not reimbursed through SAFE-T; "
                f"{self._money(claim.outbound_label_cost)} is left out of the maximum (the "
                "carrier may pay under the terms accepted when the label was bought).",
            )
        limit = claimable
        share = self.buyer_damage_share
        if claim.reason is ClaimReason.RETURNED_DAMAGED_BY_BUYER and share is not None:
            damage_cap = claim.order_value * share
            if damage_cap < claimable:
                limit = min(limit, damage_cap)
                advise(
                    ProblemCode.BUYER_DAMAGE_CAPPED,
                    f"Items returned damaged by the buyer are reimbursed at most "
                    f"{(share * 100).normalize():f}% of the order value: "
                    f"{self._money(round_down(damage_cap, self.minor_units))}.",
                )
        if self.item_cap is not None:
            item_cap = self.item_cap * claim.quantity
            if item_cap < claimable:
                limit = min(limit, item_cap)
                advise(
                    ProblemCode.ABOVE_ITEM_CAP,
                    f"SAFE-T reimburses at most {self._money(self.item_cap)} per item "
                    f"({self._money(item_cap)} for {claim.quantity}); insure items worth "
                    "more with a third-party insurer.",
                )
        if self.order_cap is not None and self.order_cap < claimable:
            limit = min(limit, self.order_cap)
            advise(
                ProblemCode.ABOVE_ORDER_CAP,
                f"SAFE-T reimburses at most {self._money(self.order_cap)} per order; insure "
                "orders worth more with a third-party insurer.",
            )
        return limit

    def _history_problems(
        self, claim: SafeTClaim, problems: list[Problem]
    ) -> tuple[DateTime | None, DateTime | None, Decimal | None]:
        def advise(code: ProblemCode, message: str) -> None:
            problems.append(Problem(code.value, message, blocking=False))

        reply_by: DateTime | None = None
        appeal_by: DateTime | None = None
        granted: Decimal | None = None
        appeals = 0
        status = ClaimStatus.UNDER_INVESTIGATION
        for event in claim.history:
            awaiting = status is ClaimStatus.AWAITING_SELLER_RESPONSE
            late = awaiting and reply_by is not None and exact(event.at) > exact(reply_by)
            if isinstance(event, InformationRequested):
                reply_by = self._optional_deadline(event.at, self.reply_window)
            elif isinstance(event, SellerReplied):
                if late:
                    advise(
                        ProblemCode.REPLY_LATE,
                        f"The reply of {self._local(event.at)} came after the reply-by time "
                        f"{self._local(reply_by)} ({self.reply_window} from the request); "
                        "late or missing information may lead to denial. Reply within the "
                        "window next time.",
                    )
                reply_by = None
            elif isinstance(event, ClaimDecided):
                if late:
                    advise(
                        ProblemCode.REPLY_LATE,
                        f"No reply reached Amazon by the reply-by time {self._local(reply_by)} "
                        f"before the decision of {self._local(event.at)}; missing information "
                        "may lead to denial. Appeal with the information if you can.",
                    )
                reply_by = None
                granted = event.granted_amount if event.outcome is ClaimOutcome.GRANTED else None
                appeal_by = (
                    self._optional_deadline(event.at, self.appeal_window)
                    if appeals < self.max_appeals
                    else None
                )
            elif isinstance(event, ClaimAppealed):
                appeals += 1
                if appeals > self.max_appeals:
                    advise(
                        ProblemCode.SECOND_APPEAL,
                        f"Amazon {self.market} allows {self.max_appeals} appeal(s) per claim; "
                        f"the appeal of {self._local(event.at)} may be ignored, and repeated "
                        "appeals without new information may be flagged as abuse of SAFE-T.",
                    )
                elif appeal_by is not None and exact(event.at) > exact(appeal_by):
                    advise(
                        ProblemCode.APPEAL_WINDOW_CLOSED,
                        f"The appeal of {self._local(event.at)} came after the appeal-by time "
                        f"{self._local(appeal_by)} ({self.appeal_window} from the decision); "
                        "Amazon may ignore it.",
                    )
                if not event.new_evidence:
                    advise(
                        ProblemCode.APPEAL_WITHOUT_NEW_EVIDENCE,
                        "An appeal needs additional information or evidence; attach it through "
                        "'View messages', since appeals without it may be flagged as abuse.",
                    )
                appeal_by = None
            elif isinstance(event, ReimbursementClawedBack):
                appeal_by = None  # final: nothing left to appeal
            status = next_status(status, event)
        return reply_by, appeal_by, granted

    def _optional_deadline(self, start: DateTime, window: Window | None) -> DateTime | None:
        return None if window is None else self.deadline(start, window)

    def _local(self, instant: DateTime | None) -> str:
        return "" if instant is None else instant.in_timezone(self.zone).isoformat()


def _findings(value: Iterable[AbuseFinding]) -> tuple[AbuseFinding, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidClaimError(
            f"findings must be a sequence of AbuseFinding values, not {type(value).__name__}."
        )
    found = tuple(value)
    for finding in found:
        if not isinstance(finding, AbuseFinding):
            raise InvalidClaimError(
                f"findings must hold AbuseFinding values, not {type(finding).__name__}."
            )
    return tuple(sorted(found, key=lambda f: exact(f.at)))


def _grant(claim: SafeTClaim) -> ClaimDecided | None:
    """The decision that granted the claim's current reimbursement, if it stands granted."""
    decision: ClaimDecided | None = None
    for event in claim.history:
        if isinstance(event, ClaimDecided):
            decision = event if event.outcome is ClaimOutcome.GRANTED else None
    return decision


def _clawed_back(claim: SafeTClaim) -> Decimal | None:
    for event in claim.history:
        if isinstance(event, ReimbursementClawedBack):
            return event.amount
    return None


def _hours(lag: dt.timedelta) -> str:
    hours = lag / dt.timedelta(hours=1)
    return f"{hours:g} hour{'' if hours == 1 else 's'}"


@attrs.frozen
class Clawback:
    """What a finding of abuse or misrepresentation puts at risk (:meth:`ClaimPolicy.clawback`).

    ``at_risk`` sums the known granted amounts of the claims in ``order_ids``; those in
    ``unknown_amounts`` were granted without a recorded amount. ``clawed_back`` sums what
    Amazon already took back (:class:`ReimbursementClawedBack` with an amount).
    """

    currency: str
    at_risk: Decimal
    order_ids: tuple[str, ...]
    unknown_amounts: tuple[str, ...]
    clawed_back: Decimal


@attrs.frozen
class Assessment:
    """The verdict on one claim: eligibility, every problem, the deadlines and the cap.

    ``max_reimbursement`` is the most SAFE-T can pay under the policy's sourced caps (never more
    than the refund; 0 when the claim is ineligible); Amazon decides the actual amount, recorded
    as ``granted_amount`` once a grant is known. ``reply_by`` is set while Amazon awaits a reply,
    ``appeal_by`` while a resolved claim can still be appealed. Instants are in the marketplace's
    zone. ``status_update_by`` is set after a reply whose status change has not been seen yet:
    the latest the status should change (the policy's ``status_lag``). ``clawed_back_amount``
    is what Amazon took back, when recorded; ``clawback_exposure`` the granted amount a later
    abuse finding puts at risk.
    """

    order_id: str
    market: str
    problems: tuple[Problem, ...]
    max_reimbursement: Decimal
    currency: str
    earliest_filing: DateTime
    file_by: DateTime
    status: ClaimStatus
    reply_by: DateTime | None
    appeal_by: DateTime | None
    granted_amount: Decimal | None
    evidence: str
    status_update_by: DateTime | None = None
    clawed_back_amount: Decimal | None = None
    clawback_exposure: Decimal | None = None

    @property
    def eligible(self) -> bool:
        """True when no blocking problem was found (advisory ones may remain)."""
        return not any(problem.blocking for problem in self.problems)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of :attr:`problems`, in order."""
        return tuple(problem.code for problem in self.problems)

    def explain(self) -> str:
        """A few lines a person can read: verdict, window, cap, status, deadlines, problems."""
        verdict = "eligible" if self.eligible else "not eligible"
        lines = [
            f"SAFE-T claim for order {self.order_id} on Amazon {self.market}: {verdict}",
            f"  file from {self.earliest_filing.isoformat()} to {self.file_by.isoformat()}",
            f"  at most {self.currency} {self.max_reimbursement:,}",
            f"  status: {self.status.value.replace('_', ' ')}",
        ]
        if self.reply_by is not None:
            lines.append(f"  reply by {self.reply_by.isoformat()}")
        if self.appeal_by is not None:
            lines.append(f"  appeal by {self.appeal_by.isoformat()}")
        if self.granted_amount is not None:
            lines.append(f"  granted {self.currency} {self.granted_amount:,}")
        if self.status_update_by is not None:
            lines.append(f"  status should update by {self.status_update_by.isoformat()}")
        if self.clawed_back_amount is not None:
            lines.append(f"  clawed back {self.currency} {self.clawed_back_amount:,}")
        for problem in self.problems:
            kind = "blocking" if problem.blocking else "advisory"
            lines.append(f"  - {problem.code} ({kind}): {problem.message}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """An HTML summary for notebooks."""
        from penalties._html import render_assessment

        return render_assessment(self)
