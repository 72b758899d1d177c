"""A Feature holds module-level handlers and declares them on a registry only when asked."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import pytest
from pydantic import Field

from bot.chat import ChatPort, IncomingMessage
from bot.commands import CommandOptions, CommandRegistry, NoOptions, Permission
from bot.context import CommandContext, Services
from bot.deadlines import Deadline, DeadlinePayload
from bot.feature import Feature


class Reminder(DeadlinePayload):
    KIND: ClassVar[str] = "test-reminder"
    text: str


class PauseOptions(CommandOptions):
    days: int = Field(ge=1, le=9, description="days")


feature = Feature()


@feature.command("nap", subcommand="start", help="Nap for some days", options=PauseOptions, positional=("days",))
async def nap(context: CommandContext, options: PauseOptions) -> None:
    return None


@feature.command("nap", subcommand="stop", help="Wake up", permission=Permission.ADMIN, slow=True)
async def wake(context: CommandContext, options: NoOptions) -> None:
    return None


@feature.action("nap", "snooze", slow=True)
async def snooze(context: CommandContext, entity: str) -> None:
    return None


@feature.form("nap", "note")
async def note(context: CommandContext, entity: str, values: Mapping[str, str]) -> None:
    return None


@feature.completer("nap-length")
async def lengths(services: Services, typed: str) -> list[tuple[str, str]]:
    return [("one day", "1")]


@feature.on_message
async def overhear(services: Services, chat: ChatPort, message: IncomingMessage) -> None:
    return None


@feature.deadline(Reminder)
async def remind(services: Services, chat: ChatPort, deadline: Deadline[Any], now: datetime) -> None:
    return None


def test_declaring_a_handler_registers_nothing_until_the_feature_is_registered() -> None:
    registry = CommandRegistry()
    assert registry.commands() == []
    assert registry.action_handler("nap", "snooze") is None


def test_register_declares_each_handler_as_written() -> None:
    registry = CommandRegistry()
    feature.register(registry)

    start, stop = registry.find("nap", "start"), registry.find("nap", "stop")
    assert (start.handler, start.options, start.positional, start.permission) == (
        nap, PauseOptions, ("days",), Permission.MEMBER,
    )  # fmt: skip
    assert (stop.handler, stop.options, stop.permission, stop.slow) == (wake, NoOptions, Permission.ADMIN, True)
    assert registry.action_handler("nap", "snooze") is snooze
    assert registry.is_slow_action("nap", "snooze")
    assert registry.form_handler("nap", "note") is note
    assert registry.completer_for("nap-length") is lengths
    assert registry.message_listeners == (overhear,)
    assert registry.deadline_actions == {"test-reminder": (Reminder, remind)}


def test_an_included_feature_is_registered_with_its_parent_in_order() -> None:
    parent, child = Feature(), Feature()
    parent.on_message(overhear)
    parent.include(child)
    child.on_message(_second_listener)
    registry = CommandRegistry()
    parent.register(registry)
    assert registry.message_listeners == (overhear, _second_listener)


async def _second_listener(services: Services, chat: ChatPort, message: IncomingMessage) -> None:
    return None


def test_two_features_declaring_the_same_command_are_refused_at_registration() -> None:
    other = Feature()
    other.command("nap", subcommand="stop", help="Another wake-up")(wake)
    registry = CommandRegistry()
    feature.register(registry)
    with pytest.raises(ValueError, match="registered twice"):
        other.register(registry)


def test_a_plain_register_function_can_be_included_while_its_module_is_not_yet_a_feature() -> None:
    def register_old_style(registry: CommandRegistry) -> None:
        registry.action("nap", "old")(snooze)

    parent = Feature()
    parent.include(register_old_style)
    registry = CommandRegistry()
    parent.register(registry)
    assert registry.action_handler("nap", "old") is snooze
