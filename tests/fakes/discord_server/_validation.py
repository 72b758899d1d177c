"""Discord's 400s for bodies the client sends: messages, commands, autocomplete choices, modals, thread names."""

from __future__ import annotations

from tests.fakes.discord_server._constants import COMMAND_NAME, FLAG_COMPONENTS_V2, JSON
from tests.fakes.discord_server._errors import ApiError, form_error, invalid_form, merge
from tests.fakes.discord_server._limits import (
    ATTACHMENT_DESCRIPTION,
    ATTACHMENT_SIZE_LIMIT,
    CONTENT,
    MAX_FILES,
    check_choices,
    check_component_fields,
    check_embeds,
    check_modal,
    check_rows,
    check_text,
)


def validate_message_body(body: JSON, *, creating: bool = True, files: int = 0) -> None:
    errors: JSON = {}
    content = body.get("content")
    if content is not None and not isinstance(content, str):
        merge(errors, form_error("content", "BASE_TYPE_STRING", "Must be a string."))
    elif content is not None:
        check_text(errors, "content", content, CONTENT)
    embeds = body.get("embeds") or []
    check_embeds(errors, embeds)
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
        check_rows(errors, components, "components")
    check_component_fields(errors, components, "components")
    if errors:
        raise invalid_form(errors)
    has_anything = content or embeds or components or files or body.get("sticker_ids") or body.get("poll")
    if creating and not has_anything:
        raise ApiError(400, 50006, "Cannot send an empty message")


def validate_attachments(body: JSON, files: list[JSON]) -> dict[str, str]:
    """Each uploaded file's description (by form field, `files[n]`), refusing what Discord refuses:
    more than 10 files, a file over the upload limit (413 / 40005), a description over 1,024 characters.
    Docs: *Message Resource → Create Message* (Uploading Files, Attachment Object)."""
    if len(files) > MAX_FILES:
        raise invalid_form(form_error("files", "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_FILES} or fewer in length."))
    for file in files:
        if file["size"] > ATTACHMENT_SIZE_LIMIT:
            raise ApiError(413, 40005, "Request entity too large")
    errors: JSON = {}
    described: dict[str, str] = {}
    for index, attachment in enumerate(body.get("attachments") or []):
        description = attachment.get("description")
        if description is None:
            continue
        if len(description) > ATTACHMENT_DESCRIPTION:
            message = f"Must be {ATTACHMENT_DESCRIPTION} or fewer in length."
            merge(errors, form_error(f"attachments.{index}.description", "BASE_TYPE_MAX_LENGTH", message))
        described[f"files[{attachment.get('id')}]"] = description
    if errors:
        raise invalid_form(errors)
    return described


def validate_choices(data: JSON) -> None:
    choices = data.get("choices")
    if not isinstance(choices, list):
        raise invalid_form(form_error("data.choices", "BASE_TYPE_REQUIRED", "This field is required"))
    errors: JSON = {}
    check_choices(errors, choices)
    if errors:
        raise invalid_form(errors)


def validate_modal(data: JSON) -> None:
    errors: JSON = {}
    check_modal(errors, data)
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
            merge(errors, form_error(f"{where}.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
        if choices and option.get("autocomplete"):
            message = "Autocomplete and choices are mutually exclusive"
            merge(
                errors,
                form_error(f"{where}.autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", message),
            )


def check_thread_name(name: object) -> None:
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        raise invalid_form(form_error("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."))
