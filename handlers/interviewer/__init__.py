"""The AI interviewer: the bot conducts a solo mock, by LLM or by the offline rules on the bank."""

from handlers.interviewer.commands import register

__all__ = ["register"]
