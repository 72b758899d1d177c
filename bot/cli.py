"""`python -m bot`: start the bot, the console, or a maintenance command."""

from __future__ import annotations

import argparse
import asyncio
import faulthandler
import getpass
import logging
import os
import signal
import sys
from collections.abc import Coroutine
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from bot.app import App, build_app
from bot.clock import Clock, ScaledClock, SystemClock
from bot.config import ConfigError, Settings, load_settings
from bot.health import add_health_routes
from bot.http_server import HttpServer
from bot.logs import configure_logging
from bot.platforms import PlatformStartError
from bot.runner import LINE_GRACE_SECONDS, console_until_stopped, end_console, platform_adapters, run_adapters
from bot.store import EMBEDDED_NOTICE, StoreUnavailable
from handlers.barraiser import cli as barraiser_cli
from question_bank import BankError, load_bank

EXIT_CONFIG = 2
T = TypeVar("T")


def _start_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an ISO date-time like 2026-03-02T09:00") from None


def _speed(text: str) -> float:
    try:
        speed = float(text)
    except ValueError:
        speed = 0.0
    if not 0 < speed <= 100_000:
        raise argparse.ArgumentTypeError(f"'{text}' is not a speed between 0 and 100000")
    return speed


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "you"


def build_parser() -> argparse.ArgumentParser:
    """The `python -m bot` argument parser with all its subcommands."""
    console_flags = argparse.ArgumentParser(add_help=False)
    console_flags.add_argument("--user", default=_default_user(), help="your name in the console chat")
    console_flags.add_argument("--member", action="store_true", help="be a plain member, not an admin")
    console_flags.add_argument("--speed", type=_speed, default=1.0, help="run the clock N times faster")
    console_flags.add_argument("--start", type=_start_time, help="simulated time to start at (ISO date-time)")
    console_flags.add_argument(
        "--clock-anchor",
        type=float,
        help="Unix time at which simulated time equals --start (several processes on one timeline)",
    )

    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="practice-partner: system design interview practice on Discord, Slack and the console.",
        parents=[console_flags],
    )
    commands = parser.add_subparsers(dest="command")
    parser.add_argument("--console", action="store_true", help="also open the console next to Discord/Slack")
    commands.add_parser("console", parents=[console_flags], help="chat with the bot in this terminal")
    commands.add_parser("discord-invite", help="print the link that adds the bot to a Discord server")
    barraiser_cli.add_parser(commands)
    manifest = commands.add_parser("slack-manifest", help="print the Slack app manifest (YAML)")
    manifest.add_argument("--request-url", help="HTTP mode: the public URL of /slack/events")
    manifest.add_argument(
        "--distribute", action="store_true", help="with --request-url: OAuth installs in many workspaces"
    )
    validate = commands.add_parser("validate-bank", help="check question files and report every problem")
    validate.add_argument("path", nargs="?", type=Path, help="folder of question YAML files (default: shipped)")
    return parser


def validate_bank(path: Path | None) -> int:
    """Check the question files under `path` (default: the shipped bank) and print every problem; 0 if all are valid."""
    try:
        bank = load_bank(path)
    except BankError as error:
        for problem in error.problems:
            print(problem)
        files = len({problem.file for problem in error.problems})
        print(f"{len(error.problems)} problem(s) in {files} file(s)")
        return 1
    print(f"OK: {len(bank)} questions valid")
    return 0


def make_clock(args: argparse.Namespace) -> Clock:
    """A scaled clock when `--speed` or `--start` asks for one, else the system clock."""
    if args.speed != 1.0 or args.start is not None:
        return ScaledClock(args.speed, args.start, args.clock_anchor)
    return SystemClock()


