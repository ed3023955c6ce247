"""The claim side of SAFE-T: what a seller claims, what happened to the claim, what went wrong.

A :class:`SafeTClaim` is an immutable value that validates itself on construction (money, instants,
the order of its investigation events), so a malformed record fails where it is made. Everything
that depends on the marketplace (currency, windows, caps) is checked by
:meth:`penalties.claims.ClaimPolicy.assess`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeAlias, TypeVar

import attrs
from pendulum import DateTime

from penalties._time import InstantLike, exact, to_instant
from penalties.claims._money import MoneyLike, money_context, to_money
from penalties.errors import InvalidClaimError, close_matches

__all__ = [
    "AbuseFinding",
    "AbuseKind",
    "ClaimAppealed",
    "ClaimDecided",
    "ClaimEvent",
    "ClaimOutcome",
    "ClaimReason",
    "ClaimStatus",
    "Fulfillment",
    "InformationRequested",
    "Problem",
    "ProblemCode",
    "RefundIssuer",
    "ReimbursementClawedBack",
    "SafeTClaim",
    "SellerReplied",
]


class ClaimReason(enum.Enum):
    """Why Amazon should reimburse the refund: the eligible situations of the Amazon.de page.

    The list does not guarantee payment; Amazon alone decides whether and how much to reimburse.
    :attr:`evidence` says what the claim should carry for each reason.
    """

    NOT_RECEIVED_BUT_DELIVERED = "not_received_but_delivered"
    """The buyer says the item never arrived, but delivery can be proven."""
    NOT_RETURNED = "not_returned"
    """The buyer was refunded but did not return the item."""
    RETURNED_LATE = "returned_late"
    """The return arrived after the return window."""
    REPLACEMENT_PROVIDED = "replacement_provided"
    """The buyer asked for a replacement instead of a refund, and the seller delivered it."""
    RETURNED_DAMAGED_BY_BUYER = "returned_damaged_by_buyer"
    """The item came back damaged by the buyer (reimbursed at most at a share of its value)."""
    RETURNED_WRONG_OR_INCOMPLETE = "returned_wrong_or_incomplete"
    """A wrong item came back, or the item came back with parts missing."""
    RETURN_LABEL_BUYER_LIABLE = "return_label_buyer_liable"
    """The return label was refunded although the buyer should have paid return shipping."""
    BUYER_ABUSE = "buyer_abuse"
    """The buyer repeatedly abused Amazon's return or refund policy; the seller is not at fault."""
    CSBA_TERMS_BREACHED = "csba_terms_breached"
    """Amazon finds that the refund did not comply with the CSBA terms and conditions."""

    @property
    def evidence(self) -> str:
        """What to attach to a claim for this reason (from the Amazon.de page)."""
        return _EVIDENCE[self]


_EVIDENCE: dict[ClaimReason, str] = {
    ClaimReason.NOT_RECEIVED_BUT_DELIVERED: (
        "Proof of delivery to the buyer's address (signature confirmation, delivery scan "
        "receipt), or a Buy Shipping label whose tracking shows the item delivered."
    ),
    ClaimReason.NOT_RETURNED: (
        "No return merchandise authorisation (RMA) and no carrier first scan on the return. "
        "Items Amazon treats as non-returnable qualify only if the return reason is the buyer's "
        "fault."
    ),
    ClaimReason.RETURNED_LATE: (
        "The return's arrival date and the return window that applied (extended holiday return "
        "window for orders placed 1 November to 31 December)."
    ),
    ClaimReason.REPLACEMENT_PROVIDED: (
        "The tracking number of the delivered replacement order (EU forum posts add: the "
        "buyer's agreement, before the refund, in buyer-seller messages)."
    ),
    ClaimReason.RETURNED_DAMAGED_BY_BUYER: (
        "Photos that link the returned, damaged item to the purchased one."
    ),
    ClaimReason.RETURNED_WRONG_OR_INCOMPLETE: (
        "Photos of the item received back, showing the wrong item or the missing parts."
    ),
    ClaimReason.RETURN_LABEL_BUYER_LIABLE: (
        "The return reason, which under the return-label charges table makes the buyer pay "
        "return shipping. Not for apparel, shoes and bags (free returns)."
    ),
    ClaimReason.BUYER_ABUSE: (
        "Evidence that the buyer repeatedly abused the return or refund policy; you must ask "
        "for the reimbursement yourself."
    ),
    ClaimReason.CSBA_TERMS_BREACHED: (
        "Why the refund did not comply with the CSBA terms and conditions."
    ),
}


