"""Prometheus metrics: what operators watch (served at /metrics when HTTP_PORT is set)."""

from __future__ import annotations

import functools

from prometheus_client import Counter, Gauge, Histogram

COMMANDS = Counter("pp_commands_total", "Commands, buttons and forms handled", ["command", "outcome"])
ACK_SECONDS = Histogram(
    "pp_ack_seconds", "Time from a platform request to its first answer", ["platform"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
)  # fmt: skip
ANNOUNCEMENTS = Counter("pp_announcements_total", "Mock phase announcements", ["outcome"])  # sent, late, dropped
DAILY_DROPS = Counter("pp_daily_drops_total", "Daily questions posted", ["outcome"])  # posted, skipped, missed
PAIRS = Counter("pp_pairs_total", "Practice pairs made")
LLM_CALLS = Counter("pp_llm_calls_total", "Calls to the LLM", ["outcome"])  # ok, failed
LLM_TOKENS = Counter("pp_llm_tokens_total", "LLM tokens used", ["kind"])  # prompt, completion
LLM_FALLBACKS = Counter("pp_llm_fallbacks_total", "Answers given by the offline rubric instead of the LLM", ["reason"])
LLM_BREAKER = Gauge("pp_llm_breaker_open", "1 while the LLM circuit breaker is open")
REDIS_ERRORS = Counter("pp_redis_errors_total", "Operations that failed because Redis was unreachable")
DEADLINES = Counter("pp_deadlines_total", "Deadlines handled", ["kind", "outcome"])  # done, retried, dropped


@functools.lru_cache(maxsize=4096)
def command_outcome(label: str, outcome: str) -> Counter:
    """COMMANDS' child for one label and outcome, looked up once: labels() takes a lock and checks its
    arguments on every call, on the path of every command and button."""
    return COMMANDS.labels(label, outcome)
