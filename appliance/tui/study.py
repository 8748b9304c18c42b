"""The study screen: a study's facts, its findings table, and the slice through a nodule.

Pushed when the technologist presses Enter on the worklist or the feed. Moving the cursor in
the findings table loads the preview of that finding (the axial slice through its centre with
its outline, in terminal graphics or half-blocks: ``slice_view.py``). Every API call runs in a
background worker and posts a message back; a token whose role may not read patient data gets
a clear message, not a crash.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from appliance.findings import reading_rank
from appliance.tui.client import ApiClient, ApiError
from appliance.tui.formatting import (
    CONFIDENCE_LEGEND,
    FINDING_COLUMNS,
    PRIORITY_STYLE,
    SHORT_FINDING_COLUMNS,
    SHORT_LEGEND,
    column_widths,
    finding_row,
)
from appliance.tui.history import NoduleHistoryScreen
from appliance.tui.responses import FindingRecord, JobSummary, Preview, StudyDetail
from appliance.tui.slice_pixels import short_label
from appliance.tui.slice_view import GraphicsProtocol, SliceView
from appliance.tui.tracks import change_summary

__all__ = ["StudyScreen"]

SHORT_BELOW = 100
"""Terminals narrower than this leave the findings table under 66 cells beside the slice, too
few for the whole words (58 with the padding): the table shortens them (``SHORT_WORDS``), so at
80 columns (46 cells) every column shows without scrolling."""
PREVIEW_SIZE = 32
"""Character cells across the preview: as half-blocks 32 pixels, two per cell vertically."""


def preview_field_mm(diameter_mm: float | None) -> float:
    """Width of the slice shown: two and a half diameters, at least 24 mm, so the nodule spans
    a third of the preview (a 17 mm nodule 13 of 32 cells; a 5 mm one 6, at 0.75 mm each)."""
    return max(2.5 * float(diameter_mm or 10.0), 24.0)


def preview_caption(number: int, finding: FindingRecord | None, preview: Preview) -> Text:
    """A short label under the slice: which finding, what it is, the scale, the slice (the
    finding is None when the table was reloaded while its slice was on its way)."""
    pixel_mm = preview.pixel_mm
    across = len(preview.pixels[0]) if preview.pixels else PREVIEW_SIZE
    cell_mm = pixel_mm * across / PREVIEW_SIZE  # a 128-pixel picture still spans 32 cells
    bar = max(1, round(10.0 / cell_mm)) if cell_mm > 0 else 0
    what = (
        Text.assemble(
            (f"{finding.diameter_mm} mm LR {finding.lung_rads or '-'} ", "bold"),
            f"{finding.lobe or ''}",
        )
        if finding is not None
        else Text("")
    )
    return Text.assemble(
        (f"\n#{number} ", "bold"),
        what,
        "\n",
        ("━" * bar, "bold"),
        f" 10 mm · {pixel_mm:.1f} mm/px\n",
        (f"z {preview.slice_position_mm:.1f} mm, {preview.window} · ", "dim"),
        ("outline", "bold red"),
        "\n",
        change_summary(finding, width=PREVIEW_SIZE) if finding is not None else "",
    )


def most_suspicious_first(findings: list[FindingRecord]) -> list[FindingRecord]:
    """The reader looks at the highest Lung-RADS category first, the largest among equals."""

    return sorted(findings, key=lambda f: reading_rank(f.lung_rads, f.diameter_mm))


class StudyScreen(Screen[None]):
    """One study: header, findings and the selected finding's slice."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "reload", "Reload"),
        Binding("h", "history", "History"),
        Binding("q", "app.quit", "Quit"),
    ]

    class Loaded(Message):
        def __init__(self, study: StudyDetail) -> None:
            super().__init__()
            self.study = study

    class PreviewLoaded(Message):
        def __init__(self, finding_id: str, preview: Preview) -> None:
            super().__init__()
            self.finding_id = finding_id
            self.preview = preview

    class Failed(Message):
        def __init__(self, error: ApiError, where: str) -> None:
            super().__init__()
            self.error = error
            self.where = where

    def __init__(
        self, client: ApiClient, study_uid: str, graphics: GraphicsProtocol | None = None
    ) -> None:
        """``graphics``: the terminal-graphics protocol the slice is drawn with (None:
        half-blocks), as :func:`~appliance.tui.slice_view.resolve_graphics` chose it."""
        super().__init__()
        self.client = client
        self.study_uid = study_uid
        self.graphics = graphics
        self.findings: dict[str, tuple[int, FindingRecord]] = {}
        """Each finding by id, with its number in the table (1 = the most suspicious)."""

    def compose(self) -> ComposeResult:
        yield Static(f"Loading study {self.study_uid} ...", id="study-info")
        with Horizontal(id="study-body"):
            with Vertical(id="study-left"):
                yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
                yield Static(CONFIDENCE_LEGEND, id="confidence-legend")
                yield Static("", id="study-jobs")
            yield SliceView(
                "Select a finding to see its slice.",
                self.graphics,
                cells=PREVIEW_SIZE,
                id="preview",
            )
        yield Footer(compact=True, show_command_palette=False)  # every key fits at 80

    def on_mount(self) -> None:
        self.query_one("#findings", DataTable).add_columns(*FINDING_COLUMNS)
        self.action_reload()

    def action_reload(self) -> None:
        self.load_study()

    def action_history(self) -> None:
        """The highlighted nodule across the patient's exams, with an earlier slice beside."""
        table = self.query_one("#findings", DataTable)
        if table.row_count == 0:
            return
        finding_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        number, finding = self.findings.get(finding_id, (0, None))
        lobe = finding.lobe if finding is not None else None
        label = f"#{number} {lobe or ''}".rstrip()
        self.app.push_screen(NoduleHistoryScreen(self.client, finding_id, label, self.graphics))

    @work(thread=True, exclusive=True, group="study")
    def load_study(self) -> None:
        try:
            self.post_message(self.Loaded(self.client.study(self.study_uid)))
        except ApiError as exc:
            self.post_message(self.Failed(exc, "study"))

    @work(thread=True, exclusive=True, group="preview")
    def load_preview(self, finding_id: str, pixels: int) -> None:
        _, finding = self.findings.get(finding_id, (0, None))
        field = preview_field_mm(finding.diameter_mm if finding is not None else None)
        try:
            preview = self.client.preview(finding_id, pixels, field)
            self.post_message(self.PreviewLoaded(finding_id, preview))
        except ApiError as exc:
            self.post_message(self.Failed(exc, "preview"))

    @on(Loaded)
    def show_study(self, message: Loaded) -> None:
        study = message.study
        self.query_one("#study-info", Static).update(_study_header(study))
        table = self.query_one("#findings", DataTable)
        ordered = most_suspicious_first(study.findings)
        self.findings = {f.finding_id: (n, f) for n, f in enumerate(ordered, start=1)}
        short = self.app.size.width < SHORT_BELOW
        rows = [finding_row(finding, short) for finding in ordered]
        labels = SHORT_FINDING_COLUMNS if short else FINDING_COLUMNS
        # Columns as wide as the rows need, given (as on the history screen): a frame drawn
        # before the table measured them itself would keep them at their labels' widths.
        table.clear(columns=True)
        for label, width in zip(labels, column_widths(rows, labels), strict=True):
            table.add_column(label, width=width)
        for finding, row in zip(ordered, rows, strict=True):
            table.add_row(*row, key=finding.finding_id)
        legend = f"{CONFIDENCE_LEGEND}\n{SHORT_LEGEND}" if short else CONFIDENCE_LEGEND
        self.query_one("#confidence-legend", Static).update(legend)
        if not study.findings:
            done = study.analysed_at is not None
            note = "No nodules found (Lung-RADS 1)." if done else "Not analysed yet."
            self.query_one("#preview", SliceView).say(note)
        self.query_one("#study-jobs", Static).update(_jobs_text(study.jobs))

    @on(DataTable.RowHighlighted, "#findings")
    def finding_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            view = self.query_one("#preview", SliceView)
            view.say("Loading the slice ...")
            self.load_preview(str(event.row_key.value), view.pixels)

    @on(PreviewLoaded)
    def show_preview(self, message: PreviewLoaded) -> None:
        preview = message.preview
        number, finding = self.findings.get(message.finding_id, (0, None))
        caption = preview_caption(number, finding, preview)
        label = short_label(number, finding.lobe, finding.diameter_mm) if finding else ""
        self.query_one("#preview", SliceView).draw(preview, label, caption)

    @on(Failed)
    def show_failure(self, message: Failed) -> None:
        text = Text(f"{message.error.title}: {message.error.message}", "bold red")
        if message.where == "study":
            self.query_one("#study-info", Static).update(text)
        else:
            self.query_one("#preview", SliceView).say(text)


