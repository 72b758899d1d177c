"""The composition root: settings, store, clock, bank, registry and adapters wired once."""

from __future__ import annotations

import gc
import logging
import random
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from bot.chat import ChatPort
from bot.clock import Clock
from bot.config import Settings
from bot.context import Services
from bot.deadlines import DeadlineQueue
from bot.dispatch import Dispatcher
from bot.llm import LlmClient
from bot.scheduler import SAFETY_POLL_SECONDS, Poller
from bot.store import Store, open_store
from handlers import build_registry
from handlers.interviewer.clarify import prepare_clarifications
from question_bank import QuestionBank, load_bank

log = logging.getLogger(__name__)
GC_THRESHOLDS = (10_000, 50, 100)  # gc.set_threshold: youngest generation, then how often each older one


@dataclass
class App:
    """The wired application: its settings, shared services, dispatcher and running pollers."""

    settings: Settings
    services: Services
    dispatcher: Dispatcher
    pollers: list[Poller] = field(default_factory=list)

    def attach(self, chat: ChatPort) -> DeadlineQueue:
        """Serve a platform: its chat, and its deadlines handled by the features."""
        services = self.services
        services.chats[chat.platform.value] = chat
        queue = services.queue_for(chat.platform.value)
        for payload_type, action in services.registry.deadline_actions.values():
            queue.on(payload_type, partial(action, services, chat))
            if (batch := services.registry.deadlines.batch(payload_type.KIND)) is not None:
                queue.on_batch(payload_type, partial(batch, services, chat))
        return queue

    def start_polling(self, *, safety_seconds: float = SAFETY_POLL_SECONDS) -> Poller:
        """Run the deadlines of every attached platform as they fall due (call after attaching them)."""
        poller = Poller(list(self.services.queues.values()), safety_seconds=safety_seconds, clock=self.services.clock)
        self.warm_up()
        poller.start()
        self.pollers.append(poller)
        return poller

    def warm_up(self) -> None:
        """Work out at start-up what the event loop should not, and settle what lives as long as the process."""
        prepare_clarifications(self.services.bank)
        # What is loaded by now (modules, the question bank) lives as long as the process: a full garbage
        # collection need not walk it again. Without this each one stalls the event loop for 100-200 ms.
        # Start-up's own garbage is collected first: frozen, it would never be freed.
        gc.collect()
        gc.freeze()
        # Nearly everything a burst of deadlines allocates is freed by reference counting; the default
        # youngest-generation threshold (700) ran a collection every few announcements, and the older
        # generations' collections, which walk every live mock, stalled the loop for 60-150 ms each.
        gc.set_threshold(*GC_THRESHOLDS)

    async def close(self, *, grace_seconds: float = 10.0) -> None:
        """Stop polling, let deadline work in flight finish (up to the grace), give back the rest."""
        for poller in self.pollers:
            poller.stop()
        for queue in self.services.queues.values():
            returned = await queue.shutdown(grace_seconds)
            if returned:
                log.warning("returned %d unfinished deadlines to the queue", returned)
        for poller in self.pollers:
            await poller.cut_short()
        if self.services.llm is not None:
            await self.services.llm.close()
        await self.services.store.close()


async def build_app(
    settings: Settings,
    clock: Clock,
    *,
    store: Store | None = None,
    bank: QuestionBank | None = None,
    rng: random.Random | None = None,
) -> App:
    """Wire the app; tests pass their own store, bank or seeded rng."""
    opened = (
        store if store is not None else await open_store(settings.core.redis_url, prefix=settings.core.redis_key_prefix)
    )
    services = Services(
        bank=bank if bank is not None else load_bank(),
        store=opened,
        clock=clock,
        registry=build_registry(),
        rng=rng or random.Random(),
        llm=LlmClient(settings.llm, clock, opened) if settings.llm.api_key is not None else None,
        daily_grace=timedelta(minutes=settings.core.daily_grace_minutes),
    )
    return App(settings=settings, services=services, dispatcher=Dispatcher(services))
