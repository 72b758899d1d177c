"""The Slack stand-in's state: workspace users and channels, ids, triggers, scripted failures, change events."""

from __future__ import annotations

import copy
import itertools
import secrets
import time
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from aiohttp import web

from tests.fakes._recording import Recorder
from tests.fakes.slack_api._common import Json, Record
from tests.fakes.slack_api._payloads import SlackPayloads

T = TypeVar("T")


class SlackState:
    """What the stand-in knows about the workspace, and the setup helpers tests call to shape it.

    The base of :class:`FakeSlackApi`: the other modules add the Web API, response_url endpoints and
    Socket Mode on top of this state.
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
        # The distributed app's credentials (OAuth); see _oauth.py.
        self.client_id = "1111.2222"
        self.client_secret = "oauth-client-secret"
        self.oauth_redirect_url: str | None = None  # the app's configured Redirect URL
        self.signed_in_team = team_id  # whose workspace the "browser" approves installs for
        self.token_rotation = False  # issue expiring tokens with refresh tokens
        self.token_lifetime_seconds = 12 * 3600
        self._workspaces: dict[str, Json] = {}
        self._tokens: dict[str, Json] = {}  # every valid token: its workspace, type, user, expiry
        self._codes: dict[str, Json] = {}
        self._refresh_tokens: dict[str, Json] = {}
        self.acting_team: str = team_id  # the workspace of the token of the call being served
        self.user_files: dict[str, tuple[str, bytes]] = {}  # file id -> (its workspace, its bytes)
        self.add_workspace(team_id, team_name, domain=team_domain, bot_user_id=bot_user_id, bot_id=bot_id)
        self._tokens[bot_token] = {"team_id": team_id, "type": "bot", "user_id": bot_user_id, "expires_at": None}

        self.recorder: Recorder[Record] = Recorder("calls", _describe)
        self._records = self.recorder.items
        self._messages: dict[str, list[Json]] = {}
        self._ephemerals: list[Json] = []
        self._views: dict[str, Json] = {}
        self._users: dict[str, Json] = {}
        self._channels: dict[str, Json] = {}
        self._dms: dict[tuple[str, ...], str] = {}
        self._reactions: dict[tuple[str, str], list[Json]] = {}
        self._uploads: dict[str, Json] = {}  # file id -> declared length, bytes once sent, shares
        self._rate_limits: dict[str, deque[int]] = {}
        self._failures: dict[str, deque[str]] = {}
        self._response_urls: dict[str, Json] = {}
        self._triggers: dict[str, Json] = {}
        self._tickets: set[str] = set()
        self._ids = itertools.count(1)
        self._ts_seq = itertools.count(1)

        self._sockets: list[web.WebSocketResponse] = []
        self.socket_acks: list[Json] = []
        self._envelopes: dict[str, Json] = {}  # what was pushed, by envelope_id (an ack may answer it)
        self.socket_received: list[Any] = []
        self.socket_pings: list[bytes] = []
        self.socket_pongs: list[bytes] = []
        self.socket_connections_total = 0

        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self.add_user(bot_user_id, bot_user_name, is_bot=True)

    # ------------------------------------------------------------------ addresses

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

    def add_user_file(self, name: str, data: bytes, mimetype: str, team_id: str | None = None) -> Json:
        """A file a user uploaded, as a message's ``files`` entry; ``url_private_download`` needs a bot token."""
        team = team_id or self.team_id
        file_id = f"F{self.next_id()}"
        self.user_files[file_id] = (team, data)
        return {
            "id": file_id,
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "filetype": mimetype.rpartition("/")[2],
            "size": len(data),
            "mode": "hosted",
            "url_private": f"{self.root_url}/files-pri/{team}-{file_id}/{name}",
            "url_private_download": f"{self.root_url}/files-pri/{team}-{file_id}/download/{name}",
        }

    def file_download(self, key: str, authorization: str) -> bytes | None:
        """A private file's bytes for a request with a valid token of its workspace; None otherwise."""
        team, _, file_id = key.partition("-")
        stored = self.user_files.get(file_id)
        token = authorization.removeprefix("Bearer ").strip()
        info = self._tokens.get(token)
        if stored is None or info is None or info["team_id"] != team or stored[0] != team:
            return None
        return stored[1]

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
        team_id: str | None = None,
    ) -> Json:
        name = name or user_id.lower()
        team_id = team_id or self.team_id
        user: Json = {
            "id": user_id,
            "team_id": team_id,
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
                "team": team_id,
            },
        }
        if is_bot:
            user["profile"]["bot_id"] = self._workspaces.get(team_id, {}).get("bot_id", self.bot_id)
        self._users[user_id] = user
        return user

    def ensure_user(self, user_id: str, name: str | None = None) -> Json:
        """The user, registered with defaults if unknown (never overwrites :meth:`add_user`)."""
        return self._users.get(user_id) or self.add_user(user_id, name)

    def add_channel(
        self,
        channel_id: str,
        name: str | None = None,
        *,
        is_private: bool = False,
        is_member: bool = True,
        team_id: str | None = None,
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
            "context_team_id": team_id or self.team_id,
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
            "context_team_id": self.acting_team,
            "user": user_id,
            "is_user_deleted": False,
            "priority": 0,
        }
        self._channels[channel_id] = channel
        return channel

    def add_workspace(
        self,
        team_id: str,
        name: str | None = None,
        *,
        domain: str | None = None,
        enterprise_id: str | None = None,
        bot_user_id: str | None = None,
        bot_id: str | None = None,
    ) -> Json:
        """A workspace the app can be installed in: its bot user joins it when the app is installed."""
        workspace: Json = {
            "id": team_id,
            "name": name or team_id,
            "domain": domain or team_id.lower(),
            "enterprise_id": enterprise_id,
            "bot_user_id": bot_user_id or f"UBOT{team_id}",
            "bot_id": bot_id or f"BBOT{team_id}",
        }
        self._workspaces[team_id] = workspace
        return workspace

    def workspace(self, team_id: str) -> Json:
        return copy.deepcopy(self._workspaces[team_id])

    def acting(self, field: str) -> str:
        """A field (``bot_user_id``, ``bot_id``, ``name``, ...) of the workspace the current call acts in."""
        return str(self._workspaces[self.acting_team][field])

    def tokens_of(self, team_id: str, token_type: str = "bot") -> list[str]:
        """The valid tokens of a workspace, oldest first."""
        return [t for t, info in self._tokens.items() if info["team_id"] == team_id and info["type"] == token_type]

    def expire_token(self, token: str) -> None:
        """The token is past its expiry: calls with it answer ``token_expired``."""
        self._tokens[token]["expires_at"] = self.now() - 1

    def revoke_token(self, token: str) -> None:
        """The token stops working (``invalid_auth``)."""
        self._tokens.pop(token, None)

    def revoke_workspace(self, team_id: str) -> None:
        """Every token of the workspace stops working (what uninstalling the app does)."""
        for token in [t for t, info in self._tokens.items() if info["team_id"] == team_id]:
            del self._tokens[token]
        for refresh in [r for r, info in self._refresh_tokens.items() if info["team_id"] == team_id]:
            del self._refresh_tokens[refresh]

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

    # ------------------------------------------------------------------ changes

    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109 - the interface the brief asks for
    ) -> T:
        """Return ``predicate()`` as soon as it is truthy; wake on every recorded change (and every
        20 ms, for conditions outside the stand-in). Raises ``TimeoutError`` listing recent calls."""
        return await self.recorder.wait_for(predicate, timeout)


def _describe(record: Record) -> str:
    return f"{record.get('method', record['kind'])} -> {record.get('status')}"
