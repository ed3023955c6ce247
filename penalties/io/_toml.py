"""Policy data as TOML text, written by :mod:`tomli_w` (the standard library reads TOML but does
not write it).

Money stays exact: a ``Decimal`` is written as the TOML number it spells (``12.50``), which the
reader takes back as the same ``Decimal``; a whole amount (``Decimal("10000")``) is written as
an integer, since tomli-w would spell it ``10000.0``, which reads back as ``Decimal("10000.0")``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import tomli_w

__all__ = ["dumps_toml"]


def dumps_toml(data: Mapping[str, Any]) -> str:
    """``data`` (str keys; str, int, bool, Decimal, date, list and mapping values) as TOML."""
    return tomli_w.dumps(_exact(data))


def _exact(value: Any) -> Any:
    """``value`` with every whole ``Decimal`` as an int (see the module docs)."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= 0:
            return int(value)
        return value
    if isinstance(value, Mapping):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_exact(v) for v in value]
    return value
