"""Discord application commands built from the command registry: one per command, or a group
with subcommands, with typed, described options, choices and autocomplete."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal

import discord
from discord import app_commands

from bot.commands import Command, CommandRegistry, OptionSpec, Permission
from bot.text_split import truncate

log = logging.getLogger(__name__)

MAX_CHOICES = 25
CHOICE_TEXT_LIMIT = 100  # a choice's name and value
# Suggestions cannot be deferred and Discord forgets the interaction after 3 s: answer none, in time.
AUTOCOMPLETE_SECONDS = 2.0
ADMIN_PERMISSIONS = discord.Permissions(manage_guild=True)

# (interaction, command, option values) -> None: the adapter runs it through the dispatcher.
CommandRunner = Callable[[discord.Interaction[Any], Command, dict[str, object]], Awaitable[None]]
# (source, text typed so far) -> (label, value) suggestions
Suggester = Callable[[str, str], Awaitable[list[tuple[str, str]]]]


def _annotation(spec: OptionSpec) -> Any:
    """The Python type discord.py turns into the option's Discord type, choices and limits."""
    if spec.kind == "user":
        return discord.User
    if spec.kind == "role":
        return discord.Role
    if spec.choices and len(spec.choices) <= MAX_CHOICES:
        return Literal.__getitem__(spec.choices)
    base: Any = {"string": str, "integer": int, "number": float, "boolean": bool}.get(spec.kind, str)
    if base in (int, float) and (spec.minimum is not None or spec.maximum is not None):
        return app_commands.Range[base, spec.minimum, spec.maximum]
    return base


def _neutral(value: Any) -> Any:
    """A picked person or role arrives as a discord.py object: pass on its mention token."""
    if isinstance(value, discord.Role):
        return f"<@&{value.id}>"
    if isinstance(value, discord.abc.User):
        return f"<@{value.id}>"
    return value


def _callback(command: Command, run: CommandRunner) -> Callable[..., Coroutine[Any, Any, None]]:
    """A callback whose signature declares the command's options, as discord.py expects."""

    async def callback(interaction: discord.Interaction[Any], **options: Any) -> None:
        # A picked person arrives as a discord.User/Member: pass it on as the neutral mention.
        values = {name: _neutral(value) for name, value in options.items() if value is not None}
        await run(interaction, command, values)

    specs = command.option_specs()
    ordered = sorted(specs, key=lambda spec: not spec.required)  # Discord wants required options first
    parameters = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    parameters += [
        inspect.Parameter(
            spec.name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=_annotation(spec),
            default=inspect.Parameter.empty if spec.required else None,
        )
        for spec in ordered
    ]
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        spec.name: spec.description for spec in specs
    }
    return callback


def _slash_command(command: Command, run: CommandRunner, suggest: Suggester) -> app_commands.Command[Any, ..., Any]:
    name = command.subcommand or command.name
    slash: app_commands.Command[Any, ..., Any] = app_commands.Command(
        name=name, description=command.help[:100], callback=_callback(command, run)
    )
    if command.subcommand is None and command.permission is Permission.ADMIN:
        slash.default_permissions = ADMIN_PERMISSIONS
    for spec in command.option_specs():
        if spec.autocomplete is not None:
            slash.autocomplete(spec.name)(_autocomplete(spec.autocomplete, suggest))
    return slash


def _autocomplete(source: str, suggest: Suggester) -> Any:
    async def complete(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
        try:
            suggestions = await asyncio.wait_for(suggest(source, current), AUTOCOMPLETE_SECONDS)
        except TimeoutError:
            log.warning("autocomplete for %s took over %.1f s: no suggestions sent", source, AUTOCOMPLETE_SECONDS)
            return []
        return choices_for(suggestions)

    return complete


def choices_for(suggestions: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    """At most 25 choices Discord accepts: long labels shortened; a value too long to send is left out."""
    fitting = [(label, value) for label, value in suggestions if 1 <= len(value) <= CHOICE_TEXT_LIMIT]
    return [
        app_commands.Choice(name=truncate(label.strip(), CHOICE_TEXT_LIMIT) or value, value=value)
        for label, value in fitting[:MAX_CHOICES]
    ]


def build_commands(
    registry: CommandRegistry, run: CommandRunner, suggest: Suggester
) -> list[app_commands.Command[Any, ..., Any] | app_commands.Group]:
    """Top-level commands and groups for the command tree."""
    built: list[app_commands.Command[Any, ..., Any] | app_commands.Group] = []
    for name, commands in registry.groups().items():
        if len(commands) == 1 and commands[0].subcommand is None:
            built.append(_slash_command(commands[0], run, suggest))
            continue
        # Discord sets permissions on top-level commands only; a group is admin-only when
        # all its subcommands are, and each subcommand is checked again when it runs.
        admin_only = all(command.permission is Permission.ADMIN for command in commands)
        group = app_commands.Group(
            name=name,
            description=f"/{name}: {', '.join(c.subcommand or '' for c in commands)}"[:100],
            default_permissions=ADMIN_PERMISSIONS if admin_only else None,
        )
        for command in commands:
            group.add_command(_slash_command(command, run, suggest))
        built.append(group)
    return built
