"""Helpers the family tests share (``test_part13_families.py`` onwards): read a question at the
bank's date, answer it, and the cohort's rows to check answers against, in plain Python.

The answers a test expects are computed from :mod:`cohort_reference`, never through ScanSide;
these helpers only put questions to the reader and the engine the same way in every file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import cohort_reference as ref

from query.engine import Answer, QueryEngine
from query.grounding import Grounder
from query.parser import parse_question
from query.typed_query import TypedQuery

__all__ = [
    "AS_OF",
    "Row",
    "answer",
    "chest_ct",
    "clean_reading",
    "ids",
    "parse",
    "patients",
    "studies",
]

AS_OF = dt.date(2026, 11, 1)
"""The date every family test asks its questions on (the question bank's)."""
Row = dict[str, Any]


def parse(grounder: Grounder, question: str) -> TypedQuery:
    return parse_question(question, AS_OF, grounder)


def clean_reading(query: TypedQuery) -> bool:
    """Every word used: nothing ignored, no caution, no note."""
    return query.cautions == () and query.ignored == () and query.notes == ()


def answer(engine: QueryEngine, question: str) -> Answer:
    return engine.answer(question, AS_OF.isoformat())


def ids(engine: QueryEngine, question: str, key: str) -> list[str]:
    """The distinct ``key`` values (patient IDs, study UIDs) of the answer's rows, sorted."""
    return sorted({row[key] for row in answer(engine, question).rows})


def studies() -> list[Row]:
    return list(ref.cohort()[1].values())


def patients() -> list[Row]:
    return list(ref.cohort()[0].values())


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")
