"""Bad input is refused with a specific error and a message that says how to fix it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
import pytest

import penalties
from penalties import Appeal, AppealOutcome, InvalidEventError, Violation
from penalties._time import add_days, to_instant, to_timezone

AT = "2024-03-01T10:00:00+08:00"


class TestInstants:
    @pytest.mark.parametrize(
        "value",
        [
            "2024-03-01T10:00:00+08:00",
            "2024-03-01T02:00:00Z",
            dt.datetime(2024, 3, 1, 2, tzinfo=dt.UTC),
            pendulum.datetime(2024, 3, 1, 10, tz="Asia/Shanghai"),
        ],
    )
    def test_accepted_forms_denote_the_same_instant(self, value: object) -> None:
        assert to_instant(value) == pendulum.datetime(2024, 3, 1, 2, tz="UTC")

    def test_offset_is_kept(self) -> None:
        assert to_instant("2024-03-01T10:00:00+08:00").utcoffset() == dt.timedelta(hours=8)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("2024-03-01T10:00:00", "has no time zone"),
            (dt.datetime(2024, 3, 1), "has no time zone"),
            (pendulum.naive(2024, 3, 1), "has no time zone"),
            ("2024-03-01", "is a date, not an instant"),
            (dt.date(2024, 3, 1), "is a date, not an instant"),
            ("yesterday", "not an ISO-8601 date-time"),
            (1709258400, "must be an aware datetime"),
            (None, "must be an aware datetime"),
        ],
    )
    def test_refused(self, value: object, message: str) -> None:
        with pytest.raises(InvalidEventError, match=message):
            to_instant(value)

    def test_add_days_keeps_wall_clock_across_dst_and_year_end(self) -> None:
        berlin = to_timezone("Europe/Berlin")
        start = pendulum.datetime(2024, 10, 26, 12, tz="Europe/Berlin")
        assert add_days(start, 1, berlin) == pendulum.datetime(2024, 10, 27, 12, tz="Europe/Berlin")
        assert add_days(start, 1, berlin) - start == dt.timedelta(hours=25)
        new_year = pendulum.datetime(2024, 12, 31, 23, 30, tz="Asia/Shanghai")
        assert add_days(new_year, 1, to_timezone("Asia/Shanghai")).year == 2025

    def test_unknown_zone(self) -> None:
        with pytest.raises(penalties.PolicyDefinitionError, match="IANA"):
            to_timezone("Mars/Olympus")


AT = "2024-03-01T10:00:00+08:00"


class TestViolation:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"id": ""}, "empty"),
            ({"id": "  "}, "empty"),
            ({"id": 7}, "must be a str"),
            ({"kind": ""}, "kind must be a non-empty str"),
            ({"points": -1}, "never negative"),
            ({"points": 1.5}, "whole number"),
            ({"points": "3"}, "whole number"),
            ({"points": True}, "whole number"),
            ({"severity": ""}, "severity must be None or a non-empty str"),
            ({"occurred_at": "2024-03-02T00:00:00+08:00"}, "after the penalty"),
            ({"reference": 5}, "reference must be a str"),
        ],
    )
    def test_refused(self, kwargs: dict[str, object], message: str) -> None:
        fields: dict[str, object] = {"id": "v1", "kind": "unfair_competition", "at": AT}
        fields.update(kwargs)
        with pytest.raises(InvalidEventError, match=message):
            Violation(**fields)  # type: ignore[arg-type]

    def test_immutable_and_slotted(self) -> None:
        v = Violation("v1", "k", AT)
        with pytest.raises(AttributeError):
            v.points = 3  # type: ignore[misc]
        assert not hasattr(v, "__dict__")


class TestAppeal:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"decided_at": "2024-02-29T00:00:00+08:00", "outcome": AppealOutcome.GRANTED},
                "before it was filed",
            ),
            ({"outcome": AppealOutcome.GRANTED}, "no decided_at"),
            ({"decided_at": AT}, "outcome PENDING"),
            ({"decided_at": AT, "outcome": AppealOutcome.REDUCED}, "no points_after"),
            (
                {"decided_at": AT, "outcome": AppealOutcome.GRANTED, "points_after": 1},
                "only goes with",
            ),
            ({"outcome": "won"}, "not one of"),
            (
                {"decided_at": AT, "outcome": AppealOutcome.REDUCED, "points_after": -2},
                "never negative",
            ),
        ],
    )
    def test_refused(self, kwargs: dict[str, object], message: str) -> None:
        with pytest.raises(InvalidEventError, match=message):
            Appeal("v1", AT, **kwargs)  # type: ignore[arg-type]

    def test_outcome_accepts_its_value(self) -> None:
        assert Appeal("v1", AT, AT, "granted").outcome is AppealOutcome.GRANTED


class TestRegistry:
    def test_unknown_policy_names_close_matches(self) -> None:
        with pytest.raises(penalties.UnknownPolicyError, match="Did you mean 'aliexpress'"):
            penalties.get_policy("aliexpres")

    def test_register_and_get(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from penalties import policy as policy_module

        monkeypatch.setattr(policy_module, "_registry", dict(policy_module._registry))
        base = penalties.get_policy("aliexpress")
        custom = penalties.Policy(
            "my_market", "Mine", "UTC", base.ledgers[:1], (), ("https://example.org/rules",)
        )
        penalties.register_policy("my_market", custom, replace=True)
        assert "my_market" in penalties.list_policies()
        assert penalties.get_policy("my_market") is custom
        with pytest.raises(penalties.PolicyDefinitionError, match="already registered"):
            penalties.register_policy("my_market", custom)
        with pytest.raises(penalties.PolicyDefinitionError, match="takes no options"):
            penalties.get_policy("my_market", x=1)
        with pytest.raises(penalties.UnknownPolicyError, match="no market"):
            penalties.get_policy("my_market", market="US")

    def test_bad_registrations(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from penalties import policy as policy_module

        monkeypatch.setattr(policy_module, "_registry", dict(policy_module._registry))
        with pytest.raises(penalties.PolicyDefinitionError, match="identifier"):
            penalties.register_policy("my market", lambda **_: None)  # type: ignore[arg-type,return-value]
        with pytest.raises(penalties.PolicyDefinitionError, match="needs a Policy"):
            penalties.register_policy("other", 42, replace=True)  # type: ignore[arg-type]


class TestPolicyDefinitions:
    def test_kind_booking_to_unknown_ledger(self) -> None:
        base = penalties.get_policy("aliexpress")
        with pytest.raises(
            penalties.PolicyDefinitionError, match=r"unknown ledger 'trad'.*'trade'"
        ):
            penalties.Policy(
                "x", "X", "UTC", base.ledgers[:1], (penalties.ViolationKind("k", "K", "trad"),), ()
            )

    @pytest.mark.parametrize(
        ("factory", "message"),
        [
            (
                lambda: penalties.Threshold(
                    0, (penalties.SanctionSpec(penalties.SanctionKind.FREEZE, 7),)
                ),
                "positive whole number",
            ),
            (lambda: penalties.Threshold(12, ()), "applies no sanction"),
            (lambda: penalties.SanctionSpec(penalties.SanctionKind.FREEZE, -1), "positive whole"),
            (lambda: penalties.SanctionSpec(penalties.SanctionKind.CLOSURE, 3), "terminal"),
            (lambda: penalties.Schedule(()), "at least one"),
            (
                lambda: penalties.Schedule.dated(
                    (dt.date(2020, 1, 2), 1), (dt.date(2020, 1, 1), 2)
                ),
                "strictly increasing",
            ),
            (lambda: penalties.ExpiresAfter(0), "positive days"),
            (lambda: penalties.YearlyReset(2, 30), "not a calendar day"),
            (lambda: penalties.QuarterlyReset(9), "weekday"),
            (lambda: penalties.CarryOver(10, 5), "empty or negative"),
            (lambda: penalties.DailyCap(0), "positive"),
            (lambda: penalties.MergeWindow(0), "positive"),
            (lambda: penalties.Ledger("bad code", "X"), "identifier"),
        ],
    )
    def test_refused(self, factory: object, message: str) -> None:
        with pytest.raises(penalties.PolicyDefinitionError, match=message):
            factory()  # type: ignore[operator]


def test_explain_refuses_unknown_locale() -> None:
    s = penalties.get_policy("aliexpress").standing([], AT)
    with pytest.raises(penalties.UnsupportedLocaleError, match="locale='en'"):
        s.explain(locale="fr")


class TestIssue17:
    """Input that was silently accepted or changed: now refused at the door."""

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            # Was truncated to +05:45:30: the instant moved by half a second.
            ("2024-03-01T10:00:00+05:45:30.5", "fraction of a second"),
            (
                dt.datetime(2024, 3, 1, tzinfo=dt.timezone(dt.timedelta(hours=5, microseconds=1))),
                "fraction of a second",  # was an AssertionError
            ),
            ("2024-03-01T10:00:00+08:00\x00", "a control character"),  # was accepted
            ("2024-03-01T10:00:00+08:00\x1b", "a control character"),
            ("２０２４-03-01T10:00:00+08:00", "non-ASCII"),
        ],
    )
    def test_instants_that_cannot_be_kept_exactly(self, value: object, message: str) -> None:
        with pytest.raises(InvalidEventError, match=message):
            to_instant(value)

    def test_an_offset_in_whole_seconds_is_kept_exactly(self) -> None:
        t = to_instant("2024-03-01T10:00:00+05:45:30")
        assert t.utcoffset() == dt.timedelta(hours=5, minutes=45, seconds=30)
        assert to_instant(" 2024-03-01T10:00:00Z\n") == to_instant("2024-03-01T10:00:00Z")

    @pytest.mark.parametrize(
        "build",
        [
            lambda: Violation("\ud800", "trade", AT),
            lambda: Violation("v1", "trade\udcff", AT),
            lambda: Violation("v1", "trade", AT, severity="\udfff"),
            lambda: Violation("v1", "trade", AT, reference="r\ud83d"),
            lambda: Violation("v1", "trade", AT, note="\ud800"),
            lambda: Appeal("\ud800", AT),
            lambda: penalties.Revocation("\ud800", AT),
            lambda: penalties.Revocation("v1", AT, note="\ud800"),
            lambda: penalties.FundsDecision(AT, "released", "\ud800"),
            lambda: penalties.FundsDecision(AT, "released", note="\ud800"),
        ],
    )
    def test_text_holding_a_lone_surrogate_is_refused(self, build: Any) -> None:
        # Issue 17: the loaders accepted "\ud800" and dumps() could not write it back.
        with pytest.raises(InvalidEventError, match="lone surrogate"):
            build()
        assert Violation("v1", "trade", AT, note="違 🤡").note == "違 🤡"  # real text is fine

    def test_a_funds_decision_before_its_violation_is_refused(self) -> None:
        policy = penalties.get_policy("amazon")
        v = Violation("v1", "suspected_ip_violation", AT, points=10)
        early = penalties.FundsDecision("2024-03-01T09:59:59+08:00", "released", "v1")
        with pytest.raises(
            InvalidEventError, match=r"funds decision \(released\) on 'v1' at .*before"
        ):
            policy.evaluate([v, early])
        policy.evaluate([v, penalties.FundsDecision(AT, "released", "v1")])  # same instant: fine
