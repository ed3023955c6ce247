"""Forecasts read off the engine: when an account is clean again (:func:`clean_at`), how many
more violations of each kind it can take before the next sanction (:func:`headroom`), several
what-ifs against one base (:func:`what_if_each`) and which appeal to write first
(:func:`appeal_priorities`).

Every answer comes from replaying events through the one engine (:meth:`Policy.evaluate`):
"if nothing new happens" is the events known at the standing's instant, replayed to the end of
their expiries and resets; "one more violation" is that history with hypothetical violations
added. Nothing here knows a platform.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, cast

import attrs
from immutabledict import immutabledict
from pendulum import DateTime

from penalties._time import InstantLike, exact, fold_safe, instant_eq, to_instant, zone
from penalties.errors import (
    AppealWarning,
    InvalidEventError,
    PenaltiesError,
    PointsMismatchWarning,
)
from penalties.events import (
    EVENT_TYPES,
    Appeal,
    AppealOutcome,
    Event,
    ExamPassed,
    FundsDecision,
    Revocation,
    Violation,
)
from penalties.results import Sanction, Standing, Status, Timeline, WhatIf

if TYPE_CHECKING:
    from penalties.policy import Policy

__all__ = [
    "AppealImpact",
    "Headroom",
    "appeal_priorities",
    "clean_at",
    "headroom",
    "known_events",
    "what_if_each",
]

_MAX_PROBES = 10_000
"""The most hypothetical violations :func:`headroom` tries before it answers ``None``."""


@fold_safe
@attrs.frozen
class Headroom:
    """How many more violations of one kind (and severity), all penalised at the standing's
    instant, the account takes before a new sanction, and which sanction that is.

    ``violations`` counts the one that triggers it (1: the next such violation does); ``None``
    when no number of them would (no threshold and no direct sanction, or a counting rule such
    as a daily cap or a merge window keeps them from adding up at this instant). ``points`` is
    the deduction each states under the policy on that day; ``sanctions`` what the
    ``violations``-th applies (empty when ``violations`` is ``None``).
    """

    ledger: str
    kind: str
    severity: str | None
    points: int
    violations: int | None
    sanctions: tuple[Sanction, ...]

    @property
    def safe(self) -> int | None:
        """How many such violations the account absorbs without a new sanction (``None``: any
        number at this instant)."""
        return None if self.violations is None else self.violations - 1


@attrs.frozen
class AppealImpact:
    """What a granted appeal on one penalty would change at an instant (see
    :func:`appeal_priorities`): ``pending`` tells an appeal already filed from a penalty whose
    appeal window is still open."""

    violation_id: str
    pending: bool
    deadline: DateTime | None = attrs.field(eq=instant_eq)
    status_before: Status
    status_after: Status
    points_removed: int
    sanctions_lifted: tuple[Sanction, ...]
    what_if: WhatIf = attrs.field(repr=False, eq=False)

    @property
    def rank(self) -> tuple[int, int, int]:
        """The sort key, largest first: status levels gained, sanctions lifted, points removed."""
        return (
            int(self.status_before) - int(self.status_after),
            len(self.sanctions_lifted),
            self.points_removed,
        )


# --------------------------------------------------------------------------- known events


def known_events(events: Iterable[Event], at: InstantLike) -> tuple[Event, ...]:
    """The events as known at ``at``: everything that happened by then, with appeals decided
    later turned back into pending ones. "If nothing new happens" replays exactly these."""
    key = exact(to_instant(at, what="at"))
    out: list[Event] = []
    for e in events:
        if isinstance(e, Violation):
            if exact(e.at) <= key:
                out.append(e)
        elif isinstance(e, Appeal):
            if exact(e.filed_at) > key:
                continue
            if e.decided_at is not None and exact(e.decided_at) > key:
                e = attrs.evolve(
                    e, decided_at=None, outcome=AppealOutcome.PENDING, points_after=None
                )
            out.append(e)
        elif isinstance(e, (Revocation, FundsDecision, ExamPassed)):
            if exact(e.at) <= key:
                out.append(e)
        else:
            raise InvalidEventError(
                f"{type(e).__name__} is not an event; build events with penalties.Violation, "
                "Appeal, Revocation, FundsDecision or ExamPassed."
            )
    return tuple(out)


def _quiet_evaluate(policy: Policy, events: Iterable[Event]) -> Timeline:
    """Replay without repeating the warnings the caller's own evaluation already gave."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PointsMismatchWarning)
        warnings.simplefilter("ignore", AppealWarning)
        return policy.evaluate(events)


