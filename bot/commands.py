"""The one command registry: each command, button action and form is declared here once.

Every adapter (console, Discord, Slack) builds its commands from this registry, so a command's name,
options, help line and permission are the same everywhere. The registry only keeps handlers: the
dispatcher calls them with a `bot.context.CommandContext` (and `Services`), which hold the registry.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from bot.command_options import (
    Autocomplete,
    CommandOptions,
    NoOptions,
    OptionKind,
    OptionSpec,
    RoleOption,
    UserOption,
    option_spec,
)
from bot.deadline_actions import DeadlineAction, DeadlineActions, DeadlineBatchAction, PayloadT
from bot.errors import BadOption, UnknownCommand
from bot.user_text import quote_input

if TYPE_CHECKING:
    from bot.chat import ChatPort, IncomingMessage
    from bot.deadlines import DeadlinePayload

__all__ = [  # the options half lives in bot.command_options; features import both from here
    "ActionHandler",
    "Autocomplete",
    "Command",
    "CommandDisplay",
    "CommandHandler",
    "CommandOptions",
    "CommandRegistry",
    "Completer",
    "DeadlineAction",
    "DeadlineBatchAction",
    "FormHandler",
    "MessageListener",
    "NoOptions",
    "OptionKind",
    "OptionSpec",
    "Permission",
    "RoleOption",
    "UserOption",
    "slash",
]

CommandDisplay = Callable[[str], str]


def slash(path: str) -> str:
    """How a command is written where no platform renames it."""
    return f"/{path}"


class Permission(enum.StrEnum):
    """Who may run a command."""

    MEMBER = "member"
    ADMIN = "admin"


OptionsT = TypeVar("OptionsT", bound=CommandOptions)
ContextT = TypeVar("ContextT")  # what a handler is called with: bot.context.CommandContext
ServicesT = TypeVar("ServicesT")  # what listeners and deadline actions get: bot.context.Services
CommandHandler = Callable[[ContextT, OptionsT], Awaitable[None]]
ActionHandler = Callable[[ContextT, str], Awaitable[None]]
FormHandler = Callable[[ContextT, str, Mapping[str, str]], Awaitable[None]]
# (services, text typed so far) -> up to 25 (label, value) suggestions
Completer = Callable[[ServicesT, str], Awaitable[list[tuple[str, str]]]]
MessageListener = Callable[[ServicesT, "ChatPort", "IncomingMessage"], Awaitable[None]]


@dataclass(frozen=True)
class Command:
    """One registered (sub)command: its help, options model, handler and permission."""

    name: str
    subcommand: str | None
    help: str
    options: type[CommandOptions]
    handler: CommandHandler[Any, Any]
    permission: Permission = Permission.MEMBER
    slow: bool = False
    positional: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """The words a user types after the slash: `question`, `mock start`."""
        return f"{self.name} {self.subcommand}" if self.subcommand else self.name

    def option_specs(self) -> list[OptionSpec]:
        """The command's options, in declaration order, as every adapter shows them."""
        return [option_spec(name, info) for name, info in self.options.model_fields.items()]

    def usage(self, shown: CommandDisplay = slash) -> str:
        """A one-line usage, e.g. `/question name [level:…]`, with optional options in brackets."""
        parts = [shown(self.path)]
        for spec in self.option_specs():
            word = spec.name if spec.name in self.positional else f"{spec.name}:…"
            parts.append(word if spec.required else f"[{word}]")
        return " ".join(parts)

    def parse_options(self, values: Mapping[str, object], *, shown: CommandDisplay = slash) -> CommandOptions:
        """Validate raw option values; raise BadOption saying what is valid (commands written as `shown`)."""
        known = self.options.model_fields
        for key in values:
            if key not in known:
                raise BadOption(f"{shown(self.path)} has no option '{quote_input(key)}'. {self._options_hint()}")
        try:
            return self.options.model_validate(dict(values))
        except ValidationError as error:
            raise BadOption(self._explain(error, shown)) from None

    def _options_hint(self) -> str:
        names = [spec.name for spec in self.option_specs()]
        return f"Options: {', '.join(names)}." if names else "It takes no options."

    def _explain(self, error: ValidationError, shown: CommandDisplay) -> str:
        detail = error.errors(include_url=False)[0]
        name = str(detail["loc"][0]) if detail["loc"] else ""
        spec = {spec.name: spec for spec in self.option_specs()}.get(name)
        given = detail.get("input")
        if detail["type"] == "missing":
            return f"{shown(self.path)} needs {name}. Usage: {self.usage(shown)}"
        got = f" (got '{quote_input(str(given))}')" if isinstance(given, str | int | float) else ""
        if spec is not None and spec.choices:
            return f"{name} must be one of {', '.join(spec.choices)}{got}."
        if spec is not None and spec.kind == "boolean":
            return f"{name} must be on or off{got}."
        if detail["type"] == "string_too_long":  # pydantic's wording names its own types
            return f"{name} takes at most {detail.get('ctx', {}).get('max_length')} characters{got}."
        if spec is not None and spec.kind in ("integer", "number") and None not in (spec.minimum, spec.maximum):
            whole = "a whole number" if spec.kind == "integer" else "a number"
            return f"{name} must be {whole} from {spec.minimum:g} to {spec.maximum:g}{got}."
        return f"{name}: {str(detail['msg']).removeprefix('Value error, ')}{got}. Usage: {self.usage(shown)}"


