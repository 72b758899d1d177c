"""Mock sessions: a timed 45-minute mock in a thread, on every platform."""

from handlers.mock.commands import register

__all__ = ["register"]
