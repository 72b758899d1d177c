"""What a pairing round says: the channel summary and each pair's (or trio's) introduction."""

from __future__ import annotations

from datetime import datetime

from bot.chat import ActionId, Button, ButtonStyle, Reply
from bot.plural import plural
from handlers.pairing.availability import good_times
from handlers.pairing.state import Member, PairRecord

NOBODY_FREE = "Nobody was free in the last 15 minutes. Try /pair now again later."
REMOVED_AFTER_NO_SHOWS = (
    "You missed three pair sessions in a row, so you left the pairing pool. /pair join brings you back."
)
ROTATION = 'Next time, whoever owes an interviewer turn interviews (a turn counts once you answer "We met").'


def groups_made(pairs: int, trio: bool) -> str:
    """ "2 pairs", "1 pair and 1 trio", "1 trio": `pairs` counts the pair a trio grew from."""
    if not trio:
        return plural(pairs, "pair")
    return "1 trio" if pairs == 1 else f"{plural(pairs - 1, 'pair')} and 1 trio"


def why_nobody(in_pool: int, available: int) -> str:
    """Why a round paired nobody (never who blocked whom: blocks stay private)."""
    if in_pool == 0:
        return "the pool is empty. /pair join to take part."
    paused = in_pool - available
    resting = f" ({plural(paused, 'member')} paused)" if paused else ""
    if available < 2:
        return f"{plural(available, 'person', 'people')} available{resting}, and a pair takes two."
    return (
        f"no two of the {available} people available{resting} share free hours and a level within one step "
        "without having been partners very recently. Each was told privately."
    )


def introduction(record: PairRecord, group: list[Member], question_title: str, now: datetime) -> Reply:
    """The first message in a pair's private conversation: seats, good times for everyone, the question."""
    if record.third:
        interviewers = f"<@{record.interviewer}> and <@{record.third}>"
        seats = f"<@{record.candidate}> is the candidate this time; {interviewers} interview."
    else:
        seats = f"<@{record.candidate}> is the candidate this time and <@{record.interviewer}> interviews."
    shared = frozenset.intersection(*(member.week_hours(now) for member in group))
    times = good_times(shared, [member.tz for member in group], now, "all three of you" if record.third else "you both")
    guide = "the interviewers have the guide" if record.third else "the interviewer has the guide"
    return Reply(
        title="Your practice trio" if record.third else "Your practice pair",
        text=f"{seats} {ROTATION}\n{times}\nQuestion for the candidate: **{question_title}** ({guide}).",
        buttons=(Button("Start the mock", ActionId("pair", "mock", record.id), ButtonStyle.PRIMARY),),
    )
