"""SQL text lives in the catalogue (and the cohort query compiler), nowhere else (issue 20).

Each module of the source packages (``appliance``, ``reports``, ``query``) is read as text and
searched for a string that starts a statement. Outside ``appliance/catalogue`` only the query
compiler may hold one: ``query/compiler.py`` and the three modules whose statements it builds
on (``engine``, ``tracks``, ``versions``; see docs/architecture.md). The report write side
(``reports/``) writes through ``appliance.catalogue.reports``, ``.cohort`` and ``.sr_reports``
since issue 20, so it holds none. A new statement anywhere else fails here.
"""

from __future__ import annotations

import re

from tests.conftest import REPO

SOURCE_PACKAGES = ("appliance", "reports", "query")
QUERY_COMPILER = {"query/compiler.py", "query/tracks.py", "query/versions.py"}

_STATEMENT = re.compile(
    r"[\"'][^\"'\n]*\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM"
    r"|CREATE (OR REPLACE )?(TEMP )?(TABLE|INDEX|VIEW))\b"
)


def _holds_sql(text: str) -> bool:
    return _STATEMENT.search(text) is not None


def _modules_holding_sql(package: str) -> set[str]:
    return {
        path.relative_to(REPO).as_posix()
        for path in (REPO / package).rglob("*.py")
        if _holds_sql(path.read_text(encoding="utf-8"))
    }


def test_the_pattern_finds_a_statement_and_not_prose() -> None:
    assert _holds_sql('rows = db.execute("SELECT count(*) FROM studies")')
    assert _holds_sql('con.execute("CREATE OR REPLACE TEMP TABLE v (text VARCHAR)")')
    assert _holds_sql('"INSERT INTO reports (study_uid) VALUES (?)"')
    assert not _holds_sql('"""Select the slice through the centre."""')
    assert not _holds_sql('"""Create a report and insert it into the catalogue."""')


def test_sql_text_stays_in_the_catalogue_and_the_query_compiler() -> None:
    holding = set().union(*(_modules_holding_sql(p) for p in SOURCE_PACKAGES))
    outside = {m for m in holding if not m.startswith("appliance/catalogue/")}
    assert outside <= QUERY_COMPILER, sorted(outside - QUERY_COMPILER)


def test_the_catalogue_holds_the_statements_it_is_said_to() -> None:
    """The scan reads the files it should: the catalogue's modules do hold SQL."""
    catalogue = _modules_holding_sql("appliance")
    assert {"appliance/catalogue/reports.py", "appliance/catalogue/outbox.py"} <= catalogue


def test_the_report_write_side_holds_no_sql() -> None:
    assert _modules_holding_sql("reports") == set()


def test_the_api_holds_no_sql() -> None:
    assert {m for m in _modules_holding_sql("appliance") if m.startswith("appliance/api/")} == set()
