"""Held-out part 54 of the question bank: cohort questions typed as new people type them.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version"; its first
two thirds closely, the rest searched for dates and spellings) and its "Reports" section up to
"How well it reads" (not the reader's measurements nor the lists of misses, fixes and limits),
:mod:`question_bank` (the :class:`Item` type, its helpers and its scoring function ``_matches``,
for the form of a "value" or "groups" answer), :mod:`cohort_reference`, :mod:`blind_reference`
(the shared plain-Python reading of the cohort, imported here), and ``bank_fresh_41.py`` for its
format, module docstring and helper functions only (three of its interval questions' texts
passed by on the screen while its helpers were being read; none was borrowed). The reader's code
(``query/``), ``appliance/``, the tests (``test_*.py``), ``family_reading.py`` and the other
parts' questions were not opened, and the engine was never run on these questions: they were
frozen (committed) before any was put to it, and none is to be changed to suit it afterwards.
Their texts were compared with ``dev_queries.jsonl``, with parts 22 to 51 (loaded through their
``bank()``, never read), with every question of ``question_bank.bank()`` and
``question_bank.ungated_bank()`` (17,330 questions) and with parts 52, 53 and 55 (250, 241 and
230 questions, from their branches) by a throwaway script that printed only this part's matches
(word for word after lower-casing and dropping punctuation, or a word overlap of 75 % or more of
the longer question): 84 matched (9 word for word) and were reworded, 12 rewordings matched
again (a dotted UID is ten words once its dots are dropped, so the short UID questions were
lengthened) and were reworded again; then one matched part 53 and one part 52 once they were
committed, and were reworded; none is left (nor after the last changes: nine questions put into
e-mails and "born most recently"), and no question of this part repeats or overlaps another of
it (:func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 237 in all): identifiers
[17] (a patient's studies, a patient's number of exams, an accession's patient, the findings of
an accession, the nodule findings of a study UID, a UID's patient in an e-mail, a baseline
screening scan, the newest study of two patients, three accessions' patients, an unknown MRN, a
patient's nodules counted, the biggest nodule of an accession, a patient's first and last study,
a UID's findings counted, a patient's CT pulmonary angiograms, "pt #" and the non-contrast scan,
a patient's scans by station); dates [18] (a day.month.year range, a day-first slashed day, a
day-first range "till", "april to june of twenty twenty four", "since the start of october
2025", "the past forty days", "born before 1 March 1942", births "1945 through 1947", "born in
the seventies", "december 2024 through february 2025", "first half of twenty twenty three",
"this calendar year", "last year", "before 15th of January 2023", a date of birth written
dd/mm/yyyy, "from 2023 or earlier", a day-first range said "british date format", a dotted range
in an e-mail); numbers [16] ("under one centimetre", an inclusive mm range, a cm range, "minus
six hundred and fifty", "-200 HU up to +30 HU", confidence "not above 0.56", a percentage
confidence range, solid part, "four thousand cubic millimetres", "twenty five millimetres or
more", short axis "smaller then", "three and a half centimetre", "at most 3mm", "twelve point
five millimetre", "half a centimetre up to 7 mm", nodules over 20 mm by attenuation); counts
[16] (exactly four nodules, "for or more" studies, one exam ever, three or more LDCTs, over two
nodules "at once", exactly two head CTs, two or more chest x-rays, zero findings, one nodule on
four or more scans, six or more findings, exactly 3 studies, one and only one nodule, no nodule
at all, "minimum 2 ct angio", 3 nodules exactly, LDCTs with four or more nodules per station);
set logic [15] ("both a mass and a pneumothorax", "but never", "never given", "one ctpa plus one
contrast chest ct, both", on one scan, "leave out anyone who ever had", "at one time ... yet no
... ever", "as well as", "a scan in 2023 and another one in 2026", "never been on scanner",
"maybe on another scan", "never had a nodule larger tahn", "but never any", "not necesarily the
same one", "who never had a chest ct"); Lung-RADS [16] (a category in a year, the worst ever, a
quarter's breakdown, a count, "2 or lower", "upgraded from 3 to 4A", "went up at some point", a
year's share, spoken "four b or four x", "both an lr 2 and an lr 4X scan", "3 ... but never
anything higher", per station, maximum over all exams, changed from the one before, "catagory
4A", a breakdown of women's LDCTs); rankings [15] (biggest ggns, oldest women, most recent head
CTs, most negative HU, most nodules, largest solid components, least confident pneumothoraces,
volume ascending, born most recently, earliest CT angiograms, longest masses, highest volume,
most confident effusions, most spiculated nodules, latest radiographs); aggregates and
percentages [15] (mean diameter, median volume in cc, HU, confidence, long axis in centimetre,
solid component, nodules per LDCT and per man, shares of a year's studies, of the patients with
gender other, of a lobe's nodules, of a year's LDCTs at a station, mean age, median short axis,
mean diameter in an e-mail); report concepts with negation [16] (emphysema, "state there is no",
coronary calcification, "enlarged lymph nodes", granuloma with a calcified nodule, two concepts
in one report, "at least once ... never", "emphisema", "never appearing in any of their
reports", "or" in a quarter, an age and a concept, "negative for", on CT angios, with a mass on
the same scan, granuloma patients counted, counts per station); growth / new / stable [16]
(growth against the previous exam, over 3 mm, at least 2 mm, new in 2024, new solid, stable at a
station in a year, growing ggns, studies with growth counted, never a growing nodule, a lobe, a
new ggn in an e-mail, stable part-solid nodules, grown nodules counted, men's growing spiculated
nodules, new nodules counted at a station, growing nodules by lobe); demographics [16] (women
over 75 at an LDCT, men fifty to fifty five, sexagenarians, "in the fifties", gender other
counted, patients per sex, female and male mass patients, under 40 at the scan, born after 1995,
men over 80 counted, women 65 or more, mean age, the youngest, female patients' chest x-rays, a
birth year, head CTs male against female); modality / description / station [15] ("dee ex zero
one", studies spread over stations, CT versus DX, non-contrast chest CTs, "contrast chest cts",
"see tee zero one", a description written out, haemorrhage on head CT, a station's month, LDCTs
per station, "non-screening chest ct", radiographs, CT angio, CTs by body part, an e-mail
count); lobes [16] (middle lobe, per lobe, RUL vs LUL, left lower, RUL ggns, both lungs, "upper
lobe, left or right side", "lll or rll", left upper counted, "middel lobe", a year's LDCT
nodules by lobe, left lung, two lobes on one scan, lobe and station, masses in the lower lobes,
calcified nodules lobe by lobe); attenuation / margin / calcification [15] (spiculated solid, by
attenuation, margins of ggns, calcified, without calcification, subsolid, smooth, lobulated
counted, spiculated vs smooth, a year's share, pure ground glass, small calcified solid,
part-solid spiculated patients, calcified and spiculated on one CT, "spiculted margins");
intervals [15] (first to most recent exam in days, first to latest LDCT in months, earliest to
latest chest CT in years, the mean and median gap between successive studies, follow-up over 20
months and of two and a half years, first to last LDCT over two years, weeks between two
accessions, successive LDCTs over eleven months apart, mean follow-up of mass patients, days
between two studies of one patient, LDCTs redone within twelve months, median span of women, one
patient's mean interval).

The styles are mixed in roughly equal shares: a radiologist's shorthand ("nods", "ggn", "lr",
"pt #", "acc no", "ctpa"), a nurse's or clinician's full sentences, a screening coordinator's
Lung-RADS over time, a manager's counts per station, quarter, month and body part, a data
scientist's ranges, means and medians, search-box keywords ("pure ground glass lobulated",
"RUL ggn over 10 mm"), dictated numbers and stations ("twenty twenty four", "minus six hundred
and fifty", "four thousand cubic millimetres", "dee ex zero one", "see tee zero one", "lung rads
four b"), and 26 questions pasted in an e-mail with a greeting and a sign-off. Leaning toward
non-native writers and dictation: unusual word order ("to whom belongs accession ...", "in
2026, the studies having nodule in right middle lobe", "how big part is"), dropped articles,
British spellings (centimetre, millimetre, haemorrhage, tumour, diametre), days written day
first and said so (05.03.2024-style dots, 20/10/2024, "day first", "dd/mm/yyyy", "british date
format"), homophones ("for or more", "there scan") and run-together words ("lowdose"). 30
questions (about one in eight) carry a hurried typist's slip ("acession", "studys", "smaller
then", "nodlues", "necesarily", "catagory", "lastest", "componant", "diametre", "emphisema",
"nodul", "consolidaton", "middel", "spiculted", "for or more", "nodles", "there scan",
"patiens", "diamater", "stabel", "calcfication", "lobualted", "recnet", "efusion", "exacly",
"tahn", "lymphadenophaty", "lowdose" twice, "pnemothorax"); their answers are what they plainly
mean. About one in five asks about groups (22 breakdowns and comparisons, 5 shares, 15
rankings).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions and UIDs, days and spans around a study, a size range, a birth year; a ranking's
number is the first from the one written whose boundary has no tie, a percentage the first of
a list of candidates (years and categories, years and kinds of study, sexes, lobes and
features, years and stations, years and features) that is neither 0 nor 100 % and lies within
0.005 of a tenth. Expected answers are computed here in plain Python with the documented
conventions written out by hand. Where the conventions do not settle a reading the question is
asked only when the competing readings give the same answer (:func:`ask`; ``LEFT_OUT`` lists
any that do not as the bank is built, and is empty for this seed): the first day of "the past
forty days"; a track that was a mass from its first study counted or not as a new or stable
nodule, and a change taken in floating point or to 0.1 mm; one nodule on N scans counting a
mass on its track or not; an age (with a sex) and another condition on one study or each on
some study; "followed longer than 20 months", "two and a half years of follow up", "over two
years" and "more than eleven months" apart as calendar months or as days (30.4375 a month, 365
or 365.25 a year, 730 or 731 days). Drafts replaced before freezing because their readings
disagreed: "ldcts in the past forty five days" (asked at forty), "women with emphysema on a
report but never any nodule" (a nodule finding or the word in a report; asked as a spiculated
nodule but never a ground glass one), "new nodules in 2025" (the mass-from-start track; asked
of 2024), "septuagenarians with a pneumothorax" (asked of sexagenarians with consolidation), "at
least three years of follow up" (36 months or 1095 days; asked as two and a half years), "more
than 13 months between consecutive ldcts" (asked at eleven), "youngest 4 patients who had a
screening ct" (by birth date or by age at the scan, tied; asked as "born most recently").
Drafts whose answers were empty by accident were replaced: "findings whose confidence is below
0.55" (none is), "both a head ct and a ct angio", "lung-rads went down", "both an lr 1 and an
lr 4B scan", "a gap of more than 14 months between consecutive ldcts", "chest cts followed by
another within 6 months", "five or more studies" (no patient has more than four), "masses over
four centimetres"; and drafts that could not be drawn: a patient's LDCTs beside other studies
(no patient with an LDCT has any other kind), days between one patient's LDCT and head CT, "the
least confident nodules" (tied at every boundary). Readings taken: "screening scan / ct", "low
dose ct", "lung screening ct", "lowdose" and "ldct" are the CT CHEST LOW DOSE LUNG SCREENING
studies; "ct angio(s)", "ctpa", "ct pulmonary angiograms", "pe studies" and the quoted
description the CT ANGIO CHEST PE studies; "chest x-rays", "radiographs" and "plain radiograph"
the DX studies; "non-screening chest ct" the chest CTs that are not LDCTs; "the non contrast
scan" of a patient with a CT angiogram the CT CHEST W/O CONTRAST; "brain haemorrhage" an
intracranial haemorrhage; "first study and the last study" two studies; a patient's "number of
nodules over all of his scans" counts nodule findings; "at once" and "a single ct" are one CT
of any kind; "mean age of" patients is each patient once at the latest study that meets the
question (the Conventions); "the worst lung rads in the whole history" the highest category;
a Lung-RADS breakdown lists only the categories that occur; "patients per sex" keeps the third
sex, "male against female" and "female and male" leave it out; a breakdown of nodules counts
nodule findings, of studies or reports studies; "state there is no X" and "negative for X" are
the denied reading, "never appearing in any of their reports" no affirmed mention; "redone
within twelve months" a later LDCT on or before the same day twelve calendar months on; a
percentage asked "how big part is" or "proportion (%)" is a share in per cent; days written
with dots or slashes and said to be day first are read day first. One answer is empty on
purpose (an unknown MRN, P00987).

Scored alone with ``python tests/query/question_bank.py --part held_out_54 -v`` once wired in.
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
    either,
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

PART = "held_out_54"
SEED = 5454

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
WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
}


def _count_in(pid: str, test: Test) -> int:
    return sum(1 for s in own(pid) if test(s))


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


def _first_share(cands: Sequence[tuple[Any, int, int]]) -> tuple[Any, float]:
    """The first candidate (label, part, whole) whose percentage the bank can score."""
    for label, part, whole in cands:
        value = _share(part, whole)
        if value is not None:
            return label, value
    raise AssertionError("no candidate percentage lies within 0.005 of a tenth")


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


def _ranked(
    rows: Sequence[Row], key: Callable[[Row], Any], ident: str, start: int
) -> tuple[int, list[str]]:
    """The first count from ``start`` to 12 whose ranking has no tie at its boundary."""
    for n in range(start, 13):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    raise AssertionError(f"every ranking from {start} to 12 is tied at its boundary")


def _patient_rows(score: Callable[[str], float], who: Callable[[str], bool]) -> list[Row]:
    return [
        {"patient_id": p["patient_id"], "k": -score(p["patient_id"])}
        for p in pats()
        if who(p["patient_id"])
    ]


def _dates_of(pid: str, test: Test) -> list[str]:
    """A patient's distinct study dates of one kind, in order (two studies a day are one)."""
    return sorted({str(s["study_date"]) for s in own(pid) if test(s)})


