"""What the bot sends stays within Discord's limits: the stand-in refuses anything over them, as Discord does."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.app import App
from bot.chat import ActionId, Button, ChannelRef, Form, FormField, Platform, Reply
from bot.context import CommandContext, Services
from bot.platforms import discord_bot, discord_commands
from bot.platforms.discord_bot import DiscordAdapter
from tests.fakes.discord_server import FakeDiscord, FakeInteraction

LONGEST_PRINCIPLE = "Success and Scale Bring Broad Responsibility"


async def test_autocomplete_with_many_long_suggestions_is_accepted(
    bot: DiscordAdapter, app: App, fake: FakeDiscord
) -> None:
    @app.services.registry.completer("question")
    async def wordy(services: Services, typed: str) -> list[tuple[str, str]]:
        return [(f"q{n} · " + "a question about caching and queues " * 4, f"q{n}") for n in range(30)]

    answer = await fake.wait_for_response(await fake.autocomplete("question", {"id": "q"}, focused="id"))
    assert answer.accepted
    assert [choice["value"] for choice in answer.choices] == [f"q{n}" for n in range(25)]
    assert all(len(choice["name"]) <= 100 and choice["name"].endswith("…") for choice in answer.choices)


async def test_a_suggestion_whose_value_cannot_be_sent_is_left_out(
    bot: DiscordAdapter, app: App, fake: FakeDiscord
) -> None:
    @app.services.registry.completer("question")
    async def odd(services: Services, typed: str) -> list[tuple[str, str]]:
        return [("too long", "x" * 101), ("fine", "url-shortener"), ("   ", "rate-limiter")]

    answer = await fake.wait_for_response(await fake.autocomplete("question", {"id": "u"}, focused="id"))
    assert answer.accepted
    assert answer.choices == [
        {"name": "fine", "value": "url-shortener"},
        {"name": "rate-limiter", "value": "rate-limiter"},
    ]


async def test_a_slow_autocomplete_answers_no_suggestions_before_discord_gives_up(
    bot: DiscordAdapter,
    app: App,
    fake: FakeDiscord,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(discord_commands, "AUTOCOMPLETE_SECONDS", 0.05)
    fake.callback_deadline = 1.5  # Discord's 3 s, scaled down with the adapter's budget

    @app.services.registry.completer("question")
    async def stuck(services: Services, typed: str) -> list[tuple[str, str]]:
        await asyncio.sleep(3.0)  # a completer that would answer after Discord gave up
        return [("url-shortener", "url-shortener")]

    answer = await fake.wait_for_response(await fake.autocomplete("question", {"id": "u"}, focused="id"))
    assert answer.accepted and answer.choices == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_the_star_form_of_the_longest_principle_names_it_whole(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    opened = await fake.wait_for_response(await fake.slash_command("star add", {"lp": LONGEST_PRINCIPLE}))
    assert opened.accepted and opened.type == 9  # the modal was shown
    assert opened.data["title"] == LONGEST_PRINCIPLE


async def test_the_star_form_title_keeps_its_prefix_when_it_fits(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    opened = await fake.wait_for_response(await fake.slash_command("star add", {"lp": "Ownership"}))
    assert opened.data["title"] == "STAR · Ownership"


ARGUMENTS: dict[str, dict[str, object]] = {
    "daily setup": {"time": "09:00", "tz": "Europe/Berlin"},
    "pair pause": {"days": 7},
    "pair setup": {"day": "mon", "time": "18:00", "tz": "Europe/Berlin"},
    "prep done": {"topic": "caching"},
    "star add": {"lp": "Ownership"},
    "mock start": {"question": "url-shortener"},
    "prep start": {"interview_date": "2027-01-15"},
}
LAST = ("forget-me",)  # it would wipe what the others set up


def settled(fake: FakeDiscord, interaction: FakeInteraction) -> bool:
    """Answered, and past any "thinking…" deferral."""
    responses = fake.responses(interaction)
    return bool(responses) and (responses[0].type != 5 or len(responses) > 1)


async def test_every_command_and_every_button_it_shows_is_answered_within_discords_limits(
    bot: DiscordAdapter, app: App, fake: FakeDiscord
) -> None:
    commands = [c for group in app.services.registry.groups().values() for c in group]
    paths = [f"{c.name} {c.subcommand}" if c.subcommand else c.name for c in commands]
    paths = [p for p in paths if p not in LAST] + list(LAST)
    for path in paths:
        options = dict(ARGUMENTS.get(path, {}))
        if path == "pair block":
            options["user"] = fake.member_user
        if path == "mock start":  # a partner gets the interviewer guide by DM; the bar raiser scores at the end
            options.update(partner=fake.member_user, barraiser=True)
        asked = await fake.slash_command(path, options, user=fake.admin_user)
        await fake.wait_for(lambda asked=asked: settled(fake, asked), what=f"/{path} answered")
        if path == "star add":
            submitted = await fake.submit_modal(
                None, dict.fromkeys(("situation", "task", "action", "result"), "x " * 400)
            )
            await fake.wait_for(lambda s=submitted: settled(fake, s), what="the STAR story saved")
    assert fake.dms(fake.member_user)  # the interviewer guide
    pressed = await press_every_button(fake)
    assert len(pressed) > 5  # question cards' and the mock's buttons
    refused = [str(call) for call in fake.calls if call.status >= 400]
    assert refused == []


async def press_every_button(fake: FakeDiscord) -> set[str]:
    """Press each button the bot has shown (once), wherever the admin can see it."""
    pressed: set[str] = set()
    places = [fake.general_channel_id, *(thread.id for thread in fake.threads)]
    dm = fake.dm_channel_id(fake.admin_user)
    for place in [*places, *([dm] if dm is not None else [])]:
        for message in fake.messages(place):
            if message.ephemeral and message.ephemeral_to != fake.admin_user.id:
                continue
            for custom_id in message.custom_ids():
                if custom_id in pressed or message.deleted:
                    continue
                pressed.add(custom_id)
                click = await fake.press_button(custom_id, message_id=message.id, user=fake.admin_user)
                await fake.wait_for(lambda click=click: settled(fake, click), what=f"{custom_id} answered")
    return pressed


async def test_an_edit_too_long_for_one_message_keeps_its_buttons(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    place = ChannelRef(Platform.DISCORD, str(fake.guild_id), str(fake.general_channel_id))
    pause = Button("Pause", ActionId("mock", "pause", "s1"))
    status = await bot.chat.post(place, Reply(text="Phase 1/5", buttons=(pause,)))
    await bot.chat.edit(status, Reply(text="Phase 1/5 · " + "note " * 600, buttons=(pause,)))
    stored = fake.message(int(status.id))
    assert stored.content.startswith("Phase 1/5 · note") and len(stored.content) <= 2000
    assert stored.custom_ids() == ["mock:pause:s1"]


@pytest.fixture
def slow_form(app: App) -> None:
    """A command that opens a form only after slow work (registered before the bot syncs)."""

    @app.services.registry.command("slowform", help="a form after slow work")
    async def slowform(context: CommandContext, options: object) -> None:
        await asyncio.sleep(0.3)
        fields = (FormField("situation", "Situation"),)
        await context.open_form(Form(ActionId("story", "add", "ownership"), "New STAR story", fields))


async def test_a_form_too_late_to_show_is_a_friendly_message_not_a_second_answer(
    slow_form: None,
    bot: DiscordAdapter,
    fake: FakeDiscord,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(discord_bot, "DEFER_AFTER_SECONDS", 0.05)
    asked = await fake.slash_command("slowform")
    await fake.wait_for(lambda: len(fake.responses(asked)) >= 3, what="the deferral and the answer")
    responses = fake.responses(asked)
    assert all(r.accepted for r in responses)
    assert responses[0].type == 5  # "thinking…"
    assert responses[-1].ephemeral
    assert responses[-1].content == "That took too long to open the form. Please try again."
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
