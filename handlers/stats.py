"""/stats (admins): the channel's last 12 weeks as a chart, drawn only from what the bot records."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from bot.charts.stats import ChannelStats, Series, stats_chart
from bot.chat import ChannelRef, Reply
from bot.commands import NoOptions, Permission
from bot.context import CommandContext
from bot.feature import Feature
from bot.store import Store
from handlers import channel_counts
from handlers.pairing.state import PairingStore, PairRecord
from handlers.progress import week_of

feature = Feature()
register = feature.register
WEEKS = 12


def week_days(today: date, weeks: int = WEEKS) -> list[date]:
    """A day in each of the last `weeks` ISO weeks, oldest first."""
    return [today - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


async def pairs_of(store: Store, channel: ChannelRef) -> list[PairRecord]:
    """The pairs the bot still holds for the pool's members (each member's last ten), once each."""
    pairing = PairingStore(store)
    found: dict[str, PairRecord] = {}
    for member in await pairing.members(channel):
        for pair in await pairing.history(channel, member.id):
            found[pair.id] = pair
    return list(found.values())


def per_week(pairs: list[PairRecord], weeks: list[str], outcome: str | None = None) -> tuple[float, ...]:
    """How many of `pairs` (with `outcome`, if given) were made in each of `weeks`."""
    made = Counter(week_of(pair.made_at.date()) for pair in pairs if outcome is None or pair.outcome == outcome)
    return tuple(float(made.get(week, 0)) for week in weeks)


async def channel_stats(store: Store, channel: ChannelRef, today: date) -> ChannelStats:
    """The channel's weekly series: daily answers per drop, mocks run, pairs made, met and no-shows."""
    days = week_days(today)
    weeks = [week_of(day) for day in days]
    counted = await channel_counts.weekly(store, channel, days)
    per_drop = tuple(
        round(answers / drops, 1) if drops else 0.0
        for answers, drops in zip(counted["daily_answers"], counted["drops"], strict=True)
    )
    pairs = await pairs_of(store, channel)
    return ChannelStats(
        weeks=tuple(week.split("-")[1] for week in weeks),
        series=(
            Series("daily answers per drop", per_drop),
            Series("mocks run", tuple(float(value) for value in counted["mocks"])),
            Series("pairs made", per_week(pairs, weeks)),
            Series("meetings held", per_week(pairs, weeks, "met")),
            Series("no-shows", per_week(pairs, weeks, "no-show")),
        ),
    )


@feature.command("stats", help="This channel's last 12 weeks as a chart (admins)", permission=Permission.ADMIN)
async def stats(context: CommandContext, options: NoOptions) -> None:
    """/stats: daily answers per drop, mocks run, pairs made, meetings held and no-shows, week by week."""
    store, channel = context.services.store, context.channel
    today = context.services.clock.now().date()
    data = await channel_stats(store, channel, today)
    since = await channel_counts.counted_since(store, channel)
    per_drop, *counts = data.series
    lines = [f"{per_drop.name}: {(per_drop.values or (0.0,))[-1]:g} this week"]
    lines += [f"{series.name}: {sum(series.values or ()):g} in {WEEKS} weeks" for series in counts]
    counting = f"since {since:%Y-%m-%d}" if since else "from now on (nothing counted here yet)"
    notes = (
        f"Daily drops, answers and mocks are counted {counting}. Pairs, meetings and no-shows come from "
        "the pairs the bot still keeps for the pool's members (each member's last ten); "
        "a meeting nobody reported is neither."
    )
    chart = stats_chart(data)
    reply = Reply(title=f"This channel · last {WEEKS} weeks", text="\n".join([*lines, notes]), ephemeral=True)
    await context.respond(await context.services.charts.attach(reply, chart))
