"""The cohort query: a question in plain language, answered from the catalogue (clinician).

The query engine is the ``query`` package. SEAM: this module calls
``query.engine.answer(question, as_of)`` and returns ``Answer.to_json()``; the lead adjusts the
call at merge if the engine needs the catalogue handed to it. While the engine is not part of
the build, the endpoint answers 503 with a message saying so.
"""

from __future__ import annotations

import dataclasses
import importlib
from datetime import date
from types import ModuleType
from typing import Any

from litestar import post
from litestar.di import NamedDependency
from litestar.exceptions import ServiceUnavailableException, ValidationException
from litestar.params import JSONBody

from appliance.api.auth import requires
from appliance.service import Service

__all__ = ["QueryRequest", "run_query"]


@dataclasses.dataclass(frozen=True)
class QueryRequest:
    question: str
    """The question, e.g. "women over 60 with a part-solid nodule over 8 mm since 2024"."""
    as_of: date | None = None
    """Date that relative phrases ("last year") count from; today when absent."""


_QUESTION_MAX = 2000


def query_engine() -> ModuleType | None:
    """The query engine module, or None when it is not installed in this build."""
    try:
        return importlib.import_module("query.engine")
    except ModuleNotFoundError as exc:
        if exc.name not in ("query", "query.engine"):
            raise
        return None


@post("/query", guards=[requires("clinician")], opt={"audit": "query.run"}, sync_to_thread=True)
def run_query(service: NamedDependency[Service], data: JSONBody[QueryRequest]) -> dict[str, Any]:
    """Interpret the question, run it, and return the interpretation and the matching rows."""
    question = data.question.strip()
    if not question or len(question) > _QUESTION_MAX:
        raise ValidationException(detail=f"a question must be 1-{_QUESTION_MAX} characters")
    engine = query_engine()
    if engine is None:
        raise ServiceUnavailableException(
            detail="the cohort query engine is not available in this build (package 'query')"
        )
    answer = engine.answer(question, data.as_of or date.today())
    result: dict[str, Any] = answer.to_json()
    return result
