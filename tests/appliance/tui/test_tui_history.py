"""A nodule's history in the TUI, over a real catalogue holding a real follow-up pair.

``scanside simulate --follow-up`` renders a patient and the same patient a year later (one
nodule grown from 4.3 to 6.3 mm, two stable, the patient moved); ``scanside import`` stores and
catalogues both series as a C-STORE would; each is analysed by the pipeline (the oracle model of
the pipeline tests says only where the true nodules are; sizes are measured from the images),
compared with its prior and recorded, as the dispatcher does. The pilot then opens the
follow-up study, moves to the grown nodule and presses ``h``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from textual.pilot import Pilot
from textual.widgets import DataTable

from appliance.api import tokens
from appliance.api.app import create_app
from appliance.catalogue.findings import record_analysis
from appliance.cli import main
from appliance.config import load_config
from appliance.inference.pipeline import analyse_series
from appliance.inference.priors import compare_with_priors
from appliance.service import Service
from appliance.simulate import SimulatedStudy
from appliance.simulate.dicom_writer import series_uids
from appliance.simulate.followup import simulate_follow_up
from appliance.tui.app import ScanSideApp
from appliance.tui.client import ApiClient
from appliance.tui.halfblock import UPPER_HALF
from appliance.tui.history import NoduleHistoryScreen
from appliance.tui.study import StudyScreen
from tests.appliance.inference.test_pipeline import OracleModel
from tests.appliance.tui.conftest import RunningApi
from tests.appliance.tui.screen_text import screen_text
from tests.appliance.tui.test_tui_app import make_app, settle, text_of
from tests.conftest import free_port

pytestmark = pytest.mark.anyio

SEED = 930010
RENDER = ("--slices", "60", "--rows", "256", "--nodules", "3", "--thickness", "1.25")


class FollowUpApi:
    def __init__(self, url: str, token: str, follow_study: str, grown: dict[str, object]) -> None:
        self.url = url
        self.token = token
        self.follow_study = follow_study
        self.grown = grown
        """The grown nodule's finding on the follow-up, as the catalogue holds it."""


def _analyse_into(service: Service, simulated: SimulatedStudy) -> str:
    study_uid = series_uids(simulated.seed, simulated.visit).study
    files = [
        str(service.layout.root / r[0])
        for r in service.db.execute(
            "SELECT path FROM instances WHERE study_uid = ? ORDER BY instance_number", [study_uid]
        )
    ]
    assert len(files) == 60, "scanside import stored every slice"
    analysis = analyse_series(files, OracleModel(simulated))
    compared = compare_with_priors(service.db, analysis, service.config.followup)
    record_analysis(service.db, compared, service.config.triage)
    return study_uid


