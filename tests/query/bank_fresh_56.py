"""Held-out part 56 of the question bank: cohort questions as an on-call resident, an emergency
physician and everyone else who asks types them.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to it:
its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow phrasings),
the "Conventions" section of ``docs/query.md`` (up to "One model version") and its "Reports"
section up to "How well it reads" (not the reader's measurements nor the lists of misses, fixes and
limits), :mod:`question_bank` (the :class:`Item` type, its helpers and its scoring function
``_matches``, for the form of a "value" or "groups" answer), :mod:`cohort_reference`,
:mod:`blind_reference` (the shared plain-Python reading of the cohort, imported here), and
``bank_fresh_41.py`` for its format, module docstring and helper functions only, not its questions.
The reader's code (``query/``), ``appliance/``, the tests (``test_*.py``), ``family_reading.py``
and the other parts' questions were not opened, and the engine was never run on these questions:
they were frozen (committed) before any was put to it, and none is to be changed to suit it
afterwards. Their texts were compared with ``dev_queries.jsonl``, with parts 22 to 55 (loaded
through their ``bank()``, never read), with every question of ``question_bank.bank()`` and
``question_bank.ungated_bank()``, and with parts 57 to 59 (on their branches, once they existed) by
a throwaway script that printed only this part's matches (word for word after lower-casing and
dropping punctuation, or a word overlap of 75 % or more of the longer question): on the first pass
115 matched (26 word for word; parts 57 to 59 did not exist yet) and were reworded, then 35 matched
(7 word for word, parts 57 to 59 now among them) and were reworded again, then none; none is left,
and no question of this part repeats another of it (:func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 251 in all), leaning toward
the on-call resident's and the ED physician's questions (large and urgent findings, high Lung-RADS,
growth, the latest studies and who was scanned lately, one patient at a time by identifier, a size
with a date window): identifiers [17] (a patient's latest scan and every exam, an accession's
patient twice, an accession's findings, a patient's number of studies, a UID's nodule findings and
patient, the largest nodule on an accession, a baseline LDCT, a patient's scans with a mass, the
nodules on a latest CT, a patient's CTPA, two accessions' findings in an e-mail, a patient's 2025
studies, two patients' imaging, an unknown MRN); dates [17] (a quarter, the last 4 days, "since
august", a month range, an ISO range, births before a year, one day, a decade of birth, a month
spelt out, "this year", "last yr", the past 2 weeks, the second half of a year, "more than 3 years
old", births "thru", a range across a new year, a written date range in an e-mail); numbers [18]
("> 2 cm", an inclusive mm range, HU below a negative number and an HU range, confidence under
".62", solid component, volume in mm3, long and short axis, a size in the last 3 months, "three and
a half centimetres", subcentimeter solid, "twenty two point five", a cm size since a month, "at
most 2.5 mm", a size scanned in the last 60 days, a range on 2026's LDCTs, a breakdown of large
nodules by attenuation); counts [16] (exactly 2 on one CT, 5 or more, over 5, exactly 1, zero and
fewer than 2 nodules, at least 4 / exactly 1 / exactly 3 studies, 3+ LDCTs, more than one head CT,
2+ chest x-rays and CT angiograms, the same nodule on 4+ scans, exactly three / at least 4
findings); set logic [17] ("both ... at some point", "but never" with studies, findings, a
Lung-RADS category and report concepts, "never had", "excluding anyone with", two attenuations on
the same scan, "or", "never scanned at", a nodule "but no" ggn, women vs men ever with a spiculated
nodule); Lung-RADS [19] (a category in a year and a quarter, the highest ever, breakdowns of a
year's, a station's and a quarter's LDCTs, the highest ever per patient, "from 2 to 4A", went up
(twice), windows of 6 months, 120 and 30 days, a category count, "but never 4a 4b or 4x", "peaked
at", a share of a year's LDCTs); rankings and top-N [17] (largest nodules, patients by nodule and
ggn counts and by largest nodule, most recent head CTs and x-rays, oldest and youngest patients,
lowest HU, densest, most confident pneumothoraces, largest volume and solid component, a mass's
long axis, earliest CT angiograms, smallest ggns, largest spiculated nodules of a year); aggregates
and percentages [15] (mean / median diameter, HU, confidence, volume in cc, nodules per LDCT, long
and short axis, solid component, a year's mean size in cm; shares of a sex, of a year's LDCTs in a
category and of a lobe's nodules; the candidate shares of a year's studies at a station, of a
year's LDCTs with a nodule of 8 mm or more and of a year's LDCTs whose report mentions emphysema
came within 0.005 of a tenth for no year tried, so none of them is asked); report concepts with
negation [16] (emphysema, lymphadenopathy, "enlarged lymph nodes", coronary calcification,
granuloma; "negative for", "say no", "document no", "without", "no ... mentioned", "but never",
with a finding or a category, per station); growth / new / stable [17] (growing, more than 3 and 5
mm, at least 2 mm, "new nodules, not masses", stable in a lobe, enlarging counted, growing and over
15 mm, never growing, new solid in 6 months, growing ggns, interval growth, a new nodule with a
category, a count of patients, new findings counted, new part-solid since January, growth by lobe);
demographics [17] (ages with a sex and a finding or a kind of study, an age range, "in their 70s",
80 or older, sex counts and "other", breakdowns by sex, a birth year, younger than 40 at a head
CT); modality / description / station [18] (DX01, CT01, CT02, "ct pe", "ctpa(s)", "contrast
enhanced", a description quoted, radiographs, station, modality, body-part and description
breakdowns, a month's LDCTs per station, head CTs lately, an e-mail count); lobes [16] (each lobe
by abbreviation and name, left and right lung, a breakdown by lobe and of a year's ggns, two lobes
compared, masses by lobe, consolidation in a lobe, a lobe with a category, a lobe with a size in
the last 2 months); attenuation / margin / calcification [17] (spiculated, lobulated, smooth,
calcified and not, pure ground glass, subsolid, part-solid, breakdowns by attenuation and margin,
spiculated vs smooth); intervals [14] (days first to latest study, between two accessions, first to
last LDCT, the last two and first two scans, mean, median, longest and shortest gaps between
consecutive studies, follow-up longer than 30 months, at least 36 months, more than 2 years, the
median follow-up span).

The styles are mixed in roughly equal shares: the resident's pager shorthand ("lr", "nods", "ggo",
"pts w", "acc#", "stat", "ED here"), a nurse's or clinician's full sentences, a screening
coordinator's Lung-RADS over time, a manager's counts per station, quarter and month, a data
scientist's ranges, means and medians, search-box keywords ("lobualted ggo", "lungrads 3 pts
2023"), dictated numbers ("twenty two point five millimetres", "three and a half centimetres"), and
questions pasted in an e-mail with a greeting and a sign-off. 30 questions (about one in eight)
carry a hurried typist's slip ("pateint", "studeis", "nodlues", "exaclty", "pateints", "lungrads",
"medain", "emphysmea", "lymphadenopthy", "grwoing", "femal", "pneumothroax", "rigth", "calcifed",
"spiculted", "agust", "befor", "scnas", "biger", "noduels", "scaned", "categroy", "patinets",
"volumne", "granulomma", "stabel", "patiens", "enhaced", "loeb", "consecutve"); their answers are
what they plainly mean. About one in five asks about groups (27 breakdowns and comparisons, 4
shares, 17 rankings).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients, accessions
and UIDs, a day, a month and a size range; a ranking's number is the first from the one written
whose boundary has no tie, a percentage the first of a list of candidates (years, lobes) that is
neither 0 nor 100 % and lies within 0.005 of a tenth. Expected answers are computed here in plain
Python with the documented conventions written out by hand. Where the conventions do not settle a
reading the question is asked only when the competing readings give the same answer (:func:`ask`;
``LEFT_OUT`` lists any that do not as the bank is built, and is empty for this seed): the first day
of "the last N days / weeks / months" (N back or N - 1 back), the boundary day of "more than 3
years old", a track that was a mass from its first study counted or not as a new or stable nodule,
a change taken in floating point or to 0.1 mm, a nodule across N scans counting a mass on its track
or not, a sex or an age and a finding on one study or each on some study, "a lung-rads 4 ldct with
a nodule over 20 mm" (the study's category or the nodule's), "at least 36 months of follow-up" as
calendar months or days, and "more than 2 years" as 24 calendar months or 730 days. Drafts replaced
before freezing because their readings disagreed: "who got scanned in the last 5 days" (asked of
4), "ldcts categorised lung-rads 4 that have a nodule over 20 mm" (replaced by 4A in the past 120
days), "women with coronary calcification on a ct with a mass" (asked on the same CT with a
spiculated nodule), "enlarged lymph nodes in the last 90 days" (asked of 100), "new nodules in
2025" (the mass-from-start track of 2025; asked as "new nodules, not masses"), "pts in their 70s
with a pneumothorax" (asked of the studies), "patients followed for at least 3 years" (asked as 36
months), and three percentages not within 0.005 of a tenth (2024's LDCTs at Lung-RADS 2, asked of
2023; the female share, asked of the third sex; the spiculated share). Drafts whose answers were
empty by accident were replaced: "patients who had both a head ct and a chest ct" (no patient here
has studies of two kinds; asked of a calcified and a part-solid nodule), "patients who went down a
Lung-RADS category" (no category here ever falls; asked as "went up"), "ctpa on ct01 with a
pneumothorax" (asked of chest x-rays), "lul part solid nodules with solid component over 5 mm"
(asked over 4 mm). A ranking of "the 5 patients with the most studies" tied at every count up to 8
and was replaced by patients ranked by their largest nodule. Readings taken: "ldct", "screening ct"
and "low dose ct" are the CT CHEST LOW DOSE LUNG SCREENING studies; "ct angio(gram)s", "ctpa(s)"
and "ct pe" the CT ANGIO CHEST PE studies; "chest x-rays", "cxrs" and "radiographs" the DX studies;
"contrast enhanced chest cts" the CT CHEST W CONTRAST studies; "ct" alone any CT study ("the most
recent ct" of a patient is asked only of a patient whose studies are all LDCTs); "findings" every
kind of finding; a breakdown or comparison of nodules counts nodule findings, of studies studies,
of patients patients, and "men vs women" leaves out the third sex; a Lung-RADS breakdown lists only
the categories that occur; "highest-ever lung-rads per patient" counts the patients whose studies
have a category; "reports negative for X", "say no X" and "document no X" are the denied reading,
"w/o X" and "no X mentioned" no affirmed mention ("w/o X on the read" too); "growing", "enlarging"
and "interval growth" are the README's growth; "pts with no nodule growth ever recorded" takes in
patients with no nodule; the mean and median gaps between consecutive studies are over every
patient's consecutive pairs (of the kind of study named, other studies between them skipped), and
the median follow-up span is over the patients with two or more studies. One answer is empty on
purpose (an unknown MRN, P00999).

Scored alone with ``python tests/query/question_bank.py --part held_out_56 -v`` once wired in.
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
    months_on,
    neg,
    new,
    nod,
    nods,
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

PART = "held_out_56"
SEED = 5656

# Questions whose readings disagreed (or whose ranking tied at its boundary, or whose percentage
# was not within 0.005 of a tenth), so were left out: filled while the bank is built.
LEFT_OUT: list[str] = []


def _q(family: str, question: str, unit: str, expected: Any, as_of: str = AS_OF) -> Item:
    return Item(family, PART, question, unit, expected, as_of)


def ask(family: str, question: str, unit: str, *readings: Any, as_of: str = AS_OF) -> Rows:
    """One question, asked only when every competing reading gives the same (defined) answer."""
    answer = agreed(*readings)
    if answer is None or (isinstance(answer, list) and unit != "groups" and not answer):
        LEFT_OUT.append(question)
        return
    yield _q(family, question, unit, answer, as_of)


def empty_on_purpose(family: str, question: str, unit: str, expected: Any) -> Rows:
    yield _q(family, question, unit, expected)


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


def _study_groups(test: Test, key: Callable[[Row], Any]) -> list[tuple[Any, int]]:
    return _groups([s for s in studies() if test(s)], key)


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


def _last_days(n: int) -> list[Test]:
    """The two readings of "the last n days": from n days back, or from n - 1 days back."""
    return [dated(shift(AS_OF, -n), AS_OF), dated(shift(AS_OF, 1 - n), AS_OF)]


def _last_months(n: int) -> list[Test]:
    start = months_on(AS_OF, -n)
    return [dated(start, AS_OF), dated(shift(start, 1), AS_OF)]


def _acc(s: Row) -> str:
    return str(s["accession"])


def _fsort(rows: Sequence[Row]) -> list[str]:
    return sorted(str(f["finding_id"]) for f in rows)


def _both_ways(*tests: Test) -> list[list[str]]:
    """Patients with every test on one study, and each on some study (two readings)."""
    return [pids(*tests), history(each_on_some(*tests))]


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    f = "identifiers"
    multi = _pool(lambda p: len(own(p)) >= 3)
    p1 = pick(rng, multi)
    yield from ask(f, f"{p1} latest scan? need it stat", "study", _uid(_latest(p1, ALL)))
    p2 = pick(rng, [p for p in multi if p != p1])
    yield from ask(
        f,
        f"on call - can you pull up every exam we hold for pt {p2}",
        "study",
        sids(lambda s: s["patient_id"] == p2),
    )
    many = [s for s in studies() if len(fo(s)) >= 3]
    s1 = pick(rng, many)
    yield from ask(f, f"acc {_acc(s1)} - whose scan is this", "patient", [s1["patient_id"]])
    s2 = pick(rng, [s for s in many if s is not s1])
    yield from ask(f, f"list findings for accession {_acc(s2)}", "finding", _fsort(fo(s2)))
    p3 = pick(rng, _pool(lambda p: len(own(p)) == 4))
    yield from ask(f, f"how many imaging studies has {p3} had with us", "count", len(own(p3)))
    s3 = pick(rng, [s for s in studies() if len(nods(s)) >= 2 and len(fo(s)) > len(nods(s))])
    yield from ask(
        f, f"nodule findings only on study {s3['study_uid']}", "finding", _fsort(nods(s3))
    )
    s4 = pick(rng, [s for s in studies() if cta(s)])
    yield from ask(
        f, f"study instance UID {s4['study_uid']}: which patient?", "patient", [s4["patient_id"]]
    )

    def unique_max(s: Row) -> bool:
        sizes = sorted((x["diameter_mm"] for x in nods(s)), reverse=True)
        return len(sizes) >= 3 and sizes[0] > sizes[1]

    s5 = pick(rng, [s for s in studies() if unique_max(s)])
    big = max(nods(s5), key=lambda x: x["diameter_mm"])
    yield from ask(f, f"largest nodule on acc# {_acc(s5)}", "finding", [big["finding_id"]])
    p4 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    yield from ask(f, f"{p4} baseline ldct", "study", _uid(_first(p4, ldct)))
    p5 = pick(rng, _pool(lambda p: any(kind("mass")(s) for s in own(p))))
    yield from ask(
        f,
        f"which of {p5}'s scans show a mass",
        "study",
        sids(lambda s: s["patient_id"] == p5, kind("mass")),
    )
    p6 = pick(
        rng,
        _pool(lambda p: len(own(p)) >= 2 and all(map(ldct, own(p))) and len(nods(own(p)[-1])) >= 2),
    )
    yield from ask(
        f,
        f"number of nodules on the most recent ct for {p6}",
        "count",
        len(nods(own(p6)[-1])),
    )
    p7 = pick(rng, _pool(lambda p: any(cta(s) for s in own(p)) and len(own(p)) >= 2))
    yield from ask(f, f"{p7} ctpa", "study", sids(lambda s: s["patient_id"] == p7, cta))
    a, b = rng.sample([s for s in studies() if len(fo(s)) >= 2], 2)
    yield from ask(
        f,
        f"Hello, could you send me every finding recorded on accession numbers {_acc(a)} and "
        f"{_acc(b)}? Many thanks, Priya (oncology)",
        "finding",
        _fsort([*fo(a), *fo(b)]),
    )
    p8 = pick(rng, _pool(lambda p: _count_in(p, in_year(2025)) >= 2))
    yield from ask(
        f,
        f"pateint {p8} studies from 2025",
        "study",
        sids(lambda s: s["patient_id"] == p8, in_year(2025)),
    )
    q1, q2 = rng.sample(_pool(lambda p: len(own(p)) == 2), 2)
    yield from ask(
        f,
        f"ED here - imaging for {q1} and {q2}?",
        "study",
        sids(lambda s: s["patient_id"] in (q1, q2)),
    )
    s6 = pick(rng, [s for s in studies() if head_ct(s)])
    yield from ask(
        f, f"ED asking: accession {_acc(s6)}, which patient is that", "patient", [s6["patient_id"]]
    )
    yield from empty_on_purpose(f, "any scans for MRN P00999?", "study", [])


def dates(rng: random.Random) -> Rows:
    f = "dates"
    y = pick(rng, [2024, 2025])
    q = pick(rng, [2, 3])
    yield from ask(
        f,
        f"on-call audit: every ldct our scanners ran in Q{q} {y}",
        "study",
        sids(ldct, quarter(y, q)),
    )
    yield from ask(
        f, "who got scanned in the last 4 days", "patient", *[pids(t) for t in _last_days(4)]
    )
    yield from ask(f, "chest cts since agust", "study", sids(chest_ct, dated("2026-08-01", AS_OF)))
    yield from ask(
        f, "cxrs between feb and apr 2024", "study", sids(cxr, dated("2024-02-01", "2024-04-30"))
    )
    yield from ask(
        f,
        "head CT 2025-06-01 to 2025-07-31",
        "study",
        sids(head_ct, dated("2025-06-01", "2025-07-31")),
    )
    yield from ask(
        f,
        "patients born befor 1944",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["birth_date"] < "1944-01-01"),
    )
    day = pick(
        rng,
        sorted(
            {
                s["study_date"]
                for s in studies()
                if s["study_date"] >= "2026-09-01"
                and count(dated(s["study_date"], s["study_date"])) >= 3
            }
        ),
    )
    yield from ask(f, f"everything scanned on {day}", "study", sids(dated(day, day)))
    yield from ask(
        f,
        "patients whose birth date falls in the 1990s",
        "patient",
        sorted(p["patient_id"] for p in pats() if "1990-01-01" <= p["birth_date"] <= "1999-12-31"),
    )
    m = pick(rng, [3, 4, 5])
    yield from ask(
        f,
        f"{MONTH[m - 1]} 2026: how many exams did the department perform altogether?",
        "count",
        count(dated(f"2026-{m:02d}-01", f"2026-{m:02d}-{[31, 30, 31][m - 3]}")),
    )
    yield from ask(f, "ct angios this year", "study", sids(cta, dated("2026-01-01", AS_OF)))
    yield from ask(f, "head cts done last yr, list em", "study", sids(head_ct, in_year(2025)))
    yield from ask(f, "scnas in the past 2 weeks", "study", *[sids(t) for t in _last_days(14)])
    yield from ask(
        f,
        "which screening cts were acquired during the second half of 2023",
        "study",
        sids(ldct, dated("2023-07-01", "2023-12-31")),
    )
    yield from ask(
        f,
        "chest x-rays more than 3 years old",
        "study",
        sids(cxr, lambda s: s["study_date"] < "2023-11-01"),
        sids(cxr, lambda s: s["study_date"] <= "2023-11-01"),
    )
    yield from ask(
        f,
        "pts born 1961 thru 1963",
        "patient",
        sorted(p["patient_id"] for p in pats() if "1961-01-01" <= p["birth_date"] <= "1963-12-31"),
    )
    yield from ask(
        f,
        "studeis from nov 2025 to jan 2026",
        "study",
        sids(dated("2025-11-01", "2026-01-31")),
    )
    yield from ask(
        f,
        "Hi team, how many low-dose screening CTs did we do between 1 October 2025 and 31 "
        "December 2025 inclusive? Cheers, Mark",
        "count",
        count(ldct, dated("2025-10-01", "2025-12-31")),
    )


def numbers(rng: random.Random) -> Rows:
    f = "numbers"
    yield from ask(f, "on call: studies w nods > 2 cm", "study", sids(nod(gt("diameter_mm", 20))))
    lo = pick(rng, [6, 7])
    yield from ask(
        f,
        f"which scans show nods {lo}-{lo + 2}mm, pls",
        "study",
        sids(nod(within("diameter_mm", lo, lo + 2))),
    )
    yield from ask(
        f,
        "very low density: exams with a nodule averaging below -600 HU",
        "study",
        sids(nod(lt("mean_hu", -600))),
    )
    yield from ask(
        f,
        "how many nodules have attenuation between -50 and 50 HU",
        "count",
        len(_nod_rows(within("mean_hu", -50, 50))),
    )
    yield from ask(
        f,
        "findings with confidence under .62",
        "finding",
        fids(lt("confidence", 0.62)),
    )
    yield from ask(
        f,
        "worrying psn: solid comp of 6 mm or more, which exams",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield from ask(
        f,
        "ED wants exams where some nodule tops 2000 mm3 in volume",
        "study",
        sids(nod(gt("volume_mm3", 2000))),
    )
    yield from ask(
        f,
        "nodule long axis measuring at least 25 mm - which exams",
        "study",
        sids(nod(ge("long_axis_mm", 25))),
    )
    yield from ask(
        f,
        "nodules over 15 mm in the last 3 months",
        "study",
        *[sids(nod(gt("diameter_mm", 15)), t) for t in _last_months(3)],
    )
    yield from ask(
        f,
        "any masses biger than three and a half centimetres on our scans",
        "study",
        sids(kind("mass", gt("diameter_mm", 35))),
    )
    yield from ask(
        f,
        "2024 exams with a subcentimeter solid nodule",
        "study",
        sids(nod(att("solid"), lt("diameter_mm", 10)), in_year(2024)),
    )
    yield from ask(
        f,
        "dictating: nodules of twenty two point five millimetres or larger, which studies",
        "study",
        sids(nod(ge("diameter_mm", 22.5))),
    )
    yield from ask(
        f,
        "ground glass nodules over 1.5 cm since june",
        "study",
        sids(nod(att("ground-glass"), gt("diameter_mm", 15)), dated("2026-06-01", AS_OF)),
    )
    yield from ask(
        f, "how many nodules are at most 2.5 mm", "count", len(_nod_rows(le("diameter_mm", 2.5)))
    )
    yield from ask(
        f,
        "pts w a nodule >= 20mm scanned in the last 60 days",
        "patient",
        *[pids(nod(ge("diameter_mm", 20)), t) for t in _last_days(60)],
    )
    yield from ask(
        f, "nodules with short axis less than 3mm", "study", sids(nod(lt("short_axis_mm", 3)))
    )
    yield from ask(
        f,
        "nodlues 4 to 5 mm on ldcts in 2026",
        "study",
        sids(ldct, in_year(2026), nod(within("diameter_mm", 4, 5))),
    )

    yield from ask(
        f,
        "big ones only: nodules over 20 mm, counted per attenuation",
        "groups",
        _groups(_nod_rows(gt("diameter_mm", 20)), lambda x: x["attenuation"]),
    )


def counts(rng: random.Random) -> Rows:
    f = "counts"
    yield from ask(
        f,
        "which pts had a ct showing exactly 2 nodules",
        "patient",
        pids(_n_nods(lambda n: n == 2)),
    )
    yield from ask(f, "studies with 5 or more noduels", "study", sids(_n_nods(lambda n: n >= 5)))
    yield from ask(
        f,
        "which pts have been scanned at least 4 times",
        "patient",
        _per_patient(ALL, lambda n: n >= 4),
    )
    yield from ask(
        f,
        "one-and-done: tally of pts with a single scan on record",
        "count",
        len(_per_patient(ALL, lambda n: n == 1)),
    )
    yield from ask(
        f, "number of pts with 3+ ldcts", "count", len(_per_patient(ldct, lambda n: n >= 3))
    )
    yield from ask(
        f,
        "ldcts with zero nodules in 2026",
        "study",
        sids(ldct, in_year(2026), _n_nods(lambda n: n == 0)),
    )
    yield from ask(
        f,
        "repeat head imaging: pts who needed more than one head ct",
        "patient",
        _per_patient(head_ct, lambda n: n > 1),
    )
    yield from ask(
        f,
        "pts with one nodule tracked across at least 4 scans",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield from ask(
        f,
        "which exams have exactly three findings recorded",
        "study",
        sids(lambda s: len(fo(s)) == 3),
    )
    yield from ask(
        f,
        "2025 ldcts showing fewer than 2 nodules",
        "study",
        sids(ldct, in_year(2025), _n_nods(lambda n: n < 2)),
    )
    yield from ask(
        f,
        "who has had 2 or more chest xrays",
        "patient",
        _per_patient(cxr, lambda n: n >= 2),
    )
    yield from ask(
        f,
        "number of pts with exactly 3 exams on file",
        "count",
        len(_per_patient(ALL, lambda n: n == 3)),
    )
    yield from ask(f, "scans with over 5 nodules", "study", sids(_n_nods(lambda n: n > 5)))
    yield from ask(
        f,
        "exaclty 1 nodule - which ldcts",
        "study",
        sids(ldct, _n_nods(lambda n: n == 1)),
    )
    yield from ask(
        f,
        "how many studies have at least 4 findings of any kind",
        "count",
        count(lambda s: len(fo(s)) >= 4),
    )
    yield from ask(
        f,
        "Dear data team, could you tell me how many patients had two or more CT angiograms? "
        "Best wishes, Dr Okafor",
        "count",
        len(_per_patient(cta, lambda n: n >= 2)),
    )


def set_logic(rng: random.Random) -> Rows:
    f = "set_logic"
    yield from ask(
        f,
        "patients who at some point had both a pneumothorax and a solid nodule",
        "patient",
        history(each_on_some(kind("pneumothorax"), nod(att("solid")))),
    )
    yield from ask(
        f,
        "pts screened with an ldct who never needed a head ct",
        "patient",
        history(some_but_never(ldct, head_ct)),
    )
    yield from ask(f, "which pts have never been screened with an ldct", "patient", _never(ldct))
    yield from ask(
        f,
        "pts who had a spiculated nodule but were never categorised lung-rads 4x",
        "patient",
        history(some_but_never(nod(margin("spiculated")), cat_in("4X"))),
    )
    yield from ask(
        f,
        "emphysema on the read: pts whose report mentions emphysema but who never had any nodule "
        "on imaging",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield from ask(
        f,
        "studies with a ground glass nodule and a solid nodule on the same scan",
        "study",
        sids(nod(att("ground-glass")), nod(att("solid"))),
    )
    yield from ask(
        f,
        "ED: which pts have had a ptx or a pleural effusion",
        "patient",
        pids(lambda s: kind("pneumothorax")(s) or kind("pleural_effusion")(s)),
    )
    yield from ask(
        f,
        "patients who at some point had both a calcified nodule and a part-solid nodule",
        "patient",
        history(each_on_some(nod(calcified), nod(att("part-solid")))),
    )
    yield from ask(
        f,
        "lung-rads 4x patients, excluding anyone with a mass",
        "patient",
        history(some_but_never(cat_in("4X"), kind("mass"))),
    )
    yield from ask(
        f, "pts that were never scaned on scanner CT02", "patient", _never(at_station("CT02"))
    )
    yield from ask(
        f,
        "ldcts with a nodule but no ground-glass nodule",
        "study",
        sids(ldct, nod(), neg(nod(att("ground-glass")))),
    )
    yield from ask(
        f,
        "pts who had a cta but never an ldct",
        "patient",
        history(some_but_never(cta, ldct)),
    )
    yield from ask(
        f,
        "pateints with a calcified nodule who never had a spiculated one",
        "patient",
        history(some_but_never(nod(calcified), nod(margin("spiculated")))),
    )
    yield from ask(
        f,
        "patients with consolidation and also a pleural effusion at some point",
        "patient",
        history(each_on_some(kind("consolidation"), kind("pleural_effusion"))),
    )
    yield from ask(
        f,
        "how many patients had a chest x-ray and never any ct",
        "count",
        len(history(some_but_never(cxr, lambda s: s["modality"] == "CT"))),
    )
    yield from ask(
        f,
        "studies with a part-solid nodule or a mass",
        "study",
        sids(lambda s: nod(att("part-solid"))(s) or kind("mass")(s)),
    )

    yield from ask(
        f,
        "women vs men who ever had a spiculated nodule",
        "groups",
        _groups(
            [p for p in pids(nod(margin("spiculated"))) if ref.cohort()[0][p]["sex"] in "FM"],
            lambda p: ref.cohort()[0][p]["sex"],
        ),
    )


def lung_rads(rng: random.Random) -> Rows:
    f = "lung_rads"
    yield from ask(
        f, "pager: lr 4b exams from calendar 2025", "study", sids(cat_in("4B"), in_year(2025))
    )
    yield from ask(
        f,
        "screening office wants pts whose worst-ever lung-rads category was 3, nothing higher",
        "patient",
        history(lambda mine: highest(mine) == "3"),
    )
    yield from ask(
        f,
        "ldcts lung-rads 4A or higher in Q1 2026",
        "study",
        sids(ldct, cat_in(*LR4), quarter(2026, 1)),
    )
    yield from ask(
        f,
        "split the 2025 screening cts by lung-rads category",
        "groups",
        _study_groups(both_(ldct, in_year(2025)), category),
    )
    yield from ask(
        f,
        "count per lung-rads category for CT01 screening scans in 2024",
        "groups",
        _study_groups(both_(ldct, at_station("CT01"), in_year(2024)), category),
    )
    yield from ask(
        f,
        "studies that went from lung-rads 2 to 4A since the prior",
        "study",
        sids(went_from("2", ("4A",))),
    )
    yield from ask(f, "ldcts where lr went up vs previous exam", "study", sids(ldct, went(1)))
    yield from ask(
        f,
        "lr 4x in the last 6 months",
        "study",
        *[sids(cat_in("4X"), t) for t in _last_months(6)],
    )
    yield from ask(f, "how many categroy 4B studies", "count", count(cat_in("4B")))
    yield from ask(
        f,
        "tracking sheet: pts categorised lr 3 at some point but never 4a 4b or 4x on any scan",
        "patient",
        history(some_but_never(cat_in("3"), cat_in(*LR4))),
    )
    yield from ask(
        f,
        "lung-rads 1 screening scans this year",
        "study",
        sids(ldct, cat_in("1"), dated("2026-01-01", AS_OF)),
    )
    yield from ask(
        f,
        "lung-rads 4a studies in the past 120 days",
        "study",
        *[sids(cat_in("4A"), t) for t in _last_days(120)],
    )
    yield from ask(
        f,
        "number of pts whose lung-rads peaked at 4X",
        "count",
        len(history(lambda mine: highest(mine) == "4X")),
    )
    lr2 = _share(count(ldct, in_year(2023), cat_in("2")), count(ldct, in_year(2023)))
    if lr2 is not None:
        yield from ask(f, "percentage of 2023 screening scans categorised lr 2", "value", lr2)
    else:
        LEFT_OUT.append("percentage of 2023 screening scans categorised lr 2")
    yield from ask(f, "lungrads 3 pts 2023", "patient", pids(cat_in("3"), in_year(2023)))
    yield from ask(
        f,
        "Hi, for the screening audit: which patients went up a Lung-RADS category compared "
        "with their previous scan during 2026? Thanks, Jo",
        "patient",
        pids(went(1), in_year(2026)),
    )
    yield from ask(
        f,
        "lr 4b or worse, last 30 days",
        "study",
        *[sids(cat_in("4B", "4X"), t) for t in _last_days(30)],
    )

    yield from ask(
        f,
        "lr breakdown for Q3 2026 screening cts on CT02",
        "groups",
        _study_groups(both_(ldct, quarter(2026, 3), at_station("CT02")), category),
    )
    yield from ask(
        f,
        "highest-ever lung-rads per patient - how many pts in each category",
        "groups",
        _groups(
            [h for h in (highest(own(p["patient_id"])) for p in pats()) if h is not None],
            lambda c: c,
        ),
    )


def _rank(
    f: str,
    question: str,
    unit: str,
    rows: Sequence[Row],
    key: Callable[[Row], Any],
    ident: str,
    n: int,
) -> Rows:
    """A ranking asked at ``n`` or, tied there, at the first untied count up to 8."""
    got = _ranked(rows, key, ident, n)
    if got is None:
        LEFT_OUT.append(question.format(n=n))
        return
    yield _q(f, question.format(n=got[0]), unit, got[1])


def rankings(rng: random.Random) -> Rows:
    f = "rankings"
    yield from _rank(
        f,
        "{n} biggest nodules across the cohort",
        "finding",
        _nod_rows(),
        lambda x: -x["diameter_mm"],
        "finding_id",
        5,
    )
    yield from _rank(
        f,
        "which {n} pts carry the most nodules overall",
        "patient",
        _patient_rows(lambda p: sum(len(nods(s)) for s in own(p))),
        lambda r: r["k"],
        "patient_id",
        3,
    )
    yield from _rank(
        f,
        "stat: the {n} newest head cts on the system",
        "study",
        [s for s in studies() if head_ct(s)],
        lambda s: -_by_day(s),
        "study_uid",
        3,
    )
    yield from _rank(
        f, "oldest {n} patinets", "patient", pats(), lambda p: p["birth_date"], "patient_id", 4
    )
    yield from _rank(
        f,
        "give me the {n} nodules reading the lowest mean hu, most negative first",
        "finding",
        _nod_rows(),
        lambda x: x["mean_hu"],
        "finding_id",
        3,
    )
    yield from _rank(
        f,
        "ptx findings: the {n} with highest confidence",
        "finding",
        _kind_rows("pneumothorax"),
        lambda x: -x["confidence"],
        "finding_id",
        4,
    )
    yield from _rank(
        f,
        "the {n} nodules with the largest volume",
        "finding",
        _nod_rows(),
        lambda x: -x["volume_mm3"],
        "finding_id",
        2,
    )
    yield from _rank(
        f,
        "psn ranking: {n} biggest solid comps anywhere",
        "finding",
        _nod_rows(att("part-solid")),
        lambda x: -x["solid_component_mm"],
        "finding_id",
        3,
    )
    yield from _rank(
        f,
        "mass with the longest long axis",
        "finding",
        _kind_rows("mass"),
        lambda x: -x["long_axis_mm"],
        "finding_id",
        1,
    )
    yield from _rank(
        f,
        "oldest ctpas on file - the {n} ct angiograms with the earliest dates please",
        "study",
        [s for s in studies() if cta(s)],
        _by_day,
        "study_uid",
        3,
    )
    yield from _rank(
        f,
        "the {n} patients with the largest nodules",
        "patient",
        _patient_rows(lambda p: max([x["diameter_mm"] for s in own(p) for x in nods(s)] or [0.0])),
        lambda r: r["k"],
        "patient_id",
        5,
    )
    yield from _rank(
        f,
        "the {n} smallest ggns by diameter",
        "finding",
        _nod_rows(att("ground-glass")),
        lambda x: x["diameter_mm"],
        "finding_id",
        3,
    )
    yield from _rank(
        f,
        "the {n} youngest people in the cohort",
        "patient",
        pats(),
        lambda p: [-int(x) for x in p["birth_date"].split("-")],
        "patient_id",
        3,
    )
    yield from _rank(
        f,
        "the {n} largest spiculated nodules in 2026",
        "finding",
        _nod_rows(margin("spiculated"), where=in_year(2026)),
        lambda x: -x["diameter_mm"],
        "finding_id",
        3,
    )
    yield from _rank(
        f,
        "{n} most recent chest x-rays",
        "study",
        [s for s in studies() if cxr(s)],
        lambda s: -_by_day(s),
        "study_uid",
        2,
    )
    yield from _rank(
        f,
        "{n} nodules reading the highest mean hu, densest on top",
        "finding",
        _nod_rows(),
        lambda x: -x["mean_hu"],
        "finding_id",
        3,
    )
    yield from _rank(
        f,
        "ggn-heavy pts: which {n} patients carry the most ground glass nodules in total",
        "patient",
        _patient_rows(lambda p: sum(len(nods(s, att("ground-glass"))) for s in own(p))),
        lambda r: r["k"],
        "patient_id",
        3,
    )


def stats(rng: random.Random) -> Rows:
    f = "stats"
    yield from ask(
        f,
        "avg size of a nodule across every scan, mm",
        "value",
        _mean_field(_nod_rows(), "diameter_mm"),
    )
    yield from ask(
        f,
        "ggn diameter: what's the median",
        "value",
        _median_field(_nod_rows(att("ground-glass")), "diameter_mm"),
    )
    yield from ask(
        f,
        "for solid nods only, what HU do they average out at",
        "value",
        _mean_field(_nod_rows(att("solid")), "mean_hu"),
    )
    yield from ask(
        f,
        "how confident is the model on ptx on average - mean confidence score",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield from ask(
        f, "mean nodule volumne in cc", "value", _mean_field(_nod_rows(), "volume_mm3", 1000.0)
    )
    yield from ask(
        f,
        "per low dose screening study, the average nodule count works out to what",
        "value",
        mean_of([len(nods(s)) for s in studies() if ldct(s)]),
    )
    yield from ask(
        f,
        "what is the median long axis across all masses",
        "value",
        _median_field(_kind_rows("mass"), "long_axis_mm"),
    )
    yield from ask(
        f,
        "psn solid comp, median in mm",
        "value",
        _median_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    yield from ask(
        f,
        "spiculated nods: average short-axis measurement",
        "value",
        _mean_field(_nod_rows(margin("spiculated")), "short_axis_mm"),
    )
    yield from ask(
        f,
        "avg diameter of nodules found in 2026, in cm",
        "value",
        _mean_field(_nod_rows(where=in_year(2026)), "diameter_mm", 10.0),
    )

    def share(question: str, part: int, whole: int) -> Rows:
        value = _share(part, whole)
        if value is None:
            LEFT_OUT.append(question)
            return
        yield _q(f, question, "value", value)

    other = sum(1 for p in pats() if p["sex"] == "O")
    yield from share(
        "registry check: percent of patients with sex coded as other", other, len(pats())
    )
    yield from share(
        "what percent of the screening cts done in 2026 came out lung-rads 1",
        count(ldct, in_year(2026), cat_in("1")),
        count(ldct, in_year(2026)),
    )
    for y in (2026, 2025, 2024):
        part, whole = count(in_year(y), at_station("CT01")), count(in_year(y))
        if _share(part, whole) is not None:
            yield from share(f"share of {y} studies done on CT01, percent", part, whole)
            break
    for lobe in ("RUL", "LLL", "RML", "LUL", "RLL"):
        part, whole = len(_nod_rows(in_lobe(lobe))), len(_nod_rows())
        if _share(part, whole) is not None:
            yield from share(
                f"what proportion of nodules sit in the {lobe}, in percent", part, whole
            )
            break
    for y in (2025, 2024, 2023):
        whole = count(ldct, in_year(y))
        part = count(ldct, in_year(y), nod(ge("diameter_mm", 8)))
        if _share(part, whole) is not None:
            yield from share(
                f"what fraction of {y} screening cts had a nodule of 8 mm or more, as a percentage",
                part,
                whole,
            )
            break
    yield from ask(
        f,
        "medain confidence of all findings",
        "value",
        median_of([x["confidence"] for x in findings()]),
    )
    yield from ask(
        f,
        "Hi both - quick one for the grant: what is the mean diameter of part-solid nodules, "
        "in mm? Thanks, Sam",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "diameter_mm"),
    )


def reports(rng: random.Random) -> Rows:
    f = "reports"
    yield from ask(
        f,
        "2024 screening scans where the radiologist reported emphysema",
        "study",
        sids(ldct, in_year(2024), says("emphysema")),
    )
    yield from ask(
        f,
        "which pts have coronary artery calcification described",
        "patient",
        pids(says("coronary")),
    )
    yield from ask(
        f,
        "so far this calendar year (2026), exams whose reports were negative for lymphadenopathy",
        "study",
        sids(denies("lymphadenopathy"), in_year(2026)),
    )
    yield from ask(
        f,
        "head cts w/o emphysema on the read",
        "study",
        sids(head_ct, neg(says("emphysema"))),
    )
    yield from ask(f, "how many reports mention a granulomma", "count", count(says("granuloma")))
    yield from ask(
        f,
        "screening cts with both emphysema and a spiculated nod on the same study",
        "study",
        sids(ldct, says("emphysema"), nod(margin("spiculated"))),
    )
    yield from ask(
        f,
        "pts whose reports keep mentioning emphysema but never lymphadenopathy on any read",
        "patient",
        history(some_but_never(says("emphysema"), says("lymphadenopathy"))),
    )
    yield from ask(
        f,
        "lymphadenopathy and lung-rads 4x",
        "study",
        sids(says("lymphadenopathy"), cat_in("4X")),
    )
    yield from ask(
        f, "emphysmea pts scanned in 2026", "patient", pids(says("emphysema"), in_year(2026))
    )
    yield from ask(
        f,
        "scanner CT01 only: exams whose dictated report says no emphysema",
        "study",
        sids(denies("emphysema"), at_station("CT01")),
    )
    yield from ask(
        f,
        "female pts with a ct showing coronary calcification plus a spiculated nodule",
        "patient",
        pids(sex_is("F"), says("coronary"), nod(margin("spiculated"))),
    )
    for y in (2025, 2024, 2026):
        part = count(ldct, in_year(y), says("emphysema"))
        value = _share(part, count(ldct, in_year(y)))
        if value is not None:
            yield _q(f, f"% of {y} low dose cts whose report mentions emphysema", "value", value)
            break
    yield from ask(
        f,
        "lymphadenopthy on the report, nodule over 15 mm",
        "study",
        sids(says("lymphadenopathy"), nod(gt("diameter_mm", 15))),
    )
    yield from ask(
        f,
        "enlarged lymph nodes in the last 100 days",
        "study",
        *[sids(says("lymphadenopathy"), t) for t in _last_days(100)],
    )
    yield from ask(
        f,
        "chest cts with no coronary calcification mentioned",
        "study",
        sids(chest_ct, neg(says("coronary"))),
    )
    yield from ask(
        f,
        "pe protocol scans: count the ctpa reports that document no lymphadenopathy",
        "count",
        count(cta, denies("lymphadenopathy")),
    )

    yield from ask(
        f,
        "emphysema reported - exam counts broken down by station",
        "groups",
        _study_groups(says("emphysema"), lambda s: s["station"]),
    )


def growth(rng: random.Random) -> Rows:
    f = "growth"
    yield from ask(
        f, "any growing nodules? studies pls", "study", *[sids(fstudy(g)) for g in grew_readings()]
    )
    yield from ask(
        f,
        "studies where a nodule grew by more than 3 mm since the prior",
        "study",
        *[sids(fstudy(g)) for g in grew_readings(3.0)],
    )
    yield from ask(
        f,
        "pts w a nodule that enlarged by at least 2 mm",
        "patient",
        *[pids(fstudy(g)) for g in grew_readings(2.0, inclusive=True)],
    )
    yield from ask(
        f,
        "2025 scans w new nodules, not masses",
        "study",
        sids(in_year(2025), fstudy(new(False))),
    )
    yield from ask(
        f,
        "stabel RLL nodules, which scans",
        "study",
        *[sids(fstudy(stable(r, m), in_lobe("RLL"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        f,
        "how many studies show an enlarging nodule",
        "count",
        *[count(fstudy(g)) for g in grew_readings()],
    )
    yield from ask(
        f,
        "growing nodule now over 15mm",
        "study",
        *[sids(fstudy(g, gt("diameter_mm", 15))) for g in grew_readings()],
    )
    yield from ask(
        f,
        "reassurance list: pts with no nodule growth ever recorded on follow-up imaging",
        "patient",
        *[_never(fstudy(g)) for g in grew_readings()],
    )
    yield from ask(
        f,
        "new solid nodules in the last 6 months",
        "study",
        *[sids(t, fstudy(new(m), att("solid"))) for t in _last_months(6) for m in (False, True)],
    )
    yield from ask(
        f,
        "who has a nodule that grew more than 5 mm between scans",
        "patient",
        *[pids(fstudy(g)) for g in grew_readings(5.0)],
    )
    yield from ask(
        f,
        "ggns that are growing - list studies",
        "study",
        *[sids(fstudy(g, att("ground-glass"))) for g in grew_readings()],
    )
    yield from ask(
        f,
        "spiculated nodules with interval growth in 2026",
        "study",
        *[sids(in_year(2026), fstudy(g, margin("spiculated"))) for g in grew_readings()],
    )
    yield from ask(
        f,
        "ldcts with a new nodule, lung-rads 4a",
        "study",
        *[sids(ldct, cat_in("4A"), fstudy(new(m))) for m in (False, True)],
    )
    yield from ask(
        f,
        "grwoing nodules in the RUL, how many pts",
        "count",
        *[len(pids(fstudy(g, in_lobe("RUL")))) for g in grew_readings()],
    )
    yield from ask(
        f,
        "count of new nodule findings in 2026",
        "count",
        *[len(fids(new(m), where=in_year(2026))) for m in (False, True)],
    )
    yield from ask(
        f,
        "Good morning, could you list the patients with a new part-solid nodule on any scan "
        "since January 2026? Kind regards, Helen (screening office)",
        "patient",
        *[
            pids(dated("2026-01-01", AS_OF), fstudy(new(m), att("part-solid")))
            for m in (False, True)
        ],
    )

    yield from ask(
        f,
        "per-lobe counts of growing nodules",
        "groups",
        *[_groups([x for x in findings() if g(x)], lambda x: x["lobe"]) for g in grew_readings()],
    )


def _age(lo: int, hi: int) -> Test:
    return lambda s: lo <= ref.age(s) <= hi


def people(rng: random.Random) -> Rows:
    f = "people"
    yield from ask(
        f,
        "female pts older than 70 who had a spiculated nodule",
        "patient",
        *_both_ways(sex_is("F"), _age(71, 200), nod(margin("spiculated"))),
    )
    yield from ask(
        f,
        "younger male smokers: ldcts in men under 55",
        "study",
        sids(ldct, sex_is("M"), _age(0, 54)),
    )
    yield from ask(
        f,
        "pts aged 60-65 with part-solid nodules",
        "patient",
        *_both_ways(_age(60, 65), nod(att("part-solid"))),
    )
    yield from ask(
        f,
        "headcount of women across our whole screening cohort",
        "count",
        sum(1 for p in pats() if p["sex"] == "F"),
    )
    yield from ask(
        f,
        "the lr 4x pts - how do they split by sex",
        "groups",
        _groups(pids(cat_in("4X")), lambda p: ref.cohort()[0][p]["sex"]),
    )
    yield from ask(
        f,
        "demographics QA: which pts have their sex coded as O in the registry",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        f,
        "pneumothorax studies in pts in their 70s",
        "study",
        sids(_age(70, 79), kind("pneumothorax")),
    )
    yield from ask(
        f,
        "head cts, men vs women, counts",
        "groups",
        _study_groups(both_(head_ct, lambda s: ref.sex(s) in ("M", "F")), ref.sex),
    )
    yield from ask(f, "chest xrays of patients under 45", "study", sids(cxr, _age(0, 44)))
    yield from ask(
        f,
        "patiens born in 1950",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["birth_date"].startswith("1950")),
    )
    yield from ask(
        f,
        "women 55 to 60 ldcts in 2026",
        "study",
        sids(ldct, sex_is("F"), _age(55, 60), in_year(2026)),
    )
    yield from ask(
        f,
        "male patients 80 or older with a nodule over 1 cm",
        "patient",
        *_both_ways(sex_is("M"), _age(80, 200), nod(gt("diameter_mm", 10))),
    )
    yield from ask(
        f,
        "count of male pts who underwent a ct angiogram",
        "count",
        len(pids(sex_is("M"), cta)),
    )
    yield from ask(
        f,
        "femal pts who had a mass on imaging",
        "patient",
        pids(sex_is("F"), kind("mass")),
    )
    yield from ask(
        f,
        "pts under 40 years old at the time of their head ct",
        "patient",
        pids(head_ct, _age(0, 39)),
    )
    yield from ask(
        f,
        "Hello, how many patients in the cohort are male? Thank you, Anna (research nurse)",
        "count",
        sum(1 for p in pats() if p["sex"] == "M"),
    )

    yield from ask(
        f,
        "2026 ldcts by sex",
        "groups",
        _study_groups(both_(ldct, in_year(2026)), ref.sex),
    )


def modality(rng: random.Random) -> Rows:
    f = "modality"
    yield from ask(f, "cxrs at DX01 in 2026", "study", sids(cxr, at_station("DX01"), in_year(2026)))
    yield from ask(f, "ct pe studies in 2025", "study", sids(cta, in_year(2025)))
    yield from ask(
        f,
        "number of head cts at each station",
        "groups",
        _study_groups(head_ct, lambda s: s["station"]),
    )
    yield from ask(
        f,
        "how many exams per modality, whole archive",
        "groups",
        _study_groups(ALL, lambda s: s["modality"]),
    )
    yield from ask(
        f,
        "contrast enhaced chest cts since july",
        "study",
        sids(with_contrast, dated("2026-07-01", AS_OF)),
    )
    yield from ask(
        f,
        "CT01 studies in october 2026",
        "study",
        sids(at_station("CT01"), dated("2026-10-01", "2026-10-31")),
    )
    yield from ask(
        f,
        "exam counts per station for Q3 2025",
        "groups",
        _study_groups(quarter(2025, 3), lambda s: s["station"]),
    )
    yield from ask(
        f,
        "how many ldcts on CT02 in 2024",
        "count",
        count(ldct, at_station("CT02"), in_year(2024)),
    )
    yield from ask(
        f,
        "pts that got a head ct on the CT02 scanner",
        "patient",
        pids(head_ct, at_station("CT02")),
    )
    yield from ask(
        f,
        "protocol lookup: 2026 exams carrying the description 'CT CHEST W/O CONTRAST'",
        "study",
        sids(lambda s: s["description"] == "CT CHEST W/O CONTRAST", in_year(2026)),
    )
    yield from ask(
        f,
        "exam counts split by body part",
        "groups",
        _study_groups(ALL, lambda s: s["body_part"]),
    )
    yield from ask(f, "radiograph count, all time", "count", count(cxr))
    yield from ask(
        f,
        "ldcts per station in march 2026",
        "groups",
        _study_groups(both_(ldct, dated("2026-03-01", "2026-03-31")), lambda s: s["station"]),
    )
    yield from ask(
        f,
        "pneumothroax seen on a chest xray - which studies",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield from ask(
        f,
        "any head cts done in the last 30 days",
        "study",
        *[sids(head_ct, t) for t in _last_days(30)],
    )
    yield from ask(
        f,
        "Hi, could you give me the number of CT scans acquired on CT01 during 2025? "
        "Thanks very much, Tom (operations)",
        "count",
        count(lambda s: s["modality"] == "CT", at_station("CT01"), in_year(2025)),
    )

    yield from ask(
        f,
        "exam count by study description",
        "groups",
        _study_groups(ALL, lambda s: s["description"]),
    )
    yield from ask(
        f,
        "ctpas per scanner in 2026",
        "groups",
        _study_groups(both_(cta, in_year(2026)), lambda s: s["station"]),
    )


def lobes(rng: random.Random) -> Rows:
    f = "lobes"
    yield from ask(
        f,
        "on call: RUL nods > 10mm, which scans",
        "study",
        sids(nod(in_lobe("RUL"), gt("diameter_mm", 10))),
    )
    yield from ask(
        f,
        "spiculated nodules in the left lower loeb",
        "study",
        sids(nod(in_lobe("LLL"), margin("spiculated"))),
    )
    yield from ask(
        f,
        "lobe by lobe, how many nodules have we logged",
        "groups",
        _groups(_nod_rows(), lambda x: x["lobe"]),
    )
    yield from ask(
        f,
        "RML vs RLL nodules, how many",
        "groups",
        _groups(_nod_rows(in_lobe("RML", "RLL")), lambda x: x["lobe"]),
    )
    yield from ask(
        f,
        "2025 studies with a ggn in the right middle lobe",
        "study",
        sids(in_year(2025), nod(in_lobe("RML"), att("ground-glass"))),
    )
    yield from ask(
        f,
        "left lung nodule total",
        "count",
        len(_nod_rows(in_lobe("LUL", "LLL"))),
    )
    yield from ask(
        f,
        "right lung nodules over 25 mm",
        "study",
        sids(nod(in_lobe("RUL", "RML", "RLL"), gt("diameter_mm", 25))),
    )
    yield from ask(
        f,
        "right lower lobe consolidation - which exams",
        "study",
        sids(kind("consolidation", in_lobe("RLL"))),
    )
    yield from ask(
        f,
        "lul part solid nodules with solid component over 4 mm",
        "study",
        sids(nod(in_lobe("LUL"), att("part-solid"), gt("solid_component_mm", 4))),
    )
    yield from ask(
        f,
        "calcified nodules in the left upper lobe, pt list",
        "patient",
        pids(nod(in_lobe("LUL"), calcified)),
    )
    yield from ask(
        f,
        "LLL nodules 8mm or bigger in the last 2 months",
        "study",
        *[sids(t, nod(in_lobe("LLL"), ge("diameter_mm", 8))) for t in _last_months(2)],
    )
    yield from ask(
        f,
        "nodules in the rigth upper lobe on ct02 in 2023",
        "study",
        sids(at_station("CT02"), in_year(2023), nod(in_lobe("RUL"))),
    )
    yield from ask(
        f,
        "masses by lobe",
        "groups",
        _groups(_kind_rows("mass"), lambda x: x["lobe"]),
    )
    yield from ask(
        f,
        "any mass in the left lower lobe? studies",
        "study",
        sids(kind("mass", in_lobe("LLL"))),
    )
    yield from ask(
        f,
        "ldcts with a middle lobe nodule and lr 4a",
        "study",
        sids(ldct, cat_in("4A"), nod(in_lobe("RML"))),
    )

    yield from ask(
        f,
        "ggn count by lobe, 2025",
        "groups",
        _groups(_nod_rows(att("ground-glass"), where=in_year(2025)), lambda x: x["lobe"]),
    )


def features(rng: random.Random) -> Rows:
    f = "features"
    yield from ask(
        f,
        "2026 exams with a solid spiculated nodule",
        "study",
        sids(in_year(2026), nod(margin("spiculated"), att("solid"))),
    )
    yield from ask(f, "lobualted ggo", "study", sids(nod(margin("lobulated"), att("ground-glass"))))
    yield from ask(
        f,
        "benign-looking ones: calcified nodule findings, grand total",
        "count",
        len(_nod_rows(calcified)),
    )
    yield from ask(
        f,
        "solid nods over 12 mm that are not calcified",
        "study",
        sids(nod(uncalcified, att("solid"), gt("diameter_mm", 12))),
    )
    yield from ask(
        f,
        "subsolid nodules in the last 45 days",
        "study",
        *[sids(t, nod(subsolid)) for t in _last_days(45)],
    )
    yield from ask(
        f,
        "solid / part-solid / ground-glass: nodules of each attenuation type tallied",
        "groups",
        _groups(_nod_rows(), lambda x: x["attenuation"]),
    )
    yield from ask(
        f, "nodules split by margin, counts", "groups", _groups(_nod_rows(), lambda x: x["margin"])
    )
    yield from ask(
        f,
        "spiculated nodules compared with smooth ones - how many of each",
        "groups",
        _groups(
            _nod_rows(lambda x: x["margin"] in ("spiculated", "smooth")), lambda x: x["margin"]
        ),
    )
    yield from ask(
        f,
        "smoothly marginated part-solid nods, which studies",
        "study",
        sids(nod(att("part-solid"), margin("smooth"))),
    )
    yield from ask(
        f,
        "suspicious ggns: who had a spiculated ground-glass nodule at any time",
        "patient",
        pids(nod(margin("spiculated"), att("ground-glass"))),
    )
    yield from ask(
        f,
        "calcifed nodules at CT01 in 2025",
        "study",
        sids(at_station("CT01"), in_year(2025), nod(calcified)),
    )
    yield from ask(
        f,
        "pure ggns larger than 20 mm - studies",
        "study",
        sids(nod(att("ground-glass"), gt("diameter_mm", 20))),
    )
    yield from ask(
        f,
        "smooth solid nodule findings under 4 mm - how many",
        "count",
        len(_nod_rows(margin("smooth"), att("solid"), lt("diameter_mm", 4))),
    )
    yield from ask(
        f,
        "lobulated part solid nodule pts",
        "patient",
        pids(nod(margin("lobulated"), att("part-solid"))),
    )
    yield from ask(
        f,
        "spiculted nodules over 2 cm, last 6 months",
        "study",
        *[sids(t, nod(margin("spiculated"), gt("diameter_mm", 20))) for t in _last_months(6)],
    )
    yield from ask(
        f,
        "2026 nodules counted per attenuation",
        "groups",
        _groups(_nod_rows(where=in_year(2026)), lambda x: x["attenuation"]),
    )

    yield from ask(
        f,
        "psn counts by margin type",
        "groups",
        _groups(_nod_rows(att("part-solid")), lambda x: x["margin"]),
    )


def intervals(rng: random.Random) -> Rows:
    f = "intervals"
    multi = _pool(lambda p: len(own(p)) >= 3)
    p1 = pick(rng, multi)
    mine = own(p1)
    yield from ask(
        f,
        f"{p1}: how many days from the first scan to the most recent one",
        "value",
        float(days_between(mine[0]["study_date"], mine[-1]["study_date"])),
    )
    a, b = sorted(rng.sample(own(pick(rng, multi)), 2), key=lambda s: s["study_date"])
    yield from ask(
        f,
        f"how many days between accession {_acc(a)} and {_acc(b)}",
        "value",
        float(days_between(a["study_date"], b["study_date"])),
    )
    yield from ask(
        f,
        "average interval in days from one ldct to that patient's next ldct",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(ldct)]),
    )
    yield from ask(
        f,
        "median days between consecutve studies",
        "value",
        median_of([float(g) for g in _consecutive_gaps(ALL)]),
    )
    yield from ask(
        f,
        "long-term cohort: pts followed up for longer than 30 months from first to last exam",
        "patient",
        _followed_months(30, False),
        _followed_months(30, True),
    )
    p2 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    yield from ask(
        f,
        f"how long, in days, between {p2}'s earliest and latest screening ct",
        "value",
        float(_span_days(p2, ldct) or 0),
    )
    yield from ask(
        f,
        "which pts have 36 or more months of follow-up",
        "patient",
        _followed_months(36, True),
        history(
            lambda m: bool(m) and days_between(m[0]["study_date"], m[-1]["study_date"]) >= 1096
        ),
    )
    yield from ask(
        f,
        "average days between consecutive chest x-rays of the same patient",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(cxr)]),
    )
    yield from ask(
        f,
        "what is the biggest interval in days between back-to-back scans of the same pt",
        "value",
        float(max(_consecutive_gaps(ALL))),
    )
    p3 = pick(rng, _pool(lambda p: len(own(p)) == 4))
    yield from ask(
        f,
        f"time in days between the last two scans of {p3}",
        "value",
        float(days_between(own(p3)[-2]["study_date"], own(p3)[-1]["study_date"])),
    )
    yield from ask(
        f,
        "how many patients have more than 2 years of follow up",
        "count",
        len(_followed_months(24, False)),
        len(
            history(
                lambda m: bool(m) and days_between(m[0]["study_date"], m[-1]["study_date"]) > 730
            )
        ),
    )
    yield from ask(
        f,
        "median follow-up span in days, first to last study, of patients with 2+ scans",
        "value",
        median_of(
            [
                float(
                    days_between(
                        own(p["patient_id"])[0]["study_date"],
                        own(p["patient_id"])[-1]["study_date"],
                    )
                )
                for p in pats()
                if len(own(p["patient_id"])) >= 2
            ]
        ),
    )
    yield from ask(
        f,
        "minimum number of days separating consecutive screening cts of a patient",
        "value",
        float(min(_consecutive_gaps(ldct))),
    )
    p4 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    yield from ask(
        f,
        f"Hi, could you tell me how many days elapsed between patient {p4}'s first scan and "
        "their second? Best, Luis",
        "value",
        float(days_between(own(p4)[0]["study_date"], own(p4)[1]["study_date"])),
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
    print(len(items), "questions;", dict(Counter(i.family for i in items)))
    print("LEFT_OUT:", LEFT_OUT)
