"""`brandtruth meta`: connect to Meta, show who is connected, disconnect, and list what the
publish panel lists (ad accounts, Pages, targeting interests).

`connect --token T` (a system-user token; `-` reads it from stdin), `--manual` (Facebook Login
in the browser, then paste the address you land on) or `--loopback` (Facebook Login through
http://localhost, for apps in development mode; needs the app secret). The token is checked
with Meta, made long-lived when the app secret is known, and kept only in the OS keyring.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import webbrowser
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from brandtruth_desktop.cli_extract import run_in_terminal

if TYPE_CHECKING:
    from brandtruth_desktop.integrations.meta.connection import MetaAccount
    from brandtruth_desktop.paths import DataPaths

ENV_TOKEN = "BRANDTRUTH_META_TOKEN"


def add_meta_command(commands: Any) -> None:
    """Register `meta` on the `brandtruth` command's subparsers."""
    meta = commands.add_parser("meta", help="connect to Meta, show or remove the connection")
    actions = meta.add_subparsers(dest="meta_action", metavar="ACTION", required=True)
    connect = actions.add_parser("connect", help="connect with a token or Facebook Login")
    how = connect.add_mutually_exclusive_group(required=True)
    how.add_argument("--token", help="a (system-user) access token; - reads it from stdin")
    how.add_argument("--manual", action="store_true",
                     help="Facebook Login in the browser; paste the address you land on")
    how.add_argument("--loopback", action="store_true",
                     help="Facebook Login through http://localhost (apps in development mode)")
    connect.add_argument("--app-id", help="your Meta app's id (saved in the settings)")
    connect.add_argument("--app-secret-stdin", action="store_true",
                         help="read the app secret from stdin and keep it in the keyring")
    connect.add_argument("--port", type=int, default=0, help="loopback port (default: any)")
    connect.add_argument("--no-browser", action="store_true", help="only print the address")
    connect.add_argument("--json", action="store_true")
    for name, text in (("status", "who is connected, permissions and expiry"),
                       ("disconnect", "delete the token from the keyring"),
                       ("accounts", "the ad accounts you may use"),
                       ("pages", "the Pages you manage")):
        parser = actions.add_parser(name, help=text)
        parser.add_argument("--json", action="store_true")
    interests = actions.add_parser("interests", help="search targeting interests")
    interests.add_argument("words")
    interests.add_argument("--json", action="store_true")


def run_meta_command(args: argparse.Namespace, paths: DataPaths) -> int:
    """Run `brandtruth meta ACTION`; returns the exit code."""
    action = args.meta_action
    if action == "connect" and args.app_id:
        from brandtruth_desktop.settings import SettingsFile

        settings_file = SettingsFile(paths.settings_file)
        settings_file.save(settings_file.load().with_changes(meta_app_id=args.app_id.strip()))
    account = meta_account(paths)
    if action == "connect":
        if args.app_secret_stdin:
            account.set_app_secret(sys.stdin.readline().strip())
        connection = _connect(args, account)
        _print_connection(connection.to_dict(), args.json)
        return 0
    if action == "status":
        connection = account.status()
        _print_connection(connection.to_dict(), args.json)
        return 0 if connection.usable else 1
    if action == "disconnect":
        account.disconnect()
        print("Disconnected: the Meta token was removed from the keyring.")
        return 0
    token = os.environ.get(ENV_TOKEN, "").strip() or None
    with account.client(token) as client:
        if action == "accounts":
            rows: list[dict[str, Any]] = [
                {"id": a.id, "name": a.name, "currency": a.currency, "active": a.active}
                for a in client.ad_accounts()]
        elif action == "pages":
            rows = [{"id": p.id, "name": p.name, "tasks": list(p.tasks)} for p in client.pages()]
        else:
            rows = [{"id": i.id, "name": i.name, "audience_size": i.audience_size}
                    for i in client.search_interests(args.words)]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            print("  ".join(str(v) for v in row.values()))
    return 0


def _connect(args: argparse.Namespace, account: MetaAccount) -> Any:
    if args.token is not None:
        token = sys.stdin.readline().strip() if args.token == "-" else args.token
        return account.connect_with_token(token)
    if args.manual:
        request = account.start_manual_login()
        _show_url(request.url, args.no_browser)
        print("After logging in, copy the address of the page you land on (it starts with "
              "https://www.facebook.com/connect/login_success.html).", file=sys.stderr)
        try:
            pasted = input("Paste the address here: ")
        except EOFError:
            from brandtruth_desktop.integrations.meta.oauth import OAuthError

            raise OAuthError("No address was pasted, so BrandTruth is not connected.") from None
        return account.finish_manual_login(pasted, request)
    stage = account.loopback_login(port=args.port, open_browser=None,
                                   on_url=lambda url: _show_url(url, args.no_browser))
    return run_in_terminal(stage)


def _show_url(url: str, no_browser: bool) -> None:
    print(f"Log in to Facebook at:\n  {url}", file=sys.stderr)
    if not no_browser:
        webbrowser.open(url)


def _print_connection(connection: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(connection, indent=2))
        return
    print(connection["message"])
    if connection["scopes"]:
        print(f"Permissions: {', '.join(connection['scopes'])}")


def meta_account(paths: DataPaths) -> MetaAccount:
    """The Meta connection with the keyring, the settings' app id and Graph address, and the
    log filter told about every token it reads."""
    from brandtruth_desktop.integrations.meta.connection import MetaAccount
    from brandtruth_desktop.secret_store import KeyringSecretStore
    from brandtruth_desktop.settings import SettingsFile

    seen = _register_secret()
    return MetaAccount.from_settings(SettingsFile(paths.settings_file).load(),
                                     KeyringSecretStore(on_secret_seen=seen),
                                     on_secret_seen=seen)


def _register_secret() -> Callable[[str], None] | None:
    """The log filter's `register_secret`, so a token read here is redacted from the log."""
    from brandtruth_desktop.logging_setup import RedactingFilter

    for handler in logging.getLogger().handlers:
        for found in handler.filters:
            if isinstance(found, RedactingFilter):
                return found.register_secret
    return None


