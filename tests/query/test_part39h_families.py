"""The families part 39 (``bank_fresh_39.py``) showed missing, share H: rankings said in other
orders, averages and medians of a count or an age per unit, and breakdowns by the patient's
sex, the study's description and a finding's side.

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`, :mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import cohort_reference as ref
import pytest
from blind_reference import (
    findings,
    head_ct,
    in_year,
    ldct,
    nods,
    nodule_rows,
    own,
    pats,
    studies,
    untied,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _groups(rows: Sequence[Row], key: Callable[[Row], Any]) -> dict[str, int]:
    return {str(k): n for k, n in Counter(key(r) for r in rows).items()}


def _answered_groups(engine: QueryEngine, question: str, field: str) -> dict[str, int]:
    got = answer(engine, question)
    assert got.to_json()["warnings"] == [], question
    return {str(row[field]): int(row["count"]) for row in got.rows}


def _value(engine: QueryEngine, question: str) -> float:
    got = answer(engine, question).to_json()
    assert got["warnings"] == [], question
    return float(got["value"])


def _date(s: Row) -> str:
    return str(s["study_date"])


# --- rankings ----------------------------------------------------------------------------------


def test_a_ranking_by_date_said_with_dated(engine: QueryEngine) -> None:
    """ "the N earliest-dated / latest dated <studies>" is the N earliest (latest) of them (the
    ranking had been left unread, warned)."""
    heads = [s for s in studies() if head_ct(s)]
    n, expected = untied(heads, _date, "study_uid", 2)
    assert ids(engine, f"the {n} earliest-dated head cts", "study_uid") == expected
    lds = [s for s in studies() if ldct(s) and in_year(2024)(s)]
    n, expected = untied(lds, lambda s: tuple(-ord(c) for c in _date(s)), "study_uid", 2)
    assert ids(engine, f"the {n} latest dated ldcts of 2024", "study_uid") == expected


def test_the_count_and_superlative_after_the_studies(engine: QueryEngine) -> None:
    """ "of all head cts, the N dated earliest", "among 2024 ldcts, the N done most recently":
    the studies named before, ranked by date."""
    heads = [s for s in studies() if head_ct(s)]
    n, expected = untied(heads, _date, "study_uid", 2)
    assert ids(engine, f"among the head cts, the {n} dated earliest", "study_uid") == expected
    lds = [s for s in studies() if ldct(s) and in_year(2024)(s)]
    n, expected = untied(lds, lambda s: tuple(-ord(c) for c in _date(s)), "study_uid", 2)
    question = f"of all 2024 ldcts, the {n} done most recently"
    assert ids(engine, question, "study_uid") == expected


def test_a_superlative_before_the_count_after_a_ranking(
    engine: QueryEngine, grounder: Grounder
) -> None:
    """ "ranked by volume, largest 3" and "sorted by long axis, shortest 2": the count and its
    direction (the count had been a second ranking, warned)."""
    rows = nodule_rows()
    n, expected = untied(rows, lambda f: -f["volume_mm3"], "finding_id", 3)
    question = f"nodules ranked by volume, largest {n}"
    assert ids(engine, question, "finding_id") == expected
    n, expected = untied(rows, lambda f: f["long_axis_mm"], "finding_id", 2)
    query = parse(grounder, f"nodule findings sorted by long axis, shortest {n}")
    assert query.top is not None and not query.top.largest and query.top.n == n
    assert clean_reading(query)


def test_the_count_asked_later_in_other_words(engine: QueryEngine) -> None:
    """ "ggns with the lowest hu - show me the top N": the count of the ranking before it."""
    rows = nodule_rows(lambda f: f["attenuation"] == "ground-glass")
    n, expected = untied(rows, lambda f: f["mean_hu"], "finding_id", 3)
    question = f"ggns with the lowest hu - show me the top {n}"
    assert ids(engine, question, "finding_id") == expected
    assert answer(engine, question).to_json()["warnings"] == []


@pytest.mark.parametrize("verb", ["carry", "show"])
def test_which_n_findings_carry_the_highest_field(engine: QueryEngine, verb: str) -> None:
    """ "which N <findings> carry / show the highest <field> (score)" is a top N, not N or more
    findings in one study."""
    rows = [f for f in findings() if f["kind"] == "pneumothorax"]
    n, expected = untied(rows, lambda f: -f["confidence"], "finding_id", 3)
    question = f"which {n} pneumothorax findings {verb} the highest confidence score"
    assert ids(engine, question, "finding_id") == expected
    assert answer(engine, question).to_json()["warnings"] == []


def test_patients_whose_largest_finding_is_the_largest(engine: QueryEngine) -> None:
    """ "N patients whose biggest nodule has the largest diameter": patients ranked by their
    largest nodule (it had been the findings ranked, warned)."""
    rows = []
    for p in pats():
        sizes = [f["diameter_mm"] for s in own(p["patient_id"]) for f in nods(s)]
        if sizes:
            rows.append({"patient_id": p["patient_id"], "k": -max(sizes)})
    n, expected = untied(rows, lambda r: r["k"], "patient_id", 4)
    question = f"the {n} patients whose largest nodule has the biggest diameter"
    assert ids(engine, question, "patient_id") == expected
    assert answer(engine, question).to_json()["warnings"] == []


def test_a_field_after_a_bound_names_it(engine: QueryEngine, grounder: Grounder) -> None:
    """ "over 1 cc by volume" is the bound's field, no ranking; "over 8 mm by volume" names two
    measurements and stays warned."""
    query = parse(grounder, "studies with a nodule over 1 cc by volume")
    assert query.top is None and clean_reading(query)
    expected = sorted(
        s["study_uid"] for s in studies() if any(f["volume_mm3"] > 1000 for f in nods(s))
    )
    assert ids(engine, "studies with a nodule over 1 cc by volume", "study_uid") == expected
    assert not clean_reading(parse(grounder, "nodules over 8 mm by volume"))


# --- averages and medians per unit -------------------------------------------------------------


def test_a_statistic_of_a_count_on_each_unit(engine: QueryEngine) -> None:
    """ "mean of the number of nodules found on every chest ct" and "median count of studies
    that each patient has had" are the mean (median) per unit, none counting as 0."""
    chest = [s for s in studies() if s["modality"] == "CT" and s["body_part"] == "CHEST"]
    expected = round(statistics.mean(len(nods(s)) for s in chest), 2)
    assert _value(engine, "mean of the number of nodules found on every chest ct") == expected
    per_patient = statistics.median(len(own(p["patient_id"])) for p in pats())
    assert _value(engine, "median count of studies that each patient has had") == per_patient


