"""Slack's side of bot/chat.py: the ChatPort over the Web API, and the Responder for one request."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.chat import (
    ChannelRef,
    Form,
    Image,
    Invocation,
    MessageRef,
    Place,
    Platform,
    Reply,
    ThreadRef,
    UserRef,
    channel_of,
)
from bot.pacing import Pacer
from bot.platforms.slack_ack import AckSlot
from bot.platforms.slack_clients import SlackClients
from bot.platforms.slack_commands import slack_command_name
from bot.platforms.slack_render import SlackMessage, modal_view, render
from bot.platforms.slack_response_urls import ResponseUrl

log = logging.getLogger(__name__)

# Posting where the bot is not a member fails with these; the response_url still works there.
NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})
ALT_TEXT_LIMIT = 1000  # Slack's limit on a file's alt text
CHART_IN_DM = "(The chart is in your DM with me: a file in this channel would be seen by everyone.)"


# What slack_sdk's webhook client retries once: a kept-alive connection the other side dropped.
def channel_and_thread(place: Place) -> tuple[str, str | None]:
    """The Slack channel id and `thread_ts` (None outside a thread) of a place."""
    if isinstance(place, ThreadRef):
        return place.channel.id, place.id
    return place.id, None


class SlackChat:
    """Slack's ChatPort: paced posts, long replies split to fit Slack's limits."""

    platform = Platform.SLACK

    def __init__(self, clients: SlackClients, pacer: Pacer) -> None:
        self.clients = clients
        self.pacer = pacer

    async def client_for(self, place: Place | UserRef) -> AsyncWebClient:
        """The client of the workspace the place (or user) is in: each workspace posts with its own token."""
        return await self.clients.for_team(place.workspace)

    async def _post(self, place: Place, message: SlackMessage) -> str:
        channel, thread_ts = channel_and_thread(place)
        await self.pacer.wait_turn(place, channel)
        client = await self.client_for(place)
        response = await client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=message.text,
            blocks=message.blocks,
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response["ts"])

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        """Post the reply, split over as many messages as it needs, then its image; the first message."""
        timestamps = [await self._post(place, message) for message in render(reply)]
        if reply.image is not None:
            await self.upload(place, reply.image)
        return MessageRef(place, timestamps[0])

    async def upload(self, place: Place, image: Image) -> bool:
        """Share the image into the place with the external upload flow (files_upload_v2), its alt text set.

        A refused upload is logged and dropped: the reply's text already says what the picture shows."""
        channel, thread_ts = channel_and_thread(place)
        client = await self.client_for(place)
        try:
            await client.files_upload_v2(
                channel=channel,
                thread_ts=thread_ts,
                file=image.png,
                filename=image.filename,
                title=image.filename.removesuffix(".png").replace("-", " "),
                alt_txt=image.alt_text[:ALT_TEXT_LIMIT],
            )
        except SlackApiError as error:
            log.warning(
                "Slack refused the chart %s: %s; the text went alone", image.filename, error.response.get("error")
            )
            return False
        return True

    async def open_thread(
        self, message: MessageRef, name: str, *, private: bool = False, members: tuple[UserRef, ...] = ()
    ) -> ThreadRef:
        """The replies to the message, or a group DM with `members` when private (Slack has no private threads)."""
        channel = channel_of(message.place)
        if not private:
            # A Slack thread is the replies to a message: nothing to create.
            return ThreadRef(channel, message.id, name)
        # Slack has no private threads: a group DM with the members holds the thread instead.
        client = await self.client_for(message.place)
        opened = await client.conversations_open(users=",".join(member.id for member in members))
        group = ChannelRef(Platform.SLACK, channel.workspace, str(opened["channel"]["id"]), name)
        starter = await self.post(group, Reply(text=f"**{name}**"))
        return ThreadRef(group, starter.id, name, private=True)

    async def edit(self, message: MessageRef, reply: Reply) -> None:
        """Replace the message with the reply's first piece."""
        channel, _ = channel_and_thread(message.place)
        first = render(reply)[0]
        client = await self.client_for(message.place)
        await client.chat_update(channel=channel, ts=message.id, text=first.text, blocks=first.blocks)

    def command_text(self, path: str) -> str:
        """A command as typed on Slack, under the name the manifest gave it."""
        name, _, rest = path.partition(" ")
        return f"/{slack_command_name(name)}" + (f" {rest}" if rest else "")

    async def send_ephemeral(self, place: Place, user: UserRef, reply: Reply) -> None:
        """Show the reply only to `user`, in the place."""
        channel, thread_ts = channel_and_thread(place)
        client = await self.client_for(place)
        for message in render(private_text(reply)):
            await client.chat_postEphemeral(
                channel=channel, user=user.id, thread_ts=thread_ts, text=message.text, blocks=message.blocks
            )
        if reply.image is not None:
            await self.send_image_dm(user, reply.image)

    async def send_image_dm(self, user: UserRef, image: Image) -> None:
        """A chart meant for one person: Slack has no ephemeral files, so it goes to their DM with the bot."""
        client = await self.client_for(user)
        opened = await client.conversations_open(users=user.id)
        dm = ChannelRef(Platform.SLACK, user.workspace, str(opened["channel"]["id"]), f"DM {user.display}")
        await self.upload(dm, image)

    async def send_dm(self, user: UserRef, reply: Reply) -> MessageRef:
        """Post the reply in `user`'s DM with the bot."""
        client = await self.client_for(user)
        opened = await client.conversations_open(users=user.id)
        dm = ChannelRef(Platform.SLACK, user.workspace, str(opened["channel"]["id"]), f"DM {user.display}")
        return await self.post(dm, reply)


