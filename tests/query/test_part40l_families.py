"""The families part 40 (``bank_fresh_40.py``) showed missing, share L: shares whose period
bounds the population, "how many percent", rankings said in other words, averages and medians
over every finding or per study, breakdowns said with other verbs, and the volume of studies.

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from typing import Any

import pytest
from blind_reference import (
    any_ct,
    at_station,
    cat_in,
    chest_ct,
    count,
    cxr,
    dated,
    days_between,
    findings,
    in_year,
    ldct,
    margin,
    nods,
    nodule_rows,
    own,
    pats,
    sids,
    studies,
    untied,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _value(engine: QueryEngine, question: str) -> float:
    got = answer(engine, question).to_json()
    assert got["warnings"] == [], question
    assert got["unit"] == "value", question
    return float(got["value"])


def _share(part: list[str], whole: list[str]) -> float:
    return 100 * len(part) / len(whole)


# --- shares: the period said after the share bounds the population -----------------------------


@pytest.mark.parametrize(
    "question",
    [
        "percent of chest cts performed at ct01 in 2025",
        "percentage of chest cts done at ct01 during 2025",
        "what share of chest cts were acquired on ct01 in 2025",
        "% of 2025 chest cts that were done at ct01",
    ],
)
def test_a_period_after_a_station_share_bounds_the_population(
    engine: QueryEngine, question: str
) -> None:
    """A station shared and a period said last: the station's share of that period's studies
    (the period had been counted in the share only: a share of every study ever, silently)."""
    expected = _share(
        sids(chest_ct, at_station("CT01"), in_year(2025)), sids(chest_ct, in_year(2025))
    )
    assert abs(_value(engine, question) - expected) < 0.06


def test_a_period_that_is_the_only_share_stays_the_share(engine: QueryEngine) -> None:
    """ "% of chest cts done in 2025": the 2025 share of every chest CT (as before)."""
    expected = _share(sids(chest_ct, in_year(2025)), sids(chest_ct))
    assert abs(_value(engine, "% of chest cts done in 2025") - expected) < 0.06


def test_a_period_inside_the_share_is_warned(engine: QueryEngine) -> None:
    """ "% of cts done in 2025 at ct01": the period between the verb and the station may be
    either reading; it bounds the population, with a caution naming the other."""
    got = answer(engine, "% of cts done in 2025 at ct01").to_json()
    assert any("period" in w for w in got["warnings"])
    expected = _share(sids(any_ct, at_station("CT01"), in_year(2025)), sids(any_ct, in_year(2025)))
    assert abs(float(got["value"]) - expected) < 0.06


@pytest.mark.parametrize(
    "question",
    [
        "of the 2024 ldcts, how many percent were lung-rads 2",
        "among 2024 ldcts, how many % came out lung-rads 2",
        "within the 2024 screening cts, how much percent were lr 2",
        "how many percent of 2024 ldcts were lung-rads 2",
    ],
)
def test_how_many_percent_is_a_share(engine: QueryEngine, question: str) -> None:
    """ "how many percent / how many %" asks a share, never a count ("percent" had been left
    unread and the studies counted, warned)."""
    expected = _share(sids(ldct, in_year(2024), cat_in("2")), sids(ldct, in_year(2024)))
    assert abs(_value(engine, question) - expected) < 0.06


# --- rankings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "field"),
    [
        ("largest {n} nodule findings, by volume", "volume_mm3"),
        ("biggest {n} nodule findings, ranked by long axis", "long_axis_mm"),
    ],
)
def test_a_comma_before_by_keeps_the_count(engine: QueryEngine, template: str, field: str) -> None:
    """ "biggest N <findings>, by <field>": the count said between the superlative and the
    findings, a comma before "by" (it had been a second ranking, one answered, warned)."""
    n, expected = untied(nodule_rows(), lambda f: -f[field], "finding_id", 3)
    question = template.format(n=n)
    assert ids(engine, question, "finding_id") == expected
    assert answer(engine, question).to_json()["warnings"] == []


@pytest.mark.parametrize("whose", ["detector", "model", "ai", "algorithm", "detection"])
def test_whose_confidence_names_the_confidence(grounder: Grounder, whose: str) -> None:
    """ "ranked by detector / model / AI confidence": the confidence field ("detector" had
    been left unread and the ranking fell on the diameter, warned)."""
    query = parse(grounder, f"effusion findings sorted by {whose} confidence, top 2")
    assert query.top is not None and query.top.field == "confidence" and query.top.n == 2
    assert clean_reading(query)


def test_ranked_by_detector_confidence_answers(engine: QueryEngine) -> None:
    rows = [f for f in findings() if f["kind"] == "pneumothorax"]
    n, expected = untied(rows, lambda f: -f["confidence"], "finding_id", 2)
    question = f"pneumothorax findings ordered by model confidence - show me the first {n}"
    assert ids(engine, question, "finding_id") == expected


@pytest.mark.parametrize(
    "template",
    [
        "which {n} patients carry the highest nodule totals",
        "the {n} patients with the highest nodule count overall",
        "which {n} people hold the largest nodule tallies",
        "{n} pts with the biggest nodule burden",
    ],
)
def test_patients_ranked_by_their_nodule_total(engine: QueryEngine, template: str) -> None:
    """The number of nodules said after the kind ("nodule totals / count / tally / burden"):
    patients ranked by it, as "the most nodules"."""
    totals = [
        {"patient_id": p["patient_id"], "n": sum(len(nods(s)) for s in own(p["patient_id"]))}
        for p in pats()
    ]
    n, expected = untied(totals, lambda r: -r["n"], "patient_id", 3)
    question = template.format(n=n)
    assert ids(engine, question, "patient_id") == expected
    assert answer(engine, question).to_json()["warnings"] == []


# --- averages and medians -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "across every nodule finding, the average mean diameter in mm",
        "average diameter over all the nodule findings",
        "for each nodule finding, the mean diameter in mm",
        "the mean diameter of every nodule",
    ],
)
def test_the_mean_over_every_finding(engine: QueryEngine, question: str) -> None:
    """ "across / over / for every <finding>": the findings a mean is over ("across" and
    "every" had been left unread, warned)."""
    expected = statistics.mean(f["diameter_mm"] for f in nodule_rows())
    assert abs(_value(engine, question) - expected) < 0.011


def test_the_median_of_a_measurement_after_a_dash(engine: QueryEngine) -> None:
    expected = statistics.median(f["volume_mm3"] for f in nodule_rows(margin("spiculated")))
    assert abs(_value(engine, "spiculated nodules - median volume please") - expected) < 0.011


@pytest.mark.parametrize(
    "question",
    [
        "on average how many nodules turn up on one screening ct",
        "on avg, how many nodules are found per screening ct",
        "how many nodules on average show up on each screening ct",
        "average how many nodules appear on a screening ct",
    ],
)
def test_how_many_turn_up_on_one_study_on_average(engine: QueryEngine, question: str) -> None:
    """The findings said to turn up / be found / appear on one study, "on average": the mean
    number per study of that kind (the findings had been counted, warned)."""
    screening = [s for s in studies() if ldct(s)]
    expected = statistics.mean(len(nods(s)) for s in screening)
    assert abs(_value(engine, question) - expected) < 0.011


def test_without_on_average_it_stays_a_count(grounder: Grounder) -> None:
    query = parse(grounder, "how many nodules turn up on one screening ct")
    assert query.aggregate is None


def _ldct_gaps() -> list[int]:
    gaps = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if ldct(s)]
        gaps += [
            days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
        ]
    return gaps


@pytest.mark.parametrize(
    ("question", "statistic"),
    [
        ("typical (median) day gap between successive ldcts", statistics.median),
        ("median day-gap separating consecutive screening cts", statistics.median),
        ("the average week gap between successive ldcts", None),
        ("mean day gap separating back-to-back ldcts", statistics.mean),
    ],
)
def test_the_gap_said_with_its_unit_and_statistic(
    engine: QueryEngine, question: str, statistic: Any
) -> None:
    """ "(median)" after "typical" names the median; the unit said before "gap" is the
    answer's ("median" and "day" had been left unread, the mean answered)."""
    gaps = _ldct_gaps()
    expected = statistics.mean(g / 7 for g in gaps) if statistic is None else statistic(gaps)
    assert abs(_value(engine, question) - float(expected)) < 0.011


