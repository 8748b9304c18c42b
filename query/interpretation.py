"""The plain-language statement of how a question was read.

Shown with every answer so a clinician can check the reading before trusting the numbers, e.g.
"studies with a nodule: margin spiculated, mean diameter > 6 mm; patient female, age > 60;
study date 2026-01-01 to 2026-11-01". Conventions that shaped the answer (Lung-RADS of a study,
growth threshold) and words that could not be placed are named. Called by :mod:`query.engine`.
"""

from __future__ import annotations

import dataclasses

from query.typed_query import (
    INTERVAL_MONTHS,
    Aggregate,
    ConceptFilter,
    DateRange,
    FindingClause,
    GroupOrder,
    LungRadsChange,
    Measure,
    NumberRange,
    Overdue,
    PatientFilter,
    StudyFilter,
    TypedQuery,
)
from query.versions import describe as describe_version

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
    "confidence": ("model confidence", ""),
}
_ORDER_LABELS = {
    "study_date": ("most recent", "earliest", "studies by study date"),
    "birth_date": ("youngest", "oldest", "patients by birth date"),
    "finding_count": ("most", "fewest", "by number of findings"),
}
_CONCEPT_LABELS = {
    "coronary_calcification": "coronary artery calcification",
    "pleural_effusion": "pleural effusion",
    "intracranial_hemorrhage": "intracranial hemorrhage",
}
_TIME_UNITS = {
    "day": "days",
    "week": "weeks (days / 7)",
    "month": "months (days / 30.4375)",
    "year": "years (days / 365.25)",
}
_SEX = {"F": "female", "M": "male", "O": "sex other"}
_UNIT_WORDS = {"patient": "patients", "study": "studies", "finding": "findings"}


def _number(value: float) -> str:
    return f"{value:g}"


def describe_range(bounds: NumberRange, unit: str = "") -> str:
    suffix = f" {unit}" if unit else ""
    low, high = bounds.low, bounds.high
    if low is not None and low == high and bounds.low_inclusive and bounds.high_inclusive:
        return f"exactly {_number(low)}{suffix}"
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
    named = " or ".join(_KIND_LABELS.get(k, k) for k in clause.kinds)
    kinds = named or "finding (of any kind)"
    article = "an" if kinds[0] in "aeiou" else "a"
    head = f"{'no' if clause.absent else article} {kinds}"
    counted = f"{named} findings" if named else "findings (of any kind)"
    if clause.max_count is not None and clause.max_count == clause.min_count:
        head = f"exactly {clause.min_count} {counted} in one study"
    elif clause.max_count is not None:
        head = f"{clause.min_count} to {clause.max_count} {counted} in one study"
    elif clause.min_count > 1:
        head = f"{clause.min_count} or more {counted} in one study"
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
            f"grew {describe_range(clause.growth_mm, 'mm')} in mean diameter since the same "
            "nodule (track) on the previous study"
            + ("" if clause.kind_now else " (a nodule that grew into a mass counts)")
        )
    if clause.min_scans > 1:
        details.append(f"the same nodule (track) seen on {clause.min_scans} or more studies")
    if clause.new:
        details.append("new (no earlier finding on its track, after an earlier chest CT)")
    if clause.shrank:
        details.append(
            "shrank by more than 1.5 mm in mean diameter since the same nodule (track) on the "
            "previous study"
        )
    if clause.resolved:
        details.append(
            "resolved (the last finding of its nodule's track, and the patient has a later "
            "chest CT; the study it was last seen on is answered)"
        )
    if clause.stable:
        details.append(
            "stable (mean diameter changed by at most 1.5 mm either way since the same nodule "
            "(track) on the previous study)"
        )
    if clause.vdt_days is not None:
        details.append(
            f"volume doubling time {describe_range(clause.vdt_days, 'days')} since the same "
            "nodule (track) on the previous study (only nodules whose volume increased have "
            "one)"
        )
    if clause.since_first is not None:
        details.append(
            f"mean diameter changed by {describe_range(clause.since_first, 'mm')} since the "
            "same nodule (track) on its first study"
        )
    if clause.kind_now:
        details.append(f"the finding itself a {kinds} now (a nodule grown into a mass left out)")
    if clause.track_start == "nodule":
        details.append("its track a nodule when first seen (a mass from its first study left out)")
    elif clause.track_start == "mass":
        details.append("its track a mass from its first study")
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
    if not concept.present and concept.denied:
        return f"report says there is no {label} (a negated mention, none affirmed)"
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
    study.extend(_identity(flt))
    parts.extend(study)
    parts.extend(_concept(c) for c in flt.concepts)
    if flt.patient is not None:
        parts.extend(_history(flt.patient))
    parts.extend("not (" + "; ".join(_study_parts(e)) + ")" for e in flt.excluded)
    if flt.any_of:
        parts.append(
            "either " + " or ".join("(" + "; ".join(_study_parts(a)) + ")" for a in flt.any_of)
        )
    if flt.share is not None:
        parts.append("counted in the share only: " + "; ".join(_study_parts(flt.share)))
    return parts


