"""Invoking a synced slash command as the Discord client would: availability, permissions, typed options."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from tests.fakes.discord_server._constants import JSON
from tests.fakes.discord_server._interactions import InteractionDispatch
from tests.fakes.discord_server._models import FakeInteraction, FakeUser


class CommandInvocation(InteractionDispatch):
    """Resolves a command path and options against the synced schema, refusing what Discord's UI would."""

    def _find_command(self, name: str, guild_id: int | None) -> JSON:
        pools = ([self._commands.get(guild_id, [])] if guild_id is not None else []) + [self._commands.get(None, [])]
        for pool in pools:
            for command in pool:
                if command["name"] == name and command.get("type", 1) == 1:
                    return command
        raise LookupError(f"command {name!r} was never synced; synced: {self._command_names() or 'nothing'}")

    def _command_interaction(
        self,
        itype: int,
        name: str,
        options: Mapping[str, Any],
        focused: str | None,
        user: FakeUser | None,
        channel_id: int | None,
        locale: str,
        enforce_permissions: bool,
    ) -> FakeInteraction:
        invoker = user or self.member_user
        where = self.general_channel_id if channel_id is None else channel_id
        self._require_channel(where)
        guild_id = self._guild_of(where)
        head, *path = name.split()
        command = self._find_command(head, guild_id)
        contexts = command.get("contexts")
        if guild_id is None and (command.get("dm_permission") is False or (contexts is not None and 1 not in contexts)):
            raise PermissionError(f"/{head} is not available in DMs")
        if guild_id is not None and contexts is not None and 0 not in contexts:
            raise PermissionError(f"/{head} is not available in servers")
        required = command.get("default_member_permissions")
        if enforce_permissions and guild_id is not None and required is not None:
            needed = int(required)
            if self.permissions_of(invoker) & needed != needed:
                raise PermissionError(
                    f"{invoker.username} lacks permissions {needed:#x} needed for /{head}; "
                    "Discord would hide it (pass enforce_permissions=False to invoke anyway)"
                )
        resolved: JSON = {}
        built = self._build_options(command.get("options") or [], options, path, resolved, focused, guild_id)
        if focused is not None and not any(self._focused_in(built)):
            raise ValueError(f"option {focused!r} of /{name} is not an autocomplete option")
        data: JSON = {"id": command["id"], "name": head, "type": 1, "options": built}
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return self._dispatch_interaction(itype, data, invoker, where, name=name, locale=locale)

    def _focused_in(self, options: list[JSON]) -> Iterator[bool]:
        for option in options:
            if option.get("focused"):
                yield True
            yield from self._focused_in(option.get("options") or [])

    def _build_options(
        self,
        schema: list[JSON],
        given: Mapping[str, Any],
        path: list[str],
        resolved: JSON,
        focused: str | None,
        guild_id: int | None,
    ) -> list[JSON]:
        subcommands = [o for o in schema if o.get("type") in (1, 2)]
        if subcommands:
            if path:
                chosen, inner_given, rest = path[0], given, path[1:]
            elif len(given) == 1:
                chosen, inner_given = next(iter(given.items()))
                rest = []
            else:
                names = [o["name"] for o in subcommands]
                raise ValueError(f"pick exactly one subcommand of {names}, got {list(given)}")
            sub = next((o for o in subcommands if o["name"] == chosen), None)
            if sub is None:
                raise ValueError(f"no subcommand {chosen!r}; have {[o['name'] for o in subcommands]}")
            inner = self._build_options(sub.get("options") or [], inner_given or {}, rest, resolved, focused, guild_id)
            return [{"name": chosen, "type": sub["type"], "options": inner}]
        if path:
            raise ValueError(f"{path[0]!r} is not a subcommand here")
        unknown = set(given) - {o["name"] for o in schema}
        if unknown:
            raise ValueError(f"unknown options {sorted(unknown)}; have {[o['name'] for o in schema]}")
        built: list[JSON] = []
        for option in schema:
            option_name = option["name"]
            if option_name == focused:
                if not option.get("autocomplete"):
                    raise ValueError(f"option {focused!r} does not have autocomplete")
                typed = given.get(option_name, "")
                built.append({"name": option_name, "type": option["type"], "value": str(typed), "focused": True})
            elif option_name in given:
                value = self._option_value(option, given[option_name], resolved, guild_id)
                built.append({"name": option_name, "type": option["type"], "value": value})
            elif option.get("required") and focused is None:
                raise ValueError(f"required option {option_name!r} missing")
        return built

    def _option_value(self, option: JSON, value: Any, resolved: JSON, guild_id: int | None) -> Any:
        kind, name = option["type"], option["name"]
        choices = option.get("choices")
        if choices:
            by_name = {c["name"]: c["value"] for c in choices}
            values = [c["value"] for c in choices]
            if value in by_name and value not in values:
                value = by_name[value]
            if value not in values:
                raise ValueError(f"{value!r} is not one of the choices {values} of option {name!r}")
        if kind == 3:
            text = str(value)
            if not option.get("min_length", 0) <= len(text) <= option.get("max_length", 6000):
                raise ValueError(f"{name!r} length out of bounds")
            return text
        if kind in (4, 10):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or (kind == 4 and isinstance(value, float))
            ):
                raise ValueError(f"option {name!r} wants a {'integer' if kind == 4 else 'number'}, got {value!r}")
            if value < option.get("min_value", -(2**53)) or value > option.get("max_value", 2**53):
                raise ValueError(f"{name!r} = {value} out of bounds")
            return value
        if kind == 5:
            if not isinstance(value, bool):
                raise ValueError(f"option {name!r} wants a boolean, got {value!r}")
            return value
        if kind in (6, 9) and (isinstance(value, FakeUser) or value in self.users):
            user = value if isinstance(value, FakeUser) else self.users[value]
            resolved.setdefault("users", {})[str(user.id)] = user.payload()
            if guild_id is not None and user.id in self.guild_members:
                member = self._member_payload(user, with_user=False, permissions=True)
                resolved.setdefault("members", {})[str(user.id)] = member
            return str(user.id)
        if kind in (8, 9) and int(value) in self.roles:
            resolved.setdefault("roles", {})[str(value)] = self.roles[int(value)].payload()
            return str(value)
        if kind == 7:
            channel_id = int(value)
            self._require_channel(channel_id)
            entry = self._channel_payload(channel_id)
            entry["permissions"] = str(self.permissions_of(self.member_user))
            resolved.setdefault("channels", {})[str(channel_id)] = entry
            return str(channel_id)
        raise ValueError(f"cannot build a value of type {kind} for option {name!r} from {value!r}")
