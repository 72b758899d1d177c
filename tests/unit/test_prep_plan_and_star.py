from datetime import date

import pytest

from bot.errors import BadOption
from handlers.prep.plan import Targets, achieved, behind, current_week, intense_start, make_plan, weeks_until
from handlers.prep.star import (
    DRILL_MOMENTS,
    THEMES,
    check_answer,
    check_story,
    feedback,
    parse_principle,
    principle_fit,
)
from question_bank import LeadershipPrinciple

MONDAY = date(2026, 3, 2)


def test_four_weeks_follow_fundamentals_patterns_mocks_then_pressure() -> None:
    plan = make_plan(MONDAY, 4, "sde2")
    assert [week.focus.split(":")[0].split(" ")[0] for week in plan] == ["Fundamentals", "Patterns", "Timed", "Mocks"]
    assert plan[2].targets.mocks == 5 and plan[3].targets.interrupted_mocks == 2


@pytest.mark.parametrize(("weeks", "length"), [(1, 1), (2, 2), (3, 3), (6, 6), (8, 8)])
def test_plans_compress_or_stretch(weeks: int, length: int) -> None:
    plan = make_plan(MONDAY, weeks, "sde2")
    assert len(plan) == length
    assert "interruptions" in plan[-1].focus


def test_sde3_plans_ask_for_operations_and_failure_modes() -> None:
    assert "failure modes" in make_plan(MONDAY, 4, "sde3")[2].focus
    assert "SDE III" not in make_plan(MONDAY, 4, "sde2")[2].focus


def test_weeks_until_the_interview() -> None:
    assert weeks_until(MONDAY, date(2026, 3, 30)) == 4
    assert weeks_until(MONDAY, date(2026, 3, 4)) == 1
    assert weeks_until(MONDAY, date(2026, 12, 1)) == 8
    with pytest.raises(BadOption, match="interview_date must be in the future"):
        weeks_until(MONDAY, date(2026, 3, 1))


def test_current_week_and_what_is_behind() -> None:
    plan = make_plan(MONDAY, 4, "sde2")
    assert current_week(plan, date(2026, 3, 17)) == plan[2]
    assert current_week(plan, date(2026, 3, 30)) is None
    assert behind(plan[2].targets, Targets(mocks=3, drills=2)) == ["2 more timed mocks"]


def test_a_story_without_a_measurable_result_is_told_so() -> None:
    check = check_story(
        "Our checkout went down during a sale last year",
        "I owned the payment service",
        "I added a breaker",
        "It went well",
    )
    assert check.missing == ["a measurable result: a number (%, time, money, users) and what changed"]
    full = check_story(
        "Our checkout went down during a sale last year",
        "I owned payments",
        "I added a breaker and I paged",
        "Errors fell 90%",
    )
    assert feedback(full).startswith("A complete STAR answer")


def test_a_spoken_answer_about_the_team_is_asked_for_your_own_actions() -> None:
    check = check_answer("When our service was slow we rewrote it and we cut latency by 40%. My task was the plan.")
    assert "your own actions" in feedback(check)


@pytest.mark.parametrize(
    ("text", "principle"),
    [
        ("Ownership", LeadershipPrinciple.OWNERSHIP),
        ("customer obsession", LeadershipPrinciple.CUSTOMER_OBSESSION),
        ("frugal", LeadershipPrinciple.FRUGALITY),
    ],
)
def test_principles_by_name(text: str, principle: LeadershipPrinciple) -> None:
    assert parse_principle(text) is principle


def test_an_unknown_principle_lists_them() -> None:
    with pytest.raises(BadOption, match="lp must be a Leadership Principle: Customer Obsession"):
        parse_principle("Coolness")


@pytest.mark.parametrize(
    ("interview", "weeks", "starts"),
    [
        (None, 4, MONDAY),  # no date: from today
        (date(2026, 3, 30), 4, MONDAY),  # the weeks fill the time left
        (date(2026, 5, 1), 8, MONDAY),  # less than a week to spare is not worth a maintenance stretch
        (date(2030, 1, 1), 8, date(2029, 11, 6)),  # far off: the weeks end the day before the interview
        (date(2026, 6, 1), 2, date(2026, 5, 18)),
    ],
)
def test_the_intense_weeks_end_right_before_the_interview(interview: date | None, weeks: int, starts: date) -> None:
    assert intense_start(MONDAY, interview, weeks) == starts


def test_what_was_done_reads_in_the_singular_and_plural() -> None:
    assert achieved(Targets()) == "nothing yet"
    assert achieved(Targets(mocks=1, daily_answers=2, stories=1)) == "1 timed mock, 2 daily answers, 1 STAR story"
    assert behind(Targets(stories=2, interrupted_mocks=2), Targets(stories=1, interrupted_mocks=1)) == [
        "1 more mock with interruptions",
        "1 more STAR story",
    ]


def test_every_drilled_principle_has_themes_to_check_a_story_against() -> None:
    assert set(THEMES) == set(DRILL_MOMENTS)
    assert principle_fit("I cut our cloud bill by 30%", LeadershipPrinciple.FRUGALITY) == ""
    assert principle_fit("I argued and then committed", LeadershipPrinciple.FRUGALITY).startswith(
        "This story does not yet show Frugality"
    )


@pytest.mark.parametrize(
    ("principle", "story"),
    [
        (LeadershipPrinciple.CUSTOMER_OBSESSION, "Shoppers abandoned checkout, so I made the confirmation synchronous"),
        (LeadershipPrinciple.OWNERSHIP, "The flaky job belonged to another team, but I fixed it and wrote a runbook"),
        (LeadershipPrinciple.INVENT_AND_SIMPLIFY, "I merged three services into one and deleted 4k lines"),
        (LeadershipPrinciple.BIAS_FOR_ACTION, "I shipped behind a flag the same day, knowing we could roll back"),
        (LeadershipPrinciple.FRUGALITY, "I moved cold data to S3 and cut the monthly bill by 40%"),
        (LeadershipPrinciple.EARN_TRUST, "I told the review my design had a single point of failure"),
        (LeadershipPrinciple.DIVE_DEEP, "The average latency looked fine but p99 showed one shard timing out"),
        (LeadershipPrinciple.HAVE_BACKBONE, "I pushed back on the schema in review, then committed to the decision"),
        (LeadershipPrinciple.DELIVER_RESULTS, "We had three weeks before the launch, so I cut scope and shipped"),
        (LeadershipPrinciple.THINK_BIG, "I designed the queue for 10x today's traffic and multi-region"),
    ],
)
def test_a_story_that_fits_its_principle_is_not_told_otherwise(principle: LeadershipPrinciple, story: str) -> None:
    assert principle_fit(story, principle) == ""
