"""Amazon SAFE-T reimbursement claims under the "Customer Service by Amazon" (CSBA) policy.

When Amazon's customer service refunds a buyer for a seller-fulfilled order and charges the
seller, the seller may claim the money back through SAFE-T (Seller Assurance for E-commerce
Transactions). A claim is not a penalty: it is a request with an eligibility gate, a filing
window, caps, an investigation and one appeal. :func:`get_claim_policy` gives a marketplace's
rules; :meth:`ClaimPolicy.assess` checks a :class:`SafeTClaim` and reports every problem at once.

    >>> from penalties.claims import ClaimReason, SafeTClaim, get_claim_policy
    >>> policy = get_claim_policy("amazon_csba", market="DE")
    >>> claim = SafeTClaim("302-1234567-1234567", ClaimReason.NOT_RETURNED, "49.90", "49.90",
    ...                    "EUR", "2024-02-01T10:00:00+01:00", "2024-02-20T09:00:00+01:00")
    >>> result = policy.assess(claim)
    >>> result.eligible, result.max_reimbursement, result.file_by.isoformat()
    (True, Decimal('49.90'), '2024-04-01T10:00:00+02:00')
"""

from __future__ import annotations

from penalties.claims.markets import (
    amazon_csba_ae,
    amazon_csba_de,
    amazon_csba_jp,
    amazon_csba_sa,
    amazon_csba_us,
    get_claim_policy,
    list_claim_markets,
    list_claim_policies,
)
from penalties.claims.model import (
    AbuseFinding,
    AbuseKind,
    ClaimAppealed,
    ClaimDecided,
    ClaimEvent,
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
)
from penalties.claims.policy import (
    Assessment,
    ClaimPolicy,
    Clawback,
    FilingAnchor,
    FilingRule,
    Window,
)

__all__ = [
    "AbuseFinding",
    "AbuseKind",
    "Assessment",
    "ClaimAppealed",
    "ClaimDecided",
    "ClaimEvent",
    "ClaimOutcome",
    "ClaimPolicy",
    "ClaimReason",
    "ClaimStatus",
    "Clawback",
    "FilingAnchor",
    "FilingRule",
    "Fulfillment",
    "InformationRequested",
    "Problem",
    "ProblemCode",
    "RefundIssuer",
    "ReimbursementClawedBack",
    "SafeTClaim",
    "SellerReplied",
    "Window",
    "amazon_csba_ae",
    "amazon_csba_de",
    "amazon_csba_jp",
    "amazon_csba_sa",
    "amazon_csba_us",
    "get_claim_policy",
    "list_claim_markets",
    "list_claim_policies",
]

# SafeTClaim's Hypothesis strategy, if Hypothesis was imported first (penalties._hypothesis_hook).
from penalties import _hypothesis_hook

_hypothesis_hook.register_loaded()
