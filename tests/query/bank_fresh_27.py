"""Held-out part 27 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as a final, honest measurement of the question reader, blind to it: its author
read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions" section
of ``docs/query.md`` and its "Reports" section up to "How well it reads" (not the reader's
measurements nor the lists of misses, fixes and limits), :mod:`question_bank` (the :class:`Item`
type, its helpers and its scoring function ``_matches``, for the form of a "value" or "groups"
answer), :mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the
cohort, imported here), and ``bank_fresh_24.py`` for its format, module docstring and helpers
only, up to the line that opens its families, not its questions. The reader's code (``query/``),
``appliance/``, the tests (``test_*.py``), ``family_reading.py`` and the other parts' questions
were not opened, and the engine was never run on these questions: they were frozen (committed)
before any was put to it, and none is to be changed to suit it afterwards. Their texts were
compared with ``dev_queries.jsonl`` and with parts 22, 23, 24, 25 and 26 (loaded through their
``bank()``, never read) by a throwaway script that printed only this part's matches (word for word
after lower-casing and dropping punctuation, or a word overlap of 75 % or more of the longer
question): 44 matched at first and were reworded, 4 rewordings matched again and were reworded
again, then 2 and 1 more, and none is left; no question of this part repeats another, nor shares
75 % of its words with another (:func:`bank` refuses a repeat).

The mix of askers is deliberate: a radiologist's shorthand ("rml mass", "RML part solid nods",
"ggos with a lobulated margin", "lr 4b studies"), a
research nurse's full sentences ("could you tell me how many nodules were found on study <uid>?",
"which of our patients have a date of birth before 1945"), a pulmonologist's or oncologist's
questions about their own patients (identifiers, first and latest studies, Lung-RADS changes,
growth, follow-up), a department manager's counts and shares over periods and stations ("number of
head CTs performed last year", "percentage of studies done at dx01") and a data scientist's
ranges, medians and averages ("nodule findings with conf between 0.6 and 0.65", "median HU of
solid nodules").

Every family issue 17 lists is here (questions per family in brackets, 224 in all): identifiers
[16] (a patient's exams and screening CTs, an accession for its patient and for its findings with
"acc no.", a study UID in a count and for its patient, "study instance uid", a patient's most
recent low-dose CT, latest chest CT after "MRN", first head CT, the baseline exams of two patients,
three accessions in a list, "pt #", a possessive ID, an unknown MRN); dates [20] ("Q4 2024",
"Q3/2025", "2025-Q2", "H2 2023", "since sept 2025", births before a year, "born in the 1980s",
"dob of 1995 or later", slashed days, the past 6 months, the last 61 days, "so far this yr", "last
year", "nov 2025 - jan 2026", "june 2024 thru sept 2024", "more than 3 yrs old", "the second
quarter of 2023", "2024 or earlier", one ISO day, "in 2023 and again in 2025"); numbers [17] (HU
below a negative number, a negative HU range, "-50 to +50 hu" after "density", "under a cm", "at
least 1.5 cm", confidences ".7", "0.6 and 0.65" and "at or above 0.98", "2 cc", "100 mm3", long
and short axis, solid component, "6 to 8 mm", "0.7 and 1.2 cm", a strict bound that equals three
masses' size ("bigger than 3.4 cm"), patients with nodules over a size); counts [15] (exactly
three, "only 1", four or more, fewer than 2, "no nodules at all", "precisely two ggns", "more than
2 on one scan", studies per patient "4 or more", "a single study", exactly 2, LDCTs, head CTs and
chest CTs per patient, "2+ scans in 2025", the same nodule on 4 or more scans); set logic [15]
("both ... at some point", "on both ct01 and ct02", "A and B both", "on one ct", "but never",
"never had", "no ... ever", "never diagnosed w", "but never any", every LDCT of a patient, report
concepts on either side); Lung-RADS [15] (a category, "3 or above", "below lr 3", "lr4a or lr4b",
"category 4X", "lung-rads 4", highest ever and worst, counts per category over 2024, "from lr 2
to lr 3", "upgraded to 4B", "went up", percentages of LDCTs of a year in a category); rankings and
top-N [19] (oldest patients of a sex and with a report concept, most recent studies by kind and
station, highest volume, lowest confidence, "most negative hu", lowest HU, largest mass, most
calcified nodules and most ggns per patient, long and short axis, smallest by volume, biggest in a
lobe, most confident pneumothoraces, least confident effusions, solid component); averages,
medians and percentages [16] (size, volume in cc, HU, confidence, long axis in cm, short axis,
solid component in millimetres, mean and median ages, nodules per LDCT and per female patient,
shares written "%", "percent", "proportion", "percentage"); report concepts with negation [14]
(emphysema, lymphadenopathy, coronary calcification, granuloma; "without", "neg for", "negative
for", "say no", "w/o", "but no", "never ... documented", "or"); growth / new / stable / shrinking
[12]; demographics [15] (sex, "sex 'other'", "gender O", ages over, under and in ranges, "in
their 40s", septuagenarians, "female chest x-rays", "male ldcts", counts of women and men);
modality / description / station [14] (CT01, CT02, DX01, "ctpa(s)", descriptions quoted or written
in capitals word for word, "modality DX", head CTs with a hemorrhage); lobes [12] (each lobe by
abbreviation or name, "middle lobe", "lul or lll", nodules in both lungs, lesions, a mass, the
largest nodule of a lobe); attenuation / margin / calcification [14]; intervals [10] (days, months
and weeks from a patient's first to latest study, average follow-up in years, "followed for more
than 30 months", "at least 2 yrs of f/u", a gap of more than 13 months between consecutive LDCTs,
the median days between them, LDCTs repeated within 11 months, patients overdue for their annual
LDCT).

Parameters (patients, accessions, UIDs, a day) are drawn from the cohort with this part's own seed
(:data:`SEED`), among those that make the question non-trivial. Expected answers are computed here
in plain Python with the documented conventions written out by hand. Where the conventions leave a
reading open the question is asked only when the competing readings give the same answer
(:func:`ask`; ``LEFT_OUT`` lists any that do not as the bank is built, and is empty for this
seed): the first day of "the past 6 months" / "the last 61 days" and the boundary day of "more
than 3 yrs old"; a track that was a mass from its first study counted or not as a new, stable or
growing nodule; a change taken in floating point or to 0.1 mm; a nodule on N scans counting a mass
on its track or not; an age (with a sex) and another condition on one study or each on some study.
Drafts replaced before freezing because their readings disagreed: "screening cts within the last
60 days" (asked at 61), "new nodules > 6 mm" and "patients with a new nodule in 2025" (F000277, a
mass from its first study in 2025; asked of 2024), "how many nodule findings increased by more than
4 mm" ("nodule findings" are nodules only, but a nodule that grew into a mass counts as grown: the
two conventions disagree there, so it is asked "how many nodules showed ..."). Rankings whose first
draft tied at the boundary were drawn again at another N or another field (the 3 lowest-confidence
nodules, the most calcified nodules for one patient, the oldest patient with emphysema, the 3 most
recent LDCTs at CT01, the 4 most confident pneumothoraces, the densest spiculated nodule), and
percentages not within 0.005 of a tenth were replaced (LDCTs of 2024 and 2025 in categories 1 and
2, CT01's share, calcified nodules among nodules, women among patients). Reworded before freezing
because a reading was open: "proportion of ldcts in 2023 with lung-rads 2" (the year the
population's or the share's; asked "of 2023 ldcts", the period right after "of"), "the 3 latest
ldcts" (a ranking or each patient's latest; asked "most recent"), "latest chest ct" is asked of a
patient whose latest chest CT is not a low-dose one. Drafts whose answers were empty by accident
were replaced (5 or more scans per patient, one day with no study, octogenarians with a mass, a head
CT and a CTPA for one patient, a gap of more than 14 months, LDCTs repeated within 10 months).
Readings taken: "screening cts", "low dose cts" and "lung screening cts" are the LDCTs; "ctpa", "ct
pe" and "CT ANGIO CHEST PE" the CT angiograms; "chest xrays", "cxrs", "chest radiograph" and "XR
CHEST PA AND LATERAL" the DX studies; "oldest" patients the earliest birth dates; "most negative
hu" the lowest mean HU; "largest mass" and "biggest" by diameter; "upgraded to 4B" a 4B study whose
previous category was lower; "fraction" / "proportion" / "percent" answer a percentage; "mean model
confidence" is the confidence field; "patients who never had emphysema documented" have no affirmed
mention; "neg for", "negative for" and "say no" are the denied reading; a count of patients for
"how many women had a ctpa" and "number of men scanned at ct01". Report concepts follow the
fixture's phrasings as :mod:`blind_reference` reads them. Two answers are empty on purpose: an
unknown MRN (P00917) and "shrinking nodules" (docs/query.md: none shrinks in this cohort).

Scored alone with ``python tests/query/question_bank.py --part held_out_27 -v`` once wired in.
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
    ORDER,
    FTest,
    Rows,
    age_in,
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
    nodule_rows,
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
    subsolid,
    top,
    uncalcified,
    went,
    went_from,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_27"
SEED = 2727

# Questions whose readings disagreed (or whose ranking tied at its boundary, or whose percentage
# was not within 0.005 of a tenth), so were left out: filled while the bank is built.
LEFT_OUT: list[str] = []

MONTH_ABBR = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept", "oct", "nov", "dec"]


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


def _of(pid: str, *tests: Test) -> list[str]:
    """The patient's studies passing every test."""
    return sorted(s["study_uid"] for s in own(pid) if all(t(s) for t in tests))


