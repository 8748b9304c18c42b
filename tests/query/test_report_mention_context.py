"""What a report says about a finding is stored, and cohort questions count it as a reader would.

Issue 23: a default question ("reports with emphysema") counts only affirmed, current mentions;
hedged, historical and compared mentions are stored with those properties and can be asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from appliance.catalogue.database import Database, open_database
from query.compiler import compile_query
from query.grounding import Grounder
from query.parser import parse_question
from query.typed_query import ConceptFilter, StudyFilter, TypedQuery
from reports.store import ReportInput, add_reports, reread_mentions

REPORTS = {
    "stable": "FINDINGS: No change in the 5 mm right upper lobe nodule.",
    "hedged": "FINDINGS: A small left pneumothorax may be present.",
    "history": "HISTORY: Emphysema.\nFINDINGS: No pneumothorax.",
    "current": "FINDINGS: Moderate centrilobular emphysema. Small nodules are unchanged.",
    "lookalike": "FINDINGS: Subcutaneous emphysema. Small pericardial effusion.",
    "resolved": "FINDINGS: The right pleural effusion has resolved. New 4 mm nodule.",
}


@pytest.fixture
def catalogue(tmp_path: Path) -> Iterator[Database]:
    with open_database(tmp_path / "c.duckdb") as db:
        for uid in REPORTS:
            db.execute(
                "INSERT INTO studies (study_uid, patient_id, study_date, modality) "
                "VALUES (?, ?, ?, 'CT')",
                [uid, f"p-{uid}", dt.date(2025, 1, 1)],
            )
        add_reports(db, [ReportInput(u, t, None, "api") for u, t in REPORTS.items()])
        yield db


def studies_with(db: Database, concept: ConceptFilter) -> set[str]:
    query = TypedQuery("study", StudyFilter(concepts=(concept,)))
    compiled = compile_query(query)
    return {str(row[1]) for row in db.execute(compiled.sql, compiled.params)}


def test_mentions_are_stored_with_certainty_temporality_and_change(catalogue: Database) -> None:
    rows = catalogue.execute(
        "SELECT study_uid, concept, certainty, temporality, change, negated FROM report_mentions "
        "WHERE study_uid IN ('stable', 'history', 'resolved') ORDER BY study_uid, sentence_no"
    )
    assert rows == [
        ("history", "emphysema", "affirmed", "historical", None, False),
        ("history", "pneumothorax", "negated", "current", None, True),
        ("resolved", "pleural_effusion", "negated", "current", "resolved", True),
        ("resolved", "nodule", "affirmed", "current", "new", False),
        ("stable", "nodule", "affirmed", "current", "stable", False),
    ]


def test_a_default_question_counts_affirmed_current_mentions_only(catalogue: Database) -> None:
    assert studies_with(catalogue, ConceptFilter("emphysema")) == {"current"}
    assert studies_with(catalogue, ConceptFilter("nodule")) == {"stable", "current", "resolved"}
    assert studies_with(catalogue, ConceptFilter("pneumothorax")) == set()
    assert studies_with(catalogue, ConceptFilter("pleural_effusion")) == set()


def test_hedged_and_historical_mentions_count_when_asked_for(catalogue: Database) -> None:
    hedged = ConceptFilter("pneumothorax", include_uncertain=True)
    history = ConceptFilter("emphysema", include_historical=True)
    assert studies_with(catalogue, hedged) == {"hedged"}
    assert studies_with(catalogue, history) == {"history", "current"}


def test_a_question_can_ask_for_a_comparison(catalogue: Database) -> None:
    assert studies_with(catalogue, ConceptFilter("nodule", changes=("stable",))) == {
        "stable",
        "current",
    }
    assert studies_with(catalogue, ConceptFilter("nodule", changes=("new",))) == {"resolved"}


def test_without_a_concept_means_no_affirmed_current_mention(catalogue: Database) -> None:
    assert studies_with(catalogue, ConceptFilter("emphysema", present=False)) == {
        "stable",
        "hedged",
        "history",
        "lookalike",
        "resolved",
    }


def test_rereading_replaces_mentions_from_an_older_reader(catalogue: Database) -> None:
    # What the reader before issue 23 stored for "No change in the 5 mm ... nodule."
    catalogue.execute(
        "UPDATE report_mentions SET certainty = 'negated', negated = TRUE, change = NULL "
        "WHERE study_uid = 'stable'"
    )
    before = catalogue.execute("SELECT count(*) FROM report_mentions")
    assert reread_mentions(catalogue) == before[0][0]
    assert catalogue.execute(
        "SELECT certainty, change FROM report_mentions WHERE study_uid = 'stable'"
    ) == [("affirmed", "stable")]


SCHEMA_8_MENTIONS = """
CREATE TABLE report_mentions (
    study_uid VARCHAR NOT NULL, sentence_no INTEGER NOT NULL, concept VARCHAR NOT NULL,
    code VARCHAR, matched VARCHAR NOT NULL, negated BOOLEAN NOT NULL, uncertain BOOLEAN NOT NULL,
    historical BOOLEAN NOT NULL);
CREATE INDEX report_mentions_concept ON report_mentions (concept);
CREATE INDEX report_mentions_study ON report_mentions (study_uid);
"""


def test_the_migration_fills_the_new_columns_from_the_old_flags(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    open_database(path).close()
    con = duckdb.connect(str(path))  # make it a schema-8 catalogue holding old-style rows
    con.execute("DROP INDEX report_mentions_concept")
    con.execute("DROP INDEX report_mentions_study")
    con.execute("DROP TABLE report_mentions")
    con.execute(SCHEMA_8_MENTIONS)
    con.execute("DELETE FROM schema_version WHERE version = 9")
    con.execute(
        "INSERT INTO report_mentions VALUES ('1', 0, 'emphysema', NULL, 'emphysema', TRUE, FALSE, "
        "FALSE), ('1', 1, 'nodule', NULL, 'nodule', FALSE, TRUE, TRUE), "
        "('1', 2, 'mass', NULL, 'mass', FALSE, FALSE, FALSE)"
    )
    con.close()
    with open_database(path) as db:
        rows = db.execute(
            "SELECT concept, certainty, temporality, change FROM report_mentions "
            "ORDER BY sentence_no"
        )
    assert rows == [
        ("emphysema", "negated", "current", None),
        ("nodule", "possible", "historical", None),
        ("mass", "affirmed", "current", None),
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("patients with emphysema", ConceptFilter("emphysema")),
        (
            "patients with a history of emphysema",
            ConceptFilter("emphysema", include_historical=True),
        ),
        (
            "reports mentioning possible pneumothorax",
            ConceptFilter("pneumothorax", include_uncertain=True),
        ),
        ("reports with stable nodules", ConceptFilter("nodule", changes=("stable",))),
        ("reports with unchanged emphysema", ConceptFilter("emphysema", changes=("stable",))),
        (
            "reports mentioning a new pleural effusion",
            ConceptFilter("pleural_effusion", changes=("new",)),
        ),
    ],
)
def test_questions_ask_for_history_hedges_and_comparisons(
    grounder: Grounder, question: str, expected: ConceptFilter
) -> None:
    query = parse_question(question, dt.date(2026, 11, 1), grounder)
    assert query.filter.concepts == (expected,)
    assert query.filter.findings == ()
