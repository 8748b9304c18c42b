"""Held-out part 21 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as a final, honest measurement of the question reader, blind to it: its author
read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions" section
of ``docs/query.md`` and its "Reports" section on what a report phrase means (not the tables of
measurements nor the paragraphs listing misses and fixes), :mod:`question_bank` (the :class:`Item`
type, its helpers and its scoring function ``_matches``, for the form of a "value" or "groups"
answer), :mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the
cohort, imported here), and ``bank_fresh_20.py`` for its format and module docstring only, up to
the line that opens its families, not its questions. The reader's code (``query/``),
``appliance/``, the tests (``test_*.py``) and the other parts of the bank were not opened, and the
engine was never run on these questions: they were frozen (committed) before any was put to it,
and none is to be changed to suit it afterwards. Their texts were compared with
``dev_queries.jsonl`` and with part 20's questions (loaded through its ``bank()``, never read) by a
script that printed only this part's matches (word for word after lower-casing and dropping
punctuation, and by word overlap of 75 % or more); every such match was reworded.

Every family issue 17 lists is here: identifiers (patient IDs, accession numbers, study UIDs, a
patient's baseline / most recent study, two patients, an unknown MRN, "whose study is <uid>"),
dates (quarters "2nd quarter of 2025", "Q1-2024"; "since sept 2025", day ranges with "thru",
slashed days, month ranges, halves, "this year", "so far", the last 6 months, the past 90 days,
decades and bounds of birth), numbers (negative HU, "minus", HU ranges, sizes in words "less than
a cm", "1.2cm or bigger", millimetres spelt out, confidences as decimals and percents, volumes in
cc / ml / mm3, long and short axis, solid component, age bands), counts ("how many", "number of",
"# of", "count", "tally", "total", exactly / at least / fewer than, per patient and on one CT),
patient-level set logic ("both ... and", "but never", "never had", "never ... reported"),
Lung-RADS (categories, bounds, worst ever, counts per category, upgrades, "from 3 to 4b"),
rankings and top-N, averages / medians / percentages, report concepts with negation, growth /
new / stable / resolved, intervals, ages, sex, modality / body part / description / station,
lobes and sides, attenuation / margin / calcification.

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`). Expected answers are
computed here in plain Python with the documented conventions written out by hand. Where the
conventions do not settle a reading the question is asked only when the competing readings give
the same answer (:func:`ask`), otherwise left out: a track that was a mass from its first study
counted or not as a new / stable / growing nodule; a change in floating point or to 0.1 mm; an
age (or sex) and another condition on one study or each on some study of the patient; the first
day of "the last 6 months" / "the past 90 days" (the as-of day minus the span, or the day after);
"non contrast chest ct" as the CT CHEST W/O CONTRAST description only or with the low-dose
screening CTs too, "contrast enhanced chest ct" with or without the CT angiograms. These readings
disagreed, so left out: "after 1995" as a year of birth (from 1995-01-01 or from 1996-01-01),
"upper lobe" (RUL and LUL, or the RML too), a non-contrast chest CT with a nodule > 8 mm, a
contrast-enhanced chest CT with an effusion. Left out altogether: a ranking with a tie at its
boundary (so no ranking of patients by a count where two tie), a patient's first or latest study
when a date is shared, a percentage that is not within 0.005 of its rounding to 0.1, "the earliest
N <studies>" (a ranking or each patient's first), "latest <study> with <condition>" (the latest
study then the condition, or the reverse; asked only where the patient's latest study meets it).
"peak Lung-RADS" is read as highest ever; "no." after "accession" is an abbreviation, not a
negation. Report concepts follow the fixture's phrasings as :mod:`blind_reference` reads them.
Two answers are empty on purpose: an unknown MRN and "disappeared" nodules (docs/query.md: none in
this cohort).

Scored alone with ``python tests/query/question_bank.py --part held_out_21 -v`` once wired in.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import cohort_reference as ref
from blind_reference import (
    ORDER,
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
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_21"
SEED = 2121


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


# --- small readings of this part ----------------------------------------------------------------


def _uid(s: Row) -> str:
    return str(s["study_uid"])


def _solo_dates(pool: Sequence[Row]) -> list[Row]:
    """Studies of the pool whose date no other study of the same patient shares."""
    out = []
    for s in pool:
        same = [x for x in own(s["patient_id"]) if x["study_date"] == s["study_date"]]
        if len(same) == 1:
            out.append(s)
    return out


def _first_last(pid: str, test: Test) -> tuple[Row, Row] | None:
    mine = [s for s in own(pid) if test(s)]
    if len(mine) < 2:
        return None
    first, last = mine[0], mine[-1]
    dates = [s["study_date"] for s in mine]
    if dates.count(first["study_date"]) > 1 or dates.count(last["study_date"]) > 1:
        return None
    return first, last


def _patients_top(score: Callable[[str], float], n: int) -> list[str] | None:
    rows = [{"patient_id": p["patient_id"], "k": -score(p["patient_id"])} for p in pats()]
    return top(rows, lambda r: r["k"], n, "patient_id")


def _groups(*tests: Test) -> list[tuple[str | None, int]]:
    counts = Counter(category(s) for s in studies() if all(t(s) for t in tests))
    return sorted(counts.items(), key=lambda kv: -1 if kv[0] is None else ORDER.index(kv[0]))


def _latest_of(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    if not mine:
        return None
    if len(mine) > 1 and mine[-1]["study_date"] == mine[-2]["study_date"]:
        return None
    return mine[-1]


# --- the families --------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    multi = [p for p in pats() if len(own(p["patient_id"])) >= 3]
    a, b2 = rng.sample(multi, 2)
    pa, pb = a["patient_id"], b2["patient_id"]
    yield _q(fam, f"scans belonging to patient {pa}", "study", sorted(map(_uid, own(pa))))
    yield _q(fam, f"how many times has {pb} been imaged", "count", len(own(pb)))
    yield _q(
        fam,
        f"exams for {pa.lower()} and {pb.lower()}",
        "study",
        sorted(map(_uid, own(pa) + own(pb))),
    )
    with_nod = [s for s in studies() if nods(s)]
    s1, s2, s3 = rng.sample(with_nod, 3)
    yield _q(fam, f"number of nodules on acc {s1['accession']}", "count", len(nods(s1)))
    yield _q(
        fam,
        f"list findings under accession no. {s2['accession']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s2)),
    )
    yield _q(fam, f"whose study is {s3['study_uid']}", "patient", [s3["patient_id"]])
    s4 = rng.choice(studies())
    yield _q(fam, f"which exam has accession# {s4['accession']}", "study", [_uid(s4)])
    s5 = rng.choice(with_nod)
    yield _q(
        fam,
        f"nodule findings in study uid {s5['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in nods(s5)),
    )
    # each patient's baseline CT / latest study
    cands = [p["patient_id"] for p in multi]
    rng.shuffle(cands)
    done = 0
    for pid in cands:
        first = [s for s in own(pid) if any_ct(s)]
        latest = _latest_of(pid, lambda s: True)
        if not first or latest is None:
            continue
        if len(first) > 1 and first[0]["study_date"] == first[1]["study_date"]:
            continue
        if done == 0:
            yield _q(fam, f"{pid}'s baseline ct", "study", [_uid(first[0])])
        elif done == 1:
            yield _q(fam, f"most recent exam on file for pt {pid}", "study", [_uid(latest)])
        else:
            if not nods(latest):
                continue
            yield _q(fam, f"nodules on {pid}'s latest scan", "study", [_uid(latest)])
            break
        done += 1
    yield _q(fam, "studies for mrn P09999", "study", [])
    two = rng.sample(
        [p["patient_id"] for p in pats() if any(nods(s) for s in own(p["patient_id"]))], 2
    )
    yield _q(
        fam,
        f"nodules in {two[0]} or {two[1]}",
        "study",
        sorted(_uid(s) for p in two for s in own(p) if nods(s)),
    )
    s6 = rng.choice([s for s in studies() if ldct(s)])
    yield _q(fam, f"patient id for acc {s6['accession']}", "patient", [s6["patient_id"]])


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    del rng
    yield _q(
        fam, "screening cts during the 2nd quarter of 2025", "study", sids(ldct, quarter(2025, 2))
    )
    yield _q(fam, "cxrs since sept 2025", "study", sids(cxr, dated("2025-09-01", AS_OF)))
    yield _q(
        fam,
        "studies 15 jan 2024 thru 20 feb 2024",
        "study",
        sids(dated("2024-01-15", "2024-02-20")),
    )
    yield _q(
        fam,
        "head ct between 03/01/2024 and 06/30/2024",
        "study",
        sids(head_ct, dated("2024-03-01", "2024-06-30")),
    )
    yield _q(
        fam,
        "ct angiograms from oct 2023 to mar 2024",
        "study",
        sids(cta, dated("2023-10-01", "2024-03-31")),
    )
    yield _q(
        fam, "exams in the second half of 2023", "study", sids(dated("2023-07-01", "2023-12-31"))
    )
    yield _q(fam, "# of ldcts in H1 2026", "count", count(ldct, dated("2026-01-01", "2026-06-30")))
    yield _q(fam, "masses found in 2024", "study", sids(kind("mass"), in_year(2024)))
    yield _q(
        fam, "ggns this year", "study", sids(nod(att("ground-glass")), dated("2026-01-01", AS_OF))
    )
    yield from ask(
        fam,
        "how many chest cts in the past 90 days",
        "count",
        count(chest_ct, dated(shift(AS_OF, -90), AS_OF)),
        count(chest_ct, dated(shift(AS_OF, -89), AS_OF)),
    )
    yield from ask(
        fam,
        "pneumothorax in last 6 mos",
        "study",
        sids(kind("pneumothorax"), dated("2026-05-01", AS_OF)),
        sids(kind("pneumothorax"), dated("2026-05-02", AS_OF)),
    )
    yield _q(fam, "nodules seen since 2025-06-15", "study", sids(nod(), dated("2025-06-15", AS_OF)))
    yield _q(fam, "ldct before 3/1/2023", "study", sids(ldct, dated("2000-01-01", "2023-02-28")))
    yield _q(
        fam,
        "scans dated dec 2023 - feb 2024 w emphysema",
        "study",
        sids(says("emphysema"), dated("2023-12-01", "2024-02-29")),
    )
    yield _q(fam, "Q1-2024 head cts", "study", sids(head_ct, quarter(2024, 1)))
    yield _q(
        fam,
        "spiculated nodules in july 2025",
        "study",
        sids(nod(margin("spiculated")), dated("2025-07-01", "2025-07-31")),
    )
    yield _q(
        fam,
        "studies from april through june 2026",
        "study",
        sids(dated("2026-04-01", "2026-06-30")),
    )
    nodp = pids(nod(margin("spiculated")))
    yield _q(
        fam,
        "patients born in the 1950s with spiculated nodules",
        "patient",
        sorted(set(nodp) & set(born("1950-01-01", "1959-12-31"))),
    )
    yield _q(fam, "pts born 1990 onwards", "patient", born("1990-01-01", "2100-01-01"))
    yield _q(fam, "dob before 1945", "patient", born("1800-01-01", "1944-12-31"))
    yield _q(
        fam,
        "women born between 1960 and 1965",
        "patient",
        sorted(set(born("1960-01-01", "1965-12-31")) & set(pids(sex_is("F")))),
    )
    yield from ask(
        fam,
        "people with dob after 1995",
        "patient",
        born("1995-01-02", "2100-01-01"),
        born("1996-01-01", "2100-01-01"),
    )
    yield _q(fam, "total cts in 2023", "count", count(any_ct, in_year(2023)))
    yield _q(fam, "ct pe studies in 2026 so far", "study", sids(cta, dated("2026-01-01", AS_OF)))


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    del rng
    hu = "mean_hu"
    dm = "diameter_mm"
    yield _q(fam, "nodule hu greater than -150", "study", sids(nod(gt(hu, -150))))
    yield _q(
        fam, "ggns with hu under minus 650", "study", sids(nod(att("ground-glass"), lt(hu, -650)))
    )
    yield _q(fam, "nodules hu -600 thru -400", "study", sids(nod(within(hu, -600, -400))))
    yield _q(fam, "nodule HU from -50 to 50", "study", sids(nod(within(hu, -50, 50))))
    yield _q(fam, "nods with mean attenuation <= -700 hu", "study", sids(nod(le(hu, -700))))
    yield _q(fam, "nodules less than a cm", "study", sids(nod(lt(dm, 10))))
    yield _q(
        fam, "part solid nodules 1.2cm or bigger", "study", sids(nod(att("part-solid"), ge(dm, 12)))
    )
    yield _q(
        fam, "solid nodules 6 to 8 millimeters", "study", sids(nod(att("solid"), within(dm, 6, 8)))
    )
    yield _q(fam, "nodules of twenty mm or more", "study", sids(nod(ge(dm, 20))))
    yield _q(fam, "nodules above 1.5 cm", "study", sids(nod(gt(dm, 15))))
    yield _q(fam, "long axis > 22mm nodules", "study", sids(nod(gt("long_axis_mm", 22))))
    yield _q(fam, "nodules w short axis under 4 mm", "study", sids(nod(lt("short_axis_mm", 4))))
    yield _q(fam, "findings with confidence below .7", "finding", fids(lt("confidence", 0.7)))
    yield _q(fam, "nodules conf >= 98%", "study", sids(nod(ge("confidence", 0.98))))
    yield _q(
        fam,
        "number of nodules with confidence between 0.6 and 0.75",
        "count",
        len(nodule_rows(within("confidence", 0.6, 0.75))),
    )
    yield _q(fam, "volume over 1 cc nodules", "study", sids(nod(gt("volume_mm3", 1000))))
    yield _q(
        fam,
        "nodules with vol btw 200 and 500 mm3",
        "study",
        sids(nod(within("volume_mm3", 200, 500))),
    )
    yield _q(
        fam,
        "ggn volume at least 2 ml",
        "study",
        sids(nod(att("ground-glass"), ge("volume_mm3", 2000))),
    )
    yield _q(
        fam,
        "part-solid nodules with solid comp of at least 5 mm",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 5))),
    )
    yield _q(
        fam,
        "psn solid component under 3mm",
        "study",
        sids(nod(att("part-solid"), lt("solid_component_mm", 3))),
    )
    yield _q(
        fam,
        "nodules 0.6 cm - 0.9 cm in the lul",
        "study",
        sids(nod(within(dm, 6, 9), in_lobe("LUL"))),
    )
    yield _q(
        fam, "nodules at least 8 mm and under 12 mm", "study", sids(nod(ge(dm, 8), lt(dm, 12)))
    )
    yield from ask(
        fam,
        "men aged 55-64 with a calcified nodule",
        "patient",
        *aged(both_(sex_is("M"), age_in(55, 64)), nod(calcified)),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    del rng
    yield _q(fam, "# of pts with a mass", "count", len(pids(kind("mass"))))
    yield _q(fam, "tally of head cts", "count", count(head_ct))
    yield _q(fam, "total chest xrays in 2024", "count", count(cxr, in_year(2024)))
    yield _q(fam, "count nodules in the RML", "count", len(nodule_rows(in_lobe("RML"))))
    yield _q(fam, "studies with exactly three nodules", "study", sids(lambda s: len(nods(s)) == 3))
    yield _q(fam, "scans showing 4 or more nodules", "study", sids(lambda s: len(nods(s)) >= 4))
    yield _q(
        fam, "ldcts with fewer than 2 nodules", "study", sids(ldct, lambda s: len(nods(s)) < 2)
    )
    yield _q(fam, "patients with just a single scan", "patient", history(lambda m: len(m) == 1))
    yield _q(fam, "pts with at least 3 ldcts", "patient", history(lambda m: sum(map(ldct, m)) >= 3))
    yield _q(fam, "people scanned at least four times", "patient", history(lambda m: len(m) >= 4))
    yield _q(
        fam,
        "number of patients with more than 2 nodules on a single ct",
        "count",
        len(pids(any_ct, lambda s: len(nods(s)) > 2)),
    )
    yield _q(fam, "how many findings in total", "count", len(findings()))
    yield _q(fam, "# nodules > 10 mm", "count", len(nodule_rows(gt("diameter_mm", 10))))
    yield _q(
        fam,
        "count of patients with 2+ head cts",
        "count",
        len(history(lambda m: sum(map(head_ct, m)) >= 2)),
    )
    yield _q(fam, "pts with only one ldct", "patient", history(lambda m: sum(map(ldct, m)) == 1))
    yield _q(
        fam,
        "how many pleural effusions",
        "count",
        sum(1 for f in findings() if f["kind"] == "pleural_effusion"),
    )
    yield _q(
        fam,
        "studies w/ precisely 2 ggns",
        "study",
        sids(lambda s: len(nods(s, att("ground-glass"))) == 2),
    )
    yield _q(fam, "number of exams at station CT01", "count", count(at_station("CT01")))
    yield _q(
        fam,
        "patients with two or more ldcts in 2024",
        "patient",
        history(lambda m: sum(1 for s in m if ldct(s) and in_year(2024)(s)) >= 2),
    )
    yield _q(fam, "total number of patients", "count", len(pats()))


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    del rng
    yield _q(
        fam,
        "pts with both a pneumothorax and a pleural effusion",
        "patient",
        history(each_on_some(kind("pneumothorax"), kind("pleural_effusion"))),
    )
    yield _q(
        fam,
        "patients w ggn but never a solid nodule",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield _q(fam, "pts who never had an ldct", "patient", history(lambda m: not any(map(ldct, m))))
    yield from ask(
        fam,
        "patients who have had both a ct pe and a non contrast chest ct",
        "patient",
        history(each_on_some(cta, non_contrast_chest)),
        history(each_on_some(cta, either(non_contrast_chest, ldct))),
    )
    yield _q(
        fam,
        "spiculated nodule patients who never had emphysema reported",
        "patient",
        history(some_but_never(nod(margin("spiculated")), says("emphysema"))),
    )
    yield _q(
        fam,
        "pts with lung-rads 4x but never a mass",
        "patient",
        history(some_but_never(cat_in("4X"), kind("mass"))),
    )
    yield _q(
        fam,
        "people who had a ct angio but never an ldct",
        "patient",
        history(some_but_never(cta, ldct)),
    )
    yield _q(
        fam,
        "patients scanned in both 2023 and 2026",
        "patient",
        history(each_on_some(in_year(2023), in_year(2026))),
    )
    yield _q(
        fam,
        "patients that never had any nodule",
        "patient",
        history(lambda m: not any(map(nod(), m))),
    )
    yield _q(
        fam,
        "pts with both lobulated and spiculated nodules",
        "patient",
        history(each_on_some(nod(margin("lobulated")), nod(margin("spiculated")))),
    )
    yield _q(
        fam,
        "patients with a mass who never had a pneumothorax",
        "patient",
        history(some_but_never(kind("mass"), kind("pneumothorax"))),
    )
    yield _q(
        fam,
        "pts with both rll and lul nodules",
        "patient",
        history(each_on_some(nod(in_lobe("RLL")), nod(in_lobe("LUL")))),
    )
    yield _q(
        fam,
        "patients with calcified nodules but never a non-calcified one",
        "patient",
        history(some_but_never(nod(calcified), nod(uncalcified))),
    )
    yield _q(
        fam,
        "patients with both lung-rads 2 and lung-rads 4a scans",
        "patient",
        history(each_on_some(cat_in("2"), cat_in("4A"))),
    )
    yield _q(
        fam,
        "pts with lymphadenopathy and coronary calcification both",
        "patient",
        history(each_on_some(says("lymphadenopathy"), says("coronary"))),
    )
    yield _q(
        fam,
        "patients never found to have lung-rads 3 or higher",
        "patient",
        history(lambda m: not any(map(cat_in("3", "4A", "4B", "4X"), m))),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    del rng
    hi = ("3", "4A", "4B", "4X")
    yield _q(fam, "lr 4b studies", "study", sids(cat_in("4B")))
    yield _q(
        fam, "lung rads 3 or above ldcts in 2025", "study", sids(ldct, in_year(2025), cat_in(*hi))
    )
    yield _q(fam, "LR2 scans at CT02", "study", sids(cat_in("2"), at_station("CT02")))
    yield _q(
        fam,
        "pts whose worst lung-rads ever was 4a",
        "patient",
        history(lambda m: highest(m) == "4A"),
    )
    yield _q(
        fam,
        "patients with highest ever lung rads of 2",
        "patient",
        history(lambda m: highest(m) == "2"),
    )
    yield from ask(
        fam, "patients with peak lung-rads 4x", "patient", history(lambda m: highest(m) == "4X")
    )
    yield _q(fam, "breakdown of ldcts by lung-rads category", "groups", _groups(ldct))
    yield _q(fam, "chest ct count by lung-rads in 2024", "groups", _groups(chest_ct, in_year(2024)))
    yield _q(
        fam, "lung-rads upgrades since 2025", "study", sids(went(1), dated("2025-01-01", AS_OF))
    )
    yield _q(fam, "pts upgraded from 2 to 4x", "patient", pids(went_from("2", ("4X",))))
    yield _q(
        fam, "scans where lung-rads went from 4a to 4b", "study", sids(went_from("4A", ("4B",)))
    )
    yield _q(fam, "how many ldcts were lung-rads 1", "count", count(ldct, cat_in("1")))
    yield _q(
        fam,
        "studies lung rads below 3 with a spiculated nodule",
        "study",
        sids(cat_in("1", "2"), nod(margin("spiculated"))),
    )
    yield _q(
        fam, "number of patients ever lung-rads 4", "count", len(pids(cat_in("4A", "4B", "4X")))
    )
    yield _q(fam, "how many studies had a lung-rads increase vs prior", "count", count(went(1)))
    yield _q(fam, "women with lr 4x", "patient", pids(sex_is("F"), cat_in("4X")))


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    del rng
    dm = "diameter_mm"
    rows_solid = nodule_rows(att("solid"))
    yield from ask(
        fam,
        "5 largest solid nodules",
        "finding",
        top(rows_solid, lambda f: -f[dm], 5, "finding_id"),
    )
    allnod = nodule_rows()
    yield from ask(
        fam,
        "the three nodules with the lowest mean hu",
        "finding",
        top(allnod, lambda f: f["mean_hu"], 3, "finding_id"),
    )
    psn = nodule_rows(att("part-solid"))
    yield from ask(
        fam,
        "top 4 part-solid nodules by solid component",
        "finding",
        top(psn, lambda f: -f["solid_component_mm"], 4, "finding_id"),
    )
    yield from ask(
        fam,
        "smallest 3 ggns by volume",
        "finding",
        top(nodule_rows(att("ground-glass")), lambda f: f["volume_mm3"], 3, "finding_id"),
    )
    yield from ask(
        fam,
        "least confident 4 nodules",
        "finding",
        top(allnod, lambda f: f["confidence"], 4, "finding_id"),
    )
    yield from ask(
        fam,
        "youngest 5 pts",
        "patient",
        top(pats(), lambda p: tuple(-int(x) for x in p["birth_date"].split("-")), 5, "patient_id"),
    )
    women = [p for p in pats() if p["sex"] == "F"]
    yield from ask(
        fam, "the 2 oldest women", "patient", top(women, lambda p: p["birth_date"], 2, "patient_id")
    )
    yield from ask(
        fam,
        "10 most recent chest xrays",
        "study",
        top(
            [s for s in studies() if cxr(s)],
            lambda s: tuple(-int(x) for x in s["study_date"].split("-")),
            10,
            "study_uid",
        ),
    )
    yield from ask(
        fam, "pt with the most ldcts", "patient", _patients_top(lambda p: sum(map(ldct, own(p))), 1)
    )
    yield from ask(
        fam,
        "which 2 patients have the most ggns",
        "patient",
        _patients_top(lambda p: sum(len(nods(s, att("ground-glass"))) for s in own(p)), 2),
    )
    yield from ask(
        fam,
        "the nodule with the longest long axis",
        "finding",
        top(allnod, lambda f: -f["long_axis_mm"], 1, "finding_id"),
    )
    yield from ask(
        fam, "6 densest nodules", "finding", top(allnod, lambda f: -f["mean_hu"], 6, "finding_id")
    )
    yield from ask(
        fam,
        "top 3 patients ranked by nodule count",
        "patient",
        _patients_top(lambda p: sum(len(nods(s)) for s in own(p)), 3),
    )
    yield from ask(
        fam,
        "biggest 2 masses",
        "finding",
        top([f for f in findings() if f["kind"] == "mass"], lambda f: -f[dm], 2, "finding_id"),
    )


def more_rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    del rng
    allnod = nodule_rows()
    yield from ask(
        fam,
        "top 5 nodules by volume",
        "finding",
        top(allnod, lambda f: -f["volume_mm3"], 5, "finding_id"),
    )
    yield from ask(
        fam,
        "3 highest-hu ggns",
        "finding",
        top(nodule_rows(att("ground-glass")), lambda f: -f["mean_hu"], 3, "finding_id"),
    )
    masses = [f for f in findings() if f["kind"] == "mass"]
    yield from ask(
        fam,
        "the 4 largest masses",
        "finding",
        top(masses, lambda f: -f["diameter_mm"], 4, "finding_id"),
    )
    yield from ask(
        fam,
        "lowest confidence finding",
        "finding",
        top(findings(), lambda f: f["confidence"], 1, "finding_id"),
    )
    mass_p = set(pids(kind("mass")))
    yield from ask(
        fam,
        "oldest 3 patients with a mass",
        "patient",
        top(
            [p for p in pats() if p["patient_id"] in mass_p],
            lambda p: p["birth_date"],
            3,
            "patient_id",
        ),
    )
    yield from ask(
        fam,
        "most recent 5 ct angios",
        "study",
        top(
            [s for s in studies() if cta(s)],
            lambda s: tuple(-int(x) for x in s["study_date"].split("-")),
            5,
            "study_uid",
        ),
    )
    yield from ask(
        fam,
        "largest part-solid nodule",
        "finding",
        top(nodule_rows(att("part-solid")), lambda f: -f["diameter_mm"], 1, "finding_id"),
    )
    yield from ask(
        fam,
        "2 biggest psns by long axis",
        "finding",
        top(nodule_rows(att("part-solid")), lambda f: -f["long_axis_mm"], 2, "finding_id"),
    )
    yield from ask(
        fam,
        "smallest nodule by volume",
        "finding",
        top(allnod, lambda f: f["volume_mm3"], 1, "finding_id"),
    )
    yield from ask(
        fam,
        "which patient has had the most scans",
        "patient",
        _patients_top(lambda p: len(own(p)), 1),
    )
    yield from ask(
        fam,
        "patient w the most spiculated nodules",
        "patient",
        _patients_top(lambda p: sum(len(nods(s, margin("spiculated"))) for s in own(p)), 1),
    )
    yield from ask(
        fam,
        "list the 3 least dense solid nodules",
        "finding",
        top(nodule_rows(att("solid")), lambda f: f["mean_hu"], 3, "finding_id"),
    )
    yield from ask(
        fam,
        "7 most confident ggns",
        "finding",
        top(nodule_rows(att("ground-glass")), lambda f: -f["confidence"], 7, "finding_id"),
    )


def stats(rng: random.Random) -> Rows:
    fam = "averages"
    del rng

    def mean_nod(field: str, *tests: Any, scale: float = 1.0) -> float:
        return round(mean_of([f[field] / scale for f in nodule_rows(*tests)]), 2)

    def med_nod(field: str, *tests: Any, scale: float = 1.0) -> float:
        return round(median_of([f[field] / scale for f in nodule_rows(*tests)]), 2)

    yield _q(
        fam,
        "avg diameter of spiculated nodules",
        "value",
        mean_nod("diameter_mm", margin("spiculated")),
    )
    yield _q(fam, "median hu of ggns", "value", med_nod("mean_hu", att("ground-glass")))
    yield _q(
        fam,
        "mean volume of solid nodules in ml",
        "value",
        mean_nod("volume_mm3", att("solid"), scale=1000),
    )
    yield _q(
        fam,
        "mean long axis of rul nodules in cm",
        "value",
        mean_nod("long_axis_mm", in_lobe("RUL"), scale=10),
    )
    yield _q(
        fam,
        "whats the average confidence of pneumothorax findings",
        "value",
        round(mean_of([f["confidence"] for f in findings() if f["kind"] == "pneumothorax"]), 2),
    )
    yield _q(
        fam,
        "median solid component of part-solid nodules",
        "value",
        med_nod("solid_component_mm", att("part-solid")),
    )
    yield _q(
        fam, "average short axis, calcified nodules", "value", mean_nod("short_axis_mm", calcified)
    )
    # patients with a mass: age on each one's latest study with a mass
    ages = []
    for p in pids(kind("mass")):
        mine = [s for s in own(p) if kind("mass")(s)]
        ages.append(ref.age(mine[-1]))
    yield _q(fam, "median age of pts with a mass", "value", round(median_of(ages), 2))
    per = [len(nods(s)) for s in studies() if ldct(s)]
    yield _q(fam, "avg nodules per ldct", "value", round(mean_of(per), 2))
    ld = [s for s in studies() if ldct(s)]
    yield from ask(
        fam,
        "what % of ldcts are lung-rads 4a or higher",
        "value",
        pct(sum(cat_in("4A", "4B", "4X")(s) for s in ld), len(ld)),
    )
    yield from ask(
        fam,
        "proportion of patients that are female",
        "value",
        pct(sum(p["sex"] == "F" for p in pats()), len(pats())),
    )
    yield from ask(
        fam,
        "share of nodules that are calcified",
        "value",
        pct(len(nodule_rows(calcified)), len(nodule_rows())),
    )
    cts = [s for s in studies() if chest_ct(s)]
    yield from ask(
        fam,
        "% of chest cts with emphysema in the report",
        "value",
        pct(sum(says("emphysema")(s) for s in cts), len(cts)),
    )
    yield from ask(
        fam,
        "percent of patients with a ggn",
        "value",
        pct(len(pids(nod(att("ground-glass")))), len(pats())),
    )
    yield _q(
        fam,
        "mean diameter in mm of nodules in women",
        "value",
        round(mean_of([f["diameter_mm"] for f in nodule_rows(where=sex_is("F"))]), 2),
    )


def more_stats(rng: random.Random) -> Rows:
    fam = "averages"
    del rng
    ld = [s for s in studies() if ldct(s)]
    everyone = pats()
    yield from ask(
        fam,
        "what fraction of screening cts were lr 3",
        "value",
        pct(sum(cat_in("3")(s) for s in ld), len(ld)),
    )
    yield from ask(
        fam, "pct of patients with any nodule", "value", pct(len(pids(nod())), len(everyone))
    )
    yield from ask(
        fam,
        "% of all studies that were ct",
        "value",
        pct(sum(any_ct(s) for s in studies()), len(studies())),
    )
    yield from ask(
        fam, "percentage of pts with a mass", "value", pct(len(pids(kind("mass"))), len(everyone))
    )
    yield _q(
        fam,
        "median volume of solid nodules in mm3",
        "value",
        round(median_of([f["volume_mm3"] for f in nodule_rows(att("solid"))]), 2),
    )
    yield _q(
        fam,
        "median nodule confidence",
        "value",
        round(median_of([f["confidence"] for f in nodule_rows()]), 2),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    del rng
    yield _q(fam, "reports mentioning coronary calcification", "study", sids(says("coronary")))
    yield _q(fam, "ldcts without emphysema", "study", sids(ldct, neg(says("emphysema"))))
    yield _q(fam, "neg for lymphadenopathy", "study", sids(denies("lymphadenopathy")))
    yield _q(fam, "emphysema and a ggn", "study", sids(says("emphysema"), nod(att("ground-glass"))))
    yield _q(fam, "reports documenting no emphysema", "study", sids(denies("emphysema")))
    yield _q(fam, "how many reports mention granuloma", "count", count(says("granuloma")))
    yield _q(
        fam,
        "pts with lymphadenopathy in 2025",
        "patient",
        pids(says("lymphadenopathy"), in_year(2025)),
    )
    yield _q(
        fam,
        "scans with emphysema or a mass",
        "study",
        sids(either(says("emphysema"), kind("mass"))),
    )
    yield _q(
        fam,
        "chest cts that say no lymphadenopathy",
        "study",
        sids(chest_ct, denies("lymphadenopathy")),
    )
    yield from ask(
        fam,
        "coronary artery calcification in men over 70",
        "patient",
        *aged(both_(sex_is("M"), lambda s: ref.age(s) > 70), says("coronary")),
    )
    yield _q(fam, "number of reports with emphysema", "count", count(says("emphysema")))
    yield _q(
        fam,
        "spiculated nodules w no emphysema",
        "study",
        sids(nod(margin("spiculated")), neg(says("emphysema"))),
    )


def follow_up(rng: random.Random) -> Rows:
    fam = "growth"
    del rng
    yield from ask(
        fam,
        "growing ggns",
        "study",
        *[sids(fstudy(g, att("ground-glass"))) for g in grew_readings()],
    )
    yield from ask(
        fam,
        "nodules that grew by more than 3 mm",
        "study",
        *[sids(fstudy(g, is_nodule)) for g in grew_readings(3.0)],
    )
    yield from ask(
        fam,
        "new solid nodules in 2025",
        "study",
        *[sids(fstudy(new(m), att("solid")), in_year(2025)) for m in (False, True)],
    )
    yield from ask(
        fam,
        "pts with a new nodule on follow up",
        "patient",
        *[pids(fstudy(new(m), is_nodule)) for m in (False, True)],
    )
    yield from ask(
        fam,
        "stable part-solid nodules",
        "study",
        *[
            sids(fstudy(stable(r, m), att("part-solid")))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        fam,
        "how many scans showed nodule growth",
        "count",
        *[count(fstudy(g, is_nodule)) for g in grew_readings()],
    )
    yield _q(fam, "disappeared nodules", "study", sids(fstudy(resolved, is_nodule)))
    yield from ask(
        fam,
        "pts whose nodules grew",
        "patient",
        *[pids(fstudy(g, is_nodule)) for g in grew_readings()],
    )
    yield from ask(
        fam,
        "interval growth of a solid nodule in women",
        "patient",
        *[pids(sex_is("F"), fstudy(g, att("solid"))) for g in grew_readings()],
    )
    yield from ask(
        fam,
        "number of new ggns",
        "count",
        *[len(fids(new(m), att("ground-glass"), is_nodule)) for m in (False, True)],
    )
    yield from ask(
        fam,
        "unchanged nodules in the rll",
        "study",
        *[
            sids(fstudy(stable(r, m), is_nodule, in_lobe("RLL")))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        fam,
        "nodules grown by at least 2mm",
        "study",
        *[sids(fstudy(g, is_nodule)) for g in grew_readings(2.0, inclusive=True)],
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    multi = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 3]
    rng.shuffle(multi)
    made = 0
    for pid in multi:
        fl = _first_last(pid, ldct)
        if fl is None:
            continue
        days = days_between(fl[0]["study_date"], fl[1]["study_date"])
        if made == 0:
            yield _q(fam, f"days between first and last ldct for {pid}", "value", float(days))
        elif made == 1:
            yield _q(
                fam,
                f"months from baseline to latest ldct, {pid}",
                "value",
                round(days / 30.4375, 2),
            )
        else:
            yield _q(
                fam,
                f"how long in weeks between {pid}'s first and most recent ldct",
                "value",
                round(days / 7, 2),
            )
            break
        made += 1
    spans = []
    for p in pids(kind("mass")):
        mine = own(p)
        if len({s["study_date"] for s in mine}) >= 2:
            spans.append(days_between(mine[0]["study_date"], mine[-1]["study_date"]) / 365.25)
    yield _q(
        fam, "avg f/u length in years for patients with a mass", "value", round(mean_of(spans), 2)
    )
    yield _q(
        fam,
        "patients with follow up longer than 3 years",
        "patient",
        history(lambda m: m[-1]["study_date"] > months_on(m[0]["study_date"], 36)),
    )
    yield _q(
        fam,
        "patients with at least 30 months of follow-up",
        "patient",
        history(lambda m: m[-1]["study_date"] >= months_on(m[0]["study_date"], 30)),
    )

    def repeat_within(test: Test, n: int) -> Test:
        def t(s: Row) -> bool:
            if not test(s):
                return False
            end = months_on(s["study_date"], n)
            return any(
                test(x) and s["study_date"] < x["study_date"] <= end for x in own(s["patient_id"])
            )

        return t

    yield _q(fam, "ldcts repeated within 11 months", "study", sids(repeat_within(ldct, 11)))

    def gap_after(test: Test, n: int) -> list[str]:
        out: list[str] = []
        for pt in pats():
            ds = sorted({s["study_date"] for s in own(pt["patient_id"]) if test(s)})
            for a, b in itertools.pairwise(ds):
                if b > months_on(a, n):
                    out.extend(
                        _uid(s) for s in own(pt["patient_id"]) if test(s) and s["study_date"] == b
                    )
        return sorted(out)

    yield _q(fam, "consecutive ldcts more than 13 months apart", "study", gap_after(ldct, 13))
    gaps: list[int] = []
    for pt in pats():
        ds = sorted({s["study_date"] for s in own(pt["patient_id"]) if ldct(s)})
        gaps.extend(days_between(a, b) for a, b in itertools.pairwise(ds))
    yield _q(
        fam, "median interval between consecutive ldcts in days", "value", round(median_of(gaps), 2)
    )


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    del rng
    yield _q(fam, "females between 40 and 50", "patient", pids(sex_is("F"), age_in(40, 50)))
    yield _q(fam, "males >= 80 yo", "patient", pids(sex_is("M"), lambda s: ref.age(s) >= 80))
    yield from ask(
        fam,
        "pts in their 70s with a ggn",
        "patient",
        *aged(age_in(70, 79), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "septuagenarian pts with masses",
        "patient",
        *aged(age_in(70, 79), kind("mass")),
    )
    yield _q(fam, "female head cts", "study", sids(sex_is("F"), head_ct))
    yield _q(fam, "patients of other sex", "patient", pids(sex_is("O")))
    yield _q(
        fam, "station ct01 ldcts in 2026", "study", sids(at_station("CT01"), ldct, in_year(2026))
    )
    yield _q(fam, "dx studies", "study", sids(cxr))
    yield from ask(
        fam,
        "non contrast chest cts with a nodule > 8mm",
        "study",
        sids(non_contrast_chest, nod(gt("diameter_mm", 8))),
        sids(either(non_contrast_chest, ldct), nod(gt("diameter_mm", 8))),
    )
    yield from ask(
        fam,
        "contrast enhanced chest ct with a pleural effusion",
        "study",
        sids(with_contrast, kind("pleural_effusion")),
        sids(either(with_contrast, cta), kind("pleural_effusion")),
    )
    yield _q(fam, "how many men", "count", sum(p["sex"] == "M" for p in pats()))
    yield from ask(
        fam,
        "women under 45 with nodules",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) < 45), nod()),
    )
    yield _q(
        fam, "brain ct with hemorrhage", "study", sids(head_ct, kind("intracranial_hemorrhage"))
    )
    yield from ask(
        fam, "quinquagenarians with lung-rads 4b", "patient", *aged(age_in(50, 59), cat_in("4B"))
    )
    yield _q(fam, "number of chest radiographs on men", "count", count(cxr, sex_is("M")))


def anatomy(rng: random.Random) -> Rows:
    fam = "lobes and attributes"
    del rng
    yield _q(fam, "rml ggns", "study", sids(nod(att("ground-glass"), in_lobe("RML"))))
    yield _q(
        fam,
        "left lung spiculated nodules",
        "study",
        sids(nod(margin("spiculated"), in_lobe("LUL", "LLL"))),
    )
    yield _q(fam, "right sided pneumothorax", "study", sids(kind("pneumothorax", on_side("right"))))
    yield _q(
        fam, "left pleural effusions", "study", sids(kind("pleural_effusion", on_side("left")))
    )
    yield _q(
        fam,
        "nodules in both lungs",
        "study",
        sids(nod(in_lobe("LUL", "LLL")), nod(in_lobe("RUL", "RML", "RLL"))),
    )
    yield from ask(
        fam,
        "upper lobe part solid nodules",
        "study",
        sids(nod(att("part-solid"), in_lobe("RUL", "LUL"))),
        sids(nod(att("part-solid"), in_lobe("RUL", "LUL", "RML"))),
    )
    yield _q(
        fam,
        "lobulated part-solid nodules",
        "study",
        sids(nod(margin("lobulated"), att("part-solid"))),
    )
    yield _q(
        fam,
        "non-calcified solid nodules > 6 mm",
        "study",
        sids(nod(uncalcified, att("solid"), gt("diameter_mm", 6))),
    )
    yield _q(fam, "calcified nodules in women", "patient", pids(sex_is("F"), nod(calcified)))
    yield _q(
        fam,
        "smooth margin gg nodules, right lower lobe",
        "study",
        sids(nod(margin("smooth"), att("ground-glass"), in_lobe("RLL"))),
    )
    yield _q(fam, "spiculated masses", "study", sids(kind("mass", margin("spiculated"))))
    yield _q(fam, "subsolid nodules in LLL", "study", sids(nod(subsolid, in_lobe("LLL"))))
    yield _q(
        fam, "how many calcified rul nodules", "count", len(nodule_rows(calcified, in_lobe("RUL")))
    )
    yield _q(fam, "consolidation on chest ct", "study", sids(chest_ct, kind("consolidation")))
    yield _q(
        fam,
        "smooth-margined solid nodules over 1 cm",
        "study",
        sids(nod(margin("smooth"), att("solid"), gt("diameter_mm", 10))),
    )
    yield _q(fam, "lesions over 25 mm", "study", sids(lesion(gt("diameter_mm", 25))))
    yield _q(
        fam,
        "tally ground glass nodules in left upper lobe",
        "count",
        len(nodule_rows(att("ground-glass"), in_lobe("LUL"))),
    )


FAMILIES = (
    identifiers,
    dates,
    numbers,
    counts,
    set_logic,
    lung_rads,
    rankings,
    more_rankings,
    stats,
    more_stats,
    reports,
    follow_up,
    intervals,
    people,
    anatomy,
)


def bank() -> list[Item]:
    """This part's questions, de-duplicated by text (the first answer kept)."""
    rng = random.Random(SEED)
    seen: dict[str, Item] = {}
    for family in FAMILIES:
        for item in family(rng):
            seen.setdefault(item.question, item)
    return list(seen.values())
