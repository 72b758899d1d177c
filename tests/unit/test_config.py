import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, LogLevel, SlackMode, load_settings

ALL_VARIABLES = [
    "REDIS_URL",
    "REDIS_KEY_PREFIX",
    "DISCORD_TOKEN",
    "DISCORD_API_BASE_URL",
    "DISCORD_GATEWAY_URL",
    "DISCORD_SHARDS",
    "DISCORD_SHARD_COUNT",
    "DISCORD_SHARD_IDS",
    "DISCORD_SHARD_LEASE_SECONDS",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_BASE_URL",
    "SLACK_MODE",
    "HTTP_PORT",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "LLM_MODEL",
    "LOG_LEVEL",
    "DISCORD_GUILD_IDS",
    "DISCORD_SHARDS",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_TOKEN_KEY",
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ALL_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_need_no_environment() -> None:
    settings = load_settings(env_file=None)
    assert settings.core.redis_url is None
    assert settings.core.redis_key_prefix == "pp"
    assert settings.core.http_port is None
    assert settings.core.log_level is LogLevel.INFO
    assert settings.slack.mode is SlackMode.SOCKET
    assert not settings.wants_discord
    assert not settings.wants_slack


def test_values_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://localhost:6380/2")
    monkeypatch.setenv("HTTP_PORT", "8080")
    monkeypatch.setenv("SLACK_MODE", "http")
    monkeypatch.setenv("DISCORD_TOKEN", "discord-secret")
    monkeypatch.setenv("LLM_MODEL", "llama3")
    settings = load_settings(env_file=None)
    assert settings.core.redis_url == "redis://localhost:6380/2"
    assert settings.core.http_port == 8080
    assert settings.slack.mode is SlackMode.HTTP
    assert settings.wants_discord
    assert settings.llm.model == "llama3"


def test_values_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_APP_TOKEN=xapp-from-file\nOPENAI_BASE_URL=http://localhost:11434/v1\n"
    )
    settings = load_settings(env_file=str(env_file))
    assert settings.wants_slack
    assert settings.llm.base_url == "http://localhost:11434/v1"


def test_secrets_never_show_in_a_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "very-secret-token")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret")
    settings = load_settings(env_file=None)
    assert "very-secret" not in repr(settings)
    assert "very-secret" not in str(settings.discord.model_dump())


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("REDIS_URL", "localhost:6379"),
        ("REDIS_KEY_PREFIX", "team:a"),  # a colon would make a prefix look like a prefix and a platform
        ("REDIS_KEY_PREFIX", "pp*"),  # a glob character would widen the SCAN that deletes a namespace
        ("REDIS_KEY_PREFIX", "{pp}"),  # braces are a Redis Cluster hash tag
        ("REDIS_KEY_PREFIX", ""),
        ("HTTP_PORT", "eighty"),
        ("HTTP_PORT", "70000"),
        ("SLACK_MODE", "carrier-pigeon"),
        ("DISCORD_API_BASE_URL", "ftp://discord.example"),
        ("DISCORD_GATEWAY_URL", "http://gateway.example"),
        ("SLACK_API_BASE_URL", "not a url"),
        ("OPENAI_BASE_URL", "localhost:11434"),
        ("LOG_LEVEL", "LOUD"),
        ("DISCORD_GUILD_IDS", "123,abc"),
        ("DISCORD_SHARDS", "many"),
    ],
)
def test_invalid_value_names_the_variable(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings(env_file=None)
    assert str(raised.value).startswith(f"{variable}:")


def test_bad_configuration_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        env={"PATH": "/usr/bin:/bin", "HTTP_PORT": "eighty", "HOME": str(tmp_path)},
        cwd=tmp_path,
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "HTTP_PORT" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_discord_guild_ids_and_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_GUILD_IDS", "111, 222")
    monkeypatch.setenv("DISCORD_SHARDS", "AUTO")
    settings = load_settings(env_file=None)
    assert settings.discord.guild_ids == (111, 222)
    assert settings.discord.shards == "auto"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, ("none", "auto", ())),
        ({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "0-1"}, ("none", 4, (0, 1))),
        ({"DISCORD_SHARD_COUNT": "8", "DISCORD_SHARD_IDS": "6,0-2"}, ("none", 8, (0, 1, 2, 6))),
        ({"DISCORD_SHARDS": "Cluster", "DISCORD_SHARD_COUNT": "4", "REDIS_URL": "redis://r"}, ("cluster", 4, ())),
        ({"DISCORD_SHARDS": "auto", "DISCORD_SHARD_COUNT": "AUTO"}, ("auto", "auto", ())),
    ],
)
def test_discord_shard_settings(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: tuple[object, ...]
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    discord = load_settings(env_file=None).discord
    assert (discord.shards, discord.shard_count, discord.shard_ids) == expected


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"DISCORD_SHARD_COUNT": "four"}, "DISCORD_SHARD_COUNT: must be a number of shards (1 or more) or auto"),
        ({"DISCORD_SHARD_COUNT": "0"}, "DISCORD_SHARD_COUNT: must be a number of shards"),
        ({"DISCORD_SHARD_IDS": "0-3"}, "DISCORD_SHARD_IDS: needs DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "2-x"}, "DISCORD_SHARD_IDS: must be shard ids like 0-3"),
        ({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "3-1"}, "DISCORD_SHARD_IDS: range 3-1 runs backwards"),
        ({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "2-4"}, "DISCORD_SHARD_IDS: shard ids run from 0 to 3"),
        ({"DISCORD_SHARDS": "cluster"}, "DISCORD_SHARD_COUNT: DISCORD_SHARDS=cluster needs a number"),
        (
            {
                "DISCORD_SHARDS": "cluster",
                "DISCORD_SHARD_COUNT": "4",
                "DISCORD_SHARD_IDS": "0",
                "REDIS_URL": "redis://r",
            },
            "DISCORD_SHARD_IDS: leave it unset with DISCORD_SHARDS=cluster",
        ),
        ({"DISCORD_SHARDS": "cluster", "DISCORD_SHARD_COUNT": "4"}, "REDIS_URL: DISCORD_SHARDS=cluster needs"),
        ({"DISCORD_SHARDS": "many"}, "DISCORD_SHARDS: Input should be 'auto', 'none' or 'cluster'"),
        ({"DISCORD_SHARD_LEASE_SECONDS": "0"}, "DISCORD_SHARD_LEASE_SECONDS: Input should be greater than"),
    ],
)
def test_bad_discord_shard_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], message: str
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings(env_file=None)
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("environment", "variable"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_MODE": "http", "HTTP_PORT": "3000"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_MODE": "http", "SLACK_SIGNING_SECRET": "s"}, "HTTP_PORT"),
    ],
)
def test_slack_modes_need_their_settings(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], variable: str
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"^{variable}: required"):
        load_settings(env_file=None)


