"""What the benchmarks share: a real Redis to run on, a watch on event-loop stalls, timing figures."""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


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


def percentiles_ms(seconds: list[float]) -> dict[str, float]:
    """p50, p99 and max of `seconds`, in milliseconds."""
    ordered = sorted(seconds)
    if not ordered:
        return {"p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(p99 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def clean_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_", "OPENAI_"))}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PORT"):
        env.pop(name, None)
    return env


async def settled(pid: int, limit: float = 5.0) -> None:
    """Wait until a process has used (almost) no CPU for 50 ms: its work after the acks is done."""
    deadline = time.monotonic() + limit
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        now = cpu_seconds(pid)
        if now - before < 0.005:
            return
        before = now
