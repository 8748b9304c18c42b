"""The report text tables: ``reports``, ``report_sentences`` (with embeddings) and
``report_mentions``.

:mod:`reports.store` reads a report into sentences, concept mentions and sentence embeddings;
these functions write and read the rows. Writing a study's report replaces its sentences and
mentions in one transaction (:func:`replace_reports`); :func:`replace_all_mentions` rewrites
every mention when the concept reader improves; :func:`similar_sentences` is the cosine
similarity search over the stored embeddings (brute force in DuckDB, fast enough for the
tens of thousands of sentences a site holds). Each row type's fields are its table's columns.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from datetime import date

import duckdb

from appliance.catalogue.bulk import insert_rows
from appliance.catalogue.database import Database
from appliance.catalogue.rows import column_list, fetch

__all__ = [
    "EMBEDDING_SIZE",
    "MentionRow",
    "ReportRow",
    "SentenceRow",
    "SimilarSentence",
    "replace_all_mentions",
    "replace_reports",
    "report_texts",
    "similar_sentences",
    "stored_sentences",
]

EMBEDDING_SIZE = 384
"""Floats per sentence embedding (all-MiniLM-L6-v2): the ``FLOAT[384]`` of
``report_sentences.embedding`` and of the statements below."""


@dataclasses.dataclass(frozen=True)
class ReportRow:
    """A study's report: its text, date and where it came from (import, api, dicom-sr, ...)."""

    study_uid: str
    report_date: date | None
    text: str
    source: str


@dataclasses.dataclass(frozen=True)
class SentenceRow:
    """One sentence of a report (its embedding is written apart, per distinct text)."""

    study_uid: str
    sentence_no: int
    section: str | None
    text: str


@dataclasses.dataclass(frozen=True)
class MentionRow:
    """One concept named in one sentence, with its negation, certainty and temporality."""

    study_uid: str
    sentence_no: int
    concept: str
    code: str | None
    matched: str
    negated: bool
    uncertain: bool
    historical: bool
    certainty: str
    temporality: str
    change: str | None


@dataclasses.dataclass(frozen=True)
class SimilarSentence:
    """A stored report sentence and its cosine similarity to the searched text."""

    study_uid: str
    sentence_no: int
    text: str
    similarity: float


def report_texts(db: Database) -> dict[str, str]:
    """Every stored report's text, by study UID."""
    return {str(uid): str(text) for uid, text in db.execute("SELECT study_uid, text FROM reports")}


def replace_reports(
    db: Database,
    reports: Sequence[ReportRow],
    sentences: Sequence[SentenceRow],
    mentions: Sequence[MentionRow],
    vectors: Mapping[str, Sequence[float]],
) -> None:
    """Store ``reports`` (replacing a study's older report, sentences and mentions) in one
    transaction; ``vectors`` holds the embedding of each distinct sentence text."""
    uids = [r.study_uid for r in reports]
    with db.transaction() as con:
        con.execute("DELETE FROM report_mentions WHERE list_contains(?, study_uid)", [uids])
        con.execute("DELETE FROM report_sentences WHERE list_contains(?, study_uid)", [uids])
        insert_rows(con, "reports", ReportRow, reports, conflict_key="study_uid")
        insert_rows(con, "report_sentences", SentenceRow, sentences)
        insert_rows(con, "report_mentions", MentionRow, mentions)
        _store_vectors(con, uids, vectors)


def _store_vectors(
    con: duckdb.DuckDBPyConnection, uids: list[str], vectors: Mapping[str, Sequence[float]]
) -> None:
    """Fill the embeddings of the new sentences, each distinct text converted once."""
    con.execute("CREATE OR REPLACE TEMP TABLE new_vectors (text VARCHAR, embedding FLOAT[384])")
    # One JSON document is several times faster to hand over than nested Python float lists.
    con.execute(
        "INSERT INTO new_vectors SELECT unnest(?::VARCHAR[]), unnest(?::JSON::FLOAT[384][])",
        [list(vectors), json.dumps([list(v) for v in vectors.values()])],
    )
    con.execute(
        "UPDATE report_sentences SET embedding = v.embedding FROM new_vectors v "
        "WHERE report_sentences.text = v.text AND list_contains(?, report_sentences.study_uid)",
        [uids],
    )
    con.execute("DROP TABLE new_vectors")


def stored_sentences(db: Database) -> list[SentenceRow]:
    """Every stored report sentence, by study and order in the report."""
    return fetch(
        db,
        SentenceRow,
        f"SELECT {column_list(SentenceRow)} FROM report_sentences "  # noqa: S608 (columns fixed in code)
        "ORDER BY study_uid, sentence_no",
    )


def replace_all_mentions(db: Database, mentions: Sequence[MentionRow]) -> None:
    """Replace every stored concept mention with ``mentions`` (one transaction)."""
    with db.transaction() as con:
        con.execute("DELETE FROM report_mentions")
        insert_rows(con, "report_mentions", MentionRow, mentions)


def similar_sentences(
    db: Database, vector: Sequence[float], *, limit: int, min_similarity: float
) -> list[SimilarSentence]:
    """The stored sentences whose embedding is nearest ``vector`` (cosine), best first."""
    return fetch(
        db,
        SimilarSentence,
        "SELECT study_uid, sentence_no, text, sim FROM ("
        " SELECT study_uid, sentence_no, text,"
        " array_cosine_similarity(embedding, ?::FLOAT[384]) AS sim"
        " FROM report_sentences WHERE embedding IS NOT NULL)"
        " WHERE sim >= ? ORDER BY sim DESC LIMIT ?",
        [list(vector), min_similarity, limit],
    )
