"""Self-signed certificates made by ``openssl`` for the tests of every TLS listener.

The DICOM-TLS tests and the API's HTTPS tests both need a certificate and its key, valid for
127.0.0.1, made fresh for the test (nothing secret is kept in the repository).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import require_tool

__all__ = ["self_signed"]


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """(key, certificate) PEM files ``folder/name.key`` and ``folder/name.pem``, for CN
    ``name`` and subjectAltName IP:127.0.0.1, valid two days."""
    openssl = require_tool("openssl")
    key, cert = folder / f"{name}.key", folder / f"{name}.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={name}",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return key, cert
