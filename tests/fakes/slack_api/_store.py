"""What the app did through the stand-in: stored messages and the rest, as the tests read them back."""

from __future__ import annotations

import copy

from tests.fakes.slack_api._common import Json, Record, iter_elements
from tests.fakes.slack_api._state import SlackState


class Store(SlackState):
    """Messages, ephemerals, views and reactions the app produced: reading them back, and storing messages."""

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
            if any(e.get("action_id") == action_id for _, e in iter_elements(message.get("blocks") or [])):
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

    # ------------------------------------------------------------------ message store

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
            "user": self.acting("bot_user_id"),
            "bot_id": self.acting("bot_id"),
            "app_id": self.app_id,
            "team": self.acting_team,
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
