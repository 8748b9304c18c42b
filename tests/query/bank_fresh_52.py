"""Held-out part 52 of the question bank: a nodule clinic's and everyone else's cohort questions.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version") and its
"Reports" section up to "How well it reads" (not the reader's measurements nor the lists of
misses, fixes and limits), :mod:`question_bank` (the :class:`Item` type, its helpers and its
scoring function ``_matches``, for the form of a "value" or "groups" answer),
:mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the cohort,
imported here), and ``bank_fresh_41.py`` for its format, module docstring and helper functions
only, not its questions. The reader's code (``query/``), ``appliance/``, the tests
(``test_*.py``), ``family_reading.py`` and the other parts' questions were not opened, and the
engine was never run on these questions: they were frozen (committed) before any was put to it,
and none is to be changed to suit it afterwards.

Overlap check: a throwaway script compared every question's text with ``dev_queries.jsonl``,
with parts 22 to 51 (loaded through their ``bank()``, never read), with every question of
``question_bank.bank()`` and ``question_bank.ungated_bank()`` (17,330 questions in all), and
with parts 53 to 55 on their branches (53 and 54 once committed there; 55 had none yet),
printing only this part's matches (word for word after lower-casing and dropping punctuation,
or a word overlap of 75 % or more of the longer question). The first draft matched 134 times
(30 word for word): short, plain phrasings ("nodules that grew", "studies per station",
"calcified nodules") that earlier parts had already used. All were reworded; 16 rewordings
matched again (1 word for word), then 2 and one pair inside this part, and were reworded again;
when part 53 was committed on its branch 5 more matched it, and then 1 part 54 (none word for
word), and were reworded; none is left, and no question of this part repeats or overlaps
another of it (:func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 250 in all):
identifiers [16] (a patient's exams, a patient's number of studies, an accession's and a head
CT UID's patient, the nodule findings of an accession, a baseline LDCT, the prior study, the
penultimate LDCT, the nodules on a first scan, every nodule of a patient, two accessions'
patients, nodules counted on an accession, two patients' first chest CTs, the exam with a
patient's biggest nodule, an MRN pasted in an e-mail, nodules over 6 mm on a latest LDCT);
dates [16] (a quarter, a month range over a new year twice, "since the start of august 2026",
birth years, the past 6 months, the first half of a year, slashed days, a year's total, a decade
of birth with a study year, one ISO day, before a day, "so far this year", DOB before a slashed
day, DICOM days, "the fourth quarter"); numbers [17] (under, over, inclusive mm and cm ranges,
negative HU, an HU range, a confidence bound over every kind, solid component, volume in mm3 and
cc, long and short axis, "eleven point five millimetres", "three and a half centimetres", "half
a centimetre to 7 mm", "no larger than", a confidence in %); counts [16] (exactly 3 and exactly 2
nodules on a study, 4+ studies, exactly one study, more than 4 nodules, nodules in the cohort, 3+
LDCTs, exactly one CT angiogram, zero findings, a nodule on 4+ exams, 5+ findings, exactly two
studies, a single nodule, findings on a year's LDCTs, 2+ chest films); set logic [16] (both ...
and also, but not once, never on any study, a year and another year, either ... or, a report
concept but never a nodule finding, never at a station, women who never had, excluding anyone
who ever had, both lobes on the same or different scans, two attenuations on one exam, 4B but
never 4X, two kinds of study, every LDCT lung-rads 1 or 2, "as well as"); Lung-RADS [18] (a
category in a year, peaked at 3, a year's breakdown, 2 to 4A on the next exam, higher than the
previous graded study, "3 or worse" in a quarter, the latest LDCT 4X, category 1 at a station in
a year, ever 4, a share of a year's LDCTs, the baseline LDCT's category, upgraded 2 to 3, 4X per
station, only ever 1, overdue screening patients, 4A patients overdue for their 3-month scan, 4X
at a station counted, a station's quarter broken down); rankings and top-N [18] (nodules by
diameter, patients by nodule burden, earliest born, latest head CTs, least dense GGNs, most
confident pneumothoraces, masses by volume, youngest women, solid cores, earliest CT angios, the
patient with the most spiculated nodules, long axis, tiniest calcified, most GGNs, the least
confident mass, densest part-solid nodules, latest LDCTs at a station, biggest in a lobe);
aggregates and percentages [16] (mean diameter, median volume in cc, mean HU, mean confidence,
median long axis in cm, nodules per LDCT, studies per patient, solid component, median diameter
at a station, mean volume in mm3, median confidence, mean HU of calcified nodules; shares of a
lobe's nodules, of a year's exams at a station, of a year's LDCTs in a category, of smooth solid
nodules); report concepts with negation [16] (emphysema, lymphadenopathy, "enlarged mediastinal
lymph nodes", coronary artery calcification; "states there is no", "not reported", "explicitly
negative for", "never come up in any report", "either ... or", same study as a finding, "positive
for A and negative for B", a CT angiogram's "state no", men over 70); growth / new / stable [17]
(grown since the previous study, more than 3 mm, 2 mm or more, newly appeared in a year, brand
new lobulated, new at a station in a year, new on one patient's latest LDCT, one patient's grown
and unchanged nodules, stable in a lobe and in the right lung, stable part-solid, women with
growing solid nodules, never grew, a count of grown nodules and grown nodules by lobe with masses
excluded, new on an LDCT at a station); demographics [17] (ages with a sex and a kind of study or
finding, an age range, "in their eighties", "aged 80-89", younger than 45 and 50, sex "O", sex
counts and breakdowns, LDCTs per sex, patients with a CT angiogram per sex, a birth year with
Lung-RADS 4, a count pasted in an e-mail); modality / description / station [18] (stations,
modalities, body parts, descriptions of a year, CT angios at a station, chest x-rays in a year,
head CTs per station, a quoted description, a station in a quarter, pulmonary angiograms with a
pneumothorax, contrast chest CTs, two stations' LDCTs compared, brain CTs with a bleed, chest
films with a pneumothorax, effusions, consolidation, CTPAs per scanner, an e-mailed station
count); lobes [16] (a lobe by abbreviation and by name, each lobe counted, two lobes compared
twice, bilateral, the left lung counted, nodules only in the RML, either upper lobe, one nodule
in each of two lobes on one exam, findings in a lobe, patients counted, GGN vs part-solid in a
lobe); attenuation / margin / calcification [18] (calcified and not, lobulated, subsolid,
breakdowns by attenuation, margin, kind of finding and margin in women, smooth solid, pure GGN,
spiculated vs smooth, spiculated part-solid, a station, solid lobulated findings in a range,
spiculated nodules in women counted, calcified nodules counted); intervals [15] (a patient's
span in days and years, first to latest LDCT in months and days, two accessions, the prior to the
latest, the mean and median gaps between consecutive studies and LDCTs in days and months, the
longest gap, followed more than two and a half years, first and last LDCT 30 months apart, an
LDCT followed by another within 11 months, mean and median follow-up in months).

The styles are mixed in roughly equal shares: a pulmonologist preparing a nodule clinic or a
tumour board (one patient's baseline, prior, penultimate and latest studies, a patient's
nodules over time, grown and unchanged nodules, overdue follow-up), a radiologist's shorthand
("psn", "ggo", "lr", "nods", "ptx", "acc"), a nurse's or clinician's full sentences, a
screening coordinator's Lung-RADS over time, a manager's counts per station, quarter and month,
a data scientist's inclusive ranges, means, medians and shares, search-box keywords ("ggo in
the rll - studies"), dictated numbers ("eleven point five millimetres", "three and a half
centimetres"), and questions pasted in an e-mail with a greeting and a sign-off. 30 questions
(about one in eight) carry a hurried typist's slip ("accesion", "janaury", "exatcly",
"patietns", "catagory", "rigth" twice, "averge", "emphysma", "pateints", "betwen",
"pneumothroax", "calcifed", "scaner", "angiogarm", "accross", "diamter", "avergae",
"lymphadenopthy", "stabel", "bewteen", "registery", "mnay", "efusion", "rihgt", "esle",
"spiculted", "exmas", "inclusve", "lastest"); their answers are what they plainly mean. About
one in five asks about groups (23 breakdowns and comparisons, 5 shares, 18 rankings).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients (most
from the nodule clinic's pool, those with three or more LDCTs each showing a nodule),
accessions, UIDs, a day, a size bound; a ranking's number is the first from the one written
whose boundary has no tie, and a percentage the first of a list of candidates (lobes, years,
attenuations) that is neither 0 nor 100 % and lies within 0.005 of a tenth. Expected answers are
computed here in plain Python with the documented conventions written out by hand. Where the
conventions do not settle a reading the question is asked only when the competing readings give
the same answer (:func:`ask`; ``LEFT_OUT`` lists any that do not as the bank is built, and is
empty for this seed): the first day of "the past 6 months"; a track that was a mass from its
first study counted or not as a new or stable nodule, and a change taken in floating point or to
0.1 mm; a grown nodule that became a mass counted or not; a nodule on 4+ exams counting a mass
on its track or not; an age (with a sex) and another condition on one study or each on some
study; a follow-up span in calendar months or in days; overdue follow-up with the due day itself
overdue or not, and from the latest chest CT or the latest LDCT (asked of screening patients,
who have no other chest CT). Drafts replaced before freezing because their readings disagreed:
"overdue for follow-up" of every patient (latest chest CT or latest LDCT), "new nodules in 2025",
"new spiculated nodules" and "new nodule on a ct01 ldct" (the mass-from-start track; asked of
2024, of lobulated nodules and of CT02), "patients with stable nodules" counted (asked of the
right lung), grown nodules counted and by lobe (asked with masses excluded), "men younger than
50 with any nodule" (asked on the same scan), "followed for more than 3 years" (asked as two and
a half) and "at least 2 years apart" (asked as 30 months), "coronary calcification but not
emphysema" (asked as "negative for emphysema"). Drafts replaced because a ranking tied or a
share was not near a tenth: the lowest-HU GGN, the 3 least confident nodules, lung-rads shares of
2024 LDCTs, CT01's share of 2025 exams, calcified shares of nodules, GGN shares of the lower
lobes. Drafts whose answers were empty by accident were replaced: "findings with confidence under
0.55", "studies downgraded from 4A to 3" (no study's category fell), "followed for more than 40
months". Readings taken: "screening ct", "low dose ct" and "ldct" are the CT CHEST LOW DOSE LUNG
SCREENING studies; "ct angio(gram)s", "ctpas", "pe cts" and "pulmonary angiograms" the CT ANGIO
CHEST PE studies; "chest x-rays", "chest films", "radiographs" the DX studies; "contrast-enhanced
chest ct" the CT CHEST W CONTRAST studies; "brain cts" head CTs and an "intracranial bleed" an
intracranial hemorrhage finding; a patient's "prior" scan is the one before the latest, and
"penultimate" likewise of the kind named; "overdue" follows the Conventions (12 months after
category 1 or 2, 6 after 3, 3 after 4A, never 4B or 4X, the due day itself not overdue); a
breakdown of nodules counts nodule findings, of studies studies, of patients patients; a
Lung-RADS breakdown lists only the categories that occur; "only ever lung-rads 1" is a highest
category of 1; "not reported" and "where emphysema is not reported" mean no affirmed mention,
"states there is no" and "explicitly negative for" the denied reading. No answer is empty.

Scored alone with ``python tests/query/question_bank.py --part held_out_52 -v`` once wired in.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import cohort_reference as ref
from blind_reference import (
    FTest,
    Rows,
    aged,
    agreed,
    at_station,
    att,
    born,
    both_,
    calcified,
    cat_in,
    category,
    chest_ct,
    count,
    cta,
    cxr,
    dated,
    days_between,
    denies,
    each_on_some,
    fids,
    findings,
    fo,
    fstudy,
    ge,
    grew_readings,
    gt,
    head_ct,
    highest,
    history,
    in_lobe,
    in_year,
    is_nodule,
    kind,
    ldct,
    le,
    lt,
    margin,
    mean_of,
    median_of,
    months_on,
    neg,
    new,
    nod,
    nods,
    non_contrast_chest,
    own,
    pats,
    pct,
    pick,
    pids,
    quarter,
    says,
    sex_is,
    sids,
    some_but_never,
    stable,
    studies,
    study_of,
    subsolid,
    top,
    uncalcified,
    went,
    went_from,
    with_contrast,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_52"
SEED = 5252

# Questions whose readings disagreed (or whose ranking tied at its boundary, or whose percentage
# was not within 0.005 of a tenth), so were left out: filled while the bank is built.
LEFT_OUT: list[str] = []


def _q(family: str, question: str, unit: str, expected: Any, as_of: str = AS_OF) -> Item:
    return Item(family, PART, question, unit, expected, as_of)


def ask(family: str, question: str, unit: str, *readings: Any, as_of: str = AS_OF) -> Rows:
    """One question, asked only when every competing reading gives the same (defined) answer."""
    answer = agreed(*readings)
    if answer is None:
        LEFT_OUT.append(question)
        return
    yield _q(family, question, unit, answer, as_of)


# --- small readings of this part -------------------------------------------------------------

ALL: Test = lambda s: True  # noqa: E731
LR4 = ("4A", "4B", "4X")
LEFT = ("LUL", "LLL")
RIGHT = ("RUL", "RML", "RLL")


def _count_in(pid: str, test: Test) -> int:
    return sum(1 for s in own(pid) if test(s))


def _mine(pid: str, test: Test = ALL) -> list[Row]:
    return [s for s in own(pid) if test(s)]


def _uid(s: Row | None) -> list[str]:
    return [] if s is None else [str(s["study_uid"])]


def _never(test: Test) -> list[str]:
    return history(lambda mine: not any(map(test, mine)))


def _per_patient(test: Test, compare: Callable[[int], bool]) -> list[str]:
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def _kind_rows(name: str, *tests: FTest) -> list[Row]:
    return [f for f in findings() if f["kind"] == name and all(t(f) for t in tests)]


def _nod_rows(*tests: FTest, where: Test = ALL) -> list[Row]:
    return [
        f for f in findings() if is_nodule(f) and all(t(f) for t in tests) and where(study_of(f))
    ]


def _nod_ids(*tests: FTest, where: Test = ALL) -> list[str]:
    return sorted(f["finding_id"] for f in _nod_rows(*tests, where=where))


def _of(pid: str) -> Test:
    return lambda s: bool(s["patient_id"] == pid)


def _the(s: Row) -> Test:
    return lambda x: bool(x["study_uid"] == s["study_uid"])


def _mean_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return mean_of([f[name] / scale for f in rows if f.get(name) is not None])


def _median_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return median_of([f[name] / scale for f in rows if f.get(name) is not None])


def _share(part: int, whole: int) -> float | None:
    """A percentage the bank can score (neither 0 nor 100, within 0.005 of a tenth)."""
    return pct(part, whole) if 0 < part < whole else None


def _groups(rows: Sequence[Any], key: Callable[[Any], Any]) -> list[tuple[Any, int]]:
    return sorted(Counter(key(r) for r in rows).items(), key=lambda kv: str(kv[0]))


def _on_tracks(n_min: int, masses: bool) -> list[str]:
    """Patients with one nodule (a track) seen on at least ``n_min`` different studies."""
    by_track: dict[str, set[str]] = {}
    for f in findings():
        if f.get("track_id") and (is_nodule(f) or (masses and f["kind"] == "mass")):
            by_track.setdefault(f["track_id"], set()).add(f["study_uid"])
    by_uid = ref.cohort()[1]
    return sorted(
        {by_uid[next(iter(u))]["patient_id"] for u in by_track.values() if len(u) >= n_min}
    )


def _by_day(s: Row) -> int:
    return dt.date.fromisoformat(s["study_date"]).toordinal()


def _ranked(
    rows: Sequence[Row], key: Callable[[Row], Any], ident: str, start: int
) -> tuple[int, list[str]] | None:
    """The first count from ``start`` to 8 whose ranking has no tie at its boundary."""
    for n in range(start, 9):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    return None


def _patient_rows(
    score: Callable[[str], float], test: Callable[[str], bool] = lambda p: True
) -> list[Row]:
    return [
        {"patient_id": p["patient_id"], "k": -score(p["patient_id"])}
        for p in pats()
        if test(p["patient_id"])
    ]


def _span_days(pid: str, test: Test) -> int | None:
    mine = _mine(pid, test)
    if len(mine) < 2:
        return None
    return days_between(mine[0]["study_date"], mine[-1]["study_date"])


def _followed(months: int, inclusive: bool, test: Test = ALL) -> list[str]:
    """Patients whose latest study (of the kind) is more than (``inclusive``: at least)
    ``months`` calendar months after their first."""

    def check(mine: list[Row]) -> bool:
        mine = [s for s in mine if test(s)]
        if not mine:
            return False
        end = months_on(mine[0]["study_date"], months)
        last = str(mine[-1]["study_date"])
        return last >= end if inclusive else last > end

    return history(check)


def _followed_days(days: int, inclusive: bool, test: Test = ALL) -> list[str]:
    def check(mine: list[Row]) -> bool:
        mine = [s for s in mine if test(s)]
        if len(mine) < 2:
            return False
        d = days_between(mine[0]["study_date"], mine[-1]["study_date"])
        return d >= days if inclusive else d > days

    return history(check)


def _consecutive_gaps(test: Test) -> list[int]:
    gaps: list[int] = []
    for p in pats():
        mine = _mine(p["patient_id"], test)
        gaps.extend(
            days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
        )
    return gaps


def _findings_of(pid: str, test: Test = ALL, *tests: FTest) -> list[str]:
    return sorted(
        f["finding_id"]
        for s in _mine(pid, test)
        for f in fo(s)
        if is_nodule(f) and all(t(f) for t in tests)
    )


def _rescanned(test: Test, months: int, later: Test) -> Test:
    """A study passing ``test`` with a later study (``later``) of its patient, dated after it
    and on or before the same day ``months`` calendar months on."""

    def check(s: Row) -> bool:
        if not test(s):
            return False
        end = months_on(s["study_date"], months)
        return any(
            later(x) and s["study_date"] < x["study_date"] <= end for x in own(s["patient_id"])
        )

    return check


def _overdue(
    cats: tuple[str, ...], interval: dict[str, int], strict: bool, test: Test
) -> list[str]:
    """Patients whose latest study passing ``test`` on or before the as-of date is of one of
    ``cats`` and whose next one (``interval`` months on) was due before the as-of date."""

    def check(mine: list[Row]) -> bool:
        mine = [s for s in mine if test(s) and s["study_date"] <= AS_OF]
        if not mine:
            return False
        c = category(mine[-1])
        if c not in cats:
            return False
        due = months_on(mine[-1]["study_date"], interval[c])
        return due < AS_OF if strict else due <= AS_OF

    return history(check)


INTERVAL = {"1": 12, "2": 12, "3": 6, "4A": 3}


# --- the families ------------------------------------------------------------------------------


def _clinic_pool() -> list[str]:
    """Patients with three or more LDCTs and a nodule on each: the nodule clinic's patients."""
    return [
        p["patient_id"]
        for p in pats()
        if len(_mine(p["patient_id"], ldct)) >= 3
        and all(nods(s) for s in _mine(p["patient_id"], ldct))
    ]


