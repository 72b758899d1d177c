"""Settings from the environment and `.env`, one small class per section."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.store import DEFAULT_PREFIX, KEY_PREFIX_PATTERN

SectionT = TypeVar("SectionT", bound=BaseSettings)


class ConfigError(Exception):
    """Invalid configuration, phrased for the person who set it."""


def _url_check(*schemes: str) -> AfterValidator:
    def check(value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in schemes or not (parts.netloc or parts.path):
            raise ValueError(f"must be a URL starting with {' or '.join(s + '://' for s in schemes)}")
        return value

    return AfterValidator(check)


def _key_prefix_check(value: str) -> str:
    if not re.fullmatch(KEY_PREFIX_PATTERN, value):
        raise ValueError("must be 1 to 40 letters, digits, '-', '_' or '.'")
    return value


KeyPrefix = Annotated[str, AfterValidator(_key_prefix_check)]
RedisUrl = Annotated[str, _url_check("redis", "rediss", "unix")]
HttpUrl = Annotated[str, _url_check("http", "https")]
WebSocketUrl = Annotated[str, _url_check("ws", "wss")]


class SlackMode(StrEnum):
    """How Slack reaches the bot: Socket Mode or signed HTTP requests."""

    SOCKET = "socket"
    HTTP = "http"


class LogLevel(StrEnum):
    """The log levels a setting may name."""

    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


def _section(prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(
        env_prefix=prefix,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )


class CoreSettings(BaseSettings):
    """Settings every deployment has: Redis, HTTP port, logging, timings."""

    model_config = _section("")

    redis_url: RedisUrl | None = Field(default=None, description="Redis to keep state in")
    redis_key_prefix: KeyPrefix = Field(default=DEFAULT_PREFIX, description="first part of every Redis key")
    http_port: int | None = Field(default=None, ge=1, le=65535, description="port of the HTTP server")
    log_level: LogLevel = Field(default=LogLevel.INFO, description="DEBUG, INFO, WARNING or ERROR")
    log_format: Literal["text", "json"] = Field(default="text", description="text, or json for log collectors")
    daily_grace_minutes: int = Field(default=120, ge=0, le=24 * 60, description="post a missed daily drop this late")


class DiscordSettings(BaseSettings):
    """Discord connection settings (`DISCORD_*`); no token means no Discord."""

    model_config = _section("DISCORD_")

    token: SecretStr | None = None
    api_base_url: HttpUrl | None = None
    gateway_url: WebSocketUrl | None = None
    guild_ids: Annotated[tuple[int, ...], NoDecode] = ()
    shards: Literal["auto", "none"] = "none"

    @field_validator("guild_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("shards", mode="before")
    @classmethod
    def _lowercase(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class SlackSettings(BaseSettings):
    """Slack connection settings (`SLACK_*`); no bot token means no Slack."""

    model_config = _section("SLACK_")

    bot_token: SecretStr | None = None
    app_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    api_base_url: HttpUrl | None = None
    mode: SlackMode = SlackMode.SOCKET


class LlmSettings(BaseSettings):
    """The OpenAI-compatible LLM; no `OPENAI_API_KEY` means the offline engines only."""

    model_config = _section("")

    api_key: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    base_url: HttpUrl | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    model: str = Field(default="gpt-4o-mini", validation_alias="LLM_MODEL", min_length=1)
    timeout_seconds: float = Field(default=20.0, gt=0, le=120, validation_alias="LLM_TIMEOUT_SECONDS")
    daily_user_limit: int = Field(default=40, ge=0, validation_alias="LLM_DAILY_USER_LIMIT")
    daily_workspace_limit: int = Field(default=1000, ge=0, validation_alias="LLM_DAILY_WORKSPACE_LIMIT")


@dataclass(frozen=True)
class Settings:
    """Every section, read and validated together."""

    core: CoreSettings
    discord: DiscordSettings
    slack: SlackSettings
    llm: LlmSettings

    @property
    def wants_discord(self) -> bool:
        """Whether a Discord token is set."""
        return self.discord.token is not None

    @property
    def wants_slack(self) -> bool:
        """Whether a Slack bot token is set."""
        return self.slack.bot_token is not None

    @property
    def secrets(self) -> list[str]:
        """Every configured secret, so logging can make sure none is ever printed."""
        values = (
            self.discord.token,
            self.slack.bot_token,
            self.slack.app_token,
            self.slack.signing_secret,
            self.llm.api_key,
        )
        return [value.get_secret_value() for value in values if value is not None]


def _env_name(section: type[BaseSettings], error: dict[str, Any]) -> str:
    location = str(error["loc"][0]) if error["loc"] else ""
    field = section.model_fields.get(location)
    alias = field.validation_alias if field is not None else None
    if isinstance(alias, str):
        return alias.upper()
    return f"{section.model_config.get('env_prefix', '')}{location}".upper()


def _describe(error: dict[str, Any]) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    given = error.get("input")
    if isinstance(given, str) and error["type"] != "missing":
        return f"{message} (got '{given}')"
    return message


def _read(section: type[SectionT], env_file: str | None) -> SectionT:
    try:
        return section(_env_file=env_file)
    except ValidationError as error:
        first = dict(error.errors(include_url=False)[0])
        raise ConfigError(f"{_env_name(section, first)}: {_describe(first)}") from None


def _check_slack(settings: Settings) -> None:
    slack = settings.slack
    if not settings.wants_slack:
        return
    if slack.mode is SlackMode.SOCKET and slack.app_token is None:
        raise ConfigError("SLACK_APP_TOKEN: required for Socket Mode (the default); or set SLACK_MODE=http")
    if slack.mode is SlackMode.HTTP and slack.signing_secret is None:
        raise ConfigError("SLACK_SIGNING_SECRET: required when SLACK_MODE=http")
    if slack.mode is SlackMode.HTTP and settings.core.http_port is None:
        raise ConfigError("HTTP_PORT: required when SLACK_MODE=http (Slack sends events to /slack/events)")


def load_settings(env_file: str | None = ".env") -> Settings:
    """Read every section; raise ConfigError naming the first bad variable."""
    settings = Settings(
        core=_read(CoreSettings, env_file),
        discord=_read(DiscordSettings, env_file),
        slack=_read(SlackSettings, env_file),
        llm=_read(LlmSettings, env_file),
    )
    _check_slack(settings)
    return settings
