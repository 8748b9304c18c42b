"""Held-out part 38 of the question bank: cohort questions typed as everyone types them, blind.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; ``dev_queries.jsonl`` only to see the data, never to borrow phrasings),
the "Conventions" section of ``docs/query.md`` (to "One model version") and its "Reports"
section up to "How well it reads" (not the reader's measurements nor its lists of misses, fixes
and limits), :mod:`question_bank` (the :class:`Item` type, its helpers and ``_matches``, for the
form of a "value" or "groups" answer), :mod:`cohort_reference` and :mod:`blind_reference` (the
shared plain-Python reading of the cohort, imported here), and ``bank_fresh_24.py`` for its
format, docstring and helpers only, up to the line that opens its families, not its questions.
The reader's code (``query/``), ``appliance/``, the tests (``test_*.py``),
``family_reading.py`` and the other parts' questions were not opened, and the engine was never
run on these questions: they were frozen (committed) before any was put to it, and none is to
be changed to suit it afterwards.

Duplicates: the texts were compared with ``dev_queries.jsonl``, parts 22 to 37 (loaded through
their ``bank()``, never read) and every question of ``question_bank.bank()`` and
``question_bank.ungated_bank()``, by a throwaway script that printed only this part's matches
(word for word after lower-casing and dropping punctuation, or a word overlap of 75 % or more
of the longer question): 86 of the first draft matched (9 word for word: short common
questions such as "growing nodules", "avg nodule diameter", "largest mass?"); all were
reworded, 11 rewordings matched again and were reworded again; none is left, and no question
repeats another within the part (:func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 244 in all):
identifiers [17] (a patient's exams, a patient's chest x-rays asked in an e-mail, a nodule tally
on an accession, every finding of an "acc#", the patient of an accession and of two accessions,
the nodules of a study UID, the patient of a "study instance uid", a patient's newest CT and
baseline screening CT, two patients' 2025 scans, a patient's studies with a 6 mm nodule, their
latest study's findings, a possessive ID, "studys ... in 2024", a patient's CT01 exams, a search
box's "ldct <ID> 2026"); dates [22] ("q3 of 2024", "2025 Q4", "15 March 2024 to 30 April
2024", slashed US dates with days over 12, "since ocotber 2025", the last 75 days and the past 2
months (with an as-of date of their own), "this year", "last year", "before June 2023", birth
years in the 1940s, "DOB on or before" an ISO date, an ISO range, a dictated quarter "of twenty
twenty five", "the second half of 2024", "dec 2024 thru feb 2025", "jan 2026", one day, "more
than 3 years ago", "between aug 2023 and oct 2023", a quarter spelt out in an e-mail, "head ct
2024 q2"); numbers [19] (HU below a negative number, HU ranges with minus signs and "minus 50
and plus 50", "under a centimetre", "4 to 6 mm", "1.2cm-1.5cm", "fifteen millimetres", "two and
a half centimeters", "eight millimetres", confidences "under 0.6" and ".95 or higher", volume
"over 1 cc" and "100-250 mm3", solid component, long and short axis, "> 6 mm and < 8 mm",
"30mm+"); counts [17] (exactly three, "4+", fewer than 2, zero, "over 3 on a single chest ct",
"between 2 and 4", a single nodule on a CT PE, studies per patient "3 or more", "atleast 4",
"just once", "only one", LDCTs and head CTs per patient, findings of an accession, the same
nodule on 4 or more scans); set logic [16] (each at some point, "but never", "never", "no ...
of any kind", "as well as", "all done on CT02", on the same CT, two descriptions each, a mass
but never a consolidation, an e-mail asking for one attenuation but never another, never a
spiculated nodule with 3+ LDCTs); Lung-RADS [18] (a category, "3+", "2 or lower", peaked at,
worst, breakdowns per category and per station, "4a vs 4b", an upgrade "2 -> 3", a higher
category than the prior, two 4A studies, percentages, "lungrads 4a", "lung rads 4"); rankings
and top-N [17] (size, volume, mean HU, long axis, solid component, birth dates of patients and
of women, newest and earliest studies, most nodules and most ggns per patient, the biggest
nodule per patient, the most confident pneumothorax, the biggest mass); aggregates and
percentages [18] (means and medians of size, volume, HU, confidence, long axis in cm, solid
component, age, nodules per LDCT, studies per patient; shares written "%", "percent",
"percentage", "share", "fraction", "pct"); report concepts with negation [15] (emphysema,
lymphadenopathy, coronary calcification; "mentions", "notes", "negative for", "neg for",
"documenting no", "w/o", "without", "never ... in any report", "OR", by station, an e-mail);
growth / new / stable [14]; demographics [14] (sex, "sex O", ages over, under, ranges spelt out,
"in their 60s", "70+", births, breakdowns by sex, "men vs women", mean ages); modality /
description / station [15] (CT01, CT02, DX, ctpa, "pe ct", descriptions quoted, radiographs,
head CTs, "headct", station breakdowns and comparisons); lobes [14] (each lobe by abbreviation or
name, breakdowns and comparisons per lobe, masses and lesions in a lobe); attenuation / margin
/ calcification [15]; intervals [13] (days, months and years from first to latest study of a
patient, means and medians over patients, follow-up over 3 years and of at least 30 months, the
median gap between consecutive studies in days and in months). The styles are mixed in roughly
equal shares: terse shorthand (pts, w, w/o, f/u, lr, ggn, psn, nods, acc#, DOB, hu, "#"), full
sentences, e-mails with a greeting and a signature, dictated numbers and years, search-box
keywords, groups (breakdowns "by / per", "A vs B", "compared with", shares, top N: about one in
five), conditions before and after the noun and in brackets, and slips of a hurried typist
(about one in eight: "patinets", "noduels", "nodlues", "lesoins", "teh", "ocotber", "befor",
"seeen", "averge", "breakdwon", "pnuemothorax", "pneumothroax", "lymphadenopaty", "calcfication",
"calcifed", "emphysma", "studys", "stuides", "patietn", "scaned", "atleast", "thenodules",
"nodules,count", "lungrads", "headct").

Parameters are drawn with this part's own seed (:data:`SEED`). Expected answers are computed
here in plain Python from the cohort files with the documented conventions written out by
hand. Where the conventions leave a reading open the question is asked only when the competing
readings agree (:func:`ask`): the first day of "the last N days / months" and the boundary day
of "more than 3 years ago"; a track that was a mass from its first study counted or not as a
new, stable or growing nodule; a growth taken in floating point or to 0.1 mm; the same nodule
on N scans counting a mass on its track or not; an age (with a sex) and another condition on
one study or each on some study. ``LEFT_OUT`` lists those that disagreed as the bank is built
("women in their seventies with a pneumothorax"). Drafts replaced before freezing: percentages
not within 0.005 of a tenth (male patients, CT01's share of 2025, calcified nodules, CT02's
share, chest CTs with a pneumothorax, women among pneumothorax patients, spiculated solid
nodules, part-solid nodules with a 6 mm solid part), "new nodules in 2025" and "patients with a
new nodule" (the mass-from-start track F000277 split them), a pneumothorax and an effusion
"both" (the same study or each on some: asked "at some point ... at some point"), rankings tied
at their boundary (lowest confidence, most scans per patient, smallest solid nodules by
diameter: the number of a ranking is the first untied one from a drawn start), and drafts
empty by accident (five or more studies, a CTPA with an LDCT or a chest x-ray, a head CT with a
chest CT, men in their sixties with a mass, 2023 radiographs with an effusion, calcified
nodules on head CTs or radiographs). Readings taken: "newest ct" is any CT; "baseline
screening ct" is the patient's first LDCT; "screening", "low dose" and "ldct" are the LDCTs;
"ctpa", "pe ct" and "ct angio" are the CT ANGIO CHEST PE studies; "DX", "chest x-ray" and
"radiograph" are the DX studies; "eldest / oldest" are the earliest birth dates; "brightest
... (top mean attenuation in HU)" the highest mean HU; "lung-rads went 2 -> 3 from one study to
the next" compares a study with the patient's previous categorised study; "peaked at 4a" is the
highest category ever; a count of men or women counts patients; report concepts follow the
fixture's phrasings as :mod:`blind_reference` reads them ("coronary calcification" takes in
"calcified coronary atherosclerosis"). Intervals are answered as a value (days, or days / 30.4375
for months, / 365.25 for years), as the Conventions' intervals section describes.

Scored alone with ``python tests/query/question_bank.py --part held_out_38 -v`` once wired in.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import cohort_reference as ref
from blind_reference import (
    ORDER,
    FTest,
    Rows,
    agreed,
    any_ct,
    at_station,
    att,
    calcified,
    chest_ct,
    cta,
    cxr,
    dated,
    days_between,
    denies,
    each_on_some,
    fo,
    fstudy,
    ge,
    grew_readings,
    gt,
    head_ct,
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
    neg,
    new,
    nod,
    nods,
    nodule_rows,
    own,
    pats,
    pct,
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
    untied,
    with_contrast,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_38"
SEED = 3838

# Questions left out while the bank is built (readings that disagree, a tie at a ranking's
# boundary, a percentage not within 0.005 of a tenth); listed in the module docstring by hand.
LEFT_OUT: list[str] = []

Groups = list[tuple[Any, int]]


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


@cache
def _cat_of(uid: str) -> str | None:
    """A study's Lung-RADS category (its highest finding category; 1 for a chest CT without)."""
    s = ref.cohort()[1][uid]
    cats = [f["lung_rads"] for f in fo(s) if f.get("lung_rads")]
    if cats:
        return str(max(cats, key=ORDER.index))
    return "1" if chest_ct(s) else None


