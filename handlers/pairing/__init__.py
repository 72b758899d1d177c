"""Peer mock pairing: a pool per channel, fair rounds, private threads, follow-ups."""

from handlers.pairing.commands import register

__all__ = ["register"]
