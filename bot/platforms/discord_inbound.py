"""Discord's inbound side: the neutral workspace, place, user and invocation of what Discord sends."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import discord

from bot.chat import ChannelRef, Invocation, Platform, PostedImage, ThreadRef, UserRef
from bot.platforms.images import posted_image

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


DISCORD_FILE_HOSTS = frozenset({"cdn.discordapp.com", "media.discordapp.net"})  # where attachments live


def file_hosts(api_base_url: str | None) -> frozenset[str]:
    """Discord's attachment hosts, and the configured API's own host (a proxy, or the stand-in in tests)."""
    own = urlsplit(api_base_url).hostname if api_base_url else None
    return DISCORD_FILE_HOSTS | ({own} if own else set())


def images_of(attachments: Sequence[discord.Attachment], hosts: frozenset[str]) -> tuple[PostedImage, ...]:
    """The images among a message's attachments, each fetched only from `hosts`."""
    found = (posted_image(item.filename, item.content_type, item.size, item.url, hosts) for item in attachments)
    return tuple(image for image in found if image is not None)
