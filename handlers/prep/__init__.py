"""Prep plans to the interview date, weekly check-ins, and STAR stories with drills."""

from handlers.prep.commands import register

__all__ = ["register"]
