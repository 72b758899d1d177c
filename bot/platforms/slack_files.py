"""Images in a Slack file_share message: fetched from Slack's file host with the workspace's bot token only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from bot.chat import PostedImage
from bot.platforms.images import posted_image
from bot.platforms.slack_clients import SlackClients

SLACK_FILE_HOSTS = frozenset({"files.slack.com"})  # url_private_download lives here, behind the bot token


def file_hosts(api_base_url: str | None) -> frozenset[str]:
    """Slack's file host, and the configured API's own host (a proxy, or the stand-in in tests)."""
    own = urlsplit(api_base_url).hostname if api_base_url else None
    return SLACK_FILE_HOSTS | ({own} if own else set())


async def images_of(
    files: Sequence[Mapping[str, Any]], clients: SlackClients, team_id: str, hosts: frozenset[str]
) -> tuple[PostedImage, ...]:
    """The images among a message's files; each fetch sends the workspace's bot token to Slack's host only."""
    wanted = [item for item in files if str(item.get("mimetype", "")).startswith("image/")]
    if not wanted:
        return ()
    token = (await clients.for_team(team_id)).token or ""
    headers = {"Authorization": f"Bearer {token}"}
    found = (
        posted_image(
            str(item.get("name", "image")),
            str(item.get("mimetype", "")),
            int(item.get("size") or 0),
            str(item.get("url_private_download") or ""),
            hosts,
            headers,
        )
        for item in wanted
    )
    return tuple(image for image in found if image is not None)
