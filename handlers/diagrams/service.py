"""A mock's diagram: read it, draw it, review it, and keep what the bar raiser needs (per mock, in Redis)."""

from __future__ import annotations

from bot.chat import Image, Reply, ReplyField, UserRef
from bot.context import Services
from bot.user_text import defuse_mentions, trimmed
from handlers import transcripts
from handlers.barraiser.drawings import save_diagram
from handlers.barraiser.models import DiagramNote, ProbeOut
from handlers.diagrams.draw import draw_png
from handlers.diagrams.graph import DiagramError, Graph
from handlers.diagrams.parse import parse
from handlers.diagrams.render import alt_text, outline, to_dot
from handlers.diagrams.review import Finding, review, traits_of
from handlers.mock.session import MockSession

MERMAID_HINT = (
    "Paste a fenced mermaid flowchart, for example:\n```mermaid\nflowchart LR\n  U[User] --> API[API] --> DB[(DB)]\n```"
)


QUOTED_COLUMNS = 80


def error_reply(source: str, error: DiagramError) -> Reply:
    """Where the diagram went wrong: the line with a caret under the column."""
    lines = source.splitlines()
    line = lines[error.line - 1] if 0 < error.line <= len(lines) else ""
    start = max(0, error.column - 1 - QUOTED_COLUMNS // 2)  # a long line is quoted around the problem only
    lead, tail = ("…" if start else ""), ("…" if start + QUOTED_COLUMNS < len(line) else "")
    shown = lead + line[start : start + QUOTED_COLUMNS] + tail
    shown = defuse_mentions(shown.replace("`", "'"))  # the candidate's own line, echoed: it pings no one
    caret = " " * (len(lead) + error.column - 1 - start)
    pointer = f"```\n{shown}\n{caret}^\n```" if line else ""
    problem = trimmed(error.problem, 200)
    return Reply(
        title="I could not read this diagram",
        text=defuse_mentions(f"Line {error.line}, column {error.column}: {problem}\n{pointer}"),
        footer="Fix that line and post the diagram again (or use /diagram).",
    )


def diagram_reply(graph: Graph, findings: list[Finding], png: bytes | None, *, author: UserRef | None = None) -> Reply:
    """The drawing (or, when it cannot be drawn, its outline in words) with the structural review.

    Images travel as `Reply.image`, the attachment every platform adapter sends (Discord file, Slack upload,
    a file on the console); this is the one place the diagrams feature builds one. It is the `author`'s data:
    /forget-me deletes the files kept of it."""
    review_fields = tuple(
        ReplyField(finding.check.replace("-", " ").capitalize(), finding.probe) for finding in findings
    )
    summary = f"{len(graph.nodes)} components, {len(graph.edges)} connections."
    verdict = "The bar raiser will ask about these." if findings else "No structural gaps stand out."
    if png is None:
        text = defuse_mentions(f"{outline(graph)}\n\n{verdict}")
        return Reply(title="Your diagram (as text)", text=text, fields=review_fields)
    alt = defuse_mentions(alt_text(graph))
    image = Image(png=png, filename="diagram.png", alt_text=alt, text_line=summary, owner=author)
    return Reply(title="Your diagram", text=f"{summary} {verdict}", fields=review_fields, image=image)


async def _said(services: Services, session: MockSession) -> str:
    """What the candidate (or, with no candidate set, anyone) wrote in the mock so far."""
    candidate = session.candidate.id if session.candidate else None
    entries = await transcripts.load(services.store, session.scope, session.thread_id)
    return "\n".join(entry["t"] for entry in entries if candidate is None or entry["u"] == candidate)


async def study(services: Services, session: MockSession, source: str, author: UserRef | None = None) -> Reply:
    """Read, draw and review one diagram for a mock; a diagram that cannot be read gets its line and column."""
    try:
        graph = parse(source)
    except DiagramError as error:
        return error_reply(source, error)
    question = services.bank.get(session.question_id)
    traits = traits_of(question) if question is not None else None
    findings = review(graph, traits, await _said(services, session)) if traits is not None else []
    png = await draw_png(to_dot(graph))
    await save_diagram(
        services.store, session, DiagramNote(outline(graph), tuple(_probe(finding) for finding in findings))
    )
    return diagram_reply(graph, findings, png, author=author)


def _probe(finding: Finding) -> ProbeOut:
    return ProbeOut(text=finding.probe, targets=[finding.area.value, f"diagram: {finding.check}"])
