"""Neutral replies as Discord messages, within Discord's limits (split, never rejected)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import discord

from bot.chat import Button, ButtonStyle, Image, Reply, ReplyField
from bot.text_split import split_text, truncate

CONTENT_LIMIT = 2000
EMBED_TOTAL_LIMIT = 6000
DESCRIPTION_LIMIT = 4096
TITLE_LIMIT = 256
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_PER_EMBED = 25
FOOTER_LIMIT = 2048
BUTTON_LABEL_LIMIT = 80
BUTTONS_PER_MESSAGE = 25
ATTACHMENT_DESCRIPTION_LIMIT = 1024  # an attachment's description (its alt text)
EMBED_COLOUR = discord.Colour.from_rgb(255, 153, 0)
# Room kept free in each embed so a footer always fits.
_FOOTER_ROOM = 300

_STYLES = {
    ButtonStyle.PRIMARY: discord.ButtonStyle.primary,
    ButtonStyle.SECONDARY: discord.ButtonStyle.secondary,
    ButtonStyle.DANGER: discord.ButtonStyle.danger,
}

# Users may be mentioned; @everyone, @here and roles never by accident.
SAFE_MENTIONS = discord.AllowedMentions(everyone=False, roles=False, users=True, replied_user=False)
ROLE_PING = discord.AllowedMentions(everyone=False, roles=True, users=True, replied_user=False)


@dataclass(frozen=True)
class DiscordMessage:
    """One message to send: content or an embed, and buttons (on the last message of a reply)."""

    content: str | None = None
    embed: discord.Embed | None = None
    buttons: tuple[Button, ...] = ()
    pings_roles: bool = False
    image: Image | None = None  # sent as a file attachment, its alt text as the attachment's description


def render(reply: Reply) -> list[DiscordMessage]:
    """The Discord messages that show the reply, each within Discord's limits."""
    if reply.title or reply.fields or reply.footer:
        messages = [DiscordMessage(embed=embed) for embed in _embeds(reply)]
    else:
        # A ping goes before the first piece: leave it room rather than cut the text to fit.
        budget = CONTENT_LIMIT - (len(reply.ping) + 1 if reply.ping else 0)
        pieces = split_text(reply.text or "\u200b", max(budget, CONTENT_LIMIT // 2))
        messages = [DiscordMessage(content=piece) for piece in pieces]
    last = messages[-1]
    messages[-1] = DiscordMessage(last.content, last.embed, reply.buttons[:BUTTONS_PER_MESSAGE])
    if reply.ping:
        # Mentions inside an embed never notify: the ping goes in the first message's content.
        first = messages[0]
        content = f"{reply.ping}\n{first.content}" if first.content else reply.ping
        messages[0] = DiscordMessage(content[:CONTENT_LIMIT], first.embed, first.buttons, pings_roles=True)
    if reply.image is not None:
        first = messages[0]
        messages[0] = DiscordMessage(first.content, first.embed, first.buttons, first.pings_roles, reply.image)
    return messages


def attachment(image: Image) -> discord.File:
    """The image as a file attachment whose description is the alt text (cut to Discord's limit)."""
    return discord.File(
        io.BytesIO(image.png),
        filename=image.filename,
        description=truncate(image.alt_text, ATTACHMENT_DESCRIPTION_LIMIT),
    )


def _embeds(reply: Reply) -> list[discord.Embed]:
    title = truncate(reply.title, TITLE_LIMIT) if reply.title else None
    budget = DESCRIPTION_LIMIT - (len(title) if title else 0)
    descriptions = split_text(reply.text, min(DESCRIPTION_LIMIT, budget)) if reply.text else []
    embeds = [
        discord.Embed(title=title if index == 0 else None, description=piece, colour=EMBED_COLOUR)
        for index, piece in enumerate(descriptions)
    ] or [discord.Embed(title=title, colour=EMBED_COLOUR)]
    for field in _field_pieces(reply.fields):
        current = embeds[-1]
        size = len(field.name) + len(field.value)
        if len(current.fields) >= FIELDS_PER_EMBED or len(current) + size > EMBED_TOTAL_LIMIT - _FOOTER_ROOM:
            current = discord.Embed(colour=EMBED_COLOUR)
            embeds.append(current)
        current.add_field(name=field.name, value=field.value, inline=field.inline)
    if reply.footer:
        embeds[-1].set_footer(text=truncate(reply.footer, min(FOOTER_LIMIT, _FOOTER_ROOM)))
    return embeds


def _field_pieces(fields: tuple[ReplyField, ...]) -> list[ReplyField]:
    """Fields whose values exceed Discord's limit continue in further fields."""
    pieces: list[ReplyField] = []
    for field in fields:
        name = truncate(field.name or "\u200b", FIELD_NAME_LIMIT - 10)
        for index, value in enumerate(split_text(field.value or "\u200b", FIELD_VALUE_LIMIT)):
            pieces.append(ReplyField(name if index == 0 else f"{name} (cont.)", value, field.inline))
    return pieces


def button_item(button: Button) -> discord.ui.Button[discord.ui.View]:
    """A discord.py button for the neutral one, its label cut to Discord's limit."""
    return discord.ui.Button(
        label=truncate(button.label, BUTTON_LABEL_LIMIT),
        style=_STYLES[button.style],
        custom_id=str(button.action),
    )
