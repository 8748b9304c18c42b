"""A bank of several hundred cohort questions with answers computed apart from the engine.

Each family of the schema (sizes, attenuation, confidence, dates, identifiers, demographics,
counts, patient-level set logic, Lung-RADS, rankings, growth, report concepts) has phrasings in
two parts: ``tune`` phrasings, which the reader was developed against, and ``held_out``
phrasings, written at the same time but never used to change the reader. Parameters (sizes,
dates, identifiers, categories) are drawn with a fixed seed. The expected answer of each question
is computed here in plain Python from the cohort's JSON Lines files (:mod:`cohort_reference`),
never from ScanSide's parser, compiler or SQL.

Run as a script to print the figures: ``python tests/query/question_bank.py``;
``--part held_out_13`` asks and prints only that part's questions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib
import itertools
import random
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cohort_reference as ref

from appliance.catalogue.database import open_database
from appliance.errors import QueryError
from query.engine import QueryEngine
from reports.cohort_import import import_cohort

AS_OF = "2026-11-01"
Row = dict[str, Any]
Test = Callable[[Row], bool]
Part = str  # "tune" | "held_out"


@dataclasses.dataclass(frozen=True)
class Item:
    """One question and its independently computed answer at its unit."""

    family: str
    part: Part
    question: str
    unit: str  # patient | study | finding | count | groups | value
    expected: Any
    as_of: str = AS_OF


# --- the independent reading -------------------------------------------------------------


def studies() -> list[Row]:
    return list(ref.cohort()[1].values())


def findings() -> list[Row]:
    return ref.cohort()[2]


def study_of(f: Row) -> Row:
    return ref.cohort()[1][f["study_uid"]]


def nodules(s: Row, test: Callable[[Row], bool] = lambda f: True) -> list[Row]:
    return [f for f in ref.findings_of(s["study_uid"]) if f["kind"] == "nodule" and test(f)]


def has_nodule(test: Callable[[Row], bool] = lambda f: True) -> Test:
    return lambda s: bool(nodules(s, test))


def study_ids(test: Test) -> list[str]:
    return ref.studies_where(test)


def patient_ids(test: Test) -> list[str]:
    return ref.patients_of(ref.studies_where(test))


def patients_by_history(test: Callable[[list[Row]], bool]) -> list[str]:
    by_patient: dict[str, list[Row]] = {}
    for s in studies():
        by_patient.setdefault(s["patient_id"], []).append(s)
    return sorted(p for p, own in by_patient.items() if test(own))


def report_affirms(word: str) -> Test:
    return lambda s: ref.sentence_affirms(ref.cohort()[3][s["study_uid"]], word)


def both(a: Test, b: Test) -> Test:
    return lambda s: a(s) and b(s)


def either(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def birth(patient_id: str) -> str:
    return str(ref.cohort()[0][patient_id]["birth_date"])


def in_dates(start: str, end: str) -> Test:
    return lambda s: start <= s["study_date"] <= end


def month_end(year: int, month: int) -> str:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).isoformat()


def quarter(year: int, q: int) -> Test:
    """Studies dated in quarter ``q`` (1 to 4) of ``year``."""
    return in_dates(f"{year}-{3 * q - 2:02d}-01", month_end(year, 3 * q))


def months(year: int, first: int, last: int) -> Test:
    """Studies dated from the start of month ``first`` to the end of month ``last`` of ``year``."""
    return in_dates(f"{year}-{first:02d}-01", month_end(year, last))


def sized(attenuation: str, x: float, inclusive: bool) -> list[str]:
    """Studies with a nodule of this attenuation over (or, ``inclusive``, at least) ``x`` mm."""
    return study_ids(
        has_nodule(
            lambda f: (
                f["attenuation"] == attenuation
                and (f["diameter_mm"] >= x if inclusive else f["diameter_mm"] > x)
            )
        )
    )


def own_studies(patient_id: str) -> list[Row]:
    """The patient's studies, first to latest (by date, then UID)."""
    return sorted(
        (x for x in studies() if x["patient_id"] == patient_id),
        key=lambda x: (x["study_date"], x["study_uid"]),
    )


def studies_by_nodules(compare: Callable[[int, int], bool], n: int) -> list[str]:
    """Studies whose number of nodules compares so with ``n`` (``operator.ge``: at least n)."""
    return study_ids(lambda s: compare(len(nodules(s)), n))


def patients_by_studies(compare: Callable[[int, int], bool], n: int) -> list[str]:
    """Patients whose number of studies compares so with ``n`` (``operator.ge``: at least n)."""
    return patients_by_history(lambda own: compare(len(own), n))


def patients_with_both(a: Test, b: Test) -> list[str]:
    """Patients with some study passing ``a`` and some (maybe other) study passing ``b``."""
    return patients_by_history(lambda own: any(map(a, own)) and any(map(b, own)))


