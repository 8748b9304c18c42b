"""The DuckDB catalogue: patients, studies, series, instances, jobs, findings and reports.

One process owns the file (``scanside serve``): DuckDB lets no other process open it while it
is held, not even read-only. Everything else (API, TUI, CLI while the service runs, analysis
workers) goes through that process. Tools that run without the service (``scanside analyze``,
``import``, ``query``) open the file themselves.
"""

from appliance.catalogue.database import Database, open_database

__all__ = ["Database", "open_database"]
