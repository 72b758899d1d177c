"""The ack path: how fast the bot answers Slack's HTTP requests and Discord's interactions.

    python -m bench.ack [--requests 2000] [--concurrency 50] [--interactions 1000] [--discord-concurrency 10,50]
                        [--json]

Slack (HTTP mode): `python -m bot` on a real Redis (REDIS_URL, or a private redis-server) gets signed
slash commands (`/pp-help`) and button presses (`question:hints:url-shortener`) from a lean keep-alive
HTTP client (bench/http_load.py: it shares the two cores with the server), `--concurrency` connections,
each sending its next request when the last is answered. The connections are opened by the warm-up and
kept, as a client's pool is. /pp-help's private answer rides on its ack (the HTTP response's body); a
button's answer is POSTed after the ack to its response_url on the Slack stand-in (tests/fakes/slack_api),
run in its own process. Timed: from sending a request to its HTTP response (the ack, with whatever answer
it carries). Reference in the same run: a bare Bolt app whose listeners only call ack(), served by
slack_bolt's aiohttp adapter on the event loop the bot runs on (uvloop where installed), on the same
requests. The two take turns in four rounds, so both see the same machine (other work on it moves the
figures: on this machine a fixed Python workload took anywhere from 1x to 2x as long from one second to
the next). The rate ratio (bot / bare) should be >= 0.5, p99 < 50 ms. "per CPU-second" rates are requests
per CPU-second of the server process, its work after the acks included. The bot's keys carry a prefix of
their own (REDIS_KEY_PREFIX), deleted at the end.

Discord (bench/ack_discord.py): `python -m bot` on the gateway and REST stand-in, which runs in this
process and sends the interactions; timed from the stand-in sending INTERACTION_CREATE to the bot's
POST /interactions/{id}/{token}/callback arriving, at each `--discord-concurrency`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import aiohttp

from bench._common import clean_env, cpu_seconds, free_port, percentiles_ms, redis_for_bench, settled
from bench.ack_discord import bench_discord
from bench.http_load import Connections, post
from bot.cli import run_event_loop

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parents[1]
SIGNING_SECRET = "bench-signing-secret"
USERS = [f"U{n:03d}" for n in range(50)]
WARMUP = 100
KEY_PREFIX = f"benchack{os.getpid()}"
SERVER_READY_SECONDS = 60.0


# -- the servers, each in its own process ---------------------------------------------------------------


async def serve_slack_api(count: int, out: Path) -> None:
    """The Slack stand-in: write `count` request bodies Slack would send, then serve the Web API."""
    from tests.fakes.slack_api import FakeSlackApi

    async with FakeSlackApi() as api:
        for user in USERS:
            api.add_user(user, user.lower())
        api.add_channel("C1", "general")
        bodies = []
        for number in range(count):
            user = USERS[number % len(USERS)]
            if number % 2 == 0:
                form = api.payloads.slash_command("/pp-help", user_id=user)
                bodies.append({"kind": "command", "body": urlencode(form)})
            else:
                payload = api.payloads.block_actions("question:hints:url-shortener", channel_id="C1", user_id=user)
                bodies.append({"kind": "button", "body": urlencode({"payload": json.dumps(payload)})})
        await asyncio.to_thread(out.write_text, json.dumps(bodies))
        print(json.dumps({"base_url": api.base_url, "bot_token": api.bot_token}), flush=True)
        await asyncio.Event().wait()  # until terminated


async def serve_bare(port: int) -> None:
    """The reference: a Bolt app whose listeners do nothing but ack(), on slack_bolt's aiohttp adapter."""
    import re

    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.app.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    # Bolt asks auth.test once for the token, as it does for the bot; both ask the stand-in.
    client = AsyncWebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_BASE_URL"])
    bolt = AsyncApp(client=client, signing_secret=SIGNING_SECRET)

    async def only_ack(ack: Any) -> None:
        await ack()

    bolt.command(re.compile(r"^/.+"))(only_ack)
    bolt.action(re.compile(r".+"))(only_ack)

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def healthz(_: web.Request) -> web.Response:
        return web.Response(text="ok")

    application = web.Application()
    application.router.add_post("/slack/events", events)
    application.router.add_get("/healthz", healthz)
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.Event().wait()


# -- driving Slack ---------------------------------------------------------------------------------------


def signed(body: str) -> tuple[bytes, dict[str, str]]:
    """The body with Slack's v0 signature headers for now."""
    from tests.fakes.slack_api._common import slack_signature_bytes

    raw = body.encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": slack_signature_bytes(SIGNING_SECRET, timestamp, raw),
    }
    return raw, headers


