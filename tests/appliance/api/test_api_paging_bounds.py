"""Paging parameters past any sensible value are the client's 400, never the catalogue's text.

Issue 18, break 8: ``GET /api/v1/audit?offset=99999999999999999999`` reached DuckDB, whose
conversion error ("Type INT128 with value ... out of range for ... INT64", with the statement)
came back as a 503. Every list endpoint's paging is now bounded in validation, and a catalogue
failure never shows DuckDB's text. The attack runs with a real HTTP client against
``scanside serve``.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from appliance import runinfo
from appliance.api.errors import CATALOGUE_UNAVAILABLE
from appliance.catalogue import browse
from appliance.errors import CatalogueError
from appliance.layout import DataLayout
from tests.appliance.api.conftest import Api
from tests.appliance.ingest.serve_process import ServeProcess

HUGE = "99999999999999999999"
LISTS = ["/studies", "/series", "/findings", "/audit"]
LIMITED = [*LISTS, "/feed", "/worklist"]
INTERNAL = ("INT64", "INT128", "Conversion", "LINE 1", "SELECT", "duckdb", "DuckDB")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, str]]:
    data = tmp_path_factory.mktemp("paging") / "data"
    serve = ServeProcess(data)
    try:
        token = runinfo.admin_token(DataLayout.at(data))
        with httpx.Client(
            base_url=f"http://127.0.0.1:{serve.http_port}/api/v1",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ) as client:
            client.get("/studies").raise_for_status()  # the audit log now has rows
            yield client, serve.output()
    finally:
        assert serve.stop() == 0, serve.output()


def _clean_400(response: httpx.Response, parameter: str) -> None:
    assert response.status_code == 400, response.text
    assert parameter in response.text
    assert not any(word in response.text for word in INTERNAL), response.text


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("offset", [HUGE, "9223372036854775807", "1000000001"])
def test_a_huge_offset_is_a_plain_400(
    served: tuple[httpx.Client, str], path: str, offset: str
) -> None:
    client, _ = served
    _clean_400(client.get(path, params={"offset": offset}), "offset")


@pytest.mark.parametrize("path", LIMITED)
@pytest.mark.parametrize("limit", [HUGE, "-1", "0", "501", "1e3"])
def test_a_bad_limit_is_a_plain_400(
    served: tuple[httpx.Client, str], path: str, limit: str
) -> None:
    client, _ = served
    _clean_400(client.get(path, params={"limit": limit}), "limit")


@pytest.mark.parametrize("path", LISTS)
def test_the_largest_allowed_offset_is_an_empty_page(
    served: tuple[httpx.Client, str], path: str
) -> None:
    client, _ = served
    response = client.get(path, params={"offset": "1000000000", "limit": "500"})
    assert response.status_code == 200, response.text
    assert response.json()["items"] == []


def test_a_catalogue_failure_does_not_show_duckdb_text(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever else makes a query fail, the client reads a plain sentence."""

    def fail(*_args: object, **_kwargs: object) -> object:
        raise CatalogueError(
            "catalogue query failed: Conversion Error: Type INT128 with value 1 can't be cast"
        )

    monkeypatch.setattr(browse, "list_studies", fail)  # the catalogue's read for this route
    response = api.get("/api/v1/studies")
    assert response.status_code == 503
    assert response.json()["detail"] == CATALOGUE_UNAVAILABLE
    assert not any(word in response.text for word in INTERNAL), response.text
