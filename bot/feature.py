"""A feature's handlers as module-level functions, declared with decorators and registered later.

A feature module makes one `feature = Feature()`, decorates plain `async def`s with it, and
`feature.register(registry)` replays those declarations into a CommandRegistry. The functions
stay what they were written as, so a test can import and call any handler directly.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, overload

from bot.commands import (
    ActionHandler,
    CommandOptions,
    CommandRegistry,
    Completer,
    DeadlineAction,
    DeadlineBatchAction,
    FormHandler,
    MessageListener,
    NoOptions,
    Permission,
)

if TYPE_CHECKING:
    from bot.context import CommandContext, Services
    from bot.deadlines import DeadlinePayload

OptionsT = TypeVar("OptionsT", bound=CommandOptions)
PayloadT = TypeVar("PayloadT", bound="DeadlinePayload")
HandlerT = TypeVar("HandlerT")
Step = Callable[[CommandRegistry], object]
Handler: TypeAlias = Callable[["CommandContext", OptionsT], Awaitable[None]]
Action: TypeAlias = ActionHandler["CommandContext"]
Form: TypeAlias = FormHandler["CommandContext"]
Suggest: TypeAlias = Completer["Services"]
Listener: TypeAlias = MessageListener["Services"]


class Feature:
    """The commands, buttons, forms, completers, listeners and deadline kinds of one feature."""

    def __init__(self) -> None:
        self._steps: list[Step] = []

    def register(self, registry: CommandRegistry) -> None:
        """Declare everything in this feature on `registry`, in the order it was written."""
        for step in self._steps:
            step(registry)

    def include(self, other: Feature | Step) -> None:
        """Register `other` here: a sub-feature in its own module, or a module's own `register` function."""
        self._steps.append(other.register if isinstance(other, Feature) else other)

    @overload
    def command(
        self,
        name: str,
        *,
        help: str,
        subcommand: str | None = None,
        permission: Permission = Permission.MEMBER,
        slow: bool = False,
    ) -> Callable[[Handler[NoOptions]], Handler[NoOptions]]: ...

    @overload
    def command(
        self,
        name: str,
        *,
        help: str,
        options: type[OptionsT],
        subcommand: str | None = None,
        permission: Permission = Permission.MEMBER,
        slow: bool = False,
        positional: tuple[str, ...] = (),
    ) -> Callable[[Handler[OptionsT]], Handler[OptionsT]]: ...

    def command(
        self,
        name: str,
        *,
        help: str,
        options: type[CommandOptions] = NoOptions,
        subcommand: str | None = None,
        permission: Permission = Permission.MEMBER,
        slow: bool = False,
        positional: tuple[str, ...] = (),
    ) -> Callable[[Handler[Any]], Handler[Any]]:
        """A slash command; the same arguments as `CommandRegistry.command`."""

        def declare(handler: Handler[Any]) -> Handler[Any]:
            self._steps.append(
                lambda registry: registry.command(
                    name,
                    help=help,
                    options=options,
                    subcommand=subcommand,
                    permission=permission,
                    slow=slow,
                    positional=positional,
                )(handler)
            )
            return handler

        return declare

    def action(self, feature: str, action: str, *, slow: bool = False) -> Callable[[Action], Action]:
        """A button whose id is `feature:action:<entity>`."""
        return self._declare(lambda registry, handler: registry.action(feature, action, slow=slow)(handler))

    def form(self, feature: str, action: str) -> Callable[[Form], Form]:
        """A submitted form whose id is `feature:action:<entity>`."""
        return self._declare(lambda registry, handler: registry.form(feature, action)(handler))

    def completer(self, source: str) -> Callable[[Suggest], Suggest]:
        """Suggestions for options marked `Autocomplete(source)`."""
        return self._declare(lambda registry, handler: registry.completer(source)(handler))

    def on_message(self, listener: Listener) -> Listener:
        """Hear every plain message the bot can read."""
        self._steps.append(lambda registry: registry.on_message(listener))
        return listener

    def deadline(
        self, payload: type[PayloadT], *, batch: DeadlineBatchAction[Services, PayloadT] | None = None
    ) -> Callable[[DeadlineAction[Services, PayloadT]], DeadlineAction[Services, PayloadT]]:
        """Handle deadlines of `payload.KIND` when they fall due (`batch`, if given: many at once)."""
        return self._declare(lambda registry, handler: registry.deadline(payload, batch=batch)(handler))

    def _declare(self, step: Callable[[CommandRegistry, HandlerT], object]) -> Callable[[HandlerT], HandlerT]:
        def declare(handler: HandlerT) -> HandlerT:
            self._steps.append(lambda registry: step(registry, handler))
            return handler

        return declare
