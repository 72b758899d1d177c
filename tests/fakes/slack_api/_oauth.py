"""OAuth v2: the authorize page, ``oauth.v2.access`` (code exchange and refresh) and ``oauth.v2.exchange``.

Slack docs: *Installing with OAuth*, *Token rotation*, and the ``oauth.v2.access`` / ``oauth.v2.exchange``
method pages (their *Errors* tables). Client credentials come as parameters or HTTP Basic auth
(``slack_sdk`` sends Basic auth). Every install makes a new bot token for the workspace it was approved
in; with :attr:`token_rotation` on, tokens expire and come with a refresh token.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from aiohttp import web

from tests.fakes.slack_api._common import Json, SlackApiFailure
from tests.fakes.slack_api._methods import WebApiMethods

OAUTH_METHODS = frozenset({"oauth.v2.access", "oauth.v2.exchange"})


class OAuthApi(WebApiMethods):
    """The OAuth side of the stand-in: what a browser sees at the authorize page, and the token methods."""

    # ------------------------------------------------------------------ the browser's side

    async def _handle_authorize(self, request: web.Request) -> web.Response:
        """``GET /oauth/v2/authorize``: the installer (signed in to :attr:`signed_in_team`) approves at once
        and is sent to the redirect URL with a one-time code and the app's ``state``."""
        query = request.query
        if query.get("client_id") != self.client_id:
            return web.Response(status=400, text="invalid_client_id")
        redirect_uri = query.get("redirect_uri") or self.oauth_redirect_url
        if not redirect_uri or (self.oauth_redirect_url and redirect_uri != self.oauth_redirect_url):
            return web.Response(status=400, text="bad_redirect_uri")
        team_id = query.get("team") or self.signed_in_team
        if team_id not in self._workspaces:
            return web.Response(status=400, text="team_not_found")
        code = f"{self.next_id()}.{secrets.token_hex(12)}"
        self._codes[code] = {
            "team_id": team_id,
            "redirect_uri": query.get("redirect_uri"),
            "scope": query.get("scope", ""),
            "used": False,
        }
        state = {"state": query["state"]} if query.get("state") else {}
        raise web.HTTPFound(f"{redirect_uri}?{urlencode({'code': code, **state})}")

    # ------------------------------------------------------------------ token methods

    def _check_client(self, params: Json) -> None:
        if params.get("client_id") != self.client_id:
            raise SlackApiFailure("invalid_client_id")
        if params.get("client_secret") != self.client_secret:
            raise SlackApiFailure("bad_client_secret")

    def _issue_bot_token(self, team_id: str) -> Json:
        """A new bot token for the workspace: expiring, with a refresh token, when rotation is on."""
        workspace = self._workspaces[team_id]
        token = f"xoxb-{team_id}-{self.next_id()}-{secrets.token_hex(8)}"
        expires_at = self.now() + self.token_lifetime_seconds if self.token_rotation else None
        self._tokens[token] = {"team_id": team_id, "type": "bot", "user_id": workspace["bot_user_id"]}
        self._tokens[token]["expires_at"] = expires_at
        issued: Json = {"access_token": token, "token_type": "bot"}
        if self.token_rotation:
            refresh = f"xoxe-1-{secrets.token_hex(16)}"
            self._refresh_tokens[refresh] = {"team_id": team_id, "type": "bot"}
            issued.update(refresh_token=refresh, expires_in=self.token_lifetime_seconds)
        return issued

    def _team_fields(self, team_id: str) -> Json:
        workspace = self._workspaces[team_id]
        enterprise = workspace["enterprise_id"]
        return {
            "team": {"id": team_id, "name": workspace["name"]},
            "enterprise": {"id": enterprise, "name": enterprise} if enterprise else None,
            "is_enterprise_install": False,
            "app_id": self.app_id,
            "bot_user_id": workspace["bot_user_id"],
        }

    def _oauth_v2_access(self, params: Json) -> Json:
        self._check_client(params)
        grant_type = params.get("grant_type") or "authorization_code"
        if grant_type == "refresh_token":
            return self._refresh(params)
        if grant_type != "authorization_code":
            raise SlackApiFailure("invalid_grant_type")
        grant = self._codes.get(str(params.get("code") or ""))
        if grant is None or grant["used"]:
            raise SlackApiFailure("invalid_code")
        if grant["redirect_uri"] and params.get("redirect_uri") != grant["redirect_uri"]:
            raise SlackApiFailure("bad_redirect_uri")
        grant["used"] = True
        team_id = str(grant["team_id"])
        installer = next((u for u in self._users.values() if u["team_id"] == team_id and not u["is_bot"]), None)
        return {
            **self._issue_bot_token(team_id),
            "scope": grant["scope"],
            **self._team_fields(team_id),
            "authed_user": {"id": installer["id"] if installer else f"UINST{team_id}"},
        }

    def _refresh(self, params: Json) -> Json:
        grant = self._refresh_tokens.pop(str(params.get("refresh_token") or ""), None)
        if grant is None:
            raise SlackApiFailure("invalid_refresh_token")
        team_id = str(grant["team_id"])
        return {**self._issue_bot_token(team_id), "scope": "", **self._team_fields(team_id)}

    def _oauth_v2_exchange(self, params: Json) -> Json:
        """Turn a long-lived token into an expiring one with a refresh token (turning rotation on)."""
        self._check_client(params)
        # https://docs.slack.dev/reference/methods/oauth.v2.exchange (Errors): a token that cannot be
        # exchanged is invalid_token, one already exchanged is token_already_exchanged.
        old = self._tokens.get(str(params.get("token") or ""))
        if old is None:
            raise SlackApiFailure("invalid_token")
        if old.get("exchanged"):
            raise SlackApiFailure("token_already_exchanged")
        old["exchanged"] = True
        self.token_rotation = True
        team_id = str(old["team_id"])
        return {**self._issue_bot_token(team_id), "scope": "", **self._team_fields(team_id)}
