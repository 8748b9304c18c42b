"""The API over TLS, and no plain HTTP on the network unless asked for by name.

The local tools (``scanside status``, ``scanside token``, the TUI, ``scanside export``) follow:
they read from ``run/service.json`` that the API speaks HTTPS and trust its certificate file.

Issue 18, break 7: "The API has no TLS option and binds 0.0.0.0 silently over HTTP." Each test
runs ``scanside serve`` as a real process and speaks to it with real clients (httpx and the
``ssl`` module), with a self-signed certificate made for the test.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import warnings
from pathlib import Path

import httpx
import pytest

from appliance import runinfo
from appliance.layout import DataLayout
from tests.appliance.ingest.serve_process import ServeProcess, cli
from tests.certificates import self_signed
from tests.conftest import REPO, free_port


def _tls_env(key: Path, cert: Path) -> dict[str, str]:
    return {
        "SCANSIDE_HTTP__TLS__ENABLED": "true",
        "SCANSIDE_HTTP__TLS__CERTIFICATE": str(cert),
        "SCANSIDE_HTTP__TLS__PRIVATE_KEY": str(key),
    }


def _trusting(cert: Path, **versions: ssl.TLSVersion) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(cert))
    with warnings.catch_warnings():  # TLS 1.0 and 1.1 are deprecated: that is the point
        warnings.simplefilter("ignore", DeprecationWarning)
        for name, version in versions.items():
            setattr(context, name, version)
    return context


def _connect(port: int, context: ssl.SSLContext) -> str | None:
    """The TLS version ``context`` negotiates with 127.0.0.1:``port``."""
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        return tls.version()


def _serve_fails(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``scanside serve`` with ``env``, expected to stop before it listens."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    environment.update(
        {"SCANSIDE_STORAGE__MIN_FREE_MB": "1", "SCANSIDE_STORAGE__WARN_FREE_MB": "1"}
    )
    environment.pop("SCANSIDE_CONFIG", None)
    command = [sys.executable, "-m", "appliance", "serve", "--data-dir", str(tmp_path / "d")]
    command += ["--port", str(free_port()), "--http-port", str(free_port())]
    return subprocess.run(
        command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_api_serves_tls_1_2_or_later_only(tmp_path: Path) -> None:
    key, cert = self_signed(tmp_path, "scanside-api")
    data = tmp_path / "data"
    serve = ServeProcess(data, env=_tls_env(key, cert), verify=_trusting(cert))
    try:
        token = runinfo.admin_token(DataLayout.at(data))
        auth = {"Authorization": f"Bearer {token}"}
        response = httpx.get(
            f"{serve.base_url}/api/v1/status", headers=auth, verify=_trusting(cert), timeout=10
        )
        assert response.status_code == 200, response.text
        assert serve.base_url.startswith("https://")

        # TLS 1.2 is enough; the handshake really is TLS.
        tls12 = _trusting(cert, maximum_version=ssl.TLSVersion.TLSv1_2)
        assert _connect(serve.http_port, tls12) == "TLSv1.2"

        # A client that offers at most TLS 1.1 (and would accept any cipher; this machine's
        # OpenSSL negotiates TLS 1.1 with it against a server that allows it) is refused.
        old = _trusting(
            cert, minimum_version=ssl.TLSVersion.TLSv1, maximum_version=ssl.TLSVersion.TLSv1_1
        )
        old.set_ciphers("ALL:@SECLEVEL=0")
        with pytest.raises(ssl.SSLError):
            _connect(serve.http_port, old)

        # The local tools find the API over HTTPS and trust its certificate.
        status = cli("status", "--json", data_dir=data)
        assert status.returncode == 0, status.stderr
        assert json.loads(status.stdout)["running"] is True
        listed = cli("token", "list", data_dir=data)
        assert listed.returncode == 0, listed.stderr

        # Plain HTTP on the TLS port gets no API answer.
        try:
            plain = httpx.get(f"http://127.0.0.1:{serve.http_port}/api/v1/health", timeout=10)
        except httpx.HTTPError:
            pass  # the handshake failed and the connection closed
        else:
            assert plain.status_code != 200, "the API answered in plain HTTP"
    finally:
        assert serve.stop() == 0, serve.output()


def test_a_network_bind_without_tls_stops_the_start(tmp_path: Path) -> None:
    stopped = _serve_fails(tmp_path, {"SCANSIDE_HTTP__BIND_ADDRESS": "0.0.0.0"})
    assert stopped.returncode != 0
    out = stopped.stdout + stopped.stderr
    assert "http.bind_address" in out
    assert "http.tls.enabled" in out
    assert "http.allow_plain_http_on_network" in out
    assert "receiving on" not in out


def test_a_certificate_that_does_not_load_stops_the_start_naming_the_key(tmp_path: Path) -> None:
    key, cert = self_signed(tmp_path, "scanside-api")
    _, other_cert = self_signed(tmp_path, "someone-else")
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nnot a certificate\n")
    cases = ((broken, key, "http.tls.certificate"), (other_cert, key, "http.tls.private_key"))
    for certificate, private_key, setting in cases:
        stopped = _serve_fails(tmp_path, _tls_env(private_key, certificate))
        assert stopped.returncode != 0
        out = stopped.stdout + stopped.stderr
        assert setting in out, out
        assert "receiving on" not in out
    missing = _serve_fails(tmp_path, _tls_env(tmp_path / "no.key", cert))
    assert "http.tls.private_key" in missing.stdout + missing.stderr
