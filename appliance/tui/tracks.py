"""How a nodule's history reads on screen, computed from the API's answers; no Textual in it.

The study screen's caption gets :func:`change_summary` ("was 4.3 mm 365 d ago, +2.0 mm, VDT
201 d: growing"); the nodule history screen (``history.py``) shows one :func:`exam_row` per exam
of the track (``GET /api/v1/findings/{id}/history``) and draws the slice of the exam
:func:`default_prior` picks beside the current one. The wording follows docs/analysis.md's
follow-up statuses: baseline, new, seen-on-prior, growing, slow-growing, stable.
"""

from __future__ import annotations

from rich.text import Text

from appliance.tui.formatting import LUNG_RADS_STYLE
from appliance.tui.responses import Exam, FindingRecord

__all__ = [
    "EXAM_COLUMNS",
    "FOLLOW_UP_STYLE",
    "change_label",
    "change_summary",
    "default_prior",
    "exam_row",
    "vdt_label",
    "volume_label",
]

EXAM_COLUMNS = ("", "Date", "mm", "Change", "Volume", "VDT", "LR", "Status")
FOLLOW_UP_STYLE = {
    "new": "bold yellow",
    "seen-on-prior": "yellow",
    "growing": "bold red",
    "slow-growing": "yellow",
    "stable": "green",
    "baseline": "dim",
}
"""A growing nodule is what the reader must not miss; a stable one is reassuring."""


def change_label(exam: Exam | FindingRecord) -> str:
    """The change in mean diameter since the exam's prior: ``+1.9 mm``, ``-0.4 mm``, ``-``."""
    growth = exam.growth_mm
    return "-" if growth is None else f"{growth:+.1f} mm"


def volume_label(exam: Exam | FindingRecord) -> str:
    change = exam.volume_change_pct
    return "-" if change is None else f"{change:+.0f} %"


def vdt_label(exam: Exam | FindingRecord) -> str:
    """The volume doubling time in days (only a growing volume has one)."""
    days = exam.volume_doubling_days
    return "-" if days is None else f"{days:.0f} d"


def _status(exam: Exam) -> Text:
    status = exam.follow_up or "-"
    return Text(status, FOLLOW_UP_STYLE.get(status, ""))


def exam_row(exam: Exam, current_id: str) -> tuple[Text | str, ...]:
    """Marker (this study), date, size, change, volume change, VDT, Lung-RADS, follow-up."""
    rads = exam.lung_rads or "-"
    diameter = exam.diameter_mm
    date = str(exam.study_date or "no date")
    if not exam.has_images:
        date += " (SR)"  # read from a PACS SR: measurements only, no images here
    return (
        Text("▶", "bold") if exam.finding_id == current_id else "",
        date,
        "-" if diameter is None else f"{diameter:.1f}",
        change_label(exam),
        volume_label(exam),
        vdt_label(exam),
        Text(rads, LUNG_RADS_STYLE.get(rads, "")),
        _status(exam),
    )


def change_summary(finding: FindingRecord | Exam, width: int | None = None) -> Text:
    """One line for the study screen: the finding against its prior, or that it has none.

    The fullest wording that fits ``width`` characters: ``was 4.3 mm 365 d ago, +1.9 mm, VDT
    262 d: growing``, then without the VDT, without the interval, and at least ``+1.9 mm:
    growing`` (the history screen, ``h``, has every figure)."""
    status = finding.follow_up or ""
    style = FOLLOW_UP_STYLE.get(status, "")
    if finding.prior_diameter_mm is None:
        alone = {
            "new": "new since the prior exam",
            "seen-on-prior": "on the prior, not reported",
            "baseline": "first exam of this nodule",
        }
        return Text(alone.get(status, "no prior exam"), style or "dim")
    was = f"was {finding.prior_diameter_mm:.1f} mm"
    ago = f" {finding.interval_days} d ago" if finding.interval_days else ""
    vdt = f", VDT {vdt_label(finding)}" if finding.volume_doubling_days else ""
    change = change_label(finding)
    wordings = (f"{was}{ago}, {change}{vdt}", f"{was}{ago}, {change}", f"{was}, {change}")
    fits = [w for w in wordings if width is None or len(w) + 2 + len(status or "-") <= width]
    return Text.assemble(f"{fits[0] if fits else change}: ", (status or "-", style))


def default_prior(exams: list[Exam], current_id: str) -> Exam | None:
    """The exam shown beside the current one: the current finding's own prior when the track
    has it, else the latest earlier exam; None for a nodule seen once."""
    by_id = {e.finding_id: e for e in exams}
    current = by_id.get(current_id)
    if current is None:
        return None
    prior = by_id.get(current.prior_finding_id) if current.prior_finding_id else None
    if prior is not None:
        return prior
    earlier = [e for e in exams[: exams.index(current)] if e is not current]
    return earlier[-1] if earlier else None
