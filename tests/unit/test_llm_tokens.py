"""The token estimate's calibration: a ratio per model, learnt from what servers report, bounded."""

from __future__ import annotations

from bot.llm_tokens import (
    IMAGE_TOKENS,
    MAX_RATIO,
    MIN_RATIO,
    TokenCalibration,
    chars_for,
    estimate_messages,
    estimate_tokens,
)


def test_a_model_never_seen_keeps_the_plain_estimate() -> None:
    assert TokenCalibration().ratio("gpt-4o-mini") == 1.0
    assert estimate_tokens("x" * 400) == 100


def test_the_first_answer_sets_the_ratio_and_later_ones_move_it_gradually() -> None:
    calibration = TokenCalibration()
    calibration.observe("small-model", estimated=1000, actual=1600)
    assert calibration.ratio("small-model") == 1.6
    for _ in range(30):
        calibration.observe("small-model", estimated=1000, actual=1200)
    assert abs(calibration.ratio("small-model") - 1.2) < 0.01
    calibration.observe("small-model", estimated=1000, actual=4000)  # one odd answer
    assert calibration.ratio("small-model") < 1.2 + 0.2 * 2.8 + 0.01  # weighs a fifth, no more


def test_each_model_has_its_own_ratio() -> None:
    calibration = TokenCalibration()
    calibration.observe("a", estimated=1000, actual=2500)
    assert calibration.ratio("a") == 2.5
    assert calibration.ratio("b") == 1.0


def test_the_ratio_is_bounded() -> None:
    calibration = TokenCalibration()
    calibration.observe("a", estimated=1000, actual=100_000)
    calibration.observe("b", estimated=1000, actual=1)
    assert (calibration.ratio("a"), calibration.ratio("b")) == (MAX_RATIO, MIN_RATIO)


def test_no_usage_or_a_tiny_prompt_teaches_nothing() -> None:
    calibration = TokenCalibration()
    calibration.observe("a", estimated=1000, actual=0)  # a server that reports no usage
    calibration.observe("a", estimated=5, actual=40)  # fixed overheads dominate a prompt this small
    assert calibration.ratio("a") == 1.0


def test_estimates_scale_with_the_ratio_and_chars_for_inverts_them() -> None:
    assert estimate_tokens("x" * 400, ratio=1.6) == 160
    assert chars_for(160, ratio=1.6) == 400
    assert estimate_messages([{"role": "system", "content": "x" * 200}, {"role": "user", "content": "y" * 200}]) == 100


def test_a_message_with_an_image_counts_its_text_and_a_fixed_cost_per_image() -> None:
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64," + "A" * 10_000, "detail": "low"}}
    message = {"role": "user", "content": [{"type": "text", "text": "y" * 200}, image]}
    assert estimate_messages([{"role": "system", "content": "x" * 200}, message]) == 100 + IMAGE_TOKENS
