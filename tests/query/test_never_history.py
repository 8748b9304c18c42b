""" "Never" before a nodule's history: "patients who never had a growing / new / stable nodule".

Per the Conventions (docs/query.md, patient-level set logic) "never had X" is the patients no
study of whom has X, over all their studies; so "never had a growing nodule" is the patients
none of whose nodules grew, and patients with no nodule at all are in (as in "never had a nodule
> 8 mm"). The history word (new, grew / growing / enlarging, stable, shrinking, resolved, "that
grew by more than N mm") describes the nodule "never" negates, before the noun or in a relative
clause after it, with other attributes beside it ("a new solid nodule", "in the RUL").

Silently wrong before: the history word had made a present nodule of its own and "never" kept a
plain nodule, so "pts never found to have a growing nodule" was 0 patients ("patients with a
nodule that grew who never had a nodule") and "patients with a mass who never had a new nodule"
asked for a new mass. "not once had" and "without ever having" were named, not read.
Also here: "new nodules other than masses" is "new nodules, not masses" (its two words had been
named and a mass asked for).

Expected answers come from the cohort in plain Python (:mod:`cohort_reference`), never through
ScanSide; the phrasings are this file's own.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import cohort_reference as ref
import pytest
from family_reading import Row, answer, chest_ct, clean_reading, ids, parse, patients

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import FindingClause, TypedQuery

_README_GROWTH_MM = 1.5  # Lung-RADS growth: a mean diameter increase of more than 1.5 mm

FindingTest = Callable[[Row], bool]


def _date(finding: Row) -> str:
    return str(ref.cohort()[1][finding["study_uid"]]["study_date"])


def _tracks() -> list[list[Row]]:
    """Each track's nodules and masses, oldest first."""
    tracks: dict[str, list[Row]] = {}
    for f in ref.cohort()[2]:
        if f.get("track_id") and f["kind"] in ("nodule", "mass"):
            tracks.setdefault(f["track_id"], []).append(f)
    return [sorted(track, key=_date) for track in tracks.values()]


def _changes() -> list[tuple[Row, float]]:
    """Each finding seen before on its track, with its mean-diameter change since then."""
    return [
        (after, after["diameter_mm"] - before["diameter_mm"])
        for track in _tracks()
        for before, after in itertools.pairwise(track)
    ]


def grown(more_than: float = _README_GROWTH_MM, test: FindingTest = lambda f: True) -> list[Row]:
    return [f for f, change in _changes() if change > more_than and test(f)]


def stable() -> list[Row]:
    return [f for f, change in _changes() if abs(change) <= _README_GROWTH_MM]


def new(test: FindingTest = lambda f: True) -> list[Row]:
    """First of their track, after an earlier chest CT of the patient, not seen on the prior."""
    found = []
    for track in _tracks():
        first = track[0]
        study = ref.cohort()[1][first["study_uid"]]
        earlier = any(
            chest_ct(s) and s["study_date"] < study["study_date"]
            for s in ref.own_studies(study["patient_id"])
        )
        if earlier and first.get("follow_up") != "seen-on-prior" and test(first):
            found.append(first)
    return found


def never(rows: list[Row], among: list[str] | None = None) -> list[str]:
    """The patients (of ``among``; all when None) with none of these findings on any study."""
    having = {ref.cohort()[1][f["study_uid"]]["patient_id"] for f in rows}
    everyone = among if among is not None else [p["patient_id"] for p in patients()]
    return sorted(p for p in everyone if p not in having)


def with_kind(kind: str) -> list[str]:
    return sorted(
        {
            ref.cohort()[1][f["study_uid"]]["patient_id"]
            for f in ref.cohort()[2]
            if f["kind"] == kind
        }
    )


def _never_clause(query: TypedQuery) -> FindingClause:
    """The one finding clause "never" negates; nothing of it is left as a present nodule."""
    patient = query.filter.patient
    assert patient is not None
    (negated,) = patient.never
    (clause,) = negated.findings
    assert query.filter.findings == ()
    assert all(not c.grew and not c.new for h in patient.has for c in h.findings)
    return clause


