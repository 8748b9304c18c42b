"""Held-out part 19 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as a final, honest measurement of the question reader, blind to it: its
author read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions"
section of ``docs/query.md`` and its "Reports" section on what a report phrase means (not the
tables of measurements nor the paragraphs listing misses and fixes), :mod:`question_bank` (the
:class:`Item` type and its helpers), :mod:`cohort_reference`, and ``bank_fresh_18.py`` for its
format, its plain-Python helpers (copied here) and its module docstring only, not its
questions. The reader's code (``query/``), ``appliance/``, the tests (``test_*.py``) and the
other parts of the bank were not opened, and the engine was never run on these questions: they
were frozen (committed) before any was put to it, and none is to be changed to suit it
afterwards. Their texts were compared with ``dev_queries.jsonl`` and with part 18's questions by
a script that printed only this part's matches (word for word, after lower-casing and dropping
punctuation, and by word overlap of 75 % or more); every such match was reworded.

Every family issue 17 lists is here: identifiers (patient IDs, accession numbers, study UIDs, a
patient's first / baseline / latest study, two patients joined by "or", an unknown MRN), dates
(quarters written "q2 2024", "2023-Q3", "1st quarter of", "last quarter"; "since sept", "since 15
june 2025", month ranges with "thru" and " - ", slashed and ISO day ranges, halves, "last yr",
"this year", the last N days / weeks, birth dates and decades of birth as opposed to study
dates), numbers (negative HU, "minus 700", HU ranges, sizes in words, in cm and with "≤ / ≥",
confidences as decimals and as a percentage, volumes in mm3 / cc / ml, long and short axis,
solid component, age bands and "in their 70s"), counts (exactly / only / precisely N nodules,
"4+", fewer than N, N or more studies per patient and per kind of study, scans in one year, the
same nodule on 3 or more scans, growth thresholds of 2, 2.5 and 3 mm), patient-level set logic
("both ... and", "A and B both", "but never", "never had", "no mass ever", "never reported
with"), Lung-RADS (a category, bounds "3+", "2 or better", "below 3", the highest / worst ever,
counts per category, upgrades, named and any changes), rankings and top-N (by long axis, HU,
volume, confidence, birth date, study date, number of nodules), averages, medians and
percentages (in mm, cm, cc, HU, years of age), report concepts with negation ("negative for",
"neg for", "without", "w/o", "deny"), growth / new / stable / resolved nodules, intervals (days,
months, weeks, years; rescans within N months; gaps between consecutive LDCTs; length of
follow-up), ages and age words, sex (including "other"), modality, body part, description and
station, lobes and sides, and attenuation / margin / calcification. The phrasings are new
(verbs "pull", "grab", "show me", "give me", "list", "any ...?", "count of", "# of"; fragments
with the condition last or first, shorthand such as "nods", "ptx", "psn", "ggo", "cxrs", "acc#",
"1st", "btw", "thru", a few words the conventions do not list: "denser than", "worst",
"upper lobe", "left sided effusions", "seven mm"; the reader must read these or warn).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`). Expected answers
are computed here in plain Python from the cohort's JSON Lines files with the documented
conventions written out by hand. Where the conventions do not settle a reading, the question is
asked only when the competing readings give the same answer (:func:`agreed`; otherwise it is
left out or replaced by a variant whose readings agree): a track that was a mass from its first
study counted or not as a "new" / "stable" / growing nodule (the unscoped "stable nodules" and
"new nodules 2025" disagreed and were replaced by 2025 / 2026 variants); a change of exactly a
threshold computed in floating point or to 0.1 mm; an age (or sex) and another condition on one
study or each on some study of the patient; "the same nodule on N scans" counted over studies or
over study dates; "non-contrast chest CT" with or without the low-dose screening CTs; the first
day of "the last N days / weeks" included or not ("last 90 days" disagreed and became "last 30
days"); "# of left ptx" as findings or studies. Left out altogether: "contrast" with or without
the CT angiograms; "right / left lung nodules" (nodules carry a lobe but no side); "mean age at
<kind of study>" per patient or per study; "how many lr4x" as studies or findings (asked as
"lr4x studies"); "earliest N <studies>" (a ranking, or each patient's first study); a
percentage to 0.1 or unrounded (only values within 0.005 of their rounding are asked, so five
of the candidate percentages survive); a ranking with a tie at its boundary; a patient's first,
latest or two most recent studies when a date is shared (no UID tie-break is asked). Report
concepts follow the fixture's phrasings: "emphysema" includes "emphysematous changes" and
"coronary calcification" includes "calcified coronary atherosclerosis" (the conventions do not
say so; the counts of ``dev_queries.jsonl`` do); a negated sentence is one with "no",
"negative for" or "without". Two answers are empty on purpose: an unknown MRN, and "resolved"
nodules (docs/query.md says the shared cohort has none).

Scored alone with ``python tests/query/question_bank.py --part held_out_19 -v`` once wired in.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from typing import Any

import cohort_reference as ref
from blind_reference import (
    Rows,
    age_in,
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
    nodule_rows,
    non_contrast_chest,
    on_side,
    own,
    pats,
    pct,
    pick,
    pids,
    quarter,
    resolved,
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
    tracks,
    uncalcified,
    went,
    went_from,
    with_history,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_19"
SEED = 1919


def _q(family: str, question: str, unit: str, expected: Any, as_of: str = AS_OF) -> Item:
    return Item(family, PART, question, unit, expected, as_of)


def ask(family: str, question: str, unit: str, *readings: Any, as_of: str = AS_OF) -> Rows:
    """One question, asked only when its competing readings agree and it has an answer."""
    answer = agreed(*readings)
    if answer is not None:
        yield _q(family, question, unit, answer, as_of)


def first_of(
    rng: random.Random, family: str, candidates: Sequence[tuple[str, str, Sequence[Any]]]
) -> Rows:
    """The first candidate (in a drawn order) whose readings agree and whose answer is not empty."""
    order = list(candidates)
    rng.shuffle(order)
    for question, unit, readings in order:
        answer = agreed(*readings)
        if answer not in (None, [], 0):
            yield _q(family, question, unit, answer)
            return


# --- the families --------------------------------------------------------------------------


# --- the families --------------------------------------------------------------------------


def _distinct_ends(pid: str) -> bool:
    """The patient's first and latest studies are each alone on their date (no UID tie-break)."""
    mine = own(pid)
    dates_ = [s["study_date"] for s in mine]
    return dates_.count(dates_[0]) == 1 and dates_.count(dates_[-1]) == 1


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    multi = [p for p in with_history(3) if _distinct_ends(p)]
    p = pick(rng, multi)
    yield _q(fam, f"pull all studies for {p}", "study", [s["study_uid"] for s in own(p)])
    p = pick(rng, multi)
    yield _q(fam, f"baseline scan for pt {p}?", "study", [own(p)[0]["study_uid"]])
    p = pick(rng, multi)
    yield _q(fam, f"{p} most recent exam", "study", [own(p)[-1]["study_uid"]])
    p = pick(rng, multi)
    yield _q(fam, f"# of scans on file for {p}", "count", len(own(p)))
    s = pick(rng, studies())
    yield _q(fam, f"grab accession {s['accession']}", "study", [s["study_uid"]])
    s = pick(rng, studies())
    yield _q(fam, f"which pt is acc {s['accession']}", "patient", [s["patient_id"]])
    s = pick(rng, [x for x in studies() if nods(x)])
    yield _q(fam, f"any nodules on acc# {s['accession']}", "study", [s["study_uid"]])
    s = pick(rng, [x for x in studies() if len(fo(x)) >= 3])
    yield _q(
        fam,
        f"show me every finding on {s['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s)),
    )
    s = pick(rng, [x for x in studies() if len(nods(x)) >= 2])
    yield _q(fam, f"count of nodules on study {s['study_uid']}", "count", len(nods(s)))
    p, q = pick(rng, multi), pick(rng, with_history(2))
    yield _q(
        fam, f"studies of {p} or {q}", "study", sorted(x["study_uid"] for x in own(p) + own(q))
    )
    yield _q(fam, "any studies under MRN P09999", "study", [])
    p = pick(rng, [x for x in with_history(2) if len(nods_of(x)) >= 2])
    top1 = top(nods_of(p), lambda f: -f["diameter_mm"], 1, "finding_id")
    if top1:
        yield _q(fam, f"largest nodule {p}", "finding", top1)
    p = pick(rng, [x for x in with_history(2) if any(nod(att("ground-glass"))(s) for s in own(x))])
    yield _q(
        fam,
        f"{p} scans w ground glass nodules",
        "study",
        [s["study_uid"] for s in own(p) if nod(att("ground-glass"))(s)],
    )
    two_ldct = [
        x
        for x in with_history(2)
        if len([s for s in own(x) if ldct(s)]) >= 2
        and len({s["study_date"] for s in own(x) if ldct(s)}) == len([s for s in own(x) if ldct(s)])
    ]
    p = pick(rng, two_ldct)
    yield _q(fam, f"1st ldct for {p}", "study", [next(s for s in own(p) if ldct(s))["study_uid"]])
    p = pick(
        rng, [x for x in with_history(3) if len({s["study_date"] for s in own(x)}) == len(own(x))]
    )
    yield _q(
        fam,
        f"give me the 2 most recent studies for {p}",
        "study",
        [s["study_uid"] for s in own(p)][-2:],
    )
    s = pick(rng, [x for x in studies() if category(x) in ("4A", "4B", "4X")])
    yield _q(
        fam,
        f"lung-rads 4 on uid {s['study_uid']}?",
        "study",
        [s["study_uid"]],
    )


