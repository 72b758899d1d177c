"""The external file upload flow: ``files.getUploadURLExternal``, a POST of the bytes to the upload URL, then
``files.completeUploadExternal`` sharing the file into a channel or thread (``files.upload`` is retired)."""

from __future__ import annotations

import json
import re

from aiohttp import web

from tests.fakes.slack_api._common import Json, SlackApiFailure
from tests.fakes.slack_api._store import Store

ALT_TEXT_LIMIT = 1000  # "alt_txt_too_large": longer than 1,000 characters
# Slack checks channel_id against ^[CGDZ][A-Z0-9]{8,}$ and answers invalid_arguments, naming the pattern and
# the JSON pointer (a Slack engineer on https://github.com/slackapi/bolt-js/issues/2115). The stand-in drops
# the {8,}: the tests' channels are short ids like C1.
CHANNEL_ID = re.compile(r"[CGDZ][A-Z0-9]+")
CHANNEL_ID_MESSAGE = "[ERROR] input must match regex pattern: ^[CGDZ][A-Z0-9]{8,}$ [json-pointer:/channel_id]"


class FilesApi(Store):
    """Uploads: a file id is issued with its declared length, its bytes arrive at the upload URL, and it is
    shared once completed. :meth:`uploaded_files` reads back every completed file with its bytes."""

    def _files_get_upload_url_external(self, params: Json) -> Json:
        filename, length = params.get("filename"), params.get("length")
        if not filename or length in (None, ""):
            raise SlackApiFailure("invalid_arguments")
        if not str(length).isdigit():
            raise SlackApiFailure("invalid_arguments")
        if int(str(length)) == 0:
            raise SlackApiFailure("missing_argument")  # Slack: "typically only when the length provided is 0"
        alt_txt = str(params.get("alt_txt") or "")
        if len(alt_txt) > ALT_TEXT_LIMIT:
            raise SlackApiFailure("alt_txt_too_large")
        file_id = f"F{self.next_id()}"
        self._uploads[file_id] = {
            "id": file_id, "name": str(filename), "length": int(str(length)), "alt_txt": alt_txt,
            "team": self.acting_team, "data": None, "shares": [],
        }  # fmt: skip
        return {"upload_url": f"{self.root_url}/upload/v1/{file_id}", "file_id": file_id}

    async def _handle_upload(self, request: web.Request) -> web.Response:
        """The upload URL: the bytes must be exactly the declared length (else 400, nothing kept)."""
        upload = self._uploads.get(request.match_info["file_id"])
        if upload is None:
            return web.Response(status=404, text="upload not found")
        data = await request.read()
        if len(data) != upload["length"]:
            return web.Response(status=400, text=f"length mismatch: declared {upload['length']}, sent {len(data)}")
        upload["data"] = data
        self.recorder.record({"kind": "upload", "file_id": upload["id"], "size": len(data), "time": self.now()})
        return web.Response(status=200, text=f"OK - {len(data)}")

    def _check_share_channel(self, channel: str) -> None:
        if not CHANNEL_ID.fullmatch(channel):
            raise SlackApiFailure("invalid_arguments", response_metadata={"messages": [CHANNEL_ID_MESSAGE]})
        known = self._channels.get(channel)
        if known is not None and known.get("context_team_id") != self.acting_team:
            # https://docs.slack.dev/reference/methods/files.completeUploadExternal (Errors) has no
            # channel_not_found: "invalid_channel: Channel could not be found or channel specified is invalid".
            raise SlackApiFailure("invalid_channel")
        if known is not None and not known.get("is_member", True) and not channel.startswith("D"):
            # Not in the method's Errors table; what apps see when the bot was never invited (e.g.
            # https://github.com/getnao/nao/issues/1372), so the stand-in keeps it.
            raise SlackApiFailure("not_in_channel")

    def _files_complete_upload_external(self, params: Json) -> Json:
        raw = params.get("files")
        try:
            files = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            raise SlackApiFailure("invalid_arguments") from None
        if not isinstance(files, list) or not files or not all(isinstance(f, dict) and f.get("id") for f in files):
            raise SlackApiFailure("invalid_arguments")
        uploads = [self._uploads.get(str(f["id"])) for f in files]
        if any(u is None or u["team"] != self.acting_team or u["data"] is None for u in uploads):
            raise SlackApiFailure("file_not_found")  # never issued, another workspace's, or its bytes never came
        channel = str(params.get("channel_id") or "")
        if params.get("thread_ts") and not channel:
            raise SlackApiFailure("invalid_arguments")
        if channel:
            self._check_share_channel(channel)
        done = []
        for upload, wanted in zip(uploads, files, strict=True):
            assert upload is not None
            upload["title"] = str(wanted.get("title") or upload["name"])
            if channel:
                shared = self._store_message(channel, {"text": "", "thread_ts": params.get("thread_ts")})
                shared["files"] = [self._file_json(upload)]
                self._messages[channel][-1]["files"] = shared["files"]
                upload["shares"].append({"channel": channel, "ts": shared["ts"], "thread_ts": params.get("thread_ts")})
            done.append(self._file_json(upload))
        return {"files": done}

    @staticmethod
    def _file_json(upload: Json) -> Json:
        return {"id": upload["id"], "name": upload["name"], "title": upload.get("title", upload["name"]),
                "size": upload["length"], "alt_txt": upload["alt_txt"], "mimetype": "image/png"}  # fmt: skip

    def uploaded_files(self, channel: str | None = None) -> list[Json]:
        """Completed uploads (with ``data``, ``alt_txt`` and ``shares``), oldest first; with ``channel``, those
        shared there."""
        done = [u for u in self._uploads.values() if u.get("title") is not None]
        if channel is not None:
            done = [u for u in done if any(share["channel"] == channel for share in u["shares"])]
        return [dict(u) for u in done]
