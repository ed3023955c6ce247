"""The ``hypothesis`` entry point: registers strategies for the library's types.

Hypothesis calls :func:`_hypothesis_setup_hook` while it is being imported. The hook therefore
lives apart from :mod:`penalties.strategies` (which imports Hypothesis itself) and only registers
resolvers; they import the strategies when a test first asks for ``st.from_type(Violation)``, so
importing ``penalties.strategies`` before Hypothesis never runs into a half-imported module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__: list[str] = []


def _resolve(cls: type[Any]) -> SearchStrategy[Any]:
    from penalties.strategies import from_type

    return from_type(cls)


def _hypothesis_setup_hook() -> None:
    """Register :func:`penalties.strategies.from_type` for Violation, Appeal, Policy and
    SafeTClaim; calling it again is harmless."""
    from hypothesis import strategies as st

    from penalties import Appeal, Policy, SafeTClaim, Violation

    for cls in (Violation, Appeal, Policy, SafeTClaim):
        st.register_type_strategy(cls, _resolve)
