"""SQL text lives in the catalogue (and the cohort query engine), nowhere else (issue 20).

Each module of ``appliance`` outside ``appliance/catalogue`` is read as text and searched for a
string that starts a statement. None holds one since the health snapshot's and the analysis
dispatcher's statements moved (``catalogue/health.py``, ``catalogue/series_inputs.py``); the
list of exceptions is empty and stays so, so a new statement elsewhere fails here.
"""

from __future__ import annotations

import re

from tests.conftest import REPO

STILL_TO_MOVE: set[str] = set()

_STATEMENT = re.compile(r"[\"'][^\"'\n]*\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b")


def _holds_sql(text: str) -> bool:
    return _STATEMENT.search(text) is not None


def test_the_pattern_finds_a_statement_and_not_prose() -> None:
    assert _holds_sql('rows = db.execute("SELECT count(*) FROM studies")')
    assert not _holds_sql('"""Select the slice through the centre."""')


def test_sql_text_stays_in_the_catalogue() -> None:
    holding = {
        str(path.relative_to(REPO))
        for path in (REPO / "appliance").rglob("*.py")
        if "catalogue" not in path.relative_to(REPO / "appliance").parts[:1]
        and _holds_sql(path.read_text(encoding="utf-8"))
    }
    assert holding <= STILL_TO_MOVE, sorted(holding - STILL_TO_MOVE)


def test_the_api_holds_no_sql() -> None:
    api = {
        str(path.relative_to(REPO))
        for path in (REPO / "appliance" / "api").rglob("*.py")
        if _holds_sql(path.read_text(encoding="utf-8"))
    }
    assert api == set()
