"""The families part 41 (``bank_fresh_41.py``) showed answered silently wrong, share N: a size
bound closing a question right after an excluded kind, and a breakdown whose count names the
unit it counts.

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`, :mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import cohort_reference as ref
import pytest
from blind_reference import (
    chest_ct,
    cxr,
    findings,
    fstudy,
    gt,
    is_nodule,
    ldct,
    new,
    sids,
    studies,
    study_of,
)
from family_reading import answer, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

# --- a bound after the excluded kind belongs to the kind kept ---------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "new nodules excluding masses over 6 mm",
        "new nodules except masses >6mm",
        "new nods excl masses > 6mm",
        "new nodules, not masses, larger than 6 mm",
        "new nodules other than masses > 6 mm",
        "new nodules, excluding masses, > 6 mm",
    ],
)
def test_a_bound_after_excluded_masses_is_the_new_nodules(
    engine: QueryEngine, question: str
) -> None:
    """ "new nodules excluding masses > 6 mm" asks for new nodules over 6 mm, masses aside (the
    bound had been put on the masses left out, silently)."""
    assert ids(engine, question, "study_uid") == sids(fstudy(new(False), gt("diameter_mm", 6)))


@pytest.mark.parametrize(
    "question",
    [
        "new nodules excluding masses > 6 mm",
        "nodules except masses of 8 mm or more",
        "stable nodules other than masses over 10mm",
    ],
)
def test_the_other_reading_is_named(grounder: Grounder, question: str) -> None:
    """The bound read on the kept kind is said, with how to ask for the excluded one."""
    query = parse(grounder, question)
    assert any("read as a bound on the nodules kept" in c for c in query.cautions)
    assert any("with no masses" in c for c in query.cautions)


def test_a_bound_said_with_no_is_the_excluded_masses(grounder: Grounder) -> None:
    """ "with no mass > 6 mm" stays a condition on the masses, unwarned (the phrasing the
    caution offers for the other reading)."""
    query = parse(grounder, "new nodules with no mass > 6 mm")
    assert query.cautions == ()
    excluded = [c for c in query.filter.findings if c.kinds == ("mass",)] or [
        c for f in query.filter.excluded for c in f.findings
    ]
    assert excluded, query


# --- a breakdown counts what its count word names --------------------------------------------


def _per_sex(keep: list[dict[str, object]]) -> dict[str, int]:
    return dict(Counter(ref.sex(s) for s in keep if ref.sex(s) in ("F", "M")))


def _counts(engine: QueryEngine, question: str) -> dict[str, int]:
    rows = answer(engine, question).rows
    return {str(r["sex"]): int(r["count"]) for r in rows if r["sex"] in ("F", "M")}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("female vs male ldct count", ldct),
        ("ldct count, women vs men", ldct),
        ("men vs women: number of ldcts", ldct),
        ("women vs men - count of chest cts", chest_ct),
        ("# cxrs by sex", cxr),
        ("female vs male cxr tally", cxr),
    ],
)
def test_a_study_count_per_sex_counts_studies(
    engine: QueryEngine, question: str, kind: object
) -> None:
    """ "<study noun> count", "number of / count of / # <study noun>" split by sex count the
    studies of each sex (the patients had been counted, silently)."""
    assert callable(kind)
    assert _counts(engine, question) == _per_sex([s for s in studies() if kind(s)])


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("patient count by sex", "patient"),
        ("female vs male patient count", "patient"),
        ("ct count by station", "study"),
        ("head ct patients - count by sex", "patient"),
    ],
)
def test_the_counted_unit_is_the_noun_of_the_count(
    grounder: Grounder, question: str, unit: str
) -> None:
    """The noun of "<noun> count" is what each group counts; a count after a break ("- count
    by sex") is a verb and leaves the unit to the rest of the question."""
    assert parse(grounder, question).count_of == unit


@pytest.mark.parametrize(
    "question",
    [
        "nodule count men vs women",
        "number of nodules by sex",
        "women vs men: how many nodules",
        "# of nodules per gender",
    ],
)
def test_a_finding_count_per_sex_counts_the_findings(engine: QueryEngine, question: str) -> None:
    """ "<finding> count", "number of / how many <findings>" split by a patient's or a study's
    field count the findings of each group, as the same count without a split does (the
    patients with one had been counted, silently)."""
    expected = Counter(ref.sex(study_of(f)) for f in findings() if is_nodule(f))
    assert _counts(engine, question) == {k: v for k, v in expected.items() if k in ("F", "M")}


@pytest.mark.parametrize(
    ("question", "column", "key"),
    [
        ("how many nodules per station", "station", lambda s: str(s["station"]).upper()),
        ("number of nodules per year", "year", lambda s: str(s["study_date"])[:4]),
    ],
)
def test_a_finding_count_per_study_field_counts_the_findings(
    engine: QueryEngine, question: str, column: str, key: Callable[[dict[str, object]], str]
) -> None:
    """Findings per station or per year: each finding counted under its study's value."""
    expected = Counter(key(study_of(f)) for f in findings() if is_nodule(f))
    rows = answer(engine, question).rows
    assert {str(r[column]): int(r["count"]) for r in rows} == dict(expected)