def _span_days(pid: str, test: Test) -> int | None:
    mine = _dates_of(pid, test)
    return days_between(mine[0], mine[-1]) if len(mine) >= 2 else None


def _gaps(test: Test, who: Callable[[str], bool] = lambda p: True) -> list[int]:
    out: list[int] = []
    for p in pats():
        if who(p["patient_id"]):
            days = _dates_of(p["patient_id"], test)
            out.extend(days_between(a, b) for a, b in itertools.pairwise(days))
    return out


def _followed(test: Test, months: int, inclusive: bool) -> list[str]:
    """Patients whose latest study of a kind is after (or on) the day ``months`` calendar
    months after their first one."""

    def ok(pid: str) -> bool:
        days = _dates_of(pid, test)
        if not days:
            return False
        end = months_on(days[0], months)
        return days[-1] >= end if inclusive else days[-1] > end

    return _pool(ok)


def _followed_days(test: Test, n: float, inclusive: bool) -> list[str]:
    def ok(pid: str) -> bool:
        days = _dates_of(pid, test)
        if len(days) < 2:
            return False
        span = days_between(days[0], days[-1])
        return span >= n if inclusive else span > n

    return _pool(ok)


def _gap_over(test: Test, months: int, calendar: bool) -> list[str]:
    """Patients with two consecutive studies of a kind more than ``months`` apart."""

    def ok(pid: str) -> bool:
        days = _dates_of(pid, test)
        for a, b in itertools.pairwise(days):
            if calendar and b > months_on(a, months):
                return True
            if not calendar and days_between(a, b) > months * 30.4375:
                return True
        return False

    return _pool(ok)


def _dmy(day: str, sep: str = "/", pad: bool = True) -> str:
    """An ISO day written day first."""
    y, m, d = day.split("-")
    if not pad:
        m, d = str(int(m)), str(int(d))
    return f"{d}{sep}{m}{sep}{y}"


def _female(pid: str) -> bool:
    return bool(ref.cohort()[0][pid]["sex"] == "F")


def _male(pid: str) -> bool:
    return bool(ref.cohort()[0][pid]["sex"] == "M")


def _age_at_latest(pid: str, test: Test) -> int:
    mine = [s for s in own(pid) if test(s)]
    return ref.age(mine[-1])


def birth_key(pid: str) -> int:
    """Latest birth first (the youngest patients rank first)."""
    return -dt.date.fromisoformat(str(ref.cohort()[0][pid]["birth_date"])).toordinal()


def _bilateral(s: Row) -> bool:
    lobes = {f["lobe"] for f in nods(s)}
    return bool(lobes & {"RUL", "RML", "RLL"}) and bool(lobes & {"LUL", "LLL"})