def patients_with_but_never(a: Test, b: Test) -> list[str]:
    """Patients with some study passing ``a`` and no study passing ``b``."""
    return patients_by_history(lambda own: any(map(a, own)) and not any(map(b, own)))


def grown(g: float, inclusive: bool = False) -> list[str]:
    """Studies with a finding that grew by more than (``inclusive``: at least) ``g`` mm."""
    facts = growth_by_finding()
    return sorted(
        {
            f["study_uid"]
            for f in findings()
            if (
                facts.get(f["finding_id"], -99) >= g
                if inclusive
                else facts.get(f["finding_id"], -99) > g
            )
        }
    )


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Conditions a patient can have on a study, as words and as a test.
CONDITIONS: list[tuple[str, Test]] = [
    ("nodules", has_nodule()),
    ("a mass", lambda s: any(f["kind"] == "mass" for f in ref.findings_of(s["study_uid"]))),
    ("emphysema", report_affirms("emphysema")),
    (
        "a pneumothorax",
        lambda s: any(f["kind"] == "pneumothorax" for f in ref.findings_of(s["study_uid"])),
    ),
    ("calcified nodules", has_nodule(lambda f: bool(f["calcified"]))),
    ("spiculated nodules", has_nodule(lambda f: f["margin"] == "spiculated")),
    ("ground-glass nodules", has_nodule(lambda f: f["attenuation"] == "ground-glass")),
]


# --- the families --------------------------------------------------------------------------


Family = Callable[[random.Random], Iterator[Item]]


def items(family: str, part: Part, *rows: tuple[str, str, Any]) -> Iterator[Item]:
    """One family's questions in one part, each a (question, unit, expected answer) row."""
    for question, unit, expected in rows:
        yield Item(family, part, question, unit, expected)


def never_of(test: Test) -> list[str]:
    return patients_by_history(lambda own: not any(map(test, own)))


ORDER = ref.ORDER


def highest(own: list[Row]) -> str | None:
    cats = [c for c in (ref.category(s) for s in own) if c is not None]
    return max(cats, key=ORDER.index) if cats else None


def category_studies(c: str) -> list[str]:
    """Studies whose Lung-RADS category is ``c``."""
    return study_ids(lambda s: ref.category(s) == c)


def highest_patients(c: str) -> list[str]:
    """Patients whose highest Lung-RADS category over all their studies is ``c``."""
    return patients_by_history(lambda own: highest(own) == c)


def top_rows(rows: list[Row], key: Callable[[Row], Any], n: int, ident: str) -> list[str] | None:
    """The ``n`` first rows by ``key``; None when a tie at the boundary makes it ambiguous."""
    ranked = sorted(rows, key=key)
    if len(ranked) > n and key(ranked[n - 1]) == key(ranked[n]):
        return None
    return sorted(str(r[ident]) for r in ranked[:n])


def latest_first(s: Row) -> tuple[int, ...]:
    """A sort key putting the most recent study first."""
    return tuple(-ord(ch) for ch in s["study_date"])


def growth_by_finding() -> dict[str, float]:
    """Mean-diameter increase over the previous finding of the same track (nodule or mass)."""
    by_track: dict[str, list[Row]] = {}
    for f in findings():
        if f.get("track_id") and f["kind"] in ("nodule", "mass"):
            by_track.setdefault(f["track_id"], []).append(f)
    growth_of: dict[str, float] = {}
    for track in by_track.values():
        track.sort(key=lambda f: study_of(f)["study_date"])
        for before, after in itertools.pairwise(track):
            growth_of[after["finding_id"]] = after["diameter_mm"] - before["diameter_mm"]
    return growth_of


# Report concepts asked about, each with a second word that affirms it too.
CONCEPT_WORDS = (("emphysema", "emphysema"), ("lymphadenopathy", "lymph nodes"))


