"""The ``penalties`` command line (also ``python -m penalties``).

Commands: ``demo``, ``policies [CODE]``, ``evaluate``, ``what-if``, ``timeline``,
``claim check`` and ``appeal letter``. Output is Rich tables in a terminal, JSON when piped or
with ``--json`` (``penalties.io`` documents where one exists), plain text with ``--text`` or
when Rich (the ``cli`` extra) is missing. ``--lang zh`` writes headings and explanations in
Simplified Chinese.

Errors are printed as one line on stderr (``penalties: error: ...``), without a traceback, and
the exit status is 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import warnings
from collections.abc import Mapping, Sequence
from typing import IO, Any, NoReturn

from penalties._cli_input import read_accounts, read_json_object
from penalties._cli_output import Output, choose_mode
from penalties._time import to_instant
from penalties.errors import (
    InvalidChartError,
    InvalidClaimError,
    InvalidEventError,
    InvalidEventFileError,
    PenaltiesError,
    close_matches,
)
from penalties.events import Event, Violation
from penalties.explain import (
    explain_assessment,
    explain_standing,
    explain_what_if,
    sanction_kind_text,
    severity_text,
    spec_text,
    status_text,
    threshold_text,
    unit_text,
    validity_text,
)
from penalties.policy import Policy, get_policy, list_markets, list_policies
from penalties.results import Standing, Timeline, WhatIf

__all__ = ["main"]

EXIT_ERROR = 2

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
    },
}


# --------------------------------------------------------------------------- arguments


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        _fail(f"{message} (see {self.prog} --help)")


def _fail(message: str) -> NoReturn:
    print(f"penalties: error: {' '.join(message.split())}", file=sys.stderr)
    raise SystemExit(EXIT_ERROR)


def _instant(text: str, option: str = "--at") -> Any:
    return to_instant(text, what=option)


def _out(args: argparse.Namespace) -> Output:
    stream: IO[str] = sys.stdout
    tty = bool(getattr(stream, "isatty", lambda: False)())
    mode = choose_mode(
        json_flag=getattr(args, "json", False), text_flag=getattr(args, "text", False), tty=tty
    )
    return Output(mode, stream, tty=tty)


def _h(args: argparse.Namespace, key: str, **values: object) -> str:
    return _H[getattr(args, "lang", "en")][key].format(**values)


def _policy(args: argparse.Namespace) -> Policy:
    return get_policy(args.policy, market=args.market)


def _events_of(args: argparse.Namespace, path: str) -> list[Event]:
    """The events of one account in ``path`` (``--account`` picks one of several)."""
    accounts = read_accounts(path)
    chosen = getattr(args, "account", None)
    if chosen is None:
        if len(accounts) > 1:
            raise InvalidEventFileError(
                f"{path} holds {len(accounts)} accounts ({_names(accounts)}); pick one with "
                "--account NAME.",
                path,
            )
        return next(iter(accounts.values()), [])
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


# --------------------------------------------------------------------------- demo


def _demo(args: argparse.Namespace) -> int:
    from penalties.demo import DEMO_INSTANTS, DEMO_WHAT_IF_AT, demo_history, demo_what_if
    from penalties.io.documents import to_document

    out = _out(args)
    policy = get_policy("aliexpress")
    timeline = policy.evaluate(demo_history())
    instants = [args.at] if args.at else list(DEMO_INSTANTS)
    standings = [timeline.at(at) for at in instants]
    result = policy.what_if(demo_history(), demo_what_if(), at=DEMO_WHAT_IF_AT)
    if out.mode == "json":
        out.json(
            {
                "standings": [to_document(s) for s in standings],
                "what_if": to_document(result),
            }
        )
        return 0
    out.text(_h(args, "demo"), style="bold")
    for standing in standings:
        out.text()
        _print_standing(out, args, standing)
    out.text()
    out.heading(_h(args, "demo_what_if"))
    out.text(explain_what_if(result, args.lang))
    return 0


# --------------------------------------------------------------------------- policies


def _policies(args: argparse.Namespace) -> int:
    out = _out(args)
    if args.code:
        return _show_policy(args, out, get_policy(args.code, market=args.market))
    if args.market:
        _fail("--market goes with a policy code: penalties policies CODE --market M")
    rows = []
    for code in list_policies():
        policy = get_policy(code)
        rows.append(
            {
                "code": code,
                "name": policy.name,
                "timezone": policy.timezone,
                "markets": list(list_markets(code)),
                "ledgers": [ledger.code for ledger in policy.ledgers],
            }
        )
    if out.mode == "json":
        out.json(rows)
        return 0
    out.table(
        _h(args, "policies"),
        [_h(args, k) for k in ("code", "name", "timezone", "markets", "ledgers")],
        [
            [r["code"], r["name"], r["timezone"], ", ".join(r["markets"]), ", ".join(r["ledgers"])]
            for r in rows
        ],
    )
    return 0


def _since(args: argparse.Namespace, day: dt.date | None) -> str:
    return _h(args, "always") if day is None else day.isoformat()


def _show_policy(args: argparse.Namespace, out: Output, policy: Policy) -> int:
    from penalties.io import policy_to_data
    from penalties.io.documents import jsonable

    if out.mode == "json":
        out.json(jsonable(policy_to_data(policy)))
        return 0
    zh = args.lang == "zh"
    title = f"{policy.name} ({policy.code}" + (f", {policy.market}" if policy.market else "") + ")"
    out.heading(f"{title} — {policy.timezone}")
    ledger_rows = []
    for ledger in policy.ledgers:
        levels = "; ".join(
            threshold_text(ledger, th, args.lang)
            + (f" [{th.effective_from}–{th.effective_until or ''}]" if th.effective_from else "")
            for th in ledger.thresholds
        )
        ledger_rows.append(
            [
                ledger.code,
                (ledger.title_zh or ledger.title) if zh else ledger.title,
                unit_text(ledger.unit, args.lang),
                validity_text(ledger, args.lang),
                levels,
            ]
        )
    out.table(
        _h(args, "ledgers"),
        [_h(args, k) for k in ("ledger", "title", "unit", "validity", "thresholds")],
        ledger_rows,
    )
    kind_rows = []
    for kind in policy.kinds:
        name = (kind.title_zh or kind.title) if zh else kind.title
        direct = ", ".join(spec_text(s, args.lang) for s in kind.sanctions)
        if kind.severities:
            for sev in kind.severities:
                entries = sev.points.entries if sev.points is not None else ()
                points = "; ".join(f"{p} ({_since(args, d)})" for d, p in entries) or "-"
                extra = ", ".join(spec_text(s, args.lang) for s in sev.sanctions)
                kind_rows.append(
                    [
                        kind.code,
                        name,
                        severity_text(sev.code, args.lang),
                        sev.ledger or kind.ledger,
                        points,
                        ", ".join(x for x in (direct, extra) if x),
                    ]
                )
        else:
            entries = kind.points.entries if kind.points is not None else ()
            points = "; ".join(f"{p} ({_since(args, d)})" for d, p in entries) or "-"
            kind_rows.append([kind.code, name, "", kind.ledger, points, direct])
    out.table(
        _h(args, "kinds"),
        [_h(args, k) for k in ("kind", "title", "severity", "ledger", "points", "direct")],
        kind_rows,
    )
    out.heading(_h(args, "references"))
    for ref in policy.references:
        out.text(f"- {ref}")
    if policy.assumptions:
        out.heading(_h(args, "assumptions"))
        for assumption in policy.assumptions:
            out.text(f"- {assumption.code}: {assumption.text}")
    return 0


# --------------------------------------------------------------------------- evaluate


def _print_standing(out: Output, args: argparse.Namespace, standing: Standing) -> None:
    if out.console is not None:
        policy = standing.policy
        rows = []
        nexts = {n.ledger: n for n in standing.next_thresholds}
        for ledger in policy.ledgers:
            n = nexts.get(ledger.code)
            rows.append(
                [
                    ledger.code,
                    (ledger.title_zh or ledger.title) if args.lang == "zh" else ledger.title,
                    standing.points[ledger.code],
                    (
                        f"{n.points}（还差 {n.remaining}）"
                        if args.lang == "zh"
                        else f"{n.points} ({n.remaining} to go)"
                    )
                    if n
                    else "",
                ]
            )
        status = status_text(standing.status, args.lang)
        out.table(
            f"{policy.name} — {_h(args, 'status')}: {status}",
            [_h(args, k) for k in ("ledger", "title", "points", "threshold")],
            rows,
        )
    out.text(explain_standing(standing, args.lang))


def _evaluate(args: argparse.Namespace) -> int:
    from penalties.io.documents import to_document

    out = _out(args)
    policy = _policy(args)
    at = _instant(args.at)
    accounts = read_accounts(args.file)
    if args.account is not None:
        accounts = {args.account: _events_of(args, args.file)}
    standings: list[tuple[str | None, Standing]] = []
    for account in out.progress(list(accounts), _h(args, "evaluating")):
        try:
            standings.append((account, policy.standing(accounts[account], at)))
        except PenaltiesError as exc:
            if account is None:
                raise
            raise type(exc)(f"account {account!r}: {exc}") from None
    if out.mode == "json":
        if len(standings) == 1 and (standings[0][0] is None or args.account is not None):
            out.json(to_document(standings[0][1]))
        else:
            out.json(
                {
                    "policy": policy.code,
                    "market": policy.market,
                    "at": at.isoformat(),
                    "accounts": [
                        {"account": name, "standing": to_document(s)["standing"]}
                        for name, s in standings
                    ],
                }
            )
        return 0
    if len(standings) > 1:
        out.table(
            _h(args, "accounts"),
            [_h(args, k) for k in ("account", "status", "points", "frozen_until")]
            + [_h(args, "sanctions")],
            [
                [
                    name,
                    status_text(s.status, args.lang),
                    ", ".join(f"{k} {v}" for k, v in s.points.items() if v),
                    s.frozen_until.in_timezone(policy.timezone).format("YYYY-MM-DD HH:mm")
                    if s.frozen_until
                    else "",
                    ", ".join(sanction_kind_text(x.kind, args.lang) for x in s.sanctions),
                ]
                for name, s in standings
            ],
        )
    for name, standing in standings:
        if name is not None:
            out.heading(f"{_h(args, 'account')}: {name}")
        _print_standing(out, args, standing)
        out.text()
    return 0


# --------------------------------------------------------------------------- what-if


def _added(args: argparse.Namespace, at: Any) -> list[Event]:
    events: list[Event] = []
    for i, spec in enumerate(args.add or [], start=1):
        parts = spec.split(":")
        if not parts[0] or len(parts) > 3:
            raise InvalidEventError(
                f"--add {spec!r}: write KIND, KIND:SEVERITY, KIND:SEVERITY:POINTS or KIND:POINTS "
                "(e.g. unfair_competition:serious)."
            )
        kind, severity, points = parts[0], None, None
        rest = parts[1:]
        if rest and rest[-1].strip().lstrip("+-").isdigit():
            points = int(rest.pop())
        if rest:
            severity = rest[0] or None
        events.append(Violation(f"what-if-{i}", kind, at, severity=severity, points=points))
    if args.add_file:
        events += _events_of(args, args.add_file)
    if not events:
        _fail("what-if needs something to add: --add KIND[:SEVERITY][:POINTS] or --add-file F")
    return events


def _what_if(args: argparse.Namespace) -> int:
    from penalties.io.documents import to_document

    out = _out(args)
    policy = _policy(args)
    at = _instant(args.at)
    events = _events_of(args, args.file)
    add = _added(args, at)
    result: WhatIf = policy.what_if(events, add, at=at)
    if out.mode == "json":
        out.json(to_document(result))
        return 0
    if out.console is not None:
        out.table(
            explain_what_if(result, args.lang).splitlines()[0],
            [_h(args, k) for k in ("ledger", "before", "after", "delta")],
            [
                [code, result.before.points[code], result.after.points[code], f"{delta:+d}"]
                for code, delta in result.points_delta.items()
            ],
        )
    out.text(explain_what_if(result, args.lang))
    out.text()
    out.heading(_h(args, "after"))
    out.text(explain_standing(result.after, args.lang))
    return 0


# --------------------------------------------------------------------------- timeline


def _timeline(args: argparse.Namespace) -> int:
    from penalties.io.documents import to_document

    out = _out(args)
    policy = _policy(args)
    timeline: Timeline = policy.evaluate(_events_of(args, args.file))
    if args.plot:
        from penalties.plot import save_timeline

        if not str(args.plot).lower().endswith(".png"):
            raise InvalidChartError(f"--plot {args.plot!r}: the chart is a PNG; name it *.png.")
        save_timeline(timeline, args.plot, account=args.account)
        print(_h(args, "plot", path=args.plot), file=sys.stderr)
    if out.mode == "json":
        out.json(to_document(timeline))
        return 0
    tz = policy.timezone

    def t(value: Any) -> str:
        return "" if value is None else value.in_timezone(tz).format("YYYY-MM-DD HH:mm")

    out.table(
        f"{policy.name} — {_h(args, 'changes')} ({tz})",
        [_h(args, k) for k in ("at", "ledger", "delta", "balance", "cause", "reason")],
        [
            [t(c.at), c.ledger, f"{c.delta:+d}", c.balance, ", ".join(c.cause), c.reason]
            for c in timeline.changes
        ],
    )
    out.table(
        _h(args, "all_sanctions"),
        [_h(args, k) for k in ("sanctions", "start", "end", "ledger", "cause", "reason")],
        [
            [
                sanction_kind_text(s.kind, args.lang),
                t(s.start),
                t(s.end) if s.end else "—",
                s.ledger or "",
                ", ".join(s.cause),
                s.reason,
            ]
            for s in timeline.sanctions
        ],
    )
    for note in timeline.notes:
        out.text(f"! {note}")
    return 0


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
)


def _fields(
    args: argparse.Namespace, what: str, names: tuple[str, ...], error: type[PenaltiesError]
) -> dict[str, Any]:
    """The ``what``'s fields from ``--file`` (a JSON object), then from the options given,
    which win; an unknown field in the file is an ``error``."""
    fields: dict[str, Any] = {}
    if args.file:
        data = read_json_object(args.file, what, error)
        for key, value in data.items():
            if key not in names:
                raise error(
                    f"{args.file}: unknown {what} field {key!r}; a {what} has "
                    f"{', '.join(names)}." + close_matches(key, names)
                )
            fields[key] = value
    for key in names:
        value = getattr(args, key, None)
        if value is not None and value is not False and value != []:
            fields[key] = value
    return fields


def _claim_check(args: argparse.Namespace) -> int:
    from penalties.claims import SafeTClaim, get_claim_policy

    out = _out(args)
    fields = _fields(args, "claim", _CLAIM_FIELDS, InvalidClaimError)
    if "quantity" in fields and isinstance(fields["quantity"], str):
        try:
            fields["quantity"] = int(fields["quantity"])
        except ValueError:
            raise InvalidClaimError(
                f"quantity {fields['quantity']!r} is not a whole number; write e.g. 2."
            ) from None
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
    assessment = get_claim_policy("amazon_csba", market=args.market).assess(claim)
    if out.mode == "json":
        out.json(_assessment_data(assessment))
        return 0
    out.text(explain_assessment(assessment, args.lang))
    return 0


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
)


def _appeal_letter(args: argparse.Namespace) -> int:
    from penalties.appeals import InvalidPlanError, PlanOfAction

    out = _out(args)
    fields = _fields(args, "plan", _PLAN_FIELDS, InvalidPlanError)
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
    plan = PlanOfAction(**fields)
    date = None
    if args.date:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            raise InvalidPlanError(
                f"--date {args.date!r} is not a date; write it as YYYY-MM-DD."
            ) from None
    letter = plan.render(
        args.store, args.lang, signer=args.signer, date=date, platform=args.platform
    )
    advice = plan.checklist()
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(letter + "\n")
        except OSError as exc:
            raise InvalidPlanError(f"cannot write {args.output}: {exc.strerror}.") from None
        print(_h(args, "written", path=args.output), file=sys.stderr)
    if out.mode == "json":
        out.json(
            {
                "letter": letter,
                "language": args.lang,
                "advice": [{"code": a.code, "part": a.part, "message": a.message} for a in advice],
            }
        )
        return 0
    if not args.output:
        if out.console is not None:
            out.heading(_h(args, "letter"))
        out.text(letter)
    if advice:
        if out.console is not None:
            out.table(
                _h(args, "advice"),
                ["code", _h(args, "part"), _h(args, "message")],
                [[a.code, a.part, a.message] for a in advice],
            )
        else:
            for a in advice:
                print(f"penalties: advice: {a.code} ({a.part}): {a.message}", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- parser


def _output_options(p: argparse.ArgumentParser, *, lang: bool = True) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="print JSON (the default when piped)")
    group.add_argument(
        "--text", action="store_true", help="print plain text, even when piped (no Rich)"
    )
    if lang:
        p.add_argument(
            "--lang",
            choices=("en", "zh"),
            default="en",
            help="language of headings and explanations: en (English) or zh (简体中文)",
        )


def _policy_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--policy", required=True, help="policy code, e.g. aliexpress (see policies)")
    p.add_argument("--market", help="market of the policy, where it has markets (e.g. PH)")


def _parser() -> argparse.ArgumentParser:
    from penalties import __version__

    parser = _Parser(
        prog="penalties",
        description="Marketplace seller penalty systems: points, sanctions, expiries, appeals, "
        "SAFE-T claims. Output: Rich tables in a terminal, JSON when piped or with --json.",
    )
    parser.add_argument("--version", action="version", version=f"penalties {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser(
        "demo",
        help="evaluate and explain a bundled example account",
        description=(
            "Replay a year of a bundled AliExpress seller's history and explain it at four "
            "instants, then show what one more serious penalty would do."
        ),
    )
    demo.add_argument("--at", help="one ISO-8601 instant with an offset to explain at instead")
    _output_options(demo)
    demo.set_defaults(func=_demo)

    policies = sub.add_parser(
        "policies",
        help="list the registered policies, or show one policy's rules",
        description="Without CODE: list the policies. With CODE: its ledgers, validity, "
        "thresholds, violation kinds with points per severity and their effective dates, and "
        "references.",
    )
    policies.add_argument("code", nargs="?", help="a policy code to show, e.g. aliexpress")
    policies.add_argument("--market", help="market of the policy (e.g. PH for shopee)")
    _output_options(policies)
    policies.set_defaults(func=_policies)

    file_help = (
        "event file: .csv, .jsonl or .json (a penalties.events document or a list of events); "
        "an 'account' column or field holds many accounts"
    )
    evaluate = sub.add_parser(
        "evaluate",
        help="evaluate an event file at an instant",
        description="The standing of each account in FILE at --at: points per ledger, status, "
        "sanctions with their causes, next thresholds, expiries and appeals.",
    )
    evaluate.add_argument("file", help=file_help)
    _policy_options(evaluate)
    evaluate.add_argument("--at", required=True, help="ISO-8601 instant with an offset")
    evaluate.add_argument("--account", help="evaluate only this account of the file")
    _output_options(evaluate)
    evaluate.set_defaults(func=_evaluate)

    what_if = sub.add_parser(
        "what-if",
        help="what adding violations would change at an instant",
        description="Add violations (at --at) to FILE's events and compare the standings.",
    )
    what_if.add_argument("file", help=file_help)
    _policy_options(what_if)
    what_if.add_argument(
        "--add",
        action="append",
        metavar="KIND[:SEVERITY][:POINTS]",
        help="a violation to add at --at (repeatable), e.g. unfair_competition:serious",
    )
    what_if.add_argument("--add-file", help="an event file of events to add")
    what_if.add_argument("--at", required=True, help="ISO-8601 instant with an offset")
    what_if.add_argument("--account", help="the account of the file(s) to use")
    _output_options(what_if)
    what_if.set_defaults(func=_what_if)

    timeline = sub.add_parser(
        "timeline",
        help="every balance change and sanction of an event file",
        description="Replay FILE: each balance change with its cause, each sanction with its "
        "real interval; --plot writes a PNG chart (needs the plot extra).",
    )
    timeline.add_argument("file", help=file_help)
    _policy_options(timeline)
    timeline.add_argument("--plot", metavar="OUT.png", help="write the chart to this PNG file")
    timeline.add_argument("--account", help="the account of the file to replay")
    _output_options(timeline)
    timeline.set_defaults(func=_timeline)

    claim = sub.add_parser("claim", help="Amazon SAFE-T reimbursement claims")
    claim_sub = claim.add_subparsers(dest="claim_command", required=True, metavar="COMMAND")
    check = claim_sub.add_parser(
        "check",
        help="assess a SAFE-T claim: eligibility, problems, cap, deadlines",
        description="Assess a SAFE-T claim under Amazon's CSBA policy. Give the claim as options "
        "or as a JSON file of SafeTClaim fields (options override the file).",
    )
    check.add_argument("--file", help="JSON object of SafeTClaim fields")
    check.add_argument("--market", default="DE", help="Amazon marketplace (default DE)")
    check.add_argument("--order-id", dest="order_id", help="Amazon order id")
    check.add_argument("--reason", help="claim reason, e.g. not_returned")
    check.add_argument("--refund-amount", dest="refund_amount", help="refund charged, e.g. 49.90")
    check.add_argument("--order-value", dest="order_value", help="what the buyer paid")
    check.add_argument("--currency", help="ISO 4217 code, e.g. EUR")
    check.add_argument(
        "--refund-charged-at", dest="refund_charged_at", help="ISO instant the refund was charged"
    )
    check.add_argument("--filed-at", dest="filed_at", help="ISO instant the claim is filed")
    check.add_argument("--refunded-by", dest="refunded_by", help="amazon (default) or seller")
    check.add_argument("--fulfillment", help="merchant (default) or fba")
    check.add_argument("--quantity", type=int, help="units (default 1)")
    for flag, dest in (
        ("--chargeback", "chargeback"),
        ("--a-to-z", "a_to_z_claim"),
        ("--return-rejected", "return_rejected_by_seller"),
        ("--lost-in-transit", "lost_or_damaged_in_transit"),
        ("--valid-return-authorization", "valid_return_authorization"),
    ):
        check.add_argument(flag, dest=dest, action="store_true", default=None)
    _output_options(check)
    check.set_defaults(func=_claim_check)

    appeal = sub.add_parser("appeal", help="appeal letters (plans of action)")
    appeal_sub = appeal.add_subparsers(dest="appeal_command", required=True, metavar="COMMAND")
    letter = appeal_sub.add_parser(
        "letter",
        help="write a plan-of-action appeal letter",
        description="Write a three-part appeal letter (root causes, corrective actions, "
        "preventive measures) in English or Chinese, with advice on what reviewers reject.",
    )
    letter.add_argument("--file", help="JSON object with root_causes, corrective_actions, ...")
    letter.add_argument("--store", required=True, help="the store's name (signs the letter)")
    letter.add_argument("--root-cause", dest="root_causes", action="append", help="repeatable")
    letter.add_argument(
        "--corrective", dest="corrective_actions", action="append", help="repeatable"
    )
    letter.add_argument(
        "--preventive", dest="preventive_measures", action="append", help="repeatable"
    )
    letter.add_argument("--forward-plan", dest="forward_plan", action="append", help="repeatable")
    letter.add_argument("--evidence", action="append", help="an attachment (repeatable)")
    letter.add_argument("--reference", help="the notice or case appealed")
    letter.add_argument("--subject", help="what is appealed")
    letter.add_argument("--signer", help="who signs")
    letter.add_argument(
        "--platform",
        default="amazon",
        help="whom the letter is for: amazon (default), aliexpress, taobao, tmall, shopee, "
        "lazada, tiktok_shop, tiktok_shop_us",
    )
    letter.add_argument("--date", help="the letter's date, YYYY-MM-DD")
    letter.add_argument("-o", "--output", help="write the letter (plain text) to this file")
    _output_options(letter)
    letter.set_defaults(func=_appeal_letter)
    return parser


def _warn(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: IO[str] | None = None,
    line: str | None = None,
) -> None:
    print(f"penalties: warning: {' '.join(str(message).split())}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0, or 2 after an error)."""
    try:
        args = _parser().parse_args(argv)
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = _warn
            return int(args.func(args))
    except PenaltiesError as exc:
        print(f"penalties: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_ERROR
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_ERROR)
    except KeyboardInterrupt:
        print("penalties: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
