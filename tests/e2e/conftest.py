"""Fixtures both platforms' end-to-end tests use: what the test listener heard and the forms submitted."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from bot.chat import IncomingMessage


@pytest.fixture
def heard() -> list[IncomingMessage]:
    return []


@pytest.fixture
def forms() -> list[Mapping[str, str]]:
    return []
