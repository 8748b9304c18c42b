"""A short plain-text summary of one analysed series, for the RIS and for people.

Many RIS accept only text (an HL7 ORU observation, a preliminary-report field); this is what
goes there, beside the SR. Plain ASCII, one line per finding, the Lung-RADS category and the
triage priority first, the findings in the TUI's reading order (highest Lung-RADS, then
largest: :func:`appliance.findings.reading_rank`), and a statement that it is a computer result
awaiting a radiologist. A finding compared with a prior says what it was and how it changed
("was 5.9 mm 371 days ago (+1.9 mm, volume +98%, VDT 310 days), growing"), or that it is new.
Called by :mod:`appliance.results.files`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from pydicom.dataset import Dataset

from appliance.findings import Finding, SeriesAnalysis, reading_rank

__all__ = ["LOBE_NAMES", "render_summary"]

LOBE_NAMES = {
    "RUL": "right upper lobe",
    "RML": "right middle lobe",
    "RLL": "right lower lobe",
    "LUL": "left upper lobe",
    "LLL": "left lower lobe",
}


def render_summary(
    analysis: SeriesAnalysis,
    *,
    priority: str | None = None,
    sources: Sequence[Dataset] = (),
    now: datetime | None = None,
) -> str:
    """The summary text (ends with a newline); ``sources`` add accession and study date."""
    lines = ["ScanSide lung nodule analysis - computer result, to be reviewed by a radiologist", ""]
    lines += _header(analysis, priority, sources[0] if sources else None, now or datetime.now(UTC))
    lines.append("")
    if analysis.findings:
        lines.append(f"Findings ({len(analysis.findings)}):")
        ordered = sorted(analysis.findings, key=lambda f: reading_rank(f.lung_rads, f.diameter_mm))
        lines += [f"{i:>2}. {_finding_line(f)}" for i, f in enumerate(ordered, start=1)]
    else:
        lines.append("No lung nodule or mass found.")
    return "\n".join(lines) + "\n"


def _header(
    analysis: SeriesAnalysis, priority: str | None, first: Dataset | None, now: datetime
) -> list[str]:
    fields = [
        ("Patient ID", analysis.patient_id),
        ("Accession", str(first.get("AccessionNumber", "")) if first is not None else ""),
        ("Study date", _date(str(first.get("StudyDate", ""))) if first is not None else ""),
        ("Study UID", analysis.study_uid),
        ("Series UID", analysis.series_uid),
        ("Images", str(len(analysis.source_files)) if analysis.source_files else ""),
        ("Model", f"{analysis.model_name} {analysis.model_version} ({analysis.provider})"),
        ("Analysed", now.strftime("%Y-%m-%d %H:%M UTC")),
        ("Lung-RADS", analysis.lung_rads),
        ("Priority", priority or "not triaged"),
    ]
    return [f"{name + ':':<12}{value or '-'}" for name, value in fields]


def _date(value: str) -> str:
    return (
        f"{value[:4]}-{value[4:6]}-{value[6:8]}" if len(value) == 8 and value.isdigit() else value
    )


def _finding_line(f: Finding) -> str:
    where = (
        f"{LOBE_NAMES[f.lobe]} ({f.lobe})" if f.lobe in LOBE_NAMES else "lung, lobe not determined"
    )
    solid = (
        f", solid component {f.solid_component_mm:.1f} mm"
        if f.solid_component_mm is not None
        else ""
    )
    return (
        f"{f.kind}, {where}: {f.diameter_mm:.1f} mm mean diameter "
        f"({f.long_axis_mm:.1f} x {f.short_axis_mm:.1f} mm), {f.volume_mm3:.0f} mm3, "
        f"{f.mean_hu:.0f} HU; "
        f"{f.attenuation}{solid}, {f.margin}, {'calcified' if f.calcified else 'not calcified'}; "
        f"Lung-RADS {f.lung_rads}{_change(f)}"
    )


def _change(f: Finding) -> str:
    """How the finding compares with the prior: "; new since the prior", or "; was 5.9 mm
    371 days ago (+1.9 mm, volume +98%, VDT 310 days), growing"; empty without a comparison."""
    if f.follow_up == "new":
        return "; new since the prior study"
    if f.follow_up == "seen-on-prior":
        return "; present on the prior study below the reporting threshold (not new)"
    if f.prior_diameter_mm is None or f.growth_mm is None:
        return ""
    parts = [f"{f.growth_mm:+.1f} mm"]
    if f.volume_change_pct is not None:
        parts.append(f"volume {f.volume_change_pct:+.0f}%")
    if f.volume_doubling_days is not None:
        parts.append(f"VDT {f.volume_doubling_days:.0f} days")
    return (
        f"; was {f.prior_diameter_mm:.1f} mm {f.interval_days} days ago ({', '.join(parts)}), "
        f"{f.follow_up}"
    )
