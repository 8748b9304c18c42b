"""The TUI's response types say what the API serves: same fields, same types, same order.

The TUI may not import the API's models (they sit beside Litestar and DuckDB), so it declares
them again in appliance/tui/responses.py. These tests are what keeps the copies honest: a field
renamed, added or retyped in the API fails here, naming the field, before it breaks a screen.
"""

from __future__ import annotations

import dataclasses
import json
import types
from datetime import date
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import httpx
import pytest

from appliance.api import preview, tracks
from appliance.api import views as api_views
from appliance.api.routes import models, query, system, worklist
from appliance.catalogue import browse
from appliance.health import views
from appliance.health.snapshot import HealthSnapshot
from appliance.monitoring import agreement
from appliance.monitoring.agreement import Agreement, SeriesAgreement
from appliance.tui import responses
from appliance.tui.client import ApiClient, UnexpectedResponse
from appliance.tui.decode import decode
from query.engine import Answer
from tests.appliance.health.test_health_views import _full_snapshot

WIRE_ONLY = {responses.SeriesAgreement}
"""Compared with real JSON below, not by field types: the API's holds its differences as a
tuple, the TUI's as the list JSON decodes to."""

PAIRS: list[tuple[type[Any], type[Any]]] = [
    (responses.FeedSeries, browse.FeedSeries),
    (responses.WorklistItem, api_views.WorklistItem),
    (responses.Worklist, worklist.Worklist),
    (responses.StudyDetail, browse.StudyDetail),
    (responses.SeriesRecord, browse.SeriesRecord),
    (responses.FindingRecord, browse.FindingRecord),
    (responses.JobSummary, browse.JobSummary),
    (responses.ReportText, browse.ReportText),
    (responses.Exam, browse.Exam),
    (responses.NoduleHistory, tracks.NoduleHistory),
    (responses.Preview, preview.Preview),
    (responses.Liveness, system.Liveness),
    (responses.QueryAnswer, query.QueryAnswer),
    (responses.ModelVersions, models.ModelVersions),
    (responses.ModelVersion, models.ModelVersion),
    (responses.EarlierVersion, models.EarlierVersion),
    (responses.ShadowAgreement, agreement.ShadowAgreement),
    (responses.DiameterDifference, agreement.DiameterDifference),
    (responses.SecondsPerSeries, agreement.SecondsPerSeries),
    (responses.CategoryChange, agreement.CategoryChange),
]


def shape(hint: Any) -> str:
    """A type written so that the TUI's and the API's copies of a dataclass read the same:
    ``list[FindingRecord] | None``, with dataclasses by name."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return " | ".join(sorted(shape(arg) for arg in get_args(hint)))
    if origin is not None:
        return f"{origin.__name__}[{', '.join(shape(arg) for arg in get_args(hint))}]"
    return "None" if hint is type(None) else str(hint.__name__)


def fields(model: type[Any]) -> list[tuple[str, str]]:
    hints = get_type_hints(model)
    return [(f.name, shape(hints[f.name])) for f in dataclasses.fields(model)]


@pytest.mark.parametrize(("tui", "api"), PAIRS, ids=[tui.__name__ for tui, _ in PAIRS])
def test_each_response_type_has_the_api_models_fields_and_types(
    tui: type[Any], api: type[Any]
) -> None:
    assert tui.__name__ == api.__name__
    assert fields(tui) == fields(api)


def test_every_response_type_is_frozen_and_compared_with_its_api_model() -> None:
    declared = {
        value
        for value in vars(responses).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    }
    assert declared == {tui for tui, _ in PAIRS} | WIRE_ONLY
    assert all(model.__dataclass_params__.frozen for model in declared)  # type: ignore[attr-defined]


def test_nested_types_are_the_tuis_own() -> None:
    """A nested field names a dataclass of responses.py, never one of the API's."""
    for model in {tui for tui, _ in PAIRS}:
        for hint in get_type_hints(model).values():
            for arg in (hint, *get_args(hint), *(a for g in get_args(hint) for a in get_args(g))):
                if dataclasses.is_dataclass(arg):
                    assert getattr(responses, arg.__name__) is arg


