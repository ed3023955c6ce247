"""Policy data as TOML text, written by :mod:`tomli_w` (the standard library reads TOML but does
not write it).

Money stays exact: a ``Decimal`` is written as the TOML number it spells (``12.50``), which the
reader takes back as the same ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tomli_w

__all__ = ["dumps_toml"]


def dumps_toml(data: Mapping[str, Any]) -> str:
    """``data`` (str keys; str, int, bool, Decimal, date, list and mapping values) as TOML."""
    return tomli_w.dumps(data)
