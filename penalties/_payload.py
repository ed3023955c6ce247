"""Reading platform payloads (API responses, reports): typed getters whose errors name the path.

The platform adapters (``penalties.io.shopee``, ``penalties.io.amazon``) walk parsed JSON with
these helpers, so every malformed field raises :class:`InvalidPayloadError` with a message that
starts with its JSON path (``$.response.penalty_point_list[2].latest_point_num: ...``) and says
what was expected. Nothing here guesses: a missing, mistyped or out-of-range value is an error.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import os
import re
import sys
import zlib
from collections.abc import Mapping, Sequence
from typing import TypeVar

import pendulum
from pendulum import DateTime

from penalties._time import to_instant
from penalties.errors import InvalidPayloadError, close_matches
from penalties.io._parse import EARLIEST, LATEST, lone_surrogate, wide_encoding
from penalties.io._source import DEFAULT_MAX_BYTES, read_regular_file

__all__ = [
    "child",
    "enum_member",
    "get",
    "integer",
    "iso_instant",
    "load_json",
    "number",
    "obj",
    "seq",
    "snake",
    "string",
    "unix_time",
]

E = TypeVar("E", bound=enum.Enum)
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def child(path: str, key: str | int) -> str:
    """The JSON path of ``key`` (an object key or an array index) under ``path``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if _IDENT.match(key) else f"{path}[{json.dumps(key)}]"


def snake(name: str) -> str:
    """``camelCase`` → ``camel_case`` (the other spelling some tools give report fields)."""
    return _HUMP.sub("_", name).lower()


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) <= 40 else "a string"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, Sequence):
        return "an array"
    return f"a {type(value).__name__}"


