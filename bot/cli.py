"""`python -m bot`: start the bot, the console, or a maintenance command."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from datetime import datetime
from pathlib import Path

from bot.clock import Clock, ScaledClock, SystemClock
from bot.config import ConfigError, Settings, load_settings
from bot.logs import configure_logging
from bot.store import EMBEDDED_NOTICE, StoreUnavailable
from question_bank import BankError, load_bank

EXIT_CONFIG = 2


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
    console_flags = argparse.ArgumentParser(add_help=False)
    console_flags.add_argument("--user", default=_default_user(), help="your name in the console chat")
    console_flags.add_argument("--member", action="store_true", help="be a plain member, not an admin")
    console_flags.add_argument("--speed", type=_speed, default=1.0, help="run the clock N times faster")
    console_flags.add_argument("--start", type=_start_time, help="simulated time to start at (ISO date-time)")

    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="practice-partner: system design interview practice on Discord, Slack and the console.",
        parents=[console_flags],
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("console", parents=[console_flags], help="chat with the bot in this terminal")
    validate = commands.add_parser("validate-bank", help="check question files and report every problem")
    validate.add_argument(
        "path", nargs="?", type=Path, help="folder of question YAML files (default: shipped)"
    )
    return parser


def validate_bank(path: Path | None) -> int:
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
    if args.speed != 1.0 or args.start is not None:
        return ScaledClock(args.speed, args.start)
    return SystemClock()


async def run_console(settings: Settings, args: argparse.Namespace) -> int:
    # Imported here: the console pulls in nothing a platform-only deployment needs, and vice versa.
    from bot.app import build_app
    from bot.platforms.console import CONSOLE_HELP, ConsoleSession, stdin_lines
    from bot.platforms.console_chat import ConsoleChat, ConsoleOutput

    clock = make_clock(args)
    app = await build_app(settings, clock)
    output = ConsoleOutput(sys.stdout, interactive=sys.stdin.isatty() and sys.stdout.isatty())
    chat = ConsoleChat(output)
    session = ConsoleSession(app.dispatcher, chat, clock, user_name=args.user, is_admin=not args.member)
    role = "member" if args.member else "admin"
    chat.notice(f"practice-partner console · workspace local · you are @{session.user.display} ({role})")
    if app.services.store.embedded:
        chat.notice(EMBEDDED_NOTICE)
    chat.notice(f"Type /help for commands. {CONSOLE_HELP}")
    try:
        await session.run(stdin_lines())
    finally:
        await app.close()
    return 0


async def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.command != "console" and (settings.wants_discord or settings.wants_slack):
        wanted = [
            name for name, on in (("Discord", settings.wants_discord), ("Slack", settings.wants_slack)) if on
        ]
        print(
            f"practice-partner: {' and '.join(wanted)} tokens are set, but this version "
            "has only the console; starting the console.",
            file=sys.stderr,
        )
    return await run_console(settings, args)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate-bank":
        return validate_bank(args.path)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"practice-partner: configuration error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(settings.core.log_level, quiet=True)
    try:
        return asyncio.run(run(settings, args))
    except StoreUnavailable as error:
        print(f"practice-partner: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 0
