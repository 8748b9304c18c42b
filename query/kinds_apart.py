"""Two kinds of study a patient had: "pts with a head ct and a chest ct".

A study has one body part and one modality, so "a head CT and a chest CT" of one patient are two
studies: the patient has each on some study (``PatientFilter.has``), as "both ... and ..."
reads. Without "both" the two had been joined as either ("body part HEAD or CHEST": every
patient with a chest CT, silently; in the cohort no patient has both) or required of one study
("an ldct and a head ct"). The same for "a ct and a chest x-ray" (two modalities) and "head and
chest cts" (the noun said once is each side's).

Only of patients (listed or counted), with "and" (never "or") between the kinds, and with
nothing else asked of the study (a finding, a report, a category: on which study would it be?);
studies asked for ("head and chest cts") stay a study of either kind, which is what is meant.
Two protocols alone (descriptions) are read by ``parser._protocols_apart``.
"""

from __future__ import annotations

import dataclasses
import itertools

from query.clauses import position
from query.reading import Parts
from query.typed_query import PatientFilter, StudyFilter

__all__ = ["kinds_apart"]

_FIELDS = {"modality": "modalities", "body_part": "body_parts", "description": "descriptions"}
_JOINS = frozenset({"and", "&", "plus", "as well as"})


def kinds_apart(parts: Parts, study: StudyFilter, about_patients: bool) -> StudyFilter:
    """``study`` with its kinds of study on separate studies of the patient, when two body
    parts or two modalities are joined by "and" (see the module's docstring)."""
    if not about_patients or study.any_of or study.pick is not None:
        return study
    if study.findings or study.concepts or study.lung_rads or study.excluded:
        return study
    history = study.patient
    if history is not None and (history.studies is not None or history.every is not None):
        return study
    if any(role == "or" for role, _, _ in parts.roles):
        return study
    placed = sorted(
        (position(parts, g), g.term.field, g.term.value)
        for g in parts.grounded
        if g.term.field in _FIELDS
        and position(parts, g) not in parts.held
        and g.term.value in getattr(study, _FIELDS[g.term.field])
    )
    if not placed:
        return study
    low, high = placed[0][0], placed[-1][0]
    joins = [p for role, p, w in parts.roles if role == "break" and w in _JOINS and low < p < high]
    if not joins:
        return study
    bounds = [-1, *joins, len(parts.text) + 1]
    sides: list[dict[str, tuple[str, ...]]] = []
    for lo, hi in itertools.pairwise(bounds):
        side = {
            field: tuple(dict.fromkeys(v for p, f, v in placed if f == field and lo < p < hi))
            for field in _FIELDS
        }
        if not any(side.values()):
            return study  # an "and" between other things: not two kinds of study
        sides.append(side)
    said = {side["modality"] for side in sides if side["modality"]}
    if len(said) == 1:  # "head and chest cts": the modality said once is each side's
        for side in sides:
            side["modality"] = side["modality"] or next(iter(said))
    if study.dates is not None and any(d.start < high for d in parts.dates):
        # "a chest ct in 2023 and a head ct": whose date? Read as before, and said
        parts.cautions.append(
            "two kinds of study joined by 'and' with a date between them: read as one study "
            "of either kind in that period; ask 'both ... and ...' for each on some study"
        )
        return study
    has = tuple(
        dict.fromkeys(
            StudyFilter(
                modalities=side["modality"],
                body_parts=side["body_part"],
                descriptions=side["description"],
                dates=study.dates,  # "a chest ct and a chest x-ray in 2024": each in 2024
            )
            for side in sides
        )
    )
    if len(has) < 2:
        return study
    merged = history or PatientFilter()
    rest = dataclasses.replace(study, modalities=(), body_parts=(), descriptions=())
    return dataclasses.replace(rest, patient=dataclasses.replace(merged, has=merged.has + has))
