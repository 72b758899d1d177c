"""Discord's documented size limits, checked field by field with the paths Discord names in a 50035.

Limits (Discord developer docs: "Message resource" / "Embed limits", "Component reference",
"Receiving and responding to interactions"): content 2,000; 10 embeds a message; an embed's title 256,
description 4,096, 25 fields, field name 256 and value 1,024, footer 2,048, author name 256, and 6,000
characters across all the embeds of a message; 5 action rows of 1 to 5 buttons (or one select);
``custom_id`` 1 to 100; button label 80; select options 25; a modal's title 45 and 1 to 5 components;
text input label 45, placeholder 100, value and ``min_length``/``max_length`` 4,000.
"""

from __future__ import annotations

from collections.abc import Iterator

from tests.fakes.discord_server._constants import JSON, SELECT_TYPES
from tests.fakes.discord_server._errors import form_error, merge

CONTENT = 2000
EMBEDS = 10
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER_TEXT = 2048
AUTHOR_NAME = 256
EMBED_TOTAL = 6000
ATTACHMENT_DESCRIPTION = 1024  # an attachment's description (alt text)
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024  # a bot's upload limit outside boosted guilds (attachment_size_limit)
MAX_FILES = 10  # files per message
ACTION_ROWS = 5
ROW_BUTTONS = 5
CUSTOM_ID = 100
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
MODAL_TITLE = 45
MODAL_COMPONENTS = 5
INPUT_LABEL = 45
INPUT_PLACEHOLDER = 100
INPUT_VALUE = 4000
CHOICES = 25
BUTTON, TEXT_INPUT, LABEL = 2, 4, 18


