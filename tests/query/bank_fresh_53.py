"""Held-out part 53 of the question bank: cohort questions as a PACS administrator, a lead
technologist and everyone else who asks would type them.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version") and its
"Reports" section up to "How well it reads" (not the reader's measurements nor the lists of
misses, fixes and limits), :mod:`question_bank` (the :class:`Item` type, its helpers and its
scoring function ``_matches``, for the form of a "value" or "groups" answer),
:mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the cohort,
imported here), and ``bank_fresh_41.py`` for its format, module docstring and helper functions
only, not its questions (its small helpers ``ask``, ``_count_in`` ... ``_consecutive_gaps`` are
copied here). The reader's code (``query/``), ``appliance/``, the tests (``test_*.py``),
``family_reading.py`` and the other parts' questions were not opened, and the engine was never
run on these questions: they were frozen (committed) before any was put to it, and none is to
be changed to suit it afterwards.

Overlap check: a throwaway script compared every question here with ``dev_queries.jsonl``, with
parts 22 to 51 (loaded through their ``bank()``, never read), with every question of
``question_bank.bank()`` and ``question_bank.ungated_bank()`` (10,379 questions in all) and with
parts 52, 54 and 55 on their branches (none had a part committed when it last ran), printing only
this part's matches (word for word after lower-casing and dropping punctuation, or a word
overlap of 75 % or more of the longer question). 118 matched at first (18 word for word; most
were short questions, and a dotted UID's numbers count as shared words), and were reworded;
then 56 (5 word for word), 9 (1), 1 and 0 matched; two late rewordings made for other reasons
matched once more (1, then 0). None is left, and no question of this part overlaps another of
it (two did, and were reworded; :func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 241 in all): identifiers
[16] (a patient's exams, an accession's patient, an accession's findings, the nodule findings of
a study instance UID, a patient's number of studies, a latest LDCT, a first chest radiograph,
three accessions' patients, a UID's patient, nodules counted on an accession in an e-mail, an
unknown MRN, a patient's CT02 exams, two baseline LDCTs, the biggest nodule of an accession, a
patient's scans "from 2025 onwards", the findings of an accession counted); dates [18] ("4 March
2025 to 30 April 2025", slashed days, "Q2 2024", an ISO range, "last spring (march through
may)", "since September 2025 until now", "the last N days", "so far this year", a birth date
before a slashed day, "the second half of 2023", a month, "dec 2024 thru feb 2025", births in
"the 1950s", "before March 1st 2023", one day, DICOM days, "03/04/2025 and 09/30/2025", "febuary
2026"); numbers [17] (a mm range, HU below a negative number, HU "between -50 and +60",
confidence below a bound and in a range, volume in mm3, long and short axis, subcentimetre, "3.4
cm", "twelve point five", solid component, "minus seven hundred and ten", "0.5 cm to 1 cm", "0.9
confidence or above", size and volume together); counts [16] (exactly 4, exactly 2 and exactly 3
per patient, "two or more", "2-3", "a single study", "4+", 3 or more and fewer than 2 nodules
per study, "just a single nodule", studies without findings, "4 or more findings", distinct
patients of a year, findings of a year, studies with findings in a quarter); set logic [16]
("both", "as well as", "and also", "never", "not even once", "yet no ... on any scan", "on one
scan", "excluding anyone with", a year "as well as" another); Lung-RADS [16] (a category of a
year, a worst-ever category, a quarter's breakdown, "3 or above", "upgraded from 2 to 4A",
"upgraded vs the prior exam", "changed from the previous exam", a year's share, "4X", a latest
LDCT's category, ever "scored 4B", a study of each of two categories, "2 or better", "3 versus
4A", a station's breakdown, screening patients in a quarter); rankings and top-N [17] (diameter,
birth dates both ways, most recent at a station, number of nodules and of ggns, earliest head
CTs, volume, confidence, solid component, long axis in a lobe, the oldest women, HU, masses, CT
angios at a station, "larggest ggns"); aggregates and percentages [18] (mean and median
diameter, volume in cc and mm3, HU, confidence, long axis in cm, solid component, age, nodules
per LDCT and per patient; shares of a month's exams at a station, of women among patients born
before a year, of calcified solid nodules in a lobe, of chest radiographs in a year, of a year's
LDCTs with a spiculated nodule, of head CTs at a station); report concepts with negation [16]
(emphysema, lymphadenopathy, coronary artery calcification, granuloma; "negative for",
"explicitly state there is no", "the report says there is no", "without", "never documented",
"or", "on the same scan", a share of a quarter's LDCTs, an e-mail); growth / new / stable [15]
(grew since the prior exam, more than 3, 3.5 and 4 mm, "at least 2 mm", in a lobe, on LDCTs of a
year, "new nodules, not masses", new nodules at a station and in men over 70, new part-solid
nodules, stable part-solid and solid nodules, "no nodule has ever enlarged"); demographics [16]
(ages with a kind of study, of finding or of report, "in their 70s", "aged 60 to 65", "85+",
"still under 45", births after a year and in two years, counts and breakdowns by sex, "gender
coded O", men vs women); modality / description / station [17] (per station, per modality, per
body part, descriptions quoted, "pe cts", "CT angio chest PE" in an e-mail, per day and per
week, a month's LDCTs at a station, exams without findings, "CT01 vs CT02"); lobes [15] (each
lobe by abbreviation and by name, per lobe, "RUL vs LUL", bilateral, "exclusively in the RML",
left and right lung, "LUL/LLL"); attenuation / margin / calcification [15] (spiculated,
lobulated, smooth, calcified and not, subsolid, "pure ggo", "psn", breakdowns by margin and
attenuation, "smooth versus spiculated", an audit e-mail); intervals [13] (days, weeks and
months from first to latest study of a patient, of a kind of study, between two accessions; mean
and median gaps between consecutive studies; follow-up over 30 months and of at least 3 years;
mean and median follow-up over patients; a repeat within 13 and 11 months).

The styles are mixed in roughly equal shares, leaning a little to a PACS administrator's and a
lead technologist's (stations, descriptions, accessions and study UIDs, counts per day, week,
month, quarter and station, exams with and without findings, dates in many formats): a
radiologist's shorthand ("psn", "ggn", "nods", "lr", "ctpa", "w"), a nurse's or clinician's
full sentences, a screening coordinator's Lung-RADS over time, a manager's counts, a data
scientist's ranges, means and medians, search-box keywords ("RML nodule findings"), dictated
numbers ("twelve point five", "minus seven hundred and ten"), and questions pasted in an e-mail
with a greeting and a sign-off. 33 questions (about one in seven) carry a hurried typist's slip
("exma", "recroded", "acession", "earliset", "wich", "measureing", "milimetres", "subcentimter",
"diamter", "peopel", "radiogaphs", "patinets", "pateints", "screeening", "upgarded",
"catagory", "larggest", "avarage", "granulma", "lymphadenopthy", "nodlues", "part-soild",
"patiens", "attenuaton", "lsat", "acquistion", "aquired", "statoin", "uper", "spicualted",
"spiculted", "angiogams", "febuary"); their answers are what they plainly mean. About one in
five asks about groups (18 breakdowns and comparisons, 8 shares, 17 rankings).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions, UIDs and days; a ranking's number is the first from the one written whose boundary
has no tie, and a percentage, a relative span, a threshold or an age band the first of a fixed
list of candidates (:func:`first`) whose readings agree on an answer that is not empty, and, for
a percentage, neither 0 nor 100 % and within 0.005 of a tenth. Expected answers are computed
here in plain Python with the documented conventions written out by hand. Where the conventions
do not settle a reading the question is asked only when the competing readings give the same
answer (:func:`ask`, :func:`first`; ``LEFT_OUT`` lists any that do not as the bank is built, and
is empty for this seed): the first day of "the last N days" (N or N - 1 days before the as-of
date); a change taken in floating point
or to 0.1 mm; a track that was a mass from its first study counted or not as a new or stable
nodule; an age (with a sex) and another condition on one study or each on some study; "more than
30 months" as calendar months or days; "screening patients with a Lung-RADS 3 exam" as one LDCT
or an LDCT and a category 3 study; a repeat "within N months" of any study of the kind named or
of the same description. Drafts replaced before freezing because their readings disagreed:
"women over 65 with new nodules" (asked of men over 70), "stable ground glass nodules" (asked of
part-solid ones), "studies with a new nodule in 2025" (asked with "not masses"), growth "by more
than 2.5 mm" (asked at 3.5 mm), "patients in their 70s with a spiculated nodule" (asked with a
calcified one), "chest cts repeated within 11 months" (asked of head CTs), "women aged 55 to 60
who had a chest CT with contrast" (a CT angiogram is contrast-enhanced too; asked with the
description written out), "the past 30 days" first drafted with a 31-day reading (the
30 and 29 days before the as-of date agree); and percentages not within 0.005 of a
tenth (a station's share of all studies, of a year's, then of January 2025's; women among all
patients; calcified nodules among all, a lobe's, a year's and a margin's; emphysema among all
LDCTs and a year's). Drafts whose answers were empty by accident were replaced: findings with
confidence under 0.55 and HU of -800 or lower (the cohort's least are 0.55 and -720), "pts with
5 or more scans", masses over 4 cm, "both a CT angio and a head CT", "a pneumothorax and a
pleural effusion on one scan", "downgraded ldcts" (no category in the cohort goes down), "chest
cts repeated within 6 months". Readings taken: "ldct", "screening (low dose) ct" and "low-dose
screening ct" are the CT CHEST LOW DOSE LUNG SCREENING studies; "ct angio(s)", "ctpa", "pe
cts", "ct pulmonary angiograms" the CT ANGIO CHEST PE studies; "chest x-rays", "chest
radiographs", "xray" and "DX01 radiography" the DX studies; "non-contrast head ct" every head CT
(all are W/O CONTRAST); "chest ct" every CT of the chest; "findings" every kind, "nodules" kind
nodule; "X nodules" asked without a unit word answers studies; a breakdown of nodules counts
nodule findings, of exams studies, of patients patients; "M vs F" and "men vs women" leave out
the third sex; a Lung-RADS breakdown lists only the categories that occur; "a single nodule" and
"exactly" are exactly one; "4+ exams" at least four; the patients "whose scans never showed any
finding" and in whom "no nodule has ever enlarged" include those with no nodule; "without
emphysema" is no affirmed mention, "negative for" and "state there is no" the denied reading;
"average age of the people who underwent a head ct" is each patient once, at the latest head CT;
"nodules per patient" is over every patient; a follow-up span is over patients with studies on
two dates or more; intervals in months divide days by 30.4375, in years by 365.25, while "within
N months" and "at least 3 years" of follow-up are calendar months. One answer is empty on purpose
(an unknown MRN, P00871).

Scored alone with ``python tests/query/question_bank.py --part held_out_53 -v`` once wired in.
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
    MONTH,
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

PART = "held_out_53"
SEED = 5353

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


def first(fam: str, unit: str, *candidates: tuple[str, list[Any]]) -> Rows:
    """The first candidate whose readings agree on an answer that is not empty (or zero): a
    parameter (a year, a station, a threshold) tried in a fixed order."""
    for question, readings in candidates:
        answer = agreed(*readings)
        if answer not in (None, [], 0):
            yield _q(fam, question, unit, answer)
            return
    LEFT_OUT.append(candidates[0][0])


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


ALL: Test = lambda s: True  # noqa: E731
W = WORDS = {1: "1", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
LR4 = ("4A", "4B", "4X")


def _uids(rows: Sequence[Row]) -> list[str]:
    return sorted(str(s["study_uid"]) for s in rows)


def _ids(rows: Sequence[Row]) -> list[str]:
    return sorted(str(f["finding_id"]) for f in rows)


def _by_acc() -> dict[str, Row]:
    return {str(s["accession"]): s for s in studies()}


def _studies_with(test: Test) -> list[Row]:
    return [s for s in studies() if test(s)]


SPAN_FROM_2025: Test = dated("2025-01-01", "9999-12-31")


def _older_than(age: int) -> Test:
    return lambda s: ref.age(s) > age


def _aged_between(lo: int, hi: int) -> Test:
    return lambda s: lo <= ref.age(s) <= hi


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    p1 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    yield _q(fam, f"pull up every exma we have on file for {p1}", "study", _uids(own(p1)))

    s2 = pick(rng, _studies_with(lambda s: len(fo(s)) >= 1))
    yield _q(fam, f"acc {s2['accession']} -> who is the patient", "patient", [s2["patient_id"]])

    s3 = pick(rng, _studies_with(lambda s: len(fo(s)) >= 3))
    yield _q(
        fam,
        f"Please list all findings recroded under accession number {s3['accession']}.",
        "finding",
        _ids(fo(s3)),
    )

    s4 = pick(rng, _studies_with(lambda s: len(nods(s)) >= 2 and len(fo(s)) > len(nods(s))))
    yield _q(
        fam,
        f"exam with study instance uid {s4['study_uid']}: "
        "I only want its nodule findings listed, no other kinds",
        "finding",
        _ids(nods(s4)),
    )

    p2 = pick(rng, _pool(lambda p: len(own(p)) >= 4))
    yield _q(
        fam, f"How many imaging studies has patient {p2} had altogether?", "count", len(own(p2))
    )

    p3 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    yield _q(fam, f"{p3} most recent low dose ct", "study", _uid(_latest(p3, ldct)))

    p4 = pick(rng, _pool(lambda p: _count_in(p, cxr) >= 2))
    yield _q(fam, f"first chest radiograph of {p4}", "study", _uid(_first(p4, cxr)))

    trio = [pick(rng, studies()) for _ in range(3)]
    accs = ", ".join(str(s["accession"]) for s in trio[:2]) + f" and {trio[2]['accession']}"
    yield _q(
        fam,
        f"accessions {accs}: which patients do they belong to",
        "patient",
        sorted({str(s["patient_id"]) for s in trio}),
    )

    s5 = pick(rng, studies())
    yield _q(
        fam,
        f"a tech left study instance uid {s5['study_uid']} on my desk, "
        "which patient does that exam belong to",
        "patient",
        [s5["patient_id"]],
    )

    s6 = pick(rng, _studies_with(lambda s: len(nods(s)) >= 3))
    yield _q(
        fam,
        f"Hi all, quick one: how many nodules were found on accession {s6['accession']}? "
        "Thanks, Priya (PACS admin)",
        "count",
        len(nods(s6)),
    )

    yield _q(fam, "exam list for mrn P00871", "study", [])

    p5 = pick(rng, _pool(lambda p: 1 <= _count_in(p, at_station("CT02")) < len(own(p))))
    yield _q(
        fam, f"{p5} ct02 exams", "study", _uids([s for s in own(p5) if s["station"] == "CT02"])
    )

    pa, pb = (pick(rng, _pool(lambda p: _count_in(p, ldct) >= 2)) for _ in range(2))
    yield _q(
        fam,
        f"baseline ldct for {pa} and {pb}",
        "study",
        sorted(set(_uid(_first(pa, ldct)) + _uid(_first(pb, ldct)))),
    )

    def unique_max(s: Row) -> bool:
        sizes = sorted((f["diameter_mm"] for f in nods(s)), reverse=True)
        return len(sizes) >= 2 and sizes[0] > sizes[1]

    s7 = pick(rng, _studies_with(unique_max))
    biggest = max(nods(s7), key=lambda f: f["diameter_mm"])
    yield _q(
        fam, f"biggest nodule on acession {s7['accession']}", "finding", [biggest["finding_id"]]
    )

    p6 = pick(rng, _pool(lambda p: 1 <= _count_in(p, SPAN_FROM_2025) < len(own(p))))
    yield _q(
        fam,
        f"what scans does {p6} have from 2025 onwards",
        "study",
        _uids([s for s in own(p6) if SPAN_FROM_2025(s)]),
    )

    s8 = pick(rng, _studies_with(lambda s: len(fo(s)) >= 2))
    yield _q(
        fam,
        f"number of findings, accession {s8['accession']}",
        "count",
        len(fo(s8)),
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    yield _q(
        fam,
        "low dose cts from 4 March 2025 to 30 April 2025, how many",
        "count",
        count(ldct, dated("2025-03-04", "2025-04-30")),
    )
    yield _q(
        fam,
        "Which studies were performed between 1/17/2024 and 2/29/2024?",
        "study",
        sids(dated("2024-01-17", "2024-02-29")),
    )
    yield _q(fam, "Q2 2024 chest xray count", "count", count(cxr, quarter(2024, 2)))
    yield _q(
        fam,
        "exams dated 2025-06-01 through 2025-06-30 at CT01",
        "study",
        sids(at_station("CT01"), dated("2025-06-01", "2025-06-30")),
    )
    yield _q(
        fam,
        "ldcts last spring (march through may)",
        "study",
        sids(ldct, dated("2026-03-01", "2026-05-31")),
    )
    yield _q(
        fam,
        "non-contrast head ct exams acquired from september 2025 until now",
        "study",
        sids(head_ct, dated("2025-09-01", AS_OF)),
    )
    yield from first(
        fam,
        "count",
        *[
            (
                f"exam volume over the lsat {n} days - how many studies in total",
                [count(dated(shift(AS_OF, -n), AS_OF)), count(dated(shift(AS_OF, 1 - n), AS_OF))],
            )
            for n in (30, 21, 45, 14, 60, 10)
        ],
    )
    yield _q(
        fam,
        "everything the DX01 radiography unit has aquired so far this year",
        "study",
        sids(at_station("DX01"), in_year(2026)),
    )
    yield _q(
        fam, "patients with a dob before 1/1/1945", "patient", born("0000-01-01", "1944-12-31")
    )
    yield _q(
        fam,
        "list the ct pulmonary angiogams performed during the second half of 2023",
        "study",
        sids(cta, dated("2023-07-01", "2023-12-31")),
    )
    yield _q(
        fam, "November 2024 ldct total", "count", count(ldct, dated("2024-11-01", "2024-11-30"))
    )
    yield _q(
        fam,
        "every study acquired from dec 2024 thru feb 2025 across all modalities",
        "study",
        sids(dated("2024-12-01", "2025-02-28")),
    )
    fifties = set(born("1950-01-01", "1959-12-31"))
    yield _q(
        fam,
        "head ct patients whose date of birth falls in the 1950s",
        "patient",
        sorted(fifties & set(pids(head_ct))),
    )
    yield _q(
        fam,
        "studies acquired before March 1st 2023",
        "study",
        sids(dated("0000-01-01", "2023-02-28")),
    )
    busy = Counter(s["study_date"] for s in studies() if s["study_date"].startswith("2024"))
    day = pick(rng, sorted(d for d, n in busy.items() if n >= 3))
    yield _q(fam, f"exams on {day}", "study", sids(dated(day, day)))
    yield _q(
        fam,
        "20250301-20250315 ct02 studies",
        "study",
        sids(at_station("CT02"), dated("2025-03-01", "2025-03-15")),
    )
    yield _q(
        fam,
        "chest x-rays between 03/04/2025 and 09/30/2025",
        "study",
        sids(cxr, dated("2025-03-04", "2025-09-30")),
    )
    yield _q(
        fam,
        "how many chest cts were done in febuary 2026",
        "count",
        count(chest_ct, dated("2026-02-01", "2026-02-28")),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield _q(fam, "nodule findings 6-8 mm", "finding", fids(is_nodule, within("diameter_mm", 6, 8)))
    yield _q(
        fam,
        "ggn findings w mean hu below -650",
        "finding",
        fids(is_nodule, att("ground-glass"), lt("mean_hu", -650)),
    )
    yield _q(
        fam,
        "solid nods whose mean hu sits between -50 and +60, list findings",
        "finding",
        fids(is_nodule, att("solid"), within("mean_hu", -50, 60)),
    )
    yield _q(fam, "findings with confidence under 0.58", "finding", fids(lt("confidence", 0.58)))
    yield _q(
        fam,
        "Which nodule findings have a volume over 2000 mm3?",
        "finding",
        fids(is_nodule, gt("volume_mm3", 2000)),
    )
    yield _q(
        fam,
        "wich studies have a nodule with a long axis of at least 20 mm",
        "study",
        sids(nod(ge("long_axis_mm", 20))),
    )
    yield _q(
        fam,
        "subcentimter part-solid nodule findings",
        "finding",
        fids(is_nodule, att("part-solid"), lt("diameter_mm", 10)),
    )
    yield _q(
        fam,
        "masses measureing 3.4 cm or more, list the findings",
        "finding",
        fids(lambda f: f["kind"] == "mass", ge("diameter_mm", 34)),
    )
    yield _q(
        fam,
        "nodules of at least twelve point five milimetres, findings please",
        "finding",
        fids(is_nodule, ge("diameter_mm", 12.5)),
    )
    yield _q(
        fam,
        "nodules measuring less than 4mm across the short axis (findings)",
        "finding",
        fids(is_nodule, lt("short_axis_mm", 4)),
    )
    yield _q(
        fam,
        "part solid nods with solid component over 6 mm - findings",
        "finding",
        fids(is_nodule, att("part-solid"), gt("solid_component_mm", 6)),
    )
    yield _q(
        fam,
        "nodule findings with a density of minus seven hundred and ten hu or lower",
        "finding",
        fids(is_nodule, le("mean_hu", -710)),
    )
    yield _q(
        fam,
        "how many nodule findings measure 0.5 cm to 1 cm",
        "count",
        len(fids(is_nodule, within("diameter_mm", 5, 10))),
    )
    yield _q(
        fam,
        "pneumothorax findings the model scored at 0.9 confidence or above",
        "finding",
        fids(lambda f: f["kind"] == "pneumothorax", ge("confidence", 0.9)),
    )
    yield _q(
        fam,
        "calcified nodule findings 9.5 mm or larger",
        "finding",
        fids(is_nodule, calcified, ge("diameter_mm", 9.5)),
    )
    yield _q(
        fam,
        "nodule detections with model confidence in the 0.6 to 0.7 range inclusive, list findings",
        "finding",
        fids(is_nodule, within("confidence", 0.6, 0.7)),
    )
    lo = pick(rng, [14, 15, 16])
    yield _q(
        fam,
        f"nodules with a diamter greater than {lo} mm and a volume under 1500 mm3, findings",
        "finding",
        fids(is_nodule, gt("diameter_mm", lo), lt("volume_mm3", 1500)),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield _q(
        fam,
        "who has precisely four exams in the archive",
        "patient",
        _per_patient(ALL, lambda n: n == 4),
    )
    yield _q(
        fam,
        "number of screening low dose cts showing three or more nodules",
        "count",
        count(ldct, _n_nods(lambda n: n >= 3)),
    )
    yield _q(
        fam,
        "studies with no findings at CT01 in 2025, how many",
        "count",
        count(at_station("CT01"), in_year(2025), lambda s: not fo(s)),
    )
    yield _q(
        fam,
        "pts who have had two or more head cts",
        "patient",
        _per_patient(head_ct, lambda n: n > 1),
    )
    yield _q(
        fam,
        "Which patients have exactly two plain chest radiogaphs on file?",
        "patient",
        _per_patient(cxr, lambda n: n == 2),
    )
    yield _q(
        fam,
        "QA tally - chest ct exams carrying just a single nodule",
        "count",
        count(chest_ct, _n_nods(lambda n: n == 1)),
    )
    yield _q(
        fam,
        "peopel with 2-3 low dose screening cts in total",
        "patient",
        _per_patient(ldct, lambda n: 2 <= n <= 3),
    )
    yield _q(
        fam,
        "patients who have a single study in the archive",
        "patient",
        _per_patient(ALL, lambda n: n == 1),
    )
    yield _q(fam, "total exams at CT02 in 2025", "count", count(at_station("CT02"), in_year(2025)))
    yield _q(
        fam,
        "unique patient count for 2024 (anyone with an exam that year)",
        "count",
        len(pids(in_year(2024))),
    )
    yield _q(
        fam,
        "busy studies: which ones list 4 or more findings, counting every finding type",
        "study",
        sids(lambda s: len(fo(s)) >= 4),
    )
    yield _q(
        fam,
        "how many findings were recorded on 2023 studies",
        "count",
        len(fids(where=in_year(2023))),
    )
    yield _q(fam, "patients with 4+ exams on file", "patient", _per_patient(ALL, lambda n: n >= 4))
    yield _q(
        fam,
        "studies with findings in Q3 2025 - count",
        "count",
        count(quarter(2025, 3), lambda s: bool(fo(s))),
    )
    yield _q(
        fam,
        "ldcts showing fewer than 2 nodules in 2026, how many",
        "count",
        count(ldct, in_year(2026), _n_nods(lambda n: n < 2)),
    )
    yield _q(
        fam,
        "patinets with exactly 3 ldcts",
        "patient",
        _per_patient(ldct, lambda n: n == 3),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    yield _q(
        fam,
        "whose history includes a ctpa as well as a 'CT CHEST W CONTRAST' exam - patients please",
        "patient",
        history(each_on_some(cta, with_contrast)),
    )
    yield _q(
        fam,
        "pts with an ldct but never a nodule over 8 mm",
        "patient",
        history(some_but_never(ldct, nod(gt("diameter_mm", 8)))),
    )
    yield _q(
        fam,
        "people never imaged at station CT01, not even once",
        "patient",
        _never(at_station("CT01")),
    )
    yield _q(
        fam,
        "over their whole history, who had a solid nodule and also a ggn (both)",
        "patient",
        history(each_on_some(nod(att("solid")), nod(att("ground-glass")))),
    )
    yield _q(
        fam,
        "which pts have an exam dated in 2023 as well as one dated in 2026",
        "patient",
        history(each_on_some(in_year(2023), in_year(2026))),
    )
    yield _q(
        fam,
        "pts w a chest x-ray and never any CT",
        "patient",
        history(some_but_never(cxr, any_ct)),
    )
    yield _q(
        fam,
        "Which patients have had a consolidation at some point, "
        "yet no pleural effusion on any scan?",
        "patient",
        history(some_but_never(kind("consolidation"), kind("pleural_effusion"))),
    )
    yield _q(
        fam,
        "which patients had one exam with a left upper lobe nodule plus a right lower lobe nodule",
        "patient",
        pids(nod(in_lobe("LUL")), nod(in_lobe("RLL"))),
    )
    yield _q(
        fam,
        "patients who have been imaged on CT01 and also on CT02",
        "patient",
        history(each_on_some(at_station("CT01"), at_station("CT02"))),
    )
    yield _q(
        fam,
        "patients whose scans never showed any finding",
        "patient",
        _never(lambda s: bool(fo(s))),
    )
    yield _q(
        fam,
        "lobulated nodule patients who have never been categorised lung-rads 4",
        "patient",
        history(some_but_never(nod(margin("lobulated")), cat_in(*LR4))),
    )
    yield _q(
        fam,
        "excluding anyone with a mass, which patients had an lr 4x study",
        "patient",
        history(some_but_never(cat_in("4X"), kind("mass"))),
    )
    yield _q(
        fam,
        "people with at least one calcified nodule and at least one noncalcified nodule "
        "over their history",
        "patient",
        history(each_on_some(nod(calcified), nod(uncalcified))),
    )
    yield _q(
        fam,
        "which patients have never undergone a screening ldct",
        "patient",
        _never(ldct),
    )
    yield _q(
        fam,
        "patients with a pneumothorax and a nodule on one scan",
        "patient",
        pids(kind("pneumothorax"), nod()),
    )
    yield _q(
        fam,
        "pateints with a ggn but never a part-solid one",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("part-solid")))),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    yield _q(
        fam,
        "2025 screeening scans categorised lr 4b",
        "study",
        sids(ldct, in_year(2025), cat_in("4B")),
    )
    yield _q(
        fam,
        "people whose worst lung-rads score across all exams is 4A",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    q1 = [s for s in studies() if ldct(s) and quarter(2026, 1)(s)]
    yield _q(fam, "ldcts per lung-rads category, Q1 2026", "groups", _groups(q1, category))
    yield _q(
        fam,
        "CT01, calendar 2024: number of exams at lung-rads 3 or above",
        "count",
        count(at_station("CT01"), in_year(2024), cat_in("3", *LR4)),
    )
    yield _q(
        fam,
        "which pts were upgarded from category 2 to 4A",
        "patient",
        pids(went_from("2", ("4A",))),
    )
    yield _q(
        fam,
        "studies upgraded vs the prior exam in 2025",
        "study",
        sids(in_year(2025), went(1)),
    )
    yield from first(
        fam,
        "value",
        *[
            (
                f"what proportion of the {y} screening cts landed in lung-rads {c}, as a percent",
                [_share(count(ldct, in_year(y), cat_in(c)), count(ldct, in_year(y)))],
            )
            for c in ("1", "3", "4A")
            for y in (2025, 2024, 2023, 2026)
        ],
    )
    yield _q(fam, "anyone with a 4X lung-rads exam", "patient", pids(cat_in("4X")))

    def latest_ldct_2(pid: str) -> bool:
        s = _latest(pid, ldct)
        return s is not None and category(s) == "2"

    yield _q(
        fam,
        "people whose most recent screening low-dose ct came out lung-rads 2",
        "patient",
        sorted(p["patient_id"] for p in pats() if latest_ldct_2(p["patient_id"])),
    )
    yield _q(fam, "number of patients ever scored 4B", "count", len(pids(cat_in("4B"))))
    yield _q(
        fam,
        "2024 studies whose lung-rads category changed from the previous exam",
        "study",
        sids(in_year(2024), went(0)),
    )
    yield _q(
        fam,
        "screening coordinator here: pts with one exam scored 1 "
        "and another exam scored 4X on lung-rads",
        "patient",
        history(each_on_some(cat_in("1"), cat_in("4X"))),
    )
    yield _q(
        fam,
        "lung-rads 2 or better ldcts at ct02 in 2023, count",
        "count",
        count(ldct, at_station("CT02"), in_year(2023), cat_in("1", "2")),
    )
    y24 = [s for s in studies() if ldct(s) and in_year(2024)(s) and category(s) in ("3", "4A")]
    yield _q(
        fam,
        "2024 screening cts: category 3 versus category 4A, counts",
        "groups",
        _groups(y24, category),
    )
    ct02 = [s for s in studies() if ldct(s) and in_year(2026)(s) and s["station"] == "CT02"]
    yield _q(fam, "ct02 ldcts 2026 - lung-rads catagory counts", "groups", _groups(ct02, category))
    yield from ask(
        fam,
        "Which screening patients have a Lung-RADS 3 exam in the fourth quarter of 2025?",
        "patient",
        pids(ldct, quarter(2025, 4), cat_in("3")),
        sorted(set(pids(ldct)) & set(pids(quarter(2025, 4), cat_in("3")))),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"

    def ranked(
        question: str,
        rows: Sequence[Row],
        key: Callable[[Row], Any],
        ident: str,
        unit: str,
        start: int,
    ) -> Rows:
        got = _ranked(rows, key, ident, start)
        if got is None:
            LEFT_OUT.append(question)
            return
        n, answer = got
        yield _q(fam, question.format(n=n, w=W.get(n, str(n))), unit, answer)

    nodules = [f for f in findings() if is_nodule(f)]
    ggns = [f for f in nodules if f["attenuation"] == "ground-glass"]
    yield from ranked(
        "ranked list please: the {n} nodule findings with the greatest diameter",
        nodules,
        lambda f: -f["diameter_mm"],
        "finding_id",
        "finding",
        5,
    )
    yield from ranked(
        "which {n} patients have the earliest dates of birth on record",
        pats(),
        lambda p: p["birth_date"],
        "patient_id",
        "patient",
        3,
    )
    dx01 = [s for s in studies() if s["station"] == "DX01"]
    yield from ranked(
        "{n} most recent studies at DX01", dx01, lambda s: -_by_day(s), "study_uid", "study", 6
    )
    per_pt = Counter(study_of(f)["patient_id"] for f in nodules)
    yield from ranked(
        "{n} patients carrying the highest nodule tally across all their scans",
        _patient_rows(lambda p: per_pt.get(p, 0)),
        lambda r: r["k"],
        "patient_id",
        "patient",
        3,
    )
    yield from ranked(
        "name the {n} youngest people we have ever scanned",
        pats(),
        lambda p: tuple(-int(x) for x in p["birth_date"].split("-")),
        "patient_id",
        "patient",
        4,
    )
    heads = [s for s in studies() if head_ct(s)]
    yield from ranked(
        "head cts: which {n} have the earliset study dates on the PACS",
        heads,
        _by_day,
        "study_uid",
        "study",
        5,
    )
    yield from ranked(
        "{w} most voluminous ggns", ggns, lambda f: -f["volume_mm3"], "finding_id", "finding", 3
    )
    effusions = [f for f in findings() if f["kind"] == "pleural_effusion"]
    yield from ranked(
        "lowest confidence pleural effusions, top {n}",
        effusions,
        lambda f: f["confidence"],
        "finding_id",
        "finding",
        2,
    )
    psns = [f for f in nodules if f["attenuation"] == "part-solid"]
    yield from ranked(
        "part-solid nodules with the largest solid components, top {n}",
        psns,
        lambda f: -f["solid_component_mm"],
        "finding_id",
        "finding",
        3,
    )
    rul = [f for f in nodules if f["lobe"] == "RUL"]
    yield from ranked(
        "right upper lobe: the {n} nodules measuring longest along the long axis",
        rul,
        lambda f: -f["long_axis_mm"],
        "finding_id",
        "finding",
        3,
    )
    women = [p for p in pats() if p["sex"] == "F"]
    yield from ranked(
        "{n} oldest female patients by birth date, please",
        women,
        lambda p: p["birth_date"],
        "patient_id",
        "patient",
        4,
    )
    solid = [f for f in nodules if f["attenuation"] == "solid"]
    yield from ranked(
        "the {n} largest solid nodules by volume",
        solid,
        lambda f: -f["volume_mm3"],
        "finding_id",
        "finding",
        6,
    )
    yield from ranked(
        "give me the {n} nodule findings with the highest attenuation values in HU",
        nodules,
        lambda f: -f["mean_hu"],
        "finding_id",
        "finding",
        3,
    )
    per_ggn = Counter(study_of(f)["patient_id"] for f in ggns)
    yield from ranked(
        "which {n} people have accumulated the most ground-glass nodules",
        _patient_rows(lambda p: per_ggn.get(p, 0)),
        lambda r: r["k"],
        "patient_id",
        "patient",
        3,
    )
    masses = [f for f in findings() if f["kind"] == "mass"]
    yield from ranked(
        "of all masses, the {n} with the longest long axis measurement",
        masses,
        lambda f: -f["long_axis_mm"],
        "finding_id",
        "finding",
        2,
    )
    yield from ranked(
        "most recent {n} ct angios at ct01",
        [s for s in studies() if cta(s) and s["station"] == "CT01"],
        lambda s: -_by_day(s),
        "study_uid",
        "study",
        4,
    )
    yield from ranked(
        "{n} larggest ggns by diameter",
        ggns,
        lambda f: -f["diameter_mm"],
        "finding_id",
        "finding",
        4,
    )


def stats(rng: random.Random) -> Rows:
    fam = "stats"
    nodules = [f for f in findings() if is_nodule(f)]

    def share(question: str, part: int, whole: int) -> Rows:
        yield from ask(fam, question, "value", _share(part, whole))

    yield _q(
        fam,
        "across every nodule finding we hold, what is the average diameter in mm",
        "value",
        _mean_field(nodules, "diameter_mm"),
    )
    psns = [f for f in nodules if f["attenuation"] == "part-solid"]
    yield _q(
        fam,
        "what's the median psn volume in cubic centimetres (cc)",
        "value",
        _median_field(psns, "volume_mm3", 1000),
    )
    ggns = [f for f in nodules if f["attenuation"] == "ground-glass"]
    yield _q(
        fam,
        "average density of the ggns, in hounsfield units",
        "value",
        _mean_field(ggns, "mean_hu"),
    )
    yield from first(
        fam,
        "value",
        *[
            (
                f"of all the {y} exams, what percent were acquired at {st}",
                [_share(count(in_year(y), at_station(st)), count(in_year(y)))],
            )
            for st in ("CT02", "CT01")
            for y in (2025, 2024, 2023, 2026)
        ],
        *[
            (
                f"of the exams in {MONTH[m - 1].title()} {y}, what percent were acquired at {st}",
                [
                    _share(
                        count(dated(f"{y}-{m:02d}-01", month_end(y, m)), at_station(st)),
                        count(dated(f"{y}-{m:02d}-01", month_end(y, m))),
                    )
                ],
            )
            for y in (2025, 2024)
            for m in range(1, 13)
            for st in ("CT02", "CT01")
        ],
    )
    yield from first(
        fam,
        "value",
        *[
            (
                f"Among patients with a birth date before {y}, what proportion are women (as a %)?",
                [
                    _share(
                        sum(1 for p in pats() if p["sex"] == "F" and p["birth_date"] < f"{y}"),
                        sum(1 for p in pats() if p["birth_date"] < f"{y}"),
                    )
                ],
            )
            for y in range(1950, 1971)
        ],
    )
    ldcts = [s for s in studies() if ldct(s)]
    yield _q(
        fam,
        "nodule load per screening ldct - mean number of nodules per exam",
        "value",
        sum(len(nods(s)) for s in ldcts) / len(ldcts),
    )
    ptx = [f for f in findings() if f["kind"] == "pneumothorax"]
    yield _q(
        fam,
        "pneumothorax detections: what is the median model confidence",
        "value",
        _median_field(ptx, "confidence"),
    )

    def age_at_latest(test: Test) -> list[float]:
        out = []
        for p in pats():
            s = _latest(p["patient_id"], test)
            if s is not None:
                out.append(float(ref.age(s)))
        return out

    yield _q(
        fam,
        "average age of the people who underwent a head ct",
        "value",
        mean_of(age_at_latest(head_ct)),
    )
    yield from first(
        fam,
        "value",
        *[
            (
                f"% of {lobe} nodules that are calcified",
                [
                    _share(
                        sum(1 for f in nodules if calcified(f) and f["lobe"] == lobe),
                        sum(1 for f in nodules if f["lobe"] == lobe),
                    )
                ],
            )
            for lobe in ("RUL", "LLL", "RML", "LUL", "RLL")
        ],
        *[
            (
                f"% of {y} nodules that are calcified",
                [
                    _share(
                        sum(1 for f in nodules if calcified(f) and in_year(y)(study_of(f))),
                        sum(1 for f in nodules if in_year(y)(study_of(f))),
                    )
                ],
            )
            for y in (2023, 2024, 2025, 2026)
        ],
        *[
            (
                f"% of {word} nodules that are calcified",
                [
                    _share(
                        sum(1 for f in nodules if calcified(f) and f["margin"] == word),
                        sum(1 for f in nodules if f["margin"] == word),
                    )
                ],
            )
            for word in ("smooth", "lobulated", "spiculated")
        ],
        *[
            (
                f"% of solid nodules in the {lobe} that are calcified",
                [
                    _share(
                        sum(1 for f in nodules if calcified(f) and f["lobe"] == lobe),
                        sum(
                            1 for f in nodules if f["attenuation"] == "solid" and f["lobe"] == lobe
                        ),
                    )
                ],
            )
            for lobe in ("RUL", "LLL", "RML", "LUL", "RLL")
        ],
        *[
            (
                f"% of nodules on {st} scans from {y} that are calcified",
                [
                    _share(
                        sum(
                            1
                            for f in nodules
                            if calcified(f) and both_(in_year(y), at_station(st))(study_of(f))
                        ),
                        sum(1 for f in nodules if both_(in_year(y), at_station(st))(study_of(f))),
                    )
                ],
            )
            for y in (2023, 2024, 2025, 2026)
            for st in ("CT01", "CT02")
        ],
    )
    spic = [f for f in nodules if f["margin"] == "spiculated"]
    yield _q(
        fam,
        "in cm, what's the average long axis of nodules with spiculated margins",
        "value",
        _mean_field(spic, "long_axis_mm", 10),
    )
    yield from first(
        fam,
        "value",
        *[
            (
                f"of everything scanned in {y}, what share were plain chest radiographs",
                [_share(count(in_year(y), cxr), count(in_year(y)))],
            )
            for y in (2024, 2025, 2023, 2026)
        ],
    )
    yield _q(
        fam,
        "median solid-component measurement across the part-solid nodules",
        "value",
        _median_field(psns, "solid_component_mm"),
    )
    yield _q(
        fam,
        "nodules per patient, on average, across the whole cohort",
        "value",
        len(nodules) / len(pats()),
    )
    yield from share(
        "of the 2025 low-dose screening cts, what percentage showed a spiculated nodule",
        count(ldct, in_year(2025), nod(margin("spiculated"))),
        count(ldct, in_year(2025)),
    )
    big_solid = [f for f in nodules if f["attenuation"] == "solid" and f["diameter_mm"] > 10]
    yield _q(
        fam,
        "solid nodules bigger than 10 mm: average volume in mm3",
        "value",
        _mean_field(big_solid, "volume_mm3"),
    )
    yield _q(
        fam,
        "Could someone tell me the median diameter of the lobulated nodules? Cheers, Sam",
        "value",
        _median_field([f for f in nodules if f["margin"] == "lobulated"], "diameter_mm"),
    )
    yield from share(
        "head ct exams: proportion acquired on CT01, in percent",
        count(head_ct, at_station("CT01")),
        count(head_ct),
    )
    yield _q(
        fam,
        "quick q - what's the avarage hu of solid nodules",
        "value",
        _mean_field([f for f in nodules if f["attenuation"] == "solid"], "mean_hu"),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield _q(
        fam,
        "2025 studies whose report mentions emphysema, how many",
        "count",
        count(in_year(2025), says("emphysema")),
    )
    yield _q(
        fam,
        "pts whose reports describe coronary artery calcification at least once",
        "patient",
        pids(says("coronary")),
    )
    yield _q(
        fam,
        "ldcts at CT01 in 2024 with reports negative for lymphadenopathy",
        "study",
        sids(ldct, at_station("CT01"), in_year(2024), denies("lymphadenopathy")),
    )
    yield _q(
        fam,
        "pts whose report mentions emphysema who never had a single nodule finding",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield _q(
        fam,
        "exams where the radiologist's report notes a granulma",
        "study",
        sids(says("granuloma")),
    )
    yield _q(
        fam,
        "ldcts without emphysema in Q4 2025, count",
        "count",
        count(ldct, quarter(2025, 4), neg(says("emphysema"))),
    )
    yield _q(
        fam,
        "women with lymphadenopathy on their reports",
        "patient",
        pids(sex_is("F"), says("lymphadenopathy")),
    )
    yield _q(
        fam,
        "count of reports that explicitly state there is no emphysema",
        "count",
        count(denies("emphysema")),
    )
    yield _q(
        fam,
        "how many patients had emphysema reported and a nodule over 10 mm on the same scan",
        "count",
        len(pids(says("emphysema"), nod(gt("diameter_mm", 10)))),
    )
    yield _q(
        fam,
        "2026 exams reporting either emphysema or lymphadenopathy",
        "study",
        sids(in_year(2026), lambda s: says("emphysema")(s) or says("lymphadenopathy")(s)),
    )
    yield _q(
        fam,
        "patients in whom emphysema was never documented by the radiologist",
        "patient",
        _never(says("emphysema")),
    )
    yield _q(
        fam,
        "lymphadenopthy reports at CT02 - count",
        "count",
        count(at_station("CT02"), says("lymphadenopathy")),
    )
    yield _q(
        fam,
        "chest cts with a part-solid nodule where the report says there is no emphysema",
        "study",
        sids(chest_ct, denies("emphysema"), nod(att("part-solid"))),
    )
    yield from first(
        fam,
        "value",
        *[
            (
                f"% of {y} ldcts with emphysema mentioned in the report",
                [_share(count(ldct, in_year(y), says("emphysema")), count(ldct, in_year(y)))],
            )
            for y in (2025, 2024, 2023, 2026)
        ],
        *[
            (
                f"% of q{q} {y} ldcts with emphysema mentioned in the report",
                [
                    _share(
                        count(ldct, quarter(y, q), says("emphysema")),
                        count(ldct, quarter(y, q)),
                    )
                ],
            )
            for y in (2025, 2024, 2023, 2026)
            for q in (1, 2, 3, 4)
        ],
    )
    yield _q(
        fam,
        "granuloma mentioned, men, ldcts in 2023",
        "study",
        sids(ldct, in_year(2023), sex_is("M"), says("granuloma")),
    )
    yield _q(
        fam,
        "Hello, I need the count of CT chest studies with coronary calcification noted at CT02 "
        "during 2024. Best regards, Ines",
        "count",
        count(chest_ct, at_station("CT02"), in_year(2024), says("coronary")),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    yield from ask(
        fam,
        "list the nodule findings that have enlarged compared with the prior exam",
        "finding",
        *[fids(t) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "pts where a nodule increased by more than 3 mm vs the previous scan",
        "patient",
        *[pids(fstudy(t)) for t in grew_readings(3)],
    )
    yield _q(
        fam,
        "2025 exams that show new nodules, not masses",
        "study",
        sids(in_year(2025), fstudy(new(False))),
    )
    yield from first(
        fam,
        "finding",
        *[
            (
                f"{word} nodules that stayed stable, list the findings",
                [fids(stable(r, m), att(a)) for r in (True, False) for m in (True, False)],
            )
            for word, a in (("ground glass", "ground-glass"), ("part-solid", "part-solid"))
        ],
        *[
            (
                f"ggns in the {lobe} that stayed stable, list the findings",
                [
                    fids(stable(r, m), att("ground-glass"), in_lobe(lobe))
                    for r in (True, False)
                    for m in (True, False)
                ],
            )
            for lobe in ("RUL", "LLL", "RML", "LUL", "RLL")
        ],
    )
    yield from ask(
        fam,
        "growing nodules in the LLL, which studies",
        "study",
        *[sids(fstudy(t, in_lobe("LLL"))) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "number of 2024 screening cts on which some nodule had grown",
        "count",
        *[count(ldct, in_year(2024), fstudy(t)) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "patients with new nodules on CT02 scans",
        "patient",
        *[pids(at_station("CT02"), fstudy(new(m))) for m in (True, False)],
    )
    yield from ask(
        fam,
        "which nodule findings enlarged by at least 2 mm relative to the previous study",
        "finding",
        *[fids(t) for t in grew_readings(2, True)],
    )
    yield from ask(
        fam,
        "list people in whom no nodule has ever enlarged",
        "patient",
        *[_never(fstudy(t)) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "part-solid nodules that are newly detected - list the findings",
        "finding",
        *[fids(new(m), att("part-solid")) for m in (True, False)],
    )
    yield from ask(
        fam,
        "count the solid nodule findings from 2026 scans that were unchanged in size",
        "count",
        *[
            len(fids(stable(r, m), att("solid"), where=in_year(2026)))
            for r in (True, False)
            for m in (True, False)
        ],
    )
    yield from ask(
        fam,
        "which patients have a spiculated nodule that grew",
        "patient",
        *[pids(fstudy(t, margin("spiculated"))) for t in grew_readings()],
    )
    yield from first(
        fam,
        "patient",
        *[
            (
                f"{word} over {age} with new nodules",
                [
                    r
                    for m in (True, False)
                    for r in aged(both_(sex_is(code), _older_than(age)), fstudy(new(m)))
                ],
            )
            for age in (65, 70, 60, 75)
            for word, code in (("women", "F"), ("men", "M"))
        ],
    )
    yield from ask(
        fam,
        "nodlues that grew more than 4mm",
        "study",
        *[sids(fstudy(t)) for t in grew_readings(4)],
    )
    yield from first(
        fam,
        "patient",
        *[
            (
                f"Dear team, which patients had a nodule grow by more than {g} mm between "
                "consecutive CTs? Kind regards, Dr. Osei",
                [pids(fstudy(t)) for t in grew_readings(g)],
            )
            for g in (2.5, 3.5, 2.2, 2.8, 5)
        ],
    )


def people(rng: random.Random) -> Rows:
    fam = "people"

    def person(code: str, test: Callable[[int], bool]) -> Test:
        return both_(sex_is(code), lambda s: test(ref.age(s)))

    yield from ask(
        fam,
        "female pts older than 75 who had a screening low dose ct",
        "patient",
        *aged(person("F", lambda a: a > 75), ldct),
    )
    yield from ask(
        fam,
        "male patients under 50 with a head ct",
        "patient",
        *aged(person("M", lambda a: a < 50), head_ct),
    )
    yield from ask(
        fam,
        "people aged 60 to 65 found to have a part-soild nodule",
        "patient",
        *aged(lambda s: 60 <= ref.age(s) <= 65, nod(att("part-solid"))),
    )
    yield from first(
        fam,
        "patient",
        *[
            (
                f"who in their {d}s has had a {word}",
                aged(_aged_between(d, d + 9), test),
            )
            for d in (70, 60, 50, 80)
            for word, test in (
                ("spiculated nodule", nod(margin("spiculated"))),
                ("calcified nodule", nod(calcified)),
            )
        ],
    )
    yield _q(
        fam,
        "list everyone whose date of birth is after 1970",
        "patient",
        born("1971-01-01", "9999-12-31"),
    )
    yield _q(
        fam,
        "total number of women in the registry",
        "count",
        sum(1 for p in pats() if p["sex"] == "F"),
    )
    angio = set(pids(cta))
    yield _q(
        fam,
        "CT angio patients split by gender",
        "groups",
        _groups([p for p in pats() if p["patient_id"] in angio], lambda p: p["sex"]),
    )
    lr4x = set(pids(cat_in("4X")))
    yield _q(
        fam,
        "men vs women with lung-rads 4x scans",
        "groups",
        _groups(
            [p for p in pats() if p["patient_id"] in lr4x and p["sex"] in "MF"],
            lambda p: p["sex"],
        ),
    )
    yield _q(
        fam,
        "pts with gender coded O (other)",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield _q(fam, "patients aged 85+ at a scan", "patient", pids(lambda s: ref.age(s) >= 85))
    yield _q(
        fam,
        "women scanned while still under 45",
        "patient",
        pids(person("F", lambda a: a < 45)),
    )
    y25 = [s for s in studies() if ldct(s) and in_year(2025)(s) and ref.sex(s) in "MF"]
    yield _q(fam, "M vs F ldct counts 2025", "groups", _groups(y25, ref.sex))
    yield from ask(
        fam,
        "how many men over 70 had a nodule larger than 10mm",
        "count",
        *[len(r) for r in aged(person("M", lambda a: a > 70), nod(gt("diameter_mm", 10)))],
    )
    yield _q(
        fam,
        "list patients whose birth year is 1948 or 1949",
        "patient",
        born("1948-01-01", "1949-12-31"),
    )
    yield from ask(
        fam,
        "patiens over 80 with emphysema on their report",
        "patient",
        *aged(lambda s: ref.age(s) > 80, says("emphysema")),
    )
    yield from first(
        fam,
        "patient",
        *[
            (
                f"Good afternoon - could you pull the list of women aged {lo} to {lo + 5} who had "
                "a CT CHEST W CONTRAST study? Thank you, Maria",
                aged(both_(sex_is("F"), _aged_between(lo, lo + 5)), with_contrast),
            )
            for lo in (55, 60, 50, 65)
        ],
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    q4 = [s for s in studies() if quarter(2025, 4)(s)]
    yield _q(
        fam,
        "Q4 2025 exam volume per acquistion station",
        "groups",
        _groups(q4, lambda s: s["station"]),
    )
    yield _q(
        fam,
        "how many head CTs were acquired at CT01 in 2024",
        "count",
        count(head_ct, at_station("CT01"), in_year(2024)),
    )
    yield _q(
        fam,
        "how about 2026: which exams carry the study description 'CT CHEST W CONTRAST'",
        "study",
        sids(with_contrast, in_year(2026)),
    )
    yield _q(
        fam,
        "'CT CHEST W/O CONTRAST' count per station",
        "groups",
        _groups([s for s in studies() if non_contrast_chest(s)], lambda s: s["station"]),
    )
    y23 = [s for s in studies() if in_year(2023)(s)]
    yield _q(fam, "modality split of 2023 studies", "groups", _groups(y23, lambda s: s["modality"]))
    y25 = [s for s in studies() if in_year(2025)(s)]
    yield _q(
        fam, "body part breakdown, 2025 exams", "groups", _groups(y25, lambda s: s["body_part"])
    )
    yield _q(
        fam,
        "pe cts with findings at CT02",
        "study",
        sids(cta, at_station("CT02"), lambda s: bool(fo(s))),
    )
    yield _q(
        fam,
        "DX01 chest radiographs in 2024, how many",
        "count",
        count(cxr, at_station("DX01"), in_year(2024)),
    )
    yield _q(
        fam,
        "how many head CTs has each scanner done (by station)",
        "groups",
        _groups([s for s in studies() if head_ct(s)], lambda s: s["station"]),
    )
    yield _q(
        fam,
        "patients with a 'CT CHEST W/O CONTRAST' exam acquired on CT01",
        "patient",
        pids(non_contrast_chest, at_station("CT01")),
    )
    busy = Counter(s["study_date"] for s in studies() if s["study_date"].startswith("2025"))
    day = pick(rng, sorted(d for d, n in busy.items() if n >= 2))
    yield _q(fam, f"daily count: studies on {day}", "count", count(dated(day, day)))
    yield _q(
        fam,
        "weekly volume, exams from 2025-02-03 to 2025-02-09",
        "count",
        count(dated("2025-02-03", "2025-02-09")),
    )
    yield _q(
        fam,
        "Oct 2026 low-dose screening volume on CT02 (count)",
        "count",
        count(ldct, at_station("CT02"), dated("2026-10-01", "2026-10-31")),
    )
    yield _q(
        fam,
        "Good morning, could you send me the number of CT angio chest PE exams performed at "
        "CT01 during the first quarter of 2026? Many thanks, Tom (lead tech)",
        "count",
        count(cta, at_station("CT01"), quarter(2026, 1)),
    )
    yield _q(
        fam,
        "DX01 exams with no findings, how many",
        "count",
        count(at_station("DX01"), lambda s: not fo(s)),
    )
    yield _q(fam, "statoin CT02 pe studies count", "count", count(cta, at_station("CT02")))
    h1 = [
        s
        for s in studies()
        if ldct(s) and dated("2025-01-01", "2025-06-30")(s) and s["station"] in ("CT01", "CT02")
    ]
    yield _q(
        fam, "CT01 vs CT02 ldct totals for H1 2025", "groups", _groups(h1, lambda s: s["station"])
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    nodules = [f for f in findings() if is_nodule(f)]
    yield _q(fam, "RML nodule findings", "finding", fids(is_nodule, in_lobe("RML")))
    yield _q(
        fam,
        "list patients with at least one nodule located in the LLL",
        "patient",
        pids(nod(in_lobe("LLL"))),
    )
    yield _q(
        fam,
        "per-lobe nodule numbers (RUL, RML, RLL, LUL, LLL)",
        "groups",
        _groups(nodules, lambda f: f["lobe"]),
    )
    n25 = [f for f in nodules if in_year(2025)(study_of(f)) and f["lobe"] in ("RUL", "LUL")]
    yield _q(fam, "RUL vs LUL nodule findings 2025", "groups", _groups(n25, lambda f: f["lobe"]))
    yield _q(
        fam,
        "ldcts with a right upper lobe nodule at CT01 in 2023, how many",
        "count",
        count(ldct, at_station("CT01"), in_year(2023), nod(in_lobe("RUL"))),
    )
    right = in_lobe("RUL", "RML", "RLL")
    left = in_lobe("LUL", "LLL")
    yield _q(
        fam,
        "exams showing bilateral nodules, i.e. nodules in both the left and right lung",
        "study",
        sids(nod(right), nod(left)),
    )
    yield _q(
        fam,
        "left lung ggn findings",
        "finding",
        fids(is_nodule, left, att("ground-glass")),
    )
    yield _q(
        fam,
        "RLL part-solid nodules over 8 mm",
        "study",
        sids(nod(in_lobe("RLL"), att("part-solid"), gt("diameter_mm", 8))),
    )

    def only_rml(s: Row) -> bool:
        mine = nods(s)
        return bool(mine) and all(f["lobe"] == "RML" for f in mine)

    yield _q(fam, "scans with nodules exclusively in the RML", "study", sids(only_rml))
    yield _q(
        fam,
        "middle lobe spiculated nodules, which patients",
        "patient",
        pids(nod(in_lobe("RML"), margin("spiculated"))),
    )
    yield _q(
        fam,
        "right-lung nodule finding count",
        "count",
        len(fids(is_nodule, right)),
    )
    yield _q(
        fam,
        "left lung calcified nodule findings (LUL/LLL)",
        "finding",
        fids(is_nodule, calcified, left),
    )
    yield _q(
        fam,
        "nodules in the left uper lobe over 12 mm, findings",
        "finding",
        fids(is_nodule, in_lobe("LUL"), gt("diameter_mm", 12)),
    )
    spic = [f for f in nodules if f["margin"] == "spiculated"]
    yield _q(
        fam,
        "spiculated nodules: how many in each lobe",
        "groups",
        _groups(spic, lambda f: f["lobe"]),
    )
    yield _q(
        fam,
        "Which women have had a nodule in the right lower lobe?",
        "patient",
        pids(sex_is("F"), nod(in_lobe("RLL"))),
    )


def features(rng: random.Random) -> Rows:
    fam = "features"
    nodules = [f for f in findings() if is_nodule(f)]
    yield _q(
        fam,
        "spiculated nodules 2026, which studies",
        "study",
        sids(in_year(2026), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "lobulated ggn findings",
        "finding",
        fids(is_nodule, margin("lobulated"), att("ground-glass")),
    )
    yield _q(
        fam,
        "number of nodule findings flagged as calcified",
        "count",
        len(fids(is_nodule, calcified)),
    )
    yield _q(
        fam,
        "noncalcified solid nodules over 15 mm, findings",
        "finding",
        fids(is_nodule, uncalcified, att("solid"), gt("diameter_mm", 15)),
    )
    psn = [f for f in nodules if f["attenuation"] == "part-solid"]
    yield _q(
        fam,
        "part-solid nodule findings grouped by margin type",
        "groups",
        _groups(psn, lambda f: f["margin"]),
    )
    rll = [f for f in nodules if f["lobe"] == "RLL"]
    yield _q(
        fam,
        "right lower lobe nodules split by attenuaton",
        "groups",
        _groups(rll, lambda f: f["attenuation"]),
    )
    n24 = [
        f for f in nodules if in_year(2024)(study_of(f)) and f["margin"] in ("smooth", "spiculated")
    ]
    yield _q(
        fam,
        "2024: smooth versus spicualted nodule findings, how many of each",
        "groups",
        _groups(n24, lambda f: f["margin"]),
    )
    yield _q(
        fam,
        "subsolid nodule findings over 20 mm",
        "finding",
        fids(is_nodule, subsolid, gt("diameter_mm", 20)),
    )
    yield _q(fam, "which people have ever had a calcified nodule", "patient", pids(nod(calcified)))
    yield _q(
        fam,
        "ldcts with a ground glass nodule at CT02 in Q3 2024, count",
        "count",
        count(ldct, at_station("CT02"), quarter(2024, 3), nod(att("ground-glass"))),
    )
    yield _q(
        fam,
        "which pts have a psn whose margin is spiculated",
        "patient",
        pids(nod(margin("spiculated"), att("part-solid"))),
    )
    yield _q(
        fam,
        "pure ggo smooth nodules larger than 18 mm",
        "study",
        sids(nod(att("ground-glass"), margin("smooth"), gt("diameter_mm", 18))),
    )
    yield _q(
        fam,
        "spiculted solid nodules under 6 mm - findings",
        "finding",
        fids(is_nodule, margin("spiculated"), att("solid"), lt("diameter_mm", 6)),
    )
    yield _q(
        fam,
        "tally of nodules without calcification (findings)",
        "count",
        len(fids(is_nodule, uncalcified)),
    )
    yield _q(
        fam,
        "Hi, for the audit: which exams at CT01 in 2025 showed a calcified nodule? Thanks, Lee",
        "study",
        sids(at_station("CT01"), in_year(2025), nod(calcified)),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    p1 = pick(rng, _pool(lambda p: len(own(p)) >= 3 and bool(_span_days(p, ALL))))
    yield _q(
        fam,
        f"time span in days covered by {p1}'s imaging, earliest exam to newest",
        "value",
        float(_span_days(p1, ALL) or 0),
    )
    p2 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3 and bool(_span_days(p, ldct))))
    yield _q(
        fam,
        f"{p2} screening history: months elapsed from baseline ldct to most recent ldct",
        "value",
        (_span_days(p2, ldct) or 0) / 30.4375,
    )
    gaps = _consecutive_gaps(ldct)
    yield _q(fam, "avg days between consecutive ldcts", "value", mean_of([float(g) for g in gaps]))
    yield _q(
        fam,
        "typical (median) interval in days between a patient's consecutive studies",
        "value",
        median_of([float(g) for g in _consecutive_gaps(ALL)]),
    )

    def span_days_over(days: float) -> list[str]:
        return history(
            lambda mine: (
                bool(mine) and days_between(mine[0]["study_date"], mine[-1]["study_date"]) > days
            )
        )

    yield from ask(
        fam,
        "who has follow-up spanning over 30 months from first to latest study",
        "patient",
        _followed_months(30, False),
        span_days_over(30 * 30.4375),
    )

    def again_within(test: Test, months: int) -> Test:
        def t(s: Row) -> bool:
            end = months_on(s["study_date"], months)
            return any(
                test(x) and s["study_date"] < x["study_date"] <= end for x in own(s["patient_id"])
            )

        return both_(test, t)

    def again_same(test: Test, months: int) -> Test:
        """A study of ``test`` followed within ``months`` by one of the same description."""

        def t(s: Row) -> bool:
            end = months_on(s["study_date"], months)
            return any(
                x["description"] == s["description"] and s["study_date"] < x["study_date"] <= end
                for x in own(s["patient_id"])
            )

        return both_(test, t)

    yield _q(
        fam,
        "screening cts that had a repeat screening ct within 13 months",
        "study",
        sids(again_within(ldct, 13)),
    )
    yield _q(
        fam,
        "patients tracked for 3 years or longer (first to most recent exam)",
        "patient",
        _followed_months(36, True),
    )
    pa = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    sa, sb = own(pa)[0], own(pa)[-1]
    yield _q(
        fam,
        f"days between accession {sa['accession']} and accession {sb['accession']}",
        "value",
        float(days_between(sa["study_date"], sb["study_date"])),
    )
    p3 = pick(rng, _pool(lambda p: len(own(p)) >= 2 and _span_days(p, ALL) not in (None, 0)))
    yield _q(
        fam,
        f"{p3} follow-up length in weeks, first scan to latest",
        "value",
        (_span_days(p3, ALL) or 0) / 7,
    )
    spans = [_span_days(p["patient_id"], ldct) for p in pats()]
    yield _q(
        fam,
        "average screening follow-up duration in years (baseline ldct to most recent ldct)",
        "value",
        mean_of([d / 365.25 for d in spans if d]),
    )
    yield from first(
        fam,
        "study",
        *[
            (
                f"{word} repeated within {n} months",
                [sids(again_within(test, n)), sids(again_same(test, n))],
            )
            for word, test in (("chest cts", chest_ct), ("head cts", head_ct))
            for n in (11, 12, 9, 6)
        ],
    )
    p4 = pick(rng, _pool(lambda p: _count_in(p, head_ct) >= 2 and _span_days(p, head_ct) != 0))
    yield _q(
        fam,
        f"{p4}: days elapsed from the first head ct to the latest head ct",
        "value",
        float(_span_days(p4, head_ct) or 0),
    )
    yield _q(
        fam,
        "median follow up (first to last study) in months across patients",
        "value",
        median_of([d / 30.4375 for d in (_span_days(p["patient_id"], ALL) for p in pats()) if d]),
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
    print(f"{len(items)} questions; LEFT_OUT: {LEFT_OUT}")
