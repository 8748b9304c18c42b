"""The nodule history screen: one nodule across the patient's exams, and the earlier slice beside
the current one.

Pushed from the study screen with ``h`` on a finding. The table lists the exams of the
nodule's track (``GET /api/v1/findings/{id}/history``), oldest first: date, mean diameter,
change since the exam before, volume change, volume doubling time, Lung-RADS and follow-up
status; ``▶`` marks this study. Below, the slice through the nodule on an earlier exam (its
prior, by default; moving the cursor to another earlier exam shows that one) is drawn beside
the slice of this study, at the same field of view, so a change in size is a change on screen.
A prior read from a PACS SR has measurements but no images here, and the screen says so.
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

from appliance.tui.client import ApiClient, ApiError
from appliance.tui.formatting import column_widths
from appliance.tui.responses import Exam, NoduleHistory, Preview
from appliance.tui.slice_pixels import short_label
from appliance.tui.slice_view import GraphicsProtocol, SliceView
from appliance.tui.tracks import EXAM_COLUMNS, default_prior, exam_row

__all__ = ["HISTORY_PREVIEW_SIZE", "NoduleHistoryScreen", "shared_field_mm"]

HISTORY_PREVIEW_SIZE = 24
"""Cells across each of the two slices (as half-blocks 24 pixels, 12 lines): both fit beside
each other in 80x24."""


def shared_field_mm(exams: list[Exam]) -> float:
    """One field of view for both slices: two and a half times the largest diameter of the
    track, at least 20 mm, so the nodule's growth shows as a larger outline."""
    largest = max((e.diameter_mm or 0.0 for e in exams), default=0.0)
    return max(2.5 * largest, 20.0)


def slice_caption(exam: Exam, role: str, preview: Preview | None) -> Text:
    """Above a slice: which exam it is and the nodule's size then; below it, the scale."""
    text = Text.assemble(
        (f"{role} ", "bold"),
        f"{exam.study_date or 'no date'}  ",
        (f"{exam.diameter_mm} mm", "bold"),
    )
    if preview is not None:
        text.append(
            f"\nz {preview.slice_position_mm:.1f} mm · {preview.pixel_mm:.1f} mm/px",
            "dim",
        )
    return text


