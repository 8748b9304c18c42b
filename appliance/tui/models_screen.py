"""The models screen: each model's installed versions (live, shadow, earlier live ones) and how
each shadow version's answers compare with the live one's on this site's series.

Pushed by the ``m`` key. It reads ``GET /api/v1/models/versions`` and, per shadow version,
``GET /api/v1/models/compare`` (the summary ``scanside models compare`` prints: series both
analysed, findings matched and not, size differences, Lung-RADS and priority changes with their
studies, time per series). It only shows: promoting and rolling back are the API's and the
CLI's, which need the admin role (docs/models.md). Calls run in a background worker and post a
message back; a token that may not read them gets the API's reason on screen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from appliance.tui.client import ApiClient, ApiError
from appliance.tui.responses import CategoryChange, ModelVersion, ShadowAgreement

__all__ = ["ModelsScreen", "agreement_text", "version_rows"]

VERSION_COLUMNS = ("Model", "Version", "Runs as")
MAX_CHANGES_SHOWN = 5
"""Studies listed under each kind of change; the rest are counted."""


def version_rows(models: list[ModelVersion]) -> list[tuple[str, str, str]]:
    """One row per installed version: live first, then shadows, then the rest."""
    rows: list[tuple[str, str, str]] = []
    for model in models:
        earlier = [h.version for h in model.history]

        def rank(version: str, model: ModelVersion = model) -> tuple[int, str]:
            shadow = version in model.shadow
            return (0 if version == model.live else 1 if shadow else 2, version)

        for version in sorted(model.installed, key=rank):
            if version == model.live:
                role = "live"
            elif version in model.shadow:
                role = "shadow"
            else:
                role = "earlier live (rollback)" if earlier[-1:] == [version] else "installed"
            rows.append((model.name, version, role))
    return rows


def _changes(label: str, changes: list[CategoryChange]) -> Text:
    text = Text(f"{label}: {len(changes)}\n", style="bold" if changes else "")
    for change in changes[:MAX_CHANGES_SHOWN]:
        text.append(f"  study {change.study_uid}: {change.live or '-'} -> {change.shadow or '-'}\n")
    if len(changes) > MAX_CHANGES_SHOWN:
        text.append(f"  ... and {len(changes) - MAX_CHANGES_SHOWN} more\n", style="dim")
    return text


def agreement_text(summary: ShadowAgreement) -> Text:
    """The compare summary of one shadow version, as the technologist and physicist read it."""
    diameter = summary.diameter_difference_mm
    seconds = summary.seconds_per_series
    text = Text.assemble(
        (f"{summary.model} {summary.shadow} (shadow) against {summary.live} (live)\n", "bold"),
        f"{summary.series} series both analysed\n",
        f"findings: {summary.findings_live} live, {summary.findings_shadow} shadow, "
        f"{summary.matched} matched, {summary.only_live} only live, "
        f"{summary.only_shadow} only shadow\n",
        f"diameter, shadow - live: mean {_mm(diameter.mean)}, median of the absolute "
        f"difference {_mm(diameter.median_abs)}\n",
        f"seconds per series: live {_s(seconds.live)}, shadow {_s(seconds.shadow)}\n",
    )
    text.append_text(_changes("Lung-RADS changed", summary.lung_rads_changed))
    text.append_text(_changes("priority changed", summary.priority_changed))
    return text


def _mm(value: float | None) -> str:
    return "-" if value is None else f"{value:+.2f} mm"


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


class ModelsScreen(Screen[None]):
    """Installed versions and the shadow versions' agreement with the live ones."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "reload", "Reload"),
        Binding("q", "app.quit", "Quit"),
    ]

    class Loaded(Message):
        def __init__(self, models: list[ModelVersion], summaries: list[ShadowAgreement]) -> None:
            super().__init__()
            self.models = models
            self.summaries = summaries

    class Failed(Message):
        def __init__(self, error: ApiError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, client: ApiClient) -> None:
        super().__init__()
        self.client = client

    def compose(self) -> ComposeResult:
        yield Static("Model versions", id="models-info")
        with VerticalScroll(id="models-body"):
            yield DataTable(id="versions", cursor_type="row", zebra_stripes=True)
            yield Static("Loading ...", id="agreement")
        yield Footer(compact=True, show_command_palette=False)  # every key fits at 80

    def on_mount(self) -> None:
        self.query_one("#versions", DataTable).add_columns(*VERSION_COLUMNS)
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="models")
    def load(self) -> None:
        try:
            models = self.client.model_versions().models
            summaries = [
                self.client.compare(model.name, model.live, shadow)
                for model in models
                for shadow in model.shadow
            ]
            self.post_message(self.Loaded(models, summaries))
        except ApiError as exc:
            self.post_message(self.Failed(exc))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        table = self.query_one("#versions", DataTable)
        table.clear()
        for row in version_rows(message.models):
            table.add_row(*row)
        agreement = Text()
        for summary in message.summaries:
            agreement.append_text(agreement_text(summary))
            agreement.append("\n")
        if not message.summaries:
            agreement = Text("No shadow version runs (inference.shadow_versions).", style="dim")
        self.query_one("#agreement", Static).update(agreement)

    @on(Failed)
    def show_failure(self, message: Failed) -> None:
        self.query_one("#agreement", Static).update(
            Text(f"{message.error.title}: {message.error.message}", style="bold red")
        )
