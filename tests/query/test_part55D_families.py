"""The families parts 52 to 55 (``bank_fresh_52.py`` ... ``bank_fresh_55.py``) showed missing,
share D: a number of a patient's studies said without the studies' word ("imaged four or more
times", "on three separate occasions", "two plain chest films", "three low dose ct or more",
"came back for a second head ct", "on 3 or more of their scans"), findings counted "on that one
exam" (:mod:`query.counted_forms`), one study having a pair of findings ("one exam with A plus
B"), and two findings each on some study of the patient, the same or not ("whether on the same
scan or on different ones", "not necessarily the same one"; :mod:`query.negated_forms`).

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import (
    chest_ct,
    cta,
    each_on_some,
    fo,
    history,
    in_lobe,
    kind,
    ldct,
    nod,
    pids,
    sids,
    study_of,
    tracks,
)
from family_reading import clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]
Test = Callable[[Row], bool]


def _chest_film(s: Row) -> bool:
    return bool(s["modality"] == "DX" and s["body_part"] == "CHEST")


def _per_patient(test: Test, compare: Callable[[int], bool]) -> list[str]:
    """Patients whose number of studies passing ``test`` passes ``compare``."""
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


def _any(s: Row) -> bool:
    return True


# --- a number of studies said without the studies' word -------------------------------------


@pytest.mark.parametrize(
    ("question", "test", "compare"),
    [
        ("people who came through imaging on three or more occasions", _any, lambda n: n >= 3),
        ("patients scanned more than 2 times", _any, lambda n: n > 2),
        ("patients imaged exactly 2 times", _any, lambda n: n == 2),
        ("who had at least 2 plain chest x-rays", _chest_film, lambda n: n >= 2),
        ("patients with two chest films (cxr) or more", _chest_film, lambda n: n >= 2),
        ("patients who had four chest ct or more", chest_ct, lambda n: n >= 4),
        ("patients who returned for a second chest ct", chest_ct, lambda n: n >= 2),
        ("patients with 2 or more ct angios", lambda s: cta(s) and s["modality"] == "CT", None),
        ("anyone who had two ldct or more", ldct, lambda n: n >= 2),
    ],
)
def test_a_number_of_studies_said_without_the_studies_word(
    grounder: Grounder,
    engine: QueryEngine,
    question: str,
    test: Test,
    compare: Callable[[int], bool] | None,
) -> None:
    """ "imaged / scanned N times", "on N occasions", "N plain films", "N <kind> or more", "a
    second <kind>", "N ct angios" are that many studies (of that kind) per patient (the number
    had been read as a diameter in mm, "times", "plain", "films" or "more" left unread, or the
    count put on every CT and "angio" on any study)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    expected = _per_patient(test, compare or (lambda n: n >= 2))
    assert expected
    assert ids(engine, question, "patient_id") == expected


def test_the_same_nodule_on_so_many_of_their_scans(grounder: Grounder, engine: QueryEngine) -> None:
    """ "one and the same tracked nodule on 2 or more of their studies" is a nodule (track)
    seen on that many studies ("of their" and "one and the same" had been left unread and the
    number read as a diameter in mm)."""
    question = (
        "patients in whom one and the same followed nodule is seen on 2 or more of their studies"
    )
    query = parse(grounder, question)
    assert clean_reading(query), query
    seen: dict[str, set[str]] = {}
    for fs in tracks().values():
        if fs[0]["kind"] != "nodule" and all(f["kind"] != "nodule" for f in fs):
            continue
        uids = {f["study_uid"] for f in fs}
        if len(uids) >= 2:
            seen.setdefault(study_of(fs[0])["patient_id"], set()).update(uids)
    assert ids(engine, question, "patient_id") == sorted(seen)


def test_findings_recorded_on_that_one_exam(grounder: Grounder, engine: QueryEngine) -> None:
    """ "4+ findings were logged on that one exam" counts the findings of the study itself ("one
    exam" had been read as the patient's only study, warned)."""
    question = "chest cts where 4+ findings were logged on that one exam"
    query = parse(grounder, question)
    assert clean_reading(query), query
    expected = sids(chest_ct, lambda s: len(fo(s)) >= 4)
    assert ids(engine, question, "study_uid") == expected


# --- a pair on one study; a pair each on some study -------------------------------------------


def test_one_exam_with_a_pair_is_a_study_having_both(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "had one ct with a rul nodule plus a lll nodule" is a study with both (not the patient's
    only study)."""
    question = "patients who had one ct with a rul nodule plus a lll nodule"
    query = parse(grounder, question)
    assert clean_reading(query), query
    expected = pids(nod(in_lobe("RUL")), nod(in_lobe("LLL")))
    assert ids(engine, question, "patient_id") == expected


@pytest.mark.parametrize(
    ("question", "a", "b"),
    [
        (
            "patients who had a consolidation and a pneumothorax, whether on the same study "
            "or on different ones",
            "consolidation",
            "pneumothorax",
        ),
        (
            "patients with a mass and a pleural effusion on the same or different scans",
            "mass",
            "pleural_effusion",
        ),
        (
            "a pneumothorax on some scan and a pleural effusion on some scan, not necessarily "
            "the same one: which patients",
            "pneumothorax",
            "pleural_effusion",
        ),
    ],
)
def test_a_pair_each_on_some_study_the_same_or_not(
    grounder: Grounder, engine: QueryEngine, question: str, a: str, b: str
) -> None:
    """ "A and B, whether on the same scan or on different ones" / "A on some exam and B on some
    exam, not necessarily the same one": each on some study of the patient ("had both A and
    B"; the "whether" had been left unread and both put on one study, or "not" read as a
    negation)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    expected = history(each_on_some(kind(a), kind(b)))
    assert ids(engine, question, "patient_id") == expected
