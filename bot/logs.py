"""Logging setup: human-readable lines on stderr."""

from __future__ import annotations

import logging
import sys

from bot.config import LogLevel

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
NOISY_LIBRARIES = ("discord", "slack_bolt", "slack_sdk", "apscheduler", "httpx", "openai")


def configure_logging(level: LogLevel, *, quiet: bool = False) -> None:
    """`quiet` (the console) shows only warnings so log lines do not drown the chat."""
    effective = max(logging.getLevelName(level.value), logging.WARNING) if quiet else level.value
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(effective)
    for name in NOISY_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.getLevelName(level.value), logging.INFO))
    # "job skipped: already running" is expected when a poll outlasts its interval.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
