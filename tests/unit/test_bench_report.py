"""`make bench`'s report: re-running some benchmarks replaces their sections and keeps the others."""

from __future__ import annotations

from bench.report import replaced_sections

RESULTS = (
    "# Benchmark results\n\nWritten on day 1.\n\n"
    "## Timers\n\nold timers\n\n### a note\n\nkept note\n\n"
    "## Ack\n\nold ack\n"
)


def test_only_the_rerun_sections_change_and_the_header_says_when() -> None:
    updated = replaced_sections(RESULTS, {"## Timers\n": "## Timers\n\nnew timers\n"}, "timers")
    assert "old timers" not in updated
    assert "kept note" not in updated  # a section's notes are part of it: the re-run writes them again
    assert "new timers" in updated
    assert "## Ack\n\nold ack" in updated
    assert updated.startswith("# Benchmark results\n\nWritten on day 1.\nRe-run on ")
    assert "with `--only timers`" in updated
