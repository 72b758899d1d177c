"""The structural review of a diagram (pure): the graph, the question's traits and what was said, in; findings out.

Each finding is a probe a bar raiser would ask about the drawing, aimed at one rubric area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.diagrams.graph import Graph
from handlers.diagrams.kinds import Kind, kinds, label, longest_sync_chain, request_path
from question_bank import Area, Phase, Question

MAX_SYNC_HOPS = 3
_REPLICA_WORDS = re.compile(
    r"\b(replica\w*|replicat\w*|redundan\w*|failover|fail over|standby|multi-az|multiple az\w*|cluster\w*|"
    r"instances|pair|ha|highly available|autoscal\w*|auto-scal\w*|horizontal\w*|active-active|active-passive|"
    r"primary|leader|quorum)\b|"
    r"\b\d+\s*x\b|\bx\s*\d+\b|\bn\s+nodes\b",
    re.IGNORECASE,
)
_RETRY_WORDS = re.compile(r"\b(retr\w*|queue\w*|outbox|idempoten\w*|write-ahead|wal|dead.letter|dlq|ack\w*)\b", re.I)
_SPOF_KINDS = (Kind.DATABASE, Kind.BALANCER, Kind.CACHE, Kind.QUEUE, Kind.SEARCH, Kind.SERVICE)
_DURABLE_TAGS = {"durability", "payments", "idempotency", "transactions", "ledger"}
_EXPECTED = (  # what the question's words ask for, and the kind of node that provides it
    (Kind.CACHE, re.compile(r"\bcach\w*", re.I)),
    (Kind.QUEUE, re.compile(r"\b(queue\w*|kafka|pub-?sub|event stream\w*|message bus)\b", re.I)),
    (Kind.CDN, re.compile(r"\bcdn\b", re.I)),
    (Kind.STORAGE, re.compile(r"\b(object stor\w*|s3|blob stor\w*)\b", re.I)),
    (Kind.SEARCH, re.compile(r"\b(inverted index|search index|elasticsearch)\b", re.I)),
    (Kind.BALANCER, re.compile(r"\bload.balanc\w*", re.I)),
)


@dataclass(frozen=True)
class Traits:
    """What the question needs, as the review reads it."""

    read_heavy: bool = False
    needs_durability: bool = False
    expected: tuple[tuple[Kind, str], ...] = ()  # (component, the key topic that asks for it)


@dataclass(frozen=True)
class Finding:
    """One structural problem, as a bar-raiser probe."""

    check: str
    probe: str
    area: Area


def traits_of(question: Question) -> Traits:
    """A question's traits, from its tags, key topics and high-level rubric."""
    tags = set(question.tags)
    topics = [*question.key_topics, *(signal.description for signal in question.phase_rubric(Phase.HIGH_LEVEL).signals)]
    expected: list[tuple[Kind, str]] = []
    for kind, pattern in _EXPECTED:
        topic = next((text for text in topics if pattern.search(text)), None)
        if topic is not None:
            expected.append((kind, topic))
    durable = bool(tags & _DURABLE_TAGS) or any(re.search(r"\bdurab", text, re.I) for text in question.key_topics)
    return Traits(read_heavy="read-heavy" in tags, needs_durability=durable, expected=tuple(expected))


def _said_about(node_label: str, kind: Kind, said: str) -> bool:
    """Whether a sentence of the label or the transcript names this node (or its kind) with replicas."""
    if _REPLICA_WORDS.search(node_label):
        return True
    names = {word.lower() for word in re.findall(r"[A-Za-z]{3,}", node_label)} | {kind.value.lower()}
    for sentence in re.split(r"(?<=[.!?\n])\s*", said):
        if _REPLICA_WORDS.search(sentence) and any(name in sentence.lower() for name in names):
            return True
    return False