class RefundIssuer(enum.Enum):
    """Who refunded the buyer (only refunds Amazon issued on the seller's behalf can be claimed)."""

    AMAZON = "amazon"
    """Amazon customer service refunded the buyer on the seller's behalf (CSBA)."""
    SELLER = "seller"
    """The seller refunded the buyer; SAFE-T never reimburses this."""
    AMAZON_AFTER_SELLER_DELAY = "amazon_after_seller_delay"
    """Amazon refunded automatically because the seller did not process the return in time (US:
    4 calendar days after the return arrived); the US excludes these."""


class Fulfillment(enum.Enum):
    """Who shipped the order: SAFE-T covers seller-fulfilled orders only."""

    MERCHANT = "merchant"
    """Fulfilled by the seller (Seller Fulfilled Prime included)."""
    FBA = "fba"
    """Fulfilled by Amazon; FBA has its own customer-returns reimbursement policy."""


class ClaimStatus(enum.Enum):
    """The tabs of "Manage SAFE-T claims": where a filed claim stands."""

    UNDER_INVESTIGATION = "under_investigation"
    """Filed (or appealed) and with Amazon's investigators."""
    AWAITING_SELLER_RESPONSE = "awaiting_seller_response"
    """Amazon asked for more information; the seller must reply by ``reply_by``."""
    RESOLVED_GRANTED = "resolved_granted"
    """Resolved: Amazon reimbursed (all or part of) the claim."""
    RESOLVED_DENIED = "resolved_denied"
    """Resolved: no reimbursement ("No-Grant")."""
    CLAWED_BACK = "clawed_back"
    """Amazon took back the reimbursement it had granted, after finding abuse or
    misrepresentation (seed 003 §7); final: no appeal of a claw-back is described."""


class ClaimOutcome(enum.Enum):
    """How Amazon decided a claim (or its appeal)."""

    GRANTED = "granted"
    DENIED = "denied"


class ProblemCode(enum.StrEnum):
    """The stable codes of every :class:`Problem` an assessment can report."""

    # Blocking: the claim is ineligible.
    REASON_NOT_COVERED = "reason_not_covered"
    REFUND_NOT_ISSUED_BY_AMAZON = "refund_not_issued_by_amazon"
    AUTOMATIC_REFUND_EXCLUDED = "automatic_refund_excluded"
    FBA_ORDER = "fba_order"
    CHARGEBACK = "chargeback"
    A_TO_Z_CLAIM = "a_to_z_claim"
    RETURN_REJECTED = "return_rejected"
    LOST_OR_DAMAGED_IN_TRANSIT = "lost_or_damaged_in_transit"
    APPAREL_RETURN_LABEL = "apparel_return_label"
    DUPLICATE_ORDER_CLAIM = "duplicate_order_claim"
    TOO_EARLY = "too_early"
    FILING_WINDOW_CLOSED = "filing_window_closed"
    # Advisory: the amount is limited.
    REFERRAL_FEE_NOT_REIMBURSED = "referral_fee_not_reimbursed"
    OUTBOUND_LABEL_NOT_REIMBURSED = "outbound_label_not_reimbursed"
    BUYER_DAMAGE_CAPPED = "buyer_damage_capped"
    ABOVE_ITEM_CAP = "above_item_cap"
    ABOVE_ORDER_CAP = "above_order_cap"
    # Advisory: the investigation and the appeal.
    REPLY_LATE = "reply_late"
    APPEAL_WINDOW_CLOSED = "appeal_window_closed"
    SECOND_APPEAL = "second_appeal"
    APPEAL_WITHOUT_NEW_EVIDENCE = "appeal_without_new_evidence"
    STATUS_LAG_EXCEEDED = "status_lag_exceeded"
    # Blocking: who files, and the account's standing.
    FILER_NOT_REGISTERED = "filer_not_registered"
    FILING_SUSPENDED_FOR_ABUSE = "filing_suspended_for_abuse"
    # Advisory: abuse found after the grant.
    CLAWBACK_EXPECTED = "clawback_expected"


