"""The three moments of a mock that moved the lean most (pure), quoted at the end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.user_text import excerpt
from handlers.barraiser.coverage import Status, analyse
from handlers.interviewer.arithmetic import check_arithmetic, correction, is_off
from question_bank import Area


@dataclass(frozen=True)
class Moment:
    """A candidate message, and the areas it settled (raised the lean) or only hedged (held it down)."""

    quote: str
    settled: tuple[Area, ...]
    hedged: tuple[Area, ...]
    off: str = ""  # an arithmetic slip in it, as the interviewer would correct it

    @property
    def weight(self) -> int:
        """How much the message moved the lean, either way."""
        return 2 * len(self.settled) + len(self.hedged) + (2 if self.off else 0)

    def line(self) -> str:
        """`“quote” - settled failure, idempotency; hedged on cost; the numbers were off (...)`."""
        said = []
        if self.settled:
            said.append("settled " + ", ".join(area.value for area in self.settled))
        if self.hedged:
            said.append("hedged on " + ", ".join(area.value for area in self.hedged))
        if self.off:
            said.append(f"the numbers were off ({self.off})")
        return f"“{excerpt(self.quote)}” - {'; '.join(said)}"


def key_moments(messages: Sequence[str], limit: int = 3) -> list[Moment]:
    """The messages that first settled or first hedged the most areas, in the order they were said."""
    findings = analyse(messages)
    by_message: dict[str, tuple[list[Area], list[Area]]] = {}
    for area, finding in findings.items():
        settled, hedged = by_message.setdefault(finding.quote, ([], []))
        (settled if finding.status is Status.COVERED else hedged).append(area)
    for message in messages:  # a wrong derivation moves the lean down even where it "covers" estimation
        if any(is_off(check) for check in check_arithmetic(message)):
            by_message.setdefault(message, ([], []))
    moments = []
    for quote, (settled, hedged) in by_message.items():
        slips = [check for check in check_arithmetic(quote) if is_off(check)]
        off = correction(slips[0]).removeprefix("Check that: ").rstrip(".") if slips else ""
        if off:  # a wrong number settles nothing
            settled = [area for area in settled if area is not Area.ESTIMATION]
        moments.append(Moment(quote, tuple(settled), tuple(hedged), off))
    top = sorted(moments, key=lambda moment: -moment.weight)[:limit]
    order = {message: index for index, message in enumerate(messages)}
    return sorted(top, key=lambda moment: order.get(moment.quote, 0))
