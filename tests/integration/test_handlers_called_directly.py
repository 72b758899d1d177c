"""A handler is a module-level function: import it, call it with a context, read its reply."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.commands import NoOptions
from bot.context import CommandContext, Services
from bot.errors import NotFound
from bot.store import Store
from handlers import build_registry
from handlers.daily import commands as daily
from question_bank import QuestionBank
from tests.fakes.chat import RecordingChat, RecordingResponder, invocation


@pytest.fixture
def services(store: Store, clock: FakeClock, bank: QuestionBank) -> Services:
    return Services(bank=bank, store=store, clock=clock, registry=build_registry())


def context_for(services: Services, *, admin: bool = False) -> tuple[CommandContext, RecordingResponder]:
    responder = RecordingResponder()
    return CommandContext(invocation("alice", admin=admin), responder, RecordingChat(), services), responder


async def test_daily_status_called_directly_tells_the_next_drop(services: Services) -> None:
    setup_context, _ = context_for(services, admin=True)
    await daily.setup(setup_context, daily.SetupOptions(time="10:30", tz="Europe/Berlin", days="mon-fri"))

    context, responder = context_for(services)
    await daily.status(context, NoOptions())

    assert responder.last.title == "Daily question"
    assert responder.last.text.startswith("Next drop: Mon 5 Jan 2026 at 10:30 (Europe/Berlin)")
    assert "Settings: 10:30 Europe/Berlin" in responder.last.text


async def test_daily_status_called_directly_where_nothing_is_set_up_raises_the_users_error(
    services: Services,
) -> None:
    context, responder = context_for(services)
    with pytest.raises(NotFound, match="not set up in this channel"):
        await daily.status(context, NoOptions())
    assert responder.replies == []


@pytest.mark.parametrize(
    ("path", "handler"),
    [
        (("daily", "setup"), daily.setup),
        (("daily", "status"), daily.status),
        (("daily", "streaks"), daily.streaks),
    ],
)
def test_the_registry_runs_the_module_level_function(path: tuple[str, str | None], handler: object) -> None:
    assert build_registry().find(*path).handler is handler
