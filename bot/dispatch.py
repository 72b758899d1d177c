"""Run commands, button presses and form submits, turning every failure into a friendly reply."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot import metrics
from bot.chat import ActionId, ChatPort, IncomingMessage, Invocation, Reply, Responder
from bot.command_text import CommandLine, resolve
from bot.commands import Command, Permission
from bot.context import CommandContext, Services
from bot.errors import NotAllowed, UnknownCommand, UserError
from bot.logs import log_context
from bot.user_text import defuse_mentions

log = logging.getLogger(__name__)


STORAGE_UNAVAILABLE = "Storage is unavailable right now; try again in a minute."


def friendly_error(message: str) -> Reply:
    """A refusal; it often quotes what the user typed, so any mention in it is defused."""
    return Reply(text=defuse_mentions(message), ephemeral=True)


def unexpected_error(error_id: str) -> Reply:
    """The reply for a failure the user did not cause, carrying the id that finds it in the log."""
    return Reply(text=f"Sorry, something went wrong (error id {error_id}). Please try again.", ephemeral=True)


class Dispatcher:
    """Runs commands, buttons, forms and listeners; the one place errors become replies."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.registry = services.registry
        self._listeners_lost_redis = False  # one warning an outage, not one per message and listener

    def find(self, name: str, subcommand: str | None = None) -> Command:
        """The command `/name [subcommand]`; an unknown one raises `UnknownCommand`."""
        return self.registry.find(name, subcommand)

    async def run_command(
        self,
        chat: ChatPort,
        invocation: Invocation,
        responder: Responder,
        command: Command,
        values: Mapping[str, object],
    ) -> None:
        """Check permission, validate options, run the handler."""

        async def work(context: CommandContext) -> None:
            await self._execute(context, command, values)

        await self._guard(chat, invocation, responder, f"/{command.path}", f"/{command.name}", work)

    @staticmethod
    async def _execute(context: CommandContext, command: Command, values: Mapping[str, object]) -> None:
        if command.permission is Permission.ADMIN and not context.is_admin:
            raise NotAllowed(f"Only workspace admins can use {context.chat.command_text(command.path)}.")
        await command.handler(context, command.parse_options(values, shown=context.chat.command_text))

    async def run_command_line(
        self, chat: ChatPort, invocation: Invocation, responder: Responder, line: CommandLine
    ) -> None:
        """A typed command (console, Slack): resolve its name and words, then run it."""

        async def work(context: CommandContext) -> None:
            command, values = resolve(self.registry, line, shown=chat.command_text)
            await self._execute(context, command, values)

        await self._guard(chat, invocation, responder, f"/{line.name}", f"/{line.name}", work)

    async def run_action(
        self, chat: ChatPort, invocation: Invocation, responder: Responder, raw_action_id: str
    ) -> None:
        """A button press: `feature:action:entity`."""

        async def work(context: CommandContext) -> None:
            action = _parse_action(raw_action_id)
            handler = self.registry.action_handler(action.feature, action.action)
            if handler is None:
                raise UnknownCommand("That button no longer does anything.")
            await handler(context, action.entity)

        label = "button:" + ":".join(raw_action_id.split(":")[:2])  # feature:action, never the entity
        await self._guard(chat, invocation, responder, f"button {raw_action_id}", label, work)

    async def run_form(
        self,
        chat: ChatPort,
        invocation: Invocation,
        responder: Responder,
        raw_action_id: str,
        values: Mapping[str, str],
    ) -> None:
        """Hand a submitted form's values to its handler; a form no longer accepted gets a friendly reply."""

        async def work(context: CommandContext) -> None:
            action = _parse_action(raw_action_id)
            handler = self.registry.form_handler(action.feature, action.action)
            if handler is None:
                raise UnknownCommand("That form is no longer accepted.")
            await handler(context, action.entity, values)

        label = "form:" + ":".join(raw_action_id.split(":")[:2])
        await self._guard(chat, invocation, responder, f"form {raw_action_id}", label, work)

    async def suggest(self, source: str, typed: str) -> list[tuple[str, str]]:
        """Autocomplete suggestions; a failing completer suggests nothing rather than erroring."""
        completer = self.registry.completer_for(source)
        if completer is None:
            return []
        try:
            return (await completer(self.services, typed))[:25]
        except Exception:
            log.exception("autocomplete for %s failed", source)
            return []

    async def run_message(self, chat: ChatPort, message: IncomingMessage) -> None:
        """Give a plain message to every listener; a failing listener never stops the others."""
        storage_failed = False
        for listener in self.registry.message_listeners:
            try:
                await listener(self.services, chat, message)
            except (RedisConnectionError, RedisTimeoutError):
                metrics.REDIS_ERRORS.inc()
                storage_failed = True
            except Exception:
                log.exception("message listener %s failed", getattr(listener, "__name__", listener))
        if storage_failed and not self._listeners_lost_redis:
            log.warning("Redis is unreachable: messages are not recorded until it is back")
        elif not storage_failed and self._listeners_lost_redis:
            log.warning("Redis is back: recording messages again")
        self._listeners_lost_redis = storage_failed

    async def _guard(
        self,
        chat: ChatPort,
        invocation: Invocation,
        responder: Responder,
        what: str,
        label: str,  # the metrics label: command name or feature:action
        work: Callable[[CommandContext], Awaitable[None]],
    ) -> None:
        context = CommandContext(invocation, responder, chat, self.services)
        with log_context(platform=chat.platform.value, workspace=invocation.channel.workspace, command=label):
            try:
                await work(context)
                metrics.command_outcome(label, "ok").inc()
                log.debug("%s: ok", label)  # counted in COMMANDS; a line per success cost ~3% of a busy bot's CPU
            except UserError as error:
                metrics.command_outcome(label, "user_error").inc()
                log.info("%s: refused: %s", label, error.message)
                await responder.respond(friendly_error(error.message))
            except (RedisConnectionError, RedisTimeoutError):
                metrics.command_outcome(label, "unavailable").inc()
                metrics.REDIS_ERRORS.inc()
                log.warning("%s: storage is unreachable", what)
                await responder.respond(friendly_error(STORAGE_UNAVAILABLE))
            except Exception:
                metrics.command_outcome(label, "error").inc()
                error_id = uuid.uuid4().hex[:8]
                log.exception("%s failed (error id %s)", what, error_id)
                try:
                    await responder.respond(unexpected_error(error_id))
                except Exception:
                    log.exception("could not tell the user about error %s", error_id)


def _parse_action(raw: str) -> ActionId:
    try:
        return ActionId.parse(raw)
    except ValueError:
        raise UnknownCommand("That button no longer does anything.") from None
