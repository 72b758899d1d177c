"""A local stand-in for Slack: Web API, response_url endpoints, Socket Mode, and signed requests.

Everything runs in-process on 127.0.0.1 with a random port, so a real ``slack_bolt`` app (HTTP or
Socket Mode) and a real ``slack_sdk`` client can be exercised with no network::

    api = FakeSlackApi(bot_token="xoxb-test", app_token="xapp-test", team_id="T0001", bot_user_id="U0BOT")
    await api.start()
    client = AsyncWebClient(base_url=api.base_url, token=api.bot_token)
    sender = SlackRequests(app_url="http://127.0.0.1:PORT/slack/events", signing_secret="s", api=api)
    status, body = await sender.slash_command("/question", "url-shortener")
    await api.wait_for(lambda: api.messages("C1"))
    await api.stop()

The Web API answers the way Slack does: HTTP 200 with ``{"ok": false, "error": ...}`` for failures,
HTTP 429 plus ``Retry-After`` when rate limited (see :meth:`FakeSlackApi.rate_limit_next`). Parameters are
read from the query string, form bodies and JSON bodies alike, because ``slack_sdk`` uses all three
(``auth.test`` and ``reactions.add`` send query parameters, ``chat.postMessage`` sends JSON).

The module deliberately does not import ``slack_sdk``: signatures are computed independently so the
tests prove compatibility with ``slack_sdk.signature.SignatureVerifier`` rather than assume it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import hashlib
import hmac
import itertools
import json
import re
import secrets
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Self, TypeVar
from urllib.parse import urlencode

import aiohttp
from aiohttp import WSCloseCode, WSMsgType, web

Json = dict[str, Any]
Record = dict[str, Any]
T = TypeVar("T")

#: Parameters that ``slack_sdk`` (or a form-encoding client) sends as JSON strings.
JSON_PARAMS = ("blocks", "attachments", "view", "metadata")
#: How long a trigger_id stays usable in real Slack.
TRIGGER_TTL_SECONDS = 3.0
SLACKBOT_USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


class SlackApiFailure(Exception):
    """Raised inside a method implementation to answer ``{"ok": false, "error": error}``."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


def slack_json(value: Any) -> str:
    """Serialise like Slack does: compact, ASCII-only, with ``/`` escaped as ``\\/``."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")


def slack_signature(signing_secret: str, timestamp: str, body: str) -> str:
    """The ``X-Slack-Signature`` value (v0) for ``body`` sent at ``timestamp``."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


def _rich_text(text: str, block_id: str) -> list[Json]:
    """The rich_text block Slack attaches to a user's message, mentions split out."""
    elements: list[Json] = []
    position = 0
    for match in _MENTION.finditer(text):
        if match.start() > position:
            elements.append({"type": "text", "text": text[position : match.start()]})
        elements.append({"type": "user", "user_id": match.group(1)})
        position = match.end()
    if position < len(text):
        elements.append({"type": "text", "text": text[position:]})
    return [
        {
            "type": "rich_text",
            "block_id": block_id,
            "elements": [{"type": "rich_text_section", "elements": elements}],
        }
    ]


def _iter_elements(blocks: Iterable[Any]) -> Iterable[tuple[str, Json]]:
    """Yield (block_id, element) for every interactive element in ``blocks``."""
    for block in blocks:
        if not isinstance(block, dict):
            continue
        block_id = str(block.get("block_id", ""))
        candidates: list[Any] = list(block.get("elements") or [])
        if isinstance(block.get("accessory"), dict):
            candidates.append(block["accessory"])
        if isinstance(block.get("element"), dict):
            candidates.append(block["element"])
        for element in candidates:
            if isinstance(element, dict) and "action_id" in element:
                yield block_id, element


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


