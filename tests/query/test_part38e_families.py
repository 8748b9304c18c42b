"""The families part 38 (``bank_fresh_38.py``) showed missing, share E: rankings and Lung-RADS
over time.

Rankings: patients ranked "by how many <findings> they have had (in total)", "brightest /
dimmest" as the highest / lowest mean attenuation, a bracket after a ranking that restates its
field or gives its unit, "<field> ranking: the N <superlative>", "N <studies> having the earliest
/ latest dates" (studies ranked by date, not N studies per patient), "<patients> with the (single)
largest <finding>" (patients ranked by their largest finding), "solid component size" as the
solid component, and a ranking with no count and no word asking for one, which is answered with
its first item and a caution, never silently.

Lung-RADS over time: "<lung-rads> peaked at / topped out at / maxed out at <category>" is the
patient's highest category ever, "(never higher)" in brackets restates it; "versus / compared
to the previous exam" restates a change; "whose?" / "who?" closing a question after a break asks
for the patients; "N or more <category> studies" counts the patient's studies of that category.

Each rule is checked in phrasings written here (not the part's). The answers are computed in
plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from typing import Any

import pytest
from blind_reference import (
    category,
    highest,
    history,
    nodule_rows,
    studies,
    study_of,
    untied,
    went_from,
)
from family_reading import clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


# --- rankings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "order patients by how many ggns they had, top 3",
        "sort pts by how many nodules they have had in total - top 3",
        "rank people by how many nodules they ever had, first 3",
    ],
)
def test_patients_ranked_by_how_many_findings_they_had(grounder: Grounder, question: str) -> None:
    """ "rank patients by how many nodules they have had in total - top N": the N patients with
    the most findings over all their studies (the ranking had been the size, warned)."""
    query = parse(grounder, question)
    assert query.top is not None
    assert (query.top.n, query.top.field, query.top.largest) == (3, "finding_count", True)
    assert query.unit == "patient"
    assert clean_reading(query)


@pytest.mark.parametrize(
    ("question", "largest"),
    [
        ("the 4 brightest solid nodules", True),
        ("brightest 4 nodules (highest mean attenuation)", True),
        ("dimmest 4 ggns (lowest hu)", False),
        ("the 4 dimmest nodules on ct", False),
    ],
)
def test_brightest_is_the_highest_mean_attenuation(
    grounder: Grounder, question: str, largest: bool
) -> None:
    """ "brightest / dimmest": the highest / lowest mean HU; a bracket restating the field is the
    same ranking (the bracket had been read as an average, warned)."""
    query = parse(grounder, question)
    assert query.top is not None
    assert (query.top.n, query.top.field, query.top.largest) == (4, "mean_hu", largest)
    assert query.aggregate is None
    assert clean_reading(query)


def test_a_bracket_naming_another_field_stays_unread(grounder: Grounder) -> None:
    """ "(volume)" after a ranking by HU is not a restatement: it is not taken as one."""
    query = parse(grounder, "brightest 4 nodules (volume)")
    assert not clean_reading(query)


@pytest.mark.parametrize(
    ("question", "n", "field", "largest"),
    [
        ("volume ranking: the 6 smallest ggns", 6, "volume_mm3", False),
        ("hu ranking - top 5 solid nodules", 5, "mean_hu", True),
        ("confidence ranking: the 3 highest effusions", 3, "confidence", True),
        ("long axis ranking: 4 largest nodules (mm)", 4, "long_axis_mm", True),
    ],
)
def test_a_field_named_before_ranking(
    grounder: Grounder, question: str, n: int, field: str, largest: bool
) -> None:
    """ "<field> ranking: the N <superlative> ...": that field ranked (it had been the diameter,
    the field left unread, warned); "(mm3)" after the findings is the field's unit."""
    query = parse(grounder, question)
    assert query.top is not None
    assert (query.top.n, query.top.field, query.top.largest) == (n, field, largest)
    assert clean_reading(query)


def test_unit_in_brackets_after_a_volume_ranking(engine: QueryEngine) -> None:
    rows = [f for f in nodule_rows() if f.get("volume_mm3") is not None]
    n, expected = untied(rows, lambda f: -f["volume_mm3"], "finding_id", 4)
    assert ids(engine, f"volume ranking: the {n} largest nodules (mm3)", "finding_id") == expected


def _date_key(s: Row) -> tuple[str, str]:
    return (s["study_date"], s["study_uid"])


@pytest.mark.parametrize(
    ("question", "latest"),
    [
        ("{n} chest cts having the oldest study dates", False),
        ("the {n} chest cts with the earliest dates overall", False),
        ("{n} chest cts with the most recent dates", True),
    ],
)
def test_studies_with_the_earliest_dates(engine: QueryEngine, question: str, latest: bool) -> None:
    """ "N <studies> having the earliest dates (overall)": the N earliest such studies over the
    cohort (it had been read as N studies per patient, warned)."""
    rows = [s for s in studies() if s["modality"] == "CT" and s["body_part"] == "CHEST"]
    dates = sorted({s["study_date"] for s in rows}, reverse=latest)
    n, expected = untied(rows, lambda s: dates.index(s["study_date"]), "study_uid", 3)
    assert ids(engine, question.format(n=n), "study_uid") == expected


def _largest_per_patient() -> dict[str, float]:
    best: dict[str, float] = {}
    for f in nodule_rows():
        if f.get("diameter_mm") is not None:
            pid = study_of(f)["patient_id"]
            best[pid] = max(best.get(pid, f["diameter_mm"]), f["diameter_mm"])
    return best


