"""Which questions a person has had (so picks can prefer new ones)."""

from __future__ import annotations

from bot.chat import UserRef
from bot.store import Store


def seen_key(store: Store, user: UserRef) -> str:
    """Where the ids of the questions `user` has seen are kept."""
    return store.key(user, "user", user.id, "seen-questions")


async def seen_ids(store: Store, user: UserRef) -> set[str]:
    """The ids of the questions `user` has been shown."""
    return {str(member) for member in await store.redis.smembers(seen_key(store, user))}


async def mark_seen(store: Store, user: UserRef, question_id: str) -> None:
    """Remember that `user` has been shown the question."""
    await store.redis.sadd(seen_key(store, user), question_id)
