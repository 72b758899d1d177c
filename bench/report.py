"""Run every benchmark in bench/ and write bench/RESULTS.md (figures, machine, date).

python -m bench.report        (what `make bench` runs)
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = [
    ("timers", ["--json"], "Phase announcements: 10,000 concurrent mocks, deadline queue vs APScheduler RedisJobStore"),
    ("daily", ["--json"], "Daily drops: 10,000 channels in the same minute under platform rate limits"),
    ("pairing", ["--json", "--compare"], "Pairing: speed, memory, quality against the optimum, fairness"),
    ("barraiser_eval", ["--json"], "Bar raiser aim on the labelled transcripts"),
]


def machine() -> str:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB"
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}"
    )


def main() -> None:
    sections = []
    for name, arguments, title in BENCHMARKS:
        print(f"== bench/{name}.py", flush=True)
        command = [sys.executable, "-m", f"bench.{name}", *arguments]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            print(result.stderr[-2000:], file=sys.stderr)
            sections.append(f"## {title}\n\n`bench/{name}.py` failed (exit {result.returncode}).\n")
            continue
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        print(json.dumps(figures, indent=2), flush=True)
        run = f"`python -m bench.{name} {' '.join(arguments)}`"
        sections.append(f"## {title}\n\n{run}\n\n```json\n{json.dumps(figures, indent=2)}\n```\n")
    header = (
        "# Benchmark results\n\n"
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {machine()}.\n"
        "Figures vary with the machine; compare runs on the same one.\n"
    )
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join([header, *sections]))
    print("wrote bench/RESULTS.md")


if __name__ == "__main__":
    main()
