"""Policies (one platform's rulebook) and the registry that finds them by code."""

from __future__ import annotations

import datetime as dt
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import attrs
import pendulum
from pendulum import DateTime

from penalties._time import InstantLike, exact, local_date, to_instant, to_timezone, zone
from penalties._validate import check_types
from penalties.errors import (
    AppealLimitWarning,
    AppealNotAllowedError,
    AppealUnavailableWarning,
    AppealWarning,
    InvalidEventError,
    LateAppealWarning,
    PointsMismatchWarning,
    PolicyDefinitionError,
    UnknownPolicyError,
    UnknownViolationKindError,
    close_matches,
)
from penalties.events import EVENT_TYPES, Appeal, AppealOutcome, Event, Violation
from penalties.results import Sanction, Standing, Timeline, WhatIf
from penalties.rules import (
    Assumption,
    DailyCap,
    ExpiresAfter,
    Ledger,
    MergeWindow,
    SanctionSpec,
    ViolationKind,
)

if TYPE_CHECKING:
    from penalties.alerts import Alert
    from penalties.forecast import AppealImpact

__all__ = [
    "Policy",
    "PolicyFactory",
    "Resolved",
    "get_policy",
    "list_markets",
    "list_policies",
    "register_policy",
    "resolve_market",
]


@attrs.frozen
class Resolved:
    """A violation read against a policy: its severity, ledger, points and direct sanctions.
    ``computed`` is what the policy gives (``None`` if no source states it)."""

    kind: ViolationKind
    severity: str | None
    ledger: str
    points: int
    computed: int | None
    sanctions: tuple[SanctionSpec, ...]


