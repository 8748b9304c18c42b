"""TLS files are checked at start-up, for ``[dicom.tls]`` as for ``[http.tls]``, naming the key.

Issue 18 left ``[dicom.tls]`` checked for the files' existence only: an unreadable file, a key
that is not the certificate's, an expired certificate or a broken CA bundle let the service
start and failed each modality's handshake later. Both sections now build the listener's own
context (:func:`appliance.tls.server_context`) while the configuration is checked. The files
are made by ``openssl`` for each test; the expired one by ``openssl ca`` with 2020 dates.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from appliance.config import AppConfig, load_config
from appliance.errors import ConfigError
from appliance.tls import TlsSetupError, server_context
from tests.certificates import expired, self_signed
from tests.conftest import REPO, free_port

SECTIONS = ("dicom", "http")


def _load(section: str, **tls: Any) -> AppConfig:
    return load_config(overrides={section: {"tls": {"enabled": True, **tls}}}, environ={})


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tls")
    key, cert = self_signed(folder, "scanside")
    other_key, other_cert = self_signed(folder, "someone-else")
    old_key, old_cert = expired(folder, "old")
    junk = folder / "junk.pem"
    junk.write_text("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n")
    return {
        "key": key,
        "cert": cert,
        "other_key": other_key,
        "other_cert": other_cert,
        "old_key": old_key,
        "old_cert": old_cert,
        "junk": junk,
        "folder": folder,
    }


@pytest.mark.parametrize("section", SECTIONS)
def test_good_files_load(files: dict[str, Path], section: str) -> None:
    config = _load(section, certificate=str(files["cert"]), private_key=str(files["key"]))
    assert getattr(config, section).tls.enabled


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize(
    ("certificate", "private_key", "setting", "says"),
    [
        ("", "key", "certificate", "is required"),
        ("missing", "key", "certificate", "file not found"),
        ("cert", "folder", "private_key", "cannot read"),
        ("junk", "key", "certificate", "not a valid X.509 certificate"),
        ("key", "key", "certificate", "no PEM certificate"),
        ("cert", "other_key", "private_key", "cannot use the key"),
        ("old_cert", "old_key", "certificate", "expired on 2020-01-02 00:00 UTC"),
    ],
)
def test_a_bad_file_stops_the_start_naming_the_key(
    files: dict[str, Path],
    section: str,
    certificate: str,
    private_key: str,
    setting: str,
    says: str,
) -> None:
    def path(name: str) -> str:
        return "" if not name else str(files.get(name, files["folder"] / "missing.pem"))

    with pytest.raises(ConfigError) as stopped:
        _load(section, certificate=path(certificate), private_key=path(private_key))
    assert stopped.value.message.startswith(f"{section}.tls.{setting}: "), stopped.value.message
    assert says in stopped.value.message


def test_an_unreadable_key_is_named(files: dict[str, Path]) -> None:
    """The key readable by root only, the check run as another user (as the service runs as
    ``scanside``): ``scanside config`` stops naming the key. Root reads any file, so as root
    the command runs as ``nobody`` (``setpriv``)."""
    command = [sys.executable, "-m", "appliance", "config"]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root and setpriv is not installed")
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    folder = Path(tempfile.mkdtemp(prefix="scanside-tls-"))  # /tmp: another user can enter it
    try:
        folder.chmod(0o755)
        cert, key = folder / "scanside.pem", folder / "scanside.key"
        cert.write_bytes(files["cert"].read_bytes())
        cert.chmod(0o644)
        key.write_bytes(files["key"].read_bytes())
        key.chmod(0o600 if os.geteuid() == 0 else 0)
        env = {**os.environ, "PYTHONPATH": str(REPO), "SCANSIDE_DICOM__TLS__ENABLED": "true"}
        env["SCANSIDE_DICOM__TLS__CERTIFICATE"] = str(cert)
        env["SCANSIDE_DICOM__TLS__PRIVATE_KEY"] = str(key)
        env.pop("SCANSIDE_CONFIG", None)
        done = subprocess.run(
            [*command, "--data-dir", str(folder / "data")],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        shutil.rmtree(folder)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "dicom.tls.private_key: cannot read" in done.stderr
    assert "permission denied" in done.stderr


def test_the_dicom_ca_bundle_is_checked(files: dict[str, Path]) -> None:
    pair = {"certificate": str(files["cert"]), "private_key": str(files["key"])}
    with pytest.raises(ConfigError, match=r"^dicom\.tls\.ca_certificates: file not found"):
        _load("dicom", **pair, ca_certificates=str(files["folder"] / "none.pem"))
    with pytest.raises(ConfigError, match=r"^dicom\.tls\.ca_certificates: cannot load the CA"):
        _load("dicom", **pair, ca_certificates=str(files["junk"]))
    assert _load("dicom", **pair, ca_certificates=str(files["other_cert"])).dicom.tls.enabled


def test_every_certificate_of_the_chain_must_be_valid_now(
    files: dict[str, Path], tmp_path: Path
) -> None:
    chain = tmp_path / "chain.pem"
    chain.write_bytes(files["cert"].read_bytes() + files["old_cert"].read_bytes())
    with pytest.raises(TlsSetupError, match=r"certificate 2 of the chain .* expired") as failed:
        server_context(str(chain), str(files["key"]))
    assert failed.value.setting == "certificate"
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    with pytest.raises(TlsSetupError, match=r"not valid before .*clock"):
        server_context(str(files["cert"]), str(files["key"]), now=yesterday)


def test_serve_with_an_expired_dicom_certificate_does_not_start(files: dict[str, Path]) -> None:
    """The real start: ``scanside serve`` stops before it listens, naming the key."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "SCANSIDE_DICOM__TLS__ENABLED": "true"}
    env["SCANSIDE_DICOM__TLS__CERTIFICATE"] = str(files["old_cert"])
    env["SCANSIDE_DICOM__TLS__PRIVATE_KEY"] = str(files["old_key"])
    env["SCANSIDE_DICOM__TLS__PORT"] = str(free_port())
    env.update({"SCANSIDE_STORAGE__MIN_FREE_MB": "1", "SCANSIDE_STORAGE__WARN_FREE_MB": "1"})
    env.pop("SCANSIDE_CONFIG", None)
    data = files["folder"] / "data"
    command = [sys.executable, "-m", "appliance", "serve", "--data-dir", str(data)]
    command += ["--port", str(free_port()), "--http-port", str(free_port())]
    stopped = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert stopped.returncode == 2
    assert "dicom.tls.certificate:" in stopped.stderr and "expired" in stopped.stderr
    assert "receiving on" not in stopped.stdout
