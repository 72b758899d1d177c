from typing import Annotated, Literal

import pytest
from pydantic import Field

from bot.commands import Autocomplete, CommandOptions, CommandRegistry, OptionSpec, Permission
from bot.context import CommandContext
from bot.errors import BadOption, UnknownCommand
from question_bank import Level


class StartOptions(CommandOptions):
    question: Annotated[str, Autocomplete("question")] = Field(description="which question")
    minutes: int = Field(default=45, ge=20, le=90, description="length of the mock")
    level: Level | None = Field(default=None, description="your level")
    role: Literal["candidate", "interviewer"] = Field(default="candidate", description="your role")
    barraiser: bool = Field(default=False, description="let the bar raiser interject")


async def noop(context: CommandContext, options: object) -> None:
    return None


def make_registry() -> CommandRegistry:
    registry = CommandRegistry()
    registry.command("mock", subcommand="start", help="Start a mock", options=StartOptions, positional=("question",))(
        noop
    )
    registry.command("mock", subcommand="status", help="Show the mock")(noop)
    registry.command("daily", subcommand="setup", help="Set up", permission=Permission.ADMIN)(noop)
    return registry


def test_option_specs_describe_types_choices_limits_and_autocomplete() -> None:
    specs = {spec.name: spec for spec in make_registry().find("mock", "start").option_specs()}
    assert specs["question"] == OptionSpec("question", "which question", "string", True, autocomplete="question")
    assert specs["minutes"].kind == "integer"
    assert (specs["minutes"].minimum, specs["minutes"].maximum) == (20, 90)
    assert specs["level"].choices == ("sde1", "sde2", "sde3")
    assert not specs["level"].required
    assert specs["role"].choices == ("candidate", "interviewer")
    assert specs["barraiser"].kind == "boolean"


def test_usage_shows_positional_and_optional_options() -> None:
    usage = make_registry().find("mock", "start").usage()
    assert usage == "/mock start question [minutes:…] [level:…] [role:…] [barraiser:…]"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "/mock start needs question"),
        ({"question": "x", "minutes": "ninety"}, "minutes must be a whole number from 20 to 90 (got 'ninety')"),
        ({"question": "x", "minutes": "5"}, "minutes must be a whole number from 20 to 90 (got '5')"),
        ({"question": "x", "level": "sde9"}, "level must be one of sde1, sde2, sde3 (got 'sde9')"),
        ({"question": "x", "role": "boss"}, "role must be one of candidate, interviewer"),
        ({"question": "x", "colour": "blue"}, "no option 'colour'"),
    ],
)
def test_bad_options_say_what_is_valid(values: dict[str, str], message: str) -> None:
    with pytest.raises(BadOption, match=message.replace("(", r"\(").replace(")", r"\)")):
        make_registry().find("mock", "start").parse_options(values)


def test_good_options_are_converted_to_their_types() -> None:
    options = (
        make_registry()
        .find("mock", "start")
        .parse_options({"question": "url-shortener", "minutes": "60", "level": "sde3", "barraiser": "on"})
    )
    assert isinstance(options, StartOptions)
    assert (options.minutes, options.level, options.barraiser) == (60, Level.SDE3, True)


def test_group_without_subcommand_lists_its_subcommands() -> None:
    with pytest.raises(UnknownCommand, match="needs one of: start, status"):
        make_registry().find("mock")


def test_unknown_subcommand_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownCommand, match="/mock has no 'stop'. Try: start, status"):
        make_registry().find("mock", "stop")


def test_a_command_cannot_be_registered_twice() -> None:
    registry = make_registry()
    with pytest.raises(ValueError, match="twice"):
        registry.command("mock", subcommand="status", help="again")(noop)


def test_a_name_cannot_be_both_command_and_group() -> None:
    registry = make_registry()
    with pytest.raises(ValueError, match="both a command and a group"):
        registry.command("mock", help="plain")(noop)


def test_positional_options_must_exist() -> None:
    with pytest.raises(ValueError, match="positional"):
        CommandRegistry().command("x", help="x", positional=("nope",))(noop)
