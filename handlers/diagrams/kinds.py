"""What each node of a diagram is (client, service, database, cache, queue, ...) and the request path (pure)."""

from __future__ import annotations

import re
from collections import deque
from enum import StrEnum

from handlers.diagrams.graph import Edge, EdgeStyle, Graph, Node, Shape


class Kind(StrEnum):
    """The role a node plays, read from its label, id and shape."""

    CLIENT = "client"
    BALANCER = "load balancer"
    CDN = "CDN"
    CACHE = "cache"
    QUEUE = "queue"
    DATABASE = "database"
    STORAGE = "object storage"
    SEARCH = "search index"
    SERVICE = "service"
    OTHER = "component"


# First match wins: a "Redis cache" is a cache, a "User DB" a database, a "User service" a service, "User" a client.
_WORDS: tuple[tuple[Kind, str], ...] = (
    (Kind.CDN, r"cdn|cloudfront|edge cache"),
    (Kind.CACHE, r"cache|redis|memcache\w*|elasticache"),
    (Kind.QUEUE, r"queue|kafka|sqs|sns|kinesis|stream|pub ?sub|event bus|topic|rabbit\w*|broker|outbox"),
    (Kind.STORAGE, r"s3|blob|object stor\w*|bucket|file stor\w*"),
    (Kind.SEARCH, r"elasticsearch|opensearch|solr|search index|inverted index"),
    (
        Kind.DATABASE,
        r"db|database|sql|postgres\w*|mysql|dynamo\w*|cassandra|mongo\w*|aurora|rds|datastore|ledger|"
        r"table|store|kv",
    ),
    (Kind.BALANCER, r"load ?balancer|lb|alb|elb|nlb|gateway|api gw|nginx|proxy|ingress|router"),
    (Kind.SERVICE, r"service|svc|api|server|backend|worker|lambda|handler|processor|consumer|producer|engine"),
    (Kind.CLIENT, r"client|user|browser|mobile|web app|customer|frontend|phone|player|device|app"),
)
_PATTERNS = [(kind, re.compile(rf"\b(?:{words})s?\b", re.IGNORECASE)) for kind, words in _WORDS]
ASYNC_WORDS = re.compile(r"\b(async\w*|event\w*|publish\w*|enqueue\w*|emit\w*|fire and forget)\b", re.IGNORECASE)


def kind_of(node: Node) -> Kind:
    """The node's role; a cylinder is a database unless its words say otherwise."""
    text = f"{node.label} {node.id.replace('_', ' ')}"
    for kind, pattern in _PATTERNS:
        if pattern.search(text):
            return kind
    return Kind.DATABASE if node.shape is Shape.DATABASE else Kind.OTHER


def kinds(graph: Graph) -> dict[str, Kind]:
    """Every node's role, by id."""
    return {node.id: kind_of(node) for node in graph.nodes}


def is_async(edge: Edge, roles: dict[str, Kind]) -> bool:
    """A dotted edge, one labelled as an event, or one into or out of a queue does not wait for an answer."""
    if edge.style is EdgeStyle.DOTTED or ASYNC_WORDS.search(edge.label):
        return True
    return Kind.QUEUE in (roles[edge.source], roles[edge.target])


def entries(graph: Graph, roles: dict[str, Kind]) -> list[str]:
    """Where requests start: the clients, else the nodes nothing points at."""
    clients = [node.id for node in graph.nodes if roles[node.id] is Kind.CLIENT]
    if clients:
        return clients
    pointed_at = {edge.target for edge in graph.edges}
    return [node.id for node in graph.nodes if node.id not in pointed_at]


def request_path(graph: Graph, roles: dict[str, Kind]) -> set[str]:
    """Nodes a request reaches synchronously from an entry (not across queues or async edges)."""
    seen = set(entries(graph, roles))
    todo = deque(seen)
    while todo:
        here = todo.popleft()
        for edge in graph.edges:
            if edge.source == here and edge.target not in seen and not is_async(edge, roles):
                seen.add(edge.target)
                todo.append(edge.target)
    return seen


def longest_sync_chain(graph: Graph, roles: dict[str, Kind], limit: int = 12) -> list[str]:
    """The longest chain of synchronous calls from an entry (node ids, without cycles)."""
    best: list[str] = []

    def walk(path: list[str]) -> None:
        nonlocal best
        if len(path) > len(best):
            best = list(path)
        if len(path) > limit:
            return
        for edge in graph.edges:
            if edge.source == path[-1] and edge.target not in path and not is_async(edge, roles):
                walk([*path, edge.target])

    for entry in entries(graph, roles):
        walk([entry])
    return best


def label(graph: Graph, node_id: str) -> str:
    """A node's label on one line."""
    return graph.node(node_id).label.replace("\n", " ")
