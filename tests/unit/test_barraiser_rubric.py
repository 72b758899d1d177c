import pytest

from handlers.barraiser.coverage import analyse, covered, covered_areas, evidence, mentions
from handlers.barraiser.generic import PHASE_AREAS
from handlers.barraiser.models import BarRaiserRequest, Line
from handlers.barraiser.rubric_engine import STAR, rubric_probes
from handlers.barraiser.scorecard import rubric_scorecard
from question_bank import Area, Level, Phase, QuestionBank


def ask(bank: QuestionBank, *messages: str, phase: Phase = Phase.DEEP_DIVE, **extra: object) -> BarRaiserRequest:
    question = bank.get("url-shortener")
    assert question is not None
    return BarRaiserRequest(question, phase, Level.SDE2, tuple(Line("maya", m) for m in messages), **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "phrase", "found"),
    [
        ("I'd add a Redis cache here", "cache", True),
        ("We don't need a cache here", "cache", False),
        ("no cache at all", "cache", False),
        ("the cachet of the brand", "cache", False),
        ("p99 under 100 ms", "p99", True),
        ("99.99% availability", "99.99%", True),
    ],
)
def test_mentions_respects_words_and_negation(text: str, phrase: str, found: bool) -> None:
    assert mentions(text, phrase) is found


def test_numbers_with_units_count_as_estimation(bank: QuestionBank) -> None:
    question = bank.get("url-shortener")
    assert question is not None
    assert Area.ESTIMATION in covered_areas(evidence(question, ["That is about 4,000 req/s and 7 TB a year"]))
    assert Area.ESTIMATION not in covered_areas(evidence(question, ["We should think about it"]))


def test_probes_aim_at_what_is_not_covered_in_this_phase_first(bank: QuestionBank) -> None:
    request = ask(bank, "Redis cache in front of DynamoDB; 100M new links a month; a CDN serves 301s")
    probes = rubric_probes(request)
    assert 1 <= len(probes) <= 3
    # Deliberately changed (issue 16): probes aim at the areas the phase expects, named by area.
    assert Area(probes[0].targets[0]) in PHASE_AREAS[Phase.DEEP_DIVE]
    done = covered(analyse(request.candidate_messages))
    assert Area.CACHING in done
    assert all(Area(probe.targets[0]) not in done for probe in probes)


def test_probes_already_asked_are_not_repeated(bank: QuestionBank) -> None:
    first = rubric_probes(ask(bank, "Redis cache"))
    second = rubric_probes(ask(bank, "Redis cache", asked=frozenset(p.text for p in first)))
    assert not {p.text for p in first} & {p.text for p in second}


def test_one_probe_in_four_asks_for_a_leadership_principle_story(bank: QuestionBank) -> None:
    asked: set[str] = set()
    probes = []
    for _ in range(4):
        round_ = rubric_probes(ask(bank, "Redis cache", asked=frozenset(asked), probes_asked_before=len(asked)))
        probes += round_
        asked |= {p.text for p in round_}
    lp = [p for p in probes if p.targets[0].startswith("LP: ")]
    assert len(lp) == len(probes) // 4
    assert all(p.text.endswith(STAR) for p in lp)


def test_a_focus_steers_the_probes(bank: QuestionBank) -> None:
    request = ask(bank, "Redis cache", focus="monitoring")
    probes = rubric_probes(request)
    assert probes[0].targets == [Area.MONITORING.value]


def test_no_transcript_means_no_scorecard(bank: QuestionBank) -> None:
    assert rubric_scorecard(ask(bank)) is None


def test_the_scorecard_scores_what_was_said_with_quotes(bank: QuestionBank) -> None:
    said = "We need shorten and redirect, with custom aliases and expiry; about 100M new links a month"
    card = rubric_scorecard(ask(bank, said, "A Redis cache in front of DynamoDB"))
    assert card is not None
    by_phase = {score.phase: score for score in card.phases}
    assert [score.phase for score in card.phases] == [p.value for p in Phase] + ["leadership"]
    assert by_phase["requirements"].score >= 2
    assert any("custom aliases" in quote for quote in by_phase["requirements"].evidence)
    assert by_phase["trade-offs"].score == 1
    assert card.lean in ("lean no hire", "no hire")
    assert len(card.practise_next) == 3
