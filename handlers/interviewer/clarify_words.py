"""How candidates word a clarifying question: phrases, figures, stems, stop words and typos.

Written from general knowledge of how people ask about scale, latency, retention and the like in a
design interview; not derived from any labelled data. `terms` turns a text into a tuple of term
keys: each key set holds the word's stem (one for every inflection: "shared", "sharing" -> "shar") and
the concepts it stands for (`@latency`, `@traffic`; the table is in clarify_concepts). A figure is the
word `num` whatever its digits or magnitude, and its unit stays a word ("40GB" -> "num gb").
`typo_distance` counts the slips between a misspelt word and a known one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from handlers.interviewer.clarify_concepts import CONCEPTS

# Phrases rewritten before splitting into words, so that a phrase counts as one concept word.
PHRASES: tuple[tuple[str, str], ...] = (
    (
        r"\bhow (?:fast|quick(?:ly)?|soon|snappy)\b|"
        r"\bhow long (?:can|does|do|will|should|would|may|might|is) (?:[a-z-]+ ){0,4}(?:take|taking)\b",
        " latency ",
    ),
    (r"\bcome back to\b|\bhow often\b", " revisit "),
    (r"\bcome back\b|\btake effect\b", " respond "),
    (r"\bhow long\b", " duration "),
    (r"\bhow (?:many|much)\b", " "),
    (r"\b(?:a )?big (?:deal|thing|concern|issue|problem)\b", " concern "),
    (r"\bas (?:i|you|they|we|the user|users|people|someone) types?\b", " keystroke "),
    (r"\bdata ?points?\b", " datapoint "),
    (r"\bpub ?/ ?sub\b|\bpubsub\b", " subscriber "),
    (r"\blat(?:itude)? ?(?:/|and|&|-) ?(?:long|lng|lon)(?:gitude)?\b", " latitude longitude "),
    (r"\b(?:at most|no more than|upper bound|hard limit)\b|\bup to (?=[~\d])", " limit "),
    (r"\b(?:orders? of magnitude|here and there|end(?:s|ed)? up|in (?:general|practice))\b", " "),
    (r"\bavailability zones?\b", " az "),
    (r"\bsystem of record\b|\bsource of truth\b", " rebuild "),
    (r"\btimes? out\b", " failure "),
    (r"\bin place\b", " immutable "),
    (r"\b(?:at the same time|same moment|at once|simultaneous(?:ly)?|in parallel)\b", " concurrent "),
    (r"\b(?:out of date|up to date|behind)\b", " stale "),
    (r"\bend[ -]to[ -]end\b", " e2e "),
    (r"\bre-?(?:read|play|process|consume)\b", " replay "),
    (r"\bgo back\b", " replay "),
    (r"\bin scope\b|\bpart of (?:this|the design|scope)\b", " scope "),
    (r"\bread[ -]after[ -]write\b", " consistency "),
    (r"\bbyte[ -]range\b", " range "),
    (r"\b1:1\b|\bone[ -]to[ -]one\b|\bdms?\b", " direct "),
    (r"\bon[ -]call\b", " page "),
    (r"\bwoken up\b|\bwake (?:up|someone)\b", " page "),
    (r"\bblack friday|prime day|new years? eve|rush hour|evening rush\b", " peak "),
    (r"\bco-?edit(?:ing)?\b", " conflict edit "),
    (r"\b(?:before|so) (?:i|we) (?:sketch|draw|dive|jump|start|begin|design|go|get|move)\b[^,?.:;-]*", " "),
    (r"\bttfb\b|\bhow long (?:can|will|should|do|does|would|must) (?:[a-z-]+ ){0,3}wait\b", " latency "),
    (r"\bworking sets?\b", " memory "),
    (r"\bbad words?\b|\bswear ?words?\b|\bnsfw\b|\bslurs?\b|\binappropriate\b|\bprofan\w*", " offensive "),
    (r"\bload(?:ing)? times?\b|\btime to (?:load|render|first byte)\b", " latency "),
    (
        r"\bper sec(?:ond)?\b|/s\b|/sec(?:ond)?\b|"
        r"(?<!within )(?<!under )(?<!than )(?<!in )\b(?:a|each|every) sec(?:ond)?\b",
        " rate ",
    ),
    # A figure put up for the interviewer to confirm ("~500K a second, sound right?"): the tag is no topic.
    (
        r"\b(?:does |do )?(?:that |this |it )?sounds? (?:about )?(?:right|fair|good|ok|okay|reasonable|sane)\b|"
        r"\b(?:is (?:that|this|it) )?(?:fair|reasonable|sane)\s*\?|\bis (?:that|this) the idea\b|"
        r"\b(?:does|would|will) (?:that|this|it) work(?: for you)?\b|\bok(?:ay)? (?:with|for) you\b",
        " ",
    ),
    (r"\b(?:roll|rolls|rolled|turn|turns|flip|flips) over\b|\bstart(?:s)? (?:over|afresh|fresh)\b", " reset "),
)


def _words(text: str) -> list[str]:
    return text.split()


STOP_WORDS = frozenset(
    _words(
        """a an the and or but if of to in on at for from by with about as into over per than then so
    is are was were be been being am do does did doing done have has had having will would should shall
    can could may might must i we you he she it they me us my our your their its this that these those
    there here what which who whom whose when how why ok okay so just also too very really roughly like
    any some all each every other another one anything something get got gets go going ever thing
    yeah yes no not dont don doesnt isnt arent cant im ive right well kind sort of bit lot typical
    expect expected expecting talking talk looking look aiming aim planning plan assume supposed want
    mean say said think thinking question wonder wondering case happen happens guy guys else way
    basically actually actualy probably maybe pretty quite stuff things land hooked ballpark roughly
    round wise allowed able okay fine thanks cool great okay requirement requirements overall total
    whats hows wheres whos thats its theres dont doesnt someone somebody anyone anybody strict
    them themselves itself up out still yet already few several given exactly mostly generally usually
    typically normally currently now here until through halfway style ready existing actully acutally realy
    during while between onto since via across against among upon again vs versus ones compared compare
    concern concerns problem problems issue issues bad hard everything somewhere anywhere thru type point side make
    try trying tried bother matter whatever worry worried care required mandatory necessary tolerance tolerate tolerable
    """
    )
)

_WORD = re.compile(r"[a-z0-9]+")


def stem(word: str) -> str:
    """A light suffix-stripping stem that gives every inflection of a word one key.

    `shared`, `share` and `sharing` -> `shar`; `dropped` and `drops` -> `drop`; `messages` -> `messag`.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    return _tidy(_strip(word))