def _identity(flt: StudyFilter) -> list[str]:
    found = []
    for label, values in (
        ("patient ID", flt.patient_ids),
        ("accession", flt.accessions),
        ("study UID", flt.study_uids),
    ):
        if values:
            found.append(f"{label} " + " or ".join(values))
    if flt.birth is not None:
        found.append(_dates(flt.birth).replace("study date", "patient born"))
    if flt.pick is not None:
        kind = flt.modalities or flt.body_parts or flt.descriptions
        said = "second-to-last" if flt.pick == "second latest" else flt.pick
        found.append(f"only each patient's {said} study" + (" of that kind" if kind else ""))
    if flt.followed_within is not None:
        follow_up = flt.followed_within
        found.append(
            "followed by a later study (a later date) of the patient "
            f"{'within' if follow_up.inclusive else 'in less than'} {follow_up.amount} "
            f"{follow_up.unit}{'s' if follow_up.amount != 1 else ''}"
            + (" (calendar months)" if follow_up.unit == "month" else "")
            + " that meets the conditions on the kind of study"
        )
    if flt.gap_before is not None:
        gap = flt.gap_before
        unit = "calendar months" if gap.unit == "month" else "days"
        found.append(
            f"{describe_range(gap.range, unit)} after the patient's previous study of the same "
            "kind (consecutive studies)"
        )
    if flt.followed_for is not None:
        span = flt.followed_for
        unit = "calendar months" if span.unit == "month" else "days"
        found.append(
            f"the patient's first and latest study of the kind asked for are "
            f"{describe_range(span.range, unit)} apart"
        )
    if flt.lung_rads_change is not None:
        found.append(_change(flt.lung_rads_change))
    if flt.overdue is not None:
        found.append(_overdue(flt.overdue))
    return found


_DIRECTIONS = {"up": "higher than", "down": "lower than", "any": "different from"}


def _change(change: LungRadsChange) -> str:
    text = (
        f"Lung-RADS category {_DIRECTIONS[change.direction]} on the patient's previous study "
        "that has one (by date, then UID)"
    )
    if change.before:
        text += f", previously {' or '.join(change.before)}"
    if change.after:
        text += f", now {' or '.join(change.after)}"
    return text


def _overdue(overdue: Overdue) -> str:
    intervals = ", ".join(
        f"{c} -> {INTERVAL_MONTHS[c]} months" for c in overdue.categories if c in INTERVAL_MONTHS
    )
    grace = f" plus {overdue.grace_months} months" if overdue.grace_months else ""
    return (
        f"the patient's latest chest CT on or before {overdue.as_of.isoformat()} is overdue: "
        f"its Lung-RADS interval ({intervals}; Lung-RADS v2022){grace} ended before that day "
        "(4B and 4X call for diagnostic work-up, not a scan interval, and are not counted)"
    )


