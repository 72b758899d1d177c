"""Moved to `handlers/progress.py`, where every feature records practice; kept until handlers/mock imports it there."""

from handlers.progress import record, record_phases

__all__ = ["record", "record_phases"]
