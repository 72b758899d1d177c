"""The offline engine's own vocabulary for the ten areas (pure data, no I/O).

Written for how candidates really talk: jargon and AWS names, abbreviations, numbers with and
without units. Patterns are matched case-insensitively inside one clause of a candidate's message.
"""

from __future__ import annotations

import re

from question_bank import Area

TEN_AREAS = (
    Area.SCALE, Area.ESTIMATION, Area.CUSTOMER, Area.COST, Area.FAILURE,
    Area.IDEMPOTENCY, Area.MONITORING, Area.CONSISTENCY, Area.CACHING, Area.OPERATIONS,
)  # fmt: skip

_NUM = (
    r"(?:~?\d[\d,.]*(?:e\d+)?\s*(?:k|m|b|bn|mm|million|billion|thousand|hundred)?|"
    r"(?:a|one|two|three|four|five|ten|twenty|fifty|a few|several|hundreds of|tens of)\s+"
    r"(?:hundred|thousand|million|billion)s?(?: \w+)?)"
)
# A count big enough to be a statement about scale ("10M users", "500k riders", not "2 riders").
_BIG = r"(?:~?\d[\d,.]*\s*(?:k|m|b|bn|mm|million|billion|thousand|hundred)\b|~?\d{3,}[\d,.]*)"
_RATE = (
    r"(?:[a-z]*/\s?s(?:ec)?\b|/day|/d|/min|/h|/hr|/month|/yr|/year|"
    r"per (?:second|sec|day|minute|hour|month|year)|a (?:second|day|month|year)|qps|rps|tps|wps)"
)