PARTS = (
    "tune",
    "held_out",
    "held_out_2",
    "held_out_3",
    "held_out_4",
    "held_out_5",
    "held_out_6",
    "held_out_7",
    "held_out_8",
    "held_out_9",
    "held_out_10",
    "held_out_11",
    # part 13 (bank_fresh_13.py) was written blind and measured once while ungated (95.4 %
    # exact, 1.4 % silent); its families were then fixed, so it is a tuned part, gated here
    "held_out_13",
    # part 14 (bank_fresh_14.py), likewise: measured once while ungated (91.1 % exact, 1.9 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_14",
    # part 15 (bank_fresh_15.py), likewise: measured once while ungated (93.1 % exact, 0.9 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_15",
    # part 16 (bank_fresh_16.py), likewise: measured once while ungated (95.6 % exact, 1.8 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_16",
    # part 17 (bank_fresh_17.py), likewise: measured once while ungated (95.4 % exact, 0.5 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_17",
    # part 18 (bank_fresh_18.py), likewise: measured once while ungated (94.8 % exact, 0.9 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_18",
    # parts 19 and 20 (bank_fresh_19.py, bank_fresh_20.py), likewise: measured once while
    # ungated (part 19: 99.1 % exact, 0 % silent; part 20: 94.2 % exact, 1.9 % silent), then
    # their families fixed; tuned parts, gated here
    "held_out_19",
    "held_out_20",
    # part 21 (bank_fresh_21.py), likewise: measured once while ungated (93.6 % exact, 2.5 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_21",
    # part 22 (bank_fresh_22.py), likewise: measured once while ungated (95.4 % exact, 0.0 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_22",
    # part 23 (bank_fresh_23.py), likewise: measured once while ungated (96.5 % exact, 0.9 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_23",
    # part 24 (bank_fresh_24.py), likewise: measured once while ungated (95.6 % exact, 0.9 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_24",
    # part 25 (bank_fresh_25.py), likewise: measured once while ungated (91.0 % exact, 1.4 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_25",
    # part 26 (bank_fresh_26.py), likewise: measured once while ungated (95.0 % exact, 1.7 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_26",
    # part 27 (bank_fresh_27.py), likewise: measured once while ungated (97.3 % exact, 1.3 %
    # silent), then its families fixed; a tuned part, gated here
    "held_out_27",
    # part 28 (bank_fresh_28.py), likewise: measured once while ungated (87.0 % exact, 1.3 %
    # silent; 87.4 % / 0.9 % after its erratum), then its families fixed; a tuned part
    "held_out_28",
    # part 29 (bank_fresh_29.py), likewise: measured once while ungated (82.3 % exact, 0.0 %
    # silent), then its families fixed (numbers said aloud among them); a tuned part
    "held_out_29",
    # part 30 (bank_fresh_30.py), likewise: measured once while ungated (87.7 % exact, 0.5 %
    # silent), then its families fixed; a tuned part
    "held_out_30",
    # part 31 (bank_fresh_31.py), likewise: measured once while ungated (93.7 % exact, 0.9 %
    # silent), then its families fixed; a tuned part
    "held_out_31",
    # parts 32 and 33 (bank_fresh_32.py, bank_fresh_33.py), likewise: measured once while
    # ungated (93.8 % / 0.0 % and 92.5 % / 1.2 %), then their families fixed; tuned parts
    "held_out_32",
    "held_out_33",
    # part 34 (bank_fresh_34.py), likewise: measured once while ungated (89.3 % / 0.9 %), then
    # its families fixed; a tuned part
    "held_out_34",
    # part 35 (bank_fresh_35.py), likewise: measured once while ungated (88.1 % / 0.9 %), then
    # its families fixed; a tuned part
    "held_out_35",
    # part 36 (bank_fresh_36.py), likewise: measured once while ungated (80.5 % / 3.6 %), then
    # its families fixed; a tuned part
    "held_out_36",
    # part 37 (bank_fresh_37.py), likewise: measured once while ungated (84.9 % / 0.8 %), then
    # its families fixed; a tuned part
    "held_out_37",
    # part 38 (bank_fresh_38.py), likewise: measured once while ungated (86.9 % / 2.0 %), then
    # its families fixed; a tuned part
    "held_out_38",
    # part 39 (bank_fresh_39.py), likewise: measured once while ungated (85.6 % / 0.8 %), then
    # its families fixed; a tuned part
    "held_out_39",
    # part 40 (bank_fresh_40.py): measured while ungated before session 22's round 3 of fixes
    # (84.2 % / 0.4 %) and after it (85.1 % / 0.4 %), then its families fixed; a tuned part
    "held_out_40",
    # part 41 (bank_fresh_41.py): measured while ungated before session 22's round 3 of fixes
    # (97.8 % / 1.7 %) and after its round 4 (98.3 % / 1.7 %), then its four silent answers
    # mended; a tuned part
    "held_out_41",
    # part 42 (bank_fresh_42.py): written blind in session 23 and measured while ungated
    # (78.6 % / 0.5 %), then its families fixed (A, B, C); a tuned part
    "held_out_42",
    # part 44 (bank_fresh_44.py): written blind in session 24 and measured while ungated
    # (96.2 % / 0.4 %), then its few misses fixed with part 45's families; a tuned part
    "held_out_44",
    # parts 48 and 49 (bank_fresh_48.py, bank_fresh_49.py): written blind in session 25 and
    # measured while ungated (88.4 % / 1.2 % and 95.3 % / 0.9 %), then their families fixed
    # (round 8: A, B, C); tuned parts
    "held_out_48",
    "held_out_49",
)
# Parts measured and printed but not yet held to the 95 % of test_question_bank.py: part 12
# (bank_fresh_12.py) was written apart from the reader and records its first measurement.
MEASURED_PARTS = (
    "held_out_12",
    "held_out_21_unsettled",
)

