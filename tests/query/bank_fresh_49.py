"""Held-out part 49 of the question bank: cohort questions as screening coordinators,
auditors and everyone else type them.

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

Overlap check: a throwaway script compared every question with ``dev_queries.jsonl``, with parts
22 to 47 (loaded through their ``bank()``, never read), with every question of
``question_bank.bank()`` and ``question_bank.ungated_bank()``, and with parts 48, 50 and 51 on
their branches (part 50 was there by the third run, 48 and 51 were not), printing only this
part's matches (word for word after lower-casing and dropping punctuation, or a word overlap of
75 % or more of the longer question): 96 matched (17 word for word) and were reworded, 15
rewordings matched again (3 word for word), then 4 (with part 50 loaded), then 4 (with part
48 loaded by the fourth run; none word for word), each reworded again; the last 4 rewordings
were not checked again before the deadline. No question of this part
overlaps another of it, and :func:`bank` refuses a repeat.

Every family issue 17 lists is here (questions per family in brackets, 235 in all; a little
more on Lung-RADS and growth over time): identifiers [16] (a patient's studies, a count of a
patient's exams, an accession's patient, an accession's findings, a UID's nodule findings and
its patient, a latest LDCT, two patients' baseline chest CTs, an unknown MRN, three accessions'
patients, an accession's nodule count and largest nodule, "pt #", a patient's 2 most recent
studies); dates [17] (a quarter "Q2-2024", slashed month/day/year, "since august 2025", "before
15 Feb 2024", an ISO range, the 1940s and a slashed birth date, the last 6 months, "so far this
year", "last year", H1, DICOM days, the first LDCT of a year, the last study before a day, "after
Sept 30 2026", "november twenty twenty three to february twenty twenty four", "the third quarter
of twenty twenty three", "or earlier", born "on or after"); numbers [16] (under one centimetre,
mm and cm ranges, HU below and between negative numbers, "+30", confidence below 0.6, a spoken
confidence range, solid component, volume, long and short axis, "three point two cm",
"nineteen point five", "at least half a cm and under 6 mm", "90% or more"); counts [15] (exactly
3 and a single nodule, 4+ and exactly 3 and a single study per patient, 3+ LDCTs, over two on
one CT, fewer than two LDCTs, no findings, zero nodules, 4+ findings, 2+ CT angiograms, exactly
two chest CTs, one nodule on 4+ scans, 2 to 4 nodules); set logic [15] ("both ... and", "at some
point", "but never", "never underwent", "the same scan", "either ... or", "never imaged with",
"excluding anyone with", "no ... ever", two protocols, "in both 2024 and 2026"); Lung-RADS [20]
(a spoken category and year, "3 or worse", highest ever, a quarter's breakdown, "two or better"
at a spoken station, a study of each of two categories, "from category 2 to 4A since the prior",
going up "from one exam to the next", "went up", "changed", "topped out at", "better than
category 3", "4b at some point but never 4x", the last 120 days, "upgraded to", a share of a
year's LDCTs, "3 vs 4a", overdue for follow-up, "4a or higher"); rankings and top-N [15] (by
diameter, by number of nodules and of ground-glass nodules, oldest, most recently performed,
lowest HU, most confident, most voluminous, longest long axis of lesions, earliest study dates,
"born last", solid component, smallest masses, least confident effusions, highest mean HU);
aggregates and percentages [15] (mean and median diameter, volume in cc, HU, confidence, long
axis in cm, solid component, nodules per screening exam and per man, shares of patients of a
sex, of a year's studies of a kind, of nodules of a lobe, of a year's LDCTs at a station, of
head CTs with a hemorrhage; mean age of patients with a mass, median age of a year's LDCT
patients); report concepts with negation [14] (emphysema, lymphadenopathy, coronary
calcification, granuloma; "negative for", "without", "never documented with", "or", "but never
a mass", a share of reports); growth / new / stable [18] (growing nodules, more than 3 mm of
growth, 2 mm or more of interval growth, at least 4 mm, over 3 mm on a year's LDCTs, new
nodules of a year, of men, over 6 mm, "not masses", a new solid nodule, stable / unchanged by
lobe and attenuation, never a growing nodule, enlarging over ten millimetres, growing at a
station, part-solid nodules that grew); demographics [15] (ages with a kind of study or finding,
an age range, "in their 50s", "octogenarains", "sexagenarians", sex "other", M/F/O split, women
versus men, born after a year, "men in the whole database", a count of LDCTs over seventy five);
modality / description / station [15] (CT01 versus CT02, DX01, CT02 as "scanner", contrast, exams
per station in a quarter, per modality, body part breakdown, "ctpa", a quoted description, "pe
cts", chest x-rays, "ct angio", a spoken station's monthly workload, "diagnostic chest cts");
lobes [15] (each lobe by abbreviation and name, per lobe, "rul v lul", "lll against rll" in men,
the left lung, bilateral, "only ... in the rll", the upper lobes, the largest RML nodule);
attenuation / margin / calcification [15] (spiculated, lobulated, smooth, calcified and not,
subsolid, pure ground-glass, psn solid component, by margin, by attenuation, smooth against
spiculated); intervals [14] (days, months and years from first to latest study of a patient,
the mean span, the median and mean gaps between consecutive studies, follow-up span over
twenty four months, at least 30 months, successive LDCTs more than 13 months apart, LDCTs
repeated within 13 months, rescanned within 11 months, days between two accessions, the median
chest-CT span in months, consecutive scans less than 11 months apart).

The styles are mixed in roughly equal shares: a radiologist's shorthand ("psn", "nods", "lr",
"pts", "w", "comp", "acc"), a nurse's or clinician's full sentences, a screening coordinator's
Lung-RADS over time (categories going up, "topped out at", overdue follow-up), a manager's counts
per station, quarter and month ("workload", "tally", "exam total"), a data scientist's ranges,
means and medians, search-box keywords ("rul ggns - studies"), dictated numbers ("twenty twenty
five", "see tee zero two", "minus six hundred fifty", "point seven five", "lung rads four b"),
and 27 questions pasted in an e-mail with a greeting and a sign-off. 29 questions (one in eight)
carry a hurried typist's slip ("accesions", "patinet", "patinets", "exactley", "singel",
"stuides", "nodulse", "patiens", "scannned", "screenign", "lungrads", "bigest",
"consolidatoins", "avrage", "meadian", "componnet", "lymphadenopahty", "granulmoa", "grwoing",
"growign", "octogenarains", "aquired", "pnuemothorax", "rigth", "uppper", "spicualted",
"calcfied", "noncalcifed", "folowed"); their answers are what they plainly mean. About one in
five asks about groups (14 breakdowns and comparisons, 7 shares, 19 rankings).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions and UIDs, a quarter, months, years, an age and a size range; a ranking's number is
the first from the one written whose boundary has no tie, and a percentage the first of a list
of candidates that is neither 0 nor 100 % and lies within 0.005 of a tenth. Expected answers
are computed here in plain Python with the documented conventions written out by hand. Where
the conventions do not settle a reading the question is asked only when the competing readings
give the same answer (:func:`ask`; ``LEFT_OUT`` lists any that do not as the bank is built, and
is empty for this seed): the first day of "the last 6 months" and "the last 120 days"; a track
that was a mass from its first study counted or not as a new or stable nodule; a change taken in
floating point or to 0.1 mm, and a mass grown from a nodule counted or not as a growing nodule
or a growing part-solid one; a nodule on 4 scans counting a mass on its track or not; an age
(with a sex) and another condition on one study or each on some study; "the left lung" by lobe
or by side too; a change "from category 2 to 4A" of screening exams only or of any study.
Drafts replaced before freezing because their readings disagreed: "category 4 ldcts in the last
90 days" (asked at 120 days), "new nodules on 2025 scans", "a new ggn", "new nodules in women"
(the mass-from-start track F000277, a ground-glass mass of a woman in 2025: asked of 2024, of
solid nodules and of men), "stable nodules in the LLL" (asked of the RUL), growth over 2.5 mm
on 2026 LDCTs (asked at 3 mm), "quinquagenarians with a pneumothorax" (asked of sexagenarians
with a consolidation), "ggns that grew" (asked of part-solid nodules), and the largest LUL
nodule (tied; asked of the RML). Drafts whose answers were empty by accident were replaced:
confidence below 0.55 (the lowest is 0.55), "scanned at least five times", "a pneumothorax and a
pleural effusion on the same scan", "a head ct and a chest ct" (head-CT patients have no chest
CT), "downgraded" (no category went down), new nodules over 6 mm on 2023 LDCTs, a gap of more
than 14 months between consecutive LDCTs, "rescanned within 6 months". One draft whose reading
was unsure was replaced: "non contrast chest cts" (a low-dose CT is without contrast too).
Readings taken: "screening ct", "low-dose ct" and "ldct" are the CT CHEST LOW DOSE LUNG
SCREENING studies; "ct angio(gram)s", "ctpa" and "pe cts" the CT ANGIO CHEST PE studies; "chest
x-rays", "cxrs" and "chest radiograph" the DX studies; "contrast" and "with contrast" the CT
CHEST W CONTRAST studies; "diagnostic chest cts" the chest CTs that are not LDCTs; "on one /
a single ct" is one study; a breakdown of nodules counts nodule findings, of studies studies,
"M/F/O split of patients" patients (only the sexes that occur), "women versus men" leaves out
the third sex; a Lung-RADS breakdown lists only the categories that occur; "fewer than two
low-dose cts" takes in patients with none; "without emphysema" is no affirmed mention and
"negative for" the denied reading; "mean number of nodules per man" is over every male patient;
a change of category compares with the patient's previous study that has one; "overdue for
follow-up" is the Conventions' rule on the latest chest CT (any chest CT) on or before the
as-of date; spans and gaps between studies count distinct dates, a patient with one date has
none; an average age is each patient's age on the latest study that meets the question. One
answer is empty on purpose (an unknown MRN, P00913).

Scored alone with ``python tests/query/question_bank.py --part held_out_49 -v`` once wired in.
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

PART = "held_out_49"
SEED = 4949

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
YEAR_WORD = {2023: "three", 2024: "four", 2025: "five", 2026: "six"}
DIGIT_WORD = {"1": "one", "2": "two"}
LR4 = ("4A", "4B", "4X")


def _n(rows: Sequence[Any]) -> int:
    return len(rows)


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


def _srows(*tests: Test) -> list[Row]:
    return [s for s in studies() if all(t(s) for t in tests)]


def _sex_of(pid: str) -> str:
    return str(ref.cohort()[0][pid]["sex"])


def _ranked(
    rows: Sequence[Row], key: Callable[[Row], Any], ident: str, start: int
) -> tuple[int, list[str]] | None:
    """The first count from ``start`` to 8 whose ranking has no tie at its boundary."""
    for n in range(start, 9):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    return None


def _by_day(s: Row) -> int:
    return dt.date.fromisoformat(s["study_date"]).toordinal()


def _span_days(pid: str, test: Test) -> int | None:
    mine = [s for s in own(pid) if test(s)]
    if len({s["study_date"] for s in mine}) < 2:
        return None
    return days_between(mine[0]["study_date"], mine[-1]["study_date"])


def _followed_months(months: int, inclusive: bool) -> list[str]:
    """Patients whose latest study is more than (``inclusive``: at least) ``months`` calendar
    months after their first."""

    def test(mine: list[Row]) -> bool:
        if not mine:
            return False
        end = months_on(mine[0]["study_date"], months)
        last = str(mine[-1]["study_date"])
        return last >= end if inclusive else last > end

    return history(test)


def _dates(pid: str, test: Test) -> list[str]:
    return sorted({str(s["study_date"]) for s in own(pid) if test(s)})


def _consecutive_gaps(test: Test) -> list[int]:
    gaps: list[int] = []
    for p in pats():
        days = _dates(p["patient_id"], test)
        gaps.extend(days_between(a, b) for a, b in itertools.pairwise(days))
    return gaps


def _gap_over(test: Test, months: int) -> list[str]:
    """Patients with two consecutive study dates (of the kind) more than ``months`` apart."""

    def fits(mine: list[Row]) -> bool:
        days = sorted({str(s["study_date"]) for s in mine if test(s)})
        return any(b > months_on(a, months) for a, b in itertools.pairwise(days))

    return history(fits)


def _repeated_within(test: Test, months: int) -> list[str]:
    """Studies of the kind followed by a later one of the kind on or before ``months`` on."""
    out = []
    for s in studies():
        if not test(s):
            continue
        end = months_on(s["study_date"], months)
        if any(test(x) and s["study_date"] < x["study_date"] <= end for x in own(s["patient_id"])):
            out.append(str(s["study_uid"]))
    return sorted(out)


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


def _age_at_latest(pid: str, test: Test) -> int:
    mine = [s for s in own(pid) if test(s)]
    return ref.age(mine[-1])


def _first_share(*candidates: tuple[str, int, int]) -> tuple[str, float] | None:
    for question, part, whole in candidates:
        value = _share(part, whole)
        if value is not None:
            return question, value
    return None


def _overdue(as_of: str) -> list[str]:
    """Patients whose latest chest CT on or before ``as_of`` is past its Lung-RADS interval."""
    months = {"1": 12, "2": 12, "3": 6, "4A": 3}
    out = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if chest_ct(s) and s["study_date"] <= as_of]
        if not mine:
            continue
        n = months.get(str(category(mine[-1])))
        if n is not None and as_of > months_on(mine[-1]["study_date"], n):
            out.append(p["patient_id"])
    return sorted(out)


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    many = _pool(lambda p: len(own(p)) >= 3)
    p1 = pick(rng, many)
    yield from ask(fam, f"P{p1[1:]} all imaging, oldest to newest", "study", _uids_of(p1))
    p2 = pick(rng, many)
    yield from ask(
        fam, f"Hi, how many exams are on file for MRN {p2}? Thanks, Lee", "count", len(own(p2))
    )
    s3 = pick(rng, studies())
    yield from ask(fam, f"acc {s3['accession']} -> which pt", "patient", [s3["patient_id"]])
    with_f = [s for s in studies() if len(fo(s)) >= 2]
    s4 = pick(rng, with_f)
    yield from ask(
        fam,
        f"Please list every finding recorded under accession number {s4['accession']}.",
        "finding",
        sorted(f["finding_id"] for f in fo(s4)),
    )
    s5 = pick(rng, [s for s in with_f if len(nods(s)) >= 2])
    yield from ask(
        fam,
        f"study instance uid {s5['study_uid']}: give me all of its nodule findings",
        "finding",
        sorted(f["finding_id"] for f in nods(s5)),
    )
    s6 = pick(rng, studies())
    yield from ask(
        fam,
        f"could you check which patient the exam with uid {s6['study_uid']} was performed on",
        "patient",
        [s6["patient_id"]],
    )
    p7 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 2))
    yield from ask(
        fam, f"most recent low-dose ct on file for {p7}", "study", _uid(_latest(p7, ldct))
    )
    pair = sorted(rng.sample(_pool(lambda p: _count_in(p, chest_ct) >= 2), 2))
    yield from ask(
        fam,
        f"baseline chest ct for {pair[0]} and for {pair[1]}",
        "study",
        sorted(_uid(_first(pair[0], chest_ct)) + _uid(_first(pair[1], chest_ct))),
    )
    yield from ask(
        fam, "list imaging for MRN P00913 please", "study", []
    )  # an unknown MRN: empty on purpose
    trio = rng.sample(studies(), 3)
    accs = [s["accession"] for s in trio]
    yield from ask(
        fam,
        f"accesions {accs[0]}, {accs[1]} & {accs[2]}: what patients are these",
        "patient",
        sorted({s["patient_id"] for s in trio}),
    )
    s11 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield from ask(
        fam,
        f"number of nodules reported on accession {s11['accession']}",
        "count",
        len(nods(s11)),
    )
    p12 = pick(rng, many)
    yield from ask(
        fam,
        f"Hello, could you pull every study for patient {p12}? Many thanks, Priya",
        "study",
        _uids_of(p12),
    )

    def unique_max(s: Row) -> bool:
        ds = sorted((f["diameter_mm"] for f in nods(s)), reverse=True)
        return len(ds) >= 2 and ds[0] > ds[1]

    s13 = pick(rng, [s for s in studies() if unique_max(s)])
    big = max(nods(s13), key=lambda f: f["diameter_mm"])
    yield from ask(
        fam, f"largest nodule on accession {s13['accession']}", "finding", [big["finding_id"]]
    )
    p14 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    yield from ask(
        fam,
        f"pt # {p14} - ldcts only",
        "study",
        sorted(str(s["study_uid"]) for s in own(p14) if ldct(s)),
    )
    p15 = pick(
        rng,
        _pool(lambda p: len(own(p)) >= 4 and own(p)[-3]["study_date"] < own(p)[-2]["study_date"]),
    )
    yield from ask(
        fam,
        f"{p15}'s 2 most recent studies",
        "study",
        sorted(str(s["study_uid"]) for s in own(p15)[-2:]),
    )
    s16 = pick(rng, [s for s in studies() if ldct(s) and fo(s)])
    yield from ask(
        fam,
        f"patinet for accession {s16['accession']}?",
        "patient",
        [s16["patient_id"]],
    )


def _uids_of(pid: str) -> list[str]:
    return sorted(str(s["study_uid"]) for s in own(pid))


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y = pick(rng, [2024, 2025])
    q = pick(rng, [1, 2, 3, 4])
    yield from ask(fam, f"screening ct tally for Q{q}-{y}", "count", count(ldct, quarter(y, q)))
    m = pick(rng, [2, 3, 4, 5, 8, 9, 10])
    yield from ask(
        fam,
        f"head cts from {m}/1/2024 to {m + 1}/15/2024",
        "study",
        sids(head_ct, dated(f"2024-{m:02d}-01", f"2024-{m + 1:02d}-15")),
    )
    yield from ask(
        fam,
        "every chest radiograph acquired since august 2025",
        "study",
        sids(cxr, dated("2025-08-01", AS_OF)),
    )
    yield from ask(
        fam,
        "Dear imaging team, which CT angiograms were done"
        " before 15 Feb 2024? Kind regards, Audit office",
        "study",
        sids(cta, dated("0000-01-01", "2024-02-14")),
    )
    yield from ask(
        fam,
        "how many pe cts between 2024-05-01 and 2024-09-30",
        "count",
        count(cta, dated("2024-05-01", "2024-09-30")),
    )
    yield from ask(
        fam,
        "how many people in the cohort were born during the 1940s",
        "count",
        len(born("1940-01-01", "1949-12-31")),
    )
    yield from ask(
        fam,
        "pts w DOB before 3/1/1942",
        "patient",
        born("0000-01-01", "1942-02-28"),
    )
    start_a, start_b = months_on(AS_OF, -6), shift(months_on(AS_OF, -6), 1)
    yield from ask(
        fam,
        "head ct's performed within the last 6 months",
        "study",
        sids(head_ct, dated(start_a, AS_OF)),
        sids(head_ct, dated(start_b, AS_OF)),
    )
    yield from ask(
        fam,
        "number of low-dose screenign cts so far this year",
        "count",
        count(ldct, dated("2026-01-01", AS_OF)),
    )
    yield from ask(
        fam,
        "stuides done at ct01 last year - count",
        "count",
        count(at_station("CT01"), in_year(2025)),
    )
    yield from ask(
        fam,
        "ctpa exams, first half of 2024 - total",
        "count",
        count(cta, dated("2024-01-01", "2024-06-30")),
    )
    mm = pick(rng, [3, 4, 9, 10])
    last = {3: 31, 4: 30, 9: 30, 10: 31}[mm]
    yield from ask(
        fam,
        f"exams dated 2025{mm:02d}01-2025{mm:02d}{last} total",
        "count",
        count(dated(f"2025-{mm:02d}-01", f"2025-{mm:02d}-{last}")),
    )
    in25 = sorted(_srows(ldct, in_year(2025)), key=lambda s: (s["study_date"], s["study_uid"]))
    if in25[0]["study_date"] < in25[1]["study_date"]:
        yield from ask(
            fam, "which was the very first ldct of 2025", "study", [in25[0]["study_uid"]]
        )
    before = sorted(
        _srows(dated("0000-01-01", "2023-12-31")), key=lambda s: (s["study_date"], s["study_uid"])
    )
    if before[-1]["study_date"] > before[-2]["study_date"]:
        yield from ask(
            fam,
            "the last study performed before January 1st, 2024",
            "study",
            [before[-1]["study_uid"]],
        )
    yield from ask(
        fam,
        "chest cts after Sept 30 2026",
        "study",
        sids(chest_ct, dated("2026-10-01", AS_OF)),
    )
    yield from ask(
        fam,
        "contrast-enhanced chest cts from november twenty"
        " twenty three to february twenty twenty four",
        "study",
        sids(with_contrast, dated("2023-11-01", "2024-02-29")),
    )
    yield from ask(
        fam,
        "how many cxrs were done in the third quarter of twenty twenty three",
        "count",
        count(cxr, quarter(2023, 3)),
    )
    yield from ask(
        fam,
        "head cts from twenty twenty three or earlier",
        "study",
        sids(head_ct, dated("0000-01-01", "2023-12-31")),
    )
    yield from ask(
        fam,
        "Dear team, please list the women born on or after 1 July 1985. Thanks, Trials office",
        "patient",
        sorted(p for p in born("1985-07-01", "9999-12-31") if _sex_of(p) == "F"),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield from ask(
        fam,
        "how many nodule findings are under one centimetre",
        "count",
        _n(_nod_rows(lt("diameter_mm", 10))),
    )
    lo = pick(rng, [5, 6, 7])
    yield from ask(
        fam,
        f"ldcts w nods {lo}-{lo + 2}mm",
        "study",
        sids(ldct, nod(within("diameter_mm", lo, lo + 2))),
    )
    yield from ask(
        fam,
        "Hello, which scans show a nodule between 0.8 and 1.2 cm? Cheers, Sam",
        "study",
        sids(nod(within("diameter_mm", 8, 12))),
    )
    yield from ask(
        fam,
        "how many nodules have a mean attenuation under minus six hundred fifty hu",
        "count",
        _n(_nod_rows(lt("mean_hu", -650))),
    )
    yield from ask(
        fam,
        "nodule count with hu from -50 to +30",
        "count",
        _n(_nod_rows(within("mean_hu", -50, 30))),
    )
    yield from ask(
        fam,
        "total findings, any type, with a confidence below 0.6",
        "count",
        _n([f for f in findings() if f["confidence"] < 0.6]),
    )
    yield from ask(
        fam,
        "pneumothorax findings with confidence from point six to point seven five, how many",
        "count",
        _n(_kind_rows("pneumothorax", within("confidence", 0.6, 0.75))),
    )
    yield from ask(
        fam,
        "studies with a part-solid nodule whose solid component is over 6 mm",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 6))),
    )
    yield from ask(
        fam,
        "how many nodules are larger than 1500 mm3 in volume",
        "count",
        _n(_nod_rows(gt("volume_mm3", 1500))),
    )
    yield from ask(
        fam,
        "nodule findings with a long axis of 20mm or greater: total",
        "count",
        _n(_nod_rows(ge("long_axis_mm", 20))),
    )
    yield from ask(
        fam,
        "scans with nodules whose short axis is less than 4mm, how many",
        "count",
        count(nod(lt("short_axis_mm", 4))),
    )
    yield from ask(
        fam,
        "masses over three point two cm - which patients",
        "patient",
        pids(kind("mass", gt("diameter_mm", 32))),
    )
    yield from ask(
        fam,
        "how many nodules bigger than nineteen point five millimetres",
        "count",
        _n(_nod_rows(gt("diameter_mm", 19.5))),
    )
    yield from ask(
        fam,
        "nodule count, hu between minus eight hundred and minus seven hundred",
        "count",
        _n(_nod_rows(within("mean_hu", -800, -700))),
    )
    yield from ask(
        fam,
        "nodules of at least half a cm and under 6 mm: how many",
        "count",
        _n(_nod_rows(ge("diameter_mm", 5), lt("diameter_mm", 6))),
    )
    yield from ask(
        fam,
        "Hello, how many consolidations have a confidence of 90% or more? Best, AI governance",
        "count",
        _n(_kind_rows("consolidation", ge("confidence", 0.9))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield from ask(
        fam,
        "which exams have exactley three nodules on them",
        "study",
        sids(_n_nods(lambda n: n == 3)),
    )
    yield from ask(
        fam,
        "how many ldcts show a singel nodule",
        "count",
        count(ldct, _n_nods(lambda n: n == 1)),
    )
    yield from ask(
        fam,
        "Good afternoon, could you identify the patients who"
        " have had 4 or more studies? Regards, M Okafor",
        "patient",
        _per_patient(ALL, lambda n: n >= 4),
    )
    yield from ask(
        fam,
        "count of patients with a single scan on record",
        "count",
        len(_per_patient(ALL, lambda n: n == 1)),
    )
    yield from ask(
        fam, "3+ screening cts - which pts", "patient", _per_patient(ldct, lambda n: n >= 3)
    )
    yield from ask(
        fam,
        "anyone carrying over two nodules on a single ct - which people",
        "patient",
        pids(_n_nods(lambda n: n > 2)),
    )
    yield from ask(
        fam,
        "number of female patients having fewer than two low-dose cts",
        "count",
        len([p for p in _per_patient(ldct, lambda n: n < 2) if _sex_of(p) == "F"]),
    )
    yield from ask(
        fam,
        "how many low dose screening cts recorded no findings whatsoever",
        "count",
        count(ldct, lambda s: not fo(s)),
    )
    yield from ask(
        fam,
        "number of studies with zero nodulse",
        "count",
        count(lambda s: not nods(s)),
    )
    yield from ask(
        fam,
        "exams carrying four or more findings of any kind",
        "study",
        sids(lambda s: len(fo(s)) >= 4),
    )
    yield from ask(
        fam,
        "Hi, how many patients had 2 or more ct angiograms? Regards, PE pathway lead",
        "count",
        len(_per_patient(cta, lambda n: n >= 2)),
    )
    yield from ask(
        fam,
        "patients with exactly three studies on file",
        "patient",
        _per_patient(ALL, lambda n: n == 3),
    )
    yield from ask(
        fam,
        "number of pts with exactly 2 chest cts",
        "count",
        len(_per_patient(chest_ct, lambda n: n == 2)),
    )
    yield from ask(
        fam,
        "patients whose same nodule appears on at least 4 scans",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield from ask(
        fam,
        "how many screening cts contain from 2 to 4 nodules",
        "count",
        count(ldct, _n_nods(lambda n: 2 <= n <= 4)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    yield from ask(
        fam,
        "patiens who have had both ground-glass and part-solid nodules at some point",
        "patient",
        history(each_on_some(nod(att("ground-glass")), nod(att("part-solid")))),
    )
    yield from ask(
        fam,
        "people whose radiology reports document emphysema but who never had any nodule at all",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield from ask(
        fam,
        "pts who had a chest ct but never underwent an ldct",
        "patient",
        history(some_but_never(chest_ct, ldct)),
    )
    yield from ask(
        fam,
        "patients whose same scan showed a nodule as well as a pneumothorax",
        "patient",
        pids(kind("pneumothorax"), nod()),
    )
    yield from ask(
        fam,
        "which patients were scanned in both 2024 and 2026",
        "patient",
        history(each_on_some(in_year(2024), in_year(2026))),
    )
    yield from ask(
        fam,
        "which patients had either a mass or an intracranial hemorrhage",
        "patient",
        pids(either_(kind("mass"), kind("intracranial_hemorrhage"))),
    )
    yield from ask(
        fam,
        "how many patients were never scannned at CT01",
        "count",
        len(_never(at_station("CT01"))),
    )
    yield from ask(
        fam,
        "patients with an ldct in 2023, excluding anyone with a spiculated nodule",
        "patient",
        history(some_but_never(both_(ldct, in_year(2023)), nod(margin("spiculated")))),
    )
    yield from ask(
        fam,
        "pts with both an rul nodule and an lll nodule",
        "patient",
        history(each_on_some(nod(in_lobe("RUL")), nod(in_lobe("LLL")))),
    )
    yield from ask(
        fam,
        "tally of people who have never been imaged with a head ct",
        "count",
        len(_never(head_ct)),
    )
    yield from ask(
        fam,
        "patients who had a calcified nodule and never any noncalcified nodule",
        "patient",
        history(some_but_never(nod(calcified), nod(uncalcified))),
    )
    yield from ask(
        fam,
        "women with no lung-rads 4 exam ever",
        "patient",
        sorted(p for p in _never(cat_in(*LR4)) if _sex_of(p) == "F"),
    )
    yield from ask(
        fam,
        "list everybody with a ct pe study as well as a contrast chest ct",
        "patient",
        history(each_on_some(cta, with_contrast)),
    )
    yield from ask(
        fam,
        "pts who had consolidation, excluding anyone with a pneumothorax",
        "patient",
        history(some_but_never(kind("consolidation"), kind("pneumothorax"))),
    )
    yield from ask(
        fam,
        "Hi all - which patients had a ground glass nodule"
        " and never had a solid nodule? Thanks, Dr Ruiz",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("solid")))),
    )


def either_(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    y = pick(rng, [2024, 2025])
    yield from ask(
        fam,
        f"screening cts graded lung rads four b during twenty twenty {YEAR_WORD[y]}",
        "study",
        sids(ldct, in_year(y), cat_in("4B")),
    )
    yield from ask(
        fam,
        "count the 2024 exams whose lung-rads category is 3 or worse",
        "count",
        count(in_year(2024), cat_in("3", *LR4)),
    )
    yield from ask(
        fam,
        "Morning! Please send me the patients whose highest lung-rads ever was 4A. Best, Jo",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    q = pick(rng, [1, 2, 3])
    yield from ask(
        fam,
        f"Q{q} 2026 ldcts - lung-rads breakdown",
        "groups",
        _groups(_srows(ldct, quarter(2026, q)), category),
    )
    mo = pick(rng, [3, 4, 5, 6])
    yield from ask(
        fam,
        f"lung rads two or better ldcts at see tee zero two"
        f" in {MONTH[mo - 1]} twenty twenty five, how many",
        "count",
        count(
            ldct,
            at_station("CT02"),
            dated(f"2025-{mo:02d}-01", month_end_(2025, mo)),
            cat_in("1", "2"),
        ),
    )
    yield from ask(
        fam,
        "people with both a category 1 exam and a category 4X exam",
        "patient",
        history(each_on_some(cat_in("1"), cat_in("4X"))),
    )
    yield from ask(
        fam,
        "Hi team, which screening exams moved from category"
        " 2 to 4A since the prior? Thanks, Coordinator",
        "study",
        sids(ldct, went_from("2", ("4A",))),
        sids(went_from("2", ("4A",))),
    )
    yield from ask(
        fam,
        "which patients had their lung-rads go up from one exam to the next",
        "patient",
        pids(went(1)),
    )
    yield from ask(
        fam,
        "how many studies went up in lung-rads category",
        "count",
        count(went(1)),
    )
    yield from ask(
        fam,
        "number of exams whose lung-rads category changed vs the previous one",
        "count",
        count(went(0)),
    )
    yield from ask(
        fam,
        "pts who topped out at lung rads three",
        "patient",
        history(lambda mine: highest(mine) == "3"),
    )
    yield from ask(
        fam,
        "which 2023 chest cts were better than category 3",
        "study",
        sids(chest_ct, in_year(2023), cat_in("1", "2")),
    )
    yield from ask(
        fam,
        "patients: lr 4b at some point but never 4x",
        "patient",
        history(some_but_never(cat_in("4B"), cat_in("4X"))),
    )
    a = shift(AS_OF, -120)
    yield from ask(
        fam,
        "ldcts classified category 4 during the last 120 days",
        "study",
        sids(ldct, cat_in(*LR4), dated(a, AS_OF)),
        sids(ldct, cat_in(*LR4), dated(shift(a, 1), AS_OF)),
    )
    yield from ask(
        fam,
        "which screening ct's were upgraded to lung-rads 4B",
        "study",
        sids(ldct, went_from(None, ("4B",)), went(1)),
    )
    yield from ask(
        fam,
        "lung rads four x studies at see tee oh one, how many",
        "count",
        count(at_station("CT01"), cat_in("4X")),
    )
    share = _first_share(
        *(
            (
                f"of the {yy} ldcts, what proportion came back lung-rads {c}",
                count(ldct, in_year(yy), cat_in(c)),
                count(ldct, in_year(yy)),
            )
            for yy in (2025, 2024, 2023)
            for c in ("1", "2", "3")
        )
    )
    if share is not None:
        yield from ask(fam, share[0], "value", share[1])
    yield from ask(
        fam,
        "lr 3 vs 4a ldct counts in 2024",
        "groups",
        _groups(_srows(ldct, in_year(2024), cat_in("3", "4A")), category),
    )
    yield from ask(
        fam,
        "Dear Sam, how many patients are overdue for follow-up? Regards, Nurse navigator",
        "count",
        len(_overdue(AS_OF)),
    )
    yield from ask(
        fam,
        "lungrads 4a or higher ldcts for women in 2025",
        "study",
        sids(ldct, in_year(2025), sex_is("F"), cat_in(*LR4)),
    )


def month_end_(y: int, m: int) -> str:
    following = dt.date(y + m // 12, m % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).isoformat()


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"

    def finding_rank(template: str, rows: list[Row], key: Callable[[Row], Any], n: int) -> Rows:
        got = _ranked(rows, key, "finding_id", n)
        if got is None:
            LEFT_OUT.append(template)
            return
        yield from ask(fam, template.format(n=got[0]), "finding", got[1])

    yield from finding_rank(
        "rank nodules by diameter and show me the top {n}",
        _nod_rows(),
        lambda f: -f["diameter_mm"],
        5,
    )
    prow = [
        {"patient_id": p["patient_id"], "k": -sum(len(nods(s)) for s in own(p["patient_id"]))}
        for p in pats()
    ]
    got = _ranked(prow, lambda r: r["k"], "patient_id", 3)
    if got is not None:
        yield from ask(
            fam, f"the {got[0]} people carrying the greatest number of nodules", "patient", got[1]
        )
    prow2 = [{"patient_id": p["patient_id"], "k": p["birth_date"]} for p in pats()]
    got = _ranked(prow2, lambda r: r["k"], "patient_id", 6)
    if got is not None:
        yield from ask(
            fam,
            f"Hello - could you pull the oldest {got[0]} patients"
            f" in the cohort? Thanks, Research desk",
            "patient",
            got[1],
        )
    hrows = _srows(head_ct)
    got = _ranked(hrows, lambda s: -_by_day(s), "study_uid", 4)
    if got is not None:
        yield from ask(fam, f"the {got[0]} most recently performed head cts", "study", got[1])
    lowest = top(_nod_rows(), lambda f: f["mean_hu"], 1, "finding_id")
    if lowest is not None:
        yield from ask(fam, "the nodule with the lowest HU", "finding", lowest)
    yield from finding_rank(
        "most confident {n} consolidatoins in the whole database",
        _kind_rows("consolidation"),
        lambda f: -f["confidence"],
        3,
    )
    yield from finding_rank(
        "{n} most voluminous nodules", _nod_rows(), lambda f: -f["volume_mm3"], 4
    )
    lesions = [f for f in findings() if f["kind"] in ("nodule", "mass")]
    yield from finding_rank(
        "which {n} lesions measure the longest along the long axis",
        lesions,
        lambda f: -f["long_axis_mm"],
        2,
    )
    c24 = _srows(cta, in_year(2024))
    got = _ranked(c24, _by_day, "study_uid", 3)
    if got is not None:
        yield from ask(
            fam,
            f"{got[0]} ct angiograms with the earliest study dates in 2024",
            "study",
            got[1],
        )
    women = [{"patient_id": p["patient_id"], "k": p["birth_date"]} for p in pats()]
    women = [r for r in women if _sex_of(r["patient_id"]) == "F"]
    got = _ranked(women, lambda r: _neg_day(r["k"]), "patient_id", 3)
    if got is not None:
        yield from ask(fam, f"which {got[0]} female pts were born last", "patient", got[1])
    grow = [
        {
            "patient_id": p["patient_id"],
            "k": -sum(len(nods(s, att("ground-glass"))) for s in own(p["patient_id"])),
        }
        for p in pats()
    ]
    got = _ranked(grow, lambda r: r["k"], "patient_id", 1)
    if got is not None:
        yield from ask(
            fam,
            "patient with the greatest number of ground glass nodules"
            if got[0] == 1
            else f"top {got[0]} pts by ggn count",
            "patient",
            got[1],
        )
    yield from finding_rank(
        "psns: the {n} having the biggest solid component",
        _nod_rows(att("part-solid")),
        lambda f: -f["solid_component_mm"],
        3,
    )
    yield from finding_rank(
        "the {n} smallest masses by diameter", _kind_rows("mass"), lambda f: f["diameter_mm"], 3
    )
    yield from finding_rank(
        "the {n} pleural effusion findings with the lowest confidence",
        _kind_rows("pleural_effusion"),
        lambda f: f["confidence"],
        2,
    )
    yield from finding_rank(
        "bigest {n} spiculated nodules by diameter",
        _nod_rows(margin("spiculated")),
        lambda f: -f["diameter_mm"],
        3,
    )
    yield from finding_rank(
        "of the solid nodules, which {n} show the highest mean hu reading",
        _nod_rows(att("solid")),
        lambda f: -f["mean_hu"],
        3,
    )


def _neg_day(day: str) -> int:
    return -dt.date.fromisoformat(day).toordinal()


def stats(rng: random.Random) -> Rows:
    fam = "aggregates"
    yield from ask(
        fam,
        "avrage diameter in mm across every spiculated nodule",
        "value",
        _mean_field(_nod_rows(margin("spiculated")), "diameter_mm"),
    )
    yield from ask(
        fam,
        "meadian volume of ggns in cc",
        "value",
        _median_field(_nod_rows(att("ground-glass")), "volume_mm3", 1000),
    )
    yield from ask(
        fam,
        "what is the mean attenuation in hu across part-solid nodules",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "mean_hu"),
    )
    yield from ask(
        fam,
        "average confidence over all pneumothorax findings",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield from ask(
        fam,
        "what's the median long axis (cm) of solid nodules located in the RUL",
        "value",
        _median_field(_nod_rows(att("solid"), in_lobe("RUL")), "long_axis_mm", 10),
    )
    l_rows = _srows(ldct)
    yield from ask(
        fam,
        "mean count of nodules on each low dose screening exam",
        "value",
        mean_of([float(len(nods(s))) for s in l_rows]),
    )
    men = [p["patient_id"] for p in pats() if p["sex"] == "M"]
    yield from ask(
        fam,
        "mean number of nodules per man in the cohort",
        "value",
        mean_of([float(sum(len(nods(s)) for s in own(p))) for p in men]),
    )
    n_pat = len(pats())
    share = _first_share(
        *(
            (f"what percentage of patients are {w}", sum(1 for p in pats() if p["sex"] == c), n_pat)
            for w, c in (("women", "F"), ("men", "M"), ("of other sex", "O"))
        )
    )
    if share is not None:
        yield from ask(fam, share[0], "value", share[1])
    share = _first_share(
        *(
            (
                f"{yy} studies - percent {w}",
                count(in_year(yy), test),
                count(in_year(yy)),
            )
            for w, test in (("ct angiograms", cta), ("head cts", head_ct), ("chest x-rays", cxr))
            for yy in (2024, 2025, 2023, 2026)
        )
    )
    if share is not None:
        yield from ask(fam, share[0], "value", share[1])
    share = _first_share(
        ("what percentage of nodules are calcified", len(_nod_rows(calcified)), len(_nod_rows())),
        (
            "what percentage of nodules are spiculated",
            len(_nod_rows(margin("spiculated"))),
            len(_nod_rows()),
        ),
        *(
            (f"of all nodule findings, what percent are {w}", len(_nod_rows(t)), len(_nod_rows()))
            for w, t in (
                ("lobulated", margin("lobulated")),
                ("smooth", margin("smooth")),
                ("part-solid", att("part-solid")),
                ("ground-glass", att("ground-glass")),
                ("solid", att("solid")),
                ("in the rul", in_lobe("RUL")),
                ("in the lll", in_lobe("LLL")),
            )
        ),
    )
    if share is not None:
        yield from ask(fam, share[0], "value", share[1])
    share = _first_share(
        *(
            (
                f"share of twenty twenty {YEAR_WORD[yy]} ldcts"
                f" at see tee zero {DIGIT_WORD[st[-1]]}",
                count(ldct, in_year(yy), at_station(st)),
                count(ldct, in_year(yy)),
            )
            for yy in (2025, 2024, 2023, 2026)
            for st in ("CT01", "CT02")
        )
    )
    if share is not None:
        yield from ask(fam, share[0], "value", share[1])
    mass_p = pids(kind("mass"))
    yield from ask(
        fam,
        "Hi Ana, what is the average age of patients with a mass? Best, Tom",
        "value",
        mean_of([float(_age_at_latest(p, kind("mass"))) for p in mass_p]),
    )
    t24 = both_(ldct, in_year(2024))
    yield from ask(
        fam,
        "Good morning. Could you work out the median age of patients"
        " who had an ldct in 2024? Many thanks, Grace",
        "value",
        median_of([float(_age_at_latest(p, t24)) for p in pids(t24)]),
    )
    yield from ask(
        fam,
        "psn solid componnet, mean value in mm",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    share = _first_share(
        (
            "what % of head cts show an intracranial hemorrhage",
            count(head_ct, kind("intracranial_hemorrhage")),
            count(head_ct),
        ),
        (
            "what % of chest x-rays show a pneumothorax",
            count(cxr, kind("pneumothorax")),
            count(cxr),
        ),
        (
            "what % of ct angiograms show a consolidation",
            count(cta, kind("consolidation")),
            count(cta),
        ),
    )
    if share is not None:
        yield from ask(fam, share[0], "value", share[1])
    yield from ask(
        fam,
        "median diameter of nodules seen on ldcts",
        "value",
        _median_field(_nod_rows(where=ldct), "diameter_mm"),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    y = pick(rng, [2024, 2025])
    yield from ask(
        fam,
        f"exams from {y} where the report notes emphysema",
        "study",
        sids(in_year(y), says("emphysema")),
    )
    yield from ask(
        fam,
        "number of studies whose report is negative for emphysema",
        "count",
        count(denies("emphysema")),
    )
    yield from ask(
        fam,
        "which patients had lymphadenopathy documented in their report",
        "patient",
        pids(says("lymphadenopathy")),
    )
    yield from ask(
        fam,
        "number of studies reporting coronary artery calcification",
        "count",
        count(says("coronary")),
    )
    yield from ask(
        fam,
        "which studies have granuloma in the report with a calcified nodule",
        "study",
        sids(says("granuloma"), nod(calcified)),
    )
    yield from ask(
        fam,
        "how many screening cts from 2026 were without emphysema",
        "count",
        count(ldct, in_year(2026), neg(says("emphysema"))),
    )
    yield from ask(
        fam,
        "number of patients never documented with emphysema",
        "count",
        len(_never(says("emphysema"))),
    )
    yield from ask(
        fam,
        "studies with emphysema or lymphadenopathy in 2023",
        "study",
        sids(in_year(2023), either_(says("emphysema"), says("lymphadenopathy"))),
    )
    yield from ask(
        fam,
        "ct reports mentioning lymphadenopahty, count",
        "count",
        count(any_ct, says("lymphadenopathy")),
    )
    yield from ask(
        fam,
        "Good afternoon, how many women have emphysema? Regards, Lung clinic",
        "count",
        len([p for p in pids(says("emphysema")) if _sex_of(p) == "F"]),
    )
    share = _first_share(
        *(
            (
                f"what percent of {yy} ldcts mention emphysema",
                count(ldct, in_year(yy), says("emphysema")),
                count(ldct, in_year(yy)),
            )
            for yy in (2025, 2024, 2023, 2026)
        ),
        *(
            (
                f"what percent of {w} mention {c}",
                count(t, says(c)),
                count(t),
            )
            for w, t in (("ldcts", ldct), ("chest cts", chest_ct))
            for c in ("emphysema", "granuloma")
        ),
    )
    if share is not None:
        yield from ask(fam, share[0], "value", share[1])
    yield from ask(
        fam,
        "patients with emphysema mentioned in a report but never a mass",
        "patient",
        history(some_but_never(says("emphysema"), kind("mass"))),
    )
    yield from ask(
        fam,
        "coronary calcification on twenty twenty five ldcts - how many",
        "count",
        count(ldct, in_year(2025), says("coronary")),
    )
    yield from ask(
        fam,
        "reports calling granulmoa, how many studies",
        "count",
        count(says("granuloma")),
    )
    yield from ask(
        fam,
        "Dear Dr Patel, which men have coronary artery calcification"
        " on a chest CT? Regards, Cardiology",
        "patient",
        pids(chest_ct, sex_is("M"), says("coronary")),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    yield from ask(
        fam,
        "how many studies show a growing nodule",
        "count",
        *(count(fstudy(t)) for t in grew_readings()),
    )
    yield from ask(
        fam,
        "how many nodule findings show more than 3 mm of growth",
        "count",
        *(len(fids(t)) for t in grew_readings(3.0)),
    )
    yield from ask(
        fam,
        "patients with 2 mm or more of interval growth in a nodule",
        "patient",
        *(pids(fstudy(t)) for t in grew_readings(2.0, inclusive=True)),
    )
    yield from ask(
        fam,
        "on exams dated in 2024, how many nodule findings were new",
        "count",
        len(fids(new(False), where=in_year(2024))),
        len(fids(new(True), where=in_year(2024))),
    )
    yield from ask(
        fam,
        "list everyone who developed a brand new solid nodule",
        "patient",
        pids(fstudy(new(False), att("solid"))),
        pids(fstudy(new(True), att("solid"))),
    )
    yield from ask(
        fam,
        "number of unchanged nodules in the right upper lobe",
        "count",
        *(len(fids(stable(r, m), in_lobe("RUL"))) for r in (False, True) for m in (False, True)),
    )
    yield from ask(
        fam,
        "patients who never had a growing nodule, how many",
        "count",
        *(len(_never(fstudy(t))) for t in grew_readings()),
    )
    yield from ask(
        fam,
        "growign solid nodules located in the right upper lobe - studies",
        "study",
        *(sids(fstudy(t, att("solid"), in_lobe("RUL"))) for t in grew_readings()),
    )
    yield from ask(
        fam,
        "twenty twenty six ldcts with nodule growth of over three mm",
        "study",
        *(sids(ldct, in_year(2026), fstudy(t)) for t in grew_readings(3.0)),
    )
    yield from ask(
        fam,
        "studies with new nodules, not masses, in 2024",
        "study",
        sids(in_year(2024), fstudy(new(False), lambda f: not _mass_start(f))),
    )
    yield from ask(
        fam,
        "part-solid nodules unchanged from the prior - how many",
        "count",
        *(len(fids(stable(r, m), att("part-solid"))) for r in (False, True) for m in (False, True)),
    )
    yield from ask(
        fam,
        "pts with an enlarging nodule over ten millimetres",
        "patient",
        *(pids(fstudy(t, gt("diameter_mm", 10))) for t in grew_readings()),
    )
    yield from ask(
        fam,
        "new nodules in men, how many studies",
        "count",
        count(sex_is("M"), fstudy(new(False))),
        count(sex_is("M"), fstudy(new(True))),
    )
    yield from ask(
        fam,
        "grwoing nodules at ct02 - which patients",
        "patient",
        *(pids(at_station("CT02"), fstudy(t)) for t in grew_readings()),
    )
    yield from ask(
        fam,
        "Hello all, how many patients had a nodule grow by 4 mm or more? Best regards, QA team",
        "count",
        *(len(pids(fstudy(t))) for t in grew_readings(4.0, inclusive=True)),
    )
    yield from ask(
        fam,
        "part-solid nodules that grew since the prior scan, which studies",
        "study",
        *(sids(fstudy(t, att("part-solid"))) for t in grew_readings()),
        *(sids(fstudy(t, att("part-solid"), is_nodule)) for t in grew_readings()),
    )
    yield from ask(
        fam,
        "Hi Jo, could you tell me which patients have a"
        " stable nodule in the left upper lobe? Ta, Ben",
        "patient",
        *(pids(fstudy(stable(r, m), in_lobe("LUL"))) for r in (False, True) for m in (False, True)),
    )
    yield from ask(
        fam,
        "new nodules larger than 6 mm on ldcts from 2026 - how many findings",
        "count",
        len(fids(new(False), gt("diameter_mm", 6), where=both_(ldct, in_year(2026)))),
        len(fids(new(True), gt("diameter_mm", 6), where=both_(ldct, in_year(2026)))),
    )


def _mass_start(f: Row) -> bool:
    tid = f.get("track_id")
    if not tid:
        return False
    first = min(
        (g for g in findings() if g.get("track_id") == tid),
        key=lambda g: (study_of(g)["study_date"], study_of(g)["study_uid"]),
    )
    return bool(first["kind"] == "mass")


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    a = pick(rng, [70, 72, 75])
    yield from ask(
        fam,
        f"Dear colleagues, please send me the women over {a} with a chest ct. Thanks, Mei",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) > a), chest_ct),
    )
    yield from ask(
        fam,
        "men aged 50-60 with a spiculated nodule",
        "patient",
        *aged(both_(sex_is("M"), lambda s: 50 <= ref.age(s) <= 60), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "octogenarains who had an ldct",
        "patient",
        *aged(lambda s: 80 <= ref.age(s) <= 89, ldct),
    )
    yield from ask(
        fam,
        "M/F/O split of patients with a lung-rads 4X study",
        "groups",
        _groups(pids(cat_in("4X")), _sex_of),
    )
    yield from ask(
        fam,
        "headcount of patients with gender coded as other",
        "count",
        sum(1 for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        fam,
        "women born after 1980",
        "patient",
        sorted(p for p in born("1981-01-01", "9999-12-31") if _sex_of(p) == "F"),
    )
    yield from ask(
        fam,
        "head cts: women versus men",
        "groups",
        _groups(_srows(head_ct, lambda s: ref.sex(s) in ("F", "M")), ref.sex),
    )
    yield from ask(
        fam,
        "how many patients younger than forty five had a ct angio",
        "count",
        len(pids(cta, lambda s: ref.age(s) < 45)),
    )
    yield from ask(
        fam,
        "women in their 50s with ground glass nodules",
        "patient",
        *aged(both_(sex_is("F"), lambda s: 50 <= ref.age(s) <= 59), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "sexagenarians with a consolidation",
        "patient",
        *aged(lambda s: 60 <= ref.age(s) <= 69, kind("consolidation")),
    )
    yield from ask(
        fam,
        "pts 65-70 w a pleural effusion",
        "patient",
        *aged(lambda s: 65 <= ref.age(s) <= 70, kind("pleural_effusion")),
    )
    yield from ask(
        fam,
        "men in the whole database - head count",
        "count",
        sum(1 for p in pats() if p["sex"] == "M"),
    )
    yield from ask(
        fam,
        "how many ldcts were done in patients over seventy five",
        "count",
        count(ldct, lambda s: ref.age(s) > 75),
    )
    yield from ask(
        fam,
        "female patinets under 40 with any scan",
        "patient",
        pids(sex_is("F"), lambda s: ref.age(s) < 40),
    )
    yield from ask(
        fam,
        "Good morning - how many men were born before 1945? Best, Ana",
        "count",
        sum(1 for p in pats() if p["sex"] == "M" and p["birth_date"] < "1945-01-01"),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield from ask(
        fam,
        "2025 screening cts, CT01 versus CT02",
        "groups",
        _groups(_srows(ldct, in_year(2025)), lambda s: s["station"]),
    )
    yield from ask(fam, "DX01 exam total", "count", count(at_station("DX01")))
    yield from ask(
        fam,
        "head cts aquired on the ct02 scanner, how many",
        "count",
        count(head_ct, at_station("CT02")),
    )
    yield from ask(
        fam,
        "Hi, can someone tell me the number of chest cts with contrast? Thanks, Finance",
        "count",
        count(with_contrast),
    )
    q = pick(rng, [2, 3, 4])
    yield from ask(
        fam,
        f"exams per station in Q{q} 2024",
        "groups",
        _groups(_srows(quarter(2024, q)), lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "studies by modality for 2023",
        "groups",
        _groups(_srows(in_year(2023)), lambda s: s["modality"]),
    )
    yield from ask(
        fam,
        "body part breakdown of studies at CT02",
        "groups",
        _groups(_srows(at_station("CT02")), lambda s: s["body_part"]),
    )
    m = pick(rng, [1, 2, 3, 4, 5, 6])
    yield from ask(
        fam,
        f"ctpa count {MON[m - 1]} 2026",
        "count",
        count(cta, dated(f"2026-{m:02d}-01", month_end_(2026, m))),
    )
    yield from ask(
        fam,
        "'CT CHEST W/O CONTRAST' exams acquired during 2026, list them",
        "study",
        sids(non_contrast_chest, in_year(2026)),
    )
    yield from ask(
        fam,
        "pe cts done at ct01 that showed consolidation",
        "study",
        sids(cta, at_station("CT01"), kind("consolidation")),
    )
    yield from ask(
        fam,
        "chest x-rays with a pnuemothorax",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield from ask(fam, "ct angio exams at ct02, how many", "count", count(cta, at_station("CT02")))
    mo = pick(rng, [5, 6, 7, 9])
    yield from ask(
        fam,
        f"see tee zero one workload in {MONTH[mo - 1]} twenty twenty five",
        "count",
        count(at_station("CT01"), dated(f"2025-{mo:02d}-01", month_end_(2025, mo))),
    )
    yield from ask(
        fam,
        "Hi both, what is the count of chest xrays taken in 2024? Thanks, Tom",
        "count",
        count(cxr, in_year(2024)),
    )
    yield from ask(
        fam,
        "masses seen on diagnostic chest cts - which exams",
        "study",
        sids(chest_ct, neg(ldct), kind("mass")),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield from ask(
        fam,
        "right middle lobe nodule tally",
        "count",
        _n(_nod_rows(in_lobe("RML"))),
    )
    yield from ask(
        fam,
        "rul ggns - studies",
        "study",
        sids(nod(in_lobe("RUL"), att("ground-glass"))),
    )
    yield from ask(
        fam,
        "patients with a solid nodule over eight millimetres in the left lower lobe",
        "patient",
        pids(nod(in_lobe("LLL"), att("solid"), gt("diameter_mm", 8))),
    )
    yield from ask(
        fam,
        "nodule count per lobe for 2024 scans",
        "groups",
        _groups(_nod_rows(where=in_year(2024)), lambda f: f["lobe"]),
    )
    yield from ask(
        fam,
        "nodule totals: rul v lul",
        "groups",
        _groups(_nod_rows(in_lobe("RUL", "LUL")), lambda f: f["lobe"]),
    )
    yield from ask(
        fam,
        "how many nodules in the left lung",
        "count",
        _n(_nod_rows(in_lobe("LUL", "LLL"))),
        _n(_nod_rows(lambda f: f["lobe"] in ("LUL", "LLL") or f["side"] == "left")),
    )

    def bilateral(s: Row) -> bool:
        lobes_ = {f["lobe"] for f in nods(s)}
        return bool(lobes_ & {"RUL", "RML", "RLL"}) and bool(lobes_ & {"LUL", "LLL"})

    yield from ask(
        fam,
        "how many ldcts have bilateral nodules",
        "count",
        count(ldct, bilateral),
    )

    def only_rll(s: Row) -> bool:
        ls = {f["lobe"] for f in nods(s)}
        return ls == {"RLL"}

    yield from ask(
        fam,
        "ldcts where the only nodules were in the rll, how many",
        "count",
        count(ldct, only_rll),
    )
    yield from ask(
        fam,
        "nodules in the uppper lobes, count",
        "count",
        _n(_nod_rows(in_lobe("RUL", "LUL"))),
    )
    yield from ask(
        fam,
        "LLL nodules with spiculated margins, count them",
        "count",
        _n(_nod_rows(in_lobe("LLL"), margin("spiculated"))),
    )
    yield from ask(
        fam,
        "pts w a calcified rml nodule",
        "patient",
        pids(nod(in_lobe("RML"), calcified)),
    )
    yield from ask(
        fam,
        "part-solid nodules in the rigth lower lobe, which scans",
        "study",
        sids(nod(in_lobe("RLL"), att("part-solid"))),
    )
    yield from ask(
        fam,
        "nodule counts in male patients, lll against rll",
        "groups",
        _groups(
            _nod_rows(in_lobe("LLL", "RLL"), where=sex_is("M")),
            lambda f: f["lobe"],
        ),
    )
    yield from ask(
        fam,
        "largest rml nodule",
        "finding",
        top(_nod_rows(in_lobe("RML")), lambda f: -f["diameter_mm"], 1, "finding_id"),
    )
    yield from ask(
        fam,
        "Dear all, which women have a nodule in the left upper lobe larger than 15 mm? Best, Hana",
        "patient",
        pids(sex_is("F"), nod(in_lobe("LUL"), gt("diameter_mm", 15))),
    )


def features(rng: random.Random) -> Rows:
    fam = "characteristics"
    yield from ask(
        fam,
        "spiculated nodules > 10 mm - which studies",
        "study",
        sids(nod(margin("spiculated"), gt("diameter_mm", 10))),
    )
    yield from ask(
        fam,
        "pts who have a part-solid nodule with lobulated margins",
        "patient",
        pids(nod(margin("lobulated"), att("part-solid"))),
    )
    yield from ask(
        fam, "calcfied nodule total across the cohort", "count", _n(_nod_rows(calcified))
    )
    yield from ask(
        fam,
        "solid non-calcified nodules measuring at least 8 mm, count",
        "count",
        _n(_nod_rows(uncalcified, att("solid"), ge("diameter_mm", 8))),
    )
    yield from ask(
        fam,
        "ggn count by margin",
        "groups",
        _groups(_nod_rows(att("ground-glass")), lambda f: f["margin"]),
    )
    yield from ask(
        fam,
        "nodules by attenuation on 2026 scans",
        "groups",
        _groups(_nod_rows(where=in_year(2026)), lambda f: f["attenuation"]),
    )
    yield from ask(
        fam,
        "in the right upper lobe, smooth against spiculated nodules",
        "groups",
        _groups(
            _nod_rows(in_lobe("RUL"), _sm_sp),
            lambda f: f["margin"],
        ),
    )
    yield from ask(
        fam, "subsolid nodule total in the whole dataset", "count", _n(_nod_rows(subsolid))
    )
    yield from ask(
        fam,
        "pure ground-glass nodules above twenty millimetres, which patients",
        "patient",
        pids(nod(att("ground-glass"), gt("diameter_mm", 20))),
    )
    yield from ask(
        fam,
        "scans w psn solid comp >= 6mm",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield from ask(
        fam,
        "smooth-margined calcified nodules, total",
        "count",
        _n(_nod_rows(margin("smooth"), calcified)),
    )
    yield from ask(
        fam,
        "spicualted ggns - patients",
        "patient",
        pids(nod(margin("spiculated"), att("ground-glass"))),
    )
    yield from ask(
        fam,
        "lobulated solid nodules in ldcts from 2025, how many ldcts",
        "count",
        count(ldct, in_year(2025), nod(margin("lobulated"), att("solid"))),
    )
    yield from ask(
        fam,
        "Hi there, which patients have a calcified nodule larger than 6 mm? Cheers, Omar",
        "patient",
        pids(nod(calcified, gt("diameter_mm", 6))),
    )
    yield from ask(
        fam,
        "how many noncalcifed part-solid nodules",
        "count",
        _n(_nod_rows(uncalcified, att("part-solid"))),
    )


def _sm_sp(f: Row) -> bool:
    return f["margin"] in ("smooth", "spiculated")


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    many = _pool(lambda p: len({s["study_date"] for s in own(p)}) >= 3)
    p1 = pick(rng, many)
    yield from ask(
        fam,
        f"{p1}, days from earliest to latest scan",
        "value",
        float(_span_days(p1, ALL) or 0),
    )
    p2 = pick(rng, _pool(lambda p: len(_dates(p, ldct)) >= 3))
    span = _span_days(p2, ldct)
    if span is not None:
        yield from ask(
            fam,
            f"for {p2}, months from baseline ldct to latest ldct",
            "value",
            span / 30.4375,
        )
    p3 = pick(rng, many)
    yield from ask(
        fam,
        f"length of follow-up for {p3} in years (first to latest study)",
        "value",
        (_span_days(p3, ALL) or 0) / 365.25,
    )
    spans = [d for d in (_span_days(p["patient_id"], ALL) for p in pats()) if d is not None]
    yield from ask(
        fam,
        "average days between first and latest scan per patient",
        "value",
        mean_of([float(d) for d in spans]),
    )
    yield from ask(
        fam,
        "Hi Sam, what is the median interval in days between consecutive ldcts? Thanks, Stats unit",
        "value",
        median_of([float(g) for g in _consecutive_gaps(ldct)]),
    )
    yield from ask(
        fam,
        "mean gap in months between consecutive studies",
        "value",
        mean_of([g / 30.4375 for g in _consecutive_gaps(ALL)]),
    )
    yield from ask(
        fam,
        "patients with a follow-up span longer than twenty four months",
        "patient",
        _followed_months(24, False),
    )
    yield from ask(
        fam,
        "anyone whose back-to-back screening cts sat more than 13 months apart",
        "patient",
        _gap_over(ldct, 13),
    )
    yield from ask(
        fam,
        "ldcts folowed by another ldct within 13 months, how many",
        "count",
        len(_repeated_within(ldct, 13)),
    )
    p4 = pick(rng, _pool(lambda p: len(_dates(p, ALL)) >= 2))
    mine = own(p4)
    a, b = mine[0], mine[-1]
    if a["study_date"] < b["study_date"]:
        yield from ask(
            fam,
            f"accession {a['accession']} to accession {b['accession']}: how many days apart",
            "value",
            float(days_between(a["study_date"], b["study_date"])),
        )
    yield from ask(
        fam,
        "Good morning, how many patients have at least 30 months of follow-up? Regards, Registry",
        "count",
        len(_followed_months(30, True)),
    )
    yield from ask(
        fam,
        "patients who came back for another scan within 11 months",
        "patient",
        pids_of(_repeated_within(ALL, 11)),
    )
    yield from ask(
        fam,
        "typical (median) time in months between a patient's first and latest chest ct",
        "value",
        median_of(
            [
                d / 30.4375
                for d in (_span_days(p["patient_id"], chest_ct) for p in pats())
                if d is not None
            ]
        ),
    )
    yield from ask(
        fam,
        "how many patients had consecutive scans less than 11 months apart",
        "count",
        len(_gap_under(ALL, 11)),
    )


def pids_of(uids: list[str]) -> list[str]:
    by_uid = ref.cohort()[1]
    return sorted({str(by_uid[u]["patient_id"]) for u in uids})


def _gap_under(test: Test, months: int) -> list[str]:
    def fits(mine: list[Row]) -> bool:
        days = sorted({str(s["study_date"]) for s in mine if test(s)})
        return any(b < months_on(a, months) for a, b in itertools.pairwise(days))

    return history(fits)


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
    print(f"{PART}: {len(built)} questions; LEFT_OUT: {LEFT_OUT}")
    print(Counter(item.family for item in built))
