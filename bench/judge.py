"""An independent judge: which areas a probe's text asks about.

    python -m bench.judge [--json]      (agreement with the hand labels in tests/data/eval/probes.tsv)

It reads only the probe's words. Its vocabulary is written here, separately from the engine's
(handlers/barraiser/) and from the question bank's detection phrases, and it never sees a probe's
`targets`. It is deliberately simple: one list of patterns per area, matched on the question being
asked. Tuned on a seeded two thirds of probes.tsv; the other third is only measured.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

AREAS = (
    "scale", "estimation", "customer", "cost", "failure",
    "idempotency", "monitoring", "consistency", "caching", "operations",
)  # fmt: skip
DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "eval"
# Two hand-labelled sets: probes written apart from the bank, and the bank's own probe texts.
PROBE_SETS = {"written": DATA / "probes.tsv", "bank": DATA / "bank_probes.tsv"}
SEED = 16

_WORDS: dict[str, tuple[str, ...]] = {
    "scale": (
        r"how many (?:orders|users|riders|drivers|requests|people|links|messages|events|trips|of them)",
        r"how much traffic",
        r"\bvolume\b",
        r"\bgrows?\b.*\b(?:tenfold|\d+x|times)\b",
        r"tenfold",
        r"\bpeak multiplier\b",
        r"average or the peak",
        r"worst hour",
        r"\bday one\b",
        r"\bscale\b",
        r"\bdau\b",
        r"\bholiday peak\b",
        r"\bqps\b.*\b(?:average|peak)\b",
        r"how big",
        r"\bgrowth\b",
    ),
    "estimation": (
        r"\bmath\b",
        r"\bnumbers\b.*\b(?:through|walk)\b",
        r"walk me through the numbers",
        r"per second",
        r"how much storage",
        r"add up to",
        r"bandwidth",
        r"how many (?:app )?servers",
        r"how many brokers",
        r"back[- ]of[- ](?:the[- ])?envelope",
        r"\bestimate\b",
        r"\broughly how (?:much|many)\b",
    ),
    "customer": (
        r"\b(?:user|users|shopper|rider|driver|customer|player|players|viewer|buyer|seller)s?\b.*"
        r"\b(?:see|sees|notice|care|feel|hurt|rather|screen|experience)\b",
        r"who is hurt",
        r"would (?:a |the )?(?:user|viewer|customer)s? notice",
        r"\bwhat does the (?:\w+ )?page do\b",
        r"\bfor (?:players|users|customers)\b",
        r"\bwhat does the \w+ see\b",
    ),
    "cost": (
        r"\bcosts?\b(?! the team)",
        r"\beven needed\b",
        r"\bcheap(?:er|est)?\b",
        r"\bbill\b",
        r"\bbudget\b",
        r"\bexpensive\b",
        r"\bspend\b",
        r"\bpaying\b",
        r"\bmoney\b",
        r"single \w+ box",
        r"per month",
        r"\bsaved?\b.*\bmoney\b",
        r"could a single",
        r"\bfrugal",
    ),
    "failure": (
        r"\bgoes down\b",
        r"\bdown\b",
        r"\bfails?\b",
        r"\bfail(?:s|ed|ing)? ?over\b",
        r"\bfailover\b",
        r"\bcrash(?:es|ed)?\b",
        r"stops responding",
        r"\btimes? ?out\b",
        r"\btimeouts?\b",
        r"\bgiving up\b",
        r"\b(?:is|are|gets) slow\b",
        r"\bslow\b.*\bp\d\d",
        r"\b500s\b",
        r"\bretries\b.*\bworse\b",
        r"\bzone\b.*\b(?:disappear|lost|outage)",
        r"\blose\b",
        r"\bfall\b.*\bbehind\b",
        r"\bcan'?t be reached\b",
        r"\bunreachable\b",
        r"\brestarts?\b",
        r"\boutage\b",
        r"\bfail (?:open|closed)\b",
        r"\bpartition\b",
        r"\bavailability target\b",
        r"\bstandby\b",
        r"\bcircuit\b",
        r"\bdegrad",
        r"\bfallback\b",
    ),
    "idempotency": (
        r"\bdouble[- ](?:click|charge|points|submit)",
        r"\btwice\b",
        r"\bthree times\b",
        r"\bcharged only once\b",
        r"\bonly once\b",
        r"\bexactly[- ]once\b",
        r"\bat[- ]least[- ]once\b",
        r"\bidempoten",
        r"\bdedup",
        r"\bduplicates?\b",
        r"\breplayed\b",
        r"\bsame (?:\w+ )?(?:webhook|message|event|request)\b.*\b(?:again|twice)",
        r"how many orders do we create",
        r"\bretries? the payment\b",
        r"\bbefore committing\b",
        r"\bmay have charged\b",
    ),
    "monitoring": (
        r"\bdashboards?\b",
        r"\balerts?\b",
        r"\bpag(?:e|es|ed|ing)\b(?! (?:do|load))",
        r"\bmetrics?\b",
        r"\bslos?\b",
        r"\btrace\b",
        r"\btracing\b",
        r"\blog\b",
        r"\blogging\b",
        r"\bmonitor",
        r"know (?:this|it|that) is broken",
        r"\bnotice\b.*\bdeploy|\bdeploy\b.*\bnotice\b",
        r"how (?:quickly|fast|soon) do you notice",
        r"\bmeasure it\b",
        r"\blatency has (?:doubled|spiked)\b",
        r"on-call engineer see",
    ),
    "consistency": (
        r"\bconsisten(?!t hashing)",
        r"\bstale\b",
        r"\bread (?:their|your) own\b",
        r"\bwhose version\b",
        r"\bwins\b",
        r"\bin the order\b",
        r"\bordering\b",
        r"\bout of order\b",
        r"\bpartition\b",
        r"\bsame moment\b",
        r"double assignment",
        r"\bexactly right\b",
        r"\bclose\W*\s+fine\b",
        r"\bslightly old\b",
        r"\binvalidate\b",
        r"\bconflicts?\b",
        r"\btransactions?\b",
        r"\bread-after-write\b",
    ),
    "caching": (
        r"\bcache[ds]?\b(?! (?:cluster |node )?(?:goes down|is down|fails|restarts))",
        r"\bcaching\b",
        r"\bhit rate\b",
        r"\bhit ratio\b",
        r"\bhot key\b",
        r"\bone key gets\b",
        r"\bttl\b",
        r"\bcdn\b",
        r"\bedge\b",
        r"\bwarmed?\b",
        r"\beviction\b",
    ),
    "operations": (
        r"\broll ?(?:out|back)\b",
        r"\bdeploys?\b",
        r"\bwithout downtime\b",
        r"\bzero[- ]downtime\b",
        r"\bmigrat",
        r"\bbackfill",
        r"\b3 ?am\b",
        r"\bfirst step\b",
        r"\bplan capacity\b",
        r"capacity planning",
        r"\brunbook",
        r"\bon-call\b(?! engineer see)",
        r"\bgrowing forever\b",
        r"\btest failover\b",
        r"\bundo it\b",
        r"\bwhat does a page cost\b",
        r"\bthe team\b",
    ),
}
_LP = re.compile(r"\b(?:tell me about a (?:time|project)|describe a situation|give me an example|a time you)\b", re.I)
_PATTERNS = {area: [re.compile(word, re.IGNORECASE) for word in words] for area, words in _WORDS.items()}


def asked_part(text: str) -> str:
    """The question being asked: the sentences ending in '?', or all of it when none does."""
    sentences = re.findall(r"[^.?!]*[?]", text)
    return " ".join(sentences) if sentences else text


def judge(text: str) -> set[str]:
    """The areas among the ten (or `lp`, or `other`) that a probe's text asks about."""
    if _LP.search(text):
        return {"lp"}
    found = {area for area, patterns in _PATTERNS.items() if any(p.search(text) for p in patterns)}
    return found or {"other"}


