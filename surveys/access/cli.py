"""``python -m surveys users|audit|settings|attribution …``: who may sign in, what they did,
the minimum cell size, and how each wave treats names — from the command line.

Whoever runs these commands can reach the database, so acts as the secretariat; every change
is written to the audit log under the operating-system user's name. A password is read from
standard input (``--password-stdin``), never from an argument, so it stays out of the shell's
history and the process list.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from surveys.errors import TrialogueError

COMMANDS = ("users", "audit", "settings", "attribution")


def add_commands(commands, db: argparse.ArgumentParser) -> None:
    from surveys.storage.audit import ACTIONS

    from .accounts import ROLES
    from .attribution import MODES
    from .settings import SETTINGS

    cmd = commands.add_parser("users", help="built-in accounts: add, list, remove, set-role, set-password")
    sub = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", parents=[db], help="add an account (a password from standard input, or none "
                                                   "for an account that signs in through OpenID Connect)")
    add.add_argument("name", metavar="NAME", help="user name (for OpenID Connect: the e-mail address)")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--delegation", metavar="STATE", help="a member's delegation: a state's name or ISO code")
    add.add_argument("--password-stdin", action="store_true", dest="password_stdin",
                     help="read the password from the first line of standard input")
    sub.add_parser("list", parents=[db], help="list the accounts")
    rm = sub.add_parser("remove", parents=[db], help="remove an account and end its sessions")
    rm.add_argument("name", metavar="NAME")
    role = sub.add_parser("set-role", parents=[db], help="change an account's role (its sessions end)")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", metavar="ROLE", choices=ROLES)
    role.add_argument("--delegation", metavar="STATE", help="the delegation, when the role is member")
    pw = sub.add_parser("set-password", parents=[db], help="set a new password from standard input")
    pw.add_argument("name", metavar="NAME")
    pw.add_argument("--password-stdin", action="store_true", dest="password_stdin", required=True)

    cmd = commands.add_parser("audit", parents=[db], help="write the audit log as JSON")
    cmd.add_argument("--json", required=True, metavar="FILE", help="output file ('-' for stdout)")
    cmd.add_argument("--action", choices=ACTIONS, help="only this action")
    cmd.add_argument("--actor", metavar="TEXT", help="only actors whose name contains TEXT")
    cmd.add_argument("--since", metavar="YYYY-MM-DD", type=_date, help="only entries from this day on (UTC)")

    cmd = commands.add_parser("settings", help="show or change the minimum cell size and sign-in durations")
    sub = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub.add_parser("list", parents=[db], help="show every setting")
    put = sub.add_parser("set", parents=[db], help="change a setting")
    put.add_argument("key", choices=list(SETTINGS))
    put.add_argument("value", metavar="VALUE")

    cmd = commands.add_parser("attribution", help="show or set a wave's attribution: " + ", ".join(MODES))
    sub = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = sub.add_parser("show", parents=[db], help="the attribution of every wave")
    show.add_argument("--wave", metavar="NAME")
    put = sub.add_parser("set", parents=[db], help="set a wave's attribution (anonymous cannot be undone)")
    put.add_argument("mode", choices=MODES)
    put.add_argument("--wave", metavar="NAME", help="default: the most recent wave")
    put.add_argument("--yes", action="store_true", help="confirm that names are dropped for good (anonymous)")


def _date(text: str) -> dt.datetime:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a date as YYYY-MM-DD") from None


def _password(args) -> str | None:
    if not getattr(args, "password_stdin", False):
        return None
    line = sys.stdin.readline()
    if not line:
        raise TrialogueError("--password-stdin: standard input is empty; pipe the password in")
    return line.rstrip("\r\n")


def run(args, store) -> int:
    from surveys.storage.audit import command_line

    actor = command_line()
    if args.command == "users":
        return _users(args, store, actor)
    if args.command == "audit":
        return _audit(args, store)
    if args.command == "settings":
        return _settings(args, store, actor)
    return _attribution(args, store, actor)


def _users(args, store, actor) -> int:
    from . import accounts as acc

    if args.action == "add":
        made = acc.add_account(store, args.name, args.role, actor=actor, delegation=args.delegation,
                               password=_password(args))
        how = "password" if made.has_password else "OpenID Connect only (no password)"
        print(f"added {made.name} ({made.role}{', ' + made.delegation if made.delegation else ''}; {how})")
    elif args.action == "list":
        found = acc.accounts(store)
        if not found:
            print("no accounts yet; add one with `python -m surveys users add NAME --role secretariat "
                  "--password-stdin`")
        for a in found:
            print(f"{a.name}\t{a.role}\t{a.delegation or '-'}\t{'password' if a.has_password else 'openid'}")
    elif args.action == "remove":
        gone = acc.remove_account(store, args.name, actor=actor)
        print(f"removed {gone.name} ({gone.role})")
    elif args.action == "set-role":
        changed = acc.set_role(store, args.name, args.role, actor=actor, delegation=args.delegation)
        print(f"{changed.name} is now {changed.role}{' of ' + changed.delegation if changed.delegation else ''}; "
              "its open sessions were ended")
    else:
        acc.set_password(store, args.name, _password(args), actor=actor)
        print(f"changed the password of {args.name}; its open sessions were ended")
    return 0


def _audit(args, store) -> int:
    from surveys.storage.audit import entries, to_json

    found = entries(store, action=args.action, actor=args.actor, since=args.since)
    text = to_json(found)
    if args.json == "-":
        sys.stdout.write(text + "\n")
        return 0
    path = Path(args.json)
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise TrialogueError(f"{path}: cannot write the JSON file ({exc.strerror})") from None
    print(f"wrote {path}: {len(found)} entr{'y' if len(found) == 1 else 'ies'}")
    return 0


def _settings(args, store, actor) -> int:
    from .settings import SETTINGS, all_settings, set_setting

    if args.action == "list":
        for key, value in all_settings(store).items():
            print(f"{key}\t{value}\t{SETTINGS[key][3]}")
        return 0
    value = set_setting(store, args.key, args.value, actor=actor)
    print(f"{args.key} = {value}")
    return 0


def _attribution(args, store, actor) -> int:
    from .attribution import ANONYMOUS, ONE_WAY, attribution, set_attribution

    if args.action == "show":
        waves = [store.wave(args.wave)] if args.wave else store.waves()
        for wave in waves:
            print(f"{wave.name}\t{attribution(store, wave.name)}")
        return 0
    if args.mode == ANONYMOUS and not args.yes:
        print(ONE_WAY, file=sys.stderr)
        print("Run again with --yes to make the wave anonymous.", file=sys.stderr)
        return 2
    change = set_attribution(store, args.wave, args.mode, actor=actor)
    if change.before == change.after:
        print(f"wave {change.wave} is already {change.after}; nothing changed")
    else:
        dropped = f"; {change.names_dropped} name(s) dropped for good" if change.after == ANONYMOUS else ""
        print(f"wave {change.wave}: {change.before} -> {change.after}{dropped}")
    return 0
