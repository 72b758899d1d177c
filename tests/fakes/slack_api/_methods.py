"""The Web API methods: ``chat.*``, ``conversations.*``, ``users.info``, ``reactions.add``, ``views.*``, ..."""

from __future__ import annotations

import copy
import secrets

from tests.fakes.slack_api._blocks import MESSAGE_TEXT_LIMIT, message_block_problems, view_problems
from tests.fakes.slack_api._common import TRIGGER_TTL_SECONDS, Json, SlackApiFailure, truthy
from tests.fakes.slack_api._store import Store


class WebApiMethods(Store):
    """The Web API methods the stand-in implements; each takes the merged params and returns the reply
    fields (``ok`` is added by the dispatcher) or raises :class:`SlackApiFailure`."""

    @staticmethod
    def _required(params: Json, *names: str, error: str = "invalid_arguments") -> None:
        for name in names:
            if not params.get(name):
                raise SlackApiFailure(error)

    def _api_test(self, params: Json) -> Json:
        return {"args": params}

    def _auth_test(self, params: Json) -> Json:
        """Who the token is: its own workspace (and enterprise), and its own bot user."""
        workspace = self._workspaces[self.acting_team]
        identity: Json = {
            "url": f"https://{workspace['domain']}.slack.com/",
            "team": workspace["name"],
            "user": self.bot_user_name,
            "team_id": self.acting_team,
            "user_id": workspace["bot_user_id"],
            "bot_id": workspace["bot_id"],
            "is_enterprise_install": False,
        }
        if workspace["enterprise_id"]:
            identity["enterprise_id"] = workspace["enterprise_id"]
        return identity

    @staticmethod
    def _check_message(params: Json) -> None:
        """Refuse what Slack refuses in a message: Block Kit limits, and text past 40,000 characters."""
        blocks = params.get("blocks")
        if blocks not in (None, "", []):
            if isinstance(blocks, str):
                raise SlackApiFailure("invalid_blocks_format")
            problems = message_block_problems(blocks)
            if problems:
                messages = [f"[ERROR] {problem}" for problem in problems]
                raise SlackApiFailure("invalid_blocks", errors=problems, response_metadata={"messages": messages})
        if len(str(params.get("text") or "")) > MESSAGE_TEXT_LIMIT:
            raise SlackApiFailure("msg_too_long")

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
        known = self._channels.get(channel)
        if known is not None and known.get("context_team_id") != self.acting_team:
            raise SlackApiFailure("channel_not_found")  # another workspace's channel: invisible to this token
        return channel

    # ------------------------------------------------------------------ chat.*

    def _chat_post_message(self, params: Json) -> Json:
        channel = self._resolve_channel(params)
        if not self._has_content(params):
            raise SlackApiFailure("no_text")
        self._check_message(params)
        message = self._store_message(channel, params)
        return {"channel": channel, "ts": message["ts"], "message": message}

    def _chat_post_ephemeral(self, params: Json) -> Json:
        channel = self._resolve_channel(params)
        self._required(params, "user", error="user_not_in_channel")
        if not self._has_content(params):
            raise SlackApiFailure("no_text")
        self._check_message(params)
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
        if message.get("bot_id") != self.acting("bot_id"):
            raise SlackApiFailure("cant_update_message")
        self._check_message(params)
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in params:
                message[key] = params[key]
        message["edited"] = {"user": self.acting("bot_user_id"), "ts": self.next_ts()}
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

    # ------------------------------------------------------------------ conversations.*, users.*, reactions.*

    def _open_conversation(self, users: list[str]) -> str:
        members = tuple(sorted(set(users)))
        if members not in self._dms:
            if len(members) == 1:
                channel_id = f"D{self.next_id()}"
                self._register_im(channel_id, members[0])
            else:
                channel_id = f"G{self.next_id()}"
                names = [self.ensure_user(u)["name"] for u in members]
                channel = self.add_channel(
                    channel_id, f"mpdm-{'--'.join(names)}-1", is_private=True, team_id=self.acting_team
                )
                channel.update(is_mpim=True, is_group=True, is_channel=False)
            self._dms[members] = channel_id
        return self._dms[members]

    def _conversations_open(self, params: Json) -> Json:
        if params.get("channel"):
            channel_id = str(params["channel"])
            if self._channels.get(channel_id, {}).get("context_team_id", None) != self.acting_team:
                raise SlackApiFailure("channel_not_found")
            return {"no_op": True, "already_open": True, "channel": {"id": channel_id}}
        raw = params.get("users")
        users = raw if isinstance(raw, list) else [u for u in str(raw or "").split(",") if u]
        if not users:
            raise SlackApiFailure("users_list_not_supplied")
        if len(users) > 8:
            raise SlackApiFailure("too_many_users")
        for user in users:
            if user not in self._users or self._users[user]["team_id"] != self.acting_team:
                raise SlackApiFailure("user_not_found")
        members = tuple(sorted(set(users)))
        already = members in self._dms
        channel_id = self._open_conversation(list(members))
        channel: Json = {"id": channel_id}
        if truthy(params.get("return_im")):
            channel = copy.deepcopy(self._channels[channel_id])
        return {"no_op": already, "already_open": already, "channel": channel}

    def _conversations_info(self, params: Json) -> Json:
        channel = self._channels.get(str(params.get("channel") or ""))
        if channel is None:
            raise SlackApiFailure("channel_not_found")
        return {"channel": copy.deepcopy(channel)}

    def _users_info(self, params: Json) -> Json:
        user = self._users.get(str(params.get("user") or ""))
        if user is None or user["team_id"] != self.acting_team:
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
        existing.append({"name": name, "user": self.acting("bot_user_id")})
        return {}

    # ------------------------------------------------------------------ views.*, apps.*

    def _parse_view(self, params: Json) -> Json:
        view = params.get("view")
        if not isinstance(view, dict) or not view.get("type"):
            raise SlackApiFailure("invalid_arguments")
        problems = view_problems(view)
        if problems:
            messages = [f"[ERROR] {problem}" for problem in problems]
            raise SlackApiFailure("invalid_arguments", response_metadata={"messages": messages})
        return view

    def _views_open(self, params: Json) -> Json:
        # https://docs.slack.dev/reference/methods/views.open: the trigger is judged "before getting to any
        # possible validation errors" of the view; without one the typical answer is invalid_arguments with
        # the message "invalid `trigger_id`"; the Errors table has invalid/exchanged/expired_trigger_id.
        trigger_id = str(params.get("trigger_id") or "")
        if not trigger_id:
            raise SlackApiFailure("invalid_arguments", response_metadata={"messages": ["invalid `trigger_id`"]})
        trigger = self._triggers.get(trigger_id)
        if trigger is None:
            raise SlackApiFailure("invalid_trigger_id")
        if trigger["used"]:
            raise SlackApiFailure("exchanged_trigger_id")
        if self.now() - float(trigger["issued"]) > TRIGGER_TTL_SECONDS:
            raise SlackApiFailure("expired_trigger_id")
        view = self._parse_view(params)
        trigger["used"] = True  # only once the view is accepted: a refused view leaves the trigger usable
        view_id = f"V{self.next_id()}"
        stored: Json = {
            "id": view_id,
            "team_id": self.acting_team,
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
            "app_installed_team_id": self.acting_team,
            "bot_id": self.acting("bot_id"),
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
