"""A parsed flowchart (pure): nodes with shapes, edges with styles, subgraphs, and the parse error."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_NODES = 80
MAX_EDGES = 160
MAX_SOURCE_CHARS = 6000


class Direction(StrEnum):
    """Which way the flowchart reads (TD and TB are the same)."""

    TB = "TB"
    TD = "TD"
    LR = "LR"
    RL = "RL"
    BT = "BT"


class Shape(StrEnum):
    """A node's shape, as mermaid writes it."""

    BOX = "box"  # A[label]
    ROUND = "round"  # A(label)
    STADIUM = "stadium"  # A([label])
    CIRCLE = "circle"  # A((label))
    DECISION = "decision"  # A{label}
    HEXAGON = "hexagon"  # A{{label}}
    DATABASE = "database"  # A[(label)]
    SUBROUTINE = "subroutine"  # A[[label]]
    ASYMMETRIC = "asymmetric"  # A>label]


class EdgeStyle(StrEnum):
    """How an edge is drawn: an arrow, a plain line, dotted (often async) or thick."""

    ARROW = "arrow"  # -->
    LINE = "line"  # ---
    DOTTED = "dotted"  # -.->
    THICK = "thick"  # ==>


@dataclass(frozen=True)
class Node:
    """A node: its id, the label shown, and its shape."""

    id: str
    label: str
    shape: Shape = Shape.BOX


@dataclass(frozen=True)
class Edge:
    """A connection from `source` to `target` (a plain line has no direction, but is kept in writing order)."""

    source: str
    target: str
    style: EdgeStyle = EdgeStyle.ARROW
    label: str = ""

    @property
    def directed(self) -> bool:
        """Whether the edge ends in an arrowhead."""
        return self.style is not EdgeStyle.LINE


@dataclass(frozen=True)
class Subgraph:
    """A titled group of nodes; `parent` is the enclosing subgraph's id, if any."""

    id: str
    title: str
    node_ids: tuple[str, ...]
    parent: str | None = None


@dataclass(frozen=True)
class Graph:
    """A whole flowchart."""

    direction: Direction
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    subgraphs: tuple[Subgraph, ...] = ()

    def node(self, node_id: str) -> Node:
        """The node with this id (every edge end is a node)."""
        return next(node for node in self.nodes if node.id == node_id)


class DiagramError(ValueError):
    """A diagram that cannot be read, with the line and column (both from 1) of the problem."""

    def __init__(self, line: int, column: int, problem: str) -> None:
        super().__init__(f"line {line}, column {column}: {problem}")
        self.line = line
        self.column = column
        self.problem = problem
