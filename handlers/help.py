"""/help: every command with one line, or one command in detail."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from bot.chat import Reply
from bot.commands import Command, CommandDisplay, CommandOptions, CommandRegistry, Permission
from bot.context import CommandContext
from bot.feature import Feature

feature = Feature()
register = feature.register


class HelpOptions(CommandOptions):
    """The options of /help."""

    command: str | None = Field(default=None, description="a command to explain in detail", max_length=40)


def overview(commands: list[Command], shown: CommandDisplay) -> Reply:
    """Every command on one line each, with admin ones marked."""
    lines = [f"`{shown(command.path)}` - {command.help}{_admin_mark(command)}" for command in commands]
    return Reply(
        title="practice-partner commands",
        text="\n".join(lines),
        footer=f"{shown('help')} <command> shows a command's options",
        ephemeral=True,
    )


@lru_cache(maxsize=64)
def _registry_overview(registry: CommandRegistry, command_count: int, shown: CommandDisplay) -> Reply:
    # Kept per registry, size (commands are only ever added) and platform: the same for every /help,
    # and building it walks every command (a busy Slack bot answers /help in its ack).
    return overview(registry.commands(), shown)


def details(commands: list[Command], shown: CommandDisplay) -> Reply:
    """Each command's usage and options, with their choices."""
    blocks = []
    for command in commands:
        option_lines = [
            f"  `{spec.name}`{'' if spec.required else ' (optional)'}: {spec.description}"
            + (f" - one of {', '.join(spec.choices)}" if spec.choices else "")
            for spec in command.option_specs()
        ]
        usage = shown(command.usage().removeprefix("/"))
        blocks.append("\n".join([f"`{usage}`{_admin_mark(command)}", command.help, *option_lines]))
    return Reply(title=shown(commands[0].name), text="\n\n".join(blocks), ephemeral=True)


def _admin_mark(command: Command) -> str:
    return " (admins)" if command.permission is Permission.ADMIN else ""


@feature.command("help", help="List every command, or explain one", options=HelpOptions, positional=("command",))
async def help_command(context: CommandContext, options: HelpOptions) -> None:
    """/help: every command the dispatcher runs, or the details of one."""
    registry = context.services.registry  # the one the dispatcher runs, so help lists what can be run
    if options.command is None:
        await context.respond(_registry_overview(registry, registry.command_count, context.chat.command_text))
        return
    name = options.command.strip().lstrip("/").split()[0].lower() if options.command.strip() else ""
    matching = registry.groups().get(name)
    if not matching:
        # Reuse the registry's own "unknown command" message, which lists what exists.
        registry.find(name or "?", shown=context.chat.command_text)
        return
    await context.respond(details(matching, context.chat.command_text))
