"""The composition root: settings, store, clock, bank, registry and adapters wired once."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.context import Services
from bot.dispatch import Dispatcher
from bot.store import Store, open_store
from handlers import build_registry
from question_bank import QuestionBank, load_bank

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    services: Services
    dispatcher: Dispatcher

    async def close(self) -> None:
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
    services = Services(
        bank=bank if bank is not None else load_bank(),
        store=store if store is not None else await open_store(settings.core.redis_url),
        clock=clock,
        registry=build_registry(),
        rng=rng or random.Random(),
    )
    return App(settings=settings, services=services, dispatcher=Dispatcher(services))
