"""The main screens as the technologist sees them at 80x24, compared with stored SVG snapshots.

The worklist, and the study screen with the most suspicious nodule's slice (seeded at a fixed
time: its header shows the study's date). The nodule history screen (``h``) and the models
screen (``m``) have theirs beside their own fixtures, in ``test_tui_history`` and
``test_tui_models``. Update after an intended change with ``pytest --snapshot-update`` and
review the diff.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from appliance.tui.app import ScanSideApp
from appliance.tui.client import ApiClient
from appliance.tui.study import StudyScreen
from tests.appliance.tui.conftest import RunningApi


def _app(api: RunningApi) -> ScanSideApp:
    clock = api.seeded.now
    return ScanSideApp(
        ApiClient(api.url, api.tokens["technologist"]), refresh_s=0, clock=lambda: clock
    )


async def loaded(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_the_worklist_at_80x24_matches_its_snapshot(
    running_api: RunningApi, snap_compare: Any
) -> None:
    assert snap_compare(_app(running_api), terminal_size=(80, 24), run_before=loaded)


def test_the_study_screen_at_80x24_matches_its_snapshot(
    fixed_time_api: RunningApi, snap_compare: Any
) -> None:
    async def study_open(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press("enter")
        await loaded(pilot)
        assert isinstance(pilot.app.screen, StudyScreen)

    assert snap_compare(_app(fixed_time_api), terminal_size=(80, 24), run_before=study_open)
