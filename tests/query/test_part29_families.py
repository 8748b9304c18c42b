"""The families part 29 of the bank showed missing (other than numbers spelt out), in
phrasings written here (not the bank's).

Warned or refused before, read now:

- an aggregate word after its measurement ("nodule size average", "ptx conf avg", "psn
  diameter - what is the median", "masses long axis mean, in cm"), "sz" for size, "avg # nods
  per screening scan" (no "of" after "#", a kind of study before "scan");
- a ranking's number after it ("most confident 3 effusions") or a "top N" a few words after it
  ("largest ggns, top 4", "psn largest solid comp top two"): one ranking, not two;
- a station under "never" ("patients never scanned at ct02"): no study of the patient there;
- "whose only nodule is in the LLL": exactly one nodule there, none elsewhere;
- a month range after its year ("2025 july to september");
- "field = value" conditions, a numbered list of conditions, a heading of form words, an
  arrow before what is asked, filler words of speech;
- a patient's follow-up "span";
- an age range right before a noun of studies ("pts 50-55 head ct");
- studies per patient counted in "x rays" (two words) and "pe cts".

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
import statistics

import cohort_reference as ref
import pytest
from family_reading import Row, answer, clean_reading, parse, patients, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.layouts import drop_fillers, plain_layout
from query.typed_query import NumberRange


def findings() -> list[Row]:
    return list(ref.cohort()[2])


def nodules_of(s: Row) -> list[Row]:
    return [f for f in ref.findings_of(s["study_uid"]) if f["kind"] == "nodule"]


# --- an aggregate word after its measurement -------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind", "field"),
    [
        ("nodule size average", "mean", "diameter_mm"),
        ("nodule sz avg (mm)", "mean", "diameter_mm"),
        ("ptx findings conf avg", "mean", "confidence"),
        ("ggn volume median", "median", "volume_mm3"),
        ("psn diameter - what is the median", "median", "diameter_mm"),
        ("calcified nodules hu mean", "mean", "mean_hu"),
        ("ggn diameter, average", "mean", "diameter_mm"),
    ],
)
def test_an_aggregate_word_after_its_measurement(
    grounder: Grounder, question: str, kind: str, field: str
) -> None:
    query = parse(grounder, question)
    assert query.aggregate is not None
    assert (query.aggregate.kind, query.aggregate.field) == (kind, field)
    assert clean_reading(query)


def test_a_condition_on_a_measurement_stays_a_condition(grounder: Grounder) -> None:
    query = parse(grounder, "nodules with mean diameter over 8 mm")
    assert query.aggregate is None


def test_answer_masses_long_axis_mean_in_cm(engine: QueryEngine) -> None:
    masses = [f["long_axis_mm"] for f in findings() if f["kind"] == "mass"]
    got = answer(engine, "masses long axis mean, in cm")
    assert got.value == pytest.approx(statistics.fmean(masses) / 10, abs=0.006)
    assert not got.warnings


def test_answer_avg_number_of_nodules_per_screening_scan(engine: QueryEngine) -> None:
    per = [len(nodules_of(s)) for s in studies() if ref.ldct(s)]
    got = answer(engine, "avg # nods per screening scan")
    assert got.value == pytest.approx(statistics.fmean(per), abs=0.006)
    assert not got.warnings


# --- one ranking: the number after it ---------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "n", "field", "largest"),
    [
        ("most confident 3 effusions", 3, "confidence", True),
        ("least confident two pneumothoraces", 2, "confidence", False),
        ("psn largest solid comp top two", 2, "solid_component_mm", True),
        ("lowest hu nodules, top 3", 3, "mean_hu", False),
        ("largest ggns, top 4", 4, "diameter_mm", True),
        ("biggest masses top 2", 2, "diameter_mm", True),
    ],
)
def test_a_number_after_a_ranking_is_its_number(
    grounder: Grounder, question: str, n: int, field: str, largest: bool
) -> None:
    query = parse(grounder, question)
    assert query.top is not None
    assert (query.top.n, query.top.field, query.top.largest) == (n, field, largest)
    assert clean_reading(query)


def test_a_measurement_after_a_ranking_is_no_number_of_it(grounder: Grounder) -> None:
    query = parse(grounder, "nodules with the largest diameter 8 mm or more")
    assert query.top is not None and query.top.n == 1
    assert not clean_reading(query)  # the size is named, never dropped


def test_a_year_after_a_ranking_is_a_date(grounder: Grounder) -> None:
    query = parse(grounder, "most confident 2025 findings")
    assert query.top is not None and query.top.n == 1
    assert query.filter.dates is not None and query.filter.dates.start == dt.date(2025, 1, 1)


def test_answer_most_confident_effusions(engine: QueryEngine) -> None:
    ranked = sorted(  # ties broken by finding ID, as documented
        (f for f in findings() if f["kind"] == "pleural_effusion"),
        key=lambda f: (-f["confidence"], f["finding_id"]),
    )
    got = answer(engine, "most confident 3 effusions")
    assert {r["finding_id"] for r in got.rows} == {f["finding_id"] for f in ranked[:3]}
    assert not got.warnings


# --- a station under "never" -----------------------------------------------------------------


def never_at(station: str) -> set[str]:
    return {
        p["patient_id"]
        for p in patients()
        if ref.own_studies(p["patient_id"])
        and not any(s["station"] == station for s in ref.own_studies(p["patient_id"]))
    }


@pytest.mark.parametrize(
    ("question", "station"),
    [
        ("patients never scanned at ct02", "CT02"),
        ("pts who were never imaged at ct01", "CT01"),
        ("patients who never had a study at ct02", "CT02"),
    ],
)
def test_answer_never_at_a_station(engine: QueryEngine, question: str, station: str) -> None:
    got = answer(engine, question)
    expected = never_at(station)
    assert expected and {r["patient_id"] for r in got.rows} == expected
    assert not got.warnings


def test_a_station_under_without_stays_named(engine: QueryEngine) -> None:
    """Only "never" takes the station: "without a scan at ct02" is named, never dropped."""
    assert answer(engine, "patients without a scan at ct02").warnings


# --- a study's only nodule -------------------------------------------------------------------


def test_answer_whose_only_nodule_is_in_a_lobe(engine: QueryEngine) -> None:
    def only_one_there(s: Row) -> bool:
        mine = nodules_of(s)
        return len(mine) == 1 and mine[0]["lobe"] == "LLL"

    got = answer(engine, "studies whose only nodule is in the lll")
    expected = {s["study_uid"] for s in studies() if only_one_there(s)}
    assert expected and {r["study_uid"] for r in got.rows} == expected
    assert not got.warnings


# --- a month range after its year ------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("ct chest w contrast 2025 july to september", "2025-07-01", "2025-09-30"),
        ("head cts 2024 march through may", "2024-03-01", "2024-05-31"),
        ("chest cts 2024 nov to feb", "2024-11-01", "2025-02-28"),
        ("scans from 2024 march to june 2025", "2024-03-01", "2025-06-30"),
        ("head cts 2025: april to june", "2025-04-01", "2025-06-30"),
    ],
)
def test_a_month_range_after_its_year(
    grounder: Grounder, question: str, start: str, end: str
) -> None:
    query = parse(grounder, question)
    assert query.filter.dates is not None
    assert query.filter.dates.start == dt.date.fromisoformat(start)
    assert query.filter.dates.end == dt.date.fromisoformat(end)
    assert clean_reading(query)


# --- forms: "field = value", numbered lists, headings, arrows, fillers -----------------------


def test_layout_rules() -> None:
    assert plain_layout("lobe = RML\nattenuation = solid") == "lobe RML\nsolid attenuation"
    assert plain_layout("size >= 8 mm -> studies") == "size >= 8 mm studies"
    assert plain_layout("Criteria:\n1. women\n2. 2 or more cts") == "women\n2 or more cts"
    assert plain_layout("Women over 60:\nwith a mass") == "Women over 60:\nwith a mass"
    assert plain_layout("nodules 1.5 cm") == "nodules 1.5 cm"  # one line: no list
    assert drop_fillers("um so like female patients") == "female patients"
    assert drop_fillers("had like exactly two scans") == "had exactly two scans"
    assert drop_fillers("right upper lobe nodules") == "right upper lobe nodules"


def test_answer_a_spreadsheet_filter(engine: QueryEngine) -> None:
    question = "Query filter:\nlobe = RUL\nattenuation = part-solid\n-> studies"
    got = answer(engine, question)
    expected = {
        s["study_uid"]
        for s in studies()
        if any(f["lobe"] == "RUL" and f["attenuation"] == "part-solid" for f in nodules_of(s))
    }
    assert expected and {r["study_uid"] for r in got.rows} == expected
    assert not got.warnings


def test_answer_a_numbered_list_of_conditions(engine: QueryEngine) -> None:
    question = "Audit criteria:\n1. patients\n2. at least 2 chest x rays\nhow many meet these?"

    def cxr(s: Row) -> bool:
        return bool(s["modality"] == "DX" and s["body_part"] == "CHEST")

    expected = sum(sum(map(cxr, ref.own_studies(p["patient_id"]))) >= 2 for p in patients())
    got = answer(engine, question)
    assert got.count == expected and expected > 0
    assert not got.warnings


# --- a patient's follow-up span --------------------------------------------------------------


def test_answer_a_follow_up_span(engine: QueryEngine) -> None:
    pid = next(
        p["patient_id"]
        for p in patients()
        if len({s["study_date"] for s in ref.own_studies(p["patient_id"])}) > 2
    )
    mine = sorted(s["study_date"] for s in ref.own_studies(pid))
    days = (dt.date.fromisoformat(mine[-1]) - dt.date.fromisoformat(mine[0])).days
    got = answer(engine, f"{pid} f/u span first to last scan in months")
    assert got.value == pytest.approx(days / 30.4375, abs=0.006)
    assert not got.warnings


# --- an age range before a noun of studies; studies per patient -------------------------------


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [("pts 50-55 head ct", 50, 55), ("women 60-75 chest cts", 60, 75)],
)
def test_an_age_range_before_a_noun_of_studies(
    grounder: Grounder, question: str, low: int, high: int
) -> None:
    """The range is the people's age, not a count of studies; every word is read. "women 60-75
    chest cts" answers the patients with a caution naming the studies' reading (session 27: the
    unit is the Conventions' choice, and part 56 asked such a question for the studies)."""
    query = parse(grounder, question)
    assert query.filter.age == NumberRange(low, high)
    assert query.filter.patient is None or query.filter.patient.studies is None
    assert not query.ignored
    assert all("the Conventions' unit rule" in caution for caution in query.cautions)


def test_a_small_range_before_plural_studies_stays_a_count(grounder: Grounder) -> None:
    query = parse(grounder, "pts 2-3 scans")
    assert query.filter.age is None


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [
        ("how many people had exactly two chest x rays", 2, 2),
        ("patients with 2 or more pe cts", 2, None),
        ("pts with exactly 1 pe ct", 1, 1),
        ("patients with a single chest x ray", 1, 1),
    ],
)
def test_studies_per_patient_of_a_kind(
    grounder: Grounder, question: str, low: int, high: int | None
) -> None:
    query = parse(grounder, question)
    assert query.filter.patient is not None
    assert query.filter.patient.studies == NumberRange(low, high)
    assert query.filter.patient.studies_scope is not None
    assert not query.filter.findings
    assert clean_reading(query)
