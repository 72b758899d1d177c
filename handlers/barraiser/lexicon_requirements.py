"""Words for the areas the first phases settle: scale, estimation, customer (pure data).

Mostly numbers: counts and rates with and without units ("115/s", "10M a day", "~7 TB/yr",
"two hundred thousand per second"), arithmetic, and latency a user would feel.
"""

from __future__ import annotations

from question_bank import Area

# Numbers people spell out: "ten", "fifty", "eighty-six", "a hundred", "twelve hundred".
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_WORD = (
    rf"(?:a|an|a few|several|hundreds of|tens of|{_UNITS}|ten|eleven|twelve|thirteen|fifteen|twenty|thirty|forty|fifty|"
    rf"sixty|seventy|eighty|ninety)(?:-{_UNITS})?"
)
_NUM = (
    r"(?:~?\d[\d,.]*(?:e\d+)?\s*(?:k|m|b|bn|mm|million|billion|thousand|hundred)?|"
    rf"{_WORD}\s+(?:hundred|thousand|million|billion)s?(?: (?:thousand|million))?)"
)
# A count big enough to be a statement about scale ("10M users", "500k riders", not "2 riders").
_BIG = (
    r"(?:~?\d[\d,.]*\s*(?:k|m|b|bn|mm|million|billion|thousand|hundred)\b|~?\d{3,}[\d,.]*|"
    rf"{_WORD}\s+(?:thousand|million|billion)\b)"
)
_RATE = (
    r"(?:[a-z]*/\s?s(?:ec)?\b|/day|/d|/min|/h|/hr|/month|/yr|/year|"
    r"per (?:second|sec|day|minute|hour|month|year)|a (?:second|day|month|year)|qps|rps|tps|wps)"
)


REQUIREMENT_PATTERNS: dict[Area, tuple[str, ...]] = {
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
        r"\b\d{2,}[\d.,]*k\b|\b\d[\d.,]*(?:m|bn|b)\b",
        r"\b\d+\s*x (?:on|the|more|normal|traffic|load)\b",
        r"\bwhat (?:scale|volume|load)\b",
        r"\bcapped at \d",
    ),
    Area.ESTIMATION: (
        r"\d\s*(?:x|×|\*)\s*~?\d",
        r"\d\w*\s+(?:\w+\s+){0,2}(?:x|×|\*|times)\s+~?\d",
        r"\d[^.;]*(?:->|→|=)\s*~?\d",
        r"\d[^.;]{0,20}\bdivided? by\b|\bdivided? by\s+~?\d",
        r"\bworks? out (?:to|at|as)\b",
        r"\b(?:that'?s|thats|which is|so|gives|comes to|is around|is about|roughly|call it|is)"
        rf"\s*~?\d[\d,.]*\s*\w*(?:\s+[a-z-]+)?\s*{_RATE}",
        r"\b(?:that'?s|thats|which is|so|gives|comes to|works out to)\s+(?:roughly |about |around |something like )?"
        rf"{_NUM}(?:\s+[a-z-]+){{0,2}}\s*{_RATE}",
        r"\b(?:times|x|×)\s+"
        r"(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|a hundred|a thousand)\b",
        r"\b(?:that'?s|thats|which is|so|is) (?:about |around |roughly |~)?\d[\d,.]*\s*[kmgtp]?(?:bps|b/s)\b",
        r"\bback[- ]of[- ](?:the[- ])?envelope\b",
        r"\b\d{2,}[\d,]*\s*(?:brokers?|nodes|servers|disks|shards|machines|boxes|pods)\b",
        r"\b(?:86,?400|86\.4k|~?1e5 s|100k seconds)\b",
        r"\d\s*/\s*(?:86,?400|1e5|100k|\d+\s*(?:s|sec|seconds)\b)",
        r"\d[^.;≈]{0,25}(?:≈|~=)\s*~?\d",
        r"\b(?:napkin math|rough math|do the math)\b",
        r"\b\d[\d.,]*\s*(?:kb|mb|gb|tb|pb)\s*(?:/|per|a)\s*(?:record|row|message|event|object|item|user)\b",
        r"\b(?:round(?:ed|ing)? (?:up|down)?\s*to|so about|so roughly|so around)\s*~?\d",
    ),
    Area.CUSTOMER: (
        r"\b(?:user|users|customer|customers|customer's|shopper|shoppers|rider|riders|driver|drivers|player|players|"
        r"viewer|viewers|buyer|buyers|fan|fans|people|ppl|folks|he|she|someone|nobody|everyone|devs|callers?)\b[^.;]*\b(?:sees?|seeing|waits?|"
        r"waiting|notices?|feels?|cares?|hate|remember|expect|complain\w*|give up|leaving|leave|angry|trust|"
        r"wants?|close|closes|uninstall|lose|loses|get|gets|go|goes|lands?|usable|"
        r"lost|unhappy|visibly|cannot|can'?t|still can|refresh\w*|"
        r"confus\w*|annoy\w*|frustrat\w*|in trouble|think|experience|perceive\w*|charged|disappointed|upset|"
        r"forgive|can still|buy|book|pay|walk away|cheated)\b",
        r"\bfeels? (?:instant|laggy|slow|fast|snappy|broken)\b",
        r"\bpaying customers?\b",
        r"\b(?:protects? (?:users|customers)|usable for|legitimate (?:customers?|users?))\b",
        r"\b(?:costs? (?:us )?sales|lose sales|conversion)\b",
        r"\bp9\d\s*(?:<|<=|≤)\s*~?\d+\s*(?:ms|s)\b",
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
        r"\binstead of (?:eating|getting|seeing|showing|hitting) (?:an? |the )?(?:\w+ ){0,2}"
        r"(?:5xx|errors?|error pages?|failures?|spinners?|blank)\b",
        r"\b(?:block|blocking|hurt|hurting|punish\w*|shut\w* out|turn\w* away|lock\w* out) "
        r"(?:every|all|the|a|our) (?:\w+ )?"
        r"(?:users?|customers?|players?|riders?|shoppers?|clients?|viewers?)\b",
        r"\b(?:beats?|better than|worse than) an? (?:5xx|error|error page|spinner|blank page)\b",
        r"\b(?:show|shows|showing|display|displays)\b\s*(?:a |an |them |the user |users )?[\"“']",
        r"\b(?:lose|losing|lost|throw\w* away|overwrit\w*|delet\w*) (?:a |the )?(?:user|customer)'?s\b",
        r"\b(?:user|users|customer|customers|buyer|buyers|shopper|shoppers|rider|riders|viewer|viewers) "
        r"(?:came|come|comes) (?:for|to)\b",
    ),
}
