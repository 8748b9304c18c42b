"""Cohort questions over the catalogue: report text, vocabulary grounding, typed queries, SQL.

The HTTP API and the CLI call :class:`query.engine.QueryEngine`; the importer
(:mod:`query.cohort_import`) and :func:`query.reports.add_report` write report text. Nothing in
this package imports the web framework, the TUI or the CLI.
"""

from appliance.offline import keep_offline

keep_offline()  # query.embedder imports onnxruntime: telemetry off before it (appliance.offline)