def _timeline_of(standing: Standing, what: str) -> Timeline:
    if standing.timeline is None:
        raise PenaltiesError(
            f"Standing.{what} needs the timeline the standing was read from, but this Standing "
            "was built by hand or read from a document; evaluate the events again with "
            "policy.standing(events, at)."
        )
    return standing.timeline


def _known_timeline(standing: Standing, what: str) -> Timeline:
    """The timeline of the events known at the standing's instant (the standing's own one when
    nothing in it lies later)."""
    timeline = _timeline_of(standing, what)
    known = known_events(timeline.events, standing.at)
    if len(known) == len(timeline.events) and all(
        a is b for a, b in zip(known, timeline.events, strict=True)
    ):
        return timeline
    return _quiet_evaluate(standing.policy, known)


# --------------------------------------------------------------------------- clean_at


def clean_at(standing: Standing) -> DateTime | None:
    """When every ledger is back at zero if nothing new happens (the standing's own instant when
    it already is); ``None`` when that never comes: the account is closed, a ledger whose points
    never lapse holds some, or a carry-over keeps a balance for ever.

    Sanctions are not part of it: a freeze or a funds hold can outlast the points.
    """
    if standing.closed:
        return None
    if not any(standing.points.values()):
        return standing.at
    timeline = _known_timeline(standing, "clean_at")
    keys = timeline._data.change_keys
    last = max(keys)  # a ledger holds points at `at`, so some change was booked
    after = zone(standing.policy.tz).datetime(last + 1)
    if any(timeline.balance(ledger.code, after) for ledger in standing.policy.ledgers):
        return None
    return zone(standing.policy.tz).datetime(last)


# --------------------------------------------------------------------------- headroom


def headroom(standing: Standing) -> Mapping[str, tuple[Headroom, ...]]:
    """Per ledger (every ledger of the policy), per violation kind and severity booking to it:
    how many more such violations penalised at the standing's instant the account takes before
    a new sanction, and which one (see :class:`Headroom`). Empty tuples on a closed account.

    Each count comes from replaying the events known at the instant with that many hypothetical
    violations added, so caps, merge windows, direct sanctions and stacking rules count exactly
    as the engine counts them. Kinds whose points no source states (they need ``points=``) are
    left out: their deduction is not known in advance.
    """
    policy = standing.policy
    out: dict[str, list[Headroom]] = {ledger.code: [] for ledger in policy.ledgers}
    if standing.closed:
        return immutabledict(dict.fromkeys(out, ()))
    timeline = _known_timeline(standing, "headroom")
    base = list(timeline.events)
    seen = {_key(s) for s in timeline.sanctions}
    at = standing.at
    prefix = _probe_prefix(base)
    for kind in policy.kinds:
        severities: tuple[str | None, ...] = (
            tuple(s.code for s in kind.severities) if kind.severities else (None,)
        )
        for severity in severities:
            probe = Violation(f"{prefix}0", kind.code, at, severity=severity)
            try:
                resolved = policy.resolve(probe)
            except PenaltiesError:
                continue  # no stated points for this kind (or this severity) on that day
            ledger = policy.ledger(resolved.ledger)
            if not resolved.sanctions and not ledger.thresholds:
                out[ledger.code].append(
                    Headroom(ledger.code, kind.code, severity, resolved.points, None, ())
                )
                continue
            count, sanctions = _search(
                policy, base, seen, prefix, kind.code, severity, at, ledger.code, resolved.points,
                _remaining(standing, ledger.code),
            )  # fmt: skip
            out[ledger.code].append(
                Headroom(ledger.code, kind.code, severity, resolved.points, count, sanctions)
            )
    return immutabledict({code: tuple(items) for code, items in out.items()})


def _remaining(standing: Standing, ledger: str) -> int | None:
    for n in standing.next_thresholds:
        if n.ledger == ledger:
            return n.remaining
    return None


def _probe_prefix(events: list[Event]) -> str:
    ids = {e.id for e in events if isinstance(e, Violation)}
    prefix = "~headroom-"
    while any(i.startswith(prefix) for i in ids):
        prefix = "~" + prefix
    return prefix