# Parts that are scored and printed but kept out of bank(), so that no test gates on them:
# written as final measurements of the reader, each in its own module with its own seed.
# Parts 13 to 30 were ones until their misses were fixed; they are now in bank() and PARTS.
# Every blind part up to 42 has been measured and then fixed. Part 43 (bank_fresh_43.py) was
# written blind in session 23, frozen before any of that session's fixes, and measured before
# them (77.5 % exact, 3.8 % wrong without warning) and after its round of fixes to part 42's
# families (78.3 % / 3.8 %), the round it judges. Its nine silent answers were then mended by
# general rules (80.8 % / 0.0 %), and a round of fixes to its families (D, E, F) took it to
# 89.6 % / 0.0 % (tuned); it stays ungated, short of the 95 % a gated part is held to, until
# its remaining misses are fixed or settled.
# Session 24 wrote parts 44 to 47 blind at its start: 44 and 45 were measured first (96.2 % /
# 0.4 % and 78.4 % / 4.1 %) and their families fixed (round 7: A, B, C, D; part 44 is gated since),
# and 46 and 47 judged that round (88.0 % -> 88.0 % and 86.2 % -> 87.4 %).
# Session 25 wrote parts 48 to 51 blind at its start and measured each once before any fix
# (88.4 % / 1.2 %, 95.3 % / 0.9 %, 87.0 % / 2.1 %, 86.5 % / 1.2 %); 48 and 49's families were
# fixed (round 8; both gated in PARTS since), 50 and 51 judged it (87.0 % and 87.8 %) before
# their silent answers were mended.
# Session 26 wrote parts 52 to 55 blind at its start and measured each once before any fix
# (84.0 % / 0.4 %, 88.4 % / 1.7 %, 84.8 % / 1.7 %, 91.3 % / 0.9 %).
# Session 27 wrote parts 56 to 59 blind at its start and measured each once before any fix,
# with the unused-field guard (query/unused_fields.py) written before they met the reader
# (93.2 % / 0.4 %, 85.7 % / 2.9 %, 93.2 % / 1.6 %, 78.5 % / 2.9 %).
# Session 28 wrote parts 60 to 63 blind at its start and measured each once before any fix
# (86.9 % / 1.2 %, 82.2 % / 2.7 %, 89.6 % / 0.9 %, 91.6 % / 2.9 %).
UNGATED_PARTS: tuple[str, ...] = (
    "held_out_43",
    "held_out_45",
    "held_out_46",
    "held_out_47",
    "held_out_50",
    "held_out_51",
    "held_out_52",
    "held_out_53",
    "held_out_54",
    "held_out_55",
    "held_out_56",
    "held_out_57",
    "held_out_58",
    "held_out_59",
    "held_out_60",
    "held_out_61",
    "held_out_62",
    "held_out_63",
)


def ungated_bank() -> list[Item]:
    """The questions of :data:`UNGATED_PARTS` (not in :func:`bank`, so never gated): parts 43,
    45, 46, 47 and 50 to 63, until their misses are fixed (parts 39 to 42, 44, 48 and 49 were
    loaded here in turn)."""
    import bank_fresh_43  # noqa: PLC0415
    import bank_fresh_45  # noqa: PLC0415
    import bank_fresh_46  # noqa: PLC0415
    import bank_fresh_47  # noqa: PLC0415
    import bank_fresh_50  # noqa: PLC0415
    import bank_fresh_51  # noqa: PLC0415
    import bank_fresh_52  # noqa: PLC0415
    import bank_fresh_53  # noqa: PLC0415
    import bank_fresh_54  # noqa: PLC0415
    import bank_fresh_55  # noqa: PLC0415
    import bank_fresh_56  # noqa: PLC0415
    import bank_fresh_57  # noqa: PLC0415
    import bank_fresh_58  # noqa: PLC0415
    import bank_fresh_59  # noqa: PLC0415
    import bank_fresh_60  # noqa: PLC0415
    import bank_fresh_61  # noqa: PLC0415
    import bank_fresh_62  # noqa: PLC0415
    import bank_fresh_63  # noqa: PLC0415

    return [
        *bank_fresh_43.bank(),
        *bank_fresh_45.bank(),
        *bank_fresh_46.bank(),
        *bank_fresh_47.bank(),
        *bank_fresh_50.bank(),
        *bank_fresh_51.bank(),
        *bank_fresh_52.bank(),
        *bank_fresh_53.bank(),
        *bank_fresh_54.bank(),
        *bank_fresh_55.bank(),
        *bank_fresh_56.bank(),
        *bank_fresh_57.bank(),
        *bank_fresh_58.bank(),
        *bank_fresh_59.bank(),
        *bank_fresh_60.bank(),
        *bank_fresh_61.bank(),
        *bank_fresh_62.bank(),
        *bank_fresh_63.bank(),
    ]


