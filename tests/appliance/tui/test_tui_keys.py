"""Every key the footer offers acts, on every screen (issue 20's first hour, driven by a pilot).

The study screen's w/f/s// leave it for that tab of the main screen; in the query box letters
are text, the footer says so by offering only Esc, and Esc leaves the box for its results, where
Enter opens the study a row names.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import DataTable, Input, TabbedContent

from appliance.health.snapshot import HealthSnapshot
from appliance.tui.app import ScanSideApp, _banner
from appliance.tui.formatting import plural
from appliance.tui.study import StudyScreen
from tests.appliance.tui.conftest import RunningApi
from tests.appliance.tui.samples import worklist
from tests.appliance.tui.test_tui_app import make_app, settle, text_of

pytestmark = pytest.mark.anyio


def footer_keys(app: ScanSideApp) -> set[str]:
    """The keys the footer shows now (bindings that are shown and not hidden by check_action)."""
    return {key for key, active in app.screen.active_bindings.items() if active.binding.show}


async def _open_study(app: ScanSideApp, pilot: object) -> None:
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, StudyScreen)


@pytest.mark.parametrize(
    ("key", "tab", "focused"),
    [
        ("w", "worklist", "worklist-table"),
        ("f", "feed", "feed-table"),
        ("s", "system", None),  # a text view: nothing to focus
        ("slash", "query", "question"),
    ],
)
async def test_tab_keys_on_the_study_screen_go_to_that_tab(
    running_api: RunningApi, key: str, tab: str, focused: str | None
) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _open_study(app, pilot)
        assert {"w", "f", "s", "slash", "escape", "r", "q"} <= footer_keys(app)
        await pilot.press(key)
        await settle(pilot)
        assert not isinstance(app.screen, StudyScreen)
        assert app.query_one(TabbedContent).active == tab
        assert (app.focused.id if app.focused else None) == focused


async def test_reload_and_back_on_the_study_screen(running_api: RunningApi) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _open_study(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.query_one("#findings", DataTable).row_count >= 1
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, StudyScreen)


async def test_q_quits_from_the_study_screen(running_api: RunningApi) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _open_study(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_in_the_query_box_letters_type_and_the_footer_offers_esc(
    running_api: RunningApi,
) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q", "w")
        box = app.query_one("#question", Input)
        assert box.value == "qw" and app.is_running
        keys = footer_keys(app)
        assert "escape" in keys and not {"q", "w", "f", "s", "r"} & keys
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is not box
        assert "escape" not in footer_keys(app) and {"q", "w"} <= footer_keys(app)
        await pilot.press("w")
        assert app.query_one(TabbedContent).active == "worklist"


async def test_a_query_result_opens_its_study(running_api: RunningApi) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"men over 70 with a nodule in the right lower lobe", "enter")
        await settle(pilot)
        assert "Enter on a row opens its study" in text_of(app, "#interpretation")
        await pilot.press("escape")
        assert app.focused is app.query_one("#results", DataTable)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.study_uid == running_api.seeded.urgent_study
        assert "Loading" not in text_of(app, "#study-info")


def test_the_banner_counts_studies_in_good_english() -> None:
    now = datetime(2026, 12, 5, 14, 0)
    health = HealthSnapshot.from_json({"alerts": []})
    one = _banner(health, worklist("1.2"), now).plain
    assert "OK · 1 study on the worklist · no images received yet" in one


def test_plural() -> None:
    assert [plural(n, "study", "studies") for n in (0, 1, 2)] == [
        "0 studies",
        "1 study",
        "2 studies",
    ]
    assert plural(1, "result") == "1 result" and plural(3, "result") == "3 results"
