"""What a bar raiser expects in each phase, and plain probes per area for any design (pure data).

The generic probes name no component: they are worded for the design as the candidate described it,
so they can be asked of any question. Bank probes that name a component (Redis, CloudFront, Kafka…)
are asked only when the candidate named it or its kind.
"""

from __future__ import annotations

import re

from question_bank import Area, Phase

# The areas a bar raiser expects each phase to settle, most telling first.
PHASE_AREAS: dict[Phase, tuple[Area, ...]] = {
    Phase.REQUIREMENTS: (Area.SCALE, Area.CUSTOMER),
    Phase.ESTIMATION: (Area.ESTIMATION, Area.SCALE),
    Phase.HIGH_LEVEL: (Area.SCALE, Area.CACHING),
    Phase.DEEP_DIVE: (Area.FAILURE, Area.IDEMPOTENCY, Area.CONSISTENCY, Area.CACHING),
    Phase.TRADE_OFFS: (Area.COST, Area.MONITORING, Area.OPERATIONS),
}

# (topic, text): several per area so a session never repeats one; the topic is what dedupes.
GENERIC_PROBES: dict[Area, tuple[tuple[str, str], ...]] = {
    Area.SCALE: (
        ("volume", "How many users and requests a day should this handle, and what does the busiest hour look like?"),
        ("growth", "If traffic grows tenfold over the next two years, which part of your design breaks first?"),
    ),
    Area.ESTIMATION: (
        ("rate-math", "Walk me through the math: from the numbers you have, what rate per second does that "
         "come to, and how many servers does it take?"),
        ("storage-math", "Roughly how much storage does a year of this data add up to, and what does that number "
         "decide for you?"),
    ),
    Area.CUSTOMER: (
        ("user-impact", "What does the user see while this is happening, and which delay would they actually notice?"),
        ("targets", "What latency and availability would a customer notice here, and which targets do you commit to?"),
    ),
    Area.COST: (
        ("monthly", "Roughly what does this design cost to run per month, and where does most of the money go?"),
        ("cheaper", "Is there a cheaper or simpler design that still meets the requirements?"),
    ),
    Area.FAILURE: (
        ("dependency-down", "The slowest dependency in your design stops responding for ten minutes. "
         "What fails, and what does the system do instead?"),
        ("retries", "A downstream call times out. How long do you wait, how do you retry, and what stops "
         "the retries from making things worse?"),
    ),
    Area.IDEMPOTENCY: (
        ("duplicate-request", "The client never gets the reply and sends the same request again. How do you make "
         "sure it takes effect only once?"),
        ("redelivery", "A message or job is delivered twice. What does the second delivery do, and how do you "
         "dedupe it?"),
    ),
    Area.MONITORING: (
        ("detect", "How would you know this is broken before customers tell you? Which metrics, and what alert "
         "thresholds?"),
        ("dashboard", "Which three numbers would be on your dashboard for this service, and when does someone "
         "get paged?"),
    ),
    Area.CONSISTENCY: (
        ("read-own-write", "After a user writes something, can they read it back immediately? Where is the data "
         "stale, and is that acceptable?"),
        ("concurrent-write", "Two requests change the same record at the same moment. Which one wins, and what "
         "keeps the data consistent?"),
    ),
    Area.CACHING: (
        ("what-to-cache", "What exactly would you put in a cache here, for how long, and how is it invalidated?"),
        ("hot-key", "One key gets a large share of all traffic. What does your cache do about that hot key?"),
    ),
    Area.OPERATIONS: (
        ("deploy", "How do you roll out a new version of this without downtime, and how do you roll back?"),
        ("migration", "You need to change the data schema while the system is live. How do you migrate it?"),
    ),
}  # fmt: skip

# A component a probe may name, and the words that show the candidate has one of its kind.
COMPONENTS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(name, re.IGNORECASE), re.compile(kind, re.IGNORECASE))
    for name, kind in (
        (r"\bredis\b", r"\bredis\b|\bcache|\belasticache\b|\bmemcache|\bin-memory\b|\bsorted set|\bzset\b"),
        (r"\bcloudfront\b|\bcdn\b|\bedge\b", r"\bcloudfront\b|\bcdn\b|\bedge\b|\bakamai\b|\bfastly\b"),
        (r"\bkafka\b|\bkinesis\b", r"\bkafka\b|\bkinesis\b|\bstream|\bqueue|\blog\b|\bpub/?sub\b"),
        (r"\bsqs\b|\bsns\b|\bqueue\b", r"\bsqs\b|\bsns\b|\bqueue|\bkafka\b|\bkinesis\b|\brabbit|\bpub/?sub\b"),
        (r"\bdynamo\w*\b|\bddb\b", r"\bdynamo|\bddb\b|\bkey-value\b|\bnosql\b|\bcassandra\b"),
        (r"\bcassandra\b", r"\bcassandra\b|\bscylla\b|\bnosql\b|\bwide[- ]column\b"),
        (r"\belasticsearch\b|\bopensearch\b|\bsolr\b", r"\belastic|\bopensearch\b|\bsolr\b|\bsearch (?:index|cluster)"),
        (
            r"\bpostgres\w*\b|\bmysql\b|\baurora\b|\brds\b",
            r"\bpostgres|\bmysql\b|\baurora\b|\brds\b|\bsql\b|\brelational",
        ),
        (r"\bs3\b", r"\bs3\b|\bblob|\bobject stor"),
        (r"\bzookeeper\b|\betcd\b", r"\bzookeeper\b|\betcd\b|\bconsensus\b|\braft\b|\bpaxos\b|\bcoordinat"),
        (r"\blambda\b", r"\blambda\b|\bserverless\b"),
        (r"\bwebsockets?\b|\bgateways?\b", r"\bwebsocket|\bgateway|\bsocket|\blong[- ]poll"),
        (
            r"\ballocator\b|\bkey[- ]generation service\b|\bkgs\b|\bticket server\b",
            r"\ballocat|\bkey[- ]gen|\bkgs\b|\bcounter|\bticket server|\bid (?:service|range)",
        ),
        (r"\bbloom filter\b", r"\bbloom\b"),
        (r"\bsaga\b|\boutbox\b", r"\bsaga\b|\boutbox\b"),
    )
)


def presupposes(probe_text: str, said: str) -> bool:
    """True if the probe names a component whose kind the candidate never mentioned."""
    return any(name.search(probe_text) and not kind.search(said) for name, kind in COMPONENTS)