@attrs.frozen
class Policy:
    """The rules of one platform (and market): ledgers, a catalogue of violation kinds, the time
    zone calendar days are counted in, and the sources (``references``)."""

    code: str
    name: str
    timezone: str
    ledgers: tuple[Ledger, ...]
    kinds: tuple[ViolationKind, ...]
    references: tuple[str, ...]
    market: str | None = None
    version: str = ""
    assumptions: tuple[Assumption, ...] = ()
    _tz: pendulum.Timezone = attrs.field(init=False, repr=False, eq=False)
    _ledgers: Mapping[str, Ledger] = attrs.field(init=False, repr=False, eq=False)
    _kinds: Mapping[str, ViolationKind] = attrs.field(init=False, repr=False, eq=False)
    _derived: dict[str, Any] = attrs.field(init=False, repr=False, eq=False, factory=dict)
    """Facts derived from the rules once (see :meth:`_query_facts`)."""

    def __attrs_post_init__(self) -> None:
        check_types(self, f"policy {self.code!r}")
        object.__setattr__(self, "_tz", to_timezone(self.timezone))
        ledgers: dict[str, Ledger] = {}
        for ledger in self.ledgers:
            if ledger.code in ledgers:
                raise PolicyDefinitionError(f"policy {self.code!r} repeats ledger {ledger.code!r}.")
            ledgers[ledger.code] = ledger
            _check_ledger(self.code, ledger)
        if not ledgers:
            raise PolicyDefinitionError(f"policy {self.code!r} has no ledger.")
        kinds: dict[str, ViolationKind] = {}
        for kind in self.kinds:
            if kind.code in kinds or kind.code in ledgers:
                raise PolicyDefinitionError(
                    f"policy {self.code!r}: kind code {kind.code!r} is used twice (ledger codes "
                    "are generic kinds already)."
                )
            for code in kind.ledgers():
                if code not in ledgers:
                    raise PolicyDefinitionError(
                        f"policy {self.code!r}: kind {kind.code!r} books to unknown ledger "
                        f"{code!r}." + close_matches(code, ledgers)
                    )
            kinds[kind.code] = kind
        for ledger in self.ledgers:
            kinds[ledger.code] = ViolationKind(
                code=ledger.code,
                title=f"{ledger.title} (generic record, explicit points)",
                ledger=ledger.code,
                title_zh=ledger.title_zh,
                generic=True,
            )
        object.__setattr__(self, "_ledgers", ledgers)
        object.__setattr__(self, "_kinds", kinds)

    # -- look-ups ---------------------------------------------------------------------------

    @property
    def tz(self) -> pendulum.Timezone:
        """The policy's zone as a pendulum Timezone."""
        return self._tz

    def _repr_html_(self) -> str:
        """An HTML summary for notebooks: ledgers, catalogue, assumptions, sources."""
        from penalties._html import render_policy

        return render_policy(self)

    def ledger(self, code: str) -> Ledger:
        """The ledger ``code``, or :class:`UnknownViolationKindError` naming close matches."""
        try:
            return self._ledgers[code]
        except KeyError:
            raise UnknownViolationKindError(
                f"policy {self.code!r} has no ledger {code!r}; its ledgers are "
                f"{', '.join(self._ledgers)}." + close_matches(code, self._ledgers)
            ) from None

    def kind(self, code: str) -> ViolationKind:
        """The violation kind ``code`` (generic ledger kinds included)."""
        try:
            return self._kinds[code]
        except KeyError:
            raise UnknownViolationKindError(
                f"policy {self.code!r} has no violation kind {code!r}."
                + (
                    close_matches(code, self._kinds)
                    or f" Known kinds: {', '.join(sorted(self._kinds))}."
                )
                + " For a record whose code the catalogue does not know, book it to a ledger "
                f"by using the ledger code as kind ({', '.join(self._ledgers)}) with explicit "
                "points."
            ) from None

    def _query_facts(self) -> tuple[frozenset[str], int | None, dict[str, bool]]:
        """What every timeline of this policy needs to answer queries, derived once: the kinds
        with an appeal window, how many days back a live record can have been booked (``None``
        when some ledger keeps records without expiry), and which ledgers expire per record."""
        found = self._derived.get("query")
        if found is None:
            windowed = frozenset(k.code for k in self.all_kinds if k.appeal_window_days is not None)
            days = [
                max(d for _, d in ledger.validity.days.entries)
                if isinstance(ledger.validity, ExpiresAfter)
                else None
                for ledger in self.ledgers
            ]
            # A ledger whose points stop lapsing (ExpiresAfter.stops_at) keeps records for good.
            kept = any(
                isinstance(ledger.validity, ExpiresAfter) and ledger.validity.stops_at is not None
                for ledger in self.ledgers
            )
            lookback = None if None in days or kept else max(d for d in days if d is not None) + 2
            expires = {
                ledger.code: d is not None for ledger, d in zip(self.ledgers, days, strict=True)
            }
            found = self._derived["query"] = (windowed, lookback, expires)
        return found

    @property
    def all_kinds(self) -> tuple[ViolationKind, ...]:
        """Every kind, the generic ledger kinds included."""
        return tuple(self._kinds.values())

    def resolve(self, violation: Violation) -> Resolved:
        """Read ``violation`` against the catalogue: severity, ledger, points, sanctions."""
        _check_violation(violation, "resolve")
        return self._resolve(violation, local_date(violation.at, self._tz))

    def _resolve(self, violation: Violation, day: dt.date) -> Resolved:
        """:meth:`resolve` for a violation whose local ``day`` the caller already knows."""
        v = violation
        return self._resolve_fields(v.id, v.kind, v.severity, v.points, day)

    def _resolve_fields(
        self, vid: str, kind_code: str, severity: str | None, stated: int | None, day: dt.date
    ) -> Resolved:
        """:meth:`_resolve` from a violation's fields (the engine's column entry has no
        ``Violation`` object)."""
        kind = self.kind(kind_code)
        who = f"violation {vid!r} ({kind.code})"
        if kind.generic:
            if severity is not None:
                raise InvalidEventError(
                    f"{who} uses the generic ledger kind, which takes no severity; drop "
                    "severity= or use a catalogue kind."
                )
            if stated is None:
                raise InvalidEventError(
                    f"{who} uses the generic ledger kind {kind.code!r}, which needs explicit "
                    "points=...; state the deduction from the platform's notice."
                )
            return Resolved(kind, None, kind.ledger, stated, None, ())
        ledger = kind.ledger
        sanctions = kind.sanctions
        if kind.severities:
            code = severity or kind.default_severity
            codes = [s.code for s in kind.severities]
            if code is None:
                raise InvalidEventError(f"{who} needs a severity, one of {', '.join(codes)}.")
            level = kind.severity(code)
            if level is None:
                raise UnknownViolationKindError(
                    f"{who}: unknown severity {code!r}; {kind.code} has "
                    f"{', '.join(codes)}." + close_matches(code, codes)
                )
            schedule = level.points
            ledger = level.ledger or ledger
            sanctions = sanctions + level.sanctions
        else:
            if severity is not None:
                raise UnknownViolationKindError(
                    f"{who} has no severities, but severity={severity!r} was given; drop it."
                )
            code, schedule = None, kind.points
        if sanctions:
            sanctions = tuple(spec for spec in sanctions if spec.in_force(day))
        computed = schedule.at(day) if schedule is not None else None
        if stated is not None:
            points = stated
        elif computed is None:
            when = ""
            if schedule is not None and schedule.changes:
                when = f" on {day} (the rule starts on {schedule.changes[0]})"
            raise InvalidEventError(
                f"{who}"
                + (f" ({code})" if code else "")
                + f" has no points in {self.code}'s sources{when}; state the deduction from the "
                "platform's notice with points=..."
            )
        else:
            points = computed
        return Resolved(kind, code, ledger, points, computed, sanctions)

    # -- evaluation -------------------------------------------------------------------------

    def evaluate(self, events: Iterable[Event]) -> Timeline:
        """Replay ``events`` (violations and appeals, in any order) into a :class:`Timeline`."""
        from penalties.engine import replay

        return replay(self, events)

    def standing(self, events: Iterable[Event], at: InstantLike) -> Standing:
        """The account at ``at``: ``evaluate(events).at(at)``."""
        return self.evaluate(events).at(at)

    def what_if(
        self, events: Iterable[Event], add: Event | Iterable[Event], at: InstantLike
    ) -> WhatIf:
        """What adding ``add`` (one event or several) to ``events`` would change at ``at``."""
        base = list(events)
        extra: list[Event] = (
            [cast(Event, add)] if isinstance(add, EVENT_TYPES) else list(cast(Iterable[Event], add))
        )
        return self._compare(base, base + extra, to_instant(at, what="at"))

    def if_granted(self, events: Iterable[Event], violation_id: str, at: InstantLike) -> WhatIf:
        """What a granted appeal on ``violation_id``, decided at ``at``, would change at ``at``.

        The appeal pending on it at ``at`` (if any) is the one granted; otherwise a new appeal
        filed and granted at ``at`` is assumed. Decisions after ``at`` are set aside.
        """
        base = list(events)
        t = to_instant(at, what="at")
        if not any(isinstance(e, Violation) and e.id == violation_id for e in base):
            ids = [e.id for e in base if isinstance(e, Violation)]
            raise InvalidEventError(
                f"no violation {violation_id!r} in these events to appeal."
                + close_matches(violation_id, ids)
            )
        after: list[Event] = []
        granted = False
        for e in base:
            if (
                isinstance(e, Appeal)
                and e.violation_id == violation_id
                and exact(e.filed_at) <= exact(t)
                and (e.decided_at is None or exact(e.decided_at) > exact(t))
                and not granted
            ):
                after.append(Appeal(violation_id, e.filed_at, t, AppealOutcome.GRANTED))
                granted = True
            elif (
                isinstance(e, Appeal)
                and e.violation_id == violation_id
                and exact(e.filed_at) > exact(t)
            ):
                continue
            else:
                after.append(e)
        if not granted:
            after.append(Appeal(violation_id, t, t, AppealOutcome.GRANTED))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AppealWarning)
            return self._compare(base, after, t)

    def _compare(self, base: list[Event], changed: list[Event], t: DateTime) -> WhatIf:
        before_tl = self.evaluate(base)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PointsMismatchWarning)
            after_tl = self.evaluate(changed)
        before, after = before_tl.at(t), after_tl.at(t)
        seen = {_sanction_key(s) for s in before_tl.sanctions}
        new = tuple(s for s in after_tl.sanctions if _sanction_key(s) not in seen)
        delta = {code: after.points[code] - before.points[code] for code in before.points}
        return WhatIf(before, after, before_tl, after_tl, new, delta)

    def what_if_each(
        self,
        events: Iterable[Event],
        scenarios: Iterable[Event | Iterable[Event]],
        at: InstantLike,
    ) -> tuple[WhatIf, ...]:
        """One :class:`WhatIf` per scenario (one event, or several added together), each
        against the same ``events`` (replayed once); see :func:`penalties.forecast.what_if_each`."""
        from penalties.forecast import what_if_each

        return what_if_each(self, events, scenarios, at)

    def appeal_priorities(
        self, events: Iterable[Event], at: InstantLike
    ) -> tuple[AppealImpact, ...]:
        """Every pending appeal and unused appeal window at ``at`` with what granting it would
        change, the one that changes the most first (the appeal to write first)."""
        from penalties.forecast import appeal_priorities

        return appeal_priorities(self, events, at)

    def alerts(
        self,
        events: Iterable[Event],
        since: InstantLike,
        until: InstantLike,
        *,
        within_points: int | Mapping[str, int] = 3,
        notice_days: int = 3,
    ) -> tuple[Alert, ...]:
        """Every notable transition of the account in ``[since, until)`` (contract): sanctions
        starting and ending, thresholds coming near, points lapsing, appeal windows opening and
        closing; see :func:`penalties.alerts.alerts`."""
        from penalties.alerts import alerts

        return alerts(
            self, events, since, until, within_points=within_points, notice_days=notice_days
        )

    def appeal_deadline(self, violation: Violation) -> DateTime | None:
        """The last instant to appeal ``violation``, where the platform states a window."""
        _check_violation(violation, "appeal_deadline")
        kind = self.kind(violation.kind)
        if kind.appeal_window_days is None:
            return None
        key = self._deadline_key(kind, exact(violation.at))
        return None if key is None else zone(self._tz).datetime(key)

    def appealable(self, violation: Violation) -> bool:
        """Whether the platform takes appeals on ``violation`` at all: not when its kind's
        appeal window is dated and was not yet open when the penalty was applied (AliExpress
        prohibited goods before 2020-10-14)."""
        _check_violation(violation, "appealable")
        kind = self.kind(violation.kind)
        return kind.appeal_window_days is None or _days(kind, violation, self._tz) is not None

    def _deadline_key(self, kind: ViolationKind, at: int) -> int | None:
        """The appeal deadline of a ``kind`` violation applied at the exact instant ``at``."""
        if kind.appeal_window_days is None:
            return None
        z = zone(self._tz)
        days = kind.appeal_window_days.at(z.date(at))
        return None if days is None else z.add_days(at, days)

    def appeal_problems(
        self, violation: Violation, appeal: Appeal, earlier: int = 0
    ) -> tuple[str, ...]:
        """What the platform's rules say against ``appeal`` on ``violation``, given ``earlier``
        appeals already filed on the same record: filed late, or over the limit."""
        return tuple(message for _, message in self._appeal_checks(violation, appeal, earlier))

    def _appeal_checks(
        self, violation: Violation, appeal: Appeal, earlier: int
    ) -> list[tuple[type[AppealWarning], str]]:
        """Each problem with ``appeal`` and the warning class that reports it in a history."""
        problems: list[tuple[type[AppealWarning], str]] = []
        kind = self.kind(violation.kind)
        window = kind.appeal_window_days
        if window is not None and not self.appealable(violation):
            # A dated window that had not opened: the platform took no appeals then.
            opens = window.changes[0] if window.changes else None
            problems.append(
                (
                    AppealUnavailableWarning,
                    f"appeal on {violation.id!r}: {self.code} takes appeals on {violation.kind} "
                    f"only for penalties applied from {opens}, and this one was applied on "
                    f"{local_date(violation.at, self._tz)}",
                )
            )
        deadline = self.appeal_deadline(violation)
        if deadline is not None and exact(appeal.filed_at) > exact(deadline):
            problems.append(
                (
                    LateAppealWarning,
                    f"appeal on {violation.id!r} filed {_fmt(appeal.filed_at, self._tz)}, after "
                    f"the deadline {_fmt(deadline, self._tz)} ({self.code}: "
                    f"{_days(self.kind(violation.kind), violation, self._tz)} days from the "
                    "penalty)",
                )
            )
        limit = self.kind(violation.kind).max_appeals
        if limit is not None and earlier >= limit:
            problems.append(
                (
                    AppealLimitWarning,
                    f"appeal on {violation.id!r} is appeal number {earlier + 1}, but {self.code} "
                    f"allows {limit} per record for {violation.kind}",
                )
            )
        return problems

    def check_appeal(self, events: Iterable[Event], appeal: Appeal) -> None:
        """Raise :class:`AppealNotAllowedError` if the platform would not accept ``appeal``
        given the account's ``events``: no such violation, filed before the penalty, after the
        window, or over the limit of appeals per record. Use it before filing."""
        if not isinstance(appeal, Appeal):
            raise TypeError(f"check_appeal() needs an Appeal, not {type(appeal).__name__}.")
        items = list(events)
        target = next(
            (e for e in items if isinstance(e, Violation) and e.id == appeal.violation_id), None
        )
        if target is None:
            ids = [e.id for e in items if isinstance(e, Violation)]
            raise AppealNotAllowedError(
                f"no violation {appeal.violation_id!r} in these events to appeal; check the id."
                + close_matches(appeal.violation_id, ids)
            )
        if exact(appeal.filed_at) < exact(target.at):
            raise AppealNotAllowedError(
                f"appeal on {target.id!r} filed at {appeal.filed_at}, before the penalty was "
                f"applied at {target.at}."
            )
        earlier = sum(
            1
            for e in items
            if isinstance(e, Appeal)
            and e.violation_id == target.id
            and exact(e.filed_at) <= exact(appeal.filed_at)
            and e is not appeal
        )
        problems = self.appeal_problems(target, appeal, earlier)
        if problems:
            raise AppealNotAllowedError(
                "; ".join(problems) + ". The platform will not consider it; keep the evidence for "
                "a support ticket instead."
            )

    def evolve_ledger(self, code: str, **changes: Any) -> Policy:
        """A copy of this policy with ledger ``code`` changed (``attrs.evolve`` arguments)."""
        ledger = self.ledger(code)
        new = attrs.evolve(ledger, **changes)
        return attrs.evolve(
            self, ledgers=tuple(new if lg.code == code else lg for lg in self.ledgers)
        )


