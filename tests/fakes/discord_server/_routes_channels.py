"""REST handlers for channels, their messages and reactions, typing, and threads with their members."""

from __future__ import annotations

from typing import Any

from tests.fakes.discord_server._constants import (
    CHANNEL_DM,
    CHANNEL_PRIVATE_THREAD,
    CHANNEL_PUBLIC_THREAD,
    CHANNEL_TEXT,
    FLAG_COMPONENTS_V2,
    FLAG_HAS_THREAD,
    JSON,
)
from tests.fakes.discord_server._errors import ApiError, form_error, invalid_form
from tests.fakes.discord_server._messages import MessageStore
from tests.fakes.discord_server._models import Channel, RestRequest, StoredMessage, StoredThread
from tests.fakes.discord_server._validation import check_thread_name, validate_message_body


class ChannelRoutes(MessageStore):
    """``/channels/...`` routes."""

    # -- channels & messages ---------------------------------------------------------------------------------

    async def _get_channel(self, req: RestRequest, channel_id: str) -> tuple[int, Any]:
        self._require_channel(int(channel_id))
        return 200, self._channel_payload(int(channel_id))

    async def _patch_channel(self, req: RestRequest, channel_id: str) -> tuple[int, Any]:
        cid = int(channel_id)
        self._require_channel(cid)
        body = req.json if isinstance(req.json, dict) else {}
        thread = self._threads.get(cid)
        if thread is not None:
            if "name" in body:
                check_thread_name(body["name"])
                thread.name = body["name"]
            for key in ("archived", "locked", "invitable"):
                if key in body:
                    setattr(thread, key, bool(body[key]))
            if "auto_archive_duration" in body:
                thread.auto_archive_duration = int(body["auto_archive_duration"])
            payload = self._thread_payload(thread)
            self._dispatch_guild_event("THREAD_UPDATE", payload)
            return 200, payload
        channel = self._channels[cid]
        if channel.type == CHANNEL_DM:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        channel.name = body.get("name", channel.name)
        channel.topic = body.get("topic", channel.topic)
        payload = self._channel_payload(cid)
        self._dispatch_guild_event("CHANNEL_UPDATE", payload)
        return 200, payload

    async def _delete_channel(self, req: RestRequest, channel_id: str) -> tuple[int, Any]:
        cid = int(channel_id)
        self._require_channel(cid)
        thread = self._threads.get(cid)
        if thread is None:
            raise ApiError(403, 50013, "Missing Permissions")
        thread.deleted = True
        payload = self._thread_payload(thread)
        self._dispatch_guild_event(
            "THREAD_DELETE",
            {
                "id": payload["id"],
                "guild_id": payload["guild_id"],
                "parent_id": payload["parent_id"],
                "type": thread.type,
            },
        )
        return 200, payload

    def _visible_message(self, channel_id: str, message_id: str) -> StoredMessage:
        self._require_channel(int(channel_id))
        message = self._message_index.get(int(message_id))
        if message is None or message.deleted or message.ephemeral or message.channel_id != int(channel_id):
            raise ApiError(404, 10008, "Unknown Message")
        return message

    async def _list_messages(self, req: RestRequest, channel_id: str) -> tuple[int, Any]:
        cid = int(channel_id)
        self._require_channel(cid)
        visible = [m for m in self.messages(cid) if not m.ephemeral]
        if "before" in req.query:
            visible = [m for m in visible if m.id < int(req.query["before"])]
        if "after" in req.query:
            visible = [m for m in visible if m.id > int(req.query["after"])]
        limit = max(1, min(100, int(req.query.get("limit", 50))))
        chosen = visible[:limit] if "after" in req.query else visible[-limit:]
        return 200, [self._message_payload(m) for m in reversed(chosen)]

    async def _post_channel_message(self, req: RestRequest, channel_id: str) -> tuple[int, Any]:
        cid = int(channel_id)
        self._require_channel(cid)
        channel = self._channels.get(cid)
        if channel is not None and channel.type == CHANNEL_DM and channel.recipient_id in self.closed_dms:
            raise ApiError(403, 50007, "Cannot send messages to this user")
        thread = self._threads.get(cid)
        if thread is not None and thread.locked:
            raise ApiError(400, 50083, "Thread is locked")
        body = req.json if isinstance(req.json, dict) else {}
        validate_message_body(body, files=len(req.files))
        allowed_flags = 4 | 4096 | FLAG_COMPONENTS_V2
        flags = int(body.get("flags") or 0) & allowed_flags
        reference = body.get("message_reference")
        if reference and int(reference.get("message_id", 0)) not in self._message_index:
            if reference.get("fail_if_not_exists", True):
                raise invalid_form(
                    form_error("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
                )
            body = {k: v for k, v in body.items() if k != "message_reference"}
        message = self._create_message(
            cid, self.bot_user, body, flags=flags, attachments=self._attachments_for(req.files, body)
        )
        return 200, self._message_payload(message)

    async def _get_channel_message(self, req: RestRequest, channel_id: str, message_id: str) -> tuple[int, Any]:
        return 200, self._message_payload(self._visible_message(channel_id, message_id))

    async def _patch_channel_message(self, req: RestRequest, channel_id: str, message_id: str) -> tuple[int, Any]:
        message = self._visible_message(channel_id, message_id)
        if message.author.id != self.bot_user.id or message.webhook_id is not None:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        body = req.json if isinstance(req.json, dict) else {}
        self._edit_message(message, body, self._attachments_for(req.files, body))
        return 200, self._message_payload(message)

    async def _delete_channel_message(self, req: RestRequest, channel_id: str, message_id: str) -> tuple[int, Any]:
        self._delete_message(self._visible_message(channel_id, message_id))
        return 204, None

    async def _react(self, req: RestRequest, channel_id: str, message_id: str, emoji: str) -> tuple[int, Any]:
        message = self._visible_message(channel_id, message_id)
        if emoji not in message.reactions:
            message.reactions.append(emoji)
        return 204, None

    async def _unreact(self, req: RestRequest, channel_id: str, message_id: str, emoji: str) -> tuple[int, Any]:
        message = self._visible_message(channel_id, message_id)
        if emoji in message.reactions:
            message.reactions.remove(emoji)
        return 204, None

    async def _typing(self, req: RestRequest, channel_id: str) -> tuple[int, Any]:
        self._require_channel(int(channel_id))
        return 204, None

    # -- threads ---------------------------------------------------------------------------------------------

    def _text_parent(self, channel_id: str) -> Channel:
        self._require_channel(int(channel_id))
        channel = self._channels.get(int(channel_id))
        if channel is None or channel.type != CHANNEL_TEXT:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        return channel

    def _open_thread(self, thread: StoredThread) -> JSON:
        self._threads[thread.id] = thread
        self._messages.setdefault(thread.id, [])
        payload = self._thread_payload(thread)
        self._dispatch_guild_event("THREAD_CREATE", {**payload, "newly_created": True})
        return payload

    async def _thread_from_message(self, req: RestRequest, channel_id: str, message_id: str) -> tuple[int, Any]:
        parent = self._text_parent(channel_id)
        message = self._visible_message(channel_id, message_id)
        body = req.json if isinstance(req.json, dict) else {}
        check_thread_name(body.get("name"))
        if message.thread_id is not None:
            raise ApiError(400, 160004, "A thread has already been created for this message")
        thread = StoredThread(
            id=message.id,  # Discord: a thread started from a message shares the message's id
            guild_id=parent.guild_id or self.guild_id,
            parent_id=parent.id,
            name=body["name"],
            type=CHANNEL_PUBLIC_THREAD,
            owner_id=self.bot_user.id,
            starter_message_id=message.id,
            members=[self.bot_user.id],
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        message.thread_id = thread.id
        message.flags |= FLAG_HAS_THREAD
        return 201, self._open_thread(thread)

    async def _thread_without_message(self, req: RestRequest, channel_id: str) -> tuple[int, Any]:
        parent = self._text_parent(channel_id)
        body = req.json if isinstance(req.json, dict) else {}
        check_thread_name(body.get("name"))
        kind = int(body.get("type") or CHANNEL_PRIVATE_THREAD)
        if kind not in (CHANNEL_PUBLIC_THREAD, CHANNEL_PRIVATE_THREAD):
            raise invalid_form(form_error("type", "BASE_TYPE_CHOICES", "Value must be one of {11, 12}."))
        thread = StoredThread(
            id=self._snowflake(),
            guild_id=parent.guild_id or self.guild_id,
            parent_id=parent.id,
            name=body["name"],
            type=kind,
            owner_id=self.bot_user.id,
            members=[self.bot_user.id],
            invitable=bool(body.get("invitable", True)),
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        return 201, self._open_thread(thread)

    def _thread(self, channel_id: str) -> StoredThread:
        self._require_channel(int(channel_id))
        thread = self._threads.get(int(channel_id))
        if thread is None:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        return thread

    async def _list_thread_members(self, req: RestRequest, channel_id: str) -> tuple[int, Any]:
        thread = self._thread(channel_id)
        return 200, [self._thread_member_payload(thread, u) for u in thread.members]

    async def _add_thread_member(self, req: RestRequest, channel_id: str, user_id: str) -> tuple[int, Any]:
        thread = self._thread(channel_id)
        uid = self.bot_user.id if user_id == "@me" else int(user_id)
        if uid not in self.guild_members:
            raise ApiError(404, 10007, "Unknown Member")
        if thread.archived and thread.locked:
            raise ApiError(400, 50083, "Thread is archived")
        if uid not in thread.members:
            thread.members.append(uid)
        return 204, None

    async def _remove_thread_member(self, req: RestRequest, channel_id: str, user_id: str) -> tuple[int, Any]:
        thread = self._thread(channel_id)
        uid = self.bot_user.id if user_id == "@me" else int(user_id)
        if uid in thread.members:
            thread.members.remove(uid)
        return 204, None
