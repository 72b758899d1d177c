"""Discord's JSON for the fake's objects: members, threads, channels, the guild, the application, messages."""

from __future__ import annotations

from tests.fakes.discord_server._constants import APPLICATION_COMMAND, CHANNEL_DM, JSON
from tests.fakes.discord_server._json import json_copy
from tests.fakes.discord_server._models import FakeUser, StoredMessage, StoredThread
from tests.fakes.discord_server._recording import Recording


class Payloads(Recording):
    """Builds the payloads REST answers and gateway events carry, from the stored state."""

    def _member_payload(self, user: FakeUser, *, with_user: bool = True, permissions: bool = False) -> JSON:
        data: JSON = {
            "roles": [str(r) for r in user.role_ids],
            "joined_at": user.joined_at,
            "premium_since": None,
            "nick": None,
            "avatar": None,
            "banner": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = user.payload()
        if permissions:
            data["permissions"] = str(self.permissions_of(user))
        return data

    def _thread_member_payload(self, thread: StoredThread, user_id: int) -> JSON:
        return {"id": str(thread.id), "user_id": str(user_id), "join_timestamp": thread.created, "flags": 0}

    def _thread_payload(self, thread: StoredThread) -> JSON:
        metadata: JSON = {
            "archived": thread.archived,
            "auto_archive_duration": thread.auto_archive_duration,
            "archive_timestamp": thread.created,
            "locked": thread.locked,
            "create_timestamp": thread.created,
        }
        if thread.private:
            metadata["invitable"] = thread.invitable
        data: JSON = {
            "id": str(thread.id),
            "guild_id": str(thread.guild_id),
            "parent_id": str(thread.parent_id),
            "owner_id": str(thread.owner_id),
            "name": thread.name,
            "type": thread.type,
            "last_message_id": None if thread.last_message_id is None else str(thread.last_message_id),
            "message_count": thread.message_count,
            "total_message_sent": thread.message_count,
            "member_count": len(thread.members),
            "rate_limit_per_user": 0,
            "flags": 0,
            "thread_metadata": metadata,
        }
        if self.bot_user.id in thread.members:
            data["member"] = self._thread_member_payload(thread, self.bot_user.id)
        return data

    def _channel_payload(self, channel_id: int) -> JSON:
        thread = self._threads.get(channel_id)
        if thread is not None:
            return self._thread_payload(thread)
        channel = self._channels[channel_id]
        last = None if channel.last_message_id is None else str(channel.last_message_id)
        if channel.type == CHANNEL_DM:
            recipient = self.users[channel.recipient_id or 0]
            return {"id": str(channel.id), "type": CHANNEL_DM, "last_message_id": last, "flags": 0,
                    "recipients": [recipient.payload()]}  # fmt: skip
        return {
            "id": str(channel.id),
            "type": channel.type,
            "guild_id": str(channel.guild_id),
            "name": channel.name,
            "position": channel.position,
            "permission_overwrites": [],
            "parent_id": None,
            "topic": channel.topic,
            "nsfw": False,
            "rate_limit_per_user": 0,
            "last_message_id": last,
            "flags": 0,
        }

    def _guild_payload(self, guild_id: int | None = None) -> JSON:
        guild_id = guild_id or self.guild_id
        roles = [r.payload() for r in self.roles.values()]
        for role in roles:  # every guild's @everyone role has the guild's id
            if role["id"] == str(self.everyone_role_id):
                role["id"] = str(guild_id)
        return {
            "id": str(guild_id),
            "name": self.guild_names.get(guild_id, self.guild_name),
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_user.id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": roles,
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": str(self.general_channel_id),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "max_members": 500_000,
            "incidents_data": None,
        }

    def _guild_create_payload(self, guild_id: int | None = None) -> JSON:
        guild_id = guild_id or self.guild_id
        data = self._guild_payload(guild_id)
        data.update(
            {
                "joined_at": self.bot_user.joined_at,
                "large": False,
                "unavailable": False,
                "lazy": True,
                "member_count": len(self.guild_members),
                "members": [self._member_payload(self.users[u]) for u in self.guild_members],
                "channels": [self._channel_payload(c.id) for c in self._channels.values() if c.guild_id == guild_id],
                "threads": [
                    self._thread_payload(t)
                    for t in self._threads.values()
                    if not t.archived and not t.deleted and t.guild_id == guild_id
                ],
                "voice_states": [],
                "presences": [],
                "stage_instances": [],
                "guild_scheduled_events": [],
                "soundboard_sounds": [],
            }
        )
        return data

    def _app_payload(self) -> JSON:
        return {
            "id": str(self.application_id),
            "name": self.bot_user.global_name or self.bot_user.username,
            "description": "",
            "summary": "",
            "icon": None,
            "cover_image": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": self.owner_user.payload(),
            "team": None,
            "bot": self.bot_user.payload(),
            "flags": (1 << 15) | (1 << 19),
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": 1,
            "integration_types_config": {"0": {}},
            "tags": [],
        }

    def _message_payload(self, message: StoredMessage, *, gateway: bool = False, nested: bool = False) -> JSON:
        data: JSON = {
            "id": str(message.id),
            "channel_id": str(message.channel_id),
            "type": message.type,
            "content": message.content,
            "author": message.author.payload(),
            "timestamp": message.timestamp,
            "edited_timestamp": message.edited_timestamp,
            "tts": False,
            "mention_everyone": False,
            "mentions": [self.users[u].payload() for u in message.mentions if u in self.users],
            "mention_roles": [],
            "attachments": json_copy(message.attachments),
            "embeds": json_copy(message.embeds),
            "components": json_copy(message.components),
            "pinned": False,
            "flags": message.flags,
        }
        if message.position is not None:
            data["position"] = message.position
        if message.webhook_id is not None:
            data["webhook_id"] = str(message.webhook_id)
            data["application_id"] = str(self.application_id)
        interaction = self._interactions.get(message.interaction_id or 0)
        if interaction is not None:
            metadata: JSON = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": interaction.user.payload(),
                "authorizing_integration_owners": interaction.payload.get("authorizing_integration_owners", {}),
            }
            if interaction.type == APPLICATION_COMMAND:
                metadata["name"] = interaction.name
            if interaction.message_id is not None:
                metadata["interacted_message_id"] = str(interaction.message_id)
            if interaction.original_message_id not in (None, message.id):
                metadata["original_response_message_id"] = str(interaction.original_message_id)
            data["interaction_metadata"] = metadata
        if message.thread_id is not None and message.thread_id in self._threads:
            data["thread"] = self._thread_payload(self._threads[message.thread_id])
        if message.message_reference is not None:
            data["message_reference"] = dict(message.message_reference)
            if not nested:
                referenced = self._message_index.get(int(message.message_reference.get("message_id", 0)))
                alive = referenced is not None and not referenced.deleted
                data["referenced_message"] = (
                    self._message_payload(referenced, nested=True) if alive and referenced else None
                )
        if gateway and message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
            if message.webhook_id is None and message.author.id in self.guild_members:
                data["member"] = self._member_payload(message.author, with_user=False)
        return data
