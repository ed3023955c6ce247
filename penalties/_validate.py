"""Check a tree of rule values against their type annotations, once, where it is assembled.

The rule classes are plain data and validate their own numbers; what they cannot see is a
wrong *type* three levels down (a string where a :class:`~penalties.rules.SanctionSpec` belongs,
a float among a schedule's days). :func:`check_types` walks an attrs value and its nested attrs
values against their annotations, so a malformed policy fails when it is built, with the path to
the bad field, rather than deep inside an evaluation.

Why not typeguard (tried for issue 16): ``typeguard.check_type`` judges one value against one
annotation, but it does not go into attrs values or a ``Schedule[T]``'s entries, reports a bad
item as "item 1 of tuple" under the field rather than as a path, checks only the first item of a
collection unless told otherwise, and takes a ``bool`` for an ``int`` and a ``datetime`` for a
``date``. Wrapped to keep the paths and those rules it made building a policy about twice as
slow, and importing it (asyncio, unittest.mock, an entry-point scan) added 130-300 ms to
``import penalties``. attrs validators on every rule field would check at construction, without
the path from the policy; the rule classes keep their own value checks instead.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
import typing
from decimal import Decimal
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import attrs

from penalties.errors import PenaltiesError, PolicyDefinitionError

__all__ = ["check_types"]


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def check_types(
    value: object, where: str, *, error: type[PenaltiesError] = PolicyDefinitionError
) -> None:
    """Raise ``error`` naming the path of the first field of ``value`` (an attrs instance,
    walked recursively) whose value does not match its annotation."""
    problem = _check_instance(value, where)
    if problem is not None:
        raise error(problem)


def _check_instance(value: object, path: str) -> str | None:
    cls: Any = type(value)
    hints = _hints(cls)
    for field in attrs.fields(cls):
        if not field.init:
            continue
        problem = _check(getattr(value, field.name), hints[field.name], f"{path}.{field.name}")
        if problem is not None:
            return problem
    return None


def _describe(value: object) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _check(value: object, tp: Any, path: str) -> str | None:
    """``None`` when ``value`` fits ``tp``, else a message naming ``path``."""
    if tp is Any or isinstance(tp, TypeVar):
        return None
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        problems = [_check(value, arg, path) for arg in args]
        if any(p is None for p in problems):
            return None
        # Report the problem inside the matching type, if one matched at the top.
        for arg, problem in zip(args, problems, strict=True):
            base = get_origin(arg) or arg
            if isinstance(base, type) and isinstance(value, base):
                return problem
        names = " or ".join(_name(a) for a in args)
        return f"{path} must be {names}, not {_describe(value)}."
    if origin is Literal:
        if any(type(value) is type(a) and value == a for a in args):
            return None
        return f"{path} must be one of {', '.join(repr(a) for a in args)}, not {_describe(value)}."
    if origin in (tuple, frozenset, set):
        if not isinstance(value, origin):
            return f"{path} must be a {origin.__name__}, not {_describe(value)}."
        items = list(value)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(items) != len(args):
                return f"{path} must hold {len(args)} items, not {_describe(value)}."
            kinds = list(args)
        else:
            kinds = [args[0]] * len(items)
        for i, (item, kind) in enumerate(zip(items, kinds, strict=True)):
            problem = _check(item, kind, f"{path}[{i}]")
            if problem is not None:
                return problem
        return None
    if origin is not None and attrs.has(origin):
        # A generic attrs class such as Schedule[int]: check the type, then each entry's value.
        if not isinstance(value, origin):
            return f"{path} must be a {origin.__name__}, not {_describe(value)}."
        problem = _check_instance(value, path)
        if problem is None and args and hasattr(value, "entries"):
            for i, (_, entry) in enumerate(value.entries):
                problem = _check(entry, args[0], f"{path}.entries[{i}]")
                if problem is not None:
                    break
        return problem
    if origin is not None:
        return None  # Mapping, Callable and the like: not part of rule trees
    if tp is type(None):
        return None if value is None else f"{path} must be None, not {_describe(value)}."
    if tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"{path} must be a whole number (int), not {_describe(value)}."
    if tp is Decimal:
        ok = isinstance(value, Decimal) and value.is_finite()
        return None if ok else f"{path} must be a finite Decimal, not {_describe(value)}."
    if tp is dt.date:
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        return None if ok else f"{path} must be a datetime.date, not {_describe(value)}."
    if isinstance(tp, type):
        if not isinstance(value, tp):
            kind = "member of " if issubclass(tp, enum.Enum) else ""
            return f"{path} must be a {kind}{tp.__name__}, not {_describe(value)}."
        if attrs.has(tp) or attrs.has(type(value)):
            return _check_instance(value, path)
        return None
    return None
