"""Storing report text: the report, its sentences with embeddings, and its concept mentions.

Every path that brings a report in (``scanside import-cohort``, the HTTP API, DICOM SR text
reports) calls :func:`add_report` or :func:`add_reports`, so report text is always split into
sentences (:mod:`query.sentences`), read for concept mentions with their certainty, temporality
and change (:mod:`query.concepts`) and embedded with MiniLM (:mod:`query.embedder`) in the same
way. Writing a study's report again replaces its sentences and mentions; :func:`reread_mentions`
reads the stored sentences again when the reader improves (no re-embedding).
:func:`similar_sentences` is the similarity search over the stored embeddings. The rows are
written and read by :mod:`appliance.catalogue.reports`; this module holds no SQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np

from appliance.catalogue import reports as report_rows
from appliance.catalogue.database import Database
from appliance.catalogue.reports import MentionRow, ReportRow, SentenceRow, SimilarSentence
from appliance.errors import CatalogueError
from query.concepts import find_mentions
from query.embedder import Embedder, shared_embedder
from query.sentences import Sentence, split_report

__all__ = [
    "ReportInput",
    "SimilarSentence",
    "add_report",
    "add_reports",
    "reread_mentions",
    "similar_sentences",
]

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
    sentences, mentions = _analyse(reports)
    vectors = _embed_unique([row.text for row in sentences], embedder or shared_embedder())
    report_rows.replace_reports(
        db,
        [ReportRow(r.study_uid, r.report_date, r.text, r.source) for r in reports],
        sentences,
        mentions,
        vectors,
    )
    return len(sentences)


def _check(report: ReportInput) -> None:
    if report.source not in REPORT_SOURCES:
        raise CatalogueError(
            f"report source {report.source!r} is not one of {sorted(REPORT_SOURCES)}"
        )
    if not report.study_uid or not report.text.strip():
        raise CatalogueError("a report needs a study UID and some text")


def _mention_rows(study_uid: str, sentence: Sentence) -> list[MentionRow]:
    return [
        MentionRow(
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
        )
        for m in find_mentions(sentence.text, section=sentence.section)
    ]


def _analyse(reports: Iterable[ReportInput]) -> tuple[list[SentenceRow], list[MentionRow]]:
    sentences: list[SentenceRow] = []
    mentions: list[MentionRow] = []
    for report in reports:
        for sentence in split_report(report.text):
            sentences.append(
                SentenceRow(report.study_uid, sentence.number, sentence.section, sentence.text)
            )
            mentions += _mention_rows(report.study_uid, sentence)
    return sentences, mentions


def reread_mentions(db: Database) -> int:
    """Read every stored report sentence for concepts again; return the mentions stored.

    For a catalogue whose mentions were read by an older reader (before schema 9, "no change in
    X" was read as X absent): sentences and embeddings stay, only ``report_mentions`` changes.
    """
    mentions: list[MentionRow] = []
    for row in report_rows.stored_sentences(db):
        mentions += _mention_rows(row.study_uid, Sentence(row.sentence_no, row.section, row.text))
    report_rows.replace_all_mentions(db, mentions)
    return len(mentions)


def _embed_unique(texts: list[str], embedder: Embedder) -> dict[str, list[float]]:
    unique = sorted(set(texts))
    vectors = embedder.embed(unique)
    return {text: vectors[i].tolist() for i, text in enumerate(unique)}


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
    return report_rows.similar_sentences(
        db,
        np.asarray(vector, dtype=np.float32).tolist(),
        limit=limit,
        min_similarity=min_similarity,
    )
