"""The response_url endpoints: ``in_channel`` and ephemeral replies, ``replace_original``, ``delete_original``;
and the message a slash command's ack may carry, which Slack shows the same way."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from tests.fakes.slack_api._blocks import message_block_problems
from tests.fakes.slack_api._common import Json, Record, truthy
from tests.fakes.slack_api._store import Store

ACK_TEXT_LIMIT = 40_000  # Slack truncates a message's text past this; the stand-in refuses it instead


def _connection(request: web.Request) -> str:
    """The client's address and port: posts over one kept-alive connection share it."""
    peer = request.transport.get_extra_info("peername") if request.transport else None
    return f"{peer[0]}:{peer[1]}" if peer else ""


class ResponseUrls(Store):
    """POSTs to the response_urls the stand-in hands out: recorded, and applied like Slack would."""

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
            "connection": _connection(request),
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
                replace_original=truthy(body.get("replace_original", False)),
                delete_original=truthy(body.get("delete_original", False)),
                text=body.get("text"),
                blocks=body.get("blocks"),
                thread_ts=body.get("thread_ts"),
            )
            if not (record["delete_original"] or self._has_content(body)):
                status, answer = 400, "no_text"
            elif body.get("blocks") and message_block_problems(body["blocks"]):
                status, answer = 400, "invalid_blocks"  # as incoming webhooks answer
            else:
                self._apply_response(self._response_urls[rid], record, body)
        record["status"] = status
        self.recorder.record(record)
        return web.Response(status=status, text=answer, content_type="text/plain")

    def apply_ack(self, response_url: str, body: Any, *, accepts_payload: bool, via: str) -> Record | None:
        """What Slack does with an app's ack to a request carrying ``response_url`` (``body``: the ack's
        JSON object, or its plain text). A slash command's ack may carry a message, shown as a
        response_url post would be (``ephemeral`` unless ``in_channel``); Slack ignores the body of an
        interaction's ack (``block_actions``: ``accepts_response_payload`` false), so nothing shows."""
        if body in (None, "", {}):
            return None
        rid = response_url.rstrip("/").rsplit("/", 1)[-1]
        message = {"text": body} if isinstance(body, str) else body
        record: Record = {"kind": "ack", "via": via, "id": rid, "time": self.now(), "body": body}
        record.update(response_type=None, text=None, blocks=None, replace_original=False, delete_original=False)
        if not accepts_payload:
            record["status"] = "ignored"
        elif not isinstance(message, dict) or not self._has_content(message):
            record["status"] = "no_text"
        elif message.get("response_type", "ephemeral") not in ("ephemeral", "in_channel"):
            record["status"] = "invalid_response_type"
        elif message.get("blocks") and message_block_problems(message["blocks"]):
            record["status"] = "invalid_blocks"
        elif len(str(message.get("text") or "")) > ACK_TEXT_LIMIT:
            record["status"] = "msg_too_long"
        else:
            record.update(
                status="ok",
                response_type=message.get("response_type") or "ephemeral",
                text=message.get("text"),
                blocks=message.get("blocks"),
            )
            if rid in self._response_urls:
                self._apply_response(self._response_urls[rid], record, message)
        self.recorder.record(record)
        return record

    def acks(self, id: str | None = None) -> list[Record]:
        """Every ack that carried a body, as ``{"kind": "ack", "via", "id", "status", "response_type",
        "text", "blocks", "body", "time"}`` (``status``: ``ok``, ``ignored`` or why Slack would refuse it)."""
        return [r for r in self._records if r["kind"] == "ack" and id in (None, r["id"])]

    def answers(self) -> list[Record]:
        """What Slack showed in answer to the app's requests, in order: the messages acks carried and
        the posts to response_urls it took (the two share their fields: ``response_type``, ``text``,
        ``blocks``, ``body``; ``kind`` tells them apart)."""
        return [r for r in self._records if (r["kind"], r.get("status")) in (("ack", "ok"), ("response_url", 200))]

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
