"""The mermaid flowchart subset people paste (pure): header, nodes, edges, chains, `&`, subgraphs, comments.

Every problem raises `DiagramError` with the line and column (from 1) where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handlers.diagrams.graph import (
    MAX_EDGES,
    MAX_NODES,
    MAX_SOURCE_CHARS,
    DiagramError,
    Direction,
    Edge,
    EdgeStyle,
    Graph,
    Node,
    Shape,
    Subgraph,
)

_HEADER = re.compile(r"^(flowchart|graph)(?:\s+(TD|TB|LR|RL|BT))?\s*;?\s*$", re.IGNORECASE)
_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_]*")
_IGNORED = re.compile(r"^(classDef|class|style|linkStyle|click|direction)\b")
_SUBGRAPH = re.compile(r"^subgraph\b\s*(.*)$")
_SUBGRAPH_ID_TITLE = re.compile(r"^([A-Za-z0-9_]+)\s*\[(.*)\]$")
_CLASS_SUFFIX = re.compile(r":::[A-Za-z0-9_-]+")
# (opener, closer, shape), longest openers first so `[(` is not read as `[`
_SHAPES = (
    ("[(", ")]", Shape.DATABASE),
    ("[[", "]]", Shape.SUBROUTINE),
    ("((", "))", Shape.CIRCLE),
    ("([", "])", Shape.STADIUM),
    ("{{", "}}", Shape.HEXAGON),
    ("[", "]", Shape.BOX),
    ("(", ")", Shape.ROUND),
    ("{", "}", Shape.DECISION),
    (">", "]", Shape.ASYMMETRIC),
)
_LABELLED_EDGES = (  # `-- text -->` and friends: the text sits between the two halves of the edge
    (re.compile(r"--(?![->.])\s*([^|]+?)\s*(-{2,}>)"), EdgeStyle.ARROW),
    (re.compile(r"--(?![->.])\s*([^|]+?)\s*(-{3,})(?!>)"), EdgeStyle.LINE),
    (re.compile(r"-\.(?!-)\s*([^|]+?)\s*(\.-+>)"), EdgeStyle.DOTTED),
    (re.compile(r"==(?![=>])\s*([^|]+?)\s*(={2,}>)"), EdgeStyle.THICK),
)
_PLAIN_EDGES = (
    (re.compile(r"<?-{2,}[>ox]"), EdgeStyle.ARROW),
    (re.compile(r"<?-\.+-[>ox]?"), EdgeStyle.DOTTED),
    (re.compile(r"<?={2,}[>ox]|={3,}"), EdgeStyle.THICK),
    (re.compile(r"-{3,}"), EdgeStyle.LINE),
)
_PIPE_LABEL = re.compile(r"\|([^|]*)\|")


@dataclass
class _Open:
    id: str
    title: str
    line: int
    column: int
    parent: str | None
    node_ids: list[str] = field(default_factory=list)


@dataclass
class _Builder:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    subgraphs: list[Subgraph] = field(default_factory=list)
    open: list[_Open] = field(default_factory=list)
    placed: set[str] = field(default_factory=set)  # nodes already inside a subgraph
    line: int = 0

    def node(self, node_id: str, label: str | None, shape: Shape | None, column: int) -> None:
        known = self.nodes.get(node_id)
        if known is None:
            if len(self.nodes) >= MAX_NODES:
                raise DiagramError(self.line, column, f"more than {MAX_NODES} nodes; split the diagram")
            self.nodes[node_id] = Node(node_id, label if label is not None else node_id, shape or Shape.BOX)
        elif label is not None:  # a later definition restyles the node, as mermaid does
            self.nodes[node_id] = Node(node_id, label, shape or known.shape)
        if self.open and node_id not in self.placed:  # the first subgraph that names a node holds it
            self.open[-1].node_ids.append(node_id)
            self.placed.add(node_id)

    def edge(self, edge: Edge, column: int) -> None:
        if len(self.edges) >= MAX_EDGES:
            raise DiagramError(self.line, column, f"more than {MAX_EDGES} edges; split the diagram")
        self.edges.append(edge)


def _clean_label(raw: str) -> str:
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE).strip()


class _Line:
    """A cursor over one statement, with 1-based columns for errors."""

    def __init__(self, text: str, number: int, start: int) -> None:
        self.text, self.number, self.pos, self.start = text, number, 0, start

    def error(self, problem: str, at: int | None = None) -> DiagramError:
        return DiagramError(self.number, self.start + (self.pos if at is None else at) + 1, problem)

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    @property
    def done(self) -> bool:
        return self.pos >= len(self.text)

    def shape(self) -> tuple[str | None, Shape | None]:
        rest = self.text[self.pos :]
        for opener, closer, shape in _SHAPES:
            if not rest.startswith(opener):
                continue
            at = self.pos
            body_start = self.pos + len(opener)
            if self.text[body_start : body_start + 1] == '"':
                quote_end = self.text.find('"', body_start + 1)
                if quote_end < 0:
                    raise self.error("this quoted label is never closed with '\"'", body_start)
                end = self.text.find(closer, quote_end + 1)
            else:
                end = self.text.find(closer, body_start)
            if end < 0:
                raise self.error(f"'{opener}' opens a label that is never closed with '{closer}'", at)
            self.pos = end + len(closer)
            return _clean_label(self.text[body_start:end]), shape
        return None, None

    def node(self) -> tuple[str, str | None, Shape | None, int]:
        self.skip_space()
        found = _ID.match(self.text, self.pos)
        if found is None:
            shown = self.text[self.pos] if not self.done else "the end of the line"
            raise self.error(f"expected a node id (letters, digits, _), found {shown!r}")
        column = self.pos
        self.pos = found.end()
        label, shape = self.shape()
        suffix = _CLASS_SUFFIX.match(self.text, self.pos)
        if suffix is not None:
            self.pos = suffix.end()
        return found.group(), label, shape, column

    def edge(self) -> tuple[EdgeStyle, str] | None:
        self.skip_space()
        if self.done:
            return None
        for pattern, style in _LABELLED_EDGES:
            found = pattern.match(self.text, self.pos)
            if found is not None:
                self.pos = found.end()
                return style, _clean_label(found.group(1))
        for pattern, style in _PLAIN_EDGES:
            found = pattern.match(self.text, self.pos)
            if found is not None:
                self.pos = found.end()
                label = _PIPE_LABEL.match(self.text, self.pos)
                if label is not None:
                    self.pos = label.end()
                return style, _clean_label(label.group(1)) if label else ""
        raise self.error(f"expected an edge such as '-->', '---', '-.->' or '==>', found {self.text[self.pos]!r}")


def _group(cursor: _Line, builder: _Builder) -> list[str]:
    """`A` or `A & B & C`, declaring each node."""
    ids: list[str] = []
    while True:
        node_id, label, shape, column = cursor.node()
        builder.node(node_id, label, shape, cursor.start + column + 1)
        ids.append(node_id)
        cursor.skip_space()
        if cursor.text[cursor.pos : cursor.pos + 1] != "&":
            return ids
        cursor.pos += 1


def _chain(cursor: _Line, builder: _Builder) -> None:
    sources = _group(cursor, builder)
    cursor.skip_space()
    column = cursor.pos
    while (found := cursor.edge()) is not None:
        style, label = found
        cursor.skip_space()
        if cursor.done:
            raise cursor.error("this edge has no node at its end", column)
        targets = _group(cursor, builder)
        for source in sources:
            for target in targets:
                builder.edge(Edge(source, target, style, label), cursor.start + column + 1)
        sources = targets
        cursor.skip_space()
        column = cursor.pos


def _subgraph(rest: str, builder: _Builder, column: int) -> None:
    rest = rest.strip()
    with_title = _SUBGRAPH_ID_TITLE.match(rest)
    if with_title is not None:
        sub_id, title = with_title.group(1), _clean_label(with_title.group(2))
    elif _ID.fullmatch(rest):
        sub_id = title = rest
    elif rest:
        title = _clean_label(rest)
        sub_id = re.sub(r"\W+", "_", title).strip("_") or f"group{len(builder.subgraphs) + 1}"
    else:
        raise DiagramError(builder.line, column + len("subgraph") + 1, "a subgraph needs an id or a title")
    parent = builder.open[-1].id if builder.open else None
    builder.open.append(_Open(sub_id, title, builder.line, column + 1, parent))


def _statement(text: str, start: int, builder: _Builder) -> None:
    if _IGNORED.match(text):
        return  # styling and interaction lines change nothing the bot reads
    if text == "end":
        if not builder.open:
            raise DiagramError(builder.line, start + 1, "'end' without a subgraph to close")
        done = builder.open.pop()
        builder.subgraphs.append(Subgraph(done.id, done.title, tuple(done.node_ids), done.parent))
        return
    opened = _SUBGRAPH.match(text)
    if opened is not None:
        _subgraph(opened.group(1), builder, start)
        return
    cursor = _Line(text, builder.line, start)
    _chain(cursor, builder)
    cursor.skip_space()
    if not cursor.done:
        raise cursor.error(f"unexpected {cursor.text[cursor.pos]!r} after the statement")


def _header(lines: list[str]) -> tuple[Direction, int]:
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("%%"):
            continue
        header = _HEADER.match(text)
        if header is None:
            column = len(raw) - len(raw.lstrip()) + 1
            raise DiagramError(
                number, column, "a flowchart starts with 'flowchart TD' or 'graph LR' (TD, TB, LR, RL, BT)"
            )
        return Direction((header.group(2) or "TD").upper()), number
    raise DiagramError(1, 1, "the diagram is empty; start with 'flowchart TD'")


def parse(source: str) -> Graph:
    """The flowchart in `source`, or `DiagramError` at the first problem."""
    if len(source) > MAX_SOURCE_CHARS:
        raise DiagramError(1, 1, f"the diagram is longer than {MAX_SOURCE_CHARS} characters")
    lines = source.splitlines()
    direction, header_line = _header(lines)
    builder = _Builder()
    for number in range(header_line + 1, len(lines) + 1):
        raw = lines[number - 1]
        builder.line = number
        offset = 0
        for piece in raw.split(";"):  # `;` ends a statement too
            text = piece.strip()
            start = offset + len(piece) - len(piece.lstrip())
            offset += len(piece) + 1
            if text and not text.startswith("%%"):
                _statement(text, start, builder)
            elif text.startswith("%%"):
                break
    if builder.open:
        unclosed = builder.open[-1]
        raise DiagramError(unclosed.line, unclosed.column, f"subgraph '{unclosed.title}' is never closed with 'end'")
    if not builder.nodes:
        raise DiagramError(header_line, 1, "the flowchart has no nodes")
    return Graph(direction, tuple(builder.nodes.values()), tuple(builder.edges), tuple(builder.subgraphs))
