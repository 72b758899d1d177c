"""Whether a chat line asks something at all, and whether it asks the interviewer to make a design choice.

A design question hands the decision to the interviewer ("should I use Kafka?", "what database?",
"is sharding by user id right?"); a requirement question asks about the problem ("how many users?",
"is it ok if the map lags?"). The vocabulary is written from general knowledge, not from labelled data.
"""

from __future__ import annotations

import re


def _words(text: str) -> list[str]:
    return text.split()


# Technologies, building blocks and design moves a candidate may ask the interviewer to pick.
TECH_WORDS = _words(
    """
    sql nosql mysql postgres postgresql aurora rds dynamo dynamodb cassandra mongo mongodb redis memcached
    elasticache elasticsearch solr opensearch kafka kinesis sqs sns rabbitmq pulsar zookeeper etcd raft paxos
    s3 hdfs cdn cloudfront lambda serverless kubernetes k8s docker ec2 grpc rest graphql websocket websockets
    polling sse webhook webhooks hls dash tsdb influx influxdb prometheus timescale spark flink hadoop
    database db dbs datastore cache caching cached shard shards sharding sharded partition partitions
    partitioning replicate replication replicas quorum queue queues broker brokers wal log lsm btree
    trie tries bloom geohash quadtree s2 h3 saga 2pc outbox ledger lock locks locking setnx lease mutex
    hash hashing base62 base64 uuid snowflake counter counters bucket buckets window erasure chunk chunks
    chunking dedupe checksum merkle consistent load balancer balancers gateway microservice microservices
    monolith batch streaming stream precompute precomputed materialized denormalize index indexes indexing
    kv key-value nginx envoy 301 302 json protobuf avro parquet tokenize ttl idempotency waiting
    fanout fan-out proxy proxies sidecar replica leader primary zset bitmap hyperloglog sketch inverted
    vector embedding embeddings crdt crdts lamport gossip heartbeat heartbeats sticky round-robin blob columnar
    olap clickhouse druid pinot hbase bigtable spanner cockroachdb rocksdb sqlite neo4j lucene varnish haproxy
    consul celery airflow apns fcm twilio sendgrid webrtc mqtt xmpp tcp udp quic ffmpeg transcode transcoding
    postgis ulid cron dlq backoff optimistic pessimistic denormalized debounce prefetch write-through
    write-back cache-aside pub/sub pubsub push pull sync async relational
    dynamo workflow orchestrator orchestration choreography temporal in-memory collaborative matrix
    factorization cqrs event-sourcing
    """
)
_TECH = re.compile(
    r"\b(?:"
    + "|".join(re.escape(word) for word in TECH_WORDS)
    + r"|state machines?|step functions?|event sourc\w*|sorted sets?|skip ?lists?|hash ?(?:maps?|tables?))\b"
)

