"""An interaction's first answer when nothing of it is needed back: a private message without files.

discord.py's `InteractionResponse.send_message` always asks Discord to send the new message back
(`?with_response=1`) and builds a Message of it: with the larger reply to read, about a fifth of the
bot's CPU per interaction under load (bench/notes/ack.md). A private answer's message is never used
(the responder gives handlers no reference to a private answer), so it is sent without, and Discord
answers 204. What is sent is discord.py's own: its payload builder, its webhook adapter (rate limits, errors as
HTTPException), then it is told the interaction is answered, as send_message does. discord.py keeps
these under private names; tests/e2e/discord/test_private_answers.py compares the two paths' requests.
"""

from __future__ import annotations

from typing import Any

import discord
from discord.http import Route
from discord.webhook.async_ import async_context, interaction_message_response_params

from bot.platforms.discord_render import DiscordMessage

CHANNEL_MESSAGE = discord.InteractionResponseType.channel_message
PRIVATE = discord.MessageFlags(ephemeral=True)


def answers_privately_without_reply(piece: DiscordMessage, ephemeral: bool) -> bool:
    """Whether the piece can go by `answer_privately`: private, and no file (those go as multipart)."""
    return ephemeral and piece.image is None


async def answer_privately(
    interaction: discord.Interaction[Any],
    *,
    content: Any,
    embed: Any,
    view: Any,
    allowed_mentions: discord.AllowedMentions,
) -> None:
    """Answer the interaction with a private message, not asking Discord to send it back."""
    response = interaction.response
    if response.is_done():
        raise discord.InteractionResponded(interaction)
    state = interaction._state  # where discord.py keeps the client's defaults and its HTTP client
    params = interaction_message_response_params(
        type=CHANNEL_MESSAGE.value,
        content=content,
        embed=embed,
        view=view,
        previous_allowed_mentions=state.allowed_mentions,
        allowed_mentions=allowed_mentions,
        flags=PRIVATE,
    )
    route = Route(
        "POST",
        "/interactions/{webhook_id}/{webhook_token}/callback",
        webhook_id=interaction.id,
        webhook_token=interaction.token,
    )
    await async_context.get().request(
        route,
        session=interaction._session,  # the session discord.py answers interactions on
        proxy=state.http.proxy,
        proxy_auth=state.http.proxy_auth,
        payload=params.payload,
    )
    response._response_type = CHANNEL_MESSAGE  # so is_done() and discord.py's own guards hold, as after send_message
