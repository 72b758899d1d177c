from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.platforms.slack_commands import SLACK_RESERVED, registry_command_name, slack_command_name
from handlers import build_registry

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("file", "arguments"),
    [
        ("manifest.yaml", []),
        ("manifest-http.yaml", ["--request-url", "https://your-host.example.com/slack/events"]),
        (
            "manifest-distributed.yaml",
            ["--request-url", "https://your-host.example.com/slack/events", "--distribute"],
        ),
    ],
)
def test_the_checked_in_manifests_match_the_registry(
    file: str, arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["slack-manifest", *arguments]) == 0
    assert (REPO / "slack" / file).read_text() == capsys.readouterr().out, "run: python -m bot slack-manifest"


def test_every_command_is_in_the_manifest_under_its_slack_name() -> None:
    manifest = yaml.safe_load((REPO / "slack" / "manifest.yaml").read_text())
    listed = {entry["command"] for entry in manifest["features"]["slash_commands"]}
    assert listed == {f"/{slack_command_name(name)}" for name in build_registry().names()}
    assert manifest["settings"]["socket_mode_enabled"] is True


def test_the_http_manifest_points_everything_at_the_request_url() -> None:
    manifest = yaml.safe_load((REPO / "slack" / "manifest-http.yaml").read_text())
    url = "https://your-host.example.com/slack/events"
    assert manifest["settings"]["socket_mode_enabled"] is False
    assert manifest["settings"]["event_subscriptions"]["request_url"] == url
    assert manifest["settings"]["interactivity"]["request_url"] == url
    assert all(entry["url"] == url for entry in manifest["features"]["slash_commands"])


def test_the_distributed_manifest_has_the_oauth_redirect_and_distribution_settings() -> None:
    manifest = yaml.safe_load((REPO / "slack" / "manifest-distributed.yaml").read_text())
    assert manifest["oauth_config"]["redirect_urls"] == ["https://your-host.example.com/slack/oauth_redirect"]
    assert manifest["settings"]["org_deploy_enabled"] is True
    assert manifest["settings"]["token_rotation_enabled"] is True
    assert {"app_uninstalled", "tokens_revoked"} <= set(manifest["settings"]["event_subscriptions"]["bot_events"])


def test_distribute_without_a_request_url_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["slack-manifest", "--distribute"]) == 2
    assert "--distribute needs --request-url" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(SLACK_RESERVED))
def test_reserved_names_take_the_prefix_and_map_back(name: str) -> None:
    assert slack_command_name(name) == f"pp-{name}"
    assert registry_command_name(f"/pp-{name}") == name


def test_other_names_are_kept() -> None:
    assert slack_command_name("question") == "question"
    assert registry_command_name("/Question") == "question"