def identifiers(rng: random.Random) -> Rows:
    f = "identifiers"
    clinic = _clinic_pool()
    p1 = pick(rng, clinic)
    yield _q(f, f"{p1} - pull up every exam on file, oldest first", "study", _uid_list(own(p1)))
    p2 = pick(rng, [p for p in clinic if p != p1])
    yield _q(
        f,
        f"{p2}: number of exams on record for this patient, all modalities",
        "count",
        len(own(p2)),
    )
    s = pick(rng, [s for s in studies() if ldct(s) and len(nods(s)) >= 2])
    yield _q(
        f,
        f"who is the patient behind accession {s['accession']}",
        "patient",
        [s["patient_id"]],
    )
    s = pick(rng, [s for s in studies() if len(nods(s)) >= 3])
    yield _q(
        f,
        f"list the nodule findings on acc {s['accession']}",
        "finding",
        sorted(x["finding_id"] for x in nods(s)),
    )
    s = pick(rng, [s for s in studies() if head_ct(s)])
    yield _q(
        f,
        f"radiology inbox has a head scan, uid {s['study_uid']}, no name on it:"
        " who is the patient?",
        "patient",
        [s["patient_id"]],
    )
    p3 = pick(rng, clinic)
    yield _q(
        f,
        f"Tumour board prep: the baseline low-dose CT for {p3}",
        "study",
        _uid(_mine(p3, ldct)[0]),
    )
    p4 = pick(rng, [p for p in clinic if p not in (p1, p3)])
    yield _q(
        f,
        f"{p4}'s scan before the most recent one (the prior)",
        "study",
        _uid(own(p4)[-2]),
    )
    p5 = pick(rng, [p for p in clinic if nods(own(p)[0])])
    yield _q(
        f,
        f"nodule findings on the very first scan of {p5}",
        "finding",
        sorted(x["finding_id"] for x in nods(own(p5)[0])),
    )
    a, b = rng.sample([s for s in studies() if chest_ct(s)], 2)
    yield _q(
        f,
        f"accessions {a['accession']} and {b['accession']}: whose are they",
        "patient",
        sorted({a["patient_id"], b["patient_id"]}),
    )
    p6 = pick(rng, [p for p in clinic if p not in (p1, p2, p3, p4, p5)])
    yield _q(
        f,
        f"every nodule finding for patient {p6} across all visits",
        "finding",
        _findings_of(p6),
    )
    s = pick(rng, [s for s in studies() if len(fo(s)) >= 2 and ldct(s)])
    yield _q(
        f,
        f"number of nodules found on accesion {s['accession']}",
        "count",
        len(nods(s)),
    )
    two = rng.sample([p for p in pats() if _mine(p["patient_id"], chest_ct)], 2)
    yield _q(
        f,
        f"first chest ct for {two[0]['patient_id']} and for {two[1]['patient_id']}",
        "study",
        sorted(_mine(p["patient_id"], chest_ct)[0]["study_uid"] for p in two),
    )

    def largest_once(pid: str) -> Row | None:
        rows = sorted((x for s in own(pid) for x in nods(s)), key=lambda x: -x["diameter_mm"])
        if len(rows) >= 2 and rows[0]["diameter_mm"] > rows[1]["diameter_mm"]:
            return study_of(rows[0])
        return None

    p7 = pick(rng, [p for p in clinic if largest_once(p) is not None])
    yield _q(
        f,
        f"Which of {p7}'s exams showed his or her single biggest nodule?",
        "study",
        _uid(largest_once(p7)),
    )
    p8 = pick(rng, [p for p in clinic if len(_mine(p, ldct)) >= 3 and p != p4])
    yield _q(
        f,
        f"{p8} penultimate ldct",
        "study",
        _uid(_mine(p8, ldct)[-2]),
    )
    p9 = pick(rng, [p["patient_id"] for p in pats() if len(own(p["patient_id"])) == 2])
    yield _q(
        f,
        f"Hi, could you list all the studies for MRN {p9}? Thanks, Jo",
        "study",
        _uid_list(own(p9)),
    )
    p10 = pick(rng, [p for p in clinic if nods(_mine(p, ldct)[-1], gt("diameter_mm", 6))])
    yield _q(
        f,
        f"{p10}: nodules over 6 mm on the latest ldct, each finding",
        "finding",
        sorted(x["finding_id"] for x in nods(_mine(p10, ldct)[-1], gt("diameter_mm", 6))),
    )


