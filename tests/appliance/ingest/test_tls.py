"""DICOM over TLS on its own port, with a certificate made for the test by ``openssl``."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.appliance.ingest.conftest import Running, make_config, storescu, write_series
from tests.certificates import self_signed
from tests.conftest import free_port

pytestmark = pytest.mark.peers


def test_storescu_over_tls_with_client_certificates(tmp_path: Path) -> None:
    server_key, server_cert = self_signed(tmp_path, "scanside")
    client_key, client_cert = self_signed(tmp_path, "modality")
    tls_port = free_port()
    config = make_config(
        tmp_path / "data",
        dicom={
            "tls": {
                "enabled": True,
                "port": tls_port,
                "certificate": str(server_cert),
                "private_key": str(server_key),
                "ca_certificates": str(client_cert),
            }
        },
    )
    running = Running(config)
    try:
        write_series(tmp_path / "in", 3)
        tls = ("+tls", str(client_key), str(client_cert), "+cf", str(server_cert))
        sent = storescu(tls_port, tmp_path / "in", extra=tls)
        assert sent.returncode == 0, sent.stderr
        assert running.rows("SELECT instance_count FROM series")[0]["instance_count"] == 3
        _, other_cert = self_signed(tmp_path, "stranger")
        stranger = (
            "+tls",
            str(tmp_path / "stranger.key"),
            str(other_cert),
            "+cf",
            str(server_cert),
        )
        refused = storescu(tls_port, tmp_path / "in", extra=stranger)
        assert refused.returncode != 0
        plain_on_tls = storescu(tls_port, tmp_path / "in")
        assert plain_on_tls.returncode != 0
        with socket.create_connection(("127.0.0.1", tls_port)):  # connects, never says a word
            assert storescu(tls_port, tmp_path / "in", extra=tls).returncode == 0
        assert (
            storescu(running.port, tmp_path / "in").returncode == 0
        )  # the plain port still serves
        assert running.parts.scp.status()["ports"] == {"dicom": running.port, "dicom_tls": tls_port}
    finally:
        running.close()


def _tls_config(tmp_path: Path, **dicom: object) -> tuple[Running, int, tuple[str, ...]]:
    server_key, server_cert = self_signed(tmp_path, "scanside")
    client_key, client_cert = self_signed(tmp_path, "modality")
    tls_port = free_port()
    tls = {
        "enabled": True,
        "port": tls_port,
        "certificate": str(server_cert),
        "private_key": str(server_key),
        "ca_certificates": str(client_cert),
    }
    running = Running(make_config(tmp_path / "data", dicom={"tls": tls, **dicom}))
    return running, tls_port, ("+tls", str(client_key), str(client_cert), "+cf", str(server_cert))


def test_a_peer_listed_tls_only_is_refused_in_plain_text(tmp_path: Path) -> None:
    """Issue 18, break 7: client certificates on the TLS port were walked around by sending
    the same images to the plain port."""
    peers = [
        {"ae_title": "CT_ROOM1", "address": "127.0.0.1", "tls_only": True},
        {"ae_title": "CT_ROOM2", "address": "127.0.0.1"},
    ]
    running, tls_port, tls = _tls_config(tmp_path, peers=peers)
    try:
        write_series(tmp_path / "in", 2)
        plain = storescu(running.port, tmp_path / "in", aet="CT_ROOM1")
        assert plain.returncode != 0
        assert "Calling AE Title Not Recognized" in plain.stderr
        assert storescu(tls_port, tmp_path / "in", aet="CT_ROOM1", extra=tls).returncode == 0
        assert storescu(running.port, tmp_path / "in", aet="CT_ROOM2").returncode == 0
    finally:
        running.close()


def test_the_plain_listener_can_be_turned_off(tmp_path: Path) -> None:
    plain_port = free_port()
    running, tls_port, tls = _tls_config(tmp_path, plain_enabled=False, port=plain_port)
    try:
        assert running.parts.scp.status()["ports"] == {"dicom_tls": tls_port}
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", plain_port), timeout=5).close()
        write_series(tmp_path / "in", 1)
        assert storescu(tls_port, tmp_path / "in", extra=tls).returncode == 0
    finally:
        running.close()
