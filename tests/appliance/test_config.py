"""The configuration is typed, validated at start-up, and names the key that is wrong."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from appliance.config import AppConfig, load_config
from appliance.errors import ConfigError

SHIPPED = Path(__file__).resolve().parents[2] / "firmware_config" / "scanside.toml"


def test_shipped_file_equals_the_built_in_defaults() -> None:
    from_file = load_config(SHIPPED, environ={})
    assert dataclasses.replace(from_file, source="") == dataclasses.replace(AppConfig(), source="")


def test_defaults_are_safe() -> None:
    config = load_config(environ={})
    assert config.dicom.ae_title == "SCANSIDE"
    assert config.dicom.port == 11112
    assert config.http.port == 8080
    assert config.dicom.peers == ()  # loopback only until peers are listed
    assert config.storage.data_dir == "./scanside-data"


def test_unknown_key_names_the_key_and_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[dicom]\naetitle = 'X'\n")
    with pytest.raises(ConfigError, match=r"dicom\.aetitle: unknown setting.*bad\.toml"):
        load_config(path, environ={})


def test_invalid_value_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[[dicom.peers]]\nae_title = 'CT1'\naddress = '10.0.0.300'\n")
    with pytest.raises(ConfigError, match=r"dicom\.peers\[0\]\.address"):
        load_config(path, environ={})


def test_environment_overrides_file_and_flags_override_environment(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[dicom]\nport = 104\n")
    env = {"SCANSIDE_DICOM__PORT": "11113", "SCANSIDE_STORAGE__DATA_DIR": "/srv/x"}
    config = load_config(path, environ=env)
    assert config.dicom.port == 11113
    assert config.storage.data_dir == "/srv/x"
    config = load_config(path, environ=env, overrides={"dicom": {"port": 2000}})
    assert config.dicom.port == 2000


def test_bad_environment_value_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"dicom\.port: expected an integer"):
        load_config(environ={"SCANSIDE_DICOM__PORT": "eleven"})


def test_peer_allow_list_matches_title_and_network(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[[dicom.peers]]\nae_title = 'CT1'\naddress = '10.1.2.0/24'\n")
    peer = load_config(path, environ={}).dicom.peers[0]
    assert peer.allows("CT1", "10.1.2.9")
    assert not peer.allows("CT2", "10.1.2.9")
    assert not peer.allows("CT1", "10.1.3.9")
    assert peer.allows("CT1", "::ffff:10.1.2.9")  # IPv4 on a dual-stack listener


def test_a_modality_override_keeps_its_case_and_the_other_modalities() -> None:
    config = load_config(environ={"SCANSIDE_COMPLETION__QUIET_S__CT": "7.5"})
    assert config.completion.quiet_for("CT") == 7.5
    assert config.completion.quiet_for("MR") == 30.0


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("association_request_timeout_s", 0),
        ("max_pending_connections", 0),
        ("max_pending_per_address", 0),
        ("max_unlisted_connections", -1),
        ("max_dataset_mb", 0),
        ("max_associations_per_address", 0),
        ("max_inflation_ratio", 2000),
    ],
)
def test_dicom_limits_are_checked_and_named(key: str, value: int) -> None:
    with pytest.raises(ConfigError, match=rf"dicom\.{key}:"):
        load_config(overrides={"dicom": {key: value}}, environ={})


def test_a_per_address_cap_above_the_global_cap_is_refused() -> None:
    overrides = {"dicom": {"max_pending_connections": 4, "max_pending_per_address": 8}}
    with pytest.raises(ConfigError, match=r"dicom\.max_pending_per_address"):
        load_config(overrides=overrides, environ={})


def test_turning_off_plain_dicom_needs_tls() -> None:
    with pytest.raises(ConfigError, match=r"dicom\.plain_enabled"):
        load_config(overrides={"dicom": {"plain_enabled": False}}, environ={})


def test_a_tls_only_peer_needs_tls() -> None:
    peers = [{"ae_title": "CT1", "address": "10.0.0.1", "tls_only": True}]
    with pytest.raises(ConfigError, match=r"dicom\.peers\[0\]\.tls_only"):
        load_config(overrides={"dicom": {"peers": peers}}, environ={})


def test_ris_and_ehr_destinations_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        "[hl7]\npatient_id_authority = 'HOSP'\n"
        "[[hl7.destinations]]\nname = 'ris'\nhost = '10.0.0.5'\nport = 2575\n"
        "[[fhir.destinations]]\nname = 'ehr'\nbase_url = 'https://ehr.example.org/fhir'\n"
    )
    config = load_config(path, environ={})
    assert config.hl7.destinations[0].receiving_application == "RIS"
    assert config.hl7.patient_id_authority == "HOSP"
    assert config.fhir.destinations[0].base_url == "https://ehr.example.org/fhir"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "[[hl7.destinations]]\nname = 'ris'\nhost = 'h'\nport = 0\n",
            r"hl7\.destinations\[0\]\.port",
        ),
        (
            "[[hl7.destinations]]\nname = 'ris'\nhost = 'h'\nport = 1\nfacility = 'x'\n",
            r"hl7\.destinations\[0\]\.facility: unknown setting",
        ),
        ("[hl7]\nprocessing_id = 'X'\n", r"hl7\.processing_id: must be one of"),
        ("[fhir]\nretry_max_s = 1.0\n", r"fhir\.retry_max_s: must be >= fhir\.retry_initial_s"),
        (
            "[[fhir.destinations]]\nname = 'ehr'\nbase_url = 'ehr.example.org'\n",
            r"fhir\.destinations\[0\]\.base_url: must start with http",
        ),
        (
            "[[fhir.destinations]]\nname = 'ehr'\nbase_url = 'http://e'\n"
            "token_file = '/nonexistent'\n",
            r"fhir\.destinations\[0\]\.token_file: file not found",
        ),
        (
            "[[pacs.destinations]]\nname = 'x'\nae_title = 'P'\nhost = 'h'\nport = 104\n"
            "[[fhir.destinations]]\nname = 'x'\nbase_url = 'http://e'\n",
            r"a name is used twice: x",
        ),
    ],
)
def test_a_bad_ris_or_ehr_setting_is_named(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=key):
        load_config(path, environ={})


def test_followup_settings_are_checked_at_start_up(tmp_path: Path) -> None:
    """Priors from a PACS must name a configured destination; the look-back must be sane."""
    path = tmp_path / "followup.toml"
    path.write_text("[followup]\npacs_priors = ['archive']\n")
    with pytest.raises(ConfigError, match=r"followup\.pacs_priors: names no pacs.*archive"):
        load_config(path, environ={})
    path.write_text("[followup]\nlook_back_days = 0\n")
    with pytest.raises(ConfigError, match=r"followup\.look_back_days: must be 1-36500"):
        load_config(path, environ={})
    path.write_text(
        "[[pacs.destinations]]\nname = 'archive'\nae_title = 'PACS'\nhost = 'pacs'\nport = 104\n"
        "[followup]\npacs_priors = ['archive']\nmax_distance_mm = 20.0\n"
    )
    config = load_config(path, environ={})
    assert config.followup.pacs_priors == ("archive",) and config.followup.max_distance_mm == 20.0


ARCHIVE = "[[pacs.destinations]]\nname = 'archive'\nae_title = 'PACS'\nhost = 'pacs'\nport = 104\n"


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        ("retrieve = 'fetch'\n", r"pacs\.destinations\[0\]\.retrieve: .*get.*move"),
        ("issuer_of_patient_id = '" + "X" * 65 + "'\n", r"destinations\[0\]\.issuer_of_patient_id"),
    ],
)
def test_a_pacs_retrieve_setting_is_checked_at_start_up_naming_the_key(
    tmp_path: Path, settings: str, error: str
) -> None:
    path = tmp_path / "pacs.toml"
    path.write_text(ARCHIVE + settings)
    with pytest.raises(ConfigError, match=error):
        load_config(path, environ={})


def test_a_pacs_that_moves_priors_to_us_must_be_on_the_allow_list(tmp_path: Path) -> None:
    """C-MOVE makes the PACS open an association to our listener: with dicom.peers set, a PACS
    not on it would have every prior refused, so the start stops and says so."""
    path = tmp_path / "move.toml"
    peers = "[[dicom.peers]]\nae_title = 'CT1'\naddress = '10.0.0.5'\n"
    followup = "[followup]\npacs_priors = ['archive']\n"
    path.write_text(peers + ARCHIVE + "retrieve = 'move'\n" + followup)
    with pytest.raises(
        ConfigError, match=r"pacs\.destinations\[0\]\.retrieve: 'move' .*dicom\.peers"
    ):
        load_config(path, environ={})
    listed = "[[dicom.peers]]\nae_title = 'PACS'\naddress = '10.0.0.9'\n"
    path.write_text(peers + listed + ARCHIVE + "retrieve = 'move'\n" + followup)
    config = load_config(path, environ={})
    assert config.pacs.destinations[0].retrieve == "move"
    path.write_text(ARCHIVE + "retrieve = 'move'\n" + followup)  # no peers: loopback only
    with pytest.raises(ConfigError, match=r"retrieve: .*admits only loopback until dicom\.peers"):
        load_config(path, environ={})
    local = ARCHIVE.replace("'pacs'", "'127.0.0.1'")
    path.write_text(local + "retrieve = 'move'\nissuer_of_patient_id = 'HOSP_A'\n" + followup)
    (archive,) = load_config(path, environ={}).pacs.destinations
    assert archive.issuer_of_patient_id == "HOSP_A"


def test_environment_reaches_settings_of_nested_sections() -> None:
    """SCANSIDE_DICOM__TLS__PORT names dicom.tls.port (the third level was kept upper case and
    stopped the start as an unknown setting)."""
    config = load_config(environ={"SCANSIDE_DICOM__TLS__PORT": "2763"})
    assert config.dicom.tls.port == 2763
    config = load_config(environ={"SCANSIDE_COMPLETION__QUIET_S__PT": "9"})
    assert config.completion.quiet_for("PT") == 9.0


def test_the_api_on_the_network_without_tls_is_refused_naming_the_way_out() -> None:
    with pytest.raises(ConfigError, match=r"http\.bind_address: .*allow_plain_http_on_network"):
        load_config(overrides={"http": {"bind_address": "0.0.0.0"}}, environ={})
    allowed = {"bind_address": "10.0.0.5", "allow_plain_http_on_network": True}
    assert load_config(overrides={"http": allowed}, environ={}).http.scheme == "http"


def test_api_tls_needs_its_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"http\.tls\.certificate: is required"):
        load_config(overrides={"http": {"tls": {"enabled": True}}}, environ={})
    junk = tmp_path / "junk.pem"
    junk.write_text("not PEM")
    tls = {"enabled": True, "certificate": str(junk), "private_key": str(junk)}
    with pytest.raises(ConfigError, match=r"http\.tls\.certificate: cannot load"):
        load_config(overrides={"http": {"tls": tls}}, environ={})


def test_the_inflight_budget_holds_at_least_the_largest_data_set() -> None:
    overrides = {"dicom": {"max_dataset_mb": 256, "max_inflight_mb": 128}}
    with pytest.raises(ConfigError, match=r"dicom\.max_inflight_mb"):
        load_config(overrides=overrides, environ={})


def test_unlisted_request_timeout_is_checked() -> None:
    with pytest.raises(ConfigError, match=r"dicom\.unlisted_request_timeout_s"):
        load_config(overrides={"dicom": {"unlisted_request_timeout_s": 0}}, environ={})


def test_the_tui_preview_setting_is_typed_and_a_bad_value_names_the_key() -> None:
    assert load_config(environ={}).tui.preview == "auto"
    assert load_config(environ={"SCANSIDE_TUI__PREVIEW": "text"}).tui.preview == "text"
    with pytest.raises(ConfigError, match=r"tui\.preview: must be one of .*'sixels'"):
        load_config(environ={"SCANSIDE_TUI__PREVIEW": "sixels"})
