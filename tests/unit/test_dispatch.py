import logging
import re

import pytest

from bot.app import App
from bot.chat import Reply
from bot.commands import Permission
from bot.context import CommandContext
from bot.errors import NotFound
from tests.fakes.chat import RecordingChat, RecordingResponder, invocation


def add_test_commands(app: App) -> None:
    registry = app.services.registry

    @registry.command("boom", help="always fails")
    async def boom(context: CommandContext, options: object) -> None:
        raise RuntimeError("database exploded")

    @registry.command("missing", help="a user error")
    async def missing(context: CommandContext, options: object) -> None:
        raise NotFound("No session here.")

    @registry.command("secret", help="admins only", permission=Permission.ADMIN)
    async def secret(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="the secret"))


async def run(app: App, name: str, *, admin: bool = False, values: dict[str, str] | None = None) -> RecordingResponder:
    responder = RecordingResponder()
    command = app.dispatcher.find(name)
    await app.dispatcher.run_command(RecordingChat(), invocation(admin=admin), responder, command, values or {})
    return responder


async def test_a_user_error_becomes_a_friendly_ephemeral_reply(app: App) -> None:
    add_test_commands(app)
    responder = await run(app, "missing")
    assert responder.last == Reply(text="No session here.", ephemeral=True)


async def test_an_unexpected_error_shows_an_error_id_and_logs_it(app: App, caplog: pytest.LogCaptureFixture) -> None:
    add_test_commands(app)
    with caplog.at_level(logging.ERROR):
        responder = await run(app, "boom")
    reply = responder.last
    assert reply.ephemeral
    match = re.search(r"something went wrong \(error id ([0-9a-f]{8})\)", reply.text)
    assert match is not None
    assert "database exploded" not in reply.text
    assert "Traceback" not in reply.text
    logged = [record for record in caplog.records if match.group(1) in record.getMessage()]
    assert logged and logged[0].exc_info is not None


async def test_the_bot_keeps_serving_after_an_unexpected_error(app: App) -> None:
    add_test_commands(app)
    await run(app, "boom")
    responder = await run(app, "question", values={"id": "url-shortener"})
    assert responder.last.footer == "id: url-shortener"


async def test_an_admin_command_is_refused_for_a_member(app: App) -> None:
    add_test_commands(app)
    responder = await run(app, "secret", admin=False)
    assert responder.last == Reply(text="Only workspace admins can use /secret.", ephemeral=True)


async def test_an_admin_command_runs_for_an_admin(app: App) -> None:
    add_test_commands(app)
    responder = await run(app, "secret", admin=True)
    assert responder.last.text == "the secret"


async def test_a_bad_option_value_is_explained(app: App) -> None:
    responder = await run(app, "question", values={"level": "principal"})
    assert responder.last.ephemeral
    assert "level must be one of sde1, sde2, sde3" in responder.last.text


@pytest.mark.parametrize("action_id", ["nothing:here:x", "garbage", "", "question:hints:no-such-question"])
async def test_an_unknown_button_gets_a_friendly_answer(app: App, action_id: str) -> None:
    responder = RecordingResponder()
    await app.dispatcher.run_action(RecordingChat(), invocation(), responder, action_id)
    assert responder.last.ephemeral
    assert "went wrong" not in responder.last.text


async def test_an_unknown_form_gets_a_friendly_answer(app: App) -> None:
    responder = RecordingResponder()
    await app.dispatcher.run_form(RecordingChat(), invocation(), responder, "nothing:add:x", {"s": "t"})
    assert responder.last == Reply(text="That form is no longer accepted.", ephemeral=True)
