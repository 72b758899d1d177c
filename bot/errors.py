"""Errors a user can cause; the dispatcher turns each into a friendly reply in one place."""


class UserError(Exception):
    """Something the user asked for cannot be done; the message is shown to them as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownCommand(UserError):
    """No such command or subcommand."""


class BadOption(UserError):
    """An option is unknown, missing or has a value that is not valid."""


class NotAllowed(UserError):
    """The user may not do this (admin-only command, someone else's session)."""


class NotFound(UserError):
    """The thing named does not exist (a question id, a session)."""
