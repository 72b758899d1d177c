"""REST handlers for the bot's identity, the gateway URL, application commands, users, DMs and the guild."""

from __future__ import annotations

from typing import Any

from tests.fakes.discord_server._constants import JSON
from tests.fakes.discord_server._errors import ApiError, form_error, invalid_form, merge
from tests.fakes.discord_server._json import json_copy
from tests.fakes.discord_server._messages import MessageStore
from tests.fakes.discord_server._models import RestRequest
from tests.fakes.discord_server._validation import validate_command


class CommandRoutes(MessageStore):
    """``/users``, ``/applications``, ``/gateway`` and ``/guilds`` routes."""

    # -- basic -----------------------------------------------------------------------------------------------

    async def _get_me(self, req: RestRequest) -> tuple[int, Any]:
        return 200, {**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "locale": "en-US"}

    async def _get_app(self, req: RestRequest) -> tuple[int, Any]:
        return 200, self._app_payload()

    async def _get_gateway(self, req: RestRequest) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _get_gateway_bot(self, req: RestRequest) -> tuple[int, Any]:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": self.max_concurrency}
        return 200, {"url": self.gateway_url, "shards": self.shard_count, "session_start_limit": limit}

    # -- application commands --------------------------------------------------------------------------------

    def _check_app(self, app_id: str) -> None:
        if int(app_id) != self.application_id:
            raise ApiError(403, 50001, "Missing Access")

    def _check_guild(self, guild_id: str | None) -> int | None:
        if guild_id is None:
            return None
        if not guild_id.isdigit() or int(guild_id) not in self.guild_names:
            raise ApiError(404, 10004, "Unknown Guild")
        return int(guild_id)

    async def _get_commands(self, req: RestRequest, app_id: str, guild_id: str | None = None) -> tuple[int, Any]:
        self._check_app(app_id)
        return 200, self.commands(self._check_guild(guild_id))

    async def _put_commands(self, req: RestRequest, app_id: str, guild_id: str | None = None) -> tuple[int, Any]:
        self._check_app(app_id)
        gid = self._check_guild(guild_id)
        if not isinstance(req.json, list):
            raise invalid_form(form_error("_root", "BASE_TYPE_ARRAY", "Must be an array."))
        errors: JSON = {}
        keys = [(c.get("name"), c.get("type", 1)) for c in req.json]
        for index, command in enumerate(req.json):
            validate_command(command, str(index), errors)
            if keys.count(keys[index]) > 1:
                merge(
                    errors,
                    form_error(f"{index}.name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Duplicate name"),
                )
        if errors:
            raise invalid_form(errors)
        old = {(c["name"], c.get("type", 1)): c for c in self._commands.get(gid, [])}
        stored = [self._store_command(c, gid, old.get((c["name"], c.get("type", 1)))) for c in req.json]
        self._commands[gid] = stored
        return 200, json_copy(stored)

    async def _post_command(self, req: RestRequest, app_id: str, guild_id: str | None = None) -> tuple[int, Any]:
        self._check_app(app_id)
        gid = self._check_guild(guild_id)
        errors: JSON = {}
        validate_command(req.json or {}, "", errors)
        if errors:
            raise invalid_form(errors)
        pool = self._commands.setdefault(gid, [])
        key = (req.json["name"], req.json.get("type", 1))
        previous = next((c for c in pool if (c["name"], c.get("type", 1)) == key), None)
        stored = self._store_command(req.json, gid, previous)
        if previous is not None:
            pool[pool.index(previous)] = stored
            return 200, json_copy(stored)
        pool.append(stored)
        return 201, json_copy(stored)

    async def _delete_command(
        self, req: RestRequest, app_id: str, command_id: str, guild_id: str | None = None
    ) -> tuple[int, Any]:
        self._check_app(app_id)
        pool = self._commands.get(self._check_guild(guild_id), [])
        for command in pool:
            if command["id"] == command_id:
                pool.remove(command)
                return 204, None
        raise ApiError(404, 10063, "Unknown application command")

    def _store_command(self, command: JSON, guild_id: int | None, previous: JSON | None) -> JSON:
        stored = json_copy(command)
        stored.setdefault("type", 1)
        stored.setdefault("description", "")
        stored.setdefault("options", [])
        stored.setdefault("default_member_permissions", None)
        stored.setdefault("nsfw", False)
        stored["id"] = previous["id"] if previous else str(self._snowflake())
        stored["application_id"] = str(self.application_id)
        stored["version"] = str(self._snowflake())
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        else:
            stored.setdefault("contexts", None)
            stored.setdefault("integration_types", [0])
        return stored

    # -- users, DMs, guilds ----------------------------------------------------------------------------------

    async def _open_dm(self, req: RestRequest) -> tuple[int, Any]:
        body = req.json if isinstance(req.json, dict) else {}
        try:
            recipient = self.users[int(body.get("recipient_id") or 0)]
        except (KeyError, ValueError):
            raise ApiError(400, 50033, "Invalid Recipient(s)") from None
        if recipient.bot:
            raise ApiError(400, 50007, "Cannot send messages to this user")
        return 200, self._channel_payload(self.open_dm(recipient))

    async def _get_user(self, req: RestRequest, user_id: str) -> tuple[int, Any]:
        user = self.users.get(int(user_id))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return 200, user.payload()

    async def _get_guild(self, req: RestRequest, guild_id: str) -> tuple[int, Any]:
        return 200, {
            **self._guild_payload(self._check_guild(guild_id)),
            "approximate_member_count": len(self.guild_members),
        }

    async def _get_guild_channels(self, req: RestRequest, guild_id: str) -> tuple[int, Any]:
        wanted = self._check_guild(guild_id)
        return 200, [self._channel_payload(c.id) for c in self._channels.values() if c.guild_id == wanted]

    async def _get_guild_roles(self, req: RestRequest, guild_id: str) -> tuple[int, Any]:
        self._check_guild(guild_id)
        return 200, [r.payload() for r in self.roles.values()]

    async def _list_members(self, req: RestRequest, guild_id: str) -> tuple[int, Any]:
        self._check_guild(guild_id)
        after = int(req.query.get("after", 0))
        limit = max(1, min(1000, int(req.query.get("limit", 1))))
        chosen = sorted(u for u in self.guild_members if u > after)[:limit]
        return 200, [self._member_payload(self.users[u]) for u in chosen]

    async def _get_member(self, req: RestRequest, guild_id: str, user_id: str) -> tuple[int, Any]:
        self._check_guild(guild_id)
        if int(user_id) not in self.guild_members:
            raise ApiError(404, 10007, "Unknown Member")
        return 200, self._member_payload(self.users[int(user_id)])

    async def _active_threads(self, req: RestRequest, guild_id: str) -> tuple[int, Any]:
        self._check_guild(guild_id)
        active = [t for t in self._threads.values() if not t.archived and not t.deleted]
        members = [self._thread_member_payload(t, self.bot_user.id) for t in active if self.bot_user.id in t.members]
        return 200, {"threads": [self._thread_payload(t) for t in active], "members": members}
