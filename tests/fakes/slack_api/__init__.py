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

Layout (private modules; import from this package):

* ``_common``: shared types and constants, :class:`SlackApiFailure`, signing and Slack-style JSON;
* ``_payloads``: :class:`SlackPayloads`, the bodies Slack sends (slash commands, block actions, events, ...);
* ``_fake``: :class:`FakeSlackApi`, composed of the mixins below, and its lifecycle;
* ``_state``: users, channels, ids, triggers, scripted failures, and waiting for changes;
* ``_store``: messages, ephemerals, views and reactions, and reading them back;
* ``_web_api``: the ``/api/{method}`` endpoint: parameters, tokens, rate limits, dispatch;
* ``_methods``: the Web API methods themselves (``chat.*``, ``conversations.*``, ``views.*``, ...);
* ``_response_url``: the response_url endpoints;
* ``_socket_mode``: Socket Mode: the websocket, envelopes and acks;
* ``_requests``: :class:`SlackRequests`, signed requests to the app's HTTP endpoint.
"""

from tests.fakes.slack_api._common import (
    JSON_PARAMS,
    SLACKBOT_USER_AGENT,
    TRIGGER_TTL_SECONDS,
    Json,
    Record,
    SlackApiFailure,
    slack_json,
    slack_signature,
)
from tests.fakes.slack_api._fake import FakeSlackApi
from tests.fakes.slack_api._payloads import SlackPayloads
from tests.fakes.slack_api._requests import SlackRequests, SlackResponse

__all__ = [
    "JSON_PARAMS",
    "SLACKBOT_USER_AGENT",
    "TRIGGER_TTL_SECONDS",
    "FakeSlackApi",
    "Json",
    "Record",
    "SlackApiFailure",
    "SlackPayloads",
    "SlackRequests",
    "SlackResponse",
    "slack_json",
    "slack_signature",
]
