"""The mermaid flowchart parser against diagrams people paste, and broken ones with the line and column."""

from __future__ import annotations

import pytest

from handlers.diagrams.fences import mermaid_blocks, opens_fence
from handlers.diagrams.graph import MAX_NODES, DiagramError, Direction, EdgeStyle, Shape
from handlers.diagrams.parse import parse

# (diagram, nodes, edges)
GOOD = [
    ("flowchart TD\n  A --> B", 2, 1),
    ("graph LR\nA-->B", 2, 1),
    ("flowchart\nA --> B", 2, 1),
    ("FLOWCHART RL\nA --> B", 2, 1),
    ("graph BT\n  A[Start] --> B(Next) --> C((End))", 3, 2),
    ("flowchart TB\n  A --- B", 2, 1),
    ("flowchart TD\n  A -.-> B", 2, 1),
    ("flowchart TD\n  A ==> B", 2, 1),
    ("flowchart TD\n  A -- reads --> B", 2, 1),
    ("flowchart TD\n  A -->|reads| B", 2, 1),
    ("flowchart TD\n  A -. async .-> B", 2, 1),
    ("flowchart TD\n  A == hot path ==> B", 2, 1),
    ("flowchart TD\n  A -- link --- B", 2, 1),
    ("flowchart TD\n  A --> B & C & D", 4, 3),
    ("flowchart TD\n  A & B --> C & D", 4, 4),
    ("flowchart TD\n  A{Is it cached?} -->|yes| B\n  A -->|no| C[(DB)]", 3, 2),
    ("flowchart TD\n  %% a comment\n  A --> B\n  %% another", 2, 1),
    ("flowchart TD\n  A --> B; B --> C;", 3, 2),
    ("flowchart TD\n  A[[Subroutine]] --> B>Asymmetric]", 2, 1),
    ("flowchart TD\n  A([Stadium]) --> B{{Hexagon}}", 2, 1),
    ('flowchart TD\n  A["Quoted (with) brackets"] --> B', 2, 1),
    ("flowchart TD\n  A[Line one<br/>line two] --> B", 2, 1),
    ("flowchart TD\n  subgraph api [API tier]\n    A --> B\n  end\n  B --> C", 3, 2),
    ("flowchart TD\n  subgraph Data stores\n    D[(Orders)]\n  end", 1, 0),
    ("flowchart TD\n  subgraph outer\n    subgraph inner\n      A\n    end\n    B\n  end\n  A --> B", 2, 1),
    ("flowchart TD\n  A:::hot --> B\n  classDef hot fill:#f96\n  style B fill:#bbf", 2, 1),
    ("flowchart TD\n  A-->B-->C-->D-->E", 5, 4),
    ("flowchart TD\n  A --o B\n  B --x C", 3, 2),
    ("flowchart TD\n  A ---> B\n  B ----> C", 3, 2),
    (
        "flowchart LR\n  client[Client] -->|HTTPS| lb{{LB}}\n"
        "  lb --> svc1[Svc] & svc2[Svc]\n  svc1 & svc2 --> db[(DB)]",
        5,
        5,
    ),
    ("\n\n%% leading comment\nflowchart TD\nA", 1, 0),
]

# (diagram, line, column, words in the problem)
BROKEN = [
    ("", 1, 1, "empty"),
    ("sequenceDiagram\n  A->>B: hi", 1, 1, "starts with"),
    ("flowchart XY\nA --> B", 1, 1, "starts with"),
    ("flowchart TD\n  A[unclosed --> B", 2, 4, "never closed"),
    ("flowchart TD\n  A --> B(oops", 2, 10, "never closed"),
    ("flowchart TD\n  A --> ", 2, 5, "no node"),
    ("flowchart TD\n  A -> B", 2, 5, "expected an edge"),
    ("flowchart TD\n  A -- B", 2, 5, "expected an edge"),
    ("flowchart TD\n  A --> B\n  end", 3, 3, "without a subgraph"),
    ("flowchart TD\n  subgraph one\n    A --> B", 2, 3, "never closed"),
    ("flowchart TD\n  A --> B ]", 2, 11, "found ']'"),
    ("flowchart TD\n  --> B", 2, 3, "expected a node id"),
    ('flowchart TD\n  A --> B\n  C["never closed] --> D', 3, 5, "quoted label"),
    ("flowchart TD\n  A --> B & ", 2, 12, "expected a node id"),
    ("flowchart TD\n  subgraph\n  end", 2, 11, "needs an id or a title"),
    ("flowchart TD\n%% only a comment", 1, 1, "no nodes"),
]