@attrs.frozen
class Problem:
    """One thing wrong with a claim: a stable ``code`` and a ``message`` that says what to do.

    ``blocking`` problems make the claim ineligible; the others are advisory (an amount that is
    not reimbursed, a late reply that may lead to denial, an appeal Amazon may ignore).
    """

    code: str
    message: str
    blocking: bool = True


# --- investigation events -------------------------------------------------------------------


def _event_at(value: InstantLike) -> DateTime:
    return to_instant(value, what="claim event time 'at'", error=InvalidClaimError)


def _outcome(value: ClaimOutcome | str) -> ClaimOutcome:
    return _enum(ClaimOutcome, value, "ClaimDecided.outcome")


def _granted_amount(value: MoneyLike | None) -> Decimal | None:
    return None if value is None else to_money(value, what="ClaimDecided.granted_amount")


def _is_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidClaimError(
            f"{type(instance).__name__}.{attribute.name} must be True or False, not "
            f"{type(value).__name__} {value!r}."
        )


@attrs.frozen
class InformationRequested:
    """Amazon's investigators asked for more information at ``at``; the seller must reply."""

    at: DateTime = attrs.field(converter=_event_at)


def _status_updated_at(value: InstantLike | None) -> DateTime | None:
    if value is None:
        return None
    return to_instant(value, what="SellerReplied.status_updated_at", error=InvalidClaimError)


