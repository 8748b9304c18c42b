"""Fixtures for the query tests: the shared cohort imported once into a real DuckDB file.

Importing embeds about 1,600 distinct report sentences with the ONNX MiniLM, so it is done once
per test session; every test that asks questions shares the same read-only engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cohort_reference import COHORT

from appliance.catalogue.database import open_database
from query.embedder import shared_embedder
from query.engine import QueryEngine
from query.grounding import Grounder
from reports.cohort_import import import_cohort


@pytest.fixture(scope="session")
def grounder() -> Grounder:
    """The question reader's grounding (the shipped MiniLM), shared by the parser tests."""
    return Grounder(shared_embedder())


def _require_cohort() -> Path:
    if not (COHORT / "dev_queries.jsonl").is_file():
        pytest.skip(f"the shared cohort fixture is not at {COHORT}")
    return COHORT


@pytest.fixture(scope="session")
def cohort_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalogue file holding the imported cohort (closed, so it can be opened read-only)."""
    folder = _require_cohort()
    path = tmp_path_factory.mktemp("cohort") / "catalogue.duckdb"
    with open_database(path) as db:
        import_cohort(db, folder)
    return path


@pytest.fixture(scope="session")
def engine(cohort_catalogue: Path) -> Iterator[QueryEngine]:
    with QueryEngine(cohort_catalogue) as eng:
        yield eng
