"""The families part 38 (``bank_fresh_38.py``) showed missing, share F: numbers, counts, set
logic, growth, slips and lobes.

- numbers: a sign said as a word before digits in a range or a comparison ("between minus 50
  and plus 50 hu") is that signed number; "minus" elsewhere stays a word; a closing "(count)",
  "(count of <unit>)" or ": number of <unit>" of the noun the question opens with is the count
  of what it asks (the sizes had gone to two nodules);
- counts: "give (me) the number / total", "number please" are a count;
- set logic: "whose <studies> were all done at <station>" is every such study of the patient
  at that station; "(where / with) one / a single <study> shows (showing) A plus B" is A and B
  on one study, and "a single <study> shows A" is A on a study (it had been read as the
  patient's only study, silently);
- growth: "brand-new", "completely new" are new;
- slips: "the" and a kind of study's short name run onto a word ("thenodules", "headct");
- lobes: two lobes named in full and compared ("the right middle lobe vs left lower lobe") are
  a count per lobe of the two;
- intervals: the days between two named studies of two patients are no span: said in a
  warning.

The answers are computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter

from blind_reference import (
    any_ct,
    at_station,
    att,
    calcified,
    fstudy,
    gt,
    head_ct,
    history,
    in_lobe,
    in_year,
    kind,
    ldct,
    lt,
    margin,
    new,
    nod,
    nods,
    nodule_rows,
    pids,
    sids,
    studies,
    within,
)
from family_reading import answer, parse

from query.count_words import read_count_words
from query.engine import QueryEngine
from query.grounding import Grounder
from query.run_together import splitting
from query.spoken_numbers import read_spoken


def silent_ids(engine: QueryEngine, question: str, key: str) -> list[str]:
    """The answer's IDs, and that it came without a warning."""
    got = answer(engine, question)
    assert not got.warnings, got.warnings
    return sorted({row[key] for row in got.rows})


def silent_count(engine: QueryEngine, question: str) -> int:
    got = answer(engine, question)
    assert not got.warnings, got.warnings
    assert got.unit == "count"
    return got.count


# --- numbers -----------------------------------------------------------------------------------


def test_a_sign_said_before_digits_in_a_range_is_the_signed_number(engine: QueryEngine) -> None:
    expected = sids(nod(att("ground-glass"), within("mean_hu", -700, -400)))
    assert silent_ids(engine, "ggns between minus 700 and minus 400 hu", "study_uid") == expected
    expected = sids(nod(within("mean_hu", -120, 40)))
    assert silent_ids(engine, "nodules from negative 120 to plus 40 hu", "study_uid") == expected


def test_minus_that_leaves_something_out_stays_a_word() -> None:
    assert read_spoken("all patients minus 3 of them") == "all patients minus 3 of them"
    assert read_spoken("nodules plus 2 masses") == "nodules plus 2 masses"


def test_a_closing_count_of_the_noun_asked_is_its_count(engine: QueryEngine) -> None:
    expected = len(nodule_rows(gt("diameter_mm", 5), lt("diameter_mm", 7)))
    for question in (
        "nodules > 5 mm and < 7 mm: number of nodules",
        "nodules > 5 mm and < 7 mm (count of nodules)",
        "nodules > 5 mm and < 7 mm (count)",
    ):
        assert silent_count(engine, question) == expected, question


def test_a_closing_count_of_another_noun_is_left_as_typed() -> None:
    text = "ldcts with a nodule over 8 mm: number of patients"
    assert read_count_words(text) == text


# --- counts ------------------------------------------------------------------------------------


def test_give_the_number_is_a_count(engine: QueryEngine) -> None:
    expected = len(sids(ldct, lambda s: len(nods(s)) < 2))
    assert silent_count(engine, "ldcts with fewer than 2 nodules, give the number") == expected
    assert silent_count(engine, "ldcts with fewer than 2 nodules - number please") == expected


def test_give_the_number_of_keeps_its_count_word() -> None:
    text = "give the number of ldcts in 2025"
    assert read_count_words(text) == text


# --- set logic ---------------------------------------------------------------------------------


def test_whose_studies_were_all_done_at_a_station_is_every_study_there(
    engine: QueryEngine,
) -> None:
    expected = history(lambda mine: all(map(at_station("CT01"), mine)))
    assert silent_ids(engine, "patients whose scans were all done at CT01", "patient_id") == (
        expected
    )
    lds = history(
        lambda mine: any(map(ldct, mine)) and all(at_station("CT02")(s) for s in mine if ldct(s))
    )
    assert silent_ids(engine, "pts whose ldcts were all done on ct02", "patient_id") == lds


def test_had_every_study_at_a_station_is_every_study_there(engine: QueryEngine) -> None:
    """ "had every scan at ct02" had been any scan there, silently."""
    expected = history(lambda mine: all(map(at_station("CT02"), mine)))
    for question in (
        "patients who had every scan at ct02",
        "how many patients had all their scans done at ct02",
    ):
        got = answer(engine, question)
        assert not got.warnings, got.warnings
        assert got.count == len(expected), question
    lds = history(
        lambda mine: any(map(ldct, mine)) and all(at_station("CT01")(s) for s in mine if ldct(s))
    )
    assert silent_ids(engine, "pts who had all their ldcts at ct01", "patient_id") == lds


def test_two_stations_for_every_study_stay_warned(engine: QueryEngine) -> None:
    assert answer(engine, "pts whose scans were all done at ct01 and ct02").warnings


