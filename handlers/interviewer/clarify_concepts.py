"""The concepts behind the words candidates use: a small synonym table by meaning.

Each word (and, through the stemmer, each of its inflections) stands for one or more concepts such as
`@latency` or `@traffic`, so that "how snappy" meets a clarification about latency and "lose" one about
durability. Written from general knowledge of how people ask about scale, latency, retention and the like
in a design interview; not derived from any labelled data.
"""

from __future__ import annotations

__all__ = ["CONCEPTS"]

# Word -> the concepts it stands for.
CONCEPTS: dict[str, tuple[str, ...]] = {}


def _concept(name: str, words: str) -> None:
    for word in words.split():
        CONCEPTS[word] = (*CONCEPTS.get(word, ()), f"@{name}")


_concept("user", "user ppl people person customer dau mau viewer player rider fan searcher active daily visitor")
_concept("traffic", "traffic qps rps tps throughput volume load request rate call msg message hit")
_concept("latency", "latency fast quick quickly speed p99 p95 p90 ms millisecond slow lag laggy snappy delay second")
_concept("latency", "respond response instant instantly")
_concept(
    "duration", "retention retain keep kept long history archive expire expiry ttl valid forever year day duration"
)
_concept("duration", "around sit stay hold")
_concept("region", "global region regional country countries marketplace international worldwide geo continent")
_concept("region", "multi eu us where locat local world")
_concept("avail", "availability available uptime nines nine downtime sla down outage")
_concept("durable", "durability durable lose loose lost loss drop dropped")
_concept("size", "size big bigger biggest large larger largest max maximum payload kb mb gb tb byte heavy")
_concept("peak", "peak spike spiky burst bursty rush busiest tournament blast surge hammer campaign hot hottest")
_concept("peak", "onsale worst")
_concept("fresh", "fresh freshness stale reflect visible appear show update updated trend trending")
_concept("dup", "duplicate dedupe dedup twice double same")
_concept("consistency", "consistent consistency strong eventually")
_concept("security", "security secure encryption encrypt encrypted privacy private e2e")
_concept("cost", "cost price pricey cheap cheaper expensive money dollar")
_concept("abuse", "abuse phishing malware spam bot scalper fraud guessable guess sequential")
_concept("personal", "personal personalis personaliz everyone")
_concept("rank", "rank ranking ranked sort relevance popularity popular top above higher first")
_concept("ordering", "order ordering fifo sequence sequential")
_concept("device", "device phone tablet laptop tv mobile")
_concept("delete", "delete deleted remove removed takedown vanish disappear")
_concept("count", "count number")
_concept("group", "group groups member")
_concept("content", "content contain photo image video media text inline pic pics picture img")
_concept("store", "store stored storage sit hold")
_concept("replay", "replay")
_concept("conflict", "conflict conflicted edit wins win")
_concept("pay", "pay payment charge card bill capture authorise authorize")
_concept("fraud", "fraud")
_concept("page", "page paged alarm alert")
_concept("scope", "scope cover need support build include included including")
_concept("expire", "expire expiry expiration valid forever die dead ttl")
_concept("rebuild", "rebuild refetch reload reloaded refetched recompute")
_concept("memory", "memory ram hot working set")
_concept("evict", "evict eviction lru full")
_concept("update", "update updates submission submit change changes")
_concept("score", "score point points")
_concept("failure", "failure fail fails failing break breaks broken down outage crash die dies")
_concept("read", "fetch read reads download retrieve get")
_concept("immutable", "immutable overwrite append modify replace")
_concept("exclude", "hide exclude filter never")
_concept("buy", "buy bought purchase purchased")
_concept("measure", "success measure measured metric good know ctr")
_concept("location", "location gps lat latitude longitude position ping pings")
_concept("often", "often frequently frequency every interval")
_concept("revisit", "revisit recrawl recrawled")
_concept("start", "start starts startup play playback")
_concept("host", "site website domain")
_concept("custom", "custom vanity alias branded")
_concept("resolution", "resolution granularity rollup rollups")
_concept("follower", "follower followers celeb celebs celebrity influencer famous")
_concept("host", "host machine server box instance container node")
_concept("marketing", "marketing promo promotional campaign newsletter advert")
_concept("quiet", "night 3am midnight quiet sleep")
_concept("receipt", "receipt tick ticks seen read delivered")
_concept("consumer", "consumer subscriber subscribers listener worker reader")
_concept("version", "version restore revert rollback undo previous")
_concept("tie", "tie tied same equal exactly")
_concept("passcode", "otp passcode 2fa code")
_concept("template", "template param params parameter localize render")
_concept("source", "source come comes originate submit submitted report post client")
_concept("sequence", "sequential sequence predictable guessable incrementing")
_concept("region", "country countries language languages locale")
_concept("js", "js javascript render rendering")
_concept("output", "output produce hand consume consumer deliver emit")
_concept("reset", "reset resets restart rollover")
_concept("retention", "retention retain retained retaining keep kept keeping archive archived purge purged")
_concept("average", "avg average mean")
_concept("repeat", "repeat repetitive repetition recurring recur")
_concept("bound", "max maximum limit limits cap capped caps ceiling upper most biggest largest")

# More everyday words for the same meanings: how people say it in chat rather than in the bank's terms.
_concept("latency", "sluggish speedy responsive turnaround")
_concept("avail", "reliable reliability resilient resilience failover redundant redundancy ha survive")
_concept("durable", "persist persisted persistence vanish gone disappear survive corrupt corruption")
_concept("size", "huge massive heavy weigh weight footprint tiny small")
_concept("region", "abroad overseas geographic geography locale datacenter datacentre")
_concept("security", "compliance gdpr pci hipaa audit regulation regulatory legal law residency")
_concept("dup", "again repeated idempotent idempotency once")
_concept("ordering", "ordered reorder reordered")
_concept("fresh", "realtime lag lagging delayed outdated current latest")
_concept("abuse", "cheat cheating cheater tamper tampering hack hacker attacker malicious fake hostile scraper")
_concept("peak", "holiday holidays launch viral flash sale sales")
_concept("failure", "unavailable unreachable dead partition flaky")
_concept("device", "desktop browser ios android app apps")
_concept("content", "attachment attachments file files emoji gif gifs")
_concept("delete", "erase erased unsend retract purge")
_concept("conflict", "concurrent clash clashing overwrite merge")
_concept("rank", "relevant relevance order ordering sorted")
_concept("quiet", "late overnight evening weekend dnd disturb")
_concept("measure", "kpi kpis metrics succeed success")
_concept("often", "frequent periodically regularly")
_concept("bound", "cap limit threshold quota quotas allowance")
_concept("expire", "lifetime expired expires stale")
_concept("brief", "brief briefly moment momentary momentarily temporary temporarily blip")