@pytest.mark.parametrize(
    "question",
    [
        "the {n} patients with the largest nodules",
        "the {n} pts having the biggest nodules",
        "{n} people with the single greatest nodules",
    ],
)
def test_patients_with_the_largest_finding(engine: QueryEngine, question: str) -> None:
    """ "the N patients with the largest nodules", "pt with the single biggest nodule": patients
    ranked by their largest nodule (the nodules had been ranked and listed, "single" unread)."""
    best = _largest_per_patient()
    rows = [{"patient_id": p, "d": d} for p, d in best.items()]
    n, expected = untied(rows, lambda r: -r["d"], "patient_id", 2)
    assert ids(engine, question.format(n=n), "patient_id") == expected


def test_the_patient_with_the_single_biggest_nodule(grounder: Grounder) -> None:
    query = parse(grounder, "patient with the single largest nodule on record")
    assert query.top is not None
    assert (query.top.n, query.top.of_patients, query.unit) == (1, True, "patient")
    assert "single" not in query.ignored


@pytest.mark.parametrize("said", ["solid component size", "solid part size"])
def test_solid_component_size_is_the_solid_component(grounder: Grounder, said: str) -> None:
    """ "ranked by solid component size, top 3": one ranking by the solid component ("size" had
    been a second ranking, the count dropped, warned)."""
    query = parse(grounder, f"psns sorted by {said}, top 3")
    assert query.top is not None
    assert (query.top.n, query.top.field) == (3, "solid_component_mm")
    assert clean_reading(query)


# --- a ranking with no count is never answered with one item silently ----------------------------


@pytest.mark.parametrize(
    "question",
    [
        "solid nodules sorted by hu",
        "ggns ranked by volume, smallest first",
        "effusions ordered by confidence",
        "patients ranked by number of ggns",
        "rank the calcified nodules by their diameter",
    ],
)
def test_a_ranking_without_a_count_is_warned(grounder: Grounder, question: str) -> None:
    """A ranking with no count asks for every one in order, which no typed query holds: the
    first one is answered with a caution that says so (it had been answered alone, silently)."""
    query = parse(grounder, question)
    assert query.top is None or query.top.n > 1 or query.cautions or query.ignored


@pytest.mark.parametrize(
    "question",
    [
        "biggest solid nodules",
        "the ggns with the lowest hu",
        "most confident pneumothoraces in men",
    ],
)
def test_a_superlative_of_plural_findings_without_a_count_is_warned(
    grounder: Grounder, question: str
) -> None:
    """A superlative said of plural findings with no count ("biggest solid nodules") does not
    say how many: the first one is answered with a caution (it had been answered alone, with no
    warning)."""
    query = parse(grounder, question)
    assert query.top is not None and query.top.n == 1
    assert query.cautions


@pytest.mark.parametrize("question", ["the 4 biggest solid nodules", "the biggest solid nodule"])
def test_a_superlative_with_a_count_or_one_finding_stays_clean(
    grounder: Grounder, question: str
) -> None:
    query = parse(grounder, question)
    assert query.top is not None
    assert clean_reading(query)


@pytest.mark.parametrize(
    "question",
    [
        "which nodule is largest by volume",
        "the patient with the most nodules",
        "nodules ranked by volume, top 3",
    ],
)
def test_a_ranking_that_asks_for_one_or_a_count_stays_clean(
    grounder: Grounder, question: str
) -> None:
    query = parse(grounder, question)
    assert query.top is not None
    assert clean_reading(query)


# --- Lung-RADS over time ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "pts whose lung-rads peaked at {c}",
        "patients whose lr topped out at {c} (never higher)",
        "people whose lung-rads maxed out at {c}",
    ],
)
@pytest.mark.parametrize("cat", ["3", "4A"])
def test_peaked_at_is_the_highest_category_ever(
    engine: QueryEngine, question: str, cat: str
) -> None:
    """ "lung-rads peaked at 4a (never higher)": patients whose highest category over all their
    studies is 4A (the question had been refused)."""
    expected = history(lambda mine: highest(mine) == cat)
    assert ids(engine, question.format(c=cat.lower()), "patient_id") == expected


@pytest.mark.parametrize(
    ("question", "old", "new"),
    [
        ("lung-rads upgrade 2 -> 3 compared to the prior scan: who?", "2", "3"),
        ("lr downgrade 4a -> 3 versus the previous study - whose?", "4A", "3"),
    ],
)
def test_a_change_versus_the_previous_exam_asked_of_patients(
    engine: QueryEngine, grounder: Grounder, question: str, old: str, new: str
) -> None:
    """ "versus / compared to the previous exam" restates the change; "whose?" / "who?" after a
    break asks for the patients (the studies had been listed, "versus" unread, warned)."""
    expected = history(lambda mine: any(went_from(old, (new,))(s) for s in mine))
    assert clean_reading(parse(grounder, question))
    assert ids(engine, question, "patient_id") == expected


@pytest.mark.parametrize(
    ("question", "cat", "least"),
    [
        ("patients with 2 or more lung-rads 3 studies", "3", 2),
        ("pts with at least 2 lr 2 scans", "2", 2),
        ("people with 3 or more category 2 exams", "2", 3),
    ],
)
def test_a_count_of_studies_of_a_category(
    engine: QueryEngine, grounder: Grounder, question: str, cat: str, least: int
) -> None:
    """ "N or more lung-rads 4a studies": the patient's studies of that category, counted (the
    number had been a diameter in mm, warned)."""
    expected = history(lambda mine: sum(category(s) == cat for s in mine) >= least)
    assert clean_reading(parse(grounder, question))
    assert ids(engine, question, "patient_id") == expected
