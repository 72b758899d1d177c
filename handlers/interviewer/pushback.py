"""When the offline interviewer pushes back (pure): no decision, asking the interviewer to design, no reasons.

An interviewer never settles a trade-off for the candidate: "it depends" with no pick gets `PICK_ONE`,
"what database should I use?" gets `COUNTER`, and a component named with no reason gets `why_question`.
"""

from __future__ import annotations

import re

PICK_ONE = "Pick one and defend it."
COUNTER = "What would you choose, and why?"

_I = re.IGNORECASE
# A trade-off left open: "it depends", "both are fine", "either works", "pros and cons".
_OPEN = re.compile(
    r"\bit (?:all |really )?depends\b|\bdepends on\b|\bboth (?:are|would be|seem|look|options are) "
    r"(?:fine|good|ok|okay|valid|viable|reasonable|great)|\bboth (?:work|would work|are possible)\b"
    r"|\beither (?:one )?(?:works|would work|is fine|would be fine|is ok|is okay|way works)\b"
    r"|\b(?:could|can) go either way\b|\bpros and cons\b|\bno (?:right|single|clear) (?:answer|winner)\b"
    r"|\bhard to (?:say|pick|choose|decide)\b|\bcan'?t (?:decide|choose|pick)\b|\bnot sure which\b"
    r"|\bwouldn'?t (?:pick|choose) either\b|\bup to you\b|\btrade-?offs? (?:either|both) ways?\b",
    _I,
)
# The open phrase denied: "it doesn't depend on", "not that both are fine", "no pros and cons to weigh".
_DENIED = re.compile(
    r"\b(?:doesn'?t|does not|don'?t|do not|won'?t|not)\s+(?:really\s+)?(?:depend|that both|either way)\b"
    r"|\bi don'?t think (?:it depends|both|either)\b",
    _I,
)
_SUBJECT = r"(?:i|we)(?:'d|'ll|'m| would| will| am| are|'re)?(?: (?:still|probably|definitely|just|rather))?"
# A pick in the same message: "I'd pick Postgres", "we'll go with SQS", "my choice is", "X it is".
_DECIDED = re.compile(
    rf"\b{_SUBJECT} (?:going to |gonna )?(?:pick|choose|go with|going with|use|take|lean towards?|prefer"
    r"|default to|start with|stick with|recommend|opt for|settle on|bet on)\b"
    r"|\bmy (?:pick|choice|vote|call|preference|default) (?:is|would be|here is)\b|\blet'?s (?:go with|use|pick)\b"
    r"|(?:^|[.,:;!-]\s*|\bso )\w+ (?:it is|wins)\b",  # "So Postgres it is", "SQS wins": not "how busy it is"
    _I,
)
# "it depends on what we use it for": a pick verb inside the condition, not a pick.
_ASKED = re.compile(r"\b(?:what|which|how|whether|if|when|unless|who)\s+$", _I)
_NO_PICK = re.compile(
    rf"\b{_SUBJECT} (?:not|n'?t|never) (?:\w+ )?(?:pick|choose|commit|decide)\b"
    r"|\b(?:wouldn'?t|won'?t|can'?t|cannot|couldn'?t|don'?t|didn'?t) (?:\w+ )?(?:pick|choose|commit|decide)\b",
    _I,
)


def undecided(text: str) -> bool:
    """A trade-off answer that does not decide ("it depends", "either works") and picks nothing in the message."""
    opened = [m for m in _OPEN.finditer(text) if not _DENIED.search(text[max(0, m.start() - 20) : m.end()])]
    if not opened:
        return False
    picks = [
        m
        for m in _DECIDED.finditer(text)
        if not _NO_PICK.search(text[max(0, m.start() - 5) : m.end() + 5]) and not _ASKED.search(text[: m.start()])
    ]
    return not picks