def nods_of(pid: str) -> list[Row]:
    return [f for s in own(pid) for f in nods(s)]


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y = pick(rng, [2024, 2025])
    yield _q(fam, f"ldcts q2 {y}", "study", sids(ldct, quarter(y, 2)))
    yield _q(fam, "head cts in 2023-Q3", "study", sids(head_ct, quarter(2023, 3)))
    yield _q(fam, "any scans since sept?", "study", sids(dated("2026-09-01", AS_OF)))
    yield _q(fam, "exams feb thru apr 2025", "study", sids(dated("2025-02-01", "2025-04-30")))
    yield _q(
        fam,
        "cts between 1/15/2024 and 3/31/2024",
        "study",
        sids(any_ct, dated("2024-01-15", "2024-03-31")),
    )
    yield _q(
        fam,
        "chest ct 2023-11-01 to 2024-01-31",
        "study",
        sids(chest_ct, dated("2023-11-01", "2024-01-31")),
    )
    yield _q(fam, "pts born before 1945", "patient", born("0000-01-01", "1944-12-31"))
    yield _q(fam, "patients with dob in the 1950s", "patient", born("1950-01-01", "1959-12-31"))
    after = [p for p in pats() if p["birth_date"] == "1990-06-30"]
    if not after:
        yield _q(fam, "pts born after 6/30/1990", "patient", born("1990-07-01", "9999-12-31"))
    yield from ask(
        fam,
        "studies in the last 30 days",
        "study",
        sids(dated(shift(AS_OF, -30), AS_OF)),
        sids(dated(shift(AS_OF, -29), AS_OF)),
    )
    yield from ask(
        fam,
        "exams past 6 wks",
        "study",
        sids(dated(shift(AS_OF, -42), AS_OF)),
        sids(dated(shift(AS_OF, -41), AS_OF)),
    )
    yield _q(
        fam, "second half of 2024 nodules", "study", sids(nod(), dated("2024-07-01", "2024-12-31"))
    )
    yield _q(fam, "H2 2023 chest xrays", "study", sids(cxr, dated("2023-07-01", "2023-12-31")))
    yield _q(fam, "ldcts last quarter", "study", sids(ldct, quarter(2026, 3)))
    yield _q(
        fam, "this year ggns", "study", sids(nod(att("ground-glass")), dated("2026-01-01", AS_OF))
    )
    yield _q(fam, "last yr head ct", "study", sids(head_ct, in_year(2025)))
    yield _q(
        fam, "what was scanned before march 2023", "study", sids(dated("0000-01-01", "2023-02-28"))
    )
    yield _q(
        fam,
        "from dec 2024 - feb 2025 ct angio",
        "study",
        sids(cta, dated("2024-12-01", "2025-02-28")),
    )
    yield _q(
        fam,
        "women born in the sixties",
        "patient",
        sorted(
            set(born("1960-01-01", "1969-12-31"))
            & {p["patient_id"] for p in pats() if p["sex"] == "F"}
        ),
    )
    by_day: dict[str, int] = {}
    for s in studies():
        by_day[s["study_date"]] = by_day.get(s["study_date"], 0) + 1
    day = pick(rng, sorted(d for d, n in by_day.items() if n >= 3))
    yield _q(fam, f"studies done on {day}", "study", sids(dated(day, day)))
    yield _q(
        fam,
        "scans since 15 june 2025 with nodules",
        "study",
        sids(nod(), dated("2025-06-15", AS_OF)),
    )
    yield _q(
        fam, "how many ldcts in the 1st quarter of 2026", "count", count(ldct, quarter(2026, 1))
    )
    yield _q(
        fam,
        "nodules on cts from march to may 2024",
        "study",
        sids(nod(), any_ct, dated("2024-03-01", "2024-05-31")),
    )
    yield _q(
        fam,
        "# pts scanned in both 2023 and 2026",
        "count",
        len(history(each_on_some(in_year(2023), in_year(2026)))),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    d = "diameter_mm"
    yield _q(fam, "nods under a cm", "study", sids(nod(lt(d, 10))))
    yield _q(fam, "any nodules 4 to 6mm", "study", sids(nod(within(d, 4, 6))))
    yield _q(fam, "nodules btw 0.8 and 1.2 cm", "study", sids(nod(within(d, 8, 12))))
    yield _q(fam, "nodules >= 1.5cm", "study", sids(nod(ge(d, 15))))
    yield _q(fam, "nodules w hu < -500", "study", sids(nod(lt("mean_hu", -500))))
    yield _q(fam, "nodules HU -100 to 50", "study", sids(nod(within("mean_hu", -100, 50))))
    yield _q(fam, "nodules mean hu over 200", "study", sids(nod(gt("mean_hu", 200))))
    yield _q(fam, "findings with conf under 0.6", "finding", fids(lt("confidence", 0.6)))
    yield _q(fam, "how many findings w confidence < 60%", "count", len(fids(lt("confidence", 0.6))))
    yield _q(fam, "nodules vol > 2 cc", "study", sids(nod(gt("volume_mm3", 2000))))
    yield _q(fam, "nodules 500-1000 mm3", "study", sids(nod(within("volume_mm3", 500, 1000))))
    yield _q(fam, "long axis at least 20mm nodules", "study", sids(nod(ge("long_axis_mm", 20))))
    yield _q(
        fam,
        "part solid nods solid comp over 6 mm",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 6))),
    )
    yield _q(fam, "nodules at most half a cm", "study", sids(nod(le(d, 5))))
    yield _q(fam, "nodules less than seven mm", "study", sids(nod(lt(d, 7))))
    yield _q(fam, "masses > 3 cm", "study", sids(kind("mass", gt(d, 30))))
    yield _q(fam, "show me nodules 1-2 cm", "study", sids(nod(within(d, 10, 20))))
    yield _q(fam, "ggo 6mm or more", "study", sids(nod(att("ground-glass"), ge(d, 6))))
    yield _q(
        fam,
        "nodules w hu between minus 700 and minus 600",
        "study",
        sids(nod(within("mean_hu", -700, -600))),
    )
    yield _q(fam, "nodules with conf ≥ .95", "study", sids(nod(ge("confidence", 0.95))))
    yield from ask(fam, "pts 55-64 w nodules", "patient", *aged(age_in(55, 64), nod()))
    yield from ask(
        fam,
        "people in their 70s with spiculated nodules",
        "patient",
        *aged(age_in(70, 79), nod(margin("spiculated"))),
    )
    yield _q(fam, "short axis < 5mm nodules", "study", sids(nod(lt("short_axis_mm", 5))))
    yield _q(fam, "nodule volume over 1.5 ml", "study", sids(nod(gt("volume_mm3", 1500))))
    x = pick(rng, [-650, -600, -550])
    yield _q(
        fam,
        f"how many nodules denser than {x} hu",
        "count",
        len(fids(is_nodule, gt("mean_hu", x))),
    )
    yield _q(fam, "solid nodules ≤8 mm", "study", sids(nod(att("solid"), le(d, 8))))


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    n = pick(rng, [3, 4])
    yield _q(fam, f"studies w exactly {n} nodules", "study", sids(lambda s: len(nods(s)) == n))
    yield _q(fam, "cts with 4+ nodules", "study", sids(any_ct, lambda s: len(nods(s)) >= 4))
    yield _q(fam, "scans with only one nodule", "study", sids(lambda s: len(nods(s)) == 1))
    yield _q(fam, "pts with 4+ studies", "patient", history(lambda m: len(m) >= 4))
    yield _q(fam, "patients scanned at least 3 times", "patient", history(lambda m: len(m) >= 3))
    yield _q(fam, "# of pts with just one scan", "count", len(history(lambda m: len(m) == 1)))
    yield _q(
        fam,
        "how many pts had more than 2 ldcts",
        "count",
        len(history(lambda m: len([s for s in m if ldct(s)]) > 2)),
    )
    yield _q(fam, "chest cts with no nodules", "study", sids(chest_ct, neg(nod())))
    tracked3 = [
        sorted(
            {
                study_of(fs[0])["patient_id"]
                for fs in tracks().values()
                if (masses or is_nodule(fs[0])) and len({study_of(f)[key] for f in fs}) >= 3
            }
        )
        for key in ("study_uid", "study_date")
        for masses in (False, True)
    ]
    yield from ask(fam, "pts w a nodule tracked across 3 or more scans", "patient", *tracked3)
    yield from ask(
        fam,
        "nodules grown by more than 3mm",
        "study",
        *[sids(fstudy(g)) for g in grew_readings(3)],
    )
    yield from ask(
        fam,
        "how many nodules grew by at least 2 mm",
        "count",
        *[len(fids(g)) for g in grew_readings(2, inclusive=True)],
    )
    yield _q(
        fam, "fewer than 2 nodules on chest ct", "study", sids(chest_ct, lambda s: len(nods(s)) < 2)
    )
    yield _q(
        fam,
        "pts with over 3 nodules on a single ct",
        "patient",
        pids(any_ct, lambda s: len(nods(s)) > 3),
    )
    yield _q(
        fam, "how many studies have at least 5 nodules", "count", count(lambda s: len(nods(s)) >= 5)
    )
    yield _q(
        fam,
        "patients with 2 or more head cts",
        "patient",
        history(lambda m: len([s for s in m if head_ct(s)]) >= 2),
    )
    yield _q(
        fam,
        "number of patients w 2+ scans in 2025",
        "count",
        len(history(lambda m: len([s for s in m if in_year(2025)(s)]) >= 2)),
    )
    yield _q(
        fam,
        "ldcts with precisely 2 ggns",
        "study",
        sids(ldct, lambda s: len(nods(s, att("ground-glass"))) == 2),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    mass = kind("mass")
    ptx = kind("pneumothorax")
    eff = kind("pleural_effusion")
    yield _q(
        fam, "pts w both a mass and a pneumothorax", "patient", history(each_on_some(mass, ptx))
    )
    yield _q(
        fam,
        "patients w ggn but never a solid nodule",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield _q(
        fam, "pts who never had a chest ct", "patient", history(lambda m: not any(map(chest_ct, m)))
    )
    yield _q(
        fam,
        "pts w emphysema but never any nodules",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield _q(
        fam,
        "people w both lr 3 and lr 4b",
        "patient",
        history(each_on_some(cat_in("3"), cat_in("4B"))),
    )
    yield _q(
        fam,
        "pts never reported with lymphadenopathy",
        "patient",
        history(lambda m: not any(map(says("lymphadenopathy"), m))),
    )
    yield from ask(
        fam,
        "pts w both a ct angio and a non-contrast chest ct",
        "patient",
        history(each_on_some(cta, non_contrast_chest)),
        history(each_on_some(cta, either(non_contrast_chest, ldct))),
    )
    yield _q(
        fam,
        "patients who never had a nodule over 8mm",
        "patient",
        history(lambda m: not any(map(nod(gt("diameter_mm", 8)), m))),
    )
    yield _q(fam, "ct angio but never ldct pts", "patient", history(some_but_never(cta, ldct)))
    yield _q(
        fam,
        "pts w spiculated nodules and calcified nodules both",
        "patient",
        history(each_on_some(nod(calcified), nod(margin("spiculated")))),
    )
    yield _q(
        fam,
        "patients w emphysema and coronary calcification both",
        "patient",
        history(each_on_some(says("emphysema"), says("coronary"))),
    )
    yield _q(
        fam,
        "give me pts who had a ptx but never an effusion",
        "patient",
        history(some_but_never(ptx, eff)),
    )
    yield _q(
        fam,
        "pts with nodules in both RUL and LUL",
        "patient",
        history(each_on_some(nod(in_lobe("RUL")), nod(in_lobe("LUL")))),
    )
    yield _q(fam, "pts w no mass ever", "patient", history(lambda m: not any(map(mass, m))))
    yield _q(
        fam,
        "pts seen in both 2024 and 2026",
        "patient",
        history(each_on_some(in_year(2024), in_year(2026))),
    )
    yield _q(
        fam,
        "patients with lr 4a but never 4b or 4x",
        "patient",
        history(some_but_never(cat_in("4A"), cat_in("4B", "4X"))),
    )
    yield _q(
        fam,
        "list pts that never had emphysema on any ct",
        "patient",
        history(lambda m: not any(both_(any_ct, says("emphysema"))(s) for s in m)),
    )
    yield _q(
        fam,
        "how many patients had both part solid and ground glass nodules",
        "count",
        len(history(each_on_some(nod(att("part-solid")), nod(att("ground-glass"))))),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    yield _q(fam, "lr4b in 2025", "study", sids(cat_in("4B"), in_year(2025)))
    yield _q(
        fam,
        "pts whose worst lung-rads ever was 4A",
        "patient",
        history(lambda m: highest(m) == "4A"),
    )
    yield _q(fam, "pts w highest lung rads 3", "patient", history(lambda m: highest(m) == "3"))
    groups: dict[str | None, int] = {}
    for s in studies():
        groups[category(s)] = groups.get(category(s), 0) + 1
    yield _q(fam, "count per lung-rads category", "groups", groups)
    ld: dict[str | None, int] = {}
    for s in studies():
        if ldct(s):
            ld[category(s)] = ld.get(category(s), 0) + 1
    yield _q(fam, "# of ldcts by lung rads", "groups", ld)
    yield _q(fam, "lr3+ 2024", "study", sids(cat_in("3", "4A", "4B", "4X"), in_year(2024)))
    yield _q(fam, "lung rads 2 or better", "study", sids(cat_in("1", "2")))
    yield _q(fam, "studies upgraded to 4B", "study", sids(went_from(None, ("4B",)), went(1)))
    yield _q(
        fam,
        "scans where lung-rads went from 2 to 3",
        "study",
        sids(went_from("2", ("3",))),
    )
    yield _q(fam, "studies where the lr category changed", "study", sids(went(0)))
    yield _q(fam, "pts whose lung-rads went up", "patient", pids(went(1)))
    yield _q(fam, "how many lr4x studies", "count", count(cat_in("4X")))
    yield _q(
        fam,
        "men with lung-rads 4",
        "patient",
        pids(sex_is("M"), cat_in("4A", "4B", "4X")),
    )
    yield _q(
        fam,
        "lung-rads below 3 ldcts in q1 2025",
        "study",
        sids(ldct, cat_in("1", "2"), quarter(2025, 1)),
    )
    yield _q(fam, "category 1 chest cts 2026", "study", sids(chest_ct, cat_in("1"), in_year(2026)))
    yield _q(
        fam,
        "how many patients ever reached lr 4x",
        "count",
        len(history(lambda m: highest(m) == "4X")),
    )
    yield _q(
        fam,
        "lr changed from 3 to 4a",
        "study",
        sids(went_from("3", ("4A",))),
    )
    yield _q(
        fam, "any lung-rads 4a or 4b at ct01", "study", sids(cat_in("4A", "4B"), at_station("CT01"))
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    nodes = nodule_rows()
    with_long = [f for f in nodes if f["long_axis_mm"] is not None]
    cands = [
        (
            "top 5 nodules by long axis",
            "finding",
            top(with_long, lambda f: -f["long_axis_mm"], 5, "finding_id"),
        ),
        ("3 nodules w lowest hu", "finding", top(nodes, lambda f: f["mean_hu"], 3, "finding_id")),
        (
            "the 4 least confident nodules",
            "finding",
            top(nodes, lambda f: f["confidence"], 4, "finding_id"),
        ),
        (
            "2 biggest ggns by volume",
            "finding",
            top(
                [
                    f
                    for f in nodes
                    if f["attenuation"] == "ground-glass" and f["volume_mm3"] is not None
                ],
                lambda f: -f["volume_mm3"],
                2,
                "finding_id",
            ),
        ),
        (
            "the nodule w highest hu",
            "finding",
            top(nodes, lambda f: -f["mean_hu"], 1, "finding_id"),
        ),
        (
            "the 6 smallest solid nodules",
            "finding",
            top(
                [f for f in nodes if f["attenuation"] == "solid"],
                lambda f: f["diameter_mm"],
                6,
                "finding_id",
            ),
        ),
        (
            "largest mass",
            "finding",
            top(
                [f for f in findings() if f["kind"] == "mass"],
                lambda f: -f["diameter_mm"],
                1,
                "finding_id",
            ),
        ),
        ("10 oldest pts", "patient", top(pats(), lambda p: p["birth_date"], 10, "patient_id")),
        (
            "youngest 5 patients",
            "patient",
            top(pats(), lambda p: tuple(-ord(c) for c in p["birth_date"]), 5, "patient_id"),
        ),
        (
            "5 most recent head cts",
            "study",
            top(
                [s for s in studies() if head_ct(s)],
                lambda s: tuple(-ord(c) for c in s["study_date"]),
                5,
                "study_uid",
            ),
        ),
        (
            "show me the 3 latest cxrs",
            "study",
            top(
                [s for s in studies() if cxr(s)],
                lambda s: tuple(-ord(c) for c in s["study_date"]),
                3,
                "study_uid",
            ),
        ),
        (
            "the 8 most confident findings",
            "finding",
            top(findings(), lambda f: -f["confidence"], 8, "finding_id"),
        ),
    ]
    for question, unit, expected in cands:
        if expected is not None:
            yield _q(fam, question, unit, expected)
    counts_ = [{"patient_id": p, "n": len(nods_of(p))} for p in sorted(ref.cohort()[0])]
    ans = top(counts_, lambda r: -r["n"], 1, "patient_id")
    if ans:
        yield _q(fam, "the patient with the most nodules?", "patient", ans)
    ans = top(counts_, lambda r: -r["n"], 3, "patient_id")
    if ans:
        yield _q(fam, "3 pts w the most nodules", "patient", ans)
    nstud = [{"patient_id": p, "n": len(own(p))} for p in sorted(ref.cohort()[0])]
    ans = top(nstud, lambda r: -r["n"], 1, "patient_id")
    if ans:
        yield _q(fam, "which patient had the most studies", "patient", ans)
    ggc = [
        {"patient_id": p, "n": len([f for f in nods_of(p) if f["attenuation"] == "ground-glass"])}
        for p in sorted(ref.cohort()[0])
    ]
    ans = top(ggc, lambda r: -r["n"], 2, "patient_id")
    if ans:
        yield _q(fam, "top 2 patients by number of ggns", "patient", ans)
    spic = [f for f in nodes if f["margin"] == "spiculated"]
    ans = top(
        spic, lambda f: -f["volume_mm3"] if f["volume_mm3"] is not None else 0, 3, "finding_id"
    )
    if ans and all(f["volume_mm3"] is not None for f in spic):
        yield _q(fam, "top three spiculated nodules by vol", "finding", ans)


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    nodes = nodule_rows()

    def r2(x: float) -> float:
        return round(x, 2)

    yield _q(fam, "avg nodule size", "value", r2(mean_of([f["diameter_mm"] for f in nodes])))
    yield _q(
        fam,
        "mean hu psn",
        "value",
        r2(mean_of([f["mean_hu"] for f in nodes if f["attenuation"] == "part-solid"])),
    )
    ggv = [
        f["volume_mm3"]
        for f in nodes
        if f["attenuation"] == "ground-glass" and f["volume_mm3"] is not None
    ]
    yield _q(fam, "median vol of ggns in cc", "value", r2(median_of(ggv) / 1000))
    spl = [
        f["long_axis_mm"]
        for f in nodes
        if f["margin"] == "spiculated" and f["long_axis_mm"] is not None
    ]
    yield _q(fam, "avg long axis spiculated nodules in cm", "value", r2(mean_of(spl) / 10))
    for question, part, whole in (
        (
            "percent of ldcts done in 2023 that were category 2",
            count(ldct, in_year(2023), cat_in("2")),
            count(ldct, in_year(2023)),
        ),
        (
            "what share of this year's ldcts were lung-rads 3",
            count(ldct, in_year(2026), cat_in("3")),
            count(ldct, in_year(2026)),
        ),
        (
            "proportion of 2026 screening cts that were lr 4",
            count(ldct, in_year(2026), cat_in("4A", "4B", "4X")),
            count(ldct, in_year(2026)),
        ),
        (
            "what percentage of nodules are in the LLL",
            sum(1 for f in nodes if f["lobe"] == "LLL"),
            len(nodes),
        ),
        ("what percent of pts have had a nodule", len(pids(nod())), len(pats())),
    ):
        value = pct(part, whole)
        if value is not None:
            yield _q(fam, question, "value", value)
    chest = [s for s in studies() if chest_ct(s)]
    yield _q(fam, "avg # nodules per chest ct", "value", r2(mean_of([len(nods(s)) for s in chest])))
    mass_age = [ref.age([s for s in own(p) if kind("mass")(s)][-1]) for p in pids(kind("mass"))]
    yield _q(fam, "mean age of pts with a mass", "value", r2(mean_of(mass_age)))
    ptxc = [f["confidence"] for f in findings() if f["kind"] == "pneumothorax"]
    yield _q(fam, "median confidence of pneumothorax findings", "value", r2(median_of(ptxc)))
    yield _q(
        fam,
        "average diameter of solid nodules in the RUL",
        "value",
        r2(
            mean_of(
                [
                    f["diameter_mm"]
                    for f in nodes
                    if f["attenuation"] == "solid" and f["lobe"] == "RUL"
                ]
            )
        ),
    )
    yield _q(
        fam,
        "median hu of solid nodules",
        "value",
        r2(median_of([f["mean_hu"] for f in nodes if f["attenuation"] == "solid"])),
    )
    big = [f["volume_mm3"] for f in nodes if f["diameter_mm"] > 10 and f["volume_mm3"] is not None]
    if all(f["volume_mm3"] is not None for f in nodes if f["diameter_mm"] > 10):
        yield _q(fam, "avg volume of nodules > 10mm", "value", r2(mean_of(big)))
    gg_f = pids(sex_is("F"), nod(att("ground-glass")))
    ages_f = [ref.age([s for s in own(p) if nod(att("ground-glass"))(s)][-1]) for p in gg_f]
    yield _q(fam, "mean age of women with ggns", "value", r2(mean_of(ages_f)))
    yield _q(
        fam,
        "mean solid component of part solid nodules",
        "value",
        r2(
            mean_of(
                [
                    f["solid_component_mm"]
                    for f in nodes
                    if f["attenuation"] == "part-solid" and f["solid_component_mm"] is not None
                ]
            )
        ),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield _q(fam, "pts w emphysema per report", "patient", pids(says("emphysema")))
    yield _q(
        fam, "cts negative for lymphadenopathy", "study", sids(any_ct, denies("lymphadenopathy"))
    )
    yield _q(fam, "reports noting coronary calcification", "study", sids(says("coronary")))
    yield _q(fam, "chest cts without emphysema", "study", sids(chest_ct, neg(says("emphysema"))))
    yield _q(fam, "granuloma in report", "study", sids(says("granuloma")))
    yield _q(fam, "emphysema but no nodules", "study", sids(says("emphysema"), neg(nod())))
    yield _q(fam, "how many reports deny emphysema", "count", count(denies("emphysema")))
    yield _q(
        fam,
        "lymphadenopathy and a spiculated nodule on the same scan",
        "study",
        sids(says("lymphadenopathy"), nod(margin("spiculated"))),
    )
    yield _q(fam, "ldcts w/o coronary calcification", "study", sids(ldct, neg(says("coronary"))))
    yield _q(fam, "women with emphysema", "patient", pids(sex_is("F"), says("emphysema")))
    yield _q(fam, "emphysema in 2025", "study", sids(says("emphysema"), in_year(2025)))
    yield _q(
        fam,
        "# of pts w mediastinal lymphadenopathy",
        "count",
        len(pids(says("lymphadenopathy"))),
    )
    yield _q(
        fam,
        "scans neg for emphysema with a ggn",
        "study",
        sids(denies("emphysema"), nod(att("ground-glass"))),
    )
    yield _q(
        fam,
        "emphysema and lr 4b",
        "study",
        sids(says("emphysema"), cat_in("4B")),
    )
    yield _q(
        fam,
        "granulomas mentioned in 2024 reports",
        "study",
        sids(says("granuloma"), in_year(2024)),
    )


def follow_up(rng: random.Random) -> Rows:
    fam = "follow-up"
    yield from ask(
        fam, "any growing nodules?", "study", *[sids(fstudy(g)) for g in grew_readings()]
    )
    yield from ask(
        fam, "pts with nodule growth", "patient", *[pids(fstudy(g)) for g in grew_readings()]
    )
    yield from ask(
        fam,
        "new nodules 2026",
        "study",
        *[sids(fstudy(new(m)), in_year(2026)) for m in (False, True)],
    )
    yield from ask(
        fam,
        "how many new nods on follow-up in 2024",
        "count",
        *[len(fids(new(m), where=in_year(2024))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "stable nodules seen in 2025",
        "study",
        *[sids(fstudy(stable(r, m)), in_year(2025)) for r in (False, True) for m in (False, True)],
    )
    yield _q(fam, "nods that have since resolved", "study", sids(fstudy(is_nodule, resolved)))
    yield from ask(
        fam,
        "growth over 2.5 mm in 2025",
        "study",
        *[sids(fstudy(g), in_year(2025)) for g in grew_readings(2.5)],
    )
    yield from ask(
        fam,
        "ggns that grew",
        "study",
        *[sids(fstudy(g, att("ground-glass"))) for g in grew_readings()],
    )
    yield from ask(
        fam,
        "women w growing nodules",
        "patient",
        *[pids(sex_is("F"), fstudy(g)) for g in grew_readings()],
    )
    yield from ask(
        fam,
        "new solid nodules on ldct",
        "study",
        *[sids(ldct, fstudy(new(m), att("solid"))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "# of studies with a growing nodule in 2026",
        "count",
        *[count(fstudy(g), in_year(2026)) for g in grew_readings()],
    )
    yield from ask(
        fam,
        "pts w stable solid nodules",
        "patient",
        *[pids(fstudy(stable(r, m), att("solid"))) for r in (False, True) for m in (False, True)],
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    multi_ct = [
        p for p in with_history(3) if len({s["study_date"] for s in own(p) if any_ct(s)}) >= 3
    ]
    p = pick(rng, multi_ct)
    cts = [s for s in own(p) if any_ct(s)]
    yield _q(
        fam,
        f"days between first and last ct for {p}",
        "value",
        days_between(cts[0]["study_date"], cts[-1]["study_date"]),
    )
    multi_ld = [
        p for p in with_history(2) if len({s["study_date"] for s in own(p) if ldct(s)}) >= 2
    ]
    p = pick(rng, multi_ld)
    lds = [s for s in own(p) if ldct(s)]
    yield _q(
        fam,
        f"months between baseline and most recent ldct {p}",
        "value",
        round(days_between(lds[0]["study_date"], lds[-1]["study_date"]) / 30.4375, 2),
    )
    gaps: list[int] = []
    for q in ref.cohort()[0]:
        ds = sorted({s["study_date"] for s in own(q) if ldct(s)})
        gaps.extend(days_between(a, b) for a, b in itertools.pairwise(ds))
    yield _q(
        fam,
        "avg time between consecutive ldcts in months",
        "value",
        round(mean_of(gaps) / 30.4375, 2),
    )
    yield _q(
        fam,
        "pts followed > 2 yrs",
        "patient",
        history(lambda m: bool(m) and m[-1]["study_date"] > months_on(m[0]["study_date"], 24)),
    )

    def rescanned(n: int) -> Test:
        def test(s: Row) -> bool:
            limit = months_on(s["study_date"], n)
            return any(s["study_date"] < x["study_date"] <= limit for x in own(s["patient_id"]))

        return test

    yield _q(fam, "studies rescanned within 11 months", "study", sids(rescanned(11)))

    def gap_over(n: int, kind_: Test) -> Test:
        def test(s: Row) -> bool:
            if not kind_(s):
                return False
            ds = sorted({x["study_date"] for x in own(s["patient_id"]) if kind_(x)})
            i = ds.index(s["study_date"])
            return i > 0 and s["study_date"] > months_on(ds[i - 1], n)

        return test

    yield _q(
        fam,
        "pts with a gap of more than 13 months between consecutive ldcts",
        "patient",
        pids(gap_over(13, ldct)),
    )
    spans = [
        days_between(m[0]["study_date"], m[-1]["study_date"]) / 365.25
        for m in (own(q) for q in ref.cohort()[0])
        if len({s["study_date"] for s in m}) >= 2
    ]
    yield _q(fam, "median length of follow-up in years", "value", round(median_of(spans), 2))
    yield _q(
        fam,
        "patients tracked for at least 30 months",
        "patient",
        history(lambda m: bool(m) and m[-1]["study_date"] >= months_on(m[0]["study_date"], 30)),
    )
    p = pick(rng, multi_ct)
    cts = [s for s in own(p) if any_ct(s)]
    yield _q(
        fam,
        f"how long between first and latest ct of {p} in weeks",
        "value",
        round(days_between(cts[0]["study_date"], cts[-1]["study_date"]) / 7, 2),
    )


def ages(rng: random.Random) -> Rows:
    fam = "ages"
    f_, m_ = sex_is("F"), sex_is("M")
    yield _q(fam, "F pts over 70", "patient", pids(f_, lambda s: ref.age(s) > 70))
    yield _q(fam, "men under 50", "patient", pids(m_, lambda s: ref.age(s) < 50))
    yield _q(fam, "how many women 60-69", "count", len(pids(f_, age_in(60, 69))))
    yield from ask(fam, "octogenarian pts w a nodule", "patient", *aged(age_in(80, 89), nod()))
    yield _q(fam, "studies of women over 75", "study", sids(f_, lambda s: ref.age(s) > 75))
    yield _q(fam, "pts under 40", "patient", pids(lambda s: ref.age(s) < 40))
    yield from ask(
        fam,
        "men 65+ w part solid nodules",
        "patient",
        *aged(both_(m_, lambda s: ref.age(s) >= 65), nod(att("part-solid"))),
    )
    yield from ask(
        fam,
        "ldcts in pts aged 50 to 55",
        "study",
        sids(ldct, age_in(50, 55)),
    )
    yield from ask(
        fam,
        "any female pts under 45 with a ggn",
        "patient",
        *aged(both_(f_, lambda s: ref.age(s) < 45), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "# of pts over 80 with a chest ct",
        "count",
        *[len(x) for x in aged(lambda s: ref.age(s) > 80, chest_ct)],
    )
    yield from ask(
        fam,
        "septuagenarian women with lung-rads 4b",
        "patient",
        *aged(both_(f_, age_in(70, 79)), cat_in("4B")),
    )


def sexes(rng: random.Random) -> Rows:
    fam = "sex"
    yield _q(
        fam,
        "pts with sex recorded as other",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield _q(fam, "how many male pts", "count", len(pids(sex_is("M"))))
    yield _q(fam, "female ldcts 2023", "study", sids(sex_is("F"), ldct, in_year(2023)))
    yield _q(fam, "men w a pneumothorax", "patient", pids(sex_is("M"), kind("pneumothorax")))
    yield _q(fam, "how many male chest xrays", "count", count(sex_is("M"), cxr))
    yield _q(fam, "women w masses", "patient", pids(sex_is("F"), kind("mass")))


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield _q(fam, "cxrs 2024", "study", sids(cxr, in_year(2024)))
    yield _q(fam, "how many head cts", "count", count(head_ct))
    yield _q(fam, "station ct01 ldcts", "study", sids(at_station("CT01"), ldct))
    yield _q(fam, "DX01 exams in 2025", "study", sids(at_station("DX01"), in_year(2025)))
    yield _q(fam, "ct angio chest pe studies with nodules", "study", sids(cta, nod()))
    yield _q(fam, "pts with a head ct", "patient", pids(head_ct))
    yield _q(fam, "# chest xrays with pneumothorax", "count", count(cxr, kind("pneumothorax")))
    yield _q(
        fam,
        "head cts showing intracranial hemorrhage",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(
        fam,
        "ct02 scans w spiculated nodules",
        "study",
        sids(at_station("CT02"), nod(margin("spiculated"))),
    )
    yield _q(fam, "number of ct chest pe angiograms", "count", count(cta))
    yield _q(fam, "ct angio w pleural effusion", "study", sids(cta, kind("pleural_effusion")))
    yield _q(fam, "screening cts w a mass", "study", sids(ldct, kind("mass")))


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield _q(fam, "rml nodules", "study", sids(nod(in_lobe("RML"))))
    yield _q(fam, "left lower lobe ggn", "study", sids(nod(in_lobe("LLL"), att("ground-glass"))))
    yield _q(fam, "right-sided ptx", "study", sids(kind("pneumothorax", on_side("right"))))
    yield _q(fam, "left sided effusions", "study", sids(kind("pleural_effusion", on_side("left"))))
    yield _q(fam, "nodules in RUL or LUL", "study", sids(nod(in_lobe("RUL", "LUL"))))
    yield _q(
        fam,
        "upper lobe nodules > 10mm",
        "study",
        sids(nod(in_lobe("RUL", "LUL"), gt("diameter_mm", 10))),
    )
    yield _q(fam, "consolidation LLL", "study", sids(kind("consolidation", in_lobe("LLL"))))
    yield _q(
        fam,
        "how many nodules in the right upper lobe",
        "count",
        len(fids(is_nodule, in_lobe("RUL"))),
    )
    yield _q(
        fam, "lul spiculated nodules", "study", sids(nod(in_lobe("LUL"), margin("spiculated")))
    )
    yield _q(
        fam, "pts w rll part-solid nodules", "patient", pids(nod(in_lobe("RLL"), att("part-solid")))
    )
    yield from ask(
        fam,
        "# of left ptx",
        "count",
        len(fids(lambda f: f["kind"] == "pneumothorax", on_side("left"))),
        count(kind("pneumothorax", on_side("left"))),
    )


def characters(rng: random.Random) -> Rows:
    fam = "characters"
    d = "diameter_mm"
    yield _q(
        fam,
        "spiculated solid nods > 8mm",
        "study",
        sids(nod(margin("spiculated"), att("solid"), gt(d, 8))),
    )
    yield _q(fam, "lobulated ggns", "study", sids(nod(margin("lobulated"), att("ground-glass"))))
    yield _q(fam, "women w calcified nods", "patient", pids(sex_is("F"), nod(calcified)))
    yield _q(
        fam,
        "non-calcified solid nodules >= 6mm",
        "study",
        sids(nod(uncalcified, att("solid"), ge(d, 6))),
    )
    yield _q(
        fam, "smooth margin part solid", "study", sids(nod(margin("smooth"), att("part-solid")))
    )
    yield _q(fam, "subsolid nodules", "study", sids(nod(subsolid)))
    yield _q(
        fam, "psn with spiculation", "study", sids(nod(att("part-solid"), margin("spiculated")))
    )
    yield _q(fam, "pure ggo > 10mm", "study", sids(nod(att("ground-glass"), gt(d, 10))))
    yield _q(fam, "how many calcified nodules", "count", len(fids(is_nodule, calcified)))
    yield _q(
        fam,
        "pts w lobulated solid nodules 2025",
        "patient",
        pids(in_year(2025), nod(margin("lobulated"), att("solid"))),
    )
    yield _q(fam, "spiculated masses", "study", sids(kind("mass", margin("spiculated"))))
    yield _q(
        fam,
        "ground-glass nodules with smooth margins in men",
        "patient",
        pids(sex_is("M"), nod(att("ground-glass"), margin("smooth"))),
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
    follow_up,
    intervals,
    ages,
    sexes,
    modality,
    lobes,
    characters,
)


def bank() -> list[Item]:
    rng = random.Random(SEED)
    seen: dict[str, Item] = {}
    for family in FAMILIES:
        for item in family(rng):
            seen.setdefault(item.question, item)
    return list(seen.values())
