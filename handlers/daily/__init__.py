"""Daily question drops: a question a day per channel, at the channel's own local time."""

from handlers.daily.commands import register

__all__ = ["register"]
