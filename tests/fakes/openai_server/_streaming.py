"""A chat completion as the fake answers it: the JSON object, or SSE ``chat.completion.chunk`` events."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from aiohttp import web

from tests.fakes.openai_server._behaviours import JSON
from tests.fakes.openai_server._responses import common_headers


@dataclass
class Completion:
    id: str
    created: int
    model: str
    fingerprint: str
    content: str | None
    refusal: str | None
    finish_reason: str
    usage: tuple[int, int]

    def usage_json(self) -> JSON:
        prompt, completion = self.usage
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }

    def envelope(self, obj: str) -> JSON:
        return {
            "id": self.id,
            "object": obj,
            "created": self.created,
            "model": self.model,
            "service_tier": "default",
            "system_fingerprint": self.fingerprint,
        }

    def as_json(self) -> JSON:
        message: JSON = {"role": "assistant", "content": self.content, "refusal": self.refusal, "annotations": []}
        choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": self.finish_reason}
        return {**self.envelope("chat.completion"), "choices": [choice], "usage": self.usage_json()}

    def chunks(self, *, include_usage: bool) -> list[JSON]:
        def chunk(delta: JSON, finish_reason: str | None = None) -> JSON:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
            out = {**self.envelope("chat.completion.chunk"), "choices": [choice]}
            if include_usage:
                out["usage"] = None
            return out

        if self.refusal is not None:
            first: JSON = {"role": "assistant", "content": None, "refusal": ""}
            pieces, key = _pieces(self.refusal), "refusal"
        else:
            first = {"role": "assistant", "content": "", "refusal": None}
            pieces, key = _pieces(self.content or ""), "content"
        out = [chunk(first), *(chunk({key: piece}) for piece in pieces), chunk({}, self.finish_reason)]
        if include_usage:
            out.append({**self.envelope("chat.completion.chunk"), "choices": [], "usage": self.usage_json()})
        return out


async def stream_completion(request: web.Request, completion: Completion, *, include_usage: bool) -> web.StreamResponse:
    response = web.StreamResponse(
        status=200,
        headers={
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-cache",
            **common_headers(),
        },
    )
    await response.prepare(request)
    for chunk in completion.chunks(include_usage=include_usage):
        await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
    await response.write(b"data: [DONE]\n\n")
    await response.write_eof()
    return response


def _pieces(text: str) -> list[str]:
    """Split text into word-ish pieces (whitespace kept) as a model streams tokens."""
    return re.findall(r"\s*\S+|\s+$", text) or ([text] if text else [])
