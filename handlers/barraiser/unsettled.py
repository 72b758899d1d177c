"""Mentions that settle nothing (pure). Some words of an area mean something else in a clause (a TTL on
a stored record, a number in an alert threshold); some mentions decide nothing (a question, tool names
alone). The coverage analysis (coverage.py) asks `another_sense` and `settles_nothing` of each hit."""

from __future__ import annotations

import re

from handlers.barraiser.lexicon import COMPILED
from question_bank import Area

# Asking how big or for whom settles scale or the customer's side; asking anything else decides nothing.
ASKING_COVERS = frozenset({Area.SCALE, Area.CUSTOMER})
# Tool names that settle nothing alone ("Grafana for observability"): a threshold, a number or what
# is watched must come with them.
NAMES_DECIDE_NOTHING = {
    Area.MONITORING: re.compile(
        r"\b(?:prometheus|grafana|datadog|cloudwatch|opentelemetry|new relic|splunk|kibana|honeycomb|sentry|x-ray|"
        r"observab\w*|telemetry)\b",
        re.IGNORECASE,
    ),
    Area.OPERATIONS: re.compile(r"\b(?:autoscal\w*|hpa|terraform|helm|cloudformation|cdk|ci/?cd)\b", re.IGNORECASE),
}
_CONCRETE = {
    Area.MONITORING: re.compile(
        r"\b\d|\b(?:alert\w*|alarm\w*|pag(?:e|ed|es|ing)|threshold\w*|slos?|dashboards?|error rate|lag|p9\d)\b", re.I
    ),
    Area.OPERATIONS: re.compile(
        r"\b\d|\b(?:roll\w* ?back|canar\w*|runbook\w*|on-?call|drain\w*|migrat\w*|backfill\w*|deploy\w*|"
        r"queue depth|cpu|backlog|target)\b",
        re.I,
    ),
}


ALERT_THRESHOLD = re.compile(
    r"\b(?:pag(?:e|es|ed|ing)|alarm\w*|alert\w*|sev ?\d)\b[^.;]*[<>]"
    r"|[<>][^.;]*\b(?:pag(?:e|es|ed|ing)|alarm\w*|alert\w*)\b",
    re.IGNORECASE,
)
_TTL = re.compile(r"\bttls?\b", re.IGNORECASE)
_STORED_RECORD = re.compile(
    r"\b(?:table|ddb|dynamo\w*|dedup\w*|registry|heartbeats?|holds?|leases?|sessions?|idempoten\w*|"
    r"conditional|rows?)\b",
    re.IGNORECASE,
)


def expiry_not_cache(clause: str) -> bool:
    """A TTL on a stored record ("dedup key in DDB with a 24h TTL", "seat holds with a TTL") is expiry, not a cache."""
    hits = [hit.group() for hit in COMPILED[Area.CACHING].finditer(clause)]
    return bool(hits) and all(_TTL.fullmatch(hit) for hit in hits) and bool(_STORED_RECORD.search(clause))


def tools_only(clause: str, area: Area) -> bool:
    """The clause names tools for `area` and says nothing concrete about it."""
    if area not in NAMES_DECIDE_NOTHING:
        return False
    return not _CONCRETE[area].search(clause) and all(
        NAMES_DECIDE_NOTHING[area].fullmatch(hit.group()) for hit in COMPILED[area].finditer(clause)
    )


def another_sense(clause: str, area: Area) -> bool:
    """The clause's words for `area` mean something else here: the area is not mentioned at all."""
    if area is Area.CACHING:
        return expiry_not_cache(clause)
    if area is Area.SCALE:  # "page if lag > 100k msgs": a threshold, not the size of the problem
        return bool(ALERT_THRESHOLD.search(clause))
    return False


def settles_nothing(clause: str, area: Area, question: bool) -> bool:
    """The mention decides nothing about `area`: a question about anything but size or users, or tool names."""
    asked = question and area not in ASKING_COVERS and not re.search(r"\d", clause)
    return asked or tools_only(clause, area)
