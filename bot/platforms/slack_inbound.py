"""The shapes of what Slack sends over HTTP, checked before Bolt or a handler reads a field.

Only what the bot (or Bolt's routing) reads is declared; everything else is dropped, so a field of
an unexpected type elsewhere in a payload can never reach code that assumes its type.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

SlackId = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,32}$")]  # T..., U..., C..., G..., D...
Id = Annotated[str, StringConstraints(min_length=1, max_length=255)]  # ids the bot chose: action, callback
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]{1,2000}$")]
Ts = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,12}\.[0-9]{1,8}$")]
Text = Annotated[str, StringConstraints(max_length=40_000)]


class BadPayload(ValueError):
    """A signed request whose body is not something Slack sends."""


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class _Team(_Model):
    id: SlackId
    enterprise_id: SlackId | None = None


class _Enterprise(_Model):
    id: SlackId


class _Authorization(_Model):
    """Whom an event was delivered for: Bolt's OAuth mode finds the installation from it."""

    enterprise_id: SlackId | None = None
    team_id: SlackId | None = None
    user_id: SlackId | None = None
    is_bot: bool | None = None
    is_enterprise_install: bool | None = None


class _RevokedTokens(_Model):
    oauth: list[SlackId] = Field(default_factory=list, max_length=1000)
    bot: list[SlackId] = Field(default_factory=list, max_length=1000)


class _Actor(_Model):
    id: SlackId
    username: str | None = None
    name: str | None = None


class _Channel(_Model):
    id: SlackId
    name: str | None = None


class _Action(_Model):
    action_id: Id
    block_id: str | None = None
    type: str | None = None
    value: str | None = None


class _Container(_Model):
    type: str | None = None
    channel_id: SlackId | None = None
    message_ts: Ts | None = None
    thread_ts: Ts | None = None


class _Message(_Model):
    ts: Ts | None = None
    thread_ts: Ts | None = None


class _Where(_Model):
    """Where a modal was opened from, as the bot wrote it into private_metadata."""

    channel: SlackId
    channel_name: str | None = None
    thread_ts: Ts | None = None


class _InputValue(_Model):
    type: str | None = None
    value: str | None = None


class _State(_Model):
    values: dict[Id, dict[Id, _InputValue]] = Field(default_factory=dict, max_length=100)


class _View(_Model):
    id: str | None = None
    type: str | None = None
    callback_id: Id
    private_metadata: str
    state: _State = Field(default_factory=_State)

    @field_validator("private_metadata")
    @classmethod
    def _where(cls, value: str) -> str:
        try:
            _Where.model_validate(json.loads(value))
        except (ValueError, RecursionError) as error:
            raise ValueError("private_metadata is not where the bot opened the form") from error
        return value


FILE_SHARE = "file_share"  # a message carrying files someone uploaded (read for the images in it)


class _File(_Model):
    id: SlackId
    name: Annotated[str, StringConstraints(max_length=1000)] = ""
    mimetype: Annotated[str, StringConstraints(max_length=200)] = ""
    size: int = Field(default=0, ge=0)
    url_private_download: Annotated[str, StringConstraints(max_length=2000)] | None = None


class _Event(_Model):
    type: Id
    user: SlackId | None = None
    channel: SlackId | None = None
    text: Text | None = None
    ts: Ts | None = None
    thread_ts: Ts | None = None
    event_ts: Ts | None = None
    bot_id: str | None = None
    subtype: str | None = None
    channel_type: str | None = None
    tokens: _RevokedTokens | None = None  # tokens_revoked
    files: list[_File] = Field(default_factory=list, max_length=20)  # a file_share message's files


class SlashCommand(_Model):
    """A slash command request, as Slack sends it."""

    command: Annotated[str, StringConstraints(pattern=r"^/\S{1,64}$")]
    text: Text = ""
    team_id: SlackId
    user_id: SlackId
    user_name: str | None = None
    channel_id: SlackId
    channel_name: str | None = None
    trigger_id: str | None = None
    response_url: Url
    api_app_id: str | None = None
    enterprise_id: SlackId | None = None
    is_enterprise_install: Literal["true", "false"] | None = None


class BlockActions(_Model):
    """A button press request, as Slack sends it."""

    type: Literal["block_actions"]
    team: _Team
    user: _Actor
    actions: list[_Action] = Field(min_length=1, max_length=25)
    channel: _Channel | None = None
    container: _Container | None = None
    message: _Message | None = None
    trigger_id: str | None = None
    response_url: Url | None = None
    api_app_id: str | None = None
    enterprise: _Enterprise | None = None
    is_enterprise_install: bool | None = None


class ViewSubmission(_Model):
    """A modal submission request, as Slack sends it."""

    type: Literal["view_submission"]
    team: _Team
    user: _Actor
    view: _View
    trigger_id: str | None = None
    api_app_id: str | None = None
    enterprise: _Enterprise | None = None
    is_enterprise_install: bool | None = None


class EventCallback(_Model):
    """An Events API request (messages, mentions), as Slack sends it."""

    type: Literal["event_callback"]
    team_id: SlackId
    event: _Event
    event_id: str | None = None
    event_time: int | None = None
    api_app_id: str | None = None
    enterprise_id: SlackId | None = None
    is_enterprise_install: bool | None = None
    authorizations: list[_Authorization] = Field(default_factory=list, max_length=10)

    @field_validator("event")
    @classmethod
    def _has_what_the_bot_reads(cls, event: _Event) -> _Event:
        authored = event.type == "app_mention" or (
            event.type == "message"
            and (event.text or event.files)
            and not event.bot_id
            and event.subtype in (None, FILE_SHARE)
        )
        if authored and not (event.user and event.channel and event.ts):
            raise ValueError("a message event needs user, channel and ts")
        return event


class UrlVerification(_Model):
    """Slack's check that the request URL answers its challenge."""

    type: Literal["url_verification"]
    challenge: Annotated[str, StringConstraints(max_length=1000)]


class SslCheck(_Model):
    """Slack's check of the request URL's certificate."""

    ssl_check: Literal["1"]


_BY_TYPE: dict[str, type[_Model]] = {
    "block_actions": BlockActions,
    "view_submission": ViewSubmission,
    "event_callback": EventCallback,
    "url_verification": UrlVerification,
}


def checked(body: dict[str, Any]) -> dict[str, Any]:
    """The part of ``body`` the bot reads, or BadPayload naming what is wrong."""
    if "command" in body:
        model: type[_Model] = SlashCommand
    elif "ssl_check" in body:
        model = SslCheck
    else:
        found = _BY_TYPE.get(str(body.get("type")))
        if found is None:
            raise BadPayload("not a request type this app handles")
        model = found
    try:
        return model.model_validate(body).model_dump(exclude_none=True)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise BadPayload(f"{where}: {first['msg']}") from None
