import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import BadOption
from handlers.mock.plan import LONG_PLAN, STANDARD_PLAN, parse_plan, plan_for


def test_45_minutes_is_the_standard_framework() -> None:
    assert plan_for(45) == (7, 5, 13, 13, 7)


def test_60_minutes_is_the_longer_form() -> None:
    assert plan_for(60) == LONG_PLAN
    _, _, high_level, deep_dive, trade_offs = plan_for(60)
    assert high_level > STANDARD_PLAN[2] and deep_dive > STANDARD_PLAN[3] and trade_offs > STANDARD_PLAN[4]


@given(st.integers(min_value=20, max_value=90))
def test_every_length_adds_up_and_keeps_every_phase(minutes: int) -> None:
    plan = plan_for(minutes)
    assert sum(plan) == minutes
    assert all(phase >= 1 for phase in plan)
    assert plan[2] >= plan[0] and plan[3] >= plan[1]  # design phases stay the longest


def test_shorter_and_longer_mocks_scale_the_nearer_plan_proportionally() -> None:
    # 30/45 of 7,5,13,13,7 is 4.7,3.3,8.7,8.7,4.7: whole minutes by largest remainder.
    assert plan_for(30) == (5, 3, 9, 9, 4)
    # 90/60 of 6,5,20,17,12 is 9,7.5,30,25.5,18.
    assert plan_for(90) == (9, 8, 30, 25, 18)


def test_lengths_between_45_and_60_blend_the_two_plans() -> None:
    assert plan_for(52) == (7, 5, 16, 15, 9)


def test_a_workspace_plan_is_scaled_proportionally() -> None:
    assert plan_for(60, base=(5, 5, 20, 20, 10)) == (5, 5, 20, 20, 10)
    assert plan_for(30, base=(5, 5, 20, 20, 10)) == (3, 2, 10, 10, 5)


@pytest.mark.parametrize("minutes", [19, 91, 0, -5])
def test_lengths_outside_20_to_90_are_refused(minutes: int) -> None:
    with pytest.raises(BadOption, match="between 20 and 90"):
        plan_for(minutes)


@pytest.mark.parametrize(("text", "plan"), [("7,5,13,13,7", (7, 5, 13, 13, 7)), ("5 5 20 15 10", (5, 5, 20, 15, 10))])
def test_parse_plan(text: str, plan: tuple[int, ...]) -> None:
    assert parse_plan(text) == plan


@pytest.mark.parametrize("text", ["7,5,13", "a,b,c,d,e", "7,5,13,13,0", "1,1,1,1,1", "60,60,60,60,60"])
def test_bad_plans_are_explained(text: str) -> None:
    with pytest.raises(BadOption):
        parse_plan(text)
