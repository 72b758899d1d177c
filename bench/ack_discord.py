"""The ack path on Discord: interactions from the gateway stand-in, timed to the bot's callback.

`python -m bot` runs in its own process, as in production, on the gateway and REST stand-in
(tests/fakes/discord_server), which runs here and sends the interactions: slash commands (`/help`) and
button presses (`question:hints:url-shortener`) by turns, each of `concurrency` senders sending its next
interaction when the last one's callback has arrived. Timed: from the stand-in starting to send
INTERACTION_CREATE to the bot's POST /interactions/{id}/{token}/callback arriving. The stand-in shares
the two cores with the bot (its CPU per interaction is printed beside the bot's: on two cores, the sum
bounds the rate); its garbage collector is off while timing. Run by bench/ack.py, at each concurrency asked for.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from bench._common import clean_env, cpu_seconds, percentiles_ms, settled

ROOT = Path(__file__).resolve().parents[1]
WARMUP = 100
READY_SECONDS = 60.0
CALLBACK_SECONDS = 30.0


async def bench_discord(redis_url: str, key_prefix: str, interactions: int, concurrencies: list[int]) -> dict[str, Any]:
    """The bot's figures at each concurrency, on the same stand-in and the same bot process."""
    from tests.fakes.discord_server import FakeDiscord

    arrived: dict[str, float] = {}
    awaited: dict[str, asyncio.Future[None]] = {}  # interactions whose sender waits for the callback

    class TimedDiscord(FakeDiscord):
        """The stand-in, noting when each interaction's callback request arrives."""

        async def _callback(self, req: Any, interaction_id: str, token: str) -> tuple[int, Any]:
            arrived.setdefault(interaction_id, time.perf_counter())
            waiter = awaited.pop(interaction_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(None)
            return await super()._callback(req, interaction_id, token)

    async def callback_of(key: str) -> float:
        """When the interaction's callback arrived: a future, not a poll (pollers would take the CPU timed)."""
        if key not in arrived:
            awaited[key] = asyncio.get_running_loop().create_future()
            await asyncio.wait_for(awaited[key], CALLBACK_SECONDS)
        return arrived.pop(key)

    with tempfile.TemporaryFile() as log:
        async with TimedDiscord() as fake:
            env = clean_env() | {
                "DISCORD_TOKEN": fake.token,
                "DISCORD_API_BASE_URL": fake.api_base_url,
                "DISCORD_GATEWAY_URL": fake.gateway_url,
                "REDIS_URL": redis_url,
                "REDIS_KEY_PREFIX": key_prefix,
            }
            bot = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
            )
            try:
                await fake.wait_until_ready(timeout=READY_SECONDS)
                await fake.wait_for(lambda: fake.commands(), timeout=READY_SECONDS, what="slash commands synced")
                card = await fake.slash_command("question", {"id": "url-shortener"})
                card_id = (await fake.wait_for_response(card, timeout=READY_SECONDS)).message_id
                users = [fake.add_member(f"member{n}") for n in range(20)]

                async def one(number: int) -> tuple[str, float]:
                    user = users[number % len(users)]
                    started = time.perf_counter()
                    if number % 2 == 0:
                        sent = await fake.slash_command("help", user=user)
                    else:  # on the card by its id: the stand-in would otherwise search every stored message
                        sent = await fake.press_button("question:hints:url-shortener", message_id=card_id, user=user)
                    answered = await callback_of(str(sent.id))
                    return ("command" if number % 2 == 0 else "button"), answered - started

                runs = []
                for concurrency in concurrencies:
                    await timed_run(one, WARMUP, concurrency)  # warm-up, not timed
                    await settled(bot.pid)
                    cpu_before, own_before = cpu_seconds(bot.pid), time.process_time()
                    with stand_in_collector_off():
                        figures = await timed_run(one, interactions, concurrency)
                    own = time.process_time() - own_before
                    await settled(bot.pid)
                    cpu = cpu_seconds(bot.pid) - cpu_before
                    figures["bot_cpu_ms_per_interaction"] = round(cpu / interactions * 1000, 2)
                    # What the stand-in and the senders took of the same two cores (Discord's, in production).
                    figures["stand_in_cpu_ms_per_interaction"] = round(own / interactions * 1000, 2)
                    runs.append(figures)
            except Exception:
                log.seek(0)
                print("bot:", log.read().decode(errors="replace")[-5000:], file=sys.stderr)
                raise
            finally:
                if bot.returncode is None:
                    bot.terminate()
                    await asyncio.wait_for(bot.wait(), 30)
    return {"interactions": interactions, "runs": runs, "target_p99_ms": 50}


@contextlib.contextmanager
def stand_in_collector_off() -> Iterator[None]:
    """No garbage collection in this process (the stand-in's) while timing: it keeps every interaction and
    message, and a full collection over them stalled it 100 ms or more mid-run, which read as the bot's."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


Sender = Callable[[int], Awaitable[tuple[str, float]]]  # interaction number -> its kind and its seconds


async def timed_run(send: Sender, interactions: int, concurrency: int) -> dict[str, Any]:
    """`interactions` sent by `concurrency` senders, each waiting for its last one's callback."""
    timings: dict[str, list[float]] = {"command": [], "button": []}
    numbers = iter(range(interactions))

    async def sender() -> None:
        for number in numbers:
            kind, seconds = await send(number)
            timings[kind].append(seconds)

    started = time.perf_counter()
    await asyncio.gather(*(sender() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    every = timings["command"] + timings["button"]
    return {
        "concurrency": concurrency,
        **percentiles_ms(every),
        "commands": percentiles_ms(timings["command"]),
        "buttons": percentiles_ms(timings["button"]),
        "interactions_per_second": round(len(every) / elapsed, 1),
    }
