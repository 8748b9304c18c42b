"""The TUI against a real running API: what the technologist sees and what the keys do."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from appliance.tui.app import ScanSideApp
from appliance.tui.client import ApiClient
from appliance.tui.slice_pixels import OUTLINE_RGB
from appliance.tui.slice_view import SliceView
from appliance.tui.study import StudyScreen
from tests.appliance.api.seed_catalogue import FAILURE
from tests.appliance.tui.conftest import RunningApi
from tests.appliance.tui.screen_text import screen_text
from tests.conftest import free_port

pytestmark = pytest.mark.anyio


def make_app(api: RunningApi, role: str = "admin") -> ScanSideApp:
    clock = api.seeded.now
    return ScanSideApp(ApiClient(api.url, api.tokens[role]), refresh_s=0, clock=lambda: clock)


def _outline_colour(style: object) -> bool:
    colours = [getattr(style, "color", None), getattr(style, "bgcolor", None)]
    return any(c is not None and tuple(c.get_truecolor()) == OUTLINE_RGB for c in colours)


async def settle(pilot: Pilot[None]) -> None:
    """Let background workers finish and their messages be handled."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(app: ScanSideApp, selector: str) -> str:
    """The text a Static shows, or a slice view's text part (its message, or its half-blocks
    and caption)."""
    widget = app.screen.query_one(selector)
    shown = widget.text if isinstance(widget, SliceView) else widget
    assert isinstance(shown, Static), selector
    return str(shown.content)


async def test_the_worklist_comes_first_in_priority_order_with_colours(
    running_api: RunningApi,
) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.query_one("#worklist-table", DataTable)
        keys = [row.key.value for row in table.ordered_rows]
        assert keys[0] == running_api.seeded.urgent_study and len(keys) == 2
        priority = table.get_cell_at((0, 0))
        assert "URGENT" in priority.plain and "red" in str(priority.style)
        raised = table.get_cell_at((1, 0)).plain  # the low study past the age cap
        assert "ROUTINE" in raised and "+age" in raised


async def test_enter_opens_the_study_with_its_findings_and_the_nodule_slice(
    running_api: RunningApi,
) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        findings = app.screen.query_one("#findings", DataTable)
        assert findings.row_count == 2
        assert [str(c) for c in findings.get_row_at(0)[:1]] == ["14.2"]
        assert findings.get_cell_at((0, 5)) == "spic." and findings.get_cell_at((0, 3)) == "RLL"
        # the third column is the confidence (the numbers first), and the screen says what it means
        assert float(findings.get_cell_at((0, 2))) > 0
        assert "probability that a finding is a real nodule" in text_of(app, "#confidence-legend")
        preview = app.screen.query_one("#preview", SliceView).text.content
        # a short label and a scale, not the finding's UID; zoomed to 2.5 diameters (35.5 mm)
        assert "\u2580" in str(preview) and "#1 14.2 mm LR" in str(preview)
        assert "z -269.0 mm" in str(preview) and "10 mm · 1.1 mm/px" in str(preview)
        assert any(_outline_colour(span.style) for span in preview.spans)
        assert "A0001^Anonymous" in text_of(app, "#study-info")
        await pilot.press("down")
        await settle(pilot)
        assert "#2 4.0 mm" in text_of(app, "#preview")
        await pilot.press("escape")
        assert not isinstance(app.screen, StudyScreen)


async def test_the_feed_shows_arrivals_and_a_failed_analysis_with_its_reason(
    running_api: RunningApi,
) -> None:
    app = make_app(running_api, "technologist")
    async with app.run_test(size=(160, 24)) as pilot:  # narrower, the reason ends in "…"
        await settle(pilot)
        await pilot.press("f")
        table = app.query_one("#feed-table", DataTable)
        states = [table.get_cell_at((r, 4)).plain for r in range(table.row_count)]
        assert states[0] == "receiving" and table.get_cell_at((0, 3)) == "41"
        analyses = [table.get_cell_at((r, 5)).plain for r in range(table.row_count)]
        assert f"failed: {FAILURE}" in analyses
        assert "Analysis failed" in text_of(app, "#banner")


async def test_the_system_screen_says_when_there_is_no_gpu(running_api: RunningApi) -> None:
    app = make_app(running_api, "technologist")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        shown = screen_text(app)
        assert "Disk" in shown and "Analysis" in shown and "CT_ROOM1" in shown
        if not app.client.system().gpu.present:
            assert "no GPU (running on CPU)" in shown


async def test_a_stopped_appliance_is_said_plainly() -> None:
    app = ScanSideApp(ApiClient(f"http://127.0.0.1:{free_port()}", "t"), refresh_s=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        banner = text_of(app, "#banner")
        assert "Appliance not running" in banner and "scanside serve" in banner
        assert app.query_one("#banner").has_class("error")


async def test_a_wrong_token_is_said_plainly(running_api: RunningApi) -> None:
    app = ScanSideApp(ApiClient(running_api.url, "wrong"), refresh_s=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Access denied: the API token is unknown or revoked" in text_of(app, "#banner")


async def test_a_technologist_opens_a_study_from_the_worklist(running_api: RunningApi) -> None:
    app = make_app(running_api, "technologist")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Access denied" not in text_of(app, "#study-info")
        assert app.screen.query_one("#findings", DataTable).row_count >= 1


async def test_the_query_box_shows_the_interpretation_and_the_results(
    running_api: RunningApi,
) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"men over 70 with a nodule in the right lower lobe", "enter")
        await settle(pilot)
        reading = text_of(app, "#interpretation")
        assert "RLL" in reading and "male" in reading and "1 result ·" in reading
        results = app.query_one("#results", DataTable)
        assert results.row_count == 1 and "Lung_Dx-A0001" in [str(c) for c in results.get_row_at(0)]


async def test_ctrl_o_asks_the_other_reading_without_retyping(running_api: RunningApi) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"patients without nodules", "enter")
        await settle(pilot)
        assert "Other reading (ctrl+o): patients who never had nodules" in text_of(
            app, "#interpretation"
        )
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.query_one("#question", Input).value == "patients who never had nodules"
        assert "never had (on any study) a nodule" in text_of(app, "#interpretation")