# Phrasings that hand the choice to the interviewer whatever the topic.
_HANDS_OVER = re.compile(
    r"\b(?:would you(?! (?:expect|estimate|say|guess|anticipate|imagine|describe|define|call|put the|need))|"
    r"do you (?:prefer|want me to|recommend|suggest|think i should|think we should)|"
    r"what would you(?! (?:say|expect|estimate|guess|put|call|consider|assume))|"
    r"which (?:one )?(?:do |would )?you (?:prefer|pick|choose|use|go with|recommend)|"
    r"you prefer|what do you recommend|what(?:s| is) your (?:preference|recommendation|pick|call|choice)|"
    r"your (?:preference|take|pick|call)(?=\s*\?)|"
    r"(?:ok|okay|fine|good|alright|work|works|track|tracks) (?:with|for) you|"
    r"(?:sounds?|looks?|seems?) (?:good|right|alright|ok|okay|fine|reasonable|sensible) to you|"
    r"makes? sense to you|in your (?:view|opinion|experience)|the way you(?:d| would) go|"
    r"(?:is it|would it be|is that) (?:ok|okay|fine|alright|acceptable) if (?:i|we) "
    r"(?:proceed|go ahead|use|put|go with|pick|keep|build|run|store|add|choose|rely|model|shard|cache)|"
    r"(?:direction|kind of approach|approach|design|route) you(?:re| are)? (?:want|after|looking for|expect)|"
    r"\bwant me to (?:go|take|do|use|build)|the obvious (?:pick|choice)|"
    r"you (?:decide|choose|pick)\b(?! (?:how (?:many|much|long)|the (?:number|size|limit)))|"
    r"(?:pick|choose|decide)(?: one| it| that)? for (?:me|us)|just (?:pick|choose) (?:one|for)|"
    r"(?:architecture|design|approach|setup|stack) you(?:d| would) (?:want|like|pick|choose|use|build|go with)|"
    r"is (?:that|this) (?:what you(?:re| are)? (?:want|looking|after|expect|had in mind|have in mind)|"
    r"the (?:idea|plan|intended|expected|approach you)|(?:a )?(?:reasonable|sensible) (?:approach|design|choice|plan))|"
    r"(?:what|is that) you had in mind|"
    r"(?:what|how|which|is (?:that|this)) (?:\w+ )?you(?:d| would) (?:do|use|pick|choose|go with|build|recommend)|"
    r"(?:do )?you think (?:that|this|it) (?:works|would work|will work|holds up|is (?:ok|okay|fine|enough))|"
    r"the (?:right|best|correct|better|usual|standard|obvious) (?:way|approach|choice|call|tool|fit|pick|option|design|"
    r"pattern|strategy|technique|algorithm|data structure|model|architecture)|"
    r"the way to go|good (?:pick|choice|idea|fit|approach|call|option|way|strategy|pattern)|"
    r"(?:is it|would it be|would that be|is that) (?:better|best|wiser|smarter|preferable|cleaner) (?:to|if)|"
    r"which (?:one |option |approach )?(?:is|would be|works) (?:better|best|preferable)|"
    r"(?:does it|would it|do you think it) makes? sense to|"
    r"makes? sense to (?:use|go|pick|put|store|keep|shard|cache|run|build)|better (?:off )?(?:to|with) (?:use|go|pick)|"
    r"what (?:database|db|datastore|store|queue|cache|protocol|algorithm|storage|tech|technology|stack|framework)"
    r"(?: (?:should|would|do|shall|can) (?:i|we|you))|"
    r"which (?:database|db|datastore|queue|cache|protocol|algorithm|storage|tech|technology|stack|framework))\b"
)
# A first-person design move: "should I place", "do I lock", "can I shard". "should I" hands over any move
# but scoping ("should I assume / worry about / support ..." is a requirement question).
_SCOPING = (
    r"(?:assume|worry|care|consider|support|handle|include|cover|expect|focus|account|plan|think|optimi[sz]e|"
    r"prioriti[sz]e|design for|treat|allow|count|estimate|ask|start|clarify|aim|target|be|wait|see|get|receive|"
    r"notice|hear)\b"
)
_MY_MOVE = re.compile(
    r"\b(?:should|shall|would|must) i (?:just |also |then |first )?(?!" + _SCOPING + r")[a-z]+|"
    r"\b(?:should|shall|would|must) we (?:just |also )?"
    r"(?:use|pick|choose|go with|run|build|deploy|adopt|introduce|rely on|shard|partition|replicate|precompute|"
    r"denormali[sz]e|fan out|debounce)\b|"
    r"\bdo you want (?:me|us) to\b|\bshould (?:the )?(?:client|clients|server|servers|backend|frontend|service|"
    r"services|api|app|gateway|worker|workers) (?:just )?(?:debounce|batch|retry|poll|cache|compress|prefetch|"
    r"throttle|shard|partition|hash|call|talk|connect|hold|keep a)\b"
)
_MY_TECH_MOVE = re.compile(
    r"\b(?:what do you think|thoughts|your (?:take|opinion|view)|how do you feel|any preference) "
    r"(?:about|on|of|between)\b|"
    r"\b(?:allowed|ok|okay|fine) (?:for (?:me|us) )?to (?:use|pick|go with|assume we use)\b|"
    r"\bshould (?:the|our|this) [a-z-]+ (?:use|adopt|rely on|run on|be built on|be backed by)\b|"
    r"\b(?:(?:should|shall|can|could|would|must) (?:i|we)|do i) (?:just )?"
    r"(?:use|pick|choose|go with|put|run|keep|store|split|shard|partition|cache|lock|attach|add|build|"
    r"persist|replicate|encode|hash|precompute|stream|batch|model|write|deploy|rely on)\b"
)
# "is X ok / fine / right" about a technology; "X or Y?" / "X vs Y" between technologies; "would X work".
_VERDICT = re.compile(
    r"\b(?:is|are|would|will)\b[^?]*?\b(?:ok|okay|fine|right|good|enough|work|acceptable|better|best|reasonable|"
    r"sensible|overkill|fit|suffice|hold up|scale)\b|\b(?:ok|okay|fine|good|reasonable|sensible|overkill)\s*\?|"
    r"\b(?:sounds?|looks?|seems?) (?:right|good|ok|okay|fine|reasonable|sensible)\b"
)
# "X or Y" between two options; "..., or is it ..." offers a yes/no alternative, not a choice of technology.
_EITHER = re.compile(r"\b(?:or|vs|versus)\b(?! (?:is|are|do|does|can|could|will|would|must|has|have|should)\b)")
# A bare proposal put to the interviewer, with no interrogative: "in-memory trie on each node?" (two design
# words at least: "dead letter queue?" or "sync latency?" ask for a requirement), or any design word with a
# tag asking for a verdict ("bloom filter for the check, yes?").
_PROPOSAL = re.compile(r"\?\s*$")
_VERDICT_TAG = re.compile(r",\s*(?:yes|right|correct|yeah|no|ok|okay|agreed)\s*\?\s*$")
_REQUIREMENT_WORDS = re.compile(
    r"\b(?:latency|target|targets|sla|slo|p\d\d|size|max|maximum|limit|limits|retention|throughput|qps|rps|uptime|"
    r"availability|durability|needed|required|requirement|per (?:sec|second|day|user)|how)\b"
)
# Where a part of the design lives: "should the counters live in one central redis".
_PLACEMENT = re.compile(
    r"\b(?:should|shall|would|will|do|does|can) (?:the |our |a |an |each |every )?[a-z-]+ "
    r"(?:live|sit|reside|go|be stored|be kept|be held|be cached) (?:in|on|inside)\b"
)
# A property the system must have ("does it need to be updated in realtime") is a requirement question.
_REQUIREMENT = re.compile(
    r"\b(?:do|does) (?:we|it|they|this|that|these|those|the(?: [a-z-]+){1,2}|(?!you\b)[a-z]+) "
    r"(?:need|have|support|want)\b|"
    r"\bany need\b|\bhow (?:stale|fresh|fast|quick|soon|often|busy|big)\b|"
    r"\b(?:fresh|fast|quick|soon|current|accurate|durable) enough\b|"
    # What a failure may cost ("a node dies - gone for good, or reload from the DB?") is a requirement.
    r"\b(?:dies|die|died|goes down|go down|went down|crash(?:es|ed)?|gone for good|lose|loses|lost|outage|"
    r"fail (?:open|closed))\b"
)

