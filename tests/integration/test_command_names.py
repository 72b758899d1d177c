"""Where no platform renames a command (console, Discord), texts name it as typed: `/star`, not Slack's `/pp-star`."""

from __future__ import annotations

from bot.app import App
from bot.clock import FakeClock
from tests.integration.mock_harness import MockHarness


async def test_prep_and_option_texts_name_star_as_typed(app: App, clock: FakeClock) -> None:
    console = MockHarness(app, clock)
    assert "No stories yet: /star add lp:Ownership" in (await console.run("/star list")).last.text
    assert (await console.run("/star add")).last.text.endswith("/star add needs lp. Usage: /star add lp")
    assert "/star add has no option 'colour'" in (await console.run("/star add colour:red")).last.text
    outdated = await console.submit("star:add:coolness", {"situation": "x"})
    assert "Start again with /star add." in outdated.last.text