AREA_PATTERNS: dict[Area, tuple[str, ...]] = {
    Area.SCALE: (
        rf"{_NUM}\s*{_RATE}",
        rf"{_NUM}\s+(?:[a-z-]+\s+){{1,2}}{_RATE}",
        rf"{_NUM}\s+daily\b",
        r"\b(?:number|volume|amount) of (?:\w+ )?(?:users|requests|links|orders|messages|events|writes|reads)\b",
        rf"{_NUM}\s*(?:kb|mb|gb|tb|pb)\s*(?:/\s*|per |a )(?:s|sec|second|day|d|month|yr|year)\b",
        rf"{_BIG}\s*(?:users|dau|mau|riders|drivers|players|customers|orders|requests|"
        r"messages|events|links|products|objects|searches|views|rides|trips|notifications|members|devices|files)",
        r"\bhow (?:many|much traffic|big)\b",
        r"\bpeaks?\b.*\b\d+\s*x\b",
        r"\b\d+\s*x (?:peak|spike|burst)",
        r"\bread[- ]heavy\b",
        r"\bwrite[- ]heavy\b",
        r"\b\d+\s*:\s*1\b",
        r"\bmillions? of\b",
        r"\bbillions? of\b",
        r"\bhalf a billion\b",
        r"\bamazon[- ]sized\b",
        r"\b\d[\d.,]*\s*(?:million|billion|bn)\b",
        r"\b(?:dau|mau|qps|rps|tps)\b\s*(?:of|is|=|:|~|around|about)?\s*~?\d",
        r"\bconcurrent (?:users|connections|sessions|viewers|players)\b",
        r"\b\d+\s*x (?:growth|more|traffic)\b",
        r"\b(?:tenfold|10x growth|grows? \d+\s*x)\b",
        r"\bpeak (?:traffic|load|qps|rps|hour)\b[^.;]*\d",
        r"\b\d[\d.,]*(?:k|m|bn|b)\b",
        r"\b\d+\s*x (?:on|the|more|normal|traffic|load)\b",
        r"\bwhat (?:scale|volume|load)\b",
        r"\bcapped at \d",
    ),
    Area.ESTIMATION: (
        r"\d\s*(?:x|×|\*)\s*~?\d",
        r"\d\w*\s+(?:\w+\s+)?(?:x|×|\*|times)\s+~?\d",
        r"\d[^.;]*(?:->|→|=)\s*~?\d",
        r"\bdivide[ds]?\b",
        r"\bworks? out\b",
        r"\b(?:that'?s|thats|which is|so|gives|comes to|is around|is about|roughly|call it|is)"
        rf"\s*~?\d[\d,.]*\s*\w*(?:\s+[a-z-]+)?\s*{_RATE}",
        r"\b(?:that'?s|thats|which is|so|is) (?:about |around |roughly |~)?\d[\d,.]*\s*[kmgtp]?(?:bps|b/s)\b",
        r"\bback[- ]of[- ](?:the[- ])?envelope\b",
        r"\b\d+\s*(?:brokers?|nodes|servers|disks|shards|machines)\b",
        r"\b(?:86,?400|86\.4k|~?1e5 s|100k seconds)\b",
        r"\d\s*/\s*(?:86,?400|1e5|100k|\d+\s*(?:s|sec|seconds)\b)",
        r"\d[^.;≈]{0,25}(?:≈|~=)\s*~?\d",
        r"\b(?:ballpark|napkin math|rough math|do the math)\b",
        r"\b\d[\d.,]*\s*(?:kb|mb|gb|tb|pb)\s*(?:/|per|a)\s*(?:record|row|message|event|object|item|user)\b",
        r"\b(?:round(?:ed|ing)? (?:up|down)?\s*to|so about|so roughly|so around)\s*~?\d",
    ),
    Area.CUSTOMER: (
        r"\b(?:user|users|customer|customers|customer's|shopper|shoppers|rider|riders|driver|drivers|player|players|"
        r"viewer|viewers|buyer|buyers|fan|fans|people|ppl|folks|he|she|they)\b[^.;]*\b(?:sees?|seeing|waits?|"
        r"waiting|notices?|feels?|cares?|leaving|leave|angry|trust|wants?|close|closes|stop|uninstall|lose|loses|"
        r"lost|unhappy|visibly|cannot|can'?t|still can|refresh\w*|"
        r"confus\w*|annoy\w*|frustrat\w*|in trouble|think|experience|perceive\w*|charged)\b",
        r"\bfeels? (?:instant|laggy|slow|fast|snappy|broken)\b",
        r"\bpaying customers?\b",
        r"\b(?:under|below|within|less than)\s*~?\d+\s*(?:ms|milliseconds?|s|sec|seconds?)\b",
        r"\buser[- ](?:facing|perceived|experience)\b",
        r"\b(?:latency|availability) (?:targets?|budget|goals?|slas?)\b",
        r"\bcustomer (?:impact|experience|obsess\w*)\b",
        r"\bfor the (?:user|customer|rider|player|shopper|viewer)\b",
        r"\bspinner\b",
        r"\bnobody (?:can tell|notices|cares)\b",
        r"\b(?:confusing|annoying) for\b",
        r"\bshow(?:ing|s)? (?:to )?the (?:user|customer|rider|player)\b",
        r"\bblank\b",
        r"\b99\.9+\s*%?",
        r"\bshows? (?:up|the user)\b",
        r"\buser[- ]visible\b",
        r"\bend[- ]users?\b[^.;]*\b(?:see|wait|notice|feel|get|lose)\w*",
        r"\b(?:snappy|sluggish|laggy|instant(?:ly)?|feels? (?:slow|fast))\b",
        r"\bp9\d\b[^.;]*\b(?:under|below|within|<)\s*~?\d+\s*(?:ms|s)\b",
        r"\b(?:under|below|within|<)\s*~?\d+\s*(?:ms|s)\b[^.;]*\bp9\d\b",
        r"\b(?:ux|customer[- ]facing|customer[- ]visible)\b",
    ),
    Area.COST: (
        r"\bcosts?\b",
        r"(?<!be )(?<!be very )(?<!is )\bcheap(?:er|est|ly)?\b",
        r"\bexpensi?ve\b",
        r"\bmoney\b",
        r"\$\s?\d",
        r"\bdollars?\b",
        r"\bbill(?:ing)?\b(?!ing (?:service|pipeline|data))",
        r"\bbudget\b",
        r"\bspot instances?\b",
        r"\bper month\b",
        r"\bfrugal\w*\b",
        r"\bpay(?:ing)? (?:for|more|less|extra|twice)\b",
        r"\bwast(?:e|es|ed|ing|eful)\b",
        r"\bsaving\b",
        r"\bhalf the (?:disk|hardware)\b",
        r"\bidle\b",
        r"\breserved instances?\b",
        r"\bsavings plan\b",
        r"\b(?:tco|opex|capex|egress (?:fees?|charges?|costs?)|on[- ]demand pricing)\b",
        r"\b(?:glacier|infrequent access|cold tier|storage tiers?|tiering)\b",
        r"\bpricey\b",
        r"\bspend(?:ing)?\b",
        r"\bover-?provision\w*\b",
    ),
    Area.FAILURE: (
        r"\bretr(?:y|ies|ied|ying)\b",
        r"\bback-?off\b",
        r"\btime-?outs?\b",
        r"\bcircuit[- ]?breakers?\b",
        r"\bfalls? ?back\b",
        r"\bfalls? through\b",
        r"\bfalling (?:back|to)\b",
        r"\bfail(?:s|ed|ing|ure|ures)?\b",
        r"\bfail-?over\b",
        r"\bdegrad\w*\b",
        r"\bdlq\b",
        r"\bdead[- ]?letter\b",
        r"\bbulkheads?\b",
        r"\b(?:goes|is|went) down\b",
        r"\bdies\b",
        r"\bcrash\w*\b",
        r"\boutage\b",
        r"\bstandby\b",
        r"\breplica\w* (?:in|per|across|promot)\w*",
        r"\b(?:a)?sync\w* replicat\w*",
        r"\btry again\b",
        r"\breconnect\w*\b",
        r"\bnothing is lost\b",
        r"\broute around\b",
        r"\blease\w*\b",
        r"\bbackup\b",
        r"\bmulti[- ]?(?:az|region)\b",
        r"\b\d\s*azs?\b",
        r"\bzone awareness\b",
        r"\brto\b",
        r"\brpo\b",
        r"\bquorum\b",
        r"\bhealth ?checks?\b",
        r"\bpoison\b",
        r"\bload[- ]?shed\w*\b",
        r"\bredundan\w*\b",
        r"\bsecond provider\b",
        r"\bswitch over\b",
        r"\bnot available\b",
        r"\bunavailable\b",
        r"\brebuild\b",
        r"\bpromotes?\b",
        r"\bresilien\w*\b",
        r"\bfault[- ]toleran\w*\b",
        r"\bhigh[- ]availability\b",
        r"\bjitter\b",
        r"\bexponential\b",
        r"\bblast radius\b",
        r"\bdisaster recovery\b",
        r"\b(?:node|broker|region|az|host|pod|worker|leader|primary|db|database)s? (?:dies|die|crashes|fails|is lost|goes away)\b",
        r"\breplicat(?:e|ed|es|ion)\b[^.;]*\b(?:survive|lose|loss|azs?|zones?|regions?)\b",
        r"\bhedged requests?\b",
        r"\bgraceful\w*\b",
        r"\bsurviv\w*\b",
        r"\bresumable\b",
        r"\bflaky\b",
        r"\bself-?heal\w*\b",
        r"\bnode loss\b",
        r"\blos(?:e|es|ing) (?:a|one|the|an) (?:node|host|az|region|broker|replica|shard|rack|disk)\b",
        r"\bif not ready\b",
        r"\bfail[- ]?(?:open|closed)\b",
    ),
    Area.IDEMPOTENCY: (
        r"\bidempoten\w*\b",
        r"\bdedup\w*\b",
        r"\bde-dup\w*\b",
        r"\bduplicates?\b",
        r"\bexactly[- ]once\b",
        r"\bat[- ]least[- ]once\b",
        r"\bat[- ]most[- ]once\b",
        r"\btwice\b",
        r"\bdouble[- ]?(?:charge|count|click|"
        r"send|submit|book)\w*\b",
        r"\bno-?op\b",
        r"\breplay\w*\b",
        r"\bunique (?:key|constraint|id)\b",
        r"\brequest[- ]id\b",
        r"\bidempotency[- ]key\b",
        r"\bsame (?:id|key|hash|content|request|message)\b",
        r"\bseen\b",
        r"\bbloom filter\b",
        r"\bdupes?\b",
        r"\b(?:client|request|dedupe?|message|msg|event|order) (?:token|id|key)s?\b[^.;]*\b(?:once|again|same|twice|retr\w*|skip|ignore|drop)\w*",
        r"\bonly once\b",
    ),
    Area.MONITORING: (
        r"\bmonitor\w*\b",
        r"\bmetrics?\b",
        r"\bdashboards?\b",
        r"\balert\w*\b",
        r"\balarms?\b",
        r"\bpag(?:ed|ing)\b",
        r"\bpages? (?:if|when|on|someone|the on|us|to)\b",
        r"\b(?:a|the) page to\b",
        r"\bslos?\b",
        r"\bslis?\b",
        r"\btrac(?:e|es|ing)\b",
        r"\bobservab\w*\b",
        r"\bp9\d\b.*\b(?:watch|track|alert|"
        r"page|above|over|crosses)\b",
        r"\bwatch(?:ing)?\b",
        r"\berror rate\b",
        r"\bcloudwatch\b",
        r"\bprometheus\b",
        r"\bgrafana\b",
        r"\bdatadog\b",
        r"\bopentelemetry\b",
        r"\blogging\b",
        r"\bwe log\b",
        r"\bcanary metrics\b",
        r"\btelemetry\b",
        r"\binstrument\w*\b",
        r"\b(?:pagerduty|opsgenie|splunk|kibana|x-ray|new relic|honeycomb|sentry)\b",
        r"\bpager\b",
        r"\berror budget\b",
        r"\bburn rate\b",
        r"\bsynthetic (?:checks?|probes?|canaries|monitoring)\b",
        r"\bthresholds?\b",
    ),
    Area.CONSISTENCY: (
        r"\bconsisten\w*\b(?! hashing)",
        r"\beventual\w*\b",
        r"\bstale\w*\b",
        r"\bread[- ]your[- ]"
        r"(?:own[- ])?writes?\b",
        r"\bread[- ]after[- ]write\b",
        r"\btransactions?\b",
        r"\btransactional\b",
        r"\bacid\b",
        r"\bordering\b",
        r"\bin order\b",
        r"\bout of order\b",
        r"\bconflicts?\b",
        r"\blast[- ]write"
        r"[- ]wins\b",
        r"\bcap\b",
        r"\block(?:s|ing)?\b",
        r"\bsource of truth\b",
        r"\bcompare[- ]and[- ]set\b",
        r"\boptimistic\b",
        r"\bversion(?:s|ed|ing)? (?:check|number)\b",
        r"\bonly one\b.*\bwin",
        r"\bsync(?:ing|ed|hronous)?\b.*\bregion",
        r"\bvector clocks?\b",
        r"\bcrdt\b",
        r"\blineariz\w*\b",
        r"\bserializab\w*\b",
        r"\bisolation level\b",
        r"\b(?:raft|paxos|2pc|two[- ]phase commit|sagas?|outbox)\b",
        r"\bread[- ]modify[- ]write\b",
        r"\brace conditions?\b",
        r"\bmonotonic\w*\b",
        r"\bcausal\w*\b",
        r"\betags?\b",
        r"\bstrongly\b",
        r"(?-i:\b(?:CP|AP)\b)",
        r"\boversell\w*\b",
        r"\boverwrit\w*\b",
        r"\batomic\w*\b",
        r"\bapproximate\b",
        r"\bexact (?:counts?|numbers?|totals?)\b",
        r"\blast[- ]writ(?:e|er)[- ]wins\b",
        r"\border\b[^.;]*\b(?:inside|within|per) (?:a |the |one |each )?(?:partition|key|shard|chat|conversation|entity|user)\b",
        r"\b(?:day|days|hour|hours|hr|minutes?|mins?|seconds?|s) (?:old|late|behind|stale)\b[^.;]*\b(?:fine|ok|okay|acceptable)\b",
        r"\b(?:two|2) (?:ppl|people|users|riders|buyers|requests|writers|clients|devices|drivers)\b[^.;]*\bsame\b",
    ),
    Area.CACHING: (
        r"\bcach\w*\b",
        r"\bttl\b",
        r"\bcdn\b",
        r"\bcloudfront\b",
        r"\belasticache\b",
        r"\bmemcache\w*\b",
        r"\bhot keys?\b",
        r"\bhit (?:rate|ratio)\b",
        r"\bevict\w*\b",
        r"\blru\b",
        r"\binvalidat\w*\b",
        r"\bwarm(?:ed|ing)? up\b",
        r"\bin[- ]proc\b",
        r"\bmemoi[sz]\w*\b",
        r"\bwrite[- ](?:through|back|behind|around)\b",
        r"\b(?:cache|look)[- ]aside\b",
        r"\bdax\b",
        r"\bvarnish\b",
        r"\bhot set\b",
    ),
    Area.OPERATIONS: (
        r"\bdeploy\w*\b",
        r"\broll(?:ing)? ?(?:out|back)s?\b",
        r"\brollbacks?\b",
        r"\bcanar(?:y|ies)\b",
        r"\bblue[- ]green\b",
        r"\bzero[- ]downtime\b",
        r"\bmigrat\w*\b",
        r"\bbackfill\w*\b",
        r"\brunbooks?\b",
        r"(?<!to )(?<!the )\bon-?call\b(?! engineers?)",
        r"\bcapacity plan\w*\b",
        r"\bfeature flags?\b",
        r"\bconfig (?:change|push)\w*\b",
        r"\b3 ?am\b",
        r"\breindex\w*\b",
        r"\bcity by city\b",
        r"\bgame ?days?\b",
        r"\bchaos\b",
        r"\bpostmortems?\b",
        r"\bautoscal\w*\b",
        r"\bupgrade\w*\b",
        r"\bdrain\w*\b",
        r"\bci/?cd\b",
        r"\b(?:one-?box|onebox|dark launch\w*|shadow traffic|kill[- ]switch\w*)\b",
        r"\bplaybooks?\b",
        r"\bschema (?:change|evolution|version)\w*\b",
        r"\b(?:terraform|cloudformation|cdk|helm|infra(?:structure)? as code)\b",
        r"\bmaintenance window\b",
        r"\bheadroom\b",
        r"\bhpa\b",
        r"\bchange freeze\b",
        r"\bkill[- ]?switch\w*\b",
        r"\bcapacity\b[^.;]*\b(?:headroom|plan|review|forecast)\w*",
    ),
}
# One alternation per area: ten searches per clause, not two hundred.
COMPILED: dict[Area, re.Pattern[str]] = {
    area: re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)
    for area, patterns in AREA_PATTERNS.items()
}