def test_a_complete_slack_http_setup_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_MODE": "http",
        "SLACK_SIGNING_SECRET": "s",
        "HTTP_PORT": "3000",
    }.items():
        monkeypatch.setenv(name, value)
    assert load_settings(env_file=None).wants_slack


FERNET_KEY = "0" * 43 + "="  # 32 zero bytes, url-safe base64
OAUTH = {
    "SLACK_CLIENT_ID": "1111.2222",
    "SLACK_CLIENT_SECRET": "client-secret",
    "SLACK_SIGNING_SECRET": "s",
    "HTTP_PORT": "3000",
    "SLACK_TOKEN_KEY": FERNET_KEY,
}


def test_a_complete_oauth_setup_loads_in_oauth_mode_without_a_bot_token(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in OAUTH.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(env_file=None)
    assert settings.wants_slack
    assert settings.slack.oauth
    assert "client-secret" in settings.secrets
    assert FERNET_KEY in settings.secrets


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"SLACK_TOKEN_KEY": None}, "SLACK_TOKEN_KEY: required for OAuth installs"),
        ({"SLACK_TOKEN_KEY": "not-a-key"}, "SLACK_TOKEN_KEY: not a Fernet key"),
        ({"SLACK_TOKEN_KEY": f"{FERNET_KEY},short"}, "SLACK_TOKEN_KEY: not a Fernet key"),
        ({"SLACK_CLIENT_SECRET": None}, "SLACK_CLIENT_SECRET: required with the other"),
        ({"SLACK_SIGNING_SECRET": None}, "SLACK_SIGNING_SECRET: required for OAuth installs"),
        ({"HTTP_PORT": None}, "HTTP_PORT: required for OAuth installs"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_BOT_TOKEN: unset it for OAuth installs"),
    ],
)
def test_oauth_mode_needs_its_settings(
    monkeypatch: pytest.MonkeyPatch, changes: dict[str, str | None], message: str
) -> None:
    for name, value in {**OAUTH, **changes}.items():
        if value is not None:
            monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as raised:
        load_settings(env_file=None)
    assert str(raised.value).startswith(message)
    assert "client-secret" not in str(raised.value)
