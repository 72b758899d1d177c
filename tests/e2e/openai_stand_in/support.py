"""What the OpenAI stand-in's own tests share: the key, model and prompt, a structured reply, helpers."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import openai
import pydantic
from openai import AsyncOpenAI

KEY = "sk-test-0123456789"
MODEL = "gpt-4o-mini"
SYSTEM = "You are an interviewer. Answer in JSON."
USER = "Give me two probes about a URL shortener."

MakeClient = Callable[..., AsyncOpenAI]


class Probes(pydantic.BaseModel):
    probes: list[str]
    difficulty: int


PROBES = {"probes": ["How do you generate short codes?", "How do you handle hot keys?"], "difficulty": 3}


def messages() -> list[Any]:
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": USER}]


async def parse(client: AsyncOpenAI) -> openai.types.chat.ParsedChatCompletion[Probes]:
    return await client.chat.completions.parse(model=MODEL, messages=messages(), response_format=Probes)


async def timed(call: Awaitable[Any]) -> float:
    started = time.monotonic()
    await call
    return time.monotonic() - started