def test_a_cohort_answer_has_the_fields_of_the_engines_json_and_decodes_from_it() -> None:
    """The query route returns ``Answer.to_json()``, a dict: its keys are the contract."""
    engine_answer = Answer(
        question="nodules over 8 mm", as_of=date(2026, 12, 5), interpretation="findings > 8 mm",
        sql="SELECT ...", params=[8.0, date(2026, 12, 5)], unit="finding", count=1,
        rows=[{"study_uid": "1.2", "diameter_mm": 9.1}], elapsed_ms=3.2, truncated=False,
        ignored=(), query=None,  # type: ignore[arg-type]  # to_json does not read it
        warnings=("a guess",), alternatives=("nodules of 8 mm or more",), value=None,
    )  # fmt: skip
    wire = json.loads(json.dumps(engine_answer.to_json()))
    assert [f.name for f in dataclasses.fields(responses.QueryAnswer)] == list(wire)
    decoded = decode(wire, responses.QueryAnswer)
    assert decoded.rows == [{"study_uid": "1.2", "diameter_mm": 9.1}]
    assert decoded.alternatives == ["nodules of 8 mm or more"]


def keys_match(wire: object, model: type[Any], path: str = "") -> None:
    """Every object in ``wire`` has exactly the fields of its dataclass, nested ones too."""
    assert isinstance(wire, dict), path
    assert list(wire) == [f.name for f in dataclasses.fields(model)], path or model.__name__
    hints = get_type_hints(model)
    for name, value in wire.items():
        hint = hints[name]
        inner = get_args(hint)[0] if get_origin(hint) is list else hint
        if dataclasses.is_dataclass(inner):
            for i, item in enumerate(value if isinstance(value, list) else [value]):
                keys_match(item, inner, f"{path}.{name}[{i}]")  # type: ignore[arg-type]


def test_a_shadow_agreement_has_the_fields_of_the_compare_json_and_decodes_from_it() -> None:
    series = SeriesAgreement(
        series_uid="S1", study_uid="ST1", live_findings=2, shadow_findings=1, matched=1,
        diameter_differences_mm=(0.4,), live_lung_rads="2", shadow_lung_rads="4A",
        live_priority="routine", shadow_priority="high", live_s=30.0, shadow_s=31.0,
    )  # fmt: skip
    wire = json.loads(json.dumps(Agreement("lung_nodule", "1", "2", (series,)).to_json()))
    keys_match(wire, responses.ShadowAgreement)
    decoded = decode(wire, responses.ShadowAgreement)
    assert decoded.lung_rads_changed[0].shadow == "4A"
    assert decoded.per_series[0].diameter_differences_mm == [0.4]
    assert [f.name for f in dataclasses.fields(responses.SeriesAgreement)] == [
        f.name for f in dataclasses.fields(SeriesAgreement)
    ]


def test_the_system_overview_and_model_list_are_decoded_into_the_health_views_own_types(
    tmp_path: Path,
) -> None:
    """``/system`` and ``/models`` are not copied into responses.py: the TUI may import
    appliance.health, so it decodes into the API's very models and nothing can drift."""
    snapshot = _full_snapshot(tmp_path)
    wire = json.loads(json.dumps(views.system_json(snapshot), default=str))

    decoded = decode(wire, views.SystemView)

    assert decoded == views.system_view(HealthSnapshot.from_json(wire))
    assert [type(m) for m in decoded.models] == [views.InstalledModel, views.UnlistedModel]
    listed = decode({"models": wire["models"]}, views.ModelList)
    assert listed.models == decoded.models


def test_a_system_overview_without_a_field_is_an_unexpected_response_naming_it() -> None:
    wire = json.loads(json.dumps(views.system_json(HealthSnapshot.from_json({})), default=str))
    del wire["disk"]["state"]
    client = ApiClient(
        "http://old-box",
        "t",
        transport=httpx.MockTransport(lambda _: httpx.Response(200, json=wire)),
    )

    with pytest.raises(UnexpectedResponse) as caught:
        client.system()

    assert caught.value.field == "disk.state"
    assert "GET /api/v1/system: disk.state: missing" in str(caught.value)