# A candidate asking the interviewer to make a design choice.
_DESIGN_VERB = r"(?:use|pick|choose|go with|add|introduce|shard|partition|cache|replicate|store|put|prefer|switch)"
_ASKS_DESIGN = re.compile(
    rf"\b(?:what|which)\b[^?]{{0,40}}\b(?:should|would|do) (?:i|we|you)\b[^?]{{0,15}}\b{_DESIGN_VERB}\b"
    rf"|\bshould (?:i|we)\b[^?]{{0,12}}\b{_DESIGN_VERB}\b"
    r"|\bwhich (?:is|one is|option is|would be|of (?:these|them|the two) is) (?:better|best|faster|cheaper|right)\b"
    r"|\bwhat (?:would|do) you (?:use|pick|choose|recommend|suggest|prefer|go with)\b"
    r"|\b(?:would|do) you (?:use|pick|choose|recommend|suggest|prefer|go with)\b"
    r"|\bdo you want me to (?:use|pick|choose|go with|add|shard)\b"
    r"|\bwhat(?:'s| is) the (?:best|right) (?:way|approach|choice|database|store|queue|cache|option)\b"
    r"|\bhow should (?:i|we) (?:shard|partition|store|cache|model|design|structure|split|replicate)\b"
    r"|\bis (?:it|that|this|[\w-]+(?: [\w-]+){0,5}) (?:the )?(?:right|correct|a good|the best|better|ok|okay|fine)"
    r"(?: (?:choice|call|approach|idea|option|design|way))?\b[^?]{0,40}\?",
    _I,
)
# What a requirements question asks about: the interviewer answers these ("how many users are there?").
_REQUIREMENT = re.compile(
    r"\bhow (?:many|much|big|fast)\b|\b(?:dau|mau|traffic|qps|rps|latency target|budget|sla|slo|retention"
    r"|requirements?|features?|numbers?|estimates?|assum\w*|expect\w*|support)\b",
    _I,
)
# Words of the design itself: a question using them is about the design even with a number in it.
_DESIGN_WORDS = re.compile(r"\b(?:shard\w*|partition\w*|cach\w*|replicat\w*|index\w*|schema|consistent hashing)\b", _I)


def asks_for_design(text: str) -> bool:
    """The candidate asks the interviewer to choose part of the design ("should I use Kafka?"), not a requirement."""
    for sentence in re.findall(r"[^.?!]*\?", text):
        if not _ASKS_DESIGN.search(sentence):
            continue
        if _REQUIREMENT.search(sentence) and not (_component_spans(sentence) or _DESIGN_WORDS.search(sentence)):
            continue  # "should we support edits?", "is 10M users the right number?": scope, for the interviewer
        return True
    return False


