"""How a mention is softened: negations, hedges, and negations that state a guarantee (pure data)."""

from __future__ import annotations

import re

# A clause with one of these is negated or hedged: it mentions an area without deciding anything.
NEGATION = re.compile(
    r"\b(?:no|not|don'?t|doesn'?t|won'?t|never|without|nor|none|nothing|no idea|out of scope|"
    r"n't|haven'?t|didn'?t|can'?t|cannot|ain'?t)\b|n't\b",
    re.IGNORECASE,
)
# "maybe a second slower", "probably 3x", "maybe 100k": an estimate, not a doubt about the decision.
_ESTIMATE_AFTER = (
    r"(?!\s+(?:(?:~|about |around )?\d|"
    r"(?:a|an|one|two|three|ten)\s*(?:second|minute|hour|percent|%|x\b|ms|times|or two)))"
)
HEDGE = re.compile(
    rf"\b(?:(?:maybe|perhaps|probably){_ESTIMATE_AFTER}|might|i guess|not (?:so |really |too |very )?sure|unsure|"
    r"we could|somewhere|later problem|(?:do|tune|fix|handle) (?:it|that|this) later|come back to (?:it|that)|"
    r"for later|some kind of|if needed|i suppose|kind of|sort of|whatever|can (?:always )?add|if (?:it'?s|it is) slow|"
    r"should (?:handle|take care of|be fine|cover) (?:it|that|this)|"
    r"whatever (?:the )?default\w*|whatever works|(?:and|or) (?:other )?(?:things|stuff)|stuff like that|"
    r"that kind of (?:thing|stuff)|is (?:very |really |super )?(?:important|crucial|critical)|"
    r"the usual|depends|it depends|or something|i hope|hopefully|could help|no idea|"
    r"haven'?t (?:worked|figured|thought) (?:it |that |this )?(?:out|through|about)|not worked out|"
    r"probly|prolly|prob|idk(?!\s+~?\d)|dunno|etc|the normal stuff|where needed|depending on|did not decide|"
    r"didn'?t decide|haven'?t decided|not confident)\b",
    re.IGNORECASE,
)
# A negation that states a guarantee ("never charged twice", "no data lost") is a decision, not a dismissal.
GUARANTEE = re.compile(
    r"\b(?:never|not|no|don'?t|won'?t|can'?t|cannot)\b(?:\s+[\w'-]+){0,3}?\s+(?:twice|double\w*|duplicat\w*|"
    r"lost|lose|loses|losing|drop\w*|stale|data|5xx|oversell\w*|overwrit\w*|two times)\b"
    r"|\b(?:won'?t|wont|don'?t|dont|doesn'?t|never) (?:notice|care|mind)\b"
    r"|\bno (?:deploy|restart|downtime)\w*(?: needed)?\b"
    r"|\bwithout (?:a |any )?(?:re-?deploy\w*|deploy\w*|restart\w*|downtime)\b"
    r"|\b(?:would(?:n'?t| not)|won'?t|don'?t|do not|no need to) (?:pay|spend|buy)\b"
    r"|\bno point (?:keeping|paying|running)\b"
    r"|\b(?:can'?t|cannot|never) both\b"
    r"|\bif\b[^.;]{0,40}?\b(?:doesn'?t|does not|don'?t|isn'?t|is not|can'?t|cannot|won'?t|didn'?t|not|no)\b"
    r"|\b(?:don'?t|doesn'?t|never) forgive\b"
    r"|\b(?:don'?t|dont|doesn'?t|no) need (?:to be )?(?:real[- ]?time|exact|strong\w*|immediate\w*|global\w*)",
    re.IGNORECASE,
)

# Words that sound like a decision and decide nothing; two in a message with no number make it a name-drop.
BUZZWORDS = re.compile(
    r"\b(?:scalab\w*|cloud[- ]native|microservices?|serverless|best practices?|leverag\w*|resilien\w*|"
    r"self[- ]heal\w*|event[- ]driven|observab\w*|aiops|machine learning|service mesh|industry[- ]standard|"
    r"state[- ]of[- ]the[- ]art|highly available|robust|battle[- ]tested|modern stack)\b",
    re.IGNORECASE,
)
