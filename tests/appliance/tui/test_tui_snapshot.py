"""The worklist as the technologist sees it at 80x24, compared with the stored SVG snapshot.

Update after an intended change with ``pytest --snapshot-update`` and review the diff.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from appliance.tui.app import ScanSideApp
from appliance.tui.client import ApiClient
from tests.appliance.tui.conftest import RunningApi


def test_the_worklist_at_80x24_matches_its_snapshot(
    running_api: RunningApi, snap_compare: Any
) -> None:
    clock = running_api.seeded.now
    app = ScanSideApp(
        ApiClient(running_api.url, running_api.tokens["technologist"]),
        refresh_s=0,
        clock=lambda: clock,
    )

    async def loaded(pilot: Pilot[None]) -> None:
        for _ in range(3):
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()

    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)
