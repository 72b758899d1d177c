"""The console's ChatPort: every message is printed to the terminal with where it was posted."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.chat import (
    ActionId,
    Button,
    ChannelRef,
    Image,
    MessageRef,
    Place,
    Platform,
    Reply,
    ThreadRef,
    UserRef,
    channel_of,
)
from bot.commands import slash
from bot.platforms.console_render import BOT_NAME, INDENT, place_label, render_reply

CLEAR_LINE = "\r\x1b[2K"
_PLAIN_ID = re.compile(r"[a-z0-9_][a-z0-9_.-]{0,63}")


def owner_folder(user: UserRef) -> str:
    """The folder, under the charts folder, of the pictures of one person's data: their id when it is a plain
    file name, else a digest of it (an id is whatever name was typed)."""
    if _PLAIN_ID.fullmatch(user.id):
        return user.id
    return "user-" + hashlib.sha256(user.id.encode()).hexdigest()[:16]


def _delete_pngs(folder: Path) -> int:
    """Delete the PNGs in `folder`, and the folder when that leaves it empty; how many went."""
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("*.png"):
        path.unlink(missing_ok=True)
        removed += 1
    if not any(folder.iterdir()):
        folder.rmdir()
    return removed


class ConsoleOutput:
    """Prints message blocks; in a terminal, redraws the prompt under messages that arrive while typing."""

    def __init__(self, stream: TextIO | None = None, *, interactive: bool = False) -> None:
        self.stream = stream or sys.stdout
        self.interactive = interactive
        self.prompt = ""

    def show(self, block: str) -> None:
        """Print a block above the prompt."""
        if self.interactive:
            self.stream.write(f"{CLEAR_LINE}{block}\n{self.prompt}")
        else:
            self.stream.write(block + "\n")
        self.stream.flush()

    def show_prompt(self, prompt: str) -> None:
        """Remember the prompt and redraw it in a terminal."""
        self.prompt = prompt
        if self.interactive:
            self.stream.write(CLEAR_LINE + prompt)
            self.stream.flush()


class ConsoleChat:
    """The console's ChatPort: one local workspace, printed to a terminal."""

    platform = Platform.CONSOLE

    def __init__(self, output: ConsoleOutput, workspace: str = "local", *, charts_dir: Path | None = None) -> None:
        self.output = output
        self.workspace = workspace
        self.charts_dir = charts_dir  # where chart PNGs are written (CHARTS_DIR); None: only their text line
        self.user_names: dict[str, str] = {}
        self.buttons: dict[int, ActionId] = {}
        self.threads: dict[str, ThreadRef] = {}
        self.on_thread_opened: Callable[[ThreadRef], None] | None = None
        self._edited: dict[str, str] = {}
        self._button_numbers = itertools.count(1)
        self._message_numbers = itertools.count(1)
        self._thread_numbers = itertools.count(1)

    def channel(self, name: str) -> ChannelRef:
        """The console channel `name`."""
        return ChannelRef(Platform.CONSOLE, self.workspace, name, name)

    def user(self, name: str) -> UserRef:
        """The console user `name` (`@name` works too), remembered for showing mentions."""
        user_id = name.strip().lstrip("@").lower()
        self.user_names[user_id] = name.strip().lstrip("@")
        return UserRef(Platform.CONSOLE, self.workspace, user_id, self.user_names[user_id])

    def _number(self, button: Button) -> int:
        number = next(self._button_numbers)
        self.buttons[number] = button.action
        return number

    async def _print(self, reply: Reply, header: str, message_id: str) -> None:
        block = render_reply(reply, header=header, number_button=self._number, names=self.user_names)
        if reply.image is not None:
            said = reply.image.text_line and reply.image.text_line not in reply.text  # not twice
            text_line = f" · {reply.image.text_line}" if said else ""
            where = "not saved (no charts folder)"
            if self.charts_dir is not None:
                where = str(await asyncio.to_thread(self._save_image, reply.image, self.charts_dir, message_id))
            block += f"\n{INDENT}image: {where}{text_line}"
        self.output.show(block)

    @staticmethod
    def _save_image(image: Image, folder: Path, message_id: str) -> Path:
        """Write the PNG under the charts folder, named for the message, never over another file: message
        numbers start again with every console run, and a file an earlier run printed is kept.

        A picture of one person's data goes in their own folder, which /forget-me deletes."""
        if image.owner is not None:
            folder = folder / owner_folder(image.owner)
        folder.mkdir(parents=True, exist_ok=True)
        name = Path(image.filename)
        attempt = 1
        while True:
            again = f"-{attempt}" if attempt > 1 else ""
            path = folder / f"{message_id}-{name.stem}{again}{name.suffix}"
            try:
                with path.open("xb") as file:  # created here or not at all: two consoles may share the folder
                    file.write(image.png)
            except FileExistsError:
                attempt += 1
                continue
            return path

    async def forget_images(self, user: UserRef) -> int:
        """Delete the chart files written of `user`'s data (their folder under the charts folder); how many went."""
        if self.charts_dir is None:
            return 0
        return await asyncio.to_thread(_delete_pngs, self.charts_dir / owner_folder(user))

    def _message(self, place: Place) -> MessageRef:
        return MessageRef(place, f"m{next(self._message_numbers)}")

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        """Print the reply with where it was posted."""
        message = self._message(place)
        await self._print(reply, f"{place_label(place)} · {BOT_NAME}", message.id)
        return message

    async def open_thread(
        self, message: MessageRef, name: str, *, private: bool = False, members: tuple[UserRef, ...] = ()
    ) -> ThreadRef:
        """Open a numbered thread under the message's channel and announce it."""
        channel = channel_of(message.place)
        thread = ThreadRef(channel, f"t{next(self._thread_numbers)}", name, private)
        self.threads[thread.id] = thread
        who = f" with {', '.join('@' + member.display for member in members)}" if members else ""
        self.output.show(f"-- thread opened: {place_label(thread)}{who}")
        if self.on_thread_opened is not None:
            self.on_thread_opened(thread)
        return thread

    def known_thread(self, thread: ThreadRef) -> ThreadRef:
        """A thread with its name, even when a restart left only its id in Redis."""
        return self.threads.get(thread.id, thread)

    async def edit(self, message: MessageRef, reply: Reply) -> None:
        """Show an edit as one line, only when its headline changed (a terminal cannot edit in place)."""
        # A terminal cannot edit in place: show one line, and only when the headline changed.
        lines = [line for line in reply.text.splitlines() if line.strip()]
        headline = lines[1] if len(lines) > 1 else (lines[0] if lines else reply.title or "")
        if self._edited.get(message.id) == headline:
            return
        self._edited[message.id] = headline
        self.output.show(f"{place_label(message.place)} · {BOT_NAME} ↻ {headline}")

    async def send_ephemeral(self, place: Place, user: UserRef, reply: Reply) -> None:
        """Print the reply marked as visible to `user` only."""
        ephemeral = self._message(place)
        await self._print(reply, f"{place_label(place)} · {BOT_NAME} (only visible to {user.display})", ephemeral.id)

    async def send_dm(self, user: UserRef, reply: Reply) -> MessageRef:
        """Print the reply as a DM to `user`."""
        dm = ChannelRef(Platform.CONSOLE, self.workspace, f"dm-{user.id}", f"DM @{user.display}")
        message = self._message(dm)
        await self._print(reply, f"DM to @{user.display} · {BOT_NAME}", message.id)
        return message

    def command_text(self, path: str) -> str:
        """A command as typed on the console: `/path`."""
        return slash(path)

    def show_user_message(self, place: Place, author: UserRef, text: str) -> MessageRef:
        """Echo what a user wrote; the message, for listeners to answer."""
        self.output.show(f"{place_label(place)} · {author.display}: {text}")
        return self._message(place)

    def notice(self, text: str) -> None:
        """Print a line from the console itself (not from the bot)."""
        self.output.show(f"-- {text}")
