"""Discord and Slack served by one bot process, on one event loop."""

from tests.e2e.support import clean_env, start_bot, stop
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.slack_api import FakeSlackApi


async def test_one_process_serves_discord_and_slack() -> None:
    async with FakeDiscord() as discord_api, FakeSlackApi() as slack_api:
        slack_api.add_channel("C1", "general")
        env = clean_env("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")
        env.update(
            DISCORD_TOKEN=discord_api.token,
            DISCORD_API_BASE_URL=discord_api.api_base_url,
            DISCORD_GATEWAY_URL=discord_api.gateway_url,
            SLACK_BOT_TOKEN=slack_api.bot_token,
            SLACK_APP_TOKEN=slack_api.app_token,
            SLACK_API_BASE_URL=slack_api.base_url,
        )
        process = await start_bot(env)
        try:
            await discord_api.wait_until_ready(timeout=30)
            await discord_api.wait_for(lambda: discord_api.commands(), timeout=30, what="commands synced")
            await slack_api.wait_for(lambda: slack_api.socket_connected, timeout=30)
            on_discord = await discord_api.slash_command("question", {"id": "leaderboard"})
            envelope = await slack_api.socket_send_slash_command("/question", "leaderboard", channel_id="C1")
            response = await discord_api.wait_for_response(on_discord, timeout=10)
            await slack_api.wait_for_ack(envelope, timeout=10)
            await slack_api.wait_for(lambda: slack_api.messages("C1"), timeout=10)
            assert response.embeds[0]["footer"]["text"] == "id: leaderboard"
        finally:
            _, stderr = await stop(process)
        assert process.returncode == 0, stderr
