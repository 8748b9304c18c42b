"""The plain-language statement of how a question was read.

Shown with every answer so a clinician can check the reading before trusting the numbers, e.g.
"studies with a nodule: margin spiculated, mean diameter > 6 mm; patient female, age > 60;
study date 2026-01-01 to 2026-11-01". Conventions that shaped the answer (Lung-RADS of a study,
growth threshold) and words that could not be placed are named. Called by :mod:`query.engine`.
"""

from __future__ import annotations

from query.typed_query import (
    ConceptFilter,
    DateRange,
    FindingClause,
    Measure,
    NumberRange,
    StudyFilter,
    TypedQuery,
)

__all__ = ["interpret"]

_KIND_LABELS = {
    "nodule": "nodule",
    "mass": "mass",
    "lesion": "lesion (nodule or mass)",
    "pneumothorax": "pneumothorax",
    "pleural_effusion": "pleural effusion",
    "consolidation": "consolidation",
    "intracranial_hemorrhage": "intracranial hemorrhage",
}
_MEASURE_LABELS = {
    "diameter_mm": ("mean diameter", "mm"),
    "long_axis_mm": ("long axis", "mm"),
    "short_axis_mm": ("short axis", "mm"),
    "volume_mm3": ("volume", "mm3"),
    "mean_hu": ("mean attenuation", "HU"),
    "solid_component_mm": ("solid component", "mm"),
}
_CONCEPT_LABELS = {
    "coronary_calcification": "coronary artery calcification",
    "pleural_effusion": "pleural effusion",
    "intracranial_hemorrhage": "intracranial hemorrhage",
}
_SEX = {"F": "female", "M": "male", "O": "other"}
_UNIT_WORDS = {"patient": "patients", "study": "studies", "finding": "findings"}


def _number(value: float) -> str:
    return f"{value:g}"


def describe_range(bounds: NumberRange, unit: str = "") -> str:
    suffix = f" {unit}" if unit else ""
    low, high = bounds.low, bounds.high
    if low is not None and high is not None:
        if bounds.low_inclusive and bounds.high_inclusive:
            return f"{_number(low)} to {_number(high)}{suffix} (inclusive)"
        return (
            f"{'>=' if bounds.low_inclusive else '>'} {_number(low)} and "
            f"{'<=' if bounds.high_inclusive else '<'} {_number(high)}{suffix}"
        )
    if low is not None:
        return f"{'>=' if bounds.low_inclusive else '>'} {_number(low)}{suffix}"
    if high is not None:
        return f"{'<=' if bounds.high_inclusive else '<'} {_number(high)}{suffix}"
    return "any"


def _measure(measure: Measure) -> str:
    label, unit = _MEASURE_LABELS[measure.field]
    return f"{label} {describe_range(measure.range, unit)}"


def _clause(clause: FindingClause) -> str:
    kinds = " or ".join(_KIND_LABELS.get(k, k) for k in clause.kinds) or "finding"
    article = "an" if kinds[0] in "aeiou" else "a"
    head = f"{'no' if clause.absent else article} {kinds}"
    if clause.min_count > 1:
        head = f"{clause.min_count} or more {kinds} findings in one study"
    details = []
    if clause.attenuations:
        details.append("attenuation " + " or ".join(clause.attenuations))
    if clause.margins:
        details.append("margin " + " or ".join(clause.margins))
    if clause.calcified is not None:
        details.append("calcified" if clause.calcified else "not calcified")
    if clause.lobes:
        details.append("lobe " + " or ".join(clause.lobes))
    if clause.sides:
        details.append("side " + " or ".join(clause.sides))
    details.extend(_measure(m) for m in clause.measures)
    if clause.lung_rads:
        details.append("Lung-RADS " + " or ".join(clause.lung_rads))
    if clause.grew:
        details.append(
            "grew > 1.5 mm in mean diameter since the same nodule (track) on the previous "
            "study (a nodule that grew into a mass counts)"
        )
    if clause.new:
        details.append("new (no earlier finding on its track, after an earlier chest CT)")
    return f"{head}: {', '.join(details)}" if details else head


def _dates(dates: DateRange) -> str:
    if dates.start and dates.end:
        return f"study date {dates.start.isoformat()} to {dates.end.isoformat()}"
    if dates.start:
        return f"study date from {dates.start.isoformat()}"
    if dates.end:
        return f"study date up to {dates.end.isoformat()}"
    return "any study date"


def _concept(concept: ConceptFilter) -> str:
    label = _CONCEPT_LABELS.get(concept.concept, concept.concept)
    if not concept.present:
        return f"report does not affirm {label}"
    kept = [
        "affirmed or hedged" if concept.include_uncertain else "affirmed",
        "current or history" if concept.include_historical else "current",
    ]
    if concept.changes:
        kept.append(" or ".join(concept.changes))
    return f"report mentions {label} ({', '.join(kept)})"


def _study_parts(flt: StudyFilter) -> list[str]:
    parts = [f"with {_clause(c)}" for c in flt.findings]
    patient = []
    if flt.sexes:
        patient.append(" or ".join(_SEX.get(s, s) for s in flt.sexes))
    if flt.age is not None:
        patient.append(f"age on the study date {describe_range(flt.age, 'years')}")
    if patient:
        parts.append("patient " + ", ".join(patient))
    study = []
    if flt.modalities:
        study.append("modality " + " or ".join(flt.modalities))
    if flt.body_parts:
        study.append("body part " + " or ".join(flt.body_parts))
    study.extend(f"description contains '{d}'" for d in flt.descriptions)
    if flt.stations:
        study.append("station " + " or ".join(flt.stations))
    if flt.lung_rads:
        study.append(
            "Lung-RADS category "
            + " or ".join(flt.lung_rads)
            + " (a study's highest finding category; a chest CT without nodule is 1)"
        )
    if flt.dates is not None:
        study.append(_dates(flt.dates))
    parts.extend(study)
    parts.extend(_concept(c) for c in flt.concepts)
    return parts


def interpret(query: TypedQuery) -> str:
    """One line saying what the answer contains and every condition applied."""
    if query.unit == "count":
        head = f"number of {_UNIT_WORDS[query.count_of or 'study']}"
    elif query.top is not None:
        label, _ = _MEASURE_LABELS[query.top.field]
        order = "largest" if query.top.largest else "smallest"
        head = f"the {query.top.n} {order} findings by {label}"
    else:
        head = _UNIT_WORDS[query.unit]
    conditions = _study_parts(query.filter)
    if not conditions:
        text = head + " (no conditions)"
    else:
        joiner = " " if conditions[0].startswith("with ") else " where "
        text = head + joiner + "; ".join(conditions)
    if query.notes:
        text += "; note: " + "; ".join(query.notes)
    if query.ignored:
        text += "; ignored: " + ", ".join(f"'{w}'" for w in query.ignored)
    return text
