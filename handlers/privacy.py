"""/forget-me: a person's data across features, deleted by each feature that keeps some, with the charts of it."""

from __future__ import annotations

from bot.chat import KeepsImageFiles, Reply
from bot.commands import NoOptions
from bot.context import CommandContext
from bot.feature import Feature
from bot.plural import plural
from bot.store import Workspace
from handlers import prep, progress, star, transcripts

feature = Feature()
register = feature.register


@feature.command("forget-me", help="Delete what you wrote in practice threads")
async def forget_me(context: CommandContext, options: NoOptions) -> None:
    """/forget-me: every feature forgets what this person wrote and practised."""
    store, user = context.services.store, context.user
    scope = Workspace(context.channel.platform.value, context.channel.workspace)
    removed = await transcripts.forget_user(store, scope, user.id)
    await prep.forget_plan(store, user)
    await star.forget_stories(store, user)
    await progress.forget(store, user)
    await context.services.charts.forget(user)  # the cached pictures of their data
    files = await context.chat.forget_images(user) if isinstance(context.chat, KeepsImageFiles) else 0
    text = transcripts.forgotten_text(removed)
    if files:
        text += f" {plural(files, 'image file', 'image files')} of your charts and diagrams deleted too."
    await context.respond(Reply(text=text, ephemeral=True))
