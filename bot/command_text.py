"""Parse a typed slash command (`/question url-shortener level:sde2`) into a command and its options.

Used by the console and by any platform that hands the bot raw command text (Slack).
Options are `key:value` (quote values with spaces: `focus:"failure modes"`) or
positional in the command's declared order; the last positional option takes any
words left over.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from bot.commands import Command, CommandDisplay, CommandRegistry, slash
from bot.errors import BadOption, UnknownCommand
from bot.user_text import quote_input

_OPTION_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class CommandLine:
    """A typed command split into its name and the words after it."""

    name: str
    words: tuple[str, ...]


def split_command_line(text: str) -> CommandLine | None:
    """`None` when the text is not a command (does not start with `/`)."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    tokens = tokenize(stripped[1:])
    if not tokens:
        return CommandLine("", ())
    return CommandLine(tokens[0].lower(), tuple(tokens[1:]))


def tokenize(text: str) -> list[str]:
    """Shell-like words; unbalanced quotes fall back to plain whitespace splitting."""
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def resolve(
    registry: CommandRegistry, line: CommandLine, *, shown: CommandDisplay = slash
) -> tuple[Command, dict[str, str]]:
    """Find the command (and subcommand) a line names and bind its words to options."""
    if not line.name:
        raise UnknownCommand(f"Type a command after the slash. Try {shown('help')}.")
    words = line.words
    if registry.is_group(line.name):
        command = registry.find(line.name, words[0] if words else None, shown=shown)
        words = words[1:]
    else:
        command = registry.find(line.name, shown=shown)
    return command, bind_words(command, words, shown=shown)


def bind_words(command: Command, words: tuple[str, ...], *, shown: CommandDisplay = slash) -> dict[str, str]:
    """Bind words to the options (`key:value`, `key=value` for a known key, or positional); unknown or
    repeated options raise `BadOption`."""
    option_names = set(command.options.model_fields)
    values: dict[str, str] = {}
    plain_words: list[str] = []
    for word in words:
        key, separator, value = word.partition(":")
        if not separator and word.partition("=")[0].lower() in option_names:  # `level=sde2` means `level:sde2`
            key, separator, value = word.partition("=")
        if separator and _OPTION_KEY.match(key):
            name = key.lower()
            if name not in option_names:
                listing = ", ".join(sorted(option_names)) or "none"
                raise BadOption(f"{shown(command.path)} has no option '{quote_input(key)}'. Options: {listing}.")
            if name in values:
                raise BadOption(f"{name} is given twice.")
            values[name] = value
        else:
            plain_words.append(word)
    free_slots = [name for name in command.positional if name not in values]
    if len(plain_words) > len(free_slots):
        if not free_slots:
            raise BadOption(f"Unexpected '{quote_input(' '.join(plain_words))}'. Usage: {command.usage(shown)}")
        keep = len(free_slots) - 1
        plain_words = [*plain_words[:keep], " ".join(plain_words[keep:])]
    values.update(zip(free_slots, plain_words, strict=False))
    return values
