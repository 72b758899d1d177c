"""Interactions the fake sends: INTERACTION_CREATE payloads, component clicks, modal submissions."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any

from tests.fakes.discord_server._constants import JSON, MESSAGE_COMPONENT, SELECT_TYPES, Perm
from tests.fakes.discord_server._messages import MessageStore
from tests.fakes.discord_server._models import FakeInteraction, FakeUser, StoredMessage


class InteractionDispatch(MessageStore):
    """Builds an interaction as Discord would and dispatches it to every live session."""

    def _dispatch_interaction(
        self,
        itype: int,
        data: JSON | None,
        user: FakeUser,
        channel_id: int,
        *,
        name: str,
        message: StoredMessage | None = None,
        locale: str = "en-US",
    ) -> FakeInteraction:
        self._require_channel(channel_id)
        guild_id = self._guild_of(channel_id)
        sessions = self._sessions_for(guild_id)
        if not sessions:
            raise RuntimeError("no discord.py client has identified for that guild's shard; start one first")
        interaction_id = self._snowflake()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        payload: JSON = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": itype,
            "token": token,
            "version": 1,
            "channel_id": str(channel_id),
            "channel": self._channel_payload(channel_id),
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild_id is not None:
            if user.id not in self.guild_members:
                raise ValueError(f"{user.username} is not a member of the guild")
            payload.update(
                {
                    "guild_id": str(guild_id),
                    "guild": {"id": str(guild_id), "locale": "en-US", "features": []},
                    "guild_locale": "en-US",
                    "member": self._member_payload(user, permissions=True),
                    "app_permissions": str(self.permissions_of(self.bot_user)),
                    "authorizing_integration_owners": {"0": str(guild_id)},
                    "context": 0,
                }
            )
        else:
            dm_permissions = Perm.VIEW_CHANNEL | Perm.SEND_MESSAGES | Perm.EMBED_LINKS | Perm.ATTACH_FILES
            payload.update(
                {
                    "user": user.payload(),
                    "app_permissions": str(dm_permissions | Perm.READ_MESSAGE_HISTORY | Perm.ADD_REACTIONS),
                    "authorizing_integration_owners": {"0": "0"},
                    "context": 1,
                }
            )
        if data is not None:
            payload["data"] = data
        if message is not None:
            payload["message"] = self._message_payload(message)
        interaction = FakeInteraction(
            id=interaction_id,
            token=token,
            type=itype,
            user=user,
            channel_id=channel_id,
            guild_id=guild_id,
            name=name,
            payload=payload,
            created=time.monotonic(),
            message_id=None if message is None else message.id,
        )
        self._interactions[interaction_id] = interaction
        self._interactions_by_token[token] = interaction
        self._responses[interaction_id] = []
        self.interactions.append(interaction)
        for session in sessions:
            session.dispatch("INTERACTION_CREATE", payload)
        return interaction

    # -- components ------------------------------------------------------------------------------------------

    def _find_component(self, custom_id: str, message_id: int | None) -> tuple[StoredMessage, JSON]:
        if message_id is not None:
            message = self._message_index.get(message_id)
            if message is None or message.deleted:
                raise LookupError(f"no message {message_id}")
            component = message.find_component(custom_id)
            if component is None:
                raise LookupError(f"message {message_id} has no component {custom_id!r}; has {message.custom_ids()}")
            return message, component
        for message in reversed(list(self._message_index.values())):
            if message.deleted:
                continue
            component = message.find_component(custom_id)
            if component is not None:
                return message, component
        raise LookupError(f"no stored message carries a component {custom_id!r}")

    def _component_interaction(
        self, message: StoredMessage, component: JSON, extra: JSON, user: FakeUser | None
    ) -> FakeInteraction:
        clicker = user or (self.users[message.ephemeral_to] if message.ephemeral_to else self.member_user)
        if message.ephemeral and message.ephemeral_to not in (None, clicker.id):
            raise PermissionError(f"{clicker.username} cannot see that ephemeral message")
        if component.get("disabled"):
            raise ValueError(f"component {component.get('custom_id')!r} is disabled")
        data: JSON = {"custom_id": component["custom_id"], "component_type": component["type"], **extra}
        if "id" in component:
            data["id"] = component["id"]
        return self._dispatch_interaction(
            MESSAGE_COMPONENT, data, clicker, message.channel_id, name=component["custom_id"], message=message
        )

    # -- modals ----------------------------------------------------------------------------------------------

    def _find_modal(self, custom_id: str | None, user: FakeUser | None) -> tuple[FakeInteraction, JSON]:
        for opener, modal in reversed(self._modals):
            if (custom_id is None or modal.get("custom_id") == custom_id) and (user is None or opener.user == user):
                return opener, modal
        shown = [m.get("custom_id") for _, m in self._modals]
        raise LookupError(f"the client never showed a modal {custom_id!r} to that user; shown: {shown}")

    def _modal_submission(self, components: list[JSON], values: Mapping[str, Any]) -> list[JSON]:
        submitted: list[JSON] = []
        for component in components:
            kind = component.get("type")
            if kind == 1:
                submitted.append(
                    {"type": 1, "components": self._modal_submission(component.get("components", []), values)}
                )
            elif kind == 18:
                inner = self._modal_submission([component["component"]], values)
                entry: JSON = {"type": 18, "component": inner[0]}
                if "id" in component:
                    entry["id"] = component["id"]
                submitted.append(entry)
            elif kind == 4:
                custom_id = component["custom_id"]
                value = str(values.get(custom_id, component.get("value") or ""))
                if component.get("required", True) and not value:
                    raise ValueError(f"text input {custom_id!r} is required")
                if value and not component.get("min_length", 0) <= len(value) <= component.get("max_length", 4000):
                    raise ValueError(f"text input {custom_id!r}: length {len(value)} out of bounds")
                submitted.append({"type": 4, "custom_id": custom_id, "value": value})
            elif kind in SELECT_TYPES:
                picked = values.get(component["custom_id"], [])
                picked_list = [str(v) for v in ([picked] if isinstance(picked, str | int) else picked)]
                submitted.append({"type": kind, "custom_id": component["custom_id"], "values": picked_list})
            elif "id" in component:
                submitted.append({"type": kind, "id": component["id"]})
        return submitted
