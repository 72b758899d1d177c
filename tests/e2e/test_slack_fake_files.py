"""The Slack stand-in's external upload flow, driven by slack_sdk's files_upload_v2, and what it refuses."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import FakeSlackApi

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def api() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as fake:
        yield fake


def client_for(api: FakeSlackApi) -> AsyncWebClient:
    return AsyncWebClient(base_url=api.base_url, token=api.bot_token)


async def test_files_upload_v2_shares_the_file_into_the_thread_with_its_alt_text(api: FakeSlackApi) -> None:
    client = client_for(api)
    parent = await client.chat_postMessage(channel="C0001", text="Mock over")
    done = await client.files_upload_v2(
        channel="C0001", thread_ts=parent["ts"], file=PNG, filename="timeline.png", title="timeline", alt_txt="In words"
    )
    assert done["file"]["name"] == "timeline.png"
    (upload,) = api.uploaded_files("C0001")
    assert (upload["data"], upload["alt_txt"], upload["title"]) == (PNG, "In words", "timeline")
    (reply,) = api.messages("C0001", thread_ts=parent["ts"])
    assert reply["files"][0]["id"] == upload["id"]
    methods = [call["method"] for call in api.calls() if call.get("kind") == "api"]
    assert methods == ["chat.postMessage", "files.getUploadURLExternal", "files.completeUploadExternal"]


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"length": 10}, "invalid_arguments"),
        ({"filename": "a.png"}, "invalid_arguments"),
        ({"filename": "a.png", "length": 0}, "missing_argument"),
        ({"filename": "a.png", "length": 10, "alt_txt": "x" * 1001}, "alt_txt_too_large"),
    ],
)
async def test_an_upload_url_is_refused_without_a_name_a_length_or_with_long_alt_text(
    api: FakeSlackApi, params: dict[str, object], error: str
) -> None:
    with pytest.raises(SlackApiError) as refused:
        await client_for(api).api_call("files.getUploadURLExternal", params=params)
    assert refused.value.response["error"] == error


async def test_bytes_that_do_not_match_the_declared_length_are_refused(api: FakeSlackApi) -> None:
    client = client_for(api)
    issued = await client.files_getUploadURLExternal(filename="a.png", length=len(PNG) + 1)
    async with aiohttp.ClientSession() as session, session.post(issued["upload_url"], data=PNG) as response:
        assert response.status == 400
    with pytest.raises(SlackApiError) as refused:  # the bytes never arrived, so there is nothing to complete
        await client.files_completeUploadExternal(files=[{"id": issued["file_id"]}], channel_id="C0001")
    assert refused.value.response["error"] == "file_not_found"


async def test_completing_an_unknown_file_is_refused(api: FakeSlackApi) -> None:
    with pytest.raises(SlackApiError) as refused:
        await client_for(api).files_completeUploadExternal(files=[{"id": "F404"}], channel_id="C0001")
    assert refused.value.response["error"] == "file_not_found"


@pytest.mark.parametrize("channel", ["not-a-channel", "U0001"])
async def test_sharing_into_something_that_is_not_a_channel_id_is_refused(api: FakeSlackApi, channel: str) -> None:
    # Slack checks the id's form first: invalid_arguments naming the pattern (slackapi/bolt-js#2115)
    with pytest.raises(SlackApiError) as refused:
        await client_for(api).files_upload_v2(channel=channel, file=PNG, filename="a.png")
    assert refused.value.response["error"] == "invalid_arguments"
    (message,) = refused.value.response["response_metadata"]["messages"]
    assert message.endswith("^[CGDZ][A-Z0-9]{8,}$ [json-pointer:/channel_id]")
    assert api.uploaded_files() == []


async def test_sharing_into_another_workspaces_channel_is_an_invalid_channel(api: FakeSlackApi) -> None:
    api.add_workspace("T0002", "Second")
    api.add_channel("C0002", "random", team_id="T0002")
    with pytest.raises(SlackApiError) as refused:
        await client_for(api).files_upload_v2(channel="C0002", file=PNG, filename="a.png")
    assert refused.value.response["error"] == "invalid_channel"  # the method documents no channel_not_found
    assert api.uploaded_files("C0002") == []


async def test_sharing_into_a_channel_the_bot_is_not_in_is_refused(api: FakeSlackApi) -> None:
    api.add_channel("C0003", "elsewhere", is_member=False)
    with pytest.raises(SlackApiError) as refused:
        await client_for(api).files_upload_v2(channel="C0003", file=PNG, filename="a.png")
    assert refused.value.response["error"] == "not_in_channel"