class NoduleHistoryScreen(Screen[None]):
    """One nodule's track: its exams, and the slices of an earlier exam and of this one."""

    CSS_PATH = "history.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "reload", "Reload"),
        Binding("q", "app.quit", "Quit"),
    ]

    class Loaded(Message):
        def __init__(self, history: NoduleHistory) -> None:
            super().__init__()
            self.history = history

    class SliceLoaded(Message):
        def __init__(self, pane: str, exam: Exam, preview: Preview) -> None:
            super().__init__()
            self.pane = pane
            self.exam = exam
            self.preview = preview

    class Failed(Message):
        def __init__(self, error: ApiError, pane: str | None, finding_id: str = "") -> None:
            super().__init__()
            self.error = error
            self.pane = pane
            self.finding_id = finding_id

    def __init__(
        self,
        client: ApiClient,
        finding_id: str,
        label: str = "",
        graphics: GraphicsProtocol | None = None,
    ) -> None:
        """``label`` names the nodule as the study screen does (``#1 RLL``); ``graphics`` is
        the protocol the slices are drawn with (None: half-blocks)."""
        super().__init__()
        self.client = client
        self.graphics = graphics
        self.finding_id = finding_id
        self.label = label
        self.exams: list[Exam] = []
        self.field_mm = 20.0
        self.shown: dict[str, str] = {}
        """The finding drawn in each pane ("prior", "current"); a slice that arrives for
        another (the cursor moved on) is dropped."""

    def compose(self) -> ComposeResult:
        yield Static(f"Loading the history of {self.label or self.finding_id} ...", id="track-info")
        yield DataTable(id="track", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="track-slices"):
            with Vertical(classes="track-pane"):
                yield Static("", id="prior-caption")
                yield SliceView("", self.graphics, cells=HISTORY_PREVIEW_SIZE, id="prior-slice")
            with Vertical(classes="track-pane"):
                yield Static("", id="current-caption")
                yield SliceView("", self.graphics, cells=HISTORY_PREVIEW_SIZE, id="current-slice")
        yield Footer(compact=True, show_command_palette=False)  # every key fits at 80

    def on_mount(self) -> None:
        self.query_one("#track", DataTable).add_columns(*EXAM_COLUMNS)
        self.action_reload()

    def action_reload(self) -> None:
        self.load_history()

    @work(thread=True, exclusive=True, group="history")
    def load_history(self) -> None:
        try:
            self.post_message(self.Loaded(self.client.history(self.finding_id)))
        except ApiError as exc:
            self.post_message(self.Failed(exc, None))

    @work(thread=True, group="history-slice")
    def load_slice(self, pane: str, exam: Exam, pixels: int) -> None:
        try:
            preview = self.client.preview(exam.finding_id, pixels, self.field_mm)
            self.post_message(self.SliceLoaded(pane, exam, preview))
        except ApiError as exc:
            self.post_message(self.Failed(exc, pane, exam.finding_id))

    @on(Loaded)
    def show_history(self, message: Loaded) -> None:
        self.exams = list(message.history.exams)
        self.field_mm = shared_field_mm(self.exams)
        self.query_one("#track-info", Static).update(self._header(message.history))
        table = self.query_one("#track", DataTable)
        rows = [exam_row(exam, self.finding_id) for exam in self.exams]
        # Columns as wide as the rows need, given: measured on idle, a frame drawn before that
        # kept the header at its labels' widths (caught by the history screen's snapshot).
        table.clear(columns=True)
        for label, width in zip(EXAM_COLUMNS, column_widths(rows, EXAM_COLUMNS), strict=True):
            table.add_column(label, width=width)
        for exam, row in zip(self.exams, rows, strict=True):
            table.add_row(*row, key=exam.finding_id)
        current = next((e for e in self.exams if e.finding_id == self.finding_id), None)
        if current is not None:
            self.show_exam("current", current)
        prior = default_prior(self.exams, self.finding_id)
        if prior is None:
            self.shown.pop("prior", None)
            self.query_one("#prior-caption", Static).update(Text("Earlier", "bold"))
            self.query_one("#prior-slice", SliceView).say(
                "Seen on this exam only: no earlier exam of this nodule."
            )
        # The cursor says which earlier exam is drawn on the left: its highlight draws it.
        cursor = prior if prior is not None else current
        if cursor is not None:
            table.move_cursor(row=self.exams.index(cursor))

    def _header(self, history: NoduleHistory) -> Text:
        exams = self.exams
        text = Text.assemble(("Nodule history ", "bold"), f"{self.label}  ")
        text.append(f"track {history.track_id or '-'}", "dim")
        dates = [str(e.study_date) for e in exams if e.study_date]
        span = f": {dates[0]} to {dates[-1]}" if len(dates) > 1 else ""
        text.append(f"\n{len(exams)} exam{'s' if len(exams) != 1 else ''}{span}")
        return text

    def show_exam(self, pane: str, exam: Exam) -> None:
        role = "This study" if pane == "current" else "Earlier"
        self.shown[pane] = exam.finding_id
        self.query_one(f"#{pane}-caption", Static).update(slice_caption(exam, role, None))
        if not exam.has_images:
            self.query_one(f"#{pane}-slice", SliceView).say(
                Text(
                    "No images of this exam here: its measurements were read from a PACS SR.",
                    "yellow",
                )
            )
            return
        view = self.query_one(f"#{pane}-slice", SliceView)
        view.say("Loading the slice ...")
        self.load_slice(pane, exam, view.pixels)

    @on(DataTable.RowHighlighted, "#track")
    def exam_highlighted(self, event: DataTable.RowHighlighted) -> None:
        chosen = str(event.row_key.value)
        if chosen == self.finding_id or not self.exams:
            return
        exam = next((e for e in self.exams if e.finding_id == chosen), None)
        if exam is not None:
            self.show_exam("prior", exam)

    @on(SliceLoaded)
    def show_slice(self, message: SliceLoaded) -> None:
        if self.shown.get(message.pane) != message.exam.finding_id:
            return
        role = "This study" if message.pane == "current" else "Earlier"
        preview = message.preview
        self.query_one(f"#{message.pane}-caption", Static).update(
            slice_caption(message.exam, role, preview)
        )
        label = short_label(0, str(message.exam.study_date or ""), message.exam.diameter_mm)
        self.query_one(f"#{message.pane}-slice", SliceView).draw(preview, label)

    @on(Failed)
    def show_failure(self, message: Failed) -> None:
        if message.pane is not None and self.shown.get(message.pane) != message.finding_id:
            return
        text = Text(f"{message.error.title}: {message.error.message}", "bold red")
        if message.pane is None:
            self.query_one("#track-info", Static).update(text)
        else:
            self.query_one(f"#{message.pane}-slice", SliceView).say(text)
