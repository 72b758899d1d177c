"""Discord's inbound side: the neutral workspace, place, user and invocation of what Discord sends."""

from __future__ import annotations

from typing import Any

import discord

from bot.chat import ChannelRef, Invocation, Platform, ThreadRef, UserRef

DM_WORKSPACE = "dm"


def workspace_of(guild_id: int | None) -> str:
    """The workspace of a guild; DMs share one."""
    return str(guild_id) if guild_id is not None else DM_WORKSPACE


def place_of(channel: Any, guild_id: int | None) -> tuple[ChannelRef, ThreadRef | None]:
    """The neutral channel (and thread, when inside one) for a Discord channel object."""
    workspace = workspace_of(guild_id)
    if isinstance(channel, discord.Thread):
        parent_name = channel.parent.name if channel.parent is not None else ""
        parent = ChannelRef(Platform.DISCORD, workspace, str(channel.parent_id), parent_name)
        private = channel.type is discord.ChannelType.private_thread
        return parent, ThreadRef(parent, str(channel.id), channel.name, private)
    name = getattr(channel, "name", None) or ""
    return ChannelRef(Platform.DISCORD, workspace, str(getattr(channel, "id", "")), name), None


def user_of(user: discord.abc.User, guild_id: int | None) -> UserRef:
    """The neutral user for a Discord user in that guild."""
    return UserRef(Platform.DISCORD, workspace_of(guild_id), str(user.id), user.display_name)


def invocation_of(interaction: discord.Interaction[Any]) -> Invocation:
    """Who ran an interaction and where; admin means Manage Server in a guild."""
    channel, thread = place_of(interaction.channel, interaction.guild_id)
    if interaction.channel is None and interaction.channel_id is not None:
        channel = ChannelRef(Platform.DISCORD, workspace_of(interaction.guild_id), str(interaction.channel_id))
    # Checked again here: default_member_permissions can be overridden per server.
    is_admin = interaction.guild_id is not None and interaction.permissions.manage_guild
    return Invocation(user_of(interaction.user, interaction.guild_id), channel, thread, is_admin)
