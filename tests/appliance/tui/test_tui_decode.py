"""Decoding the API's JSON into the TUI's types: typed values, or an error naming the field."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import pytest

from appliance.tui.decode import ShapeError, decode, decode_list
from appliance.tui.responses import NoduleHistory, Preview, Worklist


def _item(**values: Any) -> dict[str, Any]:
    item = {
        "study_uid": "1.2.3", "patient_id": "P1", "priority": "high",
        "effective_priority": "urgent", "reason": "4X nodule", "lung_rads": "4X",
        "waited_h": 30, "received_at": "2026-12-05T10:00:00", "analysed_at": None,
        "patient_name": None, "description": "CT chest", "accession": None,
        "study_date": "2026-12-05", "findings": 2, "aged": True,
    }  # fmt: skip
    return {**item, **values}


def test_json_becomes_typed_values() -> None:
    worklist = decode(
        {"items": [_item()], "age_cap_h": 24.0, "as_of": "2026-12-05T12:00:00"}, Worklist
    )
    item = worklist.items[0]
    assert item.received_at == datetime(2026, 12, 5, 10)
    assert item.study_date == date(2026, 12, 5)
    assert item.waited_h == 30.0
    assert isinstance(item.waited_h, float)
    assert item.analysed_at is None
    assert worklist.as_of == datetime(2026, 12, 5, 12)


def test_fields_the_tui_does_not_know_are_ignored() -> None:
    """A newer appliance that only adds fields still works with this TUI."""
    worklist = decode({"items": [], "age_cap_h": 24, "as_of": "2026-12-05T12:00:00",
                       "paused": True}, Worklist)  # fmt: skip
    assert worklist.items == []


def test_a_missing_field_is_named_with_its_path() -> None:
    item = _item()
    del item["effective_priority"]
    with pytest.raises(ShapeError, match=r"^items\[0\]\.effective_priority: missing") as caught:
        decode({"items": [item], "age_cap_h": 24, "as_of": "2026-12-05T12:00:00"}, Worklist)
    assert caught.value.path == "items[0].effective_priority"


def test_a_field_of_the_wrong_kind_is_named_with_what_was_expected() -> None:
    item = _item(received_at=3)
    with pytest.raises(
        ShapeError,
        match=r"^items\[0\]\.received_at: expected a date and time \(ISO 8601\) or null, got 3$",
    ):
        decode({"items": [item], "age_cap_h": 24, "as_of": "2026-12-05T12:00:00"}, Worklist)
    with pytest.raises(ShapeError, match=r"^items\[0\]\.findings: expected a whole number"):
        decode(
            {"items": [_item(findings="2")], "age_cap_h": 24, "as_of": "2026-12-05T12:00:00"},
            Worklist,
        )
    with pytest.raises(ShapeError, match=r"^items\[0\]\.aged: expected true or false, got 1$"):
        decode(
            {"items": [_item(aged=1)], "age_cap_h": 24, "as_of": "2026-12-05T12:00:00"},
            Worklist,
        )


def test_nested_lists_and_null_are_checked_to_the_element() -> None:
    preview = {
        "finding_id": "F1",
        "sop_instance_uid": "1.2",
        "slice_position_mm": -120.5,
        "pixel_mm": 0.75,
        "window": "lung",
        "pixels": [[0, 255]],
        "outline": [[0, 1]],
    }
    assert decode(preview, Preview).pixels == [[0, 255]]
    with pytest.raises(ShapeError, match=r"^pixels\[0\]\[1\]: expected a whole number, got 2.5$"):
        decode({**preview, "pixels": [[0, 2.5]]}, Preview)
    with pytest.raises(ShapeError, match=r"^track_id: expected text or null, got a list$"):
        decode({"finding_id": "F", "track_id": [], "patient_id": "P", "exams": []}, NoduleHistory)
    with pytest.raises(ShapeError, match=r"^exams: expected a list, got null$"):
        decode({"finding_id": "F", "track_id": None, "patient_id": "P", "exams": None},
               NoduleHistory)  # fmt: skip


def test_an_answer_that_is_not_an_object_or_list_says_so() -> None:
    with pytest.raises(ShapeError, match=r"^the response: expected an object \(Worklist\)"):
        decode(["not", "an", "object"], Worklist)
    with pytest.raises(ShapeError, match=r"^the response: expected a list, got an object$"):
        decode_list({"items": []}, Worklist)


@dataclasses.dataclass(frozen=True)
class _Table:
    rows: list[dict[str, object]]
    note: str | None = None


def test_free_form_rows_keep_any_json_value_but_must_be_objects() -> None:
    table = decode({"rows": [{"study_uid": "1.2", "n": 3, "mm": [1.0, 2.0]}]}, _Table)
    assert table.rows == [{"study_uid": "1.2", "n": 3, "mm": [1.0, 2.0]}]
    assert table.note is None  # a field with a default may be left out
    with pytest.raises(ShapeError, match=r"^rows\[1\]: expected an object, got 3$"):
        decode({"rows": [{}, 3]}, _Table)
