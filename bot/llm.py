"""The LLM behind the AI bar raiser: any OpenAI-compatible endpoint, with structured output.

The answer is asked for as strict `json_schema` first; a server that refuses that is asked with `json_object`,
then as plain text, and the mode it took is remembered per endpoint and model (see bot/llm_output.py).

Every failure (timeout, 429, 5xx, malformed or schema-invalid output, refusal, an open
circuit, a spent daily allowance) is one exception, LlmUnavailable, so callers fall back to
the offline rubric engine in one place. Tokens are counted per call, and each call's prompt tokens
calibrate the prompt builders' estimate for the model (bot/llm_tokens.py); keys never reach a log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from pydantic import BaseModel, ValidationError

from bot import metrics
from bot.clock import Clock
from bot.config import LlmSettings
from bot.llm_output import MODES, Mode, extract_json, messages_for, refuses_format, response_format
from bot.llm_tokens import TokenCalibration, estimate_messages
from bot.store import Scoped, Store

if TYPE_CHECKING:
    import openai  # a second to import: loaded by the first LlmClient, so a bot with no API key never pays it

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
        self.trial_running = False

    @property
    def state(self) -> str:
        """`closed`, `open`, or `half-open` once the pause after opening has passed."""
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.clock.now() - self.opened_at >= self.open_for else "open"

    def allows(self) -> bool:
        """May a call go out now? Half-open, only the first caller gets through until its trial ends."""
        state = self.state
        if state == "half-open":
            if self.trial_running:
                return False
            self.trial_running = True
        return state != "open"

    def release(self) -> None:
        """The call allowed by `allows` is over (however it ended)."""
        self.trial_running = False

    def succeeded(self) -> None:
        """Record a good call: the breaker closes."""
        self.failures = 0
        self.opened_at = None

    def failed(self) -> None:
        """Record a failed call: the breaker opens after enough in a row, or at once when half-open."""
        self.failures += 1
        if self.failures >= self.failures_to_open or self.state == "half-open":
            self.opened_at = self.clock.now()


def _reason(error: openai.OpenAIError) -> str:
    """What went wrong, fit to show."""
    import openai

    if isinstance(error, openai.APITimeoutError):
        return "timed out"
    if isinstance(error, openai.RateLimitError):
        return "rate limited"
    if isinstance(error, openai.APIStatusError):
        return f"answered {error.status_code}"
    if isinstance(error, openai.APIConnectionError):
        return "unreachable"
    return "gave an unusable answer"


@dataclass(frozen=True)
class Usage:
    """The tokens one LLM call used."""

    prompt_tokens: int
    completion_tokens: int


class LlmClient:
    """The OpenAI-compatible client: daily allowances, a circuit breaker, the output mode each server takes."""

    def __init__(self, settings: LlmSettings, clock: Clock, store: Store, *, max_retries: int = MAX_RETRIES) -> None:
        if settings.api_key is None:
            raise ValueError("OPENAI_API_KEY is not set")
        self.settings = settings
        self.clock = clock
        self.store = store
        self.breaker = CircuitBreaker(clock)
        self.modes: dict[tuple[str, str], Mode] = {}  # (base URL, model) -> the output mode it takes
        self.tokens = TokenCalibration()  # real prompt tokens per estimated token, learnt from each answer
        import openai

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

    async def parse(self, messages: list[dict[str, Any]], schema: type[ModelT]) -> tuple[ModelT, Usage]:
        """One structured completion, validated against `schema` (its own checks included)."""
        if not self.breaker.allows():
            raise LlmUnavailable("the AI service failed several times in a row; trying again in a minute")
        trial = self.breaker.trial_running  # this call is the half-open trial: end it however the call ends
        try:
            parsed, usage, mode = await self._ask(messages, schema)
        finally:
            if trial:
                self.breaker.release()
        self.breaker.succeeded()
        # Against the messages as built, so what the client adds (a schema in the text modes) counts too.
        self.tokens.observe(self.settings.model, estimate_messages(messages), usage.prompt_tokens)
        metrics.LLM_CALLS.labels("ok").inc()
        metrics.LLM_BREAKER.set(0)
        log.info(
            "LLM call: model=%s mode=%s prompt_tokens=%d completion_tokens=%d",
            *(self.settings.model, mode, usage.prompt_tokens, usage.completion_tokens),
        )
        metrics.LLM_TOKENS.labels("prompt").inc(usage.prompt_tokens)
        metrics.LLM_TOKENS.labels("completion").inc(usage.completion_tokens)
        tokens_key = self.store.global_key("llm-tokens", self.clock.now().strftime("%Y-%m-%d"))
        pipe = self.store.redis.pipeline(transaction=True)  # a count per day, kept a day after it
        pipe.incrby(tokens_key, usage.prompt_tokens + usage.completion_tokens)
        pipe.expire(tokens_key, 2 * 86_400)
        await pipe.execute()
        return parsed, usage

    @property
    def token_ratio(self) -> float:
        """Real prompt tokens per estimated token for this model so far: prompt builders scale by it."""
        return self.tokens.ratio(self.settings.model)

    @property
    def _endpoint(self) -> tuple[str, str]:
        return str(self.client.base_url), self.settings.model

    async def _ask(self, messages: list[dict[str, Any]], schema: type[ModelT]) -> tuple[ModelT, Usage, Mode]:
        """Ask in the best output mode this endpoint takes, stepping down once for good when one is refused."""
        import openai

        first = self.modes.get(self._endpoint, MODES[0])
        for mode in MODES[MODES.index(first) :]:
            try:
                completion: Any = await self.client.chat.completions.create(
                    model=self.settings.model,
                    messages=messages_for(mode, messages, schema),  # type: ignore[arg-type]
                    response_format=response_format(mode, schema) or openai.omit,  # type: ignore[arg-type]
                    max_completion_tokens=MAX_COMPLETION_TOKENS,
                )
            except openai.APIStatusError as error:
                if mode != MODES[-1] and refuses_format(error):
                    self._step_down(mode, error)
                    continue
                self._failed(_reason(error))
            except openai.OpenAIError as error:
                self._failed(_reason(error))
            usage = completion.usage
            return (
                self._read(completion, schema),
                Usage(usage.prompt_tokens, usage.completion_tokens) if usage else Usage(0, 0),
                mode,
            )
        raise AssertionError("unreachable: the text mode never steps down")

    def _step_down(self, mode: Mode, error: openai.APIStatusError) -> None:
        chosen = MODES[MODES.index(mode) + 1]
        self.modes[self._endpoint] = chosen
        log.warning(
            "LLM output mode for model=%s: %s (the server refused %s: %s)",
            *(self.settings.model, chosen, mode, error.message),
        )

    def _read(self, completion: Any, schema: type[ModelT]) -> ModelT:
        """The answer as `schema`, or a failure: a refusal, a cut-short answer, no JSON, or JSON that does not fit."""
        if not completion.choices:
            self._failed("gave an unusable answer")
        choice = completion.choices[0]
        if getattr(choice.message, "refusal", None):
            self._failed("declined to answer")
        if choice.finish_reason in ("length", "content_filter"):
            self._failed("gave an unusable answer")
        raw = extract_json(choice.message.content or "")
        if raw is None:
            self._failed("gave an invalid answer")
        try:
            return schema.model_validate_json(raw)
        except ValidationError:  # outside the schema, or outside the checks the schema cannot carry
            self._failed("gave an invalid answer")

    def _failed(self, reason: str) -> NoReturn:
        self.breaker.failed()
        metrics.LLM_CALLS.labels("failed").inc()
        metrics.LLM_BREAKER.set(1 if self.breaker.state == "open" else 0)
        log.warning("LLM call failed: %s (circuit %s)", reason, self.breaker.state)
        raise LlmUnavailable(reason)

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self.client.close()
