"""The candidate's latest diagram of a mock, as the bar raiser reads it (kept per mock in Redis).

handlers/diagrams writes it when a diagram is posted; the probes, the prompt and the scorecard read it.
"""

from __future__ import annotations

import json

from bot.store import Store
from handlers.barraiser.models import DiagramNote, ProbeOut
from handlers.mock.session import SESSION_TTL, MockSession


def _key(store: Store, session: MockSession) -> str:
    return store.key(session.scope, "diagram", session.id)


async def save_diagram(store: Store, session: MockSession, note: DiagramNote) -> None:
    """Keep the latest diagram of a mock (as long as the mock itself is kept)."""
    payload = {"outline": note.outline, "findings": [probe.model_dump() for probe in note.findings]}
    await store.redis.set(_key(store, session), json.dumps(payload), ex=int(SESSION_TTL.total_seconds()))


async def load_diagram(store: Store, session: MockSession) -> DiagramNote | None:
    """The latest diagram of a mock, if one was posted."""
    raw = await store.redis.get(_key(store, session))
    if raw is None:
        return None
    payload = json.loads(raw)
    findings = tuple(ProbeOut.model_validate(item) for item in payload["findings"])
    return DiagramNote(outline=payload["outline"], findings=findings)
