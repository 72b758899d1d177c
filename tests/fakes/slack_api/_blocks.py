"""Block Kit limits, as Slack enforces them: what the stand-in refuses in messages and modals.

Each problem is reported the way Slack words it: ``must be less than 3001 characters
[json-pointer:/blocks/0/text/text]``. Messages refuse with ``invalid_blocks`` (plus ``errors`` and
``response_metadata.messages``), views with ``invalid_arguments`` and ``response_metadata.messages``.

Documented limits (Block Kit reference): 50 blocks a message, 100 a modal; section text 3,000 and
10 fields of 2,000; header 150, plain_text only; context 10 elements; actions 25 elements; button
text 75, value 2,000, url 3,000; ``action_id`` and ``block_id`` 255; text objects need at least one
character and are ``plain_text`` or ``mrkdwn``; modal title, submit and close 24, plain_text;
``callback_id`` 255; ``private_metadata`` 3,000; input label 2,000, hint 2,000, placeholder 150;
100 options in a select; a modal with an input block needs ``submit``.
"""

from __future__ import annotations

from typing import Any

BLOCKS_PER_MESSAGE = 50
BLOCKS_PER_MODAL = 100
MESSAGE_TEXT_LIMIT = 40_000

_TEXT_TYPES = ("plain_text", "mrkdwn")
_MESSAGE_BLOCKS = frozenset({"section", "header", "context", "actions", "divider", "image", "rich_text", "markdown"})
_MODAL_BLOCKS = _MESSAGE_BLOCKS | {"input"}
_BUTTON_STYLES = ("primary", "danger")


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, message: str, pointer: str) -> None:
        self.problems.append(f"{message} [json-pointer:{pointer}]")

    def string(self, value: Any, pointer: str, *, limit: int, required: bool = True, minimum: int = 0) -> None:
        if value is None:
            if required:
                self.fail("must provide a string", pointer)
            return
        if not isinstance(value, str):
            self.fail("must provide a string", pointer)
        elif len(value) > limit:
            self.fail(f"must be less than {limit + 1} characters", pointer)
        elif len(value) < minimum:
            self.fail(f"must be more than {minimum - 1} characters", pointer)

    def text(self, value: Any, pointer: str, *, limit: int, plain_only: bool = False, required: bool = True) -> None:
        """A text object: ``{"type": "plain_text"|"mrkdwn", "text": "..."}``, 1..limit characters."""
        if value is None and not required:
            return
        if not isinstance(value, dict):
            self.fail("must provide an object", pointer)
            return
        kind = value.get("type")
        allowed = ("plain_text",) if plain_only else _TEXT_TYPES
        if kind not in allowed:
            self.fail("must be a valid enum value", f"{pointer}/type")
        if kind == "mrkdwn" and "emoji" in value:
            self.fail("is not a valid property of mrkdwn", f"{pointer}/emoji")
        self.string(value.get("text"), f"{pointer}/text", limit=limit, minimum=1)

    def ids(self, item: dict[str, Any], pointer: str, *names: str) -> None:
        for name in names:
            self.string(item.get(name), f"{pointer}/{name}", limit=255, required=False, minimum=1)

    def items(self, value: Any, pointer: str, *, limit: int, minimum: int = 0) -> list[Any]:
        if not isinstance(value, list):
            self.fail("must provide an array", pointer)
            return []
        if len(value) > limit:
            self.fail(f"no more than {limit} items allowed", pointer)
        elif len(value) < minimum:
            self.fail(f"must provide at least {minimum} items", pointer)
        return value

    def element(self, element: Any, pointer: str) -> None:
        if not isinstance(element, dict):
            self.fail("must provide an object", pointer)
            return
        self.ids(element, pointer, "action_id")
        kind = element.get("type")
        if kind == "button":
            self.text(element.get("text"), f"{pointer}/text", limit=75, plain_only=True)
            self.string(element.get("value"), f"{pointer}/value", limit=2000, required=False)
            self.string(element.get("url"), f"{pointer}/url", limit=3000, required=False)
            if "style" in element and element["style"] not in _BUTTON_STYLES:
                self.fail("must be a valid enum value", f"{pointer}/style")
        elif kind in ("static_select", "multi_static_select", "overflow", "radio_buttons", "checkboxes"):
            for index, option in enumerate(self.items(element.get("options"), f"{pointer}/options", limit=100)):
                self.text((option or {}).get("text"), f"{pointer}/options/{index}/text", limit=75)
                self.string((option or {}).get("value"), f"{pointer}/options/{index}/value", limit=150)
        elif kind == "plain_text_input":
            self.text(element.get("placeholder"), f"{pointer}/placeholder", limit=150, plain_only=True, required=False)
            max_length = element.get("max_length", 3000)
            if not isinstance(max_length, int) or not 1 <= max_length <= 3000:
                self.fail("must be between 1 and 3000", f"{pointer}/max_length")
            self.string(element.get("initial_value"), f"{pointer}/initial_value", limit=3000, required=False)

    def block(self, block: Any, pointer: str, allowed: frozenset[str]) -> None:
        if not isinstance(block, dict):
            self.fail("must provide an object", pointer)
            return
        kind = block.get("type")
        if kind not in allowed:
            self.fail(f"unsupported type: {kind}", f"{pointer}/type")
            return
        self.ids(block, pointer, "block_id")
        if kind == "section":
            if "text" not in block and "fields" not in block:
                self.fail("must provide either text or fields", pointer)
            self.text(block.get("text"), f"{pointer}/text", limit=3000, required=False)
            if "fields" in block:
                for index, field in enumerate(self.items(block["fields"], f"{pointer}/fields", limit=10, minimum=1)):
                    self.text(field, f"{pointer}/fields/{index}", limit=2000)
            if "accessory" in block:
                self.element(block["accessory"], f"{pointer}/accessory")
        elif kind == "header":
            self.text(block.get("text"), f"{pointer}/text", limit=150, plain_only=True)
        elif kind == "context":
            for index, item in enumerate(self.items(block.get("elements"), f"{pointer}/elements", limit=10, minimum=1)):
                if isinstance(item, dict) and item.get("type") in _TEXT_TYPES:
                    self.text(item, f"{pointer}/elements/{index}", limit=3000)
        elif kind == "actions":
            for index, item in enumerate(self.items(block.get("elements"), f"{pointer}/elements", limit=25, minimum=1)):
                self.element(item, f"{pointer}/elements/{index}")
        elif kind == "input":
            self.text(block.get("label"), f"{pointer}/label", limit=2000, plain_only=True)
            self.text(block.get("hint"), f"{pointer}/hint", limit=2000, plain_only=True, required=False)
            self.element(block.get("element"), f"{pointer}/element")
        elif kind == "markdown":
            self.string(block.get("text"), f"{pointer}/text", limit=12_000, minimum=1)

    def blocks(self, blocks: Any, pointer: str, *, limit: int, allowed: frozenset[str]) -> None:
        for index, block in enumerate(self.items(blocks, pointer, limit=limit)):
            self.block(block, f"{pointer}/{index}", allowed)


