"""The ScanSide terminal UI: feed, worklist, system health and cohort queries, live.

``scanside tui`` builds a :class:`ScanSideApp` around an :class:`~appliance.tui.client.ApiClient`.
Every few seconds a background worker fetches the system overview, the feed and the worklist and
posts one :class:`ScanSideApp.Snapshot` back; a failure posts :class:`ScanSideApp.Failed`
instead, and the banner says what is wrong (appliance not running, access denied) while the
tables keep the last data. The system overview is read back into the appliance's own
:class:`~appliance.health.snapshot.HealthSnapshot`; the banner carries its alerts (disk almost
full, PACS unreachable, failed analyses, no GPU: the rules are :mod:`appliance.health.rules`)
and the System tab renders the rest. The TUI computes no health of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Static, TabbedContent, TabPane

from appliance.health.snapshot import NO_GPU, Alert, Contact, GpuHealth, HealthSnapshot
from appliance.monitoring.report import DRIFT, DriftReport
from appliance.tui.client import AccessDenied, ApiClient, ApiError, ApplianceUnreachable
from appliance.tui.formatting import (
    FEED_FREE,
    WORKLIST_FREE,
    age,
    bytes_label,
    column_widths,
    feed_row,
    fit_columns,
    plural,
    worklist_row,
)
from appliance.tui.models_screen import ModelsScreen
from appliance.tui.responses import FeedSeries, QueryAnswer, Worklist, WorklistItem
from appliance.tui.slice_view import GraphicsProtocol
from appliance.tui.study import StudyScreen

__all__ = ["ScanSideApp"]

FEED_COLUMNS = ("Last image", "Patient", "Series", "Images", "State", "Analysis", "PACS")
WORKLIST_COLUMNS = ("Priority", "Patient", "Study", "LR", "Nod", "Wait", "Reason")
"""Short headers (``LR`` as on the study screen): at 80 columns the reason keeps 16 cells."""
ALERT_STYLE = {"error": "bold white on red", "warning": "bold black on yellow", "info": "cyan"}


class ScanSideApp(App[None]):
    """The technologist's view of one appliance, through its API."""

    CSS_PATH = "scanside.tcss"
    TITLE = "ScanSide"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "show_tab('worklist')", "Worklist"),
        Binding("f", "show_tab('feed')", "Feed"),
        Binding("s", "show_tab('system')", "System"),
        Binding("slash", "show_tab('query')", "Query"),
        Binding("m", "show_models", "Models"),
        Binding("r", "refresh", "Refresh"),
        Binding("q", "quit", "Quit"),
        # While typing a question the letters above are text: Esc leaves the box first.
        Binding("escape", "leave_question", "Leave the box"),
        # Ask the first other reading the engine offered ("exactly 2 nodules" for "2 nodules").
        Binding("ctrl+o", "other_reading", "Other reading", show=False),
    ]
    TYPED_KEYS = frozenset({"show_tab", "show_models", "refresh", "quit"})
    """Actions whose keys are letters: while the question box has focus they type, so the
    footer does not offer them."""

    class Snapshot(Message):
        """Fresh data from the appliance."""

        def __init__(
            self, health: HealthSnapshot, feed: list[FeedSeries], worklist: Worklist
        ) -> None:
            super().__init__()
            self.health = health
            self.feed = feed
            self.worklist = worklist

    class Failed(Message):
        """The appliance could not be asked; ``error`` says why."""

        def __init__(self, error: ApiError) -> None:
            super().__init__()
            self.error = error

    class Answered(Message):
        """The cohort query's answer (or its error)."""

        def __init__(self, answer: QueryAnswer | None, error: ApiError | None = None) -> None:
            super().__init__()
            self.answer = answer
            self.error = error

    def __init__(
        self,
        client: ApiClient,
        *,
        refresh_s: float = 3.0,
        clock: Callable[[], datetime] = datetime.now,
        open_study: str | None = None,
        graphics: GraphicsProtocol | None = None,
    ) -> None:
        """``graphics``: the protocol slice previews are drawn with, None for half-blocks
        (:func:`~appliance.tui.slice_view.resolve_graphics` chooses it before the app starts)."""
        super().__init__()
        self.client = client
        self.graphics = graphics
        self.open_study = open_study
        self.refresh_s = refresh_s
        self.clock = clock
        self.series_study: dict[str, str] = {}
        self.alternatives: list[str] = []  # other readings of the last answer, to ask as they are
        self.last_snapshot: ScanSideApp.Snapshot | None = None
        """The data on the tables, to lay them out again when the terminal is resized."""

    def compose(self) -> ComposeResult:
        yield Static("Connecting ...", id="banner")
        with TabbedContent(initial="worklist", id="tabs"):
            with TabPane("Worklist", id="worklist"):
                yield DataTable(id="worklist-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Feed", id="feed"):
                yield DataTable(id="feed-table", cursor_type="row", zebra_stripes=True)
            with TabPane("System", id="system"):
                yield Static("", id="system-view")
            with TabPane("Query", id="query"):
                yield Input(placeholder="Ask about the cohort, then Enter", id="question")
                yield Static("", id="interpretation")
                yield DataTable(id="results", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#worklist-table", DataTable).add_columns(*WORKLIST_COLUMNS)
        self.query_one("#feed-table", DataTable).add_columns(*FEED_COLUMNS)
        self.query_one("#worklist-table", DataTable).focus()
        self.action_refresh()
        if self.open_study is not None:
            self.push_screen(StudyScreen(self.client, self.open_study, self.graphics))
        if self.refresh_s > 0:
            self.set_interval(self.refresh_s, self.action_refresh)

    def on_unmount(self) -> None:
        self.client.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer in the footer only the keys that act where the focus is."""
        typing = isinstance(self.focused, Input)
        if action == "show_models" and isinstance(self.screen, ModelsScreen):
            return False  # already there: m would stack a second one under Esc
        if action in self.TYPED_KEYS:
            return not typing
        if action == "leave_question":
            return typing
        return True

    async def action_show_tab(self, tab: str) -> None:
        """Show a tab of the main screen, leaving any study screen on top of it first."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        self.query_one(TabbedContent).active = tab
        if tab == "query":
            self.query_one("#question", Input).focus()
        else:
            self.query_one(f"#{tab}-table" if tab != "system" else "#system-view").focus()

    def action_refresh(self) -> None:
        self.fetch_snapshot()

    def action_show_models(self) -> None:
        """The model versions and the shadow versions' agreement (``models_screen``)."""
        self.push_screen(ModelsScreen(self.client))

    def action_leave_question(self) -> None:
        """Leave the question box for its results (when there are any) or the worklist."""
        results = self.query_one("#results", DataTable)
        if results.row_count:
            results.focus()
        else:
            self.set_focus(None)

    def action_other_reading(self) -> None:
        """Ask the other reading of the last answer without retyping the question."""
        if self.alternatives:
            question = self.alternatives[0]
            self.query_one("#question", Input).value = question
            self.query_one("#interpretation", Static).update(Text("Asking ...", "dim"))
            self.ask(question)

    @work(thread=True, exclusive=True, group="refresh")
    def fetch_snapshot(self) -> None:
        try:
            snapshot = self.Snapshot(
                self.client.system(),
                self.client.feed(),
                self.client.worklist(),
            )
        except ApiError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(snapshot)

    @work(thread=True, exclusive=True, group="query")
    def ask(self, question: str) -> None:
        try:
            self.post_message(self.Answered(self.client.query(question)))
        except ApiError as exc:
            self.post_message(self.Answered(None, exc))

    @on(Snapshot)
    def show_snapshot(self, message: Snapshot) -> None:
        now = self.clock()
        self.last_snapshot = message
        self._fill_worklist(message.worklist.items, now)
        self._fill_feed(message.feed, now)
        self.query_one("#system-view", Static).update(_system_table(message.health, now))
        self.query_one("#banner", Static).update(_banner(message.health, message.worklist, now))
        self.query_one("#banner").set_classes("ok")

    @on(Failed)
    def show_failure(self, message: Failed) -> None:
        error = message.error
        text = Text(f" {error.title}: {error.message}", "bold")
        if isinstance(error, ApplianceUnreachable):
            text.append("  (showing the last data received; retrying)")
        elif isinstance(error, AccessDenied):
            text.append("  (pass --token or set SCANSIDE_TOKEN)")
        banner = self.query_one("#banner", Static)
        banner.update(text)
        banner.set_classes("error")

    def on_resize(self, event: Resize) -> None:
        """Lay the tables out again for the new width (their free text is clipped to fit)."""
        if self.last_snapshot is not None:
            now, width = self.clock(), event.size.width  # self.size is not yet the new one
            self._fill_worklist(self.last_snapshot.worklist.items, now, width)
            self._fill_feed(self.last_snapshot.feed, now, width)

    def _fill_worklist(
        self, items: list[WorklistItem], now: datetime, width: int | None = None
    ) -> None:
        width = width or self.size.width
        table = self.query_one("#worklist-table", DataTable)
        row = table.cursor_row
        rows = [worklist_row(item, now) for item in items]
        fitted = fit_columns(rows, WORKLIST_COLUMNS, width, WORKLIST_FREE)
        _set_columns(table, WORKLIST_COLUMNS, fitted)
        for item, cells in zip(items, fitted, strict=True):
            table.add_row(*cells, key=item.study_uid)
        if items:
            table.move_cursor(row=min(row, len(items) - 1))

    def _fill_feed(self, feed: list[FeedSeries], now: datetime, width: int | None = None) -> None:
        width = width or self.size.width
        table = self.query_one("#feed-table", DataTable)
        row = table.cursor_row
        self.series_study = {s.series_uid: s.study_uid for s in feed}
        rows = [feed_row(series, now) for series in feed]
        fitted = fit_columns(rows, FEED_COLUMNS, width, FEED_FREE)
        _set_columns(table, FEED_COLUMNS, fitted)
        for series, cells in zip(feed, fitted, strict=True):
            table.add_row(*cells, key=series.series_uid)
        if feed:
            table.move_cursor(row=min(row, len(feed) - 1))

    @on(DataTable.RowSelected, "#worklist-table")
    def open_from_worklist(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.push_screen(StudyScreen(self.client, str(event.row_key.value), self.graphics))

    @on(DataTable.RowSelected, "#feed-table")
    def open_from_feed(self, event: DataTable.RowSelected) -> None:
        study = self.series_study.get(str(event.row_key.value))
        if study is not None:
            self.push_screen(StudyScreen(self.client, study, self.graphics))

    @on(DataTable.RowSelected, "#results")
    def open_from_results(self, event: DataTable.RowSelected) -> None:
        """Enter on a result row opens its study (rows of studies, findings and patients
        carry the study's UID; a count has none)."""
        if event.row_key.value is not None:
            self.push_screen(StudyScreen(self.client, str(event.row_key.value), self.graphics))
        else:
            self.notify("This row names no study to open.", severity="warning")

    @on(Input.Submitted, "#question")
    def submit_question(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.query_one("#interpretation", Static).update(Text("Asking ...", "dim"))
            self.ask(event.value.strip())

    @on(Answered)
    def show_answer(self, message: Answered) -> None:
        view = self.query_one("#interpretation", Static)
        table = self.query_one("#results", DataTable)
        table.clear(columns=True)
        if message.error is not None or message.answer is None:
            error = message.error
            view.update(
                Text(f"{error.title}: {error.message}" if error else "no answer", "bold red")
            )
            return
        view.update(_interpretation(message.answer))
        self.alternatives = list(message.answer.alternatives)
        rows = message.answer.rows
        if rows:
            columns = tuple(rows[0])
            cells: list[tuple[Text | str, ...]] = [
                tuple(str(row.get(c, "")) for c in columns) for row in rows
            ]
            # A UID is 64 characters no one reads: clipped first, so the other columns fit.
            uids = {n: 12 for n, column in enumerate(columns) if column.endswith("_uid")}
            fitted = fit_columns(cells, columns, self.size.width, uids)
            _set_columns(table, columns, fitted)
            for row, shown in zip(rows, fitted, strict=True):
                study = row.get("study_uid")
                table.add_row(*shown, key=str(study) if study else None)


def _set_columns(
    table: DataTable[object], labels: tuple[str, ...], rows: list[tuple[Text | str, ...]]
) -> None:
    """The table emptied, with columns as wide as these rows need (they only ever widened, and
    measured on idle: a frame before that was drawn, and kept, with every cell cut)."""
    table.clear(columns=True)
    for label, width in zip(labels, column_widths(rows, labels), strict=True):
        table.add_column(label, width=width)


def _banner(health: HealthSnapshot, worklist: Worklist, now: datetime) -> Text:
    """The appliance's alerts, most serious first; otherwise a one-line all-clear."""
    text = Text()
    for alert in health.alerts[:3]:
        text.append(f" {_short(alert)} ", ALERT_STYLE.get(alert.level, ""))
        text.append(" ")
    if not [a for a in health.alerts if a.serious]:
        waiting = len(worklist.items)
        text.append(
            f" OK · {plural(waiting, 'study', 'studies')} on the worklist · "
            f"{_last_image(health, now)}",
            "green",
        )
    return text


def _last_image(health: HealthSnapshot, now: datetime) -> str:
    at = health.last_received.at
    return f"last image {age(at, now)} ago" if at else "no images received yet"


def _short(alert: Alert) -> str:
    """An alert worded for the one-line banner (the feed and system tabs have the details)."""
    if alert.code == "analysis_failed":
        return "Analysis failed: " + alert.message.partition(": ")[2]
    return alert.message


def _drift_text(report: DriftReport) -> Text:
    """One model's drift for the health screen: its state, and what is flagged."""
    text = Text(f"{report.model_name} {report.model_version} {report.state}", "")
    if report.state == DRIFT:
        text.stylize("bold yellow")
        text.append(f": {', '.join(report.flagged)}", "bold yellow")
    text.append(
        f" (window {report.window_series}, "
        f"{report.outside_validation_share:.0%} outside validation)",
        "dim",
    )
    return text


_REACHABLE = {True: "reachable", False: "UNREACHABLE", None: "not tried yet"}


def _contact_text(name: str, contact: Contact, now: datetime) -> Text:
    pending = f" pending {contact.pending}" if contact.pending else ""
    return Text(
        f"{name} {_REACHABLE[contact.reachable]} last contact "
        f"{age(contact.last_contact_at, now)}{pending}",
        "bold red" if contact.reachable is False else "",
    )


def _system_table(health: HealthSnapshot, now: datetime) -> Table:
    """The health screen: one row per part of the snapshot."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    disk = health.disk
    table.add_row(
        "Disk",
        f"{bytes_label(disk.free_bytes)} free ({disk.used_percent}% used) - {disk.state}",
    )
    memory = health.memory
    table.add_row(
        "Memory",
        f"{bytes_label(memory.available_bytes)} available of {bytes_label(memory.total_bytes)}",
    )
    table.add_row("CPU", f"load {health.cpu.load_1m} / {health.cpu.cores} cores")
    table.add_row("GPU", _gpu_text(health.gpu))
    table.add_row("Analysis", " ".join(f"{k} {v}" for k, v in health.queues.jobs.items()))
    outbox = health.queues.outbox
    table.add_row("Outbox", " ".join(f"{k} {v}" for k, v in outbox.items()) if outbox else "-")
    stored = health.last_received.instances
    table.add_row("Images", f"{_last_image(health, now)} ({stored} stored)")
    for peer in health.modalities:
        table.add_row(
            "Modality",
            f"{peer.calling_ae} {peer.peer_address or ''} "
            f"last contact {age(peer.last_contact_at, now)} ago",
        )
    for pacs in health.pacs:
        table.add_row("PACS", _contact_text(pacs.name, pacs.contact, now))
    for dest in health.message_destinations:
        table.add_row(
            f"{dest.what} ({dest.kind.upper()})", _contact_text(dest.name, dest.contact, now)
        )
    if health.overdue_workers:
        table.add_row(
            "Workers",
            Text(f"stopped responding: {', '.join(health.overdue_workers)}", "bold red"),
        )
    for model in health.models:
        table.add_row(
            "Model",
            f"{model.name} {model.error}"
            if model.error
            else f"{model.name} {model.version} {model.provider} {model.precision}",
        )
    for report in health.drift:
        table.add_row("Drift", _drift_text(report))
    return table


def _gpu_text(gpu: GpuHealth) -> str:
    if not gpu.present:
        return NO_GPU
    return "; ".join(
        f"{d.name} {bytes_label(d.memory_used_bytes)}/{bytes_label(d.memory_total_bytes)} "
        f"{d.temperature_c} C"
        for d in gpu.devices
    )


def _interpretation(answer: QueryAnswer) -> Text:
    meaning = answer.interpretation or answer.sql
    warnings: list[tuple[str, str]] = []
    for sentence in answer.warnings:  # words not used, readings that were guesses
        warnings += [("\nWarning: ", "bold yellow"), (sentence, "yellow")]
    for number, question in enumerate(answer.alternatives):
        key = " (ctrl+o)" if number == 0 else ""
        warnings += [(f"\nOther reading{key}: ", "bold"), (question, "")]
    value = answer.value  # an average or a percentage: the number is the answer
    total = f"\nAnswer: {value}" if value is not None else f"\n{plural(answer.count, 'result')}"
    opens = " · Esc, then Enter on a row opens its study" if value is None and answer.rows else ""
    return Text.assemble(
        ("Understood: ", "bold"), meaning, *warnings, (total, "dim"), (opens, "dim")
    )  # fmt: skip