class CommandRegistry:
    """Every command, button action, form, completer, listener and deadline the features register."""

    def __init__(self) -> None:
        self._commands: dict[tuple[str, str | None], Command] = {}
        self._actions: dict[tuple[str, str], ActionHandler[Any]] = {}
        self._forms: dict[tuple[str, str], FormHandler[Any]] = {}
        self._slow_actions: set[tuple[str, str]] = set()
        self._completers: dict[str, Completer[Any]] = {}
        self._message_listeners: list[MessageListener[Any]] = []
        self.deadlines = DeadlineActions()  # by kind: payload model, handler, and a handler of many at once if any

    def command(
        self,
        name: str,
        *,
        help: str,
        options: type[OptionsT] = NoOptions,  # type: ignore[assignment]
        subcommand: str | None = None,
        permission: Permission = Permission.MEMBER,
        slow: bool = False,
        positional: tuple[str, ...] = (),
    ) -> Callable[[CommandHandler[ContextT, OptionsT]], Any]:
        """Register a command handler; a name used twice, or as both a command and a group, raises `ValueError`."""

        def register(handler: CommandHandler[ContextT, OptionsT]) -> Any:
            key = (name, subcommand)
            if key in self._commands:
                raise ValueError(f"command /{name} {subcommand or ''} registered twice")
            if self.is_group(name) if subcommand is None else (name, None) in self._commands:
                raise ValueError(f"/{name} cannot be both a command and a group")
            unknown = set(positional) - set(options.model_fields)
            if unknown:
                raise ValueError(f"positional options {unknown} are not fields of {options.__name__}")
            self._commands[key] = Command(name, subcommand, help, options, handler, permission, slow, positional)
            return handler

        return register

    def action(
        self, feature: str, action: str, *, slow: bool = False
    ) -> Callable[[ActionHandler[ContextT]], ActionHandler[ContextT]]:
        """Handle presses of buttons carrying `feature:action`; `slow` ones are acknowledged first."""

        def register(handler: ActionHandler[ContextT]) -> ActionHandler[ContextT]:
            self._actions[(feature, action)] = handler
            if slow:
                self._slow_actions.add((feature, action))
            return handler

        return register

    def form(self, feature: str, action: str) -> Callable[[FormHandler[ContextT]], FormHandler[ContextT]]:
        """Handle submissions of forms carrying `feature:action`."""

        def register(handler: FormHandler[ContextT]) -> FormHandler[ContextT]:
            self._forms[(feature, action)] = handler
            return handler

        return register

    def completer(self, source: str) -> Callable[[Completer[ServicesT]], Completer[ServicesT]]:
        """Suggest values for options marked `Autocomplete(source)`."""

        def register(handler: Completer[ServicesT]) -> Completer[ServicesT]:
            self._completers[source] = handler
            return handler

        return register

    def on_message(self, listener: MessageListener[ServicesT]) -> MessageListener[ServicesT]:
        """Hear every plain message the bot can read (transcripts, answers in threads)."""
        self._message_listeners.append(listener)
        return listener

    def deadline(
        self, payload: type[PayloadT], *, batch: DeadlineBatchAction[ServicesT, PayloadT] | None = None
    ) -> Callable[[DeadlineAction[ServicesT, PayloadT]], DeadlineAction[ServicesT, PayloadT]]:
        """Handle deadlines of `payload.KIND` as they fall due (once across processes; `batch`: many at once)."""

        def register(handler: DeadlineAction[ServicesT, PayloadT]) -> DeadlineAction[ServicesT, PayloadT]:
            self.deadlines.add(payload, handler, batch)
            return handler

        return register

    @property
    def deadline_actions(self) -> dict[str, tuple[type[DeadlinePayload], DeadlineAction[Any, Any]]]:
        """The deadline handlers by kind, with the payload type each takes."""
        return self.deadlines.actions

    def completer_for(self, source: str) -> Completer[Any] | None:
        """The completer registered for `source`, if any."""
        return self._completers.get(source)

    @property
    def message_listeners(self) -> tuple[MessageListener[Any], ...]:
        """Every listener of plain messages, in registration order."""
        return tuple(self._message_listeners)

    def commands(self) -> list[Command]:
        """Every command, sorted by its path."""
        return sorted(self._commands.values(), key=lambda command: command.path)

    def groups(self) -> dict[str, list[Command]]:
        """Top-level names with their commands (one entry for a plain command)."""
        grouped: dict[str, list[Command]] = {}
        for command in self.commands():
            grouped.setdefault(command.name, []).append(command)
        return grouped

    @property
    def command_count(self) -> int:
        """How many commands are registered (changes whenever one is added)."""
        return len(self._commands)

    def names(self) -> list[str]:
        """The distinct top-level command names, sorted."""
        return sorted({command.name for command in self._commands.values()})

    def find(self, name: str, subcommand: str | None = None, *, shown: CommandDisplay = slash) -> Command:
        """The command, or UnknownCommand naming what exists (written as `shown` writes commands)."""
        name = name.lower()
        found = self._commands.get((name, subcommand.lower() if subcommand else None))
        if found is not None:
            return found
        subcommands = sorted(s for n, s in self._commands if n == name and s is not None)
        if not subcommands:
            listing = ", ".join(shown(known) for known in self.names())
            raise UnknownCommand(f"There is no command /{quote_input(name)}. Commands: {listing}. Try {shown('help')}.")
        if subcommand:
            raise UnknownCommand(f"{shown(name)} has no '{quote_input(subcommand)}'. Try: {', '.join(subcommands)}.")
        raise UnknownCommand(f"{shown(name)} needs one of: {', '.join(subcommands)}.")

    def is_group(self, name: str) -> bool:
        """Whether `name` is a group of subcommands rather than a command."""
        return any(n == name.lower() and s is not None for n, s in self._commands)

    def action_handler(self, feature: str, action: str) -> ActionHandler[Any] | None:
        """The handler of button `feature:action`, if any."""
        return self._actions.get((feature, action))

    def is_slow_command(self, name: str) -> bool:
        """Whether `/name` (or any of its subcommands) is acknowledged before it is handled."""
        return any(command.slow for (known, _), command in self._commands.items() if known == name.lower())

    def is_slow_action(self, feature: str, action: str) -> bool:
        """Whether button `feature:action` is acknowledged before it is handled."""
        return (feature, action) in self._slow_actions

    def form_handler(self, feature: str, action: str) -> FormHandler[Any] | None:
        """The handler of form `feature:action`, if any."""
        return self._forms.get((feature, action))