def _nodule_word(s: Row) -> bool:
    return "nodule" in ref.cohort()[3][s["study_uid"]].lower()


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    f = "identifiers"
    p1 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    yield _q(
        f,
        f"{p1} every exam on file, oldest to newest",
        "study",
        sids(lambda s: s["patient_id"] == p1),
    )
    p2 = pick(rng, _pool(lambda p: len(own(p)) >= 2))
    yield _q(
        f, f"How many examinations has patient {p2} undergone in total?", "count", len(own(p2))
    )
    s3 = pick(rng, studies())
    yield _q(f, f"to whom belongs accession {s3['accession']}?", "patient", [s3["patient_id"]])
    s4 = pick(rng, [s for s in studies() if len(fo(s)) >= 3])
    yield _q(
        f,
        f"acc no {s4['accession']} - findings list",
        "finding",
        sorted(x["finding_id"] for x in fo(s4)),
    )
    s5 = pick(rng, [s for s in studies() if len(nods(s)) >= 2 and len(fo(s)) > len(nods(s))])
    yield _q(
        f,
        f"I want to see only the nodule type findings that were recorded on study instance "
        f"{s5['study_uid']}",
        "finding",
        sorted(x["finding_id"] for x in nods(s5)),
    )
    s6 = pick(rng, [s for s in studies() if head_ct(s)])
    yield _q(
        f,
        f"Hello, can you tell me which patient the study {s6['study_uid']} is from? "
        "Many thanks, Olga",
        "patient",
        [s6["patient_id"]],
    )
    p7 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    yield _q(
        f,
        f"baseline screening scan of {p7}",
        "study",
        [next(s["study_uid"] for s in own(p7) if ldct(s))],
    )
    pa, pb = rng.sample(_pool(lambda p: len(own(p)) >= 2), 2)
    yield _q(
        f,
        f"newest study for {pa} and also for {pb}",
        "study",
        sorted([own(pa)[-1]["study_uid"], own(pb)[-1]["study_uid"]]),
    )
    three = rng.sample(studies(), 3)
    accs = [s["accession"] for s in three]
    yield _q(
        f,
        f"accessions {accs[0]}, {accs[1]} and {accs[2]}: who are the patients",
        "patient",
        sorted({s["patient_id"] for s in three}),
    )
    # the one answer empty on purpose: no patient P00987 in the cohort
    assert "P00987" not in ref.cohort()[0]
    yield _q(f, "could you display each scan filed under MRN P00987", "study", [])
    p11 = pick(rng, _pool(lambda p: _male(p) and sum(len(nods(s)) for s in own(p)) >= 3))
    yield _q(
        f,
        f"number of nodules patient {p11} has over all of his scans together",
        "count",
        sum(len(nods(s)) for s in own(p11)),
    )
    s12 = pick(
        rng,
        [
            s
            for s in studies()
            if len(nods(s)) >= 3 and top(nods(s), lambda x: -x["diameter_mm"], 1, "finding_id")
        ],
    )
    yield _q(
        f,
        f"on acession {s12['accession']}, which nodule is the largest one",
        "finding",
        top(nods(s12), lambda x: -x["diameter_mm"], 1, "finding_id"),
    )
    p13 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    yield _q(
        f,
        f"{p13}: first study and the last study, nothing in between",
        "study",
        sorted([own(p13)[0]["study_uid"], own(p13)[-1]["study_uid"]]),
    )
    s14 = pick(rng, [s for s in studies() if len(fo(s)) >= 2])
    yield _q(
        f,
        f"for the study with uid {s14['study_uid']} tell me the total count of findings "
        "of any kind",
        "count",
        len(fo(s14)),
    )
    p15 = pick(rng, _pool(lambda p: _count_in(p, cta) >= 1 and len(own(p)) >= 2))
    yield _q(
        f,
        f"for patient {p15} give me the ct pulmonary angiograms",
        "study",
        sids(cta, lambda s: s["patient_id"] == p15),
    )
    p16 = pick(rng, _pool(lambda p: _count_in(p, non_contrast_chest) == 1 and len(own(p)) >= 2))
    yield _q(
        f,
        f"pt # {p16} the non contrast scan only",
        "study",
        sids(non_contrast_chest, lambda s: s["patient_id"] == p16),
    )
    p17 = pick(rng, _pool(lambda p: len({s["station"] for s in own(p)}) >= 2))
    yield _q(
        f,
        f"{p17} scans by station",
        "groups",
        _groups(own(p17), lambda s: s["station"]),
    )


def dates(rng: random.Random) -> Rows:
    f = "dates"
    s1 = pick(rng, [s for s in studies() if ldct(s) and s["study_date"] < "2026-06-01"])
    lo1, hi1 = shift(s1["study_date"], -9), shift(s1["study_date"], 24)
    yield _q(
        f,
        f"ldct between {_dmy(lo1, '.')} and {_dmy(hi1, '.')} (dates written day.month.year)",
        "study",
        sids(ldct, dated(lo1, hi1)),
    )
    busy = sorted({s["study_date"] for s in studies() if int(s["study_date"][8:]) > 12})
    d2 = pick(rng, busy)
    yield _q(f, f"what scans were done on {_dmy(d2)}", "study", sids(dated(d2, d2)))
    s3 = pick(rng, [s for s in studies() if head_ct(s) and "2025-02" < s["study_date"] < "2025-10"])
    lo3, hi3 = shift(s3["study_date"], -20), shift(s3["study_date"], 40)
    yield _q(
        f,
        f"head cts from {_dmy(lo3, '/', False)} till {_dmy(hi3, '/', False)}, day first",
        "study",
        sids(head_ct, dated(lo3, hi3)),
    )
    yield _q(
        f,
        "head cts during april to june of twenty twenty four, how many were done",
        "count",
        count(head_ct, quarter(2024, 2)),
    )
    yield _q(
        f,
        "since the start of october 2025 which chest radiographs were taken",
        "study",
        sids(cxr, dated("2025-10-01", AS_OF)),
    )
    yield from ask(
        f,
        "how many lowdose ct were done in the past forty days",
        "count",
        count(ldct, dated(shift(AS_OF, -40), AS_OF)),
        count(ldct, dated(shift(AS_OF, -39), AS_OF)),
    )
    yield _q(f, "patients born before 1 March 1942", "patient", born("1900-01-01", "1942-02-28"))
    yield _q(
        f,
        "pts born 1945 through 1947 that had a ct angio",
        "patient",
        sorted(set(born("1945-01-01", "1947-12-31")) & set(pids(cta))),
    )
    yield _q(
        f,
        "which of our patients were born in the seventies",
        "patient",
        born("1970-01-01", "1979-12-31"),
    )
    yield _q(
        f,
        "december 2024 through february 2025 ct angiograms",
        "study",
        sids(cta, dated("2024-12-01", "2025-02-28")),
    )
    yield _q(
        f,
        "first half of twenty twenty three, pe studies how many",
        "count",
        count(cta, dated("2023-01-01", "2023-06-30")),
    )
    yield _q(
        f,
        "so far in this calendar year, total lung screening cts",
        "count",
        count(ldct, dated("2026-01-01", AS_OF)),
    )
    yield _q(f, "head ct's of last year", "study", sids(head_ct, in_year(2025)))
    yield _q(
        f,
        "studys performed before 15th of January 2023",
        "study",
        sids(dated("2000-01-01", "2023-01-14")),
    )
    births = Counter(p["birth_date"] for p in pats())
    pool15 = [
        p["patient_id"]
        for p in pats()
        if births[p["birth_date"]] == 1
        and int(p["birth_date"][8:]) <= 12
        and int(p["birth_date"][8:]) != int(p["birth_date"][5:7])
    ]
    p15 = pick(rng, pool15)
    dob = str(ref.cohort()[0][p15]["birth_date"])
    yield _q(
        f,
        f"patient with date of birth {_dmy(dob)} (dd/mm/yyyy), which one is it",
        "patient",
        [p15],
    )
    yield _q(
        f,
        "Dear Ms Berg, which studies from 2023 or earlier show a mass? Kind regards, Oncology",
        "study",
        sids(kind("mass"), dated("2000-01-01", "2023-12-31")),
    )
    s17 = pick(
        rng, [s for s in studies() if cta(s) and "2024-01-10" < s["study_date"] < "2024-06-01"]
    )
    lo17, hi17 = shift(s17["study_date"], -35), shift(s17["study_date"], 50)
    yield _q(
        f,
        f"ct angio between {_dmy(lo17, '/', False)} and {_dmy(hi17, '/', False)}, british date "
        "format so day comes first",
        "study",
        sids(cta, dated(lo17, hi17)),
    )
    yield _q(
        f,
        "Dear all, I need the head CTs done between 02.01.2025 and 31.03.2025 please. "
        "Regards, Dr Nowak",
        "study",
        sids(head_ct, dated("2025-01-02", "2025-03-31")),
    )


