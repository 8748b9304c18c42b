"""A real appliance API for the TUI tests: uvicorn in a thread over a seeded data directory."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import uvicorn

from appliance.api import tokens
from appliance.api.app import create_app
from appliance.config import load_config
from appliance.service import Service
from tests.appliance.api.seed_catalogue import Seeded, seed
from tests.conftest import SHARED, free_port


@dataclass
class RunningApi:
    url: str
    service: Service
    seeded: Seeded
    tokens: dict[str, str]


@pytest.fixture(scope="module")
def running_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApi]:
    with _serve(tmp_path_factory, _now()) as api:
        yield api


FIXED_NOW = datetime(2026, 12, 5, 14, 0)


@pytest.fixture(scope="module")
def fixed_time_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApi]:
    """The same catalogue seeded at a fixed time, for snapshots of screens that show the
    study's date (the TUI's clock is the seeding time, so every age reads the same)."""
    with _serve(tmp_path_factory, FIXED_NOW, fixed_clock=True) as api:
        yield api


@contextmanager
def _serve(
    tmp_path_factory: pytest.TempPathFactory, now: datetime, *, fixed_clock: bool = False
) -> Iterator[RunningApi]:
    """The API over a seeded catalogue; with ``fixed_clock`` it reads waits at ``now`` too (a
    worklist's order depends on how long each study has waited)."""
    ct_dir = SHARED / "realdata" / "lung-pet-ct-dx-A0001" / "ct"
    if not ct_dir.is_dir():
        pytest.skip(f"the real chest CT is not at {ct_dir}")
    data_dir = tmp_path_factory.mktemp("tui-data")
    port = free_port()
    config = load_config(
        None,
        overrides={"storage": {"data_dir": str(data_dir)}, "http": {"port": port}},
        environ={},
    )
    service = Service(config, clock=(lambda: now) if fixed_clock else datetime.now)
    seeded = seed(service.db, Path(service.layout.root), ct_dir, now=now)
    issued = {role: tokens.create_token(service.db, role, f"tui-{role}") for role in tokens.ROLES}
    server = uvicorn.Server(
        uvicorn.Config(create_app(service), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the API did not start")
        time.sleep(0.05)
    try:
        yield RunningApi(f"http://127.0.0.1:{port}", service, seeded, issued)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        service.close()


def _now() -> datetime:
    """Whole seconds, so the seeded times and the app's clock agree exactly."""
    return datetime.now().replace(microsecond=0)
