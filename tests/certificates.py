"""Self-signed certificates made by ``openssl`` for the tests of every TLS listener.

The DICOM-TLS tests and the API's HTTPS tests both need a certificate and its key, valid for
127.0.0.1, made fresh for the test (nothing secret is kept in the repository).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import require_tool

__all__ = ["expired", "self_signed"]


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


def expired(folder: Path, name: str) -> tuple[Path, Path]:
    """(key, certificate) like :func:`self_signed`, but valid on 1 January 2020 only, so
    expired now (``openssl req`` refuses dates in the past; ``openssl ca`` takes them)."""
    openssl = require_tool("openssl")
    work = folder / f"{name}-ca"
    work.mkdir()
    (work / "index.txt").write_text("")
    (work / "serial").write_text("01\n")
    (work / "ca.cnf").write_text(
        "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\n"
        "serial = serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n"
    )
    key, cert = folder / f"{name}.key", folder / f"{name}.pem"
    request = ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}"]
    request += ["-keyout", str(key), "-out", "request.csr"]
    sign = ["ca", "-config", "ca.cnf", "-selfsign", "-keyfile", str(key), "-batch", "-notext"]
    sign += ["-in", "request.csr", "-out", str(cert)]
    sign += ["-startdate", "20200101000000Z", "-enddate", "20200102000000Z"]
    for arguments in (request, sign):
        subprocess.run([openssl, *arguments], check=True, capture_output=True, timeout=60, cwd=work)
    return key, cert