def _study_header(study: StudyDetail) -> Text:
    priority = study.priority
    text = Text()
    text.append(f" {(priority or 'pending').upper()} ", PRIORITY_STYLE.get(priority or "", "dim"))
    text.append(f"  {study.patient_name or '-'}  ({study.patient_id})", "bold")
    text.append(f"  {study.sex or ''} {study.birth_date or ''}\n")
    text.append(f"{study.description or 'study'}  {study.study_date or ''}  ")
    text.append(f"Lung-RADS {study.lung_rads or '-'}", "bold")
    if study.priority_reason:
        text.append(f"  ({study.priority_reason})", "dim")
    for series in study.series:
        for sentence in series.analysis_limitations or []:
            text.append(f"\n{sentence}", "bold yellow")
        for sentence in series.validation_warnings or []:
            text.append(f"\n{sentence}", "bold yellow")
    sent = study.sent_state
    text.append(f"\nPACS: {sent or 'not sent'}", "green" if sent == "sent" else "dim")
    return text


def _jobs_text(jobs: list[JobSummary]) -> Text:
    text = Text()
    for job in jobs:
        if job.state == "failed":
            text.append(f"Analysis failed: {job.error}\n", "bold red")
        elif job.state in ("queued", "running"):
            text.append(f"Analysis {job.state} (attempt {job.attempts})\n", "yellow")
    return text
