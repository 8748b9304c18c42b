"""Fixtures for the API tests: a Service over a seeded temporary data directory, the app, and
one token per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from litestar.testing import TestClient

from appliance.api import tokens
from appliance.api.app import create_app
from appliance.config import load_config
from appliance.service import Service
from tests.appliance.api.seed_catalogue import Seeded, seed
from tests.conftest import SHARED


@dataclass
class Api:
    client: TestClient  # type: ignore[type-arg]
    service: Service
    seeded: Seeded
    tokens: dict[str, str]

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def get(self, path: str, role: str = "admin", **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.get(path, headers=self.headers(role), **kwargs)

    def post(self, path: str, role: str = "admin", **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.post(path, headers=self.headers(role), **kwargs)


def make_service(data_dir: Path, **storage: object) -> Service:
    config = load_config(
        None, overrides={"storage": {"data_dir": str(data_dir), **storage}}, environ={}
    )
    return Service(config)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, ct_dir: Path) -> Iterator[Api]:
    data_dir = tmp_path_factory.mktemp("data")
    service = make_service(data_dir)
    seeded = seed(service.db, service.layout.root, ct_dir)
    issued = {role: tokens.create_token(service.db, role, f"test-{role}") for role in tokens.ROLES}
    try:
        with TestClient(create_app(service)) as client:
            yield Api(client, service, seeded, issued)
    finally:
        service.close()


@pytest.fixture(scope="module")
def ct_dir() -> Path:
    path = SHARED / "realdata" / "lung-pet-ct-dx-A0001" / "ct"
    if not path.is_dir():
        pytest.skip(f"the real chest CT is not at {path}")
    return path
