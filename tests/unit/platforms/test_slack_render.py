"""Whatever a reply holds, the Slack renderer sends only what Slack accepts (the stand-in is the judge)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat import ActionId, Button, Form, FormField, Reply, ReplyField
from bot.platforms.slack_render import escape, modal_view, mrkdwn, render, unescape
from tests.fakes.slack_api._blocks import message_block_problems, view_problems

ACTION = ActionId("mock", "pause", "deadbeef")


def problems(reply: Reply) -> list[str]:
    return [problem for message in render(reply) for problem in message_block_problems(message.blocks)]


EDGE_REPLIES = [
    pytest.param(Reply(text="word " * 40_000), id="200k-characters"),
    pytest.param(Reply(text="<&>" * 3000), id="text-that-escaping-lengthens"),
    pytest.param(Reply(title="T" * 400, text="x"), id="long-title"),
    pytest.param(Reply(ping=" ".join(f"<@U{n:08d}>" for n in range(400))), id="ping-over-3000"),
    pytest.param(Reply(text="x", fields=(ReplyField("n", "<" * 1980, inline=True),)), id="escaped-past-2000"),
    pytest.param(Reply(text="x", fields=tuple(ReplyField(f"f{n}", "v" * 1900) for n in range(40))), id="40-fields"),
    pytest.param(Reply(text="x", fields=(ReplyField("", ""),)), id="empty-field"),
    pytest.param(Reply(text="x", footer="f" * 5000), id="long-footer"),
    pytest.param(Reply(text="x", buttons=tuple(Button(f"b{n}", ACTION) for n in range(80))), id="80-buttons"),
    pytest.param(Reply(text="x", buttons=(Button("", ACTION),)), id="empty-button-label"),
    pytest.param(Reply(text="x", buttons=(Button("L" * 300, ACTION),)), id="long-button-label"),
    pytest.param(Reply(text="   "), id="blank-text"),
    pytest.param(Reply(title="   ", text="x"), id="blank-title"),
    pytest.param(Reply(text="x", footer="  "), id="blank-footer"),
    pytest.param(Reply(text="***", footer="***"), id="markdown-rules-only"),
    pytest.param(
        Reply(text=("word " * 20 + "\n\n") * 3000, buttons=tuple(Button(f"b{n}", ACTION) for n in range(30))),
        id="many-blocks-and-buttons",
    ),
]


@pytest.mark.parametrize("reply", EDGE_REPLIES)
def test_every_rendered_message_is_one_slack_accepts(reply: Reply) -> None:
    assert problems(reply) == []


def test_a_long_reply_keeps_all_its_buttons_in_order() -> None:
    reply = Reply(text=("word " * 20 + "\n\n") * 3000, buttons=tuple(Button(f"b{n}", ACTION) for n in range(30)))
    messages = render(reply)
    assert len(messages) > 1
    buttons = [e for m in messages for b in m.blocks if b["type"] == "actions" for e in b["elements"]]
    assert [button["text"]["text"] for button in buttons] == [f"b{n}" for n in range(30)]


def test_an_inline_field_that_escaping_lengthens_keeps_its_whole_value() -> None:
    [message] = render(Reply(text="x", fields=(ReplyField("n", "<" * 1980, inline=True),)))
    shown = "".join(str(block) for block in message.blocks)
    assert shown.count("&lt;") == 1980


def _form(**changes: object) -> Form:
    values: dict[str, object] = {
        "action": ActionId("star", "add", "ownership"),
        "title": "New STAR story",
        "fields": (FormField("situation", "Situation"),),
    }
    values.update(changes)
    return Form(**values)  # type: ignore[arg-type]


EDGE_FORMS = [
    pytest.param(_form(title="A title far longer than twenty-four"), id="long-title"),
    pytest.param(_form(title=""), id="empty-title"),
    pytest.param(_form(submit_label="Save this story for later please"), id="long-submit"),
    pytest.param(_form(submit_label=""), id="empty-submit"),
    pytest.param(_form(fields=(FormField("a", "L" * 2500, placeholder="p" * 400),)), id="long-label-placeholder"),
    pytest.param(_form(fields=(FormField("a", ""),)), id="empty-label"),
    pytest.param(_form(fields=(FormField("a", "A", max_length=10, default="d" * 50),)), id="default-past-max"),
    pytest.param(_form(fields=(FormField("a", "A", max_length=0),)), id="max-length-zero"),
    pytest.param(_form(fields=(FormField("a", "A", max_length=10_000),)), id="max-length-huge"),
    pytest.param(_form(fields=tuple(FormField(f"f{n}", f"F{n}") for n in range(120))), id="120-fields"),
]


@pytest.mark.parametrize("form", EDGE_FORMS)
def test_every_modal_is_one_slack_accepts(form: Form) -> None:
    assert view_problems(modal_view(form, '{"channel": "C1"}')) == []


def _shown(markdown: str) -> str:
    [message] = render(Reply(text=markdown))
    return "\n".join(block["text"]["text"] for block in message.blocks)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        pytest.param("**bold**", "*bold*", id="bold"),
        pytest.param("*italic*", "_italic_", id="star-italic"),
        pytest.param("_italic_", "_italic_", id="underscore-italic"),
        pytest.param("**a** then *b*", "*a* then _b_", id="both"),
        pytest.param("[the docs](https://example.com/a)", "<https://example.com/a|the docs>", id="link"),
        pytest.param("ask <@U123> first", "ask <@U123> first", id="mention-survives"),
        pytest.param("a < b && c > d", "a &lt; b &amp;&amp; c &gt; d", id="escaped"),
        pytest.param("`x * y * z`", "`x * y * z`", id="code-untouched"),
    ],
)
def test_llm_markdown_becomes_slack_mrkdwn(markdown: str, expected: str) -> None:
    assert _shown(markdown) == expected


def test_a_markdown_list_renders_as_bullets_on_their_own_lines() -> None:
    lines = _shown("Risks:\n\n- cache stampede\n- **hot** partition\n  - nested").splitlines()
    assert lines[0] == "Risks:"
    bullets = [line.split(maxsplit=1) for line in lines[1:] if line.strip()]
    assert bullets == [["•", "cache stampede"], ["•", "*hot* partition"], ["◦", "nested"]]


@pytest.mark.parametrize("token", ["<!channel>", "<!here>", "<!subteam^S123>", "<#C123>"])
def test_broadcast_and_channel_tokens_in_text_are_shown_not_sent(token: str) -> None:
    shown = _shown(f"quote: {token} now")
    assert token not in shown
    assert "&lt;" in shown


_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300) | st.sampled_from(
    ["", " ", "*", "**", "<", "&", "<@U1>", "<!here>", "- ", "1. ", "# ", "`", "```", "[a](https://x.y)", "\n\n"]
)
_LONG_TEXT = st.builds(lambda part, times: part * times, _TEXT, st.integers(0, 40))


@settings(max_examples=80, deadline=None)
@given(
    text=_LONG_TEXT,
    title=st.none() | _TEXT,
    footer=st.none() | _LONG_TEXT,
    ping=st.none() | _TEXT,
    fields=st.lists(st.builds(ReplyField, _TEXT, _LONG_TEXT, st.booleans()), max_size=12),
    labels=st.lists(_TEXT, max_size=30),
)
def test_any_reply_renders_to_messages_slack_accepts(
    text: str, title: str | None, footer: str | None, ping: str | None, fields: list[ReplyField], labels: list[str]
) -> None:
    buttons = tuple(Button(label, ACTION) for label in labels)
    reply = Reply(text=text, title=title, footer=footer, ping=ping, fields=tuple(fields), buttons=buttons)
    assert problems(reply) == []


@settings(max_examples=80, deadline=None)
@given(
    title=_TEXT,
    submit=_TEXT,
    fields=st.lists(
        st.builds(
            FormField,
            st.from_regex(r"[a-z]{1,20}", fullmatch=True),
            _TEXT,
            placeholder=_TEXT,
            max_length=st.integers(-5, 10_000),
            default=_LONG_TEXT,
        ),
        max_size=120,
    ),
)
def test_any_form_renders_to_a_modal_slack_accepts(title: str, submit: str, fields: list[FormField]) -> None:
    form = Form(ActionId("star", "add", "ownership"), title, tuple(fields), submit_label=submit)
    assert view_problems(modal_view(form, '{"channel": "C1"}')) == []


@given(st.text())
def test_a_message_text_slack_escaped_reads_back_as_typed(typed: str) -> None:
    assert unescape(escape(typed)) == typed


def test_mention_tokens_stay_and_only_the_three_control_characters_are_unescaped() -> None:
    assert unescape("<@U123> 10M a day -&gt; 115/s &amp; p99 &lt; 50 ms &quot;") == (
        "<@U123> 10M a day -> 115/s & p99 < 50 ms &quot;"
    )


def test_a_repeated_text_converts_the_same_and_never_to_another_texts_conversion() -> None:
    texts = ["**help** for *you*", "- one\n- two", "**help** for *you*", "[a](https://example.com/a)"]
    first = [mrkdwn(text) for text in texts]
    again = [mrkdwn(text) for text in reversed(texts)]
    assert first == list(reversed(again))
    assert first[0] == first[2] == "*help* for _you_"
    assert len(set(first)) == 3


def test_converting_the_same_text_again_costs_no_second_conversion() -> None:
    text = "**only** this _once_ " + "x" * 40
    mrkdwn(text)
    hits = mrkdwn.cache_info().hits
    mrkdwn(text)
    assert mrkdwn.cache_info().hits == hits + 1


def test_replies_rendered_again_come_back_the_same_and_apart() -> None:
    hints = Reply(title="Hints", text="1. **cache** it", buttons=(Button("More", ActionId("q", "more", "x")),))
    other = Reply(title="Hints", text="1. **cache** it", buttons=(Button("More", ActionId("q", "more", "y")),))
    first = render(hints)
    assert render(Reply(title="Hints", text="1. **cache** it", buttons=hints.buttons)) == first
    assert render(other) != first
    assert first[0].blocks[-1]["elements"][0]["action_id"] == "q:more:x"
