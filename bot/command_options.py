"""What a command takes: its options model, the markers on options, and the neutral spec adapters read."""

from __future__ import annotations

import enum
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict
from pydantic.fields import FieldInfo


class CommandOptions(BaseModel):
    """Base of every command's options; field names are the words users type."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class NoOptions(CommandOptions):
    """The options of a command that takes none."""


@dataclass(frozen=True)
class UserOption:
    """Marks an option whose value is a person (a user picker on Discord, a mention elsewhere)."""


@dataclass(frozen=True)
class RoleOption:
    """Marks an option whose value is a role or group to mention (a role picker on Discord)."""


@dataclass(frozen=True)
class Autocomplete:
    """Marks an option whose values an adapter may suggest as the user types (e.g. question ids)."""

    source: str


OptionKind = Literal["string", "integer", "number", "boolean", "user", "role"]


@dataclass(frozen=True)
class OptionSpec:
    """A platform-neutral description of one option, for adapters and help."""

    name: str
    description: str
    kind: OptionKind
    required: bool
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    autocomplete: str | None = None


def option_spec(name: str, info: FieldInfo) -> OptionSpec:
    """One option as every adapter shows it: kind, choices, range and autocomplete."""
    annotation, autocomplete, is_user = _unwrap(info.annotation)
    for meta in info.metadata:
        if isinstance(meta, Autocomplete):
            autocomplete = meta.source
        is_user = is_user or isinstance(meta, UserOption)
    is_role = any(isinstance(meta, RoleOption) for meta in info.metadata)
    choices: tuple[str, ...] = ()
    kind: OptionKind = "string"
    if is_user:
        kind = "user"
    elif is_role:
        kind = "role"
    elif isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        choices = tuple(str(member.value) for member in annotation)
    elif get_origin(annotation) is Literal:
        choices = tuple(str(arg) for arg in get_args(annotation))
    elif annotation is bool:
        kind = "boolean"
    elif annotation is int:
        kind = "integer"
    elif annotation is float:
        kind = "number"
    minimum = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
    maximum = next((m.le for m in info.metadata if hasattr(m, "le")), None)
    return OptionSpec(
        name=name,
        description=(info.description or name)[:100],
        kind=kind,
        required=info.is_required(),
        choices=choices,
        minimum=minimum,
        maximum=maximum,
        autocomplete=autocomplete,
    )


def _unwrap(annotation: Any) -> tuple[Any, str | None, bool]:
    """Strip Optional[...] and Annotated[...] down to the value type and its markers."""
    autocomplete: str | None = None
    is_user = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            args = get_args(annotation)
            autocomplete = next((a.source for a in args[1:] if isinstance(a, Autocomplete)), autocomplete)
            is_user = is_user or any(isinstance(a, UserOption) for a in args[1:])
            annotation = args[0]
        elif origin in (Union, types.UnionType):
            remaining = [arg for arg in get_args(annotation) if arg is not type(None)]
            annotation = remaining[0] if len(remaining) == 1 else str
        else:
            return annotation, autocomplete, is_user