def _uid_list(rows: Sequence[Row]) -> list[str]:
    return sorted(str(s["study_uid"]) for s in rows)


def dates(rng: random.Random) -> Rows:
    f = "dates"
    y, q = pick(rng, [(2024, 2), (2025, 2), (2025, 3), (2023, 4)])
    yield _q(f, f"screening cts done in Q{q} {y}", "study", sids(ldct, quarter(y, q)))
    yield _q(
        f,
        "chest x-rays from october 2023 through february 2024",
        "study",
        sids(cxr, dated("2023-10-01", "2024-02-29")),
    )
    yield _q(
        f,
        "everything imaged since the start of august 2026, all modalities",
        "study",
        sids(dated("2026-08-01", AS_OF)),
    )
    yield _q(f, "patients born between 1950 and 1953", "patient", born("1950-01-01", "1953-12-31"))
    yield from ask(
        f,
        "head CT exams we have done over the past 6 months",
        "study",
        sids(head_ct, dated("2026-05-01", AS_OF)),
        sids(head_ct, dated("2026-05-02", AS_OF)),
    )
    yield _q(
        f,
        "who had a chest ct in the first half of 2023?",
        "patient",
        pids(chest_ct, dated("2023-01-01", "2023-06-30")),
    )
    yield _q(
        f,
        "all exams with a study date between 3/1/2024 and 4/30/2024 inclusive",
        "study",
        sids(dated("2024-03-01", "2024-04-30")),
    )
    yield _q(
        f,
        "2025 ldct total",
        "count",
        count(ldct, in_year(2025)),
    )
    forties = set(born("1940-01-01", "1949-12-31"))
    yield _q(
        f,
        "pts born in the 1940s with a low dose ct in 2026",
        "patient",
        sorted(p for p in pids(ldct, in_year(2026)) if p in forties),
    )
    day = pick(rng, sorted({s["study_date"] for s in studies() if ldct(s)}))
    yield _q(f, f"low-dose cts performed on {day}", "study", sids(ldct, dated(day, day)))
    yield _q(
        f,
        "scans dated before 15 february 2023",
        "study",
        sids(dated("2000-01-01", "2023-02-14")),
    )
    yield _q(
        f,
        "pulmonary angiogram cts performed so far this year",
        "study",
        sids(cta, dated("2026-01-01", AS_OF)),
    )
    yield _q(
        f,
        "patients w DOB before 1/1/1943",
        "patient",
        born("1900-01-01", "1942-12-31"),
    )
    yield _q(
        f,
        "exams dated 20240601-20240630",
        "study",
        sids(dated("2024-06-01", "2024-06-30")),
    )
    yield _q(
        f,
        "how many head cts in the fourth quarter of 2023",
        "count",
        count(head_ct, quarter(2023, 4)),
    )
    yield _q(
        f,
        "ldcts from november 2024 to janaury 2025 at ct01",
        "study",
        sids(ldct, at_station("CT01"), dated("2024-11-01", "2025-01-31")),
    )


