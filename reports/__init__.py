"""The write side of the cohort data: report text and imported cohorts, into the catalogue.

Report text arrives by ``scanside import-cohort`` (:mod:`reports.cohort_import`), the HTTP API
and DICOM SR text reports (:mod:`reports.sr_intake`, :mod:`reports.sr_text`); every path stores
it with :func:`reports.store.add_report` (sentences, concept mentions, embeddings), reading it
with the cohort engine's own text reader (:mod:`query.sentences`, :mod:`query.concepts`,
:mod:`query.embedder`). The cohort query engine (:mod:`query`) only reads: it never imports this
package (an import contract says so). Nothing here imports the web framework, the TUI or the CLI,
nor DuckDB: the rows are written by :mod:`appliance.catalogue.reports`, ``.cohort`` and
``.sr_reports`` (issue 20: SQL lives in the catalogue).
"""
