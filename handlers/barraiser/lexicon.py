"""The offline engine's own vocabulary for the ten areas (pure data, no I/O).

Written for how candidates really talk: jargon and AWS names, abbreviations, typos. The areas of the
first phases (mostly numbers) are in lexicon_requirements.py, the deep dive's in lexicon_deep_dive.py,
negations and hedges in hedges.py.
Patterns are matched case-insensitively inside one clause of a candidate's message.
"""

from __future__ import annotations

import re

from handlers.barraiser.lexicon_deep_dive import DEEP_DIVE_PATTERNS
from handlers.barraiser.lexicon_requirements import REQUIREMENT_PATTERNS
from question_bank import Area

TEN_AREAS = (
    Area.SCALE, Area.ESTIMATION, Area.CUSTOMER, Area.COST, Area.FAILURE,
    Area.IDEMPOTENCY, Area.MONITORING, Area.CONSISTENCY, Area.CACHING, Area.OPERATIONS,
)  # fmt: skip

AREA_PATTERNS: dict[Area, tuple[str, ...]] = {
    **REQUIREMENT_PATTERNS,
    **DEEP_DIVE_PATTERNS,
    Area.COST: (
        r"\$\$+",
        r"\bcents?\b",
        r"\bno reason to keep (?:machines|servers)\b",
        r"\brented\b",
        r"\bcosts?\b",
        r"(?<!be )(?<!be very )(?<!is )\bcheap(?:ly)?\b|\bcheap(?:er|est)\b",
        r"\bexpensi?ve\b",
        r"\b(?:save|saves|saving|spend|spends|waste|wastes|lose|losing|more|less|burn\w*) (?:\w+ )?money\b",
        r"\bmoney (?:goes|we|on)\b",
        r"\$\s?\d",
        r"\bdollars?\b",
        r"\bbill(?:s|ed)?\b",
        r"\bbudget\b",
        r"\bspot instances?\b",
        r"\bfrugal\w*\b",
        r"\bpay(?:ing)? (?:for|more|less|extra)\b",
        r"\bwast(?:e|es|ed|ing|eful)\b",
        r"\bsaving\b",
        r"\bhalf the (?:disks?|hardware|machines|servers|nodes|storage|brokers|fleet)\b",
        r"\bpay(?:ing)? (?:\w+ ){0,2}(?:servers?|machines?|hardware|disks?|nodes?|capacity|clusters?|fleet|brokers?)\b",
        r"\b(?:too much|so much|a lot of|lots of|real|extra|save[sd]?|wasted?) money\b",
        r"(?:^|- )money\s*(?::|is\b|-)",
        r"\bheadcount\b",
        r"\bsav(?:e|es|ed|ing)\b [^.;]{0,30}\b"
        r"(?:disks?|storage|hardware|servers?|machines?|nodes?|bandwidth|instances?)\b",
        r"\b(?:hundred|thousand|million|\d[km]?)\s?\$|\$\s?(?:a|per)\b",
        r"\bper (?:gb|tb)(?:[- ]month)?\b",
        r"\bnot worth (?:optimi[sz]\w*|paying|the (?:money|spend))\b",
        r"\b(?:keep|keeping|paying for|running) (?:that |the |a )?(?:fleet|cluster|servers?|machines) "
        r"(?:around|running|idle|all (?:month|year))\b",
        r"\b(?:committed[- ]volume|volume discount|(?:cdn|committed) pricing)\b",
        r"\bidle (?:capacity|servers?|machines?|hosts?|instances?|fleet|hours?)\b",
        r"\breserved instances?\b",
        r"\bsavings plan\b",
        r"\b(?:tco|opex|capex|egress (?:fees?|charges?|costs?)|on[- ]demand pricing)\b",
        r"\b(?:glacier|infrequent access|cold tier|storage tiers?|tiering)\b",
        r"\bpricey\b",
        r"\bspend(?:ing)?\b",
        r"\bover-?provision\w*\b",
    ),
    Area.MONITORING: (
        r"\b(?:woken|wakes? (?:someone|somebody|us|up)|phone call|gets? (?:a )?call(?:ed)?)\b",
        r"\b(?:graphs?|charts?)\b",
        r"\bwatch(?:ing)? (?:the )?"
        r"(?:p\d\d|errors?|error rate|latency|lag|queue|metrics?|dashboards?|graphs?|rates?|numbers?)\b",
        r"\bmonitor\w*\b",
        r"\bmetrics?\b",
        r"\bdashboards?\b",
        r"\balert\w*\b",
        r"\balarms?\b",
        r"\bpag(?:ed|ing)\b",
        r"\bpages? (?:if|when|on|someone|the on|us)\b",
        r"\bpage (?:the |an? )?(?:owner|owning team|team|on-?call|engineer|sre|whoever)\b",
        r"\b(?:a|the) page to\b",
        r"\bslos?\b",
        r"\bslis?\b",
        r"\btrac(?:e|es|ing)\b",
        r"\bobservab\w*\b",
        r"\bp9\d\b.*\b(?:watch|track|alert|"
        r"page|above|over|crosses)\b",
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
    Area.CACHING: (
        r"\bin memory in front of\b",
        r"\bin front of the (?:store|database|db)\b",
        r"\bnever reach (?:it|the (?:store|database|db))\b",
        r"\b(?:small|local|own) copy\b",
        r"\bkeeps? them for \d+ (?:minutes|seconds|hours)\b",
        r"\bcach\w*\b",
        r"\bttls?\b(?![- ]driven)(?<!\bheartbeat ttl)",
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
        r"\bkeep (?:them|em|it|those|these|the \w+) in (?:redis|memcached?|memory|ram)\b",
        r"\b(?:drop|delete|remove|clear|bust)s? (?:the |this |that |their |its )?(?:\w+'s )?"
        r"(?:cached )?(?:entry|entries)\b",
    ),
    Area.OPERATIONS: (
        r"\bchecklists?\b",
        r"\bhandbook\b",
        r"\bevery release\b",
        r"\bscale (?:it )?up on a schedule\b",
        r"\bturn (?:it |that )?off (?:quickly|fast|without)\b",
        r"\b(?:re-?)?deploy\w*\b",
        r"\broll(?:s|ed|ing)? ?(?:out|back)s?\b",
        r"\bswitch(?:es|ed|ing)? (?:\w+ ){0,3}back\b",
        r"\bno downtime\b",
        r"\bpre-?scal\w*\b",
        r"\b(?:scal\w* (?:\w+ ){0,2}(?:up|out)|add(?:ing)? (?:\w+ ){0,3}"
        r"(?:nodes|capacity|servers|replicas|brokers|shards))\b"
        r"[^.;]{0,40}\b(?:before|ahead|in advance)\b",
        r"\b(?:days?|weeks?|hours?|night) before (?:the |a |an )?"
        r"(?:on-?sale|sale|event|launch|peak|black friday|prime day|drop|game|match|show|release)\b",
        r"\broom for (?:\w+ ){0,3}growth\b",
        r"\bconfig\w*\b[^.;]{0,40}\b(?:push\w*|changeable|reload\w*)\b",
        r"\brollbacks?\b",
        r"\bcanar(?:y|ies)\b",
        r"\bblue[- /]green\b",
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
    "transaction": Area.CONSISTENCY, "invalidate": Area.CACHING,
    "invalidation": Area.CACHING, "eviction": Area.CACHING, "expensive": Area.COST, "cheaper": Area.COST,
    "rollback": Area.OPERATIONS, "deployment": Area.OPERATIONS, "migration": Area.OPERATIONS,
    "backfill": Area.OPERATIONS,
}  # fmt: skip
