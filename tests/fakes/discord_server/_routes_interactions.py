"""REST handlers for interaction callbacks and the interaction webhook (original response and followups)."""

from __future__ import annotations

import time
from typing import Any

from tests.fakes.discord_server._constants import (
    ALLOWED_CALLBACKS,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    JSON,
    MODAL,
    UPDATE_MESSAGE,
)
from tests.fakes.discord_server._errors import ApiError, form_error, invalid_form
from tests.fakes.discord_server._json import json_copy
from tests.fakes.discord_server._messages import MessageStore
from tests.fakes.discord_server._models import FakeInteraction, InteractionResponse, RestRequest, StoredMessage
from tests.fakes.discord_server._validation import validate_choices, validate_message_body, validate_modal

TRUE_WORDS = frozenset({"true", "True", "1"})
FALSE_WORDS = frozenset({"false", "False", "0"})


def query_boolean(query: dict[str, str], name: str) -> bool:
    """A boolean query parameter as Discord reads it: absent is false, a word it cannot read is a 400."""
    value = query.get(name)
    if value is None or value in FALSE_WORDS:
        return False
    if value in TRUE_WORDS:
        return True
    raise invalid_form(form_error(name, "BOOLEAN_TYPE_COERCE", f'Value "{value}" is not a boolean.'))


