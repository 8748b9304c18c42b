"""The families parts 60 to 63 (``bank_fresh_60.py`` ... ``63``) showed missing, share B:
aggregates, statistics and rankings.

A ranking's count said after it or bare before the noun, "the largest single <finding>", the N
findings the model was surest about and the N studies done most recently, a patient's most
findings "across all their scans" (:mod:`query.leaderboards`, :mod:`query.ranked_forms`); a
statistic said after the measurement and "mean size of the <measurement>"
(:mod:`query.averages_said`); the age at the time of "their" kind of study
(:mod:`query.aggregates`); a share "ran on" a station (:mod:`query.plain_forms`). Each rule is
checked in phrasings written here (not the parts'). The parser tests check that every word was
read; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

import cohort_reference as ref
import pytest
from blind_reference import att, findings, is_nodule, ldct, margin, pats, studies, study_of
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _nodules(*tests: Callable[[Row], bool]) -> list[Row]:
    return [f for f in findings() if is_nodule(f) and all(t(f) for t in tests)]


def _first(rows: list[Row], key: Callable[[Row], Any], n: int, ident: str, high: bool) -> list[str]:
    ranked = sorted(rows, key=key, reverse=high)
    assert len(ranked) <= n or key(ranked[n - 1]) != key(ranked[n]), "a tie at the cut"
    return sorted(r[ident] for r in ranked[:n])


def _patients_first(values: dict[str, float], n: int) -> list[str]:
    rows = [{"patient_id": p, "value": v} for p, v in values.items()]
    return _first(rows, lambda r: r["value"], n, "patient_id", True)


# --- a ranking's count and wording ---------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "solid nodules with the biggest volume, 4 of them",
        "4 solid nodules with the biggest volume",
        "4 solid nodules having the biggest volume",
    ],
)
def test_a_count_said_after_a_ranking_or_bare_before_it_is_its_count(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """ "<findings> with the <superlative> <field>, N of them" and "N <findings> with the
    <superlative> <field>" (also after a label) are the top N (the number had been left unread,
    or read as a count of findings per study, and one finding shown)."""
    assert clean_reading(parse(grounder, question))
    rows = _nodules(att("solid"))
    assert ids(engine, question, "finding_id") == _first(
        rows, lambda f: f["volume_mm3"], 4, "finding_id", True
    )


def test_the_largest_single_finding_is_each_finding_on_its_own(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "the N patients with the largest single nodule" ranks each patient by their largest
    nodule ("single" had been read as exactly one nodule, silently)."""
    question = "the 3 women with the largest single nodule"
    assert clean_reading(parse(grounder, question))
    women = {p["patient_id"] for p in pats() if p["sex"] == "F"}
    largest: dict[str, float] = {}
    for f in _nodules():
        who = study_of(f)["patient_id"]
        if who in women:
            largest[who] = max(largest.get(who, 0.0), f["diameter_mm"])
    assert ids(engine, question, "patient_id") == _patients_first(largest, 3)


def test_the_n_findings_the_model_was_surest_about(grounder: Grounder, engine: QueryEngine) -> None:
    """ "the N <finding> calls the software was surest about" are the N most confident such
    findings ("calls" and the count had been left unread)."""
    question = "the 4 mass calls the model was most certain of"
    assert clean_reading(parse(grounder, question))
    rows = [f for f in findings() if f["kind"] == "mass"]
    assert ids(engine, question, "finding_id") == _first(
        rows, lambda f: f["confidence"], 4, "finding_id", True
    )


def test_the_n_studies_done_most_recently(grounder: Grounder, engine: QueryEngine) -> None:
    """ "the N <studies> we took most recently" are the N most recent such studies (the count
    had been read as a number of studies per patient)."""
    question = "the 2 head cts we performed most recently"
    assert clean_reading(parse(grounder, question))
    rows = [s for s in studies() if s["body_part"] == "HEAD"]
    assert ids(engine, question, "study_uid") == _first(
        rows, lambda s: s["study_date"], 2, "study_uid", True
    )


def test_the_most_findings_across_all_their_scans_is_the_patients_total(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "leaderboard: N patients with the most <findings> across all their scans" counts each
    patient's findings over all their studies (it had asked for the finding on every study,
    silently)."""
    question = "leaderboard: 3 patients with the most ggns over all of their scans"
    assert clean_reading(parse(grounder, question))
    counts: dict[str, float] = {}
    for f in _nodules(att("ground-glass")):
        who = study_of(f)["patient_id"]
        counts[who] = counts.get(who, 0.0) + 1
    assert ids(engine, question, "patient_id") == _patients_first(counts, 3)


# --- statistics -----------------------------------------------------------------------------------


def test_a_statistic_said_after_the_measurement(grounder: Grounder, engine: QueryEngine) -> None:
    """ "<field> on (of, for) <findings>, mean (median) value" is that statistic of the field
    over those findings ("mean" had been left unread and the findings listed)."""
    question = "detector confidence for ground glass nodules, median value"
    assert clean_reading(parse(grounder, question))
    values = [f["confidence"] for f in _nodules(att("ground-glass"))]
    assert answer(engine, question).value == pytest.approx(statistics.median(values), abs=0.01)


def test_the_size_of_a_measurement_is_the_measurement(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "mean size of the solid component (long axis)" averages that measurement (it had been
    the diameter, "component" left unread)."""
    question = "spiculated nodules: average size of the short axis"
    assert clean_reading(parse(grounder, question))
    values = [f["short_axis_mm"] for f in _nodules(margin("spiculated"))]
    assert answer(engine, question).value == pytest.approx(statistics.mean(values), abs=0.01)


def test_the_age_at_the_time_of_their_studies_is_on_each_study(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "median age of <people> at the time of their <kind of study>" is the age on each such
    study (it had been each patient's latest one, silently); "their first ..." stays one each."""
    question = "median age of men at the time of their ldct"
    assert clean_reading(parse(grounder, question))
    ages = [float(ref.age(s)) for s in studies() if ldct(s) and ref.sex(s) == "M"]
    assert answer(engine, question).value == pytest.approx(statistics.median(ages), abs=0.01)
    first = parse(grounder, "median age of men at the time of their first ldct")
    assert first.aggregate is not None


def test_studies_per_patient_averaged_over_everyone(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "<studies> per patient, averaged over everyone" is the mean number per patient."""
    question = "scans per patient, averaged over everybody"
    assert clean_reading(parse(grounder, question))
    per = {p["patient_id"]: 0 for p in pats()}
    for s in studies():
        per[s["patient_id"]] += 1
    expected = statistics.mean(float(n) for n in per.values())
    assert answer(engine, question).value == pytest.approx(expected, abs=0.01)


def test_a_share_ran_on_a_station(grounder: Grounder, engine: QueryEngine) -> None:
    """ "of all <studies>, what percentage ran on scanner <station>" is the share of them done
    there (the station had been read as the population, 100 %)."""
    question = "of all 2023 head cts, what percentage ran on scanner ct01"
    del grounder
    said = answer(engine, question)
    assert said.to_json()["warnings"] == []
    heads = [
        s
        for s in studies()
        if s["modality"] == "CT" and s["body_part"] == "HEAD" and s["study_date"][:4] == "2023"
    ]
    share = round(100.0 * sum(1 for s in heads if s["station"] == "CT01") / len(heads), 1)
    assert said.value == pytest.approx(share, abs=0.11)