def numbers(rng: random.Random) -> Rows:
    f = "numbers"
    d = "diameter_mm"
    yield _q(f, "scans showing a nodule smaller than 5 mm", "study", sids(nod(lt(d, 5))))
    lo = pick(rng, [8, 9, 10])
    yield _q(
        f,
        f"solid nodules {lo} to 15 mm",
        "study",
        sids(nod(att("solid"), within(d, lo, 15))),
    )
    yield _q(f, "nods bigger than 2.5 cm", "study", sids(nod(gt(d, 25))))
    yield _q(
        f,
        "ggns with a mean attenuation below -700 hu",
        "study",
        sids(nod(att("ground-glass"), lt("mean_hu", -700))),
    )
    yield _q(
        f,
        "nodule findings with HU between -50 and 60",
        "finding",
        _nod_ids(within("mean_hu", -50, 60)),
    )
    yield _q(
        f,
        "low-confidence detections: every finding, any type, the model scored below 0.6",
        "finding",
        fids(lt("confidence", 0.6)),
    )
    yield _q(
        f,
        "psn where the solid part measures more than 6mm, which studies",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 6))),
    )
    yield _q(
        f,
        "nodules with a volume above 3000 mm3",
        "study",
        sids(nod(gt("volume_mm3", 3000))),
    )
    yield _q(
        f,
        "exams with a nodule 22 mm or longer in long-axis dimension",
        "study",
        sids(nod(ge("long_axis_mm", 22))),
    )
    yield _q(
        f,
        "individual nodules with short axis under 3.5mm, list each one",
        "finding",
        _nod_ids(lt("short_axis_mm", 3.5)),
    )
    yield _q(
        f,
        "nodules of eleven point five millimetres or more in the left lower lobe",
        "study",
        sids(nod(ge(d, 11.5), in_lobe("LLL"))),
    )
    yield _q(
        f,
        "any mass bigger than three and a half centimetres - which scans",
        "study",
        sids(kind("mass", gt(d, 35))),
    )
    yield _q(
        f,
        "ground glass nodules between half a centimetre and 7 mm",
        "study",
        sids(nod(att("ground-glass"), within(d, 5, 7))),
    )
    yield _q(f, "calcified nodules no larger than 4 mm", "study", sids(nod(calcified, le(d, 4))))
    yield _q(
        f,
        "spiculated nodules measuring 1-2 cm",
        "study",
        sids(nod(margin("spiculated"), within(d, 10, 20))),
    )
    yield _q(
        f,
        "ptx detections the ai was at least 97% confident about",
        "finding",
        fids(lambda x: x["kind"] == "pneumothorax", ge("confidence", 0.97)),
    )
    yield _q(
        f,
        "solid nods w a volume between 0.5 and 1 cc",
        "study",
        sids(nod(att("solid"), within("volume_mm3", 500, 1000))),
    )


def counts(rng: random.Random) -> Rows:
    f = "counts"
    yield _q(
        f,
        "low dose screening scans on which we counted three nodules exactly",
        "study",
        sids(ldct, _n_nods(lambda n: n == 3)),
    )
    yield _q(
        f,
        "patients who have come through imaging on at least four separate occasions",
        "patient",
        _per_patient(ALL, lambda n: n >= 4),
    )
    yield _q(
        f,
        "Which patients have only ever been scanned once?",
        "patient",
        _per_patient(ALL, lambda n: n == 1),
    )
    yield _q(f, "scans with more than 4 nodules", "study", sids(_n_nods(lambda n: n > 4)))
    yield _q(f, "how many nodules are there in the whole cohort", "count", len(_nod_rows()))
    yield _q(
        f,
        "how many patients have had at least three low dose cts",
        "count",
        len(_per_patient(ldct, lambda n: n >= 3)),
    )
    yield _q(
        f,
        "patients with exactly one ct angiogram",
        "patient",
        _per_patient(cta, lambda n: n == 1),
    )
    yield _q(
        f,
        "how many exams in the archive have an empty findings list",
        "count",
        count(lambda s: not fo(s)),
    )
    yield from ask(
        f,
        "patients with a single nodule tracked across at least four exams",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(f, "number of ct angiograms in 2025", "count", count(cta, in_year(2025)))
    yield _q(
        f,
        "chest CTs where 5+ findings were recorded on that one exam",
        "study",
        sids(chest_ct, lambda s: len(fo(s)) >= 5),
    )
    yield _q(
        f,
        "count of patients with precisely 2 imaging studies in total",
        "count",
        len(_per_patient(ALL, lambda n: n == 2)),
    )
    yield _q(
        f,
        "exams where just one nodule was seen, exactly one",
        "study",
        sids(_n_nods(lambda n: n == 1)),
    )
    yield _q(
        f,
        "findings of every type across the 2024 screening ldcts - total count",
        "count",
        sum(len(fo(s)) for s in studies() if ldct(s) and in_year(2024)(s)),
    )
    yield _q(
        f,
        "anyone with at least two plain chest films (xr chest)",
        "patient",
        _per_patient(cxr, lambda n: n >= 2),
    )
    yield _q(
        f,
        "low dose cts with exatcly two ground glass nodules",
        "study",
        sids(ldct, _n_nods(lambda n: n == 2, att("ground-glass"))),
    )


def set_logic(rng: random.Random) -> Rows:
    f = "set_logic"
    ggn, solid = nod(att("ground-glass")), nod(att("solid"))
    yield _q(
        f,
        "which patients have had, at one time or another, a ground-glass nodule"
        " and also a spiculated nodule",
        "patient",
        history(each_on_some(ggn, nod(margin("spiculated")))),
    )
    yield _q(
        f,
        "pts who have had ground glass nods but not once a solid nodule",
        "patient",
        history(some_but_never(ggn, solid)),
    )
    yield _q(
        f,
        "list everyone in the cohort with no nodule on any of their studies, ever",
        "patient",
        _never(nod()),
    )
    yield _q(
        f,
        "patients screened with an ldct during 2023 who came back for another ldct in 2025",
        "patient",
        history(each_on_some(both_(ldct, in_year(2023)), both_(ldct, in_year(2025)))),
    )
    yield _q(
        f,
        "patients who had either a lung mass or a pneumothorax at any point",
        "patient",
        pids(lambda s: kind("mass")(s) or kind("pneumothorax")(s)),
    )
    yield _q(
        f,
        "which patients have an emphysema report on file but have not once had a nodule on imaging",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield _q(
        f,
        "patients who have never once been through the CT01 scaner",
        "patient",
        _never(at_station("CT01")),
    )
    yield _q(
        f,
        "women who never had a calcified nodule",
        "patient",
        history(lambda mine: sex_is("F")(mine[0]) and not any(map(nod(calcified), mine))),
    )
    yield _q(
        f,
        "patients with spiculated nodules over 10 mm, excluding anyone who ever had a mass",
        "patient",
        history(some_but_never(nod(margin("spiculated"), gt("diameter_mm", 10)), kind("mass"))),
    )
    yield _q(
        f,
        "patients with nodules in both the RUL and the LLL (same or different scans)",
        "patient",
        history(each_on_some(nod(in_lobe("RUL")), nod(in_lobe("LLL")))),
    )
    yield _q(
        f,
        "patients where one single exam showed a part-solid nodule"
        " together with a ground glass nodule",
        "patient",
        pids(nod(att("part-solid")), ggn),
    )
    yield _q(
        f,
        "patients that reached lr 4B at some stage yet never had an lr 4X exam",
        "patient",
        history(some_but_never(cat_in("4B"), cat_in("4X"))),
    )
    yield _q(
        f,
        "which patients had both a contrast-enhanced chest CT and a CT pulmonary angiogarm",
        "patient",
        history(each_on_some(with_contrast, cta)),
    )
    yield _q(
        f,
        "patients whose every ldct was lung-rads 1 or 2",
        "patient",
        history(
            lambda mine: (
                any(map(ldct, mine)) and all(category(s) in ("1", "2") for s in mine if ldct(s))
            )
        ),
    )
    yield _q(
        f,
        "patietns with a solid nodule in the RML and never one in the RUL",
        "patient",
        history(some_but_never(nod(att("solid"), in_lobe("RML")), nod(in_lobe("RUL")))),
    )
    yield _q(
        f,
        "patients who underwent a CT CHEST W/O CONTRAST study"
        " as well as a CT CHEST W CONTRAST study",
        "patient",
        history(each_on_some(non_contrast_chest, with_contrast)),
    )


def lung_rads(rng: random.Random) -> Rows:
    f = "lung_rads"
    yield _q(
        f,
        "lung-rads 4B screening cts in 2025",
        "study",
        sids(ldct, in_year(2025), cat_in("4B")),
    )
    yield _q(
        f,
        "for clinic: patients whose lung-rads peaked at category 3 and never went above it",
        "patient",
        history(lambda mine: highest(mine) == "3"),
    )
    yield _q(
        f,
        "2026 screening ldcts broken down by lung-rads category, counts please",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2026)(s)], category),
    )
    yield _q(
        f,
        "pts bumped straight from a lung-rads 2 exam to 4A on the next one",
        "patient",
        pids(went_from("2", ("4A",))),
    )
    yield _q(
        f,
        "low-dose cts whose lung-rads category was higher"
        " than on that patient's previous graded study",
        "study",
        sids(ldct, went(1)),
    )
    yield _q(
        f,
        "Q1 2024: number of low dose screening cts scored lung-rads 3 or worse",
        "count",
        count(ldct, quarter(2024, 1), cat_in("3", *LR4)),
    )
    yield _q(
        f,
        "whose latest low dose ct came out lung-rads 4X? patient list for the nodule clinic",
        "patient",
        history(
            lambda mine: any(map(ldct, mine)) and category([s for s in mine if ldct(s)][-1]) == "4X"
        ),
    )
    yield _q(
        f,
        "lung rads 1 exams at ct02 in 2023",
        "study",
        sids(cat_in("1"), at_station("CT02"), in_year(2023)),
    )
    yield _q(f, "which patients were ever lung-rads 4?", "patient", pids(cat_in(*LR4)))
    for y, cat in ((2024, "2"), (2023, "2")):
        rows = [s for s in studies() if ldct(s) and in_year(y)(s)]
        share = _share(sum(1 for s in rows if category(s) == cat), len(rows))
        if share is not None:
            yield _q(
                f,
                f"of all the {y} screening scans, what percentage were category {cat} on lung-rads",
                "value",
                share,
            )
            break
    else:
        LEFT_OUT.append("percentage of 2024 ldcts that were lung-rads 2")
    yield _q(
        f,
        "patients whose very first screening ldct (the baseline) was scored lung-rads 3",
        "patient",
        history(
            lambda mine: any(map(ldct, mine)) and category(next(s for s in mine if ldct(s))) == "3"
        ),
    )
    yield _q(
        f,
        "studies upgraded from 2 to 3",
        "study",
        sids(went_from("2", ("3",))),
    )
    yield _q(
        f,
        "lr 4x exams - split by scanner station",
        "groups",
        _groups([s for s in studies() if category(s) == "4X"], lambda s: s["station"]),
    )
    yield _q(
        f,
        "people who have only ever been lung-rads 1 on every graded exam",
        "patient",
        history(lambda mine: highest(mine) == "1"),
    )
    screened = set(pids(ldct))
    late = ("1", "2", "3", "4A")
    yield from ask(
        f,
        "Good morning - which screening patients are overdue for their next low-dose CT?"
        " Many thanks, screening office",
        "patient",
        sorted(p for p in _overdue(late, INTERVAL, True, chest_ct) if p in screened),
        sorted(p for p in _overdue(late, INTERVAL, False, chest_ct) if p in screened),
        _overdue(late, INTERVAL, True, ldct),
    )
    yield from ask(
        f,
        "screening patients whose latest ldct was lung-rads 4A"
        " and whose 3-month follow-up scan is now overdue",
        "patient",
        sorted(p for p in _overdue(("4A",), INTERVAL, True, chest_ct) if p in screened),
        sorted(p for p in _overdue(("4A",), INTERVAL, False, chest_ct) if p in screened),
        _overdue(("4A",), INTERVAL, True, ldct),
    )
    yield _q(
        f,
        "how many lung-rads catagory 4X ldcts were read at ct01",
        "count",
        count(ldct, cat_in("4X"), at_station("CT01")),
    )
    yield _q(
        f,
        "lung-rads mix for CT01 screening exams in Q3 2025 (count per category)",
        "groups",
        _groups(
            [s for s in studies() if ldct(s) and at_station("CT01")(s) and quarter(2025, 3)(s)],
            category,
        ),
    )