# --- the reading: the history word goes to the nodule "never" negates ---------------------------

GROWING = [
    "pts never found to have a growing nodule",
    "patients who never had a growing nodule",
    "patients who never had an enlarging nodule",
    "patients who never had a nodule that grew",
    "patients with no growing nodule ever",
    "patients who not once had a growing nodule",
    "patients without ever having a growing nodule",
    "which patients never showed a growing nodule",
]

NEW = [
    "patients who never had a new nodule",
    "pts who never showed a new nodule",
    "patients never found to have a new nodule",
    "patients with no new nodule ever",
    "patients who never once had a new nodule",
]


@pytest.mark.parametrize("question", GROWING)
def test_never_a_growing_nodule_reads_growth_on_the_negated_nodule(
    grounder: Grounder, question: str
) -> None:
    clause = _never_clause(parse(grounder, question))
    assert clause.kinds == ("nodule",) and clause.grew
    assert clean_reading(parse(grounder, question))


@pytest.mark.parametrize("question", NEW)
def test_never_a_new_nodule_reads_new_on_the_negated_nodule(
    grounder: Grounder, question: str
) -> None:
    clause = _never_clause(parse(grounder, question))
    assert clause.kinds == ("nodule",) and clause.new and not clause.grew


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("patients who never had a stable nodule", "stable"),
        ("patients with no unchanged nodule ever", "stable"),
        ("patients who never had a shrinking nodule", "shrank"),
        ("pts never found to have a nodule that got smaller", "shrank"),
        ("patients who never had a nodule that resolved", "resolved"),
        ("patients without ever having a resolved nodule", "resolved"),
    ],
)
def test_every_history_word_goes_to_the_negated_nodule(
    grounder: Grounder, question: str, field: str
) -> None:
    clause = _never_clause(parse(grounder, question))
    assert getattr(clause, field)


@pytest.mark.parametrize(
    "question",
    [
        "patients who never had a nodule that grew by more than 2 mm",
        "pts never found to have a nodule that grew > 2mm",
        "patients with no nodule that grew by over 2 mm ever",
    ],
)
def test_a_growth_threshold_goes_to_the_negated_nodule(grounder: Grounder, question: str) -> None:
    clause = _never_clause(parse(grounder, question))
    assert clause.grew and clause.growth_mm.low == 2.0 and not clause.growth_mm.low_inclusive


@pytest.mark.parametrize(
    ("question", "attenuations", "lobes"),
    [
        ("patients who never had a new solid nodule", ("solid",), ()),
        ("pts never found to have a solid new nodule", ("solid",), ()),
        ("patients with no growing nodule in the RUL ever", (), ("RUL",)),
        ("patients who never had a growing RUL nodule", (), ("RUL",)),
    ],
)
def test_other_attributes_stay_with_the_history_word(
    grounder: Grounder, question: str, attenuations: tuple[str, ...], lobes: tuple[str, ...]
) -> None:
    clause = _never_clause(parse(grounder, question))
    assert clause.grew or clause.new
    assert (clause.attenuations, clause.lobes) == (attenuations, lobes)


def test_a_present_condition_beside_it_keeps_its_own_history(grounder: Grounder) -> None:
    """ "a mass who never had a new nodule": the mass is not asked to be new."""
    query = parse(grounder, "patients with a mass who never had a new nodule")
    patient = query.filter.patient
    assert patient is not None
    present = [c for h in patient.has for c in h.findings] + list(query.filter.findings)
    assert [c.kinds for c in present] == [("mass",)] and not present[0].new
    (negated,) = patient.never
    assert negated.findings[0].new and negated.findings[0].kinds == ("nodule",)


@pytest.mark.parametrize(
    "question",
    ["patients with a nodule that grew and a mass", "patients with a growing nodule and a mass"],
)
def test_without_never_a_relative_clause_describes_the_noun_before_it(
    grounder: Grounder, question: str
) -> None:
    """ "a nodule that grew and a mass": the nodule grew, not the mass (it had gone to the
    nearer mass, silently)."""
    query = parse(grounder, question)
    assert [c.kinds for c in query.filter.findings if c.grew] == [("nodule",)]
    assert [c.kinds for c in query.filter.findings if not c.grew] == [("mass",)]


