"""penalties: marketplace seller penalty systems as pure, immutable Python objects.

Give a policy an account's events and an instant; get back points per ledger, active sanctions
and their causes, what lapses next, and what one more violation would do.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# First: importing _build applies PENALTIES_PURE_PYTHON before anything imports a compiled module.
from penalties import _build
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
    ExamPassed,
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
    from penalties.alerts import Alert, AlertCode, claim_alerts
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
    from penalties.forecast import AppealImpact, Headroom
    from penalties.ical import Deadline, deadline_calendar, deadlines
    from penalties.io.mapping import ColumnMapping, InvalidMappingError, load_mapping, loads_mapping

# The appeal letter and the claims modules load on first use: most users evaluate penalties
# only, and those two (regular expressions, the claim markets) are a third of the import time.
_LAZY = {
    "Alert": "penalties.alerts",
    "AlertCode": "penalties.alerts",
    "claim_alerts": "penalties.alerts",
    "AppealImpact": "penalties.forecast",
    "Headroom": "penalties.forecast",
    "Deadline": "penalties.ical",
    "deadline_calendar": "penalties.ical",
    "deadlines": "penalties.ical",
    "ColumnMapping": "penalties.io.mapping",
    "InvalidMappingError": "penalties.io.mapping",
    "load_mapping": "penalties.io.mapping",
    "loads_mapping": "penalties.io.mapping",
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


if TYPE_CHECKING:
    __version__: str

COMPILED: bool = _build.compiled()
"""True when the mypyc-compiled core runs; False for the pure-Python build.

The pure build runs from a source checkout, from the pure wheel (built where there is no C
compiler), and wherever ``PENALTIES_PURE_PYTHON=1`` is set before ``import penalties``. Both
give the same results; see "Two builds" in the explanation of the engine.
"""


def _installed_version() -> str:
    """The version pyproject.toml gives, as installed (the one place it is written)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("penalties")
    except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value = globals()["__version__"] = _installed_version()
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'penalties' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "COMPILED",
    "Advice",
    "Alert",
    "AlertCode",
    "Appeal",
    "AppealImpact",
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
    "ColumnMapping",
    "Contribution",
    "DailyCap",
    "DatedResetCalendar",
    "Deadline",
    "Event",
    "ExamPassed",
    "ExpiresAfter",
    "Expiry",
    "FilingAnchor",
    "FilingRule",
    "Fulfillment",
    "FundsDecision",
    "FundsOutcome",
    "Headroom",
    "InformationRequested",
    "InvalidChartError",
    "InvalidClaimError",
    "InvalidDocumentError",
    "InvalidEventError",
    "InvalidEventFileError",
    "InvalidMappingError",
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
    "claim_alerts",
    "deadline_calendar",
    "deadlines",
    "get_claim_policy",
    "get_policy",
    "list_claim_markets",
    "list_claim_policies",
    "list_markets",
    "list_policies",
    "load_mapping",
    "loads_mapping",
    "register_policy",
]

# Hypothesis' entry point registers strategies only for the types already loaded; these are
# loaded now, so register them if Hypothesis came first (penalties._hypothesis_hook).
from penalties import _hypothesis_hook  # noqa: E402

_hypothesis_hook.register_loaded()