def _fresh_part(
    number: int, unsettled: frozenset[str] = frozenset()
) -> Callable[[random.Random], Iterator[Item]]:
    """Blind part ``number`` (``bank_fresh_<number>.py``) as one family of :func:`bank`: it has
    its own seed, so it draws nothing from ``rng``; its questions in ``unsettled`` (which turn
    on a convention not yet settled) are printed apart as ``held_out_<number>_unsettled``."""

    def family(rng: random.Random) -> Iterator[Item]:
        del rng
        module = importlib.import_module(f"bank_fresh_{number}")
        for item in module.bank():
            aside = item.question in unsettled
            yield dataclasses.replace(item, part=f"{item.part}_unsettled") if aside else item

    return family


# Part 21's questions printed apart (MEASURED_PARTS), not gated; the reader was not changed for
# them, nor were they. Three ask for growth of kind nodule only ("nodules that grew by more than
# 3 mm", "nodules grown by at least 2mm", "how many scans showed nodule growth"): the part leaves
# out F001666, a nodule (track T00584-4) that grew into a mass, which the documented convention
# counts ("a nodule that grew into a mass counts"), so their expected answers are wrong under the
# conventions (the first and third are also in tune and in part 18, whose answers count it;
# bank() scores them there, so only the second is printed here).
# The new-nodule questions of parts 14, 15 and 21 that turned on a track that was a mass from its
# first study (F000277: "new ggn", "how many new nodules in 2025", "number of new ggns", ...)
# were printed apart too while the reader counted it silently; it still counts it, but now says
# so in a warning that names the finding (query/new_masses.py), so they are gated in their parts
# again, scored as warned (their expected answers, which leave the mass out, were not changed).
UNSETTLED_21 = frozenset(
    {
        "nodules that grew by more than 3 mm",
        "nodules grown by at least 2mm",
        "how many scans showed nodule growth",
    }
)


def bank(seed: int = 17) -> list[Item]:
    """Every question of every family, de-duplicated by text (the first answer kept). Built
    once per process and seed (its expected answers take minutes to compute); a fresh list."""
    return list(_built_bank(seed))


