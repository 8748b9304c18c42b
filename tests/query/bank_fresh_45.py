"""Held-out part 45 of the question bank: cohort questions typed by new people, blind to the reader.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to it:
its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow phrasings),
the "Conventions" section of ``docs/query.md`` (up to "One model version") and its "Reports" section
up to "How well it reads" (not the reader's measurements nor the lists of misses, fixes and limits),
:mod:`question_bank` (the :class:`Item` type, its helpers and its scoring function ``_matches``, for
the form of a "value" or "groups" answer), :mod:`cohort_reference`, :mod:`blind_reference` (the
shared plain-Python reading of the cohort, imported here), and ``bank_fresh_41.py`` for its format,
module docstring and helper functions only, not its questions. The reader's code (``query/``),
``appliance/``, the tests (``test_*.py``), ``family_reading.py`` and the other parts' questions were
not opened, and the engine was never run on these questions: they were frozen (committed) before any
was put to it, and none is to be changed to suit it afterwards. Their texts were compared with
``dev_queries.jsonl``, with parts 22 to 43 (loaded through their ``bank()``, never read), with part
44 where it existed (branch ``s24-p44`` held no ``bank_fresh_44.py`` when this part was checked and
frozen, so it was not compared) and with every question of ``question_bank.bank()`` and
``question_bank.ungated_bank()`` by a throwaway script that printed only this part's matches (word
for word after lower-casing and dropping punctuation, or a word overlap of 75 % or more of the
longer question): 86 of the first drafts matched (23 or more word for word; the first lines of that
run's listing were cut off) and were reworded, 15 rewordings matched again (1 word for word) and
were reworded again, then none; none is left, and no question of this part repeats another of it
(:func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 245 in all): identifiers
[16], dates [18], numbers [16], counts [17], set logic [15], Lung-RADS [19], rankings and top-N
[16], aggregates and percentages [15], report concepts with negation [15], growth / new / stable
[17], demographics [17], modality / description / station [17], lobes [14], attenuation / margin /
calcification [17], intervals [16]. Identifiers: a patient's exams, number of exams and findings, an
accession's patient, a UID's patient, a first screening CT and its nodules, a latest study and the
one before it, the nodules of a latest LDCT, three accessions' patients, two patients' first chest
CTs, a patient's studies after a day. Dates: quarters, a half year, a month range, ISO ranges,
"since <month>", "the past 30 days", "this year so far", "more than three years old", decades and
years of birth, "after june 1970". Numbers: sizes in cm and words, inclusive ranges, HU below a
negative number and a negative range said in words, confidence bounds, solid component, volume, long
and short axis, masses over "three and a half centimetres". Counts: exactly N nodules, N or more
studies per patient, a nodule on 4+ exams, zero findings, "under two". Set logic: both, but never,
never, "on one and the same", either/or, all calcified. Lung-RADS and its course over time: a
category, bounds, highest ever, breakdowns of a year and a quarter, upgrades from one screen to the
next, "lr 2 then later 4a or worse", the first and the latest LDCT's category, a category held on
every screen, a share. Rankings: largest, least dense, most nodules, oldest and youngest, newest
head CTs and x-rays, weakest confidence, solid part, total nodule volume per LDCT, longest
follow-up. Aggregates: means and medians of diameter, HU, volume (mm3, cc), confidence, age at scan,
long axis, solid component, nodules per LDCT, studies per patient; shares. Reports: emphysema,
lymphadenopathy ("enlarged mediastinal nodes"), coronary calcification, denied and absent, with
nodules, masses and categories, a station comparison, a share. Growth, new, stable: growth over 1.5,
2, 2.5 and 3 mm, new nodules in a year, new solid nodules, stable nodules in a lobe, never growing,
growth on two follow-ups, new nodules per station. Demographics: sex and age at the scan, age bands,
sex breakdowns and comparisons, sex "O", birth years. Modality, description, station: radiographs,
CT angiograms, contrast and non-contrast chest CTs, head CTs, breakdowns by station, modality and
body part, a station comparison. Lobes: each lobe, a breakdown, comparisons, both lungs, only the
right lung. Attenuation, margin, calcification: breakdowns and comparisons, combinations. Intervals:
days first to last study, between accessions, longest gap, mean and median gaps, follow-up over 30
months, rescans within a year of an LR 3, a late rescan after a 4A, no study in 2 years.

The styles are mixed in roughly equal shares: a radiologist's shorthand ("psn", "nods", "ptx", "lr",
"w/", "acc#", "non-con"), a nurse's or clinician's full sentences, a screening coordinator's
Lung-RADS over time, a manager's counts per station, quarter and month, a data scientist's ranges,
means and medians, search-box keywords ("lobulated margnis, solid nodules, 2024"), dictated numbers
("minus three hundred", "two point five mm", "nineteen sixty one", "three hundred and twenty days"),
and 19 questions pasted in an e-mail with a greeting and a sign-off. 30 questions (about one in
eight) carry a hurried typist's slip ("accesion", "screenign", "agust", "studeis", "scna",
"nodlues", "diamter" twice, "patinets", "haed", "exatcly", "patietns", "consolidaiton", "lungrads",
"grwoing", "calcificaiton", "emphysma", "enlargd", "wommen", "paitents", "breakdwon", "radiogrpahs",
"janaury", "pnuemothorax", "uper", "rigth", "attenuaton", "calcifed", "margnis", "categroy"); their
answers are what they plainly mean. 48 questions (about one in five) ask about groups (29 breakdowns
and comparisons, 16 rankings, 3 shares).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients, accessions,
UIDs, a size range; a ranking's number is the first from the one written whose boundary has no tie,
a percentage the first of a list of candidates that is neither 0 nor 100 % and lies within 0.005 of
a tenth. Expected answers are computed here in plain Python with the documented conventions written
out by hand. Where the conventions do not settle a reading the question is asked only when the
competing readings give the same answer (:func:`ask`; ``LEFT_OUT`` lists any that do not as the bank
is built, and is empty for this seed): the first day of "the past N days"; the boundary day of "more
than three years old", "no study in the past 2 years" and "more than 30 months apart" (calendar
months or days); a track that was a mass from its first study counted or not as a new or stable
nodule, and a change in floating point or to 0.1 mm; a nodule on N exams counting a mass on its
track or not; an age (with a sex) and another condition on one study or each on some study; "the
prior" as the previous categorised study or the previous LDCT; "the next scan" as the next
categorised study or the very next study; "within a year" as 12 calendar months or 365 days; a
patient's "baseline chest CT" as the first chest CT or the first LDCT. Drafts replaced before
freezing because their readings disagreed: "the last 45 days" (asked at 30), "new nodules in 2025",
"pts with a new ggn" and "stable nodules in the LLL" (the mass-from-start track; asked of 2024, of
solid nodules, of the RLL), new nodules per station (asked "excluding masses"), "patients in their
seventies with a pneumothorax" (asked "found while they were in their seventies"), "men younger than
55 with nodules" (asked at 45), "screening pts whose category went up at some follow up" (asked
"from one screening ct to the next"); rankings tied at their boundary ("patients with the most
scans", "ldcts by nodule count") were replaced by follow-up span and total nodule volume; shares not
within 0.005 of a tenth went to the next candidate, and four share drafts (of calcified, spiculated,
lobulated or part-solid nodules; of a year's studies at a station; of patients by sex; of a year's
LDCT reports naming a concept) found no candidate that was, and were dropped. Drafts whose answers
were empty by accident were replaced: "both a ct angio and an ldct" (no patient has both kinds),
"masses larger than 4 cm", "5 or more studies", a pneumothorax with an effusion on one scan, x-rays
with consolidation, "LDCTs that dropped a category vs the prior" and "a 4B later given a lower
category" (no category ever goes down), "document no coronary calcification" (never negated in the
reports), "two scans less than 60 days apart" and "rescanned within 6 months of an lr 3" (no gap
under 307 days). Readings taken: "screening ct", "ldct", "low dose ct" are the CT CHEST LOW DOSE
LUNG SCREENING studies; "ct angio", "ct pe" the CT ANGIO CHEST PE studies; "chest x-rays",
"radiographs", "xrays" the DX studies; "non-contrast chest CT" CT CHEST W/O CONTRAST, "contrast
(enhanced) chest cts" CT CHEST W CONTRAST; "both lungs" a nodule in a right and one in a left lobe
on one exam; a breakdown or comparison counts the noun asked about (nodules: nodule findings; exams,
scans, studies: studies; patients and a sex split of patients: patients); "men vs women" leaves out
sex "O"; a Lung-RADS breakdown lists only the categories that occur; "on one and the same ct" is one
CT of any kind; "the prior screen" is the patient's previous LDCT; "their following ldct" the next
LDCT; "emphysematous patients" are those with an affirmed emphysema mention on some report;
"dictations stating emphysema is absent" and "reads that explicitly deny" are the denied reading,
"without" no affirmed mention; a median age "over all studies" is per study. No answer is empty.

Scored alone with ``python tests/query/question_bank.py --part held_out_45 -v`` once wired in.
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

PART = "held_out_45"
SEED = 4545

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


def _study_rows(*tests: Test) -> list[Row]:
    return [s for s in studies() if all(t(s) for t in tests)]


def _patient_sex(pid: str) -> str:
    return str(ref.cohort()[0][pid]["sex"])


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
    """The first count from ``start`` to 9 whose ranking has no tie at its boundary."""
    for n in range(start, 10):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    return None


def _gaps(mine: Sequence[Row]) -> list[int]:
    return [days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)]


def _with_gap(test: Test, fits: Callable[[int], bool]) -> list[str]:
    """Patients with two consecutive studies passing ``test`` whose gap in days ``fits``."""
    return history(lambda mine: any(map(fits, _gaps([s for s in mine if test(s)]))))


def _acc(s: Row) -> str:
    return str(s["accession"])


ORDER_INDEX = {c: i for i, c in enumerate(ref.ORDER)}


def _went_ldct(direction: int) -> Test:
    """An LDCT whose category is above (1) / below (-1) the patient's previous LDCT's."""

    def test(s: Row) -> bool:
        if not ldct(s):
            return False
        before = [x for x in own(s["patient_id"]) if ldct(x) and x["study_date"] < s["study_date"]]
        if not before:
            return False
        d = ORDER_INDEX[str(category(s))] - ORDER_INDEX[str(category(before[-1]))]
        return d > 0 if direction > 0 else d < 0

    return test


def _went_any(old: str, new_cat: str) -> Test:
    """A study of category ``new_cat`` whose patient's study just before it is ``old``."""

    def test(s: Row) -> bool:
        mine = own(s["patient_id"])
        i = mine.index(s)
        return i > 0 and category(s) == new_cat and category(mine[i - 1]) == old

    return test


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    many = _pool(lambda p: len(own(p)) >= 3)
    screened = _pool(lambda p: sum(map(ldct, own(p))) >= 2)
    p1, p2, p3, p4 = (pick(rng, many) for _ in range(4))
    yield from ask(
        fam,
        f"{p1} - every exam we have on file pls",
        "study",
        sids(lambda s: s["patient_id"] == p1),
    )
    yield from ask(fam, f"total number of imaging studies for patient {p2}?", "count", len(own(p2)))
    s1 = pick(rng, studies())
    yield from ask(fam, f"who is accession {_acc(s1)} for", "patient", [s1["patient_id"]])
    p5 = pick(rng, screened)
    yield from ask(fam, f"{p5} baseline screening ct", "study", _uid(_first(p5, ldct)))
    yield from ask(fam, f"the latest study on {p3}, only that one", "study", _uid(_latest(p3, ALL)))
    with_nods = [s for s in studies() if len(nods(s)) >= 2]
    s2 = pick(rng, with_nods)
    yield from ask(
        fam,
        f"nodule findings on acc# {_acc(s2)}",
        "finding",
        sorted(f["finding_id"] for f in nods(s2)),
    )
    s3 = pick(rng, studies())
    yield from ask(
        fam, f"mrn for study instance uid {s3['study_uid']}", "patient", [s3["patient_id"]]
    )
    s4 = pick(rng, [s for s in studies() if fo(s)])
    yield from ask(
        fam,
        f"Hi team, could you pull every finding recorded under accesion {_acc(s4)}? Cheers, Marta",
        "finding",
        sorted(f["finding_id"] for f in fo(s4)),
    )
    a, b = pick(rng, screened), pick(rng, screened)
    firsts = [_first(a, chest_ct), _first(b, chest_ct)]
    firsts_ldct = [_first(a, ldct), _first(b, ldct)]
    yield from ask(
        fam,
        f"first chest CT of each of {a} and {b}",
        "study",
        sorted(str(s["study_uid"]) for s in firsts if s),
        sorted(str(s["study_uid"]) for s in firsts_ldct if s),
    )
    p6 = pick(rng, _pool(lambda p: any(nods(s, gt("diameter_mm", 6)) for s in own(p))))
    yield from ask(
        fam,
        f"{p6}: which of the scans show a nodule over 6mm",
        "study",
        sids(lambda s: s["patient_id"] == p6, nod(gt("diameter_mm", 6))),
    )
    p7 = pick(rng, _pool(lambda p: bool(_latest(p, ldct)) and bool(nods(_latest(p, ldct) or {}))))
    last = _latest(p7, ldct)
    assert last is not None
    yield from ask(
        fam, f"how many nodules on the most recent ldct of {p7}", "count", len(nods(last))
    )
    trio = [pick(rng, studies()) for _ in range(3)]
    yield from ask(
        fam,
        f"accessions {_acc(trio[0])}, {_acc(trio[1])} and {_acc(trio[2])} - which pts?",
        "patient",
        sorted({s["patient_id"] for s in trio}),
    )
    mine = own(p4)
    cut = mine[len(mine) // 2]["study_date"]
    yield from ask(
        fam,
        f"studies for patient id {p4} after {cut}",
        "study",
        sids(lambda s: s["patient_id"] == p4, lambda s: s["study_date"] > cut),
    )
    yield from ask(
        fam,
        f"count of findings across all of {p1}'s scans",
        "count",
        sum(len(fo(s)) for s in own(p1)),
    )
    p8 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    yield from ask(fam, f"{p8} second to last exam", "study", _uid(own(p8)[-2]))
    p9 = pick(
        rng,
        _pool(
            lambda p: bool(nods(_first(p, ldct) or {"study_uid": ""})) if _first(p, ldct) else False
        ),
    )
    base = _first(p9, ldct)
    assert base is not None
    yield from ask(
        fam,
        f"pt {p9} nodules on the first screening scan",
        "finding",
        sorted(f["finding_id"] for f in nods(base)),
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    yield from ask(fam, "screenign cts done Q2 2024", "study", sids(ldct, quarter(2024, 2)))
    yield from ask(
        fam,
        "cxrs 2025-03-01 thru 2025-08-31",
        "study",
        sids(cxr, dated("2025-03-01", "2025-08-31")),
    )
    yield from ask(
        fam,
        "every study from December 2023 to February 2024",
        "study",
        sids(dated("2023-12-01", "2024-02-29")),
    )
    yield from ask(
        fam,
        "brain cts (head ct) done from agust 2025 onward",
        "study",
        sids(head_ct, dated("2025-08-01", AS_OF)),
    )
    yield from ask(
        fam,
        "patients born in the fifties who had a chest ct",
        "patient",
        sorted(set(born("1950-01-01", "1959-12-31")) & set(pids(chest_ct))),
    )
    yield from ask(
        fam,
        "what came through the scanners in the trailing 30 days?",
        "study",
        sids(dated(shift(AS_OF, -30), AS_OF)),
        sids(dated(shift(AS_OF, -29), AS_OF)),
    )
    yield from ask(
        fam,
        "Could you tell me which patients were born before 1945?",
        "patient",
        born("0001-01-01", "1944-12-31"),
    )
    yield from ask(
        fam,
        "PE protocol CTAs, July-December 2025 (H2)",
        "study",
        sids(cta, dated("2025-07-01", "2025-12-31")),
    )
    yield from ask(
        fam,
        "Hi there, how many studies were performed in March 2026? Regards, the imaging manager",
        "count",
        count(dated("2026-03-01", "2026-03-31")),
    )
    yield from ask(
        fam,
        "ldcts this year so far",
        "study",
        sids(ldct, dated("2026-01-01", AS_OF)),
        sids(ldct, in_year(2026)),
    )
    yield from ask(
        fam,
        "people born in nineteen sixty one who were scanned in twenty twenty four",
        "patient",
        sorted(set(born("1961-01-01", "1961-12-31")) & set(pids(in_year(2024)))),
    )
    yield from ask(
        fam,
        "studeis dated 2024-07-15 through 2024-09-30",
        "study",
        sids(dated("2024-07-15", "2024-09-30")),
    )
    yield from ask(
        fam, "first quarter twenty twenty five c t angios", "study", sids(cta, quarter(2025, 1))
    )
    three = months_on(AS_OF, -36)
    yield from ask(
        fam,
        "exams more than three years old",
        "study",
        sids(lambda s: s["study_date"] < three),
        sids(lambda s: s["study_date"] < shift(three, 1)),
    )
    yield from ask(
        fam,
        "female patients with a date of birth after june 1970",
        "patient",
        sorted(
            set(born("1970-07-01", "9999-12-31"))
            & {p["patient_id"] for p in pats() if p["sex"] == "F"}
        ),
    )
    yield from ask(
        fam,
        "chest xrays from nov 2024 to jan 2025",
        "study",
        sids(cxr, dated("2024-11-01", "2025-01-31")),
    )
    yield from ask(
        fam,
        "q4 2024 exams by modality",
        "groups",
        _groups(_study_rows(quarter(2024, 4)), lambda s: s["modality"]),
    )
    yield from ask(
        fam,
        "how many pts had a scna in the 3rd quarter of 2023",
        "count",
        len(pids(quarter(2023, 3))),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    d = "diameter_mm"
    yield from ask(fam, "nodlues under one centimetre", "study", sids(nod(lt(d, 10))))
    lo = pick(rng, [5, 6, 7])
    yield from ask(
        fam,
        f"nods measuring {lo}-{lo + 2}mm, ends included, which exams",
        "study",
        sids(nod(within(d, lo, lo + 2))),
    )
    yield from ask(
        fam,
        "ground-glass nodule sized one to two cm",
        "study",
        sids(nod(att("ground-glass"), within(d, 10, 20))),
    )
    yield from ask(
        fam,
        "Good morning, which scans show a nodule whose mean density reads below -500 HU? Kind "
        "regards, Ines",
        "study",
        sids(nod(lt("mean_hu", -500))),
    )
    yield from ask(
        fam,
        "nodule density anywhere from minus three hundred up to zero hu",
        "study",
        sids(nod(within("mean_hu", -300, 0))),
    )
    yield from ask(
        fam,
        "findings where the model's confidence is under 0.7",
        "finding",
        fids(lt("confidence", 0.7)),
    )
    yield from ask(
        fam,
        "psn where the solid bit measures bigger than 6 mm",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 6))),
    )
    yield from ask(
        fam, "vol > 1000 mm3 nods, which exams", "study", sids(nod(gt("volume_mm3", 1000)))
    )
    yield from ask(
        fam,
        "I need the scans where some nodule has a long axis of 15 mm at minimum",
        "study",
        sids(nod(ge("long_axis_mm", 15))),
    )
    yield from ask(fam, "short-axis < 4mm nodule exams", "study", sids(nod(lt("short_axis_mm", 4))))
    yield from ask(
        fam, "nodules of four point five millimetres or less", "study", sids(nod(le(d, 4.5)))
    )
    yield from ask(
        fam,
        "is there a mass exceeding three and a half centimetres anywhere?",
        "study",
        sids(kind("mass", gt(d, 35))),
    )
    yield from ask(
        fam, "nodules between half a centimetre and 9 mm", "study", sids(nod(within(d, 5, 9)))
    )
    yield from ask(
        fam,
        "detections the algorithm was ninety-five percent sure of or more (confidence >= .95)",
        "finding",
        fids(ge("confidence", 0.95)),
    )
    yield from ask(fam, "nodules denser than 20 HU", "study", sids(nod(gt("mean_hu", 20))))
    yield from ask(
        fam, "solid nodules 8mm or more in diamter", "study", sids(nod(att("solid"), ge(d, 8)))
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield from ask(
        fam,
        "exams that carry precisely 2 nodules, no more no fewer",
        "study",
        sids(_n_nods(lambda n: n == 2)),
    )
    yield from ask(
        fam,
        "Dear all, could someone list the folks imaged four times or more? Many thanks, Ruth",
        "patient",
        _per_patient(ALL, lambda n: n >= 4),
    )
    yield from ask(
        fam, "a minimum of 4 nodules on the exam", "study", sids(_n_nods(lambda n: n >= 4))
    )
    yield from ask(
        fam,
        "number of one-and-done patients (a single imaging visit, nothing since)",
        "count",
        len(_per_patient(ALL, lambda n: n == 1)),
    )
    yield from ask(
        fam, "patinets with 3+ screening cts", "patient", _per_patient(ldct, lambda n: n >= 3)
    )
    yield from ask(
        fam, "clean exams - zero findings of any sort recorded", "study", sids(lambda s: not fo(s))
    )
    yield from ask(
        fam,
        "who had 3+ nodules together on one and the same ct",
        "patient",
        pids(any_ct, _n_nods(lambda n: n > 2)),
    )
    yield from ask(
        fam,
        "how many studies had more than three findings of any kind",
        "count",
        count(lambda s: len(fo(s)) > 3),
    )
    yield from ask(
        fam,
        "one nodule followed across four or more exams - whose was it",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield from ask(
        fam,
        "screening cts holding under two nodules (none or one)",
        "study",
        sids(ldct, _n_nods(lambda n: n < 2)),
    )
    yield from ask(
        fam,
        "people with exactly 3 exams in total on record",
        "patient",
        _per_patient(ALL, lambda n: n == 3),
    )
    yield from ask(
        fam,
        "how many patients have had a pneumothorax at least once",
        "count",
        len(pids(kind("pneumothorax"))),
    )
    yield from ask(
        fam,
        "two plus ground glass nods on one study",
        "study",
        sids(_n_nods(lambda n: n >= 2, att("ground-glass"))),
    )
    yield from ask(
        fam, "pts w/ exactly one haed ct", "patient", _per_patient(head_ct, lambda n: n == 1)
    )
    yield from ask(
        fam,
        "number of patients with exatcly 2 ldcts",
        "count",
        len(_per_patient(ldct, lambda n: n == 2)),
    )
    yield from ask(
        fam,
        "screening scans with 3 nodules or more in 2025",
        "study",
        sids(ldct, in_year(2025), _n_nods(lambda n: n >= 3)),
    )
    yield from ask(
        fam,
        "ldcts w 3+ nods, per scanner",
        "groups",
        _groups(_study_rows(ldct, _n_nods(lambda n: n >= 3)), lambda s: s["station"]),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"

    def ever(test: Test) -> Callable[[list[Row]], bool]:
        return lambda mine: any(map(test, mine))

    yield from ask(
        fam,
        "Hello Priya, can you find patients who had both a CT angiogram and a non-contrast chest "
        "CT? Thank you, Omar",
        "patient",
        history(each_on_some(cta, non_contrast_chest)),
    )
    yield from ask(
        fam,
        "patients with ground-glass nodules whose scans never once showed a solid one",
        "patient",
        history(lambda m: ever(nod(att("ground-glass")))(m) and not ever(nod(att("solid")))(m)),
    )
    yield from ask(
        fam,
        "list those who have no chest ct at all in their history",
        "patient",
        history(lambda m: not ever(chest_ct)(m)),
    )
    yield from ask(
        fam,
        "effusion + consolidation together on one exam, which pts",
        "patient",
        pids(kind("consolidation"), kind("pleural_effusion")),
    )
    yield from ask(
        fam,
        "had a part-solid nodule at some point but never lung-rads 4",
        "patient",
        history(lambda m: ever(nod(att("part-solid")))(m) and not ever(cat_in(*LR4))(m)),
    )
    yield from ask(
        fam,
        "Dear team, pts with either a spiculated nodule or a mass please. Kind regards, Hugo",
        "patient",
        pids(either(nod(margin("spiculated")), kind("mass"))),
    )
    yield from ask(
        fam,
        "screening patients never scanned on CT01",
        "patient",
        history(lambda m: ever(ldct)(m) and not ever(at_station("CT01"))(m)),
    )
    yield from ask(
        fam,
        "studies with consolidaiton but no effusion",
        "study",
        sids(kind("consolidation"), neg(kind("pleural_effusion"))),
    )
    yield from ask(
        fam,
        "female patients who have been through both scanners, CT01 as well as CT02",
        "patient",
        sorted(
            set(history(each_on_some(at_station("CT01"), at_station("CT02"))))
            & set(_pool(lambda p: _patient_sex(p) == "F"))
        ),
    )
    yield from ask(
        fam,
        "pts whose nodules were all calcified (some calcified, not a single uncalcified one)",
        "patient",
        history(lambda m: ever(nod(calcified))(m) and not ever(nod(uncalcified))(m)),
    )
    yield from ask(
        fam,
        "patients with nodules but never any lung-rads above 2",
        "patient",
        history(lambda m: ever(nod())(m) and not ever(cat_in("3", *LR4))(m)),
    )
    yield from ask(
        fam,
        "pt who had a pneumothorax and also, on a different visit or the same, a consolidation",
        "patient",
        history(each_on_some(kind("pneumothorax"), kind("consolidation"))),
    )
    yield from ask(
        fam,
        "patients who had a chest ct with contrast and another chest ct without",
        "patient",
        history(each_on_some(with_contrast, non_contrast_chest)),
        history(each_on_some(with_contrast, both_(chest_ct, neg(with_contrast), neg(cta)))),
    )
    yield from ask(
        fam,
        "patietns that had an ldct but never any nodule",
        "patient",
        history(lambda m: ever(ldct)(m) and not ever(nod())(m)),
    )
    yield from ask(
        fam,
        "anyone with both a ggn and a part-solid nodule on one ldct",
        "patient",
        pids(ldct, nod(att("ground-glass")), nod(att("part-solid"))),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    yield from ask(fam, "every exam that came out lung-rads 4B", "study", sids(cat_in("4B")))
    yield from ask(
        fam,
        "2025 screening exams graded lr3 or higher",
        "study",
        sids(ldct, in_year(2025), cat_in("3", *LR4)),
    )
    yield from ask(
        fam,
        "whose highest-ever lung-rads stopped at 3 - patient list",
        "patient",
        history(lambda m: highest(m) == "3"),
    )
    yield from ask(
        fam,
        "2024 screening cts, how do they split by lung rads category",
        "groups",
        _groups(_study_rows(ldct, in_year(2024)), category),
    )
    yield from ask(
        fam,
        "Q1 2026 ldcts - tally by lr cat",
        "groups",
        _groups(_study_rows(ldct, quarter(2026, 1)), category),
    )
    yield from ask(
        fam,
        "who moved from lr 2 straight to 4A on the next scan",
        "patient",
        pids(went_from("2", ("4A",))),
        pids(_went_any("2", "4A")),
    )
    yield from ask(
        fam,
        "screening cts that went up a category vs the prior screen",
        "study",
        sids(ldct, went(1)),
        sids(ldct, _went_ldct(1)),
    )
    yield from ask(
        fam, "lr 1 or 2 studies at CT02", "study", sids(at_station("CT02"), cat_in("1", "2"))
    )
    yield from ask(
        fam, "headcount of people who hit 4X at any point", "count", len(pids(cat_in("4X")))
    )

    def first_ldct_cat(names: tuple[str, ...]) -> Callable[[list[Row]], bool]:
        def test(m: list[Row]) -> bool:
            firsts = [s for s in m if ldct(s)]
            return bool(firsts) and category(firsts[0]) in names

        return test

    def last_ldct_cat(names: tuple[str, ...]) -> Callable[[list[Row]], bool]:
        def test(m: list[Row]) -> bool:
            mine = [s for s in m if ldct(s)]
            return bool(mine) and category(mine[-1]) in names

        return test

    yield from ask(
        fam,
        "pts that were lung-rads 4 on their very first screening scan",
        "patient",
        history(first_ldct_cat(LR4)),
    )
    yield from ask(
        fam, "patients whose most recent ldct was lr 2", "patient", history(last_ldct_cat(("2",)))
    )
    yield from ask(
        fam,
        "Hi Kim, lr 3 vs lr 4a ldct counts 2025 for the board slide? ta, Raj",
        "groups",
        _groups(_study_rows(ldct, in_year(2025), cat_in("3", "4A")), category),
    )
    for year, cat in itertools.product((2024, 2023, 2025, 2026), ("1", "2", "3")):
        whole = _study_rows(ldct, in_year(year))
        share = _share(sum(category(s) == cat for s in whole), len(whole))
        if share is not None:
            yield from ask(fam, f"{year} screening: percent graded lr {cat}", "value", share)
            break

    def steady(m: list[Row], n_min: int) -> bool:
        mine = [s for s in m if ldct(s)]
        return len(mine) >= n_min and all(category(s) == "2" for s in mine)

    yield from ask(
        fam,
        "patients who stayed lung-rads 2 on every one of their screening cts (two or more)",
        "patient",
        history(lambda m: steady(m, 2)),
    )

    def later_worse(m: list[Row]) -> bool:
        return any(
            category(s) == "2" and any(category(x) in LR4 for x in m[i + 1 :])
            for i, s in enumerate(m)
        )

    yield from ask(
        fam,
        "Good afternoon, please send me the patients who were lr 2 and on a later scan 4a or "
        "worse. Best wishes, Carla",
        "patient",
        history(later_worse),
    )
    yield from ask(fam, "cat 3 ldcts in men", "study", sids(ldct, cat_in("3"), sex_is("M")))
    yield from ask(
        fam,
        "lr 4x ldcts 2025 - f vs m",
        "groups",
        _groups(
            _study_rows(ldct, in_year(2025), cat_in("4X"), lambda s: ref.sex(s) in "MF"), ref.sex
        ),
    )
    yield from ask(
        fam,
        "Hi, for the audit: which patients were upgraded in category between one ldct and their "
        "following ldct? Thanks, Noor (screening office)",
        "patient",
        pids(_went_ldct(1)),
    )
    yield from ask(
        fam,
        "lungrads 4a or worse in H1 2026",
        "study",
        sids(cat_in(*LR4), dated("2026-01-01", "2026-06-30")),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    d = "diameter_mm"

    def ranking(
        text: Callable[[int], str],
        unit: str,
        rows: Sequence[Row],
        key: Callable[[Row], Any],
        ident: str,
        start: int,
    ) -> Rows:
        got = _ranked(rows, key, ident, start)
        if got is None:
            LEFT_OUT.append(text(start))
            return
        n, answer = got
        yield from ask(fam, text(n), unit, answer)

    nodules = _nod_rows()
    yield from ranking(
        lambda n: f"give me the {n} nodules with the greatest mean diameter",
        "finding",
        nodules,
        lambda f: -f[d],
        "finding_id",
        5,
    )
    per_pat = [
        {"patient_id": p["patient_id"], "k": -sum(len(nods(s)) for s in own(p["patient_id"]))}
        for p in pats()
    ]
    yield from ranking(
        lambda n: f"leaderboard of patients by lifetime nodule tally, first {n}",
        "patient",
        per_pat,
        lambda r: r["k"],
        "patient_id",
        3,
    )
    yield from ranking(
        lambda n: f"the {n} oldest people in the cohort",
        "patient",
        pats(),
        lambda p: p["birth_date"],
        "patient_id",
        6,
    )
    yield from ranking(
        lambda n: f"{n} latest-dated head scans (CT)",
        "study",
        _study_rows(head_ct),
        lambda s: -int(s["study_date"].replace("-", "")),
        "study_uid",
        4,
    )
    yield from ranking(
        lambda n: f"{n} nods sitting lowest on the hounsfield scale",
        "finding",
        nodules,
        lambda f: f["mean_hu"],
        "finding_id",
        5,
    )
    yield from ranking(
        lambda n: f"the {n} nodules with the biggest volume",
        "finding",
        nodules,
        lambda f: -f["volume_mm3"],
        "finding_id",
        6,
    )
    yield from ranking(
        lambda n: f"earliest {n} studies in the archive",
        "study",
        studies(),
        lambda s: s["study_date"],
        "study_uid",
        5,
    )
    spans = [
        {
            "patient_id": p["patient_id"],
            "k": -days_between(
                own(p["patient_id"])[0]["study_date"], own(p["patient_id"])[-1]["study_date"]
            ),
        }
        for p in pats()
    ]
    yield from ranking(
        lambda n: f"the {n} patients followed longest, first scan to last",
        "patient",
        spans,
        lambda r: r["k"],
        "patient_id",
        3,
    )
    yield from ranking(
        lambda n: f"{n} patients with the latest birth dates (the youngest)",
        "patient",
        pats(),
        lambda p: -dt.date.fromisoformat(p["birth_date"]).toordinal(),
        "patient_id",
        3,
    )
    yield from ranking(
        lambda n: f"ptx detections with the weakest model confidence, bottom {n}",
        "finding",
        _kind_rows("pneumothorax"),
        lambda f: f["confidence"],
        "finding_id",
        5,
    )
    psn = _nod_rows(att("part-solid"))
    yield from ranking(
        lambda n: f"part solids ranked by solid part size - first {n}",
        "finding",
        psn,
        lambda f: -f["solid_component_mm"],
        "finding_id",
        3,
    )
    ld = [
        {"study_uid": s["study_uid"], "k": -sum(f["volume_mm3"] for f in nods(s))}
        for s in studies()
        if ldct(s)
    ]
    yield from ranking(
        lambda n: f"top {n} ldcts by total nodule volume",
        "study",
        ld,
        lambda r: r["k"],
        "study_uid",
        5,
    )
    yield from ranking(
        lambda n: f"the {n} findings with the longest long axis",
        "finding",
        [f for f in findings() if f.get("long_axis_mm") is not None],
        lambda f: -f["long_axis_mm"],
        "finding_id",
        4,
    )
    yield from ranking(
        lambda n: f"{n} patients with the largest nodules ever measured",
        "patient",
        [
            {
                "patient_id": p["patient_id"],
                "k": -max([f[d] for s in own(p["patient_id"]) for f in nods(s)], default=0.0),
            }
            for p in pats()
        ],
        lambda r: r["k"],
        "patient_id",
        3,
    )
    yield from ranking(
        lambda n: f"the {n} most recent chest x-rays",
        "study",
        _study_rows(cxr),
        lambda s: -int(s["study_date"].replace("-", "")),
        "study_uid",
        3,
    )
    yield from ranking(
        lambda n: f"LUL ground glass, {n} biggest",
        "finding",
        _nod_rows(att("ground-glass"), in_lobe("LUL")),
        lambda f: -f[d],
        "finding_id",
        3,
    )


def stats(rng: random.Random) -> Rows:
    fam = "stats"
    d = "diameter_mm"
    yield from ask(fam, "mean size of all nodules (mm)", "value", _mean_field(_nod_rows(), d))
    yield from ask(
        fam, "ggn size - median please", "value", _median_field(_nod_rows(att("ground-glass")), d)
    )
    yield from ask(
        fam,
        "solid nods: typical (mean) hounsfield value?",
        "value",
        _mean_field(_nod_rows(att("solid")), "mean_hu"),
    )
    yield from ask(
        fam,
        "avg volume (mm3) of RUL nodules",
        "value",
        _mean_field(_nod_rows(in_lobe("RUL")), "volume_mm3"),
    )
    yield from ask(
        fam,
        "how confident is the model on average for ptx findings",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    ages = [float(ref.age(s)) for s in studies() if ldct(s) and in_year(2025)(s)]
    yield from ask(fam, "mean age at the time of scan across 2025 ldcts", "value", mean_of(ages))
    allnods = _nod_rows()
    for name, test in (
        ("calcified", calcified),
        ("spiculated", margin("spiculated")),
        ("lobulated", margin("lobulated")),
        ("part-solid", att("part-solid")),
    ):
        share = _share(sum(map(test, allnods)), len(allnods))
        if share is not None:
            yield from ask(fam, f"% of nodules that are {name}", "value", share)
            break
    for year, st in itertools.product((2025, 2024, 2023, 2026), ("CT01", "CT02")):
        rows = _study_rows(in_year(year))
        share = _share(sum(s["station"] == st for s in rows), len(rows))
        if share is not None:
            yield from ask(
                fam, f"what percentage of {year} studies were done on {st}", "value", share
            )
            break
    for cand in ("F", "M"):
        share = _share(sum(p["sex"] == cand for p in pats()), len(pats()))
        if share is not None:
            word = "female" if cand == "F" else "male"
            yield from ask(fam, f"percent of patients who are {word}", "value", share)
            break
    l26 = _study_rows(ldct, in_year(2026))
    yield from ask(
        fam,
        "share of 2026 ldcts at lr 3 or higher",
        "value",
        _share(sum(cat_in("3", *LR4)(s) for s in l26), len(l26)),
    )
    yield from ask(
        fam,
        "per ldct, mean count of nodules found",
        "value",
        mean_of([float(len(nods(s))) for s in studies() if ldct(s)]),
    )
    yield from ask(
        fam,
        "spiculated ones - median long-axis length",
        "value",
        _median_field(_nod_rows(margin("spiculated")), "long_axis_mm"),
    )
    yield from ask(
        fam,
        "data request: arithmetic mean of solid-component size over psns, in millimetres",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    yield from ask(
        fam,
        "on average how many exams does one person have in the archive",
        "value",
        mean_of([float(len(own(p["patient_id"]))) for p in pats()]),
    )
    yield from ask(
        fam, "mean mass diameter in cm", "value", _mean_field(_kind_rows("mass"), d, 10.0)
    )
    ggn = _nod_rows(att("ground-glass"))
    yield from ask(
        fam,
        "what fraction of ggns are 6mm or more",
        "value",
        _share(sum(f[d] >= 6 for f in ggn), len(ggn)),
    )
    yield from ask(
        fam,
        "midpoint (median) volume of the nodules, expressed in cc",
        "value",
        _median_field(allnods, "volume_mm3", 1000.0),
    )
    yield from ask(
        fam, "avg diamter of lll nodules", "value", _mean_field(_nod_rows(in_lobe("LLL")), d)
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield from ask(
        fam, "radiologist wrote emphysema - which exams", "study", sids(says("emphysema"))
    )
    yield from ask(
        fam, "reads that explicitly deny lymphadenopathy", "study", sids(denies("lymphadenopathy"))
    )
    yield from ask(
        fam, "ldcts without coronary calcificaiton", "study", sids(ldct, neg(says("coronary")))
    )
    yield from ask(
        fam,
        "patients with emphysema reported on the same study as a ggn",
        "patient",
        pids(says("emphysema"), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "how many studies mention coronary artery calcification",
        "count",
        count(says("coronary")),
    )
    yield from ask(
        fam,
        "emphysematous patients who have never had a nodule on any scan",
        "patient",
        history(lambda m: any(map(says("emphysema"), m)) and not any(map(nod(), m))),
    )
    yield from ask(
        fam,
        "lymphadenopathy reported in 2024",
        "study",
        sids(in_year(2024), says("lymphadenopathy")),
    )
    yield from ask(
        fam, "dictations stating emphysema is absent", "study", sids(denies("emphysema"))
    )
    yield from ask(
        fam,
        "emphysema reports, CT01 vs CT02",
        "groups",
        _groups(
            _study_rows(says("emphysema"), either(at_station("CT01"), at_station("CT02"))),
            lambda s: s["station"],
        ),
    )
    yield from ask(
        fam,
        "ldcts that document no lymphadenopathy",
        "study",
        sids(ldct, denies("lymphadenopathy")),
    )
    yield from ask(
        fam,
        "emphysma on non contrast chest cts",
        "study",
        sids(non_contrast_chest, says("emphysema")),
    )
    yield from ask(fam, "enlargd mediastinal nodes", "study", sids(says("lymphadenopathy")))
    for year, concept in itertools.product(
        (2025, 2024, 2023, 2026), ("emphysema", "lymphadenopathy")
    ):
        rows = _study_rows(ldct, in_year(year))
        share = _share(sum(says(concept)(s) for s in rows), len(rows))
        if share is not None:
            yield from ask(
                fam, f"percentage of {year} ldct reports mentioning {concept}", "value", share
            )
            break
    yield from ask(
        fam,
        "women with coronary artery calcification on a screening scan",
        "patient",
        pids(sex_is("F"), ldct, says("coronary")),
    )
    yield from ask(
        fam,
        "mass plus lymphadenopathy within one exam",
        "study",
        sids(says("lymphadenopathy"), kind("mass")),
    )
    yield from ask(
        fam, "studies w coronary calcs and lr 4a", "study", sids(says("coronary"), cat_in("4A"))
    )


def _screened_never(r: FTest) -> Callable[[list[Row]], bool]:
    return lambda m: sum(map(ldct, m)) >= 3 and not any(fstudy(r)(s) for s in m)


def _grew_twice(r: FTest) -> Callable[[list[Row]], bool]:
    return lambda m: sum(fstudy(r)(s) for s in m) >= 2


def growth(rng: random.Random) -> Rows:
    fam = "growth"

    def grown_sids(
        g: float = 1.5, inclusive: bool = False, *more: Test, tests: Sequence[FTest] = ()
    ) -> list[list[str]]:
        return [sids(fstudy(r, *tests), *more) for r in grew_readings(g, inclusive)]

    def grown_pids(
        g: float = 1.5, inclusive: bool = False, tests: Sequence[FTest] = ()
    ) -> list[list[str]]:
        return [pids(fstudy(r, *tests)) for r in grew_readings(g, inclusive)]

    yield from ask(fam, "studies where a nodule grew since the prior", "study", *grown_sids())
    yield from ask(fam, "growing nodules, more than two millimetres", "study", *grown_sids(2.0))
    yield from ask(
        fam,
        "anyone whose nodule enlarged 3 mm or more between consecutive scans",
        "patient",
        *grown_pids(3.0, True),
    )
    yield from ask(
        fam,
        "2024 exams where a nodule showed up for the first time",
        "study",
        *[sids(in_year(2024), fstudy(new(m))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "people who developed a brand-new solid nodule on follow up",
        "patient",
        *[pids(fstudy(new(m), att("solid"))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "right lower lobe nods that have not changed since the prior exam",
        "study",
        *[sids(fstudy(stable(r, m), in_lobe("RLL"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "count of follow-up exams with an enlarging nodule",
        "count",
        *[len(x) for x in grown_sids()],
    )
    yield from ask(
        fam, "ldcts with a new nodule, not masses", "study", sids(ldct, fstudy(new(False)))
    )
    yield from ask(
        fam,
        "patients with 3+ ldcts and never a growing nodule",
        "patient",
        *[history(_screened_never(r)) for r in grew_readings()],
    )
    yield from ask(
        fam, "RUL nodules that grew > 1.5mm", "study", *grown_sids(tests=(in_lobe("RUL"),))
    )
    yield from ask(
        fam,
        "Dear Dr Haas, which studies contain a newly appeared solid nodule larger than 6 mm? "
        "Best, Lena",
        "study",
        *[sids(fstudy(new(m), att("solid"), gt("diameter_mm", 6))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "patients whose nodules grew on two or more separate follow-up scans",
        "patient",
        *[history(_grew_twice(r)) for r in grew_readings()],
    )
    yield from ask(
        fam,
        "studies with new nodules, excluding masses, per station",
        "groups",
        _groups(_study_rows(fstudy(new(False))), lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "2026 exams w nodules that got bigger (grwoing)",
        "study",
        *grown_sids(1.5, False, in_year(2026)),
    )
    yield from ask(
        fam,
        "nodules growing by at least two point five mm in women",
        "study",
        *grown_sids(2.5, True, sex_is("F")),
    )
    yield from ask(
        fam,
        "how many new part-solid nodules were found (findings)",
        "count",
        *[len(fids(new(m), att("part-solid"))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "growing nods by lobe",
        "groups",
        *[
            _groups([f for f in findings() if is_nodule(f) and r(f)], lambda f: f["lobe"])
            for r in grew_readings()
        ],
    )


def people(rng: random.Random) -> Rows:
    fam = "demographics"

    def older(x: int) -> Test:
        return lambda s: ref.age(s) > x

    def age_band(lo: int, hi: int) -> Test:
        return lambda s: lo <= ref.age(s) <= hi

    yield from ask(
        fam,
        "wommen over 75 who had a low dose ct",
        "patient",
        *aged(both_(sex_is("F"), older(75)), ldct),
    )
    yield from ask(
        fam,
        "male pts 50-60 at time of scan with a ggn",
        "patient",
        *aged(both_(sex_is("M"), age_band(50, 60)), nod(att("ground-glass"))),
    )
    yield from ask(
        fam, "count of female patients overall", "count", sum(p["sex"] == "F" for p in pats())
    )
    yield from ask(
        fam,
        "lr 4x patients, men vs women",
        "groups",
        _groups([p for p in pids(cat_in("4X")) if _patient_sex(p) in "MF"], _patient_sex),
    )
    yield from ask(
        fam, "sex breakdwon of ct angio patients", "groups", _groups(pids(cta), _patient_sex)
    )
    yield from ask(
        fam,
        "patients who had a pneumothorax found while they were in their seventies",
        "patient",
        pids(age_band(70, 79), kind("pneumothorax")),
    )
    yield from ask(
        fam, "studies of patients aged under 50", "study", sids(lambda s: ref.age(s) < 50)
    )
    yield from ask(fam, "exams belonging to people with sex O", "study", sids(sex_is("O")))
    yield from ask(
        fam,
        "female ldcts per station",
        "groups",
        _groups(_study_rows(ldct, sex_is("F")), lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "men younger than 45 with nodules",
        "patient",
        *aged(both_(sex_is("M"), lambda s: ref.age(s) < 45), nod()),
    )
    yield from ask(
        fam,
        "DOB anywhere from 1950 through 1955, patient list",
        "patient",
        born("1950-01-01", "1955-12-31"),
    )
    yield from ask(
        fam,
        "Hey, quick question - how many male patients have had a head ct? Cheers, Ben",
        "count",
        len(pids(sex_is("M"), head_ct)),
    )
    yield from ask(
        fam,
        "ldcts on women aged sixty five or older",
        "study",
        sids(ldct, sex_is("F"), lambda s: ref.age(s) >= 65),
    )
    yield from ask(
        fam,
        "Hello - how many paitents over 80 had a chest CT? Thanks, Dr. Okafor",
        "count",
        *[len(x) for x in aged(older(80), chest_ct)],
    )
    yield from ask(
        fam,
        "M/F/O split of patients with a mass",
        "groups",
        _groups(pids(kind("mass")), _patient_sex),
    )
    yield from ask(
        fam,
        "sex split, pts w emphysema on a report",
        "groups",
        _groups(pids(says("emphysema")), _patient_sex),
    )
    yield from ask(
        fam,
        "median age on the scan date, over all studies of women that show a part-solid nodule",
        "value",
        median_of(
            [float(ref.age(s)) for s in studies() if sex_is("F")(s) and nod(att("part-solid"))(s)]
        ),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    station: Callable[[Row], Any] = lambda s: s["station"]  # noqa: E731
    yield from ask(fam, "chest radiogrpahs in 2024", "study", sids(cxr, in_year(2024)))
    yield from ask(
        fam, "how many ct angios were done on CT02", "count", count(cta, at_station("CT02"))
    )
    yield from ask(
        fam,
        "non-con head ct volume split across scanners",
        "groups",
        _groups(_study_rows(head_ct), station),
    )
    yield from ask(
        fam,
        "Dear colleagues, I would like the modality split for 2025 studies. Regards, Finance",
        "groups",
        _groups(_study_rows(in_year(2025)), lambda s: s["modality"]),
    )
    yield from ask(
        fam, "contrast enhanced chest cts with a mass", "study", sids(with_contrast, kind("mass"))
    )
    yield from ask(
        fam,
        "Morning! ldcts at ct01 in q3 2025 please. Thanks, Lee",
        "study",
        sids(ldct, at_station("CT01"), quarter(2025, 3)),
    )
    yield from ask(
        fam,
        "How many studies were acquired on CT01 during June 2024?",
        "count",
        count(at_station("CT01"), dated("2024-06-01", "2024-06-30")),
    )
    yield from ask(
        fam,
        "station counts for janaury 2026",
        "groups",
        _groups(_study_rows(dated("2026-01-01", "2026-01-31")), station),
    )
    yield from ask(
        fam, "patients who had a CT CHEST W/O CONTRAST", "patient", pids(non_contrast_chest)
    )
    yield from ask(
        fam,
        "body part breakdown of 2023 studies",
        "groups",
        _groups(_study_rows(in_year(2023)), lambda s: s["body_part"]),
    )
    yield from ask(
        fam,
        "Hello, contrast chest cts showing a pleural effusion - could you list them? Best, Dr. "
        "Chen",
        "study",
        sids(with_contrast, kind("pleural_effusion")),
    )
    yield from ask(fam, "'CT ANGIO CHEST PE' studies in 2026", "study", sids(cta, in_year(2026)))
    yield from ask(
        fam,
        "first half of 2024 screening load: CT01 against CT02",
        "groups",
        _groups(_study_rows(ldct, dated("2024-01-01", "2024-06-30")), station),
    )
    yield from ask(fam, "xrays w pneumothorax", "study", sids(cxr, kind("pneumothorax")))
    yield from ask(
        fam,
        "Hi Jo, quick one: number of exams on DX01 in Q4 2025? thx, Sam",
        "count",
        count(at_station("DX01"), quarter(2025, 4)),
    )
    yield from ask(
        fam, "ct pe studies with a pnuemothorax", "study", sids(cta, kind("pneumothorax"))
    )
    yield from ask(
        fam,
        "ct01 v ct02 for ct angios",
        "groups",
        _groups(_study_rows(cta), lambda s: s["station"]),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    lobe: Callable[[Row], Any] = lambda f: f["lobe"]  # noqa: E731
    right = ("RUL", "RML", "RLL")
    left = ("LUL", "LLL")
    yield from ask(
        fam, "exams w a nod in the middle lobe on the right", "study", sids(nod(in_lobe("RML")))
    )
    yield from ask(
        fam,
        "left lower lobe nodules larger than five millimetres",
        "study",
        sids(nod(in_lobe("LLL"), gt("diameter_mm", 5))),
    )
    yield from ask(
        fam,
        "distribution of nodule findings across lobes, tally please",
        "groups",
        _groups(_nod_rows(), lobe),
    )
    yield from ask(
        fam,
        "rul vs lul nodules in women",
        "groups",
        _groups(_nod_rows(in_lobe("RUL", "LUL"), where=sex_is("F")), lobe),
    )

    def only_right(m: list[Row]) -> bool:
        mine = [f for s in m for f in nods(s)]
        return bool(mine) and all(f["lobe"] in right for f in mine)

    yield from ask(
        fam, "patients whose nodules are all in the right lung", "patient", history(only_right)
    )
    yield from ask(
        fam,
        "ggn in rul or lul - exams",
        "study",
        sids(nod(att("ground-glass"), in_lobe("RUL", "LUL"))),
    )
    yield from ask(
        fam,
        "lobes of the spiculated nodules - counts",
        "groups",
        _groups(_nod_rows(margin("spiculated")), lobe),
    )
    yield from ask(
        fam,
        "exams with nodules on the left side and the right side at once",
        "study",
        sids(nod(in_lobe(*right)), nod(in_lobe(*left))),
    )
    yield from ask(
        fam,
        "number of nodule findings in the right middle lobe",
        "count",
        len(_nod_rows(in_lobe("RML"))),
    )
    yield from ask(
        fam,
        "part-solid nods sitting in a lower lobe (either side)",
        "study",
        sids(nod(att("part-solid"), in_lobe("RLL", "LLL"))),
    )
    yield from ask(
        fam,
        "LLL or RLL nodules over 8mm in 2025",
        "study",
        sids(in_year(2025), nod(in_lobe("LLL", "RLL"), gt("diameter_mm", 8))),
    )
    yield from ask(
        fam,
        "patients with a growing nodule in the left uper lobe",
        "patient",
        *[pids(fstudy(r, in_lobe("LUL"))) for r in grew_readings()],
    )
    yield from ask(
        fam, "rigth upper lobe calcified nodules", "study", sids(nod(in_lobe("RUL"), calcified))
    )
    yield from ask(
        fam,
        "lobe breakdown of nodules ovr 10 mm",
        "groups",
        _groups(_nod_rows(gt("diameter_mm", 10)), lobe),
    )


def features(rng: random.Random) -> Rows:
    fam = "features"
    mg: Callable[[Row], Any] = lambda f: f["margin"]  # noqa: E731
    at: Callable[[Row], Any] = lambda f: f["attenuation"]  # noqa: E731
    yield from ask(
        fam,
        "2026 screening scans with a spiculated nodule on them",
        "study",
        sids(ldct, in_year(2026), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "lobulated-edge ground glass opacities (nodules)",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"))),
    )
    yield from ask(
        fam,
        "uncalcified solid nods bigger than 8mm, which exams",
        "study",
        sids(nod(att("solid"), uncalcified, gt("diameter_mm", 8))),
    )
    yield from ask(
        fam,
        "margin breakdown of part solid nodules",
        "groups",
        _groups(_nod_rows(att("part-solid")), mg),
    )
    yield from ask(
        fam,
        "attenuation split of 2025 nodules",
        "groups",
        _groups(_nod_rows(where=in_year(2025)), at),
    )
    yield from ask(
        fam,
        "tally: nodules with smooth edges against spiculated edges",
        "groups",
        _groups(_nod_rows(lambda f: f["margin"] in ("smooth", "spiculated")), mg),
    )
    yield from ask(
        fam,
        "part solid + spiculated margin, studies please",
        "study",
        sids(nod(att("part-solid"), margin("spiculated"))),
    )
    yield from ask(
        fam, "total calcified nodule findings in the dataset", "count", len(_nod_rows(calcified))
    )
    yield from ask(
        fam,
        "ggo with lobulated margins in the RUL",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"), in_lobe("RUL"))),
    )
    yield from ask(
        fam, "subsolid nodules scanned at CT02", "study", sids(at_station("CT02"), nod(subsolid))
    )
    yield from ask(
        fam,
        "pts w spiculated nod above 1 cm",
        "patient",
        pids(nod(margin("spiculated"), gt("diameter_mm", 10))),
    )
    yield from ask(
        fam,
        "solid, smooth-edged, calcified - which exams have such a nodule",
        "study",
        sids(nod(att("solid"), margin("smooth"), calcified)),
    )
    yield from ask(
        fam,
        "attenuaton tally for nodules on lr 4b scans",
        "groups",
        _groups(_nod_rows(where=cat_in("4B")), at),
    )
    yield from ask(
        fam,
        "margins among 2026 ggns - tally",
        "groups",
        _groups(_nod_rows(att("ground-glass"), where=in_year(2026)), mg),
    )
    yield from ask(
        fam,
        "calcifed nodules in patients under 60 at the scan",
        "study",
        sids(nod(calcified), lambda s: ref.age(s) < 60),
    )
    yield from ask(
        fam,
        "lobulated margnis, solid nodules, 2024",
        "study",
        sids(in_year(2024), nod(att("solid"), margin("lobulated"))),
    )
    yield from ask(
        fam,
        "ground glass nodules that are not calcified, 6 mm or larger",
        "study",
        sids(nod(att("ground-glass"), uncalcified, ge("diameter_mm", 6))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    many = _pool(lambda p: len(own(p)) >= 3)
    p1 = pick(rng, many)
    mine = own(p1)
    yield from ask(
        fam,
        f"{p1} - days elapsed from earliest to most recent exam",
        "count",
        days_between(mine[0]["study_date"], mine[-1]["study_date"]),
    )
    yield from ask(
        fam,
        "mean interval in days between consecutive ldcts of a patient",
        "value",
        mean_of(
            [float(g) for p in pats() for g in _gaps([s for s in own(p["patient_id"]) if ldct(s)])]
        ),
    )
    firsts = [_gaps([s for s in own(p["patient_id"]) if ldct(s)])[:1] for p in pats()]
    yield from ask(
        fam,
        "Hi, what is the median days from first to second screening ct? Best, Ella (research)",
        "value",
        median_of([float(g[0]) for g in firsts if g]),
    )

    def span_over(months: int) -> list[list[str]]:
        by_months = history(
            lambda m: bool(m) and m[-1]["study_date"] > months_on(m[0]["study_date"], months)
        )
        by_days = history(
            lambda m: (
                bool(m)
                and days_between(m[0]["study_date"], m[-1]["study_date"]) > months * 365 // 12
            )
        )
        return [by_months, by_days]

    yield from ask(
        fam,
        "over 30 months elapsed between the earliest and the newest exam of which patients?",
        "patient",
        *span_over(30),
    )
    yield from ask(
        fam,
        "patients with two scans in a row less than three hundred and twenty days apart",
        "patient",
        _with_gap(ALL, lambda g: g < 320),
    )
    p2 = pick(rng, _pool(lambda p: any(map(with_contrast, own(p))) and any(map(cta, own(p)))))
    a, b = _first(p2, with_contrast), _first(p2, cta)
    assert a is not None and b is not None
    yield from ask(
        fam,
        f"days between the first contrast chest ct and the first ct angio of {p2}",
        "count",
        abs(days_between(a["study_date"], b["study_date"])),
    )
    p3 = pick(rng, many)
    yield from ask(
        fam,
        f"longest gap (days) between consecutive studies for {p3}",
        "count",
        max(_gaps(own(p3))),
    )
    two = months_on(AS_OF, -24)
    yield from ask(
        fam,
        "patients with no study in the past 2 years",
        "patient",
        history(lambda m: m[-1]["study_date"] < two),
        history(lambda m: m[-1]["study_date"] <= two),
        history(lambda m: m[-1]["study_date"] < shift(AS_OF, -730)),
    )
    yield from ask(
        fam,
        "patients whose first scan was in 2023 and whose last was in 2026",
        "patient",
        history(lambda m: m[0]["study_date"][:4] == "2023" and m[-1]["study_date"][:4] == "2026"),
    )
    s1, s2 = sorted(own(p3)[:2], key=lambda s: s["study_date"])
    yield from ask(
        fam,
        f"time in days from acc {_acc(s1)} to acc {_acc(s2)}",
        "count",
        days_between(s1["study_date"], s2["study_date"]),
    )
    spans = [
        float(days_between(m[0]["study_date"], m[-1]["study_date"]))
        for p in pats()
        if len(m := own(p["patient_id"])) >= 2
    ]
    yield from ask(
        fam,
        "Hi all, what is the average follow-up in days, first to last study, for patients with 2+ "
        "studies? Thanks, Yusuf",
        "value",
        mean_of(spans),
    )

    def rescanned(m: list[Row], by_months: bool) -> bool:
        for i, s in enumerate(m):
            if ldct(s) and category(s) == "3" and i + 1 < len(m):
                nxt = m[i + 1]["study_date"]
                limit = months_on(s["study_date"], 12) if by_months else shift(s["study_date"], 365)
                if nxt <= limit:
                    return True
        return False

    yield from ask(
        fam,
        "Hi Ana - pts rescanned within a year of an lr 3 ldct? Need it for Friday. Tom",
        "patient",
        history(lambda m: rescanned(m, True)),
        history(lambda m: rescanned(m, False)),
    )
    yield from ask(
        fam,
        "patients whose scans are all within a single calendar year and number 2 or more",
        "patient",
        history(lambda m: len(m) >= 2 and m[0]["study_date"][:4] == m[-1]["study_date"][:4]),
    )
    p4 = pick(rng, _pool(lambda p: sum(map(ldct, own(p))) >= 3))
    lds = [s for s in own(p4) if ldct(s)]
    yield from ask(
        fam,
        f"{p4}: avg days between screening scans",
        "value",
        mean_of([float(g) for g in _gaps(lds)]),
    )
    yield from ask(
        fam,
        "patients whose next scan came more than a year after a categroy 4A ldct",
        "patient",
        history(
            lambda m: any(
                ldct(s)
                and category(s) == "4A"
                and i + 1 < len(m)
                and m[i + 1]["study_date"] > months_on(s["study_date"], 12)
                for i, s in enumerate(m)
            )
        ),
        history(
            lambda m: any(
                ldct(s)
                and category(s) == "4A"
                and i + 1 < len(m)
                and days_between(s["study_date"], m[i + 1]["study_date"]) > 366
                for i, s in enumerate(m)
            )
        ),
    )
    yield from ask(
        fam,
        "how many patients waited over four hundred days between their first two studies",
        "count",
        len(
            history(
                lambda m: len(m) >= 2 and days_between(m[0]["study_date"], m[1]["study_date"]) > 400
            )
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
    print(f"{len(items)} questions; left out: {LEFT_OUT}")
