"""The plain discord.py bot the stand-in's own tests drive: commands, views, modals, a dynamic button."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice

from tests.fakes.discord_server import FakeDiscord

QUESTION_IDS = ["url-shortener", "url-crawler", "rate-limiter", "chat-service"]


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    answer: discord.ui.TextInput[FeedbackModal] = discord.ui.TextInput(
        label="Your answer", custom_id="answer", style=discord.TextStyle.paragraph
    )
    note: discord.ui.TextInput[FeedbackModal] = discord.ui.TextInput(label="Note", custom_id="note", required=False)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"got {self.answer.value} / {self.note.value or '-'}")


class VoteButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"vote:(?P<qid>[a-z0-9-]+)"):
    def __init__(self, qid: str) -> None:
        super().__init__(discord.ui.Button(label="Vote", style=discord.ButtonStyle.primary, custom_id=f"vote:{qid}"))
        self.qid = qid

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> VoteButton:
        return cls(match["qid"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"voted for {self.qid}", ephemeral=True)


class CounterView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)  # a view with a timeout leaves its timer task running after close()
        self.count = 0

    @discord.ui.button(label="+1", custom_id="counter:add")
    async def add(self, interaction: discord.Interaction, button: discord.ui.Button[CounterView]) -> None:
        self.count += 1
        await interaction.response.edit_message(content=f"count {self.count}", view=self)


class Menu(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.select(
        custom_id="menu:level",
        options=[
            discord.SelectOption(label="Easy", value="easy"),
            discord.SelectOption(label="Hard", value="hard"),
        ],
    )
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select[Menu]) -> None:
        await interaction.response.defer()  # type 6: acknowledge, edit later
        await interaction.edit_original_response(content=f"picked {select.values[0]}")

    @discord.ui.button(label="Answer", custom_id="menu:answer")
    async def answer(self, interaction: discord.Interaction, button: discord.ui.Button[Menu]) -> None:
        await interaction.response.send_modal(AnswerModal())


class AnswerModal(discord.ui.Modal, title="Answer"):
    text: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(label="Answer", custom_id="text")

    def __init__(self) -> None:
        super().__init__(custom_id="answer-form")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(content=f"answered: {self.text.value}", view=None)


class Bot(discord.Client):
    def __init__(self, *, message_content: bool = True) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        super().__init__(intents=intents, guild_ready_timeout=0.1)
        self.tree = app_commands.CommandTree(self)
        self.seen: list[discord.Message] = []
        self.ready_events = 0
        self.resumed_events = 0
        self.errors: list[BaseException] = []
        add_commands(self.tree, self.errors)

    async def on_ready(self) -> None:
        self.ready_events += 1

    async def on_resumed(self) -> None:
        self.resumed_events += 1

    async def on_message(self, message: discord.Message) -> None:
        self.seen.append(message)


def add_commands(tree: app_commands.CommandTree[Any], errors: list[BaseException]) -> None:
    @tree.error
    async def on_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        errors.append(error.__cause__ or error)

    @tree.command(name="ping", description="Reply in public")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong")

    @tree.command(name="secret", description="Reply privately")
    async def secret(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("psst", ephemeral=True)

    @tree.command(name="whoami", description="Report the invoker's permissions")
    async def whoami(interaction: discord.Interaction) -> None:
        perms, app = interaction.permissions, interaction.app_permissions
        text = f"{interaction.user.id} manage_guild={perms.manage_guild}"
        await interaction.response.send_message(f"{text} bot_threads={app.create_private_threads}", ephemeral=True)

    @tree.command(name="slow", description="Defer, then follow up")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("done")
        await interaction.followup.send("extra", ephemeral=True)

    @tree.command(name="question", description="Show a question")
    @app_commands.describe(id="Question id")
    async def question(interaction: discord.Interaction, id: str) -> None:
        await interaction.response.send_message(f"question {id}")

    @question.autocomplete("id")
    async def question_ids(interaction: discord.Interaction, current: str) -> list[Choice[str]]:
        return [Choice(name=q, value=q) for q in QUESTION_IDS if current in q]

    @tree.command(name="level", description="Pick a difficulty")
    @app_commands.choices(difficulty=[Choice(name="Easy", value="easy"), Choice(name="Hard", value="hard")])
    async def level(interaction: discord.Interaction, difficulty: Choice[str]) -> None:
        await interaction.response.send_message(f"level {difficulty.value}")

    mock = app_commands.Group(name="mock", description="Mock interviews")

    @mock.command(name="start", description="Start a mock interview")
    async def start(interaction: discord.Interaction, question: str, minutes: int = 45) -> None:
        await interaction.response.send_message(f"mock {question} for {minutes}m")

    tree.add_command(mock)

    admin = app_commands.Group(
        name="admin", description="Admin tools", default_permissions=discord.Permissions(manage_guild=True)
    )
    bank = app_commands.Group(name="bank", description="Question bank", parent=admin)

    @bank.command(name="reload", description="Reload the bank")
    async def reload(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("reloaded", ephemeral=True)

    tree.add_command(admin)

    @tree.command(name="feedback", description="Open a form")
    async def feedback(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(FeedbackModal(custom_id="feedback"))

    @tree.command(name="menu", description="A select menu and a button opening a form")
    async def menu(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("choose", view=Menu())

    @tree.command(name="lifecycle", description="Respond, read, edit and delete")
    async def lifecycle(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first", embed=discord.Embed(title="Q"))
        original = await interaction.original_response()
        await interaction.edit_original_response(content=f"edited {original.id}")
        note = await interaction.followup.send("note", wait=True)
        await note.edit(content="note v2")
        await interaction.delete_original_response()

    @tree.command(name="counter", description="A counter with a button")
    async def counter(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("count 0", view=CounterView())


def general(client: discord.Client, fake: FakeDiscord) -> discord.TextChannel:
    channel = client.get_channel(fake.general_channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel
