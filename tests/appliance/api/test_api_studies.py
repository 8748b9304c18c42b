"""Studies, series and findings: filters, paging, a study's detail, the feed and slice previews."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.appliance.api.conftest import Api
from tests.appliance.api.seed_catalogue import FAILURE, SLICES


def test_studies_page_through_everything_with_a_total(api: Api) -> None:
    first = api.get("/api/v1/studies?limit=2").json()
    second = api.get("/api/v1/studies?limit=2&offset=2").json()
    assert first["total"] == second["total"] == api.seeded.studies
    assert len(first["items"]) == 2 and second["offset"] == 2
    uids = [s["study_uid"] for s in first["items"] + second["items"]]
    assert len(set(uids)) == 4


def test_studies_filter_by_priority_and_category(api: Api) -> None:
    urgent = api.get("/api/v1/studies?priority=urgent").json()
    assert [s["study_uid"] for s in urgent["items"]] == [api.seeded.urgent_study]
    imported = api.get("/api/v1/studies?source=import&lung_rads=3").json()
    assert imported["total"] == 1 and imported["items"][0]["patient_id"] == "C-9"


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=501", "offset=-1", "priority=asap", "lung_rads=5", "date_from=yesterday"],
)
def test_bad_study_filters_are_400_naming_the_parameter(api: Api, query: str) -> None:
    response = api.get(f"/api/v1/studies?{query}")
    assert response.status_code == 400
    assert query.split("=", maxsplit=1)[0] in response.text


def test_a_study_comes_with_its_series_findings_measurements_and_jobs(api: Api) -> None:
    study = api.get(f"/api/v1/studies/{api.seeded.urgent_study}").json()
    assert study["patient_name"] == "A0001^Anonymous" and study["lung_rads"] == "4B"
    assert [s["series_uid"] for s in study["series"]] == [api.seeded.real_series]
    big = study["findings"][0]
    assert big["finding_id"] == "F-1" and big["diameter_mm"] == 14.2
    assert big["margin"] == "spiculated" and big["attenuation"] == "solid" and big["lobe"] == "RLL"
    assert study["jobs"][0]["state"] == "done"


def test_an_unknown_study_is_404(api: Api) -> None:
    response = api.get("/api/v1/studies/1.2.3.4")
    assert response.status_code == 404 and "1.2.3.4" in response.json()["detail"]


def test_series_filter_by_state(api: Api) -> None:
    receiving = api.get("/api/v1/series?state=receiving").json()
    assert receiving["total"] == 1 and receiving["items"][0]["instance_count"] == 41
    assert api.get("/api/v1/series?state=lost").status_code == 400


def test_findings_filter_by_size_and_study(api: Api) -> None:
    large = api.get("/api/v1/findings?min_diameter_mm=8").json()
    assert [f["finding_id"] for f in large["items"]] == ["F-1"]
    both = api.get(f"/api/v1/findings?study_uid={api.seeded.urgent_study}").json()
    assert both["total"] == 2
    assert api.get("/api/v1/findings?lobe=XYZ").status_code == 400


def test_findings_of_one_track_with_their_comparison(api: Api) -> None:
    track = api.get("/api/v1/findings?track_id=T-API-1").json()
    assert [(f["finding_id"], f["follow_up"], f["growth_mm"]) for f in track["items"]] == [
        ("F-1", "growing", 2.1)
    ]
    assert api.get("/api/v1/findings?track_id=none").json()["total"] == 0


def test_the_feed_shows_arrival_analysis_and_failure_reasons(api: Api) -> None:
    feed = api.get("/api/v1/feed", "technologist").json()
    assert feed[0]["state"] == "receiving" and feed[0]["instance_count"] == 41
    failed = [s for s in feed if s["analysis_state"] == "failed"]
    assert failed and failed[0]["analysis_error"] == FAILURE
    done = [s for s in feed if s["series_uid"] == api.seeded.real_series]
    assert done[0]["analysis_state"] == "done"


def test_a_preview_is_the_windowed_slice_through_the_finding_with_its_outline(api: Api) -> None:
    response = api.get(f"/api/v1/findings/{api.seeded.big_finding}/preview?size=32")
    assert response.status_code == 200, response.text
    preview = response.json()
    pixels, outline = preview["pixels"], preview["outline"]
    assert len(pixels) == len(outline) == 32 and all(len(r) == 32 for r in pixels)
    assert min(map(min, pixels)) >= 0 and max(map(max, pixels)) <= 255
    assert max(map(max, pixels)) > min(map(min, pixels))  # a real image, not a flat square
    assert outline[16][16] == 1 and outline[0][0] == 0
    assert preview["slice_position_mm"] == -269.0  # slice 30 holds the centre's z


def test_a_preview_shows_the_width_asked_for(api: Api) -> None:
    """The TUI asks for 2.5 diameters; by default six diameters (at least 80 mm) are shown."""
    path = f"/api/v1/findings/{api.seeded.big_finding}/preview?size=32"
    default, close = api.get(path).json(), api.get(f"{path}&field_mm=35.5").json()
    assert close["pixel_mm"] < default["pixel_mm"] / 2
    assert abs(close["pixel_mm"] * 32 - 35.5) < 1.0
    inside = sum(map(sum, close["outline"])), sum(map(sum, default["outline"]))
    assert inside[0] > 4 * inside[1]  # the nodule covers over four times the cells
    assert api.get(f"{path}&field_mm=5").status_code == 400


def test_a_preview_of_an_unknown_finding_is_404_and_bad_sizes_400(api: Api) -> None:
    assert api.get("/api/v1/findings/F-404/preview").status_code == 404
    assert api.get("/api/v1/findings/F-1/preview?size=4").status_code == 400
    assert api.get("/api/v1/findings/F-1/preview?window=bone").status_code == 422


def test_a_preview_never_reads_outside_the_data_directory(api: Api, tmp_path: Path) -> None:
    outside = tmp_path / "secret.dcm"
    outside.write_bytes(b"not for the API")
    db = api.service.db
    db.execute(
        "INSERT INTO findings (finding_id, study_uid, series_uid, kind, diameter_mm, center_mm) "
        "VALUES ('F-evil', 'x', 'evil-series', 'nodule', 5, [0.0, 0.0, 0.0])"
    )
    db.execute(
        "INSERT INTO instances (sop_instance_uid, series_uid, study_uid, sop_class_uid, "
        "image_position_mm, image_orientation, path, sha256, size_bytes) VALUES "
        "('9.9', 'evil-series', 'x', '1.2', [0.0, 0.0, 0.0], [1.0, 0, 0, 0, 1.0, 0], ?, '', 0)",
        [f"../../../../../../..{outside}"],
    )
    response = api.get("/api/v1/findings/F-evil/preview")
    assert response.status_code == 422
    assert "outside the data directory" in response.json()["detail"]


def test_the_real_slices_are_in_the_fixture(api: Api) -> None:
    rows = api.service.db.execute(
        "SELECT count(*) FROM instances WHERE series_uid = ?", [api.seeded.real_series]
    )
    assert rows[0][0] == len(SLICES)


def test_the_feed_names_files_relative_to_the_data_directory(api: Api) -> None:
    """Issue 18, break 8: the feed showed where the store lives on the box."""
    db, root = api.service.db, api.service.layout.root
    study, series = "1.2.826.0.1.3680043.8.498.18", "1.2.826.0.1.3680043.8.498.18.1"
    error = f"cannot read {root}/store/ab/abcd.dcm: truncated"
    db.execute(
        "INSERT INTO studies (study_uid, patient_id, modality) VALUES (?, 'P-2', 'CT')", [study]
    )
    db.execute(
        "INSERT INTO series (series_uid, study_uid, modality, instance_count, state, "
        "last_received_at) VALUES (?, ?, 'CT', 1, 'complete', now())",
        [series, study],
    )
    db.execute(
        "INSERT INTO jobs (kind, study_uid, series_uid, state, attempts, error) "
        "VALUES ('analyse_series', ?, ?, 'failed', 1, ?)",
        [study, series, error],
    )
    try:
        feed = api.get("/api/v1/feed", "technologist").json()
        shown = next(s for s in feed if s["series_uid"] == series)["analysis_error"]
        assert shown == "cannot read store/ab/abcd.dcm: truncated"
        assert str(root) not in str(feed)
    finally:
        db.execute("DELETE FROM jobs WHERE series_uid = ?", [series])
        db.execute("DELETE FROM series WHERE series_uid = ?", [series])
        db.execute("DELETE FROM studies WHERE study_uid = ?", [study])
