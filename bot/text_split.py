"""Split long text into platform-sized pieces at the most natural boundary (pure)."""

from __future__ import annotations

_BOUNDARIES = ("\n\n", "\n", ". ", " ")


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, line, sentence or word if possible."""
    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    remaining = text
    while len(remaining) > limit:
        window = remaining[: limit + 1]
        # The strongest boundary that keeps the piece at least half full, else any boundary.
        positions = [window.rfind(boundary) for boundary in _BOUNDARIES]
        full_enough = [position for position in positions if position >= limit // 2]
        cut = full_enough[0] if full_enough else max(positions)
        if window[cut : cut + 2] == ". ":
            cut += 1  # keep the full stop with its sentence
        if cut <= 0:
            cut = limit
        piece = remaining[:cut].rstrip()
        if not piece:
            piece, cut = remaining[:limit], limit
        pieces.append(piece)
        remaining = remaining[cut:].lstrip()
    if remaining or not pieces:
        pieces.append(remaining)
    return pieces


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` characters, ending in `ellipsis` when cut."""
    return text if len(text) <= limit else text[: max(limit - len(ellipsis), 0)] + ellipsis
