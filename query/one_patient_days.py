"""An interval answer about one patient is that patient's number of days, a count.

The cohort README names an answer's unit patients, studies, findings or a number ("how many
..."), and its checker compares a number as a ``count``. "P00150: span in days from the first
exam to the latest", "days between acc A and acc B" (two studies of one patient) or "longest
gap between consecutive scans of P00387" ask for one patient's number of days; the reader
computes every interval as a statistic over patients (``span_days``: each patient's first to
latest study; ``gap_days``: consecutive study dates), whose answer was unit ``value`` with
``count`` the patients (or intervals) averaged, so a judge reading ``count`` got 1 (parts 60 to
63, A; issue 17, session 28).

Decided here, after the statement ran:

- a span (``span_days``) is one patient's when the answer averaged exactly one patient (one
  patient ID, a pair of accessions of one patient, or a population that happens to be one
  patient: the number is that patient's days either way);
- a gap statistic (``gap_days``), whose answer counts intervals rather than patients, is one
  patient's when the reading names exactly one patient ID (the longest, shortest, mean or median
  gap between that patient's own studies).

Only in days (a number of months or years is not a whole count) and only when there is a
number. Such an answer has unit ``count``, ``count`` the whole number of days (rounded), and
keeps ``value`` (the same number, to 0.01) and its row. Averages and medians over several
patients stay unit ``value``. Called by :mod:`query.engine`.
"""

from __future__ import annotations

from query.typed_query import TypedQuery

__all__ = ["one_patient_days", "one_patient_words"]


def one_patient_days(query: TypedQuery, averaged: int, value: float | None) -> int | None:
    """The whole number of days when the interval answer is about one patient; else None.
    ``averaged`` is the statement's count column (patients for a span, intervals for gaps)."""
    aggregate = query.aggregate
    if aggregate is None or value is None or aggregate.time_unit != "day":
        return None
    if aggregate.kind not in ("mean", "median", "max", "min"):
        return None
    if aggregate.field == "span_days" and averaged == 1:
        return round(value)
    if aggregate.field == "gap_days" and len(query.filter.patient_ids) == 1:
        return round(value)
    return None


def one_patient_words(interpretation: str) -> str:
    """The interpretation of such an answer: it says the number is one patient's days."""
    return f"one patient's number of days (a count of days; read as: {interpretation})"
