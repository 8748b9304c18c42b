"""Held-out part 57 of the question bank: cohort questions typed as everyone who asks types them.

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

Overlap check: a throwaway script compared the texts with ``dev_queries.jsonl``, with parts 22
to 55 (loaded through their ``bank()``, never read), with every question of
``question_bank.bank()`` and ``question_bank.ungated_bank()``, and with parts 56, 58 and 59 on
their branches (loaded through their ``bank()`` once they had been committed), 17,628 questions
in all, printing only this part's matches (word for word after lower-casing and dropping
punctuation, or a word overlap of 75 % or more of the longer question). Against the dev
questions, parts 22 to 55 and the ungated bank 77 matched (9 word for word) and were reworded,
17 rewordings matched again, then 1, and were reworded again; ``question_bank.bank()``, built
later, added 12 matches (none word for word), reworded, 1 again; parts 56, 58 and 59 added 4 (1
word for word), reworded, 1 again, reworded. None is left. No question of this part repeats or
overlaps another of it (:func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 238 in all):
identifiers [16], dates [17], numbers [16], counts [16], set logic [17],
Lung-RADS [16], rankings and top-N [14], aggregates and percentages [16], report concepts with
negation [16], growth / new / stable [15], demographics [18], modality / description / station
[16], lobes [15], attenuation / margin / calcification ("features") [16], intervals [14].
Identifiers: a patient's exams and their number, an accession's and a UID's patient, an
accession's findings and nodule count, a UID's nodule findings, the newest and the baseline
LDCT, a patient's CT angiograms, chest radiographs and first study, two patients' studies in an
e-mail, three accessions' patients, an unknown MRN. Dates: "Q1 2024", "since <month> 2025
onward", a month range with "thru", ISO days for births and studies, the 1950s, "past 6
months", "this year to date", "last year", "before 2024", "after 31 december 1979", July through
December 2023, "on ... or later", "twenty twenty three", "nov 2025 to feb 2026", "Q four twenty
twenty five". Numbers: under a centimetre, mm and cm ranges, negative HU ranges and bounds
("minus seven hundred"), confidences (".8 and .9", "0.6 or less"), solid core, volume, long and
short axis, masses over 3.2 cm, "3mm or smaller", "eleven point five", HU above 100. Counts:
exactly N nodules (per study and of one attenuation), 4+ studies, a single exam, one tracked
nodule on 4+ scans, more than three on one LDCT, 3+/4+ LDCTs, exactly 2 LDCTs, zero findings,
fewer than two, 3+ findings of any kind, a patient's chest CTs, exactly three scans, the cohort's
nodules. Set logic: "BOTH ... AND", "but never", "never imaged with", "none of which",
inclusion/exclusion and criteria lists (semicolons, dashes, bullets, capital AND/NOT), two
findings on one scan, two stations, two categories. Lung-RADS: a category in a year, highest
ever, breakdowns of a year's LDCTs, of a quarter's scans and of a year's 4B/4X LDCTs per
scanner, "LR 2 or better", higher than the prior exam, unchanged from the prior, "3 but never 4a,
4b or 4x", "four b", 4A then later 4B/4X, "lungrads 4 or above". Rankings: largest nodules,
largest solid cores, most nodules and most LDCTs per patient, oldest women ("born first"),
youngest men, newest head CTs, earliest x-rays, most negative and highest HU, ggn volume,
effusion confidence, lesion long axis, spiculated size, smallest solid volume. Aggregates:
means and medians of diameter, volume (mm3, cc), HU, confidence, long axis in cm, solid
component, age; nodules per LDCT ("on a typical ..."); shares of a year's studies, of a year's
LDCTs by station and by category, of nodules by lobe and by attenuation and lobe. Report
concepts: emphysema, lymphadenopathy, coronary artery calcification, granuloma; "negative for",
"state no", "without ... in the report", "NOT ... in the report", "but never", "or". Growth /
new / stable: growth since the prior, more than 2 and 4 mm, at least 3 mm, in a lobe and of an
attenuation, new nodules in a year and of an attenuation, "not masses", stable nodules in a
lobe and at a station, never growing. Demographics: age windows with sex and a finding (on the
scan's day), sex counts and breakdowns, "in their eighties", "other", men vs women, age at the
first and at the latest scan, birth years. Modality / description / station: DX01, CT01, CT02,
quoted descriptions, contrast and non-contrast, CTPA / "pe protocol" / CT pulmonary angiogram,
radiographs, station and modality breakdowns, a month's x-rays in an e-mail, CT01 vs CT02 in a
quarter. Lobes: each lobe by abbreviation and name, breakdowns and a comparison by lobe, both
lower lobes on one scan, "every nodule in the left lung", a criteria list with bullets.
Attenuation / margin / calcification: spiculated, lobulated, smooth, calcified and not,
subsolid, "pure ground-glass", solid-component windows, breakdowns by attenuation and margin,
spiculated vs lobulated, "psn 4a". Intervals: days first to latest (all studies and LDCTs),
between two accessions, mean and median gaps between consecutive studies, LDCTs and chest CTs,
the longest gap, follow-up over 36 months and at least 18 months, back-to-back LDCTs within 350
days, first to second study, an eligibility with a 2-year LDCT span.

The styles are mixed in roughly equal shares: a radiologist's shorthand ("psn", "ggo", "lr",
"pts", "w/", "acc no.", "rul"), a nurse's or clinician's full sentences, a screening
coordinator's Lung-RADS over time, a manager's counts per station, quarter and month, a data
scientist's inclusive ranges, means and medians, search-box keywords ("lobualted nodules rul",
"psn 4a"), dictated numbers ("eleven point five", "minus seven hundred", "twenty twenty three",
"four b", "Q four twenty twenty five"), and questions pasted in an e-mail with a greeting and a
sign-off. The part leans toward a clinical-trial research coordinator screening for
eligibility: stacked inclusion and exclusion criteria (sex, birth years, an age window on the
scan's day, a size window, an attenuation, a margin, "not calcified", "at least 2 LDCTs",
"NOT lymphadenopathy on any report", "no mass ever", "no head CT ever") written with
semicolons, dashes, bullets and capital AND / NOT. 27 questions (about one in eight)
carry a hurried typist's slip ("nodles", "studys", "patiens", "betwen", "bewteen",
"averge", "largst", "emphysmea", "grwoing", "femal", "pnemothorax", "spiculted", "calcifeid",
"haed", "nevr", "lobualted", "patiants", "radiogrpahs", "leats", "stabel", "catagory", "smoth",
"exacly", "lowr", "decmber", "consecutve", "confidance"); their answers are what they plainly
mean. About one in five asks about groups (17 breakdowns and comparisons, 6 shares, 14
rankings).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions and UIDs, months, years, a quarter, a size window; a ranking's number is the first
from the one written whose boundary has no tie, a percentage the first of a list of candidates
(years, stations, categories, lobes, attenuations) that is neither 0 nor 100 % and lies within
0.005 of a tenth (four share drafts had no such candidate and gave no question: a station's
share of 2025 LDCTs, a category's share of 2024 LDCTs, a decade's share of births, spiculated
nodules over a size). Expected answers are computed here in plain Python with the documented
conventions written out by hand. Where the conventions leave a choice the question is asked only
when the competing readings give the same answer (:func:`ask`; ``LEFT_OUT`` lists any that do
not as the bank is built, and is empty for this seed): the first day of "the past 6 months"; a
track that was a mass from its first study counted or not as a new, growing or stable nodule,
and a change taken in floating point or to 0.1 mm; one tracked nodule on 4+ scans counting a
mass on its track or not; two report concepts of a man on one study or each on some study; "part
solid nodule; NOT emphysema in the report" on the nodule's study or on every report; an age with
a sex and a condition on one study or each on some study; "more than 36 months" and "at least 18
months" of follow-up as calendar months or days; "2 years apart" as 24 calendar months or 730
days. Drafts replaced before freezing because their readings disagreed: "new ground-glass
nodules, which patients" and the same in 2025 (asked with "not masses"), "pts in their 70s with
a spiculated nodule" and an inclusion list "age 50-70 at scan; female; solid nodule 8-15 mm on
an LDCT" (asked with the age "at the time of a scan showing" / "on the day of an LDCT that
shows" the finding), "average patient age at ct angiography" (over studies or patients: asked
"at the time of each ... exam"), "right lung nodule findings with lung-rads 4a" (the finding's
own grade or its study's category: asked "whose own lung-rads grade is 4a"). Drafts whose
answers were empty by accident were replaced: findings below -800 HU (asked at -700), nodule
confidence under 0.55 (0.6 or less), masses over 4 cm (3.2 cm), patients with 5+ studies (4+),
"BOTH a ct angiogram AND a head ct" and "both a chest x-ray and a chest ct" (patients with CTAs,
head CTs or x-rays have no other kind of study; asked of contrast and non-contrast chest CTs and
of two categories), a category that came down later (categories never fall in this cohort; asked
as 4A then 4B/4X and as unchanged from the prior), back-to-back LDCTs within 300 days (350).
Readings taken: "screening ct", "low dose (screening) ct" and "ldct" are the CT CHEST LOW DOSE
LUNG SCREENING studies; "ct angiogram", "ctpa", "pe protocol ct" and "CT pulmonary angiogram"
the CT ANGIO CHEST PE studies; "chest x-rays", "radiographs" and "x-rays" the DX studies;
"diagnostic chest cts (not screening)" the chest CTs that are not LDCTs; a breakdown or
comparison of nodules counts nodule findings, of studies studies, of patients patients; "men
versus women" leaves out the third sex and a sex breakdown lists only the sexes that occur; a
Lung-RADS breakdown lists only the categories that occur; a patient's criteria list holds each
criterion on some study of the patient (a finding with its own attributes on one finding), "NOT
/ never / no ... ever / on any report" over all of the patient's studies; "negative for" and
"state no" are the denied reading, "without ... in the report" no affirmed mention on that
study; a mean gap "of all the gaps" pools every consecutive pair; "first and second study" and
spans from first to latest are over patients with at least two studies. A question that wants
findings says "findings" (or ranks them); "nodules" alone asks for studies. One answer is empty
on purpose (an unknown MRN, P00999).

Scored alone with ``python tests/query/question_bank.py --part held_out_57 -v`` once wired in.
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
    MON,
    MONTH,
    FTest,
    Rows,
    aged,
    agreed,
    at_station,
    att,
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
    month_end,
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
    previous_category,
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
    with_contrast,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_57"
SEED = 5757

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


def _kind_rows(name: str, *tests: FTest) -> list[Row]:
    return [f for f in findings() if f["kind"] == name and all(t(f) for t in tests)]


def _nod_rows(*tests: FTest, where: Test = lambda s: True) -> list[Row]:
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
) -> tuple[int, list[str]] | None:
    """The first count from ``start`` to 8 whose ranking has no tie at its boundary."""
    for n in range(start, 9):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    return None


def _patient_rows(score: Callable[[str], float]) -> list[Row]:
    return [{"patient_id": p["patient_id"], "k": -score(p["patient_id"])} for p in pats()]


def _span_days(pid: str, test: Test) -> int | None:
    mine = [s for s in own(pid) if test(s)]
    if len(mine) < 2:
        return None
    return days_between(mine[0]["study_date"], mine[-1]["study_date"])


def _followed_months(months: int, inclusive: bool) -> list[str]:
    """Patients whose latest study is more than (``inclusive``: at least) ``months`` after
    their first."""

    def test(mine: list[Row]) -> bool:
        if not mine:
            return False
        end = months_on(mine[0]["study_date"], months)
        last = str(mine[-1]["study_date"])
        return last >= end if inclusive else last > end

    return history(test)


def _consecutive_gaps(test: Test) -> list[int]:
    gaps: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        pairs = itertools.pairwise(mine)
        gaps.extend(days_between(a["study_date"], b["study_date"]) for a, b in pairs)
    return gaps


def _born(lo: str, hi: str) -> Test:
    """A study of a patient born from ``lo`` to ``hi`` (ISO days, both included)."""
    return lambda s: lo <= ref.cohort()[0][s["patient_id"]]["birth_date"] <= hi


def _hist(*parts: Callable[[list[Row]], bool]) -> list[str]:
    """Patients whose history passes every part (each a test of the whole history)."""
    return history(lambda mine: bool(mine) and all(p(mine) for p in parts))


def _some(*tests: Test) -> Callable[[list[Row]], bool]:
    """Some one study passes every test."""
    return lambda mine: any(all(t(s) for t in tests) for s in mine)


def _none(test: Test) -> Callable[[list[Row]], bool]:
    return lambda mine: not any(map(test, mine))


def _n(test: Test, compare: Callable[[int], bool]) -> Callable[[list[Row]], bool]:
    return lambda mine: compare(sum(1 for s in mine if test(s)))


def _first_share(candidates: Sequence[tuple[str, int, int]]) -> tuple[str, float] | None:
    for question, part, whole in candidates:
        value = _share(part, whole)
        if value is not None:
            return question, value
    return None


ALL: Test = lambda s: True  # noqa: E731
LR4 = ("4A", "4B", "4X")
LOBES = ("RUL", "RML", "RLL", "LUL", "LLL")
LOBE_NAME = {
    "RUL": "right upper lobe",
    "RML": "right middle lobe",
    "RLL": "right lower lobe",
    "LUL": "left upper lobe",
    "LLL": "left lower lobe",
}


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    rich = _pool(lambda p: len(own(p)) >= 3 and any(ldct(s) for s in own(p)))
    p1 = pick(rng, rich)
    yield _q(fam, f"Could you pull up every exam we hold for {p1}?", "study", _uid_all(p1))
    p2 = pick(rng, rich)
    yield _q(fam, f"{p2} total imaging encounters on file - number please", "count", len(own(p2)))
    all_s = studies()
    with_f = [s for s in all_s if len(fo(s)) >= 2]
    s1 = pick(rng, with_f)
    yield _q(
        fam,
        f"Screening log query: accession {s1['accession']} belongs to which participant?",
        "patient",
        [s1["patient_id"]],
    )
    s2 = pick(rng, with_f)
    yield _q(
        fam,
        f"all findings logged against acc no. {s2['accession']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s2)),
    )
    nod2 = [s for s in all_s if len(nods(s)) >= 2]
    s3 = pick(rng, nod2)
    yield _q(
        fam,
        f"list each nodule finding recorded under the study with UID {s3['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in nods(s3)),
    )
    s4 = pick(rng, all_s)
    yield _q(
        fam,
        f"the exam with study UID {s4['study_uid']}: who does it belong to",
        "patient",
        [s4["patient_id"]],
    )
    p3 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 2))
    yield _q(
        fam,
        f"which screening low-dose CT of {p3} is the newest one on file?",
        "study",
        _uid(_latest(p3, ldct)),
    )
    p4 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 2))
    yield _q(
        fam,
        f"For trial enrolment I need the baseline LDCT of {p4} (their very first one).",
        "study",
        _uid(_first(p4, ldct)),
    )
    p5 = pick(rng, _pool(lambda p: _count_in(p, cta) >= 1))
    yield _q(
        fam,
        f"pt {p5} - any ct angiogram for PE on file? list them",
        "study",
        sorted(s["study_uid"] for s in own(p5) if cta(s)),
    )
    trio = [pick(rng, all_s) for _ in range(3)]
    yield _q(
        fam,
        "which patients do accessions "
        f"{trio[0]['accession']}, {trio[1]['accession']} and {trio[2]['accession']} belong to",
        "patient",
        sorted({s["patient_id"] for s in trio}),
    )
    s5 = pick(rng, [s for s in all_s if len(nods(s)) >= 3])
    yield _q(
        fam,
        f"how many nodles were recorded on accession {s5['accession']}",
        "count",
        len(nods(s5)),
    )
    p6 = pick(rng, _pool(lambda p: _count_in(p, cxr) >= 1))
    yield _q(
        fam,
        f"chest radiographs for {p6}",
        "study",
        sorted(s["study_uid"] for s in own(p6) if cxr(s)),
    )
    p7 = pick(rng, rich)
    yield _q(fam, f"What was the first ever study for patient {p7}?", "study", _uid(own(p7)[0]))
    pa, pb = pick(rng, rich), pick(rng, rich)
    yield _q(
        fam,
        f"Hi team, can you send me the studys of {pa} and {pb}? Many thanks, Ruth",
        "study",
        sorted(s["study_uid"] for s in own(pa) + own(pb)),
    )
    p8 = pick(rng, _pool(lambda p: any(nods(s) for s in own(p))))
    yield _q(
        fam,
        f"list the nodule findings seen on any scan of {p8}",
        "finding",
        sorted(f["finding_id"] for s in own(p8) for f in nods(s)),
    )
    yield _q(fam, "pull every exam for MRN P00999 please", "study", [])


def _uid_all(pid: str) -> list[str]:
    return sorted(s["study_uid"] for s in own(pid))


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y = pick(rng, [2024, 2025])
    q = pick(rng, [1, 2, 3, 4])
    yield _q(fam, f"number of screening cts done in Q{q} {y}", "count", count(ldct, quarter(y, q)))
    m = pick(rng, range(2, 10))
    start = f"2025-{m:02d}-01"
    yield _q(
        fam,
        f"list every head CT acquired since {MONTH[m - 1]} 2025 onward",
        "study",
        sids(head_ct, dated(start, AS_OF)),
    )
    m1 = pick(rng, range(1, 6))
    m2 = m1 + pick(rng, [2, 3, 4])
    yield _q(
        fam,
        f"chest cts {MON[m1 - 1]} thru {MON[m2 - 1]} 2024",
        "study",
        sids(chest_ct, dated(f"2024-{m1:02d}-01", month_end(2024, m2))),
    )
    yield _q(
        fam,
        "Which patients were born between 1945-03-01 and 1948-06-30?",
        "patient",
        sorted(p["patient_id"] for p in pats() if "1945-03-01" <= p["birth_date"] <= "1948-06-30"),
    )
    yield _q(
        fam,
        "studies dated 2023-10-15 to 2023-11-20, how many",
        "count",
        count(dated("2023-10-15", "2023-11-20")),
    )
    yield _q(
        fam,
        "pts born in the 1950s who had a pe study",
        "patient",
        pids(cta, _born("1950-01-01", "1959-12-31")),
    )
    start6, day_after = months_on(AS_OF, -6), months_on(AS_OF, -6)
    day_after = (dt.date.fromisoformat(start6) + dt.timedelta(days=1)).isoformat()
    yield from ask(
        fam,
        "CT angiograms performed within the past 6 months, list please",
        "study",
        sids(cta, dated(start6, AS_OF)),
        sids(cta, dated(day_after, AS_OF)),
    )
    yield _q(
        fam,
        "radiograph tally, this year to date",
        "count",
        count(cxr, dated("2026-01-01", AS_OF)),
    )
    yield _q(
        fam,
        "How many low-dose screening CTs did we perform last year in total?",
        "count",
        count(ldct, in_year(2025)),
    )
    yield _q(
        fam,
        "ct chest with contrast studies before 2024",
        "study",
        sids(with_contrast, dated("1900-01-01", "2023-12-31")),
    )
    yield _q(
        fam,
        "women born after 31 decmber 1979",
        "patient",
        sorted(
            p["patient_id"] for p in pats() if p["sex"] == "F" and p["birth_date"] > "1979-12-31"
        ),
    )
    yield _q(
        fam,
        "low dose lung screening exams from July through December 2023",
        "study",
        sids(ldct, dated("2023-07-01", "2023-12-31")),
    )
    yield _q(
        fam,
        "Studies performed on 2024-05-14 or later at station CT01 with a spiculated nodule",
        "study",
        sids(at_station("CT01"), dated("2024-05-14", AS_OF), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "patients scanned in twenty twenty three with a part solid nodule",
        "patient",
        pids(in_year(2023), nod(att("part-solid"))),
    )
    yield _q(
        fam,
        "nov 2025 to feb 2026 non contrast chest cts",
        "study",
        sids(non_contrast_chest, dated("2025-11-01", "2026-02-28")),
    )
    yield _q(
        fam,
        "patients whose date of birth falls before 1942",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["birth_date"] < "1942-01-01"),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield _q(
        fam,
        "nodules under a centimetre with spiculated margins",
        "study",
        sids(nod(lt("diameter_mm", 10), margin("spiculated"))),
    )
    lo = pick(rng, [5, 6, 7])
    hi = lo + pick(rng, [2, 3])
    yield _q(
        fam,
        f"ground glass nodules {lo} to {hi} mm, which patients",
        "patient",
        pids(nod(att("ground-glass"), within("diameter_mm", lo, hi))),
    )
    yield _q(
        fam,
        "nodule mean HU bewteen -750 and -600",
        "study",
        sids(nod(within("mean_hu", -750, -600))),
    )
    yield _q(
        fam,
        "findings with hu below minus seven hundred, count",
        "count",
        len(fids(lt("mean_hu", -700))),
    )
    yield _q(
        fam,
        "nodule findings with confidence of 0.6 or less",
        "finding",
        fids(is_nodule, le("confidence", 0.6)),
    )
    yield _q(
        fam,
        "pneumothorax findings detected with confidence between .8 and .9",
        "finding",
        fids(lambda f: f["kind"] == "pneumothorax", within("confidence", 0.8, 0.9)),
    )
    yield _q(
        fam,
        "scans showing a part-solid nodule with a solid core of 6 mm or larger",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield _q(
        fam,
        "nodules with volume over 2000 mm3 - how many findings",
        "count",
        len(fids(is_nodule, gt("volume_mm3", 2000))),
    )
    yield _q(
        fam,
        "long axis 20 mm or more, nodule findings",
        "finding",
        fids(is_nodule, ge("long_axis_mm", 20)),
    )
    yield _q(
        fam,
        "short axis below 4 mm solid nodules",
        "study",
        sids(nod(att("solid"), lt("short_axis_mm", 4))),
    )
    yield _q(
        fam,
        "which studies contain a mass exceeding 3.2 cm in diameter",
        "study",
        sids(kind("mass", gt("diameter_mm", 32))),
    )
    yield _q(
        fam,
        "screening cts having any nodule 3mm or smaller",
        "study",
        sids(ldct, nod(le("diameter_mm", 3))),
    )
    yield _q(
        fam,
        "dictated: studies with any nodule of eleven point five millimetres or more in size",
        "study",
        sids(nod(ge("diameter_mm", 11.5))),
    )
    yield _q(
        fam,
        "ggns 1 cm to 1.5 cm",
        "study",
        sids(nod(att("ground-glass"), within("diameter_mm", 10, 15))),
    )
    yield _q(
        fam,
        "Nodules with a mean attenuation above 100 HU",
        "study",
        sids(nod(gt("mean_hu", 100))),
    )
    yield _q(
        fam,
        "nodules betwen 0.4 and 0.6 cm in the left upper lobe",
        "study",
        sids(nod(in_lobe("LUL"), within("diameter_mm", 4, 6))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield _q(
        fam,
        "exacly four nodules per study: which studies qualify",
        "study",
        sids(_n_nods(lambda k: k == 4)),
    )
    yield _q(
        fam,
        "number of people in the cohort imaged four or more times",
        "count",
        len(_per_patient(ALL, lambda k: k >= 4)),
    )
    yield _q(
        fam,
        "Patients who have had only a single exam, how many?",
        "count",
        len(_per_patient(ALL, lambda k: k == 1)),
    )
    yield from ask(
        fam,
        "patients in whom one and the same tracked nodule appears on at least 4 separate scans",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(
        fam,
        "single LDCT studies that show more than three nodules",
        "study",
        sids(ldct, _n_nods(lambda k: k > 3)),
    )
    yield _q(
        fam,
        "patients with at least 4 screening CTs",
        "patient",
        _per_patient(ldct, lambda k: k >= 4),
    )
    yield _q(
        fam,
        "count the chest CT exams that recorded zero findings",
        "count",
        count(chest_ct, lambda s: not fo(s)),
    )
    yield _q(
        fam,
        "pts with two or more haed CTs",
        "patient",
        _per_patient(head_ct, lambda k: k >= 2),
    )
    yield _q(
        fam,
        "how many low-dose screening cts had fewer than two nodules on them",
        "count",
        count(ldct, _n_nods(lambda k: k < 2)),
    )
    yield _q(
        fam,
        "scans with 3 or more findings of any kind",
        "study",
        sids(lambda s: len(fo(s)) >= 3),
    )
    p = pick(rng, _pool(lambda x: _count_in(x, chest_ct) >= 3))
    yield _q(
        fam,
        f"how many chest CTs has {p} had",
        "count",
        _count_in(p, chest_ct),
    )
    yield _q(
        fam,
        "exams where the solid nodule count is exactly two",
        "study",
        sids(_n_nods(lambda k: k == 2, att("solid"))),
    )
    yield _q(
        fam,
        "patients with exactly three scans in total, count them",
        "count",
        len(_per_patient(ALL, lambda k: k == 3)),
    )
    yield _q(
        fam,
        "female patiens with 3+ ldcts",
        "patient",
        _hist(_some(sex_is("F")), _n(ldct, lambda k: k >= 3)),
    )
    yield _q(
        fam,
        "how many nodule findings exist across the entire database",
        "count",
        sum(1 for f in findings() if is_nodule(f)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    pe = kind("pneumothorax")
    yield _q(
        fam,
        "patients who had BOTH a CT chest with contrast AND a CT chest without contrast",
        "patient",
        history(each_on_some(with_contrast, non_contrast_chest)),
    )
    yield _q(
        fam,
        "pts with a part-solid nodule at some point but never a solid one",
        "patient",
        history(some_but_never(nod(att("part-solid")), nod(att("solid")))),
    )
    yield _q(
        fam,
        "list of patients nevr imaged with chest CT",
        "patient",
        _never(chest_ct),
    )
    yield _q(
        fam,
        "Inclusion: at least two LDCTs; Exclusion: any pneumothorax on any scan",
        "patient",
        _hist(_n(ldct, lambda k: k >= 2), _none(pe)),
    )
    yield _q(
        fam,
        "patients with a spiculated nodule and also, on some scan, a calcified nodule",
        "patient",
        history(each_on_some(nod(margin("spiculated")), nod(calcified))),
    )
    yield _q(
        fam,
        "ELIGIBLE = male AND born 1950-1960 AND lung-rads 4B on some ldct AND NOT any mass",
        "patient",
        _hist(
            _some(sex_is("M"), _born("1950-01-01", "1960-12-31")),
            _some(ldct, cat_in("4B")),
            _none(kind("mass")),
        ),
    )
    yield _q(
        fam,
        "pts who had a consolidation but never a pleural effusion",
        "patient",
        history(some_but_never(kind("consolidation"), kind("pleural_effusion"))),
    )
    yield _q(
        fam,
        "screening patients never found to have a ground glass nodule",
        "patient",
        _hist(_some(ldct), _none(nod(att("ground-glass")))),
    )
    yield _q(
        fam,
        "ldcts with a ggn and a spiculated solid nodule on the same scan",
        "study",
        sids(ldct, nod(att("ground-glass")), nod(att("solid"), margin("spiculated"))),
    )
    yield _q(
        fam,
        "patients who had both lung-rads 3 and lung-rads 4A studies",
        "patient",
        history(each_on_some(cat_in("3"), cat_in("4A"))),
    )
    yield _q(
        fam,
        "Criteria list: - sex F - at least 2 chest CTs - a ground-glass nodule on some scan - "
        "never any spiculated nodule",
        "patient",
        _hist(
            _some(sex_is("F")),
            _n(chest_ct, lambda k: k >= 2),
            _some(nod(att("ground-glass"))),
            _none(nod(margin("spiculated"))),
        ),
    )
    yield _q(
        fam,
        "pts with a nodule in the RML or a mass, but never lung-rads 4X",
        "patient",
        history(
            some_but_never(lambda s: bool(nods(s, in_lobe("RML"))) or kind("mass")(s), cat_in("4X"))
        ),
    )
    yield _q(
        fam,
        "emphysema described in a report but never any nodule on imaging - patient list",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield _q(
        fam,
        "patients with at least one study on CT01 and at least one on CT02",
        "patient",
        history(each_on_some(at_station("CT01"), at_station("CT02"))),
    )
    yield _q(
        fam,
        "intracranial hemorrhage seen on some scan, never imaged with a chest CT - which patients",
        "patient",
        history(some_but_never(kind("intracranial_hemorrhage"), chest_ct)),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    y = pick(rng, [2023, 2024, 2025])
    yield _q(
        fam,
        f"{y} low-dose screening studies categorised Lung-RADS 3",
        "study",
        sids(ldct, in_year(y), cat_in("3")),
    )
    yield _q(
        fam,
        "screening coordinator: participants whose worst-ever Lung-RADS category is 4A",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    yield _q(
        fam,
        f"for {y + 1}, how did the LDCTs distribute over the lung-rads categories",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(y + 1)(s)], category),
    )
    yield _q(
        fam,
        "Q1 2026 exams broken down by Lung-RADS category, with counts",
        "groups",
        _groups(
            [s for s in studies() if quarter(2026, 1)(s) and category(s) is not None], category
        ),
    )
    yield _q(
        fam,
        "number of distinct patients ever assigned Lung-RADS 4X",
        "count",
        len(pids(cat_in("4X"))),
    )
    yield _q(
        fam,
        "2026 chest CTs from scanner CT02 graded LR 2 or better",
        "study",
        sids(chest_ct, at_station("CT02"), in_year(2026), cat_in("1", "2")),
    )
    yield _q(
        fam,
        "2025 scans whose Lung-RADS category was higher than on the prior exam",
        "study",
        sids(in_year(2025), went(1)),
    )
    yield _q(
        fam,
        "pts who were lung-rads 3 at some point but never 4a, 4b or 4x",
        "patient",
        history(some_but_never(cat_in("3"), cat_in(*LR4))),
    )
    yield _q(
        fam,
        "ldct exams graded lung rads four b",
        "study",
        sids(ldct, cat_in("4B")),
    )
    yield _q(
        fam,
        "Screening coordinator here: which participants were Lung-RADS 4A on one scan and "
        "4B or 4X on a later one?",
        "patient",
        history(
            lambda mine: any(
                category(a) == "4A" and category(b) in ("4B", "4X")
                for i, a in enumerate(mine)
                for b in mine[i + 1 :]
            )
        ),
    )
    yield _q(
        fam,
        "how many ldcts were catagory 1",
        "count",
        count(ldct, cat_in("1")),
    )
    yield _q(
        fam,
        "lungrads 4 or above with a part-solid nodule",
        "study",
        sids(cat_in(*LR4), nod(att("part-solid"))),
    )
    yield _q(
        fam,
        "worst lung-rads on record per patient is 3 - list them",
        "patient",
        history(lambda mine: highest(mine) == "3"),
    )
    yield _q(
        fam,
        "female pts w any lung-rads 4B or 4X study",
        "patient",
        pids(sex_is("F"), cat_in("4B", "4X")),
    )
    yield _q(
        fam,
        "how many 2024 scans kept the same Lung-RADS category as the prior exam",
        "count",
        count(in_year(2024), _same_as_prior),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    nrows = [f for f in findings() if is_nodule(f)]
    got = _ranked(nrows, lambda f: -f["diameter_mm"], "finding_id", 4)
    if got:
        n, ids = got
        yield _q(
            fam, f"give me the {n} nodule findings with the greatest mean diameter", "finding", ids
        )
    got = _ranked(
        [f for f in nrows if f["attenuation"] == "part-solid"],
        lambda f: -f["solid_component_mm"],
        "finding_id",
        3,
    )
    if got:
        n, ids = got
        yield _q(
            fam, f"the {n} part solid nodules with the largest solid component", "finding", ids
        )
    got = _ranked(
        _patient_rows(lambda p: sum(len(nods(s)) for s in own(p))),
        lambda r: r["k"],
        "patient_id",
        5,
    )
    if got:
        n, ids = got
        yield _q(fam, f"rank patients by total nodule count and show the top {n}", "patient", ids)
    got = _ranked(
        [p for p in pats() if p["sex"] == "F"], lambda p: p["birth_date"], "patient_id", 3
    )
    if got:
        n, ids = got
        yield _q(fam, f"among the women, which {n} were born first", "patient", ids)
    got = _ranked([s for s in studies() if head_ct(s)], _neg_day, "study_uid", 4)
    if got:
        n, ids = got
        yield _q(fam, f"newest {n} head CT exams on the system", "study", ids)
    got = _ranked(
        [f for f in nrows if f.get("mean_hu") is not None], lambda f: f["mean_hu"], "finding_id", 3
    )
    if got:
        n, ids = got
        yield _q(
            fam, f"{n} most negative HU readings among nodules - which findings", "finding", ids
        )
    got = _ranked(
        [f for f in nrows if f["attenuation"] == "ground-glass"],
        lambda f: -f["volume_mm3"],
        "finding_id",
        5,
    )
    if got:
        n, ids = got
        yield _q(fam, f"largst {n} ground-glass nodules by volume", "finding", ids)
    got = _ranked([s for s in studies() if cxr(s)], lambda s: s["study_date"], "study_uid", 3)
    if got:
        n, ids = got
        yield _q(fam, f"earliest {n} chest xrays on the PACS", "study", ids)
    got = _ranked(_kind_rows("pleural_effusion"), lambda f: -f["confidence"], "finding_id", 3)
    if got:
        n, ids = got
        yield _q(
            fam,
            f"pleural effusion findings: the {n} detected with highest model confidence",
            "finding",
            ids,
        )
    got = _ranked([p for p in pats() if p["sex"] == "M"], _neg_birth, "patient_id", 4)
    if got:
        n, ids = got
        yield _q(fam, f"youngest {n} men", "patient", ids)
    got = _ranked(
        [f for f in findings() if f["kind"] in ("nodule", "mass")],
        lambda f: -f["long_axis_mm"],
        "finding_id",
        3,
    )
    if got:
        n, ids = got
        yield _q(fam, f"lesions with the {n} longest long axes", "finding", ids)
    got = _ranked(_patient_rows(lambda p: len(own(p))), lambda r: r["k"], "patient_id", 5)
    if got:
        n, ids = got
        yield _q(fam, f"{n} pts with the most imaging studies", "patient", ids)
    got = _ranked(
        [f for f in nrows if f["margin"] == "spiculated"],
        lambda f: -f["diameter_mm"],
        "finding_id",
        3,
    )
    if got:
        n, ids = got
        yield _q(fam, f"the {n} biggest spiculated-margin nodules, by size", "finding", ids)
    got = _ranked(
        [f for f in nrows if f.get("mean_hu") is not None], lambda f: -f["mean_hu"], "finding_id", 4
    )
    if got:
        n, ids = got
        yield _q(fam, f"{n} nodules with the highest attenuation value in HU", "finding", ids)


def _neg_day(s: Row) -> int:
    return -dt.date.fromisoformat(s["study_date"]).toordinal()


def _neg_birth(p: Row) -> int:
    return -dt.date.fromisoformat(p["birth_date"]).toordinal()


def stats(rng: random.Random) -> Rows:
    fam = "aggregates"
    nrows = [f for f in findings() if is_nodule(f)]
    yield _q(
        fam,
        "data question: nodule size, mean across every nodule finding (mm)",
        "value",
        _mean_field(nrows, "diameter_mm"),
    )
    yield _q(
        fam,
        "part-solid nodule volume, median value (mm3)",
        "value",
        _median_field([f for f in nrows if f["attenuation"] == "part-solid"], "volume_mm3"),
    )
    yield _q(
        fam,
        "averge attenuation in HU across ground glass nodules",
        "value",
        _mean_field([f for f in nrows if f["attenuation"] == "ground-glass"], "mean_hu"),
    )
    yield _q(
        fam,
        "average confidance score the detector gave its pneumothorax findings",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield _q(
        fam,
        "spiculated-margin nodules: median of the long axis, expressed in cm",
        "value",
        _median_field([f for f in nrows if f["margin"] == "spiculated"], "long_axis_mm", 10),
    )
    ages = [ref.age(s) for s in studies() if cta(s)]
    yield _q(
        fam,
        "average patient age at the time of each ct angiography exam",
        "value",
        mean_of([float(a) for a in ages]),
    )
    per = [len(nods(s)) for s in studies() if ldct(s)]
    yield _q(
        fam,
        "on a typical low-dose screening CT, how many nodules are found",
        "value",
        mean_of([float(k) for k in per]),
    )
    whole = sum(1 for s in studies() if ldct(s) and in_year(2025)(s))
    cands = [
        (f"% of 2025 ldcts done at {st}", count(ldct, in_year(2025), at_station(st)), whole)
        for st in ("CT01", "CT02")
    ]
    got = _first_share(cands)
    if got:
        yield _q(fam, got[0], "value", got[1])
    cands = []
    for lobe in LOBES:
        part = sum(1 for f in nrows if f["lobe"] == lobe)
        cands.append(
            (
                f"percent of the cohort's nodule findings found in the {LOBE_NAME[lobe]}",
                part,
                len(nrows),
            )
        )
    got = _first_share(cands)
    if got:
        yield _q(fam, got[0], "value", got[1])
    cands = []
    for c in ("2", "3", "4A", "1"):
        w = [s for s in studies() if ldct(s) and in_year(2024)(s)]
        cands.append(
            (
                f"what fraction of 2024 screening scans were lung-rads {c}, as a percent",
                sum(1 for s in w if category(s) == c),
                len(w),
            )
        )
    got = _first_share(cands)
    if got:
        yield _q(fam, got[0], "value", got[1])
    allp = pats()
    cands = [
        (
            f"percent of patients born in the {dec}s",
            sum(1 for p in allp if p["birth_date"].startswith(str(dec)[:3])),
            len(allp),
        )
        for dec in (1940, 1950, 1960, 1970)
    ]
    got = _first_share(cands)
    if got:
        yield _q(fam, got[0], "value", got[1])
    yield _q(
        fam,
        "calcified nodules only: median diameter in mm",
        "value",
        _median_field([f for f in nrows if f["calcified"] is True], "diameter_mm"),
    )
    yield _q(
        fam,
        "part solid nodules - their solid comp on average (mm)",
        "value",
        _mean_field([f for f in nrows if f["attenuation"] == "part-solid"], "solid_component_mm"),
    )
    spic = [f for f in nrows if f["margin"] == "spiculated"]
    got = _first_share(
        [
            (
                "what share of spiculated nodules are over 15 mm (%)",
                sum(1 for f in spic if f["diameter_mm"] > 15),
                len(spic),
            ),
            (
                "what share of spiculated nodules are over 12 mm (%)",
                sum(1 for f in spic if f["diameter_mm"] > 12),
                len(spic),
            ),
            (
                "what share of spiculated nodules are over 10 mm (%)",
                sum(1 for f in spic if f["diameter_mm"] > 10),
                len(spic),
            ),
            (
                "what share of spiculated nodules are over 8 mm (%)",
                sum(1 for f in spic if f["diameter_mm"] > 8),
                len(spic),
            ),
        ]
    )
    if got:
        yield _q(fam, got[0], "value", got[1])
    yield _q(
        fam,
        "cc volume averaged over solid nodules larger than 10mm",
        "value",
        _mean_field(
            [f for f in nrows if f["attenuation"] == "solid" and f["diameter_mm"] > 10],
            "volume_mm3",
            1000,
        ),
    )


def reports(rng: random.Random) -> Rows:
    fam = "report concepts"
    yield _q(
        fam,
        "screening CT reports describing emphysema - which studies",
        "study",
        sids(ldct, says("emphysema")),
    )
    yield _q(
        fam,
        "chest CT exams with reports that are negative for lymphadenopathy",
        "study",
        sids(chest_ct, denies("lymphadenopathy")),
    )
    yield _q(
        fam,
        "coronary artery calcification documented on imaging reports: which patients",
        "patient",
        pids(says("coronary")),
    )
    yield _q(
        fam,
        "spiculated nodules without emphysema in the report",
        "study",
        sids(nod(margin("spiculated")), neg(says("emphysema"))),
    )
    yield _q(
        fam,
        "how many exams had a granuloma called out in the report text",
        "count",
        count(says("granuloma")),
    )
    yield _q(
        fam,
        "ldcts reporting emphysmea and a solid nodule over 8 mm",
        "study",
        sids(ldct, says("emphysema"), nod(att("solid"), gt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "reports that state no emphysema, 2026",
        "study",
        sids(in_year(2026), denies("emphysema")),
    )
    yield _q(
        fam,
        "patients: lymphadenopathy in some report AND NEVER coronary calcification in any report",
        "patient",
        history(some_but_never(says("lymphadenopathy"), says("coronary"))),
    )
    yield _q(
        fam,
        "Dear data team, which LDCTs from 2024 describe coronary artery calcification? "
        "Best regards, Tomasz",
        "study",
        sids(ldct, in_year(2024), says("coronary")),
    )
    yield _q(
        fam,
        "emphysema or lymphadenopathy on the report, lung-rads 4A",
        "study",
        sids(cat_in("4A"), either_(says("emphysema"), says("lymphadenopathy"))),
    )
    yield from ask(
        fam,
        "patients: part solid nodule; NOT emphysema in the report",
        "patient",
        pids(nod(att("part-solid")), neg(says("emphysema"))),
        _hist(_some(nod(att("part-solid"))), _none(says("emphysema"))),
    )
    yield _q(
        fam,
        "number of ldcts without lymphadenopathy",
        "count",
        count(ldct, neg(says("lymphadenopathy"))),
    )
    yield _q(
        fam,
        "female patients whose report mentions emphysema",
        "patient",
        pids(sex_is("F"), says("emphysema")),
    )
    yield _q(
        fam,
        "granuloma mentioned in report AND calcified nodule",
        "study",
        sids(says("granuloma"), nod(calcified)),
    )
    yield _q(
        fam,
        "emphysema reported at CT01 in Q3 2025",
        "study",
        sids(says("emphysema"), at_station("CT01"), quarter(2025, 3)),
    )


def either_(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def growth(rng: random.Random) -> Rows:
    fam = "growth"

    def grown_studies(
        g: float, inclusive: bool = False, *extra: FTest, where: Test = ALL
    ) -> list[list[str]]:
        return [sids(where, fstudy(r, *extra)) for r in grew_readings(g, inclusive)]

    yield from ask(
        fam,
        "interval growth of a nodule since the prior study - which studies",
        "study",
        *grown_studies(1.5),
    )
    yield from ask(
        fam,
        "studies with nodule growth greater than 2 mm",
        "study",
        *grown_studies(2),
    )
    yield from ask(
        fam,
        "patients with a nodule that increased by at least 3 mm",
        "patient",
        *[pids(fstudy(r)) for r in grew_readings(3, True)],
    )
    yield from ask(
        fam,
        "2025 screening CTs where a solid nodule grew versus the prior exam",
        "study",
        *grown_studies(1.5, False, att("solid"), where=both_(ldct, in_year(2025))),
    )
    yield from ask(
        fam,
        "count of nodule findings in the LLL that showed growth",
        "count",
        *[len(fids(r, in_lobe("LLL"))) for r in grew_readings()],
    )
    yield from ask(
        fam,
        "which 2026 LDCTs have a new nodule compared to earlier imaging",
        "study",
        *[sids(ldct, in_year(2026), fstudy(new(m), is_nodule)) for m in (False, True)],
    )
    yield from ask(
        fam,
        "new ground-glass nodules, not masses: which patients",
        "patient",
        pids(fstudy(new(False), att("ground-glass"))),
    )
    yield from ask(
        fam,
        "stabel nodules located in the right lower lobe, which studies",
        "study",
        *[
            sids(fstudy(stable(r, m), is_nodule, in_lobe("RLL")))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        fam,
        "patients who never had a growing nodule but had at least 3 ldcts",
        "patient",
        *[_hist(_n(ldct, lambda k: k >= 3), _none(fstudy(r))) for r in grew_readings()],
    )
    yield from ask(
        fam,
        "growth over 4mm, spiculated nodule",
        "study",
        *grown_studies(4, False, margin("spiculated")),
    )
    yield from ask(
        fam,
        "exams with new nodules, not masses, measuring more than 6 mm",
        "study",
        sids(fstudy(new(False), is_nodule, gt("diameter_mm", 6))),
    )
    yield from ask(
        fam,
        "patient count with a new nodule detected during calendar 2024",
        "count",
        *[len(pids(in_year(2024), fstudy(new(m), is_nodule))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "Trial screen: women; a nodule that grew by more than 2 mm; no mass ever",
        "patient",
        *[
            _hist(_some(sex_is("F")), _some(fstudy(r)), _none(kind("mass")))
            for r in grew_readings(2)
        ],
    )
    yield from ask(
        fam,
        "part-solid nodules that are grwoing, list the studies",
        "study",
        *grown_studies(1.5, False, att("part-solid")),
    )
    yield from ask(
        fam,
        "stable solid nodules at CT02 in 2024, how many studies",
        "count",
        *[
            count(at_station("CT02"), in_year(2024), fstudy(stable(r, m), is_nodule, att("solid")))
            for r in (False, True)
            for m in (False, True)
        ],
    )


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    yield from ask(
        fam,
        "women aged 55 to 65 with a ground glass nodule",
        "patient",
        *aged(both_(sex_is("F"), age_between(55, 65)), nod(att("ground-glass"))),
    )
    yield _q(
        fam,
        "total count of male patients in the registry",
        "count",
        sum(1 for p in pats() if p["sex"] == "M"),
    )
    yield _q(
        fam,
        "split the patient population by gender, counts",
        "groups",
        _groups(pats(), lambda p: p["sex"]),
    )
    yield from ask(
        fam,
        "head cts in patiants over 80",
        "study",
        sids(head_ct, lambda s: ref.age(s) > 80),
    )
    yield from ask(
        fam,
        "pts aged 70-79 at the time of a scan showing a spiculated nodule",
        "patient",
        pids(age_between(70, 79), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "patients of sex other with any chest ct",
        "patient",
        pids(sex_is("O"), chest_ct),
    )
    yield _q(
        fam,
        "number of LDCTs, men versus women",
        "groups",
        [kv for kv in _groups([s for s in studies() if ldct(s)], ref.sex) if kv[0] in ("F", "M")],
    )
    yield from ask(
        fam,
        "Inclusion criteria: female; aged 50-70 on the day of an LDCT that shows a solid nodule "
        "8-15 mm",
        "patient",
        pids(
            sex_is("F"), age_between(50, 70), ldct, nod(att("solid"), within("diameter_mm", 8, 15))
        ),
    )
    yield _q(
        fam,
        "list femal pts where imaging showed pneumothorax",
        "patient",
        pids(sex_is("F"), kind("pneumothorax")),
    )
    yield from ask(
        fam,
        "studies of patients younger than 45",
        "study",
        sids(lambda s: ref.age(s) < 45),
    )
    yield _q(
        fam,
        "mean age at first study, men only",
        "value",
        mean_of(
            [
                float(ref.age(own(p["patient_id"])[0]))
                for p in pats()
                if p["sex"] == "M" and own(p["patient_id"])
            ]
        ),
    )
    yield _q(
        fam,
        "number of women born in 1960 or later",
        "count",
        sum(1 for p in pats() if p["sex"] == "F" and p["birth_date"] >= "1960-01-01"),
    )
    yield from ask(
        fam,
        "men 60-69 with lung-rads 4X",
        "patient",
        *aged(both_(sex_is("M"), age_between(60, 69)), cat_in("4X")),
    )
    yield _q(
        fam,
        "mass cases, patient counts split by sex",
        "groups",
        _groups([ref.cohort()[0][p] for p in pids(kind("mass"))], lambda p: p["sex"]),
    )
    yield from ask(
        fam,
        "people in their eighties who had imaging in 2026",
        "patient",
        *aged(age_between(80, 89), in_year(2026)),
    )


def age_between(lo: int, hi: int) -> Test:
    return lambda s: lo <= ref.age(s) <= hi


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield _q(
        fam, "studies acquired on DX01 in 2024", "study", sids(at_station("DX01"), in_year(2024))
    )
    yield _q(
        fam,
        "exam counts for each acquisition station",
        "groups",
        _groups(studies(), lambda s: s["station"]),
    )
    yield _q(
        fam,
        "pleural effusion on contrast-enhanced chest CT (CT CHEST W CONTRAST)",
        "study",
        sids(with_contrast, kind("pleural_effusion")),
    )
    yield _q(
        fam,
        "modality split CT against DX, number of studies",
        "groups",
        _groups(studies(), lambda s: s["modality"]),
    )
    yield _q(
        fam,
        "ctpa studies showing a pnemothorax",
        "study",
        sids(cta, kind("pneumothorax")),
    )
    yield _q(
        fam,
        "LDCTs on CT01 during Q4 2025 - number",
        "count",
        count(ldct, at_station("CT01"), quarter(2025, 4)),
    )
    yield _q(
        fam,
        "head ct with an intracranial bleed",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(
        fam,
        "Hello, could you tell me how many chest x-rays were taken in March 2025? Thanks, Priya",
        "count",
        count(cxr, dated("2025-03-01", "2025-03-31")),
    )
    yield _q(
        fam,
        "screening ct count by scanner for 2026",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2026)(s)], lambda s: s["station"]),
    )
    yield _q(
        fam,
        "chest CT without contrast showing a nodule larger than 8 mm",
        "study",
        sids(non_contrast_chest, nod(gt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "diagnostic chest cts (not screening) in 2025",
        "study",
        sids(chest_ct, neg(ldct), in_year(2025)),
    )
    yield _q(
        fam,
        "consolidation on a CT pulmonary angiogram done at CT02",
        "study",
        sids(cta, at_station("CT02"), kind("consolidation")),
    )
    yield _q(
        fam,
        "radiogrpahs with a pneumothorax",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield _q(
        fam,
        "head CTs in June 2024 - monthly count",
        "count",
        count(head_ct, dated("2024-06-01", "2024-06-30")),
    )
    yield _q(
        fam,
        "description 'CT CHEST W/O CONTRAST' with a part-solid nodule",
        "study",
        sids(non_contrast_chest, nod(att("part-solid"))),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    nrows = [f for f in findings() if is_nodule(f)]
    yield _q(fam, "RML nodules over 6mm", "study", sids(nod(in_lobe("RML"), gt("diameter_mm", 6))))
    yield _q(
        fam,
        "LUL spiculated nodules, which exams",
        "study",
        sids(nod(in_lobe("LUL"), margin("spiculated"))),
    )
    yield _q(fam, "tally of nodules in each lobe", "groups", _groups(nrows, lambda f: f["lobe"]))
    yield _q(
        fam,
        "how many nodules: RUL compared to LUL",
        "groups",
        _groups([f for f in nrows if f["lobe"] in ("RUL", "LUL")], lambda f: f["lobe"]),
    )
    yield _q(
        fam,
        "patients with nodules in both lower lobes on the same scan",
        "patient",
        pids(nod(in_lobe("RLL")), nod(in_lobe("LLL"))),
    )
    yield _q(
        fam,
        "ground glass nodule findings in the right lowr lobe",
        "finding",
        fids(is_nodule, att("ground-glass"), in_lobe("RLL")),
    )
    yield _q(
        fam,
        "ldcts with a LLL or RLL nodule of 10 mm or more",
        "study",
        sids(ldct, nod(in_lobe("LLL", "RLL"), ge("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "calcified nodule count, right middle lobe only",
        "count",
        len(fids(is_nodule, in_lobe("RML"), calcified)),
    )
    yield _q(
        fam,
        "studies with nodules, all of them in the left lung",
        "study",
        sids(
            nod(),
            lambda s: all(f["lobe"] in ("LUL", "LLL") for f in nods(s)),
        ),
    )
    yield _q(
        fam,
        "lobualted nodules rul",
        "study",
        sids(nod(in_lobe("RUL"), margin("lobulated"))),
    )
    yield _q(
        fam,
        "distribution of part-solid nodules across the lobes (counts)",
        "groups",
        _groups([f for f in nrows if f["attenuation"] == "part-solid"], lambda f: f["lobe"]),
    )
    yield _q(
        fam,
        "Patients w/ a left lower lobe nodule, male, born before 1955",
        "patient",
        pids(nod(in_lobe("LLL")), sex_is("M"), _born("1800-01-01", "1954-12-31")),
    )
    yield _q(
        fam,
        "LUL nodules: what is their mean diameter?",
        "value",
        _mean_field([f for f in nrows if f["lobe"] == "LUL"], "diameter_mm"),
    )
    yield _q(
        fam,
        "right lung nodule findings whose own lung-rads grade is 4a",
        "finding",
        fids(is_nodule, in_lobe("RUL", "RML", "RLL"), lambda f: f["lung_rads"] == "4A"),
    )


def features(rng: random.Random) -> Rows:
    fam = "features"
    nrows = [f for f in findings() if is_nodule(f)]
    yield _q(
        fam,
        "spiculted solid nodules > 12 mm",
        "study",
        sids(nod(att("solid"), margin("spiculated"), gt("diameter_mm", 12))),
    )
    yield _q(
        fam, "list patients having at least one calcified nodule", "patient", pids(nod(calcified))
    )
    yield _q(
        fam,
        "LDCTs with a solid nodule of 6-8 mm that is not calcified",
        "study",
        sids(ldct, nod(att("solid"), uncalcified, within("diameter_mm", 6, 8))),
    )
    yield _q(
        fam,
        "subsolid nodules at leats 15 mm",
        "study",
        sids(nod(subsolid, ge("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "nodule totals per attenuation (solid, part-solid, ground-glass)",
        "groups",
        _groups(nrows, lambda f: f["attenuation"]),
    )
    yield _q(
        fam,
        "tally per margin, solid nodules only",
        "groups",
        _groups([f for f in nrows if f["attenuation"] == "solid"], lambda f: f["margin"]),
    )
    yield _q(
        fam,
        "lobulated ggo",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"))),
    )
    yield _q(
        fam,
        "smooth-margined part solid nodules with solid component under 4mm",
        "study",
        sids(nod(att("part-solid"), margin("smooth"), lt("solid_component_mm", 4))),
    )
    yield _q(
        fam,
        "calcifeid nodule tally across all scans",
        "count",
        len(fids(is_nodule, calcified)),
    )
    yield _q(
        fam,
        "number of spiculated nodules compared with lobulated ones",
        "groups",
        _groups(
            [f for f in nrows if f["margin"] in ("spiculated", "lobulated")], lambda f: f["margin"]
        ),
    )
    yield _q(
        fam,
        "pure ground-glass nodules over 20 mm - patients",
        "patient",
        pids(nod(att("ground-glass"), gt("diameter_mm", 20))),
    )
    yield _q(
        fam,
        "Trial criteria: solid nodule, not calcified, 8-20 mm, spiculated or lobulated margin; "
        "men only",
        "patient",
        pids(
            sex_is("M"),
            nod(
                att("solid"),
                uncalcified,
                within("diameter_mm", 8, 20),
                lambda f: f["margin"] in ("spiculated", "lobulated"),
            ),
        ),
    )
    yield _q(
        fam,
        "psn 4a",
        "study",
        sids(cat_in("4A"), nod(att("part-solid"))),
    )
    yield _q(
        fam,
        "calcified nodule findings in 2023 studies",
        "finding",
        fids(is_nodule, calcified, where=in_year(2023)),
    )
    yield _q(
        fam,
        "smoth solid nodules under 5 mm, count of studies",
        "count",
        count(nod(att("solid"), margin("smooth"), lt("diameter_mm", 5))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    p = pick(rng, _pool(lambda x: len(own(x)) >= 3))
    span = _span_days(p, ALL)
    yield _q(fam, f"span in days from {p}'s earliest exam to their most recent exam", "count", span)
    p2 = pick(rng, _pool(lambda x: _count_in(x, ldct) >= 3))
    yield _q(
        fam,
        f"how many days from the first ldct of {p2} to their most recent ldct",
        "count",
        _span_days(p2, ldct),
    )
    a, b = sorted(own(p2)[:2], key=lambda s: s["study_date"])
    yield _q(
        fam,
        f"days between accession {a['accession']} and accession {b['accession']}",
        "count",
        days_between(a["study_date"], b["study_date"]),
    )
    yield _q(
        fam,
        "mean of all the gaps in days between consecutive ldcts",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(ldct)]),
    )
    yield _q(
        fam,
        "median interval in days between consecutve studies",
        "value",
        median_of([float(g) for g in _consecutive_gaps(ALL)]),
    )
    yield from ask(
        fam,
        "follow-up longer than 36 months (first scan to latest scan): which patients",
        "patient",
        _followed_months(36, False),
        history(
            lambda mine: (
                bool(mine) and days_between(mine[0]["study_date"], mine[-1]["study_date"]) > 1096
            )
        ),
    )
    yield from ask(
        fam,
        "pts with at least 18 months between first and last study",
        "patient",
        _followed_months(18, True),
        history(
            lambda mine: (
                bool(mine) and days_between(mine[0]["study_date"], mine[-1]["study_date"]) >= 548
            )
        ),
    )
    p3 = pick(rng, _pool(lambda x: len(own(x)) >= 2))
    yield _q(
        fam,
        f"{p3}: number of days from first scan to last scan",
        "count",
        _span_days(p3, ALL),
    )
    yield _q(
        fam,
        "chest ct to next chest ct interval, median in days",
        "value",
        median_of([float(g) for g in _consecutive_gaps(chest_ct)]),
    )
    yield from ask(
        fam,
        "Eligibility: >= 2 LDCTs, first and latest at least 2 years apart; no head CT ever",
        "patient",
        _hist(
            _n(ldct, lambda k: k >= 2),
            _none(head_ct),
            lambda mine: _ldct_span(mine) >= 730,
        ),
        _hist(
            _n(ldct, lambda k: k >= 2),
            _none(head_ct),
            lambda mine: _ldct_last(mine) >= months_on(_ldct_first(mine), 24),
        ),
    )


def _ldct_span(mine: list[Row]) -> int:
    ls = [s for s in mine if ldct(s)]
    return days_between(ls[0]["study_date"], ls[-1]["study_date"]) if len(ls) >= 2 else -1


def _ldct_first(mine: list[Row]) -> str:
    return str(next(s for s in mine if ldct(s))["study_date"])


def _ldct_last(mine: list[Row]) -> str:
    return str([s for s in mine if ldct(s)][-1]["study_date"])


def _same_as_prior(s: Row) -> bool:
    c = category(s)
    return c is not None and previous_category(s) == c


def more(rng: random.Random) -> Rows:
    """Further questions of several families (drawn after the others, with the same seed)."""
    nrows = [f for f in findings() if is_nodule(f)]
    # aggregates: shares with enough candidates that one is scorable
    cands = [
        (
            f"percent of {y}'s exams that were head cts",
            count(head_ct, in_year(y)),
            count(in_year(y)),
        )
        for y in (2023, 2024, 2025, 2026)
    ] + [
        (
            f"percent of {y}'s exams that were chest radiographs",
            count(cxr, in_year(y)),
            count(in_year(y)),
        )
        for y in (2023, 2024, 2025, 2026)
    ]
    got = _first_share(cands)
    if got:
        yield _q("aggregates", got[0], "value", got[1])
    cands = []
    for y in (2023, 2024, 2025, 2026):
        for st in ("CT01", "CT02"):
            w = count(ldct, in_year(y))
            cands.append(
                (
                    f"share of {y} ldcts acquired on {st}, percent",
                    count(ldct, in_year(y), at_station(st)),
                    w,
                )
            )
    got = _first_share(cands)
    if got:
        yield _q("aggregates", got[0], "value", got[1])
    cands = []
    for y in (2025, 2024, 2023, 2026):
        for c in ("3", "4A", "2", "4X", "1"):
            yl = [x for x in studies() if ldct(x) and in_year(y)(x)]
            cands.append(
                (
                    f"percentage of {y} screening cts that were lung-rads {c}",
                    sum(1 for x in yl if category(x) == c),
                    len(yl),
                )
            )
    got = _first_share(cands)
    if got:
        yield _q("aggregates", got[0], "value", got[1])
    cands = []
    for att_name, word in (
        ("solid", "solid"),
        ("ground-glass", "ground glass"),
        ("part-solid", "part solid"),
    ):
        for lobe in LOBES:
            al = [f for f in nrows if f["attenuation"] == att_name]
            cands.append(
                (
                    f"of all {word} nodules, what percent are in the {lobe}",
                    sum(1 for f in al if f["lobe"] == lobe),
                    len(al),
                )
            )
    got = _first_share(cands)
    if got:
        yield _q("aggregates", got[0], "value", got[1])
    yield _q(
        "aggregates",
        "median age of women at their first screening ct",
        "value",
        median_of(
            [
                float(ref.age(first))
                for p in pats()
                if p["sex"] == "F" and (first := _first(p["patient_id"], ldct)) is not None
            ]
        ),
    )
    # intervals
    multi = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 2]
    yield _q(
        "intervals",
        "For patients with 2 or more studies, mean days from first to latest study",
        "value",
        mean_of([float(_span_days(p, ALL) or 0) for p in multi]),
    )
    p = pick(rng, _pool(lambda x: _count_in(x, ldct) >= 4))
    gaps = _consecutive_gaps(lambda s: ldct(s) and s["patient_id"] == p)
    yield _q(
        "intervals",
        f"{p}: longest gap in days between two back-to-back ldcts",
        "count",
        max(gaps),
    )
    yield _q(
        "intervals",
        "which patients had back-to-back LDCTs spaced 350 days or less apart",
        "patient",
        history(
            lambda mine: any(
                days_between(a["study_date"], b["study_date"]) <= 350
                for a, b in itertools.pairwise([x for x in mine if ldct(x)])
            )
        ),
    )
    yield _q(
        "intervals",
        "avg number of days between a patient's first and second study",
        "value",
        mean_of(
            [float(days_between(own(p)[0]["study_date"], own(p)[1]["study_date"])) for p in multi]
        ),
    )
    # rankings
    ranked = _ranked(_patient_rows(lambda p: _count_in(p, ldct)), lambda r: r["k"], "patient_id", 5)
    if ranked:
        n, ids = ranked
        yield _q("rankings", f"the {n} patients with the most ldcts", "patient", ids)
    ranked = _ranked(
        [f for f in nrows if f["attenuation"] == "solid"],
        lambda f: f["volume_mm3"],
        "finding_id",
        3,
    )
    if ranked:
        n, ids = ranked
        yield _q("rankings", f"by volume, the {n} smallest solid nodule findings", "finding", ids)
    # demographics
    yield _q(
        "demographics",
        "pts who were 75 or older at their latest scan",
        "patient",
        sorted(
            p["patient_id"]
            for p in pats()
            if own(p["patient_id"]) and ref.age(own(p["patient_id"])[-1]) >= 75
        ),
    )
    yield _q(
        "demographics",
        "male patients aged 45-54 on the date of a scan with a calcified nodule",
        "patient",
        pids(sex_is("M"), age_between(45, 54), nod(calcified)),
    )
    yield _q(
        "demographics",
        "how many patients per sex have ever had lung-rads 4X",
        "groups",
        _groups([ref.cohort()[0][x] for x in pids(cat_in("4X"))], lambda r: r["sex"]),
    )
    # set logic, trial criteria
    yield _q(
        "set logic",
        "Patients meeting ALL of: Lung-RADS 4A or worse on some LDCT; at least 3 LDCTs; "
        "NOT lymphadenopathy on any report",
        "patient",
        _hist(
            _some(ldct, cat_in(*LR4)),
            _n(ldct, lambda k: k >= 3),
            _none(says("lymphadenopathy")),
        ),
    )
    yield _q(
        "set logic",
        "patients with at least two scans, none of which showed a nodule",
        "patient",
        _hist(_n(ALL, lambda k: k >= 2), _none(nod())),
    )
    yield from ask(
        "report concepts",
        "men with emphysema and coronary artery calcification both reported",
        "patient",
        pids(sex_is("M"), says("emphysema"), says("coronary")),
        history(each_on_some(sex_is("M"), says("emphysema"), says("coronary"))),
    )
    yield _q(
        "counts",
        "patients who came in for exactly 2 ldcts",
        "patient",
        _per_patient(ldct, lambda k: k == 2),
    )
    yield _q(
        "dates",
        "Good morning - how many LDCTs did we do in Q four twenty twenty five? Cheers, Dev",
        "count",
        count(ldct, quarter(2025, 4)),
    )
    yield _q(
        "lung-rads",
        "Hi, for the audit: number of lung-rads 4B or 4X screening cts per scanner in 2025? "
        "Thanks, Anke",
        "groups",
        _groups(
            [x for x in studies() if ldct(x) and in_year(2025)(x) and category(x) in ("4B", "4X")],
            lambda x: x["station"],
        ),
    )
    yield _q(
        "lobes",
        "criteria • RUL nodule >= 8 mm • solid • woman • born 1950 or later",
        "patient",
        pids(
            sex_is("F"),
            _born("1950-01-01", "2100-12-31"),
            nod(in_lobe("RUL"), att("solid"), ge("diameter_mm", 8)),
        ),
    )
    yield _q(
        "features",
        "Screening eligibility: part-solid nodule with solid comp 4-8 mm AND NOT calcified AND "
        "at least 2 chest CTs",
        "patient",
        _hist(
            _some(nod(att("part-solid"), uncalcified, within("solid_component_mm", 4, 8))),
            _n(chest_ct, lambda k: k >= 2),
        ),
    )
    yield _q(
        "modality",
        "ct01 vs ct02 chest ct counts for the third quarter of 2024",
        "groups",
        _groups(
            [x for x in studies() if chest_ct(x) and quarter(2024, 3)(x)], lambda x: x["station"]
        ),
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
    more,
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
    print(f"{len(items)} questions in part 57; left out: {LEFT_OUT}")
