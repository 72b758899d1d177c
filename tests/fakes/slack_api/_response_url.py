"""The response_url endpoints: ``in_channel`` and ephemeral replies, ``replace_original``, ``delete_original``."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from tests.fakes.slack_api._blocks import message_block_problems
from tests.fakes.slack_api._common import Json, Record, truthy
from tests.fakes.slack_api._store import Store


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
