"""Discord's side of bot/chat.py: refs, the ChatPort, and the Responder for one interaction."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import discord

from bot.chat import (
    Button,
    ChannelRef,
    Form,
    MessageRef,
    Place,
    Platform,
    Reply,
    ThreadRef,
    UserRef,
    channel_of,
)
from bot.commands import slash
from bot.errors import UserError
from bot.platforms.discord_callback import answer_privately, answers_privately_without_reply
from bot.platforms.discord_inbound import DM_WORKSPACE
from bot.platforms.discord_render import ROLE_PING, SAFE_MENTIONS, DiscordMessage, attachment, button_item, render
from bot.text_split import truncate

log = logging.getLogger(__name__)

THREAD_ARCHIVE_MINUTES = 1440  # one day
THREAD_NAME_LIMIT = 100
DMS_CLOSED = 50007  # "Cannot send messages to this user": their privacy settings
FORM_TOO_LATE = "That took too long to open the form. Please try again."
MISSING: Any = discord.utils.MISSING


def buttons_view(buttons: tuple[Button, ...]) -> discord.ui.View:
    """A view carrying plain buttons; presses are routed by custom_id (DiscordAdapter.on_interaction), never by
    this object, so it is stopped at once and discord.py does not keep it in memory."""
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(button_item(button))
    view.stop()
    return view


def _send_kwargs(piece: DiscordMessage) -> dict[str, Any]:
    return {
        "content": piece.content if piece.content is not None else MISSING,
        "embed": piece.embed if piece.embed is not None else MISSING,
        "view": buttons_view(piece.buttons) if piece.buttons else MISSING,
        "allowed_mentions": ROLE_PING if piece.pings_roles else SAFE_MENTIONS,
        "file": attachment(piece.image) if piece.image is not None else MISSING,
    }


def _edit_kwargs(piece: DiscordMessage) -> dict[str, Any]:
    return {
        "content": piece.content,
        "embed": piece.embed,
        "view": buttons_view(piece.buttons) if piece.buttons else None,
        "allowed_mentions": SAFE_MENTIONS,
        "attachments": [attachment(piece.image)] if piece.image is not None else MISSING,
    }


async def _send_all(channel: Any, reply: Reply) -> str:
    """Send every piece of a reply; the id of the first is the reply's id."""
    sent = [await channel.send(**_send_kwargs(piece)) for piece in render(reply)]
    return str(sent[0].id)


class DiscordChat:
    """Discord's ChatPort: long replies split to fit Discord's limits."""

    platform = Platform.DISCORD

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def _channel(self, channel_id: str) -> Any:
        found = self.client.get_channel(int(channel_id))
        return found if found is not None else await self.client.fetch_channel(int(channel_id))

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        """Post the reply, split over as many messages as it needs; the first one."""
        channel = await self._channel(place.id)
        return MessageRef(place, await _send_all(channel, reply))

    async def open_thread(
        self, message: MessageRef, name: str, *, private: bool = False, members: tuple[UserRef, ...] = ()
    ) -> ThreadRef:
        """Open a thread on the message (a private one in the same channel, with `members` added)."""
        parent_ref = channel_of(message.place)
        parent = await self._channel(parent_ref.id)
        title = truncate(name, THREAD_NAME_LIMIT)
        if private:
            # Discord cannot start a private thread from a message: it lives in the same channel.
            thread = await parent.create_thread(
                name=title,
                type=discord.ChannelType.private_thread,
                invitable=False,
                auto_archive_duration=THREAD_ARCHIVE_MINUTES,
            )
            for member in members:
                await thread.add_user(discord.Object(id=int(member.id)))
        else:
            thread = await parent.get_partial_message(int(message.id)).create_thread(
                name=title, auto_archive_duration=THREAD_ARCHIVE_MINUTES
            )
        return ThreadRef(parent_ref, str(thread.id), thread.name, private)

    async def edit(self, message: MessageRef, reply: Reply) -> None:
        """Replace the message with the reply's first piece, keeping its buttons."""
        channel = await self._channel(message.place.id)
        pieces = render(reply)
        # An edit replaces one message: it keeps the reply's buttons even when its text had to be cut.
        edited = DiscordMessage(pieces[0].content, pieces[0].embed, pieces[-1].buttons)
        await channel.get_partial_message(int(message.id)).edit(**_edit_kwargs(edited))

    def command_text(self, path: str) -> str:
        """A command as typed on Discord: `/path`."""
        return slash(path)

    async def send_ephemeral(self, place: Place, user: UserRef, reply: Reply) -> None:
        """Send the reply as a DM: outside an interaction Discord has no ephemeral messages."""
        # Outside an interaction Discord has no ephemeral messages: a DM is the private equivalent.
        await self.send_dm(user, reply)

    async def send_dm(self, user: UserRef, reply: Reply) -> MessageRef:
        """Send a DM; one the user's privacy settings refuse is dropped (logged), with an empty message id,
        so what wanted to tell them (a mock starting, a pairing round) goes on."""
        target = self.client.get_user(int(user.id)) or await self.client.fetch_user(int(user.id))
        dm = await target.create_dm()
        place = ChannelRef(Platform.DISCORD, DM_WORKSPACE, str(dm.id))
        try:
            return MessageRef(place, await _send_all(dm, reply))
        except discord.Forbidden as refused:
            if refused.code != DMS_CLOSED:
                raise
            log.info("Discord: user %s does not accept direct messages from the bot; one was dropped", user.id)
            return MessageRef(place, "")