def test_typical_alone_stays_warned(grounder: Grounder) -> None:
    """ "typical" without a statistic named stays unread (the unexpressible questions' list
    keeps "what is the typical interval between screening rounds" warned)."""
    assert "typical" in parse(grounder, "typical day gap between successive ldcts").ignored


def test_a_period_of_a_shared_study_of_people_stays_in_the_share(engine: QueryEngine) -> None:
    """Of people, the period says when the shared study was: "% of patients who had a head ct
    in 2024" is not bounded to the patients of 2024 (only a percentage of studies is)."""
    got = answer(engine, "what percent of patients had a chest ct in 2025").to_json()
    with_one = {s["patient_id"] for s in studies() if chest_ct(s) and in_year(2025)(s)}
    expected = 100 * len(with_one) / len(pats())
    assert abs(float(got["value"]) - expected) < 0.06


def test_a_month_gap_is_answered_in_months(grounder: Grounder) -> None:
    query = parse(grounder, "median month interval between consecutive ldcts")
    assert query.aggregate is not None
    assert query.aggregate.kind == "median" and query.aggregate.time_unit == "month"
    assert clean_reading(query)


# --- breakdowns and volumes ---------------------------------------------------------------------


def _groups(engine: QueryEngine, question: str, field: str) -> dict[str, int]:
    got = answer(engine, question)
    assert got.to_json()["warnings"] == [], question
    return {str(row[field]): int(row["count"]) for row in got.rows}


