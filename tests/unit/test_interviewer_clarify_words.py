"""How the interviewer reads a clarifying question: inflections, figures, typos, filler and design hand-overs."""

from __future__ import annotations

import pytest

from handlers.interviewer.clarify import ReplyKind, answer_clarification
from handlers.interviewer.clarify_words import stem, terms, typo_distance
from question_bank import QuestionBank


def reply_of(bank: QuestionBank, question_id: str, utterance: str) -> tuple[ReplyKind, int | None]:
    question = bank.get(question_id)
    assert question is not None
    reply = answer_clarification(question, utterance)
    return reply.kind, reply.index


@pytest.mark.parametrize(
    "forms",
    [
        ("share", "shared", "sharing", "shares"),
        ("drop", "dropped", "dropping", "drops"),
        ("cache", "cached", "caching"),
        ("store", "stored", "storing"),
        ("guess", "guessable"),
        ("available", "availability"),
    ],
)
def test_every_inflection_of_a_word_has_one_stem(forms: tuple[str, ...]) -> None:
    assert len({stem(form) for form in forms}) == 1


def test_a_figure_is_one_word_whatever_its_digits_and_keeps_its_unit() -> None:
    assert terms("10M users") == terms("1,000 users") == terms("a million users")
    assert terms("a 40GB file") == terms("a 2 gb file")
    assert "@size" in terms("a 40GB file")[1]
    assert "@latency" in terms("p99 of 200ms")[-1]


@pytest.mark.parametrize(
    ("word", "other", "limit", "distance"),
    [
        ("retension", "retention", 2, 1),
        ("availablity", "availability", 2, 1),
        ("recieve", "receive", 1, 1),  # two neighbours swapped: one slip
        ("kitten", "sitting", 2, 3),  # beyond the limit: limit + 1
    ],
)
def test_typo_distance_counts_slips_up_to_a_limit(word: str, other: str, limit: int, distance: int) -> None:
    assert typo_distance(word, other, limit) == distance


@pytest.mark.parametrize(
    ("question_id", "utterance", "index"),
    [
        # a typo of a clarification's word
        ("url-shortener", "whats the retension period for links", 2),
        # a figure's unit says what is asked about
        ("file-sync", "could a user upload a 30GB file", 1),
        ("chat-system", "is a 2KB text message typical", 3),
        # another inflection of the bank's word
        ("distributed-cache", "how many tenants are sharing it", 4),
        # framing words ("a problem", "bad", "a hard no") are not the topic
        ("payment-system", "is it bad if we charge someone twice", 3),
        ("rate-limiter", "is it a problem if someone goes over the limit briefly", 3),  # briefly: for a moment
        ("chat-system", "what if a message gets lost, is that a hard no", 2),
        # "how long does X take" and "load time" ask about latency; "N a second" and "/sec" are rates
        ("url-shortener", "how long does a redirect take at p99", 1),
        ("news-feed", "feed load time target?", 4),
        ("object-storage", "ttfb target?", 5),
        ("payment-system", "how many transactions a second at peak", 0),
        ("message-queue", "msgs/sec at peak?", 1),
        # a length is a size; bad words are offensive ones
        ("chat-system", "max message length?", 3),
        ("typeahead", "do we filter bad words", 4),
        # a lead-in is not the topic; "try" is filler; callers are clients
        ("url-shortener", "ok so before I sketch anything, how much traffic are we looking at for redirects?", 0),
        ("url-shortener", "before we dive in, how many new links a month", 0),
        ("web-crawler", "do we expect sites that try to trap the crawler?", 6),
        ("rate-limiter", "what should callers see when they get rate limited?", 4),
        # terse requirement questions that name a building block are not proposals
        ("message-queue", "dead letter queue?", 5),
        ("file-sync", "sync latency between devices?", 2),
    ],
)
def test_a_reworded_question_gets_the_clarification_it_asks_for(
    bank: QuestionBank, question_id: str, utterance: str, index: int
) -> None:
    assert reply_of(bank, question_id, utterance) == (ReplyKind.ANSWER, index)


@pytest.mark.parametrize(
    "utterance",
    [
        "I'd keep the mappings in DynamoDB - is that what you would do?",
        "what's the right pattern for this, event sourcing?",
        "consistent hashing across the cache nodes?",
        "a bloom filter per host, yes?",
        "should the mappings live in a single postgres instance?",
        "thoughts on cassandra for the click events?",
        "is it better to precompute the codes or generate them on the fly?",
        "which is better here, a queue or a cron job?",
        "a counter in redis, do you think that works?",
        "are we allowed to use kafka for the click stream",
        "would a tsdb like prometheus fit the click counts",
        "sorted sets in redis for this?",
    ],
)
def test_a_design_put_to_the_interviewer_gets_the_counter_question(bank: QuestionBank, utterance: str) -> None:
    assert reply_of(bank, "url-shortener", utterance) == (ReplyKind.DESIGN, None)


@pytest.mark.parametrize(
    "utterance",
    [
        "does the click data need to be updated in realtime or is a batch fine",
        "can I treat links as permanent, or is it ok for them to expire?",
        "peak traffic?",
    ],
)
def test_a_requirement_that_names_a_technology_is_not_a_design_choice(bank: QuestionBank, utterance: str) -> None:
    assert reply_of(bank, "url-shortener", utterance)[0] is not ReplyKind.DESIGN


@pytest.mark.parametrize(
    ("question_id", "utterance", "index"),
    [
        (
            "url-shortener",
            "Our sales folks paste these into newsletters, brochures and trade show booths. "
            "Should the same long URL always get the same short code?",
            4,
        ),
        (
            "file-sync",
            "architects share gigantic drawings with clients all the time; "
            "what happens when two devices edit the same file concurrently?",
            4,
        ),
    ],
)
def test_a_question_that_holds_a_whole_wording_gets_its_answer_whatever_the_scene(
    bank: QuestionBank, question_id: str, utterance: str, index: int
) -> None:
    assert reply_of(bank, question_id, utterance) == (ReplyKind.ANSWER, index)


@pytest.mark.parametrize(
    ("question_id", "utterance", "index"),
    [
        # "worldwide" sets the scene; the question asks about failure
        (
            "rate-limiter",
            "Imagine a mobile game studio hammering our api from a dozen studios worldwide - "
            "should we fail open or fail closed if the rate limiter is unavailable?",
            5,
        ),
        # "big" sets the scene; the question asks how quickly a change shows up
        ("file-sync", "for a big design studio, how quickly should a change show up on other devices", 2),
    ],
)
def test_the_attribute_asked_about_is_read_from_the_clause_that_asks(
    bank: QuestionBank, question_id: str, utterance: str, index: int
) -> None:
    assert reply_of(bank, question_id, utterance) == (ReplyKind.ANSWER, index)