@pytest.mark.parametrize(("source", "nodes", "edges"), GOOD)
def test_a_diagram_people_paste_parses(source: str, nodes: int, edges: int) -> None:
    graph = parse(source)
    assert (len(graph.nodes), len(graph.edges)) == (nodes, edges)


@pytest.mark.parametrize(("source", "line", "column", "words"), BROKEN)
def test_a_broken_diagram_says_where(source: str, line: int, column: int, words: str) -> None:
    with pytest.raises(DiagramError) as raised:
        parse(source)
    assert (raised.value.line, raised.value.column) == (line, column), str(raised.value)
    assert words in raised.value.problem
    assert str(raised.value).startswith(f"line {line}, column {column}: ")


def test_there_are_at_least_thirty_test_diagrams() -> None:
    assert len(GOOD) + len(BROKEN) >= 30


def test_shapes_and_labels_are_read() -> None:
    graph = parse(
        "flowchart LR\n A[Box] --> B(Round) --> C((Circle)) --> D{Decision}\n"
        " D --> E[(Database)] --> F[[Subroutine]] --> G>Flag] --> H([Stadium]) --> I{{Hex}}"
    )
    assert [(node.label, node.shape) for node in graph.nodes] == [
        ("Box", Shape.BOX), ("Round", Shape.ROUND), ("Circle", Shape.CIRCLE), ("Decision", Shape.DECISION),
        ("Database", Shape.DATABASE), ("Subroutine", Shape.SUBROUTINE), ("Flag", Shape.ASYMMETRIC),
        ("Stadium", Shape.STADIUM), ("Hex", Shape.HEXAGON),
    ]  # fmt: skip
    assert graph.direction is Direction.LR


def test_edge_styles_and_labels_are_read() -> None:
    graph = parse("flowchart TD\n A -->|one| B\n B -- two --- C\n C -. three .-> D\n D == four ==> E")
    assert [(edge.style, edge.label) for edge in graph.edges] == [
        (EdgeStyle.ARROW, "one"), (EdgeStyle.LINE, "two"), (EdgeStyle.DOTTED, "three"), (EdgeStyle.THICK, "four"),
    ]  # fmt: skip


def test_a_later_label_renames_a_node_and_a_bare_reference_keeps_it() -> None:
    graph = parse("flowchart TD\n A --> B\n A[API] --> C\n A --> D")
    assert graph.node("A").label == "API"


def test_subgraphs_hold_the_nodes_first_named_in_them() -> None:
    graph = parse(
        "flowchart TD\n subgraph core [Core services]\n  A --> B\n  subgraph data\n   C[(DB)]\n  end\n end\n B --> C"
    )
    by_id = {sub.id: sub for sub in graph.subgraphs}
    assert by_id["core"].title == "Core services" and by_id["core"].node_ids == ("A", "B")
    assert by_id["data"].parent == "core" and by_id["data"].node_ids == ("C",)


def test_too_many_nodes_is_refused_at_the_node() -> None:
    lines = "\n".join(f" N{number} --> M{number}" for number in range(MAX_NODES))
    with pytest.raises(DiagramError, match="more than"):
        parse("flowchart TD\n" + lines)


def test_mermaid_fences_are_found_in_a_message() -> None:
    text = "Here is mine:\n```mermaid\nflowchart TD\n A --> B\n```\nand some code\n```py\nx = 1\n```"
    assert mermaid_blocks(text) == ["flowchart TD\n A --> B\n"]
    assert mermaid_blocks("```\nflowchart TD\nA-->B\n```") == ["flowchart TD\nA-->B\n"]  # untagged flowchart
    assert mermaid_blocks("```py\nflowchart = 1\n```") == []


def test_a_slack_fence_without_line_breaks_or_tag_is_found() -> None:
    assert mermaid_blocks("mine: ```flowchart LR\nA --> B```") == ["flowchart LR\nA --> B"]
    assert mermaid_blocks("```mermaid flowchart LR\nA --> B```") == [" flowchart LR\nA --> B"]


def test_an_open_fence_asks_for_more_lines() -> None:
    assert opens_fence("```mermaid")
    assert not opens_fence("```mermaid\nflowchart TD\n```")
    assert not opens_fence("plain text")
