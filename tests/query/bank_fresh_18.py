"""Held-out part 18 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as a final, honest measurement of the question reader, blind to it: its
author read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions"
section of ``docs/query.md`` and its "Reports" section on what a report phrase means (not the
tables of measurements nor the paragraphs listing misses and fixes), :mod:`question_bank` (the
:class:`Item` type and its helpers), :mod:`cohort_reference`, and ``bank_fresh_17.py`` for its
format, its helpers and its module docstring only, not its questions. The reader's code
(``query/``), its tests (``test_*.py``) and the other parts of the bank were not opened, and the
engine was never run on these questions: they were frozen (committed) before any was put to it,
and none is to be changed to suit it afterwards. Their texts were compared with
``dev_queries.jsonl`` and with part 17's questions by a script that printed only this part's
matches, and any word-for-word match was reworded.

Every family issue 17 lists is here: identifiers (patient IDs, accession numbers, study UIDs, a
patient's first or latest study, an unknown identifier), dates (quarters, "since <month>", month
ranges, slashed days, halves, birth dates and decades of birth as opposed to study dates),
numbers (negative HU and HU ranges, sizes in words and in cm, confidences as decimals and
percentages, volumes in mm3 / cc / ml, long axis, solid component, age bands), counts (exactly N
nodules, N or more studies per patient, the same nodule on N scans, growth thresholds other than
1.5 mm), patient-level set logic ("both", "but never", "never had"), Lung-RADS (a category, the
highest ever, counts per category, upgrades and named changes), rankings and top-N,
averages, medians and percentages, report concepts with negation, growth / new / stable /
resolved nodules, intervals between scans, ages, sex, modality and body part, lobes and sides,
and attenuation / margin / calcification. They are phrased as research nurses, fellows, PACS
admins and screening coordinators type: shorthand, lower case, typos (a misspelt people word,
which the conventions say is read, and misspelt attributes and measurements, which they do not
cover: the reader must read them or warn), units written many ways, fragments, questions and
imperatives.

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`). Expected answers
are computed here in plain Python from the cohort's JSON Lines files with the documented
conventions written out by hand. Where the conventions do not settle a reading, the question is
asked only when the competing readings give the same answer (:func:`agreed`; otherwise it is
left out): a track that was a mass from its first study counted or not as a "new" / "stable" /
growing nodule or one "larger on the latest scan"; a change of exactly 1.5 mm (or of a named
threshold) computed in floating point or to 0.1 mm; an age (or sex) and another condition on
one study or each on some study of the patient; "the same nodule on N scans" counted over its
studies or over its study dates; "every CT" for a patient with no CT (vacuous or not); "masses
or nodules over 15 mm" with the size on the masses or not; "chest imaging" as chest studies or
all studies; the first day of "the past 6 months" / "the last 90 days" included or not; "mean
age at <kind of study>" per patient or per study (left out); "contrast" with or without the CT
angiograms and "non-contrast chest CT" with or without the low-dose screening CTs (both left
out); a percentage to 0.1 or unrounded (only values within 0.005 of their rounding are asked);
a ranking with a tie at its boundary (left out). A "repeat" or "again" names either no kind of
study or the same kind on both sides, so which later study counts is settled. A patient's first
or latest study is asked only of patients chosen by identifier, never filtered by a finding.
"Emphysema" in a report includes "emphysematous changes" (the conventions do not say so; the
counts of ``dev_queries.jsonl`` do). Two answers are empty on purpose: an unknown patient ID,
and "resolved" nodules (docs/query.md says the shared cohort has none).

Scored alone with ``python tests/query/question_bank.py --part held_out_18 -v`` once wired in.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from typing import Any

import cohort_reference as ref
from blind_reference import (
    MON,
    MONTH,
    FTest,
    Rows,
    _own,
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
    lesion,
    lt,
    margin,
    mass_from_start,
    mean_of,
    median_of,
    month_end,
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
    rank,
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
    with_contrast,
    with_history,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_18"
SEED = 1818


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


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    multi = with_history(3)
    p1, p2, p3, p4, p5, p6 = rng.sample(multi, 6)
    yield _q(
        fam, f"pull up every exam on file for {p1}", "study", [s["study_uid"] for s in own(p1)]
    )
    yield _q(fam, f"how many studies has {p2} had so far", "count", len(own(p2)))
    yield _q(fam, f"# scans on record, pt {p3}", "count", len(own(p3)))
    yield _q(fam, f"{p4} most recent study?", "study", [own(p4)[-1]["study_uid"]])
    yield _q(
        fam,
        f"earliest imaging for {p5} and {p6}",
        "study",
        sorted([own(p5)[0]["study_uid"], own(p6)[0]["study_uid"]]),
    )
    two_ld = [p for p in multi if sum(map(ldct, own(p))) >= 2]
    p7 = pick(rng, two_ld)
    yield _q(
        fam,
        f"baseline ldct for patient {p7}",
        "study",
        [next(s["study_uid"] for s in own(p7) if ldct(s))],
    )
    two_chest = [p for p in multi if sum(map(chest_ct, own(p))) >= 2 and p != p7]
    p8 = pick(rng, two_chest)
    yield _q(
        fam,
        f"last chest ct done on {p8}",
        "study",
        [[s for s in own(p8) if chest_ct(s)][-1]["study_uid"]],
    )
    with_big = pids(nod(gt("diameter_mm", 6)))
    p9 = pick(rng, [p for p in with_big if len(own(p)) >= 2])
    yield _q(
        fam,
        f"mrn {p9}: which of their scans had a nodule > 6mm",
        "study",
        sids(lambda s: s["patient_id"] == p9, nod(gt("diameter_mm", 6))),
    )
    p10 = pick(rng, [p for p in multi if any(nods(s) for s in own(p))])
    yield _q(
        fam,
        f"number of nodules for patient {p10}",
        "count",
        sum(len(nods(s)) for s in own(p10)),
    )
    s1 = pick(rng, [s for s in studies() if len(fo(s)) >= 2])
    yield _q(
        fam,
        f"findings on accession {s1['accession']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s1)),
    )
    s2 = pick(rng, studies())
    yield _q(fam, f"acc# {s2['accession']} - what patient is that", "patient", [s2["patient_id"]])
    s3 = pick(rng, studies())
    yield _q(fam, f"which pt had study {s3['study_uid']}", "patient", [s3["patient_id"]])
    s4 = pick(rng, [s for s in studies() if len(nods(s)) >= 2 and len(fo(s)) > len(nods(s))])
    if s4 is not None:
        yield _q(
            fam,
            f"list the nodule findings for uid {s4['study_uid']}",
            "finding",
            sorted(f["finding_id"] for f in nods(s4)),
        )
    s5, s6 = rng.sample(studies(), 2)
    yield _q(
        fam,
        f"studies {s5['accession']}, {s6['accession']}",
        "study",
        sorted([s5["study_uid"], s6["study_uid"]]),
    )
    p11 = pick(rng, [p for p in multi if {s["station"] for s in own(p)} >= {"CT01", "CT02"}])
    yield _q(
        fam,
        f"pt {p11} studies at ct01",
        "study",
        sids(lambda s: s["patient_id"] == p11, at_station("CT01")),
    )
    p12 = pick(rng, [p for p in multi if own(p)[0]["study_date"] < "2024-07-01"])
    cut = "2024-07-01"
    yield _q(
        fam,
        f"{p12} exams since {cut}",
        "study",
        sids(lambda s: s["patient_id"] == p12, dated(cut, AS_OF)),
    )
    unknown = f"P0{rng.randrange(9000, 9999)}"
    yield _q(fam, f"studies for patient {unknown}", "study", [])


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y, q = pick(rng, [(2023, 3), (2024, 2), (2025, 1), (2024, 4)])
    yield _q(fam, f"chest cts in q{q} {y}", "study", sids(chest_ct, quarter(y, q)))
    ords = ["first", "second", "third", "fourth"]
    y2, q2 = pick(rng, [(2025, 3), (2023, 2), (2026, 2)])
    yield _q(
        fam,
        f"how many screening scans in the {ords[q2 - 1]} quarter of {y2}",
        "count",
        count(ldct, quarter(y2, q2)),
    )
    y3, q3 = pick(rng, [(2024, 1), (2025, 4), (2023, 4)])
    yield _q(
        fam,
        f"spiculated nodules {y3}-Q{q3}",
        "study",
        sids(nod(margin("spiculated")), quarter(y3, q3)),
    )
    yield _q(fam, "# of scans this quarter", "count", count(dated("2026-10-01", AS_OF)))
    yield _q(
        fam,
        "ldcts last quarter with lung-rads 4a",
        "study",
        sids(ldct, dated("2026-07-01", "2026-09-30"), cat_in("4A")),
    )
    m = pick(rng, [3, 4, 5, 6])
    yield _q(
        fam,
        f"part-solid nodules since {MONTH[m - 1]}",
        "study",
        sids(nod(att("part-solid")), dated(f"2026-{m:02d}-01", AS_OF)),
    )
    m2 = pick(rng, [7, 8, 9])
    yield _q(
        fam,
        f"how many head cts since {MON[m2 - 1]}",
        "count",
        count(head_ct, dated(f"2026-{m2:02d}-01", AS_OF)),
    )
    a, b = pick(rng, [(2, 4), (3, 5), (5, 8)])
    yield _q(
        fam,
        f"ldcts {MON[a - 1]} thru {MON[b - 1]} 2025",
        "study",
        sids(ldct, dated(f"2025-{a:02d}-01", month_end(2025, b))),
    )
    yield from ask(
        fam,
        "masses or nodules over 15mm from oct 2023 to jan 2024",
        "study",
        sids(
            lambda s: any(
                f["kind"] == "mass" or (is_nodule(f) and gt("diameter_mm", 15)(f)) for f in fo(s)
            ),
            dated("2023-10-01", "2024-01-31"),
        ),
        sids(
            lambda s: any(
                f["kind"] in ("nodule", "mass") and gt("diameter_mm", 15)(f) for f in fo(s)
            ),
            dated("2023-10-01", "2024-01-31"),
        ),
    )
    yield _q(
        fam,
        "pts scanned between may and aug 2024",
        "patient",
        pids(dated("2024-05-01", "2024-08-31")),
    )
    yield _q(
        fam, "chest xrays before 3/1/2024", "study", sids(cxr, dated("2000-01-01", "2024-02-29"))
    )
    yield _q(
        fam,
        "ggn studies from 1/15/2024 to 6/30/2024",
        "study",
        sids(nod(att("ground-glass")), dated("2024-01-15", "2024-06-30")),
    )
    yield _q(
        fam,
        "calcified nodules since 10/20/2025",
        "study",
        sids(nod(calcified), dated("2025-10-20", AS_OF)),
    )
    yield _q(fam, "studies in H2 2023", "study", sids(dated("2023-07-01", "2023-12-31")))
    yield _q(
        fam,
        "how many ldcts in the first half of 2026",
        "count",
        count(ldct, dated("2026-01-01", "2026-06-30")),
    )
    yield from ask(
        fam,
        "pneumothoraces in the prior 6 months",
        "study",
        sids(kind("pneumothorax"), dated(months_on(AS_OF, -6), AS_OF)),
        sids(kind("pneumothorax"), dated(shift(months_on(AS_OF, -6), 1), AS_OF)),
    )
    yield from ask(
        fam,
        "lung rads 3 ldcts last 90 days",
        "study",
        sids(ldct, cat_in("3"), dated(shift(AS_OF, -90), AS_OF)),
        sids(ldct, cat_in("3"), dated(shift(AS_OF, -89), AS_OF)),
        sids(ldct, cat_in("3"), dated(shift(AS_OF, -91), AS_OF)),
    )
    yield _q(fam, "how many cts this year", "count", count(any_ct, dated("2026-01-01", AS_OF)))
    yield _q(
        fam, "spiculated nodules last year", "study", sids(nod(margin("spiculated")), in_year(2025))
    )
    yield _q(fam, "pts with a DOB before 1945", "patient", born("0000-01-01", "1944-12-31"))
    yield _q(fam, "patients born in the 70s", "patient", born("1970-01-01", "1979-12-31"))
    yield _q(
        fam,
        "dob between 1950 and 1952, any nodules",
        "patient",
        sorted(set(born("1950-01-01", "1952-12-31")) & set(pids(nod()))),
    )
    yield _q(
        fam,
        "women born in 1990 or later",
        "patient",
        sorted(
            p["patient_id"] for p in pats() if p["sex"] == "F" and p["birth_date"] >= "1990-01-01"
        ),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    x = pick(rng, [500, 550, 600])
    yield _q(fam, f"nodules with density below -{x} hu", "study", sids(nod(lt("mean_hu", -x))))
    yield _q(
        fam,
        "-650 to -450 hu nodules",
        "study",
        sids(nod(within("mean_hu", -650, -450))),
    )
    yield _q(
        fam,
        "nodules between minus 300 and 0 HU",
        "study",
        sids(nod(within("mean_hu", -300, 0))),
    )
    yield _q(
        fam, "how many nodules have hu at most -600", "count", len(nodule_rows(le("mean_hu", -600)))
    )
    yield _q(
        fam,
        "solid nodules with mean HU > -30 and < 30",
        "study",
        sids(nod(att("solid"), gt("mean_hu", -30), lt("mean_hu", 30))),
    )
    yield _q(
        fam, "nodules under a centimetre on ldct", "study", sids(ldct, nod(lt("diameter_mm", 10)))
    )
    yield _q(
        fam, "nodules at least one centimeter across", "study", sids(nod(ge("diameter_mm", 10)))
    )
    yield _q(fam, "nodules bigger than 1.5 cm", "study", sids(nod(gt("diameter_mm", 15))))
    yield _q(
        fam, "solid nodules 0.6 cm or more", "study", sids(nod(att("solid"), ge("diameter_mm", 6)))
    )
    yield _q(
        fam,
        "nodules between half a cm and 1 cm",
        "study",
        sids(nod(within("diameter_mm", 5, 10))),
    )
    yield _q(fam, "sub-cm ggns", "study", sids(nod(att("ground-glass"), lt("diameter_mm", 10))))
    yield _q(fam, "nodules 6 to 8 millimeters", "study", sids(nod(within("diameter_mm", 6, 8))))
    yield _q(fam, "long axis > 20mm nodules", "study", sids(nod(gt("long_axis_mm", 20))))
    yield _q(
        fam,
        "nodules whose long axis is at least 1.2 cm",
        "study",
        sids(nod(ge("long_axis_mm", 12))),
    )
    yield _q(
        fam,
        "part solid nodules w solid component >= 6mm",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield _q(
        fam,
        "psn with a solid component under 3 mm",
        "study",
        sids(nod(att("part-solid"), lt("solid_component_mm", 3))),
    )
    yield _q(fam, "findings w conf < 0.6", "finding", fids(lt("confidence", 0.6)))
    yield _q(
        fam,
        "nodules with confidence ≥ 95%",
        "study",
        sids(nod(ge("confidence", 0.95))),
    )
    yield _q(
        fam,
        "how many nodule detections have confidence between .7 and .75",
        "count",
        len(nodule_rows(within("confidence", 0.7, 0.75))),
    )
    yield _q(fam, "nodules with volume > 2 cc", "study", sids(nod(gt("volume_mm3", 2000))))
    yield _q(fam, "nodule vol ≥ 500 mm³", "study", sids(nod(ge("volume_mm3", 500))))
    yield _q(
        fam,
        "ground glass nodules with a volume of at least 1 ml",
        "study",
        sids(nod(att("ground-glass"), ge("volume_mm3", 1000))),
    )
    yield _q(fam, "nodules volume under 40 mm3", "study", sids(nod(lt("volume_mm3", 40))))
    yield from ask(fam, "pts aged 65-74 with nodules", "patient", *aged(age_in(65, 74), nod()))
    yield from ask(
        fam,
        "patients in their 50s w spiculated nodules",
        "patient",
        *aged(age_in(50, 59), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "female pts 45 to 55 with part-solid nodules",
        "patient",
        *aged(both_(sex_is("F"), age_in(45, 55)), nod(att("part-solid"))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    n = pick(rng, [3, 4])
    yield _q(fam, f"exams w exactly {n} nodules", "study", sids(lambda s: len(nods(s)) == n))
    yield _q(
        fam, "chest cts with a single nodule", "study", sids(chest_ct, lambda s: len(nods(s)) == 1)
    )
    yield _q(
        fam, "cts showing 5 or more nodules", "study", sids(any_ct, lambda s: len(nods(s)) >= 5)
    )
    yield _q(
        fam,
        "screening exams that show less than 2 nodules",
        "study",
        sids(ldct, lambda s: len(nods(s)) < 2),
    )
    yield _q(
        fam,
        "pts with more than 3 nodules on one scan",
        "patient",
        pids(lambda s: len(nods(s)) > 3),
    )
    yield _q(
        fam,
        "how many ldcts have precisely 2 nodules",
        "count",
        count(ldct, lambda s: len(nods(s)) == 2),
    )
    yield _q(fam, "patients having ≥4 studies", "patient", history(lambda m: len(m) >= 4))
    yield _q(fam, "patients scanned 3 or more times", "patient", history(lambda m: len(m) >= 3))
    yield _q(fam, "how many pts have just one scan", "count", len(history(lambda m: len(m) == 1)))
    yield _q(
        fam,
        "how many patients have 2+ ldcts",
        "count",
        len(history(lambda m: sum(map(ldct, m)) >= 2)),
    )
    yield _q(
        fam,
        "patients with fewer than 2 chest cts",
        "patient",
        history(lambda m: sum(map(chest_ct, m)) < 2),
    )
    yield _q(
        fam,
        "pts with 2 or more scans in 2025",
        "patient",
        history(lambda m: sum(map(in_year(2025), m)) >= 2),
    )

    def on_scans(k: int) -> list[list[str]]:
        by_study = sorted(
            {
                study_of(fs[0])["patient_id"]
                for fs in tracks().values()
                if len({f["study_uid"] for f in fs}) >= k
            }
        )
        by_date = sorted(
            {
                study_of(fs[0])["patient_id"]
                for fs in tracks().values()
                if len({study_of(f)["study_date"] for f in fs}) >= k
            }
        )
        return [by_study, by_date]

    yield from ask(
        fam, "pts whose nodule was seen on at least 3 separate scans", "patient", *on_scans(3)
    )
    yield from ask(
        fam, "patients with a nodule tracked across 4 or more ct scans", "patient", *on_scans(4)
    )
    g = pick(rng, [2.5, 3])
    yield from ask(
        fam,
        f"nodules that grew more than {g} mm",
        "study",
        *[sids(fstudy(t)) for t in grew_readings(g)],
    )
    yield from ask(
        fam,
        "growth of at least 4mm since the prior",
        "study",
        *[sids(fstudy(t)) for t in grew_readings(4, inclusive=True)],
    )
    yield from ask(
        fam,
        "number of patients with a nodule growing more than 5mm",
        "count",
        *[len(pids(fstudy(t))) for t in grew_readings(5)],
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    emph = says("emphysema")
    spic = nod(margin("spiculated"))
    yield _q(
        fam,
        "patients having both emphysema and spiculated nodules",
        "patient",
        history(each_on_some(emph, spic)),
    )
    yield _q(
        fam,
        "patients with both a lung-rads 3 and a lung-rads 4b scan",
        "patient",
        history(each_on_some(cat_in("3"), cat_in("4B"))),
    )
    yield _q(
        fam,
        "pts with both ggn and solid nodules",
        "patient",
        history(each_on_some(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield _q(
        fam,
        "patients w both RML and LLL nodules",
        "patient",
        history(each_on_some(nod(in_lobe("RML")), nod(in_lobe("LLL")))),
    )
    yield _q(
        fam,
        "patients who had nodules but never spiculated nodules",
        "patient",
        history(some_but_never(nod(), spic)),
    )
    yield _q(
        fam,
        "patients that never had lung-rads 4",
        "patient",
        history(lambda m: not any(map(cat_in("4A", "4B", "4X"), m))),
    )
    yield _q(
        fam,
        "pts who never had emphysema on any ct",
        "patient",
        history(lambda m: not any(both_(any_ct, emph)(s) for s in m)),
    )
    yield _q(
        fam,
        "pts w/o any chest ct",
        "patient",
        history(lambda m: not any(map(chest_ct, m))),
    )
    yield _q(
        fam,
        "spiculated nodule patients who never had a mass",
        "patient",
        history(some_but_never(spic, kind("mass"))),
    )
    yield _q(
        fam,
        "patients with nodules both in 2023 and in 2026",
        "patient",
        history(each_on_some(both_(nod(), in_year(2023)), both_(nod(), in_year(2026)))),
    )
    yield _q(
        fam,
        "pts scanned in 2024 and again in 2025",
        "patient",
        history(each_on_some(in_year(2024), in_year(2025))),
    )
    yield _q(
        fam,
        "patients w both ground glass and part solid nodules on the same scan",
        "patient",
        pids(nod(att("ground-glass")), nod(att("part-solid"))),
    )
    yield from ask(
        fam,
        "pts where every ct showed nodules",
        "patient",
        history(lambda m: any(map(any_ct, m)) and all(nods(s) for s in m if any_ct(s))),
        history(lambda m: all(nods(s) for s in m if any_ct(s))),
    )
    yield _q(
        fam,
        "patients who had a pneumothorax and never any nodule",
        "patient",
        history(some_but_never(kind("pneumothorax"), nod())),
    )
    yield _q(
        fam,
        "pts with both calcified and lobulated nodules",
        "patient",
        history(each_on_some(nod(calcified), nod(margin("lobulated")))),
    )
    yield _q(
        fam,
        "how many patients had coronary calcification but never emphysema",
        "count",
        len(history(some_but_never(says("coronary"), emph))),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    yield _q(fam, "ldcts categorized lr 3", "study", sids(ldct, cat_in("3")))
    yield _q(fam, "lung rads 4b studies in 2025", "study", sids(cat_in("4B"), in_year(2025)))
    yield _q(fam, "LR4X cts from station ct01", "study", sids(cat_in("4X"), at_station("CT01")))
    yield _q(fam, "screening cts lung-rads 2 or less", "study", sids(ldct, cat_in("1", "2")))
    yield _q(fam, "how many scans were lung-rads 3+", "count", count(cat_in("3", "4A", "4B", "4X")))
    yield _q(
        fam,
        "chest cts below lung-rads 3 in 2026",
        "study",
        sids(chest_ct, cat_in("1", "2"), in_year(2026)),
    )
    yield _q(
        fam,
        "pts w a highest-ever lung-rads of 4a",
        "patient",
        history(lambda m: highest(m) == "4A"),
    )
    yield _q(
        fam,
        "patients with a max lung rads of 3",
        "patient",
        history(lambda m: highest(m) == "3"),
    )
    yield _q(
        fam,
        "count of patients whose max lung-rads is 2",
        "count",
        len(history(lambda m: highest(m) == "2")),
    )
    every: dict[Any, int] = {}
    for s in studies():
        every[category(s)] = every.get(category(s), 0) + 1
    yield _q(
        fam,
        "count of studies by lung-rads category",
        "groups",
        sorted(every.items(), key=lambda kv: rank(kv[0])),
    )
    ld25: dict[Any, int] = {}
    for s in studies():
        if ldct(s) and in_year(2025)(s):
            ld25[category(s)] = ld25.get(category(s), 0) + 1
    yield _q(
        fam,
        "how many 2025 screening cts per lung-rads category",
        "groups",
        sorted(ld25.items(), key=lambda kv: rank(kv[0])),
    )
    yield _q(fam, "studies where lung-rads was upgraded", "study", sids(went(1)))
    old, new_ = pick(rng, [("2", "4A"), ("3", "4A"), ("2", "3")])
    yield _q(
        fam,
        f"pts upgraded from lung-rads {old} to {new_.lower()}",
        "patient",
        pids(went_from(old, (new_,))),
    )
    yield _q(fam, "lung-rads changed to 4b", "study", sids(went_from(None, ("4B",)), went(0)))
    yield _q(
        fam,
        "how many ldcts were lr4a or lr4b",
        "count",
        count(ldct, cat_in("4A", "4B")),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    all_studies = studies()

    def newest(s: Row) -> tuple[int, ...]:
        return tuple(-ord(ch) for ch in s["study_date"])

    def oldest(s: Row) -> str:
        return str(s["study_date"])

    n = pick(rng, [4, 5, 6])
    yield from ask(
        fam,
        f"{n} most recent chest xrays",
        "study",
        top([s for s in all_studies if cxr(s)], newest, n, "study_uid"),
    )
    yield from ask(
        fam,
        "4 oldest head cts",
        "study",
        top([s for s in all_studies if head_ct(s)], oldest, 4, "study_uid"),
    )
    yield from ask(
        fam,
        "last 4 ldcts done at ct02",
        "study",
        top([s for s in all_studies if ldct(s) and s["station"] == "CT02"], newest, 4, "study_uid"),
    )
    yield from ask(
        fam, "oldest 8 pts", "patient", top(pats(), lambda p: p["birth_date"], 8, "patient_id")
    )
    yield from ask(
        fam,
        "5 youngest pts in the cohort",
        "patient",
        top(pats(), lambda p: tuple(-ord(c) for c in p["birth_date"]), 5, "patient_id"),
    )
    nodes = nodule_rows()
    with_hu = [f for f in nodes if f["mean_hu"] is not None]
    yield from ask(
        fam,
        "the 2 nodules with the lowest hu",
        "finding",
        top(with_hu, lambda f: f["mean_hu"], 2, "finding_id"),
    )
    yield from ask(
        fam, "3 densest nodules", "finding", top(with_hu, lambda f: -f["mean_hu"], 3, "finding_id")
    )
    with_vol = [f for f in nodes if f["volume_mm3"] is not None]
    yield from ask(
        fam,
        "4 nodules with the largest volume",
        "finding",
        top(with_vol, lambda f: -f["volume_mm3"], 4, "finding_id"),
    )
    ggn = [f for f in nodes if f["attenuation"] == "ground-glass"]
    yield from ask(
        fam, "the 6 largest ggns", "finding", top(ggn, lambda f: -f["diameter_mm"], 6, "finding_id")
    )
    yield from ask(
        fam,
        "top 6 nodules by long axis",
        "finding",
        top(nodes, lambda f: -f["long_axis_mm"], 6, "finding_id"),
    )
    yield from ask(
        fam,
        "top 3 part-solid nodules by solid component",
        "finding",
        top(
            [f for f in nodes if f["attenuation"] == "part-solid"],
            lambda f: -f["solid_component_mm"],
            3,
            "finding_id",
        ),
    )
    yield from ask(
        fam,
        "7 biggest spiculated nodules",
        "finding",
        top(
            [f for f in nodes if f["margin"] == "spiculated"],
            lambda f: -f["diameter_mm"],
            7,
            "finding_id",
        ),
    )
    per_patient = [
        {"patient_id": p, "n": sum(len(nods(s)) for s in mine)} for p, mine in _own().items()
    ]
    yield from ask(
        fam,
        "which pt has the greatest number of nodules",
        "patient",
        top(per_patient, lambda r: -r["n"], 1, "patient_id"),
    )
    per_patient_gg = [
        {"patient_id": p, "n": sum(len(nods(s, att("ground-glass"))) for s in mine)}
        for p, mine in _own().items()
    ]
    for k in (2, 3, 4):
        answer = top(per_patient_gg, lambda r: -r["n"], k, "patient_id")
        if answer is not None:
            yield _q(fam, f"which {k} pts have the most ggns", "patient", answer)
            break
    yield from ask(
        fam,
        "the most recent study with a mass",
        "study",
        top([s for s in all_studies if kind("mass")(s)], newest, 1, "study_uid"),
    )


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    gg = nodule_rows(att("ground-glass"))
    yield _q(fam, "avg diamter of ggns", "value", mean_of([f["diameter_mm"] for f in gg]))
    solid = nodule_rows(att("solid"))
    yield _q(
        fam,
        "solid nodules: avg long-axis length in cm",
        "value",
        mean_of([f["long_axis_mm"] for f in solid]) / 10,
    )
    ps = nodule_rows(att("part-solid"))
    yield _q(
        fam,
        "median volume of part solid nodules",
        "value",
        median_of([f["volume_mm3"] for f in ps]),
    )
    masses = [f for f in findings() if f["kind"] == "mass"]
    yield _q(
        fam,
        "average volume of masses in cc",
        "value",
        mean_of([f["volume_mm3"] for f in masses]) / 1000,
    )
    calc = nodule_rows(calcified)
    yield _q(fam, "avg hu of calcified nodules", "value", mean_of([f["mean_hu"] for f in calc]))
    ptx = [f for f in findings() if f["kind"] == "pneumothorax"]
    yield _q(
        fam,
        "avg model confidence on pneumothoraces",
        "value",
        mean_of([f["confidence"] for f in ptx]),
    )
    yield _q(
        fam,
        "median size of spiculated nodules on ldct",
        "value",
        median_of([f["diameter_mm"] for f in nodule_rows(margin("spiculated"), where=ldct)]),
    )
    yield _q(
        fam,
        "mean solid component size in psn",
        "value",
        mean_of([f["solid_component_mm"] for f in ps]),
    )

    def age_at_latest(test: Test, who: Test = lambda s: True) -> list[float]:
        out = []
        for mine in _own().values():
            hits = [s for s in mine if test(s) and who(s)]
            if hits:
                out.append(float(ref.age(hits[-1])))
        return out

    yield _q(fam, "mean age of pts who have a mass", "value", mean_of(age_at_latest(kind("mass"))))
    yield _q(
        fam,
        "median age of women with spiculated nodules",
        "value",
        median_of(age_at_latest(nod(margin("spiculated")), sex_is("F"))),
    )
    yield _q(
        fam,
        "avg nodules per pt",
        "value",
        sum(len(nods(s)) for s in studies()) / len(pats()),
    )
    ld = [s for s in studies() if ldct(s)]
    yield _q(
        fam,
        "avg nodule count per ldct",
        "value",
        sum(len(nods(s)) for s in ld) / len(ld),
    )
    yield _q(
        fam,
        "median nodules per patient",
        "value",
        median_of([float(sum(len(nods(s)) for s in mine)) for mine in _own().values()]),
    )
    chest = [s for s in studies() if chest_ct(s)]
    for question, value in (
        ("percent of ldcts with lung-rads 3", pct(count(ldct, cat_in("3")), len(ld))),
        ("what % of patients have a mass", pct(len(pids(kind("mass"))), len(pats()))),
        ("proportion of pts with nodules", pct(len(pids(nod())), len(pats()))),
        ("share of chest ct exams showing any nodule", pct(count(chest_ct, nod()), len(chest))),
        (
            "% of all nodules located in the lll",
            pct(len(nodule_rows(in_lobe("LLL"))), len(nodule_rows())),
        ),
        (
            "percent of pts with coronary artery calcification",
            pct(len(pids(says("coronary"))), len(pats())),
        ),
        ("% of pts w lymphadenopathy", pct(len(pids(says("lymphadenopathy"))), len(pats()))),
        (
            "fraction of studies with a pleural effusion",
            pct(count(kind("pleural_effusion")), len(studies())),
        ),
    ):
        if value is not None:
            yield _q(fam, question, "value", value)


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    emph, lad, cac, gran = (
        says("emphysema"),
        says("lymphadenopathy"),
        says("coronary"),
        says("granuloma"),
    )
    yield _q(fam, "reports w emphysma in 2024", "study", sids(emph, in_year(2024)))
    yield _q(fam, "ldct reports negative for emphysema", "study", sids(ldct, denies("emphysema")))
    yield _q(
        fam,
        "how many reports document no lymphadenopathy",
        "count",
        count(denies("lymphadenopathy")),
    )
    yield _q(fam, "studies with mediastinal lymphadenopathy", "study", sids(lad))
    yield _q(
        fam,
        "coronary artery calcification on screening cts from ct01",
        "study",
        sids(cac, ldct, at_station("CT01")),
    )
    yield _q(fam, "reports that mention a granuloma", "study", sids(gran))
    yield _q(
        fam,
        "cts with no emphysema and a nodule > 8 mm",
        "study",
        sids(any_ct, neg(emph), nod(gt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "lr 4a exams negative for lymphadenopathy",
        "study",
        sids(denies("lymphadenopathy"), cat_in("4A")),
    )
    yield _q(
        fam,
        "number of pts with emphysema and coronary calcification on one ct",
        "count",
        len(pids(emph, cac)),
    )
    yield _q(
        fam,
        "pts with emphysema but never a nodule",
        "patient",
        history(some_but_never(emph, nod())),
    )
    yield _q(
        fam,
        "women with lymphadenopathy in the report",
        "patient",
        pids(sex_is("F"), lad),
    )
    yield _q(
        fam,
        "emphysema or lymphadenopathy on ldct in 2026",
        "study",
        sids(ldct, in_year(2026), lambda s: emph(s) or lad(s)),
    )
    yield _q(
        fam,
        "chest cts without coronary calcification with spiculated nodules",
        "study",
        sids(chest_ct, neg(cac), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "men over 70 whose reports state no emphysema",
        "patient",
        *aged(both_(sex_is("M"), lambda s: ref.age(s) > 70), denies("emphysema")),
    )


def follow_up(rng: random.Random) -> Rows:
    fam = "follow_up"
    yield from ask(
        fam,
        "which ldcts show interval growth of a nodule",
        "study",
        *[sids(ldct, fstudy(t)) for t in grew_readings()],
    )
    yield from ask(
        fam, "pts w growing nodules", "patient", *[pids(fstudy(t)) for t in grew_readings()]
    )
    yield from ask(
        fam,
        "spiculated nodules that grew in 2025",
        "study",
        *[sids(in_year(2025), fstudy(t, margin("spiculated"))) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "new nodules under 1 cm",
        "study",
        *[sids(fstudy(new(m), lt("diameter_mm", 10))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "pateints who developed a new solid nodule >= 6mm",
        "patient",
        *[pids(fstudy(new(m), att("solid"), ge("diameter_mm", 6))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "how many scans showed nodule growth",
        "count",
        *[count(fstudy(t)) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "2026 ldcts with a stable nodule",
        "study",
        *[
            sids(ldct, in_year(2026), fstudy(stable(r, m)))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        fam,
        "pts w unchanged solid nodules",
        "patient",
        *[pids(fstudy(stable(r, m), att("solid"))) for r in (False, True) for m in (False, True)],
    )
    yield _q(
        fam, "nodules that resolved", "study", sids(fstudy(lambda f: resolved(f) and is_nodule(f)))
    )

    def bigger_on_latest(masses: bool) -> FTest:
        def test(f: Row) -> bool:
            if not f.get("track_id") or f["kind"] not in ("nodule", "mass"):
                return False
            if not masses and (f["kind"] == "mass" or mass_from_start(f)):
                return False
            s = study_of(f)
            first = tracks()[f["track_id"]][0]
            return (
                own(s["patient_id"])[-1]["study_uid"] == s["study_uid"]
                and study_of(first)["study_date"] < s["study_date"]
                and f["diameter_mm"] > first["diameter_mm"]
            )

        return test

    yield from ask(
        fam,
        "solid nodules that are larger on the most recent scan than at baseline",
        "study",
        *[sids(fstudy(bigger_on_latest(m), att("solid"))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "growth > 1.5mm in the rul",
        "study",
        *[sids(fstudy(t, in_lobe("RUL"))) for t in grew_readings()],
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    multi = [
        p for p, mine in _own().items() if len({s["study_date"] for s in mine if chest_ct(s)}) >= 3
    ]
    p1, p2, p3 = rng.sample(multi, 3)

    def span(pid: str, test: Test) -> int:
        mine = [s for s in own(pid) if test(s)]
        return days_between(mine[0]["study_date"], mine[-1]["study_date"])

    yield _q(fam, f"{p1}: days from first to most recent ct", "value", float(span(p1, any_ct)))
    yield _q(
        fam, f"months between {p2}'s first and last chest ct", "value", span(p2, chest_ct) / 30.4375
    )
    yield _q(
        fam,
        f"how long in weeks between the baseline and latest scan of {p3}",
        "value",
        span(p3, lambda s: True) / 7,
    )
    spans = [
        float(days_between(mine[0]["study_date"], mine[-1]["study_date"]))
        for mine in ([s for s in m if chest_ct(s)] for m in _own().values())
        if len({s["study_date"] for s in mine}) >= 2
    ]
    yield _q(fam, "mean days from first to latest chest ct", "value", mean_of(spans))
    yield _q(
        fam,
        "median follow-up from first to latest chest ct in years",
        "value",
        median_of(spans) / 365.25,
    )

    def followed(months: int, inclusive: bool, test: Test = lambda s: True) -> list[str]:
        out = []
        for p, mine in _own().items():
            kept = [s for s in mine if test(s)]
            if not kept:
                continue
            due = months_on(kept[0]["study_date"], months)
            last = kept[-1]["study_date"]
            if last >= due if inclusive else last > due:
                out.append(p)
        return sorted(out)

    yield _q(fam, "pts followed for more than 2 years", "patient", followed(24, False))
    yield _q(fam, "pts with 30+ months of f/u", "patient", followed(30, True))
    yield _q(
        fam,
        "patients whose first and latest ldct are over 3 yrs apart",
        "patient",
        followed(36, False, ldct),
    )

    def rescanned(months: int, test: Test, later: Test) -> list[str]:
        out = set()
        for p, mine in _own().items():
            for s in mine:
                if not test(s):
                    continue
                due = months_on(s["study_date"], months)
                if any(later(x) and s["study_date"] < x["study_date"] <= due for x in mine):
                    out.add(p)
        return sorted(out)

    yield _q(
        fam,
        "patients scanned again within 11 months",
        "patient",
        rescanned(11, lambda s: True, lambda s: True),
    )
    yield _q(
        fam,
        "pts with a repeat chest ct within a year",
        "patient",
        rescanned(12, chest_ct, chest_ct),
    )

    def gaps(test: Test) -> list[tuple[str, str, str]]:
        out = []
        for p, mine in _own().items():
            days = sorted({s["study_date"] for s in mine if test(s)})
            out.extend((p, a, b) for a, b in itertools.pairwise(days))
        return out

    yield _q(
        fam,
        "pts with a break of > 13 months between successive screening scans",
        "patient",
        sorted({p for p, a, b in gaps(ldct) if b > months_on(a, 13)}),
    )
    yield _q(
        fam,
        "average interval between consecutive screening cts in months",
        "value",
        mean_of([days_between(a, b) for _, a, b in gaps(ldct)]) / 30.4375,
    )
    yield _q(
        fam,
        "median gap between successive chest cts, days",
        "value",
        median_of([float(days_between(a, b)) for _, a, b in gaps(chest_ct)]),
    )


def ages(rng: random.Random) -> Rows:
    fam = "ages"
    yield from ask(
        fam, "patients over 80 with a nodule", "patient", *aged(lambda s: ref.age(s) > 80, nod())
    )
    yield from ask(
        fam,
        "septuagenarians with part-solid nodules",
        "patient",
        *aged(age_in(70, 79), nod(att("part-solid"))),
    )
    yield from ask(
        fam,
        "how many pts aged 50-64 had a screening ct in 2025",
        "count",
        *[len(x) for x in aged(age_in(50, 64), ldct, in_year(2025))],
    )
    yield from ask(
        fam,
        "patients 75 or older w masses",
        "patient",
        *aged(lambda s: ref.age(s) >= 75, kind("mass")),
    )
    yield from ask(
        fam,
        "people in their 40s with a pneumothorax",
        "patient",
        *aged(age_in(40, 49), kind("pneumothorax")),
    )
    yield from ask(
        fam,
        "men 60 to 70 with calcified nodules",
        "patient",
        *aged(both_(sex_is("M"), age_in(60, 70)), nod(calcified)),
    )
    yield from ask(
        fam,
        "pts under 55 with lung rads 4x",
        "patient",
        *aged(lambda s: ref.age(s) < 55, cat_in("4X")),
    )
    yield from ask(
        fam,
        "screening cts of patients aged 70+",
        "study",
        sids(ldct, lambda s: ref.age(s) >= 70),
    )
    cta_patients = [mine for mine in _own().values() if any(map(cta, mine))]
    yield from ask(
        fam,
        "mean age at ct angio",
        "value",
        round(
            mean_of([float(ref.age([s for s in mine if cta(s)][-1])) for mine in cta_patients]), 9
        ),
        round(mean_of([float(ref.age(s)) for s in studies() if cta(s)]), 9),
    )


def more_ages(rng: random.Random) -> Rows:
    fam = "ages"
    yield _q(fam, "pts older than 85", "patient", pids(lambda s: ref.age(s) > 85))
    yield _q(fam, "octogenarians", "patient", pids(age_in(80, 89)))
    yield _q(
        fam,
        "how many ldcts were done on patients 80 or older",
        "count",
        count(ldct, lambda s: ref.age(s) >= 80),
    )
    yield _q(fam, "chest cts in pts between 30 and 35", "study", sids(chest_ct, age_in(30, 35)))
    yield _q(
        fam,
        "head cts of patients 65+",
        "study",
        sids(head_ct, lambda s: ref.age(s) >= 65),
    )


def sexes(rng: random.Random) -> Rows:
    fam = "sexes"
    yield _q(
        fam,
        "femal pts with spiculated nodules",
        "patient",
        pids(sex_is("F"), nod(margin("spiculated"))),
    )
    yield _q(fam, "how many men had a head ct", "count", len(pids(sex_is("M"), head_ct)))
    yield _q(
        fam,
        "women's chest cts with ground-glass nodules",
        "study",
        sids(sex_is("F"), chest_ct, nod(att("ground-glass"))),
    )
    yield _q(fam, "# of 2024 ldcts in male pts", "count", count(sex_is("M"), ldct, in_year(2024)))
    yield _q(fam, "F pts with lung-rads 4b", "patient", pids(sex_is("F"), cat_in("4B")))
    yield _q(fam, "males with emphysema", "patient", pids(sex_is("M"), says("emphysema")))
    yield _q(fam, "how many women are in the cohort", "count", sum(p["sex"] == "F" for p in pats()))
    yield _q(
        fam,
        "patients with sex O",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield _q(
        fam, "women w pleural effusion", "patient", pids(sex_is("F"), kind("pleural_effusion"))
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield _q(fam, "pneumothorax on cxr", "study", sids(cxr, kind("pneumothorax")))
    yield from ask(
        fam,
        "non-contrast chest cts with nodules over 10mm",
        "study",
        sids(non_contrast_chest, nod(gt("diameter_mm", 10))),
        sids(either(non_contrast_chest, ldct), nod(gt("diameter_mm", 10))),
    )
    yield _q(fam, "ct pe studies with an effusion", "study", sids(cta, kind("pleural_effusion")))
    yield _q(fam, "head ct hemorrhage", "study", sids(head_ct, kind("intracranial_hemorrhage")))
    yield from ask(
        fam,
        "contrast-enhanced chest cts in 2025",
        "study",
        sids(with_contrast, in_year(2025)),
        sids(either(with_contrast, cta), in_year(2025)),
    )
    yield _q(
        fam,
        "non-screening chest cts with lung-rads 4a",
        "study",
        sids(chest_ct, neg(ldct), cat_in("4A")),
    )
    yield _q(fam, "how many studies were done at dx01", "count", count(at_station("DX01")))
    yield _q(fam, "ct02 head scans", "study", sids(head_ct, at_station("CT02")))
    yield _q(fam, "patients who had a chest radiograph", "patient", pids(cxr))
    yield _q(
        fam,
        "number of low dose cts at station CT01 in 2023",
        "count",
        count(ldct, at_station("CT01"), in_year(2023)),
    )
    yield from ask(
        fam,
        "consolidation on any chest imaging",
        "study",
        sids(lambda s: s["body_part"] == "CHEST", kind("consolidation")),
        sids(kind("consolidation")),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield _q(
        fam,
        "nodules in the right middle lobe > 8mm",
        "study",
        sids(nod(in_lobe("RML"), gt("diameter_mm", 8))),
    )
    yield _q(
        fam, "ggns in the left uper lobe", "study", sids(nod(in_lobe("LUL"), att("ground-glass")))
    )
    yield _q(fam, "how many lll nodules are there", "count", len(nodule_rows(in_lobe("LLL"))))
    yield _q(
        fam,
        "left-lung nodules > 2cm",
        "study",
        sids(nod(in_lobe("LUL", "LLL"), gt("diameter_mm", 20))),
    )
    yield _q(fam, "right-sided pneumothorax", "study", sids(kind("pneumothorax", on_side("right"))))
    yield _q(
        fam, "left pleural effusions", "study", sids(kind("pleural_effusion", on_side("left")))
    )
    yield _q(
        fam,
        "bilateral nodules on one ct",
        "study",
        sids(nod(in_lobe("RUL", "RML", "RLL")), nod(in_lobe("LUL", "LLL"))),
    )
    yield _q(
        fam,
        "lower lobe part-solid noduls",
        "study",
        sids(nod(in_lobe("RLL", "LLL"), att("part-solid"))),
    )
    yield _q(
        fam,
        "upper lobe nodules w spiculation, pts",
        "patient",
        pids(nod(in_lobe("RUL", "LUL"), margin("spiculated"))),
    )
    yield _q(
        fam,
        "calcified nodules in the rml or lul",
        "study",
        sids(nod(calcified, in_lobe("RML", "LUL"))),
    )


def characters(rng: random.Random) -> Rows:
    fam = "characters"
    yield _q(
        fam,
        "smooth-margined solid nodules over 12 mm",
        "study",
        sids(nod(margin("smooth"), att("solid"), gt("diameter_mm", 12))),
    )
    yield _q(fam, "subsolid nodules >= 8mm", "study", sids(nod(subsolid, ge("diameter_mm", 8))))
    yield _q(
        fam,
        "non-calcified spiculated nodules",
        "study",
        sids(nod(uncalcified, margin("spiculated"))),
    )
    yield _q(
        fam,
        "how many psn are spiculated",
        "count",
        len(nodule_rows(margin("spiculated"), att("part-solid"))),
    )
    yield _q(
        fam,
        "pure ground glass nodules > 1cm",
        "study",
        sids(nod(att("ground-glass"), gt("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "psn with spiculated margins",
        "study",
        sids(nod(att("part-solid"), margin("spiculated"))),
    )
    yield _q(
        fam,
        "solid calcified nodules on ldct 2026",
        "study",
        sids(ldct, in_year(2026), nod(att("solid"), calcified)),
    )
    yield _q(
        fam, "patients with a spiculated mass", "patient", pids(kind("mass", margin("spiculated")))
    )
    yield _q(
        fam,
        "gg lesions 15 mm or larger",
        "study",
        sids(lesion(att("ground-glass"), ge("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "spiculated solid nodules, hu above 0",
        "study",
        sids(nod(margin("spiculated"), att("solid"), gt("mean_hu", 0))),
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
    more_ages,
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
