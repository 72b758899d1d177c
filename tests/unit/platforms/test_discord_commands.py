from typing import Any

import discord
from discord import app_commands

from bot.commands import Command
from bot.platforms.discord_bot import application_id_from_token, invite_url
from bot.platforms.discord_commands import build_commands
from handlers import build_registry


async def run(interaction: discord.Interaction[Any], command: Command, values: dict[str, object]) -> None:
    return None


async def suggest(source: str, typed: str) -> list[tuple[str, str]]:
    return []


def payloads() -> dict[str, dict[str, Any]]:
    client = discord.Client(intents=discord.Intents.default())
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    for command in build_commands(build_registry(), run, suggest):
        tree.add_command(command)
    return {command.name: command.to_dict(tree) for command in tree.get_commands()}


async def test_every_registry_command_becomes_a_slash_command() -> None:
    assert set(payloads()) == {
        "barraiser",
        "daily",
        "diagram",
        "forget-me",
        "help",
        "mock",
        "pair",
        "prep",
        "question",
        "questions",
        "star",
        "stats",
    }


async def test_options_are_typed_described_with_choices_and_autocomplete() -> None:
    options = {option["name"]: option for option in payloads()["question"]["options"]}
    assert options["id"]["autocomplete"] is True
    assert options["id"]["description"] == "question id (see /questions), or random"
    assert [choice["value"] for choice in options["level"]["choices"]] == ["sde1", "sde2", "sde3"]
    assert all(option["type"] == discord.AppCommandOptionType.string.value for option in options.values())
    assert not any(option["required"] for option in options.values())


async def test_a_group_with_an_admin_subcommand_is_checked_at_run_time_not_hidden() -> None:
    from bot.commands import Permission
    from bot.context import CommandContext

    registry = build_registry()

    async def noop(context: CommandContext, options: object) -> None:
        return None

    registry.command("drill", subcommand="setup", help="Set up", permission=Permission.ADMIN)(noop)
    registry.command("drill", subcommand="status", help="Status")(noop)
    registry.command("reset", help="Reset", permission=Permission.ADMIN)(noop)
    client = discord.Client(intents=discord.Intents.default())
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    for command in build_commands(registry, run, suggest):
        tree.add_command(command)
    built = {command.name: command.to_dict(tree) for command in tree.get_commands()}
    assert built["drill"]["default_member_permissions"] is None
    assert [option["name"] for option in built["drill"]["options"]] == ["setup", "status"]
    assert int(built["reset"]["default_member_permissions"]) == discord.Permissions(manage_guild=True).value


def test_invite_url_asks_for_exactly_the_bot_scopes() -> None:
    url = invite_url(1234)
    assert "client_id=1234" in url
    assert "scope=bot+applications.commands" in url
    permissions = discord.Permissions(int(url.split("permissions=")[1].split("&")[0]))
    assert permissions.send_messages_in_threads and permissions.create_private_threads
    assert not permissions.administrator and not permissions.mention_everyone


def test_application_id_is_read_from_the_token() -> None:
    assert application_id_from_token("MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.secret") == 123456789012345678
    assert application_id_from_token("not a token") is None
