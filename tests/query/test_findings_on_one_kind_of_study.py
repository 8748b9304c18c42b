"""Findings "on one ldct" are on one study, and that study is an LDCT.

Found in session 21's review: the reader's phrase for one study ("on one scan", "on a single
ct") also took "on one ldct", "on a single ldct" and "on one chest ct" whole, so the kind of
study was lost without a warning ("patients with more than 2 nodules on one ldct" counted the
nodules of any study). Now the kind is kept as the kind of that one study
(:mod:`query.count_words`); "on one scan" stays one study of any kind.

The answers are computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import pytest
from blind_reference import att, ldct, nods, pids
from family_reading import answer

from query.count_words import read_count_words
from query.engine import QueryEngine


def silent_patients(engine: QueryEngine, question: str) -> list[str]:
    got = answer(engine, question)
    assert not got.warnings, got.warnings
    assert got.unit == "patient"
    return sorted({row["patient_id"] for row in got.rows})


@pytest.mark.parametrize(
    "said",
    ["on one ldct", "on a single ldct", "on the same ldct scan", "in one low-dose ct"],
)
def test_two_findings_on_one_ldct_are_on_one_screening_study(
    engine: QueryEngine, said: str
) -> None:
    want = pids(ldct, lambda s: bool(nods(s, att("ground-glass")) and nods(s, att("solid"))))
    assert silent_patients(engine, f"patients with a ggn and a solid nodule {said}") == want


def test_a_count_on_one_ldct_counts_the_nodules_of_a_screening_study(
    engine: QueryEngine,
) -> None:
    want = pids(ldct, lambda s: len(nods(s)) > 2)
    anywhere = pids(lambda s: len(nods(s)) > 2)
    assert want != anywhere  # the cohort tells the two readings apart
    assert silent_patients(engine, "patients with more than 2 nodules on one ldct") == want


def test_one_scan_of_any_kind_is_left_as_it_was() -> None:
    assert read_count_words("patients with 3 nodules on one scan") == (
        "patients with 3 nodules on one scan"
    )
    assert read_count_words("nodules on a single chest ct") == (
        "nodules on one scan that was a chest ct"
    )
