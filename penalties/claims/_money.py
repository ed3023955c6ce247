"""Money for claims: exact :class:`~decimal.Decimal` amounts, never floats.

A float such as ``19.99`` is already wrong in binary, so it is refused rather than rounded;
callers pass a ``Decimal``, an ``int`` or a decimal string (``"19.99"``). Amounts are parsed and
computed in the library's own decimal context (:func:`money_context`), never the caller's: a
``localcontext(prec=2)`` around a call changes nothing, and an amount the context cannot hold
exactly (more than :data:`MAX_INTEGER_DIGITS` digits before the point or
:data:`MAX_DECIMALS` after it) is refused, never rounded.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import TypeAlias

from penalties.errors import InvalidClaimError, PenaltiesError

__all__ = [
    "MAX_DECIMALS",
    "MAX_INTEGER_DIGITS",
    "MoneyLike",
    "check_minor_units",
    "format_money",
    "money_context",
    "round_down",
    "to_money",
]

MAX_INTEGER_DIGITS = 15
"""The most digits an amount may have before the point: below 10**15 (a thousand trillion in
any currency; the largest SAFE-T cap is JPY 500,000)."""
MAX_DECIMALS = 12
"""The most decimals an amount may have, trailing zeros aside (currencies use at most 3)."""

_CONTEXT = Context(
    prec=60,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""Sixty digits: sums and products of amounts within the bounds above are exact."""


def money_context() -> AbstractContextManager[Context]:
    """A fresh copy of the money context as the current one, for ``with`` blocks: the caller's
    context (precision, rounding, traps, flags) neither affects nor sees money arithmetic."""
    return localcontext(_CONTEXT)


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
    with money_context():
        if isinstance(value, str):
            try:
                amount = Decimal(value.strip().replace("_", ""))
            except InvalidOperation:
                raise error(
                    f"{what} {_shown(value)} is not a decimal number; write it like '19.99' "
                    "(a dot for decimals, no currency sign or thousands separator)."
                ) from None
        else:
            amount = Decimal(value)
        if not amount.is_finite():
            raise error(
                f"{what} {_shown(value)} is not a finite amount; pass a number such as '19.99'."
            )
        if amount < 0:
            raise error(
                f"{what} {_shown(value)} is negative; amounts are never negative. State the "
                "amount charged or refunded as a positive number."
            )
        if amount and amount.adjusted() >= MAX_INTEGER_DIGITS:
            raise error(
                f"{what} {_shown(value)} has more than {MAX_INTEGER_DIGITS} digits before the "
                "point, more than any claim holds; check the amount (no amount is rounded)."
            )
        if _decimals(amount) > MAX_DECIMALS:
            raise error(
                f"{what} {_shown(value)} has more than {MAX_DECIMALS} decimals, more than money "
                "holds; pass the amount as it appears on the settlement report (no amount is "
                "rounded)."
            )
        return amount + 0  # normalises -0 to 0 and 2E+1 to 20, exactly


def _decimals(amount: Decimal) -> int:
    """How many decimals ``amount`` has, trailing zeros aside."""
    _, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)
    trailing = len(digits) - len(bytes(digits).rstrip(b"\x00")) if any(digits) else 0
    return max(0, -(exponent + trailing))


def _shown(value: object) -> str:
    if isinstance(value, int) and value.bit_length() > 128:
        return f"(an integer of about {int(value.bit_length() * 0.30103)} digits)"
    text = repr(value)
    return text if len(text) <= 40 else text[:36] + "...'"


def check_minor_units(amount: Decimal, minor_units: int, *, what: str, currency: str) -> None:
    """Raise :class:`InvalidClaimError` if ``amount`` has more decimals than ``currency`` allows."""
    with money_context():
        try:
            exact = amount == amount.quantize(Decimal(1).scaleb(-minor_units))
        except InvalidOperation:  # more digits than the money context holds
            exact = False
    if not exact:
        decimals = "no decimals" if minor_units == 0 else f"at most {minor_units} decimals"
        raise InvalidClaimError(
            f"{what} {amount} is not a whole number of {currency} minor units ({decimals}); "
            "pass the amount exactly as it appears on the settlement report."
        )


def round_down(amount: Decimal, minor_units: int) -> Decimal:
    """``amount`` cut to the currency's minor unit, never rounded up (a cap is never exceeded)."""
    with money_context():
        return amount.quantize(Decimal(1).scaleb(-minor_units), rounding=ROUND_DOWN)


def format_money(amount: Decimal, currency: str, minor_units: int) -> str:
    """``EUR 4,000.00`` / ``JPY 500,000``: the amount with its currency, for messages."""
    with money_context():
        return f"{currency} {amount:,.{minor_units}f}"
