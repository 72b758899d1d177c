"""Whatever JSON a signed request carries, the inbound check answers with a checked body or BadPayload."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.platforms.slack_inbound import BadPayload, checked

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
_JSON = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
)
_KEYS = st.sampled_from(
    ["type", "team", "team_id", "user", "user_id", "channel", "channel_id", "actions", "view", "event", "command",
     "text", "response_url", "trigger_id", "container", "message", "ssl_check", "challenge", "event_id"]
)  # fmt: skip
_TYPES = st.sampled_from(["block_actions", "view_submission", "event_callback", "url_verification", "shortcut"])


@settings(max_examples=300, deadline=None)
@given(body=st.dictionaries(_KEYS, _JSON, max_size=8), kind=st.none() | _TYPES)
def test_any_body_is_checked_or_refused_as_a_bad_payload(body: dict[str, Any], kind: str | None) -> None:
    if kind is not None:
        body["type"] = kind
    try:
        kept = checked(body)
    except BadPayload:
        return
    assert set(kept) <= set(body)


def test_a_well_formed_button_press_keeps_what_the_bot_reads_and_drops_the_rest() -> None:
    body = {
        "type": "block_actions",
        "team": {"id": "T1", "domain": "x"},
        "user": {"id": "U1", "username": "alice"},
        "actions": [{"action_id": "mock:pause:1", "value": "1", "type": "button", "style": "primary"}],
        "response_url": "https://hooks.slack.com/actions/T1/1/x",
        "is_ext_shared_channel": 5,
        "app_unfurl": "nonsense",
    }
    kept = checked(body)
    assert kept["actions"] == [{"action_id": "mock:pause:1", "value": "1", "type": "button"}]
    assert "is_ext_shared_channel" not in kept and "app_unfurl" not in kept


def test_the_enterprise_fields_oauth_mode_reads_are_kept_and_checked() -> None:
    """Bolt finds a distributed app's installation from them (Enterprise Grid: the enterprise id)."""
    event = {"type": "event_callback", "team_id": "T1", "event": {"type": "app_uninstalled"}, "enterprise_id": "E1"}
    grid = {**event, "authorizations": [{"enterprise_id": "E1", "team_id": None, "is_enterprise_install": True}]}
    assert checked(grid)["authorizations"] == [{"enterprise_id": "E1", "is_enterprise_install": True}]
    assert checked(grid)["enterprise_id"] == "E1"
    with pytest.raises(BadPayload):
        checked({**event, "authorizations": "nonsense"})
    with pytest.raises(BadPayload):
        checked({**event, "enterprise_id": "e 1"})


@pytest.mark.parametrize("team_id", ["t1", "T 1", "", "T" * 33, "T1\n"])
def test_slack_ids_are_upper_case_letters_and_digits(team_id: str) -> None:
    with pytest.raises(BadPayload):
        checked({"type": "event_callback", "team_id": team_id, "event": {"type": "reaction_added"}})
