"""The families parts 52 to 55 (``bank_fresh_52.py`` ... ``bank_fresh_55.py``) showed missing,
share B: breakdowns asked in other words ("how many ... does each of the lobes hold", "A versus
B numbers", "how many X of each", "distribute over", "split between", "according to the lobe",
"per-lobe"), a patient's worst (maximum) Lung-RADS category over all their studies, and the
slips "catagory", "acquistion", "mnay" (:mod:`query.ranked_groups`, :mod:`query.comparisons`,
:mod:`query.grouped_values`, :mod:`query.typos`, :mod:`query.dates`, :mod:`query.rewrites`).

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import (
    at_station,
    att,
    category,
    dated,
    findings,
    highest,
    in_lobe,
    is_nodule,
    ldct,
    nod,
    own,
    pats,
    pids,
    sids,
    studies,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _groups(question: str, engine: QueryEngine) -> dict[str, int]:
    """The answer's counts per group, with no warning."""
    got = answer(engine, question)
    assert got.to_json()["warnings"] == [], question
    return {str(next(iter(row.values()))): int(row["count"]) for row in got.rows}


def _counted(rows: list[Row], key: Callable[[Row], Any]) -> dict[str, int]:
    return {str(k): n for k, n in Counter(key(r) for r in rows).items() if k is not None}


def _nodules(*tests: Callable[[Row], bool]) -> list[Row]:
    return [f for f in findings() if is_nodule(f) and all(t(f) for t in tests)]


# --- breakdowns: the count of each of a field's values, asked in other words --------------------


