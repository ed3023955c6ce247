"""penalties: marketplace seller penalty systems as pure, immutable Python objects.

Give a policy an account's events and an instant; get back points per ledger, active sanctions
and their causes, what lapses next, and what one more violation would do.
"""

from __future__ import annotations

from penalties.appeals import Advice, InvalidPlanError, PlanOfAction
from penalties.errors import (
    InvalidClaimError,
    InvalidEventError,
    PenaltiesError,
    PenaltiesWarning,
    PointsMismatchWarning,
    PolicyDefinitionError,
    UnknownPolicyError,
    UnknownViolationKindError,
    UnsupportedLocaleError,
)
from penalties.events import Appeal, AppealOutcome, Event, Violation
from penalties.policy import Policy, get_policy, list_policies, register_policy
from penalties.results import (
    AppealState,
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

__version__ = "0.1.0.dev0"

__all__ = [
    "Advice",
    "Appeal",
    "AppealOutcome",
    "AppealState",
    "Assumption",
    "BalanceChange",
    "CalendarReset",
    "CarryOver",
    "Contribution",
    "DailyCap",
    "DatedResetCalendar",
    "Event",
    "ExpiresAfter",
    "Expiry",
    "InvalidClaimError",
    "InvalidEventError",
    "InvalidPlanError",
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
    "QuarterlyReset",
    "Sanction",
    "SanctionKind",
    "SanctionSpec",
    "Schedule",
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
    "YearlyReset",
    "__version__",
    "get_policy",
    "list_policies",
    "register_policy",
]
