"""Stored records carry a schema version; what an earlier release wrote is upgraded on load."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest

from bot.stored import NewerRecord, StoredModel, Upgrade
from handlers.daily.state import DailyConfig, DailyHistory, Drop, Streak
from handlers.mock.session import MockSession
from handlers.pairing.state import Member, PairRecord, RoundConfig
from handlers.prep.commands import PrepState
from handlers.prep.star import StarStory

V1 = Path(__file__).parents[1] / "data" / "stored" / "v1"
MODELS: dict[str, type[StoredModel]] = {
    "mock_session": MockSession,
    "prep_state": PrepState,
    "star_story": StarStory,
    "daily_config": DailyConfig,
    "daily_history": DailyHistory,
    "daily_drop": Drop,
    "daily_streak": Streak,
    "pair_member": Member,
    "pair_round_config": RoundConfig,
    "pair_record": PairRecord,
}


def without_versions(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_versions(item) for key, item in value.items() if key != "schema_version"}
    if isinstance(value, list):
        return [without_versions(item) for item in value]
    return value


def test_every_fixture_has_its_model() -> None:
    assert {path.stem for path in V1.glob("*.json")} == set(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_record_written_before_versions_loads_and_is_saved_with_the_current_version(name: str) -> None:
    model = MODELS[name]
    raw = (V1 / f"{name}.json").read_text()
    saved = without_versions(json.loads(model.model_validate_json(raw).model_dump_json()))
    assert json.loads(model.model_validate_json(raw).model_dump_json())["schema_version"] == model.SCHEMA_VERSION
    expected = json.loads(raw)
    for version in range(1, model.SCHEMA_VERSION):  # what the model's own upgrade steps make of it
        expected = model.UPGRADES[version](expected)
    # Nothing lost or changed on the way (fields added since, with defaults, may appear): a format
    # change needs a version bump and an upgrade step, or this fails.
    assert {key: saved.get(key) for key in expected} == expected


def test_nested_records_carry_their_own_version() -> None:
    history = json.loads(DailyHistory.model_validate_json((V1 / "daily_history.json").read_text()).model_dump_json())
    assert history["last"]["schema_version"] == Drop.SCHEMA_VERSION


def test_a_record_built_by_the_code_is_in_the_current_format() -> None:
    assert Streak(name="ana").schema_version == Streak.SCHEMA_VERSION


# A later release: Streak v3 renamed `best` to `longest` (v2) and then kept names lowercase (v3).
steps: list[str] = []


def _rename_best(data: dict[str, Any]) -> dict[str, Any]:
    steps.append("1->2")
    data = dict(data)
    data["longest"] = data.pop("best", 0)
    return data


def _lowercase_name(data: dict[str, Any]) -> dict[str, Any]:
    steps.append("2->3")
    return {**data, "name": str(data.get("name", "")).lower()}


class LaterStreak(StoredModel):
    SCHEMA_VERSION: ClassVar[int] = 3
    UPGRADES: ClassVar[Mapping[int, Upgrade]] = {1: _rename_best, 2: _lowercase_name}

    name: str = ""
    current: int = 0
    longest: int = 0


def test_upgrades_run_step_by_step_from_the_version_a_record_has() -> None:
    steps.clear()
    raw = (V1 / "daily_streak.json").read_text().replace('"ana"', '"Ana"')
    upgraded = LaterStreak.model_validate_json(raw)
    assert steps == ["1->2", "2->3"]
    assert (upgraded.name, upgraded.longest, upgraded.schema_version) == ("ana", 5, 3)
    steps.clear()
    from_v2 = LaterStreak.model_validate({"schema_version": 2, "name": "Ben", "longest": 4})
    assert steps == ["2->3"]
    assert (from_v2.name, from_v2.longest) == ("ben", 4)
    steps.clear()
    assert LaterStreak(name="Cy", longest=1).name == "Cy"  # built by the code: nothing to upgrade
    assert steps == []


def test_a_model_missing_an_upgrade_step_fails_at_import() -> None:
    with pytest.raises(TypeError, match="no upgrade from schema version"):

        class Broken(StoredModel):
            SCHEMA_VERSION: ClassVar[int] = 3
            UPGRADES: ClassVar[Mapping[int, Upgrade]] = {1: _rename_best}


def test_a_record_from_a_newer_release_is_refused_clearly_and_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    raw = json.dumps({"schema_version": 7, "name": "ana", "current": 1, "best": 1})
    with caplog.at_level(logging.WARNING, logger="bot.stored"):
        for _ in range(3):
            with pytest.raises(NewerRecord) as refused:
                Streak.model_validate_json(raw)
    assert refused.value.message == "This was saved by a newer version of the bot. Try again once the update is done."
    assert [record.getMessage() for record in caplog.records] == [
        "a Streak record has schema version 7; this release reads up to 1"
    ]
