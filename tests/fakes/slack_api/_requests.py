""":class:`SlackRequests`: signed requests to an app's HTTP endpoint, exactly as Slack sends them."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import aiohttp

from tests.fakes.slack_api._common import SLACKBOT_USER_AGENT, Json, slack_json, slack_signature, slack_signature_bytes

if TYPE_CHECKING:
    from tests.fakes.slack_api._fake import FakeSlackApi


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
        body: str | bytes,
        *,
        content_type: str,
        payload: Json | None = None,
        extra_headers: Mapping[str, str] | None = None,
        bad_signature: bool = False,
        age: float = 0.0,
        signed: bool = True,
        timestamp: str | None = None,
    ) -> SlackResponse:
        """POST ``body`` signed; the lower-level door for payloads the helpers do not build.

        ``signed=False`` leaves the signature header out; ``timestamp`` replaces the request timestamp
        (a malformed one, say) and is what the signature covers."""
        raw = body.encode() if isinstance(body, str) else body
        timestamp = str(int(self.now() - age)) if timestamp is None else timestamp
        secret = self.signing_secret + "-wrong" if bad_signature else self.signing_secret
        headers = {
            "Content-Type": content_type,
            "Accept": "application/json,*/*",
            "User-Agent": SLACKBOT_USER_AGENT,
            "X-Slack-Request-Timestamp": timestamp,
        }
        if signed:
            headers["X-Slack-Signature"] = slack_signature_bytes(secret, timestamp, raw)
        headers.update(extra_headers or {})
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.app_url, data=raw, headers=headers) as response,
        ):
            text = await response.text()
            answer = SlackResponse(response.status, text, payload=payload or {}, headers=headers)
            if response.status == 200 and payload and payload.get("response_url"):
                body: Any = json.loads(text) if response.content_type == "application/json" and text else text
                accepts = payload.get("type") not in ("block_actions", "view_submission")  # a slash command
                self.api.apply_ack(str(payload["response_url"]), body, accepts_payload=accepts, via="http")
            return answer

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
        self, command: str, text: str = "", *, bad_signature: bool = False, age: float = 0.0, **fields: Any
    ) -> SlackResponse:
        """A slash command; ``fields`` (``user_id``, ``channel_id``, ...) as for :meth:`SlackPayloads.slash_command`."""
        form = self.api.payloads.slash_command(command, text, **fields)
        return await self._form(form, dict(form), bad_signature=bad_signature, age=age)

    async def button(
        self,
        action_id: str,
        value: str | None = None,
        *,
        bad_signature: bool = False,
        age: float = 0.0,
        **fields: Any,
    ) -> SlackResponse:
        """A button press; ``fields`` (``user_id``, ``message_ts``, ...) as for :meth:`SlackPayloads.block_actions`."""
        payload = self.api.payloads.block_actions(action_id, value, **fields)
        return await self.interactive(payload, bad_signature=bad_signature, age=age)

    async def view_submission(
        self,
        callback_id: str,
        values: Mapping[str, Mapping[str, str | Mapping[str, Any]]],
        *,
        bad_signature: bool = False,
        age: float = 0.0,
        **fields: Any,
    ) -> SlackResponse:
        """A form submitted; ``fields`` (``view_id``, ...) as for :meth:`SlackPayloads.view_submission`."""
        payload = self.api.payloads.view_submission(callback_id, values, **fields)
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
        team_id: str | None = None,
    ) -> SlackResponse:
        """An Events API delivery. ``retry_num`` adds ``X-Slack-Retry-Num`` / ``X-Slack-Retry-Reason``
        (reason defaults to ``http_timeout``); reuse ``event_id`` to model a retry of the same event."""
        envelope = self.api.payloads.event_callback(event, event_id=event_id, team_id=team_id)
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
        self, text: str, *, event_id: str | None = None, bad_signature: bool = False, age: float = 0.0, **fields: Any
    ) -> SlackResponse:
        """An ``app_mention`` event; ``fields`` as for :meth:`SlackPayloads.app_mention`."""
        event = self.api.payloads.app_mention(text, **fields)
        return await self.event(event, event_id=event_id, bad_signature=bad_signature, age=age)

    async def message(
        self, text: str, *, event_id: str | None = None, bad_signature: bool = False, age: float = 0.0, **fields: Any
    ) -> SlackResponse:
        """A user ``message`` event; ``fields`` as for :meth:`SlackPayloads.message`."""
        event = self.api.payloads.message(text, **fields)
        return await self.event(event, event_id=event_id, bad_signature=bad_signature, age=age)