# (how it is written, the name to ask about): named technologies, then plain kinds (asked with an article).
_NAMED: tuple[tuple[str, str], ...] = (
    (r"kafka", "Kafka"), (r"sqs", "SQS"), (r"sns", "SNS"), (r"kinesis", "Kinesis"), (r"rabbit\s?mq", "RabbitMQ"),
    (r"redis", "Redis"), (r"memcached?", "Memcached"), (r"elasticache", "ElastiCache"),
    (r"dynamo(?:\s?db)?", "DynamoDB"), (r"cassandra", "Cassandra"), (r"postgres(?:ql)?", "Postgres"),
    (r"mysql", "MySQL"), (r"mongo(?:db)?", "MongoDB"),
    (r"aurora", "Aurora"), (r"elastic\s?search|opensearch", "Elasticsearch"), (r"s3", "S3"),
    (r"cloudfront", "CloudFront"), (r"zoo\s?keeper", "ZooKeeper"), (r"etcd", "etcd"), (r"lambdas?", "Lambda"),
    (r"spark", "Spark"), (r"flink", "Flink"), (r"hbase", "HBase"), (r"bigtable", "Bigtable"),
    (r"kubernetes|k8s", "Kubernetes"), (r"graphql", "GraphQL"), (r"websockets?", "WebSockets"),
)  # fmt: skip
_KINDS: tuple[tuple[str, str], ...] = (
    (r"cdn", "CDN"), (r"load[- ]balancers?", "load balancer"), (r"api[- ]gateway", "API gateway"),
    (r"(?:message )?queues?", "queue"), (r"caches?", "cache"), (r"(?:sql |nosql )?databases?", "database"),
    (r"key[- ]value stores?", "key-value store"), (r"object stores?|blob stores?", "object store"),
    (r"search index", "search index"), (r"pub/?sub", "pub/sub"), (r"stream(?:ing)? platform", "streaming platform"),
)  # fmt: skip
_COMPONENTS = tuple((re.compile(rf"\b(?:{pattern})\b", _I), name) for pattern, name in (*_NAMED, *_KINDS))
_KIND_NAMES = {name for _, name in _KINDS}
# A reason given for a component: "because", "since", "so that", "to avoid", "for durability", "which lets".
_REASON = re.compile(
    r"\b(?:because|since|as it|given that|due to|so that|so (?:we|it|the|that|reads|writes|users?|a|each|if)"
    r"|in order to|that way|otherwise|which (?:lets|allows|gives|means|keeps|makes|handles)"
    r"|to (?:avoid|absorb|decouple|handle|keep|get|reduce|make|allow|buffer|smooth|survive|guarantee|ensure"
    r"|protect|prevent|cut|save|serve|spread|isolate|replay|survive|offload)"
    r"|for (?:durability|latency|low latency|speed|throughput|availability|cost|scale|reliability|ordering|replay"
    r"|simplicity|fast|cheap|cheaper|consistency|resilience|decoupling|buffering|fan-?out|full-text|atomic\w*"
    r"|transactions|joins|the (?:ordering|durability|latency|throughput|replay)))\b",
    _I,
)
_REJECTED = re.compile(
    r"\b(?:no|not|without|instead of|rather than|over|than|skip|avoid|never)\s+(?:a |an |the )?$", _I
)


def _component_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each component named in `text`, a kind dropped where a name covers it."""
    spans = sorted((m.start(), m.end(), name) for pattern, name in _COMPONENTS for m in pattern.finditer(text))
    named = [span for span in spans if span[2] not in _KIND_NAMES]
    return [
        span
        for span in spans
        if span[2] not in _KIND_NAMES
        or not any(abs(span[0] - other[1]) <= 2 or abs(other[0] - span[1]) <= 2 for other in named)
    ]


def unexplained_components(text: str) -> list[str]:
    """Components named as a choice with no reason near them ("Kafka between them, Cassandra to store": both)."""
    found: list[str] = []
    explained: set[str] = set()
    sentences = [s for s in re.split(r"(?<=[.!?;])\s+|\n", text) if s.strip()]
    for number, sentence in enumerate(sentences):
        if sentence.rstrip().endswith("?"):
            continue  # a question about a component is not a choice of it
        # A component turned down ("rather than Kafka") needs no reason, and does not end the one before it.
        spans = [span for span in _component_spans(sentence) if not _REJECTED.search(sentence[: span[0]][-16:])]
        following = sentences[number + 1] if number + 1 < len(sentences) else ""
        for index, (start, end, name) in enumerate(spans):
            after = sentence[end : spans[index + 1][0] if index + 1 < len(spans) else len(sentence)]
            last = index + 1 == len(spans)
            # "Since reads dominate, Redis in front": a leading reason clause explains the first component.
            reasoned = _REASON.search(after) or (
                index == 0 and "," in sentence[:start] and _REASON.search(sentence[:start])
            )
            if reasoned or (
                last and re.match(r"\s*(?:that's |this is |the reason|because|it (?:lets|gives))", following, _I)
            ):
                explained.add(name)
            elif name not in found:
                found.append(name)
    return [name for name in found if name not in explained]


def why_question(component: str) -> str:
    """What the interviewer asks about a component named with no reason ("Why a queue here, ...?")."""
    kind = component.strip()
    if kind.lower() in {name.lower() for name in _KIND_NAMES}:
        kind = ("an " if kind[:1].lower() in "aeiou" else "a ") + kind
    return f"Why {kind} here, rather than something simpler?"
