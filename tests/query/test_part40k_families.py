"""The families part 40 (``bank_fresh_40.py``) showed missing, share K: counts per study and per
track, set logic and Lung-RADS over time, reports, growth and lobes said in other words
(:mod:`query.counted_forms`).

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from typing import Any

import pytest
from blind_reference import (
    agreed,
    any_ct,
    cat_in,
    category,
    denies,
    findings,
    fstudy,
    gt,
    highest,
    history,
    in_lobe,
    is_nodule,
    ldct,
    lesion,
    nod,
    nods,
    pids,
    sids,
    some_but_never,
    stable,
    study_of,
    went,
    went_from,
)
from family_reading import clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _on_tracks(n_min: int) -> list[str]:
    """Patients with one nodule track seen on at least ``n_min`` different studies (a track
    that started as a nodule; one grown into a mass still counts)."""
    by_track: dict[str, set[str]] = {}
    for f in findings():
        if f.get("track_id") and (is_nodule(f) or f["kind"] == "mass"):
            by_track.setdefault(f["track_id"], set()).add(f["study_uid"])
    seen = {
        study_of(f)["patient_id"]
        for f in findings()
        if f.get("track_id") and is_nodule(f) and len(by_track[f["track_id"]]) >= n_min
    }
    return sorted(seen)


# --- counts: a tally of findings on one study -----------------------------------------------


@pytest.mark.parametrize(
    ("question", "low"),
    [
        ("exams where the nodule tally reaches five or higher", 5),
        ("studies whose nodule count reached 6", 6),
        ("studies whose nodule count hits 4 or more", 4),
        ("scans with a nodule total of at least 3", 3),
        ("studies in which the nodule count is 6+", 6),
        ("studies where the number of nodules is at least 4", 4),
        ("ct exams whose nodule tally is over 4", 5),
    ],
)
def test_a_nodule_tally_is_a_number_of_nodules_on_the_study(
    grounder: Grounder, engine: QueryEngine, question: str, low: int
) -> None:
    """ "the nodule tally / count / total / number (of nodules) reaches / hits / is N or more"
    counts the nodules on each study (the bound had been read as a diameter in mm, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    (clause,) = query.filter.findings
    assert (clause.kinds, clause.min_count, clause.measures) == (("nodule",), low, ())
    expected = sids(lambda s: len(nods(s)) >= low, *([any_ct] if "ct" in question else []))
    assert ids(engine, question, "study_uid") == expected


@pytest.mark.parametrize(
    "question",
    [
        "anyone with more than 5 nodules counted on one single ct exam",
        "pts with over 5 nodules seen on a single ct",
        "patients with 6 or more nodules found on one ct scan",
        "people with at least 6 nodules detected on the same ct",
        "patients with over 5 nodules on one single ct exam",
    ],
)
def test_nodules_counted_on_one_single_study(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """ "N nodules counted (seen, found, detected) on one single <study>" is N on one study of
    that kind; "one single ct exam" is never the patient's only CT (it had been, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.filter.patient is None or query.filter.patient.studies is None
    assert ids(engine, question, "patient_id") == pids(any_ct, lambda s: len(nods(s)) >= 6)


@pytest.mark.parametrize(
    "question",
    [
        "pts in whom one tracked nodule shows up on four-plus separate scans",
        "patients whose single tracked nodule spans 4 or more distinct exams",
        "patients whose tracked nodule appears on 4 or more studies",
        "pts with a followed nodule that turns up on 4+ scans",
        "patients in whom a monitored nodule is seen across four or more exams",
    ],
)
def test_one_tracked_nodule_on_n_studies(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """One tracked (followed, monitored) nodule that shows up on (appears on, spans) N or more
    studies is the same nodule track seen on N or more studies ("N-plus" is N or more)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    (clause,) = query.filter.findings
    assert (clause.min_scans, clause.new, clause.min_count) == (4, False, 1)
    assert ids(engine, question, "patient_id") == _on_tracks(4)


# --- Lung-RADS over time ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "cat"),
    [
        ("patients topping out at category 3 as their all-time max lung-rads", "3"),
        ("pts whose all-time highest lung-rads is 2", "2"),
        ("patients peaking at lr 4a", "4A"),
        ("pts who maxed out at lung-rads 3", "3"),
        ("patients that topped out at lr 2", "2"),
    ],
)
def test_topping_out_is_the_highest_category_ever(
    grounder: Grounder, engine: QueryEngine, question: str, cat: str
) -> None:
    """ "topping out / peaking / maxing out at <category>" and "all-time max (highest)" are the
    patient's highest category over all studies (it had been read on any one study)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.filter.patient is not None
    assert query.filter.patient.highest_lung_rads == (cat,)
    assert ids(engine, question, "patient_id") == history(lambda mine: highest(mine) == cat)


@pytest.mark.parametrize(
    ("question", "some", "never"),
    [
        ("pts that reached 4a at some time yet never 4b or 4x", ("4A",), ("4B", "4X")),
        ("patients who hit lung-rads 3 at some point but never 4a", ("3",), ("4A",)),
        ("patients that attained lr 2 at one time yet never lr 3", ("2",), ("3",)),
        ("pts who got to lr 3 ever, though never 4a", ("3",), ("4A",)),
    ],
)
def test_reached_a_category_yet_never_another(
    grounder: Grounder, engine: QueryEngine, question: str, some: Any, never: Any
) -> None:
    """ "reached (hit, attained) A at some time (point) yet (but, though) never B": A on some
    study and B on none ("reached", "at some time" and "yet" had been left unread)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    expected = history(some_but_never(cat_in(*some), cat_in(*never)))
    assert ids(engine, question, "patient_id") == expected


@pytest.mark.parametrize(
    "question",
    [
        "patients who had ldcts, every one of them lung-rads 1",
        "patients with ldcts all of which were lung-rads 1",
        "pts with ldcts, each one lr 1",
        "people who underwent ldcts, all of them graded lung-rads 1",
        "patients having ldcts, every single one of them lung rads 1",
    ],
)
def test_every_one_of_their_studies_in_a_category(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """ "<people> who had <studies>, every one (all, each) of them <category>" is every such
    study in that category, with at least one (the category had been put on any one study:
    warned, and silently for "all of which were")."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.filter.patient is not None and query.filter.patient.every is not None
    expected = history(
        lambda mine: any(map(ldct, mine)) and all(category(s) == "1" for s in mine if ldct(s))
    )
    assert ids(engine, question, "patient_id") == expected


@pytest.mark.parametrize(
    ("question", "old", "new"),
    [
        ("pts upgraded lr2 -> lr3 between consecutive exams", "2", ("3",)),
        ("patients who went lung-rads 2 to 3 on consecutive scans", "2", ("3",)),
        ("patients downgraded lr 3 => lr 2", "3", ("2",)),
        ("pts that moved from lr 2 -> 4a across successive exams", "2", ("4A",)),
        ("patients progressed lr3 > lr4a", "3", ("4A",)),
    ],
)
def test_a_change_from_one_category_to_another(
    grounder: Grounder, engine: QueryEngine, question: str, old: str, new: Any
) -> None:
    """ "<verb> A -> B (A to B, A => B)" is a change from A on the previous graded study to B;
    "between (on, across) consecutive exams" says it is the previous study (the arrow had been
    dropped and both categories put on one study, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    change = query.filter.lung_rads_change
    assert change is not None and (change.before, change.after) == ((old,), new)
    assert ids(engine, question, "patient_id") == pids(went_from(old, new))


@pytest.mark.parametrize(
    "question",
    [
        "screening upgrades: any exam whose lr grade rose above the grade of that pt's "
        "preceding graded exam",
        "exams whose lung-rads category rose above that of the previous exam",
        "upgrades: studies whose lr score climbed above the patient's prior graded scan",
        "studies whose lung rads grade increased over the patient's last study",
    ],
)
def test_a_grade_above_the_preceding_graded_study(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """ "<category> rose above (the grade of) the patient's preceding (previous, prior) graded
    study" is a category higher than on the previous study with one; an "upgrades:" heading
    names that change, and "any exam" after "screening upgrades:" is any study."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.filter.descriptions == ()
    assert ids(engine, question, "study_uid") == sids(went(1))


def test_a_heading_with_a_kind_and_no_any_stays_warned(grounder: Grounder) -> None:
    """Which studies "screening upgrades: exams whose ..." asks for is not said plainly: the
    heading is kept, and the reading warned."""
    query = parse(grounder, "screening upgrades: exams whose lung-rads went up from the prior")
    assert not clean_reading(query)


# --- reports, growth, lobes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "report text states emphysema is absent (says no emphysema) - which studies",
        "reports stating emphysema is absent",
        "studies whose report notes that emphysema is not present",
        "report documents emphysema was absent, which exams",
        "studies where the report says emphysema is negative",
    ],
)
def test_a_concept_said_absent_is_a_negated_mention(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """ "<report> states (notes, documents) <concept> is absent (not present, negative)" is a
    negated mention, as "says no <concept>" ("absent" had been read as an affirmed mention)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert [c.present for c in query.filter.concepts] == [False]
    assert ids(engine, question, "study_uid") == sids(denies("emphysema"))


@pytest.mark.parametrize(
    "question",
    [
        "unchanged-size nodules, right upper lobe, by exam",
        "size-stable nodules in the rul",
        "stable-sized nodules, rul",
        "same-size nodules in the right upper lobe",
    ],
)
def test_unchanged_size_is_stable(grounder: Grounder, engine: QueryEngine, question: str) -> None:
    """ "unchanged-size", "size-stable", "stable-sized", "same-size" nodules are stable ones."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert [c.stable for c in query.filter.findings] == [True]
    expected = agreed(
        *[sids(fstudy(stable(r, m), in_lobe("RUL"))) for r in (False, True) for m in (False, True)]
    )
    assert ids(engine, question, "study_uid") == expected


@pytest.mark.parametrize(
    "question",
    [
        "studies with a nodule in the RUL and another in the LLL",
        "scans with one nodule in the rul and one in the lll",
        "exams with a nodule in the right upper lobe and a second in the left lower lobe",
        "studies showing a nodule within the rul and one more in the lll",
        "exams with a nodule in the rul plus another in the lll",
        "studies with nodules in both the rul and the lll",
        "studies with nodules in each of the right upper lobe and left lower lobe",
    ],
)
def test_a_finding_in_one_lobe_and_another_in_another(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """ "a nodule in A and another (a second, one more, one) in B" is two nodules on the same
    study, one in each lobe (the lobes had been joined with "or", warned; "one ... and one"
    read as exactly one nodule, silently)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert sorted(c.lobes for c in query.filter.findings) == [("LLL",), ("RUL",)]
    assert all(c.min_count == 1 and c.max_count is None for c in query.filter.findings)
    expected = sids(nod(in_lobe("RUL")), nod(in_lobe("LLL")))
    assert ids(engine, question, "study_uid") == expected


@pytest.mark.parametrize(
    "question",
    [
        "RUL lesion (nodule or mass) exceeding 2 cm, which studies",
        "rul lesions (mass or nodule) over 2 cm",
        "studies with a lesion (either nodule or mass) in the rul bigger than 20 mm",
    ],
)
def test_a_bracket_restating_a_lesion_is_dropped(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """ "lesion (nodule or mass)": the bracket restates the kind; the lobe and the size are one
    finding's (they had been split around the bracket, its words unread: warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert len(query.filter.findings) == 1
    expected = sids(lesion(in_lobe("RUL"), gt("diameter_mm", 20)))
    assert ids(engine, question, "study_uid") == expected


def test_a_list_of_lobes_all_on_one_scan(grounder: Grounder, engine: QueryEngine) -> None:
    """A list of lobes followed by a bracket saying all of them ("(all three ... on one scan)")
    is a nodule in each on the same study; without "both / each / all" the list is read as
    before (either lobe)."""
    question = "ct exams with nodules in the rul, rml and rll (all three right lobes on one scan)"
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert sorted(c.lobes for c in query.filter.findings) == [("RLL",), ("RML",), ("RUL",)]
    expected = sids(any_ct, nod(in_lobe("RUL")), nod(in_lobe("RML")), nod(in_lobe("RLL")))
    assert ids(engine, question, "study_uid") == expected
    either = parse(grounder, "studies with nodules in the rul and lll")
    assert [c.lobes for c in either.filter.findings] == [("RUL", "LLL")]