def _key(s: Sanction) -> tuple[object, ...]:
    return (s.kind, exact(s.start), s.ledger, s.threshold, s.cause[:1])


def _search(
    policy: Policy,
    base: list[Event],
    seen: set[tuple[object, ...]],
    prefix: str,
    kind: str,
    severity: str | None,
    at: DateTime,
    ledger: str,
    points: int,
    remaining: int | None,
) -> tuple[int | None, tuple[Sanction, ...]]:
    """The fewest probes that bring a new sanction, and those sanctions."""

    def trial(n: int) -> tuple[tuple[Sanction, ...], int]:
        probes: list[Event] = [
            Violation(f"{prefix}{i}", kind, at, severity=severity) for i in range(n)
        ]
        tl = _quiet_evaluate(policy, base + probes)
        new = tuple(s for s in tl.sanctions if _key(s) not in seen)
        return new, tl.balance(ledger, at)

    new, balance = trial(1)
    if new:
        return 1, new
    lo, lo_balance = 1, balance
    # First guess: enough nominal points to reach the next threshold of the ledger.
    hi = max(2, math.ceil(remaining / points)) if remaining is not None and points > 0 else 2
    while True:
        if hi > _MAX_PROBES:
            return None, ()
        new, balance = trial(hi)
        if new:
            break
        if balance <= lo_balance:
            return None, ()  # more of them add nothing at this instant (a cap or a merge)
        lo, lo_balance, hi = hi, balance, hi * 2
    found = new
    while hi - lo > 1:  # the fewest that do, assuming more never do less
        mid = (lo + hi) // 2
        new, _ = trial(mid)
        if new:
            hi, found = mid, new
        else:
            lo = mid
    return hi, found


# --------------------------------------------------------------------------- what-ifs


def _as_events(add: Event | Iterable[Event]) -> list[Event]:
    if isinstance(add, EVENT_TYPES):
        return [cast(Event, add)]
    return list(cast(Iterable[Event], add))


def what_if_each(
    policy: Policy,
    events: Iterable[Event],
    scenarios: Iterable[Event | Iterable[Event]],
    at: InstantLike,
) -> tuple[WhatIf, ...]:
    """One :class:`WhatIf` per scenario (an event or several events added together), each
    against the same base, which is replayed once."""
    base = list(events)
    t = to_instant(at, what="at")
    before_tl = policy.evaluate(base)
    before = before_tl.at(t)
    seen = {_key(s) for s in before_tl.sanctions}
    out = []
    for scenario in scenarios:
        after_tl = _quiet_evaluate(policy, base + _as_events(scenario))
        after = after_tl.at(t)
        new = tuple(s for s in after_tl.sanctions if _key(s) not in seen)
        delta = {code: after.points[code] - before.points[code] for code in before.points}
        out.append(WhatIf(before, after, before_tl, after_tl, new, delta))
    return tuple(out)


def appeal_priorities(
    policy: Policy, events: Iterable[Event], at: InstantLike
) -> tuple[AppealImpact, ...]:
    """Every penalty an appeal could still change at ``at`` — a pending appeal, or an open
    appeal window not yet used — with what granting it would change, the one that changes the
    most first: status levels gained, then sanctions lifted, then points removed (ties by the
    sooner deadline, then the violation id). This is the appeal to write first.
    """
    items = list(events)
    t = to_instant(at, what="at")
    standing = policy.evaluate(items).at(t)
    candidates: dict[str, tuple[bool, DateTime | None]] = {}
    for a in standing.appeals:
        if a.outcome is AppealOutcome.PENDING:
            candidates.setdefault(a.violation_id, (True, a.deadline))
    for w in standing.appeal_windows:
        candidates.setdefault(w.violation_id, (False, w.deadline))
    out = []
    for vid, (pending, deadline) in candidates.items():
        result = policy.if_granted(items, vid, t)
        before, after = result.before, result.after
        ended = {_key(s) for s in after.sanctions}
        lifted = tuple(s for s in before.sanctions if _key(s) not in ended)
        removed = sum(before.points.values()) - sum(after.points.values())
        out.append(
            AppealImpact(
                vid, pending, deadline, before.status, after.status, removed, lifted, result
            )
        )
    out.sort(
        key=lambda i: (
            tuple(-r for r in i.rank),
            exact(i.deadline) if i.deadline is not None else 2**63,
            i.violation_id,
        )
    )
    return tuple(out)
