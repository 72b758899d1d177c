"""A plain discord.py client (no project code) logs in to the fake Discord and does real work against it."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.app_commands import Choice

from tests.fakes.discord_server import FakeDiscord, Perm, pointed_at, run_client

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


# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    loop = asyncio.get_running_loop()
    problems: list[str] = []
    loop.set_exception_handler(lambda _loop, context: problems.append(str(context.get("message"))))
    server = FakeDiscord(token="test-token")
    await server.start()
    yield server
    await server.stop()
    gc.collect()
    pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    loop.set_exception_handler(None)
    assert not pending, f"tasks left running: {pending}"
    assert not problems, f"asyncio complained: {problems}"


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[Bot]:
    client = Bot()
    async with run_client(client, fake):
        await client.tree.sync()
        yield client


def general(client: discord.Client, fake: FakeDiscord) -> discord.TextChannel:
    channel = client.get_channel(fake.general_channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel


# ---------------------------------------------------------------------------------------------------------


async def test_client_logs_in_and_sees_the_guild(fake: FakeDiscord) -> None:
    client = Bot()
    async with run_client(client, fake):
        await fake.wait_until_ready()
        assert client.ready_events == 1
        assert client.user is not None and client.user.id == fake.bot_user.id
        assert client.application_id == fake.application_id
        guild = client.get_guild(fake.guild_id)
        assert guild is not None and guild.name == "Practice"
        assert general(client, fake).name == "general"
        assert guild.me is not None and guild.default_role.id == fake.guild_id
        assert guild.owner_id == fake.owner_user.id
        paths = [(c.method, c.path) for c in fake.calls]
        assert ("GET", "/users/@me") in paths and ("GET", "/oauth2/applications/@me") in paths
        assert fake.identify_count == 1 and fake.connected_count == 1
    await fake.wait_for(lambda: fake.connected_count == 0)


async def test_sync_stores_commands_with_options_groups_and_choices(fake: FakeDiscord, bot: Bot) -> None:
    synced = {c["name"]: c for c in fake.commands()}
    assert {"ping", "question", "level", "mock", "admin", "feedback"} <= set(synced)
    assert all(c["id"] and c["application_id"] == str(fake.application_id) for c in synced.values())
    question = synced["question"]["options"][0]
    assert [question[k] for k in ("name", "type", "required", "autocomplete")] == ["id", 3, True, True]
    assert [c["value"] for c in synced["level"]["options"][0]["choices"]] == ["easy", "hard"]
    start = synced["mock"]["options"][0]
    assert (start["type"], start["name"]) == (1, "start")
    assert [(o["name"], o["type"], o.get("required", False)) for o in start["options"]] == [
        ("question", 3, True),
        ("minutes", 4, False),
    ]
    bank = synced["admin"]["options"][0]
    assert (bank["type"], bank["name"], bank["options"][0]["name"]) == (2, "bank", "reload")
    assert int(synced["admin"]["default_member_permissions"]) == Perm.MANAGE_GUILD

    guild = discord.Object(id=fake.guild_id)
    bot.tree.copy_global_to(guild=guild)
    returned = await bot.tree.sync(guild=guild)
    assert {c.name for c in returned} == {c["name"] for c in fake.commands(fake.guild_id)}
    assert all(c["guild_id"] == str(fake.guild_id) for c in fake.commands(fake.guild_id))
    ids_before = {c["name"]: c["id"] for c in fake.commands()}
    await bot.tree.sync()
    assert {c["name"]: c["id"] for c in fake.commands()} == ids_before  # re-sync keeps ids, like Discord


async def test_slash_commands_reply_in_public_and_ephemerally(fake: FakeDiscord, bot: Bot) -> None:
    public = await fake.slash_command("ping", user=fake.member_user)
    reply = await fake.wait_for_response(public)
    assert (reply.kind, reply.type, reply.content, reply.ephemeral) == ("callback", 4, "pong", False)
    message = fake.last_message(fake.general_channel_id)
    assert message is not None and message.content == "pong" and message.interaction_id == public.id
    assert message.author.id == fake.bot_user.id and not message.ephemeral

    private = await fake.slash_command("secret")
    reply = await fake.wait_for_response(private)
    assert reply.ephemeral and reply.content == "psst"
    stored = fake.message(reply.message_id or 0)
    assert stored.ephemeral and stored.ephemeral_to == fake.member_user.id

    options = await fake.slash_command("mock", {"start": {"question": "url-shortener"}})
    assert (await fake.wait_for_response(options)).content == "mock url-shortener for 45m"
    by_path = await fake.slash_command("mock start", {"question": "chat", "minutes": 30})
    assert (await fake.wait_for_response(by_path)).content == "mock chat for 30m"
    choice = await fake.slash_command("level", {"difficulty": "Hard"})  # by choice name, sent as its value
    assert (await fake.wait_for_response(choice)).content == "level hard"
    assert public.id != private.id and public.token != private.token


async def test_member_permissions_reach_the_client(fake: FakeDiscord, bot: Bot) -> None:
    admin = await fake.slash_command("whoami", user=fake.admin_user)
    member = await fake.slash_command("whoami", user=fake.member_user)
    assert (await fake.wait_for_response(admin)).content == f"{fake.admin_user.id} manage_guild=True bot_threads=True"
    assert (
        await fake.wait_for_response(member)
    ).content == f"{fake.member_user.id} manage_guild=False bot_threads=True"
    assert int(admin.payload["member"]["permissions"]) & Perm.MANAGE_GUILD

    with pytest.raises(PermissionError):
        await fake.slash_command("admin bank reload", user=fake.member_user)
    reload = await fake.slash_command("admin", {"bank": {"reload": {}}}, user=fake.admin_user)
    assert (await fake.wait_for_response(reload)).content == "reloaded"
    with pytest.raises(ValueError, match="required option"):
        await fake.slash_command("mock start", {})
    with pytest.raises(LookupError):
        await fake.slash_command("never-synced")


async def test_defer_then_followups(fake: FakeDiscord, bot: Bot) -> None:
    interaction = await fake.slash_command("slow")
    await fake.wait_for_response(interaction, count=3)
    defer, first, second = fake.responses(interaction)
    assert (defer.kind, defer.type, defer.ephemeral) == ("callback", 5, False)
    assert (first.kind, first.content, first.ephemeral) == ("followup", "done", False)
    assert (second.kind, second.content, second.ephemeral) == ("followup", "extra", True)
    assert first.message_id == defer.message_id  # the first followup replaces the "thinking" message
    contents = [(m.content, m.ephemeral, m.loading) for m in fake.messages(fake.general_channel_id)]
    assert contents == [("done", False, False), ("extra", True, False)]


async def test_dynamic_button_on_a_message_posted_earlier(fake: FakeDiscord) -> None:
    components = discord.ui.View(timeout=None).add_item(VoteButton("url-shortener")).to_components()
    earlier = await fake.post_message(fake.general_channel_id, "Vote!", user=fake.bot_user, components=components)
    client = Bot()
    client.add_dynamic_items(VoteButton)
    async with run_client(client, fake):
        press = await fake.press_button("vote:url-shortener", message_id=earlier.id, user=fake.admin_user)
        reply = await fake.wait_for_response(press)
        assert (reply.content, reply.ephemeral) == ("voted for url-shortener", True)
        assert press.payload["data"]["component_type"] == 2
        assert press.payload["message"]["id"] == str(earlier.id)


async def test_view_button_updates_its_message(fake: FakeDiscord, bot: Bot) -> None:
    command = await fake.slash_command("counter")
    posted = await fake.wait_for_response(command)
    press = await fake.press_button("counter:add", message_id=posted.message_id)
    update = await fake.wait_for_response(press)
    assert (update.type, update.content) == (7, "count 1")
    assert fake.message(posted.message_id or 0).content == "count 1"
    again = await fake.press_button("counter:add")  # the latest message carrying that custom_id
    assert (await fake.wait_for_response(again)).content == "count 2"


async def test_select_deferred_update_and_a_modal_opened_from_a_button(fake: FakeDiscord, bot: Bot) -> None:
    posted = await fake.wait_for_response(await fake.slash_command("menu"))
    menu_id = posted.message_id or 0
    picked = await fake.select("menu:level", ["hard"], message_id=menu_id)
    await fake.wait_for_response(picked, count=2)
    assert [(r.kind, r.type) for r in fake.responses(picked)] == [("callback", 6), ("edit_original", None)]
    assert fake.message(menu_id).content == "picked hard"

    opened = await fake.press_button("menu:answer", user=fake.admin_user)
    assert (await fake.wait_for_response(opened)).type == 9
    submitted = await fake.submit_modal(None, {"text": "consistent hashing"})  # the latest modal shown
    update = await fake.wait_for_response(submitted)
    assert (update.type, update.content, update.components) == (7, "answered: consistent hashing", [])
    assert submitted.user == fake.admin_user and submitted.message_id == menu_id
    assert fake.message(menu_id).content == "answered: consistent hashing"


async def test_original_response_lifecycle_in_a_dm(fake: FakeDiscord, bot: Bot) -> None:
    dm = fake.open_dm(fake.member_user)
    interaction = await fake.slash_command("lifecycle", channel_id=dm)
    await fake.wait_for_response(interaction, count=5)
    kinds = [(r.kind, r.accepted) for r in fake.responses(interaction)]
    assert kinds == [
        ("callback", True),
        ("edit_original", True),
        ("followup", True),
        ("edit_followup", True),
        ("delete_original", True),
    ]
    assert "member" not in interaction.payload and interaction.payload["user"]["id"] == str(fake.member_user.id)
    assert [(m.content, m.deleted) for m in fake.messages(dm, include_deleted=True)] == [
        (f"edited {fake.responses(interaction)[0].message_id}", True),
        ("note v2", False),
    ]
    assert fake.messages(dm)[0].embeds == []


async def test_modal_is_shown_and_submitted(fake: FakeDiscord, bot: Bot) -> None:
    opener = await fake.slash_command("feedback", user=fake.admin_user)
    shown = await fake.wait_for_response(opener)
    assert (shown.type, shown.data["custom_id"], shown.data["title"]) == (9, "feedback", "Feedback")
    with pytest.raises(ValueError, match="required"):
        await fake.submit_modal("feedback", {"note": "only the optional one"})
    submit = await fake.submit_modal("feedback", {"answer": "use a hash"})
    reply = await fake.wait_for_response(submit)
    assert reply.content == "got use a hash / -"
    assert submit.user.id == fake.admin_user.id


async def test_autocomplete_is_answered(fake: FakeDiscord, bot: Bot) -> None:
    typing = await fake.autocomplete("question", {"id": "url"}, focused="id")
    answer = await fake.wait_for_response(typing)
    assert answer.type == 8
    assert [c["value"] for c in answer.choices] == ["url-shortener", "url-crawler"]
    empty = await fake.autocomplete("question", focused="id")
    assert len((await fake.wait_for_response(empty)).choices) == len(QUESTION_IDS)


async def test_public_thread_from_a_message_and_thread_messages_reach_on_message(fake: FakeDiscord, bot: Bot) -> None:
    starter = await general(bot, fake).send("Mock interview: URL shortener")
    thread = await starter.create_thread(name="Mock: URL shortener")
    assert thread.id == starter.id and thread.type is discord.ChannelType.public_thread
    stored = fake.thread(thread.id)
    assert (stored.name, stored.parent_id, stored.private) == (
        "Mock: URL shortener",
        fake.general_channel_id,
        False,
    )
    assert fake.message(starter.id).thread_id == thread.id
    await fake.wait_for(lambda: bot.get_channel(thread.id) is not None)  # THREAD_CREATE reached the client

    await fake.post_message(thread.id, "my answer: base62", user=fake.member_user)
    seen = await fake.wait_for(lambda: [m for m in bot.seen if m.channel.id == thread.id])
    assert seen[0].content == "my answer: base62" and isinstance(seen[0].channel, discord.Thread)
    assert seen[0].author.id == fake.member_user.id

    await thread.send("Good start")
    assert [m.content for m in fake.messages(thread.id)] == ["my answer: base62", "Good start"]
    asked = await fake.slash_command("ping", channel_id=thread.id)
    await fake.wait_for_response(asked)
    assert fake.messages(thread.id)[-1].content == "pong"


async def test_without_message_content_intent_content_is_blank(fake: FakeDiscord) -> None:
    client = Bot(message_content=False)
    async with run_client(client, fake):
        await fake.post_message(fake.general_channel_id, "hidden text")
        await fake.post_message(fake.general_channel_id, f"{fake.bot_user.mention} hello")
        await fake.wait_for(lambda: len(client.seen) == 2)
        assert [m.content for m in client.seen] == ["", f"{fake.bot_user.mention} hello"]


async def test_private_thread_and_adding_a_member(fake: FakeDiscord, bot: Bot) -> None:
    thread = await general(bot, fake).create_thread(
        name="Feedback for Max", type=discord.ChannelType.private_thread, invitable=False
    )
    await thread.add_user(discord.Object(id=fake.member_user.id))
    stored = fake.thread(thread.id)
    assert stored.private and not stored.invitable and stored.starter_message_id is None
    assert stored.members == [fake.bot_user.id, fake.member_user.id]
    assert fake.calls_to("PUT", rf"/channels/{thread.id}/thread-members/{fake.member_user.id}")[0].status == 204


async def test_direct_messages_both_ways(fake: FakeDiscord, bot: Bot) -> None:
    user = await bot.fetch_user(fake.member_user.id)
    sent = await user.send("Your mock starts in 5 minutes")
    assert [m.content for m in fake.dms(fake.member_user)] == ["Your mock starts in 5 minutes"]
    assert sent.channel.id == fake.dm_channel_id(fake.member_user)

    await fake.post_message(fake.open_dm(fake.member_user), "thanks!", user=fake.member_user)
    incoming = await fake.wait_for(
        lambda: [m for m in bot.seen if isinstance(m.channel, discord.DMChannel) and m.author != bot.user]
    )
    assert incoming[0].content == "thanks!"

    fake.closed_dms.add(fake.admin_user.id)
    admin = await bot.fetch_user(fake.admin_user.id)
    with pytest.raises(discord.Forbidden) as refused:
        await admin.send("hello?")
    assert refused.value.code == 50007


async def test_editing_and_deleting_messages(fake: FakeDiscord, bot: Bot) -> None:
    channel = general(bot, fake)
    message = await channel.send("draft", embed=discord.Embed(title="Q1", description="Design a URL shortener"))
    edited = await message.edit(content="final")
    assert edited.content == "final" and edited.edited_at is not None
    stored = fake.message(message.id)
    assert stored.content == "final" and stored.embeds[0]["title"] == "Q1"
    assert [e["content"] for e in stored.edits] == ["final"]
    fetched = await channel.fetch_message(message.id)
    assert fetched.content == "final"
    await message.delete()
    assert fake.messages(fake.general_channel_id) == []
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("x" * 2001)
    assert too_long.value.status == 400 and too_long.value.code == 50035


async def test_bad_token_is_a_login_failure(fake: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents.default())
    with pointed_at(fake):
        with pytest.raises(discord.LoginFailure):
            await client.login("wrong-token")
        await client.close()
    assert (fake.calls[-1].path, fake.calls[-1].status) == ("/users/@me", 401)
    with pytest.raises(discord.LoginFailure):
        async with run_client(Bot(), fake, token="also-wrong"):
            pass
    assert fake.identify_count == 0


async def test_privileged_intents_must_be_enabled_for_the_app(fake: FakeDiscord) -> None:
    fake.privileged_intents = 0  # Message Content not enabled in the "developer portal"
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with run_client(Bot(message_content=True), fake):
            pass
    async with run_client(Bot(message_content=False), fake):
        assert fake.identify_count == 1


async def test_identify_with_a_revoked_token_closes_with_4004(fake: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents.default())
    with pointed_at(fake):
        await client.login(fake.token)
        fake.token = "rotated"
        with pytest.raises(discord.ConnectionClosed) as closed:
            await client.connect(reconnect=True)
        await client.close()
    assert closed.value.code == 4004 and fake.rejected_identifies == 1


async def test_dropped_connection_resumes_and_replays_missed_events(fake: FakeDiscord, bot: Bot) -> None:
    assert await fake.drop_connections() == 1
    missed = await fake.post_message(fake.general_channel_id, "said while you were away")
    await fake.wait_for(lambda: bot.resumed_events == 1, what="on_resumed")
    await fake.wait_for(lambda: any(m.id == missed.id for m in bot.seen), what="the replayed message")
    assert (fake.resume_count, fake.identify_count, bot.ready_events) == (1, 1, 1)
    again = await fake.slash_command("ping")
    assert (await fake.wait_for_response(again)).content == "pong"


async def test_invalidated_session_identifies_afresh(fake: FakeDiscord, bot: Bot) -> None:
    await fake.drop_connections(invalidate_sessions=True)
    await fake.wait_for(lambda: bot.ready_events == 2, what="a second on_ready")
    assert (fake.identify_count, fake.resume_count) == (2, 0)
    await fake.wait_until_ready()
    after = await fake.slash_command("ping")
    assert (await fake.wait_for_response(after)).content == "pong"


async def test_unknown_routes_are_404_and_recorded(fake: FakeDiscord, bot: Bot) -> None:
    route = discord.http.Route("GET", "/guilds/{guild_id}/bans", guild_id=fake.guild_id)
    with pytest.raises(discord.NotFound):
        await bot.http.request(route)
    assert (fake.calls[-1].method, fake.calls[-1].path, fake.calls[-1].status) == (
        "GET",
        f"/guilds/{fake.guild_id}/bans",
        404,
    )


async def test_late_interaction_response_is_unknown_interaction(fake: FakeDiscord, bot: Bot) -> None:
    fake.callback_deadline = 0.0
    late = await fake.slash_command("ping")
    await fake.wait_for(lambda: bot.errors, what="the client's error")
    assert isinstance(bot.errors[0], discord.NotFound) and bot.errors[0].code == 10062
    [attempt] = fake.responses(late)
    assert (attempt.type, attempt.accepted, attempt.status, attempt.error) == (4, False, 404, 10062)
    assert fake.messages(fake.general_channel_id) == []
