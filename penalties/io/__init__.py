"""The edges of the library: versioned JSON documents, event files and policies as data.

- :func:`dumps` / :func:`loads`: events, policies and results as versioned JSON documents
  (``{"format": "penalties.events", "version": 1, ...}``), through one cattrs :data:`converter`.
- :func:`read_events` (:func:`read_csv`, :func:`read_jsonl`): event files, with errors that
  name the file, the line and the column; :func:`read_accounts` for a file of many accounts.
- :func:`load_policy` / :func:`dump_policy`: a platform's rules written as TOML or JSON,
  validated with key paths in every error and never executed.
- Platform payloads: :mod:`penalties.io.shopee`, :mod:`penalties.io.amazon` and
  :mod:`penalties.io.lingxing` (LingXing ERP's Amazon account health); performance metrics
  that miss their targets become :class:`PerformanceWarning` values, shown beside a standing by
  :func:`assess_health`.

The domain classes know nothing of any of this; everything here is optional to use.
"""

from __future__ import annotations

from typing import Any, Literal

from penalties.errors import InvalidDocumentError, InvalidEventFileError, InvalidPolicyFileError
from penalties.io._toml import dumps_toml
from penalties.io.documents import (
    EVENT_TYPES,
    FORMATS,
    Document,
    converter,
    dumps,
    event_from_data,
    event_to_data,
    loads,
    loads_events,
)
from penalties.io.files import (
    dumps_csv,
    dumps_jsonl,
    loads_accounts,
    loads_csv,
    loads_jsonl,
    read_accounts,
    read_csv,
    read_events,
    read_jsonl,
)
from penalties.io.lingxing import read_store_target
from penalties.io.performance import HealthAssessment, PerformanceWarning, assess_health
from penalties.io.policies import load_policy, policy_from_data, policy_to_data
from penalties.io.shopee import (
    check_shop_penalty,
    parse_shop_penalty,
    parse_shop_performance,
)
from penalties.policy import Policy

__all__ = [
    "EVENT_TYPES",
    "FORMATS",
    "Document",
    "HealthAssessment",
    "InvalidDocumentError",
    "InvalidEventFileError",
    "InvalidPolicyFileError",
    "PerformanceWarning",
    "assess_health",
    "check_shop_penalty",
    "converter",
    "dump_policy",
    "dumps",
    "dumps_csv",
    "dumps_jsonl",
    "event_from_data",
    "event_to_data",
    "events_schema",
    "load_policy",
    "loads",
    "loads_accounts",
    "loads_csv",
    "loads_events",
    "loads_jsonl",
    "parse_shop_penalty",
    "parse_shop_performance",
    "policy_from_data",
    "policy_to_data",
    "read_accounts",
    "read_csv",
    "read_events",
    "read_jsonl",
    "read_store_target",
]


def dump_policy(policy: Policy, *, format: Literal["toml", "json"] = "toml") -> str:
    """``policy`` as a policy file's text (TOML by default, or JSON), which
    :func:`load_policy` reads back into an equal policy: a start for a custom platform."""
    if not isinstance(policy, Policy):
        raise TypeError(f"dump_policy() takes a Policy, not {type(policy).__name__}.")
    if format == "toml":
        return dumps_toml(policy_to_data(policy))
    if format == "json":
        return dumps(policy, indent=2) + "\n"
    raise InvalidDocumentError(f"format={format!r}: policy files are 'toml' or 'json'.")


def events_schema() -> dict[str, Any]:
    """The JSON Schema of ``penalties.events`` documents (see :mod:`penalties.io.schema`)."""
    from penalties.io.schema import events_schema as build

    return build()
