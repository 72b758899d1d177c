""":class:`SlackPayloads`: the exact bodies Slack sends to an app, over HTTP or Socket Mode."""

from __future__ import annotations

import copy
import itertools
import secrets
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tests.fakes.slack_api._common import Json, iter_elements, rich_text

if TYPE_CHECKING:
    from tests.fakes.slack_api._fake import FakeSlackApi


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
            for found_block_id, candidate in iter_elements(message.get("blocks") or []):
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

    def event_callback(
        self, event: Mapping[str, Any], *, event_id: str | None = None, team_id: str | None = None
    ) -> Json:
        """The ``event_callback`` envelope Slack wraps every Events API event in (for ``team_id``'s workspace)."""
        api = self._api
        team_id = team_id or api.team_id
        bot_user_id = api.workspace(team_id)["bot_user_id"]
        return {
            "token": api.verification_token,
            "team_id": team_id,
            "context_team_id": team_id,
            "context_enterprise_id": None,
            "api_app_id": api.app_id,
            "event": dict(event),
            "type": "event_callback",
            "event_id": event_id or f"Ev{api.next_id()}",
            "event_time": int(api.now()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team_id,
                    "user_id": bot_user_id,
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
        user_id: str = "U1",
        channel_id: str = "C1",
        ts: str | None = None,
        thread_ts: str | None = None,
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
            "blocks": rich_text(text, f"b{next(self._block_ids)}"),
            "team": api.team_id,
        }
        if thread_ts is not None:
            event["thread_ts"] = thread_ts
        event["channel"] = channel_id
        event["event_ts"] = ts
        return event

    def app_mention(self, text: str, **where: Any) -> Json:
        """An ``app_mention`` event; ``<@BOT>`` is prepended to ``text`` unless it mentions the bot.

        ``where``: ``user_id`` (``"U1"``), ``channel_id`` (``"C1"``), ``ts`` and ``thread_ts``."""
        mention = f"<@{self._api.bot_user_id}>"
        if mention not in text:
            text = f"{mention} {text}".rstrip()
        return self._user_message("app_mention", text, **where)

    def file_share(self, text: str, files: Sequence[tuple[str, bytes, str]], **fields: Any) -> Json:
        """A ``message`` with ``subtype: file_share``: each (name, bytes, mimetype) uploaded by the user, its
        ``url_private_download`` served by the stand-in to requests carrying a valid token of the workspace."""
        event = self.message(text, **fields)
        event["subtype"] = "file_share"
        event["upload"] = True
        event["files"] = [self._api.add_user_file(name, data, mimetype) for name, data, mimetype in files]
        return event

    def message(
        self, text: str, *, channel_type: str | None = None, parent_user_id: str | None = None, **where: Any
    ) -> Json:
        """A plain user ``message`` event (``channel_type`` guessed from the channel id prefix); ``where`` as
        for :meth:`app_mention`."""
        event = self._user_message("message", text, **where)
        if "thread_ts" in event:
            event["parent_user_id"] = parent_user_id or self._api.bot_user_id
        if channel_type is None:
            channel_type = {"D": "im", "G": "mpim"}.get(str(event["channel"])[:1], "channel")
        event["channel_type"] = channel_type
        return event
