"""Prep plans to the interview date, with weekly check-ins."""

from handlers.prep.commands import forget_plan, register

__all__ = ["forget_plan", "register"]
