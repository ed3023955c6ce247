"""Events: what happened to an account (violations booked, appeals filed and decided).

Events are immutable values. Each validates itself on construction, so a malformed record fails
where it is made, with a message that says how to fix it, not deep inside an evaluation.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs
from pendulum import DateTime

from penalties._time import exact, fold_safe, instant_eq, to_instant
from penalties.errors import InvalidEventError

if TYPE_CHECKING:
    from penalties.appeals import PlanOfAction

__all__ = [
    "Appeal",
    "AppealOutcome",
    "Event",
    "ExamPassed",
    "FundsDecision",
    "FundsOutcome",
    "Revocation",
    "RevocationReason",
    "Violation",
]


def _at(value: Any) -> DateTime:
    return to_instant(value, what="Violation.at")


def _occurred_at(value: Any) -> DateTime | None:
    return None if value is None else to_instant(value, what="Violation.occurred_at")


def _filed_at(value: Any) -> DateTime:
    return to_instant(value, what="Appeal.filed_at")


def _decided_at(value: Any) -> DateTime | None:
    return None if value is None else to_instant(value, what="Appeal.decided_at")


MAX_POINTS = 10**12
"""The largest deduction one event may state: far beyond any platform's scale (AliExpress closes
at 48, Amazon's score spans 1,000), and small enough that every balance stays exact in the
engine's 64-bit columns."""


