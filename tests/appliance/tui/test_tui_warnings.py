"""The TUI shows an answer's warnings under its reading, and nothing when there are none."""

from __future__ import annotations

from appliance.tui.app import _interpretation


def test_each_warning_is_shown_under_the_reading() -> None:
    answer = {
        "interpretation": "studies with a nodule",
        "count": 3,
        "rows": [],
        "warnings": ["'every' was not understood and could change the answer"],
    }
    shown = _interpretation(answer).plain
    assert shown.splitlines() == [
        "Understood: studies with a nodule",
        "Warning: 'every' was not understood and could change the answer",
        "3 result(s)",
    ]


def test_an_answer_without_warnings_shows_only_its_reading_and_count() -> None:
    shown = _interpretation({"interpretation": "studies", "count": 2, "warnings": []}).plain
    assert shown.splitlines() == ["Understood: studies", "2 result(s)"]
