"""Discord's 400s for bodies the client sends: messages, commands, autocomplete choices, modals, thread names."""

from __future__ import annotations

from tests.fakes.discord_server._constants import COMMAND_NAME, FLAG_COMPONENTS_V2, JSON, SELECT_TYPES
from tests.fakes.discord_server._errors import ApiError, form_error, invalid_form, merge
from tests.fakes.discord_server._models import walk_components


def validate_message_body(body: JSON, *, creating: bool = True, files: int = 0) -> None:
    errors: JSON = {}
    content = body.get("content")
    if content is not None and not isinstance(content, str):
        merge(errors, form_error("content", "BASE_TYPE_STRING", "Must be a string."))
    elif content is not None and len(content) > 2000:
        merge(errors, form_error("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."))
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        merge(errors, form_error("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."))
    limits = {"title": 256, "description": 4096}
    for index, embed in enumerate(embeds):
        total = 0
        for key, limit in limits.items():
            text = str(embed.get(key) or "")
            total += len(text)
            if len(text) > limit:
                message = f"Must be {limit} or fewer in length."
                merge(errors, form_error(f"embeds.{index}.{key}", "BASE_TYPE_MAX_LENGTH", message))
        fields = embed.get("fields") or []
        if len(fields) > 25:
            merge(
                errors,
                form_error(f"embeds.{index}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer."),
            )
        for f_index, embed_field in enumerate(fields):
            for key, limit in (("name", 256), ("value", 1024)):
                text = str(embed_field.get(key) or "")
                total += len(text)
                if not text or len(text) > limit:
                    code = "BASE_TYPE_REQUIRED" if not text else "BASE_TYPE_MAX_LENGTH"
                    path = f"embeds.{index}.fields.{f_index}.{key}"
                    merge(errors, form_error(path, code, f"Must be 1 to {limit} in length."))
        total += len(str((embed.get("footer") or {}).get("text") or ""))
        total += len(str((embed.get("author") or {}).get("name") or ""))
        if total > 6000:
            merge(
                errors,
                form_error(f"embeds.{index}", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds 6000."),
            )
    components = body.get("components") or []
    flags = int(body.get("flags") or 0)
    if flags & FLAG_COMPONENTS_V2:
        if content or embeds:
            message = "The 'content' and 'embeds' fields cannot be used when using IS_COMPONENTS_V2"
            merge(
                errors,
                form_error("content", "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2", message),
            )
    else:
        if len(components) > 5:
            merge(errors, form_error("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."))
        for index, row in enumerate(components):
            children = row.get("components") or []
            if row.get("type") != 1:
                message = "Component type must be an action row at the top level."
                merge(errors, form_error(f"components.{index}", "UNION_TYPE_CHOICES", message))
            elif not 1 <= len(children) <= 5 or (
                any(c.get("type") in SELECT_TYPES for c in children) and len(children) > 1
            ):
                message = "Action rows hold 1 to 5 buttons or exactly one select."
                merge(errors, form_error(f"components.{index}.components", "BASE_TYPE_BAD_LENGTH", message))
    seen: set[str] = set()
    for component in walk_components(components):
        custom_id = component.get("custom_id")
        if custom_id is not None:
            if not 1 <= len(str(custom_id)) <= 100:
                message = "custom_id must be 1 to 100 characters."
                merge(errors, form_error("components", "BASE_TYPE_BAD_LENGTH", message))
            if custom_id in seen:
                message = f"Component custom id cannot be duplicated ({custom_id})"
                merge(errors, form_error("components", "COMPONENT_CUSTOM_ID_DUPLICATED", message))
            seen.add(custom_id)
        if component.get("type") == 2 and len(str(component.get("label") or "")) > 80:
            merge(errors, form_error("components", "BASE_TYPE_MAX_LENGTH", "Button labels: 80 or fewer."))
        if component.get("type") == 3 and len(component.get("options") or []) > 25:
            merge(errors, form_error("components", "BASE_TYPE_MAX_LENGTH", "Selects: 25 options or fewer."))
    if errors:
        raise invalid_form(errors)
    has_anything = content or embeds or components or files or body.get("sticker_ids") or body.get("poll")
    if creating and not has_anything:
        raise ApiError(400, 50006, "Cannot send an empty message")


def validate_choices(data: JSON) -> None:
    choices = data.get("choices")
    if not isinstance(choices, list):
        raise invalid_form(form_error("data.choices", "BASE_TYPE_REQUIRED", "This field is required"))
    errors: JSON = {}
    if len(choices) > 25:
        merge(errors, form_error("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
    for index, choice in enumerate(choices):
        if not 1 <= len(str(choice.get("name") or "")) <= 100:
            message = "Must be between 1 and 100 in length."
            merge(errors, form_error(f"data.choices.{index}.name", "BASE_TYPE_BAD_LENGTH", message))
        if isinstance(choice.get("value"), str) and len(choice["value"]) > 100:
            message = "Must be 100 or fewer in length."
            merge(errors, form_error(f"data.choices.{index}.value", "BASE_TYPE_MAX_LENGTH", message))
    if errors:
        raise invalid_form(errors)


def validate_modal(data: JSON) -> None:
    errors: JSON = {}
    if not 1 <= len(str(data.get("title") or "")) <= 45:
        merge(
            errors,
            form_error("data.title", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length."),
        )
    if not 1 <= len(str(data.get("custom_id") or "")) <= 100:
        message = "Must be between 1 and 100 in length."
        merge(errors, form_error("data.custom_id", "BASE_TYPE_BAD_LENGTH", message))
    components = data.get("components") or []
    if not 1 <= len(components) <= 5:
        merge(errors, form_error("data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5."))
    for component in walk_components(components):
        if component.get("type") in (4, 18) and len(str(component.get("label") or "")) > 45:
            message = "Labels must be 45 or fewer in length."
            merge(errors, form_error("data.components", "BASE_TYPE_MAX_LENGTH", message))
    if errors:
        raise invalid_form(errors)


def validate_command(command: JSON, path: str, errors: JSON) -> None:
    prefix = f"{path}." if path else ""
    kind = command.get("type", 1)
    name = command.get("name")
    if not isinstance(name, str) or not COMMAND_NAME.fullmatch(name) or (kind == 1 and name != name.lower()):
        merge(
            errors,
            form_error(prefix + "name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid command name"),
        )
    description = command.get("description") or ""
    if kind == 1 and not 1 <= len(description) <= 100:
        message = "Must be between 1 and 100 in length."
        merge(errors, form_error(prefix + "description", "BASE_TYPE_BAD_LENGTH", message))
    if command.get("options"):
        validate_options(command["options"], prefix + "options", errors, depth=0)


def validate_options(options: list[JSON], path: str, errors: JSON, *, depth: int) -> None:
    if len(options) > 25:
        merge(errors, form_error(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
    names = [o.get("name") for o in options]
    seen_optional = False
    for index, option in enumerate(options):
        where = f"{path}.{index}"
        kind = option.get("type")
        name = option.get("name")
        if not isinstance(name, str) or not COMMAND_NAME.fullmatch(name) or name != name.lower():
            merge(errors, form_error(f"{where}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name"))
        if names.count(name) > 1:
            message = "Option names must be unique"
            merge(
                errors,
                form_error(f"{where}.name", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", message),
            )
        if not 1 <= len(option.get("description") or "") <= 100:
            message = "Must be between 1 and 100 in length."
            merge(errors, form_error(f"{where}.description", "BASE_TYPE_BAD_LENGTH", message))
        if kind in (1, 2):
            if depth >= (1 if kind == 2 else 2):
                message = "Subcommands nest at most group > subcommand"
                merge(errors, form_error(where, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", message))
            validate_options(option.get("options") or [], f"{where}.options", errors, depth=depth + 1)
            continue
        if option.get("required"):
            if seen_optional:
                message = "Required options must be placed before non-required options"
                merge(errors, form_error(where, "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", message))
        else:
            seen_optional = True
        choices = option.get("choices") or []
        if len(choices) > 25:
            merge(errors, form_error(f"{where}.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer."))
        if choices and option.get("autocomplete"):
            message = "Autocomplete and choices are mutually exclusive"
            merge(
                errors,
                form_error(f"{where}.autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", message),
            )


def check_thread_name(name: object) -> None:
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        raise invalid_form(form_error("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."))
