"""The LLM behind the AI bar raiser: any OpenAI-compatible endpoint, with structured output.

Every failure (timeout, 429, 5xx, malformed or schema-invalid output, refusal, an open
circuit, a spent daily allowance) is one exception, LlmUnavailable, so callers fall back to
the offline rubric engine in one place. Tokens are counted per call; keys never reach a log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NoReturn, TypeVar

import openai
from pydantic import BaseModel, ValidationError

from bot import metrics
from bot.clock import Clock
from bot.config import LlmSettings
from bot.store import Scoped, Store

log = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)
FAILURES_TO_OPEN = 3
OPEN_FOR = timedelta(seconds=60)
MAX_RETRIES = 2
MAX_COMPLETION_TOKENS = 1200


class LlmUnavailable(Exception):
    """The LLM cannot answer now; `reason` is fit to show ("timed out", "rate limited" ...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CircuitBreaker:
    """Opens after consecutive failures; after a pause lets one trial call through (half-open)."""

    def __init__(
        self, clock: Clock, *, failures_to_open: int = FAILURES_TO_OPEN, open_for: timedelta = OPEN_FOR
    ) -> None:
        self.clock = clock
        self.failures_to_open = failures_to_open
        self.open_for = open_for
        self.failures = 0
        self.opened_at: datetime | None = None

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.clock.now() - self.opened_at >= self.open_for else "open"

    def allows(self) -> bool:
        return self.state != "open"

    def succeeded(self) -> None:
        self.failures = 0
        self.opened_at = None

    def failed(self) -> None:
        self.failures += 1
        if self.failures >= self.failures_to_open or self.state == "half-open":
            self.opened_at = self.clock.now()


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int
    completion_tokens: int


class LlmClient:
    def __init__(self, settings: LlmSettings, clock: Clock, store: Store, *, max_retries: int = MAX_RETRIES) -> None:
        if settings.api_key is None:
            raise ValueError("OPENAI_API_KEY is not set")
        self.settings = settings
        self.clock = clock
        self.store = store
        self.breaker = CircuitBreaker(clock)
        self.client = openai.AsyncOpenAI(
            api_key=settings.api_key.get_secret_value(),
            base_url=settings.base_url,
            timeout=settings.timeout_seconds,
            max_retries=max_retries,
        )

    async def take_allowance(self, scope: Scoped, user_id: str) -> bool:
        """Count one call against today's per-user and per-workspace limits; False when spent."""
        day = self.clock.now().strftime("%Y-%m-%d")
        user_key = self.store.key(scope, "llm-calls", day, "user", user_id)
        workspace_key = self.store.key(scope, "llm-calls", day)
        pipe = self.store.redis.pipeline(transaction=True)
        pipe.incr(user_key)
        pipe.expire(user_key, 2 * 86_400)
        pipe.incr(workspace_key)
        pipe.expire(workspace_key, 2 * 86_400)
        user_calls, _, workspace_calls, _ = await pipe.execute()
        return (
            int(user_calls) <= self.settings.daily_user_limit
            and int(workspace_calls) <= self.settings.daily_workspace_limit
        )

    async def parse(self, messages: list[dict[str, str]], schema: type[ModelT]) -> tuple[ModelT, Usage]:
        """One structured completion, validated against `schema`."""
        if not self.breaker.allows():
            raise LlmUnavailable("the AI service failed several times in a row; trying again in a minute")
        try:
            completion: Any = await self.client.chat.completions.parse(
                model=self.settings.model,
                messages=messages,  # type: ignore[arg-type]
                response_format=schema,
                max_completion_tokens=MAX_COMPLETION_TOKENS,
            )
            message = completion.choices[0].message
            if message.parsed is None:
                raise LlmUnavailable("the AI declined to answer")
        except LlmUnavailable:
            self.breaker.failed()
            metrics.LLM_CALLS.labels("failed").inc()
            metrics.LLM_BREAKER.set(1 if self.breaker.state == "open" else 0)
            raise
        except openai.APITimeoutError:
            self._failed("timed out")
        except openai.RateLimitError:
            self._failed("rate limited")
        except openai.APIStatusError as error:
            self._failed(f"answered {error.status_code}")
        except openai.APIConnectionError:
            self._failed("unreachable")
        except (ValidationError, ValueError):  # malformed JSON or output outside the schema
            self._failed("gave an invalid answer")
        except openai.OpenAIError:  # cut short, filtered, or anything else the client refuses
            self._failed("gave an unusable answer")
        self.breaker.succeeded()
        metrics.LLM_CALLS.labels("ok").inc()
        metrics.LLM_BREAKER.set(0)
        usage = (
            Usage(completion.usage.prompt_tokens, completion.usage.completion_tokens)
            if completion.usage
            else Usage(0, 0)
        )
        log.info(
            "LLM call: model=%s prompt_tokens=%d completion_tokens=%d",
            self.settings.model,
            *(usage.prompt_tokens, usage.completion_tokens),
        )
        metrics.LLM_TOKENS.labels("prompt").inc(usage.prompt_tokens)
        metrics.LLM_TOKENS.labels("completion").inc(usage.completion_tokens)
        tokens_key = self.store.global_key("llm-tokens", self.clock.now().strftime("%Y-%m-%d"))
        pipe = self.store.redis.pipeline(transaction=True)  # a count per day, kept a day after it
        pipe.incrby(tokens_key, usage.prompt_tokens + usage.completion_tokens)
        pipe.expire(tokens_key, 2 * 86_400)
        await pipe.execute()
        return message.parsed, usage

    def _failed(self, reason: str) -> NoReturn:
        self.breaker.failed()
        metrics.LLM_CALLS.labels("failed").inc()
        metrics.LLM_BREAKER.set(1 if self.breaker.state == "open" else 0)
        log.warning("LLM call failed: %s (circuit %s)", reason, self.breaker.state)
        raise LlmUnavailable(reason)

    async def close(self) -> None:
        await self.client.close()
