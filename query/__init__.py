"""Cohort questions over the catalogue: report text, vocabulary grounding, typed queries, SQL.

The HTTP API and the CLI call :class:`query.engine.QueryEngine`, which only reads. Report text
and imported cohorts are written by the :mod:`reports` package (:mod:`reports.cohort_import`,
:func:`reports.store.add_report`), with this package's text reader (:mod:`query.sentences`,
:mod:`query.concepts`, :mod:`query.embedder`); nothing here imports it (an import contract says
so), nor the web framework, the TUI or the CLI.
"""

from appliance.offline import keep_offline

keep_offline()  # query.embedder imports onnxruntime: telemetry off before it (appliance.offline)
