"""Forms become Discord modals that Discord accepts and that show what the form says."""

from __future__ import annotations

from typing import Any

import pytest

from bot.chat import ActionId, Form, FormField
from bot.platforms.discord_chat import form_modal
from handlers.mock.feedback import feedback_form
from handlers.mock.session import MockSession
from handlers.pairing.commands import JoinOptions, join_form
from tests.fakes.discord_server._validation import validate_modal


def modal_body(form: Form) -> dict[str, Any]:
    """The modal as discord.py sends it in the interaction response."""
    modal = form_modal(form)
    modal.stop()
    return modal.to_dict()


def text_inputs(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for row in body["components"] for item in row["components"] if item["type"] == 4]


@pytest.mark.parametrize(
    "form",
    [feedback_form(MockSession.model_construct(id="s1")), join_form(JoinOptions())],  # type: ignore[call-arg]
    ids=["mock feedback", "pairing join"],
)
def test_a_handlers_form_shows_its_title_and_every_label_whole(form: Form) -> None:
    body = modal_body(form)
    validate_modal(body)  # Discord's limits, as the stand-in enforces them
    assert body["title"] == form.title
    assert [item["label"] for item in text_inputs(body)] == [field.label for field in form.fields]


def test_a_prefilled_answer_longer_than_its_field_is_cut_to_fit() -> None:
    fields = (
        FormField("result", "Result", multiline=True, max_length=4000, default="r" * 5000),
        FormField("tz", "Your time zone", max_length=64, default="Europe/" + "x" * 100),
    )
    body = modal_body(Form(ActionId("story", "edit", "s1"), "Edit your story", fields))
    validate_modal(body)
    assert [len(item["value"]) for item in text_inputs(body)] == [4000, 64]
