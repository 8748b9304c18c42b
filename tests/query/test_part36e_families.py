"""The families part 36 (``bank_fresh_36.py``) showed missing, share E: rankings and averages of
groups. Patients ranked by their most findings on one study ("the most nodules on a single
scan"); a number N with "the N <superlative>" whose noun is said elsewhere ("female ldcts - the
3 newest ones", "among everyone with X, who are the 4 eldest"); studies "sorted by date
ascending - top N"; patients "whose <kind> count is highest"; "rank ... by the size of their
solid part and show the first N"; a mean count of findings said over studies ("avg nodule count
on ldcts ...", "across all ldcts, mean ggn count for each one"); "how old were people on
average"; a measurement "averaged, reported in cc"; "middle value" for the median.

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`, :mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

import cohort_reference as ref
import pytest
from blind_reference import (
    at_station,
    att,
    calcified,
    category,
    chest_ct,
    denies,
    ldct,
    nods,
    nodule_rows,
    own,
    pats,
    says,
    sex_is,
    studies,
    untied,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def per_study_mean(rows: list[Row], *tests: Callable[[Row], bool]) -> float:
    """The mean number of nodules (passing ``tests``) of each study, those with none as 0."""
    return statistics.mean(len(nods(s, *tests)) for s in rows)


# --- patients ranked by their most findings on one study -----------------------------------------


def test_most_findings_on_one_scan_ranks_by_the_largest_count_of_a_study(
    engine: QueryEngine,
) -> None:
    """ "the most ggns on one scan": a patient's largest count on any one study (it had been
    the total over every study, silently)."""
    rows = [
        {
            "patient_id": p["patient_id"],
            "k": -max((len(nods(s, att("ground-glass"))) for s in own(p["patient_id"])), default=0),
        }
        for p in pats()
    ]
    n, expected = untied(rows, lambda r: r["k"], "patient_id", 3)
    assert ids(engine, f"which {n} patients had the most ggns on one scan", "patient_id") == (
        expected
    )


@pytest.mark.parametrize(
    ("question", "per_study"),
    [
        ("the 4 patients with the most nodules on a single study", True),
        ("which 3 pts had the most masses in one exam", True),
        ("the 4 patients with the most nodules", False),  # every study together, as before
    ],
)
def test_a_ranking_by_count_says_whether_it_is_per_study(
    grounder: Grounder, question: str, per_study: bool
) -> None:
    query = parse(grounder, question)
    assert query.top is not None and query.top.field == "finding_count"
    assert query.top.per_study is per_study
    assert clean_reading(query)


# --- "the N <superlative>" with the noun said elsewhere -----------------------------------------


def test_among_everyone_with_a_finding_the_n_eldest(engine: QueryEngine) -> None:
    """ "among everyone with a calcified nodule, who are the N eldest": the N oldest patients
    with one ("eldest" is "oldest")."""
    have = {s["patient_id"] for s in studies() if nods(s, calcified)}
    rows = [{"patient_id": p, "k": ref.cohort()[0][p]["birth_date"]} for p in have]
    n, expected = untied(rows, lambda r: r["k"], "patient_id", 3)
    question = f"among everyone with a calcified nodule, who are the {n} eldest"
    assert ids(engine, question, "patient_id") == expected


def test_studies_then_the_n_newest_ones(engine: QueryEngine) -> None:
    """ "female ldcts: the N newest ones": the N most recent of those studies."""
    rows = [s for s in studies() if ldct(s) and sex_is("F")(s)]
    n, expected = untied(
        rows, lambda s: tuple(-int(x) for x in s["study_date"].split("-")), "study_uid", 3
    )
    assert ids(engine, f"female ldcts: the {n} newest ones", "study_uid") == expected


@pytest.mark.parametrize(
    ("said", "earliest"),
    [
        ("sorted by study date ascending - show the top", True),
        ("ordered by date, oldest first, top", True),
        ("sorted by date descending, show the first", False),
    ],
)
def test_studies_sorted_by_date_then_the_top_n(
    engine: QueryEngine, said: str, earliest: bool
) -> None:
    """Studies sorted by date and the first N of them: ascending (oldest first) the N
    earliest, descending the N most recent."""
    rows = [s for s in studies() if chest_ct(s) and at_station("CT01")(s)]

    def key(s: Row) -> tuple[int, ...]:
        parts = tuple(int(x) for x in s["study_date"].split("-"))
        return parts if earliest else tuple(-x for x in parts)

    n, expected = untied(rows, key, "study_uid", 3)
    assert ids(engine, f"ct01 chest cts {said} {n}", "study_uid") == expected


def test_patients_whose_count_of_a_kind_is_highest(engine: QueryEngine) -> None:
    """ "the N patients whose solid-nodule count is highest": ranked by their number of solid
    nodules (it had been refused)."""
    rows = [
        {
            "patient_id": p["patient_id"],
            "k": -sum(len(nods(s, att("solid"))) for s in own(p["patient_id"])),
        }
        for p in pats()
    ]
    n, expected = untied(rows, lambda r: r["k"], "patient_id", 3)
    question = f"name the {n} patients whose solid-nodule count is highest"
    assert ids(engine, question, "patient_id") == expected


def test_ranked_by_the_size_of_the_solid_part_then_the_first_n(engine: QueryEngine) -> None:
    """ "rank ... by the size of their solid part and list the first N": by the solid
    component, the top N (the diameter had been ranked and one answered, warned)."""
    rows = nodule_rows(att("part-solid"))
    n, expected = untied(rows, lambda f: -f["solid_component_mm"], "finding_id", 3)
    question = f"rank part-solid nodules by the size of their solid portion and list the first {n}"
    assert ids(engine, question, "finding_id") == expected


# --- averages -------------------------------------------------------------------------------------


def test_a_mean_count_over_studies_is_per_study(engine: QueryEngine) -> None:
    """ "mean ggn count across ldcts": the mean number of each ldct's ggns, none as 0."""
    ld = [s for s in studies() if ldct(s)]
    got = answer(engine, "mean ggn count across ldcts")
    assert got.unit == "value" and got.value is not None
    assert got.value == pytest.approx(per_study_mean(ld, att("ground-glass")), abs=0.011)