def too_long(errors: JSON, path: str, limit: int) -> None:
    merge(errors, form_error(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."))


def bad_length(errors: JSON, path: str, low: int, high: int) -> None:
    merge(errors, form_error(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length."))


def required(errors: JSON, path: str) -> None:
    merge(errors, form_error(path, "BASE_TYPE_REQUIRED", "This field is required"))


def check_text(errors: JSON, path: str, value: object, limit: int, *, needed: bool = False) -> int:
    """Refuse a missing (when needed) or too long string; return its length for the embed total."""
    text = "" if value is None else str(value)
    if needed and not text:
        required(errors, path)
    elif len(text) > limit:
        too_long(errors, path, limit)
    return len(text)


def check_embeds(errors: JSON, embeds: list[JSON]) -> None:
    if len(embeds) > EMBEDS:
        too_long(errors, "embeds", EMBEDS)
    total = 0
    for index, embed in enumerate(embeds):
        where = f"embeds.{index}"
        total += check_text(errors, f"{where}.title", embed.get("title"), EMBED_TITLE)
        total += check_text(errors, f"{where}.description", embed.get("description"), EMBED_DESCRIPTION)
        fields = embed.get("fields") or []
        if len(fields) > EMBED_FIELDS:
            too_long(errors, f"{where}.fields", EMBED_FIELDS)
        for f_index, field in enumerate(fields):
            total += check_text(errors, f"{where}.fields.{f_index}.name", field.get("name"), FIELD_NAME, needed=True)
            value = field.get("value")
            total += check_text(errors, f"{where}.fields.{f_index}.value", value, FIELD_VALUE, needed=True)
        footer, author = embed.get("footer"), embed.get("author")
        if isinstance(footer, dict):
            total += check_text(errors, f"{where}.footer.text", footer.get("text"), FOOTER_TEXT, needed=True)
        if isinstance(author, dict):
            total += check_text(errors, f"{where}.author.name", author.get("name"), AUTHOR_NAME, needed=True)
    # The 6,000 is counted over every embed of the message, and reported on "embeds" itself.
    if total > EMBED_TOTAL:
        message = f"Embed size exceeds maximum size of {EMBED_TOTAL}"
        merge(errors, form_error("embeds", "MAX_EMBED_SIZE_EXCEEDED", message))


def with_paths(components: list[JSON], path: str) -> Iterator[tuple[str, JSON]]:
    """Every component with its error path, e.g. ``components.0.components.2``."""
    for index, component in enumerate(components):
        where = f"{path}.{index}"
        yield where, component
        yield from with_paths(component.get("components") or [], f"{where}.components")
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                yield from with_paths([component[key]], f"{where}.{key}")


def check_rows(errors: JSON, components: list[JSON], path: str) -> None:
    """The legacy layout: at most 5 action rows, each of 1 to 5 buttons or exactly one select."""
    if len(components) > ACTION_ROWS:
        too_long(errors, path, ACTION_ROWS)
    for index, row in enumerate(components):
        children = row.get("components") or []
        if row.get("type") != 1:
            message = "Component type must be an action row at the top level."
            merge(errors, form_error(f"{path}.{index}", "UNION_TYPE_CHOICES", message))
        elif not 1 <= len(children) <= ROW_BUTTONS:
            bad_length(errors, f"{path}.{index}.components", 1, ROW_BUTTONS)
        elif any(child.get("type") in SELECT_TYPES for child in children) and len(children) > 1:
            # A select takes the whole row: Discord names each component that no longer fits.
            message = "The specified component exceeds the maximum width"
            for extra in range(1, len(children)):
                where = f"{path}.{index}.components.{extra}"
                merge(errors, form_error(where, "COMPONENT_LAYOUT_WIDTH_EXCEEDED", message))


def check_component_fields(errors: JSON, components: list[JSON], path: str) -> None:
    """Per-component limits: custom_id (unique), button label, select options, text inputs."""
    seen: set[str] = set()
    for where, component in with_paths(components, path):
        kind = component.get("type")
        custom_id = component.get("custom_id")
        if custom_id is not None:
            if not 1 <= len(str(custom_id)) <= CUSTOM_ID:
                bad_length(errors, f"{where}.custom_id", 1, CUSTOM_ID)
            elif custom_id in seen:
                message = f"Component custom id cannot be duplicated ({custom_id})"
                merge(errors, form_error(f"{where}.custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", message))
            seen.add(str(custom_id))
        if kind == BUTTON:
            check_text(errors, f"{where}.label", component.get("label"), BUTTON_LABEL)
        elif kind == 3 and not 1 <= len(component.get("options") or []) <= SELECT_OPTIONS:
            bad_length(errors, f"{where}.options", 1, SELECT_OPTIONS)
        elif kind == TEXT_INPUT:
            check_text_input(errors, where, component)
        elif kind == LABEL:
            check_text(errors, f"{where}.label", component.get("label"), INPUT_LABEL, needed=True)


def check_text_input(errors: JSON, where: str, component: JSON) -> None:
    if "label" in component:  # a text input inside a Label component carries no label of its own
        check_text(errors, f"{where}.label", component.get("label"), INPUT_LABEL, needed=True)
    check_text(errors, f"{where}.placeholder", component.get("placeholder"), INPUT_PLACEHOLDER)
    check_text(errors, f"{where}.value", component.get("value"), INPUT_VALUE)
    for key, low in (("min_length", 0), ("max_length", 1)):
        number = component.get(key)
        if isinstance(number, int) and number > INPUT_VALUE:
            message = f"int value should be less than or equal to {INPUT_VALUE}."
            merge(errors, form_error(f"{where}.{key}", "NUMBER_TYPE_MAX", message))
        elif isinstance(number, int) and number < low:
            message = f"int value should be greater than or equal to {low}."
            merge(errors, form_error(f"{where}.{key}", "NUMBER_TYPE_MIN", message))


def check_modal(errors: JSON, data: JSON) -> None:
    check_text(errors, "data.title", data.get("title"), MODAL_TITLE, needed=True)
    custom_id = str(data.get("custom_id") or "")
    if not 1 <= len(custom_id) <= CUSTOM_ID:
        bad_length(errors, "data.custom_id", 1, CUSTOM_ID)
    components = data.get("components") or []
    if not components:
        required(errors, "data.components")
    elif len(components) > MODAL_COMPONENTS:
        too_long(errors, "data.components", MODAL_COMPONENTS)
    check_component_fields(errors, components, "data.components")


def check_choices(errors: JSON, choices: list[JSON]) -> None:
    if len(choices) > CHOICES:
        too_long(errors, "data.choices", CHOICES)
    for index, choice in enumerate(choices):
        name = str(choice.get("name") or "")
        if not 1 <= len(name) <= 100:
            bad_length(errors, f"data.choices.{index}.name", 1, 100)
        if isinstance(choice.get("value"), str) and len(choice["value"]) > 100:
            too_long(errors, f"data.choices.{index}.value", 100)
