"""What the screens show, computed from the API's answers: rows, labels, colours and ages.

Pure functions with no Textual in them, so the wording of every state ("failed: <reason>",
"no GPU (running on CPU)") is defined once and testable on its own. Colours are Rich style
strings; priority colours follow the worklist's meaning (urgent red, high yellow).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text

from appliance.tui.responses import FeedSeries, FindingRecord, WorklistItem

__all__ = [
    "FEED_FREE",
    "FINDING_COLUMNS",
    "PRIORITY_STYLE",
    "SHORT_FINDING_COLUMNS",
    "SHORT_LEGEND",
    "SHORT_WORDS",
    "WORKLIST_FREE",
    "age",
    "analysis_label",
    "bytes_label",
    "column_widths",
    "duration",
    "feed_row",
    "finding_row",
    "fit_columns",
    "parse_time",
    "plural",
    "worklist_row",
]

PRIORITY_STYLE = {
    "urgent": "bold white on red",
    "high": "bold black on yellow",
    "routine": "cyan",
    "low": "dim",
}
LUNG_RADS_STYLE = {"4X": "bold red", "4B": "bold red", "4A": "yellow", "3": "cyan"}


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 study``, ``2 studies``, ``0 results``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def parse_time(value: Any) -> datetime | None:
    """A time from the API: already a datetime (typed answers), or ISO 8601 text (JSON)."""
    if isinstance(value, datetime):
        return value
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def age(value: Any, now: datetime) -> str:
    """How long ago, in the largest sensible unit: ``45s``, ``12m``, ``5h``, ``3d``."""
    when = parse_time(value)
    if when is None:
        return "-"
    if when.tzinfo is not None:  # outbox times are UTC; the rest are local
        when = when.astimezone().replace(tzinfo=None)
    return duration(max(0, int((now - when).total_seconds())))


def duration(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def bytes_label(count: float) -> str:
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def analysis_label(series: FeedSeries) -> Text:
    """The analysis column of the feed: queued, running, done, or failed with its reason."""
    state = series.analysis_state
    if state == "failed":
        return Text(f"failed: {series.analysis_error or 'no reason recorded'}", "bold red")
    if state == "done":
        rads = series.lung_rads
        return Text(f"analysed (Lung-RADS {rads})" if rads else "analysed", "green")
    if state in ("queued", "running"):
        return Text(f"analysis {state}", "yellow")
    if state == "skipped":
        return Text("not analysed (no model applies)", "dim")
    return Text("after completion" if series.state == "receiving" else "-", "dim")


def feed_row(series: FeedSeries, now: datetime) -> tuple[Text | str, ...]:
    """Received, patient, series, images, state, analysis, PACS (whole: :func:`fit_columns`
    clips the free text to the terminal, :data:`FEED_FREE`)."""
    images = str(series.instance_count)
    if series.expected_instances:
        images += f"/{series.expected_instances}"
    receiving = series.state == "receiving"
    state = Text("receiving", "bold yellow") if receiving else Text("complete", "green")
    sent = series.sent_state
    pacs = Text(sent or "-", "green" if sent == "sent" else ("red" if sent == "failed" else ""))
    description = series.description or series.modality or ""
    return (
        age(series.last_received_at, now),
        series.patient_id,
        description,
        images,
        state,
        analysis_label(series),
        pacs,
    )


def worklist_row(item: WorklistItem, now: datetime) -> tuple[Text | str, ...]:
    """Priority (after the age cap), patient, study, Lung-RADS, findings, waiting, reason
    (whole: :func:`fit_columns` clips the free text to the terminal, :data:`WORKLIST_FREE`)."""
    priority = item.effective_priority or item.priority or "low"
    label = Text(f" {priority.upper():<8}", PRIORITY_STYLE.get(priority, "dim"))
    reason = item.reason
    if item.aged:
        label.append("+age", "bold magenta")  # " ROUTINE +age": the pad is the space
        reason = f"waiting; was {item.priority}: {reason}"
    rads = item.lung_rads
    waited = (
        age(item.received_at, now)
        if item.received_at is not None
        else duration(int(item.waited_h * 3600))
    )
    return (
        label,
        item.patient_name or item.patient_id,
        item.description or "",
        Text(rads or "-", LUNG_RADS_STYLE.get(str(rads), "")),
        str(item.findings),
        waited,
        reason,
    )


CELL_PADDING = 2
"""A table column's padding: one cell each side (Textual's ``DataTable.cell_padding``)."""
SCROLLBAR = 2


WORKLIST_FREE = {1: 15, 2: 10, 6: 16}
"""The worklist's free-text columns (patient, study, reason) and the cells each keeps at least:
at 80 columns the patient's name is whole, the description clipped, and the reason keeps 16
cells, enough for a triage rule's name (``Lung-RADS 4B/4X``) or the start of an aged one's."""
FEED_FREE = {1: 13, 2: 9, 5: 12}
"""The feed's free-text columns (patient, series, analysis) and their least widths."""


