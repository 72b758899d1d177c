"""User text the bot repeats (quotes, echoes, names): readable, but never a live mention.

Every platform's renderer keeps the bot's own mention tokens (`<@id>`) working, so text
a user wrote must lose its tokens before it is put in a reply: otherwise a scorecard
quoting "@everyone look" or `<!channel>` would notify a whole channel in the bot's name.
"""

from __future__ import annotations

import re

from pydantic import AfterValidator

ZWSP = "\u200b"  # a zero-width space: invisible, but it breaks the token

# Discord `<@123>`, `<@!123>` (nickname), `<@&123>` (role); Slack `<@U123>`, `<@U123|name>`.
_USER_OR_ROLE = re.compile(r"<@([!&]?)([A-Za-z0-9]+)(?:\|([^<>]*))?>")
# Slack `<!channel>`, `<!here|here>`, `<!everyone>`, `<!subteam^S123|@team>`, `<!date^...|fallback>`.
_SLACK_SPECIAL = re.compile(r"<!([a-zA-Z]+)(?:\^[^<>|]*)?(?:\|([^<>]*))?>")
# Whatever looks like the start of a token after the rewrites above (`<<@U1>>` leaves `<@U1>`).
_TOKEN_START = re.compile(r"<([@!])")
# Mass mentions as plain words: Discord's @everyone / @here, Slack's @channel / @here / @everyone.
_MASS = re.compile(r"@(everyone|here|channel)", re.IGNORECASE)


def _user_or_role(match: re.Match[str]) -> str:
    kind, target, label = match.groups()
    if label:
        return "@" + label.lstrip("@")
    return "@role" if kind == "&" else "@" + target


def _slack_special(match: re.Match[str]) -> str:
    name, label = match.groups()
    if name.lower() == "subteam":
        return "@" + label.lstrip("@") if label else "@group"
    if name.lower() in ("channel", "here", "everyone"):
        return "@" + name  # made inert below, with the plain-word forms
    return label or name  # `<!date^...|Feb 18>` and the like: their fallback text


def defuse_mentions(text: str) -> str:
    """`text` with every user, role, group and mass mention made inert (idempotent).

    `<@U1|ana>` reads `@ana`, `<@U1>` reads `@U1`, a role `@role`, `<!channel>` and
    `@everyone` keep their look with a zero-width space after the `@`.
    """
    text = _USER_OR_ROLE.sub(_user_or_role, text)
    text = _SLACK_SPECIAL.sub(_slack_special, text)
    text = _TOKEN_START.sub(lambda match: "<" + ZWSP + match.group(1), text)
    return _MASS.sub(lambda match: "@" + ZWSP + match.group(1), text)


QUOTE_LIMIT = 60


def quote_input(text: str, limit: int = QUOTE_LIMIT) -> str:
    """What the user typed, as a refusal repeats it: one line, at most `limit` characters, inert."""
    flat = " ".join(text.split())
    short = flat if len(flat) <= limit else flat[: limit - 1] + "…"
    return defuse_mentions(short)


def trimmed(text: str, limit: int) -> str:
    """`text` on one line (whitespace runs folded), cut to at most `limit` characters."""
    return " ".join(text.split())[:limit]


def clip(limit: int) -> AfterValidator:
    """A pydantic validator that keeps generated text (a scorecard line, a probe) `trimmed` to `limit`."""
    return AfterValidator(lambda text: trimmed(text, limit))


def excerpt(text: str, limit: int = 160) -> str:
    """A short quote of what someone wrote, fit for a scorecard: one line, cut at a word, no live mention."""
    flat = defuse_mentions(" ".join(text.split()))
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