def rankings(rng: random.Random) -> Rows:
    f = "rankings"

    def finding_rank(question: str, rows: list[Row], key: Callable[[Row], Any], n: int) -> Rows:
        got = _ranked(rows, key, "finding_id", n)
        if got is None or ("{n}" not in question and got[0] != n):
            LEFT_OUT.append(question.format(n=n))
            return
        yield _q(f, question.format(n=got[0]), "finding", got[1])

    d = "diameter_mm"
    yield from finding_rank(
        "top {n} nodule findings by diameter across the database", _nod_rows(), lambda x: -x[d], 5
    )
    counts = {p["patient_id"]: 0 for p in pats()}
    for x in _nod_rows():
        counts[study_of(x)["patient_id"]] += 1
    got = _ranked(_patient_rows(lambda p: counts[p]), lambda r: r["k"], "patient_id", 3)
    if got is not None:
        yield _q(
            f,
            f"which {got[0]} patients carry the highest nodule burden (most nodules in total)",
            "patient",
            got[1],
        )
    people = [{"patient_id": p["patient_id"], "k": p["birth_date"]} for p in pats()]
    got = _ranked(people, lambda r: r["k"], "patient_id", 4)
    if got is not None:
        yield _q(f, f"the {got[0]} patients born earliest in the registry", "patient", got[1])
    rows = [s for s in studies() if head_ct(s)]
    got = _ranked(rows, lambda s: -_by_day(s), "study_uid", 3)
    if got is not None:
        yield _q(f, f"last {got[0]} head ct exams acquired (newest first)", "study", got[1])
    yield from finding_rank(
        "the {n} least dense ground-glass nodules by mean hu",
        _nod_rows(att("ground-glass")),
        lambda x: x["mean_hu"],
        3,
    )
    yield from finding_rank(
        "the {n} most confident pneumothorax findings",
        _kind_rows("pneumothorax"),
        lambda x: -x["confidence"],
        4,
    )
    yield from finding_rank(
        "which {n} masses have the greatest volume in mm3",
        _kind_rows("mass"),
        lambda x: -x["volume_mm3"],
        3,
    )
    women = [
        {"patient_id": p["patient_id"], "k": -dt.date.fromisoformat(p["birth_date"]).toordinal()}
        for p in pats()
        if p["sex"] == "F"
    ]
    got = _ranked(women, lambda r: r["k"], "patient_id", 5)
    if got is not None:
        yield _q(f, f"the {got[0]} youngest female patients on file", "patient", got[1])
    yield from finding_rank(
        "biggest solid cores among our part-solid nodules - give me the top {n} findings",
        _nod_rows(att("part-solid")),
        lambda x: -x["solid_component_mm"],
        4,
    )
    rows = [s for s in studies() if cta(s)]
    got = _ranked(rows, _by_day, "study_uid", 3)
    if got is not None:
        yield _q(f, f"the earliest {got[0]} ct angios", "study", got[1])
    spic = {p["patient_id"]: 0 for p in pats()}
    for x in _nod_rows(margin("spiculated")):
        spic[study_of(x)["patient_id"]] += 1
    got = _ranked(_patient_rows(lambda p: spic[p]), lambda r: r["k"], "patient_id", 1)
    if got is not None:
        yield _q(
            f,
            "who has accumulated the most spiculated nodules accross all their scans"
            if got[0] == 1
            else f"which {got[0]} patients have accumulated the most spiculated nodules"
            " accross all their scans",
            "patient",
            got[1],
        )
    yield from finding_rank(
        "which {n} nodule findings have the greatest long-axis length",
        _nod_rows(),
        lambda x: -x["long_axis_mm"],
        5,
    )
    yield from finding_rank(
        "the {n} tiniest calcified nodules by diamter", _nod_rows(calcified), lambda x: x[d], 4
    )
    ggns = {p["patient_id"]: 0 for p in pats()}
    for x in _nod_rows(att("ground-glass")):
        ggns[study_of(x)["patient_id"]] += 1
    got = _ranked(_patient_rows(lambda p: ggns[p]), lambda r: r["k"], "patient_id", 3)
    if got is not None:
        yield _q(f, f"{got[0]} pts w the highest ggn count overall", "patient", got[1])
    yield from finding_rank(
        "the least confident mass", _kind_rows("mass"), lambda x: x["confidence"], 1
    )
    yield from finding_rank(
        "{n} psns that are the densest on hu",
        _nod_rows(att("part-solid")),
        lambda x: -x["mean_hu"],
        3,
    )
    rows = [s for s in studies() if ldct(s) and at_station("CT01")(s)]
    got = _ranked(rows, lambda s: -_by_day(s), "study_uid", 3)
    if got is not None:
        yield _q(f, f"most recent {got[0]} screening cts acquired on CT01", "study", got[1])
    yield from finding_rank(
        "{n} biggest nodules in the rigth middle lobe",
        _nod_rows(in_lobe("RML")),
        lambda x: -x[d],
        3,
    )


