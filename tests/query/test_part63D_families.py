"""The families parts 60 to 63 (``bank_fresh_60.py`` ... ``bank_fresh_63.py``) showed missing,
share D: a sender's noise around the question (greetings, sign-offs typed with no full stop,
an e-mail subject, a purpose said at the end: :mod:`query.layouts`), a birth year said after
its year or with "somewhere in" (:mod:`query.reading`), and findings heading a question before
"in reports of <people>" (:mod:`query.parser`, a caution).

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter

import cohort_reference as ref
import pytest
from blind_reference import att, born, findings, is_nodule, pids, sex_is, study_of
from family_reading import answer, clean_reading, ids, parse

from query import rewrites
from query.engine import QueryEngine
from query.grounding import Grounder

# --- a sender's noise -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("quick q, solid nodules over 8 mm cheers mate", "solid nodules over 8 mm"),
        ("sorry to bother - can u pull the ldcts of p00020", "the ldcts of p00020"),
        ("on call, pls check masses in 2025", "masses in 2025"),
        ("urgent-ish: head cts in 2024 thx", "head cts in 2024"),
        ("re mdt list: spiculated nodules ta", "spiculated nodules"),
        ("need for audit: chest cts of p00445", "chest cts of p00445"),
        ("the screening cts of p00020 for the tumour board.", "the screening cts of p00020"),
        ("mdt list - women with a mass", "women with a mass"),
        ("nodules for tumor board", "nodules"),
    ],
)
def test_a_senders_noise_is_no_condition(question: str, plain: str) -> None:
    """Greetings and the sender's state ("quick q", "sorry to bother", "urgent-ish", "on
    call"), a request ("can u pull", "pls check"), a thanks with no full stop ("thx", "ta",
    "cheers mate"), an e-mail subject ("re mdt list:"), a purpose before a colon or dash ("need
    for audit:", "mdt list -") or at the very end ("for the tumour board") say nothing of the
    cohort: the question is read without them ("tumour board" had been read as a mass)."""
    assert rewrites.clean(question) == plain


@pytest.mark.parametrize(
    "question", ["patients with a tumour over 3 cm", "studies showing a tumour, thx"]
)
def test_a_real_tumour_is_still_a_mass(engine: QueryEngine, question: str) -> None:
    """Only the purpose ("tumour board") is noise: a tumour asked for is still a mass."""
    said = answer(engine, question)
    assert "with a mass" in said.interpretation, said.interpretation
    assert said.warnings == ()


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("re spiculated nodules: which patients", "margin spiculated"),
        ("re emphysema: how many patients", "report mentions emphysema"),
    ],
)
def test_a_subject_line_that_names_the_cohort_keeps_it(
    engine: QueryEngine, question: str, kept: str
) -> None:
    """Only a subject that names its occasion ("re clinic list:", "re your email:") is noise; a
    subject that names what is asked ("re emphysema:") is read (dropped whole, it had lost the
    finding, silently: every patient). Only "re" is left unread, and said so."""
    said = answer(engine, question)
    assert kept in said.interpretation, said.interpretation
    assert said.ignored == ("re",)


# --- a birth year -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "lo", "hi", "sex"),
    [
        ("women with a 1949 birth year", "1949-01-01", "1949-12-31", "F"),
        ("people with a 1962 year of birth", "1962-01-01", "1962-12-31", None),
        ("patients whose birth year is sometime in the 1940s", "1940-01-01", "1949-12-31", None),
        ("men with a birth year somewhere in the sixties", "1960-01-01", "1969-12-31", "M"),
    ],
)
def test_a_birth_year_is_the_patients_birth_date(
    grounder: Grounder, engine: QueryEngine, question: str, lo: str, hi: str, sex: str | None
) -> None:
    """A year (or a decade) with "birth year / year of birth" after it, or "birth year
    somewhere (sometime) in" before it, bounds the patient's birth date, never the study date
    (it had been read as the studies' year, the birth words left unread)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    expected = born(lo, hi)
    if sex is not None:
        expected = sorted(set(expected) & set(pids(sex_is(sex))))
    assert ids(engine, question, "patient_id") == expected


# --- findings before the people's reports -----------------------------------------------------


def test_findings_in_the_reports_of_people_are_cautioned(engine: QueryEngine) -> None:
    """ "emphysema in the reports of women over 70": no unit word, people named, so the
    Conventions answer the patients; "reports of" may ask for the studies, so it is cautioned
    (it had been silent). "calcified nodules in men" stays the patients, uncautioned."""
    cautioned = answer(engine, "emphysema in the reports of women over 70")
    assert any("heads the question" in w for w in cautioned.warnings)
    assert answer(engine, "calcified nodules in men").warnings == ()


# --- people and findings as the unit (the lead's review, session 28) ----------------------------


def test_findings_named_before_a_split_by_sex_are_what_each_group_counts(
    engine: QueryEngine,
) -> None:
    """ "nodule findings by patient sex": each sex's number of nodule findings (the patients
    per sex had been counted, silently); "nodules by sex" alone still counts the people."""
    expected = Counter(ref.sex(study_of(f)) for f in findings() if is_nodule(f))
    said = answer(engine, "nodule findings by patient sex")
    assert {row["sex"]: row["count"] for row in said.rows} == dict(expected)
    assert said.warnings == ()


@pytest.mark.parametrize("direction", ["most", "fewest"])
def test_people_ranked_by_their_findings_are_patients(engine: QueryEngine, direction: str) -> None:
    """ "the 3 women with the fewest ggns": three women, ranked by their ground-glass nodules
    over all their studies (their studies had been ranked, silently)."""
    said = answer(engine, f"the 3 women with the {direction} ggns")
    assert said.interpretation.startswith(f"the 3 {direction} patients"), said.interpretation
    per_woman = Counter(
        study_of(f)["patient_id"]
        for f in findings()
        if is_nodule(f) and att("ground-glass")(f) and sex_is("F")(study_of(f))
    )
    got = {row["patient_id"] for row in said.rows}
    assert len(got) == 3 and got <= set(per_woman)
    ranked = sorted(per_woman.values(), reverse=direction == "most")
    assert sorted((per_woman[p] for p in got), reverse=direction == "most") == ranked[:3]