def _history(patient: PatientFilter) -> list[str]:
    found = [
        "the patient has (on any study) " + "; ".join(_study_parts(has)) for has in patient.has
    ]
    found += [_never(never) for never in patient.never]
    if patient.every is not None:
        scope = _study_parts(patient.every_scope or StudyFilter())
        found.append(
            "every study of the patient"
            + (f" ({'; '.join(scope)})" if scope else "")
            + " has "
            + "; ".join(_study_parts(patient.every)).replace("with ", "", 1)
        )
    if patient.studies is not None and patient.studies_scope is not None:
        kind = ", ".join(_study_parts(patient.studies_scope)).replace("where ", "")
        joiner = " " if kind.startswith("with ") else " where "  # "2 studies with a nodule"
        found.append(f"the patient has {describe_range(patient.studies, 'studies')}{joiner}{kind}")
    elif patient.studies is not None:
        found.append(f"the patient has {describe_range(patient.studies, 'studies')} in all")
    if patient.highest_lung_rads:
        found.append(
            "the patient's highest Lung-RADS category over all studies is "
            + " or ".join(patient.highest_lung_rads)
        )
    return found


def _never(never: StudyFilter) -> str:
    """ "the patient never had (on any study where modality CT) report mentions emphysema":
    the kind of study (and its dates) says which of the patient's studies none may meet the
    rest."""
    kind = StudyFilter(
        modalities=never.modalities,
        body_parts=never.body_parts,
        descriptions=never.descriptions,
        stations=never.stations,  # "never had a nodule at ct02": on no study at that station
        dates=never.dates,
    )
    rest = dataclasses.replace(
        never, modalities=(), body_parts=(), descriptions=(), stations=(), dates=None
    )
    if rest == StudyFilter():
        return "the patient never had a study where " + "; ".join(_study_parts(kind))
    scope = f"study where {'; '.join(_study_parts(kind))}" if kind != StudyFilter() else "study"
    return f"the patient never had (on any {scope}) " + "; ".join(_study_parts(rest)).replace(
        "with ", "", 1
    )


def _counted_by(per: str, count_of: str | None) -> str:
    """The conditions a mean count per patient (study) is over: of findings per study, the
    study's report and category too (the findings are counted on those studies, part 36)."""
    if per == "study" and count_of == "finding":
        return "demographics, dates, kind of study, its report and category"
    return "demographics, dates, kind of study"


def _aggregate_head(aggregate: Aggregate, count_of: str | None) -> str:
    """What a mean, a median or an average number per patient (study) is of."""
    statistic = {"median": "median", "max": "longest", "min": "shortest"}.get(
        aggregate.kind, "average"
    )
    if aggregate.kind == "per" and aggregate.statistic == "median":
        per = aggregate.per or "patient"
        return (
            f"median number of {_UNIT_WORDS[count_of or 'finding']} per {per} (the median of "
            f"each {per}'s count of those that meet the conditions, over the {_UNIT_WORDS[per]} "
            f"that meet the conditions on who or what is counted: {_counted_by(per, count_of)}; "
            "one with none counts as 0)"
        )
    if aggregate.kind == "per":
        per = aggregate.per or "patient"
        return (
            f"average number of {_UNIT_WORDS[count_of or 'finding']} per {per} (those that meet "
            f"the conditions, divided by the {_UNIT_WORDS[per]} that meet the conditions on who "
            f"or what is counted: {_counted_by(per, count_of)}; one with none counts as 0)"
        )
    if aggregate.field == "study_age":
        return (
            f"{statistic} age (years) of the patient on each study that meets the conditions, "
            "over the studies (a patient with several counted once on each)"
        )
    if aggregate.field == "age":
        return (
            f"{statistic} age (years) of the patients, each patient once, on the latest study "
            "that meets the conditions"
        )
    unit = _TIME_UNITS[aggregate.time_unit]
    if aggregate.field == "span_days":
        return (
            f"{statistic} number of {unit} from each patient's first to latest study of the kind "
            "asked for (modality, body part, description, station, dates), over the patients "
            "with such studies on two dates or more who meet the other conditions on any study"
        )
    if aggregate.field == "gap_days":
        return (
            f"{statistic} number of {unit} between consecutive study dates of a patient, over "
            "the studies of the kind asked for (modality, body part, description, station, "
            "dates), each interval once, for the patients who meet the other conditions on any "
            "study"
        )
    if aggregate.field == "vdt_days":
        return (
            f"{statistic} volume doubling time (days) of the findings, since the same nodule "
            "(track) on the previous study, over those whose volume increased"
        )
    label, unit = _MEASURE_LABELS[aggregate.field or "diameter_mm"]
    if aggregate.measure_unit == "cm":
        unit = "cm: mm / 10"
    elif aggregate.measure_unit == "cc":
        unit = "cc (ml, cm3): mm3 / 1000"
    # the largest / smallest measurement (parts 56 to 59, B): a value, not the finding
    statistic = {"max": "maximum", "min": "minimum"}.get(aggregate.kind, statistic)
    return f"{statistic} {label}{f' ({unit})' if unit else ''} of the findings"


