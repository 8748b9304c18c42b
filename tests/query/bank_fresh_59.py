"""Held-out part 59 of the question bank: cohort questions typed as new people type them.

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
and none is to be changed to suit it afterwards. Their texts were compared with
``dev_queries.jsonl``, with parts 22 to 55 (loaded through their ``bank()``, never read), with
``question_bank.ungated_bank()`` and with parts 56, 57 and 58 from their branches by a throwaway
script that printed only this part's matches (word for word after lower-casing and dropping
punctuation, or a word overlap of 75 % or more of the longer question): 78 matched (13 word for
word) and were reworded, 10 rewordings matched again, then 1, and were reworded again; when
parts 57 and 58 appeared, 7 more matched (1 word for word) and were reworded.
``question_bank.bank()`` takes long to build on the shared, loaded machine, so its questions
were first compared through every string literal of ``question_bank.py`` and of every
``bank_*.py`` module (an f-string with each parameter as a placeholder word), printed only as
this part's matches: 18 matched and were reworded; once its dump of questions finished, 6 more
matched it and were reworded. None is left by either check, and no question of this part repeats
or overlaps another of it (two did, and were reworded; :func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 242 in all):
identifiers [17] (a patient's studies in SQL, a patient's number of exams, an accession's
patient, every finding of an accession, the nodule rows of a study UID, a latest screening CT, a
baseline chest CT, two accessions' patients, the biggest nodule on an accession, a patient's
nodule total, a patient's radiographs, a UID's patient, a patient's nodules with a lobe, a
patient's studies from a year on (in an e-mail), a patient's 2 oldest exams, an accession's
findings with a Lung-RADS category, an unknown MRN); dates [18] (a quarter, an ISO month span
"inclusive", "since <month>" (misspelt), birth years, a month range "thru", the last 200 days, "this
year", "before 1 march", "the first half of", a decade of birth, one day, "last year", a month said
aloud, an ISO half-year, a month-first slashed birth day, "older than three years", a month with
a finding, "born 1965 or later"); numbers [17] (an inclusive mm range, long axis, under 4 mm, HU
below a negative number and an HU range, a confidence range, volume in mm3, solid component,
short axis, masses over 3 cm, "twelve point five millimetres", "half a centimeter", a cm range,
confidence ".95", lesions over "twenty-eight millimetres", size with HU above 0, a count under 100
mm3); counts [16] (exactly 2 nodules, 4+ and a single study per patient, more than 4 on one
screening CT, 4+ LDCTs, fewer than 2 LDCTs (none counted), zero findings, one nodule on 4+
scans, exactly 2 head CTs, 5+ findings, exactly one nodule, 2+ CT angiograms, 3+ scans counted,
3 to 4 nodules, zero nodules in a year, more than 3 on a scan); set logic [16] (each of two
attenuations at some point, "but never", "never had", "who never had", each of two kinds of study,
two lobes on one exam, "or", a sex with "zero ... across their whole history", "but never a",
"both" on one CT, "never imaged on", "but no ... on any scan", each of two features on the same
or another exam, each of two CT descriptions (in an e-mail), no findings of any kind, one station
and never the other); Lung-RADS [16] (a category in a year, a count of a category, the worst
ever, a quarter's breakdown, "3 or higher", "went from 2 to 4a", "below 2", two categories at
different times, a spoken category count, "went up" vs the prior, a share of a year's LDCTs, a
count per station, "4a or worse but never 4x", a sex, the highest across all exams counted (in
an e-mail), "2 or better" at a station in a month); rankings and top-N [16] (largest nodules,
patients by nodules, oldest patients, newest head CTs, most negative HU, part-solid volume,
pneumothoraces by confidence, earliest CT angiograms, solid component, youngest women, latest
chest films, spiculated long axis, smallest ggns, oldest men, the largest mass, densest
nodules); aggregates and percentages [16] (mean, median, min and max of diameter, volume,
confidence, HU, long axis, solid component, volume in cc, nodules per LDCT, age at screening;
shares of patients by sex, of a year's studies at a station, of nodules in a lobe; a median in
an e-mail); report concepts with negation [16] (emphysema, lymphadenopathy, coronary artery
calcification, granuloma; "negative for", "document no", "w/o", "without ... on the report",
"never reported", "never mentioned in any report", "or", with a mass, on one CT with a finding,
a count per station, "emphysma"); growth / new / stable [16] (grown since the prior, more than 3
mm, at least 2 mm, over 4 mm in women, in a lobe in a year, at a station, part-solid, a count of
grown findings, never grew, new in a year, new solid on screening, new "not masses", new per
lobe "excluding masses", new counted in a year, stable in a lobe, stable spiculated);
demographics [16] (a sex with an age and a finding, an age band at a scan, a sex counted, sex
"O", "male vs female", counts by sex, under 50, octogenarians, "in their 70s", births before a
year, "60 to 65", females under 55, female with a finding, "85 or older", the youngest age,
over 75); modality / description / station [16] (a station's head CTs, CT angiograms at a
station in a year, studies per station, a quoted description, LDCTs per station in a year,
non-contrast chest CTs, "ctpa", x-rays, modality and body-part breakdowns, a station in a
quarter, intracranial hemorrhage, "non-ldct" chest CTs, a month's head CTs in an e-mail, SQL-like
description and station, radiographs in "calendar 2024"); lobes [15] (each lobe by name and
abbreviation, a count grouped by lobe, the left lung, "rul or lul", upper lobes counted, both
lower lobes on one scan, RUL vs LUL, the largest RML nodules, lower-lobe part-solid, a share of
the upper lobes, calcified RLL findings, two upper lobes on one exam, "only in the RML", lobes of
spiculated nodules); attenuation / margin / calcification [16] (spiculated, lobulated ggn,
calcified solid, non-calcified part-solid, breakdowns by attenuation and margin, spiculated vs
lobulated, subsolid, smooth calcified, calcified counted, solid component, spiculated solid in
women, calcified per lobe, pure ground glass with smooth margins, spiculated part-solid counted,
spiculated solid over 20 mm); intervals [15] (days first to latest study, between two
accessions, between the first and latest LDCT, between two head CTs, follow-up span in an e-mail;
median, mean, min and max gaps between consecutive studies, LDCTs and chest CTs; follow-up over
30 months, over 1000 and at least 1100 days).

The styles are mixed in roughly equal shares, leaning a little toward a data analyst who thinks
in tables ("select study_uid from studies where ...", "count of ... group by lobe", "distinct
patient_id for accession in (...)", "lobe is not null", "calcified = true", "margin | nodule
count", "count(*)", "order ... by study_date asc, take N", "desc", "avg over all rows",
"between ... inclusive", "min interval", column names such as ``diameter_mm``, ``mean_hu``,
``long_axis_mm``, ``solid_component_mm``, ``pleural_effusion``); beside that a radiologist's
shorthand ("pts", "ggn", "psn", "lr 4a", "w/o", "cxrs", "ctpa", "acc#"), a nurse's or
clinician's full sentences, a screening coordinator's Lung-RADS over time, a manager's counts per
station, quarter and month, a data scientist's means, medians and inclusive ranges, search-box
keywords ("lobulted ggn", "LUL stabel nodule exams"), dictated numbers ("twelve point five
millimetres", "march twenty twenty four", "category one in twenty twenty five", "twenty-eight
millimetres", "three years"), and questions pasted in an e-mail with a greeting and a sign-off.
30 questions (about one in eight) carry a hurried typist's slip ("accesion", "agust",
"pnuemothorax", "betwen", "studeis", "exatcly", "nodlues", "patinets", "plueral", "lungrads",
"pateints", "cohrot", "medain", "lymphadenopahty", "emphysma", "grwoing", "stabel", "paitents",
"womne", "cuont", "staton", "pneumothroax", "hemorrage", "midle", "rigth", "spicualted",
"lobulted", "calcifed", "sollid", "frist"); their answers are what they plainly mean. About one
in five asks about groups (17 breakdowns and comparisons, 5 shares, 18 rankings).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions and UIDs, a year, a quarter, a month, a size range, birth years; a ranking's number
is the first from the one written (to 9) whose boundary has no tie, a percentage the first of a
list of candidates (years and categories, sexes, years and stations, lobes) that is neither 0
nor 100 % and lies within 0.005 of a tenth. Expected answers are computed here in plain Python
with the documented conventions written out by hand. Where the conventions do not settle a
reading the question is asked only when the competing readings give the same answer
(:func:`ask`); ``LEFT_OUT`` lists, as the bank is built, the drafts that were not asked: a
ranking tied up to 9, a list of percentages none of which could be scored ("what percent of
nodules are calcified" with its fall-backs, "% of studies performed at CT01" with its
fall-backs), and an answer that came out empty ("pts bumped from lung-rads 3 up to 4b at the
next exam"; :func:`ask` refuses an empty answer except the one on purpose). Readings that had
to agree: the first day of "the last 200 days"; the boundary day of "older than three years";
a patient's "baseline chest ct" with or without CT angiograms; a change in floating point or to
0.1 mm, and a track that was a mass from its first study counted or not, for growth, new and
stable nodules; a nodule on N scans counting a mass on its track or not; an age (with a sex) and
another condition on one study or each on some study; a Lung-RADS change taken against the
previous categorised study with the later one any study or a screening CT; follow-up "over 30
months" as calendar months or 913 days. Drafts replaced before freezing because their readings
disagreed: "count of patients with fewer than 2 chest cts" (CT angiograms as chest CTs or not;
asked of LDCTs), "women over 70 with a pneumothorax" and "pts under 50 with nodules" (age and
finding on one study or not; asked of studies), "patients whose first and latest scans are more
than 3 years apart" and "followed for 4 years or more" (calendar years or 365 days; asked in
days), "ldcts ... whose report has no coronary calcification" (the denied reading or no
affirmed mention; asked with "without"), "chest x-ray count per year 2024" (a grouping; asked
with "calendar 2024"). Drafts whose answers were empty by accident were replaced: "nodules w
mean_hu < -750" (the lowest is -720), "pts with 5 or more studies" (no patient has more than
4), "patients with both a cta and a head ct", "x-rays with consolidation" (radiographs show only
pneumothoraces), "patients downgraded in lung-rads versus their previous exam", "new ggns on
screening", "days between the head ct and the ldct of" a patient (no patient has both); and two
rankings tied up to 9 ("studies with the most findings", "patients by number of ldcts").
Readings taken: "screening ct", "low dose ct" and "ldct" are the CT CHEST LOW DOSE LUNG
SCREENING studies; "ct angiograms", "ctas", "ctpa" the CT ANGIO CHEST PE studies; "chest
x-rays", "cxrs", "chest films" and "radiographs" the DX studies; "non-contrast chest cts" CT
CHEST W/O CONTRAST; "diagnostic (non-ldct) chest cts" the chest CTs that are not LDCTs; "chest
ct" any chest CT; "X nodules" without a unit the studies (findings where the question says
"finding", "rows" or "ids"); a breakdown or comparison of nodules counts nodule findings, of
studies studies, of patients patients, and "male vs female" leaves out the third sex; a
Lung-RADS breakdown lists only the categories that occur; "the 2 oldest exams" of a patient are
the earliest by date; "nodules per screening ct, averaged" counts a screening CT with none as
0; "average age at ldct for the 2025 screening exams" is over the studies; "max gap ... of one
patient" is the largest gap of any patient; "reports negative for X" and "document no X" are
the denied reading, "w/o X" and "without X on the report" no affirmed mention. One answer is
empty on purpose (an unknown MRN, P00999).

Scored alone with ``python tests/query/question_bank.py --part held_out_59 -v`` once wired in.
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
    any_ct,
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
    lesion,
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
    shift,
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

PART = "held_out_59"
SEED = 5959

# Questions whose readings disagreed (or whose ranking tied at its boundary, or whose percentage
# was not within 0.005 of a tenth), so were left out: filled while the bank is built.
LEFT_OUT: list[str] = []


def _q(family: str, question: str, unit: str, expected: Any, as_of: str = AS_OF) -> Item:
    return Item(family, PART, question, unit, expected, as_of)


def ask(family: str, question: str, unit: str, *readings: Any, as_of: str = AS_OF) -> Rows:
    """One question, asked only when every competing reading gives the same (defined) answer."""
    answer = agreed(*readings)
    if answer is None or (answer == [] and "P00999" not in question):
        LEFT_OUT.append(question)
        return
    yield _q(family, question, unit, answer, as_of)


# --- small readings of this part -------------------------------------------------------------

ALL: Test = lambda s: True  # noqa: E731
LR4 = ("4A", "4B", "4X")


def _count_in(pid: str, test: Test) -> int:
    return sum(1 for s in own(pid) if test(s))


def _first(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[0] if mine else None


def _latest(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[-1] if mine else None


def _uid(s: Row | None) -> list[str]:
    return [] if s is None else [str(s["study_uid"])]


def _pool(fits: Callable[[str], bool]) -> list[str]:
    return [p["patient_id"] for p in pats() if fits(p["patient_id"])]


def _never(test: Test) -> list[str]:
    return history(lambda mine: not any(map(test, mine)))


def _per_patient(test: Test, compare: Callable[[int], bool]) -> list[str]:
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def _n_all(compare: Callable[[int], bool]) -> Test:
    return lambda s: compare(len(fo(s)))


def _kind_rows(name: str, *tests: FTest) -> list[Row]:
    return [f for f in findings() if f["kind"] == name and all(t(f) for t in tests)]


def _nod_rows(*tests: FTest, where: Test = ALL) -> list[Row]:
    return [
        f for f in findings() if is_nodule(f) and all(t(f) for t in tests) and where(study_of(f))
    ]


def _fids(rows: Sequence[Row]) -> list[str]:
    return sorted(str(f["finding_id"]) for f in rows)


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
    """The first count from ``start`` to 9 whose ranking has no tie at its boundary."""
    for n in range(start, 10):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    return None


def _rank_q(
    family: str, text: str, unit: str, rows: Sequence[Row], key: Callable[[Row], Any], start: int
) -> Rows:
    """A ranking question; ``text`` holds ``{n}``, the first count without a boundary tie."""
    ident = {"finding": "finding_id", "study": "study_uid", "patient": "patient_id"}[unit]
    got = _ranked(rows, key, ident, start)
    if got is None:
        LEFT_OUT.append(text)
        return
    n, answer = got
    yield _q(family, text.format(n=n), unit, answer)


def _patient_rows(score: Callable[[str], float]) -> list[Row]:
    return [{"patient_id": p["patient_id"], "k": -score(p["patient_id"])} for p in pats()]


def _span_days(pid: str, test: Test) -> int | None:
    mine = [s for s in own(pid) if test(s)]
    if len(mine) < 2:
        return None
    return days_between(mine[0]["study_date"], mine[-1]["study_date"])


def _followed_months(months: int, inclusive: bool) -> list[str]:
    def test(mine: list[Row]) -> bool:
        if not mine:
            return False
        end = months_on(mine[0]["study_date"], months)
        last = str(mine[-1]["study_date"])
        return last >= end if inclusive else last > end

    return history(test)


def _followed_days(days: int, inclusive: bool) -> list[str]:
    def test(mine: list[Row]) -> bool:
        if not mine:
            return False
        d = days_between(mine[0]["study_date"], mine[-1]["study_date"])
        return d >= days if inclusive else d > days

    return history(test)


def _consecutive_gaps(test: Test) -> list[int]:
    gaps: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        pairs = itertools.pairwise(mine)
        gaps.extend(days_between(a["study_date"], b["study_date"]) for a, b in pairs)
    return gaps


def _first_share(family: str, *candidates: tuple[str, int, int]) -> Rows:
    """The first candidate percentage the bank can score."""
    for question, part, whole in candidates:
        value = _share(part, whole)
        if value is not None:
            yield _q(family, question, "value", value)
            return
    LEFT_OUT.append(candidates[0][0])


def _age_at(s: Row) -> int:
    return ref.age(s)


def _sex_of(pid: str) -> str:
    return str(ref.cohort()[0][pid]["sex"])


def _cat_patients(test: Callable[[str | None], bool]) -> list[str]:
    return history(lambda mine: test(highest(mine)))


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    f = "identifiers"
    by_uid = ref.cohort()[1]
    p1 = pick(rng, _pool(lambda p: len(own(p)) >= 4))
    yield from ask(
        f,
        f"select study_uid from studies where patient_id = '{p1}'",
        "study",
        sorted(s["study_uid"] for s in own(p1)),
    )
    p2 = pick(rng, _pool(lambda p: len(own(p)) >= 3 and p != p1))
    yield from ask(f, f"count of exams on file for {p2}?", "count", len(own(p2)))
    s3 = pick(rng, [s for s in studies() if ldct(s)])
    yield from ask(
        f, f"accession {s3['accession']} - whose scan is that", "patient", [s3["patient_id"]]
    )
    s4 = pick(rng, [s for s in studies() if len(fo(s)) >= 3])
    yield from ask(f, f"all finding_id values on acc# {s4['accession']}", "finding", _fids(fo(s4)))
    s5 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield from ask(f, f"nodule rows for study_uid {s5['study_uid']}", "finding", _fids(nods(s5)))
    p6 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    yield from ask(
        f,
        f"Could you pull up the most recent screening CT for patient {p6}?",
        "study",
        _uid(_latest(p6, ldct)),
    )
    p7 = pick(rng, _pool(lambda p: _count_in(p, chest_ct) >= 2))
    yield from ask(
        f,
        f"baseline (first ever) chest ct exam of patient {p7}",
        "study",
        _uid(_first(p7, chest_ct)),
        _uid(_first(p7, both_(chest_ct, neg(cta)))),
    )
    a8, b8 = (pick(rng, studies()) for _ in range(2))
    yield from ask(
        f,
        f"distinct patient_id for accession in ({a8['accession']}, {b8['accession']})",
        "patient",
        sorted({a8["patient_id"], b8["patient_id"]}),
    )
    s9 = pick(rng, [s for s in studies() if len(nods(s)) >= 3])
    ranked9 = top(nods(s9), lambda r: -r["diameter_mm"], 1, "finding_id")
    if ranked9 is not None:
        yield from ask(
            f,
            f"on accesion {s9['accession']}, return only the single biggest nodule row",
            "finding",
            ranked9,
        )
    p10 = pick(rng, _pool(lambda p: sum(len(nods(s)) for s in own(p)) >= 4))
    yield from ask(
        f,
        f"{p10}: total nodule rows summed over every exam they ever had",
        "count",
        sum(len(nods(s)) for s in own(p10)),
    )
    p11 = pick(rng, _pool(lambda p: _count_in(p, cxr) >= 1))
    yield from ask(
        f,
        f"chest radiographs for pt {p11}",
        "study",
        sorted(s["study_uid"] for s in own(p11) if cxr(s)),
    )
    s12 = pick(rng, [s for s in studies() if head_ct(s)])
    yield from ask(f, f"study_uid {s12['study_uid']}: patient_id?", "patient", [s12["patient_id"]])
    p13 = pick(rng, _pool(lambda p: len(own(p)) >= 3 and any(nods(s) for s in own(p))))
    yield from ask(
        f,
        f"finding ids for patient {p13} where kind = nodule and lobe is not null",
        "finding",
        _fids([x for s in own(p13) for x in nods(s) if x["lobe"]]),
    )
    p14 = pick(rng, _pool(lambda p: len(own(p)) >= 4))
    yield from ask(
        f,
        f"Hi team, which studies of {p14} are from 2025 or later? Thanks, Dana",
        "study",
        sorted(s["study_uid"] for s in own(p14) if s["study_date"] >= "2025-01-01"),
    )
    p15 = pick(rng, _pool(lambda p: len(own(p)) >= 4))
    mine15 = own(p15)
    if mine15[1]["study_date"] != mine15[2]["study_date"]:
        yield from ask(
            f, f"{p15}: their 2 oldest exams", "study", sorted(s["study_uid"] for s in mine15[:2])
        )
    s16 = pick(rng, [s for s in studies() if ldct(s) and category(s) in LR4])
    yield from ask(
        f,
        f"findings with lung_rads not null on accession number {s16['accession']}",
        "finding",
        _fids([x for x in fo(s16) if x.get("lung_rads")]),
    )
    yield from ask(f, "exam list, mrn P00999", "study", [])
    _ = by_uid


def dates(rng: random.Random) -> Rows:
    f = "dates"
    y = pick(rng, [2023, 2024, 2025])
    q = pick(rng, [1, 2, 3, 4])
    yield from ask(
        f, f"pull every ldct row with study_date in Q{q} {y}", "study", sids(ldct, quarter(y, q))
    )
    m = pick(rng, [3, 4, 5, 6, 7, 8, 9])
    end = dt.date(2025, m + 2, 1) - dt.timedelta(days=1)
    yield from ask(
        f,
        f"count of studies where study_date between 2025-{m:02d}-01 and "
        f"{end.isoformat()} inclusive",
        "count",
        count(dated(f"2025-{m:02d}-01", end.isoformat())),
    )
    yield from ask(
        f, "every exam performed since agust 2026", "study", sids(dated("2026-08-01", AS_OF))
    )
    lo = pick(rng, [1948, 1950, 1952, 1954])
    yield from ask(
        f,
        f"patients born between {lo} and {lo + 3}",
        "patient",
        born(f"{lo}-01-01", f"{lo + 3}-12-31"),
    )
    yield from ask(
        f,
        "head ct exams dated nov 2024 thru feb 2025, list",
        "study",
        sids(head_ct, dated("2024-11-01", "2025-02-28")),
    )
    yield from ask(
        f,
        "Any chest x-rays in the last 200 days?",
        "study",
        sids(cxr, dated(shift(AS_OF, -200), AS_OF)),
        sids(cxr, dated(shift(AS_OF, -199), AS_OF)),
    )
    yield from ask(
        f,
        "exams this calendar year that show a spiculated nodule",
        "study",
        sids(nod(margin("spiculated")), dated("2026-01-01", AS_OF)),
    )
    yield from ask(
        f,
        "how many exams are dated before 1 march 2023",
        "count",
        count(dated("2000-01-01", "2023-02-28")),
    )
    yield from ask(
        f,
        "screening cts from jan through jun 2025",
        "study",
        sids(ldct, dated("2025-01-01", "2025-06-30")),
    )
    yield from ask(
        f,
        "pts born in the 1940s who had a ct angio",
        "patient",
        pids(
            cta,
            lambda s: (
                "1940-01-01" <= ref.cohort()[0][s["patient_id"]]["birth_date"] <= "1949-12-31"
            ),
        ),
    )
    d11 = pick(rng, sorted({s["study_date"] for s in studies() if ldct(s)}))
    yield from ask(f, f"what was scanned on {d11}", "study", sids(dated(d11, d11)))
    yield from ask(
        f, "list of head scans (ct) performed last year", "study", sids(head_ct, in_year(2025))
    )
    yield from ask(
        f,
        "how many cts in march twenty twenty four",
        "count",
        count(any_ct, dated("2024-03-01", "2024-03-31")),
    )
    yield from ask(
        f,
        "cxr count 2023-01-01 to 2023-06-30",
        "count",
        count(cxr, dated("2023-01-01", "2023-06-30")),
    )
    yield from ask(
        f,
        "patients born after 03/15/1960 with a mass",
        "patient",
        [p for p in pids(kind("mass")) if birth_of(p) > "1960-03-15"],
    )
    yield from ask(
        f,
        "low-dose screening exams older than three years as of today",
        "study",
        sids(ldct, lambda s: s["study_date"] < "2023-11-01"),
        sids(ldct, lambda s: s["study_date"] <= "2023-11-01"),
    )
    yield from ask(
        f,
        "studies in oct 2026 with a pnuemothorax",
        "study",
        sids(kind("pneumothorax"), dated("2026-10-01", "2026-10-31")),
    )
    yield from ask(
        f,
        "female patients born 1965 or later, all of them",
        "patient",
        sorted(
            p["patient_id"] for p in pats() if p["sex"] == "F" and p["birth_date"] >= "1965-01-01"
        ),
    )


def birth_of(pid: str) -> str:
    return str(ref.cohort()[0][pid]["birth_date"])


def numbers(rng: random.Random) -> Rows:
    f = "numbers"
    lo = pick(rng, [5, 6, 7])
    yield from ask(
        f,
        f"nodules where diameter_mm between {lo} and {lo + 2} inclusive",
        "study",
        sids(nod(within("diameter_mm", lo, lo + 2))),
    )
    yield from ask(
        f,
        "nodule findings with long_axis_mm > 22",
        "finding",
        fids(is_nodule, gt("long_axis_mm", 22)),
    )
    yield from ask(
        f,
        "studies containing a nodule whose diameter is under 4 mm",
        "study",
        sids(nod(lt("diameter_mm", 4))),
    )
    yield from ask(f, "nodules w mean_hu < -700", "study", sids(nod(lt("mean_hu", -700))))
    yield from ask(
        f,
        "mean_hu -300 to -100 (inclusive) on a nodule - which studies",
        "study",
        sids(nod(within("mean_hu", -300, -100))),
    )
    yield from ask(
        f,
        "list finding ids where confidence between 0.5 and 0.6 inclusive",
        "finding",
        fids(within("confidence", 0.5, 0.6)),
    )
    yield from ask(f, "volume_mm3 >= 2000 nodules", "study", sids(nod(ge("volume_mm3", 2000))))
    yield from ask(
        f,
        "part solid nodules with a solid component over 6 mm",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 6))),
    )
    yield from ask(
        f,
        "ggns whose short axis is under 5 mm",
        "study",
        sids(nod(att("ground-glass"), lt("short_axis_mm", 5))),
    )
    yield from ask(
        f,
        "any mass measuring over 3 cm - list the exams",
        "study",
        sids(kind("mass", gt("diameter_mm", 30))),
    )
    yield from ask(
        f,
        "dictation: list exams, nodule diameter twelve point five millimetres or more",
        "study",
        sids(nod(ge("diameter_mm", 12.5))),
    )
    yield from ask(
        f,
        "screening ct studies where a nodule is smaller than half a centimeter",
        "study",
        sids(ldct, nod(lt("diameter_mm", 5))),
    )
    yield from ask(
        f,
        "exams where some nodule is betwen 0.8 and 1.2 cm in size",
        "study",
        sids(nod(within("diameter_mm", 8, 12))),
    )
    yield from ask(
        f,
        "pneumothorax w confidence at least .95",
        "study",
        sids(kind("pneumothorax", ge("confidence", 0.95))),
    )
    yield from ask(
        f,
        "lesions larger than twenty-eight millimetres",
        "study",
        sids(lesion(gt("diameter_mm", 28))),
    )
    yield from ask(
        f,
        "solid nodules 10 mm or more with mean hu above 0",
        "study",
        sids(nod(att("solid"), ge("diameter_mm", 10), gt("mean_hu", 0))),
    )
    yield from ask(
        f,
        "how many nodule findings have a volume under 100 mm3",
        "count",
        len(_nod_rows(lt("volume_mm3", 100))),
    )


def counts(rng: random.Random) -> Rows:
    f = "counts"
    yield from ask(
        f, "exams whose nodule tally is exactly 2", "study", sids(_n_nods(lambda n: n == 2))
    )
    yield from ask(
        f,
        "patient_ids having 4 or more studeis on record",
        "patient",
        _per_patient(ALL, lambda n: n >= 4),
    )
    yield from ask(
        f,
        "which patients have only a single imaging study in total",
        "patient",
        _per_patient(ALL, lambda n: n == 1),
    )
    yield from ask(
        f,
        "screening cts where the nodule count exceeds 4",
        "study",
        sids(ldct, _n_nods(lambda n: n > 4)),
    )
    yield from ask(
        f,
        "Which patients have had at least four low dose screening CTs?",
        "patient",
        _per_patient(ldct, lambda n: n >= 4),
    )
    yield from ask(
        f,
        "tally of distinct patients that have fewer than 2 low dose cts",
        "count",
        len(_per_patient(ldct, lambda n: n < 2)),
    )
    yield from ask(
        f, "studies with zero finding rows - how many", "count", count(_n_all(lambda n: n == 0))
    )
    yield from ask(
        f,
        "pts whose one tracked nodule appears on at least 4 separate scans",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield from ask(
        f, "pts w exatcly 2 head cts", "patient", _per_patient(head_ct, lambda n: n == 2)
    )
    yield from ask(
        f,
        "exams carrying 5 or more finding rows of any kind",
        "study",
        sids(_n_all(lambda n: n >= 5)),
    )
    yield from ask(
        f,
        "screening exams where exactly one nodule was recorded",
        "study",
        sids(ldct, _n_nods(lambda n: n == 1)),
    )
    yield from ask(f, "patients with 2+ ct angios", "patient", _per_patient(cta, lambda n: n >= 2))
    yield from ask(
        f,
        "count of distinct patients with scans >= 3",
        "count",
        len(_per_patient(ALL, lambda n: n >= 3)),
    )
    yield from ask(
        f,
        "count of studies with between 3 and 4 nodules inclusive",
        "count",
        count(_n_nods(lambda n: 3 <= n <= 4)),
    )
    yield from ask(
        f,
        "ldcts with zero nodules in 2024 - how many",
        "count",
        count(ldct, in_year(2024), _n_nods(lambda n: n == 0)),
    )
    yield from ask(
        f,
        "pts having some scan that carried over 3 nodule rows",
        "patient",
        pids(_n_nods(lambda n: n > 3)),
    )


def set_logic(rng: random.Random) -> Rows:
    f = "set logic"
    ggn, psn = nod(att("ground-glass")), nod(att("part-solid"))
    yield from ask(
        f,
        "patients who at some point had a ggn and at some point had a part-solid nodule",
        "patient",
        history(each_on_some(ggn, psn)),
    )
    yield from ask(
        f,
        "pts with a head ct but never a chest ct",
        "patient",
        history(some_but_never(head_ct, chest_ct)),
    )
    yield from ask(f, "distinct patients that never had an ldct", "patient", _never(ldct))
    yield from ask(
        f,
        "patients screened with ldct who never had a spiculated nodule",
        "patient",
        history(some_but_never(ldct, nod(margin("spiculated")))),
    )
    yield from ask(
        f,
        "patients with both a cta and a non-contrast chest ct (any dates)",
        "patient",
        history(each_on_some(cta, non_contrast_chest)),
    )
    yield from ask(
        f,
        "exams holding an RUL nodule plus a second nodule in the LLL",
        "study",
        sids(nod(in_lobe("RUL")), nod(in_lobe("LLL"))),
    )
    yield from ask(
        f,
        "pts where kind is mass or pleural_effusion on any study",
        "patient",
        pids(either2(kind("mass"), kind("pleural_effusion"))),
    )
    yield from ask(
        f,
        "female patients with zero nodules across their whole history",
        "patient",
        history(
            lambda mine: (
                bool(mine)
                and _sex_of(mine[0]["patient_id"]) == "F"
                and not any(nods(s) for s in mine)
            )
        ),
    )
    yield from ask(
        f,
        "patients who had consolidation but never a plueral effusion",
        "patient",
        history(some_but_never(kind("consolidation"), kind("pleural_effusion"))),
    )
    yield from ask(
        f,
        "cts with both a pneumothorax and a nodule",
        "study",
        sids(any_ct, kind("pneumothorax"), nod()),
    )
    yield from ask(
        f, "patients who were never imaged on scanner CT01", "patient", _never(at_station("CT01"))
    )
    yield from ask(
        f,
        "pts with ggns but no solid nodules on any scan",
        "patient",
        history(some_but_never(ggn, nod(att("solid")))),
    )
    yield from ask(
        f,
        "patinets with calcified nodules and, on some other or the same exam, a spiculated one",
        "patient",
        history(each_on_some(nod(calcified), nod(margin("spiculated")))),
    )
    yield from ask(
        f,
        "Hello, I need the patients who had a CT chest with contrast and also, at "
        "any time, a non-contrast CT chest. Best, Priya",
        "patient",
        history(each_on_some(with_contrast, non_contrast_chest)),
    )
    yield from ask(
        f,
        "ldcts without any nodules and without any other findings",
        "study",
        sids(ldct, _n_all(lambda n: n == 0)),
    )
    yield from ask(
        f,
        "patients with ct02 exams and never an exam at ct01",
        "patient",
        history(some_but_never(at_station("CT02"), at_station("CT01"))),
    )


def either2(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def lung_rads(rng: random.Random) -> Rows:
    f = "lung-rads"
    y = pick(rng, [2024, 2025])
    yield from ask(
        f, f"{y} screening cts graded lr 4a", "study", sids(ldct, in_year(y), cat_in("4A"))
    )
    yield from ask(f, "count of studies where lung_rads = 3", "count", count(cat_in("3")))
    yield from ask(
        f,
        "pts whose max lung-rads category over all exams is 4B",
        "patient",
        _cat_patients(lambda c: c == "4B"),
    )
    q = pick(rng, [1, 2, 3])
    yield from ask(
        f,
        f"ldct lung-rads category breakdown for Q{q} 2025",
        "groups",
        _groups([s for s in studies() if ldct(s) and quarter(2025, q)(s)], category),
    )
    yield from ask(
        f,
        "lung-rads 3 or higher at CT01 in 2026",
        "study",
        sids(at_station("CT01"), in_year(2026), cat_in("3", *LR4)),
    )
    yield from ask(
        f,
        "patients whose lung-rads went from 2 to 4a from one exam to the next",
        "patient",
        pids(ldct, went_from("2", ("4A",))),
        pids(went_from("2", ("4A",))),
    )
    yield from ask(f, "every exam graded below lung-rads 2", "study", sids(cat_in("1")))
    yield from ask(
        f,
        "patients with an lr 4x study and, at another time, an lr 2 study",
        "patient",
        history(each_on_some(cat_in("4X"), cat_in("2"))),
    )
    yield from ask(
        f,
        "how many ldcts were category one in twenty twenty five",
        "count",
        count(ldct, in_year(2025), cat_in("1")),
    )
    yield from ask(
        f,
        "pts whose lungrads category went up compared with the prior scan",
        "patient",
        pids(went(1)),
    )
    yield from ask(
        f,
        "pts bumped from lung-rads 3 up to 4b at the next exam",
        "patient",
        pids(went_from("3", ("4B",))),
    )
    y2 = [s for s in studies() if ldct(s)]
    yield from _first_share(
        f,
        *(
            (
                f"percent of {yy} low-dose screening exams with a lung-rads {c} result",
                sum(1 for s in y2 if in_year(yy)(s) and category(s) == c),
                sum(1 for s in y2 if in_year(yy)(s)),
            )
            for yy in (2024, 2023, 2025, 2026)
            for c in ("2", "3", "4A")
        ),
    )
    yield from ask(
        f,
        "station-level counts of exams graded lung-rads 4 (4a/4b/4x)",
        "groups",
        _groups([s for s in studies() if category(s) in LR4], lambda s: s["station"]),
    )
    yield from ask(
        f,
        "patients who reached lung-rads 4a or worse but never 4x",
        "patient",
        history(some_but_never(cat_in(*LR4), cat_in("4X"))),
    )
    yield from ask(f, "womne with an lr4b exam", "patient", pids(sex_is("F"), cat_in("4B")))
    yield from ask(
        f,
        "Screening program update: how many patients have a highest lung-rads of "
        "4X across all their exams?",
        "count",
        len(_cat_patients(lambda c: c == "4X")),
    )
    yield from ask(
        f,
        "lr 2 or better ldcts from ct02 in dec 2025",
        "study",
        sids(ldct, at_station("CT02"), dated("2025-12-01", "2025-12-31"), cat_in("1", "2")),
    )


def rankings(rng: random.Random) -> Rows:
    f = "rankings"
    nod_rows = _nod_rows()
    yield from _rank_q(
        f,
        "nodule rows sorted by diameter_mm desc, first {n}",
        "finding",
        nod_rows,
        lambda r: -r["diameter_mm"],
        5,
    )
    yield from _rank_q(
        f,
        "the {n} patients with the most nodules",
        "patient",
        _patient_rows(lambda p: sum(len(nods(s)) for s in own(p))),
        lambda r: r["k"],
        5,
    )
    yield from _rank_q(
        f, "oldest {n} patients in the cohrot", "patient", pats(), lambda r: r["birth_date"], 4
    )
    yield from _rank_q(
        f,
        "newest {n} head ct exams by study_date",
        "study",
        [s for s in studies() if head_ct(s)],
        lambda r: -_by_day(r),
        3,
    )
    yield from _rank_q(
        f,
        "Which {n} nodule findings are the most negative in mean HU?",
        "finding",
        nod_rows,
        lambda r: r["mean_hu"],
        4,
    )
    yield from _rank_q(
        f,
        "top {n} part-solid nodules by volume_mm3",
        "finding",
        _nod_rows(att("part-solid")),
        lambda r: -r["volume_mm3"],
        5,
    )
    yield from _rank_q(
        f,
        "top {n} pneumothoraces ranked by confidence desc",
        "finding",
        _kind_rows("pneumothorax"),
        lambda r: -r["confidence"],
        3,
    )
    yield from _rank_q(
        f,
        "order ct angiograms by study_date asc, take {n}",
        "study",
        [s for s in studies() if cta(s)],
        _by_day,
        4,
    )
    yield from _rank_q(
        f,
        "solid_component_mm leaderboard: the {n} biggest part-solid nodule rows",
        "finding",
        _nod_rows(ge("solid_component_mm", 0)),
        lambda r: -r["solid_component_mm"],
        3,
    )
    yield from _rank_q(
        f,
        "the {n} most recently born female patients",
        "patient",
        [p for p in pats() if p["sex"] == "F"],
        _neg_date,
        5,
    )
    yield from _rank_q(
        f,
        "{n} chest films with the latest dates",
        "study",
        [s for s in studies() if cxr(s)],
        lambda r: -_by_day(r),
        4,
    )
    yield from _rank_q(
        f,
        "rank spiculated nodules by long_axis_mm desc, top {n}",
        "finding",
        _nod_rows(margin("spiculated")),
        lambda r: -r["long_axis_mm"],
        3,
    )
    yield from _rank_q(
        f,
        "the {n} ground glass nodules with the smallest diameter_mm",
        "finding",
        _nod_rows(att("ground-glass")),
        lambda r: r["diameter_mm"],
        4,
    )
    yield from _rank_q(
        f,
        "{n} oldest male pateints",
        "patient",
        [p for p in pats() if p["sex"] == "M"],
        lambda r: r["birth_date"],
        3,
    )
    yield from _rank_q(
        f,
        "the largest mass in the cohort",
        "finding",
        _kind_rows("mass"),
        lambda r: -r["diameter_mm"],
        1,
    )
    yield from _rank_q(
        f, "{n} densest nodules (highest hu)", "finding", nod_rows, lambda r: -r["mean_hu"], 5
    )


def _neg_date(r: Row) -> int:
    return -dt.date.fromisoformat(r["birth_date"]).toordinal()


def stats(rng: random.Random) -> Rows:
    f = "aggregates"
    yield from ask(
        f,
        "solid nodule diameter_mm, avg over all rows",
        "value",
        _mean_field(_nod_rows(att("solid")), "diameter_mm"),
    )
    yield from ask(
        f,
        "medain volume (mm3) of ground-glass nodules",
        "value",
        _median_field(_nod_rows(att("ground-glass")), "volume_mm3"),
    )
    yield from ask(
        f,
        "what is the average model confidence on pneumothorax rows",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield from ask(
        f,
        "average mean_hu, part-solid nodules",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "mean_hu"),
    )
    nrows = _nod_rows()
    yield from _first_share(
        f,
        (
            "what percent of nodules are calcified",
            sum(1 for r in nrows if calcified(r)),
            len(nrows),
        ),
        (
            "what percent of nodules are spiculated",
            sum(1 for r in nrows if r["margin"] == "spiculated"),
            len(nrows),
        ),
        (
            "what percent of nodules are lobulated",
            sum(1 for r in nrows if r["margin"] == "lobulated"),
            len(nrows),
        ),
        *(
            (
                f"what percent of nodules are {a}",
                sum(1 for r in nrows if r["attenuation"] == a),
                len(nrows),
            )
            for a in ("ground-glass", "part-solid", "solid")
        ),
        (
            "what percent of nodules are smooth",
            sum(1 for r in nrows if r["margin"] == "smooth"),
            len(nrows),
        ),
    )
    ps = pats()
    yield from _first_share(
        f,
        *(
            (
                f"of all patients in the cohort, what percent are {w}",
                sum(1 for p in ps if p["sex"] == c),
                len(ps),
            )
            for w, c in (("female", "F"), ("male", "M"), ("of sex other", "O"))
        ),
    )
    yield from _first_share(
        f,
        *(
            (
                f"of every exam in {y}, what percentage was acquired on {st}",
                count(in_year(y), at_station(st)),
                count(in_year(y)),
            )
            for y in (2025, 2024, 2023, 2026)
            for st in ("CT02", "CT01", "DX01")
        ),
    )
    ld = [s for s in studies() if ldct(s)]
    yield from ask(
        f,
        "nodules per screening ct, averaged over every screening ct",
        "value",
        mean_of([float(len(nods(s))) for s in ld]),
    )
    yield from ask(
        f,
        "spiculated nodules: long_axis_mm median",
        "value",
        _median_field(_nod_rows(margin("spiculated")), "long_axis_mm"),
    )
    yield from ask(
        f,
        "max long axis among lobulated nodules",
        "value",
        max(r["long_axis_mm"] for r in _nod_rows(margin("lobulated"))),
    )
    yield from ask(
        f,
        "min diameter of a solid nodule",
        "value",
        min(r["diameter_mm"] for r in _nod_rows(att("solid"))),
    )
    yield from ask(
        f,
        "avg solid_component_mm over part-solid nodule rows",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    yield from ask(
        f,
        "for nodule rows where diameter_mm > 10, avg volume converted to cc",
        "value",
        _mean_field(_nod_rows(gt("diameter_mm", 10)), "volume_mm3", 1000.0),
    )
    yield from _first_share(
        f,
        *(
            (
                f"{lb} nodule rows as a percent of every nodule row",
                sum(1 for r in nrows if r["lobe"] == lb),
                len(nrows),
            )
            for lb in ("RUL", "LLL", "RML", "RLL", "LUL")
        ),
    )
    yield from ask(
        f,
        "avg confidence for nodules flagged in 2026",
        "value",
        _mean_field(_nod_rows(where=in_year(2026)), "confidence"),
    )
    yield from ask(
        f,
        "Data question: what's the median diameter of nodules found on CT02 "
        "screening exams? cheers",
        "value",
        _median_field(_nod_rows(where=both_(ldct, at_station("CT02"))), "diameter_mm"),
    )
    yield from ask(
        f,
        "average age at ldct for the 2025 screening exams",
        "value",
        mean_of([float(_age_at(s)) for s in ld if in_year(2025)(s)]),
    )


def reports(rng: random.Random) -> Rows:
    f = "reports"
    emph, lad, cac = says("emphysema"), says("lymphadenopathy"), says("coronary")
    yield from ask(f, "exams where the radiology report says emphysema", "study", sids(emph))
    yield from ask(f, "pts whose report text notes lymphadenopahty", "patient", pids(lad))
    yield from ask(
        f,
        "reports negative for emphysema in 2025",
        "study",
        sids(denies("emphysema"), in_year(2025)),
    )
    yield from ask(
        f,
        "ldcts w/o emphysema at ct01 in Q3 2024",
        "study",
        sids(ldct, neg(emph), at_station("CT01"), quarter(2024, 3)),
    )
    yield from ask(
        f,
        "men over 70 with coronary artery calcification in the report",
        "patient",
        *aged(both_(sex_is("M"), lambda s: _age_at(s) > 70), cac),
    )
    yield from ask(
        f,
        "pt ids: emphysema reported at some point, lymphadenopathy never reported",
        "patient",
        history(some_but_never(emph, lad)),
    )
    yield from ask(
        f,
        "cts where the report says emphysema and there is a spiculated nodule finding",
        "study",
        sids(emph, nod(margin("spiculated"))),
    )
    yield from ask(
        f,
        "count of studies whose report mentions coronary artery calcification",
        "count",
        count(cac),
    )
    yield from ask(
        f,
        "reports that document no lymphadenopathy, 2026",
        "study",
        sids(denies("lymphadenopathy"), in_year(2026)),
    )
    yield from ask(
        f,
        "2023 ct02 screening scans reporting emphysma",
        "study",
        sids(emph, ldct, at_station("CT02"), in_year(2023)),
    )
    yield from ask(f, "any report calling out a granuloma", "study", sids(says("granuloma")))
    yield from ask(
        f, "patients for whom emphysema was never mentioned in any report", "patient", _never(emph)
    )
    yield from ask(
        f,
        "studies with emphysema or lymphadenopathy in the report, 2024",
        "study",
        sids(either2(emph, lad), in_year(2024)),
    )
    yield from ask(
        f,
        "emphysema in report: study count grouped by station",
        "groups",
        _groups([s for s in studies() if emph(s)], lambda s: s["station"]),
    )
    yield from ask(
        f,
        "Good morning - could you list the screening CTs from October 2025 "
        "without coronary calcification on the report? Thank you, Ruth",
        "study",
        sids(ldct, dated("2025-10-01", "2025-10-31"), neg(cac)),
    )
    yield from ask(
        f,
        "patients with lymphadenopathy and a mass (same study)",
        "patient",
        pids(lad, kind("mass")),
    )


def growth(rng: random.Random) -> Rows:
    f = "growth"

    def g_studies(g: float, inclusive: bool, *extra: FTest, where: Test = ALL) -> list[Any]:
        return [sids(where, fstudy(r, *extra)) for r in grew_readings(g, inclusive)]

    def g_patients(g: float, inclusive: bool, *extra: FTest, where: Test = ALL) -> list[Any]:
        return [pids(where, fstudy(r, *extra)) for r in grew_readings(g, inclusive)]

    def new_s(*extra: FTest, where: Test = ALL) -> list[Any]:
        return [sids(where, fstudy(new(m), *extra)) for m in (False, True)]

    def stable_s(*extra: FTest, where: Test = ALL) -> list[Any]:
        return [
            sids(where, fstudy(stable(r, m), *extra)) for r in (False, True) for m in (False, True)
        ]

    yield from ask(
        f,
        "exams where a nodule has grown compared with the prior scan",
        "study",
        *g_studies(1.5, False),
    )
    yield from ask(
        f,
        "pts with any nodule enlarging more than 3 mm between scans",
        "patient",
        *g_patients(3, False),
    )
    yield from ask(
        f,
        "exams where a nodule enlarged by 2 mm or more since its prior measurement",
        "study",
        *g_studies(2, True),
    )
    yield from ask(f, "2024 exams with a new nodule finding", "study", *new_s(where=in_year(2024)))
    yield from ask(
        f, "new solid nodules on screening cts", "study", *new_s(att("solid"), where=ldct)
    )
    yield from ask(f, "LUL stabel nodule exams", "study", *stable_s(in_lobe("LUL")))
    yield from ask(
        f,
        "pts with growing nodules scanned at ct01",
        "patient",
        *g_patients(1.5, False, where=at_station("CT01")),
    )
    yield from ask(
        f,
        "count of nodule findings that grew more than 1.5 mm",
        "count",
        *[len([x for x in findings() if is_nodule(x) and r(x)]) for r in grew_readings(1.5, False)],
    )
    yield from ask(
        f,
        "ldcts with a new solid nodule over 6 mm, not masses",
        "study",
        sids(ldct, fstudy(new(False), att("solid"), gt("diameter_mm", 6))),
    )
    yield from ask(
        f, "psn growth - which studies", "study", *g_studies(1.5, False, att("part-solid"))
    )
    yield from ask(
        f,
        "pts where no nodule ever grew",
        "patient",
        *[_never(fstudy(r)) for r in grew_readings(1.5, False)],
    )
    yield from ask(
        f,
        "new nodule findings per lobe (excluding masses)",
        "groups",
        _groups([x for x in findings() if new(False)(x)], lambda x: x["lobe"]),
    )
    yield from ask(
        f,
        "spiculated nodule rows that stayed stable - which studies",
        "study",
        *stable_s(margin("spiculated")),
    )
    yield from ask(
        f,
        "female pts with >4mm nodule growth",
        "patient",
        *g_patients(4, False, where=sex_is("F")),
    )
    yield from ask(
        f,
        "RLL nodules grwoing on 2025 scans",
        "study",
        *g_studies(1.5, False, in_lobe("RLL"), where=in_year(2025)),
    )
    yield from ask(
        f,
        "count of 2026 exams showing new nodules excluding masses",
        "count",
        count(in_year(2026), fstudy(new(False))),
    )


def people(rng: random.Random) -> Rows:
    f = "demographics"

    def older(n: int) -> Test:
        return lambda s: _age_at(s) > n

    def band(lo: int, hi: int) -> Test:
        return lambda s: lo <= _age_at(s) <= hi

    yield from ask(
        f,
        "pneumothorax studies in women over 70",
        "study",
        sids(sex_is("F"), older(70), kind("pneumothorax")),
    )
    yield from ask(f, "patients aged 50-59 at their ldct", "patient", pids(ldct, band(50, 59)))
    yield from ask(f, "male patient cuont", "count", sum(1 for p in pats() if p["sex"] == "M"))
    yield from ask(f, "sex = O patients with an ldct", "patient", pids(sex_is("O"), ldct))
    sp = pids(nod(margin("spiculated")))
    yield from ask(
        f,
        "spiculated nodule patients, male vs female",
        "groups",
        _groups([p for p in sp if _sex_of(p) in "MF"], _sex_of),
    )
    yield from ask(
        f, "patients, grouped by sex, count(*)", "groups", _groups(pats(), lambda p: p["sex"])
    )
    yield from ask(
        f,
        "ldcts with nodlues in pts under 50",
        "study",
        sids(ldct, lambda s: _age_at(s) < 50, nod()),
    )
    yield from ask(f, "screening cts done on octogenarians", "study", sids(ldct, band(80, 89)))
    yield from ask(
        f, "patients in their 70s with an lr 4x exam", "patient", *aged(band(70, 79), cat_in("4X"))
    )
    yield from ask(
        f,
        "how many women were born before 1950",
        "count",
        sum(1 for p in pats() if p["sex"] == "F" and p["birth_date"] < "1950-01-01"),
    )
    yield from ask(
        f,
        "men 60 to 65 with ggns",
        "patient",
        *aged(both_(sex_is("M"), band(60, 65)), nod(att("ground-glass"))),
    )
    yield from ask(
        f, "ldcts in females under 55", "study", sids(ldct, sex_is("F"), lambda s: _age_at(s) < 55)
    )
    yield from ask(
        f,
        "pneumothorax ever recorded - female patient ids",
        "patient",
        pids(sex_is("F"), kind("pneumothorax")),
    )
    yield from ask(
        f, "head cts in patients 85 or older", "study", sids(head_ct, lambda s: _age_at(s) >= 85)
    )
    yield from ask(
        f, "youngest age at any study", "value", float(min(_age_at(s) for s in studies()))
    )
    yield from ask(
        f,
        "paitents over 75 with a part-solid nodule",
        "patient",
        *aged(older(75), nod(att("part-solid"))),
    )


def modality(rng: random.Random) -> Rows:
    f = "modality"
    yield from ask(f, "head ct exams acquired on ct01", "study", sids(head_ct, at_station("CT01")))
    y = pick(rng, [2024, 2025])
    yield from ask(
        f, f"count of ctas at ct02 in {y}", "count", count(cta, at_station("CT02"), in_year(y))
    )
    yield from ask(f, "station | study count", "groups", _groups(studies(), lambda s: s["station"]))
    yield from ask(
        f,
        "exams where description = 'CT CHEST W CONTRAST' and study_date in 2024",
        "study",
        sids(with_contrast, in_year(2024)),
    )
    yield from ask(
        f,
        "ldct count by staton, 2023",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2023)(s)], lambda s: s["station"]),
    )
    yield from ask(
        f,
        "non-contrast chest cts done on CT01",
        "study",
        sids(non_contrast_chest, at_station("CT01")),
    )
    yield from ask(
        f,
        "ctpa studies where a pleural_effusion finding exists",
        "study",
        sids(cta, kind("pleural_effusion")),
    )
    yield from ask(f, "x-rays positive for pneumothroax", "study", sids(cxr, kind("pneumothorax")))
    yield from ask(
        f,
        "modality breakdown of all studies",
        "groups",
        _groups(studies(), lambda s: s["modality"]),
    )
    yield from ask(
        f,
        "body_part split for CT studies",
        "groups",
        _groups([s for s in studies() if any_ct(s)], lambda s: s["body_part"]),
    )
    yield from ask(
        f,
        "how many studies came off DX01 in Q4 2025",
        "count",
        count(at_station("DX01"), quarter(2025, 4)),
    )
    yield from _first_share(
        f,
        *(
            (f"% of {what} performed at {st}", count(t, at_station(st)), count(t))
            for what, t in (("studies", ALL), ("cts", any_ct), ("ldcts", ldct), ("ctas", cta))
            for st in ("CT01", "CT02")
        ),
    )
    yield from ask(
        f,
        "head ct with intracranial hemorrage",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield from ask(
        f,
        "diagnostic (non-ldct) chest cts at ct02 with nodules",
        "study",
        sids(chest_ct, neg(ldct), at_station("CT02"), nod()),
    )
    yield from ask(
        f,
        "Hi all, quick one for the monthly report: number of head CTs in "
        "September 2026? Thanks, Marco",
        "count",
        count(head_ct, dated("2026-09-01", "2026-09-30")),
    )
    yield from ask(
        f,
        "description = 'CT ANGIO CHEST PE' and station = 'CT01', how many",
        "count",
        count(cta, at_station("CT01")),
    )
    yield from ask(f, "chest x-ray count for calendar 2024", "count", count(cxr, in_year(2024)))


def lobes(rng: random.Random) -> Rows:
    f = "lobes"
    yield from ask(f, "exams with a right midle lobe nodule", "study", sids(nod(in_lobe("RML"))))
    yield from ask(
        f, "LLL spiculated nodules", "study", sids(nod(in_lobe("LLL"), margin("spiculated")))
    )
    yield from ask(
        f,
        "count of nodule findings group by lobe",
        "groups",
        _groups(_nod_rows(), lambda r: r["lobe"]),
    )
    yield from ask(
        f,
        "nodule > 15 mm in LUL or LLL",
        "study",
        sids(nod(in_lobe("LUL", "LLL"), gt("diameter_mm", 15))),
    )
    yield from ask(
        f,
        "nodules in rul or lul on 2026 ldcts",
        "study",
        sids(ldct, in_year(2026), nod(in_lobe("RUL", "LUL"))),
    )
    yield from ask(
        f,
        "how many ground glass nodules sit in the upper lobes",
        "count",
        len(_nod_rows(att("ground-glass"), in_lobe("RUL", "LUL"))),
    )
    yield from ask(
        f,
        "scans with a nodule in each lower lobe",
        "study",
        sids(nod(in_lobe("RLL")), nod(in_lobe("LLL"))),
    )
    yield from ask(
        f,
        "nodule rows in RUL compared to LUL (counts)",
        "groups",
        _groups(_nod_rows(in_lobe("RUL", "LUL")), lambda r: r["lobe"]),
    )
    yield from _rank_q(
        f,
        "right middle lobe nodule rows, top {n} by diameter_mm",
        "finding",
        _nod_rows(in_lobe("RML")),
        lambda r: -r["diameter_mm"],
        3,
    )
    yield from ask(
        f,
        "lower lobe part-solid nodules > 8mm",
        "study",
        sids(nod(in_lobe("RLL", "LLL"), att("part-solid"), gt("diameter_mm", 8))),
    )
    nrows = _nod_rows()
    yield from _first_share(
        f,
        (
            "% of nodules in the left lung",
            sum(1 for r in nrows if r["lobe"] in ("LUL", "LLL")),
            len(nrows),
        ),
        (
            "% of nodules in the right lung",
            sum(1 for r in nrows if r["lobe"] in ("RUL", "RML", "RLL")),
            len(nrows),
        ),
        (
            "% of nodules in the lower lobes",
            sum(1 for r in nrows if r["lobe"] in ("RLL", "LLL")),
            len(nrows),
        ),
        (
            "% of nodules in the upper lobes",
            sum(1 for r in nrows if r["lobe"] in ("RUL", "LUL")),
            len(nrows),
        ),
        ("% of nodules in the rml", sum(1 for r in nrows if r["lobe"] == "RML"), len(nrows)),
    )
    yield from ask(
        f,
        "calcified nodule findings in the right lower lobe",
        "finding",
        fids(is_nodule, calcified, in_lobe("RLL")),
    )
    yield from ask(
        f,
        "patients with nodules in the rigth upper lobe and the left upper lobe on the same exam",
        "patient",
        pids(nod(in_lobe("RUL")), nod(in_lobe("LUL"))),
    )
    yield from ask(
        f,
        "nodules only in the RML (no nodule in any other lobe on that study)",
        "study",
        sids(nod(), lambda s: all(x["lobe"] == "RML" for x in nods(s))),
    )
    yield from ask(
        f,
        "lobe breakdown for spiculated nodules",
        "groups",
        _groups(_nod_rows(margin("spiculated")), lambda r: r["lobe"]),
    )


def features(rng: random.Random) -> Rows:
    f = "features"
    yield from ask(
        f,
        "which studies have a spicualted nodule bigger than 10 mm",
        "study",
        sids(nod(margin("spiculated"), gt("diameter_mm", 10))),
    )
    yield from ask(f, "lobulted ggn", "study", sids(nod(margin("lobulated"), att("ground-glass"))))
    yield from ask(
        f,
        "calcified solid nodules on ct02",
        "study",
        sids(at_station("CT02"), nod(calcified, att("solid"))),
    )
    yield from ask(
        f,
        "non-calcified part-solid nodules in 2023",
        "study",
        sids(in_year(2023), nod(uncalcified, att("part-solid"))),
    )
    yield from ask(
        f,
        "nodule count group by attenuation",
        "groups",
        _groups(_nod_rows(), lambda r: r["attenuation"]),
    )
    yield from ask(
        f, "margin | nodule count", "groups", _groups(_nod_rows(), lambda r: r["margin"])
    )
    yield from ask(
        f,
        "how many nodules spiculated versus lobulated",
        "groups",
        _groups(
            [r for r in _nod_rows() if r["margin"] in ("spiculated", "lobulated")],
            lambda r: r["margin"],
        ),
    )
    yield from ask(
        f,
        "2025 ct02 exams with a subsolid nodule",
        "study",
        sids(at_station("CT02"), in_year(2025), nod(subsolid)),
    )
    yield from ask(
        f,
        "calcified = true and margin = smooth (nodules), study list",
        "study",
        sids(nod(margin("smooth"), calcified)),
    )
    yield from ask(f, "total nodule findings flagged calcifed", "count", len(_nod_rows(calcified)))
    yield from ask(
        f,
        "psn where solid_component_mm >= 6",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield from ask(
        f,
        "female patients' studies showing a solid spiculated nodule",
        "study",
        sids(sex_is("F"), nod(margin("spiculated"), att("solid"))),
    )
    yield from ask(
        f,
        "count of calcified = true nodules per lobe",
        "groups",
        _groups(_nod_rows(calcified), lambda r: r["lobe"]),
    )
    yield from ask(
        f,
        "pure ground glass nodules with smooth margins over 12 mm",
        "study",
        sids(nod(att("ground-glass"), margin("smooth"), gt("diameter_mm", 12))),
    )
    yield from ask(
        f,
        "number of part-solid nodules having spiculated margins",
        "count",
        len(_nod_rows(margin("spiculated"), att("part-solid"))),
    )
    yield from ask(
        f,
        "patients with a spiculated sollid nodule over 20 mm",
        "patient",
        pids(nod(margin("spiculated"), att("solid"), gt("diameter_mm", 20))),
    )


def intervals(rng: random.Random) -> Rows:
    f = "intervals"
    p1 = pick(rng, _pool(lambda p: len(own(p)) >= 4))
    yield from ask(
        f, f"days from frist to last study for {p1}", "value", float(_span_days(p1, ALL) or 0)
    )
    s2 = pick(rng, [s for s in studies() if len(own(s["patient_id"])) >= 3])
    mine2 = own(s2["patient_id"])
    other = mine2[-1] if mine2[-1] is not s2 else mine2[0]
    yield from ask(
        f,
        f"number of days between accession {s2['accession']} and accession {other['accession']}",
        "value",
        float(abs(days_between(s2["study_date"], other["study_date"]))),
    )
    yield from ask(
        f,
        "median days from one ldct to the patient's next ldct",
        "value",
        median_of([float(g) for g in _consecutive_gaps(ldct)]),
    )
    yield from ask(
        f,
        "avg days elapsed between back-to-back studies of a patient",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(ALL)]),
    )
    yield from ask(
        f,
        "pts whose imaging follow-up exceeds 30 months",
        "patient",
        _followed_months(30, False),
        _followed_days(913, False),
    )
    p3 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    yield from ask(
        f,
        f"{p3} - days between first ldct and most recent ldct",
        "value",
        float(_span_days(p3, ldct) or 0),
    )
    yield from ask(
        f,
        "pts with first-to-latest scan span > 1000 days",
        "patient",
        _followed_days(1000, False),
    )
    yield from ask(
        f,
        "patient list: 2 or more years between first and last exam",
        "patient",
        _followed_months(24, True),
        _followed_days(730, True),
    )
    yield from ask(
        f,
        "max gap in days between consecutive studies of one patient",
        "value",
        float(max(_consecutive_gaps(ALL))),
    )
    p4 = pick(rng, _pool(lambda p: _count_in(p, head_ct) == 2))
    yield from ask(
        f, f"days between the two head cts of {p4}", "value", float(_span_days(p4, head_ct) or 0)
    )
    yield from ask(
        f,
        "across everyone, the median number of days separating one chest ct from the next",
        "value",
        median_of([float(g) for g in _consecutive_gaps(chest_ct)]),
    )
    p5 = pick(rng, _pool(lambda p: len(own(p)) >= 3 and p != p1))
    yield from ask(
        f,
        f"Hi - how many days of imaging follow-up does {p5} have, first exam to "
        f"latest? Regards, Tom",
        "value",
        float(_span_days(p5, ALL) or 0),
    )
    yield from ask(
        f,
        "smallest number of days between two back-to-back ldcts of one patient",
        "value",
        float(min(_consecutive_gaps(ldct))),
    )
    yield from ask(
        f,
        "mean ldct-to-next-ldct interval in days",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(ldct)]),
    )
    yield from ask(
        f, "patients followed for 1100 days or more", "patient", _followed_days(1100, True)
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
    print(len(built), "questions;", Counter(i.family for i in built))
    print("LEFT_OUT:", LEFT_OUT)
