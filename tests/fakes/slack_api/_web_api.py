"""The Web API endpoint: parameters, tokens, rate limits and scripted failures, dispatch to a method."""

from __future__ import annotations

import base64
import contextlib
import functools
import json
from collections.abc import Callable

from aiohttp import web

from tests.fakes.slack_api._common import JSON_PARAMS, Json, Record, SlackApiFailure
from tests.fakes.slack_api._files import FilesApi
from tests.fakes.slack_api._oauth import OAUTH_METHODS, OAuthApi


class WebApi(OAuthApi, FilesApi):
    """The ``/api/{method}`` endpoint: read params from query, form or JSON, check the token, apply
    scripted rate limits and failures, run the method, record the call."""

    @functools.cached_property
    def _methods(self) -> dict[str, Callable[[Json], Json]]:
        return {
            "api.test": self._api_test,
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "conversations.open": self._conversations_open,
            "conversations.info": self._conversations_info,
            "views.open": self._views_open,
            "views.update": self._views_update,
            "users.info": self._users_info,
            "reactions.add": self._reactions_add,
            "apps.connections.open": self._apps_connections_open,
            "files.getUploadURLExternal": self._files_get_upload_url_external,
            "files.completeUploadExternal": self._files_complete_upload_external,
            "oauth.v2.access": self._oauth_v2_access,
            "oauth.v2.exchange": self._oauth_v2_exchange,
        }

    async def _read_params(self, request: web.Request) -> Json:
        params: Json = dict(request.query)
        if request.body_exists:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    params.update(body)
            elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for key, value in form.items():
                    filename = getattr(value, "filename", "")
                    params[key] = value if isinstance(value, str) else f"<file {filename}>"
            else:
                params["_raw_body"] = await request.text()
        for key in JSON_PARAMS:
            if isinstance(params.get(key), str):
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(params[key])
        return params

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._read_params(request)
        token: str | None = None
        authorization = request.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            token = authorization.removeprefix("Bearer ").strip()
        elif authorization.startswith("Basic "):  # client credentials, as slack_sdk sends them to oauth.*
            with contextlib.suppress(ValueError):
                decoded = base64.b64decode(authorization.removeprefix("Basic "), validate=True).decode()
                client_id, _, client_secret = decoded.partition(":")
                params.setdefault("client_id", client_id)
                params.setdefault("client_secret", client_secret)
        form_token = params.pop("token", None)
        if method in OAUTH_METHODS and (form_token or token):
            params["token"] = form_token or token  # oauth.v2.exchange: the token to exchange
        token = token or (str(form_token) if form_token else None)
        record: Record = {
            "kind": "api",
            "method": method,
            "params": params,
            "token": token,
            "time": self.now(),
            "http_method": request.method,
            "content_type": request.content_type,
        }
        try:
            status, body, headers = self._dispatch(method, params, token)
        finally:
            record["team"] = self._tokens.get(token or "", {}).get("team_id")
            self.acting_team = self.team_id
        record.update(status=status, response=body)
        self.recorder.record(record)
        return web.json_response(body, status=status, headers=headers)

    def _dispatch(self, method: str, params: Json, token: str | None) -> tuple[int, Json, dict[str, str]]:
        implementation = self._methods.get(method)
        if implementation is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        auth_error = self._check_token(method, token)
        if auth_error is not None:
            return 200, {"ok": False, "error": auth_error}, {}
        limits = self._rate_limits.get(method)
        if limits:
            retry_after = limits.popleft()
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)}
        failures = self._failures.get(method)
        if failures:
            return 200, {"ok": False, "error": failures.popleft()}, {}
        try:
            return 200, {"ok": True, **implementation(params)}, {}
        except SlackApiFailure as failure:
            return 200, {"ok": False, "error": failure.error, **failure.extra}, {}

    def _check_token(self, method: str, token: str | None) -> str | None:
        """None when the token may call the method (and the call then acts in the token's workspace)."""
        if method in OAUTH_METHODS:
            return None  # client credentials, checked by the method
        if not token:
            return "not_authed"
        if method == "api.test":
            return None
        if method == "apps.connections.open":
            return None if token == self.app_token else self._wrong_token(token)
        issued = self._tokens.get(token)
        if issued is None:
            return self._wrong_token(token)
        if issued["expires_at"] is not None and issued["expires_at"] <= self.now():
            return "token_expired"
        self.acting_team = str(issued["team_id"])
        return None

    def _wrong_token(self, token: str) -> str:
        if token == self.app_token or token in self._tokens:
            return "not_allowed_token_type"
        return "invalid_auth"