async def wait_until_serving(session: aiohttp.ClientSession, url: str, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + SERVER_READY_SECONDS
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            async with session.get(url) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {SERVER_READY_SECONDS:.0f} s")


async def load(connections: Connections, bodies: list[dict[str, str]]) -> tuple[dict[str, list[float]], list[int]]:
    """POST every body signed, one at a time on each connection: each request's seconds to its response,
    by kind, and the statuses other than 200."""
    requests = [post(connections.host, connections.port, "/slack/events", *signed(item["body"]), kind=item["kind"])
                for item in bodies]  # fmt: skip
    result = await connections.run(requests)
    return {"command": [], "button": []} | result.timings, result.failures


class Server:
    """One server process under test: its URL, and what its timed rounds measured."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], port: int, concurrency: int) -> None:
        self.name, self.command, self.env, self.port = name, command, env, port
        self.connections = Connections("127.0.0.1", port, concurrency)  # opened by the warm-up, kept
        self.timings: dict[str, list[float]] = {"command": [], "button": []}
        self.failures: list[int] = []
        self.elapsed = self.cpu = 0.0
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *self.command, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log
        )
        async with aiohttp.ClientSession() as session:
            await wait_until_serving(session, f"http://127.0.0.1:{self.port}/healthz", self.process)

    async def timed(self, bodies: list[dict[str, str]]) -> None:
        """One round: the requests' times, the wall time to the last ack, and the CPU the server spent,
        counted until its work after the acks has settled."""
        assert self.process is not None
        cpu_before, started = cpu_seconds(self.process.pid), time.perf_counter()
        timings, failures = await load(self.connections, bodies)
        self.elapsed += time.perf_counter() - started
        await settled(self.process.pid)
        self.cpu += cpu_seconds(self.process.pid) - cpu_before
        for kind, seconds in timings.items():
            self.timings[kind] += seconds
        self.failures += failures

    def print_problems(self) -> None:
        self.log.seek(0)
        lines = self.log.read().decode(errors="replace").splitlines()
        print(f"{self.name}:", "\n".join(line for line in lines if " INFO " not in line)[-5000:], file=sys.stderr)

    async def stop(self) -> None:
        self.connections.close()
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), 30)
        self.log.close()

    def figures(self) -> dict[str, Any]:
        every = self.timings["command"] + self.timings["button"]
        return {
            **percentiles_ms(every),
            "commands": percentiles_ms(self.timings["command"]),
            "buttons": percentiles_ms(self.timings["button"]),
            "requests_per_second": round(len(every) / self.elapsed, 1),
            "requests_per_cpu_second": round(len(every) / self.cpu, 1) if self.cpu else None,
            "server_cpu_seconds": round(self.cpu, 2),
            "not_200": {str(status): self.failures.count(status) for status in sorted(set(self.failures))},
        }


async def measure(servers: list[Server], bodies: list[dict[str, str]], rounds: int) -> None:
    """Warm every server up, then time them in turns, `rounds` times, so each sees the same machine."""
    try:
        for server in servers:
            await server.start()
            await load(server.connections, bodies[:WARMUP])
            await settled(server.process.pid if server.process else 0)
        timed = bodies[WARMUP:]
        size = -(-len(timed) // rounds)
        for start in range(0, len(timed), size):
            for server in servers:
                await server.timed(timed[start : start + size])
    except Exception:
        for server in servers:
            server.print_problems()
        raise
    finally:
        for server in servers:
            await server.stop()


async def delete_keys(redis_url: str) -> None:
    """Delete what the bot wrote under the bench's key prefix."""
    from bot.store import open_store

    store = await open_store(redis_url, prefix=KEY_PREFIX)
    await store.delete_namespace()
    await store.close()


async def bench_slack(redis_url: str, requests: int, concurrency: int, rounds: int = 4) -> dict[str, Any]:
    """The bot and the bare Bolt app on the same signed requests; their figures and the ratio."""
    with tempfile.TemporaryDirectory() as folder:
        bodies_file = Path(folder) / "bodies.json"
        stand_in = await asyncio.create_subprocess_exec(
            *[sys.executable, str(SCRIPT), "--serve", "slack-api", "--requests", str(requests), "--out", bodies_file],
            cwd=ROOT,
            env=clean_env(),
            stdout=subprocess.PIPE,
        )
        try:
            assert stand_in.stdout is not None
            where = json.loads(await asyncio.wait_for(stand_in.stdout.readline(), SERVER_READY_SECONDS))
            bodies = json.loads(await asyncio.to_thread(bodies_file.read_text))
            env = clean_env() | {"SLACK_BOT_TOKEN": where["bot_token"], "SLACK_API_BASE_URL": where["base_url"]}
            bare_port, bot_port = free_port(), free_port()
            bare = Server(
                "bare Bolt app",
                [sys.executable, str(SCRIPT), "--serve", "bare", "--port", str(bare_port)],
                env,
                bare_port,
                concurrency,
            )
            bot_env = env | {
                "SLACK_MODE": "http",
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "HTTP_PORT": str(bot_port),
                "REDIS_URL": redis_url,
                "REDIS_KEY_PREFIX": KEY_PREFIX,
            }
            bot = Server("bot", [sys.executable, "-m", "bot"], bot_env, bot_port, concurrency)
            await measure([bare, bot], bodies, rounds)
        finally:
            await delete_keys(redis_url)
            stand_in.terminate()
            await asyncio.wait_for(stand_in.wait(), 30)
    bot_figures, bare_figures = bot.figures(), bare.figures()
    ratio = bot_figures["requests_per_second"] / bare_figures["requests_per_second"]
    per_cpu = bot_figures["requests_per_cpu_second"], bare_figures["requests_per_cpu_second"]
    return {
        "requests": requests - WARMUP,
        "concurrency": concurrency,
        "rounds": rounds,
        "bot": bot_figures,
        "bare_bolt": bare_figures,
        "rate_ratio": round(ratio, 2),
        "cpu_rate_ratio": round(per_cpu[0] / per_cpu[1], 2) if all(per_cpu) else None,
        "target_p99_ms": 50,
        "target_rate_ratio": 0.5,
    }


# -- the command line ------------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=2000, help="Slack requests timed (after 100 to warm up)")
    parser.add_argument("--concurrency", type=int, default=50, help="Slack requests in flight at once")
    parser.add_argument("--interactions", type=int, default=1000, help="Discord interactions timed at each concurrency")
    parser.add_argument(
        "--discord-concurrency", default="10,50", help="Discord interactions in flight at once (comma-separated runs)"
    )
    parser.add_argument("--json", action="store_true", help="print one line of JSON")
    parser.add_argument("--serve", choices=["slack-api", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


async def run(options: argparse.Namespace) -> dict[str, Any]:
    redis_url, redis_server = redis_for_bench()
    try:
        slack = await bench_slack(redis_url, options.requests + WARMUP, options.concurrency)
        concurrencies = [int(part) for part in options.discord_concurrency.split(",")]
        discord = await bench_discord(redis_url, KEY_PREFIX, options.interactions, concurrencies)
    finally:
        if redis_server is not None:
            redis_server.terminate()
            redis_server.wait(30)
    return {"cores": os.cpu_count(), "slack": slack, "discord": discord}


def main() -> None:
    options = arguments()
    if options.serve == "slack-api":
        asyncio.run(serve_slack_api(options.requests, options.out))
        return
    if options.serve == "bare":  # on the event loop the bot runs on: the ratio compares the work, not the loops
        run_event_loop(serve_bare(options.port))
        return
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        os.environ.pop(name, None)  # slack_sdk and aiohttp would send local traffic through a proxy
    figures = run_event_loop(run(options))  # the load generator on the bot's loop too: it shares the cores
    if options.json:
        print(json.dumps(figures))
        return
    slack, discord = figures["slack"], figures["discord"]
    print(f"Slack HTTP, {slack['requests']} requests, {slack['concurrency']} concurrent ({figures['cores']} cores):")
    for name in ("bot", "bare_bolt"):
        row = slack[name]
        print(
            f"  {name:9} p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms  max {row['max_ms']} ms  "
            f"{row['requests_per_second']} req/s  {row['requests_per_cpu_second']} req per CPU-second"
        )
    print(f"  rate ratio bot/bare {slack['rate_ratio']} (target >= 0.5), per CPU-second {slack['cpu_rate_ratio']}")
    print(f"Discord, {discord['interactions']} interactions a run:")
    for row in discord["runs"]:
        print(
            f"  {row['concurrency']:3} concurrent  p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms  "
            f"max {row['max_ms']} ms  {row['interactions_per_second']} interactions/s  "
            f"bot CPU {row['bot_cpu_ms_per_interaction']} ms each "
            f"(stand-in {row.get('stand_in_cpu_ms_per_interaction', '?')} ms)"
        )


if __name__ == "__main__":
    main()
