"""How tools on the appliance itself find the running API: its URL and the local admin token.

The API's lifespan writes ``run/local-admin.token`` (mode 0600) into the data directory, and
``scanside serve`` writes ``run/service.json`` (:mod:`appliance.runinfo`) with its HTTP address;
``scanside tui``, ``scanside token`` and ``scanside status`` read them. No web framework here,
so the command-line tools can import it cheaply.
"""

from __future__ import annotations

from pathlib import Path

from appliance.config import HttpConfig
from appliance.layout import DataLayout
from appliance.runinfo import TOKEN_FILE, admin_token, read_running

__all__ = [
    "api_url",
    "local_admin_token_path",
    "read_local_admin_token",
    "running_api_url",
    "url_for",
]


def local_admin_token_path(layout: DataLayout) -> Path:
    """Where the running API leaves its admin token for local command-line tools."""
    return layout.run / TOKEN_FILE


def api_url(http: HttpConfig) -> str:
    """The URL a local client reaches the API at (loopback when bound to every address)."""
    return url_for(http.bind_address, http.port)


def url_for(host: str, port: int) -> str:
    if host in ("0.0.0.0", "::"):  # noqa: S104 - reading the bind, not binding
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def running_api_url(layout: DataLayout) -> str | None:
    """The URL of the appliance running on this data directory (``run/service.json``), or None."""
    info = read_running(layout)
    return url_for(info.http_host, info.http_port) if info is not None else None


def read_local_admin_token(layout: DataLayout) -> str | None:
    """The running API's admin token, or None when the API is not running here."""
    return admin_token(layout)
