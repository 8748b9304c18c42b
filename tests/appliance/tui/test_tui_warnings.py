"""The TUI shows an answer's warnings under its reading, and nothing when there are none."""

from __future__ import annotations

from appliance.tui.app import _interpretation
from tests.appliance.tui.samples import answer


def test_each_warning_is_shown_under_the_reading() -> None:
    warned = answer(
        "studies with a nodule",
        count=3,
        warnings=["'every' was not understood and could change the answer"],
    )
    shown = _interpretation(warned).plain
    assert shown.splitlines() == [
        "Understood: studies with a nodule",
        "Warning: 'every' was not understood and could change the answer",
        "3 results",
    ]


def test_an_answer_without_warnings_shows_only_its_reading_and_count() -> None:
    shown = _interpretation(answer("studies", count=2)).plain
    assert shown.splitlines() == ["Understood: studies", "2 results"]


def test_the_other_readings_are_offered_with_the_key_that_asks_the_first() -> None:
    read = answer(
        "studies with 2 or more nodule findings in one study",
        count=9,
        warnings=["'2 nodules' was read as 2 or more in one study"],
        alternatives=["studies with exactly 2 nodules"],
    )
    lines = _interpretation(read).plain.splitlines()
    assert lines[2] == "Other reading (ctrl+o): studies with exactly 2 nodules"


def test_an_average_or_percentage_shows_the_number_it_answers() -> None:
    share = answer(
        "percentage of patients ... where patient female",
        count=62,
        value=21.2,
        rows=[{"matching": 62, "total": 292, "percent": 21.2}],
    )
    assert _interpretation(share).plain.splitlines()[-1] == "Answer: 21.2"
