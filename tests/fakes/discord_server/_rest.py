"""The REST side: the route table, reading JSON and multipart bodies, recording calls, Discord's errors."""

from __future__ import annotations

import functools
import json
import re
import time
from typing import Any

import orjson
from aiohttp import web

from tests.fakes.discord_server._constants import JSON
from tests.fakes.discord_server._errors import ApiError
from tests.fakes.discord_server._json import json_bytes
from tests.fakes.discord_server._models import Call, Handler, RestRequest
from tests.fakes.discord_server._routes_channels import ChannelRoutes
from tests.fakes.discord_server._routes_commands import CommandRoutes
from tests.fakes.discord_server._routes_interactions import InteractionRoutes


class Rest(CommandRoutes, InteractionRoutes, ChannelRoutes):
    """Serves ``/api/v10/...``: matches a route, checks the bot token, records a :class:`Call`."""

    @functools.cached_property
    def _routes(self) -> list[tuple[str, re.Pattern[str], Handler, bool]]:
        return self._build_routes()

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], Handler, bool]]:
        snowflake, token = r"(?P<{}>\d+)", r"(?P<token>[^/]+)"
        app, guild, channel = (
            snowflake.format("app_id"),
            snowflake.format("guild_id"),
            snowflake.format("channel_id"),
        )
        message, user = snowflake.format("message_id"), r"(?P<user_id>\d+|@me)"
        table: list[tuple[str, str, Handler, bool]] = [
            ("GET", "/users/@me", self._get_me, True),
            ("GET", "/oauth2/applications/@me", self._get_app, True),
            ("GET", "/applications/@me", self._get_app, True),
            ("GET", "/gateway", self._get_gateway, False),
            ("GET", "/gateway/bot", self._get_gateway_bot, True),
            ("GET", f"/applications/{app}/commands", self._get_commands, True),
            ("PUT", f"/applications/{app}/commands", self._put_commands, True),
            ("POST", f"/applications/{app}/commands", self._post_command, True),
            (
                "DELETE",
                f"/applications/{app}/commands/{snowflake.format('command_id')}",
                self._delete_command,
                True,
            ),
            ("GET", f"/applications/{app}/guilds/{guild}/commands", self._get_commands, True),
            ("PUT", f"/applications/{app}/guilds/{guild}/commands", self._put_commands, True),
            ("POST", f"/applications/{app}/guilds/{guild}/commands", self._post_command, True),
            (
                "DELETE",
                f"/applications/{app}/guilds/{guild}/commands/{snowflake.format('command_id')}",
                self._delete_command,
                True,
            ),
            (
                "POST",
                f"/interactions/{snowflake.format('interaction_id')}/{token}/callback",
                self._callback,
                False,
            ),
            (
                "GET",
                f"/webhooks/{app}/{token}/messages/(?P<message_id>@original|\\d+)",
                self._get_hook_msg,
                False,
            ),
            (
                "PATCH",
                f"/webhooks/{app}/{token}/messages/(?P<message_id>@original|\\d+)",
                self._edit_hook_msg,
                False,
            ),
            (
                "DELETE",
                f"/webhooks/{app}/{token}/messages/(?P<message_id>@original|\\d+)",
                self._del_hook_msg,
                False,
            ),
            ("POST", f"/webhooks/{app}/{token}", self._followup, False),
            ("GET", f"/channels/{channel}", self._get_channel, True),
            ("PATCH", f"/channels/{channel}", self._patch_channel, True),
            ("DELETE", f"/channels/{channel}", self._delete_channel, True),
            ("GET", f"/channels/{channel}/messages", self._list_messages, True),
            ("POST", f"/channels/{channel}/messages", self._post_channel_message, True),
            ("GET", f"/channels/{channel}/messages/{message}", self._get_channel_message, True),
            ("PATCH", f"/channels/{channel}/messages/{message}", self._patch_channel_message, True),
            ("DELETE", f"/channels/{channel}/messages/{message}", self._delete_channel_message, True),
            (
                "PUT",
                f"/channels/{channel}/messages/{message}/reactions/(?P<emoji>[^/]+)/@me",
                self._react,
                True,
            ),
            (
                "DELETE",
                f"/channels/{channel}/messages/{message}/reactions/(?P<emoji>[^/]+)/@me",
                self._unreact,
                True,
            ),
            ("POST", f"/channels/{channel}/messages/{message}/threads", self._thread_from_message, True),
            ("POST", f"/channels/{channel}/threads", self._thread_without_message, True),
            ("GET", f"/channels/{channel}/thread-members", self._list_thread_members, True),
            ("PUT", f"/channels/{channel}/thread-members/{user}", self._add_thread_member, True),
            ("DELETE", f"/channels/{channel}/thread-members/{user}", self._remove_thread_member, True),
            ("POST", f"/channels/{channel}/typing", self._typing, True),
            ("POST", "/users/@me/channels", self._open_dm, True),
            ("GET", f"/users/{snowflake.format('user_id')}", self._get_user, True),
            ("GET", f"/guilds/{guild}", self._get_guild, True),
            ("GET", f"/guilds/{guild}/channels", self._get_guild_channels, True),
            ("GET", f"/guilds/{guild}/roles", self._get_guild_roles, True),
            ("GET", f"/guilds/{guild}/members", self._list_members, True),
            ("GET", f"/guilds/{guild}/members/{snowflake.format('user_id')}", self._get_member, True),
            ("GET", f"/guilds/{guild}/threads/active", self._active_threads, True),
        ]
        return [(method, re.compile(pattern), handler, auth) for method, pattern, handler, auth in table]

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        try:
            body, files = await self._read_body(request)
        except ValueError:  # not JSON (or not UTF-8): Discord answers before looking at the route
            refused = ApiError(400, 50109, "The request body contains invalid JSON.")
            return web.Response(body=json_bytes(refused.body()), status=400, content_type="application/json")
        call = Call(
            request.method,
            path,
            dict(request.query),
            body,
            time.monotonic(),
            files=[f["filename"] for f in files],
        )
        self.recorder.record(call)
        try:
            status, result = await self._route(request, RestRequest(request.method, path, call.query, body, files))
        except ApiError as error:
            status, result = error.status, error.body()
        call.status = status
        if result is None:
            return web.Response(status=204 if status < 300 else status)
        return web.Response(body=json_bytes(result), status=status, headers={"Content-Type": "application/json"})

    async def _route(self, request: web.Request, req: RestRequest) -> tuple[int, Any]:
        path_matched = False
        for method, pattern, handler, auth in self._routes:
            match = pattern.fullmatch(req.path)
            if match is None:
                continue
            path_matched = True
            if method != req.method:
                continue
            if auth and not self._token_ok(request.headers.get("Authorization", "").removeprefix("Bot ")):
                raise ApiError(401, 0, "401: Unauthorized")
            return await handler(req, **match.groupdict())
        detail = "this method is not faked for that path" if path_matched else "route not faked"
        raise ApiError(404, 0, f"404: Not Found ({req.method} {req.path}: {detail})")

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, list[JSON]]:
        if not request.body_exists:
            return None, []
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            body: Any = None
            files: list[JSON] = []
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    raw = value.file.read()
                    if key == "payload_json":
                        body = json.loads(raw)
                    else:
                        files.append({"field": key, "filename": value.filename, "size": len(raw),
                                      "content_type": value.content_type, "data": raw})  # fmt: skip
                elif key == "payload_json":
                    body = json.loads(value if isinstance(value, str) else bytes(value).decode())
            return body, files
        text = await request.text()
        return (orjson.loads(text) if text else None), []
