"""The error and warning hierarchy: every problem the library reports is one of these.

Each error message says what was wrong and how to fix it. Errors that describe bad values also
subclass :class:`ValueError`, and failed look-ups subclass :class:`LookupError`, so callers that
already catch those keep working.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "AppealLimitWarning",
    "AppealNotAllowedError",
    "AppealUnavailableWarning",
    "AppealWarning",
    "InvalidChartError",
    "InvalidClaimError",
    "InvalidDocumentError",
    "InvalidEventError",
    "InvalidEventFileError",
    "InvalidPayloadError",
    "InvalidPolicyFileError",
    "LateAppealWarning",
    "PenaltiesError",
    "PenaltiesWarning",
    "PointsMismatchWarning",
    "PolicyDefinitionError",
    "UnknownPolicyError",
    "UnknownViolationKindError",
    "UnsupportedLocaleError",
    "close_matches",
]


class PenaltiesError(Exception):
    """Base class of every error raised by `penalties`."""


class InvalidEventError(PenaltiesError, ValueError):
    """An event (violation, appeal) or an instant is malformed or inconsistent with its history."""


class UnknownPolicyError(PenaltiesError, LookupError):
    """No policy is registered under the requested code (or market)."""


class UnknownViolationKindError(PenaltiesError, LookupError):
    """A violation names a kind or severity that the policy's catalogue does not know."""


class PolicyDefinitionError(PenaltiesError, ValueError):
    """A policy (built in code or loaded from data) is inconsistent or incomplete."""


class InvalidClaimError(PenaltiesError, ValueError):
    """A reimbursement claim is malformed (naive instant, float money, impossible amounts)."""


class UnsupportedLocaleError(PenaltiesError, ValueError):
    """An explanation was asked for in a language the library does not speak."""


class AppealNotAllowedError(PenaltiesError, ValueError):
    """An appeal the platform would not accept: filed late, over the limit, or against nothing."""


class PenaltiesWarning(UserWarning):
    """Base class of every warning issued by `penalties`."""


class PointsMismatchWarning(PenaltiesWarning):
    """A violation states points that differ from what the policy computes; the stated ones win."""


def close_matches(word: str, candidates: Iterable[str], *, n: int = 3) -> str:
    """Return a 'did you mean' suffix naming the closest candidates, or '' when none is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.5)
    if not matches:
        return ""
    return " Did you mean " + " or ".join(repr(m) for m in matches) + "?"


class AppealWarning(PenaltiesWarning):
    """A recorded appeal that the platform's rules would not have accepted."""


class LateAppealWarning(AppealWarning):
    """An appeal filed after the platform's appeal window closed."""


class AppealLimitWarning(AppealWarning):
    """More appeals on one record than the platform allows."""


class AppealUnavailableWarning(AppealWarning):
    """An appeal on a penalty its kind's dated appeal window does not cover (AliExpress
    prohibited goods before 2020-10-14): the platform did not take appeals then."""


class InvalidPayloadError(PenaltiesError, ValueError):
    """A platform payload (an API response or a report) is malformed or is an error response;
    the message starts with the JSON path of the bad field (e.g. ``$.response.x[2].y``)."""


class InvalidChartError(PenaltiesError, ValueError):
    """A chart was asked for with arguments it cannot draw (wrong type, empty range, bad path)."""


class InvalidEventFileError(InvalidEventError):
    """An event file (CSV, JSONL, JSON) is malformed; the message names the file, the line and
    the column or key, which are also kept as ``file``, ``line`` and ``column``."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column


class InvalidDocumentError(PenaltiesError, ValueError):
    """A serialized document cannot be read or written: not valid JSON or TOML, no or an unknown
    ``format`` or ``version``, or an object the format cannot hold."""


class InvalidPolicyFileError(PolicyDefinitionError):
    """A policy written as data (TOML, JSON) is invalid; the message starts with the file (if
    any) and the key path, which are also kept as ``file`` and ``key``."""

    def __init__(self, message: str, file: str | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.key = key