def cat(s: Row) -> str | None:
    return _cat_of(str(s["study_uid"]))


def cat_is(*names: str) -> Test:
    return lambda s: cat(s) in names


def _highest(mine: Sequence[Row]) -> str | None:
    cats = [c for c in map(cat, mine) if c is not None]
    return max(cats, key=ORDER.index) if cats else None


def _previous_cat(s: Row) -> str | None:
    """The category of the patient's previous categorised study (by date, then UID)."""
    key = (s["study_date"], s["study_uid"])
    before = [x for x in own(s["patient_id"]) if (x["study_date"], x["study_uid"]) < key and cat(x)]
    return cat(before[-1]) if before else None


def _went_from(old: str, to: tuple[str, ...]) -> Test:
    return lambda s: cat(s) in to and _previous_cat(s) == old


def _went_up(s: Row) -> bool:
    c, p = cat(s), _previous_cat(s)
    return c is not None and p is not None and ORDER.index(c) > ORDER.index(p)


def _groups(keys: Sequence[Any]) -> Groups:
    return sorted(Counter(keys).items(), key=lambda kv: str(kv[0]))


def _study_groups(field: Callable[[Row], Any], *tests: Test) -> Groups:
    return _groups([field(s) for s in studies() if all(t(s) for t in tests)])


def _finding_groups(field: str, *tests: FTest, where: Test = lambda s: True) -> Groups:
    return _groups([f[field] for f in nodule_rows(*tests, where=where)])


def _sex(s: Row) -> str:
    return ref.sex(s)


def _age(s: Row) -> int:
    return ref.age(s)


def _birth(pid: str) -> str:
    return str(ref.cohort()[0][pid]["birth_date"])


def _first_fit(rng: random.Random, pool: Sequence[Any], fits: Callable[[Any], bool]) -> Any:
    """A random member of ``pool`` that ``fits`` (drawn in a shuffled order of the pool)."""
    order = list(pool)
    rng.shuffle(order)
    for x in order:
        if fits(x):
            return x
    raise ValueError("nothing in the pool fits")


def _pid_list() -> list[str]:
    return sorted(str(p["patient_id"]) for p in pats())


def _count_in(pid: str, test: Test) -> int:
    return sum(1 for s in own(pid) if test(s))


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def _every_patient(test: Callable[[list[Row]], bool]) -> list[str]:
    return history(test)


def _never(test: Test) -> list[str]:
    return history(lambda mine: not any(map(test, mine)))


def _share(part: int, whole: int) -> float | None:
    return pct(part, whole) if whole else None


def _value(family: str, question: str, value: float | None) -> Rows:
    """A percentage (or a number) asked only when it is defined (see :func:`pct`)."""
    if value is None:
        LEFT_OUT.append(question)
        return
    yield _q(family, question, "value", value)


def _age_latest(test: Test, summary: Callable[[Sequence[float]], float]) -> float:
    """Each patient with a study passing ``test`` once, at the age on the latest such study."""
    ages: list[float] = []
    for p in _pid_list():
        mine = [s for s in own(p) if test(s)]
        if mine:
            ages.append(_age(mine[-1]))
    return summary(ages)


def _fids_of(*tests: FTest, where: Test = lambda s: True) -> list[str]:
    return sorted(
        f["finding_id"] for f in ref.cohort()[2] if all(t(f) for t in tests) and where(study_of(f))
    )


def _on_n_scans(n_min: int, masses: bool) -> list[str]:
    """Patients with one nodule (a track) seen on at least ``n_min`` different studies."""
    by_track: dict[str, set[str]] = {}
    for f in ref.cohort()[2]:
        if f.get("track_id") and (is_nodule(f) or (masses and f["kind"] == "mass")):
            by_track.setdefault(f["track_id"], set()).add(f["study_uid"])
    studies_by_uid = ref.cohort()[1]
    return sorted(
        {
            studies_by_uid[next(iter(uids))]["patient_id"]
            for uids in by_track.values()
            if len(uids) >= n_min
        }
    )


def _span_days(pid: str, test: Test) -> int | None:
    mine = [s for s in own(pid) if test(s)]
    if len({s["study_date"] for s in mine}) < 2:
        return None
    return days_between(mine[0]["study_date"], mine[-1]["study_date"])


def _ranked(
    fam: str, text: str, rows: Sequence[Row], ident: str, start: int, one: str = ""
) -> Rows:
    """A ranking by ``rows``' key ``k``, asked at the first untied number from ``start``
    (``one``: the question's wording when that number is 1)."""
    try:
        n, ans = untied(rows, lambda r: r["k"], ident, start)
    except AssertionError:
        LEFT_OUT.append(text)
        return
    yield _q(fam, one if n == 1 and one else text.format(n=n), KEY_UNIT[ident], ans)


KEY_UNIT = {"patient_id": "patient", "study_uid": "study", "finding_id": "finding"}


