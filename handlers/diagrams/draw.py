"""Graphviz `dot` as a subprocess in a worker thread: PNG bytes, size-limited, with a timeout.

Any failure (no `dot`, a timeout, an image over the limit) returns None, and the caller shows the
text outline instead; a missing `dot` is logged once per process, other failures each time.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess

log = logging.getLogger(__name__)

MAX_PNG_BYTES = 1_000_000  # far under Discord's and Slack's upload limits
TIMEOUT_SECONDS = 5.0
DPI = 96
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_warned_missing = False


def _dot_program() -> str | None:
    global _warned_missing
    program = shutil.which("dot")
    if program is None and not _warned_missing:
        _warned_missing = True
        log.warning("Graphviz 'dot' is not installed: diagrams are shown as text outlines")
    return program


def _run(program: str, source: str, timeout: float) -> bytes | None:
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program and arguments; the source goes to stdin
            [program, "-Tpng", f"-Gdpi={DPI}"],
            input=source.encode(),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        log.warning("Graphviz took longer than %.1f s; showing the outline", timeout)
        return None
    except OSError as error:
        log.warning("Graphviz could not run: %s", error)
        return None
    if done.returncode != 0 or not done.stdout.startswith(_PNG_MAGIC):
        log.warning("Graphviz failed (exit %s): %s", done.returncode, done.stderr[:200].decode(errors="replace"))
        return None
    return done.stdout


async def draw_png(
    source: str, *, seconds: float = TIMEOUT_SECONDS, max_bytes: int = MAX_PNG_BYTES, program: str | None = None
) -> bytes | None:
    """The PNG of DOT `source`, drawn off the event loop; None when it cannot be drawn within the limits."""
    program = program or _dot_program()
    if program is None:
        return None
    png = await asyncio.to_thread(_run, program, source, seconds)
    if png is not None and len(png) > max_bytes:
        log.warning("The diagram's image is %d bytes, over the %d limit; showing the outline", len(png), max_bytes)
        return None
    return png
