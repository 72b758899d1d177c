"""Settings from the environment and `.env`, one small class per section."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.config_values import HttpUrl, KeyPrefix, RedisUrl, WebSocketUrl, fernet_keys_ok, parse_shard_ids
from bot.store import DEFAULT_PREFIX

SectionT = TypeVar("SectionT", bound=BaseSettings)


class ConfigError(Exception):
    """Invalid configuration, phrased for the person who set it."""


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
    charts_dir: Path = Field(default=Path("charts"), description="console: the folder chart PNGs are written to")


class DiscordSettings(BaseSettings):
    """Discord connection settings (`DISCORD_*`); no token means no Discord."""

    model_config = _section("DISCORD_")

    token: SecretStr | None = None
    api_base_url: HttpUrl | None = None
    gateway_url: WebSocketUrl | None = None
    guild_ids: Annotated[tuple[int, ...], NoDecode] = ()
    shards: Literal["auto", "none", "cluster"] = "none"
    shard_count: int | Literal["auto"] = "auto"
    shard_ids: Annotated[tuple[int, ...], NoDecode] = ()
    shard_lease_seconds: float = Field(default=30.0, ge=1, le=600)

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

    @field_validator("shard_count", mode="before")
    @classmethod
    def _count_or_auto(cls, value: object) -> object:
        text = str(value).strip().lower()
        if text == "auto":
            return text
        if not text.isdigit() or int(text) < 1:
            raise ValueError("must be a number of shards (1 or more) or auto")
        return int(text)

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_ranges(cls, value: object) -> object:
        return parse_shard_ids(value) if isinstance(value, str) else value


class SlackSettings(BaseSettings):
    """Slack connection settings (`SLACK_*`); no bot token means no Slack."""

    model_config = _section("SLACK_")

    bot_token: SecretStr | None = None
    app_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    api_base_url: HttpUrl | None = None
    mode: SlackMode = SlackMode.SOCKET
    client_id: str | None = Field(default=None, min_length=1, description="OAuth: the app's client id")
    client_secret: SecretStr | None = Field(default=None, description="OAuth: the app's client secret")
    token_key: SecretStr | None = Field(default=None, description="OAuth: Fernet key(s) for tokens at rest")

    @property
    def oauth(self) -> bool:
        """Whether the app is distributed: installed per workspace through OAuth, not one bot token."""
        return self.client_id is not None and self.client_secret is not None


class LlmSettings(BaseSettings):
    """The OpenAI-compatible LLM; no `OPENAI_API_KEY` means the offline engines only."""

    model_config = _section("")

    api_key: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    base_url: HttpUrl | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    model: str = Field(default="gpt-4o-mini", validation_alias="LLM_MODEL", min_length=1)
    timeout_seconds: float = Field(default=20.0, gt=0, le=120, validation_alias="LLM_TIMEOUT_SECONDS")
    daily_user_limit: int = Field(default=40, ge=0, validation_alias="LLM_DAILY_USER_LIMIT")
    daily_workspace_limit: int = Field(default=1000, ge=0, validation_alias="LLM_DAILY_WORKSPACE_LIMIT")
    vision: bool = Field(default=False, validation_alias="LLM_VISION")  # the model reads images (photos of drawings)


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
        """Whether a Slack bot token, or an OAuth client id and secret, is set."""
        return self.slack.bot_token is not None or self.slack.oauth

    @property
    def secrets(self) -> list[str]:
        """Every configured secret, so logging can make sure none is ever printed."""
        values = (
            self.discord.token,
            self.slack.bot_token,
            self.slack.app_token,
            self.slack.signing_secret,
            self.slack.client_secret,
            self.slack.token_key,
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
    if (slack.client_id is None) != (slack.client_secret is None):
        missing = "SLACK_CLIENT_SECRET" if slack.client_secret is None else "SLACK_CLIENT_ID"
        raise ConfigError(f"{missing}: required with the other for OAuth installs")
    if not settings.wants_slack:
        return
    if slack.oauth:
        _check_slack_oauth(settings)
        return
    if slack.mode is SlackMode.SOCKET and slack.app_token is None:
        raise ConfigError("SLACK_APP_TOKEN: required for Socket Mode (the default); or set SLACK_MODE=http")
    if slack.mode is SlackMode.HTTP and slack.signing_secret is None:
        raise ConfigError("SLACK_SIGNING_SECRET: required when SLACK_MODE=http")
    if slack.mode is SlackMode.HTTP and settings.core.http_port is None:
        raise ConfigError("HTTP_PORT: required when SLACK_MODE=http (Slack sends events to /slack/events)")


def _check_discord_shards(settings: Settings) -> None:
    discord = settings.discord
    count = discord.shard_count
    if discord.shards == "cluster" and count == "auto":
        raise ConfigError("DISCORD_SHARD_COUNT: DISCORD_SHARDS=cluster needs a number of shards (e.g. 4)")
    if discord.shards == "cluster" and settings.core.redis_url is None:
        raise ConfigError(
            "REDIS_URL: DISCORD_SHARDS=cluster needs a Redis shared by the processes (they split shards there)"
        )
    if discord.shards == "cluster" and discord.shard_ids:
        raise ConfigError("DISCORD_SHARD_IDS: leave it unset with DISCORD_SHARDS=cluster (processes pick their shards)")
    if discord.shard_ids and count == "auto":
        raise ConfigError("DISCORD_SHARD_IDS: needs DISCORD_SHARD_COUNT (the total number of shards)")
    if isinstance(count, int) and any(shard >= count for shard in discord.shard_ids):
        raise ConfigError(f"DISCORD_SHARD_IDS: shard ids run from 0 to {count - 1} with DISCORD_SHARD_COUNT={count}")


def _check_slack_oauth(settings: Settings) -> None:
    slack = settings.slack
    if slack.bot_token is not None:
        raise ConfigError("SLACK_BOT_TOKEN: unset it for OAuth installs (SLACK_CLIENT_ID), or unset SLACK_CLIENT_ID")
    if slack.signing_secret is None:
        raise ConfigError("SLACK_SIGNING_SECRET: required for OAuth installs")
    if settings.core.http_port is None:
        raise ConfigError("HTTP_PORT: required for OAuth installs (/slack/install, /slack/oauth_redirect)")
    if slack.token_key is None:
        raise ConfigError("SLACK_TOKEN_KEY: required for OAuth installs (a Fernet key, to encrypt tokens at rest)")
    if not fernet_keys_ok(slack.token_key.get_secret_value()):
        raise ConfigError("SLACK_TOKEN_KEY: not a Fernet key (32 url-safe base64-encoded bytes; comma-separated)")


def load_settings(env_file: str | None = ".env") -> Settings:
    """Read every section; raise ConfigError naming the first bad variable."""
    settings = Settings(
        core=_read(CoreSettings, env_file),
        discord=_read(DiscordSettings, env_file),
        slack=_read(SlackSettings, env_file),
        llm=_read(LlmSettings, env_file),
    )
    _check_slack(settings)
    _check_discord_shards(settings)
    return settings
