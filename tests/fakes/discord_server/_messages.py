"""The message store: creating, editing and deleting messages (with their gateway events) and attachments."""

from __future__ import annotations

import re

from tests.fakes.discord_server._constants import (
    APPLICATION_COMMAND,
    FLAG_EPHEMERAL,
    FLAG_HAS_THREAD,
    FLAG_LOADING,
    JSON,
    MESSAGE_CHAT_INPUT,
    MESSAGE_DEFAULT,
    MESSAGE_REPLY,
)
from tests.fakes.discord_server._json import json_copy
from tests.fakes.discord_server._models import FakeInteraction, FakeUser, StoredMessage, iso
from tests.fakes.discord_server._validation import validate_attachments, validate_message_body
from tests.fakes.discord_server._world import World


class MessageStore(World):
    """Every message write goes through here, so the stores, threads and gateway events stay in step."""

    def _create_message(
        self,
        channel_id: int,
        author: FakeUser,
        body: JSON,
        *,
        interaction: FakeInteraction | None = None,
        flags: int | None = None,
        attachments: list[JSON] | None = None,
    ) -> StoredMessage:
        guild_id = self._guild_of(channel_id)
        thread = self._threads.get(channel_id)
        effective_flags = int(body.get("flags") or 0) if flags is None else flags
        content = str(body.get("content") or "")
        mentions = [int(m) for m in re.findall(r"<@!?(\d+)>", content) if int(m) in self.users]
        reference = body.get("message_reference")
        message_type = MESSAGE_DEFAULT
        if interaction is not None and interaction.type == APPLICATION_COMMAND:
            message_type = MESSAGE_CHAT_INPUT
        elif reference:
            message_type = MESSAGE_REPLY
        message = StoredMessage(
            id=self._snowflake(),
            channel_id=channel_id,
            author=author,
            content=content,
            embeds=[{"type": "rich", **e} for e in body.get("embeds") or []],
            components=json_copy(body.get("components") or []),
            attachments=attachments or [],
            flags=effective_flags,
            type=message_type,
            guild_id=guild_id,
            interaction_id=None if interaction is None else interaction.id,
            ephemeral_to=interaction.user.id if interaction is not None and effective_flags & FLAG_EPHEMERAL else None,
            webhook_id=None if interaction is None else self.application_id,
            message_reference=None
            if not reference
            else {
                "type": 0,
                "message_id": str(reference.get("message_id")),
                "channel_id": str(reference.get("channel_id") or channel_id),
                **({"guild_id": str(guild_id)} if guild_id else {}),
            },
            mentions=mentions,
        )
        if thread is not None and not message.ephemeral:
            message.position = thread.message_count
            thread.message_count += 1
            thread.last_message_id = message.id
            thread.archived = False
        elif channel_id in self._channels and not message.ephemeral:
            self._channels[channel_id].last_message_id = message.id
        self._messages.setdefault(channel_id, []).append(message)
        self._message_index[message.id] = message
        self._dispatch_message_event("MESSAGE_CREATE", message)
        return message

    def _edit_message(self, message: StoredMessage, body: JSON, attachments: list[JSON]) -> None:
        validate_message_body(body, creating=False)
        message.edits.append(json_copy(body))
        if "content" in body:
            message.content = str(body["content"] or "")
            message.mentions = [int(m) for m in re.findall(r"<@!?(\d+)>", message.content) if int(m) in self.users]
        if "embeds" in body:
            message.embeds = [{"type": "rich", **e} for e in body["embeds"] or []]
        if "components" in body:
            message.components = json_copy(body["components"] or [])
        if "attachments" in body:
            kept = {str(a.get("id")) for a in body["attachments"] or []}
            message.attachments = [a for a in message.attachments if a["id"] in kept]
        message.attachments.extend(attachments)
        if body.get("flags") is not None:
            keep = message.flags & (FLAG_EPHEMERAL | FLAG_HAS_THREAD)
            message.flags = keep | (int(body["flags"]) & ~(FLAG_EPHEMERAL | FLAG_LOADING))
        message.flags &= ~FLAG_LOADING
        message.edited_timestamp = iso()
        self._dispatch_message_event("MESSAGE_UPDATE", message)

    def _delete_message(self, message: StoredMessage) -> None:
        message.deleted = True
        self._dispatch_message_delete(message)

    def _attachments_for(self, files: list[JSON], body: JSON | None = None) -> list[JSON]:
        """The attachments of uploaded `files`, each with its `attachments[]` description from `body`.

        Refuses what Discord refuses, before anything is stored (`validate_attachments`)."""
        described = validate_attachments(body or {}, files)
        made = []
        for file in files:
            field = file.get("field")  # the bot's multipart upload; files users post (`post_message`) have none
            if field is not None:
                self.uploads.append({"filename": file["filename"], "data": file.get("data", b""),
                                     "description": described.get(field)})  # fmt: skip
            attachment_id = str(self._snowflake())
            url = f"{self.base_url}/attachments/{attachment_id}/{file['filename']}"
            made.append(
                {
                    "id": attachment_id,
                    "filename": file["filename"],
                    "size": file["size"],
                    "url": url,
                    "proxy_url": url,
                    "content_type": file.get("content_type"),
                    **({"description": described[field]} if field is not None and described.get(field) else {}),
                }
            )
        return made
