"""Held-out part 34 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as a held-out measurement of the question reader, blind to it: its author
read only issue 17, the cohort README and data files (``../shared/cohort``; ``dev_queries.jsonl``
only to see the data), the "Conventions" section of ``docs/query.md`` and its "Reports" section
up to "How well it reads", :mod:`question_bank` (``Item``, helpers, ``_matches``),
:mod:`cohort_reference`, :mod:`blind_reference` (imported here) and ``bank_fresh_24.py`` up to
the line that opens its families. The reader's code, ``appliance/``, the tests, and the other
parts' questions were not opened, and the engine was never run on these questions: they were
frozen (committed) before any was put to it. Texts were compared with ``dev_queries.jsonl``,
parts 22 to 33 (through their ``bank()``) and ``question_bank.bank()`` / ``ungated_bank()`` by a
throwaway script that printed only this part's matches (word for word after lower-casing and
dropping punctuation, or a word overlap of 75 % or more of the longer question): 86 matched
(20 word for word) and were reworded, 6 rewordings matched again and were reworded again, none
is left; :func:`bank` refuses a repeat within the part.

Families (225 questions): identifiers 17, dates 25, numbers 24, counts 18, set_logic 15,
lung_rads 20, rankings 12, aggregates 18, reports 13, growth 9, demographics 12, modality 18,
lobes 7, characteristics 12, intervals 5. Voices are mixed: terse radiologist shorthand (pts, w,
lr, ggn, ggo, psn, calc nods, ICH), nurses' full sentences, a screening coordinator's
Lung-RADS over time (went up, upgraded from 2 to 4x, latest LDCT category), a manager's counts per
station, month and quarter, a data scientist's ranges and medians, search-box keywords, numbers
spelt out as dictated ("twenty twenty four", "four and six millimetres") and questions pasted
inside e-mails. About one in five carries a hurried typist's slip (a misspelt word, a missing
space, no capitals or question mark); the expected answer is what it plainly means.

Parameters are drawn with :data:`SEED`. Where the Conventions leave a reading open the question
is asked only when the readings agree (:func:`ask`; ``LEFT_OUT`` is empty for this seed): the first
day of "the last N months"; an age with another condition on one study or each on some study; a
track that began as a mass counted or not as a new / stable / growing nodule, and a change taken
in floating point or to 0.1 mm; "followed for more than N months/years" as calendar months or
days. Drafts dropped or redrawn before freezing: rankings tied at the boundary (top findings by
confidence, the smallest nodules by volume), percentages not within 0.005 of a tenth (LDCTs among
studies, men among patients, calcified nodules), "ldcts repeated within N months" (none under 12;
12 and 13 disagree on the boundary day), and drafts whose answers were empty by accident. One
answer is empty on purpose (an unknown patient, P00999). Readings taken: "oldest" is the
earliest birth date; "densest" the highest mean HU; "pe ct", "ctpa", "ct angio" the CT ANGIO
CHEST PE studies; "chest x-ray", "DX", "xr chest pa and lateral" the DX studies; "hemorrhage" /
"ICH" / "bleed" an intracranial haemorrhage; "went up" a categorised study above the previous
categorised one; quoted descriptions are that description alone.
"""

from __future__ import annotations

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
    subsolid,
    top,
    uncalcified,
    went,
    went_from,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_34"
SEED = 3434

# Questions whose readings disagreed (or whose ranking tied at its boundary, or whose
# percentage was not within 0.005 of a tenth): filled while the bank is built.
LEFT_OUT: list[str] = []

DAY = "2024-07-21"

WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 10: "ten"}


def ask(family: str, question: str, unit: str, *readings: Any, as_of: str = AS_OF) -> Rows:
    """One question, asked only when every competing reading gives the same (defined) answer."""
    answer = agreed(*readings)
    if answer is None:
        LEFT_OUT.append(question)
        return
    yield Item(family, PART, question, unit, answer, as_of)


def _age(s: Row) -> int:
    return ref.age(s)


def _aged(lo: int, hi: int) -> Test:
    return lambda s: lo <= _age(s) <= hi


def _pat_sex(code: str) -> list[str]:
    return sorted(p["patient_id"] for p in pats() if p["sex"] == code)


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def _per_patient(test: Test, compare: Callable[[int], bool]) -> list[str]:
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


def _groups(key: Callable[[Row], Any], *tests: Test) -> list[tuple[Any, int]]:
    tally = Counter(key(s) for s in studies() if all(t(s) for t in tests))
    return sorted(tally.items(), key=lambda kv: str(kv[0]))


def _months_back(n: int) -> list[Test]:
    """'last n months': from the day n months back, or the day after it."""
    start = months_on(AS_OF, -n)
    return [dated(start, AS_OF), dated(shift(start, 1), AS_OF)]


def _fmean(rows: Sequence[Row], name: str) -> float:
    return mean_of([f[name] for f in rows if f.get(name) is not None])


def _fmedian(rows: Sequence[Row], name: str) -> float:
    return median_of([f[name] for f in rows if f.get(name) is not None])


def _neg_field(name: str) -> Callable[[Row], float]:
    return lambda f: -float(f[name])


