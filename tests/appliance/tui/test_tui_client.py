"""Where the TUI finds its token and URL, and how API failures reach it as typed errors."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from appliance.api.tokens import write_token_file
from appliance.layout import DataLayout
from appliance.tui.client import (
    AccessDenied,
    ApiClient,
    ApplianceUnreachable,
    RequestFailed,
    UnexpectedResponse,
    resolve_token,
    resolve_url,
)
from tests.appliance.tui.conftest import RunningApi
from tests.conftest import free_port


def test_the_token_comes_from_the_flag_then_the_environment_then_the_local_file(
    tmp_path: Path,
) -> None:
    layout = DataLayout.at(tmp_path).create()
    assert resolve_token(None, {}, layout) is None
    write_token_file(layout.run / "local-admin.token", "from-file")
    assert resolve_token(None, {}, layout) == "from-file"
    assert resolve_token(None, {"SCANSIDE_TOKEN": "from-env"}, layout) == "from-env"
    assert resolve_token("from-flag", {"SCANSIDE_TOKEN": "from-env"}, layout) == "from-flag"


def test_the_url_comes_from_the_flag_then_the_running_appliance_then_the_default() -> None:
    assert resolve_url(None, None, "http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    assert resolve_url(None, "http://127.0.0.1:9090", "x") == "http://127.0.0.1:9090"
    assert resolve_url("http://box:1/", "http://127.0.0.1:9090", "x") == "http://box:1"


def test_nothing_listening_is_appliance_unreachable() -> None:
    client = ApiClient(f"http://127.0.0.1:{free_port()}", "t", timeout_s=2)
    with pytest.raises(ApplianceUnreachable, match="scanside serve"):
        client.health()


def test_refusals_are_access_denied_with_the_apis_reason(running_api: RunningApi) -> None:
    technologist = ApiClient(running_api.url, running_api.tokens["technologist"])
    with pytest.raises(AccessDenied, match="clinician role") as caught:
        technologist.query("nodules over 8 mm")  # cohort questions are clinical
    assert caught.value.status_code == 403
    with pytest.raises(AccessDenied, match="unknown or revoked") as caught:
        ApiClient(running_api.url, "wrong").worklist()
    assert caught.value.status_code == 401


def test_other_errors_carry_the_status_and_detail(running_api: RunningApi) -> None:
    client = ApiClient(running_api.url, running_api.tokens["clinician"])
    with pytest.raises(RequestFailed, match="no finding 'F-404'") as caught:
        client.preview("F-404")
    assert caught.value.status_code == 404


def test_every_typed_call_reads_the_real_apis_answer(running_api: RunningApi) -> None:
    client = ApiClient(running_api.url, running_api.tokens["technologist"])
    seeded = running_api.seeded
    study = client.study(seeded.urgent_study)
    assert study.study_uid == seeded.urgent_study
    assert seeded.big_finding in {f.finding_id for f in study.findings}
    assert any(item.study_uid == seeded.urgent_study for item in client.worklist().items)
    assert seeded.real_series in {s.series_uid for s in client.feed()}
    preview = client.preview(seeded.big_finding, size=16)
    assert (len(preview.pixels), len(preview.outline[0])) == (16, 16)
    history = client.history(seeded.big_finding)
    assert seeded.big_finding in {e.finding_id for e in history.exams}


def test_an_appliance_of_another_version_is_named_with_the_field_it_lacks() -> None:
    """An answer without a field the TUI reads is refused at the client, naming the field, not
    a KeyError in a screen."""
    old = {"items": [{"study_uid": "1.2.3", "priority": "high"}], "age_cap_h": 24,
           "as_of": "2026-12-05T12:00:00"}  # fmt: skip
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=old))
    client = ApiClient("http://box", "t", transport=transport)
    with pytest.raises(UnexpectedResponse, match="same version") as caught:
        client.worklist()
    assert caught.value.field == "items[0].patient_id"
    assert caught.value.message.startswith(
        "GET /api/v1/worklist: items[0].patient_id: missing (the API sent no 'patient_id' in "
        "WorklistItem)"
    )
    assert caught.value.title == "Unexpected answer from the appliance"


def test_an_answer_that_is_not_json_is_unexpected_not_a_crash() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>router</html>"))
    client = ApiClient("http://box", "t", transport=transport)
    with pytest.raises(UnexpectedResponse, match=r"not JSON.*is http://box a ScanSide appliance"):
        client.study("1.2.3")
