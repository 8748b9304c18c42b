"""Held-out part 55 of the question bank: cohort questions typed as everyone who asks types them.

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
``dev_queries.jsonl``, with parts 22 to 51 (loaded through their ``bank()``, never read), with
every question of ``question_bank.bank()`` and ``question_bank.ungated_bank()``, and with parts 52
to 54 (loaded from their branches ``s26-p52`` to ``s26-p54`` through their ``bank()``, never
read) by a throwaway script that printed only this part's matches (word for word after
lower-casing and dropping punctuation, or a word overlap of 75 % or more of the longer
question): 81 matched dev and parts 22 to 51 (10 word for word), 17 more matched the two banks of
``question_bank`` (3 word for word) and 5 parts 52 to 54 (1 word for word); all were reworded,
and the rewordings matched again 17, 1 and 1 times and were reworded again; none is left, and no
question of this part repeats or overlaps another of it (:func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 230 in all):
identifiers [16] (a patient's studies and number of studies, an accession's patient and
findings, a UID's nodule findings and patient, an initial LDCT, two patients' latest imaging, an
MRN's radiographs, the largest nodule of an accession, a patient's nodule count, three
accessions' patients, a patient's two latest studies, a patient's studies on one station);
dates [16] (a quarter in words, ordinal days dictated, a month range, births before a year, "the
past N days", a decade of birth, slashed birth days, "this year so far", "H1", "since <month>",
"more than N months old", a year dictated, one ISO day, "before june", a misspelt month, an ISO
range); numbers [16] (under one centimetre, an mm range, negative HU, confidence, volume in mm3
both ways, long and short axis, solid component, a mass in centimetres, a cm range dictated, an
HU range with "+", "eleven point five", "minus four hundred fifty"); counts [16] (exactly N
nodules on one scan, N or more per study, LDCTs per patient, a single study, zero nodules, imaging
visits, fewer than two (none counted), one track on N scans, exactly one finding, head CTs and CT
angiograms per patient, exactly three studies, fewer than 2 in a year); set logic [15] ("both",
"but never", "never been through", two kinds of finding "on one exam", a year and "never", two
report concepts on one study, "in 2024 and again in 2026", "or", descriptions of two kinds of
chest CT); Lung-RADS [15] (a category in a year, highest ever, a year's breakdown, "4B or
higher", "from 2 ... to 3", "went up", two categories on file, category 1, a share of a year's
LDCTs, a dictated category, "upgraded to 4X", "3 or worse" at a station in a quarter, "topped
out at", a breakdown of a description, "4a but never 4b or 4x"); rankings and top-N [15]
(largest, most nodules, oldest, youngest, highest HU, latest dates, volume in a lobe, lowest
confidence, highest ggn count, earliest dates, shortest long axis, masses, solid component,
confidence, smallest by volume in women); aggregates and percentages [15] (mean and median
diameter, volume in cc, HU, confidence, long axis in cm, solid component, nodules per LDCT,
median nodules per patient, mean and median age, the share of women among patients with a
finding, of a lobe's nodules by attenuation, of a station's studies by kind, of spiculated
nodules by lobe); report concepts with negation [15] (emphysema, lymphadenopathy, "enlarged
mediastinal lymph nodes", coronary calcification, calcified granuloma; "negative for", "without",
"explicitly stating there is no", "never reported with", "but never once", "but no nodules", a
share of a station's LDCT reports); growth / new / stable [15] (grown since the previous study,
more than 3 mm, at least 2 mm in a lobe, over 2.5 mm in women, new in a year, new part-solid, new
solid counted, new "not masses", stable solid at a station, stable in a year, never grew,
growing ggns, growth counted as studies and as nodules); demographics [15] (sex with an age
bound and a finding, an age range at an LDCT, "septuagenarian", "in their 60s", sex "other",
births after a year, sex breakdowns and "female vs male", "M/F/O split", younger than N at a
chest CT, "40 or younger"); modality / description / station [16] (studies per station, a
station's head CTs, radiographs, modality and body-part breakdowns, quoted descriptions, "ctpa",
"C T zero two", two stations compared, "per station, how many", intracranial hemorrhage on head
CTs); lobes [15] (each lobe by abbreviation and by name, a tally by lobe, two comparisons of
lobes, both lungs, two lobes on some scans, "the upper lobes", a lobe's share, lesions,
consolidation); attenuation / margin / calcification [15] (spiculated, lobulated, smooth,
calcified and not, subsolid, "psn", "ggn vs psn", margin and attenuation breakdowns, smooth vs
spiculated in women); intervals [15] (days and weeks from first to latest study, months between
a patient's first and last LDCT, mean years of LDCT follow-up, median and mean days between
consecutive studies, follow-up longer than 2 years and at least 30 months, a gap of more than 13
months, LDCTs redone within 11 months, days between two accessions, the median span of patients
with a mass, a chest CT followed by another within 13 months, a patient's maximum gap, first and
latest LDCT more than three years apart).

The styles are mixed in roughly equal shares: a radiologist's shorthand ("psn", "ggn", "lr",
"nods", "w/o", "acc", ">8mm"), a nurse's or clinician's full sentences, a screening coordinator's
Lung-RADS over time ("moved from", "topped out at", "upgraded to", "went up"), a manager's
counts per station, quarter, half year and month, a data scientist's (an epidemiologist's)
ranges, means, medians, maxima and shares with their denominators written out ("among patients
who have had ...", "out of all 2023 LDCTs", "of all spiculated nodules"), search-box keywords
("psn w/o calcification", "exams w RML nod >8mm"), dictated numbers ("the fifteenth of March",
"twenty twenty five", "one point two", "minus four hundred fifty", "C T zero two", "four b"),
and 24 questions pasted in an e-mail with a greeting and a sign-off. 28 questions (about one in
eight) carry a hurried typist's slip ("patinet", "janaury", "bleow", "confidance", "noduel",
"nodulse", "exactley", "nevr", "calcifeid", "lung-rasd", "lagrest", "averge", "medain",
"reprots", "lymphadenophaty", "gorwn", "stabel", "patiens", "wommen", "haed", "statoin",
"pneumothroax", "uper", "lobbe", "consolidaiton", "lobualted", "spicualted", "withn"); their
answers are what they plainly mean. 42 questions (about one in five) ask about groups: 19
breakdowns and comparisons, 8 shares, 15 rankings.

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions and UIDs, a day with several studies, a size range; a ranking's number is the first
from the one written whose boundary has no tie, a percentage the first of a list of candidates
(years and categories, findings, lobes, margins and attenuations, stations, report concepts)
that is neither 0 nor 100 % and lies within 0.005 of a tenth, and a relative span the first whose
readings agree. Expected answers are computed here in plain Python with the documented
conventions written out by hand. Where the conventions do not settle a reading the question is
asked only when the competing readings give the same answer (:func:`ask`; ``LEFT_OUT`` lists any
that do not as the bank is built, and is empty for this seed): the first day of "the past N
days" and the boundary day of "more than N months old"; a track that was a mass from its first
study counted or not as a new or stable nodule, and a change taken in floating point or to 0.1
mm; a nodule on N scans counting a mass on its track or not; an age (with a sex) and another
condition on one study or each on some study; "imaging visits" as studies or as study days;
"followed for more than 2 years" as 24 calendar months, 730 or 731 days. Drafts replaced before
freezing because their readings disagreed or their ranking tied: "studies more than three and a
half years old" (asked at 40 months), "the least confident nodules" (asked of pleural
effusions), "the solid nodules with the shortest long axis" (asked of spiculated nodules), "new
nodules on 2025 scans" (the mass-from-start track; asked of 2024), "people in their 50s with a
pneumothorax" (asked of the 60s with a consolidation), "patients who at one time or another
had a mass and also had a pneumothorax" (one scan, or each on some scan; asked "whether on the
same scan or on different ones"). Drafts whose answers were empty by
accident were replaced: "masses over four centimetres" (asked over three and a half), "both a
head CT and a low-dose CT" (the cohort's head-CT patients have no chest CT), "LDCTs whose
category went down" (none), "a gap of more than 14 months between consecutive LDCTs" (asked at
13), "LDCTs repeated within 6 months" (asked at 11). Drafts replaced because a plain reading
could differ: "non-contrast chest CTs" and "contrast-enhanced chest CTs" (LDCTs are unenhanced
and CT angiograms enhanced; asked by the quoted descriptions), "M/F split of CT angiogram
patients" (one of them has sex O; asked as "M/F/O"), "a single nodule seen on 4 scans" ("a
single nodule" is exactly one). Readings taken: "screening ct", "low dose (screening) ct",
"low-dose screens" and "ldct" are the CT CHEST LOW DOSE LUNG SCREENING studies; "ct angiogram",
"ctpa" the CT ANGIO CHEST PE studies; "chest x-rays", "chest radiographs" and "radiographs" the
DX studies; "latest imaging" a patient's latest study; a breakdown or comparison of nodules
counts nodule findings, of studies studies, of patients patients, and "female vs male" leaves
out the third sex; a Lung-RADS breakdown lists only the categories that occur; "pleural fluid"
is a pleural effusion; "median nodule count per patient" is over every patient (none counts as
0); a percentage is the percentage of the population written after "among / out of / of"; ages
are on the study date, and "mean / median age" each patient once at the latest study meeting the
question; the days between a patient's consecutive scans count one day once. No answer is empty.

Scored alone with ``python tests/query/question_bank.py --part held_out_55 -v`` once wired in.
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
    findings,
    fo,
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

PART = "held_out_55"
SEED = 5555

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


def _kind_rows(name: str, *tests: FTest) -> list[Row]:
    return [f for f in findings() if f["kind"] == name and all(t(f) for t in tests)]


def _nod_rows(*tests: FTest, where: Test = ALL) -> list[Row]:
    return [
        f for f in findings() if is_nodule(f) and all(t(f) for t in tests) and where(study_of(f))
    ]


def _mean_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return mean_of([f[name] / scale for f in rows if f.get(name) is not None])


def _median_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return median_of([f[name] / scale for f in rows if f.get(name) is not None])


def _share(part: int, whole: int) -> float | None:
    """A percentage the bank can score (neither 0 nor 100, within 0.005 of a tenth)."""
    return pct(part, whole) if 0 < part < whole else None


def _groups(rows: Sequence[Any], key: Callable[[Any], Any]) -> list[tuple[Any, int]]:
    return sorted(Counter(key(r) for r in rows).items(), key=lambda kv: str(kv[0]))


def _only(groups: list[tuple[Any, int]], *keys: Any) -> list[tuple[Any, int]]:
    return [kv for kv in groups if kv[0] in keys]


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


def _patient_rows(score: Callable[[str], float], among: Sequence[str] | None = None) -> list[Row]:
    chosen = [p["patient_id"] for p in pats()] if among is None else list(among)
    return [{"patient_id": p, "k": -score(p)} for p in chosen]


def _span_days(pid: str, test: Test) -> int | None:
    days = sorted({s["study_date"] for s in own(pid) if test(s)})
    if len(days) < 2:
        return None
    return days_between(days[0], days[-1])


def _followed_months(months: int, inclusive: bool, test: Test = ALL) -> list[str]:
    """Patients whose latest study (of the kind) is more than (``inclusive``: at least)
    ``months`` after their first."""

    def fits(mine: list[Row]) -> bool:
        mine = [s for s in mine if test(s)]
        if not mine:
            return False
        end = months_on(mine[0]["study_date"], months)
        last = str(mine[-1]["study_date"])
        return last >= end if inclusive else last > end

    return history(fits)


def _followed_days(days: int) -> list[str]:
    """Patients whose latest study is more than ``days`` days after their first."""
    return history(
        lambda mine: (
            bool(mine) and days_between(mine[0]["study_date"], mine[-1]["study_date"]) > days
        )
    )


def _consecutive_gaps(test: Test) -> list[int]:
    gaps: list[int] = []
    for p in pats():
        days = sorted({s["study_date"] for s in own(p["patient_id"]) if test(s)})
        gaps.extend(days_between(a, b) for a, b in itertools.pairwise(days))
    return gaps


def _gap_over(test: Test, months: int) -> list[str]:
    """Patients with two consecutive study dates (of the kind) more than ``months`` apart."""

    def fits(mine: list[Row]) -> bool:
        days = sorted({s["study_date"] for s in mine if test(s)})
        return any(b > months_on(a, months) for a, b in itertools.pairwise(days))

    return history(fits)


def _repeated_within(test: Test, months: int) -> list[str]:
    """Studies (of the kind) followed by a later one of the kind within ``months`` months."""
    out = []
    for s in studies():
        if not test(s):
            continue
        end = months_on(s["study_date"], months)
        if any(test(x) and s["study_date"] < x["study_date"] <= end for x in own(s["patient_id"])):
            out.append(s["study_uid"])
    return sorted(out)


def _age_latest(pid: str, test: Test) -> int | None:
    s = _latest(pid, test)
    return None if s is None else ref.age(s)


def _first_share(*candidates: tuple[str, int, int]) -> tuple[str, float] | None:
    for question, part, whole in candidates:
        got = _share(part, whole)
        if got is not None:
            return question, got
    return None


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    many = _pool(lambda p: len(own(p)) >= 4)
    p1 = pick(rng, many)
    yield _q(
        fam, f"{p1} - every exam we hold for them", "study", sids(lambda s: s["patient_id"] == p1)
    )
    s1 = pick(rng, studies())
    yield _q(
        fam,
        f"Which patient is accession number {s1['accession']} registered to?",
        "patient",
        [s1["patient_id"]],
    )
    p2 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    yield _q(
        fam,
        f"Can you tell me the total number of imaging studies on file for {p2}?",
        "count",
        len(own(p2)),
    )
    withf = [s for s in studies() if len(fo(s)) >= 3]
    s2 = pick(rng, withf)
    yield _q(
        fam,
        f"accession {s2['accession']}: every finding attached to it, whatever the kind",
        "finding",
        sorted(f["finding_id"] for f in fo(s2)),
    )
    s3 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield _q(
        fam,
        f"nodule findings belonging to study uid {s3['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in nods(s3)),
    )
    s4 = pick(rng, studies())
    yield _q(fam, f"uid {s4['study_uid']} - who is the patient", "patient", [s4["patient_id"]])
    p3 = pick(rng, _pool(lambda p: sum(map(ldct, own(p))) >= 2))
    yield _q(
        fam,
        f"initial low dose screening ct for {p3}",
        "study",
        _uid(_first(p3, ldct)),
    )
    p4, p5 = rng.sample(_pool(lambda p: len(own(p)) >= 2), 2)
    yield _q(
        fam,
        f"most recent imaging of {p4} and of {p5}",
        "study",
        sorted(_uid(_latest(p4, ALL)) + _uid(_latest(p5, ALL))),
    )
    p6 = pick(rng, _pool(lambda p: any(map(cxr, own(p)))))
    yield _q(
        fam, f"chest radiographs for MRN {p6}", "study", sids(lambda s: s["patient_id"] == p6, cxr)
    )
    s5 = pick(rng, [s for s in studies() if len(fo(s)) >= 2])
    yield _q(
        fam,
        f"Hi all, how many findings are linked to accession {s5['accession']}? "
        "Many thanks, Priya (research office)",
        "count",
        len(fo(s5)),
    )

    def unique_max(s: Row) -> bool:
        d = sorted((f["diameter_mm"] for f in nods(s)), reverse=True)
        return len(d) >= 2 and d[0] > d[1]

    s6 = pick(rng, [s for s in studies() if unique_max(s)])
    biggest = max(nods(s6), key=lambda f: f["diameter_mm"])
    yield _q(
        fam,
        f"biggest nodule on accession {s6['accession']}",
        "finding",
        [biggest["finding_id"]],
    )
    p7 = pick(rng, _pool(lambda p: len(_nod_rows(where=lambda s: s["patient_id"] == p)) >= 3))
    yield _q(
        fam,
        f"how many nodule findings does {p7} have across all of their scans",
        "count",
        len(_nod_rows(where=lambda s: s["patient_id"] == p7)),
    )
    trio = rng.sample(studies(), 3)
    accs = ", ".join(s["accession"] for s in trio[:2]) + f" and {trio[2]['accession']}"
    yield _q(
        fam,
        f"patients behind accessions {accs}",
        "patient",
        sorted({s["patient_id"] for s in trio}),
    )
    p8 = pick(rng, _pool(lambda p: len(own(p)) >= 4))
    yield _q(
        fam,
        f"the two latest studies of {p8}",
        "study",
        sorted(s["study_uid"] for s in own(p8)[-2:]),
    )
    p9 = pick(rng, _pool(lambda p: len({s["station"] for s in own(p)}) >= 2))
    st = own(p9)[0]["station"]
    yield _q(
        fam,
        f"studies of {p9} acquired on {st}",
        "study",
        sids(lambda s: s["patient_id"] == p9, at_station(st)),
    )
    p10 = pick(rng, _pool(lambda p: len(own(p)) >= 2))
    yield _q(fam, f"all imaging for patinet {p10}", "study", sids(lambda s: s["patient_id"] == p10))


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    yield _q(
        fam,
        "Hi team, please pull the low dose screening cts performed in the second quarter of 2025. "
        "Thanks, Sandra",
        "study",
        sids(ldct, quarter(2025, 2)),
    )
    yield _q(
        fam,
        "How many chest CTs were done between the fifteenth of March 2024 "
        "and the thirtieth of June 2024?",
        "count",
        count(chest_ct, dated("2024-03-15", "2024-06-30")),
    )
    yield _q(
        fam,
        "head cts from october 2023 through february 2024",
        "study",
        sids(head_ct, dated("2023-10-01", "2024-02-29")),
    )
    yield _q(
        fam,
        "Hello, I'm after the patients born before 1945 who have had a head CT - thank you! Jo",
        "patient",
        sorted(set(born("1900-01-01", "1944-12-31")) & set(pids(head_ct))),
    )
    for n in (45, 60, 75, 90):
        early, late = shift(AS_OF, -n), shift(AS_OF, -n + 1)
        got = agreed(sids(dated(early, AS_OF)), sids(dated(late, AS_OF)))
        if got:
            yield _q(fam, f"exams in the past {n} days", "study", got)
            break
    yield _q(
        fam,
        "which people born during the 1970s have ever had a lung nodule",
        "patient",
        sorted(set(born("1970-01-01", "1979-12-31")) & set(pids(nod()))),
    )
    women = set(pids(sex_is("F")))
    yield _q(
        fam,
        "women with a date of birth between 1/1/1950 and 12/31/1952",
        "patient",
        sorted(set(born("1950-01-01", "1952-12-31")) & women),
    )
    yield _q(
        fam,
        "ct angiogram count for this year so far, please",
        "count",
        count(cta, dated("2026-01-01", AS_OF)),
    )
    yield _q(
        fam,
        "How many LDCTs did we do in H1 2026?",
        "count",
        count(ldct, dated("2026-01-01", "2026-06-30")),
    )
    yield _q(
        fam,
        "any masses seen since august 2026?",
        "study",
        sids(kind("mass"), dated("2026-08-01", AS_OF)),
    )
    for months, words in ((42, "three and a half years"), (40, "40 months"), (34, "34 months")):
        cut = months_on(AS_OF, -months)
        got = agreed(
            count(lambda s, c=cut: s["study_date"] < c),
            count(lambda s, c=cut: s["study_date"] <= c),
        )
        if got is not None:
            yield _q(fam, f"number of studies more than {words} old", "count", got)
            break
    yield _q(
        fam,
        "how many chest x rays in twenty twenty five",
        "count",
        count(cxr, in_year(2025)),
    )
    days = Counter(s["study_date"] for s in studies())
    day = pick(rng, sorted(d for d, c in days.items() if c >= 3))
    yield _q(fam, f"scans dated {day}", "study", sids(dated(day, day)))
    yield _q(
        fam,
        "which patients had a screening ct before june 2023",
        "patient",
        pids(ldct, lambda s: s["study_date"] < "2023-06-01"),
    )
    yield _q(
        fam,
        "janaury 2025 ldcts, how many",
        "count",
        count(ldct, dated("2025-01-01", "2025-01-31")),
    )
    yield _q(
        fam,
        "studies between 2025-11-10 and 2025-12-05 with any finding",
        "study",
        sids(dated("2025-11-10", "2025-12-05"), lambda s: bool(fo(s))),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield _q(
        fam,
        "part-solid nodules under one centimetre",
        "study",
        sids(nod(att("part-solid"), lt("diameter_mm", 10))),
    )
    lo = pick(rng, [5, 6, 7])
    yield _q(
        fam,
        f"solid nods {lo}-{lo + 2} mm",
        "study",
        sids(nod(att("solid"), within("diameter_mm", lo, lo + 2))),
    )
    yield _q(
        fam,
        "which scans show a nodule whose mean attenuation is bleow -700 HU",
        "study",
        sids(nod(lt("mean_hu", -700))),
    )
    yield _q(
        fam,
        "how many findings have a confidance of 0.95 or above",
        "count",
        len([f for f in findings() if f["confidence"] >= 0.95]),
    )
    yield _q(
        fam,
        "Dear all, which scans have nodules with a volume over 2000 mm3? Kind regards, Lena",
        "study",
        sids(nod(gt("volume_mm3", 2000))),
    )
    yield _q(
        fam,
        "which patients have a nodule whose long axis is at least 20 mm",
        "patient",
        pids(nod(ge("long_axis_mm", 20))),
    )
    yield _q(
        fam,
        "count of nodules with a short axis under 4 mm",
        "count",
        len(_nod_rows(lt("short_axis_mm", 4))),
    )
    yield _q(
        fam,
        "nodules whose solid component is greater than 6 mm",
        "study",
        sids(nod(gt("solid_component_mm", 6))),
    )
    yield _q(
        fam,
        "any mass measuring over three and a half centimetres? list the scans",
        "study",
        sids(kind("mass", gt("diameter_mm", 35))),
    )
    yield _q(
        fam,
        "nodules between one point two and one point five centimetres",
        "study",
        sids(nod(within("diameter_mm", 12, 15))),
    )
    yield _q(
        fam,
        "scans w a nodule at -300 thru +50 hu, ends included",
        "study",
        sids(nod(within("mean_hu", -300, 50))),
    )
    yield _q(
        fam,
        "scans showing a nodule of eleven point five millimetres or more in diameter",
        "study",
        sids(nod(ge("diameter_mm", 11.5))),
    )
    yield _q(
        fam,
        "nodules with conf under 0.65",
        "study",
        sids(nod(lt("confidence", 0.65))),
    )
    yield _q(
        fam, "exams where a noduel is larger than 2 cm", "study", sids(nod(gt("diameter_mm", 20)))
    )
    yield _q(
        fam,
        "solid nodules with a volume of at most one hundred and fifty mm3",
        "study",
        sids(nod(att("solid"), le("volume_mm3", 150))),
    )
    yield _q(
        fam,
        "ground glass nodules denser than minus four hundred fifty hu",
        "study",
        sids(nod(att("ground-glass"), gt("mean_hu", -450))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield _q(
        fam,
        "patients with exactly two nodules on a single scan",
        "patient",
        pids(_n_nods(lambda n: n == 2)),
    )
    yield _q(fam, "exams carrying 4 or more nodulse each", "study", sids(_n_nods(lambda n: n >= 4)))
    yield _q(
        fam,
        "Hi, for the audit: how many patients have had 3 or more low-dose cts? Best, Carlos",
        "count",
        len(_per_patient(ldct, lambda n: n >= 3)),
    )
    yield _q(
        fam, "patients with only a single study", "patient", _per_patient(ALL, lambda n: n == 1)
    )
    yield _q(
        fam,
        "screening low dose cts with no nodule at all: how many",
        "count",
        count(ldct, _n_nods(lambda n: n == 0)),
    )
    yield from ask(
        fam,
        "frequent flyers: patients with a minimum of 4 imaging visits on record",
        "patient",
        _per_patient(ALL, lambda n: n >= 4),
        history(lambda mine: len({s["study_date"] for s in mine}) >= 4),
    )
    yield _q(
        fam,
        "number of chest CT exams on which more than 3 nodules were recorded",
        "count",
        count(chest_ct, _n_nods(lambda n: n > 3)),
    )
    yield _q(
        fam,
        "How many patients in the cohort had fewer than two screening CTs (none counts)?",
        "count",
        len(_per_patient(ldct, lambda n: n < 2)),
    )
    yield from ask(
        fam,
        "patients where one and the same tracked nodule turns up on 4 or more of their scans",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(
        fam,
        "how many studies had exactly one finding of any kind",
        "count",
        count(lambda s: len(fo(s)) == 1),
    )
    yield _q(
        fam,
        "anybody who came back for a second (or third...) head ct - list the patients",
        "patient",
        _per_patient(head_ct, lambda n: n >= 2),
    )
    yield _q(
        fam,
        "studies with at least 3 solid nodules",
        "study",
        sids(_n_nods(lambda n: n >= 3, att("solid"))),
    )
    yield _q(
        fam,
        "how many pts had exactley three studies",
        "count",
        len(_per_patient(ALL, lambda n: n == 3)),
    )
    yield _q(
        fam,
        "ldct exams that list 2 nodules exactly",
        "study",
        sids(ldct, _n_nods(lambda n: n == 2)),
    )
    yield _q(
        fam,
        "people who have undergone more than one CT angiogram",
        "patient",
        _per_patient(cta, lambda n: n > 1),
    )
    yield _q(
        fam,
        "this year's (2026) low-dose screens showing under 2 nodules: number of them",
        "count",
        count(ldct, in_year(2026), _n_nods(lambda n: n < 2)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    spic, emph = nod(margin("spiculated")), says("emphysema")
    yield _q(
        fam,
        "Morning! Could I get the patients with both a spiculated nodule and emphysema? Ta, Ben",
        "patient",
        history(each_on_some(spic, emph)),
    )
    yield _q(
        fam,
        "pts with a ggn at some point but never a solid nodule on any scan",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield _q(fam, "which patients have nevr been through a chest CT", "patient", _never(chest_ct))
    yield _q(
        fam,
        "Which patients have had both a CT CHEST W CONTRAST and a CT CHEST W/O CONTRAST "
        "at some point?",
        "patient",
        history(each_on_some(with_contrast, non_contrast_chest)),
    )
    yield _q(
        fam,
        "patients with one exam showing a pneumothorax together with a nodule",
        "patient",
        pids(kind("pneumothorax"), nod()),
    )
    no_big = set(_never(nod(gt("diameter_mm", 8))))
    yield _q(
        fam,
        "of the people screened with an ldct during 2025, who never had a nodule over 8 mm",
        "patient",
        sorted(set(pids(ldct, in_year(2025))) & no_big),
    )
    yield _q(
        fam,
        "patients whose reports mention emphysema and coronary calcification on the same study",
        "patient",
        pids(emph, says("coronary")),
    )
    yield _q(
        fam,
        "anyone with an exam in 2024 and again in 2026? need the patient list",
        "patient",
        history(each_on_some(in_year(2024), in_year(2026))),
    )
    yield _q(
        fam,
        "pts who had calcifeid nodules but have never had lymphadenopathy reported",
        "patient",
        history(some_but_never(nod(calcified), says("lymphadenopathy"))),
    )
    yield _q(
        fam,
        "female patients in whom no nodule has ever been found",
        "patient",
        sorted(set(_never(nod())) & set(p["patient_id"] for p in pats() if p["sex"] == "F")),
    )
    yield _q(
        fam,
        "patients whose imaging has shown consolidation or pleural fluid",
        "patient",
        pids(lambda s: kind("consolidation")(s) or kind("pleural_effusion")(s)),
    )
    yield _q(
        fam,
        "patients with both a part-solid nodule and a pure ground-glass one, on any of their scans",
        "patient",
        history(each_on_some(nod(att("part-solid")), nod(att("ground-glass")))),
    )
    yield _q(
        fam,
        "which patients have not once been scanned on station CT02",
        "patient",
        _never(at_station("CT02")),
    )
    yield _q(
        fam,
        "patients who had a ct angiogram but never any nodule",
        "patient",
        history(some_but_never(cta, nod())),
    )
    yield _q(
        fam,
        "patients who have had a mass and a pneumothorax, whether on the same scan or on "
        "different ones",
        "patient",
        history(each_on_some(kind("mass"), kind("pneumothorax"))),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    yield _q(
        fam,
        "screening exams during 2025 whose lr came out at 3, low dose ct only",
        "study",
        sids(ldct, in_year(2025), cat_in("3")),
    )
    yield _q(
        fam,
        "Hi Dr Patel, can you list patients whose highest Lung-RADS ever was 4A? "
        "Thanks so much, Amira (screening office)",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    yield _q(
        fam,
        "how did the 2024 low-dose screens distribute over the Lung-RADS grades (a count for each)",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2024)(s)], category),
    )
    yield _q(
        fam,
        "How many screening CTs in 2026 were category 4B or higher?",
        "count",
        count(ldct, in_year(2026), cat_in("4B", "4X")),
    )
    yield _q(
        fam,
        "patients whose category moved from lung-rads 2 on one exam to lung-rads 3 on the next",
        "patient",
        pids(went_from("2", ("3",))),
    )
    yield _q(
        fam,
        "ldcts whose lung-rads category went up compared with the previous exam",
        "study",
        sids(ldct, went(1)),
    )
    yield _q(
        fam,
        "patients who have both a lung-rads 2 exam and a lung-rads 4X exam on file",
        "patient",
        history(each_on_some(cat_in("4X"), cat_in("2"))),
    )
    yield _q(fam, "tally: chest ct exams scored lung-rads 1", "count", count(chest_ct, cat_in("1")))
    yield from _share_q(
        fam,
        [
            (f"Out of all {y} LDCTs, what fraction came back Lung-RADS category {c}?", y, c)
            for y in (2025, 2024, 2023, 2026)
            for c in ("3", "4A", "2")
        ],
    )
    yield _q(
        fam,
        "studies from twenty twenty four that were graded lung rads four b",
        "study",
        sids(in_year(2024), cat_in("4B")),
    )
    yield _q(
        fam,
        "ldcts upgraded to 4X since the prior",
        "study",
        sids(ldct, went(1), cat_in("4X")),
    )
    yield _q(
        fam,
        "category 3 or worse ldcts at CT02 in Q1 2025",
        "study",
        sids(ldct, at_station("CT02"), quarter(2025, 1), cat_in("3", *LR4)),
    )
    women = {p["patient_id"] for p in pats() if p["sex"] == "F"}
    yield _q(
        fam,
        "which women topped out at lung-rads 3, their worst on record",
        "patient",
        sorted(set(history(lambda mine: highest(mine) == "3")) & women),
    )
    yield _q(
        fam,
        "lung-rasd breakdown of CT CHEST W/O CONTRAST exams",
        "groups",
        _groups([s for s in studies() if non_contrast_chest(s)], category),
    )
    yield _q(
        fam,
        "Hi all, which patients were lung-rads 4a but never 4b or 4x? Thanks, Mei (screening)",
        "patient",
        history(some_but_never(cat_in("4A"), cat_in("4B", "4X"))),
    )


def _share_q(fam: str, candidates: list[tuple[str, int, str]]) -> Rows:
    for question, y, c in candidates:
        pool = [s for s in studies() if ldct(s) and in_year(y)(s)]
        got = _share(sum(1 for s in pool if category(s) == c), len(pool))
        if got is not None:
            yield _q(fam, question, "value", got)
            return
    LEFT_OUT.append(candidates[0][0])


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"

    def finding_rank(question: str, rows: list[Row], key: Callable[[Row], Any], n: int) -> Rows:
        got = _ranked(rows, key, "finding_id", n)
        if got is None:
            LEFT_OUT.append(question)
            return
        k, ids = got
        yield _q(fam, question.format(n=k), "finding", ids)

    ggn = _nod_rows(att("ground-glass"))
    yield from finding_rank(
        "the {n} lagrest ground-glass nodules", ggn, lambda f: -f["diameter_mm"], 5
    )

    def n_nodules(p: str) -> float:
        return len(_nod_rows(where=lambda s: s["patient_id"] == p))

    got = _ranked(_patient_rows(n_nodules), lambda r: r["k"], "patient_id", 3)
    if got:
        yield _q(
            fam,
            f"Hello, which {got[0]} patients have the most nodules? Cheers, Sam",
            "patient",
            got[1],
        )
    recent = pids(ldct, in_year(2026))
    rows = [{"patient_id": p, "k": birth(p)} for p in recent]
    got = _ranked(rows, lambda r: r["k"], "patient_id", 4)
    if got:
        yield _q(fam, f"oldest {got[0]} patients with an ldct in 2026", "patient", got[1])
    mass_p = pids(kind("mass"))
    youngest = max(mass_p, key=birth)
    yield from ask(
        fam,
        "who is the youngest patient with a mass",
        "patient",
        [youngest] if sum(birth(p) == birth(youngest) for p in mass_p) == 1 else None,
    )
    hu = top(_nod_rows(), lambda f: -f["mean_hu"], 1, "finding_id")
    yield from ask(fam, "the nodule with the highest mean HU", "finding", hu)
    heads = [s for s in studies() if head_ct(s)]
    got = _ranked(heads, lambda s: -_by_day(s), "study_uid", 6)
    if got:
        yield _q(fam, f"the {got[0]} head CTs with the latest study dates", "study", got[1])
    yield from finding_rank(
        "top {n} nodules by volume in the RUL",
        _nod_rows(in_lobe("RUL")),
        lambda f: -f["volume_mm3"],
        5,
    )
    yield from finding_rank(
        "the {n} pleural effusions with the lowest confidence",
        _kind_rows("pleural_effusion"),
        lambda f: f["confidence"],
        3,
    )

    def n_ggn(p: str) -> float:
        return len(_nod_rows(att("ground-glass"), where=lambda s: s["patient_id"] == p))

    got = _ranked(_patient_rows(n_ggn), lambda r: r["k"], "patient_id", 3)
    if got:
        yield _q(fam, f"the {got[0]} patients with the highest ggn count", "patient", got[1])
    ctas = [s for s in studies() if cta(s)]
    got = _ranked(ctas, _by_day, "study_uid", 3)
    if got:
        yield _q(fam, f"oldest {got[0]} CTPA exams in the archive by date", "study", got[1])
    yield from finding_rank(
        "the {n} spiculated nodules with the shortest long axis",
        _nod_rows(margin("spiculated")),
        lambda f: f["long_axis_mm"],
        3,
    )
    yield from finding_rank(
        "the biggest {n} masses in the database, by size",
        _kind_rows("mass"),
        lambda f: -f["diameter_mm"],
        3,
    )
    yield from finding_rank(
        "{n} part-solid nodules with the biggest solid component measurements",
        _nod_rows(att("part-solid")),
        lambda f: -f["solid_component_mm"],
        4,
    )
    yield from finding_rank(
        "the {n} highest-confidence consolidations",
        _kind_rows("consolidation"),
        lambda f: -f["confidence"],
        5,
    )
    yield from finding_rank(
        "smallest {n} nodules by volume in women",
        _nod_rows(where=sex_is("F")),
        lambda f: f["volume_mm3"],
        5,
    )


def birth(pid: str) -> str:
    return str(ref.cohort()[0][pid]["birth_date"])


def stats(rng: random.Random) -> Rows:
    fam = "aggregates"
    yield _q(
        fam,
        "what's the average size in mm of a solid nodule in this cohort",
        "value",
        _mean_field(_nod_rows(att("solid")), "diameter_mm"),
    )
    yield _q(
        fam,
        "typical (median) volume, in cc, across every pure ground-glass nodule",
        "value",
        _median_field(_nod_rows(att("ground-glass")), "volume_mm3", 1000),
    )
    yield _q(
        fam,
        "what is the averge mean-HU value of the part-solid nodules we have",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "mean_hu"),
    )
    yield _q(
        fam,
        "pneumothorax detections: medain confidence score",
        "value",
        _median_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield _q(
        fam,
        "spiculated ones only: mean long axis of the nodule, give it to me in cm",
        "value",
        _mean_field(_nod_rows(margin("spiculated")), "long_axis_mm", 10),
    )
    women = {p["patient_id"] for p in pats() if p["sex"] == "F"}
    cands = []
    for label, test in (
        ("a CT angiogram", cta),
        ("a head CT", head_ct),
        ("a chest x-ray", cxr),
        ("a pneumothorax", kind("pneumothorax")),
        ("a spiculated nodule", nod(margin("spiculated"))),
        ("a part-solid nodule", nod(att("part-solid"))),
        ("a calcified nodule", nod(calcified)),
        ("a pleural effusion", kind("pleural_effusion")),
        ("a consolidation", kind("consolidation")),
        ("a scan at CT01", at_station("CT01")),
    ):
        had = set(pids(test))
        cands.append(
            (
                f"Among patients who have had {label}, what proportion are women?",
                len(had & women),
                len(had),
            )
        )
    got = _first_share(*cands)
    if got:
        yield _q(fam, got[0], "value", got[1])
    cands = [
        (
            f"among nodules in the {lobe}, what percentage are {m}?",
            len(_nod_rows(in_lobe(lobe), margin(m))),
            len(_nod_rows(in_lobe(lobe))),
        )
        for lobe in ("RLL", "LUL", "RML", "LLL", "RUL")
        for m in ("spiculated", "lobulated", "smooth")
    ] + [
        (
            f"among nodules in the {lobe}, what percentage are {a}?",
            len(_nod_rows(in_lobe(lobe), att(a))),
            len(_nod_rows(in_lobe(lobe))),
        )
        for lobe in ("RLL", "LUL", "RML", "LLL", "RUL")
        for a in ("solid", "part-solid", "ground-glass")
    ]
    got = _first_share(*cands)
    if got:
        yield _q(fam, got[0], "value", got[1])
    ld = [s for s in studies() if ldct(s)]
    yield _q(
        fam,
        "expected nodule yield of one low-dose screening scan - mean per ldct",
        "value",
        sum(len(nods(s)) for s in ld) / len(ld),
    )
    per_patient = Counter(study_of(f)["patient_id"] for f in _nod_rows())
    yield _q(
        fam,
        "median nodule count per patient, whole cohort",
        "value",
        median_of([float(per_patient.get(p["patient_id"], 0)) for p in pats()]),
    )
    mass_p = pids(kind("mass"))
    ages = [_age_latest(p, kind("mass")) for p in mass_p]
    yield _q(
        fam,
        "Dear ScanSide team, what is the mean age of patients with a mass? "
        "Many thanks, Dr Ingrid Holm, epidemiology",
        "value",
        mean_of([a for a in ages if a is not None]),
    )
    men_cta = [p for p in pids(cta) if ref.cohort()[0][p]["sex"] == "M"]
    ages = [_age_latest(p, cta) for p in men_cta]
    yield _q(
        fam,
        "median age of men who had a ct angiogram",
        "value",
        median_of([a for a in ages if a is not None]),
    )
    cands = []
    for st in ("CT01", "CT02"):
        for label, test in (("head CTs", head_ct), ("CT angiograms", cta), ("LDCTs", ldct)):
            pool = [s for s in studies() if s["station"] == st]
            cands.append(
                (
                    f"% of {st.lower()} studies that were {label}",
                    sum(1 for s in pool if test(s)),
                    len(pool),
                )
            )
    got = _first_share(*cands)
    if got:
        yield _q(fam, got[0], "value", got[1])
    yield _q(
        fam,
        "for part-solid nodules, what's the typical solid component, as a mean in mm",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    yield _q(
        fam,
        "Could you send me the median diameter of nodules found in men? Thanks, Tom",
        "value",
        _median_field(_nod_rows(where=sex_is("M")), "diameter_mm"),
    )
    cands = (
        [
            (
                f"what fraction of {a} nodules are calcified",
                len(_nod_rows(att(a), calcified)),
                len(_nod_rows(att(a))),
            )
            for a in ("solid",)
        ]
        + [
            (
                f"what fraction of {lobe} nodules are calcified",
                len(_nod_rows(in_lobe(lobe), calcified)),
                len(_nod_rows(in_lobe(lobe))),
            )
            for lobe in ("RUL", "RML", "RLL", "LUL", "LLL")
        ]
        + [
            (
                f"proportion of {y} chest cts with a nodule over 8 mm",
                count(chest_ct, in_year(y), nod(gt("diameter_mm", 8))),
                count(chest_ct, in_year(y)),
            )
            for y in (2023, 2024, 2025, 2026)
        ]
        + [
            (
                f"of all spiculated nodules, what proportion are in the {lobe}",
                len(_nod_rows(in_lobe(lobe), margin("spiculated"))),
                len(_nod_rows(margin("spiculated"))),
            )
            for lobe in ("RUL", "RML", "RLL", "LUL", "LLL")
        ]
    )
    got = _first_share(*cands)
    if got:
        yield _q(fam, got[0], "value", got[1])


def reports(rng: random.Random) -> Rows:
    fam = "report concepts"
    emph, lymph, cor, gran = (
        says("emphysema"),
        says("lymphadenopathy"),
        says("coronary"),
        says("granuloma"),
    )
    yield _q(fam, "studies whose reprots mention emphysema", "study", sids(emph))
    yield _q(
        fam,
        "studies with lymphadenopathy in the report and a nodule over 10 mm",
        "study",
        sids(lymph, nod(gt("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "low dose screening exams from 2023 whose report was negative for emphysema",
        "study",
        sids(ldct, in_year(2023), denies("emphysema")),
    )
    yield _q(
        fam,
        "ldcts in 2026 without coronary artery calcification",
        "study",
        sids(ldct, in_year(2026), neg(cor)),
    )
    yield _q(
        fam, "patients where no report has ever described lymphadenopathy", "patient", _never(lymph)
    )
    yield _q(fam, "calcified granuloma on the report - count of studies", "count", count(gran))
    yield _q(
        fam,
        "Hi - studies with emphysema but no nodules please. Thanks, Raj",
        "study",
        sids(emph, neg(nod())),
    )
    yield _q(
        fam,
        "reports from 2025 describing enlarged mediastinal lymph nodes",
        "study",
        sids(lymph, in_year(2025)),
    )
    ld = [s for s in studies() if ldct(s)]
    cands = [
        (
            f"what percentage of {y} ldcts mention {word} in the report",
            sum(1 for s in ld if in_year(y)(s) and says(c)(s)),
            sum(1 for s in ld if in_year(y)(s)),
        )
        for word, c in (
            ("emphysema", "emphysema"),
            ("lymphadenopathy", "lymphadenopathy"),
            ("coronary calcification", "coronary"),
        )
        for y in (2023, 2024, 2025, 2026)
    ] + [
        (
            f"share of {st} ldct reports that mention {word}",
            sum(1 for s in ld if s["station"] == st and says(c)(s)),
            sum(1 for s in ld if s["station"] == st),
        )
        for word, c in (
            ("emphysema", "emphysema"),
            ("lymphadenopathy", "lymphadenopathy"),
            ("coronary calcification", "coronary"),
            ("a granuloma", "granuloma"),
        )
        for st in ("CT01", "CT02")
    ]
    got = _first_share(*cands)
    if got:
        yield _q(fam, got[0], "value", got[1])
    yield _q(
        fam,
        "reports describing both coronary artery calcification and emphysema",
        "study",
        sids(cor, emph),
    )
    yield from ask(
        fam,
        "emphysema in women older than 70: which patients",
        "patient",
        *aged(lambda s: ref.sex(s) == "F" and ref.age(s) > 70, emph),
    )
    yield _q(
        fam,
        "chest cts with lymphadenophaty",
        "study",
        sids(chest_ct, lymph),
    )
    yield _q(
        fam,
        "number of reports explicitly stating there is no lymphadenopathy",
        "count",
        count(denies("lymphadenopathy")),
    )
    yield _q(
        fam,
        "patients whose reports note coronary calcification but never once emphysema",
        "patient",
        history(some_but_never(cor, emph)),
    )
    yield _q(
        fam,
        "Good morning - which patients had emphysema noted on a CT done at CT01? "
        "Regards, Dr Okafor",
        "patient",
        pids(emph, at_station("CT01")),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"

    def st(*tests: FTest) -> list[list[str]]:
        return [
            sids(lambda s, t=t: any(t(f) and all(x(f) for x in tests) for f in fo(s)))
            for t in grew_readings()
        ]

    yield from ask(
        fam,
        "exams showing a nodule that grew relative to the patient's previous study",
        "study",
        *st(),
    )
    big = [pids(lambda s, t=t: any(t(f) for f in fo(s))) for t in grew_readings(3.0)]
    yield from ask(
        fam,
        "Hello both, which patients have a nodule that grew by more than 3 mm? Best regards, Fiona",
        "patient",
        *big,
    )
    for y in (2025, 2024, 2026, 2023):
        newr = [
            sids(in_year(y), lambda s, m=m: any(new(m)(f) for f in fo(s))) for m in (False, True)
        ]
        if agreed(*newr):
            yield _q(fam, f"exams dated {y} that have a new nodule", "study", newr[0])
            break
    stab = [
        sids(
            at_station("CT01"),
            lambda s, r=r, m=m: any(
                stable(r, m)(f) and f["attenuation"] == "solid" and is_nodule(f) for f in fo(s)
            ),
        )
        for r in (False, True)
        for m in (False, True)
    ]
    yield from ask(fam, "stable solid nodules on CT01 exams", "study", *stab)
    cnt = [count(lambda s, t=t: any(t(f) for f in fo(s))) for t in grew_readings()]
    yield from ask(fam, "count the exams with nodule growth since the prior", "count", *cnt)
    two = [
        sids(lambda s, t=t: any(t(f) and f["lobe"] == "RUL" for f in fo(s)))
        for t in grew_readings(2.0, True)
    ]
    yield from ask(
        fam, "growth of 2 mm or more in a right upper lobe nodule - which exams", "study", *two
    )
    ps = [
        sids(lambda s, m=m: any(new(m)(f) and f["attenuation"] == "part-solid" for f in fo(s)))
        for m in (False, True)
    ]
    yield from ask(
        fam,
        "Hi, are there new part-solid nodules anywhere? If so which scans. Thanks, Ola",
        "study",
        *ps,
    )
    nev = [
        history(lambda mine, t=t: not any(t(f) for s in mine for f in fo(s)))
        for t in grew_readings()
    ]
    yield from ask(fam, "patients in whom not a single nodule ever grew", "patient", *nev)
    gg = [
        sids(lambda s, t=t: any(t(f) and f["attenuation"] == "ground-glass" for f in fo(s)))
        for t in grew_readings()
    ]
    yield from ask(fam, "ggns that are growing - which scans", "study", *gg)
    yield _q(
        fam,
        "new nodules over 6 mm, not masses",
        "study",
        sids(lambda s: any(new(False)(f) and f["diameter_mm"] > 6 for f in fo(s))),
    )
    nf = [len([f for f in findings() if t(f)]) for t in grew_readings()]
    yield from ask(fam, "number of nodules that grew", "count", *nf)
    s26 = [
        sids(in_year(2026), lambda s, r=r, m=m: any(stable(r, m)(f) for f in fo(s)))
        for r in (False, True)
        for m in (False, True)
    ]
    yield from ask(fam, "stabel nodules, 2026 studies", "study", *s26)
    fem = [pids(sex_is("F"), lambda s, t=t: any(t(f) for f in fo(s))) for t in grew_readings(2.5)]
    yield from ask(fam, "women with nodule growth over 2.5 mm", "patient", *fem)
    lo = [sids(ldct, lambda s, t=t: any(t(f) for f in fo(s))) for t in grew_readings()]
    yield from ask(fam, "ldcts with a gorwn nodule", "study", *lo)
    cnt = [
        len([f for f in findings() if new(m)(f) and f["attenuation"] == "solid"])
        for m in (False, True)
    ]
    yield from ask(fam, "new solid nodules: how many findings in all", "count", *cnt)


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    yield from ask(
        fam,
        "women over 75 with a spiculated nodule",
        "patient",
        *aged(lambda s: ref.sex(s) == "F" and ref.age(s) > 75, nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "men aged 50 to 55 at the time of their low-dose ct",
        "patient",
        pids(sex_is("M"), lambda s: 50 <= ref.age(s) <= 55, ldct),
    )
    mass_p = pids(kind("mass"))
    yield _q(
        fam,
        "of everyone whose imaging ever showed a mass, how many are male, female, other",
        "groups",
        _groups(mass_p, lambda p: ref.cohort()[0][p]["sex"]),
    )
    yield _q(
        fam,
        "number of people whose sex is recorded as other",
        "count",
        sum(1 for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        fam,
        "pleural effusion in a septuagenarian - which patients",
        "patient",
        *aged(lambda s: 70 <= ref.age(s) <= 79, kind("pleural_effusion")),
    )
    yield _q(
        fam,
        "Hi folks, list of patients born after 1995 please - Kim",
        "patient",
        born("1996-01-01", "2100-12-31"),
    )
    x4 = pids(cat_in("4X"))
    yield _q(
        fam,
        "female vs male counts among pts with lr 4x",
        "groups",
        _only(_groups(x4, lambda p: ref.cohort()[0][p]["sex"]), "F", "M"),
    )
    yield _q(
        fam,
        "patiens under 45 at the time of a chest ct",
        "patient",
        pids(chest_ct, lambda s: ref.age(s) < 45),
    )
    yield _q(
        fam,
        "Hi there, how many women had a head ct? Thanks, Greta",
        "count",
        len(pids(head_ct, sex_is("F"))),
    )
    yield _q(
        fam,
        "M/F/O split of ct angiogram patients",
        "groups",
        _groups(pids(cta), lambda p: ref.cohort()[0][p]["sex"]),
    )
    for lo, what, test in (
        (50, "a pneumothorax", kind("pneumothorax")),
        (60, "a consolidation", kind("consolidation")),
        (60, "a pneumothorax", kind("pneumothorax")),
        (50, "a mass", kind("mass")),
    ):
        got = agreed(*aged(lambda s, lo=lo: lo <= ref.age(s) <= lo + 9, test))
        if got:
            yield _q(fam, f"people in their {lo}s with {what}", "patient", got)
            break
    cands = [
        (
            f"what percentage of patients born in the {d}s are men",
            len(
                [
                    p
                    for p in born(f"{d}-01-01", f"{d + 9}-12-31")
                    if ref.cohort()[0][p]["sex"] == "M"
                ]
            ),
            len(born(f"{d}-01-01", f"{d + 9}-12-31")),
        )
        for d in (1940, 1950, 1960, 1970, 1980, 1990)
    ]
    got = _first_share(*cands)
    if got:
        yield _q(fam, got[0], "value", got[1])
    yield from ask(
        fam,
        "men older than 80 with a nodule",
        "patient",
        *aged(lambda s: ref.sex(s) == "M" and ref.age(s) > 80, nod()),
    )
    yield _q(
        fam,
        "wommen who had a ct angiogram",
        "patient",
        pids(cta, sex_is("F")),
    )
    yield _q(
        fam,
        "patients aged 40 or younger at any scan",
        "patient",
        pids(lambda s: ref.age(s) <= 40),
    )
    yield _q(
        fam,
        "sex split of the patients born before 1950",
        "groups",
        _groups(born("1900-01-01", "1949-12-31"), lambda p: ref.cohort()[0][p]["sex"]),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield _q(
        fam,
        "how many exams has each station performed",
        "groups",
        _groups(studies(), lambda s: s["station"]),
    )
    yield _q(fam, "ct02 haed cts", "study", sids(head_ct, at_station("CT02")))
    yield _q(
        fam,
        "DX01 chest radiograph total for calendar 2025",
        "count",
        count(cxr, at_station("DX01"), in_year(2025)),
    )
    yield _q(
        fam,
        "CT versus radiograph exam counts over calendar 2024, one per modality",
        "groups",
        _groups([s for s in studies() if in_year(2024)(s)], lambda s: s["modality"]),
    )
    yield _q(
        fam,
        'pleural effusion seen on a "CT CHEST W CONTRAST" exam - list the exams',
        "study",
        sids(with_contrast, kind("pleural_effusion")),
    )
    yield _q(fam, "CT01: number of ctpa exams performed", "count", count(cta, at_station("CT01")))
    yield _q(
        fam,
        "Could you list the CT CHEST W/O CONTRAST studies performed in 2026, please?",
        "study",
        sids(non_contrast_chest, in_year(2026)),
    )
    yield _q(
        fam,
        "body part breakdown of CT01 exams",
        "groups",
        _groups([s for s in studies() if s["station"] == "CT01"], lambda s: s["body_part"]),
    )
    yield _q(
        fam,
        "station C T zero two ldcts with a mass",
        "study",
        sids(ldct, at_station("CT02"), kind("mass")),
    )
    yield _q(
        fam,
        "split of the year-2025 ldct workload between scanner ct01 and scanner ct02",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2025)(s)], lambda s: s["station"]),
    )
    yield _q(
        fam,
        "pts with a CT CHEST W CONTRAST study",
        "patient",
        pids(with_contrast),
    )
    yield _q(
        fam,
        "per statoin, how many head cts",
        "groups",
        _groups([s for s in studies() if head_ct(s)], lambda s: s["station"]),
    )
    yield _q(
        fam,
        "chest vs head ct counts for 2023",
        "groups",
        _groups([s for s in studies() if any_ct(s) and in_year(2023)(s)], lambda s: s["body_part"]),
    )
    yield _q(
        fam,
        "Hello, quick one for the quarterly report: how many CT angiograms did CT02 "
        "perform in Q3 2025? Cheers, Mark",
        "count",
        count(cta, at_station("CT02"), quarter(2025, 3)),
    )
    yield _q(
        fam,
        "radiographs with a pneumothroax",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield _q(
        fam,
        "intracranial hemorrhage on head cts from ct01",
        "study",
        sids(head_ct, at_station("CT01"), kind("intracranial_hemorrhage")),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield _q(fam, "exams w RML nod >8mm", "study", sids(nod(in_lobe("RML"), gt("diameter_mm", 8))))
    yield _q(
        fam,
        "left uper lobe: scans with a part-solid nodule",
        "study",
        sids(nod(in_lobe("LUL"), att("part-solid"))),
    )
    yield _q(
        fam,
        "tally every nodule according to the lobe it sits in",
        "groups",
        _groups(_nod_rows(), lambda f: f["lobe"]),
    )
    rul_lul = _groups(_nod_rows(in_lobe("RUL", "LUL")), lambda f: f["lobe"])
    yield _q(fam, "nodules right upper vs left upper lobe, tally", "groups", rul_lul)
    yield _q(
        fam,
        "list the patients carrying a spiculated nodule located in their right lower lobe",
        "patient",
        pids(nod(in_lobe("RLL"), margin("spiculated"))),
    )

    def bilateral(s: Row) -> bool:
        lobes_ = {f["lobe"] for f in nods(s)}
        return bool(lobes_ & {"RUL", "RML", "RLL"}) and bool(lobes_ & {"LUL", "LLL"})

    yield _q(
        fam,
        "Dear colleagues, please send the scans with nodules in both lungs. Regards, Yusuf",
        "study",
        sids(bilateral),
    )
    yield _q(
        fam,
        "patients with nodules in both the RUL and the LLL",
        "patient",
        history(each_on_some(nod(in_lobe("RUL")), nod(in_lobe("LLL")))),
    )
    yield _q(
        fam,
        "calcified nodule findings sitting in the left lower lobe - a number please",
        "count",
        len(_nod_rows(in_lobe("LLL"), calcified)),
    )
    yield _q(
        fam,
        "upper-lobe ground glass nods (either side) - studies",
        "study",
        sids(nod(in_lobe("RUL", "LUL"), att("ground-glass"))),
    )
    cands = [
        (
            f"what share of all nodules sit in the {name}",
            len(_nod_rows(in_lobe(code))),
            len(_nod_rows()),
        )
        for name, code in (
            ("right middle lobe", "RML"),
            ("left upper lobe", "LUL"),
            ("right upper lobe", "RUL"),
            ("left lower lobe", "LLL"),
            ("right lower lobe", "RLL"),
        )
    ]
    got = _first_share(*cands)
    if got:
        yield _q(fam, got[0], "value", got[1])
    yield _q(
        fam,
        "among male patients, nodules in the rll versus the lll",
        "groups",
        _groups(_nod_rows(in_lobe("RLL", "LLL"), where=sex_is("M")), lambda f: f["lobe"]),
    )
    yield _q(
        fam,
        "right middle lobbe nodules on 2024 ldcts",
        "study",
        sids(ldct, in_year(2024), nod(in_lobe("RML"))),
    )
    yield _q(
        fam,
        "studies in which consolidaiton was found in the RLL",
        "study",
        sids(kind("consolidation", in_lobe("RLL"))),
    )
    yield _q(
        fam,
        "lesions bigger than 15 mm located in the LUL",
        "study",
        sids(lesion(in_lobe("LUL"), gt("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "Dear colleagues, could you tell me how many patients have a nodule in the right upper "
        "lobe measuring 6 mm or more? Best wishes, Helen",
        "count",
        len(pids(nod(in_lobe("RUL"), ge("diameter_mm", 6)))),
    )


def features(rng: random.Random) -> Rows:
    fam = "characteristics"
    yield _q(
        fam,
        "solid spiculated nods exceeding 10mm",
        "study",
        sids(nod(margin("spiculated"), att("solid"), gt("diameter_mm", 10))),
    )
    yield _q(fam, "tally of calcified nodules", "count", len(_nod_rows(calcified)))
    yield _q(
        fam,
        "psn w/o calcification",
        "study",
        sids(nod(att("part-solid"), uncalcified)),
    )
    yield _q(
        fam,
        "lobualted ggns",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"))),
    )
    yield _q(
        fam,
        "Hi, could you give me a margin breakdown of solid nodules? Thank you, Noor",
        "groups",
        _groups(_nod_rows(att("solid")), lambda f: f["margin"]),
    )
    yield _q(
        fam,
        "attenuation split of nodules on 2025 scans",
        "groups",
        _groups(_nod_rows(where=in_year(2025)), lambda f: f["attenuation"]),
    )
    yield _q(
        fam,
        "smooth vs spiculated nodules in women",
        "groups",
        _groups(
            _nod_rows(lambda f: f["margin"] in ("smooth", "spiculated"), where=sex_is("F")),
            lambda f: f["margin"],
        ),
    )
    yield _q(
        fam,
        "CT02 exams with any subsolid nodule",
        "study",
        sids(at_station("CT02"), nod(subsolid)),
    )
    yield _q(
        fam,
        "psn with a spiculated edge - who are those patients",
        "patient",
        pids(nod(margin("spiculated"), att("part-solid"))),
    )
    yield _q(
        fam,
        "exams this calendar year, i.e. 2026, with a spicualted nodule",
        "study",
        sids(in_year(2026), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "exams with a calcified, solid nodule smaller than 6 mm",
        "study",
        sids(nod(calcified, att("solid"), lt("diameter_mm", 6))),
    )
    yield _q(
        fam,
        "smooth-margined nodules at least 15 mm",
        "study",
        sids(nod(margin("smooth"), ge("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "count of lobulated-margin part-solid nodules",
        "count",
        len(_nod_rows(att("part-solid"), margin("lobulated"))),
    )
    yield _q(
        fam,
        "ggn vs psn counts",
        "groups",
        _groups(_nod_rows(subsolid), lambda f: f["attenuation"]),
    )
    yield _q(
        fam,
        "patients with a noncalcified spiculated nodule of 8 mm or more",
        "patient",
        pids(nod(uncalcified, margin("spiculated"), ge("diameter_mm", 8))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    p1 = pick(rng, _pool(lambda p: len({s["study_date"] for s in own(p)}) >= 3))
    yield _q(
        fam,
        f"Hi, how many days from first to latest study for {p1}? Thanks, Abe",
        "value",
        float(_span_days(p1, ALL) or 0),
    )
    p2 = pick(rng, _pool(lambda p: len({s["study_date"] for s in own(p) if ldct(s)}) >= 2))
    yield _q(
        fam,
        f"{p2}: interval in months separating the earliest and the most recent ldct",
        "value",
        (_span_days(p2, ldct) or 0) / 30.4375,
    )
    spans = [_span_days(p["patient_id"], ldct) for p in pats()]
    yield _q(
        fam,
        "mean years of follow-up between a patient's first and latest ldct",
        "value",
        mean_of([x / 365.25 for x in spans if x is not None]),
    )
    yield _q(
        fam,
        "Hello, median days between consecutive ldcts please. Regards, Hugo",
        "value",
        median_of(_consecutive_gaps(ldct)),
    )
    yield from ask(
        fam,
        "patients with follow up longer than 2 years, first to latest study",
        "patient",
        _followed_months(24, False),
        _followed_days(730),
        _followed_days(731),
    )
    yield _q(
        fam,
        "screening patients where two consecutive ldcts are more than 13 months apart",
        "patient",
        _gap_over(ldct, 13),
    )
    yield _q(
        fam, "screening cts that were redone withn 11 months", "study", _repeated_within(ldct, 11)
    )
    a, b = rng.sample([s for s in studies() if s["study_date"] >= "2024-01-01"], 2)
    if a["study_date"] > b["study_date"]:
        a, b = b, a
    yield _q(
        fam,
        f"how many days between accession {a['accession']} and accession {b['accession']}",
        "value",
        float(days_between(a["study_date"], b["study_date"])),
    )
    yield _q(
        fam,
        "on average, how many days separate consecutive chest cts",
        "value",
        mean_of(_consecutive_gaps(chest_ct)),
    )
    yield _q(
        fam,
        "Good afternoon, I need the patients with at least 30 months of follow-up for a survival "
        "study. Best, Dr Lindqvist",
        "patient",
        _followed_months(30, True),
    )
    p3 = pick(rng, _pool(lambda p: len({s["study_date"] for s in own(p)}) >= 2))
    yield _q(
        fam,
        f"{p3} follow-up so far, expressed in weeks (first scan to most recent)",
        "value",
        (_span_days(p3, ALL) or 0) / 7,
    )
    mass_p = set(pids(kind("mass")))
    sp = [_span_days(p, ALL) for p in sorted(mass_p)]
    yield _q(
        fam,
        "for patients who had a mass, median span in days from first to latest study",
        "value",
        median_of([x for x in sp if x is not None]),
    )
    yield _q(
        fam,
        "chest ct exams that had a further chest ct no more than 13 months later",
        "study",
        _repeated_within(chest_ct, 13),
    )
    p4 = pick(rng, _pool(lambda p: len({s["study_date"] for s in own(p)}) >= 4))
    gaps4 = _consecutive_gaps(lambda s: s["patient_id"] == p4)
    yield _q(
        fam,
        f"{p4}: maximum number of days between two consecutive scans",
        "value",
        float(max(gaps4)),
    )
    yield _q(
        fam,
        "patients with more than three years between their first ldct and their latest one",
        "patient",
        _followed_months(36, False, ldct),
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
    items = bank()
    print(f"{PART}: {len(items)} questions")
    print(f"LEFT_OUT: {LEFT_OUT}")