class InteractionResponder:
    """Answers one interaction: a response, or a deferral then followups. Never answers twice."""

    def __init__(self, interaction: discord.Interaction[Any], place: Place) -> None:
        self.interaction = interaction
        self.place = place
        self._lock = asyncio.Lock()
        self._deferred_ephemeral: bool | None = None
        self._thinking_replaced = False
        self.first_answer_at: float | None = None  # perf_counter() of the first answer (for ack latency)

    def _answered_now(self) -> None:
        if self.first_answer_at is None:
            self.first_answer_at = time.perf_counter()

    @property
    def answered(self) -> bool:
        """Whether the interaction has had its response (or deferral)."""
        return self.interaction.response.is_done()

    async def defer(self, *, ephemeral: bool = False) -> None:
        """Tell Discord "thinking…" so slow work may take up to 15 minutes."""
        async with self._lock:
            if self.interaction.response.is_done():
                return
            await self.interaction.response.defer(thinking=True, ephemeral=ephemeral)
            self._answered_now()
            self._deferred_ephemeral = ephemeral

    async def respond(self, reply: Reply) -> MessageRef | None:
        """Answer the interaction, or follow up after it; one answer at a time."""
        async with self._lock:
            pieces = render(reply)
            if not self.interaction.response.is_done():
                first_id = await self._initial_response(pieces[0], reply.ephemeral)
            else:
                first_id = await self._after_deferral(pieces[0], reply.ephemeral)
            for piece in pieces[1:]:
                await self.interaction.followup.send(**_send_kwargs(piece), ephemeral=reply.ephemeral, wait=True)
            if reply.ephemeral or first_id is None:
                return None
            return MessageRef(self.place, first_id)

    async def _initial_response(self, piece: DiscordMessage, ephemeral: bool) -> str | None:
        if answers_privately_without_reply(piece, ephemeral):
            message = _send_kwargs(piece)
            del message["file"]  # there is none: a file goes as multipart, by send_message
            await answer_privately(self.interaction, **message)
            self._answered_now()
            return None
        callback = await self.interaction.response.send_message(**_send_kwargs(piece), ephemeral=ephemeral)
        self._answered_now()
        resource = getattr(callback, "resource", None)
        if isinstance(resource, discord.InteractionMessage):
            return str(resource.id)
        if ephemeral:
            return None
        return str((await self.interaction.original_response()).id)

    async def _after_deferral(self, piece: DiscordMessage, ephemeral: bool) -> str | None:
        if self._deferred_ephemeral is not None and not self._thinking_replaced:
            self._thinking_replaced = True
            if ephemeral == self._deferred_ephemeral:
                edited = await self.interaction.edit_original_response(**_edit_kwargs(piece))
                return str(edited.id)
            # The "thinking…" message keeps its visibility, so replace it with a fresh followup.
            await self.interaction.delete_original_response()
        sent = await self.interaction.followup.send(**_send_kwargs(piece), ephemeral=ephemeral, wait=True)
        return str(sent.id)

    async def open_form(self, form: Form) -> None:
        """Show the form as the interaction's first answer; too late after a deferral is a `UserError`."""
        async with self._lock:
            if self.interaction.response.is_done() and self._deferred_ephemeral is not None:
                # Discord shows a form only as the first answer, and slow work already said "thinking…".
                raise UserError(FORM_TOO_LATE)
            if self.interaction.response.is_done():
                raise RuntimeError("a form must be the first answer to an interaction")
            modal = form_modal(form)
            await self.interaction.response.send_modal(modal)
            self._answered_now()
            modal.stop()  # submissions are handled by custom_id, so discord.py need not keep it

    async def acknowledge(self) -> None:
        """Close an interaction a handler left unanswered, so Discord shows no failure."""
        async with self._lock:
            if self.interaction.response.is_done():
                return
            if self.interaction.type is discord.InteractionType.component:
                await self.interaction.response.defer()
            else:
                await self.interaction.response.send_message("Done.", ephemeral=True)
            self._answered_now()


MODAL_TITLE_LIMIT = 45
TEXT_INPUT_LABEL_LIMIT = 45
TEXT_INPUTS_PER_MODAL = 5
TEXT_INPUT_PLACEHOLDER_LIMIT = 100
TEXT_INPUT_VALUE_LIMIT = 4000


def form_modal(form: Form) -> discord.ui.Modal:
    """The modal for a form. Its submission is handled from the raw interaction (by custom_id),
    so a form submitted after a restart still works."""
    modal = discord.ui.Modal(title=truncate(form.title, MODAL_TITLE_LIMIT), custom_id=str(form.action), timeout=900)
    for field in form.fields[:TEXT_INPUTS_PER_MODAL]:
        max_length = min(field.max_length, TEXT_INPUT_VALUE_LIMIT)
        modal.add_item(
            discord.ui.TextInput(
                label=truncate(field.label, TEXT_INPUT_LABEL_LIMIT),
                custom_id=field.id,
                placeholder=truncate(field.placeholder, TEXT_INPUT_PLACEHOLDER_LIMIT) or None,
                required=field.required,
                style=discord.TextStyle.paragraph if field.multiline else discord.TextStyle.short,
                max_length=max_length,
                # A prefilled answer longer than the field takes would be refused: keep what fits.
                default=field.default[:max_length] or None,
            )
        )
    return modal


def submitted_values(data: Any) -> dict[str, str]:
    """Every text input's value in a modal submission, however Discord nests its components."""
    values: dict[str, str] = {}
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "custom_id" in node and isinstance(node.get("value"), str):
                values[str(node["custom_id"])] = node["value"]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return values
