"""Held-out part 20 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as a final, honest measurement of the question reader, blind to it: its author
read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions" section
of ``docs/query.md`` and its "Reports" section on what a report phrase means (not the tables of
measurements nor the paragraphs listing misses and fixes), :mod:`question_bank` (the :class:`Item`
type and its helpers), :mod:`cohort_reference`, and ``bank_fresh_19.py`` for its format, its
plain-Python helpers (copied here) and its module docstring only, not its questions. The reader's
code (``query/``), ``appliance/``, the tests (``test_*.py``) and the other parts of the bank were
not opened, and the engine was never run on these questions: they were frozen (committed) before
any was put to it, and none is to be changed to suit it afterwards. Two things beyond the brief
were seen while reading: the scoring function of :mod:`question_bank` (``_matches``, for the form
of a "value" or "groups" answer), and, by accident while copying part 19's helpers, the first eight
questions of its identifiers family (none of their shapes is reused here). Their texts were
compared with ``dev_queries.jsonl`` and with part 19's questions by a script that printed only this
part's matches (word for word, after lower-casing and dropping punctuation, and by word overlap of
75 % or more); every such match was reworded.

Every family issue 17 lists is here: identifiers (patient IDs / MRNs, accession numbers, study
UIDs, a patient's first ever / newest study, two patients joined by "or", an unknown MRN, "which
patient does <accession> belong to"), dates (quarters "q4 of 2023", "2024 Q3"; "since aug 2026",
"since 1 march 2026", month ranges "between feb and may 2025" and "nov 2023 - jan 2024", slashed
day ranges, ISO ranges with "thru", "second half of", "H1 2026", "last yr", "this year", the last
60 days, decades and bounds of birth "born in the 1940s", "dob before 1950", "born 1985 or later"),
numbers (negative HU "below -700", "minus 100", HU ranges, sizes in words "half a centimeter",
"twelve mm", "fifteen millimetres", in cm, "0.4cm-0.8cm", two bounds; confidences ".6", "95%",
"between 0.5 and 0.7"; volumes in cc and mm3; long and short axis; solid component; an age band
"60-69"), counts (exactly / only / fewer than / "5 or more" nodules, "more than 3 on a single
scan", "four or more scans", "imaged only once", ldcts and head cts per patient, "2+ chest cts in
2025", totals), patient-level set logic ("both ... and", "A and B both", "but never", "never had",
"never had ... reported"), Lung-RADS (a category, "4a or higher", "2 or lower", highest / worst
ever, counts per category, upgraded, "any change ... vs prior", "from 2 to 4a", "changed to 3"),
rankings and top-N (diameter, HU, volume, confidence, long axis, solid component, birth date, study
date, nodule count per patient), averages, medians and percentages (mm, cm, cc, HU, confidence,
nodules per scan), report concepts with negation ("negative for", "say no", "or"), growth / new /
stable / resolved, intervals (days and months between a patient's first and latest studies, rescans
within N months, length of follow-up), ages ("over 75", "aged 50 to 55", "octogenarians", "in their
30s", "65+ y/o", "70 yo or older"), sex (including "other"), modality / body part / description /
station, lobes and sides, attenuation / margin / calcification. The phrasings use verbs and shapes
part 19 did not ("look up", "which patient does ... belong to", "every exam on file", "how many
times has ... been scanned", "imaged only once", "count the", fragments with the number last).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`). Expected answers are
computed here in plain Python from the cohort's JSON Lines files with the documented conventions
written out by hand. Where the conventions do not settle a reading, the question is asked only when
the competing readings give the same answer (:func:`agreed`, :func:`ask`), otherwise it is left
out: a track that was a mass from its first study counted or not as a new / stable / growing
nodule; a change computed in floating point or to 0.1 mm; an age (or sex) and another condition on
one study or each on some study of the patient; a bare measured field without a kind of finding
("short axis at most 3 mm", "solid component bigger than 6 mm": nodules, lesions or any finding);
"coronary calcification and a nodule >= 6mm" for patients on one study or on each of two; the first
day of "the last 60 days"; a count of "nodules increased by" as nodules only or findings of any
kind. Left out altogether: a ranking with a tie at its boundary (a shared study date is a tie: no
UID tie-break is asked), "the earliest N <studies>" (a ranking, or each patient's first study:
asked as "N cxrs with the earliest study dates"), a patient's first or latest study when a date is
shared, a percentage that is not within 0.005 of its rounding to 0.1. "last yr" is read as the
previous calendar year (docs/query.md says so, though a user may mean the past 12 months). Report
concepts follow the fixture's phrasings as part 19's helpers do ("emphysematous" affirms emphysema;
a negated sentence is one with "no", "negative for" or "without"). Two answers are empty on
purpose: an unknown MRN and "resolved" nodules (docs/query.md says the shared cohort has none).

Scored alone with ``python tests/query/question_bank.py --part held_out_20 -v`` once wired in.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
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
    subsolid,
    top,
    uncalcified,
    went,
    went_from,
    with_contrast,
    with_history,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_20"
SEED = 2020


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


def _ends_alone(pid: str) -> bool:
    """The patient's first and latest studies are each alone on their date (no UID tie-break)."""
    dates_ = [s["study_date"] for s in own(pid)]
    return dates_.count(dates_[0]) == 1 and dates_.count(dates_[-1]) == 1


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    multi = [p for p in with_history(3) if _ends_alone(p)]
    p = pick(rng, multi)
    yield _q(fam, f"every exam on file, pt {p}", "study", [s["study_uid"] for s in own(p)])
    p = pick(rng, multi)
    yield _q(fam, f"what was {p}'s first ever study", "study", [own(p)[0]["study_uid"]])
    p = pick(rng, multi)
    yield _q(fam, f"newest imaging for mrn {p}", "study", [own(p)[-1]["study_uid"]])
    p = pick(rng, multi)
    yield _q(fam, f"how many times has {p} been scanned", "count", len(own(p)))
    s = pick(rng, studies())
    yield _q(fam, f"look up accession no. {s['accession']}", "study", [s["study_uid"]])
    s = pick(rng, studies())
    yield _q(fam, f"which patient does {s['accession']} belong to", "patient", [s["patient_id"]])
    s = pick(rng, [x for x in studies() if len(nods(x)) >= 2])
    yield _q(
        fam,
        f"how many nodules were found on accession {s['accession']}",
        "count",
        len(nods(s)),
    )
    s = pick(rng, [x for x in studies() if len(fo(x)) >= 2])
    yield _q(
        fam,
        f"list the findings of study uid {s['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s)),
    )
    s = pick(rng, studies())
    yield _q(fam, f"pt for uid {s['study_uid']}?", "patient", [s["patient_id"]])
    a, b = rng.sample(multi, 2)
    yield _q(
        fam,
        f"scans belonging to {a} or {b}",
        "study",
        sorted(x["study_uid"] for x in own(a) + own(b)),
    )
    yield _q(fam, "studies for mrn P99871", "study", [])
    p = pick(rng, [q for q in multi if any(nods(x) for x in own(q))])
    yield _q(
        fam,
        f"nods on any of {p}'s cts",
        "study",
        sorted(x["study_uid"] for x in own(p) if nods(x)),
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y, q = pick(rng, [(2023, 4), (2024, 2), (2025, 1), (2025, 3)])
    yield _q(fam, f"ldcts done in q{q} of {y}", "study", sids(ldct, quarter(y, q)))
    yield _q(fam, "how many cxrs in 2024 Q3", "count", count(cxr, quarter(2024, 3)))
    yield _q(fam, "scans since aug 2026", "study", sids(dated("2026-08-01", AS_OF)))
    yield _q(
        fam,
        "chest cts between feb and may 2025",
        "study",
        sids(chest_ct, dated("2025-02-01", "2025-05-31")),
    )
    yield _q(
        fam,
        "head ct 10/1/2025 to 12/31/2025",
        "study",
        sids(head_ct, dated("2025-10-01", "2025-12-31")),
    )
    yield _q(
        fam,
        "count the studies performed before march 2023",
        "count",
        count(dated("2000-01-01", "2023-02-28")),
    )
    yield _q(
        fam,
        "exams from 2024-06-01 thru 2024-06-30 with a nodule",
        "study",
        sids(nod(), dated("2024-06-01", "2024-06-30")),
    )
    yield _q(
        fam,
        "second half of 2023 ct angio studies",
        "study",
        sids(cta, dated("2023-07-01", "2023-12-31")),
    )
    yield _q(fam, "pts scanned last yr", "patient", pids(in_year(2025)))
    yield _q(
        fam,
        "number of ldcts this year",
        "count",
        count(ldct, dated("2026-01-01", AS_OF)),
    )
    yield _q(
        fam,
        "studies in the last 60 days",
        "study",
        agreed(sids(dated(shift(AS_OF, -60), AS_OF)), sids(dated(shift(AS_OF, -59), AS_OF))),
    )
    yield _q(
        fam,
        "pts born in the 1940s",
        "patient",
        born("1940-01-01", "1949-12-31"),
    )
    yield _q(
        fam,
        "patients with dob before 1950 who had a mass",
        "patient",
        sorted(set(born("1000-01-01", "1949-12-31")) & set(pids(kind("mass")))),
    )
    yield _q(
        fam,
        "women born 1985 or later",
        "patient",
        sorted(
            p["patient_id"] for p in pats() if p["sex"] == "F" and p["birth_date"] >= "1985-01-01"
        ),
    )
    yield _q(
        fam,
        "ground glass nodules seen in december 2024",
        "study",
        sids(nod(att("ground-glass")), dated("2024-12-01", "2024-12-31")),
    )
    yield _q(
        fam,
        "how many studies in 2023 or 2024",
        "count",
        count(dated("2023-01-01", "2024-12-31")),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield _q(fam, "nodules w mean hu below -700", "study", sids(nod(lt("mean_hu", -700))))
    yield _q(
        fam,
        "nods with hu from -500 to -200",
        "study",
        sids(nod(within("mean_hu", -500, -200))),
    )
    yield _q(
        fam,
        "nodules denser than minus 100 hu",
        "study",
        sids(nod(gt("mean_hu", -100))),
    )
    yield _q(fam, "nodules under half a centimeter", "study", sids(nod(lt("diameter_mm", 5))))
    yield _q(
        fam,
        "any nodule fifteen millimetres or larger",
        "study",
        sids(nod(ge("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "nodule between 4 and 6 millimeters",
        "study",
        sids(nod(within("diameter_mm", 4, 6))),
    )
    yield _q(
        fam,
        "nodules measuring twelve mm or more",
        "study",
        sids(nod(ge("diameter_mm", 12))),
    )
    yield _q(
        fam,
        "long axis > 2 cm nodules",
        "study",
        sids(nod(gt("long_axis_mm", 20))),
    )
    yield _q(
        fam,
        "short axis at most 3 mm",
        "study",
        agreed(
            sids(nod(le("short_axis_mm", 3))),
            sids(lesion(le("short_axis_mm", 3))),
            sids(fstudy(le("short_axis_mm", 3))),
        ),
    )
    yield _q(
        fam,
        "nodules with confidence under .6",
        "study",
        sids(nod(lt("confidence", 0.6))),
    )
    yield _q(
        fam,
        "findings with conf at least 95%",
        "finding",
        fids(ge("confidence", 0.95)),
    )
    yield _q(
        fam,
        "how many nodules have confidence between 0.5 and 0.7",
        "count",
        len(nodule_rows(within("confidence", 0.5, 0.7))),
    )
    yield _q(
        fam,
        "nodules with volume > 1 cc",
        "study",
        sids(nod(gt("volume_mm3", 1000))),
    )
    yield _q(
        fam,
        "nodules under 100 mm3 volume",
        "study",
        sids(nod(lt("volume_mm3", 100))),
    )
    yield _q(
        fam,
        "solid component bigger than 6 mm",
        "study",
        agreed(
            sids(nod(gt("solid_component_mm", 6))),
            sids(lesion(gt("solid_component_mm", 6))),
            sids(fstudy(gt("solid_component_mm", 6))),
        ),
    )
    yield from ask(
        fam,
        "nodules over 8 mm in pts 60-69",
        "patient",
        *aged(age_in(60, 69), nod(gt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "subcentimeter solid nods",
        "study",
        sids(nod(att("solid"), lt("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "nodules 0.4cm-0.8cm",
        "study",
        sids(nod(within("diameter_mm", 4, 8))),
    )
    yield _q(
        fam,
        "nodules at least 6 mm and under 1 cm",
        "study",
        sids(nod(ge("diameter_mm", 6), lt("diameter_mm", 10))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield _q(fam, "cts with exactly three nodules", "study", sids(lambda s: len(nods(s)) == 3))
    yield _q(fam, "scans showing 5 or more nods", "study", sids(lambda s: len(nods(s)) >= 5))
    yield _q(
        fam,
        "how many studies have only one nodule",
        "count",
        count(lambda s: len(nods(s)) == 1),
    )
    yield _q(
        fam,
        "studies w fewer than 2 nodules",
        "study",
        sids(lambda s: len(nods(s)) < 2),
    )
    yield _q(
        fam,
        "pts with four or more scans",
        "patient",
        history(lambda mine: len(mine) >= 4),
    )
    yield _q(
        fam,
        "patients imaged only once",
        "patient",
        history(lambda mine: len(mine) == 1),
    )
    yield _q(
        fam,
        "patients with at least 3 ldcts",
        "patient",
        history(lambda mine: sum(map(ldct, mine)) >= 3),
    )
    yield _q(
        fam,
        "pts with more than one head ct",
        "patient",
        history(lambda mine: sum(map(head_ct, mine)) > 1),
    )
    yield _q(
        fam,
        "total number of nodules in the cohort",
        "count",
        len(nodule_rows()),
    )
    yield _q(fam, "how many patients have had a mass", "count", len(pids(kind("mass"))))
    yield _q(
        fam,
        "how many pneumothorax findings",
        "count",
        len(fids(lambda f: f["kind"] == "pneumothorax")),
    )
    yield _q(
        fam,
        "more than 3 nodules on a single scan",
        "study",
        sids(lambda s: len(nods(s)) > 3),
    )
    yield _q(
        fam,
        "count patients with 2+ chest cts in 2025",
        "count",
        len(history(lambda mine: sum(chest_ct(x) and in_year(2025)(x) for x in mine) >= 2)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    mass = kind("mass")
    ptx = kind("pneumothorax")
    yield _q(
        fam,
        "pts who had both a ptx and nodules",
        "patient",
        history(each_on_some(ptx, nod())),
    )
    yield _q(
        fam,
        "patients with a mass but never a pneumothorax",
        "patient",
        history(some_but_never(mass, ptx)),
    )
    yield _q(
        fam,
        "pt list: no nodule on any study, ever",
        "patient",
        history(lambda mine: not any(map(nod(), mine))),
    )
    yield _q(
        fam,
        "pts never imaged with a chest ct",
        "patient",
        history(lambda mine: not any(map(chest_ct, mine))),
    )
    yield _q(
        fam,
        "pts having spiculated & calcified nodules both",
        "patient",
        history(each_on_some(nod(margin("spiculated")), nod(calcified))),
    )
    yield _q(
        fam,
        "patients with both a cta and a contrast chest ct",
        "patient",
        history(each_on_some(cta, with_contrast)),
    )
    yield _q(
        fam,
        "pts w ground glass nodules but never a solid one",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield _q(
        fam,
        "people imaged both in 2023 and again in 2026",
        "patient",
        history(each_on_some(in_year(2023), in_year(2026))),
    )
    yield _q(
        fam,
        "how many pts never had emphysema reported",
        "count",
        len(history(lambda mine: not any(map(says("emphysema"), mine)))),
    )
    yield _q(
        fam,
        "patients with a nodule but never lung-rads 4",
        "patient",
        history(some_but_never(nod(), cat_in("4A", "4B", "4X"))),
    )
    yield _q(
        fam,
        "pts with emphysema and lymphadenopathy both",
        "patient",
        history(each_on_some(says("emphysema"), says("lymphadenopathy"))),
    )
    yield _q(
        fam,
        "pts w ldcts but never a ct chest w/o contrast",
        "patient",
        history(some_but_never(ldct, non_contrast_chest)),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    yield _q(fam, "lung rads 4b studies", "study", sids(cat_in("4B")))
    yield _q(fam, "how many lr3 scans", "count", count(cat_in("3")))
    yield _q(
        fam,
        "show exams categorised lung-rads 4a or higher",
        "study",
        sids(cat_in("4A", "4B", "4X")),
    )
    yield _q(
        fam, "lr 2 or lower ldcts in 2026", "study", sids(ldct, in_year(2026), cat_in("1", "2"))
    )
    yield _q(
        fam,
        "highest lung-rads ever = 3, which pts",
        "patient",
        history(lambda mine: highest(mine) == "3"),
    )
    yield _q(
        fam,
        "patients with a worst lung rads of 4x",
        "patient",
        history(lambda mine: highest(mine) == "4X"),
    )
    yield _q(
        fam,
        "count of patients whose highest category ever was 2",
        "count",
        len(history(lambda mine: highest(mine) == "2")),
    )
    groups: dict[str | None, int] = {}
    for s in studies():
        c = category(s)
        groups[c] = groups.get(c, 0) + 1
    yield _q(fam, "number of scans in each lung-rads category", "groups", groups)
    yield _q(
        fam,
        "studies whose lung rads was upgraded",
        "study",
        sids(went(1)),
    )
    yield _q(fam, "any change in lung-rads category vs prior?", "study", sids(went(0)))
    yield _q(
        fam,
        "pts whose lung-rads went from 2 to 4a",
        "patient",
        pids(went_from("2", ("4A",))),
    )
    yield _q(
        fam,
        "studies where the category changed to 3",
        "study",
        sids(lambda s: went(0)(s) and category(s) == "3"),
    )
    yield _q(
        fam,
        "lung-rads 1 chest cts from CT01",
        "study",
        sids(cat_in("1"), chest_ct, at_station("CT01")),
    )
    yield _q(
        fam,
        "women with an lr 4b",
        "patient",
        pids(sex_is("F"), cat_in("4B")),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    rows = nodule_rows()
    yield from ask(
        fam,
        "top 5 nodules by diameter",
        "finding",
        top(rows, lambda f: -f["diameter_mm"], 5, "finding_id"),
    )
    yield from ask(
        fam,
        "the 3 nodules with the lowest hu",
        "finding",
        top(rows, lambda f: f["mean_hu"], 3, "finding_id"),
    )
    yield from ask(
        fam,
        "4 smallest nodules by volume",
        "finding",
        top(rows, lambda f: f["volume_mm3"], 4, "finding_id"),
    )
    yield from ask(
        fam,
        "the 6 least confident nodules",
        "finding",
        top(rows, lambda f: f["confidence"], 6, "finding_id"),
    )
    yield from ask(
        fam,
        "the 5 oldest pts",
        "patient",
        top(pats(), lambda p: p["birth_date"], 5, "patient_id"),
    )
    yield from ask(
        fam,
        "3 youngest patients",
        "patient",
        top(pats(), lambda p: tuple(-ord(c) for c in p["birth_date"]), 3, "patient_id"),
    )
    yield from ask(
        fam,
        "the 4 most recent head cts",
        "study",
        top([s for s in studies() if head_ct(s)], latest_first, 4, "study_uid"),
    )
    yield from ask(
        fam,
        "3 cxrs with the earliest study dates",
        "study",
        top([s for s in studies() if cxr(s)], lambda s: s["study_date"], 3, "study_uid"),
    )
    per = {p["patient_id"]: sum(len(nods(s)) for s in own(p["patient_id"])) for p in pats()}
    yield from ask(
        fam,
        "which patient has the greatest number of nodules",
        "patient",
        top([{"pid": k, "n": v} for k, v in per.items()], lambda r: -r["n"], 1, "pid"),
    )
    yield from ask(
        fam,
        "top 3 patients by nodule count",
        "patient",
        top([{"pid": k, "n": v} for k, v in per.items()], lambda r: -r["n"], 3, "pid"),
    )
    yield from ask(
        fam,
        "2 ground-glass nods with the longest long axis",
        "finding",
        top(
            nodule_rows(att("ground-glass")),
            lambda f: -f["long_axis_mm"],
            2,
            "finding_id",
        ),
    )
    yield from ask(
        fam,
        "the part solid nodule with the biggest solid component",
        "finding",
        top(
            nodule_rows(att("part-solid"), ge("solid_component_mm", 0)),
            lambda f: -f["solid_component_mm"],
            1,
            "finding_id",
        ),
    )


def latest_first(s: Row) -> tuple[int, ...]:
    """A sort key putting the most recent date first (a shared date is a tie, left out)."""
    return tuple(-ord(ch) for ch in s["study_date"])


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    all_n = nodule_rows()
    yield _q(fam, "avg nodule diameter", "value", mean_of([f["diameter_mm"] for f in all_n]))
    yield _q(
        fam,
        "mean long axis of spiculated nodules",
        "value",
        mean_of([f["long_axis_mm"] for f in nodule_rows(margin("spiculated"))]),
    )
    yield _q(
        fam,
        "average hu of ground glass nods",
        "value",
        mean_of([f["mean_hu"] for f in nodule_rows(att("ground-glass"))]),
    )
    yield _q(
        fam,
        "solid nods: median vol",
        "value",
        median_of([f["volume_mm3"] for f in nodule_rows(att("solid"))]),
    )
    yield _q(
        fam,
        "average size of calcified nodules in cm",
        "value",
        mean_of([f["diameter_mm"] for f in nodule_rows(calcified)]) / 10,
    )
    yield _q(
        fam,
        "mean volume of part-solid nodules in cc",
        "value",
        mean_of([f["volume_mm3"] for f in nodule_rows(att("part-solid"))]) / 1000,
    )
    yield _q(
        fam,
        "median confidence for nodules",
        "value",
        median_of([f["confidence"] for f in all_n]),
    )
    yield _q(
        fam,
        "mean model confidence on ptx findings",
        "value",
        mean_of([f["confidence"] for f in findings() if f["kind"] == "pneumothorax"]),
    )
    cands = [
        (
            "what % of patients are female",
            "value",
            [pct(sum(p["sex"] == "F" for p in pats()), len(pats()))],
        ),
        (
            "percent of ldcts with a nodule",
            "value",
            [pct(count(ldct, nod()), count(ldct))],
        ),
        (
            "what fraction of nodules are calcified",
            "value",
            [pct(len(nodule_rows(calcified)), len(all_n))],
        ),
        (
            "percentage of nodules that are spiculated",
            "value",
            [pct(len(nodule_rows(margin("spiculated"))), len(all_n))],
        ),
        (
            "% of chest cts that were lung-rads 2",
            "value",
            [pct(count(chest_ct, cat_in("2")), count(chest_ct))],
        ),
        (
            "share of patients with emphysema",
            "value",
            [pct(len(pids(says("emphysema"))), len(pats()))],
        ),
        (
            "what proportion of head cts showed a hemorrhage",
            "value",
            [pct(count(head_ct, kind("intracranial_hemorrhage")), count(head_ct))],
        ),
    ]
    for question, unit, readings in cands:
        yield from ask(fam, question, unit, *readings)
    yield _q(
        fam,
        "avg nodules per scan",
        "value",
        len(all_n) / len(studies()),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield _q(fam, "reports describing emphysema", "study", sids(says("emphysema")))
    yield _q(fam, "scans negative for emphysema", "study", sids(denies("emphysema")))
    yield _q(
        fam,
        "pts w coronary artery calcification on the report",
        "patient",
        pids(says("coronary")),
    )
    yield _q(
        fam,
        "how many reports mention lymphadenopathy",
        "count",
        count(says("lymphadenopathy")),
    )
    yield _q(
        fam,
        "studies with emphysema and a spiculated nodule",
        "study",
        sids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "ldct reports that say no lymphadenopathy",
        "study",
        sids(ldct, denies("lymphadenopathy")),
    )
    yield _q(
        fam,
        "any report that documents a granuloma",
        "study",
        sids(says("granuloma")),
    )
    yield _q(
        fam,
        "men with emphysema in 2025",
        "patient",
        pids(sex_is("M"), says("emphysema"), in_year(2025)),
    )
    yield _q(
        fam,
        "count of patients w/ coronary calcification and a nodule >= 6mm",
        "count",
        agreed(
            len(pids(says("coronary"), nod(ge("diameter_mm", 6)))),
            len(history(each_on_some(says("coronary"), nod(ge("diameter_mm", 6))))),
        ),
    )
    yield _q(
        fam,
        "emphysema or lymphadenopathy reported",
        "study",
        sids(either(says("emphysema"), says("lymphadenopathy"))),
    )


def follow_up(rng: random.Random) -> Rows:
    fam = "growth/new/stable"
    yield from ask(fam, "growing nodules", "study", *[sids(fstudy(t)) for t in grew_readings()])
    yield from ask(
        fam,
        "pts whose nodule grew more than 3 mm",
        "patient",
        *[pids(fstudy(t)) for t in grew_readings(3.0)],
    )
    yield from ask(
        fam,
        "how many nodules increased by at least 2 mm",
        "count",
        *[len(fids(is_nodule, t)) for t in grew_readings(2.0, True)],
        *[len(fids(t)) for t in grew_readings(2.0, True)],
    )
    yield from ask(
        fam,
        "new nods on 2026 scans",
        "study",
        *[sids(in_year(2026), fstudy(is_nodule, new(m))) for m in (False, True)],
        *[sids(in_year(2026), fstudy(new(m))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "patients with a new nodule in 2024",
        "patient",
        *[pids(in_year(2024), fstudy(is_nodule, new(m))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "stable nodules on 2025 ldcts",
        "study",
        *[
            sids(ldct, in_year(2025), fstudy(stable(r, m)))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield _q(fam, "resolved nodules", "study", sids(fstudy(resolved)))
    yield from ask(
        fam,
        "growing spiculated nodules",
        "study",
        *[sids(fstudy(t, margin("spiculated"))) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "women w a growing nodule",
        "patient",
        *[pids(sex_is("F"), fstudy(t)) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "count of studies w new nodules in q1 2025",
        "count",
        *[count(quarter(2025, 1), fstudy(is_nodule, new(m))) for m in (False, True)],
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    multi = [p for p in with_history(3) if _ends_alone(p)]
    p = pick(rng, multi)
    mine = own(p)
    yield _q(
        fam,
        f"days from first to last scan for {p}",
        "value",
        days_between(mine[0]["study_date"], mine[-1]["study_date"]),
    )
    p = pick(rng, multi)
    mine = own(p)
    yield _q(
        fam,
        f"how many months between {p}'s first and latest study",
        "value",
        round(days_between(mine[0]["study_date"], mine[-1]["study_date"]) / 30.4375, 2),
    )

    def rescanned(months: int, test: Test) -> Test:
        def t(s: Row) -> bool:
            end = months_on(s["study_date"], months)
            return any(
                test(x) and s["study_date"] < x["study_date"] <= end for x in own(s["patient_id"])
            )

        return t

    yield _q(
        fam,
        "ldcts followed by another ldct within 13 months",
        "study",
        sids(ldct, rescanned(13, ldct)),
    )
    yield _q(
        fam,
        "pts who came back within a year of a chest ct showing a mass",
        "patient",
        pids(chest_ct, kind("mass"), rescanned(12, lambda x: True)),
    )
    yield _q(
        fam,
        "patients followed for more than 3 years",
        "patient",
        history(
            lambda mine: (
                len(mine) > 1 and mine[-1]["study_date"] > months_on(mine[0]["study_date"], 36)
            )
        ),
    )
    yield _q(
        fam,
        "pts with at least 24 months of follow-up",
        "patient",
        history(
            lambda mine: (
                len(mine) > 1 and mine[-1]["study_date"] >= months_on(mine[0]["study_date"], 24)
            )
        ),
    )


def ages(rng: random.Random) -> Rows:
    fam = "ages"
    yield _q(fam, "pts over 75 with nodules", "patient", pids(lambda s: ref.age(s) > 75, nod()))
    yield _q(fam, "patients aged 50 to 55", "patient", pids(age_in(50, 55)))
    yield _q(fam, "ldcts in pts under 40", "study", sids(ldct, lambda s: ref.age(s) < 40))
    yield _q(fam, "octogenarians", "patient", pids(age_in(80, 89)))
    yield _q(
        fam,
        "how many 70 yo or older had a head ct",
        "count",
        len(pids(lambda s: ref.age(s) >= 70, head_ct)),
    )
    yield _q(
        fam,
        "cxrs for patients in their 30s",
        "study",
        sids(cxr, age_in(30, 39)),
    )
    yield from ask(
        fam,
        "65+ y/o women with a spiculated nodule",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) >= 65), nod(margin("spiculated"))),
    )
    ages_ = {}
    for s in studies():
        if ref.sex(s) == "F" and kind("mass")(s):
            ages_[s["patient_id"]] = ref.age(s)  # the latest such study wins (date order)
    yield from ask(
        fam, "median age of women who had a mass", "value", median_of(list(ages_.values()))
    )


def sexes(rng: random.Random) -> Rows:
    fam = "sex"
    yield _q(fam, "male pt count", "count", sum(p["sex"] == "M" for p in pats()))
    yield _q(
        fam,
        "pts with sex other",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield _q(fam, "female pts w a mass", "patient", pids(sex_is("F"), kind("mass")))
    yield _q(fam, "men's head cts", "study", sids(sex_is("M"), head_ct))
    yield _q(
        fam,
        "women with ground-glass nodules",
        "patient",
        pids(sex_is("F"), nod(att("ground-glass"))),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality/body part"
    yield _q(fam, "all chest xrays", "study", sids(cxr))
    yield _q(fam, "how many ct angiograms", "count", count(cta))
    yield _q(fam, "head cts with a bleed", "study", sids(head_ct, kind("intracranial_hemorrhage")))
    yield _q(fam, "ct chest with contrast studies", "study", sids(with_contrast))
    yield _q(
        fam,
        "screening cts at station CT02 in 2024",
        "study",
        sids(ldct, at_station("CT02"), in_year(2024)),
    )
    yield _q(fam, "number of DX01 studies", "count", count(at_station("DX01")))
    yield _q(fam, "ptx on cxr", "study", sids(cxr, kind("pneumothorax")))
    yield _q(fam, "ctpa with consolidation", "study", sids(cta, kind("consolidation")))
    yield _q(fam, "pts s/p a non contrast chest ct", "patient", pids(non_contrast_chest))


def lobes(rng: random.Random) -> Rows:
    fam = "lobes/sides"
    yield _q(fam, "nodule in the rml, which exams", "study", sids(nod(in_lobe("RML"))))
    yield _q(fam, "nodules in the left lower lobe", "study", sids(nod(in_lobe("LLL"))))
    yield _q(fam, "tally of nodules located in the lul", "count", len(nodule_rows(in_lobe("LUL"))))
    yield _q(
        fam,
        "pts w both rul and lll nodules",
        "patient",
        history(each_on_some(nod(in_lobe("RUL")), nod(in_lobe("LLL")))),
    )
    yield _q(
        fam,
        "spiculated rul nodule over 1 cm",
        "study",
        sids(nod(in_lobe("RUL"), margin("spiculated"), gt("diameter_mm", 10))),
    )
    yield _q(fam, "left pneumothorax", "study", sids(kind("pneumothorax", on_side("left"))))
    yield _q(
        fam,
        "right sided pleural effusions",
        "study",
        sids(kind("pleural_effusion", on_side("right"))),
    )
    yield _q(
        fam,
        "nodules in the right lower lobe with hu > 0",
        "study",
        sids(nod(in_lobe("RLL"), gt("mean_hu", 0))),
    )


def characters(rng: random.Random) -> Rows:
    fam = "attenuation/margin/calcification"
    yield _q(fam, "lobulated nods", "study", sids(nod(margin("lobulated"))))
    yield _q(
        fam, "smooth margined solid nodules", "study", sids(nod(margin("smooth"), att("solid")))
    )
    yield _q(
        fam,
        "noncalcified nodules over 10mm",
        "study",
        sids(nod(uncalcified, gt("diameter_mm", 10))),
    )
    yield _q(fam, "calcified nods - total how many", "count", len(nodule_rows(calcified)))
    yield _q(
        fam,
        "part solid nods w solid comp >= 4 mm",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 4))),
    )
    yield _q(fam, "subsolid nodules in 2023", "study", sids(nod(subsolid), in_year(2023)))
    yield _q(
        fam,
        "pts with a spiculated part-solid nodule",
        "patient",
        pids(nod(margin("spiculated"), att("part-solid"))),
    )
    yield _q(
        fam,
        "ggns with a lobulated margin",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"))),
    )
    yield _q(
        fam,
        "pure ground glass nodules >= 2 cm",
        "study",
        sids(nod(att("ground-glass"), ge("diameter_mm", 20))),
    )
    yield _q(
        fam,
        "list calcified solid nodule findings",
        "finding",
        fids(is_nodule, calcified, att("solid")),
    )


def extras(rng: random.Random) -> Rows:
    """A second round over the families, in other sentence shapes."""

    def latest_ct(pid: str) -> Row | None:
        cts = [x for x in own(pid) if any_ct(x)]
        if not cts or [x["study_date"] for x in cts].count(cts[-1]["study_date"]) != 1:
            return None
        return cts[-1]

    def latest_ct_has_nodules(pid: str) -> bool:
        last = latest_ct(pid)
        return last is not None and bool(nods(last))

    p = pick(rng, [q for q in with_history(2) if latest_ct_has_nodules(q)])
    last = latest_ct(p)
    assert last is not None
    yield _q("identifiers", f"{p.lower()} latest ct - any nodules?", "study", [last["study_uid"]])
    s = pick(rng, [x for x in studies() if chest_ct(x)])
    yield _q("identifiers", f"lung-rads for acc {s['accession']}", "study", [s["study_uid"]])
    s = pick(rng, studies())
    yield _q("identifiers", f"study date of {s['accession']}?", "study", [s["study_uid"]])
    yield _q(
        "dates",
        "since 1 march 2026, how many ct heads",
        "count",
        count(head_ct, dated("2026-03-01", AS_OF)),
    )
    yield _q(
        "dates",
        "pts w/ a cta in nov 2023 - jan 2024",
        "patient",
        pids(cta, dated("2023-11-01", "2024-01-31")),
    )
    yield _q(
        "dates",
        "studies in H1 2026 w spiculated nods",
        "study",
        sids(dated("2026-01-01", "2026-06-30"), nod(margin("spiculated"))),
    )
    yield _q(
        "dates",
        "masses before 2025",
        "study",
        sids(kind("mass"), dated("2000-01-01", "2024-12-31")),
    )
    yield _q(
        "numbers",
        "nods > 600 mm3",
        "study",
        sids(nod(gt("volume_mm3", 600))),
    )
    yield _q(
        "numbers",
        "nodules w hu between -100 and +100",
        "study",
        sids(nod(within("mean_hu", -100, 100))),
    )
    yield _q(
        "numbers",
        "nodules smaller than 0.3 cm",
        "study",
        sids(nod(lt("diameter_mm", 3))),
    )
    yield _q(
        "numbers",
        "nodules ≥ 25mm long axis",
        "study",
        sids(nod(ge("long_axis_mm", 25))),
    )
    yield _q(
        "numbers",
        "high conf nodules above 0.98",
        "study",
        sids(nod(gt("confidence", 0.98))),
    )
    yield _q(
        "counts",
        "# of studies with no findings at all",
        "count",
        count(lambda s: not fo(s)),
    )
    yield _q(
        "counts",
        "pts with two or more ct angiograms",
        "patient",
        history(lambda mine: sum(map(cta, mine)) >= 2),
    )
    yield _q(
        "counts",
        "chest cts w precisely 2 nods",
        "study",
        sids(chest_ct, lambda s: len(nods(s)) == 2),
    )
    yield _q(
        "set logic",
        "patients who have never had an ldct",
        "patient",
        history(lambda mine: not any(map(ldct, mine))),
    )
    yield _q(
        "set logic",
        "pts w a calcified nodule but never a noncalcified one",
        "patient",
        history(some_but_never(nod(calcified), nod(uncalcified))),
    )
    yield _q(
        "set logic",
        "pts who had both a pe study and a ct chest w/o contrast",
        "patient",
        history(each_on_some(cta, non_contrast_chest)),
    )
    yield _q(
        "set logic",
        "pts with nodules who never had a spiculated one",
        "patient",
        history(some_but_never(nod(), nod(margin("spiculated")))),
    )
    yield _q(
        "lung-rads",
        "lr4x pts",
        "patient",
        pids(cat_in("4X")),
    )
    yield _q(
        "lung-rads",
        "lung rads below 3 with emphysema",
        "study",
        sids(cat_in("1", "2"), says("emphysema")),
    )
    yield _q(
        "lung-rads",
        "how many patients were ever lung-rads 4a",
        "count",
        len(pids(cat_in("4A"))),
    )
    yield _q(
        "lung-rads",
        "pts whose highest lr ever was 4b",
        "patient",
        history(lambda mine: highest(mine) == "4B"),
    )
    rows = nodule_rows()
    yield from ask(
        "rankings",
        "the single largest nodule by volume",
        "finding",
        top(rows, lambda f: -f["volume_mm3"], 1, "finding_id"),
    )
    yield from ask(
        "rankings",
        "which nodule has the highest hu",
        "finding",
        top(rows, lambda f: -f["mean_hu"], 1, "finding_id"),
    )
    yield from ask(
        "rankings",
        "the 2 most recent ct chest w contrast",
        "study",
        top([s for s in studies() if with_contrast(s)], latest_first, 2, "study_uid"),
    )
    yield from ask(
        "rankings",
        "top 10 nodules by long axis",
        "finding",
        top(rows, lambda f: -f["long_axis_mm"], 10, "finding_id"),
    )
    yield from ask(
        "rankings",
        "the oldest female patient",
        "patient",
        top([x for x in pats() if x["sex"] == "F"], lambda x: x["birth_date"], 1, "patient_id"),
    )
    solid_parts = nodule_rows(att("part-solid"))
    if all(f["solid_component_mm"] is not None for f in solid_parts):
        yield _q(
            "aggregates",
            "part-solid nods, avg solid comp in mm",
            "value",
            mean_of([f["solid_component_mm"] for f in solid_parts]),
        )
    yield _q(
        "aggregates",
        "median diameter of ldct nodules in 2024",
        "value",
        median_of([f["diameter_mm"] for f in nodule_rows(where=both_(ldct, in_year(2024)))]),
    )
    yield _q(
        "aggregates",
        "average short axis, lul nodules",
        "value",
        mean_of([f["short_axis_mm"] for f in nodule_rows(in_lobe("LUL"))]),
    )
    yield _q(
        "reports",
        "studies without emphysema but with a nodule over 10 mm",
        "study",
        sids(neg(says("emphysema")), nod(gt("diameter_mm", 10))),
    )
    yield _q(
        "reports",
        "neg for lymphadenopathy on ct angio",
        "study",
        sids(cta, denies("lymphadenopathy")),
    )
    yield _q(
        "reports",
        "how many pts had granuloma on a report",
        "count",
        len(pids(says("granuloma"))),
    )
    yield from ask(
        "growth/new/stable",
        "nodules growing > 2 mm in 2025",
        "study",
        *[sids(in_year(2025), fstudy(t)) for t in grew_readings(2.0)],
    )
    yield from ask(
        "growth/new/stable",
        "pts w stable nodules",
        "patient",
        *[pids(fstudy(stable(r, m))) for r in (False, True) for m in (False, True)],
    )
    yield _q(
        "ages",
        "patients younger than 45 w a ggn",
        "patient",
        pids(lambda s: ref.age(s) < 45, nod(att("ground-glass"))),
    )
    yield _q(
        "ages",
        "septuagenarians with a mass",
        "patient",
        pids(age_in(70, 79), kind("mass")),
    )
    yield _q(
        "sex",
        "female ldcts in 2026",
        "study",
        sids(sex_is("F"), ldct, in_year(2026)),
    )
    yield _q(
        "modality/body part",
        "head ct count at CT01",
        "count",
        count(head_ct, at_station("CT01")),
    )
    yield _q(
        "lobes/sides",
        "nodules in either upper lobe",
        "study",
        sids(nod(in_lobe("RUL", "LUL"))),
    )
    yield _q(
        "attenuation/margin/calcification",
        "part-solid nodules w/o calcification",
        "study",
        sids(nod(att("part-solid"), uncalcified)),
    )


FAMILIES: tuple[Callable[[random.Random], Rows], ...] = (
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
    extras,
)


def bank() -> list[Item]:
    rng = random.Random(SEED)
    seen: dict[str, Item] = {}
    for family in FAMILIES:
        for item in family(rng):
            if item.expected is not None:
                seen.setdefault(item.question, item)
    return list(seen.values())