@functools.cache
def _built_bank(seed: int) -> tuple[Item, ...]:
    # the family modules import this module's helpers, so they are imported here; the order
    # of the families fixes the random parameters, so new families go at the end
    import bank_families  # noqa: PLC0415
    import bank_follow_up_parts  # noqa: PLC0415
    import bank_fresh_12  # noqa: PLC0415
    import bank_issue17  # noqa: PLC0415
    import bank_later_families  # noqa: PLC0415
    import bank_later_parts  # noqa: PLC0415
    import bank_part12_families  # noqa: PLC0415
    import bank_part13_families  # noqa: PLC0415
    import bank_part14_families  # noqa: PLC0415
    import bank_part15_families  # noqa: PLC0415
    import bank_part16_families  # noqa: PLC0415
    import bank_part17_families  # noqa: PLC0415
    import bank_part18_families  # noqa: PLC0415
    import bank_part20_families  # noqa: PLC0415
    import bank_part21_families  # noqa: PLC0415
    import bank_part22_families  # noqa: PLC0415
    import bank_part23_families  # noqa: PLC0415
    import bank_part24_families  # noqa: PLC0415
    import bank_part25_families  # noqa: PLC0415
    import bank_part26_families  # noqa: PLC0415
    import bank_part27_families  # noqa: PLC0415
    import bank_part28_families  # noqa: PLC0415
    import bank_part29_families  # noqa: PLC0415
    import bank_part30a_families  # noqa: PLC0415
    import bank_part30b_families  # noqa: PLC0415
    import bank_part31a_families  # noqa: PLC0415
    import bank_part31b_families  # noqa: PLC0415
    import bank_part33a_families  # noqa: PLC0415
    import bank_part33b_families  # noqa: PLC0415
    import bank_part33c_families  # noqa: PLC0415
    import bank_part34a_families  # noqa: PLC0415
    import bank_part34b_families  # noqa: PLC0415
    import bank_part35a_families  # noqa: PLC0415
    import bank_part35b_families  # noqa: PLC0415
    import bank_part36c_families  # noqa: PLC0415
    import bank_part36d_families  # noqa: PLC0415
    import bank_part36e_families  # noqa: PLC0415
    import bank_part37a_families  # noqa: PLC0415
    import bank_part37b_families  # noqa: PLC0415
    import bank_part37c_families  # noqa: PLC0415
    import bank_part38d_families  # noqa: PLC0415
    import bank_part38e_families  # noqa: PLC0415
    import bank_part38f_families  # noqa: PLC0415
    import bank_part39g_families  # noqa: PLC0415
    import bank_part39h_families  # noqa: PLC0415
    import bank_part39i_families  # noqa: PLC0415
    import bank_part40j_families  # noqa: PLC0415
    import bank_part40k_families  # noqa: PLC0415
    import bank_part40l_families  # noqa: PLC0415
    import bank_part41m_families  # noqa: PLC0415
    import bank_part41n_families  # noqa: PLC0415
    import bank_part42a_families  # noqa: PLC0415
    import bank_part42b_families  # noqa: PLC0415
    import bank_part42c_families  # noqa: PLC0415
    import bank_part43d_families  # noqa: PLC0415
    import bank_part43e_families  # noqa: PLC0415
    import bank_part43f_families  # noqa: PLC0415
    import bank_part45a_families  # noqa: PLC0415
    import bank_part45b_families  # noqa: PLC0415
    import bank_part45c_families  # noqa: PLC0415
    import bank_part45d_families  # noqa: PLC0415
    import bank_part49a_families  # noqa: PLC0415
    import bank_part49b_families  # noqa: PLC0415
    import bank_part49c_families  # noqa: PLC0415
    import bank_part55A_families  # noqa: PLC0415
    import bank_part55B_families  # noqa: PLC0415
    import bank_part55C_families  # noqa: PLC0415
    import bank_part55D_families  # noqa: PLC0415
    import bank_part55E_families  # noqa: PLC0415
    import bank_part59A_families  # noqa: PLC0415
    import bank_part59B_families  # noqa: PLC0415
    import bank_part59C_families  # noqa: PLC0415
    import bank_part59D_families  # noqa: PLC0415
    import bank_part63A_families  # noqa: PLC0415
    import bank_part63B_families  # noqa: PLC0415
    import bank_part63C_families  # noqa: PLC0415
    import bank_part63D_families  # noqa: PLC0415
    import bank_spoken_families  # noqa: PLC0415

    families = (
        bank_families.FAMILIES
        + bank_later_parts.FAMILIES
        + bank_issue17.FAMILIES
        + bank_follow_up_parts.ALL_FAMILIES
        + bank_later_families.FAMILIES
        + (bank_fresh_12.part_12,)  # its own seed: it draws nothing from rng
        + bank_part12_families.FAMILIES  # tune: the families part 12 showed missing
        + (_fresh_part(13),)  # its own seed: it draws nothing from rng
        + bank_part13_families.FAMILIES  # tune: the families part 13 showed missing
        + (_fresh_part(14),)  # its own seed: it draws nothing from rng
        + bank_part14_families.FAMILIES  # tune: the families part 14 showed missing
        + (_fresh_part(15),)  # its own seed: it draws nothing from rng
        + bank_part15_families.FAMILIES  # tune: the families part 15 showed missing
        + (_fresh_part(16),)  # its own seed: it draws nothing from rng
        + bank_part16_families.FAMILIES  # tune: the families part 16 showed missing
        + (_fresh_part(17),)  # its own seed: it draws nothing from rng
        + bank_part17_families.FAMILIES  # tune: the families part 17 showed missing
        + (_fresh_part(18),)  # its own seed: it draws nothing from rng
        + bank_part18_families.FAMILIES  # tune: the families part 18 showed missing
        + (_fresh_part(19), _fresh_part(20))  # their own seeds: they draw nothing from rng
        + bank_part20_families.FAMILIES  # tune: the families parts 19 and 20 showed missing
        + (_fresh_part(21, UNSETTLED_21),)  # its own seed: it draws nothing from rng
        + bank_part21_families.FAMILIES  # tune: the families part 21 showed missing
        + (_fresh_part(22),)  # its own seed: it draws nothing from rng
        + bank_part22_families.FAMILIES  # tune: the families part 22 showed missing
        + (_fresh_part(23),)  # its own seed: it draws nothing from rng
        + bank_part23_families.FAMILIES  # tune: the families part 23 showed missing
        + (_fresh_part(24),)  # its own seed: it draws nothing from rng
        + bank_part24_families.FAMILIES  # tune: the families part 24 showed missing
        + (_fresh_part(25),)  # its own seed: it draws nothing from rng
        + bank_part25_families.FAMILIES  # tune: the families part 25 showed missing
        + (_fresh_part(26),)  # its own seed: it draws nothing from rng
        + bank_part26_families.FAMILIES  # tune: the families part 26 showed missing
        + (_fresh_part(27),)  # its own seed: it draws nothing from rng
        + bank_part27_families.FAMILIES  # tune: the families part 27 showed missing
        + (_fresh_part(28),)  # its own seed: it draws nothing from rng
        + bank_part28_families.FAMILIES  # tune: the families part 28 showed missing
        + (_fresh_part(29),)  # its own seed: it draws nothing from rng
        + bank_part29_families.FAMILIES  # tune: the families part 29 showed missing
        + bank_spoken_families.FAMILIES  # tune: numbers said aloud (part 29's largest family)
        + (_fresh_part(30),)  # its own seed: it draws nothing from rng
        + bank_part30a_families.FAMILIES  # tune: the families part 30 showed missing (half A)
        + bank_part30b_families.FAMILIES  # tune: the families part 30 showed missing (half B)
        + (_fresh_part(31),)  # its own seed: it draws nothing from rng
        + bank_part31a_families.FAMILIES  # tune: the families part 31 showed missing (half A)
        + bank_part31b_families.FAMILIES  # tune: the families part 31 showed missing (half B)
        + (_fresh_part(32), _fresh_part(33))  # their own seeds: they draw nothing from rng
        + bank_part33a_families.FAMILIES  # tune: the families parts 32 and 33 showed missing (A)
        + bank_part33b_families.FAMILIES  # tune: the families parts 32 and 33 showed missing (B)
        + bank_part33c_families.FAMILIES  # tune: the families parts 32 and 33 showed missing (C)
        + (_fresh_part(34),)  # its own seed: it draws nothing from rng
        + bank_part34a_families.FAMILIES  # tune: the families part 34 showed missing (A)
        + bank_part34b_families.FAMILIES  # tune: the families part 34 showed missing (B)
        + (_fresh_part(35),)  # its own seed: it draws nothing from rng
        + bank_part35a_families.FAMILIES  # tune: the families part 35 showed missing (A)
        + bank_part35b_families.FAMILIES  # tune: the families part 35 showed missing (B)
        + bank_part36c_families.FAMILIES  # tune: the families part 36 showed missing (C)
        + bank_part36d_families.FAMILIES  # tune: the families part 36 showed missing (D)
        + (_fresh_part(36),)  # its own seed: it draws nothing from rng
        + bank_part36e_families.FAMILIES  # tune: the families part 36 showed missing (E)
        + (_fresh_part(37),)  # its own seed: it draws nothing from rng
        + bank_part37a_families.FAMILIES  # tune: the families part 37 showed missing (A)
        + bank_part37b_families.FAMILIES  # tune: the families part 37 showed missing (B)
        + bank_part37c_families.FAMILIES  # tune: the families part 37 showed missing (C)
        + (_fresh_part(38),)  # its own seed: it draws nothing from rng
        + bank_part38d_families.FAMILIES  # tune: the families part 38 showed missing (D)
        + bank_part38e_families.FAMILIES  # tune: the families part 38 showed missing (E)
        + bank_part38f_families.FAMILIES  # tune: the families part 38 showed missing (F)
        + (_fresh_part(39),)  # its own seed: it draws nothing from rng
        + bank_part39g_families.FAMILIES  # tune: the families part 39 showed missing (G)
        + bank_part39h_families.FAMILIES  # tune: the families part 39 showed missing (H)
        + bank_part39i_families.FAMILIES  # tune: the families part 39 showed missing (I)
        + (_fresh_part(40),)  # its own seed: it draws nothing from rng
        + bank_part40j_families.FAMILIES  # tune: the families part 40 showed missing (J)
        + bank_part40k_families.FAMILIES  # tune: the families part 40 showed missing (K)
        + bank_part40l_families.FAMILIES  # tune: the families part 40 showed missing (L)
        + (_fresh_part(41),)  # its own seed: it draws nothing from rng
        + bank_part41m_families.FAMILIES  # tune: the families part 41 showed missing (M)
        + bank_part41n_families.FAMILIES  # tune: the families part 41 showed missing (N)
        + (_fresh_part(42),)  # its own seed: it draws nothing from rng
        + bank_part42a_families.FAMILIES  # tune: the families part 42 showed missing (A)
        + bank_part42b_families.FAMILIES  # tune: the families part 42 showed missing (B)
        + bank_part42c_families.FAMILIES  # tune: the families part 42 showed missing (C)
        + bank_part43d_families.FAMILIES  # tune: the families part 43 showed missing (D)
        + bank_part43e_families.FAMILIES  # tune: the families part 43 showed missing (E)
        + bank_part43f_families.FAMILIES  # tune: the families part 43 showed missing (F)
        + (_fresh_part(44),)  # its own seed: it draws nothing from rng
        + bank_part45a_families.FAMILIES  # tune: part 45's silent answers (A)
        + bank_part45b_families.FAMILIES  # tune: the families parts 44 and 45 showed missing (B)
        + bank_part45c_families.FAMILIES  # tune: the families parts 44 and 45 showed missing (C)
        + bank_part45d_families.FAMILIES  # tune: the families parts 44 and 45 showed missing (D)
        + (_fresh_part(48), _fresh_part(49))  # their own seeds: they draw nothing from rng
        + bank_part49a_families.FAMILIES  # tune: the families parts 48 and 49 showed missing (A)
        + bank_part49b_families.FAMILIES  # tune: the families parts 48 and 49 showed missing (B)
        + bank_part49c_families.FAMILIES  # tune: the families parts 48 and 49 showed missing (C)
        + bank_part55A_families.FAMILIES  # tune: the families parts 52 to 55 showed missing (A)
        + bank_part55B_families.FAMILIES  # tune: the families parts 52 to 55 showed missing (B)
        + bank_part55C_families.FAMILIES  # tune: the families parts 52 to 55 showed missing (C)
        + bank_part55D_families.FAMILIES  # tune: the families parts 52 to 55 showed missing (D)
        + bank_part55E_families.FAMILIES  # tune: the families parts 52 to 55 showed missing (E)
        + bank_part59A_families.FAMILIES  # tune: the families parts 56 to 59 showed missing (A)
        + bank_part59B_families.FAMILIES  # tune: the families parts 56 to 59 showed missing (B)
        + bank_part59C_families.FAMILIES  # tune: the families parts 56 to 59 showed missing (C)
        + bank_part59D_families.FAMILIES  # tune: the families parts 56 to 59 showed missing (D)
        + bank_part63A_families.FAMILIES  # tune: the families parts 60 to 63 showed missing (A)
        + bank_part63B_families.FAMILIES  # tune: the families parts 60 to 63 showed missing (B)
        + bank_part63C_families.FAMILIES  # tune: the families parts 60 to 63 showed missing (C)
        + bank_part63D_families.FAMILIES  # tune: the families parts 60 to 63 showed missing (D)
    )
    rng = random.Random(seed)
    seen: dict[str, Item] = {}
    for family in families:
        for item in family(rng):
            seen.setdefault(item.question, item)
    return tuple(seen.values())


