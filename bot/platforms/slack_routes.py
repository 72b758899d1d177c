"""Which adapter handler takes a slash command, a button press or a form: a Bolt middleware, not listeners.

Each of the three has one handler, and the dispatcher behind it does the routing (by command name,
action id, form id). As Bolt listeners, every request was matched against them one by one, and for
each listener tried Bolt built every argument a listener could take, then again for the listener it
ran: about a tenth of a busy bot's CPU per request, to choose between nothing. Events (mentions,
messages, uninstalls) still go on to Bolt's listeners.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger(__name__)

Ack = Callable[..., Awaitable[object]]  # Bolt's AsyncAck
Handler = Callable[[Ack, dict[str, Any], dict[str, Any]], Awaitable[None]]  # (ack, body, Bolt's context)


class SlackRoutes(AsyncMiddleware):
    """Bolt middleware, last in the chain: commands, button presses and form submissions go to their
    handler, which acks; anything else goes on to Bolt's listeners."""

    def __init__(self, *, command: Handler, action: Handler, form: Handler) -> None:
        self.command, self.action, self.form = command, action, form

    def handler_for(self, body: dict[str, Any]) -> Handler | None:
        """The handler of a (checked) request body, or None for what Bolt's listeners take."""
        if "command" in body:
            return self.command
        kind = body.get("type")
        if kind == "block_actions":
            return self.action
        if kind == "view_submission":
            return self.form
        return None

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse | None:
        """Run the request's handler and answer with its ack; or go on to the listeners."""
        handler = self.handler_for(req.body)
        if handler is None:
            return await next()
        ack = req.context.ack
        await handler(ack, req.body, req.context)
        if ack.response is None:  # every handler acks: this is a bug, and Slack would show a timeout
            log.error("Slack: a %s was handled without an ack", req.body.get("type") or "command")
            return BoltResponse(status=500, body="")
        return ack.response