def test_two_findings_shown_by_one_study_are_on_the_same_study(engine: QueryEngine) -> None:
    expected = pids(kind("mass"), nod())
    for question in (
        "one ct showing a mass plus a nodule - which patients",
        "patients with one scan showing a mass and a nodule",
        "pts where a single exam has a mass plus a nodule",
    ):
        assert silent_ids(engine, question, "patient_id") == expected, question


def test_a_single_study_showing_one_finding_is_that_finding_on_a_study(
    engine: QueryEngine,
) -> None:
    """ "a single scan shows X" is X on one study, not a patient with one study only."""
    expected = pids(nod(margin("spiculated")))
    question = "patients where a single scan shows a spiculated nodule"
    assert silent_ids(engine, question, "patient_id") == expected
    question = "pts in whom a single ct showed a calcified nodule"
    assert silent_ids(engine, question, "patient_id") == pids(any_ct, nod(calcified))


def test_the_kind_of_the_one_study_is_kept(engine: QueryEngine) -> None:
    """ "a single ldct showed A and B": both on one study, and that study an LDCT."""
    expected = pids(ldct, nod(att("ground-glass")), nod(att("solid")))
    question = "patients in whom a single ldct showed a ggn and a solid nodule"
    assert silent_ids(engine, question, "patient_id") == expected


def test_one_study_showing_one_finding_stays_a_count_of_studies_and_warned(
    engine: QueryEngine,
) -> None:
    """ "with one ct showing a nodule" may count the CTs: left as it was, with its note."""
    assert answer(engine, "patients with one ct showing a spiculated nodule").warnings


# --- growth ------------------------------------------------------------------------------------


def test_brand_new_is_new(grounder: Grounder) -> None:
    plain = parse(grounder, "studies from 2025 showing a new nodule")
    for words in ("brand-new", "brand new", "completely new", "entirely new"):
        said = parse(grounder, f"studies from 2025 showing a {words} nodule")
        assert said.filter == plain.filter, words
        assert said.ignored == ()


def test_a_brand_new_nodule_is_a_new_one(engine: QueryEngine) -> None:
    expected = sids(in_year(2024), fstudy(new(False)))
    assert silent_ids(engine, "2024 scans with a brand-new nodule", "study_uid") == expected


# --- slips -------------------------------------------------------------------------------------


def test_a_short_word_run_onto_a_known_one_is_split() -> None:
    assert splitting("thenodules") == "the nodules"
    assert splitting("allpatients") == "all patients"
    assert splitting("headct") == "head ct"
    assert splitting("chestct") == "chest ct"


def test_a_short_piece_never_cuts_a_word_the_reader_knows_or_an_unknown_one() -> None:
    for word in ("anyone", "therapy", "allergy", "theorem", "cts", "heads"):
        assert splitting(word) is None, word


def test_a_kind_of_study_run_together_is_read(engine: QueryEngine) -> None:
    expected = sids(head_ct, at_station("CT01"), in_year(2025))
    assert silent_ids(engine, "headct at ct01 in 2025", "study_uid") == expected


# --- lobes -------------------------------------------------------------------------------------


def test_two_lobes_named_in_full_and_compared_are_a_count_per_lobe(engine: QueryEngine) -> None:
    expected = Counter(f["lobe"] for f in nodule_rows(in_lobe("RUL", "LLL"), where=in_year(2024)))
    for question in (
        "nodules in the right upper lobe vs left lower lobe, 2024",
        "2024 nodules: right upper versus the left lower lobe",
    ):
        got = answer(engine, question)
        assert not got.warnings, got.warnings
        assert got.unit == "count"
        assert {row["lobe"]: row["count"] for row in got.rows} == dict(expected), question


# --- intervals ---------------------------------------------------------------------------------


def test_days_between_studies_of_two_patients_are_warned(engine: QueryEngine) -> None:
    a = studies()[0]
    b = next(s for s in studies() if s["patient_id"] != a["patient_id"])
    got = answer(engine, f"days between acc {a['accession']} and acc {b['accession']}")
    assert any("different patients" in w for w in got.warnings), got.warnings
    got = answer(engine, f"days between uid {a['study_uid']} and {b['study_uid']}")
    assert any("different patients" in w for w in got.warnings), got.warnings


def test_days_between_studies_of_one_patient_are_not_warned(engine: QueryEngine) -> None:
    by_patient: dict[str, list[str]] = {}
    for s in studies():
        by_patient.setdefault(s["patient_id"], []).append(s["accession"])
    first, second = next(acc for acc in by_patient.values() if len(acc) > 1)[:2]
    got = answer(engine, f"days between acc {first} and acc {second}")
    assert not any("different patients" in w for w in got.warnings)


# --- intervals: a span over named studies of two patients ------------------------------------


def test_days_between_studies_of_two_patients_is_said_to_be_no_span(engine: QueryEngine) -> None:
    by_patient: dict[str, str] = {}
    for s in studies():
        by_patient.setdefault(s["patient_id"], s["accession"])
    first, second = list(by_patient.values())[:2]
    got = answer(engine, f"days between acc {first} and acc {second}")
    assert any("2 different patients" in w for w in got.warnings), got.warnings


def test_days_between_two_studies_of_one_patient_carry_no_such_warning(
    engine: QueryEngine,
) -> None:
    own: dict[str, list[str]] = {}
    for s in studies():
        own.setdefault(s["patient_id"], []).append(s["accession"])
    first, second = next(a for a in own.values() if len(a) >= 2)[:2]
    got = answer(engine, f"days between acc {first} and acc {second}")
    assert not any("different patients" in w for w in got.warnings), got.warnings