@pytest.mark.parametrize(
    "question",
    [
        "how are nodule findings distributed across the five lobes (counts)",
        "nodule findings spread over the 5 lobes",
        "nodule findings split up by lobe",
        "how were the nodule findings divided among the lobes",
    ],
)
def test_findings_distributed_across_the_lobes(engine: QueryEngine, question: str) -> None:
    expected = Counter(str(f["lobe"]) for f in nodule_rows() if f["lobe"] is not None)
    assert _groups(engine, question, "lobe") == dict(expected)


@pytest.mark.parametrize(
    "question",
    [
        "exam counts grouped on the study description text",
        "studies grouped on description",
        "exam count split on the study description field",
    ],
)
def test_grouped_on_the_description(engine: QueryEngine, question: str) -> None:
    expected = Counter(s["description"] for s in studies())
    assert _groups(engine, question, "description") == dict(expected)


@pytest.mark.parametrize(
    ("question", "tests"),
    [
        ("DX01 radiograph volume for 2025, a number", (cxr, at_station("DX01"), in_year(2025))),
        ("ct02 volume in 2025", (at_station("CT02"), in_year(2025))),
        ("what was our ldct volume during 2024", (ldct, in_year(2024))),
        ("chest x-ray volume at dx01 - just the count", (cxr, at_station("DX01"))),
        (
            "ct exam volume for the first half of 2026",
            (any_ct, dated("2026-01-01", "2026-06-30")),
        ),
    ],
)
def test_the_volume_of_studies_is_their_number(
    engine: QueryEngine, question: str, tests: tuple[Any, ...]
) -> None:
    """ "volume" said of studies or a station is their number ("volume" had been left unread
    and the studies listed, warned)."""
    got = answer(engine, question).to_json()
    assert got["warnings"] == [], question
    assert got["unit"] == "count" and got["count"] == count(*tests)


def test_a_findings_volume_stays_the_measurement(grounder: Grounder) -> None:
    query = parse(grounder, "ggn volume median")
    assert query.aggregate is not None and query.aggregate.field == "volume_mm3"