def single_points(graph: Graph, said: str) -> list[Finding]:
    """Nodes alone of their kind on the request path, with nothing said about replicas."""
    roles = kinds(graph)
    path = request_path(graph, roles)
    lonely = []
    for kind in _SPOF_KINDS:
        of_kind = [node_id for node_id in path if roles[node_id] is kind]
        if len(of_kind) == 1 and not _said_about(label(graph, of_kind[0]), kind, said):
            lonely.append(label(graph, of_kind[0]))
    if not lonely:
        return []
    names = " and one ".join(lonely[:2])
    probe = (
        f"Your diagram has one {names} on the request path and nothing about replicas. What does a customer see "
        f"when {lonely[0]} goes down, and how does it fail over?"
    )
    return [Finding("single-point-of-failure", probe, Area.FAILURE)]


def sync_chain(graph: Graph) -> list[Finding]:
    """A synchronous chain of more than three calls from the user (reaching the edge or a CDN is not a call)."""
    roles = kinds(graph)
    chain = longest_sync_chain(graph, roles)
    hops = sum(1 for node_id in chain[:-1] if roles[node_id] not in (Kind.CLIENT, Kind.CDN))  # calls, not arrivals
    if hops <= MAX_SYNC_HOPS:
        return []
    names = [label(graph, node_id) for node_id in chain]
    probe = (
        f"A request goes {' → '.join(names)}: {hops} synchronous hops. What does the customer see when "
        f"{names[-1]} is slow, and which of these calls could be asynchronous?"
    )
    return [Finding("sync-chain", probe, Area.FAILURE)]


def uncached_reads(graph: Graph, traits: Traits) -> list[Finding]:
    """A read-heavy question whose request path reaches a database with no cache or CDN in front."""
    if not traits.read_heavy:
        return []
    roles = kinds(graph)
    path = request_path(graph, roles)
    databases = [node_id for node_id in path if roles[node_id] is Kind.DATABASE]
    if not databases or any(roles[node_id] in (Kind.CACHE, Kind.CDN) for node_id in path):
        return []
    db = label(graph, databases[0])
    probe = (
        f"This question is read-heavy, and every read in your diagram goes to {db} with no cache in front. "
        f"How does {db} keep up at peak, and what would you cache, with what invalidation?"
    )
    return [Finding("uncached-reads", probe, Area.CACHING)]


def fragile_writes(graph: Graph, traits: Traits, said: str) -> list[Finding]:
    """A question that needs durability, with writes going straight to a store and no queue or retry anywhere."""
    if not traits.needs_durability:
        return []
    roles = kinds(graph)
    if any(role is Kind.QUEUE for role in roles.values()) or _RETRY_WORDS.search(said):
        return []
    if any(_RETRY_WORDS.search(edge.label) for edge in graph.edges):
        return []
    stores = (Kind.DATABASE, Kind.STORAGE)
    writes = [edge for edge in graph.edges if roles[edge.target] in stores and roles[edge.source] not in stores]
    if not writes:
        return []
    writer, store = label(graph, writes[0].source), label(graph, writes[0].target)
    probe = (
        f"This question needs writes that survive failures, and {writer} writes to {store} with no queue or retry. "
        f"What happens to a write when {store} is unavailable for a minute? Is anything lost or applied twice?"
    )
    return [Finding("fragile-writes", probe, Area.IDEMPOTENCY)]


def missing_components(graph: Graph, traits: Traits) -> list[Finding]:
    """Components the question's key topics call for that no node provides."""
    present = set(kinds(graph).values())
    missing = [(kind, topic) for kind, topic in traits.expected if kind not in present]
    if not missing:
        return []
    names = " and ".join(f"{_article(kind.value)} {kind.value}" for kind, _ in missing[:3])
    probe = (
        f"The design usually needs {names} (for example: {missing[0][1]}), and your diagram has none. "
        "Where would it go, and what does it change?"
    )
    return [Finding("missing-components", probe, Area.ARCHITECTURE)]


def review(graph: Graph, traits: Traits, said: str = "") -> list[Finding]:
    """Every finding, most telling first; `said` is what the candidate wrote in the mock."""
    return [
        *single_points(graph, said),
        *sync_chain(graph),
        *uncached_reads(graph, traits),
        *fragile_writes(graph, traits, said),
        *missing_components(graph, traits),
    ]


def _article(word: str) -> str:
    return "an" if word[0].lower() in "aeio" else "a"