def private_text(reply: Reply) -> Reply:
    """An ephemeral reply with a chart says where the chart went."""
    if reply.image is None:
        return reply
    return Reply(
        text=f"{reply.text}\n{CHART_IN_DM}" if reply.text else CHART_IN_DM,
        title=reply.title, fields=reply.fields, buttons=reply.buttons, footer=reply.footer, ephemeral=True,
    )  # fmt: skip


class SlackResponder:
    """Answers one slash command, button press, form or mention: in the ack when `ack` takes the first
    answer, otherwise after it."""

    def __init__(
        self,
        chat: SlackChat,
        invocation: Invocation,
        *,
        respond: ResponseUrl | None = None,
        trigger_id: str | None = None,
        ack: AckSlot | None = None,
    ) -> None:
        self.chat = chat
        self.invocation = invocation
        self._respond = respond
        self._trigger_id = trigger_id
        self._ack = ack

    def _after_ack(self) -> None:
        # Anything but an answer riding on the ack goes after it, as Slack would see it without one.
        if self._ack is not None:
            self._ack.release()

    async def respond(self, reply: Reply) -> MessageRef | None:
        """Answer in the place; where the bot is not a member, through the `response_url`."""
        if reply.ephemeral:
            await self._ephemeral(reply)
            return None
        self._after_ack()
        try:
            return await self.chat.post(self.invocation.place, reply)
        except SlackApiError as error:
            if self._respond is None or error.response.get("error") not in NOT_A_MEMBER:
                raise
        # The bot is not in this channel: the response_url can still post there (text only: no files).
        for message in render(reply):
            await self._respond(text=message.text, blocks=message.blocks, response_type="in_channel")
        return None

    async def _ephemeral(self, reply: Reply) -> None:
        if self._ack is not None and self._ack.open and reply.image is None:
            messages = render(private_text(reply))
            if len(messages) == 1 and self._ack.offer(messages[0]):
                return
        self._after_ack()
        if self._respond is None:
            await self.chat.send_ephemeral(self.invocation.place, self.invocation.user, reply)
            return
        for message in render(private_text(reply)):
            await self._respond(
                text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=False
            )
        if reply.image is not None:
            await self.chat.send_image_dm(self.invocation.user, reply.image)

    async def open_form(self, form: Form) -> None:
        """Open the form as a modal, remembering the place to answer in."""
        if self._trigger_id is None:
            raise RuntimeError("a form needs the trigger of a command or button press")
        self._after_ack()
        channel, thread_ts = channel_and_thread(self.invocation.place)
        where: dict[str, Any] = {"channel": channel, "channel_name": self.invocation.channel.name}
        if thread_ts:
            where["thread_ts"] = thread_ts
        client = await self.chat.client_for(self.invocation.place)
        await client.views_open(trigger_id=self._trigger_id, view=modal_view(form, json.dumps(where)))