def test_across_studies_then_the_mean_count_for_each_one(engine: QueryEngine) -> None:
    chest = [s for s in studies() if chest_ct(s)]
    got = answer(engine, "across all chest cts, average nodule count for each one")
    assert got.value == pytest.approx(per_study_mean(chest), abs=0.011)


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("avg nodule count on ldcts negative for emphysema", denies("emphysema")),
        ("average number of nodules per ldct with emphysema in the report", says("emphysema")),
    ],
)
def test_a_mean_count_per_study_is_over_the_studies_whose_report_meets_it(
    engine: QueryEngine, question: str, test: Callable[[Row], bool]
) -> None:
    """The findings are counted on the studies whose report meets the condition, so the mean
    is over those studies (it had been over every ldct, silently)."""
    rows = [s for s in studies() if ldct(s) and test(s)]
    got = answer(engine, question)
    assert got.value == pytest.approx(per_study_mean(rows), abs=0.011)


def test_how_old_on_average_at_their_first_study(engine: QueryEngine) -> None:
    """ "how old were women on average at their first ldct": the mean age at each one's first."""
    ages = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if ldct(s)]
        if mine and p["sex"] == "F":
            ages.append(ref.age(min(mine, key=lambda s: s["study_date"])))
    got = answer(engine, "how old were women on average at their first ldct")
    assert got.value == pytest.approx(statistics.mean(ages), abs=0.011)


def test_a_measurement_averaged_in_a_unit(engine: QueryEngine) -> None:
    """ "ggn volume averaged, reported in cc": the mean volume in cc ("reported in" names the
    unit, not a report)."""
    volumes = [f["volume_mm3"] for f in nodule_rows(att("ground-glass"))]
    got = answer(engine, "ggn volume averaged, reported in cc")
    assert got.value == pytest.approx(statistics.mean(volumes) / 1000.0, abs=0.011)


def test_the_middle_value_is_the_median(engine: QueryEngine) -> None:
    """ "solid nodules only: middle value of their diameter": the median (not the right middle
    lobe)."""
    got = answer(engine, "solid nodules only: middle value of their diameter")
    expected = statistics.median(f["diameter_mm"] for f in nodule_rows(att("solid")))
    assert got.value == pytest.approx(expected, abs=0.011)
    assert not any("middle lobe" in w for w in got.warnings)


def test_a_typical_label_before_the_average_it_names(engine: QueryEngine) -> None:
    """ "typical nodule burden per patient - mean number of nodules per patient": the label says
    the average again (it had been refused)."""
    expected = statistics.mean(sum(len(nods(s)) for s in own(p["patient_id"])) for p in pats())
    got = answer(engine, "typical nodule burden per patient - mean number of nodules per patient")
    assert got.value == pytest.approx(expected, abs=0.011)


def test_the_interval_from_first_to_second_stays_warned(engine: QueryEngine) -> None:
    """The days from a patient's first to second study are no interval the typed query has
    (it has consecutive pairs and first to latest): warned, never answered silently."""
    assert answer(engine, "avg days from first to second chest ct").warnings


def test_a_category_said_of_the_studies_of_a_mean_count_is_theirs(engine: QueryEngine) -> None:
    """ "mean nodule tally across lung-rads 3 chest cts": over the chest CTs of category 3 (a
    study's highest finding category), every nodule on them counted, not the category-3
    nodules over every chest CT."""
    rows = [s for s in studies() if chest_ct(s) and category(s) == "3"]
    got = answer(engine, "mean nodule tally across lung-rads 3 chest cts")
    assert got.value == pytest.approx(per_study_mean(rows), abs=0.011)


def test_a_category_of_the_findings_of_a_mean_count_stays_theirs(grounder: Grounder) -> None:
    query = parse(grounder, "average number of lung-rads 4x nodules per ldct")
    assert query.filter.lung_rads == ()
    assert query.filter.findings[0].lung_rads == ("4X",)
