"""The ``penalties`` command line (also ``python -m penalties``), on Typer and Rich.

Commands: ``demo``, ``policies [CODE]``, ``evaluate``, ``what-if``, ``timeline``, ``alerts``,
``calendar``, ``claim check`` and ``appeal letter``. Every command that prints results takes
``--format table|json|csv``: ``table`` (human text, the default even when piped), ``json``
(``penalties.io`` documents where one exists; ``--json`` is an alias) or ``csv``. ``--lang zh``
writes headings and explanations in Simplified Chinese.

Errors are one line on stderr (``penalties: error: ...``), never a traceback; the exit
statuses are the ``EXIT_*`` constants (docs/cli.md lists them). Typer and Rich come with the
``cli`` extra; without them ``penalties`` prints one line naming the extra.

Adding a command: write a function whose parameters use the option types below (``FileArg``,
``PolicyOpt``, ``MarketOpt``, ``AtOpt``, ``FormatOpt``, ``JsonOpt``, ``TextOpt``, ``LangOpt``,
...), decorate it with ``@command("name", help=...)`` (``"group name"`` for a subcommand), make
its output with ``_output(fmt, as_json, text)``, print with ``out.table``/``out.text`` or
``out.json``/``out.csv`` and return an exit status; bad input raises a ``PenaltiesError``.
"""

import contextlib
import datetime as dt
import difflib
import errno
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from typing import IO, Annotated, Any, TypeVar

from penalties._cli_input import (
    locate,
    naive_advice,
    read_accounts,
    read_json_object,
    refuse_surrogates,
    reword,
)
from penalties._cli_output import Format, Output
from penalties._time import to_instant
from penalties.errors import (
    InvalidChartError,
    InvalidClaimError,
    InvalidEventError,
    InvalidEventFileError,
    PenaltiesError,
    UnknownViolationKindError,
    close_matches,
)
from penalties.events import MAX_POINTS, Event, Violation
from penalties.explain import (
    advice_text,
    change_texts,
    explain_assessment,
    explain_standing,
    explain_what_if,
    ledger_text,
    note_text,
    reason_text,
    sanction_kind_text,
    severity_text,
    spec_text,
    status_text,
    threshold_text,
    title_text,
    unit_text,
    validity_text,
)
from penalties.policy import Policy, get_policy, list_markets, list_policies
from penalties.results import Standing, Status, Timeline, WhatIf
from penalties.rules import ViolationKind

try:
    from typer import Argument, Option
except ImportError:  # the cli extra is missing: main() says so in one line

    def _absent(*args: Any, **kwargs: Any) -> Any:
        """Stands in for ``typer.Option`` so that this module imports without Typer."""
        return None

    Option = Argument = _absent

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_STATUS",
    "command",
    "main",
]

EXIT_OK = 0
"""The command did what was asked."""
EXIT_INTERNAL = 1
"""An unexpected error: a bug in penalties (one line; ``PENALTIES_TRACEBACK=1`` shows it all)."""
EXIT_ERROR = 2
"""Bad usage or input, output that could not be written, or the ``cli`` extra missing."""
EXIT_STATUS = 3
"""``--fail-on STATUS``: an account is at STATUS or worse (e.g. ``--fail-on frozen``)."""
EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C)."""

EXTRA = "cli"
"""The extra that installs the command line's dependencies (Typer, Rich)."""

F = TypeVar("F", bound=Callable[..., int])

_H: Mapping[str, Mapping[str, str]] = {
    "en": {
        "demo": "penalties demo: a year of an AliExpress seller's history, replayed.",
        "demo_what_if": "What one more serious unfair-competition penalty would do",
        "policies": "Registered policies",
        "code": "code",
        "name": "name",
        "timezone": "time zone",
        "markets": "markets",
        "ledgers": "ledgers",
        "ledger": "ledger",
        "title": "title",
        "unit": "unit",
        "validity": "validity",
        "thresholds": "thresholds",
        "threshold": "threshold",
        "sanctions": "sanctions",
        "kinds": "Violation kinds",
        "kind": "kind",
        "severity": "severity",
        "points": "points",
        "effective": "effective from",
        "direct": "direct sanctions",
        "references": "References",
        "assumptions": "Assumptions",
        "accounts": "Accounts",
        "account": "account",
        "status": "status",
        "frozen_until": "frozen until",
        "evaluating": "Evaluating accounts",
        "changes": "Balance changes",
        "at": "at",
        "delta": "delta",
        "balance": "balance",
        "cause": "cause",
        "reason": "reason",
        "start": "start",
        "end": "end",
        "all_sanctions": "Sanctions",
        "plot": "Chart written to {path}",
        "before": "before",
        "after": "after",
        "advice": "Advice before sending",
        "part": "part",
        "message": "message",
        "letter": "Appeal letter",
        "written": "Letter written to {path}",
        "since": "since",
        "always": "always",
        "to_go": "{points} ({remaining} to go)",
        "per_ledger": "Points per ledger",
        "alerts": "Alerts from {since} until {until}",
        "no_alerts": "No alerts from {since} until {until}.",
        "alert": "alert",
        "calendar_written": "Calendar of {count} deadlines written to {path}",
    },
    "zh": {
        "demo": "penalties 演示：回放一家速卖通店铺一年的违规记录。",
        "demo_what_if": "若再受到一次严重的不正当竞争处罚",
        "policies": "已注册的平台规则",
        "code": "代码",
        "name": "名称",
        "timezone": "时区",
        "markets": "站点",
        "ledgers": "积分账本",
        "ledger": "账本",
        "title": "名称",
        "unit": "单位",
        "validity": "有效期",
        "thresholds": "处罚门槛",
        "threshold": "门槛",
        "sanctions": "处罚",
        "kinds": "违规类型",
        "kind": "类型",
        "severity": "严重程度",
        "points": "扣分",
        "effective": "生效日期",
        "direct": "直接处罚",
        "references": "规则来源",
        "assumptions": "假设",
        "accounts": "账户",
        "account": "账户",
        "status": "状态",
        "frozen_until": "冻结至",
        "evaluating": "正在评估账户",
        "changes": "扣分变动",
        "at": "时间",
        "delta": "变动",
        "balance": "余额",
        "cause": "原因",
        "reason": "说明",
        "start": "开始",
        "end": "结束",
        "all_sanctions": "处罚记录",
        "plot": "图表已写入 {path}",
        "before": "之前",
        "after": "之后",
        "advice": "发送前的建议",
        "part": "部分",
        "message": "建议",
        "letter": "申诉信",
        "written": "申诉信已写入 {path}",
        "since": "起",
        "always": "一直",
        "to_go": "{points}（还差 {remaining}）",
        "per_ledger": "各账本扣分",
        "alerts": "提醒（{since} 至 {until}）",
        "no_alerts": "{since} 至 {until} 无提醒。",
        "alert": "提醒",
        "calendar_written": "{count} 个截止时间的日历已写入 {path}",
    },
}


_NOTES: Mapping[str, Mapping[str, str]] = {
    "en": {
        "default_market": "{code}: no --market given, so its default market {market} is used "
        "(others: {others}).",
    },
    "zh": {
        "default_market": "{code}：未指定 --market，使用默认站点 {market}（其他站点：{others}）。",
    },
}


