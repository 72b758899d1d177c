"""The three moments of a mock that moved the lean most (pure), quoted at the end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.user_text import excerpt
from handlers.barraiser.coverage import Status, analyse
from question_bank import Area


@dataclass(frozen=True)
class Moment:
    """A candidate message, and the areas it settled (raised the lean) or only hedged (held it down)."""

    quote: str
    settled: tuple[Area, ...]
    hedged: tuple[Area, ...]

    @property
    def weight(self) -> int:
        """How much the message moved the lean, either way."""
        return 2 * len(self.settled) + len(self.hedged)

    def line(self) -> str:
        """`“quote” - settled failure, idempotency; hedged on cost`."""
        said = []
        if self.settled:
            said.append("settled " + ", ".join(area.value for area in self.settled))
        if self.hedged:
            said.append("hedged on " + ", ".join(area.value for area in self.hedged))
        return f"“{excerpt(self.quote)}” - {'; '.join(said)}"


def key_moments(messages: Sequence[str], limit: int = 3) -> list[Moment]:
    """The messages that first settled or first hedged the most areas, in the order they were said."""
    findings = analyse(messages)
    by_message: dict[str, tuple[list[Area], list[Area]]] = {}
    for area, finding in findings.items():
        settled, hedged = by_message.setdefault(finding.quote, ([], []))
        (settled if finding.status is Status.COVERED else hedged).append(area)
    moments = [Moment(quote, tuple(s), tuple(h)) for quote, (s, h) in by_message.items()]
    top = sorted(moments, key=lambda moment: -moment.weight)[:limit]
    order = {message: index for index, message in enumerate(messages)}
    return sorted(top, key=lambda moment: order.get(moment.quote, 0))