class SlackPayloads:
    """Builds the exact bodies Slack sends (HTTP and Socket Mode share them).

    Reach it as ``api.payloads``. Users and channels named in a payload are registered with the
    stand-in (``users.info`` / ``conversations.info`` then know them), and every payload carries a
    fresh ``trigger_id`` and a ``response_url`` served by the stand-in.
    """

    def __init__(self, api: FakeSlackApi) -> None:
        self._api = api
        self._block_ids = itertools.count(1)

    def _team(self, team_id: str | None) -> Json:
        return {"id": team_id or self._api.team_id, "domain": self._api.team_domain}

    def _user(self, user_id: str, user_name: str | None, team_id: str | None) -> Json:
        name = self._api.ensure_user(user_id, user_name)["name"]
        return {"id": user_id, "username": name, "name": name, "team_id": team_id or self._api.team_id}

    def slash_command(
        self,
        command: str,
        text: str = "",
        *,
        user_id: str = "U1",
        user_name: str | None = None,
        channel_id: str = "C1",
        channel_name: str | None = None,
        team_id: str | None = None,
        response_url: str | None = None,
        trigger_id: str | None = None,
    ) -> dict[str, str]:
        """The form fields of a slash command invocation, in Slack's order."""
        api = self._api
        name = api.ensure_user(user_id, user_name)["name"]
        channel = api.ensure_channel(channel_id, channel_name)
        return {
            "token": api.verification_token,
            "team_id": team_id or api.team_id,
            "team_domain": api.team_domain,
            "channel_id": channel_id,
            "channel_name": str(channel.get("name") or "directmessage"),
            "user_id": user_id,
            "user_name": name,
            "command": command,
            "text": text,
            "api_app_id": api.app_id,
            "is_enterprise_install": "false",
            "response_url": response_url or api.response_url(channel=channel_id, user=user_id),
            "trigger_id": trigger_id or api.new_trigger_id(user_id),
        }

    def block_actions(
        self,
        action_id: str,
        value: str | None = None,
        *,
        user_id: str = "U1",
        user_name: str | None = None,
        channel_id: str = "C1",
        message_ts: str | None = None,
        thread_ts: str | None = None,
        block_id: str | None = None,
        team_id: str | None = None,
    ) -> Json:
        """A ``block_actions`` payload for a button press on a message.

        If ``message_ts`` is omitted, the newest stored bot message in ``channel_id`` holding an element
        with ``action_id`` is used (so "press the button the bot just posted" needs no bookkeeping);
        the element's ``value`` and ``block_id`` are taken from it unless given.
        """
        api = self._api
        channel = api.ensure_channel(channel_id)
        message: Json | None = None
        if message_ts is not None:
            message = api.message(channel_id, message_ts)
        else:
            message = api.find_message_with_action(channel_id, action_id)
        element: Json = {}
        if message is not None:
            for found_block_id, candidate in _iter_elements(message.get("blocks") or []):
                if candidate.get("action_id") == action_id:
                    element = candidate
                    block_id = block_id or found_block_id
                    break
        if message is None:
            message = {
                "type": "message",
                "ts": message_ts or api.next_ts(),
                "user": api.bot_user_id,
                "bot_id": api.bot_id,
                "app_id": api.app_id,
                "team": api.team_id,
                "text": "",
                "blocks": [],
            }
            if thread_ts is not None:
                message["thread_ts"] = thread_ts
        message.pop("channel", None)
        ts = str(message["ts"])
        thread_ts = thread_ts or message.get("thread_ts")
        if value is None and "value" in element:
            value = str(element["value"])
        action: Json = {
            "action_id": action_id,
            "block_id": block_id or f"blk{next(self._block_ids)}",
            "text": element.get("text") or {"type": "plain_text", "text": action_id, "emoji": True},
            "type": element.get("type", "button"),
            "action_ts": api.next_ts(),
        }
        if value is not None:
            action["value"] = value
        container: Json = {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
        if thread_ts is not None:
            container["thread_ts"] = thread_ts
        return {
            "type": "block_actions",
            "user": self._user(user_id, user_name, team_id),
            "api_app_id": api.app_id,
            "token": api.verification_token,
            "container": container,
            "trigger_id": api.new_trigger_id(user_id),
            "team": self._team(team_id),
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel_id, "name": str(channel.get("name") or "directmessage")},
            "message": message,
            "state": {"values": {}},
            "response_url": api.response_url(channel=channel_id, user=user_id, message_ts=ts),
            "actions": [action],
        }

    def view_submission(
        self,
        callback_id: str,
        values: Mapping[str, Mapping[str, str | Mapping[str, Any]]],
        *,
        private_metadata: str | None = None,
        user_id: str = "U1",
        user_name: str | None = None,
        view_id: str | None = None,
        team_id: str | None = None,
    ) -> Json:
        """A ``view_submission`` payload.

        ``values`` maps block_id -> action_id -> value; a plain string becomes a ``plain_text_input``
        state, a mapping is used verbatim (e.g. ``{"type": "static_select", "selected_option": ...}``).
        With ``view_id`` of a view opened through ``views.open``, its blocks, title and metadata are used.
        """
        api = self._api
        stored = api.view(view_id) if view_id is not None else None
        new_id = view_id or f"V{api.next_id()}"
        view: Json = (
            copy.deepcopy(stored)
            if stored is not None
            else {
                "id": new_id,
                "team_id": team_id or api.team_id,
                "type": "modal",
                "blocks": [],
                "private_metadata": "",
                "callback_id": callback_id,
                "title": {"type": "plain_text", "text": "Modal", "emoji": True},
                "clear_on_close": False,
                "notify_on_close": False,
                "close": None,
                "submit": {"type": "plain_text", "text": "Submit", "emoji": True},
                "previous_view_id": None,
                "root_view_id": new_id,
                "app_id": api.app_id,
                "external_id": "",
                "app_installed_team_id": team_id or api.team_id,
                "bot_id": api.bot_id,
                "hash": f"{int(api.now())}.{secrets.token_hex(4)}",
            }
        )
        view["callback_id"] = callback_id
        if private_metadata is not None:
            view["private_metadata"] = private_metadata
        state: Json = {}
        for block_id, actions in values.items():
            state[block_id] = {}
            for action_id, value in actions.items():
                if isinstance(value, str):
                    state[block_id][action_id] = {"type": "plain_text_input", "value": value}
                else:
                    state[block_id][action_id] = dict(value)
        view["state"] = {"values": state}
        return {
            "type": "view_submission",
            "team": self._team(team_id),
            "user": self._user(user_id, user_name, team_id),
            "api_app_id": api.app_id,
            "token": api.verification_token,
            "trigger_id": api.new_trigger_id(user_id),
            "view": view,
            "response_urls": [],
            "is_enterprise_install": False,
            "enterprise": None,
        }

    def event_callback(self, event: Mapping[str, Any], *, event_id: str | None = None) -> Json:
        """The ``event_callback`` envelope Slack wraps every Events API event in."""
        api = self._api
        return {
            "token": api.verification_token,
            "team_id": api.team_id,
            "context_team_id": api.team_id,
            "context_enterprise_id": None,
            "api_app_id": api.app_id,
            "event": dict(event),
            "type": "event_callback",
            "event_id": event_id or f"Ev{api.next_id()}",
            "event_time": int(api.now()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": api.team_id,
                    "user_id": api.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{secrets.token_urlsafe(24)}",
        }

    def _user_message(
        self,
        event_type: str,
        text: str,
        *,
        user_id: str,
        channel_id: str,
        ts: str | None,
        thread_ts: str | None,
    ) -> Json:
        api = self._api
        api.ensure_user(user_id)
        api.ensure_channel(channel_id)
        ts = ts or api.next_ts()
        event: Json = {
            "client_msg_id": str(uuid.uuid4()),
            "type": event_type,
            "text": text,
            "user": user_id,
            "ts": ts,
            "blocks": _rich_text(text, f"b{next(self._block_ids)}"),
            "team": api.team_id,
        }
        if thread_ts is not None:
            event["thread_ts"] = thread_ts
        event["channel"] = channel_id
        event["event_ts"] = ts
        return event

    def app_mention(
        self,
        text: str,
        *,
        user_id: str = "U1",
        channel_id: str = "C1",
        ts: str | None = None,
        thread_ts: str | None = None,
    ) -> Json:
        """An ``app_mention`` event; ``<@BOT>`` is prepended to ``text`` unless it mentions the bot."""
        mention = f"<@{self._api.bot_user_id}>"
        if mention not in text:
            text = f"{mention} {text}".rstrip()
        return self._user_message(
            "app_mention", text, user_id=user_id, channel_id=channel_id, ts=ts, thread_ts=thread_ts
        )

    def message(
        self,
        text: str,
        *,
        user_id: str = "U1",
        channel_id: str = "C1",
        ts: str | None = None,
        thread_ts: str | None = None,
        channel_type: str | None = None,
        parent_user_id: str | None = None,
    ) -> Json:
        """A plain user ``message`` event (``channel_type`` guessed from the channel id prefix)."""
        event = self._user_message("message", text, user_id=user_id, channel_id=channel_id, ts=ts, thread_ts=thread_ts)
        if thread_ts is not None:
            event["parent_user_id"] = parent_user_id or self._api.bot_user_id
        if channel_type is None:
            channel_type = {"D": "im", "G": "mpim"}.get(channel_id[:1], "channel")
        event["channel_type"] = channel_type
        return event


class FakeSlackApi:
    """Slack's Web API, response_url endpoints and Socket Mode on 127.0.0.1 (random port).

    Reading back what happened:

    * :meth:`calls` -- every Web API call as ``{"kind": "api", "method", "params", "token", "time",
      "http_method", "content_type", "status", "response"}`` (``params`` merged from query, form and JSON
      bodies; ``blocks``/``attachments``/``view``/``metadata`` JSON strings decoded).
    * :meth:`response_posts` -- every POST to a response_url as ``{"kind": "response_url", "id", "url",
      "response_type", "replace_original", "delete_original", "text", "blocks", "thread_ts", "body",
      "status", "time"}``.
    * :meth:`messages`, :meth:`message`, :meth:`ephemerals`, :meth:`view`, :attr:`views`,
      :meth:`reactions` -- the state those calls produced (only messages the app posted are stored).
    * :attr:`socket_acks` -- what Socket Mode clients sent back carrying an ``envelope_id``.
    * :meth:`wait_for` -- wait until a condition holds; wakes on every change, never sleeps blindly.
    """

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-test",
        app_token: str = "xapp-test",
        team_id: str = "T0001",
        team_domain: str = "practice",
        team_name: str = "Practice",
        bot_user_id: str = "U0BOT",
        bot_user_name: str = "practice-partner",
        bot_id: str = "B0BOT",
        app_id: str = "A0APP",
        verification_token: str = "verification-token",
        now: Callable[[], float] = time.time,
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = team_id
        self.team_domain = team_domain
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_user_name = bot_user_name
        self.bot_id = bot_id
        self.app_id = app_id
        self.verification_token = verification_token
        self.now = now
        self.payloads = SlackPayloads(self)

        self._records: list[Record] = []
        self._messages: dict[str, list[Json]] = {}
        self._ephemerals: list[Json] = []
        self._views: dict[str, Json] = {}
        self._users: dict[str, Json] = {}
        self._channels: dict[str, Json] = {}
        self._dms: dict[tuple[str, ...], str] = {}
        self._reactions: dict[tuple[str, str], list[Json]] = {}
        self._rate_limits: dict[str, deque[int]] = {}
        self._failures: dict[str, deque[str]] = {}
        self._response_urls: dict[str, Json] = {}
        self._triggers: dict[str, Json] = {}
        self._tickets: set[str] = set()
        self._ids = itertools.count(1)
        self._ts_seq = itertools.count(1)

        self._sockets: list[web.WebSocketResponse] = []
        self.socket_acks: list[Json] = []
        self.socket_received: list[Any] = []
        self.socket_pings: list[bytes] = []
        self.socket_pongs: list[bytes] = []
        self.socket_connections_total = 0

        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._methods: dict[str, Callable[[Json], Json]] = {
            "api.test": self._api_test,
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "conversations.open": self._conversations_open,
            "conversations.info": self._conversations_info,
            "views.open": self._views_open,
            "views.update": self._views_update,
            "users.info": self._users_info,
            "reactions.add": self._reactions_add,
            "apps.connections.open": self._apps_connections_open,
        }
        self.add_user(bot_user_id, bot_user_name, is_bot=True)

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response_url/{rid}", self._handle_response_url)
        app.router.add_get("/socket", self._handle_socket)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Close Socket Mode connections, then the server. Close Socket Mode clients first,
        or they will try to reconnect to a server that is gone."""
        await self.socket_close(code=WSCloseCode.GOING_AWAY)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeSlackApi is not started; await api.start() first")
        return self._port

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What ``AsyncWebClient(base_url=...)`` takes."""
        return f"{self.root_url}/api/"

    # ------------------------------------------------------------------ setup helpers

    def next_id(self) -> str:
        return f"{next(self._ids):08d}"

    def next_ts(self) -> str:
        """A fresh, strictly increasing Slack message timestamp like ``1700000000.000042``."""
        return f"{int(self.now())}.{next(self._ts_seq):06d}"

    def add_user(
        self,
        user_id: str,
        name: str | None = None,
        *,
        real_name: str | None = None,
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        deleted: bool = False,
        tz: str = "UTC",
    ) -> Json:
        name = name or user_id.lower()
        user: Json = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": deleted,
            "real_name": real_name or name,
            "tz": tz,
            "tz_label": tz,
            "tz_offset": 0,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": is_bot,
            "is_app_user": False,
            "updated": int(self.now()),
            "profile": {
                "real_name": real_name or name,
                "display_name": name,
                "real_name_normalized": real_name or name,
                "display_name_normalized": name,
                "team": self.team_id,
            },
        }
        if is_bot:
            user["profile"]["bot_id"] = self.bot_id
        self._users[user_id] = user
        return user

    def ensure_user(self, user_id: str, name: str | None = None) -> Json:
        """The user, registered with defaults if unknown (never overwrites :meth:`add_user`)."""
        return self._users.get(user_id) or self.add_user(user_id, name)

    def add_channel(
        self, channel_id: str, name: str | None = None, *, is_private: bool = False, is_member: bool = True
    ) -> Json:
        name = name or f"channel-{channel_id.lower()}"
        channel: Json = {
            "id": channel_id,
            "name": name,
            "is_channel": not is_private,
            "is_group": is_private,
            "is_im": False,
            "is_mpim": False,
            "is_private": is_private,
            "is_archived": False,
            "is_general": False,
            "is_shared": False,
            "is_org_shared": False,
            "is_member": is_member,
            "created": int(self.now()),
            "creator": self.bot_user_id,
            "name_normalized": name,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
            "context_team_id": self.team_id,
        }
        self._channels[channel_id] = channel
        return channel

    def ensure_channel(self, channel_id: str, name: str | None = None) -> Json:
        """The channel, registered with defaults if unknown (ids starting with D become DMs)."""
        if channel_id in self._channels:
            return self._channels[channel_id]
        if channel_id.startswith("D"):
            return self._register_im(channel_id, "")
        return self.add_channel(channel_id, name, is_private=channel_id.startswith("G"))

    def _register_im(self, channel_id: str, user_id: str) -> Json:
        channel: Json = {
            "id": channel_id,
            "created": int(self.now()),
            "is_im": True,
            "is_org_shared": False,
            "context_team_id": self.team_id,
            "user": user_id,
            "is_user_deleted": False,
            "priority": 0,
        }
        self._channels[channel_id] = channel
        return channel

    def rate_limit_next(self, method: str, retry_after: int = 1, *, times: int = 1) -> None:
        """The next ``times`` calls to ``method`` answer HTTP 429 with ``Retry-After: retry_after``."""
        self._rate_limits.setdefault(method, deque()).extend([retry_after] * times)

    def fail_next(self, method: str, error: str, *, times: int = 1) -> None:
        """The next ``times`` calls to ``method`` answer ``{"ok": false, "error": error}``."""
        self._failures.setdefault(method, deque()).extend([error] * times)

    def response_url(
        self,
        id: str | None = None,
        *,
        channel: str | None = None,
        user: str | None = None,
        message_ts: str | None = None,
    ) -> str:
        """A response_url served here. With ``channel`` (and ``user``/``message_ts``), POSTs to it
        also act like Slack: ``in_channel`` posts a message, ``ephemeral`` an ephemeral one,
        ``replace_original``/``delete_original`` edit or delete the message at ``message_ts``."""
        rid = id or secrets.token_hex(8)
        context = self._response_urls.setdefault(rid, {})
        context.update({k: v for k, v in (("channel", channel), ("user", user), ("message_ts", message_ts)) if v})
        return f"{self.root_url}/response_url/{rid}"

    def new_trigger_id(self, user_id: str | None = None) -> str:
        trigger_id = f"{next(self._ids)}.{abs(hash(self.team_id)) % 10**13}.{secrets.token_hex(16)}"
        self._triggers[trigger_id] = {"issued": self.now(), "used": False, "user": user_id}
        return trigger_id

    # ------------------------------------------------------------------ reading back

    @property
    def records(self) -> list[Record]:
        """Everything recorded, in order (API calls and response_url posts)."""
        return list(self._records)

    def calls(self, method: str | None = None) -> list[Record]:
        return [r for r in self._records if r["kind"] == "api" and method in (None, r["method"])]

    def response_posts(self, id: str | None = None) -> list[Record]:
        return [r for r in self._records if r["kind"] == "response_url" and id in (None, r["id"])]

    def messages(self, channel: str, thread_ts: str | None = None) -> list[Json]:
        """Messages the app posted in ``channel``: top-level ones (thread parents included), or with
        ``thread_ts`` the replies in that thread. Copies, oldest first."""
        stored = self._messages.get(channel, [])
        if thread_ts is None:
            chosen = [m for m in stored if m.get("thread_ts") in (None, m["ts"])]
        else:
            chosen = [m for m in stored if m.get("thread_ts") == thread_ts and m["ts"] != thread_ts]
        return copy.deepcopy(chosen)

    def message(self, channel: str, ts: str) -> Json | None:
        found = self._find_message(channel, ts)
        return copy.deepcopy(found) if found is not None else None

    def find_message_with_action(self, channel: str, action_id: str) -> Json | None:
        """The newest stored message in ``channel`` with an interactive element ``action_id``."""
        for message in reversed(self._messages.get(channel, [])):
            if any(e.get("action_id") == action_id for _, e in _iter_elements(message.get("blocks") or [])):
                return copy.deepcopy(message)
        return None

    def ephemerals(self, channel: str | None = None, user: str | None = None) -> list[Json]:
        return copy.deepcopy(
            [e for e in self._ephemerals if channel in (None, e["channel"]) and user in (None, e["user"])]
        )

    @property
    def views(self) -> list[Json]:
        return copy.deepcopy(list(self._views.values()))

    def view(self, view_id: str) -> Json | None:
        found = self._views.get(view_id)
        return copy.deepcopy(found) if found is not None else None

    def reactions(self, channel: str, ts: str) -> list[str]:
        return [r["name"] for r in self._reactions.get((channel, ts), [])]

    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109 - the interface the brief asks for
    ) -> T:
        """Return ``predicate()`` as soon as it is truthy; wake on every recorded change (and every
        20 ms, for conditions outside the stand-in). Raises ``TimeoutError`` listing recent calls."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [f"{r.get('method', r['kind'])} -> {r.get('status')}" for r in self._records[-10:]]
                raise TimeoutError(f"condition not met within {timeout}s; recent calls: {recent}")
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout=min(remaining, 0.02))

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _record(self, record: Record) -> None:
        self._records.append(record)
        self._notify()

    # ------------------------------------------------------------------ Web API

    async def _read_params(self, request: web.Request) -> Json:
        params: Json = dict(request.query)
        if request.body_exists:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    params.update(body)
            elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for key, value in form.items():
                    filename = getattr(value, "filename", "")
                    params[key] = value if isinstance(value, str) else f"<file {filename}>"
            else:
                params["_raw_body"] = await request.text()
        for key in JSON_PARAMS:
            if isinstance(params.get(key), str):
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(params[key])
        return params

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._read_params(request)
        token: str | None = None
        authorization = request.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            token = authorization.removeprefix("Bearer ").strip()
        form_token = params.pop("token", None)
        token = token or (str(form_token) if form_token else None)
        record: Record = {
            "kind": "api",
            "method": method,
            "params": params,
            "token": token,
            "time": self.now(),
            "http_method": request.method,
            "content_type": request.content_type,
        }
        status, body, headers = self._dispatch(method, params, token)
        record.update(status=status, response=body)
        self._record(record)
        return web.json_response(body, status=status, headers=headers)

    def _dispatch(self, method: str, params: Json, token: str | None) -> tuple[int, Json, dict[str, str]]:
        implementation = self._methods.get(method)
        if implementation is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        auth_error = self._check_token(method, token)
        if auth_error is not None:
            return 200, {"ok": False, "error": auth_error}, {}
        limits = self._rate_limits.get(method)
        if limits:
            retry_after = limits.popleft()
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)}
        failures = self._failures.get(method)
        if failures:
            return 200, {"ok": False, "error": failures.popleft()}, {}
        try:
            return 200, {"ok": True, **implementation(params)}, {}
        except SlackApiFailure as failure:
            return 200, {"ok": False, "error": failure.error, **failure.extra}, {}

    def _check_token(self, method: str, token: str | None) -> str | None:
        if not token:
            return "not_authed"
        if method == "api.test":
            return None
        wanted = self.app_token if method == "apps.connections.open" else self.bot_token
        if token == wanted:
            return None
        if token in (self.app_token, self.bot_token):
            return "not_allowed_token_type"
        return "invalid_auth"

    @staticmethod
    def _required(params: Json, *names: str, error: str = "invalid_arguments") -> None:
        for name in names:
            if not params.get(name):
                raise SlackApiFailure(error)

    def _api_test(self, params: Json) -> Json:
        return {"args": params}

    def _auth_test(self, params: Json) -> Json:
        return {
            "url": f"https://{self.team_domain}.slack.com/",
            "team": self.team_name,
            "user": self.bot_user_name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _resolve_channel(self, params: Json) -> str:
        raw = params.get("channel")
        if not raw:
            raise SlackApiFailure("channel_not_found")
        channel = str(raw)
        if channel.startswith("#"):
            for known in self._channels.values():
                if known.get("name") == channel[1:]:
                    return str(known["id"])
            raise SlackApiFailure("channel_not_found")
        if channel[:1] in ("U", "W"):  # posting to a user id goes to the DM with them
            return self._open_conversation([channel])
        return channel

    def _find_message(self, channel: str, ts: str) -> Json | None:
        for message in self._messages.get(channel, []):
            if message["ts"] == ts:
                return message
        return None

    @staticmethod
    def _has_content(params: Json) -> bool:
        return any(params.get(k) for k in ("text", "blocks", "attachments", "markdown_text"))

    def _store_message(self, channel: str, params: Json) -> Json:
        ts = self.next_ts()
        message: Json = {
            "type": "message",
            "subtype": "bot_message",
            "text": str(params.get("text") or params.get("markdown_text") or ""),
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "ts": ts,
        }
        for key in ("blocks", "attachments", "metadata"):
            if params.get(key):
                message[key] = params[key]
        thread_ts = params.get("thread_ts")
        if thread_ts:
            message["thread_ts"] = str(thread_ts)
            parent = self._find_message(channel, str(thread_ts))
            if parent is not None:
                parent["thread_ts"] = parent["ts"]
                parent["reply_count"] = int(parent.get("reply_count", 0)) + 1
                parent["latest_reply"] = ts
        self._messages.setdefault(channel, []).append({**message, "channel": channel})
        return message

    def _chat_post_message(self, params: Json) -> Json:
        channel = self._resolve_channel(params)
        if not self._has_content(params):
            raise SlackApiFailure("no_text")
        message = self._store_message(channel, params)
        return {"channel": channel, "ts": message["ts"], "message": message}

    def _chat_post_ephemeral(self, params: Json) -> Json:
        channel = self._resolve_channel(params)
        self._required(params, "user", error="user_not_in_channel")
        if not self._has_content(params):
            raise SlackApiFailure("no_text")
        ts = self.next_ts()
        ephemeral: Json = {
            "channel": channel,
            "user": str(params["user"]),
            "ts": ts,
            "text": str(params.get("text") or ""),
        }
        for key in ("blocks", "attachments", "thread_ts"):
            if params.get(key):
                ephemeral[key] = params[key]
        self._ephemerals.append(ephemeral)
        return {"message_ts": ts}

    def _chat_update(self, params: Json) -> Json:
        channel = self._resolve_channel(params)
        self._required(params, "ts", error="message_not_found")
        message = self._find_message(channel, str(params["ts"]))
        if message is None:
            raise SlackApiFailure("message_not_found")
        if message.get("bot_id") != self.bot_id:
            raise SlackApiFailure("cant_update_message")
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in params:
                message[key] = params[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self.next_ts()}
        shown = {k: v for k, v in message.items() if k != "channel"}
        return {"channel": channel, "ts": message["ts"], "text": message.get("text", ""), "message": shown}

    def _chat_delete(self, params: Json) -> Json:
        channel = self._resolve_channel(params)
        self._required(params, "ts", error="message_not_found")
        message = self._find_message(channel, str(params["ts"]))
        if message is None:
            raise SlackApiFailure("message_not_found")
        self._messages[channel].remove(message)
        return {"channel": channel, "ts": message["ts"]}

    def _open_conversation(self, users: list[str]) -> str:
        members = tuple(sorted(set(users)))
        if members not in self._dms:
            if len(members) == 1:
                channel_id = f"D{self.next_id()}"
                self._register_im(channel_id, members[0])
            else:
                channel_id = f"G{self.next_id()}"
                names = [self.ensure_user(u)["name"] for u in members]
                channel = self.add_channel(channel_id, f"mpdm-{'--'.join(names)}-1", is_private=True)
                channel.update(is_mpim=True, is_group=True, is_channel=False)
            self._dms[members] = channel_id
        return self._dms[members]

    def _conversations_open(self, params: Json) -> Json:
        if params.get("channel"):
            channel_id = str(params["channel"])
            if channel_id not in self._channels:
                raise SlackApiFailure("channel_not_found")
            return {"no_op": True, "already_open": True, "channel": {"id": channel_id}}
        raw = params.get("users")
        users = raw if isinstance(raw, list) else [u for u in str(raw or "").split(",") if u]
        if not users:
            raise SlackApiFailure("users_list_not_supplied")
        if len(users) > 8:
            raise SlackApiFailure("too_many_users")
        for user in users:
            if user not in self._users:
                raise SlackApiFailure("user_not_found")
        members = tuple(sorted(set(users)))
        already = members in self._dms
        channel_id = self._open_conversation(list(members))
        channel: Json = {"id": channel_id}
        if _truthy(params.get("return_im")):
            channel = copy.deepcopy(self._channels[channel_id])
        return {"no_op": already, "already_open": already, "channel": channel}

    def _conversations_info(self, params: Json) -> Json:
        channel = self._channels.get(str(params.get("channel") or ""))
        if channel is None:
            raise SlackApiFailure("channel_not_found")
        return {"channel": copy.deepcopy(channel)}

    def _users_info(self, params: Json) -> Json:
        user = self._users.get(str(params.get("user") or ""))
        if user is None:
            raise SlackApiFailure("user_not_found")
        return {"user": copy.deepcopy(user)}

    def _reactions_add(self, params: Json) -> Json:
        self._required(params, "channel", "timestamp", error="no_item_specified")
        self._required(params, "name", error="invalid_name")
        key = (str(params["channel"]), str(params["timestamp"]))
        name = str(params["name"]).strip(":")
        existing = self._reactions.setdefault(key, [])
        if any(r["name"] == name for r in existing):
            raise SlackApiFailure("already_reacted")
        existing.append({"name": name, "user": self.bot_user_id})
        return {}

    def _parse_view(self, params: Json) -> Json:
        view = params.get("view")
        if not isinstance(view, dict) or not view.get("type"):
            raise SlackApiFailure("invalid_arguments")
        return view

    def _views_open(self, params: Json) -> Json:
        trigger_id = str(params.get("trigger_id") or "")
        view = self._parse_view(params)
        trigger = self._triggers.get(trigger_id)
        if not trigger_id:
            raise SlackApiFailure("invalid_arguments")
        if trigger is None:
            raise SlackApiFailure("invalid_trigger_id")
        if trigger["used"]:
            raise SlackApiFailure("exchanged_trigger_id")
        if self.now() - float(trigger["issued"]) > TRIGGER_TTL_SECONDS:
            raise SlackApiFailure("expired_trigger_id")
        trigger["used"] = True
        view_id = f"V{self.next_id()}"
        stored: Json = {
            "id": view_id,
            "team_id": self.team_id,
            "type": view["type"],
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{int(self.now())}.{secrets.token_hex(4)}",
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": self.app_id,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
            "user_id": trigger["user"],
        }
        self._views[view_id] = stored
        return {"view": copy.deepcopy(stored)}

    def _views_update(self, params: Json) -> Json:
        view = self._parse_view(params)
        stored: Json | None = None
        if params.get("view_id"):
            stored = self._views.get(str(params["view_id"]))
        elif params.get("external_id"):
            external_id = params["external_id"]
            stored = next((v for v in self._views.values() if v["external_id"] == external_id), None)
        else:
            raise SlackApiFailure("invalid_arguments")
        if stored is None:
            raise SlackApiFailure("not_found")
        if params.get("hash") and params["hash"] != stored["hash"]:
            raise SlackApiFailure("hash_conflict")
        for key in ("type", "blocks", "private_metadata", "callback_id", "title", "close", "submit"):
            if key in view:
                stored[key] = view[key]
        stored["hash"] = f"{int(self.now())}.{secrets.token_hex(4)}"
        return {"view": copy.deepcopy(stored)}

    def _apps_connections_open(self, params: Json) -> Json:
        ticket = secrets.token_hex(12)
        self._tickets.add(ticket)
        return {"url": f"ws://127.0.0.1:{self.port}/socket?ticket={ticket}&app_id={self.app_id}"}

    # ------------------------------------------------------------------ response_url

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        rid = request.match_info["rid"]
        raw = await request.text()
        try:
            body: Any = json.loads(raw) if raw else {}
        except ValueError:
            body = None
        record: Record = {
            "kind": "response_url",
            "id": rid,
            "url": str(request.url),
            "time": self.now(),
            "body": body,
            "response_type": None,
            "replace_original": False,
            "delete_original": False,
            "text": None,
            "blocks": None,
            "thread_ts": None,
        }
        status, answer = 200, "ok"
        if rid not in self._response_urls:
            status, answer = 404, "invalid_url"
        elif not isinstance(body, dict):
            status, answer = 400, "invalid_payload"
        else:
            record.update(
                response_type=body.get("response_type") or "ephemeral",
                replace_original=_truthy(body.get("replace_original", False)),
                delete_original=_truthy(body.get("delete_original", False)),
                text=body.get("text"),
                blocks=body.get("blocks"),
                thread_ts=body.get("thread_ts"),
            )
            if not (record["delete_original"] or self._has_content(body)):
                status, answer = 400, "no_text"
            else:
                self._apply_response(self._response_urls[rid], record, body)
        record["status"] = status
        self._record(record)
        return web.Response(status=status, text=answer, content_type="text/plain")

    def _apply_response(self, context: Json, record: Record, body: Json) -> None:
        channel, user, message_ts = context.get("channel"), context.get("user"), context.get("message_ts")
        if channel is None:
            return
        original = self._find_message(channel, message_ts) if message_ts else None
        if record["delete_original"]:
            if original is not None:
                self._messages[channel].remove(original)
        elif record["replace_original"] and original is not None:
            for key in ("text", "blocks", "attachments"):
                if key in body:
                    original[key] = body[key]
        elif record["response_type"] == "in_channel":
            self._store_message(channel, body)
        else:
            ephemeral: Json = {"channel": channel, "user": user or "", "ts": self.next_ts()}
            keys = ("text", "blocks", "attachments", "thread_ts")
            ephemeral.update({k: body[k] for k in keys if k in body})
            self._ephemerals.append(ephemeral)

    # ------------------------------------------------------------------ Socket Mode

    async def _handle_socket(self, request: web.Request) -> web.StreamResponse:
        if request.query.get("ticket") not in self._tickets:
            return web.Response(status=401, text="invalid ticket")
        ws = web.WebSocketResponse(autoping=False, timeout=2.0)
        await ws.prepare(request)
        self._sockets.append(ws)
        self.socket_connections_total += 1
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": len(self._sockets),
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 3600,
                },
                "connection_info": {"app_id": self.app_id},
            }
        )
        self._notify()
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    try:
                        data: Any = json.loads(message.data)
                    except ValueError:
                        data = message.data
                    self.socket_received.append(data)
                    if isinstance(data, dict) and "envelope_id" in data:
                        self.socket_acks.append(data)
                elif message.type == WSMsgType.PING:
                    self.socket_pings.append(bytes(message.data))
                    await ws.pong(message.data)
                elif message.type == WSMsgType.PONG:
                    self.socket_pongs.append(bytes(message.data))
                elif message.type == WSMsgType.ERROR:
                    break
                self._notify()
        finally:
            if ws in self._sockets:
                self._sockets.remove(ws)
            self._notify()
        return ws

    @property
    def socket_connected(self) -> int:
        """How many Socket Mode connections are open right now."""
        return len(self._sockets)

    async def _socket(self, timeout: float) -> web.WebSocketResponse:  # noqa: ASYNC109
        await self.wait_for(lambda: self._sockets, timeout=timeout)
        return self._sockets[-1]

    async def socket_send(self, envelope: Json, *, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Send a raw frame on the newest connection, waiting up to ``timeout`` for one to exist."""
        ws = await self._socket(timeout)
        await ws.send_str(json.dumps(envelope))

    async def _send_envelope(self, kind: str, payload: Json, *, accepts_response_payload: bool, **extra: Any) -> str:
        envelope_id = str(uuid.uuid4())
        envelope: Json = {"envelope_id": envelope_id, "payload": payload, "type": kind}
        envelope["accepts_response_payload"] = accepts_response_payload
        envelope.update(extra)
        await self.socket_send(envelope)
        return envelope_id

    async def socket_send_slash_command(self, command: str, text: str = "", **options: Any) -> str:
        """Push a ``slash_commands`` envelope (options as :meth:`SlackPayloads.slash_command`);
        returns its envelope_id."""
        payload: Json = dict(self.payloads.slash_command(command, text, **options))
        return await self._send_envelope("slash_commands", payload, accepts_response_payload=True)

    async def socket_send_event(
        self,
        event: Mapping[str, Any],
        *,
        event_id: str | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> str:
        """Push an ``events_api`` envelope wrapping ``event``; returns its envelope_id."""
        payload = self.payloads.event_callback(event, event_id=event_id)
        return await self._send_envelope(
            "events_api",
            payload,
            accepts_response_payload=False,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
        )

    async def socket_send_interactive(self, payload: Mapping[str, Any]) -> str:
        """Push an ``interactive`` envelope (build ``payload`` with ``api.payloads.block_actions`` or
        ``api.payloads.view_submission``); returns its envelope_id."""
        accepts = payload.get("type") in ("view_submission", "block_suggestion")
        return await self._send_envelope("interactive", dict(payload), accepts_response_payload=accepts)

    async def wait_for_ack(
        self,
        envelope_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> Json:
        """The client's ack for ``envelope_id`` (``{"envelope_id": ..., "payload"?: ...}``)."""

        def ack() -> Json | None:
            return next((a for a in self.socket_acks if a.get("envelope_id") == envelope_id), None)

        found = await self.wait_for(ack, timeout=timeout)
        assert found is not None
        return found

    async def socket_disconnect(self, reason: str = "refresh_requested") -> None:
        """Send Slack's ``disconnect`` message; slack_sdk clients reconnect via apps.connections.open."""
        await self.socket_send({"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}})

    async def socket_ping(self, data: bytes = b"fake-slack-ping") -> None:
        """Send a websocket ping; the client's pong lands in :attr:`socket_pongs`."""
        ws = await self._socket(5.0)
        await ws.ping(data)

    async def socket_close(self, code: int = WSCloseCode.GOING_AWAY) -> None:
        """Close every open Socket Mode connection from the server side."""
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await ws.close(code=code, message=b"closed by fake slack")


class SlackResponse(tuple[int, str]):
    """``(status, body)`` of the app's answer; ``.payload`` is what was sent (decoded), ``.headers``
    the request headers used."""

    payload: Json
    headers: dict[str, str]

    def __new__(cls, status: int, body: str, *, payload: Json, headers: dict[str, str]) -> SlackResponse:
        response = super().__new__(cls, (status, body))
        response.payload = payload
        response.headers = headers
        return response

    @property
    def status(self) -> int:
        return self[0]

    @property
    def body(self) -> str:
        return self[1]

    def json(self) -> Any:
        return json.loads(self[1])


class SlackRequests:
    """Sends signed requests to an app's HTTP endpoint exactly as Slack does.

    Every method accepts ``bad_signature=True`` (signed with the wrong secret) and ``age=N``
    (timestamp N seconds in the past, relative to the injectable ``now``).
    """

    def __init__(
        self,
        *,
        app_url: str,
        signing_secret: str,
        api: FakeSlackApi,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.app_url = app_url
        self.signing_secret = signing_secret
        self.api = api
        self.now = now

    def sign(self, body: str, timestamp: str) -> str:
        return slack_signature(self.signing_secret, timestamp, body)

    async def send(
        self,
        body: str,
        *,
        content_type: str,
        payload: Json | None = None,
        extra_headers: Mapping[str, str] | None = None,
        bad_signature: bool = False,
        age: float = 0.0,
    ) -> SlackResponse:
        """POST ``body`` signed; the lower-level door for payloads the helpers do not build."""
        timestamp = str(int(self.now() - age))
        secret = self.signing_secret + "-wrong" if bad_signature else self.signing_secret
        headers = {
            "Content-Type": content_type,
            "Accept": "application/json,*/*",
            "User-Agent": SLACKBOT_USER_AGENT,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": slack_signature(secret, timestamp, body),
        }
        headers.update(extra_headers or {})
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.app_url, data=body.encode(), headers=headers) as response,
        ):
            text = await response.text()
            return SlackResponse(response.status, text, payload=payload or {}, headers=headers)

    async def _form(
        self, fields: Mapping[str, str], payload: Json, *, bad_signature: bool, age: float
    ) -> SlackResponse:
        return await self.send(
            urlencode(fields),
            content_type="application/x-www-form-urlencoded",
            payload=payload,
            bad_signature=bad_signature,
            age=age,
        )

    async def interactive(
        self, payload: Mapping[str, Any], *, bad_signature: bool = False, age: float = 0.0
    ) -> SlackResponse:
        """Any interactivity payload, form-encoded as ``payload=<json>``."""
        body = dict(payload)
        return await self._form({"payload": slack_json(body)}, body, bad_signature=bad_signature, age=age)

    async def slash_command(
        self,
        command: str,
        text: str = "",
        *,
        user_id: str = "U1",
        user_name: str | None = None,
        channel_id: str = "C1",
        channel_name: str | None = None,
        team_id: str | None = None,
        bad_signature: bool = False,
        age: float = 0.0,
    ) -> SlackResponse:
        fields = self.api.payloads.slash_command(
            command,
            text,
            user_id=user_id,
            user_name=user_name,
            channel_id=channel_id,
            channel_name=channel_name,
            team_id=team_id,
        )
        return await self._form(fields, dict(fields), bad_signature=bad_signature, age=age)

    async def button(
        self,
        action_id: str,
        value: str | None = None,
        *,
        user_id: str = "U1",
        user_name: str | None = None,
        channel_id: str = "C1",
        message_ts: str | None = None,
        thread_ts: str | None = None,
        block_id: str | None = None,
        bad_signature: bool = False,
        age: float = 0.0,
    ) -> SlackResponse:
        payload = self.api.payloads.block_actions(
            action_id,
            value,
            user_id=user_id,
            user_name=user_name,
            channel_id=channel_id,
            message_ts=message_ts,
            thread_ts=thread_ts,
            block_id=block_id,
        )
        return await self.interactive(payload, bad_signature=bad_signature, age=age)

    async def view_submission(
        self,
        callback_id: str,
        values: Mapping[str, Mapping[str, str | Mapping[str, Any]]],
        *,
        private_metadata: str | None = None,
        user_id: str = "U1",
        user_name: str | None = None,
        view_id: str | None = None,
        bad_signature: bool = False,
        age: float = 0.0,
    ) -> SlackResponse:
        payload = self.api.payloads.view_submission(
            callback_id,
            values,
            private_metadata=private_metadata,
            user_id=user_id,
            user_name=user_name,
            view_id=view_id,
        )
        return await self.interactive(payload, bad_signature=bad_signature, age=age)

    async def event(
        self,
        event: Mapping[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        bad_signature: bool = False,
        age: float = 0.0,
    ) -> SlackResponse:
        """An Events API delivery. ``retry_num`` adds ``X-Slack-Retry-Num`` / ``X-Slack-Retry-Reason``
        (reason defaults to ``http_timeout``); reuse ``event_id`` to model a retry of the same event."""
        envelope = self.api.payloads.event_callback(event, event_id=event_id)
        headers: dict[str, str] = {}
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
        return await self.send(
            slack_json(envelope),
            content_type="application/json",
            payload=envelope,
            extra_headers=headers,
            bad_signature=bad_signature,
            age=age,
        )

    async def app_mention(
        self,
        text: str,
        *,
        user_id: str = "U1",
        channel_id: str = "C1",
        ts: str | None = None,
        thread_ts: str | None = None,
        event_id: str | None = None,
        bad_signature: bool = False,
        age: float = 0.0,
    ) -> SlackResponse:
        event = self.api.payloads.app_mention(text, user_id=user_id, channel_id=channel_id, ts=ts, thread_ts=thread_ts)
        return await self.event(event, event_id=event_id, bad_signature=bad_signature, age=age)

    async def message(
        self,
        text: str,
        *,
        user_id: str = "U1",
        channel_id: str = "C1",
        ts: str | None = None,
        thread_ts: str | None = None,
        channel_type: str | None = None,
        event_id: str | None = None,
        bad_signature: bool = False,
        age: float = 0.0,
    ) -> SlackResponse:
        event = self.api.payloads.message(
            text,
            user_id=user_id,
            channel_id=channel_id,
            ts=ts,
            thread_ts=thread_ts,
            channel_type=channel_type,
        )
        return await self.event(event, event_id=event_id, bad_signature=bad_signature, age=age)