def numbers(rng: random.Random) -> Rows:
    f = "numbers"
    yield _q(
        f,
        "solid nodules under one centimetre in the middle lobe",
        "study",
        sids(nod(att("solid"), lt("diameter_mm", 10), in_lobe("RML"))),
    )
    lo = pick(rng, [5, 6, 7])
    yield _q(
        f,
        f"ground-glass nodule measuring {lo}-{lo + 2} millimetre",
        "study",
        sids(nod(att("ground-glass"), within("diameter_mm", lo, lo + 2))),
    )
    yield _q(
        f,
        "nodules 1.2-1.5 cm in size",
        "study",
        sids(nod(within("diameter_mm", 12, 15))),
    )
    yield _q(
        f,
        "nodules with mean hu less than minus six hundred and fifty",
        "study",
        sids(nod(lt("mean_hu", -650))),
    )
    yield _q(
        f,
        "nodule density -200 HU up to +30 HU, which scans",
        "study",
        sids(nod(within("mean_hu", -200, 30))),
    )
    yield _q(
        f,
        "any finding with detection confidence not above 0.56",
        "finding",
        fids(le("confidence", 0.56)),
    )
    yield _q(
        f,
        "nodules detected with confidence between 70% and 75%",
        "study",
        sids(nod(within("confidence", 0.70, 0.75))),
    )
    yield _q(
        f,
        "part solid nodules with solid part over six millimetre",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 6))),
    )
    yield _q(
        f,
        "nodules with a volume above four thousand cubic millimetres",
        "study",
        sids(nod(gt("volume_mm3", 4000))),
    )
    yield _q(
        f,
        "nodules whose long axis is twenty five millimetres or more",
        "study",
        sids(nod(ge("long_axis_mm", 25))),
    )
    yield _q(
        f,
        "nodules short axis smaller then 3 mm",
        "study",
        sids(nod(lt("short_axis_mm", 3))),
    )
    yield _q(
        f,
        "scans showing a mass bigger than three and a half centimetre",
        "study",
        sids(kind("mass", gt("diameter_mm", 35))),
    )
    yield _q(
        f,
        "Hello again, I'd like the solid nodules at most 3mm across. Best wishes, Karim",
        "study",
        sids(nod(att("solid"), le("diameter_mm", 3))),
    )
    yield _q(
        f,
        "ground glass nodule twelve point five millimetre or bigger",
        "study",
        sids(nod(att("ground-glass"), ge("diameter_mm", 12.5))),
    )
    yield _q(
        f,
        "spiculated nodules from half a centimetre up to 7 mm",
        "study",
        sids(nod(margin("spiculated"), within("diameter_mm", 5, 7))),
    )
    big = _nod_rows(gt("diameter_mm", 20))
    yield _q(
        f,
        "nodules over 20 mm by attenuation",
        "groups",
        _groups(big, lambda x: x["attenuation"]),
    )


