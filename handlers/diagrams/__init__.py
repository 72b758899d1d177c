"""Architecture diagrams in a mock: mermaid flowcharts drawn with Graphviz and reviewed for the bar raiser."""

from handlers.diagrams.commands import register

__all__ = ["register"]
