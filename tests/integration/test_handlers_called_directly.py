"""A handler is a module-level function: import it, call it with a context, read its reply."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.commands import NoOptions
from bot.context import CommandContext, Services
from bot.errors import NotFound
from bot.store import Store
from handlers import build_registry, privacy, questions
from handlers import help as help_feature
from handlers.barraiser import commands as barraiser
from handlers.daily import commands as daily
from handlers.pairing import commands as pairing
from handlers.prep import commands as prep
from handlers.star import _commands as star
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


async def test_pair_join_then_status_called_directly(services: Services) -> None:
    context, responder = context_for(services)
    options = pairing.JoinOptions(level="sde3", tz="Europe/Berlin", role="candidate", availability="sat 10-14")
    await pairing.join_command(context, options)
    await pairing.status(context, NoOptions())

    assert responder.replies[0].text == "You are in the pool: sde3, Europe/Berlin, candidate, sat 10-14."
    assert responder.last.title == "Your pairing"
    assert responder.last.text.startswith("sde3, Europe/Berlin, candidate, sat 10-14\nSo far: 0 as candidate")


async def test_help_called_directly_lists_the_commands_of_the_running_registry(services: Services) -> None:
    context, responder = context_for(services)
    await help_feature.help_command(context, help_feature.HelpOptions())
    await help_feature.help_command(context, help_feature.HelpOptions(command="/daily"))

    overview, daily_details = responder.replies
    assert overview.title == "practice-partner commands"
    assert "`/daily status` - The next drop here, and the settings" in overview.text
    assert "`/pair round` - Run a pairing round now (admins)" in overview.text
    assert daily_details.title == "/daily"
    assert "`/daily setup time tz [days] [level:…] [tag:…] [mention:…]` (admins)" in daily_details.text


async def test_help_lists_a_command_registered_after_an_earlier_help(services: Services) -> None:
    context, responder = context_for(services)
    await help_feature.help_command(context, help_feature.HelpOptions())

    async def late(_context: CommandContext, _options: NoOptions) -> None:
        return None

    services.registry.command("late", help="Registered after the first /help")(late)
    await help_feature.help_command(context, help_feature.HelpOptions())

    before, after = responder.replies
    assert "/late" not in before.text
    assert "`/late` - Registered after the first /help" in after.text
    assert after.text.replace("\n`/late` - Registered after the first /help", "") == before.text


async def test_question_and_its_hint_button_called_directly(services: Services) -> None:
    context, responder = context_for(services)
    await questions.question(context, questions.QuestionOptions(id="url-shortener"))
    await questions.show_hints(context, "url-shortener")
    suggestions = await questions.suggest_questions(services, "url")

    card, hints = responder.replies
    assert card.footer == "id: url-shortener"
    assert str(card.buttons[0].action) == "question:hints:url-shortener"
    assert hints.ephemeral
    assert "url-shortener" in [value for _, value in suggestions]


@pytest.mark.parametrize(
    ("path", "handler"),
    [
        (("daily", "setup"), daily.setup),
        (("daily", "status"), daily.status),
        (("daily", "streaks"), daily.streaks),
        (("pair", "join"), pairing.join_command),
        (("pair", "round"), pairing.round_now),
        (("help", None), help_feature.help_command),
        (("question", None), questions.question),
        (("barraiser", None), barraiser.barraiser),
        (("forget-me", None), privacy.forget_me),
        (("questions", None), questions.questions),
        (("prep", "start"), prep.start),
        (("prep", "status"), prep.status),
        (("star", "add"), star.star_add),
        (("star", "drill"), star.star_drill),
    ],
)
def test_the_registry_runs_the_module_level_function(path: tuple[str, str | None], handler: object) -> None:
    assert build_registry().find(*path).handler is handler


@pytest.mark.parametrize(
    ("action", "handler"),
    [
        (("pair", "met"), pairing.met),
        (("pair", "rescheduled"), pairing.rescheduled),
        (("pair", "noshow"), pairing.noshow),
        (("pair", "mock"), pairing.start_pair_mock),
        (("question", "hints"), questions.show_hints),
        (("question", "clarify"), questions.show_clarifications),
    ],
)
def test_each_button_runs_its_module_level_function(action: tuple[str, str], handler: object) -> None:
    assert build_registry().action_handler(*action) is handler


@pytest.mark.parametrize(
    ("kind", "handler"),
    [
        ("daily", daily.due),
        ("pair-round", pairing.round_due),
        ("pair-followup", pairing.follow_up),
        ("pair-now-expired", pairing.now_expired),
        ("barraiser", barraiser.interject),
        ("prep-checkin", prep.checkin),
    ],
)
def test_each_deadline_kind_runs_its_module_level_function(kind: str, handler: object) -> None:
    assert build_registry().deadline_actions[kind][1] is handler