# Single words worth catching through a typo ("moniter", "exponental", "idempotant"), by area.
TYPO_WORDS: dict[str, Area] = {
    "monitor": Area.MONITORING, "monitoring": Area.MONITORING, "dashboard": Area.MONITORING,
    "alerting": Area.MONITORING, "exponential": Area.FAILURE, "circuit": Area.FAILURE, "failover": Area.FAILURE,
    "timeout": Area.FAILURE, "retries": Area.FAILURE, "fallback": Area.FAILURE,
    "idempotent": Area.IDEMPOTENCY, "idempotency": Area.IDEMPOTENCY, "duplicate": Area.IDEMPOTENCY,
    "duplicates": Area.IDEMPOTENCY, "consistency": Area.CONSISTENCY, "consistent": Area.CONSISTENCY,
    "eventually": Area.CONSISTENCY, "transaction": Area.CONSISTENCY, "invalidate": Area.CACHING,
    "invalidation": Area.CACHING, "eviction": Area.CACHING, "expensive": Area.COST, "cheaper": Area.COST,
    "rollback": Area.OPERATIONS, "deployment": Area.OPERATIONS, "migration": Area.OPERATIONS,
    "backfill": Area.OPERATIONS,
}  # fmt: skip

# A clause with one of these is negated or hedged: it mentions an area without deciding anything.
NEGATION = re.compile(
    r"\b(?:no|not|don'?t|doesn'?t|won'?t|never|without|nor|none|nothing|no idea|out of scope|"
    r"n't|haven'?t|didn'?t|can'?t|cannot)\b|n't\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(?:maybe|perhaps|probably|might|i guess|not (?:so |really |too |very )?sure|unsure|we could|"
    r"somewhere|later problem|(?:do|tune|fix|handle) (?:it|that|this) later|come back to (?:it|that)|"
    r"for later|some kind of|if needed|"
    r"i suppose|kind of|sort of|"
    r"whatever (?:the )?default\w*|whatever works|things|stuff|"
    r"is (?:very |really |super )?(?:important|crucial|critical)|"
    r"the usual|depends|it depends|or something|i hope|hopefully|"
    r"could help|no idea|probly|prolly|prob|idk|dunno|etc|the normal stuff|where needed|depending on|did not decide|"
    r"didn'?t decide|haven'?t decided|not confident)\b",
    re.IGNORECASE,
)
# A negation that states a guarantee ("never charged twice", "no data lost") is a decision, not a dismissal.
GUARANTEE = re.compile(
    r"\b(?:never|not|no|don'?t|won'?t|can'?t|cannot)\b(?:\s+[\w'-]+){0,3}?\s+(?:twice|double\w*|duplicat\w*|"
    r"lost|lose|loses|losing|drop\w*|stale|data|5xx|oversell\w*|overwrit\w*)\b"
    r"|\b(?:won'?t|wont|don'?t|dont|doesn'?t|never) (?:notice|care|mind)\b"
    r"|\bno (?:deploy|restart|downtime)\w*(?: needed)?\b"
    r"|\b(?:don'?t|dont|doesn'?t|no) need (?:to be )?(?:real[- ]?time|exact|strong\w*|immediate\w*|global\w*)",
    re.IGNORECASE,
)
