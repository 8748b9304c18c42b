"""How tools on the appliance itself find the running API: its URL and the local admin token.

The API's lifespan writes ``run/api.url`` and ``run/local-admin.token`` (mode 0600) into the
data directory; ``scanside tui``, ``scanside token`` and ``scanside status`` read them. No web
framework here, so the command-line tools can import it cheaply.
"""

from __future__ import annotations

from pathlib import Path

from appliance.config import HttpConfig
from appliance.layout import DataLayout

__all__ = ["api_url", "api_url_path", "local_admin_token_path", "read_local_admin_token"]


def local_admin_token_path(layout: DataLayout) -> Path:
    """Where the running API leaves its admin token for local command-line tools."""
    return layout.run / "local-admin.token"


def api_url_path(layout: DataLayout) -> Path:
    """Where the running API writes the URL local tools reach it at."""
    return layout.run / "api.url"


def api_url(http: HttpConfig) -> str:
    """The URL a local client reaches the API at (loopback when bound to every address)."""
    host = http.bind_address
    if host in ("0.0.0.0", "::"):  # noqa: S104 - reading the bind, not binding
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{http.port}"


def read_local_admin_token(layout: DataLayout) -> str | None:
    """The running API's admin token, or None when the API is not running here."""
    path = local_admin_token_path(layout)
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        return None