def _first(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[0] if mine else None


def _latest(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[-1] if mine else None


def _uid(s: Row | None) -> list[str]:
    return [] if s is None else [str(s["study_uid"])]


def _by_acc(acc: str) -> Row:
    return next(s for s in studies() if s["accession"] == acc)


def _every(scope: Test, test: Test) -> list[str]:
    """Patients with a study in ``scope`` whose every study in it passes ``test``."""
    return history(lambda mine: any(map(scope, mine)) and all(test(s) for s in mine if scope(s)))


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def _count_studies(pid: str, test: Test) -> int:
    return sum(1 for s in own(pid) if test(s))


def _patients_counting(test: Test, compare: Callable[[int], bool]) -> list[str]:
    return sorted(p["patient_id"] for p in pats() if compare(_count_studies(p["patient_id"], test)))


def _by_day(s: Row) -> int:
    return dt.date.fromisoformat(s["study_date"]).toordinal()


def _recent(rows: Sequence[Row], n: int) -> list[str] | None:
    return top(rows, lambda s: -_by_day(s), n, "study_uid")


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


def _lr_groups(*tests: Test) -> list[tuple[str | None, int]]:
    tally = Counter(category(s) for s in studies() if all(t(s) for t in tests))
    return sorted(tally.items(), key=lambda kv: -1 if kv[0] is None else ORDER.index(kv[0]))


def _mean_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return mean_of([f[name] / scale for f in rows if f.get(name) is not None])


def _median_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return median_of([f[name] / scale for f in rows if f.get(name) is not None])


def _age_at_latest(test: Test, summary: Callable[[Sequence[float]], float]) -> float:
    ages: list[float] = []
    for p in pats():
        last = _latest(p["patient_id"], test)
        if last is not None:
            ages.append(ref.age(last))
    return summary(ages)


def _kind_rows(name: str) -> list[Row]:
    return [f for f in findings() if f["kind"] == name]


def _first_fit(rng: random.Random, pool: Sequence[Any], fits: Callable[[Any], bool]) -> Any:
    order = list(pool)
    rng.shuffle(order)
    for x in order:
        if fits(x):
            return x
    raise ValueError("nothing in the pool fits")


def _span_days(pid: str, test: Test) -> int | None:
    mine = [s for s in own(pid) if test(s)]
    if len({s["study_date"] for s in mine}) < 2:
        return None
    return days_between(mine[0]["study_date"], mine[-1]["study_date"])


def _gaps(test: Test) -> list[tuple[str, str]]:
    """Consecutive distinct study dates of the kind ``test`` names, per patient."""
    out: list[tuple[str, str]] = []
    for p in pats():
        days = sorted({s["study_date"] for s in own(p["patient_id"]) if test(s)})
        out.extend(itertools.pairwise(days))
    return out


def _oldest(test: Callable[[Row], bool], n: int) -> list[str] | None:
    rows = [p for p in pats() if test(p)]
    return top(rows, lambda p: p["birth_date"], n, "patient_id")


def _ranked_patients(score: Callable[[str], float], n: int) -> list[str] | None:
    rows = [{"patient_id": p["patient_id"], "k": -score(p["patient_id"])} for p in pats()]
    return top(rows, lambda r: r["k"], n, "patient_id")


def _nodule_count(pid: str, *tests: FTest) -> int:
    return sum(len(nods(s, *tests)) for s in own(pid))


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    many = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 3]
    pid = pick(rng, many)
    yield _q(fam, f"pull every exam on file for {pid}", "study", _of(pid))
    pid = _first_fit(rng, many, lambda p: len(_of(p, ldct)) >= 2)
    yield _q(fam, f"{pid} screening cts", "study", _of(pid, ldct))
    s = pick(rng, [s for s in studies() if fo(s)])
    yield _q(fam, f"whose study is accession {s['accession']}?", "patient", [s["patient_id"]])
    s = pick(rng, [s for s in studies() if len(fo(s)) >= 2])
    yield _q(
        fam,
        f"list findings recorded under acc no. {s['accession']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s)),
    )
    s = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield _q(
        fam,
        f"could you tell me how many nodules were found on study {s['study_uid']}?",
        "count",
        len(nods(s)),
    )
    s = pick(rng, studies())
    yield _q(fam, f"uid {s['study_uid']} - which patient is that", "patient", [s["patient_id"]])
    pid = _first_fit(rng, many, lambda p: len(_of(p, ldct)) >= 3)
    yield _q(fam, f"most recent low dose ct for {pid}", "study", _uid(_latest(pid, ldct)))
    p1, p2 = rng.sample(many, 2)
    yield _q(
        fam,
        f"baseline exams of {p1} and {p2}",
        "study",
        sorted(_uid(_first(p1, lambda s: True)) + _uid(_first(p2, lambda s: True))),
    )
    everyone = [p["patient_id"] for p in pats()]
    pid = _first_fit(rng, everyone, lambda p: _latest(p, chest_ct) is not _latest(p, ldct))
    yield _q(fam, f"MRN {pid}: latest chest ct", "study", _uid(_latest(pid, chest_ct)))
    yield _q(fam, "MRN P00917 studies", "study", [])
    pid = pick(rng, many)
    yield _q(fam, f"# of studies pt {pid} has had", "count", len(own(pid)))
    pid = _first_fit(rng, many, lambda p: bool(_of(p, nod(gt("diameter_mm", 8)))))
    yield _q(
        fam,
        f"which of {pid}'s scans showed a nodule over 8mm",
        "study",
        _of(pid, nod(gt("diameter_mm", 8))),
    )
    pid = _first_fit(rng, [p["patient_id"] for p in pats()], lambda p: bool(_of(p, head_ct)))
    yield _q(fam, f"first head ct for patient {pid}", "study", _uid(_first(pid, head_ct)))
    a1, a2, a3 = (s["accession"] for s in rng.sample(studies(), 3))
    yield _q(
        fam,
        f"patients for accessions {a1}, {a2} and {a3}",
        "patient",
        sorted({_by_acc(a)["patient_id"] for a in (a1, a2, a3)}),
    )
    pid = _first_fit(rng, many, lambda p: bool(_of(p, ldct, in_year(2024))))
    yield _q(fam, f"pt # {pid} - ldcts done in 2024", "study", _of(pid, ldct, in_year(2024)))
    s = pick(rng, [s for s in studies() if nods(s)])
    yield _q(
        fam,
        f"nodule findings for study instance uid {s['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in nods(s)),
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    yield _q(
        fam,
        "screening low-dose cts performed during Q4 2024",
        "study",
        sids(ldct, quarter(2024, 4)),
    )
    yield _q(fam, "all scans done Q3/2025", "study", sids(quarter(2025, 3)))
    yield _q(fam, "chest xrays during 2025-Q2", "study", sids(cxr, quarter(2025, 2)))
    yield _q(
        fam,
        "low dose cts performed in H2 2023",
        "study",
        sids(ldct, dated("2023-07-01", "2023-12-31")),
    )
    yield _q(fam, "head cts since sept 2025", "study", sids(head_ct, dated("2025-09-01", AS_OF)))
    yield _q(
        fam,
        "which of our patients have a date of birth before 1945",
        "patient",
        born("0000-01-01", "1944-12-31"),
    )
    yield _q(
        fam,
        "female pts born in the 1980s",
        "patient",
        sorted(set(born("1980-01-01", "1989-12-31")) & set(pids(sex_is("F")))),
    )
    yield _q(fam, "pts with a dob of 1995 or later", "patient", born("1995-01-01", "9999-12-31"))
    yield _q(
        fam,
        "exams between 3/1/2024 and 5/31/2024",
        "study",
        sids(dated("2024-03-01", "2024-05-31")),
    )
    yield from ask(
        fam,
        "ctpa studies over the past 6 months",
        "study",
        sids(cta, dated(months_on(AS_OF, -6), AS_OF)),
        sids(cta, dated(shift(months_on(AS_OF, -6), 1), AS_OF)),
    )
    yield from ask(
        fam,
        "screening cts within the last 61 days",
        "study",
        sids(ldct, dated(shift(AS_OF, -61), AS_OF)),
        sids(ldct, dated(shift(AS_OF, -60), AS_OF)),
    )
    yield _q(fam, "how many studies so far this yr", "count", count(dated("2026-01-01", AS_OF)))
    yield _q(fam, "number of head CTs performed last year", "count", count(head_ct, in_year(2025)))
    yield _q(
        fam,
        "chest cts from nov 2025 - jan 2026",
        "study",
        sids(chest_ct, dated("2025-11-01", "2026-01-31")),
    )
    yield _q(
        fam,
        "number of chest x-rays june 2024 thru sept 2024",
        "count",
        count(cxr, dated("2024-06-01", "2024-09-30")),
    )
    yield from ask(
        fam,
        "exams that are more than 3 yrs old at this point",
        "study",
        sids(dated("0000-01-01", shift(months_on(AS_OF, -36), -1))),
        sids(dated("0000-01-01", months_on(AS_OF, -36))),
    )
    yield _q(fam, "ct pe exams in the second quarter of 2023", "study", sids(cta, quarter(2023, 2)))
    yield _q(
        fam, "head cts 2024 or earlier", "study", sids(head_ct, dated("0000-01-01", "2024-12-31"))
    )
    busy = sorted({d for d, n in Counter(s["study_date"] for s in studies()).items() if n >= 3})
    day = pick(rng, busy)
    yield _q(fam, f"every study on {day}", "study", sids(dated(day, day)))
    yield _q(
        fam,
        "which patients had an ldct in 2023 and again in 2025",
        "patient",
        history(each_on_some(both_(ldct, in_year(2023)), both_(ldct, in_year(2025)))),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    del rng
    yield _q(fam, "nodules with mean hu < -500", "study", sids(nod(lt("mean_hu", -500))))
    yield _q(
        fam,
        "ggns between -750 and -600 HU",
        "study",
        sids(nod(att("ground-glass"), within("mean_hu", -750, -600))),
    )
    yield _q(
        fam,
        "nods with density -50 to +50 hu",
        "study",
        sids(nod(within("mean_hu", -50, 50))),
    )
    yield _q(fam, "ldcts with nods under a cm", "study", sids(ldct, nod(lt("diameter_mm", 10))))
    yield _q(
        fam,
        "scans with any nodule measuring at least 1.5 cm",
        "study",
        sids(nod(ge("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "how many findings have a confidence below .7",
        "count",
        len(fids(lt("confidence", 0.7))),
    )
    yield _q(
        fam,
        "nodule findings with conf between 0.6 and 0.65",
        "finding",
        fids(is_nodule, within("confidence", 0.6, 0.65)),
    )
    yield _q(fam, "nodules 2 cc or more in volume", "study", sids(nod(ge("volume_mm3", 2000))))
    yield _q(
        fam,
        "scans where a nodule's volume is under 100 mm3",
        "study",
        sids(nod(lt("volume_mm3", 100))),
    )
    yield _q(fam, "long axis over 20mm nodules", "study", sids(nod(gt("long_axis_mm", 20))))
    yield _q(
        fam,
        "part solid nodules, solid comp >= 6 mm",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield _q(fam, "nodules from 6 to 8 mm", "study", sids(nod(within("diameter_mm", 6, 8))))
    yield _q(fam, "short axis < 4mm nodules", "study", sids(nod(lt("short_axis_mm", 4))))
    yield _q(
        fam,
        "nodules sized between 0.7 and 1.2 cm",
        "study",
        sids(nod(within("diameter_mm", 7, 12))),
    )
    yield _q(
        fam,
        "studies showing a mass bigger than 3.4 cm",
        "study",
        sids(kind("mass", gt("diameter_mm", 34))),
    )
    yield _q(fam, "pts w nodules > 25 mm", "patient", pids(nod(gt("diameter_mm", 25))))
    yield _q(
        fam,
        "findings with confidence at or above 0.98",
        "finding",
        fids(ge("confidence", 0.98)),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    del rng
    yield _q(
        fam,
        "screening scans that have exactly three nodules",
        "study",
        sids(ldct, _n_nods(lambda k: k == 3)),
    )
    yield _q(fam, "scans with only 1 nodule", "study", sids(_n_nods(lambda k: k == 1)))
    yield _q(
        fam,
        "chest cts that had at least four nodules on them",
        "study",
        sids(chest_ct, _n_nods(lambda k: k >= 4)),
    )
    yield _q(fam, "ldcts with fewer than 2 nodules", "study", sids(ldct, _n_nods(lambda k: k < 2)))
    yield _q(
        fam,
        "patients with 4 or more scans",
        "patient",
        _patients_counting(lambda s: True, lambda k: k >= 4),
    )
    yield _q(
        fam,
        "pts that only ever had a single study",
        "patient",
        _patients_counting(lambda s: True, lambda k: k == 1),
    )
    yield _q(
        fam,
        "patients who have had at least 3 ldcts",
        "patient",
        _patients_counting(ldct, lambda k: k >= 3),
    )
    yield _q(
        fam,
        "patients who have undergone 2 or more head cts",
        "patient",
        _patients_counting(head_ct, lambda k: k >= 2),
    )
    yield _q(
        fam,
        "how many patients have more than 3 chest cts",
        "count",
        len(_patients_counting(chest_ct, lambda k: k > 3)),
    )
    yield _q(
        fam,
        "patients w 2+ scans in 2025",
        "patient",
        _patients_counting(in_year(2025), lambda k: k >= 2),
    )
    yield _q(
        fam,
        "how many studies had more than 2 nodules on one scan",
        "count",
        count(_n_nods(lambda k: k > 2)),
    )
    yield from ask(
        fam,
        "pts whose same nodule was seen on 4 or more scans",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(
        fam,
        "how many ldcts came back with no nodules at all",
        "count",
        count(ldct, _n_nods(lambda k: k == 0)),
    )
    yield _q(
        fam,
        "patients with exactly 2 studies on record",
        "patient",
        _patients_counting(lambda s: True, lambda k: k == 2),
    )
    yield _q(
        fam,
        "studies with precisely two ggns",
        "study",
        sids(_n_nods(lambda k: k == 2, att("ground-glass"))),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    del rng
    yield _q(
        fam,
        "patients who've had both a mass and emphysema at some point",
        "patient",
        history(each_on_some(kind("mass"), says("emphysema"))),
    )
    yield _q(
        fam,
        "patients with a ggn but never a solid nodule",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield _q(
        fam, "patients who never had an ldct", "patient", history(lambda m: not any(map(ldct, m)))
    )
    yield _q(
        fam,
        "patients with a pneumothorax on record but never a chest radiograph",
        "patient",
        history(some_but_never(kind("pneumothorax"), cxr)),
    )
    yield _q(
        fam,
        "pts who've been scanned on both ct01 and ct02",
        "patient",
        history(each_on_some(at_station("CT01"), at_station("CT02"))),
    )
    yield _q(
        fam,
        "pts w calcified and spiculated nodules both",
        "patient",
        history(each_on_some(nod(calcified), nod(margin("spiculated")))),
    )
    yield _q(
        fam,
        "patients with both lr 2 and lr 4a studies",
        "patient",
        history(each_on_some(cat_in("2"), cat_in("4A"))),
    )
    yield _q(
        fam,
        "patients whose reports show emphysema but who never had any nodule",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield _q(
        fam,
        "patients with a head ct and no chest ct ever",
        "patient",
        history(some_but_never(head_ct, chest_ct)),
    )
    yield _q(
        fam,
        "patients with both RUL and LLL nodules",
        "patient",
        history(each_on_some(nod(in_lobe("RUL")), nod(in_lobe("LLL")))),
    )
    yield _q(
        fam,
        "how many pts were never diagnosed w a mass",
        "count",
        len(history(lambda m: not any(map(kind("mass"), m)))),
    )
    yield _q(
        fam,
        "pts whose every ldct was lung-rads 1",
        "patient",
        _every(ldct, cat_in("1")),
    )
    yield _q(
        fam,
        "patients with a ground-glass nodule and a part-solid nodule on one ct",
        "patient",
        pids(nod(att("ground-glass")), nod(att("part-solid"))),
    )
    yield _q(
        fam,
        "patients with lymphadenopathy but never emphysema",
        "patient",
        history(some_but_never(says("lymphadenopathy"), says("emphysema"))),
    )
    yield _q(
        fam,
        "pts who had a ctpa but never any head ct",
        "patient",
        history(some_but_never(cta, head_ct)),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    del rng
    yield _q(fam, "lr 4b studies", "study", sids(cat_in("4B")))
    yield _q(fam, "2025 ldcts, category 3", "study", sids(ldct, in_year(2025), cat_in("3")))
    yield _q(fam, "how many lung-rads 4x scans are there", "count", count(cat_in("4X")))
    yield _q(
        fam,
        "patients whose highest lung-rads ever was 4A",
        "patient",
        history(lambda m: highest(m) == "4A"),
    )
    yield _q(
        fam,
        "pts whose worst lung rads category was 2",
        "patient",
        history(lambda m: highest(m) == "2"),
    )
    yield _q(
        fam,
        "number of studies in each lung-rads category for 2024",
        "groups",
        _lr_groups(in_year(2024)),
    )
    yield _q(fam, "lr 3 or above ldcts", "study", sids(ldct, cat_in("3", "4A", "4B", "4X")))
    yield _q(fam, "ct02 studies below lr 3", "study", sids(at_station("CT02"), cat_in("1", "2")))
    yield _q(
        fam,
        "which patients went from lr 2 to lr 3",
        "patient",
        pids(went_from("2", ("3",))),
    )
    yield _q(
        fam,
        "exams where the category was upgraded to 4B",
        "study",
        sids(went_from(None, ("4B",)), went(1)),
    )
    yield _q(fam, "how many scans where the lung-rads went up", "count", count(went(1)))
    yield _q(
        fam,
        "pts with a lung-rads 4 at any point",
        "patient",
        pids(cat_in("4A", "4B", "4X")),
    )
    yield from ask(
        fam,
        "% of 2026 low dose screening cts that came back lr 3",
        "value",
        pct(count(ldct, in_year(2026), cat_in("3")), count(ldct, in_year(2026))),
    )
    yield _q(
        fam,
        "lr4a or lr4b studies in women",
        "study",
        sids(sex_is("F"), cat_in("4A", "4B")),
    )
    yield _q(
        fam,
        "patients who have had a category 4X ct",
        "patient",
        pids(cat_in("4X")),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    del rng
    yield from ask(
        fam, "show me the five most recent head ct exams", "study", _recent(sids_rows(head_ct), 5)
    )
    yield from ask(
        fam, "the oldest 3 male patients", "patient", _oldest(lambda p: p["sex"] == "M", 3)
    )
    noduls = nodule_rows()
    yield from ask(
        fam,
        "which nodule has the highest volume",
        "finding",
        top(noduls, lambda f: -f["volume_mm3"], 1, "finding_id"),
    )
    yield from ask(
        fam,
        "mass w the lowest confidence",
        "finding",
        top(_kind_rows("mass"), lambda f: f["confidence"], 1, "finding_id"),
    )
    ggns = nodule_rows(att("ground-glass"))
    yield from ask(
        fam,
        "the 2 ggns with the most negative hu",
        "finding",
        top(ggns, lambda f: f["mean_hu"], 2, "finding_id"),
    )
    yield from ask(
        fam,
        "largest mass",
        "finding",
        top(_kind_rows("mass"), lambda f: -f["diameter_mm"], 1, "finding_id"),
    )
    yield from ask(
        fam,
        "the 2 patients with the highest number of calcified nodules",
        "patient",
        _ranked_patients(lambda p: _nodule_count(p, calcified), 2),
    )
    yield from ask(
        fam,
        "top 6 nodules by long axis",
        "finding",
        top(noduls, lambda f: -f["long_axis_mm"], 6, "finding_id"),
    )
    emph = set(pids(says("emphysema")))
    yield from ask(
        fam,
        "oldest 3 pts with emphysema",
        "patient",
        _oldest(lambda p: p["patient_id"] in emph, 3),
    )
    yield from ask(
        fam,
        "3 smallest part-solid nodules by volume",
        "finding",
        top(nodule_rows(att("part-solid")), lambda f: f["volume_mm3"], 3, "finding_id"),
    )
    yield from ask(
        fam,
        "top 2 pts by number of ggns",
        "patient",
        _ranked_patients(lambda p: _nodule_count(p, att("ground-glass")), 2),
    )
    yield from ask(
        fam,
        "biggest solid nodule in the rml",
        "finding",
        top(
            nodule_rows(att("solid"), in_lobe("RML")),
            lambda f: -f["diameter_mm"],
            1,
            "finding_id",
        ),
    )
    yield from ask(
        fam,
        "4 most recent ldcts done at ct01",
        "study",
        _recent(sids_rows(ldct, at_station("CT01")), 4),
    )
    yield from ask(
        fam,
        "3 most confident pneumothorax findings",
        "finding",
        top(_kind_rows("pneumothorax"), lambda f: -f["confidence"], 3, "finding_id"),
    )
    yield from ask(
        fam,
        "the 2 spiculated nodules with the lowest hu",
        "finding",
        top(nodule_rows(margin("spiculated")), lambda f: f["mean_hu"], 2, "finding_id"),
    )
    yield from ask(
        fam,
        "the 4 largest nodules by short axis",
        "finding",
        top(noduls, lambda f: -f["short_axis_mm"], 4, "finding_id"),
    )
    yield from ask(
        fam,
        "the 6 most recent cxrs",
        "study",
        _recent(sids_rows(cxr), 6),
    )
    yield from ask(
        fam,
        "2 least confident pleural effusions",
        "finding",
        top(_kind_rows("pleural_effusion"), lambda f: f["confidence"], 2, "finding_id"),
    )
    yield from ask(
        fam,
        "top 3 psns ranked by solid component",
        "finding",
        top(nodule_rows(att("part-solid")), lambda f: -f["solid_component_mm"], 3, "finding_id"),
    )


def sids_rows(*tests: Test) -> list[Row]:
    return [s for s in studies() if all(t(s) for t in tests)]


def stats(rng: random.Random) -> Rows:
    fam = "stats"
    del rng
    yield _q(
        fam,
        "what is the mean diameter of all nodules in mm",
        "value",
        _mean_field(nodule_rows(), "diameter_mm"),
    )
    yield _q(
        fam,
        "average ground-glass nodule volume, in cc",
        "value",
        _mean_field(nodule_rows(att("ground-glass")), "volume_mm3", 1000),
    )
    yield _q(
        fam,
        "median HU of solid nodules",
        "value",
        _median_field(nodule_rows(att("solid")), "mean_hu"),
    )
    yield _q(
        fam,
        "mean model confidence across pneumothorax findings",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield _q(
        fam,
        "avg long axis of spiculated nodules in cm",
        "value",
        _mean_field(nodule_rows(margin("spiculated")), "long_axis_mm", 10),
    )
    yield _q(fam, "mean age of pts with a mass", "value", _age_at_latest(kind("mass"), mean_of))
    yield _q(
        fam,
        "median age of women who had an ldct",
        "value",
        _age_at_latest(both_(ldct, sex_is("F")), median_of),
    )
    yield _q(
        fam,
        "average # of nodules per ldct",
        "value",
        len(nodule_rows(where=ldct)) / count(ldct),
    )
    women = [p["patient_id"] for p in pats() if p["sex"] == "F" and own(p["patient_id"])]
    yield _q(
        fam,
        "on average how many nodules does a female patient have",
        "value",
        sum(_nodule_count(p) for p in women) / len(women),
    )
    yield from ask(
        fam,
        "proportion of 2023 ldcts with lung-rads 2",
        "value",
        pct(count(ldct, in_year(2023), cat_in("2")), count(ldct, in_year(2023))),
    )
    yield from ask(
        fam,
        "percentage of studies done at dx01",
        "value",
        pct(count(at_station("DX01")), len(studies())),
    )
    yield from ask(
        fam,
        "what % of 2026 ldcts were lung-rads 1",
        "value",
        pct(count(ldct, in_year(2026), cat_in("1")), count(ldct, in_year(2026))),
    )
    yield _q(
        fam,
        "average solid comp of the part solid nodules, in millimetres",
        "value",
        _mean_field(nodule_rows(att("part-solid")), "solid_component_mm"),
    )
    yield _q(
        fam,
        "median nodule diameter on 2025 ldcts",
        "value",
        _median_field(nodule_rows(where=both_(ldct, in_year(2025))), "diameter_mm"),
    )
    yield _q(
        fam,
        "mean short axis of nodules in the lul",
        "value",
        _mean_field(nodule_rows(in_lobe("LUL")), "short_axis_mm"),
    )
    yield from ask(
        fam,
        "percent of patients with sex recorded as other",
        "value",
        pct(sum(p["sex"] == "O" for p in pats()), len(pats())),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    del rng
    yield _q(fam, "studies reporting emphysema", "study", sids(says("emphysema")))
    yield _q(fam, "ldcts negative for emphysema", "study", sids(ldct, denies("emphysema")))
    yield _q(fam, "pts with coronary artery calcification", "patient", pids(says("coronary")))
    yield _q(
        fam,
        "how many reports mention lymphadenopathy",
        "count",
        count(says("lymphadenopathy")),
    )
    yield _q(
        fam,
        "masses without emphysema",
        "study",
        sids(kind("mass"), neg(says("emphysema"))),
    )
    yield from ask(
        fam,
        "women with emphysema on a 2025 scan",
        "patient",
        pids(sex_is("F"), says("emphysema"), in_year(2025)),
    )
    yield _q(
        fam,
        "pts neg for lymphadenopathy",
        "patient",
        pids(denies("lymphadenopathy")),
    )
    yield _q(fam, "granuloma in the report - number of studies", "count", count(says("granuloma")))
    yield _q(
        fam,
        "studies w coronary artery calcification and a spiculated nodule",
        "study",
        sids(says("coronary"), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "2024 ldcts whose reports say no emphysema",
        "study",
        sids(ldct, in_year(2024), denies("emphysema")),
    )
    yield _q(
        fam,
        "emphysema or lymphadenopathy studies",
        "study",
        sids(lambda s: says("emphysema")(s) or says("lymphadenopathy")(s)),
    )
    yield _q(
        fam,
        "which patients have never had emphysema documented",
        "patient",
        history(lambda m: not any(map(says("emphysema"), m))),
    )
    yield _q(
        fam,
        "chest cts w/o lymphadenopathy at ct02",
        "study",
        sids(chest_ct, at_station("CT02"), neg(says("lymphadenopathy"))),
    )
    yield _q(
        fam,
        "ldcts with coronary calcification but no emphysema",
        "study",
        sids(ldct, says("coronary"), neg(says("emphysema"))),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    del rng
    yield from ask(
        fam,
        "scans showing interval growth of a nodule",
        "study",
        *(sids(fstudy_(g)) for g in grew_readings()),
    )
    yield from ask(
        fam,
        "pts with nodule growth > 2mm",
        "patient",
        *(pids(fstudy_(g)) for g in grew_readings(2.0)),
    )
    yield from ask(
        fam,
        "growing ggns",
        "study",
        *(sids(fstudy_(g, att("ground-glass"))) for g in grew_readings()),
    )
    yield from ask(
        fam,
        "count of new nodules found this year",
        "count",
        *(len(fids(new(m), where=in_year(2026))) for m in (False, True)),
    )
    yield from ask(
        fam,
        "new solid nodules on ldcts",
        "study",
        *(sids(ldct, fstudy_(new(m), att("solid"))) for m in (False, True)),
    )
    yield from ask(
        fam,
        "right lower lobe nodules that remained stable",
        "study",
        *(
            sids(fstudy_(stable(r, m), in_lobe("RLL")))
            for r in (False, True)
            for m in (False, True)
        ),
    )
    yield from ask(
        fam,
        "patients w a nodule that grew at least 3 mm",
        "patient",
        *(pids(fstudy_(g)) for g in grew_readings(3.0, inclusive=True)),
    )
    yield _q(fam, "shrinking nodules", "study", [])
    yield from ask(
        fam,
        "how many nodules showed more than 4 mm of growth",
        "count",
        *(len(fids(g)) for g in grew_readings(4.0)),
    )
    yield from ask(
        fam,
        "new nodules > 6 mm in 2024",
        "study",
        *(sids(in_year(2024), fstudy_(new(m), gt("diameter_mm", 6))) for m in (False, True)),
    )
    yield from ask(
        fam,
        "patients with a new nodule in 2024",
        "patient",
        *(pids(in_year(2024), fstudy_(new(m))) for m in (False, True)),
    )
    yield from ask(
        fam,
        "interval growth in a part-solid nodule, which pts",
        "patient",
        *(pids(fstudy_(g, att("part-solid"))) for g in grew_readings()),
    )


def fstudy_(*tests: FTest) -> Test:
    """A study with one finding passing every test."""
    return lambda s: any(all(t(f) for t in tests) for f in fo(s))


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    del rng
    yield _q(fam, "men over 75", "patient", pids(sex_is("M"), lambda s: ref.age(s) > 75))
    yield _q(fam, "women 60-65", "patient", pids(sex_is("F"), age_in(60, 65)))
    yield from ask(
        fam, "pts under 45 w nodules", "patient", *aged(lambda s: ref.age(s) < 45, nod())
    )
    yield _q(
        fam, "how many female patients are there", "count", sum(p["sex"] == "F" for p in pats())
    )
    yield _q(
        fam,
        "patients registered with sex 'other'",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        fam, "septuagenarians with a mass", "patient", *aged(age_in(70, 79), kind("mass"))
    )
    yield from ask(fam, "pts in their 40s with an ldct", "patient", *aged(age_in(40, 49), ldct))
    yield _q(fam, "male ldcts in 2025", "study", sids(sex_is("M"), ldct, in_year(2025)))
    yield _q(fam, "how many women had a ctpa", "count", len(pids(sex_is("F"), cta)))
    yield from ask(
        fam,
        "women >70 with part-solid nods",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) > 70), nod(att("part-solid"))),
    )
    yield _q(fam, "men aged 55 to 60", "patient", pids(sex_is("M"), age_in(55, 60)))
    yield _q(
        fam, "number of men scanned at ct01", "count", len(pids(sex_is("M"), at_station("CT01")))
    )
    yield _q(fam, "female chest x-rays", "study", sids(sex_is("F"), cxr))
    yield _q(
        fam,
        "patients of gender O",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield _q(fam, "pts younger than 30", "patient", pids(lambda s: ref.age(s) < 30))


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    del rng
    yield _q(fam, "dx01 studies in 2026", "study", sids(at_station("DX01"), in_year(2026)))
    yield _q(fam, "CT ANGIO CHEST PE exams", "study", sids(cta))
    yield _q(
        fam,
        'nodules seen on "CT CHEST W/O CONTRAST" exams',
        "study",
        sids(lambda s: s["description"] == "CT CHEST W/O CONTRAST", nod()),
    )
    yield _q(fam, "head cts at ct02", "study", sids(head_ct, at_station("CT02")))
    yield _q(fam, "how many chest xrays in total", "count", count(cxr))
    yield _q(
        fam,
        "pts with both a ctpa and a chest ct w/o contrast",
        "patient",
        history(each_on_some(cta, lambda s: s["description"] == "CT CHEST W/O CONTRAST")),
    )
    yield _q(
        fam,
        'any "CT CHEST W CONTRAST" exam where consolidation was found',
        "study",
        sids(lambda s: s["description"] == "CT CHEST W CONTRAST", kind("consolidation")),
    )
    yield _q(
        fam,
        "lung screening cts on ct01 in 2026-Q2",
        "study",
        sids(ldct, at_station("CT01"), quarter(2026, 2)),
    )
    yield _q(fam, "modality DX with pneumothorax", "study", sids(cxr, kind("pneumothorax")))
    yield _q(
        fam,
        "how many studies at station CT02 in 2023",
        "count",
        count(at_station("CT02"), in_year(2023)),
    )
    yield _q(fam, "ctpas with a pleural effusion", "study", sids(cta, kind("pleural_effusion")))
    yield _q(
        fam,
        "head ct w intracranial hemorrhage",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(
        fam,
        "pts who had an XR CHEST PA AND LATERAL",
        "patient",
        pids(lambda s: s["description"] == "XR CHEST PA AND LATERAL"),
    )
    yield _q(
        fam,
        "chest cts done at ct01 with a pneumothorax",
        "study",
        sids(chest_ct, at_station("CT01"), kind("pneumothorax")),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    del rng
    yield _q(fam, "nodules located in the right middle lobe", "study", sids(nod(in_lobe("RML"))))
    yield _q(
        fam,
        "LUL nodule greater than 6 mm",
        "study",
        sids(nod(in_lobe("LUL"), gt("diameter_mm", 6))),
    )
    yield _q(
        fam,
        "ground glass nodules in the left lower lobe",
        "study",
        sids(nod(in_lobe("LLL"), att("ground-glass"))),
    )
    yield _q(
        fam,
        "right lower lobe spiculated nodules",
        "study",
        sids(nod(in_lobe("RLL"), margin("spiculated"))),
    )
    yield _q(
        fam, "how many nodule findings in the RUL", "count", len(fids(is_nodule, in_lobe("RUL")))
    )
    yield _q(
        fam,
        "2025 screening cts with nodules in both lungs",
        "study",
        sids(
            ldct,
            in_year(2025),
            nod(in_lobe("RUL", "RML", "RLL")),
            nod(in_lobe("LUL", "LLL")),
        ),
    )
    yield _q(fam, "any lesion located in the LLL", "study", sids(lesion(in_lobe("LLL"))))
    yield _q(fam, "lul or lll calcified nods", "study", sids(nod(in_lobe("LUL", "LLL"), calcified)))
    yield _q(fam, "RML part solid nods", "study", sids(nod(in_lobe("RML"), att("part-solid"))))
    yield _q(
        fam,
        "men with left lower lobe nodules over 1 cm",
        "patient",
        pids(sex_is("M"), nod(in_lobe("LLL"), gt("diameter_mm", 10))),
    )
    yield from ask(
        fam,
        "largest nodule in the LLL",
        "finding",
        top(nodule_rows(in_lobe("LLL")), lambda f: -f["diameter_mm"], 1, "finding_id"),
    )
    yield _q(fam, "rml mass", "study", sids(kind("mass", in_lobe("RML"))))


def features(rng: random.Random) -> Rows:
    fam = "features"
    del rng
    yield _q(fam, "spiculated nods", "study", sids(nod(margin("spiculated"))))
    yield _q(fam, "lobulated solid nodules", "study", sids(nod(margin("lobulated"), att("solid"))))
    yield _q(
        fam,
        "noncalcified part-solid nodules",
        "study",
        sids(nod(uncalcified, att("part-solid"))),
    )
    yield _q(fam, "calcified nodules >= 8 mm", "study", sids(nod(calcified, ge("diameter_mm", 8))))
    yield _q(fam, "smooth-margined ggns", "study", sids(nod(margin("smooth"), att("ground-glass"))))
    yield _q(
        fam,
        "how many spiculated masses",
        "count",
        len(fids(lambda f: f["kind"] == "mass", margin("spiculated"))),
    )
    yield _q(fam, "spiculated subsolid nodules", "study", sids(nod(margin("spiculated"), subsolid)))
    yield _q(
        fam,
        "pure gg nodules over 15mm",
        "study",
        sids(nod(att("ground-glass"), gt("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "patients w spiculated part-solid nodules",
        "patient",
        pids(nod(margin("spiculated"), att("part-solid"))),
    )
    yield _q(
        fam,
        "non-calcified spiculated nodules in the rul",
        "study",
        sids(nod(uncalcified, margin("spiculated"), in_lobe("RUL"))),
    )
    yield _q(
        fam,
        "ggos with a lobulated margin",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"))),
    )
    yield _q(fam, "solid nodules hu over 50", "study", sids(nod(att("solid"), gt("mean_hu", 50))))
    yield _q(
        fam,
        "calcified nodule findings, total count",
        "count",
        len(fids(is_nodule, calcified)),
    )
    yield _q(
        fam,
        "smooth solid nodules under 6 mm",
        "study",
        sids(nod(margin("smooth"), att("solid"), lt("diameter_mm", 6))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    many = [
        p["patient_id"]
        for p in pats()
        if len({s["study_date"] for s in own(p["patient_id"]) if ldct(s)}) >= 3
    ]
    pid = pick(rng, many)
    days = _span_days(pid, ldct)
    assert days is not None
    yield _q(
        fam,
        f"for {pid}, how many days from the baseline ldct to the most recent one",
        "value",
        float(days),
    )
    pid = pick(rng, many)
    days = _span_days(pid, lambda s: True)
    assert days is not None
    yield _q(fam, f"months from first to last scan, {pid}", "value", days / 30.4375)
    pid = pick(rng, many)
    days = _span_days(pid, lambda s: True)
    assert days is not None
    yield _q(fam, f"how many weeks between {pid}'s first and latest study", "value", days / 7)
    spans = [d for p in pats() if (d := _span_days(p["patient_id"], ldct)) is not None]
    yield _q(
        fam,
        "average follow-up in years from first to latest ldct",
        "value",
        mean_of(spans) / 365.25,
    )
    yield _q(
        fam,
        "patients followed for more than 30 months",
        "patient",
        history(lambda m: m[-1]["study_date"] > months_on(m[0]["study_date"], 30)),
    )
    yield _q(
        fam,
        "pts with a gap of more than 13 months between consecutive ldcts",
        "patient",
        history(
            lambda m: any(b > months_on(a, 13) for a, b in _pairs_of(m[0]["patient_id"], ldct))
        ),
    )
    yield _q(
        fam,
        "across all patients, median number of days separating consecutive low dose cts",
        "value",
        median_of([float(days_between(a, b)) for a, b in _gaps(ldct)]),
    )
    yield _q(
        fam,
        "ldcts repeated within 11 months",
        "study",
        sids(
            ldct,
            lambda s: any(
                ldct(x) and s["study_date"] < x["study_date"] <= months_on(s["study_date"], 11)
                for x in own(s["patient_id"])
            ),
        ),
    )
    yield _q(fam, "pts overdue for their annual ldct", "patient", _overdue(("1", "2"), 12))
    yield _q(
        fam,
        "patients with at least 2 yrs of f/u",
        "patient",
        history(lambda m: m[-1]["study_date"] >= months_on(m[0]["study_date"], 24)),
    )


def _pairs_of(pid: str, test: Test) -> list[tuple[str, str]]:
    days = sorted({s["study_date"] for s in own(pid) if test(s)})
    return list(itertools.pairwise(days))


def _overdue(cats: tuple[str, ...], n: int) -> list[str]:
    """Patients whose latest chest CT by the as-of date is in ``cats`` and more than ``n``
    calendar months old (the due day itself is not overdue)."""
    out: list[str] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if chest_ct(s) and s["study_date"] <= AS_OF]
        if mine and category(mine[-1]) in cats and months_on(mine[-1]["study_date"], n) < AS_OF:
            out.append(p["patient_id"])
    return out


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
    """Every question of this part, each family drawing from one generator seeded with SEED."""
    LEFT_OUT.clear()
    rng = random.Random(SEED)
    out: list[Item] = []
    seen: set[str] = set()
    for family in FAMILIES:
        for item in family(rng):
            if item.question in seen:
                raise ValueError(f"question asked twice: {item.question}")
            seen.add(item.question)
            out.append(item)
    return out