@pytest.fixture(scope="module")
def follow_up_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FollowUpApi]:
    root = tmp_path_factory.mktemp("tui-follow-up")
    data, sim = root / "data", root / "sim"
    assert main(["simulate", "--out", str(sim), "--seed", str(SEED), "--follow-up", *RENDER]) == 0
    for written in sim.rglob("*.json"):  # truth.json, follow_up.json: not DICOM, not imported
        written.unlink()
    assert main(["import", str(sim), "--data-dir", str(data)]) == 0
    # The same studies again in memory, for the oracle (the simulator is deterministic).
    prior, follow, truth = simulate_follow_up(
        SEED, interval_days=365, slices=60, rows=256, nodules=3, slice_thickness_mm=1.25,
        suspicious=False,
    )  # fmt: skip
    assert truth.fates == ("stable", "stable", "grown")
    port = free_port()
    config = load_config(
        None, overrides={"storage": {"data_dir": str(data)}, "http": {"port": port}}, environ={}
    )
    service = Service(config)
    _analyse_into(service, prior)
    follow_study = _analyse_into(service, follow)
    (grown,) = service.db.query_dicts(
        "SELECT * FROM findings WHERE study_uid = ? AND follow_up = 'growing'", [follow_study]
    )
    token = tokens.create_token(service.db, "technologist", "tui-history")
    server = uvicorn.Server(
        uvicorn.Config(create_app(service), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the API did not start"
        time.sleep(0.05)
    try:
        yield FollowUpApi(f"http://127.0.0.1:{port}", token, follow_study, grown)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        service.close()


def _app(api: FollowUpApi) -> ScanSideApp:
    return ScanSideApp(ApiClient(api.url, api.token), refresh_s=0, open_study=api.follow_study)


async def _to_grown_nodule(app: ScanSideApp, pilot: object, api: FollowUpApi) -> None:
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, StudyScreen)
    table = app.screen.query_one("#findings", DataTable)
    keys = [str(row.key.value) for row in table.ordered_rows]
    assert len(keys) == 3
    for _ in range(keys.index(str(api.grown["finding_id"]))):
        await pilot.press("down")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_the_study_screen_says_how_the_nodule_changed_since_its_prior(
    follow_up_api: FollowUpApi,
) -> None:
    app = _app(follow_up_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_grown_nodule(app, pilot, follow_up_api)
        caption = text_of(app, "#preview")
        grown = follow_up_api.grown
        growth = f"{float(grown['growth_mm']):+.1f} mm"  # type: ignore[arg-type]
        # The caption is 32 cells wide: the interval and the VDT are on the history screen.
        prior_mm = float(grown["prior_diameter_mm"])  # type: ignore[arg-type]
        assert caption.rstrip().endswith(f"was {prior_mm:.1f} mm, {growth}: growing")
        shown = screen_text(app)
        assert f"was {prior_mm:.1f} mm, {growth}: growing" in shown  # not cut off at 80x24
        assert "h History" in shown


async def test_h_shows_the_nodules_exams_and_the_prior_slice_beside_the_current_one(
    follow_up_api: FollowUpApi,
) -> None:
    app = _app(follow_up_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_grown_nodule(app, pilot, follow_up_api)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, NoduleHistoryScreen)
        grown = follow_up_api.grown
        table = app.screen.query_one("#track", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        # Oldest first: the baseline exam, then this study (marked), grown by > 1.5 mm in a year.
        assert [r[0] for r in rows] == ["", "▶"]
        assert rows[0][1] < rows[1][1]  # ISO dates
        assert rows[0][2] == f"{float(grown['prior_diameter_mm']):.1f}"  # type: ignore[arg-type]
        assert rows[0][7] == "baseline" and rows[1][7] == "growing"
        assert rows[1][2] == f"{float(grown['diameter_mm']):.1f}"  # type: ignore[arg-type]
        assert rows[1][3] == f"{float(grown['growth_mm']):+.1f} mm"  # type: ignore[arg-type]
        assert rows[1][5] == f"{float(grown['volume_doubling_days']):.0f} d"  # type: ignore[arg-type]
        assert rows[1][6] == "4A"  # Lung-RADS v2022: a growing solid nodule < 8 mm
        # The prior's slice on the left, this study's on the right, both drawn at the same scale.
        prior_slice, current_slice = text_of(app, "#prior-slice"), text_of(app, "#current-slice")
        assert prior_slice.count(UPPER_HALF) == 24 * 12
        assert current_slice.count(UPPER_HALF) == 24 * 12
        prior_caption, current_caption = (
            text_of(app, "#prior-caption"),
            text_of(app, "#current-caption"),
        )
        assert prior_caption.startswith(f"Earlier {rows[0][1]}")
        assert current_caption.startswith(f"This study {rows[1][1]}")
        assert prior_caption.split("· ")[-1] == current_caption.split("· ")[-1]  # mm per pixel
        shown = screen_text(app)
        assert "Nodule history" in shown and "2 exams" in shown and "growing" in shown
        print(shown)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)


async def test_the_baseline_exam_has_no_earlier_slice(follow_up_api: FollowUpApi) -> None:
    app = _app(follow_up_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_grown_nodule(app, pilot, follow_up_api)
        await pilot.press("h")
        await settle(pilot)
        prior_id = str(follow_up_api.grown["prior_finding_id"])
        app.push_screen(NoduleHistoryScreen(app.client, prior_id, "prior"))
        await settle(pilot)
        assert "no earlier exam of this nodule" in text_of(app, "#prior-slice")
        assert text_of(app, "#current-slice").count(UPPER_HALF) == 24 * 12


@pytest.fixture(scope="module")
def with_pacs_prior(running_api: RunningApi) -> RunningApi:
    """The seeded F-1 (track T-API-1) with a prior read from a PACS SR: no images here."""
    db = running_api.service.db
    db.execute(
        "INSERT INTO studies (study_uid, patient_id, study_date, source) "
        "VALUES ('9.1', 'Lung_Dx-A0001', DATE '2025-01-10', 'pacs')"
    )
    db.execute(
        "INSERT INTO findings (finding_id, study_uid, series_uid, kind, diameter_mm, lung_rads, "
        "track_id, follow_up, source) "
        "VALUES ('PRIOR-1', '9.1', '9.1.1', 'nodule', 12.1, '4A', 'T-API-1', 'baseline', 'pacs-sr')"
    )
    return running_api


async def test_a_prior_read_from_a_pacs_sr_says_it_has_no_images(
    with_pacs_prior: RunningApi,
) -> None:
    app = make_app(with_pacs_prior, role="technologist")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the urgent study, its F-1 first
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, NoduleHistoryScreen)
        table = app.screen.query_one("#track", DataTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == [
            "2025-01-10 (SR)",
            str(with_pacs_prior.seeded.now.date()),
        ]
        assert "No images of this exam here" in text_of(app, "#prior-slice")
        assert text_of(app, "#current-slice").count(UPPER_HALF) == 24 * 12
        await pilot.press("r")  # reload: the same
        await settle(pilot)
        assert table.row_count == 2
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


def test_the_history_screen_at_80x24_matches_its_snapshot(
    follow_up_api: FollowUpApi, snap_compare: Any
) -> None:
    """The grown nodule's two exams and their slices side by side (``pytest --snapshot-update``
    after an intended change, and review the diff)."""

    async def history_open(pilot: Pilot[None]) -> None:
        await _to_grown_nodule(pilot.app, pilot, follow_up_api)  # type: ignore[arg-type]
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NoduleHistoryScreen)
        # The track's header is redrawn on idle once its rows have widened the columns.
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)

    app = _app(follow_up_api)
    assert snap_compare(app, terminal_size=(80, 24), run_before=history_open)
