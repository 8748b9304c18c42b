"""Held-out part 47 of the question bank: cohort questions typed by people the reader never met.

Written for issue 17 as an honest, held-out measurement of how the question reader generalises,
blind to it: its author read only issue 17 (``issues show 17``), the cohort README and data
files (``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
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

Overlap check: a throwaway script compared every question with ``dev_queries.jsonl``, with parts 22
to 45 (loaded through their ``bank()``, never read) and with every question of
``question_bank.bank()`` and ``question_bank.ungated_bank()`` (14,290 questions in all), and
printed only this part's matches (word for word after lower-casing and dropping punctuation, or a
word overlap of 75 % or more of the longer question). Part 46 was not on branch ``s24-p46`` when
the check ran, so it could not be compared. 106 matched (18 word for word) and were reworded; 5
rewordings matched again (none word for word) and were reworded again; a third run, on the final
texts, had not finished when the part was frozen (its result is in the commit's report). No
question of this part repeats another of it (:func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 254 in all):
identifiers [16] (a patient's studies, an accession's patient, a UID's findings, a patient's
number of exams, latest chest CT, baseline LDCT, nodule findings of two accessions in an e-mail,
three accessions' patients, nodules on an accession, the biggest nodule on a latest LDCT, one
station's studies of a patient, a UID's patient, two patients' head CTs, an accession's findings
counted, a patient's 2 earliest studies); dates [18] (a quarter, "since august", an ISO range, a
month range across a year, a decade of birth, the past 65 days, "this year", "last year", a
month, births after a day, "before 15 march", two birth years, a month of ISO days, "older than 3
years", July to December, a dictated month, a share of a month's scans, a quarter written as two
dates in an e-mail); numbers [17] (under a centimetre, an inclusive mm range, 1.2 cm or larger,
HU below a negative number and an HU range, confidence at most 0.56 and at least .95, solid
component, volume in mm3, long and short axis, "eighteen point five", "minus eight hundred to
minus seven hundred", a cm-to-mm range, "> 20mm", lesions over 3 cm, two bounds); counts [18]
(exactly four and a single nodule, 3+ LDCTs, exactly one and exactly 2 studies, 4+ scans, more
than 3 on one CT, no findings, 2+ head CTs and CT angiograms, 2-3 nodules inclusive, one nodule
on 4+ scans, 5+ findings, zero nodules, fewer than 2, more than one chest x-ray, 3+ solid
nodules, a share of patients with three studies); set logic [16] ("both ... at some point", "but
never", "never", two findings on one exam, an LDCT at each of two stations, "excluding anyone
with", "never found to have", "either ... or", a sex with "never", "and no", two stations, a
report concept and never a nodule finding, a hemorrhage and never a chest CT); Lung-RADS [18] (a
category, "3 or higher", worst-ever, breakdowns of a year's LDCTs and of a station's year,
category changes 2 to 4A and 4A to 4B, "got worse than the previous exam", "at some point though
never", shares of a year's and a quarter's LDCTs, a station's LR 4 count, categories 1 and 4A
over time, "below category 3", per-station counts of 4A or higher, "4B or worse in the last 12
months"); rankings and top-N [16] (largest nodules, patients by number of nodules, eldest and
youngest patients, most recent head CTs, lowest HU, most confident consolidations and effusions,
masses by volume, solid components, LDCTs by number of nodules, earliest CT angiograms, long axis
in a lobe, least confident pneumothoraces, largest ggns, solid nodules by volume); aggregates and
percentages [18] (mean and median diameter, volume in mm3 and cc, HU, confidence, long axis in
cm, solid component, nodules per LDCT and per male patient, shares of nodules over a size and of
findings over a confidence, a median with an exclusion, a median span, a count over a size range
and half a year); report concepts with negation [17] (emphysema, lymphadenopathy, "enlarged lymph
nodes", coronary calcification, granuloma; "negative for", "document no", "no ... described",
"says there is no", "OR", mentioned but never a nodule, shares of patients and of a quarter's
LDCTs, "emphysyma"); growth / new / stable [16] (grown since the prior, more than 3, 2.5 and 4 mm,
at least 2 mm, new nodules in a year and a new ggn, stable nodules in a lobe and solid ones
counted, "masses excluded", growth in a lower lobe, in spiculated and solid nodules, in women over
65); demographics [18] (ages with a finding, a kind of study or a category, age ranges, "in their
70s", "octogenarians", 85 or older, sex breakdowns, sex "O", men counted, births before a year and
in a year said aloud, shares of births before 1970 and of women born in 1961); modality /
description / station [19] (DX01, CT01, CT02, descriptions written out, "ct angio chest pe",
"non-contrast", "diagnostic", station, modality, body-part and description breakdowns, a QA
breakdown excluding x-rays, a station count pasted in an e-mail, shares of head CTs and of a
quarter's studies); lobes [17] (each lobe by abbreviation and name, a breakdown by lobe, RLL vs
LLL, two lobes on one exam, right lung, upper lobes, "all confined to", shares of a lobe's
nodules, a mean in a lobe); attenuation / margin / calcification [16] (calcified and not,
subsolid, spiculated part-solid, lobulated ggns, smooth solid, breakdowns by attenuation and
margin, spiculated vs smooth, spiculated masses, a share of solid nodules with a smooth margin);
intervals [14] (a patient's span, two accessions apart, an LDCT span, mean and median gaps between
consecutive studies, LDCTs, chest x-rays and head CTs, follow-up longer than 28 and at least 32
months, consecutive studies under 320 days apart, follow-up within 11 months of a Lung-RADS 3
LDCT, first to second study over 400 days, "more than 2 years" in an e-mail).

The styles are mixed in roughly equal shares: a radiologist's shorthand ("pts", "ggns", "lr",
"acc#", "w", "F/M/O"), a nurse's or clinician's full sentences, a screening
coordinator's Lung-RADS over time, a manager's counts per station, quarter and month, a data
scientist's inclusive ranges, means, medians and shares, search-box keywords ("search:
lymphadenopathy OR mass, studies", "ggns located LLL - scans"), dictated numbers ("eighteen point
five", "minus eight hundred", "june twenty twenty four", "nineteen fifty two") and questions pasted
in an e-mail with a greeting and a sign-off (Priya, Elena, Dr. Okafor, Sam, Mark). 31 questions
(about one in eight) carry a hurried typist's slip ("acession", "screeing", "haed", "wmoen",
"scnas", "nodlues", "volumne", "patinets", "fidnings", "angiogarms", "nevr", "pateints",
"categoirzed", "lung-rdas", "recnet", "larjest", "ground-glas", "avergae", "emphysyma",
"granuloam", "growign", "grwoth", "nubmer", "femal", "staion", "chset", "rigth", "breakdwon",
"spicualted", "calcifeid", "consecutve"); their answers are what they plainly mean. About one in
five asks about groups (20 breakdowns and comparisons, 16 shares, 16 rankings).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions and UIDs; a ranking's number is the first from the one intended whose boundary has no
tie (:func:`blind_reference.untied`), and a percentage is asked only where it is neither 0 nor
100 % and lies within 0.005 of a tenth (:func:`share`). Expected answers are computed here in
plain Python with the documented conventions written out by hand. Where the conventions do not
settle a reading the question is asked only when the competing readings give the same answer
(:func:`ask`; ``LEFT_OUT`` lists any that do not as the bank is built, and is empty for this
seed): the first day of "the past N days" and of "the last 12 months"; "older than 3 years" as 36
calendar months or 3 x 365 days; a follow-up in months as calendar months or days; a track that
was a mass from its first study counted or not as a new or stable nodule, and a change taken in
floating point or to 0.1 mm; a nodule on N scans counting a mass on its track or not; an age (with
a sex) and another condition on one study or each on some study; "a follow-up chest ct within 11
months" of a Lung-RADS 3 LDCT as any chest CT or another LDCT. Drafts replaced before freezing
because their readings disagreed: "CTs in the past 60 days" (asked at 65), "ldcts with a new
nodule in 2025" (the mass-from-start track; asked of 2024), "patients younger than 50 at a scan
with a nodule" (asked at 48), "female patients aged 55 to 65 with a CT angiogram" (asked at 60 to
70), "at least 3 years of follow-up" (asked as 32 months). Drafts whose answers were empty by
accident were replaced: confidence under 0.55 (the lowest is 0.55), masses over 40 mm long,
a mass and consolidation on one study, a head CT and a chest CT (and a CT angiogram and an LDCT)
of one patient, a Lung-RADS category that dropped or went from 3 to 4B, two studies within 30
days, a follow-up chest CT within 8 months of a Lung-RADS 3 LDCT, more than 500 days from first
to second study, at least 40 months of follow-up; shares that were not within 0.005 of a tenth
(men among all patients, a year's studies at CT02, head CTs with a hemorrhage, a year's LDCTs at
Lung-RADS 4, women among the patients with a pneumothorax, calcified solid nodules) were replaced
by others. Readings taken: "screening ct", "low dose ct" and "ldct" are the CT CHEST LOW DOSE LUNG
SCREENING studies; "ct angiograms", "ct angios" and "ct angio chest pe" the CT ANGIO CHEST PE
studies; "chest x-rays" the DX studies; "diagnostic (non-screening) chest cts" the chest CTs that
are not LDCTs; "brain (head) cts" the head CTs; a breakdown or comparison of nodules counts nodule
findings, of studies studies, of patients patients (all three sexes where the question says "by
sex"); a Lung-RADS breakdown lists only the categories that occur; "went from 2 to 4A", "escalated
from 4A to 4B" and "got worse than the previous exam" compare with the patient's previous study
that has a category; "exactly 2 studies" and "three studies" count all of a patient's studies;
"no emphysema described" and "OR" report questions use affirmed mentions, "negative for" and
"says there is no" the denied reading; "mean # of nodules per male patient" is over every male
patient; "the N eldest (youngest) people" rank by birth date; the days of a span run from the
first study's date to the last one's. No answer is empty.

Scored alone with ``python tests/query/question_bank.py --part held_out_47 -v`` once wired in.
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
    uncalcified,
    untied,
    went,
    went_from,
    with_contrast,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_47"
SEED = 4747

# Questions whose readings disagreed (or whose percentage was not within 0.005 of a tenth),
# so were left out: filled while the bank is built.
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


def share(family: str, question: str, part: int, whole: int) -> Rows:
    """A percentage question, asked only when its value can be scored (see :func:`_share`)."""
    yield from ask(family, question, "value", _share(part, whole))


def _sel(test: Test) -> list[Row]:
    return [s for s in studies() if test(s)]


def _uid(s: Row | None) -> list[str]:
    return [] if s is None else [str(s["study_uid"])]


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


def _span_days(pid: str, test: Test = ALL) -> int | None:
    mine = [s for s in own(pid) if test(s)]
    if len(mine) < 2:
        return None
    return days_between(mine[0]["study_date"], mine[-1]["study_date"])


def _followed(months: int, inclusive: bool) -> list[str]:
    """Patients whose latest study is more than (``inclusive``: at least) ``months`` calendar
    months after their first."""

    def test(mine: list[Row]) -> bool:
        end = months_on(mine[0]["study_date"], months)
        last = str(mine[-1]["study_date"])
        return last >= end if inclusive else last > end

    return history(lambda mine: bool(mine) and test(mine))


def _followed_days(days: int, inclusive: bool) -> list[str]:
    def test(mine: list[Row]) -> bool:
        d = days_between(mine[0]["study_date"], mine[-1]["study_date"])
        return d >= days if inclusive else d > days

    return history(lambda mine: bool(mine) and test(mine))


def _consecutive_gaps(test: Test) -> list[int]:
    gaps: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        gaps.extend(
            days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
        )
    return gaps


def _patient_rows(score: Callable[[str], float]) -> list[Row]:
    return [{"patient_id": p["patient_id"], "k": -score(p["patient_id"])} for p in pats()]


def _minus(a: list[str], b: list[str]) -> list[str]:
    return sorted(set(a) - set(b))


def _fcount(*tests: FTest, where: Test = ALL) -> int:
    return len(fids(*tests, where=where))


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    multi = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 3]
    p1 = pick(rng, multi)
    yield from ask(fam, f"{p1} - every study on file, oldest first please", "study", _uid_all(p1))
    s1 = pick(rng, studies())
    yield from ask(
        fam,
        f"accession {s1['accession']} came in from outside - whose scan was it",
        "patient",
        [s1["patient_id"]],
    )
    withf = [s for s in studies() if len(fo(s)) >= 2]
    s2 = pick(rng, withf)
    yield from ask(
        fam,
        f"I would like every finding the system holds for study UID {s2['study_uid']}, please.",
        "finding",
        sorted(f["finding_id"] for f in fo(s2)),
    )
    p2 = pick(rng, multi)
    yield from ask(fam, f"number of imaging exams P# {p2} has had", "count", len(own(p2)))
    p3 = pick(rng, [p for p in multi if any(chest_ct(s) for s in own(p))])
    latest_chest = [s for s in own(p3) if chest_ct(s)][-1]
    yield from ask(fam, f"most recent chest CT for {p3}", "study", _uid(latest_chest))
    two_ld = [p["patient_id"] for p in pats() if sum(map(ldct, own(p["patient_id"]))) >= 2]
    p4 = pick(rng, two_ld)
    yield from ask(
        fam,
        f"baseline screeing ct of patient {p4}",
        "study",
        _uid(next(s for s in own(p4) if ldct(s))),
    )
    nod_studies = [s for s in studies() if len(nods(s)) >= 1]
    a, b = pick(rng, nod_studies), pick(rng, nod_studies)
    yield from ask(
        fam,
        f"Hi all, could someone pull the nodule findings on accessions {a['accession']} and "
        f"{b['accession']}? Many thanks, Priya",
        "finding",
        sorted(f["finding_id"] for f in nods(a) + nods(b)),
    )
    trio = [pick(rng, studies()) for _ in range(3)]
    yield from ask(
        fam,
        "patients for acc " + ", ".join(s["accession"] for s in trio),
        "patient",
        sorted({s["patient_id"] for s in trio}),
    )
    s3 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield from ask(
        fam,
        f"quick sanity check: the exam under acc# {s3['accession']} carries "
        "how many nodule findings",
        "count",
        len(nods(s3)),
    )

    def unique_max(s: Row) -> bool:
        ds = sorted((f["diameter_mm"] for f in nods(s)), reverse=True)
        return len(ds) >= 2 and ds[0] != ds[1]

    p5 = pick(rng, [p for p in two_ld if unique_max([s for s in own(p) if ldct(s)][-1])])
    last_ld = [s for s in own(p5) if ldct(s)][-1]
    biggest = max(nods(last_ld), key=lambda f: f["diameter_mm"])
    yield from ask(
        fam,
        f"the biggest nodule on {p5}'s latest low dose ct",
        "finding",
        [biggest["finding_id"]],
    )
    both_st = [p for p in multi if {s["station"] for s in own(p)} >= {"CT01", "CT02"}]
    p6 = pick(rng, both_st)
    yield from ask(
        fam,
        f"studies for pt number {p6} acquired on CT01",
        "study",
        sorted(s["study_uid"] for s in own(p6) if s["station"] == "CT01"),
    )
    s4 = pick(rng, studies())
    yield from ask(
        fam, f"acession {s4['accession']} which patient is that", "patient", [s4["patient_id"]]
    )
    s5 = pick(rng, studies())
    yield from ask(
        fam,
        f"study instance uid {s5['study_uid']}, who was scanned",
        "patient",
        [s5["patient_id"]],
    )
    heads = sorted({s["patient_id"] for s in studies() if head_ct(s)})
    h1, h2 = pick(rng, heads), pick(rng, heads)
    yield from ask(
        fam,
        f"head CTs of {h1} and {h2}",
        "study",
        sorted(s["study_uid"] for s in studies() if head_ct(s) and s["patient_id"] in (h1, h2)),
    )
    s6 = pick(rng, [s for s in studies() if fo(s)])
    yield from ask(
        fam,
        f"total findings on accession number {s6['accession']}",
        "count",
        len(fo(s6)),
    )
    p7 = pick(rng, [p for p in multi if len(own(p)) == 4])
    yield from ask(
        fam,
        f"{p7}: the 2 earliest studies",
        "study",
        sorted(s["study_uid"] for s in own(p7)[:2]),
    )


def _uid_all(pid: str) -> list[str]:
    return sorted(s["study_uid"] for s in own(pid))


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    yield from ask(
        fam,
        "tally of lung screening cts for the second quarter of 2024",
        "count",
        count(ldct, quarter(2024, 2)),
    )
    yield from ask(
        fam, "chest x-rays since august 2025", "study", sids(cxr, dated("2025-08-01", AS_OF))
    )
    yield from ask(
        fam,
        "everything imaged from 2024-02-10 up to and including 2024-03-05",
        "study",
        sids(dated("2024-02-10", "2024-03-05")),
    )
    yield from ask(
        fam,
        "haed cts from oct 2023 to feb 2024",
        "study",
        sids(head_ct, dated("2023-10-01", "2024-02-29")),
    )
    yield from ask(
        fam,
        "Which patients born in the 1940s had a screening CT during 2025?",
        "patient",
        sorted(set(born("1940-01-01", "1949-12-31")) & set(pids(ldct, in_year(2025)))),
    )
    yield from ask(
        fam,
        "CT volume over the past 65 days - give me the number of CT exams",
        "count",
        count(any_ct, dated(shift(AS_OF, -65), AS_OF)),
        count(any_ct, dated(shift(AS_OF, -64), AS_OF)),
    )
    yield from ask(
        fam, "ct angiograms done this year", "study", sids(cta, dated("2026-01-01", AS_OF))
    )
    yield from ask(fam, "number of ct angios last year", "count", count(cta, in_year(2025)))
    yield from ask(
        fam,
        "how many screening cts in november 2024",
        "count",
        count(ldct, dated("2024-11-01", "2024-11-30")),
    )
    yield from ask(
        fam,
        "wmoen born after 30 june 1980",
        "patient",
        sorted(set(born("1980-07-01", "2100-01-01")) & set(pids(sex_is("F")))),
    )
    yield from ask(
        fam, "exams before 15 march 2023", "study", sids(dated("1900-01-01", "2023-03-14"))
    )
    yield from ask(
        fam,
        "pts whose date of birth is in 1962 or 1963",
        "patient",
        born("1962-01-01", "1963-12-31"),
    )
    yield from ask(
        fam,
        "scnas from 2023-09-01 through 2023-09-30",
        "study",
        sids(dated("2023-09-01", "2023-09-30")),
    )
    cut = months_on(AS_OF, -36)
    yield from ask(
        fam,
        "brain (head) cts that are now older than 3 years",
        "study",
        sids(head_ct, dated("1900-01-01", shift(cut, -1))),
        sids(head_ct, dated("1900-01-01", shift(AS_OF, -3 * 365 - 1))),
        sids(head_ct, dated("1900-01-01", shift(AS_OF, -3 * 365 - 2))),
    )
    yield from ask(
        fam,
        "contrast chest CTs july to december 2025",
        "study",
        sids(with_contrast, dated("2025-07-01", "2025-12-31")),
    )
    yield from ask(
        fam,
        "exams done in june twenty twenty four",
        "study",
        sids(dated("2024-06-01", "2024-06-30")),
    )
    m26 = _sel(dated("2026-03-01", "2026-03-31"))
    yield from share(
        fam, "what fraction of the march 2026 scans were ldcts, in %", sum(map(ldct, m26)), len(m26)
    )
    yield from ask(
        fam,
        "Good morning, how many low-dose screening scans did we do between 1 January 2026 and 31 "
        "March 2026? Thank you, Elena",
        "count",
        count(ldct, quarter(2026, 1)),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield from ask(
        fam,
        "nodules under a centimetre found in 2026",
        "study",
        sids(nod(lt("diameter_mm", 10)), in_year(2026)),
    )
    yield from ask(
        fam,
        "nodules 4 to 6 mm at CT01",
        "study",
        sids(nod(within("diameter_mm", 4, 6)), at_station("CT01")),
    )
    yield from ask(
        fam, "ggns 1.2 cm or larger", "study", sids(nod(att("ground-glass"), ge("diameter_mm", 12)))
    )
    yield from ask(
        fam,
        "densitometry query: nodules averaging under -650 HU, which scans",
        "study",
        sids(nod(lt("mean_hu", -650))),
    )
    yield from ask(
        fam,
        "nodules between -50 and 30 HU in 2023",
        "study",
        sids(nod(within("mean_hu", -50, 30)), in_year(2023)),
    )
    yield from ask(
        fam,
        "which findings have a confidence of 0.56 or less",
        "finding",
        fids(le("confidence", 0.56)),
    )
    yield from ask(
        fam,
        "part solid nodules where the solid part exceeds 5 mm, which studies",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 5))),
    )
    yield from ask(
        fam, "nodules with a volumne above 2500 mm3", "study", sids(nod(gt("volume_mm3", 2500)))
    )
    yield from ask(
        fam, "masses with long axis over 38 mm", "study", sids(kind("mass", gt("long_axis_mm", 38)))
    )
    yield from ask(
        fam,
        "nodules whose short axis is at most 4 mm, ldcts in 2025",
        "study",
        sids(nod(le("short_axis_mm", 4)), ldct, in_year(2025)),
    )
    yield from ask(
        fam,
        "dictation: nodules measuring eighteen point five millimetres or more",
        "study",
        sids(nod(ge("diameter_mm", 18.5))),
    )
    yield from ask(
        fam,
        "nodules from minus eight hundred to minus seven hundred hounsfield",
        "study",
        sids(nod(within("mean_hu", -800, -700))),
    )
    yield from ask(
        fam,
        "nodules between 0.6 cm and 9 mm in the RLL",
        "study",
        sids(nod(within("diameter_mm", 6, 9), in_lobe("RLL"))),
    )
    yield from ask(fam, "nodlues > 20mm", "study", sids(nod(gt("diameter_mm", 20))))
    yield from ask(fam, "lesions bigger than 3 cm", "study", sids(lesion(gt("diameter_mm", 30))))
    yield from ask(
        fam,
        "how many findings have a confidence of .95 or higher",
        "count",
        _fcount(ge("confidence", 0.95)),
    )
    yield from ask(
        fam,
        "solid nodules of at least 7mm but under 8 mm",
        "study",
        sids(nod(att("solid"), ge("diameter_mm", 7), lt("diameter_mm", 8))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield from ask(
        fam,
        "exams on which exactly four nodules were recorded",
        "study",
        sids(_n_nods(lambda n: n == 4)),
    )
    yield from ask(
        fam,
        "2026 screening cts that show a single nodule and nothing more",
        "study",
        sids(ldct, _n_nods(lambda n: n == 1), in_year(2026)),
    )
    yield from ask(
        fam,
        "Could you tell me which people have been through three or more low-dose screening CTs?",
        "patient",
        _per_patient(ldct, lambda n: n >= 3),
    )
    yield from ask(
        fam,
        "patients with exactly one study on record",
        "patient",
        _per_patient(ALL, lambda n: n == 1),
    )
    yield from ask(
        fam,
        "how many patients were scanned four times or more",
        "count",
        len(_per_patient(ALL, lambda n: n >= 4)),
    )
    yield from ask(
        fam,
        "more than 3 nodules seen together on one single ct: list the pts",
        "patient",
        pids(_n_nods(lambda n: n > 3)),
    )
    yield from ask(
        fam,
        "ldcts with no findings at all in 2024",
        "study",
        sids(ldct, in_year(2024), lambda s: not fo(s)),
    )
    yield from ask(
        fam,
        "individuals who needed 2 or more head cts",
        "patient",
        _per_patient(head_ct, lambda n: n >= 2),
    )
    yield from ask(
        fam,
        "chest CTs with between 2 and 3 nodules inclusive",
        "study",
        sids(chest_ct, _n_nods(lambda n: 2 <= n <= 3)),
    )
    yield from ask(
        fam, "pts w at least 2 ct angiogarms", "patient", _per_patient(cta, lambda n: n >= 2)
    )
    yield from ask(
        fam,
        "in how many patients was one and the same nodule tracked across 4 or more scans",
        "count",
        len(_on_tracks(4, False)),
        len(_on_tracks(4, True)),
    )
    yield from ask(
        fam, "studies with at least 5 fidnings", "study", sids(lambda s: len(fo(s)) >= 5)
    )
    yield from ask(
        fam,
        "screening lung cts with zero nodules: the total",
        "count",
        count(ldct, _n_nods(lambda n: n == 0)),
    )
    yield from ask(
        fam,
        "patinets who have exactly 2 studies each in the archive",
        "patient",
        _per_patient(ALL, lambda n: n == 2),
    )
    yield from ask(
        fam,
        "ldcts at CT01 in 2023 with fewer than 2 nodules",
        "study",
        sids(ldct, at_station("CT01"), in_year(2023), _n_nods(lambda n: n < 2)),
    )
    yield from ask(
        fam,
        "Please list patients with more than one chest x-ray.",
        "patient",
        _per_patient(cxr, lambda n: n > 1),
    )
    yield from share(
        fam,
        "what % of patients have exactly three studies",
        len(_per_patient(ALL, lambda n: n == 3)),
        len(pats()),
    )
    yield from ask(
        fam,
        "ldcts with 3 or more solid nodules",
        "study",
        sids(ldct, _n_nods(lambda n: n >= 3, att("solid"))),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    ptx, eff = kind("pneumothorax"), kind("pleural_effusion")
    yield from ask(
        fam,
        "anyone who, on any of their exams, had both a pneumothorax and a pleural effusion "
        "at some point",
        "patient",
        history(each_on_some(ptx, eff)),
    )
    spic = nod(margin("spiculated"))
    yield from ask(
        fam,
        "spiculated nodule ever seen yet not once a calcified nodule - which pts",
        "patient",
        history(some_but_never(spic, nod(calcified))),
    )
    yield from ask(
        fam,
        "people in the registry who have nevr undergone a chest CT",
        "patient",
        _never(chest_ct),
    )
    yield from ask(
        fam,
        "screened with an ldct at some point but never sent for a ct angiogram: patients",
        "patient",
        history(some_but_never(ldct, cta)),
    )
    yield from ask(
        fam,
        "pneumothorax plus a nodule on one and the same exam - patient list",
        "patient",
        pids(kind("pneumothorax"), nod()),
    )
    yield from ask(
        fam,
        "patients who had an ldct at CT01 and another ldct at CT02",
        "patient",
        history(each_on_some(both_(ldct, at_station("CT01")), both_(ldct, at_station("CT02")))),
    )
    ggn = nod(att("ground-glass"))
    yield from ask(
        fam,
        "lung-rads 4a patients, excluding anyone with a ground glass nodule",
        "patient",
        _minus(pids(cat_in("4A")), pids(ggn)),
    )
    yield from ask(
        fam, "how many patients were never found to have a nodule", "count", len(_never(nod()))
    )
    yield from ask(
        fam,
        "list patients who had either consolidation or a pleural effusion",
        "patient",
        pids(either_(kind("consolidation"), eff)),
    )
    yield from ask(
        fam,
        "female patients with a pneumothorax on record who never underwent a ct angiogram",
        "patient",
        sorted(set(history(some_but_never(ptx, cta))) & set(pids(sex_is("F")))),
    )
    yield from ask(
        fam,
        "ldcts with a part-solid nodule and no ground-glass nodule",
        "study",
        sids(ldct, nod(att("part-solid")), neg(ggn)),
    )
    yield from ask(
        fam,
        "patients seen on both CT01 and CT02",
        "patient",
        history(each_on_some(at_station("CT01"), at_station("CT02"))),
    )
    yield from ask(
        fam,
        "pts never scanned at CT01 who had a head ct",
        "patient",
        sorted(set(_never(at_station("CT01"))) & set(pids(head_ct))),
    )
    yield from ask(
        fam,
        "pateints where a ggn sat alongside a solid nodule on the very same scan",
        "patient",
        pids(ggn, nod(att("solid"))),
    )
    yield from ask(
        fam,
        "lymphadenopathy written in any of their reports, yet never a nodule finding - which pts",
        "patient",
        history(some_but_never(says("lymphadenopathy"), nod())),
    )
    yield from ask(
        fam,
        "patients with an intracranial hemorrhage and never a chest ct",
        "patient",
        history(some_but_never(kind("intracranial_hemorrhage"), chest_ct)),
    )


def either_(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    yield from ask(fam, "ldcts categoirzed lung-rads 4B", "study", sids(ldct, cat_in("4B")))
    yield from ask(
        fam, "2025 exams rated lr 3 or higher", "study", sids(cat_in("3", *LR4), in_year(2025))
    )
    yield from ask(
        fam,
        "for each pt take the worst lung-rads they ever got; I want those where it is 4A",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    rows = _sel(both_(ldct, in_year(2024)))
    yield from ask(
        fam,
        "coordinator view: 2024 ldcts split by their lung-rads category",
        "groups",
        _groups(rows, category),
    )
    yield from ask(
        fam,
        "how many ldcts were lr 2 in Q1 2025",
        "count",
        count(ldct, cat_in("2"), quarter(2025, 1)),
    )
    yield from ask(
        fam,
        "screening coordinator question - who moved from a lung-rads 2 straight to 4A",
        "patient",
        pids(went_from("2", ("4A",))),
    )
    yield from ask(
        fam,
        "scans on which lung-rads got worse (a higher category) than on the previous exam",
        "study",
        sids(went(1)),
    )
    yield from ask(
        fam,
        "people scored lr 4x at some point though never 4b",
        "patient",
        history(some_but_never(cat_in("4X"), cat_in("4B"))),
    )
    rows23 = _sel(both_(ldct, in_year(2023)))
    for c in ("3", "2", "4A"):
        v = _share(sum(category(s) == c for s in rows23), len(rows23))
        if v is not None:
            yield from ask(
                fam,
                f"share of screening CTs in 2023 categorised Lung-RADS {c}, in percent",
                "value",
                v,
            )
            break
    yield from ask(
        fam,
        "number of lung-rads 4 screening cts at CT02 in 2024",
        "count",
        count(ldct, cat_in(*LR4), at_station("CT02"), in_year(2024)),
    )
    yield from ask(
        fam,
        "over time, who has had a lung-rads 1 exam as well as a lung-rads 4a exam",
        "patient",
        history(each_on_some(cat_in("1"), cat_in("4A"))),
    )
    yield from ask(
        fam,
        "screening studies graded below category 3 in march 2026",
        "study",
        sids(ldct, cat_in("1", "2"), dated("2026-03-01", "2026-03-31")),
    )
    yield from ask(fam, "lung-rdas 4X ldcts how many", "count", count(ldct, cat_in("4X")))
    start = months_on(AS_OF, -12)
    yield from ask(
        fam,
        "For the screening tracker: which patients had an LDCT scored 4B or worse in the last 12 "
        "months?",
        "patient",
        pids(ldct, cat_in("4B", "4X"), dated(start, AS_OF)),
        pids(ldct, cat_in("4B", "4X"), dated(shift(start, 1), AS_OF)),
    )
    rows01 = _sel(both_(at_station("CT01"), in_year(2025), lambda s: category(s) is not None))
    yield from ask(
        fam, "lung-rads counts per category, CT01, 2025", "groups", _groups(rows01, category)
    )
    q423 = _sel(both_(ldct, quarter(2023, 4)))
    yield from share(
        fam,
        "Q4 2023 low dose cts: what percent were lung-rads 4 (4A, 4B or 4X)?",
        sum(cat_in(*LR4)(s) for s in q423),
        len(q423),
    )
    yield from ask(
        fam,
        "Per station, how many ldcts in 2026 were lung-rads 4A or higher?",
        "groups",
        _groups(_sel(both_(ldct, in_year(2026), cat_in(*LR4))), lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "whose lung-rads escalated from 4A on one scan up to 4B on the next",
        "patient",
        pids(went_from("4A", ("4B",))),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    allnod = _nod_rows()
    n, got = untied(allnod, lambda f: -f["diameter_mm"], "finding_id", 5)
    yield from ask(fam, f"nodule league table: top {n} by diameter, largest first", "finding", got)

    def nodules_of(pid: str) -> int:
        return sum(len(nods(s)) for s in own(pid))

    n, got = untied(_patient_rows(nodules_of), lambda r: r["k"], "patient_id", 4)
    yield from ask(fam, f"the {n} patients with the most nodules", "patient", got)
    n, got = untied(pats(), lambda p: p["birth_date"], "patient_id", 5)
    yield from ask(fam, f"who are the {n} eldest people we have (by date of birth)", "patient", got)
    heads = _sel(head_ct)
    n, got = untied(heads, lambda s: -_ord(s), "study_uid", 3)
    yield from ask(fam, f"give me the {n} most recnet head cts in the system", "study", got)
    n, got = untied(allnod, lambda f: f["mean_hu"], "finding_id", 5)
    yield from ask(fam, f"nodules with the lowest hu - show just the top {n}", "finding", got)
    n, got = untied(_kind_rows("consolidation"), lambda f: -f["confidence"], "finding_id", 3)
    yield from ask(fam, f"the {n} most confident consolidation findings", "finding", got)
    n, got = untied(_kind_rows("mass"), lambda f: -f["volume_mm3"], "finding_id", 4)
    yield from ask(fam, f"largest {n} masses by volume", "finding", got)
    ggn_p = set(pids(nod(att("ground-glass"))))
    n, got = untied(
        [p for p in pats() if p["patient_id"] in ggn_p], lambda p: -_bday(p), "patient_id", 3
    )
    yield from ask(fam, f"of everyone with a ground glass nodule, the {n} youngest", "patient", got)
    psn = _nod_rows(att("part-solid"))
    n, got = untied(psn, lambda f: -f["solid_component_mm"], "finding_id", 5)
    yield from ask(fam, f"part-solid nodules: the {n} biggest solid components", "finding", got)
    lds = _sel(ldct)
    n, got = untied(lds, lambda s: -len(nods(s)), "study_uid", 3)
    yield from ask(fam, f"which {n} ldcts have the most nodules", "study", got)
    n, got = untied(_sel(cta), _ord, "study_uid", 4)
    yield from ask(
        fam, f"the first {n} ct angiograms ever performed here (earliest dates)", "study", got
    )
    rul = _nod_rows(in_lobe("RUL"))
    n, got = untied(rul, lambda f: -f["long_axis_mm"], "finding_id", 5)
    yield from ask(fam, f"RUL nodules ranked on long axis, the {n} longest ones", "finding", got)
    n, got = untied(_kind_rows("pneumothorax"), lambda f: f["confidence"], "finding_id", 3)
    yield from ask(
        fam,
        f"pneumothorax calls the model was least sure about - bottom {n} by confidence",
        "finding",
        got,
    )
    ggns = _nod_rows(att("ground-glass"))
    n, got = untied(ggns, lambda f: -f["diameter_mm"], "finding_id", 5)
    yield from ask(fam, f"larjest {n} ground glass nodules", "finding", got)
    n, got = untied(_nod_rows(att("solid")), lambda f: -f["volume_mm3"], "finding_id", 4)
    yield from ask(
        fam,
        f"Would you mind sorting the solid nodules on volume and sending me the top {n}?",
        "finding",
        got,
    )
    n, got = untied(_kind_rows("pleural_effusion"), lambda f: -f["confidence"], "finding_id", 2)
    yield from ask(
        fam, f"pleural effusions with the highest confidence scores, {n} of them", "finding", got
    )


def _ord(s: Row) -> int:
    return dt.date.fromisoformat(s["study_date"]).toordinal()


def _bday(p: Row) -> int:
    return dt.date.fromisoformat(p["birth_date"]).toordinal()


def stats(rng: random.Random) -> Rows:
    fam = "aggregates"
    allnod = _nod_rows()
    yield from ask(
        fam, "average nodule diameter in mm", "value", _mean_field(allnod, "diameter_mm")
    )
    yield from ask(
        fam,
        "for solid nodules I need the median volume (mm3)",
        "value",
        _median_field(_nod_rows(att("solid")), "volume_mm3"),
    )
    yield from ask(
        fam,
        "ground-glas nodules: what is their mean HU on average",
        "value",
        _mean_field(_nod_rows(att("ground-glass")), "mean_hu"),
    )
    yield from ask(
        fam,
        "how sure is the detector on pneumothorax on average (mean confidence)",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield from ask(
        fam,
        "masses only: median long-axis length expressed in cm",
        "value",
        _median_field(_kind_rows("mass"), "long_axis_mm", 10.0),
    )
    lds = _sel(ldct)
    yield from ask(
        fam,
        "on a typical ldct, what is the mean count of nodules per scan",
        "value",
        mean_of([len(nods(s)) for s in lds]),
    )
    solid = _nod_rows(att("solid"))
    yield from share(
        fam,
        "what percent of solid nodules are 10 mm or larger",
        sum(f["diameter_mm"] >= 10 for f in solid),
        len(solid),
    )
    ggns = _nod_rows(att("ground-glass"))
    yield from share(
        fam,
        "share of ground-glass nodules measuring over 15 mm, as a percentage",
        sum(f["diameter_mm"] > 15 for f in ggns),
        len(ggns),
    )
    yield from ask(
        fam,
        "median diameter of nodules in the left lower lobe",
        "value",
        _median_field(_nod_rows(in_lobe("LLL")), "diameter_mm"),
    )
    yield from ask(
        fam,
        "average size of the solid portion across part-solid nodules",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    cons = _kind_rows("consolidation")
    yield from share(
        fam,
        "proportion of consolidation findings with a confidence of at least 0.8 (%)",
        sum(f["confidence"] >= 0.8 for f in cons),
        len(cons),
    )
    men = [p["patient_id"] for p in pats() if p["sex"] == "M"]
    yield from ask(
        fam,
        "mean # of nodules per male patient",
        "value",
        mean_of([sum(len(nods(s)) for s in own(p)) for p in men]),
    )
    yield from ask(
        fam,
        "avergae part solid nodule volume, answer in cc please",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "volume_mm3", 1000.0),
    )
    yield from ask(
        fam,
        "Across all nodules, what is the median mean HU?",
        "value",
        _median_field(allnod, "mean_hu"),
    )
    spic = _nod_rows(margin("spiculated"))
    yield from ask(
        fam,
        "spiculated nodules - the detector's mean confidence for them",
        "value",
        _mean_field(spic, "confidence"),
    )
    yield from ask(
        fam,
        "For the audit: median diameter of the solid nodules seen on 2024 screening CTs, leaving "
        "out the calcified ones",
        "value",
        _median_field(
            _nod_rows(att("solid"), uncalcified, where=both_(ldct, in_year(2024))), "diameter_mm"
        ),
    )
    yield from ask(
        fam,
        "Among patients scanned at least twice, what is the median number of days from the first "
        "to the latest scan?",
        "value",
        median_of(
            [
                float(_span_days(p["patient_id"]) or 0)
                for p in pats()
                if len(own(p["patient_id"])) >= 2
            ]
        ),
    )
    yield from ask(
        fam,
        "how many nodules measured between 6 and 8 mm inclusive on LDCTs performed in the first "
        "half of 2025",
        "count",
        _fcount(
            is_nodule,
            within("diameter_mm", 6, 8),
            where=both_(ldct, dated("2025-01-01", "2025-06-30")),
        ),
    )


def reports(rng: random.Random) -> Rows:
    fam = "report concepts"
    emph, lad, cac, gran = (
        says("emphysema"),
        says("lymphadenopathy"),
        says("coronary"),
        says("granuloma"),
    )
    yield from ask(
        fam,
        "CT02 screening ldcts whose report text calls emphysema",
        "study",
        sids(ldct, emph, at_station("CT02")),
    )
    yield from ask(
        fam,
        "2026 exams where the radiologist wrote negative for lymphadenopathy",
        "study",
        sids(denies("lymphadenopathy"), in_year(2026)),
    )
    yield from ask(
        fam,
        "anyone whose report text mentions coronary artery calcification at least once",
        "patient",
        pids(cac),
    )
    yield from ask(
        fam,
        "2026 chest cts with no emphysema described",
        "study",
        sids(chest_ct, neg(emph), in_year(2026)),
    )
    yield from ask(
        fam, "how many studies document no emphysema", "count", count(denies("emphysema"))
    )
    yield from ask(
        fam,
        "female pts - coronary calcification noted in their reports",
        "patient",
        pids(cac, sex_is("F")),
    )
    yield from ask(
        fam,
        "studies where the dictation mentions emphysema and the same exam also "
        "carries a spiculated nodule",
        "study",
        sids(emph, nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "reports describe emphysema, but the person never had a nodule: who",
        "patient",
        history(some_but_never(emph, nod())),
    )
    yield from ask(
        fam,
        "emphysyma on ldcts at CT01 in 2023",
        "study",
        sids(emph, ldct, at_station("CT01"), in_year(2023)),
    )
    yield from ask(fam, "studies whose report mentions a granuloam", "study", sids(gran))
    yield from ask(
        fam, "search: lymphadenopathy OR mass, studies", "study", sids(either_(lad, kind("mass")))
    )
    rows = _sel(both_(ldct, quarter(2023, 2)))
    yield from share(
        fam,
        "share of Q2 2023 screening cts whose report mentions emphysema",
        sum(emph(s) for s in rows),
        len(rows),
    )
    yield from share(
        fam,
        "across everyone, what percent have coronary artery calcification written on some report",
        len(pids(cac)),
        len(pats()),
    )
    yield from ask(fam, "patients with enlarged lymph nodes reported", "patient", pids(lad))
    yield from ask(
        fam,
        "coronary calcification on the report and no nodules",
        "study",
        sids(cac, _n_nods(lambda n: n == 0)),
    )
    yield from ask(
        fam,
        "how many patients have coronary artery calcification in any report",
        "count",
        len(pids(cac)),
    )
    yield from ask(
        fam,
        "Dear data team, I need the screening CTs from 2024 where the report says there is no "
        "lymphadenopathy. Best, Dr. Okafor",
        "study",
        sids(ldct, in_year(2024), denies("lymphadenopathy")),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"

    def gs(*extra: FTest, g: float = 1.5, inclusive: bool = False) -> list[list[str]]:
        return [sids(fstudy(t, *extra)) for t in grew_readings(g, inclusive)]

    def gp(
        *extra: FTest, g: float = 1.5, inclusive: bool = False, where: Test = ALL
    ) -> list[list[str]]:
        return [pids(fstudy(t, *extra), where) for t in grew_readings(g, inclusive)]

    yield from ask(
        fam, "studies with a nodule that grew since the prior scan", "study", *gs(is_nodule)
    )
    yield from ask(
        fam,
        "any patient where a nodule enlarged by more than 3mm between scans",
        "patient",
        *gp(is_nodule, g=3),
    )
    yield from ask(
        fam,
        "2024 screening exams on which a brand new nodule appeared",
        "study",
        *[sids(ldct, in_year(2024), fstudy(new(m), is_nodule)) for m in (False,)],
        *[sids(ldct, in_year(2024), fstudy(new(m))) for m in (True,)],
    )
    yield from ask(
        fam,
        "LUL nodules that stayed stable vs prior, which exams",
        "study",
        *[sids(fstudy(stable(r, m), in_lobe("LUL"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "nodule findings showing an increase of 2 mm or more: how many",
        "count",
        *[_fcount(t, is_nodule) for t in grew_readings(2, True)],
    )
    yield from ask(
        fam,
        "exams in 2024 where a ground glass nodule was newly seen",
        "study",
        *[sids(in_year(2024), fstudy(new(m), att("ground-glass"))) for m in (False, True)],
    )
    yield from ask(fam, "growign part-solid nodules, scan list", "study", *gs(att("part-solid")))
    yield from ask(
        fam, "findings with growth over 4 mm", "finding", *[fids(t) for t in grew_readings(4)]
    )
    yield from ask(
        fam,
        "patients with new nodules in 2026, excluding masses",
        "patient",
        pids(in_year(2026), fstudy(new(False), is_nodule)),
    )
    yield from ask(
        fam,
        "CT02 studies with a nodule that grew by more than 2.5 mm",
        "study",
        *[sids(at_station("CT02"), s) for s in [fstudy(t, is_nodule) for t in grew_readings(2.5)]],
    )
    yield from ask(
        fam,
        "grwoth > 1.5 mm in spiculated nodules, patients",
        "patient",
        *gp(is_nodule, margin("spiculated")),
    )
    yield from ask(
        fam,
        "count the solid nodule findings that did not change vs the last exam (stable)",
        "count",
        *[
            _fcount(stable(r, m), is_nodule, att("solid"))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        fam,
        "women over 65 with interval nodule growth",
        "patient",
        *[
            r
            for t in grew_readings()
            for r in aged(lambda s: ref.age(s) > 65 and sex_is("F")(s), fstudy(t, is_nodule))
        ],
    )
    yield from ask(
        fam,
        "number of 2025 screening cts with a new nodule (masses excluded)",
        "count",
        count(ldct, in_year(2025), fstudy(new(False), is_nodule)),
    )
    yield from ask(
        fam,
        "nodules that grew more than 2 mm, lower lobes only",
        "finding",
        *[fids(t, is_nodule, in_lobe("RLL", "LLL")) for t in grew_readings(2)],
    )
    yield from ask(
        fam,
        "Hello, for the tumour board: which patients showed growth in a solid nodule on a 2024 or "
        "2025 scan? Regards, Sam",
        "patient",
        *gp(is_nodule, att("solid"), where=dated("2024-01-01", "2025-12-31")),
    )


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    yield from ask(
        fam,
        "men over 70 with a spiculated nodule",
        "patient",
        *aged(lambda s: sex_is("M")(s) and ref.age(s) > 70, nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "head ct done on a woman aged 50-60 - which patients",
        "patient",
        *aged(lambda s: sex_is("F")(s) and 50 <= ref.age(s) <= 60, head_ct),
    )
    yield from ask(
        fam,
        "patients in their 70s with lung-rads 4b",
        "patient",
        *aged(lambda s: 70 <= ref.age(s) <= 79, cat_in("4B")),
    )
    ptx_p = set(pids(kind("pneumothorax")))
    yield from ask(
        fam,
        "pneumothorax patients split by sex F/M/O",
        "groups",
        _groups([p for p in pats() if p["patient_id"] in ptx_p], lambda p: p["sex"]),
    )
    yield from ask(
        fam,
        "headcount of people whose sex field says O",
        "count",
        sum(p["sex"] == "O" for p in pats()),
    )
    cta_p = set(pids(cta))
    rows = [p for p in pats() if p["patient_id"] in cta_p]
    g = _groups(rows, lambda p: p["sex"])
    yield from ask(fam, "ct angiogram patients by sex, counts", "groups", g)
    yield from ask(
        fam, "ldcts of octogenarians", "study", sids(ldct, lambda s: 80 <= ref.age(s) <= 89)
    )
    yield from ask(
        fam,
        "under-48s (age at the scan) whose scan showed a nodule",
        "patient",
        *aged(lambda s: ref.age(s) < 48, nod()),
    )
    yield from ask(
        fam, "nubmer of men in the whole dataset", "count", sum(p["sex"] == "M" for p in pats())
    )
    yield from ask(
        fam,
        "female patients with a birth date before 1945",
        "patient",
        sorted(
            set(born("1800-01-01", "1944-12-31"))
            & {p["patient_id"] for p in pats() if p["sex"] == "F"}
        ),
    )
    yield from ask(
        fam, "femal pts in whom a mass was found", "patient", pids(kind("mass"), sex_is("F"))
    )
    yield from ask(
        fam,
        "pts aged 60 to 64 with ground glass nodules",
        "patient",
        *aged(lambda s: 60 <= ref.age(s) <= 64, nod(att("ground-glass"))),
    )
    yield from share(
        fam,
        "what percentage of our patients were born before 1970",
        sum(p["birth_date"] < "1970-01-01" for p in pats()),
        len(pats()),
    )
    b61 = [p for p in pats() if p["birth_date"].startswith("1961")]
    yield from share(
        fam,
        "1961 births: what percentage of those people are female",
        sum(p["sex"] == "F" for p in b61),
        len(b61),
    )
    yield from ask(
        fam,
        "patients born in nineteen fifty two with a screening ct",
        "patient",
        sorted(set(born("1952-01-01", "1952-12-31")) & set(pids(ldct))),
    )
    yield from ask(
        fam,
        "patients who were 85 or older when scanned",
        "patient",
        pids(lambda s: ref.age(s) >= 85),
    )
    yield from ask(
        fam,
        "men under 45 with an ldct",
        "patient",
        *aged(lambda s: sex_is("M")(s) and ref.age(s) < 45, ldct),
    )
    yield from ask(
        fam,
        "Which female patients aged 60 to 70 had a CT angiogram?",
        "patient",
        *aged(lambda s: sex_is("F")(s) and 60 <= ref.age(s) <= 70, cta),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield from ask(
        fam, "dx01 studies in 2024, count", "count", count(at_station("DX01"), in_year(2024))
    )
    yield from ask(
        fam,
        "exam volume broken down station by station",
        "groups",
        _groups(studies(), lambda s: s["station"]),
    )
    yield from ask(
        fam, "CT CHEST W CONTRAST exams at CT01", "study", sids(with_contrast, at_station("CT01"))
    )
    yield from ask(
        fam,
        "how many CT ANGIO CHEST PE studies were done in 2025",
        "count",
        count(cta, in_year(2025)),
    )
    yield from ask(
        fam,
        "chest cts done without contrast that had a nodule bigger than 10 mm",
        "study",
        sids(non_contrast_chest, nod(gt("diameter_mm", 10))),
    )
    yield from ask(
        fam, "study counts by modality", "groups", _groups(studies(), lambda s: s["modality"])
    )
    yield from ask(
        fam,
        "where were the head cts acquired - count per staion",
        "groups",
        _groups(_sel(head_ct), lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "been on ct01 but not once on ct02: pts",
        "patient",
        history(some_but_never(at_station("CT01"), at_station("CT02"))),
    )
    yield from ask(
        fam,
        "Hello, for the quarterly report could you tell me how many exams CT02 did in Q3 2025? "
        "Thanks, Mark",
        "count",
        count(at_station("CT02"), quarter(2025, 3)),
    )
    yield from ask(
        fam,
        "station breakdown of ldcts, q4 2024",
        "groups",
        _groups(_sel(both_(ldct, quarter(2024, 4))), lambda s: s["station"]),
    )
    yield from ask(
        fam, "DX01 chset x-rays so far in 2026, number", "count", count(cxr, in_year(2026))
    )
    diag = both_(chest_ct, neg(ldct))
    yield from ask(
        fam,
        "non-screening (diagnostic) chest cts showing a pneumothorax",
        "study",
        sids(diag, kind("pneumothorax")),
    )
    yield from ask(
        fam,
        "2023 studies broken down by description",
        "groups",
        _groups(_sel(in_year(2023)), lambda s: s["description"]),
    )
    yield from ask(
        fam, "head vs chest study counts", "groups", _groups(studies(), lambda s: s["body_part"])
    )
    yield from ask(
        fam,
        "ct angio chest pe studies at CT02 with a pleural effusion",
        "study",
        sids(cta, at_station("CT02"), kind("pleural_effusion")),
    )
    hs = _sel(head_ct)
    yield from share(
        fam,
        "head CTs: what proportion in percent came off CT01",
        sum(s["station"] == "CT01" for s in hs),
        len(hs),
    )
    q4 = _sel(quarter(2023, 4))
    yield from share(
        fam,
        "percentage of Q4 2023 studies performed at CT02",
        sum(s["station"] == "CT02" for s in q4),
        len(q4),
    )
    yield from ask(
        fam,
        "For our QA audit, excluding the chest x-rays, how many studies did each station perform "
        "in Q2 2025?",
        "groups",
        _groups(_sel(both_(neg(cxr), quarter(2025, 2))), lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "number of studies per station in january 2025",
        "groups",
        _groups(_sel(dated("2025-01-01", "2025-01-31")), lambda s: s["station"]),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield from ask(
        fam,
        "right middle lobe nodules over 8mm",
        "study",
        sids(nod(in_lobe("RML"), gt("diameter_mm", 8))),
    )
    yield from ask(
        fam, "ggns located LLL - scans", "study", sids(nod(in_lobe("LLL"), att("ground-glass")))
    )
    yield from ask(
        fam,
        "split the nodule findings by which lobe they sit in, with a count for each",
        "groups",
        _groups(_nod_rows(), lambda f: f["lobe"]),
    )
    yield from ask(
        fam,
        "patients with spiculated nodules in the left upper lobe",
        "patient",
        pids(nod(in_lobe("LUL"), margin("spiculated"))),
    )
    yield from ask(
        fam,
        "one exam with nodules in the RUL as well as in the LUL",
        "study",
        sids(nod(in_lobe("RUL")), nod(in_lobe("LUL"))),
    )
    yield from ask(
        fam,
        "right lung nodules > 15 mm",
        "study",
        sids(nod(in_lobe("RUL", "RML", "RLL"), gt("diameter_mm", 15))),
    )
    yield from ask(
        fam,
        "calcified nodules sitting in the left lower lobe - total number",
        "count",
        _fcount(is_nodule, in_lobe("LLL"), calcified),
    )
    yield from ask(
        fam,
        "RLL vs LLL nodule counts",
        "groups",
        _groups(_nod_rows(in_lobe("RLL", "LLL")), lambda f: f["lobe"]),
    )

    def only_rml(s: Row) -> bool:
        ns = nods(s)
        return bool(ns) and all(f["lobe"] == "RML" for f in ns)

    yield from ask(
        fam,
        "screening cts whose nodules were all confined to the RML",
        "study",
        sids(ldct, only_rml),
    )
    yield from ask(
        fam,
        "rigth upper lobe: part solid nodule present - which exams",
        "study",
        sids(nod(in_lobe("RUL"), att("part-solid"))),
    )
    yield from ask(
        fam,
        "upper lobe nodules (RUL or LUL) of at least 20 mm",
        "finding",
        fids(is_nodule, in_lobe("RUL", "LUL"), ge("diameter_mm", 20)),
    )
    yield from ask(
        fam,
        "lobe breakdwon of spiculated nodules",
        "groups",
        _groups(_nod_rows(margin("spiculated")), lambda f: f["lobe"]),
    )
    yield from ask(
        fam, "pts w nodules in the RML in 2024", "patient", pids(nod(in_lobe("RML")), in_year(2024))
    )
    rml = _nod_rows(in_lobe("RML"))
    yield from share(
        fam,
        "what percentage of RML nodules are solid",
        sum(f["attenuation"] == "solid" for f in rml),
        len(rml),
    )
    lll = _nod_rows(in_lobe("LLL"))
    yield from share(
        fam,
        "percent of left lower lobe nodules that are part-solid",
        sum(f["attenuation"] == "part-solid" for f in lll),
        len(lll),
    )
    yield from ask(
        fam,
        "LUL: average nodule diameter in mm",
        "value",
        _mean_field(_nod_rows(in_lobe("LUL")), "diameter_mm"),
    )
    yield from ask(
        fam,
        "Which studies have a solid nodule larger than 12 mm in the left lower lobe?",
        "study",
        sids(nod(in_lobe("LLL"), att("solid"), gt("diameter_mm", 12))),
    )


def features(rng: random.Random) -> Rows:
    fam = "features"
    yield from ask(
        fam,
        "exams from CT02 during 2025 with a calcified nodule",
        "study",
        sids(nod(calcified), at_station("CT02"), in_year(2025)),
    )
    yield from ask(
        fam,
        "studies: solid, non-calcified nodule, size > 8 mm",
        "study",
        sids(nod(uncalcified, att("solid"), gt("diameter_mm", 8))),
    )
    yield from ask(
        fam,
        "attenuation breakdown of nodules",
        "groups",
        _groups(_nod_rows(), lambda f: f["attenuation"]),
    )
    yield from ask(
        fam,
        "margin breakdown of nodules found in 2025",
        "groups",
        _groups(_nod_rows(where=in_year(2025)), lambda f: f["margin"]),
    )
    yield from ask(
        fam,
        "part-solid nodule with spiculated margins, which exams",
        "study",
        sids(nod(margin("spiculated"), att("part-solid"))),
    )
    yield from ask(
        fam,
        "patients with lobulated ggns",
        "patient",
        pids(nod(margin("lobulated"), att("ground-glass"))),
    )
    yield from ask(
        fam,
        "tiny smooth solid nodules (below 4 mm) - studies",
        "study",
        sids(nod(margin("smooth"), att("solid"), lt("diameter_mm", 4))),
    )
    yield from ask(
        fam,
        "CT01 2026 scans featuring a subsolid nodule",
        "study",
        sids(nod(subsolid), at_station("CT01"), in_year(2026)),
    )
    yield from ask(
        fam,
        "how many nodules have spiculated margins and how many smooth, side by side",
        "groups",
        _groups(
            _nod_rows(lambda f: f["margin"] in ("spiculated", "smooth")), lambda f: f["margin"]
        ),
    )
    yield from ask(
        fam, "total calcified nodules in the database", "count", _fcount(is_nodule, calcified)
    )
    yield from ask(fam, "spicualted masses", "study", sids(kind("mass", margin("spiculated"))))
    solid = _nod_rows(att("solid"))
    yield from share(
        fam,
        "% of solid nodules with a smooth margin",
        sum(f["margin"] == "smooth" for f in solid),
        len(solid),
    )
    yield from ask(
        fam,
        "ground glass nodules with lobulated margins over 10mm",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"), gt("diameter_mm", 10))),
    )
    yield from ask(
        fam,
        "part-solid nodules with a smooth margin, which patients",
        "patient",
        pids(nod(att("part-solid"), margin("smooth"))),
    )
    yield from ask(
        fam,
        "ground glass nodules grouped by margin type with counts",
        "groups",
        _groups(_nod_rows(att("ground-glass")), lambda f: f["margin"]),
    )
    yield from ask(
        fam,
        "scans of women that show calcifeid nodules",
        "study",
        sids(nod(calcified), sex_is("F")),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    multi = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 3]
    p1 = pick(rng, multi)
    yield from ask(
        fam,
        f"span in days covered by {p1}, earliest exam to most recent exam",
        "value",
        float(_span_days(p1) or 0),
    )
    yield from ask(
        fam,
        "on average how many days pass between one ldct and the next for the same person",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(ldct)]),
    )
    yield from ask(
        fam,
        "median gap in days between a patient's consecutve studies",
        "value",
        median_of([float(g) for g in _consecutive_gaps(ALL)]),
    )
    yield from ask(
        fam,
        "who has been followed for longer than 28 months (first to last study)",
        "patient",
        _followed(28, False),
        _followed_days(28 * 30, False),
        _followed_days(28 * 365 // 12, False),
    )
    yield from ask(
        fam,
        "people with 32 months or more from their first study to their latest",
        "patient",
        _followed(32, True),
        _followed_days(round(32 * 365 / 12), True),
    )

    def gap_under(days: int) -> list[str]:
        return history(
            lambda mine: any(
                days_between(a["study_date"], b["study_date"]) < days
                for a, b in itertools.pairwise(mine)
            )
        )

    yield from ask(
        fam,
        "patients with two consecutive studies less than 320 days apart",
        "patient",
        gap_under(320),
    )
    pair_p = pick(rng, [p for p in multi if len({s["study_date"] for s in own(p)}) == len(own(p))])
    a, b = own(pair_p)[0], own(pair_p)[-1]
    yield from ask(
        fam,
        f"number of days separating acc {a['accession']} from acc {b['accession']}",
        "value",
        float(days_between(a["study_date"], b["study_date"])),
    )
    two = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 2]
    yield from ask(
        fam,
        "average days from first to latest study for patients scanned more than once",
        "value",
        mean_of([float(_span_days(p) or 0) for p in two]),
    )
    p2 = pick(rng, [p for p in multi if sum(map(ldct, own(p))) >= 3])
    yield from ask(
        fam,
        f"time in days between the first and last ldct of {p2}",
        "value",
        float(_span_days(p2, ldct) or 0),
    )

    def lr3_followed(months: int) -> list[str]:
        out = []
        for s in studies():
            if ldct(s) and category(s) == "3":
                end = months_on(s["study_date"], months)
                for t in own(s["patient_id"]):
                    if s["study_date"] < t["study_date"] <= end and chest_ct(t):
                        out.append(s["patient_id"])
        return sorted(set(out))

    def lr3_followed_ld(months: int) -> list[str]:
        out = []
        for s in studies():
            if ldct(s) and category(s) == "3":
                end = months_on(s["study_date"], months)
                for t in own(s["patient_id"]):
                    if s["study_date"] < t["study_date"] <= end and ldct(t):
                        out.append(s["patient_id"])
        return sorted(set(out))

    yield from ask(
        fam,
        "patients with a lung-rads 3 ldct who had a follow-up chest ct within 11 months",
        "patient",
        lr3_followed(11),
        lr3_followed_ld(11),
    )

    def second_gap(mine: list[Row], days: int) -> bool:
        return len(mine) >= 2 and days_between(mine[0]["study_date"], mine[1]["study_date"]) > days

    yield from ask(
        fam,
        "how many patients waited more than 400 days between their first and second study",
        "count",
        len(history(lambda mine: second_gap(mine, 400))),
    )
    yield from ask(
        fam,
        "median days between consecutive chest x-rays",
        "value",
        median_of([float(g) for g in _consecutive_gaps(cxr)]) if _consecutive_gaps(cxr) else None,
    )
    yield from ask(
        fam,
        "longest gap in days between two consecutive head cts of one patient",
        "value",
        float(max(_consecutive_gaps(head_ct))) if _consecutive_gaps(head_ct) else None,
    )
    yield from ask(
        fam,
        "Hi, quick one: how many patients have more than 2 years between their first and most "
        "recent scan? Thanks",
        "count",
        len(_followed(24, False)),
        len(_followed_days(730, False)),
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
    print(len(items), "questions;", "LEFT_OUT:", LEFT_OUT)
