"""Which studies an export holds: the rows of a cohort question, or a file of study UIDs."""

from __future__ import annotations

from pathlib import Path

import pytest

from appliance.catalogue.database import Database
from appliance.errors import ExportError
from appliance.export.cohort import read_study_file, studies_of_answer
from appliance.findings import SeriesAnalysis
from appliance.layout import DataLayout
from query.engine import QueryEngine


def test_a_question_gives_the_studies_of_its_rows(
    exported_data: tuple[Database, DataLayout], analysis_with_findings: SeriesAnalysis
) -> None:
    db, _ = exported_data
    engine = QueryEngine(db, use_model=False)

    found = studies_of_answer(engine.answer("spiculated nodules over 8 mm"))
    assert found == [analysis_with_findings.study_uid]
    with pytest.raises(ExportError, match="names no study"):
        studies_of_answer(engine.answer("masses over 90 mm"))


def test_a_study_file_takes_uids_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "cohort.txt"
    path.write_text("# cohort A\n1.2.3.4  # first\n\n1.2.3.5\n")
    assert read_study_file(path) == ["1.2.3.4", "1.2.3.5"]
