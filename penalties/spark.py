"""Standings of many accounts on a Spark cluster: :func:`evaluate_spark`.

Needs the ``spark`` extra (``pip install 'penalties[spark]'``: pyspark, pandas, pyarrow). Each
account's events are grouped on one executor (``groupBy(account).applyInPandas``) and evaluated
there by :func:`penalties.frames.evaluate_many`, so the result has the same columns and values
as the local batch API, for one policy or for a table whose rows name their policy and market
(the "platform column" form). Keep instants as ISO strings with their offset (Spark's own
timestamps keep no offset).
"""

from __future__ import annotations

import pickle
from typing import Any

from penalties._time import InstantLike, to_instant
from penalties.errors import PenaltiesError
from penalties.frames import (
    ColumnKind,
    Errors,
    InvalidTableError,
    _mixed_spec,
    evaluate_many,
    standings_columns,
)
from penalties.policy import Policy, get_policy
from penalties.results import MissingExtraError

__all__ = ["evaluate_spark"]


def _pyspark_types() -> Any:
    try:
        from pyspark.sql import types
    except ImportError:
        raise MissingExtraError(
            "penalties.spark needs pyspark; install it with pip install 'penalties[spark]'."
        ) from None
    return types


_POLICIES: dict[bytes, Policy] = {}
"""Policies rebuilt on an executor, by their pickled data: once per Python worker."""


def _policy(data: bytes) -> Policy:
    policy = _POLICIES.get(data)
    if policy is None:
        from penalties.io.policies import policy_from_data

        policy = _POLICIES[data] = policy_from_data(pickle.loads(data))
    return policy


def evaluate_spark(
    policy: Policy | str,
    df: Any,
    *,
    account: str = "account",
    market: str | None = None,
    at: InstantLike | str,
    errors: Errors = "raise",
) -> Any:
    """The standing of every account of the Spark DataFrame ``df`` (event rows with an
    ``account`` column, laid out as for :func:`penalties.frames.evaluate_many`) as a Spark
    DataFrame with the columns of :func:`penalties.frames.standings_columns`.

    ``at`` is one instant or the name of a column (as in ``evaluate_many``). The policy travels
    to the executors as policy data, so it must be one :func:`penalties.io.dump_policy` can
    write (every built-in policy and policy file is). Nothing runs until an action (``show``,
    ``write``, ``toPandas``) asks for the result; with ``errors="raise"`` a bad account then
    fails the Spark job with the message of :class:`penalties.frames.InvalidTableError`.

    **Many platforms**: as in ``evaluate_many``, ``policy`` may name the column holding each
    row's policy code and ``market`` the column of its market; the result then has the columns
    of ``evaluate_many``'s many-platform form (``policy`` and ``market`` after the account, a
    ``points_<ledger>`` column for every ledger of every policy present). Spark needs the
    result's columns before it runs, so this form first collects the distinct (policy, market)
    pairs of ``df`` (one small job); the codes are resolved with
    :func:`penalties.get_policy` on the driver and on the executors.
    """
    types = _pyspark_types()
    if errors not in ("raise", "collect"):
        raise InvalidTableError(f"errors={errors!r}: use 'raise' or 'collect'.")
    if not isinstance(account, str) or account not in df.columns:
        raise KeyError(f"account={account!r}: the DataFrame has no such column.")
    column_at = isinstance(at, str) and at in df.columns
    when: str = at if column_at else to_instant(at, what="at").isoformat()  # type: ignore[assignment]
    account_type = df.schema[account].dataType
    kinds = {
        "text": types.StringType(),
        "int": types.LongType(),
        "optional_int": types.LongType(),
        "instant": types.TimestampType(),  # Spark keeps the instant, shown in the session zone
        "status": types.StringType(),
    }
    if isinstance(policy, str):
        columns = _mixed_columns(policy, df, account=account, market=market, errors=errors)
        names = [name for name, _ in columns]
        fields = [
            types.StructField(name, account_type if kind == "account" else kinds[kind], True)
            for name, kind in columns
        ]
        code_column: str = policy

        def evaluate_mixed(frame: Any) -> Any:
            out = evaluate_many(
                code_column, frame, account=account, market=market, at=when, processes=1,
                errors=errors,
            )  # fmt: skip
            return out.reindex(columns=names)  # the points columns of the other policies

        return df.groupBy(account).applyInPandas(evaluate_mixed, schema=types.StructType(fields))
    if market is not None:
        raise InvalidTableError(
            "market= names the market column of a table of many policies; with one Policy, "
            "choose its market in get_policy(code, market=...)."
        )
    from penalties.io.policies import policy_from_data, policy_to_data

    if not isinstance(policy, Policy):
        raise TypeError(
            f"policy must be a Policy (get_policy(...)) or the name of the column naming each "
            f"row's policy, not {policy!r}."
        )
    data = policy_to_data(policy)
    if policy_from_data(data) != policy:
        raise MissingExtraError(
            f"policy {policy.code!r} has no policy-data form, so it cannot travel to Spark "
            "executors; evaluate it locally with penalties.frames.evaluate_many."
        )
    blob = pickle.dumps(data)
    fields = [
        types.StructField(name, account_type if kind == "account" else kinds[kind], True)
        for name, kind in standings_columns(policy, account=account, errors=errors)
    ]
    schema = types.StructType(fields)

    def evaluate_group(frame: Any) -> Any:
        return evaluate_many(
            _policy(blob), frame, account=account, at=when, processes=1, errors=errors
        )

    return df.groupBy(account).applyInPandas(evaluate_group, schema=schema)


def _mixed_columns(
    policy_column: str, df: Any, *, account: str, market: str | None, errors: Errors
) -> list[tuple[str, ColumnKind]]:
    """The result columns of the many-platform form over ``df``: those of ``evaluate_many``
    for the (policy, market) pairs present (collected from ``df``, a small Spark job)."""
    for name, what in ((policy_column, "policy"), (market, "market")):
        if name is not None and name not in df.columns:
            raise KeyError(f"{what}={name!r}: the DataFrame has no such column.")
    named = [c for c in (account, policy_column, market) if c is not None]
    if len(set(named)) != len(named):
        raise InvalidTableError(
            f"the account, policy and market columns must differ (account={account!r}, "
            f"policy={policy_column!r}, market={market!r})."
        )
    picked = [policy_column] if market is None else [policy_column, market]
    pairs = sorted(
        {
            (row[0], None if market is None else row[1])
            for row in df.select(*picked).distinct().collect()
        },
        key=repr,
    )
    policies: list[Policy] = []
    for code, chosen in pairs:
        text = chosen.strip() if isinstance(chosen, str) and chosen.strip() else None
        if not isinstance(code, str) or not code.strip():
            continue  # a row problem: evaluate_many names the account and the row
        try:
            policies.append(get_policy(code.strip(), market=text))
        except PenaltiesError as exc:
            if errors == "raise":
                where = f"policy {code!r}" + ("" if text is None else f", market {text!r}")
                raise InvalidTableError(
                    f"{where} (column {policy_column!r}): {type(exc).__name__}: {exc}"
                ) from None
    points: dict[str, ColumnKind] = {}
    for p in policies:
        points.update((f"points_{ledger.code}", "int") for ledger in p.ledgers)
    return _mixed_spec(account, points, errors)
