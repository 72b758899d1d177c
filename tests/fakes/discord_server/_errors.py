"""Discord-shaped errors: :class:`ApiError` (status + JSON code) and the nested ``errors`` of a 50035."""

from __future__ import annotations

from tests.fakes.discord_server._constants import JSON


def form_error(path: str, code: str, message: str) -> JSON:
    """Discord's nested ``errors`` object for one failing field, e.g. ``"embeds.0.title"``."""
    node: JSON = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(path.split(".")):
        node = {part: node}
    return node


def merge(into: JSON, extra: JSON) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value


class ApiError(Exception):
    """A Discord-style error response: HTTP status plus JSON ``{"message", "code", "errors"?}``."""

    def __init__(self, status: int, code: int, message: str, errors: JSON | None = None) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> JSON:
        body: JSON = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = self.errors
        return body


def invalid_form(errors: JSON) -> ApiError:
    return ApiError(400, 50035, "Invalid Form Body", errors)
