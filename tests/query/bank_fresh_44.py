"""Held-out part 44 of the question bank: cohort questions typed by new people, blind to the reader.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version") and its
"Reports" section up to "How well it reads" (not the reader's measurements nor the lists of
misses, fixes and limits), :mod:`question_bank` (the :class:`Item` type, its helpers and its
scoring function ``_matches``), :mod:`cohort_reference`, :mod:`blind_reference` (imported here),
and ``bank_fresh_41.py`` for its format, module docstring and helper functions only, not its
questions. The reader's code (``query/``), ``appliance/``, the tests (``test_*.py``),
``family_reading.py`` and the other parts' questions were not opened, and the engine was never
run on these questions: they were frozen (committed) before any was put to it.

Overlap check: a throwaway script compared every question with ``dev_queries.jsonl``, with parts
22 to 43 (through their ``bank()``, never read), with ``question_bank.bank()`` and
``question_bank.ungated_bank()``, and (on the second and third rounds) with part 45 from branch
``s24-p45``, printing only this part's matches (word for word after lower-casing and dropping
punctuation, or a word overlap of 75 % or more of the longer question). 88 matched on the first
round (4 word for word) and were reworded; 24 rewordings matched again and were reworded again;
none is left (0 on the third round).

Families (questions in brackets, 235 in all): identifiers [17] (a patient's studies and exam
count, an accession's patient, every finding of an accession, the nodule findings of a UID, a
UID's patient, latest and baseline LDCTs, a patient's earliest imaging, an unknown MRN, three
accessions' patients, a nodule count on an accession, a patient's largest nodule, a patient's
scans in a year, a patient's radiographs, nodules on a first scan, "accesion ... who is the
patient"); dates [18] (Q2 and Q4 quarters, ISO and slashed ranges, "since agust 2026", born in
the 1950s, the last 30 days, "this year", H1 and H2, born before a year, birth years of women,
a month range across a year, one day, DICOM days, "2026 or later", "before March 15 2023", a
spoken year and month range); numbers [17] (mm, cm, decimals, spoken sizes, negative HU and HU
ranges said aloud, confidence, solid component, volume, long and short axis, any finding);
counts [16]; set logic [16]; Lung-RADS [17]; rankings and top-N [16]; aggregates and
percentages [15]; report concepts with negation [15]; growth / new / stable [15]; demographics
[15]; modality / description / station [15]; lobes [15]; attenuation / margin / calcification
[15]; intervals [13]. About one in seven asks about groups (14 breakdowns and comparisons, 16
rankings, 4 shares). Styles mixed: a radiologist's shorthand ("nods", "psn", "pts w", "f/u",
"lr"), a nurse's or research nurse's full polite sentences with exact dates and identifiers, a
screening coordinator's Lung-RADS over time, a manager's counts per station and quarter, a data
scientist's ranges, means and medians, search-box keywords, dictated numbers ("twenty twenty
three", "nineteen point five", "see tee oh two", "minus seven hundred"), and e-mails with a
greeting and a sign-off. 29 questions carry a typist's slip (accesion, nodles, patiens, emphysma,
grwoing, pateints, consolidaton, rigth, calcifed, diamter, lungrads, stuides, agust, betwen,
paitents, noduels, nevr, bothe, nodlues, meidan, lymphadenopahty, stabel, femal, staion, uper,
mroe, montsh, recrod, volumne); their answers are what they plainly mean.

Readings taken where the conventions leave a choice (asked only when competing readings agree,
:func:`ask`; ``LEFT_OUT`` is empty for this seed): the first day of "the last 30 days"; a
change in floating point or to 0.1 mm and a track that began as a mass counted or not, for
growth, new and stable nodules ("excluding masses" / "not masses" take the Conventions' reading
that leaves it out); an age (with a sex) and another condition on one study or each on some
study; "a mass or a nodule over 20 mm" with the size on the nodule only or on both. Other
readings: "ldct", "screening ct", "low dose ct" are CT CHEST LOW DOSE LUNG SCREENING; "ct angio",
"ctpa" the CT ANGIO CHEST PE studies; "diagnostic (non-screening) chest cts" chest CTs that are
not LDCTs; "contrast (enhanced) chest cts" CT CHEST W CONTRAST; "chest x-rays", "radiographs" the
DX studies; consecutive studies one date per day; a breakdown lists only the values that occur;
"nodules in both lungs" a nodule in a right and in a left lobe of one study; "mean age of
people with X" at the latest study with X; "how many chest CTs does a patient undergo, on
average" over patients with a chest CT. Drafts replaced because their readings disagreed: "all
scans in the last 45 days", "new nodules in 2025", "septuagenarians with a pneumothorax"; tied
rankings: "least confident N nodules", "smallest spiculated nodules by diameter", "the largest
nodule in the LUL". Drafts empty by accident replaced: HU below -720, confidence below 0.55,
HU -800 to -750, solid nodules over 2.5 cm, at least 5 studies, six or more scans, both a head
CT and a CT angiogram, patients over 85 with a mass, contrast chest CTs in March 2024, a gap of
more than 14 months, women followed over 4 years, "from 4A down to 2", and a question on an
accession's Lung-RADS (no answer unit). One answer is empty on purpose (an unknown MRN, P00913).

Scored alone with ``python tests/query/question_bank.py --part held_out_44 -v`` once wired in.
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
    top,
    uncalcified,
    went,
    went_from,
    with_contrast,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_44"
SEED = 4444

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
SAID = {7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven"}
RIGHT = ("RUL", "RML", "RLL")
LEFT = ("LUL", "LLL")


def _latest(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[-1] if mine else None


def _first(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[0] if mine else None


def _uid(s: Row | None) -> list[str]:
    return [] if s is None else [str(s["study_uid"])]


def _never(test: Test) -> list[str]:
    return history(lambda mine: not any(map(test, mine)))


def _per_patient(test: Test, compare: Callable[[int], bool]) -> list[str]:
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def _rows(name: str | None, *tests: FTest, where: Test = ALL) -> list[Row]:
    """Findings of one kind (every kind when ``name`` is None) passing the tests."""
    return [
        f
        for f in findings()
        if (name is None or f["kind"] == name) and all(t(f) for t in tests) and where(study_of(f))
    ]


def _mean(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return mean_of([f[name] / scale for f in rows if f.get(name) is not None])


def _median(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return median_of([f[name] / scale for f in rows if f.get(name) is not None])


def _share(part: int, whole: int) -> float | None:
    """A percentage the bank can score (neither 0 nor 100, within 0.005 of a tenth)."""
    return pct(part, whole) if 0 < part < whole else None


def _groups(rows: Sequence[Any], key: Callable[[Any], Any]) -> list[tuple[Any, int]]:
    return sorted(Counter(key(r) for r in rows).items(), key=lambda kv: str(kv[0]))


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


def _dates(pid: str, test: Test) -> list[str]:
    return sorted({str(s["study_date"]) for s in own(pid) if test(s)})


def _span_days(pid: str, test: Test) -> int | None:
    days = _dates(pid, test)
    return days_between(days[0], days[-1]) if len(days) >= 2 else None


def _gaps(test: Test) -> list[int]:
    """Days between consecutive study dates of each patient (one date per day)."""
    out: list[int] = []
    for p in pats():
        days = _dates(p["patient_id"], test)
        out.extend(days_between(a, b) for a, b in itertools.pairwise(days))
    return out


def _followed(months: int, inclusive: bool, test: Test = ALL) -> list[str]:
    def fits(mine: list[Row]) -> bool:
        days = [str(s["study_date"]) for s in mine if test(s)]
        if not days:
            return False
        end = months_on(days[0], months)
        return days[-1] >= end if inclusive else days[-1] > end

    return history(fits)


def _gap_patients(months: int, test: Test) -> list[str]:
    """Patients with consecutive study dates (of the kind) more than ``months`` apart."""

    def fits(mine: list[Row]) -> bool:
        days = sorted({str(s["study_date"]) for s in mine if test(s)})
        return any(b > months_on(a, months) for a, b in itertools.pairwise(days))

    return history(fits)


def _female_first(mine: list[Row]) -> bool:
    return bool(mine) and ref.sex(mine[0]) == "F"


def _first_share(candidates: Sequence[tuple[Any, int, int]]) -> tuple[Any, float] | None:
    for label, part, whole in candidates:
        value = _share(part, whole)
        if value is not None:
            return label, value
    return None


def either_kind(a: str, b: str) -> Test:
    return lambda s: any(f["kind"] in (a, b) for f in fo(s))


def _acc(s: Row) -> str:
    return str(s["accession"])


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    many = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 3]
    p1 = pick(rng, many)
    yield from ask(
        fam,
        f"Good morning, could you please list every imaging study on file for patient {p1}? "
        "Many thanks.",
        "study",
        sorted(s["study_uid"] for s in own(p1)),
    )
    p2 = pick(rng, [p for p in many if p != p1])
    yield from ask(
        fam, f"total number of imaging exams for {p2} so far, please", "count", len(own(p2))
    )
    with_f = [s for s in studies() if len(fo(s)) >= 2]
    s1 = pick(rng, with_f)
    yield from ask(
        fam,
        f"I have accession number {_acc(s1)} here: who is the patient?",
        "patient",
        [s1["patient_id"]],
    )
    s2 = pick(rng, with_f)
    yield from ask(
        fam,
        f"all findings recorded on acc {_acc(s2)}",
        "finding",
        sorted(f["finding_id"] for f in fo(s2)),
    )
    s3 = pick(rng, [s for s in studies() if len(nods(s)) >= 2 and len(fo(s)) > len(nods(s))])
    yield from ask(
        fam,
        f"for study instance uid {s3['study_uid']} list just the nodule findings, nothing else",
        "finding",
        sorted(f["finding_id"] for f in nods(s3)),
    )
    s4 = pick(rng, studies())
    yield from ask(fam, f"uid {s4['study_uid']} - which pt is this", "patient", [s4["patient_id"]])
    ld = [p for p in many if sum(1 for s in own(p) if ldct(s)) >= 2]
    p3 = pick(rng, ld)
    yield from ask(fam, f"{p3} newest screening ldct on file", "study", _uid(_latest(p3, ldct)))
    pa, pb = pick(rng, ld), pick(rng, ld)
    while pb == pa:
        pb = pick(rng, ld)
    yield from ask(
        fam,
        f"Please pull the baseline low-dose CT for patients {pa} and {pb}.",
        "study",
        sorted(_uid(_first(pa, ldct)) + _uid(_first(pb, ldct))),
    )
    p4 = pick(rng, many)
    yield from ask(fam, f"earliest imaging on record for {p4}", "study", _uid(_first(p4, ALL)))
    yield from ask(fam, "mrn P00913 studies", "study", [])
    trio = [pick(rng, with_f) for _ in range(3)]
    yield from ask(
        fam,
        f"accessions {_acc(trio[0])}, {_acc(trio[1])} & {_acc(trio[2])} - whose are they",
        "patient",
        sorted({s["patient_id"] for s in trio}),
    )
    s5 = pick(rng, [s for s in studies() if len(nods(s)) >= 3])
    yield from ask(
        fam,
        f"How many nodule findings are there on accession {_acc(s5)}?",
        "count",
        len(nods(s5)),
    )

    def biggest_unique(p: str) -> bool:
        ds = sorted((f["diameter_mm"] for s in own(p) for f in nods(s)), reverse=True)
        return len(ds) >= 3 and ds[0] != ds[1]

    p5 = pick(rng, [p for p in many if biggest_unique(p)])
    mine = [f for s in own(p5) for f in nods(s)]
    best = max(mine, key=lambda f: f["diameter_mm"])
    yield from ask(
        fam, f"which of {p5}'s nodules is the biggest by diameter", "finding", [best["finding_id"]]
    )
    yearly = [
        (p, y)
        for p in many
        for y in range(2023, 2027)
        if sum(1 for s in own(p) if in_year(y)(s)) >= 1
        and sum(1 for s in own(p) if not in_year(y)(s)) >= 1
    ]
    p6, y6 = pick(rng, yearly)
    yield from ask(
        fam,
        f"pt {p6}, scans done in {y6}",
        "study",
        sorted(s["study_uid"] for s in own(p6) if in_year(y6)(s)),
    )
    cx = [p["patient_id"] for p in pats() if any(cxr(s) for s in own(p["patient_id"]))]
    p7 = pick(rng, cx)
    yield from ask(
        fam,
        f"Hello, could you tell me which chest radiographs patient {p7} has had? Regards, Tom",
        "study",
        sorted(s["study_uid"] for s in own(p7) if cxr(s)),
    )
    p8 = pick(rng, [p for p in many if nods(own(p)[0])])
    yield from ask(
        fam,
        f"nodules on the first scan of {p8}",
        "study",
        [s["study_uid"] for s in own(p8)[:1] if nods(s)] or None,
    )
    s6 = pick(rng, [s for s in studies() if nods(s)])
    yield from ask(fam, f"accesion {_acc(s6)} - who is the patient", "patient", [s6["patient_id"]])


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    yield from ask(
        fam,
        "Could you list the low-dose screening CTs performed during Q2 2025, please?",
        "study",
        sids(ldct, quarter(2025, 2)),
    )
    yield from ask(
        fam,
        "stuides dated 2024-02-10 to 2024-03-20",
        "study",
        sids(dated("2024-02-10", "2024-03-20")),
    )
    yield from ask(
        fam,
        "any chest x-ray performed since agust 2026 please",
        "study",
        sids(cxr, dated("2026-08-01", AS_OF)),
    )
    yield from ask(
        fam,
        "head CTs betwen 3/1/2024 and 6/30/2024",
        "study",
        sids(head_ct, dated("2024-03-01", "2024-06-30")),
    )
    yield from ask(
        fam,
        "Hi there, which patients born in the 1950s have had a low dose CT? "
        "Thanks very much, Claire",
        "patient",
        sorted(set(born("1950-01-01", "1959-12-31")) & set(pids(ldct))),
    )
    yield from ask(
        fam,
        "all scans in the last 30 days",
        "study",
        sids(dated(shift(AS_OF, -30), AS_OF)),
        sids(dated(shift(AS_OF, -29), AS_OF)),
    )
    yield from ask(
        fam,
        "this year's exams from the DX01 room",
        "study",
        sids(at_station("DX01"), dated("2026-01-01", AS_OF)),
    )
    yield from ask(
        fam,
        "contrast enhanced chest cts done in Q4 2023",
        "study",
        sids(with_contrast, quarter(2023, 4)),
    )
    yield from ask(
        fam,
        "number of screening ldcts in the first half of 2024",
        "count",
        len(sids(ldct, dated("2024-01-01", "2024-06-30"))),
    )
    yield from ask(
        fam,
        "Which paitents were born before 1945?",
        "patient",
        born("1900-01-01", "1944-12-31"),
    )
    yield from ask(
        fam,
        "women with a date of birth between 1960 and 1962",
        "patient",
        sorted(p for p in born("1960-01-01", "1962-12-31") if ref.cohort()[0][p]["sex"] == "F"),
    )
    yield from ask(
        fam,
        "pneumothorax studies from nov 2024 to feb 2025",
        "study",
        sids(kind("pneumothorax"), dated("2024-11-01", "2025-02-28")),
    )
    busy = sorted(Counter(s["study_date"] for s in studies()).items())
    day = pick(rng, [d for d, n in busy if n >= 2])
    yield from ask(
        fam,
        f"What studies were performed on {day}?",
        "study",
        sids(dated(day, day)),
    )
    yield from ask(
        fam,
        "list ct angiograms performed during H2 2025",
        "study",
        sids(cta, dated("2025-07-01", "2025-12-31")),
    )
    yield from ask(
        fam,
        "chest ct exams dated 20240101-20240131 please",
        "study",
        sids(chest_ct, dated("2024-01-01", "2024-01-31")),
    )
    yield from ask(
        fam,
        "head cts from 2026 or later",
        "study",
        sids(head_ct, dated("2026-01-01", "2099-12-31")),
    )
    yield from ask(
        fam,
        "Hi all - how many studies did we do before March 15 2023? Cheers, Priya",
        "count",
        len(sids(dated("1900-01-01", "2023-03-14"))),
    )
    yield from ask(
        fam,
        "ldcts twenty twenty three september through december",
        "study",
        sids(ldct, dated("2023-09-01", "2023-12-31")),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    d = "diameter_mm"
    yield from ask(
        fam,
        "Which studies show a nodule smaller than 5 mm?",
        "study",
        sids(nod(lt(d, 5))),
    )
    yield from ask(
        fam,
        "pts w subcentimetre solid nods",
        "patient",
        pids(nod(att("solid"), lt(d, 10))),
    )
    lo = pick(rng, [7, 8, 9])
    yield from ask(
        fam,
        f"nodules {SAID[lo]} to {SAID[lo + 2]} millimetres on ldcts",
        "study",
        sids(ldct, nod(within(d, lo, lo + 2))),
    )
    yield from ask(
        fam,
        "list the nodule findings between 1.5 and 2 cm",
        "finding",
        fids(is_nodule, within(d, 15, 20)),
    )
    yield from ask(
        fam,
        "ground glass nods, mean density under -700 hu",
        "study",
        sids(nod(att("ground-glass"), lt("mean_hu", -700))),
    )
    yield from ask(
        fam,
        "nodule findings with an attenuation between -50 and 40 HU",
        "finding",
        fids(is_nodule, within("mean_hu", -50, 40)),
    )
    yield from ask(
        fam,
        "nodule findings whose confidence is below 0.56",
        "finding",
        fids(is_nodule, lt("confidence", 0.56)),
    )
    yield from ask(
        fam,
        "psn with solid component greater than seven mm",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 7))),
    )
    yield from ask(
        fam,
        "studies with a nodule whose volume exceeds 3000 mm3",
        "study",
        sids(nod(gt("volume_mm3", 3000))),
    )
    yield from ask(
        fam,
        "nodules with a long axis of at least twenty two millimeters",
        "study",
        sids(nod(ge("long_axis_mm", 22))),
    )
    yield from ask(
        fam,
        "nodules short axis under 3.5mm, patients",
        "patient",
        pids(nod(lt("short_axis_mm", 3.5))),
    )
    yield from ask(
        fam,
        "nodules measuring more than nineteen point five millimetres",
        "study",
        sids(nod(gt(d, 19.5))),
    )
    yield from ask(
        fam,
        "masses bigger than three point five centimeters",
        "study",
        sids(kind("mass", gt(d, 35))),
    )
    yield from ask(
        fam,
        "findings of any kind with a confidence of 0.97 or higher",
        "finding",
        fids(ge("confidence", 0.97)),
    )
    yield from ask(
        fam,
        "nodules hu from minus seven hundred to minus six hundred fifty",
        "study",
        sids(nod(within("mean_hu", -700, -650))),
    )
    yield from ask(
        fam,
        "nodules at or below 4 mm on chest cts at CT01",
        "study",
        sids(chest_ct, at_station("CT01"), nod(le(d, 4))),
    )
    yield from ask(
        fam,
        "solid nodles over 2 cm",
        "study",
        sids(nod(att("solid"), gt(d, 20))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield from ask(
        fam,
        "Which studies show exactly two nodules?",
        "study",
        sids(_n_nods(lambda n: n == 2)),
    )
    yield from ask(
        fam,
        "Dear data team, please send me the patients with 3 or more LDCTs. Best, Ravi",
        "patient",
        _per_patient(ldct, lambda n: n >= 3),
    )
    yield from ask(
        fam,
        "What number of patients have exactly one study on file?",
        "count",
        len(_per_patient(ALL, lambda n: n == 1)),
    )
    yield from ask(
        fam,
        "ldcts with more than 4 noduels",
        "study",
        sids(ldct, _n_nods(lambda n: n > 4)),
    )
    yield from ask(
        fam,
        "how many exams came back with no findings whatsoever",
        "count",
        sum(1 for s in studies() if not fo(s)),
    )
    yield from ask(
        fam,
        "patients with at least 4 studies at CT02",
        "patient",
        _per_patient(at_station("CT02"), lambda n: n >= 4),
    )
    yield from ask(
        fam,
        "pts with two or more head ct exams - how many",
        "count",
        len(_per_patient(head_ct, lambda n: n >= 2)),
    )
    yield from ask(
        fam,
        "chest cts with a single nodule at see tee oh two in twenty twenty five",
        "study",
        sids(chest_ct, at_station("CT02"), in_year(2025), _n_nods(lambda n: n == 1)),
    )
    yield from ask(
        fam,
        "Out of the whole cohort, how many people were scanned at least twice?",
        "count",
        len(_per_patient(ALL, lambda n: n >= 2)),
    )
    yield from ask(
        fam,
        "pts w exactly four nodules on one ct",
        "patient",
        pids(any_ct, _n_nods(lambda n: n == 4)),
    )
    yield from ask(
        fam,
        "patients with at least 5 findings on a single scan",
        "patient",
        pids(lambda s: len(fo(s)) >= 5),
    )
    yield from ask(
        fam,
        "tally of this cohort's 2026 low dose cts where zero nodules were seen",
        "count",
        len(sids(ldct, in_year(2026), _n_nods(lambda n: n == 0))),
    )
    yield from ask(
        fam,
        "patients who have had exactly 3 low dose cts",
        "patient",
        _per_patient(ldct, lambda n: n == 3),
    )
    yield from ask(
        fam,
        "Which patients have had between 2 and 3 ct angiograms?",
        "patient",
        _per_patient(cta, lambda n: 2 <= n <= 3) or None,
    )
    yield from ask(
        fam,
        "DX01 radiographs with fewer than 2 nodules",
        "study",
        sids(at_station("DX01"), _n_nods(lambda n: n < 2)),
    )
    yield from ask(
        fam,
        "patiens scanned at least four times at CT01",
        "patient",
        _per_patient(at_station("CT01"), lambda n: n >= 4),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    yield from ask(
        fam,
        "Which patients have had both a pleural effusion and a pneumothorax?",
        "patient",
        history(each_on_some(kind("pleural_effusion"), kind("pneumothorax"))),
    )
    yield from ask(
        fam,
        "pts who've had a ggn yet nevr a solid nodule",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield from ask(
        fam,
        "What is the number of people in the cohort with no chest CT ever?",
        "count",
        len(_never(chest_ct)),
    )
    yield from ask(
        fam,
        "pts w pneumothorax and consolidation both",
        "patient",
        history(each_on_some(kind("pneumothorax"), kind("consolidation"))),
    )
    yield from ask(
        fam,
        "patients who had both a contrast chest ct and a ct angiogram",
        "patient",
        history(each_on_some(with_contrast, cta)),
    )
    yield from ask(
        fam,
        "Good afternoon, I am looking for patients with a spiculated nodule who never had "
        "Lung-RADS 4. Thank you! Mei",
        "patient",
        history(some_but_never(nod(margin("spiculated")), cat_in(*LR4))),
    )
    yield from ask(
        fam,
        "people who underwent a ct angio but were never found to have a pneumothorax",
        "patient",
        history(some_but_never(cta, kind("pneumothorax"))),
    )
    yield from ask(
        fam,
        "research query: people who came for imaging in bothe 2023 and 2026",
        "patient",
        history(each_on_some(in_year(2023), in_year(2026))),
    )
    yield from ask(
        fam,
        "patients w ldcts at ct01 and ct02 both",
        "patient",
        history(each_on_some(both_(ldct, at_station("CT01")), both_(ldct, at_station("CT02")))),
    )
    yield from ask(
        fam,
        "patients with a calcified nodule and a part-solid nodule on the same scan",
        "patient",
        pids(nod(calcified), nod(att("part-solid"))) or None,
    )
    yield from ask(
        fam,
        "pts who have never had any exam on the CT01 scanner",
        "patient",
        _never(at_station("CT01")),
    )
    yield from ask(
        fam,
        "women who never had a nodule larger than 15 mm",
        "patient",
        history(
            lambda mine: (
                _female_first(mine) and not any(nod(gt("diameter_mm", 15))(s) for s in mine)
            )
        ),
    )
    yield from ask(
        fam,
        "pts with a mass or an intracranial hemorrhage",
        "patient",
        pids(either_kind("mass", "intracranial_hemorrhage")),
    )
    yield from ask(
        fam,
        "Excluding anyone with a pneumothorax, which patients had a chest radiograph?",
        "patient",
        history(some_but_never(cxr, kind("pneumothorax"))),
    )
    yield from ask(
        fam,
        "lobulated nodule on some scan, yet no spiculated nodule at any point ever - which people",
        "patient",
        history(some_but_never(nod(margin("lobulated")), nod(margin("spiculated")))),
    )
    yield from ask(
        fam,
        "patients who had a ground glass nodule and a part solid nodule, on the same ct",
        "patient",
        pids(any_ct, nod(att("ground-glass")), nod(att("part-solid"))),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    yield from ask(
        fam,
        "ldcts categorised lung-rads 3 in 2024",
        "study",
        sids(ldct, in_year(2024), cat_in("3")),
    )
    yield from ask(
        fam,
        "Which people peaked at a Lung-RADS 4B (highest ever)?",
        "patient",
        history(lambda mine: highest(mine) == "4B"),
    )
    rows = [s for s in studies() if ldct(s) and in_year(2025)(s)]
    yield from ask(
        fam,
        "for 2025 screening cts, give the count in each lung-rads category",
        "groups",
        _groups(rows, category),
    )
    yield from ask(
        fam,
        "how many studies were lung rads four x in the first quarter of twenty twenty six",
        "count",
        len(sids(cat_in("4X"), quarter(2026, 1))),
    )
    yield from ask(
        fam,
        "Could you send me the patients with a Lung-RADS 4A or higher study since July 2026?",
        "patient",
        pids(cat_in(*LR4), dated("2026-07-01", AS_OF)),
    )
    yield from ask(
        fam,
        "Hi both, can you pull the studies where the Lung-RADS category went up compared with "
        "the prior? Cheers, Dan",
        "study",
        sids(went(1)),
    )
    yield from ask(
        fam,
        "which pts were bumped from lung-rads 2 up to 4A",
        "patient",
        pids(went_from("2", ("4A",))) or None,
    )
    yield from ask(
        fam,
        "lr 2 or better ldcts at CT01 in 2023",
        "study",
        sids(ldct, at_station("CT01"), in_year(2023), cat_in("1", "2")),
    )
    rows3 = [s for s in studies() if category(s) == "3"]
    yield from ask(
        fam,
        "lung-rads 3 studies by station",
        "groups",
        _groups(rows3, lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "patients with both a lung-rads 1 and a lung-rads 4x scan",
        "patient",
        history(each_on_some(cat_in("1"), cat_in("4X"))),
    )
    yield from ask(
        fam,
        "pts whose worst ever lung-rads category on recrod was 3",
        "patient",
        history(lambda mine: highest(mine) == "3"),
    )
    cand = [
        (y, len(sids(ldct, in_year(y), cat_in("2"))), len(sids(ldct, in_year(y))))
        for y in (2024, 2023, 2025, 2026)
    ]
    got = _first_share(cand)
    if got is not None:
        yield from ask(
            fam,
            f"What percent of the {got[0]} low-dose CTs were scored Lung-RADS 2?",
            "value",
            got[1],
        )
    yield from ask(
        fam,
        "lung rads four b studies in twenty twenty five",
        "study",
        sids(cat_in("4B"), in_year(2025)),
    )
    yield from ask(
        fam,
        "patients whose ldcts were all lung-rads 1",
        "patient",
        history(
            lambda mine: any(map(ldct, mine)) and all(category(s) == "1" for s in mine if ldct(s))
        ),
    )
    yield from ask(
        fam,
        "studies upgraded to lung-rads 4x compared with the previous exam",
        "study",
        sids(went_from(None, ("4X",))),
    )
    yield from ask(
        fam,
        "how many patients peaked at lr 4a",
        "count",
        len(history(lambda mine: highest(mine) == "4A")),
    )
    yield from ask(
        fam,
        "lungrads 3+ chest cts at CT02 in march 2026",
        "study",
        sids(chest_ct, at_station("CT02"), dated("2026-03-01", "2026-03-31"), cat_in("3", *LR4)),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    d = "diameter_mm"

    def finding_rank(template: str, rows: list[Row], key: Callable[[Row], Any], n: int) -> Rows:
        got = _ranked(rows, key, "finding_id", n)
        if got is None:
            LEFT_OUT.append(template)
            return
        yield _q(fam, template.format(n=got[0]), "finding", got[1])

    nod_rows = _rows("nodule")
    yield from finding_rank(
        "pull up the biggest {n} nodules anywhere in our data, by diameter",
        nod_rows,
        lambda f: -f[d],
        5,
    )
    counts = Counter(s["patient_id"] for s in studies() for _ in nods(s))
    prows = _patient_rows(lambda p: counts[p])
    got = _ranked(prows, lambda r: r["k"], "patient_id", 3)
    if got is not None:
        yield _q(fam, f"the {got[0]} pts with the greatest nodule count", "patient", got[1])
    brows = [{"patient_id": p["patient_id"], "k": p["birth_date"]} for p in pats()]
    got = _ranked(brows, lambda r: r["k"], "patient_id", 4)
    if got is not None:
        yield _q(
            fam, f"which {got[0]} individuals in our cohort were born first", "patient", got[1]
        )
    got = _ranked(brows, lambda r: tuple(-ord(c) for c in r["k"]), "patient_id", 3)
    if got is not None:
        yield _q(fam, f"youngest {got[0]} pts", "patient", got[1])

    def study_rank(template: str, test: Test, latest: bool, n: int) -> Rows:
        rows = [s for s in studies() if test(s)]
        sign = -1 if latest else 1
        got = _ranked(
            rows,
            lambda s: sign * dt.date.fromisoformat(s["study_date"]).toordinal(),
            "study_uid",
            n,
        )
        if got is None:
            LEFT_OUT.append(template)
            return
        yield _q(fam, template.format(n=got[0]), "study", got[1])

    yield from study_rank("latest {n} head ct exams performed", head_ct, True, 3)
    yield from study_rank("{n} earliest ct angiograms", cta, False, 3)
    yield from finding_rank(
        "{n} nodules w the lowest mean attenuation in hu", nod_rows, lambda f: f["mean_hu"], 2
    )
    yield from finding_rank(
        "pneumothorax detections: the {n} our model rated with highest confidence",
        _rows("pneumothorax"),
        lambda f: -f["confidence"],
        4,
    )
    yield from finding_rank(
        "the {n} nodules with the largest volumne", nod_rows, lambda f: -f["volume_mm3"], 3
    )
    yield from finding_top(fam, "the mass with the largest diameter", _rows("mass"), d)
    yield from finding_rank(
        "ranking request - {n} largest pure ground-glass nodules measured by diameter",
        _rows("nodule", att("ground-glass")),
        lambda f: -f[d],
        5,
    )
    gg = Counter(s["patient_id"] for s in studies() for _ in nods(s, att("ground-glass")))
    got = _ranked(_patient_rows(lambda p: gg[p]), lambda r: r["k"], "patient_id", 1)
    if got is not None and got[0] == 1:
        yield _q(fam, "single pt carrying the highest ggn count in our records", "patient", got[1])
    yield from finding_rank(
        "nodules ranked by long axis, top {n}", nod_rows, lambda f: -f["long_axis_mm"], 4
    )
    yield from finding_rank(
        "{n} part-solid nodules with the largest solid component",
        _rows("nodule", att("part-solid")),
        lambda f: -f["solid_component_mm"],
        5,
    )
    yield from finding_rank(
        "tiniest {n} psns going by measured volume",
        _rows("nodule", att("part-solid")),
        lambda f: f["volume_mm3"],
        3,
    )
    yield from finding_rank(
        "Could you find the {n} spiculated nodules with the smallest volume? Thanks",
        _rows("nodule", margin("spiculated")),
        lambda f: f["volume_mm3"],
        3,
    )


def stats(rng: random.Random) -> Rows:
    fam = "aggregates"
    d = "diameter_mm"
    yield from ask(
        fam,
        "for solid-attenuation nodules, the arithmetic mean diameter please",
        "value",
        _mean(_rows("nodule", att("solid")), d),
    )
    yield from ask(
        fam,
        "ggn volume, meidan, mm3",
        "value",
        _median(_rows("nodule", att("ground-glass")), "volume_mm3"),
    )
    yield from ask(
        fam,
        "mean hu of part-solid nodlues",
        "value",
        _mean(_rows("nodule", att("part-solid")), "mean_hu"),
    )
    yield from ask(
        fam,
        "Hello, what is the average confidence of the pneumothorax findings? Many thanks, Ines",
        "value",
        _mean(_rows("pneumothorax"), "confidence"),
    )
    yield from ask(
        fam,
        "average long axis of masses in cm",
        "value",
        _mean(_rows("mass"), "long_axis_mm", 10),
    )
    yield from ask(
        fam,
        "median mm of the solid comp across all psn findings",
        "value",
        _median(_rows("nodule", att("part-solid")), "solid_component_mm"),
    )
    ld = [s for s in studies() if ldct(s)]
    yield from ask(
        fam,
        "on each screening ct we read, avg # nods seen",
        "value",
        sum(len(nods(s)) for s in ld) / len(ld),
    )
    cand = [
        (
            y,
            sum(1 for p in pats() if p["birth_date"][:4] == str(y) and p["sex"] == "F"),
            sum(1 for p in pats() if p["birth_date"][:4] == str(y)),
        )
        for y in range(1950, 1970)
    ]
    got = _first_share(cand)
    if got is not None:
        yield from ask(
            fam,
            f"% of pts born in {got[0]} who are female",
            "value",
            got[1],
        )
    nr = _rows("nodule")
    cand = [
        (a, sum(1 for f in nr if f["attenuation"] == a), len(nr))
        for a in ("part-solid", "ground-glass", "solid")
    ]
    got = _first_share(cand)
    if got is not None:
        yield from ask(fam, f"% of nodules that are {got[0]}", "value", got[1])
    cand = [
        (y, len(sids(in_year(y), at_station("CT01"))), len(sids(in_year(y))))
        for y in (2025, 2024, 2023, 2026)
    ]
    got = _first_share(cand)
    if got is not None:
        yield from ask(
            fam,
            f"Hi, what share of {got[0]} studies were done at CT01? Thanks, Lena",
            "value",
            got[1],
        )
    hc = [s for s in studies() if head_ct(s)]
    value = _share(sum(1 for s in hc if kind("intracranial_hemorrhage")(s)), len(hc))
    if value is not None:
        yield from ask(
            fam, "what percent of head cts show an intracranial hemorrhage", "value", value
        )
    ages: dict[str, int] = {}
    for s in studies():
        if kind("mass")(s):
            ages[s["patient_id"]] = ref.age(s)
    yield from ask(
        fam,
        "what is the median age of people who have had a mass",
        "value",
        median_of([float(a) for a in ages.values()]),
    )
    yield from ask(
        fam,
        "average volume of nodules over ten millimetres in cc",
        "value",
        _mean(_rows("nodule", gt(d, 10)), "volume_mm3", 1000),
    )
    yield from ask(
        fam,
        "how many nodules of each attenuation type",
        "groups",
        _groups(nr, lambda f: f["attenuation"]),
    )
    chest_pat = pids(chest_ct)
    yield from ask(
        fam,
        "typically, how many chest CTs does one patient undergo, on average",
        "value",
        sum(1 for s in studies() if chest_ct(s)) / len(chest_pat),
    )
    yield from ask(
        fam,
        "average short axis of ground glass nodules",
        "value",
        _mean(_rows("nodule", att("ground-glass")), "short_axis_mm"),
    )
    yield from ask(
        fam,
        "median hu of solid nodules seen in 2025",
        "value",
        _median(_rows("nodule", att("solid"), where=in_year(2025)), "mean_hu"),
    )
    yield from ask(
        fam,
        "calcified nods: avg diamter",
        "value",
        _mean(_rows("nodule", calcified), d),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield from ask(
        fam, "reports that mention emphysema, which exams", "study", sids(says("emphysema"))
    )
    yield from ask(
        fam,
        "Which patients have emphysema described in a report from 2024?",
        "patient",
        pids(says("emphysema"), in_year(2024)),
    )
    yield from ask(
        fam,
        "Q3 2025 screening cts w/o emphysema",
        "study",
        sids(ldct, quarter(2025, 3), neg(says("emphysema"))),
    )
    yield from ask(
        fam,
        "reports negative for lymphadenopathy, ct angios only",
        "study",
        sids(cta, denies("lymphadenopathy")) or None,
    )
    yield from ask(
        fam,
        "which people have coronary artery calcification noted on a report",
        "patient",
        pids(says("coronary")),
    )
    yield from ask(
        fam,
        "exams where the report describes emphysema and the exam also has a spiculated nodule",
        "study",
        sids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "count the reports in which lymphadenopahty is mentioned",
        "count",
        len(sids(says("lymphadenopathy"))),
    )
    yield from ask(
        fam,
        "individuals whose reports never once documented w emphysema",
        "patient",
        _never(says("emphysema")),
    )
    yield from ask(
        fam,
        "exams that show either emphysema or a mass",
        "study",
        sids(either(says("emphysema"), kind("mass"))),
    )
    yield from ask(
        fam,
        "Dear colleagues, I need the women whose reports document coronary artery "
        "calcification. Kind regards, Dr Okafor",
        "patient",
        pids(sex_is("F"), says("coronary")),
    )
    yield from ask(
        fam,
        "low dose cts from 2025 where the report says no emphysema",
        "study",
        sids(ldct, in_year(2025), denies("emphysema")),
    )
    yield from ask(
        fam,
        "emphysma on ldcts at CT02 in 2023",
        "study",
        sids(ldct, at_station("CT02"), in_year(2023), says("emphysema")),
    )
    yield from ask(
        fam,
        "number of chest cts where the report says coronary artery calcification",
        "count",
        len(sids(chest_ct, says("coronary"))),
    )
    yield from ask(
        fam,
        "male pts whose reports describe lymphadenopathy",
        "patient",
        pids(sex_is("M"), says("lymphadenopathy")),
    )
    yield from ask(
        fam,
        "studies whose reports are negative for emphysema and show a ggn over 10 mm",
        "study",
        sids(denies("emphysema"), nod(att("ground-glass"), gt("diameter_mm", 10))),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    g = grew_readings()
    yield from ask(
        fam,
        "exams on which a nodule had grown since the prior",
        "study",
        *[sids(fstudy(x)) for x in g],
    )
    g3 = grew_readings(3.0)
    yield from ask(
        fam,
        "Dear colleague, could you list the patients with a nodule that grew more than 3 mm? "
        "Regards, Paul",
        "patient",
        *[pids(fstudy(x)) for x in g3],
    )
    yield from ask(
        fam,
        "which exams performed during 2024 demonstrate a new nodule",
        "study",
        *[sids(in_year(2024), fstudy(new(m))) for m in (False, True)],
    )
    st = [stable(r, m) for r in (False, True) for m in (False, True)]
    yield from ask(
        fam,
        "stabel right upper lobe nodules",
        "study",
        *[sids(fstudy(x, in_lobe("RUL"))) for x in st],
    )
    yield from ask(
        fam,
        "Which patients have a growing ground-glass nodule?",
        "patient",
        *[pids(fstudy(x, att("ground-glass"))) for x in g],
    )
    yield from ask(
        fam,
        "exams demonstrating new nodules, excluding masses: what is the count",
        "count",
        len(sids(fstudy(new(False)))),
    )
    g2 = grew_readings(2.0, inclusive=True)
    yield from ask(
        fam,
        "nodules growing by at least 2 mm, list the findings",
        "finding",
        *[fids(x) for x in g2],
    )
    yield from ask(
        fam,
        "In how many pts did no nodule ever grow over follow-up?",
        "count",
        *[len(_never(fstudy(x))) for x in g],
    )
    yield from ask(
        fam,
        "new part-solid nodules, which patients",
        "patient",
        *[pids(fstudy(new(m), att("part-solid"))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "stable solid nodules on ldcts at ct02",
        "study",
        *[sids(ldct, at_station("CT02"), fstudy(x, att("solid"))) for x in st],
    )
    g4 = grew_readings(4.0, inclusive=True)
    yield from ask(
        fam,
        "4 mm or more of interval growth",
        "study",
        *[sids(fstudy(x)) for x in g4],
    )
    yield from ask(
        fam,
        "first quarter 2025 exams demonstrating new nodules, not masses",
        "study",
        sids(quarter(2025, 1), fstudy(new(False))),
    )
    yield from ask(
        fam,
        "findings that grew since the previous scan in 2026",
        "finding",
        *[fids(x, where=in_year(2026)) for x in g],
    )
    yield from ask(
        fam,
        "women with a grwoing nodule",
        "patient",
        *[pids(sex_is("F"), fstudy(x)) for x in g],
    )
    yield from ask(
        fam,
        "spiculated nodules that grew, patients",
        "patient",
        *[pids(fstudy(x, margin("spiculated"))) for x in g],
    )


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    yield from ask(
        fam,
        "women over seventy five with an ldct",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) > 75), ldct),
    )
    yield from ask(
        fam,
        "men aged 55-60 with a ggn",
        "patient",
        *aged(both_(sex_is("M"), lambda s: 55 <= ref.age(s) <= 60), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "how many femal patients do we have",
        "count",
        sum(1 for p in pats() if p["sex"] == "F"),
    )
    yield from ask(
        fam,
        "individuals whose gender field is recorded as other",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        fam,
        "pleural effusion in a sexagenarian - which pts",
        "patient",
        *aged(lambda s: 60 <= ref.age(s) <= 69, kind("pleural_effusion")),
    )
    yield from ask(
        fam,
        "pts in their 40s who underwent a chest ct",
        "patient",
        *aged(lambda s: 40 <= ref.age(s) <= 49, chest_ct),
    )
    ptx_pats = pids(kind("pneumothorax"))
    yield from ask(
        fam,
        "pneumothorax pts split by sex",
        "groups",
        _groups(ptx_pats, lambda p: ref.cohort()[0][p]["sex"]),
    )
    yield from ask(
        fam,
        "Which patients were younger than 45 at the time of a head CT?",
        "patient",
        pids(head_ct, lambda s: ref.age(s) < 45),
    )
    yield from ask(
        fam,
        "Hi, quick one: how many men had a head CT? Thanks, Bea",
        "count",
        len(pids(sex_is("M"), head_ct)),
    )
    yield from ask(
        fam,
        "studies of women aged 80 or older",
        "study",
        sids(sex_is("F"), lambda s: ref.age(s) >= 80),
    )
    yield from ask(
        fam,
        "octogenarian men with a calcified nodule",
        "patient",
        *aged(both_(sex_is("M"), lambda s: 80 <= ref.age(s) <= 89), nod(calcified)),
    )
    yield from ask(
        fam,
        "female pts 45 to 50 w spiculated nodules",
        "patient",
        *aged(both_(sex_is("F"), lambda s: 45 <= ref.age(s) <= 50), nod(margin("spiculated"))),
    )
    ages: dict[str, int] = {}
    for s in studies():
        if kind("pneumothorax")(s):
            ages[s["patient_id"]] = ref.age(s)
    yield from ask(
        fam,
        "what was the average age of people with a pneumothorax",
        "value",
        mean_of([float(a) for a in ages.values()]),
    )
    sp = sorted({s["patient_id"] for s in studies() if nod(margin("spiculated"))(s)})
    yield from ask(
        fam,
        "spiculated nodule patients: counts for each sex",
        "groups",
        _groups(sp, lambda p: ref.cohort()[0][p]["sex"]),
    )
    yield from ask(
        fam,
        "pateints over 75 with a mass or a nodule over 20 mm",
        "patient",
        *aged(
            lambda s: ref.age(s) > 75,
            lambda s: kind("mass")(s) or nod(gt("diameter_mm", 20))(s),
        ),
        *aged(lambda s: ref.age(s) > 75, lesion(gt("diameter_mm", 20))),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield from ask(
        fam, "everything done on DX01 during 2025", "study", sids(at_station("DX01"), in_year(2025))
    )
    yield from ask(
        fam,
        "how many ct angiograms were done at CT01",
        "count",
        len(sids(cta, at_station("CT01"))),
    )
    yield from ask(
        fam, "exam counts by staion", "groups", _groups(studies(), lambda s: s["station"])
    )
    yield from ask(
        fam,
        "number of studies per modality in 2024",
        "groups",
        _groups([s for s in studies() if in_year(2024)(s)], lambda s: s["modality"]),
    )
    yield from ask(
        fam,
        "count of chest cts with contrast in 2024",
        "count",
        len(sids(with_contrast, in_year(2024))),
    )
    yield from ask(
        fam,
        "non contrast chest cts with a nodule over 8 mm",
        "study",
        sids(non_contrast_chest, nod(gt("diameter_mm", 8))),
    )
    yield from ask(
        fam,
        "Morning! Which chest radiographs show a pneumothorax? Ta, Kev",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield from ask(
        fam,
        "2026 imaging volume split by body part examined",
        "groups",
        _groups([s for s in studies() if in_year(2026)(s)], lambda s: s["body_part"]),
    )
    yield from ask(
        fam,
        "head cts with an intracranial hemorrhage at CT02",
        "study",
        sids(head_ct, at_station("CT02"), kind("intracranial_hemorrhage")),
    )
    yield from ask(
        fam,
        "ldct count per station for Q3 2025",
        "groups",
        _groups([s for s in studies() if ldct(s) and quarter(2025, 3)(s)], lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "exams with description 'CT CHEST W CONTRAST' from march 2023",
        "study",
        sids(with_contrast, dated("2023-03-01", "2023-03-31")),
    )
    yield from ask(
        fam,
        "pleural effusion seen on a ctpa - list exams",
        "study",
        sids(cta, kind("pleural_effusion")),
    )
    yield from ask(
        fam,
        "see tee oh one head cts in twenty twenty three",
        "study",
        sids(head_ct, at_station("CT01"), in_year(2023)),
    )
    yield from ask(
        fam,
        "Hello team, how many studies did the DX01 room perform in the first quarter of 2026? "
        "Thank you, Sam",
        "count",
        len(sids(at_station("DX01"), quarter(2026, 1))),
    )
    yield from ask(
        fam,
        "consolidaton on diagnostic (non-screening) chest cts",
        "study",
        sids(chest_ct, neg(ldct), kind("consolidation")),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    d = "diameter_mm"
    yield from ask(
        fam,
        "nodules in the right middle lobe over twelve millimetres",
        "study",
        sids(nod(in_lobe("RML"), gt(d, 12))),
    )
    yield from ask(
        fam,
        "LLL ggns at CT01",
        "study",
        sids(at_station("CT01"), nod(in_lobe("LLL"), att("ground-glass"))),
    )
    yield from ask(
        fam,
        "Hello, could I have the nodule count by lobe please? Best regards, Hana",
        "groups",
        _groups(_rows("nodule"), lambda f: f["lobe"]),
    )
    yield from ask(
        fam,
        "Which patients have a spiculated nodule in the left uper lobe?",
        "patient",
        pids(nod(in_lobe("LUL"), margin("spiculated"))),
    )
    yield from ask(
        fam,
        "nodules in the RUL or RLL over 20 mm",
        "study",
        sids(nod(in_lobe("RUL", "RLL"), gt(d, 20))),
    )
    nr = _rows("nodule", in_lobe("RUL", "LUL"))
    yield from ask(
        fam,
        "how many nodules in the RUL versus the LUL",
        "groups",
        _groups(nr, lambda f: f["lobe"]),
    )
    yield from ask(
        fam,
        "how many part-solid nodule findings are in the LLL",
        "count",
        len(_rows("nodule", att("part-solid"), in_lobe("LLL"))),
    )
    yield from ask(
        fam,
        "ldcts whose only nodules were in the RML",
        "study",
        sids(ldct, nod(in_lobe("RML")), neg(nod(in_lobe("RUL", "RLL", "LUL", "LLL")))),
    )
    yield from ask(
        fam,
        "studies with nodules in both lungs in 2026",
        "study",
        sids(in_year(2026), nod(in_lobe(*RIGHT)), nod(in_lobe(*LEFT))),
    )
    yield from ask(
        fam,
        "which pts have calcified nods in the left lower lobe",
        "patient",
        pids(nod(in_lobe("LLL"), calcified)),
    )
    yield from ask(
        fam,
        "mean diameter of RML nodules",
        "value",
        _mean(_rows("nodule", in_lobe("RML")), d),
    )
    yield from ask(
        fam,
        "nodules in the rigth upper lobe with a volume over 2500 mm3",
        "study",
        sids(nod(in_lobe("RUL"), gt("volume_mm3", 2500))),
    )
    yield from finding_top(
        fam, "the RML nodule with the largest volume", _rows("nodule", in_lobe("RML")), "volume_mm3"
    )
    yield from ask(
        fam,
        "Could you identify the patients with a part-solid nodule in the right lower lobe "
        "measuring at least 15 mm?",
        "patient",
        pids(nod(in_lobe("RLL"), att("part-solid"), ge(d, 15))),
    )
    yield from ask(
        fam,
        "lul lobulated nodules 2025",
        "study",
        sids(in_year(2025), nod(in_lobe("LUL"), margin("lobulated"))),
    )


def finding_top(fam: str, question: str, rows: list[Row], name: str) -> Rows:
    got = top(rows, lambda f: -f[name], 1, "finding_id")
    if got is None:
        LEFT_OUT.append(question)
        return
    yield _q(fam, question, "finding", got)


def features(rng: random.Random) -> Rows:
    fam = "features"
    d = "diameter_mm"
    yield from ask(
        fam,
        "Which studies have a spiculated nodule over 12 mm?",
        "study",
        sids(nod(margin("spiculated"), gt(d, 12))),
    )
    yield from ask(
        fam,
        "exams with a part-solid nodule that has lobulated margins",
        "study",
        sids(nod(margin("lobulated"), att("part-solid"))),
    )
    yield from ask(
        fam,
        "patients with a calcified nodule in 2023",
        "patient",
        pids(in_year(2023), nod(calcified)),
    )
    yield from ask(
        fam,
        "noncalcified solid nodules 18 mm or mroe",
        "study",
        sids(nod(uncalcified, att("solid"), ge(d, 18))),
    )
    yield from ask(
        fam,
        "smooth ggns over two centimeters",
        "study",
        sids(nod(margin("smooth"), att("ground-glass"), gt(d, 20))),
    )
    yield from ask(
        fam,
        "number of nodules for each margin type",
        "groups",
        _groups(_rows("nodule"), lambda f: f["margin"]),
    )
    yield from ask(
        fam,
        "subsolid nodules at CT01 in 2024",
        "study",
        sids(at_station("CT01"), in_year(2024), nod(subsolid)),
    )
    yield from ask(
        fam,
        "spiculated nodule findings: total how many",
        "count",
        len(_rows("nodule", margin("spiculated"))),
    )
    yield from ask(
        fam,
        "attenuation breakdown of nodules found in 2026",
        "groups",
        _groups(_rows("nodule", where=in_year(2026)), lambda f: f["attenuation"]),
    )
    yield from ask(
        fam,
        "which pts have smooth solid nods < 4mm",
        "patient",
        pids(nod(margin("smooth"), att("solid"), lt(d, 4))),
    )
    yield from ask(
        fam,
        "part solid nodules with a solid component under 3 mm",
        "study",
        sids(nod(att("part-solid"), lt("solid_component_mm", 3))),
    )
    yield from ask(
        fam,
        "Hi team, are there any spiculated masses? Please list the studies. Thanks, Olu",
        "study",
        sids(kind("mass", margin("spiculated"))),
    )
    yield from ask(
        fam,
        "2026 screening cts with calcifed nods",
        "study",
        sids(ldct, in_year(2026), nod(calcified)),
    )
    yield from ask(
        fam,
        "Dear all, could you tell me how many patients have had a lobulated ground-glass "
        "nodule? Best wishes, Anna",
        "count",
        len(pids(nod(margin("lobulated"), att("ground-glass")))),
    )
    yield from ask(
        fam,
        "among solid nodule findings, spiculated versus smooth margin, tally of each",
        "groups",
        _groups(
            _rows("nodule", att("solid"), lambda f: f["margin"] in ("spiculated", "smooth")),
            lambda f: f["margin"],
        ),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    many = [p["patient_id"] for p in pats() if len(_dates(p["patient_id"], ALL)) >= 3]
    p1 = pick(rng, many)
    yield from ask(
        fam,
        f"How many days passed between the first and latest study of patient {p1}?",
        "value",
        float(_span_days(p1, ALL) or 0),
    )
    ld = [p for p in many if len(_dates(p, ldct)) >= 2]
    p2 = pick(rng, ld)
    yield from ask(
        fam,
        f"{p2} f/u span first to latest ldct, in months",
        "value",
        (_span_days(p2, ldct) or 0) / 30.4375,
    )
    yield from ask(
        fam,
        "for low dose screening, mean gap in days between successive rounds of cts",
        "value",
        mean_of([float(x) for x in _gaps(ldct)]),
    )
    yield from ask(
        fam,
        "median months separating consecutive scans",
        "value",
        median_of([x / 30.4375 for x in _gaps(ALL)]),
    )
    yield from ask(
        fam,
        "patients followed for more than 36 montsh",
        "patient",
        _followed(36, False),
    )
    spans = [x / 365.25 for p in pids(kind("mass")) if (x := _span_days(p, chest_ct)) is not None]
    yield from ask(
        fam,
        "average follow-up in years from first to latest chest ct for patients with a mass",
        "value",
        mean_of(spans),
    )
    yield from ask(
        fam,
        "Dear all, which patients had a gap of more than 13 months between consecutive LDCTs? "
        "Kind regards, Noor",
        "patient",
        _gap_patients(13, ldct),
    )
    yield from ask(
        fam,
        "pts w at least thirty months between first and latest scan",
        "patient",
        _followed(30, True),
    )
    p3 = pick(rng, many)
    yield from ask(
        fam,
        f"{p3}: time in weeks from first to last study",
        "value",
        (_span_days(p3, ALL) or 0) / 7,
    )
    yield from ask(
        fam,
        "median days, first to latest ct angio",
        "value",
        median_of(
            [float(x) for p in pats() if (x := _span_days(p["patient_id"], cta)) is not None]
        ),
    )
    yield from ask(
        fam,
        "women followed for over 34 months",
        "patient",
        sorted(set(_followed(34, False)) & {p["patient_id"] for p in pats() if p["sex"] == "F"}),
    )
    yield from ask(
        fam,
        "Hi, what is the average number of days between consecutive chest CTs for patients "
        "with a spiculated nodule? Thanks, Jo",
        "value",
        mean_of(
            [
                float(days_between(a, b))
                for p in pids(nod(margin("spiculated")))
                for a, b in itertools.pairwise(_dates(p, chest_ct))
            ]
        ),
    )
    yield from ask(
        fam,
        "follow-up length in months measured from first ldct to last ldct, mean over pts",
        "value",
        mean_of(
            [x / 30.4375 for p in pats() if (x := _span_days(p["patient_id"], ldct)) is not None]
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
    print(len(items), "questions")
    print(Counter(i.family for i in items))
    print("LEFT_OUT:", LEFT_OUT)