@pytest.mark.parametrize(
    "question",
    [
        "how many nodules does each of the lobes have",
        "how many nodules did each one of the 5 lobes contain",
        "count every nodule according to its lobe",
        "tally all the nodules according to the lobe they are in",
        "per-lobe nodule counts",
        "per-lobe nodule totals (rul, rml, rll, lul, lll)",
        "how many nodules per lobe (for instance rul, lll and so on)",
    ],
)
def test_nodules_counted_per_lobe_in_other_words(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """ "how many X does each of the (five) lobes hold", "X according to the lobe", "per-lobe X
    numbers" count X per lobe (the words had been left unread and one total given, warned); a
    bracket of examples ending "and so on" restricts nothing."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.group_by == "lobe"
    assert _groups(question, engine) == _counted(_nodules(), lambda f: f["lobe"])


def test_studies_counted_per_station_by_each_scanner(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "how many ldcts does each scanner have" is the ldcts per station."""
    question = "how many ldcts does each scanner have"
    assert clean_reading(parse(grounder, question))
    assert _groups(question, engine) == _counted(
        [s for s in studies() if ldct(s)], lambda s: s["station"]
    )


@pytest.mark.parametrize(
    ("question", "lobes"),
    [
        ("psns versus ggns - counts", ()),
        ("ggns vs part-solid nodules in the lll, numbers", ("LLL",)),
        ("ground-glass / part-solid: how many nodules in each", ()),
    ],
)
def test_two_attenuations_compared_are_counted_apart(
    grounder: Grounder, engine: QueryEngine, question: str, lobes: tuple[str, ...]
) -> None:
    """The nodule's shorthand ("ggn", "psn") names its attenuation in a comparison, and the
    slashed values before "how many nodules in each" are the groups: a count per attenuation of
    those two (the comparison had been left unread and the sides read as two conditions)."""
    assert clean_reading(parse(grounder, question))
    where = [in_lobe(*lobes)] if lobes else []
    two = _nodules(lambda f: f["attenuation"] in ("ground-glass", "part-solid"), *where)
    assert _groups(question, engine) == _counted(two, lambda f: f["attenuation"])


def test_a_comparison_in_number(grounder: Grounder, engine: QueryEngine) -> None:
    """ "how do lobulated nodules compare in number to smooth ones" counts each margin named."""
    question = "how do lobulated nodules compare in number to smooth ones"
    assert clean_reading(parse(grounder, question))
    two = _nodules(lambda f: f["margin"] in ("lobulated", "smooth"))
    assert _groups(question, engine) == _counted(two, lambda f: f["margin"])


def test_a_comparison_without_number_is_not_read_as_counts(grounder: Grounder) -> None:
    """Without "in number" the comparison may be of sizes: not read as a breakdown."""
    query = parse(grounder, "how do lobulated nodules compare with smooth ones")
    assert query.group_by is None


def test_the_noun_said_on_both_sides(grounder: Grounder, engine: QueryEngine) -> None:
    """ "ldcts at ct01 versus ldcts at ct02" compares the ldcts of the two stations."""
    question = "ldcts at ct01 versus ldcts at ct02, how many each"
    assert parse(grounder, question).group_by == "station"
    two = [s for s in studies() if ldct(s) and s["station"] in ("CT01", "CT02")]
    assert _groups(question, engine) == _counted(two, lambda s: s["station"])


def test_a_split_between_two_stations(grounder: Grounder, engine: QueryEngine) -> None:
    """ "breakdown of the 2024 studies between ct02 and dx01" counts each station named; "the
    year 2024" is that year."""
    question = "breakdown of the year 2024 studies between station ct02 and station dx01"
    assert parse(grounder, question).group_by == "station"
    chosen = [
        s
        for s in studies()
        if dated("2024-01-01", "2024-12-31")(s) and s["station"] in ("CT02", "DX01")
    ]
    assert _groups(question, engine) == _counted(chosen, lambda s: s["station"])


def test_a_split_between_two_years_stays_a_span(grounder: Grounder) -> None:
    """ "between 2023 and 2025" is a period, not two years compared."""
    query = parse(grounder, "split of ldcts between 2023 and 2025")
    assert query.group_by != "year"


def test_the_sexes_listed_after_how_many_are(grounder: Grounder, engine: QueryEngine) -> None:
    """ "of all the patients who had a ggn, how many were men, women or other" counts those
    patients per sex."""
    question = "of all the patients who had a ggn, how many were men, women or other"
    assert clean_reading(parse(grounder, question))
    had = pids(nod(att("ground-glass")))
    people = [p for p in pats() if p["patient_id"] in had]
    assert _groups(question, engine) == _counted(people, lambda p: p["sex"])


def test_one_sex_with_other_is_not_read_as_every_sex(grounder: Grounder) -> None:
    """ "how many are male and other" names no breakdown the reader gives: left unread."""
    query = parse(grounder, "patients with a mass: how many are male and other")
    assert query.group_by is None
    assert query.ignored or query.cautions


def test_a_spread_over_the_lung_rads_grades(grounder: Grounder, engine: QueryEngine) -> None:
    """ "how do the 2025 ldcts distribute over the lung-rads grades (a count for each)" counts
    the ldcts per category."""
    question = "how do the 2025 ldcts distribute over the lung-rads grades (a count for each)"
    assert clean_reading(parse(grounder, question))
    chosen = [s for s in studies() if ldct(s) and dated("2025-01-01", "2025-12-31")(s)]
    assert _groups(question, engine) == _counted(chosen, category)


def test_findings_per_kind_with_examples(grounder: Grounder, engine: QueryEngine) -> None:
    """A bracket of examples ending "etc." after "each type" names groups, restricts nothing."""
    question = "how many findings of each type are there (mass, pneumothorax etc.)"
    assert clean_reading(parse(grounder, question))
    assert _groups(question, engine) == _counted(findings(), lambda f: f["kind"])


# --- Lung-RADS: the patient's worst category over all studies ---------------------------------


@pytest.mark.parametrize(
    ("question", "cat", "sex"),
    [
        ("patients whose worst lung-rads grade over all their scans was 4b", "4B", None),
        ("men, maximum lung-rads across all their studies 3", "3", "M"),
        ("across their entire history the worst lung-rads of the patient is 2 - who", "2", None),
        ("patients with a peak lung-rads grade across all of their ldcts of 4a", "4A", None),
    ],
)
def test_the_worst_category_over_all_studies(
    grounder: Grounder, engine: QueryEngine, question: str, cat: str, sex: str | None
) -> None:
    """A worst (maximum, highest) Lung-RADS "score / grade" over all of a patient's studies,
    said with or without a verb, is the patient's highest category (the question had been
    refused or the category left unread)."""
    assert clean_reading(parse(grounder, question))
    wanted = [
        p["patient_id"]
        for p in pats()
        if highest(own(p["patient_id"])) == cat and (sex is None or p["sex"] == sex)
    ]
    assert ids(engine, question, "patient_id") == sorted(wanted)


# --- slips ----------------------------------------------------------------------------------------


def test_a_slip_of_category(grounder: Grounder, engine: QueryEngine) -> None:
    """ "catagory" is "category" (said in a note), "acquistion" is "acquisition"."""
    question = "lung-rads catagory 4b ldcts at ct02"
    got = answer(engine, question).to_json()
    assert got["warnings"] == [] and "catagory" in str(got["interpretation"]), got
    assert ids(engine, question, "study_uid") == sids(
        ldct, at_station("CT02"), lambda s: category(s) == "4B"
    )
    question = "2025 studies per acquistion station"
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == (), query
    chosen = [s for s in studies() if dated("2025-01-01", "2025-12-31")(s)]
    assert _groups(question, engine) == _counted(chosen, lambda s: s["station"])
