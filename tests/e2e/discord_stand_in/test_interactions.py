"""Slash commands, buttons, selects, modals and autocomplete through the stand-in, as discord.py sees them."""

from __future__ import annotations

import discord
import pytest

from tests.e2e.discord_stand_in.support import (
    QUESTION_IDS,
    Bot,
    VoteButton,
)
from tests.fakes.discord_server import FakeDiscord, Perm, run_client


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
