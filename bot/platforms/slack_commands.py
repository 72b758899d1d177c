"""Slack slash-command names and the app manifest, both derived from the command registry."""

from __future__ import annotations

from typing import Any

from bot.commands import CommandRegistry

# Slack's built-in commands cannot be taken by an app; ours get the documented prefix instead.
SLACK_RESERVED = frozenset(
    {
        "active", "apps", "archive", "away", "call", "collapse", "dm", "dnd", "expand", "feed",
        "feedback", "help", "invite", "kick", "leave", "me", "msg", "mute", "open", "prefs", "remind",
        "remove", "rename", "search", "shortcuts", "shrug", "star", "status", "topic", "who",
    }
)  # fmt: skip
RESERVED_PREFIX = "pp-"
BOT_SCOPES = (
    "app_mentions:read",  # "@practice-partner pause" inside a mock thread
    "channels:history",  # answers in public channel threads (bar raiser transcripts)
    "chat:write",
    "chat:write.public",  # daily drops in channels the bot was not invited to
    "commands",
    "files:read",  # images candidates post in a mock thread (url_private_download), read by a vision LLM
    "files:write",  # charts, uploaded with files.getUploadURLExternal + files.completeUploadExternal
    "groups:history",
    "im:history",
    "im:write",  # DMs: interviewer guides, check-ins
    "mpim:history",
    "mpim:write",  # group DMs for private mocks
    "users:read",  # who is a workspace admin
)
BOT_EVENTS = ("app_mention", "message.channels", "message.groups", "message.im", "message.mpim")
INSTALL_EVENTS = ("app_uninstalled", "tokens_revoked")  # a distributed app forgets a workspace on these
REDIRECT_PATH = "/slack/oauth_redirect"


def slack_command_name(name: str) -> str:
    """The Slack command for a registry command: the same name unless Slack reserves it."""
    return f"{RESERVED_PREFIX}{name}" if name in SLACK_RESERVED else name


def registry_command_name(slack_command: str) -> str:
    """`/pp-help` -> `help`, `/question` -> `question`."""
    name = slack_command.strip().lstrip("/").lower()
    return name.removeprefix(RESERVED_PREFIX)


def manifest(registry: CommandRegistry, *, request_url: str | None = None, distributed: bool = False) -> dict[str, Any]:
    """The app manifest a workspace admin pastes; Socket Mode unless an HTTP `request_url` is given.

    `distributed` (with a `request_url`): installed in many workspaces through OAuth, with the redirect
    URL beside the request URL, org-wide installs on Enterprise Grid, token rotation, uninstall events.
    """
    commands = []
    for name, group in registry.groups().items():
        if len(group) == 1:
            help_line, usage = group[0].help, group[0].usage().partition(" ")[2]
        else:
            subcommands = [command.subcommand or "" for command in group]
            help_line, usage = f"/{name}: {', '.join(subcommands)}", " | ".join(subcommands)
        command: dict[str, Any] = {
            "command": f"/{slack_command_name(name)}",
            "description": help_line[:100],
            "should_escape": True,  # mentions arrive as <@U123|name>
        }
        if usage:
            command["usage_hint"] = usage[:1000]
        if request_url:
            command["url"] = request_url
        commands.append(command)
    settings: dict[str, Any] = {
        "event_subscriptions": {"bot_events": list(BOT_EVENTS)},
        "interactivity": {"is_enabled": True},
        "org_deploy_enabled": False,
        "socket_mode_enabled": request_url is None,
        "token_rotation_enabled": False,
    }
    oauth_config: dict[str, Any] = {"scopes": {"bot": list(BOT_SCOPES)}}
    if request_url:
        settings["event_subscriptions"]["request_url"] = request_url
        settings["interactivity"]["request_url"] = request_url
    if request_url and distributed:
        origin = request_url.split("/slack/", 1)[0]
        oauth_config = {"redirect_urls": [origin + REDIRECT_PATH], **oauth_config}
        settings["event_subscriptions"]["bot_events"] += list(INSTALL_EVENTS)
        settings.update(org_deploy_enabled=True, token_rotation_enabled=True)
    return {
        "display_information": {
            "name": "practice-partner",
            "description": "Amazon-style system design interview practice",
            "background_color": "#232f3e",
        },
        "features": {
            "bot_user": {"display_name": "practice-partner", "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": oauth_config,
        "settings": settings,
    }
