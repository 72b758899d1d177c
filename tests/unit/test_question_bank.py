import shutil
from pathlib import Path
from typing import get_args

import pytest
import yaml

from bot.cli import main
from bot.commands import Command
from handlers.prep.commands import StartOptions
from question_bank import Area, BankError, BarLevel, Level, Phase, QuestionBank, load_bank
from question_bank.loader import default_questions_dir

DOMAIN_QUESTION_IDS = {
    "order-management",
    "product-search",
    "notification-system",
    "url-shortener",
    "rate-limiter",
    "object-storage",
    "ride-sharing",
    "recommendations",
    "leaderboard",
    "message-queue",
}


def test_every_shipped_file_validates(bank: QuestionBank) -> None:
    files = sorted(default_questions_dir().glob("*.yaml"))
    assert len(bank) == len(files)


def test_ships_the_domain_questions_and_ten_more_classics(bank: QuestionBank) -> None:
    assert set(bank.ids) >= DOMAIN_QUESTION_IDS
    assert len(set(bank.ids) - DOMAIN_QUESTION_IDS) >= 10


def test_ids_are_unique_and_match_file_names(bank: QuestionBank) -> None:
    stems = [path.stem for path in default_questions_dir().glob("*.yaml")]
    assert len(stems) == len(set(stems))
    assert sorted(stems) == bank.ids


@pytest.mark.parametrize("phase", list(Phase))
def test_every_question_has_signals_with_probes_for_every_phase(bank: QuestionBank, phase: Phase) -> None:
    for question in bank:
        rubric = question.rubric[phase]
        assert rubric.goal, question.id
        assert len(rubric.signals) >= 2, question.id
        for signal in rubric.signals:
            assert signal.probe and signal.detect, f"{question.id}/{signal.id}"


def test_every_question_has_the_probes_a_bar_raiser_needs(bank: QuestionBank) -> None:
    for question in bank:
        assert question.deep_dive_probes and question.failure_probes and question.cost_probes, question.id
        assert len(question.lp_probes) >= 2, question.id
        areas = {signal.area for _, signal in question.signals()}
        assert {Area.MONITORING, Area.FAILURE} <= areas, question.id


def test_detection_phrases_are_lowercase(bank: QuestionBank) -> None:
    for question in bank:
        for _, signal in question.signals():
            assert all(phrase == phrase.lower() for phrase in signal.detect), f"{question.id}/{signal.id}"


def test_filter_by_level_and_tag(bank: QuestionBank) -> None:
    from question_bank import Level

    senior = bank.filter(level=Level.SDE3)
    assert senior and all(Level.SDE3 in q.levels for q in senior)
    caching = bank.filter(tag="caching")
    assert caching and all("caching" in q.tags for q in caching)


def copy_bank(tmp_path: Path) -> Path:
    folder = tmp_path / "questions"
    shutil.copytree(default_questions_dir(), folder)
    return folder


def test_a_broken_file_is_reported_with_file_and_field(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    path = folder / "url-shortener.yaml"
    path.write_text(path.read_text().replace("frequency: ", "frequency: sometimes #", 1))
    with pytest.raises(BankError) as raised:
        load_bank(folder)
    assert str(raised.value.problems[0]).startswith("url-shortener.yaml: frequency:")


def test_invalid_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    (folder / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n")
    with pytest.raises(BankError) as raised:
        load_bank(folder)
    problem = raised.value.problems[0]
    assert problem.file == "broken.yaml"
    assert problem.field.startswith("line ")


def test_an_id_must_match_its_file_name(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    (folder / "url-shortener.yaml").rename(folder / "tiny-urls.yaml")
    with pytest.raises(BankError, match="tiny-urls.yaml: id: id 'url-shortener' must match"):
        load_bank(folder)


def test_a_missing_phase_is_reported(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    path = folder / "leaderboard.yaml"
    content = yaml.safe_load(path.read_text())
    del content["rubric"]["trade-offs"]
    path.write_text(yaml.safe_dump(content))
    with pytest.raises(BankError, match="leaderboard.yaml: rubric: Value error, missing phase\\(s\\): trade-offs"):
        load_bank(folder)


def test_validate_bank_command_reports_every_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_bank(tmp_path)
    (folder / "broken.yaml").write_text("id: broken\n")
    (folder / "also-broken.yaml").write_text("- a list\n")
    assert main(["validate-bank", str(folder)]) == 1
    output = capsys.readouterr().out
    assert "broken.yaml: title: Field required" in output
    assert "also-broken.yaml: expected a mapping" in output
    assert "in 2 file(s)" in output


def test_validate_bank_command_passes_the_shipped_bank(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate-bank"]) == 0
    assert "questions valid" in capsys.readouterr().out


def test_each_level_has_one_label_and_the_bar_levels_are_a_loops() -> None:
    assert [level.label for level in Level] == ["SDE I", "SDE II", "SDE III"]
    assert get_args(BarLevel) == (Level.SDE2, Level.SDE3)

    async def handler(context: object, options: object) -> None: ...

    level = next(s for s in Command("prep", "start", "", StartOptions, handler).option_specs() if s.name == "level")
    assert level.choices == ("sde2", "sde3")