# --- scoring -------------------------------------------------------------------------------

KEYS = {"patient": "patient_id", "study": "study_uid", "finding": "finding_id"}


@dataclasses.dataclass(frozen=True)
class Outcome:
    item: Item
    exact: bool
    warned: bool
    refused: bool
    reading: str


def score(answer_json: Callable[[str, str], dict[str, Any]], item: Item) -> Outcome:
    """Ask one question (``answer_json`` returns the engine's JSON, or {"error": ...})."""
    answer = answer_json(item.question, item.as_of)
    if "error" in answer:
        return Outcome(item, False, True, True, str(answer["error"]))
    exact = _matches(item, answer)
    return Outcome(item, exact, bool(answer["warnings"]), False, str(answer["interpretation"]))


def _matches(item: Item, answer: dict[str, Any]) -> bool:
    if item.unit == "groups":  # rows without a count (grouped values) answer something else
        if answer["unit"] != "count" or any("count" not in row for row in answer["rows"]):
            return False
        got = {row[next(iter(row))]: row["count"] for row in answer["rows"]}
        return got == dict(item.expected)
    if item.unit == "value":  # an average to 0.01 or a percentage to 0.1
        # whatever the answer's unit: a number is a number, and the cohort README names it a
        # count (one patient's days answer unit "count" with the same "value"; session 28, A)
        got = answer.get("value")
        return got is not None and abs(got - item.expected) < 0.011
    if item.unit == "count":
        return bool(answer["unit"] == "count" and answer["count"] == item.expected)
    if answer["unit"] != item.unit:
        return False
    return sorted({row[KEYS[item.unit]] for row in answer["rows"]}) == item.expected


