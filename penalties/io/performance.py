"""Performance metrics against their targets, as warnings a standing can show.

The platforms grade an account on more than points: Amazon's account-health report (and the
same data as LingXing ERP returns it) and Shopee's ``get_shop_performance`` list metrics (late
shipment rate, chat response rate, ...) with a target each. The readers in
:mod:`penalties.io.amazon`, :mod:`penalties.io.lingxing` and :mod:`penalties.io.shopee` turn a
metric that misses its target into a :class:`PerformanceWarning`; :func:`assess_health` puts
those warnings beside a :class:`~penalties.Standing`, and its ``explain`` shows both.

Numbers are :class:`~decimal.Decimal`, taken exactly as the payload writes them: a decimal
string as written, a JSON float as the decimal of its shortest repr (the number the JSON text
wrote whenever it had at most 15 significant digits, as every rate of these payloads does).
Comparisons and conversions never use the decimal context, so the caller's context
(precision, rounding, traps) neither matters nor changes.

References:
    - https://github.com/amzn/selling-partner-api-models/blob/main/schemas/reports/accountHealthReport-2020-11-18.json
    - https://open.shopee.com/documents/v2/v2.account_health.get_shop_performance?module=103&type=1
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable
from decimal import Decimal

import attrs

from penalties.errors import InvalidPayloadError
from penalties.explain import check_locale
from penalties.results import Standing

__all__ = [
    "Comparator",
    "HealthAssessment",
    "PerformanceWarning",
    "WarningCode",
    "assess_health",
    "decimal",
    "percent_to_ratio",
]

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def decimal(value: object, path: str, *, strings: bool = False) -> Decimal:
    """``value`` as an exact, finite :class:`~decimal.Decimal`: a JSON integer, a JSON float
    (its shortest repr), or, when ``strings`` is true, a plain decimal string such as ``"2.5"``
    (no exponent, no thousands separator, no blanks)."""
    if isinstance(value, bool):
        raise InvalidPayloadError(f"{path}: expected a number, got a boolean.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidPayloadError(f"{path}: expected a finite number, got {value!r}.")
        return Decimal(repr(value))
    if isinstance(value, str) and strings:
        if not _NUMBER.match(value):
            raise InvalidPayloadError(
                f"{path}: {value!r} is not a decimal number; expected digits with an optional "
                "sign and decimal point, such as '2.5' (no exponent, separator or blanks)."
            )
        return Decimal(value)
    kind = "a string" if isinstance(value, str) else type(value).__name__
    if value is None:
        kind = "null"
    expected = "a number or a decimal string" if strings else "a number"
    raise InvalidPayloadError(f"{path}: expected {expected}, got {kind} {value!r}.")


def percent_to_ratio(value: Decimal) -> Decimal:
    """``value`` per cent as a ratio (``2.5`` → ``0.025``), exactly: the exponent moves by two,
    without the decimal context's rounding."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite: decimal() refuses the rest
    return Decimal((sign, digits, exponent - 2))


class Comparator(enum.Enum):
    """How a metric's value must compare with its target to meet it (Shopee writes the sign,
    Amazon a word: ``LESS_THAN`` is ``<``)."""

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    EQ = "="

    def holds(self, value: Decimal, target: Decimal) -> bool:
        """Whether ``value`` meets ``target`` under this comparator (exact comparison)."""
        if self is Comparator.LT:
            return value < target
        if self is Comparator.LE:
            return value <= target
        if self is Comparator.GT:
            return value > target
        if self is Comparator.GE:
            return value >= target
        return value == target


class WarningCode(enum.Enum):
    """Why a :class:`PerformanceWarning` was raised (stable codes an ERP can key on)."""

    METRIC_FAILED = "metric_failed"
    """The platform's own verdict on the metric is bad (Amazon ``status: BAD``)."""
    TARGET_MISSED = "target_missed"
    """The payload gives no verdict; the value misses its target (Shopee, LingXing)."""
    VERDICT_DISAGREES = "verdict_disagrees"
    """The platform calls the metric good, yet its value misses the stated target."""
    WARNING_STATE = "warning_state"
    """Amazon lists a warning (``warningStates[]``) with a bad status."""
    ACCOUNT_STATUS = "account_status"
    """The account status is not normal (Amazon ``AT_RISK`` or ``DEACTIVATED``)."""
    OVERALL_RATING = "overall_rating"
    """Shopee rates the shop's overall performance Poor or Improvement Needed."""