def stats(rng: random.Random) -> Rows:
    f = "stats"

    def first_share(*candidates: tuple[str, int, int]) -> Rows:
        for question, part, whole in candidates:
            share = _share(part, whole)
            if share is not None:
                yield _q(f, question, "value", share)
                return
        LEFT_OUT.append(candidates[0][0])

    yield _q(
        f,
        "what's the mean diameter across all nodules in the cohort, mm",
        "value",
        _mean_field(_nod_rows(), "diameter_mm"),
    )
    yield _q(
        f,
        "ggn volumes: median, expressed in cc",
        "value",
        _median_field(_nod_rows(att("ground-glass")), "volume_mm3", 1000),
    )
    yield _q(
        f,
        "mean attenuation in HU across all part solid nodules",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "mean_hu"),
    )
    yield _q(
        f,
        "on average how confident was the detector on pneumothoraces",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield _q(
        f,
        "median long axis across spiculated nods, reported in cm",
        "value",
        _median_field(_nod_rows(margin("spiculated")), "long_axis_mm", 10),
    )
    screens = [s for s in studies() if ldct(s)]
    yield _q(
        f,
        "on a typical low-dose screening ct, how many nodules do we see on avergae",
        "value",
        sum(len(nods(s)) for s in screens) / len(screens),
    )
    yield from first_share(
        *(
            (
                f"share of all nodule findings located in the {lobe}, as a percent",
                len(_nod_rows(in_lobe(lobe))),
                len(_nod_rows()),
            )
            for lobe in ("RUL", "LLL", "RML", "LUL", "RLL")
        )
    )
    yield from first_share(
        *(
            (
                f"of the exams done in {y}, what percentage were done on DX01",
                count(in_year(y), at_station("DX01")),
                count(in_year(y)),
            )
            for y in (2025, 2024, 2023, 2026)
        )
    )
    yield _q(
        f,
        "how many imaging studies does the average patient have",
        "value",
        len(studies()) / len(pats()),
    )
    yield _q(
        f,
        "Mean size of the solid core in our part-solid nodules, mm",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    yield from first_share(
        *(
            (
                f"among {y} screening cts, what proportion came back lung-rads 1 (percent)",
                count(ldct, in_year(y), cat_in("1")),
                count(ldct, in_year(y)),
            )
            for y in (2023, 2025, 2026)
        )
    )
    yield _q(
        f,
        "median nodule diameter on ct01 scans",
        "value",
        _median_field(_nod_rows(where=at_station("CT01")), "diameter_mm"),
    )
    yield from first_share(
        *(
            (
                f"of the {a} nodules, what percent are smoothly marginated",
                len(_nod_rows(att(a), margin("smooth"))),
                len(_nod_rows(att(a))),
            )
            for a in ("solid", "part-solid", "ground-glass")
        )
    )
    yield _q(
        f,
        "solid nods larger than 10 mm - average volume (mm3)",
        "value",
        _mean_field(_nod_rows(att("solid"), gt("diameter_mm", 10)), "volume_mm3"),
    )
    yield _q(
        f,
        "data pull - median confidence for lobulated nodules",
        "value",
        _median_field(_nod_rows(margin("lobulated")), "confidence"),
    )
    yield _q(
        f,
        "averge attenuation of calcified nodules in hu",
        "value",
        _mean_field(_nod_rows(calcified), "mean_hu"),
    )


def reports(rng: random.Random) -> Rows:
    f = "reports"
    emph, lad, cac = says("emphysema"), says("lymphadenopathy"), says("coronary")
    yield _q(f, "which exams have emphysema described in the report", "study", sids(emph))
    yield _q(
        f,
        "exams whose report states there is no lymphadenopthy",
        "study",
        sids(denies("lymphadenopathy")),
    )
    yield _q(
        f,
        "which patients have had coronary artery calcification called on any report",
        "patient",
        pids(cac),
    )
    yield _q(f, "screening ldcts where emphysema is not reported", "study", sids(ldct, neg(emph)))
    yield _q(
        f,
        "female pts with lymphadenopathy noted in a radiology report",
        "patient",
        pids(sex_is("F"), lad),
    )
    yield _q(
        f,
        "studies where imaging found a spiculated nodule and the radiologist also called emphysema",
        "study",
        sids(emph, nod(margin("spiculated"))),
    )
    yield _q(
        f,
        "number of reports explicitly negative for emphysema",
        "count",
        count(denies("emphysema")),
    )
    yield _q(
        f,
        "patients for whom emphysema has never come up in any report",
        "patient",
        _never(emph),
    )
    yield _q(
        f,
        "coronary calcification on 2025 chest cts",
        "study",
        sids(cac, chest_ct, in_year(2025)),
    )
    yield _q(
        f,
        "reports describing either emphysema or lymphadenopathy - which studies",
        "study",
        sids(lambda s: emph(s) or lad(s)),
    )
    yield _q(
        f,
        "pts with emphysema on a report and a ground glass nodule on the same study",
        "patient",
        pids(emph, nod(att("ground-glass"))),
    )
    yield _q(
        f,
        "reports positive for coronary artery calcification and negative for emphysema",
        "study",
        sids(cac, denies("emphysema")),
    )
    yield _q(
        f,
        "screening cts reporting enlarged mediastinal lymph nodes",
        "study",
        sids(ldct, lad),
    )
    yield _q(
        f,
        "number of patients with emphysma on any report",
        "count",
        len(pids(emph)),
    )
    yield from ask(
        f,
        "men over 70 whose report says emphysema",
        "patient",
        *aged(sex_is("M"), lambda s: ref.age(s) > 70, emph),
    )
    yield _q(
        f,
        "ct angio reports that state no lymphadenopathy",
        "study",
        sids(cta, denies("lymphadenopathy")),
    )


def growth(rng: random.Random) -> Rows:
    f = "growth"
    grow = grew_readings()
    yield from ask(
        f,
        "scans on which a nodule had grown since the patient's previous study",
        "study",
        *(sids(fstudy(g)) for g in grow),
    )
    yield from ask(
        f,
        "who has a nodule that enlarged more than 3 mm from one scan to the next",
        "patient",
        *(pids(fstudy(g)) for g in grew_readings(3.0)),
    )
    yield from ask(
        f,
        "which 2024 scans had a nodule that was not there on the patient's earlier imaging",
        "study",
        *(sids(in_year(2024), fstudy(new(m))) for m in (False, True)),
    )
    yield from ask(
        f,
        "left upper lobe nodules that stayed stabel vs the prior study",
        "study",
        *(sids(fstudy(stable(r, m), in_lobe("LUL"))) for r in (False, True) for m in (False, True)),
    )
    clinic = _clinic_pool()
    grown_pts = [p for p in clinic if _findings_of(p, ALL, grow[0])]
    p1 = pick(rng, grown_pts)
    yield from ask(
        f,
        f"which of {p1}'s nodule findings grew since the previous scan",
        "finding",
        *(_findings_of(p1, ALL, g) for g in grow),
        *(fids(g, where=_of(p1)) for g in grow),
    )
    yield from ask(
        f,
        "how many nodule findings (not masses) show growth over 1.5 mm",
        "count",
        *(len(_nod_rows(g)) for g in grow),
    )
    new_latest = [p for p in clinic if any(new(False)(x) for x in nods(_mine(p, ldct)[-1]))]
    p2 = pick(rng, new_latest)
    yield from ask(
        f,
        f"new nodule findings on {p2}'s latest ldct",
        "finding",
        *(
            sorted(x["finding_id"] for x in fo(_mine(p2, ldct)[-1]) if new(m)(x))
            for m in (False, True)
        ),
    )
    yield from ask(
        f,
        "female patients whose solid nodule got bigger bewteen scans",
        "patient",
        *(pids(sex_is("F"), fstudy(g, att("solid"))) for g in grow),
    )
    yield from ask(
        f,
        "scans with a brand new lobulated nodule",
        "study",
        *(sids(fstudy(new(m), margin("lobulated"))) for m in (False, True)),
    )
    yield from ask(
        f,
        "how many patients have stable nodules in the right lung",
        "count",
        *(
            len(pids(fstudy(stable(r, m), in_lobe(*RIGHT))))
            for r in (False, True)
            for m in (False, True)
        ),
    )
    yield from ask(
        f,
        "ground-glass nodules with 2 mm or more of interval growth (which studies)",
        "study",
        *(sids(fstudy(g, att("ground-glass"))) for g in grew_readings(2.0, True)),
    )
    yield from ask(
        f,
        "patients none of whose nodules ever grew (including those with no nodules)",
        "patient",
        *(_never(fstudy(g)) for g in grow),
    )
    yield from ask(
        f,
        "2024 exams on the CT02 scanner with a new nodule",
        "study",
        *(sids(at_station("CT02"), in_year(2024), fstudy(new(m))) for m in (False, True)),
    )
    yield from ask(
        f,
        "growing nodules, masses excluded, counted by lobe",
        "groups",
        *(_groups(_nod_rows(g), lambda x: x["lobe"]) for g in grow),
    )
    yield from ask(
        f,
        "part solid nodules unchanged in size from the previous exam - which scans",
        "study",
        *(
            sids(fstudy(stable(r, m), att("part-solid")))
            for r in (False, True)
            for m in (False, True)
        ),
    )
    stable_pts = [p for p in clinic if _findings_of(p, ALL, stable(False, False))]
    p3 = pick(rng, [p for p in stable_pts if p not in (p1, p2)])
    yield from ask(
        f,
        f"{p3} - which nodules were unchanged compared with the prior? list the findings",
        "finding",
        *(_findings_of(p3, ALL, stable(r, m)) for r in (False, True) for m in (False, True)),
    )
    yield from ask(
        f,
        "pateints with a new nodule on a ct02 ldct",
        "patient",
        *(pids(ldct, at_station("CT02"), fstudy(new(m))) for m in (False, True)),
    )


def people(rng: random.Random) -> Rows:
    f = "demographics"
    yield from ask(
        f,
        "women over 70 with a screening ct",
        "patient",
        *aged(sex_is("F"), lambda s: ref.age(s) > 70, ldct),
    )
    yield from ask(
        f,
        "male patients 55 to 65 years old with a spiculated nodule",
        "patient",
        *aged(sex_is("M"), lambda s: 55 <= ref.age(s) <= 65, nod(margin("spiculated"))),
    )
    yield from ask(
        f,
        "anyone in their eighties with a psn",
        "patient",
        *aged(lambda s: 80 <= ref.age(s) <= 89, nod(att("part-solid"))),
    )
    yield _q(f, "total men in the registery?", "count", sum(p["sex"] == "M" for p in pats()))
    yield _q(f, "patient count by sex", "groups", _groups(pats(), lambda p: p["sex"]))
    yield _q(
        f,
        "ldcts in women versus ldcts in men - how mnay each",
        "groups",
        _groups([s for s in studies() if ldct(s) and ref.sex(s) in "FM"], ref.sex),
    )
    yield from ask(
        f,
        "head ct done in a patient younger than 45 - which patients",
        "patient",
        *aged(lambda s: ref.age(s) < 45, head_ct),
    )
    yield _q(
        f,
        "pts with gender coded O (neither male nor female)",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        f,
        "patients aged 80-89 who were imaged during 2026",
        "patient",
        *aged(lambda s: 80 <= ref.age(s) <= 89, in_year(2026)),
    )
    yield _q(
        f,
        "ldcts in women 60 or older",
        "study",
        sids(ldct, sex_is("F"), lambda s: ref.age(s) >= 60),
    )
    yield _q(
        f,
        "number of female patients with at least one chest radiograph",
        "count",
        len(pids(sex_is("F"), cxr)),
    )
    yield _q(
        f,
        "men who were under 50 at the time of a scan that showed a nodule",
        "patient",
        pids(sex_is("M"), lambda s: ref.age(s) < 50, nod()),
    )
    born60 = set(born("1960-01-01", "1960-12-31"))
    yield _q(
        f,
        "patients born in 1960 with lung-rads 4 on a scan",
        "patient",
        sorted(p for p in pids(cat_in(*LR4)) if p in born60),
    )
    yield from ask(
        f,
        "female patients betwen 50 and 60 with a ct angiogram",
        "patient",
        *aged(sex_is("F"), lambda s: 50 <= ref.age(s) <= 60, cta),
    )
    yield _q(
        f,
        "Hello, how many of our patients are women? Kind regards, Dr P",
        "count",
        sum(p["sex"] == "F" for p in pats()),
    )
    yield _q(
        f,
        "patients who had a ct angio, split by sex",
        "groups",
        _groups([ref.cohort()[0][p] for p in pids(cta)], lambda p: p["sex"]),
    )
    yield from ask(
        f,
        "count of male patients older than 75 with a calcified nodule",
        "count",
        *(len(x) for x in aged(sex_is("M"), lambda s: ref.age(s) > 75, nod(calcified))),
    )


def modality(rng: random.Random) -> Rows:
    f = "modality"
    yield _q(
        f,
        "exam volume by acquisition station, whole archive",
        "groups",
        _groups(studies(), lambda s: s["station"]),
    )
    yield _q(f, "ct angios done at CT01", "study", sids(cta, at_station("CT01")))
    yield _q(f, "how many chest x-rays were taken in 2025", "count", count(cxr, in_year(2025)))
    yield _q(
        f,
        "head ct throughput split across the CT rooms (per station)",
        "groups",
        _groups([s for s in studies() if head_ct(s)], lambda s: s["station"]),
    )
    yield _q(
        f,
        "unenhanced chest cts (description CT CHEST W/O CONTRAST) with one or more nodules",
        "study",
        sids(non_contrast_chest, nod()),
    )
    yield _q(f, "DX01 exams in q3 2024", "study", sids(at_station("DX01"), quarter(2024, 3)))
    yield _q(
        f,
        "modality split: CT versus DX exam numbers",
        "groups",
        _groups(studies(), lambda s: s["modality"]),
    )
    yield _q(
        f,
        "ct pulmonary angiograms that showed a pneumothorax",
        "study",
        sids(cta, kind("pneumothorax")),
    )
    yield _q(
        f,
        "how many contrast enhanced chest cts were done at ct02",
        "count",
        count(with_contrast, at_station("CT02")),
    )
    yield _q(
        f,
        "chest vs head: exam counts by body part",
        "groups",
        _groups(studies(), lambda s: s["body_part"]),
    )
    yield _q(
        f,
        "2025 screening ldct volume, CT01 against CT02",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2025)(s)], lambda s: s["station"]),
    )
    yield _q(
        f,
        "2026 studies by description",
        "groups",
        _groups([s for s in studies() if in_year(2026)(s)], lambda s: s["description"]),
    )
    yield _q(
        f,
        "brain cts positive for an intracranial bleed",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(
        f,
        "plain chest x-ray exams where a pneumothroax was detected",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield _q(
        f,
        "Hi all, quick one: how many ldcts did ct02 do in march 2026? Thanks, Sam (radiology ops)",
        "count",
        count(ldct, at_station("CT02"), dated("2026-03-01", "2026-03-31")),
    )
    yield _q(
        f,
        "pleural efusion seen on a chest ct done with iv contrast - which exams",
        "study",
        sids(with_contrast, kind("pleural_effusion")),
    )
    yield _q(
        f,
        "cta chest pe studies with consolidation in 2024",
        "study",
        sids(cta, kind("consolidation"), in_year(2024)),
    )
    yield _q(
        f,
        "2024 CTPA workload per scanner",
        "groups",
        _groups([s for s in studies() if cta(s) and in_year(2024)(s)], lambda s: s["station"]),
    )


def lobes(rng: random.Random) -> Rows:
    f = "lobes"
    yield _q(f, "any nodules in the middle lobe? which exams", "study", sids(nod(in_lobe("RML"))))
    yield _q(
        f,
        "LUL nodule bigger than 8 mm - list the studies",
        "study",
        sids(nod(in_lobe("LUL"), gt("diameter_mm", 8))),
    )
    yield _q(
        f,
        "how many nodules does each of the five lobes hold",
        "groups",
        _groups(_nod_rows(), lambda x: x["lobe"]),
    )
    yield _q(
        f,
        "right upper lobe against left lower lobe: number of nodules in each",
        "groups",
        _groups(_nod_rows(in_lobe("RUL", "LLL")), lambda x: x["lobe"]),
    )
    yield _q(
        f,
        "pts with bilateral nodules (left and rihgt lung on the same exam)",
        "patient",
        pids(nod(in_lobe(*LEFT)), nod(in_lobe(*RIGHT))),
    )
    yield _q(f, "ggo in the rll - studies", "study", sids(nod(in_lobe("RLL"), att("ground-glass"))))
    yield _q(
        f,
        "left-sided nodule total (LUL + LLL)",
        "count",
        len(_nod_rows(in_lobe(*LEFT))),
    )

    def only_rml(s: Row) -> bool:
        mine = nods(s)
        return bool(mine) and all(x["lobe"] == "RML" for x in mine)

    yield _q(
        f,
        "screening scans with nodules confined to the right middle lobe and nowhere esle",
        "study",
        sids(ldct, only_rml),
    )
    yield _q(
        f,
        "spiculted nods in the RUL or LUL",
        "study",
        sids(nod(margin("spiculated"), in_lobe("RUL", "LUL"))),
    )
    yield _q(
        f,
        "middle lobe part-solid nodules over 6mm",
        "study",
        sids(nod(in_lobe("RML"), att("part-solid"), gt("diameter_mm", 6))),
    )
    yield _q(
        f,
        "LUL versus LLL nodules on 2025 screening scans - counts",
        "groups",
        _groups(_nod_rows(in_lobe(*LEFT), where=both_(ldct, in_year(2025))), lambda x: x["lobe"]),
    )
    yield _q(
        f,
        "exams where one nodule sat in the LLL and a second one in the RUL",
        "study",
        sids(nod(in_lobe("LLL")), nod(in_lobe("RUL"))),
    )
    yield _q(
        f,
        "solid nodule findings right upper lobe",
        "finding",
        _nod_ids(att("solid"), in_lobe("RUL")),
    )
    yield _q(
        f,
        "calcified nodules in the left lower lobe, how many patients",
        "count",
        len(pids(nod(calcified, in_lobe("LLL")))),
    )
    yield _q(
        f,
        "lobulated nodules in the rigth upper lobe under 5 mm",
        "study",
        sids(nod(margin("lobulated"), in_lobe("RUL"), lt("diameter_mm", 5))),
    )
    yield _q(
        f,
        "in the right upper lobe, ggn versus part-solid nodule numbers",
        "groups",
        _groups(
            _nod_rows(in_lobe("RUL"), lambda x: x["attenuation"] in ("ground-glass", "part-solid")),
            lambda x: x["attenuation"],
        ),
    )


def features(rng: random.Random) -> Rows:
    f = "features"
    d = "diameter_mm"
    yield _q(f, "which exmas show a calcified nodule", "study", sids(nod(calcified)))
    yield _q(
        f,
        "non-calcified spiculated nodules over 12 mm",
        "study",
        sids(nod(uncalcified, margin("spiculated"), gt(d, 12))),
    )
    yield _q(
        f,
        "ground-glass nodules with a lobulated border - studies",
        "study",
        sids(nod(margin("lobulated"), att("ground-glass"))),
    )
    yield _q(
        f,
        "each non-solid (part-solid or ground-glass) nodule above 15 mm, one row per finding",
        "finding",
        _nod_ids(subsolid, gt(d, 15)),
    )
    yield _q(
        f,
        "solid / part-solid / ground-glass: how many nodules of each",
        "groups",
        _groups(_nod_rows(), lambda x: x["attenuation"]),
    )
    yield _q(
        f,
        "for solid nods only, tally by margin type",
        "groups",
        _groups(_nod_rows(att("solid")), lambda x: x["margin"]),
    )
    yield _q(
        f,
        "solid smooth-edged nods sub 4mm, exams",
        "study",
        sids(nod(margin("smooth"), att("solid"), lt(d, 4))),
    )
    yield _q(
        f,
        "tally of calcified nodule findings across every scan",
        "count",
        len(_nod_rows(calcified)),
    )
    yield _q(
        f,
        "pure ggns over 2 cm in size",
        "study",
        sids(nod(att("ground-glass"), gt(d, 20))),
    )
    yield _q(
        f,
        "how do spiculated nodules compare in number with smooth-margined ones",
        "groups",
        _groups(
            _nod_rows(lambda x: x["margin"] in ("spiculated", "smooth")), lambda x: x["margin"]
        ),
    )
    yield _q(
        f,
        "part-solid nodules with smooth margins",
        "study",
        sids(nod(att("part-solid"), margin("smooth"))),
    )
    yield _q(
        f,
        "list every part solid nodule with a spiculated margin, individually",
        "finding",
        _nod_ids(margin("spiculated"), att("part-solid")),
    )
    yield _q(
        f,
        "uncalcified ggns on ct01",
        "study",
        sids(at_station("CT01"), nod(uncalcified, att("ground-glass"))),
    )
    yield _q(
        f,
        "each lobulated solid nodule from 6 up to 8 mm inclusve",
        "finding",
        _nod_ids(margin("lobulated"), att("solid"), within(d, 6, 8)),
    )
    yield _q(
        f,
        "how many spiculated nodules are in women",
        "count",
        len(_nod_rows(margin("spiculated"), where=sex_is("F"))),
    )
    yield _q(
        f,
        "patients with a calcifed solid nodule over 10 mm",
        "patient",
        pids(nod(calcified, att("solid"), gt(d, 10))),
    )
    yield _q(
        f,
        "how many findings of each type are there (nodule, mass, effusion and so on)",
        "groups",
        _groups(findings(), lambda x: x["kind"]),
    )
    yield _q(
        f,
        "margin type tally for nodules found in female patients",
        "groups",
        _groups(_nod_rows(where=sex_is("F")), lambda x: x["margin"]),
    )


def intervals(rng: random.Random) -> Rows:
    f = "intervals"
    clinic = _clinic_pool()
    p1 = pick(rng, clinic)
    yield _q(
        f,
        f"{p1} imaging history span in days (first exam through latest exam)",
        "value",
        float(_span_days(p1, ALL) or 0),
    )
    p2 = pick(rng, [p for p in clinic if p != p1])
    yield _q(
        f,
        f"months from the first to the latest ldct for {p2}",
        "value",
        (_span_days(p2, ldct) or 0) / 30.4375,
    )
    yield _q(
        f,
        "mean number of days from one screening ldct to the patient's next one",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(ldct)]),
    )
    yield _q(
        f,
        "typical spacing between a patient's back to back exams - median days",
        "value",
        median_of([float(g) for g in _consecutive_gaps(ALL)]),
    )
    yield from ask(
        f,
        "patients followed for more than two and a half years",
        "patient",
        _followed(30, False),
        _followed_days(912, False),
        _followed_days(913, False),
    )
    p3 = pick(rng, [p for p in clinic if p not in (p1, p2)])
    a, b = own(p3)[0], own(p3)[-1]
    yield _q(
        f,
        f"days between accession {a['accession']} and {b['accession']}",
        "value",
        float(days_between(a["study_date"], b["study_date"])),
    )
    p4 = pick(rng, [p for p in clinic if p not in (p1, p2, p3)])
    yield _q(
        f,
        f"how many years of imaging follow-up does {p4} have (first scan to last)",
        "value",
        (_span_days(p4, ALL) or 0) / 365.25,
    )
    yield from ask(
        f,
        "patients whose first and last ldct are at least 30 months apart",
        "patient",
        _followed(30, True, ldct),
        _followed_days(913, True, ldct),
        _followed_days(914, True, ldct),
    )
    yield _q(
        f,
        "the maximum number of days any patient waited between one exam and their next",
        "value",
        float(max(_consecutive_gaps(ALL))),
    )
    yield _q(
        f,
        "patients with an ldct followed by another ldct within 11 months",
        "patient",
        pids(_rescanned(ldct, 11, ldct)),
    )
    spans = [d for p in pats() if (d := _span_days(p["patient_id"], ALL)) is not None and d > 0]
    yield _q(
        f,
        "mean length of follow-up in months, earliest to lastest study per patient",
        "value",
        mean_of([x / 30.4375 for x in spans]),
    )
    p5 = pick(rng, [p for p in clinic if p not in (p1, p2, p3, p4)])
    yield _q(
        f,
        f"days separating {p5}'s baseline ldct from their newest ldct",
        "value",
        float(_span_days(p5, ldct) or 0),
    )
    lspans = [d for p in pats() if (d := _span_days(p["patient_id"], ldct)) is not None and d > 0]
    yield _q(
        f,
        "across screening patients, median months between the first and the last ldct",
        "value",
        median_of([x / 30.4375 for x in lspans]),
    )
    p6 = pick(rng, [p for p in clinic if p not in (p1, p2, p3, p4, p5)])
    yield _q(
        f,
        f"interval in days between {p6}'s prior scan and the latest one",
        "value",
        float(days_between(own(p6)[-2]["study_date"], own(p6)[-1]["study_date"])),
    )
    yield _q(
        f,
        "mean gap in months between consecutive low dose cts",
        "value",
        mean_of([g / 30.4375 for g in _consecutive_gaps(ldct)]),
    )


FAMILIES = (
    identifiers,
    dates,
    numbers,
    counts,
    set_logic,
    lung_rads,
    rankings,
    stats,
    reports,
    growth,
    people,
    modality,
    lobes,
    features,
    intervals,
)


def bank() -> list[Item]:
    """Every question of the part, in family order (a repeated question is refused)."""
    rng = random.Random(SEED)
    LEFT_OUT.clear()
    out: list[Item] = []
    seen: set[str] = set()
    for family in FAMILIES:
        for item in family(rng):
            if item.question in seen:
                raise ValueError(f"repeated question: {item.question}")
            seen.add(item.question)
            out.append(item)
    return out


if __name__ == "__main__":
    built = bank()
    print(f"{PART}: {len(built)} questions")
    for name, n in sorted(Counter(i.family for i in built).items()):
        print(f"  {name}: {n}")
    print(f"LEFT_OUT ({len(LEFT_OUT)}): {LEFT_OUT}")
    empty = [i.question for i in built if i.expected in ([], 0, None)]
    print(f"empty answers ({len(empty)}): {empty}")
