"""The cohort query: a question in plain language, answered from the catalogue (clinician).

The engine is :class:`query.engine.QueryEngine` over the service's own catalogue connection; it
loads its sentence model once, on the first question, and is shared after that
(:class:`EngineHolder`). Its :class:`~appliance.errors.QueryError` (a question it cannot read)
becomes a 400 with the reason. A build without the ``query`` package answers 503 saying so.
"""

from __future__ import annotations

import dataclasses
import importlib
import threading
from datetime import date
from typing import Any

from litestar import post
from litestar.di import NamedDependency
from litestar.exceptions import ServiceUnavailableException, ValidationException
from litestar.params import JSONBody

from appliance.api.auth import requires
from appliance.catalogue.database import Database
from appliance.service import Service

__all__ = ["EngineHolder", "QueryAnswer", "QueryRequest", "run_query"]

_QUESTION_MAX = 2000


@dataclasses.dataclass(frozen=True)
class QueryRequest:
    question: str
    """The question, e.g. "women over 60 with a part-solid nodule over 8 mm since 2024"."""
    as_of: date | None = None
    """Date that relative phrases ("last year") count from; today when absent."""


@dataclasses.dataclass(frozen=True)
class QueryAnswer:
    """The engine's reading of a cohort question and what matched
    (:meth:`query.engine.Answer.to_json`, field for field).

    ``rows`` is deliberately free-form: each row is an object whose columns depend on the
    question (a study's, a finding's or a patient's; ``matching, total, percent`` for a
    percentage), so the schema says only that it is a list of objects. A row that names a study
    has its ``study_uid``. ``params`` are the SQL's parameters (text, numbers or dates)."""

    question: str
    as_of: date
    interpretation: str
    sql: str
    params: list[object]
    unit: str
    """``study``, ``finding``, ``patient``, ``count`` or ``value``."""
    count: int
    rows: list[dict[str, object]]
    """Free-form: the columns depend on the question (see the class)."""
    truncated: bool
    ignored: list[str]
    """Words of the question the engine could not use."""
    warnings: list[str]
    alternatives: list[str]
    """Other readings of the question, in words."""
    value: float | None
    """The number an average or a percentage answers with (``unit`` ``value``)."""
    elapsed_ms: float


class EngineHolder:
    """One query engine per application, made on first use (loading the model takes a second)."""

    def __init__(self, db: Database, models_dir: str = "") -> None:
        self._db = db
        self._models_dir = models_dir
        """``inference.models_dir``: its ``minilm/`` reads the questions (empty: the shipped)."""
        self._engine: Any = None
        self._lock = threading.Lock()

    def engine(self) -> Any:
        with self._lock:
            if self._engine is None:
                try:
                    module = importlib.import_module("query.engine")
                except ModuleNotFoundError as exc:
                    if exc.name not in ("query", "query.engine"):
                        raise
                    raise ServiceUnavailableException(
                        detail="the cohort query engine is not available in this build "
                        "(package 'query')"
                    ) from exc
                embedder = importlib.import_module("query.embedder")
                model_dir = embedder.default_model_dir(self._models_dir)
                self._engine = module.QueryEngine(
                    self._db, embedder=embedder.shared_embedder(model_dir)
                )
            return self._engine


@post(
    "/query",
    guards=[requires("clinician")],
    opt={"audit": "query.run"},
    sync_to_thread=True,
    status_code=200,
)
def run_query(
    service: NamedDependency[Service],
    query_engine: NamedDependency[EngineHolder],
    data: JSONBody[QueryRequest],
) -> QueryAnswer:
    """Interpret the question, run it, and return the interpretation and the matching rows."""
    question = data.question.strip()
    if not question or len(question) > _QUESTION_MAX:
        raise ValidationException(detail=f"a question must be 1-{_QUESTION_MAX} characters")
    answer = query_engine.engine().answer(question, data.as_of or date.today())
    return QueryAnswer(**{**answer.to_json(), "as_of": answer.as_of})
