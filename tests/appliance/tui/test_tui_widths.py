"""The tables use the terminal's width (issue 20's first hour): at 80 columns every column is
on screen and the free text is clipped with an ellipsis (the worklist's reason keeps 16 cells;
the study screen's findings table shortens its words beside the slice); from 120 up names,
descriptions and words are whole; at 160 and 200 the feed shows a failure's whole reason. A
resize lays the main tables out again."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, TabbedContent

from appliance.tui.app import ScanSideApp
from appliance.tui.formatting import fit_columns
from appliance.tui.study import StudyScreen
from tests.appliance.api.seed_catalogue import FAILURE
from tests.appliance.tui.conftest import RunningApi
from tests.appliance.tui.screen_text import screen_text, table_measured
from tests.appliance.tui.test_tui_app import make_app, settle

pytestmark = pytest.mark.anyio

WIDTHS = (80, 120, 160, 200)


async def _fits(app: ScanSideApp, selector: str, pilot: Pilot[None]) -> None:
    """The table's rows are no wider than the table (no horizontal scrolling), once its layout
    has caught up (a table filled while its tab was hidden is measured when shown)."""
    table = app.screen.query_one(selector, DataTable)
    for _ in range(40):
        if table_measured(table) and 0 < table.virtual_size.width <= table.size.width:
            await pilot.pause()  # and drawn at those widths
            return
        await pilot.pause(0.05)
    assert table.virtual_size.width <= table.size.width, (selector, app.size, screen_text(app))


@pytest.mark.parametrize("width", WIDTHS)
async def test_the_worklist_and_feed_fit_the_terminal(running_api: RunningApi, width: int) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await _fits(app, "#worklist-table", pilot)
        worklist = screen_text(app)
        await pilot.press("f")
        await settle(pilot)
        assert app.query_one(TabbedContent).active == "feed"
        await _fits(app, "#feed-table", pilot)
        feed = screen_text(app)
    assert "Reason" in worklist and "URGENT" in worklist and "4B" in worklist
    assert "PACS" in feed and "Lung_Dx-A0001" in feed  # the last column and a whole patient ID
    if width >= 120:
        assert "A0001^Anonymous" in worklist and "CT LOW DOSE SCREENING" in worklist
        assert "waiting; was low: no rule matched" in worklist
    else:  # the name whole, the description and reason clipped, and saying so
        assert "A0001^Anonymous" in worklist and "CT LOW DOS\u2026" in worklist
        # a rule's name whole, an aged study's reason in 16 cells: it says why it was raised
        assert "Lung-RADS 4B/4X" in worklist and "waiting; was lo\u2026" in worklist
    if width >= 160:
        assert FAILURE in feed, feed
    else:
        assert "failed: " in feed


async def test_a_resize_lays_the_tables_out_again(running_api: RunningApi) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(200, 24)) as pilot:
        await settle(pilot)
        assert "CT LOW DOSE SCREENING" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await _fits(app, "#worklist-table", pilot)
        await pilot.resize_terminal(160, 24)
        await settle(pilot)
        await _fits(app, "#worklist-table", pilot)
        assert "CT LOW DOSE SCREENING" in screen_text(app)


@pytest.mark.parametrize("width", WIDTHS)
async def test_the_study_screen_shows_every_findings_numbers(
    running_api: RunningApi, width: int
) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        await _fits(app, "#findings", pilot)  # the last column too: nothing scrolls
        text = screen_text(app)
    table_part = "\n".join(line[: width - 34] for line in text.splitlines())  # left of the slice
    for needle in ("mm", "LR", "P", "14.2", "4B", "RLL", "10 mm ·"):
        assert needle in (table_part if needle != "10 mm ·" else text), (needle, text)
    assert "0.9" in table_part  # the big nodule's probability, not scrolled off
    if width >= 120:
        assert "Attenuation" in table_part and "ground-glass" in table_part, text
        assert "spiculated" in table_part and "GG" not in table_part
    else:  # shortened, and the legend under the table says what the short words mean
        assert "Att." in table_part and "spic." in table_part and " GG " in table_part, text
        assert "GG ground-glass" in table_part


def test_short_free_text_is_whole_first_and_long_text_shares_the_rest() -> None:
    rows: list[tuple[Text | str, ...]] = [("abc", "x" * 50, "short", Text("y" * 50, "red"))]
    labels = ("A", "B", "C", "D")
    # 40 - scrollbar 2 - padding 8 - "abc" 3 = 27 cells: "short" whole, then 11 each
    (fitted,) = fit_columns(rows, labels, 40, {1: 4, 2: 4, 3: 4})
    assert fitted[:3] == ("abc", "x" * 10 + "\u2026", "short")
    assert isinstance(fitted[3], Text) and fitted[3].plain == "y" * 10 + "\u2026"
    assert fitted[3].style == "red"  # clipped, still coloured
    (wide,) = fit_columns(rows, labels, 200, {1: 4, 2: 4, 3: 4})
    assert wide == rows[0]  # room for all: nothing cut
    (narrow,) = fit_columns(rows, labels, 10, {1: 4, 2: 4, 3: 4})
    assert [len(str(c)) for c in narrow] == [3, 4, 4, 4]  # never under the least: it scrolls


async def test_query_results_clip_the_uid_so_the_other_columns_fit_at_80(
    running_api: RunningApi,
) -> None:
    app = make_app(running_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"men over 70 with a nodule in the right lower lobe", "enter")
        await settle(pilot)
        results = app.query_one("#results", DataTable)
        assert results.row_count == 1
        await _fits(app, "#results", pilot)
        text = screen_text(app)
        assert "Lung_Dx-A0001" in text and "\u2026" in text
        await pilot.press("escape", "enter")  # the row still opens its whole study UID
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.study_uid == running_api.seeded.urgent_study