def _check_points(what: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidEventError(
            f"{what} must be a whole number of points (int), not {type(value).__name__} "
            f"{value!r}; write e.g. points=12."
        )
    if value < 0:
        raise InvalidEventError(
            f"{what} is {value}, but points are never negative; state the deduction as a "
            "positive number (e.g. points=12)."
        )
    if value > MAX_POINTS:
        raise InvalidEventError(
            f"{what} is {value}, more than the {MAX_POINTS:,} points any event may state; "
            "check the value (a platform's notice states a handful of points)."
        )


def _check_text(what: str, value: str) -> None:
    """Refuse text holding a lone surrogate (``"\\ud800"``): no file or document can write it
    back (UTF-8 cannot encode it), so it is bad input however it arrived."""
    if value.isascii():
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidEventError(
            f"{what} holds a lone surrogate (U+{ord(value[exc.start]):04X} at position "
            f"{exc.start}), which is not text any file can hold; decode the source with its "
            "real encoding (not errors='surrogateescape') and pass the text it holds."
        ) from None


def _check_id(what: str, value: object) -> None:
    if not isinstance(value, str):
        raise InvalidEventError(f"{what} must be a str, not {type(value).__name__} {value!r}.")
    _check_text(what, value)
    if not value.strip():
        raise InvalidEventError(
            f"{what} is empty; give every violation a non-blank id that is unique within the "
            "account's events (the platform's record id works well)."
        )


@fold_safe
@attrs.frozen(weakref_slot=False)
class Violation:
    """A penalty the platform applied: a violation of ``kind`` booked at ``at``.

    ``at`` is when the platform applied the penalty (points count from here); ``points`` is the
    deduction the platform's notice states, authoritative when given (otherwise the policy
    computes it from ``kind``, ``severity`` and the date). ``rights_holder`` names who
    complained, for rules that merge complaints per rights holder (Taobao IP).
    """

    id: str
    kind: str
    at: DateTime = attrs.field(converter=_at, eq=instant_eq)
    severity: str | None = None
    points: int | None = None
    occurred_at: DateTime | None = attrs.field(default=None, converter=_occurred_at, eq=instant_eq)
    reference: str | None = None
    note: str = ""
    rights_holder: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_id("Violation.id", self.id)
        if not isinstance(self.kind, str) or not self.kind.strip():
            raise InvalidEventError(
                f"Violation {self.id!r}: kind must be a non-empty str naming a kind of the "
                f"policy's catalogue (e.g. 'unfair_competition'), not {self.kind!r}."
            )
        _check_text(f"Violation {self.id!r}: kind", self.kind)
        if self.severity is not None and (
            not isinstance(self.severity, str) or not self.severity.strip()
        ):
            raise InvalidEventError(
                f"Violation {self.id!r}: severity must be None or a non-empty str "
                f"(e.g. 'general'), not {self.severity!r}."
            )
        if self.severity is not None:
            _check_text(f"Violation {self.id!r}: severity", self.severity)
        _check_points(f"Violation {self.id!r}: points", self.points)
        if self.occurred_at is not None and exact(self.occurred_at) > exact(self.at):
            raise InvalidEventError(
                f"Violation {self.id!r}: occurred_at {self.occurred_at} is after the penalty "
                f"was applied ({self.at}); behaviour must happen before it is penalised."
            )
        if self.reference is not None and not isinstance(self.reference, str):
            raise InvalidEventError(
                f"Violation {self.id!r}: reference must be a str or None, not "
                f"{type(self.reference).__name__}."
            )
        if self.reference is not None:
            _check_text(f"Violation {self.id!r}: reference", self.reference)
        if not isinstance(self.note, str):
            raise InvalidEventError(f"Violation {self.id!r}: note must be a str.")
        _check_text(f"Violation {self.id!r}: note", self.note)
        if self.rights_holder is not None and (
            not isinstance(self.rights_holder, str) or not self.rights_holder.strip()
        ):
            raise InvalidEventError(
                f"Violation {self.id!r}: rights_holder must be None or a non-empty str naming "
                f"who complained (e.g. 'Brand Co.'), not {self.rights_holder!r}."
            )
        if self.rights_holder is not None:
            _check_text(f"Violation {self.id!r}: rights_holder", self.rights_holder)


class AppealOutcome(enum.Enum):
    """Where an appeal stands: pending, or decided one of three ways."""

    PENDING = "pending"
    GRANTED = "granted"
    """The penalty is revoked at the decision instant."""
    DENIED = "denied"
    """The penalty stands."""
    REDUCED = "reduced"
    """The penalty's points become ``points_after`` at the decision instant."""


def _outcome(value: Any) -> AppealOutcome:
    if isinstance(value, AppealOutcome):
        return value
    try:
        return AppealOutcome(value)
    except ValueError:
        choices = ", ".join(o.value for o in AppealOutcome)
        raise InvalidEventError(f"Appeal outcome {value!r} is not one of: {choices}.") from None


@fold_safe
@attrs.frozen(weakref_slot=False)
class Appeal:
    """A seller's appeal against the violation ``violation_id``, filed and perhaps decided."""

    violation_id: str
    filed_at: DateTime = attrs.field(converter=_filed_at, eq=instant_eq)
    decided_at: DateTime | None = attrs.field(default=None, converter=_decided_at, eq=instant_eq)
    outcome: AppealOutcome = attrs.field(default=AppealOutcome.PENDING, converter=_outcome)
    points_after: int | None = None
    plan: PlanOfAction | None = None

    @property
    def at(self) -> DateTime:
        """The instant the appeal last changed the account: its decision, or its filing."""
        return self.decided_at if self.decided_at is not None else self.filed_at

    def __attrs_post_init__(self) -> None:
        _check_id("Appeal.violation_id", self.violation_id)
        who = f"Appeal against {self.violation_id!r}"
        _check_points(f"{who}: points_after", self.points_after)
        if self.outcome is AppealOutcome.PENDING:
            if self.decided_at is not None:
                raise InvalidEventError(
                    f"{who} has decided_at {self.decided_at} but outcome PENDING; give the "
                    "outcome it was decided with (GRANTED, DENIED or REDUCED)."
                )
        elif self.decided_at is None:
            raise InvalidEventError(
                f"{who} has outcome {self.outcome.name} but no decided_at; say when the "
                "platform decided it."
            )
        if self.decided_at is not None and exact(self.decided_at) < exact(self.filed_at):
            raise InvalidEventError(
                f"{who} was decided at {self.decided_at}, before it was filed at "
                f"{self.filed_at}; check the two instants and their offsets."
            )
        if self.outcome is AppealOutcome.REDUCED and self.points_after is None:
            raise InvalidEventError(
                f"{who} is REDUCED but has no points_after; state the points that remain "
                "after the decision (e.g. points_after=3)."
            )
        if self.outcome is not AppealOutcome.REDUCED and self.points_after is not None:
            raise InvalidEventError(
                f"{who} has points_after={self.points_after} but outcome "
                f"{self.outcome.name}; points_after only goes with AppealOutcome.REDUCED."
            )


class RevocationReason(enum.Enum):
    """Why a penalty was withdrawn without an appeal decision."""

    RETRACTED = "retracted"
    """The complainant (an IP rights owner) withdrew the complaint."""
    RESOLVED = "resolved"
    """The seller resolved the violation where the platform lets them (Amazon's Account Health
    page), which restores its points."""
    REVERSED = "reversed"
    """The platform reversed the penalty on its own."""


def _reason(value: Any) -> RevocationReason:
    if isinstance(value, RevocationReason):
        return value
    try:
        return RevocationReason(value)
    except ValueError:
        choices = ", ".join(o.value for o in RevocationReason)
        raise InvalidEventError(f"Revocation reason {value!r} is not one of: {choices}.") from None


def _revoked_at(value: Any) -> DateTime:
    return to_instant(value, what="Revocation.at")


@fold_safe
@attrs.frozen(weakref_slot=False)
class Revocation:
    """The penalty ``violation_id`` withdrawn at ``at``: a rights owner's retraction, a violation
    resolved on the platform, or a reversal. Like a granted appeal, it gives the points back
    and lifts the sanctions the violation applied directly."""

    violation_id: str
    at: DateTime = attrs.field(converter=_revoked_at, eq=instant_eq)
    reason: RevocationReason = attrs.field(default=RevocationReason.RETRACTED, converter=_reason)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        _check_id("Revocation.violation_id", self.violation_id)
        if not isinstance(self.note, str):
            raise InvalidEventError(f"Revocation of {self.violation_id!r}: note must be a str.")
        _check_text(f"Revocation of {self.violation_id!r}: note", self.note)


class FundsOutcome(enum.Enum):
    """What the platform did with funds it held."""

    RELEASED = "released"
    """The hold ends; the balance is paid out on the settlement schedule."""
    WITHHELD = "withheld"
    """The funds are withheld for good (fraud, counterfeits, review abuse): terminal."""


def _funds_outcome(value: Any) -> FundsOutcome:
    if isinstance(value, FundsOutcome):
        return value
    try:
        return FundsOutcome(value)
    except ValueError:
        choices = ", ".join(o.value for o in FundsOutcome)
        raise InvalidEventError(f"Funds outcome {value!r} is not one of: {choices}.") from None


def _funds_at(value: Any) -> DateTime:
    return to_instant(value, what="FundsDecision.at")


@fold_safe
@attrs.frozen(weakref_slot=False)
class FundsDecision:
    """The platform released or permanently withheld held funds at ``at``.

    ``violation_id`` names the violation whose funds hold it ends; ``None`` means every funds
    hold running at ``at``.
    """

    at: DateTime = attrs.field(converter=_funds_at, eq=instant_eq)
    outcome: FundsOutcome = attrs.field(converter=_funds_outcome)
    violation_id: str | None = None
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.violation_id is not None:
            _check_id("FundsDecision.violation_id", self.violation_id)
        if not isinstance(self.note, str):
            raise InvalidEventError("FundsDecision.note must be a str.")
        _check_text("FundsDecision.note", self.note)


def _exam_at(value: Any) -> DateTime:
    return to_instant(value, what="ExamPassed.at")


@fold_safe
@attrs.frozen(weakref_slot=False)
class ExamPassed:
    """The seller passed the platform's rules exam at ``at`` (Taobao and Tmall 考试).

    On a ledger with ``exam_required`` a node penalty ends only when its term has passed and
    the exam is passed: this event ends the node penalties then running whose term is over, and
    lets those still in their term end when it passes. A node reached after ``at`` waits for
    the next exam.
    """

    at: DateTime = attrs.field(converter=_exam_at, eq=instant_eq)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.note, str):
            raise InvalidEventError("ExamPassed.note must be a str.")
        _check_text("ExamPassed.note", self.note)


Event: TypeAlias = Violation | Appeal | Revocation | FundsDecision | ExamPassed
"""Any event of an account history."""

EVENT_TYPES: tuple[type, ...] = (Violation, Appeal, Revocation, FundsDecision, ExamPassed)
"""Every event class, for isinstance checks."""
