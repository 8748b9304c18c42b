"""Held-out part 31 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as an honest measurement of the question reader, blind to it: its author
read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions" section
of ``docs/query.md`` and its "Reports" section up to "How well it reads" (not the reader's
measurements nor the lists of misses, fixes and limits), :mod:`question_bank` (the :class:`Item`
type, its helpers and its scoring function ``_matches``), :mod:`cohort_reference`,
:mod:`blind_reference` (the shared plain-Python reading of the cohort, imported here), and
``bank_fresh_24.py`` for its format and module docstring only, up to the line that opens its
families, not its questions. The reader's code (``query/``), ``appliance/``, the tests
(``test_*.py``), ``family_reading.py`` and the other parts' questions were not opened, and the
engine was never run on these questions: they were frozen (committed) before any was put to it,
and none is to be changed to suit it afterwards. Their texts were compared with
``dev_queries.jsonl`` and with parts 22 to 30 (loaded through their ``bank()``, never read) by a
throwaway script that printed only this part's matches (word for word after lower-casing and
dropping punctuation, or a word overlap of 75 % or more of the longer question): 72 matched at
first (mostly short terse questions) and were reworded, seven rewordings matched again and were
reworded again, and none is left; no question of this part repeats another (:func:`bank` refuses
a repeat).

Every family issue 17 lists is here (questions per family in brackets, 221 in all): identifiers
[16] (a patient's exams, "MRN", "acc#", two accessions in an e-mail, a UID's findings, nodules and
patient, a latest LDCT, a baseline chest CT, "pt #", an unknown patient, P00999, on purpose
empty); dates [19] (quarters "Q3 2024" and "2024-Q1", "since june 2025", day-to-day ranges, "dob
prior to", "the 1980s", "year to date", "last year's", one ISO day, "1st quarter", a scan in two
years, "born 1950 or after", month ranges, a spoken month and year); numbers [19] (sizes in mm and
cm, "under a centimetre", "0.5 cm to 7 mm", HU below, between and spelt out with "minus", "+50",
confidences ".7 and .8", volume in cc, long and short axis, solid component, "four millimetres",
"twelve millimeters"); counts [17] (exactly / "precisely three" / a single nodule, 4+, fewer than
2, none, 5 or more on one study, studies per patient 3+, 4+, "a single scan", LDCTs 2+, head CTs,
chest x-rays exactly two, chest CTs "three or more", one nodule over 3+ exams, growth over 3 mm,
two or more ggns); set logic [16] ("both" with both readings agreeing, "but never", "never had",
"never imaged with", "no ... ever", "at some point ... at some point", "on the same ct", one year
but not the next, lr 2 as well as lr 4A); Lung-RADS [17] (a category, "4A+", "below lr 3", "2 or
better", "3 or worse", "lung-rads 4", peak / worst-ever / max, counts per category over 2025
LDCTs, "went up", "from lr 2 to lr 4a", "changed", "four b" spoken, an e-mail count); rankings and
top-N [16] (largest, newest, earliest, oldest, oldest women, youngest by date of birth, most
nodules, most calcified nodules, least volume, most confident, lowest HU, longest long axis,
largest solid component, largest masses, largest in a lobe); aggregates and percentages [15]
(mean / median size, volume, HU, confidence, long and short axis, solid component, nodules per
LDCT, median per chest CT, "% of all studies that were ct", share of women, share of 2025 LDCTs
that were 3, share of nodules calcified, share at CT02, counts per station); report concepts with
negation [16] (emphysema, lymphadenopathy, coronary calcification, granuloma; "mentions", "rule
out", "negative for", "neg for", "states no", "w/o", "without", "never documented", a report
concept with a finding and with a category, an e-mail, a keyword search); growth / new / stable
[11]; demographics [14] (sex, sex recorded as other, ages over / under / a range / in words,
"80 to 89", women's and men's studies, counts of men); modality / description / station [15]
(CT01, CT02, DX01, ctpa, pe cts, head CTs, plain film, descriptions quoted, counts per modality,
keyword searches); lobes [11]; attenuation / margin / calcification [13]; intervals [6] (days
first to latest study and LDCT, follow-up over 3 years, first and latest more than 30 months /
2 years apart). The styles are mixed: a radiologist's shorthand (nod, ptx, ich, psn, ggo,
LR, RUL, cxr, w/o, comp), a nurse's full sentences, a coordinator's Lung-RADS over time, a
manager's counts per station and period, a data scientist's ranges, means and medians, keyword
searches ("ldct ct01 2023", "ggo rul"), dictated numbers ("minus eight hundred", "march twenty
twenty five", "sixty to sixty nine") and questions pasted in e-mails with greetings and
signatures.

Parameters (patients, studies, accessions, sizes, quarters) are drawn with this part's own seed
(:data:`SEED`); a ranking's number is drawn among those whose boundary has no tie
(:func:`blind_reference.untied`), a percentage is asked only when within 0.005 of a tenth.
Expected answers are computed here in plain Python with the documented conventions written out by
hand. Where the conventions do not settle a reading the question is asked only when the competing
readings give the same answer (:func:`ask`; ``LEFT_OUT`` is empty for this seed): "both A and B"
of patients on one study or on two; a track that was a mass from its first study counted or not
as a new, stable or growing nodule; a change taken in floating point or to 0.1 mm; a nodule on N
scans counting a mass on its track or not; an age (with a sex) and another condition on one
study or each on some study. Drafts replaced before freezing because their readings disagreed:
"how many studies in the last 60 days" (the first day; asked "since 2026-09-01"), "new nodules in
2025" and "new nodules at least 6mm" (the track that began as a mass; asked of 2024), "stable
ggns" (rounding; dropped), "octogenarians with a pneumothorax" and "patients in their 60s with a
spiculated nodule" (one study or each on some; asked as studies with the age on the study).
Drafts whose answers were empty by accident were replaced: masses over 4 cm (asked at 3 cm), "no
coronary artery calcification" stated (asked of lymphadenopathy), patients with both a chest
x-ray and a CT angio, LDCT or chest CT (no patient in this cohort mixes those kinds). Readings
taken: "X nodules" without a unit word answers studies; "how many <nodules>" counts findings;
"how many reports" counts studies; "neg for", "negative for", "rule out" and "states no" are the
denied reading, "without", "w/o" and "never documented" no affirmed mention; "the youngest by
date of birth" is the latest birth dates; "oldest" the earliest; ctpa, pe cts and "ct angio" are
the CT ANGIO CHEST PE studies; "chest radiographs", "plain film", "cxr" the DX studies; "head /
brain ct" the CT head studies; "ich" / "intracranial bleed" the hemorrhage kind. One answer is
empty on purpose: an unknown patient (P00999).

Scored alone with ``python tests/query/question_bank.py --part held_out_31 -v`` once wired in.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import cohort_reference as ref
from blind_reference import (
    ORDER,
    FTest,
    Rows,
    aged,
    agreed,
    any_ct,
    at_station,
    att,
    born,
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
    own,
    pats,
    pct,
    pick,
    pids,
    quarter,
    says,
    sex_is,
    sids,
    some_but_never,
    stable,
    studies,
    study_of,
    subsolid,
    top,
    uncalcified,
    untied,
    went,
    went_from,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_31"
SEED = 3131

# Questions whose readings disagreed (or whose percentage was not within 0.005 of a tenth),
# so were left out: filled while the bank is built.
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


def _uids(rows: Sequence[Row]) -> list[str]:
    return sorted(str(s["study_uid"]) for s in rows)


def _first(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[0] if mine else None


def _latest(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[-1] if mine else None


def _one(s: Row | None) -> list[str]:
    return [] if s is None else [str(s["study_uid"])]


def _fids_in(rows: Sequence[Row], *tests: FTest) -> list[str]:
    """Findings of the given studies passing every test."""
    uids = {s["study_uid"] for s in rows}
    return sorted(
        f["finding_id"] for f in findings() if f["study_uid"] in uids and all(t(f) for t in tests)
    )


def _has(t: FTest) -> Test:
    """A study with a finding (of any kind) passing ``t``."""
    return lambda s: any(t(f) for f in _rows_of(s))


def _all(*tests: FTest) -> FTest:
    return lambda f: all(t(f) for t in tests)


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def _per_patient(test: Test, compare: Callable[[int], bool]) -> list[str]:
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


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


def _groups(key: Callable[[Row], Any], *tests: Test) -> list[tuple[Any, int]]:
    tally = Counter(key(s) for s in studies() if all(t(s) for t in tests))
    return sorted(tally.items(), key=lambda kv: str(kv[0]))


def _field(rows: Sequence[Row], name: str, summary: Callable[[Sequence[float]], float]) -> float:
    return summary([float(f[name]) for f in rows if f.get(name) is not None])


def _share(part: int, whole: int) -> list[float]:
    """A percentage the bank can ask (within 0.005 of a tenth), else an empty list."""
    p = pct(part, whole)
    return [] if p is None else [p]


def _first_fit(rng: random.Random, pool: Sequence[Any], fits: Callable[[Any], bool]) -> Any:
    order = list(pool)
    rng.shuffle(order)
    for x in order:
        if fits(x):
            return x
    raise ValueError("nothing in the pool fits")


def _since(day: str) -> Test:
    return dated(day, AS_OF)


def _pid_pool() -> list[str]:
    return [p["patient_id"] for p in pats()]


def _nodule_count(pid: str, *tests: FTest) -> int:
    return sum(len(nods(s, *tests)) for s in own(pid))


def _ranked_patients(score: Callable[[str], float], n: int) -> list[str] | None:
    rows = [{"patient_id": p, "k": -score(p)} for p in _pid_pool()]
    return top(rows, lambda r: r["k"], n, "patient_id")


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    multi = [p for p in _pid_pool() if len(own(p)) >= 3]
    p1, p2, p3 = (pick(rng, multi) for _ in range(3))
    yield _q(fam, f"every exam on file for {p1}", "study", _uids(own(p1)))
    yield _q(fam, f"MRN {p2}: how many studies has this pt had", "count", len(own(p2)))
    s = pick(rng, studies())
    yield _q(fam, f"acc# {s['accession']} - whose study is it", "patient", [s["patient_id"]])
    s2 = _first_fit(
        rng,
        studies(),
        lambda x: len([f for f in findings() if f["study_uid"] == x["study_uid"]]) >= 2,
    )
    yield _q(fam, f"findings on accession {s2['accession']}", "finding", _fids_in([s2]))
    s3, s4 = pick(rng, studies()), pick(rng, studies())
    yield _q(
        fam,
        f"Hi team, could you pull up accessions {s3['accession']} and {s4['accession']} "
        "for me? Thanks",
        "study",
        _uids([s3, s4]),
    )
    s5 = _first_fit(rng, studies(), lambda x: len(nods(x)) >= 2)
    yield _q(
        fam,
        f"list the nodule findings of study uid {s5['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in nods(s5)),
    )
    s6 = pick(rng, studies())
    yield _q(
        fam,
        f"who does study {s6['study_uid']} belong to (patient id pls)",
        "patient",
        [s6["patient_id"]],
    )
    p4 = _first_fit(rng, multi, lambda p: sum(map(ldct, own(p))) >= 2)
    yield _q(fam, f"{p4}'s most recent low dose screening ct", "study", _one(_latest(p4, ldct)))
    p5 = _first_fit(rng, multi, lambda p: any(map(chest_ct, own(p))))
    yield _q(fam, f"baseline chest CT for patient {p5}", "study", _one(_first(p5, chest_ct)))
    p6 = _first_fit(rng, multi, lambda p: any(fo_any(s) for s in own(p)))
    n6 = sum(1 for f in findings() if study_of(f)["patient_id"] == p6)
    yield _q(fam, f"total number of findings across all of {p6}'s scans", "count", n6)
    yield _q(
        fam,
        f"studies for {p1} and {p3}",
        "study",
        _uids(own(p1) + own(p3)) if p1 != p3 else _uids(own(p1)),
    )
    p7 = pick(rng, multi)
    yield _q(fam, f"last scan pt # {p7}", "study", _one(_latest(p7, lambda s: True)))
    s7 = _first_fit(rng, studies(), lambda x: any(map(is_nodule, _rows_of(x))))
    yield _q(
        fam,
        "count of the nodules that the radiologist and the algorithm recorded on the exam "
        f"with uid {s7['study_uid']}",
        "count",
        len(nods(s7)),
    )
    p8 = _first_fit(rng, multi, lambda p: any(map(ldct, own(p))))
    yield _q(
        fam,
        f"show me {p8}'s ldcts, oldest to newest",
        "study",
        _uids([s for s in own(p8) if ldct(s)]),
    )
    yield _q(fam, "patient P00999 studies", "study", [])


def fo_any(s: Row) -> bool:
    return bool(_rows_of(s))


def _rows_of(s: Row) -> list[Row]:
    return [f for f in findings() if f["study_uid"] == s["study_uid"]]


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y, q = pick(rng, [2023, 2024, 2025]), rng.randint(1, 4)
    yield _q(fam, f"ldcts done in Q{q} {y}", "study", sids(ldct, quarter(y, q)))
    y2, q2 = pick(rng, [2023, 2024, 2025]), rng.randint(1, 4)
    yield _q(fam, f"# of scans {y2}-Q{q2}", "count", count(quarter(y2, q2)))
    yield _q(fam, "chest cts since june 2025", "study", sids(chest_ct, _since("2025-06-01")))
    yield _q(
        fam,
        "studies from 1 mar 2024 to 15 apr 2024",
        "study",
        sids(dated("2024-03-01", "2024-04-15")),
    )
    yield _q(fam, "dob prior to 1945 - list the pts", "patient", born("0001-01-01", "1944-12-31"))
    yield _q(
        fam, "which patients were born in the 1980s?", "patient", born("1980-01-01", "1989-12-31")
    )
    yield _q(fam, "studies since 2026-09-01, how many", "count", count(_since("2026-09-01")))
    yield _q(fam, "head CTs performed during 2024", "study", sids(head_ct, in_year(2024)))
    yield _q(
        fam,
        "scans oct 2023 through feb 2024",
        "study",
        sids(dated("2023-10-01", "2024-02-29")),
    )
    yield _q(
        fam, "year to date, how many exams have we done", "count", count(dated("2026-01-01", AS_OF))
    )
    yield _q(fam, "last year's ldcts - count please", "count", count(ldct, in_year(2025)))
    day = pick(rng, studies())["study_date"]
    yield _q(fam, f"what was scanned on {day}", "study", sids(dated(day, day)))
    yield _q(fam, "chest xrays in the 1st quarter of 2025", "study", sids(cxr, quarter(2025, 1)))
    yield _q(
        fam,
        "anyone imaged in 2023 who came back for imaging in 2026? patients pls",
        "patient",
        history(each_on_some(in_year(2023), in_year(2026))),
    )
    yield _q(fam, "number of ct angios during 2025", "count", count(cta, in_year(2025)))
    yield _q(
        fam,
        "studies between july 2024 and september 2024",
        "study",
        sids(dated("2024-07-01", "2024-09-30")),
    )
    yield _q(fam, "ldcts before 2023-03-01", "study", sids(ldct, dated("0001-01-01", "2023-02-28")))
    yield _q(
        fam,
        "female patients with a birth date in 1950 or after",
        "patient",
        sorted(
            p["patient_id"] for p in pats() if p["sex"] == "F" and p["birth_date"] >= "1950-01-01"
        ),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    x = pick(rng, [7, 8, 9, 11])
    yield _q(fam, f"nodules >= {x}mm", "study", sids(nod(ge("diameter_mm", x))))
    yield _q(fam, "findings with mean hu below -650", "finding", fids(lt("mean_hu", -650)))
    yield _q(
        fam,
        "nodules between -100 and +50 HU",
        "study",
        sids(nod(within("mean_hu", -100, 50))),
    )
    yield _q(
        fam,
        "nodule findings under a centimetre",
        "finding",
        fids(is_nodule, lt("diameter_mm", 10)),
    )
    yield _q(
        fam,
        "scans with a nodule sized 6 thru 8 mm inclusive",
        "study",
        sids(nod(within("diameter_mm", 6, 8))),
    )
    yield _q(fam, "any nod > 1.5 cm - which exams", "study", sids(nod(gt("diameter_mm", 15))))
    yield _q(
        fam, "low-confidence findings (AI score under 0.6)", "finding", fids(lt("confidence", 0.6))
    )
    yield _q(
        fam,
        "nodule findings with a volume over 1 cc",
        "finding",
        fids(is_nodule, gt("volume_mm3", 1000)),
    )
    yield _q(fam, "nodules, long axis at least 20mm", "study", sids(nod(ge("long_axis_mm", 20))))
    yield _q(
        fam,
        "PSN w solid comp >= 6 mm, list exams",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield _q(
        fam,
        "any masses measuring over 3 cm? I need the exams",
        "study",
        sids(kind("mass", gt("diameter_mm", 30))),
    )
    yield _q(
        fam,
        "nodule findings with conf between .7 and .8",
        "finding",
        fids(is_nodule, within("confidence", 0.7, 0.8)),
    )
    yield _q(fam, "nodules smaller than four millimetres", "study", sids(nod(lt("diameter_mm", 4))))
    yield _q(
        fam,
        "nodule findings with short axis < 5 mm",
        "finding",
        fids(is_nodule, lt("short_axis_mm", 5)),
    )
    yield _q(
        fam,
        "findings with mean attenuation at most -700 hu",
        "finding",
        fids(le("mean_hu", -700)),
    )
    yield _q(
        fam,
        "studies where a nodule measures from 0.5 cm to 7 mm",
        "study",
        sids(nod(within("diameter_mm", 5, 7))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield _q(
        fam,
        "screening cts showing precisely three nodules, no more no fewer",
        "study",
        sids(ldct, _n_nods(lambda k: k == 3)),
    )
    yield _q(
        fam,
        "exams where only one nodule was seen (a single nodule)",
        "study",
        sids(_n_nods(lambda k: k == 1)),
    )
    yield _q(fam, "scans showing 4 or more nodules", "study", sids(_n_nods(lambda k: k >= 4)))
    yield _q(
        fam,
        "which ct chest exams have fewer than 2 nods",
        "study",
        sids(chest_ct, _n_nods(lambda k: k < 2)),
    )
    yield _q(
        fam,
        "how many pts had 3 or more studies",
        "count",
        len(_per_patient(lambda s: True, lambda k: k >= 3)),
    )
    yield _q(
        fam,
        "patients with a single scan",
        "patient",
        _per_patient(lambda s: True, lambda k: k == 1),
    )
    yield _q(fam, "pts w 2+ ldcts", "patient", _per_patient(ldct, lambda k: k >= 2))
    yield _q(
        fam,
        "patients with more than one head ct",
        "patient",
        _per_patient(head_ct, lambda k: k > 1),
    )
    p = _first_fit(rng, _pid_pool(), lambda x: len(own(x)) >= 4)
    yield _q(fam, f"how many scans did {p} have", "count", len(own(p)))
    yield _q(
        fam,
        "people who have been imaged four times or more",
        "patient",
        _per_patient(lambda s: True, lambda k: k >= 4),
    )
    yield _q(fam, "chest cts with no nodules", "study", sids(chest_ct, _n_nods(lambda k: k == 0)))
    yield _q(fam, "studies with at least five nodules", "study", sids(_n_nods(lambda k: k >= 5)))
    yield from ask(
        fam,
        "pts in whom one nodule has been followed across 3+ exams",
        "patient",
        _on_tracks(3, False),
        _on_tracks(3, True),
    )
    readings = [sids(_has(t)) for t in grew_readings(3.0)]
    yield from ask(
        fam, "interval enlargement of a nodule by over 3 mm - studies", "study", *readings
    )
    yield _q(
        fam,
        "how many patients had exactly two chest x-rays",
        "count",
        len(_per_patient(cxr, lambda k: k == 2)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    mass = kind("mass")
    ptx = kind("pneumothorax")
    eff = kind("pleural_effusion")
    cons = kind("consolidation")
    emph = says("emphysema")
    yield from ask(
        fam,
        "patients with both a mass and a pleural effusion",
        "patient",
        pids(mass, eff),
        history(each_on_some(mass, eff)),
    )
    yield _q(
        fam,
        "pts with a pneumothorax but never a nodule",
        "patient",
        history(some_but_never(ptx, nod())),
    )
    yield _q(
        fam,
        "pts with no low-dose screening ct ever on file",
        "patient",
        history(lambda m: not any(map(ldct, m))),
    )
    yield _q(
        fam,
        "patients with a calcified nodule and never any mass",
        "patient",
        history(some_but_never(nod(calcified), mass)),
    )
    yield _q(
        fam,
        "female pts never imaged with a ct of the chest",
        "patient",
        history(lambda m: ref.sex(m[0]) == "F" and not any(map(chest_ct, m))),
    )
    yield _q(
        fam,
        "a mass at some point plus a calcified nodule at some point - which patients",
        "patient",
        history(each_on_some(kind("mass"), nod(calcified))),
    )
    yield _q(
        fam,
        "patients with a lung-rads 4b scan who never had a mass",
        "patient",
        history(some_but_never(cat_in("4B"), mass)),
    )
    yield _q(
        fam,
        "patients who had a chest x-ray but were never found to have a pneumothorax",
        "patient",
        history(some_but_never(cxr, ptx)),
    )
    yield _q(
        fam,
        "emphysema per the report, never any nodule finding - which pts",
        "patient",
        history(some_but_never(emph, nod())),
    )
    yield _q(
        fam,
        "patients who had consolidation at some point but no effusion ever",
        "patient",
        history(some_but_never(cons, eff)),
    )
    yield _q(
        fam,
        "people never scanned with a head ct",
        "patient",
        history(lambda m: not any(map(head_ct, m))),
    )
    yield _q(
        fam,
        "pts with a calcified nodule and coronary artery calcification on the same ct",
        "patient",
        pids(nod(calcified), says("coronary")),
    )
    yield _q(
        fam,
        "which patients had an ldct in 2024 but not in 2025",
        "patient",
        history(
            some_but_never(
                lambda s: ldct(s) and in_year(2024)(s), lambda s: ldct(s) and in_year(2025)(s)
            )
        ),
    )
    yield _q(
        fam,
        "ich patients who were never given a chest ct",
        "patient",
        history(some_but_never(kind("intracranial_hemorrhage"), chest_ct)),
    )
    yield from ask(
        fam,
        "pts that have had a lung-rads 2 exam as well as a lung-rads 4A exam",
        "patient",
        history(each_on_some(cat_in("2"), cat_in("4A"))),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    yield _q(fam, "lr 3 ldcts", "study", sids(ldct, cat_in("3")))
    yield _q(
        fam, "exams categorised LR 4A+ (4A, 4B or 4X)", "study", sids(cat_in("4A", "4B", "4X"))
    )
    yield _q(
        fam,
        "patients whose all-time peak lung-rads category is 4B",
        "patient",
        history(lambda m: highest(m) == "4B"),
    )
    yield _q(
        fam,
        "2025 ldcts broken down by lung-rads category",
        "groups",
        _lr_groups(ldct, in_year(2025)),
    )
    yield _q(fam, "how many lr2 scans are there", "count", count(cat_in("2")))
    yield _q(
        fam,
        "women with a lr 3 or worse study",
        "patient",
        pids(sex_is("F"), cat_in("3", "4A", "4B", "4X")),
    )
    yield _q(
        fam, "exams on which the lung rads category went up vs the prior", "study", sids(went(1))
    )
    yield _q(
        fam,
        "patients upgraded from lr 2 to lr 4a",
        "patient",
        pids(went_from("2", ("4A",))),
    )
    yield _q(fam, "lung rads 4x patients", "patient", pids(cat_in("4X")))
    yield _q(
        fam,
        "2026 chest ct exams categorised lower than lr 3",
        "study",
        sids(chest_ct, in_year(2026), cat_in("1", "2")),
    )
    yield _q(
        fam,
        "Lung-RADS category 4 screening cts, count",
        "count",
        count(ldct, cat_in("4A", "4B", "4X")),
    )
    yield _q(
        fam,
        "people topping out at lung-rads 2 (worst-ever category 2)",
        "patient",
        history(lambda m: highest(m) == "2"),
    )
    yield _q(
        fam,
        "studies with lung-rads 2 or better at CT01",
        "study",
        sids(at_station("CT01"), cat_in("1", "2")),
    )
    yield _q(
        fam,
        "how many patients have a max lung-rads of 4A",
        "count",
        len(history(lambda m: highest(m) == "4A")),
    )
    yield _q(fam, "lung-rads changed from previous - which studies", "study", sids(went(0)))


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    nrows = nodule_rows()
    n, ans = untied(nrows, lambda f: -f["diameter_mm"], "finding_id", 4)
    yield _q(fam, f"pull the {n} nodules with the greatest diameter", "finding", ans)
    prow = [{"patient_id": p["patient_id"], "b": p["birth_date"]} for p in pats()]
    n, ans = untied(prow, lambda r: r["b"], "patient_id", 3)
    yield _q(fam, f"the {n} oldest pts", "patient", ans)
    n, ans = untied(
        studies(), lambda s: -dt.date.fromisoformat(s["study_date"]).toordinal(), "study_uid", 3
    )
    yield _q(fam, f"the {n} newest exams in the whole database", "study", ans)
    lrows = [s for s in studies() if ldct(s)]
    n, ans = untied(lrows, lambda s: s["study_date"], "study_uid", 3)
    yield _q(fam, f"earliest {n} ldcts on record", "study", ans)
    pc = [{"patient_id": p, "k": -_nodule_count(p)} for p in _pid_pool()]
    n, ans = untied(pc, lambda r: r["k"], "patient_id", 3)
    yield _q(
        fam,
        f"which {n} people have had the greatest number of nodules found, summed over every exam",
        "patient",
        ans,
    )
    masses = [f for f in findings() if f["kind"] == "mass"]
    n, ans = untied(masses, lambda f: f["volume_mm3"], "finding_id", 3)
    yield _q(fam, f"masses: give me the {n} with the least volume", "finding", ans)
    ptx = [f for f in findings() if f["kind"] == "pneumothorax"]
    n, ans = untied(ptx, lambda f: -f["confidence"], "finding_id", 3)
    yield _q(fam, f"ptx findings, {n} highest confidence scores", "finding", ans)
    n, ans = untied(nrows, lambda f: f["mean_hu"], "finding_id", 1)
    yield _q(fam, f"{n} lowest-hu nodules", "finding", ans)
    solid = [f for f in nrows if f["attenuation"] == "solid"]
    n, ans = untied(solid, lambda f: -f["long_axis_mm"], "finding_id", 5)
    yield _q(fam, f"top {n} solid nodules by long axis", "finding", ans)
    ggn = [f for f in nrows if f["attenuation"] == "ground-glass"]
    n, ans = untied(ggn, lambda f: -f["volume_mm3"], "finding_id", 3)
    yield _q(fam, f"ground glass nods - the {n} with the highest volume in mm3", "finding", ans)
    women = [
        {"patient_id": p["patient_id"], "b": p["birth_date"]} for p in pats() if p["sex"] == "F"
    ]
    n, ans = untied(women, lambda r: r["b"], "patient_id", 4)
    yield _q(fam, f"which {n} women in the registry are the oldest", "patient", ans)
    psn = [f for f in nrows if f["attenuation"] == "part-solid"]
    n, ans = untied(psn, lambda f: -f["solid_component_mm"], "finding_id", 3)
    yield _q(fam, f"psns with the {n} largest solid components", "finding", ans)
    n, ans = untied(masses, lambda f: -f["diameter_mm"], "finding_id", 3)
    yield _q(fam, f"the {n} largest masses by size", "finding", ans)
    cc = [{"patient_id": p, "k": -_nodule_count(p, calcified)} for p in _pid_pool()]
    n, ans = untied(cc, lambda r: r["k"], "patient_id", 3)
    yield _q(fam, f"top {n} pts by number of calcified nodules", "patient", ans)
    rll = [f for f in nrows if f["lobe"] == "RLL"]
    n, ans = untied(rll, lambda f: -f["diameter_mm"], "finding_id", 3)
    yield _q(fam, f"RLL nodules, {n} largest by diameter", "finding", ans)


def stats(rng: random.Random) -> Rows:
    fam = "aggregates"
    nrows = nodule_rows()
    yield _q(
        fam,
        "whats the mean size of a nodule in this cohort (mm)",
        "value",
        _field(nrows, "diameter_mm", mean_of),
    )
    ggn = [f for f in nrows if f["attenuation"] == "ground-glass"]
    yield _q(fam, "avg volume of ggns in mm3", "value", _field(ggn, "volume_mm3", mean_of))
    yield _q(
        fam, "median confidence of nodule findings", "value", _field(nrows, "confidence", median_of)
    )
    solid = [f for f in nrows if f["attenuation"] == "solid"]
    yield _q(
        fam, "solid nods: average attenuation in hu?", "value", _field(solid, "mean_hu", mean_of)
    )
    masses = [f for f in findings() if f["kind"] == "mass"]
    yield _q(
        fam, "median long axis of masses, mm", "value", _field(masses, "long_axis_mm", median_of)
    )
    all_s = studies()
    for v in _share(sum(map(any_ct, all_s)), len(all_s)):
        yield _q(fam, "% of all studies that were ct", "value", v)
    for v in _share(sum(p["sex"] == "F" for p in pats()), len(pats())):
        yield _q(fam, "what percentage of patients are female", "value", v)
    lds = [s for s in all_s if ldct(s)]
    yield _q(
        fam,
        "mean nodule count on a single screening ct",
        "value",
        mean_of([len(nods(s)) for s in lds]),
    )
    l25 = [s for s in lds if in_year(2025)(s)]
    for v in _share(sum(category(s) == "3" for s in l25), len(l25)):
        yield _q(fam, "% of 2025 ldcts that were lung-rads 3", "value", v)
    for v in _share(sum(map(calcified, nrows)), len(nrows)):
        yield _q(fam, "what fraction of nodules are calcified, in percent", "value", v)
    yield _q(
        fam,
        "median number of nodules per chest ct",
        "value",
        median_of([len(nods(s)) for s in all_s if chest_ct(s)]),
    )
    psn = [f for f in nrows if f["attenuation"] == "part-solid"]
    yield _q(
        fam,
        "for psns, mean solid comp size in millimetres",
        "value",
        _field(psn, "solid_component_mm", mean_of),
    )
    yield _q(
        fam,
        "nodule short-axis, average over every nodule, mm",
        "value",
        _field(nrows, "short_axis_mm", mean_of),
    )
    eff = [f for f in findings() if f["kind"] == "pleural_effusion"]
    yield _q(
        fam,
        "average confidence of pleural effusion findings",
        "value",
        _field(eff, "confidence", mean_of),
    )
    yield _q(fam, "median nodule volume", "value", _field(nrows, "volume_mm3", median_of))
    for v in _share(sum(at_station("CT02")(s) for s in all_s), len(all_s)):
        yield _q(fam, "pct of studies done at ct02", "value", v)
    yield _q(
        fam,
        "break down the number of exams at each station",
        "groups",
        _groups(lambda s: s["station"]),
    )


def reports(rng: random.Random) -> Rows:
    fam = "report concepts"
    yield _q(fam, "studies whose report mentions emphysema", "study", sids(says("emphysema")))
    yield _q(fam, "reports negative for emphysema - studies", "study", sids(denies("emphysema")))
    yield _q(
        fam,
        "ldcts that mention coronary artery calcification",
        "study",
        sids(ldct, says("coronary")),
    )
    yield _q(fam, "how many reports say granuloma", "count", count(says("granuloma")))
    yield _q(
        fam,
        "emphysema on the report with a spiculated nodule finding - which exams",
        "study",
        sids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "ct chest reports that rule out lymphadenopathy",
        "study",
        sids(chest_ct, denies("lymphadenopathy")),
    )
    yield _q(
        fam,
        "scans with emphysema but no nodules",
        "study",
        sids(says("emphysema"), neg(nod())),
    )
    yield _q(
        fam,
        "patients with lymphadenopathy in the report",
        "patient",
        pids(says("lymphadenopathy")),
    )
    yield _q(
        fam,
        "2024 screening cts w/o any emphysema",
        "study",
        sids(ldct, in_year(2024), neg(says("emphysema"))),
    )
    yield _q(
        fam,
        "number of studies where the report states no lymphadenopathy",
        "count",
        count(denies("lymphadenopathy")),
    )
    yield _q(
        fam,
        "emphysema + lung-rads 4a studies",
        "study",
        sids(says("emphysema"), cat_in("4A")),
    )
    yield _q(
        fam,
        "patients with no emphysema documented on any report, ever",
        "patient",
        history(lambda m: not any(map(says("emphysema"), m))),
    )
    yield _q(
        fam,
        "calcified nodule seen and granuloma reported in the same exam",
        "study",
        sids(says("granuloma"), nod(calcified)),
    )
    yield _q(
        fam,
        "count the low-dose cts whose report is neg for emphysema",
        "count",
        count(ldct, denies("emphysema")),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth/new/stable"

    def st(t: FTest, *more: Test) -> list[str]:
        return sids(lambda s: any(t(f) for f in _rows_of(s)), *more)

    def pt(t: FTest, *more: Test) -> list[str]:
        return pids(lambda s: any(t(f) for f in _rows_of(s)), *more)

    yield from ask(
        fam, "which scans show a nodule that grew", "study", *[st(t) for t in grew_readings()]
    )
    yield from ask(
        fam,
        "exams from 2024 showing a newly appeared nodule",
        "study",
        st(new(False), in_year(2024)),
        st(new(True), in_year(2024)),
    )
    yield from ask(
        fam,
        "RUL nodule unchanged since prior (stable) - exams",
        "study",
        *[st(_all(stable(r, m), in_lobe("RUL"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(fam, "pts with a growing nodule", "patient", *[pt(t) for t in grew_readings()])
    yield from ask(
        fam,
        "how many new nodule findings were there in 2024",
        "count",
        *[len(fids(new(m), where=in_year(2024))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "nodules that grew more than 2 mm on ldct",
        "study",
        *[st(t, ldct) for t in grew_readings(2.0)],
    )
    yield from ask(
        fam,
        "new nodules at least 6mm in 2024",
        "study",
        *[st(_all(new(m), ge("diameter_mm", 6)), in_year(2024)) for m in (False, True)],
    )
    yield from ask(
        fam,
        "growing solid nodule findings",
        "finding",
        *[fids(_all(t, att("solid"))) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "patients with a new nodule on their 2026 screening ct",
        "patient",
        *[pt(new(m), ldct, in_year(2026)) for m in (False, True)],
    )
    yield from ask(
        fam,
        "interval growth > 1.5mm in the left upper lobe",
        "study",
        *[st(_all(t, in_lobe("LUL"))) for t in grew_readings()],
    )


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    yield _q(
        fam, "female pts", "patient", sorted(p["patient_id"] for p in pats() if p["sex"] == "F")
    )
    yield from ask(
        fam,
        "male pts older than 75 at the time of a screening ct",
        "patient",
        *aged(lambda s: sex_is("M")(s) and ref.age(s) > 75, ldct),
    )
    yield from ask(
        fam, "pts 50-60 w a mass", "patient", *aged(lambda s: 50 <= ref.age(s) <= 60, kind("mass"))
    )
    yield _q(
        fam,
        "pneumothorax scans in pts aged 80 to 89",
        "study",
        sids(lambda s: 80 <= ref.age(s) <= 89, kind("pneumothorax")),
    )
    yield _q(
        fam,
        "how many patients have sex recorded as other",
        "count",
        sum(p["sex"] == "O" for p in pats()),
    )
    yield _q(
        fam,
        "head ct exams done on female patients (list the exams)",
        "study",
        sids(sex_is("F"), head_ct),
    )
    yield _q(
        fam, "2025 low-dose cts in men: number?", "count", count(sex_is("M"), ldct, in_year(2025))
    )
    yield from ask(
        fam,
        "women under 50 with a nodule",
        "patient",
        *aged(lambda s: sex_is("F")(s) and ref.age(s) < 50, nod()),
    )
    yield _q(
        fam, "male patient count, whole registry", "count", sum(p["sex"] == "M" for p in pats())
    )
    yield _q(
        fam,
        "Dear all, please send me the ldcts with a spiculated nodule in people aged sixty to "
        "sixty nine. Best, Anna",
        "study",
        sids(ldct, lambda s: 60 <= ref.age(s) <= 69, nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "F pts aged 65 or older who had a ct angio",
        "patient",
        *aged(lambda s: sex_is("F")(s) and ref.age(s) >= 65, cta),
    )
    yield _q(fam, "male patients' chest x-rays", "study", sids(sex_is("M"), cxr))
    yield from ask(
        fam,
        "septuagenarians w lung-rads 4b",
        "patient",
        *aged(lambda s: 70 <= ref.age(s) <= 79, cat_in("4B")),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality/station"
    yield _q(fam, "studies at CT01 in 2024", "study", sids(at_station("CT01"), in_year(2024)))
    yield _q(fam, "how many dx01 studies", "count", count(at_station("DX01")))
    yield _q(fam, "ctpa studies with consolidation", "study", sids(cta, kind("consolidation")))
    yield _q(
        fam,
        "brain ct exams positive for intracranial bleed (hemorrhage)",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(fam, "total cxrs", "count", count(cxr))
    yield _q(
        fam,
        'unenhanced "CT CHEST W/O CONTRAST" exams where a mass was found',
        "study",
        sids(non_contrast_chest, kind("mass")),
    )
    yield _q(fam, "pe cts with a pleural effusion", "study", sids(cta, kind("pleural_effusion")))
    yield _q(
        fam,
        "ct02 ldcts in march 2025",
        "study",
        sids(at_station("CT02"), ldct, dated("2025-03-01", "2025-03-31")),
    )
    yield _q(fam, "CT01 scanner: total head ct exams", "count", count(head_ct, at_station("CT01")))
    yield _q(
        fam,
        "ptx on plain film (chest radiograph) - exams",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield _q(
        fam,
        '"CT CHEST W CONTRAST" exams, how many',
        "count",
        count(lambda s: s["description"] == "CT CHEST W CONTRAST"),
    )
    yield _q(
        fam,
        "scans by modality, with counts",
        "groups",
        _groups(lambda s: s["modality"]),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield _q(fam, "right middle lobe nod(s), which exams", "study", sids(nod(in_lobe("RML"))))
    yield _q(
        fam,
        "exams with a nodule located in the left lower lobe",
        "study",
        sids(nod(in_lobe("LLL"))),
    )
    yield _q(fam, "LUL lesion (nodule or mass) - list exams", "study", sids(lesion(in_lobe("LUL"))))
    yield _q(
        fam,
        "right upper lobe nodule findings over 6 mm",
        "finding",
        fids(is_nodule, in_lobe("RUL"), gt("diameter_mm", 6)),
    )
    yield _q(
        fam, "tally every RLL nodule finding, please", "count", len(fids(is_nodule, in_lobe("RLL")))
    )
    yield _q(fam, "exams with a RML mass", "study", sids(kind("mass", in_lobe("RML"))))
    yield _q(
        fam,
        "nodule findings in the LUL or LLL",
        "finding",
        fids(is_nodule, in_lobe("LUL", "LLL")),
    )
    yield _q(
        fam,
        "pts w a calcified nodule in the right lower lobe",
        "patient",
        pids(nod(calcified, in_lobe("RLL"))),
    )
    yield _q(
        fam,
        "ldcts with a ggn in the left upper lobe",
        "study",
        sids(ldct, nod(att("ground-glass"), in_lobe("LUL"))),
    )
    yield _q(
        fam,
        "spiculated lesions, rul",
        "study",
        sids(lesion(margin("spiculated"), in_lobe("RUL"))),
    )


def features(rng: random.Random) -> Rows:
    fam = "attenuation/margin/calcification"
    yield _q(fam, "ggns", "study", sids(nod(att("ground-glass"))))
    yield _q(fam, "part solid nods, all exams", "study", sids(nod(att("part-solid"))))
    yield _q(fam, "spiculated nodule findings", "finding", fids(is_nodule, margin("spiculated")))
    yield _q(
        fam,
        "non-calcified solid nodules > 8 mm",
        "study",
        sids(nod(uncalcified, att("solid"), gt("diameter_mm", 8))),
    )
    yield _q(fam, "subsolid nodules", "study", sids(nod(subsolid)))
    yield _q(
        fam,
        "total count of nodules with a lobulated margin",
        "count",
        len(fids(is_nodule, margin("lobulated"))),
    )
    yield _q(
        fam,
        "smooth-margined solid nodules on ldct",
        "study",
        sids(ldct, nod(margin("smooth"), att("solid"))),
    )
    yield _q(fam, "calcified nodule findings", "finding", fids(is_nodule, calcified))
    yield _q(
        fam, "patients with a spiculated mass", "patient", pids(kind("mass", margin("spiculated")))
    )
    yield _q(
        fam,
        "pure ground glass nodules 10 mm or larger",
        "study",
        sids(nod(att("ground-glass"), ge("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "psn findings with lobulated margins",
        "finding",
        fids(is_nodule, att("part-solid"), margin("lobulated")),
    )
    yield _q(
        fam,
        "people with a solid nodule that is calcified",
        "patient",
        pids(nod(calcified, att("solid"))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    multi = [p for p in _pid_pool() if len(own(p)) >= 3]
    p = pick(rng, multi)
    mine = own(p)
    yield _q(
        fam,
        f"for {p}, time span first exam to most recent exam in days",
        "value",
        float(days_between(mine[0]["study_date"], mine[-1]["study_date"])),
    )
    yield _q(
        fam,
        "pts with > 3 yrs of follow-up imaging",
        "patient",
        history(lambda m: m[-1]["study_date"] > months_on(m[0]["study_date"], 36)),
    )
    yield _q(
        fam,
        "pts with at least 2 years between first and latest ldct",
        "patient",
        history(
            lambda m: (
                any(map(ldct, m))
                and [s for s in m if ldct(s)][-1]["study_date"]
                >= months_on(next(s for s in m if ldct(s))["study_date"], 24)
            )
        ),
    )
    p2 = _first_fit(rng, multi, lambda x: sum(map(ldct, own(x))) >= 2)
    l2 = [s for s in own(p2) if ldct(s)]
    yield _q(
        fam,
        f"{p2}: interval in days baseline screening ct -> latest screening ct",
        "value",
        float(days_between(l2[0]["study_date"], l2[-1]["study_date"])),
    )
    yield _q(
        fam,
        "patients whose first and latest scans are more than 30 months apart",
        "patient",
        history(lambda m: m[-1]["study_date"] > months_on(m[0]["study_date"], 30)),
    )


def spoken_and_pasted(rng: random.Random) -> Rows:
    """Dictated questions (numbers spelt out), e-mail pastes and search-box keywords, each
    filed under the family whose condition it asks."""
    yield _q(
        "numbers",
        "nodules larger than twelve millimeters",
        "study",
        sids(nod(gt("diameter_mm", 12))),
    )
    yield _q(
        "numbers",
        "findings with mean hu between minus eight hundred and minus six hundred",
        "finding",
        fids(within("mean_hu", -800, -600)),
    )
    yield _q(
        "dates",
        "ldcts in march twenty twenty five",
        "study",
        sids(ldct, dated("2025-03-01", "2025-03-31")),
    )
    yield _q(
        "lung-rads",
        "number of exams with lung rads four b",
        "count",
        count(cat_in("4B")),
    )
    yield _q(
        "counts",
        "people who have had three or more ct chest exams",
        "patient",
        _per_patient(chest_ct, lambda k: k >= 3),
    )
    yield _q(
        "demographics",
        "women over seventy with a mass on the same scan - list the studies",
        "study",
        sids(sex_is("F"), lambda s: ref.age(s) > 70, kind("mass")),
    )
    yield _q(
        "lung-rads",
        "Hi, for the screening audit could you tell me how many LDCTs in 2024 were Lung-RADS 3? "
        "Many thanks",
        "count",
        count(ldct, in_year(2024), cat_in("3")),
    )
    yield _q(
        "report concepts",
        "Hello - I need the list of patients whose reports mention coronary artery "
        "calcification. Thanks, Sam",
        "patient",
        pids(says("coronary")),
    )
    yield _q(
        "modality/station",
        "Quick one: how many head CTs did CT02 do in 2025? Cheers",
        "count",
        count(head_ct, at_station("CT02"), in_year(2025)),
    )
    yield _q(
        "numbers",
        "Good morning, please pull all solid nodules 15 mm or more, thanks",
        "study",
        sids(nod(att("solid"), ge("diameter_mm", 15))),
    )
    yield _q(
        "lobes", "nodule lll spiculated", "study", sids(nod(in_lobe("LLL"), margin("spiculated")))
    )
    yield _q(
        "modality/station", "ldct ct01 2023", "study", sids(ldct, at_station("CT01"), in_year(2023))
    )
    yield _q(
        "attenuation/margin/calcification",
        "ggo rul",
        "study",
        sids(nod(att("ground-glass"), in_lobe("RUL"))),
    )
    yield _q(
        "report concepts",
        "emphysema ldct 2025",
        "study",
        sids(says("emphysema"), ldct, in_year(2025)),
    )
    yield _q("modality/station", "pneumothorax cxr", "study", sids(kind("pneumothorax"), cxr))
    yield _q(
        "aggregates",
        "mean diameter (mm) of nodules in the RML",
        "value",
        _field([f for f in nodule_rows() if f["lobe"] == "RML"], "diameter_mm", mean_of),
    )
    yield _q(
        "aggregates",
        "average confidence for mass findings",
        "value",
        _field([f for f in findings() if f["kind"] == "mass"], "confidence", mean_of),
    )
    yield _q(
        "intervals",
        "patients with more than 2 years between their first and latest chest ct",
        "patient",
        history(
            lambda m: (
                sum(map(chest_ct, m)) > 0
                and [s for s in m if chest_ct(s)][-1]["study_date"]
                > months_on(next(s for s in m if chest_ct(s))["study_date"], 24)
            )
        ),
    )
    yield _q(
        "growth/new/stable",
        "Could you send me the screening CTs from 2025 where a nodule grew? Thank you",
        "study",
        agreed(*[sids(ldct, in_year(2025), _has(t)) for t in grew_readings()]),
    )
    yield _q(
        "set logic",
        "patients who had a mass (any scan) but never an ldct",
        "patient",
        history(some_but_never(kind("mass"), ldct)),
    )
    yield _q(
        "identifiers",
        "acc A0000042 - show me that exam",
        "study",
        sids(lambda s: s["accession"] == "A0000042"),
    )
    yield _q(
        "rankings",
        "the 3 youngest patients by date of birth",
        "patient",
        untied(
            [{"patient_id": p["patient_id"], "b": p["birth_date"]} for p in pats()],
            lambda r: "".join(chr(200 - ord(c)) for c in r["b"]),
            "patient_id",
            3,
        )[1],
    )
    yield _q(
        "counts",
        "screening cts showing two or more ground glass nodules, how many",
        "count",
        count(ldct, _n_nods(lambda k: k >= 2, att("ground-glass"))),
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
    spoken_and_pasted,
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