def _tidy(base: str) -> str:
    """Drop a final silent `e` and undouble a final consonant, so a stripped stem meets its bare word."""
    if len(base) > 4 and base.endswith("e") and not base.endswith(("ee", "ie")):
        base = base[:-1]
    if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz" + "aeiou":
        base = base[:-1]
    return base


def _strip(word: str) -> str:
    for suffix in ("ational", "ization", "isation", "ations", "ation", "ments", "ment", "ness", "ingly", "edly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    for suffix in ("ability", "able"):  # guessable -> guess, availability -> avail
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    for suffix in ("ing", "ies", "ied", "ed", "ly", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                return base + "e"
            if suffix == "s" and base.endswith(("s", "u", "i", "a")):
                return word
            return base
    return word


def _by_stem(concepts: dict[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """The concept table keyed by stem too, so that any inflection of a listed word names its concepts."""
    found: dict[str, set[str]] = {}
    for word, names in concepts.items():
        for key in (word, stem(word)):
            found.setdefault(key, set()).update(names)
    return {key: frozenset(names) for key, names in found.items()}


# A figure is one word, `num`, whatever its digits or magnitude ("10M", "1,000", "2.5", "a million"), and
# keeps its unit as a word of its own ("40GB" -> "num gb", "200ms" -> "num ms"): the figure a candidate
# guesses is rarely the bank's, while its unit says what is asked about.
_UNIT = (
    r"(?:[kmgtp]i?b|bytes?|ms|us|ns|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|d|days?|wks?|weeks?|mo|months?|"
    r"yrs?|years?|k|m|b|bn|mm|x|qps|rps|tps|rpm|pct|percent)"
)
FIGURES: tuple[tuple[str, str], ...] = (
    (r"(?<![a-z0-9.,])\d+(?:[.,]\d+)*(?:k|m|b|bn|mm|x)?(?![a-z0-9])", " num "),
    (r"(?<![a-z0-9.,])\d+(?:[.,]\d+)*(?=" + _UNIT + r"\b)", " num "),
    (r"\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?)\b", " num "),
)


# Compiled once: `re.sub` with a pattern string looks it up in `re`'s cache on every call, and recompiles it
# once the bot's other patterns have pushed it out of that cache (512 entries).
_REWRITES = tuple((re.compile(pattern), replacement) for pattern, replacement in (*FIGURES, *PHRASES))


def _normalise(text: str) -> str:
    text = text.lower().replace("'", "").replace("\u2019", "")
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=8192)
def word_keys(word: str) -> frozenset[str]:
    """A word's keys: its stem and the concepts it stands for."""
    stemmed = stem(word)
    found = set(_CONCEPTS_BY_STEM.get(word, ())) | set(_CONCEPTS_BY_STEM.get(stemmed, ()))
    for prefix in ("personalis", "personaliz"):
        if word.startswith(prefix):
            found.add("@personal")
    return frozenset({stemmed, *found})


_CONCEPTS_BY_STEM = _by_stem(CONCEPTS)


@lru_cache(maxsize=4096)
def terms(text: str) -> tuple[frozenset[str], ...]:
    """The content words of a text, each as its set of keys (stem plus concepts), stop words left out."""
    return tuple(word_keys(word) for word in content_words(text))


@lru_cache(maxsize=4096)
def content_words(text: str) -> tuple[str, ...]:
    """The content words of a text as written (lower case, phrases rewritten), stop words left out."""
    return tuple(word for word in _WORD.findall(_normalise(text)) if word not in STOP_WORDS and len(word) > 1)


@lru_cache(maxsize=65536)
def trigrams(word: str) -> frozenset[str]:
    """Character trigrams of a padded word, for typo-tolerant matching."""
    padded = f"#{word}#"
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def typo_distance(word: str, other: str, limit: int) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from `word` to `other`; above `limit`, limit + 1."""
    if abs(len(word) - len(other)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(other) + 1))
    for i, char in enumerate(word, start=1):
        current = [i] + [0] * len(other)
        for j, other_char in enumerate(other, start=1):
            cost = char != other_char
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == other[j - 2] and word[i - 2] == other_char:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)
