"""The test-driving API: what Discord users do (post, run slash commands, autocomplete, click, pick, submit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tests.fakes.discord_server._constants import APPLICATION_COMMAND, AUTOCOMPLETE, JSON, MODAL_SUBMIT, SELECT_TYPES
from tests.fakes.discord_server._invocation import CommandInvocation
from tests.fakes.discord_server._models import FakeInteraction, FakeUser, StoredMessage, walk_components
from tests.fakes.discord_server._validation import validate_message_body


class Driving(CommandInvocation):
    """Things Discord users do, each ending in a gateway event for the client."""

    async def post_message(
        self,
        channel_id: int,
        content: str,
        *,
        user: FakeUser | None = None,
        embeds: Sequence[JSON] = (),
        components: Sequence[JSON] = (),
        reply_to: int | None = None,
        files: Sequence[tuple[str, bytes, str]] = (),
    ) -> StoredMessage:
        """A user (member by default; the bot too, to seed "earlier" messages) posts; sends MESSAGE_CREATE.

        ``files`` are (filename, bytes, content type) attachments, served afterwards at their CDN URL."""
        author = user or self.member_user
        self._require_channel(channel_id)
        body: JSON = {"content": content, "embeds": list(embeds), "components": list(components)}
        if reply_to is not None:
            body["message_reference"] = {"message_id": str(reply_to)}
        validate_message_body(body, files=len(files))
        uploads = [{"filename": name, "size": len(data), "content_type": kind} for name, data, kind in files]
        attachments = self._attachments_for(uploads)
        for attachment, (_, data, _) in zip(attachments, files, strict=True):
            self.attachment_data[attachment["id"]] = data
        return self._create_message(channel_id, author, body, attachments=attachments)

    async def slash_command(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser | None = None,
        channel_id: int | None = None,
        locale: str = "en-US",
        enforce_permissions: bool = True,
    ) -> FakeInteraction:
        """Invoke a synced chat-input command, as the Discord client would (INTERACTION_CREATE type 2).

        ``name`` may be a path ("mock start"); otherwise pick subcommands through nested options:
        ``slash_command("mock", {"start": {"question": "x"}})``. Users are FakeUser or ids; choice options
        accept the choice's value or its name.
        """
        return self._command_interaction(
            APPLICATION_COMMAND, name, options or {}, None, user, channel_id, locale, enforce_permissions
        )

    async def autocomplete(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        focused: str,
        user: FakeUser | None = None,
        channel_id: int | None = None,
        locale: str = "en-US",
    ) -> FakeInteraction:
        """The user is typing into option ``focused`` (an autocomplete option) of a synced command."""
        return self._command_interaction(AUTOCOMPLETE, name, options or {}, focused, user, channel_id, locale, False)

    async def press_button(
        self, custom_id: str, *, message_id: int | None = None, user: FakeUser | None = None
    ) -> FakeInteraction:
        """Click a button on a stored message (the latest one carrying ``custom_id`` unless given)."""
        message, component = self._find_component(custom_id, message_id)
        if component.get("type") != 2:
            raise ValueError(f"component {custom_id!r} is of type {component.get('type')}, not a button")
        return self._component_interaction(message, component, {}, user)

    async def select(
        self,
        custom_id: str,
        values: Sequence[str | int],
        *,
        message_id: int | None = None,
        user: FakeUser | None = None,
    ) -> FakeInteraction:
        """Pick ``values`` in a select menu on a stored message."""
        message, component = self._find_component(custom_id, message_id)
        if component.get("type") not in SELECT_TYPES:
            raise ValueError(f"component {custom_id!r} is of type {component.get('type')}, not a select")
        picked = [str(v) for v in values]
        if component.get("type") == 3:
            allowed = {o["value"] for o in component.get("options", [])}
            if not set(picked) <= allowed:
                raise ValueError(f"{picked} not among the select's options {sorted(allowed)}")
        low, high = component.get("min_values", 1), component.get("max_values", 1)
        if not low <= len(picked) <= high:
            raise ValueError(f"select {custom_id!r} takes {low}..{high} values, got {len(picked)}")
        return self._component_interaction(message, component, {"values": picked}, user)

    async def submit_modal(
        self, custom_id: str | None, values: Mapping[str, Any], *, user: FakeUser | None = None
    ) -> FakeInteraction:
        """Submit a modal the client showed (``custom_id`` None: the latest) with values by field id."""
        opener, modal = self._find_modal(custom_id, user)
        submitter = user or opener.user
        unknown = set(values) - {
            c["custom_id"] for c in walk_components(modal.get("components", [])) if "custom_id" in c
        }
        if unknown:
            raise ValueError(f"modal {modal.get('custom_id')!r} has no fields {sorted(unknown)}")
        data = {
            "custom_id": modal["custom_id"],
            "components": self._modal_submission(modal.get("components", []), values),
        }
        message = self._message_index.get(opener.message_id) if opener.message_id else None
        return self._dispatch_interaction(
            MODAL_SUBMIT, data, submitter, opener.channel_id, name=modal["custom_id"], message=message
        )