def _draw_patients(rng: random.Random, n: int, fits: Callable[[str], bool]) -> list[str]:
    pool = [p["patient_id"] for p in pats() if fits(p["patient_id"])]
    rng.shuffle(pool)
    return pool[:n]


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    multi = _draw_patients(rng, 8, lambda p: len(own(p)) >= 3)
    a, b, c, d, e, f, g, h = multi
    yield from ask(
        fam, f"all imagng on file for {a}", "study", sorted(s["study_uid"] for s in own(a))
    )
    yield from ask(fam, f"how many exams has pt {b} had to date", "count", len(own(b)))
    yield from ask(fam, f"{c}: most recent study please", "study", [own(c)[-1]["study_uid"]])
    yield from ask(
        fam,
        f"Pull the very first study we have for patient {d}.",
        "study",
        [own(d)[0]["study_uid"]],
    )
    s1 = rng.choice([s for s in studies() if fo_count(s) >= 2])
    yield from ask(
        fam,
        f"findigns for study uid {s1['study_uid']}",
        "finding",
        fids(where=lambda s: s["study_uid"] == s1["study_uid"]),
    )
    s2 = rng.choice(studies())
    yield from ask(
        fam, f"who is the patient on accession {s2['accession']}?", "patient", [s2["patient_id"]]
    )
    s3, s4 = rng.sample(studies(), 2)
    yield from ask(
        fam,
        f"acc# {s3['accession']} and {s4['accession']} - list the studies",
        "study",
        sorted({s3["study_uid"], s4["study_uid"]}),
    )
    yield from ask(
        fam,
        f"Can you tell me which patient study {s2['study_uid']} belongs to",
        "patient",
        [s2["patient_id"]],
    )
    yield from ask(
        fam, f"nodules on {e}'s scans", "study", sids(lambda s: s["patient_id"] == e, nod())
    )
    yield from ask(fam, f"# of ldcts for {f}", "count", count(lambda s: s["patient_id"] == f, ldct))
    yield from ask(
        fam,
        f"latest chest ct for mrn {g}",
        "study",
        [[s for s in own(g) if chest_ct(s)][-1]["study_uid"]],
    )
    yield from ask(
        fam,
        f"studies on patients {g} and {h}",
        "study",
        sorted(s["study_uid"] for s in own(g) + own(h)),
    )
    yield from ask(fam, "any studies for P00999", "study", [])
    yield from ask(
        fam, f"pt {e} findings list", "finding", fids(where=lambda s: s["patient_id"] == e)
    )
    yield from ask(
        fam, f"first ct ever for {b}?", "study", [next(s for s in own(b) if any_ct(s))["study_uid"]]
    )
    yield from ask(
        fam,
        f"accesion {s3['accession']} nodule findings",
        "finding",
        fids(is_nodule, where=lambda s: s["study_uid"] == s3["study_uid"]),
    )


