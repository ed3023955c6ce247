"""penalties: marketplace seller penalty systems as pure, immutable Python objects.

Give a policy an account's events and an instant; get back points per ledger, active sanctions
and their causes, what lapses next, and what one more violation would do.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from penalties.errors import (
    AppealLimitWarning,
    AppealNotAllowedError,
    AppealUnavailableWarning,
    AppealWarning,
    InvalidChartError,
    InvalidClaimError,
    InvalidDocumentError,
    InvalidEventError,
    InvalidEventFileError,
    InvalidPayloadError,
    InvalidPolicyFileError,
    LateAppealWarning,
    PenaltiesError,
    PenaltiesWarning,
    PointsMismatchWarning,
    PolicyDefinitionError,
    UnknownPolicyError,
    UnknownViolationKindError,
    UnsupportedLocaleError,
)
from penalties.events import (
    Appeal,
    AppealOutcome,
    Event,
    FundsDecision,
    FundsOutcome,
    Revocation,
    RevocationReason,
    Violation,
)
from penalties.policy import Policy, get_policy, list_markets, list_policies, register_policy
from penalties.results import (
    AppealState,
    AppealWindow,
    BalanceChange,
    Contribution,
    Expiry,
    MissingExtraError,
    NextThreshold,
    Sanction,
    Standing,
    Status,
    Timeline,
    WhatIf,
)
from penalties.rules import (
    Assumption,
    CalendarReset,
    CarryOver,
    DailyCap,
    DatedResetCalendar,
    ExpiresAfter,
    Ledger,
    MergeWindow,
    Never,
    QuarterlyReset,
    SanctionKind,
    SanctionSpec,
    Schedule,
    Severity,
    Stacking,
    StackingMode,
    Threshold,
    Unit,
    ViolationKind,
    YearlyReset,
)

if TYPE_CHECKING:
    from penalties.appeals import Advice, InvalidPlanError, PlanOfAction
    from penalties.claims import (
        Assessment,
        ClaimAppealed,
        ClaimDecided,
        ClaimOutcome,
        ClaimPolicy,
        ClaimReason,
        ClaimStatus,
        FilingAnchor,
        FilingRule,
        Fulfillment,
        InformationRequested,
        Problem,
        ProblemCode,
        RefundIssuer,
        SafeTClaim,
        SellerReplied,
        Window,
        get_claim_policy,
        list_claim_markets,
        list_claim_policies,
    )

# The appeal letter and the claims modules load on first use: most users evaluate penalties
# only, and those two (regular expressions, the claim markets) are a third of the import time.
_LAZY = {
    "Advice": "penalties.appeals",
    "InvalidPlanError": "penalties.appeals",
    "PlanOfAction": "penalties.appeals",
    "Assessment": "penalties.claims",
    "ClaimAppealed": "penalties.claims",
    "ClaimDecided": "penalties.claims",
    "ClaimOutcome": "penalties.claims",
    "ClaimPolicy": "penalties.claims",
    "ClaimReason": "penalties.claims",
    "ClaimStatus": "penalties.claims",
    "FilingAnchor": "penalties.claims",
    "FilingRule": "penalties.claims",
    "Fulfillment": "penalties.claims",
    "InformationRequested": "penalties.claims",
    "Problem": "penalties.claims",
    "ProblemCode": "penalties.claims",
    "RefundIssuer": "penalties.claims",
    "SafeTClaim": "penalties.claims",
    "SellerReplied": "penalties.claims",
    "Window": "penalties.claims",
    "get_claim_policy": "penalties.claims",
    "list_claim_markets": "penalties.claims",
    "list_claim_policies": "penalties.claims",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'penalties' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "0.1.0.dev0"

__all__ = [
    "Advice",
    "Appeal",
    "AppealLimitWarning",
    "AppealNotAllowedError",
    "AppealOutcome",
    "AppealState",
    "AppealUnavailableWarning",
    "AppealWarning",
    "AppealWindow",
    "Assessment",
    "Assumption",
    "BalanceChange",
    "CalendarReset",
    "CarryOver",
    "ClaimAppealed",
    "ClaimDecided",
    "ClaimOutcome",
    "ClaimPolicy",
    "ClaimReason",
    "ClaimStatus",
    "Contribution",
    "DailyCap",
    "DatedResetCalendar",
    "Event",
    "ExpiresAfter",
    "Expiry",
    "FilingAnchor",
    "FilingRule",
    "Fulfillment",
    "FundsDecision",
    "FundsOutcome",
    "InformationRequested",
    "InvalidChartError",
    "InvalidClaimError",
    "InvalidDocumentError",
    "InvalidEventError",
    "InvalidEventFileError",
    "InvalidPayloadError",
    "InvalidPlanError",
    "InvalidPolicyFileError",
    "LateAppealWarning",
    "Ledger",
    "MergeWindow",
    "MissingExtraError",
    "Never",
    "NextThreshold",
    "PenaltiesError",
    "PenaltiesWarning",
    "PlanOfAction",
    "PointsMismatchWarning",
    "Policy",
    "PolicyDefinitionError",
    "Problem",
    "ProblemCode",
    "QuarterlyReset",
    "RefundIssuer",
    "Revocation",
    "RevocationReason",
    "SafeTClaim",
    "Sanction",
    "SanctionKind",
    "SanctionSpec",
    "Schedule",
    "SellerReplied",
    "Severity",
    "Stacking",
    "StackingMode",
    "Standing",
    "Status",
    "Threshold",
    "Timeline",
    "Unit",
    "UnknownPolicyError",
    "UnknownViolationKindError",
    "UnsupportedLocaleError",
    "Violation",
    "ViolationKind",
    "WhatIf",
    "Window",
    "YearlyReset",
    "__version__",
    "get_claim_policy",
    "get_policy",
    "list_claim_markets",
    "list_claim_policies",
    "list_markets",
    "list_policies",
    "register_policy",
]
