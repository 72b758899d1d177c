"""Slack's urlencoded bodies are read exactly as Python's parse_qsl reads them, malformed ones refused alike."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.platforms.slack_http import MAX_FORM_FIELDS, parse_form, unquote_form

# Text made of what matters to the decoder: escapes (good and broken), plus signs, backslashes, non-ASCII.
FORM_PIECES = st.sampled_from(["%", "%4", "%41", "%C3", "%A9", "%zz", "%5C", "+", "\\", "\\x41", "é", "✓", "=", "&"])
FORM_TEXT = st.lists(st.one_of(FORM_PIECES, st.text(max_size=4)), max_size=30).map("".join)


def python_reads(text: str) -> dict[str, str] | type[ValueError]:
    try:
        return dict(parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=MAX_FORM_FIELDS))
    except ValueError:
        return ValueError


def we_read(text: str) -> dict[str, str] | type[ValueError]:
    try:
        return parse_form(text)
    except ValueError:
        return ValueError


@given(FORM_TEXT)
def test_any_text_is_read_as_python_reads_it(text: str) -> None:
    assert we_read(text) == python_reads(text)


@given(st.dictionaries(st.text(min_size=1, max_size=10), st.text(max_size=50), max_size=10))
def test_an_encoded_form_comes_back_as_it_was(fields: dict[str, str]) -> None:
    assert parse_form(urlencode(fields)) == fields


def test_a_button_payload_comes_back_as_slack_sent_it() -> None:
    payload = {"type": "block_actions", "actions": [{"action_id": "question:hints:url-shortener"}], "text": "a+b \\ ✓"}
    assert json.loads(parse_form(urlencode({"payload": json.dumps(payload)}))["payload"]) == payload


@pytest.mark.parametrize("text", ["%zz", "100%", "%4", "a%C3b", "\\%41"])
def test_an_escape_python_would_keep_is_kept(text: str) -> None:
    assert unquote_form(text) == python_reads(f"v={text}")["v"]  # type: ignore[index]


def test_a_form_with_too_many_fields_is_refused() -> None:
    with pytest.raises(ValueError, match="too many"):
        parse_form("&".join(f"f{n}=1" for n in range(MAX_FORM_FIELDS + 1)))
