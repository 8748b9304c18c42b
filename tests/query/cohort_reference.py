"""An independent reading of the cohort fixture, in plain Python, to check the engine against.

Nothing here uses ScanSide's parser, compiler or SQL: the expected answers of the paraphrase
tests are computed from the JSON Lines files with the conventions of the cohort README written
out by hand (strict vs inclusive comparators, age on the study date, growth on the same track).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

COHORT = Path(__file__).resolve().parents[3] / "shared" / "cohort"
ORDER = ["1", "2", "3", "4A", "4B", "4X"]
Row = dict[str, Any]


def read_jsonl(name: str) -> list[Row]:
    with (COHORT / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@cache
def cohort() -> tuple[dict[str, Row], dict[str, Row], list[Row], dict[str, str]]:
    patients = {p["patient_id"]: p for p in read_jsonl("patients.jsonl")}
    studies = {s["study_uid"]: s for s in read_jsonl("studies.jsonl")}
    findings = read_jsonl("findings.jsonl")
    reports = {r["study_uid"]: r["text"] for r in read_jsonl("reports.jsonl")}
    return patients, studies, findings, reports


def age(study: Row) -> int:
    patients, _, _, _ = cohort()
    born = dt.date.fromisoformat(patients[study["patient_id"]]["birth_date"])
    day = dt.date.fromisoformat(study["study_date"])
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def sex(study: Row) -> str:
    return str(cohort()[0][study["patient_id"]]["sex"])


def findings_of(uid: str) -> list[Row]:
    return [f for f in cohort()[2] if f["study_uid"] == uid]


def studies_where(test: Callable[[Row], bool]) -> list[str]:
    return sorted(uid for uid, s in cohort()[1].items() if test(s))


def patients_of(uids: list[str]) -> list[str]:
    studies = cohort()[1]
    return sorted({studies[u]["patient_id"] for u in uids})


def own_studies(patient_id: str) -> list[Row]:
    """A patient's studies, first to latest (by date, then UID)."""
    return sorted(
        (s for s in cohort()[1].values() if s["patient_id"] == patient_id),
        key=lambda s: (s["study_date"], s["study_uid"]),
    )


def ldct(study: Row) -> bool:
    """A low-dose screening CT (the cohort's one screening description)."""
    return bool(study["description"] == "CT CHEST LOW DOSE LUNG SCREENING")


def months_later(day: str, n: int) -> str:
    """``day`` plus ``n`` calendar months (``n`` may be negative), ISO; the month's last day
    when the later month is shorter ("2024-01-31" plus 1 is "2024-02-29")."""
    d = dt.date.fromisoformat(day)
    year, month = divmod(d.year * 12 + d.month - 1 + n, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(d.day, last)).isoformat()
        except ValueError:
            continue
    raise AssertionError("unreachable")


def any_finding(study: Row, test: Callable[[Row], bool]) -> bool:
    return any(test(f) for f in findings_of(study["study_uid"]))


def category(study: Row) -> str | None:
    cats = [f["lung_rads"] for f in findings_of(study["study_uid"]) if f.get("lung_rads")]
    if cats:
        return max(cats, key=ORDER.index)
    return "1" if study["modality"] == "CT" and study["body_part"] == "CHEST" else None


def sentence_affirms(text: str, word: str) -> bool:
    """True when a sentence names ``word`` and does not negate it (the fixture's phrasings)."""
    for sentence in re.split(r"(?<=\.)\s+|\n", text):
        lower = sentence.lower()
        if word in lower and not re.search(r"\b(no|negative for|without)\b", lower):
            return True
    return False


def grew(study: Row) -> bool:
    _, studies, findings, _ = cohort()
    date = study["study_date"]
    for f in findings_of(study["study_uid"]):
        if not f.get("track_id") or f.get("diameter_mm") is None:
            continue
        earlier = [
            g
            for g in findings
            if g["track_id"] == f["track_id"]
            and g is not f
            and studies[g["study_uid"]]["study_date"] < date
        ]
        if (
            earlier
            and f["diameter_mm"]
            - max(earlier, key=lambda g: studies[g["study_uid"]]["study_date"])["diameter_mm"]
            > 1.5
        ):
            return True
    return False


def new_nodule(study: Row) -> bool:
    _, studies, findings, _ = cohort()
    date = study["study_date"]
    had_chest_ct = any(
        s["patient_id"] == study["patient_id"]
        and s["study_date"] < date
        and s["modality"] == "CT"
        and s["body_part"] == "CHEST"
        for s in studies.values()
    )
    if not had_chest_ct:
        return False
    for f in findings_of(study["study_uid"]):
        if (
            f["kind"] in ("nodule", "mass")
            and f.get("track_id")
            and not any(
                g["track_id"] == f["track_id"] and studies[g["study_uid"]]["study_date"] < date
                for g in findings
            )
        ):
            return True
    return False
