"""Answering cohort questions: the public in-process API of the query layer.

``QueryEngine(db_or_path).answer(question, as_of)`` parses the question into a typed query
(:mod:`query.parser`), compiles it to parameterised SQL (:mod:`query.compiler`), runs it under a
time limit and a row limit, and returns an :class:`Answer` with the rows, the count, the SQL and
a plain interpretation (:mod:`query.interpretation`). Given a path, the engine opens the catalogue
read-only with external access disabled; given an open :class:`Database` (the service's own), it
shares it and still runs nothing but the SELECT statements the compiler builds. The CLI
(``scanside query``) and the HTTP API call this class; it never imports either.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any

import duckdb

from appliance.catalogue.database import Database, open_database
from appliance.catalogue.identifiers import identify, shaped_like, station_names
from appliance.errors import QueryError
from query.accounting import warnings_for
from query.compiler import (
    compile_clause_findings,
    compile_query,
    needs_track_facts,
    patients_of_named_studies,
)
from query.embedder import Embedder, shared_embedder
from query.grounding import Grounder
from query.grown_masses import MASSES, grown_clauses, grown_masses_warning
from query.identifiers import IdKind
from query.interpretation import interpret
from query.intervals import named_span_studies, span_across_patients
from query.new_masses import (
    ambiguous_clauses,
    asks_new_or_stable_nodules,
    change_of,
    mass_from_start_warning,
    masses_left_out_warning,
    restricted,
)
from query.one_patient_days import one_patient_days, one_patient_words
from query.parser import parse_question
from query.shapes import ShapeReader
from query.tracks import TrackFacts
from query.typed_query import TypedQuery
from query.unused_fields import unused_field_cautions
from query.versions import read_version

__all__ = ["Answer", "QueryEngine", "run_statement"]

DEFAULT_TIME_LIMIT_S = 5.0
DEFAULT_ROW_LIMIT = 10_000
# How many findings of tracks that began as masses a "new nodules" warning counts exactly.
_NAMED_AT_MOST = 1000


@dataclasses.dataclass(frozen=True)
class Answer:
    """The answer to one question, ready for JSON (``to_json``) or for people (``to_text``)."""

    question: str
    as_of: dt.date
    interpretation: str
    sql: str
    params: list[Any]
    unit: str
    count: int
    rows: list[dict[str, Any]]
    elapsed_ms: float
    truncated: bool
    ignored: tuple[str, ...]
    query: TypedQuery
    warnings: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    value: float | None = None
    """An average or a median (in the measurement's unit, years of age or days), an average
    number per patient or study, or a percentage; then ``unit`` is ``value``, except for one
    patient's number of days (``unit`` count, :mod:`query.one_patient_days`)."""

    def to_json(self) -> dict[str, Any]:
        """The CLI/API object: question, interpretation, sql, unit, count, rows, elapsed_ms, ..."""
        return {
            "question": self.question,
            "as_of": self.as_of.isoformat(),
            "interpretation": self.interpretation,
            "sql": self.sql,
            "params": [_plain(p) for p in self.params],
            "unit": self.unit,
            "count": self.count,
            "rows": self.rows,
            "truncated": self.truncated,
            "ignored": list(self.ignored),
            "warnings": list(self.warnings),
            "alternatives": list(self.alternatives),
            "value": self.value,
            "elapsed_ms": round(self.elapsed_ms, 2),
        }

    def to_text(self, *, max_rows: int = 20) -> str:
        lines = [
            f"Question: {self.question}",
            f"Read as: {self.interpretation}",
            f"Answer: {self.value if self.unit == 'value' else self.count}"
            + ("" if self.unit in ("count", "value") else f" {self.unit}(s)"),
        ]
        lines[2:2] = [f"Warning: {sentence}" for sentence in self.warnings] + [
            f"Other reading: {question}" for question in self.alternatives
        ]
        for row in self.rows[:max_rows]:
            lines.append("  " + "  ".join(f"{k}={v}" for k, v in row.items() if v is not None))
        if len(self.rows) > max_rows:
            lines.append(f"  ... and {len(self.rows) - max_rows} more rows (use --format json)")
        lines.append(f"({self.elapsed_ms:.0f} ms)")
        return "\n".join(lines)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class QueryEngine:
    """Answers questions over one catalogue; load once (model, vocabulary), ask many times."""

    def __init__(
        self,
        db_or_path: Database | str | Path,
        *,
        embedder: Embedder | None = None,
        use_model: bool = True,
        use_shapes: bool | None = None,
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        row_limit: int = DEFAULT_ROW_LIMIT,
    ) -> None:
        if isinstance(db_or_path, Database):
            self._db, self._owned = db_or_path, False
        else:
            self._db, self._owned = open_database(db_or_path, read_only=True), True
        model = embedder or (shared_embedder() if use_model else None)
        self._grounder = Grounder(model)
        # the question-shape head warns when the question asks for an answer the rules did not
        # read; on by default with the model (query/shapes.py)
        shapes = use_model if use_shapes is None else use_shapes
        self._shapes = ShapeReader(model or shared_embedder()) if shapes else None
        self._tracks = TrackFacts()
        with self._db.connection() as con:  # growth / new-nodule facts, built once up front
            self._tracks.ensure(con)
        self.time_limit_s = time_limit_s
        self.row_limit = row_limit

    def close(self) -> None:
        if self._owned:
            self._db.close()

    def __enter__(self) -> QueryEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def parse(self, question: str, as_of: dt.date | None = None) -> TypedQuery:
        """The typed query for ``question`` without running it."""
        named = read_version(question)  # "found by model 0.3.0": taken out, then looked up
        typed = parse_question(
            named.rest, as_of or dt.date.today(), self._grounder, self._stations(), self._identify
        )
        return named.attach(typed, self._db)

    def answer(self, question: str, as_of: dt.date | str | None = None) -> Answer:
        """Answer one question; raises :class:`QueryError` with a reason when it cannot."""
        started = time.perf_counter()
        day = _as_of(as_of)
        typed = self.parse(question, day)
        if self._shapes is not None:
            typed = self._second_opinion(question, typed, day)
        compiled = compile_query(typed, self.row_limit)
        if needs_track_facts(typed):
            with self._db.connection() as con:
                self._tracks.ensure(con)
        names, rows, _ = self._run(compiled.sql, compiled.params)
        typed = self._masses_from_start(typed, rows)
        typed = self._masses_left_out(typed)
        typed = self._grown_masses(typed)
        typed = self._span_across_patients(typed)
        typed = dataclasses.replace(
            typed, cautions=(*typed.cautions, *unused_field_cautions(question, typed))
        )
        records = [dict(zip(names, row, strict=True)) for row in rows]  # dates come as text
        value = None
        if typed.aggregate is not None:  # one row: an average, a median or matching / total
            count, value = _aggregate_value(records[0], typed.aggregate.kind)
        elif typed.group_by is not None:  # one row per group: the answer is their total
            count = sum(int(r["count"]) for r in records)
        else:
            count = int(records[0].pop("total_rows", len(records))) if records else 0
        for record in records[1:]:
            record.pop("total_rows", None)
        unit = "value" if typed.aggregate is not None else typed.unit
        interpretation = interpret(typed)
        days = one_patient_days(typed, count, value)
        if days is not None:  # one patient's span or gap: a count of days (one_patient_days)
            unit, count, interpretation = "count", days, one_patient_words(interpretation)
        return Answer(
            question=question,
            as_of=day,
            interpretation=interpretation,
            sql=compiled.sql,
            params=compiled.params,
            unit=unit,
            count=count,
            rows=records,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            truncated=typed.aggregate is None and count > len(records),
            ignored=typed.ignored,
            query=typed,
            warnings=tuple(warnings_for(typed)),
            alternatives=typed.alternatives,
            value=value,
        )

    def _second_opinion(self, question: str, typed: TypedQuery, day: dt.date) -> TypedQuery:
        """The question-shape head's warning and other reading, when it has one."""
        assert self._shapes is not None

        def reread(text: str) -> TypedQuery | None:
            try:
                return self.parse(text, day)
            except QueryError:
                return None

        opinion = self._shapes.opinion(question, typed, reread)
        if opinion is None:
            return typed
        offered = (opinion.alternative,) if opinion.alternative else ()
        return dataclasses.replace(
            typed,
            cautions=(*typed.cautions, opinion.caution),
            alternatives=tuple(dict.fromkeys(offered + typed.alternatives)),
        )

    def _masses_from_start(self, typed: TypedQuery, rows: list[tuple[Any, ...]]) -> TypedQuery:
        """ "new nodules" (or "stable nodules") whose answer takes in a track that was a mass
        from its first study: the answer stays, with a warning that names those findings
        (query/new_masses.py). Computed from what the question touched: the findings of such
        tracks that its clauses let in, in the studies the rest of each clause's filter admits
        (so they are in the answer, or decide it); for a ranking, which may leave them out,
        only when the ranking would differ without them."""
        if not asks_new_or_stable_nodules(typed):
            return typed
        named: dict[str, set[str]] = {}  # "new" / "stable": the findings let in
        for flt, clause in ambiguous_clauses(typed):
            listed = compile_clause_findings(typed, flt, clause, "mass", _NAMED_AT_MOST + 1)
            found = {str(row[0]) for row in self._run(listed.sql, listed.params)[1]}
            if found:
                named.setdefault(change_of(clause), set()).update(found)
        if not named:
            return typed
        if typed.top is not None:  # "the 3 smallest new nodules" may not reach the mass
            other = compile_query(restricted(typed), self.row_limit)
            if self._run(other.sql, other.params)[1] == rows:
                return typed
        more = any(len(found) > _NAMED_AT_MOST for found in named.values())
        listed_ids = {change: sorted(found)[:_NAMED_AT_MOST] for change, found in named.items()}
        caution = mass_from_start_warning(listed_ids, more=more)
        return dataclasses.replace(typed, cautions=(*typed.cautions, caution))

    def _masses_left_out(self, typed: TypedQuery) -> TypedQuery:
        """ "nodule findings that grew" lists findings that are nodules now: the masses the
        same words would take in as grown nodules are named in a warning, with how to ask for
        them, so the other reading is never silent (query/new_masses.py; a count says so in
        the parser's caution)."""
        clause = next((c for c in typed.filter.findings if not c.absent), None)
        if clause is None or not clause.kind_now:
            return typed
        listed = compile_clause_findings(
            typed, typed.filter, clause, clause.track_start, _NAMED_AT_MOST + 1, kinds=MASSES
        )
        found = sorted(str(row[0]) for row in self._run(listed.sql, listed.params)[1])
        if not found:
            return typed
        more = len(found) > _NAMED_AT_MOST
        caution = masses_left_out_warning(found[:_NAMED_AT_MOST], more=more)
        return dataclasses.replace(typed, cautions=(*typed.cautions, caution))

    def _grown_masses(self, typed: TypedQuery) -> TypedQuery:
        """ "nodules that grew" whose answer takes in a finding that is a mass now (grown from
        a nodule): the answer stays, with a warning that names those findings and how to ask
        for the other reading (query/grown_masses.py). One query per growth clause, of the
        masses the clause lets in, in the studies the rest of its filter admits."""
        found: set[str] = set()
        for flt, clause in grown_clauses(typed):
            listed = compile_clause_findings(
                typed, flt, clause, clause.track_start, _NAMED_AT_MOST + 1, kinds=MASSES
            )
            found.update(str(row[0]) for row in self._run(listed.sql, listed.params)[1])
        if not found:
            return typed
        more = len(found) > _NAMED_AT_MOST
        caution = grown_masses_warning(sorted(found)[:_NAMED_AT_MOST], more=more)
        return dataclasses.replace(typed, cautions=(*typed.cautions, caution))

    def _span_across_patients(self, typed: TypedQuery) -> TypedQuery:
        """A span over named studies ("days between acc A and acc B") whose studies belong to
        more than one patient: said in a caution (query/intervals.py)."""
        named = named_span_studies(typed)
        if named is None:
            return typed
        said, column, values = named
        patients = int(self._run(*patients_of_named_studies(column, values))[1][0][0])
        if patients < 2:
            return typed
        caution = span_across_patients(said, patients)
        return dataclasses.replace(typed, cautions=(*typed.cautions, caution))

    def _identify(self, word: str) -> tuple[IdKind, str] | None:
        """The catalogue's patient ID, accession number or study UID that ``word`` spells; a
        word shaped like the catalogue's IDs of a kind is that kind even when none is stored
        (the answer is empty rather than the word refused or read as something else)."""
        known = identify(self._db, word)
        if known is not None:
            return known
        kind = shaped_like(self._db, word)
        return (kind, word.upper()) if kind is not None else None

    def _stations(self) -> frozenset[str]:
        return station_names(self._db)

    def _run(self, sql: str, params: list[Any]) -> tuple[list[str], list[tuple[Any, ...]], bool]:
        return run_statement(
            self._db, sql, params, time_limit_s=self.time_limit_s, row_limit=self.row_limit
        )


def run_statement(
    db: Database, sql: str, params: list[Any], *, time_limit_s: float, row_limit: int
) -> tuple[list[str], list[tuple[Any, ...]], bool]:
    """Run one statement, interrupted after ``time_limit_s``; at most ``row_limit`` rows return.

    Returns the column names, the rows and whether more rows were left behind.
    """
    with db.connection() as con:
        timer = threading.Timer(time_limit_s, con.interrupt)
        timer.start()
        try:
            cursor = con.execute(sql, params)
            names = [d[0] for d in cursor.description or ()]
            rows = cursor.fetchmany(row_limit + 1)
        except duckdb.InterruptException as exc:
            raise QueryError(
                f"the question took longer than {time_limit_s:g} s to answer; "
                "narrow it (a date range, a size)"
            ) from exc
        except duckdb.Error as exc:
            raise QueryError(f"the catalogue could not answer: {exc}") from exc
        finally:
            timer.cancel()
    return names, rows[:row_limit], len(rows) > row_limit


def _aggregate_value(row: dict[str, Any], kind: str) -> tuple[int, float | None]:
    """How many were counted and the number asked for: an average, a median or an average per
    patient (study) to 0.01, a percentage to 0.1 (``None`` when nothing was counted); the row
    gets the rounded value too."""
    for column in ("average", "median", "maximum", "minimum"):
        if column in row:
            count = int(next(v for k, v in row.items() if k != column))
            value = None if row[column] is None else round(float(row[column]), 2)
            row[column] = value
            return count, value
    count, total = int(row["matching"]), int(row["total"])
    if kind == "per":
        value = round(count / total, 2) if total else None
        row["average"] = value
        return count, value
    value = round(100.0 * count / total, 1) if total else None
    row["percent"] = value
    return count, value


def _as_of(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise QueryError(f"as-of date {value!r} is not an ISO date (YYYY-MM-DD)") from exc