def _fmt(t: DateTime, tz: pendulum.Timezone) -> str:
    return zone(tz).format(exact(t))


def _days(kind: ViolationKind, violation: Violation, tz: pendulum.Timezone) -> int | None:
    window = kind.appeal_window_days
    return None if window is None else window.at(local_date(violation.at, tz))


def _check_violation(value: object, method: str) -> None:
    if not isinstance(value, Violation):
        raise InvalidEventError(
            f"Policy.{method}() takes a penalties.Violation, not {type(value).__name__}."
        )


def _sanction_key(s: Sanction) -> tuple[object, ...]:
    return (s.kind, exact(s.start), s.ledger, s.threshold, s.cause[:1])


def _check_ledger(policy: str, ledger: Ledger) -> None:
    indices = [i for i, r in enumerate(ledger.counting) if isinstance(r, (DailyCap, MergeWindow))]
    if len(indices) != len(ledger.counting):
        raise PolicyDefinitionError(
            f"policy {policy!r}, ledger {ledger.code!r}: counting rules must be DailyCap or "
            "MergeWindow."
        )
    levels = [
        (t.points, t.every, t.effective_from, t.effective_until, t.parallel)
        for t in ledger.thresholds
    ]
    if len(set(levels)) != len(levels):
        raise PolicyDefinitionError(
            f"policy {policy!r}, ledger {ledger.code!r}: two thresholds at the same level and "
            "dates; merge their sanctions into one Threshold."
        )


