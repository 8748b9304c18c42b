"""Storing report text: the report, its sentences with embeddings, and its concept mentions.

Every path that brings a report in (``scanside import-cohort``, the HTTP API, DICOM SR text
reports) calls :func:`add_report` or :func:`add_reports`, so report text is always split into
sentences (:mod:`query.sentences`), read for concept mentions with their certainty, temporality
and change (:mod:`query.concepts`) and embedded with MiniLM (:mod:`query.embedder`) in the same
way. Writing a study's report again replaces its sentences and mentions; :func:`reread_mentions`
reads the stored sentences again when the reader improves (no re-embedding).
:func:`similar_sentences` is the similarity search over the stored embeddings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
import numpy as np

from appliance.catalogue.database import Database
from appliance.errors import CatalogueError
from query.concepts import find_mentions
from query.embedder import Embedder, shared_embedder
from query.sentences import Sentence, split_report
from reports.bulk import insert_columns

__all__ = [
    "ReportInput",
    "SimilarSentence",
    "add_report",
    "add_reports",
    "reread_mentions",
    "similar_sentences",
]

_REPORT_COLUMNS = (
    ("study_uid", "VARCHAR"),
    ("report_date", "DATE"),
    ("text", "VARCHAR"),
    ("source", "VARCHAR"),
)
_SENTENCE_COLUMNS = (
    ("study_uid", "VARCHAR"),
    ("sentence_no", "INTEGER"),
    ("section", "VARCHAR"),
    ("text", "VARCHAR"),
)
_MENTION_COLUMNS = (
    ("study_uid", "VARCHAR"),
    ("sentence_no", "INTEGER"),
    ("concept", "VARCHAR"),
    ("code", "VARCHAR"),
    ("matched", "VARCHAR"),
    ("negated", "BOOLEAN"),
    ("uncertain", "BOOLEAN"),
    ("historical", "BOOLEAN"),
    ("certainty", "VARCHAR"),
    ("temporality", "VARCHAR"),
    ("change", "VARCHAR"),
)
REPORT_SOURCES = frozenset({"import", "api", "dicom-sr", "analysis"})


@dataclasses.dataclass(frozen=True)
class ReportInput:
    """One report to store: the study it belongs to, its text, its date and where it came from."""

    study_uid: str
    text: str
    report_date: dt.date | None
    source: str


def add_report(
    db: Database,
    study_uid: str,
    text: str,
    report_date: dt.date | str | None,
    source: str,
    *,
    embedder: Embedder | None = None,
) -> int:
    """Store (or replace) the report of ``study_uid``; return the number of sentences stored."""
    date = dt.date.fromisoformat(report_date) if isinstance(report_date, str) else report_date
    return add_reports(db, [ReportInput(study_uid, text, date, source)], embedder=embedder)


def add_reports(
    db: Database, reports: Sequence[ReportInput], *, embedder: Embedder | None = None
) -> int:
    """Store many reports in one transaction; identical sentences are embedded once."""
    for report in reports:
        _check(report)
    sentence_rows, mention_rows = _analyse(reports)
    vectors = _embed_unique([row[3] for row in sentence_rows], embedder or shared_embedder())
    uids = [r.study_uid for r in reports]
    with db.transaction() as con:
        con.execute("DELETE FROM report_mentions WHERE list_contains(?, study_uid)", [uids])
        con.execute("DELETE FROM report_sentences WHERE list_contains(?, study_uid)", [uids])
        insert_columns(
            con,
            "reports",
            _REPORT_COLUMNS,
            [[r.study_uid, r.report_date, r.text, r.source] for r in reports],
            conflict_key="study_uid",
        )
        insert_columns(con, "report_sentences", _SENTENCE_COLUMNS, sentence_rows)
        insert_columns(con, "report_mentions", _MENTION_COLUMNS, mention_rows)
        _store_vectors(con, uids, vectors)
    return len(sentence_rows)


def _store_vectors(
    con: duckdb.DuckDBPyConnection, uids: list[str], vectors: dict[str, list[float]]
) -> None:
    """Fill the embeddings of the new sentences, each distinct text converted once."""
    con.execute("CREATE OR REPLACE TEMP TABLE new_vectors (text VARCHAR, embedding FLOAT[384])")
    # One JSON document is several times faster to hand over than nested Python float lists.
    con.execute(
        "INSERT INTO new_vectors SELECT unnest(?::VARCHAR[]), unnest(?::JSON::FLOAT[384][])",
        [list(vectors), json.dumps(list(vectors.values()))],
    )
    con.execute(
        "UPDATE report_sentences SET embedding = v.embedding FROM new_vectors v "
        "WHERE report_sentences.text = v.text AND list_contains(?, report_sentences.study_uid)",
        [uids],
    )
    con.execute("DROP TABLE new_vectors")


def _check(report: ReportInput) -> None:
    if report.source not in REPORT_SOURCES:
        raise CatalogueError(
            f"report source {report.source!r} is not one of {sorted(REPORT_SOURCES)}"
        )
    if not report.study_uid or not report.text.strip():
        raise CatalogueError("a report needs a study UID and some text")


def _mention_rows(study_uid: str, sentence: Sentence) -> list[list[Any]]:
    return [
        [
            study_uid,
            sentence.number,
            m.concept,
            m.code,
            m.matched,
            m.negated,
            m.uncertain,
            m.historical,
            m.certainty,
            m.temporality,
            m.change,
        ]
        for m in find_mentions(sentence.text, section=sentence.section)
    ]


def _analyse(reports: Iterable[ReportInput]) -> tuple[list[list[Any]], list[list[Any]]]:
    sentence_rows: list[list[Any]] = []
    mention_rows: list[list[Any]] = []
    for report in reports:
        for sentence in split_report(report.text):
            sentence_rows.append(
                [report.study_uid, sentence.number, sentence.section, sentence.text]
            )
            mention_rows += _mention_rows(report.study_uid, sentence)
    return sentence_rows, mention_rows


def reread_mentions(db: Database) -> int:
    """Read every stored report sentence for concepts again; return the mentions stored.

    For a catalogue whose mentions were read by an older reader (before schema 9, "no change in
    X" was read as X absent): sentences and embeddings stay, only ``report_mentions`` changes.
    """
    rows = db.execute(
        "SELECT study_uid, sentence_no, section, text FROM report_sentences "
        "ORDER BY study_uid, sentence_no"
    )
    mention_rows: list[list[Any]] = []
    for uid, number, section, text in rows:
        mention_rows += _mention_rows(str(uid), Sentence(int(number), section, str(text)))
    with db.transaction() as con:
        con.execute("DELETE FROM report_mentions")
        insert_columns(con, "report_mentions", _MENTION_COLUMNS, mention_rows)
    return len(mention_rows)


def _embed_unique(texts: list[str], embedder: Embedder) -> dict[str, list[float]]:
    unique = sorted(set(texts))
    vectors = embedder.embed(unique)
    return {text: vectors[i].tolist() for i, text in enumerate(unique)}


@dataclasses.dataclass(frozen=True)
class SimilarSentence:
    """A stored report sentence and its cosine similarity to the searched text."""

    study_uid: str
    sentence_no: int
    text: str
    similarity: float


def similar_sentences(
    db: Database,
    text: str,
    *,
    limit: int = 10,
    min_similarity: float = 0.5,
    embedder: Embedder | None = None,
) -> list[SimilarSentence]:
    """The report sentences most similar in meaning to ``text`` (brute-force cosine in DuckDB)."""
    vector = (embedder or shared_embedder()).embed([text])[0]
    rows = db.execute(
        "SELECT study_uid, sentence_no, text, sim FROM ("
        " SELECT study_uid, sentence_no, text,"
        " array_cosine_similarity(embedding, ?::FLOAT[384]) AS sim FROM report_sentences"
        " WHERE embedding IS NOT NULL) WHERE sim >= ? ORDER BY sim DESC LIMIT ?",
        [np.asarray(vector, dtype=np.float32).tolist(), min_similarity, limit],
    )
    return [SimilarSentence(str(r[0]), int(r[1]), str(r[2]), float(r[3])) for r in rows]