def _uids(rows: Sequence[Row]) -> list[str]:
    return sorted(str(s["study_uid"]) for s in rows)


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    pool = _pid_list()
    by_uid = ref.cohort()[1]
    a = _first_fit(rng, pool, lambda p: len(own(p)) >= 3)
    yield _q(fam, f"{a} all exams", "study", _uids(own(a)))
    b = _first_fit(rng, pool, lambda p: _count_in(p, cxr) >= 1 and len(own(p)) >= 2)
    yield _q(
        fam,
        f"Hi team, could you pull the chest x-rays on file for patient {b}? Thanks, Maria",
        "study",
        _uids([s for s in own(b) if cxr(s)]),
    )
    s1 = _first_fit(rng, studies(), lambda s: len(nods(s)) >= 2)
    yield _q(
        fam,
        f"accession {s1['accession']} - nodule tally on that exam?",
        "count",
        len(nods(s1)),
    )
    s2 = _first_fit(rng, studies(), lambda s: len(fo(s)) >= 2)
    yield _q(
        fam,
        f"acc# {s2['accession']}: pull every finding recorded on it",
        "finding",
        sorted(f["finding_id"] for f in fo(s2)),
    )
    s3 = _first_fit(rng, studies(), lambda s: s["patient_id"] != s1["patient_id"])
    yield _q(
        fam,
        f"accession number {s3['accession']} belongs to which patient",
        "patient",
        [s3["patient_id"]],
    )
    s4 = _first_fit(rng, studies(), lambda s: len(nods(s)) >= 1 and ldct(s))
    yield _q(
        fam,
        f"list the nodules on study uid {s4['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in nods(s4)),
    )
    s5 = _first_fit(rng, studies(), lambda s: len(own(s["patient_id"])) >= 2)
    yield _q(
        fam,
        f"study instance uid {s5['study_uid']} was done on which patient",
        "patient",
        [s5["patient_id"]],
    )
    c = _first_fit(rng, pool, lambda p: _count_in(p, any_ct) >= 3)
    last_ct = [s for s in own(c) if any_ct(s)]
    yield _q(fam, f"{c} - their newest ct exam please", "study", _uids(last_ct[-1:]))
    d = _first_fit(rng, pool, lambda p: _count_in(p, ldct) >= 3)
    yield _q(
        fam,
        f"baseline screening ct of pt {d}",
        "study",
        _uids([s for s in own(d) if ldct(s)][:1]),
    )
    e, f = rng.sample([p for p in pool if _count_in(p, in_year(2025)) >= 1], 2)
    yield _q(
        fam,
        f"{e} and {f} - scans done in 2025",
        "study",
        sids(lambda s: s["patient_id"] in (e, f), in_year(2025)),
    )
    g = _first_fit(rng, pool, lambda p: 1 <= _count_in(p, nod(ge("diameter_mm", 6))) < len(own(p)))
    yield _q(
        fam,
        f"which of {g}'s studies show a nodule of 6 mm or more",
        "study",
        sids(lambda s: s["patient_id"] == g, nod(ge("diameter_mm", 6))),
    )
    h = _first_fit(rng, pool, lambda p: len(own(p)) >= 4)
    yield _q(fam, f"number of studies pt {h} has had", "count", len(own(h)))
    i = _first_fit(rng, pool, lambda p: len(own(p)) >= 2 and len(fo(own(p)[-1])) >= 1)
    yield _q(
        fam,
        f"findings on {i}'s latest study",
        "finding",
        sorted(x["finding_id"] for x in fo(own(i)[-1])),
    )
    j = _first_fit(rng, pool, lambda p: _count_in(p, in_year(2024)) >= 2)
    yield _q(
        fam,
        f"studys for pt {j} in 2024",
        "study",
        sids(lambda s: s["patient_id"] == j, in_year(2024)),
    )
    k = _first_fit(rng, pool, lambda p: 1 <= _count_in(p, at_station("CT01")) < len(own(p)))
    yield _q(
        fam,
        f"patient {k}: which exams were done on CT01?",
        "study",
        sids(lambda s: s["patient_id"] == k, at_station("CT01")),
    )
    acc = [str(by_uid[u]["accession"]) for u in sorted(by_uid)]
    two = rng.sample(acc, 2)
    yield _q(
        fam,
        f"pts for accessions {two[0]}, {two[1]}",
        "patient",
        pids(lambda s: s["accession"] in two),
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    del rng
    yield _q(
        fam, "screening lung cts performed during q3 of 2024", "study", sids(ldct, quarter(2024, 3))
    )
    yield _q(fam, "how many scans 2025 Q4", "count", len(sids(quarter(2025, 4))))
    yield _q(
        fam,
        "number of CTs from 15 March 2024 to 30 April 2024",
        "count",
        len(sids(any_ct, dated("2024-03-15", "2024-04-30"))),
    )
    yield _q(
        fam,
        "studies 3/15/2024 - 5/20/2024, how many",
        "count",
        len(sids(dated("2024-03-15", "2024-05-20"))),
    )
    yield _q(fam, "exams since ocotber 2025", "count", len(sids(dated("2025-10-01", AS_OF))))
    yield from ask(
        fam,
        "imaging volume over the last 75 days (number of studies)",
        "count",
        len(sids(dated(shift(AS_OF, -75), AS_OF))),
        len(sids(dated(shift(AS_OF, -74), AS_OF))),
    )
    yield _q(
        fam, "head cts this year - count", "count", len(sids(head_ct, dated("2026-01-01", AS_OF)))
    )
    yield _q(fam, "chest xrays done last year", "count", len(sids(cxr, in_year(2025))))
    yield _q(
        fam,
        "Can you tell me how many studies were performed before June 2023?",
        "count",
        len(sids(dated("0001-01-01", "2023-05-31"))),
    )
    yield _q(
        fam,
        "patinets whose birth year falls in the 1940s",
        "patient",
        sorted(p["patient_id"] for p in pats() if "1940" <= p["birth_date"][:4] <= "1949"),
    )
    yield _q(
        fam,
        "pts w DOB on or before 1942-06-30",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["birth_date"] <= "1942-06-30"),
    )
    yield _q(
        fam,
        "ldcts dated 2024-02-01 through 2024-02-29",
        "study",
        sids(ldct, dated("2024-02-01", "2024-02-29")),
    )
    yield _q(
        fam,
        "how many exams in the second quarter of twenty twenty five",
        "count",
        len(sids(quarter(2025, 2))),
    )
    yield _q(
        fam,
        "scans with a nodule in the second half of 2024",
        "study",
        sids(nod(), dated("2024-07-01", "2024-12-31")),
    )
    yield _q(
        fam,
        "studies from dec 2024 thru feb 2025 - total",
        "count",
        len(sids(dated("2024-12-01", "2025-02-28"))),
    )
    yield _q(
        fam,
        "women imaged in jan 2026",
        "patient",
        pids(sex_is("F"), dated("2026-01-01", "2026-01-31")),
    )
    day = "2023-04-19"
    yield _q(fam, f"scans on {day}", "study", sids(dated(day, day)))
    yield from ask(
        fam,
        "head cts dated more than 3 years ago",
        "study",
        sids(head_ct, dated("0001-01-01", shift("2023-11-01", -1))),
        sids(head_ct, dated("0001-01-01", "2023-11-01")),
    )
    yield from ask(
        fam,
        "ldcts in the past 2 months",
        "study",
        sids(ldct, dated("2026-04-30", "2026-06-30")),
        sids(ldct, dated("2026-05-01", "2026-06-30")),
        as_of="2026-06-30",
    )
    yield _q(
        fam,
        "pts with a chest ct between aug 2023 and oct 2023",
        "patient",
        pids(chest_ct, dated("2023-08-01", "2023-10-31")),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    del rng
    yield _q(
        fam, "scans w nodules with mean hu below -500", "study", sids(nod(lt("mean_hu", -500)))
    )
    yield _q(
        fam,
        "nodule findings between -100 and 100 HU",
        "finding",
        [f["finding_id"] for f in nodule_rows(within("mean_hu", -100, 100))],
    )
    yield _q(
        fam,
        "which studies have a nodule under a centimetre",
        "study",
        sids(nod(lt("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "ldcts with a 4 to 6 mm nodule",
        "study",
        sids(ldct, nod(within("diameter_mm", 4, 6))),
    )
    yield _q(
        fam,
        "nodules 1.2cm-1.5cm, list them",
        "finding",
        [f["finding_id"] for f in nodule_rows(within("diameter_mm", 12, 15))],
    )
    yield _q(
        fam,
        "pts with a nodule of fifteen millimetres or more",
        "patient",
        pids(nod(ge("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "low-confidence findings (under 0.6) - how many are there",
        "count",
        len([f for f in ref.cohort()[2] if f["confidence"] < 0.6]),
    )
    yield _q(
        fam,
        "nodules with a volume over 1 cc - which scans",
        "study",
        sids(nod(gt("volume_mm3", 1000))),
    )
    yield _q(
        fam,
        "part-solid nods, solid comp >= 6mm",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield _q(
        fam,
        "nodules whose long axis is greater than 20 mm",
        "study",
        sids(nod(gt("long_axis_mm", 20))),
    )
    yield _q(
        fam,
        "nodule findings with short axis at most 4 mm, how many",
        "count",
        len(nodule_rows(le("short_axis_mm", 4))),
    )
    yield _q(
        fam,
        "nodules with diameter > 6 mm and < 8 mm (count of nodules)",
        "count",
        len(nodule_rows(gt("diameter_mm", 6), lt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "ggn's hu -800 to -600",
        "study",
        sids(nod(att("ground-glass"), within("mean_hu", -800, -600))),
    )
    yield _q(
        fam,
        "nodules between minus 50 and plus 50 hu",
        "study",
        sids(nod(within("mean_hu", -50, 50))),
    )
    yield _q(
        fam,
        "nodules w vol 100-250 mm3 on ldcts",
        "study",
        sids(ldct, nod(within("volume_mm3", 100, 250))),
    )
    yield _q(
        fam,
        "count findings w confidence .95 or higher",
        "count",
        len([f for f in ref.cohort()[2] if f["confidence"] >= 0.95]),
    )
    yield _q(
        fam,
        "patients with a nodule at least two and a half centimeters",
        "patient",
        pids(nod(ge("diameter_mm", 25))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    del rng
    yield _q(
        fam,
        "screening exams showing precisely three nodules, no more no less",
        "study",
        sids(ldct, _n_nods(lambda k: k == 3)),
    )
    yield _q(fam, "which scans have 4+ noduels on them", "study", sids(_n_nods(lambda k: k >= 4)))
    yield _q(
        fam,
        "people in the cohort with 3 or more imaging studies",
        "patient",
        history(lambda mine: len(mine) >= 3),
    )
    yield _q(
        fam, "patients with only one scan on file", "patient", history(lambda mine: len(mine) == 1)
    )
    yield _q(
        fam,
        "count the patients who have had three or more low dose cts",
        "count",
        len(history(lambda mine: sum(map(ldct, mine)) >= 3)),
    )
    yield _q(
        fam,
        "which pts had over 3 nodules on a single chest ct",
        "patient",
        pids(chest_ct, _n_nods(lambda k: k > 3)),
    )
    yield _q(
        fam,
        "chest cts without any nodule, how many",
        "count",
        len(sids(chest_ct, _n_nods(lambda k: k == 0))),
    )
    yield _q(
        fam,
        "chest ct exams showing fewer than 2 nodules: give the number",
        "count",
        len(sids(chest_ct, _n_nods(lambda k: k < 2))),
    )
    yield _q(
        fam,
        "anyone with two or more head cts on file",
        "patient",
        history(lambda mine: sum(map(head_ct, mine)) >= 2),
    )
    yield _q(
        fam,
        "pts w/ exactly 2 screening cts in their history",
        "patient",
        history(lambda mine: sum(map(ldct, mine)) == 2),
    )
    yield from ask(
        fam,
        "is there anyone whose one nodule was followed across 4 or more scans? list pts",
        "patient",
        _on_n_scans(4, False),
        _on_n_scans(4, True),
    )
    s = next(x for x in studies() if len(fo(x)) >= 3)
    yield _q(fam, f"how many findings on {s['accession']}", "count", len(fo(s)))
    yield _q(
        fam,
        "ldcts with between 2 and 4 nodules",
        "study",
        sids(ldct, _n_nods(lambda k: 2 <= k <= 4)),
    )
    yield _q(
        fam,
        "pts imaged atleast 4 times",
        "patient",
        history(lambda mine: len(mine) >= 4),
    )
    yield _q(
        fam,
        "In total, how many patients have been scanned just once?",
        "count",
        len(history(lambda mine: len(mine) == 1)),
    )
    yield _q(
        fam,
        "a single nodule on a ct pe - which studies",
        "study",
        sids(cta, _n_nods(lambda k: k == 1)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    del rng
    ptx, eff = kind("pneumothorax"), kind("pleural_effusion")
    yield from ask(
        fam,
        "pts w a pneumothorax at some point and a pleural effusion at some point",
        "patient",
        history(each_on_some(ptx, eff)),
        history(each_on_some(ptx, eff)),
    )
    yield _q(
        fam,
        "screened with an ldct yet no head ct ever - which patients",
        "patient",
        history(some_but_never(ldct, head_ct)),
    )
    yield _q(fam, "patients never scaned at CT01", "patient", _never(at_station("CT01")))
    yield _q(
        fam,
        "who had a ggn and never a solid nodule",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield _q(
        fam,
        "patients who had a ctpa and also a contrast-enhanced chest ct (CT CHEST W CONTRAST)",
        "patient",
        history(each_on_some(cta, with_contrast)),
    )
    yield _q(fam, "pts in whom no nodule was ever found on imaging", "patient", _never(nod()))
    yield _q(
        fam,
        "patients who had a nodule on a 2023 scan and again on a 2025 scan",
        "patient",
        history(each_on_some(both_t(nod(), in_year(2023)), both_t(nod(), in_year(2025)))),
    )
    yield _q(fam, "which patients have no chest ct of any kind", "patient", _never(chest_ct))
    yield _q(
        fam,
        "female pts: had a pneumothorax, never any pleural effusion",
        "patient",
        sorted(set(history(some_but_never(ptx, eff))) & set(pids(sex_is("F")))),
    )
    yield _q(
        fam,
        "how many pts had both a pe ct and a CT CHEST W/O CONTRAST",
        "count",
        len(history(each_on_some(cta, lambda s: s["description"] == "CT CHEST W/O CONTRAST"))),
    )
    yield _q(
        fam,
        "pts seeen on the ct01 scanner as well as the ct02 scanner",
        "patient",
        history(each_on_some(at_station("CT01"), at_station("CT02"))),
    )
    yield _q(
        fam,
        "patients whose scans were all done on CT02",
        "patient",
        history(lambda mine: all(map(at_station("CT02"), mine))),
    )
    yield _q(
        fam,
        "one ct showing a calcified nodule plus a noncalcified one - which pts",
        "patient",
        pids(nod(calcified), nod(uncalcified)),
    )
    yield _q(
        fam,
        "Please list the patients who had a mass but have never had a consolidation.",
        "patient",
        history(some_but_never(kind("mass"), kind("consolidation"))),
    )
    yield _q(
        fam,
        "pts never found to have a spiculated nodule, with 3+ ldcts",
        "patient",
        history(
            lambda mine: sum(map(ldct, mine)) >= 3 and not any(map(nod(margin("spiculated")), mine))
        ),
    )


def both_t(*tests: Test) -> Test:
    return lambda s: all(t(s) for t in tests)


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    del rng
    yield _q(fam, "ldct exams categorised lr 4b", "study", sids(ldct, cat_is("4B")))
    yield _q(
        fam,
        "LR3+ during 2025: study count",
        "count",
        len(sids(cat_is("3", "4A", "4B", "4X"), in_year(2025))),
    )
    yield _q(
        fam,
        "lung rads 2 or lower scans in Q1 2024",
        "study",
        sids(cat_is("1", "2"), quarter(2024, 1)),
    )
    yield _q(
        fam,
        "pts whose lung-rads peaked at 4a (never higher)",
        "patient",
        history(lambda mine: _highest(mine) == "4A"),
    )
    yield _q(
        fam,
        "lung-rads breakdown of 2025 ldcts",
        "groups",
        _study_groups(cat, ldct, in_year(2025)),
    )
    yield _q(
        fam,
        "count per lr category, chest cts at ct01",
        "groups",
        _study_groups(cat, chest_ct, at_station("CT01")),
    )
    yield _q(
        fam,
        "lung-rads upgrade 2 -> 3 versus the previous exam: whose?",
        "patient",
        pids(_went_from("2", ("3",))),
    )
    yield _q(
        fam,
        "how many studies had a higher lr category than the prior one",
        "count",
        len(sids(_went_up)),
    )
    yield _q(fam, "male patients, any lr 4x exam", "patient", pids(sex_is("M"), cat_is("4X")))
    yield _q(
        fam,
        "lr 1 ldcts in pts over 75",
        "study",
        sids(ldct, cat_is("1"), lambda s: _age(s) > 75),
    )
    yield _q(
        fam,
        "patients with 2 or more lung-rads 4a studies",
        "patient",
        history(lambda mine: sum(map(cat_is("4A"), mine)) >= 2),
    )
    yield _q(
        fam,
        "how many pts have a worst lung rads of 3",
        "count",
        len(history(lambda mine: _highest(mine) == "3")),
    )
    yield from _value(
        fam,
        "% of ldcts that are lr 2",
        _share(len(sids(ldct, cat_is("2"))), len(sids(ldct))),
    )
    yield from _value(
        fam,
        "screening cts reported as lung-rads 3, as a percentage of every screening ct",
        _share(len(sids(ldct, cat_is("3"))), len(sids(ldct))),
    )
    yield _q(
        fam,
        "lung-rads 4x ldcts per station",
        "groups",
        _study_groups(lambda s: s["station"], ldct, cat_is("4X")),
    )
    yield _q(
        fam,
        "lr4a vs lr4b ldcts in 2024",
        "groups",
        _study_groups(cat, ldct, in_year(2024), cat_is("4A", "4B")),
    )
    yield from ask(
        fam,
        "women under 60 with lung rads 4",
        "patient",
        pids(sex_is("F"), lambda s: _age(s) < 60, cat_is("4A", "4B", "4X")),
        history(
            each_on_some(both_t(sex_is("F"), lambda s: _age(s) < 60), cat_is("4A", "4B", "4X"))
        ),
    )
    yield _q(
        fam,
        "lungrads 4a screening cts at ct02 - how many",
        "count",
        len(sids(ldct, cat_is("4A"), at_station("CT02"))),
    )


def _keyed(rows: Sequence[Row], ident: str, key: Callable[[Row], Any]) -> list[Row]:
    return [{ident: r[ident], "k": key(r)} for r in rows]


def _day(s: Row) -> int:
    return int(str(s["study_date"]).replace("-", ""))


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    del rng
    rows = nodule_rows()
    fid, pid, uid = "finding_id", "patient_id", "study_uid"
    yield from _ranked(
        fam,
        "top {n} nodules by size, biggest first",
        _keyed(rows, fid, lambda f: -f["diameter_mm"]),
        fid,
        5,
    )
    per_pt = [{pid: p, "k": -sum(len(nods(s)) for s in own(p))} for p in _pid_list()]
    yield from _ranked(
        fam, "rank patients by how many nodules they have had in total - top {n}", per_pt, pid, 3
    )
    lds = [s for s in studies() if ldct(s)]
    yield from _ranked(
        fam,
        "show me the {n} latest screening cts on the system",
        _keyed(lds, uid, lambda s: -_day(s)),
        uid,
        4,
    )
    ps = [dict(p) for p in pats()]
    yield from _ranked(
        fam, "{n} eldest pts by DOB", _keyed(ps, pid, lambda p: p["birth_date"]), pid, 5
    )
    yield from _ranked(
        fam,
        "brightest {n} nodules on ct (top mean attenuation in HU)",
        _keyed(rows, fid, lambda f: -f["mean_hu"]),
        fid,
        3,
    )
    allf = list(ref.cohort()[2])
    ptx = [f for f in allf if f["kind"] == "pneumothorax"]
    yield from _ranked(
        fam,
        "{n} pneumothorax findings w highest confidence",
        _keyed(ptx, fid, lambda f: -f["confidence"]),
        fid,
        1,
        "pneumothorax finding w the highest confidence",
    )
    ggns = [
        {pid: p, "k": -sum(len(nods(s, att("ground-glass"))) for s in own(p))} for p in _pid_list()
    ]
    yield from _ranked(
        fam, "which {n} pts have the most ggns", ggns, pid, 1, "who has the most ggns"
    )
    masses = [f for f in allf if f["kind"] == "mass"]
    yield from _ranked(
        fam,
        "largest {n} masses?",
        _keyed(masses, fid, lambda f: -f["diameter_mm"]),
        fid,
        1,
        "biggest mass by diameter in the db",
    )
    yield from _ranked(
        fam,
        "volume ranking: the {n} largest nodules (mm3)",
        _keyed(rows, fid, lambda f: -f["volume_mm3"]),
        fid,
        10,
    )
    solid = nodule_rows(att("solid"))
    yield from _ranked(
        fam,
        "{n} tiniest solid nodules going by volume",
        _keyed(solid, fid, lambda f: f["volume_mm3"]),
        fid,
        3,
    )
    heads = [s for s in studies() if head_ct(s)]
    yield from _ranked(
        fam, "{n} head cts having the earliest dates overall", _keyed(heads, uid, _day), uid, 3
    )
    spic = nodule_rows(margin("spiculated"))
    yield from _ranked(
        fam,
        "{n} spiculated nods w the greatest long-axis measurement, pls",
        _keyed(spic, fid, lambda f: -f["long_axis_mm"]),
        fid,
        5,
    )
    biggest = [
        {pid: p, "k": -max((f["diameter_mm"] for s in own(p) for f in nods(s)), default=0)}
        for p in _pid_list()
    ]
    yield from _ranked(
        fam,
        "the {n} patients with the biggest nodule ever",
        biggest,
        pid,
        1,
        "pt with the single biggest nodule ever recorded",
    )
    xr = [s for s in studies() if cxr(s)]
    yield from _ranked(fam, "{n} newest chest x-rays", _keyed(xr, uid, lambda s: -_day(s)), uid, 4)
    ggn = nodule_rows(att("ground-glass"))
    yield from _ranked(
        fam,
        "pls list the {n} lowest-volume ground glass nodules",
        _keyed(ggn, fid, lambda f: f["volume_mm3"]),
        fid,
        3,
    )
    yield from _ranked(
        fam,
        "Which {n} women are the oldest in the cohort?",
        _keyed([p for p in ps if p["sex"] == "F"], pid, lambda p: p["birth_date"]),
        pid,
        3,
    )


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    del rng
    rows = nodule_rows()
    yield _q(
        fam,
        "across the whole cohort, typical nodule diameter as a mean (mm)",
        "value",
        mean_of([f["diameter_mm"] for f in rows]),
    )
    yield _q(
        fam,
        "median volume in mm3 of the ground-glass nodules",
        "value",
        median_of([f["volume_mm3"] for f in nodule_rows(att("ground-glass"))]),
    )
    yield _q(
        fam,
        "how old, on average, are the people who had a head CT",
        "value",
        _age_latest(head_ct, mean_of),
    )
    allp = _pid_list()
    yield from _value(
        fam,
        "out of every chest ct, what percentage ended up lung-rads 3",
        _share(len(sids(chest_ct, cat_is("3"))), len(sids(chest_ct))),
    )
    yield from _value(
        fam,
        "what percent of ldcts were category 4a",
        _share(len(sids(ldct, cat_is("4A"))), len(sids(ldct))),
    )
    yield from _value(
        fam,
        "share of solid nodules with smooth margins (%)",
        _share(len(nodule_rows(att("solid"), margin("smooth"))), len(nodule_rows(att("solid")))),
    )
    lds = [s for s in studies() if ldct(s)]
    yield _q(
        fam,
        "nodule burden: average nodules seen per low dose screening scan",
        "value",
        mean_of([len(nods(s)) for s in lds]),
    )
    yield _q(
        fam,
        "averge mean hu across solid nodules",
        "value",
        mean_of([f["mean_hu"] for f in nodule_rows(att("solid"))]),
    )
    yield _q(
        fam,
        "median confidence, pneumothroax findings",
        "value",
        median_of([f["confidence"] for f in ref.cohort()[2] if f["kind"] == "pneumothorax"]),
    )
    ps = nodule_rows(att("part-solid"))
    yield from _value(
        fam,
        "of the part-solid nodules, what fraction have a solid component of 8 mm or more, in %",
        _share(len([f for f in ps if (f["solid_component_mm"] or 0) >= 8]), len(ps)),
    )
    yield _q(
        fam,
        "masses only: long axis averaged, in centimetres",
        "value",
        mean_of([f["long_axis_mm"] / 10 for f in ref.cohort()[2] if f["kind"] == "mass"]),
    )
    yield from _value(
        fam,
        "pct of patients w/ at least one nodule",
        _share(len(pids(nod())), len(allp)),
    )
    yield _q(
        fam,
        "mean number of studies per patietn",
        "value",
        mean_of([len(own(p)) for p in allp]),
    )
    yield _q(
        fam,
        "for part-solid nodules give the median solid comp in mm",
        "value",
        median_of([f["solid_component_mm"] for f in ps if f["solid_component_mm"] is not None]),
    )
    yield from _value(
        fam,
        "Could you give me the percentage of ground-glass nodules that are 10 mm or larger?",
        _share(
            len(nodule_rows(att("ground-glass"), ge("diameter_mm", 10))),
            len(nodule_rows(att("ground-glass"))),
        ),
    )
    yield _q(
        fam,
        "median # of nodules on an ldct, whats that",
        "value",
        median_of([len(nods(s)) for s in lds]),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    del rng
    yield _q(
        fam,
        "screening scans where the radiologist's report mentions emphysema",
        "study",
        sids(ldct, says("emphysema")),
    )
    yield _q(
        fam,
        "which exams have a report stating negative for lymphadenopaty",
        "study",
        sids(denies("lymphadenopathy")),
    )
    yield _q(
        fam,
        "anyone whose report notes coronary artery calcfication - patients",
        "patient",
        pids(says("coronary")),
    )
    yield _q(
        fam,
        "how many ldcts without emphysema",
        "count",
        len(sids(ldct, neg(says("emphysema")))),
    )
    yield _q(
        fam,
        "spiculated nodule on imaging plus emphysema in that exam's report - which exams",
        "study",
        sids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "nodules > 8mm w/o lymphadenopathy",
        "study",
        sids(nod(gt("diameter_mm", 8)), neg(says("lymphadenopathy"))),
    )
    yield _q(
        fam,
        "emphysma reported in women",
        "patient",
        pids(says("emphysema"), sex_is("F")),
    )
    yield _q(
        fam,
        "2025 ldcts with reports documenting no emphysema - count",
        "count",
        len(sids(ldct, in_year(2025), denies("emphysema"))),
    )
    yield _q(
        fam,
        "lymphadenopathy mentioned but no mass",
        "study",
        sids(says("lymphadenopathy"), neg(kind("mass"))),
    )
    yield _q(
        fam,
        "pts who have never once had emphysema in any report",
        "patient",
        _never(says("emphysema")),
    )
    yield _q(
        fam,
        "chest cts with emphysema by station",
        "groups",
        _study_groups(lambda s: s["station"], chest_ct, says("emphysema")),
    )
    yield _q(
        fam,
        "how many men had coronary calcification noted on an ldct",
        "count",
        len(pids(sex_is("M"), ldct, says("coronary"))),
    )
    yield _q(
        fam,
        "lung-rads 4a studies whose report is neg for lymphadenopathy",
        "study",
        sids(denies("lymphadenopathy"), cat_is("4A")),
    )
    yield _q(
        fam,
        "emphysema OR lymphadenopathy in the report, 2026 scans",
        "study",
        sids(in_year(2026), lambda s: says("emphysema")(s) or says("lymphadenopathy")(s)),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    del rng
    gr = grew_readings()
    yield from ask(
        fam, "scans where a nodule has been growing", "study", *[sids(fstudy(t)) for t in gr]
    )
    yield from ask(
        fam,
        "which pts had a nodule increase by more than 2 mm between scans",
        "patient",
        *[pids(fstudy(t)) for t in grew_readings(2.0)],
    )
    yield from ask(
        fam,
        "studies from 2026 showing a brand-new nodule",
        "study",
        *[sids(in_year(2026), fstudy(new(m))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "2024 screening cts: total count of new nodules",
        "count",
        *[len(_fids_of(new(m), where=both_t(ldct, in_year(2024)))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "stable nodules in the rml, which stuides",
        "study",
        *[sids(fstudy(stable(r, m), in_lobe("RML"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "scans showing nodule growth of at least 3mm",
        "study",
        *[sids(fstudy(t)) for t in grew_readings(3.0, inclusive=True)],
    )
    yield from ask(
        fam,
        "list thenodules that grew",
        "finding",
        *[_fids_of(t) for t in gr],
    )
    yield from ask(
        fam,
        "new ggns",
        "study",
        *[sids(fstudy(new(m), att("ground-glass"), is_nodule)) for m in (False, True)],
    )
    yield from ask(
        fam,
        "rul nodule grew >1.5mm since prior - which exams",
        "study",
        *[sids(fstudy(t, in_lobe("RUL"))) for t in gr],
    )
    yield from ask(
        fam,
        "patients with growing nodules in 2026",
        "patient",
        *[pids(in_year(2026), fstudy(t)) for t in gr],
    )
    yield from ask(
        fam,
        "number of patients found with a new nodule during 2024",
        "count",
        *[len(pids(in_year(2024), fstudy(new(m)))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "solid nodules that have enlarged by more than 4 mm since the previous scan",
        "study",
        *[sids(fstudy(t, att("solid"))) for t in grew_readings(4.0)],
    )
    yield from ask(
        fam,
        "new nodule on a chest ct at ct02 - pts",
        "patient",
        *[pids(at_station("CT02"), fstudy(new(m))) for m in (False, True)],
    )


def demographics(rng: random.Random) -> Rows:
    fam = "demographics"
    del rng
    old_f = both_t(sex_is("F"), lambda s: _age(s) > 70)
    yield from ask(
        fam,
        "female pts over 70 with an ldct",
        "patient",
        pids(old_f, ldct),
        history(each_on_some(old_f, ldct)),
    )
    yield _q(
        fam,
        "pts aged 60-65 at a head ct",
        "patient",
        pids(head_ct, lambda s: 60 <= _age(s) <= 65),
    )
    sixties_m = both_t(sex_is("M"), lambda s: 60 <= _age(s) <= 69)
    yield from ask(
        fam,
        "consolidation in men in their 60s",
        "patient",
        pids(sixties_m, kind("consolidation")),
        history(each_on_some(sixties_m, kind("consolidation"))),
    )
    yield _q(
        fam,
        "teh cohort has how many women altogether",
        "count",
        len([p for p in pats() if p["sex"] == "F"]),
    )
    yield _q(
        fam,
        "registered sex is O - show those patients",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield _q(fam, "patients by sex", "groups", _groups([p["sex"] for p in pats()]))
    yield _q(
        fam,
        "ldcts: men vs women",
        "groups",
        _study_groups(_sex, ldct, lambda s: _sex(s) in ("M", "F")),
    )
    yield _q(
        fam,
        "how many pts were under 50 at some scan",
        "count",
        len(pids(lambda s: _age(s) < 50)),
    )
    yield _q(
        fam,
        "patients 80 or older at their chest x-ray",
        "patient",
        pids(cxr, lambda s: _age(s) >= 80),
    )
    yield _q(
        fam,
        "women born befor 1950",
        "patient",
        sorted(
            p["patient_id"] for p in pats() if p["sex"] == "F" and p["birth_date"] < "1950-01-01"
        ),
    )
    yield _q(
        fam,
        "how many men aged 70+ had an ldct in 2025",
        "count",
        len(pids(sex_is("M"), lambda s: _age(s) >= 70, ldct, in_year(2025))),
    )
    yield _q(
        fam,
        "number of head cts in patients aged forty five to fifty five",
        "count",
        len(sids(head_ct, lambda s: 45 <= _age(s) <= 55)),
    )
    yield _q(
        fam,
        "gender split for the pts with a mass",
        "groups",
        _groups([ref.cohort()[0][p]["sex"] for p in pids(kind("mass"))]),
    )
    yield _q(
        fam,
        "mean age of men with an ldct",
        "value",
        _age_latest(both_t(sex_is("M"), ldct), mean_of),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    del rng
    yield _q(
        fam,
        "ctpa at ct02 in 2025 - how many",
        "count",
        len(sids(cta, at_station("CT02"), in_year(2025))),
    )
    yield _q(fam, "studies by station", "groups", _study_groups(lambda s: s["station"]))
    yield _q(
        fam,
        "every exam whose description reads CT CHEST W CONTRAST, listed",
        "study",
        sids(with_contrast),
    )
    yield _q(fam, "chest xrays w pnuemothorax", "study", sids(cxr, kind("pneumothorax")))
    yield _q(
        fam,
        "which head CT studies showed intracranial hemorrhage",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(fam, "DX modality exam total", "count", len(sids(cxr)))
    yield _q(
        fam,
        "ldcts per station in 2024",
        "groups",
        _study_groups(lambda s: s["station"], ldct, in_year(2024)),
    )
    yield _q(
        fam,
        "consolidation seen on a 'CT CHEST W/O CONTRAST' study - list those studies",
        "study",
        sids(lambda s: s["description"] == "CT CHEST W/O CONTRAST", kind("consolidation")),
    )
    yield _q(
        fam,
        "number of head cts at CT01 compared with CT02",
        "groups",
        _study_groups(lambda s: s["station"], head_ct),
    )
    yield _q(
        fam,
        "how many ct chest w/o contrast exams in 2024",
        "count",
        len(sids(lambda s: s["description"] == "CT CHEST W/O CONTRAST", in_year(2024))),
    )
    yield _q(fam, "pts w a pe study", "patient", pids(cta))
    yield _q(
        fam,
        "headct at ct01 in 2026",
        "study",
        sids(head_ct, at_station("CT01"), in_year(2026)),
    )
    yield _q(
        fam,
        "Which chest radiographs from 2024 show a pneumothorax?",
        "study",
        sids(cxr, in_year(2024), kind("pneumothorax")),
    )
    yield _q(
        fam,
        "ct angio chest pe exams in women, count",
        "count",
        len(sids(cta, sex_is("F"))),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    del rng
    yield _q(fam, "RML nodlues", "study", sids(nod(in_lobe("RML"))))
    yield _q(
        fam,
        "ggns located in the left lower lobe, which scans",
        "study",
        sids(nod(in_lobe("LLL"), att("ground-glass"))),
    )
    yield _q(fam, "nodules per lobe", "groups", _finding_groups("lobe"))
    yield _q(
        fam,
        "how do nodule numbers compare, RUL against LUL",
        "groups",
        _finding_groups("lobe", in_lobe("RUL", "LUL")),
    )
    yield _q(
        fam,
        "any mass in the right middle lobe? show the studies",
        "study",
        sids(kind("mass", in_lobe("RML"))),
    )
    rll = nodule_rows(in_lobe("RLL"))
    one = top(rll, lambda f: -f["diameter_mm"], 1, "finding_id")
    if one is not None:
        yield _q(fam, "biggest RLL nodule on record", "finding", one)
    yield _q(
        fam,
        "lll nodule findings over 10mm - count",
        "count",
        len(nodule_rows(in_lobe("LLL"), gt("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "LUL spiculated nodule - patient list",
        "patient",
        pids(nod(in_lobe("LUL"), margin("spiculated"))),
    )
    yield _q(
        fam,
        "solid nodules right lower lobe on ldcts 2023",
        "study",
        sids(ldct, in_year(2023), nod(in_lobe("RLL"), att("solid"))),
    )
    yield _q(
        fam,
        "lesoins located in the left lower lobe (LLL)",
        "study",
        sids(lesion(in_lobe("LLL"))),
    )
    yield _q(
        fam,
        "average nodule size in the rml",
        "value",
        mean_of([f["diameter_mm"] for f in nodule_rows(in_lobe("RML"))]),
    )
    yield _q(
        fam,
        "calcified nodules, right upper lobe, count",
        "count",
        len(nodule_rows(in_lobe("RUL"), calcified)),
    )
    yield _q(
        fam,
        "part solid nodules per lobe for women",
        "groups",
        _finding_groups("lobe", att("part-solid"), where=sex_is("F")),
    )


def characteristics(rng: random.Random) -> Rows:
    fam = "characteristics"
    del rng
    yield _q(
        fam,
        "solid nodules that are spiculated - studies",
        "study",
        sids(nod(att("solid"), margin("spiculated"))),
    )
    yield _q(
        fam,
        "lobulated-margin part solid nodules, which exams",
        "study",
        sids(nod(att("part-solid"), margin("lobulated"))),
    )
    yield from ask(
        fam,
        "calcified nods in pts over 65",
        "patient",
        pids(nod(calcified), lambda s: _age(s) > 65),
        history(each_on_some(nod(calcified), lambda s: _age(s) > 65)),
    )
    yield _q(
        fam,
        "noncalcified ggn > 10 mm",
        "study",
        sids(nod(uncalcified, att("ground-glass"), gt("diameter_mm", 10))),
    )
    yield _q(fam, "subsolid nodules,count", "count", len(nodule_rows(subsolid)))
    yield _q(fam, "nodules by attenuation", "groups", _finding_groups("attenuation"))
    yield _q(
        fam,
        "margin breakdwon for solid nodules",
        "groups",
        _finding_groups("margin", att("solid")),
    )
    yield _q(
        fam,
        "calcified nodules with a smooth margin: how many",
        "count",
        len(nodule_rows(margin("smooth"), calcified)),
    )
    yield from _value(
        fam,
        "of all ground-glass nodules, what share measure at least 6mm (%)",
        _share(
            len(nodule_rows(att("ground-glass"), ge("diameter_mm", 6))),
            len(nodule_rows(att("ground-glass"))),
        ),
    )
    yield _q(
        fam,
        "Which patients have had a ground glass nodule with a lobulated margin?",
        "patient",
        pids(nod(att("ground-glass"), margin("lobulated"))),
    )
    yield _q(
        fam,
        "spiculated OR lobulated nodules > 12 mm - pts",
        "patient",
        pids(nod(lambda f: f["margin"] in ("spiculated", "lobulated"), gt("diameter_mm", 12))),
    )
    yield _q(
        fam,
        "calcifed nodules on ct angios",
        "study",
        sids(cta, nod(calcified)),
    )
    yield _q(
        fam,
        "psn w smooth margins, list",
        "finding",
        [f["finding_id"] for f in nodule_rows(att("part-solid"), margin("smooth"))],
    )
    yield _q(
        fam,
        "solid vs ground-glass nodules on 2026 ldcts",
        "groups",
        _finding_groups(
            "attenuation",
            lambda f: f["attenuation"] in ("solid", "ground-glass"),
            where=both_t(ldct, in_year(2026)),
        ),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    pool = _pid_list()
    a = _first_fit(rng, pool, lambda p: (_span_days(p, ldct) or 0) > 300)
    yield _q(
        fam,
        f"{a} - how many days separate their first ldct from their latest ldct",
        "value",
        float(_span_days(a, ldct) or 0),
    )
    b = _first_fit(rng, pool, lambda p: (_span_days(p, lambda s: True) or 0) > 300 and p != a)
    yield _q(
        fam,
        f"how many months elapsed between {b}'s earliest and latest scans",
        "value",
        (_span_days(b, lambda s: True) or 0) / 30.4375,
    )
    spans = [d for p in pool if (d := _span_days(p, ldct)) is not None]
    yield _q(
        fam,
        "average days from first to latest ldct",
        "value",
        mean_of(spans),
    )
    yield _q(
        fam,
        "median follow-up in days first to last chest ct",
        "value",
        median_of([d for p in pool if (d := _span_days(p, chest_ct)) is not None]),
    )
    yield _q(
        fam,
        "pts followed for over 3 years",
        "patient",
        history(lambda mine: mine[-1]["study_date"] > ref.months_later(mine[0]["study_date"], 36)),
    )
    yield _q(
        fam,
        "who has been followed up for at least thirty months (patient list)",
        "patient",
        history(lambda mine: mine[-1]["study_date"] >= ref.months_later(mine[0]["study_date"], 30)),
    )
    yield _q(
        fam,
        "how many pts have first and latest ldct more than 2 yrs apart",
        "count",
        len(
            history(
                lambda mine: (
                    (x := [s for s in mine if ldct(s)]) != []
                    and x[-1]["study_date"] > ref.months_later(x[0]["study_date"], 24)
                )
            )
        ),
    )
    c = _first_fit(
        rng, pool, lambda p: (_span_days(p, lambda s: True) or 0) > 700 and p not in (a, b)
    )
    yield _q(
        fam,
        f"{c}: time between first and latest study in years",
        "value",
        (_span_days(c, lambda s: True) or 0) / 365.25,
    )
    yield _q(
        fam,
        "mean days first to latest scan for patients with a mass",
        "value",
        mean_of(
            [d for p in pids(kind("mass")) if (d := _span_days(p, lambda s: True)) is not None]
        ),
    )
    gaps: list[int] = []
    for p in pool:
        days = sorted({s["study_date"] for s in own(p) if ldct(s)})
        gaps.extend(days_between(x, y) for x, y in itertools.pairwise(days))
    yield _q(
        fam,
        "in days, the median time between successive screening cts",
        "value",
        median_of(gaps),
    )
    yield _q(
        fam,
        "pts w f/u longer than 2 yrs, women only",
        "patient",
        sorted(
            set(
                history(
                    lambda mine: (
                        mine[-1]["study_date"] > ref.months_later(mine[0]["study_date"], 24)
                    )
                )
            )
            & {p["patient_id"] for p in pats() if p["sex"] == "F"}
        ),
    )


def more(rng: random.Random) -> Rows:
    """Further questions of several families, in the styles the others have fewer of: an
    e-mail, a dictated question, a search box's keywords."""
    pool = _pid_list()
    a = _first_fit(
        rng, pool, lambda p: 1 <= _count_in(p, both_t(ldct, in_year(2026))) < len(own(p))
    )
    yield _q(
        "identifiers",
        f"ldct {a} 2026",
        "study",
        sids(ldct, in_year(2026), lambda s: s["patient_id"] == a),
    )
    yield _q(
        "dates",
        "Dear colleagues, for our quarterly report could you tell me how many low-dose "
        "screening CTs were done between 1 July and 30 September 2025? Best, Tom",
        "count",
        len(sids(ldct, quarter(2025, 3))),
    )
    yield _q("dates", "head ct 2024 q2", "study", sids(head_ct, quarter(2024, 2)))
    yield _q(
        "numbers",
        "screening cts with nodules larger than eight millimetres",
        "study",
        sids(ldct, nod(gt("diameter_mm", 8))),
    )
    yield _q(
        "numbers",
        "findings w long axis 30mm+",
        "finding",
        _fids_of(ge("long_axis_mm", 30)),
    )
    yield _q(
        "counts",
        "2026 screening cts that had zero nodules - total",
        "count",
        len(sids(ldct, in_year(2026), _n_nods(lambda k: k == 0))),
    )
    yield _q(
        "set_logic",
        "Hello, I need a list of patients who had a ground-glass nodule at some point but "
        "never had a part-solid one. Thanks!",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("part-solid")))),
    )
    ps = nodule_rows(att("part-solid"))
    yield from _ranked(
        "rankings",
        "part-solid nodules ranked by solid component size, top {n}",
        _keyed(ps, "finding_id", lambda f: -(f["solid_component_mm"] or 0)),
        "finding_id",
        3,
    )
    yield _q(
        "aggregates",
        "average volume (mm3) of spiculated nodules",
        "value",
        mean_of([f["volume_mm3"] for f in nodule_rows(margin("spiculated"))]),
    )
    yield _q(
        "aggregates",
        "median age of women with a nodule",
        "value",
        _age_latest(both_t(sex_is("F"), nod()), median_of),
    )
    yield _q(
        "reports",
        "Dear Dr. Lee, could you count the screening CTs from 2024 whose report mentions "
        "lymphadenopathy? Regards, Anna",
        "count",
        len(sids(ldct, in_year(2024), says("lymphadenopathy"))),
    )
    yield from ask(
        "growth",
        "number of nodules that grew in 2025",
        "count",
        *[len(_fids_of(t, where=in_year(2025))) for t in grew_readings()],
    )
    seventies_f = both_t(sex_is("F"), lambda s: 70 <= _age(s) <= 79)
    yield from ask(
        "demographics",
        "women in their seventies with a pneumothorax",
        "patient",
        pids(seventies_f, kind("pneumothorax")),
        history(each_on_some(seventies_f, kind("pneumothorax"))),
    )
    yield _q("modality", "ctpa 2026", "study", sids(cta, in_year(2026)))
    yield _q(
        "lobes",
        "nodules in the right middle lobe vs left lower lobe, 2025",
        "groups",
        _finding_groups("lobe", in_lobe("RML", "LLL"), where=in_year(2025)),
    )
    yield _q(
        "characteristics",
        "ground glass vs part solid nodule counts in men",
        "groups",
        _finding_groups("attenuation", subsolid, where=sex_is("M")),
    )
    spans = [d for p in pool if (d := _span_days(p, cxr)) is not None]
    yield _q(
        "intervals",
        "average number of days between the first and the latest chest x-ray",
        "value",
        mean_of(spans),
    )
    gaps: list[int] = []
    for p in pool:
        days = sorted({s["study_date"] for s in own(p)})
        gaps.extend(days_between(x, y) for x, y in itertools.pairwise(days))
    yield _q(
        "intervals",
        "median gap between consecutive scans, in months",
        "value",
        median_of(gaps) / 30.4375,
    )


FAMILIES = (
    identifiers,
    dates,
    numbers,
    counts,
    set_logic,
    lung_rads,
    rankings,
    aggregates,
    reports,
    growth,
    demographics,
    modality,
    lobes,
    characteristics,
    intervals,
    more,
)


def bank() -> list[Item]:
    """Every question of this part, in family order; a repeated text is refused."""
    LEFT_OUT.clear()
    rng = random.Random(SEED)
    out: list[Item] = []
    seen: set[str] = set()
    for family in FAMILIES:
        for item in family(rng):
            if item.question in seen:
                raise AssertionError(f"repeated question: {item.question}")
            seen.add(item.question)
            out.append(item)
    return out