def message_block_problems(blocks: Any) -> list[str]:
    """What Slack would refuse in a message's ``blocks`` (empty when it would accept them)."""
    checker = _Checker()
    checker.blocks(blocks, "/blocks", limit=BLOCKS_PER_MESSAGE, allowed=_MESSAGE_BLOCKS)
    return checker.problems


def view_problems(view: dict[str, Any]) -> list[str]:
    """What Slack would refuse in a modal view."""
    checker = _Checker()
    checker.text(view.get("title"), "/view/title", limit=24, plain_only=True)
    checker.text(view.get("submit"), "/view/submit", limit=24, plain_only=True, required=False)
    checker.text(view.get("close"), "/view/close", limit=24, plain_only=True, required=False)
    checker.string(view.get("callback_id"), "/view/callback_id", limit=255, required=False)
    checker.string(view.get("private_metadata"), "/view/private_metadata", limit=3000, required=False)
    checker.string(view.get("external_id"), "/view/external_id", limit=255, required=False)
    blocks = view.get("blocks", [])
    checker.blocks(blocks, "/view/blocks", limit=BLOCKS_PER_MODAL, allowed=frozenset(_MODAL_BLOCKS))
    has_input = isinstance(blocks, list) and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
    if has_input and "submit" not in view:
        checker.fail("must define `submit` to use `input` block", "/view/blocks/0/input")
    return checker.problems