def test_a_count_on_each_unit_without_a_statistic_is_unchanged(grounder: Grounder) -> None:
    """Without a mean or a median, "number of nodules on each ldct" is no average."""
    assert parse(grounder, "number of nodules on each ldct").aggregate is None


def test_the_age_at_the_time_of_a_study_is_per_study(engine: QueryEngine) -> None:
    """ "average age of women at the time of a chest ct": the age on every such study, averaged
    over the studies (a patient with two counted twice); "at the time of the first ldct" is
    each patient's one."""
    chest = [
        s
        for s in studies()
        if s["modality"] == "CT" and s["body_part"] == "CHEST" and ref.sex(s) == "F"
    ]
    expected = round(statistics.mean(ref.age(s) for s in chest), 2)
    assert _value(engine, "average age of women at the time of a chest ct") == expected
    heads = [s for s in studies() if head_ct(s)]
    expected = round(statistics.median(ref.age(s) for s in heads), 2)
    assert _value(engine, "median age at the time of a head ct (among all head cts)") == expected
    firsts = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if ldct(s)]
        if mine:
            firsts.append(ref.age(mine[0]))
    expected = round(statistics.mean(firsts), 2)
    assert _value(engine, "mean age at the time of the first ldct") == expected


# --- breakdowns --------------------------------------------------------------------------------


def test_a_count_by_the_patients_sex(engine: QueryEngine) -> None:
    """ "head ct count by patient sex": one count per sex."""
    heads = [s for s in studies() if head_ct(s)]
    assert _answered_groups(engine, "head ct count by patient sex", "sex") == _groups(
        heads, ref.sex
    )


def test_a_breakdown_by_description(engine: QueryEngine) -> None:
    """ "2025 ct studies grouped by description": one count per study description."""
    cts = [s for s in studies() if s["modality"] == "CT" and in_year(2025)(s)]
    expected = _groups(cts, lambda s: s["description"])
    assert _answered_groups(engine, "2025 ct studies grouped by description", "description") == (
        expected
    )


def _side(f: Row) -> str | None:
    if f.get("side"):
        return str(f["side"])
    lobe = f.get("lobe")
    return "left" if lobe in ("LUL", "LLL") else "right" if lobe in ("RUL", "RML", "RLL") else None


@pytest.mark.parametrize(
    "question", ["pleural effusions, right vs left", "pleural effusion count per side"]
)
def test_findings_by_side(engine: QueryEngine, question: str) -> None:
    """ "right vs left" and "per side": one count of findings per side."""
    rows = [f for f in findings() if f["kind"] == "pleural_effusion"]
    assert _answered_groups(engine, question, "side") == _groups(rows, _side)


def test_each_side_is_no_breakdown(grounder: Grounder) -> None:
    """ "a nodule on each side" and "side by side" group nothing."""
    assert parse(grounder, "studies with a nodule on each side").group_by is None
    assert parse(grounder, "ct01 or ct02, side by side").group_by != "side"
