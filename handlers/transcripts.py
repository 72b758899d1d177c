"""Transcripts of practice threads, captured from message events as they arrive.

Fetching history on demand is not an option (Slack limits conversations.replies for apps
outside its Marketplace to about one call a minute), so each message is stored when it is
written, in threads the bot runs (mocks, daily questions), with a retention limit.
"""

from __future__ import annotations

import json
from datetime import timedelta

from redis.exceptions import WatchError

from bot.chat import ChatPort, IncomingMessage, ThreadRef
from bot.context import Services
from bot.plural import plural
from bot.store import Scoped, Store

MESSAGES_KEPT = 400
RETENTION = timedelta(days=30)


def _thread_key(store: Store, scope: Scoped, thread_id: str) -> str:
    return store.key(scope, "transcript", thread_id)


def _marker_key(store: Store, scope: Scoped, thread_id: str) -> str:
    return store.key(scope, "practice-thread", thread_id)


def _user_threads_key(store: Store, scope: Scoped, user_id: str) -> str:
    return store.key(scope, "user", user_id, "transcripts")


async def track_thread(store: Store, thread: ThreadRef, kind: str) -> None:
    """Start keeping the transcript of a thread the bot runs."""
    await store.redis.set(_marker_key(store, thread, thread.id), kind, ex=int(RETENTION.total_seconds()))


async def capture(services: Services, chat: ChatPort, message: IncomingMessage) -> None:
    """Keep a message written in a practice thread (others are ignored), within the retention limits."""
    place = message.message.place
    if not isinstance(place, ThreadRef) or not message.text.strip():  # an image alone says nothing to score
        return
    store = services.store
    if not await store.redis.exists(_marker_key(store, place, place.id)):
        return
    entry = json.dumps({"u": message.author.id, "n": message.author.display, "t": message.text})
    key = _thread_key(store, place, place.id)
    ttl = int(RETENTION.total_seconds())
    pipe = store.redis.pipeline(transaction=True)
    pipe.rpush(key, entry)
    pipe.ltrim(key, -MESSAGES_KEPT, -1)
    pipe.expire(key, ttl)
    pipe.sadd(_user_threads_key(store, place, message.author.id), place.id)
    pipe.expire(_user_threads_key(store, place, message.author.id), ttl)
    await pipe.execute()


async def load(store: Store, scope: Scoped, thread_id: str) -> list[dict[str, str]]:
    """A thread's kept messages, oldest first (`u` user id, `n` name, `t` text)."""
    return [json.loads(raw) for raw in await store.redis.lrange(_thread_key(store, scope, thread_id), 0, -1)]


async def forget_user(store: Store, scope: Scoped, user_id: str) -> int:
    """Delete everything a user wrote in practice threads; return how many messages went."""
    removed = 0
    for thread_id in await store.redis.smembers(_user_threads_key(store, scope, user_id)):
        key = _thread_key(store, scope, str(thread_id))
        async with store.redis.pipeline(transaction=True) as pipe:
            while True:
                try:
                    await pipe.watch(key)
                    entries = [json.loads(raw) for raw in await pipe.lrange(key, 0, -1)]
                    kept = [entry for entry in entries if entry["u"] != user_id]
                    pipe.multi()  # type: ignore[no-untyped-call]
                    pipe.delete(key)
                    if kept:
                        pipe.rpush(key, *(json.dumps(entry) for entry in kept))
                        pipe.expire(key, int(RETENTION.total_seconds()))
                    await pipe.execute()
                    removed += len(entries) - len(kept)
                    break
                except WatchError:
                    continue
    await store.redis.delete(_user_threads_key(store, scope, user_id))
    return removed


def forgotten_text(removed: int) -> str:
    """The answer to /forget-me once `removed` messages (and the stories and plan) are gone."""
    messages = plural(removed, "of your messages was", "of your messages were")
    return f"Done: {messages} deleted from practice transcripts, with your STAR stories and plan."
