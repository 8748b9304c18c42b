"""Hostile or malformed questions get a clear answer or a clear refusal, never a trace.

Question text never becomes SQL: the SQL of every answer is built from constant fragments, and
the catalogue is opened read-only with external access disabled.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from appliance.catalogue.database import open_database
from appliance.errors import QueryError
from query.engine import QueryEngine, run_statement

HOSTILE = [
    "nodules'; DROP TABLE studies; --",
    '" OR 1=1 --',
    "read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "nodules UNION SELECT * FROM duckdb_settings()",
    "spiculated nodules over 8 mm'); COPY studies TO '/tmp/x.csv'; --",
    "nodules\x00\x1b[2J\x07 over 6 mm",
    "x" * 10_000,
    "nodules " * 1300,
    "",
    "   \n\t ",
    "ATTACH '/tmp/evil.duckdb' AS evil",
    "nodules in 2025-13-45",
    "🫁 nodules ≥ 6 mm",
]


@pytest.mark.parametrize("question", HOSTILE, ids=[repr(q[:30]) for q in HOSTILE])
def test_hostile_questions_are_answered_or_refused_cleanly(
    engine: QueryEngine, question: str
) -> None:
    try:
        answer = engine.answer(question, "2026-11-01")
    except QueryError as exc:
        assert exc.message  # a reason a person can read
        return
    for word in ("passwd", "drop", "union", "copy", "attach", "read_csv", "read_text", "1=1"):
        assert word not in answer.sql.lower()
    assert all(
        not isinstance(p, str) or p.lower() not in question.lower() or len(p) < 3
        for p in answer.params
        if isinstance(p, str)
    ), answer.params


def test_sql_words_are_named_as_ignored(engine: QueryEngine) -> None:
    answer = engine.answer("nodules'; DROP TABLE studies; --", "2026-11-01")
    assert "drop" in answer.ignored and "table" in answer.ignored
    assert "ignored:" in answer.interpretation


def test_the_catalogue_is_unchanged_after_hostile_questions(
    engine: QueryEngine, cohort_catalogue: Path
) -> None:
    for question in HOSTILE:
        with contextlib.suppress(QueryError):
            engine.answer(question, "2026-11-01")
    assert engine.answer("how many studies", "2026-11-01").count == 1203


def test_the_read_only_catalogue_refuses_file_access(cohort_catalogue: Path) -> None:
    with (
        open_database(cohort_catalogue, read_only=True) as db,
        pytest.raises(Exception, match=r"(?i)disabled|permission"),
    ):
        db.execute("SELECT * FROM read_text('/etc/passwd')")


def test_a_slow_statement_is_stopped_by_the_time_limit(cohort_catalogue: Path) -> None:
    slow = "SELECT count(*) FROM range(100000000) a, range(100000) b WHERE a.range + b.range = ?"
    with (
        open_database(cohort_catalogue, read_only=True) as db,
        pytest.raises(QueryError, match="longer than"),
    ):
        run_statement(db, slow, [-1], time_limit_s=0.2, row_limit=10)


def test_the_row_limit_truncates_but_counts_everything(cohort_catalogue: Path) -> None:
    with QueryEngine(cohort_catalogue, row_limit=10) as eng:
        answer = eng.answer("studies", "2026-11-01")
    assert (len(answer.rows), answer.truncated, answer.count) == (10, True, 1203)


def test_a_bad_as_of_date_is_refused(engine: QueryEngine) -> None:
    with pytest.raises(QueryError, match="ISO date"):
        engine.answer("nodules", "yesterday-ish")
