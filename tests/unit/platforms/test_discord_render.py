import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat import ActionId, Button, Reply, ReplyField
from bot.platforms.discord_render import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_VALUE_LIMIT,
    FIELDS_PER_EMBED,
    render,
)


def test_plain_text_is_message_content() -> None:
    [message] = render(Reply(text="hello"))
    assert message.content == "hello"
    assert message.embed is None


def test_a_card_becomes_an_embed_with_buttons() -> None:
    button = Button("Show hints", ActionId("question", "hints", "url-shortener"))
    [message] = render(
        Reply(
            title="URL shortener",
            text="Design it",
            fields=(ReplyField("Level", "SDE II"),),
            buttons=(button,),
            footer="id: url-shortener",
        )
    )
    assert message.embed is not None
    assert message.embed.title == "URL shortener"
    assert message.embed.description == "Design it"
    assert message.embed.footer.text == "id: url-shortener"
    assert message.buttons == (button,)


def test_long_text_is_split_into_several_messages_with_buttons_on_the_last() -> None:
    button = Button("Next", ActionId("mock", "next", "s1"))
    messages = render(Reply(text="word " * 1000, buttons=(button,)))
    assert len(messages) == 3
    assert all(len(m.content or "") <= CONTENT_LIMIT for m in messages)
    assert [m.buttons for m in messages] == [(), (), (button,)]


def test_a_huge_embed_is_split_within_every_limit() -> None:
    fields = tuple(ReplyField(f"Field {i}", "value " * 400) for i in range(40))
    messages = render(Reply(title="T" * 300, text="line\n" * 3000, fields=fields, footer="F" * 3000))
    embeds = [m.embed for m in messages if m.embed is not None]
    assert len(embeds) == len(messages) > 1
    for embed in embeds:
        assert len(embed) <= EMBED_TOTAL_LIMIT
        assert len(embed.description or "") <= DESCRIPTION_LIMIT
        assert len(embed.fields) <= FIELDS_PER_EMBED
        assert all(len(field.value or "") <= FIELD_VALUE_LIMIT for field in embed.fields)
    assert sum(len(e.fields) for e in embeds) > 40  # long values continue in "(cont.)" fields


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(max_size=9000),
    title=st.none() | st.text(min_size=1, max_size=400),
    values=st.lists(st.text(min_size=1, max_size=3000), max_size=30),
)
def test_any_reply_fits_discord(text: str, title: str | None, values: list[str]) -> None:
    reply = Reply(text=text, title=title, fields=tuple(ReplyField("f", v) for v in values))
    for message in render(reply):
        if message.embed is not None:
            assert len(message.embed) <= EMBED_TOTAL_LIMIT
            assert len(message.embed.fields) <= FIELDS_PER_EMBED
        else:
            assert 0 < len(message.content or "") <= CONTENT_LIMIT


@pytest.mark.parametrize("count", [0, 3, 30])
def test_at_most_25_buttons(count: int) -> None:
    buttons = tuple(Button(str(i), ActionId("x", "y", str(i))) for i in range(count))
    assert len(render(Reply(text="t", buttons=buttons))[-1].buttons) == min(count, 25)


def test_a_ping_goes_in_the_content_where_it_notifies_and_may_mention_roles() -> None:
    first, *_ = render(Reply(title="Daily question · Monday 2 March 2026", text="Design it", ping="<@&42>"))
    assert first.content == "<@&42>"
    assert first.embed is not None and first.embed.title == "Daily question · Monday 2 March 2026"
    assert first.pings_roles
    assert not render(Reply(text="no ping"))[0].pings_roles


def test_a_ping_before_long_text_cuts_none_of_the_text() -> None:
    text = " ".join(f"w{n}" for n in range(1500))
    messages = render(Reply(text=text, ping="<@&42>"))
    assert all(len(m.content or "") <= CONTENT_LIMIT for m in messages)
    assert messages[0].content is not None and messages[0].content.startswith("<@&42>\n")
    sent = " ".join([messages[0].content.removeprefix("<@&42>\n"), *(m.content or "" for m in messages[1:])])
    assert sent.split() == text.split()


def test_an_image_rides_on_the_first_message_and_its_alt_text_becomes_the_description() -> None:
    from bot.chat import Image
    from bot.platforms.discord_render import ATTACHMENT_DESCRIPTION_LIMIT, attachment

    image = Image(b"\x89PNG", "mock-timeline.png", "w" * 2000)
    first, *rest = render(Reply(text="x" * (CONTENT_LIMIT + 10), image=image))
    assert first.image == image and all(piece.image is None for piece in rest)
    file = attachment(image)
    assert file.filename == "mock-timeline.png"
    assert file.description is not None and len(file.description) == ATTACHMENT_DESCRIPTION_LIMIT