def counts(rng: random.Random) -> Rows:
    f = "counts"
    yield _q(
        f,
        "ldct with exacly four nodules",
        "study",
        sids(ldct, _n_nods(lambda n: n == 4)),
    )
    yield _q(f, "patients imaged for or more times", "patient", _per_patient(ALL, lambda n: n >= 4))
    yield _q(f, "pts who had just one exam ever", "patient", _per_patient(ALL, lambda n: n == 1))
    yield _q(
        f,
        "who got three low dose ct or more, list of patients",
        "patient",
        _per_patient(ldct, lambda n: n >= 3),
    )
    yield _q(
        f,
        "any ct showing over two nodules at once",
        "study",
        sids(any_ct, _n_nods(lambda n: n > 2)),
    )
    yield _q(
        f,
        "Dear data team, please list the patients with exactly two head CTs. "
        "Kind regards, Neurology",
        "patient",
        _per_patient(head_ct, lambda n: n == 2),
    )
    yield _q(
        f,
        "how many patiens had at least 2 chest xrays",
        "count",
        len(_per_patient(cxr, lambda n: n >= 2)),
    )
    yield _q(f, "studies with zero findings, how many", "count", count(lambda s: not fo(s)))
    yield from ask(
        f,
        "one nodule followed across four scans or more - which patients",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(
        f,
        "number of exams carrying six findings or more",
        "count",
        count(lambda s: len(fo(s)) >= 6),
    )
    yield _q(
        f,
        "count of patients with exactly 3 studies",
        "count",
        len(_per_patient(ALL, lambda n: n == 3)),
    )
    yield _q(
        f,
        "chest ct exams with one and only one nodule",
        "study",
        sids(chest_ct, _n_nods(lambda n: n == 1)),
    )
    yield _q(
        f,
        "count the screening scans that have no nodule at all",
        "count",
        count(ldct, _n_nods(lambda n: n == 0)),
    )
    yield _q(
        f,
        "minimum 2 ct angio per patient, which patients",
        "patient",
        _per_patient(cta, lambda n: n >= 2),
    )
    yield _q(
        f,
        "how many scans with 3 nodlues exactly",
        "count",
        count(_n_nods(lambda n: n == 3)),
    )
    four = [s for s in studies() if ldct(s) and len(nods(s)) >= 4]
    yield _q(
        f,
        "how many ldcts with four or more nodules at each station",
        "groups",
        _groups(four, lambda s: s["station"]),
    )


def set_logic(rng: random.Random) -> Rows:
    f = "set_logic"
    yield _q(
        f,
        "Hi team, which patients have had both a mass and a pneumothorax? Thank you, Priya",
        "patient",
        history(each_on_some(kind("mass"), kind("pneumothorax"))),
    )
    yield _q(
        f,
        "had ground glass nodule but never solid nodule, which patients",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield _q(f, "people who were never given a lung screening ct", "patient", _never(ldct))
    yield _q(
        f,
        "patients having one ctpa plus one contrast chest ct, both",
        "patient",
        history(each_on_some(cta, with_contrast)),
    )
    yield _q(
        f,
        "spiculated nodule plus consolidation on the same scan, which patients",
        "patient",
        pids(nod(margin("spiculated")), kind("consolidation")),
    )
    yield _q(
        f,
        "ct angio patients, leave out anyone who ever had a pneumothorax",
        "patient",
        sorted(set(pids(cta)) - set(pids(kind("pneumothorax")))),
    )
    yield _q(
        f,
        "at one time lung-rads 4X, yet no mass ever: which patients",
        "patient",
        history(some_but_never(cat_in("4X"), kind("mass"))),
    )
    yield _q(
        f,
        "patients who showed calcified nodules as well as part-solid nodules",
        "patient",
        history(each_on_some(nod(calcified), nod(att("part-solid")))),
    )
    yield _q(
        f,
        "pts with a scan in 2023 and another one in 2026",
        "patient",
        history(each_on_some(in_year(2023), in_year(2026))),
    )
    yield _q(f, "never been on scanner CT01, which pts", "patient", _never(at_station("CT01")))
    yield _q(
        f,
        "patients that had a RUL nodule and, maybe on another scan, a LLL nodule",
        "patient",
        history(each_on_some(nod(in_lobe("RUL")), nod(in_lobe("LLL")))),
    )
    yield _q(
        f,
        "which patients never had a nodule larger tahn 5 mm",
        "patient",
        _never(nod(gt("diameter_mm", 5))),
    )
    yield _q(
        f,
        "Hello Dr Reyes, could you pull the patients with a spiculated nodule but never any "
        "ground glass nodule? Thanks, Sofia",
        "patient",
        history(some_but_never(nod(margin("spiculated")), nod(att("ground-glass")))),
    )
    yield _q(
        f,
        "pleural effusion on some exam and consolidation on some exam, not necesarily the "
        "same one: patients?",
        "patient",
        history(each_on_some(kind("pleural_effusion"), kind("consolidation"))),
    )
    yield _q(
        f,
        "pts with an intracranial haemorrhage who never had a chest ct",
        "patient",
        history(some_but_never(kind("intracranial_hemorrhage"), chest_ct)),
    )


def lung_rads(rng: random.Random) -> Rows:
    f = "lung_rads"
    yield _q(
        f,
        "Good afternoon. Could you identify the Lung-RADS 4B studies from 2025? "
        "Regards, screening office",
        "study",
        sids(cat_in("4B"), in_year(2025)),
    )
    yield _q(
        f,
        "in the whole history the worst lung rads of the patient is 3 - who",
        "patient",
        history(lambda mine: highest(mine) == "3"),
    )
    q1 = [s for s in studies() if ldct(s) and quarter(2026, 1)(s)]
    yield _q(
        f,
        "Lung-RADS breakdown of the screening CTs, first quarter 2026",
        "groups",
        _groups(q1, category),
    )
    yield _q(f, "how many lr 4x ldct in 2024", "count", count(ldct, cat_in("4X"), in_year(2024)))
    yield _q(
        f,
        "scans of category 2 or lower in january 2025",
        "study",
        sids(cat_in("1", "2"), dated("2025-01-01", "2025-01-31")),
    )
    yield _q(
        f,
        "Dear colleagues, which studies were upgraded from Lung-RADS 3 to 4A? "
        "Best regards, Screening coordinator",
        "study",
        sids(went_from("3", ("4A",))),
    )
    yield _q(
        f,
        "patients whose lung-rads category went up at some point",
        "patient",
        pids(went(1)),
    )
    cands = []
    for y in (2025, 2024, 2023):
        whole = [s for s in studies() if ldct(s) and in_year(y)(s)]
        for c in ("4A", "3", "2", "1", "4X"):
            cands.append(((y, c), sum(1 for s in whole if category(s) == c), len(whole)))
    (y8, c8), v8 = _first_share(cands)
    yield _q(
        f,
        f"what percent of {y8} ldcts came out lung-rads {c8.lower()}",
        "value",
        v8,
    )
    yield _q(
        f,
        "lung rads four b or four x in twenty twenty six",
        "study",
        sids(cat_in("4B", "4X"), in_year(2026)),
    )
    yield _q(
        f,
        "patients with both an lr 2 and an lr 4X scan",
        "patient",
        history(each_on_some(cat_in("2"), cat_in("4X"))),
    )
    yield _q(
        f,
        "lung-rads 3 at some point but never anything higher",
        "patient",
        history(some_but_never(cat_in("3"), cat_in(*LR4))),
    )
    lr1 = [s for s in studies() if ldct(s) and category(s) == "1"]
    yield _q(
        f,
        "Dear Mark, could you send lr 1 screening scans per station? Thank you, Eva",
        "groups",
        _groups(lr1, lambda s: s["station"]),
    )
    yield _q(
        f,
        "female pts, maximum lung-rads over all their exams 4X",
        "patient",
        sorted(set(history(lambda mine: highest(mine) == "4X")) & set(_pool(_female))),
    )
    yield _q(
        f,
        "Dear team, how many studies changed Lung-RADS category compared with the one before? "
        "Regards, QA lead",
        "count",
        count(went(0)),
    )
    yield _q(
        f,
        "catagory 4A ldct at CT02 in 2024",
        "study",
        sids(ldct, cat_in("4A"), at_station("CT02"), in_year(2024)),
    )
    w26 = [s for s in studies() if ldct(s) and in_year(2026)(s) and sex_is("F")(s)]
    yield _q(
        f,
        "lung rads breakdown of women's screening cts in 2026",
        "groups",
        _groups(w26, category),
    )


def rankings(rng: random.Random) -> Rows:
    f = "rankings"
    ggn = _nod_rows(att("ground-glass"))
    n1, r1 = _ranked(ggn, lambda x: -x["diameter_mm"], "finding_id", 5)
    yield _q(f, f"{n1} biggest ggn", "finding", r1)
    women = [
        {"patient_id": p["patient_id"], "k": p["birth_date"]} for p in pats() if p["sex"] == "F"
    ]
    n2, r2 = _ranked(women, lambda x: x["k"], "patient_id", 3)
    yield _q(f, f"the {WORDS[n2]} oldest women in the cohort", "patient", r2)
    heads = [s for s in studies() if head_ct(s)]
    n3, r3 = _ranked(
        heads, lambda s: -dt.date.fromisoformat(s["study_date"]).toordinal(), "study_uid", 4
    )
    yield _q(f, f"head ct, the {n3} most recnet ones", "study", r3)
    alln = _nod_rows()
    n4, r4 = _ranked(alln, lambda x: x["mean_hu"], "finding_id", 6)
    yield _q(f, f"give {n4} nodules having the most negative mean HU", "finding", r4)
    counts_ = Counter(study_of(x)["patient_id"] for x in alln)
    rows5 = _patient_rows(lambda p: counts_.get(p, 0), lambda p: True)
    n5, r5 = _ranked(rows5, lambda x: x["k"], "patient_id", 3)
    yield _q(f, f"who are the {n5} patients carrying the biggest number of nodules", "patient", r5)
    psn = _nod_rows(att("part-solid"))
    n6, r6 = _ranked(psn, lambda x: -x["solid_component_mm"], "finding_id", 4)
    yield _q(
        f, f"which {n6} part solid nodules have the largest solid components of all", "finding", r6
    )
    ptx = _kind_rows("pneumothorax")
    n7, r7 = _ranked(ptx, lambda x: x["confidence"], "finding_id", 2)
    yield _q(f, f"the {n7} least confident pneumothoraces", "finding", r7)
    n8, r8 = _ranked(alln, lambda x: x["volume_mm3"], "finding_id", 3)
    yield _q(f, f"nodules sorted by volume ascending, first {n8}", "finding", r8)
    ldct_pts = [p for p in _pool(lambda p: _count_in(p, ldct) >= 1)]
    young = [{"patient_id": p, "k": birth_key(p)} for p in ldct_pts]
    n9, r9 = _ranked(young, lambda x: x["k"], "patient_id", 4)
    yield _q(f, f"which {n9} patients with a screening ct were born most recently", "patient", r9)
    ctas = [s for s in studies() if cta(s)]
    n10, r10 = _ranked(ctas, lambda s: s["study_date"], "study_uid", 3)
    yield _q(f, f"earliest {n10} CT angiograms on record", "study", r10)
    masses = _kind_rows("mass")
    n11, r11 = _ranked(masses, lambda x: -x["long_axis_mm"], "finding_id", 3)
    yield _q(f, f"masses ranked on long axis, the {n11} longest", "finding", r11)
    n12, r12 = _ranked(psn, lambda x: -x["volume_mm3"], "finding_id", 6)
    yield _q(f, f"{n12} part-solid nodules with the highest volume", "finding", r12)
    eff = _kind_rows("pleural_effusion")
    n13, r13 = _ranked(eff, lambda x: -x["confidence"], "finding_id", 2)
    yield _q(
        f, f"the {n13} pleural effusions detected with the greatest confidence", "finding", r13
    )
    spic = Counter(study_of(x)["patient_id"] for x in _nod_rows(margin("spiculated")))
    rows14 = _patient_rows(lambda p: spic.get(p, 0), lambda p: True)
    n14, r14 = _ranked(rows14, lambda x: x["k"], "patient_id", 2)
    yield _q(
        f,
        f"Hi Paolo, which {n14} patients have the most spiculated nodules? Thanks, Kim",
        "patient",
        r14,
    )
    cxrs = [s for s in studies() if cxr(s)]
    n15, r15 = _ranked(
        cxrs, lambda s: -dt.date.fromisoformat(s["study_date"]).toordinal(), "study_uid", 3
    )
    yield _q(f, f"lastest {n15} chest radiographs", "study", r15)


def stats(rng: random.Random) -> Rows:
    f = "aggregates"
    ggn = _nod_rows(att("ground-glass"))
    yield _q(
        f, "ground glass nodules, the diamater on average", "value", _mean_field(ggn, "diameter_mm")
    )
    solid = _nod_rows(att("solid"))
    yield _q(
        f,
        "Hello Sam, what is the median volume of solid nodules in cc? Thanks, Lena",
        "value",
        _median_field(solid, "volume_mm3", 1000),
    )
    psn = _nod_rows(att("part-solid"))
    yield _q(f, "avg HU part-solid nodules", "value", _mean_field(psn, "mean_hu"))
    yield _q(
        f,
        "for pneumothorax, mean detection confidence please",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield _q(
        f,
        "long axis of the masses averaged, answer in centimetre",
        "value",
        _mean_field(_kind_rows("mass"), "long_axis_mm", 10),
    )
    yield _q(
        f,
        "part solid nods - the median of solid componant",
        "value",
        _median_field(psn, "solid_component_mm"),
    )
    ldcts = [s for s in studies() if ldct(s)]
    yield _q(
        f,
        "nodules per one lowdose scan in average",
        "value",
        mean_of([float(len(nods(s))) for s in ldcts]),
    )
    men = _pool(_male)
    yield _q(
        f,
        "mean nodules count per man in the registry",
        "value",
        mean_of([float(sum(len(nods(s)) for s in own(p))) for p in men]),
    )
    cands = []
    for y in (2024, 2025, 2023, 2026):
        whole = [s for s in studies() if in_year(y)(s)]
        for name, test in (("ct angiograms", cta), ("head cts", head_ct), ("chest x-rays", cxr)):
            cands.append(((y, name), sum(1 for s in whole if test(s)), len(whole)))
    (y9, name9), v9 = _first_share(cands)
    yield _q(f, f"of all {y9} studies, what percentage were {name9}", "value", v9)
    pt = pats()
    label10, v10 = _first_share(
        [
            ("are women", sum(1 for p in pt if p["sex"] == "F"), len(pt)),
            ("are men", sum(1 for p in pt if p["sex"] == "M"), len(pt)),
            ("are registered with gender other", sum(1 for p in pt if p["sex"] == "O"), len(pt)),
        ]
    )
    yield _q(f, f"out of whole cohort, proportion (%) of patients who {label10}", "value", v10)
    cands11 = []
    for lobe, name in (
        ("RLL", "rll"),
        ("RUL", "rul"),
        ("LLL", "lll"),
        ("LUL", "lul"),
        ("RML", "rml"),
    ):
        rows = _nod_rows(in_lobe(lobe))
        for field, value, word in (
            ("margin", "spiculated", "spiculated"),
            ("margin", "lobulated", "lobulated"),
            ("margin", "smooth", "smooth"),
            ("attenuation", "ground-glass", "ground glass"),
            ("attenuation", "part-solid", "part-solid"),
            ("attenuation", "solid", "solid"),
            ("calcified", True, "calcified"),
        ):
            part = sum(1 for x in rows if x[field] == value)
            cands11.append(((name, word), part, len(rows)))
    (lobe11, mg11), v11 = _first_share(cands11)
    yield _q(f, f"of nodules located in {lobe11}, how big part is {mg11} (percent)", "value", v11)
    cands12 = []
    for y in (2023, 2024, 2025):
        whole = [s for s in studies() if ldct(s) and in_year(y)(s)]
        for st in ("CT01", "CT02"):
            cands12.append(((y, st), sum(1 for s in whole if s["station"] == st), len(whole)))
    (y12, st12), v12 = _first_share(cands12)
    yield _q(f, f"{y12} ldcts: what fraction were acquired on {st12}?", "value", v12)
    mass_pts = pids(kind("mass"))
    yield _q(
        f,
        "patients having a mass - their age, averaged",
        "value",
        mean_of([float(_age_at_latest(p, kind("mass"))) for p in mass_pts]),
    )
    yield _q(
        f,
        "calcified nods short axis, median value mm",
        "value",
        _median_field(_nod_rows(calcified), "short_axis_mm"),
    )
    yield _q(
        f,
        "Dear colleagues, what is the mean diametre of the spiculated nodules? Best wishes, Ines",
        "value",
        _mean_field(_nod_rows(margin("spiculated")), "diameter_mm"),
    )


def reports(rng: random.Random) -> Rows:
    f = "reports"
    yield _q(
        f,
        "2026 studies where the report mentions emphysema",
        "study",
        sids(says("emphysema"), in_year(2026)),
    )
    yield _q(
        f,
        "Hello, how many of the 2025 reports state there is no emphysema? Cheers, Ana",
        "count",
        count(denies("emphysema"), in_year(2025)),
    )
    yield _q(
        f,
        "patients with coronary artery calcfication",
        "patient",
        pids(says("coronary")),
    )
    yield _q(
        f,
        "ldcts with enlarged lymph nodes, how many",
        "count",
        count(ldct, says("lymphadenopathy")),
    )
    yield _q(
        f,
        "report says granuloma and the scan has calcified nodule",
        "study",
        sids(says("granuloma"), nod(calcified)),
    )
    yield _q(
        f,
        "emphysema and coronary calcification in the same report",
        "study",
        sids(says("emphysema"), says("coronary")),
    )
    yield _q(
        f,
        "emphysema written in a report at least once, lymphadenopathy never - pts",
        "patient",
        history(some_but_never(says("emphysema"), says("lymphadenopathy"))),
    )
    yield _q(
        f,
        "how many women have emphisema",
        "count",
        len(sorted(set(pids(says("emphysema"))) & set(_pool(_female)))),
    )
    yield _q(
        f,
        "patients, emphysema never appearing in any of their reports",
        "patient",
        _never(says("emphysema")),
    )
    yield _q(
        f,
        "emphysema or lymphadenopathy q1 2026",
        "study",
        sids(either(says("emphysema"), says("lymphadenopathy")), quarter(2026, 1)),
    )
    yield from ask(
        f,
        "men over 70 with coronary atherosclerosis",
        "patient",
        *[
            sorted(set(r) & set(_pool(_male)))
            for r in aged(lambda s: ref.age(s) > 70, says("coronary"))
        ],
    )
    yield _q(
        f,
        "reports negative for lymphadenopathy with a spiculated nodule",
        "study",
        sids(denies("lymphadenopathy"), nod(margin("spiculated"))),
    )
    yield _q(
        f,
        "ct angios where the report describes lymphadenophaty",
        "study",
        sids(cta, says("lymphadenopathy")),
    )
    yield from ask(
        f,
        "Hi, could you pull the list of patients with mediastinal lymphadenopathy and a mass "
        "on the same scan? Cheers, Tom",
        "patient",
        pids(says("lymphadenopathy"), kind("mass")),
    )
    yield _q(
        f,
        "Good afternoon, please tell me the number of patients with a granuloma. Thanks, Dr Lee",
        "count",
        len(pids(says("granuloma"))),
    )
    emph = [s for s in studies() if says("emphysema")(s)]
    yield _q(
        f,
        "reports mentioning emphysema, count per station",
        "groups",
        _groups(emph, lambda s: s["station"]),
    )


def _grown_sids(
    g: float = 1.5, inclusive: bool = False, *more: FTest, where: Test = ALL
) -> list[list[str]]:
    return [sids(where, fstudy(r, *more)) for r in grew_readings(g, inclusive)]


def growth(rng: random.Random) -> Rows:
    f = "growth"
    yield from ask(
        f, "exams showing nodule growth compared with the previous exam", "study", *_grown_sids()
    )
    yield from ask(
        f, "nodules with over 3 mm interval growth, which exams", "study", *_grown_sids(3.0)
    )
    yield from ask(
        f,
        "nodules increased by at least 2 mm vs previous",
        "study",
        *_grown_sids(2.0, True),
    )
    yield from ask(
        f,
        "2024 scans that show a new nodule",
        "study",
        *[sids(in_year(2024), fstudy(new(m))) for m in (False, True)],
    )
    yield from ask(
        f,
        "newly appeared solid nodules",
        "study",
        *[sids(fstudy(new(m), att("solid"))) for m in (False, True)],
    )
    yield from ask(
        f,
        "stabel nodules at CT02 during 2024",
        "study",
        *[
            sids(at_station("CT02"), in_year(2024), fstudy(stable(r, m)))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        f,
        "patients with a growing ggn",
        "patient",
        *[pids(fstudy(r, att("ground-glass"))) for r in grew_readings()],
    )
    yield from ask(
        f,
        "how many studies show interval growth",
        "count",
        *[len(x) for x in _grown_sids()],
    )
    yield from ask(
        f,
        "patients which never had a growing nodule",
        "patient",
        *[_never(fstudy(r, is_nodule)) for r in grew_readings()],
        *[_never(fstudy(r)) for r in grew_readings()],
    )
    yield from ask(
        f,
        "left upper lobe nodule grew over 2 mm",
        "study",
        *_grown_sids(2.0, False, in_lobe("LUL")),
    )
    yield from ask(
        f,
        "Morning! Can someone pull the studies with a new ground glass nodule in 2026? Ta, Jamie",
        "study",
        *[sids(in_year(2026), fstudy(new(m), att("ground-glass"))) for m in (False, True)],
    )
    yield from ask(
        f,
        "Hi, please send me the studies with stable part-solid nodules. Regards, Chen",
        "study",
        *[
            sids(fstudy(stable(r, m), att("part-solid")))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        f,
        "grown nodules - total number",
        "count",
        *[len([x for x in findings() if r(x)]) for r in grew_readings()],
    )
    yield from ask(
        f,
        "men whose spiculated nodule has grown",
        "patient",
        *[
            sorted(set(pids(fstudy(r, margin("spiculated")))) & set(_pool(_male)))
            for r in grew_readings()
        ],
    )
    yield from ask(
        f,
        "how many ldct at CT01 in 2024 had a new nodul",
        "count",
        *[count(ldct, at_station("CT01"), in_year(2024), fstudy(new(m))) for m in (False, True)],
    )
    yield from ask(
        f,
        "growing nodules grouped by lobe",
        "groups",
        *[
            _groups([x for x in findings() if r(x) and x["kind"] == "nodule"], lambda x: x["lobe"])
            for r in grew_readings()
        ],
    )


def _with_sex(code: str, rows: list[list[str]]) -> list[list[str]]:
    keep = set(_pool(lambda p: ref.cohort()[0][p]["sex"] == code))
    return [sorted(set(r) & keep) for r in rows]


def people(rng: random.Random) -> Rows:
    f = "demographics"
    yield from ask(
        f,
        "female patients aged over 75 at a low-dose ct",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) > 75), ldct),
    )
    yield from ask(
        f,
        "men aged fifty to fifty five with a ct angio",
        "patient",
        *aged(both_(sex_is("M"), lambda s: 50 <= ref.age(s) <= 55), cta),
    )
    yield from ask(
        f,
        "sexagenarian patients with consolidation",
        "patient",
        *aged(lambda s: 60 <= ref.age(s) <= 69, kind("consolidation")),
    )
    yield from ask(
        f,
        "which pts had a spiculated nodule when aged in the fifties",
        "patient",
        *aged(lambda s: 50 <= ref.age(s) <= 59, nod(margin("spiculated"))),
    )
    yield _q(
        f,
        "number of patients with gender other",
        "count",
        sum(1 for p in pats() if p["sex"] == "O"),
    )
    yield _q(f, "patients per sex", "groups", _groups(pats(), lambda p: p["sex"]))
    mass_pts = set(pids(kind("mass")))
    yield _q(
        f,
        "number of female and male patients with a mass",
        "groups",
        _groups(
            [p for p in pats() if p["patient_id"] in mass_pts and p["sex"] in ("F", "M")],
            lambda p: p["sex"],
        ),
    )
    yield _q(
        f,
        "Hi, can someone identify patients under 40 at the time of there scan? "
        "Many thanks, Student nurse",
        "patient",
        pids(lambda s: ref.age(s) < 40),
    )
    yield _q(
        f,
        "Dear Dr Ahmed, could you work out which patients born after 1995 had a head CT? "
        "Many thanks, Yusuf",
        "patient",
        sorted(set(born("1996-01-01", "2100-01-01")) & set(pids(head_ct))),
    )
    yield _q(
        f,
        "how many men older than 80 at a scan",
        "count",
        len(pids(sex_is("M"), lambda s: ref.age(s) > 80)),
    )
    yield from ask(
        f,
        "women age 65 or more with emphysema",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) >= 65), says("emphysema")),
    )
    hem = pids(kind("intracranial_hemorrhage"))
    yield _q(
        f,
        "brain haemorrhage patients: mean age",
        "value",
        mean_of([float(_age_at_latest(p, kind("intracranial_hemorrhage"))) for p in hem]),
    )
    big = pids(nod(gt("diameter_mm", 20)))
    rows13 = [{"patient_id": p, "k": birth_key(p)} for p in big]
    n13, r13 = _ranked(rows13, lambda x: x["k"], "patient_id", 1)
    word13 = "patient" if n13 == 1 else f"{n13} patients"
    yield _q(f, f"youngest {word13} with a nodule over 20 mm", "patient", r13)
    yield _q(f, "x-rays of the chest of female patients", "study", sids(sex_is("F"), cxr))
    y15 = pick(rng, [1958, 1960, 1962])
    yield _q(
        f,
        f"women whose birth year is {y15}",
        "patient",
        sorted(set(born(f"{y15}-01-01", f"{y15}-12-31")) & set(_pool(_female))),
    )
    heads = [s for s in studies() if head_ct(s) and ref.sex(s) in ("F", "M")]
    yield _q(
        f,
        "head ct number, male against female",
        "groups",
        _groups(heads, ref.sex),
    )


