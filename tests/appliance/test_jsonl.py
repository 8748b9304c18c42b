"""A JSON Lines file handed to the appliance (a cohort, a batch of questions) is read one object
per line, blank lines skipped, and a bad line is named by file and line in the caller's error."""

from __future__ import annotations

from pathlib import Path

import pytest

from appliance.errors import CatalogueError, ConfigError
from appliance.jsonl import read_objects


def test_each_object_comes_with_its_line_number_and_blank_lines_are_skipped(
    tmp_path: Path,
) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_text('{"question": "a"}\n\n   \n{"question": "b", "as_of": null}\n')

    assert list(read_objects(path, error=ConfigError)) == [
        (1, {"question": "a"}),
        (4, {"question": "b", "as_of": None}),
    ]


@pytest.mark.parametrize(
    ("line", "says"),
    [('{"question": ', "not valid JSON"), ('["a list"]', "expected a JSON object")],
)
def test_a_bad_line_is_named_by_file_and_line_in_the_callers_error(
    tmp_path: Path, line: str, says: str
) -> None:
    path = tmp_path / "patients.jsonl"
    path.write_text('{"patient_id": "P1"}\n' + line + "\n")

    with pytest.raises(CatalogueError, match=rf"^{path}:2: {says}"):
        list(read_objects(path, error=CatalogueError))


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.jsonl"

    with pytest.raises(ConfigError, match=rf"^{path}: cannot read it"):
        list(read_objects(path, error=ConfigError))