@dataclass(frozen=True)
class Agreement:
    probes: int
    exact: float  # judged set equals the hand label
    overlap: float  # judged set shares at least one area with the hand label
    per_area: dict[str, tuple[float, float]]  # precision, recall


def labelled_probes(which: str = "written") -> list[tuple[str, set[str]]]:
    rows = PROBE_SETS[which].read_text(encoding="utf-8").splitlines()[1:]
    return [(text, set(areas.split(","))) for text, areas in (row.split("\t") for row in rows if row.strip())]


def split(rows: list[tuple[str, set[str]]]) -> tuple[list[tuple[str, set[str]]], list[tuple[str, set[str]]]]:
    """(tune, held-out): a seeded third of the probes is held out and never tuned on."""
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)
    held = set(order[: len(rows) // 3])
    return [r for i, r in enumerate(rows) if i not in held], [r for i, r in enumerate(rows) if i in held]


def agreement(rows: list[tuple[str, set[str]]]) -> Agreement:
    judged = [judge(text) for text, _ in rows]
    per_area = {}
    for area in (*AREAS, "lp", "other"):
        hit = sum(1 for got, (_, want) in zip(judged, rows, strict=True) if area in got and area in want)
        said = sum(1 for got in judged if area in got)
        true = sum(1 for _, want in rows if area in want)
        per_area[area] = (round(hit / said, 3) if said else 1.0, round(hit / true, 3) if true else 1.0)
    pairs = list(zip(judged, (want for _, want in rows), strict=True))
    return Agreement(
        probes=len(rows),
        exact=round(sum(got == want for got, want in pairs) / len(rows), 3),
        overlap=round(sum(bool(got & want) for got, want in pairs) / len(rows), 3),
        per_area=per_area,
    )


def audit() -> list[str]:
    """Bank probes (signal probes and the deep-dive, failure and cost lists) the judge does not read as their area."""
    from question_bank import load_bank

    failing = []
    for question in load_bank():
        listed = (*question.deep_dive_probes, *question.failure_probes, *question.cost_probes)
        items = [(signal.area.value, signal.probe) for _, signal in question.signals()]
        for area, text in items + [(probe.area.value, probe.text) for probe in listed]:
            area = "scale" if area == "scaling" else area
            if area in AREAS and area not in judge(text):
                failing.append(f"{question.id} [{area}] judged {sorted(judge(text))}: {text}")
    return failing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="print the tuning probes the judge gets wrong")
    parser.add_argument("--audit", action="store_true", help="print bank probes not read as their area")
    args = parser.parse_args()
    if args.audit:
        print("\n".join(audit()))
        return
    results: dict[str, dict[str, object]] = {}
    for which in PROBE_SETS:
        tune, held = split(labelled_probes(which))
        if args.show:
            for text, want in tune:
                if judge(text) != want:
                    print(f"{which}: {sorted(want)} judged {sorted(judge(text))}: {text}")
        for name, rows in (("tune", tune), ("heldout", held)):
            results[f"{which}-{name}"] = agreement(rows).__dict__
    if args.json:
        print(json.dumps(results))
        return
    for name, figures in results.items():
        print(f"{name:16} probes {figures['probes']}  exact {figures['exact']}  overlap {figures['overlap']}")
        for area, (precision, recall) in figures["per_area"].items():  # type: ignore[attr-defined]
            print(f"  {area:12} precision {precision:.2f}  recall {recall:.2f}")


if __name__ == "__main__":
    main()
