"""Run every benchmark in bench/ and write bench/RESULTS.md (figures, machine, date).

python -m bench.report                     (what `make bench` runs: every benchmark, RESULTS.md rewritten)
python -m bench.report --only timers,ack   (re-run those; their sections are replaced, the rest kept)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = [
    (
        "timers",
        ["--json"],
        "Phase announcements: 1,000 mocks over 20 s and 10,000 due in one second, one and two processes, "
        "deadline queue vs APScheduler RedisJobStore",
    ),
    ("daily", ["--json"], "Daily drops: 10,000 channels in the same minute under platform rate limits"),
    (
        "pairing",
        ["--json", "--compare", "--n", "100000", "--sizes", "200,1000,2000"],
        "Pairing: 100,000 people (peak memory, goal < 1 GB), quality against the exact optimum at 1,000 and 2,000 "
        "(goal >= 0.98), fairness",
    ),
    (
        "ack",
        ["--json"],
        "The ack path: Slack HTTP (2,000 signed requests, 50 concurrent) against a bare Bolt app; Discord interactions "
        "(10 and 50 concurrent)",
    ),
    ("judge", ["--json"], "Bar raiser: the independent judge against probes labelled by hand"),
    ("barraiser_eval", ["--json"], "Bar raiser on hand-labelled transcripts: tuning and held-out splits, per engine"),
    ("clarify_eval", ["--json"], "Interviewer: replies to clarifying questions, hand labels, tuning and held-out"),
    (
        "arith_eval",
        ["--json"],
        "Interviewer: estimation arithmetic check on hand-labelled statements, tune and held-out",
    ),
    ("deep_dive_eval", ["--json"], "Interviewer: deep dives on hand-labelled transcripts, aimed at what is lacking"),
    ("interviewer", ["--json"], "Interviewer: offline reply time, and the placeholder in front of a 2 s LLM"),
    ("redis_load", ["--json"], "One Redis: commands per feature, load at 1k/10k/100k workspaces, one node's capacity"),
    ("diagrams", ["--json"], "Diagrams: parse and structural review, Graphviz layout to PNG, by flowchart size"),
    ("charts", ["--json"], "Charts: render time per chart (p50/p99) and PNG size"),
]
BARRAISER_TARGETS = (
    "Targets on the held-out split: recall >= 0.9, covered <= 0.1, lean agreement (the hire decision) >= 0.75, "
    "reply < 1 s. `heldout` is every held-out file; `heldout-efg`, `-hi`, `-jk` and `-lm` are the fresh sets "
    "of four tuning rounds, each first run after its round's tuning ended (first-run figures and what was seen "
    "when: tests/data/eval/README.md)."
)


def barraiser_table(figures: dict[str, object]) -> str:
    """The bar raiser's figures as a table: one row per engine and split, with case counts."""
    keys = ["cases", "recall", "missed_expected", "recall_all", "covered", "probes", "lean_agreement", "lean_exact"]
    keys += ["lean_within_one", "lean_cases", "heard_precision", "heard_recall", "failures", "p99_ms"]
    rows = ["| engine | split | " + " | ".join(keys) + " |", "|" + "---|" * (len(keys) + 2)]
    for engine, splits in figures.items():
        if isinstance(splits, dict) and all(isinstance(value, dict) for value in splits.values()):
            for split, values in splits.items():
                rows.append(f"| {engine} | {split} | " + " | ".join(str(values.get(key, "")) for key in keys) + " |")
    timing = figures.get("p99_400_messages_ms")
    return "\n".join([BARRAISER_TARGETS, "", *rows, "", f"400-message transcript, p99 ms: `{timing}`"])


def pairing_table(figures: dict[str, object]) -> str:
    """The pairing figures against their goals: time and memory at --n, the ratio to the optimum per pool size."""
    rows = [
        "| people | seconds (CPU) | peak RSS MB | ratio to the exact optimum | exact optimum s (rustworkx) "
        "| networkx s |",
        "|---|---|---|---|---|---|",
        f"| {figures.get('n')} | {figures.get('seconds')} ({figures.get('cpu_seconds')}) "
        f"| {figures.get('peak_rss_mb')} (goal < {figures.get('peak_rss_goal_mb')}) | | | |",
    ]
    checked = figures.get("quality")
    for size, values in checked.items() if isinstance(checked, dict) else []:
        rows.append(
            f"| {size} | {values.get('seconds')} | | {values.get('ratio')} (goal >= {figures.get('ratio_goal')}) "
            f"| {values.get('optimum_seconds')} | {values.get('networkx_seconds', '')} |"
        )
    return "\n".join([*rows, "", f"All goals met: `{figures.get('goals_met')}`"])


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated benchmark names to re-run, keeping the other sections")
    only = parser.parse_args().only
    chosen = [entry for entry in BENCHMARKS if only is None or entry[0] in only.split(",")]
    sections = run_sections(chosen)
    results = ROOT / "bench" / "RESULTS.md"
    if only is not None and results.exists():
        rerun = {f"## {title}\n": section for (_, _, title), section in zip(chosen, sections, strict=True)}
        results.write_text(replaced_sections(results.read_text(encoding="utf-8"), rerun, only), encoding="utf-8")
        print("updated bench/RESULTS.md")
        return
    header = (
        "# Benchmark results\n\n"
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {machine()}.\n"
        "Figures vary with the machine; compare runs on the same one.\n"
    )
    results.write_text("\n".join([header, *sections]))
    print("wrote bench/RESULTS.md")


def replaced_sections(text: str, rerun: dict[str, str], only: str) -> str:
    """`text` with each section whose heading line starts a key of `rerun` replaced, and a dated line saying so."""
    parts = text.split("\n## ")
    kept = [parts[0].rstrip("\n") + f"\nRe-run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `--only {only}`.\n"]
    for part in parts[1:]:
        section = "## " + part
        kept.append(next((new for heading, new in rerun.items() if section.startswith(heading)), section))
    return "\n".join(kept)


def run_sections(chosen: list[tuple[str, list[str], str]]) -> list[str]:
    sections = []
    for name, arguments, title in chosen:
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
        tables = {"barraiser_eval": barraiser_table, "pairing": pairing_table}
        table = f"{tables[name](figures)}\n\n" if name in tables else ""
        if name == "redis_load":
            from bench.redis_load import markdown  # imported here: it loads the bot, which the others need not

            table = f"{markdown(figures)}\n\n"
        if name == "charts":
            from bench.charts import markdown as charts_markdown

            table = f"{charts_markdown(figures)}\n\n"
        notes = ROOT / "bench" / "notes" / f"{name}.md"  # written by hand: how a figure came about, kept across runs
        kept = f"\n{notes.read_text(encoding='utf-8')}" if notes.exists() else ""
        sections.append(f"## {title}\n\n{run}\n\n{table}```json\n{json.dumps(figures, indent=2)}\n```\n{kept}")
    return sections


if __name__ == "__main__":
    main()