async def console_session(app: App, args: argparse.Namespace, stop: asyncio.Event | None = None) -> None:
    """Chat in this terminal until the input ends or the user quits."""
    from bot.platforms.console import CONSOLE_HELP, ConsoleSession, stdin_lines
    from bot.platforms.console_chat import ConsoleChat, ConsoleOutput

    clock = app.services.clock
    output = ConsoleOutput(sys.stdout, interactive=sys.stdin.isatty() and sys.stdout.isatty())
    chat = ConsoleChat(output, charts_dir=app.settings.core.charts_dir)
    app.attach(chat)
    session = ConsoleSession(app.dispatcher, chat, clock, user_name=args.user, is_admin=not args.member)
    role = "member" if args.member else "admin"
    chat.notice(f"practice-partner console · workspace local · you are @{session.user.display} ({role})")
    if app.services.store.embedded:
        chat.notice(EMBEDDED_NOTICE)
    chat.notice(f"Type /help for commands. {CONSOLE_HELP}")
    if isinstance(clock, ScaledClock):
        clock.begin_now()  # `--start` is the time when you can first type, however long start-up took
    await session.run(stdin_lines(stop))


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """The console alone, or every platform with a token (plus the console with --console)."""
    app = await build_app(settings, make_clock(args))
    try:
        port = settings.core.http_port
        http = HttpServer(port) if port is not None else None
        adapters = [] if args.command == "console" else platform_adapters(app, settings, http)
        for adapter in adapters:
            app.attach(adapter.chat)
        if http is not None:
            checks = {type(adapter).__name__.removesuffix("Adapter").lower(): adapter.ready for adapter in adapters}
            add_health_routes(http, app.services.store, checks)
        stop = asyncio.Event()
        if not adapters or args.console:
            console: asyncio.Task[None] | None = asyncio.create_task(console_session(app, args, stop))
            await asyncio.sleep(0)  # the console attaches itself before polling starts
        else:
            console = None
        app.start_polling()  # sleeps through the clock: a sped-up clock wakes sooner
        if not adapters and console is not None:
            if http is not None:
                await http.start()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(signum, stop.set)  # a graceful stop: the input ends, the console closes
            try:
                await console_until_stopped(console, stop)
            finally:
                if http is not None:
                    await http.close()
            return 0
        if app.services.store.embedded:
            logging.getLogger(__name__).warning(EMBEDDED_NOTICE)
        try:
            await run_adapters(adapters, http=http, also=console)
        finally:
            if console is not None:  # the platforms stopped (a signal, say): the console stops with them
                stop.set()
                await end_console(console, grace_seconds=LINE_GRACE_SECONDS)
        return 0
    finally:
        await app.close()


def slack_manifest(request_url: str | None, *, distributed: bool = False) -> int:
    """Print the Slack app manifest for the registered commands; return 0 (2 for --distribute alone)."""
    import yaml

    from bot.platforms.slack_commands import manifest
    from handlers import build_registry

    if distributed and request_url is None:
        print("practice-partner: --distribute needs --request-url (OAuth installs use HTTP)", file=sys.stderr)
        return EXIT_CONFIG
    generated = manifest(build_registry(), request_url=request_url, distributed=distributed)
    print(MANIFEST_HEADER + yaml.safe_dump(generated, sort_keys=False), end="")
    return 0


MANIFEST_HEADER = "# Generated by `python -m bot slack-manifest`; paste it at api.slack.com/apps -> Create New App.\n"


def discord_invite() -> int:
    """Print the link that adds the bot to a Discord server; a config exit code without a token."""
    from bot.platforms.discord_bot import application_id_from_token, invite_url

    settings = load_settings()
    token = settings.discord.token
    application_id = application_id_from_token(token.get_secret_value()) if token else None
    if application_id is None:
        print("practice-partner: set DISCORD_TOKEN to a bot token to make its invite link", file=sys.stderr)
        return EXIT_CONFIG
    print(invite_url(application_id))
    return 0


def run_event_loop(work: Coroutine[object, object, T]) -> T:
    """Run the process's one event loop: uvloop's where it is installed (its sockets and callbacks cost
    a busy Slack bot ~20% less CPU per request than asyncio's own loop), asyncio's otherwise."""
    try:
        import uvloop  # optional: not built for every platform
    except ImportError:
        return asyncio.run(work)
    return uvloop.run(work)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the process exit code; configuration errors never raise."""
    args = build_parser().parse_args(argv)
    if args.command == "validate-bank":
        return validate_bank(args.path)
    if args.command == "barraiser":
        try:
            return barraiser_cli.run(args)
        except ConfigError as error:
            print(f"practice-partner: configuration error: {error}", file=sys.stderr)
            return EXIT_CONFIG
    if args.command == "slack-manifest":
        return slack_manifest(args.request_url, distributed=args.distribute)
    try:
        if args.command == "discord-invite":
            return discord_invite()
        settings = load_settings()
    except ConfigError as error:
        print(f"practice-partner: configuration error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    platforms = args.command != "console" and (settings.wants_discord or settings.wants_slack)
    configure_logging(
        settings.core.log_level,
        quiet=not platforms or args.console,
        json_lines=settings.core.log_format == "json",
        secrets=settings.secrets,
    )
    if hasattr(signal, "SIGUSR1"):  # `kill -USR1 <pid>`: every thread's stack on stderr, to see where it is stuck
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    try:
        return run_event_loop(run(settings, args))
    except (StoreUnavailable, PlatformStartError) as error:
        print(f"practice-partner: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 0
    except BrokenPipeError:  # the console's reader went away (`| head`, say): stop without a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit either
        return 1