# --------------------------------------------------------------------------- registry

PolicyFactory: TypeAlias = Callable[..., Policy]
"""A callable ``(market=None, **options) -> Policy``."""

_registry: dict[str, PolicyFactory] = {}
_markets: dict[str, tuple[str, ...]] = {}
_lock = threading.Lock()
_loaded = False

_BUILTINS = (
    "penalties.platforms.aliexpress",
    "penalties.platforms.lazada",
    "penalties.platforms.taobao",
    "penalties.platforms.shopee",
    "penalties.platforms.tiktok_shop",
    "penalties.platforms.tiktok_shop_us",
    "penalties.platforms.amazon",
)


def _load() -> None:
    global _loaded
    with _lock:
        if _loaded:
            return
        for module in _BUILTINS:
            import_module(module)
        from importlib import metadata  # costly to import; only the registry needs it

        for ep in metadata.entry_points(group="penalties.policies"):
            if ep.name in _registry:
                continue
            try:
                target = ep.load()
            except Exception as exc:
                raise PolicyDefinitionError(
                    f"the policy plugin {ep.name!r} ({ep.value}) failed to load: {exc}"
                ) from exc
            _registry[ep.name] = _as_factory(ep.name, target)
        _loaded = True


def _as_factory(code: str, target: object) -> PolicyFactory:
    if isinstance(target, Policy):
        policy = target

        def fixed(market: str | None = None, **options: Any) -> Policy:
            if options:
                raise PolicyDefinitionError(
                    f"policy {code!r} is registered as a fixed Policy and takes no options "
                    f"({', '.join(options)})."
                )
            if market is not None and market != policy.market:
                raise UnknownPolicyError(
                    f"policy {code!r} has no market {market!r}; it covers "
                    f"{policy.market or 'no particular market'}."
                )
            return policy

        return fixed
    if callable(target):
        return target
    raise PolicyDefinitionError(
        f"register_policy({code!r}, ...) needs a Policy or a factory returning one, not "
        f"{type(target).__name__}."
    )


