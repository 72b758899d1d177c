"""What the /pair commands take: their options, as every platform shows them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from bot.commands import CommandOptions, UserOption
from question_bank import Level


class JoinOptions(CommandOptions):
    """The options of /pair join; without availability, a form asks for it."""

    level: Level = Field(default=Level.SDE2, description="your level")
    tz: str = Field(default="UTC", description="your time zone, like Europe/Berlin", max_length=64)
    role: Literal["candidate", "interviewer", "either"] = Field(default="either", description="the role you want")
    availability: str | None = Field(
        default=None, description="weekly windows: 'weekday evenings', 'sat 10-14'", max_length=200
    )


class SetupOptions(CommandOptions):
    """The options of /pair setup."""

    day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = Field(description="the day rounds run")
    time: str = Field(description="local time of the round, HH:MM", max_length=8)
    tz: str = Field(description="time zone, like Europe/Berlin", max_length=64)
    cadence: Literal["weekly", "fortnightly"] = Field(default="weekly", description="every week or every two weeks")


class PauseOptions(CommandOptions):
    """The options of /pair pause."""

    days: int = Field(ge=1, le=90, description="days to sit out (1-90)")


class BlockOptions(CommandOptions):
    """The options of /pair block."""

    user: Annotated[str, UserOption()] = Field(description="someone you never want to be paired with")