_EN = {
    "header": "Performance warnings ({n}):",
    "none": "Performance warnings: none.",
    "target": "{metric} is {value}{unit}, target {comparator} {target}{unit}",
    "metric_failed": "{what} ({platform} marks it BAD)",
    "target_missed": "{what}: missed",
    "verdict_disagrees": "{what}: missed, although {platform} marks it GOOD",
    "warning_state": "{platform} warning {metric}: {detail}",
    "account_status": "{platform} account status {detail}",
    "overall_rating": "{platform} overall performance: {detail}",
    "scope": " [{scope}]",
}
_ZH = {
    "header": "绩效警告（{n}）：",
    "none": "绩效警告：无。",
    "target": "{metric} 为 {value}{unit}，目标 {comparator} {target}{unit}",
    "metric_failed": "{what}（{platform} 判定为不合格）",
    "target_missed": "{what}：未达标",
    "verdict_disagrees": "{what}：未达标，但 {platform} 判定为合格",
    "warning_state": "{platform} 警告 {metric}：{detail}",
    "account_status": "{platform} 账户状态 {detail}",
    "overall_rating": "{platform} 整体表现：{detail}",
    "scope": "［{scope}］",
}
_TEXTS = {"en": _EN, "zh": _ZH}
_UNIT_SUFFIX = {
    "en": {"percent": "%", "days": " days", "hours": " hours", "seconds": " s"},
    "zh": {"percent": "%", "days": " 天", "hours": " 小时", "seconds": " 秒"},
}


@attrs.frozen
class PerformanceWarning:
    """A metric (or status) a platform reports as, or that computes as, failing.

    ``value`` and ``target`` are exact decimals in ``unit`` (``ratio`` for Amazon's 0-1 rates,
    ``percent``, ``number``, ``days``, ...); ``comparator`` says how the value must compare with
    the target to meet it. ``scope`` is the marketplace (Amazon) or market (Shopee).
    """

    code: WarningCode
    platform: str
    scope: str
    metric: str
    value: Decimal | None = None
    target: Decimal | None = None
    comparator: Comparator | None = None
    unit: str = ""
    detail: str = ""
    """What the platform said in words (a status, a rating, an exemption)."""

    def explain(self, locale: str = "en") -> str:
        """The warning in one line, in English (``en``) or Chinese (``zh``)."""
        check_locale(locale)
        t = _TEXTS[locale]
        scope = t["scope"].format(scope=self.scope) if self.scope else ""
        if self.code in (
            WarningCode.WARNING_STATE,
            WarningCode.ACCOUNT_STATUS,
            WarningCode.OVERALL_RATING,
        ):
            line = t[self.code.value].format(
                platform=self.platform, metric=self.metric, detail=self.detail
            )
            return line + scope
        unit = _UNIT_SUFFIX[locale].get(self.unit, "")
        what = t["target"].format(
            metric=self.metric,
            value=self.value,
            target=self.target,
            comparator=self.comparator.value if self.comparator else "?",
            unit=unit,
        )
        line = t[self.code.value].format(what=what, platform=self.platform)
        if self.detail:
            line += f" ({self.detail})" if locale == "en" else f"（{self.detail}）"
        return line + scope


@attrs.frozen
class HealthAssessment:
    """A standing and the performance warnings beside it: what the points say and what the
    metrics say, in one value whose :meth:`explain` shows both."""

    standing: Standing
    warnings: tuple[PerformanceWarning, ...]

    @property
    def ok(self) -> bool:
        """Whether there is no performance warning (the standing's status is separate)."""
        return not self.warnings

    def explain(self, locale: str = "en") -> str:
        """The standing's explanation followed by one line per performance warning."""
        check_locale(locale)
        t = _TEXTS[locale]
        lines = [self.standing.explain(locale), ""]
        if not self.warnings:
            lines.append(t["none"])
        else:
            lines.append(t["header"].format(n=len(self.warnings)))
            lines.extend(f"- {w.explain(locale)}" for w in self.warnings)
        return "\n".join(lines)


def assess_health(standing: Standing, *warnings: Iterable[PerformanceWarning]) -> HealthAssessment:
    """Put the performance warnings of one or more sources (each an iterable of
    :class:`PerformanceWarning`, e.g. ``shop_performance.warnings()``) beside ``standing``."""
    if not isinstance(standing, Standing):
        raise TypeError(
            f"assess_health() needs a Standing (policy.standing(events, at)), not "
            f"{type(standing).__name__}."
        )
    out: list[PerformanceWarning] = []
    for i, group in enumerate(warnings):
        for j, w in enumerate(group):
            if not isinstance(w, PerformanceWarning):
                raise TypeError(
                    f"warnings[{i}][{j}] is a {type(w).__name__}, not a PerformanceWarning; "
                    "pass the readers' warnings() (e.g. parse_shop_performance(...).warnings())."
                )
            out.append(w)
    return HealthAssessment(standing, tuple(out))
