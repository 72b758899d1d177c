"""A parsed flowchart as Graphviz DOT source and as a text outline (pure).

Node ids in the DOT source are generated (n0, n1, ...) and every label is quoted and escaped,
so nothing a candidate types can become a Graphviz attribute or statement.
"""

from __future__ import annotations

from handlers.diagrams.graph import Direction, EdgeStyle, Graph, Shape, Subgraph

_RANKDIR = {Direction.TB: "TB", Direction.TD: "TB", Direction.LR: "LR", Direction.RL: "RL", Direction.BT: "BT"}
_SHAPE_ATTRS = {
    Shape.BOX: "shape=box",
    Shape.ROUND: 'shape=box, style="rounded,filled"',
    Shape.STADIUM: 'shape=box, style="rounded,filled"',
    Shape.CIRCLE: "shape=circle",
    Shape.DECISION: "shape=diamond",
    Shape.HEXAGON: "shape=hexagon",
    Shape.DATABASE: "shape=cylinder",
    Shape.SUBROUTINE: "shape=box, peripheries=2",
    Shape.ASYMMETRIC: "shape=cds",
}
_EDGE_ATTRS = {
    EdgeStyle.ARROW: "",
    EdgeStyle.LINE: "arrowhead=none",
    EdgeStyle.DOTTED: "style=dashed",
    EdgeStyle.THICK: "penwidth=2.5",
}
# Dark text on a light card: readable on Slack's and Discord's dark and light themes alike.
_HEADER = (
    'bgcolor="white"; pad=0.2; size="12,12"; fontname="DejaVu Sans";\n'
    '  node [fontname="DejaVu Sans", fontsize=12, style=filled, fillcolor="#eef3fb", color="#2f4b7c"];\n'
    '  edge [fontname="DejaVu Sans", fontsize=10, color="#333333"];'
)


def quoted(text: str) -> str:
    """A DOT string literal: backslashes and quotes escaped, line breaks kept as centred lines."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
    return '"' + escaped.replace("\n", "\\n") + '"'


def _cluster(sub: Subgraph, graph: Graph, names: dict[str, str], index: dict[str, int], depth: int) -> list[str]:
    pad = "  " * depth
    lines = [f"{pad}subgraph cluster_{index[sub.id]} {{", f'{pad}  label={quoted(sub.title)}; style="rounded";']
    lines += [f"{pad}  {names[node_id]};" for node_id in sub.node_ids]
    for child in graph.subgraphs:
        if child.parent == sub.id:
            lines += _cluster(child, graph, names, index, depth + 1)
    return [*lines, f"{pad}}}"]


def to_dot(graph: Graph) -> str:
    """DOT source for `dot -Tpng`."""
    names = {node.id: f"n{number}" for number, node in enumerate(graph.nodes)}
    lines = ["digraph diagram {", f"  rankdir={_RANKDIR[graph.direction]}; {_HEADER}"]
    for node in graph.nodes:
        lines.append(f"  {names[node.id]} [label={quoted(node.label)}, {_SHAPE_ATTRS[node.shape]}];")
    index = {sub.id: number for number, sub in enumerate(graph.subgraphs)}
    for sub in graph.subgraphs:
        if sub.parent is None:
            lines += _cluster(sub, graph, names, index, 1)
    for edge in graph.edges:
        attrs = [
            attr for attr in (_EDGE_ATTRS[edge.style], f"label={quoted(edge.label)}" if edge.label else "") if attr
        ]
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {names[edge.source]} -> {names[edge.target]}{suffix};")
    return "\n".join([*lines, "}"]) + "\n"


_ARROWS = {EdgeStyle.ARROW: "-->", EdgeStyle.LINE: "---", EdgeStyle.DOTTED: "-.->", EdgeStyle.THICK: "==>"}


def _name(graph: Graph, node_id: str) -> str:
    return graph.node(node_id).label.replace("\n", " ")


def outline(graph: Graph, limit: int = 40) -> str:
    """The diagram in words, one edge a line (what is shown when no picture can be drawn)."""
    lines = [f"{len(graph.nodes)} nodes, {len(graph.edges)} edges:"]
    for edge in graph.edges[:limit]:
        label = f" ({edge.label})" if edge.label else ""
        lines.append(f"• {_name(graph, edge.source)} {_ARROWS[edge.style]} {_name(graph, edge.target)}{label}")
    if len(graph.edges) > limit:
        lines.append(f"… and {len(graph.edges) - limit} more edges")
    connected = {edge.source for edge in graph.edges} | {edge.target for edge in graph.edges}
    alone = [_name(graph, node.id) for node in graph.nodes if node.id not in connected]
    if alone:
        lines.append("Not connected: " + ", ".join(alone))
    for sub in graph.subgraphs:
        lines.append(f"Group {sub.title}: " + ", ".join(_name(graph, node_id) for node_id in sub.node_ids))
    return "\n".join(lines)


def alt_text(graph: Graph) -> str:
    """A one-sentence description for screen readers (Slack alt_text, Discord description)."""
    names = ", ".join(_name(graph, node.id) for node in graph.nodes[:12])
    more = f" and {len(graph.nodes) - 12} more" if len(graph.nodes) > 12 else ""
    return f"Architecture diagram with {len(graph.nodes)} components ({names}{more}) and {len(graph.edges)} connections"
