"""How tools on the appliance itself find the running API: its URL, the local admin token, and
which certificate to trust when it speaks HTTPS.

The API's lifespan writes ``run/local-admin.token`` (mode 0600) into the data directory, and
``scanside serve`` writes ``run/service.json`` (:mod:`appliance.runinfo`) with its HTTP address;
``scanside tui``, ``scanside token``, ``scanside status`` and ``scanside export`` read them. With
``[http.tls]`` the API is reached over HTTPS on loopback, trusting the API's own certificate
file (:func:`trust`). No web framework here, so the command-line tools can import it cheaply.
"""

from __future__ import annotations

import ssl
from pathlib import Path

from appliance.config import HttpConfig
from appliance.layout import DataLayout
from appliance.runinfo import TOKEN_FILE, admin_token, read_running

__all__ = [
    "api_trust",
    "api_url",
    "local_admin_token_path",
    "read_local_admin_token",
    "running_api_trust",
    "running_api_url",
    "trust",
    "url_for",
]


def local_admin_token_path(layout: DataLayout) -> Path:
    """Where the running API leaves its admin token for local command-line tools."""
    return layout.run / TOKEN_FILE


def api_url(http: HttpConfig) -> str:
    """The URL a local client reaches the API at (loopback when bound to every address)."""
    return url_for(http.bind_address, http.port, http.scheme)


def api_trust(http: HttpConfig) -> ssl.SSLContext | bool:
    """What a local client trusts to reach the API of ``http`` (see :func:`trust`)."""
    return trust(http.tls.certificate if http.tls.enabled else "")


def url_for(host: str, port: int, scheme: str = "http") -> str:
    if host in ("0.0.0.0", "::"):  # noqa: S104 - reading the bind, not binding
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}"


def trust(certificate: str) -> ssl.SSLContext | bool:
    """The ``verify`` of an httpx client for the local API: with the API's own certificate
    file, a context that trusts that file alone (its certificates as anchors, so a
    self-signed one or a CA-issued one both verify) and skips the host name, which the
    certificate gives for the network while local tools connect to loopback; without one,
    ``True`` (the system's CAs)."""
    if not certificate:
        return True
    context = ssl.create_default_context(cafile=certificate)
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    context.check_hostname = False
    return context


def running_api_url(layout: DataLayout) -> str | None:
    """The URL of the appliance running on this data directory (``run/service.json``), or None."""
    info = read_running(layout)
    if info is None:
        return None
    return url_for(info.http_host, info.http_port, info.http_scheme)


def running_api_trust(layout: DataLayout) -> ssl.SSLContext | bool | None:
    """What to trust to reach the appliance running here (:func:`trust`), or None."""
    info = read_running(layout)
    return trust(info.http_certificate) if info is not None else None


def read_local_admin_token(layout: DataLayout) -> str | None:
    """The running API's admin token, or None when the API is not running here."""
    return admin_token(layout)
