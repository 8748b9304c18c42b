"""The families part 36 (``bank_fresh_36.py``) showed missing, share D: what a breakdown or a
count counts (the noun asked about: people, studies or findings), a share of findings "of A that
are B" (of A), a count noun after a break ("- count of nodules": the unit, not a finding of its
own) and "N or more of them" after a kind of study (those studies, per patient).

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`, :mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import cohort_reference as ref
import pytest
from blind_reference import (
    att,
    born,
    chest_ct,
    cxr,
    ge,
    head_ct,
    in_lobe,
    ldct,
    margin,
    nodule_rows,
    own,
    pats,
    studies,
)
from family_reading import answer, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def grouped(engine: QueryEngine, question: str) -> dict[str, int]:
    """The answer's count per group value."""
    rows = answer(engine, question).rows
    return {str(row[next(iter(row))]): int(row["count"]) for row in rows}


def sexes_of_patients(patient_ids: list[str]) -> dict[str, int]:
    return dict(Counter(ref.cohort()[0][p]["sex"] for p in patient_ids))


def sexes_of_studies(kind: Callable[[Row], bool]) -> dict[str, int]:
    return dict(Counter(ref.sex(s) for s in studies() if kind(s)))


# --- what a breakdown counts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("born before 1950: gender breakdown", "patient"),  # no noun: a sex is a person's
        ("sex split of the entire cohort", "patient"),
        ("women per year", "patient"),  # a word for people is the noun asked about
        ("head ct count by sex of the patient", "study"),  # "of the patient": whose sex
        ("cxrs broken down by gender of the patients", "study"),
        ("ldct count per sex", "study"),
        ("lung-rads 3 ldcts, sex split (patients)", "patient"),  # the unit in brackets
        ("patients with a mass by sex", "patient"),
        ("studies per year", "study"),
        ("per year", "study"),  # no noun, not a sex: the studies, as before
    ],
)
def test_a_breakdown_counts_the_noun_asked_about(
    grounder: Grounder, question: str, counted: str
) -> None:
    """A breakdown counts the first noun of the question (a unit word, a kind of study, a word
    for people), a unit in brackets first; a noun after the grouping's "of" is whose field is
    grouped; with no noun a split by sex counts people."""
    query = parse(grounder, question)
    assert query.group_by is not None
    assert query.count_of == counted


def test_a_sex_breakdown_without_a_noun_counts_people(engine: QueryEngine) -> None:
    expected = sexes_of_patients(born("0001-01-01", "1954-12-31"))
    assert grouped(engine, "born before 1955 - m/f/o split") == expected


def test_a_kind_of_study_by_the_patients_sex_counts_studies(engine: QueryEngine) -> None:
    assert grouped(engine, "head ct count by sex of the patient") == sexes_of_studies(head_ct)
    assert grouped(engine, "cxr tally by gender of patient") == sexes_of_studies(cxr)


@pytest.mark.parametrize(
    "question",
    [
        "women versus men among chest cts",
        "among chest cts, women versus men",
        "m vs f out of all chest ct exams",
    ],
)
def test_the_noun_after_among_is_what_a_breakdown_splits(
    engine: QueryEngine, question: str
) -> None:
    """Said after "among / out of", the population is split wherever the groups were named:
    the sexes said first do not make it a count of people (found gating part 36's tune)."""
    expected = sexes_of_studies(chest_ct)
    assert grouped(engine, question) == {k: v for k, v in expected.items() if k in ("F", "M")}


# --- what a count counts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "test"),
    [
        (
            "chest ct patients older than 80 at the scan - count them",
            lambda s: chest_ct(s) and ref.age(s) > 80,
        ),
        (
            "head ct patients under 50 at the exam - count those",
            lambda s: head_ct(s) and ref.age(s) < 50,
        ),
    ],
)
def test_people_then_count_them_counts_people(
    engine: QueryEngine, question: str, test: Callable[[Row], bool]
) -> None:
    """ "<study> patients ... at the scan - count them": "count them" is a verb over the
    patients, never "<scan> count" (the studies had been counted, silently)."""
    expected = len({s["patient_id"] for s in studies() if test(s)})
    got = answer(engine, question)
    assert got.count == expected


def test_a_count_of_studies_still_counts_studies(grounder: Grounder) -> None:
    assert parse(grounder, "ldct count for women").count_of == "study"
    assert parse(grounder, "how many chest cts in patients over 70").count_of == "study"


# --- shares of findings "of A that are B" -------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "among", "share"),
    [
        ("% of nodules 15 mm or larger that are solid", [ge("diameter_mm", 15)], att("solid")),
        ("what fraction of part-solid nodules are in the rul", [att("part-solid")], in_lobe("RUL")),
        (
            "% of solid nodules that were lung-rads 4a",
            [att("solid")],
            lambda f: f["lung_rads"] == "4A",
        ),
        (
            "what share of spiculated nodules are 10 mm or more",
            [margin("spiculated")],
            ge("diameter_mm", 10),
        ),
    ],
)
def test_a_share_of_findings_is_of_those_named_before_the_verb(
    engine: QueryEngine,
    question: str,
    among: list[Callable[[Row], bool]],
    share: Callable[[Row], bool],
) -> None:
    """The attributes before "that are / are" say which findings are counted (the
    denominator); those after it are the share (they had been a share of every nodule)."""
    rows = nodule_rows(*among)
    got = answer(engine, question)
    assert got.rows[0]["total"] == len(rows)
    assert got.rows[0]["matching"] == len([f for f in rows if share(f)])


def test_a_share_of_every_nodule_is_unchanged(engine: QueryEngine) -> None:
    """Nothing of the finding before the verb: a share of every nodule, as before."""
    got = answer(engine, "what percentage of nodules are solid")
    assert got.rows[0]["total"] == len(nodule_rows())
    assert got.rows[0]["matching"] == len(nodule_rows(att("solid")))


# --- a count noun after a break; "N or more of them" ------------------------------------------


def test_a_count_noun_after_a_break_is_the_unit(engine: QueryEngine) -> None:
    """ "... - count of nodules": the attribute before the break describes the nodules counted,
    not the noun after "count of" (the margin had gone to a nodule of its own, silently)."""
    expected = len(nodule_rows(att("ground-glass"), margin("smooth")))
    assert answer(engine, "ggns that have smooth margins - count of nodules").count == expected


def test_n_or_more_of_them_counts_the_studies_named(engine: QueryEngine) -> None:
    """ "patients with an ldct, how many had 2 or more of them": 2 or more LDCTs each."""
    expected = sum(1 for p in pats() if sum(1 for s in own(p["patient_id"]) if ldct(s)) >= 2)
    got = answer(engine, "patients with an ldct - how many had 2 or more of them")
    assert got.count == expected
    assert not any("diameter" in w for w in got.warnings)
