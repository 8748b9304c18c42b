"""Opening the catalogue and bringing its schema up to date.

The schema is a sequence of numbered SQL files in ``migrations/`` (``0001_core.sql``, ...).
``schema_version`` records which have run; opening a database applies the missing ones in order,
each in its own transaction, so an old data directory is upgraded in place and a half-applied
migration never remains. A database newer than this code is refused rather than guessed at.

Within the owning process, one connection is shared behind a re-entrant lock: DuckDB's Python
connection is not safe for concurrent use from threads, and the catalogue's write rate (a few
hundred rows a second at most) does not need more.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from appliance.errors import CatalogueError

__all__ = ["Database", "migrations", "open_database"]

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """Return ``(version, name, sql)`` for every migration shipped, in order."""
    found: list[tuple[int, str, str]] = []
    for entry in resources.files("appliance.catalogue").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(versions) != len(set(versions)):
        raise CatalogueError(f"two migrations share a number: {sorted(versions)}")
    return found


class Database:
    """A catalogue connection plus the lock that serialises its use."""

    def __init__(
        self, connection: duckdb.DuckDBPyConnection, path: Path | None, *, read_only: bool
    ):
        self._con = connection
        self._lock = threading.RLock()
        self.path = path
        self.read_only = read_only

    @contextlib.contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Hold the lock and yield the connection (for several statements in a row)."""
        with self._lock:
            yield self._con

    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run the block in one transaction; roll back and re-raise on any error."""
        with self._lock:
            self._con.execute("BEGIN TRANSACTION")
            try:
                yield self._con
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            self._con.execute("COMMIT")

    def execute(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
    ) -> list[tuple[Any, ...]]:
        """Run one parameterised statement and return all rows (empty for DML)."""
        with self._lock:
            try:
                cursor = (
                    self._con.execute(sql, params) if params is not None else self._con.execute(sql)
                )
                return cursor.fetchall() if cursor.description else []
            except duckdb.Error as exc:
                raise CatalogueError(f"catalogue statement failed: {exc}") from exc

    def query_dicts(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Like :meth:`execute` but each row is a dict keyed by column name."""
        with self._lock:
            try:
                cursor = (
                    self._con.execute(sql, params) if params is not None else self._con.execute(sql)
                )
                names = [d[0] for d in cursor.description or ()]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            except duckdb.Error as exc:
                raise CatalogueError(f"catalogue query failed: {exc}") from exc

    def schema_version(self) -> int:
        rows = self.execute("SELECT coalesce(max(version), 0) FROM schema_version")
        return int(rows[0][0])

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _apply_migrations(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    applied = {int(r[0]) for r in con.execute("SELECT version FROM schema_version").fetchall()}
    shipped = migrations()
    unknown = applied - {version for version, _, _ in shipped}
    if unknown:
        raise CatalogueError(
            f"the catalogue has schema migrations {sorted(unknown)} that this ScanSide does not "
            "know: it was written by a newer ScanSide; upgrade ScanSide, do not downgrade"
        )
    # Every shipped migration not yet applied runs, in order: a database made by a build that
    # lacked an earlier-numbered migration still gets it.
    for version, name, sql in shipped:
        if version in applied:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise CatalogueError(f"migration {name} failed: {exc}") from exc
        con.execute("COMMIT")


def open_database(path: str | Path | None, *, read_only: bool = False) -> Database:
    """Open (creating and migrating if needed) the catalogue at ``path``; ``None`` is in-memory.

    ``read_only`` opens an existing file without migrating and with external access disabled;
    it fails if another process holds the file.
    """
    target = Path(path) if path is not None else None
    config: dict[str, Any] = {}
    if read_only:
        config["enable_external_access"] = False
    try:
        if target is None:
            con = duckdb.connect(":memory:", config=config)
        else:
            if not read_only:
                target.parent.mkdir(parents=True, exist_ok=True)
            elif not target.exists():
                raise CatalogueError(
                    f"no catalogue at {target}: run 'scanside serve' or 'scanside import' first"
                )
            con = duckdb.connect(str(target), read_only=read_only, config=config)
    except duckdb.IOException as exc:
        raise CatalogueError(
            f"cannot open the catalogue {target}: {exc}. If 'scanside serve' is running, it "
            "owns the file: use the API (or stop the service) instead"
        ) from exc
    if not read_only:
        _apply_migrations(con)
    return Database(con, target, read_only=read_only)