class InteractionRoutes(MessageStore):
    """``/interactions/.../callback`` and ``/webhooks/{app}/{token}`` routes; every attempt is recorded."""

    # -- callbacks -------------------------------------------------------------------------------------------

    async def _callback(self, req: RestRequest, interaction_id: str, token: str) -> tuple[int, Any]:
        interaction = self._interactions.get(int(interaction_id))
        if interaction is None or interaction.token != token:
            raise ApiError(404, 10062, "Unknown interaction")
        body = req.json if isinstance(req.json, dict) else {}
        try:
            with_response = query_boolean(req.query, "with_response")
            status, callback = self._accept_callback(interaction, body, req.files)
            return (status, callback) if with_response else (204, None)  # Discord: 204 unless asked
        except ApiError as error:
            raw = body.get("data")
            data: JSON = raw if isinstance(raw, dict) else {}
            flags = int(data.get("flags") or 0)
            self._record(interaction, "callback", body.get("type"), data, flags, None, error=error)
            raise

    def _accept_callback(self, interaction: FakeInteraction, body: JSON, files: list[JSON]) -> tuple[int, Any]:
        if interaction.callback_type is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if self.callback_deadline is not None and time.monotonic() - interaction.created > self.callback_deadline:
            raise ApiError(404, 10062, "Unknown interaction")
        kind = body.get("type")
        data: JSON = body.get("data") or {}
        if kind not in ALLOWED_CALLBACKS.get(interaction.type, frozenset()) or (
            kind in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE) and interaction.message_id is None
        ):
            raise invalid_form(form_error("type", "INTERACTION_RESPONSE_TYPE_INVALID", f"Bad response type {kind}"))
        resource: JSON = {"type": kind}
        message: StoredMessage | None = None
        attachments = self._attachments_for(files, data)
        if kind == CHANNEL_MESSAGE:
            validate_message_body(data, files=len(attachments))
            flags = int(data.get("flags") or 0)
            message = self._create_message(
                interaction.channel_id,
                self.bot_user,
                data,
                interaction=interaction,
                flags=flags,
                attachments=attachments,
            )
            interaction.original_message_id = message.id
        elif kind == DEFERRED_CHANNEL_MESSAGE:
            flags = FLAG_LOADING | (int(data.get("flags") or 0) & FLAG_EPHEMERAL)
            message = self._create_message(
                interaction.channel_id, self.bot_user, {}, interaction=interaction, flags=flags
            )
            interaction.original_message_id = message.id
        elif kind == DEFERRED_UPDATE_MESSAGE:
            interaction.original_message_id = interaction.message_id
        elif kind == UPDATE_MESSAGE:
            target = self._message_index[interaction.message_id or 0]
            self._edit_message(target, data, attachments)
            interaction.original_message_id = target.id
            message = target
        elif kind == AUTOCOMPLETE_RESULT:
            validate_choices(data)
        elif kind == MODAL:
            validate_modal(data)
            interaction.modal = json_copy(data)
            self._modals.append((interaction, interaction.modal))
        interaction.callback_type = kind
        flags = message.flags if message is not None else int(data.get("flags") or 0)
        self._record(interaction, "callback", kind, data, flags, None if message is None else message.id)
        summary: JSON = {"id": str(interaction.id), "type": interaction.type}
        if message is not None:
            summary["response_message_id"] = str(message.id)
            summary["response_message_loading"] = message.loading
            summary["response_message_ephemeral"] = message.ephemeral
            resource["message"] = self._message_payload(message)
        return 200, {"interaction": summary, "resource": resource}

    def _record(
        self,
        interaction: FakeInteraction,
        kind: str,
        ctype: int | None,
        data: Any,
        flags: int,
        message_id: int | None,
        *,
        error: ApiError | None = None,
    ) -> None:
        entry = InteractionResponse(
            kind,
            ctype,
            json_copy(data) if isinstance(data, dict) else {},
            flags,
            message_id,
            time.monotonic(),
            status=200 if error is None else error.status,
            error=None if error is None else error.code,
        )
        self._responses.setdefault(interaction.id, []).append(entry)

    # -- the interaction webhook -----------------------------------------------------------------------------

    def _hook_interaction(self, app_id: str, token: str) -> FakeInteraction:
        interaction = self._interactions_by_token.get(token)
        if interaction is None or int(app_id) != self.application_id:
            raise ApiError(404, 10015, "Unknown Webhook")
        lifetime = self.interaction_token_lifetime
        if lifetime is not None and time.monotonic() - interaction.created > lifetime:
            raise ApiError(401, 50027, "Invalid Webhook Token")
        return interaction

    def _hook_message(self, interaction: FakeInteraction, message_id: str) -> StoredMessage:
        wanted = interaction.original_message_id if message_id == "@original" else int(message_id)
        allowed = {interaction.original_message_id, *interaction.followup_ids}
        message = self._message_index.get(wanted or 0)
        if message is None or message.deleted or wanted not in allowed:
            raise ApiError(404, 10008, "Unknown Message")
        return message

    async def _get_hook_msg(self, req: RestRequest, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        interaction = self._hook_interaction(app_id, token)
        return 200, self._message_payload(self._hook_message(interaction, message_id))

    async def _edit_hook_msg(self, req: RestRequest, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        interaction = self._hook_interaction(app_id, token)
        body = req.json if isinstance(req.json, dict) else {}
        kind = "edit_original" if message_id == "@original" else "edit_followup"
        try:
            message = self._hook_message(interaction, message_id)
            self._edit_message(message, body, self._attachments_for(req.files, body))
        except ApiError as error:
            self._record(interaction, kind, None, body, int(body.get("flags") or 0), None, error=error)
            raise
        self._record(interaction, kind, None, body, message.flags, message.id)
        return 200, self._message_payload(message)

    async def _del_hook_msg(self, req: RestRequest, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        interaction = self._hook_interaction(app_id, token)
        kind = "delete_original" if message_id == "@original" else "delete_followup"
        try:
            message = self._hook_message(interaction, message_id)
        except ApiError as error:
            self._record(interaction, kind, None, {}, 0, None, error=error)
            raise
        self._delete_message(message)
        self._record(interaction, kind, None, {}, message.flags, message.id)
        return 204, None

    async def _followup(self, req: RestRequest, app_id: str, token: str) -> tuple[int, Any]:
        interaction = self._hook_interaction(app_id, token)
        body = req.json if isinstance(req.json, dict) else {}
        try:
            return self._accept_followup(interaction, body, req.files, req.query)
        except ApiError as error:
            self._record(interaction, "followup", None, body, int(body.get("flags") or 0), None, error=error)
            raise

    def _accept_followup(
        self, interaction: FakeInteraction, body: JSON, files: list[JSON], query: dict[str, str]
    ) -> tuple[int, Any]:
        if interaction.callback_type is None:
            raise ApiError(404, 10015, "Unknown Webhook")
        attachments = self._attachments_for(files, body)
        original = self._message_index.get(interaction.original_message_id or 0)
        if (
            interaction.callback_type == DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and original.loading
            and not original.deleted
        ):
            # Discord: the first followup after a "thinking" defer replaces the loading message.
            validate_message_body(body, files=len(attachments))
            self._edit_message(original, body, attachments)
            message = original
        else:
            validate_message_body(body, files=len(attachments))
            flags = int(body.get("flags") or 0)
            thread_id = query.get("thread_id")
            channel_id = int(thread_id) if thread_id else interaction.channel_id
            message = self._create_message(
                channel_id, self.bot_user, body, interaction=interaction, flags=flags, attachments=attachments
            )
        interaction.followup_ids.append(message.id)
        self._record(interaction, "followup", None, body, message.flags, message.id)
        if query.get("wait", "false").lower() in ("1", "true"):
            return 200, self._message_payload(message)
        return 204, None
