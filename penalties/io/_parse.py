"""Strict text parsing shared by the loaders: JSON that keeps decimals exact and refuses
duplicate keys, TOML with exact decimals, and a short rendering of values for error messages."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import tomllib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn

__all__ = [
    "EARLIEST",
    "LATEST",
    "MAX_DAYS",
    "decode",
    "instant_problem",
    "lone_surrogate",
    "parse_json",
    "parse_toml",
    "sentence",
    "show",
    "wide_encoding",
]

EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)
"""Instants and dates in files lie in [EARLIEST, LATEST): far enough from the ends of the
calendar that every rule's arithmetic (days added, resets found) stays in range."""
MAX_DAYS = 36_500
"""The longest duration in days a policy file may give (100 years)."""


def instant_problem(value: dt.datetime | dt.date) -> str | None:
    """Why ``value`` is outside the range files hold, or None when it is inside."""
    if isinstance(value, dt.datetime):
        inside = EARLIEST <= value < LATEST
    else:
        inside = EARLIEST.date() <= value < LATEST.date()
    if inside:
        return None
    return (
        f"{value.isoformat()} is outside the years {EARLIEST.year}-{LATEST.year - 1} that "
        "penalties files hold"
    )


ErrorFactory = Callable[[str], Exception]


def wide_encoding(data: bytes) -> str | None:
    """The name of the UTF-16 or UTF-32 encoding ``data`` looks written in (its byte-order
    mark, or NUL bytes between the characters), or None: text editors and spreadsheets save
    "Unicode" files so, and the UTF-8 decoder would accept some of them as NUL-ridden text."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            return name
    head = data[:4096]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        return "UTF-16 or UTF-32"
    return None


def decode(data: str | bytes, *, what: str, error: ErrorFactory) -> str:
    """``data`` as text: bytes are decoded as UTF-8; a leading byte-order mark is dropped."""
    if isinstance(data, bytes):
        wide = wide_encoding(data)
        if wide is not None:
            raise error(f"{what} is not UTF-8 text: it looks like {wide}; save it as UTF-8.")
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise error(
                f"{what} is not UTF-8 text (byte {exc.start}: {exc.reason}); save it as UTF-8."
            ) from None
    elif not isinstance(data, str):
        raise error(f"{what} must be str or bytes, not {type(data).__name__}.")
    return data[1:] if data.startswith("\ufeff") else data


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _number(text: str) -> Decimal:
    """A number with a fraction or an exponent, exactly; one Decimal cannot hold is refused."""
    try:
        return Decimal(text)
    except InvalidOperation:
        shown = text if len(text) <= 24 else text[:20] + "..."
        raise _BadConstant(f"the number {shown}, which is out of range") from None


def _constant(name: str) -> NoReturn:
    raise _BadConstant(name)


class _BadConstant(Exception):
    pass


def lone_surrogate(data: object) -> str | None:
    """The first string (or key) in parsed JSON ``data`` that holds a lone surrogate (JSON's
    ``"\\ud800"`` decodes to one), shown escaped, or None. No file can hold such a string."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    return value.encode("utf-8", "backslashreplace").decode("ascii")[:60]
        elif isinstance(value, dict):
            stack.extend(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def parse_json(text: str, *, what: str, error: ErrorFactory) -> Any:
    """Parse JSON ``text``: numbers with a fraction or exponent become exact ``Decimal`` values;
    ``NaN``/``Infinity``, duplicate keys in one object and lone surrogates are refused."""
    try:
        data = json.loads(
            text, parse_float=_number, parse_constant=_constant, object_pairs_hook=_pairs
        )
    except json.JSONDecodeError as exc:
        where = f"column {exc.colno}"
        if exc.lineno > 1:
            where = f"line {exc.lineno}, {where}"
        raise error(f"{what} is not valid JSON: {exc.msg} ({where}).") from None
    except _DuplicateKey as exc:
        raise error(
            f"{what} repeats the key {exc.key!r} in one object; keep one of them."
        ) from None
    except _BadConstant as exc:
        raise error(f"{what} contains {exc}; JSON numbers are finite.") from None
    except RecursionError:
        raise error(f"{what} is nested too deeply to be a penalties document.") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise error(f"{what} is not valid JSON: {exc}.") from None
    bad = lone_surrogate(data)
    if bad is not None:
        raise error(
            f"{what} holds a lone surrogate in the string {bad!r}, which is not text any file "
            "can hold; write the character itself (or a whole surrogate pair)."
        )
    return data


def parse_toml(text: str, *, what: str, error: ErrorFactory) -> dict[str, Any]:
    """Parse TOML ``text``; numbers with a fraction or exponent become exact ``Decimal`` values."""
    try:
        return tomllib.loads(text, parse_float=_number)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{what} is not valid TOML: {exc}.") from None
    except _BadConstant as exc:
        raise error(f"{what} contains {exc}.") from None
    except RecursionError:
        raise error(f"{what} is nested too deeply to be a policy file.") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise error(f"{what} is not valid TOML: {exc}.") from None


def show(value: object) -> str:
    """``value`` as it is written in a JSON or TOML file, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = json.dumps(value, ensure_ascii=False)
        return shown if len(shown) <= 80 else shown[:76] + '..."'
    if isinstance(value, int):
        return str(value) if value.bit_length() < 200 else "a very long number"
    if isinstance(value, (Decimal, float)):
        return str(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def sentence(message: str) -> str:
    """``message`` ending with a full stop (unless it already ends a sentence)."""
    message = message.rstrip()
    return message if message.endswith((".", "?", "!")) else message + "."
