"""Money for claims: exact :class:`~decimal.Decimal` amounts, never floats.

A float such as ``19.99`` is already wrong in binary, so it is refused rather than rounded;
callers pass a ``Decimal``, an ``int`` or a decimal string (``"19.99"``).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import TypeAlias

from penalties.errors import InvalidClaimError, PenaltiesError

__all__ = ["MoneyLike", "check_minor_units", "format_money", "round_down", "to_money"]

MoneyLike: TypeAlias = Decimal | int | str
"""What an amount accepts: a ``Decimal``, an ``int`` or a decimal string such as ``"19.99"``."""


def to_money(
    value: object,
    *,
    what: str,
    error: type[PenaltiesError] = InvalidClaimError,
) -> Decimal:
    """Return ``value`` as a finite, non-negative ``Decimal`` or raise ``error`` naming ``what``."""
    if isinstance(value, float):
        raise error(
            f"{what} {value!r} is a float; floats cannot hold money exactly. Pass a Decimal or "
            f"a string instead, e.g. Decimal('{value}') or '{value}'."
        )
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise error(
            f"{what} must be a Decimal, an int or a decimal string such as '19.99', not "
            f"{type(value).__name__} {value!r}."
        )
    if isinstance(value, str):
        try:
            amount = Decimal(value.strip().replace("_", ""))
        except InvalidOperation:
            raise error(
                f"{what} {value!r} is not a decimal number; write it like '19.99' "
                "(a dot for decimals, no currency sign or thousands separator)."
            ) from None
    else:
        amount = Decimal(value)
    if not amount.is_finite():
        raise error(f"{what} {value!r} is not a finite amount; pass a number such as '19.99'.")
    if amount < 0:
        raise error(
            f"{what} {value!r} is negative; amounts are never negative. State the amount "
            "charged or refunded as a positive number."
        )
    return amount + 0  # normalises -0 to 0


def check_minor_units(amount: Decimal, minor_units: int, *, what: str, currency: str) -> None:
    """Raise :class:`InvalidClaimError` if ``amount`` has more decimals than ``currency`` allows."""
    try:
        exact = amount == amount.quantize(Decimal(1).scaleb(-minor_units))
    except InvalidOperation:  # more digits than the decimal context holds
        exact = False
    if not exact:
        decimals = "no decimals" if minor_units == 0 else f"at most {minor_units} decimals"
        raise InvalidClaimError(
            f"{what} {amount} is not a whole number of {currency} minor units ({decimals}); "
            "pass the amount exactly as it appears on the settlement report."
        )


def round_down(amount: Decimal, minor_units: int) -> Decimal:
    """``amount`` cut to the currency's minor unit, never rounded up (a cap is never exceeded)."""
    return amount.quantize(Decimal(1).scaleb(-minor_units), rounding=ROUND_DOWN)


def format_money(amount: Decimal, currency: str, minor_units: int) -> str:
    """``EUR 4,000.00`` / ``JPY 500,000``: the amount with its currency, for messages."""
    return f"{currency} {amount:,.{minor_units}f}"
