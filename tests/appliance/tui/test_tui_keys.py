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
from appliance.tui.history import NoduleHistoryScreen
from appliance.tui.models_screen import ModelsScreen
from appliance.tui.study import StudyScreen
from tests.appliance.tui.conftest import RunningApi
from tests.appliance.tui.samples import worklist
from tests.appliance.tui.screen_text import screen_text
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


class _Counting:
    """Counts the calls to one of the client's methods, and makes them."""

    def __init__(self, app: ScanSideApp, name: str) -> None:
        self.calls = 0
        self._real = getattr(app.client, name)
        setattr(app.client, name, self)

    def __call__(self, *args: object, **kwargs: object) -> object:
        self.calls += 1
        return self._real(*args, **kwargs)


async def test_r_and_m_on_the_main_screen_and_every_key_of_the_models_screen(
    running_api: RunningApi,
) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert {"w", "f", "s", "slash", "m", "r", "q"} <= footer_keys(app)
        system = _Counting(app, "system")
        await pilot.press("r")
        await settle(pilot)
        assert system.calls == 1  # r asked the appliance again
        versions = _Counting(app, "model_versions")
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ModelsScreen) and versions.calls == 1
        keys = footer_keys(app)
        assert {"escape", "r", "q", "w", "f", "s", "slash"} <= keys
        assert "m" not in keys  # already here: m does not stack a second one
        await pilot.press("m")
        await settle(pilot)
        assert len(app.screen_stack) == 2
        await pilot.press("r")
        await settle(pilot)
        assert versions.calls == 2
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ModelsScreen) and len(app.screen_stack) == 1
        await pilot.press("m", "s")  # a tab key leaves the models screen for that tab
        await settle(pilot)
        assert len(app.screen_stack) == 1 and app.query_one(TabbedContent).active == "system"
        await pilot.press("m", "q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


@pytest.mark.parametrize("key", ["w", "escape"])
async def test_the_history_screen_leaves_by_esc_and_by_a_tab_key(
    running_api: RunningApi, key: str
) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _open_study(app, pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, NoduleHistoryScreen)
        assert {"escape", "r", "q", "w", "f", "s", "slash", "m"} <= footer_keys(app)
        await pilot.press(key)
        await settle(pilot)
        if key == "escape":
            assert isinstance(app.screen, StudyScreen)
        else:
            assert len(app.screen_stack) == 1
            assert app.query_one(TabbedContent).active == "worklist"


@pytest.mark.parametrize("width", [80, 120])
async def test_every_key_of_a_pushed_screen_is_in_its_footer(
    running_api: RunningApi, width: int
) -> None:
    """The footer is one line: at 80 columns the pushed screens' keys all fit on it."""
    app = make_app(running_api)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await _open_study(app, pilot)
        study_footer = screen_text(app).splitlines()[-1]
        await pilot.press("h")
        await settle(pilot)
        history_footer = screen_text(app).splitlines()[-1]
    for label in ("esc Back", "r Reload", "h History", "q Quit", "/ Query", "m Models"):
        assert label in study_footer, study_footer
    for label in ("esc Back", "r Reload", "q Quit", "/ Query", "m Models"):
        assert label in history_footer, history_footer
