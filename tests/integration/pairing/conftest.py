"""The pool: the bot on the fake chat with a fake clock, driven like a user."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.clock import FakeClock
from tests.integration.mock_harness import MockHarness


@pytest.fixture
def pool(app: App, clock: FakeClock) -> MockHarness:
    return MockHarness(app, clock)