_INTERROGATIVE = re.compile(
    r"^(?:how|what|whats|which|who|whom|whose|when|where|why|is|are|am|was|were|do|does|did|can|could|"
    r"should|shall|would|will|may|might|must|any|anything|have|has)\b|"
    r"\bhow (?:many|much|fast|long|often|big|large|quick|quickly|soon|strict|bad|do|does|should|would|can|is|are)\b|"
    r"\b(?:what(?:s| is| are| about| if| happens)?|which|whats)\b|"
    r"\b(?:who|where|when|why) (?:is|are|do|does|did|can|should|will|would)\b|"
    r"\b(?:do|does) (?:it|the|this|that|they|those|we|i|you|users?)\b|"
    r"\b(?:should (?:i|we)|is it|is there|are there|are we|can (?:i|we|a|the|one|users?)|will it|would it|"
    r"am i|is that|any (?:limit|constraint|requirement)s?)\b"
)


def looks_like_question(text: str) -> bool:
    """A chat line that asks something: ends with '?', or opens with or contains an interrogative."""
    line = text.strip().lower()
    if not line:
        return False
    if "?" in line:
        return True
    return _INTERROGATIVE.search(line) is not None


def _is_proposal(line: str) -> bool:
    """A design put as a question without any interrogative ("trie on each node?"): the candidate wants a verdict."""
    if _PROPOSAL.search(line) is None or _INTERROGATIVE.search(line.replace("?", " ")) is not None:
        return False
    if _REQUIREMENT.search(line):  # "a node dies - fail open or closed?" asks what the system must do
        return False
    if _VERDICT_TAG.search(line):
        return True
    return len(_TECH.findall(line)) >= 2 and _REQUIREMENT_WORDS.search(line) is None


# A figure ("~500K", "10M", "20 ms", "2 KB", "3 items") and a tag asking the interviewer to confirm it.
_FIGURE = re.compile(r"(?:^|[\s~(])\d[\d.,]*\s*(?:[kmb]|ms|s|kb|mb|gb|tb|pb|%|[a-z]+)?\b")
_CONFIRMS_FIGURE = re.compile(
    r"\b(?:sounds? (?:about )?(?:right|fair|good|ok|okay|reasonable)|is (?:that|this) the idea|"
    r"(?:that|this|it) work(?:s)?(?: for you)?|ok(?:ay)? (?:with|for) you|fair|reasonable|right|ok|okay|correct)"
    r"\s*\??\s*$"
)

# Chat spellings of "you", "your", "are you" ("what would u use", "r u ok with kafka").
_CHAT_YOU = re.compile(r"\b(?:u|ya|ur|yr)\b")
_SPELLED_OUT = {"u": "you", "ya": "you", "ur": "your", "yr": "your"}


def _spelled_out(match: re.Match[str]) -> str:
    return _SPELLED_OUT[match.group(0)]


def asks_for_design(text: str) -> bool:
    """The candidate asks the interviewer to choose a technology or a design rather than state a requirement."""
    line = _CHAT_YOU.sub(_spelled_out, text.lower().replace("'", "").replace("\u2019", ""))
    if re.match(r"\W*how (?:long|many|much|often)\b", line):
        return False
    if _CONFIRMS_FIGURE.search(line) and _FIGURE.search(line) and _TECH.search(line) is None:
        return False  # "~500K a second, sound right?" puts a requirement up for confirmation
    if _HANDS_OVER.search(line) or _MY_MOVE.search(line):
        return True
    if _TECH.search(line) is None:
        return False
    if _MY_TECH_MOVE.search(line) or _PLACEMENT.search(line) or _is_proposal(line):
        return True
    if _REQUIREMENT.search(line):
        return False
    if _VERDICT.search(line) and not re.search(
        r"\b(?:ok|okay|fine|acceptable) (?:if|that|for \w+(?: \w+)? to)\b", line
    ):
        return True
    return _EITHER.search(line) is not None and len(_TECH.findall(line)) >= 2