@attrs.frozen
class SellerReplied:
    """The seller answered the latest request for information at ``at``.

    ``status_updated_at`` is when the claim's page showed the new status (Amazon: up to 24 hours
    after a reply, seed 003 §4), when the seller saw it; ``None`` while it is not known.
    """

    at: DateTime = attrs.field(converter=_event_at)
    status_updated_at: DateTime | None = attrs.field(
        default=None, converter=_status_updated_at, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        if self.status_updated_at is not None and exact(self.status_updated_at) < exact(self.at):
            raise InvalidClaimError(
                f"SellerReplied at {self.at}: status_updated_at {self.status_updated_at} is "
                "before the reply; the status changes only after it. Check both times."
            )


@attrs.frozen
class ClaimDecided:
    """Amazon resolved the claim (or its appeal) at ``at``: granted or not.

    ``granted_amount`` is what Amazon actually paid, when known; Amazon decides it, the library
    only records it (and never lets a denial carry one).
    """

    at: DateTime = attrs.field(converter=_event_at)
    outcome: ClaimOutcome = attrs.field(converter=_outcome)
    granted_amount: Decimal | None = attrs.field(default=None, converter=_granted_amount)

    def __attrs_post_init__(self) -> None:
        if self.outcome is ClaimOutcome.DENIED and self.granted_amount:
            raise InvalidClaimError(
                f"ClaimDecided at {self.at}: a denied claim pays nothing, but granted_amount is "
                f"{self.granted_amount}; use outcome=ClaimOutcome.GRANTED or drop the amount."
            )


@attrs.frozen
class ClaimAppealed:
    """The seller appealed the latest decision at ``at``.

    Amazon wants additional information or evidence with an appeal; ``new_evidence=False``
    records an appeal without it (reported, since repeats may be flagged as abuse).
    """

    at: DateTime = attrs.field(converter=_event_at)
    new_evidence: bool = attrs.field(default=True, validator=_is_bool)


def _clawed_amount(value: MoneyLike | None) -> Decimal | None:
    return None if value is None else to_money(value, what="ReimbursementClawedBack.amount")


@attrs.frozen
class ReimbursementClawedBack:
    """Amazon clawed back this claim's reimbursement at ``at`` (seed 003 §7: false or
    misleading statements may lead Amazon to "claw back all earlier reimbursements").

    ``amount`` is what Amazon took back, when known; it cannot exceed the amount granted. Only a
    granted claim can be clawed back, and the claim is final afterwards.
    """

    at: DateTime = attrs.field(converter=_event_at)
    amount: Decimal | None = attrs.field(default=None, converter=_clawed_amount)


ClaimEvent: TypeAlias = (
    InformationRequested | SellerReplied | ClaimDecided | ClaimAppealed | ReimbursementClawedBack
)
"""Anything that can happen to a filed claim."""

_EVENT_RANK: dict[type[ClaimEvent], int] = {
    InformationRequested: 0,
    SellerReplied: 1,
    ClaimDecided: 2,
    ClaimAppealed: 3,
    ReimbursementClawedBack: 4,
}


def _history(value: Iterable[ClaimEvent]) -> tuple[ClaimEvent, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidClaimError(
            f"SafeTClaim.history must be a sequence of claim events, not {type(value).__name__}."
        )
    events = tuple(value)
    for event in events:
        if type(event) not in _EVENT_RANK:
            raise InvalidClaimError(
                f"SafeTClaim.history holds {type(event).__name__} {event!r}; use "
                "InformationRequested, SellerReplied, ClaimDecided, ClaimAppealed or "
                "ReimbursementClawedBack."
            )
    # Sorted by instant, so the order the caller lists events in never matters.
    return tuple(sorted(events, key=lambda e: (exact(e.at), _EVENT_RANK[type(e)])))


def next_status(status: ClaimStatus, event: ClaimEvent) -> ClaimStatus:
    """The status after ``event``; raises :class:`InvalidClaimError` for an impossible step."""
    if status is ClaimStatus.CLAWED_BACK:
        raise InvalidClaimError(
            f"{type(event).__name__} at {event.at} follows a claw-back, which is final; a "
            "clawed-back claim has no further steps. Check the event times."
        )
    resolved = status in (ClaimStatus.RESOLVED_GRANTED, ClaimStatus.RESOLVED_DENIED)
    if isinstance(event, InformationRequested) and not resolved:
        return ClaimStatus.AWAITING_SELLER_RESPONSE
    if isinstance(event, SellerReplied) and status is ClaimStatus.AWAITING_SELLER_RESPONSE:
        return ClaimStatus.UNDER_INVESTIGATION
    if isinstance(event, ClaimDecided) and not resolved:
        if event.outcome is ClaimOutcome.GRANTED:
            return ClaimStatus.RESOLVED_GRANTED
        return ClaimStatus.RESOLVED_DENIED
    if isinstance(event, ClaimAppealed) and resolved:
        return ClaimStatus.UNDER_INVESTIGATION
    if isinstance(event, ReimbursementClawedBack) and status is ClaimStatus.RESOLVED_GRANTED:
        return ClaimStatus.CLAWED_BACK
    hints = {
        InformationRequested: "a request for information needs an open claim; record the "
        "appeal (ClaimAppealed) that reopened it first",
        SellerReplied: "a reply answers a request; record the InformationRequested before it",
        ClaimDecided: "the claim is already resolved; record the appeal (ClaimAppealed) that "
        "reopened it before the next decision",
        ClaimAppealed: "only a resolved claim can be appealed; record the decision "
        "(ClaimDecided) before the appeal",
        ReimbursementClawedBack: "only a granted reimbursement can be clawed back; record "
        "the grant (ClaimDecided with outcome granted) before the claw-back",
    }
    raise InvalidClaimError(
        f"{type(event).__name__} at {event.at} cannot follow status {status.value!r}: "
        f"{hints[type(event)]}."
    )


def final_status(history: Iterable[ClaimEvent]) -> ClaimStatus:
    """The status after replaying ``history`` (sorted) from a freshly filed claim."""
    status = ClaimStatus.UNDER_INVESTIGATION
    for event in history:
        status = next_status(status, event)
    return status


# --- the claim ------------------------------------------------------------------------------

E = TypeVar("E", bound=enum.Enum)


def _enum(cls: type[E], value: object, what: str) -> E:
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        by_value = {m.value: m for m in cls}
        key = value.strip().lower()
        if key in by_value:
            return by_value[key]
        raise InvalidClaimError(
            f"{what} {value!r} is not a {cls.__name__}; use one of "
            f"{', '.join(sorted(by_value))}.{close_matches(key, by_value)}"
        )
    raise InvalidClaimError(
        f"{what} must be a {cls.__name__} (or its value as a str), not "
        f"{type(value).__name__} {value!r}."
    )


def _reason(value: ClaimReason | str) -> ClaimReason:
    return _enum(ClaimReason, value, "SafeTClaim.reason")


def _refunded_by(value: RefundIssuer | str) -> RefundIssuer:
    return _enum(RefundIssuer, value, "SafeTClaim.refunded_by")


def _fulfillment(value: Fulfillment | str) -> Fulfillment:
    return _enum(Fulfillment, value, "SafeTClaim.fulfillment")


def _refund_amount(value: MoneyLike) -> Decimal:
    return to_money(value, what="SafeTClaim.refund_amount")


def _order_value(value: MoneyLike) -> Decimal:
    return to_money(value, what="SafeTClaim.order_value")


def _referral_fee(value: MoneyLike) -> Decimal:
    return to_money(value, what="SafeTClaim.referral_fee")


def _outbound_label_cost(value: MoneyLike) -> Decimal:
    return to_money(value, what="SafeTClaim.outbound_label_cost")


def _refund_charged_at(value: InstantLike) -> DateTime:
    return to_instant(value, what="SafeTClaim.refund_charged_at", error=InvalidClaimError)


def _filed_at(value: InstantLike) -> DateTime:
    return to_instant(value, what="SafeTClaim.filed_at", error=InvalidClaimError)


def _return_delivered_at(value: InstantLike | None) -> DateTime | None:
    if value is None:
        return None
    return to_instant(value, what="SafeTClaim.return_delivered_at", error=InvalidClaimError)


def _currency(value: str) -> str:
    if not isinstance(value, str) or not (len(value.strip()) == 3 and value.strip().isalpha()):
        raise InvalidClaimError(
            f"SafeTClaim.currency must be a three-letter ISO 4217 code such as 'EUR', not "
            f"{value!r}."
        )
    return value.strip().upper()


def _order_id(instance: SafeTClaim, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidClaimError(
            f"SafeTClaim.order_id must be the non-empty Amazon order id (e.g. "
            f"'302-1234567-1234567'), not {value!r}."
        )


def _quantity(instance: SafeTClaim, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidClaimError(
            f"SafeTClaim.quantity must be a whole number of units, at least 1, not {value!r}."
        )


@attrs.frozen
class SafeTClaim:
    """A SAFE-T claim for a refund Amazon charged to the seller, with what happened to it since.

    Amounts are in ``currency`` (the marketplace's; checked by the policy). ``refund_amount`` is
    what was charged to the seller for the refund, ``order_value`` what the buyer paid for the
    ``quantity`` units. ``referral_fee`` and ``outbound_label_cost`` are parts of the claimed
    amount that SAFE-T does not reimburse; they are taken out of the maximum. ``history`` holds
    the investigation's events in any order. ``filed_by_registered_user`` is false when someone
    not on the seller account's list of registered users filed it (Amazon.de does not process
    such claims, seed 003 §3).
    """

    order_id: str = attrs.field(validator=_order_id)
    reason: ClaimReason = attrs.field(converter=_reason)
    refund_amount: Decimal = attrs.field(converter=_refund_amount)
    order_value: Decimal = attrs.field(converter=_order_value)
    currency: str = attrs.field(converter=_currency)
    refund_charged_at: DateTime = attrs.field(converter=_refund_charged_at)
    filed_at: DateTime = attrs.field(converter=_filed_at)
    refunded_by: RefundIssuer = attrs.field(default=RefundIssuer.AMAZON, converter=_refunded_by)
    fulfillment: Fulfillment = attrs.field(default=Fulfillment.MERCHANT, converter=_fulfillment)
    quantity: int = attrs.field(default=1, validator=_quantity)
    chargeback: bool = attrs.field(default=False, validator=_is_bool)
    a_to_z_claim: bool = attrs.field(default=False, validator=_is_bool)
    return_rejected_by_seller: bool = attrs.field(default=False, validator=_is_bool)
    lost_or_damaged_in_transit: bool = attrs.field(default=False, validator=_is_bool)
    valid_return_authorization: bool = attrs.field(default=False, validator=_is_bool)
    category_apparel_shoes_bags: bool = attrs.field(default=False, validator=_is_bool, kw_only=True)
    referral_fee: Decimal = attrs.field(default=Decimal(0), converter=_referral_fee, kw_only=True)
    outbound_label_cost: Decimal = attrs.field(
        default=Decimal(0), converter=_outbound_label_cost, kw_only=True
    )
    return_delivered_at: DateTime | None = attrs.field(
        default=None, converter=_return_delivered_at, kw_only=True
    )
    history: tuple[ClaimEvent, ...] = attrs.field(default=(), converter=_history, kw_only=True)
    filed_by_registered_user: bool = attrs.field(default=True, validator=_is_bool, kw_only=True)

    def __attrs_post_init__(self) -> None:
        who = f"SafeTClaim {self.order_id!r}"
        if self.refund_amount == 0:
            raise InvalidClaimError(
                f"{who}: refund_amount is 0, so there is nothing to reimburse; pass the amount "
                "the refund charged to your account."
            )
        if self.refund_amount > self.order_value:
            raise InvalidClaimError(
                f"{who}: refund_amount {self.refund_amount} is larger than order_value "
                f"{self.order_value}; a refund cannot exceed what the buyer paid. Check both "
                "amounts against the order and the settlement report."
            )
        with money_context():
            parts = self.referral_fee + self.outbound_label_cost
        if parts > self.refund_amount:
            raise InvalidClaimError(
                f"{who}: referral_fee {self.referral_fee} plus outbound_label_cost "
                f"{self.outbound_label_cost} exceed refund_amount {self.refund_amount}; they "
                "are parts of the claimed amount, so their sum cannot exceed it."
            )
        if exact(self.filed_at) < exact(self.refund_charged_at):
            raise InvalidClaimError(
                f"{who}: filed_at {self.filed_at} is before the refund was charged "
                f"({self.refund_charged_at}); a claim can only be filed for a refund already "
                "charged to your account."
            )
        for event in self.history:
            if exact(event.at) < exact(self.filed_at):
                raise InvalidClaimError(
                    f"{who}: {type(event).__name__} at {event.at} is before the claim was "
                    f"filed ({self.filed_at}); check the event times."
                )
        final_status(self.history)  # raises on an impossible sequence of events
        granted: Decimal | None = None
        for event in self.history:
            if isinstance(event, ClaimDecided):
                granted = event.granted_amount
            elif (
                isinstance(event, ReimbursementClawedBack)
                and event.amount is not None
                and granted is not None
                and event.amount > granted
            ):
                raise InvalidClaimError(
                    f"{who}: the claw-back at {event.at} takes back {event.amount}, more than "
                    f"the {granted} granted; Amazon claws back reimbursements it paid, so pass "
                    "at most the granted amount."
                )

    @property
    def status(self) -> ClaimStatus:
        """Where the claim stands after its history (just filed: under investigation)."""
        return final_status(self.history)


# --- the account's standing ----------------------------------------------------------------


class AbuseKind(enum.Enum):
    """What Amazon found against the seller account (seed 003 §7)."""

    SAFE_T_ABUSE = "safe_t_abuse"
    """Abuse of SAFE-T or of the reimbursement policy (e.g. repeated appeals without new
    information)."""
    MISREPRESENTATION = "misrepresentation"
    """False or misleading statements in a claim (by filing, the seller confirms it is true)."""


def _abuse_kind(value: AbuseKind | str) -> AbuseKind:
    return _enum(AbuseKind, value, "AbuseFinding.kind")


def _finding_at(value: InstantLike) -> DateTime:
    return to_instant(value, what="AbuseFinding.at", error=InvalidClaimError)


def _lifted_at(value: InstantLike | None) -> DateTime | None:
    if value is None:
        return None
    return to_instant(value, what="AbuseFinding.lifted_at", error=InvalidClaimError)


@attrs.frozen
class AbuseFinding:
    """Amazon found abuse or misrepresentation on the seller account at ``at``.

    Seed 003 §7: such a finding can lead to the suspension or termination of the account and to
    the claw-back of all earlier reimbursements. It is a fact about the account, not about one
    claim: pass it to :meth:`ClaimPolicy.assess` (``findings=``) and
    :meth:`ClaimPolicy.clawback`. ``lifted_at`` is when Amazon reinstated the account, if it
    did; the page gives no end, so ``None`` means the suspension still stands.
    """

    at: DateTime = attrs.field(converter=_finding_at)
    kind: AbuseKind = attrs.field(default=AbuseKind.MISREPRESENTATION, converter=_abuse_kind)
    lifted_at: DateTime | None = attrs.field(default=None, converter=_lifted_at, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.lifted_at is not None and exact(self.lifted_at) <= exact(self.at):
            raise InvalidClaimError(
                f"AbuseFinding at {self.at}: lifted_at {self.lifted_at} is not after the "
                "finding; a suspension is lifted after it starts. Check both times."
            )

    def suspends(self, instant: DateTime) -> bool:
        """Whether the suspension this finding brought is in force at ``instant``."""
        t = exact(instant)
        return exact(self.at) <= t and (self.lifted_at is None or t < exact(self.lifted_at))
