"""Slash commands, button presses and forms reach their one handler through Bolt's middleware chain;
events go on to Bolt's listeners; a handler's failure or missing ack answers 500, never a traceback."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.platforms.slack_routes import Ack, SlackRoutes

COMMAND = {"command": "/pp-help", "team_id": "T1", "user_id": "U1", "channel_id": "C1", "response_url": "http://x/y"}
BUTTON = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1"}, "actions": [{"action_id": "a:b:c"}]}
FORM = {"type": "view_submission", "team": {"id": "T1"}, "user": {"id": "U1"}, "view": {"callback_id": "f:g"}}
MENTION = {"type": "event_callback", "team_id": "T1", "event": {"type": "app_mention", "user": "U1", "channel": "C1"}}


async def authorize(**_: Any) -> AuthorizeResult:
    return AuthorizeResult(enterprise_id=None, team_id="T1", bot_token="xoxb-test", bot_user_id="UBOT", bot_id="B1")


class Handled:
    """What each handler was given, by the name of the handler."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def handler(self, name: str, answer: dict[str, Any] | None = None, *, acks: bool = True) -> Any:
        async def handle(ack: Ack, body: dict[str, Any], context: dict[str, Any]) -> None:
            self.calls.append((name, body))
            assert context["team_id"] == "T1"  # Bolt's context, authorized
            if acks:
                await (ack(**answer) if answer else ack())

        return handle


def app_with(routes: SlackRoutes, events: list[dict[str, Any]]) -> AsyncApp:
    app = AsyncApp(authorize=authorize, request_verification_enabled=False, process_before_response=True)
    app.middleware(routes)

    @app.event("app_mention")
    async def mention(event: dict[str, Any]) -> None:
        events.append(event)

    return app


async def dispatch(app: AsyncApp, body: dict[str, Any]) -> BoltResponse:
    return await app.async_dispatch(AsyncBoltRequest(body=body, mode="socket_mode"))


async def test_each_kind_of_request_reaches_its_own_handler_and_answers_with_its_ack() -> None:
    handled, events = Handled(), []
    routes = SlackRoutes(
        command=handled.handler("command", {"text": "the help", "response_type": "ephemeral"}),
        action=handled.handler("action"),
        form=handled.handler("form"),
    )
    app = app_with(routes, events)

    command, button, form = [await dispatch(app, body) for body in (COMMAND, BUTTON, FORM)]

    assert [name for name, _ in handled.calls] == ["command", "action", "form"]
    assert [body for _, body in handled.calls] == [COMMAND, BUTTON, FORM]
    assert (command.status, json.loads(command.body)) == (200, {"text": "the help", "response_type": "ephemeral"})
    assert (button.status, button.body, form.status, form.body) == (200, "", 200, "")
    assert events == []


async def test_an_event_goes_on_to_bolts_listeners() -> None:
    handled, events = Handled(), []
    routes = SlackRoutes(command=handled.handler("command"), action=handled.handler("a"), form=handled.handler("f"))

    response = await dispatch(app_with(routes, events), MENTION)

    assert response.status == 200
    assert events == [MENTION["event"]]
    assert handled.calls == []


async def test_a_handler_that_never_acks_answers_500_and_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    handled = Handled()
    routes = SlackRoutes(
        command=handled.handler("c"), action=handled.handler("a", acks=False), form=handled.handler("f")
    )

    with caplog.at_level(logging.ERROR, logger="bot.platforms.slack_routes"):
        response = await dispatch(app_with(routes, []), BUTTON)

    assert (response.status, response.body) == (500, "")
    assert "a block_actions was handled without an ack" in caplog.text


async def test_a_handler_that_raises_answers_500_without_the_error() -> None:
    async def broken(ack: Ack, body: dict[str, Any], context: dict[str, Any]) -> None:
        raise RuntimeError("secret internals")

    handled = Handled()
    routes = SlackRoutes(command=broken, action=handled.handler("a"), form=handled.handler("f"))

    response = await dispatch(app_with(routes, []), COMMAND)

    assert response.status == 500
    assert "secret internals" not in str(response.body)
