"""The bar raiser: follow-up probes and scorecards, by LLM or by the offline rubric engine."""

from handlers.barraiser.commands import register

__all__ = ["register"]