def load_json(payload: object, what: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> object:
    """``payload`` as parsed JSON: a path (``os.PathLike``) is read as a regular file, text and
    bytes (UTF-8, gzip allowed) are decoded and parsed, anything else is returned as it is
    (already parsed). More than ``max_bytes`` of file or decompressed text is refused, and so
    are duplicate keys in one object and integers too long to convert."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError(f"max_bytes must be an int, not {type(max_bytes).__name__}")
    if isinstance(payload, os.PathLike):
        try:
            noun = what.removeprefix("an ").removeprefix("a ")
            payload = read_regular_file(
                payload, what=noun, error=InvalidPayloadError, max_bytes=max_bytes
            )
        except InvalidPayloadError as exc:
            raise InvalidPayloadError(f"$: {exc}") from None
    if isinstance(payload, bytes | bytearray | memoryview):
        raw = bytes(payload)
        if raw[:2] == b"\x1f\x8b":
            raw = _gunzip(raw, what, max_bytes)
        elif len(raw) > max_bytes:
            raise _too_large(what, max_bytes)
        wide = wide_encoding(raw)
        if wide is not None:
            raise InvalidPayloadError(
                f"$: {what} is not UTF-8 text: it looks like {wide}; pass the JSON document as "
                "the platform sent it (UTF-8), or save it as UTF-8."
            )
        try:
            payload = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidPayloadError(
                f"$: {what} is not UTF-8 text (bad byte at offset {exc.start}); pass the JSON "
                "document as the platform sent it."
            ) from None
    if isinstance(payload, str):
        if len(payload) > max_bytes:
            raise _too_large(what, max_bytes)
        try:
            data = json.loads(payload, object_pairs_hook=_unique)
        except _RepeatedKey as exc:
            raise InvalidPayloadError(
                f"$: {what} repeats the key {exc.key!r} in one object; a platform sends each "
                "field once, so the document was altered: keep one of them."
            ) from None
        except json.JSONDecodeError as exc:
            raise InvalidPayloadError(
                f"$: {what} is not valid JSON ({exc.msg} at line {exc.lineno} column "
                f"{exc.colno}); it may be truncated: pass the whole document."
            ) from None
        except RecursionError:
            raise InvalidPayloadError(f"$: {what} nests too deeply to be read.") from None
        except ValueError:  # an integer with more digits than Python converts
            raise InvalidPayloadError(
                f"$: {what} holds an integer of more than {sys.get_int_max_str_digits():,} "
                "digits, more than Python converts; no platform field has thousands of digits: "
                "check the document."
            ) from None
        bad = lone_surrogate(data)
        if bad is not None:
            raise InvalidPayloadError(
                f"$: {what} holds a lone surrogate in the string {bad!r}, which is not text; "
                "pass the document as the platform sent it."
            )
        return data
    return payload


class _RepeatedKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _RepeatedKey(key)
        out[key] = value
    return out


def _too_large(what: str, max_bytes: int) -> InvalidPayloadError:
    return InvalidPayloadError(
        f"$: {what} is larger than {max_bytes:,} bytes; pass a larger max_bytes= if this size "
        "is expected."
    )


def _gunzip(raw: bytes, what: str, max_bytes: int) -> bytes:
    """``raw`` decompressed, refusing more than ``max_bytes`` of output (a gzip bomb)."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(raw, max_bytes + 1)
        if len(out) > max_bytes:
            raise _too_large(f"{what} (decompressed)", max_bytes)
        if not inflater.eof:
            raise zlib.error("incomplete or truncated stream")
    except zlib.error as exc:
        raise InvalidPayloadError(
            f"$: {what} looks gzip-compressed but does not decompress ({exc}); "
            "download the document again."
        ) from None
    return out


def obj(value: object, path: str) -> Mapping[str, object]:
    """``value`` as a JSON object."""
    if not isinstance(value, Mapping):
        raise InvalidPayloadError(f"{path}: expected an object, got {_kind(value)}.")
    return value


def seq(value: object, path: str) -> Sequence[object]:
    """``value`` as a JSON array."""
    if isinstance(value, str | bytes | bytearray) or not isinstance(value, Sequence):
        raise InvalidPayloadError(f"{path}: expected an array, got {_kind(value)}.")
    return value


def get(
    mapping: Mapping[str, object], path: str, *names: str, required: bool = True
) -> tuple[object, str]:
    """The value stored under any spelling in ``names`` (first one canonical) and its path.

    Several spellings that hold different values are ambiguous and raise; a required field that
    is missing (or ``null``) raises naming every accepted spelling. An optional missing field
    gives ``(None, path)``.
    """
    found = [(n, mapping[n]) for n in names if n in mapping and mapping[n] is not None]
    if len({json.dumps(v, sort_keys=True, default=str) for _, v in found}) > 1:
        spelled = " and ".join(repr(n) for n, _ in found)
        raise InvalidPayloadError(
            f"{path}: the fields {spelled} are two spellings of one field but hold different "
            "values; keep one of them."
        )
    if found:
        name, value = found[0]
        return value, child(path, name)
    if required:
        nulls = [n for n in names if n in mapping]
        if nulls:
            raise InvalidPayloadError(f"{child(path, nulls[0])}: expected a value, got null.")
        also = f" (also accepted: {', '.join(repr(n) for n in names[1:])})" if names[1:] else ""
        hint = close_matches(names[0], [k for k in mapping if isinstance(k, str)])
        raise InvalidPayloadError(f"{child(path, names[0])}: missing field{also}.{hint}")
    return None, child(path, names[0])


def integer(value: object, path: str, *, minimum: int | None = 0) -> int:
    """``value`` as a whole number (an integral JSON number), at least ``minimum``."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        if abs(value) > _EXACT_FLOAT:
            raise InvalidPayloadError(
                f"{path}: {value!r} is a float beyond 2**53, where floats skip whole numbers, so "
                "its digits may have been rounded; pass the document as text, or parse it with "
                "integers kept (not parse_int=float, not a JavaScript or pandas float column)."
            )
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPayloadError(f"{path}: expected a whole number, got {_kind(value)}.")
    if minimum is not None and value < minimum:
        raise InvalidPayloadError(f"{path}: expected a number >= {minimum}, got {value}.")
    return value


def number(value: object, path: str) -> float:
    """``value`` as a finite JSON number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidPayloadError(f"{path}: expected a number, got {_kind(value)}.")
    result = float(value)
    if not math.isfinite(result):
        raise InvalidPayloadError(f"{path}: expected a finite number, got {value!r}.")
    return result


def string(value: object, path: str, *, allow_empty: bool = False) -> str:
    """``value`` as a JSON string (non-blank unless ``allow_empty``)."""
    if not isinstance(value, str):
        raise InvalidPayloadError(f"{path}: expected a string, got {_kind(value)}.")
    if not allow_empty and not value.strip():
        raise InvalidPayloadError(f"{path}: expected a non-empty string, got {value!r}.")
    return value


def enum_member(
    value: object, path: str, cls: type[E], aliases: Mapping[str, E] | None = None
) -> E:
    """``value`` as a member of ``cls`` (by value), or through ``aliases`` (other spellings)."""
    text = string(value, path)
    if aliases and text in aliases:
        return aliases[text]
    try:
        return cls(text)
    except ValueError:
        allowed = [str(m.value) for m in cls] + list(aliases or ())
        raise InvalidPayloadError(
            f"{path}: {text!r} is not one of {', '.join(allowed)}.{close_matches(text, allowed)}"
        ) from None


def unix_time(value: object, path: str, tz: str) -> DateTime:
    """A Unix timestamp (whole seconds) as an aware instant in zone ``tz``, within the years
    files hold (1900-2199); a time in milliseconds is refused as such."""
    seconds = integer(value, path)
    if not _EARLIEST_SECOND <= seconds < _LATEST_SECOND:
        hint = ""
        if _EARLIEST_SECOND <= seconds // 1000 < _LATEST_SECOND:
            hint = (
                f"; it looks like milliseconds ({seconds // 1000} seconds would be "
                f"{dt.datetime.fromtimestamp(seconds // 1000, dt.UTC):%Y-%m-%d} UTC): divide "
                "by 1000"
            )
        raise InvalidPayloadError(
            f"{path}: {seconds} is not a usable Unix time (seconds since 1970-01-01 UTC, "
            f"between the years 1900 and 2199){hint}."
        )
    return pendulum.from_timestamp(seconds, tz=tz)


_EXACT_FLOAT = 2**53
_EARLIEST_SECOND = int(EARLIEST.timestamp())
_LATEST_SECOND = int(LATEST.timestamp())


def iso_instant(value: object, path: str) -> DateTime:
    """An ISO-8601 date-time with an offset (``2020-11-18T23:59Z``) as an aware instant."""
    return to_instant(string(value, path), what=path, error=InvalidPayloadError)