def register_policy(
    code: str,
    policy: Policy | PolicyFactory,
    *,
    replace: bool = False,
    markets: tuple[str, ...] = (),
) -> None:
    """Register ``policy`` (a :class:`Policy` or a factory ``(market=None, **options)``) under
    ``code``; ``markets`` names the market variants the factory knows. Third-party packages can
    use the entry-point group ``penalties.policies``."""
    if not isinstance(code, str) or not code.isidentifier():
        raise PolicyDefinitionError(
            f"policy code {code!r} must be an identifier such as 'my_marketplace'."
        )
    if code in _registry and not replace:
        raise PolicyDefinitionError(
            f"a policy is already registered as {code!r}; pass replace=True to override it."
        )
    _registry[code] = _as_factory(code, policy)
    _markets[code] = tuple(markets)


def resolve_market(
    policy: str,
    market: object,
    known: Iterable[str],
    *,
    default: str | None = None,
    hint: str = "",
) -> str | None:
    """Check ``market`` (any case) against ``known`` market codes for a policy factory.

    ``None`` gives ``default``; an unknown or non-str market raises
    :class:`UnknownPolicyError` listing the known ones (and ``hint``, e.g. what ``None`` means).
    """
    known = tuple(known)
    if market is None:
        return default
    code = market.strip().upper() if isinstance(market, str) else None
    if code in known:
        return code
    raise UnknownPolicyError(
        f"{policy} has no market {market!r}; known markets: {', '.join(known)}"
        + (f" {hint}" if hint else "")
        + "."
        + close_matches(code or "", known)
    )


def list_markets(code: str) -> tuple[str, ...]:
    """The market variants registered for policy ``code`` (empty: no variants)."""
    _load()
    if code not in _registry:
        raise UnknownPolicyError(
            f"no policy {code!r}; registered policies: {', '.join(sorted(_registry))}."
            + close_matches(str(code), _registry)
        )
    return _markets.get(code, ())


def list_policies() -> tuple[str, ...]:
    """The codes of every registered policy, sorted."""
    _load()
    return tuple(sorted(_registry))


def get_policy(code: str, *, market: str | None = None, **options: Any) -> Policy:
    """The policy registered as ``code`` (for ``market``, where the platform has markets).

    ``options`` override a policy's documented assumptions (see each platform's page).
    """
    _load()
    factory = _registry.get(code) if isinstance(code, str) else None
    if factory is None:
        raise UnknownPolicyError(
            f"no policy {code!r}; registered policies: {', '.join(sorted(_registry))}."
            + close_matches(str(code), _registry)
        )
    try:
        return factory(market=market, **options)
    except TypeError as exc:
        if "unexpected keyword argument" in str(exc):
            raise PolicyDefinitionError(
                f"policy {code!r} does not take that option: {exc}. See its documentation "
                "for the options it accepts."
            ) from None
        raise
