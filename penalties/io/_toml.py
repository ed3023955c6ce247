"""A small TOML writer for policy data (the standard library reads TOML but does not write it).

Small tables (only plain values) are written inline, ``{type = "expires_after", days = 365}``;
larger ones become ``[section]`` and ``[[array.of.tables]]`` headers, so a dumped policy reads
like a hand-written one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

__all__ = ["dumps_toml"]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _key(name: str) -> str:
    return name if _BARE.fullmatch(name) else _string(name)


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _plain(value: Any) -> bool:
    """Whether ``value`` can be written inline on one line."""
    if isinstance(value, Mapping):
        return all(_plain(v) and not isinstance(v, Mapping | list) for v in value.values())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return True


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _string(str(value))
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


_WIDTH = 100


def _section(data: Mapping[str, Any], prefix: str, lines: list[str]) -> None:
    later: list[tuple[str, Any]] = []
    for name, value in data.items():
        line = f"{_key(name)} = {_value(value)}" if _plain(value) else ""
        if line and len(line) <= _WIDTH:
            lines.append(line)
        elif isinstance(value, Mapping) or _tables(value):
            later.append((name, value))
        elif isinstance(value, list) and _plain(value):
            lines.append(f"{_key(name)} = [")
            lines.extend(f"    {_value(v)}," for v in value)
            lines.append("]")
        else:
            lines.append(f"{_key(name)} = {_value(value)}")
    for name, value in later:
        path = f"{prefix}.{_key(name)}" if prefix else _key(name)
        if isinstance(value, Mapping):
            lines.extend(["", f"[{path}]"])
            _section(value, path, lines)
        else:
            for item in value:
                lines.extend(["", f"[[{path}]]"])
                _section(item, path, lines)


def dumps_toml(data: Mapping[str, Any]) -> str:
    """``data`` (str keys; str, int, bool, Decimal, date, list and mapping values) as TOML."""
    lines: list[str] = []
    _section(data, "", lines)
    return "\n".join(lines) + "\n"