def fit_columns(
    rows: list[tuple[Text | str, ...]],
    labels: tuple[str, ...],
    width: int,
    free: dict[int, int],
) -> list[tuple[Text | str, ...]]:
    """``rows`` with the ``free`` columns clipped (ending in an ellipsis) so a row fits
    ``width`` cells. The other columns keep their whole width; each free column starts at its
    least (or whole, when shorter) and what is left is dealt out a cell at a time to the free
    columns still cut, so short text is whole first and long text shares the rest. Below the
    least widths the table scrolls instead."""
    natural = column_widths(rows, labels)
    room = width - SCROLLBAR - CELL_PADDING * len(labels)
    room -= sum(w for n, w in enumerate(natural) if n not in free)
    sizes = {n: min(natural[n], least) for n, least in free.items()}
    left = room - sum(sizes.values())
    while left > 0:
        growing = [n for n in free if sizes[n] < natural[n]]
        if not growing:
            break
        for n in growing[:left]:
            sizes[n] += 1
        left -= min(left, len(growing))
    return [
        tuple(_clip_cell(cell, sizes[n]) if n in sizes else cell for n, cell in enumerate(row))
        for row in rows
    ]


def column_widths(rows: list[tuple[Text | str, ...]], labels: tuple[str, ...]) -> list[int]:
    """Each column's width: its widest cell or its label. Given to ``DataTable.add_column``, so
    the table does not measure the rows itself on idle: a frame drawn before that measuring
    showed (and kept, cached) every cell cut to its label's width."""
    return [max([len(name), *(_cells(row[n]) for row in rows)]) for n, name in enumerate(labels)]


def _cells(value: Text | str) -> int:
    return value.cell_len if isinstance(value, Text) else len(value)


def _clip_cell(value: Text | str, width: int) -> Text | str:
    if isinstance(value, str):
        return _clip(value, width)
    if value.cell_len <= width:
        return value
    clipped = value.copy()
    clipped.truncate(width, overflow="ellipsis")
    return clipped


def _clip(value: str, width: int) -> str:
    """``value`` in at most ``width`` cells, ending in an ellipsis when cut (0: whole)."""
    return value if width <= 0 or len(value) <= width else value[: width - 1] + "\u2026"


def _mm(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "-"


FINDING_COLUMNS = ("mm", "LR", "P", "Lobe", "Kind", "Margin", "Attenuation")
SHORT_FINDING_COLUMNS = ("mm", "LR", "P", "Lobe", "Kind", "Margin", "Att.")
SHORT_WORDS = {
    "nodule": "nod.",
    "lobulated": "lobul.",
    "spiculated": "spic.",
    "part-solid": "part",
    "ground-glass": "GG",
}
"""The findings table's words where the slice leaves it 46 cells (80 columns): every column
then fits, 45 cells with the scroll bar. :data:`SHORT_LEGEND` says what they stand for."""
SHORT_LEGEND = "spic./lobul.: spiculated/lobulated; Att.: part part-solid, GG ground-glass."


def finding_row(finding: FindingRecord, short: bool = False) -> tuple[Text | str, ...]:
    """Size, Lung-RADS, confidence (see :data:`CONFIDENCE_LEGEND`), lobe, kind, margin,
    attenuation: the numbers first; ``short``: the words as :data:`SHORT_WORDS`."""
    rads = finding.lung_rads or "-"
    confidence = finding.confidence

    def word(value: str | None) -> str:
        return (SHORT_WORDS.get(value, value) if short else value) if value else "-"

    return (
        _mm(finding.diameter_mm),
        Text(rads, LUNG_RADS_STYLE.get(rads, "")),
        "-" if confidence is None else f"{confidence:.2f}",
        finding.lobe or "-",
        word(finding.kind),
        word(finding.margin),
        word(finding.attenuation),
    )


CONFIDENCE_LEGEND = (
    "P: the probability that a finding is a real nodule (lung_nodule 0.2.3 and later, calibrated "
    "on real LIDC nodules; earlier versions: a ranking score)."
)
"""What the findings table's last column means, shown under it."""
