"""A TUI talking to an appliance of another version says which field it could not read.

The appliance here is a stub (httpx's MockTransport) that answers like an older API: its study
detail has no ``findings`` and its worklist items no ``effective_priority``. The screens show
the client's UnexpectedResponse like any other API error, instead of failing on a missing key.
"""

from __future__ import annotations

import json

import httpx
import pytest

from appliance.health.snapshot import HealthSnapshot
from appliance.health.views import system_json
from appliance.tui.app import ScanSideApp
from appliance.tui.client import ApiClient
from appliance.tui.responses import StudyDetail
from appliance.tui.study import StudyScreen
from tests.appliance.tui.test_tui_app import settle, text_of

pytestmark = pytest.mark.anyio

OLD_ITEM = {"study_uid": "1.2.3", "patient_id": "P1", "priority": "high", "reason": "4X"}
OLD_STUDY = {
    **dict.fromkeys(StudyDetail.__dataclass_fields__),
    "study_uid": "1.2.3", "patient_id": "P1", "source": "dicom", "series": [], "jobs": [],
}  # fmt: skip
del OLD_STUDY["findings"]
SYSTEM = json.loads(json.dumps(system_json(HealthSnapshot.from_json({})), default=str))
"""An empty health snapshot: the system overview is not what differs here."""


def _older_appliance(request: httpx.Request) -> httpx.Response:
    answers: dict[str, object] = {
        "/api/v1/system": SYSTEM,
        "/api/v1/feed": [],
        "/api/v1/worklist": {"items": [OLD_ITEM], "age_cap_h": 24, "as_of": "2026-12-05T12:00"},
        "/api/v1/studies/1.2.3": OLD_STUDY,
    }
    return httpx.Response(200, json=answers[request.url.path])


def _app(open_study: str | None = None) -> ScanSideApp:
    client = ApiClient("http://old-box", "t", transport=httpx.MockTransport(_older_appliance))
    return ScanSideApp(client, refresh_s=0, open_study=open_study)


async def test_the_banner_names_the_worklist_field_an_older_appliance_lacks() -> None:
    app = _app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        banner = text_of(app, "#banner")
        assert banner.startswith(" Unexpected answer from the appliance: GET /api/v1/worklist:")
        assert "items[0].effective_priority: missing" in banner
        assert app.query_one("#banner").has_class("error")


async def test_the_study_screen_names_the_field_an_older_appliance_lacks() -> None:
    app = _app(open_study="1.2.3")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        info = text_of(app, "#study-info")
        assert "Unexpected answer from the appliance" in info
        assert "GET /api/v1/studies/1.2.3: findings: missing" in info
        assert "same version as the appliance" in info