def figures(outcomes: list[Outcome]) -> tuple[float, float]:
    """Exact-answer rate and rate of wrong answers given without a warning."""
    total = len(outcomes) or 1
    exact = sum(o.exact for o in outcomes) / total
    silent = sum(not o.exact and not o.warned for o in outcomes) / total
    return exact, silent


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    with open_database(folder / "catalogue.duckdb") as db:
        import_cohort(db, ref.COHORT)
    with QueryEngine(folder / "catalogue.duckdb") as engine:

        def answer_json(question: str, as_of: str) -> dict[str, Any]:
            try:
                return engine.answer(question, as_of).to_json()
            except QueryError as exc:
                return {"error": exc.message}

        only = _chosen_part(sys.argv)
        asked = ungated_bank() if only in UNGATED_PARTS else bank() + ungated_bank()
        outcomes = [score(answer_json, item) for item in asked if only in (None, item.part)]
    show = "-v" in sys.argv
    for part in (*PARTS, *MEASURED_PARTS, *UNGATED_PARTS):
        mine = [o for o in outcomes if o.item.part == part]
        if only is not None and part != only:
            continue
        exact, silent = figures(mine)
        refused = sum(o.refused for o in mine) / (len(mine) or 1)
        warned = sum(o.warned and not o.refused for o in mine) / (len(mine) or 1)
        print(
            f"{part}: {len(mine)} questions, exact {exact:.1%}, wrong without warning {silent:.1%}"
            f", warned {warned:.1%}, refused {refused:.1%}"
        )
        for o in mine:
            if not o.exact and (show or not o.warned):
                flag = "SILENT" if not o.warned else ("refused" if o.refused else "warned")
                print(f"   {flag} [{o.item.family}]: {o.item.question!r} -> {o.reading}")


def _chosen_part(argv: list[str]) -> str | None:
    """The part named after ``--part`` (None: every part)."""
    if "--part" not in argv:
        return None
    index = argv.index("--part") + 1
    known = (*PARTS, *MEASURED_PARTS, *UNGATED_PARTS)
    if index >= len(argv) or argv[index] not in known:
        raise SystemExit(f"--part takes one of: {', '.join(known)}")
    return argv[index]


if __name__ == "__main__":
    main()