def fo_count(s: Row) -> int:
    return sum(1 for f in findings() if f["study_uid"] == s["study_uid"])


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    yield from ask(
        fam, "screening ldcts done during Q3 '24, list them", "study", sids(ldct, quarter(2024, 3))
    )
    yield from ask(
        fam,
        "How many studies were done in the fourth quarter of 2023?",
        "count",
        count(quarter(2023, 4)),
    )
    yield from ask(
        fam,
        "head cts from 1 july 2025 to 30 sept 2025",
        "study",
        sids(head_ct, dated("2025-07-01", "2025-09-30")),
    )
    yield from ask(
        fam, "chest xrays since may 2026", "study", sids(cxr, dated("2026-05-01", AS_OF))
    )
    for n in (5, 9):
        rs = _months_back(n)
        yield from ask(
            fam,
            f"scans with a mass in the last {WORDS.get(n, str(n))} months",
            "study",
            *[sids(r, kind("mass")) for r in rs],
        )
    yield from ask(
        fam,
        "patients born between 1950 and 1952 inclusve",
        "patient",
        born("1950-01-01", "1952-12-31"),
    )
    yield from ask(
        fam, "roster of pts w DOB prior to 1945", "patient", born("0001-01-01", "1944-12-31")
    )
    yield from ask(
        fam,
        "nodules found between 2024-02-10 and 2024-03-20",
        "study",
        sids(nod(), dated("2024-02-10", "2024-03-20")),
    )
    yield from ask(
        fam,
        "ct angios done sept 2023 thru feb 2024",
        "study",
        sids(cta, dated("2023-09-01", "2024-02-29")),
    )
    yield from ask(fam, "pe studies this year", "study", sids(cta, dated("2026-01-01", AS_OF)))
    yield from ask(
        fam, "how many low dose cts did we do last year", "count", count(ldct, in_year(2025))
    )
    yield from ask(
        fam, f"studies on {DAY[5:7]}/{DAY[8:]}/{DAY[:4]}", "study", sids(dated(DAY, DAY))
    )
    yield from ask(
        fam,
        "effusions beofre april 2023",
        "study",
        sids(kind("pleural_effusion"), dated("0001-01-01", "2023-03-31")),
    )
    yield from ask(
        fam,
        "low dose screening cts in H1 (first half) of 2026 please",
        "study",
        sids(ldct, dated("2026-01-01", "2026-06-30")),
    )
    yield from ask(fam, "who was born in the 1960s", "patient", born("1960-01-01", "1969-12-31"))
    yield from ask(fam, "studies from 2026-10-01 onward", "study", sids(dated("2026-10-01", AS_OF)))
    yield from ask(
        fam,
        "spiculatd nodules jan-mar 2025",
        "study",
        sids(nod(margin("spiculated")), dated("2025-01-01", "2025-03-31")),
    )
    yield from ask(
        fam,
        "which pts got imaged in 2023 as well as in 2026",
        "patient",
        history(each_on_some(in_year(2023), in_year(2026))),
    )
    yield from ask(
        fam, "head ct in dec 2024", "study", sids(head_ct, dated("2024-12-01", "2024-12-31"))
    )
    yield from ask(fam, "count of cxr in 2025 2nd quarter", "count", count(cxr, quarter(2025, 2)))
    yield from ask(
        fam,
        "female pts with a birth year of 1970 or later",
        "patient",
        sorted(set(born("1970-01-01", "2100-12-31")) & set(_pat_sex("F"))),
    )
    yield from ask(
        fam,
        "ldct studies between aug 2025 and octobre 2025",
        "study",
        sids(ldct, dated("2025-08-01", "2025-10-31")),
    )
    yield from ask(
        fam,
        "consolidaton seen on or after 2026-06-15",
        "study",
        sids(kind("consolidation"), dated("2026-06-15", AS_OF)),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield from ask(fam, "nodlues with mean hu under -700", "study", sids(nod(lt("mean_hu", -700))))
    yield from ask(
        fam, "nods btw -300 and -100 HU", "study", sids(nod(within("mean_hu", -300, -100)))
    )
    yield from ask(
        fam,
        "studies showing any nodule smaller than half a centimetre",
        "study",
        sids(nod(lt("diameter_mm", 5))),
    )
    yield from ask(
        fam, "nodules at least one point five cm", "study", sids(nod(ge("diameter_mm", 15)))
    )
    yield from ask(
        fam,
        "exams with a mass measuring >= 3.5 cm across",
        "study",
        sids(kind("mass", ge("diameter_mm", 35))),
    )
    yield from ask(
        fam,
        "find me scans where a nodule is 7mm to 9mm",
        "study",
        sids(nod(within("diameter_mm", 7, 9))),
    )
    yield from ask(
        fam,
        "list nodule findings whose detector confidence sits below .6",
        "finding",
        fids(is_nodule, lt("confidence", 0.6)),
    )
    yield from ask(
        fam,
        "every finding (any type) with model confidence of 0.95 or more",
        "finding",
        fids(ge("confidence", 0.95)),
    )
    yield from ask(fam, "noduels with volume over 2 cc", "study", sids(nod(gt("volume_mm3", 2000))))
    yield from ask(
        fam, "nodules 100 to 250 mm3 in volume", "study", sids(nod(within("volume_mm3", 100, 250)))
    )
    yield from ask(fam, "nodules with long axis >2cm", "study", sids(nod(gt("long_axis_mm", 20))))
    yield from ask(
        fam, "short axis of at most 4 mm - nodules", "study", sids(nod(le("short_axis_mm", 4)))
    )
    yield from ask(
        fam,
        "part solid nodules w solid component 6 mm or more",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield from ask(
        fam,
        "scans w a nodule betwen 0.8 cm and 1.2 cm in size",
        "study",
        sids(nod(within("diameter_mm", 8, 12))),
    )
    yield from ask(
        fam,
        "nodules measuring twelve millimetres or larger",
        "study",
        sids(nod(ge("diameter_mm", 12))),
    )
    yield from ask(
        fam, "nodule findings hu greater than 100", "finding", fids(is_nodule, gt("mean_hu", 100))
    )
    yield from ask(
        fam,
        "screening ldcts carrying a subcentimeter solid nodule",
        "study",
        sids(ldct, nod(att("solid"), lt("diameter_mm", 10))),
    )
    yield from ask(fam, "nodules 3.5mm and under", "study", sids(nod(le("diameter_mm", 3.5))))
    yield from ask(
        fam,
        "nodules at least 6mm and under 8mm",
        "study",
        sids(nod(ge("diameter_mm", 6), lt("diameter_mm", 8))),
    )
    yield from ask(
        fam,
        "effusions with confidence between 0.7 and 0.8",
        "study",
        sids(kind("pleural_effusion", within("confidence", 0.7, 0.8))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield from ask(
        fam,
        "ldcts where exactly three nodules were called",
        "study",
        sids(ldct, _n_nods(lambda k: k == 3)),
    )
    yield from ask(
        fam,
        "scans where only one nodule was reported by the detector",
        "study",
        sids(_n_nods(lambda k: k == 1)),
    )
    yield from ask(
        fam, "chest cts w 4 or more noduless", "study", sids(chest_ct, _n_nods(lambda k: k >= 4))
    )
    yield from ask(
        fam,
        "low-dose screening exams showing fewer than 2 nodules",
        "study",
        sids(ldct, _n_nods(lambda k: k < 2)),
    )
    yield from ask(
        fam,
        "tally of ldcts that had zero nodules, how many",
        "count",
        count(ldct, _n_nods(lambda k: k == 0)),
    )
    yield from ask(
        fam,
        "patients scaned at least three times",
        "patient",
        _per_patient(lambda s: True, lambda k: k >= 3),
    )
    yield from ask(
        fam,
        "pts who got just a single scan with us, ever",
        "patient",
        _per_patient(lambda s: True, lambda k: k == 1),
    )
    yield from ask(
        fam,
        "which patients have had at least 3 ldcts on record",
        "patient",
        _per_patient(ldct, lambda k: k >= 3),
    )
    yield from ask(
        fam,
        "patients who had more then one head ct",
        "patient",
        _per_patient(head_ct, lambda k: k > 1),
    )
    yield from ask(
        fam,
        "patients imaged with two or more chest x-rays over time",
        "patient",
        _per_patient(cxr, lambda k: k >= 2),
    )
    yield from ask(
        fam,
        "how many patients had 4+ scans",
        "count",
        len(_per_patient(lambda s: True, lambda k: k >= 4)),
    )
    yield from ask(
        fam,
        "more than two nodules on a single ct - which patients",
        "patient",
        pids(any_ct, _n_nods(lambda k: k > 2)),
    )
    for g in (2.0, 4.0):
        yield from ask(
            fam,
            f"interval nodule growth by more than {g:g} mm vs prior - the studies",
            "study",
            *[sids(fstudy(t)) for t in grew_readings(g)],
        )
    yield from ask(
        fam,
        "nodules w growth of at least 3mm - patients",
        "patient",
        *[pids(fstudy(t)) for t in grew_readings(3.0, True)],
    )
    yield from ask(
        fam,
        "exams carrying precisely 2 nodules, no more no fewer",
        "study",
        sids(_n_nods(lambda k: k == 2)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    yield from ask(
        fam,
        "patients with both a pneumothorax and a pleural effusion (any time)",
        "patient",
        history(each_on_some(kind("pneumothorax"), kind("pleural_effusion"))),
    )
    yield from ask(
        fam,
        "pts who had a head ct but never a chest ct",
        "patient",
        history(some_but_never(head_ct, chest_ct)),
    )
    yield from ask(
        fam,
        "individuals in whom we have never found a nodlue",
        "patient",
        history(lambda mine: not any(nod()(s) for s in mine)),
    )
    yield from ask(
        fam,
        "who had an ldct and never any spiculated nodule",
        "patient",
        history(some_but_never(ldct, nod(margin("spiculated")))),
    )
    yield from ask(
        fam,
        "consolidation plus a nodule together on one and the same scan: which pts",
        "patient",
        pids(nod(), kind("consolidation")),
    )
    yield from ask(
        fam,
        "patients with emphysema and also a calcified nodule at some point",
        "patient",
        history(each_on_some(says("emphysema"), nod(calcified))),
    )
    yield from ask(
        fam,
        "patients with a ct angio and a nodule at any time",
        "patient",
        history(each_on_some(cta, nod())),
    )
    yield from ask(
        fam, "never had a chest xray but had a pe ct", "patient", history(some_but_never(cta, cxr))
    )
    yield from ask(
        fam,
        "people who have never had a ldct done at all",
        "patient",
        history(lambda mine: not any(map(ldct, mine))),
    )
    yield from ask(
        fam,
        "pts that had a ground glass nodule yet never once a solid nodule",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield from ask(
        fam,
        "folks screened by ldct in 2024 and then again in 2025",
        "patient",
        history(each_on_some(both_(ldct, in_year(2024)), both_(ldct, in_year(2025)))),
    )
    yield from ask(
        fam,
        "patients with a hemorrhage or a pneumothorax",
        "patient",
        pids(lambda s: kind("intracranial_hemorrhage")(s) or kind("pneumothorax")(s)),
    )
    yield from ask(
        fam,
        "pts with a mass but no emphysema ever reported",
        "patient",
        history(some_but_never(kind("mass"), says("emphysema"))),
    )
    yield from ask(
        fam,
        "screening pts who have had both lr 2 and lr 4a scans in their history",
        "patient",
        history(each_on_some(cat_in("2"), cat_in("4A"))),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    yield from ask(
        fam, "ldcts read out as lr 3 (probably benign)", "study", sids(ldct, cat_in("3"))
    )
    yield from ask(
        fam,
        "over 2025, what studies landed on lung-rads 4b",
        "study",
        sids(cat_in("4B"), in_year(2025)),
    )
    yield from ask(fam, "scans lung rads 4a or above", "study", sids(cat_in("4A", "4B", "4X")))
    yield from ask(fam, "studies categorised below lungrads 3", "study", sids(cat_in("1", "2")))
    yield from ask(
        fam, "how many studies were assigned lr4x in total", "count", count(cat_in("4X"))
    )
    yield from ask(
        fam,
        "screening pts whose highest lung-rads across all exams was 3",
        "patient",
        history(lambda m: highest(m) == "3"),
    )
    yield from ask(
        fam, "patients with worst lr of 4b", "patient", history(lambda m: highest(m) == "4B")
    )
    yield from ask(
        fam,
        "for the screening audit: each lung-rads category and its ldct tally, year 2024",
        "groups",
        _groups(category, ldct, in_year(2024)),
    )
    yield from ask(
        fam,
        "number of lr 2 studies this yr",
        "count",
        count(cat_in("2"), dated("2026-01-01", AS_OF)),
    )
    yield from ask(
        fam, "patients ever lung rads 4 (any 4)", "patient", pids(cat_in("4A", "4B", "4X"))
    )
    yield from ask(
        fam, "lr 1 chest cts done at CT01", "study", sids(cat_in("1"), chest_ct, at_station("CT01"))
    )
    yield from ask(
        fam,
        "patients with an lr 3 but never anything higher",
        "patient",
        history(lambda m: highest(m) == "3"),
    )
    yield from ask(
        fam,
        "lung rads 2 or lower ldcts Q1 2026",
        "study",
        sids(ldct, cat_in("1", "2"), quarter(2026, 1)),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    nrows = nodule_rows()
    for n, field, word in ((3, "diameter_mm", "largest"), (4, "volume_mm3", "most voluminous")):
        yield from ask(
            fam,
            f"give me the {n} {word} nodules across the cohort",
            "finding",
            top(nrows, _neg_field(field), n, "finding_id"),
        )
    yield from ask(
        fam,
        "4 nodules w the lowest attenuation value in hu, lowest first",
        "finding",
        top(nrows, lambda f: f["mean_hu"], 4, "finding_id"),
    )
    yield from ask(
        fam,
        "our two oldest patients by birth date",
        "patient",
        top(pats(), lambda p: p["birth_date"], 2, "patient_id"),
    )
    yield from ask(
        fam,
        "most recent 3 head cts performed (by exam date)",
        "study",
        top(
            [s for s in studies() if head_ct(s)],
            lambda s: [-ord(c) for c in s["study_date"]],
            3,
            "study_uid",
        ),
    )
    yield from ask(
        fam,
        "which mass has the longest long axis",
        "finding",
        top(
            [f for f in findings() if f["kind"] == "mass"],
            lambda f: -f["long_axis_mm"],
            1,
            "finding_id",
        ),
    )
    yield from ask(
        fam,
        "the 3 nodules measuring the longest along the long axis",
        "finding",
        top(nrows, lambda f: -f["long_axis_mm"], 3, "finding_id"),
    )
    ps = [
        {"patient_id": p["patient_id"], "k": -sum(len(nods(s)) for s in own(p["patient_id"]))}
        for p in pats()
    ]
    yield from ask(
        fam,
        "single patient with the most nodules summed over all their scans",
        "patient",
        top(ps, lambda r: r["k"], 1, "patient_id"),
    )
    yield from ask(
        fam,
        "the 3 earliest ldcts",
        "study",
        top([s for s in studies() if ldct(s)], lambda s: s["study_date"], 3, "study_uid"),
    )
    ss = [
        f
        for f in nrows
        if f["attenuation"] == "part-solid" and f.get("solid_component_mm") is not None
    ]
    yield from ask(
        fam,
        "among part-solid nodules, the 3 whose solid component is largest",
        "finding",
        top(ss, lambda f: -f["solid_component_mm"], 3, "finding_id"),
    )
    yield from ask(
        fam,
        "three oldest women on file, by DOB",
        "patient",
        top([p for p in pats() if p["sex"] == "F"], lambda p: p["birth_date"], 3, "patient_id"),
    )
    yield from ask(
        fam,
        "the 2 densest massses",
        "finding",
        top(
            [f for f in findings() if f["kind"] == "mass"], lambda f: -f["mean_hu"], 2, "finding_id"
        ),
    )


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    nrows = nodule_rows()
    yield from ask(
        fam,
        "across the cohort what is avg nodule size in mm",
        "value",
        _fmean(nrows, "diameter_mm"),
    )
    yield from ask(
        fam, "nodule volume, the median, expressed in mm3", "value", _fmedian(nrows, "volume_mm3")
    )
    yield from ask(
        fam,
        "whats the mean HU for all ground-glass nodules together",
        "value",
        _fmean([f for f in nrows if f["attenuation"] == "ground-glass"], "mean_hu"),
    )
    yield from ask(
        fam,
        "average confidence of pneumothroax findings",
        "value",
        _fmean([f for f in findings() if f["kind"] == "pneumothorax"], "confidence"),
    )
    yield from ask(
        fam,
        "mean mass diameter",
        "value",
        _fmean([f for f in findings() if f["kind"] == "mass"], "diameter_mm"),
    )
    yield from ask(
        fam,
        "spiculated nodules: median long axis in millimetres",
        "value",
        _fmedian([f for f in nrows if f["margin"] == "spiculated"], "long_axis_mm"),
    )
    ld = [s for s in studies() if ldct(s)]
    yield from ask(
        fam,
        "on average how many nodules does an ldct carry",
        "value",
        mean_of([len(nods(s)) for s in ld]),
    )
    yield from ask(
        fam,
        "what % of 2023 studies were chest xrays",
        "value",
        pct(count(cxr, in_year(2023)), count(in_year(2023))),
    )
    yield from ask(
        fam, "what percentage of patients have sex O", "value", pct(len(_pat_sex("O")), len(pats()))
    )
    yield from ask(
        fam,
        "% of 2026 ldcts that were lr 1",
        "value",
        pct(count(ldct, in_year(2026), cat_in("1")), count(ldct, in_year(2026))),
    )
    yield from ask(
        fam,
        "what share (%) of chest cts were acquired at ct02",
        "value",
        pct(count(chest_ct, at_station("CT02")), count(chest_ct)),
    )
    yield from ask(
        fam,
        "mean solid component of part solid nods",
        "value",
        _fmean([f for f in nrows if f["attenuation"] == "part-solid"], "solid_component_mm"),
    )
    yield from ask(
        fam,
        "exam volume broken down per station (all time)",
        "groups",
        _groups(lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "for calcified nodules, give the median short axis",
        "value",
        _fmedian([f for f in nrows if f["calcified"]], "short_axis_mm"),
    )
    yield from ask(
        fam,
        "chest x-rays as a percent of all studies ever done",
        "value",
        pct(count(cxr), len(studies())),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield from ask(fam, "reports mentioning emphysema", "study", sids(says("emphysema")))
    yield from ask(
        fam,
        "which exams were read negative for lymphadenopthy",
        "study",
        sids(denies("lymphadenopathy")),
    )
    yield from ask(
        fam,
        "ldct exams where the radiologist wrote up coronary artery calcification",
        "study",
        sids(ldct, says("coronary")),
    )
    yield from ask(
        fam, "pts w emphysema called on a report at some point", "patient", pids(says("emphysema"))
    )
    yield from ask(
        fam,
        "how many radiology reports explicitly say no emphysema",
        "count",
        count(denies("emphysema")),
    )
    yield from ask(
        fam,
        "ldcts w/o lymphadenopathy (report states none)",
        "study",
        sids(ldct, denies("lymphadenopathy")),
    )
    yield from ask(fam, "granuloma in report - which studies", "study", sids(says("granuloma")))
    yield from ask(
        fam,
        "patients never reported with coronary calcificaiton",
        "patient",
        history(lambda m: not any(map(says("coronary"), m))),
    )
    yield from ask(
        fam,
        "study reporting emphysema that also has a spiculated nodule",
        "study",
        sids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "lymphadenopathy in 2025 reports",
        "study",
        sids(says("lymphadenopathy"), in_year(2025)),
    )
    yield from ask(
        fam,
        "studies with enlarged lymph nodes and a mass",
        "study",
        sids(says("lymphadenopathy"), kind("mass")),
    )
    yield from ask(
        fam,
        "coronary calcs on CT01 scans, count",
        "count",
        count(says("coronary"), at_station("CT01")),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    yield from ask(
        fam,
        "scans w interval growth of any nodule",
        "study",
        *[sids(fstudy(t)) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "pts having a nodule that grew, as seen on a 2025 scan",
        "patient",
        *[pids(in_year(2025), fstudy(t)) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "scans during 2026 where a new nodule turned up",
        "study",
        *[sids(in_year(2026), fstudy(new(m))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "scans with a nodule in the RML that stayed stable since prior",
        "study",
        *[sids(fstudy(stable(r, m), in_lobe("RML"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "over calendar 2024, how many ldcts showed a new nodule",
        "count",
        *[count(ldct, in_year(2024), fstudy(new(m))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "patients with a new part-solid nodule in 2025",
        "patient",
        *[pids(in_year(2025), fstudy(new(m), att("part-solid"))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "nodule findings that increased in size",
        "finding",
        *[fids(is_nodule, t) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "grew solid nodules - which pts",
        "patient",
        *[pids(fstudy(t, att("solid"))) for t in grew_readings()],
    )


def demographics(rng: random.Random) -> Rows:
    fam = "demographics"
    yield from ask(fam, "femal patients", "patient", _pat_sex("F"))
    yield from ask(fam, "male headcount - how many guys are enrolled", "count", len(_pat_sex("M")))
    yield from ask(fam, "patients registered as sex O (other)", "patient", _pat_sex("O"))
    yield from ask(
        fam,
        "women over 70 with a nodule",
        "patient",
        *aged(both_(sex_is("F"), lambda s: _age(s) > 70), nod()),
    )
    yield from ask(
        fam, "men 55-65 w ldct", "patient", *aged(both_(sex_is("M"), _aged(55, 65)), ldct)
    )
    yield from ask(
        fam,
        "head ct pts who were in their 40s at the time",
        "patient",
        *aged(_aged(40, 49), head_ct),
    )
    yield from ask(fam, "ldcts in pts under55", "study", sids(ldct, lambda s: _age(s) < 55))
    yield from ask(
        fam,
        "women 80 and older with a chest x-ray",
        "patient",
        *aged(both_(sex_is("F"), lambda s: _age(s) >= 80), cxr),
    )
    yield from ask(fam, "male pts w masses", "patient", pids(sex_is("M"), kind("mass")))
    yield from ask(
        fam,
        "count the ldcts done on female patients in 2024",
        "count",
        count(sex_is("F"), ldct, in_year(2024)),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield from ask(fam, "all DX studies", "study", sids(cxr))
    yield from ask(
        fam,
        "CT HEAD W/O CONTRAST exams acquired on scanner CT02",
        "study",
        sids(head_ct, at_station("CT02")),
    )
    yield from ask(fam, "how many scans at station CT01", "count", count(at_station("CT01")))
    yield from ask(
        fam,
        "pleural efusion seen on ctpas - the studies",
        "study",
        sids(cta, kind("pleural_effusion")),
    )
    yield from ask(fam, "overall number of head cts we have performed", "count", count(head_ct))
    yield from ask(
        fam,
        "nodule present on a 'CT CHEST W CONTRAST' exam: list those exams",
        "study",
        sids(lambda s: s["description"] == "CT CHEST W CONTRAST", nod()),
    )
    yield from ask(
        fam, "xr chest pa and lateral with pneumothorax", "study", sids(cxr, kind("pneumothorax"))
    )
    yield from ask(
        fam,
        "ldcts performed on CT02 in 2023",
        "study",
        sids(ldct, at_station("CT02"), in_year(2023)),
    )
    yield from ask(
        fam, "studies per station in 2025", "groups", _groups(lambda s: s["station"], in_year(2025))
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield from ask(fam, "scans with nodules located in the RUL", "study", sids(nod(in_lobe("RUL"))))
    yield from ask(
        fam,
        "left lower lobe: nodules over 8 mm, which scans",
        "study",
        sids(nod(in_lobe("LLL"), gt("diameter_mm", 8))),
    )
    yield from ask(fam, "rigth middle lobe masses", "study", sids(kind("mass", in_lobe("RML"))))
    yield from ask(
        fam, "lul or rll nodule findings", "finding", fids(is_nodule, in_lobe("LUL", "RLL"))
    )
    yield from ask(
        fam,
        "number of nodule findings sitting in the RLL",
        "count",
        len(fids(is_nodule, in_lobe("RLL"))),
    )
    yield from ask(
        fam,
        "pts carrying a lesion (nodule or mass) in the left upper lobe",
        "patient",
        pids(lesion(in_lobe("LUL"))),
    )


def characteristics(rng: random.Random) -> Rows:
    fam = "characteristics"
    yield from ask(fam, "ggns on any scan", "study", sids(nod(att("ground-glass"))))
    yield from ask(
        fam,
        "studies w part-solid nodules > 6mm in diameter",
        "study",
        sids(nod(att("part-solid"), gt("diameter_mm", 6))),
    )
    yield from ask(fam, "lobulated nodules", "study", sids(nod(margin("lobulated"))))
    yield from ask(
        fam,
        "women who have calcified nodules on a scan",
        "patient",
        pids(sex_is("F"), nod(calcified)),
    )
    yield from ask(
        fam,
        "noncalcified solid nodules 8 mm or biger",
        "study",
        sids(nod(uncalcified, att("solid"), ge("diameter_mm", 8))),
    )
    yield from ask(fam, "search: subsolid nodules (studies)", "study", sids(nod(subsolid)))
    yield from ask(
        fam,
        "smooth margin nodule findings in the RUL",
        "finding",
        fids(is_nodule, margin("smooth"), in_lobe("RUL")),
    )
    yield from ask(
        fam,
        "scans showing masses with spiculated margins",
        "study",
        sids(kind("mass", margin("spiculated"))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    p = _draw_patients(rng, 1, lambda x: sum(1 for s in own(x) if ldct(s)) >= 3)[0]
    mine = [s for s in own(p) if ldct(s)]
    yield from ask(
        fam,
        f"for {p}, how many days separate the first and last ldct",
        "value",
        float(days_between(mine[0]["study_date"], mine[-1]["study_date"])),
    )
    spans = [
        history(lambda m: days_between(m[0]["study_date"], m[-1]["study_date"]) > 730),
        history(lambda m: m[-1]["study_date"] > months_on(m[0]["study_date"], 24)),
    ]
    yield from ask(
        fam, "patients followed for more than 2 years (first to latest scan)", "patient", *spans
    )


def styles(rng: random.Random) -> Rows:
    """Questions in the voices of the brief: coordinator, manager, data scientist, search box,
    dictation and e-mail (each under the family of what it asks)."""
    yield from ask(
        "lung_rads",
        "pts whose lung-rads went up from one study to the next",
        "patient",
        pids(went(1)),
    )
    yield from ask(
        "lung_rads",
        "ldcts upgraded from lr 2 to lr 4x",
        "study",
        sids(ldct, went_from("2", ("4X",))),
    )
    latest_4a = history(lambda m: [category(s) for s in m if ldct(s)][-1:] == ["4A"])
    yield from ask(
        "lung_rads",
        "screening pts with lung rads 4A at their most recent ldct",
        "patient",
        latest_4a,
    )
    yield from ask(
        "lung_rads",
        "How many screening CTs came back Lung-RADS 2 in Q2 2025?",
        "count",
        count(ldct, cat_in("2"), quarter(2025, 2)),
    )
    yield from ask("lung_rads", "lr4a ldcts '25", "study", sids(ldct, cat_in("4A"), in_year(2025)))
    yield from ask(
        "modality",
        "scanner ct02 workload for march 2026: exams done",
        "count",
        count(at_station("CT02"), dated("2026-03-01", "2026-03-31")),
    )
    yield from ask(
        "modality",
        "how many exams did dx01 acquire in 2024",
        "count",
        count(at_station("DX01"), in_year(2024)),
    )
    yield from ask(
        "demographics",
        "how many distinct patients were scanned in 2025",
        "count",
        len(pids(in_year(2025))),
    )
    yield from ask(
        "modality",
        "studies per station Q4 2025",
        "groups",
        _groups(lambda s: s["station"], quarter(2025, 4)),
    )
    yield from ask(
        "modality",
        "How many PE CTs were done on CT01 in the first quarter of 2026",
        "count",
        count(cta, at_station("CT01"), quarter(2026, 1)),
    )
    yield from ask(
        "numbers",
        "nodules > 4 mm and <= 6 mm diameter",
        "study",
        sids(nod(gt("diameter_mm", 4), le("diameter_mm", 6))),
    )
    yield from ask(
        "aggregates",
        "average volume in mm3 of nodules 8 to 10 mm",
        "value",
        _fmean(nodule_rows(within("diameter_mm", 8, 10)), "volume_mm3"),
    )
    yield from ask(
        "aggregates",
        "mean nodule diamter on 2025 ldcts",
        "value",
        _fmean(nodule_rows(where=both_(ldct, in_year(2025))), "diameter_mm"),
    )
    yield from ask(
        "aggregates",
        "typical (median) exam count a patient racks up",
        "value",
        median_of([len(own(p["patient_id"])) for p in pats()]),
    )
    yield from ask(
        "characteristics",
        "spiculated nodule RUL",
        "study",
        sids(nod(margin("spiculated"), in_lobe("RUL"))),
    )
    yield from ask("reports", "emphysema 2024", "study", sids(says("emphysema"), in_year(2024)))
    yield from ask("lobes", "ggo lll", "study", sids(nod(att("ground-glass"), in_lobe("LLL"))))
    yield from ask(
        "modality", "pneumothorax CT01", "study", sids(kind("pneumothorax"), at_station("CT01"))
    )
    yield from ask(
        "modality",
        "keyword search intracranial bleed hemorrhage on head ct",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield from ask(
        "numbers",
        "show me nodules larger than eight millimeters on low dose scans from twenty twenty four",
        "study",
        sids(ldct, in_year(2024), nod(gt("diameter_mm", 8))),
    )
    yield from ask(
        "demographics",
        "patients over sixty with a mass",
        "patient",
        *aged(lambda s: _age(s) > 60, kind("mass")),
    )
    yield from ask(
        "numbers",
        "studies with nodules measuring between four and six millimetres",
        "study",
        sids(nod(within("diameter_mm", 4, 6))),
    )
    yield from ask(
        "counts", "studies with three or more nodules", "study", sids(_n_nods(lambda k: k >= 3))
    )
    yield from ask(
        "dates",
        "how many head CTs in two thousand twenty five",
        "count",
        count(head_ct, in_year(2025)),
    )
    yield from ask(
        "numbers",
        "Hi team, could you send me the list of patients with a part-solid nodule"
        " over 8 mm in 2025? Thanks, Anna",
        "patient",
        pids(in_year(2025), nod(att("part-solid"), gt("diameter_mm", 8))),
    )
    yield from ask(
        "modality",
        "Hello - for the audit I need the number of CT angiograms done in 2024. Many thanks",
        "count",
        count(cta, in_year(2024)),
    )
    yield from ask(
        "modality",
        "Dear all, which patients had a pneumothorax on a chest x-ray? Best, J.",
        "patient",
        pids(cxr, kind("pneumothorax")),
    )
    yield from ask(
        "lung_rads",
        "Quick one: how many ldcts did CT01 do in Q2 2026? cheers",
        "count",
        count(ldct, at_station("CT01"), quarter(2026, 2)),
    )
    yield from ask(
        "lung_rads",
        "Hi, pls list studies w lung-rads 4b from last year. thx",
        "study",
        sids(cat_in("4B"), in_year(2025)),
    )
    yield from ask(
        "characteristics",
        "RLL PSN >6mm",
        "study",
        sids(nod(att("part-solid"), in_lobe("RLL"), gt("diameter_mm", 6))),
    )
    yield from ask(
        "characteristics", "calc nods LUL", "study", sids(nod(calcified, in_lobe("LUL")))
    )
    yield from ask(
        "modality",
        "ICH (bleed) on head ct, 2026 only",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage"), in_year(2026)),
    )
    yield from ask(
        "set_logic",
        "Which patients have had a low-dose screening CT and, at some point, a pneumothorax?",
        "patient",
        history(each_on_some(ldct, kind("pneumothorax"))),
    )
    yield from ask(
        "characteristics",
        "Could you list all the women who had a nodule with spiculated margins?",
        "patient",
        pids(sex_is("F"), nod(margin("spiculated"))),
    )
    yield from ask(
        "counts",
        "I would like to know how many patients have ever had a mass found.",
        "count",
        len(pids(kind("mass"))),
    )
    yield from ask(
        "growth",
        "Dear colleagues, please send the patients whose nodules grew on follow-up"
        " in 2026. Regards",
        "patient",
        *[pids(in_year(2026), fstudy(t)) for t in grew_readings()],
    )
    yield from ask(
        "intervals",
        "pts followed up for over 30 months",
        "patient",
        history(lambda m: m[-1]["study_date"] > months_on(m[0]["study_date"], 30)),
        history(lambda m: m[-1]["study_date"] >= shift(months_on(m[0]["study_date"], 30), 1)),
    )
    yield from ask(
        "intervals",
        "median days between consecutive ldcts of a patient",
        "value",
        median_of(
            [
                float(days_between(a["study_date"], b["study_date"]))
                for p in pats()
                for a, b in zip(
                    [s for s in own(p["patient_id"]) if ldct(s)],
                    [s for s in own(p["patient_id"]) if ldct(s)][1:],
                    strict=False,
                )
            ]
        ),
    )
    p = _draw_patients(rng, 1, lambda x: len(own(x)) >= 3 and any(map(cxr, own(x))) is False)[0]
    m = own(p)
    yield from ask(
        "intervals",
        f"how many days elapsed from {p}'s first scan to their latest one",
        "value",
        float(days_between(m[0]["study_date"], m[-1]["study_date"])),
    )
    yield from ask(
        "identifiers",
        f"studies for {p} after {m[0]['study_date']}",
        "study",
        sorted(s["study_uid"] for s in m if s["study_date"] > m[0]["study_date"]),
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
    styles,
)


def bank() -> list[Item]:
    """This part's questions, reproducible from :data:`SEED`; a repeated question is refused."""
    LEFT_OUT.clear()
    rng = random.Random(SEED)
    out: list[Item] = []
    for family in FAMILIES:
        out.extend(family(rng))
    texts = [i.question.lower() for i in out]
    if len(set(texts)) != len(texts):
        raise ValueError("a question repeats another in this part")
    return out