def modality(rng: random.Random) -> Rows:
    f = "modality"
    yield _q(
        f,
        "how many chest x rays at dee ex zero one in twenty twenty six",
        "count",
        count(cxr, at_station("DX01"), in_year(2026)),
    )
    yield _q(
        f,
        "how are all studies spread over the stations",
        "groups",
        _groups(studies(), lambda s: s["station"]),
    )
    yield _q(
        f,
        "Hello, CT versus DX, number of exams please? Regards, Finance office",
        "groups",
        _groups(studies(), lambda s: s["modality"]),
    )
    yield _q(
        f,
        "non-contrast chest cts in 2024",
        "study",
        sids(non_contrast_chest, in_year(2024)),
    )
    yield _q(
        f,
        "which contrast chest cts show a pleural efusion",
        "study",
        sids(with_contrast, kind("pleural_effusion")),
    )
    yield _q(
        f,
        "see tee zero one head cts twenty twenty four how many",
        "count",
        count(head_ct, at_station("CT01"), in_year(2024)),
    )
    yield _q(
        f,
        "2025: number of studies with description CT ANGIO CHEST PE",
        "count",
        count(cta, in_year(2025)),
    )
    yield _q(
        f,
        "haemorrhage seen on head ct, which exams",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(
        f,
        "exams done on CT02 during march 2025, count",
        "count",
        count(at_station("CT02"), dated("2025-03-01", "2025-03-31")),
    )
    y23 = [s for s in studies() if ldct(s) and in_year(2023)(s)]
    yield _q(f, "ldct 2023 per station", "groups", _groups(y23, lambda s: s["station"]))
    yield _q(
        f,
        "non-screening chest ct, nodule above 15 mm",
        "study",
        sids(chest_ct, neg(ldct), nod(gt("diameter_mm", 15))),
    )
    yield _q(
        f,
        "pnemothorax on plain radiograph",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield _q(f, "ct angio with consolidaton", "study", sids(cta, kind("consolidation")))
    cts = [s for s in studies() if any_ct(s)]
    yield _q(
        f,
        "CT exams broken down by body part",
        "groups",
        _groups(cts, lambda s: s["body_part"]),
    )
    yield _q(
        f,
        "Good morning, please send me the number of head CTs done at CT02 in 2025. "
        "Kind regards, Radiology admin",
        "count",
        count(head_ct, at_station("CT02"), in_year(2025)),
    )


def lobes(rng: random.Random) -> Rows:
    f = "lobes"
    yield _q(
        f,
        "in 2026, the studies having nodule in right middle lobe",
        "study",
        sids(in_year(2026), nod(in_lobe("RML"))),
    )
    yield _q(
        f,
        "Good evening, could you send the number of nodules per lobe? Thank you, Marta",
        "groups",
        _groups(_nod_rows(), lambda x: x["lobe"]),
    )
    yield _q(
        f,
        "RUL vs LUL nodule count",
        "groups",
        _groups(_nod_rows(in_lobe("RUL", "LUL")), lambda x: x["lobe"]),
    )
    yield _q(
        f,
        "left lower lobe spiculated nodles",
        "study",
        sids(nod(in_lobe("LLL"), margin("spiculated"))),
    )
    yield _q(
        f,
        "RUL ggn over 10 mm",
        "study",
        sids(nod(in_lobe("RUL"), att("ground-glass"), gt("diameter_mm", 10))),
    )
    yield _q(f, "nodules in both lungs on the same ct", "study", sids(_bilateral))
    yield _q(
        f,
        "calcified nodule in upper lobe, left or right side",
        "study",
        sids(nod(in_lobe("RUL", "LUL"), calcified)),
    )
    yield _q(
        f,
        "part solid nodule in lll or rll",
        "study",
        sids(nod(in_lobe("LLL", "RLL"), att("part-solid"))),
    )
    yield _q(
        f,
        "total count of nodules sitting in the left upper lobe",
        "count",
        len(_nod_rows(in_lobe("LUL"))),
    )
    yield _q(
        f,
        "lobulated nodules middel lobe",
        "study",
        sids(nod(in_lobe("RML"), margin("lobulated"))),
    )
    y25 = _nod_rows(where=both_(ldct, in_year(2025)))
    yield _q(
        f,
        "screening ct nodules of 2025 split by lobe",
        "groups",
        _groups(y25, lambda x: x["lobe"]),
    )
    yield _q(
        f,
        "left lung nodules over 8 mm",
        "study",
        sids(nod(in_lobe("LUL", "LLL"), gt("diameter_mm", 8))),
    )
    yield _q(
        f,
        "patients with a nodule in LUL and one in RLL on the same scan",
        "patient",
        pids(nod(in_lobe("LUL")), nod(in_lobe("RLL"))),
    )
    yield _q(
        f,
        "right lower lobe solid nodules at CT01",
        "study",
        sids(at_station("CT01"), nod(in_lobe("RLL"), att("solid"))),
    )
    yield _q(
        f,
        "Hi all - for the tumour board I need the studies with a mass in the lower lobes. Best, R.",
        "study",
        sids(kind("mass", in_lobe("RLL", "LLL"))),
    )
    yield _q(
        f,
        "calcified nods, lobe by lobe count",
        "groups",
        _groups(_nod_rows(calcified), lambda x: x["lobe"]),
    )


def features(rng: random.Random) -> Rows:
    f = "features"
    yield _q(
        f,
        "spiculated solid nodules over 10 mm",
        "study",
        sids(nod(margin("spiculated"), att("solid"), gt("diameter_mm", 10))),
    )
    yield _q(
        f,
        "split the nodules by their attenuation type",
        "groups",
        _groups(_nod_rows(), lambda x: x["attenuation"]),
    )
    yield _q(
        f,
        "margin breakdown for ggns",
        "groups",
        _groups(_nod_rows(att("ground-glass")), lambda x: x["margin"]),
    )
    yield _q(f, "calcified nodules 2025", "study", sids(in_year(2025), nod(calcified)))
    yield _q(
        f,
        "part-solid nodule without calcification",
        "study",
        sids(nod(uncalcified, att("part-solid"))),
    )
    yield _q(
        f,
        "ct01 exams with subsolid nodule",
        "study",
        sids(at_station("CT01"), nod(subsolid)),
    )
    yield _q(
        f,
        "ground glass nodules having smooth margin",
        "study",
        sids(nod(margin("smooth"), att("ground-glass"))),
    )
    yield _q(f, "the total of lobualted nodules", "count", len(_nod_rows(margin("lobulated"))))
    yield _q(
        f,
        "spiculated vs smooth nodules count",
        "groups",
        _groups(
            _nod_rows(lambda x: x["margin"] in ("spiculated", "smooth")), lambda x: x["margin"]
        ),
    )
    cands10 = []
    for y in (2024, 2025, 2023, 2026):
        rows10 = _nod_rows(where=in_year(y))
        for field, value, word in (
            ("calcified", True, "calcified"),
            ("margin", "spiculated", "spiculated"),
            ("attenuation", "part-solid", "part-solid"),
            ("margin", "lobulated", "lobulated"),
            ("attenuation", "ground-glass", "ground glass"),
        ):
            part = sum(1 for x in rows10 if x[field] == value)
            cands10.append(((y, word), part, len(rows10)))
    (y10, label10), v10 = _first_share(cands10)
    yield _q(f, f"{y10} nodules - percent that were {label10}", "value", v10)
    yield _q(
        f,
        "pure ground glass lobulated",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"))),
    )
    yield _q(
        f,
        "solid calcified nodules under 5 mm",
        "study",
        sids(nod(att("solid"), calcified, lt("diameter_mm", 5))),
    )
    yield _q(
        f,
        "spiculated part solid nodule, the patients",
        "patient",
        pids(nod(att("part-solid"), margin("spiculated"))),
    )
    yield _q(
        f,
        "patients in whom a single ct showed a calcified nodule plus a spiculated nodule",
        "patient",
        pids(nod(calcified), nod(margin("spiculated"))),
    )
    yield _q(
        f,
        "ggn with spiculted margins",
        "study",
        sids(nod(margin("spiculated"), att("ground-glass"))),
    )


def intervals(rng: random.Random) -> Rows:
    f = "intervals"
    p1 = pick(rng, _pool(lambda p: len(_dates_of(p, ALL)) >= 3))
    span1 = _span_days(p1, ALL)
    assert span1 is not None
    yield _q(
        f,
        f"{p1}: how long in days between their very first exam and the most recent one",
        "value",
        float(span1),
    )
    p2 = pick(rng, _pool(lambda p: len(_dates_of(p, ldct)) >= 2))
    span2 = _span_days(p2, ldct)
    assert span2 is not None
    yield _q(
        f,
        f"months between the first and latest ldct of patient {p2}",
        "value",
        span2 / 30.4375,
    )
    p3 = pick(rng, _pool(lambda p: len(_dates_of(p, chest_ct)) >= 3))
    span3 = _span_days(p3, chest_ct)
    assert span3 is not None
    yield _q(
        f,
        f"{p3} time from earliest to latest chest ct, in years",
        "value",
        span3 / 365.25,
    )
    yield _q(
        f,
        "average days from one ldct to the next one",
        "value",
        mean_of([float(g) for g in _gaps(ldct)]),
    )
    yield _q(
        f,
        "between successive chest cts, the median gap expressed in months",
        "value",
        median_of([g / 30.4375 for g in _gaps(chest_ct)]),
    )
    yield from ask(
        f,
        "follow-up longer than 20 months - patients",
        "patient",
        _followed(ALL, 20, False),
        _followed_days(ALL, 20 * 30.4375, False),
    )
    yield from ask(
        f,
        "first ldct to last ldct over two years, which patients",
        "patient",
        _followed(ldct, 24, False),
        _followed_days(ldct, 730, False),
        _followed_days(ldct, 731, False),
    )
    p8 = pick(rng, _pool(lambda p: len(_dates_of(p, ALL)) >= 2))
    a8, b8 = own(p8)[0], own(p8)[-1]
    yield _q(
        f,
        f"weeks between accession {a8['accession']} and accession {b8['accession']}",
        "value",
        days_between(a8["study_date"], b8["study_date"]) / 7,
    )
    yield from ask(
        f,
        "successive screening cts spaced more than eleven months, patients",
        "patient",
        _gap_over(ldct, 11, True),
        _gap_over(ldct, 11, False),
    )
    mass_pts = set(pids(kind("mass")))
    spans = [_span_days(p, ALL) for p in sorted(mass_pts)]
    yield _q(
        f,
        "average follow-up in months from first to last study, patients with a mass",
        "value",
        mean_of([s / 30.4375 for s in spans if s is not None]),
    )
    yield from ask(
        f,
        "how many patients have at least two and a half years of follow up",
        "count",
        len(_followed(ALL, 30, True)),
        len(_followed_days(ALL, 2.5 * 365, True)),
        len(_followed_days(ALL, 30 * 30.4375, True)),
    )
    p12 = pick(
        rng,
        _pool(lambda p: _count_in(p, cta) == 1 and _count_in(p, non_contrast_chest) == 1),
    )
    d_a = next(s["study_date"] for s in own(p12) if cta(s))
    d_n = next(s["study_date"] for s in own(p12) if non_contrast_chest(s))
    yield _q(
        f,
        f"days between the pe study and the chest ct without contrast of {p12}",
        "value",
        float(abs(days_between(d_a, d_n))),
    )
    yield _q(
        f,
        "screening cts redone within twelve months",
        "study",
        sids(
            ldct,
            lambda s: any(
                ldct(x) and s["study_date"] < x["study_date"] <= months_on(s["study_date"], 12)
                for x in own(s["patient_id"])
            ),
        ),
    )
    fem = [p for p in _pool(_female) if len(_dates_of(p, ALL)) >= 2]
    yield _q(
        f,
        "Hi both, what's the median follow up span in days for female patients? Best, Hannah",
        "value",
        median_of([float(_span_days(p, ALL) or 0) for p in fem]),
    )
    p15 = pick(rng, _pool(lambda p: len(_dates_of(p, ALL)) >= 4))
    yield _q(
        f,
        f"mean interval between consecutive scans for {p15}, in days",
        "value",
        mean_of([float(g) for g in _gaps(ALL, lambda p: p == p15)]),
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
    print(f"{len(built)} questions in part {PART}")
    print(f"LEFT_OUT ({len(LEFT_OUT)}): {LEFT_OUT}")
