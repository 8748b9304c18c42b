"""The ScanSide terminal UI: feed, worklist, system health and cohort queries, live.

``scanside tui`` builds a :class:`ScanSideApp` around an :class:`~appliance.tui.client.ApiClient`.
Every few seconds a background worker fetches the system overview, the feed and the worklist and
posts one :class:`ScanSideApp.Snapshot` back; a failure posts :class:`ScanSideApp.Failed`
instead, and the banner says what is wrong (appliance not running, access denied) while the
tables keep the last data. The banner also carries the appliance's own alerts: disk almost
full, PACS unreachable, failed analyses, no GPU.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Static, TabbedContent, TabPane

from appliance.tui.client import AccessDenied, ApiClient, ApiError, ApplianceUnreachable
from appliance.tui.formatting import age, bytes_label, feed_row, plural, worklist_row
from appliance.tui.models_screen import ModelsScreen
from appliance.tui.responses import FeedSeries, QueryAnswer, Worklist, WorklistItem
from appliance.tui.study import StudyScreen

__all__ = ["ScanSideApp"]

FEED_COLUMNS = ("Last image", "Patient", "Series", "Images", "State", "Analysis", "PACS")
WORKLIST_COLUMNS = ("Priority", "Patient", "Study", "L-RADS", "Nod.", "Wait", "Reason")
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
            self, system: dict[str, Any], feed: list[FeedSeries], worklist: Worklist
        ) -> None:
            super().__init__()
            self.system = system
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
    ) -> None:
        super().__init__()
        self.client = client
        self.open_study = open_study
        self.refresh_s = refresh_s
        self.clock = clock
        self.series_study: dict[str, str] = {}
        self.alternatives: list[str] = []  # other readings of the last answer, to ask as they are

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
            self.push_screen(StudyScreen(self.client, self.open_study))
        if self.refresh_s > 0:
            self.set_interval(self.refresh_s, self.action_refresh)

    def on_unmount(self) -> None:
        self.client.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer in the footer only the keys that act where the focus is."""
        typing = isinstance(self.focused, Input)
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
                self.client.system(), self.client.feed(), self.client.worklist()
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
        self._fill_worklist(message.worklist.items, now)
        self._fill_feed(message.feed, now)
        self.query_one("#system-view", Static).update(_system_table(message.system, now))
        self.query_one("#banner", Static).update(_banner(message.system, message.worklist, now))
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

    def _fill_worklist(self, items: list[WorklistItem], now: datetime) -> None:
        table = self.query_one("#worklist-table", DataTable)
        row = table.cursor_row
        table.clear()
        for item in items:
            table.add_row(*worklist_row(item, now), key=item.study_uid)
        if items:
            table.move_cursor(row=min(row, len(items) - 1))

    def _fill_feed(self, feed: list[FeedSeries], now: datetime) -> None:
        table = self.query_one("#feed-table", DataTable)
        row = table.cursor_row
        table.clear()
        self.series_study = {s.series_uid: s.study_uid for s in feed}
        for series in feed:
            table.add_row(*feed_row(series, now), key=series.series_uid)
        if feed:
            table.move_cursor(row=min(row, len(feed) - 1))

    @on(DataTable.RowSelected, "#worklist-table")
    def open_from_worklist(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.push_screen(StudyScreen(self.client, str(event.row_key.value)))

    @on(DataTable.RowSelected, "#feed-table")
    def open_from_feed(self, event: DataTable.RowSelected) -> None:
        study = self.series_study.get(str(event.row_key.value))
        if study is not None:
            self.push_screen(StudyScreen(self.client, study))

    @on(DataTable.RowSelected, "#results")
    def open_from_results(self, event: DataTable.RowSelected) -> None:
        """Enter on a result row opens its study (rows of studies, findings and patients
        carry the study's UID; a count has none)."""
        if event.row_key.value is not None:
            self.push_screen(StudyScreen(self.client, str(event.row_key.value)))
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
            columns = list(rows[0])
            table.add_columns(*columns)
            for row in rows:
                study = row.get("study_uid")
                table.add_row(
                    *(str(row.get(c, "")) for c in columns), key=str(study) if study else None
                )


def _banner(system: dict[str, Any], worklist: Worklist, now: datetime) -> Text:
    """The appliance's alerts, most serious first; otherwise a one-line all-clear."""
    alerts = system.get("alerts", [])
    text = Text()
    for alert in alerts[:3]:
        text.append(f" {_short(alert)} ", ALERT_STYLE.get(alert.get("level", ""), ""))
        text.append(" ")
    if not [a for a in alerts if a.get("level") in ("error", "warning")]:
        waiting = len(worklist.items)
        text.append(
            f" OK · {plural(waiting, 'study', 'studies')} on the worklist · "
            f"{_last_image(system, now)}",
            "green",
        )
    return text


def _last_image(system: dict[str, Any], now: datetime) -> str:
    at = system.get("last_received", {}).get("at")
    return f"last image {age(at, now)} ago" if at else "no images received yet"


def _short(alert: dict[str, Any]) -> str:
    """An alert worded for the one-line banner (the feed and system tabs have the details)."""
    message = str(alert.get("message", ""))
    if alert.get("code") == "analysis_failed":
        return "Analysis failed: " + message.partition(": ")[2]
    return message


def _drift_text(report: dict[str, Any]) -> Text:
    """One model's drift for the health screen: its state, and what is flagged."""
    model = report.get("model", {})
    state = report.get("state", "")
    text = Text(f"{model.get('name')} {model.get('version')} {state}", "")
    if state == "drift":
        text.stylize("bold yellow")
        text.append(f": {', '.join(report.get('flagged', []))}", "bold yellow")
    text.append(
        f" (window {report.get('window_series')}, "
        f"{report.get('outside_validation_share', 0):.0%} outside validation)",
        "dim",
    )
    return text


def _system_table(system: dict[str, Any], now: datetime) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    disk = system.get("disk", {})
    table.add_row(
        "Disk",
        f"{bytes_label(disk.get('free_bytes', 0))} free "
        f"({disk.get('used_percent')}% used) - {disk.get('state')}",
    )
    memory = system.get("memory", {})
    table.add_row(
        "Memory",
        f"{bytes_label(memory.get('available_bytes', 0))} available "
        f"of {bytes_label(memory.get('total_bytes', 0))}",
    )
    cpu = system.get("cpu", {})
    table.add_row("CPU", f"load {cpu.get('load_1m')} / {cpu.get('cores')} cores")
    table.add_row("GPU", _gpu_text(system.get("gpu", {})))
    jobs = system.get("queues", {}).get("jobs", {})
    table.add_row("Analysis", " ".join(f"{k} {v}" for k, v in jobs.items()))
    outbox = system.get("queues", {}).get("outbox")
    table.add_row("Outbox", " ".join(f"{k} {v}" for k, v in outbox.items()) if outbox else "-")
    stored = system.get("last_received", {}).get("instances", 0)
    table.add_row("Images", f"{_last_image(system, now)} ({stored} stored)")
    for peer in system.get("modalities", []):
        table.add_row(
            "Modality",
            f"{peer['calling_ae']} {peer.get('peer_address') or ''} "
            f"last contact {age(peer.get('last_contact_at'), now)} ago",
        )
    for dest in system.get("pacs", []):
        state = {True: "reachable", False: "UNREACHABLE", None: "not tried yet"}[
            dest.get("reachable")
        ]
        table.add_row(
            "PACS",
            Text(
                f"{dest['name']} {state} last contact {age(dest.get('last_contact_at'), now)}",
                "bold red" if dest.get("reachable") is False else "",
            ),
        )
    for dest in system.get("message_destinations", []):
        state = {True: "reachable", False: "UNREACHABLE", None: "not tried yet"}[
            dest.get("reachable")
        ]
        table.add_row(
            {"hl7": "RIS (HL7)", "fhir": "EHR (FHIR)"}.get(dest.get("kind", ""), "Results"),
            Text(
                f"{dest['name']} {state} last contact {age(dest.get('last_contact_at'), now)}"
                f"{' pending ' + str(dest['pending']) if dest.get('pending') else ''}",
                "bold red" if dest.get("reachable") is False else "",
            ),
        )
    for model in system.get("models", []):
        table.add_row(
            "Model",
            f"{model.get('name')} {model.get('version')} "
            f"{model.get('provider')} {model.get('precision')}",
        )
    for report in system.get("drift", []):
        table.add_row("Drift", _drift_text(report))
    return table


def _gpu_text(gpu: dict[str, Any]) -> str:
    if not gpu.get("present"):
        return str(gpu.get("message", "no GPU (running on CPU)"))
    return "; ".join(
        f"{d['name']} {bytes_label(d['memory_used_bytes'])}/{bytes_label(d['memory_total_bytes'])} "
        f"{d['temperature_c']} C"
        for d in gpu.get("devices", [])
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
