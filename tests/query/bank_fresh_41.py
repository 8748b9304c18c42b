"""Held-out part 41 of the question bank: cohort questions typed as everyone who asks types them.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version") and its
"Reports" section up to "How well it reads" (not the reader's measurements nor the lists of
misses, fixes and limits), :mod:`question_bank` (the :class:`Item` type, its helpers and its
scoring function ``_matches``, for the form of a "value" or "groups" answer),
:mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the cohort,
imported here), and ``bank_fresh_24.py`` for its format, module docstring and helper functions
only, not its questions. The reader's code (``query/``), ``appliance/``, the tests
(``test_*.py``), ``family_reading.py`` and the other parts' questions were not opened, and the
engine was never run on these questions: they were frozen (committed) before any was put to it,
and none is to be changed to suit it afterwards. Their texts were compared with
``dev_queries.jsonl``, with parts 22 to 40 (loaded through their ``bank()``, never read) and with
every question of ``question_bank.bank()`` and ``question_bank.ungated_bank()`` by a throwaway
script that printed only this part's matches (word for word after lower-casing and dropping
punctuation, or a word overlap of 75 % or more of the longer question): 79 matched (7 word for
word) and were reworded, 9 rewordings matched again, then 4, then 1, and were reworded again;
none is left, and no question of this part repeats or overlaps another of it (:func:`bank`
refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 230 in all):
identifiers [16] (a patient's studies, a patient's number of scans, an accession's patient, every
finding of an accession, the nodule findings of a study UID, a UID's patient, a latest LDCT, the
baseline chest CTs of two patients, nodules on a first screening CT, three accessions' patients,
an unknown MRN, a patient's chest x-rays, a patient's 2 most recent studies, the findings of an
accession counted, "pt #", the largest nodule on an accession); dates [18] ("3rd quarter of
'25", "september 2025 onwards", a month range, an ISO range, slashed days, a decade of birth,
births after a slashed day, the past N days, "this year", "last years", "H2 2024", "since March",
"more than 3 years old", "on ... or later", DICOM days, "born on or before", "june 2023 through
january 2024", two birth years); numbers [17] (under a centimeter, an inclusive mm range, a cm
range, HU below a negative number, "HU -100 thru +50", confidence below 0.6 and a confidence
range, solid component, volume in mm3, long and short axis, masses over "three centimetres", "at
most 4mm", "> 25 mm" findings, "twelve point five", HU "minus seven hundred to minus five
hundred", "half a cm to 7 mm"); counts [16] (exactly 3 and exactly one nodule, 4+ and exactly 1
exam per patient, 3+ LDCTs, more than 3 on one scan, fewer than 2 chest x-rays, 2-3 head CTs, one
nodule across 4+ exams, zero findings, zero nodules, exactly 2 screening CTs, 2+ CT angiograms,
at least 5 findings, fewer than two nodules, scanned 3+ times); set logic [16] ("both ... and",
"but never", "never got", "no ... ever", two findings "on one ct", "and another one in",
"never had any study on", "excluding anyone with", "never diagnosed with", report concept and
never a nodule finding); Lung-RADS [17] (a category, "3 or higher", "peaked at", breakdowns of
a year's and a quarter's LDCTs, "2 or better", a study of each of two categories, "bumped from 2
up to 4A", "went up vs the prior exam", "max ... on record", "below 3", "lr 4", "3 vs 4a", a
spoken category, "at some point but never 4b or 4x", a share of a quarter's LDCTs, "4b or
worse"); rankings and top-N [14] (largest nodules, patients by number of nodules and of ggns,
earliest birth dates, most recent x-rays, lowest HU, most confident pneumothoraces, largest
volume, solid component, least recent head CTs, long axis of lesions, the largest mass, densest,
effusions by confidence); aggregates and percentages [17] (mean / median diameter, volume (mm3,
cc), HU, confidence, long axis in cm, solid component, nodules per LDCT and per female patient;
shares of a month's studies, of a birth year's patients, of a lobe's and attenuation's nodules,
of a year's LDCTs at a station, of ggns of 6 mm or more, of a year's CT angiograms with a
pneumothorax); report concepts with negation [15] (emphysema, lymphadenopathy, "enlarged lymph
nodes", coronary calcification, granuloma; "negative for", "document no", "w/o", "no ... on the
report", "never reported with", "or a mass", "mentioned but never", "emphysma"); growth / new /
stable [14] (grown since the prior, more than 3 mm, at least 2 and 4 mm, over 2.5 mm in a lobe,
newly detected in a year, a new ggn, stable nodules in a lobe and stable part-solid nodules at a
station, new nodules "excluding masses" / "not masses", never any growth); demographics [16]
(ages with a kind of study or finding, an age range, "octogenarians", "sexagenarian", "in their
60s", births before a year said aloud, sex counts, sex "other", "M/F/O split", "female vs male",
"men versus women", "womens cxrs", younger than 40 at a scan); modality / description /
station [16] (DX01, CT01, CT02, "see tee oh two", "ctpas", "pe cts", "radiographs", a
description quoted, "non contrast head cts", "diagnostic chest cts", station and modality and
body-part breakdowns, a station count pasted in an e-mail); lobes [13] (each lobe by abbreviation
and name, a breakdown by lobe, two comparisons of lobes, "or", "only", bilateral); attenuation /
margin / calcification [16] (spiculated, lobulated, smooth, calcified and not, subsolid, part-solid
solid component, breakdowns by attenuation and margin, spiculated vs smooth); intervals [9] (days
first to latest study, LDCT and head CT of one patient, days between two accessions, the mean and
median gaps between consecutive studies, follow-up longer than 30 months and of at least 2 years).
The styles are mixed in roughly equal shares: a radiologist's shorthand ("psn", "ggo", "lr",
"nods", "w/o", "acc#", "f/u", "cxrs"), a nurse's or clinician's full sentences, a screening
coordinator's Lung-RADS over time, a manager's counts per station, quarter and month, a data
scientist's inclusive ranges, means and medians, search-box keywords ("lobulated ggo scans"),
dictated numbers ("twenty twenty four", "see tee oh two", "minus seven hundred"), and questions
pasted in an e-mail with a greeting and a sign-off. 27 questions (about one in eight) carry a
hurried typist's slip ("accesion", "evrey", "nodlues", "exatcly", "patietns", "atleast",
"patinets", "sollid", "diamter", "pnuemothorax", "calcificaton", "studeis", "emphysma",
"grwoing", "paitents", "yonger", "radiograhps", "consolidaton", "masess", "rigth", "margnis",
"calcifed", "screeing", "lungrads", "womens", "last years"); their answers are what they plainly
mean. About one in five asks about groups (19 breakdowns and comparisons, 8 shares, 14 rankings).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions and UIDs, a size range; a ranking's number is the first from the one written whose
boundary has no tie, a percentage the first of a list of candidates (months, birth years, lobes
and attenuations, years, quarters and categories) that is neither 0 nor 100 % and lies within
0.005 of a tenth, and a relative span the first whose readings agree. Expected answers are
computed here in plain Python with the documented conventions written out by hand. Where the
conventions do not settle a reading the question is asked only when the competing readings give
the same answer (:func:`ask`; ``LEFT_OUT`` lists any that do not as the bank is built, and is
empty for this seed): the first day of "the past N days" and the boundary day of "more than 3
years old" and of "follow up longer than 30 months"; a track that was a mass from its first study
counted or not as a new or stable nodule, and a change taken in floating point or to 0.1 mm; a
nodule across N exams counting a mass on its track or not; an age (with a sex) and another
condition on one study or each on some study; a follow-up of "at least 2 yrs" as 24 calendar
months or 730 days. Drafts replaced before freezing because their readings disagreed: "ldcts in
the last 90 days" (asked at 75 days), "stable ggns on scans from CT01" (asked of part-solid
nodules), "octogenarians with a pneumothorax" (asked with a calcified nodule), "patients
followed for more than 3 years" (calendar years or 365 days; asked as 30 months), "ldcts with a
new ggn", "new nodules > 6 mm" and "pts w new spiculated nodules" (the mass-from-start track;
asked of 2024, or with "excluding masses" / "not masses", the Conventions' reading that leaves
it out). Drafts whose answers were empty by accident were replaced: "pts scanned at least 5
times", "both a head ct and a chest xray" and "both a ct angio and a chest xray" (the patients
with chest x-rays have no other study), "how many spiculated nodules are calcified" and
"calcified ground glass nodules" (only solid nodules are calcified), "octogenarians with a mass".
Readings taken: "screening ct", "low dose (screening) ct" and "ldct" are the CT CHEST LOW DOSE
LUNG SCREENING studies; "ct angio(gram)s", "ctpas", "pe cts" and "ct pe scans" the CT ANGIO CHEST
PE studies; "chest x-rays", "cxrs" and "radiographs" the DX studies; "non-contrast head CTs" every
head CT (all are W/O CONTRAST); "diagnostic chest cts" the chest CTs that are not LDCTs; "latest
imaging" a patient's latest study; a breakdown or comparison of nodules counts nodule findings,
of studies or x-rays studies, "M/F/O split of the whole cohort" patients, and "female vs male"
and "men versus women" leave out the third sex; a Lung-RADS breakdown lists only the categories
that occur; "on one ct" is one CT of any kind; "fewer than 2 chest x-rays" takes in patients with
none; "2 most recent studies of" one patient are that patient's; "reports negative for X" and
"document no X" are the denied reading, "w/o X" and "no X on the report" no affirmed mention;
"mean # of nodules per patient" of female patients is over every female patient. One answer is
empty on purpose (an unknown MRN, P00777).

Scored alone with ``python tests/query/question_bank.py --part held_out_41 -v`` once wired in.
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

PART = "held_out_41"
SEED = 4141

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


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    f = "identifiers"
    multi = _pool(lambda p: len(own(p)) >= 3)
    p1 = pick(rng, multi)
    yield _q(
        f,
        f"{p1}: show me all their imaging studies",
        "study",
        sorted(s["study_uid"] for s in own(p1)),
    )
    p2 = pick(rng, multi)
    yield _q(f, f"{p2} total scans?", "count", len(own(p2)))
    s1 = pick(rng, studies())
    yield _q(f, f"acc# {s1['accession']} belongs to which pt", "patient", [s1["patient_id"]])
    s2 = pick(rng, [s for s in studies() if len(fo(s)) >= 2])
    yield _q(
        f,
        f"Could you list every finding (any kind) recorded on accession {s2['accession']}?",
        "finding",
        sorted(x["finding_id"] for x in fo(s2)),
    )
    s3 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield _q(
        f,
        f"which nodule findings were recorded on the study with UID {s3['study_uid']}",
        "finding",
        sorted(x["finding_id"] for x in nods(s3)),
    )
    s4 = pick(rng, studies())
    yield _q(f, f"uid {s4['study_uid']} -- whose scan is this", "patient", [s4["patient_id"]])
    p3 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 2))
    yield _q(f, f"{p3}'s most recent ldct", "study", _uid(_latest(p3, ldct)))
    two = [pick(rng, _pool(lambda p: _count_in(p, chest_ct) >= 2)) for _ in range(2)]
    yield _q(
        f,
        f"baseline chest CT for {two[0]} and {two[1]}",
        "study",
        sorted({u for p in two for u in _uid(_first(p, chest_ct))}),
    )
    p4 = pick(rng, _pool(lambda p: any(nods(s) for s in own(p) if ldct(s))))
    first4 = _first(p4, ldct)
    yield _q(
        f,
        f"how many nodules did {p4} have on their first screening ct",
        "count",
        0 if first4 is None else len(nods(first4)),
    )
    three = [pick(rng, studies()) for _ in range(3)]
    yield _q(
        f,
        f"accessions {three[0]['accession']}, {three[1]['accession']} and "
        f"{three[2]['accession']}: what patients",
        "patient",
        sorted({s["patient_id"] for s in three}),
    )
    yield _q(f, "MRN P00777 - any studies?", "study", [])
    p5 = pick(rng, _pool(lambda p: _count_in(p, cxr) >= 1))
    yield _q(
        f,
        f"Please pull up the chest x-rays for patient {p5}.",
        "study",
        sorted(s["study_uid"] for s in own(p5) if cxr(s)),
    )
    p6 = pick(rng, _pool(lambda p: len(own(p)) >= 4))
    yield _q(
        f,
        f"the 2 most recent studies of {p6}",
        "study",
        sorted(s["study_uid"] for s in own(p6)[-2:]),
    )
    s5 = pick(rng, [s for s in studies() if fo(s)])
    yield _q(f, f"how many findings on acc {s5['accession']}", "count", len(fo(s5)))
    p7 = pick(rng, _pool(lambda p: len(own(p)) >= 2))
    yield _q(
        f,
        f"pt # {p7} latest imaging",
        "study",
        _uid(_latest(p7, ALL)),
    )

    def unique_max(s: Row) -> bool:
        sizes = sorted((x["diameter_mm"] for x in nods(s)), reverse=True)
        return len(sizes) >= 2 and sizes[0] > sizes[1]

    s6 = pick(rng, [s for s in studies() if unique_max(s)])
    yield _q(
        f,
        f"largest nodule finding on accesion {s6['accession']}",
        "finding",
        [max(nods(s6), key=lambda x: x["diameter_mm"])["finding_id"]],
    )


def dates(rng: random.Random) -> Rows:
    f = "dates"
    yield _q(f, "# of ldcts in the 3rd quarter of '25", "count", count(ldct, quarter(2025, 3)))
    yield _q(f, "evrey scan done september 2025 onwards", "study", sids(dated("2025-09-01", AS_OF)))
    yield _q(
        f,
        "chest x-rays between Nov 2024 and Feb 2025",
        "study",
        sids(cxr, dated("2024-11-01", "2025-02-28")),
    )
    yield _q(
        f,
        "studies dated 2024-02-10 to 2024-03-05",
        "study",
        sids(dated("2024-02-10", "2024-03-05")),
    )
    yield _q(
        f, "head cts before 3/1/2024", "study", sids(head_ct, dated("2000-01-01", "2024-02-29"))
    )
    yield _q(f, "pts with a DOB in the 1940s", "patient", born("1940-01-01", "1949-12-31"))
    yield _q(f, "patients with a DOB after 12/31/1979", "patient", born("1980-01-01", "2099-12-31"))
    for n in (90, 75, 60, 100, 45, 120, 30):
        a = sids(ldct, dated(shift(AS_OF, -n), AS_OF))
        if a == sids(ldct, dated(shift(AS_OF, -n + 1), AS_OF)):
            yield _q(f, f"low-dose screening cts performed within the past {n} days", "study", a)
            break
    yield _q(f, "total exams performed this year", "count", count(dated("2026-01-01", AS_OF)))
    yield _q(f, "last years cxrs", "study", sids(cxr, in_year(2025)))
    yield _q(
        f,
        "H2 2024 CT angiograms, how many?",
        "count",
        count(cta, dated("2024-07-01", "2024-12-31")),
    )
    yield _q(f, "ct pe scans since March", "study", sids(cta, dated("2026-03-01", AS_OF)))
    yield from ask(
        f,
        "non-contrast head CTs that are more than 3 years old",
        "study",
        sids(head_ct, lambda s: s["study_date"] < months_on(AS_OF, -36)),
        sids(head_ct, lambda s: s["study_date"] <= months_on(AS_OF, -36)),
    )
    yield _q(
        f,
        "exams on 2025-07-15 or later at DX01",
        "study",
        sids(at_station("DX01"), dated("2025-07-15", AS_OF)),
    )
    yield _q(
        f, "studies between 20240101 and 20240131", "study", sids(dated("2024-01-01", "2024-01-31"))
    )
    women = set(born("1900-01-01", "1945-06-30"))
    yield _q(
        f,
        "Good morning, can someone identify the women born on or before 1945-06-30? "
        "Regards, screening office",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "F" and p["patient_id"] in women),
    )
    yield _q(
        f,
        "screening cts from june 2023 through january 2024 count",
        "count",
        count(ldct, dated("2023-06-01", "2024-01-31")),
    )
    yield _q(
        f,
        "pts whose date of birth falls in 1960 or 1961",
        "patient",
        born("1960-01-01", "1961-12-31"),
    )


def numbers(rng: random.Random) -> Rows:
    f = "numbers"
    d = "diameter_mm"
    yield _q(f, "any nodule smaller than a centimeter - which scans", "study", sids(nod(lt(d, 10))))
    lo = pick(rng, [5, 6, 7])
    yield _q(
        f,
        f"solid nods between {lo} and {lo + 2} mm inclusive",
        "study",
        sids(nod(att("solid"), within(d, lo, lo + 2))),
    )
    yield _q(
        f, "ggns from 0.5 to 1.5 cm", "study", sids(nod(att("ground-glass"), within(d, 5, 15)))
    )
    yield _q(
        f,
        "nodule findings with a mean density lower than -650 HU",
        "finding",
        fids(is_nodule, lt("mean_hu", -650)),
    )
    yield _q(
        f,
        "HU -100 thru +50 nodules, which pts",
        "patient",
        pids(nod(within("mean_hu", -100, 50))),
    )
    yield _q(
        f,
        "number of findings of any kind whose confidence is below 0.6",
        "count",
        len(fids(lt("confidence", 0.6))),
    )
    yield _q(f, "nodules w conf 0.75-0.85", "study", sids(nod(within("confidence", 0.75, 0.85))))
    yield _q(
        f,
        "psn with solid component ≥ 6 mm",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield _q(
        f,
        "scans with a nodule of volume above 1000 mm3",
        "study",
        sids(nod(gt("volume_mm3", 1000))),
    )
    yield _q(
        f,
        "lesions whose long axis is at least 20mm",
        "study",
        sids(lesion(ge("long_axis_mm", 20))),
    )
    yield _q(
        f,
        "nodule findings w short axis under 4 mm, count",
        "count",
        len(fids(is_nodule, lt("short_axis_mm", 4))),
    )
    yield _q(
        f,
        "studies showing a mass of more than three centimetres",
        "study",
        sids(kind("mass", gt(d, 30))),
    )
    yield _q(f, "nodlues at most 4mm", "study", sids(nod(le(d, 4))))
    yield _q(f, "how many findings > 25 mm", "count", len(fids(gt(d, 25))))
    yield _q(
        f,
        "nodules larger than twelve point five millimeters",
        "study",
        sids(nod(gt(d, 12.5))),
    )
    yield _q(
        f,
        "ground glass nodules with mean attenuation from minus seven hundred to minus five hundred",
        "study",
        sids(nod(att("ground-glass"), within("mean_hu", -700, -500))),
    )
    yield _q(
        f,
        "scans with spiculated nodules measuring from half a cm to 7 mm",
        "study",
        sids(nod(margin("spiculated"), within(d, 5, 7))),
    )


def counts(rng: random.Random) -> Rows:
    f = "counts"
    yield _q(f, "ldcts with exatcly three nodules", "study", sids(ldct, _n_nods(lambda k: k == 3)))
    yield _q(
        f,
        "count of exams where exactly one nodule was found",
        "count",
        count(_n_nods(lambda k: k == 1)),
    )
    yield _q(
        f,
        "patients who have four or more exams on record",
        "patient",
        _per_patient(ALL, lambda k: k >= 4),
    )
    yield _q(
        f, "patients that had exactly one exam", "patient", _per_patient(ALL, lambda k: k == 1)
    )
    yield _q(
        f,
        "how many people have had three or more low-dose screening CTs",
        "count",
        len(_per_patient(ldct, lambda k: k >= 3)),
    )
    yield _q(
        f,
        "chest cts with more than 3 nods on one scan",
        "study",
        sids(chest_ct, _n_nods(lambda k: k > 3)),
    )
    yield _q(
        f,
        "How many patients had fewer than 2 chest x-rays?",
        "count",
        len(_per_patient(cxr, lambda k: k < 2)),
    )
    yield _q(
        f,
        "patietns with between 2 and 3 head cts",
        "patient",
        _per_patient(head_ct, lambda k: 2 <= k <= 3),
    )
    yield from ask(
        f,
        "a single nodule seen across 4 or more exams - which patients",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(f, "studies with zero findings, count", "count", count(lambda s: not fo(s)))
    yield _q(f, "low dose cts showing zero nodules", "study", sids(ldct, _n_nods(lambda k: k == 0)))
    yield _q(
        f,
        "Dear all, please send me the patients with exactly 2 screening cts. Best, R.",
        "patient",
        _per_patient(ldct, lambda k: k == 2),
    )
    yield _q(f, "pts w 2 or more ct angiograms", "patient", _per_patient(cta, lambda k: k >= 2))
    yield _q(f, "studies with atleast 5 findings", "study", sids(lambda s: len(fo(s)) >= 5))
    yield _q(
        f,
        "number of ldcts that had fewer than two nodules",
        "count",
        count(ldct, _n_nods(lambda k: k < 2)),
    )
    yield _q(
        f,
        "pts who've been scanned 3 or more times",
        "patient",
        _per_patient(ALL, lambda k: k >= 3),
    )


def set_logic(rng: random.Random) -> Rows:
    f = "set_logic"
    yield _q(
        f,
        "patients with both a mass and a ground-glass nodule",
        "patient",
        history(each_on_some(kind("mass"), nod(att("ground-glass")))),
    )
    yield _q(
        f,
        "patients who had a pneumothorax but never a pleural effusion",
        "patient",
        history(some_but_never(kind("pneumothorax"), kind("pleural_effusion"))),
    )
    yield _q(f, "which patinets never got a low dose screening ct", "patient", _never(ldct))
    yield _q(
        f,
        "patients with spiculated nodules but no calcified nodule ever",
        "patient",
        history(some_but_never(nod(margin("spiculated")), nod(calcified))),
    )
    yield _q(
        f,
        "who had both a ct angio and a non-contrast chest ct",
        "patient",
        history(each_on_some(cta, non_contrast_chest)),
    )
    yield _q(
        f,
        "Could you identify the patients who have had both a psn and a ggn?",
        "patient",
        history(each_on_some(nod(att("ground-glass")), nod(att("part-solid")))),
    )
    yield _q(
        f,
        "patients with a solid nodule and a gg nodule on one ct",
        "patient",
        pids(nod(att("solid")), nod(att("ground-glass"))),
    )
    yield _q(
        f,
        "pts who had an exam in 2023 and another one in 2026",
        "patient",
        history(each_on_some(in_year(2023), in_year(2026))),
    )
    yield _q(
        f, "patients who have never had any study on ct01", "patient", _never(at_station("CT01"))
    )
    yield _q(
        f,
        "female patients with no nodule ever",
        "patient",
        sorted(set(_never(nod())) & {p["patient_id"] for p in pats() if p["sex"] == "F"}),
    )
    yield _q(
        f,
        "patients with emphysema mentioned in their report who have never had a nodule",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield _q(
        f,
        "patients who had a CT angio but never a head CT",
        "patient",
        history(some_but_never(cta, head_ct)),
    )
    yield _q(f, "pts never diagnosed with a mass", "patient", _never(kind("mass")))
    yield _q(
        f,
        "excluding anyone with a pneumothorax, which patients had a ct angiogram",
        "patient",
        history(some_but_never(cta, kind("pneumothorax"))),
    )
    yield _q(
        f,
        "patinets who had both calcified nodules and spiculated nodules",
        "patient",
        history(each_on_some(nod(calcified), nod(margin("spiculated")))),
    )
    yield _q(
        f,
        "how many pts had a consolidation and never a nodule",
        "count",
        len(history(some_but_never(kind("consolidation"), nod()))),
    )


def lung_rads(rng: random.Random) -> Rows:
    f = "lung_rads"
    yield _q(f, "screening cts categorised lung-rads 4B", "study", sids(ldct, cat_in("4B")))
    yield _q(
        f,
        "how many chest cts were lung-rads 3 or higher in 2025",
        "count",
        count(chest_ct, in_year(2025), cat_in("3", *LR4)),
    )
    yield _q(
        f,
        "lung-rads peaked at 4A for which pts",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    yield _q(
        f,
        "Lung-RADS breakdown of the 2024 screening CTs",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2024)(s)], category),
    )
    yield _q(
        f,
        "category 2 or better screening scans in Q1 2026, count",
        "count",
        count(ldct, quarter(2026, 1), cat_in("1", "2")),
    )
    yield _q(
        f,
        "patients with both a lung-rads 2 and a lung-rads 4x scan",
        "patient",
        history(each_on_some(cat_in("2"), cat_in("4X"))),
    )
    yield _q(
        f,
        "scans bumped from lung-rads 2 up to 4A",
        "study",
        sids(went_from("2", ("4A",))),
    )
    yield _q(f, "ldcts whose lung-rads went up vs the prior exam", "study", sids(ldct, went(1)))
    yield _q(
        f,
        "count of patients with a max lung-rads category on record of 1",
        "count",
        len(history(lambda mine: highest(mine) == "1")),
    )
    yield _q(
        f,
        "lung-rads below 3 ldcts done at ct02",
        "study",
        sids(ldct, at_station("CT02"), cat_in("1", "2")),
    )
    yield _q(
        f,
        "men with lr 4 on any scan",
        "patient",
        pids(sex_is("M"), cat_in(*LR4)),
    )
    yield _q(
        f,
        "lung-rads 3 vs 4a ldcts",
        "groups",
        _groups([s for s in studies() if ldct(s) and cat_in("3", "4A")(s)], category),
    )
    yield _q(
        f,
        "how many ldcts were lung rads one in twenty twenty three",
        "count",
        count(ldct, in_year(2023), cat_in("1")),
    )
    yield _q(
        f,
        "pts lr 4a at some point but never 4b or 4x",
        "patient",
        history(some_but_never(cat_in("4A"), cat_in("4B", "4X"))),
    )
    for y, q, c in [(y, q, c) for y in (2025, 2024, 2023) for q in (1, 2, 3, 4) for c in LR4]:
        whole = [s for s in studies() if ldct(s) and quarter(y, q)(s)]
        share = _share(sum(1 for s in whole if category(s) == c), len(whole))
        if share is not None:
            yield _q(f, f"what % of Q{q} {y} ldcts were lung-rads {c.lower()}", "value", share)
            break
    else:
        LEFT_OUT.append("what % of <quarter> ldcts were lung-rads <category>")
    yield _q(
        f,
        "lung-rads distribution of ldcts done at ct02 in Q3 2026",
        "groups",
        _groups(
            [s for s in studies() if ldct(s) and at_station("CT02")(s) and quarter(2026, 3)(s)],
            category,
        ),
    )
    yield _q(
        f,
        "lungrads 4b or worse chest cts at CT01 in 2024",
        "study",
        sids(chest_ct, at_station("CT01"), in_year(2024), cat_in("4B", "4X")),
    )


def rankings(rng: random.Random) -> Rows:
    f = "rankings"
    d = "diameter_mm"

    def finding_rank(question: str, rows: list[Row], key: Callable[[Row], Any], n: int) -> Rows:
        """The ranking at ``n`` or, tied there, at the first untied count up to 8 (``{n}``)."""
        for k in range(n, 9) if "{n}" in question else (n,):
            got = top(rows, key, k, "finding_id")
            if got is not None:
                yield _q(
                    f,
                    question.format(n=WORDS.get(k, k) if "{n}" in question else k),
                    "finding",
                    got,
                )
                return
        LEFT_OUT.append(question)

    nodule_rows = _nod_rows()
    yield from finding_rank(
        "give me the five biggest nodule findings by size", nodule_rows, lambda r: -r[d], 5
    )
    by_nods = _patient_rows(lambda p: sum(len(nods(s)) for s in own(p)))
    got = _ranked(by_nods, lambda r: r["k"], "patient_id", 3)
    if got:
        yield _q(
            f,
            f"sort the patients by number of nodules and give me the top {got[0]}",
            "patient",
            got[1],
        )
    women = [
        {"patient_id": p["patient_id"], "k": p["birth_date"]} for p in pats() if p["sex"] == "F"
    ]
    got = _ranked(women, lambda r: r["k"], "patient_id", 4)
    if got:
        yield _q(
            f,
            f"the {W.get(got[0], got[0])} female patients with the earliest birth dates",
            "patient",
            got[1],
        )
    cx = [s for s in studies() if cxr(s)]
    got = _ranked(cx, lambda s: -_by_day(s), "study_uid", 3)
    if got:
        yield _q(
            f,
            f"which {W.get(got[0], got[0])} chest x-rays were done most recently",
            "study",
            got[1],
        )
    yield from finding_rank(
        "the {n} nodules with the lowest HU", nodule_rows, lambda r: r["mean_hu"], 2
    )
    yield from finding_rank(
        "pneumothorax findings with the highest confidence, top {n}",
        _kind_rows("pneumothorax"),
        lambda r: -r["confidence"],
        2,
    )
    yield from finding_rank(
        "four ground-glass nodules with the largest volume",
        _nod_rows(att("ground-glass")),
        lambda r: -r["volume_mm3"],
        4,
    )
    yield from finding_rank(
        "rank part-solid nodules by solid component size and give me the top 3",
        _nod_rows(att("part-solid")),
        lambda r: -r["solid_component_mm"],
        3,
    )
    per_ldct = [{"study_uid": s["study_uid"], "k": -len(nods(s))} for s in studies() if ldct(s)]
    got = _ranked(per_ldct, lambda r: r["k"], "study_uid", 2)
    if got:
        yield _q(f, f"which {got[0]} ldcts have the most nodules", "study", got[1])
    heads = [s for s in studies() if head_ct(s)]
    got = _ranked(heads, _by_day, "study_uid", 2)
    if got:
        yield _q(f, f"which {got[0]} head cts were done least recently", "study", got[1])
    by_studies = _patient_rows(lambda p: len(own(p)))
    got = _ranked(by_studies, lambda r: r["k"], "patient_id", 5)
    if got:
        yield _q(f, f"top {got[0]} patients by number of studies", "patient", got[1])
    yield from finding_rank(
        "lesions, top {n} by long axis",
        [r for r in findings() if r["kind"] in ("nodule", "mass")],
        lambda r: -r["long_axis_mm"],
        3,
    )
    yield from finding_rank("the single largest mass", _kind_rows("mass"), lambda r: -r[d], 1)
    yield from finding_rank(
        "the 3 densest sollid nodules",
        _nod_rows(att("solid")),
        lambda r: -r["mean_hu"],
        3,
    )
    yield from finding_rank(
        "rank the pleural effusions by confidence, top 2",
        _kind_rows("pleural_effusion"),
        lambda r: -r["confidence"],
        2,
    )
    gg_pats = _patient_rows(lambda p: sum(len(nods(s, att("ground-glass"))) for s in own(p)))
    got = _ranked(gg_pats, lambda r: r["k"], "patient_id", 2)
    if got:
        yield _q(f, f"{got[0]} pts with the most ground glass nodules", "patient", got[1])


def stats(rng: random.Random) -> Rows:
    f = "aggregates"
    d = "diameter_mm"

    def share(question: str, part: int, whole: int) -> Rows:
        value = _share(part, whole)
        if value is None:
            LEFT_OUT.append(question)
            return
        yield _q(f, question, "value", value)

    def first_share(*candidates: tuple[str, int, int]) -> Rows:
        """The first candidate whose percentage is within 0.005 of a tenth."""
        for question, part, whole in candidates:
            value = _share(part, whole)
            if value is not None:
                yield _q(f, question, "value", value)
                return
        LEFT_OUT.append(candidates[0][0])

    yield _q(f, "average nodule diamter", "value", _mean_field(_nod_rows(), d))
    yield _q(
        f,
        "median ggn volume in mm3",
        "value",
        _median_field(_nod_rows(att("ground-glass")), "volume_mm3"),
    )
    ld = [s for s in studies() if ldct(s)]
    yield _q(
        f,
        "mean number of nodules on a low-dose screening ct",
        "value",
        mean_of([len(nods(s)) for s in ld]),
    )
    women = [p["patient_id"] for p in pats() if p["sex"] == "F"]
    yield _q(
        f,
        "female patients: mean # of nodules per patient",
        "value",
        mean_of([sum(len(nods(s)) for s in own(p)) for p in women]),
    )
    yield from first_share(
        *(
            (
                f"% of {MON[m - 1]} {y} studies that were head ct",
                count(head_ct, dated(f"{y}-{m:02d}-01", month_end(y, m))),
                count(dated(f"{y}-{m:02d}-01", month_end(y, m))),
            )
            for y in (2024, 2025, 2023)
            for m in range(1, 13)
        )
    )
    yield from first_share(
        *(
            (
                f"What percentage of our patients born in {y} are female?",
                len(set(women) & set(born(f"{y}-01-01", f"{y}-12-31"))),
                len(born(f"{y}-01-01", f"{y}-12-31")),
            )
            for y in range(1950, 1990)
        )
    )
    yield from first_share(
        *(
            (
                f"share of {lobe} {a} nodules that are spiculated",
                len(_nod_rows(margin("spiculated"), in_lobe(lobe.upper()), att(a))),
                len(_nod_rows(in_lobe(lobe.upper()), att(a))),
            )
            for lobe in ("rul", "rml", "rll", "lul", "lll")
            for a in ("solid", "part-solid", "ground-glass")
        )
    )
    yield _q(
        f,
        "mean confidence of pnuemothorax findings",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield _q(
        f,
        "what's the median long axis for masses, expressed in cm",
        "value",
        _median_field(_kind_rows("mass"), "long_axis_mm", 10.0),
    )
    yield _q(
        f,
        "what is the average density in HU of part solid nodules",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "mean_hu"),
    )
    yield from first_share(
        *(
            (
                f"% of {y} ldcts done at ct01",
                count(ldct, in_year(y), at_station("CT01")),
                count(ldct, in_year(y)),
            )
            for y in (2023, 2024, 2025, 2026)
        ),
        ("% of ldcts done at ct01", count(ldct, at_station("CT01")), count(ldct)),
    )
    ggn = _nod_rows(att("ground-glass"))
    yield from share(
        "percentage of ground-glass nodules measuring at least 6mm",
        sum(1 for x in ggn if x[d] >= 6),
        len(ggn),
    )
    yield _q(
        f,
        "part-solid nodules: solid component, median (mm)",
        "value",
        _median_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    yield _q(
        f,
        "avg volume of spiculated nodules (cc)",
        "value",
        _mean_field(_nod_rows(margin("spiculated")), "volume_mm3", 1000.0),
    )
    yield from first_share(
        *(
            (
                f"% of {y} ct angios that showed a {k.replace('_', ' ')}",
                count(cta, in_year(y), kind(k)),
                count(cta, in_year(y)),
            )
            for k in ("pneumothorax", "pleural_effusion", "consolidation")
            for y in (2023, 2024, 2025, 2026)
        )
    )
    yield _q(
        f,
        "average diameter of smooth-margined nodules",
        "value",
        _mean_field(_nod_rows(margin("smooth")), d),
    )
    yield from first_share(
        *(
            (
                f"percentage of {MONTH[m - 1]} {y} studies that were chest x-rays",
                count(cxr, dated(f"{y}-{m:02d}-01", month_end(y, m))),
                count(dated(f"{y}-{m:02d}-01", month_end(y, m))),
            )
            for y in (2025, 2024)
            for m in range(1, 13)
        )
    )


def reports(rng: random.Random) -> Rows:
    f = "reports"
    yield _q(f, "ldcts mentioning emphysema", "study", sids(ldct, says("emphysema")))
    yield _q(
        f,
        "reports negative for lymphadenopathy, how many",
        "count",
        count(denies("lymphadenopathy")),
    )
    yield _q(
        f,
        "Dear Sam, could you pull the patients with coronary artery calcification in the report? "
        "Thanks, Ann",
        "patient",
        pids(says("coronary")),
    )
    yield _q(
        f,
        "chest cts w/o emphysema in 2026",
        "study",
        sids(chest_ct, in_year(2026), neg(says("emphysema"))),
    )
    yield _q(
        f,
        "calcified nodule studies with granuloma in the report",
        "study",
        sids(nod(calcified), says("granuloma")),
    )
    yield _q(
        f,
        "women whose reports document no emphysema",
        "patient",
        pids(sex_is("F"), denies("emphysema")),
    )
    yield _q(
        f,
        "studies with emphysema but no lymphadenopathy on the report",
        "study",
        sids(says("emphysema"), neg(says("lymphadenopathy"))),
    )
    yield _q(
        f,
        "patients never reported with emphysema, how many",
        "count",
        len(_never(says("emphysema"))),
    )
    yield _q(
        f,
        "lymphadenopathy or a mass",
        "study",
        sids(lambda s: says("lymphadenopathy")(s) or kind("mass")(s)),
    )
    yield _q(
        f,
        "how many cts mention coronary calcificaton",
        "count",
        count(any_ct, says("coronary")),
    )
    yield _q(
        f,
        "enlarged lymph nodes on 2025 studeis",
        "study",
        sids(says("lymphadenopathy"), in_year(2025)),
    )
    yield _q(
        f,
        "lung-rads 4A screening cts whose reports are negative for emphysema",
        "study",
        sids(denies("emphysema"), ldct, cat_in("4A")),
    )
    yield _q(
        f,
        "emphysma in the report and a spiculated nodule",
        "study",
        sids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield _q(
        f,
        "pts whose report mentions granuloma - count",
        "count",
        len(pids(says("granuloma"))),
    )
    yield _q(
        f,
        "Morning! Which patients had coronary artery calcification mentioned but never "
        "lymphadenopathy?",
        "patient",
        history(some_but_never(says("coronary"), says("lymphadenopathy"))),
    )


def growth(rng: random.Random) -> Rows:
    f = "growth"
    yield from ask(
        f,
        "nodules that have grown since the prior",
        "study",
        *(sids(fstudy(g)) for g in grew_readings()),
    )
    yield from ask(
        f,
        "patients in whom a nodule increased by more than 3 mm",
        "patient",
        *(pids(fstudy(g)) for g in grew_readings(3.0)),
    )
    yield from ask(
        f,
        "count of newly detected nodules during 2024",
        "count",
        *(len(fids(new(m), where=in_year(2024))) for m in (False, True)),
    )
    yield from ask(
        f,
        "2024 ldcts with a new ggn",
        "study",
        *(sids(ldct, in_year(2024), fstudy(new(m), att("ground-glass"))) for m in (False, True)),
    )
    yield from ask(
        f,
        "Hi all - how many stable nodules are there in the RUL? Thanks, J.",
        "count",
        *(
            len(fids(stable(r, m), is_nodule, in_lobe("RUL")))
            for r in (False, True)
            for m in (False, True)
        ),
    )
    yield from ask(
        f,
        "interval growth ≥ 2mm - which patients",
        "patient",
        *(pids(fstudy(g)) for g in grew_readings(2.0, inclusive=True)),
    )
    yield from ask(
        f,
        "grwoing solid nodules in 2026",
        "study",
        *(sids(in_year(2026), fstudy(g, att("solid"))) for g in grew_readings()),
    )
    yield from ask(
        f,
        "nodule growth of at least 4 mm, number of studies",
        "count",
        *(count(fstudy(g)) for g in grew_readings(4.0, inclusive=True)),
    )
    yield from ask(
        f,
        "new nodules excluding masses > 6 mm",
        "study",
        sids(fstudy(new(False), gt("diameter_mm", 6))),
    )
    yield from ask(
        f,
        "pts with no nodule growth ever",
        "patient",
        *(_never(fstudy(g)) for g in grew_readings()),
    )
    yield from ask(
        f,
        "stable part-solid nodules on scans from CT01",
        "study",
        *(
            sids(at_station("CT01"), fstudy(stable(r, m), att("part-solid")))
            for r in (False, True)
            for m in (False, True)
        ),
    )
    yield from ask(
        f,
        "newly detected nodules on ldcts at CT02, how many studies",
        "count",
        *(count(ldct, at_station("CT02"), fstudy(new(m))) for m in (False, True)),
    )
    yield from ask(
        f,
        "nodules that enlarged by over 2.5mm in the LLL",
        "study",
        *(sids(fstudy(g, in_lobe("LLL"))) for g in grew_readings(2.5)),
    )
    yield from ask(
        f,
        "pts w new spiculated nodules, not masses",
        "patient",
        pids(fstudy(new(False), margin("spiculated"))),
    )


def people(rng: random.Random) -> Rows:
    f = "demographics"
    yield from ask(
        f,
        "women over 75 w a ct angio",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) > 75), cta),
    )
    yield _q(
        f,
        "male paitents in the cohort - how many",
        "count",
        sum(1 for p in pats() if p["sex"] == "M"),
    )
    yield _q(
        f,
        "pts whose sex is listed as other",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        f,
        "women aged 50-60 who had a screening ldct",
        "patient",
        *aged(both_(sex_is("F"), lambda s: 50 <= ref.age(s) <= 60), ldct),
    )
    yield from ask(
        f,
        "octogenarians with a calcified nodule",
        "patient",
        *aged(lambda s: 80 <= ref.age(s) <= 89, nod(calcified)),
    )
    yield _q(
        f,
        "head cts of men yonger than 55",
        "study",
        sids(head_ct, sex_is("M"), lambda s: ref.age(s) < 55),
    )
    yield from ask(
        f,
        "pts in their 60s with a calcified nodule",
        "patient",
        *aged(lambda s: 60 <= ref.age(s) <= 69, nod(calcified)),
    )
    yield _q(
        f,
        "number of women born before nineteen fifty",
        "count",
        len([p for p in born("1900-01-01", "1949-12-31") if ref.cohort()[0][p]["sex"] == "F"]),
    )
    yield _q(
        f,
        "M/F/O split of the whole cohort",
        "groups",
        _groups(pats(), lambda p: p["sex"]),
    )
    yield _q(
        f,
        "how many men had an ldct in 2024",
        "count",
        len(pids(sex_is("M"), ldct, in_year(2024))),
    )
    yield _q(f, "womens cxrs", "study", sids(sex_is("F"), cxr))
    yield _q(
        f,
        "patients younger than 40 at the time of a scan",
        "patient",
        pids(lambda s: ref.age(s) < 40),
    )
    yield _q(
        f,
        "female vs male ldct count",
        "groups",
        _groups([s for s in studies() if ldct(s) and ref.sex(s) in ("F", "M")], ref.sex),
    )
    yield from ask(
        f,
        "spiculated nodules in male sexagenarians - the patients",
        "patient",
        *aged(both_(sex_is("M"), lambda s: 60 <= ref.age(s) <= 69), nod(margin("spiculated"))),
    )
    yield _q(
        f,
        "chest x-ray count, men versus women",
        "groups",
        _groups([s for s in studies() if cxr(s) and ref.sex(s) in ("F", "M")], ref.sex),
    )
    yield _q(
        f,
        "gender other - how many studies",
        "count",
        count(sex_is("O")),
    )


def modality(rng: random.Random) -> Rows:
    f = "modality"
    yield _q(
        f,
        "how many exams ran on DX01 during 2025",
        "count",
        count(at_station("DX01"), in_year(2025)),
    )
    yield _q(f, "exam counts per station", "groups", _groups(studies(), lambda s: s["station"]))
    yield _q(
        f,
        "2024 low dose cts: CT01 versus CT02",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2024)(s)], lambda s: s["station"]),
    )
    yield _q(f, "ctpas done on ct02", "study", sids(cta, at_station("CT02")))
    yield _q(
        f,
        "non contrast head cts with a hemorrhage",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(
        f,
        "which 'CT CHEST W CONTRAST' studies show a pleural effusion",
        "study",
        sids(with_contrast, kind("pleural_effusion")),
    )
    yield _q(f, "which pts had chest radiograhps", "patient", pids(cxr))
    yield _q(
        f,
        "how many diagnostic chest cts in 2023",
        "count",
        count(chest_ct, neg(ldct), in_year(2023)),
    )
    yield _q(
        f,
        "number of studies, CT compared with DX",
        "groups",
        _groups(studies(), lambda s: s["modality"]),
    )
    yield _q(
        f,
        "head vs chest exams, how many each",
        "groups",
        _groups(studies(), lambda s: s["body_part"]),
    )
    yield _q(f, "pe cts with consolidaton", "study", sids(cta, kind("consolidation")))
    yield _q(
        f,
        "how many scans were done on see tee oh two in the fourth quarter of twenty twenty five",
        "count",
        count(at_station("CT02"), quarter(2025, 4)),
    )
    yield _q(
        f,
        "how many ldcts were done at ct01 in the first half of 2026",
        "count",
        count(ldct, at_station("CT01"), dated("2026-01-01", "2026-06-30")),
    )
    yield _q(
        f,
        "Hi team, could you send me the number of CT angiograms per station for 2025? Thanks, Dr K",
        "groups",
        _groups([s for s in studies() if cta(s) and in_year(2025)(s)], lambda s: s["station"]),
    )
    yield _q(
        f,
        "studies per modality in the second quarter of twenty twenty four",
        "groups",
        _groups([s for s in studies() if quarter(2024, 2)(s)], lambda s: s["modality"]),
    )
    yield _q(
        f,
        "head ct count by station",
        "groups",
        _groups([s for s in studies() if head_ct(s)], lambda s: s["station"]),
    )


def lobes(rng: random.Random) -> Rows:
    f = "lobes"
    yield _q(f, "studies with a nodule in the rml", "study", sids(nod(in_lobe("RML"))))
    yield _q(
        f,
        "LUL nodule tally",
        "count",
        len(fids(is_nodule, in_lobe("LUL"))),
    )
    yield _q(
        f,
        "how are nodules distributed across lobes",
        "groups",
        _groups(_nod_rows(), lambda r: r["lobe"]),
    )
    yield _q(
        f,
        "RLL vs LLL nodule counts, female patients only",
        "groups",
        _groups(_nod_rows(in_lobe("RLL", "LLL"), where=sex_is("F")), lambda r: r["lobe"]),
    )
    yield _q(
        f,
        "Which of our patients have ever had a spiculated nodule in the RUL?",
        "patient",
        pids(nod(margin("spiculated"), in_lobe("RUL"))),
    )
    yield _q(f, "ggn in rll or lll", "study", sids(nod(att("ground-glass"), in_lobe("RLL", "LLL"))))
    yield _q(f, "masess located in the lll", "study", sids(kind("mass", in_lobe("LLL"))))

    def only_rml(s: Row) -> bool:
        mine = nods(s)
        return bool(mine) and all(x["lobe"] == "RML" for x in mine)

    yield _q(f, "screening cts with nodules in the RML only", "study", sids(ldct, only_rml))

    def bilateral(s: Row) -> bool:
        lobes_ = {x["lobe"][0] for x in nods(s) if x["lobe"]}
        return lobes_ >= {"R", "L"}

    yield _q(
        f,
        "2023 screening scans showing bilateral nodules",
        "study",
        sids(ldct, in_year(2023), bilateral),
    )
    yield _q(
        f,
        "number of psns in rigth middle lobe",
        "count",
        len(fids(is_nodule, att("part-solid"), in_lobe("RML"))),
    )
    yield _q(
        f,
        "solid nods >8mm in the LUL, which patients",
        "patient",
        pids(nod(att("solid"), gt("diameter_mm", 8), in_lobe("LUL"))),
    )
    yield _q(
        f,
        "rll calcified nodules",
        "study",
        sids(nod(calcified, in_lobe("RLL"))),
    )
    yield _q(
        f,
        "rul vs lul nodules on ct01 scans",
        "groups",
        _groups(_nod_rows(in_lobe("RUL", "LUL"), where=at_station("CT01")), lambda r: r["lobe"]),
    )


def features(rng: random.Random) -> Rows:
    f = "features"
    d = "diameter_mm"
    yield _q(
        f,
        "scans showing a spiculated solid nodule",
        "study",
        sids(nod(att("solid"), margin("spiculated"))),
    )
    yield _q(
        f,
        "lobulated ggn count",
        "count",
        len(fids(is_nodule, att("ground-glass"), margin("lobulated"))),
    )
    yield _q(f, "calcified nodules over 10 mm", "study", sids(nod(calcified, gt(d, 10))))
    yield _q(f, "noncalcified psns", "study", sids(nod(uncalcified, att("part-solid"))))
    yield _q(
        f,
        "smooth-margined nodules under 6 mm, which pts",
        "patient",
        pids(nod(margin("smooth"), lt(d, 6))),
    )
    yield _q(
        f,
        "subsolid nodules with spiculated margnis",
        "study",
        sids(nod(subsolid, margin("spiculated"))),
    )
    yield _q(
        f,
        "number of calcifed nodules that have smooth margins",
        "count",
        len(fids(is_nodule, margin("smooth"), calcified)),
    )
    yield _q(f, "lobulated ggo scans", "study", sids(nod(att("ground-glass"), margin("lobulated"))))
    yield _q(
        f,
        "spiculated noncalcified solid nods of 8mm or more",
        "study",
        sids(nod(att("solid"), uncalcified, margin("spiculated"), ge(d, 8))),
    )
    yield _q(
        f,
        "part solid nodules w/ solid comp under 4mm",
        "study",
        sids(nod(att("part-solid"), lt("solid_component_mm", 4))),
    )
    yield _q(
        f,
        "how many ldcts have a spiculated nodule",
        "count",
        count(ldct, nod(margin("spiculated"))),
    )
    yield _q(
        f,
        "women with a calcified solid nodule",
        "patient",
        pids(sex_is("F"), nod(calcified, att("solid"))),
    )
    yield _q(
        f,
        "nodules on 2025 ldcts broken down by attenuation",
        "groups",
        _groups(_nod_rows(where=both_(ldct, in_year(2025))), lambda r: r["attenuation"]),
    )
    yield _q(
        f,
        "spiculated vs smooth nodule counts in men",
        "groups",
        _groups(
            _nod_rows(lambda r: r["margin"] in ("spiculated", "smooth"), where=sex_is("M")),
            lambda r: r["margin"],
        ),
    )
    yield _q(
        f,
        "ggns: margin split",
        "groups",
        _groups(_nod_rows(att("ground-glass")), lambda r: r["margin"]),
    )
    yield _q(
        f,
        "lobulated solid nodule findings between 10 and 12 mm",
        "finding",
        fids(is_nodule, att("solid"), margin("lobulated"), within(d, 10, 12)),
    )


def intervals(rng: random.Random) -> Rows:
    f = "intervals"
    p1 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    span = _span_days(p1, ldct)
    assert span is not None
    yield _q(
        f, f"{p1}: number of days from their first ldct to their last ldct", "value", float(span)
    )
    p2 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    span2 = _span_days(p2, ALL)
    assert span2 is not None
    yield _q(f, f"span in days, first study to latest study, patient {p2}", "value", float(span2))
    gaps = _consecutive_gaps(chest_ct)
    yield _q(
        f,
        "Hello, what is the average gap, in days, between consecutive chest cts? "
        "Regards, research nurses",
        "value",
        mean_of([float(g) for g in gaps]),
    )
    yield from ask(
        f,
        "who has been followed for over 30 months - patients",
        "patient",
        _followed_months(30, False),
        _followed_months(30, True),
    )
    p5 = pick(rng, _pool(lambda p: _count_in(p, head_ct) >= 2))
    span5 = _span_days(p5, head_ct)
    assert span5 is not None
    yield _q(
        f,
        f"how many days passed between the first and the latest head CT of patient {p5}",
        "value",
        float(span5),
    )
    yield from ask(
        f,
        "f/u span of at least 2 yrs - how many pts",
        "count",
        len(_followed_months(24, True)),
        len(
            history(
                lambda mine: (
                    bool(mine)
                    and days_between(mine[0]["study_date"], mine[-1]["study_date"]) >= 2 * 365
                )
            )
        ),
    )
    p3 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 2 and len(own(p)) >= 2))
    span3 = _span_days(p3, ldct)
    assert span3 is not None
    yield _q(f, f"days from {p3}'s baseline ldct to the latest one", "value", float(span3))
    p4 = pick(rng, _pool(lambda p: len(own(p)) >= 2))
    a, b = own(p4)[0], own(p4)[-1]
    yield _q(
        f,
        f"number of days btw acc {a['accession']} and acc {b['accession']}",
        "value",
        float(days_between(a["study_date"], b["study_date"])),
    )
    yield _q(
        f,
        "median number of days separating consecutive screeing cts",
        "value",
        median_of([float(g) for g in _consecutive_gaps(ldct)]),
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
