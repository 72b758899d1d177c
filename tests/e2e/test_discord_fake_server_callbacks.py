"""The Discord stand-in answers interaction callbacks as Discord does: once, in time, 204 unless asked for more."""

from __future__ import annotations

from tests.e2e.discord_raw import Api, api_fixture, invalid, modal, row, text_input, too_long  # noqa: F401 - api_fixture: the `api` fixture


async def test_a_refused_response_leaves_the_interaction_unanswered(api: Api) -> None:
    opened = await api.fake.slash_command("quiet")
    assert (await api.callback(opened, 4, {"content": "x" * 2001}))[0] == 400
    assert (await api.callback(opened, 4, {"content": "fits"}))[0] == 204


async def test_more_than_25_autocomplete_results_are_refused(api: Api) -> None:
    typing = await api.fake.autocomplete("quiet", {"id": "u"}, focused="id")
    choices = [{"name": f"question {n}", "value": f"q{n}"} for n in range(26)]
    assert await api.callback(typing, 8, {"choices": choices}) == (400, too_long("data.choices", 25))
    assert (await api.callback(typing, 8, {"choices": choices[:25]}))[0] == 204


async def test_a_second_initial_response_is_already_acknowledged(api: Api) -> None:
    asked = await api.fake.slash_command("quiet")
    assert (await api.callback(asked, 4, {"content": "first"}))[0] == 204
    second = await api.callback(asked, 4, {"content": "second"})
    assert second == (400, {"code": 40060, "message": "Interaction has already been acknowledged."})
    modal_after = await api.callback(asked, 9, modal(row(text_input())))
    assert modal_after[1]["code"] == 40060
    assert [m.content for m in api.fake.messages(api.fake.general_channel_id)] == ["first"]


async def test_a_body_that_is_not_json_is_refused(api: Api) -> None:
    url = f"{api.fake.api_base_url.rstrip('/')}/channels/{api.fake.general_channel_id}/messages"
    headers = api.headers | {"Content-Type": "application/json"}
    for raw in (b'{"content": "unclosed', b"\xff\xfe"):
        async with api.session.post(url, data=raw, headers=headers) as response:
            assert (response.status, await response.json()) == (
                400,
                {"code": 50109, "message": "The request body contains invalid JSON."},
            )
    assert api.fake.messages(api.fake.general_channel_id) == []


async def test_a_callback_sends_back_its_message_only_when_asked(api: Api) -> None:
    quiet = await api.fake.slash_command("quiet")
    assert await api.callback(quiet, 4, {"content": "no body back"}) == (204, None)
    told = await api.fake.slash_command("quiet")
    status, body = await api.callback(told, 4, {"content": "sent back"}, with_response="true")
    assert status == 200
    assert body["interaction"]["id"] == str(told.id)
    assert body["resource"]["type"] == 4 and body["resource"]["message"]["content"] == "sent back"
    assert (await api.callback(await api.fake.slash_command("quiet"), 4, {"content": "x"}, "false"))[0] == 204


async def test_a_with_response_that_is_not_a_boolean_is_refused_and_answers_nothing(api: Api) -> None:
    asked = await api.fake.slash_command("quiet")
    refused = await api.callback(asked, 4, {"content": "first"}, with_response="maybe")
    assert refused == (400, invalid("with_response", "BOOLEAN_TYPE_COERCE", 'Value "maybe" is not a boolean.'))
    assert (await api.callback(asked, 4, {"content": "again"}))[0] == 204
    assert [m.content for m in api.fake.messages(api.fake.general_channel_id)] == ["again"]


async def test_an_unknown_interaction_token_is_unknown_interaction(api: Api) -> None:
    asked = await api.fake.slash_command("quiet")
    path = f"/interactions/{asked.id}/not-the-token/callback"
    assert await api.call("POST", path, {"type": 4, "data": {"content": "hi"}}) == (
        404,
        {"code": 10062, "message": "Unknown interaction"},
    )


async def test_an_expired_interaction_is_unknown_interaction(api: Api) -> None:
    api.fake.callback_deadline = 0.0
    asked = await api.fake.slash_command("quiet")
    assert await api.callback(asked, 4, {"content": "late"}) == (
        404,
        {"code": 10062, "message": "Unknown interaction"},
    )


async def test_an_interaction_token_stops_working_after_its_lifetime(api: Api) -> None:
    asked = await api.fake.slash_command("quiet")
    assert (await api.callback(asked, 5))[0] == 204  # "thinking…"
    api.fake.interaction_token_lifetime = 0.0  # Discord: 15 minutes
    hook = f"/webhooks/{api.fake.application_id}/{asked.token}"
    assert await api.call("POST", hook, {"content": "too late"}) == (
        401,
        {"code": 50027, "message": "Invalid Webhook Token"},
    )
    assert await api.call("PATCH", f"{hook}/messages/@original", {"content": "too late"}) == (
        401,
        {"code": 50027, "message": "Invalid Webhook Token"},
    )