def interpret(query: TypedQuery) -> str:
    """One line saying what the answer contains and every condition applied."""
    if query.aggregate is not None and query.aggregate.kind != "percent":
        head = _aggregate_head(query.aggregate, query.count_of)
    elif query.aggregate is not None:
        head = (
            f"percentage of {_UNIT_WORDS[query.count_of or 'study']} (among those that meet "
            "the conditions on who or what is counted: demographics, dates, kind of study"
            + (
                ", and the findings, report concepts and category written before the share"
                if query.filter.share is not None
                and query.count_of != "finding"
                and (query.filter.findings or query.filter.concepts or query.filter.lung_rads)
                else ""
            )
            + ")"
        )
    elif query.unit == "count":
        head = f"number of {_UNIT_WORDS[query.count_of or 'study']}"
        if query.group_by is not None:
            head += f" per {query.group_by.replace('_', ' ').replace('lung rads', 'Lung-RADS')}"
            if query.group_order is not None:
                head += _group_order_words(query.group_order)
    elif query.top is not None and query.top.field in _ORDER_LABELS:
        up, down, what = _ORDER_LABELS[query.top.field]
        if query.top.per_study:
            what += " on one study"
        unit = _UNIT_WORDS[query.unit]
        head = f"the {query.top.n} {up if query.top.largest else down} {unit} ({what})"
    elif query.top is not None and query.top.of_patients:
        label, unit = _MEASURE_LABELS[query.top.field]
        order = "largest" if query.top.largest else "smallest"
        head = (
            f"the {query.top.n} patients whose finding has the {order} {label} (each patient "
            f"ranked by the largest {label} among their findings)"
        )
    elif query.top is not None:
        label, unit = _MEASURE_LABELS[query.top.field]
        words = ("largest", "smallest") if unit in ("mm", "mm3") else ("highest", "lowest")
        order = words[0] if query.top.largest else words[1]
        head = f"the {query.top.n} {order} findings by {label}"
    else:
        head = _UNIT_WORDS[query.unit]
    conditions = _study_parts(query.filter)
    if not conditions:
        text = head + " (no conditions)"
    else:
        joiner = " " if conditions[0].startswith("with ") else " where "
        text = head + joiner + "; ".join(conditions)
    if query.model_version is not None:
        text += "; " + describe_version(query.model_version)
    notes = list(dict.fromkeys(query.notes + query.cautions))
    if notes:
        text += "; note: " + "; ".join(notes)
    if query.ignored:
        text += "; ignored: " + ", ".join(f"'{w}'" for w in query.ignored)
    return text


def _group_order_words(order: GroupOrder) -> str:
    """ ", the 1 with the most (ties kept)", ", fewest first"."""
    most = "most" if order.largest else "fewest"
    if order.n is None:
        return f", {most} first"
    return f", the {order.n} with the {most} (ties kept)"
