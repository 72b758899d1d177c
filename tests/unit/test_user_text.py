"""Repeated user text keeps its look but never notifies anyone."""

from __future__ import annotations

import re
from typing import Annotated

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from bot.chat import Platform, UserRef, parse_user_mention
from bot.user_text import ZWSP, clip, defuse_mentions, quote_input, trimmed

# What Discord or Slack would turn into a notification inside a bot's message.
LIVE = re.compile(r"<[@!]|@(everyone|here|channel)", re.IGNORECASE)

HOSTILE = (
    "@everyone @here @channel <!channel> <!here> <!here|here> <!everyone> <!subteam^S0614TZR7|@platform> "
    "<@U123> <@U123|ana> <@!456> <@&789> <<@U1>> <!date^1392734382^{date}|Feb 18>"
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("@everyone look", f"@{ZWSP}everyone look"),
        ("ping @here now", f"ping @{ZWSP}here now"),
        ("<!channel> hi", f"@{ZWSP}channel hi"),
        ("<!here|here>", f"@{ZWSP}here"),
        ("<!everyone>", f"@{ZWSP}everyone"),
        ("<!subteam^S0614TZR7|@platform-team> ship it", "@platform-team ship it"),
        ("<!subteam^S0614TZR7>", "@group"),
        ("ask <@U123> about it", "ask @U123 about it"),
        ("ask <@U123|ana> about it", "ask @ana about it"),
        ("<@!456> said so", "@456 said so"),
        ("<@&789> team", "@role team"),
        ("<<@U1>>", f"<{ZWSP}@U1>"),
        ("<!date^1392734382^{date}|Feb 18> works", "Feb 18 works"),
        ("we cache at the edge: 2 KB × 10M = 20 GB/day", "we cache at the edge: 2 KB × 10M = 20 GB/day"),
        ("email me at ana@example.com", "email me at ana@example.com"),
        ("a < b and c > d", "a < b and c > d"),
    ],
)
def test_mentions_are_made_inert_and_the_rest_reads_the_same(text: str, shown: str) -> None:
    assert defuse_mentions(text) == shown


def test_nothing_live_is_left_of_every_form_together() -> None:
    assert not LIVE.search(defuse_mentions(HOSTILE).replace(ZWSP, "?"))
    assert "@ana" in defuse_mentions(HOSTILE)


pieces = st.sampled_from(
    ["@", "<", ">", "!", "&", "|", "^", "everyone", "here", "channel", "EVERYONE", "subteam", "U1", "ana", " ", ZWSP]
)


@given(st.lists(pieces | st.text(max_size=4), max_size=30).map("".join))
def test_defusing_is_idempotent_and_leaves_no_live_mention(text: str) -> None:
    once = defuse_mentions(text)
    assert defuse_mentions(once) == once
    assert not LIVE.search(once)


def test_a_refusal_quotes_at_most_a_short_line_of_what_was_typed() -> None:
    assert quote_input("x" * 5000) == "x" * 59 + "…"
    assert quote_input("two\nlines\tand  spaces") == "two lines and spaces"
    assert quote_input("@everyone") == f"@{ZWSP}everyone"


def test_a_mention_token_names_a_real_length_id_only() -> None:
    assert parse_user_mention("<@U0123ABCD|ana>", Platform.SLACK, "T1") == UserRef(Platform.SLACK, "T1", "U0123ABCD")
    assert parse_user_mention("<@" + "9" * 33 + ">", Platform.DISCORD, "G1") is None


def test_trimmed_folds_whitespace_and_cuts_to_the_limit() -> None:
    assert trimmed("  two\n\nlines\tand   spaces ", 100) == "two lines and spaces"
    assert trimmed("a scorecard line that runs on", 11) == "a scorecard"


class Line(BaseModel):
    text: Annotated[str, clip(12)]


def test_clip_keeps_generated_text_trimmed_in_a_model() -> None:
    assert Line(text="Ask about\n\nfailure modes first").text == "Ask about fa"


def test_an_excerpt_is_one_line_cut_at_a_word_and_notifies_nobody() -> None:
    from bot.user_text import excerpt

    quoted = excerpt("we page  on-call\nwhen p99 crosses 300 ms @everyone " + "and more words " * 20, limit=60)
    assert "\n" not in quoted and len(quoted) <= 60
    assert quoted.endswith("…") and not quoted[:-1].endswith(" ")
    assert "@everyone" not in quoted.replace("@\u200beveryone", "")
    assert excerpt("short and sweet") == "short and sweet"