# --------------------------------------------------------------------------- options


class Lang(StrEnum):
    """The language of headings and explanations."""

    en = "en"
    zh = "zh"


class FailOn(StrEnum):
    """A status for ``--fail-on`` (exit status 3 at it or worse)."""

    warned = "warned"
    restricted = "restricted"
    frozen = "frozen"
    suspended = "suspended"
    closed = "closed"


def _complete_policies(incomplete: str) -> list[str]:
    return [code for code in list_policies() if code.startswith(incomplete)]


_FILE_HELP = (
    "event file: .csv, .jsonl or .json (a penalties.events document or a list of events); "
    "an 'account' column or field holds many accounts"
)

FileArg = Annotated[str, Argument(metavar="FILE", help=_FILE_HELP, show_default=False)]
PolicyOpt = Annotated[
    str,
    Option(
        "--policy",
        metavar="CODE",
        help="policy code, e.g. aliexpress (see: penalties policies)",
        autocompletion=_complete_policies,
    ),
]
MarketOpt = Annotated[
    str | None, Option("--market", help="market of the policy, where it has markets (e.g. PH)")
]
AtOpt = Annotated[str, Option("--at", metavar="ISO", help="ISO-8601 instant with an offset")]
AccountOpt = Annotated[
    str | None, Option("--account", metavar="NAME", help="only this account of the file")
]
FormatOpt = Annotated[
    Format | None,
    Option(
        "--format",
        "-f",
        help="table (human text, the default, even when piped), json or csv",
        case_sensitive=False,
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, Option("--json", help="same as --format json")]
TextOpt = Annotated[bool, Option("--text", help="same as --format table (human text)")]
LangOpt = Annotated[
    Lang, Option("--lang", help="language of headings and explanations: en or zh (简体中文)")
]
FailOnOpt = Annotated[
    FailOn | None,
    Option(
        "--fail-on",
        metavar="STATUS",
        help="exit with status 3 when an account is at STATUS or worse "
        "(warned, restricted, frozen, suspended, closed), e.g. --fail-on frozen",
        case_sensitive=False,
        show_default=False,
    ),
]


# --------------------------------------------------------------------------- registry

_COMMANDS: list[tuple[str, Callable[..., int], str]] = []

_GROUPS: Mapping[str, str] = {
    "claim": "Amazon SAFE-T reimbursement claims.",
    "appeal": "Appeal letters (plans of action).",
}


def command(name: str, *, help: str) -> Callable[[F], F]:
    """Register ``func`` as the command ``name`` ("group name" for a subcommand of a group in
    ``_GROUPS``); the Typer app is built from these when :func:`main` runs."""

    def register(func: F) -> F:
        _COMMANDS.append((name, func, help))
        return func

    return register


def _app() -> Any:
    """The Typer app of every registered command."""
    import typer

    app = typer.Typer(
        name="penalties",
        help="Marketplace seller penalty systems: points, sanctions, expiries, appeals, SAFE-T "
        "claims. Human text by default; --format json or csv for programs. Exit statuses: 0 ok, "
        "1 a bug, 2 bad usage or input, 3 --fail-on reached, 130 interrupted.",
        add_completion=True,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def version(value: bool) -> None:
        if value:
            from penalties import __version__

            print(f"penalties {__version__}")
            raise typer.Exit(EXIT_OK)

    @app.callback()
    def root(
        show_version: Annotated[
            bool,
            Option("--version", callback=version, is_eager=True, help="print the version and exit"),
        ] = False,
    ) -> None:
        """Marketplace seller penalty systems: points, sanctions, expiries, appeals, claims."""

    groups: dict[str, Any] = {}
    for name, func, text in _COMMANDS:
        *parents, leaf = name.split()
        target = app
        for parent in parents:
            if parent not in groups:
                groups[parent] = typer.Typer(
                    help=_GROUPS.get(parent, ""), no_args_is_help=True, rich_markup_mode=None
                )
                app.add_typer(groups[parent], name=parent)
            target = groups[parent]
        target.command(leaf, help=text)(func)
    return app


# --------------------------------------------------------------------------- helpers


def _output(fmt: Format | None, as_json: bool = False, text: bool = False) -> Output:
    """The output of one command, from ``--format``, ``--json`` and ``--text``."""
    chosen = {f for f, given in ((Format.json, as_json), (Format.table, text)) if given}
    if fmt is not None:
        chosen.add(fmt)
    if len(chosen) > 1:
        given = [f"--format {fmt.value}"] if fmt is not None else []
        given += [flag for flag, on in (("--json", as_json), ("--text", text)) if on]
        raise _UsageError(f"{' and '.join(given)}: not allowed together; give one format.")
    out = Output(next(iter(chosen), Format.table), _stdout(), progress_stream=sys.stderr)
    _OUTPUTS.append(out)
    return out


_OUTPUTS: list[Output] = []
"""The outputs of the running command, for what :func:`main` says after it."""


class _UsageError(PenaltiesError):
    """Options that do not go together (exit status 2, like Typer's own usage errors)."""


def _h(lang: Lang, key: str, **values: object) -> str:
    return _H[lang.value][key].format(**values)


def _note(out: Output, lang: Lang, text: str) -> None:
    """A remark about the run: in human output itself, on stderr beside JSON and CSV."""
    if out.format is Format.table:
        out.text(text, style="dim")
    else:
        _say(f"note: {text}")


def _policy(out: Output, lang: Lang, code: str, market: str | None) -> Policy:
    """The policy ``code`` (for ``market``); a default market picked silently is said."""
    policy = get_policy(refuse_surrogates(code, "--policy"), market=market)
    if market is None and policy.market is not None:
        markets = list_markets(code)
        if len(markets) > 1:
            others = ", ".join(m for m in markets if m != policy.market)
            _note(
                out,
                lang,
                _NOTES[lang.value]["default_market"].format(
                    code=code, market=policy.market, others=others
                ),
            )
    return policy


def _instant(text: str, option: str, policy: Policy) -> Any:
    """The instant an option gives; a time without an offset says to add one (the policy's,
    as the example), in the command line's words."""
    try:
        return to_instant(refuse_surrogates(text, option), what=option)
    except InvalidEventError as exc:
        if "has no time zone" not in str(exc):
            raise
        raise InvalidEventError(
            f"{option} {naive_advice(text, policy.timezone, 'option')}"
        ) from None


def _accounts(path: str, policy: Policy) -> dict[str | None, list[Event]]:
    """The events of ``path`` per account, read in the command line's words, each violation's
    kind checked against ``policy`` (an unknown kind names the file, the line and the column)."""
    try:
        accounts = read_accounts(path)
    except PenaltiesError as exc:
        raise reword(exc, policy.timezone) from None
    for account, events in accounts.items():
        for event in events:
            if not isinstance(event, Violation):
                continue
            try:
                policy.kind(event.kind)
            except UnknownViolationKindError:
                raise _unknown_kind(path, account, event, policy) from None
    return accounts


def _unknown_kind(
    path: str, account: str | None, event: Violation, policy: Policy
) -> UnknownViolationKindError:
    place = locate(path, account, event.id)
    suffix = os.path.splitext(path)[1].lower()
    if place is None:
        where = f"{path}, violation {event.id!r}"
    elif suffix == ".csv":
        where = f"{path}, {place}, column 'kind'"
    elif suffix in (".jsonl", ".ndjson"):
        where = f"{path}, {place}, key 'kind'"
    else:
        where = f"{path}, {place}.kind"
    if account is not None:
        where += f" (account {account!r})"
    return UnknownViolationKindError(f"{where}: {_no_kind(policy, event)}")


def _fits(kind: ViolationKind, severity: str | None, points: int | None) -> bool:
    """Whether a violation with ``severity`` and ``points`` could be of ``kind``: a generic
    ledger kind takes points and no severity; a catalogue kind takes its own severities (none
    given: it has none, or a default)."""
    if kind.generic:
        return severity is None and points is not None
    if severity is not None:
        return any(s.code == severity for s in kind.severities)
    return not kind.severities or kind.default_severity is not None


def _misfit(kind: ViolationKind, severity: str | None) -> str:
    """Why a violation with ``severity`` (and its points) cannot be of ``kind``, in a phrase."""
    if kind.generic:
        return f"{kind.code!r} is a ledger's own kind, which takes explicit points and no severity"
    if not kind.severities:
        return f"{kind.code!r} has no severities"
    codes = ", ".join(s.code for s in kind.severities)
    if severity is None:
        return f"{kind.code!r} needs a severity ({codes})"
    return f"{kind.code!r} has severities {codes}"


def _no_kind(policy: Policy, event: Violation) -> str:
    """Why ``event.kind`` is refused, suggesting only the kinds the rest of the event fits
    (its severity, its points), so that taking the suggestion works."""
    code, severity, points = event.kind, event.severity, event.points
    fitting = [k.code for k in policy.all_kinds if _fits(k, severity, points)]
    text = f"policy {policy.code!r} has no violation kind {code!r}."
    hint = close_matches(code, fitting)
    if hint:
        text += hint
    else:
        near = difflib.get_close_matches(code, [k.code for k in policy.all_kinds], n=2, cutoff=0.5)
        if near:
            why = "; ".join(_misfit(policy.kind(n), severity) for n in near)
            text += f" The kinds close to it do not fit this record: {why}."
            if severity is not None and fitting:
                text += f" Kinds with severity {severity!r}: {', '.join(sorted(fitting))}."
        else:
            text += f" Known kinds: {', '.join(sorted(k.code for k in policy.kinds))}."
    ledgers = ", ".join(ledger.code for ledger in policy.ledgers)
    return (
        text + " For a record whose code the catalogue does not know, book it to a ledger by "
        f"using the ledger code as kind ({ledgers}) with explicit points"
        + (" and no severity." if severity is not None else ".")
    )


def _one_account(
    accounts: Mapping[str | None, list[Event]], path: str, chosen: str | None
) -> list[Event]:
    """The events of one account of ``path`` (``--account`` picks one of several)."""
    if chosen is None:
        if len(accounts) > 1:
            raise InvalidEventFileError(
                f"{path} holds {len(accounts)} accounts ({_names(accounts)}); pick one with "
                "--account NAME.",
                path,
            )
        return next(iter(accounts.values()), [])
    refuse_surrogates(chosen, "--account")
    if chosen not in accounts:
        named = [a for a in accounts if a is not None]
        raise InvalidEventFileError(
            f"{path} has no account {chosen!r}; "
            + (f"its accounts are {_names(accounts)}." if named else "it has no account column.")
            + close_matches(chosen, named),
            path,
        )
    return accounts[chosen]


def _names(accounts: Mapping[str | None, object]) -> str:
    names = [str(a) for a in accounts]
    return ", ".join(names[:5]) + (f", … ({len(names)} in all)" if len(names) > 5 else "")


def _t(value: Any, tz: str) -> str:
    return "" if value is None else str(value.in_timezone(tz).format("YYYY-MM-DD HH:mm"))


def _iso(value: Any) -> str:
    return "" if value is None else str(value.isoformat())


def _failed(statuses: Iterable[Status], fail_on: FailOn | None) -> bool:
    if fail_on is None:
        return False
    bound = Status[fail_on.name.upper()]
    return any(status >= bound for status in statuses)


def _standing_columns(policy: Policy) -> list[str]:
    """The CSV columns of standings (the names of ``penalties.frames.evaluate_many``)."""
    return [
        "account",
        "at",
        "policy",
        "market",
        "status",
        "frozen_until",
        *(f"points_{ledger.code}" for ledger in policy.ledgers),
        "sanctions",
        "sanction_kinds",
    ]


def _standing_row(account: str | None, standing: Standing) -> list[object]:
    policy = standing.policy
    return [
        account or "",
        _iso(standing.at),
        policy.code,
        policy.market or "",
        standing.status.name.lower(),
        _iso(standing.frozen_until),
        *(standing.points[ledger.code] for ledger in policy.ledgers),
        len(standing.sanctions),
        ",".join(sorted({s.kind.value for s in standing.sanctions})),
    ]


def _print_standing(out: Output, lang: Lang, standing: Standing) -> None:
    policy = standing.policy
    nexts = {n.ledger: n for n in standing.next_thresholds}
    rows = []
    for ledger in policy.ledgers:
        n = nexts.get(ledger.code)
        rows.append(
            [
                ledger.code,
                (ledger.title_zh or ledger.title) if lang is Lang.zh else ledger.title,
                standing.points[ledger.code],
                _h(lang, "to_go", points=n.points, remaining=n.remaining) if n else "",
            ]
        )
    out.table(
        f"{policy.name} — {_h(lang, 'status')}: {status_text(standing.status, lang.value)}",
        [_h(lang, k) for k in ("ledger", "title", "points", "threshold")],
        rows,
    )
    out.text(explain_standing(standing, lang.value))


# --------------------------------------------------------------------------- demo


@command(
    "demo",
    help="Replay a year of a bundled AliExpress seller's history and explain it at four "
    "instants, then show what one more serious penalty would do.",
)
def _demo(
    at: Annotated[
        str | None,
        Option("--at", metavar="ISO", help="one ISO-8601 instant with an offset to explain at"),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    text: TextOpt = False,
    lang: LangOpt = Lang.en,
) -> int:
    from penalties.demo import DEMO_INSTANTS, DEMO_WHAT_IF_AT, demo_history, demo_what_if
    from penalties.io.documents import to_document

    out = _output(fmt, as_json, text)
    policy = get_policy("aliexpress")
    timeline = policy.evaluate(demo_history())
    instants = [_instant(at, "--at", policy)] if at else list(DEMO_INSTANTS)
    standings = [timeline.at(t) for t in instants]
    result = policy.what_if(demo_history(), demo_what_if(), at=DEMO_WHAT_IF_AT)
    if out.format is Format.json:
        out.json({"standings": [to_document(s) for s in standings], "what_if": to_document(result)})
    elif out.format is Format.csv:
        out.csv(
            _standing_columns(policy),
            [_standing_row("demo", s) for s in standings]
            + [_standing_row("what-if", result.after)],
        )
    else:
        out.text(_h(lang, "demo"), style="bold")
        for standing in standings:
            out.text()
            _print_standing(out, lang, standing)
        out.text()
        out.heading(_h(lang, "demo_what_if"))
        out.text(explain_what_if(result, lang.value))
    return EXIT_OK


# --------------------------------------------------------------------------- policies


@command(
    "policies",
    help="Without CODE: list the registered policies. With CODE: its ledgers, validity, "
    "thresholds, violation kinds with points per severity and their effective dates, and "
    "references.",
)
def _policies(
    code: Annotated[
        str | None,
        Argument(
            help="a policy code to show, e.g. aliexpress",
            autocompletion=_complete_policies,
            show_default=False,
        ),
    ] = None,
    market: MarketOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    text: TextOpt = False,
    lang: LangOpt = Lang.en,
) -> int:
    out = _output(fmt, as_json, text)
    if code:
        return _show_policy(out, lang, _policy(out, lang, code, market))
    if market:
        raise _UsageError("--market goes with a policy code: penalties policies CODE --market M")
    rows = []
    for name in list_policies():
        policy = get_policy(name)
        rows.append(
            {
                "code": name,
                "name": policy.name,
                "timezone": policy.timezone,
                "markets": list(list_markets(name)),
                "ledgers": [ledger.code for ledger in policy.ledgers],
            }
        )
    if out.format is Format.json:
        out.json(rows)
        return EXIT_OK
    flat = [
        [r["code"], r["name"], r["timezone"], ", ".join(r["markets"]), ", ".join(r["ledgers"])]
        for r in rows
    ]
    keys = ("code", "name", "timezone", "markets", "ledgers")
    if out.format is Format.csv:
        out.csv(keys, flat)
    else:
        out.table(_h(lang, "policies"), [_h(lang, k) for k in keys], flat)
    return EXIT_OK


def _since(lang: Lang, day: dt.date | None) -> str:
    return _h(lang, "always") if day is None else day.isoformat()


def _dated(lang: Lang, day: dt.date | None, points: object) -> str:
    """A value with the date it took effect (or "always"): '3 (2017-11-22)', '3（2017-11-22）'."""
    since = _since(lang, day)
    return f"{points}（{since}）" if lang is Lang.zh else f"{points} ({since})"


def _kind_rows(policy: Policy, lang: Lang) -> list[list[str]]:
    zh = lang is Lang.zh
    rows = []
    for kind in policy.kinds:
        name = title_text(kind, lang.value)
        sep = "；" if zh else "; "
        direct = ("、" if zh else ", ").join(spec_text(s, lang.value) for s in kind.sanctions)
        if kind.severities:
            for sev in kind.severities:
                entries = sev.points.entries if sev.points is not None else ()
                points = sep.join(_dated(lang, d, p) for d, p in entries) or "-"
                extra = ("、" if zh else ", ").join(spec_text(s, lang.value) for s in sev.sanctions)
                rows.append(
                    [
                        kind.code,
                        name,
                        severity_text(sev.code, lang.value),
                        sev.ledger or kind.ledger,
                        points,
                        ("、" if zh else ", ").join(x for x in (direct, extra) if x),
                    ]
                )
        else:
            entries = kind.points.entries if kind.points is not None else ()
            points = sep.join(_dated(lang, d, p) for d, p in entries) or "-"
            rows.append([kind.code, name, "", kind.ledger, points, direct])
    return rows


def _show_policy(out: Output, lang: Lang, policy: Policy) -> int:
    from penalties.io import policy_to_data
    from penalties.io.documents import jsonable

    kind_keys = ("kind", "title", "severity", "ledger", "points", "direct")
    if out.format is Format.json:
        out.json(jsonable(policy_to_data(policy)))
        return EXIT_OK
    if out.format is Format.csv:
        out.csv(kind_keys, _kind_rows(policy, lang))
        return EXIT_OK
    zh = lang is Lang.zh
    title = f"{policy.name} ({policy.code}" + (f", {policy.market}" if policy.market else "") + ")"
    out.heading(f"{title} — {policy.timezone}")
    ledger_rows = []
    for ledger in policy.ledgers:
        levels = ("；" if zh else "; ").join(
            threshold_text(ledger, th, lang.value)
            + (f" [{th.effective_from}–{th.effective_until or ''}]" if th.effective_from else "")
            for th in ledger.thresholds
        )
        ledger_rows.append(
            [
                ledger.code,
                title_text(ledger, lang.value),
                unit_text(ledger.unit, lang.value),
                validity_text(ledger, lang.value),
                levels,
            ]
        )
    out.table(
        _h(lang, "ledgers"),
        [_h(lang, k) for k in ("ledger", "title", "unit", "validity", "thresholds")],
        ledger_rows,
    )
    out.table(_h(lang, "kinds"), [_h(lang, k) for k in kind_keys], _kind_rows(policy, lang))
    out.heading(_h(lang, "references"))
    for ref in policy.references:
        out.text(f"- {ref}")
    if policy.assumptions:
        out.heading(_h(lang, "assumptions"))
        for assumption in policy.assumptions:
            out.text(f"- {assumption.code}: {assumption.text}")
    return EXIT_OK


# --------------------------------------------------------------------------- evaluate


@command(
    "evaluate",
    help="The standing of each account in FILE at --at: points per ledger, status, sanctions "
    "with their causes, next thresholds, expiries and appeals.",
)
def _evaluate(
    file: FileArg,
    policy_code: PolicyOpt,
    at: AtOpt,
    market: MarketOpt = None,
    account: AccountOpt = None,
    fail_on: FailOnOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    text: TextOpt = False,
    lang: LangOpt = Lang.en,
) -> int:
    from penalties.io.documents import to_document

    out = _output(fmt, as_json, text)
    policy = _policy(out, lang, policy_code, market)
    instant = _instant(at, "--at", policy)
    accounts = _accounts(file, policy)
    if account is not None:
        accounts = {account: _one_account(accounts, file, account)}
    standings: list[tuple[str | None, Standing]] = []
    for name in out.progress(list(accounts), _h(lang, "evaluating")):
        try:
            standings.append((name, policy.standing(accounts[name], instant)))
        except PenaltiesError as exc:
            if name is None:
                raise
            raise type(exc)(f"account {name!r}: {exc}") from None
    if out.format is Format.json:
        if len(standings) == 1 and (standings[0][0] is None or account is not None):
            out.json(to_document(standings[0][1]))
        else:
            out.json(
                {
                    "policy": policy.code,
                    "market": policy.market,
                    "at": instant.isoformat(),
                    "accounts": [
                        {"account": name, "standing": to_document(s)["standing"]}
                        for name, s in standings
                    ],
                }
            )
    elif out.format is Format.csv:
        out.csv(_standing_columns(policy), [_standing_row(n, s) for n, s in standings])
    else:
        if len(standings) > 1:
            out.table(
                _h(lang, "accounts"),
                [_h(lang, k) for k in ("account", "status", "points", "frozen_until", "sanctions")],
                [
                    [
                        name,
                        status_text(s.status, lang.value),
                        ", ".join(f"{k} {v}" for k, v in s.points.items() if v),
                        _t(s.frozen_until, policy.timezone),
                        ", ".join(sanction_kind_text(x.kind, lang.value) for x in s.sanctions),
                    ]
                    for name, s in standings
                ],
            )
        for name, standing in standings:
            if name is not None:
                out.heading(f"{_h(lang, 'account')}: {name}")
            _print_standing(out, lang, standing)
            out.text()
    return EXIT_STATUS if _failed((s.status for _, s in standings), fail_on) else EXIT_OK


# --------------------------------------------------------------------------- what-if

_POINTS = re.compile(r"[+-]?[0-9]+", re.ASCII)


def _added(specs: Sequence[str], at: Any, policy: Policy) -> list[Event]:
    """The violations of ``--add`` specs, booked at ``at`` (ids ``what-if-1``, ...); an
    unknown kind names the spec and suggests the kinds that fit its severity and points."""
    events: list[Event] = []
    for i, spec in enumerate(specs, start=1):
        refuse_surrogates(spec, "--add")
        parts = spec.split(":")
        if not parts[0] or len(parts) > 3:
            raise InvalidEventError(
                f"--add {spec!r}: write KIND, KIND:SEVERITY, KIND:SEVERITY:POINTS or KIND:POINTS "
                "(e.g. unfair_competition:serious)."
            )
        kind, rest = parts[0], parts[1:]
        points: int | None = None
        last = rest[-1].strip() if rest else ""
        if last[:1] in ("+", "-") or any(ch.isnumeric() for ch in last):
            rest.pop()
            shown = last if len(last) <= 24 else f"{last[:12]}…({len(last)} characters)"
            if not _POINTS.fullmatch(last):
                raise InvalidEventError(
                    f"--add {kind}:…:{shown}: the points are not a whole number; write ASCII "
                    f"digits, e.g. {kind}:5."
                )
            if len(last.lstrip("+-")) > len(str(MAX_POINTS)):
                raise InvalidEventError(
                    f"--add {kind}:…:{shown}: {len(last.lstrip('+-'))} digits of points; an "
                    f"event states at most {MAX_POINTS:,} points."
                )
            points = int(last)
        severity = (rest[0] or None) if rest else None
        event = Violation(f"what-if-{i}", kind, at, severity=severity, points=points)
        try:
            policy.kind(kind)
        except UnknownViolationKindError:
            raise UnknownViolationKindError(f"--add {spec!r}: {_no_kind(policy, event)}") from None
        events.append(event)
    return events


@command("what-if", help="Add violations (at --at) to FILE's events and compare the standings.")
def _what_if(
    file: FileArg,
    policy_code: PolicyOpt,
    at: AtOpt,
    add: Annotated[
        list[str] | None,
        Option(
            "--add",
            metavar="KIND[:SEVERITY][:POINTS]",
            help="a violation to add at --at (repeatable), e.g. unfair_competition:serious",
            show_default=False,
        ),
    ] = None,
    add_file: Annotated[
        str | None, Option("--add-file", metavar="FILE", help="an event file of events to add")
    ] = None,
    market: MarketOpt = None,
    account: AccountOpt = None,
    fail_on: FailOnOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    text: TextOpt = False,
    lang: LangOpt = Lang.en,
) -> int:
    from penalties.io.documents import to_document

    out = _output(fmt, as_json, text)
    policy = _policy(out, lang, policy_code, market)
    instant = _instant(at, "--at", policy)
    events = _one_account(_accounts(file, policy), file, account)
    extra = _added(add or (), instant, policy)
    if add_file:
        extra += _one_account(_accounts(add_file, policy), add_file, account)
    if not extra:
        raise _UsageError(
            "what-if needs something to add: --add KIND[:SEVERITY][:POINTS] or --add-file F"
        )
    result: WhatIf = policy.what_if(events, extra, at=instant)
    if out.format is Format.json:
        out.json(to_document(result))
    elif out.format is Format.csv:
        before, after = result.before.status.name.lower(), result.after.status.name.lower()
        out.csv(
            ["ledger", "before", "after", "delta", "status_before", "status_after"],
            [
                [code, result.before.points[code], result.after.points[code], delta, before, after]
                for code, delta in result.points_delta.items()
            ],
        )
    else:
        explained = explain_what_if(result, lang.value)
        out.table(
            _h(lang, "per_ledger"),
            [_h(lang, k) for k in ("ledger", "before", "after", "delta")],
            [
                [code, result.before.points[code], result.after.points[code], f"{delta:+d}"]
                for code, delta in result.points_delta.items()
            ],
        )
        out.text(explained)
        out.text()
        out.heading(_h(lang, "after"))
        out.text(explain_standing(result.after, lang.value))
    return EXIT_STATUS if _failed([result.after.status], fail_on) else EXIT_OK


# --------------------------------------------------------------------------- timeline


@command(
    "timeline",
    help="Replay FILE: each balance change with its cause, each sanction with its real "
    "interval; --plot writes a PNG chart (needs the plot extra).",
)
def _timeline(
    file: FileArg,
    policy_code: PolicyOpt,
    plot: Annotated[
        str | None, Option("--plot", metavar="OUT.png", help="write the chart to this PNG file")
    ] = None,
    market: MarketOpt = None,
    account: AccountOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    text: TextOpt = False,
    lang: LangOpt = Lang.en,
) -> int:
    from penalties.io.documents import to_document

    out = _output(fmt, as_json, text)
    policy = _policy(out, lang, policy_code, market)
    timeline: Timeline = policy.evaluate(_one_account(_accounts(file, policy), file, account))
    if plot:
        from penalties.plot import save_timeline

        if not plot.lower().endswith(".png"):
            raise InvalidChartError(f"--plot {plot!r}: the chart is a PNG; name it *.png.")
        save_timeline(timeline, plot, account=account)
        _say(_h(lang, "plot", path=plot))
    tz = policy.timezone
    if out.format is Format.json:
        out.json(to_document(timeline))
        return EXIT_OK
    if out.format is Format.csv:
        rows: list[list[object]] = [
            [
                "change",
                _iso(c.at),
                "",
                c.ledger,
                c.delta,
                c.balance,
                "",
                " ".join(c.cause),
                c.reason,
            ]
            for c in timeline.changes
        ]
        rows += [
            ["sanction", _iso(s.start), _iso(s.end), s.ledger or "", "", "", s.kind.value,
             " ".join(s.cause), s.reason]
            for s in timeline.sanctions
        ]  # fmt: skip
        out.csv(
            ["record", "at", "end", "ledger", "delta", "balance", "kind", "cause", "reason"], rows
        )
        return EXIT_OK
    ledger_name = (lambda code: ledger_text(policy, code, lang.value)) if lang is Lang.zh else str
    out.table(
        f"{policy.name} — {_h(lang, 'changes')} ({tz})",
        [_h(lang, k) for k in ("at", "ledger", "delta", "balance", "cause", "reason")],
        [
            [_t(c.at, tz), ledger_name(c.ledger), f"{c.delta:+d}", c.balance, ", ".join(c.cause),
             why]
            for c, why in zip(timeline.changes, change_texts(timeline, lang.value), strict=True)
        ],
    )  # fmt: skip
    out.table(
        _h(lang, "all_sanctions"),
        [_h(lang, k) for k in ("sanctions", "start", "end", "ledger", "cause", "reason")],
        [
            [
                sanction_kind_text(s.kind, lang.value),
                _t(s.start, tz),
                _t(s.end, tz) if s.end else "—",
                ledger_name(s.ledger) if s.ledger else "",
                ", ".join(s.cause),
                reason_text(s, policy, lang.value),
            ]
            for s in timeline.sanctions
        ],
    )
    for note in timeline.notes:
        out.text(f"! {note_text(note, policy, lang.value)}")
    return EXIT_OK


# --------------------------------------------------------------------------- claim check

_CLAIM_FIELDS = (
    "order_id",
    "reason",
    "refund_amount",
    "order_value",
    "currency",
    "refund_charged_at",
    "filed_at",
    "refunded_by",
    "fulfillment",
    "quantity",
    "chargeback",
    "a_to_z_claim",
    "return_rejected_by_seller",
    "lost_or_damaged_in_transit",
    "valid_return_authorization",
    "category_apparel_shoes_bags",
    "referral_fee",
    "outbound_label_cost",
    "return_delivered_at",
    "filed_by_registered_user",
)


def _fields(
    file: str | None,
    given: Mapping[str, Any],
    what: str,
    names: tuple[str, ...],
    error: type[PenaltiesError],
) -> dict[str, Any]:
    """The ``what``'s fields from ``--file`` (a JSON object), then from the options ``given``,
    which win; an unknown field in the file is an ``error``, and so is text that is not text."""
    fields: dict[str, Any] = {}
    if file:
        data = read_json_object(file, what, error)
        for key, value in data.items():
            if key not in names:
                raise error(
                    f"{file}: unknown {what} field {key!r}; a {what} has "
                    f"{', '.join(names)}." + close_matches(key, names)
                )
            fields[key] = value
    for key in names:
        value = given.get(key)
        if value is not None and value is not False and value != []:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    refuse_surrogates(item, "--" + key.replace("_", "-"))
            fields[key] = value
    return fields


_Text = Annotated[str | None, Option(show_default=False)]
_Flag = Annotated[bool, Option(show_default=False)]
_Many = Annotated[list[str] | None, Option(show_default=False)]


@command(
    "claim check",
    help="Assess a SAFE-T claim under Amazon's CSBA policy: eligibility, problems, cap, "
    "deadlines. Give the claim as options or as a JSON file of SafeTClaim fields (options "
    "override the file).",
)
def _claim_check(
    file: Annotated[
        str | None, Option("--file", metavar="CLAIM.json", help="JSON object of SafeTClaim fields")
    ] = None,
    market: Annotated[str, Option("--market", help="Amazon marketplace")] = "DE",
    order_id: Annotated[str | None, Option("--order-id", help="Amazon order id")] = None,
    reason: Annotated[
        str | None, Option("--reason", help="claim reason, e.g. not_returned")
    ] = None,
    refund_amount: Annotated[
        str | None, Option("--refund-amount", help="refund charged, e.g. 49.90")
    ] = None,
    order_value: Annotated[str | None, Option("--order-value", help="what the buyer paid")] = None,
    currency: Annotated[str | None, Option("--currency", help="ISO 4217 code, e.g. EUR")] = None,
    refund_charged_at: Annotated[
        str | None, Option("--refund-charged-at", help="ISO instant the refund was charged")
    ] = None,
    filed_at: Annotated[
        str | None, Option("--filed-at", help="ISO instant the claim is filed")
    ] = None,
    refunded_by: Annotated[
        str | None, Option("--refunded-by", help="amazon (default) or seller")
    ] = None,
    fulfillment: Annotated[
        str | None, Option("--fulfillment", help="merchant (default) or fba")
    ] = None,
    quantity: Annotated[int | None, Option("--quantity", help="units (default 1)")] = None,
    chargeback: Annotated[
        bool, Option("--chargeback", help="the buyer filed a chargeback")
    ] = False,
    a_to_z_claim: Annotated[
        bool, Option("--a-to-z", help="the buyer filed an A-to-z claim")
    ] = False,
    return_rejected_by_seller: Annotated[
        bool, Option("--return-rejected", help="the seller rejected the return")
    ] = False,
    lost_or_damaged_in_transit: Annotated[
        bool, Option("--lost-in-transit", help="lost or damaged on its way back")
    ] = False,
    valid_return_authorization: Annotated[
        bool, Option("--valid-return-authorization", help="the return was authorised")
    ] = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    text: TextOpt = False,
    lang: LangOpt = Lang.en,
) -> int:
    from penalties.claims import SafeTClaim, get_claim_policy

    out = _output(fmt, as_json, text)
    given = {k: v for k, v in locals().items() if k in _CLAIM_FIELDS}
    fields = _fields(file, given, "claim", _CLAIM_FIELDS, InvalidClaimError)
    if "quantity" in fields and isinstance(fields["quantity"], str):
        if not _POINTS.fullmatch(fields["quantity"].strip()) or len(fields["quantity"]) > 9:
            raise InvalidClaimError(
                f"quantity {fields['quantity']!r} is not a whole number; write e.g. 2."
            )
        fields["quantity"] = int(fields["quantity"])
    missing = [k for k in _CLAIM_FIELDS[:7] if k not in fields]
    if missing:
        raise InvalidClaimError(
            "the claim needs "
            + ", ".join("--" + k.replace("_", "-") for k in missing)
            + " (as options, or as fields of --file CLAIM.json)."
        )
    try:
        claim = SafeTClaim(**fields)
    except TypeError as exc:  # a JSON value of the wrong shape
        raise InvalidClaimError(f"the claim is malformed: {exc}.") from None
    assessment = get_claim_policy("amazon_csba", market=refuse_surrogates(market, "--market"))
    result = assessment.assess(claim)
    data = _assessment_data(result)
    if out.format is Format.json:
        out.json(data)
    elif out.format is Format.csv:
        data["problems"] = " ".join(p["code"] for p in data["problems"])
        data["evidence"] = " ".join(str(e) for e in data["evidence"] or ())
        out.csv(list(data), [list(data.values())])
    else:
        out.text(explain_assessment(result, lang.value))
    return EXIT_OK


def _assessment_data(a: Any) -> dict[str, Any]:
    def iso(t: Any) -> str | None:
        return None if t is None else str(t.isoformat())

    return {
        "order_id": a.order_id,
        "market": a.market,
        "eligible": a.eligible,
        "problems": [
            {"code": p.code, "blocking": p.blocking, "message": p.message} for p in a.problems
        ],
        "max_reimbursement": str(a.max_reimbursement),
        "currency": a.currency,
        "earliest_filing": iso(a.earliest_filing),
        "file_by": iso(a.file_by),
        "status": a.status.value,
        "reply_by": iso(a.reply_by),
        "appeal_by": iso(a.appeal_by),
        "granted_amount": None if a.granted_amount is None else str(a.granted_amount),
        "evidence": a.evidence,
    }


# --------------------------------------------------------------------------- appeal letter

_PLAN_FIELDS = (
    "root_causes",
    "corrective_actions",
    "preventive_measures",
    "forward_plan",
    "evidence",
    "reference",
    "subject",
    "grounds",
)


_PLAN_FIELDS = (
    "root_causes",
    "corrective_actions",
    "preventive_measures",
    "forward_plan",
    "evidence",
    "reference",
    "subject",
    "grounds",
)


@command(
    "appeal letter",
    help="Write a three-part appeal letter (root causes, corrective actions, preventive "
    "measures) in English or Chinese, with advice on what reviewers reject. --format csv "
    "prints the advice only.",
)
def _appeal_letter(
    store: Annotated[str, Option("--store", help="the store's name (signs the letter)")],
    file: Annotated[
        str | None,
        Option("--file", metavar="PLAN.json", help="JSON object with root_causes, ..."),
    ] = None,
    root_causes: Annotated[
        list[str] | None, Option("--root-cause", help="a root cause (repeatable)")
    ] = None,
    corrective_actions: Annotated[
        list[str] | None, Option("--corrective", help="a corrective action (repeatable)")
    ] = None,
    preventive_measures: Annotated[
        list[str] | None, Option("--preventive", help="a preventive measure (repeatable)")
    ] = None,
    forward_plan: Annotated[list[str] | None, Option("--forward-plan", help="repeatable")] = None,
    evidence: Annotated[
        list[str] | None, Option("--evidence", help="an attachment (repeatable)")
    ] = None,
    reference: Annotated[
        str | None, Option("--reference", help="the notice or case appealed")
    ] = None,
    subject: Annotated[str | None, Option("--subject", help="what is appealed")] = None,
    signer: Annotated[str | None, Option("--signer", help="who signs")] = None,
    platform: Annotated[
        str,
        Option(
            "--platform",
            help="whom the letter is for: amazon (default), aliexpress, taobao, tmall, shopee, "
            "lazada, tiktok_shop, tiktok_shop_us",
        ),
    ] = "amazon",
    date: Annotated[
        str | None, Option("--date", metavar="YYYY-MM-DD", help="the letter's date")
    ] = None,
    output: Annotated[
        str | None,
        Option("--output", "-o", metavar="FILE", help="write the letter (plain text) to FILE"),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    text: TextOpt = False,
    lang: LangOpt = Lang.en,
) -> int:
    from penalties.appeals import InvalidPlanError, PlanOfAction

    out = _output(fmt, as_json, text)
    given = {k: v for k, v in locals().items() if k in _PLAN_FIELDS}
    fields = _fields(file, given, "plan", _PLAN_FIELDS, InvalidPlanError)
    missing = [k for k in _PLAN_FIELDS[:3] if k not in fields]
    if missing:
        options = {
            "root_causes": "--root-cause",
            "corrective_actions": "--corrective",
            "preventive_measures": "--preventive",
        }
        raise InvalidPlanError(
            "a plan of action needs "
            + ", ".join(options[k] for k in missing)
            + " (each may be repeated), or those fields in --file PLAN.json."
        )
    for value, option in ((store, "--store"), (signer, "--signer")):
        if value is not None:
            refuse_surrogates(value, option)
    plan = PlanOfAction(**fields)
    day = None
    if date:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise InvalidPlanError(
                f"--date {date!r} is not a date; write it as YYYY-MM-DD."
            ) from None
    letter = plan.render(store, lang.value, signer=signer, date=day, platform=platform)
    advice = plan.checklist()
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(letter + "\n")
        except OSError as exc:
            raise InvalidPlanError(f"cannot write {output}: {exc.strerror}.") from None
        _say(_h(lang, "written", path=output))
    if out.format is Format.json:
        out.json(
            {
                "letter": letter,
                "language": lang.value,
                "advice": [{"code": a.code, "part": a.part, "message": a.message} for a in advice],
            }
        )
        return EXIT_OK
    if out.format is Format.csv:
        out.csv(["code", "part", "message"], [[a.code, a.part, a.message] for a in advice])
        return EXIT_OK
    if not output:
        out.text(letter)
    for a in advice:
        if lang is Lang.zh:
            _say(f"建议：{advice_text(a, 'zh')}")
        else:
            _say(f"advice: {a.code} ({a.part}): {a.message}")
    return EXIT_OK


# --------------------------------------------------------------------------- alerts

SinceOpt = Annotated[
    str, Option("--since", metavar="ISO", help="start of the window (included), with an offset")
]
UntilOpt = Annotated[
    str, Option("--until", metavar="ISO", help="end of the window (excluded), with an offset")
]


_ALERT_ZH = {
    "sanction_ended": "处罚结束",
    "points_lapsed": "扣分失效",
    "points_reset": "扣分清零",
    "sanction_started": "处罚开始",
    "threshold_near": "接近处罚节点",
    "sanction_appealable": "处罚可申诉",
    "appeal_window_opened": "申诉期开始",
    "appeal_window_closing": "申诉期将截止",
    "claim_filing_opens": "索赔开放提交",
    "claim_file_by_closing": "索赔提交期将截止",
    "claim_reply_by_closing": "索赔回复期将截止",
    "claim_appeal_by_closing": "索赔申诉期将截止",
}
"""The alert codes (:class:`penalties.alerts.AlertCode`) in the Chinese table."""


@command(
    "alerts",
    help="What happens to each account of FILE in [--since, --until): sanctions starting and "
    "ending, thresholds coming near, points lapsing, appeal windows opening and closing.",
)
def _alerts(
    file: FileArg,
    policy_code: PolicyOpt,
    since: SinceOpt,
    until: UntilOpt,
    market: MarketOpt = None,
    account: AccountOpt = None,
    within_points: Annotated[
        int,
        Option("--within-points", min=0, help="alert when a threshold is this many points away"),
    ] = 3,
    notice_days: Annotated[
        int, Option("--notice-days", min=0, help="alert this many days before a deadline")
    ] = 3,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    text: TextOpt = False,
    lang: LangOpt = Lang.en,
) -> int:
    from penalties._time import exact

    out = _output(fmt, as_json, text)
    policy = _policy(out, lang, policy_code, market)
    start, end = _instant(since, "--since", policy), _instant(until, "--until", policy)
    accounts = _accounts(file, policy)
    if account is not None:
        accounts = {account: _one_account(accounts, file, account)}
    found: list[tuple[str | None, Any]] = []
    for name in out.progress(list(accounts), _h(lang, "evaluating")):
        try:
            alerts = policy.alerts(
                accounts[name], start, end, within_points=within_points, notice_days=notice_days
            )
        except PenaltiesError as exc:
            if name is None:
                raise
            raise type(exc)(f"account {name!r}: {exc}") from None
        found += [(name, a) for a in alerts]
    found.sort(key=lambda na: (exact(na[1].at), na[0] or "", na[1].key))
    tz = policy.timezone

    def iso(t: Any) -> str | None:
        return None if t is None else t.isoformat()

    if out.format is Format.json:
        out.json(
            {
                "policy": policy.code,
                "market": policy.market,
                "since": start.isoformat(),
                "until": end.isoformat(),
                "alerts": [
                    {
                        "account": name,
                        "code": a.code.value,
                        "at": a.at.isoformat(),
                        "ledger": a.ledger,
                        "cause": list(a.cause),
                        "deadline": iso(a.deadline),
                        "key": a.key,
                        "text": a.explain(lang.value),
                    }
                    for name, a in found
                ],
            }
        )
    elif out.format is Format.csv:
        out.csv(
            ["account", "at", "code", "ledger", "cause", "deadline", "key", "text"],
            [
                [
                    name,
                    a.at.isoformat(),
                    a.code.value,
                    a.ledger,
                    ",".join(a.cause),
                    iso(a.deadline),
                    a.key,
                    a.explain(lang.value),
                ]
                for name, a in found
            ],
        )
    else:
        window = {"since": _t(start, tz), "until": _t(end, tz)}
        if not found:
            out.text(_h(lang, "no_alerts", **window))
        else:
            zh = lang is Lang.zh

            def alert_name(code: str) -> str:
                return _ALERT_ZH.get(code, code) if zh else code

            columns = ["at", "alert", "reason"]
            if len(accounts) > 1:
                columns.insert(0, "account")
            out.table(
                _h(lang, "alerts", **window),
                [_h(lang, c) for c in columns],
                [
                    ([name] if len(accounts) > 1 else [])
                    + [_t(a.at, tz), alert_name(a.code.value), a.explain(lang.value)]
                    for name, a in found
                ],
            )
    return EXIT_OK


# --------------------------------------------------------------------------- calendar


@command(
    "calendar",
    help="Every deadline ahead of --at for one account of FILE as an iCalendar file (.ics) to "
    "subscribe to: appeal deadlines, sanction ends, expiries and resets.",
)
def _calendar(
    file: FileArg,
    policy_code: PolicyOpt,
    at: AtOpt,
    market: MarketOpt = None,
    account: AccountOpt = None,
    remind_days: Annotated[
        int, Option("--remind-days", min=0, help="a reminder this many days before (0: none)")
    ] = 1,
    output: Annotated[
        str | None,
        Option("--output", "-o", metavar="FILE", help="write the calendar to FILE"),
    ] = None,
    lang: LangOpt = Lang.en,
) -> int:
    from penalties.ical import deadline_calendar, deadlines

    out = _output(Format.table)
    policy = _policy(out, lang, policy_code, market)
    instant = _instant(at, "--at", policy)
    events = _one_account(_accounts(file, policy), file, account)
    data = deadline_calendar(policy, events, instant, remind_days=remind_days or None)
    if output:
        try:
            with open(output, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise InvalidEventFileError(f"cannot write {output}: {exc.strerror}.") from None
        count = len(deadlines(policy, events, instant))
        _say(_h(lang, "calendar_written", count=count, path=output))
        return EXIT_OK
    _write_bytes(data)
    return EXIT_OK


def _write_bytes(data: bytes) -> None:
    """``data`` to standard output as they are (an .ics file keeps its CRLF line ends)."""
    stream = sys.stdout
    with _writing():
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            stream.write(data.decode("utf-8"))
        else:
            stream.flush()
            buffer.write(data)
            buffer.flush()


# --------------------------------------------------------------------------- running


class _WriteError(Exception):
    """Writing the output failed (disk full, stream closed, pipe closed): kept apart from
    OSError so that nothing on the way mistakes it for a failure to read input."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


@contextlib.contextmanager
def _writing() -> Iterator[None]:
    """Turn a failed write to standard output into :class:`_WriteError`."""
    try:
        yield
    except OSError as exc:
        raise _WriteError(exc) from None
    except ValueError as exc:  # a closed stream
        raise _WriteError(OSError(errno.EBADF, str(exc))) from None


class _Guarded:
    """``sys.stdout`` as the commands see it: its write errors become :class:`_WriteError`."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"

    def isatty(self) -> bool:
        try:
            return bool(self._stream.isatty())
        except (OSError, ValueError):
            return False

    def write(self, text: str) -> int:
        with _writing():
            return self._stream.write(text)

    def flush(self) -> None:
        with _writing():
            self._stream.flush()


def _stdout() -> Any:
    return _Guarded(sys.stdout)


def _say(line: str) -> None:
    """One line on stderr, ``penalties: ...``, whitespace folded, in any encoding."""
    stream = sys.stderr
    if stream is None:
        return
    text = f"penalties: {' '.join(line.split())}\n"
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        try:
            text = text.encode(encoding, "backslashreplace").decode(encoding)
        except LookupError:
            text = text.encode("ascii", "backslashreplace").decode("ascii")
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass


def _warn(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: IO[str] | None = None,
    line: str | None = None,
) -> None:
    _say(f"warning: {message}")


def _silence_stdout() -> None:
    """After a failed write: point the process's stdout at /dev/null, so that the interpreter's
    own flush at exit finds nothing to complain about (what Python's docs advise for EPIPE)."""
    stream = sys.stdout
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    if fd != 1 or stream is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except OSError:  # pragma: no cover - /dev/null always opens
        pass


def _missing_extra() -> str | None:
    """The first module of the ``cli`` extra that cannot be imported (None: all there)."""
    for module in ("typer", "rich"):
        try:
            __import__(module)
        except ImportError:
            return module
    return None


def _usage_line(exc: Any) -> str:
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "penalties"
    message = str(exc.format_message()) if hasattr(exc, "format_message") else str(exc)
    return f"error: {message.rstrip('.')} (see {path} --help)"


def _run(argv: list[str]) -> int:
    """Parse ``argv`` and run the command; Typer's own usage errors become one line."""
    import typer
    import typer.main

    cli = typer.main.get_command(_app())
    try:
        status = cli.main(args=argv, prog_name="penalties", standalone_mode=False)
    except typer.TyperException as exc:  # Typer's usage errors (its public base class)
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            sys.stdout.write(ctx.get_help() + "\n")  # a bare group: its help, exit status 2
        else:
            _say(_usage_line(exc))
        return EXIT_ERROR
    except typer.Abort:
        _say("interrupted")
        return EXIT_INTERRUPTED
    if status == EXIT_INTERRUPTED:
        _say("interrupted")
    return int(status) if isinstance(status, int) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit status,
    one of the ``EXIT_*`` constants (docs/cli.md)."""
    if sys.stdout is None:
        _say("error: standard output is closed; run penalties with somewhere to write to.")
        return EXIT_ERROR
    missing = _missing_extra()
    if missing is not None:
        _say(
            f"error: the command line needs the {EXTRA!r} extra ({missing} is not installed); "
            f"install it with: pip install 'penalties[{EXTRA}]'"
        )
        return EXIT_ERROR
    args = sys.argv[1:] if argv is None else list(argv)
    _OUTPUTS.clear()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = _warn
            status = _run(args)
        _Guarded(sys.stdout).flush()
        for out in _OUTPUTS:
            if out.replaced():
                _say(
                    f"warning: the output's encoding ({out.encoding}) cannot show "
                    f"{len(out.replaced())} different characters, printed as '?'; set "
                    "PYTHONIOENCODING=utf-8 to see them."
                )
        return status
    except PenaltiesError as exc:
        _say(f"error: {exc}")
        return EXIT_ERROR
    except _WriteError as exc:
        _silence_stdout()
        if exc.error.errno == errno.EPIPE:
            return EXIT_OK  # the reader stopped early (`penalties demo | head`): not an error
        _say(f"error: cannot write the output: {exc.error.strerror or exc.error}.")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except RecursionError:
        _say("error: the input is nested too deeply.")
        return EXIT_ERROR
    except Exception as exc:
        if os.environ.get("PENALTIES_TRACEBACK"):
            raise
        _say(
            f"error: internal error ({type(exc).__name__}: {exc}); this is a bug in penalties, "
            "please report it (PENALTIES_TRACEBACK=1 shows the traceback)."
        )
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
