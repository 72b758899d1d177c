"""A candidate's mermaid diagram in a mock thread: drawn, reviewed, and read by the bar raiser."""

from __future__ import annotations

import shutil

import pytest

from bot.app import App
from bot.clock import FakeClock
from handlers.diagrams import draw
from tests.integration.mock_harness import MockHarness, minutes

FENCED = (
    "Here is my design:\n```mermaid\nflowchart LR\n"
    "  U[User] --> LB[Load balancer] --> S[Redirect service] --> DB[(Links DB)]\n```"
)
BROKEN = "```mermaid\nflowchart LR\n  U[User] --> LB[Load balancer\n```"


def diagrams(mock: MockHarness) -> list:  # type: ignore[type-arg]
    return [reply for reply in mock.posts() if (reply.title or "").startswith("Your diagram")]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
async def test_a_fenced_diagram_is_drawn_and_reviewed_in_the_thread(app: App, clock: FakeClock) -> None:
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await mock.say(FENCED)
    [reply] = diagrams(mock)
    assert reply.image is not None and reply.image.png.startswith(b"\x89PNG")
    assert reply.image.alt_text.startswith("Architecture diagram with 4 components (User, Load balancer")
    checks = {field.name for field in reply.fields}
    assert {"Single point of failure", "Uncached reads", "Missing components"} <= checks


async def test_without_graphviz_the_diagram_is_an_outline(
    app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(draw.shutil, "which", lambda name: None)
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await mock.say(FENCED)
    [reply] = diagrams(mock)
    assert reply.image is None and reply.title == "Your diagram (as text)"
    assert "• User --> Load balancer" in reply.text


async def test_a_broken_diagram_gets_the_line_and_column(app: App, clock: FakeClock) -> None:
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await mock.say(BROKEN)
    [reply] = [reply for reply in mock.posts() if reply.title == "I could not read this diagram"]
    assert reply.text.startswith("Line 2, column 17: '[' opens a label that is never closed with ']'")
    assert "\n" + " " * 16 + "^" in reply.text


async def test_a_fence_outside_a_mock_thread_is_left_alone(app: App, clock: FakeClock) -> None:
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await mock.run("/mock end", thread=mock.thread)
    before = len(mock.chat.sent)
    await mock.say("Just chatting, no diagram")
    assert len(mock.chat.sent) == before


async def test_the_bar_raiser_asks_about_the_diagram_first(app: App, clock: FakeClock) -> None:
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener barraiser:on")
    await mock.say(FENCED)
    await mock.wait(minutes(28))  # into the deep dive, where the bar raiser interjects
    [interjection, *_] = [reply for reply in mock.posts() if reply.title == "Bar raiser"]
    assert "Links DB" in interjection.text and "replicas" in interjection.text
    asked = await mock.run("/barraiser", thread=mock.thread)
    assert "Links DB" not in asked.last.text.split("\n")[0]  # a probe is not asked twice


async def test_the_scorecard_cites_the_diagram(app: App, clock: FakeClock) -> None:
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await mock.say("We shorten links and redirect with a 301, and cache hot codes in Redis.")
    await mock.say(FENCED)
    card = (await mock.run("/barraiser scorecard", thread=mock.thread)).last
    [high_level] = [field for field in card.fields if field.name.startswith("High-level design")]
    assert "Diagram: 4 nodes, 3 edges" in high_level.value


async def test_the_diagram_form_draws_in_the_mock_thread(app: App, clock: FakeClock) -> None:
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    opened = await mock.run("/diagram", thread=mock.thread)
    [form] = opened.forms
    assert form.fields[0].multiline and str(form.action).startswith("diagram:draw:")
    submitted = await mock.submit(str(form.action), {"source": "flowchart TD\n  A[User] --> B[(DB)]"})
    assert submitted.last.ephemeral
    [reply] = diagrams(mock)
    assert reply.fields  # reviewed too


async def test_the_diagram_command_outside_a_mock_says_where_to_use_it(app: App, clock: FakeClock) -> None:
    mock = MockHarness(app, clock)
    answered = await mock.run("/diagram")
    assert "inside a mock's thread" in answered.last.text and not answered.forms


async def test_labels_echoed_back_ping_no_one(app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draw.shutil, "which", lambda name: None)  # the outline echoes every label
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await mock.say("```mermaid\nflowchart LR\n  A[<!channel> @everyone] --> B[(DB)]\n```")
    [reply] = diagrams(mock)
    shown = reply.text + "".join(field.value for field in reply.fields)
    assert "<!channel>" not in shown and "@everyone" not in shown
