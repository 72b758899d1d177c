"""How many tokens a prompt takes: an estimate from its length, calibrated per model while the bot runs.

Prompts are cut to a token budget. Counting tokens exactly would need each model's tokenizer (a download
the bot may not be able to make: it may run with no internet but its LLM), so the estimate is about four
characters a token, which is close for GPT-4o on English but not for every model (a small open model's
tokenizer may take 2.5 characters a token). Every answer says how many tokens its prompt really took
(`usage.prompt_tokens`), so each call teaches a ratio, real tokens per estimated token, per endpoint and
model: the plain mean of the first calls, then an exponentially weighted mean, bounded. Prompt builders
multiply their estimate by it, and the budget holds on any model after a few calls.

In memory per process: a new process relearns it in a few calls, which costs less than a Redis round trip
on every prompt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

CHARS_PER_TOKEN = 4.0  # English text with GPT-4o's tokenizer, roughly
MIN_RATIO = 0.25  # never trust a ratio beyond these: one odd answer must not starve or flood a prompt
MAX_RATIO = 4.0
NEWEST_WEIGHT = 0.2  # of each answer once the first few have been averaged
MIN_ESTIMATE = 50  # prompts smaller than this say too little about the ratio (fixed overheads dominate)


def estimate_tokens(text: str, ratio: float = 1.0) -> int:
    """Tokens `text` takes: its length at CHARS_PER_TOKEN, times the model's ratio (rounded up)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN * ratio)


def chars_for(tokens: int, ratio: float = 1.0) -> int:
    """How many characters fit in `tokens` for a model with this ratio (the inverse of estimate_tokens)."""
    return max(0, int(tokens * CHARS_PER_TOKEN / ratio))


IMAGE_TOKENS = 85  # what OpenAI charges for an image sent with `detail: low`, whatever its size


def estimate_messages(messages: Iterable[Mapping[str, Any]]) -> int:
    """The uncalibrated estimate of a list of chat messages: their texts' length, and a fixed cost per image."""
    texts: list[str] = []
    images = 0
    for message in messages:
        content = message.get("content", "")
        parts = content if isinstance(content, list) else [{"type": "text", "text": str(content or "")}]
        texts += [str(part.get("text", "")) for part in parts if part.get("type") == "text"]
        images += sum(1 for part in parts if part.get("type") == "image_url")
    return estimate_tokens("".join(texts)) + images * IMAGE_TOKENS


class TokenCalibration:
    """Real tokens per estimated token, per model: starts at 1.0 and follows each call's usage."""

    def __init__(self, *, newest_weight: float = NEWEST_WEIGHT) -> None:
        self.newest_weight = newest_weight
        self._ratios: dict[str, float] = {}
        self._calls: dict[str, int] = {}

    def ratio(self, model: str) -> float:
        """The ratio to multiply estimates by for `model` (1.0 until a call was seen)."""
        return self._ratios.get(model, 1.0)

    def observe(self, model: str, estimated: int, actual: int) -> None:
        """One call: the prompt was estimated at `estimated` tokens and took `actual` (usage.prompt_tokens)."""
        if estimated < MIN_ESTIMATE or actual <= 0:
            return  # a server that reports no usage, or a prompt too small to tell
        seen = min(MAX_RATIO, max(MIN_RATIO, actual / estimated))
        calls = self._calls.get(model, 0) + 1
        self._calls[model] = calls
        weight = max(1 / calls, self.newest_weight)  # the plain mean until 1/calls falls below the weight
        self._ratios[model] = (1 - weight) * self.ratio(model) + weight * seen
