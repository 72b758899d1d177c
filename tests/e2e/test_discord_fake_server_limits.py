"""The Discord stand-in refuses what Discord refuses, with Discord's status and error body.

Raw HTTP shows the exact body; a plain discord.py client shows what a bot sees (HTTPException code/status).
Callbacks and the interaction webhook: test_discord_fake_server_callbacks.py.
"""

from __future__ import annotations

from typing import Any

import discord
import pytest

from tests.e2e.discord_raw import (  # noqa: F401 - api_fixture: the `api` fixture
    JSON,
    Api,
    api_fixture,
    button,
    discord_py_interaction,
    invalid,
    modal,
    row,
    text_input,
    too_long,
)
from tests.fakes.discord_server import FakeInteraction

# -- messages ------------------------------------------------------------------------------------------------

FIELD = {"name": "Requirements", "value": "Shorten a URL, redirect fast"}
OPTIONS = [{"label": "SDE II", "value": "sde2"}]

MESSAGE_REFUSALS = {
    "content over 2,000": ({"content": "x" * 2001}, too_long("content", 2000)),
    "11 embeds": ({"embeds": [{"title": "Q"}] * 11}, too_long("embeds", 10)),
    "title over 256": ({"embeds": [{"title": "t" * 257}]}, too_long("embeds.0.title", 256)),
    "description over 4,096": ({"embeds": [{"description": "d" * 4097}]}, too_long("embeds.0.description", 4096)),
    "26 fields": ({"embeds": [{"fields": [FIELD] * 26}]}, too_long("embeds.0.fields", 25)),
    "field name over 256": (
        {"embeds": [{"fields": [FIELD, {"name": "n" * 257, "value": "v"}]}]},
        too_long("embeds.0.fields.1.name", 256),
    ),
    "field value over 1,024": (
        {"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]},
        too_long("embeds.0.fields.0.value", 1024),
    ),
    "empty field value": (
        {"embeds": [{"fields": [{"name": "n", "value": ""}]}]},
        invalid("embeds.0.fields.0.value", "BASE_TYPE_REQUIRED", "This field is required"),
    ),
    "footer over 2,048": ({"embeds": [{"footer": {"text": "f" * 2049}}]}, too_long("embeds.0.footer.text", 2048)),
    "author over 256": ({"embeds": [{"author": {"name": "a" * 257}}]}, too_long("embeds.0.author.name", 256)),
    "one embed over 6,000": (
        {"embeds": [{"description": "d" * 4000, "fields": [{"name": "n", "value": "v" * 1000}] * 2 + [FIELD]}]},
        invalid("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"),
    ),
    "two embeds over 6,000 together": (
        {"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]},
        invalid("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"),
    ),
    "6 action rows": (
        {"content": "pick", "components": [row(button(f"b{n}")) for n in range(6)]},
        too_long("components", 5),
    ),
    "6 buttons in a row": (
        {"content": "pick", "components": [row(*(button(f"b{n}") for n in range(6)))]},
        invalid("components.0.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."),
    ),
    "an empty row": (
        {"content": "pick", "components": [row(button("a")), row()]},
        invalid("components.1.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."),
    ),
    "custom_id over 100": (
        {"content": "pick", "components": [row(button("a"), button("mock:pause:" + "x" * 90))]},
        invalid("components.0.components.1.custom_id", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."),
    ),
    "button label over 80": (
        {"content": "pick", "components": [row(button("a", label="l" * 81))]},
        too_long("components.0.components.0.label", 80),
    ),
    "26 select options": (
        {"content": "pick", "components": [row({"type": 3, "custom_id": "s", "options": OPTIONS * 26})]},
        invalid("components.0.components.0.options", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length."),
    ),
    "a select beside a button": (
        {"content": "pick", "components": [row({"type": 3, "custom_id": "s", "options": OPTIONS}, button("b"))]},
        invalid(
            "components.0.components.1",
            "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
            "The specified component exceeds the maximum width",
        ),
    ),
    "duplicate custom_id": (
        {"content": "pick", "components": [row(button("a")), row(button("a"))]},
        invalid(
            "components.1.components.0.custom_id",
            "COMPONENT_CUSTOM_ID_DUPLICATED",
            "Component custom id cannot be duplicated (a)",
        ),
    ),
}


@pytest.mark.parametrize(("body", "refusal"), MESSAGE_REFUSALS.values(), ids=MESSAGE_REFUSALS.keys())
async def test_a_message_over_a_limit_is_refused_with_discords_error(api: Api, body: JSON, refusal: JSON) -> None:
    assert await api.send(body) == (400, refusal)
    assert api.fake.messages(api.fake.general_channel_id) == []


async def test_messages_exactly_at_the_limits_are_accepted(api: Api) -> None:
    embed = {
        "title": "t" * 256,
        "description": "d" * 2000,
        "fields": [{"name": "n", "value": "v" * 137}] * 25,  # 256 + 2000 + 25 * 138 + 294 = 6000
        "footer": {"text": "f" * 294},
    }
    rows = [row(*(button(f"r{r}b{b}", label="l" * 80) for b in range(5))) for r in range(5)]
    status, _ = await api.send({"content": "c" * 2000, "embeds": [embed], "components": rows})
    assert status == 200
    assert len(api.fake.messages(api.fake.general_channel_id)) == 1


async def test_an_edit_over_a_limit_is_refused_and_changes_nothing(api: Api) -> None:
    status, sent = await api.send({"content": "draft"})
    assert status == 200
    path = f"/channels/{api.fake.general_channel_id}/messages/{sent['id']}"
    assert await api.call("PATCH", path, {"content": "x" * 2001}) == (400, too_long("content", 2000))
    assert api.fake.message(int(sent["id"])).content == "draft"


async def test_a_command_with_26_choices_is_refused_at_sync(api: Api) -> None:
    choices = [{"name": f"level {n}", "value": f"l{n}"} for n in range(26)]
    option = {"type": 3, "name": "level", "description": "Your level", "choices": choices}
    commands = [{"name": "questions", "description": "List questions", "options": [option]}]
    path = f"/applications/{api.fake.application_id}/commands"
    assert await api.call("PUT", path, commands) == (400, too_long("0.options.0.choices", 25))


# -- interaction responses -----------------------------------------------------------------------------------

MODAL_REFUSALS = {
    "title over 45": (modal(row(text_input()), title="t" * 46), too_long("data.title", 45)),
    "6 components": (
        modal(*(row(text_input(f"i{n}")) for n in range(6))),
        too_long("data.components", 5),
    ),
    "text input label over 45": (
        modal(row(text_input(label="l" * 46))),
        too_long("data.components.0.components.0.label", 45),
    ),
    "placeholder over 100": (
        modal(row(text_input(placeholder="p" * 101))),
        too_long("data.components.0.components.0.placeholder", 100),
    ),
    "value over 4,000": (
        modal(row(text_input(value="v" * 4001))),
        too_long("data.components.0.components.0.value", 4000),
    ),
    "max_length over 4,000": (
        modal(row(text_input(max_length=4001))),
        invalid(
            "data.components.0.components.0.max_length",
            "NUMBER_TYPE_MAX",
            "int value should be less than or equal to 4000.",
        ),
    ),
    "label component over 45": (
        modal({"type": 18, "label": "l" * 46, "component": {"type": 4, "custom_id": "a", "style": 2}}),
        too_long("data.components.0.label", 45),
    ),
}


@pytest.mark.parametrize(("data", "refusal"), MODAL_REFUSALS.values(), ids=MODAL_REFUSALS.keys())
async def test_a_modal_over_a_limit_is_refused(api: Api, data: JSON, refusal: JSON) -> None:
    opened = await api.fake.slash_command("quiet")
    assert await api.callback(opened, 9, data) == (400, refusal)
    [attempt] = api.fake.responses(opened)
    assert (attempt.accepted, attempt.status, attempt.error) == (False, 400, 50035)


# -- through discord.py --------------------------------------------------------------------------------------


def answered_by_discord_py(api: Api, interaction: FakeInteraction) -> discord.InteractionResponse[Any]:
    """discord.py's own response object for an interaction the stand-in sent."""
    return discord_py_interaction(api, interaction).response


def view_of(*buttons: discord.ui.Button[discord.ui.View]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for item in buttons:
        view.add_item(item)
    view.stop()
    return view


def with_fields(count: int) -> discord.Embed:
    embed = discord.Embed(title="Scorecard")
    for n in range(count):
        embed.add_field(name=f"Item {n}", value="covered")
    return embed


SENDS_DISCORD_REFUSES = {
    "content over 2,000": lambda: {"content": "x" * 2001},
    "description over 4,096": lambda: {"embed": discord.Embed(description="d" * 4097)},
    "embeds over 6,000 together": lambda: {
        "embeds": [discord.Embed(description="d" * 4000), discord.Embed(description="d" * 2001)]
    },
    "26 fields": lambda: {"embed": with_fields(26)},
    "button label over 80": lambda: {
        "content": "pick",
        "view": view_of(discord.ui.Button(label="l" * 81, custom_id="a")),
    },
    "custom_id over 100": lambda: {
        "content": "pick",
        "view": view_of(discord.ui.Button(label="Go", custom_id="c" * 101)),
    },
}


@pytest.mark.parametrize("make", SENDS_DISCORD_REFUSES.values(), ids=SENDS_DISCORD_REFUSES.keys())
async def test_discord_py_gets_a_400_50035_for_a_message_discord_refuses(api: Api, make: Any) -> None:
    channel = api.client.get_channel(api.fake.general_channel_id)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(**make())
    assert (refused.value.status, refused.value.code) == (400, 50035)


async def test_discord_py_gets_40060_when_an_interaction_is_answered_twice(api: Api) -> None:
    asked = await api.fake.slash_command("quiet")
    await answered_by_discord_py(api, asked).send_message("first")
    with pytest.raises(discord.HTTPException) as refused:
        await answered_by_discord_py(api, asked).defer()  # a second process, or a stale object, answering again
    assert (refused.value.status, refused.value.code, refused.value.text) == (
        400,
        40060,
        "Interaction has already been acknowledged.",
    )


async def test_discord_py_gets_50035_for_a_modal_title_over_45(api: Api) -> None:
    asked = await api.fake.slash_command("quiet")
    form = discord.ui.Modal(title="t" * 46, custom_id="feedback")
    form.add_item(discord.ui.TextInput(label="Answer", custom_id="answer"))
    form.stop()
    with pytest.raises(discord.HTTPException) as refused:
        await answered_by_discord_py(api, asked).send_modal(form)
    assert (refused.value.status, refused.value.code) == (400, 50035)


async def test_discord_py_gets_50035_for_26_autocomplete_results(api: Api) -> None:
    typing = await api.fake.autocomplete("quiet", {"id": "u"}, focused="id")
    choices = [discord.app_commands.Choice(name=f"question {n}", value=f"q{n}") for n in range(26)]
    with pytest.raises(discord.HTTPException) as refused:
        await answered_by_discord_py(api, typing).autocomplete(choices)
    assert (refused.value.status, refused.value.code) == (400, 50035)
