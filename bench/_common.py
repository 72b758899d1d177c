"""What the benchmarks share: a real Redis to run on, and a watch on event-loop stalls."""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_for_bench() -> tuple[str, subprocess.Popen[bytes] | None]:
    """REDIS_URL, or a private redis-server started for this run (stop it when done)."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"], None
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("this benchmark needs a real Redis: set REDIS_URL or install redis-server")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tempfile.mkdtemp()],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return f"redis://127.0.0.1:{port}/0", server


async def watch_stalls(stop: asyncio.Event, longest: list[float]) -> None:
    """How late a 10 ms sleep wakes up: the event loop's longest stall, in seconds."""
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(0.01)
        longest[0] = max(longest[0], time.perf_counter() - before - 0.01)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
