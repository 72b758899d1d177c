"""Diagrams in a mock thread: a fenced ```mermaid message or /diagram's form; images posted there."""

from __future__ import annotations

from collections.abc import Mapping

from bot.chat import ActionId, ChatPort, Form, FormField, IncomingMessage, Reply, ThreadRef
from bot.commands import NoOptions
from bot.context import CommandContext, Services
from bot.errors import NotFound
from bot.feature import Feature
from bot.store import Workspace
from handlers.diagrams.fences import mermaid_blocks
from handlers.diagrams.graph import MAX_SOURCE_CHARS
from handlers.diagrams.images import image_arrived
from handlers.diagrams.service import study
from handlers.mock.session import MockSession, SessionStore

feature = Feature()
register = feature.register

FORM_LIMIT = 3000  # Slack's plain_text_input maximum (Discord allows 4000)
EXAMPLE = "flowchart LR\n  U[User] --> API[API service] --> DB[(Orders DB)]"


async def _mock_of(services: Services, thread: ThreadRef | None) -> MockSession | None:
    if thread is None:
        return None
    scope = Workspace(thread.platform.value, thread.workspace)
    return await SessionStore(services.store).for_thread(scope, thread.id)


async def _mock_here(context: CommandContext) -> MockSession:
    session = await _mock_of(context.services, context.thread)
    if session is None:
        raise NotFound("Use /diagram inside a mock's thread (start one with /mock start).")
    return session


@feature.on_message
async def diagram_posted(services: Services, chat: ChatPort, message: IncomingMessage) -> None:
    """A ```mermaid fence in a mock thread is drawn and reviewed (the last one, if several); an image is read."""
    blocks = mermaid_blocks(message.text)
    place = message.message.place
    if not (blocks or message.images) or not isinstance(place, ThreadRef):
        return
    session = await _mock_of(services, place)
    if session is None:
        return
    if blocks:
        await chat.post(place, await study(services, session, blocks[-1][: MAX_SOURCE_CHARS + 1], message.author))
    if message.images:
        await image_arrived(services, chat, message, session)


@feature.command("diagram", help="In a mock thread: paste a mermaid flowchart to draw and review")
async def diagram(context: CommandContext, options: NoOptions) -> None:
    """/diagram: a form with one multiline field for the flowchart."""
    session = await _mock_here(context)
    field = FormField(
        id="source", label="Mermaid flowchart", placeholder=EXAMPLE, multiline=True, max_length=FORM_LIMIT
    )
    await context.open_form(
        Form(ActionId("diagram", "draw", session.id), "Your architecture diagram", (field,), "Draw")
    )


@feature.form("diagram", "draw")
async def diagram_submitted(context: CommandContext, session_id: str, values: Mapping[str, str]) -> None:
    """The /diagram form: draw and review the flowchart in the mock's thread."""
    scope = Workspace(context.channel.platform.value, context.channel.workspace)
    session = await SessionStore(context.services.store).load(scope, session_id)
    if session is None:
        raise NotFound("That mock is no longer kept. Start one with /mock start.")
    source = values.get("source", "")
    blocks = mermaid_blocks(source)  # a pasted fence is fine too
    reply = await study(context.services, session, blocks[-1] if blocks else source, context.user)
    await context.chat.post(session.thread, reply)  # in the mock's thread, wherever the form was submitted from
    await context.respond(Reply(text="Drawn in the mock's thread.", ephemeral=True))
