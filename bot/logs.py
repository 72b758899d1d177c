"""Logging: readable lines or JSON on stderr, with context, and never a secret."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from bot.config import LogLevel

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
NOISY_LIBRARIES = ("discord", "slack_bolt", "slack_sdk", "apscheduler", "httpx", "openai")
CONTEXT_FIELDS = ("platform", "workspace", "command", "session")
_CONTEXT: ContextVar[dict[str, str]] = ContextVar("log_context", default={})  # noqa: B039 - never mutated


@contextmanager
def log_context(**fields: str) -> Iterator[None]:
    """Attach fields (platform, workspace, command, session) to every log line logged inside."""
    token = _CONTEXT.set({**_CONTEXT.get(), **fields})
    try:
        yield
    finally:
        _CONTEXT.reset(token)


class ContextFilter(logging.Filter):
    """Adds the current command's context fields to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Copy the context fields onto the record; never drops it."""
        for name, value in _CONTEXT.get().items():
            setattr(record, name, value)
        return True


class RedactingFilter(logging.Filter):
    """Replaces every configured secret (tokens, signing secret, API key) wherever it shows up."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if len(secret) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace every secret in the message and traceback with `***`; never drops the record."""
        if self.secrets:
            message = record.getMessage()
            for secret in self.secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, None
            if record.exc_info and record.exc_text is None:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                for secret in self.secrets:
                    record.exc_text = record.exc_text.replace(secret, "***")
        return True


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        """One JSON line: time, level, logger, message, context fields and traceback if any."""
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({name: getattr(record, name) for name in CONTEXT_FIELDS if hasattr(record, name)})
        if record.exc_info or record.exc_text:
            line["exception"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(line)


def configure_logging(
    level: LogLevel, *, quiet: bool = False, json_lines: bool = False, secrets: Iterable[str] = ()
) -> None:
    """`quiet` (the console) shows only warnings so log lines do not drown the chat."""
    effective = max(logging.getLevelName(level.value), logging.WARNING) if quiet else level.value
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(FORMAT))
    handler.addFilter(ContextFilter())
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(effective)
    for name in NOISY_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.getLevelName(level.value), logging.INFO))
    # "job skipped: already running" is expected when a poll outlasts its interval.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