# --- the answers, against the cohort in plain Python ---------------------------------------------


@pytest.mark.parametrize("question", GROWING)
def test_answer_never_a_growing_nodule(engine: QueryEngine, question: str) -> None:
    expected = never(grown())
    assert 0 < len(expected) < len(patients())  # some grew, some did not: a real test
    assert ids(engine, question, "patient_id") == expected
    assert not answer(engine, question).warnings


@pytest.mark.parametrize("question", NEW)
def test_answer_never_a_new_nodule(engine: QueryEngine, question: str) -> None:
    """The new-mass warning of "new nodule" stays (a track that was a mass from its first scan
    is counted as new, and named)."""
    expected = never(new())
    assert 0 < len(expected) < len(patients())
    assert ids(engine, question, "patient_id") == expected


def test_answer_never_a_stable_nodule(engine: QueryEngine) -> None:
    expected = never(stable())
    assert 0 < len(expected) < len(patients())
    assert ids(engine, "patients who never had a stable nodule", "patient_id") == expected


@pytest.mark.parametrize(
    "question",
    [
        "patients who never had a nodule that grew by more than 2 mm",
        "pts never found to have a nodule that grew > 2mm",
    ],
)
def test_answer_never_grew_by_more_than_a_threshold(engine: QueryEngine, question: str) -> None:
    expected = never(grown(2.0))
    assert expected != never(grown())  # the threshold changes the answer
    assert ids(engine, question, "patient_id") == expected
    assert not answer(engine, question).warnings


def test_answer_never_a_new_solid_nodule(engine: QueryEngine) -> None:
    expected = never(new(lambda f: f.get("attenuation") == "solid"))
    assert expected != never(new())
    assert ids(engine, "patients who never had a new solid nodule", "patient_id") == expected


def test_answer_no_growing_rul_nodule_ever(engine: QueryEngine) -> None:
    expected = never(grown(test=lambda f: f.get("lobe") == "RUL"))
    assert expected != never(grown())
    got = ids(engine, "patients with no growing nodule in the RUL ever", "patient_id")
    assert got == expected


def test_answer_a_mass_but_never_a_new_nodule(engine: QueryEngine) -> None:
    expected = never(new(), among=with_kind("mass"))
    got = ids(engine, "patients with a mass who never had a new nodule", "patient_id")
    assert got == expected


def test_answer_a_nodule_but_never_a_growing_one(engine: QueryEngine) -> None:
    expected = never(grown(), among=with_kind("nodule"))
    question = "patients with a nodule but never a growing one"
    assert ids(engine, question, "patient_id") == expected
    assert not answer(engine, question).warnings


# --- "other than masses" is "not masses" (query/new_masses.py) -----------------------------------


def _began_as_nodule(f: Row) -> bool:
    return any(track[0]["kind"] == "nodule" for track in _tracks() if f in track)


@pytest.mark.parametrize(
    "question", ["new nodules other than masses", "new nods other than masses"]
)
def test_answer_new_nodules_other_than_masses(engine: QueryEngine, question: str) -> None:
    """A track that began as a mass is left out, as in "new nodules, not masses", silently
    (the question settles it); 'other' and 'than' had been named and a mass asked for too."""
    expected = sorted({f["study_uid"] for f in new(lambda f: f["kind"] == "nodule")})
    assert any(f["kind"] == "mass" for f in new())  # a track that began as a mass exists
    got = answer(engine, question)
    assert sorted({row["study_uid"] for row in got.rows}) == expected
    assert not got.warnings


def test_answer_patients_with_stable_nodules_other_than_masses(engine: QueryEngine) -> None:
    expected = sorted(
        {ref.cohort()[1][f["study_uid"]]["patient_id"] for f in stable() if _began_as_nodule(f)}
    )
    question = "patients with stable nodules other than masses"
    assert ids(engine, question, "patient_id") == expected
    assert not answer(engine, question).warnings
