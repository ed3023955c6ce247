"""Standings of many accounts on a Spark cluster: :func:`evaluate_spark`.

Needs the ``spark`` extra (``pip install 'penalties[spark]'``: pyspark, pandas, pyarrow). Each
account's events are grouped on one executor (``groupBy(account).applyInPandas``) and evaluated
there by :func:`penalties.frames.evaluate_many`, so the result has the same columns and values
as the local batch API. Keep instants as ISO strings with their offset (Spark's own timestamps
keep no offset).
"""

from __future__ import annotations

import pickle
from typing import Any

from penalties._time import InstantLike, to_instant
from penalties.frames import Errors, evaluate_many, standings_columns
from penalties.policy import Policy
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
    policy: Policy,
    df: Any,
    *,
    account: str = "account",
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
    """
    types = _pyspark_types()
    from penalties.io.policies import policy_from_data, policy_to_data

    if not isinstance(policy, Policy):
        raise TypeError(f"policy must be a Policy (get_policy(...)), not {policy!r}.")
    data = policy_to_data(policy)
    if policy_from_data(data) != policy:
        raise MissingExtraError(
            f"policy {policy.code!r} has no policy-data form, so it cannot travel to Spark "
            "executors; evaluate it locally with penalties.frames.evaluate_many."
        )
    blob = pickle.dumps(data)
    if account not in df.columns:
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
