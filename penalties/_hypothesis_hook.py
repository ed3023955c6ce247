"""The ``hypothesis`` entry point: registers strategies for the library's types, lazily.

Hypothesis calls :func:`_hypothesis_setup_hook` while it is being imported, in every project
where penalties is installed, whether or not that project uses penalties. So the hook imports
nothing of penalties: it registers the types whose modules are already loaded, and the modules
loaded later (``penalties`` itself, ``penalties.claims``) register theirs when they load, if
Hypothesis is there by then (:func:`register_loaded`). A project that imports Hypothesis but
not penalties pays nothing; one that uses both gets ``st.from_type(Violation)`` either way round.

The resolvers import :mod:`penalties.strategies` only when a test first asks for a type, so
importing ``penalties.strategies`` before Hypothesis never runs into a half-imported module.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__: list[str] = []

_TYPES: tuple[tuple[str, str], ...] = (
    ("penalties.events", "Violation"),
    ("penalties.events", "Appeal"),
    ("penalties.policy", "Policy"),
    ("penalties.claims.model", "SafeTClaim"),
)
"""Each registered type as (the module defining it, its name)."""


def _resolve(cls: type[Any]) -> SearchStrategy[Any]:
    from penalties.strategies import from_type

    return from_type(cls)


def register_loaded() -> None:
    """Register :func:`penalties.strategies.from_type` for each of Violation, Appeal, Policy
    and SafeTClaim whose module is loaded, when Hypothesis' strategies are loaded too; imports
    nothing, and calling it again is harmless."""
    st = sys.modules.get("hypothesis.strategies")
    register = getattr(st, "register_type_strategy", None)
    if register is None:  # Hypothesis is not (yet) imported: its hook will call us
        return
    for module_name, name in _TYPES:
        cls = getattr(sys.modules.get(module_name), name, None)
        if isinstance(cls, type):  # None while that module is not loaded or half-loaded
            register(cls, _resolve)


def _hypothesis_setup_hook() -> None:
    """The entry point Hypothesis runs on import: :func:`register_loaded`."""
    register_loaded()
